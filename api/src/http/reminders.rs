//! One-click unsubscribe from reminders (RFC 8058):
//!
//! - `POST /reminders/unsubscribe?token=…` — what mail clients send for
//!   `List-Unsubscribe-Post: List-Unsubscribe=One-Click`; stops reminders for
//!   that registration and answers in plain text;
//! - `GET /reminders/unsubscribe?token=…` — a small confirm form, so that a
//!   link scanner following the link does not unsubscribe anyone.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use crate::service::{Viewer, reminders};
use crate::state::AppState;

/// The unsubscribe routes.
pub fn routes() -> Router<AppState> {
    Router::new().route("/reminders/unsubscribe", get(confirm).post(unsubscribe))
}

/// The query string.
#[derive(Debug, Default, Deserialize)]
struct TokenQuery {
    /// The registration's reminder token, from the mail.
    token: Option<String>,
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

fn token_of(Query(query): Query<TokenQuery>) -> Option<String> {
    query
        .token
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty() && t.len() <= 64 && t.chars().all(|c| c.is_ascii_alphanumeric()))
}

async fn confirm(query: Query<TokenQuery>) -> Response {
    let Some(token) = token_of(query) else {
        return plain(StatusCode::BAD_REQUEST, "This link is not complete.\n");
    };
    let html = format!(
        "<!doctype html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>Avsluta påminnelser</title></head>\
         <body><form method=\"post\" action=\"/reminders/unsubscribe?token={token}\">\
         <p>Vill du inte få fler påminnelser om det här evenemanget? / Don't want more reminders for this event?</p>\
         <button type=\"submit\">Avsluta påminnelser / Unsubscribe</button></form></body></html>"
    );
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html,
    )
        .into_response()
}

async fn unsubscribe(State(state): State<AppState>, query: Query<TokenQuery>) -> Response {
    let Some(token) = token_of(query) else {
        return plain(StatusCode::BAD_REQUEST, "This link is not complete.\n");
    };
    let cx = state.service_context(Viewer::System);
    match reminders::unsubscribe(&cx, &token).await {
        Ok(true) => plain(
            StatusCode::OK,
            "Du får inga fler påminnelser om det här evenemanget.\nYou will get no more reminders for this event.\n",
        ),
        Ok(false) => plain(StatusCode::NOT_FOUND, "This link is not valid.\n"),
        Err(err) => {
            tracing::error!(error = %err, "unsubscribe failed");
            plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong; try again later.\n",
            )
        }
    }
}
