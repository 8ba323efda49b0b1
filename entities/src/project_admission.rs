//! What one approved application added to its event's project network.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// What one approved application added to its event's project network: the
/// applying organisation's membership and the representative's member role,
/// each flagged only when the approval made it, so that withdrawing the
/// approval takes back exactly what it added. `withdrawn_at` marks one taken
/// back.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "project_admissions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The approved application.
    pub registration_id: Uuid,
    /// The project network joined.
    pub network_id: Uuid,
    /// The organisation admitted (none: the application named none).
    pub organisation_id: Option<Uuid>,
    /// Its representative (none once erased).
    pub person_id: Option<Uuid>,
    /// The approval made the organisation a member (it was not one before).
    pub added_membership: bool,
    /// The approval gave the person the member role (they had no role).
    pub added_role: bool,
    pub admitted_at: DateTime<Utc>,
    pub withdrawn_at: Option<DateTime<Utc>>,
}

/// Relations are followed through explicit queries.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
