//! `GET /organise/events/{id}/door`: checking people in at the door, on a
//! phone. A search by name (or address, or organisation), and each
//! participant with a seat at the venue with one large button: "Check in",
//! or the time they were checked in and "Undo". The count of those checked
//! in is shown at the top; a colleague's check-ins show on the next search
//! or reload. The buttons post to `…/registrations/{id}/check-in` with
//! `back=door`, which returns here with the same search.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use entities::{AttendanceMode, ParticipationMode, RegistrationStatus};
use uuid::Uuid;

use super::forms::{csrf_for, event_id};
use super::registrations::{ListQuery, notice};
use crate::i18n::console::{ConsoleStrings, console_strings};
use crate::i18n::dates;
use crate::pages::page::{Layout, PageRequest, private_page, render};
use crate::service::Viewer;
use crate::service::registrations::RegistrationFilter;
use crate::service::roster;
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
    let cx = request.context(&state);
    let confirmed = RegistrationFilter {
        statuses: Some(vec![RegistrationStatus::Confirmed]),
        ..RegistrationFilter::default()
    };
    let roster = match roster::roster(&cx, id, &confirmed, None).await {
        Ok(roster) => roster,
        Err(err) => return request.failed(err),
    };
    let c = console_strings(request.locale);
    let event = &roster.event;
    let zone = dates::zone(&event.time_zone);
    // Those who come through the door: a seat at the venue (everyone at an
    // online-only event, which checks people in as they join).
    let at_door: Vec<_> = roster
        .entries
        .iter()
        .filter(|e| {
            event.attendance_mode == AttendanceMode::Online
                || e.registration.model().mode == ParticipationMode::InPerson
        })
        .collect();
    let arrived = at_door
        .iter()
        .filter(|e| e.registration.model().checked_in_at.is_some())
        .count();
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
