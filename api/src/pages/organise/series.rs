//! A series in the console: its occurrences (drafts too) and the form that
//! adds dates to it — Helsingborg's monthly meetings, whose dates the group
//! sets a term at a time. For those who manage the series' network; a
//! series of another network is "not found", as one that does not exist.
//!
//! - `GET /organise/series/{id}`: the occurrences by start, each linked to
//!   its form and registrations, and the form for new dates.
//! - `POST /organise/series/{id}/occurrences`: new dates, one per line
//!   (`2027-04-14`, `2027-04-14 13:00-15:30`, `2027-05-12; Tema: …`), each a
//!   copy of the latest occurrence (`series::add_occurrences`), all or
//!   nothing; times without their own are the latest occurrence's, in its
//!   time zone. A refused form comes back (422) with an error per line.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use entities::{event, series};
use uuid::Uuid;

use super::forms::{DoneQuery, Fields, csrf_for, posted, respond, see_other, sign_in_first};
use crate::i18n::console::series::{SeriesStrings, series_strings};
use crate::i18n::console::{ConsoleStrings, console_strings};
use crate::i18n::dates;
use crate::i18n::pages::Strings;
use crate::ids::SeriesId;
use crate::pages::form::{CSRF_FIELD, Form};
use crate::pages::page::{Layout, PageRequest};
use crate::service::series::{self as series_service, MAX_OCCURRENCES, Occurrence};
use crate::service::{self, ErrorCode};
use crate::state::AppState;

/// One occurrence on the page.
struct Row {
    id: Uuid,
    title: String,
    when: String,
    status: &'static str,
}

#[derive(Template)]
#[template(path = "console/series.html")]
struct SeriesPage {
    page: Layout,
    c: &'static ConsoleStrings,
    t: &'static Strings,
    s: &'static SeriesStrings,
    series_id: Uuid,
    title: String,
    rows: Vec<Row>,
    /// The latest occurrence's times, said in words ("13:00–15:30 (CET)").
    default_times: String,
    notice: Option<String>,
    f: Fields,
    csrf: String,
    lang: &'static str,
}

/// The series and its occurrences, or the answer to give instead.
async fn load(
    state: &AppState,
    request: &PageRequest,
    raw: &str,
) -> Result<(series::Model, Vec<event::Model>), Response> {
    let Ok(id) = Uuid::parse_str(raw) else {
        return Err(request.not_found());
    };
    let cx = request.context(state);
    match series_service::occurrences(&cx, SeriesId(id)).await {
        Ok(found) => Ok(found),
        Err(service::Error::Invalid(_) | service::Error::Forbidden) => Err(request.not_found()),
        Err(err) => Err(request.failed(err)),
    }
}

fn page(
    request: &PageRequest,
    (series, events): &(series::Model, Vec<event::Model>),
    f: Fields,
    notice: Option<String>,
    csrf: String,
) -> SeriesPage {
    let (t, c, s) = (
        request.t(),
        console_strings(request.locale),
        series_strings(request.locale),
    );
    let rows = events
        .iter()
        .map(|e| Row {
            id: e.id,
            title: e.title.clone(),
            when: dates::range(request.locale, e.starts_at, e.ends_at, &e.time_zone),
            status: c.event_status(e.status),
        })
        .collect();
    let default_times = events.last().map_or_else(String::new, |latest| {
        let zone = dates::zone(&latest.time_zone);
        let (start, end) = (
            latest.starts_at.with_timezone(&zone),
            latest.ends_at.with_timezone(&zone),
        );
        format!(
            "{}–{} ({})",
            dates::clock_time(request.locale, &start),
            dates::clock_time(request.locale, &end),
            latest.time_zone
        )
    });
    SeriesPage {
        page: request.page(s.heading),
        c,
        t,
        s,
        series_id: series.id,
        title: series.title.clone(),
        rows,
        default_times,
        notice,
        f,
        csrf,
        lang: request.locale.as_str(),
    }
}

/// `GET /organise/series/{id}`.
pub(super) async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<DoneQuery>,
    headers: HeaderMap,
    request: PageRequest,
) -> Response {
    if let Some(response) = sign_in_first(&state, &headers, &request) {
        return response;
    }
    let loaded = match load(&state, &request, &id).await {
        Ok(loaded) => loaded,
        Err(response) => return response,
    };
    let Some(csrf) = csrf_for(&state, &headers) else {
        return request.internal_error();
    };
    let s = series_strings(request.locale);
    let notice = query
        .done()
        .and_then(|done| done.strip_prefix("added-"))
        .and_then(|n| n.parse().ok())
        .map(s.done_added);
    let mut f = Fields::default();
    f.set("publish", "on");
    let template = page(&request, &loaded, f, notice, csrf.token);
    respond(&template, StatusCode::OK, csrf.set_cookie)
}

/// One line of the dates field as an occurrence: a date, optional times
/// (`13:00-15:30`, `13:00–15:30` or a start alone, keeping the latest's
/// length), optional theme after `;`. `None` when it is not one.
fn occurrence(line: &str, latest: &event::Model) -> Option<Occurrence> {
    let (when, theme) = match line.split_once(';') {
        Some((when, theme)) => (when.trim(), Some(theme.trim()).filter(|t| !t.is_empty())),
        None => (line.trim(), None),
    };
    let mut parts = when.split_whitespace();
    let date = NaiveDate::parse_from_str(parts.next()?, "%Y-%m-%d").ok()?;
    let zone = dates::zone(&latest.time_zone);
    let local = |at: DateTime<Utc>| at.with_timezone(&zone).time();
    let length = latest.ends_at - latest.starts_at;
    let (start, end) = match parts.next() {
        None => (local(latest.starts_at), None),
        Some(times) => {
            let times = times.replace('–', "-");
            let (from, to) = match times.split_once('-') {
                Some((from, to)) => (from.to_owned(), Some(to.to_owned())),
                None => (times, None),
            };
            let clock = |raw: &str| NaiveTime::parse_from_str(raw, "%H:%M").ok();
            let start = clock(&from)?;
            let end = match to {
                Some(to) => Some(clock(&to)?),
                None => None,
            };
            (start, end)
        }
    };
    if parts.next().is_some() {
        return None;
    }
    let starts_at = zone
        .from_local_datetime(&date.and_time(start))
        .earliest()?
        .with_timezone(&Utc);
    let ends_at = match end {
        Some(end) => zone
            .from_local_datetime(&date.and_time(end))
            .earliest()?
            .with_timezone(&Utc),
        None if when.split_whitespace().count() == 1 => {
            // The latest occurrence's end time on the new date (or its
            // length, when it ran past midnight).
            let end = local(latest.ends_at);
            if end > start {
                zone.from_local_datetime(&date.and_time(end))
                    .earliest()?
                    .with_timezone(&Utc)
            } else {
                starts_at + length
            }
        }
        None => starts_at + length,
    };
    Some(Occurrence {
        starts_at,
        ends_at,
        title: theme.map(str::to_owned),
        description: None,
    })
}

/// `POST /organise/series/{id}/occurrences`.
pub(super) async fn add(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let form = match posted(&state, &headers, &request, &body) {
        Ok(form) => form,
        Err(response) => return *response,
    };
    let loaded = match load(&state, &request, &id).await {
        Ok(loaded) => loaded,
        Err(response) => return response,
    };
    let (t, s) = (request.t(), series_strings(request.locale));
    let mut f = read(&form);
    let lines: Vec<(usize, &str)> = f
        .v("dates")
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty())
        .collect();
    let mut occurrences = Vec::new();
    let mut bad = None;
    if let Some(latest) = loaded.1.last() {
        for (number, line) in &lines {
            match occurrence(line, latest) {
                Some(o) => occurrences.push((*number, o)),
                None => {
                    bad.get_or_insert(*number);
                }
            }
        }
    }
    if let Some(number) = bad {
        f.refuse("dates", (s.err_line)(number));
    } else if lines.is_empty() {
        f.refuse("dates", s.err_none);
    } else if lines.len() > MAX_OCCURRENCES {
        f.refuse("dates", s.err_too_many);
    }
    if f.is_valid() {
        let cx = request.context(&state);
        let numbers: Vec<usize> = occurrences.iter().map(|(n, _)| *n).collect();
        let count = occurrences.len();
        let input = occurrences.into_iter().map(|(_, o)| o).collect();
        let publish = f.v("publish") == "on";
        match series_service::add_occurrences(&cx, SeriesId(loaded.0.id), input, publish).await {
            Ok(_) => {
                return see_other(&format!(
                    "/organise/series/{}?lang={}&done=added-{count}#occurrences",
                    loaded.0.id, request.locale
                ));
            }
            Err(service::Error::Invalid(errors)) => {
                // The first refused occurrence, by its line.
                let line = errors.iter().find_map(|e| {
                    (e.field.first().map(String::as_str) == Some("occurrences"))
                        .then(|| e.field.get(1).and_then(|i| i.parse::<usize>().ok()))
                        .flatten()
                        .and_then(|i| numbers.get(i).copied())
                });
                match (line, errors.first().map(|e| e.code)) {
                    (Some(number), _) => f.refuse("dates", (s.err_line)(number)),
                    (None, Some(ErrorCode::TooLong)) => f.refuse("dates", s.err_too_many),
                    (None, Some(ErrorCode::NotFound)) => return request.not_found(),
                    _ => f.refuse("dates", t.err_invalid),
                }
            }
            Err(err) => return request.failed(err),
        }
    }
    let template = page(&request, &loaded, f, None, form.text(CSRF_FIELD));
    respond(&template, StatusCode::UNPROCESSABLE_ENTITY, None)
}

/// The posted form as typed.
fn read(form: &Form) -> Fields {
    let mut f = Fields::default();
    f.set("dates", form.text("dates"));
    f.set("publish", form.text("publish"));
    f
}
