//! A text an organiser wrote for participants, in a language other than the
//! event's own (`events.locale`).

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// One text of one owner (an event; later its agenda items, questions,
/// reminders) in one language; unique per owner, field and language.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "translations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The event the owner belongs to (the owner itself for an event's
    /// own texts): its translations load together and go with it.
    pub event_id: Uuid,
    /// What owns the text, e.g. `event`.
    pub owner_kind: String,
    /// The owner's id.
    pub owner_id: Uuid,
    /// Which of the owner's texts, e.g. `title`, `description`.
    pub field: String,
    /// The language tag (`sv`, `nb`, `en`).
    pub locale: String,
    /// The text, trimmed and checked like the original.
    #[sea_orm(column_type = "Text")]
    pub text: String,
    pub updated_at: DateTime<Utc>,
}

/// Relations are followed through explicit queries and DataLoaders.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
