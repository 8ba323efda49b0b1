//! Which webhooks an effect causes (issue 18), beside the mail
//! [`super::notices`] builds from it: [`apply`] puts, in the write unit's
//! transaction, a row on `webhook_deliveries` per enabled endpoint of the
//! network that wants each. Called by [`super::tx::Tx::commit`]; the
//! endpoints themselves are [`super::webhooks`]'.
//!
//! An endpoint belongs to one network and hears only of that network's
//! events, registrations, reminders and suggestions. The organisers of that
//! network may read the personal data of those registrations and
//! suggestions (names, addresses, needs, answers), so the payloads carry
//! them: a receiver needs no other call. Objects are named by their Relay
//! global ids, as the API shows them.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use entities::{
    OutboxStatus, event, person, registration, theme_suggestion, webhook_delivery, webhook_endpoint,
};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

use super::Result;
use super::effects::{Effect, Happened, SuggestionNews};
use crate::ids::{self, EventId, NetworkId, RegistrationId, ReminderId, ThemeSuggestionId};
use crate::webhooks::{EventType, parse_types};

/// A delivery row due now.
pub(crate) fn new_delivery(
    endpoint: Uuid,
    message_id: String,
    event_type: String,
    payload: String,
    now: DateTime<Utc>,
) -> webhook_delivery::ActiveModel {
    webhook_delivery::ActiveModel {
        id: Set(Uuid::now_v7()),
        endpoint_id: Set(endpoint),
        message_id: Set(message_id),
        event_type: Set(event_type),
        payload: Set(payload),
        status: Set(OutboxStatus::Pending),
        attempts: Set(0),
        response_status: Set(None),
        duration_ms: Set(None),
        last_error: Set(None),
        next_attempt_at: Set(now),
        claimed_by: Set(None),
        claimed_until: Set(None),
        delivered_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

/// One webhook an effect causes: its network, type and data.
struct Message {
    network: Uuid,
    event_type: EventType,
    data: Value,
}

/// Puts on `webhook_deliveries`, in the unit's transaction `db`, a row per
/// enabled endpoint of the network that wants each message the `effects`
/// cause. One statement finds the endpoints of all the effects' networks;
/// none when no effect causes a webhook.
pub(crate) async fn apply<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
    effects: &[Effect],
) -> Result<()> {
    let mut messages = Vec::new();
    for effect in effects {
        messages.extend(messages_of(db, effect).await?);
    }
    if messages.is_empty() {
        return Ok(());
    }
    let networks: BTreeSet<Uuid> = messages.iter().map(|m| m.network).collect();
    let endpoints = webhook_endpoint::Entity::find()
        .filter(webhook_endpoint::Column::NetworkId.is_in(networks))
        .filter(webhook_endpoint::Column::Enabled.eq(true))
        .all(db)
        .await?;
    if endpoints.is_empty() {
        return Ok(());
    }
    let mut by_network: HashMap<Uuid, Vec<(Uuid, Vec<EventType>)>> = HashMap::new();
    for endpoint in endpoints {
        by_network
            .entry(endpoint.network_id)
            .or_default()
            .push((endpoint.id, parse_types(&endpoint.event_types)));
    }
    let mut rows = Vec::new();
    for message in messages {
        let Some(endpoints) = by_network.get(&message.network) else {
            continue;
        };
        let message_id = format!("msg_{}", Uuid::now_v7().simple());
        let body = json!({
            "type": message.event_type.as_str(),
            "timestamp": now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "data": message.data,
        })
        .to_string();
        for (endpoint, types) in endpoints {
            if types.contains(&message.event_type) {
                rows.push(new_delivery(
                    *endpoint,
                    message_id.clone(),
                    message.event_type.as_str().to_owned(),
                    body.clone(),
                    now,
                ));
            }
        }
    }
    if !rows.is_empty() {
        webhook_delivery::Entity::insert_many(rows).exec(db).await?;
    }
    Ok(())
}

fn gid(type_name: &str, id: Uuid) -> String {
    ids::global(type_name, id)
}

fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// What a receiver needs of an event.
fn event_data(event: &event::Model) -> Value {
    json!({
        "id": gid(EventId::TYPE_NAME, event.id),
        "network": gid(NetworkId::TYPE_NAME, event.network_id),
        "title": event.title,
        "kind": event.kind.as_str(),
        "status": event.status.as_str(),
        "startsAt": time(event.starts_at),
        "endsAt": time(event.ends_at),
        "timeZone": event.time_zone,
        "attendanceMode": event.attendance_mode.as_str(),
        "venue": {
            "name": event.venue_name,
            "address": event.venue_address,
            "city": event.venue_city,
        },
        "sequence": event.sequence,
    })
}

/// A registration with its participant's personal data (see the module
/// documentation for why the endpoint may have it).
fn registration_data(
    registration: &registration::Model,
    person: Option<&person::Model>,
    event: &event::Model,
) -> Value {
    let (name, email) = match person {
        Some(p) => (Some(p.name.clone()), Some(p.email.clone())),
        None => (
            registration.guest_name.clone(),
            registration.guest_email.clone(),
        ),
    };
    json!({
        "id": gid(RegistrationId::TYPE_NAME, registration.id),
        "event": event_data(event),
        "status": registration.status.as_str(),
        "mode": registration.mode.as_str(),
        "waitlistPosition": registration.waitlist_position,
        "checkedInAt": registration.checked_in_at.map(time),
        "createdAt": time(registration.created_at),
        "participant": {
            "person": person.map(|p| gid(crate::ids::PersonId::TYPE_NAME, p.id)),
            "name": name,
            "email": email,
            "organisation": registration.organisation_name,
        },
        "needs": {
            "accessibility": registration.accessibility_needs,
            "dietary": registration.dietary_needs,
        },
        "answers": registration.answers,
    })
}

fn suggestion_data(suggestion: &theme_suggestion::Model, name: &str, email: &str) -> Value {
    json!({
        "id": gid(ThemeSuggestionId::TYPE_NAME, suggestion.id),
        "network": gid(NetworkId::TYPE_NAME, suggestion.network_id),
        "title": suggestion.title,
        "description": suggestion.description,
        "status": suggestion.status.as_str(),
        "event": suggestion.event_id.map(|e| gid(EventId::TYPE_NAME, e)),
        "createdAt": time(suggestion.created_at),
        "suggester": { "name": name, "email": email },
    })
}

/// The webhooks one effect causes.
async fn messages_of<C: ConnectionTrait>(db: &C, effect: &Effect) -> Result<Vec<Message>> {
    let one = |network: Uuid, event_type: EventType, data: Value| {
        vec![Message {
            network,
            event_type,
            data,
        }]
    };
    Ok(match effect {
        Effect::Registration(change) => {
            let r = &change.registration;
            let network = change.event.network_id;
            let data = registration_data(r, Some(&change.person), &change.event);
            let types: &[EventType] = match change.happened {
                Happened::AddressToConfirm | Happened::Received => {
                    &[EventType::RegistrationCreated]
                }
                Happened::Confirmed if r.created_at == r.updated_at => &[
                    EventType::RegistrationCreated,
                    EventType::RegistrationConfirmed,
                ],
                Happened::Waitlisted if r.created_at == r.updated_at => &[
                    EventType::RegistrationCreated,
                    EventType::RegistrationWaitlisted,
                ],
                Happened::Confirmed | Happened::Approved => &[EventType::RegistrationConfirmed],
                Happened::Waitlisted => &[EventType::RegistrationWaitlisted],
                Happened::Promoted => &[EventType::RegistrationPromoted],
                Happened::Cancelled | Happened::Rejected => &[EventType::RegistrationCancelled],
                Happened::LinkAgain => &[],
            };
            types
                .iter()
                .map(|t| Message {
                    network,
                    event_type: *t,
                    data: data.clone(),
                })
                .collect()
        }
        Effect::EventPublished(event) => one(
            event.network_id,
            EventType::EventPublished,
            event_data(event),
        ),
        Effect::EventChanged { event, .. } => {
            one(event.network_id, EventType::EventChanged, event_data(event))
        }
        Effect::EventCancelled { event, reason } => {
            let mut data = event_data(event);
            data["reason"] = json!(reason);
            one(event.network_id, EventType::EventCancelled, data)
        }
        Effect::CheckedIn(registration) => {
            let Some(event) = event::Entity::find_by_id(registration.event_id)
                .one(db)
                .await?
            else {
                return Ok(Vec::new());
            };
            let person = match registration.person_id {
                Some(id) => person::Entity::find_by_id(id).one(db).await?,
                None => None,
            };
            let data = registration_data(registration, person.as_ref(), &event);
            one(event.network_id, EventType::RegistrationCheckedIn, data)
        }
        Effect::ReminderDue(due) => one(
            due.event.network_id,
            EventType::ReminderSent,
            json!({
                "reminder": gid(ReminderId::TYPE_NAME, due.reminder.id),
                "event": event_data(&due.event),
                "recipients": due.recipients.len(),
            }),
        ),
        Effect::Suggestion(notice) => {
            let mut data = suggestion_data(&notice.suggestion, &notice.name, &notice.email);
            let event_type = match &notice.news {
                SuggestionNews::Received => EventType::SuggestionCreated,
                SuggestionNews::Changed { follow_up, .. } => {
                    data["followUp"] = json!(follow_up);
                    EventType::SuggestionStatusChanged
                }
            };
            one(notice.network.id, event_type, data)
        }
        Effect::SeatsChanged(_)
        | Effect::SignInLink(_)
        | Effect::ReminderTest(_)
        | Effect::WebhookDisabled(_) => Vec::new(),
    })
}
