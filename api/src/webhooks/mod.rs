//! Webhooks as infrastructure (issue 18): the event types, the signing of
//! the Standard Webhooks specification, the check that keeps deliveries off
//! the server's own network, and the worker that delivers the rows of
//! `webhook_deliveries`. Like `crate::mail`, it knows nothing of the
//! services: `crate::service::webhooks` registers endpoints and turns
//! effects into deliveries, and `crate::jobs` drives the worker.

mod sign;
mod target;
mod worker;

pub use sign::{new_secret, sign, signatures};
pub use target::{Target, TargetError, forbidden_ip};
pub use worker::WebhookWorker;

use std::fmt;

macro_rules! event_types {
    ($($(#[$meta:meta])* $variant:ident = $wire:literal),+ $(,)?) => {
        /// What happened, as a webhook's `type` names it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum EventType {
            $($(#[$meta])* $variant),+
        }

        impl EventType {
            /// Every event type, in order.
            pub const ALL: &'static [EventType] = &[$(EventType::$variant),+];

            /// The type as sent (`event.published` …).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(EventType::$variant => $wire),+
                }
            }

            /// Parses the wire form.
            pub fn parse(value: &str) -> Option<Self> {
                match value {
                    $($wire => Some(EventType::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

event_types!(
    /// An event was published.
    EventPublished = "event.published",
    /// A published event's time, place or link changed.
    EventChanged = "event.changed",
    /// An event was cancelled.
    EventCancelled = "event.cancelled",
    /// A registration was made (or an application received).
    RegistrationCreated = "registration.created",
    /// A registration got its seat (or an application was approved).
    RegistrationConfirmed = "registration.confirmed",
    /// A registration went on the waiting list.
    RegistrationWaitlisted = "registration.waitlisted",
    /// A registration moved from the waiting list to a seat.
    RegistrationPromoted = "registration.promoted",
    /// A registration was cancelled (or an application rejected).
    RegistrationCancelled = "registration.cancelled",
    /// A participant was checked in.
    RegistrationCheckedIn = "registration.checked_in",
    /// A reminder went out for an event.
    ReminderSent = "reminder.sent",
    /// A theme suggestion was received.
    SuggestionCreated = "suggestion.created",
    /// A theme suggestion's state changed.
    SuggestionStatusChanged = "suggestion.status_changed",
);

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Parses a stored list of event types (space-separated), dropping unknown
/// ones (a type removed from the code).
pub fn parse_types(stored: &str) -> Vec<EventType> {
    stored
        .split_whitespace()
        .filter_map(EventType::parse)
        .collect()
}

/// The stored form of a list of event types.
pub fn store_types(types: &[EventType]) -> String {
    let mut types = types.to_vec();
    types.sort();
    types.dedup();
    types
        .iter()
        .map(|t| t.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}
