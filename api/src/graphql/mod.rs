//! The GraphQL API: a thin layer over the services. Types wrap models,
//! resolvers call one service function, relations go through DataLoaders.

pub mod enums;
pub mod error;
pub mod ids;
pub mod loaders;
pub mod mutation;
pub mod query;
pub mod types;

use async_graphql::{EmptySubscription, Schema, SchemaBuilder};

use crate::calendar::links::FeedUrls;

pub use mutation::Mutation;
pub use query::Query;

/// The schema type.
pub type AppSchema = Schema<Query, Mutation, EmptySubscription>;

/// Deepest query accepted.
pub const MAX_DEPTH: usize = 15;
/// Most complex query accepted (roughly: fields × page sizes).
pub const MAX_COMPLEXITY: usize = 20_000;

/// Builds the schema with its limits. Per-request data (the service context
/// and the DataLoader) is attached to each request, not here.
pub fn build_schema() -> AppSchema {
    builder().finish()
}

/// The schema the server runs: [`build_schema`] with the server's public
/// links (feed URLs are built from `PUBLIC_URL`).
pub fn schema_with_links(urls: FeedUrls) -> AppSchema {
    builder().data(urls).finish()
}

fn builder() -> SchemaBuilder<Query, Mutation, EmptySubscription> {
    Schema::build(Query, Mutation::default(), EmptySubscription)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
}

/// The schema in SDL, as checked in at `schema.graphql`.
pub fn sdl() -> String {
    let mut sdl = build_schema().sdl();
    if !sdl.ends_with('\n') {
        sdl.push('\n');
    }
    sdl
}
