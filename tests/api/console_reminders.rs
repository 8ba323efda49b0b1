//! The console's reminders and mail (`/organise/events/{id}/reminders`,
//! `/organise/reminders/{id}`), the counts its script polls
//! (`progress.json`, `door.json`) and the script itself: through HTTP, with
//! the real job runner and a real SMTP server.

use entities::{
    JoinLinkVisibility, NetworkRole, OutboxStatus, ParticipationMode, RegistrationStatus,
    ReminderStatus, event, outbox, registration, reminder,
};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use secrecy::SecretString;
use serde_json::{Value, json};

use crate::fixtures::{EventBuilder, NetworkBuilder, signed_in_with_role};
use crate::helpers::{TestApp, test_now};
use crate::helpers::{form_cookies, post_page_form as post};
use crate::smtp::{SmtpOptions, SmtpServer};

async fn app_for(smtp: &SmtpServer) -> TestApp {
    let url = smtp.url();
    TestApp::spawn_with(move |config| config.mail.smtp_url = Some(SecretString::from(url))).await
}

/// A JSON endpoint: status, `Cache-Control`, body.
async fn json_as(app: &TestApp, path: &str, session: Option<&str>) -> (StatusCode, String, Value) {
    let mut request = app.http.get(app.url(path));
    if let Some(token) = session {
        request = request.header("Cookie", format!("__Host-tp_session={token}"));
    }
    let response = request.send().await.expect("get");
    let status = response.status();
    let cache = response
        .headers()
        .get("cache-control")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, cache, body)
}

/// A confirmed guest at `event`, written directly (registering is tested
/// elsewhere).
async fn guest(
    app: &TestApp,
    event: &event::Model,
    name: &str,
    email: &str,
    mode: ParticipationMode,
) -> registration::Model {
    registration::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        event_id: Set(event.id),
        person_id: Set(None),
        organisation_id: Set(None),
        guest_name: Set(Some(name.into())),
        guest_email: Set(Some(email.into())),
        mode: Set(mode),
        status: Set(RegistrationStatus::Confirmed),
        waitlist_position: Set(None),
        answers: Set(json!({})),
        accessibility_needs: Set(None),
        dietary_needs: Set(None),
        consent_text: Set(None),
        consented_at: Set(None),
        checked_in_at: Set(None),
        cancel_token_hash: Set(None),
        applying_organisation_id: Set(None),
        organisation_verified: Set(false),
        hold_expires_at: Set(None),
        locale: Set(None),
        organisation_name: Set(None),
        decision_message: Set(None),
        reminder_token: Set(None),
        reminders_off_at: Set(None),
        created_at: Set(test_now()),
        updated_at: Set(test_now()),
    }
    .insert(app.db())
    .await
    .expect("registration")
}

async fn reminders_of(app: &TestApp, event: &event::Model) -> Vec<reminder::Model> {
    reminder::Entity::find()
        .filter(reminder::Column::EventId.eq(event.id))
        .all(app.db())
        .await
        .expect("reminders")
}

/// The subjects of the mails the SMTP server received for `to`.
fn subjects_to(smtp: &SmtpServer, to: &str) -> Vec<String> {
    use mailparse::MailHeaderMap;
    smtp.received()
        .iter()
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

#[tokio::test]
async fn organisers_write_preview_test_and_schedule_reminders_and_typos_are_caught() {
    let smtp = SmtpServer::start();
    let app = app_for(&smtp).await;
    let network = NetworkBuilder::new("Utvecklingsgruppen").insert(&app).await;
    let other = NetworkBuilder::new("Äldreomsorgsrådet").insert(&app).await;
    let event = EventBuilder::new(&network)
        .title("Höstträff")
        .hybrid(JoinLinkVisibility::Registered)
        .published()
        .insert(&app)
        .await;
    let organiser =
        signed_in_with_role(&app, &network, "arrangor@ale.se", NetworkRole::Organiser).await;
    let outsider =
        signed_in_with_role(&app, &other, "annan@kungalv.se", NetworkRole::Organiser).await;
    guest(
        &app,
        &event,
        "Kari Nordmann",
        "kari@ale.se",
        ParticipationMode::InPerson,
    )
    .await;
    let path = format!("/organise/events/{}/reminders", event.id);

    let (status, html) = app.page(&format!("{path}?lang=sv"), Some(&organiser)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("<h1>Påminnelser och utskick</h1>"), "{html}");
    assert!(html.contains("Evenemanget har inga påminnelser ännu."));
    for placeholder in [
        "{{participant_name}}",
        "{{event_title}}",
        "{{starts_at_local}}",
        "{{venue}}",
        "{{join_link}}",
        "{{manage_link}}",
    ] {
        assert!(
            html.contains(&format!("<code>{placeholder}</code>")),
            "{placeholder} is explained: {html}"
        );
    }
    assert!(html.contains("Europe/Stockholm"), "the event's zone");

    let (cookies, csrf) = form_cookies(&app, &path, &organiser).await;
    let write = format!("{path}?lang=sv");

    // Preview: the mail in three languages, the placeholders filled.
    let (status, _, html) = post(
        &app,
        &write,
        &cookies,
        &[
            ("csrf", &csrf),
            ("subject", "Snart: {{event_title}}"),
            ("body", "Hej {{participant_name}}, vi ses!"),
            ("audience", "CONFIRMED"),
            ("locale", ""),
            ("sendAt", ""),
            ("action", "preview"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    for (lang, name) in [("sv", "Svenska"), ("nb", "Norsk bokmål"), ("en", "English")] {
        assert!(
            html.contains(&format!(
                "<section lang=\"{lang}\" aria-labelledby=\"preview-{lang}\">\n<h3 id=\"preview-{lang}\">{name}</h3>"
            )),
            "a section in {lang}: {html}"
        );
    }
    assert_eq!(html.matches("Snart: Höstträff").count(), 3, "{html}");
    assert_eq!(
        html.matches("Hej Kari Nordmann, vi ses!").count(),
        3,
        "{html}"
    );
    assert!(
        html.contains("Så här får Kari Nordmann påminnelsen."),
        "{html}"
    );
    assert!(
        html.contains("value=\"Hej {{participant_name}}, vi ses!\"")
            || html.contains(">Hej {{participant_name}}, vi ses!</textarea>"),
        "the form keeps what was typed"
    );
    assert!(
        reminders_of(&app, &event).await.is_empty(),
        "nothing stored"
    );

    // An unknown placeholder: the error next to the text, nothing stored.
    let (status, _, html) = post(
        &app,
        &write,
        &cookies,
        &[
            ("csrf", &csrf),
            ("subject", "Snart: {{event_title}}"),
            ("body", "Hej {{namn}}!"),
            ("audience", "CONFIRMED"),
            ("sendAt", "2026-09-05T09:00"),
            ("action", "schedule"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(
        html.contains("<p class=\"error\" id=\"body-error\">")
            && html.contains("Okänd platshållare: {{namn}}."),
        "{html}"
    );
    assert!(
        html.contains("id=\"body\" name=\"body\" rows=\"8\" aria-invalid=\"true\""),
        "{html}"
    );
    assert!(html.contains("href=\"#body\""), "in the summary: {html}");
    assert!(reminders_of(&app, &event).await.is_empty());
    // Scheduling without a time, and at a time after the end, are refused
    // next to the time.
    let (status, _, html) = post(
        &app,
        &write,
        &cookies,
        &[
            ("csrf", &csrf),
            ("audience", "CONFIRMED"),
            ("sendAt", ""),
            ("action", "schedule"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("id=\"sendAt-error\"") && html.contains("välj Skicka nu"),
        "{html}"
    );
    let (status, _, html) = post(
        &app,
        &write,
        &cookies,
        &[
            ("csrf", &csrf),
            ("audience", "CONFIRMED"),
            ("sendAt", "2099-01-01T09:00"),
            ("action", "schedule"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("innan evenemanget slutar"),
        "after the end: {html}"
    );
    assert!(reminders_of(&app, &event).await.is_empty());

    // A test goes to the organiser alone.
    let (status, _, html) = post(
        &app,
        &write,
        &cookies,
        &[
            ("csrf", &csrf),
            ("subject", "Test: {{event_title}}"),
            ("body", "Hej {{participant_name}}"),
            ("audience", "CONFIRMED"),
            ("action", "test"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("Ett test skickades till dig (arrangor@ale.se)."),
        "{html}"
    );
    app.run_jobs().await;
    let tests: Vec<_> = smtp
        .received()
        .into_iter()
        .filter(|m| String::from_utf8_lossy(&m.raw).contains("Test: H"))
        .collect();
    assert_eq!(tests.len(), 1, "one test mail");
    assert_eq!(tests[0].rcpt_tos, vec!["arrangor@ale.se".to_owned()]);
    assert!(
        subjects_to(&smtp, "arrangor@ale.se").contains(&"Test: Höstträff".to_owned()),
        "{:?}",
        subjects_to(&smtp, "arrangor@ale.se")
    );
    assert!(
        subjects_to(&smtp, "kari@ale.se").is_empty(),
        "not to participants"
    );
    assert!(reminders_of(&app, &event).await.is_empty());

    // Scheduled at a time in the event's zone, listed, then cancelled.
    let (status, location, _) = post(
        &app,
        &write,
        &cookies,
        &[
            ("csrf", &csrf),
            ("subject", "Snart: {{event_title}}"),
            ("body", "Hej {{participant_name}}"),
            ("audience", "IN_PERSON"),
            ("locale", "nb"),
            ("sendAt", "2026-09-05T09:00"),
            ("action", "schedule"),
        ],
    )
    .await;
    let stored = reminders_of(&app, &event).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.contains("done=scheduled"), "{location}");
    assert_eq!(stored.len(), 1);
    let scheduled = &stored[0];
    assert_eq!(scheduled.status, ReminderStatus::Scheduled);
    assert_eq!(scheduled.locale.as_deref(), Some("nb"));
    assert_eq!(
        scheduled.send_at.map(|at| at.to_rfc3339()),
        Some("2026-09-05T07:00:00+00:00".to_owned()),
        "09:00 in Stockholm in summer"
    );
    let (_, html) = app.page(&location, Some(&organiser)).await;
    assert!(html.contains("Påminnelsen är schemalagd."), "{html}");
    assert!(html.contains("Bekräftade på plats") && html.contains("Schemalagd"));
    assert!(html.contains(&format!("/organise/reminders/{}", scheduled.id)));

    // Another network's organiser finds nothing, also by guessed URLs.
    let (status, _) = app.page(&path, Some(&outsider)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .page(
            &format!("/organise/reminders/{}", scheduled.id),
            Some(&outsider),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (outsider_cookies, outsider_csrf) =
        form_cookies(&app, "/me/registrations", &outsider).await;
    for (target, action) in [
        (path.clone(), "preview"),
        (path.clone(), "schedule"),
        (format!("/organise/reminders/{}/cancel", scheduled.id), ""),
        (format!("/organise/reminders/{}/send", scheduled.id), ""),
    ] {
        let (status, _, _) = post(
            &app,
            &target,
            &outsider_cookies,
            &[
                ("csrf", &outsider_csrf),
                ("audience", "CONFIRMED"),
                ("sendAt", "2026-09-05T09:00"),
                ("action", action),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{target} {action}");
    }
    assert_eq!(reminders_of(&app, &event).await.len(), 1);

    // Without the CSRF token nothing happens.
    let (status, _, _) = post(
        &app,
        &write,
        &cookies,
        &[("audience", "CONFIRMED"), ("action", "test")],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let cancel = format!("/organise/reminders/{}/cancel", scheduled.id);
    let (status, _, _) = post(&app, &cancel, &cookies, &[("csrf", "forged")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        reminders_of(&app, &event).await[0].status,
        ReminderStatus::Scheduled
    );

    let (status, location, _) = post(
        &app,
        &format!("{cancel}?lang=sv"),
        &cookies,
        &[("csrf", &csrf), ("event", &event.id.to_string())],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.contains("done=cancelled"), "{location}");
    assert_eq!(
        reminders_of(&app, &event).await[0].status,
        ReminderStatus::Cancelled
    );
    let (_, html) = app.page(&location, Some(&organiser)).await;
    assert!(html.contains("Påminnelsen är avbruten."), "{html}");
    assert!(html.contains("<dd>Avbruten</dd>"), "{html}");
}

#[tokio::test]
async fn send_now_shows_progress_and_failures_and_a_failed_mail_can_be_retried() {
    let smtp = SmtpServer::start_with(SmtpOptions {
        reject: vec!["ola@voss.no".into()],
        ..SmtpOptions::default()
    });
    let app = app_for(&smtp).await;
    let network = NetworkBuilder::new("Aldersvennlig Norge")
        .locale("nb")
        .insert(&app)
        .await;
    let other = NetworkBuilder::new("Annet nettverk").insert(&app).await;
    let event = EventBuilder::new(&network)
        .title("Samling i Bergen")
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
    guest(
        &app,
        &event,
        "Kari Nordmann",
        "kari@bergen.no",
        ParticipationMode::InPerson,
    )
    .await;
    guest(
        &app,
        &event,
        "Ola Hansen",
        "ola@voss.no",
        ParticipationMode::InPerson,
    )
    .await;
    // Sign-in links and the like are out of the way first.
    app.run_jobs().await;
    let path = format!("/organise/events/{}/reminders", event.id);
    let (cookies, csrf) = form_cookies(&app, &path, &organiser).await;

    let (status, location, body) = post(
        &app,
        &format!("{path}?lang=nb"),
        &cookies,
        &[
            ("csrf", &csrf),
            ("subject", "Velkommen, {{participant_name}}"),
            ("body", "Vi ses på {{event_title}}."),
            ("audience", "CONFIRMED"),
            ("sendAt", ""),
            ("action", "now"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let stored = reminders_of(&app, &event).await;
    assert_eq!(stored.len(), 1);
    let id = stored[0].id;
    assert_eq!(stored[0].status, ReminderStatus::Sent);
    assert!(
        location.starts_with(&format!("/organise/reminders/{id}?lang=nb&done=sent&n=2")),
        "{location}"
    );

    // Queued: the report counts them, the bar at 0 of 2, the script polls.
    let (status, html) = app.page(&location, Some(&organiser)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("Påminnelsen går ut til 2 mottakere."),
        "{html}"
    );
    assert!(
        html.contains("<progress id=\"progress\" value=\"0\" max=\"2\">"),
        "{html}"
    );
    assert!(html.contains("<dd data-count=\"pending\">2</dd>"), "{html}");
    assert!(
        html.contains(&format!(
            "data-poll=\"/organise/reminders/{id}/progress.json\""
        )),
        "{html}"
    );
    assert!(html.contains("<script src=\"/assets/console-1.js\" defer></script>"));
    assert!(html.contains("Oppdater"), "a refresh link without script");
    assert!(
        html.contains("Kari Nordmann &#60;kari@bergen.no&#62;"),
        "{html}"
    );
    let progress = format!("/organise/reminders/{id}/progress.json");
    let (status, cache, counts) = json_as(&app, &progress, Some(&organiser)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cache, "no-store");
    assert_eq!(
        counts,
        json!({ "sent": 0, "pending": 2, "failed": 0, "total": 2 })
    );

    // The worker sends them: one is accepted, one refused with its reason.
    app.run_jobs().await;
    assert_eq!(
        subjects_to(&smtp, "kari@bergen.no"),
        vec!["Velkommen, Kari Nordmann".to_owned()]
    );
    let (_, _, counts) = json_as(&app, &progress, Some(&organiser)).await;
    assert_eq!(
        counts,
        json!({ "sent": 1, "pending": 0, "failed": 1, "total": 2 })
    );
    let (_, html) = app
        .page(
            &format!("/organise/reminders/{id}?lang=nb"),
            Some(&organiser),
        )
        .await;
    assert!(
        html.contains("<progress id=\"progress\" value=\"2\" max=\"2\">"),
        "{html}"
    );
    assert!(html.contains("<dd data-count=\"sent\">1</dd>"));
    assert!(html.contains("<dd data-count=\"failed\">1</dd>"));
    assert!(!html.contains("data-poll="), "nothing left to poll: {html}");
    assert!(
        html.contains("<dt>Årsak</dt><dd>") && html.contains("550"),
        "{html}"
    );
    assert!(html.contains("Prøv igjen"), "{html}");
    let failed = outbox::Entity::find()
        .filter(outbox::Column::ReminderId.eq(id))
        .filter(outbox::Column::Status.eq(OutboxStatus::Failed))
        .one(app.db())
        .await
        .expect("query")
        .expect("a failed mail");
    let retry = format!("/organise/deliveries/{}/retry", failed.id);

    // Others: 404 on the report, its counts, the door's counts and retrying.
    for path in [
        format!("/organise/reminders/{id}"),
        progress.clone(),
        format!("/organise/events/{}/door.json", event.id),
    ] {
        for viewer in [Some(outsider.as_str()), None] {
            let (status, _) = app.page(&path, viewer).await;
            let expected = if viewer.is_none() && !path.ends_with(".json") {
                StatusCode::OK // asked to sign in
            } else {
                StatusCode::NOT_FOUND
            };
            assert_eq!(status, expected, "{path} as {viewer:?}");
        }
    }
    let (status, cache, body) = json_as(&app, &progress, Some(&outsider)).await;
    assert_eq!(
        (status, cache.as_str()),
        (StatusCode::NOT_FOUND, "no-store")
    );
    assert_eq!(body, json!({}));
    let (outsider_cookies, outsider_csrf) =
        form_cookies(&app, "/me/registrations", &outsider).await;
    let (status, _, _) = post(
        &app,
        &retry,
        &outsider_cookies,
        &[("csrf", &outsider_csrf), ("reminder", &id.to_string())],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = post(&app, &retry, &cookies, &[("reminder", &id.to_string())]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "no CSRF token");
    let still = outbox::Entity::find_by_id(failed.id)
        .one(app.db())
        .await
        .expect("query")
        .expect("row");
    assert_eq!(still.status, OutboxStatus::Failed);

    // Retrying queues it again.
    let (status, location, _) = post(
        &app,
        &format!("{retry}?lang=nb"),
        &cookies,
        &[("csrf", &csrf), ("reminder", &id.to_string())],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.contains("done=retried"), "{location}");
    let (_, _, counts) = json_as(&app, &progress, Some(&organiser)).await;
    assert_eq!(
        counts,
        json!({ "sent": 1, "pending": 1, "failed": 0, "total": 2 })
    );
    let (_, html) = app.page(&location, Some(&organiser)).await;
    assert!(html.contains("Utsendelsen ligger i kø igjen."), "{html}");
    // Retrying what is not failed says why.
    let (status, location, _) = post(
        &app,
        &format!("{retry}?lang=nb"),
        &cookies,
        &[("csrf", &csrf), ("reminder", &id.to_string())],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.contains("error=retry"), "{location}");

    // Sending it again is refused on the list, with the reason.
    let (status, location, _) = post(
        &app,
        &format!("/organise/reminders/{id}/send?lang=nb"),
        &cookies,
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.contains("error=state"), "{location}");
}

#[tokio::test]
async fn the_door_count_is_polled_as_counts_only_by_its_organisers_and_the_script_is_served() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Socialchefsnätverket")
        .insert(&app)
        .await;
    let other = NetworkBuilder::new("Äldreomsorgsrådet").insert(&app).await;
    let event = EventBuilder::new(&network)
        .title("Nätverksträff")
        .published()
        .insert(&app)
        .await;
    let organiser =
        signed_in_with_role(&app, &network, "ordf@ale.se", NetworkRole::Organiser).await;
    let outsider =
        signed_in_with_role(&app, &other, "annan@kungalv.se", NetworkRole::Organiser).await;
    let first = guest(
        &app,
        &event,
        "Kari Nordmann",
        "kari@ale.se",
        ParticipationMode::InPerson,
    )
    .await;
    guest(
        &app,
        &event,
        "Ola Hansen",
        "ola@ale.se",
        ParticipationMode::InPerson,
    )
    .await;
    let door = format!("/organise/events/{}/door", event.id);
    let counts = format!("{door}.json");

    let (status, html) = app.page(&format!("{door}?lang=sv"), Some(&organiser)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(&format!(
            "<p class=\"count\" role=\"status\" data-poll=\"{counts}?lang=sv\" data-poll-kind=\"door\">0 av 2 incheckade</p>"
        )),
        "{html}"
    );
    assert!(html.contains("<script src=\"/assets/console-1.js\" defer></script>"));
    let (status, cache, body) = json_as(&app, &format!("{counts}?lang=sv"), Some(&organiser)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cache, "no-store");
    assert_eq!(
        body,
        json!({ "checkedIn": 0, "expected": 2, "text": "0 av 2 incheckade" })
    );

    // A colleague checks someone in: the counts say so, and nothing more.
    let (cookies, csrf) = form_cookies(&app, &door, &organiser).await;
    let (status, _, _) = post(
        &app,
        &format!("/organise/registrations/{}/check-in", first.id),
        &cookies,
        &[
            ("csrf", &csrf),
            ("event", &event.id.to_string()),
            ("back", "door"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, _, body) = json_as(&app, &format!("{counts}?lang=en"), Some(&organiser)).await;
    assert_eq!(
        body,
        json!({ "checkedIn": 1, "expected": 2, "text": "1 of 2 checked in" })
    );
    let raw = body.to_string();
    assert!(!raw.contains("Kari") && !raw.contains("@"), "counts only");

    for viewer in [Some(outsider.as_str()), None] {
        let (status, cache, body) = json_as(&app, &counts, viewer).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{viewer:?}");
        assert_eq!(cache, "no-store");
        assert_eq!(body, json!({}));
    }
    let (status, _, _) = json_as(
        &app,
        "/organise/events/not-an-id/door.json",
        Some(&organiser),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The script: from this origin, cached for good, allowed by the policy.
    let response = app
        .http
        .get(app.url("/assets/console-1.js"))
        .send()
        .await
        .expect("script");
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("application/javascript")
    );
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(
        response
            .text()
            .await
            .expect("body")
            .contains("visibilityState")
    );
    let response = app
        .http
        .get(app.url(&door))
        .header("Cookie", format!("__Host-tp_session={organiser}"))
        .send()
        .await
        .expect("page");
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(csp.contains("script-src 'self';") && csp.contains("connect-src 'self';"));
    assert!(!csp.contains("unsafe-inline"), "{csp}");
}

#[tokio::test]
async fn the_reminder_form_takes_translations_and_previews_each_language() {
    let smtp = SmtpServer::start();
    let app = app_for(&smtp).await;
    let network = NetworkBuilder::new("Utvecklingsgruppen").insert(&app).await;
    let event = EventBuilder::new(&network)
        .title("Höstträff")
        .published()
        .insert(&app)
        .await;
    let organiser =
        signed_in_with_role(&app, &network, "arrangor@ale.se", NetworkRole::Organiser).await;
    guest(
        &app,
        &event,
        "Kari Nordmann",
        "kari@ale.se",
        ParticipationMode::InPerson,
    )
    .await;
    let path = format!("/organise/events/{}/reminders", event.id);
    let (status, html) = app.page(&format!("{path}?lang=en"), Some(&organiser)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    // The event is Swedish: Norwegian and English translations are offered,
    // each field marked with its language.
    for (code, name) in [("nb", "Norsk bokmål"), ("en", "English")] {
        assert!(
            html.contains(&format!(
                "<label for=\"subject_{code}\">Own subject ({name})</label>"
            )),
            "{html}"
        );
        assert!(
            html.contains(&format!(
                "id=\"body_{code}\" name=\"body_{code}\" lang=\"{code}\""
            )),
            "{html}"
        );
    }
    assert!(!html.contains("id=\"subject_sv\""), "not the own language");

    let (cookies, csrf) = form_cookies(&app, &path, &organiser).await;
    let write = format!("{path}?lang=en");
    let fields = |body_nb: &'static str, action: &'static str| {
        vec![
            ("subject", "Snart: {{event_title}}"),
            ("body", "Vi ses, {{participant_name}}."),
            ("subject_nb", "Snart (nb): {{event_title}}"),
            ("body_nb", body_nb),
            ("subject_en", ""),
            ("body_en", ""),
            ("audience", "CONFIRMED"),
            ("locale", ""),
            ("sendAt", "2026-09-05T09:00"),
            ("action", action),
        ]
    };
    // The preview: the Norwegian section in the translation, the others in
    // the own text.
    let mut preview = fields("Vi sees, {{participant_name}}.", "preview");
    preview.insert(0, ("csrf", &csrf));
    let (status, _, html) = post(&app, &write, &cookies, &preview).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_eq!(html.matches("Snart (nb): Höstträff").count(), 1, "{html}");
    assert_eq!(html.matches("Vi sees, Kari Nordmann.").count(), 1, "{html}");
    assert_eq!(html.matches("Vi ses, Kari Nordmann.").count(), 2, "{html}");

    // A typo in the Norwegian text: refused next to that field.
    let mut typo = fields("Vi sees, {{navn}}.", "schedule");
    typo.insert(0, ("csrf", &csrf));
    let (status, _, html) = post(&app, &write, &cookies, &typo).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(
        html.contains("<p class=\"error\" id=\"body_nb-error\">") && html.contains("{{navn}}"),
        "{html}"
    );
    assert!(html.contains("href=\"#body_nb\""), "in the summary: {html}");
    assert!(reminders_of(&app, &event).await.is_empty());

    // Scheduled with its translation.
    let mut good = fields("Vi sees, {{participant_name}}.", "schedule");
    good.insert(0, ("csrf", &csrf));
    let (status, location, _) = post(&app, &write, &cookies, &good).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
    let stored = reminders_of(&app, &event).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(
        stored[0].translations,
        Some(json!({ "nb": { "subject": "Snart (nb): {{event_title}}",
                             "body": "Vi sees, {{participant_name}}." } }))
    );

    // Without the CSRF token nothing is stored.
    let (status, _, _) = post(&app, &write, &cookies, &fields("Hei", "schedule")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(reminders_of(&app, &event).await.len(), 1);
}
