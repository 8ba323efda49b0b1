//! One typed configuration, parsed once from flags and environment variables
//! (and an optional `.env`, loaded by the binary) and carried in the app state.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::builder::BoolishValueParser;
use clap::{ArgAction, Args, ValueEnum};
use secrecy::{ExposeSecret, SecretString};

/// Everything the server reads from its environment.
#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Address the HTTP server listens on.
    #[arg(long, env = "TRAFFPUNKT_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,

    /// Database URL: `sqlite://…` or `postgres://…`. When unset, a SQLite file
    /// `traffpunkt.db` in the data directory is used (and created).
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,

    /// Directory for the embedded database and other local files (mail, when no
    /// SMTP server is configured, goes to its `mail/`).
    #[arg(long, env = "TRAFFPUNKT_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// Base of every absolute link the server prints (feeds, mails, pages),
    /// e.g. `https://traffpunkt.example.se`. Defaults to `http://` + the listen address.
    #[arg(long, env = "PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Origins (`https://host[:port]`), comma-separated, besides
    /// `PUBLIC_URL`'s own, whose pages may open the GraphQL WebSocket
    /// (`/graphql/ws`), e.g. a front end served from another host. Others get 403.
    #[arg(long, env = "TRAFFPUNKT_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub allowed_origins: Vec<String>,

    /// Largest number of connections in the database pool.
    #[arg(long, env = "TRAFFPUNKT_DB_MAX_CONNECTIONS", default_value_t = 16)]
    pub db_max_connections: u32,

    /// Whether the GraphQL schema answers introspection queries (and "did you
    /// mean" suggestions in errors). On by default: the schema is public.
    #[arg(long, env = "TRAFFPUNKT_GRAPHQL_INTROSPECTION", default_value_t = true, action = clap::ArgAction::Set)]
    pub graphql_introspection: bool,

    /// Take the client address for rate limits from `X-Forwarded-For` (only
    /// behind a proxy that sets it).
    #[arg(long, env = "TRAFFPUNKT_TRUST_FORWARDED_FOR", default_value_t = false, action = clap::ArgAction::Set)]
    pub trust_forwarded_for: bool,

    /// Form submissions (POSTs) that one client address may make to the
    /// participant pages per minute (registering, cancelling, signing in,
    /// changing mode, a new calendar link); more get 429.
    #[arg(long, env = "TRAFFPUNKT_PAGE_POSTS_PER_MINUTE", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub page_posts_per_minute: u32,

    /// Registrations per hour by people who are not signed in, per client
    /// address, through the API and the pages together (counted in the
    /// database, so across every server process); more get `RATE_LIMITED`.
    #[arg(long, env = "TRAFFPUNKT_GUEST_REGISTRATIONS_PER_HOUR", default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub guest_registrations_per_hour: u32,

    /// Serve `GET /metrics` (plain text, `statements_total`: SQL statements sent
    /// since start) for the benchmark harness. Off by default: it is not meant
    /// for the public internet.
    #[arg(
        long,
        env = "TRAFFPUNKT_METRICS",
        default_value_t = false,
        action = ArgAction::Set,
        value_parser = BoolishValueParser::new(),
    )]
    pub metrics: bool,

    /// MiB of public GraphQL answers kept in memory: an anonymous query of
    /// public data (networks, events, organisations) asked again with the
    /// same variables and language is answered from memory while no write
    /// that could change it has committed, on any server process (`0`: none).
    #[arg(long, env = "TRAFFPUNKT_READ_CACHE_MIB", default_value_t = 16, value_parser = clap::value_parser!(u32).range(0..=4096))]
    pub read_cache_mib: u32,

    /// Seconds a kept public answer is served at most, even when nothing
    /// changed: how late an answer that depends on the time of day (events
    /// that have not ended yet, "until now" by default) may be.
    #[arg(long, env = "TRAFFPUNKT_READ_CACHE_SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=3600))]
    pub read_cache_seconds: u32,

    /// Days a session lasts without use (each use extends it).
    #[arg(long, env = "TRAFFPUNKT_SESSION_DAYS", default_value_t = 30, value_parser = clap::value_parser!(u16).range(1..=365))]
    pub session_days: u16,

    /// Log format: `pretty` for people, `json` for log collectors.
    #[arg(long, env = "TRAFFPUNKT_LOG_FORMAT", value_enum, default_value_t = LogFormat::Pretty)]
    pub log_format: LogFormat,

    /// Outgoing mail.
    #[command(flatten)]
    pub mail: MailConfig,

    /// Calendar feeds.
    #[command(flatten, next_help_heading = "Calendar feeds")]
    pub feeds: FeedConfig,
    /// Outgoing webhooks.
    #[command(flatten, next_help_heading = "Webhooks")]
    pub webhooks: WebhookConfig,
}

/// How mail is sent, and by whom.
#[derive(Debug, Clone, Args)]
pub struct MailConfig {
    /// SMTP server in lettre's URL form: `smtp://host:25` (plain),
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS),
    /// `smtps://user:pass@host:465` (TLS); a path (`smtp://host/ehlo.name`) sets
    /// the EHLO name. When unset, mails are written as `.eml` files under
    /// `{data dir}/mail/`.
    #[arg(long, env = "SMTP_URL", value_parser = parse_secret, hide_env_values = true)]
    pub smtp_url: Option<SecretString>,

    /// Sender of every mail (`Name <address>`); a network's mail carries the
    /// network's name as display name with this address.
    #[arg(
        long,
        env = "MAIL_FROM",
        default_value = "Träffpunkt <noreply@traffpunkt.localhost>"
    )]
    pub mail_from: String,

    /// Reply-To of mails that have no network contact person to answer.
    #[arg(long, env = "MAIL_REPLY_TO")]
    pub mail_reply_to: Option<String>,

    /// `ORGANIZER` (`Name <address>` or an address) of the invitations
    /// (`invite.ics`) of events whose network has no accepted contact
    /// person; calendars drop or mishandle invitations without one. When
    /// unset, `MAIL_FROM`'s address, named after the event's network.
    #[arg(long, env = "MAIL_ORGANIZER")]
    pub mail_organizer: Option<String>,

    /// Most mails sent per second by one worker (the rate the relay allows);
    /// `0` for no limit.
    #[arg(long, env = "MAIL_MAX_PER_SECOND", default_value_t = 10.0)]
    pub mail_max_per_second: f64,

    /// Mails one worker sends at the same time, each on its own pooled SMTP
    /// connection (one SMTP transaction is several round trips).
    #[arg(long, env = "MAIL_CONCURRENCY", default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub mail_concurrency: u16,

    /// Attempts before a mail that keeps failing transiently is marked failed.
    #[arg(long, env = "MAIL_MAX_ATTEMPTS", default_value_t = 10)]
    pub mail_max_attempts: u32,

    /// Seconds a worker's claim on a mail holds before another worker may
    /// take it. Live workers renew their claims while they work, so this is
    /// how long the mails of a worker that died wait; it must outlast one
    /// SMTP exchange (30 s at most).
    #[arg(long, env = "MAIL_LEASE_SECONDS", default_value_t = 60, value_parser = clap::value_parser!(u32).range(45..=3600))]
    pub mail_lease_seconds: u32,

    /// Seconds before the first retry of a mail that failed transiently;
    /// each further retry waits twice as long (with jitter), at most an hour.
    #[arg(long, env = "MAIL_RETRY_BASE_SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=3600))]
    pub mail_retry_base_seconds: u32,

    /// Days the outbox keeps a finished mail's content (address, name,
    /// subject, bodies, invitation) after it was sent, failed or skipped;
    /// then the worker clears it and keeps the delivery record (kind, status,
    /// times, event). `0` clears it at the worker's next purge.
    #[arg(long, env = "MAIL_RETENTION_DAYS", default_value_t = 30, value_parser = clap::value_parser!(u32).range(0..=3660))]
    pub mail_retention_days: u32,

    /// Whether `serve` runs the mail worker too; turn it off when separate
    /// `traffpunkt worker` processes send the mail.
    #[arg(
        long,
        env = "TRAFFPUNKT_WORKER",
        default_value_t = true,
        action = ArgAction::Set,
        value_parser = BoolishValueParser::new(),
    )]
    pub worker: bool,
}

fn parse_secret(value: &str) -> Result<SecretString, String> {
    Ok(SecretString::from(value.to_owned()))
}

impl MailConfig {
    /// The SMTP URL, when one is configured (blank counts as unset).
    pub fn smtp_url(&self) -> Option<&str> {
        self.smtp_url
            .as_ref()
            .map(ExposeSecret::expose_secret)
            .filter(|url| !url.trim().is_empty())
    }

    /// Defaults for tests: file transport, fast sending, worker off (tests
    /// drive it with `jobs::Jobs::run_once`).
    pub fn for_tests() -> Self {
        Self {
            smtp_url: None,
            mail_from: "Träffpunkt <noreply@traffpunkt.test>".to_owned(),
            mail_reply_to: None,
            mail_organizer: None,
            mail_max_per_second: 1000.0,
            mail_max_attempts: 5,
            mail_concurrency: 8,
            mail_retention_days: 30,
            mail_lease_seconds: 60,
            mail_retry_base_seconds: 30,
            worker: false,
        }
    }
}

/// How webhooks are delivered, and where they may go.
#[derive(Debug, Clone, Args)]
pub struct WebhookConfig {
    /// Allow webhook endpoints on private, loopback, link-local, unspecified
    /// and multicast addresses, and plain `http://` URLs. Off by default:
    /// only `https://` to public addresses, checked when an endpoint is
    /// saved and again on every delivery (against DNS rebinding). Turn it on
    /// only for tests or a closed network.
    #[arg(
        long = "webhooks-allow-private",
        env = "WEBHOOKS_ALLOW_PRIVATE",
        default_value_t = false,
        action = ArgAction::Set,
        value_parser = BoolishValueParser::new(),
    )]
    pub allow_private: bool,
    /// Seconds one delivery attempt may take (connecting, sending and the
    /// response); a slower receiver counts as a failed attempt.
    #[arg(long = "webhooks-timeout-seconds", env = "WEBHOOKS_TIMEOUT_SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=60))]
    pub timeout_seconds: u32,
    /// Attempts before a delivery that keeps failing is marked failed.
    #[arg(long = "webhooks-max-attempts", env = "WEBHOOKS_MAX_ATTEMPTS", default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=50))]
    pub max_attempts: u32,
    /// Seconds before the first retry of a failed delivery; each further
    /// retry waits twice as long (with jitter), at most an hour.
    #[arg(long = "webhooks-retry-base-seconds", env = "WEBHOOKS_RETRY_BASE_SECONDS", default_value_t = 60, value_parser = clap::value_parser!(u32).range(1..=3600))]
    pub retry_base_seconds: u32,
    /// Seconds a worker's claim on a delivery holds before another worker
    /// may take it (the deliveries of a worker that died wait this long).
    #[arg(long = "webhooks-lease-seconds", env = "WEBHOOKS_LEASE_SECONDS", default_value_t = 120, value_parser = clap::value_parser!(u32).range(65..=3600))]
    pub lease_seconds: u32,
    /// Failed attempts in a row after which an endpoint is disabled (its
    /// network's organisers see why; enabling it again resets the count).
    #[arg(long = "webhooks-disable-after", env = "WEBHOOKS_DISABLE_AFTER", default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub disable_after: u32,
    /// Hours the previous signing secret still signs (beside the new one)
    /// after a rotation, unless the rotation names another overlap.
    #[arg(long = "webhooks-secret-overlap-hours", env = "WEBHOOKS_SECRET_OVERLAP_HOURS", default_value_t = 24, value_parser = clap::value_parser!(u32).range(0..=720))]
    pub secret_overlap_hours: u32,
}

impl Default for WebhookConfig {
    fn default() -> Self {
        Self {
            allow_private: false,
            timeout_seconds: 10,
            max_attempts: 8,
            retry_base_seconds: 60,
            lease_seconds: 120,
            disable_after: 20,
            secret_overlap_hours: 24,
        }
    }
}

impl WebhookConfig {
    /// Defaults for tests: loopback receivers allowed, short timeouts.
    pub fn for_tests() -> Self {
        Self {
            allow_private: true,
            timeout_seconds: 2,
            max_attempts: 4,
            ..Self::default()
        }
    }
}

/// How calendar feeds are windowed and cached.
#[derive(Debug, Clone, Args)]
pub struct FeedConfig {
    /// Days that network and series feeds look back: an event stays in them
    /// until this many days after its end, and a cancelled event until this
    /// many days after its cancellation. A feed's `?from=` overrides it.
    #[arg(
        long = "feed-past-days",
        env = "TRAFFPUNKT_FEED_PAST_DAYS",
        default_value_t = FeedConfig::DEFAULT_PAST_DAYS,
        value_parser = clap::value_parser!(u32).range(0..=3660)
    )]
    pub past_days: u32,

    /// Minutes between refreshes that feeds ask subscribers for
    /// (`REFRESH-INTERVAL`, `X-PUBLISHED-TTL`).
    #[arg(
        long = "feed-refresh-minutes",
        env = "TRAFFPUNKT_FEED_REFRESH_MINUTES",
        default_value_t = FeedConfig::DEFAULT_REFRESH_MINUTES,
        value_parser = clap::value_parser!(u32).range(1..=10080)
    )]
    pub refresh_minutes: u32,

    /// Seconds that HTTP caches (a CDN, a browser) may serve a public feed
    /// without asking again (`Cache-Control: public, max-age=…`).
    #[arg(
        long = "feed-max-age",
        env = "TRAFFPUNKT_FEED_MAX_AGE",
        default_value_t = FeedConfig::DEFAULT_MAX_AGE_SECONDS,
        value_parser = clap::value_parser!(u32).range(0..=86400)
    )]
    pub max_age_seconds: u32,

    /// MiB of rendered public feeds kept in memory by their ETag, so that
    /// subscribers polling an unchanged feed cost no new render (`0`: none).
    #[arg(
        long = "feed-cache-mib",
        env = "TRAFFPUNKT_FEED_CACHE_MIB",
        default_value_t = FeedConfig::DEFAULT_CACHE_MIB,
        value_parser = clap::value_parser!(u32).range(0..=4096)
    )]
    pub cache_mib: u32,
}

impl FeedConfig {
    /// Default of [`FeedConfig::past_days`].
    pub const DEFAULT_PAST_DAYS: u32 = 90;
    /// Default of [`FeedConfig::refresh_minutes`].
    pub const DEFAULT_REFRESH_MINUTES: u32 = 60;
    /// Default of [`FeedConfig::max_age_seconds`].
    pub const DEFAULT_MAX_AGE_SECONDS: u32 = 300;
    /// Default of [`FeedConfig::cache_mib`].
    pub const DEFAULT_CACHE_MIB: u32 = 16;
}

impl Default for FeedConfig {
    fn default() -> Self {
        Self {
            past_days: Self::DEFAULT_PAST_DAYS,
            refresh_minutes: Self::DEFAULT_REFRESH_MINUTES,
            max_age_seconds: Self::DEFAULT_MAX_AGE_SECONDS,
            cache_mib: Self::DEFAULT_CACHE_MIB,
        }
    }
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Pretty,
    /// One JSON object per line.
    Json,
}

impl Config {
    /// The database URL to connect to, defaulting to a SQLite file in the data dir.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.trim().is_empty() => url.clone(),
            _ => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("traffpunkt.db").display()
            ),
        }
    }

    /// The public base URL without a trailing slash.
    pub fn public_url(&self) -> String {
        match &self.public_url {
            Some(url) if !url.trim().is_empty() => url.trim_end_matches('/').to_owned(),
            _ => format!("http://{}", self.addr),
        }
    }

    /// A configuration for tests and tools: loopback, port chosen by the OS.
    pub fn for_tests(database_url: String, data_dir: PathBuf) -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            database_url: Some(database_url),
            data_dir,
            public_url: Some("https://traffpunkt.test".to_owned()),
            allowed_origins: vec!["http://localhost:5173".to_owned()],
            db_max_connections: 5,
            graphql_introspection: true,
            trust_forwarded_for: false,
            page_posts_per_minute: 30,
            guest_registrations_per_hour: 1000,
            metrics: false,
            read_cache_mib: 16,
            read_cache_seconds: 10,
            session_days: 30,
            log_format: LogFormat::Pretty,
            mail: MailConfig::for_tests(),
            feeds: FeedConfig::default(),
            webhooks: WebhookConfig::for_tests(),
        }
    }
}
