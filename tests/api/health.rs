//! Operations endpoints.

use crate::helpers::TestApp;

#[tokio::test]
async fn healthz_and_readyz_answer() {
    let app = TestApp::spawn().await;
    let health = app
        .http
        .get(app.url("/healthz"))
        .send()
        .await
        .expect("healthz");
    assert_eq!(health.status(), 200);
    assert!(
        health.headers().contains_key("x-request-id"),
        "request id is propagated"
    );
    assert_eq!(health.text().await.expect("body"), "ok");

    let ready = app
        .http
        .get(app.url("/readyz"))
        .send()
        .await
        .expect("readyz");
    assert_eq!(ready.status(), 200);
    let body: serde_json::Value = ready.json().await.expect("json");
    assert_eq!(body["database"], "ok");
}

#[tokio::test]
async fn graphiql_is_served_on_get() {
    let app = TestApp::spawn().await;
    let page = app
        .http
        .get(app.url("/graphql"))
        .send()
        .await
        .expect("graphiql");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("body");
    assert!(html.contains("graphiql"), "GraphiQL page: {html:.200}");
}

#[tokio::test]
async fn metrics_are_off_by_default_and_count_statements_when_on() {
    let app = TestApp::spawn().await;
    let off = app
        .http
        .get(app.url("/metrics"))
        .send()
        .await
        .expect("metrics");
    assert_eq!(off.status(), 404);

    let app = TestApp::spawn_with(|config| config.metrics = true).await;
    let before = app.state.statements.get();
    app.gql_ok(
        "{ networks(first: 1) { nodes { id } } }",
        serde_json::json!({}),
    )
    .await;
    let on = app
        .http
        .get(app.url("/metrics"))
        .send()
        .await
        .expect("metrics");
    assert_eq!(on.status(), 200);
    let body = on.text().await.expect("body");
    let total: u64 = body
        .strip_prefix("statements_total ")
        .and_then(|rest| rest.trim().parse().ok())
        .unwrap_or_else(|| panic!("statements_total line: {body:?}"));
    assert!(total > before, "the query's statements are counted: {body}");
}
