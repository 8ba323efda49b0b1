//! Opaque global ids (Relay): base64url of `Type:uuid`. Clients must treat
//! them as opaque; the server checks that an id names the expected type.

use async_graphql::ID;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use uuid::Uuid;

use super::error::bad_input;
use crate::ids::*;

/// Encodes a global id.
pub fn encode(type_name: &str, id: Uuid) -> ID {
    ID(URL_SAFE_NO_PAD.encode(format!("{type_name}:{id}")))
}

/// Decodes any global id into its type name and uuid.
pub fn decode_any(id: &ID) -> Option<(String, Uuid)> {
    let raw = URL_SAFE_NO_PAD.decode(id.as_str()).ok()?;
    let raw = String::from_utf8(raw).ok()?;
    let (type_name, uuid) = raw.split_once(':')?;
    Some((type_name.to_owned(), uuid.parse().ok()?))
}

/// A typed id that has a global form.
pub trait GlobalId: Sized + Copy {
    /// GraphQL type name.
    const NAME: &'static str;
    /// Wraps a uuid.
    fn from_uuid(id: Uuid) -> Self;
    /// The uuid.
    fn uuid(self) -> Uuid;

    /// The global id.
    fn to_global(self) -> ID {
        encode(Self::NAME, self.uuid())
    }

    /// Parses a global id of this type; anything else is `BAD_USER_INPUT`.
    fn parse(id: &ID) -> async_graphql::Result<Self> {
        match decode_any(id) {
            Some((name, uuid)) if name == Self::NAME => Ok(Self::from_uuid(uuid)),
            Some((name, _)) => Err(bad_input(format!(
                "id {:?} is a {name} id, expected a {} id",
                id.as_str(),
                Self::NAME
            ))),
            None => Err(bad_input(format!("{:?} is not a valid id", id.as_str()))),
        }
    }
}

macro_rules! global {
    ($($t:ident),+) => {$(
        impl GlobalId for $t {
            const NAME: &'static str = $t::TYPE_NAME;
            fn from_uuid(id: Uuid) -> Self { $t(id) }
            fn uuid(self) -> Uuid { self.0 }
        }
    )+};
}

global!(
    OrganisationId,
    NetworkId,
    PersonId,
    SeriesId,
    EventId,
    AgendaItemId,
    SpeakerId,
    RegistrationId,
    ReminderId,
    RegistrationQuestionId,
    MailId,
    ThemeSuggestionId,
    WebhookEndpointId,
    WebhookDeliveryId
);

/// Parses an optional global id.
pub fn parse_opt<T: GlobalId>(id: Option<&ID>) -> async_graphql::Result<Option<T>> {
    id.map(T::parse).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_type_check() {
        let id = EventId::new();
        let global = id.to_global();
        assert_eq!(EventId::parse(&global).expect("event id"), id);
        assert!(NetworkId::parse(&global).is_err());
        assert!(EventId::parse(&ID("garbage!".into())).is_err());
        assert!(EventId::parse(&ID(String::new())).is_err());
    }
}
