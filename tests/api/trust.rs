//! Trust and privacy (issue 12): who reads personal data, membership that is
//! proven, contact addresses, join links, existence, forged registrations.
//! Each `hole_*` test failed on the code before the issue was closed.

use chrono::Duration;
use entities::{JoinLinkVisibility, NetworkRole};
use serde_json::{Value, json};

use api::graphql::ids::GlobalId;

use crate::fixtures::{
    EventBuilder, NetworkBuilder, event_gid, network_gid, organisation, organisation_gid,
    signed_in_with_role,
};
use crate::helpers::{TestApp, user_error_codes};

const REGISTER: &str = "mutation($input: RegisterInput!) { register(input: $input) {
    registration { id status email accessibilityNeeds dietaryNeeds organisationName organisationVerified }
    manageToken alreadyRegistered userErrors { field code message } } }";

const READ: &str = "query($id: ID!) { registration(id: $id) {
    email accessibilityNeeds dietaryNeeds organisationName answers { values }
    history { toStatus } person { name } organisation { name } } }";

fn guest(event: &str, name: &str, email: &str) -> Value {
    json!({ "input": { "eventId": event, "consent": true,
        "guest": { "name": name, "email": email, "organisationName": "Mölndals stad" },
        "accessibilityNeeds": "Rullstol", "dietaryNeeds": "Glutenfritt" } })
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
        .map(|row| row.kind)
        .collect()
}

/// Every personal field of a registration, through `registration(id:)` and
/// `node(id:)`, for every kind of reader: only the person, the organisers of
/// this network and administrators read them.
#[tokio::test]
async fn personal_data_is_read_only_by_its_person_and_the_networks_organisers() {
    let app = TestApp::spawn().await;
    let kommun = organisation(&app, "Mölndals stad").await;
    let network = NetworkBuilder::new("Socialchefsnätverket")
        .insert(&app)
        .await;
    let other = NetworkBuilder::new("Annat nätverk").insert(&app).await;
    let event = EventBuilder::new(&network).published().insert(&app).await;
    let eid = event_gid(&event);
    app.gql_ok(
        "mutation($n: ID!, $o: ID!) { addNetworkMember(input: { networkId: $n, organisationId: $o }) { userErrors { code } } }",
        json!({ "n": network_gid(&network), "o": organisation_gid(&kommun) }),
    )
    .await;
    app.gql_ok(
        "mutation($o: ID!) { setOrganisationEmailDomains(input: { organisationId: $o, domains: [\"molndal.se\"] }) { userErrors { code } } }",
        json!({ "o": organisation_gid(&kommun) }),
    )
    .await;
    // The person registers signed in; another participant too.
    let person = app.sign_in("asa@molndal.se").await;
    let mine = app
        .gql_ok_as(Some(&person), REGISTER, json!({ "input": { "eventId": eid, "consent": true, "accessibilityNeeds": "Rullstol" } }))
        .await["register"]
        .clone();
    assert_eq!(user_error_codes(&mine), Vec::<String>::new());
    let id = mine["registration"]["id"].as_str().expect("id").to_owned();
    let participant = app.sign_in("bo@example.se").await;
    app.gql_ok_as(
        Some(&participant),
        REGISTER,
        json!({ "input": { "eventId": eid, "consent": true } }),
    )
    .await;
    let member = app.sign_in("cecilia@molndal.se").await;
    let organiser =
        signed_in_with_role(&app, &network, "olga@example.se", NetworkRole::Organiser).await;
    let other_organiser =
        signed_in_with_role(&app, &other, "otto@example.se", NetworkRole::Organiser).await;
    let admin = app.admin_token().await;

    let readers: [(&str, Option<&str>, bool); 7] = [
        ("anonymous", None, false),
        ("the person", Some(&person), true),
        ("another participant", Some(&participant), false),
        ("a member of the network", Some(&member), false),
        ("an organiser of this network", Some(&organiser), true),
        (
            "an organiser of another network",
            Some(&other_organiser),
            false,
        ),
        ("an administrator", Some(&admin), true),
    ];
    for (who, token, reads) in readers {
        let by_id = app.gql_as(token, READ, json!({ "id": id })).await;
        let node = app
            .gql_as(
                token,
                "query($id: ID!) { node(id: $id) { ... on Registration { email accessibilityNeeds history { toStatus } } } }",
                json!({ "id": id }),
            )
            .await;
        if reads {
            let r = &by_id["data"]["registration"];
            assert_eq!(r["email"], "asa@molndal.se", "{who}: {by_id}");
            assert_eq!(r["accessibilityNeeds"], "Rullstol", "{who}");
            assert_eq!(r["organisation"]["name"], "Mölndals stad", "{who}");
            assert_eq!(r["history"][0]["toStatus"], "CONFIRMED", "{who}");
            assert_eq!(node["data"]["node"]["email"], "asa@molndal.se", "{who}");
        } else {
            assert!(
                by_id["data"]["registration"].is_null(),
                "{who} read it: {by_id}"
            );
            assert!(node["data"]["node"].is_null(), "{who} read it: {node}");
            assert!(!by_id.to_string().contains("molndal.se"), "{who}: {by_id}");
        }
        // The event's list of registrations and the CSV are the organisers'.
        let list = app
            .gql_as(
                token,
                "query($id: ID!) { event(id: $id) { registrations(first: 10) { nodes { email dietaryNeeds } } } }",
                json!({ "id": eid }),
            )
            .await;
        assert_eq!(
            list.to_string().contains("asa@molndal.se"),
            reads && who != "the person",
            "{who}: {list}"
        );
        let mut csv = app
            .http
            .get(app.url(&format!("/events/{}/registrations.csv", event.id)));
        if let Some(token) = token {
            csv = csv.bearer_auth(token);
        }
        let csv = csv.send().await.expect("csv").text().await.expect("body");
        assert_eq!(
            csv.contains("asa@molndal.se"),
            reads && who != "the person",
            "{who}: {csv}"
        );
    }
    // The person's own registration also answers on the event.
    let own = app
        .gql_ok_as(
            Some(&person),
            "query($id: ID!) { event(id: $id) { myRegistration { email accessibilityNeeds organisationVerified } } }",
            json!({ "id": eid }),
        )
        .await;
    assert_eq!(own["event"]["myRegistration"]["email"], "asa@molndal.se");
    assert_eq!(own["event"]["myRegistration"]["organisationVerified"], true);
}

#[tokio::test]
async fn hole_1_registering_someone_elses_address_reveals_nothing_and_mails_them() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("AllAgeHub").insert(&app).await;
    let event = EventBuilder::new(&network).published().insert(&app).await;
    let eid = event_gid(&event);
    let first = app
        .gql_ok_as(None, REGISTER, guest(&eid, "Åsa Öberg", "asa@example.se"))
        .await["register"]
        .clone();
    assert_eq!(first["registration"]["status"], "CONFIRMED");
    for email in ["asa@example.se", "ASA@Example.SE"] {
        let again = app
            .gql_ok_as(None, REGISTER, guest(&eid, "Någon annan", email))
            .await["register"]
            .clone();
        assert_eq!(again["alreadyRegistered"], true, "{again}");
        assert!(again["registration"].is_null(), "{again}");
        assert!(again["manageToken"].is_null(), "{again}");
        assert!(!again.to_string().contains("Rullstol"));
    }
    let kinds = outbox_kinds(&app, "asa@example.se").await;
    assert_eq!(
        kinds,
        [
            "REGISTRATION_CONFIRMED",
            "REGISTRATION_LINK_AGAIN",
            "REGISTRATION_LINK_AGAIN"
        ]
    );
    // The link mails are rate limited per registration (3 an hour).
    for _ in 0..3 {
        app.gql_ok_as(None, REGISTER, guest(&eid, "X", "asa@example.se"))
            .await;
    }
    assert_eq!(outbox_kinds(&app, "asa@example.se").await.len(), 4);
}

#[tokio::test]
async fn hole_2_and_5_membership_is_proven_and_members_only_events_do_not_exist_for_others() {
    let app = TestApp::spawn().await;
    let kommun = organisation(&app, "Mölndals stad").await;
    let network = NetworkBuilder::new("Socialchefsnätverket")
        .closed()
        .insert(&app)
        .await;
    app.gql_ok(
        "mutation($n: ID!, $o: ID!) { addNetworkMember(input: { networkId: $n, organisationId: $o }) { userErrors { code } } }",
        json!({ "n": network_gid(&network), "o": organisation_gid(&kommun) }),
    )
    .await;
    let event = EventBuilder::new(&network)
        .members_only(true)
        .published()
        .insert(&app)
        .await;
    let eid = event_gid(&event);
    // A guest naming a member organisation is not a member: the event does
    // not exist for them, exactly as a random id.
    let mut claim = guest(&eid, "Mallory", "mallory@example.se");
    claim["input"]["guest"]["organisationId"] = json!(organisation_gid(&kommun));
    let claimed = app.gql_ok_as(None, REGISTER, claim).await["register"].clone();
    let random = app
        .gql_ok_as(
            None,
            REGISTER,
            guest(
                &api::ids::EventId::new().to_global().0,
                "Mallory",
                "m@example.se",
            ),
        )
        .await["register"]
        .clone();
    assert_eq!(user_error_codes(&claimed), ["NOT_FOUND"]);
    assert_eq!(claimed["userErrors"], random["userErrors"]);
    let mallory = api::service::people::by_email(&app.cx(), "mallory@example.se")
        .await
        .expect("lookup");
    assert!(mallory.is_none_or(|p| p.organisation_id.is_none()));
    // Signed in without a domain: still not a member.
    let signed = app.sign_in("mallory@example.se").await;
    let seen = app
        .gql_ok_as(
            Some(&signed),
            "query($id: ID!) { event(id: $id) { id } }",
            json!({ "id": eid }),
        )
        .await;
    assert!(seen["event"].is_null());
    // The organisation's mail domain proves membership once the address is verified.
    app.gql_ok(
        "mutation($o: ID!) { setOrganisationEmailDomains(input: { organisationId: $o, domains: [\"Molndal.SE\"] }) { organisation { emailDomains } userErrors { code } } }",
        json!({ "o": organisation_gid(&kommun) }),
    )
    .await;
    // A guest with that domain who has not signed in is still nobody.
    let unproven = app
        .gql_ok_as(None, REGISTER, guest(&eid, "Åsa", "asa@molndal.se"))
        .await["register"]
        .clone();
    assert_eq!(user_error_codes(&unproven), ["NOT_FOUND"]);
    let asa = app.sign_in("asa@molndal.se").await;
    let member = app
        .gql_ok_as(
            Some(&asa),
            REGISTER,
            json!({ "input": { "eventId": eid, "consent": true } }),
        )
        .await["register"]
        .clone();
    assert_eq!(member["registration"]["status"], "CONFIRMED", "{member}");
    assert_eq!(member["registration"]["organisationVerified"], true);
    // An organiser's word: a MEMBER role.
    let roled = signed_in_with_role(&app, &network, "gunnar@example.no", NetworkRole::Member).await;
    let by_role = app
        .gql_ok_as(
            Some(&roled),
            REGISTER,
            json!({ "input": { "eventId": eid, "consent": true } }),
        )
        .await["register"]
        .clone();
    assert_eq!(by_role["registration"]["status"], "CONFIRMED", "{by_role}");
}

#[tokio::test]
async fn hole_3_contact_persons_show_only_an_address_meant_for_it() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("GR").insert(&app).await;
    let private = app.sign_in("privat.person@example.se").await;
    let person_id = app
        .gql_ok_as(Some(&private), "{ viewer { person { id } } }", json!({}))
        .await["viewer"]["person"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let organiser =
        signed_in_with_role(&app, &network, "olga@example.se", NetworkRole::Organiser).await;
    let add = "mutation($input: AddNetworkContactInput!) { addNetworkContact(input: $input) {
        network { contacts { name email accepted } } userErrors { code } } }";
    let added = app
        .gql_ok_as(
            Some(&organiser),
            add,
            json!({ "input": { "networkId": network_gid(&network), "personId": person_id } }),
        )
        .await;
    assert!(!added.to_string().contains("privat.person"), "{added}");
    assert!(added["addNetworkContact"]["network"]["contacts"][0]["email"].is_null());
    let page = app
        .http
        .get(app.url(&format!("/networks/{}", network.slug)))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(!page.contains("privat.person"));
    // The person accepts: now their own address shows.
    let accepted = app
        .gql_ok_as(
            Some(&private),
            "mutation($n: ID!) { acceptNetworkContact(input: { networkId: $n }) { network { contacts { email accepted } } userErrors { code } } }",
            json!({ "n": network_gid(&network) }),
        )
        .await;
    assert_eq!(
        accepted["acceptNetworkContact"]["network"]["contacts"][0]["email"],
        "privat.person@example.se"
    );
    // An address the organiser enters wins.
    let entered = app
        .gql_ok_as(
            Some(&organiser),
            add,
            json!({ "input": { "networkId": network_gid(&network), "personId": person_id, "email": "kontakt@goteborgsregionen.se" } }),
        )
        .await;
    assert_eq!(
        entered["addNetworkContact"]["network"]["contacts"][0]["email"],
        "kontakt@goteborgsregionen.se"
    );
}

#[tokio::test]
async fn hole_4_only_accepted_speakers_and_online_participants_get_the_join_link() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Utvecklingsgrupp").insert(&app).await;
    let event = EventBuilder::new(&network)
        .hybrid(JoinLinkVisibility::Registered)
        .join_url("https://meet.example.se/hemlig")
        .published()
        .insert(&app)
        .await;
    let eid = event_gid(&event);
    let speaker = app.sign_in("talare@example.se").await;
    let person_id = app
        .gql_ok_as(Some(&speaker), "{ viewer { person { id } } }", json!({}))
        .await["viewer"]["person"]["id"]
        .clone();
    let added = app
        .gql_ok(
            "mutation($e: ID!, $p: ID!) { addSpeaker(input: { eventId: $e, personId: $p, status: DECLINED }) { speaker { id } userErrors { code } } }",
            json!({ "e": eid, "p": person_id }),
        )
        .await;
    let sid = added["addSpeaker"]["speaker"]["id"].clone();
    let link = "query($id: ID!) { event(id: $id) { onlineMeeting { joinUrl } } }";
    for status in ["DECLINED", "INVITED"] {
        app.gql_ok(
            "mutation($id: ID!, $s: SpeakerStatus!) { updateSpeaker(input: { id: $id, status: $s }) { userErrors { code } } }",
            json!({ "id": sid, "s": status }),
        )
        .await;
        let seen = app
            .gql_ok_as(Some(&speaker), link, json!({ "id": eid }))
            .await;
        assert!(seen["event"]["onlineMeeting"].is_null(), "{status}: {seen}");
    }
    app.gql_ok(
        "mutation($id: ID!) { updateSpeaker(input: { id: $id, status: CONFIRMED }) { userErrors { code } } }",
        json!({ "id": sid }),
    )
    .await;
    let seen = app
        .gql_ok_as(Some(&speaker), link, json!({ "id": eid }))
        .await;
    assert_eq!(
        seen["event"]["onlineMeeting"]["joinUrl"],
        "https://meet.example.se/hemlig"
    );
    // A confirmed in-person participant does not get it; an online one does.
    for (email, mode, sees) in [
        ("plats@example.se", "IN_PERSON", false),
        ("digital@example.se", "ONLINE", true),
    ] {
        let token = app.sign_in(email).await;
        app.gql_ok_as(
            Some(&token),
            REGISTER,
            json!({ "input": { "eventId": eid, "mode": mode, "consent": true } }),
        )
        .await;
        let seen = app
            .gql_ok_as(Some(&token), link, json!({ "id": eid }))
            .await;
        assert_eq!(
            !seen["event"]["onlineMeeting"].is_null(),
            sees,
            "{mode}: {seen}"
        );
    }
}

#[tokio::test]
async fn hole_10_guest_registrations_are_rate_limited_across_processes() {
    let app = TestApp::spawn_with(|c| c.guest_registrations_per_hour = 3).await;
    let second = app.another_server().await;
    let network = NetworkBuilder::new("AllAgeHub").insert(&app).await;
    let event = EventBuilder::new(&network).published().insert(&app).await;
    let eid = event_gid(&event);
    let mut codes = Vec::new();
    // Three from the second process (whose own limit is higher), then the
    // first process finds its limit already spent.
    for i in 0..5 {
        let server = if i < 3 { &second } else { &app };
        let answer = server
            .gql_ok_as(
                None,
                REGISTER,
                guest(&eid, "Bot", &format!("bot{i}@example.se")),
            )
            .await["register"]
            .clone();
        codes.push(user_error_codes(&answer));
    }
    assert_eq!(
        codes,
        [
            vec![],
            vec![],
            vec![],
            vec!["RATE_LIMITED".to_owned()],
            vec!["RATE_LIMITED".to_owned()]
        ]
    );
    // Signed-in people are not counted.
    let token = app.sign_in("riktig@example.se").await;
    let real = app
        .gql_ok_as(
            Some(&token),
            REGISTER,
            json!({ "input": { "eventId": eid, "consent": true } }),
        )
        .await["register"]
        .clone();
    assert_eq!(real["registration"]["status"], "CONFIRMED");
}

#[tokio::test]
async fn held_seats_lapse_to_the_waiting_list_and_organisers_cancel_in_bulk() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("AllAgeHub").insert(&app).await;
    let event = EventBuilder::new(&network).published().insert(&app).await;
    let eid = event_gid(&event);
    let updated = app
        .gql_ok(
            "mutation($id: ID!) { updateEvent(input: { id: $id, guestConfirmationMinutes: 30, capacity: { inPerson: 1 } }) { event { guestConfirmationMinutes } userErrors { code } } }",
            json!({ "id": eid }),
        )
        .await;
    assert_eq!(
        updated["updateEvent"]["event"]["guestConfirmationMinutes"],
        30
    );
    let bad = app
        .gql_ok(
            "mutation($id: ID!) { updateEvent(input: { id: $id, guestConfirmationMinutes: 1 }) { userErrors { code } } }",
            json!({ "id": eid }),
        )
        .await;
    assert_eq!(user_error_codes(&bad["updateEvent"]), ["OUT_OF_RANGE"]);
    let held = app
        .gql_ok_as(None, REGISTER, guest(&eid, "Först", "forst@example.se"))
        .await["register"]
        .clone();
    assert_eq!(held["registration"]["status"], "CONFIRMED");
    let second = app
        .gql_ok_as(None, REGISTER, guest(&eid, "Andra", "andra@example.se"))
        .await["register"]
        .clone();
    assert_eq!(second["registration"]["status"], "WAITLISTED");
    assert_eq!(
        outbox_kinds(&app, "forst@example.se").await,
        ["CONFIRM_ADDRESS"]
    );
    // The second confirms in time; the first never does.
    let confirmed = app
        .gql_ok_as(
            None,
            "mutation($t: String!) { confirmRegistrationAddress(input: { manageToken: $t }) { registration { status holdExpiresAt } userErrors { code } } }",
            json!({ "t": second["manageToken"] }),
        )
        .await;
    assert!(confirmed["confirmRegistrationAddress"]["registration"]["holdExpiresAt"].is_null());
    app.state.clock.advance(Duration::minutes(31));
    let released = api::service::registrations::release_lapsed_holds(&app.cx())
        .await
        .expect("release");
    assert_eq!(released, 1);
    let seats = app
        .gql_ok(
            "query($id: ID!) { event(id: $id) { seats { inPersonTaken waitlisted } registrations(first: 10) { nodes { id status person { name } } } } }",
            json!({ "id": eid }),
        )
        .await;
    assert_eq!(seats["event"]["seats"]["inPersonTaken"], 1);
    assert_eq!(seats["event"]["seats"]["waitlisted"], 0);
    let late = app
        .gql_ok_as(
            None,
            "mutation($t: String!) { confirmRegistrationAddress(input: { manageToken: $t }) { userErrors { code } } }",
            json!({ "t": held["manageToken"] }),
        )
        .await;
    assert_eq!(
        user_error_codes(&late["confirmRegistrationAddress"]),
        ["INVALID_STATE"]
    );
    // Bulk cancel: only ids the viewer organises, all or nothing.
    let ids: Vec<Value> = seats["event"]["registrations"]["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| n["id"].clone())
        .collect();
    let other = NetworkBuilder::new("Annat").insert(&app).await;
    let outsider =
        signed_in_with_role(&app, &other, "otto@example.se", NetworkRole::Organiser).await;
    let bulk = "mutation($ids: [ID!]!) { cancelRegistrations(input: { ids: $ids, notify: false }) { registrations { status } userErrors { field code } } }";
    let refused = app
        .gql_ok_as(Some(&outsider), bulk, json!({ "ids": ids }))
        .await;
    assert_eq!(
        user_error_codes(&refused["cancelRegistrations"]),
        vec!["NOT_FOUND"; ids.len()]
    );
    let done = app.gql_ok(bulk, json!({ "ids": ids })).await;
    assert!(
        done["cancelRegistrations"]["registrations"]
            .as_array()
            .expect("list")
            .iter()
            .all(|r| r["status"] == "CANCELLED"),
        "{done}"
    );
}
