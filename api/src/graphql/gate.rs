//! What every document passes before the schema runs it, on every path
//! that executes GraphQL (`POST`/`GET /graphql`, the WebSocket): it is taken
//! from the parsed-document cache (or parsed and kept), refused when it asks
//! for introspection on a server that has it off, refused beyond the shape
//! limits, and handed to the executor already parsed.
//!
//! These checks sit here, in front of the executor, and not among the
//! schema's extensions on purpose: async-graphql runs the resolution of
//! every field and list item through the extension chain as soon as a
//! schema has any extension at all (a registry lookup, a name formatted and
//! a nested future per value), even when no extension looks at fields. With
//! none, it takes its direct path. Measured on Q1 (50 events with speakers),
//! the chain was about a tenth of the server's CPU (BENCHMARKS.md).

use std::sync::Arc;

use async_graphql::futures_util::stream::{self, BoxStream, StreamExt};
use async_graphql::{Data, Executor, Request, Response, ServerError};

use super::AppSchema;
use super::documents::DocumentCache;
use super::limits;

/// The schema behind its gate; what the server executes requests with.
#[derive(Clone)]
pub struct GatedSchema {
    schema: AppSchema,
    documents: DocumentCache,
    introspection: bool,
}

impl GatedSchema {
    /// `schema` behind the gate, with its documents kept in `documents`;
    /// `introspection` false refuses `__schema` and `__type`.
    pub fn new(schema: AppSchema, documents: DocumentCache, introspection: bool) -> Self {
        Self {
            schema,
            documents,
            introspection,
        }
    }

    /// `request` with its document parsed and checked, or the one error
    /// that refuses it.
    fn admit(&self, mut request: Request) -> Result<Request, ServerError> {
        let document = self.documents.document(&request.query)?;
        if !self.introspection {
            limits::check_no_introspection(&document)?;
        }
        limits::check_shape(&document)?;
        request.set_parsed_query(document);
        Ok(request)
    }
}

impl Executor for GatedSchema {
    async fn execute(&self, request: Request) -> Response {
        match self.admit(request) {
            Ok(request) => self.schema.execute(request).await,
            Err(error) => Response::from_errors(vec![error]),
        }
    }

    fn execute_stream(
        &self,
        request: Request,
        session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        match self.admit(request) {
            Ok(request) => self
                .schema
                .execute_stream_with_session_data(request, session_data.unwrap_or_default()),
            Err(error) => stream::once(async move { Response::from_errors(vec![error]) }).boxed(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graphql::{Mutation, Query, Subscription, documents};

    fn gated(introspection: bool) -> (GatedSchema, DocumentCache) {
        let schema =
            async_graphql::Schema::build(Query, Mutation::default(), Subscription).finish();
        let cache = DocumentCache::new(documents::ENTRIES);
        (
            GatedSchema::new(schema, cache.clone(), introspection),
            cache,
        )
    }

    #[tokio::test]
    async fn a_kept_document_answers_the_same_and_a_broken_one_is_not_kept() {
        let (gate, cache) = gated(true);
        for _ in 0..3 {
            let response = gate.execute(Request::new("{ __typename }")).await;
            assert!(response.errors.is_empty(), "{:?}", response.errors);
            assert_eq!(
                response.data.into_json().expect("json"),
                serde_json::json!({ "__typename": "Query" })
            );
        }
        assert_eq!(cache.len(), 1);
        let broken = gate.execute(Request::new("{ __typename ")).await;
        assert!(!broken.errors.is_empty());
        assert_eq!(cache.len(), 1, "a query that does not parse is not kept");
    }

    #[tokio::test]
    async fn the_gate_refuses_on_every_path() {
        let (gate, _) = gated(false);
        let introspection = "{ __schema { queryType { name } } }";
        let answer = gate.execute(Request::new(introspection)).await;
        assert!(
            answer.errors[0]
                .message
                .contains("introspection is turned off")
        );
        let mut streamed = gate.execute_stream(Request::new(introspection), None);
        let first = streamed.next().await.expect("one answer");
        assert!(
            first.errors[0]
                .message
                .contains("introspection is turned off")
        );
        assert!(
            streamed.next().await.is_none(),
            "the refusal ends the stream"
        );
        let roots: String = (0..21).map(|_| "__typename ").collect();
        let answer = gate.execute(Request::new(format!("{{ {roots} }}"))).await;
        assert!(
            answer.errors[0].message.contains("root fields"),
            "{answer:?}"
        );
    }
}
