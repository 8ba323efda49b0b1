//! Creates `heartbeat`: one row that `/readyz` writes, so readiness means
//! "takes writes", not only "answers a SELECT" (a SQLite file that became
//! read-only, a PostgreSQL standby after a failover still answer reads).
//!
//! `down` drops it.

use sea_orm_migration::{prelude::*, schema::*};

/// Creates the `heartbeat` table.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_130000_create_heartbeat"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Heartbeat::Table)
                .if_not_exists()
                .col(integer(Heartbeat::Id).primary_key())
                .col(timestamp_with_time_zone(Heartbeat::BeatAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Heartbeat::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Heartbeat {
    Table,
    Id,
    BeatAt,
}
