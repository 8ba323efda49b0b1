//! Manage links of registrations: every mail that lets a participant change
//! or cancel their registration (confirmation, promotion, decision, reminder,
//! change notice) carries a secret of its own; only hashes are stored, and
//! any of them opens the registration.

use sea_orm_migration::{prelude::*, schema::*};

/// Creates `registration_links`.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_200000_create_registration_links"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(RegistrationLinks::Table)
                .col(pk_uuid(RegistrationLinks::Id))
                .col(uuid(RegistrationLinks::RegistrationId))
                .col(string_len(RegistrationLinks::TokenHash, 64))
                .col(timestamp_with_time_zone(RegistrationLinks::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from_tbl(RegistrationLinks::Table)
                        .from_col(RegistrationLinks::RegistrationId)
                        .to_tbl(Registrations::Table)
                        .to_col(Registrations::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_registration_links_hash")
                .table(RegistrationLinks::Table)
                .col(RegistrationLinks::TokenHash)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_registration_links_registration")
                .table(RegistrationLinks::Table)
                .col(RegistrationLinks::RegistrationId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(RegistrationLinks::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Registrations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum RegistrationLinks {
    Table,
    Id,
    RegistrationId,
    TokenHash,
    CreatedAt,
}
