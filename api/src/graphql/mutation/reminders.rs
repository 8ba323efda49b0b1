//! Mutations of reminders: schedule, cancel, send now, preview, test-send.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};

use crate::graphql::enums::{Language, ReminderAudience};
use crate::graphql::error::{UserError, outcome};
use crate::graphql::ids::{GlobalId, parse_opt};
use crate::graphql::types::{Delivery, Reminder, service_cx};
use crate::ids::{EventId, RegistrationId, ReminderId, SeriesId};
use crate::service::reminders::{self, Draft, SendNow, Source, Target, TextTranslation, When};

/// A reminder: for an event or for every occurrence of a series, at a time
/// or an offset before the start.
#[derive(InputObject)]
pub struct ReminderDraftInput {
    /// The event (give this or `seriesId`).
    pub event_id: Option<ID>,
    /// The series: the reminder goes out before every occurrence, also ones added later.
    pub series_id: Option<ID>,
    /// At this instant (event reminders only; give this or `offsetMinutes`).
    pub send_at: Option<DateTime<Utc>>,
    /// This many minutes before the start (e.g. 10080 for 7 days); moves with the event.
    pub offset_minutes: Option<i32>,
    /// Who gets it.
    pub audience: ReminderAudience,
    /// Own subject with placeholders such as `{{event_title}}` (needs `body`).
    pub subject: Option<String>,
    /// Own body with placeholders: `{{participant_name}}`, `{{event_title}}`,
    /// `{{starts_at_local}}`, `{{venue}}`, `{{join_link}}`, `{{manage_link}}`.
    pub body: Option<String>,
    /// Language (`sv`, `nb`, `en`) of the own subject and body; the mails
    /// of recipients whose language they are not translated into are
    /// written in it. When omitted, each recipient gets their own language
    /// (the own text then being in the event's language, `Event.locale`).
    pub locale: Option<String>,
    /// The own subject and body in other languages: a recipient whose
    /// language is one of them gets it. Checked like the own text: a
    /// placeholder unknown in one translation is an error on it
    /// (`translations.1.body`).
    pub translations: Option<Vec<ReminderTextInput>>,
}

/// A reminder's own subject and body in another language.
#[derive(InputObject)]
pub struct ReminderTextInput {
    /// The language.
    pub lang: Language,
    /// The subject, with the same placeholders as the own one.
    pub subject: String,
    /// The body, with the same placeholders as the own one.
    pub body: String,
}

impl ReminderDraftInput {
    fn into_draft(self) -> async_graphql::Result<Result<Draft, UserError>> {
        let event: Option<EventId> = parse_opt(self.event_id.as_ref())?;
        let series: Option<SeriesId> = parse_opt(self.series_id.as_ref())?;
        let target = match (event, series) {
            (Some(e), None) => Target::Event(e),
            (None, Some(s)) => Target::Series(s),
            _ => {
                return Ok(Err(user_error(
                    "eventId",
                    "give either an event or a series",
                )));
            }
        };
        let when = match (self.send_at, self.offset_minutes) {
            (Some(at), None) => When::At(at),
            (None, Some(minutes)) => When::Before(minutes),
            _ => {
                return Ok(Err(user_error(
                    "sendAt",
                    "give either a time or an offset before the start",
                )));
            }
        };
        Ok(Ok(Draft {
            target,
            when,
            audience: self.audience.into(),
            subject: self.subject,
            body: self.body,
            locale: self.locale,
            translations: self
                .translations
                .unwrap_or_default()
                .into_iter()
                .map(|t| TextTranslation {
                    locale: t.lang.into(),
                    subject: t.subject,
                    body: t.body,
                })
                .collect(),
        }))
    }
}

fn user_error(field: &str, message: &str) -> UserError {
    UserError {
        field: vec!["input".to_owned(), field.to_owned()],
        code: crate::graphql::error::UserErrorCode::Invalid,
        message: message.to_owned(),
    }
}

/// Which reminder.
#[derive(InputObject)]
pub struct ReminderIdInput {
    /// The reminder.
    pub reminder_id: ID,
}

/// A stored reminder or a draft, and the registration to render it for.
#[derive(InputObject)]
pub struct PreviewReminderInput {
    /// A stored reminder (give this or `draft`).
    pub reminder_id: Option<ID>,
    /// A reminder not stored yet.
    pub draft: Option<ReminderDraftInput>,
    /// The recipient: a registration of the event (or of an occurrence of the series).
    pub registration_id: ID,
    /// Render it as a recipient of this language gets it (the
    /// registration's own language when omitted).
    pub lang: Option<Language>,
}

/// A stored reminder or a draft to send to yourself.
#[derive(InputObject)]
pub struct TestSendReminderInput {
    /// A stored reminder (give this or `draft`).
    pub reminder_id: Option<ID>,
    /// A reminder not stored yet.
    pub draft: Option<ReminderDraftInput>,
    /// Render it as this registration gets it; with both the address and the
    /// join link when omitted.
    pub registration_id: Option<ID>,
}

/// The outcome of a reminder mutation.
#[derive(SimpleObject)]
pub struct ReminderPayload {
    /// The reminder as it is now, when the mutation succeeded.
    pub reminder: Option<Reminder>,
    /// Always 0: `sendReminderNow`, which queues mail, answers with
    /// `SendReminderNowPayload`.
    #[graphql(deprecation = "always 0; sendReminderNow has its own payload")]
    pub queued: i32,
    /// What was wrong with the input.
    pub user_errors: Vec<UserError>,
}

/// What `sendReminderNow` did.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum SendReminderOutcome {
    /// Mails were queued (`queued` says how many).
    Queued,
    /// Nothing was queued: another call (or the scheduled run) sent this
    /// reminder for this event first.
    AlreadySent,
    /// The reminder was sent to nobody: its audience is empty.
    NoRecipients,
}

impl From<SendNow> for SendReminderOutcome {
    fn from(value: SendNow) -> Self {
        match value {
            SendNow::Queued(_) => Self::Queued,
            SendNow::AlreadySent => Self::AlreadySent,
            SendNow::NoRecipients => Self::NoRecipients,
        }
    }
}

/// The outcome of `sendReminderNow`.
#[derive(SimpleObject)]
pub struct SendReminderNowPayload {
    /// The reminder as it is now, when the mutation succeeded.
    pub reminder: Option<Reminder>,
    /// Mails queued by this call.
    pub queued: i32,
    /// What this call did; null when there are user errors.
    pub outcome: Option<SendReminderOutcome>,
    /// What was wrong with the input.
    pub user_errors: Vec<UserError>,
}

/// Which delivery to retry.
#[derive(InputObject)]
pub struct RetryDeliveryInput {
    /// The delivery (`Delivery.id`).
    pub id: ID,
}

/// The outcome of `retryDelivery`.
#[derive(SimpleObject)]
pub struct RetryDeliveryPayload {
    /// The delivery, queued again.
    pub delivery: Option<Delivery>,
    /// What was wrong with the input.
    pub user_errors: Vec<UserError>,
}

/// A rendered reminder.
#[derive(SimpleObject)]
pub struct ReminderPreview {
    /// Subject line.
    pub subject: String,
    /// Plain-text part.
    pub text: String,
    /// HTML part.
    pub html: String,
}

/// The outcome of `previewReminder`.
#[derive(SimpleObject)]
pub struct PreviewReminderPayload {
    /// The mail as that recipient would get it.
    pub preview: Option<ReminderPreview>,
    /// What was wrong with the input.
    pub user_errors: Vec<UserError>,
}

/// The outcome of `testSendReminder`.
#[derive(SimpleObject)]
pub struct TestSendReminderPayload {
    /// Whether the test mail was queued (to your own address).
    pub queued: bool,
    /// What was wrong with the input.
    pub user_errors: Vec<UserError>,
}

fn source(
    reminder_id: Option<ID>,
    draft: Option<ReminderDraftInput>,
) -> async_graphql::Result<Result<Source, UserError>> {
    Ok(match (reminder_id, draft) {
        (Some(id), None) => Ok(Source::Stored(ReminderId::parse(&id)?)),
        (None, Some(draft)) => draft.into_draft()?.map(Source::Draft),
        _ => Err(user_error(
            "reminderId",
            "give either a reminder or a draft",
        )),
    })
}

/// Mutations of reminders (organisers of the event's network only).
#[derive(Default)]
pub struct ReminderMutation;

#[Object]
impl ReminderMutation {
    /// Schedules a reminder for an event or a series.
    async fn schedule_reminder(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The reminder.")] input: ReminderDraftInput,
    ) -> async_graphql::Result<ReminderPayload> {
        let draft = match input.into_draft()? {
            Ok(draft) => draft,
            Err(error) => return Ok(failed(error)),
        };
        let (reminder, user_errors) = outcome(reminders::schedule(service_cx(ctx)?, draft).await)?;
        Ok(ReminderPayload {
            reminder: reminder.map(Reminder),
            queued: 0,
            user_errors,
        })
    }

    /// Cancels a scheduled reminder (idempotent).
    async fn cancel_reminder(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which reminder.")] input: ReminderIdInput,
    ) -> async_graphql::Result<ReminderPayload> {
        let id = ReminderId::parse(&input.reminder_id)?;
        let (reminder, user_errors) = outcome(reminders::cancel(service_cx(ctx)?, id).await)?;
        Ok(ReminderPayload {
            reminder: reminder.map(Reminder),
            queued: 0,
            user_errors,
        })
    }

    /// Sends a scheduled reminder now (a series reminder: to the next
    /// occurrence). Two calls at once send it once; `outcome` tells the
    /// other call `ALREADY_SENT`.
    async fn send_reminder_now(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which reminder.")] input: ReminderIdInput,
    ) -> async_graphql::Result<SendReminderNowPayload> {
        let id = ReminderId::parse(&input.reminder_id)?;
        let (sent, user_errors) = outcome(reminders::send_now(service_cx(ctx)?, id).await)?;
        let (reminder, sent) = match sent {
            Some((reminder, sent)) => (Some(Reminder(reminder)), Some(sent)),
            None => (None, None),
        };
        Ok(SendReminderNowPayload {
            reminder,
            queued: i32::try_from(sent.map_or(0, SendNow::queued)).unwrap_or(i32::MAX),
            outcome: sent.map(SendReminderOutcome::from),
            user_errors,
        })
    }

    /// Queues a failed mail again (organisers of its network): the worker
    /// sends it with its next pass, with fresh attempts.
    async fn retry_delivery(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which delivery.")] input: RetryDeliveryInput,
    ) -> async_graphql::Result<RetryDeliveryPayload> {
        let id = crate::ids::MailId::parse(&input.id)?;
        let (row, user_errors) =
            outcome(crate::service::deliveries::retry(service_cx(ctx)?, id).await)?;
        Ok(RetryDeliveryPayload {
            delivery: row.map(Delivery),
            user_errors,
        })
    }

    /// Renders a reminder for one recipient without sending it.
    async fn preview_reminder(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to render, for whom.")] input: PreviewReminderInput,
    ) -> async_graphql::Result<PreviewReminderPayload> {
        let registration = RegistrationId::parse(&input.registration_id)?;
        let source = match source(input.reminder_id, input.draft)? {
            Ok(source) => source,
            Err(error) => {
                return Ok(PreviewReminderPayload {
                    preview: None,
                    user_errors: vec![error],
                });
            }
        };
        let (rendered, user_errors) = outcome(
            reminders::preview(
                service_cx(ctx)?,
                source,
                registration,
                input.lang.map(Into::into),
            )
            .await,
        )?;
        Ok(PreviewReminderPayload {
            preview: rendered.map(|r| ReminderPreview {
                subject: r.subject,
                text: r.text,
                html: r.html,
            }),
            user_errors,
        })
    }

    /// Sends a reminder to yourself, as a recipient would get it.
    async fn test_send_reminder(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to send.")] input: TestSendReminderInput,
    ) -> async_graphql::Result<TestSendReminderPayload> {
        let registration: Option<RegistrationId> = parse_opt(input.registration_id.as_ref())?;
        let source = match source(input.reminder_id, input.draft)? {
            Ok(source) => source,
            Err(error) => {
                return Ok(TestSendReminderPayload {
                    queued: false,
                    user_errors: vec![error],
                });
            }
        };
        let (queued, user_errors) =
            outcome(reminders::test_send(service_cx(ctx)?, source, registration).await)?;
        Ok(TestSendReminderPayload {
            queued: queued.unwrap_or(false),
            user_errors,
        })
    }
}

fn failed(error: UserError) -> ReminderPayload {
    ReminderPayload {
        reminder: None,
        queued: 0,
        user_errors: vec![error],
    }
}
