//! The audit log in the console: who changed what and when on an event, its
//! programme and registrations, and on a network's roles — written in the
//! same unit as the change, read by the network's organisers only.

use entities::{JoinLinkVisibility, NetworkRole};
use reqwest::StatusCode;
use serde_json::json;

use crate::fixtures::{EventBuilder, NetworkBuilder, event_gid, network_gid, signed_in_with_role};
use crate::helpers::TestApp;

#[tokio::test]
async fn an_events_log_names_who_changed_the_event_its_programme_and_its_registrations() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Socialchefsnätverket")
        .insert(&app)
        .await;
    let other = NetworkBuilder::new("Äldreomsorgsrådet").insert(&app).await;
    let event = EventBuilder::new(&network)
        .title("Nätverksträff december")
        .hybrid(JoinLinkVisibility::Registered)
        .published()
        .insert(&app)
        .await;
    let organiser =
        signed_in_with_role(&app, &network, "anna.berg@ale.se", NetworkRole::Organiser).await;
    let stranger =
        signed_in_with_role(&app, &other, "olle@kungalv.se", NetworkRole::Organiser).await;

    let changed = app
        .gql_ok_as(
            Some(&organiser),
            "mutation($id: ID!) { updateEvent(input: { id: $id, title: \"Nätverksträff i december\", capacity: { inPerson: 30 } }) { userErrors { code } } }",
            json!({ "id": event_gid(&event) }),
        )
        .await;
    assert_eq!(changed["updateEvent"]["userErrors"], json!([]), "{changed}");
    let added = app
        .gql_ok_as(
            Some(&organiser),
            "mutation($e: ID!) { addAgendaItem(input: { eventId: $e, title: \"Välkommen och incheckning\" }) { userErrors { code } } }",
            json!({ "e": event_gid(&event) }),
        )
        .await;
    assert_eq!(added["addAgendaItem"]["userErrors"], json!([]), "{added}");
    let registered = app
        .gql_ok_as(
            None,
            "mutation($e: ID!) { register(input: { eventId: $e, consent: true, mode: ONLINE, guest: { name: \"Kari Nordmann\", email: \"kari@lerum.se\" } }) { registration { id } userErrors { code message } } }",
            json!({ "e": event_gid(&event) }),
        )
        .await;
    assert_eq!(
        registered["register"]["userErrors"],
        json!([]),
        "{registered}"
    );
    let registration = registered["register"]["registration"]["id"].clone();
    let checked = app
        .gql_ok_as(
            Some(&organiser),
            "mutation($id: ID!) { checkIn(input: { id: $id }) { userErrors { code } } }",
            json!({ "id": registration }),
        )
        .await;
    assert_eq!(checked["checkIn"]["userErrors"], json!([]), "{checked}");
    // A refused change is not logged: a title too long changes nothing.
    let refused = app
        .gql_ok_as(
            Some(&organiser),
            "mutation($id: ID!, $t: String!) { updateEvent(input: { id: $id, title: $t }) { userErrors { code } } }",
            json!({ "id": event_gid(&event), "t": "x".repeat(1000) }),
        )
        .await;
    assert_ne!(refused["updateEvent"]["userErrors"], json!([]), "{refused}");

    let path = format!("/organise/events/{}/audit?lang=sv", event.id);
    let (status, html) = app.page(&path, Some(&organiser)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("id=\"audit-caption\""), "{html}");
    // Newest first: the check-in, the registration, the item, the change.
    let order = [
        "incheckad",
        "anmäld (Bekräftad, Online)",
        "Programpunkt tillagd",
        "Evenemang ändrat",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|needle| {
            html.find(needle)
                .unwrap_or_else(|| panic!("{needle}: {html}"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "{positions:?} {html}"
    );
    assert!(
        html.contains("Välkommen och incheckning"),
        "the item is named"
    );
    assert!(html.contains("Kari Nordmann"), "the registrant is named");
    assert!(
        html.contains("anna.berg"),
        "the organiser is named as who did it"
    );
    assert!(
        html.contains("Fält: Rubrik, Platser på plats"),
        "the changed fields in words: {html}"
    );
    assert_eq!(
        html.matches("Evenemang ändrat").count(),
        1,
        "the refused change left no line"
    );
    assert!(
        html.contains("En gäst via sin länk, eller systemet"),
        "the guest's own registration has no person behind it"
    );

    // The same in English.
    let (_, english) = app
        .page(
            &format!("/organise/events/{}/audit?lang=en", event.id),
            Some(&organiser),
        )
        .await;
    assert!(english.contains("Agenda item added"), "{english}");
    assert!(english.contains("checked in"), "{english}");

    // Another network's organiser, and anonymous visitors, see nothing.
    let (status, html) = app.page(&path, Some(&stranger)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!html.contains("Kari Nordmann"));
    let (status, html) = app.page(&path, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("action=\"/sign-in/request"), "{html}");
    assert!(!html.contains("Kari Nordmann"));
    let (status, _) = app
        .page(
            &format!("/organise/events/{}/audit", uuid::Uuid::now_v7()),
            Some(&organiser),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_networks_log_shows_its_roles_and_its_events_to_its_organisers_only() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Öppna utvecklingsgruppen")
        .insert(&app)
        .await;
    let other = NetworkBuilder::new("Äldreomsorgsrådet").insert(&app).await;
    let event = EventBuilder::new(&network)
        .title("Månadsträff januari")
        .insert(&app)
        .await;
    let owner =
        signed_in_with_role(&app, &network, "lena@helsingborg.se", NetworkRole::Owner).await;
    let stranger = signed_in_with_role(&app, &other, "olle@kungalv.se", NetworkRole::Owner).await;
    let set = app
        .gql_ok_as(
            Some(&owner),
            "mutation($n: ID!) { setNetworkRole(input: { networkId: $n, person: { name: \"Per Persson\", email: \"per@helsingborg.se\" }, role: ORGANISER }) { userErrors { code message } } }",
            json!({ "n": network_gid(&network) }),
        )
        .await;
    assert_eq!(set["setNetworkRole"]["userErrors"], json!([]), "{set}");
    let published = app
        .gql_ok_as(
            Some(&owner),
            "mutation($id: ID!) { publishEvent(input: { id: $id }) { userErrors { code } } }",
            json!({ "id": event_gid(&event) }),
        )
        .await;
    assert_eq!(
        published["publishEvent"]["userErrors"],
        json!([]),
        "{published}"
    );

    let path = format!("/organise/networks/{}/audit?lang=en", network.id);
    let (status, html) = app.page(&path, Some(&owner)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Role given"), "{html}");
    assert!(html.contains("Per Persson"), "the holder is named: {html}");
    assert!(html.contains("Event published"), "{html}");
    assert!(
        html.contains(&format!("/organise/events/{}/audit", event.id)),
        "the event's own log is linked"
    );
    assert!(html.contains("Månadsträff januari"));

    let (status, html) = app.page(&path, Some(&stranger)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!html.contains("Per Persson"));
}
