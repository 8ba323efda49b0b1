//! The participant pages: server-rendered HTML where links from mails,
//! calendars and colleagues land. No JavaScript; Swedish, Norwegian Bokmål
//! and English (`Accept-Language`, overridden by `?lang=`); WCAG 2.1 AA
//! markup (landmarks, one `h1`, labelled fields, a skip link, visible focus,
//! relative units).
//!
//! Handlers here are as thin as the GraphQL resolvers: they read the request,
//! call `service::*` with a service context for the viewer (the session
//! cookie's person, set by the sign-in landing, else anonymous) and fill a
//! template. Who may see what is
//! `service::policy`'s to say, never a template's.

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

mod event;
pub mod form;
mod front;
pub mod limit;
mod me;
mod network;
mod organise;
pub mod page;
mod registration;
mod registration_form;
pub mod session;
mod suggestions;

pub use crate::i18n::pages::Strings;
pub use page::CSS_PATH;

/// The page routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(CSS_PATH, get(page::stylesheet))
        .route("/", get(front::page))
        .route("/networks/{slug}", get(network::page))
        .route(
            "/networks/{slug}/suggestions",
            get(suggestions::page).post(suggestions::send),
        )
        .route(
            "/networks/{slug}/suggestions/feed.atom",
            get(suggestions::feed),
        )
        .route("/suggestions/follow", get(suggestions::follow))
        .route("/suggestions/withdraw", post(suggestions::withdraw))
        .route("/events/{id}", get(event::page))
        .route("/events/{id}/register", post(registration::register))
        .route(
            "/registrations/manage",
            get(registration::manage).post(registration::cancel),
        )
        .route("/sign-in", get(session::landing).post(session::redeem))
        .route("/sign-in/request", post(session::request_link))
        .route("/sign-out", post(session::sign_out))
        .route("/me/registrations", get(me::page))
        .route("/me/registrations/{id}/mode", post(me::change_mode))
        .route("/me/registrations/{id}/cancel", post(me::cancel))
        .route("/me/calendar/rotate", post(me::rotate))
        .route("/me/language", post(me::language))
        .merge(organise::routes())
}

/// The page routes with their rate limit on form submissions.
pub fn routes_with_limits(state: &AppState) -> Router<AppState> {
    routes().route_layer(axum::middleware::from_fn_with_state(
        state.clone(),
        limit::posts,
    ))
}
