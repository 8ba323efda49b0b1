//! Connecting to SQLite or PostgreSQL, applying migrations, and counting SQL
//! statements (for the N+1 tests and the benchmarks).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr};

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

/// Opens the pool described by the configuration. A SQLite file's directory is
/// created first, and SQLite runs in WAL mode with foreign keys on.
pub async fn connect(
    config: &Config,
) -> Result<(DatabaseConnection, StatementCounter), anyhow::Error> {
    let url = config.database_url();
    if url.starts_with("sqlite:") {
        std::fs::create_dir_all(&config.data_dir).map_err(|err| {
            anyhow::anyhow!(
                "cannot create data directory {}: {err}",
                config.data_dir.display()
            )
        })?;
    }
    let mut options = ConnectOptions::new(url.clone());
    options
        .max_connections(config.db_max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        // A burst of registrations for one event queues on its row lock while
        // holding connections; the last in a burst of a few hundred may wait
        // longer than ten seconds for a connection, which is a wait, not a fault.
        .acquire_timeout(Duration::from_secs(30))
        .sqlx_logging(false);
    if url.starts_with("sqlite:") {
        // SQLite allows one writer; WAL lets readers go on while it writes.
        options.map_sqlx_sqlite_opts(|opts| {
            opts.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
        });
    }
    let mut db = Database::connect(options).await?;
    let counter = StatementCounter::default();
    let inner = counter.0.clone();
    db.set_metric_callback(move |_info| {
        inner.fetch_add(1, Ordering::Relaxed);
    });
    Ok((db, counter))
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Checks that the database answers.
pub async fn ping(db: &DatabaseConnection) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let stmt = sea_orm::Statement::from_string(backend, "SELECT 1");
    db.query_one_raw(stmt).await.map(|_| ())
}

/// Whether the connection is PostgreSQL.
pub fn is_postgres(db: &DatabaseConnection) -> bool {
    db.get_database_backend() == DbBackend::Postgres
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
