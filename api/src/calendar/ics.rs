//! An iCalendar serializer (RFC 5545, with the calendar and event properties of
//! RFC 7986): a small data model of a calendar feed and its rendering.
//!
//! The model is [`Calendar`] with its [`Event`]s; [`Calendar::render`] turns it
//! into the text of a `text/calendar` document. There is no database and no
//! HTTP here: feed code maps events onto this model.
//!
//! What the rendering guarantees:
//!
//! - every line ends with CRLF, and content lines are folded so that no physical
//!   line is longer than 75 octets; a fold never splits a UTF-8 sequence and,
//!   where it can, never leaves a line ending in whitespace (some parsers trim
//!   it, which would lose the space when the line is unfolded);
//! - TEXT values are escaped (`\\`, `\;`, `\,`, `\n`) and control characters
//!   other than tab are removed from every value, so no value can break the
//!   line structure;
//! - parameter values are quoted when they contain `:`, `;` or `,` or are
//!   empty; a DQUOTE (not allowed inside a parameter value) becomes `'`, and a
//!   line break becomes a space;
//! - date-times are written in the event's IANA zone with a `TZID` and a
//!   matching `VTIMEZONE` computed from chrono-tz, or in UTC (`…Z`) when the
//!   zone is UTC, unknown, or the local time would be ambiguous;
//! - the output is deterministic: calendar properties, then one `VTIMEZONE` per
//!   zone in use (sorted by TZID), then the events in the order given.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz, TzOffset};

/// The media type of a rendered calendar.
pub const CONTENT_TYPE: &str = "text/calendar; charset=utf-8";

/// The `PRODID` used when none is given.
pub const DEFAULT_PROD_ID: &str = "-//Träffpunkt//Träffpunkt//SV";

/// The longest physical line, in octets, not counting the CRLF (RFC 5545 §3.1).
pub const MAX_LINE_OCTETS: usize = 75;

/// Line break of the iCalendar format.
const CRLF: &str = "\r\n";

/// The step of the scan for UTC-offset changes of a zone.
const SCAN_STEP_SECONDS: i64 = 24 * 60 * 60;

/// Zone names that are rendered as UTC (`…Z`) rather than with a `TZID`.
const UTC_ZONES: &[&str] = &[
    "UTC",
    "Etc/UTC",
    "Etc/UCT",
    "UCT",
    "Etc/Universal",
    "Universal",
    "Etc/Zulu",
    "Zulu",
    "GMT",
    "Etc/GMT",
    "Etc/GMT+0",
    "Etc/GMT-0",
    "Etc/GMT0",
    "GMT+0",
    "GMT-0",
    "GMT0",
    "Etc/Greenwich",
    "Greenwich",
];

/// The iTIP method of a calendar (RFC 5546); feeds use [`Method::Publish`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `PUBLISH`: a feed or a one-way publication.
    Publish,
    /// `REQUEST`: an invitation.
    Request,
    /// `CANCEL`: a cancellation.
    Cancel,
}

impl Method {
    /// The iCalendar value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Publish => "PUBLISH",
            Self::Request => "REQUEST",
            Self::Cancel => "CANCEL",
        }
    }
}

/// The `STATUS` of an event.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Status {
    /// `CONFIRMED`.
    #[default]
    Confirmed,
    /// `TENTATIVE`.
    Tentative,
    /// `CANCELLED`.
    Cancelled,
}

impl Status {
    /// The iCalendar value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Confirmed => "CONFIRMED",
            Self::Tentative => "TENTATIVE",
            Self::Cancelled => "CANCELLED",
        }
    }
}

/// The `TRANSP` of an event: whether it blocks time in free/busy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transparency {
    /// `OPAQUE`: busy.
    Opaque,
    /// `TRANSPARENT`: free.
    Transparent,
}

impl Transparency {
    /// The iCalendar value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Opaque => "OPAQUE",
            Self::Transparent => "TRANSPARENT",
        }
    }
}

/// The `CLASS` (access classification) of an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// `PUBLIC`.
    Public,
    /// `PRIVATE`.
    Private,
    /// `CONFIDENTIAL`.
    Confidential,
}

impl Class {
    /// The iCalendar value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Public => "PUBLIC",
            Self::Private => "PRIVATE",
            Self::Confidential => "CONFIDENTIAL",
        }
    }
}

/// The `ORGANIZER` of an event: `ORGANIZER;CN=<name>:mailto:<email>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Organizer {
    /// Display name, the `CN` parameter; left out when blank.
    pub name: String,
    /// E-mail address, without `mailto:`.
    pub email: String,
}

/// A participant's answer to an invitation (`PARTSTAT`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartStat {
    /// `ACCEPTED`: a confirmed seat.
    Accepted,
    /// `TENTATIVE`: waiting (a waiting list, an application).
    Tentative,
    /// `DECLINED`: no longer coming (a cancelled registration).
    Declined,
}

impl PartStat {
    /// The iCalendar value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accepted => "ACCEPTED",
            Self::Tentative => "TENTATIVE",
            Self::Declined => "DECLINED",
        }
    }
}

/// The recipient of an invitation as its `ATTENDEE`:
/// `ATTENDEE;CN=<name>;ROLE=REQ-PARTICIPANT;PARTSTAT=…;RSVP=FALSE:mailto:<email>`.
/// Personal data: only ever in that person's own mail, never in a feed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attendee {
    /// Display name, the `CN` parameter; left out when blank.
    pub name: String,
    /// E-mail address, without `mailto:`.
    pub email: String,
    /// Their answer; Träffpunkt asks for none (`RSVP=FALSE`): the
    /// registration is the answer.
    pub part_stat: PartStat,
}

/// An online meeting of an event (RFC 7986 `CONFERENCE`), written as
/// `CONFERENCE;VALUE=URI;FEATURE=AUDIO,VIDEO;LABEL=<label>:<url>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conference {
    /// Join URL.
    pub url: String,
    /// Human-readable label, the `LABEL` parameter; left out when blank.
    pub label: Option<String>,
}

/// One `VEVENT`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Globally unique, stable identifier (`UID`).
    pub uid: String,
    /// `DTSTAMP`, always UTC. With a `METHOD` (an invitation), when this
    /// representation was made; without one (a feed), when the event last
    /// changed (RFC 5545 §3.8.7.2), which also keeps a feed's bytes the same
    /// from one request to the next.
    pub dtstamp: DateTime<Utc>,
    /// When the event was created (`CREATED`).
    pub created: Option<DateTime<Utc>>,
    /// When the event was last changed (`LAST-MODIFIED`).
    pub last_modified: Option<DateTime<Utc>>,
    /// Revision (`SEQUENCE`); negative values are written as 0.
    pub sequence: i32,
    /// Start instant (`DTSTART`).
    pub starts_at: DateTime<Utc>,
    /// End instant (`DTEND`); left out unless later than the start.
    pub ends_at: DateTime<Utc>,
    /// IANA zone the event takes place in, e.g. `Europe/Stockholm`. Times are
    /// written as local times in this zone; UTC or an unknown zone gives UTC.
    pub time_zone: String,
    /// `STATUS`.
    pub status: Status,
    /// Title (`SUMMARY`).
    pub summary: String,
    /// Plain-text description (`DESCRIPTION`).
    pub description: Option<String>,
    /// Where (`LOCATION`).
    pub location: Option<String>,
    /// Page of the event (`URL`).
    pub url: Option<String>,
    /// `ORGANIZER`.
    pub organizer: Option<Organizer>,
    /// `ATTENDEE`: the recipient of an invitation; `None` in feeds.
    pub attendee: Option<Attendee>,
    /// Online meeting (`CONFERENCE`).
    pub conference: Option<Conference>,
    /// `CATEGORIES`; blank ones are skipped.
    pub categories: Vec<String>,
    /// `TRANSP`.
    pub transparency: Option<Transparency>,
    /// `CLASS`.
    pub class: Option<Class>,
}

impl Event {
    /// An event with the required values; the others are empty, the status is
    /// confirmed and the sequence 0.
    pub fn new(
        uid: impl Into<String>,
        summary: impl Into<String>,
        starts_at: DateTime<Utc>,
        ends_at: DateTime<Utc>,
        time_zone: impl Into<String>,
        dtstamp: DateTime<Utc>,
    ) -> Self {
        Self {
            uid: uid.into(),
            dtstamp,
            created: None,
            last_modified: None,
            sequence: 0,
            starts_at,
            ends_at,
            time_zone: time_zone.into(),
            status: Status::Confirmed,
            summary: summary.into(),
            description: None,
            location: None,
            url: None,
            organizer: None,
            attendee: None,
            conference: None,
            categories: Vec::new(),
            transparency: None,
            class: None,
        }
    }
}

/// One `VCALENDAR`: a feed or a single-event download.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calendar {
    /// `PRODID`.
    pub prod_id: String,
    /// `METHOD`.
    pub method: Option<Method>,
    /// Calendar name (`NAME` and `X-WR-CALNAME`).
    pub name: Option<String>,
    /// Calendar description (`DESCRIPTION` and `X-WR-CALDESC`).
    pub description: Option<String>,
    /// Default zone shown by clients (`X-WR-TIMEZONE`), an IANA name.
    pub time_zone: Option<String>,
    /// How often subscribers should refresh (`REFRESH-INTERVAL` and
    /// `X-PUBLISHED-TTL`); left out unless at least one second.
    pub refresh_interval: Option<Duration>,
    /// The events, rendered in this order.
    pub events: Vec<Event>,
}

impl Default for Calendar {
    fn default() -> Self {
        Self {
            prod_id: DEFAULT_PROD_ID.to_owned(),
            method: None,
            name: None,
            description: None,
            time_zone: None,
            refresh_interval: None,
            events: Vec::new(),
        }
    }
}

impl Calendar {
    /// An empty calendar with the default `PRODID`.
    pub fn new() -> Self {
        Self::default()
    }

    /// The calendar as an iCalendar document (CRLF line ends, folded lines).
    pub fn render(&self) -> String {
        let mut out = String::new();
        write_line(&mut out, &ContentLine::new("BEGIN").value("VCALENDAR"));
        self.write_properties(&mut out);
        for (tz, years) in zones_in_use(&self.events).into_values() {
            write_time_zone(&mut out, tz, years);
        }
        for event in &self.events {
            write_event(&mut out, event);
        }
        write_line(&mut out, &ContentLine::new("END").value("VCALENDAR"));
        out
    }

    /// Writes the calendar's own properties.
    fn write_properties(&self, out: &mut String) {
        write_line(out, &ContentLine::new("VERSION").value("2.0"));
        write_line(out, &ContentLine::new("PRODID").text(&self.prod_id));
        write_line(out, &ContentLine::new("CALSCALE").value("GREGORIAN"));
        if let Some(method) = self.method {
            write_line(out, &ContentLine::new("METHOD").value(method.as_str()));
        }
        if let Some(name) = non_blank(self.name.as_deref()) {
            write_line(out, &ContentLine::new("NAME").text(name));
            write_line(out, &ContentLine::new("X-WR-CALNAME").text(name));
        }
        if let Some(description) = non_blank(self.description.as_deref()) {
            write_line(out, &ContentLine::new("DESCRIPTION").text(description));
            write_line(out, &ContentLine::new("X-WR-CALDESC").text(description));
        }
        if let Some(zone) = non_blank(self.time_zone.as_deref()) {
            write_line(out, &ContentLine::new("X-WR-TIMEZONE").text(zone.trim()));
        }
        if let Some(interval) = self.refresh_interval.filter(|d| d.num_seconds() > 0) {
            let value = format_duration(interval);
            write_line(
                out,
                &ContentLine::new("REFRESH-INTERVAL")
                    .param("VALUE", "DURATION")
                    .value(&value),
            );
            write_line(out, &ContentLine::new("X-PUBLISHED-TTL").value(&value));
        }
    }
}

/// One content line (RFC 5545 §3.1): a name, parameters and a value. It writes
/// itself with the parameter values quoted as needed and the line folded.
///
/// Names are expected to be iCalendar names (letters, digits and `-`); other
/// characters are dropped from them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContentLine {
    name: String,
    params: Vec<(String, Vec<String>)>,
    value: String,
}

impl ContentLine {
    /// A line with this property name and an empty value.
    pub fn new(name: &str) -> Self {
        Self {
            name: clean_name(name),
            params: Vec::new(),
            value: String::new(),
        }
    }

    /// Adds a parameter with one value, quoted when written if needed.
    pub fn param(self, name: &str, value: &str) -> Self {
        self.param_list(name, &[value])
    }

    /// Adds a parameter with a list of values (`FEATURE=AUDIO,VIDEO`); each
    /// value is quoted on its own if needed. An empty list is written as `""`.
    pub fn param_list(mut self, name: &str, values: &[&str]) -> Self {
        let values = values.iter().map(|value| (*value).to_owned()).collect();
        self.params.push((clean_name(name), values));
        self
    }

    /// Sets a value that is already in its iCalendar form (a date-time, a URI,
    /// a number …). Control characters other than tab are dropped when written.
    pub fn value(mut self, value: &str) -> Self {
        value.clone_into(&mut self.value);
        self
    }

    /// Sets a TEXT value, escaping it with [`escape_text`].
    pub fn text(mut self, text: &str) -> Self {
        self.value = escape_text(text);
        self
    }

    /// The logical (unfolded) line, without its CRLF.
    pub fn unfolded(&self) -> String {
        let mut line = self.name.clone();
        for (name, values) in &self.params {
            line.push(';');
            line.push_str(name);
            line.push('=');
            if values.is_empty() {
                line.push_str("\"\"");
            }
            for (index, value) in values.iter().enumerate() {
                if index > 0 {
                    line.push(',');
                }
                line.push_str(&param_value(value));
            }
        }
        line.push(':');
        line.extend(
            self.value
                .chars()
                .filter(|ch| *ch == '\t' || !ch.is_control()),
        );
        line
    }

    /// The folded line, ending in CRLF.
    pub fn render(&self) -> String {
        fold_line(&self.unfolded())
    }
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): `\` → `\\`, `;` → `\;`, `,` → `\,`
/// and a line break (LF, CRLF or CR) → `\n`. Control characters other than
/// tab are removed. `:` needs no escaping.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            ch if ch.is_control() => {}
            ch => out.push(ch),
        }
    }
    out
}

/// Folds one logical line (RFC 5545 §3.1) into physical lines of at most
/// [`MAX_LINE_OCTETS`] octets, each ending in CRLF, continuation lines starting
/// with one space. Folds fall between characters, never inside a UTF-8
/// sequence, and are moved before a run of trailing whitespace when the line
/// has other content, so no physical line ends in a space that a trimming
/// parser could lose. The line must not contain CR or LF.
pub fn fold_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 24 + 2);
    let mut start = 0;
    let mut budget = MAX_LINE_OCTETS;
    for (index, ch) in line.char_indices() {
        while index + ch.len_utf8() - start > budget {
            let segment = &line[start..index];
            let kept = segment.trim_end_matches([' ', '\t']);
            let end = if kept.is_empty() {
                index
            } else {
                start + kept.len()
            };
            out.push_str(&line[start..end]);
            out.push_str(CRLF);
            out.push(' ');
            start = end;
            budget = MAX_LINE_OCTETS - 1;
        }
    }
    out.push_str(&line[start..]);
    out.push_str(CRLF);
    out
}

/// Formats an instant as a UTC DATE-TIME: `20231018T110000Z`.
pub fn format_utc(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Formats a duration as an iCalendar DURATION (RFC 5545 §3.3.6): `PT1H`,
/// `P1D`, `P1DT2H0M5S`, `-PT15M`. Fractions of a second are dropped.
pub fn format_duration(duration: Duration) -> String {
    let total = duration.num_seconds();
    let sign = if total < 0 { "-" } else { "" };
    let total = total.unsigned_abs();
    let (days, rest) = (total / 86_400, total % 86_400);
    let (hours, minutes, seconds) = (rest / 3600, rest % 3600 / 60, rest % 60);
    let mut out = format!("{sign}P");
    if days > 0 {
        let _ = write!(out, "{days}D");
    }
    if rest > 0 || days == 0 {
        out.push('T');
        if hours > 0 {
            let _ = write!(out, "{hours}H");
        }
        if minutes > 0 || (hours > 0 && seconds > 0) {
            let _ = write!(out, "{minutes}M");
        }
        if seconds > 0 || rest == 0 {
            let _ = write!(out, "{seconds}S");
        }
    }
    out
}

/// Formats a UTC offset in seconds as `+HHMM`, or `+HHMMSS` when it has
/// seconds. Zero is `+0000` (`-0000` is not allowed).
fn format_utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let total = seconds.unsigned_abs();
    let (hours, minutes, secs) = (total / 3600, total % 3600 / 60, total % 60);
    if secs == 0 {
        format!("{sign}{hours:02}{minutes:02}")
    } else {
        format!("{sign}{hours:02}{minutes:02}{secs:02}")
    }
}

/// A stand-in zone abbreviation from an offset: `+02`, `-0330`.
fn offset_name(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let total = seconds.unsigned_abs();
    let (hours, minutes) = (total / 3600, total % 3600 / 60);
    if minutes == 0 {
        format!("{sign}{hours:02}")
    } else {
        format!("{sign}{hours:02}{minutes:02}")
    }
}

/// Formats a local (floating) DATE-TIME: `20231018T130000`.
fn format_local(at: NaiveDateTime) -> String {
    at.format("%Y%m%dT%H%M%S").to_string()
}

/// Appends the folded line to the output.
fn write_line(out: &mut String, line: &ContentLine) {
    out.push_str(&line.render());
}

/// Keeps the characters allowed in a property or parameter name, upper-cased.
fn clean_name(name: &str) -> String {
    name.chars()
        .filter(|ch| ch.is_ascii_alphanumeric() || *ch == '-')
        .map(|ch| ch.to_ascii_uppercase())
        .collect()
}

/// A parameter value as written: line breaks become spaces, other control
/// characters (but tab) are dropped, DQUOTE becomes `'`, and the value is put
/// in DQUOTEs when it is empty or contains `:`, `;` or `,`.
fn param_value(value: &str) -> String {
    let mut clean = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\r' => {
                chars.next_if_eq(&'\n');
                clean.push(' ');
            }
            '\n' => clean.push(' '),
            '"' => clean.push('\''),
            '\t' => clean.push('\t'),
            ch if ch.is_control() => {}
            ch => clean.push(ch),
        }
    }
    if clean.is_empty() || clean.contains([':', ';', ',']) {
        format!("\"{clean}\"")
    } else {
        clean
    }
}

/// A URI value: surrounding whitespace trimmed, inner spaces percent-encoded.
fn uri(value: &str) -> String {
    value.trim().replace(' ', "%20")
}

/// The text when it has more than whitespace.
fn non_blank(text: Option<&str>) -> Option<&str> {
    text.filter(|text| !text.trim().is_empty())
}

/// How an event's times are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Zone {
    /// In UTC, `…Z`.
    Utc,
    /// As local times with a `TZID`.
    Local(Tz),
}

impl Zone {
    /// The zone of an IANA name; UTC and its aliases, and unknown names, give UTC.
    fn of(name: &str) -> Self {
        match name.trim().parse::<Tz>() {
            Ok(tz) if !UTC_ZONES.contains(&tz.name()) => Self::Local(tz),
            _ => Self::Utc,
        }
    }
}

/// A DATE-TIME property for an instant: local time with a `TZID` in a local
/// zone, or UTC. A local time that the zone has twice (the hour repeated when
/// clocks go back) is read by clients as the first one, so for the second one
/// the UTC form is used.
fn date_time_line(name: &str, at: DateTime<Utc>, zone: Zone) -> ContentLine {
    if let Zone::Local(tz) = zone {
        let local = at.with_timezone(&tz).naive_local();
        let first = tz.from_local_datetime(&local).earliest();
        if first.map(|first| first.timestamp()) == Some(at.timestamp()) {
            return ContentLine::new(name)
                .param("TZID", tz.name())
                .value(&format_local(local));
        }
    }
    ContentLine::new(name).value(&format_utc(at))
}

/// Writes one `VEVENT`.
fn write_event(out: &mut String, event: &Event) {
    let zone = Zone::of(&event.time_zone);
    write_line(out, &ContentLine::new("BEGIN").value("VEVENT"));
    write_line(out, &ContentLine::new("UID").text(&event.uid));
    write_line(
        out,
        &ContentLine::new("DTSTAMP").value(&format_utc(event.dtstamp)),
    );
    if let Some(created) = event.created {
        write_line(
            out,
            &ContentLine::new("CREATED").value(&format_utc(created)),
        );
    }
    if let Some(modified) = event.last_modified {
        write_line(
            out,
            &ContentLine::new("LAST-MODIFIED").value(&format_utc(modified)),
        );
    }
    let sequence = event.sequence.max(0).to_string();
    write_line(out, &ContentLine::new("SEQUENCE").value(&sequence));
    write_line(out, &date_time_line("DTSTART", event.starts_at, zone));
    if event.ends_at > event.starts_at {
        write_line(out, &date_time_line("DTEND", event.ends_at, zone));
    }
    write_line(
        out,
        &ContentLine::new("STATUS").value(event.status.as_str()),
    );
    write_line(out, &ContentLine::new("SUMMARY").text(&event.summary));
    write_event_details(out, event);
    write_line(out, &ContentLine::new("END").value("VEVENT"));
}

/// Writes the optional properties of a `VEVENT`.
fn write_event_details(out: &mut String, event: &Event) {
    if let Some(description) = non_blank(event.description.as_deref()) {
        write_line(out, &ContentLine::new("DESCRIPTION").text(description));
    }
    if let Some(location) = non_blank(event.location.as_deref()) {
        write_line(out, &ContentLine::new("LOCATION").text(location));
    }
    if let Some(url) = non_blank(event.url.as_deref()) {
        write_line(out, &ContentLine::new("URL").value(&uri(url)));
    }
    if let Some(organizer) = &event.organizer {
        write_line(out, &organizer_line(organizer));
    }
    if let Some(attendee) = &event.attendee {
        write_line(out, &attendee_line(attendee));
    }
    let categories: Vec<String> = event
        .categories
        .iter()
        .filter(|category| !category.trim().is_empty())
        .map(|category| escape_text(category.trim()))
        .collect();
    if !categories.is_empty() {
        write_line(
            out,
            &ContentLine::new("CATEGORIES").value(&categories.join(",")),
        );
    }
    if let Some(transparency) = event.transparency {
        write_line(
            out,
            &ContentLine::new("TRANSP").value(transparency.as_str()),
        );
    }
    if let Some(class) = event.class {
        write_line(out, &ContentLine::new("CLASS").value(class.as_str()));
    }
    if let Some(conference) = &event.conference {
        write_line(out, &conference_line(conference));
    }
}

/// `ORGANIZER;CN=<name>:mailto:<email>`.
fn organizer_line(organizer: &Organizer) -> ContentLine {
    let mut line = ContentLine::new("ORGANIZER");
    if let Some(name) = non_blank(Some(&organizer.name)) {
        line = line.param("CN", name.trim());
    }
    line.value(&format!("mailto:{}", uri(&organizer.email)))
}

/// `ATTENDEE;CN=<name>;ROLE=REQ-PARTICIPANT;PARTSTAT=<answer>;RSVP=FALSE:mailto:<email>`.
fn attendee_line(attendee: &Attendee) -> ContentLine {
    let mut line = ContentLine::new("ATTENDEE");
    if let Some(name) = non_blank(Some(&attendee.name)) {
        line = line.param("CN", name.trim());
    }
    line.param("ROLE", "REQ-PARTICIPANT")
        .param("PARTSTAT", attendee.part_stat.as_str())
        .param("RSVP", "FALSE")
        .value(&format!("mailto:{}", uri(&attendee.email)))
}

/// `CONFERENCE;VALUE=URI;FEATURE=AUDIO,VIDEO;LABEL=<label>:<url>` (RFC 7986).
fn conference_line(conference: &Conference) -> ContentLine {
    let mut line = ContentLine::new("CONFERENCE")
        .param("VALUE", "URI")
        .param_list("FEATURE", &["AUDIO", "VIDEO"]);
    if let Some(label) = non_blank(conference.label.as_deref()) {
        line = line.param("LABEL", label.trim());
    }
    line.value(&uri(&conference.url))
}

/// The first and last year (in local time) that events of a zone touch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Years {
    first: i32,
    last: i32,
}

/// The local zones of the events, by name, with the years their events cover.
fn zones_in_use(events: &[Event]) -> BTreeMap<&'static str, (Tz, Years)> {
    let mut zones: BTreeMap<&'static str, (Tz, Years)> = BTreeMap::new();
    for event in events {
        let Zone::Local(tz) = Zone::of(&event.time_zone) else {
            continue;
        };
        for at in [event.starts_at, event.ends_at] {
            let year = at.with_timezone(&tz).year();
            let entry = zones.entry(tz.name()).or_insert((
                tz,
                Years {
                    first: year,
                    last: year,
                },
            ));
            entry.1.first = entry.1.first.min(year);
            entry.1.last = entry.1.last.max(year);
        }
    }
    zones
}

/// Whether an observance is standard or daylight-saving time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ObservanceKind {
    /// `STANDARD`.
    Standard,
    /// `DAYLIGHT`.
    Daylight,
}

/// One `STANDARD` or `DAYLIGHT` sub-component of a `VTIMEZONE`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Observance {
    kind: ObservanceKind,
    /// Local time, in the offset before the change, when it begins.
    starts: NaiveDateTime,
    offset_from: i32,
    offset_to: i32,
    name: String,
}

impl Observance {
    /// The observance that `after` begins at `at` (UTC), following `before`.
    fn new(at: NaiveDateTime, before: &TzOffset, after: &TzOffset) -> Option<Self> {
        let offset_from = before.fix().local_minus_utc();
        let offset_to = after.fix().local_minus_utc();
        // Daylight time has a positive DST offset, or is reached by adding
        // DST (zones such as Europe/Dublin model winter as negative DST).
        let kind =
            if after.dst_offset() > Duration::zero() || after.dst_offset() > before.dst_offset() {
                ObservanceKind::Daylight
            } else {
                ObservanceKind::Standard
            };
        let name = after
            .abbreviation()
            .filter(|name| !name.trim().is_empty())
            .map_or_else(|| offset_name(offset_to), str::to_owned);
        Some(Self {
            kind,
            starts: at.checked_add_signed(Duration::seconds(i64::from(offset_from)))?,
            offset_from,
            offset_to,
            name,
        })
    }

    /// Writes the sub-component.
    fn write(&self, out: &mut String) {
        let kind = match self.kind {
            ObservanceKind::Standard => "STANDARD",
            ObservanceKind::Daylight => "DAYLIGHT",
        };
        write_line(out, &ContentLine::new("BEGIN").value(kind));
        write_line(
            out,
            &ContentLine::new("DTSTART").value(&format_local(self.starts)),
        );
        write_line(
            out,
            &ContentLine::new("TZOFFSETFROM").value(&format_utc_offset(self.offset_from)),
        );
        write_line(
            out,
            &ContentLine::new("TZOFFSETTO").value(&format_utc_offset(self.offset_to)),
        );
        write_line(out, &ContentLine::new("TZNAME").text(&self.name));
        write_line(out, &ContentLine::new("END").value(kind));
    }
}

/// Writes the `VTIMEZONE` of a zone for events in the given years.
fn write_time_zone(out: &mut String, tz: Tz, years: Years) {
    write_line(out, &ContentLine::new("BEGIN").value("VTIMEZONE"));
    write_line(out, &ContentLine::new("TZID").value(tz.name()));
    write_line(out, &ContentLine::new("X-LIC-LOCATION").value(tz.name()));
    for observance in observances(tz, years) {
        observance.write(out);
    }
    write_line(out, &ContentLine::new("END").value("VTIMEZONE"));
}

/// The observances of a zone from the year before `years.first` to the end of
/// the year after `years.last`: one per change of UTC offset (or of
/// abbreviation) in that range, preceded by the one in force at its start
/// when no change comes before the first event year.
fn observances(tz: Tz, years: Years) -> Vec<Observance> {
    let (Some(start), Some(end), Some(first_event_year)) = (
        new_year(years.first.saturating_sub(1)),
        new_year(years.last.saturating_add(2)),
        new_year(years.first),
    ) else {
        return Vec::new();
    };
    let (start, end) = (start.and_utc().timestamp(), end.and_utc().timestamp());
    let mut changes = transitions(tz, start, end);
    let covers_first_year = changes
        .first()
        .is_some_and(|(at, _, _)| *at <= first_event_year.and_utc().timestamp());
    if !covers_first_year && let Some(initial) = offset_at(tz, start) {
        changes.insert(0, (start, initial, initial));
    }
    changes
        .iter()
        .filter_map(|(at, before, after)| {
            let at = DateTime::from_timestamp(*at, 0)?.naive_utc();
            Observance::new(at, before, after)
        })
        .collect()
}

/// Midnight (UTC) on 1 January of a year.
fn new_year(year: i32) -> Option<NaiveDateTime> {
    NaiveDate::from_ymd_opt(year, 1, 1)?.and_hms_opt(0, 0, 0)
}

/// The zone's offset at an instant given in UTC seconds.
fn offset_at(tz: Tz, seconds: i64) -> Option<TzOffset> {
    let at = DateTime::from_timestamp(seconds, 0)?;
    Some(tz.offset_from_utc_datetime(&at.naive_utc()))
}

/// The changes of the zone's offset in `(start, end]` (UTC seconds), each as
/// (instant, offset before, offset after). The range is scanned a day at a
/// time and each change found is bisected to the second.
fn transitions(tz: Tz, start: i64, end: i64) -> Vec<(i64, TzOffset, TzOffset)> {
    let mut changes = Vec::new();
    let Some(mut current) = offset_at(tz, start) else {
        return changes;
    };
    let mut at = start;
    while at < end {
        let next = at.saturating_add(SCAN_STEP_SECONDS).min(end);
        let Some(offset) = offset_at(tz, next) else {
            break;
        };
        if offset == current {
            at = next;
            continue;
        }
        let (mut before, mut after) = (at, next);
        while after - before > 1 {
            let middle = before + (after - before) / 2;
            match offset_at(tz, middle) {
                Some(offset) if offset == current => before = middle,
                _ => after = middle,
            }
        }
        let Some(new) = offset_at(tz, after) else {
            break;
        };
        changes.push((after, current, new));
        current = new;
        at = after;
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a UTC instant.
    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s)
            .single()
            .expect("valid instant")
    }

    /// Undoes folding: drops every CRLF followed by one space.
    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "")
    }

    /// The unfolded logical lines of a rendered document.
    fn logical_lines(text: &str) -> Vec<String> {
        unfold(text)
            .split("\r\n")
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// Reverses TEXT escaping (what a parser does after splitting the line).
    fn unescape_text(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(ch) = chars.next() {
            if ch != '\\' {
                out.push(ch);
                continue;
            }
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        }
        out
    }

    /// Asserts the physical-line rules on raw output: CRLF only, lines of at
    /// most 75 octets, each valid UTF-8.
    fn assert_physical_lines(text: &str) {
        let bytes = text.as_bytes();
        assert!(text.ends_with("\r\n"), "document must end with CRLF");
        for (index, byte) in bytes.iter().enumerate() {
            if *byte == b'\n' {
                assert!(index > 0 && bytes[index - 1] == b'\r', "bare LF at {index}");
            }
            if *byte == b'\r' {
                assert_eq!(bytes.get(index + 1), Some(&b'\n'), "bare CR at {index}");
            }
        }
        let body = &bytes[..bytes.len() - 2];
        for line in body.split(|b| *b == b'\n') {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            assert!(
                line.len() <= MAX_LINE_OCTETS,
                "line of {} octets: {:?}",
                line.len(),
                String::from_utf8_lossy(line)
            );
            assert!(std::str::from_utf8(line).is_ok(), "split UTF-8 sequence");
        }
    }

    /// A Stockholm event with every property set.
    fn full_event() -> Event {
        let mut event = Event::new(
            "event-1@traffpunkt",
            "Nätverksträff: Socialchefer, Skåne; höst",
            utc(2023, 10, 18, 11, 0, 0),
            utc(2023, 10, 18, 14, 30, 0),
            "Europe/Stockholm",
            utc(2023, 10, 1, 8, 0, 0),
        );
        event.created = Some(utc(2023, 9, 1, 7, 0, 0));
        event.last_modified = Some(utc(2023, 9, 15, 12, 34, 56));
        event.sequence = 3;
        event.description = Some("Rad ett\nRad två, med \\ och ;\r\nSlut".to_owned());
        event.location = Some("Malmö, Sverige; Stora salen".to_owned());
        event.url = Some("https://traffpunkt.example/e/1?a=1,2;b=3".to_owned());
        event.organizer = Some(Organizer {
            name: "Malmö, Sverige".to_owned(),
            email: "info@traffpunkt.example".to_owned(),
        });
        event.conference = Some(Conference {
            url: "https://meet.example/abc".to_owned(),
            label: Some("Malmö, Sverige".to_owned()),
        });
        event.categories = vec!["Socialtjänst".to_owned(), "A, B".to_owned()];
        event.transparency = Some(Transparency::Opaque);
        event.class = Some(Class::Public);
        event
    }

    /// A calendar of the given events with a name and refresh interval.
    fn calendar(events: Vec<Event>) -> Calendar {
        Calendar {
            method: Some(Method::Publish),
            name: Some("Socialchefsnätverket".to_owned()),
            description: Some("Träffar, webbinarier; och mer".to_owned()),
            time_zone: Some("Europe/Stockholm".to_owned()),
            refresh_interval: Some(Duration::hours(1)),
            events,
            ..Calendar::new()
        }
    }

    /// The lines of the `VTIMEZONE` with this TZID.
    fn vtimezone(text: &str, tzid: &str) -> Vec<String> {
        let lines = logical_lines(text);
        let start = lines
            .iter()
            .position(|line| *line == format!("TZID:{tzid}"))
            .expect("VTIMEZONE present");
        let end = start
            + lines[start..]
                .iter()
                .position(|line| line == "END:VTIMEZONE")
                .expect("END:VTIMEZONE");
        lines[start..end].to_vec()
    }

    #[test]
    fn folding_respects_octets_and_utf8_at_every_alignment() {
        let texts = [
            "åäöøæ".repeat(60),
            "ÅÄÖØÆ å ä ö ø æ ".repeat(20),
            "😀🎉🇸🇪".repeat(30),
            "Blåbärssoppa ✨ och 🍰 på Kärnhuset i Göteborg, Ørsta og Ærøskøbing. ".repeat(5),
        ];
        for text in &texts {
            for prefix in 0..10 {
                let line = format!("DESCRIPTION:{}{}", "x".repeat(prefix), text);
                let folded = fold_line(&line);
                assert_physical_lines(&folded);
                assert_eq!(unfold(&folded), format!("{line}\r\n"), "prefix {prefix}");
                for continuation in folded.split("\r\n").skip(1) {
                    assert!(continuation.is_empty() || continuation.starts_with(' '));
                }
            }
        }
    }

    #[test]
    fn folding_fills_lines_when_there_is_no_whitespace() {
        for prefix in 0..10 {
            let line = format!("SUMMARY:{}{}", "x".repeat(prefix), "åäöøæ😀".repeat(40));
            let folded = fold_line(&line);
            let physical: Vec<&str> = folded.trim_end_matches("\r\n").split("\r\n").collect();
            assert!(physical.len() > 5);
            for line in &physical[..physical.len() - 1] {
                // At most a 4-octet character is pushed to the next line.
                assert!(line.len() >= MAX_LINE_OCTETS - 3, "{} octets", line.len());
            }
        }
    }

    #[test]
    fn short_lines_are_not_folded() {
        assert_eq!(fold_line("SUMMARY:Hej"), "SUMMARY:Hej\r\n");
        let exact = format!("X:{}", "a".repeat(MAX_LINE_OCTETS - 2));
        assert_eq!(fold_line(&exact), format!("{exact}\r\n"));
        let over = format!("X:{}", "a".repeat(MAX_LINE_OCTETS - 1));
        assert_eq!(fold_line(&over).matches("\r\n").count(), 2);
    }

    #[test]
    fn folds_avoid_ending_a_line_in_whitespace() {
        let line = format!("SUMMARY:{} ord", "a".repeat(66));
        let folded = fold_line(&line);
        for physical in folded.split("\r\n") {
            assert!(!physical.ends_with(' '), "{physical:?}");
        }
        assert_eq!(unfold(&folded), format!("{line}\r\n"));
        // All whitespace: the fold cannot avoid it, but the rules still hold.
        let spaces = format!("X:{}", " ".repeat(200));
        let folded = fold_line(&spaces);
        assert_physical_lines(&folded);
        assert_eq!(unfold(&folded), format!("{spaces}\r\n"));
    }

    #[test]
    fn text_escaping() {
        assert_eq!(
            escape_text("a\\b;c,d\ne\r\nf\rg:h"),
            "a\\\\b\\;c\\,d\\ne\\nf\\ng:h"
        );
        assert_eq!(escape_text("tab\there\u{0}\u{7}\u{1b}\u{7f}"), "tab\there");
        assert_eq!(unescape_text(&escape_text("x\\;,\ny")), "x\\;,\ny");
    }

    #[test]
    fn text_properties_are_escaped() {
        let text = calendar(vec![full_event()]).render();
        let lines = logical_lines(&text);
        assert!(lines.contains(&"SUMMARY:Nätverksträff: Socialchefer\\, Skåne\\; höst".to_owned()));
        assert!(
            lines.contains(&"DESCRIPTION:Rad ett\\nRad två\\, med \\\\ och \\;\\nSlut".to_owned())
        );
        assert!(lines.contains(&"LOCATION:Malmö\\, Sverige\\; Stora salen".to_owned()));
        assert!(lines.contains(&"CATEGORIES:Socialtjänst,A\\, B".to_owned()));
        assert!(lines.contains(&"DESCRIPTION:Träffar\\, webbinarier\\; och mer".to_owned()));
        // URIs are not TEXT: no escaping.
        assert!(lines.contains(&"URL:https://traffpunkt.example/e/1?a=1,2;b=3".to_owned()));
    }

    #[test]
    fn an_invitation_names_its_recipient_as_attendee_and_a_feed_does_not() {
        let mut event = full_event();
        assert!(!calendar(vec![event.clone()]).render().contains("ATTENDEE"));
        event.attendee = Some(Attendee {
            name: "Åsa Öberg, Malmö".to_owned(),
            email: "ase@tromsø.kommune.no".to_owned(),
            part_stat: PartStat::Accepted,
        });
        let text = calendar(vec![event]).render();
        let lines = logical_lines(&text);
        assert!(lines.contains(
            &"ATTENDEE;CN=\"Åsa Öberg, Malmö\";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE:mailto:ase@tromsø.kommune.no"
                .to_owned()
        ));
    }

    #[test]
    fn param_values_are_quoted_and_never_panic() {
        let text = calendar(vec![full_event()]).render();
        let lines = logical_lines(&text);
        assert!(lines.contains(
            &"ORGANIZER;CN=\"Malmö, Sverige\":mailto:info@traffpunkt.example".to_owned()
        ));
        assert!(lines.contains(
            &"CONFERENCE;VALUE=URI;FEATURE=AUDIO,VIDEO;LABEL=\"Malmö, Sverige\":https://meet.example/abc"
                .to_owned()
        ));
        let line = ContentLine::new("X-TEST")
            .param("EMPTY", "")
            .param("PLAIN", "Göteborg")
            .param("COLON", "a:b")
            .param("SEMI", "a;b")
            .param("QUOTE", "Säg \"hej\"")
            .param("BREAK", "rad1\r\nrad2\nrad3\u{7}")
            .param_list("NONE", &[])
            .param_list("LIST", &["A", "b,c", ""])
            .value("v");
        assert_eq!(
            line.unfolded(),
            "X-TEST;EMPTY=\"\";PLAIN=Göteborg;COLON=\"a:b\";SEMI=\"a;b\";QUOTE=Säg 'hej';\
             BREAK=rad1 rad2 rad3;NONE=\"\";LIST=A,\"b,c\",\"\":v"
        );
    }

    #[test]
    fn blank_names_and_labels_are_left_out() {
        let mut event = full_event();
        event.organizer = Some(Organizer {
            name: "  ".to_owned(),
            email: "a@b.example".to_owned(),
        });
        event.conference = Some(Conference {
            url: "https://meet.example/x".to_owned(),
            label: Some(String::new()),
        });
        let lines = logical_lines(&calendar(vec![event]).render());
        assert!(lines.contains(&"ORGANIZER:mailto:a@b.example".to_owned()));
        assert!(lines.contains(
            &"CONFERENCE;VALUE=URI;FEATURE=AUDIO,VIDEO:https://meet.example/x".to_owned()
        ));
    }

    #[test]
    fn values_cannot_inject_lines() {
        let mut event = full_event();
        event.url = Some("https://x.example/a\r\nATTENDEE:mailto:evil@x".to_owned());
        event.uid = "uid\r\nEND:VEVENT".to_owned();
        let text = calendar(vec![event]).render();
        assert_physical_lines(&text);
        let lines = logical_lines(&text);
        assert!(!lines.iter().any(|line| line.starts_with("ATTENDEE")));
        assert_eq!(lines.iter().filter(|line| *line == "END:VEVENT").count(), 1);
        assert!(lines.contains(&"UID:uid\\nEND:VEVENT".to_owned()));
    }

    #[test]
    fn crlf_everywhere() {
        let mut events = vec![full_event()];
        let mut long = full_event();
        long.description =
            Some("Lång beskrivning på svenska och norsk: blåbær, ørret. 🎉\n".repeat(30));
        events.push(long);
        let text = calendar(events).render();
        assert_physical_lines(&text);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(!text.contains("\r\n\r\n"), "no empty lines");
    }

    #[test]
    fn calendar_properties() {
        let lines = logical_lines(&calendar(Vec::new()).render());
        assert_eq!(
            lines,
            [
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                "PRODID:-//Träffpunkt//Träffpunkt//SV",
                "CALSCALE:GREGORIAN",
                "METHOD:PUBLISH",
                "NAME:Socialchefsnätverket",
                "X-WR-CALNAME:Socialchefsnätverket",
                "DESCRIPTION:Träffar\\, webbinarier\\; och mer",
                "X-WR-CALDESC:Träffar\\, webbinarier\\; och mer",
                "X-WR-TIMEZONE:Europe/Stockholm",
                "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
                "X-PUBLISHED-TTL:PT1H",
                "END:VCALENDAR",
            ]
        );
        let bare = Calendar::new().render();
        assert_eq!(
            bare,
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Träffpunkt//Träffpunkt//SV\r\n\
             CALSCALE:GREGORIAN\r\nEND:VCALENDAR\r\n"
        );
        let zero = Calendar {
            refresh_interval: Some(Duration::zero()),
            ..Calendar::new()
        };
        assert!(!zero.render().contains("REFRESH-INTERVAL"));
    }

    #[test]
    fn durations() {
        assert_eq!(format_duration(Duration::hours(1)), "PT1H");
        assert_eq!(format_duration(Duration::minutes(15)), "PT15M");
        assert_eq!(format_duration(Duration::seconds(45)), "PT45S");
        assert_eq!(format_duration(Duration::days(1)), "P1D");
        assert_eq!(format_duration(Duration::days(7)), "P7D");
        assert_eq!(format_duration(Duration::seconds(90_061)), "P1DT1H1M1S");
        assert_eq!(format_duration(Duration::seconds(3605)), "PT1H0M5S");
        assert_eq!(format_duration(Duration::seconds(3660)), "PT1H1M");
        assert_eq!(format_duration(Duration::seconds(65)), "PT1M5S");
        assert_eq!(format_duration(Duration::zero()), "PT0S");
        assert_eq!(format_duration(Duration::minutes(-15)), "-PT15M");
        assert_eq!(format_duration(Duration::milliseconds(1500)), "PT1S");
    }

    #[test]
    fn utc_offsets() {
        assert_eq!(format_utc_offset(7200), "+0200");
        assert_eq!(format_utc_offset(0), "+0000");
        assert_eq!(format_utc_offset(-12_600), "-0330");
        assert_eq!(format_utc_offset(19_800), "+0530");
        assert_eq!(format_utc_offset(4075), "+010755");
        assert_eq!(offset_name(7200), "+02");
        assert_eq!(offset_name(-12_600), "-0330");
    }

    #[test]
    fn event_properties_in_order() {
        let lines = logical_lines(&calendar(vec![full_event()]).render());
        let start = lines
            .iter()
            .position(|line| line == "BEGIN:VEVENT")
            .expect("VEVENT");
        let names: Vec<&str> = lines[start..]
            .iter()
            .map(|line| line.split([':', ';']).next().unwrap_or_default())
            .collect();
        assert_eq!(
            names,
            [
                "BEGIN",
                "UID",
                "DTSTAMP",
                "CREATED",
                "LAST-MODIFIED",
                "SEQUENCE",
                "DTSTART",
                "DTEND",
                "STATUS",
                "SUMMARY",
                "DESCRIPTION",
                "LOCATION",
                "URL",
                "ORGANIZER",
                "CATEGORIES",
                "TRANSP",
                "CLASS",
                "CONFERENCE",
                "END",
                "END",
            ]
        );
        assert!(lines.contains(&"DTSTAMP:20231001T080000Z".to_owned()));
        assert!(lines.contains(&"CREATED:20230901T070000Z".to_owned()));
        assert!(lines.contains(&"LAST-MODIFIED:20230915T123456Z".to_owned()));
        assert!(lines.contains(&"SEQUENCE:3".to_owned()));
        assert!(lines.contains(&"STATUS:CONFIRMED".to_owned()));
        assert!(lines.contains(&"TRANSP:OPAQUE".to_owned()));
        assert!(lines.contains(&"CLASS:PUBLIC".to_owned()));
    }

    #[test]
    fn statuses_and_sequence() {
        let mut event = full_event();
        event.status = Status::Cancelled;
        event.sequence = -4;
        let lines = logical_lines(&calendar(vec![event.clone()]).render());
        assert!(lines.contains(&"STATUS:CANCELLED".to_owned()));
        assert!(lines.contains(&"SEQUENCE:0".to_owned()));
        event.status = Status::Tentative;
        let lines = logical_lines(&calendar(vec![event]).render());
        assert!(lines.contains(&"STATUS:TENTATIVE".to_owned()));
        assert_eq!(Method::Request.as_str(), "REQUEST");
        assert_eq!(Method::Cancel.as_str(), "CANCEL");
        assert_eq!(Transparency::Transparent.as_str(), "TRANSPARENT");
        assert_eq!(Class::Confidential.as_str(), "CONFIDENTIAL");
        assert_eq!(Class::Private.as_str(), "PRIVATE");
    }

    #[test]
    fn stockholm_event_and_time_zone() {
        let text = calendar(vec![full_event()]).render();
        let lines = logical_lines(&text);
        assert!(lines.contains(&"DTSTART;TZID=Europe/Stockholm:20231018T130000".to_owned()));
        assert!(lines.contains(&"DTEND;TZID=Europe/Stockholm:20231018T163000".to_owned()));
        // DTSTAMP never carries a TZID.
        assert!(!lines.iter().any(|line| line.starts_with("DTSTAMP;")));

        let zone = vtimezone(&text, "Europe/Stockholm").join("\n");
        assert!(zone.contains("X-LIC-LOCATION:Europe/Stockholm"));
        assert!(zone.contains(
            "BEGIN:STANDARD\nDTSTART:20231029T030000\nTZOFFSETFROM:+0200\n\
             TZOFFSETTO:+0100\nTZNAME:CET\nEND:STANDARD"
        ));
        assert!(zone.contains(
            "BEGIN:DAYLIGHT\nDTSTART:20230326T020000\nTZOFFSETFROM:+0100\n\
             TZOFFSETTO:+0200\nTZNAME:CEST\nEND:DAYLIGHT"
        ));
        // From the year before to the year after: 2022, 2023 and 2024, two
        // changes a year, and nothing else (the first one comes before 2023).
        assert_eq!(zone.matches("BEGIN:DAYLIGHT").count(), 3);
        assert_eq!(zone.matches("BEGIN:STANDARD").count(), 3);
        assert!(zone.contains("DTSTART:20220327T020000"));
        assert!(zone.contains("DTSTART:20241027T030000"));
        assert!(!zone.contains("DTSTART:2021"));
        assert!(!zone.contains("DTSTART:2025"));
    }

    #[test]
    fn oslo_has_cest_and_cet() {
        let event = Event::new(
            "oslo",
            "Møte",
            utc(2024, 6, 1, 8, 0, 0),
            utc(2024, 6, 1, 9, 0, 0),
            "Europe/Oslo",
            utc(2024, 1, 1, 0, 0, 0),
        );
        let text = calendar(vec![event]).render();
        assert!(
            logical_lines(&text).contains(&"DTSTART;TZID=Europe/Oslo:20240601T100000".to_owned())
        );
        let zone = vtimezone(&text, "Europe/Oslo").join("\n");
        assert!(zone.contains("TZOFFSETTO:+0200\nTZNAME:CEST"));
        assert!(zone.contains("TZOFFSETTO:+0100\nTZNAME:CET"));
        assert!(zone.contains("DTSTART:20240331T020000"));
    }

    #[test]
    fn spring_change_edge() {
        // Clocks go from 02:00 CET to 03:00 CEST at 01:00Z on 2026-03-29.
        let event = Event::new(
            "spring",
            "Efter omställningen",
            utc(2026, 3, 29, 1, 30, 0),
            utc(2026, 3, 29, 2, 30, 0),
            "Europe/Stockholm",
            utc(2026, 3, 1, 0, 0, 0),
        );
        let before = Event::new(
            "before",
            "Före omställningen",
            utc(2026, 3, 29, 0, 30, 0),
            utc(2026, 3, 29, 0, 45, 0),
            "Europe/Stockholm",
            utc(2026, 3, 1, 0, 0, 0),
        );
        let text = calendar(vec![event, before]).render();
        let lines = logical_lines(&text);
        assert!(lines.contains(&"DTSTART;TZID=Europe/Stockholm:20260329T033000".to_owned()));
        assert!(lines.contains(&"DTEND;TZID=Europe/Stockholm:20260329T043000".to_owned()));
        assert!(lines.contains(&"DTSTART;TZID=Europe/Stockholm:20260329T013000".to_owned()));
        let zone = vtimezone(&text, "Europe/Stockholm").join("\n");
        assert!(zone.contains("BEGIN:DAYLIGHT\nDTSTART:20260329T020000\nTZOFFSETFROM:+0100"));
    }

    #[test]
    fn repeated_autumn_hour_uses_utc_for_the_second_occurrence() {
        // 02:30 local happens twice on 2023-10-29: at 00:30Z (CEST) and 01:30Z (CET).
        let first = Event::new(
            "first",
            "Första 02:30",
            utc(2023, 10, 29, 0, 30, 0),
            utc(2023, 10, 29, 1, 30, 0),
            "Europe/Stockholm",
            utc(2023, 10, 1, 0, 0, 0),
        );
        let lines = logical_lines(&calendar(vec![first]).render());
        assert!(lines.contains(&"DTSTART;TZID=Europe/Stockholm:20231029T023000".to_owned()));
        assert!(lines.contains(&"DTEND:20231029T013000Z".to_owned()));
    }

    #[test]
    fn utc_and_unknown_zones_are_written_in_utc() {
        let mut events = Vec::new();
        for zone in ["UTC", "Etc/UTC", "Mars/Olympus_Mons", ""] {
            events.push(Event::new(
                format!("uid-{zone}"),
                "Webbinarium",
                utc(2024, 2, 3, 9, 15, 0),
                utc(2024, 2, 3, 10, 0, 0),
                zone,
                utc(2024, 1, 1, 0, 0, 0),
            ));
        }
        let text = calendar(events).render();
        let lines = logical_lines(&text);
        assert_eq!(
            lines
                .iter()
                .filter(|l| *l == "DTSTART:20240203T091500Z")
                .count(),
            4
        );
        assert_eq!(
            lines
                .iter()
                .filter(|l| *l == "DTEND:20240203T100000Z")
                .count(),
            4
        );
        assert!(!text.contains("VTIMEZONE"));
        assert!(!text.contains("TZID"));
    }

    #[test]
    fn zones_without_changes_get_one_standard() {
        let tokyo = Event::new(
            "tokyo",
            "Tokyo",
            utc(2024, 5, 1, 0, 0, 0),
            utc(2024, 5, 1, 1, 0, 0),
            "Asia/Tokyo",
            utc(2024, 1, 1, 0, 0, 0),
        );
        let mut kolkata = tokyo.clone();
        kolkata.uid = "kolkata".to_owned();
        kolkata.time_zone = "Asia/Kolkata".to_owned();
        let text = calendar(vec![tokyo, kolkata]).render();
        assert_eq!(
            vtimezone(&text, "Asia/Tokyo"),
            [
                "TZID:Asia/Tokyo",
                "X-LIC-LOCATION:Asia/Tokyo",
                "BEGIN:STANDARD",
                "DTSTART:20230101T090000",
                "TZOFFSETFROM:+0900",
                "TZOFFSETTO:+0900",
                "TZNAME:JST",
                "END:STANDARD",
            ]
        );
        let kolkata = vtimezone(&text, "Asia/Kolkata").join("\n");
        assert!(kolkata.contains("TZOFFSETTO:+0530\nTZNAME:IST"));
        assert!(
            logical_lines(&text).contains(&"DTSTART;TZID=Asia/Tokyo:20240501T090000".to_owned())
        );
    }

    #[test]
    fn negative_dst_zones_still_have_daylight_in_summer() {
        let event = Event::new(
            "dublin",
            "Dublin",
            utc(2024, 6, 1, 10, 0, 0),
            utc(2024, 6, 1, 11, 0, 0),
            "Europe/Dublin",
            utc(2024, 1, 1, 0, 0, 0),
        );
        let zone = vtimezone(&calendar(vec![event]).render(), "Europe/Dublin").join("\n");
        assert!(zone.contains(
            "BEGIN:DAYLIGHT\nDTSTART:20240331T010000\nTZOFFSETFROM:+0000\n\
             TZOFFSETTO:+0100\nTZNAME:IST\nEND:DAYLIGHT"
        ));
        assert!(zone.contains(
            "BEGIN:STANDARD\nDTSTART:20241027T020000\nTZOFFSETFROM:+0100\n\
             TZOFFSETTO:+0000\nTZNAME:GMT\nEND:STANDARD"
        ));
    }

    #[test]
    fn a_change_after_the_first_event_year_starts_gets_the_earlier_offset_too() {
        // Venezuela moved from -04:30 to -04:00 on 2016-05-01; an event in
        // February 2016 needs the observance that was in force before that.
        let event = Event::new(
            "caracas",
            "Caracas",
            utc(2016, 2, 1, 15, 0, 0),
            utc(2016, 2, 1, 16, 0, 0),
            "America/Caracas",
            utc(2016, 1, 1, 0, 0, 0),
        );
        let text = calendar(vec![event]).render();
        assert!(
            logical_lines(&text)
                .contains(&"DTSTART;TZID=America/Caracas:20160201T103000".to_owned())
        );
        let zone = vtimezone(&text, "America/Caracas").join("\n");
        assert!(zone.contains(
            "BEGIN:STANDARD\nDTSTART:20141231T193000\nTZOFFSETFROM:-0430\n\
             TZOFFSETTO:-0430\nTZNAME:-0430\nEND:STANDARD"
        ));
        assert!(zone.contains(
            "BEGIN:STANDARD\nDTSTART:20160501T023000\nTZOFFSETFROM:-0430\n\
             TZOFFSETTO:-0400\nTZNAME:-04\nEND:STANDARD"
        ));
        assert_eq!(zone.matches("BEGIN:").count(), 2);
    }

    #[test]
    fn one_time_zone_per_zone_in_sorted_order() {
        let mut events = Vec::new();
        for (index, zone) in [
            "Europe/Stockholm",
            "Europe/Oslo",
            "Europe/Stockholm",
            "UTC",
            "Nowhere/Else",
            "America/New_York",
        ]
        .iter()
        .enumerate()
        {
            events.push(Event::new(
                format!("e{index}"),
                "Träff",
                utc(2024 + i32::try_from(index).unwrap_or(0), 3, 1, 12, 0, 0),
                utc(2024 + i32::try_from(index).unwrap_or(0), 3, 1, 13, 0, 0),
                *zone,
                utc(2024, 1, 1, 0, 0, 0),
            ));
        }
        let calendar = calendar(events);
        let text = calendar.render();
        assert_eq!(text, calendar.render(), "deterministic");
        let tzids: Vec<String> = logical_lines(&text)
            .into_iter()
            .filter(|line| line.starts_with("TZID:"))
            .collect();
        assert_eq!(
            tzids,
            [
                "TZID:America/New_York",
                "TZID:Europe/Oslo",
                "TZID:Europe/Stockholm"
            ]
        );
        // Stockholm events are in 2024 and 2026: changes from 2023 to 2027.
        let stockholm = vtimezone(&text, "Europe/Stockholm").join("\n");
        assert_eq!(stockholm.matches("BEGIN:DAYLIGHT").count(), 5);
        let new_york = vtimezone(&text, "America/New_York").join("\n");
        assert!(new_york.contains("TZOFFSETFROM:-0500\nTZOFFSETTO:-0400\nTZNAME:EDT"));
        assert!(
            new_york.contains(
                "DTSTART:20291104T020000\nTZOFFSETFROM:-0400\nTZOFFSETTO:-0500\nTZNAME:EST"
            )
        );
    }

    /// The value of a parsed property, or "" when it has none.
    fn parsed_value<'a>(properties: &'a [ical::property::Property], name: &str) -> &'a str {
        properties
            .iter()
            .find(|property| property.name == name)
            .and_then(|property| property.value.as_deref())
            .unwrap_or_default()
    }

    /// The values of a parameter of a parsed property.
    fn parsed_param(
        properties: &[ical::property::Property],
        name: &str,
        param: &str,
    ) -> Vec<String> {
        properties
            .iter()
            .find(|property| property.name == name)
            .and_then(|property| property.params.as_ref())
            .and_then(|params| params.iter().find(|(key, _)| key == param))
            .map(|(_, values)| values.clone())
            .unwrap_or_default()
    }

    #[test]
    fn round_trip_through_the_ical_parser() {
        let mut long = full_event();
        long.uid = "long@traffpunkt".to_owned();
        long.summary = "Blåbär och hjortron 🫐 — ".repeat(8);
        long.description =
            Some("Kära deltagare, välkomna till Ørsta; vi ses i Ærøskøbing.\n🎉 ".repeat(12));
        long.time_zone = "Europe/Oslo".to_owned();
        let mut online = full_event();
        online.uid = "online@traffpunkt".to_owned();
        online.time_zone = "UTC".to_owned();
        online.conference = Some(Conference {
            url: "https://meet.example/room?id=1".to_owned(),
            label: Some("Länk: Teams; rum 1".to_owned()),
        });
        let events = vec![full_event(), long.clone(), online];
        let text = calendar(events).render();

        let mut parser = ical::IcalParser::new(text.as_bytes());
        let parsed = parser
            .next()
            .expect("one calendar")
            .expect("parses without error");
        assert!(parser.next().is_none());

        assert_eq!(parsed_value(&parsed.properties, "VERSION"), "2.0");
        assert_eq!(parsed_value(&parsed.properties, "PRODID"), DEFAULT_PROD_ID);
        assert_eq!(
            unescape_text(parsed_value(&parsed.properties, "X-WR-CALDESC")),
            "Träffar, webbinarier; och mer"
        );

        // One VTIMEZONE per zone in use (UTC needs none), sorted.
        let tzids: Vec<&str> = parsed
            .timezones
            .iter()
            .map(|zone| parsed_value(&zone.properties, "TZID"))
            .collect();
        assert_eq!(tzids, ["Europe/Oslo", "Europe/Stockholm"]);
        for zone in &parsed.timezones {
            assert!(
                zone.transitions.len() >= 6,
                "{} transitions",
                zone.transitions.len()
            );
            for transition in &zone.transitions {
                let offset_to = parsed_value(&transition.properties, "TZOFFSETTO");
                let name = parsed_value(&transition.properties, "TZNAME");
                assert!(
                    (offset_to == "+0200" && name == "CEST")
                        || (offset_to == "+0100" && name == "CET"),
                    "{offset_to} {name}"
                );
            }
        }

        assert_eq!(parsed.events.len(), 3);
        let first = &parsed.events[0].properties;
        assert_eq!(parsed_value(first, "UID"), "event-1@traffpunkt");
        assert_eq!(parsed_value(first, "DTSTART"), "20231018T130000");
        assert_eq!(parsed_param(first, "DTSTART", "TZID"), ["Europe/Stockholm"]);
        assert_eq!(parsed_value(first, "DTSTAMP"), "20231001T080000Z");
        assert_eq!(parsed_param(first, "DTSTAMP", "TZID"), Vec::<String>::new());
        assert_eq!(
            unescape_text(parsed_value(first, "SUMMARY")),
            "Nätverksträff: Socialchefer, Skåne; höst"
        );
        assert_eq!(
            unescape_text(parsed_value(first, "DESCRIPTION")),
            "Rad ett\nRad två, med \\ och ;\nSlut"
        );
        assert_eq!(
            unescape_text(parsed_value(first, "LOCATION")),
            "Malmö, Sverige; Stora salen"
        );
        assert_eq!(parsed_param(first, "ORGANIZER", "CN"), ["Malmö, Sverige"]);
        assert_eq!(
            parsed_value(first, "ORGANIZER"),
            "mailto:info@traffpunkt.example"
        );
        assert_eq!(
            parsed_value(first, "URL"),
            "https://traffpunkt.example/e/1?a=1,2;b=3"
        );
        assert_eq!(
            parsed_param(first, "CONFERENCE", "FEATURE"),
            ["AUDIO", "VIDEO"]
        );
        assert_eq!(
            parsed_param(first, "CONFERENCE", "LABEL"),
            ["Malmö, Sverige"]
        );

        let second = &parsed.events[1].properties;
        assert_eq!(
            unescape_text(parsed_value(second, "SUMMARY")),
            long.summary.trim_end()
        );
        assert_eq!(
            Some(unescape_text(parsed_value(second, "DESCRIPTION"))),
            long.description
                .as_deref()
                .map(|text| text.trim_end().to_owned())
        );
        assert_eq!(parsed_param(second, "DTSTART", "TZID"), ["Europe/Oslo"]);

        let third = &parsed.events[2].properties;
        assert_eq!(parsed_value(third, "DTSTART"), "20231018T110000Z");
        assert_eq!(parsed_param(third, "DTSTART", "TZID"), Vec::<String>::new());
        assert_eq!(
            parsed_param(third, "CONFERENCE", "LABEL"),
            ["Länk: Teams; rum 1"]
        );
        assert_eq!(
            parsed_value(third, "CONFERENCE"),
            "https://meet.example/room?id=1"
        );
    }

    #[test]
    fn snapshot() {
        let mut event = Event::new(
            "snap@traffpunkt",
            "Frukostmöte, Tokyo",
            utc(2024, 5, 1, 0, 0, 0),
            utc(2024, 5, 1, 1, 0, 0),
            "Asia/Tokyo",
            utc(2024, 4, 1, 6, 0, 0),
        );
        event.url = Some("https://traffpunkt.example/e/snap".to_owned());
        let mut online = Event::new(
            "online@traffpunkt",
            "Webbinarium",
            utc(2024, 5, 2, 12, 0, 0),
            utc(2024, 5, 2, 13, 0, 0),
            "UTC",
            utc(2024, 4, 1, 6, 0, 0),
        );
        online.status = Status::Tentative;
        online.conference = Some(Conference {
            url: "https://meet.example/w".to_owned(),
            label: Some("Delta".to_owned()),
        });
        let calendar = Calendar {
            name: Some("Test".to_owned()),
            refresh_interval: Some(Duration::minutes(30)),
            events: vec![event, online],
            ..Calendar::new()
        };
        let expected = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Träffpunkt//Träffpunkt//SV",
            "CALSCALE:GREGORIAN",
            "NAME:Test",
            "X-WR-CALNAME:Test",
            "REFRESH-INTERVAL;VALUE=DURATION:PT30M",
            "X-PUBLISHED-TTL:PT30M",
            "BEGIN:VTIMEZONE",
            "TZID:Asia/Tokyo",
            "X-LIC-LOCATION:Asia/Tokyo",
            "BEGIN:STANDARD",
            "DTSTART:20230101T090000",
            "TZOFFSETFROM:+0900",
            "TZOFFSETTO:+0900",
            "TZNAME:JST",
            "END:STANDARD",
            "END:VTIMEZONE",
            "BEGIN:VEVENT",
            "UID:snap@traffpunkt",
            "DTSTAMP:20240401T060000Z",
            "SEQUENCE:0",
            "DTSTART;TZID=Asia/Tokyo:20240501T090000",
            "DTEND;TZID=Asia/Tokyo:20240501T100000",
            "STATUS:CONFIRMED",
            "SUMMARY:Frukostmöte\\, Tokyo",
            "URL:https://traffpunkt.example/e/snap",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:online@traffpunkt",
            "DTSTAMP:20240401T060000Z",
            "SEQUENCE:0",
            "DTSTART:20240502T120000Z",
            "DTEND:20240502T130000Z",
            "STATUS:TENTATIVE",
            "SUMMARY:Webbinarium",
            // Exactly 75 octets: not folded.
            "CONFERENCE;VALUE=URI;FEATURE=AUDIO,VIDEO;LABEL=Delta:https://meet.example/w",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
        .join("\r\n");
        assert_eq!(calendar.render(), expected);
    }

    #[test]
    fn end_not_after_start_is_left_out() {
        let at = utc(2024, 5, 2, 12, 0, 0);
        let event = Event::new("zero", "Nu", at, at, "Europe/Stockholm", at);
        let lines = logical_lines(&calendar(vec![event]).render());
        assert!(lines.contains(&"DTSTART;TZID=Europe/Stockholm:20240502T140000".to_owned()));
        assert!(!lines.iter().any(|line| line.starts_with("DTEND")));
    }
}
