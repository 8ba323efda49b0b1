//! GraphQL subscriptions over WebSocket at `/graphql/ws`, with the protocols
//! `graphql-transport-ws` (the `graphql-ws` npm client) and the older
//! `graphql-ws` (subscriptions-transport-ws). Stricter than
//! async-graphql-axum's stock handler, which checks nothing:
//!
//! - **Origin**: a browser's upgrade request carries `Origin`; it must be
//!   `PUBLIC_URL`'s origin or one of `TRAFFPUNKT_ALLOWED_ORIGINS`, otherwise
//!   the answer is `403` (cross-site WebSocket hijacking). A request without
//!   `Origin` (not a browser: a server, a script) is let through: it can only
//!   act with a token it holds itself.
//! - **Authentication** in the `connection_init` payload:
//!   `{"authorization": "Bearer <token>"}` (a session or API token); without
//!   one the connection is anonymous. An `Authorization` header on the upgrade
//!   request is accepted too (non-browser clients). An invalid token closes
//!   the connection (`4403`). The viewer is fixed for the connection's life.
//! - **Revocation**: a connection opened with a token is checked again
//!   against the database before every event it is sent and every
//!   [`REVALIDATE_EVERY`] while it is quiet; once the session is signed out,
//!   the API token revoked or either expired, it closes with `4403` instead
//!   of delivering. The database, not a flag of this process, is asked, so a
//!   sign-out through any server process counts.
//! - **Limits**: `connection_init` within [`INIT_TIMEOUT`] (else close
//!   `4408`); messages of at most [`crate::state::MAX_BODY_BYTES`]; at most
//!   [`super::subscription::MAX_SUBSCRIPTIONS_PER_CONNECTION`] subscriptions
//!   per connection and [`crate::live::MAX_CONNECTIONS`] connections per
//!   process (then `503`); depth, complexity, alias and root-field limits as
//!   over HTTP. At shutdown, connections close with `1001`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use async_graphql::Data;
use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::Extension;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures::{SinkExt, StreamExt};

use super::http::RequestInfo;
use super::subscription::SubscriptionSlots;
use crate::service::auth;
use crate::service::{self, Viewer};
use crate::state::{AppState, MAX_BODY_BYTES, client_ip};

/// Time a client has to send `connection_init` after connecting.
pub const INIT_TIMEOUT: Duration = Duration::from_secs(10);

/// How often a quiet connection's token is checked again (a connection that
/// is sent events is checked before each).
pub const REVALIDATE_EVERY: Duration = Duration::from_secs(30);

/// The close reason when a connection's token no longer holds.
const REVOKED: &str = "the token was revoked or has expired; sign in again";

/// The origin (`scheme://host[:port]`, lower case, without a default port)
/// of a URL or an `Origin` value; `None` when it has none.
pub fn origin_of(url: &str) -> Option<String> {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?.to_ascii_lowercase();
    // No user info in an origin.
    let authority = authority.rsplit('@').next()?.to_owned();
    if authority.is_empty() {
        return None;
    }
    let default_port = if scheme == "https" { ":443" } else { ":80" };
    let authority = authority
        .strip_suffix(default_port)
        .unwrap_or(&authority)
        .to_owned();
    Some(format!("{scheme}://{authority}"))
}

/// Whether a WebSocket upgrade with these headers may go on.
fn origin_allowed(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Some(origin) = origin.to_str().ok().and_then(origin_of) else {
        // `null` (a sandboxed page, a file) and anything unreadable.
        return false;
    };
    origin_of(&state.config.public_url()).as_deref() == Some(origin.as_str())
        || state
            .config
            .allowed_origins
            .iter()
            .filter_map(|allowed| origin_of(allowed))
            .any(|allowed| allowed == origin)
}

fn plain(status: StatusCode, message: &str) -> Response {
    (status, format!("{message}\n")).into_response()
}

/// The bearer token of a `connection_init` payload or header value.
fn bearer(value: &str) -> Option<&str> {
    value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// `GET /graphql/ws`: the upgrade to a GraphQL WebSocket.
pub async fn handler(
    State(state): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    protocol: Result<GraphQLProtocol, StatusCode>,
    upgrade: Result<WebSocketUpgrade, axum::extract::ws::rejection::WebSocketUpgradeRejection>,
) -> Response {
    if !origin_allowed(&state, &headers) {
        tracing::warn!(origin = ?headers.get(header::ORIGIN), "WebSocket from a foreign origin refused");
        return plain(
            StatusCode::FORBIDDEN,
            "This origin may not open a WebSocket here.",
        );
    }
    let upgrade = match upgrade {
        Ok(upgrade) => upgrade,
        Err(rejection) => return rejection.into_response(),
    };
    let Ok(protocol) = protocol else {
        return plain(
            StatusCode::BAD_REQUEST,
            "Ask for the graphql-transport-ws (or graphql-ws) subprotocol.",
        );
    };
    let Some(permit) = state.live.connection_permit() else {
        return plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "Too many live connections; try again later.",
        );
    };
    let header_token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let info = RequestInfo {
        request_id: headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned(),
        client_ip: client_ip(&state, &headers, peer.map(|Extension(ConnectInfo(p))| p)),
        accept_language: crate::i18n::accept_language(
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok()),
        ),
    };
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .max_message_size(MAX_BODY_BYTES)
        .max_frame_size(MAX_BODY_BYTES)
        .on_upgrade(move |socket| async move {
            serve(socket, state, protocol, header_token, info).await;
            drop(permit);
        })
}

/// The viewer a `connection_init` payload (or the upgrade's header) names,
/// with the token when there is one (to check it again later).
async fn authenticate(
    state: &AppState,
    payload: &serde_json::Value,
    header_token: Option<&str>,
) -> async_graphql::Result<(Viewer, Option<String>)> {
    let given = payload
        .get("authorization")
        .or_else(|| payload.get("Authorization"))
        .and_then(serde_json::Value::as_str)
        .or(header_token);
    let Some(given) = given else {
        return Ok((Viewer::Anonymous, None));
    };
    let Some(token) = bearer(given) else {
        return Err(async_graphql::Error::new(
            "authorization must be \"Bearer <token>\"",
        ));
    };
    match auth::authenticate(&state.db, &state.clock, &state.auth, token).await {
        Ok(viewer) => Ok((viewer, Some(token.to_owned()))),
        Err(err) => match service::Error::from(err) {
            service::Error::Unauthenticated => Err(super::error::coded(
                "the bearer token is invalid, revoked or expired; sign in again",
                super::error::codes::UNAUTHENTICATED,
            )),
            // A fault is retryable, anything else logged: as every answer.
            other => Err(other.into()),
        },
    }
}

/// Whether `token` still names a live session or API token, asked of the
/// database. A database fault keeps the connection (logged): the next check
/// decides.
async fn still_valid(state: &AppState, token: &str) -> bool {
    match auth::authenticate(&state.db, &state.clock, &state.auth, token).await {
        Ok(_) => true,
        Err(err) => match service::Error::from(err) {
            service::Error::Unauthenticated => false,
            other => {
                tracing::warn!(error = %other, "cannot check a WebSocket's token again; kept for now");
                true
            }
        },
    }
}

/// Whether an outgoing message carries a subscription's data (`next` in
/// graphql-transport-ws, `data` in graphql-ws), which a revoked token must
/// not receive.
fn carries_data(message: &Message) -> bool {
    #[derive(serde::Deserialize)]
    struct Kind<'a> {
        #[serde(rename = "type", borrow)]
        kind: &'a str,
    }
    match message {
        Message::Text(text) => serde_json::from_str::<Kind<'_>>(text.as_str())
            .is_ok_and(|k| matches!(k.kind, "next" | "data")),
        _ => false,
    }
}

fn close(code: u16, reason: &str) -> Message {
    Message::Close(Some(CloseFrame {
        code,
        reason: reason.into(),
    }))
}

async fn serve(
    socket: WebSocket,
    state: AppState,
    protocol: GraphQLProtocol,
    header_token: Option<String>,
    info: RequestInfo,
) {
    let (mut sink, stream) = socket.split();
    // The GraphQL side writes into a channel; this loop forwards to the
    // socket and can close it itself (init timeout, shutdown, bad token).
    let (tx, mut rx) = futures::channel::mpsc::channel::<Message>(16);
    let acked = Arc::new(AtomicBool::new(false));
    let (refused_tx, refused_rx) = tokio::sync::oneshot::channel::<String>();
    // The token the connection was opened with, checked again later.
    let token: Arc<std::sync::Mutex<Option<String>>> = Arc::default();
    let on_init = {
        let state = state.clone();
        let acked = acked.clone();
        let token = token.clone();
        move |payload: serde_json::Value| async move {
            match authenticate(&state, &payload, header_token.as_deref()).await {
                Ok((viewer, given)) => {
                    if let Ok(mut token) = token.lock() {
                        *token = given;
                    }
                    let mut data = Data::default();
                    data.insert(state.service_context(viewer));
                    data.insert(SubscriptionSlots::default());
                    data.insert(info);
                    data.insert(state.config.clone());
                    acked.store(true, Ordering::Release);
                    Ok(data)
                }
                Err(err) => {
                    let _ = refused_tx.send(err.message.clone());
                    Err(err)
                }
            }
        }
    };
    let graphql = GraphQLWebSocket::new_with_pair(tx, stream, state.schema.clone(), protocol)
        .on_connection_init(on_init)
        .serve();
    tokio::pin!(graphql);
    let init_deadline = tokio::time::sleep(INIT_TIMEOUT);
    tokio::pin!(init_deadline);
    let closing = state.live.closing();
    tokio::pin!(closing);
    // Resolves only when the init was refused (not when it was accepted).
    let refused = async move {
        match refused_rx.await {
            Ok(reason) => reason,
            Err(_) => std::future::pending().await,
        }
    };
    tokio::pin!(refused);
    let mut revalidate = tokio::time::interval_at(
        tokio::time::Instant::now() + REVALIDATE_EVERY,
        REVALIDATE_EVERY,
    );
    revalidate.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let current_token = || token.lock().ok().and_then(|t| t.clone());
    let mut graphql_done = false;
    loop {
        tokio::select! {
            biased;
            reason = &mut refused => {
                // graphql-transport-ws: 4403 Forbidden for a refused init.
                let _ = sink.send(close(4403, &reason)).await;
                break;
            }
            () = &mut closing => {
                let _ = sink.send(close(1001, "the server is shutting down")).await;
                break;
            }
            () = &mut init_deadline, if !acked.load(Ordering::Acquire) => {
                let _ = sink.send(close(4408, "Connection initialisation timeout")).await;
                break;
            }
            _ = revalidate.tick() => {
                if let Some(token) = current_token()
                    && !still_valid(&state, &token).await
                {
                    let _ = sink.send(close(4403, REVOKED)).await;
                    break;
                }
            }
            message = rx.next() => match message {
                Some(message) => {
                    if carries_data(&message)
                        && let Some(token) = current_token()
                        && !still_valid(&state, &token).await
                    {
                        let _ = sink.send(close(4403, REVOKED)).await;
                        break;
                    }
                    if sink.send(message).await.is_err() {
                        break;
                    }
                }
                None => break,
            },
            () = &mut graphql, if !graphql_done => graphql_done = true,
        }
    }
    let _ = sink.close().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_compared_without_default_ports_and_case() {
        assert_eq!(
            origin_of("https://Traffpunkt.example.se/graphql").as_deref(),
            Some("https://traffpunkt.example.se")
        );
        assert_eq!(
            origin_of("https://traffpunkt.example.se:443").as_deref(),
            Some("https://traffpunkt.example.se")
        );
        assert_eq!(
            origin_of("http://localhost:5173").as_deref(),
            Some("http://localhost:5173")
        );
        assert_eq!(origin_of("null"), None);
        assert_eq!(origin_of("file:///tmp/x.html"), None);
        assert_ne!(
            origin_of("https://traffpunkt.example.se.evil.example"),
            origin_of("https://traffpunkt.example.se")
        );
    }
}
