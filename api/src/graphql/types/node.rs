//! The Relay `Node` interface.

use async_graphql::{ID, Interface};

use super::{AgendaItem, Event, Network, Organisation, Person, Series, Speaker};

/// An object with a global id, fetchable with `node(id:)`.
#[derive(Interface)]
#[expect(
    clippy::large_enum_variant,
    reason = "built once per resolved node and moved straight into the response"
)]
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
}
