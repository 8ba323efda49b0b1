//! A theme suggested to a network, and what became of it.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

use crate::enums::SuggestionStatus;

/// A theme suggested to a network: its title and description (public once
/// the organisers publish it), who sent it (a person, or a guest's name and
/// address: for the network's organisers and the suggester only), its
/// state, and what it led to — the meeting that takes it up, to whom it was
/// forwarded, the working group formed.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "theme_suggestions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub network_id: Uuid,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub status: SuggestionStatus,
    /// Shown on the network's pages and in its follow-up feed.
    pub published: bool,
    /// The suggester, when signed in (else the guest's name and address).
    pub person_id: Option<Uuid>,
    pub guest_name: Option<String>,
    pub guest_email: Option<String>,
    /// The language the suggester wrote in; their mails follow it.
    pub locale: Option<String>,
    /// The meeting where it is (to be) taken up.
    pub event_id: Option<Uuid>,
    /// To whom it was passed on (e.g. "socialförvaltningen").
    #[sea_orm(column_type = "Text", nullable)]
    pub forwarded_to: Option<String>,
    /// The working group formed, with its contact.
    #[sea_orm(column_type = "Text", nullable)]
    pub working_group: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

// Read by position in pages, programmes and feeds (see `by_position`).
crate::by_position!(
    id,
    network_id,
    title,
    description,
    status,
    published,
    person_id,
    guest_name,
    guest_email,
    locale,
    event_id,
    forwarded_to,
    working_group,
    created_at,
    updated_at,
);

/// Relations are followed through explicit queries.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
