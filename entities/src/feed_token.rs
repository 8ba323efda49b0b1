//! A person's secret, revocable calendar feed token (only its hash).

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// A person's secret, revocable calendar feed token (only its hash).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "feed_tokens")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub person_id: Uuid,
    pub token_hash: String,
    pub include_followed_networks: bool,
    /// The secret itself while the token is active (erased on revocation), so
    /// that the owner can be shown their URL again.
    pub secret: Option<String>,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// Relations are followed through explicit queries and DataLoaders.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
