//! Effects: what a write did, as the rules say it (a registration
//! confirmed, an event cancelled, seats changed). A [`super::tx::Tx`]
//! collects them; its commit hands them to [`super::notices`], which alone
//! knows which mail each causes. Plain data, so that both can name it.

use entities::{event, person, registration};

use crate::ids::EventId;
use crate::mail::EventChange;

/// What happened to a registration, as far as its participant hears of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Happened {
    /// A guest must confirm their address to keep the held seat.
    AddressToConfirm,
    /// An application was received (pending a decision).
    Received,
    /// A seat is theirs.
    Confirmed,
    /// They are on the waiting list.
    Waitlisted,
    /// A seat came free and is theirs now.
    Promoted,
    /// An organiser approved the application.
    Approved,
    /// An organiser turned the application down.
    Rejected,
    /// The registration was cancelled.
    Cancelled,
    /// Someone registered their address again: they get their link again.
    LinkAgain,
}

/// A registration's change, with what its mail needs.
#[derive(Debug, Clone)]
pub struct RegistrationChange {
    /// What happened.
    pub happened: Happened,
    /// The event, as the transaction left it.
    pub event: event::Model,
    /// The registration, as the transaction left it.
    pub registration: registration::Model,
    /// Its person.
    pub person: person::Model,
    /// The manage link made with the registration (its first mail only;
    /// later mails get a link of their own).
    pub manage_link: Option<String>,
    /// The organiser's message with a decision.
    pub message: Option<String>,
}

/// What a write did, for whom it matters. Recorded by the rules, turned into
/// mail by [`super::notices`] and into live updates by [`super::tx::Tx::commit`].
#[derive(Debug, Clone)]
pub enum Effect {
    /// A registration changed (confirmed, waitlisted, cancelled…).
    Registration(Box<RegistrationChange>),
    /// A published event's time, place or link changed (the event as it is
    /// now, with its new SEQUENCE).
    EventChanged {
        /// The event after the change.
        event: Box<event::Model>,
        /// What changed, for the participants.
        changes: Vec<EventChange>,
    },
    /// The event was called off.
    EventCancelled(Box<event::Model>),
    /// The seats of the event changed (taken, freed, or its capacity).
    SeatsChanged(EventId),
}
