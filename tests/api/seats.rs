//! Seats as readers are shown them: the counts the database keeps per event
//! (`event_seats`, by triggers on `registrations`) follow every change to
//! registrations, and agree with counting the registrations themselves.

use chrono::Duration;
use entities::{JoinLinkVisibility, RegistrationPolicy};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::fixtures::{EventBuilder, NetworkBuilder, event_gid};
use crate::helpers::{TestApp, test_now};

const SEATS: &str = "seats { inPersonTaken onlineTaken waitlisted pending }";
const REGISTER: &str = "mutation($input: RegisterInput!) { register(input: $input) {
    registration { id status } manageToken userErrors { code } } }";

/// Registers `email` as a guest in `mode`; the registration's id and manage
/// token.
async fn register(app: &TestApp, event: &str, email: &str, mode: &str) -> (String, String) {
    let done = app
        .gql_ok_as(
            None,
            REGISTER,
            json!({ "input": { "eventId": event, "mode": mode, "consent": true,
                    "guest": { "name": email, "email": email } } }),
        )
        .await;
    let done = &done["register"];
    assert_eq!(done["userErrors"], json!([]), "{done}");
    (
        done["registration"]["id"].as_str().expect("id").to_owned(),
        done["manageToken"].as_str().expect("token").to_owned(),
    )
}

/// The event's seats as a page of events and `event(id:)` read them (from
/// the kept counts), after checking that `node(id:)`, which counts the
/// registrations, gives the same.
async fn seats(app: &TestApp, event: &str) -> Value {
    let token = app.admin_token().await;
    let kept = app
        .gql_ok_as(
            Some(&token),
            &format!("query($id: ID!) {{ event(id: $id) {{ {SEATS} }} }}"),
            json!({ "id": event }),
        )
        .await["event"]["seats"]
        .clone();
    let counted = app
        .gql_ok_as(
            Some(&token),
            &format!("query($id: ID!) {{ node(id: $id) {{ ... on Event {{ {SEATS} }} }} }}"),
            json!({ "id": event }),
        )
        .await["node"]["seats"]
        .clone();
    assert_eq!(kept, counted, "kept counts of {event} drifted");
    kept
}

fn counts(in_person: u64, online: u64, waitlisted: u64, pending: u64) -> Value {
    json!({ "inPersonTaken": in_person, "onlineTaken": online,
            "waitlisted": waitlisted, "pending": pending })
}

/// Rows of `event_seats` whose event is gone or whose counts differ from
/// counting the registrations.
async fn drifted_rows(app: &TestApp) -> i64 {
    let sql = "SELECT COUNT(*) FROM event_seats s WHERE NOT EXISTS \
        (SELECT 1 FROM events e WHERE e.id = s.event_id) \
        OR s.confirmed_in_person <> (SELECT COUNT(*) FROM registrations r WHERE r.event_id = s.event_id \
            AND r.status = 'CONFIRMED' AND r.mode = 'IN_PERSON') \
        OR s.confirmed_online <> (SELECT COUNT(*) FROM registrations r WHERE r.event_id = s.event_id \
            AND r.status = 'CONFIRMED' AND r.mode = 'ONLINE') \
        OR s.waitlisted <> (SELECT COUNT(*) FROM registrations r WHERE r.event_id = s.event_id \
            AND r.status = 'WAITLISTED') \
        OR s.pending <> (SELECT COUNT(*) FROM registrations r WHERE r.event_id = s.event_id \
            AND r.status = 'PENDING')";
    count(app, sql).await
}

/// The one number `sql` selects.
async fn count(app: &TestApp, sql: &str) -> i64 {
    let db = app.db();
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .expect("query")
        .expect("row");
    row.try_get_by_index(0).expect("count")
}

#[tokio::test]
async fn kept_seat_counts_follow_registrations_through_every_change() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Socialchefsnätverket")
        .insert(&app)
        .await;
    let hybrid = EventBuilder::new(&network)
        .title("Hybridträff")
        .starts_at(test_now() + Duration::days(3))
        .hybrid(JoinLinkVisibility::Registered)
        .capacity(Some(2), Some(1))
        .published()
        .insert(&app)
        .await;
    let hybrid = event_gid(&hybrid);
    let project = EventBuilder::new(&network)
        .title("Projektansökan")
        .starts_at(test_now() + Duration::days(4))
        .policy(RegistrationPolicy::Application)
        .published()
        .insert(&app)
        .await;
    let project_id = project.id;
    let project = event_gid(&project);
    assert_eq!(seats(&app, &hybrid).await, counts(0, 0, 0, 0));

    let (_, a_token) = register(&app, &hybrid, "a@example.se", "IN_PERSON").await;
    let (_, b_token) = register(&app, &hybrid, "b@example.se", "IN_PERSON").await;
    register(&app, &hybrid, "x@example.se", "IN_PERSON").await;
    let (_, c_token) = register(&app, &hybrid, "c@example.se", "ONLINE").await;
    register(&app, &hybrid, "d@example.se", "ONLINE").await;
    assert_eq!(seats(&app, &hybrid).await, counts(2, 1, 2, 0));

    // A cancels: X is promoted from the waiting list; then B cancels.
    for token in [a_token, b_token] {
        let cancelled = app
            .gql_ok(
                "mutation($input: RegistrationRefInput!) { cancelRegistration(input: $input) { userErrors { code } } }",
                json!({ "input": { "manageToken": token } }),
            )
            .await;
        assert_eq!(cancelled["cancelRegistration"]["userErrors"], json!([]));
    }
    assert_eq!(seats(&app, &hybrid).await, counts(1, 1, 1, 0));

    // C moves to the room's free seat; D takes C's online seat.
    let moved = app
        .gql_ok(
            "mutation($input: ChangeRegistrationModeInput!) { changeRegistrationMode(input: $input) { userErrors { code } } }",
            json!({ "input": { "manageToken": c_token, "mode": "IN_PERSON" } }),
        )
        .await;
    assert_eq!(
        moved["changeRegistrationMode"]["userErrors"],
        json!([]),
        "{moved}"
    );
    assert_eq!(seats(&app, &hybrid).await, counts(2, 1, 0, 0));

    // Applications wait for a decision, then take a seat or none.
    let (e, _) = register(&app, &project, "e@example.se", "IN_PERSON").await;
    let (f, _) = register(&app, &project, "f@example.se", "IN_PERSON").await;
    assert_eq!(seats(&app, &project).await, counts(0, 0, 0, 2));
    let token = app.admin_token().await;
    for (id, decision) in [(&e, "APPROVE"), (&f, "REJECT")] {
        let decided = app
            .gql_ok_as(
                Some(&token),
                "mutation($id: ID!, $d: Decision!) { decideRegistration(input: { id: $id, decision: $d }) { userErrors { code } } }",
                json!({ "id": id, "d": decision }),
            )
            .await;
        assert_eq!(decided["decideRegistration"]["userErrors"], json!([]));
    }
    assert_eq!(seats(&app, &project).await, counts(1, 0, 0, 0));
    assert_eq!(drifted_rows(&app).await, 0);

    // A participant who deletes their account takes their registrations
    // with them.
    let f_session = app.sign_in("g@example.se").await;
    let signed = app
        .gql_ok_as(
            Some(&f_session),
            REGISTER,
            json!({ "input": { "eventId": hybrid, "mode": "ONLINE", "consent": true } }),
        )
        .await;
    assert_eq!(signed["register"]["registration"]["status"], "WAITLISTED");
    assert_eq!(seats(&app, &hybrid).await, counts(2, 1, 1, 0));
    let gone = app
        .gql_ok_as(
            Some(&f_session),
            "mutation { deleteMyAccount(input: { confirmEmail: \"g@example.se\" }) { deleted } }",
            json!({}),
        )
        .await;
    assert_eq!(gone["deleteMyAccount"]["deleted"], true, "{gone}");
    assert_eq!(seats(&app, &hybrid).await, counts(2, 1, 0, 0));

    // Deleting an event (as the database does for an erased network)
    // takes its registrations and their counts with it.
    let kept = "SELECT COUNT(*) FROM event_seats";
    assert_eq!(count(&app, kept).await, 2);
    let db = app.db();
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        if app.is_postgres() {
            "DELETE FROM events WHERE id = $1"
        } else {
            "DELETE FROM events WHERE id = ?"
        },
        [project_id.into()],
    ))
    .await
    .expect("delete event");
    assert_eq!(count(&app, kept).await, 1);
    assert_eq!(drifted_rows(&app).await, 0);
}
