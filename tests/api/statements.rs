//! No N+1: the SQL statements of a list query do not grow with the page size.

use api::ids::{AgendaItemId, EventId};
use api::service::{agenda, speakers};
use chrono::Duration;
use serde_json::json;

use crate::fixtures::{EventBuilder, NetworkBuilder};
use crate::helpers::{TestApp, test_now};

const QUERY: &str = "query($slug: String!, $first: Int!) { network(slug: $slug) { name
    events(first: $first) { totalCount edges { node {
      id title startsAtLocal venue { name address } onlineMeeting { joinUrl } capacity { inPerson }
      network { slug name }
      series { title }
      agenda { title room speakers { name } }
      speakers { name affiliation person { name organisation { name } } }
    } } } } }";

async fn add_events(app: &TestApp, network: &entities::network::Model, from: usize, to: usize) {
    let cx = app.cx();
    for i in from..to {
        let event = EventBuilder::new(network)
            .title(&format!("Möte {i}"))
            .starts_at(test_now() + Duration::days(i as i64 + 1))
            .published()
            .insert(app)
            .await;
        let id = EventId(event.id);
        let mut items: Vec<AgendaItemId> = Vec::new();
        for title in ["Inledning", "Diskussion"] {
            let item = agenda::add(
                &cx,
                id,
                agenda::AgendaItemInput {
                    title: title.into(),
                    ..Default::default()
                },
                None,
            )
            .await
            .expect("agenda item");
            items.push(AgendaItemId(item.id));
        }
        for (n, item) in items.iter().enumerate() {
            speakers::add(
                &cx,
                speakers::NewSpeaker {
                    translations: Vec::new(),
                    event_id: id,
                    agenda_item_id: Some(*item),
                    who: speakers::SpeakerWho::NewPerson(api::service::people::PersonInput {
                        name: format!("Talare {i}-{n}"),
                        email: format!("talare{i}-{n}@example.se"),
                        title: None,
                        organisation_id: None,
                    }),
                    affiliation: Some("Region Skåne".into()),
                    role: None,
                    status: entities::SpeakerStatus::Confirmed,
                },
            )
            .await
            .expect("speaker");
        }
    }
}

async fn statements_for(app: &TestApp, slug: &str, first: usize) -> u64 {
    let token = app.admin_token().await;
    let before = app.statements();
    let data = app
        .gql_ok_as(Some(&token), QUERY, json!({ "slug": slug, "first": first }))
        .await;
    let after = app.statements();
    let edges = data["network"]["events"]["edges"]
        .as_array()
        .expect("edges");
    assert_eq!(edges.len(), first);
    assert_eq!(
        edges[0]["node"]["agenda"][1]["speakers"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    // Each event has its own speakers, with their people (the page's
    // speakers are read beside the page, not from its rows).
    for edge in edges {
        let node = &edge["node"];
        let i = node["title"]
            .as_str()
            .and_then(|t| t.strip_prefix("Möte "))
            .expect("title");
        let names: Vec<_> = node["speakers"]
            .as_array()
            .expect("speakers")
            .iter()
            .map(|s| (s["name"].clone(), s["person"]["name"].clone()))
            .collect();
        let expected: Vec<_> = (0..2)
            .map(|n| {
                (
                    json!(format!("Talare {i}-{n}")),
                    json!(format!("Talare {i}-{n}")),
                )
            })
            .collect();
        assert_eq!(names, expected, "{node}");
    }
    after - before
}

#[tokio::test]
async fn fifty_events_cost_the_same_statements_as_five() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Socialchefsnätverket")
        .insert(&app)
        .await;
    add_events(&app, &network, 0, 5).await;
    let small = statements_for(&app, &network.slug, 5).await;
    add_events(&app, &network, 5, 50).await;
    let large = statements_for(&app, &network.slug, 50).await;
    assert_eq!(
        small, large,
        "statements grow with the page size: {small} for 5, {large} for 50"
    );
    // network, events page, count, networks, series, agenda, speakers, people, organisations
    assert!(large <= 10, "{large} statements for one page of events");
}

const SEATS: &str =
    "seats { inPersonTaken inPersonRemaining onlineTaken onlineRemaining waitlisted pending }";

#[tokio::test]
async fn a_pages_seats_come_with_it_and_agree_with_each_events_own() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Klimatkommunerna").insert(&app).await;
    let hybrid = EventBuilder::new(&network)
        .title("Hybridträff")
        .starts_at(test_now() + Duration::days(3))
        .hybrid(entities::JoinLinkVisibility::Registered)
        .capacity(Some(1), Some(5))
        .published()
        .insert(&app)
        .await;
    EventBuilder::new(&network)
        .title("Tom träff")
        .starts_at(test_now() + Duration::days(4))
        .published()
        .insert(&app)
        .await;
    for (email, mode) in [
        ("a@example.se", "IN_PERSON"),
        ("b@example.se", "IN_PERSON"),
        ("c@example.se", "ONLINE"),
    ] {
        let token = app.sign_in(email).await;
        let done = app
            .gql_ok_as(
                Some(&token),
                "mutation($input: RegisterInput!) { register(input: $input) { userErrors { code } } }",
                json!({ "input": { "eventId": crate::fixtures::event_gid(&hybrid), "mode": mode, "consent": true } }),
            )
            .await;
        assert_eq!(done["register"]["userErrors"], json!([]));
    }
    let token = app.admin_token().await;
    let page = app
        .gql_ok_as(
            Some(&token),
            &format!("query($s: String!) {{ network(slug: $s) {{ events(first: 10) {{ nodes {{ id {SEATS} }} }} }} }}"),
            json!({ "s": network.slug }),
        )
        .await;
    let nodes = page["network"]["events"]["nodes"]
        .as_array()
        .expect("nodes")
        .clone();
    assert_eq!(nodes.len(), 2);
    assert_eq!(
        nodes[0]["seats"],
        json!({ "inPersonTaken": 1, "inPersonRemaining": 0, "onlineTaken": 1,
                "onlineRemaining": 4, "waitlisted": 1, "pending": 0 })
    );
    for node in &nodes {
        let own = app
            .gql_ok_as(
                Some(&token),
                &format!("query($id: ID!) {{ event(id: $id) {{ {SEATS} }} }}"),
                json!({ "id": node["id"] }),
            )
            .await;
        assert_eq!(node["seats"], own["event"]["seats"], "{node}");
        // `node(id:)` counts through the loader (one grouped count), not in
        // the event's statement: the two ways agree.
        let loaded = app
            .gql_ok_as(
                Some(&token),
                &format!("query($id: ID!) {{ node(id: $id) {{ ... on Event {{ {SEATS} }} }} }}"),
                json!({ "id": node["id"] }),
            )
            .await;
        assert_eq!(node["seats"], loaded["node"]["seats"], "{node}");
    }
}

/// An event's speakers and seats are read beside the event itself (its id
/// is known before it is read): one who may not see the event learns
/// nothing of them either.
#[tokio::test]
async fn an_event_read_with_its_speakers_beside_it_shows_them_only_to_who_may_see_it() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Socialchefsnätverket")
        .insert(&app)
        .await;
    let open = EventBuilder::new(&network)
        .title("Öppet möte")
        .published()
        .insert(&app)
        .await;
    let closed = EventBuilder::new(&network)
        .title("Internt möte")
        .members_only(true)
        .published()
        .insert(&app)
        .await;
    let draft = EventBuilder::new(&network)
        .title("Utkast")
        .insert(&app)
        .await;
    for event in [&open, &closed, &draft] {
        speakers::add(
            &app.cx(),
            speakers::NewSpeaker {
                translations: Vec::new(),
                event_id: EventId(event.id),
                agenda_item_id: None,
                who: speakers::SpeakerWho::External {
                    name: format!("Talare på {}", event.title),
                },
                affiliation: Some("Region Skåne".into()),
                role: None,
                status: entities::SpeakerStatus::Confirmed,
            },
        )
        .await
        .expect("speaker");
    }
    const DETAIL: &str = "query($id: ID!) { event(id: $id) { title
        network { slug } speakers { name } seats { inPersonTaken } } }";
    let detail = |token: Option<String>, event: &entities::event::Model| {
        let id = crate::fixtures::event_gid(event);
        let app = &app;
        async move {
            app.gql_ok_as(token.as_deref(), DETAIL, json!({ "id": id }))
                .await["event"]
                .clone()
        }
    };
    let seen = detail(None, &open).await;
    assert_eq!(
        seen["speakers"],
        json!([{ "name": "Talare på Öppet möte" }])
    );
    assert_eq!(seen["seats"]["inPersonTaken"], json!(0));
    assert_eq!(detail(None, &closed).await, json!(null));
    assert_eq!(detail(None, &draft).await, json!(null));
    let admin = app.admin_token().await;
    for event in [&closed, &draft] {
        let seen = detail(Some(admin.clone()), event).await;
        assert_eq!(
            seen["speakers"],
            json!([{ "name": format!("Talare på {}", event.title) }])
        );
    }
}
