//! The HTTP app: routes, middleware and the state they share.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, MatchedPath, State};
use axum::http::{HeaderName, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use sea_orm::DatabaseConnection;
use tower_http::request_id::{
    MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::trace::TraceLayer;

use crate::calendar::links::FeedUrls;
use crate::clock::Clock;
use crate::config::Config;
use crate::db::{Faults, StatementCounter};
use crate::graphql::{self, AppSchema};
use crate::mail::{Mailer, Worker};
use crate::service::auth::AuthSettings;
use crate::service::{self, Viewer};

/// Largest request body accepted.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Everything a request handler needs.
#[derive(Clone)]
pub struct AppState {
    /// The database pool.
    pub db: DatabaseConnection,
    /// The source of "now".
    pub clock: Clock,
    /// The configuration.
    pub config: Arc<Config>,
    /// The GraphQL schema.
    pub schema: AppSchema,
    /// Counts SQL statements (tests and benchmarks read it).
    pub statements: StatementCounter,
    /// The pool's fault clock (see `crate::db`'s "Faults").
    pub faults: Faults,
    /// Settings of sessions and tokens.
    pub auth: AuthSettings,
    /// The mail transport and sender that workers send with.
    pub mailer: Arc<Mailer>,
    /// Live updates: seat changes for subscriptions, WebSocket limits.
    pub live: crate::live::Hub,
    /// Rendered public feeds by ETag.
    pub feed_cache: crate::http::feed_cache::FeedCache,
    /// GraphiQL's page (`GET /graphql`), made once.
    pub graphiql: Arc<str>,
    /// The security headers of every response, worked out once.
    pub security_headers: Arc<crate::http::headers::SecurityHeaders>,
}

impl AppState {
    /// State over an open, migrated database; fails when the mail
    /// configuration cannot work (a bad `SMTP_URL` or `MAIL_FROM`).
    pub fn new(
        db: DatabaseConnection,
        statements: StatementCounter,
        faults: Faults,
        clock: Clock,
        config: Config,
    ) -> Result<Self, crate::mail::SetupError> {
        let mailer = Arc::new(Mailer::from_config(&config)?);
        let urls = FeedUrls::new(&config.public_url());
        let graphiql: Arc<str> = Arc::from(graphql::http::graphiql_html());
        let security_headers = Arc::new(crate::http::headers::SecurityHeaders::new(
            &graphiql,
            &config.public_url(),
        ));
        let feed_cache = crate::http::feed_cache::FeedCache::new(
            usize::try_from(config.feeds.cache_mib).unwrap_or(0) * 1024 * 1024,
        );
        Ok(Self {
            db,
            clock,
            schema: graphql::schema_with_links(config.graphql_introspection, urls),
            statements,
            faults,
            auth: AuthSettings {
                session_ttl: chrono::Duration::days(i64::from(config.session_days)),
            },
            config: Arc::new(config),
            mailer,
            live: crate::live::Hub::new(),
            feed_cache,
            graphiql,
            security_headers,
        })
    }

    /// A service context for a request by `viewer`.
    pub fn service_context(&self, viewer: Viewer) -> service::Context {
        service::Context::new(self.db.clone(), self.clock.clone(), viewer)
            .with_public_url(&self.config.public_url())
            .with_mail_organizer(self.mailer.sender.invitation_organizer())
            .with_live(&self.live)
            .with_faults(&self.faults)
            .with_limits(service::limits::Limits::new(
                self.config.guest_registrations_per_hour,
                self.config.page_posts_per_minute,
            ))
    }
}

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
/// off (`TRAFFPUNKT_WORKER=false`), a mail worker runs alongside and stops
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
        let worker = Worker::new(&state);
        tokio::spawn(async move { worker.run(stop_rx).await })
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
    state.mailer.transport.shutdown().await;
    served?;
    db.close().await?;
    tracing::info!("stopped");
    Ok(())
}

/// Runs a mail worker until `shutdown` resolves (`traffpunkt worker`): for
/// deployments that send mail from processes of their own.
pub async fn work(
    config: Config,
    clock: Clock,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let (db, statements, faults) = crate::db::connect(&config).await?;
    crate::db::migrate(&db).await?;
    let state = AppState::new(db.clone(), statements, faults, clock, config)?;
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let worker = Worker::new(&state);
    let run = worker.run(stop_rx);
    tokio::pin!(run);
    tokio::select! {
        () = &mut run => {}
        () = shutdown => {
            let _ = stop_tx.send(true);
            run.await;
        }
    }
    state.mailer.transport.shutdown().await;
    db.close().await?;
    Ok(())
}
