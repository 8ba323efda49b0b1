//! Exports for organisers:
//!
//! - `GET /events/{uuid}/registrations.csv` — the event's registrations as CSV
//!   (see [`crate::service::exports`] for the format: UTF-8 with BOM, `;`
//!   separated, RFC 4180 quoting, one row per registration with its answers).
//!
//! Authenticated like the GraphQL endpoint, with `Authorization: Bearer …`
//! (a session or an API token; a read-only token is enough): no or an invalid
//! token is a 401, a viewer who does not organise the event's network a 403,
//! an unknown event (or one the viewer may not see) a 404.
//!
//! The query string narrows the rows: `status=CONFIRMED` and `mode=ONLINE`
//! (repeat them, or separate values with commas, for several), and
//! `organisation=` an organisation's id. `separator=comma` writes commas
//! instead of semicolons. `lang=sv|nb|en` chooses the language of the
//! headers (else the organiser's own, else the network's default).
//! Responses are never cached (`no-store`): they hold personal data.

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use entities::{ParticipationMode, RegistrationStatus};
use uuid::Uuid;

use crate::i18n::Locale;
use crate::ids::{EventId, OrganisationId};
use crate::service::exports::{self, Separator};
use crate::service::registrations::RegistrationFilter;
use crate::service::{self, Viewer};
use crate::state::AppState;
use crate::state::viewer;

/// The export routes.
pub fn routes() -> Router<AppState> {
    Router::new().route("/events/{id}/registrations.csv", get(registrations_csv))
}

fn text(status: StatusCode, message: &str) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        format!("{message}\n"),
    )
        .into_response()
}

fn unauthorized(message: &str) -> Response {
    let mut response = text(StatusCode::UNAUTHORIZED, message);
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"traffpunkt\""),
    );
    response
}

/// An event id in a path: its uuid, or its GraphQL global id.
fn event_id(raw: &str) -> Option<EventId> {
    if let Ok(uuid) = Uuid::parse_str(raw) {
        return Some(EventId(uuid));
    }
    match crate::graphql::ids::decode_any(&async_graphql::ID(raw.to_owned())) {
        Some((name, uuid)) if name == EventId::TYPE_NAME => Some(EventId(uuid)),
        _ => None,
    }
}

/// The `(key, value)` pairs of a query string, percent-decoded.
fn pairs(query: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// What the query string asks for, or why it is refused.
fn parse_query(
    query: Option<&str>,
) -> Result<(RegistrationFilter, Separator, Option<Locale>), String> {
    let mut filter = RegistrationFilter::default();
    let mut separator = Separator::default();
    let mut locale = None;
    for (key, value) in pairs(query.unwrap_or_default()) {
        let values = value
            .split(',')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_ascii_uppercase);
        match key.as_str() {
            "status" => {
                for v in values {
                    let status = match v.as_str() {
                        "PENDING" => RegistrationStatus::Pending,
                        "CONFIRMED" => RegistrationStatus::Confirmed,
                        "WAITLISTED" => RegistrationStatus::Waitlisted,
                        "CANCELLED" => RegistrationStatus::Cancelled,
                        "REJECTED" => RegistrationStatus::Rejected,
                        other => {
                            return Err(format!(
                                "status: unknown value {other:?}; one of PENDING, CONFIRMED, WAITLISTED, CANCELLED, REJECTED"
                            ));
                        }
                    };
                    filter.statuses.get_or_insert_with(Vec::new).push(status);
                }
            }
            "mode" => {
                for v in values {
                    let mode = match v.as_str() {
                        "IN_PERSON" => ParticipationMode::InPerson,
                        "ONLINE" => ParticipationMode::Online,
                        other => {
                            return Err(format!(
                                "mode: unknown value {other:?}; one of IN_PERSON, ONLINE"
                            ));
                        }
                    };
                    filter.modes.get_or_insert_with(Vec::new).push(mode);
                }
            }
            "organisation" => {
                let raw = value.trim();
                let id = Uuid::parse_str(raw).ok().or_else(|| {
                    crate::graphql::ids::decode_any(&async_graphql::ID(raw.to_owned()))
                        .filter(|(name, _)| name == OrganisationId::TYPE_NAME)
                        .map(|(_, uuid)| uuid)
                });
                match id {
                    Some(id) => filter.organisation = Some(OrganisationId(id)),
                    None => return Err(format!("organisation: {raw:?} is not an organisation id")),
                }
            }
            "separator" => {
                separator = match value.trim() {
                    "semicolon" | ";" => Separator::Semicolon,
                    "comma" | "," => Separator::Comma,
                    other => {
                        return Err(format!(
                            "separator: unknown value {other:?}; semicolon or comma"
                        ));
                    }
                }
            }
            "lang" => match Locale::parse(&value) {
                Some(found) => locale = Some(found),
                None => {
                    return Err(format!(
                        "lang: unknown value {:?}; one of sv, nb, en",
                        value.trim()
                    ));
                }
            },
            other => return Err(format!("unknown parameter {other:?}")),
        }
    }
    Ok((filter, separator, locale))
}

async fn registrations_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let viewer = match viewer(&state, &headers).await {
        Ok(Viewer::Anonymous) => {
            return unauthorized("Sign in first: send Authorization: Bearer <token>.");
        }
        Ok(viewer) => viewer,
        Err(service::Error::Unauthenticated) => {
            return unauthorized("The bearer token is invalid, revoked or expired; sign in again.");
        }
        Err(err) => return failure(err),
    };
    let Some(event) = event_id(&id) else {
        return text(StatusCode::NOT_FOUND, "No such event.");
    };
    let (filter, separator, locale) = match parse_query(query.as_deref()) {
        Ok(parsed) => parsed,
        Err(message) => return text(StatusCode::BAD_REQUEST, &message),
    };
    let cx = state.service_context(viewer);
    match exports::registrations_csv(&cx, event, &filter, separator, locale).await {
        Ok(export) => {
            let disposition = format!("attachment; filename=\"{}\"", export.filename);
            // `nosniff` and the rest come from the security headers layer.
            (
                StatusCode::OK,
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                    (header::CONTENT_DISPOSITION, disposition),
                    (header::CACHE_CONTROL, "no-store".to_owned()),
                ],
                export.body,
            )
                .into_response()
        }
        Err(err) => failure(err),
    }
}

/// The answer to a failed service call (the token included): database
/// details are logged only, a fault is a retryable 503.
fn failure(err: service::Error) -> Response {
    match err {
        service::Error::NotFound(_) => text(StatusCode::NOT_FOUND, "No such event."),
        service::Error::Unauthenticated => unauthorized("Sign in first."),
        service::Error::Forbidden => text(
            StatusCode::FORBIDDEN,
            "Only the event's organisers may export its registrations.",
        ),
        service::Error::Invalid(errors) => text(
            StatusCode::BAD_REQUEST,
            &errors
                .iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        service::Error::Unavailable(err) => {
            tracing::warn!(error = %err, "registrations export: database unavailable");
            crate::http::unavailable()
        }
        service::Error::Database(err) => {
            tracing::error!(error = %err, "registrations export failed");
            text(StatusCode::INTERNAL_SERVER_ERROR, "Internal server error.")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_string_narrows_the_rows() {
        let (filter, sep, _) = parse_query(Some(
            "status=CONFIRMED,waitlisted&mode=ONLINE&separator=comma",
        ))
        .expect("parses");
        assert_eq!(
            filter.statuses,
            Some(vec![
                RegistrationStatus::Confirmed,
                RegistrationStatus::Waitlisted
            ])
        );
        assert_eq!(filter.modes, Some(vec![ParticipationMode::Online]));
        assert_eq!(sep, Separator::Comma);
        let (repeated, _, _) = parse_query(Some("status=PENDING&status=REJECTED")).expect("parses");
        assert_eq!(repeated.statuses.map(|s| s.len()), Some(2));
        assert!(parse_query(Some("status=MAYBE")).is_err());
        assert!(parse_query(Some("colour=red")).is_err());
        assert!(parse_query(Some("lang=fi")).is_err());
        assert_eq!(
            parse_query(Some("lang=nb-NO")).expect("parses").2,
            Some(Locale::Nb)
        );
        assert!(parse_query(None).is_ok());
    }
}
