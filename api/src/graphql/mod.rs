//! The GraphQL API: a thin layer over the services. Types wrap models,
//! resolvers call one service function, relations go through DataLoaders.

pub mod documents;
pub mod enums;
pub mod error;
pub mod gate;
pub mod http;
pub mod ids;
pub mod limits;
pub mod loaders;
pub mod mutation;
pub mod query;
pub mod read_cache;
pub mod subscription;
pub mod types;
pub mod ws;

use async_graphql::{Schema, SchemaBuilder};

use crate::calendar::links::FeedUrls;

pub use mutation::Mutation;
pub use query::Query;
pub use subscription::Subscription;

/// The schema type.
pub type AppSchema = Schema<Query, Mutation, Subscription>;

/// Deepest query accepted.
pub const MAX_DEPTH: usize = 15;
/// Most complex query accepted (roughly: fields × page sizes).
pub const MAX_COMPLEXITY: usize = 20_000;

/// Builds the schema with its limits (depth, complexity, recursion,
/// directives). Without introspection, "did you mean" suggestions are off
/// too (they would reveal the schema); the gate in front of it
/// ([`gate::GatedSchema`]) refuses `__schema` and `__type` with a clear
/// error and enforces the shape limits. Per-request data (the service
/// context and the DataLoader) is attached to each request.
///
/// The schema has no extensions: any extension puts every field's
/// resolution through async-graphql's extension chain (see [`gate`]).
pub fn build_schema(introspection: bool) -> AppSchema {
    builder(introspection).finish()
}

/// The schema the server runs: [`build_schema`] with the server's public
/// links (feed URLs are built from `PUBLIC_URL`), behind its gate, with its
/// parsed documents kept in `documents` (the HTTP handler looks at them
/// too).
pub fn schema_with_links(
    introspection: bool,
    urls: FeedUrls,
    documents: documents::DocumentCache,
) -> gate::GatedSchema {
    gate::GatedSchema::new(
        builder(introspection).data(urls).finish(),
        documents,
        introspection,
    )
}

fn builder(introspection: bool) -> SchemaBuilder<Query, Mutation, Subscription> {
    let builder = Schema::build(Query, Mutation::default(), Subscription)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .limit_recursive_depth(64)
        .limit_directives(10);
    if introspection {
        builder
    } else {
        // The gate answers `__schema` and `__type` with an error; the
        // built-in switch stays on behind it.
        builder.disable_introspection().disable_suggestions()
    }
}

/// The schema in SDL, as checked in at `schema.graphql`.
pub fn sdl() -> String {
    let mut sdl = build_schema(true).sdl();
    if !sdl.ends_with('\n') {
        sdl.push('\n');
    }
    sdl
}

/// GraphiQL's page, made once at start-up: the security headers hash its
/// inline script and style from this very text. Its own `<meta
/// name="referrer">` would loosen the server's `no-referrer`, so it is
/// made to say the same.
pub fn graphiql_html() -> String {
    async_graphql::http::GraphiQLSource::build()
        .endpoint("/graphql")
        .title("Träffpunkt GraphQL")
        .finish()
        .replace(
            r#"<meta name="referrer" content="origin">"#,
            r#"<meta name="referrer" content="no-referrer">"#,
        )
}
