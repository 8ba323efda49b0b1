//! Attendance over time in the console: which municipalities came to a
//! network's last meetings, as SVG bars and as a table — for the network's
//! organisers only.

use chrono::Duration;
use entities::NetworkRole;
use reqwest::StatusCode;
use serde_json::json;

use crate::fixtures::{
    EventBuilder, NetworkBuilder, event_gid, network_gid, organisation, organisation_gid,
    signed_in_with_role,
};
use crate::helpers::{TestApp, test_now};

#[tokio::test]
async fn the_last_meetings_are_drawn_per_meeting_and_per_municipality_and_tabled() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Öppna utvecklingsgruppen")
        .insert(&app)
        .await;
    let other = NetworkBuilder::new("Äldreomsorgsrådet").insert(&app).await;
    let organiser = signed_in_with_role(
        &app,
        &network,
        "lena@helsingborg.se",
        NetworkRole::Organiser,
    )
    .await;
    let stranger =
        signed_in_with_role(&app, &other, "olle@kungalv.se", NetworkRole::Organiser).await;
    let mut orgs = Vec::new();
    for name in ["Helsingborgs stad", "Höganäs kommun", "Åstorps kommun"] {
        let org = organisation(&app, name).await;
        app.gql_ok(
            "mutation($n: ID!, $o: ID!) { addNetworkMember(input: { networkId: $n, organisationId: $o }) { userErrors { code } } }",
            json!({ "n": network_gid(&network), "o": organisation_gid(&org) }),
        )
        .await;
        orgs.push(organisation_gid(&org));
    }
    let january = EventBuilder::new(&network)
        .title("Månadsträff januari")
        .starts_at(test_now() + Duration::days(2))
        .published()
        .insert(&app)
        .await;
    let february = EventBuilder::new(&network)
        .title("Månadsträff februari")
        .starts_at(test_now() + Duration::days(9))
        .published()
        .insert(&app)
        .await;
    let mut n = 0;
    for (event, org, written) in [
        (&january, Some(&orgs[0]), None),
        (&january, Some(&orgs[0]), None),
        (&january, Some(&orgs[1]), None),
        (&february, Some(&orgs[0]), None),
        (&february, None, Some("Bjuvs kommun")),
    ] {
        n += 1;
        let r = app
            .gql_ok_as(
                None,
                "mutation($input: RegisterInput!) { register(input: $input) { userErrors { code message } } }",
                json!({ "input": { "eventId": event_gid(event), "consent": true,
                    "guest": { "name": format!("Deltagare {n}"), "email": format!("d{n}@example.se"),
                               "organisationId": org, "organisationName": written } } }),
            )
            .await;
        assert_eq!(r["register"]["userErrors"], json!([]), "{r}");
    }
    app.state.clock.advance(Duration::days(10));

    let path = format!("/organise/networks/{}/attendance?lang=sv", network.id);
    let (status, html) = app.page(&path, Some(&organiser)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("<svg viewBox="), "{html}");
    assert!(html.contains("role=\"img\""));
    assert!(
        html.contains("Månadsträff januari (") && html.contains("): 3 deltagare</text>"),
        "a bar per meeting with its count: {html}"
    );
    assert!(
        html.contains("Helsingborgs stad: på 2 av 2 möten, 3 deltagare</text>"),
        "a row per municipality: {html}"
    );
    assert!(
        html.contains("Bjuvs kommun (angiven av gäst)"),
        "a name a guest wrote is marked: {html}"
    );
    assert!(html.matches("class=\"bar\"").count() >= 2 + 4, "{html}");
    // The table: one row per organisation, one column per meeting.
    assert!(
        html.contains("<tr><th scope=\"row\">Helsingborgs stad</th><td>2</td><td>3</td><td>2</td><td>1</td></tr>"),
        "{html}"
    );
    assert!(
        html.contains(
            "<tr><th scope=\"row\">Höganäs kommun</th><td>1</td><td>1</td><td>1</td><td></td></tr>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<li>Åstorps kommun</li>"),
        "a member that came to none is named: {html}"
    );

    // Only the last meeting.
    let (_, last) = app
        .page(
            &format!(
                "/organise/networks/{}/attendance?lang=en&last=3",
                network.id
            ),
            Some(&organiser),
        )
        .await;
    assert!(last.contains("Participants per meeting"), "{last}");

    // Others see nothing.
    let (status, html) = app.page(&path, Some(&stranger)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!html.contains("Helsingborgs stad"));
    let (status, html) = app.page(&path, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("action=\"/sign-in/request"));
    assert!(!html.contains("Helsingborgs stad"));
    // Nonsense in the query is the default, never an error.
    let (status, _) = app
        .page(
            &format!(
                "/organise/networks/{}/attendance?last=-1&children=%FF",
                network.id
            ),
            Some(&organiser),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
}
