//! The console's webhook pages: an organiser registers an endpoint in the
//! browser, copies its secret (shown once) into their system, sees each
//! delivery with the receiver's answer, sends one again, turns the endpoint
//! off, gives it a new secret and deletes it — a real receiver on
//! 127.0.0.1 and Python's `standardwebhooks` check that the secret shown is
//! the one that signs. Other networks' organisers are told "not found".

use entities::NetworkRole;
use reqwest::StatusCode;
use serde_json::json;

use crate::fixtures::{EventBuilder, NetworkBuilder, event_gid, signed_in_with_role};
use crate::helpers::TestApp;
use crate::webhooks::{Receiver, verify_in_python};

const PUBLISH: &str = "mutation($id: ID!) { publishEvent(input: { id: $id }) {
    event { status } userErrors { code } } }";

/// The value of the input with id `id` on a page.
fn input_value(html: &str, id: &str) -> Option<String> {
    let marker = format!("id=\"{id}\" value=\"");
    let at = html.find(&marker)? + marker.len();
    Some(html[at..].split('"').next()?.to_owned())
}

/// The ids in the page's form actions `/organise/{kind}/{id}/{action}`.
fn ids_in_actions(html: &str, kind: &str, action: &str) -> Vec<String> {
    let marker = format!("action=\"/organise/{kind}/");
    html.match_indices(&marker)
        .filter_map(|(at, _)| {
            let rest = &html[at + marker.len()..];
            let (id, tail) = rest.split_once('/')?;
            tail.starts_with(action).then(|| id.to_owned())
        })
        .collect()
}

async fn publish(app: &TestApp, token: &str, network: &entities::network::Model, title: &str) {
    let event = EventBuilder::new(network).title(title).insert(app).await;
    let body = app
        .gql_ok_as(Some(token), PUBLISH, json!({ "id": event_gid(&event) }))
        .await;
    assert_eq!(body["publishEvent"]["userErrors"], json!([]), "{body}");
}

#[tokio::test]
async fn organisers_register_an_endpoint_in_the_console_and_follow_its_deliveries() {
    let app = TestApp::spawn().await;
    // The receiver checks timestamps against its own clock.
    app.state.clock.set(chrono::Utc::now());
    let receiver = Receiver::start().await;
    let network = NetworkBuilder::new("Socialchefsnätverket")
        .insert(&app)
        .await;
    let other = NetworkBuilder::new("Äldreomsorgsrådet").insert(&app).await;
    let organiser =
        signed_in_with_role(&app, &network, "anna.berg@ale.se", NetworkRole::Organiser).await;
    let stranger =
        signed_in_with_role(&app, &other, "olle@kungalv.se", NetworkRole::Organiser).await;
    let list = format!("/organise/networks/{}/webhooks?lang=en", network.id);

    // The page: none yet, a new one hears of everything unless told not to.
    let (status, html) = app.page(&list, Some(&organiser)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("The network has no endpoints."), "{html}");
    assert!(
        html.contains("name=\"types\" value=\"suggestion.status_changed\" checked"),
        "{html}"
    );
    let (status, _) = app.page(&list, Some(&stranger)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another network's organiser");
    let (_, html) = app.page(&list, None).await;
    assert!(!html.contains("Add the endpoint"), "anonymous: {html}");
    let (_, start) = app.page("/organise?lang=en", Some(&organiser)).await;
    assert!(
        start.contains(&format!("/organise/networks/{}/webhooks", network.id)),
        "linked from the start page"
    );

    // No CSRF token: refused. Every error at once, what was typed kept.
    let create = format!("/organise/networks/{}/webhooks?lang=en", network.id);
    let (status, _, _) = app
        .post_form(&create, &organiser, false, &[("url", &receiver.url)])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, html) = app
        .post_form(
            &create,
            &organiser,
            true,
            &[("url", "ftp://intranat"), ("description", "Intranätet")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("Give an https:// address"), "{html}");
    assert!(html.contains("Choose at least one event."), "{html}");
    assert!(html.contains("href=\"#url\"") && html.contains("href=\"#types\""));
    assert!(html.contains("value=\"ftp://intranat\""), "{html}");
    assert!(!html.contains("whsec_"));

    // Registered: the answer shows the secret, once.
    let (status, _, html) = app
        .post_form(
            &create,
            &organiser,
            true,
            &[
                ("url", &receiver.url),
                ("description", "Intranätets kalender"),
                ("types", "event.published"),
                ("types", "registration.created"),
                ("enabled", "on"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{html}");
    let secret = input_value(&html, "secret").expect("the secret on the answer");
    assert!(secret.starts_with("whsec_"), "{secret}");
    assert!(html.contains("it is not shown again"), "{html}");
    let endpoint = ids_in_actions(&html, "webhooks", "rotate")
        .pop()
        .expect("the endpoint's forms");
    let page = format!("/organise/webhooks/{endpoint}?lang=en");
    let (status, html) = app.page(&page, Some(&organiser)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("whsec_"), "never shown again: {html}");
    assert!(html.contains("No requests yet."), "{html}");
    let (status, _) = app.page(&page, Some(&stranger)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // What happens is delivered, signed with the secret shown.
    publish(&app, &organiser, &network, "Nätverksträff januari").await;
    let (status, _, _) = app
        .post_form(&page, &stranger, true, &[("url", "https://evil.example")])
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "nor changed by them");
    app.run_jobs().await;
    assert_eq!(receiver.types(), ["event.published"]);
    assert_eq!(verify_in_python(&secret, &receiver.seen()), ["ok"]);
    let (_, html) = app.page(&page, Some(&organiser)).await;
    assert!(html.contains("Event published"), "{html}");
    assert!(html.contains("Delivered"), "{html}");
    assert!(html.contains("200 · "), "the receiver's answer: {html}");
    assert!(html.contains("Nätverksträff januari"), "the body: {html}");

    // Sent again: the same message id, once more.
    let deliveries = ids_in_actions(&html, "webhook-deliveries", "redeliver");
    assert_eq!(deliveries.len(), 1, "{html}");
    let redeliver = format!(
        "/organise/webhook-deliveries/{}/redeliver?lang=en",
        deliveries[0]
    );
    let (status, _, _) = app.post_form(&redeliver, &stranger, true, &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, location, _) = app.post_form(&redeliver, &organiser, true, &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.contains("done=redelivered"), "{location}");
    app.run_jobs().await;
    let seen = receiver.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].headers["webhook-id"], seen[1].headers["webhook-id"]);

    // Many deliveries page back, latest first; a cursor not ours is ignored.
    for n in 0..25 {
        publish(&app, &organiser, &network, &format!("Träff {n}")).await;
    }
    app.run_jobs().await;
    let (_, html) = app.page(&page, Some(&organiser)).await;
    assert_eq!(
        ids_in_actions(&html, "webhook-deliveries", "redeliver").len(),
        25
    );
    assert!(
        html.find("Träff 24").expect("latest") < html.find("Träff 23").expect("next"),
        "latest first"
    );
    let marker = "&amp;before=";
    let at = html.find(marker).expect("a link to older ones") + marker.len();
    let cursor = html[at..].split('#').next().expect("cursor").to_owned();
    let (status, older) = app
        .page(&format!("{page}&before={cursor}"), Some(&organiser))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(older.contains("Latest requests"), "{older}");
    assert!(older.contains("Nätverksträff januari"), "{older}");
    let (status, _) = app
        .page(&format!("{page}&before=nonsense"), Some(&organiser))
        .await;
    assert_eq!(status, StatusCode::OK);

    // Turned off and narrowed: nothing more is sent, nothing to resend.
    let (status, location, _) = app
        .post_form(
            &page,
            &organiser,
            true,
            &[
                ("url", &receiver.url),
                ("description", "Intranätets kalender"),
                ("types", "event.cancelled"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.contains("done=saved"), "{location}");
    let before = receiver.seen().len();
    publish(&app, &organiser, &network, "Nätverksträff februari").await;
    app.run_jobs().await;
    assert_eq!(receiver.seen().len(), before);
    let (_, html) = app.page(&page, Some(&organiser)).await;
    assert!(html.contains("Turned off"), "{html}");
    assert!(ids_in_actions(&html, "webhook-deliveries", "redeliver").is_empty());
    assert!(
        html.contains("name=\"types\" value=\"event.cancelled\" checked"),
        "{html}"
    );
    let (status, _, html) = app
        .post_form(&page, &organiser, true, &[("url", &receiver.url)])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Choose at least one event."), "{html}");

    // A new secret: shown once, the previous one signs beside it a while.
    let rotate = format!("/organise/webhooks/{endpoint}/rotate?lang=en");
    let (status, _, html) = app
        .post_form(&rotate, &organiser, true, &[("overlapHours", "ett dygn")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Give a number of hours from 0 to 720."));
    assert!(html.contains("value=\"ett dygn\""), "{html}");
    let (status, _, html) = app
        .post_form(&rotate, &organiser, true, &[("overlapHours", "48")])
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let rotated = input_value(&html, "secret").expect("the new secret");
    assert!(rotated.starts_with("whsec_") && rotated != secret);
    assert!(html.contains("The previous secret also signs until"));

    // Every change is in the network's audit log.
    let (_, log) = app
        .page(
            &format!("/organise/networks/{}/audit?lang=en", network.id),
            Some(&organiser),
        )
        .await;
    for line in [
        "Webhook endpoint added",
        "Webhook endpoint changed",
        "Webhook request sent again",
        "Webhook endpoint given a new secret",
        "Intranätets kalender",
    ] {
        assert!(log.contains(line), "{line}: {log}");
    }

    // Deleted with its log.
    let delete = format!("/organise/webhooks/{endpoint}/delete?lang=en");
    let (status, _, _) = app.post_form(&delete, &stranger, true, &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, location, _) = app.post_form(&delete, &organiser, true, &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.contains("done=deleted"), "{location}");
    let (_, html) = app.page(&location, Some(&organiser)).await;
    assert!(html.contains("The endpoint is deleted."), "{html}");
    assert!(html.contains("The network has no endpoints."), "{html}");
    let (status, _) = app.page(&page, Some(&organiser)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, log) = app
        .page(
            &format!("/organise/networks/{}/audit?lang=en", network.id),
            Some(&organiser),
        )
        .await;
    assert!(log.contains("Webhook endpoint deleted"), "{log}");

    // Nothing is sent to a deleted endpoint.
    publish(&app, &organiser, &network, "Nätverksträff mars").await;
    app.run_jobs().await;
    assert_eq!(receiver.seen().len(), before);
}
