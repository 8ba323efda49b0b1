//! The questions page of the console (`/organise/events/{id}/questions`):
//! an organiser adds free-text and choice questions to an event's
//! registration form and removes them; the public form and the API ask
//! them at once; bad input comes back next to its fields and stores
//! nothing; forms without their CSRF token are refused; an organiser of
//! another network finds nothing, also through guessed URLs.

use entities::{JoinLinkVisibility, NetworkRole, registration_question};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;
use uuid::Uuid;

use crate::fixtures::{EventBuilder, NetworkBuilder, event_gid, signed_in_with_role};
use crate::helpers::{TestApp, at};

async fn stored(app: &TestApp, event: Uuid) -> Vec<registration_question::Model> {
    registration_question::Entity::find()
        .filter(registration_question::Column::EventId.eq(event))
        .order_by_asc(registration_question::Column::Position)
        .all(app.db())
        .await
        .expect("questions")
}

#[tokio::test]
async fn an_organiser_asks_questions_the_form_and_api_ask_them_and_mistakes_store_nothing() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Socialchefer Skåne").insert(&app).await;
    let event = EventBuilder::new(&network)
        .title("Nätverksträff i Lund")
        .times(at("2027-02-11T08:00:00Z"), at("2027-02-11T12:00:00Z"))
        .hybrid(JoinLinkVisibility::Registered)
        .published()
        .insert(&app)
        .await;
    let organiser =
        signed_in_with_role(&app, &network, "samordnare@lund.se", NetworkRole::Organiser).await;
    let page = format!("/organise/events/{}/questions", event.id);

    let (status, html) = app.page(&format!("{page}?lang=sv"), Some(&organiser)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Formuläret frågar inget mer"), "{html}");

    // A choice question with one option, and one with no label: both
    // errors at once, next to their fields, and nothing stored.
    let (status, _, html) = app
        .post_form(
            &format!("{page}?lang=sv"),
            &organiser,
            true,
            &[
                ("kind", "SINGLE_CHOICE"),
                ("label", ""),
                ("options", "Lund\n"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("id=\"label-error\""), "{html}");
    assert!(html.contains("Skriv minst två alternativ"), "{html}");
    assert!(
        html.contains("href=\"#options\""),
        "the summary links to the field"
    );
    assert!(
        html.contains(">Lund</textarea>"),
        "what was typed stays: {html}"
    );
    assert!(stored(&app, event.id).await.is_empty());

    // A free-text question with options is refused in English too.
    let (status, _, html) = app
        .post_form(
            &format!("{page}?lang=en"),
            &organiser,
            true,
            &[("kind", "TEXT"), ("label", "Diet"), ("options", "a\nb")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(
        html.contains("A free-text question has no options"),
        "{html}"
    );

    // Two good questions.
    let (status, location, _) = app
        .post_form(
            &format!("{page}?lang=sv"),
            &organiser,
            true,
            &[
                ("kind", "TEXT"),
                ("label", "Allergier eller specialkost?"),
                ("options", ""),
                ("required", "on"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.contains("done=added"), "{location}");
    let (status, _, _) = app
        .post_form(
            &format!("{page}?lang=sv"),
            &organiser,
            true,
            &[
                ("kind", "MULTIPLE_CHOICE"),
                ("label", "Vilka pass deltar du i?"),
                ("options", "Förmiddag\r\n\r\nEftermiddag\r\n"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let questions = stored(&app, event.id).await;
    assert_eq!(questions.len(), 2);
    assert!(questions[0].required);
    assert_eq!(questions[1].choices(), vec!["Förmiddag", "Eftermiddag"]);
    assert!(!questions[1].required);

    let (_, html) = app
        .page(&format!("{page}?lang=sv&done=added"), Some(&organiser))
        .await;
    assert!(html.contains("Frågan är tillagd."), "{html}");
    assert!(html.contains("Allergier eller specialkost?"));
    assert!(html.contains("<li>Eftermiddag</li>"), "{html}");

    // The public form and the API ask them now.
    let (_, public) = app
        .page(&format!("/events/{}?lang=sv", event.id), None)
        .await;
    assert!(public.contains("Allergier eller specialkost?"), "{public}");
    assert!(public.contains("Eftermiddag"), "{public}");
    let data = app
        .gql_ok_as(
            None,
            "query($id: ID!) { node(id: $id) { ... on Event { questions { label kind required } } } }",
            json!({ "id": event_gid(&event) }),
        )
        .await;
    assert_eq!(
        data["node"]["questions"],
        json!([
            { "label": "Allergier eller specialkost?", "kind": "TEXT", "required": true },
            { "label": "Vilka pass deltar du i?", "kind": "MULTIPLE_CHOICE", "required": false },
        ])
    );

    // Removing one; the other stays.
    let (status, location, _) = app
        .post_form(
            &format!("/organise/questions/{}/remove?lang=sv", questions[0].id),
            &organiser,
            true,
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.contains("done=removed"), "{location}");
    let left = stored(&app, event.id).await;
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].label, "Vilka pass deltar du i?");
}

#[tokio::test]
async fn others_find_no_questions_and_forms_need_their_token() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Äldreomsorg Norr").insert(&app).await;
    let other = NetworkBuilder::new("Barn och unga Syd").insert(&app).await;
    let event = EventBuilder::new(&network)
        .title("Rådsmöte")
        .times(at("2027-03-02T08:00:00Z"), at("2027-03-02T10:00:00Z"))
        .published()
        .insert(&app)
        .await;
    let organiser =
        signed_in_with_role(&app, &network, "ordf@umea.se", NetworkRole::Organiser).await;
    let stranger =
        signed_in_with_role(&app, &other, "samordnare@malmo.se", NetworkRole::Organiser).await;
    let page = format!("/organise/events/{}/questions", event.id);
    let question = [("kind", "TEXT"), ("label", "Något vi bör veta?")];

    // Without the CSRF token: refused, nothing stored.
    let (status, _, _) = app.post_form(&page, &organiser, false, &question).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(stored(&app, event.id).await.is_empty());

    // Another network's organiser: not found, on every path.
    let (status, _) = app.page(&page, Some(&stranger)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = app.post_form(&page, &stranger, true, &question).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(stored(&app, event.id).await.is_empty());

    let (status, _, _) = app.post_form(&page, &organiser, true, &question).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let id = stored(&app, event.id).await[0].id;
    let remove = format!("/organise/questions/{id}/remove");
    let (status, _, _) = app.post_form(&remove, &stranger, true, &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = app
        .post_form(
            "/organise/questions/not-a-uuid/remove",
            &organiser,
            true,
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(stored(&app, event.id).await.len(), 1, "still there");
}
