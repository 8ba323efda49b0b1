//! A covering index for event lists.
//!
//! Event lists are ordered by `(starts_at, id)` and keep the events that end
//! after a date, have a status and may be members-only. With only
//! `(network_id, starts_at, id)`, every past event of the network was read
//! from the table just to be dropped by the filter, so a network's page cost
//! grew with its history. This index carries the filtered columns: the page's
//! ids are chosen by an index-only scan (`pagination::paginate_ids_first`),
//! and only the page's rows are read. PostgreSQL only (`INCLUDE`); SQLite
//! reads its own pages in-process and keeps the plain index.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const NAME: &str = "ix_events_network_starts_covering";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
            return Ok(());
        }
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "CREATE INDEX IF NOT EXISTS {NAME} ON events (network_id, starts_at, id) \
                 INCLUDE (ends_at, status, members_only, cancelled_at)"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
            return Ok(());
        }
        manager
            .get_connection()
            .execute_unprepared(&format!("DROP INDEX IF EXISTS {NAME}"))
            .await?;
        Ok(())
    }
}
