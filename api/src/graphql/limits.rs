//! Limits on the shape of a query that the depth and complexity limits do not
//! cover: how many aliases a document may use and how many root fields an
//! operation may ask for. Checked right after parsing, before validation.

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Positioned, ServerError, ServerResult, Variables};

/// Most aliases in one document.
pub const MAX_ALIASES: usize = 50;
/// Most root fields in one operation.
pub const MAX_ROOT_FIELDS: usize = 20;

/// The extension that enforces [`MAX_ALIASES`] and [`MAX_ROOT_FIELDS`].
pub struct ShapeLimits;

impl ExtensionFactory for ShapeLimits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ShapeLimitsExtension)
    }
}

struct ShapeLimitsExtension;

fn count_aliases(set: &SelectionSet) -> usize {
    set.items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(field) => {
                usize::from(field.node.alias.is_some())
                    + count_aliases(&field.node.selection_set.node)
            }
            Selection::InlineFragment(fragment) => count_aliases(&fragment.node.selection_set.node),
            Selection::FragmentSpread(_) => 0,
        })
        .sum()
}

fn count_root_fields(set: &Positioned<SelectionSet>) -> usize {
    set.node
        .items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(_) | Selection::FragmentSpread(_) => 1,
            Selection::InlineFragment(fragment) => count_root_fields(&fragment.node.selection_set),
        })
        .sum()
}

fn check(document: &ExecutableDocument) -> Result<(), String> {
    let mut aliases = 0;
    for (_, operation) in document.operations.iter() {
        aliases += count_aliases(&operation.node.selection_set.node);
        let roots = count_root_fields(&operation.node.selection_set);
        if roots > MAX_ROOT_FIELDS {
            return Err(format!(
                "an operation may ask for at most {MAX_ROOT_FIELDS} root fields, this one asks for {roots}"
            ));
        }
    }
    for fragment in document.fragments.values() {
        aliases += count_aliases(&fragment.node.selection_set.node);
    }
    if aliases > MAX_ALIASES {
        return Err(format!(
            "a query may use at most {MAX_ALIASES} aliases, this one uses {aliases}"
        ));
    }
    Ok(())
}

#[async_trait::async_trait]
impl Extension for ShapeLimitsExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        check(&document).map_err(|message| ServerError::new(message, None))?;
        Ok(document)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(q: &str) -> ExecutableDocument {
        async_graphql::parser::parse_query(q).expect("valid query")
    }

    #[test]
    fn aliases_are_counted_everywhere() {
        let many: String = (0..60)
            .map(|i| format!("a{i}: networks {{ totalCount }} "))
            .collect();
        assert!(check(&parse("{ x: node(id: \"1\") { id } }")).is_ok());
        let nested = format!(
            "{{ networks {{ nodes {{ {} }} }} }}",
            (0..51)
                .map(|i| format!("s{i}: slug"))
                .collect::<Vec<_>>()
                .join(" ")
        );
        assert!(check(&parse(&nested)).is_err());
        assert!(check(&parse(&format!("{{ {many} }}"))).is_err());
        let in_fragment = format!(
            "query {{ ...F }} fragment F on Query {{ {} }}",
            (0..51)
                .map(|i| format!("n{i}: networks {{ totalCount }}"))
                .collect::<Vec<_>>()
                .join(" ")
        );
        assert!(check(&parse(&in_fragment)).is_err());
    }

    #[test]
    fn root_fields_are_limited() {
        let roots: String = (0..21).map(|_| "__typename ").collect();
        assert!(check(&parse(&format!("{{ {roots} }}"))).is_err());
        let fine: String = (0..20).map(|_| "__typename ").collect();
        assert!(check(&parse(&format!("{{ {fine} }}"))).is_ok());
    }
}
