//! Notices: the one place that knows which mail an effect causes. The rules
//! (registrations, seats, events) record what happened on their
//! [`super::tx::Tx`] (as [`super::effects`]); its commit hands each
//! [`Effect`] to `apply`, which builds the mails (kind, recipient, invitation, dedupe key) and puts them
//! on the outbox in the same transaction. Wording lives in `crate::mail`'s
//! templates; here is only which mail, to whom, with what.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entities::{
    ParticipationMode, RegistrationStatus, ReminderStatus, event, person, registration,
    registration_link, reminder,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

use super::auth::new_secret;
use super::effects::{Effect, Happened, RegistrationChange};
use super::{Context, Error, ErrorCode, Result, policy};
use crate::calendar::ics;
use crate::ids::{EventId, NetworkId, PersonId, RegistrationId};
use crate::mail::{
    self, EnqueueError, EventChange, MailKind, Outgoing, Recipient, template::EventFacts,
};

/// Puts on the outbox, in the unit's transaction `db`, the mails `effect`
/// causes (none for a change of seats).
pub(crate) async fn apply<C: ConnectionTrait>(db: &C, cx: &Context, effect: &Effect) -> Result<()> {
    match effect {
        Effect::Registration(change) => notify(db, cx, change).await,
        Effect::EventChanged { event, changes } => {
            notify_participants(db, cx, event, Notice::Changed(changes.clone())).await?;
            Ok(())
        }
        Effect::EventCancelled(event) => {
            // Its scheduled reminders would only confuse now.
            cancel_for_event(db, EventId(event.id), cx.clock.now()).await?;
            notify_participants(db, cx, event, Notice::Cancelled).await?;
            Ok(())
        }
        Effect::SeatsChanged(_) => Ok(()),
    }
}

/// Where a participant manages their registration.
pub fn manage_link(public_url: &str, token: &str) -> String {
    format!("{public_url}/registrations/manage?token={token}")
}

/// A new manage link for a registration, for a mail that offers to change or
/// cancel it. Each mail has its own secret (only its hash is stored), and any
/// of them opens the registration.
pub(crate) async fn issue_manage_link<C: ConnectionTrait>(
    db: &C,
    registration: RegistrationId,
    now: DateTime<Utc>,
    public_url: &str,
) -> Result<String> {
    let (token, hash) = new_secret("tpm_")?;
    registration_link::ActiveModel {
        id: Set(Uuid::now_v7()),
        registration_id: Set(registration.0),
        token_hash: Set(hash),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(manage_link(public_url, &token))
}

/// Someone typed the address of an existing registration: its person gets
/// their link again (how often is the registration rules' to say).
async fn link_again<C: ConnectionTrait>(
    db: &C,
    cx: &Context,
    change: &RegistrationChange,
) -> Result<()> {
    let RegistrationChange {
        event,
        registration: existing,
        person,
        ..
    } = change;
    let link = issue_manage_link(
        db,
        RegistrationId(existing.id),
        cx.clock.now(),
        &cx.public_url,
    )
    .await?;
    let in_person = existing.mode == ParticipationMode::InPerson;
    let details = EventFacts::from_event(event, in_person, false);
    let to = Recipient::new(person.email.clone(), person.name.clone()).person(PersonId(person.id));
    let outgoing = Outgoing::new(
        to,
        MailKind::RegistrationLinkAgain {
            name: person.name.clone(),
            event: details,
            manage_link: link,
        },
    )
    .network(NetworkId(event.network_id))
    .event(EventId(event.id))
    .registration(RegistrationId(existing.id));
    mail::enqueue(db, &cx.clock, outgoing)
        .await
        .map_err(mail_error)?;
    Ok(())
}

fn mail_error(err: EnqueueError) -> Error {
    match err {
        EnqueueError::InvalidAddress(_) => Error::field(
            "guest.email",
            ErrorCode::Invalid,
            "this address cannot receive mail",
        ),
        EnqueueError::Database(db) => db.into(),
    }
}

/// The mail a registration's change sends its person.
async fn notify<C: ConnectionTrait>(
    db: &C,
    cx: &Context,
    change: &RegistrationChange,
) -> Result<()> {
    let RegistrationChange {
        happened: kind,
        event,
        registration,
        person,
        manage_link: manage,
        message,
    } = change;
    let (kind, manage, message) = (*kind, manage.clone(), message.clone());
    // Mails after the first (a seat came free, a decision) get a manage link
    // of their own: the first one's secret is not kept.
    let manage = match (manage, kind) {
        (Some(link), _) => Some(link),
        (None, Happened::Promoted | Happened::Approved) => Some(
            issue_manage_link(
                db,
                RegistrationId(registration.id),
                cx.clock.now(),
                &cx.public_url,
            )
            .await?,
        ),
        (None, _) => None,
    };
    let in_person = registration.mode == ParticipationMode::InPerson;
    // The link goes to whom `policy` gives it: confirmed online participants
    // whose seat is theirs.
    let relation = policy::EventRelation::default().registration(
        registration.status,
        registration.mode,
        registration.hold_expires_at,
    );
    let online = policy::join_link_by_relation(relation);
    let details = EventFacts::from_event(event, in_person, online);
    let name = person.name.clone();
    // Confirmations carry the event as an invitation (the same UID as the
    // feeds, so the calendar keeps one entry); a cancellation removes it.
    let method = match kind {
        Happened::Confirmed | Happened::Promoted => Some(ics::Method::Request),
        Happened::Approved if registration.status == RegistrationStatus::Confirmed => {
            Some(ics::Method::Request)
        }
        Happened::Cancelled => Some(ics::Method::Cancel),
        _ => None,
    }
    .filter(|_| registration.hold_expires_at.is_none() || kind == Happened::Cancelled);
    let kind = match kind {
        Happened::AddressToConfirm => MailKind::ConfirmAddress {
            name,
            event: details,
            manage_link: manage.unwrap_or_default(),
            minutes: event
                .guest_confirmation_minutes
                .and_then(|m| u32::try_from(m).ok())
                .unwrap_or_default(),
        },
        Happened::Received => MailKind::RegistrationReceived {
            name,
            event: details,
            manage_link: manage,
        },
        Happened::Confirmed => MailKind::RegistrationConfirmed {
            name,
            event: details,
            manage_link: manage,
        },
        Happened::Waitlisted => MailKind::Waitlisted {
            name,
            event: details,
            position: registration
                .waitlist_position
                .and_then(|p| u32::try_from(p).ok()),
            manage_link: manage,
        },
        Happened::Promoted => MailKind::PromotedFromWaitlist {
            name,
            event: details,
            manage_link: manage,
        },
        Happened::Approved => MailKind::ApplicationApproved {
            name,
            event: details,
            message,
            manage_link: manage,
            waitlist_position: (registration.status == RegistrationStatus::Waitlisted)
                .then(|| {
                    registration
                        .waitlist_position
                        .and_then(|p| u32::try_from(p).ok())
                })
                .flatten(),
        },
        Happened::Rejected => MailKind::ApplicationRejected {
            name,
            event: details,
            message,
        },
        Happened::Cancelled => MailKind::RegistrationCancelled {
            name,
            event: details,
        },
        // `apply` sends these with `link_again`.
        Happened::LinkAgain => return link_again(db, cx, change).await,
    };
    let to = Recipient::new(person.email.clone(), person.name.clone()).person(PersonId(person.id));
    let mut outgoing = Outgoing::new(to, kind)
        .network(NetworkId(event.network_id))
        .event(EventId(event.id))
        .registration(RegistrationId(registration.id));
    if let Some(method) = method {
        // The join link goes to whom `policy` gives it by their relation: a
        // confirmed participant; never in a cancellation.
        let show_link = method == ics::Method::Request && online;
        let attendee = super::calendar::attendee(&person.name, &person.email, registration.status);
        outgoing = outgoing.invitation(
            super::calendar::invitation(db, cx, event, method, show_link, Some(attendee)).await?,
        );
    }
    mail::enqueue(db, &cx.clock, outgoing)
        .await
        .map_err(mail_error)?;
    Ok(())
}

/// One recipient of a mail about an event: a registration or a person.
#[derive(Debug, Clone)]
pub(crate) enum Addressee {
    /// A registration (a person's or a guest's).
    Registration {
        email: String,
        name: String,
        person: Option<PersonId>,
        registration: RegistrationId,
        venue: bool,
        online: bool,
    },
    /// A person without a registration (a speaker, a network member).
    Person {
        email: String,
        name: String,
        person: PersonId,
        venue: bool,
        online: bool,
    },
}

/// Who a registration's mail goes to (its person, else the guest it
/// names), and whether it may carry the join link.
pub(crate) fn registration_recipient(
    registration: &registration::Model,
    person: Option<&person::Model>,
) -> Option<Addressee> {
    let (email, name) = match person {
        Some(p) => (p.email.clone(), p.name.clone()),
        None => (
            registration.guest_email.clone()?,
            registration.guest_name.clone().unwrap_or_default(),
        ),
    };
    // The link goes to confirmed online participants only.
    let online = registration.mode == ParticipationMode::Online
        && registration.status == RegistrationStatus::Confirmed;
    Some(Addressee::Registration {
        email,
        name,
        person: person.map(|p| PersonId(p.id)),
        registration: RegistrationId(registration.id),
        venue: registration.mode == ParticipationMode::InPerson,
        online,
    })
}

/// What happened to an event, for its participants.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Notice {
    /// Time, place or link changed.
    Changed(Vec<EventChange>),
    /// The event was called off.
    Cancelled,
}

/// Tells the event's confirmed, waitlisted and pending participants that it
/// changed or was cancelled, in the caller's transaction (the one that
/// changes the event). Both carry `invite.ics` with the feeds' UID and the
/// event's new SEQUENCE: a cancellation `METHOD:CANCEL` for everyone, a
/// change `METHOD:REQUEST` with the new time, place and link for confirmed
/// participants (whose calendars hold the entry). Each names its recipient
/// as `ATTENDEE`.
async fn notify_participants<C: ConnectionTrait>(
    db: &C,
    cx: &Context,
    event: &event::Model,
    notice: Notice,
) -> Result<usize> {
    let found = registration::Entity::find()
        .filter(registration::Column::EventId.eq(event.id))
        .filter(registration::Column::Status.is_in([
            RegistrationStatus::Confirmed,
            RegistrationStatus::Waitlisted,
            RegistrationStatus::Pending,
        ]))
        .order_by_asc(registration::Column::CreatedAt)
        .all(db)
        .await?;
    let people: HashMap<uuid::Uuid, person::Model> = person::Entity::find()
        .filter(person::Column::Id.is_in(found.iter().filter_map(|r| r.person_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut entries: HashMap<bool, mail::Invitation> = HashMap::new();
    let mut queued = 0;
    for registration in &found {
        let person = registration.person_id.and_then(|id| people.get(&id));
        let Some(Addressee::Registration {
            email,
            name,
            person,
            registration: rid,
            venue,
            online,
        }) = registration_recipient(registration, person)
        else {
            continue;
        };
        let details = EventFacts::from_event(event, venue, online);
        // The calendar entry follows the event: a cancellation removes it
        // for everyone; a change updates it for those whose confirmation put
        // it there (a confirmed seat that is theirs), with the new SEQUENCE.
        let method = match &notice {
            Notice::Cancelled => Some(ics::Method::Cancel),
            Notice::Changed(_)
                if registration.status == RegistrationStatus::Confirmed
                    && registration.hold_expires_at.is_none() =>
            {
                Some(ics::Method::Request)
            }
            Notice::Changed(_) => None,
        };
        let invitation = match method {
            Some(method) => {
                // Built once per method and link, then made personal.
                let show_link = online && method == ics::Method::Request;
                let mut invitation = match entries.get(&show_link) {
                    Some(built) => built.clone(),
                    None => {
                        let built =
                            super::calendar::invitation(db, cx, event, method, show_link, None)
                                .await?;
                        entries.insert(show_link, built.clone());
                        built
                    }
                };
                invitation.event.attendee = Some(super::calendar::attendee(
                    &name,
                    &email,
                    registration.status,
                ));
                Some(invitation)
            }
            None => None,
        };
        let (kind, key) = match &notice {
            Notice::Changed(changes) => (
                MailKind::EventChanged {
                    name: name.clone(),
                    event: details,
                    changes: changes.clone(),
                    // The new time or place may not suit: they can cancel.
                    manage_link: Some(
                        issue_manage_link(db, rid, cx.clock.now(), &cx.public_url).await?,
                    ),
                },
                format!(
                    "event:{}:sequence:{}:changed:registration:{}",
                    event.id, event.sequence, rid.0
                ),
            ),
            Notice::Cancelled => (
                MailKind::EventCancelled {
                    name: name.clone(),
                    event: details,
                    reason: None,
                },
                format!("event:{}:cancelled:registration:{}", event.id, rid.0),
            ),
        };
        let mut recipient = Recipient::new(email, name);
        if let Some(person) = person {
            recipient = recipient.person(person);
        }
        let mut outgoing = Outgoing::new(recipient, kind)
            .network(NetworkId(event.network_id))
            .event(EventId(event.id))
            .registration(rid)
            .dedupe_key(key);
        if let Some(invitation) = invitation {
            outgoing = outgoing.invitation(invitation);
        }
        match mail::enqueue(db, &cx.clock, outgoing).await {
            Ok(Some(_)) => queued += 1,
            Ok(None) => {}
            Err(EnqueueError::InvalidAddress(_)) => {
                tracing::warn!(event = %event.id, "a participant's address cannot be mailed; left out");
            }
            Err(EnqueueError::Database(err)) => return Err(err.into()),
        }
    }
    Ok(queued)
}

/// Cancels the scheduled reminders of an event, in the caller's transaction.
async fn cancel_for_event<C: ConnectionTrait>(
    db: &C,
    event: EventId,
    now: DateTime<Utc>,
) -> Result<u64> {
    let updated = reminder::Entity::update_many()
        .col_expr(
            reminder::Column::Status,
            Expr::value(ReminderStatus::Cancelled.as_str()),
        )
        .col_expr(reminder::Column::UpdatedAt, Expr::value(now))
        .filter(reminder::Column::EventId.eq(event.0))
        .filter(reminder::Column::Status.eq(ReminderStatus::Scheduled))
        .exec(db)
        .await?;
    Ok(updated.rows_affected)
}
