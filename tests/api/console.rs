//! The organiser console (`/organise`) and the front door (`/`): an
//! organiser sees their networks' events with their seats, never another
//! network's; anonymous visitors are asked to sign in; the front door lists
//! networks and their published events for everyone.

use entities::{JoinLinkVisibility, NetworkRole};
use reqwest::StatusCode;

use crate::fixtures::{EventBuilder, NetworkBuilder, confirmed_registration, signed_in_with_role};
use crate::helpers::TestApp;

/// A page as the holder of `session` (or anonymous) sees it, in Swedish.
async fn page_as(app: &TestApp, path: &str, session: Option<&str>) -> (StatusCode, String) {
    let mut request = app.http.get(app.url(path)).header("Accept-Language", "sv");
    if let Some(token) = session {
        request = request.header("Cookie", format!("__Host-tp_session={token}"));
    }
    let response = request.send().await.expect("get");
    let status = response.status();
    (status, response.text().await.expect("body"))
}

#[tokio::test]
async fn the_start_page_shows_an_organisers_networks_with_seats_and_nothing_of_others() {
    let app = TestApp::spawn().await;
    let ours = NetworkBuilder::new("Socialchefsnätverket")
        .insert(&app)
        .await;
    let theirs = NetworkBuilder::new("Äldreomsorgsrådet").insert(&app).await;
    let meeting = EventBuilder::new(&ours)
        .title("Nätverksträff december")
        .hybrid(JoinLinkVisibility::Registered)
        .capacity(Some(40), None)
        .published()
        .insert(&app)
        .await;
    EventBuilder::new(&ours)
        .title("Utkast till vårträff")
        .insert(&app)
        .await;
    EventBuilder::new(&theirs)
        .title("Rådets hemliga möte")
        .published()
        .insert(&app)
        .await;
    let organiser = signed_in_with_role(&app, &ours, "ordf@ale.se", NetworkRole::Organiser).await;
    signed_in_with_role(&app, &theirs, "annan@kungalv.se", NetworkRole::Organiser).await;
    let participant =
        signed_in_with_role(&app, &theirs, "deltagare@lerum.se", NetworkRole::Member).await;
    confirmed_registration(&app, &meeting, "ordf@ale.se").await;

    let (status, html) = page_as(&app, "/organise", Some(&organiser)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("<h1>Arrangera</h1>"), "{html}");
    assert!(html.contains("Socialchefsnätverket"));
    assert!(html.contains("Nätverksträff december"));
    assert!(html.contains("Utkast till vårträff"), "drafts are listed");
    assert!(html.contains("<td>Utkast</td>"));
    // 0 of 40 at the venue; 1 online (the registration) of unlimited.
    assert!(html.contains("<td>0 / 40</td>"), "{html}");
    assert!(html.contains("<td>1 / obegränsat</td>"), "{html}");
    assert!(
        html.contains("href=\"/networks/"),
        "a link to the public page"
    );
    assert!(html.contains(".ics"), "a link to the feed");
    assert!(
        !html.contains("Äldreomsorgsrådet"),
        "another network stays hidden"
    );
    assert!(!html.contains("Rådets hemliga möte"));

    // A member who organises nothing is told so.
    let (status, html) = page_as(&app, "/organise", Some(&participant)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Du arrangerar inget nätverk ännu"), "{html}");
    assert!(!html.contains("Rådets hemliga möte"));

    // Anonymous visitors are asked to sign in.
    let (status, html) = page_as(&app, "/organise", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("action=\"/sign-in/request"), "{html}");
    assert!(!html.contains("Nätverksträff december"));
}

#[tokio::test]
async fn the_front_door_lists_networks_and_their_published_events() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Öppna utvecklingsgruppen")
        .insert(&app)
        .await;
    EventBuilder::new(&network)
        .title("Månadsträff januari")
        .published()
        .insert(&app)
        .await;
    EventBuilder::new(&network)
        .title("Ännu inte publicerad")
        .insert(&app)
        .await;
    let closed = NetworkBuilder::new("Slutna nätverket")
        .closed()
        .insert(&app)
        .await;
    EventBuilder::new(&closed)
        .title("Bara för medlemmar")
        .members_only(true)
        .published()
        .insert(&app)
        .await;

    let (status, html) = page_as(&app, "/", None).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Öppna utvecklingsgruppen"));
    assert!(html.contains("Månadsträff januari"));
    assert!(
        !html.contains("Ännu inte publicerad"),
        "drafts are not shown"
    );
    assert!(html.contains("Slutna nätverket"), "networks are listed");
    assert!(
        !html.contains("Bara för medlemmar"),
        "members-only events are not"
    );
    assert!(
        html.contains("href=\"/sign-in\""),
        "organisers find their way in"
    );
}
