//! The mail outbox: one row per message to one recipient, written in the same
//! transaction as the action that causes it, and claimed by mail workers.
//!
//! Why a new table rather than `deliveries`: `deliveries` is a reminder ×
//! recipient record (its `reminder_id` and `event_id` are required and its
//! unique key is per reminder), while the outbox carries every kind of mail,
//! including sign-in links that belong to no event. A reminder's mails are
//! outbox rows with `reminder_id` set, so its report reads them from here.
//!
//! The `Message-ID` is derived from the row's id, so every attempt of a mail
//! carries the same one and a receiver can tell a retry from a new mail.
//!
//! Claiming: a worker sets `claimed_by` and `claimed_until` (a lease) on due
//! `PENDING` rows in one statement; a row whose lease has run out is due again,
//! so a worker that dies between claim and send loses nothing.

use sea_orm_migration::{prelude::*, schema::*};

/// Creates the `outbox` table.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_140000_create_outbox"
    }
}

fn fk_set_null(from_col: Outbox, to_table: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from_tbl(Outbox::Table)
        .from_col(from_col)
        .to_tbl(to_table)
        .to_col(Alias::new("id"))
        .on_delete(ForeignKeyAction::SetNull)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Outbox::Table)
                .col(pk_uuid(Outbox::Id))
                .col(string_len(Outbox::Kind, 32))
                .col(string_len(Outbox::Status, 16))
                .col(string_len(Outbox::RecipientEmail, 254))
                .col(string_len_null(Outbox::RecipientName, 200))
                .col(string_len(Outbox::Locale, 8))
                .col(uuid_null(Outbox::PersonId))
                .col(uuid_null(Outbox::NetworkId))
                .col(uuid_null(Outbox::EventId))
                .col(uuid_null(Outbox::RegistrationId))
                .col(uuid_null(Outbox::ReminderId))
                .col(string_len_null(Outbox::DedupeKey, 200))
                .col(string_len_null(Outbox::FromName, 200))
                .col(string_len_null(Outbox::ReplyTo, 254))
                .col(text(Outbox::Subject))
                .col(text(Outbox::BodyText))
                .col(text(Outbox::BodyHtml))
                .col(text_null(Outbox::Ics))
                .col(text_null(Outbox::ListUnsubscribe))
                .col(boolean(Outbox::Sensitive).default(false))
                .col(integer(Outbox::Attempts).default(0))
                .col(text_null(Outbox::LastError))
                .col(timestamp_with_time_zone(Outbox::NextAttemptAt))
                .col(timestamp_with_time_zone_null(Outbox::NotAfter))
                .col(string_len_null(Outbox::ClaimedBy, 64))
                .col(timestamp_with_time_zone_null(Outbox::ClaimedUntil))
                .col(timestamp_with_time_zone_null(Outbox::SentAt))
                .col(timestamp_with_time_zone(Outbox::CreatedAt))
                .col(timestamp_with_time_zone(Outbox::UpdatedAt))
                .foreign_key(&mut fk_set_null(Outbox::PersonId, Alias::new("people")))
                .foreign_key(&mut fk_set_null(Outbox::NetworkId, Alias::new("networks")))
                .foreign_key(&mut fk_set_null(Outbox::EventId, Alias::new("events")))
                .foreign_key(&mut fk_set_null(
                    Outbox::RegistrationId,
                    Alias::new("registrations"),
                ))
                .foreign_key(&mut fk_set_null(
                    Outbox::ReminderId,
                    Alias::new("reminders"),
                ))
                .to_owned(),
        )
        .await?;
        // The workers' query: due pending rows, oldest first.
        m.create_index(
            Index::create()
                .name("ix_outbox_status_next")
                .table(Outbox::Table)
                .col(Outbox::Status)
                .col(Outbox::NextAttemptAt)
                .to_owned(),
        )
        .await?;
        // An action that may run twice (a reminder firing, a promotion) enqueues
        // with a key; the second insert is a no-op. NULLs do not collide.
        m.create_index(
            Index::create()
                .name("ux_outbox_dedupe_key")
                .table(Outbox::Table)
                .col(Outbox::DedupeKey)
                .unique()
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("ix_outbox_reminder", Outbox::ReminderId),
            ("ix_outbox_registration", Outbox::RegistrationId),
            ("ix_outbox_person", Outbox::PersonId),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(Outbox::Table)
                    .col(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Outbox::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Outbox {
    Table,
    Id,
    Kind,
    Status,
    RecipientEmail,
    RecipientName,
    Locale,
    PersonId,
    NetworkId,
    EventId,
    RegistrationId,
    ReminderId,
    DedupeKey,
    FromName,
    ReplyTo,
    Subject,
    BodyText,
    BodyHtml,
    Ics,
    ListUnsubscribe,
    Sensitive,
    Attempts,
    LastError,
    NextAttemptAt,
    NotAfter,
    ClaimedBy,
    ClaimedUntil,
    SentAt,
    CreatedAt,
    UpdatedAt,
}
