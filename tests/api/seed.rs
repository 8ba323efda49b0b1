//! The demo data set: all four scenarios, Nordic letters intact, idempotent.

use serde_json::json;

use crate::helpers::TestApp;

const COUNTS: &str = "{ networks(first: 100) { totalCount nodes { slug members { totalCount } events { totalCount } } }
  organisations { totalCount } }";

#[tokio::test]
async fn demo_data_loads_once_and_answers_the_readme_query() {
    let app = TestApp::spawn().await;
    let first = seed::demo(&app.cx()).await.expect("seed");
    let counts = app.gql_ok(COUNTS, json!({})).await;

    let second = seed::demo(&app.cx()).await.expect("seed again");
    assert_ne!(first, second, "the second run says it found everything");
    assert_eq!(
        app.gql_ok(COUNTS, json!({})).await,
        counts,
        "a second run changes nothing"
    );

    let data = app
        .gql_ok(
            "{ network(slug: \"socialchefsnatverket\") { name visibility members(first: 20) { totalCount } contacts { label } } }",
            json!({}),
        )
        .await;
    assert_eq!(data["network"]["name"], "Socialchefsnätverket");
    assert_eq!(data["network"]["visibility"], "CLOSED");
    assert_eq!(data["network"]["members"]["totalCount"], 13);

    let helsingborg = app
        .gql_ok(
            "{ network(slug: \"gemensam-utvecklingsgrupp\") { series { title events { nodes { startsAtLocal attendanceMode
                 venue { name address } onlineMeeting { provider } joinLinkVisibility registrationPolicy } } } } }",
            json!({}),
        )
        .await;
    let events = &helsingborg["network"]["series"][0]["events"]["nodes"];
    let dates: Vec<&str> = events
        .as_array()
        .expect("events")
        .iter()
        .map(|e| {
            e["startsAtLocal"]
                .as_str()
                .unwrap_or_default()
                .get(..10)
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        dates,
        ["2023-09-18", "2023-10-16", "2023-11-20", "2023-12-18"]
    );
    assert_eq!(events[0]["venue"]["address"], "Norra Strandgatan 8");
    assert_eq!(events[0]["onlineMeeting"]["provider"], "Webex");
    assert_eq!(events[0]["joinLinkVisibility"], "PUBLIC");
    assert_eq!(events[0]["registrationPolicy"], "OPEN");

    let conference = app
        .gql_ok(
            "{ network(slug: \"allagehub\") { members { totalCount } events(filter: { kinds: [CONFERENCE] }) {
                 nodes { startsAtLocal registrationPolicy agenda { title room speakers { name affiliation } } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        conference["network"]["members"]["totalCount"], 12,
        "all GR municipalities but Kungsbacka"
    );
    let event = &conference["network"]["events"]["nodes"][0];
    assert!(
        event["startsAtLocal"]
            .as_str()
            .is_some_and(|s| s.starts_with("2026-11-26"))
    );
    assert!(
        event["agenda"].as_array().is_some_and(|a| a.len() >= 4),
        "a programme: {event}"
    );

    let norway = app
        .gql_ok(
            "{ organisations(search: \"aldersvennlig\") { nodes { name countryCode } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        norway["organisations"]["nodes"][0]["name"],
        "Senteret for et aldersvennlig Norge"
    );
    assert_eq!(norway["organisations"]["nodes"][0]["countryCode"], "NO");
}

#[tokio::test]
async fn the_demo_answers_which_municipalities_came_to_the_last_three_meetings() {
    let app = TestApp::spawn().await;
    // After the November meeting: three of the four autumn meetings were held.
    app.state
        .clock
        .set(crate::helpers::at("2026-11-20T08:00:00Z"));
    seed::demo(&app.cx()).await.expect("seed");
    let again = seed::demo(&app.cx()).await.expect("seed again");
    assert!(
        !again.contains("registration"),
        "a second run adds no registrations: {again}"
    );
    let data = app
        .gql_ok(
            "{ network(slug: \"socialchefsnatverket\") { attendance(last: 3) {
                eventCount participants
                events { event { startsAtLocal } countsCheckIns participants }
                organisations { name eventsAttended participants }
                absentMembers { name } } } }",
            json!({}),
        )
        .await;
    let a = &data["network"]["attendance"];
    assert_eq!(a["eventCount"], 3);
    assert_eq!(
        a["events"]
            .as_array()
            .expect("events")
            .iter()
            .map(|e| e["participants"].as_u64().unwrap_or_default())
            .collect::<Vec<_>>(),
        [11, 10, 9]
    );
    assert_eq!(a["events"][0]["countsCheckIns"], true);
    assert_eq!(a["absentMembers"], json!([{ "name": "Tjörns kommun" }]));
    let ale = a["organisations"]
        .as_array()
        .expect("organisations")
        .iter()
        .find(|o| o["name"] == "Ale kommun")
        .expect("Ale came");
    assert_eq!(ale["eventsAttended"], 3);
    let ockero = a["organisations"]
        .as_array()
        .expect("organisations")
        .iter()
        .find(|o| o["name"] == "Öckerö kommun")
        .expect("Öckerö came once");
    assert_eq!(ockero["eventsAttended"], 1);
}

#[tokio::test]
async fn the_demo_has_scenario_4s_selected_municipalities_as_the_project_network() {
    let app = TestApp::spawn().await;
    seed::demo(&app.cx()).await.expect("seed");
    let again = seed::demo(&app.cx()).await.expect("seed again");
    assert!(
        again.starts_with("demo data already present"),
        "a second run decides nothing again: {again}"
    );

    let data = app
        .gql_ok(
            "{ centre: network(slug: \"mobilisering-av-friske-eldre\") {
                 events { nodes { title registrationPolicy projectNetwork { slug } } } }
               project: network(slug: \"friske-eldre-kommunenettverket\") {
                 visibility members(first: 20) { nodes { name } } } }",
            json!({}),
        )
        .await;
    let application = &data["centre"]["events"]["nodes"][0];
    assert_eq!(application["registrationPolicy"], "APPLICATION");
    assert_eq!(
        application["projectNetwork"]["slug"],
        "friske-eldre-kommunenettverket"
    );
    assert_eq!(data["project"]["visibility"], "CLOSED");
    let mut members: Vec<&str> = data["project"]["members"]["nodes"]
        .as_array()
        .expect("members")
        .iter()
        .map(|m| m["name"].as_str().unwrap_or_default())
        .collect();
    members.sort_unstable();
    assert_eq!(
        members,
        [
            "Bærum kommune",
            "Færder kommune",
            "Tromsø kommune",
            "Ålesund kommune"
        ],
        "the selected ones; Lillehammer and Bodø were not"
    );

    // A representative sees the members-only gatherings, is registered for
    // each, and sees which municipalities took part.
    let ingvild = app.sign_in("ingvild.bakke@baerum-kommune.example.no").await;
    let seen = app
        .gql_ok_as(
            Some(&ingvild),
            "{ network(slug: \"friske-eldre-kommunenettverket\") { series { title
                 events { nodes { title myRegistration { status } } }
                 attendance { eventCount organisations { name eventsAttended } } } } }",
            json!({}),
        )
        .await;
    let series = &seen["network"]["series"][0];
    assert_eq!(series["title"], "Samlinger høsten 2021");
    let events = series["events"]["nodes"].as_array().expect("events");
    assert_eq!(events.len(), 3, "{seen}");
    assert!(
        events
            .iter()
            .all(|e| e["myRegistration"]["status"] == "CONFIRMED"),
        "{seen}"
    );
    assert_eq!(series["attendance"]["eventCount"], 3);
    assert_eq!(
        series["attendance"]["organisations"]
            .as_array()
            .expect("organisations")
            .len(),
        4,
        "{seen}"
    );
    // Not selected: nothing to see.
    let hanne = app
        .sign_in("hanne.lie@lillehammer-kommune.example.no")
        .await;
    let hidden = app
        .gql_ok_as(
            Some(&hanne),
            "{ network(slug: \"friske-eldre-kommunenettverket\") { series { events { totalCount } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        hidden["network"]["series"][0]["events"]["totalCount"], 0,
        "{hidden}"
    );

    // Scenario 3: the group's suggestions, two of them working groups.
    let suggestions = app
        .gql_ok(
            "{ network(slug: \"gemensam-utvecklingsgrupp\") { themeSuggestions(first: 20) {
                 nodes { title status workingGroup } } } }",
            json!({}),
        )
        .await;
    let nodes = suggestions["network"]["themeSuggestions"]["nodes"]
        .as_array()
        .expect("suggestions");
    let mut groups: Vec<&str> = nodes
        .iter()
        .filter(|n| n["status"] == "WORKING_GROUP")
        .map(|n| n["title"].as_str().unwrap_or_default())
        .collect();
    groups.sort_unstable();
    assert_eq!(groups, ["Digitalt utanförskap", "Mentorskap"]);
    assert!(nodes.len() >= 5, "{suggestions}");
}
