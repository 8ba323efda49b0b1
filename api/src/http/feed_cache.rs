//! Rendered public feeds, kept by their strong ETag.
//!
//! A feed's ETag is a digest of everything its body is built from (see
//! `service::calendar::FeedVersion`: equal tags mean byte-equal bodies), and
//! every request computes it anyway to answer `304`. So a body rendered once
//! can be served to every later request that computes the same tag: the
//! hundreds of calendar apps subscribed to one network's feed then cost the
//! version query each, not a render each. A change to the feed changes its
//! tag, so nothing is ever invalidated by hand; old bodies age out when the
//! cache is over its size, least recently used first.
//!
//! Only public feeds are kept (shared by all who ask); personal feeds are
//! rendered per request.

use axum::body::Bytes;
use chrono::{DateTime, Utc};

use crate::service::calendar::FeedVersion;

/// The cache, by file name and ETag; cheap to clone (shared).
pub type FeedCache = crate::lru::Lru<String, Bytes>;

/// Public feeds' versions as computed, by the feed's request (which feed,
/// window, language) and the version of public data they were computed
/// at (`crate::service::read_version`): while no write that can change
/// public data has committed, on any process, a feed's ETag is what it
/// was, and a poll costs the shared version read instead of the feed's
/// version queries (its networks, contacts and every event's timestamp).
/// Kept at most `TRAFFPUNKT_READ_CACHE_SECONDS`: a feed's window moves with
/// the time of day.
pub type FeedVersions = crate::lru::Lru<(i64, String), KnownVersion>;

/// A public feed's version, as computed at `at`.
#[derive(Clone, Debug)]
pub struct KnownVersion {
    /// The feed's file name (`Content-Disposition`, the body cache's key).
    pub file_name: String,
    /// Its validators.
    pub version: FeedVersion,
    /// When it was computed.
    pub at: DateTime<Utc>,
}

impl crate::lru::Weigh for KnownVersion {
    fn weight(&self) -> usize {
        // The key, the strings and the bookkeeping.
        256 + self.file_name.len() + self.version.etag.len()
    }
}

/// Room for the feeds' versions: a few thousand feeds.
pub const VERSIONS_BYTES: usize = 1024 * 1024;
