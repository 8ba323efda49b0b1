//! One change of a registration: who, when, from what to what.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

use crate::enums::{ParticipationMode, RegistrationStatus};

/// One change of a registration: who, when, from what to what.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "registration_history")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub registration_id: Uuid,
    /// Who made the change (none: a guest through their link, or the system).
    pub actor_person_id: Option<Uuid>,
    pub from_status: Option<RegistrationStatus>,
    pub to_status: RegistrationStatus,
    pub from_mode: Option<ParticipationMode>,
    pub to_mode: ParticipationMode,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Relations are followed through explicit queries.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
