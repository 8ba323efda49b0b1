//! The audit log as organisers read it ([`of_event`], [`of_network`]): for
//! the organisers of the network only (`Forbidden` otherwise, `NotFound`
//! for an event the viewer cannot see), since it names people; an event's
//! registrations' changes come from `registration_history`, merged in time
//! order. Writing is [`super::audit`]'s.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entities::{
    ParticipationMode, RegistrationStatus, audit_log, event, network, person, registration,
    registration_history,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::audit::Action;
use super::{Context, Error, Result, events, policy};
use crate::ids::{EventId, NetworkId};

/// The most entries one page of the log shows.
pub const PAGE: u64 = 500;

/// One line of the log as organisers read it.
#[derive(Debug, Clone)]
pub struct Line {
    /// The entry's id (time-ordered: it breaks ties of `at`).
    pub id: Uuid,
    /// When.
    pub at: DateTime<Utc>,
    /// Who: a person's name; `None` for a guest through their link or the
    /// system (and for a person since erased, see [`Line::erased_actor`]).
    pub actor: Option<String>,
    /// The actor was a person who has since been erased.
    pub erased_actor: bool,
    /// What was done (`None`: a code this version does not know, in
    /// [`Line::code`]).
    pub action: Option<Action>,
    /// The stored code.
    pub code: String,
    /// What was changed: a person's name, an item's title.
    pub subject: Option<String>,
    /// How: fields, reason, role; a registration's note.
    pub detail: Option<String>,
    /// A registration's change of status or mode.
    pub registration: Option<StatusChange>,
    /// The event it is about, for a network's log.
    pub event: Option<Uuid>,
    /// That event's title, in a network's log.
    pub event_title: Option<String>,
}

/// A registration's change, as `registration_history` keeps it.
#[derive(Debug, Clone, Copy)]
pub struct StatusChange {
    /// The status before (`None`: the registration was made).
    pub from_status: Option<RegistrationStatus>,
    /// The status after.
    pub to_status: RegistrationStatus,
    /// The mode before.
    pub from_mode: Option<ParticipationMode>,
    /// The mode after.
    pub to_mode: ParticipationMode,
}

/// The log of one event, newest first: its own entries and its
/// registrations' changes. For the organisers of its network.
pub async fn of_event(cx: &Context, event_id: EventId) -> Result<(event::Model, Vec<Line>)> {
    let event = match events::get(cx, event_id).await? {
        Some(event) if policy::can_see_event(cx, &event).await? => event,
        _ => return Err(Error::NotFound("event")),
    };
    policy::require_manage(cx, NetworkId(event.network_id)).await?;
    let entries = audit_log::Entity::find()
        .filter(audit_log::Column::EventId.eq(event.id))
        .order_by_desc(audit_log::Column::CreatedAt)
        .order_by_desc(audit_log::Column::Id)
        .limit(PAGE)
        .all(&cx.db)
        .await?;
    let registrations: HashMap<Uuid, registration::Model> = registration::Entity::find()
        .filter(registration::Column::EventId.eq(event.id))
        .all(&cx.db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let history = if registrations.is_empty() {
        Vec::new()
    } else {
        registration_history::Entity::find()
            .filter(
                registration_history::Column::RegistrationId
                    .is_in(registrations.keys().copied().collect::<Vec<_>>()),
            )
            .order_by_desc(registration_history::Column::CreatedAt)
            .order_by_desc(registration_history::Column::Id)
            .limit(PAGE)
            .all(&cx.db)
            .await?
    };
    let mut people: Vec<Uuid> = entries
        .iter()
        .flat_map(|e| [e.actor_person_id, e.subject_id])
        .chain(history.iter().map(|h| h.actor_person_id))
        .chain(registrations.values().map(|r| r.person_id))
        .flatten()
        .collect();
    people.sort_unstable();
    people.dedup();
    let names = names(cx, people).await?;
    let mut lines: Vec<Line> = entries.into_iter().map(|e| line(e, &names)).collect();
    lines.extend(history.into_iter().map(|h| {
        let who = registrations.get(&h.registration_id).map(|r| {
            r.person_id
                .and_then(|p| names.get(&p).cloned())
                .or_else(|| r.guest_name.clone())
                .unwrap_or_default()
        });
        Line {
            id: h.id,
            at: h.created_at,
            actor: h.actor_person_id.and_then(|p| names.get(&p).cloned()),
            erased_actor: h.actor_person_id.is_some_and(|p| !names.contains_key(&p)),
            action: Some(Action::Registration),
            code: Action::Registration.code().to_owned(),
            subject: who,
            detail: h.note.filter(|n| !n.trim().is_empty()),
            registration: Some(StatusChange {
                from_status: h.from_status,
                to_status: h.to_status,
                from_mode: h.from_mode,
                to_mode: h.to_mode,
            }),
            event: Some(event.id),
            event_title: None,
        }
    }));
    lines.sort_by_key(|l| std::cmp::Reverse((l.at, l.id)));
    lines.truncate(PAGE as usize);
    Ok((event, lines))
}

/// The log of a network, newest first: the changes to its roles, contacts
/// and members, and to all its events. For its organisers.
pub async fn of_network(cx: &Context, network: NetworkId) -> Result<(network::Model, Vec<Line>)> {
    let found = super::networks::get(cx, network)
        .await?
        .ok_or(Error::NotFound("network"))?;
    policy::require_manage(cx, network).await?;
    let entries = audit_log::Entity::find()
        .filter(audit_log::Column::NetworkId.eq(network.0))
        .order_by_desc(audit_log::Column::CreatedAt)
        .order_by_desc(audit_log::Column::Id)
        .limit(PAGE)
        .all(&cx.db)
        .await?;
    let mut people: Vec<Uuid> = entries
        .iter()
        .flat_map(|e| [e.actor_person_id, e.subject_id])
        .flatten()
        .collect();
    people.sort_unstable();
    people.dedup();
    let names = names(cx, people).await?;
    let mut events: Vec<Uuid> = entries.iter().filter_map(|e| e.event_id).collect();
    events.sort_unstable();
    events.dedup();
    let titles: HashMap<Uuid, String> = if events.is_empty() {
        HashMap::new()
    } else {
        event::Entity::find()
            .select_only()
            .column(event::Column::Id)
            .column(event::Column::Title)
            .filter(event::Column::Id.is_in(events))
            .into_tuple::<(Uuid, String)>()
            .all(&cx.db)
            .await?
            .into_iter()
            .collect()
    };
    let lines = entries
        .into_iter()
        .map(|e| {
            let title = e.event_id.and_then(|id| titles.get(&id).cloned());
            Line {
                event_title: title,
                ..line(e, &names)
            }
        })
        .collect();
    Ok((found, lines))
}

/// The names of the people among `ids` who still exist.
async fn names(cx: &Context, ids: Vec<Uuid>) -> Result<HashMap<Uuid, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(person::Entity::find()
        .select_only()
        .column(person::Column::Id)
        .column(person::Column::Name)
        .filter(person::Column::Id.is_in(ids))
        .into_tuple::<(Uuid, String)>()
        .all(&cx.db)
        .await?
        .into_iter()
        .collect())
}

fn line(e: audit_log::Model, names: &HashMap<Uuid, String>) -> Line {
    // A subject that is a person (a role holder, a registrant) is named
    // now; one that is not carries its own name.
    let subject = e
        .subject
        .or_else(|| e.subject_id.and_then(|id| names.get(&id).cloned()));
    Line {
        id: e.id,
        at: e.created_at,
        actor: e.actor_person_id.and_then(|p| names.get(&p).cloned()),
        erased_actor: e.actor_person_id.is_some_and(|p| !names.contains_key(&p)),
        action: Action::parse(&e.action),
        code: e.action,
        subject,
        detail: e.detail,
        registration: None,
        event: e.event_id,
        event_title: None,
    }
}
