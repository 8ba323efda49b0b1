//! A network's contact person, whom participants can write to.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// A network's contact person, whom participants can write to.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "network_contacts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub network_id: Uuid,
    pub person_id: Uuid,
    pub position: i32,
    pub label: Option<String>,
    /// The address participants write to, as the organiser entered it.
    pub email: Option<String>,
    /// When the person accepted being a contact: from then on their own
    /// address is shown when no other is entered.
    pub accepted_at: Option<DateTime<Utc>>,
}

/// Relations are followed through explicit queries and DataLoaders.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl Model {
    /// The address this contact is shown with: the one the organiser
    /// entered, or, once the person has accepted being a contact, their own
    /// (`person` is the contact's person). Never a person's private address
    /// only because an organiser knows their id. Here, below the services and
    /// the mail, so that the pages, the API, the feeds and the mail's
    /// `Reply-To` all ask this one rule.
    pub fn public_address<'a>(&'a self, person: &'a super::person::Model) -> Option<&'a str> {
        self.email
            .as_deref()
            .or_else(|| self.accepted_at.map(|_| person.email.as_str()))
    }

    /// The address this contact appears with as the `ORGANIZER` of the
    /// network's events, in public feeds and invitations alike: only once
    /// they accepted being a contact — an address an organiser typed in is
    /// not published to the world on their word alone — and then
    /// [`Self::public_address`].
    pub fn organizer_address<'a>(&'a self, person: &'a super::person::Model) -> Option<&'a str> {
        self.accepted_at.and_then(|_| self.public_address(person))
    }
}

impl ActiveModelBehavior for ActiveModel {}
