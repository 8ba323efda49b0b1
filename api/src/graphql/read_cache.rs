//! Public answers kept in memory: the same anonymous query of public data
//! (an intranet's "upcoming events" widget, an event page) is asked over
//! and over, and its answer changes only when a write commits.
//!
//! - **What is kept**: the JSON answer of one anonymous operation (no
//!   `Authorization` header, not a batch) that is a query whose root fields
//!   are all public ([`PUBLIC_ROOTS`]: networks, events, series,
//!   organisations, nodes — never `viewer`, a registration or anything read
//!   with a token), answered without errors. A signed-in viewer's answers,
//!   and so their personal fields, are never kept or served from here; an
//!   anonymous viewer sees only what every anonymous viewer sees.
//! - **By what**: a SHA-256 of the operation name, the query text, the
//!   variables and the language asked for (`Accept-Language`), and the
//!   version of public data ([`crate::service::read_version`]) read
//!   *before* the query ran.
//! - **How long**: while that version is the database's version, which
//!   every write unit that can change public data raises in its own
//!   transaction — so a change committed by any server process is seen by
//!   the next read on every process — and at most
//!   `TRAFFPUNKT_READ_CACHE_SECONDS`, because some answers depend on the
//!   time of day ("events that have not ended").
//! - **The version read** is one small statement per request, shared: a
//!   request waits for a read that *began after it arrived* (so it sees
//!   every commit that finished before), and all requests that arrived
//!   while one read was on its way share the next one. Under load that is
//!   one statement for many requests.
//!
//! Old versions' answers are never looked up again and leave as the least
//! recently used when the cache is full (`TRAFFPUNKT_READ_CACHE_MIB`).

use std::sync::{Arc, Mutex, PoisonError};

use async_graphql::Request;
use async_graphql::parser::types::{ExecutableDocument, OperationType, Selection, SelectionSet};
use axum::body::Bytes;
use chrono::{DateTime, Duration, Utc};
use sea_orm::DatabaseConnection;
use sha2::{Digest, Sha256};
use tokio::sync::oneshot;

use crate::clock::Clock;
use crate::i18n::Locale;
use crate::lru::{Lru, Weigh};

/// Root fields whose answers are the same for every anonymous viewer: an
/// operation that selects only these may be kept.
pub const PUBLIC_ROOTS: [&str; 11] = [
    "__typename",
    "__schema",
    "__type",
    "node",
    "nodes",
    "networks",
    "network",
    "event",
    "series",
    "organisations",
    "registrationConsentText",
];

/// Deepest nesting of fragments at the root that is looked through (a
/// deeper operation is simply not kept).
const FRAGMENT_DEPTH: usize = 8;

/// What identifies an answer: the version it was read at and the digest of
/// the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    version: i64,
    digest: [u8; 32],
}

/// A kept answer and when it was kept.
#[derive(Debug, Clone)]
struct Kept {
    body: Bytes,
    at: DateTime<Utc>,
}

impl Weigh for Kept {
    fn weight(&self) -> usize {
        // The key and the bookkeeping beside the body.
        self.body.len() + 96
    }
}

/// A request that may be answered from the cache: its digest and the
/// version of public data read after it arrived.
#[derive(Debug, Clone, Copy)]
pub struct Ticket {
    key: Key,
}

/// The cache of one server process; cheap to clone (shared).
#[derive(Clone, Debug)]
pub struct ReadCache {
    answers: Lru<Key, Kept>,
    versions: Versions,
    clock: Clock,
    max_age: Duration,
}

impl ReadCache {
    /// A cache of at most `max_bytes` of answers (0: off), each served for
    /// at most `max_age`, reading versions on `db`.
    pub fn new(db: DatabaseConnection, clock: Clock, max_bytes: usize, max_age: Duration) -> Self {
        Self {
            answers: Lru::new(max_bytes),
            versions: Versions::new(db),
            clock,
            max_age,
        }
    }

    /// Whether answers are kept at all.
    pub fn is_on(&self) -> bool {
        self.answers.is_on()
    }

    /// The version of public data as a read begun now sees it (`None` when
    /// the cache is off or the version cannot be read). The public feeds
    /// keep their computed versions under it too (`crate::http::feeds`).
    pub async fn version(&self) -> Option<i64> {
        if !self.is_on() {
            return None;
        }
        self.versions.current().await
    }

    /// Whether something kept at `at` may still be served (see
    /// `TRAFFPUNKT_READ_CACHE_SECONDS`).
    pub fn is_young(&self, at: DateTime<Utc>) -> bool {
        self.clock.now() - at < self.max_age
    }

    /// A ticket for `request` (already known to be a public read), asked in
    /// `language`: `None` when the version cannot be read (the request is
    /// then answered afresh, as without a cache).
    pub async fn ticket(&self, request: &Request, language: Option<Locale>) -> Option<Ticket> {
        let version = self.versions.current().await?;
        Some(Ticket {
            key: Key {
                version,
                digest: digest(request, language),
            },
        })
    }

    /// The kept answer for `ticket`, if there is one young enough.
    pub fn get(&self, ticket: Ticket) -> Option<Bytes> {
        let kept = self.answers.get(&ticket.key)?;
        if !self.is_young(kept.at) {
            self.answers.remove(&ticket.key);
            return None;
        }
        Some(kept.body)
    }

    /// Keeps `body`, the answer to `ticket`'s request without errors.
    pub fn put(&self, ticket: Ticket, body: Bytes) {
        let at = self.clock.now();
        self.answers.put(ticket.key, Kept { body, at });
    }

    /// Answers kept (of any version) and their weight in bytes.
    pub fn usage(&self) -> (usize, usize) {
        self.answers.usage()
    }
}

/// The digest of what makes an answer besides the data: operation name,
/// query text, variables and language. Each part is length-prefixed, so no
/// two different requests run together into the same bytes.
fn digest(request: &Request, language: Option<Locale>) -> [u8; 32] {
    fn part(hash: &mut Sha256, bytes: &[u8]) {
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
    }
    let mut hash = Sha256::new();
    part(
        &mut hash,
        request.operation_name.as_deref().unwrap_or("").as_bytes(),
    );
    part(&mut hash, request.query.as_bytes());
    // Variables as JSON, in the order they came: the same request sent
    // again gives the same bytes (another order is only a miss).
    part(
        &mut hash,
        &serde_json::to_vec(&request.variables).unwrap_or_default(),
    );
    part(&mut hash, language.map_or("", Locale::as_str).as_bytes());
    hash.finalize().into()
}

/// Whether the operation `operation` (the only one when `None`) of
/// `document` is a query of public root fields only.
pub fn is_public_read(document: &ExecutableDocument, operation: Option<&str>) -> bool {
    let mut operations = document.operations.iter();
    let found = match operation {
        Some(name) => operations.find(|(n, _)| n.is_some_and(|n| n.as_str() == name)),
        None => {
            let first = operations.next();
            // Several operations and no name: the executor refuses it.
            if operations.next().is_some() {
                return false;
            }
            first
        }
    };
    let Some((_, op)) = found else {
        return false;
    };
    op.node.ty == OperationType::Query && public_selection(document, &op.node.selection_set.node, 0)
}

fn public_selection(document: &ExecutableDocument, set: &SelectionSet, depth: usize) -> bool {
    if depth > FRAGMENT_DEPTH {
        return false;
    }
    set.items.iter().all(|item| match &item.node {
        Selection::Field(field) => PUBLIC_ROOTS.contains(&field.node.name.node.as_str()),
        Selection::FragmentSpread(spread) => document
            .fragments
            .get(&spread.node.fragment_name.node)
            .is_some_and(|fragment| {
                public_selection(document, &fragment.node.selection_set.node, depth + 1)
            }),
        Selection::InlineFragment(inline) => {
            public_selection(document, &inline.node.selection_set.node, depth + 1)
        }
    })
}

/// Reads of the public data's version, shared by the requests waiting at
/// the same time (see the module documentation).
#[derive(Clone, Debug)]
struct Versions {
    db: DatabaseConnection,
    flight: Arc<Mutex<Flight>>,
}

#[derive(Debug, Default)]
struct Flight {
    /// Whether a task is reading (it reads again while anyone waits).
    reading: bool,
    /// Requests that arrived since the last read began.
    waiting: Vec<oneshot::Sender<Option<i64>>>,
}

impl Versions {
    fn new(db: DatabaseConnection) -> Self {
        Self {
            db,
            flight: Arc::default(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Flight> {
        self.flight.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The version as a read that began after this call sees it (`None`
    /// when it cannot be read).
    async fn current(&self) -> Option<i64> {
        let (tx, rx) = oneshot::channel();
        let start = {
            let mut flight = self.lock();
            flight.waiting.push(tx);
            !std::mem::replace(&mut flight.reading, true)
        };
        if start {
            tokio::spawn(self.clone().read_while_asked());
        }
        rx.await.ok().flatten()
    }

    /// Reads for everyone waiting, again and again until nobody waits.
    async fn read_while_asked(self) {
        /// Should the task end unexpectedly (a panic), the next request
        /// starts another, and those waiting get no version (not a hang).
        struct Done<'a>(&'a Versions);
        impl Drop for Done<'_> {
            fn drop(&mut self) {
                let mut flight = self.0.lock();
                flight.reading = false;
                flight.waiting.clear();
            }
        }
        let _done = Done(&self);
        loop {
            let waiting = {
                let mut flight = self.lock();
                if flight.waiting.is_empty() {
                    return;
                }
                std::mem::take(&mut flight.waiting)
            };
            let version = match crate::service::read_version::current(&self.db).await {
                Ok(version) => Some(version),
                Err(err) => {
                    tracing::warn!(error = %err, "reading the public data's version failed; answering afresh");
                    None
                }
            };
            for waiter in waiting {
                let _ = waiter.send(version);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(query: &str, operation: Option<&str>) -> bool {
        let document = async_graphql::parser::parse_query(query).expect("a query");
        is_public_read(&document, operation)
    }

    #[test]
    fn only_queries_of_public_root_fields_are_public_reads() {
        assert!(public("{ network(slug: \"a\") { name } }", None));
        assert!(public(
            "query Q($id: ID!) { event(id: $id) { title } __typename }",
            None
        ));
        assert!(!public("{ viewer { name } }", None));
        assert!(!public(
            "{ network(slug: \"a\") { name } viewer { name } }",
            None
        ));
        assert!(!public(
            "{ registrationByManageToken(token: \"x\") { id } }",
            None
        ));
        assert!(!public("mutation { signOut }", None));
        assert!(!public(
            "subscription { seatsChanged(eventId: \"1\") { eventId } }",
            None
        ));
    }

    #[test]
    fn fragments_at_the_root_are_looked_through() {
        assert!(public(
            "query { ...F } fragment F on Query { networks { nodes { name } } }",
            None
        ));
        assert!(!public(
            "query { ...F } fragment F on Query { viewer { name } }",
            None
        ));
        assert!(!public("query { ... on Query { viewer { name } } }", None));
        assert!(!public("query { ...Missing }", None));
        // A cycle is refused by the executor; here it is simply not public.
        assert!(!public(
            "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }",
            None
        ));
    }

    #[test]
    fn the_named_operation_decides() {
        let two = "query A { network(slug: \"a\") { name } } query B { viewer { name } }";
        assert!(public(two, Some("A")));
        assert!(!public(two, Some("B")));
        assert!(
            !public(two, None),
            "two operations without a name run nothing"
        );
        assert!(!public(two, Some("C")));
    }

    #[test]
    fn requests_differ_by_operation_variables_and_language() {
        let request = |vars: serde_json::Value, op: Option<&str>| {
            let mut r = Request::new("query Q($s: String!) { network(slug: $s) { name } }")
                .variables(async_graphql::Variables::from_json(vars));
            r.operation_name = op.map(str::to_owned);
            r
        };
        let a = digest(&request(serde_json::json!({"s": "a"}), None), None);
        assert_eq!(
            a,
            digest(&request(serde_json::json!({"s": "a"}), None), None)
        );
        assert_ne!(
            a,
            digest(&request(serde_json::json!({"s": "b"}), None), None)
        );
        assert_ne!(
            a,
            digest(&request(serde_json::json!({"s": "a"}), Some("Q")), None)
        );
        assert_ne!(
            a,
            digest(
                &request(serde_json::json!({"s": "a"}), None),
                Some(Locale::En)
            )
        );
        assert_ne!(
            digest(
                &request(serde_json::json!({"s": "a"}), None),
                Some(Locale::Nb)
            ),
            digest(
                &request(serde_json::json!({"s": "a"}), None),
                Some(Locale::En)
            )
        );
    }
}
