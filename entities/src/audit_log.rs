//! One entry of a network's audit log: who changed what, when.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// One change an organiser (or a participant, or the system) made to a
/// network's events, programme, registrations, questions, reminders, roles
/// or contacts. `action` is a code (`event.updated`, `agenda.added`, …);
/// `subject` names what was changed when it is not a person (an agenda
/// item's title), `subject_id` its id (a person is looked up when read);
/// `detail` says how (the fields changed, a reason).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub network_id: Uuid,
    pub event_id: Option<Uuid>,
    /// Who made the change (none: a guest through their link, or the system).
    pub actor_person_id: Option<Uuid>,
    pub action: String,
    pub subject_id: Option<Uuid>,
    pub subject: Option<String>,
    pub detail: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Relations are followed through explicit queries.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
