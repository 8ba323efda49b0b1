//! "My registrations": the signed-in person's registrations, upcoming first
//! and past apart, with a button to change mode (hybrid events) and one to
//! cancel, and their personal calendar link with a button for a new one.
//!
//! - `GET /me/registrations` (signed in; otherwise a page to sign in),
//! - `POST /me/registrations/{uuid}/mode` (`registrations::change_mode`, as
//!   GraphQL `changeMode`),
//! - `POST /me/registrations/{uuid}/cancel` (`registrations::cancel`),
//! - `POST /me/calendar/rotate` (`feed_tokens::rotate`, as GraphQL
//!   `rotateCalendarToken`: the old link stops working),
//! - `POST /me/language` (`people::update_viewer`, as GraphQL
//!   `updateViewer`): the language of their mail; the answer page is in it.
//!
//! Each POST answers with a 303 back to the page (`?done=…` says what
//! happened), or the page again with the refusal next to its registration.

use std::collections::HashMap;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use entities::{
    AttendanceMode, EventStatus, ParticipationMode, RegistrationStatus, event, registration,
};
use serde::Deserialize;
use uuid::Uuid;

use super::form::{CSRF_FIELD, Csrf, Form, csrf_ok};
use super::page::{Layout, PageRequest, forbidden, private_page, render, secure};
use crate::calendar::links::{FeedUrls, webcal};
use crate::facts::EventFacts;
use crate::i18n::Locale;
use crate::i18n::pages::Strings;
use crate::ids::RegistrationId;
use crate::service::registrations::{self, RegistrationRef};
use crate::service::{self, ErrorCode, FieldError, Viewer, feed_tokens, people};
use crate::state::AppState;

const PATH: &str = "/me/registrations";

#[derive(Deserialize)]
pub(super) struct MeQuery {
    done: Option<String>,
}

/// One registration on the page.
struct Entry {
    id: Uuid,
    title: String,
    href: String,
    when: String,
    place: Option<String>,
    status: String,
    mode: &'static str,
    event_cancelled: bool,
    /// The mode to change to (`IN_PERSON`/`ONLINE`) and the button's text.
    other_mode: Option<(&'static str, &'static str)>,
    cancellable: bool,
    error: Option<String>,
    /// ` lang="…"` for the event's own texts (title, place) when its
    /// network writes another language than the page; else empty.
    lang: String,
}

/// The personal calendar link.
struct Feed {
    https: String,
    webcal: String,
}

#[derive(Template)]
#[template(path = "pages/my_registrations.html")]
struct MyPage {
    page: Layout,
    notice: Option<&'static str>,
    upcoming: Vec<Entry>,
    past: Vec<Entry>,
    feed: Option<Feed>,
    csrf: String,
    lang: &'static str,
    /// The choices of the mail language: value (`""` for the network's
    /// default), name, whether it is the stored one.
    mail_languages: Vec<(&'static str, &'static str, bool)>,
}

/// A refusal to show next to one registration.
struct Refusal {
    id: Uuid,
    message: String,
}

fn status_text(t: &Strings, r: &registration::Model) -> String {
    match r.status {
        RegistrationStatus::Confirmed => t.status_confirmed.to_owned(),
        RegistrationStatus::Waitlisted => match r.waitlist_position {
            Some(n) => format!("{} ({} {n})", t.status_waitlisted, t.waitlisted_position),
            None => t.status_waitlisted.to_owned(),
        },
        RegistrationStatus::Pending => t.status_pending.to_owned(),
        RegistrationStatus::Cancelled => t.status_cancelled.to_owned(),
        RegistrationStatus::Rejected => t.status_rejected.to_owned(),
    }
}

fn entry(
    request: &PageRequest,
    r: &registration::Model,
    event: &event::Model,
    upcoming: bool,
    refusal: Option<&Refusal>,
    titles: &HashMap<Uuid, (String, String)>,
) -> Entry {
    let t = request.t();
    let in_person = event.attendance_mode != AttendanceMode::Online;
    let details = EventFacts::from_event(event, in_person, false);
    let active = matches!(
        r.status,
        RegistrationStatus::Confirmed
            | RegistrationStatus::Waitlisted
            | RegistrationStatus::Pending
    );
    let open = upcoming && active && event.status == EventStatus::Published;
    Entry {
        id: r.id,
        title: titles
            .get(&event.id)
            .map_or_else(|| event.title.clone(), |(title, _)| title.clone()),
        href: format!("/events/{}", event.id),
        when: details.when_local(request.locale),
        place: if in_person {
            details.venue.clone()
        } else {
            Some(t.mode_online.to_owned())
        },
        status: status_text(t, r),
        mode: match r.mode {
            ParticipationMode::InPerson => t.mode_in_person,
            ParticipationMode::Online => t.mode_online,
        },
        event_cancelled: event.status == EventStatus::Cancelled,
        other_mode: (open && event.attendance_mode == AttendanceMode::Hybrid).then_some(
            match r.mode {
                ParticipationMode::InPerson => ("ONLINE", t.change_to_online),
                ParticipationMode::Online => ("IN_PERSON", t.change_to_in_person),
            },
        ),
        cancellable: open,
        error: refusal
            .filter(|refusal| refusal.id == r.id)
            .map(|refusal| refusal.message.clone()),
        lang: titles
            .get(&event.id)
            .map(|(_, lang)| lang.clone())
            .unwrap_or_default(),
    }
}

/// The page for a signed-in viewer, with `refusal` next to its
/// registration.
async fn build(
    state: &AppState,
    request: &PageRequest,
    csrf: String,
    notice: Option<&'static str>,
    refusal: Option<&Refusal>,
) -> service::Result<MyPage> {
    let cx = request.context(state);
    let now = cx.clock.now();
    let me = cx
        .viewer
        .person_id()
        .ok_or(service::Error::Unauthenticated)?;
    let (mut mine, feed, person) = tokio::try_join!(
        registrations::mine_with_events(&cx),
        feed_tokens::current(&cx),
        people::get(&cx, me)
    )?;
    let stored = person
        .and_then(|p| p.locale)
        .and_then(|tag| Locale::parse(&tag));
    let mut mail_languages = vec![("", request.t().mail_language_default, stored.is_none())];
    mail_languages.extend(
        Locale::ALL
            .into_iter()
            .map(|l| (l.as_str(), l.name(), stored == Some(l))),
    );
    mine.sort_by_key(|(_, e)| (e.starts_at, e.id));
    // Titles in the page's language where translated, marked where not.
    let titles = super::page::titles(&cx, mine.iter().map(|(_, e)| e), request.locale).await?;
    let (past, upcoming): (Vec<_>, Vec<_>) = mine.into_iter().partition(|(_, e)| e.ends_at <= now);
    let urls = FeedUrls::new(&state.config.public_url());
    let t = request.t();
    Ok(MyPage {
        page: request.page(t.my_registrations),
        notice,
        upcoming: upcoming
            .iter()
            .map(|(r, e)| entry(request, r.model(), e, true, refusal, &titles))
            .collect(),
        // The latest past event first.
        past: past
            .iter()
            .rev()
            .map(|(r, e)| entry(request, r.model(), e, false, refusal, &titles))
            .collect(),
        feed: feed.and_then(|f| f.secret).map(|secret| {
            let https = urls.personal(&secret);
            Feed {
                webcal: webcal(&https),
                https,
            }
        }),
        csrf,
        lang: request.locale.as_str(),
        mail_languages,
    })
}

/// The answer to an anonymous visitor: sign in first.
fn sign_in_first(
    state: &AppState,
    headers: &HeaderMap,
    request: &PageRequest,
    status: StatusCode,
) -> Response {
    super::session::prompt(state, headers, request, status)
}

/// `GET /me/registrations`.
pub(super) async fn page(
    State(state): State<AppState>,
    Query(query): Query<MeQuery>,
    headers: HeaderMap,
    request: PageRequest,
) -> Response {
    if !matches!(request.viewer, Viewer::Person(_)) {
        return sign_in_first(&state, &headers, &request, StatusCode::OK);
    }
    let Some(csrf) = Csrf::for_page(&headers, secure(&state)) else {
        tracing::error!("no CSRF token: the system has no randomness");
        return request.internal_error();
    };
    let t = request.t();
    let notice = match query.done.as_deref() {
        Some("mode") => Some(t.done_mode),
        Some("cancelled") => Some(t.done_cancelled),
        Some("rotated") => Some(t.done_rotated),
        Some("language") => Some(t.done_language),
        _ => None,
    };
    match build(&state, &request, csrf.token, notice, None).await {
        Ok(page) => {
            let mut response = render(&page);
            private_page(&mut response, csrf.set_cookie);
            if let Some(session) = super::session::refreshed_cookie(&state, &headers) {
                response.headers_mut().append(header::SET_COOKIE, session);
            }
            response
        }
        Err(err) => request.failed(err),
    }
}

/// What every POST here checks first: the CSRF token and a signed-in
/// viewer. `Some` is the refusal to answer with.
fn refused(
    state: &AppState,
    headers: &HeaderMap,
    request: &PageRequest,
    form: &Form,
) -> Option<Response> {
    if !csrf_ok(headers, secure(state), form) {
        return Some(forbidden(request));
    }
    if !matches!(request.viewer, Viewer::Person(_)) {
        return Some(sign_in_first(
            state,
            headers,
            request,
            StatusCode::FORBIDDEN,
        ));
    }
    None
}

/// Back to the page, saying what was `done`.
fn back(request: &PageRequest, done: &str, fragment: &str) -> Response {
    let to = format!(
        "{}{fragment}",
        request.keeping_lang(&format!("{PATH}?done={done}"))
    );
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(location) = HeaderValue::from_str(&to) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    private_page(&mut response, None);
    response
}

/// The message of a refused change in the page's language.
fn refusal_text(t: &Strings, errors: &[FieldError]) -> String {
    match errors.first().map(|e| e.code) {
        Some(ErrorCode::Full) => t.err_mode_full,
        Some(ErrorCode::ModeNotOffered) => t.err_mode_not_offered,
        Some(ErrorCode::InvalidState) => t.err_not_active,
        _ => t.err_invalid,
    }
    .to_owned()
}

/// The outcome of a change to registration `id`.
async fn after_change(
    state: &AppState,
    request: PageRequest,
    form: &Form,
    id: Uuid,
    result: service::Result<registrations::Readable>,
    done: &str,
) -> Response {
    let request = request.switching_to(PATH.to_owned());
    match result {
        Ok(_) => back(&request, done, ""),
        Err(service::Error::Invalid(errors))
            if errors.iter().any(|e| e.code == ErrorCode::NotFound) =>
        {
            request.not_found()
        }
        Err(service::Error::Invalid(errors)) => {
            let refusal = Refusal {
                id,
                message: refusal_text(request.t(), &errors),
            };
            let csrf = form.text(CSRF_FIELD);
            match build(state, &request, csrf, None, Some(&refusal)).await {
                Ok(page) => {
                    let mut response = render(&page);
                    *response.status_mut() = if errors.iter().any(|e| e.code == ErrorCode::Full) {
                        StatusCode::CONFLICT
                    } else {
                        StatusCode::UNPROCESSABLE_ENTITY
                    };
                    private_page(&mut response, None);
                    response
                }
                Err(err) => request.failed(err),
            }
        }
        Err(err) => request.failed(err),
    }
}

/// `POST /me/registrations/{id}/mode`.
pub(super) async fn change_mode(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let form = Form::parse(&body);
    if let Some(response) = refused(&state, &headers, &request, &form) {
        return response;
    }
    let Ok(id) = Uuid::parse_str(&id) else {
        return request.not_found();
    };
    let mode = match form.text("mode").as_str() {
        "IN_PERSON" => ParticipationMode::InPerson,
        "ONLINE" => ParticipationMode::Online,
        _ => {
            let result = Err(service::Error::field(
                "mode",
                ErrorCode::Invalid,
                "mode must be IN_PERSON or ONLINE",
            ));
            return after_change(&state, request, &form, id, result, "mode").await;
        }
    };
    let cx = request.context(&state);
    let result =
        registrations::change_mode(&cx, RegistrationRef::Id(RegistrationId(id)), mode).await;
    after_change(&state, request, &form, id, result, "mode").await
}

/// `POST /me/registrations/{id}/cancel`.
pub(super) async fn cancel(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let form = Form::parse(&body);
    if let Some(response) = refused(&state, &headers, &request, &form) {
        return response;
    }
    let Ok(id) = Uuid::parse_str(&id) else {
        return request.not_found();
    };
    let cx = request.context(&state);
    let result = registrations::cancel(&cx, RegistrationRef::Id(RegistrationId(id))).await;
    after_change(&state, request, &form, id, result, "cancelled").await
}

/// `POST /me/calendar/rotate`.
pub(super) async fn rotate(
    State(state): State<AppState>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let form = Form::parse(&body);
    if let Some(response) = refused(&state, &headers, &request, &form) {
        return response;
    }
    let cx = request.context(&state);
    match feed_tokens::rotate(&cx, None).await {
        Ok(_) => back(
            &request.switching_to(PATH.to_owned()),
            "rotated",
            "#calendar",
        ),
        Err(err) => request.failed(err),
    }
}

/// `POST /me/language`: stores the language of the viewer's mail (empty:
/// none, the network's default applies) and answers in it.
pub(super) async fn language(
    State(state): State<AppState>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let form = Form::parse(&body);
    if let Some(response) = refused(&state, &headers, &request, &form) {
        return response;
    }
    let chosen = match form.text("locale").as_str() {
        "" => None,
        tag => match Locale::parse(tag) {
            Some(locale) => Some(locale),
            None => {
                let t = request.t();
                return request.message(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    t.error_title,
                    t.err_invalid,
                );
            }
        },
    };
    let cx = request.context(&state);
    let changes = people::ViewerChanges {
        locale: Some(chosen),
    };
    match people::update_viewer(&cx, changes).await {
        Ok(_) => {
            let mut request = request.switching_to(PATH.to_owned());
            if let Some(locale) = chosen {
                request.locale = locale;
            }
            back(&request, "language", "#language")
        }
        Err(err) => request.failed(err),
    }
}
