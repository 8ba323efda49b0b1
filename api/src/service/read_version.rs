//! The version of what anonymous readers see: one number in the database
//! (`read_version`), raised inside every write unit that can change public
//! data ([`super::tx::Tx::commit`]) and so committed or rolled back with
//! it. A process that keeps public answers (`crate::graphql::read_cache`)
//! reads it before each answer: the same version means that no such write
//! committed since, on any process.

use entities::read_version;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect};

use super::Result;

/// The row's id (there is one row).
const ROW: i32 = 1;

/// The version now.
pub async fn current<C: ConnectionTrait>(db: &C) -> Result<i64> {
    let version: Option<i64> = read_version::Entity::find_by_id(ROW)
        .select_only()
        .column(read_version::Column::Version)
        .into_tuple()
        .one(db)
        .await?;
    Ok(version.unwrap_or_default())
}

/// Raises the version by one in the unit's transaction: readers see the new
/// version exactly when they can see what the unit wrote.
pub(crate) async fn raise(txn: &DatabaseTransaction) -> Result<()> {
    use sea_orm::ColumnTrait;
    read_version::Entity::update_many()
        .col_expr(
            read_version::Column::Version,
            Expr::col(read_version::Column::Version).add(1),
        )
        .filter(read_version::Column::Id.eq(ROW))
        .exec(txn)
        .await?;
    Ok(())
}
