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
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use entities::{
    AttendanceMode, ParticipationMode, QuestionKind, RegistrationStatus, event,
    registration_question,
};
use serde::Deserialize;
use uuid::Uuid;

use super::form::{Csrf, Form, csrf_ok};
use super::{Layout, PageRequest, Strings, render};
use crate::app::AppState;
use crate::ids::EventId;
use crate::mail::{EventDetails, Locale};
use crate::service::registrations::{self, Answer, Guest, NewRegistration, RegistrationRef};
use crate::service::{self, ErrorCode, FieldError};

/// The registration form as the event page shows it.
#[derive(Debug)]
pub struct RegistrationForm {
    pub(super) action: String,
    pub(super) csrf: String,
    pub(super) has_errors: bool,
    pub(super) general_errors: Vec<String>,
    pub(super) fields: Vec<Field>,
}

/// One field (or group of choices) of the form.
#[derive(Debug, Default)]
pub(super) struct Field {
    /// `text`, `email`, `textarea`, `checkbox`, `radio` or `multiple`.
    pub(super) kind: &'static str,
    pub(super) id: String,
    pub(super) name: String,
    pub(super) label: String,
    /// ` lang="…"` when the label is the organiser's text (a question) in
    /// another language than the page.
    pub(super) label_lang: String,
    /// After the label, in the page's language (" (optional)").
    pub(super) label_note: String,
    pub(super) hint: Option<&'static str>,
    pub(super) value: String,
    pub(super) checked: bool,
    pub(super) required: bool,
    pub(super) autocomplete: Option<&'static str>,
    pub(super) options: Vec<Choice>,
    pub(super) error: Option<String>,
    pub(super) described_by: String,
}

#[derive(Debug)]
pub(super) struct Choice {
    pub(super) id: String,
    pub(super) value: String,
    pub(super) label: String,
    /// ` lang="…"` for an option the organiser wrote, as on [`Field`].
    pub(super) lang: String,
    pub(super) checked: bool,
}

/// Where a service error goes on the form.
#[derive(Debug, PartialEq, Eq)]
enum Slot {
    Name,
    Email,
    Organisation,
    Mode,
    Question(usize),
    Accessibility,
    Dietary,
    Consent,
    General,
}

fn slot_of(error: &FieldError, questions: &[registration_question::Model]) -> Slot {
    let path = error.field.join(".");
    match path.as_str() {
        "guest" | "guest.name" => Slot::Name,
        "guest.email" => Slot::Email,
        "guest.organisationName" | "guest.organisationId" | "organisationId" => Slot::Organisation,
        "mode" => Slot::Mode,
        "accessibilityNeeds" => Slot::Accessibility,
        "dietaryNeeds" => Slot::Dietary,
        "consent" => Slot::Consent,
        // A required question without an answer: the service names it by its
        // label (answers are sent in question order, so `answers.{i}` is the
        // i-th question).
        "answers" => questions
            .iter()
            .position(|q| error.message.starts_with(&format!("{:?}", q.label)))
            .map_or(Slot::General, Slot::Question),
        other => other
            .strip_prefix("answers.")
            .and_then(|i| i.parse().ok())
            .map_or(Slot::General, Slot::Question),
    }
}

/// The message of a field error in the page's language.
fn message(t: &Strings, error: &FieldError) -> String {
    match error.code {
        ErrorCode::Required => t.err_required,
        ErrorCode::TooLong => t.err_too_long,
        ErrorCode::ConsentRequired => t.err_consent,
        ErrorCode::RegistrationClosed => t.err_closed,
        ErrorCode::NotAMember => t.err_members,
        ErrorCode::Full => t.err_full,
        ErrorCode::ModeNotOffered => t.err_mode_not_offered,
        ErrorCode::RateLimited => t.err_rate_limited,
        _ => t.err_invalid,
    }
    .to_owned()
}

/// The form for `event`, filled with what was `submitted` and the `errors`
/// the service found in it.
pub(super) fn registration_form(
    request: &PageRequest,
    event: &event::Model,
    questions: &[registration_question::Model],
    csrf: String,
    submitted: Option<&Form>,
    errors: &[FieldError],
) -> RegistrationForm {
    let t = request.t();
    let content_lang = request.content_lang();
    let value = |name: &str| submitted.map(|f| f.text(name)).unwrap_or_default();
    let text = |kind, name: &str, label: &str, autocomplete| Field {
        kind,
        id: format!("reg-{name}"),
        name: name.to_owned(),
        label: label.to_owned(),
        value: value(name),
        autocomplete,
        ..Field::default()
    };
    let mut fields = vec![
        Field {
            required: true,
            ..text("text", "name", t.field_name, Some("name"))
        },
        Field {
            required: true,
            hint: Some(t.field_email_hint),
            ..text("email", "email", t.field_email, Some("email"))
        },
        text(
            "text",
            "organisation",
            t.field_organisation,
            Some("organization"),
        ),
    ];
    let mode_at = (event.attendance_mode == AttendanceMode::Hybrid).then(|| {
        let chosen = value("mode");
        fields.push(Field {
            kind: "radio",
            id: "reg-mode".into(),
            name: "mode".into(),
            label: t.field_mode.into(),
            options: [("IN_PERSON", t.mode_in_person), ("ONLINE", t.mode_online)]
                .into_iter()
                .map(|(value, label)| Choice {
                    id: format!("reg-mode-{}", value.to_ascii_lowercase()),
                    value: value.into(),
                    label: label.into(),
                    lang: String::new(),
                    checked: chosen == value,
                })
                .collect(),
            ..Field::default()
        });
        fields.len() - 1
    });
    let first_question = fields.len();
    for (i, question) in questions.iter().enumerate() {
        let name = format!("q-{}", question.id);
        let label = question.label.clone();
        let label_note = if question.required {
            String::new()
        } else {
            format!(" ({})", t.optional)
        };
        let chosen = submitted.map(|f| f.all(&name)).unwrap_or_default();
        let options: Vec<String> = question.choices();
        fields.push(match question.kind {
            QuestionKind::Text => Field {
                kind: "textarea",
                id: format!("reg-q{i}"),
                name,
                label,
                label_lang: content_lang.clone(),
                label_note,
                value: value(&format!("q-{}", question.id)),
                required: question.required,
                ..Field::default()
            },
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice => Field {
                kind: if question.kind == QuestionKind::SingleChoice {
                    "radio"
                } else {
                    "multiple"
                },
                id: format!("reg-q{i}"),
                label,
                label_lang: content_lang.clone(),
                label_note,
                options: options
                    .iter()
                    .enumerate()
                    .map(|(j, option)| Choice {
                        id: format!("reg-q{i}-{j}"),
                        value: option.clone(),
                        label: option.clone(),
                        lang: content_lang.clone(),
                        checked: chosen.contains(option),
                    })
                    .collect(),
                name,
                ..Field::default()
            },
        });
    }
    let needs_at = fields.len();
    fields.push(text(
        "textarea",
        "accessibility",
        t.field_accessibility,
        None,
    ));
    fields.push(text("textarea", "dietary", t.field_dietary, None));
    fields.push(Field {
        kind: "checkbox",
        id: "reg-consent".into(),
        name: "consent".into(),
        label: t.field_consent.into(),
        checked: submitted.is_some_and(|f| f.get("consent") == Some("yes")),
        ..Field::default()
    });
    let consent_at = fields.len() - 1;

    let mut general_errors = Vec::new();
    for error in errors {
        let at = match slot_of(error, questions) {
            Slot::Name => Some(0),
            Slot::Email => Some(1),
            Slot::Organisation => Some(2),
            Slot::Mode => mode_at,
            Slot::Question(i) if i < questions.len() => Some(first_question + i),
            Slot::Accessibility => Some(needs_at),
            Slot::Dietary => Some(needs_at + 1),
            Slot::Consent => Some(consent_at),
            Slot::Question(_) | Slot::General => None,
        };
        let text = message(t, error);
        match at.and_then(|at| fields.get_mut(at)) {
            Some(field) if field.error.is_none() => field.error = Some(text),
            Some(_) => {}
            None => general_errors.push(text),
        }
    }
    for field in &mut fields {
        let mut described = Vec::new();
        if field.hint.is_some() {
            described.push(format!("{}-hint", field.id));
        }
        if field.error.is_some() {
            described.push(format!("{}-error", field.id));
        }
        field.described_by = described.join(" ");
    }
    RegistrationForm {
        action: request.keeping_lang(&format!("/events/{}/register", event.id)),
        csrf,
        has_errors: !errors.is_empty(),
        general_errors,
        fields,
    }
}

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

/// Whether cookies must be `Secure` (`PUBLIC_URL` is https).
pub(super) fn secure(state: &AppState) -> bool {
    state.config.public_url().starts_with("https://")
}

/// The 403 answer to a form without a matching CSRF token.
pub(super) fn forbidden(request: &PageRequest) -> Response {
    let t = request.t();
    request.message(StatusCode::FORBIDDEN, t.forbidden_title, t.forbidden_text)
}

#[derive(Template)]
#[template(path = "pages/answer.html")]
struct AnswerPage {
    page: Layout,
    heading: String,
    lines: Vec<String>,
    link: Option<(String, &'static str)>,
}

pub(super) async fn register(
    State(state): State<AppState>,
    Path(id): Path<String>,
    peer: Option<axum::Extension<axum::extract::ConnectInfo<std::net::SocketAddr>>>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let client = crate::graphql::http::client_ip(
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
        .switching_to(format!("/events/{}", event.id));
    let t = request.t();
    let new = new_registration(&event, &questions, &form, client, request.locale);
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

#[derive(Deserialize)]
pub(super) struct TokenQuery {
    pub(super) token: Option<String>,
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
        when: EventDetails::from_event(&event, false, false).when_local(request.locale),
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

/// Headers of a page with a secret in its URL or a form: the cookie, and
/// no caching. (`Referrer-Policy: no-referrer`, which keeps the token from
/// the next site, is on every response: `crate::http::headers`.)
pub(super) fn private_page(response: &mut Response, set_cookie: Option<HeaderValue>) {
    let headers = response.headers_mut();
    if let Some(cookie) = set_cookie {
        headers.append(header::SET_COOKIE, cookie);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
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
