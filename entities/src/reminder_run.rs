//! One fan-out of a reminder for one event: inserting it claims the run, so
//! a reminder goes out once per event even with two job runners.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// One fan-out of a reminder for one event.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reminder_runs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub reminder_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub event_id: Uuid,
    /// How many mails it queued.
    pub recipients: i32,
    pub created_at: DateTime<Utc>,
}

/// Relations are followed through explicit queries.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
