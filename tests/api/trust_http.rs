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

/// The headers every response carries, whatever it is.
fn assert_common_headers(response: &reqwest::Response, https: bool) {
    let headers = response.headers();
    let url = response.url().clone();
    assert_eq!(headers["x-content-type-options"], "nosniff", "{url}");
    assert_eq!(headers["x-frame-options"], "DENY", "{url}");
    assert_eq!(headers["referrer-policy"], "no-referrer", "{url}");
    assert_eq!(
        headers.contains_key("strict-transport-security"),
        https,
        "{url}: HSTS only with an https PUBLIC_URL"
    );
}

/// The strict policy of the pages: nothing inline, nothing from elsewhere.
fn assert_page_csp(response: &reqwest::Response) {
    let url = response.url().clone();
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .expect("ascii policy");
    for directive in [
        "default-src 'none'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    ] {
        assert!(
            csp.contains(directive),
            "{url}: {directive} missing in {csp}"
        );
    }
    assert!(!csp.contains("unsafe-inline"), "{url}: {csp}");
    assert!(
        !csp.contains("script-src"),
        "{url}: pages run no script: {csp}"
    );
}

/// The contents of the inline `<tag>` blocks of `html`.
fn inline(html: &str, tag: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut rest = html;
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    while let Some(start) = rest.find(&open) {
        let after = &rest[start + open.len()..];
        let tag_end = after.find('>').expect("tag end");
        let body = &after[tag_end + 1..];
        let end = body.find(&close).expect("closing tag");
        if !after[..tag_end].contains("src=") {
            blocks.push(body[..end].to_owned());
        }
        rest = &body[end + close.len()..];
    }
    blocks
}

#[tokio::test]
async fn html_feeds_and_exports_carry_security_headers() {
    use base64::Engine;
    use sha2::Digest;

    // The test configuration's PUBLIC_URL is https.
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Socialchefsnätverket")
        .insert(&app)
        .await;
    let event = EventBuilder::new(&network).published().insert(&app).await;
    let get = |path: String| {
        let app = &app;
        async move { app.http.get(app.url(&path)).send().await.expect("response") }
    };

    // Participant pages, the 404 page and the unsubscribe form: HTML under
    // the strict policy.
    for path in [
        format!("/networks/{}", network.slug),
        format!("/events/{}", event.id),
        format!("/events/{}", uuid::Uuid::now_v7()),
        "/sign-in".to_owned(),
        "/reminders/unsubscribe?token=abc123".to_owned(),
    ] {
        let response = get(path).await;
        assert!(
            response.headers()["content-type"]
                .to_str()
                .is_ok_and(|v| v.starts_with("text/html")),
            "{}",
            response.url()
        );
        assert_common_headers(&response, true);
        assert_page_csp(&response);
    }

    // GraphiQL: its own policy, whose hashes are those of the inline
    // script and style it serves, and the CDN it loads from.
    let graphiql = get("/graphql".to_owned()).await;
    assert_common_headers(&graphiql, true);
    let csp = graphiql.headers()["content-security-policy"]
        .to_str()
        .expect("ascii policy")
        .to_owned();
    let html = graphiql.text().await.expect("GraphiQL");
    let blocks: Vec<String> = inline(&html, "script")
        .into_iter()
        .chain(inline(&html, "style"))
        .collect();
    assert!(blocks.len() >= 2, "GraphiQL has inline script and style");
    for block in blocks {
        let hash = base64::engine::general_purpose::STANDARD
            .encode(sha2::Sha256::digest(block.as_bytes()));
        assert!(csp.contains(&format!("'sha256-{hash}'")), "{csp}");
    }
    for directive in [
        "default-src 'none'",
        "script-src 'sha256-",
        "https://unpkg.com",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    ] {
        assert!(csp.contains(directive), "{directive} missing in {csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(
        !html.contains(r#"content="origin""#),
        "GraphiQL's own referrer meta"
    );

    // A feed, a CSV export, the GraphQL endpoint and the stylesheet: nosniff
    // and the rest, and a policy that loads nothing.
    let feed = get(format!("/calendar/networks/{}.ics", network.slug)).await;
    assert_eq!(feed.status(), 200);
    let csv = app
        .http
        .get(app.url(&format!("/events/{}/registrations.csv", event.id)))
        .bearer_auth(app.admin_token().await)
        .send()
        .await
        .expect("CSV");
    assert_eq!(csv.status(), 200);
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .is_ok_and(|v| v.starts_with("text/csv"))
    );
    let graphql = app
        .http
        .post(app.url("/graphql"))
        .json(&json!({ "query": "{ __typename }" }))
        .send()
        .await
        .expect("GraphQL");
    let css = get(api::pages::CSS_PATH.to_owned()).await;
    for response in [&feed, &csv, &graphql, &css] {
        assert_common_headers(response, true);
        assert!(
            response.headers()["content-security-policy"]
                .to_str()
                .is_ok_and(|v| v.contains("default-src 'none'")),
            "{}",
            response.url()
        );
    }

    // Over plain http, no HSTS (a browser would ignore it, and a local or
    // test set-up must not be pinned to https).
    let plain = TestApp::spawn_with(|config| {
        config.public_url = Some("http://localhost:8080".to_owned());
    })
    .await;
    for path in ["/sign-in", "/graphql", "/healthz"] {
        let response = plain
            .http
            .get(plain.url(path))
            .send()
            .await
            .expect("response");
        assert_common_headers(&response, false);
    }
}
