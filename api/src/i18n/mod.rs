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
//! - [`pages`]: the participant pages' words ([`pages::Strings`]);
//!   [`calendar`]: what feeds and calendar links add to an event's texts;
//!   [`csv`]: the registrations export's header row; [`mail`]: every
//!   phrase of every mail kind ([`mail::MailTexts`]).
//!
//! Each table is a struct with one field per text and one `const` per
//! language, so a text missing in one language does not compile. To add a
//! phrase, add a field (with a `///`) and its value in every language; to
//! add a language, add a [`Locale`] variant and the compiler lists every
//! table and `match` that needs it.

pub mod calendar;
pub mod console;
pub mod csv;
pub mod dates;
pub mod locale;
pub mod mail;
pub mod pages;
pub mod suggestions;

pub use locale::{Locale, accept_language, negotiate};
