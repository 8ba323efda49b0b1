//! Project networks (scenario 4), through the API with mail through the real
//! SMTP test server: a municipality's approved application makes it a
//! member of the project network and its representative a member there, who
//! is then registered for the network's members-only series (one mail per
//! occurrence) and sees the other municipalities in its attendance; a
//! rejected applicant gets none of it; withdrawing an approval takes back
//! only what the approval added, and the seats at the project's coming
//! members-only meetings of a representative who is no longer a member.

use entities::{NetworkRole, audit_log};
use mailparse::MailHeaderMap;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use secrecy::SecretString;
use serde_json::{Value, json};

use crate::fixtures::{
    NetworkBuilder, network_gid, organisation, organisation_gid, signed_in_with_role,
};
use crate::helpers::{TestApp, at, user_error_codes};
use crate::smtp::SmtpServer;

const CREATE_EVENT: &str = "mutation($input: CreateEventInput!) { createEvent(input: $input) {
    event { id projectNetwork { slug } } userErrors { field code message } } }";
const REGISTER: &str = "mutation($input: RegisterInput!) { register(input: $input) {
    registration { id status } userErrors { field code message } } }";
const DECIDE: &str =
    "mutation($id: ID!, $d: Decision!) { decideRegistration(input: { id: $id, decision: $d }) {
    registration { status } userErrors { code message } } }";
const WITHDRAW: &str =
    "mutation($id: ID!, $m: String) { withdrawApproval(input: { id: $id, message: $m }) {
    registration { status decisionMessage } userErrors { field code message } } }";
const MEMBERS: &str =
    "query($slug: String!) { network(slug: $slug) { members(first: 50) { nodes { name } } } }";
const ROLES: &str = "{ viewer { roles { network { slug } role } } }";

/// Subjects of the mails to `to`, in order.
fn subjects_to(smtp: &SmtpServer, to: &str) -> Vec<String> {
    smtp.received()
        .into_iter()
        .filter(|m| m.rcpt_tos.iter().any(|r| r == to))
        .map(|m| {
            mailparse::parse_mail(&m.raw)
                .expect("parses")
                .headers
                .get_first_value("Subject")
                .unwrap_or_default()
        })
        .collect()
}

async fn member_names(app: &TestApp, slug: &str) -> Vec<String> {
    let data = app.gql_ok(MEMBERS, json!({ "slug": slug })).await;
    let mut names: Vec<String> = data["network"]["members"]["nodes"]
        .as_array()
        .expect("members")
        .iter()
        .map(|m| m["name"].as_str().unwrap_or_default().to_owned())
        .collect();
    names.sort();
    names
}

async fn roles(app: &TestApp, token: &str) -> Vec<(String, String)> {
    let data = app.gql_ok_as(Some(token), ROLES, json!({})).await;
    data["viewer"]["roles"]
        .as_array()
        .expect("roles")
        .iter()
        .map(|r| {
            (
                r["network"]["slug"].as_str().unwrap_or_default().to_owned(),
                r["role"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// The centre's network, its project network below it, and the centre's
/// organiser (who manages both).
struct Project {
    centre: entities::network::Model,
    network: entities::network::Model,
    organiser: String,
    event: String,
}

/// The centre, the project network and the application event naming it
/// (published; `capacity` in-person seats).
async fn project(app: &TestApp, capacity: Option<i32>) -> Project {
    let centre = NetworkBuilder::new("Senteret for et aldersvennlig Norge")
        .locale("nb")
        .time_zone("Europe/Oslo")
        .insert(app)
        .await;
    let network = NetworkBuilder::new("Friske eldre – prosjektkommunene")
        .closed()
        .locale("nb")
        .time_zone("Europe/Oslo")
        .parent(&centre)
        .insert(app)
        .await;
    let organiser = signed_in_with_role(
        app,
        &centre,
        "kjersti@aldersvennlig.example.no",
        NetworkRole::Organiser,
    )
    .await;
    let input = json!({ "networkId": network_gid(&centre), "kind": "GATHERING",
        "title": "Prosjekt: Mobilisering av friske eldre",
        "startsAt": "2026-12-01T08:00:00Z", "endsAt": "2026-12-01T15:00:00Z",
        "attendanceMode": "IN_PERSON", "registrationPolicy": "APPLICATION",
        "capacity": { "inPerson": capacity },
        "projectNetworkId": network_gid(&network) });
    let created = app
        .gql_ok_as(Some(&organiser), CREATE_EVENT, json!({ "input": input }))
        .await;
    assert_eq!(created["createEvent"]["userErrors"], json!([]), "{created}");
    assert_eq!(
        created["createEvent"]["event"]["projectNetwork"]["slug"],
        network.slug
    );
    let event = created["createEvent"]["event"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let published = app
        .gql_ok_as(
            Some(&organiser),
            "mutation($id: ID!) { publishEvent(input: { id: $id }) { userErrors { code } } }",
            json!({ "id": event }),
        )
        .await;
    assert_eq!(published["publishEvent"]["userErrors"], json!([]));
    Project {
        centre,
        network,
        organiser,
        event,
    }
}

/// `email` signs in and applies for `municipality`; returns the session
/// and the registration's id.
async fn apply(
    app: &TestApp,
    project: &Project,
    email: &str,
    municipality: &entities::organisation::Model,
) -> (String, String) {
    let token = app.sign_in(email).await;
    let applied = app
        .gql_ok_as(
            Some(&token),
            REGISTER,
            json!({ "input": { "eventId": project.event, "consent": true,
                "applyingOrganisationId": organisation_gid(municipality) } }),
        )
        .await;
    assert_eq!(applied["register"]["userErrors"], json!([]), "{applied}");
    assert_eq!(applied["register"]["registration"]["status"], "PENDING");
    let id = applied["register"]["registration"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    (token, id)
}

async fn decide(app: &TestApp, project: &Project, id: &str, decision: &str) -> Value {
    app.gql_ok_as(
        Some(&project.organiser),
        DECIDE,
        json!({ "id": id, "d": decision }),
    )
    .await["decideRegistration"]
        .clone()
}

#[tokio::test]
async fn an_approved_application_joins_the_project_network_and_its_members_only_series_a_rejected_one_does_not()
 {
    let smtp = SmtpServer::start();
    let url = smtp.url();
    let app =
        TestApp::spawn_with(move |config| config.mail.smtp_url = Some(SecretString::from(url)))
            .await;
    let project = project(&app, None).await;
    let baerum = organisation(&app, "Bærum kommune").await;
    let alesund = organisation(&app, "Ålesund kommune").await;
    let tromso = organisation(&app, "Tromsø kommune").await;

    // Bad input is a user error: a project network on an event that takes
    // no applications, one the organiser does not manage.
    let other = NetworkBuilder::new("Et annet nettverk").insert(&app).await;
    let base = json!({ "networkId": network_gid(&project.centre), "kind": "WEBINAR",
        "title": "Webinar", "startsAt": "2026-12-02T08:00:00Z", "endsAt": "2026-12-02T09:00:00Z",
        "attendanceMode": "ONLINE" });
    let mut required = base.clone();
    required["projectNetworkId"] = json!(network_gid(&project.network));
    let refused = app
        .gql_ok_as(
            Some(&project.organiser),
            CREATE_EVENT,
            json!({ "input": required }),
        )
        .await;
    assert_eq!(user_error_codes(&refused["createEvent"]), ["INVALID"]);
    assert_eq!(
        refused["createEvent"]["userErrors"][0]["field"],
        json!(["input", "projectNetworkId"])
    );
    let mut foreign = base.clone();
    foreign["registrationPolicy"] = json!("APPLICATION");
    foreign["projectNetworkId"] = json!(network_gid(&other));
    let refused = app
        .gql_ok_as(
            Some(&project.organiser),
            CREATE_EVENT,
            json!({ "input": foreign }),
        )
        .await;
    assert_eq!(user_error_codes(&refused["createEvent"]), ["NOT_FOUND"]);
    let switched = app
        .gql_ok_as(
            Some(&project.organiser),
            "mutation($id: ID!) { updateEvent(input: { id: $id, registrationPolicy: REQUIRED }) { userErrors { field code } } }",
            json!({ "id": project.event }),
        )
        .await;
    assert_eq!(
        user_error_codes(&switched["updateEvent"]),
        ["INVALID"],
        "{switched}"
    );

    let (ola, ola_application) = apply(&app, &project, "ola@baerum.example.no", &baerum).await;
    let (_, kari_application) = apply(&app, &project, "kari@alesund.example.no", &alesund).await;
    let (tor, tor_application) = apply(&app, &project, "tor@tromso.example.no", &tromso).await;
    assert!(member_names(&app, &project.network.slug).await.is_empty());

    for id in [&ola_application, &kari_application] {
        let approved = decide(&app, &project, id, "APPROVE").await;
        assert_eq!(
            approved["registration"]["status"], "CONFIRMED",
            "{approved}"
        );
    }
    let rejected = decide(&app, &project, &tor_application, "REJECT").await;
    assert_eq!(rejected["registration"]["status"], "REJECTED");

    assert_eq!(
        member_names(&app, &project.network.slug).await,
        ["Bærum kommune", "Ålesund kommune"]
    );
    assert_eq!(
        roles(&app, &ola).await,
        [(project.network.slug.clone(), "MEMBER".to_owned())]
    );
    assert!(roles(&app, &tor).await.is_empty(), "rejected: no role");
    // Recorded in the project network's history.
    let logged: Vec<(String, Option<String>, Option<String>)> = audit_log::Entity::find()
        .filter(audit_log::Column::NetworkId.eq(project.network.id))
        .all(app.db())
        .await
        .expect("log")
        .into_iter()
        .map(|e| (e.action, e.subject, e.detail))
        .collect();
    assert!(
        logged
            .iter()
            .any(|(action, subject, detail)| action == "member.added"
                && subject.as_deref() == Some("Bærum kommune")
                && detail
                    .as_deref()
                    .is_some_and(|d| d.contains("Mobilisering av friske eldre"))),
        "{logged:?}"
    );
    assert_eq!(
        logged.iter().filter(|(a, _, _)| a == "role.set").count(),
        2,
        "{logged:?}"
    );

    // The project's gatherings: a members-only series of the project
    // network; its first occurrence registers both representatives.
    let created = app
        .gql_ok_as(
            Some(&project.organiser),
            "mutation($input: CreateSeriesInput!) { createSeries(input: $input) {
                series { id } events { id membersOnly } userErrors { field code message } } }",
            json!({ "input": { "networkId": network_gid(&project.network),
                "title": "Samlinger og arbeidsmøter 2026",
                "template": { "kind": "GATHERING", "title": "Samling", "attendanceMode": "IN_PERSON",
                    "venue": { "name": "Oslo kongressenter", "city": "Oslo" } },
                "occurrences": [{ "startsAt": "2027-01-14T09:00:00Z", "endsAt": "2027-01-14T14:00:00Z",
                    "title": "Oppstartssamling" }],
                "publish": true } }),
        )
        .await;
    assert_eq!(
        created["createSeries"]["userErrors"],
        json!([]),
        "{created}"
    );
    assert_eq!(created["createSeries"]["events"][0]["membersOnly"], true);
    let series = created["createSeries"]["series"]["id"]
        .as_str()
        .expect("series")
        .to_owned();
    // More dates later: a webinar and a working meeting.
    let added = app
        .gql_ok_as(
            Some(&project.organiser),
            "mutation($input: AddSeriesOccurrencesInput!) { addSeriesOccurrences(input: $input) {
                events { id title venue { name } } userErrors { field code message } } }",
            json!({ "input": { "seriesId": series, "publish": true, "occurrences": [
                { "startsAt": "2027-02-11T09:00:00Z", "endsAt": "2027-02-11T12:00:00Z", "title": "Arbeidsmøte" },
                { "startsAt": "2027-03-11T09:00:00Z", "endsAt": "2027-03-11T12:00:00Z", "title": "Avslutningssamling" } ] } }),
        )
        .await;
    assert_eq!(
        added["addSeriesOccurrences"]["userErrors"],
        json!([]),
        "{added}"
    );
    let events = added["addSeriesOccurrences"]["events"]
        .as_array()
        .expect("events")
        .clone();
    assert_eq!(events.len(), 2);
    assert_eq!(
        events[0]["venue"]["name"], "Oslo kongressenter",
        "a copy of the latest occurrence"
    );
    // Bad input to it: every problem at once, nothing stored.
    let bad = app
        .gql_ok_as(
            Some(&project.organiser),
            "mutation($input: AddSeriesOccurrencesInput!) { addSeriesOccurrences(input: $input) {
                events { id } userErrors { field code } } }",
            json!({ "input": { "seriesId": series, "occurrences": [
                { "startsAt": "2027-04-11T12:00:00Z", "endsAt": "2027-04-11T09:00:00Z" } ] } }),
        )
        .await;
    assert_eq!(
        user_error_codes(&bad["addSeriesOccurrences"]),
        ["INVALID_TIME_RANGE"]
    );
    let unknown = app
        .gql_ok_as(
            Some(&ola),
            "mutation($input: AddSeriesOccurrencesInput!) { addSeriesOccurrences(input: $input) {
                events { id } userErrors { field code } } }",
            json!({ "input": { "seriesId": series, "occurrences": [
                { "startsAt": "2027-04-11T09:00:00Z", "endsAt": "2027-04-11T12:00:00Z" } ] } }),
        )
        .await;
    assert_eq!(
        user_error_codes(&unknown["addSeriesOccurrences"]),
        ["NOT_FOUND"],
        "a member may not add dates"
    );

    let mine = "query($id: ID!) { series(id: $id) { events(first: 10) { nodes { title myRegistration { status organisation { name } } } } } }";
    let seen = app
        .gql_ok_as(Some(&ola), mine, json!({ "id": series }))
        .await;
    let nodes = seen["series"]["events"]["nodes"]
        .as_array()
        .expect("nodes")
        .clone();
    assert_eq!(nodes.len(), 3, "{seen}");
    for node in &nodes {
        assert_eq!(node["myRegistration"]["status"], "CONFIRMED", "{node}");
        assert_eq!(
            node["myRegistration"]["organisation"]["name"],
            "Bærum kommune"
        );
    }
    // The rejected applicant does not see the members-only series at all.
    let hidden = app
        .gql_ok_as(Some(&tor), mine, json!({ "id": series }))
        .await;
    assert_eq!(hidden["series"]["events"]["nodes"], json!([]), "{hidden}");

    // Mail: the decision, then one confirmation per occurrence, each once.
    app.run_jobs().await;
    smtp.wait_for(3 + 2 * 3).await;
    app.run_jobs().await;
    // The worker sends several at once: compare them in order of subject.
    let mut ola_mail = subjects_to(&smtp, "ola@baerum.example.no");
    ola_mail.sort();
    assert_eq!(
        ola_mail,
        [
            "Påmelding bekreftet: Arbeidsmøte",
            "Påmelding bekreftet: Avslutningssamling",
            "Påmelding bekreftet: Oppstartssamling",
            "Søknaden er innvilget: Prosjekt: Mobilisering av friske eldre",
            "Vi har mottatt påmeldingen din: Prosjekt: Mobilisering av friske eldre",
        ],
    );
    assert_eq!(subjects_to(&smtp, "kari@alesund.example.no").len(), 5);
    let tor_mail = subjects_to(&smtp, "tor@tromso.example.no");
    assert_eq!(
        tor_mail.len(),
        2,
        "received and rejected only: {tor_mail:?}"
    );

    // Its own feed: the public one is 404 (members only); the member's
    // personal series feed holds the three dates.
    let urls = app
        .gql_ok_as(
            Some(&ola),
            "query($id: ID!) { series(id: $id) { calendarUrl myCalendarUrl } }",
            json!({ "id": series }),
        )
        .await;
    assert_eq!(urls["series"]["myCalendarUrl"], Value::Null, "no token yet");
    let public = urls["series"]["calendarUrl"]
        .as_str()
        .expect("url")
        .to_owned();
    let public = public.replace(&app.state.config.public_url(), &app.url(""));
    let response = reqwest::get(&public).await.expect("get");
    assert_eq!(response.status(), 404);
    app.gql_ok_as(
        Some(&ola),
        "mutation { rotateCalendarToken(input: {}) { userErrors { code } } }",
        json!({}),
    )
    .await;
    let urls = app
        .gql_ok_as(
            Some(&ola),
            "query($id: ID!) { series(id: $id) { myCalendarUrl } }",
            json!({ "id": series }),
        )
        .await;
    let personal = urls["series"]["myCalendarUrl"]
        .as_str()
        .expect("personal url")
        .replace(&app.state.config.public_url(), &app.url(""));
    let response = reqwest::get(&personal).await.expect("get");
    assert_eq!(response.status(), 200);
    assert!(
        response
            .headers()
            .get("cache-control")
            .is_some_and(|v| v.to_str().unwrap_or_default().starts_with("private"))
    );
    let body = response.text().await.expect("body");
    assert_eq!(body.matches("BEGIN:VEVENT").count(), 3, "{body}");
    assert!(body.contains("SUMMARY:Arbeidsmøte"), "{body}");

    // After the project: each representative sees which municipalities came
    // (organisations only); the rejected applicant may not look.
    app.state.clock.set(at("2027-04-01T08:00:00Z"));
    // Months later: their sessions have lapsed.
    let kari = app.sign_in("kari@alesund.example.no").await;
    let tor = app.sign_in("tor@tromso.example.no").await;
    let report = "query($id: ID!) { series(id: $id) { attendance {
        eventCount organisations { name eventsAttended } } } }";
    let seen = app
        .gql_ok_as(Some(&kari), report, json!({ "id": series }))
        .await;
    let attendance = &seen["series"]["attendance"];
    assert_eq!(attendance["eventCount"], 3, "{seen}");
    let mut names: Vec<&str> = attendance["organisations"]
        .as_array()
        .expect("organisations")
        .iter()
        .map(|o| o["name"].as_str().unwrap_or_default())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["Bærum kommune", "Ålesund kommune"]);
    let refused = app
        .gql_as(Some(&tor), report, json!({ "id": series }))
        .await;
    assert_eq!(
        crate::helpers::error_code(&refused),
        "FORBIDDEN",
        "{refused}"
    );
    // And on the console page of the project network.
    let page = reqwest::Client::new()
        .get(app.url(&format!(
            "/organise/networks/{}/attendance",
            project.network.id
        )))
        .header("Cookie", format!("__Host-tp_session={kari}"))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(html.contains("Bærum kommune"), "{html}");
    assert!(!html.contains("ola@baerum.example.no"));
}

#[tokio::test]
async fn withdrawing_an_approval_takes_back_only_what_it_added_and_frees_the_seat() {
    let smtp = SmtpServer::start();
    let url = smtp.url();
    let app =
        TestApp::spawn_with(move |config| config.mail.smtp_url = Some(SecretString::from(url)))
            .await;
    // One seat: the second approved applicant waits for it.
    let project = project(&app, Some(1)).await;
    let baerum = organisation(&app, "Bærum kommune").await;
    let faerder = organisation(&app, "Færder kommune").await;
    // Færder was a member of the project network before it applied.
    api::service::networks::add_member(
        &app.cx(),
        api::ids::NetworkId(project.network.id),
        api::ids::OrganisationId(faerder.id),
    )
    .await
    .expect("member");

    let (ola, ola_application) = apply(&app, &project, "ola@baerum.example.no", &baerum).await;
    let (anne, anne_application) = apply(&app, &project, "anne@faerder.example.no", &faerder).await;

    // Nothing approved yet: nothing to withdraw.
    let early = app
        .gql_ok_as(
            Some(&project.organiser),
            WITHDRAW,
            json!({ "id": ola_application }),
        )
        .await;
    assert_eq!(
        user_error_codes(&early["withdrawApproval"]),
        ["INVALID_STATE"]
    );

    assert_eq!(
        decide(&app, &project, &ola_application, "APPROVE").await["registration"]["status"],
        "CONFIRMED"
    );
    assert_eq!(
        decide(&app, &project, &anne_application, "APPROVE").await["registration"]["status"],
        "WAITLISTED",
        "approved, waiting for the one seat"
    );
    assert_eq!(
        member_names(&app, &project.network.slug).await,
        ["Bærum kommune", "Færder kommune"]
    );

    // A participant may not withdraw an approval.
    let refused = app
        .gql_as(Some(&ola), WITHDRAW, json!({ "id": ola_application }))
        .await;
    assert_eq!(
        crate::helpers::error_code(&refused),
        "FORBIDDEN",
        "{refused}"
    );

    let withdrawn = app
        .gql_ok_as(
            Some(&project.organiser),
            WITHDRAW,
            json!({ "id": ola_application, "m": "Kommunen trakk seg fra prosjektet." }),
        )
        .await;
    assert_eq!(
        withdrawn["withdrawApproval"]["userErrors"],
        json!([]),
        "{withdrawn}"
    );
    assert_eq!(
        withdrawn["withdrawApproval"]["registration"]["status"],
        "REJECTED"
    );
    assert_eq!(
        member_names(&app, &project.network.slug).await,
        ["Færder kommune"]
    );
    assert!(roles(&app, &ola).await.is_empty());
    // The freed seat went to the first in line.
    let anne_now = app
        .gql_ok_as(
            Some(&anne),
            "query($id: ID!) { registration(id: $id) { status } }",
            json!({ "id": anne_application }),
        )
        .await;
    assert_eq!(anne_now["registration"]["status"], "CONFIRMED");

    // Færder was a member before its approval: withdrawing it keeps the
    // membership and takes only Anne's role.
    let withdrawn = app
        .gql_ok_as(
            Some(&project.organiser),
            WITHDRAW,
            json!({ "id": anne_application }),
        )
        .await;
    assert_eq!(withdrawn["withdrawApproval"]["userErrors"], json!([]));
    assert_eq!(
        member_names(&app, &project.network.slug).await,
        ["Færder kommune"]
    );
    assert!(roles(&app, &anne).await.is_empty());
    // Twice is refused.
    let again = app
        .gql_ok_as(
            Some(&project.organiser),
            WITHDRAW,
            json!({ "id": anne_application }),
        )
        .await;
    assert_eq!(
        user_error_codes(&again["withdrawApproval"]),
        ["INVALID_STATE"]
    );

    let logged: Vec<(String, Option<String>)> = audit_log::Entity::find()
        .filter(audit_log::Column::NetworkId.eq(project.network.id))
        .all(app.db())
        .await
        .expect("log")
        .into_iter()
        .filter(|e| e.action == "member.removed" || e.action == "role.removed")
        .map(|e| (e.action, e.detail))
        .collect();
    assert_eq!(logged.len(), 3, "Bærum, Ola's and Anne's roles: {logged:?}");
    assert!(
        logged.iter().all(|(_, d)| d
            .as_deref()
            .is_some_and(|d| d.contains("approval withdrawn"))),
        "{logged:?}"
    );

    // Ola is told, with the organiser's message.
    app.run_jobs().await;
    smtp.wait_for(1).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let subjects = subjects_to(&smtp, "ola@baerum.example.no");
        if subjects.iter().any(|s| s.starts_with("Svar på søknaden")) {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{subjects:?}");
        app.run_jobs().await;
        tokio::task::yield_now().await;
    }
}

/// The statuses of `email`'s registrations, by the event's title.
async fn seats_of(app: &TestApp, email: &str) -> Vec<(String, String)> {
    use entities::{event, person, registration};
    let person = person::Entity::find()
        .filter(person::Column::Email.eq(email))
        .one(app.db())
        .await
        .expect("person")
        .expect("known");
    let mut seats = Vec::new();
    for r in registration::Entity::find()
        .filter(registration::Column::PersonId.eq(person.id))
        .all(app.db())
        .await
        .expect("registrations")
    {
        let event = event::Entity::find_by_id(r.event_id)
            .one(app.db())
            .await
            .expect("event")
            .expect("there");
        seats.push((event.title, r.status.as_str().to_owned()));
    }
    seats.sort();
    seats
}

#[tokio::test]
async fn a_draft_occurrence_published_later_invites_and_a_withdrawn_approval_cancels_the_seats() {
    let app = TestApp::spawn().await;
    let project = project(&app, None).await;
    let baerum = organisation(&app, "Bærum kommune").await;
    let (_, application) = apply(&app, &project, "ola@baerum.example.no", &baerum).await;
    assert_eq!(
        decide(&app, &project, &application, "APPROVE").await["registration"]["status"],
        "CONFIRMED"
    );

    // The gathering is added as a draft: nobody is invited yet.
    let created = app
        .gql_ok_as(
            Some(&project.organiser),
            "mutation($input: CreateSeriesInput!) { createSeries(input: $input) {
                events { id } userErrors { field code message } } }",
            json!({ "input": { "networkId": network_gid(&project.network),
                "title": "Samlinger 2027",
                "template": { "kind": "GATHERING", "title": "Samling", "attendanceMode": "IN_PERSON" },
                "occurrences": [{ "startsAt": "2027-02-11T09:00:00Z", "endsAt": "2027-02-11T14:00:00Z",
                    "title": "Vintersamling" }],
                "publish": false } }),
        )
        .await;
    assert_eq!(
        created["createSeries"]["userErrors"],
        json!([]),
        "{created}"
    );
    let occurrence = created["createSeries"]["events"][0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let application_title = "Prosjekt: Mobilisering av friske eldre".to_owned();
    assert_eq!(
        seats_of(&app, "ola@baerum.example.no").await,
        [(application_title.clone(), "CONFIRMED".to_owned())]
    );

    // Published now: Ola is registered, once (publishing twice changes nothing).
    for _ in 0..2 {
        let published = app
            .gql_ok_as(
                Some(&project.organiser),
                "mutation($id: ID!) { publishEvent(input: { id: $id }) { userErrors { code } } }",
                json!({ "id": occurrence }),
            )
            .await;
        assert_eq!(published["publishEvent"]["userErrors"], json!([]));
    }
    assert_eq!(
        seats_of(&app, "ola@baerum.example.no").await,
        [
            (application_title.clone(), "CONFIRMED".to_owned()),
            ("Vintersamling".to_owned(), "CONFIRMED".to_owned()),
        ]
    );

    // The approval withdrawn: Bærum leaves, and so does Ola's seat at the
    // members-only gathering.
    let withdrawn = app
        .gql_ok_as(
            Some(&project.organiser),
            WITHDRAW,
            json!({ "id": application }),
        )
        .await;
    assert_eq!(withdrawn["withdrawApproval"]["userErrors"], json!([]));
    assert_eq!(
        seats_of(&app, "ola@baerum.example.no").await,
        [
            (application_title, "REJECTED".to_owned()),
            ("Vintersamling".to_owned(), "CANCELLED".to_owned()),
        ]
    );
}

#[tokio::test]
async fn the_console_withdraws_an_approval_and_the_organisation_leaves() {
    use entities::{person, registration};
    let app = TestApp::spawn().await;
    let project = project(&app, None).await;
    let baerum = organisation(&app, "Bærum kommune").await;
    let (_, application) = apply(&app, &project, "ola@baerum.example.no", &baerum).await;
    decide(&app, &project, &application, "APPROVE").await;
    assert_eq!(
        member_names(&app, &project.network.slug).await,
        ["Bærum kommune"]
    );
    let ola = person::Entity::find()
        .filter(person::Column::Email.eq("ola@baerum.example.no"))
        .one(app.db())
        .await
        .expect("person")
        .expect("known");
    let found = registration::Entity::find()
        .filter(registration::Column::PersonId.eq(ola.id))
        .one(app.db())
        .await
        .expect("registration")
        .expect("applied");

    let page = format!("/organise/events/{}?lang=nb", found.event_id);
    let (status, html) = app.page(&page, Some(&project.organiser)).await;
    assert_eq!(status, reqwest::StatusCode::OK, "{html}");
    assert!(html.contains("Trekk tilbake godkjenningen"), "{html}");

    let withdraw = format!("/organise/registrations/{}/withdraw", found.id);
    let event = found.event_id.to_string();
    let fields = [
        ("event", event.as_str()),
        ("lang", "nb"),
        ("message", "Kommunen trakk seg."),
    ];
    // Without the token: refused, nothing changes.
    let (status, _, _) = app
        .post_form(&withdraw, &project.organiser, false, &fields)
        .await;
    assert_eq!(status, reqwest::StatusCode::FORBIDDEN);
    assert_eq!(
        member_names(&app, &project.network.slug).await,
        ["Bærum kommune"]
    );
    let (status, location, _) = app
        .post_form(&withdraw, &project.organiser, true, &fields)
        .await;
    assert_eq!(status, reqwest::StatusCode::SEE_OTHER);
    assert!(location.contains("done=withdrawn"), "{location}");
    assert!(member_names(&app, &project.network.slug).await.is_empty());
    let (_, html) = app.page(&location, Some(&project.organiser)).await;
    assert!(html.contains("Godkjenningen er trukket tilbake"), "{html}");
    assert!(
        !html.contains("Trekk tilbake godkjenningen</button>"),
        "not twice"
    );
}
