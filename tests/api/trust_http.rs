//! Trust over HTTP (issue 12): cursors that name their list, introspection
//! that says no when it is off, security headers on every response, and one
//! rule for the text people type.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::fixtures::{EventBuilder, NetworkBuilder, event_gid, network_gid};
use crate::helpers::{TestApp, at, error_code, user_error_codes};

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

/// The strict policy of the pages: nothing inline, scripts and styles of
/// this origin only.
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
    // Scripts only from this origin (the console's progressive
    // enhancement), never inline, never from elsewhere.
    assert!(
        csp.contains("script-src 'self';"),
        "{url}: scripts of this origin only: {csp}"
    );
    assert!(!csp.contains("unsafe-"), "{url}: {csp}");
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

const CREATE_NETWORK: &str = "mutation($input: CreateNetworkInput!) {
  createNetwork(input: $input) { network { name description } userErrors { field code message } } }";
const CREATE_EVENT: &str = "mutation($input: CreateEventInput!) {
  createEvent(input: $input) { event { title venue { accessibilityNotes } }
    userErrors { field code message } } }";
const REGISTER: &str = "mutation($input: RegisterInput!) {
  register(input: $input) { registration { person { name } accessibilityNeeds }
    userErrors { field code message } } }";

/// The one user error of `payload`: its field path and code.
fn only_user_error(payload: &Value) -> (Value, String) {
    assert_eq!(
        user_error_codes(payload).len(),
        1,
        "one user error expected: {payload}"
    );
    let error = &payload["userErrors"][0];
    (
        error["field"].clone(),
        error["code"].as_str().unwrap_or_default().to_owned(),
    )
}

#[tokio::test]
async fn control_characters_in_text_are_invalid_on_its_field_on_either_database() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Socialchefsnätverket")
        .insert(&app)
        .await;
    let event = EventBuilder::new(&network).published().insert(&app).await;
    for bad in ["\u{0}", "\u{7}", "\u{1b}", "\u{202e}"] {
        let created = app
            .gql_ok(
                CREATE_NETWORK,
                json!({ "input": { "name": format!("Nät{bad}verket") } }),
            )
            .await["createNetwork"]
            .clone();
        assert!(created["network"].is_null(), "{created}");
        assert_eq!(
            only_user_error(&created),
            (json!(["input", "name"]), "INVALID".to_owned()),
            "{bad:?}"
        );

        let created = app
            .gql_ok(
                CREATE_EVENT,
                json!({ "input": {
                    "networkId": network_gid(&network),
                    "kind": "MEETING",
                    "title": format!("Träff{bad}"),
                    "startsAt": "2026-11-26T08:00:00Z",
                    "endsAt": "2026-11-26T10:00:00Z",
                    "attendanceMode": "IN_PERSON",
                } }),
            )
            .await["createEvent"]
            .clone();
        assert_eq!(
            only_user_error(&created),
            (json!(["input", "title"]), "INVALID".to_owned()),
            "{bad:?}"
        );

        // A guest registering from anywhere: the name is refused, never
        // stored (SQLite) nor a database error (PostgreSQL).
        let registered = app
            .gql_ok_as(
                None,
                REGISTER,
                json!({ "input": { "eventId": event_gid(&event), "consent": true,
                    "guest": { "name": format!("Anna{bad}Berg"), "email": "anna@example.se" } } }),
            )
            .await["register"]
            .clone();
        assert!(registered["registration"].is_null(), "{registered}");
        assert_eq!(
            only_user_error(&registered),
            (json!(["input", "guest", "name"]), "INVALID".to_owned()),
            "{bad:?}"
        );
    }

    // A line break where one line belongs is refused too; in a text of
    // several lines a NUL still is.
    let created = app
        .gql_ok(
            CREATE_NETWORK,
            json!({ "input": { "name": "Rad ett\nRad två", "description": "Fin\u{0}" } }),
        )
        .await["createNetwork"]
        .clone();
    assert_eq!(
        user_error_codes(&created),
        ["INVALID", "INVALID"],
        "{created}"
    );

    // Lookups and searches with a NUL: nothing found, or refused as input,
    // never an internal error.
    let missing = app
        .gql_ok("{ network(slug: \"a\\u0000b\") { name } }", json!({}))
        .await;
    assert!(missing["network"].is_null(), "{missing}");
    let search = app
        .gql(
            "query($s: String) { organisations(search: $s) { totalCount } }",
            json!({ "s": "Göteborg\u{0}" }),
        )
        .await;
    assert_eq!(error_code(&search), "BAD_USER_INPUT", "{search}");
    let search = app
        .gql(
            "query($slug: String!, $s: String) { network(slug: $slug) {
               events(filter: { search: $s }) { totalCount } } }",
            json!({ "slug": network.slug, "s": "\u{0}" }),
        )
        .await;
    assert_eq!(error_code(&search), "BAD_USER_INPUT", "{search}");
}

#[tokio::test]
async fn text_is_stored_composed_and_descriptions_keep_their_lines() {
    let app = TestApp::spawn().await;
    let created = app
        .gql_ok(
            CREATE_NETWORK,
            json!({ "input": {
                "name": "  A\u{30a}sa-nätverket ",
                "description": "Rad ett\r\nRad två\rRad tre\n\n\tmed indrag",
            } }),
        )
        .await["createNetwork"]
        .clone();
    assert_eq!(
        user_error_codes(&created),
        Vec::<String>::new(),
        "{created}"
    );
    assert_eq!(created["network"]["name"], "\u{c5}sa-nätverket");
    assert_eq!(
        created["network"]["description"],
        "Rad ett\nRad två\nRad tre\n\n\tmed indrag"
    );
    // As stored, read back.
    let stored = entities::network::Entity::find()
        .filter(entities::network::Column::Name.eq("\u{c5}sa-nätverket"))
        .one(app.db())
        .await
        .expect("query")
        .expect("the composed name is stored");
    assert_eq!(stored.slug, "asa-natverket");

    let network = NetworkBuilder::new("Socialchefsnätverket")
        .insert(&app)
        .await;
    let event = EventBuilder::new(&network).published().insert(&app).await;
    let registered = app
        .gql_ok_as(
            None,
            REGISTER,
            json!({ "input": { "eventId": event_gid(&event), "consent": true,
                "accessibilityNeeds": "Hörslinga\r\nRullstol",
                "guest": { "name": "Bjo\u{308}rn Berg", "email": "bjorn@example.se" } } }),
        )
        .await["register"]
        .clone();
    assert_eq!(
        user_error_codes(&registered),
        Vec::<String>::new(),
        "{registered}"
    );
    assert_eq!(registered["registration"]["person"]["name"], "Björn Berg");
    assert_eq!(
        registered["registration"]["accessibilityNeeds"],
        "Hörslinga\nRullstol"
    );
}
