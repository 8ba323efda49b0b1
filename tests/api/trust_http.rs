//! Trust over HTTP (issue 12): cursors that name their list, introspection
//! that says no when it is off, security headers on every response, and one
//! rule for the text people type.

use serde_json::{Value, json};

use crate::fixtures::{EventBuilder, NetworkBuilder};
use crate::helpers::{TestApp, at, error_code};

const EVENTS_PAGE: &str = "query($slug: String!, $after: String) {
  network(slug: $slug) { events(first: 2, after: $after) {
    pageInfo { hasNextPage endCursor } nodes { title } } } }";

fn titles(page: &Value) -> Vec<String> {
    page["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("no nodes in {page}"))
        .iter()
        .map(|n| n["title"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn a_cursor_of_another_list_or_an_altered_one_is_bad_user_input() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Socialchefsnätverket")
        .insert(&app)
        .await;
    NetworkBuilder::new("Äldreomsorgsnätverket")
        .insert(&app)
        .await;
    for (i, day) in ["04", "11", "18"].iter().enumerate() {
        EventBuilder::new(&network)
            .title(&format!("Träff {i}"))
            .starts_at(at(&format!("2026-09-{day}T07:00:00Z")))
            .insert(&app)
            .await;
    }

    // Paging through the list with its own cursors still works.
    let first = app
        .gql_ok(EVENTS_PAGE, json!({ "slug": network.slug }))
        .await["network"]["events"]
        .clone();
    assert_eq!(titles(&first), ["Träff 0", "Träff 1"]);
    let cursor = first["pageInfo"]["endCursor"]
        .as_str()
        .expect("end cursor")
        .to_owned();
    let second = app
        .gql_ok(
            EVENTS_PAGE,
            json!({ "slug": network.slug, "after": cursor }),
        )
        .await["network"]["events"]
        .clone();
    assert_eq!(titles(&second), ["Träff 2"]);
    assert_eq!(second["pageInfo"]["hasNextPage"], false);

    // A cursor of `networks` is not a position in a network's events.
    let networks = app
        .gql_ok(
            "{ networks(first: 1) { pageInfo { endCursor } } }",
            json!({}),
        )
        .await;
    let foreign = networks["networks"]["pageInfo"]["endCursor"]
        .as_str()
        .expect("networks cursor");
    let body = app
        .gql(
            EVENTS_PAGE,
            json!({ "slug": network.slug, "after": foreign }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("networks"),
        "{body}"
    );
    // Nor is an events cursor one of `networks`.
    let body = app
        .gql(
            "query($after: String) { networks(after: $after) { totalCount } }",
            json!({ "after": cursor }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");

    // One character changed in the middle: refused, not read as a position.
    let mut altered: Vec<char> = cursor.chars().collect();
    let middle = altered.len() / 2;
    altered[middle] = if altered[middle] == 'A' { 'B' } else { 'A' };
    let altered: String = altered.into_iter().collect();
    let body = app
        .gql(
            EVENTS_PAGE,
            json!({ "slug": network.slug, "after": altered }),
        )
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    assert!(body["data"]["network"].is_null(), "{body}");
}
