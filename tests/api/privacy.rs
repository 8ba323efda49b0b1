//! Export and erasure of one's own data.

use serde_json::json;

use crate::fixtures::{EventBuilder, NetworkBuilder, confirmed_registration};
use crate::helpers::{TestApp, error_code, user_error_codes};

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
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
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
