//! One webhook message to one endpoint, waiting for (or done with) a worker.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

use crate::enums::*;

/// One webhook message to one endpoint.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_deliveries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub endpoint_id: Uuid,
    /// The `webhook-id` header: the same for a redelivery of the message.
    pub message_id: String,
    /// `event.published` …
    pub event_type: String,
    /// The JSON body, exactly as signed and sent.
    pub payload: String,
    pub status: OutboxStatus,
    pub attempts: i32,
    /// The HTTP status of the last attempt's response, if one came.
    pub response_status: Option<i32>,
    /// How long the last attempt took, in milliseconds.
    pub duration_ms: Option<i32>,
    pub last_error: Option<String>,
    /// Due at: the first attempt, or the next retry.
    pub next_attempt_at: DateTime<Utc>,
    /// The worker holding the row, while its lease holds.
    pub claimed_by: Option<String>,
    pub claimed_until: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Relations are followed through explicit queries.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
