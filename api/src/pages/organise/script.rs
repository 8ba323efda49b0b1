//! The console's small script (`GET /assets/console-1.js`): progressive
//! enhancement only — it refreshes the door view's count and a reminder's
//! delivery progress from their JSON endpoints while the page is visible.
//! Every page works without it; pages that use it include it with
//! `<script src defer>` (the pages' policy allows scripts from this origin
//! only, never inline).

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// The script, compiled in.
const SCRIPT: &str = include_str!("../../../assets/console.js");

/// Where the script is served. The path carries a version so that it may
/// be cached for a year: change the number when the script changes.
pub(super) const SCRIPT_PATH: &str = "/assets/console-1.js";

/// `GET /assets/console-1.js`.
pub(super) async fn script() -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "application/javascript; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        SCRIPT,
    )
        .into_response()
}

/// The answer of a JSON endpoint the script polls: counts only, never
/// stored by a cache (`Cache-Control: no-store`).
pub(super) fn counts(value: &serde_json::Value) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        value.to_string(),
    )
        .into_response()
}

/// A JSON endpoint's refusal: the status its page would answer with ("not
/// found" for what the viewer may not see), an empty object, not stored.
pub(super) fn refused(
    request: &crate::pages::page::PageRequest,
    err: crate::service::Error,
) -> Response {
    let status = request.failed(err).status();
    let mut response = counts(&serde_json::json!({}));
    *response.status_mut() = status;
    response
}
