//! A reminder an organiser schedules for an event or a series.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

use crate::enums::*;

/// A reminder an organiser schedules for an event or a series.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "reminders")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub event_id: Option<Uuid>,
    pub series_id: Option<Uuid>,
    pub send_at: Option<DateTime<Utc>>,
    pub offset_minutes: Option<i32>,
    /// JSON audience filter.
    pub audience: Json,
    pub subject: Option<String>,
    pub body: Option<String>,
    pub locale: Option<String>,
    /// The own subject and body in other languages than `locale` (or the
    /// event's own): `{"nb": {"subject": "…", "body": "…"}}`.
    pub translations: Option<Json>,
    pub status: ReminderStatus,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Relations are followed through explicit queries and DataLoaders.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
