//! Registration: who may register when, seats per attendance mode, waiting
//! lists, applications, and every change kept in a history.
//!
//! Seats are never oversold. Every change that can take or free a seat runs
//! in one transaction that starts by locking the event row with a no-op
//! `UPDATE` ([`lock_event`]): on PostgreSQL that is a row lock, on SQLite it
//! takes the database's write lock at once (a deferred transaction that reads
//! first could not upgrade safely). Inside, seats are counted and the waiting
//! list numbered, so the order of the locks is the order of arrival, across
//! any number of server processes.

use chrono::{DateTime, Utc};
use entities::{
    AttendanceMode, EventStatus, ParticipationMode, QuestionKind, RegistrationPolicy,
    RegistrationStatus, event, organisation, person, registration, registration_history,
    registration_link, registration_question,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use super::audit::{Action, Entry};
use super::notices::manage_link;
use super::people::{self, PersonInput};
pub use super::seats::{Seats, counts, lock_event, seats_of};
use super::seats::{
    capacity, close_gap, has_free_seat, next_waitlist_position, promote, record, tell,
};
use super::secrets::{hash_secret, new_secret};
use super::translations::parts::{self, LABEL_MAX};
use super::translations::{Part, PartInput, PartText};
use super::tx::{Happened, RegistrationChange, Tx};
use super::validate::{Errors, Lines, NAME_MAX, parse_email};
use super::{Context, Error, ErrorCode, Result, Viewer, policy};
use crate::i18n::Locale;
use crate::ids::{EventId, NetworkId, OrganisationId, PersonId, RegistrationId};
use crate::mail;

/// The consent a participant gives by registering.
pub const CONSENT_TEXT: &str = "Jag samtycker till att mina uppgifter i anmälan sparas och används \
för att genomföra evenemanget. / I agree that the details of my registration are stored and used \
to run the event.";

/// Longest free-text answer or need.
const ANSWER_MAX: usize = 2000;

/// A guest: someone who registers without signing in.
#[derive(Debug, Clone)]
pub struct Guest {
    /// Full name.
    pub name: String,
    /// Email address; the confirmation and the manage link go there.
    pub email: String,
    /// A known organisation they say they come from: kept on the
    /// registration as declared, never written onto the person, never a
    /// proof of membership.
    pub organisation_id: Option<OrganisationId>,
    /// Their organisation as they write it, when not a known one.
    pub organisation_name: Option<String>,
}

/// An answer to one of the event's questions.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The question.
    pub question_id: Uuid,
    /// The text, or the chosen options.
    pub values: Vec<String>,
}

/// A registration as asked for.
#[derive(Debug, Clone, Default)]
pub struct NewRegistration {
    /// The event.
    pub event_id: Option<EventId>,
    /// In person or online (required for hybrid events).
    pub mode: Option<ParticipationMode>,
    /// The guest, when nobody is signed in (or someone registers another person).
    pub guest: Option<Guest>,
    /// For applications: the organisation that applies.
    pub applying_organisation_id: Option<OrganisationId>,
    /// Answers to the event's questions.
    pub answers: Vec<Answer>,
    /// Accessibility needs.
    pub accessibility_needs: Option<String>,
    /// Dietary needs.
    pub dietary_needs: Option<String>,
    /// Consent to [`CONSENT_TEXT`].
    pub consent: bool,
    /// The client's address, for the rate limit on guests' registrations.
    pub client: Option<String>,
    /// The language chosen for the registration (the page's language, or
    /// `locale` in GraphQL): stored with it, and its mails are written in it.
    pub locale: Option<Locale>,
    /// The language the request asks for (`Accept-Language`): stored like
    /// [`Self::locale`] when nobody is signed in (the browser is the guest's
    /// own); a signed-in person's preference is theirs to set, and an
    /// organiser's browser says nothing about the guest they register.
    pub request_locale: Option<Locale>,
}

/// A registration whose personal data the viewer may read: only this module
/// makes them, after [`policy::can_read_registration`] or from the
/// registration's manage link, so every path that shows a registration
/// (GraphQL, pages, CSV) passes the one rule.
#[derive(Debug, Clone)]
pub struct Readable(registration::Model);

impl Readable {
    /// The registration.
    pub fn model(&self) -> &registration::Model {
        &self.0
    }

    /// The registration, owned.
    pub fn into_model(self) -> registration::Model {
        self.0
    }
}

/// The outcome of `register`.
#[derive(Debug, Clone)]
pub struct Registered {
    /// The registration, when the viewer may read it: not when the address
    /// was registered already and the viewer is neither its person nor an
    /// organiser (the link then goes to the address instead).
    pub registration: Option<Readable>,
    /// The secret of the manage link, when this call made one.
    pub manage_token: Option<String>,
    /// False when the address was registered already (nothing changed).
    pub created: bool,
}

/// Which registration: by id (signed in) or by its manage token (guests).
#[derive(Debug, Clone)]
pub enum RegistrationRef {
    /// By id; the viewer must be its person or an organiser.
    Id(RegistrationId),
    /// By the secret of the manage link.
    ManageToken(String),
}

/// The registration a manage token opens: the one made at registration, or
/// one of the links mailed since.
async fn find_by_manage_token<C: ConnectionTrait>(
    db: &C,
    token: &str,
) -> Result<Option<registration::Model>> {
    let hash = hash_secret(token);
    if let Some(found) = registration::Entity::find()
        .filter(registration::Column::CancelTokenHash.eq(hash.clone()))
        .one(db)
        .await?
    {
        return Ok(Some(found));
    }
    let Some(link) = registration_link::Entity::find()
        .filter(registration_link::Column::TokenHash.eq(hash))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(registration::Entity::find_by_id(link.registration_id)
        .one(db)
        .await?)
}

fn check_answers(
    errors: &mut Errors,
    questions: &[registration_question::Model],
    answers: &[Answer],
) -> serde_json::Value {
    let mut stored = serde_json::Map::new();
    for (i, answer) in answers.iter().enumerate() {
        let field = format!("answers.{i}");
        let Some(question) = questions.iter().find(|q| q.id == answer.question_id) else {
            errors.push(
                &field,
                ErrorCode::NotFound,
                "no such question on this event",
            );
            continue;
        };
        let options: Vec<String> = question.choices();
        // A text answer may run over lines; a choice is one of the options
        // (stored under the same rule), so it is one line.
        let lines = match question.kind {
            QuestionKind::Text => Lines::Many,
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice => Lines::One,
        };
        let values: Vec<String> = answer
            .values
            .iter()
            .map(|v| errors.text(&field, v, lines, ANSWER_MAX))
            .filter(|v| !v.is_empty())
            .collect();
        match question.kind {
            QuestionKind::Text => {
                if values.len() > 1 {
                    errors.push(&field, ErrorCode::Invalid, "a text answer is one value");
                }
            }
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
                if question.kind == QuestionKind::SingleChoice && values.len() > 1 {
                    errors.push(&field, ErrorCode::Invalid, "choose one option");
                }
                if let Some(bad) = values.iter().find(|v| !options.contains(v)) {
                    errors.push(
                        &field,
                        ErrorCode::Invalid,
                        format!("{bad:?} is not one of the options"),
                    );
                }
            }
        }
        if !values.is_empty() {
            stored.insert(
                question.id.to_string(),
                if question.kind == QuestionKind::MultipleChoice {
                    json!(values)
                } else {
                    json!(values[0])
                },
            );
        }
    }
    for question in questions.iter().filter(|q| q.required) {
        if !stored.contains_key(&question.id.to_string()) {
            errors.push(
                "answers",
                ErrorCode::Required,
                format!("{:?} needs an answer", question.label),
            );
        }
    }
    serde_json::Value::Object(stored)
}

/// The mode a registration takes, or `None` with the reason in `errors`.
fn mode_for(
    errors: &mut Errors,
    event: &event::Model,
    asked: Option<ParticipationMode>,
) -> Option<ParticipationMode> {
    match (event.attendance_mode, asked) {
        (AttendanceMode::InPerson, None | Some(ParticipationMode::InPerson)) => {
            Some(ParticipationMode::InPerson)
        }
        (AttendanceMode::Online, None | Some(ParticipationMode::Online)) => {
            Some(ParticipationMode::Online)
        }
        (AttendanceMode::Hybrid, Some(mode)) if capacity(event, mode) == Some(0) => {
            errors.push(
                "mode",
                ErrorCode::ModeNotOffered,
                "the event takes no participants in this mode",
            );
            None
        }
        (AttendanceMode::Hybrid, Some(mode)) => Some(mode),
        (AttendanceMode::Hybrid, None) => {
            errors.push(
                "mode",
                ErrorCode::Required,
                "choose IN_PERSON or ONLINE for a hybrid event",
            );
            None
        }
        _ => {
            errors.push(
                "mode",
                ErrorCode::ModeNotOffered,
                "the event is not held in this mode",
            );
            None
        }
    }
}

/// Where an event stands with taking registrations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// A draft or a cancelled event: it takes none.
    NotPublished,
    /// Published, but its registration opens later.
    NotYetOpen,
    /// Registrations are taken now.
    Open,
    /// Its registration has closed (by default when the event starts).
    Closed,
}

/// Whether `event` takes registrations at `now`: the rule `register` applies,
/// for pages that offer a form only when it can succeed.
pub fn window(event: &event::Model, now: DateTime<Utc>) -> Window {
    if event.status != EventStatus::Published {
        Window::NotPublished
    } else if event.registration_opens_at.is_some_and(|opens| now < opens) {
        Window::NotYetOpen
    } else if now >= event.registration_closes_at.unwrap_or(event.starts_at) {
        Window::Closed
    } else {
        Window::Open
    }
}

/// Registers the viewer (or a guest) for an event. An address registered
/// already changes nothing: the answer carries the registration only to its
/// person and the organisers, and the registration's link is mailed to the
/// address instead. Registering after cancelling is allowed.
///
/// Events the viewer may not see (drafts, members-only events of networks
/// they do not belong to) are `NOT_FOUND`, as an id that does not exist.
///
/// A fault of the database connection before the commit runs it all once
/// more on a fresh connection ([`Tx::retrying`]).
#[tracing::instrument(skip_all)]
pub async fn register(cx: &Context, input: NewRegistration) -> Result<Registered> {
    Tx::retrying(cx, || register_once(cx, input.clone())).await
}

async fn register_once(cx: &Context, input: NewRegistration) -> Result<Registered> {
    let not_found = || Error::field("eventId", ErrorCode::NotFound, "no event with this id");
    let Some(event_id) = input.event_id else {
        return Err(Error::field(
            "eventId",
            ErrorCode::Required,
            "eventId is required",
        ));
    };
    let event = super::events::visible(cx, event_id)
        .await?
        .ok_or_else(not_found)?;
    let organiser = policy::manages(cx, NetworkId(event.network_id)).await?;
    let now = cx.clock.now();
    let closed = match window(&event, now) {
        Window::Open => None,
        Window::NotPublished => Some("the event is not open for registration"),
        Window::NotYetOpen => Some("registration has not opened yet"),
        Window::Closed => Some("registration has closed"),
    };
    if let Some(message) = closed {
        return Err(Error::field(
            "eventId",
            ErrorCode::RegistrationClosed,
            message,
        ));
    }
    // Every problem of the input in one answer (a person filling in a form
    // should not find them one submission at a time).
    let mut errors = Errors::new();
    let mode = mode_for(&mut errors, &event, input.mode);
    let accessibility = errors.optional_lines(
        "accessibilityNeeds",
        input.accessibility_needs.as_deref(),
        ANSWER_MAX,
    );
    let dietary = errors.optional_lines("dietaryNeeds", input.dietary_needs.as_deref(), ANSWER_MAX);
    if !input.consent {
        errors.push(
            "consent",
            ErrorCode::ConsentRequired,
            "registering needs your consent to store the registration",
        );
    }
    let questions = registration_question::Entity::find()
        .filter(registration_question::Column::EventId.eq(event.id))
        .order_by_asc(registration_question::Column::Position)
        .all(&cx.db)
        .await?;
    let answers = check_answers(&mut errors, &questions, &input.answers);
    let (guest_org_name, guest_org) = match &input.guest {
        Some(g) => (
            errors.optional_text(
                "guest.organisationName",
                g.organisation_name.as_deref(),
                NAME_MAX,
            ),
            g.organisation_id,
        ),
        None => (None, None),
    };
    if let Some(guest) = &input.guest {
        // people::find_or_create checks these again when it stores the
        // person; here they join the other errors.
        errors.required_text("guest.name", &guest.name, NAME_MAX);
        if parse_email(&guest.email).is_none() {
            errors.push(
                "guest.email",
                ErrorCode::Invalid,
                "email must be an email address",
            );
        }
    } else if !matches!(cx.viewer, Viewer::Person(_)) {
        errors.push(
            "guest",
            ErrorCode::Required,
            "sign in, or give your name and email address",
        );
    }
    if let Some(org) = guest_org.or(input.applying_organisation_id)
        && organisation::Entity::find_by_id(org.0)
            .one(&cx.db)
            .await?
            .is_none()
    {
        errors.push(
            "organisationId",
            ErrorCode::NotFound,
            "no organisation with this id",
        );
    }
    if input.applying_organisation_id.is_some()
        && event.registration_policy != RegistrationPolicy::Application
    {
        errors.push(
            "applyingOrganisationId",
            ErrorCode::Invalid,
            "only application events take applications from organisations",
        );
    }
    errors.finish()?;
    let Some(mode) = mode else {
        // mode_for said why in `errors`, so finish() has returned.
        return Err(Error::field("mode", ErrorCode::Invalid, "no mode"));
    };
    // Registrations by people who are not signed in cost a bot nothing:
    // count them per client, in the database (every process sees them).
    if cx.viewer == Viewer::Anonymous {
        let client = input.client.as_deref().unwrap_or("unknown");
        if let Err(wait) =
            super::limits::hit(&cx.db, &cx.limits.guest_registrations, client, now).await?
        {
            return Err(Error::field(
                "guest",
                ErrorCode::RateLimited,
                format!(
                    "too many registrations from your network; try again in {} minutes",
                    wait.div_ceil(60)
                ),
            ));
        }
    }
    // From here on everything is one unit: a registration refused below
    // leaves nothing behind, not even its person.
    let tx = Tx::begin(cx).await?;
    let txn = tx.db();
    // Who registers: the guest as named (their organisation stays what they
    // declared, on the registration only), or the signed-in viewer.
    let is_guest = input.guest.is_some();
    let person = match input.guest {
        Some(guest) => {
            people::find_or_create_on(
                txn,
                tx.now(),
                "guest",
                PersonInput {
                    name: guest.name,
                    email: guest.email,
                    title: None,
                    organisation_id: None,
                },
            )
            .await?
        }
        None => {
            let me = policy::require_signed_in(cx)?;
            person::Entity::find_by_id(me.person_id.0)
                .one(txn)
                .await?
                .ok_or(Error::Unauthenticated)?
        }
    };
    let actor = cx.viewer.person_id();
    // The viewer sees the event; the person registered must belong to the
    // network too, unless an organiser registers them.
    if event.members_only
        && !organiser
        && !policy::is_member(txn, PersonId(person.id), NetworkId(event.network_id)).await?
    {
        return Err(Error::field(
            "eventId",
            ErrorCode::NotAMember,
            "this event is for members of the network",
        ));
    }
    // Proven: the viewer is the person and the organisation holds their
    // (verified) address's domain. Anything else is only declared.
    let is_self = actor == Some(PersonId(person.id));
    let organisation_id = input
        .applying_organisation_id
        .or(guest_org)
        .map(|o| o.0)
        .or(if is_self {
            person.organisation_id
        } else {
            None
        });
    let organisation_verified = match organisation_id {
        Some(org) if is_self && person.email_verified_at.is_some() => {
            super::organisations::by_email_domain(txn, &person.email)
                .await?
                .contains(&org)
        }
        _ => false,
    };
    // A guest whose address nobody has proven holds the seat until they
    // confirm it, when the event asks for that.
    let hold_expires_at = event
        .guest_confirmation_minutes
        .filter(|_| is_guest && !organiser)
        .map(|minutes| now + chrono::Duration::minutes(i64::from(minutes.max(1))));

    lock_event(txn, event_id).await?;
    // Seats held for guests who never confirmed pass on before this one is
    // counted (only events that hold seats can have any; the worker releases
    // the rest).
    if event.guest_confirmation_minutes.is_some() {
        release_lapsed(&tx, &event).await?;
    }
    let existing = registration::Entity::find()
        .filter(registration::Column::EventId.eq(event.id))
        .filter(registration::Column::PersonId.eq(person.id))
        .one(txn)
        .await?;
    if let Some(existing) = &existing
        && !matches!(
            existing.status,
            RegistrationStatus::Cancelled | RegistrationStatus::Rejected
        )
    {
        if is_self || organiser {
            tx.commit().await?;
            return Ok(Registered {
                registration: Some(Readable(existing.clone())),
                manage_token: None,
                created: false,
            });
        }
        // Someone else typed this address: they learn only that it is
        // registered; its person gets their link again (a few times an hour).
        let allowed = super::limits::hit(
            txn,
            &cx.limits.registration_link_mails,
            &existing.id.to_string(),
            now,
        )
        .await?
        .is_ok();
        if allowed {
            tell(&tx, Happened::LinkAgain, &event, existing, person);
        }
        tx.commit().await?;
        return Ok(Registered {
            registration: None,
            manage_token: None,
            created: false,
        });
    }
    if let Some(applicant) = input.applying_organisation_id {
        let taken = registration::Entity::find()
            .filter(registration::Column::EventId.eq(event.id))
            .filter(registration::Column::ApplyingOrganisationId.eq(applicant.0))
            .filter(registration::Column::PersonId.ne(person.id))
            .count(txn)
            .await?;
        if taken > 0 {
            return Err(Error::field(
                "applyingOrganisationId",
                ErrorCode::Taken,
                "this organisation has already applied",
            ));
        }
    }
    let (status, position) = if event.registration_policy == RegistrationPolicy::Application {
        (RegistrationStatus::Pending, None)
    } else if has_free_seat(txn, &event, mode).await? {
        (RegistrationStatus::Confirmed, None)
    } else {
        (
            RegistrationStatus::Waitlisted,
            Some(next_waitlist_position(txn, event.id, mode).await?),
        )
    };
    let (token, hash) = new_secret("tpm_")?;
    let locale = input
        .locale
        .or(input
            .request_locale
            .filter(|_| cx.viewer == Viewer::Anonymous))
        .map(|l| l.as_str().to_owned());
    let saved = match existing {
        Some(previous) => {
            let from = (previous.status, previous.mode);
            let mut model: registration::ActiveModel = previous.into();
            model.mode = Set(mode);
            model.status = Set(status);
            model.waitlist_position = Set(position);
            model.answers = Set(answers);
            model.accessibility_needs = Set(accessibility);
            model.dietary_needs = Set(dietary);
            model.consent_text = Set(Some(CONSENT_TEXT.to_owned()));
            model.consented_at = Set(Some(now));
            model.checked_in_at = Set(None);
            model.cancel_token_hash = Set(Some(hash));
            model.organisation_id = Set(organisation_id);
            model.organisation_name = Set(guest_org_name);
            model.organisation_verified = Set(organisation_verified);
            model.hold_expires_at = Set(hold_expires_at);
            model.applying_organisation_id = Set(input.applying_organisation_id.map(|o| o.0));
            model.decision_message = Set(None);
            if locale.is_some() {
                model.locale = Set(locale);
            }
            model.updated_at = Set(now);
            let saved = model.update(txn).await?;
            record(
                txn,
                now,
                saved.id,
                actor,
                Some(from),
                (status, mode),
                Some("registered again".into()),
            )
            .await?;
            saved
        }
        None => {
            let saved = registration::ActiveModel {
                id: Set(RegistrationId::new().0),
                event_id: Set(event.id),
                person_id: Set(Some(person.id)),
                organisation_id: Set(organisation_id),
                guest_name: Set(None),
                guest_email: Set(None),
                mode: Set(mode),
                status: Set(status),
                waitlist_position: Set(position),
                answers: Set(answers),
                accessibility_needs: Set(accessibility),
                dietary_needs: Set(dietary),
                consent_text: Set(Some(CONSENT_TEXT.to_owned())),
                consented_at: Set(Some(now)),
                checked_in_at: Set(None),
                cancel_token_hash: Set(Some(hash)),
                applying_organisation_id: Set(input.applying_organisation_id.map(|o| o.0)),
                organisation_name: Set(guest_org_name),
                organisation_verified: Set(organisation_verified),
                hold_expires_at: Set(hold_expires_at),
                locale: Set(locale),
                decision_message: Set(None),
                reminder_token: Set(None),
                reminders_off_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(txn)
            .await
            .map_err(|err| {
                Error::on_unique(
                    err,
                    "applyingOrganisationId",
                    "this organisation has already applied",
                )
            })?;
            record(txn, now, saved.id, actor, None, (status, mode), None).await?;
            saved
        }
    };
    let happened = match (hold_expires_at, status) {
        (Some(_), _) => Happened::AddressToConfirm,
        (None, RegistrationStatus::Confirmed) => Happened::Confirmed,
        (None, RegistrationStatus::Waitlisted) => Happened::Waitlisted,
        (None, _) => Happened::Received,
    };
    tx.registration(RegistrationChange {
        happened,
        event: event.clone(),
        registration: saved.clone(),
        person,
        manage_link: Some(manage_link(&cx.public_url, &token)),
        message: None,
    });
    tx.seats_changed(event_id);
    tx.commit().await?;
    Ok(Registered {
        registration: Some(Readable(saved)),
        manage_token: Some(token),
        created: true,
    })
}

/// Confirms a guest's address with the registration's manage link, so the
/// held seat (or place in line) becomes theirs; they then get the mail of
/// their status. Confirming twice is no error; a hold that has lapsed is.
#[tracing::instrument(skip_all)]
pub async fn confirm_address(cx: &Context, token: &str) -> Result<Readable> {
    Tx::retrying(cx, || confirm_address_once(cx, token)).await
}

async fn confirm_address_once(cx: &Context, token: &str) -> Result<Readable> {
    let (found, _) = resolve(cx, &RegistrationRef::ManageToken(token.to_owned())).await?;
    let tx = Tx::begin(cx).await?;
    let txn = tx.db();
    let (current, event) = lock_and_reload(txn, &found).await?;
    let now = tx.now();
    let Some(until) = current.hold_expires_at else {
        tx.commit().await?;
        return Ok(Readable(current));
    };
    if until <= now || current.status == RegistrationStatus::Cancelled {
        release_lapsed(&tx, &event).await?;
        tx.seats_changed(EventId(event.id));
        tx.commit().await?;
        return Err(Error::field(
            "manageToken",
            ErrorCode::InvalidState,
            "the seat was held for a limited time and has passed on; register again",
        ));
    }
    let mut model: registration::ActiveModel = current.clone().into();
    model.hold_expires_at = Set(None);
    model.updated_at = Set(now);
    let saved = model.update(txn).await?;
    record(
        txn,
        now,
        saved.id,
        saved.person_id.map(PersonId),
        Some((saved.status, saved.mode)),
        (saved.status, saved.mode),
        Some("address confirmed".into()),
    )
    .await?;
    if let Some(person_id) = saved.person_id
        && let Some(person) = person::Entity::find_by_id(person_id).one(txn).await?
    {
        let happened = match saved.status {
            RegistrationStatus::Confirmed => Happened::Confirmed,
            RegistrationStatus::Waitlisted => Happened::Waitlisted,
            _ => Happened::Received,
        };
        tell(&tx, happened, &event, &saved, person);
    }
    tx.seats_changed(EventId(event.id));
    tx.commit().await?;
    Ok(Readable(saved))
}

/// Cancels the registrations of `event` whose held seat lapsed (the guest
/// never confirmed their address) and gives the freed seats to the waiting
/// list. Runs inside a transaction that has locked the event.
async fn release_lapsed(tx: &Tx, event: &event::Model) -> Result<usize> {
    let (txn, now) = (tx.db(), tx.now());
    // Last in line first: closing a gap moves only those behind it, so the
    // places read here stay right for the ones still to go.
    let lapsed = registration::Entity::find()
        .filter(registration::Column::EventId.eq(event.id))
        .filter(registration::Column::HoldExpiresAt.lte(now))
        .filter(registration::Column::Status.ne(RegistrationStatus::Cancelled))
        .order_by_desc(registration::Column::WaitlistPosition)
        .all(txn)
        .await?;
    let mut freed = Vec::new();
    for current in &lapsed {
        let mut model: registration::ActiveModel = current.clone().into();
        model.status = Set(RegistrationStatus::Cancelled);
        model.waitlist_position = Set(None);
        // The lapsed hold stays on the row: confirming now says it lapsed.
        model.updated_at = Set(now);
        model.update(txn).await?;
        record(
            txn,
            now,
            current.id,
            None,
            Some((current.status, current.mode)),
            (RegistrationStatus::Cancelled, current.mode),
            Some("address not confirmed in time".into()),
        )
        .await?;
        mail::outbox::skip_pending_for_registration(txn, RegistrationId(current.id), now).await?;
        if current.status == RegistrationStatus::Waitlisted {
            close_gap(txn, event.id, current.mode, current.waitlist_position).await?;
        }
        if current.status == RegistrationStatus::Confirmed && !freed.contains(&current.mode) {
            freed.push(current.mode);
        }
    }
    for mode in freed {
        promote(tx, event, mode).await?;
    }
    Ok(lapsed.len())
}

/// Releases every lapsed held seat (the worker runs this now and then; a
/// registration for the same event does it too): returns how many lapsed.
#[tracing::instrument(skip_all)]
pub async fn release_lapsed_holds(cx: &Context) -> Result<usize> {
    let events: Vec<Uuid> = registration::Entity::find()
        .select_only()
        .column(registration::Column::EventId)
        .distinct()
        .filter(registration::Column::HoldExpiresAt.lte(cx.clock.now()))
        .filter(registration::Column::Status.ne(RegistrationStatus::Cancelled))
        .into_tuple()
        .all(&cx.db)
        .await?;
    let mut released = 0;
    for id in events {
        // One unit per event, run once more after a fault.
        released += Tx::run(cx, |tx| async move {
            lock_event(tx.db(), EventId(id)).await?;
            let Some(event) = event::Entity::find_by_id(id).one(tx.db()).await? else {
                return Ok((tx, 0));
            };
            let released = release_lapsed(&tx, &event).await?;
            tx.seats_changed(EventId(id));
            Ok((tx, released))
        })
        .await?;
    }
    Ok(released)
}

/// Locks the registration's event for the rest of `txn` and reads the
/// registration again under the lock (it may have changed since `found` was
/// read), with its event.
async fn lock_and_reload(
    txn: &DatabaseTransaction,
    found: &registration::Model,
) -> Result<(registration::Model, event::Model)> {
    let gone = || Error::field("id", ErrorCode::NotFound, "no registration with this id");
    lock_event(txn, EventId(found.event_id)).await?;
    let current = registration::Entity::find_by_id(found.id)
        .one(txn)
        .await?
        .ok_or_else(gone)?;
    let event = event::Entity::find_by_id(current.event_id)
        .one(txn)
        .await?
        .ok_or_else(gone)?;
    Ok((current, event))
}

/// The registration named by `reference`, if the viewer may act on it, with
/// whether the viewer acts as an organiser.
async fn resolve(cx: &Context, reference: &RegistrationRef) -> Result<(registration::Model, bool)> {
    let not_found = || Error::field("id", ErrorCode::NotFound, "no registration with this id");
    match reference {
        RegistrationRef::ManageToken(token) => {
            let found = find_by_manage_token(&cx.db, token).await?.ok_or_else(|| {
                Error::field(
                    "manageToken",
                    ErrorCode::Invalid,
                    "this link is not valid (any more)",
                )
            })?;
            Ok((found, false))
        }
        RegistrationRef::Id(id) => {
            let found = registration::Entity::find_by_id(id.0)
                .one(&cx.db)
                .await?
                .ok_or_else(not_found)?;
            let event = super::events::get(cx, EventId(found.event_id))
                .await?
                .ok_or_else(not_found)?;
            match policy::can_read_registration(cx, &found, NetworkId(event.network_id)).await? {
                None => Err(not_found()),
                Some(reader) => Ok((found, reader == policy::RegistrationReader::Organiser)),
            }
        }
    }
}

/// Cancels a registration (by the participant or an organiser); cancelling
/// twice is not an error. A freed seat goes to the first in line.
#[tracing::instrument(skip_all)]
///
/// A fault of the database connection before the commit runs it all once
/// more on a fresh connection ([`Tx::run`]).
pub async fn cancel(cx: &Context, reference: RegistrationRef) -> Result<Readable> {
    Tx::retrying(cx, || async {
        // Read on the pool before the unit takes the write lock.
        let (found, _) = resolve(cx, &reference).await?;
        let tx = Tx::begin(cx).await?;
        let done = cancel_found(&tx, &found, true).await?;
        tx.commit().await?;
        Ok(done)
    })
    .await
}

/// Cancels `found` (which the viewer may act on); the participant is mailed
/// when `tell` (not when an organiser clears out invented registrations).
async fn cancel_found(tx: &Tx, found: &registration::Model, mail: bool) -> Result<Readable> {
    let txn = tx.db();
    let (current, event) = lock_and_reload(txn, found).await?;
    if current.status == RegistrationStatus::Cancelled {
        return Ok(Readable(current));
    }
    let now = tx.now();
    let freed = current.status == RegistrationStatus::Confirmed;
    let from = (current.status, current.mode);
    let mode = current.mode;
    if current.status == RegistrationStatus::Waitlisted {
        close_gap(txn, current.event_id, mode, current.waitlist_position).await?;
    }
    let mut model: registration::ActiveModel = current.into();
    model.status = Set(RegistrationStatus::Cancelled);
    model.waitlist_position = Set(None);
    model.hold_expires_at = Set(None);
    model.updated_at = Set(now);
    let saved = model.update(txn).await?;
    record(
        txn,
        now,
        saved.id,
        tx.viewer().person_id(),
        Some(from),
        (RegistrationStatus::Cancelled, mode),
        None,
    )
    .await?;
    mail::outbox::skip_pending_for_registration(txn, RegistrationId(saved.id), now).await?;
    if mail
        && let Some(person_id) = saved.person_id
        && let Some(person) = person::Entity::find_by_id(person_id).one(txn).await?
    {
        tell(tx, Happened::Cancelled, &event, &saved, person);
    }
    if freed {
        promote(tx, &event, mode).await?;
    }
    tx.seats_changed(EventId(saved.event_id));
    Ok(Readable(saved))
}

/// Cancels many registrations at once (organisers clearing out registrations
/// a bot made, say): every id must be one the viewer organises, or nothing
/// is cancelled. Each is cancelled as by [`cancel`], seats going to the
/// waiting list; the participants are mailed only when `tell`.
#[tracing::instrument(skip_all, fields(n = ids.len()))]
pub async fn cancel_many(
    cx: &Context,
    ids: &[RegistrationId],
    tell: bool,
) -> Result<Vec<Readable>> {
    policy::require_write(cx)?;
    const MAX: usize = 500;
    if ids.len() > MAX {
        return Err(Error::field(
            "ids",
            ErrorCode::TooLong,
            format!("at most {MAX} registrations at once"),
        ));
    }
    let mut errors = Errors::new();
    let mut found = Vec::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate() {
        match resolve(cx, &RegistrationRef::Id(*id)).await {
            Ok((registration, true)) => found.push(registration),
            Ok((_, false)) => errors.push(
                &format!("ids.{i}"),
                ErrorCode::NotFound,
                "no registration with this id among the events you organise",
            ),
            Err(Error::Invalid(_)) => errors.push(
                &format!("ids.{i}"),
                ErrorCode::NotFound,
                "no registration with this id",
            ),
            Err(other) => return Err(other),
        }
    }
    errors.finish()?;
    let mut done = Vec::with_capacity(found.len());
    for registration in &found {
        let one = Tx::run(cx, |tx| async move {
            let done = cancel_found(&tx, registration, tell).await?;
            Ok((tx, done))
        })
        .await?;
        done.push(one);
    }
    Ok(done)
}

/// An organiser's decision on an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Accept: the applicant gets a seat, or a place on the waiting list.
    Approve,
    /// Turn down.
    Reject,
}

/// Decides a pending application; a decided one is refused (`ALREADY_DECIDED`).
#[tracing::instrument(skip_all)]
pub async fn decide(
    cx: &Context,
    id: RegistrationId,
    decision: Decision,
    message: Option<String>,
) -> Result<Readable> {
    policy::require_write(cx)?;
    let (found, organiser) = resolve(cx, &RegistrationRef::Id(id)).await?;
    if !organiser {
        return Err(Error::Forbidden);
    }
    let mut errors = Errors::new();
    let message = errors.optional_lines("message", message.as_deref(), ANSWER_MAX);
    errors.finish()?;
    Tx::run(cx, |tx| {
        let message = message.clone();
        let found = &found;
        async move {
            let done = decide_in(&tx, found, decision, message).await?;
            Ok((tx, done))
        }
    })
    .await
}

async fn decide_in(
    tx: &Tx,
    found: &registration::Model,
    decision: Decision,
    message: Option<String>,
) -> Result<Readable> {
    let txn = tx.db();
    let (current, event) = lock_and_reload(txn, found).await?;
    if current.status != RegistrationStatus::Pending {
        return Err(Error::field(
            "id",
            ErrorCode::AlreadyDecided,
            format!(
                "the registration is already {}",
                current.status.as_str().to_lowercase()
            ),
        ));
    }
    let now = tx.now();
    let mode = current.mode;
    let (status, position) = match decision {
        Decision::Reject => (RegistrationStatus::Rejected, None),
        Decision::Approve if has_free_seat(txn, &event, mode).await? => {
            (RegistrationStatus::Confirmed, None)
        }
        Decision::Approve => (
            RegistrationStatus::Waitlisted,
            Some(next_waitlist_position(txn, event.id, mode).await?),
        ),
    };
    let mut model: registration::ActiveModel = current.clone().into();
    model.status = Set(status);
    model.waitlist_position = Set(position);
    model.decision_message = Set(message.clone());
    model.updated_at = Set(now);
    let saved = model.update(txn).await?;
    record(
        txn,
        now,
        saved.id,
        tx.viewer().person_id(),
        Some((current.status, mode)),
        (status, mode),
        message.clone(),
    )
    .await?;
    if decision == Decision::Approve {
        // The project network (if the event names one) gains the applicant
        // with the decision, or neither happens.
        super::projects::admit(tx, &event, &saved).await?;
    }
    if let Some(person_id) = saved.person_id
        && let Some(person) = person::Entity::find_by_id(person_id).one(txn).await?
    {
        tx.registration(RegistrationChange {
            happened: if decision == Decision::Reject {
                Happened::Rejected
            } else {
                Happened::Approved
            },
            event: event.clone(),
            registration: saved.clone(),
            person,
            manage_link: None,
            message,
        });
    }
    tx.seats_changed(EventId(event.id));
    Ok(Readable(saved))
}

/// Withdraws the approval of an application (organisers): the
/// registration becomes rejected (its seat, if it had one, goes to the
/// first in line; a place on the waiting list is given up), the applicant
/// is told, with `message` when given, and what the approval added to the
/// event's project network is taken back ([`super::projects::withdraw`]);
/// a representative who is no longer a member there loses their seats at
/// its coming members-only meetings (each mailed as a cancellation), all
/// in one unit. Only an approved application (confirmed, or waiting
/// for a seat) of an `APPLICATION` event can be withdrawn
/// (`INVALID_STATE` otherwise). Cancelling a registration does not
/// withdraw its approval: the organisation stays in the project network.
#[tracing::instrument(skip_all)]
pub async fn withdraw_approval(
    cx: &Context,
    id: RegistrationId,
    message: Option<String>,
) -> Result<Readable> {
    policy::require_write(cx)?;
    let (found, organiser) = resolve(cx, &RegistrationRef::Id(id)).await?;
    if !organiser {
        return Err(Error::Forbidden);
    }
    let mut errors = Errors::new();
    let message = errors.optional_lines("message", message.as_deref(), ANSWER_MAX);
    errors.finish()?;
    Tx::run(cx, |tx| {
        let message = message.clone();
        let found = &found;
        async move {
            let done = withdraw_in(&tx, found, message).await?;
            Ok((tx, done))
        }
    })
    .await
}

async fn withdraw_in(
    tx: &Tx,
    found: &registration::Model,
    message: Option<String>,
) -> Result<Readable> {
    let txn = tx.db();
    let (current, event) = lock_and_reload(txn, found).await?;
    if event.registration_policy != RegistrationPolicy::Application {
        return Err(Error::field(
            "id",
            ErrorCode::InvalidState,
            "the event takes no applications, so nothing was approved",
        ));
    }
    if !matches!(
        current.status,
        RegistrationStatus::Confirmed | RegistrationStatus::Waitlisted
    ) {
        return Err(Error::field(
            "id",
            ErrorCode::InvalidState,
            format!(
                "only an approved application can be withdrawn; this one is {}",
                current.status.as_str().to_lowercase()
            ),
        ));
    }
    let now = tx.now();
    let mode = current.mode;
    let freed = current.status == RegistrationStatus::Confirmed;
    if current.status == RegistrationStatus::Waitlisted {
        close_gap(txn, event.id, mode, current.waitlist_position).await?;
    }
    let mut model: registration::ActiveModel = current.clone().into();
    model.status = Set(RegistrationStatus::Rejected);
    model.waitlist_position = Set(None);
    model.decision_message = Set(message.clone());
    model.updated_at = Set(now);
    let saved = model.update(txn).await?;
    let note = match &message {
        Some(message) => format!("approval withdrawn: {message}"),
        None => "approval withdrawn".to_owned(),
    };
    record(
        txn,
        now,
        saved.id,
        tx.viewer().person_id(),
        Some((current.status, mode)),
        (RegistrationStatus::Rejected, mode),
        Some(note),
    )
    .await?;
    // Reminders queued for the seat no longer concern them.
    mail::outbox::skip_pending_for_registration(txn, RegistrationId(saved.id), now).await?;
    let left = super::projects::withdraw(tx, &event, &saved).await?;
    if let Some(person) = saved.person_id {
        cancel_members_only_seats(tx, PersonId(person), &left).await?;
    }
    if let Some(person_id) = saved.person_id
        && let Some(person) = person::Entity::find_by_id(person_id).one(txn).await?
    {
        tx.registration(RegistrationChange {
            happened: Happened::Rejected,
            event: event.clone(),
            registration: saved.clone(),
            person,
            manage_link: None,
            message,
        });
    }
    if freed {
        promote(tx, &event, mode).await?;
    }
    tx.seats_changed(EventId(event.id));
    Ok(Readable(saved))
}

/// Cancels `person`'s seats (confirmed, waiting or pending) at the coming
/// members-only events of `networks` they are no longer a member of (a
/// withdrawn approval took their role), inside the caller's unit; each is
/// mailed as a cancellation and its seat goes to the waiting list.
async fn cancel_members_only_seats(
    tx: &Tx,
    person: PersonId,
    networks: &[NetworkId],
) -> Result<()> {
    let txn = tx.db();
    for network in networks {
        if policy::is_member(txn, person, *network).await? {
            continue;
        }
        let coming = sea_orm::sea_query::Query::select()
            .column(event::Column::Id)
            .from(event::Entity)
            .and_where(event::Column::NetworkId.eq(network.0))
            .and_where(event::Column::MembersOnly.eq(true))
            .and_where(event::Column::EndsAt.gt(tx.now()))
            .to_owned();
        let theirs = registration::Entity::find()
            .filter(registration::Column::PersonId.eq(person.0))
            .filter(registration::Column::Status.is_in([
                RegistrationStatus::Confirmed,
                RegistrationStatus::Waitlisted,
                RegistrationStatus::Pending,
            ]))
            .filter(registration::Column::EventId.in_subquery(coming))
            .all(txn)
            .await?;
        for found in theirs {
            cancel_found(tx, &found, true).await?;
        }
    }
    Ok(())
}

/// Registers `person` for `event` on the organisers' behalf, inside the
/// caller's unit `tx` (a project network's representative invited to a new
/// occurrence, see [`super::series::add_occurrences`]): by the seat rules of
/// [`register`] — a free seat confirms, a full mode puts them on its
/// waiting list — in the event's mode (in person at a hybrid event that has
/// seats there), with `organisation` as theirs (the organisers admitted
/// it). They get the usual mail with their own manage link. A person who
/// has a registration for the event already (of any status) is left as
/// they are: `None`.
pub(crate) async fn invite_in(
    tx: &Tx,
    event: &event::Model,
    person: person::Model,
    organisation: Option<OrganisationId>,
    note: &str,
) -> Result<Option<registration::Model>> {
    let (txn, now) = (tx.db(), tx.now());
    lock_event(txn, EventId(event.id)).await?;
    let existing = registration::Entity::find()
        .filter(registration::Column::EventId.eq(event.id))
        .filter(registration::Column::PersonId.eq(person.id))
        .count(txn)
        .await?;
    if existing > 0 {
        return Ok(None);
    }
    let mode = match event.attendance_mode {
        AttendanceMode::Online => ParticipationMode::Online,
        AttendanceMode::Hybrid if capacity(event, ParticipationMode::InPerson) == Some(0) => {
            ParticipationMode::Online
        }
        AttendanceMode::InPerson | AttendanceMode::Hybrid => ParticipationMode::InPerson,
    };
    let (status, position) = if has_free_seat(txn, event, mode).await? {
        (RegistrationStatus::Confirmed, None)
    } else {
        (
            RegistrationStatus::Waitlisted,
            Some(next_waitlist_position(txn, event.id, mode).await?),
        )
    };
    let (token, hash) = new_secret("tpm_")?;
    let saved = registration::ActiveModel {
        id: Set(RegistrationId::new().0),
        event_id: Set(event.id),
        person_id: Set(Some(person.id)),
        organisation_id: Set(organisation.map(|o| o.0)),
        guest_name: Set(None),
        guest_email: Set(None),
        mode: Set(mode),
        status: Set(status),
        waitlist_position: Set(position),
        answers: Set(json!({})),
        accessibility_needs: Set(None),
        dietary_needs: Set(None),
        consent_text: Set(None),
        consented_at: Set(None),
        checked_in_at: Set(None),
        cancel_token_hash: Set(Some(hash)),
        applying_organisation_id: Set(None),
        organisation_name: Set(None),
        // The organisers admitted the organisation: their word proves it.
        organisation_verified: Set(organisation.is_some()),
        hold_expires_at: Set(None),
        locale: Set(None),
        decision_message: Set(None),
        reminder_token: Set(None),
        reminders_off_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(txn)
    .await?;
    record(
        txn,
        now,
        saved.id,
        tx.viewer().person_id(),
        None,
        (status, mode),
        Some(note.to_owned()),
    )
    .await?;
    tx.registration(RegistrationChange {
        happened: if status == RegistrationStatus::Confirmed {
            Happened::Confirmed
        } else {
            Happened::Waitlisted
        },
        event: event.clone(),
        registration: saved.clone(),
        person,
        manage_link: Some(manage_link(&tx.cx().public_url, &token)),
        message: None,
    });
    tx.seats_changed(EventId(event.id));
    Ok(Some(saved))
}

/// Marks a confirmed participant as arrived (idempotent): for the
/// event's organisers.
#[tracing::instrument(skip_all)]
pub async fn check_in(cx: &Context, id: RegistrationId) -> Result<Readable> {
    set_arrival(cx, id, true).await
}

/// Takes a check-in back (a tap on the wrong name at the door); a
/// registration not checked in is left as it is.
#[tracing::instrument(skip_all)]
pub async fn undo_check_in(cx: &Context, id: RegistrationId) -> Result<Readable> {
    set_arrival(cx, id, false).await
}

/// Checks a confirmed participant in (`arrived`) or out, in one write unit
/// with its line in the registration's history.
async fn set_arrival(cx: &Context, id: RegistrationId, arrived: bool) -> Result<Readable> {
    policy::require_write(cx)?;
    Tx::retrying(cx, || async {
        // Read on the pool before the unit takes the write lock.
        let (found, organiser) = resolve(cx, &RegistrationRef::Id(id)).await?;
        if !organiser {
            return Err(Error::Forbidden);
        }
        if found.status != RegistrationStatus::Confirmed {
            return Err(Error::field(
                "id",
                ErrorCode::InvalidState,
                "only confirmed participants check in",
            ));
        }
        if found.checked_in_at.is_some() == arrived {
            return Ok(Readable(found));
        }
        let tx = Tx::begin(cx).await?;
        let now = tx.now();
        let mut model: registration::ActiveModel = found.clone().into();
        model.checked_in_at = Set(arrived.then_some(now));
        model.updated_at = Set(now);
        let saved = model.update(tx.db()).await?;
        record(
            tx.db(),
            now,
            saved.id,
            cx.viewer.person_id(),
            Some((found.status, found.mode)),
            (saved.status, saved.mode),
            Some(
                if arrived {
                    "checked in"
                } else {
                    "check-in undone"
                }
                .into(),
            ),
        )
        .await?;
        if arrived {
            tx.effect(super::effects::Effect::CheckedIn(Box::new(saved.clone())));
        }
        tx.commit().await?;
        Ok(Readable(saved))
    })
    .await
}

/// Moves a registration of a hybrid event to the other mode when it has a
/// free seat (a waitlisted one moves to the end of the other line).
#[tracing::instrument(skip_all)]
pub async fn change_mode(
    cx: &Context,
    reference: RegistrationRef,
    mode: ParticipationMode,
) -> Result<Readable> {
    let (found, _) = resolve(cx, &reference).await?;
    let saved = Tx::run(cx, |tx| {
        let found = &found;
        async move {
            let done = change_mode_in(&tx, found, mode).await?;
            Ok((tx, done))
        }
    })
    .await?;
    Ok(Readable(
        registration::Entity::find_by_id(saved.id)
            .one(&cx.db)
            .await?
            .unwrap_or(saved),
    ))
}

async fn change_mode_in(
    tx: &Tx,
    found: &registration::Model,
    mode: ParticipationMode,
) -> Result<registration::Model> {
    let txn = tx.db();
    let (current, event) = lock_and_reload(txn, found).await?;
    if event.attendance_mode != AttendanceMode::Hybrid || capacity(&event, mode) == Some(0) {
        return Err(Error::field(
            "mode",
            ErrorCode::ModeNotOffered,
            "the event takes no participants in that mode",
        ));
    }
    if current.mode == mode {
        return Ok(current);
    }
    let now = tx.now();
    let old_mode = current.mode;
    let mut model: registration::ActiveModel = current.clone().into();
    model.mode = Set(mode);
    model.updated_at = Set(now);
    match current.status {
        RegistrationStatus::Confirmed => {
            if !has_free_seat(txn, &event, mode).await? {
                return Err(Error::field(
                    "mode",
                    ErrorCode::Full,
                    "no seats left in that mode; your seat is kept",
                ));
            }
        }
        RegistrationStatus::Waitlisted => {
            close_gap(txn, event.id, old_mode, current.waitlist_position).await?;
            model.waitlist_position = Set(Some(next_waitlist_position(txn, event.id, mode).await?));
        }
        RegistrationStatus::Pending => {}
        _ => {
            return Err(Error::field(
                "id",
                ErrorCode::InvalidState,
                "the registration is not active",
            ));
        }
    }
    let saved = model.update(txn).await?;
    record(
        txn,
        now,
        saved.id,
        tx.viewer().person_id(),
        Some((current.status, old_mode)),
        (saved.status, mode),
        Some("changed mode".into()),
    )
    .await?;
    if current.status == RegistrationStatus::Confirmed {
        promote(tx, &event, old_mode).await?;
    }
    // A waitlisted registration may find a free seat in its new mode at once.
    promote(tx, &event, mode).await?;
    tx.seats_changed(EventId(event.id));
    Ok(saved)
}

/// The current seats of an event (two statements), if it exists.
pub async fn seats(cx: &Context, event: EventId) -> Result<Option<Seats>> {
    let Some(model) = event::Entity::find_by_id(event.0).one(&cx.db).await? else {
        return Ok(None);
    };
    let counts = counts(&cx.db, &[event.0])
        .await?
        .into_iter()
        .map(|(_, mode, status, n)| (mode, status, n));
    Ok(Some(seats_of(&model, counts)))
}

/// The registration behind a manage token, for the manage page and API.
pub async fn by_manage_token(cx: &Context, token: &str) -> Result<Option<Readable>> {
    Ok(find_by_manage_token(&cx.db, token).await?.map(Readable))
}

/// A registration by id, if the viewer is its person or an organiser.
pub async fn visible(cx: &Context, id: RegistrationId) -> Result<Option<Readable>> {
    match resolve(cx, &RegistrationRef::Id(id)).await {
        Ok((found, _)) => Ok(Some(Readable(found))),
        Err(Error::Invalid(_)) => Ok(None),
        Err(other) => Err(other),
    }
}

/// The history of a registration, oldest first.
pub async fn history(
    cx: &Context,
    registration: &Readable,
) -> Result<Vec<registration_history::Model>> {
    Ok(registration_history::Entity::find()
        .filter(registration_history::Column::RegistrationId.eq(registration.0.id))
        .order_by_asc(registration_history::Column::CreatedAt)
        .order_by_asc(registration_history::Column::Id)
        .all(&cx.db)
        .await?)
}

/// A question to add to an event's form.
#[derive(Debug, Clone)]
pub struct NewQuestion {
    /// The event.
    pub event_id: EventId,
    /// What kind of answer.
    pub kind: QuestionKind,
    /// The question.
    pub label: String,
    /// The choices (choice questions).
    pub options: Vec<String>,
    /// Whether an answer is required.
    pub required: bool,
    /// Translations of the label and the choices (one per line, in order).
    pub translations: Vec<PartInput>,
}

/// Whether a question has an original of `text` to translate, and which.
fn question_original(
    label: &str,
    options: &[String],
) -> impl Fn(PartText) -> Option<String> + use<> {
    let label = label.to_owned();
    let choices = (!options.is_empty()).then(|| options.join("\n"));
    move |text| match text {
        PartText::QuestionLabel => Some(label.clone()),
        PartText::QuestionChoices => choices.clone(),
        _ => None,
    }
}

/// Adds a question to the end of an event's form.
pub async fn add_question(
    cx: &Context,
    input: NewQuestion,
) -> Result<registration_question::Model> {
    let event = super::events::for_change(cx, input.event_id, "eventId").await?;
    let network = event.network_id;
    let own = super::translations::own_locale(&event);
    let mut errors = Errors::new();
    let label = errors.required_text("label", &input.label, LABEL_MAX);
    let mut options = Vec::new();
    for (i, option) in input.options.iter().enumerate() {
        let option = errors.required_text(&format!("options.{i}"), option, NAME_MAX);
        if !options.contains(&option) {
            options.push(option);
        }
    }
    match input.kind {
        QuestionKind::Text if !options.is_empty() => {
            errors.push(
                "options",
                ErrorCode::Invalid,
                "a text question has no options",
            );
        }
        QuestionKind::SingleChoice | QuestionKind::MultipleChoice if options.len() < 2 => {
            errors.push(
                "options",
                ErrorCode::Required,
                "a choice question needs at least two options",
            );
        }
        _ => {}
    }
    let original = question_original(&label, &options);
    let translated = parts::check(&input.translations, own, original, &mut errors);
    errors.finish()?;
    let id = Uuid::now_v7();
    // Counted in the unit: two questions added at once get two positions.
    Tx::run(cx, |tx| {
        let label = label.clone();
        let has_choices = !options.is_empty();
        let options = json!(options);
        let (input, translated) = (&input, &translated);
        async move {
            let position = registration_question::Entity::find()
                .filter(registration_question::Column::EventId.eq(input.event_id.0))
                .count(tx.db())
                .await? as i32;
            let created = registration_question::ActiveModel {
                id: Set(id),
                event_id: Set(input.event_id.0),
                position: Set(position),
                kind: Set(input.kind),
                label: Set(label),
                options: Set(options),
                required: Set(input.required),
                created_at: Set(tx.now()),
            }
            .insert(tx.db())
            .await?;
            let has = |text| text == PartText::QuestionLabel || has_choices;
            let event = input.event_id.0;
            parts::save(
                tx.db(),
                event,
                Part::Question,
                id,
                translated,
                has,
                tx.now(),
            )
            .await?;
            tx.audit(
                Entry::event(network, input.event_id, Action::QuestionAdded)
                    .about(created.id, Some(&created.label)),
            );
            Ok((tx, created))
        }
    })
    .await
}

/// Removes a question (answers already given stay in their registrations).
pub async fn remove_question(cx: &Context, id: Uuid) -> Result<EventId> {
    let question = registration_question::Entity::find_by_id(id)
        .one(&cx.db)
        .await?
        .ok_or(Error::NotFound("question"))?;
    let event = EventId(question.event_id);
    let network = super::events::for_change(cx, event, "id").await?.network_id;
    let label = &question.label;
    Tx::run(cx, |tx| async move {
        registration_question::Entity::delete_by_id(id)
            .exec(tx.db())
            .await?;
        parts::remove(tx.db(), Part::Question, id).await?;
        tx.audit(Entry::event(network, event, Action::QuestionRemoved).about(id, Some(label)));
        Ok((tx, event))
    })
    .await
}

/// Sets translations of a question's label and choices (those not named
/// stay; a blank one removes it), for the organisers of its network. The
/// question itself does not change, so answers given stay valid.
pub async fn translate_question(
    cx: &Context,
    id: Uuid,
    translations: Vec<PartInput>,
) -> Result<registration_question::Model> {
    let question = registration_question::Entity::find_by_id(id)
        .one(&cx.db)
        .await?
        .ok_or(Error::NotFound("question"))?;
    let event = EventId(question.event_id);
    let found = super::events::for_change(cx, event, "id").await?;
    let own = super::translations::own_locale(&found);
    let mut errors = Errors::new();
    let original = question_original(&question.label, &question.choices());
    let translated = parts::check(&translations, own, original, &mut errors);
    errors.finish()?;
    let has_choices = !question.choices().is_empty();
    Tx::run(cx, |tx| {
        let (question, translated) = (&question, &translated);
        async move {
            let has = |text| text == PartText::QuestionLabel || has_choices;
            let now = tx.now();
            parts::save(tx.db(), event.0, Part::Question, id, translated, has, now).await?;
            super::events::touch(tx.db(), event, now).await?;
            tx.audit(
                Entry::event(found.network_id, event, Action::QuestionTranslated)
                    .about(id, Some(&question.label)),
            );
            Ok((tx, question.clone()))
        }
    })
    .await
}

/// A question of an event's registration form, for whoever sees the event
/// (as `Event.questions`); `None` otherwise, as for an unknown id.
pub async fn question(
    cx: &Context,
    id: crate::ids::RegistrationQuestionId,
) -> Result<Option<registration_question::Model>> {
    let Some(question) = registration_question::Entity::find_by_id(id.0)
        .one(&cx.db)
        .await?
    else {
        return Ok(None);
    };
    if super::events::visible(cx, EventId(question.event_id))
        .await?
        .is_none()
    {
        return Ok(None);
    }
    Ok(Some(question))
}

/// An event's questions, in order.
pub async fn questions(cx: &Context, event: EventId) -> Result<Vec<registration_question::Model>> {
    Ok(registration_question::Entity::find()
        .filter(registration_question::Column::EventId.eq(event.0))
        .order_by_asc(registration_question::Column::Position)
        .all(&cx.db)
        .await?)
}

/// An event's questions with the translations of their labels and
/// choices, for its organisers' console.
pub async fn questions_translated(
    cx: &Context,
    event: EventId,
) -> Result<(Vec<registration_question::Model>, parts::PartTranslations)> {
    let (list, rows) = tokio::try_join!(questions(cx, event), async {
        Ok(super::translations::rows_of_events(&cx.db, vec![event.0]).await?)
    })?;
    Ok((list, parts::PartTranslations::of(&rows)))
}

/// The viewer's own registration for an event, if any.
pub async fn mine_for(cx: &Context, event: EventId) -> Result<Option<Readable>> {
    let Some(me) = cx.viewer.person_id() else {
        return Ok(None);
    };
    Ok(registration::Entity::find()
        .filter(registration::Column::EventId.eq(event.0))
        .filter(registration::Column::PersonId.eq(me.0))
        .one(&cx.db)
        .await?
        .map(Readable))
}

/// What an organiser narrows a list of registrations to.
#[derive(Debug, Clone, Default)]
pub struct RegistrationFilter {
    /// Only these statuses.
    pub statuses: Option<Vec<RegistrationStatus>>,
    /// Only these modes.
    pub modes: Option<Vec<ParticipationMode>>,
    /// Only people from this organisation.
    pub organisation: Option<OrganisationId>,
    /// Only guests whose seat is held until they confirm their address
    /// (`true`), or only the others (`false`).
    pub held: Option<bool>,
}

/// An event's registrations for a viewer who may read every one of them
/// (its organisers): the only way to a list of [`Readable`]s.
#[derive(Debug, Clone)]
pub struct Listing {
    select: sea_orm::Select<registration::Entity>,
}

impl Listing {
    /// The query, to page through or count.
    pub fn select(&self) -> &sea_orm::Select<registration::Entity> {
        &self.select
    }

    /// A page of this listing's rows, readable.
    pub fn readable(
        &self,
        page: crate::pagination::Page<registration::Model>,
    ) -> crate::pagination::Page<Readable> {
        crate::pagination::Page {
            items: page
                .items
                .into_iter()
                .map(|(cursor, model)| (cursor, Readable(model)))
                .collect(),
            has_previous_page: page.has_previous_page,
            has_next_page: page.has_next_page,
        }
    }

    /// Every row, readable, oldest first (CSV exports).
    pub async fn all(&self, cx: &Context) -> Result<Vec<Readable>> {
        Ok(self
            .select
            .clone()
            .order_by_asc(registration::Column::CreatedAt)
            .order_by_asc(registration::Column::Id)
            .all(&cx.db)
            .await?
            .into_iter()
            .map(Readable)
            .collect())
    }
}

/// The query of an event's registrations for its organisers.
pub async fn listing(
    cx: &Context,
    event: &event::Model,
    filter: &RegistrationFilter,
) -> Result<Listing> {
    if !policy::manages(cx, NetworkId(event.network_id)).await? {
        return Err(if matches!(cx.viewer, Viewer::Anonymous) {
            Error::Unauthenticated
        } else {
            Error::Forbidden
        });
    }
    let mut select =
        registration::Entity::find().filter(registration::Column::EventId.eq(event.id));
    if let Some(statuses) = &filter.statuses {
        select = select.filter(registration::Column::Status.is_in(statuses.iter().copied()));
    }
    if let Some(modes) = &filter.modes {
        select = select.filter(registration::Column::Mode.is_in(modes.iter().copied()));
    }
    if let Some(org) = filter.organisation {
        select = select.filter(registration::Column::OrganisationId.eq(org.0));
    }
    match filter.held {
        Some(true) => {
            select = select
                .filter(registration::Column::HoldExpiresAt.is_not_null())
                .filter(registration::Column::Status.ne(RegistrationStatus::Cancelled))
        }
        Some(false) => select = select.filter(registration::Column::HoldExpiresAt.is_null()),
        None => {}
    }
    Ok(Listing { select })
}

/// The viewer's registrations, newest first.
pub async fn mine(cx: &Context) -> Result<Vec<Readable>> {
    let me = policy::require_signed_in(cx)?.person_id;
    Ok(registration::Entity::find()
        .filter(registration::Column::PersonId.eq(me.0))
        .order_by_desc(registration::Column::CreatedAt)
        .all(&cx.db)
        .await?
        .into_iter()
        .map(Readable)
        .collect())
}

/// The viewer's registrations with their events, for "my registrations"
/// (two statements); the order is the caller's to choose.
pub async fn mine_with_events(cx: &Context) -> Result<Vec<(Readable, event::Model)>> {
    let registrations = mine(cx).await?;
    if registrations.is_empty() {
        return Ok(Vec::new());
    }
    let events: std::collections::HashMap<Uuid, event::Model> = event::Entity::find()
        .filter(event::Column::Id.is_in(registrations.iter().map(|r| r.0.event_id)))
        .all(&cx.db)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    Ok(registrations
        .into_iter()
        .filter_map(|r| {
            let event = events.get(&r.0.event_id)?.clone();
            Some((r, event))
        })
        .collect())
}

/// Whether the viewer sees the join link of `event` (which they may see),
/// by [`policy::can_see_join_link`].
pub async fn viewer_sees_join_link(cx: &Context, event: &event::Model) -> Result<bool> {
    let Some(person) = cx.viewer.person_id() else {
        return Ok(policy::join_link_in_shared_view(&cx.viewer, event));
    };
    let relation = policy::relations_to(&cx.db, person, vec![event.id])
        .await?
        .remove(&event.id)
        .unwrap_or_default();
    policy::can_see_join_link(cx, event, relation).await
}

/// Cancels the upcoming registrations of a person whose account is being
/// erased, inside the erasure's unit `tx`: every confirmed,
/// waitlisted or pending registration of an event that has not ended becomes
/// cancelled (with a history entry), and the seats it frees go to the first in
/// line, who are mailed as usual. The erased person is not mailed. Each event
/// is locked ([`lock_event`]) in the order of its id, so two erasures never
/// wait on each other's locks; its seat change goes with the unit's commit.
/// Returns the events whose registrations were cancelled.
#[tracing::instrument(skip_all)]
pub(crate) async fn cancel_for_erasure(tx: &Tx, person_id: PersonId) -> Result<Vec<EventId>> {
    let txn = tx.db();
    const ACTIVE: [RegistrationStatus; 3] = [
        RegistrationStatus::Confirmed,
        RegistrationStatus::Waitlisted,
        RegistrationStatus::Pending,
    ];
    let now = tx.now();
    let mut events: Vec<Uuid> = registration::Entity::find()
        .select_only()
        .column(registration::Column::EventId)
        .filter(registration::Column::PersonId.eq(person_id.0))
        .filter(registration::Column::Status.is_in(ACTIVE))
        .filter(
            registration::Column::EventId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(event::Column::Id)
                    .from(event::Entity)
                    .and_where(event::Column::EndsAt.gt(now))
                    .to_owned(),
            ),
        )
        .into_tuple()
        .all(txn)
        .await?;
    events.sort_unstable();
    events.dedup();
    let mut changed = Vec::with_capacity(events.len());
    for event_id in events {
        lock_event(txn, EventId(event_id)).await?;
        let Some(event) = event::Entity::find_by_id(event_id).one(txn).await? else {
            continue;
        };
        // Read again under the lock: a cancellation may have come first.
        let theirs = registration::Entity::find()
            .filter(registration::Column::EventId.eq(event_id))
            .filter(registration::Column::PersonId.eq(person_id.0))
            .filter(registration::Column::Status.is_in(ACTIVE))
            .all(txn)
            .await?;
        let mut freed = Vec::new();
        for current in theirs {
            let from = (current.status, current.mode);
            if current.status == RegistrationStatus::Waitlisted {
                close_gap(txn, event_id, current.mode, current.waitlist_position).await?;
            }
            if current.status == RegistrationStatus::Confirmed && !freed.contains(&current.mode) {
                freed.push(current.mode);
            }
            let mut model: registration::ActiveModel = current.into();
            model.status = Set(RegistrationStatus::Cancelled);
            model.waitlist_position = Set(None);
            model.updated_at = Set(now);
            let saved = model.update(txn).await?;
            record(
                txn,
                now,
                saved.id,
                None,
                Some(from),
                (RegistrationStatus::Cancelled, from.1),
                Some("account deleted".into()),
            )
            .await?;
            mail::outbox::skip_pending_for_registration(txn, RegistrationId(saved.id), now).await?;
        }
        // `promote` gives no seats at a called-off event.
        for mode in freed {
            promote(tx, &event, mode).await?;
        }
        tx.seats_changed(EventId(event_id));
        changed.push(EventId(event_id));
    }
    Ok(changed)
}
