//! Invitations that follow the event (issue 13, item 5): every change of
//! time, place, link or status reaches a participant's calendar as an
//! `invite.ics` with the feeds' UID and a higher SEQUENCE; every invitation
//! has an ORGANIZER and names its recipient (only them) as ATTENDEE;
//! reminders carry the invitation as the event is now. Mail goes through
//! the real worker to a real SMTP server; invitations are read with the
//! `ical` crate and Python's `icalendar`.

use entities::{JoinLinkVisibility, NetworkRole, event, network, outbox};
use mailparse::{MailHeaderMap, ParsedMail};
use sea_orm::{EntityTrait, QueryOrder};
use secrecy::SecretString;
use serde_json::{Value, json};

use crate::feeds::{by_uid, feed, ical, python, value};
use crate::fixtures::{
    EventBuilder, NetworkBuilder, accepted_contact, contact, event_gid, signed_in_with_role,
};
use crate::helpers::{TestApp, at};
use crate::smtp::SmtpServer;

const REGISTER: &str = "mutation($input: RegisterInput!) { register(input: $input) {
    registration { id status } userErrors { field code message } } }";

async fn app_with(smtp: &SmtpServer, organizer: Option<&str>) -> TestApp {
    let url = smtp.url();
    let organizer = organizer.map(str::to_owned);
    TestApp::spawn_with(move |config| {
        config.mail.smtp_url = Some(SecretString::from(url));
        config.mail.mail_organizer = organizer;
    })
    .await
}

/// A published hybrid event ten days ahead, 10:00–12:00 Stockholm time.
async fn event_in(app: &TestApp, network: &network::Model) -> event::Model {
    EventBuilder::new(network)
        .title("Höstträff om välfärdsteknik")
        .times(at("2026-09-11T08:00:00Z"), at("2026-09-11T10:00:00Z"))
        .hybrid(JoinLinkVisibility::Registered)
        .published()
        .insert(app)
        .await
}

async fn register(app: &TestApp, event: &event::Model, name: &str, email: &str, mode: &str) {
    let vars = json!({ "input": { "eventId": event_gid(event), "mode": mode, "consent": true,
        "guest": { "name": name, "email": email } } });
    let payload = app.gql_ok_as(None, REGISTER, vars).await["register"].clone();
    assert_eq!(payload["userErrors"], json!([]), "{payload}");
    assert_eq!(payload["registration"]["status"], "CONFIRMED", "{payload}");
}

async fn pass(app: &TestApp) -> usize {
    app.run_jobs().await
}

/// One received mail's subject, recipient and invitation (if any).
pub(crate) struct Mail {
    pub(crate) to: String,
    pub(crate) subject: String,
    /// The `method` parameter of the `text/calendar` part.
    pub(crate) content_method: Option<String>,
    pub(crate) ics: Option<String>,
    /// The `text/plain` part.
    pub(crate) text: String,
}

pub(crate) fn read(raw: &[u8], to: &[String]) -> Mail {
    fn calendar<'a>(part: &'a ParsedMail<'a>) -> Option<&'a ParsedMail<'a>> {
        if part.ctype.mimetype == "text/calendar" {
            return Some(part);
        }
        part.subparts.iter().find_map(calendar)
    }
    fn plain<'a>(part: &'a ParsedMail<'a>) -> Option<&'a ParsedMail<'a>> {
        if part.ctype.mimetype == "text/plain" {
            return Some(part);
        }
        part.subparts.iter().find_map(plain)
    }
    let parsed = mailparse::parse_mail(raw).expect("parses");
    let part = calendar(&parsed);
    Mail {
        to: to.join(","),
        subject: parsed
            .headers
            .get_first_value("Subject")
            .unwrap_or_default(),
        content_method: part.and_then(|p| p.ctype.params.get("method").cloned()),
        ics: part.map(|p| p.get_body().expect("ics body")),
        text: plain(&parsed)
            .map(|p| p.get_body().expect("text body"))
            .unwrap_or_default(),
    }
}

/// Runs the worker and waits until `total` mails arrived; returns the new ones.
async fn deliver(app: &TestApp, smtp: &SmtpServer, seen: &mut usize, total: usize) -> Vec<Mail> {
    pass(app).await;
    let received = smtp.wait_for(total).await;
    assert_eq!(received.len(), total, "exactly {total} mails");
    let new = received[*seen..]
        .iter()
        .map(|r| read(&r.raw, &r.rcpt_tos))
        .collect();
    *seen = total;
    new
}

/// The single VEVENT of an invitation, in the `ical` crate's reading, with
/// the calendar's METHOD.
struct Invite {
    method: String,
    event: ical::parser::ical::component::IcalEvent,
}

impl Invite {
    fn of(mail: &Mail) -> Self {
        let text = mail
            .ics
            .as_deref()
            .unwrap_or_else(|| panic!("{} to {} has no invitation", mail.subject, mail.to));
        let calendar = ical(text);
        assert_eq!(calendar.events.len(), 1, "{text}");
        let method = value(&calendar.properties, "METHOD")
            .expect("METHOD")
            .to_owned();
        assert_eq!(
            mail.content_method.as_deref(),
            Some(method.as_str()),
            "the MIME part says the same method"
        );
        Self {
            method,
            event: calendar.events.into_iter().next().expect("one"),
        }
    }

    fn get(&self, name: &str) -> &str {
        value(&self.event.properties, name).unwrap_or_else(|| panic!("no {name}"))
    }

    fn has(&self, name: &str) -> bool {
        value(&self.event.properties, name).is_some()
    }

    fn sequence(&self) -> i64 {
        self.get("SEQUENCE").parse().expect("a number")
    }

    /// A parameter of a property (the first value).
    fn param(&self, name: &str, param: &str) -> Option<String> {
        let property = self.event.properties.iter().find(|p| p.name == name)?;
        property
            .params
            .as_ref()?
            .iter()
            .find(|(key, _)| key == param)
            .and_then(|(_, values)| values.first().cloned())
    }
}

/// The text with folded lines joined back.
fn unfolded(ics: &str) -> String {
    ics.replace("\r\n ", "").replace("\r\n\t", "")
}

async fn sequence_of(app: &TestApp, event: &event::Model) -> i64 {
    let data = app
        .gql_ok(
            "query($id: ID!) { event(id: $id) { sequence } }",
            json!({ "id": event_gid(event) }),
        )
        .await;
    data["event"]["sequence"].as_i64().expect("sequence")
}

async fn update(app: &TestApp, event: &event::Model, changes: Value) {
    let mut input = changes;
    input["id"] = json!(event_gid(event));
    let data = app
        .gql_ok(
            "mutation($input: UpdateEventInput!) { updateEvent(input: $input) { userErrors { field code message } } }",
            json!({ "input": input }),
        )
        .await;
    assert_eq!(data["updateEvent"]["userErrors"], json!([]), "{data}");
}

#[tokio::test]
async fn a_new_time_sends_an_updated_invitation_with_the_same_uid_and_a_higher_sequence() {
    let smtp = SmtpServer::start();
    let app = app_with(
        &smtp,
        Some("Träffpunkt kalender <kalender@traffpunkt.test>"),
    )
    .await;
    // No contact person: the configured organizer.
    let network = NetworkBuilder::new("Göteborgsregionen äldreomsorg")
        .insert(&app)
        .await;
    let event = event_in(&app, &network).await;
    register(&app, &event, "Åsa Öberg", "asa.oberg@ale.se", "IN_PERSON").await;
    let mut seen = 0;
    let first = deliver(&app, &smtp, &mut seen, 1).await;
    let first = Invite::of(&first[0]);
    assert_eq!(first.method, "REQUEST");
    let uid = format!("{}@traffpunkt", event.id);
    assert_eq!(first.get("UID"), uid);

    update(
        &app,
        &event,
        json!({ "startsAt": "2026-09-12T11:00:00Z", "endsAt": "2026-09-12T13:00:00Z" }),
    )
    .await;
    let changed = deliver(&app, &smtp, &mut seen, 2).await;
    assert_eq!(changed[0].to, "asa.oberg@ale.se");
    let invite = Invite::of(&changed[0]);
    assert_eq!(invite.method, "REQUEST");
    assert_eq!(invite.get("UID"), uid, "the same entry");
    assert!(
        invite.sequence() > first.sequence(),
        "{} after {}",
        invite.sequence(),
        first.sequence()
    );
    assert_eq!(invite.sequence(), sequence_of(&app, &event).await);
    assert_eq!(invite.get("DTSTART"), "20260912T130000");
    assert_eq!(
        invite.param("DTSTART", "TZID").as_deref(),
        Some("Europe/Stockholm")
    );
    assert_eq!(invite.get("DTEND"), "20260912T150000");
    assert_eq!(invite.get("STATUS"), "CONFIRMED");
    // The configured organizer, and the recipient as the only attendee.
    assert_eq!(invite.get("ORGANIZER"), "mailto:kalender@traffpunkt.test");
    assert_eq!(
        invite.param("ORGANIZER", "CN").as_deref(),
        Some("Träffpunkt kalender")
    );
    assert_eq!(invite.get("ATTENDEE"), "mailto:asa.oberg@ale.se");
    assert_eq!(invite.param("ATTENDEE", "CN").as_deref(), Some("Åsa Öberg"));
    assert_eq!(
        invite.param("ATTENDEE", "PARTSTAT").as_deref(),
        Some("ACCEPTED")
    );
    assert_eq!(
        invite.param("ATTENDEE", "ROLE").as_deref(),
        Some("REQ-PARTICIPANT")
    );
    assert_eq!(invite.param("ATTENDEE", "RSVP").as_deref(), Some("FALSE"));
    assert_eq!(
        invite
            .event
            .properties
            .iter()
            .filter(|p| p.name == "ATTENDEE")
            .count(),
        1
    );

    // Python's icalendar reads it the same way.
    let parsed = python(changed[0].ics.as_deref().expect("ics")).await;
    assert_eq!(parsed["calendar"]["method"], "REQUEST");
    let e = &parsed["events"][0];
    assert_eq!(e["uid"], uid);
    assert_eq!(e["sequence"], invite.sequence());
    assert_eq!(e["start"]["utc"], "2026-09-12T11:00:00Z");
    assert_eq!(e["organizer"], "mailto:kalender@traffpunkt.test");
    assert_eq!(e["attendee"], "mailto:asa.oberg@ale.se");
    assert_eq!(e["attendee_params"]["PARTSTAT"], "ACCEPTED");

    // The feed shows the same entry at the same revision, without her.
    let body = feed(&app, &format!("/calendar/events/{}.ics", event.id)).await;
    let in_feed = by_uid(&python(&body).await, &event).clone();
    assert_eq!(in_feed["sequence"], invite.sequence());
    assert_eq!(in_feed["start"]["utc"], "2026-09-12T11:00:00Z");
    assert!(!body.contains("ATTENDEE"), "{body}");
    assert!(!body.to_lowercase().contains("asa.oberg"), "{body}");

    // A change of place does the same; a new join link reaches online
    // participants' calendars too.
    update(
        &app,
        &event,
        json!({ "venue": { "name": "Lindholmen Science Park", "address": "Lindholmspiren 3", "city": "Göteborg" } }),
    )
    .await;
    let moved = deliver(&app, &smtp, &mut seen, 3).await;
    let moved = Invite::of(&moved[0]);
    assert!(moved.sequence() > invite.sequence());
    assert!(moved.get("LOCATION").contains("Lindholmen Science Park"));
}

#[tokio::test]
async fn cancelling_the_event_sends_a_cancel_with_the_same_uid_and_a_higher_sequence() {
    let smtp = SmtpServer::start();
    let app = app_with(&smtp, None).await;
    let network = NetworkBuilder::new("AllAgeHub").insert(&app).await;
    let event = event_in(&app, &network).await;
    register(
        &app,
        &event,
        "Ola Nordmann",
        "ola@tromso.kommune.no",
        "ONLINE",
    )
    .await;
    let mut seen = 0;
    let first = deliver(&app, &smtp, &mut seen, 1).await;
    let first = Invite::of(&first[0]);
    assert_eq!(first.method, "REQUEST");

    let data = app
        .gql_ok(
            "mutation($id: ID!, $reason: String) { cancelEvent(input: { id: $id }, reason: $reason) { event { status sequence } userErrors { code } } }",
            json!({ "id": event_gid(&event), "reason": "Föreläsaren är sjuk.\nVi återkommer med nytt datum." }),
        )
        .await;
    assert_eq!(data["cancelEvent"]["event"]["status"], "CANCELLED");
    let cancelled = deliver(&app, &smtp, &mut seen, 2).await;
    let invite = Invite::of(&cancelled[0]);
    assert_eq!(invite.method, "CANCEL");
    // The organiser's reason is in the mail, line by line.
    let text = cancelled[0].text.replace("\r\n", "\n");
    assert!(
        text.contains("> Föreläsaren är sjuk.\n> Vi återkommer med nytt datum."),
        "{text}"
    );
    assert_eq!(invite.get("UID"), first.get("UID"));
    assert!(invite.sequence() > first.sequence());
    assert_eq!(
        json!(invite.sequence()),
        data["cancelEvent"]["event"]["sequence"]
    );
    assert_eq!(invite.get("STATUS"), "CANCELLED");
    assert_eq!(invite.get("ATTENDEE"), "mailto:ola@tromso.kommune.no");
    assert!(invite.has("ORGANIZER"), "a CANCEL has an organizer too");
    // No join link in a cancellation.
    assert!(!invite.has("CONFERENCE"));
    let parsed = python(cancelled[0].ics.as_deref().expect("ics")).await;
    assert_eq!(parsed["calendar"]["method"], "CANCEL");
    assert_eq!(parsed["events"][0]["sequence"], invite.sequence());
}

#[tokio::test]
async fn the_organizer_is_an_accepted_contact_else_the_mail_from_address() {
    let smtp = SmtpServer::start();
    let app = app_with(&smtp, None).await;
    let network = NetworkBuilder::new("Socialchefsnätverket")
        .insert(&app)
        .await;
    // Entered by an organiser, not yet accepted.
    contact(&app, &network, "Karin Ståhl", "karin.stahl@example.se").await;
    let event = event_in(&app, &network).await;
    register(&app, &event, "Bo Ek", "bo.ek@example.se", "IN_PERSON").await;
    let mut seen = 0;
    let first = deliver(&app, &smtp, &mut seen, 1).await;
    let first = Invite::of(&first[0]);
    // MAIL_FROM's address, under the network's name (as the mail's From).
    assert_eq!(first.get("ORGANIZER"), "mailto:noreply@traffpunkt.test");
    assert_eq!(
        first.param("ORGANIZER", "CN").as_deref(),
        Some("Socialchefsnätverket")
    );
    assert_eq!(first.get("ATTENDEE"), "mailto:bo.ek@example.se");

    // Her address is in no public feed before she accepts.
    let paths = [
        format!("/calendar/networks/{}.ics", network.slug),
        format!("/calendar/events/{}.ics", event.id),
    ];
    for path in &paths {
        let body = feed(&app, path).await;
        assert!(!body.to_lowercase().contains("karin"), "{path}: {body}");
        assert!(!body.contains("ORGANIZER"), "{path}: {body}");
        assert!(!body.contains("ATTENDEE"), "{path}: {body}");
    }

    // She accepts: feeds and invitations name her alike.
    let token = app.sign_in("karin.stahl@example.se").await;
    app.gql_ok_as(
        Some(&token),
        "mutation($n: ID!) { acceptNetworkContact(input: { networkId: $n }) { userErrors { code } } }",
        json!({ "n": crate::fixtures::network_gid(&network) }),
    )
    .await;
    for path in &paths {
        let parsed = python(&feed(&app, path).await).await;
        let e = by_uid(&parsed, &event);
        assert_eq!(e["organizer"], "mailto:karin.stahl@example.se", "{path}");
        assert_eq!(e["organizer_params"]["CN"], "Karin Ståhl", "{path}");
        assert_eq!(e["attendee"], Value::Null, "{path}");
    }
    update(&app, &event, json!({ "startsAt": "2026-09-11T07:00:00Z" })).await;
    let changed = deliver(&app, &smtp, &mut seen, 2).await;
    let invite = Invite::of(&changed[0]);
    assert_eq!(invite.get("ORGANIZER"), "mailto:karin.stahl@example.se");
    assert_eq!(
        invite.param("ORGANIZER", "CN").as_deref(),
        Some("Karin Ståhl")
    );
    assert_eq!(invite.get("ATTENDEE"), "mailto:bo.ek@example.se");
}

#[tokio::test]
async fn each_participant_is_the_only_attendee_of_their_own_invitation() {
    let smtp = SmtpServer::start();
    let app = app_with(&smtp, None).await;
    let network = NetworkBuilder::new("AllAgeHub").insert(&app).await;
    let event = event_in(&app, &network).await;
    register(&app, &event, "Anna Ås", "anna@example.se", "IN_PERSON").await;
    register(&app, &event, "Björn Öst", "bjorn@example.se", "ONLINE").await;
    let mut seen = 0;
    deliver(&app, &smtp, &mut seen, 2).await;
    update(&app, &event, json!({ "startsAt": "2026-09-11T07:00:00Z" })).await;
    let changed = deliver(&app, &smtp, &mut seen, 4).await;
    for mail in &changed {
        let text = unfolded(mail.ics.as_deref().expect("ics")).to_lowercase();
        let (own, other) = if mail.to == "anna@example.se" {
            ("anna@example.se", "bjorn@example.se")
        } else {
            ("bjorn@example.se", "anna@example.se")
        };
        assert!(text.contains(&format!("mailto:{own}")), "{text}");
        assert!(!text.contains(other), "{text}");
    }
}

#[tokio::test]
async fn a_reminder_carries_the_invitation_with_the_current_sequence() {
    let smtp = SmtpServer::start();
    let app = app_with(&smtp, None).await;
    let network = NetworkBuilder::new("Utvecklingsgruppen").insert(&app).await;
    let event = event_in(&app, &network).await;
    let organiser =
        signed_in_with_role(&app, &network, "arrangor@ale.se", NetworkRole::Organiser).await;
    register(&app, &event, "Åsa Öberg", "asa.oberg@ale.se", "ONLINE").await;
    let mut seen = 0;
    deliver(&app, &smtp, &mut seen, 1).await;
    update(&app, &event, json!({ "startsAt": "2026-09-11T07:00:00Z" })).await;
    update(&app, &event, json!({ "endsAt": "2026-09-11T11:00:00Z" })).await;
    deliver(&app, &smtp, &mut seen, 3).await;
    let current = sequence_of(&app, &event).await;
    assert!(current >= 2, "two changes: {current}");

    let scheduled = app
        .gql_ok_as(
            Some(&organiser),
            "mutation($input: ReminderDraftInput!) { scheduleReminder(input: $input) { reminder { id } userErrors { code message } } }",
            json!({ "input": { "eventId": event_gid(&event), "offsetMinutes": 1440, "audience": "CONFIRMED" } }),
        )
        .await;
    let reminder = scheduled["scheduleReminder"]["reminder"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{scheduled}"))
        .to_owned();
    let sent = app
        .gql_ok_as(
            Some(&organiser),
            "mutation($id: ID!) { sendReminderNow(input: { reminderId: $id }) { queued outcome } }",
            json!({ "id": reminder }),
        )
        .await;
    assert_eq!(sent["sendReminderNow"]["queued"], 1, "{sent}");
    let reminded = deliver(&app, &smtp, &mut seen, 4).await;
    assert!(
        reminded[0].subject.starts_with("Påminnelse"),
        "{}",
        reminded[0].subject
    );
    let invite = Invite::of(&reminded[0]);
    assert_eq!(invite.method, "REQUEST");
    assert_eq!(invite.get("UID"), format!("{}@traffpunkt", event.id));
    assert_eq!(invite.sequence(), current);
    assert_eq!(invite.get("DTSTART"), "20260911T090000");
    assert_eq!(invite.get("DTEND"), "20260911T130000");
    assert_eq!(invite.get("ATTENDEE"), "mailto:asa.oberg@ale.se");
    assert!(invite.has("ORGANIZER"));
    // Her seat is online: the join link is hers.
    assert!(invite.has("CONFERENCE"));
    // Rendered when sent, in the outbox row of the reminder.
    let rows = outbox::Entity::find()
        .order_by_asc(outbox::Column::CreatedAt)
        .all(app.db())
        .await
        .expect("outbox");
    let row = rows
        .iter()
        .find(|r| r.kind == "REMINDER")
        .expect("a reminder row");
    assert!(
        row.ics
            .as_deref()
            .is_some_and(|ics| ics.contains(&format!("SEQUENCE:{current}\r\n")))
    );
}

#[tokio::test]
async fn erasing_a_contact_takes_them_out_of_others_invitations() {
    let smtp = SmtpServer::start();
    let app = app_with(&smtp, None).await;
    let network = NetworkBuilder::new("AllAgeHub").insert(&app).await;
    accepted_contact(&app, &network, "Kari Nordmann", "kari.nordmann@example.no").await;
    let event = event_in(&app, &network).await;
    register(&app, &event, "Bo Ek", "bo.ek@example.se", "IN_PERSON").await;
    let mut seen = 0;
    let first = deliver(&app, &smtp, &mut seen, 1).await;
    assert_eq!(
        Invite::of(&first[0]).get("ORGANIZER"),
        "mailto:kari.nordmann@example.no"
    );

    let token = app.sign_in("kari.nordmann@example.no").await;
    let deleted = app
        .gql_ok_as(
            Some(&token),
            "mutation($e: String!) { deleteMyAccount(input: { confirmEmail: $e }) { deleted userErrors { code } } }",
            json!({ "e": "kari.nordmann@example.no" }),
        )
        .await;
    assert_eq!(deleted["deleteMyAccount"]["deleted"], true, "{deleted}");
    let rows = outbox::Entity::find().all(app.db()).await.expect("outbox");
    let bos = rows
        .iter()
        .find(|r| r.recipient_email == "bo.ek@example.se")
        .expect("Bo's mail");
    let ics = unfolded(bos.ics.as_deref().expect("his invitation stays"));
    assert!(!ics.to_lowercase().contains("kari"), "{ics}");
    assert!(
        ics.contains("mailto:bo.ek@example.se"),
        "his own attendee line stays"
    );
}

#[tokio::test]
async fn two_changes_at_once_get_two_sequences_and_two_invitations() {
    let smtp = SmtpServer::start();
    let app = app_with(&smtp, None).await;
    let network = NetworkBuilder::new("AllAgeHub").insert(&app).await;
    let event = event_in(&app, &network).await;
    register(&app, &event, "Anna Ås", "anna@example.se", "IN_PERSON").await;
    let mut seen = 0;
    deliver(&app, &smtp, &mut seen, 1).await;
    let before = sequence_of(&app, &event).await;
    tokio::join!(
        update(&app, &event, json!({ "startsAt": "2026-09-11T07:00:00Z" })),
        update(
            &app,
            &event,
            json!({ "venue": { "name": "Stora salen", "city": "Malmö" } })
        ),
    );
    assert_eq!(sequence_of(&app, &event).await, before + 2);
    let changed = deliver(&app, &smtp, &mut seen, 3).await;
    let mut sequences: Vec<i64> = changed.iter().map(|m| Invite::of(m).sequence()).collect();
    sequences.sort_unstable();
    assert_eq!(
        sequences,
        [before + 1, before + 2],
        "neither notice is lost"
    );
}
