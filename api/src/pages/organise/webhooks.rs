//! A network's webhook endpoints in the console: where the network's
//! events are posted, signed, for the organisers' own systems; their state,
//! their delivery log and the forms to change them
//! (`service::webhooks`, the same calls as the GraphQL API).
//!
//! - `GET /organise/networks/{id}/webhooks`: the endpoints with their
//!   state and failures in a row, and the form for a new one.
//! - `POST /organise/networks/{id}/webhooks`: a new endpoint; the answer is
//!   its page with the signing secret, shown this once (never in a
//!   redirect, a log or a later page). A refused one comes back (422) with
//!   every error next to its field.
//! - `GET /organise/webhooks/{id}`: an endpoint's settings, a new secret,
//!   deleting, and its deliveries latest first (`?before=` pages back),
//!   each with the receiver's answer, its body and "send again".
//! - `POST /organise/webhooks/{id}`: its URL, description, event types and
//!   whether it is on (turning it on resets the failures in a row).
//! - `POST /organise/webhooks/{id}/rotate`: a new secret (shown once); the
//!   previous one signs beside it for the hours given.
//! - `POST /organise/webhooks/{id}/delete`: deletes it with its log.
//! - `POST /organise/webhook-deliveries/{id}/redeliver`: sends a delivery
//!   again, with its `webhook-id`.
//!
//! For the network's organisers and platform administrators only: the
//! deliveries' bodies carry participants' names and addresses. Anyone else
//! is told "not found", as for an id that does not exist.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use entities::{OutboxStatus, network, webhook_delivery, webhook_endpoint};
use uuid::Uuid;

use super::forms::{
    Fields, csrf_for, organised_network, posted, respond, see_other, sign_in_first,
};
use crate::i18n::console::webhooks::{WebhookStrings, webhook_strings};
use crate::i18n::console::{ConsoleStrings, console_strings};
use crate::i18n::dates;
use crate::i18n::pages::Strings;
use crate::ids::{NetworkId, WebhookDeliveryId, WebhookEndpointId};
use crate::pages::form::{CSRF_FIELD, Form};
use crate::pages::page::{Layout, PageRequest};
use crate::pagination::PageRequest as Paging;
use crate::service::webhooks::{self, EndpointChanges, NewEndpoint};
use crate::service::{self, ErrorCode, FieldError, networks};
use crate::state::AppState;
use crate::webhooks::{EventType, parse_types};

/// Deliveries on one page of the log.
const PER_PAGE: i32 = 25;

/// The event types' names follow `EventType::ALL`.
const _: () = assert!(EventType::ALL.len() == 12);

/// The settings form's fields, in its order (the types are one fieldset).
const LABELS: [&str; 5] = ["url", "description", "types", "enabled", "overlapHours"];

/// An event type's checkbox: its wire name, its name, checked or not.
struct TypeChoice {
    code: &'static str,
    name: &'static str,
    checked: bool,
}

fn type_name(k: &WebhookStrings, kind: EventType) -> &'static str {
    let index = EventType::ALL.iter().position(|t| *t == kind).unwrap_or(0);
    k.type_names[index]
}

/// The checkboxes, checked as the space-separated `chosen` says.
fn type_choices(k: &WebhookStrings, chosen: &str) -> Vec<TypeChoice> {
    let chosen = parse_types(chosen);
    EventType::ALL
        .iter()
        .map(|&kind| TypeChoice {
            code: kind.as_str(),
            name: type_name(k, kind),
            checked: chosen.contains(&kind),
        })
        .collect()
}

/// The state of an endpoint in words.
fn state_text(k: &WebhookStrings, endpoint: &webhook_endpoint::Model) -> &'static str {
    match (endpoint.enabled, endpoint.disabled_reason.is_some()) {
        (true, _) => k.enabled,
        (false, true) => k.disabled_after_failures,
        (false, false) => k.disabled,
    }
}

/// One endpoint in the list.
struct Summary {
    id: Uuid,
    url: String,
    description: String,
    state: &'static str,
    on: bool,
    failures: i32,
    types: Vec<&'static str>,
}

#[derive(Template)]
#[template(path = "console/webhooks.html")]
struct ListPage {
    page: Layout,
    c: &'static ConsoleStrings,
    t: &'static Strings,
    k: &'static WebhookStrings,
    network_id: Uuid,
    name: String,
    endpoints: Vec<Summary>,
    notice: Option<&'static str>,
    f: Fields,
    types: Vec<TypeChoice>,
    summary: Vec<(String, String)>,
    csrf: String,
    lang: &'static str,
}

/// One delivery in the log.
struct DeliveryRow {
    id: Uuid,
    when: String,
    code: String,
    kind: String,
    status: &'static str,
    attempts: i32,
    response: String,
    error: String,
    body: String,
}

#[derive(Template)]
#[template(path = "console/webhook.html")]
struct EndpointPage {
    page: Layout,
    c: &'static ConsoleStrings,
    t: &'static Strings,
    k: &'static WebhookStrings,
    network_id: Uuid,
    network_name: String,
    endpoint: webhook_endpoint::Model,
    state: &'static str,
    types: Vec<TypeChoice>,
    previous_until: Option<String>,
    /// The new secret, on the answer that made it only.
    secret: Option<String>,
    notice: Option<&'static str>,
    alert: Option<&'static str>,
    f: Fields,
    summary: Vec<(String, String)>,
    deliveries: Vec<DeliveryRow>,
    older: Option<String>,
    paged: bool,
    csrf: String,
    lang: &'static str,
}

/// The labels of the forms' fields, for a summary of errors.
fn labels(k: &WebhookStrings) -> Vec<(&'static str, &'static str)> {
    LABELS
        .into_iter()
        .zip([
            k.field_url,
            k.field_description,
            k.field_types,
            k.field_enabled,
            k.field_overlap,
        ])
        .collect()
}

/// A refusal of the service, next to its field.
fn refuse(f: &mut Fields, t: &Strings, k: &WebhookStrings, error: &FieldError) {
    let field = error.field.first().map_or("url", String::as_str);
    let (field, message) = match (field, error.code) {
        ("url", ErrorCode::Required) => ("url", k.err_url_required),
        ("url", ErrorCode::TooLong) => ("url", t.err_too_long),
        ("url", _) => ("url", k.err_url_invalid),
        ("description", ErrorCode::TooLong) => ("description", t.err_too_long),
        ("description", _) => ("description", t.err_invalid),
        ("eventTypes", _) => ("types", k.err_types),
        ("networkId", _) => ("url", k.err_too_many),
        ("overlapHours", _) => ("overlapHours", k.err_overlap),
        _ => ("url", t.err_invalid),
    };
    f.refuse(field, message);
}

/// The forms' values as the endpoint has them, with `overlap` in the
/// new secret's hours.
fn stored_settings(endpoint: &webhook_endpoint::Model, overlap: &str) -> Fields {
    let mut f = Fields::default();
    f.set("url", &endpoint.url);
    f.set("description", &endpoint.description);
    f.set("types", &endpoint.event_types);
    f.set("enabled", if endpoint.enabled { "on" } else { "" });
    f.set("overlapHours", overlap);
    f
}

/// Reads the endpoint form: the values as typed, the types chosen.
fn read(form: &Form) -> (Fields, Vec<EventType>) {
    let mut f = Fields::default();
    for name in ["url", "description", "enabled"] {
        f.set(name, form.text(name));
    }
    let types: Vec<EventType> = form
        .all("types")
        .iter()
        .filter_map(|t| EventType::parse(t))
        .collect();
    f.set(
        "types",
        types
            .iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    );
    (f, types)
}

async fn list_page(
    state: &AppState,
    request: &PageRequest,
    network: &network::Model,
    f: Fields,
    notice: Option<&'static str>,
    csrf: String,
) -> service::Result<ListPage> {
    let cx = request.context(state);
    let k = webhook_strings(request.locale);
    let endpoints = webhooks::list(&cx, NetworkId(network.id))
        .await?
        .into_iter()
        .map(|e| Summary {
            id: e.id,
            state: state_text(k, &e),
            on: e.enabled,
            failures: e.consecutive_failures,
            types: parse_types(&e.event_types)
                .into_iter()
                .map(|t| t.as_str())
                .collect(),
            url: e.url,
            description: e.description,
        })
        .collect();
    let summary = f.summary(&labels(k));
    Ok(ListPage {
        page: request.page(format!("{} – {}", k.heading, network.name)),
        c: console_strings(request.locale),
        t: request.t(),
        k,
        network_id: network.id,
        name: network.name.clone(),
        endpoints,
        notice,
        types: type_choices(k, f.v("types")),
        summary,
        f,
        csrf,
        lang: request.locale.as_str(),
    })
}

/// What the endpoint page shows besides the endpoint.
#[derive(Default)]
struct Shown {
    secret: Option<String>,
    notice: Option<&'static str>,
    alert: Option<&'static str>,
    /// The settings as typed (a refused form), else as stored.
    f: Option<Fields>,
    before: Option<String>,
}

async fn endpoint_page(
    state: &AppState,
    request: &PageRequest,
    endpoint: webhook_endpoint::Model,
    shown: Shown,
    csrf: String,
) -> service::Result<EndpointPage> {
    let cx = request.context(state);
    let (locale, k) = (request.locale, webhook_strings(request.locale));
    let network = networks::get(&cx, NetworkId(endpoint.network_id))
        .await?
        .ok_or(service::Error::NotFound("network"))?;
    let f = shown.f.unwrap_or_else(|| {
        stored_settings(&endpoint, &cx.webhooks.secret_overlap_hours.to_string())
    });
    let paging = |before: Option<String>| Paging {
        first: None,
        after: None,
        last: Some(PER_PAGE),
        before,
    };
    // A cursor that is not one of ours shows the latest deliveries.
    let (page, paged) =
        match webhooks::deliveries(&cx, &endpoint, &paging(shown.before.clone())).await {
            Ok(page) => (page, shown.before.is_some()),
            Err(service::Error::Invalid(_)) => (
                webhooks::deliveries(&cx, &endpoint, &paging(None)).await?,
                false,
            ),
            Err(err) => return Err(err),
        };
    let older = page
        .has_previous_page
        .then(|| page.items.first().map(|(cursor, _)| cursor.clone()))
        .flatten()
        .map(|cursor| form_urlencoded::byte_serialize(cursor.as_bytes()).collect());
    let deliveries = page
        .items
        .into_iter()
        .rev()
        .map(|(_, d)| delivery_row(k, locale, &network.time_zone, d))
        .collect();
    let summary = f.summary(&labels(k));
    Ok(EndpointPage {
        page: request.page(format!("{} – {}", k.heading, network.name)),
        c: console_strings(locale),
        t: request.t(),
        k,
        network_id: network.id,
        network_name: network.name.clone(),
        state: state_text(k, &endpoint),
        types: type_choices(k, f.v("types")),
        previous_until: endpoint
            .previous_secret_until
            .filter(|until| *until > cx.clock.now())
            .map(|until| dates::moment(locale, until, &network.time_zone)),
        endpoint,
        secret: shown.secret,
        notice: shown.notice,
        alert: shown.alert,
        summary,
        f,
        deliveries,
        older,
        paged,
        csrf,
        lang: locale.as_str(),
    })
}

fn delivery_row(
    k: &WebhookStrings,
    locale: crate::i18n::Locale,
    time_zone: &str,
    d: webhook_delivery::Model,
) -> DeliveryRow {
    let status = match d.status {
        OutboxStatus::Pending => k.statuses[0],
        OutboxStatus::Sent => k.statuses[1],
        OutboxStatus::Failed => k.statuses[2],
        OutboxStatus::Skipped => k.statuses[3],
    };
    let response = match (d.response_status, d.duration_ms) {
        (Some(code), Some(ms)) => format!("{code} · {ms} ms"),
        (Some(code), None) => code.to_string(),
        (None, Some(ms)) => format!("{ms} ms"),
        (None, None) => String::new(),
    };
    // The body as the receiver got it, indented for reading.
    let body = serde_json::from_str::<serde_json::Value>(&d.payload)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or(d.payload);
    DeliveryRow {
        id: d.id,
        when: dates::moment(locale, d.created_at, time_zone),
        kind: EventType::parse(&d.event_type)
            .map(|t| type_name(k, t).to_owned())
            .unwrap_or_default(),
        code: d.event_type,
        status,
        attempts: d.attempts,
        response,
        error: d.last_error.unwrap_or_default(),
        body,
    }
}

/// The endpoint of a console path the viewer manages, or the answer to
/// give instead (404 for another network's, as for none).
async fn organised_endpoint(
    state: &AppState,
    request: &PageRequest,
    raw: &str,
) -> Result<webhook_endpoint::Model, Response> {
    let Ok(id) = Uuid::parse_str(raw) else {
        return Err(request.not_found());
    };
    let cx = request.context(state);
    webhooks::get(&cx, WebhookEndpointId(id))
        .await
        .map_err(|err| request.failed(err))
}

/// A form posted to an endpoint's path: checked ([`posted`]) and the
/// endpoint the viewer manages, or the answer to give instead.
async fn posted_endpoint(
    state: &AppState,
    headers: &HeaderMap,
    request: &PageRequest,
    body: &[u8],
    raw: &str,
) -> Result<(Form, webhook_endpoint::Model), Box<Response>> {
    let form = posted(state, headers, request, body)?;
    let endpoint = organised_endpoint(state, request, raw)
        .await
        .map_err(Box::new)?;
    Ok((form, endpoint))
}

fn query_value(raw: Option<&str>, name: &str) -> Option<String> {
    form_urlencoded::parse(raw.unwrap_or("").as_bytes())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// `GET /organise/networks/{id}/webhooks`.
pub(super) async fn list(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    request: PageRequest,
) -> Response {
    if let Some(response) = sign_in_first(&state, &headers, &request) {
        return response;
    }
    let network = match organised_network(&state, &request, &id).await {
        Ok(network) => network,
        Err(response) => return response,
    };
    let Some(csrf) = csrf_for(&state, &headers) else {
        return request.internal_error();
    };
    let k = webhook_strings(request.locale);
    let notice = match query_value(raw.as_deref(), "done").as_deref() {
        Some("deleted") => Some(k.done_deleted),
        _ => None,
    };
    let mut f = Fields::default();
    f.set("enabled", "on");
    // A new endpoint hears of everything unless told otherwise.
    f.set(
        "types",
        EventType::ALL
            .iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    );
    match list_page(&state, &request, &network, f, notice, csrf.token).await {
        Ok(page) => respond(&page, StatusCode::OK, csrf.set_cookie),
        Err(err) => request.failed(err),
    }
}

/// `POST /organise/networks/{id}/webhooks`.
pub(super) async fn create(
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
    let (t, k) = (request.t(), webhook_strings(request.locale));
    let (mut f, types) = read(&form);
    let cx = request.context(&state);
    let input = NewEndpoint {
        network: NetworkId(network.id),
        url: f.v("url").to_owned(),
        description: Some(f.v("description").to_owned()),
        event_types: types,
        enabled: Some(f.v("enabled") == "on"),
    };
    let csrf = form.text(CSRF_FIELD);
    match webhooks::create(&cx, input).await {
        Ok(made) => {
            let shown = Shown {
                secret: Some(made.secret),
                ..Shown::default()
            };
            match endpoint_page(&state, &request, made.endpoint, shown, csrf).await {
                Ok(page) => respond(&page, StatusCode::CREATED, None),
                Err(err) => request.failed(err),
            }
        }
        Err(service::Error::Invalid(errors)) => {
            for error in &errors {
                refuse(&mut f, t, k, error);
            }
            match list_page(&state, &request, &network, f, None, csrf).await {
                Ok(page) => respond(&page, StatusCode::UNPROCESSABLE_ENTITY, None),
                Err(err) => request.failed(err),
            }
        }
        Err(err) => request.failed(err),
    }
}

/// `GET /organise/webhooks/{id}`.
pub(super) async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    request: PageRequest,
) -> Response {
    if let Some(response) = sign_in_first(&state, &headers, &request) {
        return response;
    }
    let endpoint = match organised_endpoint(&state, &request, &id).await {
        Ok(endpoint) => endpoint,
        Err(response) => return response,
    };
    let Some(csrf) = csrf_for(&state, &headers) else {
        return request.internal_error();
    };
    let k = webhook_strings(request.locale);
    let shown = Shown {
        notice: match query_value(raw.as_deref(), "done").as_deref() {
            Some("saved") => Some(k.done_saved),
            Some("redelivered") => Some(k.done_redelivered),
            _ => None,
        },
        before: query_value(raw.as_deref(), "before"),
        ..Shown::default()
    };
    match endpoint_page(&state, &request, endpoint, shown, csrf.token).await {
        Ok(page) => respond(&page, StatusCode::OK, csrf.set_cookie),
        Err(err) => request.failed(err),
    }
}

fn back(endpoint: Uuid, lang: &str, done: &str) -> String {
    format!("/organise/webhooks/{endpoint}?lang={lang}&done={done}")
}

/// `POST /organise/webhooks/{id}`.
pub(super) async fn save(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let (form, endpoint) = match posted_endpoint(&state, &headers, &request, &body, &id).await {
        Ok(found) => found,
        Err(response) => return *response,
    };
    let (t, k) = (request.t(), webhook_strings(request.locale));
    let (mut f, types) = read(&form);
    let cx = request.context(&state);
    let changes = EndpointChanges {
        url: Some(f.v("url").to_owned()),
        description: Some(f.v("description").to_owned()),
        event_types: Some(types),
        enabled: Some(f.v("enabled") == "on"),
    };
    match webhooks::update(&cx, WebhookEndpointId(endpoint.id), changes).await {
        Ok(saved) => see_other(&back(saved.id, request.locale.as_str(), "saved")),
        Err(service::Error::Invalid(errors)) => {
            for error in &errors {
                refuse(&mut f, t, k, error);
            }
            f.set("overlapHours", cx.webhooks.secret_overlap_hours.to_string());
            let shown = Shown {
                f: Some(f),
                ..Shown::default()
            };
            let csrf = form.text(CSRF_FIELD);
            match endpoint_page(&state, &request, endpoint, shown, csrf).await {
                Ok(page) => respond(&page, StatusCode::UNPROCESSABLE_ENTITY, None),
                Err(err) => request.failed(err),
            }
        }
        Err(err) => request.failed(err),
    }
}

/// `POST /organise/webhooks/{id}/rotate`.
pub(super) async fn rotate(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let (form, endpoint) = match posted_endpoint(&state, &headers, &request, &body, &id).await {
        Ok(found) => found,
        Err(response) => return *response,
    };
    let (t, k) = (request.t(), webhook_strings(request.locale));
    let cx = request.context(&state);
    let csrf = form.text(CSRF_FIELD);
    let typed = form.text("overlapHours");
    let refused = |mut f: Fields, error: FieldError| {
        refuse(&mut f, t, k, &error);
        f
    };
    let outcome = match typed.trim().parse::<i32>() {
        Ok(hours) => webhooks::rotate_secret(&cx, WebhookEndpointId(endpoint.id), Some(hours))
            .await
            .map_err(Some),
        Err(_) => Err(None),
    };
    let stored = stored_settings(&endpoint, &typed);
    let f = match outcome {
        Ok(made) => {
            let shown = Shown {
                secret: Some(made.secret),
                ..Shown::default()
            };
            return match endpoint_page(&state, &request, made.endpoint, shown, csrf).await {
                Ok(page) => respond(&page, StatusCode::OK, None),
                Err(err) => request.failed(err),
            };
        }
        Err(None) => refused(
            stored,
            FieldError::new("overlapHours", ErrorCode::OutOfRange, ""),
        ),
        Err(Some(service::Error::Invalid(errors))) => errors.into_iter().fold(stored, refused),
        Err(Some(err)) => return request.failed(err),
    };
    let shown = Shown {
        f: Some(f),
        ..Shown::default()
    };
    match endpoint_page(&state, &request, endpoint, shown, csrf).await {
        Ok(page) => respond(&page, StatusCode::UNPROCESSABLE_ENTITY, None),
        Err(err) => request.failed(err),
    }
}

/// `POST /organise/webhooks/{id}/delete`.
pub(super) async fn remove(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let (_, endpoint) = match posted_endpoint(&state, &headers, &request, &body, &id).await {
        Ok(found) => found,
        Err(response) => return *response,
    };
    let cx = request.context(&state);
    match webhooks::delete(&cx, WebhookEndpointId(endpoint.id)).await {
        Ok(_) => see_other(&format!(
            "/organise/networks/{}/webhooks?lang={}&done=deleted",
            endpoint.network_id, request.locale
        )),
        Err(err) => request.failed(err),
    }
}

/// `POST /organise/webhook-deliveries/{id}/redeliver`.
pub(super) async fn redeliver(
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
    let Ok(id) = Uuid::parse_str(&id) else {
        return request.not_found();
    };
    let cx = request.context(&state);
    match webhooks::redeliver(&cx, WebhookDeliveryId(id)).await {
        Ok(made) => see_other(&back(
            made.endpoint_id,
            request.locale.as_str(),
            "redelivered",
        )),
        // The endpoint was turned off since the page was shown.
        Err(service::Error::Invalid(_)) => {
            let endpoint = match webhooks::delivery(&cx, WebhookDeliveryId(id)).await {
                Ok((_, endpoint)) => endpoint,
                Err(err) => return request.failed(err),
            };
            let shown = Shown {
                alert: Some(webhook_strings(request.locale).err_disabled),
                ..Shown::default()
            };
            let csrf = form.text(CSRF_FIELD);
            match endpoint_page(&state, &request, endpoint, shown, csrf).await {
                Ok(page) => respond(&page, StatusCode::CONFLICT, None),
                Err(err) => request.failed(err),
            }
        }
        Err(err) => request.failed(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn every_event_type_has_a_name_in_every_language() {
        for locale in Locale::ALL {
            let k = webhook_strings(locale);
            assert_eq!(k.type_names.len(), EventType::ALL.len());
            assert!(k.type_names.iter().all(|n| !n.is_empty()));
        }
        let en = webhook_strings(Locale::En);
        assert_eq!(type_name(en, EventType::EventPublished), "Event published");
        assert_eq!(
            type_name(en, EventType::SuggestionStatusChanged),
            "Suggestion's state changed"
        );
    }
}
