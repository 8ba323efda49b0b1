//! Mail end to end: enqueue through the real outbox, send with the real worker
//! to a real SMTP server process (aiosmtpd), parse what arrived.

use std::collections::HashSet;
use std::time::Instant;

use api::calendar::{event_uid, ics};
use api::facts::EventFacts;
use api::i18n::Locale;
use api::ids::{EventId, MailId, NetworkId, PersonId, RegistrationId};
use api::mail::outbox::{self, Invitation};
use api::mail::{self, MailKind, Outgoing, Recipient};
use api::service::networks::{self, ContactInput};
use api::service::people::{self, PersonInput};
use chrono::Duration;
use entities::{JoinLinkVisibility, OutboxStatus, event, network};
use mailparse::{MailAddr, MailHeaderMap, ParsedMail};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, TransactionTrait};
use secrecy::SecretString;

use crate::fixtures::{EventBuilder, NetworkBuilder};
use crate::helpers::{TestApp, scratch_dir, test_now};
use crate::smtp::{SmtpOptions, SmtpServer};

async fn app_for(smtp: &SmtpServer) -> TestApp {
    let url = smtp.url();
    TestApp::spawn_with(move |config| config.mail.smtp_url = Some(SecretString::from(url))).await
}

async fn enqueue(app: &TestApp, mail: Outgoing) -> MailId {
    mail::enqueue(&app.state.db, &app.state.clock, mail)
        .await
        .expect("enqueue")
        .expect("a new row")
}

async fn row(app: &TestApp, id: MailId) -> entities::outbox::Model {
    entities::outbox::Entity::find_by_id(id.0)
        .one(&app.state.db)
        .await
        .expect("query")
        .expect("row")
}

/// The claim lease of the test configuration (`MAIL_LEASE_SECONDS`).
fn lease(app: &TestApp) -> Duration {
    Duration::seconds(i64::from(app.state.config.mail.mail_lease_seconds))
}

async fn run_once(app: &TestApp) -> usize {
    app.run_jobs().await
}

fn sign_in(email: &str) -> Outgoing {
    sign_in_to(Recipient::new(email, "Åsa Öberg"))
}

fn sign_in_to(to: Recipient) -> Outgoing {
    Outgoing::new(
        to,
        MailKind::SignInLink {
            name: Some("Åsa Öberg".into()),
            link: "https://traffpunkt.test/sign-in?token=s3cret".into(),
            token: None,
            expires_in_minutes: 15,
        },
    )
}

/// A network with a contact person, and a published hybrid event in it.
async fn network_and_event(app: &TestApp) -> (network::Model, event::Model) {
    let network = NetworkBuilder::new("Göteborgsregionen äldreomsorg")
        .insert(app)
        .await;
    networks::add_contact(
        &app.cx(),
        NetworkId(network.id),
        ContactInput::New(PersonInput {
            name: "Karin Ståhl".into(),
            email: "karin.stahl@goteborgsregionen.se".into(),
            title: None,
            organisation_id: None,
        }),
        Some("Kontaktperson på GR".into()),
        None,
    )
    .await
    .expect("contact");
    let event = EventBuilder::new(&network)
        .title("Höstkonferens på Lindholmen")
        .hybrid(JoinLinkVisibility::Registered)
        .published()
        .insert(app)
        .await;
    (network, event)
}

fn header(mail: &ParsedMail<'_>, name: &str) -> String {
    mail.headers
        .get_first_value(name)
        .unwrap_or_else(|| panic!("no {name} header"))
}

fn raw_header(mail: &ParsedMail<'_>, name: &str) -> Vec<u8> {
    mail.headers
        .get_first_header(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .get_value_raw()
        .to_vec()
}

fn single_address(mail: &ParsedMail<'_>, name: &str) -> (Option<String>, String) {
    let header = mail.headers.get_first_header(name).expect("header");
    match mailparse::addrparse_header(header)
        .expect("address")
        .first()
    {
        Some(MailAddr::Single(info)) => (info.display_name.clone(), info.addr.clone()),
        other => panic!("{name} is not one mailbox: {other:?}"),
    }
}

#[tokio::test]
async fn a_confirmation_arrives_with_encoded_headers_parts_and_invitation() {
    let smtp = SmtpServer::start();
    let app = app_for(&smtp).await;
    let (network, event) = network_and_event(&app).await;
    let invitation = Invitation::new(
        ics::Method::Request,
        ics::Event::new(
            event_uid(EventId(event.id)),
            event.title.clone(),
            event.starts_at,
            event.ends_at,
            event.time_zone.clone(),
            test_now(),
        ),
    );
    let kind = MailKind::RegistrationConfirmed {
        name: "Åsa Öberg".into(),
        event: EventFacts::from_event(&event, true, true),
        manage_link: Some("https://traffpunkt.test/r/abc".into()),
    };
    // Enqueued in a transaction, like the registration that causes it.
    let txn = app.state.db.begin().await.expect("begin");
    let id = mail::enqueue(
        &txn,
        &app.state.clock,
        Outgoing::new(Recipient::new("asa.oberg@ale.se", "Åsa Öberg"), kind)
            .network(NetworkId(network.id))
            .event(EventId(event.id))
            .invitation(invitation),
    )
    .await
    .expect("enqueue")
    .expect("row");
    txn.commit().await.expect("commit");

    assert_eq!(run_once(&app).await, 1);
    let received = smtp.wait_for(1).await;
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].rcpt_tos, vec!["asa.oberg@ale.se"]);
    assert_eq!(received[0].mail_from, "noreply@traffpunkt.test");
    let parsed = mailparse::parse_mail(&received[0].raw).expect("parses");

    // Subject and From display name: å ä ö survive, encoded as RFC 2047 words.
    assert_eq!(
        header(&parsed, "Subject"),
        "Anmälan bekräftad: Höstkonferens på Lindholmen"
    );
    let raw_subject = raw_header(&parsed, "Subject");
    assert!(raw_subject.is_ascii(), "encoded: {raw_subject:?}");
    assert!(String::from_utf8_lossy(&raw_subject).contains("=?utf-8?"));
    assert_eq!(
        single_address(&parsed, "From"),
        (
            Some("Göteborgsregionen äldreomsorg".to_owned()),
            "noreply@traffpunkt.test".to_owned()
        )
    );
    assert!(raw_header(&parsed, "From").is_ascii());
    assert_eq!(
        single_address(&parsed, "To"),
        (Some("Åsa Öberg".to_owned()), "asa.oberg@ale.se".to_owned())
    );
    // Replies go to the network's contact person.
    assert_eq!(
        single_address(&parsed, "Reply-To").1,
        "karin.stahl@goteborgsregionen.se"
    );
    assert_eq!(
        header(&parsed, "Message-ID"),
        format!("<{}@traffpunkt.test>", id.0.simple())
    );
    assert!(parsed.headers.get_first_value("Date").is_some());
    assert!(parsed.headers.get_first_value("List-Unsubscribe").is_none());

    // multipart/mixed: the alternative text and HTML, then the invitation.
    assert_eq!(parsed.ctype.mimetype, "multipart/mixed");
    let alternative = &parsed.subparts[0];
    assert_eq!(alternative.ctype.mimetype, "multipart/alternative");
    assert_eq!(alternative.subparts[0].ctype.mimetype, "text/plain");
    assert_eq!(alternative.subparts[1].ctype.mimetype, "text/html");
    let text = alternative.subparts[0].get_body().expect("text");
    assert!(text.contains("Hej Åsa Öberg!"), "{text}");
    assert!(
        text.contains("Fontänhuset Helsingborg, Norra Strandgatan 8"),
        "{text}"
    );
    assert!(text.contains("https://helsingborg.webex.com/meet/utveckling"));
    assert!(
        text.contains("Göteborgsregionen äldreomsorg"),
        "signed by the network"
    );
    let html = alternative.subparts[1].get_body().expect("html");
    assert!(html.contains("<html lang=\"sv\">"));
    assert!(html.contains("href=\"https://traffpunkt.test/r/abc\""));

    let calendar = &parsed.subparts[1];
    assert_eq!(calendar.ctype.mimetype, "text/calendar");
    assert_eq!(
        calendar.ctype.params.get("method").map(String::as_str),
        Some("REQUEST")
    );
    let disposition = calendar.get_content_disposition();
    assert_eq!(
        disposition.disposition,
        mailparse::DispositionType::Attachment
    );
    assert_eq!(
        disposition.params.get("filename").map(String::as_str),
        Some("invite.ics")
    );
    let ics_text = calendar.get_body().expect("ics");
    let parsed_ics = ical::IcalParser::new(ics_text.as_bytes())
        .next()
        .expect("a calendar")
        .expect("valid iCalendar");
    let prop = |props: &[ical::property::Property], name: &str| {
        props
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_default()
    };
    assert_eq!(prop(&parsed_ics.properties, "METHOD"), "REQUEST");
    assert_eq!(parsed_ics.events.len(), 1);
    assert_eq!(
        prop(&parsed_ics.events[0].properties, "UID"),
        format!("{}@traffpunkt", event.id)
    );
    assert_eq!(
        prop(&parsed_ics.events[0].properties, "SUMMARY"),
        "Höstkonferens på Lindholmen"
    );

    let stored = row(&app, id).await;
    assert_eq!(stored.status, OutboxStatus::Sent);
    assert_eq!(stored.attempts, 1);
    assert_eq!(stored.sent_at, Some(test_now()));
    assert_eq!(stored.claimed_by, None);
    assert_eq!(stored.kind, "REGISTRATION_CONFIRMED");
    assert_eq!(run_once(&app).await, 0, "sent once");
}

#[tokio::test]
async fn a_rolled_back_action_sends_nothing_and_dedupe_keys_send_once() {
    let smtp = SmtpServer::start();
    let app = app_for(&smtp).await;
    let txn = app.state.db.begin().await.expect("begin");
    mail::enqueue(&txn, &app.state.clock, sign_in("a@ale.se"))
        .await
        .expect("enqueue");
    txn.rollback().await.expect("rollback");
    assert_eq!(
        outbox::count(&app.state.db, OutboxStatus::Pending)
            .await
            .expect("count"),
        0
    );

    let first = mail::enqueue(
        &app.state.db,
        &app.state.clock,
        sign_in("a@ale.se").dedupe_key("k1"),
    )
    .await
    .expect("enqueue");
    let second = mail::enqueue(
        &app.state.db,
        &app.state.clock,
        sign_in("a@ale.se").dedupe_key("k1"),
    )
    .await
    .expect("enqueue");
    assert!(first.is_some());
    assert_eq!(second, None, "the same key is stored once");
    assert_eq!(run_once(&app).await, 1);
    assert_eq!(smtp.wait_for(1).await.len(), 1);
}

#[tokio::test]
async fn reminder_mail_has_one_click_unsubscribe_and_the_persons_language() {
    let smtp = SmtpServer::start();
    let app = app_for(&smtp).await;
    let (network, event) = network_and_event(&app).await;
    let kind = MailKind::Reminder {
        name: "Ola Nordmann".into(),
        event: EventFacts::from_event(&event, false, true),
        manage_link: None,
        unsubscribe_link: Some("https://traffpunkt.test/unsubscribe/t0k".into()),
        custom: None,
    };
    let id = enqueue(
        &app,
        Outgoing::new(
            Recipient::new("ola@tromso.kommune.no", "Ola Nordmann"),
            kind,
        )
        .network(NetworkId(network.id))
        .locale(Locale::Nb),
    )
    .await;
    assert_eq!(run_once(&app).await, 1);
    let received = smtp.wait_for(1).await;
    let parsed = mailparse::parse_mail(&received[0].raw).expect("parses");
    assert_eq!(
        header(&parsed, "List-Unsubscribe"),
        "<https://traffpunkt.test/unsubscribe/t0k>"
    );
    assert_eq!(
        header(&parsed, "List-Unsubscribe-Post"),
        "List-Unsubscribe=One-Click"
    );
    assert_eq!(
        header(&parsed, "Subject"),
        "Påminnelse: Höstkonferens på Lindholmen"
    );
    let text = parsed.subparts[0].get_body().expect("text");
    assert!(text.starts_with("Hei Ola Nordmann!"), "{text}");
    assert!(
        text.contains("kl. 10.00–12.00 (CEST)"),
        "Norwegian times: {text}"
    );
    assert!(
        !text.contains("Norra Strandgatan"),
        "online participants get no address"
    );
    assert_eq!(row(&app, id).await.locale, "nb");
}

#[tokio::test]
async fn the_language_is_the_persons_else_the_networks_else_swedish() {
    let app = TestApp::spawn().await;
    let norwegian = NetworkBuilder::new("Senteret for et aldersvennlig Norge")
        .locale("nb")
        .insert(&app)
        .await;
    let person = people::find_or_create(
        &app.cx(),
        "person",
        PersonInput {
            name: "Kari Nordmann".into(),
            email: "kari@bodo.kommune.no".into(),
            title: None,
            organisation_id: None,
        },
    )
    .await
    .expect("person");
    let to = || Recipient::new("kari@bodo.kommune.no", "Kari").person(PersonId(person.id));

    let from_network = enqueue(&app, sign_in_to(to()).network(NetworkId(norwegian.id))).await;
    let stored = row(&app, from_network).await;
    assert_eq!(stored.locale, "nb");
    assert_eq!(stored.subject, "Din innloggingslenke til Träffpunkt");
    assert_eq!(
        stored.from_name.as_deref(),
        Some("Senteret for et aldersvennlig Norge")
    );
    assert_eq!(
        stored.reply_to, None,
        "no contact person: MAIL_REPLY_TO applies"
    );

    let mut preference: entities::person::ActiveModel = person.clone().into();
    preference.locale = Set(Some("en-GB".into()));
    preference.update(&app.state.db).await.expect("update");
    let own = enqueue(&app, sign_in_to(to()).network(NetworkId(norwegian.id))).await;
    assert_eq!(row(&app, own).await.locale, "en");

    let nothing = enqueue(&app, sign_in("someone@ale.se")).await;
    assert_eq!(row(&app, nothing).await.locale, "sv");
}

/// A registration row as the registration issue will write it (there is no
/// registration service yet).
async fn registration(app: &TestApp, event: &event::Model) -> entities::registration::Model {
    let id = uuid::Uuid::now_v7();
    entities::registration::ActiveModel {
        id: Set(id),
        event_id: Set(event.id),
        person_id: Set(None),
        organisation_id: Set(None),
        guest_name: Set(Some("Gäst".into())),
        guest_email: Set(Some(format!("gast-{}@ale.se", id.simple()))),
        mode: Set(entities::ParticipationMode::InPerson),
        status: Set(entities::RegistrationStatus::Confirmed),
        waitlist_position: Set(None),
        answers: Set(serde_json::json!({})),
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
    .insert(&app.state.db)
    .await
    .expect("registration")
}

#[tokio::test]
async fn a_cancelled_registration_does_not_get_its_reminder() {
    let smtp = SmtpServer::start();
    let app = app_for(&smtp).await;
    let (_, event) = network_and_event(&app).await;
    let reminder = |registration: &entities::registration::Model| {
        Outgoing::new(
            Recipient::new("gast@ale.se", "Gäst"),
            MailKind::Reminder {
                name: "Gäst".into(),
                event: EventFacts::from_event(&event, true, false),
                manage_link: None,
                unsubscribe_link: None,
                custom: None,
            },
        )
        .event(EventId(event.id))
        .registration(RegistrationId(registration.id))
    };
    // Cancelled after the reminder was queued, before it went out: the worker
    // checks just before sending.
    let late = registration(&app, &event).await;
    let late_mail = enqueue(&app, reminder(&late)).await;
    let mut cancelled: entities::registration::ActiveModel = late.clone().into();
    cancelled.status = Set(entities::RegistrationStatus::Cancelled);
    cancelled.update(&app.state.db).await.expect("cancel");
    // Cancelled through the service that will call this in its transaction.
    let early = registration(&app, &event).await;
    let early_mail = enqueue(&app, reminder(&early)).await;
    let skipped =
        outbox::skip_pending_for_registration(&app.state.db, RegistrationId(early.id), test_now())
            .await
            .expect("skip");
    assert_eq!(skipped, 1);
    // Still active: sent.
    let active = registration(&app, &event).await;
    let active_mail = enqueue(&app, reminder(&active)).await;

    assert_eq!(run_once(&app).await, 2);
    for id in [late_mail, early_mail] {
        let stored = row(&app, id).await;
        assert_eq!(stored.status, OutboxStatus::Skipped);
        assert_eq!(stored.attempts, 0);
        assert_eq!(stored.last_error.as_deref(), Some("registration cancelled"));
    }
    assert_eq!(row(&app, active_mail).await.status, OutboxStatus::Sent);
    assert_eq!(smtp.wait_for(1).await.len(), 1);
}

#[tokio::test]
async fn a_rejected_recipient_fails_at_once_and_does_not_stop_the_others() {
    let smtp = SmtpServer::start_with(SmtpOptions {
        reject: vec!["nobody@ale.se".into()],
        ..SmtpOptions::default()
    });
    let app = app_for(&smtp).await;
    let rejected = enqueue(&app, sign_in("nobody@ale.se")).await;
    let accepted = enqueue(&app, sign_in("someone@ale.se")).await;
    assert_eq!(run_once(&app).await, 2);

    let failed = row(&app, rejected).await;
    assert_eq!(failed.status, OutboxStatus::Failed);
    assert_eq!(failed.attempts, 1);
    let error = failed.last_error.expect("error recorded");
    assert!(error.contains("550"), "{error}");
    assert_eq!(failed.body_text, "", "a sign-in link is wiped once done");
    assert_eq!(row(&app, accepted).await.status, OutboxStatus::Sent);

    // Permanent: never retried.
    app.state.clock.advance(Duration::days(1));
    assert_eq!(run_once(&app).await, 0);
    let received = smtp.wait_for(1).await;
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].rcpt_tos, vec!["someone@ale.se"]);
}

#[tokio::test]
async fn a_temporary_failure_is_retried_with_backoff_then_sent() {
    let smtp = SmtpServer::start_with(SmtpOptions {
        tempfail_once: vec!["busy@ale.se".into()],
        ..SmtpOptions::default()
    });
    let app = app_for(&smtp).await;
    let id = enqueue(&app, sign_in("busy@ale.se")).await;
    assert_eq!(run_once(&app).await, 1);

    let waiting = row(&app, id).await;
    assert_eq!(waiting.status, OutboxStatus::Pending);
    assert_eq!(waiting.attempts, 1);
    assert!(
        waiting
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("451"))
    );
    let delay = waiting.next_attempt_at - test_now();
    assert!(
        delay >= Duration::seconds(15) && delay <= Duration::seconds(30),
        "first retry after 15–30 s, got {delay}"
    );
    assert_eq!(run_once(&app).await, 0, "not due yet");

    app.state.clock.set(waiting.next_attempt_at);
    assert_eq!(run_once(&app).await, 1);
    let sent = row(&app, id).await;
    assert_eq!(sent.status, OutboxStatus::Sent);
    assert_eq!(sent.attempts, 2);
    assert_eq!(sent.last_error, None);
    assert_eq!(smtp.wait_for(1).await.len(), 1);
}

#[tokio::test]
async fn transient_failures_give_up_after_the_last_attempt() {
    // Nothing listens on this port: every attempt is a connection error.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!(
        "smtp://127.0.0.1:{}",
        closed.local_addr().expect("addr").port()
    );
    drop(closed);
    let app = TestApp::spawn_with(move |config| {
        config.mail.smtp_url = Some(SecretString::from(url));
        config.mail.mail_max_attempts = 3;
    })
    .await;
    let id = enqueue(&app, sign_in("a@ale.se")).await;
    for attempt in 1..=3 {
        assert_eq!(run_once(&app).await, 1, "attempt {attempt}");
        app.state.clock.advance(Duration::hours(2));
    }
    let failed = row(&app, id).await;
    assert_eq!(failed.status, OutboxStatus::Failed);
    assert_eq!(failed.attempts, 3);
    assert!(
        failed
            .last_error
            .as_deref()
            .is_some_and(|e| e.starts_with("gave up after 3 attempts"))
    );
    assert_eq!(run_once(&app).await, 0);
}

#[tokio::test]
async fn a_connection_dropped_mid_data_is_retried_and_delivered_once() {
    let smtp = SmtpServer::start_with(SmtpOptions {
        drop_once: vec!["flaky@ale.se".into()],
        ..SmtpOptions::default()
    });
    let app = app_for(&smtp).await;
    let id = enqueue(&app, sign_in("flaky@ale.se")).await;
    assert_eq!(run_once(&app).await, 1);
    let waiting = row(&app, id).await;
    assert_eq!(
        waiting.status,
        OutboxStatus::Pending,
        "{:?}",
        waiting.last_error
    );
    assert_eq!(waiting.attempts, 1);
    assert!(smtp.received().is_empty());

    app.state.clock.set(waiting.next_attempt_at);
    assert_eq!(run_once(&app).await, 1);
    assert_eq!(row(&app, id).await.status, OutboxStatus::Sent);
    assert_eq!(smtp.wait_for(1).await.len(), 1);
}

#[tokio::test]
async fn a_non_ascii_domain_reaches_a_server_without_smtputf8_as_punycode() {
    let smtp = SmtpServer::start_with(SmtpOptions {
        no_smtputf8: true,
        ..SmtpOptions::default()
    });
    let app = app_for(&smtp).await;
    let id = enqueue(&app, sign_in("ase@tromsø.kommune.no")).await;
    // A non-ASCII local part cannot be fixed by encoding: permanent, no retry loop.
    let local = enqueue(&app, sign_in("åsa@tromso.kommune.no")).await;
    assert_eq!(run_once(&app).await, 2);

    assert_eq!(row(&app, id).await.status, OutboxStatus::Sent);
    let received = smtp.wait_for(1).await;
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].rcpt_tos, vec!["ase@xn--troms-zua.kommune.no"]);
    assert!(!received[0].smtputf8);
    let parsed = mailparse::parse_mail(&received[0].raw).expect("parses");
    assert_eq!(
        single_address(&parsed, "To").1,
        "ase@xn--troms-zua.kommune.no"
    );

    let refused = row(&app, local).await;
    assert_eq!(refused.status, OutboxStatus::Failed);
    assert_eq!(refused.attempts, 1);
    assert!(
        refused
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("SMTPUTF8"))
    );
}

#[tokio::test]
async fn a_worker_killed_between_claim_and_send_loses_nothing_and_sends_once() {
    let smtp = SmtpServer::start();
    let app = app_for(&smtp).await;
    let mut ids = Vec::new();
    for i in 0..3 {
        ids.push(enqueue(&app, sign_in(&format!("p{i}@ale.se"))).await);
    }
    // A worker claims the rows and "dies" before sending them.
    let claimed = outbox::claim(&app.state.db, "dead-worker", test_now(), lease(&app), 10)
        .await
        .expect("claim");
    assert_eq!(claimed.len(), 3);

    // While the lease holds, nobody else sends them.
    assert_eq!(run_once(&app).await, 0);
    app.state.clock.advance(lease(&app) - Duration::seconds(1));
    assert_eq!(run_once(&app).await, 0);
    assert!(smtp.received().is_empty());

    // After it, another worker does, exactly once.
    app.state.clock.advance(Duration::seconds(1));
    let survivor = app.jobs_with_id("survivor");
    assert_eq!(survivor.run_once().await.expect("pass"), 3);
    assert_eq!(run_once(&app).await, 0);
    let received = smtp.wait_for(3).await;
    assert_eq!(received.len(), 3);
    for id in ids {
        assert_eq!(row(&app, id).await.status, OutboxStatus::Sent);
    }
    // The dead worker's late write changes nothing.
    let late = outbox::finish(
        &app.state.db,
        &claimed[0],
        "dead-worker",
        app.state.clock.now(),
        outbox::Outcome::Failed {
            error: "late".into(),
        },
    )
    .await
    .expect("finish");
    assert!(!late);
    assert_eq!(
        row(&app, MailId(claimed[0].id)).await.status,
        OutboxStatus::Sent
    );
}

/// With the default lease a dead worker's mails go out within a minute of its
/// death; a live worker that renews its claims keeps them however long it
/// works, and its mails are sent once.
#[tokio::test]
async fn a_dead_workers_claim_is_taken_over_after_a_minute_a_renewed_one_is_not() {
    let smtp = SmtpServer::start();
    let app = app_for(&smtp).await;
    assert_eq!(lease(&app), Duration::seconds(60), "the default lease");
    let dead_mail = enqueue(&app, sign_in("dead@ale.se")).await;
    let dead = outbox::claim(&app.state.db, "dead", test_now(), lease(&app), 10)
        .await
        .expect("claim");
    assert_eq!(dead.len(), 1);
    let live_mail = enqueue(&app, sign_in("live@ale.se")).await;
    let live = app.jobs_with_id("live");
    let claimed = outbox::claim(&app.state.db, "live", test_now(), live.mail().lease(), 10)
        .await
        .expect("claim");
    assert_eq!(claimed.len(), 1);

    // The live worker renews every 20 s (its own pace), the dead one never.
    let survivor = app.jobs_with_id("survivor");
    for _ in 0..2 {
        app.state.clock.advance(Duration::seconds(20));
        assert_eq!(live.mail().renew_claims().await.expect("renew"), 1);
        assert_eq!(survivor.run_once().await.expect("pass"), 0);
    }
    assert!(
        smtp.received().is_empty(),
        "nothing sent under a live claim"
    );

    // A minute after the dead worker's claim, its mail is sent by another;
    // the live worker's renewed claim (until 100 s) still holds.
    app.state.clock.advance(Duration::seconds(20));
    assert_eq!(live.mail().renew_claims().await.expect("renew"), 1);
    assert_eq!(survivor.run_once().await.expect("pass"), 1);
    assert_eq!(row(&app, dead_mail).await.status, OutboxStatus::Sent);
    let held = row(&app, live_mail).await;
    assert_eq!(held.status, OutboxStatus::Pending);
    assert_eq!(held.claimed_by.as_deref(), Some("live"));
    assert_eq!(
        held.claimed_until,
        Some(test_now() + Duration::seconds(120))
    );
    let received = smtp.wait_for(1).await;
    assert_eq!(received[0].rcpt_tos, vec!["dead@ale.se".to_owned()]);

    // A claim that ran out is not revived by a late renewal: the row may
    // be another worker's by then.
    let dead_again = enqueue(&app, sign_in("late@ale.se")).await;
    outbox::claim(
        &app.state.db,
        "dead",
        app.state.clock.now(),
        lease(&app),
        10,
    )
    .await
    .expect("claim");
    app.state.clock.advance(Duration::seconds(61));
    let late = app.jobs_with_id("dead");
    // (the live worker stopped renewing too: both are due now)
    assert_eq!(late.mail().renew_claims().await.expect("renew"), 0);
    assert_eq!(survivor.run_once().await.expect("pass"), 2);
    assert_eq!(row(&app, dead_again).await.status, OutboxStatus::Sent);
    assert_eq!(row(&app, live_mail).await.status, OutboxStatus::Sent);
    assert_eq!(smtp.wait_for(3).await.len(), 3, "each mail once");
}

/// `MAIL_RETRY_BASE_SECONDS` sets the first retry delay.
#[tokio::test]
async fn the_retry_delay_is_configurable() {
    let smtp = SmtpServer::start_with(SmtpOptions {
        tempfail_once: vec!["busy@ale.se".into()],
        ..SmtpOptions::default()
    });
    let url = smtp.url();
    let app = TestApp::spawn_with(move |config| {
        config.mail.smtp_url = Some(SecretString::from(url));
        config.mail.mail_retry_base_seconds = 4;
    })
    .await;
    let id = enqueue(&app, sign_in("busy@ale.se")).await;
    assert_eq!(run_once(&app).await, 1);
    let waiting = row(&app, id).await;
    let delay = waiting.next_attempt_at - test_now();
    assert!(
        delay >= Duration::seconds(2) && delay <= Duration::seconds(4),
        "first retry after 2–4 s, got {delay}"
    );
    app.state.clock.advance(Duration::seconds(4));
    assert_eq!(run_once(&app).await, 1);
    assert_eq!(row(&app, id).await.status, OutboxStatus::Sent);
}

#[tokio::test]
async fn expired_links_and_cancelled_claims_are_handled() {
    let smtp = SmtpServer::start();
    let app = app_for(&smtp).await;
    let expired = enqueue(
        &app,
        sign_in("late@ale.se").not_after(test_now() + Duration::minutes(15)),
    )
    .await;
    let later = enqueue(
        &app,
        sign_in("later@ale.se").send_at(test_now() + Duration::hours(1)),
    )
    .await;
    app.state.clock.advance(Duration::minutes(16));
    assert_eq!(run_once(&app).await, 1);
    let skipped = row(&app, expired).await;
    assert_eq!(skipped.status, OutboxStatus::Skipped);
    assert_eq!(skipped.attempts, 0);
    assert_eq!(skipped.body_html, "", "the link is wiped");
    assert_eq!(
        row(&app, later).await.status,
        OutboxStatus::Pending,
        "not due yet"
    );

    // A worker that stops gives its claims back at once.
    app.state.clock.advance(Duration::hours(1));
    outbox::claim(
        &app.state.db,
        "stopping",
        app.state.clock.now(),
        lease(&app),
        10,
    )
    .await
    .expect("claim");
    assert_eq!(
        outbox::release(&app.state.db, "stopping")
            .await
            .expect("release"),
        1
    );
    assert_eq!(run_once(&app).await, 1);
    assert!(smtp.received().len() == 1);
}

/// Two workers drain one queue of 1,000 mails concurrently; every mail goes
/// out exactly once. On PostgreSQL the claims skip each other's locked rows
/// (`FOR UPDATE SKIP LOCKED`); on SQLite the claim is one write statement, so
/// the database's single write lock is what keeps them apart.
#[tokio::test]
async fn two_workers_send_every_mail_exactly_once() {
    let smtp = SmtpServer::start();
    let app = app_for(&smtp).await;
    let postgres = api::db::is_postgres(&app.state.db);
    let total: u32 = 1000;
    let txn = app.state.db.begin().await.expect("begin");
    for i in 0..total {
        mail::enqueue(
            &txn,
            &app.state.clock,
            sign_in(&format!("deltagare{i}@kommun.se")),
        )
        .await
        .expect("enqueue")
        .expect("row");
    }
    txn.commit().await.expect("commit");

    let a = app.jobs_with_id("worker-a");
    let b = app.jobs_with_id("worker-b");
    let started = Instant::now();
    let (sent_a, sent_b) = tokio::join!(a.run_once(), b.run_once());
    let elapsed = started.elapsed();
    let (sent_a, sent_b) = (sent_a.expect("worker a"), sent_b.expect("worker b"));
    eprintln!(
        "two workers sent {total} mails in {:.2} s ({:.0} mails/s; a {sent_a}, b {sent_b}) on {}",
        elapsed.as_secs_f64(),
        f64::from(total) / elapsed.as_secs_f64(),
        if postgres { "PostgreSQL" } else { "SQLite" },
    );
    assert_eq!(sent_a + sent_b, total as usize);
    assert!(
        sent_a > 0 && sent_b > 0,
        "both workers took part: {sent_a} + {sent_b}"
    );

    let received = smtp.wait_for(total as usize).await;
    assert_eq!(received.len(), total as usize, "exactly one mail each");
    let recipients: HashSet<String> = received.iter().flat_map(|r| r.rcpt_tos.clone()).collect();
    assert_eq!(recipients.len(), total as usize, "no recipient twice");
    assert_eq!(
        outbox::count(&app.state.db, OutboxStatus::Sent)
            .await
            .expect("count"),
        u64::from(total)
    );
}

#[tokio::test]
async fn without_smtp_mail_is_written_as_readable_eml_files() {
    let data_dir = scratch_dir().join(format!("data-{}", uuid::Uuid::new_v4().simple()));
    let dir = data_dir.clone();
    let app = TestApp::spawn_with(move |config| config.data_dir = dir).await;
    let (network, event) = network_and_event(&app).await;
    enqueue(
        &app,
        Outgoing::new(
            Recipient::new("anna@lerum.se", "Anna Lindqvist"),
            MailKind::EventCancelled {
                name: "Anna Lindqvist".into(),
                event: EventFacts::from_event(&event, true, false),
                reason: Some("Lokalen är inte tillgänglig.".into()),
            },
        )
        .network(NetworkId(network.id))
        .locale(Locale::En),
    )
    .await;
    assert_eq!(run_once(&app).await, 1);
    let files: Vec<_> = std::fs::read_dir(data_dir.join("mail"))
        .expect("mail dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].extension().and_then(|e| e.to_str()), Some("eml"));
    let raw = std::fs::read(&files[0]).expect("read");
    let parsed = mailparse::parse_mail(&raw).expect("parses");
    assert_eq!(
        header(&parsed, "Subject"),
        "Cancelled: Höstkonferens på Lindholmen"
    );
    let text = parsed.subparts[0].get_body().expect("text");
    assert!(text.contains("Lokalen är inte tillgänglig."), "{text}");
    let _ = std::fs::remove_dir_all(&data_dir);
}

#[tokio::test]
async fn the_worker_in_serve_sends_by_itself() {
    let smtp = SmtpServer::start();
    let url = smtp.url();
    let app = TestApp::spawn_with(move |config| {
        config.mail.smtp_url = Some(SecretString::from(url));
        config.mail.worker = true;
    })
    .await;
    enqueue(&app, sign_in("a@ale.se")).await;
    // No run_once: the server's own worker picks it up on its next poll.
    assert_eq!(smtp.wait_for(1).await.len(), 1);
}
