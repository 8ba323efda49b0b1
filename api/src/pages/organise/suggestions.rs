//! A network's theme suggestions in the console: every suggestion with who
//! sent it (organisers only), its state and history, and the forms to
//! follow it up.
//!
//! - `GET /organise/networks/{id}/suggestions`: the list, latest changed
//!   first, and whether the network takes suggestions.
//! - `POST /organise/networks/{id}/suggestions/open`: switches them on or
//!   off (`networks::update`).
//! - `POST /organise/suggestions/{id}/status`: a new state with its
//!   follow-up (`suggestions::change_status`, which mails the suggester);
//!   refused input comes back with the errors next to the fields (422).
//! - `POST /organise/suggestions/{id}/publish`: shows or hides it publicly.
//!
//! For the network's organisers: anyone else is told "not found".

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use entities::{SuggestionStatus, network};
use uuid::Uuid;

use super::forms::{csrf_for, organised_network, posted, see_other};
use crate::i18n::console::suggestions::{ConsoleSuggestionStrings, console_suggestion_strings};
use crate::i18n::console::{ConsoleStrings, console_strings};
use crate::i18n::suggestions::{SuggestionStrings, status_name, suggestion_strings};
use crate::i18n::{Locale, dates};
use crate::ids::{EventId, NetworkId};
use crate::pages::form::Form;
use crate::pages::page::{Layout, PageRequest, private_page, render};
use crate::service::networks::{self, NetworkChanges};
use crate::service::suggestions::{self, StatusChange};
use crate::service::{self, ErrorCode, Viewer, events};
use crate::state::AppState;

/// The states an organiser chooses from (withdrawing is the suggester's).
const CHOICES: [SuggestionStatus; 7] = [
    SuggestionStatus::New,
    SuggestionStatus::UnderReview,
    SuggestionStatus::Planned,
    SuggestionStatus::Forwarded,
    SuggestionStatus::WorkingGroup,
    SuggestionStatus::Done,
    SuggestionStatus::Declined,
];

/// A refused change of state, shown again at its suggestion.
struct Editing {
    id: Uuid,
    form: Form,
    errors: Vec<(&'static str, &'static str)>,
}

struct Row {
    id: Uuid,
    title: String,
    description: Vec<String>,
    sender: String,
    status: &'static str,
    withdrawn: bool,
    published: bool,
    forwarded_to: String,
    working_group: String,
    history: Vec<(String, &'static str, Option<String>)>,
    /// The form's values: state, follow-up, meeting, forwarded to, group.
    values: (String, String, String, String, String),
    /// The follow-up in the languages other than the network's: the
    /// field's name, its language's code and name, the value.
    translated: Vec<(&'static str, &'static str, &'static str, String)>,
    errors: Vec<(&'static str, &'static str)>,
}

impl Row {
    fn error(&self, field: &str) -> Option<&'static str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, t)| *t)
    }
}

#[derive(Template)]
#[template(path = "console/suggestions.html")]
struct SuggestionsPage {
    page: Layout,
    c: &'static ConsoleStrings,
    s: &'static SuggestionStrings,
    k: &'static ConsoleSuggestionStrings,
    network_id: Uuid,
    name: String,
    public_href: String,
    open: bool,
    notice: Option<&'static str>,
    rows: Vec<Row>,
    statuses: Vec<(&'static str, &'static str)>,
    meetings: Vec<(Uuid, String)>,
    csrf: String,
    lang: &'static str,
}

/// The follow-up's translation fields: one per language other than the
/// network's own (which the follow-up itself is written in).
fn translation_fields(
    network: &network::Model,
) -> impl Iterator<Item = (&'static str, Locale)> + use<> {
    let own = Locale::parse(&network.default_locale).unwrap_or_default();
    Locale::ALL
        .into_iter()
        .filter(move |l| *l != own)
        .map(|l| (translation_field(l), l))
}

/// The form's name of the follow-up in `locale`.
fn translation_field(locale: Locale) -> &'static str {
    match locale {
        Locale::Sv => "followUp_sv",
        Locale::Nb => "followUp_nb",
        Locale::En => "followUp_en",
    }
}

async fn build(
    cx: &service::Context,
    request: &PageRequest,
    network: &network::Model,
    csrf: String,
    notice: Option<&'static str>,
    editing: Option<Editing>,
) -> service::Result<SuggestionsPage> {
    let locale = request.locale;
    let id = NetworkId(network.id);
    let (list, _) = suggestions::latest(cx, id, suggestions::PAGE_MAX).await?;
    let upcoming = events::upcoming_in_network(cx, id, 50).await?;
    let mut meetings: Vec<(Uuid, String)> = upcoming
        .iter()
        .map(|e| {
            (
                e.id,
                format!(
                    "{} ({})",
                    e.title,
                    dates::moment(locale, e.starts_at, &e.time_zone)
                ),
            )
        })
        .collect();
    let mut rows = Vec::with_capacity(list.len());
    for x in list {
        // A meeting already linked stays a choice, even when past.
        if let Some(event) = x.event_id
            && !meetings.iter().any(|(id, _)| *id == event)
            && let Some(e) = events::get(cx, EventId(event)).await?
        {
            meetings.push((e.id, e.title.clone()));
        }
        let sender = suggestions::sender(cx, &x)
            .await?
            .map(|(name, email)| format!("{name} <{email}>"))
            .unwrap_or_default();
        let history = suggestions::history(cx, x.id)
            .await?
            .into_iter()
            .map(|u| {
                (
                    dates::moment(locale, u.created_at, &network.time_zone),
                    status_name(locale, u.status),
                    u.follow_up,
                )
            })
            .collect();
        let (values, errors) = match &editing {
            Some(e) if e.id == x.id => (
                (
                    e.form.text("status"),
                    e.form.text("followUp"),
                    e.form.text("eventId"),
                    e.form.text("forwardedTo"),
                    e.form.text("workingGroup"),
                ),
                e.errors.clone(),
            ),
            _ => (
                (
                    x.status.as_str().to_owned(),
                    String::new(),
                    x.event_id.map(|e| e.to_string()).unwrap_or_default(),
                    x.forwarded_to.clone().unwrap_or_default(),
                    x.working_group.clone().unwrap_or_default(),
                ),
                Vec::new(),
            ),
        };
        let translated = translation_fields(network)
            .map(|(field, locale)| {
                let value = match &editing {
                    Some(e) if e.id == x.id => e.form.text(field),
                    _ => String::new(),
                };
                (field, locale.as_str(), locale.name(), value)
            })
            .collect();
        rows.push(Row {
            id: x.id,
            translated,
            description: crate::pages::network::paragraphs(&x.description),
            sender,
            status: status_name(locale, x.status),
            withdrawn: x.status == SuggestionStatus::Withdrawn,
            published: x.published,
            forwarded_to: x.forwarded_to.unwrap_or_default(),
            working_group: x.working_group.unwrap_or_default(),
            history,
            values,
            errors,
            title: x.title,
        });
    }
    let s = suggestion_strings(locale);
    Ok(SuggestionsPage {
        page: request.page(format!("{} – {}", s.title, network.name)),
        c: console_strings(locale),
        s,
        k: console_suggestion_strings(locale),
        network_id: network.id,
        name: network.name.clone(),
        public_href: format!("/networks/{}/suggestions", network.slug),
        open: network.suggestions_open,
        notice,
        rows,
        statuses: CHOICES
            .iter()
            .map(|&st| (st.as_str(), status_name(locale, st)))
            .collect(),
        meetings,
        csrf,
        lang: locale.as_str(),
    })
}

/// `GET /organise/networks/{id}/suggestions`.
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
    let network = match organised_network(&state, &request, &id).await {
        Ok(network) => network,
        Err(response) => return response,
    };
    let cx = request.context(&state);
    let Some(csrf) = csrf_for(&state, &headers) else {
        return request.internal_error();
    };
    let k = console_suggestion_strings(request.locale);
    let saved = form_urlencoded::parse(raw.as_deref().unwrap_or("").as_bytes())
        .any(|(key, value)| key == "done" && value == "saved");
    match build(
        &cx,
        &request,
        &network,
        csrf.token,
        saved.then_some(k.done_saved),
        None,
    )
    .await
    {
        Ok(page) => {
            let mut response = render(&page);
            private_page(&mut response, csrf.set_cookie);
            response
        }
        Err(err) => request.failed(err),
    }
}

fn back(network: Uuid, lang: &str) -> String {
    format!("/organise/networks/{network}/suggestions?lang={lang}&done=saved")
}

/// `POST /organise/networks/{id}/suggestions/open`.
pub(super) async fn set_open(
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
    let network = match organised_network(&state, &request, &id).await {
        Ok(network) => network,
        Err(response) => return response,
    };
    let cx = request.context(&state);
    let changes = NetworkChanges {
        suggestions_open: Some(form.get("open") == Some("on")),
        ..NetworkChanges::default()
    };
    match networks::update(&cx, NetworkId(network.id), changes).await {
        Ok(_) => see_other(&back(network.id, request.locale.as_str())),
        Err(err) => request.failed(err),
    }
}

/// The network of a suggestion the viewer organises (`None`: 404).
async fn of_suggestion(
    cx: &service::Context,
    raw: &str,
) -> service::Result<Option<(Uuid, network::Model)>> {
    let Ok(id) = Uuid::parse_str(raw) else {
        return Ok(None);
    };
    let Some((found, suggestions::Reader::Organiser)) = suggestions::get(cx, id).await? else {
        return Ok(None);
    };
    Ok(networks::get(cx, NetworkId(found.network_id))
        .await?
        .map(|n| (id, n)))
}

/// `POST /organise/suggestions/{id}/status`.
pub(super) async fn status(
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
    let cx = request.context(&state);
    let (id, network) = match of_suggestion(&cx, &id).await {
        Ok(Some(found)) => found,
        Ok(None) => return request.not_found(),
        Err(err) => return request.failed(err),
    };
    let k = console_suggestion_strings(request.locale);
    let optional = |name: &str| Some(form.text(name)).filter(|v| !v.trim().is_empty());
    let change = StatusChange {
        status: SuggestionStatus::parse(&form.text("status"))
            .filter(|s| CHOICES.contains(s))
            .unwrap_or(SuggestionStatus::New),
        follow_up: form.text("followUp"),
        follow_up_translations: translation_fields(&network)
            .map(|(field, locale)| (locale, form.text(field)))
            .filter(|(_, text)| !text.trim().is_empty())
            .collect(),
        event: Uuid::parse_str(&form.text("eventId")).ok().map(EventId),
        forwarded_to: optional("forwardedTo"),
        working_group: optional("workingGroup"),
    };
    match suggestions::change_status(&cx, id, change).await {
        Ok(_) => see_other(&back(network.id, request.locale.as_str())),
        Err(service::Error::Invalid(errors)) => {
            let mut shown: Vec<(&'static str, &'static str)> = Vec::new();
            for e in &errors {
                let path = e.field.join(".");
                let (field, text) = match (path.as_str(), e.code) {
                    ("followUp", _) => ("followUp", k.err_follow_up),
                    (p, _) if p.starts_with("followUpTranslations.") => {
                        // The entry's index counts the languages given.
                        let given: Vec<Locale> = translation_fields(&network)
                            .filter(|(field, _)| !form.text(field).trim().is_empty())
                            .map(|(_, l)| l)
                            .collect();
                        let at = p
                            .split('.')
                            .nth(1)
                            .and_then(|i| i.parse::<usize>().ok())
                            .and_then(|i| given.get(i).copied());
                        match at {
                            Some(locale) => (translation_field(locale), k.err_follow_up),
                            None => ("followUp", k.err_follow_up),
                        }
                    }
                    ("eventId", _) => ("eventId", k.err_meeting),
                    ("forwardedTo", _) => ("forwardedTo", k.err_forwarded),
                    ("workingGroup", _) => ("workingGroup", k.err_group),
                    (_, ErrorCode::InvalidState) => ("status", k.err_withdrawn),
                    _ => ("status", k.has_errors),
                };
                if !shown.iter().any(|(f, _)| *f == field) {
                    shown.push((field, text));
                }
            }
            let csrf = form.text(crate::pages::form::CSRF_FIELD);
            let editing = Editing {
                id,
                form,
                errors: shown,
            };
            match build(&cx, &request, &network, csrf, None, Some(editing)).await {
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

/// `POST /organise/suggestions/{id}/publish`.
pub(super) async fn publish(
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
    let cx = request.context(&state);
    let (id, network) = match of_suggestion(&cx, &id).await {
        Ok(Some(found)) => found,
        Ok(None) => return request.not_found(),
        Err(err) => return request.failed(err),
    };
    let published = form.get("published") == Some("true");
    match suggestions::set_published(&cx, id, published).await {
        Ok(_) => see_other(&back(network.id, request.locale.as_str())),
        Err(err) => request.failed(err),
    }
}
