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

impl Model {
    /// The choices of a choice question, in order (none for other kinds):
    /// the one reading of the stored JSON array, for the API, the pages and
    /// the answer check alike.
    pub fn choices(&self) -> Vec<String> {
        self.options
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|o| o.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }
}
