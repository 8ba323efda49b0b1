//! A network of organisations whose people meet.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

use crate::enums::*;

/// A network of organisations whose people meet.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "networks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    pub description: String,
    pub parent_id: Option<Uuid>,
    pub owner_organisation_id: Option<Uuid>,
    pub visibility: NetworkVisibility,
    /// IANA zone of the network's events by default.
    pub time_zone: String,
    pub default_locale: String,
    /// JSON array of strings.
    pub focus_areas: Json,
    /// Whether anyone may send the network theme suggestions.
    pub suggestions_open: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

// Read by position in pages, programmes and feeds (see `by_position`).
crate::by_position!(
    id,
    slug,
    name,
    description,
    parent_id,
    owner_organisation_id,
    visibility,
    time_zone,
    default_locale,
    focus_areas,
    suggestions_open,
    created_at,
    updated_at,
);

/// Relations are followed through explicit queries and DataLoaders.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
