//! The GraphQL endpoint over HTTP, stricter than async-graphql-axum's stock
//! handler:
//!
//! - `POST /graphql` only with `Content-Type: application/json` (an HTML form
//!   or `text/plain` cross-site request cannot send that without a CORS
//!   preflight), a body of at most [`crate::state::MAX_BODY_BYTES`], and at most
//!   [`MAX_BATCH`] operations in a batch;
//! - `GET /graphql?query=…` runs queries only (never a mutation) and only with
//!   a header a cross-site form cannot set (`X-Requested-With` or
//!   `Apollo-Require-Preflight`); a plain `GET /graphql` serves GraphiQL;
//! - the bearer token decides the viewer, an invalid token is a 401;
//! - every error carries the request id in `extensions.requestId`.

use std::net::SocketAddr;

use async_graphql::parser::types::OperationType;
use async_graphql::{BatchRequest, BatchResponse, Executor, Request};
use axum::body::Bytes;
use axum::extract::{ConnectInfo, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::{Extension, Json};

use super::error::codes;
use super::loaders;
use crate::service;
use crate::state::{AppState, client_ip, viewer};

/// Most operations in one batched request.
pub const MAX_BATCH: usize = 10;

/// The id the request-id middleware gave this request.
fn request_id(headers: &HeaderMap) -> String {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// An error response in GraphQL's shape, for failures before execution.
fn error_response(status: StatusCode, code: &str, message: &str, request: &str) -> Response {
    let body = serde_json::json!({
        "errors": [{
            "message": message,
            "extensions": { "code": code, "requestId": request },
        }]
    });
    (status, Json(body)).into_response()
}

/// Per-request data every operation gets.
#[derive(Clone, Debug)]
pub struct RequestInfo {
    /// The request id (also in the logs).
    pub request_id: String,
    /// The client's address, for rate limits.
    pub client_ip: Option<String>,
    /// The first language of `Accept-Language` we write, if any.
    pub accept_language: Option<crate::i18n::Locale>,
}

async fn execute(
    state: &AppState,
    headers: &HeaderMap,
    peer: Option<SocketAddr>,
    batch: BatchRequest,
) -> Response {
    let request = request_id(headers);
    let accept_language = crate::i18n::accept_language(
        headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    let ticket = match &batch {
        BatchRequest::Single(one) => public_ticket(state, headers, one, accept_language).await,
        BatchRequest::Batch(_) => None,
    };
    if let Some(kept) = ticket.and_then(|ticket| state.read_cache.get(ticket)) {
        return json_body(kept);
    }
    let viewer = match viewer(state, headers).await {
        Ok(viewer) => viewer,
        Err(service::Error::Unauthenticated) => {
            return error_response(
                StatusCode::UNAUTHORIZED,
                codes::UNAUTHENTICATED,
                "the bearer token is invalid, revoked or expired; sign in again",
                &request,
            );
        }
        Err(service::Error::Unavailable(err)) => {
            tracing::warn!(error = %err, "database unavailable while authenticating");
            let mut response = error_response(
                StatusCode::SERVICE_UNAVAILABLE,
                codes::SERVICE_UNAVAILABLE,
                "the database is unavailable; try again in a moment",
                &request,
            );
            let (name, value) = crate::http::retry_after();
            response.headers_mut().insert(name, value);
            return response;
        }
        Err(err) => {
            tracing::error!(error = %err, "database error while authenticating");
            return error_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                codes::INTERNAL_SERVER_ERROR,
                "internal error; it has been logged",
                &request,
            );
        }
    };
    let cx = state.service_context(viewer);
    let info = RequestInfo {
        request_id: request.clone(),
        client_ip: client_ip(state, headers, peer),
        accept_language,
    };
    let with_data = |one: Request| {
        one.data(cx.clone())
            .data(loaders::for_request(
                state.db.clone(),
                cx.viewer.person_id(),
            ))
            .data(info.clone())
            .data(state.auth.clone())
            .data(state.config.clone())
    };
    let batch = match batch {
        BatchRequest::Single(one) => BatchRequest::Single(with_data(one)),
        BatchRequest::Batch(many) => BatchRequest::Batch(many.into_iter().map(with_data).collect()),
    };
    let mut response = state.schema.execute_batch(batch).await;
    let tag = |resp: &mut async_graphql::Response| {
        for error in &mut resp.errors {
            error
                .extensions
                .get_or_insert_with(Default::default)
                .set("requestId", request.clone());
        }
    };
    match &mut response {
        BatchResponse::Single(one) => tag(one),
        BatchResponse::Batch(many) => many.iter_mut().for_each(tag),
    }
    if let (Some(ticket), BatchResponse::Single(one)) = (ticket, &response)
        && one.errors.is_empty()
        && let Ok(body) = serde_json::to_vec(&response)
    {
        let body = Bytes::from(body);
        state.read_cache.put(ticket, body.clone());
        return json_body(body);
    }
    Json(response).into_response()
}

/// A ticket of the read cache when `one` may be answered from it: the
/// cache is on, nobody signed in (no `Authorization` header at all), and
/// the operation is a query of public root fields (see
/// [`read_cache`](super::read_cache)).
async fn public_ticket(
    state: &AppState,
    headers: &HeaderMap,
    one: &Request,
    language: Option<crate::i18n::Locale>,
) -> Option<super::read_cache::Ticket> {
    if !state.read_cache.is_on() || headers.contains_key(header::AUTHORIZATION) {
        return None;
    }
    let public = state.documents.with_document(&one.query, |document| {
        super::read_cache::is_public_read(document, one.operation_name.as_deref())
    })?;
    if !public {
        return None;
    }
    state.read_cache.ticket(one, language).await
}

/// A JSON answer already serialised.
fn json_body(body: Bytes) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .is_some_and(|v| v == "application/json" || v == "application/graphql-response+json")
}

/// `POST /graphql`.
pub async fn post(
    State(state): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request = request_id(&headers);
    if !is_json(&headers) {
        return error_response(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            codes::BAD_USER_INPUT,
            "send GraphQL requests as JSON with Content-Type: application/json",
            &request,
        );
    }
    let batch: BatchRequest = match serde_json::from_slice(&body) {
        Ok(batch) => batch,
        Err(err) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                codes::BAD_USER_INPUT,
                &format!("the body is not a GraphQL request: {err}"),
                &request,
            );
        }
    };
    if let BatchRequest::Batch(many) = &batch {
        if many.len() > MAX_BATCH {
            return error_response(
                StatusCode::BAD_REQUEST,
                codes::BAD_USER_INPUT,
                &format!(
                    "a batch may hold at most {MAX_BATCH} operations, this one holds {}",
                    many.len()
                ),
                &request,
            );
        }
        if many.is_empty() {
            return error_response(
                StatusCode::BAD_REQUEST,
                codes::BAD_USER_INPUT,
                "the batch is empty",
                &request,
            );
        }
    }
    execute(
        &state,
        &headers,
        peer.map(|Extension(ConnectInfo(p))| p),
        batch,
    )
    .await
}

/// The kind of the operation `request` would run, if it parses. The parsed
/// document stays with the request, so the executor does not parse it again.
fn operation_type(request: &mut Request) -> Option<OperationType> {
    let name = request.operation_name.clone();
    let document = request.parsed_query().ok()?;
    let mut operations = document.operations.iter();
    match &name {
        Some(name) => operations
            .find(|(n, _)| n.is_some_and(|n| n.as_str() == name))
            .map(|(_, op)| op.node.ty),
        None => operations.next().map(|(_, op)| op.node.ty),
    }
}

/// `GET /graphql`: GraphiQL, or a query from the query string.
pub async fn get(
    State(state): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let Some(query) = query.filter(|q| !q.is_empty()) else {
        return Html(state.graphiql.to_string()).into_response();
    };
    let request = request_id(&headers);
    let mut gql: Request = match async_graphql::http::parse_query_string(&query) {
        Ok(gql) => gql,
        Err(err) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                codes::BAD_USER_INPUT,
                &format!("the query string is not a GraphQL request: {err}"),
                &request,
            );
        }
    };
    if operation_type(&mut gql).is_some_and(|ty| ty != OperationType::Query) {
        let mut response = error_response(
            StatusCode::METHOD_NOT_ALLOWED,
            codes::BAD_USER_INPUT,
            "mutations and subscriptions are only accepted with POST",
            &request,
        );
        response
            .headers_mut()
            .insert(header::ALLOW, header::HeaderValue::from_static("POST"));
        return response;
    }
    let preflighted = headers.contains_key("x-requested-with")
        || headers.contains_key("apollo-require-preflight");
    if !preflighted {
        return error_response(
            StatusCode::BAD_REQUEST,
            codes::BAD_USER_INPUT,
            "GET queries need an X-Requested-With or Apollo-Require-Preflight header (CSRF protection)",
            &request,
        );
    }
    execute(
        &state,
        &headers,
        peer.map(|Extension(ConnectInfo(p))| p),
        BatchRequest::Single(gql),
    )
    .await
}
