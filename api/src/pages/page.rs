//! What every page is made of: the page request (language, viewer from the
//! session cookie), the layout, rendering, the stylesheet, and the answers
//! and headers pages share. Handlers import it; it imports no handler.

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::form::read_cookie;
use crate::i18n::Locale;
use crate::i18n::negotiate;
use crate::i18n::pages::{self as i18n, Strings};
use crate::service::auth;
use crate::service::{self, SignedIn, Viewer};
use crate::state::AppState;

/// The stylesheet, compiled in.
const CSS: &str = include_str!("../../assets/pages.css");

/// Where the stylesheet is served. The path carries a version so that it
/// may be cached for a year: change the number when the CSS changes.
pub const CSS_PATH: &str = "/assets/pages-9.css";

pub(super) async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        CSS,
    )
        .into_response()
}

/// The page request: its language, where it was asked for (for the
/// language switch) and who asks (the session cookie).
///
/// The language is `?lang=` when it names one we write, else the signed-in
/// person's own choice, else the first of `Accept-Language` we write, else —
/// on a page that belongs to a network ([`PageRequest::in_network`]) — the
/// network's language, else Swedish.
#[derive(Debug, Clone)]
pub struct PageRequest {
    /// The language the page is written in.
    pub locale: Locale,
    /// Whether the request chose the language (`?lang=`, the person's
    /// choice or `Accept-Language`) rather than falling back to a default.
    pub(super) chosen: bool,
    /// Whether `?lang=` chose it (which wins over the person's choice).
    pub(super) from_query: bool,
    /// The language the network's and its events' own texts are written in
    /// (names, descriptions, agenda), when the page shows them.
    pub(super) content: Option<Locale>,
    /// Who asks: the session cookie's person, else anonymous.
    pub viewer: Viewer,
    /// The request's path.
    pub(super) path: String,
    /// The query without `lang`, `&`-joined, for the language links.
    pub(super) other_query: Vec<String>,
}

impl FromRequestParts<AppState> for PageRequest {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let mut request = Self::of(
            parts.uri.path(),
            parts.uri.query().unwrap_or_default(),
            &parts.headers,
        );
        match viewer(state, &parts.headers).await {
            Ok(viewer) => request.viewer = viewer,
            Err(err) => return Err(request.failed(err)),
        }
        if let Viewer::Person(SignedIn {
            locale: Some(own), ..
        }) = &request.viewer
            && !request.from_query
        {
            request.locale = *own;
            request.chosen = true;
        }
        Ok(request)
    }
}

impl PageRequest {
    pub(super) fn of(path: &str, query: &str, headers: &HeaderMap) -> Self {
        let mut lang = None;
        let mut other_query = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            match pair.split_once('=') {
                Some(("lang", value)) => lang = Some(value.to_owned()),
                _ => other_query.push(pair.to_owned()),
            }
        }
        let accept = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok());
        let from_query = lang.as_deref().and_then(Locale::parse).is_some();
        let chosen = from_query || crate::i18n::accept_language(accept).is_some();
        Self {
            locale: negotiate(lang.as_deref(), accept),
            chosen,
            from_query,
            content: None,
            viewer: Viewer::Anonymous,
            path: path.to_owned(),
            other_query,
        }
    }

    /// The request on a page of `network`: without a language of its own
    /// it takes `preferred` (e.g. the language a registration was made in)
    /// if we write it, else the network's; the network's and its events'
    /// texts are marked with the network's language where it differs.
    pub fn in_network(
        mut self,
        network: &entities::network::Model,
        preferred: Option<&str>,
    ) -> Self {
        let written = Locale::parse(&network.default_locale).unwrap_or_default();
        if !self.chosen {
            self.locale = preferred.and_then(Locale::parse).unwrap_or(written);
        }
        self.content = Some(written);
        self
    }

    /// The request for a page of an event whose own texts are written in
    /// `own` (its `locale`): they are marked with it where the page is in
    /// another language.
    pub fn written_in(mut self, own: Locale) -> Self {
        self.content = Some(own);
        self
    }

    /// The request, in `preferred` (e.g. the language a registration was
    /// made in) when it has no language of its own and we write that one.
    pub fn preferring(mut self, preferred: Option<&str>) -> Self {
        if let Some(locale) = preferred.and_then(Locale::parse).filter(|_| !self.chosen) {
            self.locale = locale;
        }
        self
    }

    /// The language the visitor chose (`?lang=` or `Accept-Language`), not
    /// a default: what a registration or a sign-in link made here keeps.
    pub fn chosen_locale(&self) -> Option<Locale> {
        self.chosen.then_some(self.locale)
    }

    /// `path` with the page's language, for a form's `action` or a
    /// redirect: the answer comes back in the language the form was in.
    pub fn keeping_lang(&self, path: &str) -> String {
        let sep = if path.contains('?') { '&' } else { '?' };
        format!("{path}{sep}lang={}", self.locale.as_str())
    }

    /// The `lang` attribute (with its leading space) for an element holding
    /// the network's or an event's own text, when that is written in another
    /// language than the page; empty otherwise.
    pub fn content_lang(&self) -> String {
        match self.content {
            Some(content) if content != self.locale => format!(" lang=\"{}\"", content.as_str()),
            _ => String::new(),
        }
    }

    /// The same request with the language switch pointing at `path`: the
    /// answer to a POST links to a page one can GET.
    pub fn switching_to(&self, path: String) -> Self {
        Self {
            locale: self.locale,
            chosen: self.chosen,
            from_query: self.from_query,
            content: self.content,
            viewer: self.viewer.clone(),
            path,
            other_query: Vec::new(),
        }
    }

    /// The words of the page's language.
    pub fn t(&self) -> &'static Strings {
        i18n::strings(self.locale)
    }

    /// The layout's data for a page titled `title`.
    pub fn page(&self, title: impl Into<String>) -> Layout {
        let languages = Locale::ALL
            .into_iter()
            .map(|locale| {
                let mut query = self.other_query.clone();
                query.push(format!("lang={}", locale.as_str()));
                LanguageLink {
                    code: locale.as_str(),
                    name: locale.name(),
                    href: format!("{}?{}", self.path, query.join("&")),
                    current: locale == self.locale,
                }
            })
            .collect();
        Layout {
            lang: self.locale.as_str(),
            content_lang: self.content_lang(),
            title: title.into(),
            t: self.t(),
            css: CSS_PATH,
            languages,
            signed_in: matches!(self.viewer, Viewer::Person(_)),
            organise: crate::i18n::console::console_strings(self.locale).console,
        }
    }

    /// A service context for the viewer of the page.
    pub fn context(&self, state: &AppState) -> service::Context {
        state.service_context(self.viewer.clone())
    }

    /// The 404 page.
    pub fn not_found(&self) -> Response {
        let t = self.t();
        self.message(StatusCode::NOT_FOUND, t.not_found_title, t.not_found_text)
    }

    /// The page for a failed service call: "not found" for what the viewer
    /// may not see, a 503 with `Retry-After` when the database could not be
    /// reached, a logged 500 for the rest (details never shown).
    pub fn failed(&self, err: service::Error) -> Response {
        match err {
            service::Error::NotFound(_)
            | service::Error::Forbidden
            | service::Error::Unauthenticated => self.not_found(),
            service::Error::Unavailable(err) => {
                tracing::warn!(error = %err, "a page found the database unavailable");
                self.unavailable()
            }
            other => {
                tracing::error!(error = %other, "a page failed");
                self.internal_error()
            }
        }
    }

    /// The 503 page with `Retry-After`: the database could not be reached,
    /// nothing was stored, trying again is safe.
    pub fn unavailable(&self) -> Response {
        let t = self.t();
        let mut response = self.message(
            StatusCode::SERVICE_UNAVAILABLE,
            t.unavailable_title,
            t.unavailable_text,
        );
        let (name, value) = crate::http::retry_after();
        response.headers_mut().insert(name, value);
        response
    }

    /// The 500 page (the cause is logged by the caller).
    pub fn internal_error(&self) -> Response {
        let t = self.t();
        self.message(
            StatusCode::INTERNAL_SERVER_ERROR,
            t.error_title,
            t.error_text,
        )
    }

    /// A page with a heading and a sentence.
    pub fn message(&self, status: StatusCode, heading: &str, text: &str) -> Response {
        let page = MessagePage {
            page: self.page(heading),
            heading: heading.to_owned(),
            text: text.to_owned(),
        };
        let mut response = render(&page);
        *response.status_mut() = status;
        response
    }
}

/// What the layout shows around every page.
#[derive(Debug)]
pub struct Layout {
    /// The `lang` of `<html>`: the page's language.
    pub lang: &'static str,
    /// ` lang="…"` for elements with the network's or an event's own text
    /// when it is in another language than the page (else empty); made of
    /// a language tag only, so written unescaped.
    pub content_lang: String,
    /// The `<title>` (before the site's name).
    pub title: String,
    /// The words.
    pub t: &'static Strings,
    /// The stylesheet's path.
    pub css: &'static str,
    /// The language switch.
    pub languages: Vec<LanguageLink>,
    /// Whether the viewer is signed in (the header links to "my
    /// registrations" and the organiser console).
    pub signed_in: bool,
    /// The organiser console's name, for the header link.
    pub organise: &'static str,
}

/// One entry of the language switch.
#[derive(Debug)]
pub struct LanguageLink {
    /// The language tag.
    pub code: &'static str,
    /// The language's name in itself.
    pub name: &'static str,
    /// This page in that language.
    pub href: String,
    /// The page's language.
    pub current: bool,
}

#[derive(Template)]
#[template(path = "pages/message.html")]
struct MessagePage {
    page: Layout,
    heading: String,
    text: String,
}

/// Renders a template as an HTML response that caches revalidate (pages
/// may show seats that change) and keep apart per cookie (a signed-in
/// viewer's page differs from an anonymous one's).
pub fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => (
            [
                (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
                (header::VARY, HeaderValue::from_static("Cookie")),
            ],
            Html(html),
        )
            .into_response(),
        Err(err) => {
            tracing::error!(error = %err, "a page template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

/// The session cookie's name (`__Host-` needs `Secure`, so only over https).
pub(super) fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-tp_session"
    } else {
        "tp_session"
    }
}

/// The viewer of the request's session cookie: anonymous without one or
/// when it names no live session (a stale cookie is not an error on a page).
pub async fn viewer(state: &AppState, headers: &HeaderMap) -> service::Result<Viewer> {
    let Some(token) = read_cookie(headers, cookie_name(secure(state))) else {
        return Ok(Viewer::Anonymous);
    };
    if !token.starts_with("tps_") {
        return Ok(Viewer::Anonymous);
    }
    match auth::authenticate(&state.db, &state.clock, &state.auth, &token).await {
        Ok(viewer) => Ok(viewer),
        Err(err) => match service::Error::from(err) {
            service::Error::Unauthenticated => Ok(Viewer::Anonymous),
            other => Err(other),
        },
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

#[derive(Deserialize)]
pub(super) struct TokenQuery {
    pub(super) token: Option<String>,
}

/// The titles of `events` as a page in `page` shows them: translated
/// where the organiser translated them, else their own, each with the
/// ` lang="…"` that marks a title in another language than the page's
/// (empty otherwise); by event id. One query for all.
pub(super) async fn titles<'a>(
    cx: &crate::service::Context,
    events: impl IntoIterator<Item = &'a entities::event::Model>,
    page: Locale,
) -> crate::service::Result<std::collections::HashMap<uuid::Uuid, (String, String)>> {
    let events: Vec<&entities::event::Model> = events.into_iter().collect();
    let ids = events.iter().map(|e| e.id).collect::<Vec<_>>();
    let rows = if ids.is_empty() {
        Vec::new()
    } else {
        crate::service::translations::rows_of_events(&cx.db, ids).await?
    };
    let mut by_event: std::collections::HashMap<uuid::Uuid, Vec<_>> = Default::default();
    for row in rows {
        by_event.entry(row.event_id).or_default().push(row);
    }
    let wanted = crate::service::translations::Wanted {
        explicit: Some(page),
        ..crate::service::translations::Wanted::default()
    };
    Ok(events
        .into_iter()
        .map(|event| {
            let translated = crate::service::translations::EventTranslations::of(
                by_event.get(&event.id).map_or(&[][..], Vec::as_slice),
            );
            let own = crate::service::translations::own_locale(event);
            let (lang, title) = crate::service::translations::read(
                &translated,
                crate::service::translations::EventText::Title,
                &event.title,
                own,
                wanted,
            );
            (event.id, (title.to_owned(), lang_attribute(lang, page)))
        })
        .collect())
}

/// ` lang="…"` for a text in `text` on a page in `page`; empty when they
/// are the same.
pub(super) fn lang_attribute(text: Locale, page: Locale) -> String {
    if text == page {
        String::new()
    } else {
        format!(" lang=\"{}\"", text.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(query: &str, accept: Option<&str>) -> PageRequest {
        let mut headers = HeaderMap::new();
        if let Some(accept) = accept {
            headers.insert(
                header::ACCEPT_LANGUAGE,
                HeaderValue::from_str(accept).expect("header"),
            );
        }
        PageRequest::of("/events/x", query, &headers)
    }

    fn network(locale: &str) -> entities::network::Model {
        entities::network::Model {
            id: uuid::Uuid::nil(),
            slug: "n".into(),
            name: "N".into(),
            description: String::new(),
            parent_id: None,
            owner_organisation_id: None,
            visibility: entities::NetworkVisibility::Open,
            time_zone: "Europe/Oslo".into(),
            default_locale: locale.into(),
            focus_areas: serde_json::json!([]),
            suggestions_open: false,
            created_at: chrono::DateTime::UNIX_EPOCH,
            updated_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn query_before_header_before_preference_before_network() {
        let nb = network("nb");
        let locale = |r: PageRequest, preferred| r.in_network(&nb, preferred).locale;
        assert_eq!(
            locale(request("lang=en", Some("sv")), Some("sv")),
            Locale::En
        );
        assert_eq!(locale(request("", Some("sv-SE")), Some("en")), Locale::Sv);
        assert_eq!(locale(request("", None), Some("en")), Locale::En);
        assert_eq!(locale(request("", None), None), Locale::Nb);
        assert_eq!(locale(request("lang=xx", Some("fi")), None), Locale::Nb);
        let unknown = network("de");
        assert_eq!(
            request("", None).in_network(&unknown, None).locale,
            Locale::Sv
        );
    }

    #[test]
    fn the_networks_texts_are_marked_only_in_another_language() {
        let nb = network("nb");
        assert_eq!(
            request("lang=en", None)
                .in_network(&nb, None)
                .content_lang(),
            " lang=\"nb\""
        );
        assert_eq!(request("", None).in_network(&nb, None).content_lang(), "");
        assert_eq!(request("lang=en", None).content_lang(), "");
    }

    #[test]
    fn forms_keep_the_language() {
        let r = request("lang=nb", None);
        assert_eq!(
            r.keeping_lang("/events/1/register"),
            "/events/1/register?lang=nb"
        );
        assert_eq!(r.keeping_lang("/me?done=x"), "/me?done=x&lang=nb");
        assert_eq!(r.chosen_locale(), Some(Locale::Nb));
        assert_eq!(request("", None).chosen_locale(), None);
    }
}
