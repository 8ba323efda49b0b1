//! Models read from a row by the position of their columns instead of by
//! their names, for the reads that decode many rows (pages of events, their
//! speakers, feeds).
//!
//! The model sea-orm derives looks each column up by name: a hash lookup
//! per column, a `format!` of the prefixed name per column of a joined
//! model, and an error string built and dropped for every NULL in an
//! `Option` column. Reading by position does none of this. A select built
//! by `Entity::find()` lists the entity's columns in the order of its
//! `Column` enum (which is the order of the model's fields), joined
//! entities' columns after them, so each field's position is known.
//!
//! [`by_position!`](crate::by_position) implements [`ByPosition`] for a
//! model from its field list: a missing or unknown field does not compile,
//! and the test below checks that each list follows its entity's columns.

use sea_orm::{
    ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryResult, QuerySelect, QueryTrait,
    Select, SelectTwo, TryGetError,
};

/// A model that can be read from the columns of a row starting at a
/// position.
pub trait ByPosition: Sized {
    /// The model's fields in order, as the columns are named.
    const FIELDS: &'static [&'static str];

    /// Reads the model from the columns at `at..at + FIELDS.len()`.
    fn read_at(row: &QueryResult, at: usize) -> Result<Self, TryGetError>;

    /// Reads the model of a left-joined entity: `None` when the row has
    /// none (its first column, the primary key, is NULL; every model that
    /// reads by position has a UUID there).
    fn read_optional_at(row: &QueryResult, at: usize) -> Result<Option<Self>, TryGetError> {
        match row.try_get_by_index_nullable::<Option<uuid::Uuid>>(at)? {
            None => Ok(None),
            Some(_) => Self::read_at(row, at).map(Some),
        }
    }
}

/// Implements [`ByPosition`] for the `Model` of the module it is used in,
/// from its fields in order.
#[macro_export]
macro_rules! by_position {
    ($($field:ident),+ $(,)?) => {
        impl $crate::by_position::ByPosition for Model {
            const FIELDS: &'static [&'static str] = &[$(stringify!($field)),+];

            fn read_at(
                row: &sea_orm::QueryResult,
                at: usize,
            ) -> Result<Self, sea_orm::TryGetError> {
                let mut column = at..;
                let mut next = move || column.next().unwrap_or(usize::MAX);
                // A struct literal's fields are evaluated in the order written.
                Ok(Self {
                    $($field: row.try_get_by_index_nullable(next())?,)+
                })
            }
        }
    };
}

/// A row read by position: one model, or a model with counts or a joined
/// model after it (see [`Joined`]).
#[derive(Debug)]
pub struct Positional<M>(pub M);

impl<M: ByPosition> FromQueryResult for Positional<M> {
    fn from_query_result(row: &QueryResult, _prefix: &str) -> Result<Self, DbErr> {
        Ok(Self(M::read_at(row, 0)?))
    }
}

/// A model with the model of a left-joined entity after it, read by
/// position.
#[derive(Debug)]
pub struct Joined<A, B>(pub A, pub Option<B>);

impl<A: ByPosition, B: ByPosition> FromQueryResult for Joined<A, B> {
    fn from_query_result(row: &QueryResult, _prefix: &str) -> Result<Self, DbErr> {
        Ok(Self(
            A::read_at(row, 0)?,
            B::read_optional_at(row, A::FIELDS.len())?,
        ))
    }
}

/// A model with the models of two left-joined entities after it (as
/// `find_also_related(…).and_also_related(…)` selects them), read by
/// position.
#[derive(Debug)]
pub struct JoinedTwo<A, B, C>(pub A, pub Option<B>, pub Option<C>);

impl<A: ByPosition, B: ByPosition, C: ByPosition> FromQueryResult for JoinedTwo<A, B, C> {
    fn from_query_result(row: &QueryResult, _prefix: &str) -> Result<Self, DbErr> {
        let b = A::FIELDS.len();
        let c = b + B::FIELDS.len();
        Ok(Self(
            A::read_at(row, 0)?,
            B::read_optional_at(row, b)?,
            C::read_optional_at(row, c)?,
        ))
    }
}

/// `all` and `one` for selects of models that read by position. Only for
/// selects that keep the entity's own column list first, as
/// `Entity::find()` builds it (filters, orders, limits, joined entities and
/// columns added after it are fine); never after `select_only()`.
pub trait ReadByPosition {
    /// What one row becomes.
    type Row;

    /// Every row.
    fn all_by_position<C: ConnectionTrait>(
        self,
        db: &C,
    ) -> impl Future<Output = Result<Vec<Self::Row>, DbErr>> + Send;

    /// The first row, if any.
    fn one_by_position<C: ConnectionTrait>(
        self,
        db: &C,
    ) -> impl Future<Output = Result<Option<Self::Row>, DbErr>> + Send;
}

impl<E> ReadByPosition for Select<E>
where
    E: EntityTrait,
    E::Model: ByPosition + Send,
{
    type Row = E::Model;

    async fn all_by_position<C: ConnectionTrait>(self, db: &C) -> Result<Vec<E::Model>, DbErr> {
        let rows = self.into_model::<Positional<E::Model>>().all(db).await?;
        Ok(rows.into_iter().map(|row| row.0).collect())
    }

    async fn one_by_position<C: ConnectionTrait>(self, db: &C) -> Result<Option<E::Model>, DbErr> {
        let row = self.into_model::<Positional<E::Model>>().one(db).await?;
        Ok(row.map(|row| row.0))
    }
}

impl<E, F> ReadByPosition for SelectTwo<E, F>
where
    E: EntityTrait,
    F: EntityTrait,
    E::Model: ByPosition + Send,
    F::Model: ByPosition + Send,
{
    type Row = (E::Model, Option<F::Model>);

    async fn all_by_position<C: ConnectionTrait>(self, db: &C) -> Result<Vec<Self::Row>, DbErr> {
        let statement = self.build(db.get_database_backend());
        let rows = Joined::<E::Model, F::Model>::find_by_statement(statement)
            .all(db)
            .await?;
        Ok(rows.into_iter().map(|Joined(a, b)| (a, b)).collect())
    }

    async fn one_by_position<C: ConnectionTrait>(self, db: &C) -> Result<Option<Self::Row>, DbErr> {
        let statement = self.limit(1).build(db.get_database_backend());
        let row = Joined::<E::Model, F::Model>::find_by_statement(statement)
            .one(db)
            .await?;
        Ok(row.map(|Joined(a, b)| (a, b)))
    }
}

#[cfg(test)]
mod tests {
    use super::ByPosition;
    use sea_orm::{EntityTrait, IdenStatic, Iterable};

    fn follows_columns<E: EntityTrait>()
    where
        E::Model: ByPosition,
    {
        let columns: Vec<&str> = E::Column::iter().map(|c| c.as_str()).collect();
        assert_eq!(
            <E::Model as ByPosition>::FIELDS,
            columns.as_slice(),
            "the by_position! list of {} must name its columns in order",
            E::default().as_str()
        );
    }

    #[test]
    fn every_field_list_follows_its_columns() {
        follows_columns::<crate::agenda_item::Entity>();
        follows_columns::<crate::event::Entity>();
        follows_columns::<crate::network::Entity>();
        follows_columns::<crate::organisation::Entity>();
        follows_columns::<crate::person::Entity>();
        follows_columns::<crate::series::Entity>();
        follows_columns::<crate::speaker::Entity>();
        follows_columns::<crate::theme_suggestion::Entity>();
    }
}
