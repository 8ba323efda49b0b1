//! `read_version`: one row whose `version` every write unit that can change
//! what anonymous readers see raises in its own transaction. A server
//! process keeps public GraphQL answers under the version it read before
//! answering (`api::graphql::read_cache`), so a committed change is seen by
//! the next read on every process: each read asks for the version first.

use sea_orm_migration::{prelude::*, schema::*};

/// Creates the table and its one row (version 0).
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261204_120000_create_read_version"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ReadVersion::Table)
                .col(integer(ReadVersion::Id).primary_key())
                .col(big_integer(ReadVersion::Version).default(0))
                .to_owned(),
        )
        .await?;
        m.exec_stmt(
            Query::insert()
                .into_table(ReadVersion::Table)
                .columns([ReadVersion::Id, ReadVersion::Version])
                .values_panic([1.into(), 0i64.into()])
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ReadVersion::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ReadVersion {
    Table,
    Id,
    Version,
}
