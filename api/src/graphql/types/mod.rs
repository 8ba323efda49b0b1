//! GraphQL object types. Each wraps a database model (`struct Event(event::Model)`)
//! and documents every field; relations resolve through the request's DataLoader.

mod event;
mod network;
mod node;
mod organisation;
mod series;

pub use event::{AgendaItem, Capacity, Event, OnlineMeeting, Speaker, Venue};
pub use network::{ContactPerson, Network};
pub use node::Node;
pub use organisation::{Organisation, Person};
pub use series::Series;

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, Object, OutputType};
use futures::future::BoxFuture;
use std::sync::Arc;

use super::loaders::Loaders;
use crate::pagination::Page;
use crate::service;

/// The service context of the request.
pub fn service_cx<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a service::Context> {
    ctx.data::<service::Context>()
}

/// The DataLoader of the request.
pub fn loaders<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Loaders> {
    ctx.data::<Loaders>()
}

type CountFn = Arc<dyn Fn() -> BoxFuture<'static, Result<u64, sea_orm::DbErr>> + Send + Sync>;

/// Fields every connection has besides edges and page info.
pub struct ConnectionFields {
    count: CountFn,
}

impl ConnectionFields {
    /// Counts with `select` when (and only when) `totalCount` is asked for.
    pub fn counting<E>(db: sea_orm::DatabaseConnection, select: sea_orm::Select<E>) -> Self
    where
        E: sea_orm::EntityTrait,
        E::Model: Sync,
    {
        use sea_orm::PaginatorTrait;
        Self {
            count: Arc::new(move || {
                let db = db.clone();
                let select = select.clone();
                Box::pin(async move { select.count(&db).await })
            }),
        }
    }
}

#[Object]
impl ConnectionFields {
    /// Number of items in the whole list (all pages), counted on request.
    async fn total_count(&self) -> async_graphql::Result<u64> {
        (self.count)()
            .await
            .map_err(|err| service::Error::Database(err).into())
    }
}

/// A connection with a total count.
pub type CountedConnection<N> = Connection<String, N, ConnectionFields>;

/// Turns a page of models into a connection of GraphQL nodes.
pub fn connection<M, N: OutputType>(
    page: Page<M>,
    fields: ConnectionFields,
    wrap: impl Fn(M) -> N,
) -> CountedConnection<N> {
    let mut conn =
        Connection::with_additional_fields(page.has_previous_page, page.has_next_page, fields);
    conn.edges = page
        .items
        .into_iter()
        .map(|(cursor, model)| Edge::new(cursor, wrap(model)))
        .collect();
    conn
}
