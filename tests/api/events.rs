//! Events: creation with defaults, validation, updates and SEQUENCE, status
//! transitions, local times across DST, filters and pagination.

use entities::{EventKind, JoinLinkVisibility};
use serde_json::{Value, json};

use crate::fixtures::{EventBuilder, NetworkBuilder, event_gid, network_gid};
use crate::helpers::{TestApp, at, error_code, user_error_codes};

const EVENT_FIELDS: &str = "id title kind status startsAt endsAt timeZone startsAtLocal endsAtLocal
  attendanceMode membersOnly hasOnlineOption joinLinkVisibility registrationPolicy sequence
  registrationClosesAtLocal
  venue { name address city accessibilityNotes }
  onlineMeeting { provider joinUrl passcode }
  capacity { inPerson online }
  network { slug }";

async fn create(app: &TestApp, input: Value) -> Value {
    let query = format!(
        "mutation($input: CreateEventInput!) {{ createEvent(input: $input) {{ event {{ {EVENT_FIELDS} }} userErrors {{ field code message }} }} }}"
    );
    app.gql_ok(&query, json!({ "input": input })).await["createEvent"].clone()
}

async fn update(app: &TestApp, input: Value) -> Value {
    let query = format!(
        "mutation($input: UpdateEventInput!) {{ updateEvent(input: $input) {{ event {{ {EVENT_FIELDS} }} userErrors {{ field code message }} }} }}"
    );
    app.gql_ok(&query, json!({ "input": input })).await["updateEvent"].clone()
}

#[tokio::test]
async fn a_hybrid_conference_is_created_with_the_networks_defaults() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("AllAgeHub").closed().insert(&app).await;
    let created = create(
        &app,
        json!({
            "networkId": network_gid(&network),
            "kind": "CONFERENCE",
            "title": "Höstkonferens: etableringsfasen summeras",
            "startsAt": "2026-11-26T08:00:00Z",
            "endsAt": "2026-11-26T15:00:00Z",
            "attendanceMode": "HYBRID",
            "venue": { "name": "Lindholmen Conference Centre", "address": "Lindholmspiren 5", "city": "Göteborg",
                       "accessibilityNotes": "Hiss, hörslinga i stora salen" },
            "onlineMeeting": { "provider": "Zoom", "joinUrl": "https://zoom.us/j/123", "passcode": "åäö123" },
            "capacity": { "inPerson": 120, "online": 300 },
            "registrationClosesAt": "2026-11-19T22:59:00Z"
        }),
    )
    .await;
    assert_eq!(created["userErrors"], json!([]));
    let event = &created["event"];
    assert_eq!(event["status"], "DRAFT");
    assert_eq!(
        event["timeZone"], "Europe/Stockholm",
        "zone from the network"
    );
    assert_eq!(
        event["membersOnly"], true,
        "closed network: members only by default"
    );
    assert_eq!(event["joinLinkVisibility"], "REGISTERED");
    assert_eq!(event["registrationPolicy"], "REQUIRED");
    assert_eq!(event["startsAtLocal"], "2026-11-26T09:00:00+01:00");
    assert_eq!(
        event["registrationClosesAtLocal"],
        "2026-11-19T23:59:00+01:00"
    );
    assert_eq!(event["venue"]["city"], "Göteborg");
    assert_eq!(event["onlineMeeting"]["passcode"], "åäö123");
    assert_eq!(event["capacity"], json!({ "inPerson": 120, "online": 300 }));
    assert_eq!(event["hasOnlineOption"], true);
    assert_eq!(event["network"]["slug"], "allagehub");
    assert_eq!(event["sequence"], 0);
}

#[tokio::test]
async fn invalid_events_get_user_errors_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Gemensam utvecklingsgrupp")
        .insert(&app)
        .await;
    let bad = create(
        &app,
        json!({
            "networkId": network_gid(&network),
            "kind": "MEETING",
            "title": "x".repeat(201),
            "startsAt": "2026-10-16T11:00:00Z",
            "endsAt": "2026-10-16T11:00:00Z",
            "timeZone": "Sverige/Helsingborg",
            "attendanceMode": "HYBRID",
            "onlineMeeting": { "joinUrl": "javascript:alert(1)" },
            "capacity": { "inPerson": -1, "online": 0 },
            "registrationOpensAt": "2026-10-10T00:00:00Z",
            "registrationClosesAt": "2026-10-01T00:00:00Z"
        }),
    )
    .await;
    assert!(bad["event"].is_null());
    let mut codes = user_error_codes(&bad);
    codes.sort();
    assert_eq!(
        codes,
        [
            "INVALID_TIME_RANGE",
            "INVALID_TIME_RANGE",
            "INVALID_TIME_ZONE",
            "INVALID_URL",
            "OUT_OF_RANGE",
            "TOO_LONG"
        ]
    );
    let in_person_with_link = create(
        &app,
        json!({ "networkId": network_gid(&network), "kind": "MEETING", "title": "Träff",
                "startsAt": "2026-10-16T11:00:00Z", "endsAt": "2026-10-16T13:00:00Z",
                "attendanceMode": "IN_PERSON", "onlineMeeting": { "joinUrl": "https://webex.com/x" } }),
    )
    .await;
    assert_eq!(
        in_person_with_link["userErrors"][0]["field"],
        json!(["input", "onlineMeeting"])
    );

    let unknown_network = create(
        &app,
        json!({ "networkId": api::graphql::ids::encode("Network", uuid::Uuid::now_v7()).0, "kind": "MEETING",
                "title": "Träff", "startsAt": "2026-10-16T11:00:00Z", "endsAt": "2026-10-16T13:00:00Z",
                "attendanceMode": "ONLINE" }),
    )
    .await;
    assert_eq!(user_error_codes(&unknown_network), ["NOT_FOUND"]);
    assert_eq!(
        unknown_network["userErrors"][0]["field"],
        json!(["input", "networkId"])
    );

    let count = app
        .gql_ok(
            "query($slug: String!) { network(slug: $slug) { events { totalCount } } }",
            json!({ "slug": network.slug }),
        )
        .await;
    assert_eq!(count["network"]["events"]["totalCount"], 0);

    let bad_enum = app
        .gql(
            "mutation { publishEvent(input: { id: 42 }) { event { id } } }",
            json!({}),
        )
        .await;
    assert!(
        bad_enum["errors"].is_array(),
        "type errors are rejected: {bad_enum}"
    );
}

#[tokio::test]
async fn updates_bump_sequence_only_for_what_participants_care_about() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Gemensam utvecklingsgrupp")
        .insert(&app)
        .await;
    let event = EventBuilder::new(&network)
        .hybrid(JoinLinkVisibility::Public)
        .insert(&app)
        .await;
    let id = event_gid(&event);

    let described = update(
        &app,
        json!({ "id": id, "description": "Tema: digitalt utanförskap" }),
    )
    .await;
    assert_eq!(
        described["event"]["sequence"], 0,
        "a description is no reason to re-send invitations"
    );

    let moved = update(
        &app,
        json!({ "id": id, "startsAt": "2026-09-08T12:00:00Z", "endsAt": "2026-09-08T14:00:00Z" }),
    )
    .await;
    assert_eq!(moved["userErrors"], json!([]));
    assert_eq!(moved["event"]["sequence"], 1);
    assert_eq!(moved["event"]["startsAtLocal"], "2026-09-08T14:00:00+02:00");

    let new_link = update(
        &app,
        json!({ "id": id, "onlineMeeting": { "provider": "Webex", "joinUrl": "https://helsingborg.webex.com/meet/ny" } }),
    )
    .await;
    assert_eq!(new_link["event"]["sequence"], 2);

    let no_venue = update(&app, json!({ "id": id, "venue": null, "attendanceMode": "ONLINE", "capacity": { "online": null } })).await;
    assert!(no_venue["event"]["venue"].is_null());
    assert_eq!(
        no_venue["event"]["capacity"],
        json!({ "inPerson": null, "online": null })
    );
    assert_eq!(no_venue["event"]["sequence"], 3);

    let bad = update(&app, json!({ "id": id, "endsAt": "2026-09-08T11:00:00Z" })).await;
    assert_eq!(user_error_codes(&bad), ["INVALID_TIME_RANGE"]);
    let unchanged = app
        .gql_ok(
            "query($id: ID!) { event(id: $id) { endsAt sequence } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        unchanged["event"]["sequence"], 3,
        "a refused update changes nothing"
    );

    let unknown = update(
        &app,
        json!({ "id": api::graphql::ids::encode("Event", uuid::Uuid::now_v7()).0, "title": "x" }),
    )
    .await;
    assert_eq!(user_error_codes(&unknown), ["NOT_FOUND"]);
}

#[tokio::test]
async fn publish_and_cancel_are_idempotent_transitions() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Branschråd äldreomsorg")
        .insert(&app)
        .await;
    let event = EventBuilder::new(&network).insert(&app).await;
    let id = event_gid(&event);
    let transition = |name: &'static str| {
        format!(
            "mutation($input: EventIdInput!) {{ {name}(input: $input) {{ event {{ status sequence publishedAt cancelledAt }} userErrors {{ code }} }} }}"
        )
    };
    let published = app
        .gql_ok(
            &transition("publishEvent"),
            json!({ "input": { "id": id } }),
        )
        .await;
    assert_eq!(published["publishEvent"]["event"]["status"], "PUBLISHED");
    assert!(published["publishEvent"]["event"]["publishedAt"].is_string());
    let again = app
        .gql_ok(
            &transition("publishEvent"),
            json!({ "input": { "id": id } }),
        )
        .await;
    assert_eq!(
        again["publishEvent"]["event"]["publishedAt"],
        published["publishEvent"]["event"]["publishedAt"]
    );

    let cancelled = app
        .gql_ok(&transition("cancelEvent"), json!({ "input": { "id": id } }))
        .await;
    assert_eq!(cancelled["cancelEvent"]["event"]["status"], "CANCELLED");
    assert_eq!(cancelled["cancelEvent"]["event"]["sequence"], 1);
    let twice = app
        .gql_ok(&transition("cancelEvent"), json!({ "input": { "id": id } }))
        .await;
    assert_eq!(
        twice["cancelEvent"]["event"]["sequence"], 1,
        "cancelling twice is not an error and no change"
    );

    let republish = app
        .gql_ok(
            &transition("publishEvent"),
            json!({ "input": { "id": id } }),
        )
        .await;
    assert_eq!(
        user_error_codes(&republish["publishEvent"]),
        ["INVALID_STATE"]
    );
}

#[tokio::test]
async fn local_times_follow_the_zone_across_daylight_saving() {
    let app = TestApp::spawn().await;
    let stockholm = NetworkBuilder::new("Socialchefsnätverket")
        .insert(&app)
        .await;
    let oslo = NetworkBuilder::new("Aldersvennlig Norge")
        .time_zone("Europe/Oslo")
        .insert(&app)
        .await;
    // 2026-03-29: clocks go from 02:00 to 03:00 at 01:00 UTC.
    let before = EventBuilder::new(&stockholm)
        .starts_at(at("2026-03-29T00:30:00Z"))
        .insert(&app)
        .await;
    let after = EventBuilder::new(&stockholm)
        .starts_at(at("2026-03-29T01:30:00Z"))
        .insert(&app)
        .await;
    // 2026-10-25: clocks go back from 03:00 to 02:00 at 01:00 UTC.
    let autumn = EventBuilder::new(&oslo)
        .starts_at(at("2026-10-25T01:30:00Z"))
        .insert(&app)
        .await;
    let query = "query($id: ID!) { event(id: $id) { startsAtLocal timeZone } }";
    let local = |v: Value| {
        v["event"]["startsAtLocal"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        local(app.gql_ok(query, json!({ "id": event_gid(&before) })).await),
        "2026-03-29T01:30:00+01:00"
    );
    assert_eq!(
        local(app.gql_ok(query, json!({ "id": event_gid(&after) })).await),
        "2026-03-29T03:30:00+02:00"
    );
    assert_eq!(
        local(app.gql_ok(query, json!({ "id": event_gid(&autumn) })).await),
        "2026-10-25T02:30:00+01:00"
    );
}

#[tokio::test]
async fn events_are_filtered_by_time_kind_status_mode_and_words() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Gemensam utvecklingsgrupp")
        .insert(&app)
        .await;
    let sept = EventBuilder::new(&network)
        .title("Septemberträff")
        .starts_at(at("2026-09-18T11:00:00Z"))
        .hybrid(JoinLinkVisibility::Public)
        .published()
        .insert(&app)
        .await;
    EventBuilder::new(&network)
        .title("Oktoberträff")
        .starts_at(at("2026-10-16T11:00:00Z"))
        .hybrid(JoinLinkVisibility::Public)
        .insert(&app)
        .await;
    EventBuilder::new(&network)
        .title("Webbinarium om psykisk hälsa")
        .kind(EventKind::Webinar)
        .starts_at(at("2026-11-20T12:00:00Z"))
        .published()
        .insert(&app)
        .await;
    let query = "query($slug: String!, $filter: EventFilter) { network(slug: $slug) { events(filter: $filter) { totalCount nodes { title } } } }";
    let titles = |v: Value| -> Vec<String> {
        v["network"]["events"]["nodes"]
            .as_array()
            .expect("nodes")
            .iter()
            .map(|n| n["title"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let run = |filter: Value| {
        let app = &app;
        let slug = network.slug.clone();
        async move {
            app.gql_ok(query, json!({ "slug": slug, "filter": filter }))
                .await
        }
    };
    assert_eq!(
        titles(run(json!({})).await),
        [
            "Septemberträff",
            "Oktoberträff",
            "Webbinarium om psykisk hälsa"
        ]
    );
    assert_eq!(
        titles(run(json!({ "from": "2026-10-01T00:00:00Z" })).await),
        ["Oktoberträff", "Webbinarium om psykisk hälsa"]
    );
    assert_eq!(
        titles(run(json!({ "to": "2026-10-01T00:00:00Z" })).await),
        ["Septemberträff"]
    );
    assert_eq!(
        titles(run(json!({ "kinds": ["WEBINAR"] })).await),
        ["Webbinarium om psykisk hälsa"]
    );
    assert_eq!(
        titles(run(json!({ "statuses": ["DRAFT"] })).await),
        ["Oktoberträff"]
    );
    assert_eq!(
        titles(run(json!({ "attendanceModes": ["HYBRID"], "statuses": ["PUBLISHED"] })).await),
        ["Septemberträff"]
    );
    assert_eq!(
        titles(run(json!({ "search": "fontanhuset SEPTEMBER" })).await),
        ["Septemberträff"]
    );
    assert_eq!(
        titles(run(json!({ "search": "halsa" })).await),
        ["Webbinarium om psykisk hälsa"]
    );
    assert_eq!(
        run(json!({ "search": "träff" })).await["network"]["events"]["totalCount"],
        2
    );

    let backwards = app
        .gql(query, json!({ "slug": network.slug, "filter": { "from": "2026-12-01T00:00:00Z", "to": "2026-01-01T00:00:00Z" } }))
        .await;
    assert_eq!(error_code(&backwards), "BAD_USER_INPUT");
    let _ = sept;
}

#[tokio::test]
async fn pages_go_forwards_and_backwards_with_opaque_cursors() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Socialchefsnätverket")
        .insert(&app)
        .await;
    // Two events at the same instant: ties are broken by id.
    let starts = [
        "2026-09-04T07:00:00Z",
        "2026-09-04T07:00:00Z",
        "2026-09-11T07:00:00Z",
        "2026-09-18T07:00:00Z",
        "2026-09-25T07:00:00Z",
    ];
    let mut ids = Vec::new();
    for (i, s) in starts.iter().enumerate() {
        let e = EventBuilder::new(&network)
            .title(&format!("Fredagsmöte {i}"))
            .starts_at(at(s))
            .insert(&app)
            .await;
        ids.push(event_gid(&e));
    }
    let query = "query($slug: String!, $first: Int, $after: String, $last: Int, $before: String) {
        network(slug: $slug) { events(first: $first, after: $after, last: $last, before: $before) {
          totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } } } }";
    let page = |first: Value, after: Value, last: Value, before: Value| {
        let app = &app;
        let slug = network.slug.clone();
        async move {
            app.gql_ok(query, json!({ "slug": slug, "first": first, "after": after, "last": last, "before": before }))
                .await["network"]["events"]
                .clone()
        }
    };
    let node_ids = |p: &Value| -> Vec<String> {
        p["edges"]
            .as_array()
            .expect("edges")
            .iter()
            .map(|e| e["node"]["id"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let p1 = page(json!(2), Value::Null, Value::Null, Value::Null).await;
    assert_eq!(node_ids(&p1), ids[0..2]);
    assert_eq!(p1["pageInfo"]["hasNextPage"], true);
    assert_eq!(p1["pageInfo"]["hasPreviousPage"], false);
    assert_eq!(p1["totalCount"], 5);
    let p2 = page(
        json!(2),
        p1["pageInfo"]["endCursor"].clone(),
        Value::Null,
        Value::Null,
    )
    .await;
    assert_eq!(node_ids(&p2), ids[2..4]);
    let p3 = page(
        json!(2),
        p2["pageInfo"]["endCursor"].clone(),
        Value::Null,
        Value::Null,
    )
    .await;
    assert_eq!(node_ids(&p3), ids[4..5]);
    assert_eq!(p3["pageInfo"]["hasNextPage"], false);

    let last2 = page(Value::Null, Value::Null, json!(2), Value::Null).await;
    assert_eq!(node_ids(&last2), ids[3..5]);
    assert_eq!(last2["pageInfo"]["hasPreviousPage"], true);
    let before = page(
        Value::Null,
        Value::Null,
        json!(2),
        last2["pageInfo"]["startCursor"].clone(),
    )
    .await;
    assert_eq!(node_ids(&before), ids[1..3]);

    for (first, after) in [
        (json!(101), Value::Null),
        (json!(-1), Value::Null),
        (json!(2), json!("bm90LWEtY3Vyc29y")),
    ] {
        let body = app
            .gql(
                query,
                json!({ "slug": network.slug, "first": first, "after": after }),
            )
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
    }
}
