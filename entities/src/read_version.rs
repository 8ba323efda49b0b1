//! The version of what anonymous readers see (one row, id 1): raised by
//! every write unit that can change it, read before a public answer is
//! served from or kept in a server's read cache.

use sea_orm::entity::prelude::*;

/// The one row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "read_version")]
pub struct Model {
    /// Always 1.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    /// Raised by one with each such commit.
    pub version: i64,
}

/// Relations are followed through explicit queries and DataLoaders.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
