//! A network's webhook endpoint: where its events are posted, signed.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// A network's webhook endpoint.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_endpoints")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub network_id: Uuid,
    /// Where deliveries are posted (`https://…`).
    pub url: String,
    pub description: String,
    /// The event types it wants (`event.published` …), space-separated.
    pub event_types: String,
    pub enabled: bool,
    /// The signing secret, `whsec_<base64>`.
    pub secret: String,
    /// The secret before the last rotation, still signing until
    /// `previous_secret_until`.
    pub previous_secret: Option<String>,
    pub previous_secret_until: Option<DateTime<Utc>>,
    /// Deliveries that failed for good in a row (reset by a success).
    pub consecutive_failures: i32,
    /// Why the endpoint was disabled by the server, if it was.
    pub disabled_reason: Option<String>,
    /// Set when the server disabled it; cleared in the unit that queues
    /// the mail to the network's organisers (so they hear once).
    pub disabled_notice_pending: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Relations are followed through explicit queries.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
