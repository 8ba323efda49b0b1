//! Live updates: telling subscribers (the `seatsChanged` GraphQL subscription)
//! that an event's seats changed, in this process and across processes.
//!
//! - A change that can take or free a seat (register, cancel, decide, change
//!   mode, a capacity change) calls [`notify_seats_changed`] inside its
//!   transaction. On PostgreSQL that is `SELECT pg_notify('traffpunkt_seats',
//!   '<event uuid>')`: PostgreSQL delivers it when, and only if, the
//!   transaction commits, to every server process that `LISTEN`s — this one
//!   included. [`listen`] runs that listener in `serve` and hands what it hears
//!   to the process's [`Hub`].
//! - On SQLite (one process) there is nobody else to tell: [`committed`] puts
//!   the change on the [`Hub`] after the commit.
//! - The [`Hub`] is a `tokio::sync::broadcast` channel; every subscription
//!   holds a receiver and recounts the seats of its event when told. A
//!   receiver that fell behind, or a listener that lost its connection (and so
//!   perhaps notifications), recounts on [`Change::Resync`]: counts may be
//!   pushed twice, never missed. Subscriptions push only counts that differ
//!   from the last they pushed.

use std::sync::Arc;
use std::time::Duration;

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};
use tokio::sync::{Semaphore, broadcast, watch};
use uuid::Uuid;

use crate::ids::EventId;

/// The PostgreSQL channel of seat changes; the payload is the event's uuid.
pub const SEATS_CHANNEL: &str = "traffpunkt_seats";

/// Most WebSocket connections one server process keeps open at once.
pub const MAX_CONNECTIONS: usize = 2000;

/// Changes a hub carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The seats of this event changed.
    Seats(EventId),
    /// Changes may have been lost: every subscriber recounts.
    Resync,
}

/// The process's broadcast of changes, and what its WebSocket connections
/// share: a limit on their number and the signal to close at shutdown.
#[derive(Debug, Clone)]
pub struct Hub {
    tx: broadcast::Sender<Change>,
    connections: Arc<Semaphore>,
    closing: Arc<watch::Sender<bool>>,
}

impl Default for Hub {
    fn default() -> Self {
        Self::new()
    }
}

impl Hub {
    /// A hub nobody listens to yet.
    pub fn new() -> Self {
        let (tx, _) = broadcast::channel(1024);
        let (closing, _) = watch::channel(false);
        Self {
            tx,
            connections: Arc::new(Semaphore::new(MAX_CONNECTIONS)),
            closing: Arc::new(closing),
        }
    }

    /// Tells every subscriber of this process.
    pub fn publish(&self, change: Change) {
        // No receivers is no error: nobody is watching.
        let _ = self.tx.send(change);
    }

    /// A receiver of the changes published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.tx.subscribe()
    }

    /// A place for one more WebSocket connection, if the process has one.
    pub fn connection_permit(&self) -> Option<tokio::sync::OwnedSemaphorePermit> {
        self.connections.clone().try_acquire_owned().ok()
    }

    /// Resolves when the server is shutting down (at once if it is).
    pub fn closing(&self) -> impl Future<Output = ()> + Send + 'static {
        let mut rx = self.closing.subscribe();
        async move {
            let _ = rx.wait_for(|closing| *closing).await;
        }
    }

    /// Tells the WebSocket connections to close.
    pub fn close(&self) {
        self.closing.send_replace(true);
    }
}

/// Inside the transaction that changes seats: on PostgreSQL, a `NOTIFY`
/// that is delivered with the commit (and never if the transaction rolls
/// back); elsewhere nothing (see [`committed`]).
pub async fn notify_seats_changed<C: ConnectionTrait>(db: &C, event: EventId) -> Result<(), DbErr> {
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [SEATS_CHANNEL.into(), event.0.to_string().into()],
        ))
        .await?;
    }
    Ok(())
}

/// After the commit of a transaction that called [`notify_seats_changed`]:
/// on SQLite, tells this process's subscribers (on PostgreSQL the listener
/// does, for every process).
pub fn committed(hub: &Hub, backend: DbBackend, event: EventId) {
    if backend != DbBackend::Postgres {
        hub.publish(Change::Seats(event));
    }
}

/// Starts listening on PostgreSQL (on a connection of its own, outside the
/// pool) and returns once `LISTEN` is in place, so that no change committed
/// after this returns is missed. The task forwards every notification to
/// `hub` until `stop` turns true; a lost connection is re-established (with
/// a [`Change::Resync`], since notifications may have been lost meanwhile).
pub async fn listen(
    database_url: &str,
    hub: Hub,
    mut stop: watch::Receiver<bool>,
) -> Result<tokio::task::JoinHandle<()>, sea_orm::sqlx::Error> {
    use sea_orm::sqlx::postgres::PgListener;

    let mut listener = PgListener::connect(database_url).await?;
    listener.listen(SEATS_CHANNEL).await?;
    Ok(tokio::spawn(async move {
        loop {
            let received = tokio::select! {
                _ = stop.wait_for(|stop| *stop) => break,
                received = listener.try_recv() => received,
            };
            match received {
                Ok(Some(notification)) => match Uuid::parse_str(notification.payload()) {
                    Ok(id) => hub.publish(Change::Seats(EventId(id))),
                    Err(_) => tracing::warn!(
                        payload = notification.payload(),
                        "ignoring a seats notification that is not an event id"
                    ),
                },
                // The connection was lost and has been re-established.
                Ok(None) => {
                    tracing::warn!("seats listener reconnected; subscribers recount");
                    hub.publish(Change::Resync);
                }
                Err(err) => {
                    tracing::warn!(error = %err, "seats listener failed; retrying in a second");
                    tokio::select! {
                        _ = stop.wait_for(|stop| *stop) => break,
                        () = tokio::time::sleep(Duration::from_secs(1)) => {}
                    }
                    // The next try_recv reconnects; what was missed is recounted.
                    hub.publish(Change::Resync);
                }
            }
        }
    }))
}
