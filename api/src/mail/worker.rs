//! The mail worker: claims due outbox rows, sends one message per row,
//! records the outcome, and paces itself to `MAIL_MAX_PER_SECOND`.
//!
//! It works with a [`MailState`] of its own (database, clock, transport and
//! the mail settings) and knows nothing of the services or the app. The loop
//! that drives it, together with the scheduled jobs that queue mail (due
//! reminders, lapsed held seats), is `crate::jobs`. [`Worker::run_once`]
//! processes what is due now and returns; [`Worker::send_due`] does the same
//! but stops early when told to, and [`Worker::release_claims`] gives back
//! what it did not finish.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use entities::{EventStatus, RegistrationStatus, event, registration};
use futures::StreamExt;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QuerySelect};
use tokio::sync::{Mutex, watch};
use tokio::time::Instant;
use uuid::Uuid;

use super::Mailer;
use super::outbox::{self, Outcome};
use super::template::MailCode;
use super::transport::ErrorClass;
use crate::clock::Clock;
use crate::config::{Config, MailConfig};
use entities::outbox::Model as Row;

/// Rows claimed at a time. Their registrations and events are read once per
/// batch, so a bigger batch means fewer statements per mail. A batch may take
/// longer than the lease (`MAIL_LEASE_SECONDS`) at a slow rate: the worker
/// renews its claims while it works ([`RENEWALS_PER_LEASE`]).
const BATCH: u64 = 100;

/// How many times per lease a working worker renews its claims: with three,
/// two renewals may fail (a slow or unreachable database) before a claim
/// runs out under a live worker.
const RENEWALS_PER_LEASE: u32 = 3;

/// Longest retry delay.
const BACKOFF_MAX: Duration = Duration::hours(1);

/// Rows cleared per statement by the retention purge, so that one statement
/// never locks much of the outbox.
const PURGE_BATCH: u64 = 500;

/// The delay before retry number `attempt` (1 for the first retry) when the
/// first waits `base` (`MAIL_RETRY_BASE_SECONDS`): exponential, capped, with
/// "equal jitter" (between half and all of the delay) so that mails failing
/// together do not retry together.
pub fn backoff(base: Duration, attempt: u32) -> Duration {
    let exponent = attempt.saturating_sub(1).min(16);
    let full = (base * 2_i32.pow(exponent)).min(BACKOFF_MAX);
    let half = full.num_milliseconds() / 2;
    Duration::milliseconds(half + fastrand::i64(0..=half))
}

/// Spaces sends to at most `per_second` (in real time: it protects the relay).
#[derive(Debug)]
struct Pacer {
    interval: Option<StdDuration>,
    next: Option<Instant>,
}

impl Pacer {
    fn new(per_second: f64) -> Self {
        let interval = (per_second.is_finite() && per_second > 0.0)
            .then(|| StdDuration::from_secs_f64(1.0 / per_second));
        Self {
            interval,
            next: None,
        }
    }

    async fn wait(&mut self) {
        let Some(interval) = self.interval else {
            return;
        };
        let now = Instant::now();
        let at = self.next.filter(|next| *next > now).unwrap_or(now);
        if at > now {
            tokio::time::sleep_until(at).await;
        }
        self.next = Some(at + interval);
    }
}

/// Why `row` is not to be sent now, if it is not.
fn skip_reason(row: &Row, now: DateTime<Utc>, batch: &BatchState) -> Option<String> {
    if row.not_after.is_some_and(|not_after| now > not_after) {
        return Some("expired before it could be sent".to_owned());
    }
    let code = MailCode::parse(&row.kind);
    if !code.is_some_and(MailCode::needs_active_registration) {
        return None;
    }
    if let Some(registration_id) = row.registration_id {
        match batch.registrations.get(&registration_id) {
            None | Some((RegistrationStatus::Cancelled | RegistrationStatus::Rejected, _)) => {
                return Some("registration cancelled".to_owned());
            }
            Some((_, true)) if code == Some(MailCode::Reminder) => {
                return Some("unsubscribed from reminders".to_owned());
            }
            Some(_) => {}
        }
    }
    // A reminder or change notice queued before the event was called off
    // (and retried after) would contradict the cancellation mail.
    if row
        .event_id
        .is_some_and(|event| batch.cancelled_events.contains(&event))
    {
        return Some("event cancelled".to_owned());
    }
    None
}

/// What a mail worker works with: its own small state, so that a process
/// that only sends mail (`traffpunkt worker`) builds nothing else.
#[derive(Clone, Debug)]
pub struct MailState {
    /// The database pool (the outbox).
    pub db: DatabaseConnection,
    /// The source of "now".
    pub clock: Clock,
    /// The transport and the sender.
    pub mailer: Arc<Mailer>,
    /// The mail settings (`MAIL_*`).
    pub settings: MailConfig,
    /// The webhook settings (`WEBHOOKS_*`): the same job runner delivers
    /// webhooks.
    pub webhooks: crate::config::WebhookConfig,
}

impl MailState {
    /// The mail state the configuration describes; fails when the mail
    /// configuration cannot work (a bad `SMTP_URL` or `MAIL_FROM`).
    pub fn new(
        db: DatabaseConnection,
        clock: Clock,
        config: &Config,
    ) -> Result<Self, super::SetupError> {
        Ok(Self {
            db,
            clock,
            mailer: Arc::new(Mailer::from_config(config)?),
            settings: config.mail.clone(),
            webhooks: config.webhooks.clone(),
        })
    }
}

/// A mail worker with its own id.
pub struct Worker {
    id: String,
    db: DatabaseConnection,
    clock: Clock,
    mailer: Arc<Mailer>,
    max_attempts: u32,
    concurrency: usize,
    pacer: Mutex<Pacer>,
    retention: Duration,
    lease: Duration,
    retry_base: Duration,
}

/// What the skip rules need to know about a batch's registrations and
/// events, read in two statements for the whole batch.
#[derive(Debug, Default)]
struct BatchState {
    /// Registration id → (status, unsubscribed from reminders).
    registrations: HashMap<Uuid, (RegistrationStatus, bool)>,
    /// Events of the batch that are cancelled.
    cancelled_events: HashSet<Uuid>,
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker").field("id", &self.id).finish()
    }
}

impl Worker {
    /// A worker over the mail state, with a fresh id.
    pub fn new(mail: &MailState) -> Self {
        let id = format!("{}-{}", std::process::id(), uuid::Uuid::new_v4().simple());
        Self::with_id(mail, id)
    }

    /// A worker with the given id (tests use it to play two workers).
    pub fn with_id(mail: &MailState, id: impl Into<String>) -> Self {
        let settings = &mail.settings;
        Self {
            id: id.into(),
            db: mail.db.clone(),
            clock: mail.clock.clone(),
            mailer: mail.mailer.clone(),
            max_attempts: settings.mail_max_attempts.max(1),
            concurrency: usize::from(settings.mail_concurrency.max(1)),
            pacer: Mutex::new(Pacer::new(settings.mail_max_per_second)),
            retention: Duration::days(i64::from(settings.mail_retention_days)),
            lease: Duration::seconds(i64::from(settings.mail_lease_seconds.max(1))),
            retry_base: Duration::seconds(i64::from(settings.mail_retry_base_seconds.max(1))),
        }
    }

    /// This worker's id, as written in `claimed_by`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// How long this worker's claims hold (`MAIL_LEASE_SECONDS`).
    pub fn lease(&self) -> Duration {
        self.lease
    }

    /// Extends this worker's live claims by a lease from now (see
    /// [`outbox::renew`]) and returns how many it extended. The worker does
    /// it by itself while it sends; tests call it to play a live worker.
    pub async fn renew_claims(&self) -> Result<u64, DbErr> {
        outbox::renew(&self.db, &self.id, self.clock.now(), self.lease).await
    }

    /// Processes every row that is due now, batch by batch, and returns how
    /// many it finished (sent, failed, skipped or scheduled for a retry).
    pub async fn run_once(&self) -> Result<usize, DbErr> {
        self.process(None).await
    }

    /// Processes what is due now, like [`Worker::run_once`], but stops
    /// between sends once `stop` turns true and then gives back the claims
    /// of the batch in hand. The loop of `crate::jobs` calls it.
    pub async fn send_due(&self, stop: &watch::Receiver<bool>) -> Result<usize, DbErr> {
        self.process(Some(stop)).await
    }

    /// Gives back every claim this worker holds (when it stops), and logs
    /// how many.
    pub async fn release_claims(&self) {
        match outbox::release(&self.db, &self.id).await {
            Ok(0) => {}
            Ok(released) => tracing::info!(worker = %self.id, released, "gave back unsent mail"),
            Err(err) => tracing::warn!(worker = %self.id, error = %err, "cannot give back claims"),
        }
    }

    /// The transport's kind, for the logs.
    pub fn transport_kind(&self) -> &'static str {
        self.mailer.transport.kind()
    }

    async fn process(&self, stop: Option<&watch::Receiver<bool>>) -> Result<usize, DbErr> {
        let mut done = 0;
        let renew_every = (self.lease / RENEWALS_PER_LEASE as i32)
            .to_std()
            .unwrap_or(StdDuration::from_secs(1))
            .max(StdDuration::from_secs(1));
        loop {
            let claimed_at = self.clock.now();
            let rows = outbox::claim(&self.db, &self.id, claimed_at, self.lease, BATCH).await?;
            if rows.is_empty() {
                return Ok(done);
            }
            let batch = &self.batch_state(&rows).await?;
            // Every row of the batch was claimed until the same instant and
            // is renewed with the others, so one instant says until when the
            // worker holds all the rows it has not finished.
            let held = &std::sync::Mutex::new(claimed_at + self.lease);
            let mut renewal = tokio::time::interval_at(Instant::now() + renew_every, renew_every);
            renewal.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            // Several sends in flight at once (as many as the SMTP pool
            // holds): one SMTP transaction is several round trips.
            let mut results = futures::stream::iter(rows)
                .map(|row| async move {
                    if stop.is_some_and(|stop| *stop.borrow()) {
                        return Ok(false);
                    }
                    self.deliver(&row, batch, held).await
                })
                .buffer_unordered(self.concurrency);
            loop {
                tokio::select! {
                    result = results.next() => match result {
                        Some(result) => if result? { done += 1 },
                        None => break,
                    },
                    _ = renewal.tick() => self.renew_held(held).await,
                }
            }
            if stop.is_some_and(|stop| *stop.borrow()) {
                outbox::release(&self.db, &self.id).await?;
                return Ok(done);
            }
        }
    }

    /// Clears the content of finished mail older than `MAIL_RETENTION_DAYS`
    /// ([`outbox::purge_content`]), batch by batch, and returns how many rows
    /// it cleared. The loop of `crate::jobs` calls it every hour; tests call it
    /// directly.
    pub async fn purge_expired(&self) -> Result<u64, DbErr> {
        let before = self.clock.now() - self.retention;
        let mut purged = 0;
        loop {
            let n = outbox::purge_content(&self.db, before, PURGE_BATCH).await?;
            purged += n;
            if n < PURGE_BATCH {
                return Ok(purged);
            }
        }
    }

    /// The registrations and events the skip rules look at, for a whole
    /// batch. Read when the batch starts: a cancellation that lands while the
    /// batch is being sent stops the mails of the next batch, not this one
    /// (at most `BATCH` mails, usually well under a second of sending).
    async fn batch_state(&self, rows: &[Row]) -> Result<BatchState, DbErr> {
        let checked = || {
            rows.iter().filter(|row| {
                MailCode::parse(&row.kind).is_some_and(MailCode::needs_active_registration)
            })
        };
        let registration_ids: Vec<Uuid> = checked().filter_map(|r| r.registration_id).collect();
        let event_ids: HashSet<Uuid> = checked().filter_map(|r| r.event_id).collect();
        let mut state = BatchState::default();
        if !registration_ids.is_empty() {
            state.registrations = registration::Entity::find()
                .filter(registration::Column::Id.is_in(registration_ids))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|r| (r.id, (r.status, r.reminders_off_at.is_some())))
                .collect();
        }
        if !event_ids.is_empty() {
            state.cancelled_events = event::Entity::find()
                .select_only()
                .column(event::Column::Id)
                .filter(event::Column::Id.is_in(event_ids))
                .filter(event::Column::Status.eq(EventStatus::Cancelled))
                .into_tuple::<Uuid>()
                .all(&self.db)
                .await?
                .into_iter()
                .collect();
        }
        Ok(state)
    }

    /// Renews the claims of the batch in hand while they still hold (a claim
    /// that ran out may be another worker's now, and stays lost).
    async fn renew_held(&self, held: &std::sync::Mutex<DateTime<Utc>>) {
        let now = self.clock.now();
        let holds = held.lock().is_ok_and(|until| *until > now);
        if !holds {
            return;
        }
        match outbox::renew(&self.db, &self.id, now, self.lease).await {
            Ok(_) => {
                if let Ok(mut until) = held.lock() {
                    *until = now + self.lease;
                }
            }
            Err(err) => {
                tracing::warn!(worker = %self.id, error = %err, "renewing mail claims failed");
            }
        }
    }

    /// Whether this worker still holds the rows of its batch.
    fn holds(&self, held: &std::sync::Mutex<DateTime<Utc>>) -> bool {
        let now = self.clock.now();
        held.lock().is_ok_and(|until| *until > now)
    }

    /// One row: checks, sends, records. Returns whether it was finished.
    async fn deliver(
        &self,
        row: &Row,
        batch: &BatchState,
        held: &std::sync::Mutex<DateTime<Utc>>,
    ) -> Result<bool, DbErr> {
        if !self.holds(held) {
            // The lease ran out while earlier rows of the batch were sent:
            // another worker may have it now, so sending it could send it twice.
            tracing::warn!(worker = %self.id, mail_id = %row.id, "claim expired before sending; left for the next claim");
            return Ok(false);
        }
        let now = self.clock.now();
        if let Some(reason) = skip_reason(row, now, batch) {
            return self.record(row, Outcome::Skipped { reason }).await;
        }
        let message = match super::message::build(row, &self.mailer.sender, now) {
            Ok(message) => message,
            Err(err) => {
                tracing::warn!(worker = %self.id, mail_id = %row.id, kind = %row.kind, "mail cannot be built; failed");
                return self
                    .record(
                        row,
                        Outcome::Failed {
                            error: err.to_string(),
                        },
                    )
                    .await;
            }
        };
        self.pacer.lock().await.wait().await;
        if !self.holds(held) {
            tracing::warn!(worker = %self.id, mail_id = %row.id, "claim expired while waiting to send; left for the next claim");
            return Ok(false);
        }
        let outcome = match self.mailer.transport.send(&message).await {
            Ok(()) => {
                tracing::info!(worker = %self.id, mail_id = %row.id, kind = %row.kind, attempt = row.attempts + 1, "mail sent");
                Outcome::Sent
            }
            Err(err) => {
                let attempt = u32::try_from(row.attempts).unwrap_or(0) + 1;
                let last = attempt >= self.max_attempts;
                tracing::warn!(
                    worker = %self.id,
                    mail_id = %row.id,
                    kind = %row.kind,
                    code = err.code,
                    class = ?err.class,
                    attempt,
                    "mail not sent"
                );
                match err.class {
                    ErrorClass::Permanent => Outcome::Failed { error: err.message },
                    ErrorClass::Transient if last => Outcome::Failed {
                        error: format!("gave up after {attempt} attempts: {}", err.message),
                    },
                    ErrorClass::Transient => Outcome::Retry {
                        next_attempt_at: self.clock.now() + backoff(self.retry_base, attempt),
                        error: err.message,
                    },
                }
            }
        };
        self.record(row, outcome).await
    }

    async fn record(&self, row: &Row, outcome: Outcome) -> Result<bool, DbErr> {
        let held = outbox::finish(&self.db, row, &self.id, self.clock.now(), outcome).await?;
        if !held {
            tracing::warn!(worker = %self.id, mail_id = %row.id, "claim lost before the outcome was recorded");
        }
        Ok(held)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        let base = Duration::seconds(30);
        for attempt in 1..=20 {
            let full = (base * 2_i32.pow(attempt.min(17) - 1)).min(BACKOFF_MAX);
            let delay = backoff(base, attempt);
            assert!(
                delay >= full / 2 && delay <= full,
                "attempt {attempt}: {delay}"
            );
        }
        assert!(backoff(base, 1) <= Duration::seconds(30));
        assert!(backoff(Duration::seconds(5), 1) <= Duration::seconds(5));
        assert!(backoff(base, 30) <= BACKOFF_MAX);
        let delays: std::collections::HashSet<_> = (0..20).map(|_| backoff(base, 5)).collect();
        assert!(delays.len() > 1, "jittered");
    }
}
