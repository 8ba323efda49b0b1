//! One step of a theme suggestion's public history.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

use crate::enums::SuggestionStatus;

/// One change of a suggestion's state, with the organisers' follow-up text
/// for the public ("Tas upp på mötet i mars").
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "theme_suggestion_updates")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub suggestion_id: Uuid,
    pub status: SuggestionStatus,
    #[sea_orm(column_type = "Text", nullable)]
    pub follow_up: Option<String>,
    /// The follow-up in other languages than the network's own:
    /// `{"en": "Taken up in March"}`.
    pub translations: Option<Json>,
    /// Who made the change (none: the suggester through their link).
    pub actor_person_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// Relations are followed through explicit queries.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
