//! HTTP endpoints other than GraphQL (calendar feeds, exports; pages later): thin
//! handlers that parse the request, call the services and shape the response.
//! Each module exports `routes()`, merged into the app's router.

pub mod exports;
pub mod feed_cache;
pub mod feeds;
pub mod headers;
pub mod reminders;
