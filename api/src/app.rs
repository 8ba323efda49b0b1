//! The HTTP app: routes, middleware and the state they share.

use std::sync::Arc;
use std::time::Duration;

use async_graphql::http::GraphiQLSource;
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::extract::{DefaultBodyLimit, MatchedPath, State};
use axum::http::{HeaderName, Request, StatusCode};
use axum::response::{Html, IntoResponse, Response};
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
use crate::db::StatementCounter;
use crate::graphql::{self, AppSchema};
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
}

impl AppState {
    /// State over an open, migrated database.
    pub fn new(
        db: DatabaseConnection,
        statements: StatementCounter,
        clock: Clock,
        config: Config,
    ) -> Self {
        let urls = FeedUrls::new(&config.public_url());
        Self {
            db,
            clock,
            config: Arc::new(config),
            schema: graphql::schema_with_links(urls),
            statements,
        }
    }

    /// A service context for a request by `viewer`.
    pub fn service_context(&self, viewer: Viewer) -> service::Context {
        service::Context {
            db: self.db.clone(),
            clock: self.clock.clone(),
            viewer,
        }
    }
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The router with every route and layer.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/graphql", get(graphiql).post(graphql_post))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .merge(crate::http::feeds::routes())
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
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}

async fn graphiql() -> Html<String> {
    Html(
        GraphiQLSource::build()
            .endpoint("/graphql")
            .title("Träffpunkt GraphQL")
            .finish(),
    )
}

async fn graphql_post(State(state): State<AppState>, request: GraphQLRequest) -> GraphQLResponse {
    let cx = state.service_context(Viewer::Anonymous);
    let loaders = graphql::loaders::for_request(state.db.clone());
    let request = request.into_inner().data(cx).data(loaders);
    state.schema.execute(request).await.into()
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<AppState>) -> Response {
    match tokio::time::timeout(Duration::from_secs(2), crate::db::ping(&state.db)).await {
        Ok(Ok(())) => {
            Json(serde_json::json!({ "status": "ready", "database": "ok" })).into_response()
        }
        Ok(Err(err)) => {
            tracing::warn!(error = %err, "database not ready");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({ "status": "unavailable", "database": "error" })),
            )
                .into_response()
        }
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({ "status": "unavailable", "database": "timeout" })),
        )
            .into_response(),
    }
}

/// Connects, migrates, and serves until `shutdown` resolves. Returns the
/// bound address through `on_bound` (port 0 picks a free port).
pub async fn serve(
    config: Config,
    clock: Clock,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    on_bound: impl FnOnce(std::net::SocketAddr, AppState),
) -> anyhow::Result<()> {
    let (db, statements) = crate::db::connect(&config).await?;
    crate::db::migrate(&db).await?;
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    let state = AppState::new(db.clone(), statements, clock, config);
    on_bound(addr, state.clone());
    tracing::info!(%addr, "listening");
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await?;
    db.close().await?;
    tracing::info!("stopped");
    Ok(())
}
