//! Domain services: the rules of Träffpunkt (validation, slugs, windows,
//! capacities, roles). One module per capability; GraphQL resolvers, HTTP
//! handlers and the CLI all call these functions. Nothing here knows about
//! GraphQL or HTTP.

pub mod agenda;
pub mod attendance;
pub mod audit;
pub mod audit_view;
pub mod auth;
pub mod calendar;
pub mod deliveries;
pub mod directory;
pub mod effects;
pub mod events;
pub mod exports;
pub mod feed_tokens;
pub mod import;
pub mod limits;
pub mod networks;
pub mod notices;
pub mod organisations;
pub mod overview;
pub mod people;
pub mod policy;
pub mod privacy;
pub mod projects;
pub mod read_version;
pub mod registrations;
pub mod reminders;
pub mod roster;
pub mod seats;
pub mod secrets;
pub mod series;
pub mod speakers;
pub mod suggestions;
pub mod translations;
mod tree;
pub mod tx;
pub mod validate;
pub mod webhook_effects;
pub mod webhooks;

use sea_orm::{DatabaseConnection, DbErr, SqlErr};

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use crate::clock::Clock;
use crate::ids::PersonId;
use uuid::Uuid;

/// Machine-readable reason for a field error; clients switch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// A value is required but missing or blank.
    Required,
    /// A value is longer than allowed.
    TooLong,
    /// A value is malformed.
    Invalid,
    /// A referenced object does not exist.
    NotFound,
    /// The value is already taken (a slug, a membership…).
    Taken,
    /// The end of a time range is not after its start.
    InvalidTimeRange,
    /// Not an IANA time zone name.
    InvalidTimeZone,
    /// Not an http(s) URL.
    InvalidUrl,
    /// A number is below its minimum.
    OutOfRange,
    /// The operation does not fit the object's current state.
    InvalidState,
    /// The object still has dependants (a network with child networks).
    HasDependants,
    /// Too many attempts; try again later.
    RateLimited,
    /// Registration is not open (before its window, after it, or the event
    /// is not published).
    RegistrationClosed,
    /// The event is for members of the network.
    NotAMember,
    /// Registering needs consent.
    ConsentRequired,
    /// The application has been decided already.
    AlreadyDecided,
    /// No seats left in that mode.
    Full,
    /// The event takes no participants in that mode (not held that way, or
    /// no seats at all).
    ModeNotOffered,
}

/// One problem with one input field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Path to the input field, e.g. `["input", "endsAt"]`.
    pub field: Vec<String>,
    /// What kind of problem.
    pub code: ErrorCode,
    /// Human-readable message (English).
    pub message: String,
}

impl FieldError {
    /// A field error at `field` (dot-separated, e.g. `venue.name`).
    pub fn new(field: &str, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            field: field.split('.').map(str::to_owned).collect(),
            code,
            message: message.into(),
        }
    }
}

/// An organiser's template refused: mail knows nothing of services, so the
/// problems become field errors here.
impl crate::mail::TemplateError {
    /// The problems as field errors on `field` (e.g. `input.body`), ready to be
    /// returned as `userErrors`.
    pub fn to_field_errors(&self, field: &str) -> Vec<FieldError> {
        self.problems
            .iter()
            .map(|problem| FieldError::new(field, ErrorCode::Invalid, problem.to_string()))
            .collect()
    }
}

/// Why a service call failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input was refused; the errors say why, field by field.
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldError>),
    /// The object asked for does not exist (or the viewer may not know it does).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The viewer is not signed in and must be.
    #[error("authentication required")]
    Unauthenticated,
    /// The viewer may not do this.
    #[error("forbidden")]
    Forbidden,
    /// The database could not be reached or written (a fault of the
    /// connection, see `crate::db`'s "Faults"): nothing was stored and the
    /// caller may try again. Details are logged, never shown.
    #[error("database unavailable: {0}")]
    Unavailable(DbErr),
    /// The database failed otherwise (a bug); details are logged, never shown.
    #[error("database error: {0}")]
    Database(DbErr),
}

/// The one place a database error is sorted: a fault of the connection is
/// [`Error::Unavailable`], anything else [`Error::Database`].
impl From<DbErr> for Error {
    fn from(err: DbErr) -> Self {
        if crate::db::is_fault(&err) {
            Self::Unavailable(err)
        } else {
            Self::Database(err)
        }
    }
}

/// A commit whose outcome is unknown is a `Database` error (logged, never
/// retried); any other failed commit is sorted as any database error.
impl From<crate::db::CommitError> for Error {
    fn from(err: crate::db::CommitError) -> Self {
        match err {
            crate::db::CommitError::Failed(err) => err.into(),
            crate::db::CommitError::OutcomeUnknown(err) => Self::Database(err),
        }
    }
}

/// What [`crate::db::retrying`] asks: a fault is `Unavailable`.
impl crate::db::Retryable for Error {
    fn is_fault(&self) -> bool {
        matches!(self, Self::Unavailable(_))
    }
}

impl Error {
    /// A single field error.
    pub fn field(field: &str, code: ErrorCode, message: impl Into<String>) -> Self {
        Self::Invalid(vec![FieldError::new(field, code, message)])
    }

    /// Maps a unique-constraint violation to a `Taken` error on `field`; any
    /// other database error stays a database error.
    pub fn on_unique(err: DbErr, field: &str, message: &str) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                Self::field(field, ErrorCode::Taken, message)
            }
            _ => err.into(),
        }
    }
}

/// Result of a service call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A signed-in person, as established from a bearer token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    /// The person.
    pub person_id: PersonId,
    /// A platform administrator.
    pub is_admin: bool,
    /// False for read-only API tokens.
    pub can_write: bool,
    /// The session, when signed in with a session token (not an API token).
    pub session_id: Option<uuid::Uuid>,
    /// The language the person chose (`updateViewer`, "my registrations"),
    /// which their pages are written in unless `?lang=` says otherwise.
    pub locale: Option<crate::i18n::Locale>,
}

/// Who is asking. Every service function receives the viewer through
/// [`Context`] and asks [`policy`] what the viewer may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Viewer {
    /// Nobody signed in.
    Anonymous,
    /// A signed-in person (session or API token).
    Person(SignedIn),
    /// The server itself (CLI commands, seeding, background jobs).
    System,
}

impl Viewer {
    /// A person as the server acts for them without a session (their own
    /// calendar feed, the calendar entry in their mail): read-only and never
    /// with an administrator's powers, so they see what a participant sees.
    pub fn reading_as(person: PersonId) -> Self {
        Viewer::Person(SignedIn {
            person_id: person,
            is_admin: false,
            can_write: false,
            session_id: None,
            locale: None,
        })
    }

    /// The signed-in person's id, if any.
    pub fn person_id(&self) -> Option<PersonId> {
        match self {
            Viewer::Person(p) => Some(p.person_id),
            _ => None,
        }
    }
}

/// What the viewer's roles give, computed once per request by
/// [`policy::access`] and kept in the [`Context`]. (Plain data here, so the
/// context does not depend on the policy that reads it.)
#[derive(Debug, Default, Clone)]
pub struct Access {
    /// Everything (administrator or the server).
    pub all: bool,
    /// Networks whose members-only events the viewer sees.
    pub member_of: HashSet<Uuid>,
    /// Networks the viewer manages (including those below their own).
    pub manages: HashSet<Uuid>,
    /// Networks the viewer owns (including those below).
    pub owns: HashSet<Uuid>,
}

/// What every service call needs: the database, the clock and the viewer.
/// One per request; the viewer's access is computed once and kept here.
#[derive(Clone, Debug)]
pub struct Context {
    /// The connection pool.
    pub db: DatabaseConnection,
    /// The source of "now".
    pub clock: Clock,
    /// Who is asking.
    pub viewer: Viewer,
    /// The viewer's access, loaded on first use and forgotten when a
    /// mutation changes roles or networks.
    pub(crate) access: Arc<Mutex<Option<Arc<Access>>>>,
    /// Base of absolute links in mails (`PUBLIC_URL`, no trailing slash).
    pub public_url: Arc<str>,
    /// The `ORGANIZER` of invitations whose network has no organizer to
    /// show (`MAIL_ORGANIZER`, else `MAIL_FROM`'s address); a blank name
    /// stands for the network's.
    pub mail_organizer: Arc<crate::calendar::ics::Organizer>,
    /// Where committed seat changes are published for live subscribers.
    pub live: crate::live::Hub,
    /// The rate limits the services apply.
    pub limits: limits::Limits,
    /// The pool's fault clock: a retried write discards connections opened
    /// before the fault (see `crate::db`'s "Faults").
    pub faults: crate::db::Faults,
    /// The webhook settings (`WEBHOOKS_*`): which endpoint URLs are allowed,
    /// how long a rotated secret still signs.
    pub webhooks: crate::config::WebhookConfig,
}

impl Context {
    /// A context for a request by `viewer`.
    pub fn new(db: DatabaseConnection, clock: Clock, viewer: Viewer) -> Self {
        Self {
            db,
            clock,
            viewer,
            access: Arc::new(Mutex::new(None)),
            public_url: Arc::from("http://localhost:8080"),
            mail_organizer: Arc::new(crate::calendar::ics::Organizer {
                name: String::new(),
                email: "noreply@traffpunkt.localhost".to_owned(),
            }),
            live: crate::live::Hub::new(),
            limits: limits::Limits::default(),
            faults: crate::db::Faults::default(),
            webhooks: crate::config::WebhookConfig::default(),
        }
    }

    /// The same context for another viewer (a person who just signed in),
    /// with an access of its own.
    pub fn acting_as(&self, viewer: Viewer) -> Self {
        Self {
            viewer,
            access: Arc::new(Mutex::new(None)),
            ..self.clone()
        }
    }

    /// The same context recording faults on the pool's fault clock.
    pub fn with_faults(mut self, faults: &crate::db::Faults) -> Self {
        self.faults = faults.clone();
        self
    }

    /// The same context with the configured rate limits.
    pub fn with_limits(mut self, limits: limits::Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The same context publishing seat changes on `hub` (the server's).
    pub fn with_live(mut self, hub: &crate::live::Hub) -> Self {
        self.live = hub.clone();
        self
    }

    /// The same context with links based on `public_url`.
    pub fn with_public_url(mut self, public_url: &str) -> Self {
        self.public_url = Arc::from(public_url.trim_end_matches('/'));
        self
    }

    /// The same context with `organizer` as the fallback `ORGANIZER` of
    /// invitations.
    pub fn with_mail_organizer(mut self, organizer: crate::calendar::ics::Organizer) -> Self {
        self.mail_organizer = Arc::new(organizer);
        self
    }

    /// The same context with the configured webhook settings.
    pub fn with_webhooks(mut self, webhooks: &crate::config::WebhookConfig) -> Self {
        self.webhooks = webhooks.clone();
        self
    }

    /// A context for the server itself.
    pub fn system(db: DatabaseConnection, clock: Clock) -> Self {
        Self::new(db, clock, Viewer::System)
    }
}

#[cfg(test)]
mod write_unit_tests {
    /// The write unit is the only way to write (DESIGN principle 9): a
    /// service that begins its own transaction, or writes on the pool,
    /// neither reruns after a fault nor records effects. `tx.rs` alone
    /// begins transactions.
    #[test]
    fn every_service_write_goes_through_the_write_unit() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/service");
        let forbidden = [
            "begin_write(",
            "crate::db::commit(",
            ".insert(&cx.db)",
            ".update(&cx.db)",
            ".save(&cx.db)",
            ".delete(&cx.db)",
            ".exec(&cx.db)",
            ".exec_without_returning(&cx.db)",
            "find_or_create_on(&cx.db",
        ];
        let mut found = Vec::new();
        // The service's sources, those in its sub-modules' folders too.
        let mut sources = Vec::new();
        let mut folders = vec![std::path::PathBuf::from(dir)];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(folder).expect("service sources") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    sources.push(path);
                }
            }
        }
        for path in sources {
            if path.file_name().is_some_and(|n| n == "tx.rs") {
                continue;
            }
            let source = std::fs::read_to_string(&path).expect("source");
            let lines: Vec<&str> = source.lines().collect();
            for (n, pair) in lines.windows(2).enumerate() {
                // A write whose connection is the next line's argument.
                let writes = ["insert(", "update(", "exec("];
                if pair[1].trim() == "&cx.db," && writes.iter().any(|w| pair[0].ends_with(w)) {
                    found.push(format!("{}:{}: {}", path.display(), n + 2, pair[0].trim()));
                }
            }
            for (n, line) in source.lines().enumerate() {
                // (This test's own list is not a write.)
                if !line.trim_start().starts_with('"') && forbidden.iter().any(|f| line.contains(f))
                {
                    found.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                }
            }
        }
        assert!(
            found.is_empty(),
            "writes outside service::Tx:\n{}",
            found.join("\n")
        );
    }
}
