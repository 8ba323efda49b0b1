//! The organiser console: server-rendered pages under `/organise` in the
//! participant pages' house style (the same layout, languages, sign-in by
//! mailed link and session cookie, CSRF-protected forms, no script needed),
//! calling the services the GraphQL API calls, with the same roles: a page
//! of a network or event the viewer does not organise is "not found", as
//! for an id that does not exist.
//!
//! - `GET /organise`: the start page ([`start`]): the viewer's networks and
//!   their next events with seats per mode, waiting list and applications.
//! - `GET /organise/events/{id}`: an event's registrations, with search,
//!   filters, decisions, moves, cancellations, check-in and the CSV export
//!   ([`registrations`]).
//! - `GET /organise/events/{id}/door`: checking people in at the door
//!   ([`door`]).
//! - `…/networks/{id}/events/new`, `…/events/{id}/edit`, `…/duplicate`,
//!   `…/publish`, `…/cancel`: creating, editing, copying, publishing and
//!   cancelling events ([`event_form`]).
//! - `GET /organise/events/{id}/audit`, `/organise/networks/{id}/audit`:
//!   who changed what and when ([`audit`]).
//! - `GET /organise/networks/{id}/suggestions` (+ POSTs): the network's
//!   theme suggestions, followed up state by state ([`suggestions`]).
//! - `GET /organise/networks/{id}/attendance`: which organisations came to
//!   the last meetings, as SVG bar charts and a table ([`attendance`]).
//! - `GET /organise/events/{id}/programme`, `…/programme/items`,
//!   `…/programme/speakers`, `/organise/agenda/{id}/edit`, `…/move`,
//!   `…/remove`, `/organise/speakers/{id}/save`, `…/remove`: an event's
//!   agenda and speakers ([`programme`]).
//! - `GET /organise/events/{id}/questions`, `POST …/questions`,
//!   `POST /organise/questions/{id}/remove`, `POST …/translate`: what an
//!   event's registration form asks, in the event's languages ([`questions`]).
//! - `GET /organise/series/{id}`, `POST …/occurrences`: a series'
//!   occurrences and new dates for it ([`series`]).
//! - `GET /organise/events/{id}/reminders`, `/organise/reminders/{id}`:
//!   writing, previewing, testing, scheduling and sending reminders, and
//!   their delivery reports ([`reminders`]).
//! - `GET /assets/console-1.js`: the console's small script, which
//!   refreshes the door count and a delivery report's progress from
//!   `…/door.json` and `…/progress.json` ([`script`]).
//! - `GET /organise/networks/{id}/webhooks`, `/organise/webhooks/{id}`
//!   (+ POSTs): the network's webhook endpoints, their secrets shown once,
//!   their delivery logs and redelivery ([`webhooks`]).
//! - `GET /organise/networks/{id}`: the network's members and their mail
//!   domains, contact persons, roles and sub-networks, with their forms
//!   ([`network`]), and the CSV import of members and their people
//!   (`POST …/import`, [`network_import`]).
//!
//! The site's front door (`GET /`, `pages::front`) lists the networks and
//! their next open events for everyone, and leads organisers here.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::state::AppState;

mod attendance;
mod audit;
mod door;
mod event_form;
mod forms;
mod network;
mod network_import;
mod programme;
mod questions;
mod registrations;
mod reminders;
mod script;
mod series;
mod start;
mod suggestions;
mod webhooks;

/// The console's routes.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/organise", get(start::page))
        .route("/organise/events/{id}", get(registrations::page))
        .route(
            "/organise/events/{id}/registrations.csv",
            get(registrations::csv),
        )
        .route("/organise/events/{id}/door", get(door::page))
        .route(
            "/organise/events/{id}/questions",
            get(questions::list).post(questions::add),
        )
        .route("/organise/questions/{id}/remove", post(questions::remove))
        .route(
            "/organise/questions/{id}/translate",
            post(questions::translate),
        )
        .route("/organise/series/{id}", get(series::show))
        .route("/organise/series/{id}/occurrences", post(series::add))
        .route("/organise/events/{id}/audit", get(audit::event))
        .route("/organise/networks/{id}/audit", get(audit::network))
        .route(
            "/organise/networks/{id}/suggestions",
            get(suggestions::page),
        )
        .route(
            "/organise/networks/{id}/suggestions/open",
            post(suggestions::set_open),
        )
        .route(
            "/organise/suggestions/{id}/status",
            post(suggestions::status),
        )
        .route(
            "/organise/suggestions/{id}/publish",
            post(suggestions::publish),
        )
        .route("/organise/networks/{id}/attendance", get(attendance::page))
        .route(
            "/organise/networks/{id}/webhooks",
            get(webhooks::list).post(webhooks::create),
        )
        .route(
            "/organise/webhooks/{id}",
            get(webhooks::show).post(webhooks::save),
        )
        .route("/organise/webhooks/{id}/rotate", post(webhooks::rotate))
        .route("/organise/webhooks/{id}/delete", post(webhooks::remove))
        .route(
            "/organise/webhook-deliveries/{id}/redeliver",
            post(webhooks::redeliver),
        )
        .route("/organise/networks/{id}", get(network::page))
        .route("/organise/networks/{id}/members", post(network::add_member))
        .route(
            "/organise/networks/{id}/members/remove",
            post(network::remove_member),
        )
        .route(
            "/organise/networks/{id}/domains",
            post(network::set_domains),
        )
        .route(
            "/organise/networks/{id}/contacts",
            post(network::add_contact),
        )
        .route(
            "/organise/networks/{id}/contacts/remove",
            post(network::remove_contact),
        )
        .route("/organise/networks/{id}/roles", post(network::set_role))
        .route(
            "/organise/networks/{id}/roles/remove",
            post(network::remove_role),
        )
        .route(
            "/organise/networks/{id}/networks",
            post(network::create_child),
        )
        .route(
            "/organise/networks/{id}/import",
            post(network_import::import).layer(DefaultBodyLimit::max(network_import::BODY_MAX)),
        )
        .route("/organise/networks/{id}/events/new", get(event_form::new))
        .route("/organise/networks/{id}/events", post(event_form::create))
        .route(
            "/organise/events/{id}/edit",
            get(event_form::edit).post(event_form::save),
        )
        .route(
            "/organise/events/{id}/duplicate",
            get(event_form::duplicate),
        )
        .route("/organise/events/{id}/publish", post(event_form::publish))
        .route("/organise/events/{id}/cancel", post(event_form::cancel))
        .route("/organise/events/{id}/programme", get(programme::page))
        .route(
            "/organise/events/{id}/programme/items",
            post(programme::add_item),
        )
        .route(
            "/organise/events/{id}/programme/speakers",
            post(programme::add_speaker),
        )
        .route(
            "/organise/agenda/{id}/edit",
            get(programme::edit_item).post(programme::save_item),
        )
        .route("/organise/agenda/{id}/move", post(programme::move_item))
        .route("/organise/agenda/{id}/remove", post(programme::remove_item))
        .route(
            "/organise/speakers/{id}/save",
            post(programme::save_speaker),
        )
        .route(
            "/organise/speakers/{id}/remove",
            post(programme::remove_speaker),
        )
        .route(
            "/organise/registrations/{id}/decide",
            post(registrations::decide),
        )
        .route(
            "/organise/registrations/{id}/withdraw",
            post(registrations::withdraw),
        )
        .route(
            "/organise/registrations/{id}/mode",
            post(registrations::change_mode),
        )
        .route(
            "/organise/registrations/{id}/cancel",
            post(registrations::cancel),
        )
        .route(
            "/organise/registrations/{id}/check-in",
            post(registrations::check_in),
        )
        .route("/organise/events/{id}/door.json", get(door::counts))
        .route(
            "/organise/events/{id}/reminders",
            get(reminders::list).post(reminders::write),
        )
        .route("/organise/reminders/{id}", get(reminders::report))
        .route(
            "/organise/reminders/{id}/progress.json",
            get(reminders::progress),
        )
        .route("/organise/reminders/{id}/send", post(reminders::send))
        .route("/organise/reminders/{id}/cancel", post(reminders::cancel))
        .route("/organise/deliveries/{id}/retry", post(reminders::retry))
        .route(script::SCRIPT_PATH, get(script::script))
}
