//! Webhooks end to end (issue 18): endpoints registered through the API,
//! deliveries written with the write that causes them and delivered by the
//! job runner (driven here with `run_once`, the clock moved for backoff) to
//! a real HTTP receiver on 127.0.0.1, whose requests' signatures Python's
//! `standardwebhooks` (the specification's reference library) verifies.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::{Duration, Utc};
use entities::NetworkRole;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::fixtures::{EventBuilder, NetworkBuilder, event_gid, network_gid, signed_in_with_role};
use crate::helpers::{TestApp, error_code, python_ready, user_error_codes, user_error_fields};

const CREATE: &str = "mutation($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) { secret endpoint { id url enabled eventTypes }
    userErrors { field code message } } }";
const UPDATE: &str = "mutation($input: UpdateWebhookEndpointInput!) {
    updateWebhookEndpoint(input: $input) { endpoint { id url enabled disabledReason consecutiveFailures }
    userErrors { field code message } } }";
const ROTATE: &str = "mutation($input: RotateWebhookSecretInput!) {
    rotateWebhookSecret(input: $input) { secret endpoint { previousSecretExpiresAt }
    userErrors { field code message } } }";
const REDELIVER: &str = "mutation($input: RedeliverWebhookInput!) {
    redeliverWebhook(input: $input) { delivery { id messageId status } userErrors { field code } } }";
const DELETE: &str = "mutation($input: DeleteWebhookEndpointInput!) {
    deleteWebhookEndpoint(input: $input) { deletedId userErrors { field code } } }";
const PUBLISH: &str = "mutation($id: ID!) { publishEvent(input: { id: $id }) {
    event { status } userErrors { code } } }";
const REGISTER: &str = "mutation($input: RegisterInput!) { register(input: $input) {
    registration { id status } userErrors { field code message } } }";
const ENDPOINTS: &str = "query($id: ID!) { node(id: $id) { ... on Network { webhookEndpoints {
    id url enabled disabledReason consecutiveFailures
    deliveries(last: 20) { totalCount nodes { id messageId eventType status attempts responseStatus
      durationMs lastError deliveredAt payload } } } } } }";

/// What the receiver answers next.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Reply {
    /// This status at once.
    Status(u16),
    /// Nothing for longer than any attempt waits.
    Hang,
}

/// One request the receiver got.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    pub(crate) headers: HashMap<String, String>,
    body: String,
}

impl Seen {
    pub(crate) fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("a JSON body")
    }
}

#[derive(Default)]
struct Inner {
    seen: Vec<Seen>,
    script: VecDeque<Reply>,
}

/// A webhook receiver on 127.0.0.1 (axum, in the test process): it keeps
/// every request and answers as scripted (200 when the script is done).
#[derive(Clone)]
pub(crate) struct Receiver {
    pub(crate) url: String,
    inner: Arc<Mutex<Inner>>,
}

async fn receive(
    State(inner): State<Arc<Mutex<Inner>>>,
    headers: HeaderMap,
    body: String,
) -> StatusCode {
    let reply = {
        let mut inner = inner.lock().expect("lock");
        inner.seen.push(Seen {
            headers: headers
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_owned(),
                        v.to_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect(),
            body,
        });
        inner.script.pop_front().unwrap_or(Reply::Status(200))
    };
    match reply {
        Reply::Status(code) => StatusCode::from_u16(code).expect("a status"),
        Reply::Hang => {
            tokio::time::sleep(std::time::Duration::from_secs(60)).await;
            StatusCode::OK
        }
    }
}

impl Receiver {
    pub(crate) async fn start() -> Self {
        let inner = Arc::new(Mutex::new(Inner::default()));
        let app = axum::Router::new()
            .route("/hook", axum::routing::post(receive))
            .with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            axum::serve(listener, app).await.expect("serve");
        });
        Self {
            url: format!("http://{addr}/hook"),
            inner,
        }
    }

    pub(crate) fn script(&self, replies: &[Reply]) {
        self.inner
            .lock()
            .expect("lock")
            .script
            .extend(replies.iter().copied());
    }

    pub(crate) fn seen(&self) -> Vec<Seen> {
        self.inner.lock().expect("lock").seen.clone()
    }

    pub(crate) fn types(&self) -> Vec<String> {
        self.seen()
            .iter()
            .map(|s| s.json()["type"].as_str().expect("a type").to_owned())
            .collect()
    }
}

/// Verifies each request with Python's `standardwebhooks` and `secret`;
/// returns one verdict per request ("ok" or the library's error).
pub(crate) fn verify_in_python(secret: &str, seen: &[Seen]) -> Vec<String> {
    python_ready();
    let cases: Vec<Value> = seen
        .iter()
        .map(|s| json!({ "headers": s.headers, "body": s.body }))
        .collect();
    let script = r#"
import json, sys
from standardwebhooks.webhooks import Webhook, WebhookVerificationError
secret, cases = sys.argv[1], json.loads(sys.stdin.read())
for case in cases:
    try:
        Webhook(secret).verify(case["body"], case["headers"])
        print("ok")
    except WebhookVerificationError as err:
        print("refused: %s" % err)
"#;
    let mut child = std::process::Command::new("python3")
        .args(["-c", script, secret])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(serde_json::to_string(&cases).expect("json").as_bytes())
            .expect("write");
    }
    let out = child.wait_with_output().expect("python3 ends");
    assert!(out.status.success(), "python3 failed");
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(str::to_owned)
        .collect()
}

/// A network with an organiser (signed in).
async fn network_with_organiser(
    app: &TestApp,
    name: &str,
    email: &str,
) -> (entities::network::Model, String) {
    let network = NetworkBuilder::new(name).insert(app).await;
    let token = signed_in_with_role(app, &network, email, NetworkRole::Organiser).await;
    (network, token)
}

/// Registers an endpoint for every event type; returns its id and secret.
async fn endpoint(
    app: &TestApp,
    token: &str,
    network: &entities::network::Model,
    url: &str,
) -> (String, String) {
    let all = [
        "EVENT_PUBLISHED",
        "EVENT_CHANGED",
        "EVENT_CANCELLED",
        "REGISTRATION_CREATED",
        "REGISTRATION_CONFIRMED",
        "REGISTRATION_WAITLISTED",
        "REGISTRATION_PROMOTED",
        "REGISTRATION_CANCELLED",
        "REGISTRATION_CHECKED_IN",
        "REMINDER_SENT",
        "SUGGESTION_CREATED",
        "SUGGESTION_STATUS_CHANGED",
    ];
    let body = app
        .gql_ok_as(
            Some(token),
            CREATE,
            json!({ "input": { "networkId": network_gid(network), "url": url,
                "description": "Kommunens integrationsplattform", "eventTypes": all } }),
        )
        .await;
    let payload = &body["createWebhookEndpoint"];
    assert_eq!(payload["userErrors"], json!([]), "{payload}");
    (
        payload["endpoint"]["id"].as_str().expect("id").to_owned(),
        payload["secret"].as_str().expect("secret").to_owned(),
    )
}

/// A draft event of `network`, published through the API by `token`.
async fn publish_new_event(
    app: &TestApp,
    token: &str,
    network: &entities::network::Model,
    title: &str,
) -> entities::event::Model {
    let event = EventBuilder::new(network).title(title).insert(app).await;
    let body = app
        .gql_ok_as(Some(token), PUBLISH, json!({ "id": event_gid(&event) }))
        .await;
    assert_eq!(body["publishEvent"]["userErrors"], json!([]));
    event
}

async fn endpoints(app: &TestApp, token: &str, network: &entities::network::Model) -> Value {
    app.gql_ok_as(
        Some(token),
        ENDPOINTS,
        json!({ "id": network_gid(network) }),
    )
    .await["node"]["webhookEndpoints"]
        .clone()
}

#[tokio::test]
async fn deliveries_are_signed_as_standard_webhooks_verifies_also_during_a_rotation() {
    let app = TestApp::spawn().await;
    // The receiver checks timestamps against its own clock.
    app.state.clock.set(Utc::now());
    let receiver = Receiver::start().await;
    let (network, token) = network_with_organiser(&app, "Välfärdsnätverket", "org@kommun.se").await;
    let (id, secret) = endpoint(&app, &token, &network, &receiver.url).await;
    assert!(secret.starts_with("whsec_"), "{secret}");

    let event = publish_new_event(&app, &token, &network, "Höstträff för socialtjänsten").await;
    assert!(
        receiver.seen().is_empty(),
        "nothing is sent before the job runs"
    );
    app.run_jobs().await;
    let seen = receiver.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(verify_in_python(&secret, &seen), ["ok"]);
    let body = seen[0].json();
    assert_eq!(body["type"], "event.published");
    assert_eq!(body["data"]["id"], event_gid(&event));
    assert_eq!(body["data"]["network"], network_gid(&network));
    assert_eq!(body["data"]["title"], "Höstträff för socialtjänsten");
    assert_eq!(
        seen[0].headers["content-type"], "application/json",
        "{:?}",
        seen[0].headers
    );
    assert!(
        verify_in_python("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", &seen)[0].starts_with("refused")
    );

    // Rotated with an overlap: both secrets sign, each verifies alone.
    let rotated = app
        .gql_ok_as(
            Some(&token),
            ROTATE,
            json!({ "input": { "id": id, "overlapHours": 24 } }),
        )
        .await["rotateWebhookSecret"]
        .clone();
    let new_secret = rotated["secret"].as_str().expect("a new secret").to_owned();
    assert_ne!(new_secret, secret);
    assert!(rotated["endpoint"]["previousSecretExpiresAt"].is_string());
    publish_new_event(&app, &token, &network, "Vinterträff").await;
    app.run_jobs().await;
    let seen = receiver.seen()[1..].to_vec();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].headers["webhook-signature"].split(' ').count(), 2);
    assert_eq!(verify_in_python(&secret, &seen), ["ok"]);
    assert_eq!(verify_in_python(&new_secret, &seen), ["ok"]);

    // Rotated without an overlap: the newest secret alone signs.
    let newest = app
        .gql_ok_as(
            Some(&token),
            ROTATE,
            json!({ "input": { "id": id, "overlapHours": 0 } }),
        )
        .await["rotateWebhookSecret"]["secret"]
        .as_str()
        .expect("a secret")
        .to_owned();
    publish_new_event(&app, &token, &network, "Vårträff").await;
    app.run_jobs().await;
    let seen = receiver.seen()[2..].to_vec();
    assert_eq!(seen[0].headers["webhook-signature"].split(' ').count(), 1);
    assert_eq!(verify_in_python(&newest, &seen), ["ok"]);
    assert!(verify_in_python(&new_secret, &seen)[0].starts_with("refused"));

    // After an overlap has run out, the previous secret signs no more (the
    // receiver's clock is not moved, so only the header is looked at).
    app.gql_ok_as(
        Some(&token),
        ROTATE,
        json!({ "input": { "id": id, "overlapHours": 1 } }),
    )
    .await;
    app.state.clock.advance(Duration::hours(2));
    publish_new_event(&app, &token, &network, "Sommarträff").await;
    app.run_jobs().await;
    let seen = receiver.seen()[3..].to_vec();
    assert_eq!(seen[0].headers["webhook-signature"].split(' ').count(), 1);

    // The secret is never readable afterwards: the schema has no field for it.
    let body = app
        .gql_as(
            Some(&token),
            "query($id: ID!) { node(id: $id) { ... on WebhookEndpoint { secret } } }",
            json!({ "id": id }),
        )
        .await;
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("Unknown field \"secret\"")),
        "{body}"
    );
}

#[tokio::test]
async fn a_receiver_answering_500_then_200_gets_the_delivery_once_after_a_retry() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start().await;
    receiver.script(&[Reply::Status(500)]);
    let (network, token) = network_with_organiser(&app, "Skolnätverket", "org@skola.se").await;
    endpoint(&app, &token, &network, &receiver.url).await;
    publish_new_event(&app, &token, &network, "Rektorsträff").await;

    app.run_jobs().await;
    assert_eq!(receiver.seen().len(), 1);
    let list = endpoints(&app, &token, &network).await;
    let delivery = &list[0]["deliveries"]["nodes"][0];
    assert_eq!(delivery["status"], "PENDING", "{delivery}");
    assert_eq!(delivery["responseStatus"], 500);
    assert_eq!(delivery["attempts"], 1);
    assert!(
        delivery["lastError"]
            .as_str()
            .expect("an error")
            .contains("500")
    );
    assert_eq!(list[0]["consecutiveFailures"], 1);

    // Not due again before its backoff.
    app.run_jobs().await;
    assert_eq!(receiver.seen().len(), 1);
    app.state.clock.advance(Duration::hours(2));
    app.run_jobs().await;
    app.run_jobs().await;
    let seen = receiver.seen();
    assert_eq!(
        seen.len(),
        2,
        "delivered once after the retry, then no more"
    );
    assert_eq!(seen[0].headers["webhook-id"], seen[1].headers["webhook-id"]);
    let list = endpoints(&app, &token, &network).await;
    let delivery = &list[0]["deliveries"]["nodes"][0];
    assert_eq!(delivery["status"], "SENT", "{delivery}");
    assert_eq!(delivery["responseStatus"], 200);
    assert_eq!(delivery["attempts"], 2);
    assert!(delivery["durationMs"].is_i64());
    assert!(delivery["deliveredAt"].is_string());
    assert_eq!(list[0]["consecutiveFailures"], 0);

    // Redelivered by hand: the same message (webhook-id) once more.
    let redelivered = app
        .gql_ok_as(
            Some(&token),
            REDELIVER,
            json!({ "input": { "deliveryId": delivery["id"] } }),
        )
        .await["redeliverWebhook"]
        .clone();
    assert_eq!(redelivered["userErrors"], json!([]));
    assert_eq!(redelivered["delivery"]["messageId"], delivery["messageId"]);
    assert_eq!(redelivered["delivery"]["status"], "PENDING");
    app.run_jobs().await;
    let seen = receiver.seen();
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[2].headers["webhook-id"], seen[0].headers["webhook-id"]);
    assert_eq!(seen[2].body, seen[0].body);
    let list = endpoints(&app, &token, &network).await;
    assert_eq!(list[0]["deliveries"]["totalCount"], 2);
}

#[tokio::test]
async fn a_receiver_that_times_out_is_retried() {
    let app = TestApp::spawn_with(|config| config.webhooks.timeout_seconds = 1).await;
    let receiver = Receiver::start().await;
    receiver.script(&[Reply::Hang]);
    let (network, token) = network_with_organiser(&app, "Äldreomsorg", "org@aldre.se").await;
    endpoint(&app, &token, &network, &receiver.url).await;
    publish_new_event(&app, &token, &network, "Äldreomsorgsdagen").await;

    app.run_jobs().await;
    let list = endpoints(&app, &token, &network).await;
    let delivery = &list[0]["deliveries"]["nodes"][0];
    assert_eq!(delivery["status"], "PENDING", "{delivery}");
    assert_eq!(delivery["responseStatus"], Value::Null);
    assert!(
        delivery["lastError"]
            .as_str()
            .expect("an error")
            .contains("timed out"),
        "{delivery}"
    );
    app.state.clock.advance(Duration::hours(2));
    app.run_jobs().await;
    assert_eq!(receiver.seen().len(), 2);
    let list = endpoints(&app, &token, &network).await;
    assert_eq!(list[0]["deliveries"]["nodes"][0]["status"], "SENT");
}

#[tokio::test]
async fn a_killed_workers_claimed_deliveries_are_sent_once_its_claims_run_out() {
    use entities::webhook_delivery;
    let app = TestApp::spawn().await;
    let receiver = Receiver::start().await;
    let (network, token) = network_with_organiser(&app, "Fritidsnätverket", "org@fritid.se").await;
    endpoint(&app, &token, &network, &receiver.url).await;
    publish_new_event(&app, &token, &network, "Fritidsledarträff").await;

    // A worker claimed the delivery and died before sending it.
    let now = app.state.clock.now();
    webhook_delivery::Entity::update_many()
        .col_expr(
            webhook_delivery::Column::ClaimedBy,
            sea_orm::sea_query::Expr::value("dead-worker"),
        )
        .col_expr(
            webhook_delivery::Column::ClaimedUntil,
            sea_orm::sea_query::Expr::value(now + Duration::seconds(120)),
        )
        .exec(app.db())
        .await
        .expect("claim");
    app.jobs_with_id("restarted")
        .run_once()
        .await
        .expect("pass");
    assert!(receiver.seen().is_empty(), "a live claim is left alone");

    app.state.clock.advance(Duration::seconds(121));
    app.jobs_with_id("restarted")
        .run_once()
        .await
        .expect("pass");
    assert_eq!(receiver.types(), ["event.published"]);
    let row = webhook_delivery::Entity::find()
        .one(app.db())
        .await
        .expect("read")
        .expect("a row");
    assert_eq!(row.status, entities::OutboxStatus::Sent);
    assert_eq!(row.claimed_by, None);
}

#[tokio::test]
async fn an_endpoint_hears_only_of_its_own_networks_events_with_their_personal_data() {
    let app = TestApp::spawn().await;
    let ours = Receiver::start().await;
    let theirs = Receiver::start().await;
    let (network, token) = network_with_organiser(&app, "Nätverk Norr", "org@norr.se").await;
    let (other, other_token) = network_with_organiser(&app, "Nätverk Syd", "org@syd.se").await;
    endpoint(&app, &token, &network, &ours.url).await;
    endpoint(&app, &other_token, &other, &theirs.url).await;

    let event = EventBuilder::new(&network)
        .title("Norrträffen")
        .published()
        .insert(&app)
        .await;
    let body = app
        .gql_ok_as(
            None,
            REGISTER,
            json!({ "input": { "eventId": event_gid(&event), "consent": true,
                "accessibilityNeeds": "Rullstolsplats",
                "guest": { "name": "Åsa Öberg", "email": "asa@example.se" } } }),
        )
        .await;
    assert_eq!(body["register"]["userErrors"], json!([]), "{body}");
    let registration = body["register"]["registration"]["id"].clone();
    app.run_jobs().await;

    assert!(theirs.seen().is_empty(), "{:?}", theirs.types());
    let types = ours.types();
    assert!(
        types.contains(&"registration.created".to_owned()),
        "{types:?}"
    );
    let seen = ours.seen();
    let created = seen
        .iter()
        .map(Seen::json)
        .find(|b| b["type"] == "registration.created")
        .expect("registration.created");
    assert_eq!(created["data"]["id"], registration);
    assert_eq!(created["data"]["event"]["id"], event_gid(&event));
    assert_eq!(created["data"]["participant"]["email"], "asa@example.se");
    assert_eq!(created["data"]["participant"]["name"], "Åsa Öberg");
    assert_eq!(created["data"]["needs"]["accessibility"], "Rullstolsplats");
}

#[tokio::test]
async fn private_addresses_and_plain_http_are_refused_with_a_field_error() {
    let app = TestApp::spawn_with(|config| config.webhooks.allow_private = false).await;
    let (network, token) = network_with_organiser(&app, "Stadsnätet", "org@stad.se").await;
    for (url, code) in [
        ("https://127.0.0.1/hook", "INVALID_URL"),
        ("https://169.254.169.254/latest/meta-data", "INVALID_URL"),
        ("https://[::1]:8443/hook", "INVALID_URL"),
        ("https://10.0.0.5/hook", "INVALID_URL"),
        ("https://localhost/hook", "INVALID_URL"),
        ("http://hooks.example.com/", "INVALID_URL"),
        ("inte en adress", "INVALID_URL"),
        ("", "REQUIRED"),
    ] {
        let body = app
            .gql_ok_as(
                Some(&token),
                CREATE,
                json!({ "input": { "networkId": network_gid(&network), "url": url,
                    "eventTypes": ["EVENT_PUBLISHED"] } }),
            )
            .await;
        let payload = &body["createWebhookEndpoint"];
        assert_eq!(payload["endpoint"], Value::Null, "{url}");
        assert_eq!(payload["secret"], Value::Null, "{url}");
        assert_eq!(user_error_codes(payload), [code], "{url}: {payload}");
        assert_eq!(
            user_error_fields(payload),
            ["input.url"],
            "{url}: {payload}"
        );
    }
    let message = app
        .gql_ok_as(
            Some(&token),
            CREATE,
            json!({ "input": { "networkId": network_gid(&network),
                "url": "https://192.168.1.1/", "eventTypes": ["EVENT_PUBLISHED"] } }),
        )
        .await["createWebhookEndpoint"]["userErrors"][0]["message"]
        .clone();
    assert!(
        message.as_str().expect("a message").contains("private"),
        "{message}"
    );
    // No event types is refused too.
    let body = app
        .gql_ok_as(
            Some(&token),
            CREATE,
            json!({ "input": { "networkId": network_gid(&network),
                "url": "https://93.184.216.34/hook", "eventTypes": [] } }),
        )
        .await;
    assert_eq!(
        user_error_fields(&body["createWebhookEndpoint"]),
        ["input.eventTypes"]
    );
    assert_eq!(endpoints(&app, &token, &network).await, json!([]));
}

#[tokio::test]
async fn only_the_networks_organisers_list_create_and_change_its_endpoints() {
    let app = TestApp::spawn().await;
    let (network, token) = network_with_organiser(&app, "Hälsonätverket", "org@halsa.se").await;
    let (_, other_organiser) =
        network_with_organiser(&app, "Andra nätverket", "org@andra.se").await;
    let member = signed_in_with_role(&app, &network, "medlem@halsa.se", NetworkRole::Member).await;
    let (id, _) = endpoint(&app, &token, &network, "https://93.184.216.34/hook").await;

    let list = "query($id: ID!) { node(id: $id) { ... on Network { webhookEndpoints { id } } } }";
    for viewer in [Some(member.as_str()), Some(other_organiser.as_str())] {
        let body = app
            .gql_as(viewer, list, json!({ "id": network_gid(&network) }))
            .await;
        assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
        let body = app
            .gql_as(
                viewer,
                CREATE,
                json!({ "input": { "networkId": network_gid(&network),
                    "url": "https://93.184.216.34/other", "eventTypes": ["EVENT_PUBLISHED"] } }),
            )
            .await;
        assert_eq!(error_code(&body), "FORBIDDEN", "{body}");
        let body = app
            .gql_ok_as(
                viewer,
                "query($id: ID!) { node(id: $id) { id } }",
                json!({ "id": id }),
            )
            .await;
        assert_eq!(body["node"], Value::Null);
        let body = app
            .gql_ok_as(viewer, DELETE, json!({ "input": { "id": id } }))
            .await;
        assert_eq!(
            user_error_codes(&body["deleteWebhookEndpoint"]),
            ["NOT_FOUND"]
        );
    }
    let body = app
        .gql_as(None, list, json!({ "id": network_gid(&network) }))
        .await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED", "{body}");

    // An admin may, for every network.
    let admin = app.admin_token().await;
    let listed = endpoints(&app, &admin, &network).await;
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    let body = app
        .gql_ok_as(Some(&token), DELETE, json!({ "input": { "id": id } }))
        .await;
    assert_eq!(body["deleteWebhookEndpoint"]["deletedId"], id);
    assert_eq!(endpoints(&app, &token, &network).await, json!([]));
}

#[tokio::test]
async fn an_endpoint_failing_in_a_row_is_disabled_and_enabled_again_by_its_organisers() {
    let app = TestApp::spawn_with(|config| {
        config.webhooks.disable_after = 2;
        config.webhooks.max_attempts = 2;
    })
    .await;
    let receiver = Receiver::start().await;
    receiver.script(&[Reply::Status(503), Reply::Status(500)]);
    let (network, token) = network_with_organiser(&app, "Kulturnätverket", "org@kultur.se").await;
    let (id, _) = endpoint(&app, &token, &network, &receiver.url).await;
    publish_new_event(&app, &token, &network, "Kulturkväll").await;
    app.run_jobs().await;
    app.state.clock.advance(Duration::hours(2));
    app.run_jobs().await;
    let list = endpoints(&app, &token, &network).await;
    assert_eq!(list[0]["enabled"], false, "{list}");
    assert!(list[0]["disabledReason"].is_string());
    assert_eq!(list[0]["deliveries"]["nodes"][0]["status"], "FAILED");

    // While disabled, nothing is queued for it.
    publish_new_event(&app, &token, &network, "Bokcirkel").await;
    app.run_jobs().await;
    assert_eq!(receiver.seen().len(), 2);

    // Its organisers were mailed, once, in their language.
    app.run_jobs().await;
    let mails = entities::outbox::Entity::find()
        .filter(entities::outbox::Column::Kind.eq("WEBHOOK_DISABLED"))
        .all(app.db())
        .await
        .expect("read");
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0].recipient_email, "org@kultur.se");
    assert!(
        mails[0].body_text.contains(&receiver.url),
        "{}",
        mails[0].body_text
    );
    assert!(
        mails[0].body_text.contains("2 leveranser i rad"),
        "{}",
        mails[0].body_text
    );
    let list = endpoints(&app, &token, &network).await;
    assert_eq!(list[0]["deliveries"]["totalCount"], 1);

    let body = app
        .gql_ok_as(
            Some(&token),
            UPDATE,
            json!({ "input": { "id": id, "enabled": true } }),
        )
        .await;
    let updated = &body["updateWebhookEndpoint"]["endpoint"];
    assert_eq!(updated["enabled"], true);
    assert_eq!(updated["disabledReason"], Value::Null);
    assert_eq!(updated["consecutiveFailures"], 0);
    publish_new_event(&app, &token, &network, "Konstvandring").await;
    app.run_jobs().await;
    assert_eq!(
        receiver.types().last().map(String::as_str),
        Some("event.published")
    );
    assert_eq!(receiver.seen().len(), 3);

    // Only the webhook deliveries of this endpoint's network exist.
    let rows = entities::webhook_delivery::Entity::find()
        .filter(entities::webhook_delivery::Column::EventType.eq("event.published"))
        .all(app.db())
        .await
        .expect("read");
    assert_eq!(rows.len(), 2);
}

#[tokio::test]
async fn erasing_a_person_clears_the_webhook_bodies_that_name_them() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start().await;
    receiver.script(&[Reply::Status(500)]);
    let (network, token) = network_with_organiser(&app, "Integritetsnätet", "org@integ.se").await;
    endpoint(&app, &token, &network, &receiver.url).await;
    let event = EventBuilder::new(&network)
        .title("Dataskyddsträff")
        .published()
        .insert(&app)
        .await;
    let kari = app.sign_in("kari.nordmann@example.no").await;
    let body = app
        .gql_ok_as(
            Some(&kari),
            REGISTER,
            json!({ "input": { "eventId": event_gid(&event), "consent": true } }),
        )
        .await;
    assert_eq!(body["register"]["userErrors"], json!([]), "{body}");
    let rows = entities::webhook_delivery::Entity::find()
        .all(app.db())
        .await
        .expect("read");
    let theirs: Vec<_> = rows
        .iter()
        .filter(|r| r.event_type.starts_with("registration."))
        .collect();
    assert!(!theirs.is_empty());
    assert!(
        theirs
            .iter()
            .all(|r| r.payload.contains("kari.nordmann@example.no")),
        "{rows:?}"
    );

    let body = app
        .gql_ok_as(
            Some(&kari),
            "mutation { deleteMyAccount(input: { confirmEmail: \"kari.nordmann@example.no\" }) { deleted } }",
            json!({}),
        )
        .await;
    assert_eq!(body["deleteMyAccount"]["deleted"], true, "{body}");
    let rows = entities::webhook_delivery::Entity::find()
        .all(app.db())
        .await
        .expect("read");
    assert!(
        rows.iter().all(|r| !r.payload.contains("kari.nordmann")),
        "{rows:?}"
    );
    app.run_jobs().await;
    assert!(
        receiver
            .seen()
            .iter()
            .all(|s| !s.body.contains("kari.nordmann")),
        "nothing naming them goes out after the erasure"
    );
}
