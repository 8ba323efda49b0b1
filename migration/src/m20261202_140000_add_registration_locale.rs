//! Keeps the language a registration was made in (the page's language, or
//! what the GraphQL `register` was told), so every mail about it goes out in
//! that language: a guest has no profile to keep a preference in. Null when
//! none was given; mail then follows the person's preference, else the
//! network's default.

use sea_orm_migration::{prelude::*, schema::*};

/// Adds `registrations.locale`.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_140000_add_registration_locale"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Registrations::Table)
                .add_column(string_len_null(Registrations::Locale, 10))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Registrations::Table)
                .drop_column(Registrations::Locale)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Registrations {
    Table,
    Locale,
}
