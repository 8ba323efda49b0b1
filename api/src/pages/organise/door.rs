//! `GET /organise/events/{id}/door`: checking people in at the door, on a
//! phone. A search by name (or address, or organisation), and each
//! participant with a seat at the venue with one large button: "Check in",
//! or the time they were checked in and "Undo". The count of those checked
//! in is shown at the top; a colleague's check-ins show on the next search
//! or reload. The buttons post to `…/registrations/{id}/check-in` with
//! `back=door`, which returns here with the same search.
//!
//! `GET /organise/events/{id}/door.json`: the count alone
//! (`{checkedIn, expected, text}`), for the same organisers (404 to
//! others), never stored by a cache. The console's script polls it while
//! the page is visible, so that a colleague's check-ins show without a
//! reload; the page works as before without it.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use entities::{AttendanceMode, ParticipationMode, RegistrationStatus};
use uuid::Uuid;

use super::forms::{csrf_for, event_id};
use super::registrations::{ListQuery, notice};
use super::script::{self, SCRIPT_PATH};
use crate::i18n::console::{ConsoleStrings, console_strings};
use crate::i18n::dates;
use crate::pages::page::{Layout, PageRequest, private_page, render};
use crate::service::Viewer;
use crate::service::registrations::RegistrationFilter;
use crate::service::roster::{self, Roster, RosterEntry};
use crate::state::AppState;

struct Person {
    id: Uuid,
    name: String,
    organisation: Option<String>,
    checked_in: Option<String>,
}

#[derive(Template)]
#[template(path = "console/door.html")]
struct DoorPage {
    page: Layout,
    c: &'static ConsoleStrings,
    event_id: Uuid,
    title: String,
    count: String,
    /// Where the script reads the count (`door.json`, in the page's language).
    poll: String,
    script: &'static str,
    notice: Option<&'static str>,
    q: String,
    people: Vec<Person>,
    csrf: String,
    lang: &'static str,
}

/// `GET /organise/events/{id}/door`.
pub(super) async fn page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    request: PageRequest,
) -> Response {
    if !matches!(request.viewer, Viewer::Person(_)) {
        return crate::pages::session::prompt(&state, &headers, &request, StatusCode::OK);
    }
    let Some(id) = event_id(&id) else {
        return request.not_found();
    };
    let Some(csrf) = csrf_for(&state, &headers) else {
        return request.internal_error();
    };
    let query = ListQuery::parse(raw.as_deref());
    let roster = match confirmed_roster(&state, &request, id).await {
        Ok(roster) => roster,
        Err(err) => return request.failed(err),
    };
    let c = console_strings(request.locale);
    let event = &roster.event;
    let zone = dates::zone(&event.time_zone);
    let at_door = at_door(&roster);
    let arrived = arrived(&at_door);
    let mut people: Vec<Person> = at_door
        .iter()
        .filter(|e| e.matches(&query.q))
        .map(|e| Person {
            id: e.registration.model().id,
            name: e.name.clone(),
            organisation: e.organisation.clone(),
            checked_in: e.registration.model().checked_in_at.map(|at| {
                (c.checked_in_at)(&dates::clock_time(request.locale, &at.with_timezone(&zone)))
            }),
        })
        .collect();
    people.sort_by_key(|p| p.name.to_lowercase());
    let page = DoorPage {
        page: request.page(format!("{} – {}", c.door_view, event.title)),
        c,
        event_id: event.id,
        title: event.title.clone(),
        count: (c.checked_in_count)(arrived, at_door.len()),
        poll: format!(
            "/organise/events/{}/door.json?lang={}",
            event.id, request.locale
        ),
        script: SCRIPT_PATH,
        notice: notice(c, query.done.as_deref()),
        q: query.q.clone(),
        people,
        csrf: csrf.token,
        lang: request.locale.as_str(),
    };
    let mut response = render(&page);
    private_page(&mut response, csrf.set_cookie);
    response
}

/// The event's confirmed registrations, for its organisers.
async fn confirmed_roster(
    state: &AppState,
    request: &PageRequest,
    id: crate::ids::EventId,
) -> crate::service::Result<Roster> {
    let confirmed = RegistrationFilter {
        statuses: Some(vec![RegistrationStatus::Confirmed]),
        ..RegistrationFilter::default()
    };
    roster::roster(&request.context(state), id, &confirmed, None).await
}

/// Those who come through the door: a seat at the venue (everyone at an
/// online-only event, which checks people in as they join).
fn at_door(roster: &Roster) -> Vec<&RosterEntry> {
    let event = &roster.event;
    roster
        .entries
        .iter()
        .filter(|e| {
            event.attendance_mode == AttendanceMode::Online
                || e.registration.model().mode == ParticipationMode::InPerson
        })
        .collect()
}

/// How many of `at_door` have been checked in.
fn arrived(at_door: &[&RosterEntry]) -> usize {
    at_door
        .iter()
        .filter(|e| e.registration.model().checked_in_at.is_some())
        .count()
}

/// `GET /organise/events/{id}/door.json`: `{checkedIn, expected, text}`
/// (the count as the page says it, in the request's language).
pub(super) async fn counts(
    State(state): State<AppState>,
    Path(id): Path<String>,
    request: PageRequest,
) -> Response {
    let Some(id) = event_id(&id) else {
        return script::refused(&request, crate::service::Error::NotFound("event"));
    };
    let roster = match confirmed_roster(&state, &request, id).await {
        Ok(roster) => roster,
        Err(err) => return script::refused(&request, err),
    };
    let at_door = at_door(&roster);
    let arrived = arrived(&at_door);
    let c = console_strings(request.locale);
    script::counts(&serde_json::json!({
        "checkedIn": arrived,
        "expected": at_door.len(),
        "text": (c.checked_in_count)(arrived, at_door.len()),
    }))
}
