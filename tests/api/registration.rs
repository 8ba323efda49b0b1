//! Registration: policies, windows, hybrid capacity, waiting lists,
//! applications, history, organiser views, and integrity under concurrency.

use chrono::Duration;
use entities::{JoinLinkVisibility, NetworkRole};
use serde_json::{Value, json};

use crate::fixtures::{
    EventBuilder, NetworkBuilder, event_gid, organisation, organisation_gid, signed_in_with_role,
};
use crate::helpers::{TestApp, at, error_code, test_now, user_error_codes};

const REGISTER: &str = "mutation($input: RegisterInput!) { register(input: $input) {
    registration { id status mode waitlistPosition person { name } email organisation { name } organisationVerified consentedAt }
    manageToken alreadyRegistered userErrors { field code message } } }";
const CANCEL: &str = "mutation($input: RegistrationRefInput!) { cancelRegistration(input: $input) {
    registration { id status waitlistPosition } userErrors { field code } } }";
const SEATS: &str = "query($id: ID!) { event(id: $id) { seats { inPersonTaken inPersonRemaining onlineTaken onlineRemaining waitlisted pending } } }";

fn guest(event: &str, name: &str, email: &str, mode: &str) -> Value {
    json!({ "input": { "eventId": event, "mode": mode, "consent": true, "guest": { "name": name, "email": email } } })
}

async fn register(app: &TestApp, vars: Value) -> Value {
    app.gql_ok_as(None, REGISTER, vars).await["register"].clone()
}

async fn seats(app: &TestApp, event: &str) -> Value {
    app.gql_ok(SEATS, json!({ "id": event })).await["event"]["seats"].clone()
}

async fn hybrid_event(
    app: &TestApp,
    in_person: Option<i32>,
    online: Option<i32>,
) -> (entities::network::Model, String) {
    let network = NetworkBuilder::new("AllAgeHub").insert(app).await;
    let event = EventBuilder::new(&network)
        .title("Höstkonferens")
        .kind(entities::EventKind::Conference)
        .hybrid(JoinLinkVisibility::Registered)
        .capacity(in_person, online)
        .published()
        .insert(app)
        .await;
    let id = event_gid(&event);
    (network, id)
}

async fn outbox_kinds(app: &TestApp, email: &str) -> Vec<String> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    entities::outbox::Entity::find()
        .filter(entities::outbox::Column::RecipientEmail.eq(email))
        .order_by_asc(entities::outbox::Column::CreatedAt)
        .order_by_asc(entities::outbox::Column::Id)
        .all(app.db())
        .await
        .expect("outbox")
        .into_iter()
        .map(|m| m.kind)
        .collect()
}

#[tokio::test]
async fn a_guest_registers_online_and_registering_twice_changes_nothing() {
    let app = TestApp::spawn().await;
    let (_, event) = hybrid_event(&app, Some(100), Some(300)).await;
    let first = register(
        &app,
        guest(&event, "Åsa Öberg", "\u{c5}sa.Oberg@Example.se", "ONLINE"),
    )
    .await;
    assert_eq!(first["userErrors"], json!([]));
    assert_eq!(first["registration"]["status"], "CONFIRMED");
    assert_eq!(first["registration"]["mode"], "ONLINE");
    assert_eq!(first["registration"]["email"], "åsa.oberg@example.se");
    assert!(
        first["manageToken"]
            .as_str()
            .is_some_and(|t| t.starts_with("tpm_"))
    );
    assert_eq!(first["alreadyRegistered"], false);
    assert_eq!(
        outbox_kinds(&app, "åsa.oberg@example.se").await,
        ["REGISTRATION_CONFIRMED"]
    );

    // The same person, written with a decomposed Å and other case.
    let again = register(
        &app,
        guest(&event, "Åsa Öberg", "A\u{30a}SA.oberg@example.SE", "ONLINE"),
    )
    .await;
    assert_eq!(again["alreadyRegistered"], true);
    // Whoever typed the address learns nothing more; its person gets the
    // link again by mail.
    assert!(again["registration"].is_null(), "{again}");
    assert!(again["manageToken"].is_null());
    assert_eq!(
        outbox_kinds(&app, "åsa.oberg@example.se").await,
        ["REGISTRATION_CONFIRMED", "REGISTRATION_LINK_AGAIN"]
    );
    assert_eq!(seats(&app, &event).await["onlineTaken"], 1);

    let by_token = app
        .gql_ok_as(None, "query($t: String!) { registrationByManageToken(token: $t) { status event { title } } }", json!({ "t": first["manageToken"] }))
        .await;
    assert_eq!(
        by_token["registrationByManageToken"]["event"]["title"],
        "Höstkonferens"
    );
}

#[tokio::test]
async fn full_modes_waitlist_in_order_and_freed_seats_are_given_to_the_first_in_line() {
    let app = TestApp::spawn().await;
    let (_, event) = hybrid_event(&app, Some(2), None).await;
    let mut tokens = Vec::new();
    for i in 0..5 {
        let r = register(
            &app,
            guest(
                &event,
                &format!("Person {i}"),
                &format!("p{i}@example.se"),
                "IN_PERSON",
            ),
        )
        .await;
        tokens.push(r["manageToken"].as_str().expect("token").to_owned());
        let expected = if i < 2 {
            ("CONFIRMED", Value::Null)
        } else {
            ("WAITLISTED", json!(i - 1))
        };
        assert_eq!(r["registration"]["status"], expected.0, "{r}");
        assert_eq!(r["registration"]["waitlistPosition"], expected.1);
    }
    assert_eq!(outbox_kinds(&app, "p3@example.se").await, ["WAITLISTED"]);
    let online = register(
        &app,
        guest(&event, "Nätdeltagare", "online@example.se", "ONLINE"),
    )
    .await;
    assert_eq!(
        online["registration"]["status"], "CONFIRMED",
        "online is unlimited"
    );
    assert_eq!(
        seats(&app, &event).await,
        json!({ "inPersonTaken": 2, "inPersonRemaining": 0, "onlineTaken": 1, "onlineRemaining": null, "waitlisted": 3, "pending": 0 })
    );

    let cancelled = app
        .gql_ok_as(
            None,
            CANCEL,
            json!({ "input": { "manageToken": tokens[0] } }),
        )
        .await;
    assert_eq!(
        cancelled["cancelRegistration"]["registration"]["status"],
        "CANCELLED"
    );
    let twice = app
        .gql_ok_as(
            None,
            CANCEL,
            json!({ "input": { "manageToken": tokens[0] } }),
        )
        .await;
    assert_eq!(
        twice["cancelRegistration"]["userErrors"],
        json!([]),
        "cancelling twice is not an error"
    );
    assert_eq!(
        outbox_kinds(&app, "p2@example.se").await,
        ["WAITLISTED", "PROMOTED_FROM_WAITLIST"]
    );
    let s = seats(&app, &event).await;
    assert_eq!(
        (s["inPersonTaken"].clone(), s["waitlisted"].clone()),
        (json!(2), json!(2))
    );

    // The one who cancelled may register again, at the end of the line:
    // two wait before her now (the first of three got the seat), so she is 3.
    let back = register(
        &app,
        guest(&event, "Person 0", "p0@example.se", "IN_PERSON"),
    )
    .await;
    assert_eq!(back["registration"]["status"], "WAITLISTED");
    assert_eq!(back["registration"]["waitlistPosition"], 3);

    // Raising the capacity promotes the first in line.
    app.gql_ok(
        "mutation($id: ID!) { updateEvent(input: { id: $id, capacity: { inPerson: 4 } }) { userErrors { code } } }",
        json!({ "id": event }),
    )
    .await;
    let list = app
        .gql_ok(
            "query($id: ID!) { event(id: $id) { registrations(filter: { modes: [IN_PERSON], statuses: [CONFIRMED] }) { totalCount nodes { email } } } }",
            json!({ "id": event }),
        )
        .await;
    let confirmed: Vec<&str> = list["event"]["registrations"]["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| n["email"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        confirmed,
        [
            "p1@example.se",
            "p2@example.se",
            "p3@example.se",
            "p4@example.se"
        ]
    );
}

#[tokio::test]
async fn windows_members_consent_and_answers_are_enforced_with_clear_errors() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Socialchefsnätverket")
        .closed()
        .insert(&app)
        .await;
    let ale = organisation(&app, "Ale kommun").await;
    app.gql_ok(
        "mutation($n: ID!, $o: ID!) { addNetworkMember(input: { networkId: $n, organisationId: $o }) { userErrors { code } } }",
        json!({ "n": crate::fixtures::network_gid(&network), "o": organisation_gid(&ale) }),
    )
    .await;
    let meeting = EventBuilder::new(&network)
        .title("Fredagsmöte")
        .published()
        .insert(&app)
        .await;
    let id = event_gid(&meeting);
    let question = app
        .gql_ok(
            "mutation($id: ID!) { addRegistrationQuestion(input: { eventId: $id, kind: SINGLE_CHOICE, label: \"Lunch?\", options: [\"Ja\", \"Nej\"], required: true }) { question { id } userErrors { code } } }",
            json!({ "id": id }),
        )
        .await["addRegistrationQuestion"]["question"]["id"]
        .clone();
    let ok_answer = json!([{ "questionId": question, "values": ["Ja"] }]);
    // A guest naming a member organisation proves nothing: to anyone who is
    // not a member the event does not exist.
    let outsider = register(
        &app,
        json!({ "input": { "eventId": id, "consent": true, "answers": ok_answer,
            "guest": { "name": "Gäst", "email": "x@example.se", "organisationId": organisation_gid(&ale) } } }),
    )
    .await;
    assert_eq!(user_error_codes(&outsider), ["NOT_FOUND"]);
    // A verified address in Ale's mail domain does.
    app.gql_ok(
        "mutation($o: ID!) { setOrganisationEmailDomains(input: { organisationId: $o, domains: [\"ale.se\"] }) { userErrors { code } } }",
        json!({ "o": organisation_gid(&ale) }),
    )
    .await;
    let ale_token = app.sign_in("y@ale.se").await;
    let register_as = |vars: Value| {
        let token = ale_token.clone();
        let app = &app;
        async move { app.gql_ok_as(Some(&token), REGISTER, vars).await["register"].clone() }
    };
    let base = |_email: &str, _org: Option<String>, consent: bool, answers: Value| json!({ "input": { "eventId": id, "consent": consent, "answers": answers } });
    let no_consent = register_as(base(
        "y@example.se",
        Some(organisation_gid(&ale)),
        false,
        ok_answer.clone(),
    ))
    .await;
    assert_eq!(user_error_codes(&no_consent), ["CONSENT_REQUIRED"]);
    let missing = register_as(base(
        "y@example.se",
        Some(organisation_gid(&ale)),
        true,
        json!([]),
    ))
    .await;
    assert_eq!(user_error_codes(&missing), ["REQUIRED"]);
    let wrong = register_as(base(
        "y@example.se",
        Some(organisation_gid(&ale)),
        true,
        json!([{ "questionId": question, "values": ["Kanske"] }]),
    ))
    .await;
    assert!(user_error_codes(&wrong).contains(&"INVALID".to_owned()));
    let member = register_as(base(
        "y@example.se",
        Some(organisation_gid(&ale)),
        true,
        ok_answer.clone(),
    ))
    .await;
    assert_eq!(member["registration"]["status"], "CONFIRMED", "{member}");
    assert_eq!(member["registration"]["organisation"]["name"], "Ale kommun");
    assert_eq!(member["registration"]["organisationVerified"], true);

    let member_token =
        signed_in_with_role(&app, &network, "medlem@example.se", NetworkRole::Member).await;
    let signed_in = app
        .gql_ok_as(
            Some(&member_token),
            REGISTER,
            json!({ "input": { "eventId": id, "consent": true, "answers": ok_answer } }),
        )
        .await;
    assert_eq!(signed_in["register"]["registration"]["status"], "CONFIRMED");

    let anonymous = app
        .gql_ok_as(
            None,
            REGISTER,
            json!({ "input": { "eventId": id, "consent": true } }),
        )
        .await["register"]
        .clone();
    assert_eq!(
        user_error_codes(&anonymous),
        ["NOT_FOUND"],
        "a members-only event does not exist for anonymous callers"
    );

    // The window: closed after the deadline, not open before it opens.
    let later = EventBuilder::new(&network)
        .title("Senare")
        .members_only(true)
        .published()
        .insert(&app)
        .await;
    app.gql_ok(
        "mutation($id: ID!, $o: DateTime, $c: DateTime) { updateEvent(input: { id: $id, registrationOpensAt: $o, registrationClosesAt: $c }) { userErrors { code } } }",
        json!({ "id": event_gid(&later), "o": (test_now() + Duration::days(1)).to_rfc3339(), "c": (test_now() + Duration::days(2)).to_rfc3339() }),
    )
    .await;
    let early = app
        .gql_ok_as(
            Some(&member_token),
            REGISTER,
            json!({ "input": { "eventId": event_gid(&later), "consent": true } }),
        )
        .await;
    assert_eq!(
        user_error_codes(&early["register"]),
        ["REGISTRATION_CLOSED"]
    );
    app.state.clock.advance(Duration::days(3));
    let late = app
        .gql_ok_as(
            Some(&member_token),
            REGISTER,
            json!({ "input": { "eventId": event_gid(&later), "consent": true } }),
        )
        .await;
    assert_eq!(user_error_codes(&late["register"]), ["REGISTRATION_CLOSED"]);

    let draft = EventBuilder::new(&network)
        .starts_at(test_now() + Duration::days(30))
        .insert(&app)
        .await;
    let unpublished = register_as(base(
        "y@example.se",
        Some(organisation_gid(&ale)),
        true,
        json!([]),
    ))
    .await;
    let _ = unpublished;
    let hidden = app
        .gql_ok_as(
            Some(&member_token),
            REGISTER,
            json!({ "input": { "eventId": event_gid(&draft), "consent": true } }),
        )
        .await;
    assert_eq!(
        user_error_codes(&hidden["register"]),
        ["NOT_FOUND"],
        "a draft is not there for participants"
    );
}

#[tokio::test]
async fn municipalities_apply_once_and_organisers_decide() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Aldersvennlig Norge")
        .time_zone("Europe/Oslo")
        .insert(&app)
        .await;
    let organiser =
        signed_in_with_role(&app, &network, "senter@example.no", NetworkRole::Organiser).await;
    let project = EventBuilder::new(&network)
        .title("Mobilisering av friske eldre")
        .starts_at(at("2026-10-01T07:00:00Z"))
        .published()
        .insert(&app)
        .await;
    let id = event_gid(&project);
    app.gql_ok(
        "mutation($id: ID!) { updateEvent(input: { id: $id, registrationPolicy: APPLICATION, capacity: { inPerson: 1 } }) { userErrors { code } } }",
        json!({ "id": id }),
    )
    .await;
    let baerum = organisation(&app, "Bærum kommune").await;
    let tromso = organisation(&app, "Tromsø kommune").await;
    let apply = |email: &str, org: &entities::organisation::Model| {
        json!({ "input": { "eventId": id, "consent": true, "applyingOrganisationId": organisation_gid(org),
            "guest": { "name": "Kari Nordmann", "email": email } } })
    };
    let first = register(&app, apply("kari@baerum.example.no", &baerum)).await;
    assert_eq!(first["registration"]["status"], "PENDING");
    assert_eq!(
        outbox_kinds(&app, "kari@baerum.example.no").await,
        ["REGISTRATION_RECEIVED"]
    );
    let same_org = register(&app, apply("ola@baerum.example.no", &baerum)).await;
    assert_eq!(
        user_error_codes(&same_org),
        ["TAKEN"],
        "one application per organisation"
    );
    let second = register(&app, apply("ase@tromso.example.no", &tromso)).await;
    assert_eq!(seats(&app, &id).await["pending"], 2);

    let decide = "mutation($id: ID!, $d: Decision!) { decideRegistration(input: { id: $id, decision: $d, message: \"Velkommen!\" }) {
        registration { status waitlistPosition decisionMessage history { fromStatus toStatus actor { name } note } } userErrors { code } } }";
    let participant = app.sign_in("kari@baerum.example.no").await;
    let self_decide = app
        .gql_as(
            Some(&participant),
            decide,
            json!({ "id": first["registration"]["id"], "d": "APPROVE" }),
        )
        .await;
    assert_eq!(error_code(&self_decide), "FORBIDDEN");
    let approved = app
        .gql_ok_as(
            Some(&organiser),
            decide,
            json!({ "id": first["registration"]["id"], "d": "APPROVE" }),
        )
        .await;
    let reg = &approved["decideRegistration"]["registration"];
    assert_eq!(reg["status"], "CONFIRMED");
    assert_eq!(reg["history"][1]["fromStatus"], "PENDING");
    assert_eq!(reg["history"][1]["toStatus"], "CONFIRMED");
    assert_eq!(reg["history"][1]["actor"]["name"], "senter");
    assert_eq!(
        outbox_kinds(&app, "kari@baerum.example.no").await,
        ["REGISTRATION_RECEIVED", "APPLICATION_APPROVED"]
    );
    let again = app
        .gql_ok_as(
            Some(&organiser),
            decide,
            json!({ "id": first["registration"]["id"], "d": "REJECT" }),
        )
        .await;
    assert_eq!(
        user_error_codes(&again["decideRegistration"]),
        ["ALREADY_DECIDED"]
    );
    let second_approved = app
        .gql_ok_as(
            Some(&organiser),
            decide,
            json!({ "id": second["registration"]["id"], "d": "APPROVE" }),
        )
        .await;
    assert_eq!(
        second_approved["decideRegistration"]["registration"]["status"], "WAITLISTED",
        "approved beyond capacity: the waiting list"
    );
}

#[tokio::test]
async fn modes_switch_when_seats_allow_and_organisers_check_people_in() {
    let app = TestApp::spawn().await;
    let (network, event) = hybrid_event(&app, Some(1), Some(1)).await;
    let organiser =
        signed_in_with_role(&app, &network, "org@example.se", NetworkRole::Organiser).await;
    let a = register(&app, guest(&event, "A", "a@example.se", "IN_PERSON")).await;
    let b = register(&app, guest(&event, "B", "b@example.se", "ONLINE")).await;
    let c = register(&app, guest(&event, "C", "c@example.se", "IN_PERSON")).await;
    assert_eq!(c["registration"]["status"], "WAITLISTED");
    let switch = "mutation($input: ChangeRegistrationModeInput!) { changeRegistrationMode(input: $input) { registration { mode status } userErrors { code } } }";
    let full = app
        .gql_ok_as(
            None,
            switch,
            json!({ "input": { "manageToken": a["manageToken"], "mode": "ONLINE" } }),
        )
        .await;
    assert_eq!(user_error_codes(&full["changeRegistrationMode"]), ["FULL"]);
    app.gql_ok_as(
        None,
        CANCEL,
        json!({ "input": { "manageToken": b["manageToken"] } }),
    )
    .await;
    let moved = app
        .gql_ok_as(
            None,
            switch,
            json!({ "input": { "manageToken": a["manageToken"], "mode": "ONLINE" } }),
        )
        .await;
    assert_eq!(
        moved["changeRegistrationMode"]["registration"],
        json!({ "mode": "ONLINE", "status": "CONFIRMED" })
    );
    let c_now = app
        .gql_ok_as(
            None,
            "query($t: String!) { registrationByManageToken(token: $t) { status } }",
            json!({ "t": c["manageToken"] }),
        )
        .await;
    assert_eq!(
        c_now["registrationByManageToken"]["status"], "CONFIRMED",
        "the freed in-person seat went to C"
    );

    let check_in = "mutation($id: ID!) { checkIn(input: { id: $id }) { registration { checkedInAt } userErrors { code } } }";
    let participant = app.sign_in("c@example.se").await;
    assert_eq!(
        error_code(
            &app.gql_as(
                Some(&participant),
                check_in,
                json!({ "id": c["registration"]["id"] })
            )
            .await
        ),
        "FORBIDDEN"
    );
    let done = app
        .gql_ok_as(
            Some(&organiser),
            check_in,
            json!({ "id": c["registration"]["id"] }),
        )
        .await;
    assert!(done["checkIn"]["registration"]["checkedInAt"].is_string());

    let list = "query($id: ID!) { event(id: $id) { registrations { totalCount } } }";
    assert_eq!(
        error_code(&app.gql_as(None, list, json!({ "id": event })).await),
        "UNAUTHENTICATED"
    );
    assert_eq!(
        error_code(
            &app.gql_as(Some(&participant), list, json!({ "id": event }))
                .await
        ),
        "FORBIDDEN"
    );
    assert_eq!(
        app.gql_ok_as(Some(&organiser), list, json!({ "id": event }))
            .await["event"]["registrations"]["totalCount"],
        3
    );
    let mine = app
        .gql_ok_as(
            Some(&participant),
            "{ viewer { registrations { status event { title } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        mine["viewer"]["registrations"][0]["event"]["title"],
        "Höstkonferens"
    );
}

#[tokio::test]
async fn two_hundred_at_once_never_overbook_and_the_line_is_first_come() {
    let app = TestApp::spawn().await;
    let (_, event) = hybrid_event(&app, Some(50), None).await;
    let requests = (0..200).map(|i| {
        let app = &app;
        let vars = guest(
            &event,
            &format!("Deltagare {i}"),
            &format!("d{i}@example.se"),
            "IN_PERSON",
        );
        async move { app.gql_as(None, REGISTER, vars).await }
    });
    let answers = futures::future::join_all(requests).await;
    let mut confirmed = 0;
    let mut waitlist: Vec<(i64, String)> = Vec::new();
    for answer in &answers {
        assert!(answer.get("errors").is_none(), "no errors: {answer}");
        let r = &answer["data"]["register"]["registration"];
        match r["status"].as_str() {
            Some("CONFIRMED") => confirmed += 1,
            Some("WAITLISTED") => waitlist.push((
                r["waitlistPosition"].as_i64().expect("position"),
                r["id"].as_str().unwrap_or_default().to_owned(),
            )),
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(confirmed, 50);
    assert_eq!(waitlist.len(), 150);
    waitlist.sort();
    let positions: Vec<i64> = waitlist.iter().map(|(p, _)| *p).collect();
    assert_eq!(
        positions,
        (1..=150).collect::<Vec<_>>(),
        "positions are 1..150 without gaps"
    );
    let ids: Vec<uuid::Uuid> = waitlist
        .iter()
        .map(|(_, id)| {
            api::graphql::ids::decode_any(&async_graphql_id(id))
                .expect("id")
                .1
        })
        .collect();
    let mut by_arrival = ids.clone();
    by_arrival.sort();
    assert_eq!(ids, by_arrival, "the line is in order of arrival");
    let s = seats(&app, &event).await;
    assert_eq!(
        (s["inPersonTaken"].clone(), s["waitlisted"].clone()),
        (json!(50), json!(150))
    );

    // Cancellations and new registrations at the same time keep counts exact.
    let confirmed_ids: Vec<String> = answers
        .iter()
        .filter(|a| a["data"]["register"]["registration"]["status"] == "CONFIRMED")
        .take(20)
        .map(|a| {
            a["data"]["register"]["manageToken"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    let cancels = confirmed_ids.iter().map(|token| {
        let app = &app;
        let vars = json!({ "input": { "manageToken": token } });
        async move { app.gql_as(None, CANCEL, vars).await }
    });
    let newcomers = (200..220).map(|i| {
        let app = &app;
        let vars = guest(
            &event,
            &format!("Ny {i}"),
            &format!("n{i}@example.se"),
            "IN_PERSON",
        );
        async move { app.gql_as(None, REGISTER, vars).await }
    });
    let (cancelled, _) = futures::future::join(
        futures::future::join_all(cancels),
        futures::future::join_all(newcomers),
    )
    .await;
    assert!(cancelled.iter().all(|c| c.get("errors").is_none()));
    let s = seats(&app, &event).await;
    assert_eq!(
        s["inPersonTaken"], 50,
        "freed seats were filled from the line: {s}"
    );
    assert_eq!(
        s["waitlisted"], 150,
        "150 - 20 promoted + 20 newcomers: {s}"
    );
}

fn async_graphql_id(id: &str) -> async_graphql::ID {
    async_graphql::ID(id.to_owned())
}

/// The manage token in the newest mail of `kind` to `email`.
pub(crate) async fn mailed_manage_token(app: &TestApp, email: &str, kind: &str) -> String {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let mail = entities::outbox::Entity::find()
        .filter(entities::outbox::Column::RecipientEmail.eq(email))
        .filter(entities::outbox::Column::Kind.eq(kind))
        .order_by_desc(entities::outbox::Column::CreatedAt)
        .one(app.db())
        .await
        .expect("outbox")
        .unwrap_or_else(|| panic!("no {kind} mail to {email}"));
    let marker = "/registrations/manage?token=";
    let at = mail
        .body_text
        .find(marker)
        .unwrap_or_else(|| panic!("no manage link in {kind}: {}", mail.body_text));
    mail.body_text[at + marker.len()..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect()
}

#[tokio::test]
async fn i_cannot_come_after_all_cancel_from_the_reminder_and_the_seat_goes_on() {
    let app = TestApp::spawn().await;
    let (_, event) = hybrid_event(&app, Some(1), None).await;
    register(&app, guest(&event, "Anna", "anna@example.se", "IN_PERSON")).await;
    register(&app, guest(&event, "Bo", "bo@example.se", "IN_PERSON")).await;
    register(
        &app,
        guest(&event, "Cecilia", "cecilia@example.se", "IN_PERSON"),
    )
    .await;
    let scheduled = app
        .gql_ok(
            "mutation($id: ID!) { scheduleReminder(input: { eventId: $id, offsetMinutes: 1440, audience: CONFIRMED }) { reminder { id } userErrors { code } } }",
            json!({ "id": event }),
        )
        .await;
    let reminder = scheduled["scheduleReminder"]["reminder"]["id"].clone();
    app.gql_ok(
        "mutation($id: ID!) { sendReminderNow(input: { reminderId: $id }) { queued userErrors { code } } }",
        json!({ "id": reminder }),
    )
    .await;
    let from_reminder = mailed_manage_token(&app, "anna@example.se", "REMINDER").await;
    let cancelled = app
        .gql_ok_as(
            None,
            CANCEL,
            json!({ "input": { "manageToken": from_reminder } }),
        )
        .await;
    assert_eq!(
        cancelled["cancelRegistration"]["registration"]["status"],
        "CANCELLED"
    );

    // Bo got the seat, and his promotion mail lets him cancel in turn.
    let from_promotion = mailed_manage_token(&app, "bo@example.se", "PROMOTED_FROM_WAITLIST").await;
    let bo = app
        .gql_ok_as(None, "query($t: String!) { registrationByManageToken(token: $t) { status person { name } } }", json!({ "t": from_promotion }))
        .await;
    assert_eq!(bo["registrationByManageToken"]["status"], "CONFIRMED");
    app.gql_ok_as(
        None,
        CANCEL,
        json!({ "input": { "manageToken": from_promotion } }),
    )
    .await;
    let s = seats(&app, &event).await;
    assert_eq!(
        (s["inPersonTaken"].clone(), s["waitlisted"].clone()),
        (json!(1), json!(0)),
        "Cecilia has it now"
    );
}

#[tokio::test]
async fn nobody_is_promoted_to_an_event_that_was_called_off() {
    let app = TestApp::spawn().await;
    let (_, id) = hybrid_event(&app, Some(1), None).await;
    let first = register(&app, guest(&id, "Först", "forst@example.se", "IN_PERSON")).await;
    let second = register(&app, guest(&id, "Andra", "andra@example.se", "IN_PERSON")).await;
    assert_eq!(second["registration"]["status"], "WAITLISTED");
    app.gql_ok(
        "mutation($id: ID!) { cancelEvent(input: { id: $id }) { userErrors { code } } }",
        json!({ "id": id }),
    )
    .await;
    let cancelled = app
        .gql_ok_as(
            None,
            CANCEL,
            json!({ "input": { "manageToken": first["manageToken"] } }),
        )
        .await;
    assert_eq!(
        cancelled["cancelRegistration"]["registration"]["status"],
        "CANCELLED"
    );
    let still = app
        .gql_ok_as(
            None,
            "query($t: String!) { registrationByManageToken(token: $t) { status } }",
            json!({ "t": second["manageToken"] }),
        )
        .await;
    assert_eq!(still["registrationByManageToken"]["status"], "WAITLISTED");
    assert!(
        !outbox_kinds(&app, "andra@example.se")
            .await
            .contains(&"PROMOTED_FROM_WAITLIST".to_owned())
    );
}

#[tokio::test]
async fn an_address_the_mailer_cannot_send_to_is_refused_at_registration() {
    let app = TestApp::spawn().await;
    let (_, event) = hybrid_event(&app, Some(100), Some(300)).await;
    // Each of these once passed the registration's own check and was then
    // refused by the mailer: the confirmation never went out.
    for email in ["anna@-kommun-.se", "anna..berg@example.se"] {
        let refused = register(&app, guest(&event, "Anna Berg", email, "ONLINE")).await;
        assert_eq!(refused["registration"], Value::Null, "{email}");
        assert_eq!(
            refused["userErrors"][0]["field"],
            json!(["input", "guest", "email"]),
            "{email}: {refused}"
        );
    }
    assert_eq!(seats(&app, &event).await["onlineTaken"], 0);
    // Internationalised domains are addresses like any other.
    let accepted = register(
        &app,
        guest(&event, "Åse Nordmann", "Åse@Tromsø.Kommune.no", "ONLINE"),
    )
    .await;
    assert_eq!(accepted["userErrors"], json!([]));
    assert_eq!(accepted["registration"]["email"], "åse@tromsø.kommune.no");
}

/// No `people` row for `email`, read straight from the table.
async fn no_person(app: &TestApp, email: &str) -> bool {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    entities::person::Entity::find()
        .filter(entities::person::Column::Email.eq(email))
        .one(app.db())
        .await
        .expect("people")
        .is_none()
}

#[tokio::test]
async fn a_refused_registration_leaves_no_person_behind() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Socialchefsnätverket")
        .closed()
        .insert(&app)
        .await;
    // Refused once the person is known: a member registers a guest who is
    // not a member of the network.
    let members = EventBuilder::new(&network)
        .members_only(true)
        .published()
        .insert(&app)
        .await;
    let member = signed_in_with_role(&app, &network, "maja@example.se", NetworkRole::Member).await;
    let for_guest = app
        .gql_ok_as(
            Some(&member),
            REGISTER,
            guest(
                &event_gid(&members),
                "Örjan Ström",
                "orjan@example.se",
                "IN_PERSON",
            ),
        )
        .await["register"]
        .clone();
    assert_eq!(
        user_error_codes(&for_guest),
        ["NOT_A_MEMBER"],
        "{for_guest}"
    );
    assert!(no_person(&app, "orjan@example.se").await);

    // Refused because the organisation has applied already.
    let project = EventBuilder::new(&network)
        .members_only(false)
        .published()
        .insert(&app)
        .await;
    let id = event_gid(&project);
    app.gql_ok(
        "mutation($id: ID!) { updateEvent(input: { id: $id, registrationPolicy: APPLICATION }) { userErrors { code } } }",
        json!({ "id": id }),
    )
    .await;
    let kommun = organisation(&app, "Mölndals stad").await;
    let apply = |email: &str| {
        json!({ "input": { "eventId": id, "consent": true, "applyingOrganisationId": organisation_gid(&kommun),
            "guest": { "name": "Åsa Öberg", "email": email } } })
    };
    let first = register(&app, apply("asa@example.se")).await;
    assert_eq!(first["registration"]["status"], "PENDING", "{first}");
    let same_org = register(&app, apply("ake@example.se")).await;
    assert_eq!(user_error_codes(&same_org), ["TAKEN"], "{same_org}");
    assert!(no_person(&app, "ake@example.se").await);

    // Refused before anything is stored: registration closed, answers missing.
    let draft = EventBuilder::new(&network)
        .members_only(false)
        .insert(&app)
        .await;
    let closed = register(
        &app,
        guest(&event_gid(&draft), "Ölof", "olof@example.se", "IN_PERSON"),
    )
    .await;
    assert!(!user_error_codes(&closed).is_empty(), "{closed}");
    assert!(no_person(&app, "olof@example.se").await);
}
