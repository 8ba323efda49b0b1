//! Database faults: a dropped or unwritable database is told as "try again"
//! (`SERVICE_UNAVAILABLE`, a `503` with `Retry-After`), never as a bug; a
//! write is tried once more on a fresh connection; the pool lets go of broken
//! connections, so the server recovers without a restart; `/readyz` asks for
//! a write; start-up errors name the database and the cause, not the password.

use std::path::{Path, PathBuf};

use api::config::Config;
use entities::JoinLinkVisibility;
use reqwest::StatusCode;
use sea_orm::{
    ColumnTrait, ConnectionTrait, Database, EntityTrait, PaginatorTrait, QueryFilter, Statement,
};
use serde_json::{Value, json};

use crate::fixtures::{EventBuilder, NetworkBuilder, event_gid};
use crate::helpers::{TestApp, error_code, scratch_dir};

const REGISTER: &str = "mutation($input: RegisterInput!) { register(input: $input) {
    registration { id status } userErrors { code } } }";

fn guest(event: &str, email: &str) -> Value {
    json!({ "input": { "eventId": event, "mode": "ONLINE", "consent": true,
        "guest": { "name": "Gäst", "email": email } } })
}

async fn open_event(app: &TestApp) -> entities::event::Model {
    let network = NetworkBuilder::new("Nätverk").insert(app).await;
    EventBuilder::new(&network)
        .title("Träff")
        .hybrid(JoinLinkVisibility::Registered)
        .published()
        .insert(app)
        .await
}

async fn readyz(app: &TestApp) -> (StatusCode, Option<String>) {
    let response = app
        .http
        .get(app.url("/readyz"))
        .send()
        .await
        .expect("readyz");
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().expect("ascii").to_owned());
    (response.status(), retry_after)
}

/// Registers a guest; the registration's status, or the error code.
async fn register(app: &TestApp, event: &str, email: &str) -> Result<String, String> {
    let body = app.gql_as(None, REGISTER, guest(event, email)).await;
    if body.get("errors").is_some_and(|e| !e.is_null()) {
        return Err(error_code(&body));
    }
    let payload = &body["data"]["register"];
    assert_eq!(payload["userErrors"], json!([]), "{body}");
    Ok(payload["registration"]["status"]
        .as_str()
        .expect("status")
        .to_owned())
}

/// Terminates every backend of the app's database but the asking one, from a
/// connection of its own (as a failover or restart would); how many.
async fn drop_server_connections(app: &TestApp) -> usize {
    let admin = Database::connect(app.state.config.database_url())
        .await
        .expect("connect");
    let rows = admin
        .query_all_raw(Statement::from_string(
            admin.get_database_backend(),
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
        ))
        .await
        .expect("terminate");
    admin.close().await.expect("close");
    rows.len()
}

// pg_terminate_backend has no SQLite counterpart (there is no server whose
// connections could be dropped), so the next two run on PostgreSQL only; the
// SQLite fault is the unwritable file further down.
#[tokio::test]
async fn on_postgres_a_registration_right_after_the_connections_dropped_succeeds() {
    let app = TestApp::spawn().await;
    if !app.is_postgres() {
        return;
    }
    let event = event_gid(&open_event(&app).await);
    // Several pooled connections, all of which are about to die.
    let warm: Vec<_> = (0..4)
        .map(|i| {
            let (app, event) = (&app, &event);
            async move { register(app, event, &format!("warm{i}@example.se")).await }
        })
        .collect();
    for outcome in futures::future::join_all(warm).await {
        assert_eq!(outcome.as_deref(), Ok("CONFIRMED"));
    }
    assert!(drop_server_connections(&app).await > 0, "nothing dropped");

    assert_eq!(
        register(&app, &event, "after@example.se").await.as_deref(),
        Ok("CONFIRMED")
    );
    assert_eq!(readyz(&app).await.0, StatusCode::OK);
}

/// The backends of the app's database waiting for a lock.
async fn waiting_for_a_lock(conn: &impl ConnectionTrait) -> Vec<i32> {
    conn.query_all_raw(Statement::from_string(
        conn.get_database_backend(),
        "SELECT pid FROM pg_stat_activity \
         WHERE datname = current_database() AND wait_event_type = 'Lock'",
    ))
    .await
    .expect("pg_stat_activity")
    .iter()
    .map(|row| row.try_get::<i32>("", "pid").expect("pid"))
    .collect()
}

/// Polls until a backend other than `gone` waits for a lock (with a
/// deadline, not a sleep); its pid.
async fn until_one_waits(conn: &impl ConnectionTrait, gone: &[i32]) -> Vec<i32> {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let waiting: Vec<i32> = waiting_for_a_lock(conn)
            .await
            .into_iter()
            .filter(|pid| !gone.contains(pid))
            .collect();
        if !waiting.is_empty() {
            return waiting;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "nobody but {gone:?} waits"
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn on_postgres_a_registration_whose_connection_drops_mid_transaction_is_retried() {
    let app = TestApp::spawn().await;
    if !app.is_postgres() {
        return;
    }
    let event = open_event(&app).await;
    let id = event_gid(&event);
    // Hold the event's row, so the registration stops inside its transaction
    // (at the seat lock) until this one lets go.
    let admin = Database::connect(app.state.config.database_url())
        .await
        .expect("connect");
    let holder = sea_orm::TransactionTrait::begin(&admin)
        .await
        .expect("begin");
    holder
        .execute_raw(Statement::from_string(
            holder.get_database_backend(),
            format!(
                "UPDATE events SET updated_at = updated_at WHERE id = '{}'",
                event.id
            ),
        ))
        .await
        .expect("lock the event");
    let failover = async {
        // Watched from outside the holder's transaction, whose view of
        // pg_stat_activity would stay as it first saw it.
        let first = until_one_waits(&admin, &[]).await;
        // The registration's connection dies mid-transaction, before commit.
        let killed = holder
            .query_all_raw(Statement::from_string(
                holder.get_database_backend(),
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                 WHERE datname = current_database() AND pid <> pg_backend_pid()",
            ))
            .await
            .expect("terminate");
        assert!(!killed.is_empty());
        // Its second attempt, on a fresh connection, waits for the row again.
        until_one_waits(&admin, &first).await;
        holder.rollback().await.expect("let go");
    };
    let (outcome, ()) = tokio::join!(register(&app, &id, "mitt@example.se"), failover);
    assert_eq!(outcome.as_deref(), Ok("CONFIRMED"));
    let stored = entities::registration::Entity::find()
        .filter(entities::registration::Column::EventId.eq(event.id))
        .count(app.db())
        .await
        .expect("count");
    assert_eq!(stored, 1, "stored once");
    admin.close().await.expect("close");
}

#[tokio::test]
async fn on_postgres_an_agenda_change_whose_connection_drops_mid_transaction_is_retried() {
    let app = TestApp::spawn().await;
    if !app.is_postgres() {
        return;
    }
    let network = NetworkBuilder::new("Nätverk").insert(&app).await;
    let event = EventBuilder::new(&network)
        .title("Konferens")
        .insert(&app)
        .await;
    let admin_token = app.admin_token().await;
    let add = "mutation($input: AddAgendaItemInput!) { addAgendaItem(input: $input) {
        agendaItem { title position } userErrors { code } } }";
    let item = |title: &str| json!({ "input": { "eventId": event_gid(&event), "title": title } });
    app.gql_ok_as(Some(&admin_token), add, item("Välkommen"))
        .await;
    // Hold the event's row: the change stops inside its unit (where it
    // touches the event) until this transaction lets go.
    let admin = Database::connect(app.state.config.database_url())
        .await
        .expect("connect");
    let holder = sea_orm::TransactionTrait::begin(&admin)
        .await
        .expect("begin");
    holder
        .execute_raw(Statement::from_string(
            holder.get_database_backend(),
            format!(
                "UPDATE events SET updated_at = updated_at WHERE id = '{}'",
                event.id
            ),
        ))
        .await
        .expect("lock the event");
    let failover = async {
        let first = until_one_waits(&admin, &[]).await;
        let killed = holder
            .query_all_raw(Statement::from_string(
                holder.get_database_backend(),
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                 WHERE datname = current_database() AND pid <> pg_backend_pid()",
            ))
            .await
            .expect("terminate");
        assert!(!killed.is_empty());
        // The second attempt, on a fresh connection, waits for the row again.
        until_one_waits(&admin, &first).await;
        holder.rollback().await.expect("let go");
    };
    let (body, ()) = tokio::join!(
        app.gql_as(Some(&admin_token), add, item("Paneldebatt")),
        failover
    );
    assert_eq!(
        body["data"]["addAgendaItem"]["agendaItem"],
        json!({ "title": "Paneldebatt", "position": 1 }),
        "{body}"
    );
    // Stored once, the positions unbroken.
    let items = entities::agenda_item::Entity::find()
        .filter(entities::agenda_item::Column::EventId.eq(event.id))
        .all(app.db())
        .await
        .expect("items");
    let mut positions: Vec<i32> = items.iter().map(|i| i.position).collect();
    positions.sort_unstable();
    assert_eq!(positions, vec![0, 1]);
    admin.close().await.expect("close");
}

/// Posts the registration form of `event` (with the CSRF cookie and token
/// of `form`); the status and whether it says when to retry.
async fn post_registration(
    app: &TestApp,
    event: &entities::event::Model,
    (cookie, token): &(String, String),
    email: &str,
) -> (StatusCode, bool) {
    let body = format!(
        "csrf={}&name=Sida&email={}&mode=ONLINE&consent=yes",
        token,
        email.replace('@', "%40")
    );
    let response = app
        .http
        .post(app.url(&format!("/events/{}/register", event.id)))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Cookie", cookie)
        .body(body)
        .send()
        .await
        .expect("post");
    (
        response.status(),
        response.headers().contains_key("retry-after"),
    )
}

fn sqlite_path(app: &TestApp) -> PathBuf {
    match api::db::Target::parse(&app.state.config.database_url()).expect("url") {
        api::db::Target::Sqlite { path } => path,
        other => panic!("not SQLite: {other}"),
    }
}

/// Puts every pooled connection into the state SQLite leaves a connection in
/// that opened while its file was unwritable: read-only for good. (The
/// tests may run as root, for whom `chmod` does not stop a write; `PRAGMA
/// query_only` gives the same "attempt to write a readonly database".)
async fn make_pooled_connections_read_only(app: &TestApp) {
    let pool = app.db().get_sqlite_connection_pool();
    let mut held = Vec::new();
    for _ in 0..app.state.config.db_max_connections {
        let mut conn = pool.acquire().await.expect("acquire");
        sea_orm::sqlx::query("PRAGMA query_only = ON")
            .execute(&mut *conn)
            .await
            .expect("query_only");
        held.push(conn);
    }
}

/// Makes the database file impossible to open (a directory in its place,
/// which stops root too); the file comes back with [`restore`].
fn make_file_unopenable(path: &Path) -> PathBuf {
    let aside = path.with_extension("aside");
    std::fs::rename(path, &aside).expect("move aside");
    std::fs::create_dir(path).expect("dir in its place");
    aside
}

fn restore(path: &Path, aside: &Path) {
    std::fs::remove_dir(path).expect("remove dir");
    std::fs::rename(aside, path).expect("move back");
}

#[tokio::test]
async fn an_unwritable_sqlite_file_is_unavailable_and_writes_work_again_once_it_is_back() {
    let app = TestApp::spawn_with(|c| c.db_max_connections = 3).await;
    if app.is_postgres() {
        return;
    }
    let event = open_event(&app).await;
    let id = event_gid(&event);
    assert_eq!(
        register(&app, &id, "before@example.se").await.as_deref(),
        Ok("CONFIRMED")
    );
    let path = sqlite_path(&app);
    make_pooled_connections_read_only(&app).await;
    let aside = make_file_unopenable(&path);

    let (status, retry_after) = readyz(&app).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(retry_after.is_some(), "503 says when to retry");
    assert_eq!(
        register(&app, &id, "during@example.se").await,
        Err("SERVICE_UNAVAILABLE".to_owned())
    );
    let response = app
        .http
        .get(app.url(&format!("/events/{}", event.id)))
        .send()
        .await
        .expect("page");
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(response.headers().contains_key("retry-after"));

    // Back again: no restart, and the read-only connections are gone.
    restore(&path, &aside);
    assert_eq!(
        register(&app, &id, "after@example.se").await.as_deref(),
        Ok("CONFIRMED")
    );
    let form = crate::pages::event_form(&app, &event).await;
    let (status, _) = post_registration(&app, &event, &form, "page@example.se").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(readyz(&app).await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_page_post_while_sqlite_is_unwritable_answers_503_with_retry_after() {
    let app = TestApp::spawn_with(|c| c.db_max_connections = 2).await;
    if app.is_postgres() {
        return;
    }
    let event = open_event(&app).await;
    // The form's CSRF cookie and token, fetched while the page can be read.
    let form = crate::pages::event_form(&app, &event).await;
    let path = sqlite_path(&app);
    make_pooled_connections_read_only(&app).await;
    // The first write finds a read-only connection, the retry cannot open
    // the file: a 503, not a 500.
    let aside = make_file_unopenable(&path);
    let (status, retry_after) = post_registration(&app, &event, &form, "page@example.se").await;
    restore(&path, &aside);
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(retry_after, "503 says when to retry");
}

#[tokio::test]
async fn start_up_names_the_database_and_the_cause_but_not_the_password() {
    let config = Config::for_tests(
        "postgres://traffpunkt:hemligt-l0senord@127.0.0.1:1/evenemang".to_owned(),
        scratch_dir(),
    );
    let err = api::db::connect(&config)
        .await
        .expect_err("nothing listens on port 1");
    let message = format!("{err:#}");
    assert!(message.contains("127.0.0.1:1"), "{message}");
    assert!(message.contains("evenemang"), "{message}");
    assert!(message.to_lowercase().contains("refused"), "{message}");
    assert!(!message.contains("hemligt"), "{message}");

    let file = scratch_dir().join("not-a-dir");
    std::fs::write(&file, b"").expect("file");
    let config = Config::for_tests(
        format!("sqlite://{}/x.db?mode=rwc", file.display()),
        scratch_dir(),
    );
    let err = api::db::connect(&config).await.expect_err("cannot open");
    let message = format!("{err:#}");
    assert!(message.contains(&file.display().to_string()), "{message}");
    assert!(message.contains("unable to open"), "{message}");
}
