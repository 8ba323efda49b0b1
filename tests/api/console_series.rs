//! The series page of the console (`/organise/series/{id}`): an organiser
//! adds a term's dates to a monthly meeting, one per line, each a copy of
//! the latest occurrence at its own times (in the series' time zone,
//! summer and winter time alike); a bad line is named and nothing is
//! stored; forms need their CSRF token; another network's organiser finds
//! nothing. And the event form's project network: only for an event that
//! takes applications, only one the organiser manages.

use entities::{EventStatus, NetworkRole, event, series};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;

use crate::fixtures::{NetworkBuilder, network_gid, signed_in_with_role};
use crate::helpers::{TestApp, at};

async fn occurrences(app: &TestApp, series: uuid::Uuid) -> Vec<event::Model> {
    event::Entity::find()
        .filter(event::Column::SeriesId.eq(series))
        .order_by_asc(event::Column::StartsAt)
        .all(app.db())
        .await
        .expect("events")
}

/// Helsingborg's group with two autumn meetings, 13–15 local time.
async fn monthly(app: &TestApp, network: &entities::network::Model) -> series::Model {
    let data = app
        .gql_ok(
            "mutation($input: CreateSeriesInput!) { createSeries(input: $input) { userErrors { code } } }",
            json!({ "input": {
                "networkId": network_gid(network),
                "title": "Gemensam utvecklingsgrupp",
                "publish": true,
                "template": {
                    "kind": "MEETING",
                    "attendanceMode": "HYBRID",
                    "venue": { "name": "Fontänhuset Helsingborg" },
                    "onlineMeeting": { "provider": "Webex", "joinUrl": "https://helsingborg.webex.com/meet/utvecklingsgrupp" },
                    "registrationPolicy": "OPEN"
                },
                "occurrences": [
                    { "startsAt": "2027-01-18T12:00:00Z", "endsAt": "2027-01-18T14:00:00Z" },
                    { "startsAt": "2027-02-15T12:00:00Z", "endsAt": "2027-02-15T14:00:00Z" }
                ]
            } }),
        )
        .await;
    assert_eq!(data["createSeries"]["userErrors"], json!([]));
    series::Entity::find()
        .filter(series::Column::NetworkId.eq(network.id))
        .one(app.db())
        .await
        .expect("series")
        .expect("one series")
}

#[tokio::test]
async fn an_organiser_adds_a_terms_dates_and_a_bad_line_is_named() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Gemensam utvecklingsgrupp Helsingborg")
        .insert(&app)
        .await;
    let series = monthly(&app, &network).await;
    let organiser = signed_in_with_role(
        &app,
        &network,
        "samordnare@helsingborg.se",
        NetworkRole::Organiser,
    )
    .await;
    let page = format!("/organise/series/{}", series.id);

    let (status, html) = app.page(&format!("{page}?lang=sv"), Some(&organiser)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("13:00–15:00"),
        "the latest's times are the default: {html}"
    );
    let first = &occurrences(&app, series.id).await[0];
    // An occurrence's form leads here.
    let (_, form) = app
        .page(
            &format!("/organise/events/{}/edit?lang=sv", first.id),
            Some(&organiser),
        )
        .await;
    assert!(
        form.contains(&format!("/organise/series/{}", series.id)),
        "{form}"
    );

    // A line that is not a date: named, and nothing stored.
    let add = format!("{page}/occurrences?lang=sv");
    let (status, _, html) = app
        .post_form(
            &add,
            &organiser,
            true,
            &[("dates", "2027-03-15\n15 april"), ("publish", "on")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("Rad 2 är inte ett datum"), "{html}");
    assert!(
        html.contains("15 april</textarea>"),
        "what was typed stays: {html}"
    );
    assert_eq!(occurrences(&app, series.id).await.len(), 2);
    let (status, _, html) = app
        .post_form(&add, &organiser, true, &[("dates", "  \n")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Skriv minst ett datum."), "{html}");

    // March in winter time at the default times; April in summer time with
    // times and a theme of its own.
    let (status, location, _) = app
        .post_form(
            &add,
            &organiser,
            true,
            &[
                (
                    "dates",
                    "2027-03-15\r\n\r\n2027-04-19 10:00-12:30; Tema: mentorskap\r\n",
                ),
                ("publish", "on"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.contains("done=added-2"), "{location}");
    let all = occurrences(&app, series.id).await;
    assert_eq!(all.len(), 4);
    assert_eq!(
        (all[2].starts_at, all[2].ends_at),
        (at("2027-03-15T12:00:00Z"), at("2027-03-15T14:00:00Z"))
    );
    assert_eq!(all[2].title, all[1].title, "the latest's title");
    assert_eq!(
        (all[3].starts_at, all[3].ends_at),
        (at("2027-04-19T08:00:00Z"), at("2027-04-19T10:30:00Z"))
    );
    assert_eq!(all[3].title, "Tema: mentorskap");
    assert!(all[2..].iter().all(|e| e.status == EventStatus::Published));
    assert_eq!(all[3].venue_name, all[1].venue_name, "a copy of the latest");
    let (_, html) = app
        .page(&format!("{page}?lang=sv&done=added-2"), Some(&organiser))
        .await;
    assert!(html.contains("2 tillfällen är tillagda."), "{html}");
    assert!(html.contains("Tema: mentorskap"));

    // Left unpublished when asked.
    let (status, _, _) = app
        .post_form(&add, &organiser, true, &[("dates", "2027-05-17")])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        occurrences(&app, series.id).await[4].status,
        EventStatus::Draft
    );
}

#[tokio::test]
async fn others_find_no_series_and_forms_need_their_token() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Utvecklingsgrupp Norr")
        .insert(&app)
        .await;
    let other = NetworkBuilder::new("Utvecklingsgrupp Syd")
        .insert(&app)
        .await;
    let series = monthly(&app, &network).await;
    let organiser =
        signed_in_with_role(&app, &network, "ordf@umea.se", NetworkRole::Organiser).await;
    let stranger =
        signed_in_with_role(&app, &other, "samordnare@malmo.se", NetworkRole::Organiser).await;
    let page = format!("/organise/series/{}", series.id);
    let add = format!("{page}/occurrences");
    let dates = [("dates", "2027-03-15"), ("publish", "on")];

    let (status, _, _) = app.post_form(&add, &organiser, false, &dates).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.page(&page, Some(&stranger)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = app.post_form(&add, &stranger, true, &dates).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .page("/organise/series/not-a-uuid", Some(&organiser))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(occurrences(&app, series.id).await.len(), 2, "nothing added");
}

#[tokio::test]
async fn an_application_event_names_its_project_network_on_the_form() {
    let app = TestApp::spawn().await;
    let centre = NetworkBuilder::new("Aldersvennlig Norge")
        .insert(&app)
        .await;
    let project = NetworkBuilder::new("Friske eldre kommunenettverket")
        .insert(&app)
        .await;
    let elsewhere = NetworkBuilder::new("Annet nettverk").insert(&app).await;
    let organiser = signed_in_with_role(
        &app,
        &centre,
        "radgiver@aldersvennlig.no",
        NetworkRole::Organiser,
    )
    .await;
    // The same person organises the project network too.
    signed_in_with_role(
        &app,
        &project,
        "radgiver@aldersvennlig.no",
        NetworkRole::Organiser,
    )
    .await;
    let new = format!("/organise/networks/{}/events/new?lang=nb", centre.id);
    let (_, html) = app.page(&new, Some(&organiser)).await;
    assert!(
        html.contains(&format!("<option value=\"{}\">", project.id)),
        "{html}"
    );
    assert!(
        !html.contains(&elsewhere.id.to_string()),
        "only networks they manage"
    );

    let create = format!("/organise/networks/{}/events?lang=nb", centre.id);
    let project_id = project.id.to_string();
    let form = |policy: &'static str, network: String| {
        vec![
            ("title", "Søknad: Mobilisering av friske eldre".to_owned()),
            ("kind", "MEETING".to_owned()),
            ("startsAt", "2027-03-01T10:00".to_owned()),
            ("endsAt", "2027-03-01T11:00".to_owned()),
            ("timeZone", "Europe/Oslo".to_owned()),
            ("attendanceMode", "ONLINE".to_owned()),
            ("registrationPolicy", policy.to_owned()),
            ("projectNetworkId", network),
        ]
    };
    let post = |fields: Vec<(&'static str, String)>| {
        let app = &app;
        let organiser = organiser.clone();
        let create = create.clone();
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form(&create, &organiser, true, &pairs).await
        }
    };
    // Named for an event without applications: refused next to the field.
    let (status, _, html) = post(form("REQUIRED", project_id.clone())).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("id=\"projectNetworkId-error\""), "{html}");
    assert!(html.contains("Bare en samling med søknad"), "{html}");
    // A network they do not manage: refused too.
    let (status, _, html) = post(form("APPLICATION", elsewhere.id.to_string())).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("id=\"projectNetworkId-error\""), "{html}");
    assert_eq!(
        event::Entity::find()
            .filter(event::Column::NetworkId.eq(centre.id))
            .all(app.db())
            .await
            .expect("events")
            .len(),
        0,
        "nothing stored"
    );

    let (status, location, html) = post(form("APPLICATION", project_id.clone())).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{html}");
    let created = event::Entity::find()
        .filter(event::Column::NetworkId.eq(centre.id))
        .one(app.db())
        .await
        .expect("event")
        .expect("created");
    assert_eq!(created.project_network_id, Some(project.id));
    let (_, html) = app.page(&location, Some(&organiser)).await;
    assert!(
        html.contains(&format!("<option value=\"{}\" selected>", project.id)),
        "the edit form shows it: {html}"
    );
}
