//! The participant pages through HTTP: they render in the asked language,
//! with the markup accessibility needs (one `h1`, `lang`, labelled fields,
//! landmarks, a skip link), and show only what the policy allows an
//! anonymous visitor.

use chrono::Duration;
use entities::JoinLinkVisibility;
use reqwest::StatusCode;

use crate::fixtures::{EventBuilder, NetworkBuilder, contact};
use crate::helpers::{TestApp, test_now};

/// Fetches `path` with an optional `Accept-Language`; status and body.
async fn page(app: &TestApp, path: &str, accept_language: Option<&str>) -> (StatusCode, String) {
    let mut request = app.http.get(app.url(path));
    if let Some(languages) = accept_language {
        request = request.header("Accept-Language", languages);
    }
    let response = request.send().await.expect("page");
    let status = response.status();
    (status, response.text().await.expect("body"))
}

/// The checks every page passes: its language, one `h1`, landmarks, a skip
/// link to `main`, and a label for every field.
fn assert_accessible_markup(html: &str, lang: &str) {
    assert!(
        html.contains(&format!("<html lang=\"{lang}\">")),
        "lang {lang} missing in {html}"
    );
    assert_eq!(html.matches("<h1").count(), 1, "exactly one h1: {html}");
    for landmark in ["<header", "<nav", "<main id=\"main\"", "<footer"] {
        assert!(html.contains(landmark), "{landmark} missing");
    }
    assert!(html.contains("class=\"skip-link\" href=\"#main\""));
    assert_headings_in_order(html);
    for tag in ["<input", "<select", "<textarea"] {
        for field in html.split(tag).skip(1) {
            let field = &field[..field.find('>').expect("closed tag")];
            if field.contains("type=\"hidden\"") {
                continue;
            }
            let id = attribute(field, "id").unwrap_or_else(|| panic!("field without id: {field}"));
            assert!(
                html.contains(&format!("<label for=\"{id}\"")),
                "no label for #{id}"
            );
        }
    }
}

/// Headings never skip a level going down.
fn assert_headings_in_order(html: &str) {
    let mut last = 0;
    for (i, _) in html.match_indices("<h") {
        let level = html[i + 2..].chars().next().and_then(|c| c.to_digit(10));
        if let Some(level) = level {
            assert!(level <= last + 1, "h{level} after h{last}");
            last = level;
        }
    }
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_owned())
}

#[tokio::test]
async fn network_page_shows_events_contacts_and_the_feed() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Nätverk för digital utveckling")
        .insert(&app)
        .await;
    contact(&app, &network, "Åsa Öberg", "asa.oberg@example.se").await;
    EventBuilder::new(&network)
        .title("Höstträff i Göteborg")
        .published()
        .insert(&app)
        .await;
    EventBuilder::new(&network)
        .title("Utkast som ingen ser")
        .insert(&app)
        .await;

    let (status, html) = page(&app, &format!("/networks/{}", network.slug), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_accessible_markup(&html, "sv");
    assert!(html.contains("<h1>Nätverk för digital utveckling</h1>"));
    assert!(html.contains("Åsa Öberg"));
    // Anonymous visitors do not get contact addresses (policy).
    assert!(!html.contains("asa.oberg@example.se"));
    assert!(html.contains("Höstträff i Göteborg"));
    assert!(!html.contains("Utkast som ingen ser"));
    assert!(
        html.contains(&format!("webcal://{}/calendar/networks/", app.addr))
            || html.contains("webcal://")
    );
    assert!(html.contains(&format!("/calendar/networks/{}.ics", network.slug)));
    assert!(html.contains("Kommande evenemang"));
}

#[tokio::test]
async fn the_language_comes_from_the_header_or_the_query() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Språknätverket").insert(&app).await;
    let path = format!("/networks/{}", network.slug);

    let (_, html) = page(&app, &path, Some("en-GB,en;q=0.9")).await;
    assert_accessible_markup(&html, "en");
    assert!(html.contains("Upcoming events"));

    let (_, html) = page(&app, &path, Some("nb-NO")).await;
    assert_accessible_markup(&html, "nb");
    assert!(html.contains("Kommende arrangementer"));

    let (_, html) = page(&app, &format!("{path}?lang=sv"), Some("en")).await;
    assert_accessible_markup(&html, "sv");
    assert!(html.contains(&format!("href=\"{path}?lang=en\"")));
}

#[tokio::test]
async fn event_page_shows_time_place_agenda_seats_and_calendar_links() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Nätverk för socialtjänst")
        .insert(&app)
        .await;
    let event = EventBuilder::new(&network)
        .title("Konferens om barnrätt")
        .hybrid(JoinLinkVisibility::Registered)
        .published()
        .insert(&app)
        .await;

    let (status, html) = page(&app, &format!("/events/{}", event.id), Some("sv")).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_accessible_markup(&html, "sv");
    assert!(html.contains("<h1>Konferens om barnrätt</h1>"));
    assert!(html.contains("Fontänhuset Helsingborg"));
    assert!(html.contains("Entré i gatuplan, hörslinga"));
    assert!(html.contains(" kl. "), "a Swedish time: {html}");
    // A REGISTERED join link is not for anonymous visitors.
    assert!(!html.contains("webex.com"));
    assert!(html.contains("Länken till mötet skickas till anmälda deltagare."));
    assert!(html.contains(&format!("/calendar/events/{}.ics", event.id)));
    assert!(html.contains("calendar.google.com"));
    assert!(html.contains("outlook"));
    assert!(html.contains("Platser kvar på plats"));

    let public = EventBuilder::new(&network)
        .title("Öppet webbinarium")
        .hybrid(JoinLinkVisibility::Public)
        .published()
        .insert(&app)
        .await;
    let (_, html) = page(&app, &format!("/events/{}?lang=nb", public.id), None).await;
    assert_accessible_markup(&html, "nb");
    assert!(html.contains("https://helsingborg.webex.com/meet/utveckling"));
    assert!(html.contains("Koble til møtet"));
}

#[tokio::test]
async fn unknown_and_hidden_pages_are_not_found() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Dolda nätverket").insert(&app).await;
    let draft = EventBuilder::new(&network).insert(&app).await;
    for path in [
        "/networks/finns-inte".to_owned(),
        format!("/events/{}", uuid::Uuid::now_v7()),
        "/events/inte-ett-id".to_owned(),
        format!("/events/{}", draft.id),
    ] {
        let (status, html) = page(&app, &path, Some("en")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_accessible_markup(&html, "en");
        assert!(html.contains("Page not found"));
    }
}

#[tokio::test]
async fn the_stylesheet_is_cached_for_long() {
    let app = TestApp::spawn().await;
    let response = app
        .http
        .get(app.url(api::pages::CSS_PATH))
        .send()
        .await
        .expect("css");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(
        response.headers()["content-type"]
            .to_str()
            .expect("type")
            .starts_with("text/css")
    );
}

/// The CSRF cookie a page sets (`name=value`) and the token in its form.
fn csrf_of(response_cookie: Option<&str>, html: &str) -> (String, String) {
    let cookie = response_cookie
        .expect("a page with a form sets the CSRF cookie")
        .split(';')
        .next()
        .expect("cookie pair")
        .to_owned();
    let marker = "name=\"csrf\" value=\"";
    let at = html.find(marker).expect("csrf field") + marker.len();
    let token = html[at..].split('"').next().expect("token").to_owned();
    assert!(cookie.ends_with(&format!("={token}")));
    (cookie, token)
}

/// Posts a form with the cookie; status and body.
async fn post_form(
    app: &TestApp,
    path: &str,
    cookie: Option<&str>,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let body: String = fields
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let mut request = app
        .http
        .post(app.url(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body);
    if let Some(cookie) = cookie {
        request = request.header("Cookie", cookie);
    }
    let response = request.send().await.expect("post");
    let status = response.status();
    (status, response.text().await.expect("body"))
}

fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn seats_taken(app: &TestApp, event: &entities::event::Model) -> (u64, u64) {
    let seats = api::service::registrations::seats(&app.cx(), api::ids::EventId(event.id))
        .await
        .expect("seats")
        .expect("event");
    (seats.in_person_taken, seats.online_taken)
}

#[tokio::test]
async fn registering_through_the_form_and_cancelling_from_the_mail() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Nätverk för äldreomsorg")
        .insert(&app)
        .await;
    let event = EventBuilder::new(&network)
        .title("Träff om välfärdsteknik")
        .hybrid(JoinLinkVisibility::Registered)
        .published()
        .insert(&app)
        .await;
    let question = api::service::registrations::add_question(
        &app.cx(),
        api::service::registrations::NewQuestion {
            event_id: api::ids::EventId(event.id),
            kind: entities::QuestionKind::SingleChoice,
            label: "Vilken workshop väljer du?".into(),
            options: vec!["Förmiddag".into(), "Eftermiddag".into()],
            required: true,
        },
    )
    .await
    .expect("question");
    let path = format!("/events/{}", event.id);

    let response = app.http.get(app.url(&path)).send().await.expect("page");
    let cookie = response
        .headers()
        .get("set-cookie")
        .map(|v| v.to_str().expect("ascii").to_owned());
    let html = response.text().await.expect("body");
    assert_accessible_markup(&html, "sv");
    assert!(html.contains("Vilken workshop väljer du?"));
    let (cookie, token) = csrf_of(cookie.as_deref(), &html);
    let register = format!("{path}/register");
    let answer = format!("q-{}", question.id);

    // Without the token (or without the cookie) nothing is registered.
    let (status, _) = post_form(&app, &register, Some(&cookie), &[("name", "Åsa")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = post_form(&app, &register, None, &[("csrf", &token)]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Invalid input: the same errors as the API, next to their fields.
    let (status, html) = post_form(
        &app,
        &register,
        Some(&cookie),
        &[
            ("csrf", &token),
            ("name", "Åsa Öberg"),
            ("email", "inte-en-adress"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert_accessible_markup(&html, "sv");
    assert!(html.contains("id=\"reg-mode-error\""), "{html}");
    // Every problem at once, not one per submission.
    assert!(html.contains("id=\"reg-email-error\""), "{html}");
    assert!(html.contains("id=\"reg-consent-error\""), "{html}");
    assert!(
        html.contains("value=\"Åsa Öberg\""),
        "what was typed is kept"
    );
    let (status, html) = post_form(
        &app,
        &register,
        Some(&cookie),
        &[
            ("csrf", &token),
            ("name", "Åsa Öberg"),
            ("email", "asa@example.se"),
            ("mode", "ONLINE"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("id=\"reg-consent-error\""), "{html}");
    assert!(
        html.contains("id=\"reg-q0-error\""),
        "the unanswered question: {html}"
    );
    assert!(html.contains("value=\"ONLINE\" checked"));
    assert_eq!(seats_taken(&app, &event).await, (0, 0));

    let (status, html) = post_form(
        &app,
        &format!("{register}?lang=en"),
        Some(&cookie),
        &[
            ("csrf", &token),
            ("name", "Åsa Öberg"),
            ("email", "asa@example.se"),
            ("organisation", "Helsingborgs stad"),
            ("mode", "ONLINE"),
            (&answer, "Eftermiddag"),
            ("accessibility", "Hörslinga"),
            ("consent", "yes"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_accessible_markup(&html, "en");
    assert!(html.contains("<h1>You are registered</h1>"), "{html}");
    // The language switch of a POST's answer leads to a page one can GET.
    assert!(html.contains(&format!("href=\"{path}?lang=sv\"")), "{html}");
    assert_eq!(seats_taken(&app, &event).await, (0, 1));

    // The mailed manage link: GET shows a button and cancels nothing.
    let manage_token =
        crate::registration::mailed_manage_token(&app, "asa@example.se", "REGISTRATION_CONFIRMED")
            .await;
    let manage = format!("/registrations/manage?token={manage_token}");
    let response = app.http.get(app.url(&manage)).send().await.expect("manage");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["referrer-policy"], "no-referrer");
    let html = response.text().await.expect("body");
    assert_accessible_markup(&html, "sv");
    assert!(html.contains("Träff om välfärdsteknik"));
    assert!(html.contains("Avboka min plats"));
    assert!(
        html.contains(&format!(
            "href=\"/registrations/manage?token={manage_token}&amp;lang=en\""
        )) || html.contains("lang=en")
    );
    assert_eq!(
        seats_taken(&app, &event).await,
        (0, 1),
        "GET cancels nothing"
    );

    let (status, _) = post_form(
        &app,
        "/registrations/manage",
        Some(&cookie),
        &[("token", &manage_token)],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, html) = post_form(
        &app,
        "/registrations/manage",
        Some(&cookie),
        &[("csrf", &token), ("token", &manage_token)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_accessible_markup(&html, "sv");
    assert!(html.contains("<h1>Din anmälan är avbokad</h1>"));
    assert_eq!(
        seats_taken(&app, &event).await,
        (0, 0),
        "the seat is free again"
    );

    let (status, _) = page(&app, "/registrations/manage?token=tpm_nonsense", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// The CSRF cookie and token of the event page of `event`.
async fn event_form(app: &TestApp, event: &entities::event::Model) -> (String, String) {
    let response = app
        .http
        .get(app.url(&format!("/events/{}", event.id)))
        .send()
        .await
        .expect("page");
    let cookie = response
        .headers()
        .get("set-cookie")
        .map(|v| v.to_str().expect("ascii").to_owned());
    let html = response.text().await.expect("body");
    csrf_of(cookie.as_deref(), &html)
}

async fn register_guest(
    app: &TestApp,
    event: &entities::event::Model,
    name: &str,
    email: &str,
) -> (StatusCode, String) {
    let (cookie, token) = event_form(app, event).await;
    post_form(
        app,
        &format!("/events/{}/register", event.id),
        Some(&cookie),
        &[
            ("csrf", &token),
            ("name", name),
            ("email", email),
            ("consent", "yes"),
        ],
    )
    .await
}

#[tokio::test]
async fn the_answer_page_says_waitlisted_with_the_position_or_pending() {
    use api::service::events::{self, EventChanges};
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Nätverk för skolan").insert(&app).await;
    let small = EventBuilder::new(&network)
        .title("Liten workshop")
        .published()
        .insert(&app)
        .await;
    events::update(
        &app.cx(),
        api::ids::EventId(small.id),
        EventChanges {
            capacity_in_person: Some(Some(1)),
            ..EventChanges::default()
        },
    )
    .await
    .expect("capacity");

    let (status, html) = register_guest(&app, &small, "Åsa Öberg", "asa@example.se").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("<h1>Du är anmäld</h1>"));
    let (status, html) = register_guest(&app, &small, "Bo Ek", "bo@example.se").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_accessible_markup(&html, "sv");
    assert!(html.contains("<h1>Du står på väntelistan</h1>"), "{html}");
    assert!(html.contains("Din plats i kön: 1"));
    // Registering again changes nothing and says so.
    let (_, html) = register_guest(&app, &small, "Bo Ek", "bo@example.se").await;
    assert!(html.contains("Du var redan anmäld"));

    let application = EventBuilder::new(&network)
        .title("Ansökan till utvecklingsprogram")
        .published()
        .insert(&app)
        .await;
    events::update(
        &app.cx(),
        api::ids::EventId(application.id),
        EventChanges {
            registration_policy: Some(entities::RegistrationPolicy::Application),
            ..EventChanges::default()
        },
    )
    .await
    .expect("policy");
    let (status, html) = register_guest(&app, &application, "Åsa Öberg", "asa@example.se").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("<h1>Din anmälan väntar på besked</h1>"),
        "{html}"
    );
}

#[tokio::test]
async fn cancelled_events_have_no_form() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Nätverk för kultur").insert(&app).await;
    let event = EventBuilder::new(&network).published().insert(&app).await;
    api::service::events::cancel(&app.cx(), api::ids::EventId(event.id))
        .await
        .expect("cancel");
    let (status, html) = page(&app, &format!("/events/{}", event.id), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_accessible_markup(&html, "sv");
    assert!(html.contains("Evenemanget är inställt."));
    assert!(!html.contains("<form"));
}

#[tokio::test]
async fn the_form_is_there_only_while_registration_is_open() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Nätverk för kultur").insert(&app).await;
    let opens = test_now() + Duration::days(2);
    let event = EventBuilder::new(&network)
        .registration_opens_at(opens)
        .published()
        .insert(&app)
        .await;
    let path = format!("/events/{}", event.id);

    let (status, html) = page(&app, &path, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_accessible_markup(&html, "sv");
    assert!(
        html.contains("<p>Anmälan har inte öppnat än.</p>"),
        "{html}"
    );
    assert!(!html.contains("<form"));

    app.state.clock.set(opens);
    let (_, html) = page(&app, &path, None).await;
    assert!(html.contains("<form"), "open now: {html}");
    assert!(!html.contains("Anmälan är stängd."));

    // Registration closes when the event starts (no other closing time set).
    app.state.clock.set(event.starts_at);
    let (_, html) = page(&app, &format!("{path}?lang=en"), None).await;
    assert_accessible_markup(&html, "en");
    assert!(html.contains("<p>Registration is closed.</p>"), "{html}");
    assert!(!html.contains("<form"));
}

#[tokio::test]
async fn organisers_text_is_escaped() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Nätverk <b>fett</b>")
        .insert(&app)
        .await;
    let event = EventBuilder::new(&network)
        .title("<script>alert(\"x\")</script>")
        .description("Första stycket.\n\nAndra \"stycket\" & mer.")
        .published()
        .insert(&app)
        .await;
    let (_, html) = page(&app, &format!("/events/{}", event.id), None).await;
    assert!(!html.contains("<script>"), "{html}");
    assert!(
        html.contains("&#60;script&#62;") || html.contains("&lt;script&gt;"),
        "{html}"
    );
    assert!(html.contains("<p>Första stycket.</p>"));
    assert!(
        html.contains("&#38; mer.</p>") || html.contains("&amp; mer.</p>"),
        "{html}"
    );
    let (_, html) = page(&app, &format!("/networks/{}", network.slug), None).await;
    assert!(!html.contains("<b>fett</b>"));
}
