//! The GraphQL endpoint's defences. Each case here is something
//! async-graphql-axum's stock handler lets through.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code};

const MUTATION: &str = "mutation { createOrganisation(input: { name: \"Csrf AB\", kind: COMPANY }) { organisation { id } } }";

async fn organisations(app: &TestApp) -> Value {
    app.gql_ok("{ organisations { totalCount } }", json!({}))
        .await["organisations"]["totalCount"]
        .clone()
}

#[tokio::test]
async fn mutations_never_run_over_get_and_get_queries_need_a_preflight_header() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    let get = app
        .http
        .get(app.url("/graphql"))
        .query(&[("query", MUTATION)])
        .bearer_auth(&token)
        .header("x-requested-with", "fetch")
        .send()
        .await
        .expect("get");
    assert_eq!(get.status(), 405);
    assert_eq!(get.headers()["allow"], "POST");
    assert_eq!(organisations(&app).await, 0);

    let plain = app
        .http
        .get(app.url("/graphql"))
        .query(&[("query", "{ networks { totalCount } }")])
        .send()
        .await
        .expect("get");
    assert_eq!(plain.status(), 400, "a bare cross-site GET is refused");
    let preflighted = app
        .http
        .get(app.url("/graphql"))
        .query(&[("query", "{ networks { totalCount } }")])
        .header("apollo-require-preflight", "true")
        .send()
        .await
        .expect("get");
    assert_eq!(preflighted.status(), 200);
    let body: Value = preflighted.json().await.expect("json");
    assert_eq!(body["data"]["networks"]["totalCount"], 0);
}

#[tokio::test]
async fn only_json_bodies_are_executed() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    let body = json!({ "query": MUTATION }).to_string();
    let form_body = format!("query={}", MUTATION.replace(' ', "+"));
    for (content_type, payload) in [
        (Some("text/plain"), body.clone()),
        (Some("application/x-www-form-urlencoded"), form_body),
        (
            Some("multipart/form-data; boundary=x"),
            format!(
                "--x\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n{body}\r\n--x--\r\n"
            ),
        ),
        (None, body.clone()),
    ] {
        let mut request = app
            .http
            .post(app.url("/graphql"))
            .bearer_auth(&token)
            .body(payload);
        if let Some(ct) = content_type {
            request = request.header("content-type", ct);
        }
        let response = request.send().await.expect("post");
        assert_eq!(response.status(), 415, "{content_type:?} must be refused");
    }
    assert_eq!(organisations(&app).await, 0, "no mutation ran");
}

#[tokio::test]
async fn hostile_requests_are_refused_quickly_and_the_server_keeps_serving() {
    let app = TestApp::spawn().await;
    let started = Instant::now();

    let huge = format!(
        "{{\"query\":\"{{ networks {{ totalCount }} }}\",\"padding\":\"{}\"}}",
        "x".repeat(10 * 1024 * 1024)
    );
    let big = app
        .http
        .post(app.url("/graphql"))
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await;
    // The server may answer 413 or close the connection while the body streams.
    if let Ok(big) = big {
        assert_eq!(big.status(), 413);
    }

    let deep = format!(
        "{{ {}id{} }}",
        "node(id: \"x\") { ... on Network { parent { ".repeat(50),
        " } } }".repeat(50)
    );
    let body = app.gql(&deep, json!({})).await;
    assert!(body["errors"].is_array(), "{body:.300}");

    let aliases: String = (0..5_000).map(|i| format!("a{i}: __typename ")).collect();
    let body = app.gql(&format!("{{ {aliases} }}"), json!({})).await;
    let message = body["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("aliases") || message.contains("root fields"),
        "{message}"
    );

    let batch: Vec<Value> = (0..1_000)
        .map(|_| json!({ "query": "{ __typename }" }))
        .collect();
    let response = app
        .http
        .post(app.url("/graphql"))
        .json(&batch)
        .send()
        .await
        .expect("batch");
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.expect("json");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("at most"))
    );

    let small: Vec<Value> = (0..2)
        .map(|_| json!({ "query": "{ networks { totalCount } }" }))
        .collect();
    let response = app
        .http
        .post(app.url("/graphql"))
        .json(&small)
        .send()
        .await
        .expect("batch");
    let body: Value = response.json().await.expect("json");
    assert_eq!(body.as_array().map(Vec::len), Some(2), "small batches work");

    assert!(
        started.elapsed() < Duration::from_secs(20),
        "refusals are quick: {:?}",
        started.elapsed()
    );
    let health = app
        .http
        .get(app.url("/healthz"))
        .send()
        .await
        .expect("healthz");
    assert_eq!(health.status(), 200);
    let ok = app.gql("{ networks { totalCount } }", json!({})).await;
    assert_eq!(ok["data"]["networks"]["totalCount"], 0);
}

#[tokio::test]
async fn introspection_and_suggestions_can_be_switched_off() {
    let on = TestApp::spawn().await;
    let schema = on
        .gql("{ __schema { queryType { name } } }", json!({}))
        .await;
    assert_eq!(schema["data"]["__schema"]["queryType"]["name"], "Query");

    let off = TestApp::spawn_with(|config| config.graphql_introspection = false).await;
    // Off means an error that says so, not a silent `null`.
    for query in [
        "{ __schema { types { name } } }",
        "{ __type(name: \"Event\") { name fields { name } } }",
        "query { ...Everything } fragment Everything on Query { __schema { queryType { name } } }",
    ] {
        let body = off.gql(query, json!({})).await;
        assert_eq!(error_code(&body), "FORBIDDEN", "{query}: {body}");
        let message = body["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(message.contains("introspection is turned off"), "{body}");
        assert!(
            body["errors"][0]["extensions"]["requestId"].is_string(),
            "{body}"
        );
        assert!(body["data"].is_null(), "{body}");
    }
    let typename = off
        .gql(
            "{ __typename networks { __typename totalCount } }",
            json!({}),
        )
        .await;
    assert!(typename.get("errors").is_none(), "{typename}");
    assert_eq!(typename["data"]["__typename"], "Query");
    assert_eq!(
        typename["data"]["networks"]["__typename"],
        "NetworkConnection"
    );
    let typo = off.gql("{ netwroks { totalCount } }", json!({})).await;
    let message = typo["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(!message.contains("Did you mean"), "{message}");
    let typo = on.gql("{ netwroks { totalCount } }", json!({})).await;
    assert!(
        typo["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("Did you mean"))
    );
}

#[tokio::test]
async fn internal_errors_say_nothing_but_carry_the_request_id() {
    let app = TestApp::spawn().await;
    use sea_orm::ConnectionTrait;
    // Break the database under the running server.
    app.db()
        .execute_unprepared("DROP TABLE organisations CASCADE")
        .await
        .or(app
            .db()
            .execute_unprepared("DROP TABLE organisations")
            .await)
        .expect("drop");
    let response = app
        .http
        .post(app.url("/graphql"))
        .header("x-request-id", "test-req-42")
        .json(&json!({ "query": "{ organisations { totalCount } }" }))
        .send()
        .await
        .expect("post");
    assert_eq!(response.headers()["x-request-id"], "test-req-42");
    let body: Value = response.json().await.expect("json");
    assert_eq!(error_code(&body), "INTERNAL_SERVER_ERROR");
    let text = body["errors"][0]["message"].to_string().to_lowercase();
    for leak in [
        "organisations",
        "select",
        "sqlite",
        "relation",
        "no such table",
        "sqlx",
    ] {
        assert!(!text.contains(leak), "leaked {leak:?}: {body}");
    }
    assert_eq!(body["errors"][0]["extensions"]["requestId"], "test-req-42");
}
