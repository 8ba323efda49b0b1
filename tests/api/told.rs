//! What participants are told must be true (issue 13): places on the
//! waiting list as they are now, decisions that say what resulted, modes an
//! event does not offer.

use serde_json::{Value, json};

use crate::fixtures::{EventBuilder, NetworkBuilder, event_gid, organisation, organisation_gid};
use crate::helpers::{TestApp, user_error_codes};

const REGISTER: &str = "mutation($input: RegisterInput!) { register(input: $input) {
    registration { id status mode waitlistPosition } manageToken userErrors { field code } } }";

fn guest(event: &str, name: &str, email: &str, mode: &str) -> Value {
    json!({ "input": { "eventId": event, "mode": mode, "consent": true,
        "guest": { "name": name, "email": email } } })
}

async fn register(app: &TestApp, vars: Value) -> Value {
    app.gql_ok_as(None, REGISTER, vars).await["register"].clone()
}

async fn place(app: &TestApp, token: &Value) -> Value {
    app.gql_ok_as(
        None,
        "query($t: String!) { registrationByManageToken(token: $t) { status waitlistPosition } }",
        json!({ "t": token }),
    )
    .await["registrationByManageToken"]
        .clone()
}

async fn hybrid(app: &TestApp, in_person: Option<i32>, online: Option<i32>) -> String {
    let network = NetworkBuilder::new("AllAgeHub").insert(app).await;
    let event = EventBuilder::new(&network)
        .hybrid(entities::JoinLinkVisibility::Registered)
        .capacity(in_person, online)
        .published()
        .insert(app)
        .await;
    event_gid(&event)
}

async fn positions(app: &TestApp, tokens: &[Value]) -> Vec<Value> {
    let mut out = Vec::new();
    for t in tokens {
        out.push(place(app, t).await["waitlistPosition"].clone());
    }
    out
}

#[tokio::test]
async fn waiting_list_places_move_up_when_someone_ahead_leaves() {
    let app = TestApp::spawn().await;
    let id = hybrid(&app, Some(1), None).await;
    let mut tokens = Vec::new();
    for (i, name) in ["Anna", "Bo", "Cilla", "Dag", "Eva"].iter().enumerate() {
        let r = register(
            &app,
            guest(&id, name, &format!("p{i}@example.se"), "IN_PERSON"),
        )
        .await;
        tokens.push(r["manageToken"].clone());
    }
    assert_eq!(
        positions(&app, &tokens).await,
        [json!(null), json!(1), json!(2), json!(3), json!(4)]
    );
    // Anna cancels: Bo gets her seat, everyone behind him moves up.
    let cancel = "mutation($t: String!) { cancelRegistration(input: { manageToken: $t }) { userErrors { code } } }";
    app.gql_ok_as(None, cancel, json!({ "t": tokens[0] })).await;
    assert_eq!(place(&app, &tokens[1]).await["status"], "CONFIRMED");
    assert_eq!(
        positions(&app, &tokens[2..]).await,
        [json!(1), json!(2), json!(3)]
    );
    // Dag, in the middle of the line, cancels: Eva moves up, Cilla stays first.
    app.gql_ok_as(None, cancel, json!({ "t": tokens[3] })).await;
    assert_eq!(
        positions(&app, &[tokens[2].clone(), tokens[4].clone()]).await,
        [json!(1), json!(2)]
    );
    // Cilla moves to the (unlimited) online mode: Eva is next in person.
    app.gql_ok_as(
        None,
        "mutation($t: String!) { changeRegistrationMode(input: { manageToken: $t, mode: ONLINE }) { userErrors { code } } }",
        json!({ "t": tokens[2] }),
    )
    .await;
    assert_eq!(place(&app, &tokens[4]).await["waitlistPosition"], 1);
    // A newcomer queues behind her, at 2, not at the old end of the line.
    let newcomer = register(&app, guest(&id, "Frida", "frida@example.se", "IN_PERSON")).await;
    assert_eq!(newcomer["registration"]["waitlistPosition"], 2);
}

#[tokio::test]
async fn an_approval_into_a_full_mode_says_waiting_list_and_the_place() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Aldersvennlig Norge")
        .locale("nb")
        .insert(&app)
        .await;
    let project = EventBuilder::new(&network).published().insert(&app).await;
    let id = event_gid(&project);
    app.gql_ok(
        "mutation($id: ID!) { updateEvent(input: { id: $id, registrationPolicy: APPLICATION, capacity: { inPerson: 1 } }) { userErrors { code } } }",
        json!({ "id": id }),
    )
    .await;
    let mut ids = Vec::new();
    for (email, org) in [
        ("kari@baerum.example.no", "Bærum kommune"),
        ("ase@tromso.example.no", "Tromsø kommune"),
    ] {
        let org = organisation(&app, org).await;
        let r = register(
            &app,
            json!({ "input": { "eventId": id, "consent": true, "applyingOrganisationId": organisation_gid(&org),
                "guest": { "name": "Kari", "email": email } } }),
        )
        .await;
        ids.push(r["registration"]["id"].clone());
    }
    let decide = "mutation($id: ID!) { decideRegistration(input: { id: $id, decision: APPROVE }) {
        registration { status waitlistPosition } userErrors { code } } }";
    let first = app.gql_ok(decide, json!({ "id": ids[0] })).await;
    assert_eq!(
        first["decideRegistration"]["registration"]["status"],
        "CONFIRMED"
    );
    let second = app.gql_ok(decide, json!({ "id": ids[1] })).await;
    let reg = &second["decideRegistration"]["registration"];
    assert_eq!(reg["status"], "WAITLISTED");
    assert_eq!(reg["waitlistPosition"], 1);
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let mails = entities::outbox::Entity::find()
        .filter(entities::outbox::Column::RecipientEmail.eq("ase@tromso.example.no"))
        .filter(entities::outbox::Column::Kind.eq("APPLICATION_APPROVED"))
        .all(app.db())
        .await
        .expect("outbox");
    assert_eq!(mails.len(), 1);
    let text = &mails[0].body_text;
    assert!(text.contains("ventelisten (plass 1)"), "{text}");
    assert!(!text.contains("Velkommen!"), "{text}");
    let confirmed = entities::outbox::Entity::find()
        .filter(entities::outbox::Column::RecipientEmail.eq("kari@baerum.example.no"))
        .filter(entities::outbox::Column::Kind.eq("APPLICATION_APPROVED"))
        .all(app.db())
        .await
        .expect("outbox");
    assert!(confirmed[0].body_text.contains("Velkommen!"));
}

#[tokio::test]
async fn a_mode_the_event_does_not_offer_is_refused_and_a_full_one_waitlists() {
    let app = TestApp::spawn().await;
    let id = hybrid(&app, Some(1), Some(0)).await;
    let online = register(&app, guest(&id, "Åsa", "asa@example.se", "ONLINE")).await;
    assert_eq!(user_error_codes(&online), ["MODE_NOT_OFFERED"]);
    let first = register(&app, guest(&id, "Bo", "bo@example.se", "IN_PERSON")).await;
    assert_eq!(first["registration"]["status"], "CONFIRMED");
    let full = register(&app, guest(&id, "Cilla", "cilla@example.se", "IN_PERSON")).await;
    assert_eq!(full["registration"]["status"], "WAITLISTED");
    // Moving to a mode without seats is refused the same way.
    let moved = app
        .gql_ok_as(
            None,
            "mutation($t: String!) { changeRegistrationMode(input: { manageToken: $t, mode: ONLINE }) { userErrors { code } } }",
            json!({ "t": first["manageToken"] }),
        )
        .await;
    assert_eq!(
        user_error_codes(&moved["changeRegistrationMode"]),
        ["MODE_NOT_OFFERED"]
    );
    // An in-person event offers no online mode at all.
    let network = NetworkBuilder::new("GR").insert(&app).await;
    let in_person = EventBuilder::new(&network).published().insert(&app).await;
    let answer = register(
        &app,
        guest(&event_gid(&in_person), "Dag", "dag@example.se", "ONLINE"),
    )
    .await;
    assert_eq!(user_error_codes(&answer), ["MODE_NOT_OFFERED"]);
}

#[tokio::test]
async fn written_organisations_group_across_case_and_normalisation_with_their_nordic_letters() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("GR").insert(&app).await;
    let event = EventBuilder::new(&network)
        .starts_at(crate::helpers::test_now() + chrono::Duration::days(1))
        .published()
        .insert(&app)
        .await;
    let id = event_gid(&event);
    // Typed composed twice, decomposed once, and once without its ö.
    for (i, written) in [
        "Mölndals stad",
        "Mo\u{308}lndals stad",
        "MÖLNDALS STAD",
        "Molndals stad",
        "Mölndals stad",
    ]
    .iter()
    .enumerate()
    {
        let r = register(
            &app,
            json!({ "input": { "eventId": id, "consent": true,
                "guest": { "name": format!("D {i}"), "email": format!("d{i}@example.se"), "organisationName": written } } }),
        )
        .await;
        assert_eq!(r["registration"]["status"], "CONFIRMED", "{r}");
    }
    // Statistics count events that have taken place.
    app.state.clock.advance(chrono::Duration::days(3));
    let stats = app
        .gql_ok(
            "query($id: ID!) { node(id: $id) { ... on Network { attendance(from: \"2026-01-01T00:00:00Z\") { organisations { name participants } } } } }",
            json!({ "id": crate::fixtures::network_gid(&network) }),
        )
        .await;
    assert_eq!(
        stats["node"]["attendance"]["organisations"],
        json!([{ "name": "Mölndals stad", "participants": 5 }])
    );
}

#[tokio::test]
async fn a_date_range_across_the_end_of_summer_time_labels_each_date() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Branschråd äldreomsorg")
        .insert(&app)
        .await;
    let event = EventBuilder::new(&network)
        .times(
            crate::helpers::at("2026-10-20T07:00:00Z"),
            crate::helpers::at("2026-12-03T15:00:00Z"),
        )
        .published()
        .insert(&app)
        .await;
    let r = register(
        &app,
        json!({ "input": { "eventId": event_gid(&event), "consent": true,
            "guest": { "name": "Åsa", "email": "asa@example.se" } } }),
    )
    .await;
    assert_eq!(r["registration"]["status"], "CONFIRMED");
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let mail = entities::outbox::Entity::find()
        .filter(entities::outbox::Column::RecipientEmail.eq("asa@example.se"))
        .one(app.db())
        .await
        .expect("outbox")
        .expect("a confirmation");
    assert!(
        mail.body_text.contains(
            "tisdag 20 oktober 2026 kl. 09:00 (CEST) – torsdag 3 december 2026 kl. 16:00 (CET)"
        ),
        "{}",
        mail.body_text
    );
}
