//! GraphQL object types. Each wraps a database model (`struct Event(event::Model)`)
//! and documents every field; relations resolve through the request's DataLoader.

mod attendance;
mod event;
mod language;
mod network;
mod node;
mod organisation;
mod parts;
mod registration;
mod reminder;
mod series;
mod suggestion;
mod viewer;
mod webhook;

pub use attendance::{Attendance, EventAttendance, OrganisationAttendance, OrganisationCount};
pub use event::{AgendaItem, Capacity, Event, OnlineMeeting, Speaker, Venue};
pub use network::{ContactPerson, Network};
pub use node::Node;
pub use organisation::{Organisation, Person};
pub use registration::{Registration, RegistrationFilter, RegistrationQuestion, Seats};
pub use reminder::{Delivery, Reminder, ReminderCounts};

pub use series::Series;
pub use suggestion::{ThemeSuggestion, ThemeSuggestionUpdate};
pub use viewer::{ApiToken, CalendarFeed, NetworkRole, RoleAssignment, TokenScope, Viewer};
pub use webhook::{WebhookDelivery, WebhookEndpoint};

use async_graphql::{Context, Object, SimpleObject};
use futures::future::BoxFuture;
use std::sync::Arc;

use super::loaders::Loaders;
use crate::calendar::links::FeedUrls;
use crate::pagination::Page;
use crate::service;

/// The service context of the request.
pub fn service_cx<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a service::Context> {
    ctx.data::<service::Context>()
}

/// The server's public links (feed URLs).
pub fn feed_urls<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a FeedUrls> {
    ctx.data::<FeedUrls>()
}

/// The period of an `attendance` field.
pub fn attendance_period(
    last: Option<i32>,
    from: Option<chrono::DateTime<chrono::Utc>>,
    to: Option<chrono::DateTime<chrono::Utc>>,
) -> async_graphql::Result<service::attendance::Period> {
    let last = match last {
        None => None,
        Some(n) if n >= 1 => u32::try_from(n).ok(),
        Some(_) => {
            return Err(service::Error::field(
                "last",
                service::ErrorCode::OutOfRange,
                "at least 1",
            )
            .into());
        }
    };
    Ok(service::attendance::Period { last, from, to })
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

impl ConnectionFields {
    /// Counts the whole list.
    pub async fn total_count(&self) -> async_graphql::Result<u64> {
        (self.count)()
            .await
            .map_err(|err| service::Error::from(err).into())
    }
}

/// Where a page stands in its list (Relay).
#[derive(SimpleObject, Clone)]
pub struct PageInfo {
    /// Whether items exist after this page.
    pub has_next_page: bool,
    /// Whether items exist before this page.
    pub has_previous_page: bool,
    /// Cursor of the first item of the page.
    pub start_cursor: Option<String>,
    /// Cursor of the last item of the page.
    pub end_cursor: Option<String>,
}

macro_rules! connection_type {
    ($conn:ident, $edge:ident, $node:ty, $conn_doc:literal, $edge_doc:literal) => {
        #[doc = $edge_doc]
        #[derive(SimpleObject, Clone)]
        pub struct $edge {
            /// Opaque cursor of this item, for `after` and `before`.
            pub cursor: String,
            /// The item.
            pub node: $node,
        }

        #[doc = $conn_doc]
        pub struct $conn {
            edges: Vec<$edge>,
            page_info: PageInfo,
            fields: ConnectionFields,
        }

        impl $conn {
            /// Builds the connection from a page of models.
            pub fn from_page<M>(
                page: Page<M>,
                fields: ConnectionFields,
                wrap: impl Fn(M) -> $node,
            ) -> Self {
                let edges: Vec<$edge> = page
                    .items
                    .into_iter()
                    .map(|(cursor, model)| $edge {
                        cursor,
                        node: wrap(model),
                    })
                    .collect();
                let page_info = PageInfo {
                    has_next_page: page.has_next_page,
                    has_previous_page: page.has_previous_page,
                    start_cursor: edges.first().map(|e| e.cursor.clone()),
                    end_cursor: edges.last().map(|e| e.cursor.clone()),
                };
                Self {
                    edges,
                    page_info,
                    fields,
                }
            }
        }

        #[doc = $conn_doc]
        #[Object]
        impl $conn {
            /// The items of this page with their cursors.
            async fn edges(&self) -> &[$edge] {
                &self.edges
            }

            /// The items of this page.
            async fn nodes(&self) -> Vec<&$node> {
                self.edges.iter().map(|e| &e.node).collect()
            }

            /// Where this page stands in the list.
            async fn page_info(&self) -> &PageInfo {
                &self.page_info
            }

            /// Number of items in the whole list (all pages), counted on request.
            async fn total_count(&self) -> async_graphql::Result<u64> {
                self.fields.total_count().await
            }
        }
    };
}

connection_type!(
    EventConnection,
    EventEdge,
    Event,
    "A page of events, ordered by start.",
    "An event and its cursor."
);
connection_type!(
    RegistrationConnection,
    RegistrationEdge,
    Registration,
    "A page of registrations, oldest first.",
    "A registration and its cursor."
);
connection_type!(
    ThemeSuggestionConnection,
    ThemeSuggestionEdge,
    ThemeSuggestion,
    "A page of theme suggestions, oldest first.",
    "A theme suggestion and its cursor."
);
connection_type!(
    WebhookDeliveryConnection,
    WebhookDeliveryEdge,
    WebhookDelivery,
    "A page of webhook deliveries, oldest first.",
    "A webhook delivery and its cursor."
);
connection_type!(
    NetworkConnection,
    NetworkEdge,
    Network,
    "A page of networks, ordered by name.",
    "A network and its cursor."
);
connection_type!(
    OrganisationConnection,
    OrganisationEdge,
    Organisation,
    "A page of organisations, ordered by name.",
    "An organisation and its cursor."
);
