//! A single-use sign-in token sent by mail (only its hash).

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// A single-use sign-in token sent by mail (only its hash).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sign_in_tokens")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Normalised address the link was sent to.
    pub email: String,
    pub token_hash: String,
    /// Client address that asked, for rate limiting.
    pub client_ip: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
}

/// Relations are followed through explicit queries.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
