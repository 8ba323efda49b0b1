//! The audit log: who changed what and when on a network's events, their
//! programme, questions and reminders, and the network's roles, contacts
//! and members (a registration's changes, check-ins among them, are in
//! `registration_history`). Written in the same transaction as the change it records
//! (`service::tx::Tx::audit`), read by the organisers of the network only.
//! A person is named by id and looked up when read, so an erased person's
//! name does not outlive them here.

use sea_orm_migration::{prelude::*, schema::*};

/// Creates `audit_log`.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_090000_create_audit_log"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(pk_uuid(AuditLog::Id))
                .col(uuid(AuditLog::NetworkId))
                .col(uuid_null(AuditLog::EventId))
                .col(uuid_null(AuditLog::ActorPersonId))
                .col(string_len(AuditLog::Action, 40))
                .col(uuid_null(AuditLog::SubjectId))
                .col(text_null(AuditLog::Subject))
                .col(text_null(AuditLog::Detail))
                .col(timestamp_with_time_zone(AuditLog::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from_tbl(AuditLog::Table)
                        .from_col(AuditLog::NetworkId)
                        .to_tbl(Networks::Table)
                        .to_col(Networks::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from_tbl(AuditLog::Table)
                        .from_col(AuditLog::EventId)
                        .to_tbl(Events::Table)
                        .to_col(Events::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_audit_log_event")
                .table(AuditLog::Table)
                .col(AuditLog::EventId)
                .col(AuditLog::CreatedAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_audit_log_network")
                .table(AuditLog::Table)
                .col(AuditLog::NetworkId)
                .col(AuditLog::CreatedAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AuditLog::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    NetworkId,
    EventId,
    ActorPersonId,
    Action,
    SubjectId,
    Subject,
    Detail,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Networks {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
}
