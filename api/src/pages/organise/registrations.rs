//! An event's registrations in the console, and what organisers do with
//! them:
//!
//! - `GET /organise/events/{id}`: the event's seats, a search and filters
//!   (status, mode, organisation), each registration with its organisation
//!   (proven, or as a guest declared it), needs and answers, and the waiting
//!   list in order; links to the CSV export and the door view.
//! - `GET /organise/events/{id}/registrations.csv`: the CSV export with the
//!   same filters, for the session's organiser (`exports::registrations_csv`).
//! - `POST /organise/registrations/{id}/decide` (`registrations::decide`),
//!   `…/mode` (`registrations::change_mode`), `…/cancel`
//!   (`registrations::cancel`, mailing the participant), `…/check-in`
//!   (`registrations::check_in`, or `undo_check_in` with `undo=1`).
//!
//! Each POST carries the CSRF token and answers with a 303 back to the page
//! it came from (`back=door` for the door view), saying what was done or,
//! next to the registration, why not.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use entities::{
    AttendanceMode, EventStatus, ParticipationMode, RegistrationPolicy, RegistrationStatus,
};
use uuid::Uuid;

use super::forms::{csrf_for, event_id, see_other};
use crate::i18n::console::{ConsoleStrings, console_strings};
use crate::i18n::dates;
use crate::i18n::pages::Strings;
use crate::ids::{OrganisationId, RegistrationId};
use crate::pages::form::Form;
use crate::pages::page::{Layout, PageRequest, private_page, render};
use crate::service::registrations::{self, Decision, RegistrationFilter, RegistrationRef};
use crate::service::roster::{self, Roster, RosterEntry};
use crate::service::{self, ErrorCode, Viewer, exports};
use crate::state::AppState;

/// What the list's query asks for: filters, search, and the outcome of the
/// POST that sent the browser here.
#[derive(Debug, Default, Clone)]
pub(super) struct ListQuery {
    pub(super) q: String,
    status: Option<RegistrationStatus>,
    mode: Option<ParticipationMode>,
    organisation: Option<Uuid>,
    pub(super) done: Option<String>,
    pub(super) error: Option<(Uuid, String)>,
}

impl ListQuery {
    pub(super) fn parse(raw: Option<&str>) -> Self {
        let mut query = Self::default();
        let mut error_code = None;
        let mut error_for = None;
        for (key, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
            match &*key {
                "q" => query.q = value.trim().to_owned(),
                "status" => query.status = RegistrationStatus::parse(&value),
                "mode" => query.mode = ParticipationMode::parse(&value),
                "organisation" => query.organisation = Uuid::parse_str(&value).ok(),
                "done" => query.done = Some(value.into_owned()),
                "error" => error_code = Some(value.into_owned()),
                "r" => error_for = Uuid::parse_str(&value).ok(),
                _ => {}
            }
        }
        query.error = error_for.zip(error_code);
        query
    }

    fn filter(&self) -> RegistrationFilter {
        RegistrationFilter {
            statuses: self.status.map(|s| vec![s]),
            modes: self.mode.map(|m| vec![m]),
            organisation: self.organisation.map(OrganisationId),
            held: None,
        }
    }

    /// The filters as a query string (for the CSV link), `&`-joined.
    fn as_query(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if let Some(status) = self.status {
            out.append_pair("status", status.as_str());
        }
        if let Some(mode) = self.mode {
            out.append_pair("mode", mode.as_str());
        }
        if let Some(org) = self.organisation {
            out.append_pair("organisation", &org.to_string());
        }
        out.finish()
    }
}

/// One registration on the page.
pub(super) struct Row {
    pub(super) id: Uuid,
    pub(super) name: String,
    pub(super) email: String,
    pub(super) organisation: Option<String>,
    pub(super) declared: bool,
    pub(super) mode: &'static str,
    pub(super) status: String,
    pub(super) registered: String,
    pub(super) accessibility: Option<String>,
    pub(super) dietary: Option<String>,
    pub(super) answers: Vec<(String, String)>,
    pub(super) pending: bool,
    /// An approved application (confirmed or waiting) whose approval the
    /// organisers may withdraw.
    pub(super) withdrawable: bool,
    /// The mode to move to and the button's text, at a hybrid event.
    pub(super) move_to: Option<(&'static str, &'static str)>,
    pub(super) cancellable: bool,
    pub(super) confirmed: bool,
    pub(super) checked_in: Option<String>,
    pub(super) error: Option<&'static str>,
}

/// A choice of a filter: value, text, selected.
type Choice = (String, String, bool);

#[derive(Template)]
#[template(path = "console/registrations.html")]
struct RegistrationsPage {
    page: Layout,
    c: &'static ConsoleStrings,
    event_id: Uuid,
    title: String,
    when: String,
    event_status: &'static str,
    seats: Vec<(String, String)>,
    notice: Option<&'static str>,
    csv: String,
    q: String,
    statuses: Vec<Choice>,
    modes: Vec<Choice>,
    organisations: Vec<Choice>,
    shown: String,
    rows: Vec<Row>,
    waiting: Vec<(String, String, String)>,
    csrf: String,
    lang: &'static str,
}

pub(super) fn status_text(t: &Strings, status: RegistrationStatus) -> &'static str {
    match status {
        RegistrationStatus::Confirmed => t.status_confirmed,
        RegistrationStatus::Waitlisted => t.status_waitlisted,
        RegistrationStatus::Pending => t.status_pending,
        RegistrationStatus::Cancelled => t.status_cancelled,
        RegistrationStatus::Rejected => t.status_rejected,
    }
}

pub(super) fn mode_text(t: &Strings, mode: ParticipationMode) -> &'static str {
    match mode {
        ParticipationMode::InPerson => t.mode_in_person,
        ParticipationMode::Online => t.mode_online,
    }
}

/// A refusal as the redirect carries it (`error=`).
fn refusal_code(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::Full => "full",
        ErrorCode::ModeNotOffered => "mode",
        ErrorCode::AlreadyDecided => "decided",
        ErrorCode::InvalidState => "state",
        _ => "invalid",
    }
}

/// A refusal's code as the page says it.
fn refusal_text(t: &Strings, c: &ConsoleStrings, code: &str) -> &'static str {
    match code {
        "full" => t.err_full,
        "mode" => t.err_mode_not_offered,
        "decided" => c.err_already_decided,
        "state" => c.err_state,
        _ => t.err_invalid,
    }
}

pub(super) fn row(
    request: &PageRequest,
    roster: &Roster,
    entry: &RosterEntry,
    error: Option<&(Uuid, String)>,
) -> Row {
    let (t, c) = (request.t(), console_strings(request.locale));
    let r = entry.registration.model();
    let event = &roster.event;
    let zone = &event.time_zone;
    let active = matches!(
        r.status,
        RegistrationStatus::Confirmed
            | RegistrationStatus::Waitlisted
            | RegistrationStatus::Pending
    );
    let status = match (r.status, r.waitlist_position) {
        (RegistrationStatus::Waitlisted, Some(n)) => {
            format!("{} ({})", t.status_waitlisted, (c.position)(n))
        }
        (status, _) => status_text(t, status).to_owned(),
    };
    let non_blank = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
    Row {
        id: r.id,
        name: entry.name.clone(),
        email: entry.email.clone(),
        organisation: entry.organisation.clone(),
        declared: entry.organisation.is_some() && !entry.organisation_verified,
        mode: mode_text(t, r.mode),
        status,
        registered: dates::moment(request.locale, r.created_at, zone),
        accessibility: non_blank(&r.accessibility_needs),
        dietary: non_blank(&r.dietary_needs),
        answers: roster
            .questions
            .iter()
            .zip(&entry.answers)
            .filter(|(_, a)| !a.is_empty())
            .map(|(q, a)| (q.label.clone(), a.clone()))
            .collect(),
        pending: r.status == RegistrationStatus::Pending,
        withdrawable: event.registration_policy == RegistrationPolicy::Application
            && matches!(
                r.status,
                RegistrationStatus::Confirmed | RegistrationStatus::Waitlisted
            ),
        move_to: (active
            && r.status != RegistrationStatus::Pending
            && event.attendance_mode == AttendanceMode::Hybrid
            && event.status == EventStatus::Published)
            .then_some(match r.mode {
                ParticipationMode::InPerson => ("ONLINE", c.move_online),
                ParticipationMode::Online => ("IN_PERSON", c.move_in_person),
            }),
        cancellable: active,
        confirmed: r.status == RegistrationStatus::Confirmed,
        checked_in: r.checked_in_at.map(|at| {
            (c.checked_in_at)(&dates::clock_time(
                request.locale,
                &at.with_timezone(&dates::zone(zone)),
            ))
        }),
        error: error
            .filter(|(id, _)| *id == r.id)
            .map(|(_, code)| refusal_text(t, c, code)),
    }
}

fn choices<T: Copy + PartialEq>(
    all: &str,
    current: Option<T>,
    options: impl IntoIterator<Item = (T, String, String)>,
) -> Vec<Choice> {
    let mut out = vec![(String::new(), all.to_owned(), current.is_none())];
    out.extend(
        options
            .into_iter()
            .map(|(value, code, text)| (code, text, current == Some(value))),
    );
    out
}

/// What the POST that sent the browser here did, in words.
pub(super) fn notice(c: &ConsoleStrings, done: Option<&str>) -> Option<&'static str> {
    Some(match done? {
        "decided" => c.done_decided,
        "withdrawn" => c.done_withdrawn,
        "mode" => c.done_mode,
        "cancelled" => c.done_cancelled,
        "checked-in" => c.done_checked_in,
        "undone" => c.done_undone,
        _ => return None,
    })
}

/// `GET /organise/events/{id}`.
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
    let search = Some(query.q.as_str()).filter(|q| !q.is_empty());
    let filter = query.filter();
    // The waiting list in order, whatever the filters.
    let waitlisted = RegistrationFilter {
        statuses: Some(vec![RegistrationStatus::Waitlisted]),
        ..RegistrationFilter::default()
    };
    let (roster, seats, all) = match tokio::try_join!(
        roster::roster(&cx, id, &filter, search),
        registrations::seats(&cx, id),
        roster::roster(&cx, id, &waitlisted, None),
    ) {
        Ok(found) => found,
        Err(err) => return request.failed(err),
    };
    let (t, c) = (request.t(), console_strings(request.locale));
    let event = &roster.event;
    let seats = seats.unwrap_or_default();
    let mut seat_lines = Vec::new();
    if event.attendance_mode != AttendanceMode::Online {
        seat_lines.push((
            c.col_in_person.to_owned(),
            taken(c, seats.in_person_taken, seats.in_person_remaining),
        ));
    }
    if event.attendance_mode != AttendanceMode::InPerson {
        seat_lines.push((
            c.col_online.to_owned(),
            taken(c, seats.online_taken, seats.online_remaining),
        ));
    }
    seat_lines.push((c.col_waitlisted.to_owned(), seats.waitlisted.to_string()));
    seat_lines.push((c.col_pending.to_owned(), seats.pending.to_string()));
    // One line per mode, each in its order.
    let mut waiting: Vec<_> = all
        .entries
        .iter()
        .map(|e| {
            let r = e.registration.model();
            (
                r.waitlist_position.unwrap_or(i32::MAX),
                r.mode,
                e.name.clone(),
            )
        })
        .collect();
    waiting.sort_by_key(|(n, mode, _)| (mode.as_str(), *n));
    let rows: Vec<Row> = roster
        .entries
        .iter()
        .map(|e| row(&request, &roster, e, query.error.as_ref()))
        .collect();
    let total = seats.in_person_taken + seats.online_taken + seats.waitlisted + seats.pending;
    let csv_query = query.as_query();
    let page = RegistrationsPage {
        page: request.page(format!("{} – {}", c.registrations, event.title)),
        c,
        event_id: event.id,
        title: event.title.clone(),
        when: dates::range(
            request.locale,
            event.starts_at,
            event.ends_at,
            &event.time_zone,
        ),
        event_status: c.event_status(event.status),
        seats: seat_lines,
        notice: notice(c, query.done.as_deref()),
        csv: if csv_query.is_empty() {
            format!("/organise/events/{}/registrations.csv", event.id)
        } else {
            format!(
                "/organise/events/{}/registrations.csv?{csv_query}",
                event.id
            )
        },
        q: query.q.clone(),
        statuses: choices(
            c.all,
            query.status,
            [
                RegistrationStatus::Confirmed,
                RegistrationStatus::Waitlisted,
                RegistrationStatus::Pending,
                RegistrationStatus::Cancelled,
                RegistrationStatus::Rejected,
            ]
            .map(|s| (s, s.as_str().to_owned(), status_text(t, s).to_owned())),
        ),
        modes: choices(
            c.all,
            query.mode,
            [ParticipationMode::InPerson, ParticipationMode::Online]
                .map(|m| (m, m.as_str().to_owned(), mode_text(t, m).to_owned())),
        ),
        organisations: choices(
            c.all,
            query.organisation,
            roster
                .organisations
                .iter()
                .map(|(id, name)| (*id, id.to_string(), name.clone())),
        ),
        shown: (c.shown_of)(rows.len(), usize::try_from(total).unwrap_or(usize::MAX)),
        rows,
        waiting: waiting
            .into_iter()
            .map(|(n, mode, name)| {
                (
                    if n == i32::MAX {
                        String::new()
                    } else {
                        (c.position)(n)
                    },
                    name,
                    mode_text(t, mode).to_owned(),
                )
            })
            .collect(),
        csrf: csrf.token,
        lang: request.locale.as_str(),
    };
    let mut response = render(&page);
    private_page(&mut response, csrf.set_cookie);
    response
}

fn taken(c: &ConsoleStrings, taken: u64, remaining: Option<u64>) -> String {
    match remaining {
        Some(free) => format!("{taken} / {}", taken + free),
        None => format!("{taken} / {}", c.unlimited),
    }
}

/// `GET /organise/events/{id}/registrations.csv`: the export for the
/// session's organiser, with the page's filters, in the page's language.
pub(super) async fn csv(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    request: PageRequest,
) -> Response {
    let Some(id) = event_id(&id) else {
        return request.not_found();
    };
    let query = ListQuery::parse(raw.as_deref());
    let cx = request.context(&state);
    match exports::registrations_csv(
        &cx,
        id,
        &query.filter(),
        exports::Separator::Semicolon,
        Some(request.locale),
    )
    .await
    {
        Ok(export) => {
            let mut response = (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{}\"", export.filename),
                    ),
                ],
                export.body,
            )
                .into_response();
            private_page(&mut response, None);
            response
        }
        Err(err) => request.failed(err),
    }
}

/// Where a POST sends the browser back to: the event's list (with the
/// list's query) or its door view.
fn back_to(form: &Form, event: Uuid, outcome: &str) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    let q = form.text("q");
    if !q.is_empty() {
        query.append_pair("q", &q);
    }
    let lang = form.text("lang");
    if !lang.is_empty() {
        query.append_pair("lang", &lang);
    }
    let path = if form.text("back") == "door" {
        format!("/organise/events/{event}/door")
    } else {
        format!("/organise/events/{event}")
    };
    format!("{path}?{}&{outcome}", query.finish())
}

/// The answer to a change of registration `id`: back to the page, saying
/// what was done, or why not next to the registration.
fn after(
    request: &PageRequest,
    form: &Form,
    id: Uuid,
    result: service::Result<registrations::Readable>,
    done: &str,
) -> Response {
    let event = Uuid::parse_str(&form.text("event")).ok();
    match (result, event) {
        (Ok(readable), _) => see_other(&back_to(
            form,
            readable.model().event_id,
            &format!("done={done}#r-{id}"),
        )),
        (Err(service::Error::Invalid(errors)), Some(event))
            if !errors.iter().any(|e| e.code == ErrorCode::NotFound) =>
        {
            let code = errors.first().map_or("invalid", |e| refusal_code(e.code));
            see_other(&back_to(
                form,
                event,
                &format!("error={code}&r={id}#r-{id}"),
            ))
        }
        (Err(service::Error::Invalid(_)), _) => request.not_found(),
        (Err(err), _) => request.failed(err),
    }
}

/// The checks of every POST: the CSRF token, a signed-in viewer, the id.
fn accepted(
    state: &AppState,
    headers: &HeaderMap,
    request: &PageRequest,
    form: &Form,
    id: &str,
) -> Result<RegistrationId, Box<Response>> {
    super::forms::refused(state, headers, request, form)?;
    Uuid::parse_str(id)
        .map(RegistrationId)
        .map_err(|_| Box::new(request.not_found()))
}

/// `POST /organise/registrations/{id}/decide`: `decision` is `APPROVE` or
/// `REJECT`, with an optional `message` to the applicant.
pub(super) async fn decide(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let form = Form::parse(&body);
    let id = match accepted(&state, &headers, &request, &form, &id) {
        Ok(id) => id,
        Err(response) => return *response,
    };
    let decision = match form.text("decision").as_str() {
        "APPROVE" => Decision::Approve,
        "REJECT" => Decision::Reject,
        _ => {
            let refused = Err(service::Error::field(
                "decision",
                ErrorCode::Invalid,
                "decision must be APPROVE or REJECT",
            ));
            return after(&request, &form, id.0, refused, "decided");
        }
    };
    let message = Some(form.text("message")).filter(|m| !m.trim().is_empty());
    let cx = request.context(&state);
    let result = registrations::decide(&cx, id, decision, message).await;
    after(&request, &form, id.0, result, "decided")
}

/// `POST /organise/registrations/{id}/withdraw`: takes an approval back,
/// with an optional `message` to the applicant (`withdraw_approval`: what
/// the approval added to a project network goes too).
pub(super) async fn withdraw(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let form = Form::parse(&body);
    let id = match accepted(&state, &headers, &request, &form, &id) {
        Ok(id) => id,
        Err(response) => return *response,
    };
    let message = Some(form.text("message")).filter(|m| !m.trim().is_empty());
    let cx = request.context(&state);
    let result = registrations::withdraw_approval(&cx, id, message).await;
    after(&request, &form, id.0, result, "withdrawn")
}

/// `POST /organise/registrations/{id}/mode`: `mode` is `IN_PERSON` or `ONLINE`.
pub(super) async fn change_mode(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let form = Form::parse(&body);
    let id = match accepted(&state, &headers, &request, &form, &id) {
        Ok(id) => id,
        Err(response) => return *response,
    };
    let Some(mode) = ParticipationMode::parse(&form.text("mode")) else {
        let refused = Err(service::Error::field(
            "mode",
            ErrorCode::Invalid,
            "mode must be IN_PERSON or ONLINE",
        ));
        return after(&request, &form, id.0, refused, "mode");
    };
    let cx = request.context(&state);
    let result = registrations::change_mode(&cx, RegistrationRef::Id(id), mode).await;
    after(&request, &form, id.0, result, "mode")
}

/// `POST /organise/registrations/{id}/cancel`.
pub(super) async fn cancel(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let form = Form::parse(&body);
    let id = match accepted(&state, &headers, &request, &form, &id) {
        Ok(id) => id,
        Err(response) => return *response,
    };
    let cx = request.context(&state);
    let result = registrations::cancel(&cx, RegistrationRef::Id(id)).await;
    after(&request, &form, id.0, result, "cancelled")
}

/// `POST /organise/registrations/{id}/check-in`; with `undo=1` it takes a
/// check-in back (a tap on the wrong name).
pub(super) async fn check_in(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let form = Form::parse(&body);
    let id = match accepted(&state, &headers, &request, &form, &id) {
        Ok(id) => id,
        Err(response) => return *response,
    };
    let cx = request.context(&state);
    if form.text("undo") == "1" {
        let result = registrations::undo_check_in(&cx, id).await;
        after(&request, &form, id.0, result, "undone")
    } else {
        let result = registrations::check_in(&cx, id).await;
        after(&request, &form, id.0, result, "checked-in")
    }
}
