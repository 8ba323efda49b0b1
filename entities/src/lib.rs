//! sea-orm entities and enumerations of Träffpunkt's domain, nothing else: no
//! GraphQL, no HTTP, no business rules. The schema they map is created by the
//! `migration` crate.

pub mod by_position;
pub mod enums;

pub mod agenda_item;
pub mod api_token;
pub mod audit_log;
pub mod event;
pub mod event_seats;
pub mod feed_token;
pub mod network;
pub mod network_contact;
pub mod network_member;
pub mod network_role;
pub mod organisation;
pub mod organisation_domain;
pub mod outbox;
pub mod person;
pub mod project_admission;
pub mod rate_limit_window;
pub mod read_version;
pub mod registration;
pub mod registration_history;
pub mod registration_link;
pub mod registration_question;
pub mod reminder;
pub mod reminder_run;
pub mod series;
pub mod session;
pub mod sign_in_token;
pub mod speaker;
pub mod theme_suggestion;
pub mod theme_suggestion_link;
pub mod theme_suggestion_update;
pub mod translation;
pub mod webhook_delivery;
pub mod webhook_endpoint;

pub use enums::*;
