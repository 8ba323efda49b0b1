//! The audit log, as it is written: who changed what and when on a
//! network's events, their programme, registrations, questions and
//! reminders, and on the network's roles and contacts.
//!
//! A write records its entry ([`Entry`], [`Action`]) with
//! [`super::tx::Tx::audit`]; the entries are stored with the commit
//! ([`store`]), in the same transaction as the change, and never when the
//! unit rolls back. Reading is [`super::audit_view`]'s. This module imports
//! no service, so every service's unit can write to it.
//!
//! People (the actor, a registrant, a role holder) are stored by id and
//! named when read, so an erased person's name does not outlive them in
//! the log.

use chrono::{DateTime, Utc};
use entities::audit_log;
use sea_orm::{ConnectionTrait, EntityTrait};
use uuid::Uuid;

use super::{Result, Viewer};
use crate::ids::{EventId, NetworkId};

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
    /// A registration question's translations were changed.
    QuestionTranslated,
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
    /// A webhook endpoint was registered; the detail is its event types.
    WebhookAdded,
    /// A webhook endpoint changed; the detail lists what.
    WebhookChanged,
    /// A webhook endpoint got a new signing secret.
    WebhookSecretRotated,
    /// A webhook endpoint was deleted.
    WebhookRemoved,
    /// A webhook delivery was sent again.
    WebhookRedelivered,
    /// A webhook endpoint was turned off by the server after failures in
    /// a row.
    WebhookDisabled,
    /// A registration's status or mode changed (from
    /// `registration_history`, never stored in `audit_log`).
    Registration,
}

impl Action {
    const ALL: [Action; 35] = [
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
        Action::QuestionTranslated,
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
        Action::WebhookAdded,
        Action::WebhookChanged,
        Action::WebhookSecretRotated,
        Action::WebhookRemoved,
        Action::WebhookRedelivered,
        Action::WebhookDisabled,
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
            Action::QuestionTranslated => "question.translated",
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
            Action::WebhookAdded => "webhook.added",
            Action::WebhookChanged => "webhook.changed",
            Action::WebhookSecretRotated => "webhook.rotated",
            Action::WebhookRemoved => "webhook.removed",
            Action::WebhookRedelivered => "webhook.redelivered",
            Action::WebhookDisabled => "webhook.disabled",
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
