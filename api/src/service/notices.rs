//! Notices: the one place that knows which mail an effect causes. The rules
//! (registrations, seats, events) record what happened on their
//! [`super::tx::Tx`] (as [`super::effects`]); its commit hands each
//! [`Effect`] to `apply`, which builds the mails (kind, recipient, invitation, dedupe key) and puts them
//! on the outbox in the same transaction. Wording lives in `crate::mail`'s
//! templates; here is only which mail, to whom, with what.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use entities::{
    ParticipationMode, RegistrationStatus, ReminderStatus, event, person, registration,
    registration_link, reminder, reminder_run,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

use super::effects::{
    Addressee, Effect, Happened, RegistrationChange, ReminderDue, ReminderTest, SignInLink,
    SuggestionNews, SuggestionNotice, registration_recipient,
};
use super::secrets::new_secret;
use super::{Context, Error, ErrorCode, Result, policy};
use crate::calendar::ics;
use crate::facts::{EventFacts, TranslatedFacts};
use crate::i18n::Locale;
use crate::ids::{EventId, NetworkId, PersonId, RegistrationId, ReminderId};
use crate::mail::{self, CustomText, EnqueueError, EventChange, MailKind, Outgoing, Recipient};

/// Puts on the outbox, in the unit's transaction `db`, the mails `effect`
/// causes (none for a change of seats).
pub(crate) async fn apply<C: ConnectionTrait>(db: &C, cx: &Context, effect: &Effect) -> Result<()> {
    match effect {
        Effect::Registration(change) => notify(db, cx, change).await,
        Effect::EventChanged { event, changes } => {
            notify_participants(db, cx, event, Notice::Changed(changes.clone())).await?;
            Ok(())
        }
        Effect::EventCancelled { event, reason } => {
            // Its scheduled reminders would only confuse now.
            cancel_for_event(db, EventId(event.id), cx.clock.now()).await?;
            notify_participants(db, cx, event, Notice::Cancelled(reason.clone())).await?;
            Ok(())
        }
        Effect::SeatsChanged(_) | Effect::EventPublished(_) | Effect::CheckedIn(_) => Ok(()),
        Effect::SignInLink(link) => sign_in_link(db, cx, link).await,
        Effect::ReminderDue(due) => reminder_due(db, cx, due).await,
        Effect::ReminderTest(test) => reminder_test(db, cx, test).await,
        Effect::Suggestion(notice) => suggestion(db, cx, notice).await,
        Effect::WebhookDisabled(endpoint) => webhook_disabled(db, cx, endpoint).await,
    }
}

/// The mail to each organiser (and owner) of the network whose webhook
/// endpoint the worker disabled, in their language, once per disabling.
async fn webhook_disabled<C: ConnectionTrait>(
    db: &C,
    cx: &Context,
    endpoint: &entities::webhook_endpoint::Model,
) -> Result<()> {
    use entities::{NetworkRole, network, network_role, person};
    let Some(network) = network::Entity::find_by_id(endpoint.network_id)
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let organisers: Vec<Uuid> = network_role::Entity::find()
        .filter(network_role::Column::NetworkId.eq(network.id))
        .filter(network_role::Column::Role.is_in([NetworkRole::Owner, NetworkRole::Organiser]))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.person_id)
        .collect();
    let people = person::Entity::find()
        .filter(person::Column::Id.is_in(organisers))
        .all(db)
        .await?;
    let link = format!(
        "{}/organise/networks/{}",
        cx.public_url.trim_end_matches('/'),
        network.id
    );
    for person in people {
        let kind = MailKind::WebhookDisabled {
            name: person.name.clone(),
            network: network.name.clone(),
            url: endpoint.url.clone(),
            failures: endpoint.consecutive_failures,
            link: link.clone(),
        };
        let to = Recipient::new(person.email.clone(), person.name.clone())
            .person(crate::ids::PersonId(person.id));
        let outgoing = Outgoing::new(to, kind)
            .network(NetworkId(network.id))
            .dedupe_key(format!(
                "webhook-disabled:{}:{}:{}",
                endpoint.id,
                endpoint.updated_at.timestamp(),
                person.id
            ));
        mail::enqueue(db, &cx.clock, outgoing)
            .await
            .map_err(mail_error)?;
    }
    Ok(())
}

/// The mail to a suggester about their suggestion, in the language they
/// wrote it in (else their preference, else the network's), signed by the
/// network. The meeting that takes it up is named with its public facts
/// only (never the join link: the suggester may not be registered).
async fn suggestion<C: ConnectionTrait>(
    db: &C,
    cx: &Context,
    notice: &SuggestionNotice,
) -> Result<()> {
    let s = &notice.suggestion;
    let texts = match &notice.event {
        Some(event) => event_texts(db, event).await?,
        None => BTreeMap::new(),
    };
    let kind = match &notice.news {
        SuggestionNews::Received => MailKind::SuggestionReceived {
            name: notice.name.clone(),
            network: notice.network.name.clone(),
            title: s.title.clone(),
            follow_link: notice.follow_link.clone(),
        },
        SuggestionNews::Changed {
            follow_up,
            translations,
        } => MailKind::SuggestionChanged {
            name: notice.name.clone(),
            title: s.title.clone(),
            status: s.status,
            follow_up: follow_up.clone(),
            follow_up_translations: translations.clone(),
            event: (s.status == entities::SuggestionStatus::Planned)
                .then(|| {
                    notice
                        .event
                        .as_ref()
                        .map(|e| EventFacts::from_event(e, true, false).with_translations(texts))
                })
                .flatten(),
            forwarded_to: (s.status == entities::SuggestionStatus::Forwarded)
                .then(|| s.forwarded_to.clone())
                .flatten(),
            working_group: (s.status == entities::SuggestionStatus::WorkingGroup)
                .then(|| s.working_group.clone())
                .flatten(),
            follow_link: notice.follow_link.clone(),
        },
    };
    let mut to = Recipient::new(notice.email.clone(), notice.name.clone());
    if let Some(person) = notice.person {
        to = to.person(person);
    }
    let mut outgoing = Outgoing::new(to, kind).network(NetworkId(notice.network.id));
    if let Some(locale) = s.locale.as_deref().and_then(Locale::parse) {
        outgoing = outgoing.locale(locale);
    }
    mail::enqueue(db, &cx.clock, outgoing)
        .await
        .map_err(|err| match err {
            EnqueueError::InvalidAddress(_) => Error::field(
                "guest.email",
                ErrorCode::Invalid,
                "this address cannot receive mail",
            ),
            EnqueueError::Database(db) => db.into(),
        })?;
    Ok(())
}

/// The translations of what mail says about `event` (its title and
/// accessibility notes), so each recipient reads them in their language.
async fn event_texts<C: ConnectionTrait>(
    db: &C,
    event: &event::Model,
) -> Result<BTreeMap<Locale, TranslatedFacts>> {
    Ok(super::translations::of_event(db, EventId(event.id))
        .await?
        .facts())
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
    let (row, link) = new_manage_link(registration, now, public_url)?;
    row.insert(db).await?;
    Ok(link)
}

/// A new manage link's row (to store) and the link (to mail).
fn new_manage_link(
    registration: RegistrationId,
    now: DateTime<Utc>,
    public_url: &str,
) -> Result<(registration_link::ActiveModel, String)> {
    let (token, hash) = new_secret("tpm_")?;
    let row = registration_link::ActiveModel {
        id: Set(Uuid::now_v7()),
        registration_id: Set(registration.0),
        token_hash: Set(hash),
        created_at: Set(now),
    };
    Ok((row, manage_link(public_url, &token)))
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
    let details = EventFacts::from_event(event, in_person, false)
        .with_translations(event_texts(db, event).await?);
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
    let details = EventFacts::from_event(event, in_person, online)
        .with_translations(event_texts(db, event).await?);
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

/// What happened to an event, for its participants.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Notice {
    /// Time, place or link changed.
    Changed(Vec<EventChange>),
    /// The event was called off, with the organiser's reason.
    Cancelled(Option<String>),
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
    let texts = event_texts(db, event).await?;
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
        let details = EventFacts::from_event(event, venue, online).with_translations(texts.clone());
        // The calendar entry follows the event: a cancellation removes it
        // for everyone; a change updates it for those whose confirmation put
        // it there (a confirmed seat that is theirs), with the new SEQUENCE.
        let method = match &notice {
            Notice::Cancelled(_) => Some(ics::Method::Cancel),
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
                invitation.set_attendee(super::calendar::attendee(
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
            Notice::Cancelled(reason) => (
                MailKind::EventCancelled {
                    name: name.clone(),
                    event: details,
                    reason: reason.clone(),
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

/// The mail with a sign-in link (its content is a secret the outbox wipes
/// once sent; it is moot once the link has expired).
async fn sign_in_link<C: ConnectionTrait>(db: &C, cx: &Context, link: &SignInLink) -> Result<()> {
    let name = link.person.as_ref().map(|p| p.name.clone());
    let mut to = Recipient::new(link.email.clone(), name.clone().unwrap_or_default());
    if let Some(person) = &link.person {
        to = to.person(PersonId(person.id));
    }
    let kind = MailKind::SignInLink {
        name,
        link: link.link.clone(),
        token: Some(link.token.clone()),
        expires_in_minutes: link.minutes,
    };
    let mut outgoing = Outgoing::new(to, kind).not_after(link.expires_at);
    if let Some(locale) = link.locale {
        outgoing = outgoing.locale(locale);
    }
    mail::enqueue(db, &cx.clock, outgoing)
        .await
        .map_err(|err| match err {
            EnqueueError::InvalidAddress(_) => Error::field(
                "email",
                ErrorCode::Invalid,
                "this address cannot receive mail",
            ),
            EnqueueError::Database(db) => db.into(),
        })?;
    Ok(())
}

/// The reminder mail for one recipient of an event: the event cut to what
/// they may see, their links, and the organiser's text.
pub(crate) fn reminder_kind(
    event: &event::Model,
    texts: &BTreeMap<Locale, TranslatedFacts>,
    to: &Addressee,
    custom: Option<CustomText>,
    unsubscribe_link: Option<String>,
    manage_link: Option<String>,
) -> MailKind {
    let (_, name, _) = to.parts();
    let (venue, online) = to.sees();
    MailKind::Reminder {
        name: name.to_owned(),
        event: EventFacts::from_event(event, venue, online).with_translations(texts.clone()),
        manage_link,
        unsubscribe_link,
        custom,
    }
}

/// Where a participant stops reminders for one registration.
pub fn unsubscribe_link(public_url: &str, token: &str) -> String {
    format!("{public_url}/reminders/unsubscribe?token={token}")
}

/// A reminder's run: one mail per recipient, each with its dedupe key
/// `reminder:{id}:registration:{id}` (or `…:event:{id}:person:{id}`), a
/// participant's with their manage and unsubscribe links and, when their
/// seat is confirmed, the invitation as the event is now (its current
/// SEQUENCE, so a calendar that missed a change catches up). Records on the
/// run how many were queued.
async fn reminder_due<C: ConnectionTrait>(db: &C, cx: &Context, due: &ReminderDue) -> Result<()> {
    let ReminderDue {
        reminder,
        event,
        recipients,
    } = due;
    let (clock, public_url) = (&cx.clock, &*cx.public_url);
    let custom = custom_text(reminder);
    let locale = reminder.locale.as_deref().and_then(Locale::parse);
    let texts = event_texts(db, event).await?;
    let mut entries: HashMap<bool, mail::Invitation> = HashMap::new();
    // Gathered, then stored in multi-row statements a batch at a time: a
    // reminder to thousands is queued in seconds, not one row at a time,
    // and no more than a batch of rendered mails is held at once.
    let tokens = reminder_tokens(db, recipients).await?;
    let mut queued = 0;
    let mut links = Vec::new();
    let mut mails = Vec::with_capacity(recipients.len().min(REMINDER_BATCH));
    for (to, registration) in recipients {
        let (email, name, person) = to.parts();
        let (key, unsubscribe, manage) = match to {
            Addressee::Registration {
                registration: rid, ..
            } => {
                let token = tokens.get(&rid.0).cloned().unwrap_or_default();
                // "I can't come after all": the reminder lets them cancel.
                let (row, manage) = new_manage_link(*rid, clock.now(), public_url)?;
                links.push(row);
                (
                    format!("reminder:{}:registration:{}", reminder.id, rid.0),
                    Some(unsubscribe_link(public_url, &token)),
                    Some(manage),
                )
            }
            Addressee::Person { person, .. } => (
                format!(
                    "reminder:{}:event:{}:person:{}",
                    reminder.id, event.id, person.0
                ),
                None,
                None,
            ),
        };
        let invitation = match (to, registration) {
            (Addressee::Registration { online, .. }, Some(registration))
                if registration.status == RegistrationStatus::Confirmed =>
            {
                let mut invitation = match entries.get(online) {
                    Some(built) => built.clone(),
                    None => {
                        let built = super::calendar::invitation(
                            db,
                            cx,
                            event,
                            ics::Method::Request,
                            *online,
                            None,
                        )
                        .await?;
                        entries.insert(*online, built.clone());
                        built
                    }
                };
                invitation.set_attendee(super::calendar::attendee(
                    name,
                    email,
                    registration.status,
                ));
                Some(invitation)
            }
            _ => None,
        };
        let kind = reminder_kind(event, &texts, to, custom.clone(), unsubscribe, manage);
        let mut recipient = Recipient::new(email.to_owned(), name.to_owned());
        if let Some(person) = person {
            recipient = recipient.person(person);
        }
        let mut outgoing = Outgoing::new(recipient, kind)
            .network(NetworkId(event.network_id))
            .event(EventId(event.id))
            .reminder(ReminderId(reminder.id))
            .dedupe_key(key)
            // Mails for a reminder that would arrive after the end are pointless.
            .not_after(event.ends_at);
        if let Addressee::Registration { registration, .. } = to {
            outgoing = outgoing.registration(*registration);
        }
        if let Some(invitation) = invitation {
            outgoing = outgoing.invitation(invitation);
        }
        // Each recipient in their language where the organiser's text is
        // translated into it; else in the language it was written in.
        if let Some(locale) = locale {
            outgoing = outgoing.text_locale(locale);
        }
        mails.push(outgoing);
        if mails.len() >= REMINDER_BATCH {
            queued += flush(db, clock, &mut links, &mut mails).await?;
        }
    }
    queued += flush(db, clock, &mut links, &mut mails).await?;
    reminder_run::Entity::update_many()
        .col_expr(
            reminder_run::Column::Recipients,
            Expr::value(i32::try_from(queued).unwrap_or(i32::MAX)),
        )
        .filter(reminder_run::Column::ReminderId.eq(reminder.id))
        .filter(reminder_run::Column::EventId.eq(event.id))
        .exec(db)
        .await?;
    tracing::info!(reminder = %reminder.id, event = %event.id, queued, "reminder queued");
    Ok(())
}

/// Recipients of a reminder rendered and stored together.
const REMINDER_BATCH: usize = 500;

/// The unsubscribe token of every registration among `recipients`: its
/// own, or one made now. The new ones are stored a batch at a time, in one
/// `UPDATE … SET reminder_token = CASE id WHEN … END` each, not one
/// statement per registration (a first reminder to thousands makes
/// thousands).
async fn reminder_tokens<C: ConnectionTrait>(
    db: &C,
    recipients: &[(Addressee, Option<registration::Model>)],
) -> Result<HashMap<Uuid, String>> {
    use sea_orm::sea_query::CaseStatement;
    let mut tokens = HashMap::new();
    let mut minted: Vec<(Uuid, String)> = Vec::new();
    for (to, registration) in recipients {
        if let Addressee::Registration {
            registration: rid, ..
        } = to
        {
            match registration.as_ref().and_then(|r| r.reminder_token.clone()) {
                Some(token) => {
                    tokens.insert(rid.0, token);
                }
                None => minted.push((rid.0, Uuid::new_v4().simple().to_string())),
            }
        }
    }
    for batch in minted.chunks(REMINDER_BATCH) {
        let case = batch
            .iter()
            .fold(CaseStatement::new(), |case, (id, token)| {
                case.case(registration::Column::Id.eq(*id), Expr::value(token.clone()))
            });
        registration::Entity::update_many()
            .col_expr(registration::Column::ReminderToken, case.into())
            .filter(registration::Column::Id.is_in(batch.iter().map(|(id, _)| *id)))
            .exec(db)
            .await?;
    }
    tokens.extend(minted);
    Ok(tokens)
}

/// Stores the gathered manage links and mails (and empties them); returns
/// how many mails were stored.
async fn flush<C: ConnectionTrait>(
    db: &C,
    clock: &crate::clock::Clock,
    links: &mut Vec<registration_link::ActiveModel>,
    mails: &mut Vec<mail::Outgoing>,
) -> Result<u64> {
    if !links.is_empty() {
        registration_link::Entity::insert_many(std::mem::take(links))
            .exec_without_returning(db)
            .await?;
    }
    Ok(mail::enqueue_many(db, clock, std::mem::take(mails)).await?)
}

/// A reminder's stored custom text with its translations (checked when
/// it was stored).
pub(crate) fn custom_text(reminder: &reminder::Model) -> Option<CustomText> {
    let subject = mail::Template::parse(reminder.subject.as_deref()?).ok()?;
    let body = mail::Template::parse(reminder.body.as_deref()?).ok()?;
    let mut custom = CustomText::new(subject, body);
    for (locale, (subject, body)) in super::translations::reminder_texts(reminder) {
        if let (Ok(subject), Ok(body)) = (
            mail::Template::parse(&subject),
            mail::Template::parse(&body),
        ) {
            custom.translations.insert(locale, (subject, body));
        }
    }
    Some(custom)
}

/// A reminder's test, to the organiser alone. Not tied to the reminder (no
/// `.reminder(id)`): a test mail stays out of its report.
async fn reminder_test<C: ConnectionTrait>(
    db: &C,
    cx: &Context,
    test: &ReminderTest,
) -> Result<()> {
    let ReminderTest {
        to,
        event,
        network,
        mode,
        custom,
        locale,
    } = test;
    let me = PersonId(to.id);
    let addressee = Addressee::Person {
        email: to.email.clone(),
        name: to.name.clone(),
        person: me,
        venue: mode.is_none_or(|m| m == ParticipationMode::InPerson),
        online: mode.is_none_or(|m| m == ParticipationMode::Online),
    };
    let texts = event_texts(db, event).await?;
    let kind = reminder_kind(event, &texts, &addressee, custom.clone(), None, None);
    let mut outgoing = Outgoing::new(
        Recipient::new(to.email.clone(), to.name.clone()).person(me),
        kind,
    )
    .network(*network)
    .event(EventId(event.id));
    // As a participant of the organiser's language would get it.
    if let Some(locale) = locale {
        outgoing = outgoing.text_locale(*locale);
    }
    mail::enqueue(db, &cx.clock, outgoing)
        .await
        .map_err(|err| match err {
            EnqueueError::InvalidAddress(_) => {
                Error::field("", ErrorCode::Invalid, "your address cannot receive mail")
            }
            EnqueueError::Database(db) => db.into(),
        })?;
    Ok(())
}
