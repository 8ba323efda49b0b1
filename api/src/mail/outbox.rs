//! The outbox: every mail to every recipient is a row, written in the same
//! transaction as the action that causes it ([`enqueue`]), so a mail exists
//! exactly when its cause was committed and nothing queued is lost on a
//! crash or restart.
//!
//! Workers take rows with [`claim`]: one statement that marks up to `limit`
//! due rows as theirs until a lease runs out. On PostgreSQL the rows are
//! picked with `FOR UPDATE SKIP LOCKED`, so concurrent workers take disjoint
//! rows without waiting on each other; on SQLite the single `UPDATE …
//! RETURNING` runs under the database's one write lock, which makes it atomic
//! in the same way. A row whose lease has run out is due again: a worker that
//! dies between claim and send delays the mail by one lease
//! (`MAIL_LEASE_SECONDS`), never loses it; live workers [`renew`] their
//! claims while they work, so the lease can be short.
//! Every later write to a claimed row checks `claimed_by`, so a worker that
//! lost its lease cannot overwrite the outcome of the one that took over.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use entities::{OutboxStatus, network, network_contact, outbox, person, registration};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::address::{AddressError, MailAddress};
use super::template::{MailCode, MailKind};
use crate::calendar::ics;
use crate::clock::Clock;
use crate::i18n::Locale;
use crate::ids::{EventId, MailId, NetworkId, PersonId, RegistrationId, ReminderId};

/// Who a mail is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    /// Address (a non-ASCII domain is fine: it is sent IDNA-encoded).
    pub email: String,
    /// Display name in the `To` header.
    pub name: Option<String>,
    /// The person, when the recipient is one: their language preference is
    /// used, and their data export and erasure find the mail.
    pub person: Option<PersonId>,
}

impl Recipient {
    /// A recipient with a name and no person record.
    pub fn new(email: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            email: email.into(),
            name: Some(name.into()),
            person: None,
        }
    }

    /// The recipient is this person.
    pub fn person(mut self, person: PersonId) -> Self {
        self.person = Some(person);
        self
    }
}

/// A calendar invitation attached as `invite.ics`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    /// `REQUEST` on confirmation, `CANCEL` when the event or registration is cancelled.
    pub method: ics::Method,
    /// The event, with the same UID as the feeds ([`crate::calendar::event_uid`]).
    pub event: ics::Event,
    /// The same event in the languages the organiser translated it into,
    /// for a mail in one of them (the event's own texts otherwise).
    pub translated: BTreeMap<Locale, ics::Event>,
}

impl Invitation {
    /// An invitation in the event's own texts only.
    pub fn new(method: ics::Method, event: ics::Event) -> Self {
        Self {
            method,
            event,
            translated: BTreeMap::new(),
        }
    }

    /// Names the recipient as the `ATTENDEE`, in every language.
    pub fn set_attendee(&mut self, attendee: ics::Attendee) {
        for event in self.translated.values_mut() {
            event.attendee = Some(attendee.clone());
        }
        self.event.attendee = Some(attendee);
    }

    /// The calendar to attach to a mail in `locale`.
    fn render(self, locale: Locale) -> String {
        let Self {
            method,
            event,
            mut translated,
        } = self;
        let mut calendar = ics::Calendar::new();
        calendar.method = Some(method);
        calendar
            .events
            .push(translated.remove(&locale).unwrap_or(event));
        calendar.render()
    }
}

/// A mail to send: what, to whom, and what it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// The recipient.
    pub to: Recipient,
    /// The language; `None` chooses the registration's language (the one it
    /// was made in), else the person's preference, else the network's
    /// default, else Swedish.
    pub locale: Option<Locale>,
    /// The language of the organiser's own text in the mail (a reminder's
    /// chosen language): a recipient whose language the text is not
    /// translated into gets the mail in this one, so text and frame agree.
    pub text_locale: Option<Locale>,
    /// What the mail says.
    pub kind: MailKind,
    /// The network it comes from: its name is the sender's display name and
    /// its first contact person the reply-to address.
    pub network: Option<NetworkId>,
    /// The event it is about.
    pub event: Option<EventId>,
    /// The registration it is about (a reminder or change notice is skipped
    /// if this registration is cancelled before it goes out).
    pub registration: Option<RegistrationId>,
    /// The reminder it delivers (its report reads these rows).
    pub reminder: Option<ReminderId>,
    /// An `.ics` attachment.
    pub invitation: Option<Invitation>,
    /// Not before this instant (default: now).
    pub send_at: Option<DateTime<Utc>>,
    /// Not after this instant: skipped when it could not go out in time.
    pub not_after: Option<DateTime<Utc>>,
    /// Enqueueing the same key again stores nothing (e.g.
    /// `reminder:{id}:registration:{id}`), so a job that runs twice sends once.
    pub dedupe_key: Option<String>,
}

impl Outgoing {
    /// A mail of `kind` to `to`, belonging to nothing yet.
    pub fn new(to: Recipient, kind: MailKind) -> Self {
        Self {
            to,
            locale: None,
            text_locale: None,
            kind,
            network: None,
            event: None,
            registration: None,
            reminder: None,
            invitation: None,
            send_at: None,
            not_after: None,
            dedupe_key: None,
        }
    }

    /// In this language.
    pub fn locale(mut self, locale: Locale) -> Self {
        self.locale = Some(locale);
        self
    }

    /// With the organiser's own text written in `locale` (see
    /// [`Self::text_locale`]).
    pub fn text_locale(mut self, locale: Locale) -> Self {
        self.text_locale = Some(locale);
        self
    }

    /// From this network.
    pub fn network(mut self, network: NetworkId) -> Self {
        self.network = Some(network);
        self
    }

    /// About this event.
    pub fn event(mut self, event: EventId) -> Self {
        self.event = Some(event);
        self
    }

    /// About this registration.
    pub fn registration(mut self, registration: RegistrationId) -> Self {
        self.registration = Some(registration);
        self
    }

    /// Delivering this reminder.
    pub fn reminder(mut self, reminder: ReminderId) -> Self {
        self.reminder = Some(reminder);
        self
    }

    /// With a calendar invitation.
    pub fn invitation(mut self, invitation: Invitation) -> Self {
        self.invitation = Some(invitation);
        self
    }

    /// Not before `at`.
    pub fn send_at(mut self, at: DateTime<Utc>) -> Self {
        self.send_at = Some(at);
        self
    }

    /// Not after `at`.
    pub fn not_after(mut self, at: DateTime<Utc>) -> Self {
        self.not_after = Some(at);
        self
    }

    /// Idempotent under `key`.
    pub fn dedupe_key(mut self, key: impl Into<String>) -> Self {
        self.dedupe_key = Some(key.into());
        self
    }
}

/// Why a mail could not be queued.
#[derive(Debug, thiserror::Error)]
pub enum EnqueueError {
    /// The recipient's address cannot be mailed.
    #[error("invalid recipient address: {0}")]
    InvalidAddress(#[from] AddressError),
    /// The database failed.
    #[error("database error: {0}")]
    Database(#[from] DbErr),
}

/// The signature and sender name of mail that belongs to no network.
const DEFAULT_SIGNATURE: &str = "Träffpunkt";

/// Renders `mail` and stores it in the outbox through `conn` — pass the
/// transaction of the action that causes the mail, so both commit or neither.
/// Returns the new row's id, or `None` when a row with the same dedupe key
/// already exists.
#[tracing::instrument(skip_all, fields(kind = mail.kind.code().as_str()))]
pub async fn enqueue<C: ConnectionTrait>(
    conn: &C,
    clock: &Clock,
    mail: Outgoing,
) -> Result<Option<MailId>, EnqueueError> {
    let mut lookups = Lookups::default();
    let (id, row) = prepare(conn, clock, &mut lookups, mail).await?;
    let inserted = outbox::Entity::insert(row)
        .on_conflict(
            OnConflict::column(outbox::Column::DedupeKey)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    Ok((inserted > 0).then_some(id))
}

/// Rows per `INSERT` of [`enqueue_many`]: about 30 values each, well under
/// SQLite's and PostgreSQL's limits on bound parameters.
const INSERT_CHUNK: usize = 200;

/// Like [`enqueue`] for many mails at once (a reminder to everyone
/// registered): the networks, their reply-to addresses and the recipients'
/// languages are read once, not per mail, and the rows go in a few
/// multi-row `INSERT`s. A mail whose address cannot be mailed is left out
/// (logged), as a row whose dedupe key exists already is. Returns how many
/// rows were stored.
#[tracing::instrument(skip_all, fields(n = mails.len()))]
pub async fn enqueue_many<C: ConnectionTrait>(
    conn: &C,
    clock: &Clock,
    mails: Vec<Outgoing>,
) -> Result<u64, DbErr> {
    let mut lookups = Lookups::default();
    lookups.preload(conn, &mails).await?;
    let mut rows = Vec::with_capacity(mails.len());
    for mail in mails {
        match prepare(conn, clock, &mut lookups, mail).await {
            Ok((_, row)) => rows.push(row),
            Err(EnqueueError::InvalidAddress(err)) => {
                tracing::warn!(%err, "a recipient's address cannot be mailed; left out");
            }
            Err(EnqueueError::Database(err)) => return Err(err),
        }
    }
    let mut stored = 0;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<outbox::ActiveModel> = rows.by_ref().take(INSERT_CHUNK).collect();
        stored += outbox::Entity::insert_many(chunk)
            .on_conflict(
                OnConflict::column(outbox::Column::DedupeKey)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(conn)
            .await?;
    }
    Ok(stored)
}

/// What [`prepare`] reads from the database, read once per call of
/// [`enqueue`] or [`enqueue_many`]: networks, their reply-to addresses,
/// and the languages of registrations and people.
#[derive(Default)]
struct Lookups {
    networks: std::collections::HashMap<uuid::Uuid, Option<network::Model>>,
    reply_to: std::collections::HashMap<uuid::Uuid, Option<String>>,
    registration_locales: Option<std::collections::HashMap<uuid::Uuid, Option<String>>>,
    person_locales: Option<std::collections::HashMap<uuid::Uuid, Option<String>>>,
}

impl Lookups {
    /// Reads the languages of every registration and person of `mails`
    /// that has no language of its own, in two statements.
    async fn preload<C: ConnectionTrait>(
        &mut self,
        conn: &C,
        mails: &[Outgoing],
    ) -> Result<(), DbErr> {
        let open = mails.iter().filter(|m| m.locale.is_none());
        let registrations: Vec<uuid::Uuid> = open
            .clone()
            .filter_map(|m| m.registration.map(|r| r.0))
            .collect();
        let people: Vec<uuid::Uuid> = open.filter_map(|m| m.to.person.map(|p| p.0)).collect();
        let mut by_registration = std::collections::HashMap::new();
        for chunk in registrations.chunks(500) {
            let found: Vec<(uuid::Uuid, Option<String>)> = registration::Entity::find()
                .select_only()
                .column(registration::Column::Id)
                .column(registration::Column::Locale)
                .filter(registration::Column::Id.is_in(chunk.iter().copied()))
                .into_tuple()
                .all(conn)
                .await?;
            by_registration.extend(found);
        }
        let mut by_person = std::collections::HashMap::new();
        for chunk in people.chunks(500) {
            let found: Vec<(uuid::Uuid, Option<String>)> = person::Entity::find()
                .select_only()
                .column(person::Column::Id)
                .column(person::Column::Locale)
                .filter(person::Column::Id.is_in(chunk.iter().copied()))
                .into_tuple()
                .all(conn)
                .await?;
            by_person.extend(found);
        }
        self.registration_locales = Some(by_registration);
        self.person_locales = Some(by_person);
        Ok(())
    }

    async fn network<C: ConnectionTrait>(
        &mut self,
        conn: &C,
        id: NetworkId,
    ) -> Result<Option<network::Model>, DbErr> {
        if let Some(found) = self.networks.get(&id.0) {
            return Ok(found.clone());
        }
        let found = network::Entity::find_by_id(id.0).one(conn).await?;
        self.networks.insert(id.0, found.clone());
        Ok(found)
    }

    async fn reply_to<C: ConnectionTrait>(
        &mut self,
        conn: &C,
        network: uuid::Uuid,
    ) -> Result<Option<String>, DbErr> {
        if let Some(found) = self.reply_to.get(&network) {
            return Ok(found.clone());
        }
        let found = first_contact_email(conn, network).await?;
        self.reply_to.insert(network, found.clone());
        Ok(found)
    }

    async fn registration_locale<C: ConnectionTrait>(
        &mut self,
        conn: &C,
        id: RegistrationId,
    ) -> Result<Option<String>, DbErr> {
        if let Some(preloaded) = &self.registration_locales {
            return Ok(preloaded.get(&id.0).cloned().flatten());
        }
        Ok(registration::Entity::find_by_id(id.0)
            .one(conn)
            .await?
            .and_then(|r| r.locale))
    }

    async fn person_locale<C: ConnectionTrait>(
        &mut self,
        conn: &C,
        id: PersonId,
    ) -> Result<Option<String>, DbErr> {
        if let Some(preloaded) = &self.person_locales {
            return Ok(preloaded.get(&id.0).cloned().flatten());
        }
        Ok(person::Entity::find_by_id(id.0)
            .one(conn)
            .await?
            .and_then(|p| p.locale))
    }
}

/// The outbox row of `mail`, rendered in the recipient's language.
async fn prepare<C: ConnectionTrait>(
    conn: &C,
    clock: &Clock,
    lookups: &mut Lookups,
    mail: Outgoing,
) -> Result<(MailId, outbox::ActiveModel), EnqueueError> {
    let address = MailAddress::parse(&mail.to.email)?;
    let network = match mail.network {
        Some(id) => lookups.network(conn, id).await?,
        None => None,
    };
    let locale = match mail.locale {
        Some(locale) => locale,
        None => {
            // The language the registration was made in speaks for the
            // recipient first: a guest has no other place to keep one.
            let registration_locale = match mail.registration {
                Some(id) => lookups
                    .registration_locale(conn, id)
                    .await?
                    .filter(|tag| Locale::parse(tag).is_some()),
                None => None,
            };
            let person_locale = match (&registration_locale, mail.to.person) {
                (None, Some(id)) => lookups.person_locale(conn, id).await?,
                _ => None,
            };
            let theirs = Locale::choose(
                registration_locale.or(person_locale).as_deref(),
                network.as_ref().map(|n| n.default_locale.as_str()),
            );
            match mail.text_locale {
                Some(text) if theirs != text && !mail.kind.translated_into(theirs) => text,
                _ => theirs,
            }
        }
    };
    let reply_to = match &network {
        Some(network) => lookups.reply_to(conn, network.id).await?,
        None => None,
    };
    let signature = network
        .as_ref()
        .map_or(DEFAULT_SIGNATURE, |n| n.name.as_str());
    let rendered = mail.kind.render(locale, signature);
    let ics = mail.invitation.map(|invitation| invitation.render(locale));
    let now = clock.now();
    let id = MailId::new();
    let row = outbox::ActiveModel {
        id: Set(id.0),
        kind: Set(mail.kind.code().as_str().to_owned()),
        status: Set(OutboxStatus::Pending),
        recipient_email: Set(address.to_string()),
        recipient_name: Set(mail.to.name.filter(|n| !n.trim().is_empty())),
        locale: Set(locale.as_str().to_owned()),
        person_id: Set(mail.to.person.map(|p| p.0)),
        network_id: Set(mail.network.map(|n| n.0)),
        event_id: Set(mail.event.map(|e| e.0)),
        registration_id: Set(mail.registration.map(|r| r.0)),
        reminder_id: Set(mail.reminder.map(|r| r.0)),
        dedupe_key: Set(mail.dedupe_key),
        from_name: Set(network.as_ref().map(|n| n.name.clone())),
        reply_to: Set(reply_to),
        subject: Set(rendered.subject),
        body_text: Set(rendered.text),
        body_html: Set(rendered.html),
        ics: Set(ics),
        list_unsubscribe: Set(mail.kind.unsubscribe_link().map(str::to_owned)),
        sensitive: Set(mail.kind.is_sensitive()),
        attempts: Set(0),
        last_error: Set(None),
        next_attempt_at: Set(mail.send_at.unwrap_or(now)),
        not_after: Set(mail.not_after),
        claimed_by: Set(None),
        claimed_until: Set(None),
        sent_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    };
    Ok((id, row))
}

/// The address of a network's first contact person (lowest position).
async fn first_contact_email<C: ConnectionTrait>(
    conn: &C,
    network: uuid::Uuid,
) -> Result<Option<String>, DbErr> {
    let Some(contact) = network_contact::Entity::find()
        .filter(network_contact::Column::NetworkId.eq(network))
        .order_by_asc(network_contact::Column::Position)
        .order_by_asc(network_contact::Column::Id)
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let person = person::Entity::find_by_id(contact.person_id)
        .one(conn)
        .await?;
    Ok(person
        .as_ref()
        .and_then(|p| contact.public_address(p))
        .and_then(|email| MailAddress::parse(email).ok())
        .map(|a| a.to_string()))
}

/// Claims up to `limit` due rows for `worker` until `now + lease`, oldest
/// first, and returns them. See the module documentation for why this is
/// safe with any number of concurrent workers.
pub async fn claim<C: ConnectionTrait>(
    conn: &C,
    worker: &str,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u64,
) -> Result<Vec<outbox::Model>, DbErr> {
    use outbox::Column as C;
    let cols = crate::db::LeaseColumns {
        id: C::Id,
        status: C::Status,
        next_attempt_at: C::NextAttemptAt,
        claimed_by: C::ClaimedBy,
        claimed_until: C::ClaimedUntil,
        updated_at: C::UpdatedAt,
    };
    let mut rows =
        crate::db::claim_due::<outbox::Entity, _>(conn, cols, worker, now, lease, limit).await?;
    rows.sort_by_key(|row| (row.next_attempt_at, row.id));
    Ok(rows)
}

/// The outcome of one attempt, for [`finish`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Accepted by the server.
    Sent,
    /// A transient error; try again at `next_attempt_at`.
    Retry {
        /// When.
        next_attempt_at: DateTime<Utc>,
        /// What went wrong.
        error: String,
    },
    /// Given up: a permanent error, or the last attempt.
    Failed {
        /// What went wrong.
        error: String,
    },
    /// Not sent on purpose (expired, registration cancelled); no attempt made.
    Skipped {
        /// Why.
        reason: String,
    },
}

/// Records the outcome of `row`'s attempt by `worker` and releases the claim.
/// Returns `false` when the worker no longer held the row (its lease ran out
/// and another worker took it), in which case nothing is written.
pub async fn finish<C: ConnectionTrait>(
    conn: &C,
    row: &outbox::Model,
    worker: &str,
    now: DateTime<Utc>,
    outcome: Outcome,
) -> Result<bool, DbErr> {
    use outbox::Column as C;
    let attempted = !matches!(outcome, Outcome::Skipped { .. });
    let mut update = outbox::Entity::update_many()
        .col_expr(C::ClaimedBy, Expr::value(Option::<String>::None))
        .col_expr(C::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(C::UpdatedAt, Expr::value(now));
    if attempted {
        update = update.col_expr(C::Attempts, Expr::col(C::Attempts).add(1));
    }
    let done = match outcome {
        Outcome::Sent => {
            update = update
                .col_expr(C::Status, Expr::value(OutboxStatus::Sent.as_str()))
                .col_expr(C::SentAt, Expr::value(now))
                .col_expr(C::LastError, Expr::value(Option::<String>::None));
            true
        }
        Outcome::Retry {
            next_attempt_at,
            error,
        } => {
            update = update
                .col_expr(C::NextAttemptAt, Expr::value(next_attempt_at))
                .col_expr(C::LastError, Expr::value(truncate(&error)));
            false
        }
        Outcome::Failed { error } => {
            update = update
                .col_expr(C::Status, Expr::value(OutboxStatus::Failed.as_str()))
                .col_expr(C::LastError, Expr::value(truncate(&error)));
            true
        }
        Outcome::Skipped { reason } => {
            update = update
                .col_expr(C::Status, Expr::value(OutboxStatus::Skipped.as_str()))
                .col_expr(C::LastError, Expr::value(truncate(&reason)));
            true
        }
    };
    if done && row.sensitive {
        // A sign-in link must not outlive its use in the database.
        update = update
            .col_expr(C::BodyText, Expr::value(""))
            .col_expr(C::BodyHtml, Expr::value(""));
    }
    let result = update
        .filter(C::Id.eq(row.id))
        .filter(C::ClaimedBy.eq(worker))
        .filter(C::Status.eq(OutboxStatus::Pending.as_str()))
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Extends `worker`'s live claims (pending rows it holds whose lease has not
/// run out at `now`) to `now + lease`, and returns how many it extended. A
/// live worker calls it while it works, so a short lease only ever runs out
/// for a worker that died; a claim already run out is never revived, since
/// another worker may have taken the row.
pub async fn renew<C: ConnectionTrait>(
    conn: &C,
    worker: &str,
    now: DateTime<Utc>,
    lease: Duration,
) -> Result<u64, DbErr> {
    use outbox::Column as C;
    let result = outbox::Entity::update_many()
        .col_expr(C::ClaimedUntil, Expr::value(now + lease))
        .filter(C::ClaimedBy.eq(worker))
        .filter(C::Status.eq(OutboxStatus::Pending.as_str()))
        .filter(C::ClaimedUntil.gt(now))
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}

/// Gives back `worker`'s claims on rows it has not finished (on shutdown),
/// so other workers need not wait for the leases to run out.
pub async fn release<C: ConnectionTrait>(conn: &C, worker: &str) -> Result<u64, DbErr> {
    use outbox::Column as C;
    let result = outbox::Entity::update_many()
        .col_expr(C::ClaimedBy, Expr::value(Option::<String>::None))
        .col_expr(C::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(C::ClaimedBy.eq(worker))
        .filter(C::Status.eq(OutboxStatus::Pending.as_str()))
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}

/// Skips the pending mails of a registration whose kinds need it active (its
/// reminders and change notices), in the caller's transaction: call it when
/// the registration is cancelled or rejected.
pub async fn skip_pending_for_registration<C: ConnectionTrait>(
    conn: &C,
    registration: RegistrationId,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    use outbox::Column as C;
    let result = outbox::Entity::update_many()
        .col_expr(C::Status, Expr::value(OutboxStatus::Skipped.as_str()))
        .col_expr(C::LastError, Expr::value("registration cancelled"))
        .col_expr(C::UpdatedAt, Expr::value(now))
        .filter(C::RegistrationId.eq(registration.0))
        .filter(C::Kind.is_in(MailCode::needing_active_registration()))
        .filter(C::Status.eq(OutboxStatus::Pending.as_str()))
        // A row under a live lease is checked by its worker just before sending.
        .filter(C::ClaimedUntil.is_null().or(C::ClaimedUntil.lte(now)))
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}

/// The columns that say who a mail was for and what it said; erasure and
/// retention clear them and keep the delivery record (kind, status, attempts,
/// times, and the network, event, registration and reminder it belongs to).
fn clear_content(
    update: sea_orm::UpdateMany<outbox::Entity>,
) -> sea_orm::UpdateMany<outbox::Entity> {
    use outbox::Column as C;
    update
        .col_expr(C::RecipientEmail, Expr::value(""))
        .col_expr(C::RecipientName, Expr::value(Option::<String>::None))
        // A reminder's own subject may hold `{{participant_name}}`.
        .col_expr(C::Subject, Expr::value(""))
        .col_expr(C::BodyText, Expr::value(""))
        .col_expr(C::BodyHtml, Expr::value(""))
        .col_expr(C::Ics, Expr::value(Option::<String>::None))
        // Holds the registration's unsubscribe token.
        .col_expr(C::ListUnsubscribe, Expr::value(Option::<String>::None))
        // A contact person's address, of no use once the mail is done.
        .col_expr(C::ReplyTo, Expr::value(Option::<String>::None))
}

/// Rows that still hold content [`clear_content`] would clear.
fn holds_content() -> sea_orm::Condition {
    use outbox::Column as C;
    sea_orm::Condition::any()
        .add(C::RecipientEmail.ne(""))
        .add(C::RecipientName.is_not_null())
        .add(C::Subject.ne(""))
        .add(C::BodyText.ne(""))
        .add(C::BodyHtml.ne(""))
        .add(C::Ics.is_not_null())
        .add(C::ListUnsubscribe.is_not_null())
        .add(C::ReplyTo.is_not_null())
}

/// Ids of rows updated at a time by erasure and retention: bounded, so one
/// statement never holds many row locks or bind parameters.
const ERASE_CHUNK: usize = 500;

/// Erases a recipient from the outbox, in the caller's transaction (the
/// account's erasure): every row for `person` or addressed to one of
/// `addresses` (compared case-insensitively; pass them lower-cased) loses the
/// address, name, subject, bodies, invitation, unsubscribe link, reply-to,
/// dedupe key and last error; pending ones are skipped, so nothing more is
/// sent to them. Kind, status, attempts, times and the event, registration
/// and reminder ids stay, so delivery counts stay right. Other rows that
/// name them — as reply-to, or in an invitation as `ORGANIZER` or
/// `ATTENDEE`, with one of `addresses` or an address an organiser entered
/// for them as a network's contact — lose that. Returns the number of rows
/// erased.
pub async fn erase_recipient<C: ConnectionTrait>(
    conn: &C,
    person: Option<PersonId>,
    addresses: &[String],
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    use outbox::Column as C;
    let lower = |col: C| Expr::expr(sea_orm::sea_query::Func::lower(Expr::col(col)));
    let mut theirs = sea_orm::Condition::any()
        .add(lower(C::RecipientEmail).is_in(addresses.iter().map(String::as_str)));
    if let Some(person) = person {
        theirs = theirs.add(C::PersonId.eq(person.0));
    }
    let ids: Vec<uuid::Uuid> = outbox::Entity::find()
        .select_only()
        .column(C::Id)
        .filter(theirs)
        .into_tuple()
        .all(conn)
        .await?;
    let mut erased = 0;
    for chunk in ids.chunks(ERASE_CHUNK) {
        // Pending first: a row a worker holds is skipped too; its `finish`
        // then finds it no longer pending and writes nothing.
        outbox::Entity::update_many()
            .col_expr(C::Status, Expr::value(OutboxStatus::Skipped.as_str()))
            .col_expr(C::ClaimedBy, Expr::value(Option::<String>::None))
            .col_expr(C::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(C::LastError, Expr::value("recipient erased"))
            .col_expr(C::UpdatedAt, Expr::value(now))
            .filter(C::Id.is_in(chunk.iter().copied()))
            .filter(C::Status.eq(OutboxStatus::Pending.as_str()))
            .exec(conn)
            .await?;
        let result = clear_content(outbox::Entity::update_many())
            .col_expr(C::PersonId, Expr::value(Option::<uuid::Uuid>::None))
            // Keys of reminders carry the person's id.
            .col_expr(C::DedupeKey, Expr::value(Option::<String>::None))
            .filter(C::Id.is_in(chunk.iter().copied()))
            .exec(conn)
            .await?;
        erased += result.rows_affected;
        // A server's refusal may quote the address.
        outbox::Entity::update_many()
            .col_expr(C::LastError, Expr::value("recipient erased"))
            .filter(C::Id.is_in(chunk.iter().copied()))
            .filter(C::LastError.is_not_null())
            .exec(conn)
            .await?;
    }
    // They were a network's contact person: others' mail may answer to them
    // (Reply-To) and name them as its invitation's ORGANIZER, with their own
    // address or the one an organiser entered for them. And an invitation
    // names its recipient as ATTENDEE: their own rows are cleared above, but
    // no other row may keep them either.
    let mut theirs: Vec<String> = addresses.to_vec();
    let mut contact_networks: Vec<uuid::Uuid> = Vec::new();
    if let Some(person) = person {
        for contact in network_contact::Entity::find()
            .filter(network_contact::Column::PersonId.eq(person.0))
            .all(conn)
            .await?
        {
            contact_networks.push(contact.network_id);
            if let Some(email) = contact.email {
                let email = email.trim().to_lowercase();
                if let Ok(sent) = MailAddress::parse(&email) {
                    theirs.push(sent.to_string().to_lowercase());
                }
                theirs.push(email);
            }
        }
    }
    theirs.sort();
    theirs.dedup();
    let mut naming_them =
        sea_orm::Condition::any().add(lower(C::ReplyTo).is_in(theirs.iter().map(String::as_str)));
    if !contact_networks.is_empty() {
        naming_them = naming_them.add(
            sea_orm::Condition::all()
                .add(C::NetworkId.is_in(contact_networks))
                .add(C::Ics.is_not_null()),
        );
    }
    let naming: Vec<(uuid::Uuid, Option<String>, Option<String>)> = outbox::Entity::find()
        .select_only()
        .column(C::Id)
        .column(C::ReplyTo)
        .column(C::Ics)
        .filter(naming_them)
        .into_tuple()
        .all(conn)
        .await?;
    for (id, reply_to, ics) in naming {
        let reply_is_theirs = reply_to
            .as_deref()
            .is_some_and(|r| theirs.contains(&r.trim().to_lowercase()));
        let scrubbed = ics.as_deref().map(|ics| without_people(ics, &theirs));
        if !reply_is_theirs && scrubbed.as_deref() == ics.as_deref() {
            continue;
        }
        let mut update = outbox::Entity::update_many()
            .col_expr(C::Ics, Expr::value(scrubbed))
            .filter(C::Id.eq(id));
        if reply_is_theirs {
            update = update.col_expr(C::ReplyTo, Expr::value(Option::<String>::None));
        }
        update.exec(conn).await?;
    }
    Ok(erased)
}

/// An iCalendar text without the `ORGANIZER` and `ATTENDEE` lines (with
/// their folded continuations) that name one of `addresses` (lower-cased):
/// what the invitation says of people who are not there. An invitation
/// that loses its organizer has none, as before there was a fallback.
fn without_people(ics: &str, addresses: &[String]) -> String {
    let mut out = String::with_capacity(ics.len());
    // One logical line at a time: a name, its folded continuations.
    let mut logical: Vec<&str> = Vec::new();
    let flush = |logical: &mut Vec<&str>, out: &mut String| {
        if logical.is_empty() {
            return;
        }
        let unfolded: String = logical
            .iter()
            .enumerate()
            .map(|(i, part)| {
                let part = part.trim_end_matches(['\r', '\n']);
                if i == 0 {
                    part
                } else {
                    part.get(1..).unwrap_or_default()
                }
            })
            .collect();
        let name_end = unfolded.find([';', ':']).unwrap_or(unfolded.len());
        let name = &unfolded[..name_end];
        let about_person =
            name.eq_ignore_ascii_case("ORGANIZER") || name.eq_ignore_ascii_case("ATTENDEE");
        let lowered = unfolded.to_lowercase();
        let names_them = about_person
            && addresses
                .iter()
                .any(|address| lowered.contains(&format!("mailto:{address}")));
        if !names_them {
            out.extend(logical.iter().copied());
        }
        logical.clear();
    };
    for line in ics.split_inclusive('\n') {
        if !line.starts_with([' ', '\t']) {
            flush(&mut logical, &mut out);
        }
        logical.push(line);
    }
    flush(&mut logical, &mut out);
    out
}

/// Clears the content of finished rows (sent, failed or skipped) last
/// updated before `done_before`, at most `limit` of them (the retention of
/// `MAIL_RETENTION_DAYS`): what [`erase_recipient`] clears except the last
/// error, keeping the delivery record. Pending rows are never touched.
/// Returns how many rows it cleared; fewer than `limit` means none are left.
pub async fn purge_content<C: ConnectionTrait>(
    conn: &C,
    done_before: DateTime<Utc>,
    limit: u64,
) -> Result<u64, DbErr> {
    use outbox::Column as C;
    let ids: Vec<uuid::Uuid> = outbox::Entity::find()
        .select_only()
        .column(C::Id)
        .filter(C::Status.ne(OutboxStatus::Pending.as_str()))
        .filter(C::UpdatedAt.lt(done_before))
        .filter(holds_content())
        .limit(limit)
        .into_tuple()
        .all(conn)
        .await?;
    if ids.is_empty() {
        return Ok(0);
    }
    let result = clear_content(outbox::Entity::update_many())
        .filter(C::Id.is_in(ids))
        .filter(C::Status.ne(OutboxStatus::Pending.as_str()))
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}

/// Counts rows by status (for reports and tests).
pub async fn count<C: ConnectionTrait>(conn: &C, status: OutboxStatus) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    outbox::Entity::find()
        .filter(outbox::Column::Status.eq(status.as_str()))
        .count(conn)
        .await
}

/// Longest error text kept with a row.
const ERROR_MAX: usize = 1000;

fn truncate(text: &str) -> String {
    match text.char_indices().nth(ERROR_MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erased_people_are_taken_out_of_an_invitation_with_their_folded_lines() {
        let ics = "BEGIN:VEVENT\r\nUID:1\r\nORGANIZER;CN=Kari Nordmann:mailto:kari.nordmann@\r\n example.no\r\nORGANIZERS-NOTE:x\r\nATTENDEE;CN=Åsa;ROLE=REQ-PARTICIPANT:mailto:ase@exa\r\n mple.se\r\nATTENDEE:mailto:other@example.se\r\nSUMMARY:Träff\r\nEND:VEVENT\r\n";
        let theirs = [
            "kari.nordmann@example.no".to_owned(),
            "ase@example.se".to_owned(),
        ];
        assert_eq!(
            without_people(ics, &theirs),
            "BEGIN:VEVENT\r\nUID:1\r\nORGANIZERS-NOTE:x\r\nATTENDEE:mailto:other@example.se\r\nSUMMARY:Träff\r\nEND:VEVENT\r\n"
        );
        // Someone else's invitation stays as it is.
        assert_eq!(without_people(ics, &["nobody@example.se".to_owned()]), ics);
    }

    #[test]
    fn errors_are_truncated_on_a_character_boundary() {
        assert_eq!(truncate("kort"), "kort");
        let long = "ö".repeat(ERROR_MAX + 10);
        let cut = truncate(&long);
        assert_eq!(cut.chars().count(), ERROR_MAX + 1);
        assert!(cut.ends_with('…'));
    }
}
