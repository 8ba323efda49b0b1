//! Mutations. Each takes `input: XInput!` and returns `XPayload!` with the
//! object and `userErrors`. Resolvers parse ids, turn input into service
//! types, call one service function and map the outcome.

mod agenda;
mod auth;
mod calendar;
mod events;
mod networks;
mod organisations;
mod registration;
mod reminders;
mod suggestions;
mod webhooks;

pub use agenda::AgendaMutation;
pub use auth::AuthMutation;
pub use calendar::CalendarMutation;
pub use events::EventMutation;
pub use networks::NetworkMutation;
pub use organisations::OrganisationMutation;
pub use registration::RegistrationMutation;
pub use reminders::ReminderMutation;
pub use suggestions::SuggestionMutation;
pub use webhooks::WebhookMutation;

use async_graphql::{MaybeUndefined, MergedObject};

/// All mutations.
#[derive(MergedObject, Default)]
pub struct Mutation(
    AuthMutation,
    OrganisationMutation,
    NetworkMutation,
    EventMutation,
    AgendaMutation,
    RegistrationMutation,
    CalendarMutation,
    ReminderMutation,
    SuggestionMutation,
    WebhookMutation,
);

/// Undefined leaves a field, null clears it, a value sets it.
pub(crate) fn change<T, U>(value: MaybeUndefined<T>, f: impl FnOnce(T) -> U) -> Option<Option<U>> {
    match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(f(v))),
    }
}

/// Like [`change`] for conversions that can fail.
pub(crate) fn try_change<T, U>(
    value: MaybeUndefined<T>,
    f: impl FnOnce(T) -> async_graphql::Result<U>,
) -> async_graphql::Result<Option<Option<U>>> {
    Ok(match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(f(v)?)),
    })
}
