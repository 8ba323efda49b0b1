//! The HTTP app: the router with its routes and middleware, and `serve`.
//! The state the handlers share lives below them, in [`crate::state`].

use std::time::Duration;

use axum::extract::{DefaultBodyLimit, MatchedPath, State};
use axum::http::{HeaderName, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use tower_http::request_id::{
    MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::trace::TraceLayer;

use crate::clock::Clock;
use crate::config::Config;
use crate::graphql;
use crate::jobs::Jobs;
use crate::mail::MailState;
use crate::state::{AppState, MAX_BODY_BYTES};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The router with every route and layer.
pub fn router(state: AppState) -> Router {
    let security_headers = state.security_headers.clone();
    Router::new()
        .route(
            "/graphql",
            get(graphql::http::get).post(graphql::http::post),
        )
        .route("/graphql/ws", get(graphql::ws::handler))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .merge(crate::http::feeds::routes())
        .merge(crate::http::reminders::routes())
        .merge(crate::http::exports::routes())
        .merge(crate::pages::routes_with_limits(&state))
        .with_state(state)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
                let path = request.extensions().get::<MatchedPath>().map_or_else(
                    || request.uri().path().to_owned(),
                    |p| p.as_str().to_owned(),
                );
                let id = request
                    .extensions()
                    .get::<RequestId>()
                    .and_then(|id| id.header_value().to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                tracing::info_span!("request", method = %request.method(), path, request_id = id)
            }),
        )
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            panic_response,
        ))
        // Outside the panic and body-limit answers, so they get them too.
        .layer(axum::middleware::from_fn_with_state(
            security_headers,
            crate::http::headers::set,
        ))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}

/// A panic is a bug: answer 500 in GraphQL's error shape, say nothing more.
fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Json(
            serde_json::json!({ "errors": [{ "message": "internal error; it has been logged",
            "extensions": { "code": graphql::error::codes::INTERNAL_SERVER_ERROR } }] }),
        ),
    )
        .into_response()
}

async fn healthz() -> &'static str {
    "ok"
}

/// SQL statements sent since start, when `TRAFFPUNKT_METRICS` is on (the
/// benchmark harness divides its growth by the requests); 404 otherwise.
async fn metrics(State(state): State<AppState>) -> Response {
    if !state.config.metrics {
        return StatusCode::NOT_FOUND.into_response();
    }
    format!("statements_total {}\n", state.statements.get()).into_response()
}

/// Ready when the database takes a write (the heartbeat row): a database
/// that answers reads but cannot be written is not ready. A fault here also
/// clears the pool of connections opened before it, as a failed request
/// would (see `crate::db`'s "Faults").
async fn readyz(State(state): State<AppState>) -> Response {
    match tokio::time::timeout(Duration::from_secs(2), crate::db::heartbeat(&state.db)).await {
        Ok(Ok(())) => {
            Json(serde_json::json!({ "status": "ready", "database": "ok" })).into_response()
        }
        Ok(Err(err)) => {
            tracing::warn!(error = %err, "database not ready");
            if crate::db::is_fault(&err) {
                state.faults.record();
            }
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [crate::http::retry_after()],
                Json(serde_json::json!({ "status": "unavailable", "database": "error" })),
            )
                .into_response()
        }
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            [crate::http::retry_after()],
            Json(serde_json::json!({ "status": "unavailable", "database": "timeout" })),
        )
            .into_response(),
    }
}

/// Connects, migrates, and serves until `shutdown` resolves. Returns the
/// bound address through `on_bound` (port 0 picks a free port). Unless turned
/// off (`TRAFFPUNKT_WORKER=false`), the jobs and mail worker run alongside and stops
/// with the server, after the last request, giving back what it did not send.
pub async fn serve(
    config: Config,
    clock: Clock,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    on_bound: impl FnOnce(std::net::SocketAddr, AppState),
) -> anyhow::Result<()> {
    let (db, statements, faults) = crate::db::connect(&config).await?;
    crate::db::migrate(&db).await?;
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    let state = AppState::new(db.clone(), statements, faults, clock, config)?;
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    // Seat changes of every process reach this one's subscribers through
    // PostgreSQL's LISTEN/NOTIFY; listening starts before the first request.
    let seats_listener = if crate::db::is_postgres(&db) {
        Some(
            crate::live::listen(
                &state.config.database_url(),
                state.live.clone(),
                stop_rx.clone(),
            )
            .await?,
        )
    } else {
        None
    };
    let worker = state.config.mail.worker.then(|| {
        let jobs = Jobs::new(&state.mail, &state.config.public_url());
        tokio::spawn(async move { jobs.run(stop_rx).await })
    });
    on_bound(addr, state.clone());
    tracing::info!(%addr, "listening");
    let served = axum::serve(
        listener,
        router(state.clone()).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown({
        let live = state.live.clone();
        async move {
            shutdown.await;
            // WebSocket connections are not waited for: tell them to close.
            live.close();
        }
    })
    .await;
    let _ = stop_tx.send(true);
    if let Some(seats_listener) = seats_listener {
        let _ = seats_listener.await;
    }
    if let Some(worker) = worker
        && let Err(err) = worker.await
    {
        tracing::warn!(error = %err, "mail worker ended abnormally");
    }
    state.mail.mailer.transport.shutdown().await;
    served?;
    db.close().await?;
    tracing::info!("stopped");
    Ok(())
}

/// Runs the jobs and the mail worker until `shutdown` resolves (`traffpunkt
/// worker`): for deployments that send mail from processes of their own.
/// Builds only what the jobs need: no GraphQL schema, no HTTP state.
pub async fn work(
    config: Config,
    clock: Clock,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let (db, _statements, _faults) = crate::db::connect(&config).await?;
    crate::db::migrate(&db).await?;
    let mail = MailState::new(db.clone(), clock, &config)?;
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let jobs = Jobs::new(&mail, &config.public_url());
    let run = jobs.run(stop_rx);
    tokio::pin!(run);
    tokio::select! {
        () = &mut run => {}
        () = shutdown => {
            let _ = stop_tx.send(true);
            run.await;
        }
    }
    mail.mailer.transport.shutdown().await;
    db.close().await?;
    Ok(())
}
