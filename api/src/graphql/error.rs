//! How failures reach clients. Expected outcomes of mutations are data
//! (`userErrors`); everything else is a top-level error whose
//! `extensions.code` is one of a short list. Internal details are logged, never
//! sent.

use async_graphql::{Enum, ErrorExtensions, SimpleObject};

use crate::service::{self, ErrorCode, FieldError};

/// Machine-readable reason of a user error.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum UserErrorCode {
    /// A value is required but missing or blank.
    Required,
    /// A value is longer than allowed.
    TooLong,
    /// A value is malformed.
    Invalid,
    /// A referenced object does not exist, or is not visible to you.
    NotFound,
    /// The value is already taken (a slug, a name).
    Taken,
    /// The end of a time range is not after its start.
    InvalidTimeRange,
    /// Not an IANA time zone name.
    InvalidTimeZone,
    /// Not an http or https URL.
    InvalidUrl,
    /// A number is outside its allowed range.
    OutOfRange,
    /// The operation does not fit the object's current state.
    InvalidState,
    /// The object still has dependants (sub-networks, events).
    HasDependants,
    /// Too many attempts; wait and try again.
    RateLimited,
    /// Registration is not open: before its window, after it, or the event is
    /// not published.
    RegistrationClosed,
    /// The event is for members of the network.
    NotAMember,
    /// Registering needs consent to store the registration.
    ConsentRequired,
    /// The application has been decided already.
    AlreadyDecided,
    /// No seats left in that mode.
    Full,
    /// The event takes no participants in that mode (not held that way, or
    /// no seats at all); a full mode waitlists instead.
    ModeNotOffered,
}

impl From<ErrorCode> for UserErrorCode {
    fn from(code: ErrorCode) -> Self {
        match code {
            ErrorCode::Required => Self::Required,
            ErrorCode::TooLong => Self::TooLong,
            ErrorCode::Invalid => Self::Invalid,
            ErrorCode::NotFound => Self::NotFound,
            ErrorCode::Taken => Self::Taken,
            ErrorCode::InvalidTimeRange => Self::InvalidTimeRange,
            ErrorCode::InvalidTimeZone => Self::InvalidTimeZone,
            ErrorCode::InvalidUrl => Self::InvalidUrl,
            ErrorCode::OutOfRange => Self::OutOfRange,
            ErrorCode::InvalidState => Self::InvalidState,
            ErrorCode::HasDependants => Self::HasDependants,
            ErrorCode::RateLimited => Self::RateLimited,
            ErrorCode::RegistrationClosed => Self::RegistrationClosed,
            ErrorCode::NotAMember => Self::NotAMember,
            ErrorCode::ConsentRequired => Self::ConsentRequired,
            ErrorCode::AlreadyDecided => Self::AlreadyDecided,
            ErrorCode::Full => Self::Full,
            ErrorCode::ModeNotOffered => Self::ModeNotOffered,
        }
    }
}

/// A problem with the input of a mutation, tied to one input field.
#[derive(SimpleObject, Clone, Debug)]
pub struct UserError {
    /// Path to the input field, e.g. `["input", "endsAt"]`; empty when the
    /// problem concerns the input as a whole.
    pub field: Vec<String>,
    /// What kind of problem; clients switch on this.
    pub code: UserErrorCode,
    /// A human-readable explanation (English).
    pub message: String,
}

impl From<FieldError> for UserError {
    fn from(err: FieldError) -> Self {
        let mut field = Vec::with_capacity(err.field.len() + 1);
        field.push("input".to_owned());
        field.extend(err.field);
        Self {
            field,
            code: err.code.into(),
            message: err.message,
        }
    }
}

/// The top-level error codes (`extensions.code`).
pub mod codes {
    /// The request is malformed (bad id, bad cursor, bad argument).
    pub const BAD_USER_INPUT: &str = "BAD_USER_INPUT";
    /// Sign in first.
    pub const UNAUTHENTICATED: &str = "UNAUTHENTICATED";
    /// Signed in, but not allowed.
    pub const FORBIDDEN: &str = "FORBIDDEN";
    /// No such object.
    pub const NOT_FOUND: &str = "NOT_FOUND";
    /// Our fault; details are in the server log.
    pub const INTERNAL_SERVER_ERROR: &str = "INTERNAL_SERVER_ERROR";
    /// The database could not be reached or written; nothing was stored.
    /// Try again in a moment.
    pub const SERVICE_UNAVAILABLE: &str = "SERVICE_UNAVAILABLE";
}

/// A top-level error with a code.
pub fn coded(message: impl Into<String>, code: &'static str) -> async_graphql::Error {
    async_graphql::Error::new(message).extend_with(|_, ext| ext.set("code", code))
}

/// A malformed argument.
pub fn bad_input(message: impl Into<String>) -> async_graphql::Error {
    coded(message, codes::BAD_USER_INPUT)
}

impl From<service::Error> for async_graphql::Error {
    fn from(err: service::Error) -> Self {
        match err {
            service::Error::Invalid(errors) => {
                let message = errors
                    .iter()
                    .map(|e| format!("{}: {}", e.field.join("."), e.message))
                    .collect::<Vec<_>>()
                    .join("; ");
                bad_input(message)
            }
            service::Error::NotFound(what) => coded(format!("{what} not found"), codes::NOT_FOUND),
            service::Error::Unauthenticated => coded("sign in first", codes::UNAUTHENTICATED),
            service::Error::Forbidden => coded("you may not do this", codes::FORBIDDEN),
            service::Error::Unavailable(db) => {
                tracing::warn!(error = %db, "database unavailable");
                coded(
                    "the database is unavailable; nothing was stored, try again in a moment",
                    codes::SERVICE_UNAVAILABLE,
                )
            }
            service::Error::Database(db) => {
                tracing::error!(error = %db, "database error");
                internal()
            }
        }
    }
}

/// The one message clients see for our own failures.
pub fn internal() -> async_graphql::Error {
    coded(
        "internal error; it has been logged",
        codes::INTERNAL_SERVER_ERROR,
    )
}

/// Splits a service result for a mutation payload: field errors and "not
/// found" become user errors; everything else stays a top-level error.
pub fn outcome<T>(
    result: service::Result<T>,
) -> async_graphql::Result<(Option<T>, Vec<UserError>)> {
    match result {
        Ok(value) => Ok((Some(value), Vec::new())),
        Err(service::Error::Invalid(errors)) => {
            Ok((None, errors.into_iter().map(UserError::from).collect()))
        }
        Err(service::Error::NotFound(what)) => Ok((
            None,
            vec![UserError {
                field: vec!["input".into(), "id".into()],
                code: UserErrorCode::NotFound,
                message: format!("no {what} with this id"),
            }],
        )),
        Err(other) => Err(other.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_of(err: async_graphql::Error) -> String {
        let ext = err.extensions.expect("extensions");
        match ext.get("code") {
            Some(async_graphql::Value::String(s)) => s.clone(),
            other => panic!("no code: {other:?}"),
        }
    }

    #[test]
    fn every_service_error_maps_to_one_code() {
        let invalid = service::Error::field("title", ErrorCode::Required, "blank");
        assert_eq!(code_of(invalid.into()), codes::BAD_USER_INPUT);
        assert_eq!(
            code_of(service::Error::NotFound("event").into()),
            codes::NOT_FOUND
        );
        assert_eq!(
            code_of(service::Error::Unauthenticated.into()),
            codes::UNAUTHENTICATED
        );
        assert_eq!(code_of(service::Error::Forbidden.into()), codes::FORBIDDEN);
        let db = service::Error::Database(sea_orm::DbErr::Custom("SELECT secret FROM x".into()));
        let err: async_graphql::Error = db.into();
        assert!(
            !err.message.contains("SELECT"),
            "SQL must not leak: {}",
            err.message
        );
        assert_eq!(code_of(err), codes::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn a_database_fault_is_service_unavailable_and_says_nothing_of_it() {
        let fault = service::Error::from(sea_orm::DbErr::ConnectionAcquire(
            sea_orm::ConnAcquireErr::Timeout,
        ));
        assert!(matches!(fault, service::Error::Unavailable(_)));
        let err: async_graphql::Error = fault.into();
        assert!(!err.message.contains("acquire"), "{}", err.message);
        assert_eq!(code_of(err), codes::SERVICE_UNAVAILABLE);
        // An SQL error is still a bug.
        let sql = service::Error::from(sea_orm::DbErr::Custom("no such column".into()));
        assert_eq!(code_of(sql.into()), codes::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn field_errors_become_user_errors_under_input() {
        let (value, errors) = outcome::<()>(Err(service::Error::field(
            "venue.name",
            ErrorCode::TooLong,
            "too long",
        )))
        .expect("user errors are data");
        assert!(value.is_none());
        assert_eq!(errors[0].field, vec!["input", "venue", "name"]);
        assert_eq!(errors[0].code, UserErrorCode::TooLong);
    }
}
