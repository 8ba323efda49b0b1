//! Connecting to SQLite or PostgreSQL, applying migrations, counting SQL
//! statements (for the N+1 tests and the benchmarks), and living through
//! database faults.
//!
//! # Faults
//!
//! A *fault* is a failure of the connection rather than of the SQL: a
//! connection closed or reset (a PostgreSQL failover or restart, a terminated
//! backend), a pool timeout, an I/O error, a SQLite file that cannot be opened
//! or written. [`is_fault`] tells them apart from constraint violations and
//! other SQL errors, in this one place; `service::Error` turns a fault into
//! `Error::Unavailable` (clients get `SERVICE_UNAVAILABLE` or a `503`, and may
//! retry), everything else into `Error::Database` (a bug, `500`). This module
//! sits below the services and knows nothing of their errors: [`retrying`]
//! asks the error it is given ([`Retryable`]) and [`commit`] says what it
//! knows in a [`CommitError`].
//!
//! Three rules keep a fault from outliving its cause:
//!
//! - **Faulty connections leave the pool.** sqlx pings every connection as
//!   it comes back to the pool and closes one that does not answer; here
//!   PostgreSQL connections idle for more than half a second are pinged
//!   again before they are handed out (one back a moment ago is taken to be
//!   alive, as HikariCP does: a ping before every statement as well cost a
//!   round trip each). A ping does not catch
//!   a SQLite connection that opened while its file was unwritable (SQLite
//!   then opens it read-only, for good), nor a PostgreSQL connection that
//!   died within that half second, so on every fault [`Faults::record`]
//!   marks the moment, and the pool discards every connection opened before
//!   it the next time it would hand it out. New connections see the database
//!   as it is now.
//! - **A write is tried once more on a fresh connection.** Service functions
//!   that write wrap their whole body, reads included, in [`retrying`]: when
//!   the first attempt fails with a fault before its commit, the fault is
//!   recorded (so the pool hands out only connections opened after it) and the
//!   body runs again from the start. A second fault is the answer. The rule
//!   lives here rather than in [`begin_write`] because a fault can strike any
//!   statement of the body, not only `BEGIN`, and only the whole body can be
//!   run again.
//! - **A commit whose answer was lost is not retried.** When a PostgreSQL
//!   connection breaks during `COMMIT` without the server's word (an I/O
//!   error rather than an error the server sent), nobody here knows whether
//!   the write was stored, so [`commit`] reports that as a bug-class error
//!   (logged) rather than inviting a retry that might do it twice. An error
//!   the server sent in answer to `COMMIT` means nothing was stored, and
//!   SQLite is in-process: a failed commit there stored nothing either.
//!
//! `/readyz` writes to the `heartbeat` table ([`heartbeat`]), so a database
//! that answers but does not take writes is "not ready".

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, RuntimeErr,
};

use crate::config::Config;

/// Counts SQL statements sent through the application's connection.
#[derive(Clone, Debug, Default)]
pub struct StatementCounter(Arc<AtomicU64>);

impl StatementCounter {
    /// Statements executed so far.
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// When the database last failed, so the pool can discard connections
/// opened before that (see the module's "Faults"). Cheap to clone; one per
/// pool.
#[derive(Clone, Debug)]
pub struct Faults(Arc<FaultClock>);

#[derive(Debug)]
struct FaultClock {
    origin: Instant,
    /// Nanoseconds after `origin` of the last fault, plus one; 0 for none.
    last: AtomicU64,
}

impl Default for Faults {
    fn default() -> Self {
        Self(Arc::new(FaultClock {
            origin: Instant::now(),
            last: AtomicU64::new(0),
        }))
    }
}

impl Faults {
    /// Notes that the database failed now: every connection opened before
    /// this moment is discarded instead of handed out again.
    pub fn record(&self) {
        let nanos = u64::try_from(self.0.origin.elapsed().as_nanos()).unwrap_or(u64::MAX - 1);
        self.0.last.fetch_max(nanos + 1, Ordering::Relaxed);
    }

    /// Whether a connection `age` old was opened after the last fault.
    fn keeps(&self, age: Duration) -> bool {
        let last = self.0.last.load(Ordering::Relaxed);
        if last == 0 {
            return true;
        }
        let opened = self.0.origin.elapsed().saturating_sub(age);
        opened > Duration::from_nanos(last - 1)
    }
}

/// The database a URL points at, told without its password: what start-up
/// errors name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A PostgreSQL server.
    Postgres {
        /// Host name or address (or socket directory).
        host: String,
        /// TCP port.
        port: u16,
        /// Database name, when the URL gives one.
        database: Option<String>,
    },
    /// A SQLite file.
    Sqlite {
        /// The file.
        path: std::path::PathBuf,
    },
}

impl Target {
    /// Reads `url` (`postgres://…` or `sqlite:…`). The error never repeats
    /// the URL, which may hold a password.
    pub fn parse(url: &str) -> Result<Self, anyhow::Error> {
        use sea_orm::sqlx::{postgres::PgConnectOptions, sqlite::SqliteConnectOptions};
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let opts = PgConnectOptions::from_str(url)
                .map_err(|err| anyhow::anyhow!("DATABASE_URL is not a PostgreSQL URL: {err}"))?;
            Ok(Self::Postgres {
                host: opts.get_host().to_owned(),
                port: opts.get_port(),
                database: opts.get_database().map(str::to_owned),
            })
        } else if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)
                .map_err(|err| anyhow::anyhow!("DATABASE_URL is not a SQLite URL: {err}"))?;
            Ok(Self::Sqlite {
                path: opts.get_filename().to_owned(),
            })
        } else {
            Err(anyhow::anyhow!(
                "DATABASE_URL must start with postgres://, postgresql:// or sqlite:"
            ))
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Postgres {
                host,
                port,
                database,
            } => {
                write!(f, "PostgreSQL at {host}:{port}")?;
                match database {
                    Some(db) => write!(f, ", database {db}"),
                    None => Ok(()),
                }
            }
            Self::Sqlite { path } => write!(f, "SQLite database {}", path.display()),
        }
    }
}

/// How long start-up waits for a first connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Opens one connection to `url` and closes it again, for the cause of a
/// failure: the pool, retrying until its timeout, would only say "pool timed
/// out".
async fn probe(url: &str) -> Result<(), String> {
    use sea_orm::sqlx::{
        ConnectOptions as _, Connection as _, postgres::PgConnectOptions,
        sqlite::SqliteConnectOptions,
    };
    let connected = async {
        if url.starts_with("sqlite:") {
            SqliteConnectOptions::from_str(url)?
                .connect()
                .await?
                .close()
                .await
        } else {
            PgConnectOptions::from_str(url)?
                .connect()
                .await?
                .close()
                .await
        }
    };
    match tokio::time::timeout(CONNECT_TIMEOUT, connected).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(err)) => Err(err.to_string()),
        Err(_) => Err(format!(
            "no answer within {} seconds",
            CONNECT_TIMEOUT.as_secs()
        )),
    }
}

/// Opens the pool described by the configuration. A SQLite file's directory is
/// created first, and SQLite runs in WAL mode with foreign keys on. A failure
/// names the database (host, port and database name, or the SQLite file) and
/// the cause, never the password.
pub async fn connect(
    config: &Config,
) -> Result<(DatabaseConnection, StatementCounter, Faults), anyhow::Error> {
    let url = config.database_url();
    let target = Target::parse(&url)?;
    if url.starts_with("sqlite:") {
        std::fs::create_dir_all(&config.data_dir).map_err(|err| {
            anyhow::anyhow!(
                "cannot create data directory {}: {err}",
                config.data_dir.display()
            )
        })?;
    }
    probe(&url)
        .await
        .map_err(|cause| anyhow::anyhow!("cannot connect to {target}: {cause}"))?;
    let faults = Faults::default();
    let mut options = ConnectOptions::new(url.clone());
    options
        .max_connections(config.db_max_connections)
        .min_connections(1)
        .connect_timeout(CONNECT_TIMEOUT)
        // A burst of registrations for one event queues on its row lock while
        // holding connections; the last in a burst of a few hundred may wait
        // longer than ten seconds for a connection, which is a wait, not a fault.
        .acquire_timeout(Duration::from_secs(30))
        // Connections are checked in the hooks below instead: pinging every
        // one before every statement cost a round trip per statement.
        .test_before_acquire(false)
        .sqlx_logging(false);
    if url.starts_with("sqlite:") {
        // SQLite allows one writer; WAL lets readers go on while it writes.
        options.map_sqlx_sqlite_opts(|opts| {
            opts.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
        });
        let faults = faults.clone();
        options.map_sqlx_sqlite_before_acquire(move |_conn, meta| {
            let keep = faults.keeps(meta.age);
            Box::pin(async move { Ok(keep) })
        });
    } else {
        let faults = faults.clone();
        options.map_sqlx_postgres_before_acquire(move |conn, meta| {
            let keep = faults.keeps(meta.age);
            Box::pin(async move {
                // A PostgreSQL connection the server closed (failover,
                // restart, terminated backend) is found out and replaced
                // here, not in a request: one that sat idle is pinged first.
                // One used within the last moment is taken to be alive, as
                // HikariCP does (its `aliveBypassWindowMs`).
                use sea_orm::sqlx::Connection as _;
                Ok(keep && (meta.idle_for < ALIVE_WINDOW || conn.ping().await.is_ok()))
            })
        });
    }
    let mut db = Database::connect(options)
        .await
        .map_err(|err| anyhow::anyhow!("cannot connect to {target}: {err}"))?;
    let counter = StatementCounter::default();
    let inner = counter.0.clone();
    db.set_metric_callback(move |_info| {
        inner.fetch_add(1, Ordering::Relaxed);
    });
    Ok((db, counter, faults))
}

/// How long after its last use a pooled PostgreSQL connection is handed out
/// without a ping.
const ALIVE_WINDOW: Duration = Duration::from_millis(500);

/// Whether `err` is a fault of the connection (closed, reset, timed out,
/// I/O, a SQLite file that cannot be opened or written) rather than of the
/// SQL (a constraint violation, a syntax error, a missing row). See the
/// module's "Faults".
pub fn is_fault(err: &DbErr) -> bool {
    match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(RuntimeErr::SqlxError(err)) | DbErr::Query(RuntimeErr::SqlxError(err)) => {
            is_sqlx_fault(err)
        }
        _ => false,
    }
}

fn is_sqlx_fault(err: &sea_orm::sqlx::Error) -> bool {
    use sea_orm::sqlx::Error;
    match err {
        Error::Io(_)
        | Error::Tls(_)
        | Error::Protocol(_)
        | Error::PoolTimedOut
        | Error::PoolClosed
        | Error::WorkerCrashed => true,
        Error::Database(db) => db.code().is_some_and(|code| is_fault_code(&code)),
        _ => false,
    }
}

/// SQLite result codes are numbers (extended codes carry the primary one in
/// their low byte); PostgreSQL's SQLSTATEs are five characters.
fn is_fault_code(code: &str) -> bool {
    match code.parse::<i32>() {
        // READONLY, IOERR, FULL, CANTOPEN (and their extended codes).
        Ok(sqlite) => matches!(sqlite & 0xff, 8 | 10 | 13 | 14),
        // Class 08 is "connection exception"; 57P01–57P03 are the server
        // shutting down, crashing or starting; 25006 is a write on a
        // read-only server (a standby after a failover).
        Err(_) => code.starts_with("08") || matches!(code, "57P01" | "57P02" | "57P03" | "25006"),
    }
}

/// Whether the link broke without the server's word (I/O, TLS, protocol):
/// a `COMMIT` sent then may or may not have been carried out. An error the
/// server sent (a terminated backend's `57P01`) means it was not.
fn lost_the_reply(err: &DbErr) -> bool {
    use sea_orm::sqlx::Error;
    match err {
        DbErr::Conn(RuntimeErr::SqlxError(err))
        | DbErr::Exec(RuntimeErr::SqlxError(err))
        | DbErr::Query(RuntimeErr::SqlxError(err)) => matches!(
            **err,
            Error::Io(_) | Error::Tls(_) | Error::Protocol(_) | Error::WorkerCrashed
        ),
        _ => false,
    }
}

/// An error that a write can end in, as far as [`retrying`] needs to know:
/// whether it is a fault of the connection (see the module's "Faults").
pub trait Retryable: fmt::Display {
    /// Whether the write failed with a fault before its commit, and may run
    /// again on a fresh connection.
    fn is_fault(&self) -> bool;
}

/// Runs a write (`attempt`, the whole body of a service function) and, when
/// it fails with a fault before its commit, once more on a fresh connection.
/// See the module's "Faults". `attempt` must be safe to run twice, which a
/// transaction that was never committed is.
pub async fn retrying<T, E, F, Fut>(faults: &Faults, mut attempt: F) -> Result<T, E>
where
    E: Retryable,
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, E>>,
{
    match attempt().await {
        Err(err) if err.is_fault() => {
            tracing::warn!(error = %err, "database fault; trying once more on a fresh connection");
            faults.record();
            let again = attempt().await;
            if let Err(err) = &again
                && err.is_fault()
            {
                tracing::warn!(error = %err, "database fault again; giving up");
                faults.record();
            }
            again
        }
        other => other,
    }
}

/// Why a commit failed.
#[derive(Debug, thiserror::Error)]
pub enum CommitError {
    /// The commit failed and nothing was stored: sorted like any other
    /// database error (a fault may be retried).
    #[error(transparent)]
    Failed(DbErr),
    /// A PostgreSQL connection broke during `COMMIT` without the server's
    /// word: the write may or may not be stored, so it must not be retried.
    #[error("the connection broke during COMMIT: {0}")]
    OutcomeUnknown(DbErr),
}

/// Commits `txn`. A PostgreSQL connection that breaks during `COMMIT` leaves
/// the outcome unknown: [`CommitError::OutcomeUnknown`], logged here, which
/// the services treat as a bug-class error rather than a fault that invites
/// a retry; see the module's "Faults".
pub async fn commit(txn: DatabaseTransaction) -> Result<(), CommitError> {
    let backend = txn.get_database_backend();
    txn.commit().await.map_err(|err| {
        if backend == DbBackend::Postgres && lost_the_reply(&err) {
            tracing::error!(error = %err, "the connection broke during COMMIT: the write may or may not be stored");
            CommitError::OutcomeUnknown(err)
        } else {
            CommitError::Failed(err)
        }
    })
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Writes the heartbeat row in a transaction of its own: `Ok` means the
/// database takes writes now (what `/readyz` asks).
pub async fn heartbeat(db: &DatabaseConnection) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let stmt = sea_orm::Statement::from_string(
        backend,
        "INSERT INTO heartbeat (id, beat_at) VALUES (1, CURRENT_TIMESTAMP) \
         ON CONFLICT (id) DO UPDATE SET beat_at = excluded.beat_at",
    );
    db.execute_raw(stmt).await.map(|_| ())
}

/// Whether the connection is PostgreSQL.
pub fn is_postgres(db: &DatabaseConnection) -> bool {
    db.get_database_backend() == DbBackend::Postgres
}

/// The rows whose `column` is one of the ids `ids` selects (a page's ids,
/// say). On PostgreSQL `= ANY(ARRAY(…))`: the ids are read first and the
/// column's index is probed with them, where `IN (…)` is planned as a join
/// that may scan the whole table (a page's speakers: 0.8 → 0.4 ms on the
/// benchmark's 10,630). SQLite has no arrays and probes the index for
/// `IN (…)` anyway.
pub fn one_of_ids(
    backend: DbBackend,
    column: impl sea_orm::sea_query::IntoColumnRef,
    ids: sea_orm::sea_query::SelectStatement,
) -> sea_orm::sea_query::SimpleExpr {
    use sea_orm::sea_query::{Expr, ExprTrait, SubQueryStatement};
    match backend {
        DbBackend::Postgres => {
            let ids = Expr::SubQuery(None, Box::new(SubQueryStatement::SelectStatement(ids)));
            // The whole comparison is custom: sea-query would put a custom
            // right-hand side in parentheses, and `= (ANY(…))` is no SQL.
            Expr::cust_with_exprs("$1 = ANY(ARRAY($2))", [Expr::col(column), ids])
        }
        _ => Expr::col(column).in_subquery(ids),
    }
}

/// Begins a transaction that is going to write. On SQLite it takes the write
/// lock at once (`BEGIN IMMEDIATE`, waiting out other writers with the busy
/// timeout): a deferred transaction that reads first and writes later fails
/// with `SQLITE_BUSY_SNAPSHOT` ("database is locked", which the busy timeout
/// does not retry) when another connection, such as the mail worker, wrote
/// in between. PostgreSQL ignores the mode.
pub async fn begin_write<C: sea_orm::TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    db.begin_with_options(sea_orm::TransactionOptions {
        sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// The columns of a table of leased work rows (the mail outbox, webhook
/// deliveries): pending rows become due at `next_attempt_at` and are worked
/// by the worker named in `claimed_by` until `claimed_until`.
#[derive(Debug, Clone, Copy)]
pub struct LeaseColumns<Col> {
    /// The primary key.
    pub id: Col,
    /// `status` (pending rows are `PENDING`).
    pub status: Col,
    /// When a row is due.
    pub next_attempt_at: Col,
    /// Which worker holds it.
    pub claimed_by: Col,
    /// Until when it holds it.
    pub claimed_until: Col,
    /// Last change.
    pub updated_at: Col,
}

/// Claims up to `limit` pending rows of `E` that are due at `now` and
/// unclaimed (or whose claim ran out), oldest first, for `worker` until
/// `now + lease`, in one statement, and returns them oldest first. On
/// PostgreSQL the due rows are locked `FOR UPDATE SKIP LOCKED`, so
/// concurrent workers never claim the same row; SQLite serialises writers.
/// (On SQLite instants are RFC 3339 text with a `+00:00` offset; they
/// compare correctly as text because '+' sorts before a fraction's '.'.)
pub async fn claim_due<E, C>(
    conn: &C,
    cols: LeaseColumns<E::Column>,
    worker: &str,
    now: chrono::DateTime<chrono::Utc>,
    lease: chrono::Duration,
    limit: u64,
) -> Result<Vec<E::Model>, DbErr>
where
    E: sea_orm::EntityTrait,
    C: sea_orm::ConnectionTrait,
{
    use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType, Order, Query};
    let backend = conn.get_database_backend();
    let mut due = Query::select();
    due.column(cols.id)
        .from(E::default())
        .and_where(Expr::col(cols.status).eq(entities::OutboxStatus::Pending.as_str()))
        .and_where(Expr::col(cols.next_attempt_at).lte(now))
        .and_where(
            Expr::col(cols.claimed_until)
                .is_null()
                .or(Expr::col(cols.claimed_until).lte(now)),
        )
        .order_by(cols.next_attempt_at, Order::Asc)
        .order_by(cols.id, Order::Asc)
        .limit(limit);
    if backend == sea_orm::DbBackend::Postgres {
        due.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let claim = Query::update()
        .table(E::default())
        .value(cols.claimed_by, worker)
        .value(cols.claimed_until, now + lease)
        .value(cols.updated_at, now)
        .and_where(Expr::col(cols.id).in_subquery(due))
        .returning_all()
        .to_owned();
    E::find()
        .from_raw_sql(backend.build(&claim))
        .all(conn)
        .await
}
