//! Rate limits on the page forms: every POST to a participant page counts
//! against its client address, in fixed one-minute windows
//! (`TRAFFPUNKT_PAGE_POSTS_PER_MINUTE`); over the limit the answer is a 429
//! page in the request's language with `Retry-After`.
//!
//! The counts live in the database (`service::limits`), so every server
//! process behind a load balancer counts the same windows. The client
//! address is the one the GraphQL layer uses (`X-Forwarded-For` only when
//! `TRAFFPUNKT_TRUST_FORWARDED_FOR`).

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use super::page::PageRequest;
use crate::service::limits;
use crate::state::AppState;

/// Middleware of the page routes: counts each POST against its client.
pub(super) async fn posts(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| *peer);
    let client = crate::state::client_ip(&state, request.headers(), peer)
        .unwrap_or_else(|| "unknown".to_owned());
    let limit = limits::Limits::new(
        state.config.guest_registrations_per_hour,
        state.config.page_posts_per_minute,
    )
    .page_posts;
    match limits::hit(&state.db, &limit, &client, state.clock.now()).await {
        Ok(Ok(())) => next.run(request).await,
        Ok(Err(retry_after)) => {
            let page = PageRequest::of(
                request.uri().path(),
                request.uri().query().unwrap_or_default(),
                request.headers(),
            );
            too_many(&page, retry_after)
        }
        Err(err) => {
            // The database will fail the form too; say so there, once.
            tracing::warn!(error = %err, "page rate limit not counted");
            next.run(request).await
        }
    }
}

/// The 429 page: wait `retry_after` seconds.
pub(super) fn too_many(page: &PageRequest, retry_after: u64) -> Response {
    let t = page.t();
    let mut response = page.message(
        StatusCode::TOO_MANY_REQUESTS,
        t.too_many_title,
        t.err_rate_limited,
    );
    if let Ok(value) = HeaderValue::from_str(&retry_after.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}
