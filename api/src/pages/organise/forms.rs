//! What the console's handlers share: the checks of a posted form (CSRF
//! token, signed-in viewer), the CSRF token of a page with forms, an event
//! id from a path, and the 303 back. A leaf of `organise`: handlers import
//! it; it imports none of them.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use crate::ids::EventId;
use crate::pages::form::{Csrf, Form, csrf_ok};
use crate::pages::page::{PageRequest, forbidden, private_page, secure};
use crate::service::Viewer;
use crate::state::AppState;

/// What every console form is checked for first: its CSRF token, then a
/// signed-in viewer. `Err` is the answer to give instead.
pub(super) fn refused(
    state: &AppState,
    headers: &HeaderMap,
    request: &PageRequest,
    form: &Form,
) -> Result<(), Box<Response>> {
    if !csrf_ok(headers, secure(state), form) {
        return Err(Box::new(forbidden(request)));
    }
    if !matches!(request.viewer, Viewer::Person(_)) {
        return Err(Box::new(crate::pages::session::prompt(
            state,
            headers,
            request,
            StatusCode::FORBIDDEN,
        )));
    }
    Ok(())
}

/// A posted console form, after [`refused`]'s checks.
pub(super) fn posted(
    state: &AppState,
    headers: &HeaderMap,
    request: &PageRequest,
    body: &[u8],
) -> Result<Form, Box<Response>> {
    let form = Form::parse(body);
    refused(state, headers, request, &form)?;
    Ok(form)
}

/// The CSRF token for a page with forms (`None`: the system has no
/// randomness, logged).
pub(super) fn csrf_for(state: &AppState, headers: &HeaderMap) -> Option<Csrf> {
    let csrf = Csrf::for_page(headers, secure(state));
    if csrf.is_none() {
        tracing::error!("no CSRF token: the system has no randomness");
    }
    csrf
}

/// The event id of a console path, or `None` (a 404).
pub(super) fn event_id(raw: &str) -> Option<EventId> {
    Uuid::parse_str(raw).ok().map(EventId)
}

pub(super) fn see_other(to: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(location) = HeaderValue::from_str(to) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    private_page(&mut response, None);
    response
}
