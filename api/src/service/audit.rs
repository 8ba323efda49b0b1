//! The audit log: who changed what and when on a network's events, their
//! programme, registrations, questions and reminders, and on the network's
//! roles and contacts.
//!
//! A write records its entry with [`super::tx::Tx::audit`]; the entries are
//! stored with the commit, in the same transaction as the change, and never
//! when the unit rolls back. Reading ([`of_event`], [`of_network`]) is for
//! the organisers of the network only (`Forbidden` otherwise, `NotFound` for
//! an event the viewer cannot see): it names people, and registrations'
//! changes come from `registration_history`, merged in time order.
//!
//! People (the actor, a registrant, a role holder) are stored by id and
//! named when read, so an erased person's name does not outlive them in
//! the log.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entities::{
    ParticipationMode, RegistrationStatus, audit_log, event, network, person, registration,
    registration_history,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::{Context, Error, Result, Viewer, events, policy};
use crate::ids::{EventId, NetworkId};

/// The most entries one page of the log shows.
pub const PAGE: u64 = 500;

/// What was done: the code stored in `audit_log.action`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// An event was created (or duplicated, or created in a series).
    EventCreated,
    /// An event's details changed; the detail lists the fields.
    EventUpdated,
    /// An event was published.
    EventPublished,
    /// An event was cancelled; the detail is the reason.
    EventCancelled,
    /// An agenda item was added.
    AgendaAdded,
    /// An agenda item changed.
    AgendaUpdated,
    /// An agenda item was removed.
    AgendaRemoved,
    /// The agenda was put in a new order.
    AgendaReordered,
    /// A speaker was added.
    SpeakerAdded,
    /// A speaker changed (their answer, their item).
    SpeakerUpdated,
    /// A speaker was removed.
    SpeakerRemoved,
    /// A registration question was added.
    QuestionAdded,
    /// A registration question was removed.
    QuestionRemoved,
    /// A reminder was scheduled.
    ReminderScheduled,
    /// A reminder was sent (now, or when its time came).
    ReminderSent,
    /// A scheduled reminder was cancelled.
    ReminderCancelled,
    /// A role in the network was given or changed; the detail is the role.
    RoleSet,
    /// A role in the network was taken away.
    RoleRemoved,
    /// A contact person was added.
    ContactAdded,
    /// A contact person was removed.
    ContactRemoved,
    /// An organisation became a member.
    MemberAdded,
    /// An organisation stopped being a member.
    MemberRemoved,
    /// A theme suggestion was received.
    SuggestionReceived,
    /// A theme suggestion's state changed; the detail is the state.
    SuggestionChanged,
    /// A theme suggestion was published.
    SuggestionPublished,
    /// A theme suggestion was hidden from the public.
    SuggestionHidden,
    /// The suggester withdrew their suggestion.
    SuggestionWithdrawn,
    /// A registration's status or mode changed (from
    /// `registration_history`, never stored in `audit_log`).
    Registration,
}

impl Action {
    const ALL: [Action; 28] = [
        Action::EventCreated,
        Action::EventUpdated,
        Action::EventPublished,
        Action::EventCancelled,
        Action::AgendaAdded,
        Action::AgendaUpdated,
        Action::AgendaRemoved,
        Action::AgendaReordered,
        Action::SpeakerAdded,
        Action::SpeakerUpdated,
        Action::SpeakerRemoved,
        Action::QuestionAdded,
        Action::QuestionRemoved,
        Action::ReminderScheduled,
        Action::ReminderSent,
        Action::ReminderCancelled,
        Action::RoleSet,
        Action::RoleRemoved,
        Action::ContactAdded,
        Action::ContactRemoved,
        Action::MemberAdded,
        Action::MemberRemoved,
        Action::SuggestionReceived,
        Action::SuggestionChanged,
        Action::SuggestionPublished,
        Action::SuggestionHidden,
        Action::SuggestionWithdrawn,
        Action::Registration,
    ];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Action::EventCreated => "event.created",
            Action::EventUpdated => "event.updated",
            Action::EventPublished => "event.published",
            Action::EventCancelled => "event.cancelled",
            Action::AgendaAdded => "agenda.added",
            Action::AgendaUpdated => "agenda.updated",
            Action::AgendaRemoved => "agenda.removed",
            Action::AgendaReordered => "agenda.reordered",
            Action::SpeakerAdded => "speaker.added",
            Action::SpeakerUpdated => "speaker.updated",
            Action::SpeakerRemoved => "speaker.removed",
            Action::QuestionAdded => "question.added",
            Action::QuestionRemoved => "question.removed",
            Action::ReminderScheduled => "reminder.scheduled",
            Action::ReminderSent => "reminder.sent",
            Action::ReminderCancelled => "reminder.cancelled",
            Action::RoleSet => "role.set",
            Action::RoleRemoved => "role.removed",
            Action::ContactAdded => "contact.added",
            Action::ContactRemoved => "contact.removed",
            Action::MemberAdded => "member.added",
            Action::MemberRemoved => "member.removed",
            Action::SuggestionReceived => "suggestion.received",
            Action::SuggestionChanged => "suggestion.changed",
            Action::SuggestionPublished => "suggestion.published",
            Action::SuggestionHidden => "suggestion.hidden",
            Action::SuggestionWithdrawn => "suggestion.withdrawn",
            Action::Registration => "registration.changed",
        }
    }

    /// The action of a stored code (`None`: a code this version does not
    /// know, shown as it is).
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// One entry to record: see [`super::tx::Tx::audit`].
#[derive(Debug, Clone)]
pub struct Entry {
    /// The network concerned.
    pub network: NetworkId,
    /// The event, when the change is about one.
    pub event: Option<EventId>,
    /// What was done.
    pub action: Action,
    /// The id of what was changed (an agenda item, a registration, a person).
    pub subject_id: Option<Uuid>,
    /// What was changed, when it is not a person (an agenda item's title).
    pub subject: Option<String>,
    /// How: the fields changed, a reason, a role.
    pub detail: Option<String>,
}

impl Entry {
    /// An entry about `event` of `network`.
    pub fn event(network: impl Into<NetworkId>, event: impl Into<EventId>, action: Action) -> Self {
        Self {
            network: network.into(),
            event: Some(event.into()),
            action,
            subject_id: None,
            subject: None,
            detail: None,
        }
    }

    /// An entry about `network` itself (its roles, contacts, members).
    pub fn network(network: impl Into<NetworkId>, action: Action) -> Self {
        Self {
            network: network.into(),
            event: None,
            action,
            subject_id: None,
            subject: None,
            detail: None,
        }
    }

    /// What was changed: its id and, when it is not a person, its name.
    pub fn about(mut self, id: Uuid, name: Option<&str>) -> Self {
        self.subject_id = Some(id);
        self.subject = name.map(str::to_owned);
        self
    }

    /// How it was changed.
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        let detail = detail.into();
        self.detail = (!detail.trim().is_empty()).then_some(detail);
        self
    }
}

/// Stores a unit's entries, as `actor` at `at` (in the unit's transaction:
/// called by [`super::tx::Tx::commit`]).
pub(super) async fn store<C: ConnectionTrait>(
    db: &C,
    actor: &Viewer,
    at: DateTime<Utc>,
    entries: Vec<Entry>,
) -> Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let actor = match actor {
        Viewer::Person(p) => Some(p.person_id.0),
        Viewer::Anonymous | Viewer::System => None,
    };
    let rows = entries.into_iter().map(|e| audit_log::ActiveModel {
        id: sea_orm::ActiveValue::Set(Uuid::now_v7()),
        network_id: sea_orm::ActiveValue::Set(e.network.0),
        event_id: sea_orm::ActiveValue::Set(e.event.map(|e| e.0)),
        actor_person_id: sea_orm::ActiveValue::Set(actor),
        action: sea_orm::ActiveValue::Set(e.action.code().to_owned()),
        subject_id: sea_orm::ActiveValue::Set(e.subject_id),
        subject: sea_orm::ActiveValue::Set(e.subject),
        detail: sea_orm::ActiveValue::Set(e.detail),
        created_at: sea_orm::ActiveValue::Set(at),
    });
    audit_log::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

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
