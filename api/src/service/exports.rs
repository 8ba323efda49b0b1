//! The organisers' CSV export of an event's registrations, for Excel and
//! LibreOffice: UTF-8 with a byte-order mark (so Excel shows å ä ö), one row
//! per registration, RFC 4180 quoting.
//!
//! - **Separator**: `;` by default, which Swedish (and Norwegian, German…)
//!   Excel expects: in locales whose decimal mark is a comma, Excel's list
//!   separator is `;`, and a double-clicked comma-separated file opens as one
//!   column. [`Separator::Comma`] gives plain RFC 4180 for other tools. No
//!   `sep=` line is written: with one, Excel ignores the byte-order mark.
//! - **Quoting**: a value holding the separator, a quote, a line break or a
//!   leading/trailing space is quoted, quotes doubled; lines end in CRLF.
//! - **Formulas**: a value a participant typed that starts with `=`, `+`,
//!   `-`, `@`, a tab or a carriage return gets a leading `'`, so that a
//!   spreadsheet shows it as text instead of running it (CSV injection).
//! - **Columns**: name, email, organisation (the known one, or as the guest
//!   wrote it), mode, status, waiting-list position, registered at and checked
//!   in at (local time in the event's zone, `YYYY-MM-DD HH:MM:SS`, the zone in
//!   the header), accessibility needs, dietary needs, consent given at, then
//!   one column per question of the form (its label as header; the options of
//!   a multiple-choice answer joined with `, `). Answers to questions removed
//!   from the form are not exported.
//! - **Language**: the headers are in the language asked for (`?lang=`),
//!   else the organiser's preference (`updateViewer`), else the network's
//!   default; values stay codes (`IN_PERSON`, `CONFIRMED`) that filters
//!   and formulas can match whatever the language.
//!
//! Three statements, whatever the number of registrations: questions,
//! registrations, and the people and organisations they name.

use chrono::{DateTime, Utc};
use entities::{event, network, person};
use sea_orm::EntityTrait;

use super::registrations::RegistrationFilter;
use super::validate::parse_time_zone;
use super::{Context, Result};
use crate::i18n::{self, Locale};
use crate::ids::EventId;

/// The byte-order mark that tells Excel the file is UTF-8.
pub const BOM: &str = "\u{feff}";

/// What separates the values of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Separator {
    /// `;`, what Excel in Nordic locales expects (the default).
    #[default]
    Semicolon,
    /// `,`, plain RFC 4180.
    Comma,
}

impl Separator {
    fn char(self) -> char {
        match self {
            Self::Semicolon => ';',
            Self::Comma => ',',
        }
    }
}

/// A finished export.
#[derive(Debug, Clone)]
pub struct CsvExport {
    /// A file name for `Content-Disposition`, ASCII only, e.g.
    /// `registrations-hostkonferens-2026-09-18.csv`.
    pub filename: String,
    /// The file: BOM, header row, one row per registration.
    pub body: String,
    /// Number of registrations (rows after the header).
    pub rows: usize,
}

/// Writes one CSV value, quoted when needed.
fn push_value(out: &mut String, value: &str, separator: char) {
    let needs_quotes = value.contains(separator)
        || value.contains(['"', '\n', '\r'])
        || value.starts_with(' ')
        || value.ends_with(' ');
    if needs_quotes {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

/// A value a participant typed, defused so that a spreadsheet shows it as text.
fn text(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    }
}

/// Writes a row of values.
fn push_row(out: &mut String, values: &[String], separator: char) {
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            out.push(separator);
        }
        push_value(out, value, separator);
    }
    out.push_str("\r\n");
}

/// An instant in the event's zone, as spreadsheets read dates.
fn local(at: Option<DateTime<Utc>>, zone: Option<chrono_tz::Tz>) -> String {
    let Some(at) = at else {
        return String::new();
    };
    match zone {
        Some(tz) => at
            .with_timezone(&tz)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string(),
        None => at.format("%Y-%m-%d %H:%M:%S").to_string(),
    }
}

/// The export's file name: the event's title as a slug and its local date.
fn filename(event: &event::Model, zone: Option<chrono_tz::Tz>) -> String {
    let date = match zone {
        Some(tz) => event.starts_at.with_timezone(&tz).date_naive(),
        None => event.starts_at.date_naive(),
    };
    let slug = crate::text::slugify(&event.title);
    let slug = if slug.is_empty() {
        "event".into()
    } else {
        slug
    };
    format!("registrations-{slug}-{date}.csv")
}

/// The language of an organiser's export: their preference, else the
/// network's default, else Swedish.
async fn organiser_locale(cx: &Context, event: &event::Model) -> Result<Locale> {
    let mine = match cx.viewer.person_id() {
        Some(me) => person::Entity::find_by_id(me.0)
            .one(&cx.db)
            .await?
            .and_then(|p| p.locale),
        None => None,
    };
    let network = network::Entity::find_by_id(event.network_id)
        .one(&cx.db)
        .await?
        .map(|n| n.default_locale);
    Ok(Locale::choose(mine.as_deref(), network.as_deref()))
}

/// The header row before the questions, in `locale`; times name `zone`.
fn headers(locale: Locale, zone: &str) -> Vec<String> {
    let h = i18n::csv::headers(locale);
    vec![
        h.name.to_owned(),
        h.email.to_owned(),
        h.organisation.to_owned(),
        h.mode.to_owned(),
        h.status.to_owned(),
        h.waitlist_position.to_owned(),
        format!("{} ({zone})", h.registered_at),
        format!("{} ({zone})", h.checked_in_at),
        h.accessibility_needs.to_owned(),
        h.dietary_needs.to_owned(),
        format!("{} ({zone})", h.consent_given_at),
    ]
}

/// The registrations of an event as CSV, for its organisers: the event must
/// be one the viewer sees (`NotFound` otherwise), and the viewer must manage
/// its network (`Unauthenticated` / `Forbidden`, as for the GraphQL list).
pub async fn registrations_csv(
    cx: &Context,
    event_id: EventId,
    filter: &RegistrationFilter,
    separator: Separator,
    locale: Option<Locale>,
) -> Result<CsvExport> {
    let super::roster::Roster {
        event,
        questions,
        entries,
        ..
    } = super::roster::roster(cx, event_id, filter, None).await?;
    let zone = parse_time_zone(&event.time_zone);
    let sep = separator.char();
    let locale = match locale {
        Some(locale) => locale,
        None => organiser_locale(cx, &event).await?,
    };
    let mut body = String::from(BOM);
    let mut header = headers(locale, &event.time_zone);
    header.extend(questions.iter().map(|q| text(&q.label)));
    push_row(&mut body, &header, sep);

    for entry in &entries {
        let r = entry.registration.model();
        let mut values = vec![
            text(&entry.name),
            text(&entry.email),
            text(entry.organisation.as_deref().unwrap_or_default()),
            r.mode.as_str().to_owned(),
            r.status.as_str().to_owned(),
            r.waitlist_position
                .map(|p| p.to_string())
                .unwrap_or_default(),
            local(Some(r.created_at), zone),
            local(r.checked_in_at, zone),
            text(r.accessibility_needs.as_deref().unwrap_or_default()),
            text(r.dietary_needs.as_deref().unwrap_or_default()),
            local(r.consented_at, zone),
        ];
        values.extend(entry.answers.iter().map(|a| text(a)));
        push_row(&mut body, &values, sep);
    }
    Ok(CsvExport {
        filename: filename(&event, zone),
        body,
        rows: entries.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_quoted_as_rfc_4180_says() {
        let mut out = String::new();
        push_row(
            &mut out,
            &[
                "plain".into(),
                "semi;colon".into(),
                "say \"hej\"".into(),
                "two\nlines".into(),
                "comma,ok".into(),
                " padded".into(),
                String::new(),
            ],
            ';',
        );
        assert_eq!(
            out,
            "plain;\"semi;colon\";\"say \"\"hej\"\"\";\"two\nlines\";comma,ok;\" padded\";\r\n"
        );
        let mut comma = String::new();
        push_row(&mut comma, &["comma,quoted".into(), "semi;not".into()], ',');
        assert_eq!(comma, "\"comma,quoted\",semi;not\r\n");
    }

    #[test]
    fn formulas_are_shown_as_text() {
        assert_eq!(text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text("+46 31 123"), "'+46 31 123");
        assert_eq!(text("@sum"), "'@sum");
        assert_eq!(text("Åsa"), "Åsa");
    }
}
