//! Agendas and speakers.

use serde_json::{Value, json};

use crate::fixtures::{EventBuilder, NetworkBuilder, event_gid};
use crate::helpers::{TestApp, user_error_codes};

const ADD_ITEM: &str = "mutation($input: AddAgendaItemInput!) { addAgendaItem(input: $input) {
    agendaItem { id title position room startsAtLocal } event { agenda { title position } } userErrors { field code } } }";
const ADD_SPEAKER: &str = "mutation($input: AddSpeakerInput!) { addSpeaker(input: $input) {
    speaker { id name affiliation role status person { name title } agendaItemId }
    event { speakers { name } } userErrors { field code message } } }";

fn titles(agenda: &Value) -> Vec<String> {
    agenda
        .as_array()
        .expect("agenda")
        .iter()
        .map(|i| i["title"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn agenda_items_are_added_inserted_reordered_and_removed() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("AllAgeHub").insert(&app).await;
    let event = EventBuilder::new(&network)
        .title("Höstkonferens")
        .insert(&app)
        .await;
    let eid = event_gid(&event);
    let mut ids = Vec::new();
    for (title, start) in [
        ("Välkommen", "2026-09-08T08:00:00Z"),
        ("Paneldebatt", "2026-09-08T09:00:00Z"),
        ("Avslutning", "2026-09-08T14:00:00Z"),
    ] {
        let data = app
            .gql_ok(ADD_ITEM, json!({ "input": { "eventId": eid, "title": title, "startsAt": start, "room": "Stora salen" } }))
            .await;
        assert_eq!(data["addAgendaItem"]["userErrors"], json!([]));
        ids.push(
            data["addAgendaItem"]["agendaItem"]["id"]
                .as_str()
                .expect("id")
                .to_owned(),
        );
    }
    let inserted = app
        .gql_ok(
            ADD_ITEM,
            json!({ "input": { "eventId": eid, "title": "Kaffe", "position": 1 } }),
        )
        .await;
    let agenda = &inserted["addAgendaItem"]["event"]["agenda"];
    assert_eq!(
        titles(agenda),
        ["Välkommen", "Kaffe", "Paneldebatt", "Avslutning"]
    );
    assert_eq!(agenda[3]["position"], 3);
    let kaffe = inserted["addAgendaItem"]["agendaItem"]["id"]
        .as_str()
        .expect("id")
        .to_owned();

    let reorder = "mutation($input: ReorderAgendaItemsInput!) { reorderAgendaItems(input: $input) { event { agenda { title position } } userErrors { code } } }";
    let reordered = app
        .gql_ok(
            reorder,
            json!({ "input": { "eventId": eid, "itemIds": [ids[0], ids[1], kaffe, ids[2]] } }),
        )
        .await;
    assert_eq!(
        titles(&reordered["reorderAgendaItems"]["event"]["agenda"]),
        ["Välkommen", "Paneldebatt", "Kaffe", "Avslutning"]
    );
    let incomplete = app
        .gql_ok(
            reorder,
            json!({ "input": { "eventId": eid, "itemIds": [ids[0], ids[0], kaffe, ids[2]] } }),
        )
        .await;
    assert_eq!(
        user_error_codes(&incomplete["reorderAgendaItems"]),
        ["INVALID"]
    );

    let updated = app
        .gql_ok(
            "mutation($input: UpdateAgendaItemInput!) { updateAgendaItem(input: $input) { agendaItem { title room startsAtLocal endsAtLocal } userErrors { field code } } }",
            json!({ "input": { "id": ids[1], "title": "Paneldebatt: boende för alla åldrar", "room": null, "endsAt": "2026-09-08T10:00:00Z" } }),
        )
        .await;
    let item = &updated["updateAgendaItem"]["agendaItem"];
    assert_eq!(item["title"], "Paneldebatt: boende för alla åldrar");
    assert!(item["room"].is_null());
    assert_eq!(item["startsAtLocal"], "2026-09-08T11:00:00+02:00");
    assert_eq!(item["endsAtLocal"], "2026-09-08T12:00:00+02:00");
    let bad_slot = app
        .gql_ok(
            "mutation($input: UpdateAgendaItemInput!) { updateAgendaItem(input: $input) { agendaItem { title } userErrors { field code } } }",
            json!({ "input": { "id": ids[1], "endsAt": "2026-09-08T08:00:00Z" } }),
        )
        .await;
    assert_eq!(
        user_error_codes(&bad_slot["updateAgendaItem"]),
        ["INVALID_TIME_RANGE"]
    );

    let removed = app
        .gql_ok(
            "mutation($input: RemoveAgendaItemInput!) { removeAgendaItem(input: $input) { removedAgendaItemId event { agenda { title position } } userErrors { code } } }",
            json!({ "input": { "id": ids[0] } }),
        )
        .await;
    let agenda = &removed["removeAgendaItem"]["event"]["agenda"];
    assert_eq!(
        titles(agenda),
        ["Paneldebatt: boende för alla åldrar", "Kaffe", "Avslutning"]
    );
    let positions: Vec<i64> = agenda
        .as_array()
        .expect("agenda")
        .iter()
        .map(|i| i["position"].as_i64().unwrap_or(-1))
        .collect();
    assert_eq!(positions, [0, 1, 2], "positions stay dense");

    let blank = app
        .gql_ok(
            ADD_ITEM,
            json!({ "input": { "eventId": eid, "title": "  " } }),
        )
        .await;
    assert_eq!(user_error_codes(&blank["addAgendaItem"]), ["REQUIRED"]);
}

#[tokio::test]
async fn speakers_are_people_or_external_names() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Gemensam utvecklingsgrupp")
        .insert(&app)
        .await;
    let event = EventBuilder::new(&network).insert(&app).await;
    let other = EventBuilder::new(&network).insert(&app).await;
    let eid = event_gid(&event);
    let item = app
        .gql_ok(
            ADD_ITEM,
            json!({ "input": { "eventId": eid, "title": "Inspiration" } }),
        )
        .await["addAgendaItem"]["agendaItem"]["id"]
        .clone();
    let other_item = app
        .gql_ok(
            ADD_ITEM,
            json!({ "input": { "eventId": event_gid(&other), "title": "Annat" } }),
        )
        .await["addAgendaItem"]["agendaItem"]["id"]
        .clone();

    let external = app
        .gql_ok(ADD_SPEAKER, json!({ "input": { "eventId": eid, "name": "Karin Ståhl", "affiliation": "Region Skåne", "role": "Inledare", "agendaItemId": item } }))
        .await;
    let speaker = &external["addSpeaker"]["speaker"];
    assert_eq!(speaker["name"], "Karin Ståhl");
    assert_eq!(speaker["status"], "INVITED");
    assert!(speaker["person"].is_null());
    assert_eq!(speaker["agendaItemId"], item);

    let person = app
        .gql_ok(ADD_SPEAKER, json!({ "input": { "eventId": eid, "status": "CONFIRMED", "affiliation": "Självhjälpshuset",
            "person": { "name": "Jörgen Ödmark", "email": "jorgen@example.se", "title": "Verksamhetsledare" } } }))
        .await;
    assert_eq!(
        person["addSpeaker"]["speaker"]["person"],
        json!({ "name": "Jörgen Ödmark", "title": "Verksamhetsledare" })
    );
    assert_eq!(
        person["addSpeaker"]["event"]["speakers"],
        json!([{ "name": "Karin Ståhl" }, { "name": "Jörgen Ödmark" }])
    );

    let neither = app
        .gql_ok(ADD_SPEAKER, json!({ "input": { "eventId": eid } }))
        .await;
    assert_eq!(user_error_codes(&neither["addSpeaker"]), ["REQUIRED"]);
    let wrong_item = app
        .gql_ok(
            ADD_SPEAKER,
            json!({ "input": { "eventId": eid, "name": "X", "agendaItemId": other_item } }),
        )
        .await;
    assert_eq!(user_error_codes(&wrong_item["addSpeaker"]), ["NOT_FOUND"]);

    let agenda = app
        .gql_ok(
            "query($id: ID!) { event(id: $id) { agenda { title speakers { name affiliation } } } }",
            json!({ "id": eid }),
        )
        .await;
    assert_eq!(
        agenda["event"]["agenda"][0]["speakers"],
        json!([{ "name": "Karin Ståhl", "affiliation": "Region Skåne" }])
    );

    let sid = speaker["id"].clone();
    let update = "mutation($input: UpdateSpeakerInput!) { updateSpeaker(input: $input) { speaker { name affiliation status agendaItemId } userErrors { field code } } }";
    let updated = app
        .gql_ok(update, json!({ "input": { "id": sid, "status": "CONFIRMED", "affiliation": null, "agendaItemId": null } }))
        .await;
    assert_eq!(
        updated["updateSpeaker"]["speaker"],
        json!({ "name": "Karin Ståhl", "affiliation": null, "status": "CONFIRMED", "agendaItemId": null })
    );
    let person_rename = app
        .gql_ok(update, json!({ "input": { "id": person["addSpeaker"]["speaker"]["id"], "name": "Annat namn" } }))
        .await;
    assert_eq!(
        user_error_codes(&person_rename["updateSpeaker"]),
        ["INVALID"]
    );

    let removed = app
        .gql_ok(
            "mutation($input: RemoveSpeakerInput!) { removeSpeaker(input: $input) { removedSpeakerId event { speakers { name } } userErrors { code } } }",
            json!({ "input": { "id": sid } }),
        )
        .await;
    assert_eq!(
        removed["removeSpeaker"]["event"]["speakers"],
        json!([{ "name": "Jörgen Ödmark" }])
    );
    let again = app
        .gql_ok(
            "mutation($input: RemoveSpeakerInput!) { removeSpeaker(input: $input) { removedSpeakerId userErrors { code } } }",
            json!({ "input": { "id": sid } }),
        )
        .await;
    assert_eq!(user_error_codes(&again["removeSpeaker"]), ["NOT_FOUND"]);
}

#[tokio::test]
async fn programme_changes_touch_the_event_but_keep_its_sequence() {
    use api::ids::{AgendaItemId, EventId};
    use api::service::{agenda, speakers};
    use chrono::Duration;

    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("AllAgeHub").insert(&app).await;
    let event = EventBuilder::new(&network).published().insert(&app).await;
    let id = EventId(event.id);
    let cx = app.cx();
    let eid = event_gid(&event);
    let mut last = stamp(&app, &eid).await;
    let mut changed = |label: &str, now: (String, Option<i64>)| {
        assert_ne!(now.0, last.0, "{label} must touch the event");
        assert_eq!(now.1, Some(0), "{label} must not bump SEQUENCE");
        last = now;
    };

    app.state.clock.advance(Duration::minutes(1));
    let item = agenda::add(
        &cx,
        id,
        agenda::AgendaItemInput {
            title: "Välkommen".into(),
            ..Default::default()
        },
        None,
    )
    .await
    .expect("add item");
    changed("adding an item", stamp(&app, &eid).await);

    app.state.clock.advance(Duration::minutes(1));
    agenda::update(
        &cx,
        AgendaItemId(item.id),
        agenda::AgendaItemChanges {
            room: Some(Some("Sal B".into())),
            ..Default::default()
        },
    )
    .await
    .expect("update item");
    changed("changing an item", stamp(&app, &eid).await);

    app.state.clock.advance(Duration::minutes(1));
    let speaker = speakers::add(
        &cx,
        speakers::NewSpeaker {
            translations: Vec::new(),
            event_id: id,
            agenda_item_id: Some(AgendaItemId(item.id)),
            who: speakers::SpeakerWho::External {
                name: "Åsa Öberg".into(),
            },
            affiliation: Some("Region Skåne".into()),
            role: None,
            status: entities::SpeakerStatus::Confirmed,
        },
    )
    .await
    .expect("add speaker");
    changed("adding a speaker", stamp(&app, &eid).await);

    app.state.clock.advance(Duration::minutes(1));
    speakers::update(
        &cx,
        api::ids::SpeakerId(speaker.id),
        speakers::SpeakerChanges {
            role: Some(Some("Moderator".into())),
            ..Default::default()
        },
    )
    .await
    .expect("update speaker");
    changed("changing a speaker", stamp(&app, &eid).await);

    app.state.clock.advance(Duration::minutes(1));
    speakers::remove(&cx, api::ids::SpeakerId(speaker.id))
        .await
        .expect("remove speaker");
    changed("removing a speaker", stamp(&app, &eid).await);

    app.state.clock.advance(Duration::minutes(1));
    let second = agenda::add(
        &cx,
        id,
        agenda::AgendaItemInput {
            title: "Fika".into(),
            ..Default::default()
        },
        None,
    )
    .await
    .expect("add item");
    changed("adding a second item", stamp(&app, &eid).await);

    app.state.clock.advance(Duration::minutes(1));
    agenda::reorder(&cx, id, &[AgendaItemId(second.id), AgendaItemId(item.id)])
        .await
        .expect("reorder");
    changed("reordering", stamp(&app, &eid).await);

    app.state.clock.advance(Duration::minutes(1));
    agenda::remove(&cx, AgendaItemId(item.id))
        .await
        .expect("remove item");
    changed("removing an item", stamp(&app, &eid).await);
}

/// An event's `updatedAt` and `sequence`.
async fn stamp(app: &TestApp, id: &str) -> (String, Option<i64>) {
    let data = app
        .gql_ok(
            "query($id: ID!) { event(id: $id) { updatedAt sequence } }",
            json!({ "id": id }),
        )
        .await;
    (
        data["event"]["updatedAt"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        data["event"]["sequence"].as_i64(),
    )
}
