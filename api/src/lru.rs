//! A map bounded by the total size of its values, dropping the least
//! recently used entry first: the rendered feeds
//! (`crate::http::feed_cache`) and the public GraphQL answers
//! (`crate::graphql::read_cache`) are kept in one each. Shared by clones,
//! behind one mutex (an entry is looked up or stored in well under a
//! microsecond; nothing is computed under the lock).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::Bytes;

/// What a value weighs against the cache's size.
pub trait Weigh {
    /// Its size in bytes.
    fn weight(&self) -> usize;
}

impl Weigh for Bytes {
    fn weight(&self) -> usize {
        self.len()
    }
}

/// The cache; cheap to clone (shared).
#[derive(Debug)]
pub struct Lru<K, V> {
    inner: Arc<Mutex<Inner<K, V>>>,
    max_bytes: usize,
}

impl<K, V> Clone for Lru<K, V> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
            max_bytes: self.max_bytes,
        }
    }
}

#[derive(Debug)]
struct Inner<K, V> {
    entries: HashMap<K, Entry<V>>,
    bytes: usize,
    tick: u64,
}

#[derive(Debug)]
struct Entry<V> {
    value: V,
    used: u64,
}

impl<K: Hash + Eq + Clone, V: Weigh + Clone> Lru<K, V> {
    /// A cache holding at most `max_bytes` of values (0: keeps nothing).
    pub fn new(max_bytes: usize) -> Self {
        Self {
            inner: Arc::new(Mutex::new(Inner {
                entries: HashMap::new(),
                bytes: 0,
                tick: 0,
            })),
            max_bytes,
        }
    }

    /// Whether it keeps anything at all.
    pub fn is_on(&self) -> bool {
        self.max_bytes > 0
    }

    /// The value kept for `key`, if any (it becomes the most recently used).
    pub fn get<Q>(&self, key: &Q) -> Option<V>
    where
        K: std::borrow::Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let mut inner = self.lock();
        inner.tick += 1;
        let tick = inner.tick;
        inner.entries.get_mut(key).map(|entry| {
            entry.used = tick;
            entry.value.clone()
        })
    }

    /// Forgets the value kept for `key`.
    pub fn remove<Q>(&self, key: &Q)
    where
        K: std::borrow::Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let mut inner = self.lock();
        if let Some(old) = inner.entries.remove(key) {
            inner.bytes -= old.value.weight();
        }
    }

    /// Keeps `value` for `key`, dropping the least recently used values to
    /// stay within the size; a value heavier than a quarter of it is not
    /// kept.
    pub fn put(&self, key: K, value: V) {
        let size = value.weight();
        if self.max_bytes == 0 || size > self.max_bytes / 4 {
            return;
        }
        let mut inner = self.lock();
        inner.tick += 1;
        let used = inner.tick;
        if let Some(old) = inner.entries.insert(key, Entry { value, used }) {
            inner.bytes -= old.value.weight();
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
                inner.bytes -= entry.value.weight();
            }
        }
    }

    /// Values kept and their total weight in bytes.
    pub fn usage(&self) -> (usize, usize) {
        let inner = self.lock();
        (inner.entries.len(), inner.bytes)
    }

    /// The cache's state. A panic elsewhere while it was held cannot leave
    /// it half-updated (no update panics midway), so a poisoned lock is
    /// taken as it is.
    fn lock(&self) -> MutexGuard<'_, Inner<K, V>> {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Cache = Lru<String, Bytes>;

    #[test]
    fn keeps_values_by_key_and_drops_the_least_recently_used() {
        let cache = Cache::new(40);
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
        cache.remove("a");
        assert!(cache.get("a").is_none());
        assert_eq!(cache.usage(), (3, 30));
    }

    #[test]
    fn does_not_keep_values_too_big_for_it() {
        let cache = Cache::new(40);
        cache.put("big".into(), Bytes::from(vec![0; 11]));
        assert!(cache.get("big").is_none());
        let off = Cache::new(0);
        assert!(!off.is_on());
        off.put("x".into(), Bytes::from_static(b""));
        assert_eq!(off.usage(), (0, 0));
    }
}
