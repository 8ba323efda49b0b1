//! The read cache: anonymous public answers kept by each server process,
//! and a change committed through any process seen by the next read on
//! every process (both databases: the second server shares the first's).

use chrono::Duration;
use serde_json::{Value, json};

use crate::fixtures::{EventBuilder, NetworkBuilder, event_gid};
use crate::helpers::{TestApp, test_now};

const EVENT: &str = "query($id: ID!) { event(id: $id) {
    title seats { inPersonTaken onlineTaken } speakers { name } network { name } } }";

const REGISTER: &str = "mutation($input: RegisterInput!) { register(input: $input) {
    registration { status } manageToken userErrors { field code message } } }";

const RENAME: &str = "mutation($id: ID!, $t: String!) {
    updateEvent(input: { id: $id, title: $t }) { userErrors { code } } }";

/// An anonymous read and the statements it cost on `app`.
async fn read(app: &TestApp, query: &str, variables: &Value) -> (Value, u64) {
    let before = app.statements();
    let data = app.gql_ok_as(None, query, variables.clone()).await;
    (data, app.statements() - before)
}

#[tokio::test]
async fn a_change_through_one_server_is_seen_by_the_next_read_on_another() {
    let app = TestApp::spawn().await;
    let other = app.another_server().await;
    let network = NetworkBuilder::new("Klimatkommunerna").insert(&app).await;
    let event = EventBuilder::new(&network)
        .title("Klimatträff")
        .starts_at(test_now() + Duration::days(7))
        .capacity(Some(40), None)
        .published()
        .insert(&app)
        .await;
    let vars = json!({ "id": event_gid(&event) });
    let token = app.admin_token().await;

    let (first, cost) = read(&app, EVENT, &vars).await;
    assert_eq!(first["event"]["title"], "Klimatträff");
    assert!(
        cost > 1,
        "the first read runs the query ({cost} statements)"
    );
    let (again, cost) = read(&app, EVENT, &vars).await;
    assert_eq!(again, first);
    assert_eq!(cost, 1, "kept: only the version is read");

    // A write that changes nothing public (a sign-in link) keeps it.
    let sent = other
        .gql_ok_as(
            None,
            "mutation { requestSignInLink(input: { email: \"ny@example.se\" }) { sent } }",
            json!({}),
        )
        .await;
    assert_eq!(sent["requestSignInLink"]["sent"], true);
    let (still, cost) = read(&app, EVENT, &vars).await;
    assert_eq!((still, cost), (first.clone(), 1));

    // The organiser renames the event through the other server: the very
    // next read here has the new title.
    let renamed = other
        .gql_ok_as(
            Some(&token),
            RENAME,
            json!({ "id": event_gid(&event), "t": "Klimatträff i december" }),
        )
        .await;
    assert_eq!(renamed["updateEvent"]["userErrors"], json!([]));
    let (after, cost) = read(&app, EVENT, &vars).await;
    assert_eq!(after["event"]["title"], "Klimatträff i december");
    assert!(cost > 1, "read afresh");

    // A guest registers through the other server: the seats read here at
    // once are the ones a signed-in organiser reads (never kept).
    let registered = other
        .gql_ok_as(
            None,
            REGISTER,
            json!({ "input": { "eventId": event_gid(&event), "consent": true,
                "guest": { "name": "Gäst", "email": "gast@example.se" } } }),
        )
        .await;
    assert_eq!(
        registered["register"]["userErrors"],
        json!([]),
        "{registered}"
    );
    let (seats, _) = read(&app, EVENT, &vars).await;
    let organisers = app.gql_ok_as(Some(&token), EVENT, vars.clone()).await;
    assert_eq!(seats, organisers);
    assert_ne!(seats["event"]["seats"], after["event"]["seats"]);

    // Kept again until it is too old (the clock of this server moves on).
    let (_, cost) = read(&app, EVENT, &vars).await;
    assert_eq!(cost, 1);
    app.state.clock.advance(Duration::seconds(11));
    let (_, cost) = read(&app, EVENT, &vars).await;
    assert!(
        cost > 1,
        "older than TRAFFPUNKT_READ_CACHE_SECONDS: read afresh"
    );
}

#[tokio::test]
async fn signed_in_and_personal_answers_are_never_kept() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Socialchefsnätverket")
        .insert(&app)
        .await;
    let draft = EventBuilder::new(&network)
        .title("Utkast")
        .starts_at(test_now() + Duration::days(3))
        .insert(&app)
        .await;
    let vars = json!({ "id": event_gid(&draft) });
    let token = app.admin_token().await;
    let kept = || app.state.read_cache.usage().0;

    // Anonymous readers do not see a draft, and that answer is kept…
    let (anonymous, _) = read(&app, EVENT, &vars).await;
    assert_eq!(anonymous["event"], Value::Null);
    assert_eq!(kept(), 1);
    // …but never served to an organiser, whose answers are not kept.
    for _ in 0..2 {
        let organiser = app.gql_ok_as(Some(&token), EVENT, vars.clone()).await;
        assert_eq!(organiser["event"]["title"], "Utkast");
    }
    assert_eq!(kept(), 1);

    // Registrations read with their manage token, and the viewer, are
    // personal: never kept, even asked anonymously.
    let published = EventBuilder::new(&network)
        .title("Öppet möte")
        .starts_at(test_now() + Duration::days(4))
        .published()
        .insert(&app)
        .await;
    let registered = app
        .gql_ok_as(
            None,
            REGISTER,
            json!({ "input": { "eventId": event_gid(&published), "consent": true,
                "guest": { "name": "Gäst", "email": "gast@example.se" } } }),
        )
        .await;
    let manage = registered["register"]["manageToken"]
        .as_str()
        .expect("a manage token")
        .to_owned();
    for _ in 0..2 {
        let mine = app
            .gql_ok_as(
                None,
                "query($t: String!) { registrationByManageToken(token: $t) { status } }",
                json!({ "t": manage }),
            )
            .await;
        assert!(mine["registrationByManageToken"].is_object(), "{mine}");
        app.gql_ok_as(
            None,
            "{ viewer { email } network(slug: \"socialchefsnatverket\") { name } }",
            json!({}),
        )
        .await;
    }
    assert_eq!(kept(), 1, "nothing personal was kept");

    // An answer with errors is not kept either.
    app.gql_as(None, "{ event(id: \"not-an-id\") { title } }", json!({}))
        .await;
    app.gql_as(None, "{ event(id: \"not-an-id\") { title } }", json!({}))
        .await;
    assert_eq!(kept(), 1);
}

#[tokio::test]
async fn the_cache_can_be_turned_off() {
    let app = TestApp::spawn_with(|config| config.read_cache_mib = 0).await;
    let network = NetworkBuilder::new("Klimatkommunerna").insert(&app).await;
    let event = EventBuilder::new(&network)
        .starts_at(test_now() + Duration::days(7))
        .published()
        .insert(&app)
        .await;
    let vars = json!({ "id": event_gid(&event) });
    let (first, _) = read(&app, EVENT, &vars).await;
    let (again, cost) = read(&app, EVENT, &vars).await;
    assert_eq!(again, first);
    assert!(cost > 1, "off: every read runs");
    assert_eq!(app.state.read_cache.usage(), (0, 0));
}

#[tokio::test]
async fn a_feed_polled_again_costs_one_read_until_a_change_on_any_server() {
    let app = TestApp::spawn().await;
    let other = app.another_server().await;
    let network = NetworkBuilder::new("Klimatkommunerna").insert(&app).await;
    let event = EventBuilder::new(&network)
        .title("Klimatträff")
        .starts_at(test_now() + Duration::days(7))
        .published()
        .insert(&app)
        .await;
    let url = app.url(&format!("/calendar/networks/{}.ics", network.slug));
    let http = reqwest::Client::new();
    let get = |etag: Option<String>| {
        let mut request = http.get(&url);
        if let Some(etag) = etag {
            request = request.header("if-none-match", etag);
        }
        async move {
            let response = request.send().await.expect("feed");
            let status = response.status().as_u16();
            let etag = response.headers()["etag"]
                .to_str()
                .expect("etag")
                .to_owned();
            (status, etag, response.text().await.expect("body"))
        }
    };

    let (status, etag, body) = get(None).await;
    assert_eq!(status, 200);
    assert!(body.contains("Klimatträff"));
    let before = app.statements();
    let (status, again, same) = get(None).await;
    assert_eq!((status, &again, &same), (200, &etag, &body));
    let (status, _, _) = get(Some(etag.clone())).await;
    assert_eq!(status, 304);
    assert_eq!(
        app.statements() - before,
        2,
        "two polls, one version read each"
    );

    // Renamed through the other server (a minute later: a feed's version
    // is built from its events' timestamps): the next poll here has it.
    let token = app.admin_token().await;
    other.state.clock.advance(Duration::minutes(1));
    other
        .gql_ok_as(
            Some(&token),
            RENAME,
            json!({ "id": event_gid(&event), "t": "Klimatträff i december" }),
        )
        .await;
    let (status, changed, body) = get(Some(etag.clone())).await;
    assert_eq!(status, 200);
    assert_ne!(changed, etag);
    assert!(body.contains("Klimatträff i december"), "{body}");
}
