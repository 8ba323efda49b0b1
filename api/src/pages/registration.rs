//! Registering from the event page, and the manage page that mails link to.
//!
//! - `POST /events/{uuid}/register`: the form on the event page. It is the
//!   GraphQL `register` mutation's service call for a guest; its field errors
//!   are shown next to the fields (422), the answer page says confirmed,
//!   waitlisted (with the position) or pending.
//! - `GET /registrations/manage?token=…`: the registration with a cancel
//!   button. GET never changes anything (mail scanners follow links).
//! - `POST /registrations/manage`: cancels; the token comes in the form.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use entities::{ParticipationMode, RegistrationStatus, event, registration_question};
use uuid::Uuid;

use super::form::{Csrf, Form, csrf_ok};
use super::page::{Layout, PageRequest, TokenQuery, forbidden, private_page, render, secure};
use super::registration_form::registration_form;
use crate::i18n::Locale;
use crate::i18n::dates;
use crate::i18n::pages::Strings;
use crate::ids::EventId;
use crate::service;
use crate::service::registrations::{self, Answer, Guest, NewRegistration, RegistrationRef};
use crate::state::AppState;

/// What the service is asked, from the form (answers in question order).
fn new_registration(
    event: &event::Model,
    questions: &[registration_question::Model],
    form: &Form,
    client: Option<String>,
    locale: Locale,
) -> NewRegistration {
    let organisation = form.text("organisation");
    NewRegistration {
        event_id: Some(EventId(event.id)),
        mode: match form.text("mode").as_str() {
            "IN_PERSON" => Some(ParticipationMode::InPerson),
            "ONLINE" => Some(ParticipationMode::Online),
            _ => None,
        },
        guest: Some(Guest {
            name: form.text("name"),
            email: form.text("email"),
            organisation_id: None,
            organisation_name: (!organisation.is_empty()).then_some(organisation),
        }),
        applying_organisation_id: None,
        answers: questions
            .iter()
            .map(|q| Answer {
                question_id: q.id,
                values: form.all(&format!("q-{}", q.id)),
            })
            .collect(),
        accessibility_needs: Some(form.text("accessibility")).filter(|s| !s.is_empty()),
        dietary_needs: Some(form.text("dietary")).filter(|s| !s.is_empty()),
        consent: form.get("consent") == Some("yes"),
        client,
        // The page's language is the guest's: the answer page, and every
        // mail about the registration, are written in it.
        locale: Some(locale),
        request_locale: None,
    }
}

#[derive(Template)]
#[template(path = "pages/answer.html")]
pub(super) struct AnswerPage {
    pub(super) page: Layout,
    pub(super) heading: String,
    pub(super) lines: Vec<String>,
    pub(super) link: Option<(String, &'static str)>,
}

pub(super) async fn register(
    State(state): State<AppState>,
    Path(id): Path<String>,
    peer: Option<axum::Extension<axum::extract::ConnectInfo<std::net::SocketAddr>>>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let client = crate::state::client_ip(
        &state,
        &headers,
        peer.map(|axum::Extension(axum::extract::ConnectInfo(p))| p),
    );
    let form = Form::parse(&body);
    if !csrf_ok(&headers, secure(&state), &form) {
        return forbidden(&request);
    }
    let Ok(id) = Uuid::parse_str(&id).map(EventId) else {
        return request.not_found();
    };
    let cx = request.context(&state);
    let (event, questions) = match super::event::event_and_questions(&cx, id).await {
        Ok(Some(found)) => found,
        Ok(None) => return request.not_found(),
        Err(err) => return request.failed(err),
    };
    let network = match super::event::network_of(&cx, &event).await {
        Ok(network) => network,
        Err(err) => return request.failed(err),
    };
    let request = request
        .in_network(&network, None)
        .written_in(crate::service::translations::own_locale(&event))
        .switching_to(format!("/events/{}", event.id));
    let t = request.t();
    let new = new_registration(&event, &questions.list, &form, client, request.locale);
    match registrations::register(&cx, new).await {
        Ok(registered) => {
            let Some(r) = registered.registration.as_ref().map(|r| r.model()) else {
                // Someone registered this address before: its link went there.
                let mut response = render(&AnswerPage {
                    page: request.page(t.address_registered_title),
                    heading: t.address_registered_title.to_owned(),
                    lines: vec![t.address_registered_text.to_owned()],
                    link: Some((format!("/events/{}", event.id), t.back_to_event)),
                });
                private_page(&mut response, None);
                return response;
            };
            let (heading, mut lines) = match r.status {
                _ if r.hold_expires_at.is_some() => (t.held_title, vec![t.held_text.to_owned()]),
                RegistrationStatus::Confirmed => {
                    (t.confirmed_title, vec![t.confirmed_text.to_owned()])
                }
                RegistrationStatus::Waitlisted => (
                    t.waitlisted_title,
                    vec![
                        format!(
                            "{} {}",
                            t.waitlisted_position,
                            r.waitlist_position.unwrap_or_default()
                        ),
                        t.waitlisted_text.to_owned(),
                    ],
                ),
                _ => (t.pending_title, vec![t.pending_text.to_owned()]),
            };
            if !registered.created {
                lines.insert(0, t.already_registered.to_owned());
            }
            let mut response = render(&AnswerPage {
                page: request.page(heading),
                heading: heading.to_owned(),
                lines,
                link: Some((format!("/events/{}", event.id), t.back_to_event)),
            });
            // A page about one person's registration: for no shared cache.
            private_page(&mut response, None);
            response
        }
        Err(service::Error::Invalid(errors)) => {
            let Some(csrf) = form.get(super::form::CSRF_FIELD).map(str::to_owned) else {
                return forbidden(&request);
            };
            let registration =
                registration_form(&request, &event, &questions, csrf, Some(&form), &errors);
            match super::event::build(&state, &cx, &request, network, event, Some(registration))
                .await
            {
                Ok(page) => {
                    let mut response = render(&page);
                    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
                    private_page(&mut response, None);
                    response
                }
                Err(err) => request.failed(err),
            }
        }
        Err(err) => request.failed(err),
    }
}

#[derive(Template)]
#[template(path = "pages/manage.html")]
struct ManagePage {
    page: Layout,
    title: String,
    when: String,
    status: &'static str,
    mode: &'static str,
    event_href: String,
    held: bool,
    cancellable: bool,
    token: String,
    csrf: String,
    /// Where the forms go, with the page's language.
    action: String,
}

pub(super) async fn manage(
    State(state): State<AppState>,
    Query(query): Query<TokenQuery>,
    headers: HeaderMap,
    request: PageRequest,
) -> Response {
    let t = request.t();
    let invalid = || {
        request.message(
            StatusCode::NOT_FOUND,
            t.invalid_link_title,
            t.invalid_link_text,
        )
    };
    let Some(token) = query.token.filter(|t| !t.trim().is_empty()) else {
        return invalid();
    };
    let cx = request.context(&state);
    let registration = match registrations::by_manage_token(&cx, &token).await {
        Ok(Some(found)) => found.into_model(),
        Ok(None) => return invalid(),
        Err(err) => return request.failed(err),
    };
    let event = match crate::service::events::get(&cx, EventId(registration.event_id)).await {
        Ok(Some(event)) => event,
        Ok(None) => return invalid(),
        Err(err) => return request.failed(err),
    };
    let network = match super::event::network_of(&cx, &event).await {
        Ok(network) => network,
        Err(err) => return request.failed(err),
    };
    // Without a language of its own, the page is in the one the
    // registration was made in.
    let request = request.in_network(&network, registration.locale.as_deref());
    let t = request.t();
    let Some(csrf) = Csrf::for_page(&headers, secure(&state)) else {
        tracing::error!("no CSRF token: the system has no randomness");
        return request.internal_error();
    };
    let mut response = render(&ManagePage {
        action: request.keeping_lang("/registrations/manage"),
        page: request.page(t.manage_title),
        when: dates::range(
            request.locale,
            event.starts_at,
            event.ends_at,
            &event.time_zone,
        ),
        title: event.title.clone(),
        status: match registration.status {
            RegistrationStatus::Confirmed => t.status_confirmed,
            RegistrationStatus::Waitlisted => t.status_waitlisted,
            RegistrationStatus::Pending => t.status_pending,
            RegistrationStatus::Cancelled => t.status_cancelled,
            RegistrationStatus::Rejected => t.status_rejected,
        },
        mode: match registration.mode {
            ParticipationMode::InPerson => t.mode_in_person,
            ParticipationMode::Online => t.mode_online,
        },
        event_href: format!("/events/{}", event.id),
        held: registration.hold_expires_at.is_some()
            && registration.status != RegistrationStatus::Cancelled,
        cancellable: matches!(
            registration.status,
            RegistrationStatus::Confirmed
                | RegistrationStatus::Waitlisted
                | RegistrationStatus::Pending
        ),
        token,
        csrf: csrf.token,
    });
    private_page(&mut response, csrf.set_cookie);
    response
}

pub(super) async fn cancel(
    State(state): State<AppState>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let form = Form::parse(&body);
    if !csrf_ok(&headers, secure(&state), &form) {
        return forbidden(&request);
    }
    let token = form.text("token");
    let cx = request.context(&state);
    let action = form.text("action");
    let result = if action == "confirm" {
        registrations::confirm_address(&cx, &token).await
    } else {
        registrations::cancel(&cx, RegistrationRef::ManageToken(token)).await
    };
    let confirm = action == "confirm";
    let words = |t: &'static Strings| {
        if confirm {
            (t.address_confirmed_title, t.confirmed_text)
        } else {
            (t.cancelled_title, t.cancelled_text)
        }
    };
    let t = request.t();
    match result.map(registrations::Readable::into_model) {
        Ok(registration) => {
            // A form from before forms kept their language: the one the
            // registration was made in.
            let request = request
                .preferring(registration.locale.as_deref())
                .switching_to(format!("/events/{}", registration.event_id));
            let t = request.t();
            let (title, text) = words(t);
            let mut response = render(&AnswerPage {
                page: request.page(title),
                heading: title.to_owned(),
                lines: vec![text.to_owned()],
                link: Some((
                    format!("/events/{}", registration.event_id),
                    t.back_to_event,
                )),
            });
            private_page(&mut response, None);
            response
        }
        Err(service::Error::Invalid(_) | service::Error::NotFound(_)) => request.message(
            StatusCode::NOT_FOUND,
            t.invalid_link_title,
            t.invalid_link_text,
        ),
        Err(err) => request.failed(err),
    }
}
