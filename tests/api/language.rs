//! Language (issue 13, item 4): people are written to in their language —
//! the one a registration was made in, else their own preference, else the
//! network's — pages of a network default to its language, its own texts
//! say which language they are in, and forms keep the language chosen.
//! Mail goes through the real worker to the real test SMTP server.

use entities::NetworkRole;
use mailparse::MailHeaderMap;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use secrecy::SecretString;
use serde_json::{Value, json};

use crate::fixtures::{EventBuilder, NetworkBuilder, event_gid, signed_in_with_role};
use crate::helpers::{TestApp, user_error_codes};
use crate::smtp::SmtpServer;

async fn app_for(smtp: &SmtpServer) -> TestApp {
    let url = smtp.url();
    TestApp::spawn_with(move |config| config.mail.smtp_url = Some(SecretString::from(url))).await
}

/// Sends what is queued (one worker pass), waits until the server holds
/// `expected` mails in all and returns the subjects of those for `to`.
async fn subjects_for(app: &TestApp, smtp: &SmtpServer, to: &str, expected: usize) -> Vec<String> {
    app.run_jobs().await;
    smtp.wait_for(expected)
        .await
        .iter()
        .filter(|m| m.rcpt_tos.iter().any(|r| r == to))
        .map(|m| {
            let parsed = mailparse::parse_mail(&m.raw).expect("parses");
            parsed.headers.get_first_value("Subject").expect("subject")
        })
        .collect()
}

const UPDATE_VIEWER: &str = "mutation($input: UpdateViewerInput!) {
    updateViewer(input: $input) { viewer { locale } userErrors { field code message } } }";

#[tokio::test]
async fn a_viewers_language_is_stored_and_their_confirmation_comes_in_it() {
    let smtp = SmtpServer::start();
    let app = app_for(&smtp).await;
    let network = NetworkBuilder::new("Nätverk för äldreomsorg")
        .insert(&app)
        .await;
    let event = EventBuilder::new(&network)
        .title("Höstträff")
        .published()
        .insert(&app)
        .await;
    let me = app.sign_in("kim@example.se").await;

    // A language we do not write is a user error, and nothing changes.
    let refused = app
        .gql_ok_as(
            Some(&me),
            UPDATE_VIEWER,
            json!({ "input": { "locale": "fi" } }),
        )
        .await["updateViewer"]
        .clone();
    assert_eq!(user_error_codes(&refused), ["INVALID"], "{refused}");
    assert!(
        refused["userErrors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("sv, nb, en"))
    );
    // Not signed in: refused, not a 500.
    let anonymous = app
        .gql_as(None, UPDATE_VIEWER, json!({ "input": { "locale": "en" } }))
        .await;
    assert_eq!(crate::helpers::error_code(&anonymous), "UNAUTHENTICATED");

    let set = app
        .gql_ok_as(
            Some(&me),
            UPDATE_VIEWER,
            json!({ "input": { "locale": "en-GB" } }),
        )
        .await;
    assert_eq!(set["updateViewer"]["viewer"]["locale"], "en", "{set}");
    let read = app
        .gql_ok_as(Some(&me), "{ viewer { locale } }", json!({}))
        .await;
    assert_eq!(read["viewer"]["locale"], "en");

    let registered = app
        .gql_ok_as(
            Some(&me),
            "mutation($e: ID!) { register(input: { eventId: $e, consent: true }) {
                registration { status locale } userErrors { code } } }",
            json!({ "e": event_gid(&event) }),
        )
        .await;
    assert_eq!(
        registered["register"]["registration"]["status"], "CONFIRMED",
        "{registered}"
    );
    assert_eq!(
        subjects_for(&app, &smtp, "kim@example.se", 1).await,
        ["Registration confirmed: Höstträff"]
    );

    // Null clears it; leaving it out changes nothing.
    let cleared = app
        .gql_ok_as(
            Some(&me),
            UPDATE_VIEWER,
            json!({ "input": { "locale": null } }),
        )
        .await;
    assert_eq!(cleared["updateViewer"]["viewer"]["locale"], Value::Null);
    let untouched = app
        .gql_ok_as(Some(&me), UPDATE_VIEWER, json!({ "input": {} }))
        .await;
    assert_eq!(untouched["updateViewer"]["viewer"]["locale"], Value::Null);
}

/// The CSRF cookie (`name=value`) a page set and the token in its form.
async fn form_page(app: &TestApp, path: &str) -> (String, String, String) {
    let response = app.http.get(app.url(path)).send().await.expect("page");
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("a CSRF cookie")
        .to_owned();
    let html = response.text().await.expect("body");
    let marker = "name=\"csrf\" value=\"";
    let at = html.find(marker).expect("csrf field") + marker.len();
    let token = html[at..].split('"').next().expect("token").to_owned();
    (html, cookie, token)
}

/// The `action` of the first form of `html` whose action starts with `prefix`.
fn action(html: &str, prefix: &str) -> String {
    let marker = format!("action=\"{prefix}");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no form to {prefix} in {html}"))
        + "action=\"".len();
    html[at..]
        .split('"')
        .next()
        .expect("action")
        .replace("&amp;", "&")
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn post_form(
    app: &TestApp,
    path: &str,
    cookie: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let body = fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let response = app
        .http
        .post(app.url(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Cookie", cookie)
        .body(body)
        .send()
        .await
        .expect("post");
    let status = response.status();
    (status, response.text().await.expect("body"))
}

#[tokio::test]
async fn a_registration_on_a_norwegian_page_gets_norwegian_mail_at_a_swedish_network() {
    let smtp = SmtpServer::start();
    let app = app_for(&smtp).await;
    let network = NetworkBuilder::new("Nätverk för äldreomsorg")
        .insert(&app)
        .await;
    let event = EventBuilder::new(&network)
        .title("Höstträff")
        .published()
        .insert(&app)
        .await;
    let (html, cookie, token) = form_page(&app, &format!("/events/{}?lang=nb", event.id)).await;
    let to = action(&html, &format!("/events/{}/register", event.id));
    assert!(
        to.ends_with("?lang=nb"),
        "the form keeps the language: {to}"
    );
    let (status, answer) = post_form(
        &app,
        &to,
        &cookie,
        &[
            ("csrf", &token),
            ("name", "Kari Nordmann"),
            ("email", "kari@example.no"),
            ("consent", "yes"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert!(answer.contains("<html lang=\"nb\">"), "{answer}");
    assert!(answer.contains("Du er påmeldt"), "{answer}");

    let stored = entities::registration::Entity::find()
        .filter(entities::registration::Column::EventId.eq(event.id))
        .one(app.db())
        .await
        .expect("query")
        .expect("registration");
    assert_eq!(stored.locale.as_deref(), Some("nb"));
    // The organisers read it with the rest of the registration.
    let listed = app
        .gql_ok(
            "query($e: ID!) { event(id: $e) { registrations { nodes { locale } } } }",
            json!({ "e": event_gid(&event) }),
        )
        .await;
    assert_eq!(
        listed["event"]["registrations"]["nodes"][0]["locale"], "nb",
        "{listed}"
    );
    assert_eq!(
        subjects_for(&app, &smtp, "kari@example.no", 1).await,
        ["Påmelding bekreftet: Höstträff"]
    );
}

#[tokio::test]
async fn the_graphql_register_takes_the_guests_language_or_their_accept_language() {
    let smtp = SmtpServer::start();
    let app = app_for(&smtp).await;
    let network = NetworkBuilder::new("Nätverk för äldreomsorg")
        .insert(&app)
        .await;
    let event = EventBuilder::new(&network)
        .title("Höstträff")
        .published()
        .insert(&app)
        .await;
    let register = "mutation($input: RegisterInput!) { register(input: $input) {
        registration { locale } userErrors { field code } } }";
    let guest = |email: &str, locale: Value| {
        json!({ "input": { "eventId": event_gid(&event), "consent": true, "locale": locale,
            "guest": { "name": "Gäst", "email": email } } })
    };
    // A language we do not write is a user error.
    let refused = app
        .gql_ok_as(None, register, guest("x@example.se", json!("de")))
        .await;
    assert_eq!(user_error_codes(&refused["register"]), ["INVALID"]);

    let explicit = app
        .gql_ok_as(None, register, guest("en@example.se", json!("en")))
        .await;
    assert_eq!(explicit["register"]["registration"]["locale"], "en");
    let body: Value = app
        .http
        .post(app.url("/graphql"))
        .header("Accept-Language", "nb-NO,nb;q=0.9")
        .json(&json!({ "query": register, "variables": guest("nb@example.no", Value::Null) }))
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    assert_eq!(
        body["data"]["register"]["registration"]["locale"], "nb",
        "{body}"
    );

    app.run_jobs().await;
    let received = smtp.wait_for(2).await;
    let subject_to = |to: &str| {
        let mail = received
            .iter()
            .find(|m| m.rcpt_tos.iter().any(|r| r == to))
            .expect("mail");
        mailparse::parse_mail(&mail.raw)
            .expect("parses")
            .headers
            .get_first_value("Subject")
            .expect("subject")
    };
    assert_eq!(
        subject_to("en@example.se"),
        "Registration confirmed: Höstträff"
    );
    assert_eq!(
        subject_to("nb@example.no"),
        "Påmelding bekreftet: Höstträff"
    );
}

#[tokio::test]
async fn the_sign_in_mail_is_in_the_language_of_the_page_or_request() {
    let smtp = SmtpServer::start();
    let app = app_for(&smtp).await;
    let (html, cookie, token) = form_page(&app, "/sign-in?lang=en").await;
    let to = action(&html, "/sign-in/request");
    let (status, answer) = post_form(
        &app,
        &to,
        &cookie,
        &[("csrf", &token), ("email", "page@example.se")],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert!(answer.contains("<html lang=\"en\">"));
    assert_eq!(
        subjects_for(&app, &smtp, "page@example.se", 1).await,
        ["Your sign-in link for Träffpunkt"]
    );
    // Its link opens the landing page in that language too.
    let mail = &smtp.received()[0];
    let text = plain_text(&mailparse::parse_mail(&mail.raw).expect("parses"));
    assert!(
        text.contains("/sign-in?token=tpl_") && text.contains("&lang=en"),
        "{text}"
    );

    // GraphQL: the request's Accept-Language; a `locale` wins over it.
    let request = "mutation($input: RequestSignInLinkInput!) {
        requestSignInLink(input: $input) { sent userErrors { code } } }";
    for (email, locale) in [
        ("api@example.no", Value::Null),
        ("en@example.no", json!("en")),
    ] {
        let body: Value = app
            .http
            .post(app.url("/graphql"))
            .header("Accept-Language", "nb")
            .json(&json!({ "query": request,
                "variables": { "input": { "email": email, "locale": locale } } }))
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("json");
        assert_eq!(body["data"]["requestSignInLink"]["sent"], true, "{body}");
    }
    let bad = app
        .gql_ok_as(
            None,
            request,
            json!({ "input": { "email": "x@example.se", "locale": "klingon" } }),
        )
        .await;
    assert_eq!(user_error_codes(&bad["requestSignInLink"]), ["INVALID"]);
    assert_eq!(
        subjects_for(&app, &smtp, "api@example.no", 3).await,
        ["Din innloggingslenke til Träffpunkt"]
    );
    assert_eq!(
        subjects_for(&app, &smtp, "en@example.no", 3).await,
        ["Your sign-in link for Träffpunkt"]
    );
}

/// The first `text/plain` part of a mail.
fn plain_text(mail: &mailparse::ParsedMail<'_>) -> String {
    if mail.ctype.mimetype == "text/plain" {
        return mail.get_body().expect("body");
    }
    mail.subparts
        .iter()
        .map(plain_text)
        .find(|t| !t.is_empty())
        .unwrap_or_default()
}

async fn get(app: &TestApp, path: &str, accept_language: Option<&str>) -> String {
    let mut request = app.http.get(app.url(path));
    if let Some(languages) = accept_language {
        request = request.header("Accept-Language", languages);
    }
    let response = request.send().await.expect("page");
    assert_eq!(response.status(), StatusCode::OK);
    response.text().await.expect("body")
}

#[tokio::test]
async fn a_norwegian_networks_pages_are_norwegian_without_accept_language() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Aldersvennlig Norge")
        .locale("nb")
        .insert(&app)
        .await;
    let event = EventBuilder::new(&network)
        .title("Seniortreff i Tromsø")
        .published()
        .insert(&app)
        .await;
    let network_page = format!("/networks/{}", network.slug);
    let html = get(&app, &network_page, None).await;
    assert!(html.contains("<html lang=\"nb\">"), "{html}");
    assert!(html.contains("Kommende arrangementer"));
    let html = get(&app, &format!("/events/{}", event.id), None).await;
    assert!(html.contains("<html lang=\"nb\">"), "{html}");
    // The visitor's language comes first, and ?lang= before that.
    let html = get(&app, &network_page, Some("sv-SE")).await;
    assert!(html.contains("<html lang=\"sv\">"));
    let html = get(&app, &format!("{network_page}?lang=en"), Some("sv")).await;
    assert!(html.contains("<html lang=\"en\">"));
}

#[tokio::test]
async fn norwegian_content_on_an_english_page_is_marked_lang_nb() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Aldersvennlig Norge")
        .locale("nb")
        .insert(&app)
        .await;
    let event = EventBuilder::new(&network)
        .title("Seniortreff i Tromsø")
        .description("Velkommen til en dag om aldersvennlige byer.")
        .published()
        .insert(&app)
        .await;
    let path = format!("/events/{}", event.id);
    let html = get(&app, &format!("{path}?lang=en"), None).await;
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    assert!(
        html.contains("<h1 lang=\"nb\">Seniortreff i Tromsø</h1>"),
        "{html}"
    );
    assert!(html.contains("<p lang=\"nb\">Velkommen til en dag om aldersvennlige byer.</p>"));
    assert!(
        html.contains("lang=\"nb\">Aldersvennlig Norge</a>"),
        "{html}"
    );
    let html = get(&app, &format!("/networks/{}?lang=en", network.slug), None).await;
    assert!(
        html.contains("<h1 lang=\"nb\">Aldersvennlig Norge</h1>"),
        "{html}"
    );
    assert!(
        html.contains("lang=\"nb\">Seniortreff i Tromsø</a>"),
        "{html}"
    );
    // In its own language nothing needs marking.
    let html = get(&app, &format!("{path}?lang=nb"), None).await;
    assert!(html.contains("<h1>Seniortreff i Tromsø</h1>"), "{html}");
}

#[tokio::test]
async fn the_cancel_form_answers_in_the_language_of_its_page() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Nätverk för äldreomsorg")
        .insert(&app)
        .await;
    let event = EventBuilder::new(&network).published().insert(&app).await;
    let registered = app
        .gql_ok_as(
            None,
            "mutation($e: ID!) { register(input: { eventId: $e, consent: true,
                guest: { name: \"Bo\", email: \"bo@example.se\" } }) { manageToken } }",
            json!({ "e": event_gid(&event) }),
        )
        .await;
    let manage_token = registered["register"]["manageToken"]
        .as_str()
        .expect("token")
        .to_owned();
    let (html, cookie, token) = form_page(
        &app,
        &format!("/registrations/manage?token={manage_token}&lang=en"),
    )
    .await;
    let to = action(&html, "/registrations/manage");
    assert_eq!(to, "/registrations/manage?lang=en");
    // The browser asks for Swedish; the page was English, so is the answer.
    let response = app
        .http
        .post(app.url(&to))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Cookie", &cookie)
        .header("Accept-Language", "sv")
        .body(format!("csrf={token}&token={manage_token}"))
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::OK);
    let answer = response.text().await.expect("body");
    assert!(answer.contains("<html lang=\"en\">"), "{answer}");
    assert!(
        answer.contains("Your registration is cancelled"),
        "{answer}"
    );
}

#[tokio::test]
async fn csv_headers_are_in_the_organisers_language() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Nätverk för äldreomsorg")
        .insert(&app)
        .await;
    let event = EventBuilder::new(&network).published().insert(&app).await;
    let organiser =
        signed_in_with_role(&app, &network, "org@example.se", NetworkRole::Organiser).await;
    let csv = |query: &'static str| {
        let app = &app;
        let organiser = &organiser;
        let path = format!("/events/{}/registrations.csv{query}", event.id);
        async move {
            let response = app
                .http
                .get(app.url(&path))
                .bearer_auth(organiser)
                .send()
                .await
                .expect("csv");
            let status = response.status();
            (status, response.text().await.expect("body"))
        }
    };
    let (status, body) = csv("").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let header = body
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or_default();
    assert!(
        header.starts_with(
            "Namn;E-post;Organisation;Deltar;Status;Plats i kön;Anmäld (Europe/Stockholm)"
        ),
        "{header}"
    );
    // Their own language, and ?lang= above that.
    app.gql_ok_as(
        Some(&organiser),
        UPDATE_VIEWER,
        json!({ "input": { "locale": "nb" } }),
    )
    .await;
    let (_, body) = csv("").await;
    assert!(
        body.trim_start_matches('\u{feff}')
            .starts_with("Navn;E-post;Organisasjon"),
        "{body}"
    );
    let (_, body) = csv("?lang=en").await;
    assert!(
        body.trim_start_matches('\u{feff}')
            .starts_with("Name;Email;Organisation"),
        "{body}"
    );
    let (status, body) = csv("?lang=xx").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("lang"), "{body}");
}

#[tokio::test]
async fn the_language_choice_on_my_registrations_stores_it() {
    let app = TestApp::spawn().await;
    let session = app.sign_in("me@example.se").await;
    let cookie_session = format!("__Host-tp_session={session}");
    // The page with the session cookie (and a CSRF cookie of its own).
    let response = app
        .http
        .get(app.url("/me/registrations?lang=sv"))
        .header("Cookie", &cookie_session)
        .send()
        .await
        .expect("page");
    let csrf_cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.contains("csrf"))
        .and_then(|v| v.split(';').next())
        .expect("csrf cookie")
        .to_owned();
    let html = response.text().await.expect("body");
    assert!(
        html.contains("<select id=\"mail-language\" name=\"locale\""),
        "{html}"
    );
    let marker = "name=\"csrf\" value=\"";
    let at = html.find(marker).expect("csrf") + marker.len();
    let token = html[at..].split('"').next().expect("token").to_owned();
    let to = action(&html, "/me/language");
    let response = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .post(app.url(&to))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Cookie", format!("{csrf_cookie}; {cookie_session}"))
        .body(format!("csrf={token}&locale=nb"))
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        response.headers()["location"],
        "/me/registrations?done=language&lang=nb#language"
    );
    let read = app
        .gql_ok_as(Some(&session), "{ viewer { locale } }", json!({}))
        .await;
    assert_eq!(read["viewer"]["locale"], "nb");

    // The person's pages follow their choice, over the browser's language;
    // `?lang=` still wins.
    let page = |path: &'static str| {
        let request = app
            .http
            .get(app.url(path))
            .header("Cookie", &cookie_session)
            .header("Accept-Language", "sv-SE,sv;q=0.9");
        async move {
            request
                .send()
                .await
                .expect("page")
                .text()
                .await
                .expect("body")
        }
    };
    let html = page("/me/registrations").await;
    assert!(html.contains("<html lang=\"nb\""), "{html}");
    let html = page("/me/registrations?lang=en").await;
    assert!(html.contains("<html lang=\"en\""), "{html}");
    // Signed out, the same browser gets Swedish.
    let html = app
        .http
        .get(app.url("/sign-in"))
        .header("Accept-Language", "sv-SE,sv;q=0.9")
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("body");
    assert!(html.contains("<html lang=\"sv\""), "{html}");
}
