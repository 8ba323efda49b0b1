//! The personal calendar feed over HTTP: what a person's feed holds (their
//! registrations, with the join link only where they may have it; talks;
//! the networks they organise or follow), how its secret URL is rotated and
//! revoked, how it answers polling, and the invitations in registration
//! mail that share its UIDs.

use api::graphql::ids::GlobalId;
use entities::{JoinLinkVisibility, NetworkRole};
use reqwest::StatusCode;
use reqwest::header;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use crate::feeds::{SECRET_TEAMS, by_uid, feed, fetch, get, ical, python, uid, uids, value};
use crate::fixtures::{EventBuilder, NetworkBuilder, event_gid, signed_in_with_role};
use crate::helpers::TestApp;
use crate::smtp::SmtpServer;

const REGISTER: &str = "mutation($input: RegisterInput!) { register(input: $input) {
    registration { id status } userErrors { field code message } } }";
const CANCEL: &str = "mutation($input: RegistrationRefInput!) { cancelRegistration(input: $input) {
    registration { id status } userErrors { field code } } }";
const ROTATE: &str = "mutation($input: RotateCalendarTokenInput!) { rotateCalendarToken(input: $input) {
    calendarUrl webcalUrl calendarFeed { includeFollowedNetworks createdAt } userErrors { code } } }";
const REVOKE: &str =
    "mutation { revokeCalendarToken { revoked calendarFeed { revokedAt } userErrors { code } } }";

/// Rotates the viewer's feed token; the path of the new feed.
async fn rotate(app: &TestApp, token: &str, include: Option<bool>) -> String {
    let input = match include {
        Some(include) => json!({ "includeFollowedNetworks": include }),
        None => json!({}),
    };
    let data = app
        .gql_ok_as(Some(token), ROTATE, json!({ "input": input }))
        .await;
    let payload = &data["rotateCalendarToken"];
    assert_eq!(payload["userErrors"], json!([]), "{payload}");
    let url = payload["calendarUrl"].as_str().expect("calendarUrl");
    assert!(
        url.starts_with("https://") || url.starts_with("http://"),
        "{url}"
    );
    let webcal = payload["webcalUrl"].as_str().expect("webcalUrl");
    assert!(webcal.starts_with("webcal://"), "{webcal}");
    let at = url.find("/calendar/me/tpf_").expect("a personal feed URL");
    url[at..].to_owned()
}

async fn register(app: &TestApp, token: &str, event: &entities::event::Model) -> Value {
    let data = app
        .gql_ok_as(
            Some(token),
            REGISTER,
            json!({ "input": { "eventId": event_gid(event), "mode": "ONLINE", "consent": true } }),
        )
        .await;
    assert_eq!(data["register"]["userErrors"], json!([]), "{data}");
    data["register"]["registration"].clone()
}

/// The outbox rows of one kind to one address, oldest first.
async fn mails(app: &TestApp, email: &str, kind: &str) -> Vec<entities::outbox::Model> {
    entities::outbox::Entity::find()
        .filter(entities::outbox::Column::RecipientEmail.eq(email))
        .filter(entities::outbox::Column::Kind.eq(kind))
        .order_by_asc(entities::outbox::Column::CreatedAt)
        .all(app.db())
        .await
        .expect("outbox")
}

#[tokio::test]
async fn a_participants_feed_holds_their_events_with_the_link_only_where_it_is_theirs() {
    let smtp = SmtpServer::start();
    let url = smtp.url();
    let app = TestApp::spawn_with(move |config| {
        config.mail.smtp_url = Some(secrecy::SecretString::from(url));
    })
    .await;
    let network = NetworkBuilder::new("Äldreomsorgsnätverket")
        .insert(&app)
        .await;
    let confirmed = EventBuilder::new(&network)
        .title("Samråd om välfärdsteknik; del 1, Malmö")
        .hybrid(JoinLinkVisibility::Registered)
        .join_url(SECRET_TEAMS)
        .published()
        .insert(&app)
        .await;
    let full = EventBuilder::new(&network)
        .title("Fullbokat seminarium")
        .hybrid(JoinLinkVisibility::Registered)
        .join_url(SECRET_TEAMS)
        .published()
        .insert(&app)
        .await;
    let other = EventBuilder::new(&network)
        .title("Någon annans träff")
        .published()
        .insert(&app)
        .await;
    app.gql_ok(
        "mutation($id: ID!) { updateEvent(input: { id: $id, capacity: { online: 1 } }) { userErrors { code } } }",
        json!({ "id": event_gid(&full) }),
    )
    .await;
    let first = app.sign_in("forst@ale.se").await;
    register(&app, &first, &full).await;

    let me = app.sign_in("asa.oberg@ale.se").await;
    assert_eq!(register(&app, &me, &confirmed).await["status"], "CONFIRMED");
    assert_eq!(register(&app, &me, &full).await["status"], "WAITLISTED");
    let path = rotate(&app, &me, None).await;

    let fetched = get(&app, &path).await;
    assert_eq!(fetched.status, StatusCode::OK, "{}", fetched.body);
    assert!(
        fetched
            .header(header::CACHE_CONTROL)
            .starts_with("private, max-age="),
        "{}",
        fetched.header(header::CACHE_CONTROL)
    );
    let body = fetched.body.clone();
    let parsed = ical(&body);
    assert_eq!(parsed.events.len(), 2, "{body}");
    for entry in &parsed.events {
        let props = &entry.properties;
        let status = value(props, "STATUS");
        let conference = value(props, "CONFERENCE");
        if value(props, "UID") == Some(uid(&confirmed).as_str()) {
            assert_eq!(status, Some("CONFIRMED"));
            assert_eq!(conference, Some(SECRET_TEAMS));
        } else {
            assert_eq!(value(props, "UID"), Some(uid(&full).as_str()));
            assert_eq!(status, Some("TENTATIVE"));
            assert_eq!(conference, None);
        }
    }
    let py = python(&body).await;
    assert_eq!(uids(&py).len(), 2);
    assert!(!uids(&py).contains(&uid(&other)));
    let mine = by_uid(&py, &confirmed);
    assert_eq!(mine["status"], "CONFIRMED");
    assert_eq!(mine["summary"], "Samråd om välfärdsteknik; del 1, Malmö");
    assert_eq!(mine["conference"], SECRET_TEAMS);
    assert!(
        mine["description"]
            .as_str()
            .is_some_and(|d| d.contains(SECRET_TEAMS))
    );
    let waiting = by_uid(&py, &full);
    assert_eq!(waiting["status"], "TENTATIVE");
    assert_eq!(waiting["conference"], Value::Null);
    assert!(
        !waiting["description"]
            .as_str()
            .unwrap_or_default()
            .contains(SECRET_TEAMS)
    );

    // Polling: 304 on the ETag, HEAD without a body, both private.
    let etag = fetched.header(header::ETAG).to_owned();
    let last_modified = fetched.header(header::LAST_MODIFIED).to_owned();
    assert!(etag.starts_with('"'), "{etag}");
    let again = fetch(
        &app,
        reqwest::Method::GET,
        &path,
        &[("If-None-Match", &etag)],
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    assert!(again.header(header::CACHE_CONTROL).starts_with("private, "));
    let head = fetch(&app, reqwest::Method::HEAD, &path, &[]).await;
    assert_eq!(head.status, StatusCode::OK);
    assert_eq!(head.header(header::ETAG), etag);

    // The confirmation carries the same event as an invitation.
    let confirmations = mails(&app, "asa.oberg@ale.se", "REGISTRATION_CONFIRMED").await;
    assert_eq!(confirmations.len(), 1);
    let invite = confirmations[0].ics.as_deref().expect("an invitation");
    let invitation = ical(invite);
    assert_eq!(value(&invitation.properties, "METHOD"), Some("REQUEST"));
    assert_eq!(invitation.events.len(), 1);
    let entry = &invitation.events[0].properties;
    assert_eq!(value(entry, "UID"), Some(uid(&confirmed).as_str()));
    assert_eq!(value(entry, "CONFERENCE"), Some(SECRET_TEAMS));
    assert_eq!(python(invite).await["events"][0]["uid"], uid(&confirmed));
    // … and arrives as the mail's invite.ics.
    let sent = app.run_jobs().await;
    let received = smtp.wait_for(sent).await;
    let attachment = received
        .iter()
        .filter(|mail| mail.rcpt_tos == ["asa.oberg@ale.se"])
        .find_map(|mail| {
            let parsed = mailparse::parse_mail(&mail.raw).expect("parses");
            parsed
                .subparts
                .iter()
                .find(|part| part.ctype.mimetype == "text/calendar")
                .map(|part| part.get_body().expect("ics"))
        })
        .expect("a mail with an invitation");
    let attached = ical(&attachment);
    assert_eq!(
        value(&attached.events[0].properties, "UID"),
        Some(uid(&confirmed).as_str())
    );
    assert_eq!(
        python(&attachment).await["events"][0]["uid"],
        uid(&confirmed)
    );
    // A place on the waiting list is no confirmation: no invitation.
    let waitlisted = mails(&app, "asa.oberg@ale.se", "WAITLISTED").await;
    assert_eq!(waitlisted.len(), 1);
    assert_eq!(waitlisted[0].ics, None);

    // Cancelling: the entry stays, cancelled and without the link; the
    // ETag changes; the mail cancels the invitation.
    let registration = mails(&app, "asa.oberg@ale.se", "REGISTRATION_CONFIRMED").await[0]
        .registration_id
        .expect("registration");
    let gid = api::ids::RegistrationId(registration).to_global().0;
    app.state.clock.advance(chrono::Duration::minutes(5));
    let cancelled = app
        .gql_ok_as(Some(&me), CANCEL, json!({ "input": { "id": gid } }))
        .await;
    assert_eq!(
        cancelled["cancelRegistration"]["registration"]["status"], "CANCELLED",
        "{cancelled}"
    );
    let stale = fetch(
        &app,
        reqwest::Method::GET,
        &path,
        &[("If-None-Match", &etag)],
    )
    .await;
    assert_eq!(stale.status, StatusCode::OK);
    // Clients that only send If-Modified-Since see the change too.
    assert_ne!(stale.header(header::LAST_MODIFIED), last_modified);
    let since = fetch(
        &app,
        reqwest::Method::GET,
        &path,
        &[("If-Modified-Since", &last_modified)],
    )
    .await;
    assert_eq!(since.status, StatusCode::OK);
    assert_ne!(stale.header(header::ETAG), etag);
    let py = python(&stale.body).await;
    let gone = by_uid(&py, &confirmed);
    assert_eq!(gone["status"], "CANCELLED");
    assert_eq!(gone["conference"], Value::Null);
    assert!(!stale.body.contains("hemlig-for-anmalda"), "{}", stale.body);
    let cancel_mails = mails(&app, "asa.oberg@ale.se", "REGISTRATION_CANCELLED").await;
    assert_eq!(cancel_mails.len(), 1);
    let cancel = cancel_mails[0].ics.as_deref().expect("a cancellation");
    let parsed = ical(cancel);
    assert_eq!(value(&parsed.properties, "METHOD"), Some("CANCEL"));
    assert_eq!(
        value(&parsed.events[0].properties, "UID"),
        Some(uid(&confirmed).as_str())
    );
    assert_eq!(
        value(&parsed.events[0].properties, "STATUS"),
        Some("CANCELLED")
    );
    python(cancel).await;

    // After the feed window, the cancelled entry leaves.
    app.state.clock.advance(chrono::Duration::days(400));
    let later = feed(&app, &path).await;
    assert!(!later.contains(&uid(&confirmed)), "{later}");
}

#[tokio::test]
async fn tokens_rotate_and_revoke_and_followed_networks_are_a_choice() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Socialchefsnätverket")
        .insert(&app)
        .await;
    let meeting = EventBuilder::new(&network)
        .title("Månadsmöte")
        .hybrid(JoinLinkVisibility::Registered)
        .join_url(SECRET_TEAMS)
        .published()
        .insert(&app)
        .await;
    let member = signed_in_with_role(&app, &network, "medlem@ale.se", NetworkRole::Member).await;

    // Not registered: the feed is empty until they follow their networks.
    let first = rotate(&app, &member, None).await;
    let body = feed(&app, &first).await;
    assert!(ical(&body).events.is_empty(), "{body}");
    python(&body).await;

    let followed = rotate(&app, &member, Some(true)).await;
    assert_ne!(first, followed);
    assert_eq!(get(&app, &first).await.status, StatusCode::NOT_FOUND);
    let body = feed(&app, &followed).await;
    let py = python(&body).await;
    let entry = by_uid(&py, &meeting);
    assert_eq!(entry["status"], "CONFIRMED");
    assert_eq!(
        entry["conference"],
        Value::Null,
        "a member who is not registered does not get a REGISTERED link"
    );
    let viewer = app
        .gql_ok_as(
            Some(&member),
            "{ viewer { calendarFeed { includeFollowedNetworks calendarUrl webcalUrl } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        viewer["viewer"]["calendarFeed"]["includeFollowedNetworks"],
        true
    );
    let shown = viewer["viewer"]["calendarFeed"]["calendarUrl"]
        .as_str()
        .expect("the viewer sees their feed URL again");
    assert!(
        shown.ends_with(&followed),
        "{shown} is the URL made by the rotation"
    );
    assert!(
        viewer["viewer"]["calendarFeed"]["webcalUrl"]
            .as_str()
            .is_some_and(|w| w.starts_with("webcal://"))
    );
    // Rotating again keeps the choice.
    let kept = rotate(&app, &member, None).await;
    assert_eq!(get(&app, &followed).await.status, StatusCode::NOT_FOUND);
    assert!(feed(&app, &kept).await.contains(&uid(&meeting)));

    // Revoked: 404, and no feed on the viewer.
    let revoked = app.gql_ok_as(Some(&member), REVOKE, json!({})).await;
    assert_eq!(revoked["revokeCalendarToken"]["revoked"], true, "{revoked}");
    assert_eq!(get(&app, &kept).await.status, StatusCode::NOT_FOUND);
    let viewer = app
        .gql_ok_as(
            Some(&member),
            "{ viewer { calendarFeed { createdAt } } }",
            json!({}),
        )
        .await;
    assert_eq!(viewer["viewer"]["calendarFeed"], Value::Null);
    let again = app.gql_ok_as(Some(&member), REVOKE, json!({})).await;
    assert_eq!(again["revokeCalendarToken"]["revoked"], false);

    // Unknown tokens and strangers.
    for path in [
        "/calendar/me/tpf_nope.ics",
        "/calendar/me/nope.ics",
        "/calendar/me/x",
    ] {
        assert_eq!(
            get(&app, path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let anonymous = app.gql_as(None, ROTATE, json!({ "input": {} })).await;
    assert_eq!(
        crate::helpers::error_code(&anonymous),
        "UNAUTHENTICATED",
        "{anonymous}"
    );

    // An organiser's feed holds their network's events with the link.
    let organiser =
        signed_in_with_role(&app, &network, "arrangor@ale.se", NetworkRole::Organiser).await;
    let path = rotate(&app, &organiser, Some(false)).await;
    let py = python(&feed(&app, &path).await).await;
    let entry = by_uid(&py, &meeting);
    assert_eq!(entry["conference"], SECRET_TEAMS);
}

#[tokio::test]
async fn speakers_and_applicants_see_their_events_and_a_big_feed_costs_no_more() {
    use api::ids::{EventId, PersonId};
    use api::service::speakers::{self, NewSpeaker, SpeakerWho};

    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Nätverket för välfärdsteknik")
        .insert(&app)
        .await;
    let talk = EventBuilder::new(&network)
        .title("Konferens med föredrag")
        .hybrid(JoinLinkVisibility::Registered)
        .join_url(SECRET_TEAMS)
        .published()
        .insert(&app)
        .await;
    let project = EventBuilder::new(&network)
        .title("Utvecklingsprojekt")
        .hybrid(JoinLinkVisibility::Registered)
        .join_url(SECRET_TEAMS)
        .published()
        .insert(&app)
        .await;
    app.gql_ok(
        "mutation($id: ID!) { updateEvent(input: { id: $id, registrationPolicy: APPLICATION }) { userErrors { code } } }",
        json!({ "id": event_gid(&project) }),
    )
    .await;
    let me = app.sign_in("talare@ale.se").await;
    let person = api::service::people::by_email(&app.cx(), "talare@ale.se")
        .await
        .expect("lookup")
        .expect("person");
    speakers::add(
        &app.cx(),
        NewSpeaker {
            translations: Vec::new(),
            event_id: EventId(talk.id),
            agenda_item_id: None,
            who: SpeakerWho::Person(PersonId(person.id)),
            affiliation: Some("Ale kommun".into()),
            role: Some("Föredragshållare".into()),
            status: entities::SpeakerStatus::Confirmed,
        },
    )
    .await
    .expect("speaker");
    assert_eq!(register(&app, &me, &project).await["status"], "PENDING");

    let path = rotate(&app, &me, None).await;
    let small = get(&app, &path).await;
    assert_eq!(small.status, StatusCode::OK);
    let py = python(&small.body).await;
    let speaking = by_uid(&py, &talk);
    assert_eq!(speaking["status"], "CONFIRMED");
    assert_eq!(
        speaking["conference"], SECRET_TEAMS,
        "speakers get the link"
    );
    let applied = by_uid(&py, &project);
    assert_eq!(applied["status"], "TENTATIVE", "a pending application");
    assert_eq!(applied["conference"], Value::Null);

    // Forty more registrations cost the feed no more statements.
    for i in 0..40 {
        let event = EventBuilder::new(&network)
            .title(&format!("Träff {i}"))
            .hybrid(JoinLinkVisibility::Registered)
            .published()
            .insert(&app)
            .await;
        crate::fixtures::confirmed_registration(&app, &event, "talare@ale.se").await;
    }
    let big = get(&app, &path).await;
    assert_eq!(big.status, StatusCode::OK);
    assert_eq!(ical(&big.body).events.len(), 42);
    assert_eq!(
        small.statements, big.statements,
        "statements grow with the personal feed: {} for 2 events, {} for 42",
        small.statements, big.statements
    );
    let etag = big.header(header::ETAG).to_owned();
    let fresh = fetch(
        &app,
        reqwest::Method::GET,
        &path,
        &[("If-None-Match", &etag)],
    )
    .await;
    assert_eq!(fresh.status, StatusCode::NOT_MODIFIED);
    assert!(
        fresh.statements < big.statements,
        "a 304 costs {} statements, the full feed {}",
        fresh.statements,
        big.statements
    );
    println!(
        "personal feed: {} statements for 2 or 42 events, {} for a 304",
        big.statements, fresh.statements
    );
}

#[tokio::test]
async fn concurrent_rotations_leave_one_working_url() {
    let app = TestApp::spawn().await;
    let me = app.sign_in("samtidig@ale.se").await;
    let paths = futures::future::join_all((0..8).map(|i| {
        let (app, me) = (&app, &me);
        async move { rotate(app, me, Some(i % 2 == 0)).await }
    }))
    .await;
    let mut working = 0;
    for path in &paths {
        match get(&app, path).await.status {
            StatusCode::OK => working += 1,
            StatusCode::NOT_FOUND => {}
            other => panic!("{path}: {other}"),
        }
    }
    assert_eq!(working, 1, "exactly one of {} URLs works", paths.len());
    let active = entities::feed_token::Entity::find()
        .filter(entities::feed_token::Column::RevokedAt.is_null())
        .all(app.db())
        .await
        .expect("tokens");
    assert_eq!(active.len(), 1);
}

#[tokio::test]
async fn members_through_their_organisation_follow_members_only_events() {
    use api::ids::{NetworkId, OrganisationId};
    use api::service::people::{self, PersonInput};

    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Slutet nätverk")
        .closed()
        .insert(&app)
        .await;
    let closed = EventBuilder::new(&network)
        .title("Bara för medlemmar")
        .members_only(true)
        .published()
        .insert(&app)
        .await;
    let draft = EventBuilder::new(&network)
        .title("Utkast")
        .insert(&app)
        .await;
    let kommun = crate::fixtures::organisation(&app, "Lerums kommun").await;
    api::service::networks::add_member(&app.cx(), NetworkId(network.id), OrganisationId(kommun.id))
        .await
        .expect("member organisation");
    people::find_or_create(
        &app.cx(),
        "test",
        PersonInput {
            name: "Maja Lindqvist".into(),
            email: "maja@lerum.se".into(),
            title: None,
            organisation_id: Some(OrganisationId(kommun.id)),
        },
    )
    .await
    .expect("person");
    // Membership through the organisation is proven by the address's domain.
    api::service::organisations::set_email_domains(
        &app.cx(),
        OrganisationId(kommun.id),
        vec!["lerum.se".into()],
    )
    .await
    .expect("domains");
    let member = app.sign_in("maja@lerum.se").await;
    let stranger = app.sign_in("utomstaende@ale.se").await;

    let path = rotate(&app, &member, Some(true)).await;
    let py = python(&feed(&app, &path).await).await;
    assert_eq!(
        uids(&py),
        vec![uid(&closed)],
        "members-only, never the draft"
    );
    assert!(!uids(&py).contains(&uid(&draft)));

    let path = rotate(&app, &stranger, Some(true)).await;
    let py = python(&feed(&app, &path).await).await;
    assert!(uids(&py).is_empty(), "{py}");
}
