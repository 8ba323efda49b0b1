//! Series with irregular occurrences (Helsingborg's monthly group).

use serde_json::{Value, json};

use crate::fixtures::{NetworkBuilder, network_gid};
use crate::helpers::{TestApp, user_error_codes};

const CREATE: &str = "mutation($input: CreateSeriesInput!) { createSeries(input: $input) {
    series { id title network { slug } events { totalCount nodes { title status startsAtLocal venue { name } onlineMeeting { joinUrl } series { title } } } }
    events { title }
    userErrors { field code message } } }";

fn helsingborg_input(network: &str, occurrences: Value, publish: bool) -> Value {
    json!({ "input": {
        "networkId": network,
        "title": "Gemensam utvecklingsgrupp",
        "description": "Personal, brukarorganisationer och alla intresserade träffas varje månad.",
        "publish": publish,
        "template": {
            "kind": "MEETING",
            "attendanceMode": "HYBRID",
            "venue": { "name": "Fontänhuset Helsingborg", "address": "Norra Strandgatan 8", "city": "Helsingborg" },
            "onlineMeeting": { "provider": "Webex", "joinUrl": "https://helsingborg.webex.com/meet/utvecklingsgrupp" },
            "joinLinkVisibility": "PUBLIC",
            "registrationPolicy": "OPEN"
        },
        "occurrences": occurrences
    } })
}

#[tokio::test]
async fn a_series_is_created_with_its_irregular_dates() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Gemensam utvecklingsgrupp")
        .insert(&app)
        .await;
    // Autumn 2023: 18 Sep, 16 Oct (summer time), 20 Nov, 18 Dec (winter time), 13–15 local.
    let occurrences = json!([
        { "startsAt": "2023-11-20T12:00:00Z", "endsAt": "2023-11-20T14:00:00Z" },
        { "startsAt": "2023-09-18T11:00:00Z", "endsAt": "2023-09-18T13:00:00Z", "title": "Tema: digitalt utanförskap" },
        { "startsAt": "2023-10-16T11:00:00Z", "endsAt": "2023-10-16T13:00:00Z" },
        { "startsAt": "2023-12-18T12:00:00Z", "endsAt": "2023-12-18T14:00:00Z" }
    ]);
    let data = app
        .gql_ok(
            CREATE,
            helsingborg_input(&network_gid(&network), occurrences, true),
        )
        .await;
    let payload = &data["createSeries"];
    assert_eq!(payload["userErrors"], json!([]));
    let events = &payload["series"]["events"];
    assert_eq!(events["totalCount"], 4);
    let local: Vec<&str> = events["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| n["startsAtLocal"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        local,
        [
            "2023-09-18T13:00:00+02:00",
            "2023-10-16T13:00:00+02:00",
            "2023-11-20T13:00:00+01:00",
            "2023-12-18T13:00:00+01:00",
        ]
    );
    let first = &events["nodes"][0];
    assert_eq!(first["title"], "Tema: digitalt utanförskap");
    assert_eq!(first["status"], "PUBLISHED");
    assert_eq!(first["venue"]["name"], "Fontänhuset Helsingborg");
    assert_eq!(
        first["onlineMeeting"]["joinUrl"],
        "https://helsingborg.webex.com/meet/utvecklingsgrupp"
    );
    assert_eq!(first["series"]["title"], "Gemensam utvecklingsgrupp");
    assert_eq!(
        events["nodes"][1]["title"], "Gemensam utvecklingsgrupp",
        "the series title until a theme is set"
    );

    let listed = app
        .gql_ok("query($slug: String!) { network(slug: $slug) { series { title } events { totalCount } } }", json!({ "slug": network.slug }))
        .await;
    assert_eq!(
        listed["network"]["series"],
        json!([{ "title": "Gemensam utvecklingsgrupp" }])
    );
    assert_eq!(listed["network"]["events"]["totalCount"], 4);
}

#[tokio::test]
async fn one_bad_occurrence_stores_nothing() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Gemensam utvecklingsgrupp")
        .insert(&app)
        .await;
    let occurrences = json!([
        { "startsAt": "2023-09-18T11:00:00Z", "endsAt": "2023-09-18T13:00:00Z" },
        { "startsAt": "2023-10-16T11:00:00Z", "endsAt": "2023-10-16T10:00:00Z" }
    ]);
    let data = app
        .gql_ok(
            CREATE,
            helsingborg_input(&network_gid(&network), occurrences, false),
        )
        .await;
    let payload = &data["createSeries"];
    assert!(payload["series"].is_null());
    assert_eq!(user_error_codes(payload), ["INVALID_TIME_RANGE"]);
    assert_eq!(
        payload["userErrors"][0]["field"],
        json!(["input", "occurrences", "1", "endsAt"])
    );

    let empty = app
        .gql_ok(
            CREATE,
            helsingborg_input(&network_gid(&network), json!([]), false),
        )
        .await;
    assert_eq!(user_error_codes(&empty["createSeries"]), ["REQUIRED"]);

    let listed = app
        .gql_ok("query($slug: String!) { network(slug: $slug) { series { title } events { totalCount } } }", json!({ "slug": network.slug }))
        .await;
    assert_eq!(listed["network"]["series"], json!([]));
    assert_eq!(listed["network"]["events"]["totalCount"], 0);
}
