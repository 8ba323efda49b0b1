//! The participant pages through HTTP: they render in the asked language,
//! with the markup accessibility needs (one `h1`, `lang`, labelled fields,
//! landmarks, a skip link), and show only what the policy allows the viewer
//! (anonymous, or the person of the session cookie the sign-in landing
//! sets). Forms need their CSRF token and are rate limited per client.

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
            translations: Vec::new(),
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

    let FormPage {
        html,
        cookie,
        token,
    } = form_page(&app, &path).await;
    assert_accessible_markup(&html, "sv");
    assert!(html.contains("Vilken workshop väljer du?"));
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
    // Opened without a language of its own: the one registered in.
    assert_accessible_markup(&html, "en");
    assert!(html.contains("Träff om välfärdsteknik"));
    assert!(html.contains("Cancel my registration"));
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
        "/registrations/manage?lang=sv",
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
pub(crate) async fn event_form(app: &TestApp, event: &entities::event::Model) -> (String, String) {
    let page = form_page(app, &format!("/events/{}", event.id)).await;
    (page.cookie, page.token)
}

/// A page with a form: its HTML and the CSRF cookie and token it set.
struct FormPage {
    html: String,
    cookie: String,
    token: String,
}

/// GETs the page at `path`, which must hold a form.
async fn form_page(app: &TestApp, path: &str) -> FormPage {
    let response = app.http.get(app.url(path)).send().await.expect("page");
    let cookie = response
        .headers()
        .get("set-cookie")
        .map(|v| v.to_str().expect("ascii").to_owned());
    let html = response.text().await.expect("body");
    let (cookie, token) = csrf_of(cookie.as_deref(), &html);
    FormPage {
        html,
        cookie,
        token,
    }
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
    // Registering again changes nothing and says only that the address is
    // registered (the link goes to the address).
    let (_, html) = register_guest(&app, &small, "Bo Ek", "bo@example.se").await;
    assert!(html.contains("Adressen är redan anmäld"), "{html}");
    assert!(!html.contains("Din plats i kön"));

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
    api::service::events::cancel(&app.cx(), api::ids::EventId(event.id), None)
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

/// A client that shows redirects instead of following them.
fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// The `name=value` of every `Set-Cookie` of a response.
fn set_cookies(response: &reqwest::Response) -> Vec<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().expect("ascii").to_owned())
        .collect()
}

/// A browser's cookies for the pages: the CSRF cookie (and token) and,
/// once signed in, the session cookie.
struct Browser {
    csrf_cookie: String,
    csrf: String,
    session: Option<String>,
}

impl Browser {
    fn cookie(&self) -> String {
        match &self.session {
            Some(session) => format!("{}; {session}", self.csrf_cookie),
            None => self.csrf_cookie.clone(),
        }
    }

    async fn get(&self, app: &TestApp, path: &str) -> (StatusCode, String) {
        let response = app
            .http
            .get(app.url(path))
            .header("Cookie", self.cookie())
            .send()
            .await
            .expect("page");
        let status = response.status();
        (status, response.text().await.expect("body"))
    }

    /// POSTs a form with the CSRF token; status, `Location` and body.
    async fn post(
        &self,
        app: &TestApp,
        path: &str,
        fields: &[(&str, &str)],
    ) -> (StatusCode, Option<String>, String) {
        let mut all = vec![("csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        let body: String = all
            .iter()
            .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let response = no_redirects()
            .post(app.url(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Cookie", self.cookie())
            .body(body)
            .send()
            .await
            .expect("post");
        let status = response.status();
        let location = response
            .headers()
            .get("location")
            .map(|v| v.to_str().expect("ascii").to_owned());
        (status, location, response.text().await.expect("body"))
    }
}

/// Opens the mailed sign-in link of `email` and presses "Sign in".
async fn signed_in_browser(app: &TestApp, email: &str) -> Browser {
    let link = api::service::auth::request_sign_in_link(app.db(), &app.state.clock, email, None)
        .await
        .expect("sign-in link");
    let FormPage {
        cookie: csrf_cookie,
        token: csrf,
        ..
    } = form_page(app, &format!("/sign-in?token={}", link.token)).await;
    let mut browser = Browser {
        csrf_cookie,
        csrf,
        session: None,
    };
    let body = format!(
        "csrf={}&token={}",
        percent_encode(&browser.csrf),
        percent_encode(&link.token)
    );
    let response = no_redirects()
        .post(app.url("/sign-in"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Cookie", browser.cookie())
        .body(body)
        .send()
        .await
        .expect("sign in");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let session = set_cookies(&response)
        .into_iter()
        .find(|c| c.starts_with("__Host-tp_session="))
        .expect("session cookie");
    browser.session = Some(session.split(';').next().expect("pair").to_owned());
    browser
}

#[tokio::test]
async fn an_organiser_signing_in_lands_in_the_console() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Socialchefsnätverket")
        .insert(&app)
        .await;
    crate::fixtures::signed_in_with_role(
        &app,
        &network,
        "ordf@ale.se",
        entities::NetworkRole::Organiser,
    )
    .await;
    for (email, landing) in [
        ("ordf@ale.se", "/organise?lang=sv"),
        ("deltagare@lerum.se", "/me/registrations?lang=sv"),
    ] {
        let link =
            api::service::auth::request_sign_in_link(app.db(), &app.state.clock, email, None)
                .await
                .expect("link");
        let FormPage {
            cookie: csrf_cookie,
            token: csrf,
            ..
        } = form_page(&app, &format!("/sign-in?token={}", link.token)).await;
        let response = no_redirects()
            .post(app.url("/sign-in?lang=sv"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Cookie", &csrf_cookie)
            .body(format!(
                "csrf={}&token={}",
                percent_encode(&csrf),
                percent_encode(&link.token)
            ))
            .send()
            .await
            .expect("sign in");
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{email}");
        assert_eq!(response.headers()["location"], landing, "{email}");
    }
}

#[tokio::test]
async fn the_sign_in_landing_signs_in_only_with_its_button() {
    let app = TestApp::spawn().await;
    let link = api::service::auth::request_sign_in_link(
        app.db(),
        &app.state.clock,
        "asa.oberg@example.se",
        None,
    )
    .await
    .expect("link");
    let landing = format!("/sign-in?token={}", link.token);

    // Opening the link (twice, as a mail scanner and then the person would)
    // shows a button and uses nothing.
    for _ in 0..2 {
        let (status, html) = page(&app, &landing, Some("en")).await;
        assert_eq!(status, StatusCode::OK, "{html}");
        assert_accessible_markup(&html, "en");
        assert!(html.contains("<h1>Sign in</h1>"));
        assert!(html.contains(&format!("name=\"token\" value=\"{}\"", link.token)));
    }
    assert!(
        api::service::auth::sign_in_link_usable(&app.cx(), &link.token)
            .await
            .expect("lookup"),
        "GET did not use the token"
    );
    let FormPage {
        cookie: csrf_cookie,
        token: csrf,
        ..
    } = form_page(&app, &landing).await;

    // Without the CSRF token nothing happens.
    let (status, _) = post_form(
        &app,
        "/sign-in",
        Some(&csrf_cookie),
        &[("token", &link.token)],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let response = no_redirects()
        .post(app.url("/sign-in?lang=en"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Cookie", &csrf_cookie)
        .body(format!(
            "csrf={}&token={}",
            percent_encode(&csrf),
            percent_encode(&link.token)
        ))
        .send()
        .await
        .expect("sign in");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["location"], "/me/registrations?lang=en");
    let session = set_cookies(&response)
        .into_iter()
        .find(|c| c.starts_with("__Host-tp_session=tps_"))
        .expect("session cookie");
    for attribute in [
        "Path=/",
        "HttpOnly",
        "SameSite=Lax",
        "Secure",
        "Max-Age=2592000",
    ] {
        assert!(session.contains(attribute), "{attribute} in {session}");
    }
    let browser = Browser {
        csrf_cookie,
        csrf,
        session: Some(session.split(';').next().expect("pair").to_owned()),
    };
    let response = app
        .http
        .get(app.url("/me/registrations?lang=en"))
        .header("Cookie", browser.cookie())
        .send()
        .await
        .expect("page");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "private, no-store");
    assert!(
        set_cookies(&response)
            .iter()
            .any(|c| c.starts_with(&format!(
                "{};",
                browser.session.as_deref().unwrap_or_default()
            )) && c.contains("Max-Age=2592000")),
        "the cookie follows the session's sliding expiry"
    );
    let html = response.text().await.expect("body");
    assert_accessible_markup(&html, "en");
    assert!(html.contains("<h1>My registrations</h1>"), "{html}");
    assert!(html.contains("You have no registrations for upcoming events."));
    // The session is the same one GraphQL takes as a bearer token.
    let token = browser
        .session
        .as_deref()
        .and_then(|s| s.split_once('='))
        .map(|(_, t)| t.to_owned())
        .expect("token");
    let data = app
        .gql_ok_as(Some(&token), "{ viewer { email } }", serde_json::json!({}))
        .await;
    assert_eq!(data["viewer"]["email"], "asa.oberg@example.se");

    // The link worked once: now it is gone, with a form for a new one.
    let (status, html) = page(&app, &landing, Some("sv")).await;
    assert_eq!(status, StatusCode::GONE);
    assert_accessible_markup(&html, "sv");
    assert!(html.contains("Inloggningslänken fungerar inte"));
    assert!(html.contains("action=\"/sign-in/request?lang=sv\""));
    let (status, _, html) = browser
        .post(&app, "/sign-in", &[("token", &link.token)])
        .await;
    assert_eq!(status, StatusCode::GONE, "{html}");

    // Signing out ends the session and clears the cookie.
    let (status, _, _) = Browser {
        csrf: "wrong-wrong-wrong-wrong-wrong".into(),
        ..Browser {
            csrf_cookie: browser.csrf_cookie.clone(),
            csrf: String::new(),
            session: browser.session.clone(),
        }
    }
    .post(&app, "/sign-out", &[])
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let response = no_redirects()
        .post(app.url("/sign-out"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Cookie", browser.cookie())
        .body(format!("csrf={}", percent_encode(&browser.csrf)))
        .send()
        .await
        .expect("sign out");
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        set_cookies(&response)
            .iter()
            .any(|c| c.starts_with("__Host-tp_session=;") && c.contains("Max-Age=0"))
    );
    let (status, html) = browser.get(&app, "/me/registrations").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Logga in för att se dina anmälningar"),
        "{html}"
    );
}

#[tokio::test]
async fn my_registrations_asks_visitors_to_sign_in_and_mails_a_link() {
    let app = TestApp::spawn().await;
    let (status, html) = page(&app, "/me/registrations", Some("nb")).await;
    assert_eq!(status, StatusCode::OK);
    assert_accessible_markup(&html, "nb");
    assert!(html.contains("<h1>Logg inn for å se påmeldingene dine</h1>"));
    assert!(html.contains("action=\"/sign-in/request?lang=nb\""));

    let FormPage {
        html,
        cookie,
        token,
    } = form_page(&app, "/sign-in").await;
    assert_accessible_markup(&html, "sv");

    // A bad address: the error next to the field.
    let (status, html) = post_form(
        &app,
        "/sign-in/request?lang=en",
        Some(&cookie),
        &[("csrf", &token), ("email", "not an address")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert_accessible_markup(&html, "en");
    assert!(html.contains("id=\"sign-in-email-error\""));
    assert!(html.contains("aria-describedby=\"sign-in-email-error\""));

    // Known and unknown addresses get the same answer; both get a link.
    api::service::auth::ensure_admin(&app.cx(), "known@example.se", "Känd Person")
        .await
        .expect("person");
    let mut answers = Vec::new();
    for email in ["known@example.se", "unknown@example.se"] {
        let (status, html) = post_form(
            &app,
            "/sign-in/request?lang=en",
            Some(&cookie),
            &[("csrf", &token), ("email", email)],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{html}");
        assert_accessible_markup(&html, "en");
        assert!(html.contains("<h1>Check your email</h1>"));
        answers.push(html);
    }
    assert_eq!(answers[0], answers[1]);
    use sea_orm::{EntityTrait, PaginatorTrait};
    assert_eq!(
        entities::sign_in_token::Entity::find()
            .count(app.db())
            .await
            .expect("count"),
        2
    );
    let (status, _) = post_form(
        &app,
        "/sign-in/request",
        Some(&cookie),
        &[("email", "known@example.se")],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// Registers through the event page's form in `mode`.
async fn register_in_mode(
    app: &TestApp,
    event: &entities::event::Model,
    email: &str,
    mode: &str,
) -> String {
    let (cookie, token) = event_form(app, event).await;
    let (status, html) = post_form(
        app,
        &format!("/events/{}/register", event.id),
        Some(&cookie),
        &[
            ("csrf", &token),
            ("name", email.split('@').next().unwrap_or(email)),
            ("email", email),
            ("mode", mode),
            ("consent", "yes"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    html
}

/// The status of `email`'s registration for `event`.
async fn status_of(
    app: &TestApp,
    event: &entities::event::Model,
    email: &str,
) -> (entities::RegistrationStatus, entities::ParticipationMode) {
    let person = api::service::people::by_email(&app.cx(), email)
        .await
        .expect("lookup")
        .expect("person");
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let r = entities::registration::Entity::find()
        .filter(entities::registration::Column::EventId.eq(event.id))
        .filter(entities::registration::Column::PersonId.eq(person.id))
        .one(app.db())
        .await
        .expect("lookup")
        .expect("registration");
    (r.status, r.mode)
}

/// The id in the first `action="/me/registrations/{id}/…"` of a page.
fn registration_id(html: &str) -> String {
    let marker = "action=\"/me/registrations/";
    let at = html.find(marker).expect("a registration form") + marker.len();
    html[at..].split('/').next().expect("id").to_owned()
}

#[tokio::test]
async fn my_registrations_change_mode_and_cancel_for_the_waiting_list() {
    use entities::{ParticipationMode::*, RegistrationStatus::*};
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Nätverk för bibliotek")
        .insert(&app)
        .await;
    let event = EventBuilder::new(&network)
        .title("Biblioteksdagen")
        .hybrid(JoinLinkVisibility::Registered)
        .published()
        .insert(&app)
        .await;
    api::service::events::update(
        &app.cx(),
        api::ids::EventId(event.id),
        api::service::events::EventChanges {
            capacity_in_person: Some(Some(1)),
            capacity_online: Some(Some(2)),
            ..Default::default()
        },
    )
    .await
    .expect("capacity");
    let past = EventBuilder::new(&network)
        .title("Förra årets biblioteksdag")
        .starts_at(crate::helpers::test_now() - chrono::Duration::days(300))
        .published()
        .insert(&app)
        .await;

    register_in_mode(&app, &event, "asa@example.se", "IN_PERSON").await;
    register_in_mode(&app, &event, "bo@example.se", "IN_PERSON").await;
    register_in_mode(&app, &event, "carl@example.se", "ONLINE").await;
    crate::fixtures::confirmed_registration(&app, &past, "asa@example.se").await;
    assert_eq!(
        status_of(&app, &event, "bo@example.se").await,
        (Waitlisted, InPerson)
    );

    let browser = signed_in_browser(&app, "asa@example.se").await;
    let (status, html) = browser.get(&app, "/me/registrations").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_accessible_markup(&html, "sv");
    let upcoming = html.find("<h2>Kommande</h2>").expect("upcoming");
    let earlier = html.find("<h2>Tidigare</h2>").expect("past");
    let this_year = html.find("Biblioteksdagen").expect("the event");
    let last_year = html
        .find("Förra årets biblioteksdag")
        .expect("the past event");
    assert!(upcoming < this_year && this_year < earlier && earlier < last_year);
    assert!(html.contains("Fontänhuset Helsingborg"));
    assert!(html.contains("<dd>Bekräftad</dd>") && html.contains("<dd>På plats</dd>"));
    assert!(html.contains("Byt till online"));
    assert!(
        html.matches("/cancel?").count() == 1,
        "past registrations have no buttons"
    );
    // Signed in, the event page does not show a participant at the venue
    // the join link (confirmed online participants get it, below).
    let (_, event_html) = browser.get(&app, &format!("/events/{}", event.id)).await;
    assert!(!event_html.contains("https://helsingborg.webex.com/meet/utveckling"));
    assert!(event_html.contains("href=\"/me/registrations\""));
    let id = registration_id(&html);
    let mode = format!("/me/registrations/{id}/mode");
    let cancel = format!("/me/registrations/{id}/cancel");

    // Without the CSRF token: refused.
    let forged = Browser {
        csrf: "x".repeat(43),
        csrf_cookie: browser.csrf_cookie.clone(),
        session: browser.session.clone(),
    };
    let (status, _, _) = forged.post(&app, &mode, &[("mode", "ONLINE")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = forged.post(&app, &cancel, &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        status_of(&app, &event, "asa@example.se").await,
        (Confirmed, InPerson)
    );

    // Online: her seat at the venue goes to the first in line.
    let (status, location, _) = browser.post(&app, &mode, &[("mode", "ONLINE")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        location.as_deref(),
        Some("/me/registrations?done=mode&lang=sv")
    );
    assert_eq!(
        status_of(&app, &event, "asa@example.se").await,
        (Confirmed, Online)
    );
    assert_eq!(
        status_of(&app, &event, "bo@example.se").await,
        (Confirmed, InPerson)
    );
    let (_, event_html) = browser.get(&app, &format!("/events/{}", event.id)).await;
    assert!(event_html.contains("https://helsingborg.webex.com/meet/utveckling"));
    let (_, html) = browser.get(&app, "/me/registrations?done=mode").await;
    assert!(html.contains("Ditt sätt att delta är ändrat."));
    assert!(html.contains("Byt till på plats"));

    // Back to the venue: full now, refused next to the registration.
    let (status, _, html) = browser
        .post(&app, &format!("{mode}?lang=en"), &[("mode", "IN_PERSON")])
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{html}");
    assert_accessible_markup(&html, "en");
    assert!(html.contains(&format!("id=\"reg-{id}-error\"")));
    assert!(html.contains("There are no seats left that way; you keep your seat."));
    assert_eq!(
        status_of(&app, &event, "asa@example.se").await,
        (Confirmed, Online)
    );

    // Online is full too: Dan waits; Åsa cancels and Dan gets her seat.
    register_in_mode(&app, &event, "dan@example.se", "ONLINE").await;
    assert_eq!(
        status_of(&app, &event, "dan@example.se").await,
        (Waitlisted, Online)
    );
    let (status, location, _) = browser.post(&app, &cancel, &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        location.as_deref(),
        Some("/me/registrations?done=cancelled&lang=sv")
    );
    assert_eq!(status_of(&app, &event, "asa@example.se").await.0, Cancelled);
    assert_eq!(
        status_of(&app, &event, "dan@example.se").await,
        (Confirmed, Online)
    );
    let (_, html) = browser.get(&app, "/me/registrations?done=cancelled").await;
    assert!(html.contains("Anmälan är avbokad."));
    assert!(html.contains("<dd>Avbokad</dd>"));

    // Someone else's registration is not found.
    let bo = signed_in_browser(&app, "bo@example.se").await;
    let (status, _, _) = bo.post(&app, &cancel, &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn my_calendar_link_rotates() {
    let app = TestApp::spawn().await;
    let browser = signed_in_browser(&app, "asa@example.se").await;
    let (_, html) = browser.get(&app, "/me/registrations?lang=en").await;
    assert!(html.contains("Make a calendar link"));
    let (status, _, _) = Browser {
        csrf: "y".repeat(43),
        csrf_cookie: browser.csrf_cookie.clone(),
        session: browser.session.clone(),
    }
    .post(&app, "/me/calendar/rotate", &[])
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let feed_of = |html: &str| {
        let marker = "https://traffpunkt.test/calendar/me/";
        let at = html.find(marker).expect("the feed URL") + marker.len();
        let file = html[at..].split('<').next().expect("url").to_owned();
        format!("/calendar/me/{file}")
    };
    let (status, location, _) = browser.post(&app, "/me/calendar/rotate?lang=en", &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        location.as_deref(),
        Some("/me/registrations?done=rotated&lang=en#calendar")
    );
    let (_, html) = browser
        .get(&app, "/me/registrations?done=rotated&lang=en")
        .await;
    assert_accessible_markup(&html, "en");
    assert!(html.contains("webcal://traffpunkt.test/calendar/me/"));
    let first = feed_of(&html);
    let (status, _) = page(&app, &first, None).await;
    assert_eq!(status, StatusCode::OK);

    let (status, _, _) = browser.post(&app, "/me/calendar/rotate", &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = browser.get(&app, "/me/registrations").await;
    assert!(html.contains("Din kalenderlänk är ny.") || html.contains("Skapa ny kalenderlänk"));
    let second = feed_of(&html);
    assert_ne!(first, second);
    let (status, _) = page(&app, &first, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "the old link stops working");
    let (status, _) = page(&app, &second, None).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn page_forms_are_rate_limited_per_client() {
    let app = TestApp::spawn_with(|config| config.page_posts_per_minute = 3).await;
    for _ in 0..3 {
        let (status, _) = post_form(&app, "/registrations/manage", None, &[("token", "x")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let response = app
        .http
        .post(app.url("/registrations/manage?lang=en"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("token=x")
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = response.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&wait), "{wait}");
    let html = response.text().await.expect("body");
    assert_accessible_markup(&html, "en");
    assert!(html.contains("<h1>Too many attempts</h1>"));
    // Pages are still shown: only form submissions count.
    let (status, _) = page(&app, "/registrations/manage?token=x", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = page(&app, api::pages::CSS_PATH, None).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_limit_counts_forwarded_clients() {
    let app = TestApp::spawn_with(|config| {
        config.page_posts_per_minute = 2;
        config.trust_forwarded_for = true;
    })
    .await;
    let post = |client: &'static str| {
        app.http
            .post(app.url("/registrations/manage"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Forwarded-For", format!("{client}, 10.0.0.1"))
            .body("token=x")
            .send()
    };
    for _ in 0..2 {
        let response = post("203.0.113.7").await.expect("post");
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }
    let response = post("203.0.113.7").await.expect("post");
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    // Another client behind the same proxy is counted apart.
    let response = post("198.51.100.4").await.expect("post");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}
