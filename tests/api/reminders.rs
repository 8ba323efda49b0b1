//! Reminders end to end: scheduled through GraphQL, queued by the job on an
//! injected clock, sent by the real worker to a real SMTP server process.

use std::collections::HashMap;

use api::graphql::ids::GlobalId;
use api::ids::RegistrationId;
use api::mail;
use api::service::reminders;
use chrono::Duration;
use entities::{
    JoinLinkVisibility, NetworkRole, OutboxStatus, ParticipationMode, RegistrationStatus, event,
    network, outbox, registration,
};
use mailparse::{MailHeaderMap, ParsedMail};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use secrecy::SecretString;
use serde_json::{Value, json};

use crate::fixtures::{EventBuilder, NetworkBuilder, event_gid, signed_in_with_role};
use crate::helpers::{TestApp, test_now, user_error_codes};
use crate::smtp::SmtpServer;

async fn app_for(smtp: &SmtpServer) -> TestApp {
    let url = smtp.url();
    TestApp::spawn_with(move |config| config.mail.smtp_url = Some(SecretString::from(url))).await
}

/// A hybrid event ten days after "now" in a network with `locale`, and a
/// signed-in organiser of it.
async fn setup(app: &TestApp, locale: &str) -> (network::Model, event::Model, String) {
    let network = NetworkBuilder::new("Utvecklingsgruppen")
        .locale(locale)
        .insert(app)
        .await;
    let event = EventBuilder::new(&network)
        .title("Höstträff")
        .starts_at(test_now() + Duration::days(10))
        .hybrid(JoinLinkVisibility::Registered)
        .published()
        .insert(app)
        .await;
    let token = signed_in_with_role(app, &network, "arrangor@ale.se", NetworkRole::Organiser).await;
    (network, event, token)
}

/// A guest's registration, written directly (the registration flow is tested elsewhere).
async fn guest(
    app: &TestApp,
    event: &event::Model,
    name: &str,
    email: &str,
    mode: ParticipationMode,
    status: RegistrationStatus,
) -> registration::Model {
    registration::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        event_id: Set(event.id),
        person_id: Set(None),
        organisation_id: Set(None),
        guest_name: Set(Some(name.into())),
        guest_email: Set(Some(email.into())),
        mode: Set(mode),
        status: Set(status),
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

const SCHEDULE: &str = r"mutation($input: ReminderDraftInput!) {
  scheduleReminder(input: $input) {
    reminder { id status offsetMinutes audience }
    userErrors { field code message }
  }
}";

async fn schedule(app: &TestApp, token: &str, input: Value) -> Value {
    let data = app
        .gql_ok_as(Some(token), SCHEDULE, json!({ "input": input }))
        .await;
    data["scheduleReminder"].clone()
}

async fn schedule_ok(app: &TestApp, token: &str, input: Value) -> String {
    let payload = schedule(app, token, input).await;
    assert_eq!(payload["userErrors"], json!([]), "{payload}");
    payload["reminder"]["id"].as_str().expect("id").to_owned()
}

/// The job and then the mail worker, as one pass of the worker loop does.
async fn pass(app: &TestApp) -> usize {
    app.run_jobs().await
}

fn text_of(raw: &[u8]) -> (String, String, String) {
    let parsed = mailparse::parse_mail(raw).expect("parses");
    let subject = parsed
        .headers
        .get_first_value("Subject")
        .unwrap_or_default();
    let mut text = String::new();
    let mut html = String::new();
    fn walk(part: &ParsedMail, text: &mut String, html: &mut String) {
        match part.ctype.mimetype.as_str() {
            "text/plain" => text.push_str(&part.get_body().unwrap_or_default()),
            "text/html" => html.push_str(&part.get_body().unwrap_or_default()),
            _ => {}
        }
        for sub in &part.subparts {
            walk(sub, text, html);
        }
    }
    walk(&parsed, &mut text, &mut html);
    (subject, text, html)
}

/// Received mail by recipient.
fn by_recipient(smtp: &SmtpServer) -> HashMap<String, Vec<(String, String, String)>> {
    let mut out: HashMap<String, Vec<_>> = HashMap::new();
    for mail in smtp.received() {
        out.entry(mail.rcpt_tos[0].clone())
            .or_default()
            .push(text_of(&mail.raw));
    }
    out
}

async fn rows_of(app: &TestApp, reminder: &str) -> Vec<outbox::Model> {
    let (_, id) = api::graphql::ids::decode_any(&async_graphql::ID(reminder.to_owned()))
        .expect("reminder id");
    outbox::Entity::find()
        .filter(outbox::Column::ReminderId.eq(id))
        .all(app.db())
        .await
        .expect("rows")
}

#[tokio::test]
async fn reminders_7_and_1_days_before_reach_each_mode_with_what_it_needs_once() {
    let smtp = SmtpServer::start();
    let app = app_for(&smtp).await;
    let (_, event, token) = setup(&app, "sv").await;
    guest(
        &app,
        &event,
        "Åsa Öberg",
        "asa@ale.se",
        ParticipationMode::InPerson,
        RegistrationStatus::Confirmed,
    )
    .await;
    guest(
        &app,
        &event,
        "Nils Dahl",
        "nils@ale.se",
        ParticipationMode::Online,
        RegistrationStatus::Confirmed,
    )
    .await;
    guest(
        &app,
        &event,
        "Kö Person",
        "ko@ale.se",
        ParticipationMode::InPerson,
        RegistrationStatus::Waitlisted,
    )
    .await;
    let week = schedule_ok(
        &app,
        &token,
        json!({
            "eventId": event_gid(&event), "offsetMinutes": 7 * 24 * 60, "audience": "CONFIRMED"
        }),
    )
    .await;
    let day = schedule_ok(
        &app,
        &token,
        json!({
            "eventId": event_gid(&event), "offsetMinutes": 24 * 60, "audience": "CONFIRMED"
        }),
    )
    .await;

    // Ten days before: nothing is due.
    assert_eq!(pass(&app).await, 0);
    assert!(smtp.received().is_empty());

    // Seven days before: the first reminder, to the two confirmed.
    app.state.clock.advance(Duration::days(3));
    assert_eq!(pass(&app).await, 2);
    // Running the job again sends nothing more.
    assert_eq!(pass(&app).await, 0);
    let received = smtp.wait_for(2).await;
    assert_eq!(received.len(), 2);
    let mails = by_recipient(&smtp);
    let (subject, text, _) = &mails["asa@ale.se"][0];
    assert_eq!(subject, "Påminnelse: Höstträff");
    assert!(text.contains("Hej Åsa Öberg!"), "{text}");
    assert!(text.contains("Norra Strandgatan 8"), "{text}");
    assert!(text.contains("hörslinga"), "{text}");
    assert!(
        !text.contains("webex.com"),
        "in person gets no link: {text}"
    );
    let (_, text, _) = &mails["nils@ale.se"][0];
    assert!(
        text.contains("https://helsingborg.webex.com/meet/utveckling"),
        "{text}"
    );
    assert!(
        !text.contains("Norra Strandgatan"),
        "online gets no address: {text}"
    );
    assert!(!mails.contains_key("ko@ale.se"));
    // One-click unsubscribe headers on reminder mail.
    let parsed = mailparse::parse_mail(&received[0].raw).expect("parses");
    let unsubscribe = parsed
        .headers
        .get_first_value("List-Unsubscribe")
        .expect("List-Unsubscribe");
    assert!(
        unsubscribe.contains("/reminders/unsubscribe?token="),
        "{unsubscribe}"
    );
    assert_eq!(
        parsed
            .headers
            .get_first_value("List-Unsubscribe-Post")
            .as_deref(),
        Some("List-Unsubscribe=One-Click")
    );

    // One day before: the second.
    app.state.clock.advance(Duration::days(6));
    assert_eq!(pass(&app).await, 2);
    assert_eq!(smtp.wait_for(4).await.len(), 4);

    // The report, for the organiser.
    let report = app
        .gql_ok_as(
            Some(&token),
            r"query($id: ID!) { event(id: $id) { reminders {
                id status counts { pending sent failed skipped }
                deliveries { recipientName recipientEmail status attempts lastError sentAt }
            } } }",
            json!({ "id": event_gid(&event) }),
        )
        .await;
    let list = report["event"]["reminders"].as_array().expect("reminders");
    assert_eq!(list.len(), 2);
    for reminder in list {
        assert!(reminder["id"] == json!(week) || reminder["id"] == json!(day));
        assert_eq!(reminder["status"], "SENT");
        assert_eq!(
            reminder["counts"],
            json!({ "pending": 0, "sent": 2, "failed": 0, "skipped": 0 })
        );
        let deliveries = reminder["deliveries"].as_array().expect("deliveries");
        assert_eq!(deliveries.len(), 2);
        assert!(
            deliveries
                .iter()
                .all(|d| d["status"] == "SENT" && d["attempts"] == 1 && !d["sentAt"].is_null())
        );
    }

    // A participant (or anyone not organising) sees none of it.
    let participant = app.sign_in("nils@ale.se").await;
    let seen = app
        .gql_ok_as(
            Some(&participant),
            r"query($id: ID!) { event(id: $id) { reminders { id } } }",
            json!({ "id": event_gid(&event) }),
        )
        .await;
    assert_eq!(seen["event"]["reminders"], json!([]));
}

#[tokio::test]
async fn norwegian_custom_text_fills_placeholders_and_escapes_html() {
    let smtp = SmtpServer::start();
    let app = app_for(&smtp).await;
    let (_, event, token) = setup(&app, "nb").await;
    guest(
        &app,
        &event,
        "Kari <b>Nordmann</b>",
        "kari@tromso.no",
        ParticipationMode::Online,
        RegistrationStatus::Confirmed,
    )
    .await;

    // An unknown placeholder is a user error, not a blank.
    let refused = schedule(
        &app,
        &token,
        json!({
            "eventId": event_gid(&event), "offsetMinutes": 60, "audience": "CONFIRMED",
            "subject": "Husk {{event_title}}", "body": "Hei {{fornavn}}"
        }),
    )
    .await;
    assert_eq!(user_error_codes(&refused), vec!["INVALID"]);
    assert_eq!(refused["userErrors"][0]["field"], json!(["input", "body"]));
    assert!(
        refused["userErrors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("fornavn")
    );
    assert!(refused["reminder"].is_null());

    schedule_ok(
        &app,
        &token,
        json!({
            "eventId": event_gid(&event), "sendAt": (test_now() + Duration::hours(1)).to_rfc3339(),
            "audience": "ONLINE",
            "subject": "Husk {{event_title}}",
            "body": "Hei {{participant_name}}! Vi starter {{starts_at_local}}. Lenke: {{join_link}}"
        }),
    )
    .await;
    app.state.clock.advance(Duration::hours(1));
    assert_eq!(pass(&app).await, 1);
    let received = smtp.wait_for(1).await;
    let (subject, text, html) = text_of(&received[0].raw);
    assert_eq!(subject, "Husk Höstträff");
    assert!(
        text.contains("Hei Kari <b>Nordmann</b>! Vi starter"),
        "{text}"
    );
    assert!(
        text.contains("Lenke: https://helsingborg.webex.com/meet/utveckling"),
        "{text}"
    );
    assert!(text.contains("Vennlig hilsen"), "Norwegian frame: {text}");
    assert!(html.contains("Kari &lt;b&gt;Nordmann&lt;/b&gt;"), "{html}");
    assert!(!html.contains("<b>Nordmann</b>"), "{html}");
}

#[tokio::test]
async fn audiences_pick_their_recipients() {
    let smtp = SmtpServer::start();
    let app = app_for(&smtp).await;
    let (_, event, token) = setup(&app, "sv").await;
    guest(
        &app,
        &event,
        "Plats",
        "plats@ale.se",
        ParticipationMode::InPerson,
        RegistrationStatus::Confirmed,
    )
    .await;
    guest(
        &app,
        &event,
        "Nät",
        "nat@ale.se",
        ParticipationMode::Online,
        RegistrationStatus::Confirmed,
    )
    .await;
    guest(
        &app,
        &event,
        "Kö",
        "ko@ale.se",
        ParticipationMode::InPerson,
        RegistrationStatus::Waitlisted,
    )
    .await;
    guest(
        &app,
        &event,
        "Ansökan",
        "ansokan@ale.se",
        ParticipationMode::InPerson,
        RegistrationStatus::Pending,
    )
    .await;
    guest(
        &app,
        &event,
        "Avbokad",
        "avbokad@ale.se",
        ParticipationMode::InPerson,
        RegistrationStatus::Cancelled,
    )
    .await;
    let mut expected = Vec::new();
    for (audience, who) in [
        ("IN_PERSON", vec!["plats@ale.se"]),
        ("ONLINE", vec!["nat@ale.se"]),
        ("WAITLISTED", vec!["ko@ale.se"]),
        ("PENDING", vec!["ansokan@ale.se"]),
        ("NETWORK", vec!["arrangor@ale.se"]),
    ] {
        let id = schedule_ok(
            &app,
            &token,
            json!({
                "eventId": event_gid(&event), "offsetMinutes": 60, "audience": audience
            }),
        )
        .await;
        expected.push((id, who));
    }
    app.state
        .clock
        .advance(Duration::days(10) - Duration::minutes(30));
    reminders::run_due(&app.cx().with_public_url("https://traffpunkt.test"))
        .await
        .expect("job");
    for (id, who) in expected {
        let mut got: Vec<String> = rows_of(&app, &id)
            .await
            .into_iter()
            .map(|r| r.recipient_email)
            .collect();
        got.sort();
        assert_eq!(got, who, "audience of {id}");
    }
}

#[tokio::test]
async fn preview_renders_for_one_recipient_and_test_send_goes_to_the_organiser() {
    let smtp = SmtpServer::start();
    let app = app_for(&smtp).await;
    let (_, event, token) = setup(&app, "sv").await;
    let online = guest(
        &app,
        &event,
        "Nils Dahl",
        "nils@ale.se",
        ParticipationMode::Online,
        RegistrationStatus::Confirmed,
    )
    .await;
    let registration_id = RegistrationId(online.id).to_global().0;
    let preview = app
        .gql_ok_as(
            Some(&token),
            r"mutation($input: PreviewReminderInput!) { previewReminder(input: $input) {
                preview { subject text html } userErrors { field code }
            } }",
            json!({ "input": {
                "draft": { "eventId": event_gid(&event), "offsetMinutes": 60, "audience": "ONLINE",
                           "subject": "Snart: {{event_title}}", "body": "Hej {{participant_name}}, länk: {{join_link}}" },
                "registrationId": registration_id,
            } }),
        )
        .await;
    let preview = &preview["previewReminder"];
    assert_eq!(preview["userErrors"], json!([]), "{preview}");
    assert_eq!(preview["preview"]["subject"], "Snart: Höstträff");
    let text = preview["preview"]["text"].as_str().expect("text");
    assert!(
        text.contains("Hej Nils Dahl, länk: https://helsingborg.webex.com/meet/utveckling"),
        "{text}"
    );
    assert!(
        preview["preview"]["html"]
            .as_str()
            .expect("html")
            .contains("<html")
    );
    // Nothing was stored or queued.
    assert_eq!(
        outbox::Entity::find()
            .all(app.db())
            .await
            .expect("rows")
            .len(),
        0
    );

    let id = schedule_ok(
        &app,
        &token,
        json!({
            "eventId": event_gid(&event), "offsetMinutes": 60, "audience": "CONFIRMED"
        }),
    )
    .await;
    let sent = app
        .gql_ok_as(
            Some(&token),
            r"mutation($input: TestSendReminderInput!) { testSendReminder(input: $input) { queued userErrors { code } } }",
            json!({ "input": { "reminderId": id } }),
        )
        .await;
    assert_eq!(sent["testSendReminder"]["queued"], true, "{sent}");
    assert_eq!(pass(&app).await, 1);
    let received = smtp.wait_for(1).await;
    assert_eq!(received[0].rcpt_tos, vec!["arrangor@ale.se"]);
    let (subject, text, _) = text_of(&received[0].raw);
    assert_eq!(subject, "Påminnelse: Höstträff");
    assert!(
        text.contains("Norra Strandgatan") && text.contains("webex.com"),
        "{text}"
    );
    // The test mail is no delivery of the reminder.
    assert!(rows_of(&app, &id).await.is_empty());

    // Someone who does not organise the network may not preview.
    let member = app.sign_in("nils@ale.se").await;
    let refused = app
        .gql_as(
            Some(&member),
            r"mutation($input: PreviewReminderInput!) { previewReminder(input: $input) { preview { subject } userErrors { code } } }",
            json!({ "input": { "reminderId": id, "registrationId": registration_id } }),
        )
        .await;
    assert!(
        refused["errors"].is_array() || refused["data"]["previewReminder"]["preview"].is_null(),
        "{refused}"
    );
}

#[tokio::test]
async fn cancelled_reminders_and_registrations_and_unsubscribes_get_nothing() {
    let smtp = SmtpServer::start();
    let app = app_for(&smtp).await;
    let (_, event, token) = setup(&app, "sv").await;
    let stays = guest(
        &app,
        &event,
        "Stannar",
        "stannar@ale.se",
        ParticipationMode::InPerson,
        RegistrationStatus::Confirmed,
    )
    .await;
    let leaves = guest(
        &app,
        &event,
        "Avbokar",
        "avbokar@ale.se",
        ParticipationMode::InPerson,
        RegistrationStatus::Confirmed,
    )
    .await;

    let cancelled = schedule_ok(
        &app,
        &token,
        json!({
            "eventId": event_gid(&event), "offsetMinutes": 7 * 24 * 60, "audience": "CONFIRMED"
        }),
    )
    .await;
    let cancel = app
        .gql_ok_as(
            Some(&token),
            r"mutation($id: ID!) { cancelReminder(input: { reminderId: $id }) { reminder { status } userErrors { code } } }",
            json!({ "id": cancelled }),
        )
        .await;
    assert_eq!(cancel["cancelReminder"]["reminder"]["status"], "CANCELLED");
    app.state.clock.advance(Duration::days(3));
    assert_eq!(pass(&app).await, 0);

    // Queued, then the registration is cancelled before the worker sends it.
    let id = schedule_ok(
        &app,
        &token,
        json!({
            "eventId": event_gid(&event), "offsetMinutes": 24 * 60, "audience": "CONFIRMED"
        }),
    )
    .await;
    app.state.clock.advance(Duration::days(6));
    reminders::run_due(&app.cx().with_public_url("https://traffpunkt.test"))
        .await
        .expect("job");
    let mut model: registration::ActiveModel = leaves.into();
    model.status = Set(RegistrationStatus::Cancelled);
    model.update(app.db()).await.expect("cancel");
    assert_eq!(pass(&app).await, 2);
    let received = smtp.wait_for(1).await;
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].rcpt_tos, vec!["stannar@ale.se"]);
    let statuses: Vec<OutboxStatus> = rows_of(&app, &id)
        .await
        .into_iter()
        .map(|r| r.status)
        .collect();
    assert!(statuses.contains(&OutboxStatus::Skipped) && statuses.contains(&OutboxStatus::Sent));

    // One-click unsubscribe: GET shows a form and changes nothing, POST stops reminders.
    let stays = registration::Entity::find_by_id(stays.id)
        .one(app.db())
        .await
        .expect("q")
        .expect("row");
    let token_value = stays.reminder_token.clone().expect("token");
    let client = reqwest::Client::new();
    let url = app.url(&format!("/reminders/unsubscribe?token={token_value}"));
    let form = client.get(&url).send().await.expect("get");
    assert_eq!(form.status(), 200);
    assert!(form.text().await.expect("body").contains("method=\"post\""));
    let posted = client
        .post(&url)
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("post");
    assert_eq!(posted.status(), 200);
    let bad = client
        .post(app.url("/reminders/unsubscribe?token=nope"))
        .send()
        .await
        .expect("post");
    assert_eq!(bad.status(), 404);
    let stays = registration::Entity::find_by_id(stays.id)
        .one(app.db())
        .await
        .expect("q")
        .expect("row");
    assert!(stays.reminders_off_at.is_some());
    schedule_ok(
        &app,
        &token,
        json!({
            "eventId": event_gid(&event), "offsetMinutes": 60, "audience": "CONFIRMED"
        }),
    )
    .await;
    app.state.clock.advance(Duration::hours(23));
    assert_eq!(pass(&app).await, 0);
    assert_eq!(smtp.received().len(), 1);
}

#[tokio::test]
async fn moving_the_event_moves_its_offset_reminders() {
    let smtp = SmtpServer::start();
    let app = app_for(&smtp).await;
    let (_, event, token) = setup(&app, "sv").await;
    guest(
        &app,
        &event,
        "Åsa",
        "asa@ale.se",
        ParticipationMode::InPerson,
        RegistrationStatus::Confirmed,
    )
    .await;
    schedule_ok(
        &app,
        &token,
        json!({
            "eventId": event_gid(&event), "offsetMinutes": 24 * 60, "audience": "CONFIRMED"
        }),
    )
    .await;
    let moved = app
        .gql_ok_as(
            Some(&token),
            r"mutation($input: UpdateEventInput!) { updateEvent(input: $input) { userErrors { code } } }",
            json!({ "input": {
                "id": event_gid(&event),
                "startsAt": (event.starts_at + Duration::days(5)).to_rfc3339(),
                "endsAt": (event.ends_at + Duration::days(5)).to_rfc3339(),
            } }),
        )
        .await;
    assert_eq!(moved["updateEvent"]["userErrors"], json!([]));
    // The old due time passes without a reminder.
    app.state.clock.advance(Duration::days(9));
    reminders::run_due(&app.cx().with_public_url("https://traffpunkt.test"))
        .await
        .expect("job");
    let reminder_rows = outbox::Entity::find()
        .filter(outbox::Column::Kind.eq("REMINDER"))
        .all(app.db())
        .await
        .expect("rows");
    assert!(reminder_rows.is_empty());
    // The new one brings it.
    app.state.clock.advance(Duration::days(5));
    reminders::run_due(&app.cx().with_public_url("https://traffpunkt.test"))
        .await
        .expect("job");
    let reminder_rows = outbox::Entity::find()
        .filter(outbox::Column::Kind.eq("REMINDER"))
        .all(app.db())
        .await
        .expect("rows");
    assert_eq!(reminder_rows.len(), 1);
}

#[tokio::test]
async fn series_reminders_go_out_before_every_occurrence_including_later_ones() {
    let app = TestApp::spawn().await;
    let (network, _, token) = setup(&app, "sv").await;
    let created = app
        .gql_ok_as(
            Some(&token),
            r"mutation($input: CreateSeriesInput!) { createSeries(input: $input) { series { id } events { id } userErrors { code } } }",
            json!({ "input": {
                "networkId": crate::fixtures::network_gid(&network),
                "title": "Månadsträff",
                "template": { "kind": "MEETING", "attendanceMode": "IN_PERSON" },
                "occurrences": [
                    { "startsAt": (test_now() + Duration::days(2)).to_rfc3339(), "endsAt": (test_now() + Duration::days(2) + Duration::hours(2)).to_rfc3339() },
                    { "startsAt": (test_now() + Duration::days(30)).to_rfc3339(), "endsAt": (test_now() + Duration::days(30) + Duration::hours(2)).to_rfc3339() },
                ],
                "publish": true,
            } }),
        )
        .await;
    let series_id = created["createSeries"]["series"]["id"]
        .as_str()
        .expect("series")
        .to_owned();
    let events = event::Entity::find()
        .filter(event::Column::NetworkId.eq(network.id))
        .filter(event::Column::SeriesId.is_not_null())
        .all(app.db())
        .await
        .expect("events");
    for occurrence in &events {
        guest(
            &app,
            occurrence,
            "Åsa",
            "asa@ale.se",
            ParticipationMode::InPerson,
            RegistrationStatus::Confirmed,
        )
        .await;
    }
    schedule_ok(
        &app,
        &token,
        json!({ "seriesId": series_id, "offsetMinutes": 24 * 60, "audience": "CONFIRMED" }),
    )
    .await;
    // An absolute time makes no sense for a series.
    let refused = schedule(
        &app,
        &token,
        json!({
            "seriesId": series_id, "sendAt": test_now().to_rfc3339(), "audience": "CONFIRMED"
        }),
    )
    .await;
    assert_eq!(user_error_codes(&refused), vec!["INVALID"]);

    let count = || async {
        outbox::Entity::find()
            .filter(outbox::Column::Kind.eq("REMINDER"))
            .all(app.db())
            .await
            .expect("rows")
            .len()
    };
    app.state
        .clock
        .advance(Duration::days(1) + Duration::hours(1));
    reminders::run_due(&app.cx().with_public_url("https://traffpunkt.test"))
        .await
        .expect("job");
    reminders::run_due(&app.cx().with_public_url("https://traffpunkt.test"))
        .await
        .expect("job");
    assert_eq!(count().await, 1);
    app.state.clock.advance(Duration::days(28));
    reminders::run_due(&app.cx().with_public_url("https://traffpunkt.test"))
        .await
        .expect("job");
    assert_eq!(count().await, 2);
}

#[tokio::test]
async fn two_job_runners_at_once_queue_each_recipient_exactly_once() {
    let smtp = SmtpServer::start();
    let app = app_for(&smtp).await;
    let (_, event, token) = setup(&app, "sv").await;
    for i in 0..40 {
        guest(
            &app,
            &event,
            &format!("Deltagare {i}"),
            &format!("d{i}@ale.se"),
            ParticipationMode::InPerson,
            RegistrationStatus::Confirmed,
        )
        .await;
    }
    let mut ids = Vec::new();
    for offset in [7 * 24 * 60, 24 * 60] {
        ids.push(
            schedule_ok(
                &app,
                &token,
                json!({
                    "eventId": event_gid(&event), "offsetMinutes": offset, "audience": "CONFIRMED"
                }),
            )
            .await,
        );
    }
    app.state
        .clock
        .advance(Duration::days(9) + Duration::hours(1));
    let one = app.jobs_with_id("one");
    let two = app.jobs_with_id("two");
    let (a, b) = tokio::join!(one.queue_reminders(), two.queue_reminders());
    assert_eq!(a.expect("one") + b.expect("two"), 80);
    let (a, b) = tokio::join!(one.run_once(), two.run_once());
    assert_eq!(a.expect("one") + b.expect("two"), 80);
    let received = smtp.wait_for(80).await;
    assert_eq!(received.len(), 80);
    let mut seen = std::collections::HashSet::new();
    for mail in &received {
        let (subject, _, _) = text_of(&mail.raw);
        let _ = subject;
    }
    for id in &ids {
        let rows = rows_of(&app, id).await;
        assert_eq!(rows.len(), 40);
        for row in rows {
            assert!(seen.insert((id.clone(), row.recipient_email)), "twice");
        }
    }
}

#[tokio::test]
async fn cancelling_the_event_cancels_its_reminders_and_tells_participants() {
    let smtp = SmtpServer::start();
    let app = app_for(&smtp).await;
    let (_, event, token) = setup(&app, "sv").await;
    guest(
        &app,
        &event,
        "Åsa Öberg",
        "asa@ale.se",
        ParticipationMode::InPerson,
        RegistrationStatus::Confirmed,
    )
    .await;
    guest(
        &app,
        &event,
        "Kö",
        "ko@ale.se",
        ParticipationMode::Online,
        RegistrationStatus::Waitlisted,
    )
    .await;
    guest(
        &app,
        &event,
        "Borta",
        "borta@ale.se",
        ParticipationMode::Online,
        RegistrationStatus::Cancelled,
    )
    .await;
    let id = schedule_ok(
        &app,
        &token,
        json!({
            "eventId": event_gid(&event), "offsetMinutes": 24 * 60, "audience": "CONFIRMED"
        }),
    )
    .await;
    let cancelled = app
        .gql_ok_as(
            Some(&token),
            r"mutation($id: ID!) { cancelEvent(input: { id: $id }) { event { status reminders { id status } } userErrors { code } } }",
            json!({ "id": event_gid(&event) }),
        )
        .await;
    let reminders_after = &cancelled["cancelEvent"]["event"]["reminders"];
    assert_eq!(
        reminders_after,
        &json!([{ "id": id, "status": "CANCELLED" }])
    );
    assert_eq!(pass(&app).await, 2);
    let mails = by_recipient(&smtp);
    assert_eq!(mails.len(), 2, "{:?}", mails.keys());
    let (subject, text, _) = &mails["asa@ale.se"][0];
    assert_eq!(subject, "Inställt: Höstträff");
    assert!(text.contains("inställt"), "{text}");
    let raw = smtp
        .received()
        .into_iter()
        .find(|m| m.rcpt_tos == vec!["asa@ale.se"])
        .expect("mail")
        .raw;
    let raw = String::from_utf8_lossy(&raw).to_string();
    assert!(raw.contains("invite.ics"), "{raw}");
    // Nothing more when the reminder's time comes.
    app.state
        .clock
        .advance(Duration::days(9) + Duration::hours(1));
    assert_eq!(pass(&app).await, 0);
}

#[tokio::test]
async fn changing_time_place_or_link_tells_participants() {
    let smtp = SmtpServer::start();
    let app = app_for(&smtp).await;
    let (_, event, token) = setup(&app, "sv").await;
    guest(
        &app,
        &event,
        "Nils Dahl",
        "nils@ale.se",
        ParticipationMode::Online,
        RegistrationStatus::Confirmed,
    )
    .await;
    let changed = app
        .gql_ok_as(
            Some(&token),
            r"mutation($input: UpdateEventInput!) { updateEvent(input: $input) { userErrors { code } } }",
            json!({ "input": {
                "id": event_gid(&event),
                "onlineMeeting": { "provider": "Webex", "joinUrl": "https://helsingborg.webex.com/meet/ny" },
            } }),
        )
        .await;
    assert_eq!(changed["updateEvent"]["userErrors"], json!([]));
    // A title-only change is no notice.
    app.gql_ok_as(
        Some(&token),
        r"mutation($input: UpdateEventInput!) { updateEvent(input: $input) { userErrors { code } } }",
        json!({ "input": { "id": event_gid(&event), "description": "Mer info" } }),
    )
    .await;
    assert_eq!(pass(&app).await, 1);
    let received = smtp.wait_for(1).await;
    let (subject, text, _) = text_of(&received[0].raw);
    assert_eq!(subject, "Ändrat: Höstträff");
    assert!(text.contains("ny länk"), "{text}");
    assert!(
        text.contains("https://helsingborg.webex.com/meet/ny"),
        "{text}"
    );
}

#[tokio::test]
async fn send_now_queues_at_once_and_only_organisers_may_schedule() {
    let smtp = SmtpServer::start();
    let app = app_for(&smtp).await;
    let (network, event, token) = setup(&app, "en").await;
    guest(
        &app,
        &event,
        "Ann Smith",
        "ann@example.org",
        ParticipationMode::InPerson,
        RegistrationStatus::Confirmed,
    )
    .await;
    let id = schedule_ok(&app, &token, json!({
        "eventId": event_gid(&event), "offsetMinutes": 60, "audience": "CONFIRMED", "locale": "en"
    })).await;
    const SEND_NOW: &str = r"mutation($id: ID!) { sendReminderNow(input: { reminderId: $id }) { queued reminder { status } userErrors { code } } }";
    let sent = app
        .gql_ok_as(Some(&token), SEND_NOW, json!({ "id": id }))
        .await;
    assert_eq!(sent["sendReminderNow"]["queued"], 1, "{sent}");
    assert_eq!(sent["sendReminderNow"]["reminder"]["status"], "SENT");
    // Twice: nothing more, and a user error.
    let again = app
        .gql_ok_as(Some(&token), SEND_NOW, json!({ "id": id }))
        .await;
    assert_eq!(
        user_error_codes(&again["sendReminderNow"]),
        vec!["INVALID_STATE"]
    );
    assert_eq!(pass(&app).await, 1);
    let received = smtp.wait_for(1).await;
    let (subject, text, _) = text_of(&received[0].raw);
    assert_eq!(subject, "Reminder: Höstträff");
    assert!(text.contains("Hello Ann Smith"), "{text}");

    // A sendAt after the event is refused; so are offsets out of range.
    let late = schedule(&app, &token, json!({
        "eventId": event_gid(&event), "sendAt": (event.ends_at + Duration::hours(1)).to_rfc3339(), "audience": "CONFIRMED"
    })).await;
    assert_eq!(user_error_codes(&late), vec!["OUT_OF_RANGE"]);
    let negative = schedule(
        &app,
        &token,
        json!({
            "eventId": event_gid(&event), "offsetMinutes": -5, "audience": "CONFIRMED"
        }),
    )
    .await;
    assert_eq!(user_error_codes(&negative), vec!["OUT_OF_RANGE"]);

    // A member of the network is no organiser.
    let member = signed_in_with_role(&app, &network, "medlem@ale.se", NetworkRole::Member).await;
    let refused = app
        .gql_as(
            Some(&member),
            SCHEDULE,
            json!({ "input": {
            "eventId": event_gid(&event), "offsetMinutes": 60, "audience": "CONFIRMED"
        } }),
        )
        .await;
    assert_eq!(crate::helpers::error_code(&refused), "FORBIDDEN");
    let anonymous = app
        .gql_as(
            None,
            SCHEDULE,
            json!({ "input": {
            "eventId": event_gid(&event), "offsetMinutes": 60, "audience": "CONFIRMED"
        } }),
        )
        .await;
    assert_eq!(crate::helpers::error_code(&anonymous), "UNAUTHENTICATED");
    let cancel = app
        .gql_as(Some(&member), r"mutation($id: ID!) { cancelReminder(input: { reminderId: $id }) { reminder { status } userErrors { code } } }", json!({ "id": id }))
        .await;
    assert!(
        cancel["data"]["cancelReminder"]["reminder"].is_null(),
        "{cancel}"
    );
    assert_eq!(
        user_error_codes(&cancel["data"]["cancelReminder"]),
        vec!["NOT_FOUND"]
    );
}

#[tokio::test]
async fn queued_reminders_are_skipped_when_the_event_is_cancelled_or_the_participant_unsubscribes()
{
    let smtp = SmtpServer::start();
    let app = app_for(&smtp).await;
    let (_, event, token) = setup(&app, "sv").await;
    let first = guest(
        &app,
        &event,
        "Ett",
        "ett@ale.se",
        ParticipationMode::InPerson,
        RegistrationStatus::Confirmed,
    )
    .await;
    guest(
        &app,
        &event,
        "Två",
        "tva@ale.se",
        ParticipationMode::InPerson,
        RegistrationStatus::Confirmed,
    )
    .await;
    let id = schedule_ok(
        &app,
        &token,
        json!({
            "eventId": event_gid(&event), "offsetMinutes": 24 * 60, "audience": "CONFIRMED"
        }),
    )
    .await;
    app.state
        .clock
        .advance(Duration::days(9) + Duration::hours(1));
    reminders::run_due(&app.cx().with_public_url("https://traffpunkt.test"))
        .await
        .expect("job");
    // The first unsubscribes through the link of the queued mail.
    let first = registration::Entity::find_by_id(first.id)
        .one(app.db())
        .await
        .expect("q")
        .expect("row");
    let url = app.url(&format!(
        "/reminders/unsubscribe?token={}",
        first.reminder_token.expect("token")
    ));
    assert_eq!(
        reqwest::Client::new()
            .post(&url)
            .send()
            .await
            .expect("post")
            .status(),
        200
    );
    // Then the event is called off.
    app.gql_ok_as(
        Some(&token),
        r"mutation($id: ID!) { cancelEvent(input: { id: $id }) { userErrors { code } } }",
        json!({ "id": event_gid(&event) }),
    )
    .await;
    pass(&app).await;
    let reasons: Vec<Option<String>> = rows_of(&app, &id)
        .await
        .into_iter()
        .map(|r| {
            assert_eq!(r.status, OutboxStatus::Skipped);
            r.last_error
        })
        .collect();
    assert!(
        reasons.contains(&Some("unsubscribed from reminders".to_owned())),
        "{reasons:?}"
    );
    assert!(
        reasons.contains(&Some("event cancelled".to_owned())),
        "{reasons:?}"
    );
    // Only the two cancellation notices went out.
    let subjects: Vec<String> = smtp
        .wait_for(2)
        .await
        .iter()
        .map(|m| text_of(&m.raw).0)
        .collect();
    assert_eq!(subjects, vec!["Inställt: Höstträff", "Inställt: Höstträff"]);
}

const SEND_NOW_OUTCOME: &str = r"mutation($id: ID!) { sendReminderNow(input: { reminderId: $id }) { queued outcome reminder { status } userErrors { code } } }";

/// `sendReminderNow` says what it did: queued mails, found the reminder
/// already sent by a call that came first, or found nobody to send to.
#[tokio::test]
async fn send_now_tells_already_sent_from_nobody_to_send_to() {
    let app = TestApp::spawn().await;
    let (_, event, token) = setup(&app, "sv").await;

    // Nobody registered: sent, to nobody.
    let empty = schedule_ok(
        &app,
        &token,
        json!({
            "eventId": event_gid(&event), "offsetMinutes": 60, "audience": "WAITLISTED"
        }),
    )
    .await;
    let sent = app
        .gql_ok_as(Some(&token), SEND_NOW_OUTCOME, json!({ "id": empty }))
        .await;
    assert_eq!(
        sent["sendReminderNow"],
        json!({ "queued": 0, "outcome": "NO_RECIPIENTS", "reminder": { "status": "SENT" }, "userErrors": [] })
    );

    // A call that came first (its run is committed while this one still
    // saw the reminder scheduled): nothing more, and it says so.
    guest(
        &app,
        &event,
        "Åsa",
        "asa@ale.se",
        ParticipationMode::InPerson,
        RegistrationStatus::Confirmed,
    )
    .await;
    let raced = schedule_ok(
        &app,
        &token,
        json!({
            "eventId": event_gid(&event), "offsetMinutes": 60, "audience": "CONFIRMED"
        }),
    )
    .await;
    let raced_id = <api::ids::ReminderId as GlobalId>::parse(&raced.clone().into()).expect("id");
    entities::reminder_run::ActiveModel {
        reminder_id: Set(raced_id.0),
        event_id: Set(event.id),
        recipients: Set(1),
        created_at: Set(test_now()),
    }
    .insert(app.db())
    .await
    .expect("the other call's run");
    let second = app
        .gql_ok_as(Some(&token), SEND_NOW_OUTCOME, json!({ "id": raced }))
        .await;
    assert_eq!(second["sendReminderNow"]["queued"], 0, "{second}");
    assert_eq!(second["sendReminderNow"]["outcome"], "ALREADY_SENT");
    assert_eq!(second["sendReminderNow"]["userErrors"], json!([]));

    // Two calls at once: one queues, the other queues nothing and says why
    // (ALREADY_SENT when it raced, INVALID_STATE when it came after).
    let both = schedule_ok(
        &app,
        &token,
        json!({
            "eventId": event_gid(&event), "offsetMinutes": 120, "audience": "CONFIRMED"
        }),
    )
    .await;
    let (a, b) = tokio::join!(
        app.gql_ok_as(Some(&token), SEND_NOW_OUTCOME, json!({ "id": both })),
        app.gql_ok_as(Some(&token), SEND_NOW_OUTCOME, json!({ "id": both })),
    );
    let mut answers = [&a["sendReminderNow"], &b["sendReminderNow"]];
    answers.sort_by_key(|p| p["queued"].as_i64() != Some(1));
    assert_eq!(answers[0]["queued"], 1, "{a} {b}");
    assert_eq!(answers[0]["outcome"], "QUEUED");
    assert_eq!(answers[1]["queued"], 0);
    assert!(
        answers[1]["outcome"] == "ALREADY_SENT"
            || user_error_codes(answers[1]) == vec!["INVALID_STATE"],
        "{}",
        answers[1]
    );
    let queued = outbox::Entity::find()
        .filter(outbox::Column::Kind.eq("REMINDER"))
        .all(app.db())
        .await
        .expect("rows");
    assert_eq!(queued.len(), 1, "one mail for one recipient");
}

const NODE: &str = r"query($id: ID!) { node(id: $id) { __typename id ... on Reminder { status } ... on RegistrationQuestion { label } } }";

/// Reminders and registration questions are `Node`s: a reminder for the
/// organisers of its network only (as `Event.reminders`), a question for
/// whoever sees its event.
#[tokio::test]
async fn reminders_and_questions_are_nodes_for_those_who_may_see_them() {
    let app = TestApp::spawn().await;
    let (_, event, token) = setup(&app, "sv").await;
    let other_network = NetworkBuilder::new("Andra nätverket").insert(&app).await;
    let stranger =
        signed_in_with_role(&app, &other_network, "annan@ale.se", NetworkRole::Organiser).await;
    let draft = EventBuilder::new(&network_of(&app, &event).await)
        .title("Utkast")
        .starts_at(test_now() + Duration::days(20))
        .insert(&app)
        .await;
    let reminder = schedule_ok(
        &app,
        &token,
        json!({
            "eventId": event_gid(&event), "offsetMinutes": 60, "audience": "CONFIRMED"
        }),
    )
    .await;
    let mut questions = Vec::new();
    for on in [&event, &draft] {
        let added = app
            .gql_ok_as(
                Some(&token),
                r"mutation($input: AddRegistrationQuestionInput!) { addRegistrationQuestion(input: $input) { question { id } userErrors { code } } }",
                json!({ "input": { "eventId": event_gid(on), "kind": "TEXT", "label": "Kost?" } }),
            )
            .await;
        questions.push(
            added["addRegistrationQuestion"]["question"]["id"]
                .as_str()
                .expect("question")
                .to_owned(),
        );
    }
    let node = |token: Option<String>, id: String| {
        let app = &app;
        async move {
            app.gql_ok_as(token.as_deref(), NODE, json!({ "id": id }))
                .await["node"]
                .clone()
        }
    };

    // The organiser sees all three.
    assert_eq!(
        node(Some(token.clone()), reminder.clone()).await,
        json!({ "__typename": "Reminder", "id": reminder, "status": "SCHEDULED" })
    );
    for question in &questions {
        assert_eq!(
            node(Some(token.clone()), question.clone()).await,
            json!({ "__typename": "RegistrationQuestion", "id": question, "label": "Kost?" })
        );
    }
    // Anonymous callers and another network's organisers: no reminder, the
    // published event's question, not the draft's.
    for viewer in [None, Some(stranger.clone())] {
        assert_eq!(node(viewer.clone(), reminder.clone()).await, Value::Null);
        assert_eq!(
            node(viewer.clone(), questions[0].clone()).await["label"],
            "Kost?"
        );
        assert_eq!(node(viewer, questions[1].clone()).await, Value::Null);
    }
}

async fn network_of(app: &TestApp, event: &event::Model) -> network::Model {
    network::Entity::find_by_id(event.network_id)
        .one(app.db())
        .await
        .expect("query")
        .expect("network")
}

const EVENT_DELIVERIES: &str = r"query($id: ID!) { event(id: $id) { deliveries(first: 10) { id kind status recipientEmail attempts } } }";

/// Every mail has a delivery record: the organisers of the event's network
/// see (and may retry) it, the participant sees their own, nobody else any.
#[tokio::test]
async fn every_mail_is_in_the_delivery_log_and_a_failed_one_can_be_retried() {
    let smtp = SmtpServer::start_with(crate::smtp::SmtpOptions {
        tempfail_once: vec!["kari@ale.se".into()],
        ..Default::default()
    });
    let url = smtp.url();
    let app = TestApp::spawn_with(move |config| {
        config.mail.smtp_url = Some(SecretString::from(url));
        // One refusal and the mail has failed.
        config.mail.mail_max_attempts = 1;
    })
    .await;
    let (_, event, token) = setup(&app, "sv").await;
    let other_network = NetworkBuilder::new("Andra nätverket").insert(&app).await;
    let stranger =
        signed_in_with_role(&app, &other_network, "annan@ale.se", NetworkRole::Organiser).await;
    let participant = app.sign_in("kari@ale.se").await;
    // The sign-in links are not what this test is about.
    outbox::Entity::delete_many()
        .filter(outbox::Column::Kind.eq("SIGN_IN_LINK"))
        .exec(app.db())
        .await
        .expect("clear sign-in mail");
    let registered = app
        .gql_ok_as(
            Some(&participant),
            r"mutation($input: RegisterInput!) { register(input: $input) { registration { id status } userErrors { code } } }",
            json!({ "input": { "eventId": event_gid(&event), "mode": "IN_PERSON", "consent": true } }),
        )
        .await;
    let registration = registered["register"]["registration"]["id"]
        .as_str()
        .expect("registration")
        .to_owned();
    assert_eq!(pass(&app).await, 1);

    // The organiser sees the confirmation, failed after the one attempt.
    let log = app
        .gql_ok_as(
            Some(&token),
            EVENT_DELIVERIES,
            json!({ "id": event_gid(&event) }),
        )
        .await;
    let deliveries = log["event"]["deliveries"].as_array().expect("list").clone();
    assert_eq!(deliveries.len(), 1, "{log}");
    assert_eq!(deliveries[0]["kind"], "REGISTRATION_CONFIRMED");
    assert_eq!(deliveries[0]["status"], "FAILED");
    assert_eq!(deliveries[0]["recipientEmail"], "kari@ale.se");
    let delivery = deliveries[0]["id"].as_str().expect("id").to_owned();
    let failed = app
        .gql_ok_as(
            Some(&token),
            r#"query($id: ID!) { event(id: $id) { deliveries(status: FAILED) { id } sent: deliveries(status: SENT) { id } } }"#,
            json!({ "id": event_gid(&event) }),
        )
        .await;
    assert_eq!(
        failed["event"]["deliveries"].as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(failed["event"]["sent"], json!([]));

    // Another network's organiser and anonymous callers see nothing.
    for viewer in [None, Some(stranger.as_str())] {
        let seen = app
            .gql_ok_as(viewer, EVENT_DELIVERIES, json!({ "id": event_gid(&event) }))
            .await;
        assert_eq!(seen["event"]["deliveries"], json!([]), "{seen}");
    }
    // The participant sees their own registration's mail.
    const REGISTRATION_DELIVERIES: &str =
        r"query($id: ID!) { registration(id: $id) { deliveries { kind recipientEmail } } }";
    let own = app
        .gql_ok_as(
            Some(&participant),
            REGISTRATION_DELIVERIES,
            json!({ "id": registration }),
        )
        .await;
    assert_eq!(
        own["registration"]["deliveries"],
        json!([{ "kind": "REGISTRATION_CONFIRMED", "recipientEmail": "kari@ale.se" }])
    );

    // Retrying: not for others, and then sent.
    const RETRY: &str = r"mutation($id: ID!) { retryDelivery(input: { id: $id }) { delivery { status attempts } userErrors { code } } }";
    let refused = app
        .gql_ok_as(Some(&stranger), RETRY, json!({ "id": delivery }))
        .await;
    assert_eq!(
        user_error_codes(&refused["retryDelivery"]),
        vec!["NOT_FOUND"]
    );
    let retried = app
        .gql_ok_as(Some(&token), RETRY, json!({ "id": delivery }))
        .await;
    assert_eq!(
        retried["retryDelivery"],
        json!({ "delivery": { "status": "PENDING", "attempts": 0 }, "userErrors": [] })
    );
    assert_eq!(pass(&app).await, 1);
    let received = smtp.wait_for(1).await;
    assert_eq!(received[0].rcpt_tos, vec!["kari@ale.se".to_owned()]);
    let again = app
        .gql_ok_as(Some(&token), RETRY, json!({ "id": delivery }))
        .await;
    assert_eq!(
        user_error_codes(&again["retryDelivery"]),
        vec!["INVALID_STATE"]
    );
    let log = app
        .gql_ok_as(
            Some(&token),
            EVENT_DELIVERIES,
            json!({ "id": event_gid(&event) }),
        )
        .await;
    assert_eq!(log["event"]["deliveries"][0]["status"], "SENT");

    // Past the retention the record stays, without the address.
    // (as the worker's purge does after `MAIL_RETENTION_DAYS`)
    mail::outbox::purge_content(app.db(), app.state.clock.now() + Duration::seconds(1), 500)
        .await
        .expect("purge");
    let log = app
        .gql_ok_as(
            Some(&token),
            EVENT_DELIVERIES,
            json!({ "id": event_gid(&event) }),
        )
        .await;
    assert_eq!(log["event"]["deliveries"][0]["recipientEmail"], Value::Null);
    assert_eq!(log["event"]["deliveries"][0]["status"], "SENT");
}
