//! Reminders that go out: one run per reminder and event (a series reminder
//! runs once per occurrence), claimed by inserting it, so two job runners
//! never fan out the same reminder twice; and per registration a token for
//! one-click unsubscribe from reminders.
//!
//! The `deliveries` table of the first migration stays unused: the outbox
//! rows (with `reminder_id` and `registration_id`) are the deliveries.

use sea_orm_migration::{prelude::*, schema::*};

/// Adds `reminder_runs` and the registration's reminder opt-out.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_180000_create_reminder_runs"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ReminderRuns::Table)
                .col(uuid(ReminderRuns::ReminderId))
                .col(uuid(ReminderRuns::EventId))
                .col(integer(ReminderRuns::Recipients))
                .col(timestamp_with_time_zone(ReminderRuns::CreatedAt))
                .primary_key(
                    Index::create()
                        .col(ReminderRuns::ReminderId)
                        .col(ReminderRuns::EventId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from_tbl(ReminderRuns::Table)
                        .from_col(ReminderRuns::ReminderId)
                        .to_tbl(Reminders::Table)
                        .to_col(Reminders::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from_tbl(ReminderRuns::Table)
                        .from_col(ReminderRuns::EventId)
                        .to_tbl(Events::Table)
                        .to_col(Events::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Registrations::Table)
                .add_column(string_len_null(Registrations::ReminderToken, 64))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Registrations::Table)
                .add_column(timestamp_with_time_zone_null(Registrations::RemindersOffAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_registrations_reminder_token")
                .table(Registrations::Table)
                .col(Registrations::ReminderToken)
                .unique()
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ux_registrations_reminder_token")
                .table(Registrations::Table)
                .to_owned(),
        )
        .await?;
        for column in [Registrations::RemindersOffAt, Registrations::ReminderToken] {
            m.alter_table(
                Table::alter()
                    .table(Registrations::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        m.drop_table(Table::drop().table(ReminderRuns::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ReminderRuns {
    Table,
    ReminderId,
    EventId,
    Recipients,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Reminders {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Registrations {
    Table,
    ReminderToken,
    RemindersOffAt,
}
