//! An item of an event's programme.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// An item of an event's programme.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agenda_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub event_id: Uuid,
    pub position: i32,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    pub title: String,
    pub description: String,
    pub room: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

// Read by position in pages, programmes and feeds (see `by_position`).
crate::by_position!(
    id,
    event_id,
    position,
    starts_at,
    ends_at,
    title,
    description,
    room,
    created_at,
    updated_at,
);

/// Relations are followed through explicit queries and DataLoaders.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
