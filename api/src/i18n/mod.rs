//! Every word Träffpunkt writes, in every language it writes, and how a
//! language is chosen: pages, mail, calendar feeds and CSV exports take
//! their texts from here.
//!
//! A leaf: nothing here imports the services, GraphQL, pages, HTTP, mail or
//! the app state, so each of them can use it.
//!
//! - [`Locale`]: the languages, reading a tag, `Accept-Language`, and
//!   choosing a recipient's language.
//! - [`dates`]: weekday and month names, dates, clock times, zone labels.

pub mod dates;
pub mod locale;

pub use locale::{Locale, accept_language, negotiate};
