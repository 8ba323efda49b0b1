//! Reminders: organisers schedule them per event or per series (an absolute
//! time, or an offset before the start), for an audience; the job
//! ([`run_due`]) turns a due reminder into one outbox row per recipient.
//!
//! # Exactly once
//!
//! A reminder goes out once per event: the fan-out inserts a
//! `reminder_runs` row `(reminder, event)` in the same transaction as the
//! outbox rows. Two job runners racing for it block on the primary key; the
//! loser's insert does nothing and it rolls back. On top of that every outbox
//! row carries the dedupe key `reminder:{id}:registration:{id}` (or
//! `…:person:{id}` for speakers and network members), so nothing is queued
//! twice even if a run were repeated.
//!
//! # Moving and cancelling events
//!
//! The due time of an offset reminder is computed from the event's start as
//! it is when the job runs, so moving an event moves its offset reminders
//! without touching their rows. Cancelling an event cancels its scheduled
//! reminders (with the cancellation's mails, in `super::notices`).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use entities::{
    EventStatus, OutboxStatus, ParticipationMode, RegistrationStatus, ReminderStatus, event,
    network, network_member, network_role, outbox, person, registration, reminder, reminder_run,
    series, speaker,
};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait,
};
use serde::{Deserialize, Serialize};

use super::audit::{Action, Entry};
use super::effects::{Addressee, Effect, ReminderDue, ReminderTest, registration_recipient};
use super::tx::Tx;
use super::{Context, Error, ErrorCode, FieldError, Result, policy};
use crate::i18n::Locale;
use crate::ids::{EventId, NetworkId, PersonId, RegistrationId, ReminderId, SeriesId};
use crate::mail::{CustomText, Rendered, Template};

/// Longest offset before the start: a year.
const MAX_OFFSET_MINUTES: i32 = 366 * 24 * 60;

/// Longest custom subject, in characters.
const MAX_SUBJECT: usize = 300;

/// Longest custom body, in characters.
const MAX_BODY: usize = 20_000;

/// Who a reminder goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Audience {
    /// Confirmed participants, in person and online.
    Confirmed,
    /// Confirmed participants at the venue.
    InPerson,
    /// Confirmed participants online.
    Online,
    /// Those on the waiting list.
    Waitlisted,
    /// Applications waiting for a decision.
    Pending,
    /// Speakers of the event who are people in Träffpunkt (not declined).
    Speakers,
    /// Everyone of the network: people with a role in it and people of its
    /// member organisations (for open meetings).
    Network,
}

#[derive(Serialize, Deserialize)]
struct StoredAudience {
    filter: Audience,
}

impl Audience {
    fn to_json(self) -> serde_json::Value {
        serde_json::to_value(StoredAudience { filter: self }).unwrap_or_default()
    }

    /// The audience stored with a reminder (confirmed when unreadable).
    pub fn of(reminder: &reminder::Model) -> Self {
        serde_json::from_value::<StoredAudience>(reminder.audience.clone())
            .map(|a| a.filter)
            .unwrap_or(Audience::Confirmed)
    }
}

/// What a reminder belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// One event.
    Event(EventId),
    /// Every occurrence of a series, including ones added later.
    Series(SeriesId),
}

/// When a reminder goes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// At this instant (events only).
    At(DateTime<Utc>),
    /// This many minutes before the start.
    Before(i32),
}

/// A reminder as an organiser writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// The event or series.
    pub target: Target,
    /// When.
    pub when: When,
    /// Who.
    pub audience: Audience,
    /// Own subject, with placeholders (needs a body too).
    pub subject: Option<String>,
    /// Own body, with placeholders (needs a subject too).
    pub body: Option<String>,
    /// Language tag (`sv`, `nb`, `en`) of the own subject and body, and of
    /// the mails of recipients whose language they are not translated into;
    /// else each recipient's own language (the own text then being in the
    /// event's language).
    pub locale: Option<String>,
    /// The own subject and body in other languages.
    pub translations: Vec<TextTranslation>,
}

/// A reminder's own subject and body in another language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextTranslation {
    /// The language.
    pub locale: Locale,
    /// The subject, with placeholders.
    pub subject: String,
    /// The body, with placeholders.
    pub body: String,
}

/// The translations of a checked draft as stored, cleaned like the own
/// text (`None` without any).
fn translations_json(translations: &[TextTranslation]) -> Option<serde_json::Value> {
    let mut e = super::validate::Errors::new();
    let stored: serde_json::Map<String, serde_json::Value> = translations
        .iter()
        .filter_map(|t| {
            let subject = e.optional_text("subject", Some(&t.subject), MAX_SUBJECT)?;
            let body = e.optional_lines("body", Some(&t.body), MAX_BODY)?;
            Some((
                t.locale.as_str().to_owned(),
                serde_json::json!({ "subject": subject, "body": body }),
            ))
        })
        .collect();
    (!stored.is_empty()).then_some(serde_json::Value::Object(stored))
}

/// A reminder to show, or a draft that is not stored.
#[derive(Debug, Clone)]
pub enum Source {
    /// A stored reminder.
    Stored(ReminderId),
    /// A draft, checked but not stored.
    Draft(Draft),
}

/// Deliveries of a reminder by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Waiting to be sent or retried.
    pub pending: u64,
    /// Accepted by the mail server.
    pub sent: u64,
    /// Given up.
    pub failed: u64,
    /// Not sent on purpose (the registration was cancelled).
    pub skipped: u64,
}

impl Counts {
    /// Counts the outbox rows of a reminder by status.
    pub fn of(rows: &[outbox::Model]) -> Self {
        let mut counts = Self::default();
        for row in rows {
            match row.status {
                OutboxStatus::Pending => counts.pending += 1,
                OutboxStatus::Sent => counts.sent += 1,
                OutboxStatus::Failed => counts.failed += 1,
                OutboxStatus::Skipped => counts.skipped += 1,
            }
        }
        counts
    }
}

/// The own subject (one line) and body (lines kept) under the text rule,
/// with what it refuses.
fn own_texts(draft: &Draft) -> (Option<String>, Option<String>, Vec<FieldError>) {
    let mut errors = super::validate::Errors::new();
    let subject = errors.optional_text("subject", draft.subject.as_deref(), MAX_SUBJECT);
    let body = errors.optional_lines("body", draft.body.as_deref(), MAX_BODY);
    (subject, body, errors.into_vec())
}

fn trimmed(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// Checks a draft; returns the network it belongs to, the custom text and the locale.
async fn check(
    cx: &Context,
    draft: &Draft,
) -> Result<(NetworkId, Option<CustomText>, Option<Locale>)> {
    policy::require_write(cx)?;
    let db = &cx.db;
    let mut errors: Vec<FieldError> = Vec::new();
    let mut own_event_locale = None;
    let network = match draft.target {
        Target::Event(id) => {
            let event = event::Entity::find_by_id(id.0)
                .one(db)
                .await?
                .ok_or_else(|| Error::field("eventId", ErrorCode::NotFound, "no such event"))?;
            if let When::At(at) = draft.when
                && at >= event.ends_at
            {
                errors.push(FieldError::new(
                    "sendAt",
                    ErrorCode::OutOfRange,
                    "a reminder goes out before the event ends",
                ));
            }
            own_event_locale = Some(super::translations::own_locale(&event));
            NetworkId(event.network_id)
        }
        Target::Series(id) => series::Entity::find_by_id(id.0)
            .one(db)
            .await?
            .map(|s| NetworkId(s.network_id))
            .ok_or_else(|| Error::field("seriesId", ErrorCode::NotFound, "no such series"))?,
    };
    // Who may not manage the network learns nothing about the draft.
    policy::require_manage(cx, network).await?;
    match draft.when {
        When::At(_) if matches!(draft.target, Target::Series(_)) => errors.push(FieldError::new(
            "sendAt",
            ErrorCode::Invalid,
            "a series reminder goes out relative to each occurrence: give an offset",
        )),
        When::Before(minutes) if !(0..=MAX_OFFSET_MINUTES).contains(&minutes) => {
            errors.push(FieldError::new(
                "offsetMinutes",
                ErrorCode::OutOfRange,
                format!("between 0 and {MAX_OFFSET_MINUTES} minutes"),
            ));
        }
        _ => {}
    }
    let (subject, body, text_errors) = own_texts(draft);
    let refused: Vec<String> = text_errors.iter().map(|e| e.field.join(".")).collect();
    errors.extend(text_errors);
    let mut parse = |field: &str, source: &str| {
        if refused.iter().any(|f| f == field) {
            return None;
        }
        match Template::parse(source) {
            Ok(template) => Some(template),
            Err(err) => {
                errors.extend(err.to_field_errors(field));
                None
            }
        }
    };
    let custom = match (subject, body) {
        (None, None) => None,
        (Some(subject), Some(body)) => {
            let subject = parse("subject", &subject);
            let body = parse("body", &body);
            subject
                .zip(body)
                .map(|(subject, body)| CustomText::new(subject, body))
        }
        (None, Some(_)) => {
            errors.push(FieldError::new(
                "subject",
                ErrorCode::Required,
                "an own body needs an own subject",
            ));
            None
        }
        (Some(_), None) => {
            errors.push(FieldError::new(
                "body",
                ErrorCode::Required,
                "an own subject needs an own body",
            ));
            None
        }
    };
    let locale = match trimmed(draft.locale.clone()) {
        None => None,
        Some(tag) => {
            let locale = Locale::parse(&tag);
            if locale.is_none() {
                errors.push(FieldError::new(
                    "locale",
                    ErrorCode::Invalid,
                    "sv, nb or en",
                ));
            }
            locale
        }
    };
    // The own text's language: the chosen one, else the event's own (a
    // series': its network's).
    let own = match (locale, draft.target) {
        (Some(locale), _) => locale,
        (None, Target::Event(_)) => own_event_locale.unwrap_or_default(),
        (None, Target::Series(_)) => {
            let network = network::Entity::find_by_id(network.0).one(db).await?;
            network
                .and_then(|n| Locale::parse(&n.default_locale))
                .unwrap_or_default()
        }
    };
    let translated = translated_texts(draft, own, &mut errors);
    let custom = custom.map(|mut custom| {
        custom.translations = translated;
        custom
    });
    let blank = |v: &Option<String>| v.as_deref().is_none_or(|v| v.trim().is_empty());
    if !draft.translations.is_empty() && blank(&draft.subject) && blank(&draft.body) {
        errors.push(FieldError::new(
            "translations",
            ErrorCode::Invalid,
            "translations are of the own subject and body: give those first",
        ));
    }
    if errors.is_empty() {
        Ok((network, custom, locale))
    } else {
        Err(Error::Invalid(errors))
    }
}

/// Checks the translations of a draft's own text as the own text is
/// checked (length, lines, placeholders), each error on its entry
/// (`translations.1.body`); a language given twice or the own text's
/// language (`own`) is refused.
fn translated_texts(
    draft: &Draft,
    own: Locale,
    errors: &mut Vec<FieldError>,
) -> BTreeMap<Locale, (Template, Template)> {
    let mut out = BTreeMap::new();
    let mut named = HashSet::new();
    for (i, t) in draft.translations.iter().enumerate() {
        let at = |part: &str| format!("translations.{i}.{part}");
        if t.locale == own {
            errors.push(FieldError::new(
                &at("lang"),
                ErrorCode::Invalid,
                format!(
                    "{own} is the language of the own subject and body; translate into another"
                ),
            ));
            continue;
        }
        if !named.insert(t.locale) {
            errors.push(FieldError::new(
                &at("lang"),
                ErrorCode::Invalid,
                format!("{} is given twice; give each language once", t.locale),
            ));
            continue;
        }
        let mut e = super::validate::Errors::new();
        let subject = e.optional_text(&at("subject"), Some(&t.subject), MAX_SUBJECT);
        let body = e.optional_lines(&at("body"), Some(&t.body), MAX_BODY);
        let found = e.into_vec();
        let mut ok = found.is_empty();
        errors.extend(found);
        let (Some(subject), Some(body)) = (subject, body) else {
            if ok {
                for (part, missing) in [
                    ("subject", t.subject.trim().is_empty()),
                    ("body", t.body.trim().is_empty()),
                ] {
                    if missing {
                        errors.push(FieldError::new(
                            &at(part),
                            ErrorCode::Required,
                            "a translation needs both a subject and a body",
                        ));
                    }
                }
            }
            continue;
        };
        let mut parse = |part: &str, source: &str| match Template::parse(source) {
            Ok(template) => Some(template),
            Err(err) => {
                // A placeholder missing in one language is the same
                // mistake as in the original.
                errors.extend(err.to_field_errors(&at(part)));
                ok = false;
                None
            }
        };
        let subject = parse("subject", &subject);
        let body = parse("body", &body);
        if let (Some(subject), Some(body), true) = (subject, body, ok) {
            out.insert(t.locale, (subject, body));
        }
    }
    out
}

/// The network a stored reminder belongs to.
async fn network_of<C: ConnectionTrait>(db: &C, reminder: &reminder::Model) -> Result<NetworkId> {
    if let Some(event_id) = reminder.event_id
        && let Some(event) = event::Entity::find_by_id(event_id).one(db).await?
    {
        return Ok(NetworkId(event.network_id));
    }
    if let Some(series_id) = reminder.series_id
        && let Some(series) = series::Entity::find_by_id(series_id).one(db).await?
    {
        return Ok(NetworkId(series.network_id));
    }
    Err(Error::NotFound("reminder"))
}

/// A reminder the viewer manages; others are "not found".
async fn managed(cx: &Context, id: ReminderId) -> Result<reminder::Model> {
    let reminder = reminder::Entity::find_by_id(id.0)
        .one(&cx.db)
        .await?
        .ok_or(Error::NotFound("reminder"))?;
    let network = network_of(&cx.db, &reminder).await?;
    if !policy::manages(cx, network).await? {
        return Err(Error::NotFound("reminder"));
    }
    policy::require_write(cx)?;
    Ok(reminder)
}

/// Schedules a reminder. Only organisers of the event's network.
#[tracing::instrument(skip_all)]
pub async fn schedule(cx: &Context, draft: Draft) -> Result<reminder::Model> {
    let signed_in = policy::require_write(cx)?.person_id;
    let (network, _, locale) = check(cx, &draft).await?;
    let (subject, body, _) = own_texts(&draft);
    let now = cx.clock.now();
    let (send_at, offset) = match draft.when {
        When::At(at) => (Some(at), None),
        When::Before(minutes) => (None, Some(minutes)),
    };
    let (event_id, series_id) = match draft.target {
        Target::Event(id) => (Some(id.0), None),
        Target::Series(id) => (None, Some(id.0)),
    };
    let row = reminder::ActiveModel {
        id: Set(ReminderId::new().0),
        event_id: Set(event_id),
        series_id: Set(series_id),
        send_at: Set(send_at),
        offset_minutes: Set(offset),
        audience: Set(draft.audience.to_json()),
        subject: Set(subject),
        body: Set(body),
        locale: Set(locale.map(|l| l.as_str().to_owned())),
        translations: Set(translations_json(&draft.translations)),
        status: Set(ReminderStatus::Scheduled),
        created_by: Set(Some(signed_in.0)),
        created_at: Set(now),
        updated_at: Set(now),
    };
    Tx::run(cx, |tx| {
        let row = row.clone();
        async move {
            let saved = row.insert(tx.db()).await?;
            tx.audit(reminder_entry(network, &saved, Action::ReminderScheduled));
            Ok((tx, saved))
        }
    })
    .await
}

/// Cancels a scheduled reminder (cancelling twice is fine; a sent one cannot be).
#[tracing::instrument(skip_all, fields(reminder = %id))]
pub async fn cancel(cx: &Context, id: ReminderId) -> Result<reminder::Model> {
    let current = managed(cx, id).await?;
    match current.status {
        ReminderStatus::Cancelled => Ok(current),
        ReminderStatus::Sent => Err(Error::field(
            "reminderId",
            ErrorCode::InvalidState,
            "this reminder has been sent",
        )),
        ReminderStatus::Scheduled => {
            Tx::run(cx, |tx| async move {
                // Only while still scheduled: a run that sent it meanwhile
                // wins, and cancelling then says so.
                let updated = reminder::Entity::update_many()
                    .col_expr(
                        reminder::Column::Status,
                        Expr::value(ReminderStatus::Cancelled.as_str()),
                    )
                    .col_expr(reminder::Column::UpdatedAt, Expr::value(tx.now()))
                    .filter(reminder::Column::Id.eq(id.0))
                    .filter(reminder::Column::Status.eq(ReminderStatus::Scheduled))
                    .exec(tx.db())
                    .await?;
                let now = reminder::Entity::find_by_id(id.0)
                    .one(tx.db())
                    .await?
                    .ok_or(Error::NotFound("reminder"))?;
                if updated.rows_affected == 0 && now.status == ReminderStatus::Sent {
                    return Err(Error::field(
                        "reminderId",
                        ErrorCode::InvalidState,
                        "this reminder has been sent",
                    ));
                }
                if updated.rows_affected > 0 {
                    let network = network_of(tx.db(), &now).await?;
                    tx.audit(reminder_entry(network, &now, Action::ReminderCancelled));
                }
                Ok((tx, now))
            })
            .await
        }
    }
}

/// An audit entry about `reminder`: of its event, or of the network for a
/// series' reminder.
fn reminder_entry(network: NetworkId, reminder: &reminder::Model, action: Action) -> Entry {
    let entry = match reminder.event_id {
        Some(event) => Entry::event(network, EventId(event), action),
        None => Entry::network(network, action),
    };
    entry.about(reminder.id, reminder.subject.as_deref())
}

/// What [`send_now`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendNow {
    /// Queued this many mails (at least one).
    Queued(usize),
    /// Nothing: another call (or the worker's job) sent the reminder for
    /// this event first.
    AlreadySent,
    /// Sent, but the audience was empty: nobody to mail.
    NoRecipients,
}

impl SendNow {
    /// Mails queued by this call.
    pub fn queued(self) -> usize {
        match self {
            Self::Queued(queued) => queued,
            Self::AlreadySent | Self::NoRecipients => 0,
        }
    }
}

/// Sends a scheduled reminder now: an event reminder to its event, a series
/// reminder to the next occurrence that has not started. Two calls at once
/// send it once: the other one answers [`SendNow::AlreadySent`].
#[tracing::instrument(skip_all, fields(reminder = %id))]
pub async fn send_now(cx: &Context, id: ReminderId) -> Result<(reminder::Model, SendNow)> {
    let current = managed(cx, id).await?;
    if current.status != ReminderStatus::Scheduled {
        return Err(Error::field(
            "reminderId",
            ErrorCode::InvalidState,
            "only a scheduled reminder can be sent",
        ));
    }
    let now = cx.clock.now();
    let event = match (current.event_id, current.series_id) {
        (Some(event_id), _) => event::Entity::find_by_id(event_id).one(&cx.db).await?,
        (None, Some(series_id)) => {
            event::Entity::find()
                .filter(event::Column::SeriesId.eq(series_id))
                .filter(event::Column::Status.ne(EventStatus::Cancelled))
                .filter(event::Column::StartsAt.gt(now))
                .order_by_asc(event::Column::StartsAt)
                .one(&cx.db)
                .await?
        }
        (None, None) => None,
    };
    let Some(event) = event else {
        return Err(Error::field(
            "reminderId",
            ErrorCode::InvalidState,
            "there is no upcoming event to send it for",
        ));
    };
    if event.status == EventStatus::Cancelled || event.ends_at <= now {
        return Err(Error::field(
            "reminderId",
            ErrorCode::InvalidState,
            "the event is cancelled or over",
        ));
    }
    let sent = fan_out(cx, &current, &event).await?;
    let reminder = reminder::Entity::find_by_id(id.0)
        .one(&cx.db)
        .await?
        .ok_or(Error::NotFound("reminder"))?;
    let outcome = match sent {
        None => SendNow::AlreadySent,
        Some(0) => SendNow::NoRecipients,
        Some(queued) => SendNow::Queued(queued),
    };
    Ok((reminder, outcome))
}

/// The draft of a stored reminder, or the draft itself, checked.
async fn resolve(
    cx: &Context,
    source: Source,
) -> Result<(NetworkId, Option<CustomText>, Option<Locale>, Target)> {
    match source {
        Source::Draft(draft) => {
            let (network, custom, locale) = check(cx, &draft).await?;
            Ok((network, custom, locale, draft.target))
        }
        Source::Stored(id) => {
            let reminder = managed(cx, id).await?;
            let network = network_of(&cx.db, &reminder).await?;
            let custom = super::notices::custom_text(&reminder);
            let locale = reminder.locale.as_deref().and_then(Locale::parse);
            let target = match (reminder.event_id, reminder.series_id) {
                (Some(e), _) => Target::Event(EventId(e)),
                (None, Some(s)) => Target::Series(SeriesId(s)),
                (None, None) => return Err(Error::NotFound("reminder")),
            };
            Ok((network, custom, locale, target))
        }
    }
}

/// A registration of the target, for preview and test-send.
async fn registration_for(
    cx: &Context,
    target: Target,
    id: RegistrationId,
) -> Result<(registration::Model, event::Model)> {
    let not_found = || {
        Error::field(
            "registrationId",
            ErrorCode::NotFound,
            "no such registration of this event",
        )
    };
    let registration = registration::Entity::find_by_id(id.0)
        .one(&cx.db)
        .await?
        .ok_or_else(not_found)?;
    let event = event::Entity::find_by_id(registration.event_id)
        .one(&cx.db)
        .await?
        .ok_or_else(not_found)?;
    let belongs = match target {
        Target::Event(e) => event.id == e.0,
        Target::Series(s) => event.series_id == Some(s.0),
    };
    if !belongs {
        return Err(not_found());
    }
    Ok((registration, event))
}

/// Renders the reminder for one registration without sending it: in
/// `lang` when given (as a recipient of that language would get it), else
/// in the registration's own language.
#[tracing::instrument(skip_all)]
pub async fn preview(
    cx: &Context,
    source: Source,
    registration: RegistrationId,
    lang: Option<Locale>,
) -> Result<Rendered> {
    let (network, custom, locale, target) = resolve(cx, source).await?;
    let (registration, event) = registration_for(cx, target, registration).await?;
    let network = network::Entity::find_by_id(network.0)
        .one(&cx.db)
        .await?
        .ok_or(Error::NotFound("network"))?;
    let person = match registration.person_id {
        Some(id) => person::Entity::find_by_id(id).one(&cx.db).await?,
        None => None,
    };
    let to = registration_recipient(&registration, person.as_ref())
        .ok_or_else(|| Error::field("registrationId", ErrorCode::Invalid, "no address"))?;
    let theirs = lang.unwrap_or_else(|| {
        Locale::choose(
            registration
                .locale
                .as_deref()
                .or_else(|| person.as_ref().and_then(|p| p.locale.as_deref())),
            Some(&network.default_locale),
        )
    });
    // A preview shows where the manage link goes without making one.
    let manage = Some(super::notices::manage_link(&cx.public_url, "…"));
    let texts = super::translations::of_event(&cx.db, EventId(event.id))
        .await?
        .facts();
    let kind = super::notices::reminder_kind(&event, &texts, &to, custom, None, manage);
    // The language the mail goes out in, as the outbox chooses it.
    let locale = match locale {
        Some(text) if theirs != text && !kind.translated_into(theirs) => text,
        _ => theirs,
    };
    Ok(kind.render(locale, &network.name))
}

/// Sends the reminder to the organiser themself, as the given registration
/// would get it (or with both the address and the join link).
#[tracing::instrument(skip_all)]
pub async fn test_send(
    cx: &Context,
    source: Source,
    registration: Option<RegistrationId>,
) -> Result<bool> {
    let me = policy::require_write(cx)?.person_id;
    let (network, custom, locale, target) = resolve(cx, source).await?;
    let (event, mode) = match registration {
        Some(id) => {
            let (registration, event) = registration_for(cx, target, id).await?;
            (event, Some(registration.mode))
        }
        None => {
            let event = match target {
                Target::Event(id) => event::Entity::find_by_id(id.0).one(&cx.db).await?,
                Target::Series(id) => {
                    event::Entity::find()
                        .filter(event::Column::SeriesId.eq(id.0))
                        .order_by_desc(event::Column::StartsAt)
                        .one(&cx.db)
                        .await?
                }
            };
            (event.ok_or(Error::NotFound("event"))?, None)
        }
    };
    let test = ReminderTest {
        to: person::Entity::find_by_id(me.0)
            .one(&cx.db)
            .await?
            .ok_or(Error::Unauthenticated)?,
        event,
        network,
        mode,
        custom,
        locale,
    };
    Tx::run(cx, |tx| {
        let test = test.clone();
        async move {
            tx.effect(Effect::ReminderTest(Box::new(test)));
            Ok((tx, true))
        }
    })
    .await
}

/// Everyone `audience` covers for `event`.
async fn recipients<C: ConnectionTrait>(
    db: &C,
    audience: Audience,
    event: &event::Model,
) -> Result<Vec<(Addressee, Option<registration::Model>)>> {
    let registrations = |statuses: &[RegistrationStatus], mode: Option<ParticipationMode>| {
        let mut query = registration::Entity::find()
            .filter(registration::Column::EventId.eq(event.id))
            .filter(registration::Column::Status.is_in(statuses.iter().copied()))
            .filter(registration::Column::RemindersOffAt.is_null())
            // A guest who has not confirmed their address gets nothing more.
            .filter(registration::Column::HoldExpiresAt.is_null());
        if let Some(mode) = mode {
            query = query.filter(registration::Column::Mode.eq(mode));
        }
        query.order_by_asc(registration::Column::CreatedAt)
    };
    let people_by_id = |ids: Vec<uuid::Uuid>| async move {
        let people = person::Entity::find()
            .filter(person::Column::Id.is_in(ids))
            .all(db)
            .await?;
        Ok::<_, Error>(
            people
                .into_iter()
                .map(|p| (p.id, p))
                .collect::<HashMap<_, _>>(),
        )
    };
    let query = match audience {
        Audience::Confirmed => registrations(&[RegistrationStatus::Confirmed], None),
        Audience::InPerson => registrations(
            &[RegistrationStatus::Confirmed],
            Some(ParticipationMode::InPerson),
        ),
        Audience::Online => registrations(
            &[RegistrationStatus::Confirmed],
            Some(ParticipationMode::Online),
        ),
        Audience::Waitlisted => registrations(&[RegistrationStatus::Waitlisted], None),
        Audience::Pending => registrations(&[RegistrationStatus::Pending], None),
        Audience::Speakers | Audience::Network => {
            let ids: Vec<uuid::Uuid> = if audience == Audience::Speakers {
                // Accepted speakers: the ones `policy` gives the join link.
                speaker::Entity::find()
                    .filter(speaker::Column::EventId.eq(event.id))
                    .filter(speaker::Column::Status.eq(entities::SpeakerStatus::Confirmed))
                    .all(db)
                    .await?
                    .into_iter()
                    .filter_map(|s| s.person_id)
                    .collect()
            } else {
                network_people(db, event.network_id).await?
            };
            let people = people_by_id(ids.clone()).await?;
            let mut seen = HashSet::new();
            let venue = event.venue_name.is_some() || event.venue_address.is_some();
            return Ok(ids
                .into_iter()
                .filter(|id| seen.insert(*id))
                .filter_map(|id| people.get(&id))
                .map(|p| {
                    (
                        Addressee::Person {
                            email: p.email.clone(),
                            name: p.name.clone(),
                            person: PersonId(p.id),
                            venue,
                            // Speakers need the link to speak; network members
                            // of an open meeting get it like the page shows it.
                            online: audience == Audience::Speakers
                                || event.join_link_visibility
                                    == entities::JoinLinkVisibility::Public,
                        },
                        None,
                    )
                })
                .collect());
        }
    };
    let found = query.all(db).await?;
    let people = people_by_id(found.iter().filter_map(|r| r.person_id).collect()).await?;
    Ok(found
        .into_iter()
        .filter_map(|r| {
            let person = r.person_id.and_then(|id| people.get(&id));
            registration_recipient(&r, person).map(|t| (t, Some(r)))
        })
        .collect())
}

/// The network's members as `policy` proves them: people with a role in it,
/// and people who verified an address in the mail domain of one of its member
/// organisations (never what a guest declared).
async fn network_people<C: ConnectionTrait>(
    db: &C,
    network: uuid::Uuid,
) -> Result<Vec<uuid::Uuid>> {
    let mut ids: Vec<uuid::Uuid> = network_role::Entity::find()
        .filter(network_role::Column::NetworkId.eq(network))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.person_id)
        .collect();
    let members = network_member::Entity::find()
        .select_only()
        .column(network_member::Column::OrganisationId)
        .filter(network_member::Column::NetworkId.eq(network))
        .into_query();
    let domains: Vec<String> = entities::organisation_domain::Entity::find()
        .select_only()
        .column(entities::organisation_domain::Column::Domain)
        .filter(entities::organisation_domain::Column::OrganisationId.in_subquery(members))
        .into_tuple()
        .all(db)
        .await?;
    if !domains.is_empty() {
        let mut in_domain = sea_orm::Condition::any();
        for domain in &domains {
            in_domain = in_domain.add(person::Column::Email.ends_with(format!("@{domain}")));
        }
        ids.extend(
            person::Entity::find()
                .select_only()
                .column(person::Column::Id)
                .filter(person::Column::EmailVerifiedAt.is_not_null())
                .filter(in_domain)
                .order_by_asc(person::Column::CreatedAt)
                .into_tuple::<uuid::Uuid>()
                .all(db)
                .await?,
        );
    }
    Ok(ids)
}

/// Queues `reminder` for everyone of its audience at `event`, once: returns
/// `None` when this run was already done (by another runner, or before),
/// else how many mails it queued.
async fn fan_out(
    cx: &Context,
    reminder: &reminder::Model,
    event: &event::Model,
) -> Result<Option<usize>> {
    let claimed = Tx::run(cx, |tx| claim_run(tx, reminder, event)).await?;
    if !claimed {
        return Ok(None);
    }
    // The run's row says how many `notices` queued.
    let run = reminder_run::Entity::find_by_id((reminder.id, event.id))
        .one(&cx.db)
        .await?;
    Ok(Some(
        run.and_then(|r| usize::try_from(r.recipients).ok())
            .unwrap_or(0),
    ))
}

/// The rule of a reminder's run: mark an event reminder sent and claim the
/// run (whoever inserts the run owns it; a concurrent insert waits for this
/// transaction and then does nothing), and record that it is due for its audience
/// as it is now ([`Effect::ReminderDue`]; `notices` makes the mails).
async fn claim_run(tx: Tx, reminder: &reminder::Model, event: &event::Model) -> Result<(Tx, bool)> {
    let (txn, now) = (tx.db(), tx.now());
    if reminder.event_id.is_some() {
        // Also guards against a cancellation that committed meanwhile, and
        // against a runner that got here first: it changed the status.
        let updated = reminder::Entity::update_many()
            .col_expr(
                reminder::Column::Status,
                Expr::value(ReminderStatus::Sent.as_str()),
            )
            .col_expr(reminder::Column::UpdatedAt, Expr::value(now))
            .filter(reminder::Column::Id.eq(reminder.id))
            .filter(reminder::Column::Status.eq(ReminderStatus::Scheduled))
            .exec(txn)
            .await?;
        if updated.rows_affected == 0 {
            return Ok((tx, false));
        }
    }
    let claimed = reminder_run::Entity::insert(reminder_run::ActiveModel {
        reminder_id: Set(reminder.id),
        event_id: Set(event.id),
        recipients: Set(0),
        created_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([
            reminder_run::Column::ReminderId,
            reminder_run::Column::EventId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    if claimed == 0 {
        return Ok((tx, false));
    }
    let recipients = recipients(txn, Audience::of(reminder), event).await?;
    tx.audit(
        Entry::event(event.network_id, EventId(event.id), Action::ReminderSent)
            .about(reminder.id, reminder.subject.as_deref()),
    );
    tx.effect(Effect::ReminderDue(Box::new(ReminderDue {
        reminder: reminder.clone(),
        event: event.clone(),
        recipients,
    })));
    Ok((tx, true))
}

/// When `reminder` is due for `event`, computed from the event as it is now.
pub fn due_at(reminder: &reminder::Model, event: &event::Model) -> Option<DateTime<Utc>> {
    match (reminder.send_at, reminder.offset_minutes) {
        (Some(at), _) => Some(at),
        (None, Some(minutes)) => Some(event.starts_at - Duration::minutes(i64::from(minutes))),
        (None, None) => None,
    }
}

/// The job: queues every reminder that is due now, once per event. Safe to
/// run from any number of processes at once. Returns how many mails it queued.
#[tracing::instrument(skip_all)]
pub async fn run_due(cx: &Context) -> Result<usize> {
    let (db, clock) = (&cx.db, &cx.clock);
    let now = clock.now();
    let scheduled = reminder::Entity::find()
        .filter(reminder::Column::Status.eq(ReminderStatus::Scheduled))
        .order_by_asc(reminder::Column::CreatedAt)
        .all(db)
        .await?;
    // Three queries a pass whatever the number of reminders: the scheduled
    // reminders, their events, and the upcoming occurrences of their series.
    let event_ids: Vec<uuid::Uuid> = scheduled.iter().filter_map(|r| r.event_id).collect();
    let series_ids: Vec<uuid::Uuid> = scheduled
        .iter()
        .filter(|r| r.event_id.is_none())
        .filter_map(|r| r.series_id)
        .collect();
    let by_id: HashMap<uuid::Uuid, event::Model> = if event_ids.is_empty() {
        HashMap::new()
    } else {
        event::Entity::find()
            .filter(event::Column::Id.is_in(event_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|e| (e.id, e))
            .collect()
    };
    let mut by_series: HashMap<uuid::Uuid, Vec<event::Model>> = HashMap::new();
    if !series_ids.is_empty() {
        for occurrence in event::Entity::find()
            .filter(event::Column::SeriesId.is_in(series_ids))
            .filter(event::Column::StartsAt.gt(now))
            .all(db)
            .await?
        {
            if let Some(series) = occurrence.series_id {
                by_series.entry(series).or_default().push(occurrence);
            }
        }
    }
    let mut queued = 0;
    for reminder in scheduled {
        let events: Vec<&event::Model> = match (reminder.event_id, reminder.series_id) {
            (Some(id), _) => by_id.get(&id).into_iter().collect(),
            (None, Some(series)) => by_series
                .get(&series)
                .map(|list| list.iter().collect())
                .unwrap_or_default(),
            (None, None) => Vec::new(),
        };
        for event in events {
            if event.status == EventStatus::Cancelled {
                continue;
            }
            if due_at(&reminder, event).is_none_or(|due| due > now) {
                continue;
            }
            if reminder.series_id.is_some() {
                let done = reminder_run::Entity::find_by_id((reminder.id, event.id))
                    .one(db)
                    .await?
                    .is_some();
                if done {
                    continue;
                }
            }
            queued += fan_out(cx, &reminder, event).await?.unwrap_or(0);
        }
    }
    Ok(queued)
}

/// Stops reminders for the registration holding `token`. Returns whether
/// the token was known (unsubscribing twice is fine).
#[tracing::instrument(skip_all)]
pub async fn unsubscribe(cx: &Context, token: &str) -> Result<bool> {
    let token = token.trim();
    if token.is_empty() || token.len() > 64 {
        return Ok(false);
    }
    Tx::run(cx, |tx| async move {
        let Some(found) = registration::Entity::find()
            .filter(registration::Column::ReminderToken.eq(token))
            .one(tx.db())
            .await?
        else {
            return Ok((tx, false));
        };
        if found.reminders_off_at.is_none() {
            let now = tx.now();
            let mut model: registration::ActiveModel = found.into();
            model.reminders_off_at = Set(Some(now));
            model.updated_at = Set(now);
            model.update(tx.db()).await?;
        }
        Ok((tx, true))
    })
    .await
}

/// A reminder by id, for those who manage its network (as
/// `Event.reminders`); `None` for anyone else, as for an unknown id.
#[tracing::instrument(skip_all, fields(reminder = %id))]
pub async fn get(cx: &Context, id: ReminderId) -> Result<Option<reminder::Model>> {
    let Some(reminder) = reminder::Entity::find_by_id(id.0).one(&cx.db).await? else {
        return Ok(None);
    };
    let network = network_of(&cx.db, &reminder).await?;
    if !policy::manages(cx, network).await? {
        return Ok(None);
    }
    Ok(Some(reminder))
}

/// The reminders of an event (its own and its series'), for organisers;
/// empty for everyone else.
pub async fn of_event(cx: &Context, event: &event::Model) -> Result<Vec<reminder::Model>> {
    if !policy::manages(cx, NetworkId(event.network_id)).await? {
        return Ok(Vec::new());
    }
    let mut condition = sea_orm::Condition::any().add(reminder::Column::EventId.eq(event.id));
    if let Some(series) = event.series_id {
        condition = condition.add(reminder::Column::SeriesId.eq(series));
    }
    Ok(reminder::Entity::find()
        .filter(condition)
        .order_by_asc(reminder::Column::CreatedAt)
        .all(&cx.db)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audiences_are_stored_as_json_and_read_back() {
        for audience in [
            Audience::Confirmed,
            Audience::InPerson,
            Audience::Online,
            Audience::Waitlisted,
            Audience::Pending,
            Audience::Speakers,
            Audience::Network,
        ] {
            let stored = audience.to_json();
            let back: StoredAudience = serde_json::from_value(stored).expect("reads");
            assert_eq!(back.filter, audience);
        }
        assert_eq!(
            Audience::InPerson.to_json(),
            serde_json::json!({ "filter": "IN_PERSON" })
        );
    }
}
