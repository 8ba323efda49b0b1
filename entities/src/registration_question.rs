//! A question an organiser asks on an event's registration form.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

use crate::enums::QuestionKind;

/// A question an organiser asks on an event's registration form.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "registration_questions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub event_id: Uuid,
    pub position: i32,
    pub kind: QuestionKind,
    pub label: String,
    /// JSON array of the choices (choice questions).
    pub options: Json,
    pub required: bool,
    pub created_at: DateTime<Utc>,
}

/// Relations are followed through explicit queries.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
