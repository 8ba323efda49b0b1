//! Webhooks (issue 18): endpoints registered per network, and the
//! deliveries to them, written in the transaction that causes them and
//! claimed by the same job runner as the mail outbox (a lease in
//! `claimed_by`/`claimed_until`, so a worker that dies loses nothing).
//!
//! A delivery row is one message to one endpoint; its `message_id` is the
//! `webhook-id` a receiver deduplicates on, so a manual redelivery is a new
//! row with the same message id. The row keeps its last attempt's response
//! status and duration: the deliveries of an endpoint are its log.

use sea_orm_migration::{prelude::*, schema::*};

/// Creates `webhook_endpoints` and `webhook_deliveries`.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261204_090000_create_webhooks"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Endpoints::Table)
                .col(pk_uuid(Endpoints::Id))
                .col(uuid(Endpoints::NetworkId))
                .col(text(Endpoints::Url))
                .col(text(Endpoints::Description))
                .col(text(Endpoints::EventTypes))
                .col(boolean(Endpoints::Enabled).default(true))
                .col(text(Endpoints::Secret))
                .col(text_null(Endpoints::PreviousSecret))
                .col(timestamp_with_time_zone_null(
                    Endpoints::PreviousSecretUntil,
                ))
                .col(integer(Endpoints::ConsecutiveFailures).default(0))
                .col(text_null(Endpoints::DisabledReason))
                .col(timestamp_with_time_zone(Endpoints::CreatedAt))
                .col(timestamp_with_time_zone(Endpoints::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from_tbl(Endpoints::Table)
                        .from_col(Endpoints::NetworkId)
                        .to_tbl(Alias::new("networks"))
                        .to_col(Alias::new("id"))
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_webhook_endpoints_network")
                .table(Endpoints::Table)
                .col(Endpoints::NetworkId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Deliveries::Table)
                .col(pk_uuid(Deliveries::Id))
                .col(uuid(Deliveries::EndpointId))
                .col(string_len(Deliveries::MessageId, 64))
                .col(string_len(Deliveries::EventType, 64))
                .col(text(Deliveries::Payload))
                .col(string_len(Deliveries::Status, 16))
                .col(integer(Deliveries::Attempts).default(0))
                .col(integer_null(Deliveries::ResponseStatus))
                .col(integer_null(Deliveries::DurationMs))
                .col(text_null(Deliveries::LastError))
                .col(timestamp_with_time_zone(Deliveries::NextAttemptAt))
                .col(string_len_null(Deliveries::ClaimedBy, 64))
                .col(timestamp_with_time_zone_null(Deliveries::ClaimedUntil))
                .col(timestamp_with_time_zone_null(Deliveries::DeliveredAt))
                .col(timestamp_with_time_zone(Deliveries::CreatedAt))
                .col(timestamp_with_time_zone(Deliveries::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from_tbl(Deliveries::Table)
                        .from_col(Deliveries::EndpointId)
                        .to_tbl(Endpoints::Table)
                        .to_col(Endpoints::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // The workers' query: due pending rows, oldest first.
        m.create_index(
            Index::create()
                .name("ix_webhook_deliveries_status_next")
                .table(Deliveries::Table)
                .col(Deliveries::Status)
                .col(Deliveries::NextAttemptAt)
                .to_owned(),
        )
        .await?;
        // An endpoint's log, newest first.
        m.create_index(
            Index::create()
                .name("ix_webhook_deliveries_endpoint")
                .table(Deliveries::Table)
                .col(Deliveries::EndpointId)
                .col(Deliveries::CreatedAt)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Deliveries::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Endpoints::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Endpoints {
    #[sea_orm(iden = "webhook_endpoints")]
    Table,
    Id,
    NetworkId,
    Url,
    Description,
    EventTypes,
    Enabled,
    Secret,
    PreviousSecret,
    PreviousSecretUntil,
    ConsecutiveFailures,
    DisabledReason,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Deliveries {
    #[sea_orm(iden = "webhook_deliveries")]
    Table,
    Id,
    EndpointId,
    MessageId,
    EventType,
    Payload,
    Status,
    Attempts,
    ResponseStatus,
    DurationMs,
    LastError,
    NextAttemptAt,
    ClaimedBy,
    ClaimedUntil,
    DeliveredAt,
    CreatedAt,
    UpdatedAt,
}
