//! HTTP endpoints other than GraphQL (calendar feeds, exports; pages later): thin
//! handlers that parse the request, call the services and shape the response.
//! Each module exports `routes()`, merged into the app's router.

pub mod encoding;
pub mod exports;
pub mod feed_cache;
pub mod feeds;
pub mod headers;
pub mod reminders;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Seconds a client is asked to wait before trying again after a `503`.
pub const RETRY_AFTER_SECS: u32 = 5;

/// The `Retry-After` header of a `503`.
pub fn retry_after() -> (header::HeaderName, HeaderValue) {
    (header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS))
}

/// `503 Service Unavailable` with `Retry-After`, in plain text: the database
/// could not be reached or written (see `crate::db`'s "Faults").
pub fn unavailable() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            retry_after(),
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        "The database is unavailable; nothing was stored. Please try again in a moment.\n",
    )
        .into_response()
}
