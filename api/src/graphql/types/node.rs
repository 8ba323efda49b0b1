//! The Relay `Node` interface.

use async_graphql::{ID, Interface};

use super::{
    AgendaItem, Event, Network, Organisation, Person, Registration, RegistrationQuestion, Reminder,
    Series, Speaker, ThemeSuggestion, WebhookEndpoint,
};

/// An object with a global id, fetchable with `node(id:)`.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID", desc = "Global id."))]
pub enum Node {
    /// A network.
    Network(Network),
    /// An event.
    Event(Event),
    /// A series.
    Series(Series),
    /// An organisation.
    Organisation(Organisation),
    /// A person.
    Person(Person),
    /// An agenda item.
    AgendaItem(AgendaItem),
    /// A speaker.
    Speaker(Speaker),
    /// A registration (its participant and the event's organisers only).
    Registration(Registration),
    /// A question of an event's registration form (whoever sees the event).
    RegistrationQuestion(RegistrationQuestion),
    /// A reminder (the organisers of its event's network only).
    Reminder(Reminder),
    /// A theme suggestion (its network's organisers; everyone once
    /// published).
    ThemeSuggestion(ThemeSuggestion),
    /// A webhook endpoint (the organisers of its network only).
    WebhookEndpoint(WebhookEndpoint),
}
