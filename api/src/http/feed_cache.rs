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

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;

/// The cache; cheap to clone (shared).
#[derive(Clone, Debug)]
pub struct FeedCache {
    inner: Arc<Mutex<Inner>>,
    max_bytes: usize,
}

#[derive(Debug, Default)]
struct Inner {
    entries: HashMap<String, Entry>,
    bytes: usize,
    tick: u64,
}

#[derive(Debug)]
struct Entry {
    body: Bytes,
    used: u64,
}

impl FeedCache {
    /// A cache holding at most `max_bytes` of bodies (0: keeps nothing).
    pub fn new(max_bytes: usize) -> Self {
        Self {
            inner: Arc::default(),
            max_bytes,
        }
    }

    /// The body rendered for `key` (the file name and ETag), if kept.
    pub fn get(&self, key: &str) -> Option<Bytes> {
        let mut inner = self.lock();
        inner.tick += 1;
        let tick = inner.tick;
        inner.entries.get_mut(key).map(|entry| {
            entry.used = tick;
            entry.body.clone()
        })
    }

    /// Keeps `body` for `key`, evicting the least recently used bodies to
    /// stay within the size; a body bigger than a quarter of it is not kept.
    pub fn put(&self, key: String, body: Bytes) {
        if self.max_bytes == 0 || body.len() > self.max_bytes / 4 {
            return;
        }
        let mut inner = self.lock();
        inner.tick += 1;
        let used = inner.tick;
        let size = body.len();
        if let Some(old) = inner.entries.insert(key, Entry { body, used }) {
            inner.bytes -= old.body.len();
        }
        inner.bytes += size;
        while inner.bytes > self.max_bytes {
            let Some(oldest) = inner
                .entries
                .iter()
                .min_by_key(|(_, entry)| entry.used)
                .map(|(key, _)| key.clone())
            else {
                break;
            };
            if let Some(entry) = inner.entries.remove(&oldest) {
                inner.bytes -= entry.body.len();
            }
        }
    }

    /// Bodies kept and their total size in bytes.
    pub fn usage(&self) -> (usize, usize) {
        let inner = self.lock();
        (inner.entries.len(), inner.bytes)
    }

    /// The cache's state. A panic elsewhere while it was held cannot leave
    /// it half-updated (no update panics midway), so a poisoned lock is
    /// taken as it is.
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_bodies_by_key_and_evicts_the_least_recently_used() {
        let cache = FeedCache::new(40);
        cache.put("a".into(), Bytes::from(vec![b'a'; 10]));
        cache.put("b".into(), Bytes::from(vec![b'b'; 10]));
        cache.put("c".into(), Bytes::from(vec![b'c'; 10]));
        assert_eq!(cache.get("a").as_deref(), Some(&[b'a'; 10][..]));
        // "b" is now the least recently used.
        cache.put("d".into(), Bytes::from(vec![b'd'; 10]));
        cache.put("e".into(), Bytes::from(vec![b'e'; 10]));
        assert!(cache.get("b").is_none());
        assert!(cache.get("a").is_some());
        assert_eq!(cache.usage(), (4, 40));
    }

    #[test]
    fn does_not_keep_bodies_too_big_for_it() {
        let cache = FeedCache::new(40);
        cache.put("big".into(), Bytes::from(vec![0; 11]));
        assert!(cache.get("big").is_none());
        let off = FeedCache::new(0);
        off.put("x".into(), Bytes::from_static(b""));
        assert_eq!(off.usage(), (0, 0));
    }
}
