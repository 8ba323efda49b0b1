//! An organisation: a municipality, region, agency, association, university, company.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

use crate::enums::*;

/// An organisation: a municipality, region, agency, association, university, company.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub kind: OrganisationKind,
    pub org_number: Option<String>,
    pub country_code: Option<String>,
    /// Lower-case name with Nordic letters folded, for search.
    pub search_key: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

// Read by position in pages, programmes and feeds (see `by_position`).
crate::by_position!(
    id,
    name,
    kind,
    org_number,
    country_code,
    search_key,
    created_at,
    updated_at,
);

/// Relations are followed through explicit queries and DataLoaders.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
