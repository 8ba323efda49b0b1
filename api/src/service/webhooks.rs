//! Webhooks (issue 18): a network's organisers (and admins) register
//! endpoints that hear of what happens in the network, signed per the
//! Standard Webhooks specification. This module registers, changes,
//! rotates and deletes endpoints, reads their deliveries and redelivers
//! one. Which deliveries a write causes is [`super::webhook_effects`]'
//! (inside the write's transaction); delivering is `crate::webhooks`'
//! worker's.

use chrono::Duration;
use entities::{webhook_delivery, webhook_endpoint};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    QueryFilter, QueryOrder,
};
use uuid::Uuid;

use super::audit::{Action, Entry};
use super::tx::Tx;
use super::validate::{Errors, Lines};
use super::webhook_effects::new_delivery;
use super::{Context, Error, ErrorCode, Result, policy};
use crate::ids::{NetworkId, PersonId, WebhookDeliveryId, WebhookEndpointId as EndpointId};
use crate::pagination::{self, List, Page, PageRequest, SortKey};
use crate::webhooks::{EventType, Target, TargetError, store_types};

/// Longest description of an endpoint.
const DESCRIPTION_MAX: usize = 500;
/// Longest URL of an endpoint.
const URL_MAX: usize = 2000;
/// Most endpoints per network.
pub const ENDPOINTS_MAX: usize = 20;

/// What an organiser gives for a new endpoint.
#[derive(Debug, Clone)]
pub struct NewEndpoint {
    /// The network whose events it hears of.
    pub network: NetworkId,
    /// Where to post (`https://…`).
    pub url: String,
    /// What it is, for the organisers.
    pub description: Option<String>,
    /// The event types it wants (at least one).
    pub event_types: Vec<EventType>,
    /// Whether it gets deliveries now (on by default).
    pub enabled: Option<bool>,
}

/// What an organiser changes of an endpoint (`None`: as it is).
#[derive(Debug, Clone, Default)]
pub struct EndpointChanges {
    /// A new URL.
    pub url: Option<String>,
    /// A new description.
    pub description: Option<String>,
    /// New event types.
    pub event_types: Option<Vec<EventType>>,
    /// Enabled or not; enabling resets the run of failures.
    pub enabled: Option<bool>,
}

/// An endpoint with its signing secret, shown this once.
#[derive(Debug, Clone)]
pub struct WithSecret {
    /// The endpoint.
    pub endpoint: webhook_endpoint::Model,
    /// `whsec_…`: the receiver verifies signatures with it.
    pub secret: String,
}

/// An endpoint in the audit log: its id and what names it to the
/// organisers (its description, else its address without query or
/// fragment, where a receiver may keep a token).
fn audited(endpoint: &webhook_endpoint::Model, action: Action) -> Entry {
    let name = if endpoint.description.is_empty() {
        endpoint
            .url
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .to_owned()
    } else {
        endpoint.description.clone()
    };
    Entry::network(NetworkId(endpoint.network_id), action).about(endpoint.id, Some(&name))
}

fn url_error(err: TargetError) -> Error {
    Error::field("url", ErrorCode::InvalidUrl, err.to_string())
}

/// Checks the URL as the deployment allows (resolving its host name).
async fn check_url(cx: &Context, url: &str) -> Result<String> {
    let url = url.trim();
    if url.is_empty() {
        return Err(Error::field(
            "url",
            ErrorCode::Required,
            "a URL is required",
        ));
    }
    if url.len() > URL_MAX {
        return Err(Error::field(
            "url",
            ErrorCode::TooLong,
            format!("at most {URL_MAX} characters"),
        ));
    }
    let target = Target::resolve(url, cx.webhooks.allow_private)
        .await
        .map_err(url_error)?;
    Ok(target.as_str().to_owned())
}

fn check_types(errors: &mut Errors, types: &[EventType]) -> String {
    if types.is_empty() {
        errors.push(
            "eventTypes",
            ErrorCode::Required,
            "name at least one event type",
        );
    }
    store_types(types)
}

/// What an endpoint's input holds, checked all at once (every refusal in
/// one answer); `None`: not given.
struct Checked {
    url: Option<String>,
    description: Option<String>,
    types: Option<String>,
}

async fn check(
    cx: &Context,
    url: Option<&str>,
    description: Option<&str>,
    types: Option<&[EventType]>,
) -> Result<Checked> {
    let mut errors = Errors::new();
    let description =
        description.map(|d| errors.text("description", d, Lines::One, DESCRIPTION_MAX));
    let types = types.map(|t| check_types(&mut errors, t));
    let url = match url {
        Some(url) => errors.take(check_url(cx, url).await)?,
        None => None,
    };
    errors.finish()?;
    Ok(Checked {
        url,
        description,
        types,
    })
}

fn new_secret() -> Result<String> {
    crate::webhooks::new_secret().ok_or_else(|| {
        Error::Database(sea_orm::DbErr::Custom(
            "no randomness for a webhook secret".to_owned(),
        ))
    })
}

/// Queues the mail to the organisers of each network whose endpoint the
/// webhook worker disabled: once per disabling, as the flag the worker set
/// is cleared in the unit that queues it. A job of the runner's.
pub async fn mail_disabled(cx: &Context) -> Result<usize> {
    use webhook_endpoint::Column as C;
    let pending = webhook_endpoint::Entity::find()
        .filter(C::DisabledNoticePending.eq(true))
        .all(&cx.db)
        .await?;
    let mut queued = 0;
    for endpoint in pending {
        let done = Tx::run(cx, |tx| {
            let endpoint = endpoint.clone();
            async move {
                let cleared = webhook_endpoint::Entity::update_many()
                    .col_expr(C::DisabledNoticePending, Expr::value(false))
                    .filter(C::Id.eq(endpoint.id))
                    .filter(C::DisabledNoticePending.eq(true))
                    .exec(tx.db())
                    .await?;
                let mine = cleared.rows_affected == 1;
                if mine {
                    tx.audit(
                        audited(&endpoint, Action::WebhookDisabled)
                            .detail(endpoint.consecutive_failures.to_string()),
                    );
                    tx.effect(super::effects::Effect::WebhookDisabled(Box::new(endpoint)));
                }
                Ok((tx, mine))
            }
        })
        .await?;
        queued += usize::from(done);
    }
    Ok(queued)
}

/// The endpoints of `network`, oldest first: for its organisers.
#[tracing::instrument(skip_all, fields(network = %network))]
pub async fn list(cx: &Context, network: NetworkId) -> Result<Vec<webhook_endpoint::Model>> {
    policy::require_manage(cx, network).await?;
    Ok(webhook_endpoint::Entity::find()
        .filter(webhook_endpoint::Column::NetworkId.eq(network.0))
        .order_by_asc(webhook_endpoint::Column::CreatedAt)
        .order_by_asc(webhook_endpoint::Column::Id)
        .all(&cx.db)
        .await?)
}

/// The endpoint, when the viewer manages its network (else not found).
pub async fn get(cx: &Context, id: EndpointId) -> Result<webhook_endpoint::Model> {
    let found = webhook_endpoint::Entity::find_by_id(id.0)
        .one(&cx.db)
        .await?
        .ok_or(Error::NotFound("webhook endpoint"))?;
    if policy::manages(cx, NetworkId(found.network_id)).await? {
        Ok(found)
    } else {
        Err(Error::NotFound("webhook endpoint"))
    }
}

/// For a change: the endpoint, when the viewer may change it.
async fn for_change(cx: &Context, id: EndpointId) -> Result<webhook_endpoint::Model> {
    policy::require_write(cx)?;
    get(cx, id).await
}

/// Registers an endpoint; its secret is in the answer, and only there.
#[tracing::instrument(skip_all, fields(network = %input.network))]
pub async fn create(cx: &Context, input: NewEndpoint) -> Result<WithSecret> {
    policy::require_manage(cx, input.network).await?;
    let checked = check(
        cx,
        Some(&input.url),
        Some(input.description.as_deref().unwrap_or_default()),
        Some(&input.event_types),
    )
    .await?;
    let (url, description, types) = (
        checked.url.unwrap_or_default(),
        checked.description.unwrap_or_default(),
        checked.types.unwrap_or_default(),
    );
    let secret = new_secret()?;
    let existing = webhook_endpoint::Entity::find()
        .filter(webhook_endpoint::Column::NetworkId.eq(input.network.0))
        .all(&cx.db)
        .await?;
    if existing.len() >= ENDPOINTS_MAX {
        return Err(Error::field(
            "networkId",
            ErrorCode::OutOfRange,
            format!("a network has at most {ENDPOINTS_MAX} webhook endpoints"),
        ));
    }
    let endpoint = Tx::run(cx, |tx| {
        let (url, description, types, secret) = (
            url.clone(),
            description.clone(),
            types.clone(),
            secret.clone(),
        );
        async move {
            let now = tx.now();
            let saved = webhook_endpoint::ActiveModel {
                id: Set(Uuid::now_v7()),
                network_id: Set(input.network.0),
                url: Set(url),
                description: Set(description),
                event_types: Set(types),
                enabled: Set(input.enabled.unwrap_or(true)),
                secret: Set(secret),
                previous_secret: Set(None),
                previous_secret_until: Set(None),
                consecutive_failures: Set(0),
                disabled_reason: Set(None),
                disabled_notice_pending: Set(false),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(tx.db())
            .await?;
            tx.audit(
                audited(&saved, Action::WebhookAdded)
                    .detail(saved.event_types.split(' ').collect::<Vec<_>>().join(", ")),
            );
            Ok((tx, saved))
        }
    })
    .await?;
    Ok(WithSecret { endpoint, secret })
}

/// Changes an endpoint's URL, description, types or state.
#[tracing::instrument(skip_all, fields(endpoint = %id.0))]
pub async fn update(
    cx: &Context,
    id: EndpointId,
    changes: EndpointChanges,
) -> Result<webhook_endpoint::Model> {
    let current = for_change(cx, id).await?;
    let Checked {
        url,
        description,
        types,
    } = check(
        cx,
        changes.url.as_deref(),
        changes.description.as_deref(),
        changes.event_types.as_deref(),
    )
    .await?;
    Tx::run(cx, |tx| {
        let (current, url, description, types) = (
            current.clone(),
            url.clone(),
            description.clone(),
            types.clone(),
        );
        async move {
            let mut changed = Vec::new();
            if url.as_ref().is_some_and(|u| *u != current.url) {
                changed.push("url".to_owned());
            }
            if description
                .as_ref()
                .is_some_and(|d| *d != current.description)
            {
                changed.push("description".to_owned());
            }
            if types.as_ref().is_some_and(|t| *t != current.event_types) {
                changed.push(format!(
                    "eventTypes: {}",
                    types.as_deref().unwrap_or_default()
                ));
            }
            if let Some(enabled) = changes.enabled.filter(|e| *e != current.enabled) {
                changed.push(format!("enabled: {enabled}"));
            }
            let mut model: webhook_endpoint::ActiveModel = current.into();
            if let Some(url) = url {
                model.url = Set(url);
            }
            if let Some(description) = description {
                model.description = Set(description);
            }
            if let Some(types) = types {
                model.event_types = Set(types);
            }
            if let Some(enabled) = changes.enabled {
                model.enabled = Set(enabled);
                if enabled {
                    model.consecutive_failures = Set(0);
                    model.disabled_reason = Set(None);
                }
            }
            model.updated_at = Set(tx.now());
            let saved = model.update(tx.db()).await?;
            if !changed.is_empty() {
                tx.audit(audited(&saved, Action::WebhookChanged).detail(changed.join("; ")));
            }
            Ok((tx, saved))
        }
    })
    .await
}

/// Deletes an endpoint with its deliveries.
#[tracing::instrument(skip_all, fields(endpoint = %id.0))]
pub async fn delete(cx: &Context, id: EndpointId) -> Result<webhook_endpoint::Model> {
    let current = for_change(cx, id).await?;
    Tx::run(cx, |tx| {
        let current = current.clone();
        async move {
            webhook_endpoint::Entity::delete_by_id(current.id)
                .exec(tx.db())
                .await?;
            tx.audit(audited(&current, Action::WebhookRemoved));
            Ok((tx, current))
        }
    })
    .await
}

/// Gives an endpoint a new secret (in the answer, and only there); the
/// previous one still signs, beside it, for `overlap_hours` (else
/// `WEBHOOKS_SECRET_OVERLAP_HOURS`), so receivers can switch over.
#[tracing::instrument(skip_all, fields(endpoint = %id.0))]
pub async fn rotate_secret(
    cx: &Context,
    id: EndpointId,
    overlap_hours: Option<i32>,
) -> Result<WithSecret> {
    let current = for_change(cx, id).await?;
    let hours = overlap_hours
        .unwrap_or_else(|| i32::try_from(cx.webhooks.secret_overlap_hours).unwrap_or(i32::MAX));
    if !(0..=720).contains(&hours) {
        return Err(Error::field(
            "overlapHours",
            ErrorCode::OutOfRange,
            "between 0 and 720 hours",
        ));
    }
    let secret = new_secret()?;
    let endpoint = Tx::run(cx, |tx| {
        let (current, secret) = (current.clone(), secret.clone());
        async move {
            let now = tx.now();
            let previous = current.secret.clone();
            let mut model: webhook_endpoint::ActiveModel = current.into();
            model.secret = Set(secret);
            model.previous_secret = Set((hours > 0).then_some(previous));
            model.previous_secret_until =
                Set((hours > 0).then(|| now + Duration::hours(i64::from(hours))));
            model.updated_at = Set(now);
            let saved = model.update(tx.db()).await?;
            tx.audit(
                audited(&saved, Action::WebhookSecretRotated).detail(format!("overlap: {hours} h")),
            );
            Ok((tx, saved))
        }
    })
    .await?;
    Ok(WithSecret { endpoint, secret })
}

/// An endpoint's deliveries, oldest first (its log).
pub async fn deliveries(
    cx: &Context,
    endpoint: &webhook_endpoint::Model,
    request: &PageRequest,
) -> Result<Page<webhook_delivery::Model>> {
    if !policy::manages(cx, NetworkId(endpoint.network_id)).await? {
        return Err(Error::Forbidden);
    }
    pagination::paginate(
        &cx.db,
        List::WebhookDeliveries,
        webhook_delivery::Entity::find()
            .filter(webhook_delivery::Column::EndpointId.eq(endpoint.id)),
        webhook_delivery::Column::CreatedAt,
        webhook_delivery::Column::Id,
        request,
        |row| (SortKey::Time(row.created_at), row.id),
    )
    .await
}

/// A delivery with its endpoint, when the viewer manages the endpoint's
/// network (else not found).
pub async fn delivery(
    cx: &Context,
    id: WebhookDeliveryId,
) -> Result<(webhook_delivery::Model, webhook_endpoint::Model)> {
    let found = webhook_delivery::Entity::find_by_id(id.0)
        .one(&cx.db)
        .await?
        .ok_or(Error::NotFound("webhook delivery"))?;
    let endpoint = get(cx, EndpointId(found.endpoint_id))
        .await
        .map_err(|_| Error::NotFound("webhook delivery"))?;
    Ok((found, endpoint))
}

/// Sends a delivery's message again (a new delivery with the same
/// `webhook-id` and body, due now), whatever became of it.
#[tracing::instrument(skip_all, fields(delivery = %id))]
pub async fn redeliver(cx: &Context, id: WebhookDeliveryId) -> Result<webhook_delivery::Model> {
    policy::require_write(cx)?;
    let (found, endpoint) = delivery(cx, id).await?;
    if !endpoint.enabled {
        return Err(Error::field(
            "deliveryId",
            ErrorCode::InvalidState,
            "the endpoint is disabled: enable it first",
        ));
    }
    Tx::run(cx, |tx| {
        let (found, endpoint) = (found.clone(), endpoint.clone());
        async move {
            let now = tx.now();
            tx.audit(
                audited(&endpoint, Action::WebhookRedelivered)
                    .detail(format!("{} ({})", found.event_type, found.message_id)),
            );
            let saved = new_delivery(
                found.endpoint_id,
                found.message_id,
                found.event_type,
                found.payload,
                now,
            )
            .insert(tx.db())
            .await?;
            Ok((tx, saved))
        }
    })
    .await
}

/// Erasure of a person (see [`super::privacy`]), in the caller's
/// transaction: the deliveries whose body names them (their global id, or
/// one of their addresses, lower-cased) keep their record (type, status,
/// attempts, response) but lose the body; pending ones are not sent.
pub(crate) async fn erase_mentions<C: ConnectionTrait>(
    db: &C,
    person: PersonId,
    addresses: &[String],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    use entities::OutboxStatus;
    use webhook_delivery::Column as C;
    let mut mentions = Condition::any()
        .add(C::Payload.contains(crate::ids::global(PersonId::TYPE_NAME, person.0)));
    for address in addresses {
        mentions = mentions
            .add(Expr::expr(Func::lower(Expr::col(C::Payload))).like(format!("%{address}%")));
    }
    webhook_delivery::Entity::update_many()
        .col_expr(C::Status, Expr::value(OutboxStatus::Skipped.as_str()))
        .col_expr(C::LastError, Expr::value("erased before it was sent"))
        .col_expr(C::UpdatedAt, Expr::value(now))
        .filter(C::Status.eq(OutboxStatus::Pending.as_str()))
        .filter(mentions.clone())
        .exec(db)
        .await?;
    webhook_delivery::Entity::update_many()
        .col_expr(C::Payload, Expr::value("{}"))
        .filter(mentions)
        .exec(db)
        .await?;
    Ok(())
}
