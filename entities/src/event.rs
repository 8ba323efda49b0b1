//! An event: a conference, meeting, webinar, workshop or gathering.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

use crate::enums::*;

/// An event: a conference, meeting, webinar, workshop or gathering.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub network_id: Uuid,
    pub series_id: Option<Uuid>,
    pub kind: EventKind,
    pub title: String,
    pub description: String,
    /// Lower-case title and place with Nordic letters folded, for search.
    pub search_key: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// IANA zone the event is held in.
    pub time_zone: String,
    pub status: EventStatus,
    pub attendance_mode: AttendanceMode,
    pub members_only: bool,
    /// When set, guests confirm their address within this many minutes or
    /// their seat passes to the waiting list.
    pub guest_confirmation_minutes: Option<i32>,
    pub venue_name: Option<String>,
    pub venue_address: Option<String>,
    pub venue_city: Option<String>,
    pub venue_accessibility: Option<String>,
    pub online_provider: Option<String>,
    pub online_join_url: Option<String>,
    pub online_meeting_number: Option<String>,
    pub online_passcode: Option<String>,
    pub online_dial_in: Option<String>,
    pub online_instructions: Option<String>,
    pub join_link_visibility: JoinLinkVisibility,
    pub capacity_in_person: Option<i32>,
    pub capacity_online: Option<i32>,
    pub registration_policy: RegistrationPolicy,
    pub registration_opens_at: Option<DateTime<Utc>>,
    pub registration_closes_at: Option<DateTime<Utc>>,
    /// iCalendar SEQUENCE: grows with every change a participant cares about.
    pub sequence: i32,
    pub published_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// For an application event: the network the organisations it approves
    /// join (with their representatives as members).
    pub project_network_id: Option<Uuid>,
    /// The language the event's own texts are written in (`sv`, `nb`,
    /// `en`); other languages are in `translations`.
    pub locale: String,
}

// Read by position in pages, programmes and feeds (see `by_position`).
crate::by_position!(
    id,
    network_id,
    series_id,
    kind,
    title,
    description,
    search_key,
    starts_at,
    ends_at,
    time_zone,
    status,
    attendance_mode,
    members_only,
    guest_confirmation_minutes,
    venue_name,
    venue_address,
    venue_city,
    venue_accessibility,
    online_provider,
    online_join_url,
    online_meeting_number,
    online_passcode,
    online_dial_in,
    online_instructions,
    join_link_visibility,
    capacity_in_person,
    capacity_online,
    registration_policy,
    registration_opens_at,
    registration_closes_at,
    sequence,
    published_at,
    cancelled_at,
    created_at,
    updated_at,
    project_network_id,
    locale,
);

/// Relations are followed through explicit queries and DataLoaders.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

/// An event's network, for loading both in one statement.
impl Related<super::network::Entity> for Entity {
    fn to() -> RelationDef {
        Entity::belongs_to(super::network::Entity)
            .from(Column::NetworkId)
            .to(super::network::Column::Id)
            .into()
    }
}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// Where the event is held, as one line: venue name, address and city,
    /// each trimmed, the blank ones left out, joined with ", "; `None` when
    /// all are blank. Mail, pages and calendar entries all say the place
    /// this way.
    pub fn venue_line(&self) -> Option<String> {
        let parts: Vec<&str> = [&self.venue_name, &self.venue_address, &self.venue_city]
            .into_iter()
            .filter_map(|part| part.as_deref().map(str::trim))
            .filter(|part| !part.is_empty())
            .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}
