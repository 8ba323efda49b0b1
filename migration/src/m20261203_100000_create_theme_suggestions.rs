//! Theme suggestions (Helsingborg's open development group: "Skicka gärna in
//! förslag på teman", and the group reports back what happened to each):
//! `networks.suggestions_open` switches them on per network;
//! `theme_suggestions` holds each suggestion with who sent it (a person, or
//! a guest's name and address — read by the network's organisers only), its
//! state and what it led to; `theme_suggestion_updates` is its public
//! history, one row per change with the organisers' follow-up text;
//! `theme_suggestion_links` the suggester's follow links (one per mail,
//! stored as SHA-256 hashes), which show it and let them withdraw it.

use sea_orm_migration::{prelude::*, schema::*};

/// Creates the suggestions' tables and the networks' switch.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_100000_create_theme_suggestions"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Networks::Table)
                .add_column(boolean(Networks::SuggestionsOpen).default(false))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ThemeSuggestions::Table)
                .col(pk_uuid(ThemeSuggestions::Id))
                .col(uuid(ThemeSuggestions::NetworkId))
                .col(string_len(ThemeSuggestions::Title, 200))
                .col(text(ThemeSuggestions::Description))
                .col(string_len(ThemeSuggestions::Status, 16))
                .col(boolean(ThemeSuggestions::Published).default(false))
                .col(uuid_null(ThemeSuggestions::PersonId))
                .col(string_len_null(ThemeSuggestions::GuestName, 200))
                .col(string_len_null(ThemeSuggestions::GuestEmail, 320))
                .col(string_len_null(ThemeSuggestions::Locale, 10))
                .col(uuid_null(ThemeSuggestions::EventId))
                .col(text_null(ThemeSuggestions::ForwardedTo))
                .col(text_null(ThemeSuggestions::WorkingGroup))
                .col(timestamp_with_time_zone(ThemeSuggestions::CreatedAt))
                .col(timestamp_with_time_zone(ThemeSuggestions::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from_tbl(ThemeSuggestions::Table)
                        .from_col(ThemeSuggestions::NetworkId)
                        .to_tbl(Networks::Table)
                        .to_col(Networks::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from_tbl(ThemeSuggestions::Table)
                        .from_col(ThemeSuggestions::PersonId)
                        .to_tbl(People::Table)
                        .to_col(People::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from_tbl(ThemeSuggestions::Table)
                        .from_col(ThemeSuggestions::EventId)
                        .to_tbl(Events::Table)
                        .to_col(Events::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_theme_suggestions_network")
                .table(ThemeSuggestions::Table)
                .col(ThemeSuggestions::NetworkId)
                .col(ThemeSuggestions::CreatedAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ThemeSuggestionLinks::Table)
                .col(string_len(ThemeSuggestionLinks::TokenHash, 64).primary_key())
                .col(uuid(ThemeSuggestionLinks::SuggestionId))
                .col(timestamp_with_time_zone(ThemeSuggestionLinks::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from_tbl(ThemeSuggestionLinks::Table)
                        .from_col(ThemeSuggestionLinks::SuggestionId)
                        .to_tbl(ThemeSuggestions::Table)
                        .to_col(ThemeSuggestions::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ThemeSuggestionUpdates::Table)
                .col(pk_uuid(ThemeSuggestionUpdates::Id))
                .col(uuid(ThemeSuggestionUpdates::SuggestionId))
                .col(string_len(ThemeSuggestionUpdates::Status, 16))
                .col(text_null(ThemeSuggestionUpdates::FollowUp))
                .col(uuid_null(ThemeSuggestionUpdates::ActorPersonId))
                .col(timestamp_with_time_zone(ThemeSuggestionUpdates::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from_tbl(ThemeSuggestionUpdates::Table)
                        .from_col(ThemeSuggestionUpdates::SuggestionId)
                        .to_tbl(ThemeSuggestions::Table)
                        .to_col(ThemeSuggestions::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_theme_suggestion_updates_suggestion")
                .table(ThemeSuggestionUpdates::Table)
                .col(ThemeSuggestionUpdates::SuggestionId)
                .col(ThemeSuggestionUpdates::CreatedAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(
            Table::drop()
                .table(ThemeSuggestionUpdates::Table)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(ThemeSuggestionLinks::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(ThemeSuggestions::Table).to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(Networks::Table)
                .drop_column(Networks::SuggestionsOpen)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Networks {
    Table,
    Id,
    SuggestionsOpen,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ThemeSuggestions {
    Table,
    Id,
    NetworkId,
    Title,
    Description,
    Status,
    Published,
    PersonId,
    GuestName,
    GuestEmail,
    Locale,
    EventId,
    ForwardedTo,
    WorkingGroup,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ThemeSuggestionUpdates {
    Table,
    Id,
    SuggestionId,
    Status,
    FollowUp,
    ActorPersonId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ThemeSuggestionLinks {
    Table,
    TokenHash,
    SuggestionId,
    CreatedAt,
}
