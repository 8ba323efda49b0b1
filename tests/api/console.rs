//! The organiser console (`/organise`) and the front door (`/`): an
//! organiser sees their networks' events with their seats, never another
//! network's; anonymous visitors are asked to sign in; the front door lists
//! networks and their published events for everyone.

use entities::{JoinLinkVisibility, NetworkRole};
use reqwest::StatusCode;
use sea_orm::EntityTrait;

use crate::fixtures::{EventBuilder, NetworkBuilder, confirmed_registration, signed_in_with_role};
use crate::helpers::TestApp;
use crate::helpers::form_cookies;

/// Posts a console form; status and `Location`.
async fn post(
    app: &TestApp,
    path: &str,
    cookies: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let (status, location, _) = crate::helpers::post_page_form(app, path, cookies, fields).await;
    (status, location)
}

#[tokio::test]
async fn the_start_page_shows_an_organisers_networks_with_seats_and_nothing_of_others() {
    let app = TestApp::spawn().await;
    let ours = NetworkBuilder::new("Socialchefsnätverket")
        .insert(&app)
        .await;
    let theirs = NetworkBuilder::new("Äldreomsorgsrådet").insert(&app).await;
    let meeting = EventBuilder::new(&ours)
        .title("Nätverksträff december")
        .hybrid(JoinLinkVisibility::Registered)
        .capacity(Some(40), None)
        .published()
        .insert(&app)
        .await;
    EventBuilder::new(&ours)
        .title("Utkast till vårträff")
        .insert(&app)
        .await;
    EventBuilder::new(&theirs)
        .title("Rådets hemliga möte")
        .published()
        .insert(&app)
        .await;
    let organiser = signed_in_with_role(&app, &ours, "ordf@ale.se", NetworkRole::Organiser).await;
    signed_in_with_role(&app, &theirs, "annan@kungalv.se", NetworkRole::Organiser).await;
    let participant =
        signed_in_with_role(&app, &theirs, "deltagare@lerum.se", NetworkRole::Member).await;
    confirmed_registration(&app, &meeting, "ordf@ale.se").await;

    let (status, html) = app.page("/organise", Some(&organiser)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("<h1>Arrangera</h1>"), "{html}");
    assert!(html.contains("Socialchefsnätverket"));
    assert!(html.contains("Nätverksträff december"));
    assert!(html.contains("Utkast till vårträff"), "drafts are listed");
    assert!(html.contains(" · Utkast</p>"), "{html}");
    // 0 of 40 at the venue; 1 online (the registration) of unlimited.
    assert!(html.contains("<dd>0 / 40</dd>"), "{html}");
    assert!(html.contains("<dd>1 / obegränsat</dd>"), "{html}");
    assert!(
        html.contains("href=\"/networks/"),
        "a link to the public page"
    );
    assert!(html.contains(".ics"), "a link to the feed");
    assert!(
        !html.contains("Äldreomsorgsrådet"),
        "another network stays hidden"
    );
    assert!(!html.contains("Rådets hemliga möte"));

    // A member who organises nothing is told so.
    let (status, html) = app.page("/organise", Some(&participant)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Du arrangerar inget nätverk ännu"), "{html}");
    assert!(!html.contains("Rådets hemliga möte"));

    // Anonymous visitors are asked to sign in.
    let (status, html) = app.page("/organise", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("action=\"/sign-in/request"), "{html}");
    assert!(!html.contains("Nätverksträff december"));
}

#[tokio::test]
async fn the_front_door_lists_networks_and_their_published_events() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Öppna utvecklingsgruppen")
        .insert(&app)
        .await;
    EventBuilder::new(&network)
        .title("Månadsträff januari")
        .published()
        .insert(&app)
        .await;
    EventBuilder::new(&network)
        .title("Ännu inte publicerad")
        .insert(&app)
        .await;
    let closed = NetworkBuilder::new("Slutna nätverket")
        .closed()
        .insert(&app)
        .await;
    EventBuilder::new(&closed)
        .title("Bara för medlemmar")
        .members_only(true)
        .published()
        .insert(&app)
        .await;

    let (status, html) = app.page("/", None).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Öppna utvecklingsgruppen"));
    assert!(html.contains("Månadsträff januari"));
    assert!(
        !html.contains("Ännu inte publicerad"),
        "drafts are not shown"
    );
    assert!(html.contains("Slutna nätverket"), "networks are listed");
    assert!(
        !html.contains("Bara för medlemmar"),
        "members-only events are not"
    );
    assert!(
        html.contains("href=\"/sign-in\""),
        "organisers find their way in"
    );
}

const REGISTER: &str = "mutation($input: RegisterInput!) { register(input: $input) {
    registration { id status } userErrors { code } } }";

/// Registers a guest at the venue with an accessibility need; the id.
async fn guest(app: &TestApp, event: &entities::event::Model, name: &str, email: &str) -> String {
    let body = app
        .gql_ok_as(
            None,
            REGISTER,
            serde_json::json!({ "input": { "eventId": crate::fixtures::event_gid(event),
                "mode": "IN_PERSON", "consent": true, "accessibilityNeeds": "Hörslinga",
                "guest": { "name": name, "email": email } } }),
        )
        .await;
    let id = body["register"]["registration"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"));
    api::graphql::ids::decode_any(&async_graphql::ID(id.to_owned()))
        .expect("global id")
        .1
        .to_string()
}

#[tokio::test]
async fn organisers_see_decide_and_check_in_registrations_and_others_find_nothing() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Aldersvennlig Norge")
        .insert(&app)
        .await;
    let other = NetworkBuilder::new("Annet nettverk").insert(&app).await;
    let meeting = EventBuilder::new(&network)
        .title("Samling i Bergen")
        .published()
        .insert(&app)
        .await;
    let project = EventBuilder::new(&network)
        .title("Søknad til prosjektet")
        .policy(entities::RegistrationPolicy::Application)
        .published()
        .insert(&app)
        .await;
    let organiser = signed_in_with_role(
        &app,
        &network,
        "koordinator@aldersvennlig.no",
        NetworkRole::Organiser,
    )
    .await;
    let outsider =
        signed_in_with_role(&app, &other, "arrangor@annet.no", NetworkRole::Organiser).await;
    let kari = guest(&app, &meeting, "Kari Nordmann", "kari@bergen.kommune.no").await;
    guest(&app, &meeting, "Ola Hansen", "ola@voss.kommune.no").await;
    let applicant = guest(&app, &project, "Åse Berg", "ase@alver.kommune.no").await;
    let list = format!("/organise/events/{}", meeting.id);

    let (status, html) = app.page(&list, Some(&organiser)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Kari Nordmann") && html.contains("kari@bergen.kommune.no"));
    assert!(html.contains("Hörslinga"), "needs are shown to organisers");
    let (_, html) = app.page(&format!("{list}?q=voss"), Some(&organiser)).await;
    assert!(
        html.contains("Ola Hansen") && !html.contains("Kari Nordmann"),
        "search"
    );

    // Another network's organiser and anonymous visitors see nothing, also
    // through guessed URLs.
    for path in [
        list.clone(),
        format!("{list}/door"),
        format!("{list}/registrations.csv"),
    ] {
        let (status, html) = app.page(&path, Some(&outsider)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(!html.contains("Kari Nordmann"));
        let (_, html) = app.page(&path, None).await;
        assert!(!html.contains("Kari Nordmann"), "{path}");
    }

    // Forms are refused without the CSRF token.
    let check_in = format!("/organise/registrations/{kari}/check-in");
    let session_only = format!("__Host-tp_session={organiser}");
    let (status, _) = post(
        &app,
        &check_in,
        &session_only,
        &[("event", &meeting.id.to_string())],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Check-in at the door, and undo.
    let door = format!("{list}/door");
    let (cookies, csrf) = form_cookies(&app, &door, &organiser).await;
    let (_, html) = app.page(&door, Some(&organiser)).await;
    assert!(html.contains("0 av 2 incheckade"), "{html}");
    let event_id = meeting.id.to_string();
    let (status, location) = post(
        &app,
        &check_in,
        &cookies,
        &[
            ("csrf", &csrf),
            ("event", &event_id),
            ("back", "door"),
            ("q", "kari"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(
        location.starts_with(&format!("{door}?q=kari")),
        "{location}"
    );
    let (_, html) = app.page(&door, Some(&organiser)).await;
    assert!(html.contains("1 av 2 incheckade"), "{html}");
    assert!(html.contains("Incheckad "));
    // The other organiser cannot check anyone in, even with a valid token.
    let (outsider_cookies, outsider_csrf) =
        form_cookies(&app, "/me/registrations", &outsider).await;
    let (status, _) = post(
        &app,
        &check_in,
        &outsider_cookies,
        &[
            ("csrf", &outsider_csrf),
            ("event", &event_id),
            ("undo", "1"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = post(
        &app,
        &check_in,
        &cookies,
        &[
            ("csrf", &csrf),
            ("event", &event_id),
            ("undo", "1"),
            ("back", "door"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = app.page(&door, Some(&organiser)).await;
    assert!(html.contains("0 av 2 incheckade"), "{html}");

    // An application is approved with a message; the applicant is told.
    let project_list = format!("/organise/events/{}", project.id);
    let (_, html) = app.page(&project_list, Some(&organiser)).await;
    assert!(
        html.contains("Åse Berg") && html.contains("value=\"APPROVE\""),
        "{html}"
    );
    let project_id = project.id.to_string();
    let (status, location) = post(
        &app,
        &format!("/organise/registrations/{applicant}/decide"),
        &cookies,
        &[
            ("csrf", &csrf),
            ("event", &project_id),
            ("decision", "APPROVE"),
            ("message", "Velkommen til prosjektet!"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.contains("done=decided"), "{location}");
    let (_, html) = app.page(&location, Some(&organiser)).await;
    assert!(html.contains("Beslutet är sparat"), "{html}");
    assert!(!html.contains("value=\"APPROVE\""), "decided once");
    // Deciding again is refused next to the registration.
    let (_, location) = post(
        &app,
        &format!("/organise/registrations/{applicant}/decide"),
        &cookies,
        &[
            ("csrf", &csrf),
            ("event", &project_id),
            ("decision", "REJECT"),
        ],
    )
    .await;
    assert!(location.contains("error=decided"), "{location}");
    let (_, html) = app.page(&location, Some(&organiser)).await;
    assert!(html.contains("Ansökan är redan avgjord."), "{html}");

    // The CSV export, with the session.
    let response = app
        .http
        .get(app.url(&format!("{list}/registrations.csv")))
        .header("Cookie", format!("__Host-tp_session={organiser}"))
        .send()
        .await
        .expect("csv");
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("text/csv")
    );
    let csv = response.text().await.expect("body");
    assert!(csv.contains("Kari Nordmann") && csv.contains("Ola Hansen"));
}

#[tokio::test]
async fn organisers_create_edit_publish_and_cancel_events_with_every_error_at_once() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Helsingborgs utvecklingsgrupp")
        .insert(&app)
        .await;
    let other = NetworkBuilder::new("Annat nätverk").insert(&app).await;
    let organiser = signed_in_with_role(
        &app,
        &network,
        "samordnare@helsingborg.se",
        NetworkRole::Organiser,
    )
    .await;
    let outsider = signed_in_with_role(&app, &other, "annan@lund.se", NetworkRole::Organiser).await;
    let new = format!("/organise/networks/{}/events/new", network.id);
    let (status, html) = app.page(&new, Some(&organiser)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("value=\"Europe/Stockholm\""),
        "the network's zone"
    );
    let (status, _) = app.page(&new, Some(&outsider)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another network's organiser");
    let (cookies, csrf) = form_cookies(&app, &new, &organiser).await;
    let create = format!("/organise/networks/{}/events", network.id);

    // Everything wrong at once: no title, the end before the start, a link
    // that is not one, a capacity that is not a number.
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("csrf", csrf.as_str()),
            ("title", ""),
            ("startsAt", "2027-01-18T15:00"),
            ("endsAt", "2027-01-18T13:00"),
            ("timeZone", "Europe/Stockholm"),
            ("attendanceMode", "HYBRID"),
            ("onlineMeeting.joinUrl", "webex möte"),
            ("capacity.inPerson", "många"),
            ("registrationPolicy", "REQUIRED"),
        ])
        .finish();
    let response = app
        .http
        .post(app.url(&create))
        .header("Cookie", &cookies)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept-Language", "sv")
        .body(body)
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("body");
    for field in [
        "title",
        "endsAt",
        "onlineMeeting.joinUrl",
        "capacity.inPerson",
    ] {
        assert!(
            html.contains(&format!("id=\"{field}-error\"")),
            "{field} has its error: {html}"
        );
    }
    assert!(
        html.contains("value=\"webex möte\""),
        "what was typed stays"
    );
    assert!(
        html.contains("href=\"#title\""),
        "the summary links to the field"
    );

    // A good form makes a draft, which is then published.
    let fields = [
        ("csrf", csrf.as_str()),
        ("title", "Gemensam utvecklingsgrupp januari"),
        ("description", "Teman från deltagarna."),
        ("kind", "MEETING"),
        ("startsAt", "2027-01-18T13:00"),
        ("endsAt", "2027-01-18T15:00"),
        ("timeZone", "Europe/Stockholm"),
        ("attendanceMode", "HYBRID"),
        ("venue.name", "Fontänhuset Helsingborg"),
        (
            "onlineMeeting.joinUrl",
            "https://helsingborg.webex.com/meet/utveckling",
        ),
        ("joinLinkVisibility", "REGISTERED"),
        ("capacity.inPerson", "30"),
        ("registrationPolicy", "REQUIRED"),
    ];
    let (status, location) = post(&app, &create, &cookies, &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
    assert!(location.contains("done=created"), "{location}");
    let id = location
        .trim_start_matches("/organise/events/")
        .split('/')
        .next()
        .expect("id")
        .to_owned();
    let stored = entities::event::Entity::find_by_id(uuid::Uuid::parse_str(&id).expect("uuid"))
        .one(app.db())
        .await
        .expect("read")
        .expect("created");
    assert_eq!(stored.title, "Gemensam utvecklingsgrupp januari");
    assert_eq!(
        stored.starts_at,
        crate::helpers::at("2027-01-18T12:00:00Z"),
        "local time in its zone"
    );
    assert_eq!(stored.capacity_in_person, Some(30));
    assert_eq!(stored.status, entities::EventStatus::Draft);
    let edit = format!("/organise/events/{id}/edit");
    let (status, html) = app.page(&edit, Some(&organiser)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("value=\"2027-01-18T13:00\""), "{html}");
    let (status, _) = app.page(&edit, Some(&outsider)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = post(
        &app,
        &format!("/organise/events/{id}/publish"),
        &cookies,
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // Without the token nothing happens.
    let (status, _) = post(
        &app,
        &format!("/organise/events/{id}/cancel"),
        &format!("__Host-tp_session={organiser}"),
        &[("reason", "x")],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // A participant, then a new time: they are told.
    let meeting = entities::event::Entity::find_by_id(stored.id)
        .one(app.db())
        .await
        .expect("read")
        .expect("event");
    assert_eq!(meeting.status, entities::EventStatus::Published);
    guest(&app, &meeting, "Åsa Öberg", "asa@helsingborg.se").await;
    let mut moved = fields.to_vec();
    moved.retain(|(k, _)| *k != "startsAt" && *k != "endsAt");
    moved.push(("startsAt", "2027-01-25T13:00"));
    moved.push(("endsAt", "2027-01-25T15:00"));
    let (status, location) = post(&app, &edit, &cookies, &moved).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
    assert!(location.contains("done=saved"));
    let (status, _) = post(
        &app,
        &format!("/organise/events/{id}/cancel"),
        &cookies,
        &[("csrf", &csrf), ("reason", "Lokalen är stängd.")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let kinds: Vec<(String, String)> = entities::outbox::Entity::find()
        .all(app.db())
        .await
        .expect("outbox")
        .into_iter()
        .map(|m| (m.kind, m.body_text))
        .collect();
    assert!(kinds.iter().any(|(k, _)| k == "EVENT_CHANGED"), "{kinds:?}");
    assert!(
        kinds
            .iter()
            .any(|(k, text)| k == "EVENT_CANCELLED" && text.contains("Lokalen är stängd.")),
        "{kinds:?}"
    );

    // "Next month's meeting": the form filled four weeks later.
    let (status, html) = app
        .page(
            &format!("/organise/events/{id}/duplicate"),
            Some(&organiser),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("value=\"2027-02-22T13:00\""), "{html}");
    assert!(html.contains("value=\"https://helsingborg.webex.com/meet/utveckling\""));
}
