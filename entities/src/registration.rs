//! A person's, guest's or organisation's registration for an event.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

use crate::enums::*;

/// A person's, guest's or organisation's registration for an event.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "registrations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub event_id: Uuid,
    pub person_id: Option<Uuid>,
    pub organisation_id: Option<Uuid>,
    pub guest_name: Option<String>,
    pub guest_email: Option<String>,
    pub mode: ParticipationMode,
    pub status: RegistrationStatus,
    pub waitlist_position: Option<i32>,
    /// JSON object: question id to answer.
    pub answers: Json,
    pub accessibility_needs: Option<String>,
    pub dietary_needs: Option<String>,
    pub consent_text: Option<String>,
    pub consented_at: Option<DateTime<Utc>>,
    pub checked_in_at: Option<DateTime<Utc>>,
    pub cancel_token_hash: Option<String>,
    /// For applications: the organisation that applies (one per event).
    pub applying_organisation_id: Option<Uuid>,
    /// A guest's organisation as they wrote it, when not a known organisation.
    pub organisation_name: Option<String>,
    /// The organiser's message with an approval or rejection.
    pub decision_message: Option<String>,
    /// The token of the one-click unsubscribe link in reminder mail.
    pub reminder_token: Option<String>,
    /// When the participant unsubscribed from reminders for this registration.
    pub reminders_off_at: Option<DateTime<Utc>>,
    /// Whether the organisation was proven (a verified address in its mail
    /// domain, or an organiser's word) rather than declared by a guest.
    pub organisation_verified: bool,
    /// A seat held for a guest until they confirm their address; null once
    /// confirmed, or when no confirmation was asked.
    pub hold_expires_at: Option<DateTime<Utc>>,
    /// The language the registration was made in (`sv`, `nb`, `en`): its
    /// mails are written in it. Null when none was given.
    pub locale: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Relations are followed through explicit queries and DataLoaders.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
