//! Attendance statistics: which municipalities were represented at a
//! network's or a series' meetings.

use chrono::Duration;
use entities::NetworkRole;
use serde_json::{Value, json};

use crate::fixtures::{
    EventBuilder, NetworkBuilder, event_gid, network_gid, organisation, organisation_gid,
    signed_in_with_role,
};
use crate::helpers::{TestApp, error_code, test_now};

const REGISTER: &str = "mutation($input: RegisterInput!) { register(input: $input) {
    registration { id status } manageToken userErrors { field code message } } }";

const ATTENDANCE: &str = "
fragment A on Attendance {
  eventCount participants
  events { event { title } countsCheckIns participants organisations { name participants organisation { id } } }
  organisations { name eventsAttended participants organisation { name kind } events { title } }
  absentMembers { name }
}
query($id: ID!, $last: Int, $from: DateTime, $to: DateTime, $children: Boolean! = false) {
  node(id: $id) {
    ... on Network { attendance(last: $last, from: $from, to: $to, includeChildren: $children) { ...A } }
    ... on Series { attendance(last: $last, from: $from, to: $to) { ...A } }
  }
}";

struct World {
    app: TestApp,
    network: String,
    series: String,
    organiser: String,
    participant: String,
}

async fn world() -> World {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Socialchefsnätverket")
        .insert(&app)
        .await;
    let child = NetworkBuilder::new("Barn och unga")
        .parent(&network)
        .insert(&app)
        .await;
    let organiser =
        signed_in_with_role(&app, &network, "gr@example.se", NetworkRole::Organiser).await;
    let nid = network_gid(&network);
    let mut orgs = Vec::new();
    for name in [
        "Ale kommun",
        "Lerums kommun",
        "Mölndals stad",
        "Kungälvs kommun",
    ] {
        let org = organisation(&app, name).await;
        app.gql_ok(
            "mutation($n: ID!, $o: ID!) { addNetworkMember(input: { networkId: $n, organisationId: $o }) { userErrors { code } } }",
            json!({ "n": nid, "o": organisation_gid(&org) }),
        )
        .await;
        orgs.push(organisation_gid(&org));
    }
    let (ale, lerum, kungalv) = (orgs[0].clone(), orgs[1].clone(), orgs[3].clone());
    let day = |d: i64| (test_now() + Duration::days(d)).to_rfc3339();
    let occurrence = |d: i64, title: &str| json!({ "startsAt": day(d), "endsAt": (test_now() + Duration::days(d) + Duration::hours(2)).to_rfc3339(), "title": title });
    let created = app
        .gql_ok(
            "mutation($input: CreateSeriesInput!) { createSeries(input: $input) { series { id } events { id title } userErrors { code message } } }",
            json!({ "input": {
                "networkId": nid, "title": "Fredagsmöte", "publish": true,
                "template": { "kind": "MEETING", "attendanceMode": "IN_PERSON", "registrationPolicy": "REQUIRED" },
                "occurrences": [occurrence(1, "M1"), occurrence(8, "M2"), occurrence(15, "M3"), occurrence(22, "M4"), occurrence(60, "M5")]
            } }),
        )
        .await;
    assert_eq!(created["createSeries"]["userErrors"], json!([]));
    let series = created["createSeries"]["series"]["id"]
        .as_str()
        .expect("series id")
        .to_owned();
    let ids: Vec<String> = created["createSeries"]["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    let child_event = EventBuilder::new(&child)
        .title("Barnträff")
        .starts_at(test_now() + Duration::days(20))
        .published()
        .insert(&app)
        .await;

    let mut n = 0;
    let mut register = |event: &str, org: Option<&str>, written: Option<&str>| {
        n += 1;
        let vars = json!({ "input": { "eventId": event, "consent": true,
            "guest": { "name": format!("Deltagare {n}"), "email": format!("d{n}@example.se"),
                       "organisationId": org, "organisationName": written } } });
        let app = &app;
        async move {
            let r = app.gql_ok_as(None, REGISTER, vars).await["register"].clone();
            assert_eq!(r["userErrors"], json!([]), "{r}");
            r
        }
    };
    let (m1, m2, m3, m4, m5) = (&ids[0], &ids[1], &ids[2], &ids[3], &ids[4]);
    register(m1, Some(&ale), None).await;
    register(m1, Some(&ale), None).await;
    register(m1, Some(&lerum), None).await;
    register(m2, Some(&ale), None).await;
    register(m2, None, Some("Partille kommun")).await;
    let checked = register(m3, Some(&ale), None).await;
    register(m3, Some(&lerum), None).await; // confirmed, never checked in
    register(m4, Some(&lerum), None).await;
    register(m4, Some(&lerum), None).await;
    let cancelled = register(m4, Some(&ale), None).await;
    register(m4, None, None).await;
    register(m4, None, Some(" partille KOMMUN")).await;
    register(m5, Some(&kungalv), None).await; // upcoming
    register(&event_gid(&child_event), Some(&kungalv), None).await;

    app.gql_ok_as(
        None,
        "mutation($t: String!) { cancelRegistration(input: { manageToken: $t }) { userErrors { code } } }",
        json!({ "t": cancelled["manageToken"] }),
    )
    .await;
    app.state.clock.advance(Duration::days(25));
    app.gql_ok_as(
        Some(&organiser),
        "mutation($id: ID!) { checkIn(input: { id: $id }) { userErrors { code } } }",
        json!({ "id": checked["registration"]["id"] }),
    )
    .await;
    let participant = app.sign_in("d1@example.se").await;
    World {
        app,
        network: nid,
        series,
        organiser,
        participant,
    }
}

async fn attendance(w: &World, id: &str, vars: Value) -> Value {
    let mut vars = vars;
    vars["id"] = json!(id);
    w.app.gql_ok_as(Some(&w.organiser), ATTENDANCE, vars).await["node"]["attendance"].clone()
}

fn summary(a: &Value) -> Vec<(String, u64, u64)> {
    a["organisations"]
        .as_array()
        .expect("organisations")
        .iter()
        .map(|o| {
            (
                o["name"].as_str().unwrap_or("(none)").to_owned(),
                o["eventsAttended"].as_u64().unwrap_or_default(),
                o["participants"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_last_three_meetings_show_which_municipalities_came() {
    let w = world().await;
    let a = attendance(&w, &w.series, json!({ "last": 3 })).await;
    assert_eq!(a["eventCount"], 3);
    let titles: Vec<&str> = a["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["event"]["title"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(titles, ["M2", "M3", "M4"], "the last three that began");
    assert_eq!(a["events"][0]["participants"], 2);
    assert_eq!(
        a["events"][1],
        json!({ "event": { "title": "M3" }, "countsCheckIns": true, "participants": 1,
                "organisations": [{ "name": "Ale kommun", "participants": 1, "organisation": a["events"][1]["organisations"][0]["organisation"] }] }),
        "where people were checked in, only they count"
    );
    assert_eq!(
        a["events"][2]["participants"], 4,
        "the cancelled one does not count"
    );
    assert_eq!(a["events"][2]["countsCheckIns"], false);
    assert_eq!(
        summary(&a),
        [
            ("Ale kommun".to_owned(), 2, 2),
            ("Partille kommun".to_owned(), 2, 2),
            ("Lerums kommun".to_owned(), 1, 2),
            ("(none)".to_owned(), 1, 1),
        ],
        "written names are grouped regardless of case and spaces"
    );
    assert!(a["organisations"][1]["organisation"].is_null());
    assert_eq!(
        a["organisations"][0]["organisation"]["kind"],
        "MUNICIPALITY"
    );
    assert_eq!(
        a["organisations"][0]["events"],
        json!([{ "title": "M2" }, { "title": "M3" }])
    );
    assert_eq!(
        a["absentMembers"],
        json!([{ "name": "Kungälvs kommun" }, { "name": "Mölndals stad" }])
    );
    assert_eq!(a["participants"], 7);

    // The whole network, up to now: four meetings (the fifth is upcoming).
    let all = attendance(&w, &w.network, json!({})).await;
    assert_eq!(all["eventCount"], 4);
    assert_eq!(
        summary(&all)[..2],
        [
            ("Ale kommun".to_owned(), 3, 4),
            ("Lerums kommun".to_owned(), 2, 3)
        ]
    );
    // With the sub-networks: the children's meeting is among the last two.
    let children = attendance(&w, &w.network, json!({ "last": 2, "children": true })).await;
    let titles: Vec<&str> = children["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["event"]["title"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(titles, ["Barnträff", "M4"]);
    assert_eq!(children["organisations"][1]["name"], "Kungälvs kommun");
    // A window.
    let window = attendance(
        &w,
        &w.network,
        json!({ "from": (test_now() + Duration::days(7)).to_rfc3339(), "to": (test_now() + Duration::days(16)).to_rfc3339() }),
    )
    .await;
    assert_eq!(window["eventCount"], 2);
    // Upcoming meetings count when asked for.
    let ahead = attendance(
        &w,
        &w.series,
        json!({ "to": (test_now() + Duration::days(365)).to_rfc3339(), "last": 1 }),
    )
    .await;
    assert_eq!(ahead["events"][0]["event"]["title"], "M5");
    assert_eq!(ahead["organisations"][0]["name"], "Kungälvs kommun");
}

#[tokio::test]
async fn attendance_is_for_organisers_and_costs_the_same_few_statements() {
    let w = world().await;
    let anonymous = w
        .app
        .gql_as(None, ATTENDANCE, json!({ "id": w.series, "last": 3 }))
        .await;
    assert_eq!(error_code(&anonymous), "UNAUTHENTICATED");
    let participant = w
        .app
        .gql_as(
            Some(&w.participant),
            ATTENDANCE,
            json!({ "id": w.network, "last": 3 }),
        )
        .await;
    assert_eq!(error_code(&participant), "FORBIDDEN");
    let zero = w
        .app
        .gql_as(
            Some(&w.organiser),
            ATTENDANCE,
            json!({ "id": w.network, "last": 0 }),
        )
        .await;
    assert!(zero["errors"].is_array());

    let cost = |vars: Value| {
        let w = &w;
        async move {
            let before = w.app.statements();
            attendance(w, &w.network.clone(), vars).await;
            w.app.statements() - before
        }
    };
    let one = cost(json!({ "last": 1 })).await;
    let four = cost(json!({})).await;
    let with_children = cost(json!({ "children": true })).await;
    assert_eq!(one, four, "no statement per event");
    assert!(
        with_children <= four + 1,
        "the network tree is one statement: {with_children} vs {four}"
    );
    assert!(four <= 12, "a handful of statements: {four}");
}
