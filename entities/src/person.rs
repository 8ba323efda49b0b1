//! A person who takes part in, speaks at or organises events.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// A person who takes part in, speaks at or organises events.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "people")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    /// Lower-case address; unique.
    pub email: String,
    pub organisation_id: Option<Uuid>,
    pub title: Option<String>,
    pub locale: Option<String>,
    pub is_platform_admin: bool,
    /// When the person last proved their address by signing in through a
    /// mailed link; null for people only named by others (guests, speakers).
    pub email_verified_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

// Read by position in pages, programmes and feeds (see `by_position`).
crate::by_position!(
    id,
    name,
    email,
    organisation_id,
    title,
    locale,
    is_platform_admin,
    email_verified_at,
    created_at,
    updated_at,
);

/// Relations are followed through explicit queries and DataLoaders.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

/// A person's organisation, for loading both in one statement (a left
/// join: not everyone has one).
impl Related<super::organisation::Entity> for Entity {
    fn to() -> RelationDef {
        Entity::belongs_to(super::organisation::Entity)
            .from(Column::OrganisationId)
            .to(super::organisation::Column::Id)
            .into()
    }
}

impl ActiveModelBehavior for ActiveModel {}
