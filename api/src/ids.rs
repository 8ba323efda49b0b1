//! Typed ids: one newtype per entity so that an event id can never be passed
//! where a network id is expected. New ids are UUID v7 (time-ordered).

use std::fmt;

use uuid::Uuid;

macro_rules! id_newtype {
    ($($(#[$meta:meta])* $name:ident => $type_name:literal),+ $(,)?) => {
        $(
            $(#[$meta])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub struct $name(pub Uuid);

            impl $name {
                /// The GraphQL type name this id belongs to.
                pub const TYPE_NAME: &'static str = $type_name;

                /// A fresh, time-ordered id.
                pub fn new() -> Self {
                    Self(Uuid::now_v7())
                }
            }

            impl Default for $name {
                fn default() -> Self {
                    Self::new()
                }
            }

            impl From<Uuid> for $name {
                fn from(id: Uuid) -> Self {
                    Self(id)
                }
            }

            impl From<$name> for Uuid {
                fn from(id: $name) -> Self {
                    id.0
                }
            }

            impl fmt::Display for $name {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    self.0.fmt(f)
                }
            }
        )+
    };
}

id_newtype!(
    /// Id of an organisation.
    OrganisationId => "Organisation",
    /// Id of a network.
    NetworkId => "Network",
    /// Id of a person.
    PersonId => "Person",
    /// Id of a series.
    SeriesId => "Series",
    /// Id of an event.
    EventId => "Event",
    /// Id of an agenda item.
    AgendaItemId => "AgendaItem",
    /// Id of a speaker.
    SpeakerId => "Speaker",
    /// Id of a registration.
    RegistrationId => "Registration",
    /// Id of a reminder.
    ReminderId => "Reminder",
    /// Id of a question on an event's registration form.
    RegistrationQuestionId => "RegistrationQuestion",
    /// Id of an outgoing mail (a row of the outbox).
    MailId => "Mail",
    /// Id of a theme suggestion.
    ThemeSuggestionId => "ThemeSuggestion",
    /// Id of a network's webhook endpoint.
    WebhookEndpointId => "WebhookEndpoint",
    /// Id of one delivery of a webhook to an endpoint.
    WebhookDeliveryId => "WebhookDelivery",
);

/// The Relay global id of `id` of the GraphQL type `type_name` (base64url of
/// `Type:uuid`), as the API shows it: webhooks name objects by it.
pub fn global(type_name: &str, id: Uuid) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{type_name}:{id}"))
}
