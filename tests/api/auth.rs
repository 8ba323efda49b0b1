//! Sign-in, sessions, API tokens, bootstrap and privacy.

use api::service::auth;
use chrono::Duration;
use serde_json::json;

use crate::helpers::{TestApp, error_code, user_error_codes};

const REQUEST: &str = "mutation($e: String!) { requestSignInLink(input: { email: $e }) { sent userErrors { field code message } } }";
const SIGN_IN: &str = "mutation($t: String!) { signIn(input: { token: $t }) { sessionToken expiresAt viewer { email person { name } } userErrors { field code } } }";
const VIEWER: &str =
    "{ viewer { email isPlatformAdmin person { name } roles { role network { slug } } } }";

#[tokio::test]
async fn the_answer_does_not_tell_whether_an_address_is_known() {
    let app = TestApp::spawn().await;
    auth::ensure_admin(&app.cx(), "known@example.se", "Känd Person")
        .await
        .expect("person");
    let known = app
        .gql_ok_as(None, REQUEST, json!({ "e": "known@example.se" }))
        .await;
    let unknown = app
        .gql_ok_as(None, REQUEST, json!({ "e": "nobody@example.se" }))
        .await;
    assert_eq!(known, unknown);
    assert_eq!(known["requestSignInLink"]["sent"], true);

    let malformed = app
        .gql_ok_as(None, REQUEST, json!({ "e": "not an address" }))
        .await;
    assert_eq!(
        user_error_codes(&malformed["requestSignInLink"]),
        ["INVALID"]
    );
}

#[tokio::test]
async fn a_link_signs_in_once_and_the_session_signs_out() {
    let app = TestApp::spawn().await;
    let link = auth::request_sign_in_link(app.db(), &app.state.clock, "Asa.Oberg@Example.se", None)
        .await
        .expect("link");
    let signed_in = app
        .gql_ok_as(None, SIGN_IN, json!({ "t": link.token }))
        .await;
    let payload = &signed_in["signIn"];
    assert_eq!(payload["viewer"]["email"], "asa.oberg@example.se");
    assert_eq!(
        payload["viewer"]["person"]["name"], "Asa Oberg",
        "a new person is created from the address"
    );
    let session = payload["sessionToken"]
        .as_str()
        .expect("session")
        .to_owned();
    assert!(session.starts_with("tps_"));

    let again = app
        .gql_ok_as(None, SIGN_IN, json!({ "t": link.token }))
        .await;
    assert_eq!(
        user_error_codes(&again["signIn"]),
        ["INVALID"],
        "a link works once"
    );

    let me = app.gql_ok_as(Some(&session), VIEWER, json!({})).await;
    assert_eq!(me["viewer"]["email"], "asa.oberg@example.se");
    assert_eq!(me["viewer"]["isPlatformAdmin"], false);
    let anonymous = app.gql_ok_as(None, VIEWER, json!({})).await;
    assert!(anonymous["viewer"].is_null());

    let out = app
        .gql_ok_as(
            Some(&session),
            "mutation { signOut { signedOut } }",
            json!({}),
        )
        .await;
    assert_eq!(out["signOut"]["signedOut"], true);
    let after = app.gql_as(Some(&session), VIEWER, json!({})).await;
    assert_eq!(error_code(&after), "UNAUTHENTICATED");
}

#[tokio::test]
async fn links_expire_after_fifteen_minutes() {
    let app = TestApp::spawn().await;
    let link = auth::request_sign_in_link(app.db(), &app.state.clock, "late@example.se", None)
        .await
        .expect("link");
    app.state.clock.advance(Duration::minutes(16));
    let late = app
        .gql_ok_as(None, SIGN_IN, json!({ "t": link.token }))
        .await;
    assert_eq!(user_error_codes(&late["signIn"]), ["INVALID"]);
    let garbage = app
        .gql_ok_as(None, SIGN_IN, json!({ "t": "tpl_nonsense" }))
        .await;
    assert_eq!(user_error_codes(&garbage["signIn"]), ["INVALID"]);
}

#[tokio::test]
async fn sign_in_requests_are_rate_limited_per_address_and_client() {
    let app = TestApp::spawn().await;
    for _ in 0..auth::MAX_LINKS_PER_ADDRESS {
        let ok = app
            .gql_ok_as(None, REQUEST, json!({ "e": "busy@example.se" }))
            .await;
        assert_eq!(ok["requestSignInLink"]["sent"], true);
    }
    let limited = app
        .gql_ok_as(None, REQUEST, json!({ "e": "busy@example.se" }))
        .await;
    assert_eq!(
        user_error_codes(&limited["requestSignInLink"]),
        ["RATE_LIMITED"]
    );
    assert_eq!(limited["requestSignInLink"]["sent"], false);

    // The same client asking for many addresses is stopped too.
    let mut codes = Vec::new();
    for i in 0..auth::MAX_LINKS_PER_IP {
        let answer = app
            .gql_ok_as(None, REQUEST, json!({ "e": format!("p{i}@example.se") }))
            .await;
        codes.extend(user_error_codes(&answer["requestSignInLink"]));
    }
    assert!(
        codes.contains(&"RATE_LIMITED".to_owned()),
        "per-client limit: {codes:?}"
    );

    app.state.clock.advance(Duration::minutes(16));
    let later = app
        .gql_ok_as(None, REQUEST, json!({ "e": "busy@example.se" }))
        .await;
    assert_eq!(
        later["requestSignInLink"]["sent"], true,
        "the window moves on"
    );
}

#[tokio::test]
async fn sessions_expire_and_invalid_tokens_are_refused() {
    let app = TestApp::spawn().await;
    let session = app.sign_in("someone@example.se").await;
    app.state.clock.advance(Duration::days(31));
    let expired = app.gql_as(Some(&session), VIEWER, json!({})).await;
    assert_eq!(error_code(&expired), "UNAUTHENTICATED");
    let invalid = app.gql_as(Some("tps_forged"), VIEWER, json!({})).await;
    assert_eq!(error_code(&invalid), "UNAUTHENTICATED");
    assert!(invalid["errors"][0]["extensions"]["requestId"].is_string());
}

#[tokio::test]
async fn api_tokens_are_shown_once_scoped_and_revocable() {
    let app = TestApp::spawn().await;
    let session = app.sign_in("integrator@example.se").await;
    let create =
        "mutation($n: String!, $s: TokenScope!) { createApiToken(input: { name: $n, scope: $s }) {
        token apiToken { id name scope revokedAt } userErrors { code } } }";
    let read = app
        .gql_ok_as(
            Some(&session),
            create,
            json!({ "n": "Intranätet", "s": "READ" }),
        )
        .await["createApiToken"]
        .clone();
    let read_token = read["token"].as_str().expect("token").to_owned();
    assert!(read_token.starts_with("tpa_"));
    assert_eq!(read["apiToken"]["scope"], "READ");

    let me = app.gql_ok_as(Some(&read_token), VIEWER, json!({})).await;
    assert_eq!(me["viewer"]["email"], "integrator@example.se");
    let write = app
        .gql_as(Some(&read_token), "mutation { createOrganisation(input: { name: \"X\", kind: OTHER }) { organisation { id } } }", json!({}))
        .await;
    assert_eq!(
        error_code(&write),
        "FORBIDDEN",
        "a read token cannot change anything"
    );
    let token_from_token = app
        .gql_as(
            Some(&read_token),
            create,
            json!({ "n": "more", "s": "READ_WRITE" }),
        )
        .await;
    assert_eq!(
        error_code(&token_from_token),
        "FORBIDDEN",
        "tokens are made with a session"
    );

    let listed = app
        .gql_ok_as(
            Some(&session),
            "{ viewer { apiTokens { name scope lastUsedAt } } }",
            json!({}),
        )
        .await;
    assert_eq!(listed["viewer"]["apiTokens"][0]["name"], "Intranätet");
    assert!(listed["viewer"]["apiTokens"][0]["lastUsedAt"].is_string());

    let revoked = app
        .gql_ok_as(
            Some(&session),
            "mutation($id: ID!) { revokeApiToken(input: { id: $id }) { apiToken { revokedAt } userErrors { code } } }",
            json!({ "id": read["apiToken"]["id"] }),
        )
        .await;
    assert!(revoked["revokeApiToken"]["apiToken"]["revokedAt"].is_string());
    let after = app.gql_as(Some(&read_token), VIEWER, json!({})).await;
    assert_eq!(error_code(&after), "UNAUTHENTICATED");

    let other = app.sign_in("other@example.se").await;
    let not_theirs = app
        .gql_ok_as(
            Some(&other),
            "mutation($id: ID!) { revokeApiToken(input: { id: $id }) { apiToken { revokedAt } userErrors { code } } }",
            json!({ "id": read["apiToken"]["id"] }),
        )
        .await;
    assert_eq!(
        user_error_codes(&not_theirs["revokeApiToken"]),
        ["NOT_FOUND"]
    );
}

#[tokio::test]
async fn bootstrap_makes_an_admin_once_and_prints_working_tokens() {
    let app = TestApp::spawn().await;
    let first = auth::ensure_admin(&app.cx(), "Root@Example.se", "Rut Åberg")
        .await
        .expect("admin");
    let second = auth::ensure_admin(&app.cx(), "root@example.se", "Rut Åberg")
        .await
        .expect("again");
    assert_eq!(first.id, second.id);
    assert!(second.is_platform_admin);
    let token = auth::admin_token(&app.cx(), "root@example.se")
        .await
        .expect("token")
        .token;
    let me = app.gql_ok_as(Some(&token), VIEWER, json!({})).await;
    assert_eq!(me["viewer"]["isPlatformAdmin"], true);
    let created = app
        .gql_ok_as(
            Some(&token),
            "mutation { createNetwork(input: { name: \"Branschråd äldreomsorg\" }) { network { slug } userErrors { code } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        created["createNetwork"]["network"]["slug"],
        "branschrad-aldreomsorg"
    );
    assert!(
        auth::admin_token(&app.cx(), "nobody@example.se")
            .await
            .is_err()
    );
}

#[tokio::test]
async fn the_mailed_link_signs_in_and_is_wiped_from_the_outbox() {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let app = TestApp::spawn().await;
    auth::ensure_admin(&app.cx(), "asa@example.se", "Åsa Öberg")
        .await
        .expect("person");
    for address in ["asa@example.se", "ny.person@example.se"] {
        let sent = app.gql_ok_as(None, REQUEST, json!({ "e": address })).await;
        assert_eq!(sent["requestSignInLink"]["sent"], true);
    }
    let queued = entities::outbox::Entity::find()
        .filter(entities::outbox::Column::RecipientEmail.eq("asa@example.se"))
        .one(app.db())
        .await
        .expect("outbox")
        .expect("a mail is queued");
    assert_eq!(queued.kind, "SIGN_IN_LINK");
    assert_eq!(queued.recipient_name.as_deref(), Some("Åsa Öberg"));
    let link_start = queued
        .body_text
        .find("https://traffpunkt.test/sign-in?token=")
        .expect("link in the mail");
    let token: String = queued.body_text[link_start..]
        .trim_start_matches("https://traffpunkt.test/sign-in?token=")
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    let unknown = entities::outbox::Entity::find()
        .filter(entities::outbox::Column::RecipientEmail.eq("ny.person@example.se"))
        .one(app.db())
        .await
        .expect("outbox");
    assert!(unknown.is_some(), "an unknown address gets a link too");

    let signed_in = app.gql_ok_as(None, SIGN_IN, json!({ "t": token })).await;
    assert_eq!(signed_in["signIn"]["viewer"]["person"]["name"], "Åsa Öberg");

    let sent = app.run_jobs().await;
    assert_eq!(sent, 2);
    let after = entities::outbox::Entity::find_by_id(queued.id)
        .one(app.db())
        .await
        .expect("outbox")
        .expect("row");
    assert!(
        !after.body_text.contains(&token),
        "the secret does not stay in the outbox"
    );
}
