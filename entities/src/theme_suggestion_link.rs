//! A suggester's follow link.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// A link that shows a suggestion to its suggester and lets them withdraw
/// it: the SHA-256 of its token (the token itself is only in their mail).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "theme_suggestion_links")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub token_hash: String,
    pub suggestion_id: Uuid,
    pub created_at: DateTime<Utc>,
}

/// Relations are followed through explicit queries.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
