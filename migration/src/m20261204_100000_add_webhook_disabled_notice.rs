//! `webhook_endpoints.disabled_notice_pending`: set by the webhook worker
//! when it disables an endpoint after failures in a row, cleared in the
//! unit that queues the mail to the network's organisers, so they hear of
//! each disabling once. False for the endpoints that exist.

use sea_orm_migration::{prelude::*, schema::*};

/// Adds the column above.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261204_100000_add_webhook_disabled_notice"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(WebhookEndpoints::Table)
                .add_column(boolean(WebhookEndpoints::DisabledNoticePending).default(false))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(WebhookEndpoints::Table)
                .drop_column(WebhookEndpoints::DisabledNoticePending)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum WebhookEndpoints {
    Table,
    DisabledNoticePending,
}
