//! Signing in on the pages: the landing page of the mailed link, the session
//! cookie, asking for a new link and signing out.
//!
//! - `GET /sign-in?token=tpl_…`: a page with a "Sign in" button. GET never
//!   uses the token (mail scanners follow links); an unusable token gets a
//!   410 page with the form for a new link. Without a token: that form.
//! - `POST /sign-in`: redeems the token (`service::auth::sign_in`, as the
//!   GraphQL `signIn` mutation), sets the session cookie and sends the
//!   browser on (303) to the console when the person organises a network,
//!   else to "my registrations".
//! - `POST /sign-in/request`: mails a new link (`service::auth::send_sign_in_link`,
//!   with its limits per address and client); the answer is the same for
//!   known and unknown addresses.
//! - `POST /sign-out`: ends the session and clears the cookie.
//!
//! The session cookie carries the same `tps_` session token GraphQL takes as
//! a bearer token, and is read into the same `Viewer`. It is `HttpOnly`,
//! `SameSite=Lax` (a link from a mail to a page arrives signed in), `Path=/`,
//! lives as long as a session, and over https is `Secure` with the `__Host-`
//! prefix. Every POST that acts for the cookie's person also carries the
//! CSRF token (`form.rs`).

use askama::Template;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

use super::form::{CSRF_FIELD, Csrf, Form, csrf_ok, read_cookie};
use super::page::{
    Layout, PageRequest, TokenQuery, cookie_name, forbidden, private_page, render, secure,
};
use crate::service::auth;
use crate::service::{self, ErrorCode, Viewer};
use crate::state::AppState;

/// The `Set-Cookie` of a session (`max_age` seconds; 0 removes it).
fn cookie_header(secure: bool, token: &str, max_age: i64) -> Option<HeaderValue> {
    let flags = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{flags}",
        cookie_name(secure)
    ))
    .ok()
}

/// The `Set-Cookie` of a new session.
fn session_cookie(state: &AppState, token: &str) -> Option<HeaderValue> {
    cookie_header(secure(state), token, state.auth.session_ttl.num_seconds())
}

/// The request's session cookie again with a full lifetime: the session
/// itself is extended on use, and the cookie follows on the pages a
/// signed-in person comes back to ("my registrations").
pub(super) fn refreshed_cookie(state: &AppState, headers: &HeaderMap) -> Option<HeaderValue> {
    let token = read_cookie(headers, cookie_name(secure(state)))?;
    session_cookie(state, &token)
}

/// The `Set-Cookie` that removes the session cookie.
fn cleared_cookie(state: &AppState) -> HeaderValue {
    cookie_header(secure(state), "", 0)
        .unwrap_or_else(|| HeaderValue::from_static("tp_session=; Path=/; Max-Age=0"))
}

/// A 303 to `to`.
fn see_other(to: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(location) = HeaderValue::from_str(to) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

#[derive(Template)]
#[template(path = "pages/sign_in.html")]
struct SignInPage {
    page: Layout,
    heading: String,
    intro: Option<String>,
    /// The token to redeem (the "Sign in" button), if usable.
    token: Option<String>,
    /// The form for a new link.
    request_form: bool,
    email: String,
    email_error: Option<String>,
    /// After asking for a link: the neutral answer.
    sent: bool,
    csrf: String,
    lang: &'static str,
}

impl SignInPage {
    fn new(request: &PageRequest, heading: &str, csrf: String) -> Self {
        Self {
            page: request.page(heading),
            heading: heading.to_owned(),
            intro: None,
            token: None,
            request_form: false,
            email: String::new(),
            email_error: None,
            sent: false,
            csrf,
            lang: request.locale.as_str(),
        }
    }
}

/// Renders a sign-in page with `status`, setting the CSRF cookie if new.
fn respond(page: &SignInPage, status: StatusCode, set_cookie: Option<HeaderValue>) -> Response {
    let mut response = render(page);
    *response.status_mut() = status;
    private_page(&mut response, set_cookie);
    response
}

/// The CSRF token of a page; `None` (logged) when there is no randomness.
fn csrf_for(state: &AppState, headers: &HeaderMap) -> Option<Csrf> {
    let csrf = Csrf::for_page(headers, secure(state));
    if csrf.is_none() {
        tracing::error!("no CSRF token: the system has no randomness");
    }
    csrf
}

/// The page for a token that does not sign in: why, and a new link.
fn unusable(request: &PageRequest, csrf: String, set_cookie: Option<HeaderValue>) -> Response {
    let t = request.t();
    let mut page = SignInPage::new(request, t.sign_in_expired_title, csrf);
    page.intro = Some(t.sign_in_expired_text.to_owned());
    page.request_form = true;
    respond(&page, StatusCode::GONE, set_cookie)
}

/// `GET /sign-in`.
pub(super) async fn landing(
    State(state): State<AppState>,
    Query(query): Query<TokenQuery>,
    headers: HeaderMap,
    request: PageRequest,
) -> Response {
    let t = request.t();
    let Some(csrf) = csrf_for(&state, &headers) else {
        return request.internal_error();
    };
    let Some(token) = query
        .token
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
    else {
        let mut page = SignInPage::new(&request, t.sign_in_title, csrf.token);
        page.intro = Some(t.sign_in_request_intro.to_owned());
        page.request_form = true;
        return respond(&page, StatusCode::OK, csrf.set_cookie);
    };
    let cx = request.context(&state);
    match auth::sign_in_link_usable(&cx, &token).await {
        Ok(true) => {
            let mut page = SignInPage::new(&request, t.sign_in_title, csrf.token);
            page.intro = Some(t.sign_in_button_intro.to_owned());
            page.token = Some(token);
            respond(&page, StatusCode::OK, csrf.set_cookie)
        }
        Ok(false) => unusable(&request, csrf.token, csrf.set_cookie),
        Err(err) => request.failed(err),
    }
}

/// `POST /sign-in`.
pub(super) async fn redeem(
    State(state): State<AppState>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let form = Form::parse(&body);
    if !csrf_ok(&headers, secure(&state), &form) {
        return forbidden(&request);
    }
    let csrf = form.text(CSRF_FIELD);
    let cx = request.context(&state);
    match auth::sign_in(&cx, &state.auth, &form.text("token")).await {
        Ok(session) => {
            // Organisers land in the console, everyone else on their
            // registrations (the header links to both).
            let signed_in = cx.acting_as(Viewer::Person(service::SignedIn {
                person_id: crate::ids::PersonId(session.person.id),
                is_admin: session.person.is_platform_admin,
                can_write: false,
                session_id: None,
                locale: None,
            }));
            let landing = match service::overview::organises_any(&signed_in).await {
                Ok(true) => "/organise",
                Ok(false) => "/me/registrations",
                Err(err) => {
                    tracing::warn!(error = %err, "could not tell whether the person organises");
                    "/me/registrations"
                }
            };
            let mut response = see_other(&request.keeping_lang(landing));
            if let Some(cookie) = session_cookie(&state, &session.token) {
                response.headers_mut().append(header::SET_COOKIE, cookie);
            }
            private_page(&mut response, None);
            response
        }
        Err(service::Error::Invalid(_)) => unusable(&request, csrf, None),
        Err(err) => request.failed(err),
    }
}

/// `POST /sign-in/request`.
pub(super) async fn request_link(
    State(state): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let form = Form::parse(&body);
    if !csrf_ok(&headers, secure(&state), &form) {
        return forbidden(&request);
    }
    let t = request.t();
    let request = request.switching_to("/sign-in".to_owned());
    let email = form.text("email");
    let client_ip =
        crate::state::client_ip(&state, &headers, peer.map(|Extension(ConnectInfo(p))| p));
    let cx = request.context(&state);
    let result = auth::send_sign_in_link(
        &cx,
        &state.config.public_url(),
        &email,
        client_ip.as_deref(),
        // The link comes in the language the page was in.
        request.chosen_locale(),
    )
    .await;
    let mut page = SignInPage::new(&request, t.sign_in_title, form.text(CSRF_FIELD));
    match result {
        Ok(()) => {
            page.heading = t.sign_in_sent_title.to_owned();
            page.page = request.page(t.sign_in_sent_title);
            page.intro = Some(t.sign_in_sent_text.to_owned());
            page.sent = true;
            respond(&page, StatusCode::OK, None)
        }
        Err(service::Error::Invalid(errors)) => {
            if errors.iter().any(|e| e.code == ErrorCode::RateLimited) {
                // The links' own limits count per 15 minutes.
                return super::limit::too_many(&request, 15 * 60);
            }
            page.intro = Some(t.sign_in_request_intro.to_owned());
            page.request_form = true;
            page.email = email;
            page.email_error = Some(t.err_email.to_owned());
            respond(&page, StatusCode::UNPROCESSABLE_ENTITY, None)
        }
        Err(err) => request.failed(err),
    }
}

/// `POST /sign-out`.
pub(super) async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let form = Form::parse(&body);
    if !csrf_ok(&headers, secure(&state), &form) {
        return forbidden(&request);
    }
    let cx = request.context(&state);
    match auth::sign_out(&cx).await {
        Ok(()) | Err(service::Error::Unauthenticated) => {}
        Err(err) => return request.failed(err),
    }
    let t = request.t();
    let request = PageRequest {
        viewer: Viewer::Anonymous,
        ..request.switching_to("/sign-in".to_owned())
    };
    let mut response = request.message(StatusCode::OK, t.signed_out_title, t.signed_out_text);
    private_page(&mut response, Some(cleared_cookie(&state)));
    response
}

/// The page for a visitor who must sign in first (`status`): why, and the
/// form for a sign-in link.
pub(super) fn prompt(
    state: &AppState,
    headers: &HeaderMap,
    request: &PageRequest,
    status: StatusCode,
) -> Response {
    let t = request.t();
    let Some(csrf) = csrf_for(state, headers) else {
        return request.internal_error();
    };
    let mut page = SignInPage::new(request, t.sign_in_needed_title, csrf.token);
    page.intro = Some(t.sign_in_needed_text.to_owned());
    page.request_form = true;
    respond(&page, status, csrf.set_cookie)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_cookie_is_secure_only_over_https() {
        let https = cookie_header(true, "tps_abc", 2_592_000).expect("header");
        assert_eq!(
            https.to_str().expect("ascii"),
            "__Host-tp_session=tps_abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000; Secure"
        );
        let http = cookie_header(false, "", 0).expect("header");
        assert_eq!(
            http.to_str().expect("ascii"),
            "tp_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"
        );
    }
}
