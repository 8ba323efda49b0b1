//! The programme page of the console (`/organise/events/{id}/programme`):
//! an organiser builds an event's agenda and speakers through its forms,
//! without script; the order they set is the order of the public page and
//! of the API; bad input comes back next to its fields and stores nothing;
//! forms without their CSRF token are refused; anyone but the event's
//! organisers finds nothing, also through guessed URLs.

use entities::{JoinLinkVisibility, NetworkRole, SpeakerStatus, agenda_item, speaker};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::json;
use uuid::Uuid;

use crate::fixtures::{EventBuilder, NetworkBuilder, event_gid, signed_in_with_role};
use crate::helpers::{TestApp, at};

/// The event's agenda as stored, in order.
async fn items(app: &TestApp, event: Uuid) -> Vec<agenda_item::Model> {
    agenda_item::Entity::find()
        .filter(agenda_item::Column::EventId.eq(event))
        .order_by_asc(agenda_item::Column::Position)
        .all(app.db())
        .await
        .expect("items")
}

async fn speakers(app: &TestApp, event: Uuid) -> Vec<speaker::Model> {
    speaker::Entity::find()
        .filter(speaker::Column::EventId.eq(event))
        .order_by_asc(speaker::Column::Position)
        .all(app.db())
        .await
        .expect("speakers")
}

fn titles(items: &[agenda_item::Model]) -> Vec<&str> {
    items.iter().map(|i| i.title.as_str()).collect()
}

/// Where `a` and `b` are in `html`; panics when either is missing.
fn before(html: &str, a: &str, b: &str) -> bool {
    let find = |needle: &str| {
        html.find(needle)
            .unwrap_or_else(|| panic!("{needle} not in {html}"))
    };
    find(a) < find(b)
}

/// A published meeting on 26 November 2026, 09:00–16:00 Stockholm time.
async fn meeting(app: &TestApp, network: &entities::network::Model) -> entities::event::Model {
    EventBuilder::new(network)
        .title("Höstkonferens om välfärdsteknik")
        .times(at("2026-11-26T08:00:00Z"), at("2026-11-26T15:00:00Z"))
        .hybrid(JoinLinkVisibility::Registered)
        .published()
        .insert(app)
        .await
}

#[tokio::test]
async fn an_organiser_builds_and_orders_the_programme_and_the_public_page_and_api_follow() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Välfärdsteknik Skåne")
        .insert(&app)
        .await;
    let event = meeting(&app, &network).await;
    let organiser =
        signed_in_with_role(&app, &network, "samordnare@lund.se", NetworkRole::Organiser).await;
    let page = format!("/organise/events/{}/programme", event.id);

    let (status, html) = app.page(&format!("{page}?lang=sv"), Some(&organiser)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Inga programpunkter ännu."), "{html}");
    assert!(html.contains("Europe/Stockholm"), "the zone is named");
    assert!(
        html.contains(&format!("href=\"/organise/events/{}?lang=sv\"", event.id)),
        "a link back to the event's console page"
    );
    // The new item's start is the event's start, in its own zone.
    assert!(html.contains("value=\"2026-11-26T09:00\""), "{html}");

    // Two items through the form, times typed in Stockholm time.
    let items_path = format!("{page}/items?lang=sv");
    let (status, location, body) = app
        .post_form(
            &items_path,
            &organiser,
            true,
            &[
                ("title", "Välkommen"),
                ("startsAt", "2026-11-26T09:00"),
                ("endsAt", "2026-11-26T09:30"),
                ("room", "Stora salen"),
                ("description", "Kaffe och smörgås från 08.30."),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert!(
        location.starts_with(&format!("{page}?lang=sv&done=item-added#item-")),
        "{location}"
    );
    let (status, _, body) = app
        .post_form(
            &items_path,
            &organiser,
            true,
            &[
                ("title", "Paneldebatt om trygghetslarm"),
                ("startsAt", "2026-11-26T09:30"),
                ("endsAt", "2026-11-26T10:30"),
                ("room", ""),
                ("description", ""),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let stored = items(&app, event.id).await;
    assert_eq!(
        titles(&stored),
        ["Välkommen", "Paneldebatt om trygghetslarm"]
    );
    assert_eq!(stored[0].starts_at, Some(at("2026-11-26T08:00:00Z")));
    assert_eq!(stored[0].ends_at, Some(at("2026-11-26T08:30:00Z")));
    assert_eq!(stored[0].room.as_deref(), Some("Stora salen"));
    assert_eq!(stored[1].room, None, "an empty room is none");
    let (welcome, panel) = (stored[0].id, stored[1].id);

    // Speakers: one by name at the panel, who has accepted; one with an
    // address, invited, at no particular item.
    let speakers_path = format!("{page}/speakers?lang=sv");
    let panel_id = panel.to_string();
    let (status, location, body) = app
        .post_form(
            &speakers_path,
            &organiser,
            true,
            &[
                ("name", "Linnéa Berg"),
                ("email", ""),
                ("affiliation", "Region Skåne"),
                ("role", "Moderator"),
                ("agendaItemId", &panel_id),
                ("status", "CONFIRMED"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert!(
        location.starts_with(&format!("{page}?lang=sv&done=speaker-added#speaker-")),
        "{location}"
    );
    let (status, _, body) = app
        .post_form(
            &speakers_path,
            &organiser,
            true,
            &[
                ("name", "Örjan Nilsson"),
                ("email", "Orjan.Nilsson@Helsingborg.se"),
                ("affiliation", "Helsingborgs stad"),
                ("role", ""),
                ("agendaItemId", ""),
                ("status", "INVITED"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let people = speakers(&app, event.id).await;
    assert_eq!(people.len(), 2);
    let linnea = people[0].clone();
    assert_eq!(linnea.name, "Linnéa Berg");
    assert_eq!(linnea.agenda_item_id, Some(panel));
    assert_eq!(linnea.status, SpeakerStatus::Confirmed);
    assert_eq!(linnea.person_id, None, "no address: an external name");
    assert_eq!(people[1].status, SpeakerStatus::Invited);
    assert!(people[1].person_id.is_some(), "an address: a person");
    assert_eq!(people[1].agenda_item_id, None);

    let (status, html) = app
        .page(
            &format!("{page}?lang=sv&done=speaker-added"),
            Some(&organiser),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Talaren är tillagd."), "{html}");
    assert!(before(
        &html,
        ">Välkommen</h3>",
        ">Paneldebatt om trygghetslarm</h3>"
    ));
    assert!(before(
        &html,
        ">Paneldebatt om trygghetslarm</h3>",
        "Linnéa Berg"
    ));
    assert!(html.contains("Region Skåne, Moderator"), "{html}");
    assert!(html.contains("Har tackat ja"));
    assert!(html.contains("Inbjuden"));
    assert!(before(&html, "Talare utan programpunkt", "Örjan Nilsson"));
    assert!(
        html.contains("09:00–09:30"),
        "times in Stockholm time: {html}"
    );
    assert!(html.contains("Stora salen"));
    assert!(
        html.contains("aria-label=\"Flytta ned: Välkommen\""),
        "{html}"
    );
    assert!(html.contains("aria-label=\"Flytta upp: Paneldebatt om trygghetslarm\""));
    assert!(
        !html.contains("Flytta upp: Välkommen"),
        "the first item does not move up"
    );
    assert!(!html.contains("Flytta ned: Paneldebatt om trygghetslarm"));
    assert!(html.contains("aria-label=\"Ta bort: Välkommen\""));
    assert!(html.contains("aria-label=\"Ta bort: Linnéa Berg\""));

    // Reorder: the panel first.
    let (status, location, body) = app
        .post_form(
            &format!("/organise/agenda/{panel}/move?lang=sv"),
            &organiser,
            true,
            &[("direction", "up")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(location, format!("{page}?lang=sv&done=moved#item-{panel}"));
    assert_eq!(
        titles(&items(&app, event.id).await),
        ["Paneldebatt om trygghetslarm", "Välkommen"]
    );
    // Moving the first item up changes nothing.
    let (status, location, _) = app
        .post_form(
            &format!("/organise/agenda/{panel}/move?lang=sv"),
            &organiser,
            true,
            &[("direction", "up")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("{page}?lang=sv#item-{panel}"));
    let (_, html) = app
        .page(&format!("{page}?lang=sv&done=moved"), Some(&organiser))
        .await;
    assert!(html.contains("Ordningen är ändrad."), "{html}");
    assert!(before(
        &html,
        ">Paneldebatt om trygghetslarm</h3>",
        ">Välkommen</h3>"
    ));

    // The public page and the API show the new order.
    let (status, public) = app
        .page(&format!("/events/{}?lang=sv", event.id), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{public}");
    assert!(before(
        &public,
        "Paneldebatt om trygghetslarm</span>",
        "Välkommen</span>"
    ));
    assert!(
        public.contains("Linnéa Berg, Region Skåne, Moderator"),
        "{public}"
    );
    let data = app
        .gql_ok_as(
            Some(&organiser),
            "query($id: ID!) { event(id: $id) { agenda { title room speakers { name status } } } }",
            json!({ "id": event_gid(&event) }),
        )
        .await;
    assert_eq!(
        data["event"]["agenda"],
        json!([
            { "title": "Paneldebatt om trygghetslarm", "room": null,
              "speakers": [{ "name": "Linnéa Berg", "status": "CONFIRMED" }] },
            { "title": "Välkommen", "room": "Stora salen", "speakers": [] },
        ])
    );

    // A speaker who declines: recorded, and gone from the public page.
    let linnea_path = format!("/organise/speakers/{}/save?lang=sv", linnea.id);
    let (status, location, body) = app
        .post_form(
            &linnea_path,
            &organiser,
            true,
            &[("status", "DECLINED"), ("agendaItemId", &panel_id)],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(
        location,
        format!("{page}?lang=sv&done=speaker-saved#speaker-{}", linnea.id)
    );
    let (_, html) = app.page(&format!("{page}?lang=sv"), Some(&organiser)).await;
    assert!(html.contains("Har tackat nej"), "{html}");
    assert!(
        html.contains("<option value=\"DECLINED\" selected>"),
        "{html}"
    );
    let (_, public) = app
        .page(&format!("/events/{}?lang=sv", event.id), None)
        .await;
    assert!(
        !public.contains("Linnéa Berg"),
        "declined speakers are not shown"
    );

    // The item's own form, filled in Stockholm time; a new title.
    let edit = format!("/organise/agenda/{welcome}/edit?lang=sv");
    let (status, html) = app.page(&edit, Some(&organiser)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("value=\"2026-11-26T09:00\""), "{html}");
    assert!(html.contains("value=\"2026-11-26T09:30\""));
    assert!(html.contains("value=\"Stora salen\""));
    assert!(html.contains("Kaffe och smörgås från 08.30.</textarea>"));
    let (status, location, body) = app
        .post_form(
            &edit,
            &organiser,
            true,
            &[
                ("title", "Välkommen och kaffe"),
                ("startsAt", "2026-11-26T10:30"),
                ("endsAt", "2026-11-26T11:00"),
                ("room", "Foajén"),
                ("description", ""),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(
        location,
        format!("{page}?lang=sv&done=item-saved#item-{welcome}")
    );
    let stored = items(&app, event.id).await;
    assert_eq!(stored[1].title, "Välkommen och kaffe");
    assert_eq!(stored[1].starts_at, Some(at("2026-11-26T09:30:00Z")));
    assert_eq!(stored[1].room.as_deref(), Some("Foajén"));
    assert_eq!(stored[1].description, "");

    // In English, the buttons say the same for screen readers.
    let (_, english) = app.page(&format!("{page}?lang=en"), Some(&organiser)).await;
    assert!(
        english.contains("aria-label=\"Move up: Välkommen och kaffe\""),
        "{english}"
    );
    assert!(english.contains("aria-label=\"Move down: Paneldebatt om trygghetslarm\""));
    assert!(english.contains("Declined"));

    // Removing the panel leaves its speaker on the event, without an item.
    let (status, location, body) = app
        .post_form(
            &format!("/organise/agenda/{panel}/remove?lang=sv"),
            &organiser,
            true,
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(location, format!("{page}?lang=sv&done=item-removed#agenda"));
    assert_eq!(
        titles(&items(&app, event.id).await),
        ["Välkommen och kaffe"]
    );
    let people = speakers(&app, event.id).await;
    assert_eq!(people[0].agenda_item_id, None);
    let (_, html) = app.page(&format!("{page}?lang=sv"), Some(&organiser)).await;
    assert!(
        before(&html, "Talare utan programpunkt", "Linnéa Berg"),
        "{html}"
    );

    // Removing a speaker.
    let (status, location, _) = app
        .post_form(
            &format!("/organise/speakers/{}/remove?lang=sv", linnea.id),
            &organiser,
            true,
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        location,
        format!("{page}?lang=sv&done=speaker-removed#speakers")
    );
    assert_eq!(speakers(&app, event.id).await.len(), 1);
}

#[tokio::test]
async fn bad_input_is_shown_next_to_its_fields_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Äldreomsorg Halland")
        .insert(&app)
        .await;
    let event = meeting(&app, &network).await;
    let organiser = signed_in_with_role(
        &app,
        &network,
        "planerare@varberg.se",
        NetworkRole::Organiser,
    )
    .await;
    let page = format!("/organise/events/{}/programme", event.id);

    // An empty title and an end before the start: both errors at once, the
    // typed values kept.
    let (status, _, html) = app
        .post_form(
            &format!("{page}/items?lang=sv"),
            &organiser,
            true,
            &[
                ("title", "  "),
                ("startsAt", "2026-11-26T10:00"),
                ("endsAt", "2026-11-26T09:00"),
                ("room", "Lilla salen"),
                ("description", "Om larm"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("id=\"title-error\""), "{html}");
    assert!(html.contains("id=\"endsAt-error\""), "{html}");
    assert!(html.contains("Slutet måste komma efter början."));
    assert!(
        html.contains("href=\"#title\""),
        "the summary links to the field"
    );
    assert!(html.contains("href=\"#endsAt\""));
    assert!(html.contains(
        "id=\"title\" name=\"title\" value=\"  \" aria-invalid=\"true\" aria-describedby=\"title-error\""
    ));
    assert!(html.contains("value=\"Lilla salen\""), "typed values stay");
    assert!(html.contains("Om larm</textarea>"));
    assert!(
        html.contains("lang=en") && html.contains(&format!("href=\"{page}?lang=en\"")),
        "the language links lead to the page one can GET: {html}"
    );
    assert!(items(&app, event.id).await.is_empty());

    // A date that cannot be read, and an end without a start.
    let (status, _, html) = app
        .post_form(
            &format!("{page}/items?lang=sv"),
            &organiser,
            true,
            &[("title", "Fika"), ("startsAt", "i morgon"), ("endsAt", "")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"startsAt-error\""), "{html}");
    assert!(html.contains("Skriv ett datum och en tid."));
    let (status, _, html) = app
        .post_form(
            &format!("{page}/items?lang=sv"),
            &organiser,
            true,
            &[
                ("title", "Fika"),
                ("startsAt", ""),
                ("endsAt", "2026-11-26T10:00"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Ett slut behöver en början."), "{html}");
    assert!(items(&app, event.id).await.is_empty());

    // A speaker without a name and with an address that is none.
    let (status, _, html) = app
        .post_form(
            &format!("{page}/speakers?lang=sv"),
            &organiser,
            true,
            &[
                ("name", ""),
                ("email", "inte-en-adress"),
                ("affiliation", "x".repeat(300).as_str()),
                ("status", "INVITED"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("id=\"name-error\""), "{html}");
    assert!(html.contains("id=\"email-error\""), "{html}");
    assert!(html.contains("id=\"affiliation-error\""), "{html}");
    assert!(html.contains("value=\"inte-en-adress\""));
    assert!(speakers(&app, event.id).await.is_empty());
    // A speaker at an item of another event.
    let other = meeting(&app, &network).await;
    let foreign = api::service::agenda::add(
        &app.cx(),
        api::ids::EventId(other.id),
        api::service::agenda::AgendaItemInput {
            title: "Annan träffs punkt".into(),
            ..Default::default()
        },
        None,
    )
    .await
    .expect("item");
    let (status, _, html) = app
        .post_form(
            &format!("{page}/speakers?lang=sv"),
            &organiser,
            true,
            &[
                ("name", "Kim Ek"),
                ("agendaItemId", &foreign.id.to_string()),
                ("status", "INVITED"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("id=\"agendaItemId-error\""), "{html}");
    assert!(speakers(&app, event.id).await.is_empty());

    // The item's own form: an empty title changes nothing.
    let item = api::service::agenda::add(
        &app.cx(),
        api::ids::EventId(event.id),
        api::service::agenda::AgendaItemInput {
            title: "Inledning".into(),
            ..Default::default()
        },
        None,
    )
    .await
    .expect("item");
    let (status, _, html) = app
        .post_form(
            &format!("/organise/agenda/{}/edit?lang=sv", item.id),
            &organiser,
            true,
            &[
                ("title", ""),
                ("startsAt", "2026-11-26T11:00"),
                ("endsAt", "2026-11-26T10:00"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("id=\"title-error\"") && html.contains("id=\"endsAt-error\""));
    let stored = items(&app, event.id).await;
    assert_eq!(titles(&stored), ["Inledning"]);
    assert_eq!(stored[0].starts_at, None);
}

#[tokio::test]
async fn programme_forms_without_their_csrf_token_are_refused() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Digitala Västra Götaland")
        .insert(&app)
        .await;
    let event = meeting(&app, &network).await;
    let organiser =
        signed_in_with_role(&app, &network, "ordf@alingsas.se", NetworkRole::Organiser).await;
    let item = api::service::agenda::add(
        &app.cx(),
        api::ids::EventId(event.id),
        api::service::agenda::AgendaItemInput {
            title: "Inledning".into(),
            ..Default::default()
        },
        None,
    )
    .await
    .expect("item");
    let second = api::service::agenda::add(
        &app.cx(),
        api::ids::EventId(event.id),
        api::service::agenda::AgendaItemInput {
            title: "Avslutning".into(),
            ..Default::default()
        },
        None,
    )
    .await
    .expect("item");
    let (status, location, _) = app
        .post_form(
            &format!("/organise/events/{}/programme/speakers", event.id),
            &organiser,
            true,
            &[("name", "Sara Lind"), ("status", "INVITED")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
    let speaker = speakers(&app, event.id).await[0].clone();

    let page = format!("/organise/events/{}/programme", event.id);
    for (path, fields) in [
        (format!("{page}/items"), vec![("title", "Fika")]),
        (format!("{page}/speakers"), vec![("name", "Per Ek")]),
        (
            format!("/organise/agenda/{}/edit", item.id),
            vec![("title", "Ändrad")],
        ),
        (
            format!("/organise/agenda/{}/move", second.id),
            vec![("direction", "up")],
        ),
        (format!("/organise/agenda/{}/remove", item.id), vec![]),
        (
            format!("/organise/speakers/{}/save", speaker.id),
            vec![("status", "DECLINED")],
        ),
        (format!("/organise/speakers/{}/remove", speaker.id), vec![]),
    ] {
        let (status, _, _) = app.post_form(&path, &organiser, false, &fields).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path} without a token");
        let mut wrong = fields.clone();
        wrong.push(("csrf", "another-token-of-another-page-0123"));
        let (status, _, _) = app.post_form(&path, &organiser, false, &wrong).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path} with a wrong token");
    }
    assert_eq!(
        titles(&items(&app, event.id).await),
        ["Inledning", "Avslutning"]
    );
    let people = speakers(&app, event.id).await;
    assert_eq!(people.len(), 1);
    assert_eq!(people[0].status, SpeakerStatus::Invited);
}

#[tokio::test]
async fn anyone_but_the_events_organisers_finds_no_programme_and_changes_nothing() {
    // Many guessed POSTs from one address: more than a minute's worth.
    let app = TestApp::spawn_with(|config| config.page_posts_per_minute = 1000).await;
    let network = NetworkBuilder::new("Socialchefsnätverket")
        .insert(&app)
        .await;
    let other = NetworkBuilder::new("Äldreomsorgsrådet").insert(&app).await;
    let event = meeting(&app, &network).await;
    let draft = EventBuilder::new(&network)
        .title("Hemligt utkast")
        .insert(&app)
        .await;
    let stranger =
        signed_in_with_role(&app, &other, "arrangor@kungalv.se", NetworkRole::Organiser).await;
    let member = signed_in_with_role(&app, &network, "medlem@lerum.se", NetworkRole::Member).await;
    let mut things = Vec::new();
    for event in [&event, &draft] {
        let item = api::service::agenda::add(
            &app.cx(),
            api::ids::EventId(event.id),
            api::service::agenda::AgendaItemInput {
                title: "Inledning".into(),
                ..Default::default()
            },
            None,
        )
        .await
        .expect("item");
        let second = api::service::agenda::add(
            &app.cx(),
            api::ids::EventId(event.id),
            api::service::agenda::AgendaItemInput {
                title: "Avslutning".into(),
                ..Default::default()
            },
            None,
        )
        .await
        .expect("item");
        let speaker = api::service::speakers::add(
            &app.cx(),
            api::service::speakers::NewSpeaker {
                translations: Vec::new(),
                event_id: api::ids::EventId(event.id),
                agenda_item_id: Some(api::ids::AgendaItemId(item.id)),
                who: api::service::speakers::SpeakerWho::External {
                    name: "Sara Lind".into(),
                },
                affiliation: None,
                role: None,
                status: SpeakerStatus::Invited,
            },
        )
        .await
        .expect("speaker");
        things.push((event.id, item.id, second.id, speaker.id));
    }

    for session in [&stranger, &member] {
        for (event, item, second, speaker) in &things {
            let page = format!("/organise/events/{event}/programme");
            for path in [
                format!("{page}?lang=sv"),
                format!("/organise/agenda/{item}/edit?lang=sv"),
            ] {
                let (status, html) = app.page(&path, Some(session)).await;
                assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
                assert!(!html.contains("Sara Lind") && !html.contains("Inledning"));
            }
            for (path, fields) in [
                (
                    format!("{page}/items"),
                    vec![("title", "Intrång"), ("startsAt", ""), ("endsAt", "")],
                ),
                (
                    format!("{page}/speakers"),
                    vec![("name", "Intrång"), ("status", "INVITED")],
                ),
                (
                    format!("/organise/agenda/{item}/edit"),
                    vec![("title", "Intrång")],
                ),
                (
                    format!("/organise/agenda/{second}/move"),
                    vec![("direction", "up")],
                ),
                (
                    format!("/organise/agenda/{item}/move"),
                    vec![("direction", "up")],
                ),
                (format!("/organise/agenda/{item}/remove"), vec![]),
                (
                    format!("/organise/speakers/{speaker}/save"),
                    vec![("status", "DECLINED"), ("agendaItemId", "")],
                ),
                (format!("/organise/speakers/{speaker}/remove"), vec![]),
            ] {
                let (status, _, _) = app.post_form(&path, session, true, &fields).await;
                assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
            }
        }
    }
    // Ids that do not exist, and ids that are none, are the same.
    let nobody = Uuid::now_v7();
    for path in [
        format!("/organise/events/{nobody}/programme"),
        format!("/organise/agenda/{nobody}/edit"),
        "/organise/events/nonsense/programme".to_owned(),
        "/organise/agenda/nonsense/edit".to_owned(),
    ] {
        let (status, _) = app.page(&path, Some(&stranger)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let (status, _, _) = app
        .post_form(
            &format!("/organise/speakers/{nobody}/remove"),
            &stranger,
            true,
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    for (event, _, _, _) in &things {
        assert_eq!(
            titles(&items(&app, *event).await),
            ["Inledning", "Avslutning"]
        );
        let people = speakers(&app, *event).await;
        assert_eq!(people.len(), 1);
        assert_eq!(people[0].status, SpeakerStatus::Invited);
        assert!(people[0].agenda_item_id.is_some());
    }
    let count = speaker::Entity::find()
        .count(app.db())
        .await
        .expect("count");
    assert_eq!(count, 2, "nobody was added");

    // Anonymous visitors are asked to sign in.
    let (status, html) = app
        .page(&format!("/organise/events/{}/programme", event.id), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("action=\"/sign-in/request"), "{html}");
    assert!(!html.contains("Sara Lind"));
}
