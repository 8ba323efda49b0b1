//! Translations of texts that do not belong to one event, kept with the
//! text itself as a JSON object by language:
//!
//! - `reminders.translations`: the organiser's own subject and body in
//!   other languages than the reminder's own (`{"nb": {"subject": …,
//!   "body": …}}`); a series reminder has no event, so these cannot live in
//!   the event-owned `translations` table.
//! - `theme_suggestion_updates.translations`: a follow-up text in other
//!   languages (`{"en": "Taken up in March"}`); suggestions belong to a
//!   network, not an event.
//!
//! Null (the existing rows): no translations.

use sea_orm_migration::{prelude::*, schema::*};

/// Adds the two columns above.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_140000_add_text_translations"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Reminders::Table)
                .add_column(json_null(Reminders::Translations))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(ThemeSuggestionUpdates::Table)
                .add_column(json_null(ThemeSuggestionUpdates::Translations))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(ThemeSuggestionUpdates::Table)
                .drop_column(ThemeSuggestionUpdates::Translations)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Reminders::Table)
                .drop_column(Reminders::Translations)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Reminders {
    Table,
    Translations,
}

#[derive(DeriveIden)]
enum ThemeSuggestionUpdates {
    Table,
    Translations,
}
