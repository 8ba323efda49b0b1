//! Limits on the shape of a query that the depth and complexity limits do not
//! cover: how many aliases a document may use and how many root fields an
//! operation may ask for; and, when introspection is off, that a document
//! asks for no `__schema` or `__type`. Checked by the gate in front of the
//! schema ([`super::gate`]) right after parsing, before validation.

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{ErrorExtensionValues, Pos, Positioned, ServerError};

use super::error::codes;

/// Most aliases in one document.
pub const MAX_ALIASES: usize = 50;
/// Most root fields in one operation.
pub const MAX_ROOT_FIELDS: usize = 20;

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

/// Refuses a document beyond [`MAX_ALIASES`] or [`MAX_ROOT_FIELDS`].
pub fn check_shape(document: &ExecutableDocument) -> Result<(), ServerError> {
    let refuse = |message: String| Err(ServerError::new(message, None));
    let mut aliases = 0;
    for (_, operation) in document.operations.iter() {
        aliases += count_aliases(&operation.node.selection_set.node);
        let roots = count_root_fields(&operation.node.selection_set);
        if roots > MAX_ROOT_FIELDS {
            return refuse(format!(
                "an operation may ask for at most {MAX_ROOT_FIELDS} root fields, this one asks for {roots}"
            ));
        }
    }
    for fragment in document.fragments.values() {
        aliases += count_aliases(&fragment.node.selection_set.node);
    }
    if aliases > MAX_ALIASES {
        return refuse(format!(
            "a query may use at most {MAX_ALIASES} aliases, this one uses {aliases}"
        ));
    }
    Ok(())
}

/// The first introspection field in `set` or below, with its position.
fn introspection_field(set: &SelectionSet) -> Option<(Pos, &str)> {
    set.items.iter().find_map(|item| match &item.node {
        Selection::Field(field) => {
            let name = field.node.name.node.as_str();
            if matches!(name, "__schema" | "__type") {
                Some((field.pos, name))
            } else {
                introspection_field(&field.node.selection_set.node)
            }
        }
        Selection::InlineFragment(fragment) => {
            introspection_field(&fragment.node.selection_set.node)
        }
        Selection::FragmentSpread(_) => None,
    })
}

/// Refuses a document that asks for `__schema` or `__type` anywhere, in its
/// operations or its fragments, when introspection is turned off: with an
/// error that says so (async-graphql's own `disable_introspection` answers
/// such a query with `null` and no error, which reads as a broken server).
/// `__typename` stays allowed.
pub fn check_no_introspection(document: &ExecutableDocument) -> Result<(), ServerError> {
    let found = document
        .operations
        .iter()
        .find_map(|(_, operation)| introspection_field(&operation.node.selection_set.node))
        .or_else(|| {
            document
                .fragments
                .values()
                .find_map(|fragment| introspection_field(&fragment.node.selection_set.node))
        });
    let Some((pos, name)) = found else {
        return Ok(());
    };
    let mut error = ServerError::new(
        format!(
            "introspection is turned off on this server: {name} is not answered; \
             the schema is published as schema.graphql"
        ),
        Some(pos),
    );
    let mut extensions = ErrorExtensionValues::default();
    extensions.set("code", codes::FORBIDDEN);
    error.extensions = Some(extensions);
    Err(error)
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
        assert!(check_shape(&parse("{ x: node(id: \"1\") { id } }")).is_ok());
        let nested = format!(
            "{{ networks {{ nodes {{ {} }} }} }}",
            (0..51)
                .map(|i| format!("s{i}: slug"))
                .collect::<Vec<_>>()
                .join(" ")
        );
        assert!(check_shape(&parse(&nested)).is_err());
        assert!(check_shape(&parse(&format!("{{ {many} }}"))).is_err());
        let in_fragment = format!(
            "query {{ ...F }} fragment F on Query {{ {} }}",
            (0..51)
                .map(|i| format!("n{i}: networks {{ totalCount }}"))
                .collect::<Vec<_>>()
                .join(" ")
        );
        assert!(check_shape(&parse(&in_fragment)).is_err());
    }

    #[test]
    fn root_fields_are_limited() {
        let roots: String = (0..21).map(|_| "__typename ").collect();
        assert!(check_shape(&parse(&format!("{{ {roots} }}"))).is_err());
        let fine: String = (0..20).map(|_| "__typename ").collect();
        assert!(check_shape(&parse(&format!("{{ {fine} }}"))).is_ok());
    }

    #[test]
    fn introspection_is_found_wherever_it_hides() {
        for query in [
            "{ __schema { types { name } } }",
            "{ __type(name: \"Event\") { name } }",
            "query { ... on Query { __schema { queryType { name } } } }",
            "query { ...F } fragment F on Query { t: __type(name: \"Event\") { name } }",
        ] {
            let err = check_no_introspection(&parse(query)).expect_err(query);
            let code = err.extensions.as_ref().and_then(|e| e.get("code")).cloned();
            assert_eq!(code, Some(async_graphql::Value::from(codes::FORBIDDEN)));
        }
        assert!(check_no_introspection(&parse("{ __typename networks { totalCount } }")).is_ok());
    }
}
