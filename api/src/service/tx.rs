//! The write unit (DESIGN principle 9): every write that can cause mail or
//! change seats runs in one [`Tx`], which carries the transaction, the
//! clock's `now`, the request's [`Context`] (the viewer with it) and the
//! [`Effect`]s the write produced. The rules record *what happened*
//! ([`Tx::effect`]); [`Tx::commit`] hands the effects to
//! [`super::notices`], which turns them into outbox rows, sends the seat
//! NOTIFYs inside the same transaction, commits, and then tells this
//! process's live subscribers. No rule builds a mail.
//!
//! The audit log's entries ([`Tx::audit`]) are stored with the commit too,
//! and the commit raises the version of public data
//! ([`super::read_version`]) that servers keep public answers under,
//! unless the unit said it changes nothing anonymous readers can see
//! ([`Tx::changes_nothing_public`]).
//!
//! [`Tx::run`] is the entry for a whole write: when the connection fails
//! before the commit, the unit runs once more on a fresh connection (see
//! `crate::db`'s "Faults"); a second fault is the answer
//! (`SERVICE_UNAVAILABLE`).

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseTransaction};

pub use super::effects::{Effect, Happened, RegistrationChange};
use super::{Context, Result, Viewer};
use crate::ids::EventId;

/// One write unit: see the module documentation.
pub struct Tx {
    txn: DatabaseTransaction,
    cx: Context,
    now: DateTime<Utc>,
    effects: Mutex<Vec<Effect>>,
    audit: Mutex<Vec<super::audit::Entry>>,
    /// Whether the unit may change what anonymous readers see.
    public: AtomicBool,
}

impl std::fmt::Debug for Tx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tx").field("now", &self.now).finish()
    }
}

impl Tx {
    /// Begins a write unit for `cx` (on SQLite taking the write lock at once,
    /// see [`crate::db::begin_write`]).
    pub async fn begin(cx: &Context) -> Result<Self> {
        let txn = crate::db::begin_write(&cx.db).await?;
        Ok(Self {
            txn,
            cx: cx.clone(),
            now: cx.clock.now(),
            effects: Mutex::new(Vec::new()),
            audit: Mutex::new(Vec::new()),
            public: AtomicBool::new(true),
        })
    }

    /// Runs a whole write: `unit` begins nothing itself; it gets a fresh
    /// [`Tx`] and gives it back with its answer, and the unit is committed
    /// here. When it fails with a fault of the connection before the commit,
    /// it runs once more from the start on a fresh connection; a second
    /// fault is the answer. An error other than a fault rolls back. The
    /// unit reads through [`Tx::db`] only: on SQLite the unit holds the
    /// write lock, and a pool connection it waited for could be held by a
    /// unit waiting for that lock.
    pub async fn run<T, F, Fut>(cx: &Context, mut unit: F) -> Result<T>
    where
        F: FnMut(Tx) -> Fut,
        Fut: Future<Output = Result<(Tx, T)>>,
    {
        use crate::db::Retryable;
        match Self::attempt(cx, &mut unit).await {
            Err(err) if err.is_fault() => {
                tracing::warn!(error = %err, "database fault; running the write once more on a fresh connection");
                cx.faults.record();
                let again = Self::attempt(cx, &mut unit).await;
                if let Err(err) = &again
                    && err.is_fault()
                {
                    tracing::warn!(error = %err, "database fault again; giving up");
                    cx.faults.record();
                }
                again
            }
            other => other,
        }
    }

    /// Runs a write whose body reads on the pool before it begins its
    /// [`Tx`] (and commits it): like [`Tx::run`], once more on a fresh
    /// connection after a fault before the commit. The reads come first so
    /// that a unit never waits for a pool connection while it holds the
    /// write lock.
    pub async fn retrying<T, F, Fut>(cx: &Context, attempt: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        crate::db::retrying(&cx.faults, attempt).await
    }

    async fn attempt<T, F, Fut>(cx: &Context, unit: &mut F) -> Result<T>
    where
        F: FnMut(Tx) -> Fut,
        Fut: Future<Output = Result<(Tx, T)>>,
    {
        let (tx, value) = unit(Tx::begin(cx).await?).await?;
        tx.commit().await?;
        Ok(value)
    }

    /// The transaction, for the unit's statements.
    pub fn db(&self) -> &DatabaseTransaction {
        &self.txn
    }

    /// The request's context.
    pub fn cx(&self) -> &Context {
        &self.cx
    }

    /// Who is asking.
    pub fn viewer(&self) -> &Viewer {
        &self.cx.viewer
    }

    /// The clock's "now" when the unit began: one instant for all its rows.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Records what happened; it takes effect (mail, live updates) with the
    /// commit, and never if the unit rolls back.
    pub fn effect(&self, effect: Effect) {
        self.effects
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(effect);
    }

    /// Records an entry of the audit log ([`super::audit`]), as the unit's
    /// viewer at its `now`: stored with the commit, never on a rollback.
    pub fn audit(&self, entry: super::audit::Entry) {
        self.audit
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(entry);
    }

    /// Says that the unit writes nothing an anonymous reader can see
    /// (sessions, tokens): its commit leaves the public read version as it
    /// is, so public answers kept by the servers stay valid. A unit that
    /// says so wrongly makes readers see its change late, so only units
    /// that touch private tables alone say it.
    pub fn changes_nothing_public(&self) {
        self.public.store(false, Ordering::Relaxed);
    }

    /// A registration's change (see [`Effect::Registration`]).
    pub fn registration(&self, change: RegistrationChange) {
        self.effect(Effect::Registration(Box::new(change)));
    }

    /// The seats of `event` changed.
    pub fn seats_changed(&self, event: EventId) {
        self.effect(Effect::SeatsChanged(event));
    }

    /// Turns the effects into outbox rows and seat NOTIFYs inside the
    /// transaction, commits, and tells this process's live subscribers.
    pub async fn commit(self) -> Result<()> {
        let effects = self
            .effects
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let audit = self
            .audit
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        super::audit::store(&self.txn, &self.cx.viewer, self.now, audit).await?;
        let mut seats: Vec<EventId> = Vec::new();
        for effect in &effects {
            super::notices::apply(&self.txn, &self.cx, effect).await?;
            if let Effect::SeatsChanged(event) = effect
                && !seats.contains(event)
            {
                seats.push(*event);
            }
        }
        super::webhook_effects::apply(&self.txn, self.now, &effects).await?;
        for event in &seats {
            crate::live::notify_seats_changed(&self.txn, *event).await?;
        }
        // Last, so that the row is locked only for the commit itself.
        if self.public.load(Ordering::Relaxed) {
            super::read_version::raise(&self.txn).await?;
        }
        let backend = self.txn.get_database_backend();
        crate::db::commit(self.txn).await?;
        for event in seats {
            crate::live::committed(&self.cx.live, backend, event);
        }
        Ok(())
    }
}
