//! Drops the `deliveries` table of the first migration. It was never written:
//! every mail is an `outbox` row (`reminder_id` set for a reminder's), which
//! the reminder reports, the data export and the erasure read. A table that
//! could hold people's addresses and is read by nothing should not exist.
//!
//! `down` creates it again as the first migration did (empty).

use sea_orm_migration::{prelude::*, schema::*};

/// Drops the unused `deliveries` table.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_120000_drop_deliveries"
    }
}

fn fk(
    from_col: Deliveries,
    to_table: &str,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from_tbl(Deliveries::Table)
        .from_col(from_col)
        .to_tbl(Alias::new(to_table))
        .to_col(Alias::new("id"))
        .on_delete(on_delete)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Its indexes go with it (on SQLite and PostgreSQL alike).
        m.drop_table(
            Table::drop()
                .table(Deliveries::Table)
                .if_exists()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, SetNull};
        m.create_table(
            Table::create()
                .table(Deliveries::Table)
                .col(pk_uuid(Deliveries::Id))
                .col(uuid(Deliveries::ReminderId))
                .col(uuid(Deliveries::EventId))
                .col(uuid_null(Deliveries::RegistrationId))
                .col(uuid_null(Deliveries::PersonId))
                .col(string_len(Deliveries::Email, 254))
                .col(string_len(Deliveries::Status, 16))
                .col(integer(Deliveries::Attempts).default(0))
                .col(text_null(Deliveries::LastError))
                .col(timestamp_with_time_zone_null(Deliveries::NextAttemptAt))
                .col(timestamp_with_time_zone_null(Deliveries::SentAt))
                .col(timestamp_with_time_zone(Deliveries::CreatedAt))
                .col(timestamp_with_time_zone(Deliveries::UpdatedAt))
                .foreign_key(&mut fk(Deliveries::ReminderId, "reminders", Cascade))
                .foreign_key(&mut fk(Deliveries::EventId, "events", Cascade))
                .foreign_key(&mut fk(
                    Deliveries::RegistrationId,
                    "registrations",
                    SetNull,
                ))
                .foreign_key(&mut fk(Deliveries::PersonId, "people", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_deliveries_reminder_event_email")
                .table(Deliveries::Table)
                .col(Deliveries::ReminderId)
                .col(Deliveries::EventId)
                .col(Deliveries::Email)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_deliveries_status_next")
                .table(Deliveries::Table)
                .col(Deliveries::Status)
                .col(Deliveries::NextAttemptAt)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Deliveries {
    Table,
    Id,
    ReminderId,
    EventId,
    RegistrationId,
    PersonId,
    Email,
    Status,
    Attempts,
    LastError,
    NextAttemptAt,
    SentAt,
    CreatedAt,
    UpdatedAt,
}
