//! Parsed documents kept by their query text, as persisted-query servers
//! do: clients send the same few operations over and over (the pages'
//! calendar widgets, the municipalities' intranets), and parsing one again
//! is work thrown away. The cache is bounded in entries and in the length
//! of a query it keeps; the least recently used entry goes first. The
//! gate in front of the schema ([`super::gate`]) takes every document from
//! here, so the shape limits and the introspection switch still look at
//! every document, cached or not.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use async_graphql::ServerError;
use async_graphql::parser::types::ExecutableDocument;

/// Documents kept.
pub const ENTRIES: usize = 256;
/// Longest query text kept (longer ones are parsed every time).
pub const QUERY_MAX: usize = 16 * 1024;

#[derive(Default)]
struct Entries {
    /// By query text: the document and when it was last used.
    documents: HashMap<Arc<str>, (ExecutableDocument, u64)>,
    tick: u64,
}

impl Entries {
    fn get(&mut self, query: &str) -> Option<ExecutableDocument> {
        self.tick += 1;
        let tick = self.tick;
        self.documents.get_mut(query).map(|(document, used)| {
            *used = tick;
            document.clone()
        })
    }

    fn put(&mut self, query: &str, document: ExecutableDocument, capacity: usize) {
        if self.documents.len() >= capacity
            && !self.documents.contains_key(query)
            && let Some(oldest) = self
                .documents
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(text, _)| text.clone())
        {
            self.documents.remove(&oldest);
        }
        self.tick += 1;
        self.documents
            .insert(Arc::from(query), (document, self.tick));
    }
}

/// One cache shared by every request of the schema.
#[derive(Clone)]
pub struct DocumentCache {
    entries: Arc<Mutex<Entries>>,
    capacity: usize,
}

impl DocumentCache {
    /// A cache of at most `capacity` documents.
    pub fn new(capacity: usize) -> Self {
        Self {
            entries: Arc::default(),
            capacity,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Documents kept now.
    pub fn len(&self) -> usize {
        self.lock().documents.len()
    }

    /// Whether none is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// What `look` says of the document of `query`, kept or parsed now
    /// (and then kept, as the executor would); `None` when the query does
    /// not parse. The HTTP handler asks this before executing (is it a
    /// public read?); the gate then finds the document kept.
    pub fn with_document<R>(
        &self,
        query: &str,
        look: impl FnOnce(&ExecutableDocument) -> R,
    ) -> Option<R> {
        {
            let mut entries = self.lock();
            entries.tick += 1;
            let tick = entries.tick;
            if let Some((document, used)) = entries.documents.get_mut(query) {
                *used = tick;
                return Some(look(document));
            }
        }
        let document = async_graphql::parser::parse_query(query).ok()?;
        let seen = look(&document);
        if query.len() <= QUERY_MAX {
            self.lock().put(query, document, self.capacity);
        }
        Some(seen)
    }

    /// The document of `query` for the executor: a copy of the kept one, or
    /// parsed now and kept. Only what parsed is kept: a broken query is
    /// answered afresh, with the parser's error.
    pub fn document(&self, query: &str) -> Result<ExecutableDocument, ServerError> {
        if query.len() <= QUERY_MAX
            && let Some(document) = self.lock().get(query)
        {
            return Ok(document);
        }
        let document = async_graphql::parser::parse_query(query)?;
        if query.len() <= QUERY_MAX {
            self.lock().put(query, document.clone(), self.capacity);
        }
        Ok(document)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(query: &str) -> ExecutableDocument {
        async_graphql::parser::parse_query(query).expect("a query")
    }

    #[test]
    fn the_least_recently_used_document_goes_first() {
        let mut entries = Entries::default();
        entries.put("{ a }", parsed("{ a }"), 2);
        entries.put("{ b }", parsed("{ b }"), 2);
        assert!(entries.get("{ a }").is_some());
        entries.put("{ c }", parsed("{ c }"), 2);
        assert!(entries.get("{ b }").is_none(), "b was used least recently");
        assert!(entries.get("{ a }").is_some());
        assert!(entries.get("{ c }").is_some());
        assert_eq!(entries.documents.len(), 2);
    }
}
