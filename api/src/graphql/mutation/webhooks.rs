//! Mutations of webhook endpoints: register, change, delete, rotate the
//! secret, redeliver. For the organisers of the endpoint's network (and
//! admins).

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};

use crate::graphql::enums::WebhookEventType;
use crate::graphql::error::{UserError, outcome};
use crate::graphql::ids::GlobalId;
use crate::graphql::types::{WebhookDelivery, WebhookEndpoint, service_cx};
use crate::ids::{NetworkId, WebhookDeliveryId, WebhookEndpointId};
use crate::service::webhooks::{self, EndpointChanges, NewEndpoint, WithSecret};

/// A new webhook endpoint.
#[derive(InputObject)]
pub struct CreateWebhookEndpointInput {
    /// The network whose events it hears of.
    pub network_id: ID,
    /// Where to post: an `https://` URL of a public address.
    pub url: String,
    /// What it is, for the organisers (at most 500 characters).
    pub description: Option<String>,
    /// The event types it wants (at least one).
    pub event_types: Vec<WebhookEventType>,
    /// Whether it gets deliveries from now (default true).
    pub enabled: Option<bool>,
}

/// Changes to a webhook endpoint; omitted fields stay as they are.
#[derive(InputObject)]
pub struct UpdateWebhookEndpointInput {
    /// The endpoint.
    pub id: ID,
    /// A new URL.
    pub url: Option<String>,
    /// A new description.
    pub description: Option<String>,
    /// New event types (at least one).
    pub event_types: Option<Vec<WebhookEventType>>,
    /// Enabled or not; enabling resets the run of failures.
    pub enabled: Option<bool>,
}

/// A webhook endpoint to delete.
#[derive(InputObject)]
pub struct DeleteWebhookEndpointInput {
    /// The endpoint.
    pub id: ID,
}

/// A webhook endpoint whose secret is to be replaced.
#[derive(InputObject)]
pub struct RotateWebhookSecretInput {
    /// The endpoint.
    pub id: ID,
    /// Hours the previous secret still signs beside the new one (0 to 720;
    /// default `WEBHOOKS_SECRET_OVERLAP_HOURS`, 24). During the overlap each
    /// delivery carries both signatures.
    pub overlap_hours: Option<i32>,
}

/// A delivery to send again.
#[derive(InputObject)]
pub struct RedeliverWebhookInput {
    /// The delivery (`WebhookDelivery.id`).
    pub delivery_id: ID,
}

/// An endpoint with its new signing secret.
#[derive(SimpleObject)]
pub struct WebhookSecretPayload {
    /// The endpoint (null when refused).
    pub endpoint: Option<WebhookEndpoint>,
    /// The signing secret (`whsec_…`), shown this once: store it with the
    /// receiver now, it cannot be read again.
    pub secret: Option<String>,
    /// Why it was refused.
    pub user_errors: Vec<UserError>,
}

/// The endpoint after a change.
#[derive(SimpleObject)]
pub struct WebhookEndpointPayload {
    /// The endpoint (null when refused).
    pub endpoint: Option<WebhookEndpoint>,
    /// Why it was refused.
    pub user_errors: Vec<UserError>,
}

/// What was deleted.
#[derive(SimpleObject)]
pub struct DeleteWebhookEndpointPayload {
    /// The id of the deleted endpoint (null when refused).
    pub deleted_id: Option<ID>,
    /// Why it was refused.
    pub user_errors: Vec<UserError>,
}

/// The new delivery.
#[derive(SimpleObject)]
pub struct RedeliverWebhookPayload {
    /// The delivery queued now (null when refused).
    pub delivery: Option<WebhookDelivery>,
    /// Why it was refused.
    pub user_errors: Vec<UserError>,
}

fn with_secret(
    result: crate::service::Result<WithSecret>,
) -> async_graphql::Result<WebhookSecretPayload> {
    let (done, user_errors) = outcome(result)?;
    let (endpoint, secret) = match done {
        Some(done) => (Some(WebhookEndpoint(done.endpoint)), Some(done.secret)),
        None => (None, None),
    };
    Ok(WebhookSecretPayload {
        endpoint,
        secret,
        user_errors,
    })
}

/// Mutations of webhook endpoints.
#[derive(Default)]
pub struct WebhookMutation;

#[Object]
impl WebhookMutation {
    /// Registers a webhook endpoint for a network; the answer carries its
    /// signing secret, once. For the network's organisers.
    async fn create_webhook_endpoint(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The endpoint.")] input: CreateWebhookEndpointInput,
    ) -> async_graphql::Result<WebhookSecretPayload> {
        let cx = service_cx(ctx)?;
        let new = NewEndpoint {
            network: NetworkId::parse(&input.network_id)?,
            url: input.url,
            description: input.description,
            event_types: input.event_types.into_iter().map(Into::into).collect(),
            enabled: input.enabled,
        };
        with_secret(webhooks::create(cx, new).await)
    }

    /// Changes a webhook endpoint's URL, description, event types or state.
    async fn update_webhook_endpoint(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The changes.")] input: UpdateWebhookEndpointInput,
    ) -> async_graphql::Result<WebhookEndpointPayload> {
        let cx = service_cx(ctx)?;
        let id = WebhookEndpointId::parse(&input.id)?;
        let changes = EndpointChanges {
            url: input.url,
            description: input.description,
            event_types: input
                .event_types
                .map(|types| types.into_iter().map(Into::into).collect()),
            enabled: input.enabled,
        };
        let (endpoint, user_errors) = outcome(webhooks::update(cx, id, changes).await)?;
        Ok(WebhookEndpointPayload {
            endpoint: endpoint.map(WebhookEndpoint),
            user_errors,
        })
    }

    /// Deletes a webhook endpoint with its deliveries.
    async fn delete_webhook_endpoint(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The endpoint.")] input: DeleteWebhookEndpointInput,
    ) -> async_graphql::Result<DeleteWebhookEndpointPayload> {
        let cx = service_cx(ctx)?;
        let id = WebhookEndpointId::parse(&input.id)?;
        let (deleted, user_errors) = outcome(webhooks::delete(cx, id).await)?;
        Ok(DeleteWebhookEndpointPayload {
            deleted_id: deleted.map(|e| WebhookEndpointId(e.id).to_global()),
            user_errors,
        })
    }

    /// Gives a webhook endpoint a new signing secret (in the answer, once);
    /// the previous one still signs beside it for the overlap.
    async fn rotate_webhook_secret(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The endpoint.")] input: RotateWebhookSecretInput,
    ) -> async_graphql::Result<WebhookSecretPayload> {
        let cx = service_cx(ctx)?;
        let id = WebhookEndpointId::parse(&input.id)?;
        with_secret(webhooks::rotate_secret(cx, id, input.overlap_hours).await)
    }

    /// Sends a delivery's message again, now (same `webhook-id` and body),
    /// as a new delivery in the endpoint's log.
    async fn redeliver_webhook(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The delivery.")] input: RedeliverWebhookInput,
    ) -> async_graphql::Result<RedeliverWebhookPayload> {
        let cx = service_cx(ctx)?;
        let id = WebhookDeliveryId::parse(&input.delivery_id)?;
        let (delivery, user_errors) = outcome(webhooks::redeliver(cx, id).await)?;
        Ok(RedeliverWebhookPayload {
            delivery: delivery.map(WebhookDelivery),
            user_errors,
        })
    }
}
