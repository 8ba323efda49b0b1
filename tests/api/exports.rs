//! The organisers' CSV export of registrations, and registrations as nodes.

use entities::{JoinLinkVisibility, NetworkRole};
use serde_json::{Value, json};

use crate::fixtures::{
    EventBuilder, NetworkBuilder, event_gid, organisation, organisation_gid, signed_in_with_role,
};
use crate::helpers::TestApp;

const REGISTER: &str = "mutation($input: RegisterInput!) { register(input: $input) {
    registration { id status } manageToken userErrors { field code message } } }";

/// Parses RFC 4180 CSV with `sep` (quotes, doubled quotes, separators and
/// line breaks inside quotes); rows end in CRLF.
fn parse_csv(body: &str, sep: char) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                other => field.push(other),
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            c if c == sep => row.push(std::mem::take(&mut field)),
            '\r' => {
                assert_eq!(chars.next(), Some('\n'), "rows end in CRLF");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            '\n' => panic!("a bare LF outside quotes"),
            other => field.push(other),
        }
    }
    assert!(
        field.is_empty() && row.is_empty(),
        "the last row ends in CRLF"
    );
    rows
}

struct Setup {
    app: TestApp,
    event: entities::event::Model,
    organiser: String,
    participant: String,
    first_registration: String,
}

async fn setup() -> Setup {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("AllAgeHub").insert(&app).await;
    let organiser = signed_in_with_role(
        &app,
        &network,
        "org@allagehub.example",
        NetworkRole::Organiser,
    )
    .await;
    let event = EventBuilder::new(&network)
        .title("Höstkonferens: Åldersvänlig utveckling")
        .hybrid(JoinLinkVisibility::Registered)
        .published()
        .insert(&app)
        .await;
    let id = event_gid(&event);
    app.gql_ok(
        "mutation($id: ID!) { updateEvent(input: { id: $id, capacity: { inPerson: 2, online: 10 } }) { userErrors { code } } }",
        json!({ "id": id }),
    )
    .await;
    let add = "mutation($id: ID!, $k: QuestionKind!, $l: String!, $o: [String!]!) {
        addRegistrationQuestion(input: { eventId: $id, kind: $k, label: $l, options: $o, required: false }) { question { id } userErrors { code } } }";
    let workshops = app
        .gql_ok(
            add,
            json!({ "id": id, "k": "MULTIPLE_CHOICE", "l": "Vilka workshoppar?", "o": ["Boende", "Hälsa; vård", "Kultur"] }),
        )
        .await["addRegistrationQuestion"]["question"]["id"]
        .clone();
    let comment = app
        .gql_ok(
            add,
            json!({ "id": id, "k": "TEXT", "l": "Övrigt \"att säga\"", "o": [] }),
        )
        .await["addRegistrationQuestion"]["question"]["id"]
        .clone();
    let lund = organisation(&app, "Lunds kommun").await;
    let register = |vars: Value| {
        let app = &app;
        async move {
            let r = app.gql_ok_as(None, REGISTER, vars).await["register"].clone();
            assert_eq!(r["userErrors"], json!([]), "{r}");
            r
        }
    };
    let first = register(json!({ "input": { "eventId": id, "mode": "IN_PERSON", "consent": true,
        "guest": { "name": "Åsa Öberg", "email": "asa@lund.example.se", "organisationId": organisation_gid(&lund) },
        "answers": [{ "questionId": workshops, "values": ["Boende", "Hälsa; vård"] },
                    { "questionId": comment, "values": ["Rad ett\nRad två, med \"citat\""] }],
        "accessibilityNeeds": "Hörslinga", "dietaryNeeds": "=1+1" } }))
    .await;
    register(json!({ "input": { "eventId": id, "mode": "ONLINE", "consent": true,
        "guest": { "name": "Øyvind Ærø", "email": "oyvind@example.no", "organisationName": "Bærum kommune" } } }))
    .await;
    register(
        json!({ "input": { "eventId": id, "mode": "IN_PERSON", "consent": true,
        "guest": { "name": "Bo Ek", "email": "bo@example.se" } } }),
    )
    .await;
    let last = register(
        json!({ "input": { "eventId": id, "mode": "IN_PERSON", "consent": true,
        "guest": { "name": "Cecilia Lind", "email": "cecilia@example.se" } } }),
    )
    .await;
    assert_eq!(last["registration"]["status"], "WAITLISTED");
    app.gql_ok_as(
        Some(&organiser),
        "mutation($id: ID!) { checkIn(input: { id: $id }) { userErrors { code } } }",
        json!({ "id": first["registration"]["id"] }),
    )
    .await;
    let participant = app.sign_in("asa@lund.example.se").await;
    Setup {
        app,
        event,
        organiser,
        participant,
        first_registration: first["registration"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    }
}

async fn get_csv(app: &TestApp, path: &str, token: Option<&str>) -> reqwest::Response {
    let mut request = app.http.get(app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("request")
}

#[tokio::test]
async fn organisers_export_registrations_as_csv_that_excel_reads() {
    let s = setup().await;
    let path = format!("/events/{}/registrations.csv", s.event.id);
    let response = get_csv(&s.app, &format!("{path}?lang=en"), Some(&s.organiser)).await;
    assert_eq!(response.status(), 200);
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(header("content-type"), "text/csv; charset=utf-8");
    assert_eq!(
        header("content-disposition"),
        "attachment; filename=\"registrations-hostkonferens-aldersvanlig-utveckling-2026-09-08.csv\""
    );
    assert_eq!(header("cache-control"), "no-store");
    let bytes = response.bytes().await.expect("body");
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 with BOM");
    let body = std::str::from_utf8(&bytes[3..]).expect("UTF-8");
    let rows = parse_csv(body, ';');
    assert_eq!(
        rows[0],
        [
            "Name",
            "Email",
            "Organisation",
            "Mode",
            "Status",
            "Waitlist position",
            "Registered at (Europe/Stockholm)",
            "Checked in at (Europe/Stockholm)",
            "Accessibility needs",
            "Dietary needs",
            "Consent given at (Europe/Stockholm)",
            "Vilka workshoppar?",
            "Övrigt \"att säga\"",
        ]
    );
    assert_eq!(rows.len(), 5, "a header and four registrations: {rows:?}");
    // 2026-09-01 08:00 UTC is 10:00 in Stockholm (summer time).
    assert_eq!(
        rows[1],
        [
            "Åsa Öberg",
            "asa@lund.example.se",
            "Lunds kommun",
            "IN_PERSON",
            "CONFIRMED",
            "",
            "2026-09-01 10:00:00",
            "2026-09-01 10:00:00",
            "Hörslinga",
            "'=1+1",
            "2026-09-01 10:00:00",
            "Boende, Hälsa; vård",
            "Rad ett\nRad två, med \"citat\"",
        ]
    );
    assert_eq!(rows[2][0], "Øyvind Ærø");
    assert_eq!(rows[2][2], "Bærum kommune", "the organisation as written");
    assert_eq!(rows[2][3], "ONLINE");
    assert_eq!(rows[2][7], "", "not checked in");
    assert_eq!(
        (
            rows[4][0].as_str(),
            rows[4][4].as_str(),
            rows[4][5].as_str()
        ),
        ("Cecilia Lind", "WAITLISTED", "1")
    );
    assert!(body.contains("\"Hälsa; vård\"") || body.contains("\"Boende, Hälsa; vård\""));

    // Filters, and plain commas on request.
    let online = get_csv(
        &s.app,
        &format!("{path}?status=CONFIRMED&mode=ONLINE"),
        Some(&s.organiser),
    )
    .await;
    assert_eq!(online.status(), 200);
    let online = online.text().await.expect("body");
    let rows = parse_csv(online.trim_start_matches('\u{feff}'), ';');
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[1][0], "Øyvind Ærø");
    let waiting = get_csv(
        &s.app,
        &format!("{path}?status=waitlisted,pending&separator=comma"),
        Some(&s.organiser),
    )
    .await
    .text()
    .await
    .expect("body");
    let rows = parse_csv(waiting.trim_start_matches('\u{feff}'), ',');
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][0], "Cecilia Lind");
    let bad = get_csv(&s.app, &format!("{path}?status=MAYBE"), Some(&s.organiser)).await;
    assert_eq!(bad.status(), 400);

    // The global id works in the path too.
    let by_gid = get_csv(
        &s.app,
        &format!("/events/{}/registrations.csv", event_gid(&s.event)),
        Some(&s.organiser),
    )
    .await;
    assert_eq!(by_gid.status(), 200);
}

#[tokio::test]
async fn only_organisers_get_the_export_and_its_url() {
    let s = setup().await;
    let path = format!("/events/{}/registrations.csv", s.event.id);
    let anonymous = get_csv(&s.app, &path, None).await;
    assert_eq!(anonymous.status(), 401);
    assert!(anonymous.headers().contains_key("www-authenticate"));
    assert_eq!(
        get_csv(&s.app, &path, Some("tps_not-a-token"))
            .await
            .status(),
        401
    );
    assert_eq!(
        get_csv(&s.app, &path, Some(&s.participant)).await.status(),
        403
    );
    assert_eq!(
        get_csv(
            &s.app,
            &format!("/events/{}/registrations.csv", uuid::Uuid::now_v7()),
            Some(&s.organiser)
        )
        .await
        .status(),
        404
    );
    assert_eq!(
        get_csv(
            &s.app,
            "/events/nonsense/registrations.csv",
            Some(&s.organiser)
        )
        .await
        .status(),
        404
    );

    let query = "query($id: ID!) { event(id: $id) { registrationsCsvUrl } }";
    let vars = json!({ "id": event_gid(&s.event) });
    assert_eq!(
        s.app
            .gql_ok_as(Some(&s.organiser), query, vars.clone())
            .await["event"]["registrationsCsvUrl"],
        format!(
            "https://traffpunkt.test/events/{}/registrations.csv",
            s.event.id
        )
    );
    assert!(
        s.app
            .gql_ok_as(Some(&s.participant), query, vars.clone())
            .await["event"]["registrationsCsvUrl"]
            .is_null()
    );
    assert!(s.app.gql_ok_as(None, query, vars).await["event"]["registrationsCsvUrl"].is_null());
}

#[tokio::test]
async fn a_registration_is_a_node_for_its_participant_and_the_organisers() {
    let s = setup().await;
    let query = "query($id: ID!) { node(id: $id) { __typename id ... on Registration { status person { name } } } }";
    let vars = json!({ "id": s.first_registration });
    let own = s
        .app
        .gql_ok_as(Some(&s.participant), query, vars.clone())
        .await;
    assert_eq!(own["node"]["__typename"], "Registration");
    assert_eq!(own["node"]["id"], s.first_registration);
    assert_eq!(own["node"]["person"]["name"], "Åsa Öberg");
    let organiser = s
        .app
        .gql_ok_as(Some(&s.organiser), query, vars.clone())
        .await;
    assert_eq!(organiser["node"]["status"], "CONFIRMED");
    assert!(s.app.gql_ok_as(None, query, vars.clone()).await["node"].is_null());
    let other = s.app.sign_in("bo@example.se").await;
    assert!(
        s.app.gql_ok_as(Some(&other), query, vars).await["node"].is_null(),
        "another participant does not see it"
    );
}
