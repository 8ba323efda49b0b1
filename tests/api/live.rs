//! Live seats: the `seatsChanged` subscription over graphql-ws at
//! `/graphql/ws`, its Origin check and authentication, delivery across two
//! server processes on one PostgreSQL, and registrations split across them.

use std::time::Duration;

use entities::{JoinLinkVisibility, NetworkRole};
use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::{self, Message};

use crate::fixtures::{EventBuilder, NetworkBuilder, event_gid, signed_in_with_role};
use crate::helpers::TestApp;

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

const REGISTER: &str = "mutation($input: RegisterInput!) { register(input: $input) {
    registration { id status waitlistPosition } manageToken userErrors { field code message } } }";
const SEATS: &str = "subscription($id: ID!) { seatsChanged(eventId: $id) {
    inPersonTaken inPersonRemaining onlineTaken onlineRemaining waitlisted pending } }";

/// How long a test waits for a message that should come.
const PATIENCE: Duration = Duration::from_secs(15);

/// Opens `/graphql/ws` with the graphql-transport-ws subprotocol.
async fn open(app: &TestApp, origin: Option<&str>) -> Result<Socket, tungstenite::Error> {
    let mut request = format!("ws://{}/graphql/ws", app.addr)
        .into_client_request()
        .expect("request");
    let headers = request.headers_mut();
    headers.insert(
        "sec-websocket-protocol",
        HeaderValue::from_static("graphql-transport-ws"),
    );
    if let Some(origin) = origin {
        headers.insert("origin", HeaderValue::from_str(origin).expect("origin"));
    }
    tokio_tungstenite::connect_async(request)
        .await
        .map(|(socket, _)| socket)
}

/// The next protocol message (JSON), or the close frame's code as
/// `{"close": code}`; panics at the deadline.
async fn next(socket: &mut Socket, deadline: Instant) -> Value {
    loop {
        let message = tokio::time::timeout_at(deadline, socket.next())
            .await
            .expect("a message before the deadline");
        match message {
            Some(Ok(Message::Text(text))) => {
                return serde_json::from_str(text.as_str()).expect("JSON message");
            }
            Some(Ok(Message::Close(frame))) => {
                return json!({ "close": frame.map(|f| u16::from(f.code)) });
            }
            Some(Ok(_)) => continue,
            Some(Err(err)) => return json!({ "error": err.to_string() }),
            None => return json!({ "close": null }),
        }
    }
}

async fn send(socket: &mut Socket, message: Value) {
    socket
        .send(Message::Text(message.to_string().into()))
        .await
        .expect("send");
}

/// Connects, initialises (with a token, or anonymously) and expects the ack.
async fn connected(app: &TestApp, token: Option<&str>) -> Socket {
    let mut socket = open(app, Some("https://traffpunkt.test"))
        .await
        .expect("connect");
    let payload = match token {
        Some(token) => json!({ "authorization": format!("Bearer {token}") }),
        None => json!({}),
    };
    send(
        &mut socket,
        json!({ "type": "connection_init", "payload": payload }),
    )
    .await;
    let ack = next(&mut socket, Instant::now() + PATIENCE).await;
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    socket
}

/// Subscribes to an event's seats and returns the first (current) counts.
async fn subscribe(socket: &mut Socket, id: &str, event: &str) -> Value {
    send(
        socket,
        json!({ "id": id, "type": "subscribe", "payload": { "query": SEATS, "variables": { "id": event } } }),
    )
    .await;
    let first = next(socket, Instant::now() + PATIENCE).await;
    assert_eq!(first["type"], "next", "{first}");
    first["payload"]["data"]["seatsChanged"].clone()
}

/// Reads pushed counts until they equal `expected` (intermediate counts may
/// be pushed or merged); panics at the deadline.
async fn until(socket: &mut Socket, expected: Value) {
    let deadline = Instant::now() + PATIENCE;
    let mut seen = Vec::new();
    while Instant::now() < deadline {
        let message = tokio::time::timeout_at(deadline, next(socket, deadline))
            .await
            .unwrap_or_else(|_| panic!("no {expected} before the deadline; saw {seen:?}"));
        assert_eq!(message["type"], "next", "{message}");
        let seats = message["payload"]["data"]["seatsChanged"].clone();
        if seats == expected {
            return;
        }
        seen.push(seats);
    }
    panic!("no {expected} before the deadline; saw {seen:?}");
}

fn seats(in_person: u64, remaining: u64, online: u64, waitlisted: u64) -> Value {
    json!({ "inPersonTaken": in_person, "inPersonRemaining": remaining, "onlineTaken": online,
            "onlineRemaining": null, "waitlisted": waitlisted, "pending": 0 })
}

fn guest(event: &str, n: usize, mode: &str) -> Value {
    json!({ "input": { "eventId": event, "mode": mode, "consent": true,
        "guest": { "name": format!("Deltagare {n}"), "email": format!("d{n}@example.se") } } })
}

async fn register(app: &TestApp, vars: Value) -> Value {
    let r = app.gql_ok_as(None, REGISTER, vars).await["register"].clone();
    assert_eq!(r["userErrors"], json!([]), "{r}");
    r
}

async fn hybrid_event(app: &TestApp, in_person: i32) -> (entities::network::Model, String) {
    let network = NetworkBuilder::new("AllAgeHub").insert(app).await;
    let event = EventBuilder::new(&network)
        .title("Höstkonferens")
        .hybrid(JoinLinkVisibility::Public)
        .published()
        .insert(app)
        .await;
    let id = event_gid(&event);
    app.gql_ok(
        "mutation($id: ID!, $n: Int) { updateEvent(input: { id: $id, capacity: { inPerson: $n } }) { userErrors { code } } }",
        json!({ "id": id, "n": in_person }),
    )
    .await;
    (network, id)
}

#[tokio::test]
async fn seats_are_pushed_when_registrations_change() {
    let app = TestApp::spawn().await;
    let (_, event) = hybrid_event(&app, 2).await;
    let mut socket = connected(&app, None).await;
    assert_eq!(
        subscribe(&mut socket, "s1", &event).await,
        seats(0, 2, 0, 0)
    );

    let first = register(&app, guest(&event, 1, "IN_PERSON")).await;
    until(&mut socket, seats(1, 1, 0, 0)).await;
    register(&app, guest(&event, 2, "ONLINE")).await;
    until(&mut socket, seats(1, 1, 1, 0)).await;
    register(&app, guest(&event, 3, "IN_PERSON")).await;
    register(&app, guest(&event, 4, "IN_PERSON")).await;
    until(&mut socket, seats(2, 0, 1, 1)).await;

    // A cancellation frees a seat that the first in line takes at once.
    app.gql_ok_as(
        None,
        "mutation($t: String!) { cancelRegistration(input: { manageToken: $t }) { userErrors { code } } }",
        json!({ "t": first["manageToken"] }),
    )
    .await;
    until(&mut socket, seats(2, 0, 1, 0)).await;

    // Raising the capacity is pushed too.
    app.gql_ok(
        "mutation($id: ID!) { updateEvent(input: { id: $id, capacity: { inPerson: 5 } }) { userErrors { code } } }",
        json!({ "id": event }),
    )
    .await;
    until(&mut socket, seats(2, 3, 1, 0)).await;

    // Unsubscribing completes; the connection stays usable.
    send(&mut socket, json!({ "id": "s1", "type": "complete" })).await;
    let done = next(&mut socket, Instant::now() + PATIENCE).await;
    assert_eq!(done, json!({ "id": "s1", "type": "complete" }));
    assert_eq!(
        subscribe(&mut socket, "s2", &event).await,
        seats(2, 3, 1, 0)
    );
}

#[tokio::test]
async fn foreign_origins_are_refused_and_members_only_events_need_a_token() {
    let app = TestApp::spawn().await;
    match open(&app, Some("https://evil.example")).await {
        Err(tungstenite::Error::Http(response)) => assert_eq!(response.status(), 403),
        other => panic!("a foreign origin must be refused with 403, got {other:?}"),
    }
    match open(&app, Some("null")).await {
        Err(tungstenite::Error::Http(response)) => assert_eq!(response.status(), 403),
        other => panic!("origin null must be refused, got {other:?}"),
    }
    for allowed in [
        "https://traffpunkt.test",
        "https://TRAFFPUNKT.test:443",
        "http://localhost:5173",
    ] {
        assert!(
            open(&app, Some(allowed)).await.is_ok(),
            "{allowed} is PUBLIC_URL's origin or in TRAFFPUNKT_ALLOWED_ORIGINS"
        );
    }
    assert!(
        open(&app, None).await.is_ok(),
        "clients that are not browsers send no Origin"
    );

    let network = NetworkBuilder::new("Socialchefsnätverket")
        .closed()
        .insert(&app)
        .await;
    let event = EventBuilder::new(&network)
        .title("Fredagsmöte")
        .published()
        .insert(&app)
        .await;
    let id = event_gid(&event);
    let member =
        signed_in_with_role(&app, &network, "medlem@example.se", NetworkRole::Member).await;

    let mut anonymous = connected(&app, None).await;
    send(
        &mut anonymous,
        json!({ "id": "1", "type": "subscribe", "payload": { "query": SEATS, "variables": { "id": id } } }),
    )
    .await;
    // An execution error arrives as `next` with errors, then `complete`.
    let refused = next(&mut anonymous, Instant::now() + PATIENCE).await;
    assert_eq!(refused["type"], "next", "{refused}");
    assert_eq!(
        refused["payload"]["errors"][0]["extensions"]["code"], "NOT_FOUND",
        "a members-only event is not there for anonymous subscribers"
    );
    assert_eq!(
        next(&mut anonymous, Instant::now() + PATIENCE).await["type"],
        "complete"
    );

    let mut signed_in = connected(&app, Some(&member)).await;
    assert_eq!(
        subscribe(&mut signed_in, "1", &id).await["inPersonTaken"],
        0
    );

    let mut bad = open(&app, Some("https://traffpunkt.test"))
        .await
        .expect("connect");
    send(
        &mut bad,
        json!({ "type": "connection_init", "payload": { "authorization": "Bearer tps_revoked" } }),
    )
    .await;
    assert_eq!(
        next(&mut bad, Instant::now() + PATIENCE).await,
        json!({ "close": 4403 })
    );

    // Subscribing before connection_init is a protocol error.
    let mut hasty = open(&app, None).await.expect("connect");
    send(
        &mut hasty,
        json!({ "id": "1", "type": "subscribe", "payload": { "query": SEATS, "variables": { "id": id } } }),
    )
    .await;
    assert!(next(&mut hasty, Instant::now() + PATIENCE).await["close"].is_number());

    // Subscriptions are not served over HTTP.
    let over_http = app.gql_as(None, SEATS, json!({ "id": id })).await;
    assert!(over_http["errors"].is_array(), "{over_http}");
}

#[tokio::test]
async fn subscriptions_keep_the_endpoints_limits() {
    let app = TestApp::spawn().await;
    let (_, event) = hybrid_event(&app, 10).await;
    let mut socket = connected(&app, None).await;
    for i in 0..20 {
        subscribe(&mut socket, &format!("s{i}"), &event).await;
    }
    send(
        &mut socket,
        json!({ "id": "s20", "type": "subscribe", "payload": { "query": SEATS, "variables": { "id": event } } }),
    )
    .await;
    let refused = next(&mut socket, Instant::now() + PATIENCE).await;
    assert_eq!(
        refused["payload"]["errors"][0]["message"],
        "a connection may hold at most 20 subscriptions",
        "the 21st subscription: {refused}"
    );
    assert_eq!(
        next(&mut socket, Instant::now() + PATIENCE).await["type"],
        "complete"
    );
    // A slot comes back when a subscription ends.
    send(&mut socket, json!({ "id": "s0", "type": "complete" })).await;
    assert_eq!(
        next(&mut socket, Instant::now() + PATIENCE).await["type"],
        "complete"
    );
    subscribe(&mut socket, "s21", &event).await;

    let aliases: String = (0..51).map(|i| format!("a{i}: inPersonTaken ")).collect();
    let mut other = connected(&app, None).await;
    send(
        &mut other,
        json!({ "id": "x", "type": "subscribe", "payload": {
            "query": format!("subscription($id: ID!) {{ seatsChanged(eventId: $id) {{ {aliases} }} }}"),
            "variables": { "id": event } } }),
    )
    .await;
    let refused = next(&mut other, Instant::now() + PATIENCE).await;
    let message = if refused["type"] == "error" {
        refused["payload"][0]["message"].clone()
    } else {
        refused["payload"]["errors"][0]["message"].clone()
    };
    assert!(
        message.as_str().is_some_and(|m| m.contains("aliases")),
        "the alias limit holds: {refused}"
    );
}

#[tokio::test]
async fn a_change_made_through_another_server_reaches_subscribers() {
    let app = TestApp::spawn().await;
    if !app.is_postgres() {
        eprintln!("cross-process delivery is PostgreSQL's LISTEN/NOTIFY: skipped on SQLite");
        return;
    }
    let other = app.another_server().await;
    let (_, event) = hybrid_event(&app, 3).await;
    let mut on_first = connected(&app, None).await;
    let mut on_second = connected(&other, None).await;
    assert_eq!(
        subscribe(&mut on_first, "1", &event).await,
        seats(0, 3, 0, 0)
    );
    assert_eq!(
        subscribe(&mut on_second, "1", &event).await,
        seats(0, 3, 0, 0)
    );

    register(&other, guest(&event, 1, "IN_PERSON")).await;
    until(&mut on_first, seats(1, 2, 0, 0)).await;
    register(&app, guest(&event, 2, "ONLINE")).await;
    until(&mut on_second, seats(1, 2, 1, 0)).await;
    until(&mut on_first, seats(1, 2, 1, 0)).await;
    drop(other);
}

#[tokio::test]
async fn two_servers_on_one_database_never_overbook() {
    let app = TestApp::spawn().await;
    let other = app.another_server().await;
    let (_, event) = hybrid_event(&app, 20).await;
    let requests = (0..60).map(|i| {
        let server = if i % 2 == 0 { &app } else { &other };
        let vars = guest(&event, i, "IN_PERSON");
        async move { server.gql_as(None, REGISTER, vars).await }
    });
    let answers = futures::future::join_all(requests).await;
    let mut confirmed = 0;
    let mut positions = Vec::new();
    for answer in &answers {
        assert!(answer.get("errors").is_none(), "no errors: {answer}");
        let r = &answer["data"]["register"]["registration"];
        match r["status"].as_str() {
            Some("CONFIRMED") => confirmed += 1,
            Some("WAITLISTED") => positions.push(r["waitlistPosition"].as_i64().expect("position")),
            other => panic!("unexpected {other:?}"),
        }
    }
    positions.sort_unstable();
    assert_eq!(confirmed, 20);
    assert_eq!(
        positions,
        (1..=40).collect::<Vec<i64>>(),
        "1..40 without gaps or twins"
    );
    let s = app
        .gql_ok(
            "query($id: ID!) { event(id: $id) { seats { inPersonTaken inPersonRemaining waitlisted } } }",
            json!({ "id": event }),
        )
        .await;
    assert_eq!(
        s["event"]["seats"],
        json!({ "inPersonTaken": 20, "inPersonRemaining": 0, "waitlisted": 40 })
    );
    drop(other);
}

#[tokio::test]
async fn a_revoked_token_closes_its_subscriptions() {
    let app = TestApp::spawn().await;
    // On PostgreSQL the token is revoked through another server process: the
    // connection's server learns it from the database, not from a flag of
    // its own.
    let other = if app.is_postgres() {
        Some(app.another_server().await)
    } else {
        None
    };
    let revoking = other.as_ref().unwrap_or(&app);
    let (network, event) = hybrid_event(&app, 3).await;

    // A session token, ended by signing out.
    let session =
        signed_in_with_role(&app, &network, "medlem@example.se", NetworkRole::Member).await;
    let mut by_session = connected(&app, Some(&session)).await;
    assert_eq!(
        subscribe(&mut by_session, "1", &event).await,
        seats(0, 3, 0, 0)
    );
    // An API token, revoked by its owner.
    let created = app
        .gql_ok_as(
            Some(&session),
            "mutation { createApiToken(input: { name: \"Intranät\", scope: READ }) { token apiToken { id } userErrors { code } } }",
            json!({}),
        )
        .await;
    let api_token = created["createApiToken"]["token"]
        .as_str()
        .expect("token")
        .to_owned();
    let api_token_id = created["createApiToken"]["apiToken"]["id"].clone();
    let mut by_api_token = connected(&app, Some(&api_token)).await;
    assert_eq!(
        subscribe(&mut by_api_token, "1", &event).await,
        seats(0, 3, 0, 0)
    );
    // Someone else's connection is not touched.
    let mut anonymous = connected(&app, None).await;
    assert_eq!(
        subscribe(&mut anonymous, "1", &event).await,
        seats(0, 3, 0, 0)
    );

    let revoked = revoking
        .gql_ok_as(
            Some(&session),
            "mutation($id: ID!) { revokeApiToken(input: { id: $id }) { userErrors { code } } }",
            json!({ "id": api_token_id }),
        )
        .await;
    assert_eq!(revoked["revokeApiToken"]["userErrors"], json!([]));
    let out = revoking
        .gql_ok_as(
            Some(&session),
            "mutation { signOut { signedOut } }",
            json!({}),
        )
        .await;
    assert_eq!(out["signOut"]["signedOut"], true);

    // The next change is not delivered to the revoked connections: they
    // close with graphql-ws's 4403 Forbidden instead.
    register(&app, guest(&event, 1, "IN_PERSON")).await;
    until(&mut anonymous, seats(1, 2, 0, 0)).await;
    assert_eq!(
        next(&mut by_session, Instant::now() + PATIENCE).await,
        json!({ "close": 4403 }),
        "a signed-out session's subscription ends"
    );
    assert_eq!(
        next(&mut by_api_token, Instant::now() + PATIENCE).await,
        json!({ "close": 4403 }),
        "a revoked API token's subscription ends"
    );
    drop(other);
}
