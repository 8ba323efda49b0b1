//! `GET /organise`: the organiser's networks, each with its next events
//! (drafts included) and their seats taken / capacity per mode, waiting list
//! and pending applications; links to each network's public page and feed.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use entities::AttendanceMode;

use crate::calendar::links::FeedUrls;
use crate::i18n::Locale;
use crate::i18n::console::{ConsoleStrings, console_strings};
use crate::i18n::dates;
use crate::pages::page::{Layout, PageRequest, render};
use crate::service::overview::{self, EventAtGlance};
use crate::service::{Viewer, seats::Seats};
use crate::state::AppState;

/// How many upcoming events the start page shows per network.
const PER_NETWORK: usize = 20;

#[derive(Template)]
#[template(path = "console/start.html")]
struct StartPage {
    page: Layout,
    c: &'static ConsoleStrings,
    networks: Vec<NetworkRow>,
    lang: &'static str,
}

struct NetworkRow {
    id: uuid::Uuid,
    name: String,
    /// ` lang="…"` when the network writes another language than the page.
    lang: String,
    page: String,
    feed: String,
    events: Vec<EventRow>,
}

struct EventRow {
    href: String,
    title: String,
    when: String,
    status: &'static str,
    in_person: String,
    online: String,
    waitlisted: u64,
    pending: u64,
}

/// "12 / 40", "12 / unlimited", or "–" for a mode the event is not held in.
fn taken_of(c: &ConsoleStrings, offered: bool, taken: u64, remaining: Option<u64>) -> String {
    if !offered {
        return c.not_offered.to_owned();
    }
    match remaining {
        Some(free) => format!("{taken} / {}", taken + free),
        None => format!("{taken} / {}", c.unlimited),
    }
}

fn event_row(c: &ConsoleStrings, locale: Locale, glance: &EventAtGlance) -> EventRow {
    let EventAtGlance { event, seats } = glance;
    let Seats {
        in_person_taken,
        in_person_remaining,
        online_taken,
        online_remaining,
        waitlisted,
        pending,
    } = *seats;
    EventRow {
        href: format!("/organise/events/{}", event.id),
        title: event.title.clone(),
        when: dates::range(locale, event.starts_at, event.ends_at, &event.time_zone),
        status: c.event_status(event.status),
        in_person: taken_of(
            c,
            event.attendance_mode != AttendanceMode::Online,
            in_person_taken,
            in_person_remaining,
        ),
        online: taken_of(
            c,
            event.attendance_mode != AttendanceMode::InPerson,
            online_taken,
            online_remaining,
        ),
        waitlisted,
        pending,
    }
}

/// `GET /organise`.
pub(super) async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    request: PageRequest,
) -> Response {
    if !matches!(request.viewer, Viewer::Person(_)) {
        return crate::pages::session::prompt(&state, &headers, &request, StatusCode::OK);
    }
    let cx = request.context(&state);
    let glance = match overview::organised(&cx, PER_NETWORK).await {
        Ok(glance) => glance,
        Err(err) => return request.failed(err),
    };
    let c = console_strings(request.locale);
    let urls = FeedUrls::new(&state.config.public_url());
    let networks = glance
        .iter()
        .map(|n| {
            let written = Locale::parse(&n.network.default_locale).unwrap_or_default();
            NetworkRow {
                id: n.network.id,
                name: n.network.name.clone(),
                lang: if written == request.locale {
                    String::new()
                } else {
                    format!(" lang=\"{written}\"")
                },
                page: format!("/networks/{}", n.network.slug),
                feed: urls.network(&n.network.slug, false),
                events: n
                    .events
                    .iter()
                    .map(|e| event_row(c, request.locale, e))
                    .collect(),
            }
        })
        .collect();
    render(&StartPage {
        page: request.page(c.console),
        c,
        networks,
        lang: request.locale.as_str(),
    })
}
