//! The test app: a real server on a free port over a fresh database per test,
//! cloned from a template that the real migrations built once. SQLite always;
//! PostgreSQL when `TEST_DATABASE_URL` is set.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::OnceLock;

use api::clock::Clock;
use api::config::Config;
use api::service;
use api::state::AppState;
use chrono::{DateTime, Utc};
use migration::MigratorTrait;
use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::{Value, json};
use tokio::sync::oneshot;

/// Where this test process keeps its SQLite files.
pub fn scratch_dir() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("traffpunkt-tests-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch dir");
        dir
    })
    .clone()
}

fn block_on_fresh_runtime<T: Send + 'static>(
    fut: impl std::future::Future<Output = T> + Send + 'static,
) -> T {
    // Templates are built once per process, from whichever test gets there
    // first; a runtime of their own keeps them independent of that test's.
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
            .block_on(fut)
    })
    .join()
    .expect("template thread")
}

/// The migrated SQLite template file of this process.
fn sqlite_template() -> PathBuf {
    static TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
    TEMPLATE
        .get_or_init(|| {
            let path = scratch_dir().join("template.db");
            let url = format!("sqlite://{}?mode=rwc", path.display());
            block_on_fresh_runtime(async move {
                let db = Database::connect(url).await.expect("template connect");
                migration::Migrator::up(&db, None)
                    .await
                    .expect("migrate template");
                db.close().await.expect("close template");
            });
            path
        })
        .clone()
}

fn migrations_fingerprint() -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for m in migration::Migrator::migrations() {
        m.name().hash(&mut hasher);
    }
    format!("{:016x}", hasher.finish())
}

fn with_database(url: &str, name: &str) -> String {
    let base = url.rsplit_once('/').map_or(url, |(base, _)| base);
    format!("{base}/{name}")
}

/// The name of the migrated PostgreSQL template database, built once per set
/// of migrations (under an advisory lock, renamed into place when complete).
fn postgres_template(admin_url: &str) -> String {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE
        .get_or_init(|| {
            let name = format!("tp_tmpl_{}", migrations_fingerprint());
            let admin_url = admin_url.to_owned();
            let template = name.clone();
            block_on_fresh_runtime(async move {
                let admin = Database::connect(&admin_url)
                    .await
                    .expect("connect TEST_DATABASE_URL");
                let backend = admin.get_database_backend();
                let exec = |sql: String| {
                    let admin = admin.clone();
                    async move {
                        admin
                            .execute_raw(Statement::from_string(backend, sql))
                            .await
                    }
                };
                exec("SELECT pg_advisory_lock(727274)".into())
                    .await
                    .expect("lock");
                let exists = admin
                    .query_one_raw(Statement::from_string(
                        backend,
                        format!("SELECT 1 FROM pg_database WHERE datname = '{template}'"),
                    ))
                    .await
                    .expect("look up template")
                    .is_some();
                if !exists {
                    let building = format!("{template}_building");
                    exec(format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"))
                        .await
                        .expect("drop stale");
                    exec(format!("CREATE DATABASE {building}"))
                        .await
                        .expect("create template");
                    let db = Database::connect(with_database(&admin_url, &building))
                        .await
                        .expect("connect template");
                    migration::Migrator::up(&db, None)
                        .await
                        .expect("migrate template");
                    db.close().await.expect("close template");
                    exec(format!("ALTER DATABASE {building} RENAME TO {template}"))
                        .await
                        .expect("rename template");
                }
                exec("SELECT pg_advisory_unlock(727274)".into())
                    .await
                    .expect("unlock");
                admin.close().await.expect("close admin");
            });
            name
        })
        .clone()
}

enum TestDb {
    Sqlite(PathBuf),
    Postgres { admin_url: String, name: String },
}

impl TestDb {
    async fn create() -> (Self, String) {
        match std::env::var("TEST_DATABASE_URL")
            .ok()
            .filter(|u| !u.is_empty())
        {
            Some(admin_url) => {
                let template = postgres_template(&admin_url);
                let name = format!("tp_t_{}", uuid::Uuid::new_v4().simple());
                let admin = Database::connect(&admin_url).await.expect("connect admin");
                admin
                    .execute_raw(Statement::from_string(
                        admin.get_database_backend(),
                        format!("CREATE DATABASE {name} TEMPLATE {template}"),
                    ))
                    .await
                    .expect("clone template");
                admin.close().await.expect("close admin");
                let url = with_database(&admin_url, &name);
                (Self::Postgres { admin_url, name }, url)
            }
            None => {
                let path = scratch_dir().join(format!("{}.db", uuid::Uuid::new_v4().simple()));
                std::fs::copy(sqlite_template(), &path).expect("copy template");
                let url = format!("sqlite://{}?mode=rwc", path.display());
                (Self::Sqlite(path), url)
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match self {
            TestDb::Sqlite(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            TestDb::Postgres { admin_url, name } => {
                let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                let url = admin_url.clone();
                block_on_fresh_runtime(async move {
                    if let Ok(admin) = Database::connect(&url).await {
                        let backend = admin.get_database_backend();
                        let _ = admin
                            .execute_raw(Statement::from_string(backend, sql))
                            .await;
                        let _ = admin.close().await;
                    }
                });
            }
        }
    }
}

/// A running Träffpunkt over its own database.
pub struct TestApp {
    /// Where the server listens.
    pub addr: SocketAddr,
    /// The server's state: database, clock, statement counter.
    pub state: AppState,
    /// An HTTP client.
    pub http: reqwest::Client,
    admin: tokio::sync::OnceCell<String>,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
    _db: Option<TestDb>,
}

/// 2026-09-01 08:00 UTC: "now" for tests unless they move the clock.
pub fn test_now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-09-01T08:00:00Z")
        .expect("valid instant")
        .with_timezone(&Utc)
}

impl TestApp {
    /// Starts the app with a fixed clock at [`test_now`].
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// Starts the app with a fixed clock at [`test_now`] and the test
    /// configuration as changed by `configure` (e.g. an `SMTP_URL`).
    pub async fn spawn_with(configure: impl FnOnce(&mut Config)) -> Self {
        let (db, url) = TestDb::create().await;
        let mut config = Config::for_tests(url, scratch_dir());
        configure(&mut config);
        Self::start(config, Some(db)).await
    }

    /// Another server over this one's database, as a second server process
    /// would be (its own pool, clock and live hub). This app must outlive it:
    /// the database goes with this one.
    pub async fn another_server(&self) -> Self {
        let config = Config::for_tests(self.state.config.database_url(), scratch_dir());
        Self::start(config, None).await
    }

    async fn start(config: Config, db: Option<TestDb>) -> Self {
        let (shutdown_tx, shutdown_rx) = oneshot::channel::<()>();
        let (bound_tx, bound_rx) = oneshot::channel();
        let server = tokio::spawn(async move {
            let result = api::app::serve(
                config,
                Clock::fixed(test_now()),
                async {
                    let _ = shutdown_rx.await;
                },
                move |addr, state| {
                    let _ = bound_tx.send((addr, state));
                },
            )
            .await;
            if let Err(err) = result {
                panic!("server failed: {err:#}");
            }
        });
        let (addr, state) = bound_rx.await.expect("server did not start");
        Self {
            addr,
            state,
            http: reqwest::Client::new(),
            admin: tokio::sync::OnceCell::new(),
            shutdown: Some(shutdown_tx),
            server: Some(server),
            _db: db,
        }
    }

    /// A service context acting as the system (for fixtures).
    pub fn cx(&self) -> service::Context {
        service::Context::system(self.state.db.clone(), self.state.clock.clone())
            .with_public_url(&self.state.config.public_url())
    }

    /// The job runner (service jobs and a mail worker) as the server runs it,
    /// with a fresh worker id.
    pub fn jobs(&self) -> api::jobs::Jobs {
        api::jobs::Jobs::new(&self.state.mail, &self.state.config.public_url())
    }

    /// The job runner with the given worker id (to play several processes).
    pub fn jobs_with_id(&self, id: &str) -> api::jobs::Jobs {
        api::jobs::Jobs::with_id(&self.state.mail, &self.state.config.public_url(), id)
    }

    /// One pass of the jobs and the mail worker; how many mails it finished.
    pub async fn run_jobs(&self) -> usize {
        self.jobs().run_once().await.expect("worker pass")
    }

    /// SQL statements sent so far.
    pub fn statements(&self) -> u64 {
        self.state.statements.get()
    }

    /// An absolute URL on the app.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// POSTs a GraphQL request and returns the whole JSON response.
    pub async fn gql(&self, query: &str, variables: Value) -> Value {
        self.gql_as(None, query, variables).await
    }

    /// POSTs a GraphQL request with a bearer token (or none).
    pub async fn gql_as(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let mut request = self
            .http
            .post(self.url("/graphql"))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("request");
        let status = response.status();
        let body: Value = response
            .json()
            .await
            .unwrap_or_else(|err| panic!("HTTP {status} without a JSON body: {err}"));
        assert!(
            status.is_success() || body["errors"].is_array(),
            "HTTP {status} without GraphQL errors: {body}"
        );
        body
    }

    /// POSTs a GraphQL request that must succeed and returns its `data`.
    /// Fixtures and most tests act as a platform administrator.
    pub async fn gql_ok(&self, query: &str, variables: Value) -> Value {
        let token = self.admin_token().await;
        self.gql_ok_as(Some(&token), query, variables).await
    }

    /// Like [`TestApp::gql_ok`] as the holder of `token` (or anonymously).
    pub async fn gql_ok_as(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let body = self.gql_as(token, query, variables).await;
        assert!(body.get("errors").is_none(), "unexpected errors: {body}");
        body["data"].clone()
    }

    /// A session token of the test administrator (made on first use).
    pub async fn admin_token(&self) -> String {
        if let Some(token) = self.admin.get() {
            return token.clone();
        }
        api::service::auth::ensure_admin(&self.cx(), "admin@traffpunkt.test", "Test Admin")
            .await
            .expect("admin");
        let token = self.sign_in("admin@traffpunkt.test").await;
        let _ = self.admin.set(token.clone());
        token
    }

    /// Signs `email` in through the `signIn` mutation with a fresh link token
    /// and returns the session token.
    pub async fn sign_in(&self, email: &str) -> String {
        let link =
            api::service::auth::request_sign_in_link(self.db(), &self.state.clock, email, None)
                .await
                .expect("sign-in link");
        let data = self
            .gql_ok_as(
                None,
                "mutation($t: String!) { signIn(input: { token: $t }) { sessionToken userErrors { code } } }",
                json!({ "t": link.token }),
            )
            .await;
        data["signIn"]["sessionToken"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {data}"))
            .to_owned()
    }

    /// A page as the holder of `session` (or anonymously) sees it: status
    /// and body. The session's browser holds [`PAGE_CSRF`] as its CSRF cookie.
    pub async fn page(&self, path: &str, session: Option<&str>) -> (reqwest::StatusCode, String) {
        let mut request = self.http.get(self.url(path));
        if let Some(token) = session {
            request = request.header(
                "Cookie",
                format!("__Host-tp_session={token}; __Host-tp_csrf={PAGE_CSRF}"),
            );
        }
        let response = request.send().await.expect("get");
        let status = response.status();
        (status, response.text().await.expect("body"))
    }

    /// Posts a page form as the holder of `session`, with the CSRF token
    /// when `csrf`: status, `Location` and body (no redirects followed).
    pub async fn post_form(
        &self,
        path: &str,
        session: &str,
        csrf: bool,
        fields: &[(&str, &str)],
    ) -> (reqwest::StatusCode, String, String) {
        let mut all = Vec::with_capacity(fields.len() + 1);
        if csrf {
            all.push(("csrf", PAGE_CSRF));
        }
        all.extend_from_slice(fields);
        let cookies = format!("__Host-tp_session={session}; __Host-tp_csrf={PAGE_CSRF}");
        post_page_form(self, path, &cookies, &all).await
    }

    /// Whether the tests run on PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        api::db::is_postgres(&self.state.db)
    }

    /// The database pool.
    pub fn db(&self) -> &sea_orm::DatabaseConnection {
        &self.state.db
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}

/// The CSRF token the tests' browser holds for page forms (cookie and field
/// alike: the double-submit check compares them).
pub const PAGE_CSRF: &str = "page-test-csrf-token-0123456789abcdef";

/// The first error's `extensions.code`.
pub fn error_code(body: &Value) -> String {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no error code in {body}"))
        .to_owned()
}

/// The `code`s of a payload's `userErrors`.
pub fn user_error_codes(payload: &Value) -> Vec<String> {
    payload["userErrors"]
        .as_array()
        .unwrap_or_else(|| panic!("no userErrors in {payload}"))
        .iter()
        .map(|e| e["code"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The cookies of a browser on a page with a form — its session's (when
/// signed in) and the CSRF cookie the page set — and the form's CSRF token.
pub async fn page_form_cookies(
    app: &TestApp,
    path: &str,
    session: Option<&str>,
) -> (String, String) {
    let mut request = app.http.get(app.url(path));
    if let Some(session) = session {
        request = request.header("Cookie", format!("__Host-tp_session={session}"));
    }
    let response = request.send().await.expect("get");
    assert_eq!(response.status(), reqwest::StatusCode::OK, "{path}");
    let csrf_cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("__Host-tp_csrf="))
        .expect("a page with forms sets the CSRF cookie")
        .split(';')
        .next()
        .expect("pair")
        .to_owned();
    let html = response.text().await.expect("body");
    let marker = "name=\"csrf\" value=\"";
    let at = html.find(marker).expect("csrf field") + marker.len();
    let token = html[at..].split('"').next().expect("token").to_owned();
    let cookies = match session {
        Some(session) => format!("__Host-tp_session={session}; {csrf_cookie}"),
        None => csrf_cookie,
    };
    (cookies, token)
}

/// [`page_form_cookies`] of a signed-in browser.
pub async fn form_cookies(app: &TestApp, path: &str, session: &str) -> (String, String) {
    page_form_cookies(app, path, Some(session)).await
}

/// Posts a form as a browser does (with `cookies`), without following
/// redirects: status, `Location` and body.
pub async fn post_page_form(
    app: &TestApp,
    path: &str,
    cookies: &str,
    fields: &[(&str, &str)],
) -> (reqwest::StatusCode, String, String) {
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    let response = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .post(app.url(path))
        .header("Cookie", cookies)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("post");
    let status = response.status();
    let location = response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, location, response.text().await.unwrap_or_default())
}

/// The fields of a payload's user errors, dotted (`titleTranslations.1.text`).
pub fn user_error_fields(payload: &Value) -> Vec<String> {
    payload["userErrors"]
        .as_array()
        .unwrap_or_else(|| panic!("no userErrors in {payload}"))
        .iter()
        .map(|e| {
            e["field"]
                .as_array()
                .map(|parts| {
                    parts
                        .iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(".")
                })
                .unwrap_or_default()
        })
        .collect()
}

/// Parses an RFC 3339 instant.
pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .unwrap_or_else(|err| panic!("bad instant {s}: {err}"))
        .with_timezone(&Utc)
}

/// The Python packages the tests run real clients and servers with: the SMTP
/// server (aiosmtpd) and the independent calendar parsers (icalendar,
/// recurring-ical-events).
const PYTHON_PACKAGES: [(&str, &str); 4] = [
    ("aiosmtpd", "aiosmtpd"),
    ("icalendar", "icalendar"),
    ("recurring_ical_events", "recurring-ical-events"),
    ("standardwebhooks", "standardwebhooks"),
];

fn python_has_packages() -> bool {
    let imports = PYTHON_PACKAGES.map(|(module, _)| module).join(", ");
    std::process::Command::new("python3")
        .args(["-c", &format!("import {imports}")])
        .output()
        .is_ok_and(|out| out.status.success())
}

/// Makes sure Python 3 has the packages the tests need, installing them with
/// pip on first use (so `cargo test --workspace` works on a fresh machine),
/// and fails loudly when that is impossible: these tests never skip.
pub fn python_ready() {
    static READY: OnceLock<Result<(), String>> = OnceLock::new();
    let ready = READY.get_or_init(|| {
        if python_has_packages() {
            return Ok(());
        }
        let packages = PYTHON_PACKAGES.map(|(_, package)| package);
        // Debian's Python refuses system-wide installs without the flag.
        for extra in [&[][..], &["--break-system-packages"][..], &["--user"][..]] {
            let installed = std::process::Command::new("python3")
                .args(["-m", "pip", "install", "--quiet"])
                .args(extra)
                .args(packages)
                .status()
                .is_ok_and(|status| status.success());
            if installed && python_has_packages() {
                return Ok(());
            }
        }
        Err(format!(
            "the tests need Python 3 with {}; installing them with pip failed: \
             run `python3 -m pip install {}`",
            packages.join(", "),
            packages.join(" ")
        ))
    });
    if let Err(message) = ready {
        panic!("{message}");
    }
}
