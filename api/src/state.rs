//! The state every handler shares ([`AppState`]) and what handlers read from
//! a request with it (the client's address, the bearer token's viewer). It
//! sits below the handlers: `app` mounts them, and no handler imports `app`.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::http::{HeaderMap, header};
use sea_orm::DatabaseConnection;

use crate::calendar::links::FeedUrls;
use crate::clock::Clock;
use crate::config::Config;
use crate::db::{Faults, StatementCounter};
use crate::graphql;
use crate::mail::MailState;
use crate::service::auth::{self, AuthSettings};
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
    /// The GraphQL schema behind its gate (document cache, shape limits,
    /// introspection switch): what every request executes with.
    pub schema: graphql::gate::GatedSchema,
    /// Counts SQL statements (tests and benchmarks read it).
    pub statements: StatementCounter,
    /// The pool's fault clock (see `crate::db`'s "Faults").
    pub faults: Faults,
    /// Settings of sessions and tokens.
    pub auth: AuthSettings,
    /// What the mail worker works with (the transport and sender, the mail
    /// settings), shared with the jobs that run beside the server.
    pub mail: MailState,
    /// Live updates: seat changes for subscriptions, WebSocket limits.
    pub live: crate::live::Hub,
    /// Rendered public feeds by ETag.
    pub feed_cache: crate::http::feed_cache::FeedCache,
    /// Public feeds' versions by request and version of public data.
    pub feed_versions: crate::http::feed_cache::FeedVersions,
    /// Parsed GraphQL documents by query text (the schema's, shared).
    pub documents: graphql::documents::DocumentCache,
    /// Public GraphQL answers by request and version of public data.
    pub read_cache: graphql::read_cache::ReadCache,
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
        let mail = MailState::new(db.clone(), clock.clone(), &config)?;
        let urls = FeedUrls::new(&config.public_url());
        let graphiql: Arc<str> = Arc::from(graphql::graphiql_html());
        let security_headers = Arc::new(crate::http::headers::SecurityHeaders::new(
            &graphiql,
            &config.public_url(),
        ));
        let feed_cache = crate::http::feed_cache::FeedCache::new(
            usize::try_from(config.feeds.cache_mib).unwrap_or(0) * 1024 * 1024,
        );
        let documents = graphql::documents::DocumentCache::new(graphql::documents::ENTRIES);
        let read_cache = graphql::read_cache::ReadCache::new(
            db.clone(),
            clock.clone(),
            usize::try_from(config.read_cache_mib).unwrap_or(0) * 1024 * 1024,
            chrono::Duration::seconds(i64::from(config.read_cache_seconds)),
        );
        Ok(Self {
            db,
            clock,
            schema: graphql::schema_with_links(
                config.graphql_introspection,
                urls,
                documents.clone(),
            ),
            documents,
            read_cache,
            statements,
            faults,
            auth: AuthSettings {
                session_ttl: chrono::Duration::days(i64::from(config.session_days)),
            },
            config: Arc::new(config),
            mail,
            live: crate::live::Hub::new(),
            feed_versions: crate::http::feed_cache::FeedVersions::new(
                crate::http::feed_cache::VERSIONS_BYTES,
            ),
            feed_cache,
            graphiql,
            security_headers,
        })
    }

    /// A service context for a request by `viewer`.
    pub fn service_context(&self, viewer: Viewer) -> service::Context {
        service::Context::new(self.db.clone(), self.clock.clone(), viewer)
            .with_public_url(&self.config.public_url())
            .with_mail_organizer(self.mail.mailer.sender.invitation_organizer())
            .with_live(&self.live)
            .with_faults(&self.faults)
            .with_webhooks(&self.config.webhooks)
            .with_limits(service::limits::Limits::new(
                self.config.guest_registrations_per_hour,
                self.config.page_posts_per_minute,
            ))
    }
}

/// The client's address: the peer, or the first `X-Forwarded-For` hop when
/// configured to trust a proxy.
pub fn client_ip(
    state: &AppState,
    headers: &HeaderMap,
    peer: Option<SocketAddr>,
) -> Option<String> {
    if state.config.trust_forwarded_for
        && let Some(forwarded) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    {
        return Some(forwarded.to_owned());
    }
    peer.map(|p| p.ip().to_string())
}

/// The viewer named by the `Authorization: Bearer …` header (anonymous when
/// there is none); a token that names no live session or API token is
/// [`service::Error::Unauthenticated`].
pub async fn viewer(state: &AppState, headers: &HeaderMap) -> service::Result<Viewer> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(Viewer::Anonymous);
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or(service::Error::Unauthenticated)?;
    Ok(auth::authenticate(&state.db, &state.clock, &state.auth, token).await?)
}
