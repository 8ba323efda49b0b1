//! Export and erasure of one's own data.

use api::ids::EventId;
use api::mail::{MailKind, Outgoing, Recipient};
use chrono::Duration;
use entities::{OutboxStatus, RegistrationStatus, outbox};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use crate::fixtures::{EventBuilder, NetworkBuilder, confirmed_registration, contact, event_gid};
use crate::helpers::{TestApp, error_code, test_now, user_error_codes};

#[tokio::test]
async fn a_person_exports_their_data_and_erasing_keeps_the_counts() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("AllAgeHub").insert(&app).await;
    let event = EventBuilder::new(&network).published().insert(&app).await;
    let token = app.sign_in("kari.nordmann@example.no").await;
    confirmed_registration(&app, &event, "kari.nordmann@example.no").await;

    let export = app
        .gql_ok_as(
            Some(&token),
            "mutation { exportMyData { data } }",
            json!({}),
        )
        .await;
    let data = &export["exportMyData"]["data"];
    assert_eq!(data["person"]["email"], "kari.nordmann@example.no");
    assert_eq!(data["registrations"][0]["status"], "CONFIRMED");
    assert_eq!(data["registrations"][0]["accessibilityNeeds"], "Hörslinga");
    assert_eq!(data["sessions"].as_array().map(Vec::len), Some(1));

    let wrong = app
        .gql_ok_as(Some(&token), "mutation { deleteMyAccount(input: { confirmEmail: \"someone@else.no\" }) { deleted userErrors { code } } }", json!({}))
        .await;
    assert_eq!(user_error_codes(&wrong["deleteMyAccount"]), ["INVALID"]);
    let deleted = app
        .gql_ok_as(Some(&token), "mutation { deleteMyAccount(input: { confirmEmail: \"Kari.Nordmann@example.no\" }) { deleted userErrors { code } } }", json!({}))
        .await;
    assert_eq!(deleted["deleteMyAccount"]["deleted"], true);

    let gone = app
        .gql_as(Some(&token), "{ viewer { email } }", json!({}))
        .await;
    assert_eq!(
        error_code(&gone),
        "UNAUTHENTICATED",
        "the session went with the account"
    );
    use sea_orm::PaginatorTrait;
    let registrations = entities::registration::Entity::find()
        .filter(entities::registration::Column::EventId.eq(event.id))
        .all(app.db())
        .await
        .expect("registrations");
    assert_eq!(registrations.len(), 1, "counts stay right");
    assert!(registrations[0].person_id.is_none());
    assert!(registrations[0].accessibility_needs.is_none());
    let people = entities::person::Entity::find()
        .filter(entities::person::Column::Email.eq("kari.nordmann@example.no"))
        .count(app.db())
        .await
        .expect("count");
    assert_eq!(people, 0);

    let anonymous = app
        .gql("mutation { exportMyData { data } }", json!({}))
        .await;
    assert_eq!(error_code(&anonymous), "UNAUTHENTICATED");
}

const REGISTER: &str = "mutation($input: RegisterInput!) { register(input: $input) {
    registration { id status waitlistPosition } userErrors { field code message } } }";
const DELETE: &str = "mutation($e: String!) { deleteMyAccount(input: { confirmEmail: $e }) { deleted userErrors { code } } }";
const KARI: &str = "kari.nordmann@example.no";

/// Registers `name` <`email`> as a guest, in person; returns the payload.
async fn register_guest(
    app: &TestApp,
    event: &entities::event::Model,
    name: &str,
    email: &str,
) -> Value {
    let vars = json!({ "input": { "eventId": event_gid(event), "mode": "IN_PERSON", "consent": true,
        "guest": { "name": name, "email": email } } });
    let payload = app.gql_ok_as(None, REGISTER, vars).await["register"].clone();
    assert_eq!(payload["userErrors"], json!([]), "{payload}");
    payload
}

/// Signs `email` in and erases the account.
async fn delete_account(app: &TestApp, email: &str) {
    let token = app.sign_in(email).await;
    let deleted = app
        .gql_ok_as(Some(&token), DELETE, json!({ "e": email }))
        .await;
    assert_eq!(deleted["deleteMyAccount"]["deleted"], true, "{deleted}");
}

async fn outbox_rows(app: &TestApp) -> Vec<outbox::Model> {
    outbox::Entity::find()
        .order_by_asc(outbox::Column::CreatedAt)
        .order_by_asc(outbox::Column::Id)
        .all(app.db())
        .await
        .expect("outbox")
}

async fn run_worker(app: &TestApp) -> usize {
    app.run_jobs().await
}

async fn person_id(app: &TestApp, email: &str) -> uuid::Uuid {
    api::service::people::by_email(&app.cx(), email)
        .await
        .expect("lookup")
        .expect("person")
        .id
}

#[tokio::test]
async fn deleting_an_account_leaves_no_address_name_or_body_in_the_outbox() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("AllAgeHub").insert(&app).await;
    // Kari is the network's contact person: others' mail answers to her.
    contact(&app, &network, "Kari Nordmann", KARI).await;
    let event = EventBuilder::new(&network).published().insert(&app).await;
    let kari = person_id(&app, KARI).await;
    register_guest(&app, &event, "Kari Nordmann", KARI).await;
    assert_eq!(run_worker(&app).await, 1, "her confirmation is sent");
    // Still pending when she leaves: a sign-in link, and a mail to her
    // address in other letters that names no person.
    app.gql_ok_as(
        None,
        "mutation($e: String!) { requestSignInLink(input: { email: $e }) { sent } }",
        json!({ "e": "Kari.Nordmann@Example.no" }),
    )
    .await;
    let by_address = Outgoing::new(
        Recipient::new("KARI.Nordmann@example.NO", "Kari Nordmann"),
        MailKind::RegistrationCancelled {
            name: "Kari Nordmann".into(),
            event: api::mail::EventFacts::from_event(&event, true, false),
        },
    )
    .event(EventId(event.id));
    api::mail::enqueue(app.db(), &app.state.clock, by_address)
        .await
        .expect("enqueue");
    register_guest(&app, &event, "Bo Ek", "bo@example.se").await;
    let before = outbox_rows(&app).await;
    assert!(
        before.iter().any(|r| r.reply_to.as_deref() == Some(KARI)),
        "Bo's mail answers to Kari: {before:?}"
    );

    delete_account(&app, KARI).await;

    let rows = outbox_rows(&app).await;
    assert_eq!(rows.len(), before.len(), "delivery records stay");
    for row in &rows {
        let texts = [
            row.recipient_email.as_str(),
            row.recipient_name.as_deref().unwrap_or_default(),
            row.subject.as_str(),
            row.body_text.as_str(),
            row.body_html.as_str(),
            row.ics.as_deref().unwrap_or_default(),
            row.reply_to.as_deref().unwrap_or_default(),
            row.last_error.as_deref().unwrap_or_default(),
            row.dedupe_key.as_deref().unwrap_or_default(),
        ];
        for text in texts {
            let text = text.to_lowercase();
            assert!(
                !text.contains("kari") && !text.contains(&kari.to_string()),
                "{} {} still names her: {text}",
                row.kind,
                row.id
            );
        }
        assert_ne!(row.person_id, Some(kari));
    }
    let theirs: Vec<_> = rows
        .iter()
        .filter(|r| r.recipient_email.is_empty())
        .map(|r| (r.kind.as_str(), r.status))
        .collect();
    assert_eq!(
        theirs,
        [
            ("REGISTRATION_CONFIRMED", OutboxStatus::Sent),
            ("SIGN_IN_LINK", OutboxStatus::Skipped),
            ("REGISTRATION_CANCELLED", OutboxStatus::Skipped),
        ],
        "kind and status stay; what was pending is not sent"
    );
    assert!(
        rows.iter()
            .all(|r| r.event_id.is_some() || r.kind == "SIGN_IN_LINK")
    );
    assert_eq!(run_worker(&app).await, 1, "only Bo's mail goes out");
    let links = entities::sign_in_token::Entity::find()
        .all(app.db())
        .await
        .expect("sign-in tokens");
    assert!(
        links.iter().all(|l| !l.email.contains("kari")),
        "her sign-in links and rate-limit records go: {links:?}"
    );
}

#[tokio::test]
async fn deleting_an_account_cancels_upcoming_registrations_and_promotes_the_waiting_list_without_mailing_them()
 {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("AllAgeHub").insert(&app).await;
    let event = EventBuilder::new(&network).published().insert(&app).await;
    app.gql_ok(
        "mutation($id: ID!) { updateEvent(input: { id: $id, capacity: { inPerson: 1 } }) { userErrors { code } } }",
        json!({ "id": event_gid(&event) }),
    )
    .await;
    let past = EventBuilder::new(&network)
        .title("Vårträff")
        .starts_at(test_now() - Duration::days(30))
        .published()
        .insert(&app)
        .await;
    let kari = register_guest(&app, &event, "Kari Nordmann", KARI).await;
    assert_eq!(kari["registration"]["status"], "CONFIRMED");
    let bo = register_guest(&app, &event, "Bo Ek", "bo@example.se").await;
    let cecilia = register_guest(&app, &event, "Cecilia Berg", "cecilia@example.se").await;
    assert_eq!(bo["registration"]["status"], "WAITLISTED");
    confirmed_registration(&app, &past, KARI).await;
    // A called-off event: her seat there goes to nobody.
    let called_off = EventBuilder::new(&network)
        .title("Inställd träff")
        .published()
        .insert(&app)
        .await;
    app.gql_ok(
        "mutation($id: ID!) { updateEvent(input: { id: $id, capacity: { inPerson: 1 } }) { userErrors { code } } }",
        json!({ "id": event_gid(&called_off) }),
    )
    .await;
    register_guest(&app, &called_off, "Kari Nordmann", KARI).await;
    let dag = register_guest(&app, &called_off, "Dag Lund", "dag@example.se").await;
    app.gql_ok(
        "mutation($id: ID!) { cancelEvent(input: { id: $id }) { event { status } } }",
        json!({ "id": event_gid(&called_off) }),
    )
    .await;
    run_worker(&app).await;
    let mails_before = outbox_rows(&app).await.len();

    delete_account(&app, KARI).await;

    let status = |payload: &Value| {
        let id = payload["registration"]["id"]
            .as_str()
            .expect("id")
            .to_owned();
        let app = &app;
        async move {
            use api::graphql::ids::GlobalId;
            let id =
                api::ids::RegistrationId::parse(&async_graphql::ID(id)).expect("registration id");
            entities::registration::Entity::find_by_id(id.0)
                .one(app.db())
                .await
                .expect("registration")
                .expect("kept")
        }
    };
    let hers = status(&kari).await;
    assert_eq!(hers.status, RegistrationStatus::Cancelled);
    assert!(hers.person_id.is_none());
    assert_eq!(
        status(&bo).await.status,
        RegistrationStatus::Confirmed,
        "first in line"
    );
    assert_eq!(
        status(&cecilia).await.status,
        RegistrationStatus::Waitlisted
    );
    assert_eq!(
        status(&dag).await.status,
        RegistrationStatus::Waitlisted,
        "a called-off event promotes nobody"
    );
    let history = entities::registration_history::Entity::find()
        .filter(entities::registration_history::Column::RegistrationId.eq(hers.id))
        .order_by_asc(entities::registration_history::Column::CreatedAt)
        .order_by_asc(entities::registration_history::Column::Id)
        .all(app.db())
        .await
        .expect("history");
    let last = history.last().expect("history entry");
    assert_eq!(
        (last.from_status, last.to_status, last.actor_person_id),
        (
            Some(RegistrationStatus::Confirmed),
            RegistrationStatus::Cancelled,
            None
        )
    );
    let seats = app
        .gql_ok(
            "query($id: ID!) { event(id: $id) { seats { inPersonTaken waitlisted } } }",
            json!({ "id": event_gid(&event) }),
        )
        .await;
    assert_eq!(
        seats["event"]["seats"],
        json!({ "inPersonTaken": 1, "waitlisted": 1 })
    );
    // The past event keeps its count: her registration stays, anonymised.
    let kept = entities::registration::Entity::find()
        .filter(entities::registration::Column::EventId.eq(past.id))
        .all(app.db())
        .await
        .expect("past registrations");
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].status, RegistrationStatus::Confirmed);
    assert!(kept[0].person_id.is_none() && kept[0].accessibility_needs.is_none());

    let new: Vec<_> = outbox_rows(&app)
        .await
        .into_iter()
        .skip(mails_before)
        .collect();
    let new: Vec<_> = new
        .iter()
        .map(|r| (r.kind.as_str(), r.recipient_email.as_str(), r.status))
        .collect();
    assert_eq!(
        new,
        [(
            "PROMOTED_FROM_WAITLIST",
            "bo@example.se",
            OutboxStatus::Pending
        )],
        "Bo is told, Kari is not mailed"
    );
    assert_eq!(run_worker(&app).await, 1);
}

#[tokio::test]
async fn the_export_lists_the_mails_sent_to_the_person() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("AllAgeHub").insert(&app).await;
    let event = EventBuilder::new(&network)
        .title("Höstträff")
        .published()
        .insert(&app)
        .await;
    register_guest(&app, &event, "Kari Nordmann", KARI).await;
    app.gql_ok_as(
        None,
        "mutation($e: String!) { requestSignInLink(input: { email: $e }) { sent } }",
        json!({ "e": KARI }),
    )
    .await;
    register_guest(&app, &event, "Bo Ek", "bo@example.se").await;
    assert_eq!(run_worker(&app).await, 3);
    let token = app.sign_in(KARI).await;

    let export = app
        .gql_ok_as(
            Some(&token),
            "mutation { exportMyData { data } }",
            json!({}),
        )
        .await;
    let mails = export["exportMyData"]["data"]["mails"]
        .as_array()
        .expect("mails")
        .clone();
    let kinds: Vec<_> = mails
        .iter()
        .map(|m| m["kind"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        kinds,
        ["REGISTRATION_CONFIRMED", "SIGN_IN_LINK"],
        "hers only: {mails:?}"
    );
    let confirmation = &mails[0];
    assert_eq!(confirmation["status"], "SENT");
    assert_eq!(confirmation["eventId"], json!(event.id));
    assert_eq!(confirmation["to"], KARI);
    assert!(confirmation["sentAt"].is_string() && confirmation["createdAt"].is_string());
    assert!(
        confirmation["subject"]
            .as_str()
            .is_some_and(|s| s.contains("Höstträff")),
        "{confirmation}"
    );
    assert!(
        confirmation["body"]
            .as_str()
            .is_some_and(|b| b.contains("Kari Nordmann")),
        "{confirmation}"
    );
    assert_eq!(mails[1]["status"], "SENT");
    assert_eq!(mails[1]["body"], Value::Null, "a sign-in link is a secret");
}

#[tokio::test]
async fn mail_content_is_purged_after_the_retention_and_delivery_records_stay() {
    let app = TestApp::spawn().await;
    assert_eq!(app.state.config.mail.mail_retention_days, 30);
    let network = NetworkBuilder::new("AllAgeHub").insert(&app).await;
    let event = EventBuilder::new(&network)
        .starts_at(test_now() + Duration::days(60))
        .published()
        .insert(&app)
        .await;
    register_guest(&app, &event, "Kari Nordmann", KARI).await;
    assert_eq!(run_worker(&app).await, 1);
    app.state.clock.advance(Duration::days(20));
    register_guest(&app, &event, "Bo Ek", "bo@example.se").await;
    // Not due for long: pending mail is never purged, however old.
    let later = Outgoing::new(
        Recipient::new("cecilia@example.se", "Cecilia Berg"),
        MailKind::RegistrationCancelled {
            name: "Cecilia Berg".into(),
            event: api::mail::EventFacts::from_event(&event, true, false),
        },
    )
    .event(EventId(event.id))
    .send_at(test_now() + Duration::days(365));
    api::mail::enqueue(app.db(), &app.state.clock, later)
        .await
        .expect("enqueue");
    assert_eq!(run_worker(&app).await, 1);
    app.state.clock.advance(Duration::days(11));

    let worker = app.jobs();
    assert_eq!(worker.mail().purge_expired().await.expect("purge"), 1);
    assert_eq!(
        worker.mail().purge_expired().await.expect("purge"),
        0,
        "once"
    );

    let rows = outbox_rows(&app).await;
    let [old, young, pending] = rows.as_slice() else {
        panic!("three mails: {rows:?}");
    };
    assert_eq!(
        (old.kind.as_str(), old.status, old.sent_at, old.event_id),
        (
            "REGISTRATION_CONFIRMED",
            OutboxStatus::Sent,
            Some(test_now()),
            Some(event.id)
        ),
        "the delivery record stays"
    );
    assert!(old.registration_id.is_some() && old.network_id.is_some());
    assert_eq!(old.recipient_email, "");
    assert_eq!(old.recipient_name, None);
    assert_eq!(
        (
            old.subject.as_str(),
            old.body_text.as_str(),
            old.body_html.as_str()
        ),
        ("", "", "")
    );
    assert_eq!((old.ics.as_deref(), old.reply_to.as_deref()), (None, None));
    assert_eq!(young.recipient_email, "bo@example.se", "20 days old: kept");
    assert!(young.body_text.contains("Bo Ek") && young.ics.is_some());
    assert_eq!(pending.status, OutboxStatus::Pending);
    assert!(pending.body_text.contains("Cecilia"));

    // The person still sees that the mail was sent, without its content.
    let token = app.sign_in(KARI).await;
    let export = app
        .gql_ok_as(
            Some(&token),
            "mutation { exportMyData { data } }",
            json!({}),
        )
        .await;
    let mails = &export["exportMyData"]["data"]["mails"];
    assert_eq!(mails.as_array().map(Vec::len), Some(1), "{mails}");
    assert_eq!(mails[0]["kind"], "REGISTRATION_CONFIRMED");
    assert_eq!(mails[0]["status"], "SENT");
    assert_eq!(mails[0]["body"], Value::Null);
}

#[tokio::test]
async fn migrations_run_up_and_down_and_the_deliveries_table_is_gone() {
    use migration::{Migrator, MigratorTrait, SchemaManager};
    let app = TestApp::spawn().await;
    let schema = SchemaManager::new(app.db());
    // Later migrations are undone with it (and done again) to reach it.
    let steps = Migrator::migrations()
        .iter()
        .rev()
        .position(|m| m.name() == "m20261202_120000_drop_deliveries")
        .map(|from_last| u32::try_from(from_last + 1).expect("few"))
        .expect("the migration exists");
    assert!(
        Migrator::get_pending_migrations(app.db())
            .await
            .expect("pending")
            .is_empty()
    );
    assert!(!schema.has_table("deliveries").await.expect("has_table"));
    assert!(schema.has_table("outbox").await.expect("has_table"));

    Migrator::down(app.db(), Some(steps)).await.expect("down");
    assert!(
        schema.has_table("deliveries").await.expect("has_table"),
        "down recreates it"
    );
    Migrator::up(app.db(), None).await.expect("up again");
    assert!(!schema.has_table("deliveries").await.expect("has_table"));
}
