//! Parsing of input values into validated domain values. Each function checks
//! one kind of value and collects field errors instead of stopping at the first.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::{Error, ErrorCode, FieldError};

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

    /// Whether any error was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when no error was found.
    pub fn finish(self) -> Result<(), Error> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(self.0))
        }
    }

    /// A required, trimmed text of at most `max` characters.
    pub fn required_text(&mut self, field: &str, value: &str, max: usize) -> String {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            self.push(
                field,
                ErrorCode::Required,
                format!("{field} must not be blank"),
            );
        } else if trimmed.chars().count() > max {
            self.push(
                field,
                ErrorCode::TooLong,
                format!("{field} must be at most {max} characters"),
            );
        }
        trimmed.to_owned()
    }

    /// An optional text: blank becomes `None`.
    pub fn optional_text(
        &mut self,
        field: &str,
        value: Option<&str>,
        max: usize,
    ) -> Option<String> {
        let trimmed = value.map(str::trim).filter(|v| !v.is_empty())?;
        if trimmed.chars().count() > max {
            self.push(
                field,
                ErrorCode::TooLong,
                format!("{field} must be at most {max} characters"),
            );
        }
        Some(trimmed.to_owned())
    }

    /// A long free text (may be empty).
    pub fn description(&mut self, field: &str, value: &str) -> String {
        if value.chars().count() > DESCRIPTION_MAX {
            self.push(
                field,
                ErrorCode::TooLong,
                format!("{field} must be at most {DESCRIPTION_MAX} characters"),
            );
        }
        value.trim().to_owned()
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
        } else if !is_http_url(value) {
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

/// Whether `value` is an absolute http(s) URL with a host.
pub fn is_http_url(value: &str) -> bool {
    let rest = if let Some(rest) = value.strip_prefix("https://") {
        rest
    } else if let Some(rest) = value.strip_prefix("http://") {
        rest
    } else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    !host.is_empty()
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
        && !host.contains('@')
}

/// An email address, Unicode-normalised (NFC: a composed and a decomposed
/// "Åsa" are the same address), lower-cased and checked for the obvious shape.
pub fn parse_email(value: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    let value: String = value.trim().nfc().collect::<String>().to_lowercase();
    let (local, domain) = value.split_once('@')?;
    let ok = !local.is_empty()
        && local.len() <= 64
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && value.len() <= 254
        && !value
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>' || c == ',');
    ok.then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert!(is_http_url("https://meet.webex.com/meet/abc?x=1"));
        assert!(is_http_url("http://localhost:8080"));
        assert!(!is_http_url("javascript:alert(1)"));
        assert!(!is_http_url("ftp://x"));
        assert!(!is_http_url("https://"));
        assert!(!is_http_url("https://a b"));
    }

    #[test]
    fn emails() {
        assert_eq!(
            parse_email(" Anna@Example.SE "),
            Some("anna@example.se".into())
        );
        assert_eq!(parse_email("no-at-sign"), None);
        assert_eq!(parse_email("a@b"), None);
        let composed = "\u{c5}sa@example.se";
        let decomposed = "A\u{30a}sa@example.se";
        assert_eq!(parse_email(composed), parse_email(decomposed));
    }

    #[test]
    fn zones() {
        assert!(parse_time_zone("Europe/Stockholm").is_some());
        assert!(parse_time_zone("Europe/Oslo").is_some());
        assert!(parse_time_zone("Mars/Olympus").is_none());
    }
}
