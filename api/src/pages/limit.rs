//! Rate limits on the page forms: every POST to a participant page counts
//! against its client address, in fixed one-minute windows
//! (`TRAFFPUNKT_PAGE_POSTS_PER_MINUTE`); over the limit the answer is a 429
//! page in the request's language with `Retry-After`.
//!
//! The counts live in the server process (the sign-in links' own limits per
//! address and client are in the database, `service::auth`): several server
//! processes each allow the limit, which is enough to stop a script hammering
//! a form without a shared store. The client address is the one the GraphQL
//! layer uses (`X-Forwarded-For` only when `TRAFFPUNKT_TRUST_FORWARDED_FOR`).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use chrono::{DateTime, Duration, Utc};

use super::PageRequest;
use crate::app::AppState;

/// The length of a window.
const WINDOW: Duration = Duration::minutes(1);
/// Above this many remembered clients, finished windows are dropped.
const PRUNE_ABOVE: usize = 10_000;

/// When a client's window started and how many requests it made in it.
type Windows = HashMap<String, (DateTime<Utc>, u32)>;

/// Counts of requests per client in the current window.
#[derive(Debug, Clone, Default)]
pub struct RateLimiter {
    windows: Arc<Mutex<Windows>>,
}

impl RateLimiter {
    /// Counts one request by `client` at `now`; `Err` with the seconds to
    /// wait when it is over `limit` in the current window.
    pub fn check(&self, client: &str, limit: u32, now: DateTime<Utc>) -> Result<(), u64> {
        let Ok(mut windows) = self.windows.lock() else {
            // A poisoned lock means a panic elsewhere: do not lock everyone out.
            return Ok(());
        };
        if windows.len() > PRUNE_ABOVE {
            windows.retain(|_, (start, _)| now - *start < WINDOW);
        }
        let entry = windows.entry(client.to_owned()).or_insert((now, 0));
        if now - entry.0 >= WINDOW || now < entry.0 {
            *entry = (now, 0);
        }
        if entry.1 >= limit {
            let wait = (entry.0 + WINDOW - now).num_seconds().max(1);
            return Err(u64::try_from(wait).unwrap_or(60));
        }
        entry.1 += 1;
        Ok(())
    }
}

/// Middleware of the page routes: counts each POST against its client.
pub(super) async fn posts(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| *peer);
    let client = crate::graphql::http::client_ip(&state, request.headers(), peer)
        .unwrap_or_else(|| "unknown".to_owned());
    let limit = state.config.page_posts_per_minute;
    match state.page_limits.check(&client, limit, state.clock.now()) {
        Ok(()) => next.run(request).await,
        Err(retry_after) => {
            let page = PageRequest::of(
                request.uri().path(),
                request.uri().query().unwrap_or_default(),
                request.headers(),
            );
            too_many(&page, retry_after)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_gets_the_limit_per_window() {
        let limiter = RateLimiter::default();
        let t0 = DateTime::parse_from_rfc3339("2026-09-01T08:00:00Z")
            .expect("time")
            .with_timezone(&Utc);
        assert_eq!(limiter.check("a", 2, t0), Ok(()));
        assert_eq!(limiter.check("a", 2, t0), Ok(()));
        assert_eq!(limiter.check("a", 2, t0 + Duration::seconds(20)), Err(40));
        // Others are counted apart.
        assert_eq!(limiter.check("b", 2, t0), Ok(()));
        // A new window starts after a minute.
        assert_eq!(limiter.check("a", 2, t0 + Duration::seconds(60)), Ok(()));
    }
}
