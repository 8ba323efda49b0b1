//! Webhook endpoints and their deliveries (issue 18): for the organisers
//! of the endpoint's network (and admins).

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};
use entities::{webhook_delivery, webhook_endpoint};

use super::{ConnectionFields, Network, WebhookDeliveryConnection, loaders, service_cx};
use crate::graphql::enums::{WebhookDeliveryStatus, WebhookEventType};
use crate::graphql::ids::GlobalId;
use crate::ids::{NetworkId, WebhookDeliveryId, WebhookEndpointId};
use crate::pagination::PageRequest;
use crate::service::webhooks;
use crate::webhooks::{EventType, parse_types};

/// Where a network's events are posted, signed per the Standard Webhooks
/// specification. Its signing secret is shown once, by
/// `createWebhookEndpoint` and `rotateWebhookSecret`.
#[derive(Clone)]
pub struct WebhookEndpoint(pub webhook_endpoint::Model);

/// Where a network's events are posted, signed per the Standard Webhooks
/// specification (`webhook-id`, `webhook-timestamp`, `webhook-signature`).
/// For the organisers of its network (and admins). Its signing secret is
/// shown once, by `createWebhookEndpoint` and `rotateWebhookSecret`.
#[Object]
impl WebhookEndpoint {
    /// Global id.
    pub async fn id(&self) -> ID {
        WebhookEndpointId(self.0.id).to_global()
    }

    /// The network whose events it hears of.
    async fn network(&self, ctx: &Context<'_>) -> async_graphql::Result<Network> {
        loaders(ctx)?
            .load_one(NetworkId(self.0.network_id))
            .await?
            .map(Network)
            .ok_or_else(|| crate::service::Error::NotFound("network").into())
    }

    /// Where deliveries are posted.
    async fn url(&self) -> &str {
        &self.0.url
    }

    /// What it is, in the organisers' words.
    async fn description(&self) -> &str {
        &self.0.description
    }

    /// The event types it gets.
    async fn event_types(&self) -> Vec<WebhookEventType> {
        parse_types(&self.0.event_types)
            .into_iter()
            .map(WebhookEventType::from)
            .collect()
    }

    /// Whether it gets deliveries.
    async fn enabled(&self) -> bool {
        self.0.enabled
    }

    /// Why the server disabled it (after failed attempts in a row); null
    /// when it did not.
    async fn disabled_reason(&self) -> Option<&str> {
        self.0.disabled_reason.as_deref()
    }

    /// Failed attempts in a row (a delivered one resets it).
    async fn consecutive_failures(&self) -> i32 {
        self.0.consecutive_failures
    }

    /// Until when the secret before the last rotation still signs beside
    /// the new one; null when only the current secret signs.
    async fn previous_secret_expires_at(&self) -> Option<DateTime<Utc>> {
        self.0
            .previous_secret
            .as_ref()
            .and(self.0.previous_secret_until)
    }

    /// When it was registered.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// When it last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }

    /// Its deliveries, oldest first (use `last` for the newest): the log of
    /// what was sent, with each one's last response.
    async fn deliveries(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Number of items from the start (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor to start after.")] after: Option<String>,
        #[graphql(desc = "Number of items from the end (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor to end before.")] before: Option<String>,
    ) -> async_graphql::Result<WebhookDeliveryConnection> {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let cx = service_cx(ctx)?;
        let request = PageRequest {
            first,
            after,
            last,
            before,
        };
        let page = webhooks::deliveries(cx, &self.0, &request).await?;
        let select = webhook_delivery::Entity::find()
            .filter(webhook_delivery::Column::EndpointId.eq(self.0.id));
        Ok(WebhookDeliveryConnection::from_page(
            page,
            ConnectionFields::counting(cx.db.clone(), select),
            WebhookDelivery,
        ))
    }
}

/// One webhook message to one endpoint, and what came of it.
#[derive(Clone)]
pub struct WebhookDelivery(pub webhook_delivery::Model);

/// One webhook message to one endpoint, and what came of its last attempt:
/// an endpoint's deliveries are its log.
#[Object]
impl WebhookDelivery {
    /// Global id (for `redeliverWebhook`).
    async fn id(&self) -> ID {
        WebhookDeliveryId(self.0.id).to_global()
    }

    /// The message's id, sent as `webhook-id`: the same for a redelivery,
    /// so a receiver can tell a repeat.
    async fn message_id(&self) -> &str {
        &self.0.message_id
    }

    /// What happened (null for a type this server no longer sends).
    async fn event_type(&self) -> Option<WebhookEventType> {
        EventType::parse(&self.0.event_type).map(WebhookEventType::from)
    }

    /// The JSON body, as signed and sent.
    async fn payload(&self) -> &str {
        &self.0.payload
    }

    /// Where it is.
    async fn status(&self) -> WebhookDeliveryStatus {
        self.0.status.into()
    }

    /// Attempts made so far.
    async fn attempts(&self) -> i32 {
        self.0.attempts
    }

    /// The HTTP status of the last attempt's response (null: none came).
    async fn response_status(&self) -> Option<i32> {
        self.0.response_status
    }

    /// How long the last attempt took, in milliseconds.
    async fn duration_ms(&self) -> Option<i32> {
        self.0.duration_ms
    }

    /// Why the last attempt failed (a timeout, a refused connection, the
    /// status the receiver answered).
    async fn last_error(&self) -> Option<&str> {
        self.0.last_error.as_deref()
    }

    /// When the next attempt is due (while pending).
    async fn next_attempt_at(&self) -> Option<DateTime<Utc>> {
        (self.0.status == entities::OutboxStatus::Pending).then_some(self.0.next_attempt_at)
    }

    /// When the receiver took it.
    async fn delivered_at(&self) -> Option<DateTime<Utc>> {
        self.0.delivered_at
    }

    /// When it was queued.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}
