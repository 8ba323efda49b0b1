//! A mail domain of an organisation: a person who signed in with an address
//! in it belongs to the organisation.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// A mail domain of an organisation.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisation_domains")]
pub struct Model {
    /// Lower-case domain, e.g. `molndal.se`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub domain: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub organisation_id: Uuid,
    pub created_at: DateTime<Utc>,
}

/// Relations are followed through explicit queries.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
