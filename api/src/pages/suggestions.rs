//! Theme suggestions on the pages: a network's published suggestions and
//! what happened to each, the form to send one, the suggester's own page
//! and the follow-up feed.
//!
//! - `GET /networks/{slug}/suggestions`: the published suggestions, the
//!   latest changed first, each with its state, what it led to (the
//!   meeting, to whom it was forwarded, the working group) and its history
//!   of follow-ups; the form when the network takes suggestions.
//! - `POST /networks/{slug}/suggestions`: sends one (`service::suggestions::suggest`,
//!   as the GraphQL `suggestTheme`); errors next to their fields (422).
//! - `GET /networks/{slug}/suggestions/feed.atom`: the follow-ups as an
//!   Atom feed, one entry per published suggestion.
//! - `GET /suggestions/follow?token=…`: the suggester's page (from their
//!   mail), with the withdraw button; GET changes nothing.
//! - `POST /suggestions/withdraw`: withdraws (the token comes in the form).
//!
//! Who sent a suggestion is never shown here: the organisers read it in the
//! API and the console.

use std::collections::HashMap;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use entities::{SuggestionStatus, event, network, theme_suggestion};
use uuid::Uuid;

use super::form::{Csrf, Form, csrf_ok};
use super::page::{Layout, PageRequest, TokenQuery, forbidden, private_page, render, secure};
use crate::i18n::Locale;
use crate::i18n::dates;
use crate::i18n::suggestions::{SuggestionStrings, status_name, suggestion_strings};
use crate::ids::{EventId, NetworkId};
use crate::service::suggestions::{self, NewSuggestion, Withdrawer};
use crate::service::{self, ErrorCode, FieldError, Viewer, events, networks};
use crate::state::AppState;

/// Most suggestions a page or the feed shows.
const SHOWN: u64 = 100;

/// One suggestion as the pages show it.
pub(super) struct Shown {
    pub(super) title: String,
    pub(super) description: Vec<String>,
    pub(super) status: &'static str,
    pub(super) event: Option<(String, String)>,
    pub(super) forwarded_to: Option<String>,
    pub(super) working_group: Option<String>,
    pub(super) sent_in: String,
    /// Newest first: when, state, follow-up.
    pub(super) history: Vec<(String, &'static str, Option<FollowUp>)>,
}

/// A follow-up as a page shows it: in the page's language where
/// translated, else as written, with the ` lang="…"` that marks it then.
pub(super) type FollowUp = (String, String);

/// What a refused form shows again.
#[derive(Default)]
struct Sent {
    title: String,
    description: String,
    name: String,
    email: String,
    errors: Vec<(&'static str, &'static str)>,
}

impl Sent {
    fn error(&self, field: &str) -> Option<&'static str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, text)| *text)
    }
}

#[derive(Template)]
#[template(path = "pages/suggestions.html")]
struct ListPage {
    page: Layout,
    s: &'static SuggestionStrings,
    network: String,
    network_href: String,
    open: bool,
    signed_in_as: Option<String>,
    action: String,
    feed: String,
    csrf: String,
    form: Sent,
    suggestions: Vec<Shown>,
}

#[derive(Template)]
#[template(path = "pages/suggestion_follow.html")]
struct FollowPage {
    page: Layout,
    s: &'static SuggestionStrings,
    network: String,
    network_href: String,
    published: bool,
    withdrawable: bool,
    suggestion: Shown,
    token: String,
    csrf: String,
    action: String,
}

/// The suggestions of `list` as shown in `locale`, with their history and
/// the meetings that take them up (those the viewer sees).
pub(super) async fn shown(
    cx: &service::Context,
    locale: Locale,
    network: &network::Model,
    list: Vec<theme_suggestion::Model>,
) -> service::Result<Vec<Shown>> {
    // Follow-ups are written in the network's language.
    let own = Locale::parse(&network.default_locale).unwrap_or_default();
    let mut histories: HashMap<Uuid, Vec<entities::theme_suggestion_update::Model>> =
        HashMap::new();
    let mut meetings: HashMap<Uuid, Option<event::Model>> = HashMap::new();
    for s in &list {
        histories.insert(s.id, suggestions::history(cx, s.id).await?);
        if let Some(id) = s.event_id
            && !meetings.contains_key(&id)
        {
            meetings.insert(id, events::visible(cx, EventId(id)).await?);
        }
    }
    let zone = &network.time_zone;
    Ok(list
        .into_iter()
        .map(|s| Shown {
            description: super::network::paragraphs(&s.description),
            status: status_name(locale, s.status),
            event: s
                .event_id
                .and_then(|id| meetings.get(&id).cloned().flatten())
                .map(|e| {
                    (
                        format!("/events/{}", e.id),
                        format!(
                            "{}, {}",
                            e.title,
                            dates::range(locale, e.starts_at, e.ends_at, &e.time_zone)
                        ),
                    )
                }),
            forwarded_to: s.forwarded_to.clone(),
            working_group: s.working_group.clone(),
            sent_in: dates::moment(locale, s.created_at, zone),
            history: histories
                .remove(&s.id)
                .unwrap_or_default()
                .into_iter()
                .map(|u| {
                    let translated = crate::service::translations::follow_up_texts(&u);
                    let follow_up = u.follow_up.map(|original| match translated.get(&locale) {
                        Some(text) => (text.clone(), String::new()),
                        None => (original, super::page::lang_attribute(own, locale)),
                    });
                    (
                        dates::moment(locale, u.created_at, zone),
                        status_name(locale, u.status),
                        follow_up,
                    )
                })
                .collect(),
            title: s.title,
        })
        .collect())
}

/// The network of a suggestions path, with the request in its language.
async fn network_of(
    cx: &service::Context,
    request: PageRequest,
    slug: &str,
) -> Result<(network::Model, PageRequest), Response> {
    match networks::by_slug(cx, slug).await {
        Ok(Some(network)) => {
            let request = request.in_network(&network, None);
            Ok((network, request))
        }
        Ok(None) => Err(request.not_found()),
        Err(err) => Err(request.failed(err)),
    }
}

async fn list_page(
    cx: &service::Context,
    request: &PageRequest,
    network: &network::Model,
    csrf: String,
    form: Sent,
) -> service::Result<ListPage> {
    let s = suggestion_strings(request.locale);
    // What the public sees, also for organisers (who read every suggestion
    // in the API and the console).
    let (list, _) = suggestions::latest(
        &cx.acting_as(Viewer::Anonymous),
        NetworkId(network.id),
        SHOWN,
    )
    .await?;
    let signed_in_as = match &cx.viewer {
        Viewer::Person(p) => crate::service::people::get(cx, p.person_id)
            .await?
            .map(|p| p.name),
        _ => None,
    };
    Ok(ListPage {
        page: request.page(format!("{} – {}", s.title, network.name)),
        s,
        network: network.name.clone(),
        network_href: format!("/networks/{}", network.slug),
        open: network.suggestions_open,
        signed_in_as,
        action: request.keeping_lang(&format!("/networks/{}/suggestions", network.slug)),
        feed: format!("/networks/{}/suggestions/feed.atom", network.slug),
        csrf,
        form,
        suggestions: shown(cx, request.locale, network, list).await?,
    })
}

/// `GET /networks/{slug}/suggestions`.
pub(super) async fn page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
) -> Response {
    let cx = request.context(&state);
    let (network, request) = match network_of(&cx, request, &slug).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let Some(csrf) = Csrf::for_page(&headers, secure(&state)) else {
        tracing::error!("no CSRF token: the system has no randomness");
        return request.internal_error();
    };
    match list_page(&cx, &request, &network, csrf.token, Sent::default()).await {
        Ok(page) => {
            let mut response = render(&page);
            private_page(&mut response, csrf.set_cookie);
            response
        }
        Err(err) => request.failed(err),
    }
}

/// A service's field errors in the page's words, by form field.
fn form_errors(s: &SuggestionStrings, errors: &[FieldError]) -> Vec<(&'static str, &'static str)> {
    let mut shown = Vec::new();
    for e in errors {
        let joined = e.field.join(".");
        let field = joined.as_str();
        let (name, text) = match (field, e.code) {
            (_, ErrorCode::RateLimited) => ("title", s.err_rate_limited),
            ("networkId", _) => ("title", s.closed),
            ("title", ErrorCode::TooLong) | ("description", ErrorCode::TooLong) => (
                if field == "title" {
                    "title"
                } else {
                    "description"
                },
                s.err_too_long,
            ),
            ("title", _) => ("title", s.err_title),
            ("description", _) => ("description", s.err_description),
            ("guest.name", _) | ("guest", _) => ("name", s.err_name),
            ("guest.email", _) => ("email", s.err_email),
            _ => ("title", s.err_title),
        };
        if !shown.iter().any(|(f, _)| *f == name) {
            shown.push((name, text));
        }
    }
    shown
}

/// `POST /networks/{slug}/suggestions`.
pub(super) async fn send(
    State(state): State<AppState>,
    Path(slug): Path<String>,
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
    let cx = request.context(&state);
    let (network, request) = match network_of(&cx, request, &slug).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let s = suggestion_strings(request.locale);
    let guest = matches!(cx.viewer, Viewer::Anonymous | Viewer::System)
        .then(|| (form.text("name"), form.text("email")));
    let new = NewSuggestion {
        network: NetworkId(network.id),
        title: form.text("title"),
        description: form.text("description"),
        guest,
        // The page's language is the suggester's: their mails follow it.
        locale: Some(request.locale),
        client,
    };
    match suggestions::suggest(&cx, new).await {
        Ok(_) => {
            let mut response = render(&super::registration::AnswerPage {
                page: request.page(s.sent_title),
                heading: s.sent_title.to_owned(),
                lines: vec![s.sent_text.to_owned()],
                link: Some((
                    request.keeping_lang(&format!("/networks/{}/suggestions", network.slug)),
                    s.back,
                )),
            });
            private_page(&mut response, None);
            response
        }
        Err(service::Error::Invalid(errors)) => {
            let Some(csrf) = form.get(super::form::CSRF_FIELD).map(str::to_owned) else {
                return forbidden(&request);
            };
            let sent = Sent {
                title: form.text("title"),
                description: form.text("description"),
                name: form.text("name"),
                email: form.text("email"),
                errors: form_errors(s, &errors),
            };
            match list_page(&cx, &request, &network, csrf, sent).await {
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

/// `GET /suggestions/follow?token=…`.
pub(super) async fn follow(
    State(state): State<AppState>,
    Query(query): Query<TokenQuery>,
    headers: HeaderMap,
    request: PageRequest,
) -> Response {
    let s = suggestion_strings(request.locale);
    let cx = request.context(&state);
    let token = query.token.unwrap_or_default();
    let found = match suggestions::by_token(&cx, &token).await {
        Ok(Some(found)) => found,
        Ok(None) => {
            return request.message(StatusCode::NOT_FOUND, s.unusable_title, s.unusable_text);
        }
        Err(err) => return request.failed(err),
    };
    let network = match networks::get(&cx, NetworkId(found.network_id)).await {
        Ok(Some(network)) => network,
        Ok(None) => {
            return request.message(StatusCode::NOT_FOUND, s.unusable_title, s.unusable_text);
        }
        Err(err) => return request.failed(err),
    };
    // Without a language of its own, the page is in the suggester's.
    let request = request.in_network(&network, found.locale.as_deref());
    let s = suggestion_strings(request.locale);
    let Some(csrf) = Csrf::for_page(&headers, secure(&state)) else {
        tracing::error!("no CSRF token: the system has no randomness");
        return request.internal_error();
    };
    let published = found.published;
    let withdrawable = found.status != SuggestionStatus::Withdrawn;
    let shown = match shown(&cx, request.locale, &network, vec![found]).await {
        Ok(mut shown) => shown.remove(0),
        Err(err) => return request.failed(err),
    };
    let mut response = render(&FollowPage {
        page: request.page(s.follow_title),
        s,
        network: network.name.clone(),
        network_href: format!("/networks/{}/suggestions", network.slug),
        published,
        withdrawable,
        suggestion: shown,
        token,
        csrf: csrf.token,
        action: request.keeping_lang("/suggestions/withdraw"),
    });
    // A page about one person's suggestion, opened with its secret link.
    private_page(&mut response, csrf.set_cookie);
    response
}

/// `POST /suggestions/withdraw`.
pub(super) async fn withdraw(
    State(state): State<AppState>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let form = Form::parse(&body);
    if !csrf_ok(&headers, secure(&state), &form) {
        return forbidden(&request);
    }
    let s = suggestion_strings(request.locale);
    let cx = request.context(&state);
    match suggestions::withdraw(&cx, Withdrawer::Token(form.text("token"))).await {
        Ok(withdrawn) => {
            let network = networks::get(&cx, NetworkId(withdrawn.network_id))
                .await
                .ok()
                .flatten();
            let link = network.map(|n| (format!("/networks/{}/suggestions", n.slug), s.back));
            let mut response = render(&super::registration::AnswerPage {
                page: request.page(s.withdrawn_title),
                heading: s.withdrawn_title.to_owned(),
                lines: vec![s.withdrawn_text.to_owned()],
                link,
            });
            private_page(&mut response, None);
            response
        }
        Err(service::Error::NotFound(_)) => {
            request.message(StatusCode::NOT_FOUND, s.unusable_title, s.unusable_text)
        }
        Err(err) => request.failed(err),
    }
}

/// Escapes text for XML.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// `GET /networks/{slug}/suggestions/feed.atom`: an Atom feed (RFC 4287)
/// of the published suggestions, one entry each, updated at its latest
/// change, its content the state and the follow-ups.
pub(super) async fn feed(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    request: PageRequest,
) -> Response {
    let cx = request.context(&state);
    let (network, request) = match network_of(&cx, request, &slug).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let s = suggestion_strings(request.locale);
    let list = match suggestions::latest(
        &cx.acting_as(Viewer::Anonymous),
        NetworkId(network.id),
        SHOWN,
    )
    .await
    {
        Ok((list, _)) => list,
        Err(err) => return request.failed(err),
    };
    let base = state.config.public_url();
    let page = format!("{base}/networks/{}/suggestions", network.slug);
    let updated = list
        .iter()
        .map(|x| x.updated_at)
        .max()
        .unwrap_or(network.updated_at);
    let anonymous = cx.acting_as(Viewer::Anonymous);
    let shown_list = match shown(&anonymous, request.locale, &network, list.clone()).await {
        Ok(shown) => shown,
        Err(err) => return request.failed(err),
    };
    let mut body = String::new();
    body.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    body.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        request.locale.as_str()
    ));
    body.push_str(&format!(
        "<title>{}</title>\n<id>urn:uuid:{}</id>\n<updated>{}</updated>\n",
        xml(&format!("{} – {}", s.title, network.name)),
        network.id,
        updated.to_rfc3339()
    ));
    body.push_str(&format!(
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{}/feed.atom\"/>\n<author><name>{}</name></author>\n",
        xml(&page),
        xml(&page),
        xml(&network.name)
    ));
    for (model, shown) in list.iter().zip(shown_list) {
        let mut content = format!("{}: {}\n", s.status, shown.status);
        if let Some((_, meeting)) = &shown.event {
            content.push_str(&format!("{}: {meeting}\n", s.taken_up_at));
        }
        if let Some(to) = &shown.forwarded_to {
            content.push_str(&format!("{}: {to}\n", s.forwarded_to));
        }
        if let Some(group) = &shown.working_group {
            content.push_str(&format!("{}: {group}\n", s.working_group));
        }
        content.push('\n');
        content.push_str(&shown.description.join("\n\n"));
        for (when, status, follow_up) in &shown.history {
            content.push_str(&format!("\n\n{when} – {status}"));
            if let Some((text, _)) = follow_up {
                content.push_str(&format!(": {text}"));
            }
        }
        body.push_str(&format!(
            "<entry>\n<title>{} ({})</title>\n<id>urn:uuid:{}</id>\n<updated>{}</updated>\n<published>{}</published>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}#s-{}\"/>\n<content type=\"text\">{}</content>\n</entry>\n",
            xml(&model.title),
            xml(shown.status),
            model.id,
            model.updated_at.to_rfc3339(),
            model.created_at.to_rfc3339(),
            xml(&page),
            model.id,
            xml(&content)
        ));
    }
    body.push_str("</feed>\n");
    let mut response = body.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/atom+xml; charset=utf-8"),
    );
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    response
}
