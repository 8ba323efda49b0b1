//! A fixed-window counter of a rate limit, shared by every server process.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

/// Hits of one key in one window of one limit.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rate_limit_windows")]
pub struct Model {
    /// Which limit (`register`, `page-post`, `manage-link` …).
    #[sea_orm(primary_key, auto_increment = false)]
    pub scope: String,
    /// SHA-256 of the key (a client address, an email address): the table
    /// holds no address in the clear.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key_hash: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub window_start: DateTime<Utc>,
    pub hits: i32,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
