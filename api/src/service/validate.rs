//! Parsing of input values into validated domain values. Each function checks
//! one kind of value and collects field errors instead of stopping at the first.
//!
//! **One rule for text** ([`clean_text`]), which every text a person types
//! goes through (names, titles, labels, descriptions, needs, answers,
//! messages, reminder texts, search words), the same on SQLite and
//! PostgreSQL:
//!
//! - NFC-normalised: a decomposed "A\u{30a}sa" is stored as "Åsa";
//! - trimmed at both ends;
//! - refused (`INVALID` on the field) when it holds a control character
//!   (Unicode category Cc: NUL, BEL, ESC, DEL, C1 …), a line or paragraph
//!   separator (U+2028, U+2029), a bidirectional embedding, override or
//!   isolate (U+202A–U+202E, U+2066–U+2069: they make a name read
//!   differently from what it is, "Trojan source"), a byte-order mark or
//!   interlinear annotation (U+FEFF, U+FFF9–U+FFFB) or a noncharacter;
//! - except that a text of several lines (descriptions, needs, answers,
//!   messages, reminder bodies) keeps its line breaks (`\r\n` and `\r`
//!   become `\n`) and tabs;
//! - then bounded in characters (`TOO_LONG`).
//!
//! Marks that change how a text joins or reads without hiding anything
//! (zero-width joiners in emoji and Indic scripts, left-to-right and
//! right-to-left marks, soft hyphens) are kept.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::mail::MailAddress;

use super::{Error, ErrorCode, FieldError};
use crate::i18n::Locale;

/// A language we write (`sv`, `nb`, `en`; lenient about regions and case,
/// see [`Locale::parse`]), or a `field` error naming the ones we write.
pub fn parse_locale(field: &str, tag: &str) -> Result<Locale, Error> {
    Locale::parse(tag).ok_or_else(|| {
        Error::field(
            field,
            ErrorCode::Invalid,
            format!(
                "{field}: {:?} is not a language we write; one of {}",
                tag.chars().take(20).collect::<String>(),
                Locale::ALL.map(Locale::as_str).join(", ")
            ),
        )
    })
}

/// The domain of an (already normalised) email address.
pub fn domain_of(email: &str) -> Option<&str> {
    email.rsplit_once('@').map(|(_, domain)| domain)
}

/// Longest name or title.
pub const NAME_MAX: usize = 200;
/// Longest description.
pub const DESCRIPTION_MAX: usize = 20_000;
/// Longest short text (room, provider, passcode …).
pub const SHORT_MAX: usize = 200;
/// Longest URL.
pub const URL_MAX: usize = 2048;
/// Longest focus-area list.
pub const FOCUS_AREAS_MAX: usize = 50;

/// How many lines a text may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// A name, a title, a label, a search: one line, no control character.
    One,
    /// A description, needs, an answer, a message, a mail body: line
    /// breaks (as `\n`) and tabs are kept.
    Many,
}

/// Whether `c` may stand in a text of `lines`.
fn allowed(c: char, lines: Lines) -> bool {
    match c {
        '\n' | '\t' => lines == Lines::Many,
        '\u{2028}' | '\u{2029}' => false,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => false,
        '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}' => false,
        '\u{FDD0}'..='\u{FDEF}' => false,
        c if (u32::from(c) & 0xFFFE) == 0xFFFE => false,
        c => !c.is_control(),
    }
}

/// The one rule for text people type (see the module's documentation):
/// the text NFC-normalised and trimmed, line breaks as `\n` when it may
/// hold several lines; or the first character it may not hold.
pub fn clean_text(value: &str, lines: Lines) -> Result<String, char> {
    use unicode_normalization::UnicodeNormalization;
    let value = if lines == Lines::Many && value.contains('\r') {
        value.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        value.to_owned()
    };
    let value: String = value.nfc().collect();
    let value = value.trim();
    match value.chars().find(|&c| !allowed(c, lines)) {
        Some(bad) => Err(bad),
        None => Ok(value.to_owned()),
    }
}

/// Collects field errors while an input is checked.
#[derive(Debug, Default)]
pub struct Errors(Vec<FieldError>);

impl Errors {
    /// No errors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an error.
    pub fn push(&mut self, field: &str, code: ErrorCode, message: impl Into<String>) {
        self.0.push(FieldError::new(field, code, message));
    }

    /// The errors found, to join those of a check that collects its own.
    pub fn into_vec(self) -> Vec<FieldError> {
        self.0
    }

    /// Whether any error was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of a check of its own: its field errors are collected
    /// here (`None`), any other error is returned.
    pub fn take<T>(&mut self, checked: Result<T, Error>) -> Result<Option<T>, Error> {
        match checked {
            Ok(value) => Ok(Some(value)),
            Err(Error::Invalid(errors)) => {
                self.0.extend(errors);
                Ok(None)
            }
            Err(other) => Err(other),
        }
    }

    /// `Ok(())` when no error was found.
    pub fn finish(self) -> Result<(), Error> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(self.0))
        }
    }

    /// A text through [`clean_text`], at most `max` characters; may be
    /// empty. What the rule refuses is an `INVALID` error on `field`.
    pub fn text(&mut self, field: &str, value: &str, lines: Lines, max: usize) -> String {
        match clean_text(value, lines) {
            Ok(clean) => {
                if clean.chars().count() > max {
                    self.push(
                        field,
                        ErrorCode::TooLong,
                        format!("{field} must be at most {max} characters"),
                    );
                }
                clean
            }
            Err(bad) => {
                let what = if bad == '\n' || bad == '\r' {
                    "a line break".to_owned()
                } else {
                    format!("the control character U+{:04X}", u32::from(bad))
                };
                self.push(
                    field,
                    ErrorCode::Invalid,
                    format!("{field} must not contain {what}"),
                );
                value.trim().to_owned()
            }
        }
    }

    /// A required one-line text of at most `max` characters.
    pub fn required_text(&mut self, field: &str, value: &str, max: usize) -> String {
        let clean = self.text(field, value, Lines::One, max);
        if clean.is_empty() {
            self.push(
                field,
                ErrorCode::Required,
                format!("{field} must not be blank"),
            );
        }
        clean
    }

    /// An optional one-line text: blank becomes `None`.
    pub fn optional_text(
        &mut self,
        field: &str,
        value: Option<&str>,
        max: usize,
    ) -> Option<String> {
        Some(self.text(field, value?, Lines::One, max)).filter(|v| !v.is_empty())
    }

    /// An optional text of several lines: blank becomes `None`.
    pub fn optional_lines(
        &mut self,
        field: &str,
        value: Option<&str>,
        max: usize,
    ) -> Option<String> {
        Some(self.text(field, value?, Lines::Many, max)).filter(|v| !v.is_empty())
    }

    /// A text of several lines of at most `max` characters (may be empty).
    pub fn text_of_lines(&mut self, field: &str, value: &str, max: usize) -> String {
        self.text(field, value, Lines::Many, max)
    }

    /// A long free text of several lines (may be empty).
    pub fn description(&mut self, field: &str, value: &str) -> String {
        self.text(field, value, Lines::Many, DESCRIPTION_MAX)
    }

    /// An IANA time zone name such as `Europe/Stockholm`.
    pub fn time_zone(&mut self, field: &str, value: &str) -> String {
        let value = value.trim();
        if parse_time_zone(value).is_none() {
            self.push(
                field,
                ErrorCode::InvalidTimeZone,
                format!("{value:?} is not an IANA time zone such as Europe/Stockholm"),
            );
        }
        value.to_owned()
    }

    /// An http(s) URL.
    pub fn url(&mut self, field: &str, value: Option<&str>) -> Option<String> {
        let value = value.map(str::trim).filter(|v| !v.is_empty())?;
        if value.len() > URL_MAX {
            self.push(field, ErrorCode::TooLong, format!("{field} is too long"));
        } else if !crate::text::is_http_url(value) {
            self.push(
                field,
                ErrorCode::InvalidUrl,
                format!("{field} must be an http:// or https:// URL"),
            );
        }
        Some(value.to_owned())
    }

    /// A capacity: absent means unlimited, otherwise at least zero.
    pub fn capacity(&mut self, field: &str, value: Option<i32>) -> Option<i32> {
        if let Some(v) = value
            && v < 0
        {
            self.push(
                field,
                ErrorCode::OutOfRange,
                format!("{field} must be 0 or more"),
            );
        }
        value
    }

    /// `end` strictly after `start`.
    pub fn time_range(&mut self, field: &str, start: DateTime<Utc>, end: DateTime<Utc>) {
        if end <= start {
            self.push(
                field,
                ErrorCode::InvalidTimeRange,
                format!("{field} must be after the start"),
            );
        }
    }

    /// A locale Träffpunkt has texts for.
    pub fn locale(&mut self, field: &str, value: &str) -> String {
        let value = value.trim().to_ascii_lowercase();
        if !matches!(value.as_str(), "sv" | "nb" | "en") {
            self.push(
                field,
                ErrorCode::Invalid,
                format!("{field} must be sv, nb or en"),
            );
        }
        value
    }
}

/// Longest search text.
pub const SEARCH_MAX: usize = 200;

/// Search words under the text rule (one line, at most [`SEARCH_MAX`]
/// characters): blank is no search; a refused one is an input error on
/// `field`, as a stored text would be.
pub fn search_words(field: &str, value: Option<&str>) -> Result<Option<String>, Error> {
    let mut errors = Errors::new();
    let words = errors.optional_text(field, value, SEARCH_MAX);
    errors.finish()?;
    Ok(words)
}

/// Every word of `search` (folded like the search keys) occurs in `column`.
pub fn words_like(column: impl sea_orm::ColumnTrait, search: &str) -> sea_orm::Condition {
    use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
    let mut condition = sea_orm::Condition::all();
    for word in crate::text::fold(search).split_whitespace() {
        let pattern = format!("%{}%", crate::text::like_escape(word));
        condition = condition.add(Expr::col(column).like(LikeExpr::new(pattern).escape('\\')));
    }
    condition
}

/// Parses an IANA zone name.
pub fn parse_time_zone(value: &str) -> Option<Tz> {
    value.parse::<Tz>().ok()
}

/// An email address as it is stored: Unicode-normalised (NFC: a composed and
/// a decomposed "Åsa" are the same address) and lower-cased, accepted only
/// when the mailer can send to it ([`MailAddress::parse`], the one rule for
/// what an address is).
pub fn parse_email(value: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    let value: String = value.trim().nfc().collect::<String>().to_lowercase();
    MailAddress::parse(&value).ok().map(|_| value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(
            parse_email(" Anna@Example.SE "),
            Some("anna@example.se".into())
        );
        assert_eq!(parse_email("no-at-sign"), None);
        assert_eq!(parse_email("a@b"), None);
        // What the mailer would refuse is refused here too.
        assert_eq!(parse_email("a@-x-.se"), None);
        assert_eq!(parse_email("a..b@x.se"), None);
        assert_eq!(
            parse_email("Åse@Tromsø.Kommune.no"),
            Some("åse@tromsø.kommune.no".into())
        );
        let composed = "\u{c5}sa@example.se";
        let decomposed = "A\u{30a}sa@example.se";
        assert_eq!(parse_email(composed), parse_email(decomposed));
    }

    #[test]
    fn text_is_composed_and_trimmed() {
        assert_eq!(
            clean_text("  A\u{30a}sa ", Lines::One),
            Ok("\u{c5}sa".into())
        );
        assert_eq!(
            clean_text("Göteborgs Stad", Lines::One),
            Ok("Göteborgs Stad".into())
        );
        // Joiners and direction marks are kept: emoji and right-to-left names.
        assert_eq!(
            clean_text("👩\u{200d}💻 \u{200f}", Lines::One),
            Ok("👩\u{200d}💻 \u{200f}".into())
        );
    }

    #[test]
    fn control_characters_are_refused() {
        for bad in ['\0', '\u{7}', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}'] {
            for lines in [Lines::One, Lines::Many] {
                assert_eq!(clean_text(&format!("Anna{bad}Berg"), lines), Err(bad));
            }
        }
        for bad in [
            '\u{2028}', '\u{2029}', '\u{202e}', '\u{2066}', '\u{feff}', '\u{fffe}',
        ] {
            assert_eq!(clean_text(&format!("a{bad}b"), Lines::Many), Err(bad));
        }
    }

    #[test]
    fn only_texts_of_several_lines_keep_line_breaks_and_tabs() {
        assert_eq!(
            clean_text("Rad ett\r\nRad två\rRad tre\n\tindrag\n", Lines::Many),
            Ok("Rad ett\nRad två\nRad tre\n\tindrag".into())
        );
        assert_eq!(clean_text("Anna\nBerg", Lines::One), Err('\n'));
        assert_eq!(clean_text("Anna\tBerg", Lines::One), Err('\t'));
        // At the ends they are whitespace, trimmed away.
        assert_eq!(clean_text("\tAnna\r\n", Lines::One), Ok("Anna".into()));
    }

    #[test]
    fn errors_name_the_field() {
        let mut errors = Errors::new();
        assert_eq!(
            errors.required_text("name", "Anna\u{0}", NAME_MAX),
            "Anna\u{0}"
        );
        assert_eq!(errors.optional_text("title", Some("  "), NAME_MAX), None);
        assert_eq!(errors.required_text("city", "", NAME_MAX), "");
        assert_eq!(
            errors
                .description("about", &"å".repeat(DESCRIPTION_MAX + 1))
                .len(),
            2 * (DESCRIPTION_MAX + 1)
        );
        let found: Vec<(String, ErrorCode)> = errors
            .into_vec()
            .into_iter()
            .map(|e| (e.field.join("."), e.code))
            .collect();
        assert_eq!(
            found,
            [
                ("name".to_owned(), ErrorCode::Invalid),
                ("city".to_owned(), ErrorCode::Required),
                ("about".to_owned(), ErrorCode::TooLong),
            ]
        );
    }

    #[test]
    fn zones() {
        assert!(parse_time_zone("Europe/Stockholm").is_some());
        assert!(parse_time_zone("Europe/Oslo").is_some());
        assert!(parse_time_zone("Mars/Olympus").is_none());
    }
}
