//! Event texts in more than one language (Swedish, Norwegian Bokmål,
//! English): `events.locale` is the language an event's own texts are
//! written in (its network's default language for the events that exist,
//! and for new ones unless the organiser says otherwise); `translations`
//! holds the other languages' versions, one row per text and language.
//!
//! A row names its owner as a kind and an id (`event`, later agenda items,
//! questions and reminders) and the field it translates, so every text an
//! organiser writes can use the one table; `event_id` is the event the owner
//! belongs to, so an event's translations load in one query and go with it.

use sea_orm_migration::{prelude::*, schema::*};

/// Adds `events.locale` and creates `translations`.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_120000_create_translations"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Events::Table)
                .add_column(string_len(Events::Locale, 10).default("sv"))
                .to_owned(),
        )
        .await?;
        // The texts of the events that exist were written in their
        // network's language.
        m.get_connection()
            .execute_unprepared(
                "UPDATE events SET locale = COALESCE((SELECT networks.default_locale \
                 FROM networks WHERE networks.id = events.network_id), 'sv')",
            )
            .await?;
        m.create_table(
            Table::create()
                .table(Translations::Table)
                .col(pk_uuid(Translations::Id))
                .col(uuid(Translations::EventId))
                .col(string_len(Translations::OwnerKind, 32))
                .col(uuid(Translations::OwnerId))
                .col(string_len(Translations::Field, 48))
                .col(string_len(Translations::Locale, 10))
                .col(text(Translations::Text))
                .col(timestamp_with_time_zone(Translations::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from_tbl(Translations::Table)
                        .from_col(Translations::EventId)
                        .to_tbl(Events::Table)
                        .to_col(Events::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_translations_owner_field_locale")
                .table(Translations::Table)
                .col(Translations::OwnerKind)
                .col(Translations::OwnerId)
                .col(Translations::Field)
                .col(Translations::Locale)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_translations_event")
                .table(Translations::Table)
                .col(Translations::EventId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Translations::Table).to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(Events::Table)
                .drop_column(Events::Locale)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
    Locale,
}

#[derive(DeriveIden)]
enum Translations {
    Table,
    Id,
    EventId,
    OwnerKind,
    OwnerId,
    Field,
    Locale,
    Text,
    UpdatedAt,
}
