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

/// The cache, by file name and ETag; cheap to clone (shared).
pub type FeedCache = crate::lru::Lru<String, Bytes>;
