//! Calendar feeds over HTTP (`text/calendar`), for calendar applications to
//! subscribe to:
//!
//! - `GET /calendar/networks/{slug}.ics` — a network's events; `?include=children`
//!   adds its sub-networks' (at any depth);
//! - `GET /calendar/series/{uuid}.ics` — a series' occurrences;
//! - `GET /calendar/events/{uuid}.ics` — one event;
//! - `GET /calendar/me/{token}.ics` — a person's own feed, behind the secret
//!   token of `rotateCalendarToken` (`Cache-Control: private`);
//! - `GET /calendar/me/{token}/series/{uuid}.ics` — a series' feed as that
//!   person sees it: a members-only series (a project network's gatherings)
//!   for its members, whom the public series feed answers 404 like everyone
//!   else (`Cache-Control: private`).
//!
//! Network and series feeds take a window: `?from=` and `?to=` (a date such as
//! `2026-09-01`, midnight UTC, or an RFC 3339 instant). Without `from` they
//! hold the events that ended at most `TRAFFPUNKT_FEED_PAST_DAYS` (90) days ago
//! and every upcoming one. These are public feeds: they show what a visitor
//! who is not signed in may see, and HTTP caches may share them.
//!
//! Every feed takes `?lang=sv|nb|en` (the personal one defaults to the
//! person's chosen language): the events'
//! titles, descriptions and accessibility notes in that language where the
//! organiser translated them (else each event's own), the feed's own words
//! in it, and `LANGUAGE` on `SUMMARY`/`DESCRIPTION` where the text is all in
//! one language; each language has its own ETag. Without it a feed is as it
//! always was: the events' own texts, the network's words.
//!
//! Polling is cheap: responses carry a strong `ETag` and `Last-Modified`; a
//! request whose `If-None-Match` (or, without it, `If-Modified-Since`) matches
//! is answered `304 Not Modified` from the feed's version alone, without
//! loading the events' details or building the body; `HEAD` does the same
//! work as a 304.

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use uuid::Uuid;

use super::encoding::{self, Coding};
use super::feed_cache::KnownVersion;
use crate::calendar::ics;
use crate::i18n::Locale;
use crate::ids::{EventId, PersonId, SeriesId};
use crate::service::calendar::{self, FeedKey, FeedSettings, FeedVersion, Window};
use crate::service::{self, Viewer};
use crate::state::AppState;

/// The feed routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/calendar/networks/{file}", get(network_feed))
        .route("/calendar/series/{file}", get(series_feed))
        .route("/calendar/events/{file}", get(event_feed))
        .route("/calendar/me/{file}", get(personal_feed))
        .route(
            "/calendar/me/{token}/series/{file}",
            get(personal_series_feed),
        )
}

/// How long a calendar client or browser may keep a personal feed without
/// asking again. Personal feeds are `private` (no shared cache keeps them,
/// the URL is a secret); `no-store` would keep clients from revalidating
/// cheaply with `If-None-Match`.
const PERSONAL_MAX_AGE_SECONDS: u32 = 300;

/// Who may cache a feed.
#[derive(Clone, Copy, Debug)]
enum Caching {
    /// Shared caches (a CDN) too: `public, max-age=…`.
    Public(u32),
    /// Only the client: `private, max-age=…`.
    Private(u32),
}

/// The query string of a feed.
#[derive(Debug, Default, Deserialize)]
struct FeedQuery {
    /// `children`: add the sub-networks' events (network feeds).
    include: Option<String>,
    /// Start of the window.
    from: Option<String>,
    /// End of the window.
    to: Option<String>,
    /// The language of the events' texts (`sv`, `nb`, `en`): translated
    /// where the organiser gave them, else each event's own.
    lang: Option<String>,
}

/// What a handler needs from the request besides the feed it names.
struct Request {
    method: Method,
    headers: HeaderMap,
    /// `?lang=`, when given.
    lang: Option<Locale>,
}

async fn network_feed(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    Path(file): Path<String>,
    query: Result<Query<FeedQuery>, QueryRejection>,
) -> Response {
    let Some(slug) = file.strip_suffix(".ics") else {
        return not_found();
    };
    let query = match query {
        Ok(Query(query)) => query,
        Err(rejection) => return bad_request(&rejection.body_text()),
    };
    let include_children = match query.include.as_deref().map(str::trim) {
        None | Some("") => false,
        Some("children") => true,
        Some(other) => {
            return bad_request(&format!(
                "include: unknown value {other:?}; the only value is \"children\""
            ));
        }
    };
    let window = match window(&query) {
        Ok(window) => window,
        Err(message) => return bad_request(&message),
    };
    let lang = match lang(&query) {
        Ok(lang) => lang,
        Err(message) => return bad_request(&message),
    };
    let key = FeedKey::Network {
        slug: slug.to_owned(),
        include_children,
    };
    let request = Request {
        method,
        headers,
        lang,
    };
    serve(&state, request, key, window).await
}

async fn series_feed(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    Path(file): Path<String>,
    query: Result<Query<FeedQuery>, QueryRejection>,
) -> Response {
    let Some(id) = uuid_file(&file) else {
        return not_found();
    };
    let query = match query {
        Ok(Query(query)) => query,
        Err(rejection) => return bad_request(&rejection.body_text()),
    };
    let window = match window(&query) {
        Ok(window) => window,
        Err(message) => return bad_request(&message),
    };
    let lang = match lang(&query) {
        Ok(lang) => lang,
        Err(message) => return bad_request(&message),
    };
    let key = FeedKey::Series(SeriesId(id));
    let request = Request {
        method,
        headers,
        lang,
    };
    serve(&state, request, key, window).await
}

async fn event_feed(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    Path(file): Path<String>,
    query: Result<Query<FeedQuery>, QueryRejection>,
) -> Response {
    let Some(id) = uuid_file(&file) else {
        return not_found();
    };
    let lang = match query
        .map_err(|r| r.body_text())
        .and_then(|Query(q)| lang(&q))
    {
        Ok(lang) => lang,
        Err(message) => return bad_request(&message),
    };
    let key = FeedKey::Event(EventId(id));
    let request = Request {
        method,
        headers,
        lang,
    };
    serve(&state, request, key, Window::default()).await
}

/// A person's own feed, behind the secret token in its URL. Unknown and
/// revoked tokens are 404, like unknown feeds.
async fn personal_feed(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    Path(file): Path<String>,
    query: Result<Query<FeedQuery>, QueryRejection>,
) -> Response {
    let Some(secret) = file.strip_suffix(".ics") else {
        return not_found();
    };
    let asked = match query
        .map_err(|rejection| rejection.body_text())
        .and_then(|Query(q)| lang(&q))
    {
        Ok(lang) => lang,
        Err(message) => return bad_request(&message),
    };
    let lookup = state.service_context(Viewer::Anonymous);
    let token = match service::feed_tokens::resolve(&lookup, secret).await {
        Ok(Some(token)) => token,
        Ok(None) => return not_found(),
        Err(err) => return error_response(err),
    };
    // `?lang=`, else the language the person chose for what Träffpunkt
    // tells them, else each event's own.
    let lang = match asked {
        Some(lang) => Some(lang),
        None => match service::people::get(&lookup, PersonId(token.person_id)).await {
            Ok(person) => person
                .and_then(|p| p.locale)
                .and_then(|tag| Locale::parse(&tag)),
            Err(err) => return error_response(err),
        },
    };
    // The person's own context: every visibility rule applies as if they
    // were signed in (read-only).
    let cx = state.service_context(service::feed_tokens::viewer_of(&token));
    let key = FeedKey::Person {
        person: PersonId(token.person_id),
        include_followed_networks: token.include_followed_networks,
    };
    let caching = Caching::Private(PERSONAL_MAX_AGE_SECONDS);
    let request = Request {
        method,
        headers,
        lang,
    };
    respond(&cx, &state, request, key, Window::default(), caching).await
}

/// A series' feed as the holder of a personal feed token sees it: the
/// series' events that person may see (a members-only series for its
/// members), in the window of the query. Unknown or revoked tokens and
/// series the person may not see are 404.
async fn personal_series_feed(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    Path((secret, file)): Path<(String, String)>,
    query: Result<Query<FeedQuery>, QueryRejection>,
) -> Response {
    let Some(id) = uuid_file(&file) else {
        return not_found();
    };
    let query = match query {
        Ok(Query(query)) => query,
        Err(rejection) => return bad_request(&rejection.body_text()),
    };
    let window = match window(&query) {
        Ok(window) => window,
        Err(message) => return bad_request(&message),
    };
    let lang = match lang(&query) {
        Ok(lang) => lang,
        Err(message) => return bad_request(&message),
    };
    let lookup = state.service_context(Viewer::Anonymous);
    let token = match service::feed_tokens::resolve(&lookup, &secret).await {
        Ok(Some(token)) => token,
        Ok(None) => return not_found(),
        Err(err) => return error_response(err),
    };
    let cx = state.service_context(service::feed_tokens::viewer_of(&token));
    let caching = Caching::Private(PERSONAL_MAX_AGE_SECONDS);
    respond(
        &cx,
        &state,
        Request {
            method,
            headers,
            lang,
        },
        FeedKey::Series(SeriesId(id)),
        window,
        caching,
    )
    .await
}

/// The language of `?lang=` (none when absent or blank), or why it is
/// refused.
fn lang(query: &FeedQuery) -> Result<Option<Locale>, String> {
    match query.lang.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(tag) => Locale::parse(tag)
            .map(Some)
            .ok_or_else(|| format!("lang: unknown language {tag:?}; one of sv, nb, en")),
    }
}

/// The uuid of a `{uuid}.ics` path segment.
fn uuid_file(file: &str) -> Option<Uuid> {
    Uuid::parse_str(file.strip_suffix(".ics")?).ok()
}

/// The window of the query string, or why it is refused.
fn window(query: &FeedQuery) -> Result<Window, String> {
    let from = instant("from", query.from.as_deref())?;
    let to = instant("to", query.to.as_deref())?;
    Window::new(from, to).map_err(|err| match err {
        service::Error::Invalid(errors) => invalid_message(&errors),
        other => other.to_string(),
    })
}

/// A date (`2026-09-01`, midnight UTC) or an RFC 3339 instant.
fn instant(name: &str, value: Option<&str>) -> Result<Option<DateTime<Utc>>, String> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if let Ok(at) = DateTime::parse_from_rfc3339(value) {
        return Ok(Some(at.with_timezone(&Utc)));
    }
    if let Some(midnight) = NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .ok()
        .and_then(|date| date.and_hms_opt(0, 0, 0))
    {
        return Ok(Some(midnight.and_utc()));
    }
    Err(format!(
        "{name}: {value:?} is neither a date such as 2026-09-01 nor an RFC 3339 instant \
         such as 2026-09-01T08:00:00Z"
    ))
}

/// Answers a feed request: 304 when the client's copy is current, the
/// validators alone for HEAD, the body otherwise.
async fn serve(state: &AppState, request: Request, key: FeedKey, window: Window) -> Response {
    // Public feeds show what a visitor who is not signed in may see, whoever
    // asks: they are shared by HTTP caches.
    let cx = state.service_context(Viewer::Anonymous);
    let caching = Caching::Public(state.config.feeds.max_age_seconds);
    respond(&cx, state, request, key, window, caching).await
}

/// Answers a feed request for the viewer of `cx`.
async fn respond(
    cx: &service::Context,
    state: &AppState,
    request: Request,
    key: FeedKey,
    window: Window,
    caching: Caching,
) -> Response {
    let settings = FeedSettings {
        lang: request.lang,
        ..FeedSettings::from_config(&state.config)
    };
    let coding = Coding::negotiate(&request.headers);
    // Public feeds are shared: a body rendered for this exact ETag is
    // byte-equal to what a render would give now (see `feed_cache`); so is
    // a body compressed from it, kept beside it. And while no write has
    // committed since, their version is the one computed last time.
    let shared = matches!(caching, Caching::Public(_));
    let memo = match shared {
        true => state
            .read_cache
            .version()
            .await
            .map(|public| (public, format!("{key:?} {window:?} {:?}", settings.lang))),
        false => None,
    };
    let known = memo
        .as_ref()
        .and_then(|memo| state.feed_versions.get(memo))
        .filter(|known| state.read_cache.is_young(known.at));
    if let Some(known) = &known {
        let (version, file_name) = (&known.version, known.file_name.as_str());
        if is_fresh(&request.headers, version) {
            return not_modified(version, caching, coding);
        }
        if request.method != Method::HEAD
            && let Some(body) = state
                .feed_cache
                .get(&cache_key(file_name, &version.etag, coding))
        {
            return ok(Body::from(body), version, caching, coding, file_name);
        }
    }
    let known = known.map(|known| known.version);
    let feed = match calendar::prepare(cx, &settings, &key, window, known).await {
        Ok(feed) => feed,
        Err(err) => return error_response(err),
    };
    if let Some(memo) = memo {
        state.feed_versions.put(
            memo,
            KnownVersion {
                file_name: feed.file_name.clone(),
                version: feed.version.clone(),
                at: state.clock.now(),
            },
        );
    }
    if is_fresh(&request.headers, &feed.version) {
        return not_modified(&feed.version, caching, coding);
    }
    let key_of = |etag: &str, coding: Coding| cache_key(&feed.file_name, etag, coding);
    let (body, version, coding) = if request.method == Method::HEAD {
        // A body of unknown length: an empty one would make the server send
        // `Content-Length: 0`, which is not the length of the feed.
        let unknown = futures::stream::empty::<Result<String, std::convert::Infallible>>();
        (Body::from_stream(unknown), feed.version.clone(), coding)
    } else if let Some(cached) = shared
        .then(|| state.feed_cache.get(&key_of(&feed.version.etag, coding)))
        .flatten()
    {
        (Body::from(cached), feed.version.clone(), coding)
    } else {
        let cached = shared
            .then(|| {
                state
                    .feed_cache
                    .get(&key_of(&feed.version.etag, Coding::Identity))
            })
            .flatten();
        let (plain, version) = match cached {
            Some(plain) => (plain, feed.version.clone()),
            None => match calendar::render(cx, &settings, &feed).await {
                Ok(rendered) => {
                    let body = Bytes::from(rendered.body);
                    if shared {
                        let key = key_of(&rendered.version.etag, Coding::Identity);
                        state.feed_cache.put(key, body.clone());
                    }
                    (body, rendered.version)
                }
                Err(err) => return error_response(err),
            },
        };
        match compressed(plain, coding).await {
            (body, Coding::Identity) => (Body::from(body), version, Coding::Identity),
            (body, coding) => {
                if shared {
                    state
                        .feed_cache
                        .put(key_of(&version.etag, coding), body.clone());
                }
                (Body::from(body), version, coding)
            }
        }
    };
    ok(body, &version, caching, coding, &feed.file_name)
}

/// The render cache's key of a feed's body in `coding`.
fn cache_key(file_name: &str, etag: &str, coding: Coding) -> String {
    format!(
        "{file_name} {etag} {}",
        coding.token().unwrap_or("identity")
    )
}

/// `304 Not Modified` with the feed's validators.
fn not_modified(version: &FeedVersion, caching: Caching, coding: Coding) -> Response {
    let mut response = StatusCode::NOT_MODIFIED.into_response();
    validators(response.headers_mut(), version, caching, coding);
    response
}

/// `200` with the feed's body (in `coding`) and its headers.
fn ok(
    body: Body,
    version: &FeedVersion,
    caching: Caching,
    coding: Coding,
    file_name: &str,
) -> Response {
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    validators(headers, version, caching, coding);
    if let Some(token) = coding.token() {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(token));
    }
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(ics::CONTENT_TYPE),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("inline; filename=\"{file_name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// `body` in `coding`, compressed off the request threads (every body,
/// so that a HEAD says the coding its GET has); as it is, and said so, when
/// compressing fails.
async fn compressed(body: Bytes, coding: Coding) -> (Bytes, Coding) {
    if coding == Coding::Identity {
        return (body, Coding::Identity);
    }
    let plain = body.clone();
    match tokio::task::spawn_blocking(move || coding.compress(&plain)).await {
        Ok(Ok(out)) => (Bytes::from(out), coding),
        failed => {
            tracing::warn!(?coding, ok = failed.is_ok(), "feed not compressed");
            (body, Coding::Identity)
        }
    }
}

/// `ETag` (of the body in `coding`), `Last-Modified`, `Cache-Control` and
/// `Vary: Accept-Encoding`: on 200, HEAD and 304 alike.
fn validators(headers: &mut HeaderMap, version: &FeedVersion, caching: Caching, coding: Coding) {
    if let Ok(etag) = HeaderValue::from_str(&coding.etag(&version.etag)) {
        headers.insert(header::ETAG, etag);
    }
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    let last_modified = httpdate::fmt_http_date(version.last_modified.into());
    if let Ok(value) = HeaderValue::from_str(&last_modified) {
        headers.insert(header::LAST_MODIFIED, value);
    }
    let cache_control = match caching {
        Caching::Public(max_age) => format!("public, max-age={max_age}"),
        Caching::Private(max_age) => format!("private, max-age={max_age}"),
    };
    if let Ok(value) = HeaderValue::from_str(&cache_control) {
        headers.insert(header::CACHE_CONTROL, value);
    }
}

/// Whether the client's copy is current (RFC 9110 §13.2.2): `If-None-Match`
/// decides when present (weak comparison, `*` matches); otherwise
/// `If-Modified-Since`, at the one-second precision of HTTP dates.
fn is_fresh(headers: &HeaderMap, version: &FeedVersion) -> bool {
    let mut tags = headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .filter(|tag| !tag.is_empty())
        .peekable();
    if tags.peek().is_some() {
        return tags.any(|tag| {
            tag == "*"
                || encoding::version_tag(tag.strip_prefix("W/").unwrap_or(tag)) == version.etag
        });
    }
    let since = headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| httpdate::parse_http_date(value.trim()).ok())
        .map(DateTime::<Utc>::from);
    since.is_some_and(|since| version.last_modified.timestamp() <= since.timestamp())
}

/// A plain-text response.
fn text(status: StatusCode, message: &str) -> Response {
    let mut response = (status, format!("{message}\n")).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// One line per refused field: `field: message`.
fn invalid_message(errors: &[service::FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}: {}", e.field.join("."), e.message))
        .collect::<Vec<_>>()
        .join("\n")
}

fn not_found() -> Response {
    text(StatusCode::NOT_FOUND, "No such calendar.")
}

fn bad_request(message: &str) -> Response {
    text(StatusCode::BAD_REQUEST, message)
}

/// The response to a failed service call; database details are logged only.
fn error_response(err: service::Error) -> Response {
    match err {
        service::Error::NotFound(_) => not_found(),
        service::Error::Invalid(errors) => bad_request(&invalid_message(&errors)),
        service::Error::Unauthenticated => text(StatusCode::UNAUTHORIZED, "Sign in first."),
        service::Error::Forbidden => text(StatusCode::FORBIDDEN, "Forbidden."),
        service::Error::Unavailable(err) => {
            tracing::warn!(error = %err, "calendar feed: database unavailable");
            crate::http::unavailable()
        }
        service::Error::Database(err) => {
            tracing::error!(error = %err, "calendar feed failed");
            text(StatusCode::INTERNAL_SERVER_ERROR, "Internal server error.")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn version() -> FeedVersion {
        FeedVersion {
            etag: "\"abc\"".to_owned(),
            last_modified: Utc
                .with_ymd_and_hms(2026, 9, 1, 8, 0, 0)
                .single()
                .unwrap_or_default(),
        }
    }

    fn headers(pairs: &[(header::HeaderName, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(name.clone(), HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn if_none_match_compares_weakly_and_accepts_lists_and_star() {
        let v = version();
        assert!(is_fresh(
            &headers(&[(header::IF_NONE_MATCH, "\"abc\"")]),
            &v
        ));
        assert!(is_fresh(
            &headers(&[(header::IF_NONE_MATCH, "W/\"abc\"")]),
            &v
        ));
        assert!(is_fresh(
            &headers(&[(header::IF_NONE_MATCH, "\"x\", \"abc\"")]),
            &v
        ));
        assert!(is_fresh(&headers(&[(header::IF_NONE_MATCH, "*")]), &v));
        assert!(!is_fresh(
            &headers(&[(header::IF_NONE_MATCH, "\"abd\"")]),
            &v
        ));
        assert!(!is_fresh(&headers(&[(header::IF_NONE_MATCH, "abc")]), &v));
    }

    #[test]
    fn if_none_match_wins_over_if_modified_since() {
        let v = version();
        let both = headers(&[
            (header::IF_NONE_MATCH, "\"old\""),
            (header::IF_MODIFIED_SINCE, "Tue, 01 Sep 2026 08:00:00 GMT"),
        ]);
        assert!(!is_fresh(&both, &v));
    }

    #[test]
    fn if_modified_since_compares_seconds() {
        let v = version();
        let at = |date: &'static str| headers(&[(header::IF_MODIFIED_SINCE, date)]);
        assert!(is_fresh(&at("Tue, 01 Sep 2026 08:00:00 GMT"), &v));
        assert!(is_fresh(&at("Tue, 01 Sep 2026 09:00:00 GMT"), &v));
        assert!(!is_fresh(&at("Tue, 01 Sep 2026 07:59:59 GMT"), &v));
        assert!(!is_fresh(&at("yesterday"), &v));
        assert!(!is_fresh(&HeaderMap::new(), &v));
    }

    #[test]
    fn instants_are_dates_or_rfc3339() {
        assert_eq!(instant("from", None).ok(), Some(None));
        assert_eq!(instant("from", Some(" ")).ok(), Some(None));
        assert_eq!(
            instant("from", Some("2023-09-01")).ok().flatten(),
            Utc.with_ymd_and_hms(2023, 9, 1, 0, 0, 0).single()
        );
        assert_eq!(
            instant("from", Some("2023-09-01T10:00:00+02:00"))
                .ok()
                .flatten(),
            Utc.with_ymd_and_hms(2023, 9, 1, 8, 0, 0).single()
        );
        let refused = instant("from", Some("1 september")).err();
        assert!(refused.is_some_and(|message| message.starts_with("from: \"1 september\"")));
    }
}
