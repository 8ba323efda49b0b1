//! Reminders and their delivery reports (organisers only).

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entities::{outbox, reminder};

use super::{Event, Series, loaders, service_cx};
use crate::graphql::enums::{DeliveryStatus, Language, ReminderAudience, ReminderStatus};
use crate::graphql::ids::GlobalId;
use crate::graphql::loaders::DeliveriesOf;
use crate::ids::{EventId, ReminderId, SeriesId};
use crate::service::{events, reminders};

/// A reminder an organiser scheduled for an event or a series.
///
/// Only handed out to those who manage its network (`Event.reminders` and the
/// reminder mutations check it through `service::policy`), so its report
/// fields load without asking again.
#[derive(Clone)]
pub struct Reminder(pub reminder::Model);

impl Reminder {
    async fn rows(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<outbox::Model>> {
        Ok(loaders(ctx)?
            .load_one(DeliveriesOf(ReminderId(self.0.id)))
            .await?
            .unwrap_or_default())
    }
}

/// Deliveries of a reminder by status.
#[derive(SimpleObject, Clone, Copy)]
pub struct ReminderCounts {
    /// Waiting to be sent or retried.
    pub pending: u64,
    /// Accepted by the mail server.
    pub sent: u64,
    /// Given up.
    pub failed: u64,
    /// Not sent on purpose (a cancelled registration).
    pub skipped: u64,
}

/// One mail to one recipient (a reminder, confirmation, change notice …).
///
/// Only handed out to the organisers of its network and to the recipient
/// themself (`service::deliveries`, `Reminder.deliveries`).
#[derive(Clone)]
pub struct Delivery(pub outbox::Model);

/// One mail to one recipient (a reminder, confirmation, change notice …).
#[Object]
impl Delivery {
    /// Global id (for `retryDelivery`).
    async fn id(&self) -> ID {
        crate::ids::MailId(self.0.id).to_global()
    }

    /// What the mail was: `REGISTRATION_CONFIRMED`, `REMINDER`,
    /// `EVENT_CHANGED`, `EVENT_CANCELLED` …
    async fn kind(&self) -> &str {
        &self.0.kind
    }

    /// When it was queued.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// Recipient's name; null once the mail is older than the retention
    /// (`MAIL_RETENTION_DAYS`) or the recipient erased their account.
    async fn recipient_name(&self) -> Option<&str> {
        self.0.recipient_name.as_deref()
    }

    /// Recipient's address; null once the mail is older than the retention
    /// (`MAIL_RETENTION_DAYS`) or the recipient erased their account.
    async fn recipient_email(&self) -> Option<&str> {
        Some(self.0.recipient_email.as_str()).filter(|email| !email.is_empty())
    }

    /// Where the mail is.
    async fn status(&self) -> DeliveryStatus {
        self.0.status.into()
    }

    /// Attempts made to send it.
    async fn attempts(&self) -> i32 {
        self.0.attempts
    }

    /// The last error, when an attempt failed (or why it was skipped).
    async fn last_error(&self) -> Option<&str> {
        self.0.last_error.as_deref()
    }

    /// When the mail server accepted it.
    async fn sent_at(&self) -> Option<DateTime<Utc>> {
        self.0.sent_at
    }

    /// The language it was written in (`sv`, `nb`, `en`).
    async fn locale(&self) -> &str {
        &self.0.locale
    }
}

/// A reminder an organiser scheduled for an event or a series.
#[Object]
impl Reminder {
    /// Global id.
    pub async fn id(&self) -> ID {
        ReminderId(self.0.id).to_global()
    }

    /// The event, for an event reminder.
    async fn event(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Event>> {
        let Some(id) = self.0.event_id else {
            return Ok(None);
        };
        Ok(events::visible(service_cx(ctx)?, EventId(id))
            .await?
            .map(Event))
    }

    /// The series, for a reminder of every occurrence.
    async fn series(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Series>> {
        let Some(id) = self.0.series_id else {
            return Ok(None);
        };
        Ok(crate::service::series::get(service_cx(ctx)?, SeriesId(id))
            .await?
            .map(Series))
    }

    /// The absolute time it goes out, when given as one.
    async fn send_at(&self) -> Option<DateTime<Utc>> {
        self.0.send_at
    }

    /// Minutes before the start it goes out, when given as an offset; the
    /// time follows the event when the event moves.
    async fn offset_minutes(&self) -> Option<i32> {
        self.0.offset_minutes
    }

    /// Who it goes to.
    async fn audience(&self) -> ReminderAudience {
        reminders::Audience::of(&self.0).into()
    }

    /// The organiser's own subject, with placeholders.
    async fn subject(&self) -> Option<&str> {
        self.0.subject.as_deref()
    }

    /// The organiser's own body, with placeholders.
    async fn body(&self) -> Option<&str> {
        self.0.body.as_deref()
    }

    /// Language of the own subject and body, and of the mails of
    /// recipients whose language they are not translated into; each
    /// recipient's own when null.
    async fn locale(&self) -> Option<&str> {
        self.0.locale.as_deref()
    }

    /// The own subject and body in other languages.
    async fn translations(&self) -> Vec<ReminderText> {
        crate::service::translations::reminder_texts(&self.0)
            .into_iter()
            .map(|(locale, (subject, body))| ReminderText {
                lang: locale.into(),
                subject,
                body,
            })
            .collect()
    }

    /// Where it is.
    async fn status(&self) -> ReminderStatus {
        self.0.status.into()
    }

    /// When it was scheduled.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// Its mails by status.
    async fn counts(&self, ctx: &Context<'_>) -> async_graphql::Result<ReminderCounts> {
        let counts = reminders::Counts::of(&self.rows(ctx).await?);
        Ok(ReminderCounts {
            pending: counts.pending,
            sent: counts.sent,
            failed: counts.failed,
            skipped: counts.skipped,
        })
    }

    /// Its mails, one per recipient, oldest first.
    async fn deliveries(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Delivery>> {
        Ok(self.rows(ctx).await?.into_iter().map(Delivery).collect())
    }
}

/// A reminder's own subject and body in another language.
#[derive(SimpleObject)]
pub struct ReminderText {
    /// The language.
    pub lang: Language,
    /// The subject, with placeholders.
    pub subject: String,
    /// The body, with placeholders.
    pub body: String,
}
