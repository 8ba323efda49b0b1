//! One typed configuration, parsed once from flags and environment variables
//! (and an optional `.env`, loaded by the binary) and carried in the app state.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

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
    /// SMTP server is configured).
    #[arg(long, env = "TRAFFPUNKT_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// Base of every absolute link the server prints (feeds, mails, pages),
    /// e.g. `https://traffpunkt.example.se`. Defaults to `http://` + the listen address.
    #[arg(long, env = "PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Largest number of connections in the database pool.
    #[arg(long, env = "TRAFFPUNKT_DB_MAX_CONNECTIONS", default_value_t = 16)]
    pub db_max_connections: u32,

    /// Log format: `pretty` for people, `json` for log collectors.
    #[arg(long, env = "TRAFFPUNKT_LOG_FORMAT", value_enum, default_value_t = LogFormat::Pretty)]
    pub log_format: LogFormat,

    /// Calendar feeds.
    #[command(flatten, next_help_heading = "Calendar feeds")]
    pub feeds: FeedConfig,
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
}

impl FeedConfig {
    /// Default of [`FeedConfig::past_days`].
    pub const DEFAULT_PAST_DAYS: u32 = 90;
    /// Default of [`FeedConfig::refresh_minutes`].
    pub const DEFAULT_REFRESH_MINUTES: u32 = 60;
    /// Default of [`FeedConfig::max_age_seconds`].
    pub const DEFAULT_MAX_AGE_SECONDS: u32 = 300;
}

impl Default for FeedConfig {
    fn default() -> Self {
        Self {
            past_days: Self::DEFAULT_PAST_DAYS,
            refresh_minutes: Self::DEFAULT_REFRESH_MINUTES,
            max_age_seconds: Self::DEFAULT_MAX_AGE_SECONDS,
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
            db_max_connections: 5,
            log_format: LogFormat::Pretty,
            feeds: FeedConfig::default(),
        }
    }
}
