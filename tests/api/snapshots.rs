//! Snapshots of what subscribers' calendars read (`snapshots/`): a
//! representative network feed, normalised for the ids a run makes up, so a
//! change of what a feed says is a reviewed diff. Mail kinds have theirs in
//! `api/src/mail/snapshots/`.
//!
//! After an intended change, run with `INSTA_UPDATE=always` (or
//! `cargo insta review`) and commit the `.snap` files with it.

use api::ids::EventId;
use api::service::agenda::{self, AgendaItemInput};
use entities::JoinLinkVisibility;

use crate::feeds::feed;
use crate::fixtures::{EventBuilder, NetworkBuilder, accepted_contact};
use crate::helpers::{TestApp, at};

#[tokio::test]
async fn a_network_feed_reads_as_before() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Öppen utvecklingsgrupp Helsingborg")
        .insert(&app)
        .await;
    accepted_contact(&app, &network, "Åsa Öberg", "asa.oberg@helsingborg.se").await;
    let monthly = EventBuilder::new(&network)
        .title("Månadsträff: psykisk hälsa & ensamhet")
        .description(
            "Vi samtalar om ensamhet bland äldre.\nFika från 13.30; anmälan senast 1 oktober.",
        )
        .times(at("2026-10-08T11:30:00Z"), at("2026-10-08T14:00:00Z"))
        .hybrid(JoinLinkVisibility::Public)
        .members_only(false)
        .published()
        .insert(&app)
        .await;
    agenda::add(
        &app.cx(),
        EventId(monthly.id),
        AgendaItemInput {
            translations: Vec::new(),
            title: "Välkommen".into(),
            description: "Ordföranden inleder.".into(),
            starts_at: Some(at("2026-10-08T11:30:00Z")),
            ends_at: Some(at("2026-10-08T11:45:00Z")),
            room: Some("Stora salen".into()),
        },
        None,
    )
    .await
    .expect("agenda item");
    // Two days across the end of summer time, at a venue only.
    let conference = EventBuilder::new(&network)
        .title("Höstkonferens")
        .times(at("2026-10-24T07:00:00Z"), at("2026-10-25T14:00:00Z"))
        .members_only(false)
        .published()
        .insert(&app)
        .await;

    let body = feed(&app, &format!("/calendar/networks/{}.ics", network.slug)).await;

    // Unfolded (RFC 5545 3.1), so that an id never straddles a fold.
    let normalised = body
        .replace("\r\n ", "")
        .replace("\r\n", "\n")
        .replace(&monthly.id.to_string(), "<monthly-id>")
        .replace(&conference.id.to_string(), "<conference-id>")
        .replace(&network.id.to_string(), "<network-id>")
        .replace(&app.addr.to_string(), "<host>");
    insta::assert_snapshot!("network_feed", normalised);
}
