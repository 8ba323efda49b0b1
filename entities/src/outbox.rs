//! One outgoing mail to one recipient, rendered and waiting for (or done
//! with) a mail worker.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

use crate::enums::*;

/// One outgoing mail to one recipient.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// What kind of mail (`SIGN_IN_LINK`, `REMINDER` …), for reports.
    pub kind: String,
    pub status: OutboxStatus,
    pub recipient_email: String,
    pub recipient_name: Option<String>,
    /// `sv`, `nb` or `en`: the language it was rendered in.
    pub locale: String,
    pub person_id: Option<Uuid>,
    pub network_id: Option<Uuid>,
    pub event_id: Option<Uuid>,
    pub registration_id: Option<Uuid>,
    pub reminder_id: Option<Uuid>,
    /// Unique when set: enqueueing the same key twice stores one row.
    pub dedupe_key: Option<String>,
    /// Display name of the sender (the network's name), with the configured address.
    pub from_name: Option<String>,
    pub reply_to: Option<String>,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    /// An iCalendar attachment (with its `METHOD`), when the mail carries one.
    pub ics: Option<String>,
    /// One-click unsubscribe URL (`List-Unsubscribe`).
    pub list_unsubscribe: Option<String>,
    /// The content holds a secret (a sign-in link): it is wiped once the row is done.
    pub sensitive: bool,
    pub attempts: i32,
    pub last_error: Option<String>,
    /// Due at: the first send, or the next retry.
    pub next_attempt_at: DateTime<Utc>,
    /// Not worth sending after this instant (a link that expires).
    pub not_after: Option<DateTime<Utc>>,
    /// The worker holding the row, while its lease holds.
    pub claimed_by: Option<String>,
    pub claimed_until: Option<DateTime<Utc>>,
    pub sent_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Relations are followed through explicit queries.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
