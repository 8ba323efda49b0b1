//! Calendar feeds over HTTP: what they hold and hide, how they read in two
//! independent parsers (the `ical` crate, and Python's `icalendar` with
//! `recurring-ical-events` through `tests/support/check_ics.py`), how they
//! answer polling (ETag, Last-Modified, 304, HEAD), what a 1,000-event feed
//! costs, and the links GraphQL gives to them.

use std::time::Instant;

use api::ids::{AgendaItemId, EventId, NetworkId};
use api::service::events::{EventChanges, NewEvent, OnlineMeeting, Venue};
use api::service::series::{NewSeries, Occurrence};
use api::service::{agenda, events, people, series, speakers};
use chrono::{DateTime, Duration, Utc};
use entities::{AttendanceMode, EventKind, JoinLinkVisibility, RegistrationPolicy, SpeakerStatus};
use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap};
use serde_json::{Value, json};

use crate::fixtures::{EventBuilder, NetworkBuilder, accepted_contact, contact, event_gid};
use crate::helpers::{TestApp, at, test_now};

const PUBLIC_WEBEX: &str = "https://helsingborg.webex.com/meet/utveckling";
pub(crate) const SECRET_TEAMS: &str =
    "https://teams.microsoft.com/l/meetup-join/hemlig-for-anmalda";

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// One HTTP exchange and the SQL statements it cost.
pub(crate) struct Fetched {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: String,
    pub(crate) statements: u64,
}

impl Fetched {
    pub(crate) fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(&name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }
}

pub(crate) async fn fetch(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    headers: &[(&str, &str)],
) -> Fetched {
    let mut request = app.http.request(method, app.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let before = app.statements();
    let response = request.send().await.expect("request");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.text().await.expect("body");
    Fetched {
        status,
        headers,
        body,
        statements: app.statements() - before,
    }
}

pub(crate) async fn get(app: &TestApp, path: &str) -> Fetched {
    fetch(app, reqwest::Method::GET, path, &[]).await
}

/// A feed that must be served.
pub(crate) async fn feed(app: &TestApp, path: &str) -> String {
    let fetched = get(app, path).await;
    assert_eq!(fetched.status, StatusCode::OK, "{path}: {}", fetched.body);
    assert_eq!(
        fetched.header(header::CONTENT_TYPE),
        "text/calendar; charset=utf-8"
    );
    fetched.body
}

/// The document through the `ical` crate's parser: exactly one calendar.
pub(crate) fn ical(body: &str) -> ical::parser::ical::component::IcalCalendar {
    let mut parser = ical::IcalParser::new(body.as_bytes());
    let calendar = parser
        .next()
        .expect("one calendar")
        .unwrap_or_else(|err| panic!("the ical crate refuses the feed: {err}\n{body}"));
    assert!(parser.next().is_none(), "more than one calendar");
    calendar
}

/// A property's raw value in the `ical` crate's reading.
pub(crate) fn value<'a>(properties: &'a [ical::property::Property], name: &str) -> Option<&'a str> {
    properties
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.as_deref())
}

/// The `ical` crate leaves TEXT escaped; undo it.
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(ch) = chars.next() {
        if ch == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(ch);
        }
    }
    out
}

/// Documents through Python's `icalendar` and `recurring-ical-events` (see
/// `tests/support/check_ics.py`), all in one interpreter; `between` narrows
/// the occurrences. Also checks the physical lines of each.
pub(crate) async fn python_all(bodies: &[&str], between: Option<(&str, &str)>) -> Vec<Value> {
    let dir = std::env::temp_dir();
    let paths: Vec<std::path::PathBuf> = bodies
        .iter()
        .map(|body| {
            let path = dir.join(format!(
                "traffpunkt-feed-{}.ics",
                uuid::Uuid::new_v4().simple()
            ));
            std::fs::write(&path, body).expect("write the feed");
            path
        })
        .collect();
    crate::helpers::python_ready();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/check_ics.py");
    let mut command = std::process::Command::new("python3");
    command.arg(script);
    if let Some((from, to)) = between {
        command.arg("--between").arg(from).arg(to);
    }
    command.args(&paths);
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("python thread");
    for path in &paths {
        let _ = std::fs::remove_file(path);
    }
    let output = output.unwrap_or_else(|err| {
        panic!(
            "cannot run python3 ({err}). The feed tests need Python 3 with the parsers: \
             pip install icalendar recurring-ical-events"
        )
    });
    let stderr = String::from_utf8_lossy(&output.stderr);
    match output.status.code() {
        Some(0) => {}
        Some(3) => panic!(
            "{stderr}\nThe feed tests check every feed with Python's icalendar and \
             recurring-ical-events. Install them: pip install icalendar recurring-ical-events"
        ),
        _ => panic!("Python's icalendar refuses a feed: {stderr}\n{bodies:?}"),
    }
    let parsed: Value = serde_json::from_slice(&output.stdout).expect("JSON from check_ics.py");
    let all = match parsed {
        Value::Array(all) if bodies.len() > 1 => all,
        one => vec![one],
    };
    assert_eq!(all.len(), bodies.len());
    for parsed in &all {
        let lines = &parsed["lines"];
        assert_eq!(lines["ends_with_crlf"], true, "{lines}");
        assert_eq!(lines["bare_lf"], false, "{lines}");
        assert_eq!(lines["bare_cr"], false, "{lines}");
        assert_eq!(lines["lines_with_split_utf8"], 0, "{lines}");
        assert!(
            lines["max_line_octets"].as_u64().is_some_and(|n| n <= 75),
            "{lines}"
        );
    }
    all
}

/// One document through Python's parsers.
pub(crate) async fn python(body: &str) -> Value {
    python_all(&[body], None).await.remove(0)
}

/// The parsed event with this UID.
pub(crate) fn by_uid<'a>(parsed: &'a Value, event: &entities::event::Model) -> &'a Value {
    let uid = api::calendar::event_uid(EventId(event.id));
    parsed["events"]
        .as_array()
        .and_then(|events| events.iter().find(|e| e["uid"] == uid.as_str()))
        .unwrap_or_else(|| panic!("no event {uid} ({}) in {parsed}", event.title))
}

pub(crate) fn uids(parsed: &Value) -> Vec<String> {
    parsed["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["uid"].as_str().unwrap_or_default().to_owned())
        .collect()
}

pub(crate) fn uid(event: &entities::event::Model) -> String {
    api::calendar::event_uid(EventId(event.id))
}

fn event_path(event: &entities::event::Model) -> String {
    format!("/calendar/events/{}.ics", event.id)
}

/// Adds an agenda item with one speaker.
async fn agenda_item(
    app: &TestApp,
    event: &entities::event::Model,
    title: &str,
    slot: Option<(&str, &str)>,
    speaker: (&str, &str, &str),
) -> AgendaItemId {
    let cx = app.cx();
    let item = agenda::add(
        &cx,
        EventId(event.id),
        agenda::AgendaItemInput {
            title: title.to_owned(),
            starts_at: slot.map(|(from, _)| at(from)),
            ends_at: slot.map(|(_, to)| at(to)),
            room: Some("Stora salen".to_owned()),
            ..Default::default()
        },
        None,
    )
    .await
    .expect("agenda item");
    let (name, affiliation, role) = speaker;
    speakers::add(
        &cx,
        speakers::NewSpeaker {
            translations: Vec::new(),
            event_id: EventId(event.id),
            agenda_item_id: Some(AgendaItemId(item.id)),
            who: speakers::SpeakerWho::External {
                name: name.to_owned(),
            },
            affiliation: Some(affiliation.to_owned()),
            role: Some(role.to_owned()),
            status: SpeakerStatus::Confirmed,
        },
    )
    .await
    .expect("speaker");
    AgendaItemId(item.id)
}

/// A hybrid series at Fontänhuset with a public Webex link, published.
async fn series_with(
    app: &TestApp,
    network: &entities::network::Model,
    title: &str,
    starts: &[DateTime<Utc>],
) -> (entities::series::Model, Vec<entities::event::Model>) {
    let template = NewEvent {
        network_id: NetworkId(network.id),
        series_id: None,
        kind: EventKind::Meeting,
        title: title.to_owned(),
        description: "Månadens träff på Fontänhuset och via Webex.".to_owned(),
        starts_at: test_now(),
        ends_at: test_now() + Duration::hours(2),
        time_zone: None,
        attendance_mode: AttendanceMode::Hybrid,
        members_only: Some(false),
        venue: Some(Venue {
            name: Some("Fontänhuset Helsingborg".into()),
            address: Some("Norra Strandgatan 8".into()),
            city: Some("Helsingborg".into()),
            accessibility: None,
        }),
        online: Some(OnlineMeeting {
            provider: Some("Webex".into()),
            join_url: Some(PUBLIC_WEBEX.into()),
            ..OnlineMeeting::default()
        }),
        join_link_visibility: Some(JoinLinkVisibility::Public),
        capacity_in_person: None,
        capacity_online: None,
        guest_confirmation_minutes: None,
        registration_policy: Some(RegistrationPolicy::Open),
        registration_opens_at: None,
        registration_closes_at: None,
        project_network_id: None,
        locale: None,
        translations: Vec::new(),
    };
    series::create(
        &app.cx(),
        NewSeries {
            network_id: NetworkId(network.id),
            title: title.to_owned(),
            description: "Öppen utvecklingsgrupp, en gång i månaden.".to_owned(),
            template,
            occurrences: starts
                .iter()
                .enumerate()
                .map(|(n, start)| Occurrence {
                    starts_at: *start,
                    ends_at: *start + Duration::hours(1),
                    title: Some(format!("{title} – träff {}", n + 1)),
                    description: None,
                })
                .collect(),
            publish: true,
        },
    )
    .await
    .expect("series")
}

// ---------------------------------------------------------------------------
// What a network feed holds, read by two parsers
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_network_feed_reads_the_same_in_both_parsers_across_zones_and_dst() {
    let app = TestApp::spawn().await;
    let root =
        NetworkBuilder::new("Nätverket för äldreomsorgschefer och hälso- och sjukvårdschefer")
            .insert(&app)
            .await;
    accepted_contact(&app, &root, "Åsa Öberg", "asa.oberg@example.se").await;
    let oslo = NetworkBuilder::new("Senteret for et aldersvennlig Norge")
        .parent(&root)
        .time_zone("Europe/Oslo")
        .locale("nb")
        .insert(&app)
        .await;
    accepted_contact(&app, &oslo, "Øystein Ærø", "oystein.aero@example.no").await;

    // A title is one line (the text rule refuses line breaks in it); the
    // description below carries the line breaks that feeds must escape.
    let nordic_title = "Höstmöte: välfärdsteknologi, kompetensförsörjning; förebyggande arbete \
                        – Del två, äldres hälsa i Ørsta och Ærøskøbing";
    let nordic_description = "Vi träffas på Fontänhuset. Kära deltagare: ta med er frågor om \
                              välfärdsteknologi; hälsofrämjande arbete, och äldres ensamhet.\n\
                              Rad två med ø, æ och å. "
        .repeat(3);
    let nordic = EventBuilder::new(&root)
        .title(nordic_title)
        .description(&nordic_description)
        .times(at("2026-09-15T11:00:00Z"), at("2026-09-15T14:30:00Z"))
        .hybrid(JoinLinkVisibility::Public)
        .join_url(PUBLIC_WEBEX)
        .members_only(false)
        .published()
        .insert(&app)
        .await;
    agenda_item(
        &app,
        &nordic,
        "Välkommen, inledning; dagens mål",
        Some(("2026-09-15T11:00:00Z", "2026-09-15T11:30:00Z")),
        ("Linnéa Åkesson", "Göteborgsregionen", "moderator"),
    )
    .await;
    agenda_item(
        &app,
        &nordic,
        "Välfärdsteknologi i hemtjänsten",
        Some(("2026-09-15T11:30:00Z", "2026-09-15T12:30:00Z")),
        ("Örjan Ek", "Region Skåne", "talare"),
    )
    .await;
    // Over the end of summer time: 20:00 CEST to 10:00 CET.
    let across_dst = EventBuilder::new(&root)
        .title("Nattvandring när sommartiden tar slut")
        .times(at("2026-10-24T18:00:00Z"), at("2026-10-25T09:00:00Z"))
        .members_only(false)
        .published()
        .insert(&app)
        .await;
    let registered = EventBuilder::new(&root)
        .title("Arbetsmöte med länk för anmälda")
        .hybrid(JoinLinkVisibility::Registered)
        .join_url(SECRET_TEAMS)
        .members_only(false)
        .published()
        .insert(&app)
        .await;
    let recent = EventBuilder::new(&root)
        .title("Förra månadens möte")
        .starts_at(test_now() - Duration::days(10))
        .members_only(false)
        .published()
        .insert(&app)
        .await;
    let long_ago = EventBuilder::new(&root)
        .title("Mötet i våras")
        .starts_at(test_now() - Duration::days(101))
        .members_only(false)
        .published()
        .insert(&app)
        .await;
    let draft = EventBuilder::new(&root)
        .title("Utkast som ingen får se")
        .members_only(false)
        .insert(&app)
        .await;
    let members_only = EventBuilder::new(&root)
        .title("Endast för medlemmar")
        .members_only(true)
        .published()
        .insert(&app)
        .await;
    let in_oslo = EventBuilder::new(&oslo)
        .title("Samling i Oslo: friske eldre – æ ø å")
        .times(at("2026-09-20T08:00:00Z"), at("2026-09-20T14:00:00Z"))
        .members_only(false)
        .published()
        .insert(&app)
        .await;

    let path = format!("/calendar/networks/{}.ics", root.slug);
    let own = feed(&app, &path).await;
    let body = feed(&app, &format!("{path}?include=children")).await;
    let mut both = python_all(&[&own, &body], None).await;
    let (own_parsed, parsed) = (both.remove(0), both.remove(0));
    assert_eq!(
        uids(&own_parsed),
        [
            uid(&recent),
            uid(&registered),
            uid(&nordic),
            uid(&across_dst)
        ],
        "upcoming and recent, by start; not drafts, members-only or long past; not the sub-network's"
    );
    assert_eq!(own_parsed["timezones"], json!(["Europe/Stockholm"]));

    for hidden in [&long_ago, &draft, &members_only] {
        assert!(
            !body.contains(&uid(hidden)),
            "{} is in the feed",
            hidden.title
        );
    }
    assert!(
        !body.contains("hemlig-for-anmalda"),
        "a REGISTERED join link is in a public feed"
    );

    // The ical crate.
    let calendar = ical(&body);
    assert_eq!(calendar.events.len(), 5);
    assert_eq!(
        value(&calendar.properties, "X-WR-TIMEZONE"),
        Some("Europe/Stockholm")
    );
    let tzids: Vec<&str> = calendar
        .timezones
        .iter()
        .filter_map(|zone| value(&zone.properties, "TZID"))
        .collect();
    assert_eq!(tzids, ["Europe/Oslo", "Europe/Stockholm"]);
    let first = calendar
        .events
        .iter()
        .find(|e| value(&e.properties, "UID") == Some(uid(&nordic).as_str()))
        .expect("the Nordic event");
    assert_eq!(
        unescape(value(&first.properties, "SUMMARY").unwrap_or_default()),
        nordic_title
    );
    assert_eq!(value(&first.properties, "DTSTART"), Some("20260915T130000"));

    // Python's icalendar and recurring-ical-events.
    assert_eq!(parsed["calendar"]["version"], "2.0");
    assert_eq!(parsed["calendar"]["name"], root.name.as_str());
    assert_eq!(parsed["calendar"]["x-wr-calname"], root.name.as_str());
    assert_eq!(parsed["calendar"]["x-wr-timezone"], "Europe/Stockholm");
    assert_eq!(parsed["calendar"]["x-published-ttl"], "PT1H");
    assert_eq!(parsed["refresh_interval_seconds"], 3600);
    assert_eq!(
        parsed["timezones"],
        json!(["Europe/Oslo", "Europe/Stockholm"])
    );
    assert!(
        parsed["lines"]["folded_lines"].as_u64() > Some(10),
        "long Nordic lines are folded"
    );
    assert_eq!(parsed["occurrences"].as_array().map(Vec::len), Some(5));

    let e = by_uid(&parsed, &nordic);
    assert_eq!(e["summary"], nordic_title);
    assert_eq!(e["status"], "CONFIRMED");
    assert_eq!(e["sequence"], 0);
    let description = e["description"].as_str().unwrap_or_default();
    assert!(
        description.starts_with(nordic_description.trim()),
        "{description}"
    );
    for line in [
        "Program\n13:00–13:30 Välkommen, inledning; dagens mål (Stora salen)\n\
         – Linnéa Åkesson, Göteborgsregionen (moderator)\n\
         13:30–14:30 Välfärdsteknologi i hemtjänsten (Stora salen)\n\
         – Örjan Ek, Region Skåne (talare)",
        &format!("Delta online (Webex): {PUBLIC_WEBEX}"),
        "Tillgänglighet: Entré i gatuplan, hörslinga",
        &format!(
            "Mer information: https://traffpunkt.test/events/{}",
            nordic.id
        ),
    ] {
        assert!(
            description.contains(line),
            "{line:?} not in {description:?}"
        );
    }
    assert_eq!(
        e["location"],
        "Fontänhuset Helsingborg, Norra Strandgatan 8, Helsingborg"
    );
    assert_eq!(
        e["url"],
        format!("https://traffpunkt.test/events/{}", nordic.id)
    );
    assert_eq!(e["organizer"], "mailto:asa.oberg@example.se");
    assert_eq!(e["organizer_params"]["CN"], "Åsa Öberg");
    assert_eq!(e["conference"], PUBLIC_WEBEX);
    assert_eq!(e["conference_params"]["LABEL"], "Webex");
    assert_eq!(e["conference_params"]["FEATURE"], "AUDIO,VIDEO");
    assert_eq!(e["categories"], json!([root.name]));
    assert_eq!(e["start"]["tzid"], "Europe/Stockholm");
    assert_eq!(e["start"]["local"], "2026-09-15T13:00:00");
    assert_eq!(e["start"]["utc"], "2026-09-15T11:00:00Z");
    assert_eq!(e["dtstamp"], e["last_modified"]);

    let e = by_uid(&parsed, &across_dst);
    assert_eq!(e["start"]["local"], "2026-10-24T20:00:00");
    assert_eq!(e["end"]["local"], "2026-10-25T10:00:00");
    for (when, utc) in [
        ("start", "2026-10-24T18:00:00Z"),
        ("end", "2026-10-25T09:00:00Z"),
    ] {
        assert_eq!(e[when]["tzid"], "Europe/Stockholm");
        assert_eq!(e[when]["utc"], utc, "{when} through the zone database");
        assert_eq!(
            e[when]["utc_via_vtimezone"], utc,
            "{when} through the feed's own VTIMEZONE"
        );
    }

    let e = by_uid(&parsed, &registered);
    assert_eq!(e["conference"], Value::Null);
    assert!(
        !e["description"]
            .as_str()
            .unwrap_or_default()
            .contains("Delta online")
    );

    let e = by_uid(&parsed, &in_oslo);
    assert_eq!(e["summary"], "Samling i Oslo: friske eldre – æ ø å");
    assert_eq!(e["start"]["tzid"], "Europe/Oslo");
    assert_eq!(e["start"]["local"], "2026-09-20T10:00:00");
    assert_eq!(e["start"]["utc_via_vtimezone"], "2026-09-20T08:00:00Z");
    assert_eq!(e["organizer_params"]["CN"], "Øystein Ærø");
    assert_eq!(e["categories"], json!([oslo.name]));
    assert!(
        e["description"]
            .as_str()
            .unwrap_or_default()
            .contains("Mer informasjon: "),
        "texts in the sub-network's language"
    );
}

#[tokio::test]
async fn cancelled_and_changed_events_keep_their_uid_and_grow_their_sequence() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Branschråd äldreomsorg")
        .insert(&app)
        .await;
    let event = EventBuilder::new(&network)
        .title("Branschrådets uppstart")
        .starts_at(test_now() + Duration::days(200))
        .members_only(false)
        .published()
        .insert(&app)
        .await;
    let path = format!("/calendar/networks/{}.ics", network.slug);
    let first = feed(&app, &path).await;

    app.state.clock.advance(Duration::hours(1));
    let moved = event.starts_at + Duration::hours(1);
    events::update(
        &app.cx(),
        EventId(event.id),
        EventChanges {
            starts_at: Some(moved),
            ends_at: Some(moved + Duration::hours(2)),
            ..Default::default()
        },
    )
    .await
    .expect("move the event");
    let updated = feed(&app, &path).await;

    app.state.clock.advance(Duration::hours(1));
    events::cancel(&app.cx(), EventId(event.id), None)
        .await
        .expect("cancel");
    let cancelled = feed(&app, &path).await;
    let single = feed(&app, &event_path(&event)).await;

    // Subscribers had 90 days to see the cancellation: then it goes.
    app.state.clock.advance(Duration::days(91));
    let later = feed(&app, &path).await;
    let wider = feed(
        &app,
        &format!("{path}?from={}", test_now().format("%Y-%m-%d")),
    )
    .await;
    let single_later = feed(&app, &event_path(&event)).await;

    let parsed = python_all(
        &[
            &first,
            &updated,
            &cancelled,
            &single,
            &later,
            &wider,
            &single_later,
        ],
        None,
    )
    .await;
    let [
        first,
        updated,
        cancelled,
        single,
        later,
        wider,
        single_later,
    ] = &parsed[..]
    else {
        panic!("seven results");
    };
    let before = by_uid(first, &event);
    assert_eq!(before["sequence"], 0);
    let e = by_uid(updated, &event);
    assert_eq!(e["uid"], before["uid"]);
    assert_eq!(e["sequence"], 1, "a new time grows SEQUENCE");
    assert_eq!(e["status"], "CONFIRMED");
    assert_eq!(
        e["start"]["utc"],
        moved.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    );
    assert!(e["last_modified"].as_str() > before["last_modified"].as_str());
    assert!(e["dtstamp"].as_str() > before["dtstamp"].as_str());

    let e = by_uid(cancelled, &event);
    assert_eq!(e["status"], "CANCELLED");
    assert_eq!(e["sequence"], 2);
    assert_eq!(e["summary"], "INSTÄLLT: Branschrådets uppstart");
    assert_eq!(by_uid(single, &event)["status"], "CANCELLED");

    assert_eq!(uids(later), Vec::<String>::new());
    assert_eq!(
        uids(wider),
        [uid(&event)],
        "a window that starts before the cancellation still holds it"
    );
    assert_eq!(by_uid(single_later, &event)["status"], "CANCELLED");
}

#[tokio::test]
async fn event_and_series_feeds_hold_their_events_with_the_public_link() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Gemensam utvecklingsgrupp")
        .insert(&app)
        .await;
    let dates = [
        at("2026-09-21T11:00:00Z"),
        at("2026-10-19T11:00:00Z"),
        at("2026-11-16T12:00:00Z"),
        at("2026-12-14T12:00:00Z"),
    ];
    let (group, occurrences) = series_with(&app, &network, "Utvecklingsgruppen", &dates).await;
    let (_, others) =
        series_with(&app, &network, "Annan serie", &[at("2026-10-01T08:00:00Z")]).await;

    let path = format!("/calendar/series/{}.ics", group.id);
    let fetched = get(&app, &path).await;
    assert_eq!(fetched.status, StatusCode::OK);
    assert_eq!(
        fetched.header(header::CONTENT_DISPOSITION),
        format!("inline; filename=\"series-{}.ics\"", group.id)
    );
    let from_november = feed(&app, &format!("{path}?from=2026-11-01")).await;
    let single = get(&app, &event_path(&occurrences[0])).await;
    assert_eq!(single.status, StatusCode::OK);
    assert_eq!(
        single.header(header::CONTENT_DISPOSITION),
        format!("inline; filename=\"event-{}.ics\"", occurrences[0].id)
    );
    let calendar = ical(&single.body);
    assert_eq!(calendar.events.len(), 1);

    let all = python_all(&[&fetched.body, &from_november, &single.body], None).await;
    let [parsed, from_november, single] = &all[..] else {
        panic!("three results");
    };
    assert_eq!(parsed["calendar"]["name"], "Utvecklingsgruppen");
    assert_eq!(
        uids(parsed),
        occurrences.iter().map(uid).collect::<Vec<_>>()
    );
    assert!(!fetched.body.contains(&uid(&others[0])));
    for event in &occurrences {
        let e = by_uid(parsed, event);
        assert_eq!(e["conference"], PUBLIC_WEBEX);
        assert_eq!(
            e["location"],
            "Fontänhuset Helsingborg, Norra Strandgatan 8, Helsingborg"
        );
    }
    assert_eq!(
        uids(from_november),
        [uid(&occurrences[2]), uid(&occurrences[3])]
    );
    assert_eq!(single["calendar"]["name"], "Utvecklingsgruppen – träff 1");
    assert_eq!(by_uid(single, &occurrences[0])["conference"], PUBLIC_WEBEX);

    let october = python_all(
        &[&fetched.body],
        Some(("2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z")),
    )
    .await;
    assert_eq!(
        october[0]["occurrences"],
        json!([{ "uid": uid(&occurrences[1]), "start": "2026-10-19T11:00:00Z" }]),
        "recurring-ical-events finds October's meeting"
    );
}

#[tokio::test]
async fn unknown_and_hidden_feeds_are_404_and_bad_parameters_400() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Socialchefsnätverket")
        .closed()
        .insert(&app)
        .await;
    let draft = EventBuilder::new(&network)
        .members_only(false)
        .insert(&app)
        .await;
    let members_only = EventBuilder::new(&network).published().insert(&app).await;
    assert!(
        members_only.members_only,
        "closed networks' events default to members only"
    );
    let (closed_series, series_events) = series_with(
        &app,
        &network,
        "Fredagsmöten",
        &[at("2026-09-11T07:00:00Z")],
    )
    .await;
    for event in &series_events {
        events::update(
            &app.cx(),
            EventId(event.id),
            EventChanges {
                members_only: Some(true),
                ..Default::default()
            },
        )
        .await
        .expect("members only");
    }

    let random = uuid::Uuid::new_v4();
    for path in [
        "/calendar/networks/finns-inte.ics".to_owned(),
        format!("/calendar/networks/{}", network.slug),
        format!("/calendar/networks/{}.ical", network.slug),
        format!("/calendar/events/{random}.ics"),
        "/calendar/events/inte-ett-id.ics".to_owned(),
        format!("/calendar/series/{random}.ics"),
        event_path(&draft),
        event_path(&members_only),
        format!("/calendar/series/{}.ics", closed_series.id),
    ] {
        let fetched = get(&app, &path).await;
        assert_eq!(
            fetched.status,
            StatusCode::NOT_FOUND,
            "{path}: {}",
            fetched.body
        );
        assert_eq!(
            fetched.header(header::CONTENT_TYPE),
            "text/plain; charset=utf-8"
        );
        assert_eq!(fetched.body, "No such calendar.\n");
    }
    // The network is listed publicly; its feed is served, without the
    // members' events.
    let closed = ical(&feed(&app, &format!("/calendar/networks/{}.ics", network.slug)).await);
    assert_eq!(closed.events.len(), 0);

    for (query, message) in [
        ("from=igår", "from: \"igår\" is neither a date"),
        ("to=2026-13-01", "to: \"2026-13-01\" is neither a date"),
        ("from=2026-10-01&to=2026-09-01", "to: to must be after from"),
        (
            "include=everything",
            "include: unknown value \"everything\"",
        ),
    ] {
        let fetched = get(
            &app,
            &format!("/calendar/networks/{}.ics?{query}", network.slug),
        )
        .await;
        assert_eq!(fetched.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(
            fetched.body.starts_with(message),
            "{query}: {}",
            fetched.body
        );
    }
}

// ---------------------------------------------------------------------------
// Polling: ETag, Last-Modified, 304 and HEAD
// ---------------------------------------------------------------------------

#[tokio::test]
async fn feeds_answer_304_without_building_the_body_until_something_changes() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("AllAgeHub").insert(&app).await;
    accepted_contact(&app, &network, "Karin Lund", "karin.lund@example.se").await;
    let event = EventBuilder::new(&network)
        .title("Höstkonferens")
        .members_only(false)
        .published()
        .insert(&app)
        .await;
    agenda_item(
        &app,
        &event,
        "Välkommen",
        None,
        ("Linnéa Åkesson", "GR", "moderator"),
    )
    .await;
    let path = format!("/calendar/networks/{}.ics", network.slug);

    let full = get(&app, &path).await;
    assert_eq!(full.status, StatusCode::OK);
    let etag = full.header(header::ETAG).to_owned();
    let last_modified = full.header(header::LAST_MODIFIED).to_owned();
    assert!(
        etag.starts_with('"') && etag.ends_with('"') && etag.len() > 20,
        "{etag}"
    );
    assert_eq!(
        last_modified,
        httpdate::fmt_http_date(event.updated_at.max(test_now()).into())
    );
    assert_eq!(full.header(header::CACHE_CONTROL), "public, max-age=300");
    assert_eq!(
        full.header(header::CONTENT_DISPOSITION),
        "inline; filename=\"allagehub.ics\""
    );
    let again = get(&app, &path).await;
    assert_eq!(
        again.header(header::ETAG),
        etag,
        "the same data, the same tag"
    );
    assert_eq!(again.body, full.body, "and the same bytes");
    assert!(
        again.statements < full.statements,
        "an unchanged public feed comes from the render cache: {} statements, a render {}",
        again.statements,
        full.statements
    );

    for conditional in [
        vec![("if-none-match", etag.as_str())],
        vec![("if-none-match", &format!("W/{etag}"))],
        vec![("if-none-match", &format!("\"old\", {etag}"))],
        vec![("if-modified-since", last_modified.as_str())],
    ] {
        let fresh = fetch(&app, reqwest::Method::GET, &path, &conditional).await;
        assert_eq!(fresh.status, StatusCode::NOT_MODIFIED, "{conditional:?}");
        assert_eq!(fresh.body, "");
        assert_eq!(fresh.header(header::ETAG), etag);
        assert_eq!(fresh.header(header::LAST_MODIFIED), last_modified);
        assert_eq!(fresh.header(header::CACHE_CONTROL), "public, max-age=300");
        assert!(
            fresh.statements < full.statements,
            "a 304 costs {} statements, the full feed {}: it must not load what the body needs",
            fresh.statements,
            full.statements
        );
    }
    let earlier = httpdate::fmt_http_date((event.updated_at - Duration::seconds(1)).into());
    for stale in [
        vec![("if-none-match", "\"old\"")],
        vec![("if-modified-since", earlier.as_str())],
        vec![
            ("if-none-match", "\"old\""),
            ("if-modified-since", last_modified.as_str()),
        ],
    ] {
        let fetched = fetch(&app, reqwest::Method::GET, &path, &stale).await;
        assert_eq!(fetched.status, StatusCode::OK, "{stale:?}");
        assert_eq!(fetched.body, full.body);
    }

    // HEAD: the same headers, no body, the cost of a 304.
    let head = fetch(&app, reqwest::Method::HEAD, &path, &[]).await;
    assert_eq!(head.status, StatusCode::OK);
    assert_eq!(head.body, "");
    for name in [
        header::ETAG,
        header::LAST_MODIFIED,
        header::CACHE_CONTROL,
        header::CONTENT_TYPE,
        header::CONTENT_DISPOSITION,
    ] {
        assert_eq!(
            head.header(name.clone()),
            full.header(name.clone()),
            "{name}"
        );
    }
    assert_ne!(head.header(header::CONTENT_LENGTH), "0");
    assert!(head.statements < full.statements);

    // Every change a subscriber would see gives a new tag.
    let mut seen = vec![etag.clone()];
    let mut expect_new = async |app: &TestApp, what: &str| {
        let fetched = fetch(
            app,
            reqwest::Method::GET,
            &path,
            &[("if-none-match", &etag)],
        )
        .await;
        assert_eq!(fetched.status, StatusCode::OK, "after {what}");
        let tag = fetched.header(header::ETAG).to_owned();
        assert!(!seen.contains(&tag), "{what} left the ETag as it was");
        seen.push(tag);
    };
    app.state.clock.advance(Duration::minutes(1));
    events::update(
        &app.cx(),
        EventId(event.id),
        EventChanges {
            description: Some("Ny beskrivning".into()),
            ..Default::default()
        },
    )
    .await
    .expect("update");
    expect_new(&app, "a new description").await;
    assert!(
        get(&app, &path).await.body.contains("Ny beskrivning"),
        "a changed feed is rendered anew, not served from the cache"
    );
    app.state.clock.advance(Duration::minutes(1));
    agenda_item(
        &app,
        &event,
        "Avslutning",
        None,
        ("Örjan Ek", "GU", "talare"),
    )
    .await;
    expect_new(&app, "a new agenda item").await;
    app.state.clock.advance(Duration::minutes(1));
    api::service::networks::remove_contact(
        &app.cx(),
        NetworkId(network.id),
        api::ids::PersonId(
            people::by_email(&app.cx(), "karin.lund@example.se")
                .await
                .expect("person")
                .expect("exists")
                .id,
        ),
    )
    .await
    .expect("remove contact");
    expect_new(&app, "a new organizer").await;
    app.state.clock.advance(Duration::minutes(1));
    EventBuilder::new(&network)
        .title("Vårkonferens")
        .members_only(false)
        .published()
        .insert(&app)
        .await;
    expect_new(&app, "a new event").await;
    let newest = get(&app, &path).await;
    assert_eq!(
        newest.header(header::LAST_MODIFIED),
        httpdate::fmt_http_date((test_now() + Duration::minutes(4)).into())
    );
    let changed_since = fetch(
        &app,
        reqwest::Method::GET,
        &path,
        &[("if-modified-since", last_modified.as_str())],
    )
    .await;
    assert_eq!(changed_since.status, StatusCode::OK);
}

// ---------------------------------------------------------------------------
// A big feed
// ---------------------------------------------------------------------------

/// A network with `series × per_series` daily events from tomorrow, two of
/// them with an agenda.
async fn busy_network(
    app: &TestApp,
    name: &str,
    series: usize,
    per_series: usize,
) -> entities::network::Model {
    let network = NetworkBuilder::new(name).insert(app).await;
    contact(
        app,
        &network,
        "Karin Lund",
        &format!("karin@{}.example.se", network.slug),
    )
    .await;
    let mut day = 1;
    let mut first = Vec::new();
    for n in 0..series {
        let starts: Vec<DateTime<Utc>> = (0..per_series)
            .map(|_| {
                day += 1;
                test_now() + Duration::days(day)
            })
            .collect();
        let (_, created) = series_with(app, &network, &format!("Serie {n}"), &starts).await;
        first.push(created[0].clone());
    }
    for event in first.iter().take(2) {
        agenda_item(
            app,
            event,
            "Välkommen",
            Some(("2026-09-03T08:00:00Z", "2026-09-03T08:30:00Z")),
            ("Åsa Öberg", "Region Skåne", "moderator"),
        )
        .await;
    }
    network
}

#[tokio::test]
async fn a_thousand_event_feed_costs_the_statements_of_a_five_event_one() {
    let app = TestApp::spawn().await;
    let started = Instant::now();
    let small = busy_network(&app, "Litet nätverk", 1, 5).await;
    let big = busy_network(&app, "Stort nätverk", 5, 200).await;
    let built = started.elapsed();

    let small_feed = get(&app, &format!("/calendar/networks/{}.ics", small.slug)).await;
    let started = Instant::now();
    let big_feed = get(&app, &format!("/calendar/networks/{}.ics", big.slug)).await;
    let served = started.elapsed();
    assert_eq!(big_feed.status, StatusCode::OK);
    assert_eq!(
        small_feed.statements, big_feed.statements,
        "statements grow with the feed: {} for 5 events, {} for 1,000",
        small_feed.statements, big_feed.statements
    );
    assert!(
        big_feed.statements <= 8,
        "{} statements",
        big_feed.statements
    );
    let etag = big_feed.header(header::ETAG).to_owned();
    let started = Instant::now();
    let not_modified = fetch(
        &app,
        reqwest::Method::GET,
        &format!("/calendar/networks/{}.ics", big.slug),
        &[("if-none-match", &etag)],
    )
    .await;
    let revalidated = started.elapsed();
    assert_eq!(not_modified.status, StatusCode::NOT_MODIFIED);

    let calendar = ical(&big_feed.body);
    assert_eq!(calendar.events.len(), 1000);
    let parsed = python(&big_feed.body).await;
    assert_eq!(parsed["events"].as_array().map(Vec::len), Some(1000));
    assert_eq!(parsed["occurrences"].as_array().map(Vec::len), Some(1000));
    eprintln!(
        "1,000-event feed: {} bytes in {served:?} with {} statements; 304 in {revalidated:?} \
         with {} statements; fixtures built in {built:?}",
        big_feed.body.len(),
        big_feed.statements,
        not_modified.statements
    );
    assert!(served.as_secs() < 5, "the 1,000-event feed took {served:?}");
}

// ---------------------------------------------------------------------------
// GraphQL links
// ---------------------------------------------------------------------------

/// The decoded query parameters of a URL.
fn query_of(url: &str) -> std::collections::HashMap<String, String> {
    reqwest::Url::parse(url)
        .unwrap_or_else(|err| panic!("{url}: {err}"))
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

#[tokio::test]
async fn graphql_gives_feed_urls_and_add_to_calendar_links() {
    let app = TestApp::spawn().await;
    let network = NetworkBuilder::new("Gemensam utvecklingsgrupp")
        .insert(&app)
        .await;
    let public = EventBuilder::new(&network)
        .title("Träff: digitalt utanförskap & mentorskap")
        .description("Vi pratar om digitalt utanförskap.\nVälkomna!")
        .hybrid(JoinLinkVisibility::Public)
        .members_only(false)
        .published()
        .insert(&app)
        .await;
    let registered = EventBuilder::new(&network)
        .hybrid(JoinLinkVisibility::Registered)
        .join_url(SECRET_TEAMS)
        .members_only(false)
        .published()
        .insert(&app)
        .await;
    let (group, _) = series_with(
        &app,
        &network,
        "Utvecklingsgruppen",
        &[at("2026-09-21T11:00:00Z")],
    )
    .await;

    let data = app
        .gql_ok(
            "query($slug: String!, $public: ID!, $registered: ID!) {
               network(slug: $slug) { calendarUrl webcalUrl
                 withChildren: calendarUrl(includeChildren: true)
                 webcalWithChildren: webcalUrl(includeChildren: true)
                 series { calendarUrl webcalUrl } }
               public: event(id: $public) { calendarUrl webcalUrl googleCalendarUrl outlookCalendarUrl }
               registered: event(id: $registered) { googleCalendarUrl outlookCalendarUrl } }",
            json!({ "slug": network.slug, "public": event_gid(&public), "registered": event_gid(&registered) }),
        )
        .await;
    let base = "https://traffpunkt.test";
    let n = &data["network"];
    assert_eq!(
        n["calendarUrl"],
        format!("{base}/calendar/networks/{}.ics", network.slug)
    );
    assert_eq!(
        n["webcalUrl"],
        format!(
            "webcal://traffpunkt.test/calendar/networks/{}.ics",
            network.slug
        )
    );
    assert_eq!(
        n["withChildren"],
        format!(
            "{base}/calendar/networks/{}.ics?include=children",
            network.slug
        )
    );
    assert_eq!(
        n["webcalWithChildren"],
        format!(
            "webcal://traffpunkt.test/calendar/networks/{}.ics?include=children",
            network.slug
        )
    );
    assert_eq!(
        n["series"][0]["calendarUrl"],
        format!("{base}/calendar/series/{}.ics", group.id)
    );
    assert_eq!(
        n["series"][0]["webcalUrl"],
        format!("webcal://traffpunkt.test/calendar/series/{}.ics", group.id)
    );
    let e = &data["public"];
    assert_eq!(
        e["calendarUrl"],
        format!("{base}/calendar/events/{}.ics", public.id)
    );
    assert_eq!(
        e["webcalUrl"],
        format!("webcal://traffpunkt.test/calendar/events/{}.ics", public.id)
    );

    // Every feed URL GraphQL gives is served.
    for url in [
        &n["calendarUrl"],
        &n["withChildren"],
        &n["series"][0]["calendarUrl"],
        &e["calendarUrl"],
    ] {
        let path = url
            .as_str()
            .and_then(|u| u.strip_prefix(base))
            .expect("under PUBLIC_URL");
        feed(&app, path).await;
    }

    let page = format!("{base}/events/{}", public.id);
    let google = e["googleCalendarUrl"].as_str().expect("google");
    assert!(
        google.starts_with("https://calendar.google.com/calendar/render?"),
        "{google}"
    );
    assert!(!google.contains('+') && !google.contains(' '), "{google}");
    let q = query_of(google);
    assert_eq!(q["action"], "TEMPLATE");
    assert_eq!(q["text"], "Träff: digitalt utanförskap & mentorskap");
    assert_eq!(q["dates"], "20260908T080000Z/20260908T100000Z");
    assert_eq!(q["ctz"], "Europe/Stockholm");
    assert_eq!(
        q["location"],
        "Fontänhuset Helsingborg, Norra Strandgatan 8, Helsingborg"
    );
    assert_eq!(
        q["details"],
        format!(
            "Vi pratar om digitalt utanförskap.\nVälkomna!\n\n\
             Delta online (Webex): https://helsingborg.webex.com/meet/utveckling\n\n\
             Mer information: {page}"
        )
    );
    let outlook = e["outlookCalendarUrl"].as_str().expect("outlook");
    assert!(
        outlook.starts_with("https://outlook.office.com/calendar/0/deeplink/compose?"),
        "{outlook}"
    );
    let q = query_of(outlook);
    assert_eq!(q["subject"], "Träff: digitalt utanförskap & mentorskap");
    assert_eq!(q["startdt"], "2026-09-08T08:00:00Z");
    assert_eq!(q["enddt"], "2026-09-08T10:00:00Z");
    assert_eq!(
        q["location"],
        "Fontänhuset Helsingborg, Norra Strandgatan 8, Helsingborg"
    );
    assert!(
        q["body"].contains("Delta online (Webex): https://helsingborg.webex.com/meet/utveckling")
    );

    for link in ["googleCalendarUrl", "outlookCalendarUrl"] {
        let url = data["registered"][link].as_str().unwrap_or_default();
        assert!(
            !url.contains("hemlig"),
            "{link} shares a REGISTERED join link: {url}"
        );
        let q = query_of(url);
        let details = q.get("details").or_else(|| q.get("body")).expect("details");
        assert!(
            details.ends_with(&format!("Mer information: {base}/events/{}", registered.id)),
            "{details}"
        );
    }
}

// ---------------------------------------------------------------------------
// The demo data (the README's sample)
// ---------------------------------------------------------------------------

#[tokio::test]
async fn the_demo_feeds_carry_the_webex_link_and_the_conference_programme() {
    let app = TestApp::spawn().await;
    seed::demo(&app.cx()).await.expect("seed");
    let data = app
        .gql_ok(
            "{ group: network(slug: \"gemensam-utvecklingsgrupp\") { calendarUrl series { calendarUrl } }
               hub: network(slug: \"allagehub\") { calendarUrl events(first: 1) { nodes { id calendarUrl } } } }",
            json!({}),
        )
        .await;
    let path = |url: &Value| {
        url.as_str()
            .and_then(|u| u.strip_prefix("https://traffpunkt.test"))
            .expect("under PUBLIC_URL")
            .to_owned()
    };
    let series = path(&data["group"]["series"][0]["calendarUrl"]);
    let autumn = feed(&app, &format!("{series}?from=2023-09-01")).await;
    let programme = feed(
        &app,
        &path(&data["hub"]["events"]["nodes"][0]["calendarUrl"]),
    )
    .await;
    assert_eq!(
        feed(&app, &series).await.matches("BEGIN:VEVENT").count(),
        0,
        "2023 is long past: the default window leaves it out"
    );
    let all = python_all(&[&autumn, &programme], None).await;
    let [parsed, conference] = &all[..] else {
        panic!("two results");
    };
    let events = parsed["events"].as_array().expect("events");
    assert_eq!(events.len(), 4, "the autumn 2023 meetings");
    for event in events {
        assert_eq!(event["conference_params"]["LABEL"], "Webex");
        assert_eq!(event["start"]["tzid"], "Europe/Stockholm");
    }
    let description = conference["events"][0]["description"]
        .as_str()
        .unwrap_or_default();
    assert!(
        description.contains("09:00–09:30 Välkommen och inledning (Stora salen)"),
        "{description}"
    );
    assert_eq!(
        conference["events"][0]["conference"],
        Value::Null,
        "its link is for the registered"
    );
}

/// Documents through ical.js (`tests/support/icaljs/check.mjs`), the
/// parser of Thunderbird and many web calendars: what it read of each, as
/// JSON. Installs ical.js with npm on first use (the version in its
/// `package-lock.json`); fails, never skips, without Node.js.
pub(crate) async fn icaljs(bodies: &[&str]) -> Vec<Value> {
    static READY: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/icaljs");
    let ready = READY.get_or_init(|| {
        if std::path::Path::new(dir)
            .join("node_modules/ical.js")
            .exists()
        {
            return Ok(());
        }
        let installed = std::process::Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(dir)
            .status()
            .is_ok_and(|status| status.success());
        if installed {
            Ok(())
        } else {
            Err(format!(
                "the feed tests read feeds with ical.js, which needs Node.js 20+ and npm: \
                 run `npm ci` in {dir}"
            ))
        }
    });
    if let Err(message) = ready {
        panic!("{message}");
    }
    let paths: Vec<std::path::PathBuf> = bodies
        .iter()
        .map(|body| {
            let path = std::env::temp_dir().join(format!(
                "traffpunkt-icaljs-{}.ics",
                uuid::Uuid::new_v4().simple()
            ));
            std::fs::write(&path, body).expect("write the document");
            path
        })
        .collect();
    let mut command = std::process::Command::new("node");
    command.arg(format!("{dir}/check.mjs")).args(&paths);
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("node thread")
        .unwrap_or_else(|err| panic!("cannot run node ({err}): ical.js needs Node.js 20+"));
    for path in &paths {
        let _ = std::fs::remove_file(path);
    }
    assert!(
        output.status.success(),
        "ical.js refuses a document: {}\n{bodies:?}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON from check.mjs")
}
