//! A speaker at an event: a person, or an external name with affiliation.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

use crate::enums::*;

/// A speaker at an event: a person, or an external name with affiliation.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "speakers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub event_id: Uuid,
    pub agenda_item_id: Option<Uuid>,
    pub person_id: Option<Uuid>,
    pub name: String,
    pub affiliation: Option<String>,
    pub role: Option<String>,
    pub status: SpeakerStatus,
    pub position: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

// Read by position in pages, programmes and feeds (see `by_position`).
crate::by_position!(
    id,
    event_id,
    agenda_item_id,
    person_id,
    name,
    affiliation,
    role,
    status,
    position,
    created_at,
    updated_at,
);

/// Relations are followed through explicit queries and DataLoaders.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

/// A speaker's person, for loading both in one statement (a left join:
/// external speakers have none).
impl Related<super::person::Entity> for Entity {
    fn to() -> RelationDef {
        Entity::belongs_to(super::person::Entity)
            .from(Column::PersonId)
            .to(super::person::Column::Id)
            .into()
    }
}

impl ActiveModelBehavior for ActiveModel {}
