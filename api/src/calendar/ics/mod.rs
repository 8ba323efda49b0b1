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
//!
//! The `VTIMEZONE` builder is [`zones`]; the tests are in `tests.rs`.

use std::fmt::Write as _;

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};

#[cfg(test)]
mod tests;
mod zones;

use zones::{Zone, write_time_zone, zones_in_use};

/// The media type of a rendered calendar.
pub const CONTENT_TYPE: &str = "text/calendar; charset=utf-8";

/// The `PRODID` used when none is given.
pub const DEFAULT_PROD_ID: &str = "-//Träffpunkt//Träffpunkt//SV";

/// The longest physical line, in octets, not counting the CRLF (RFC 5545 §3.1).
pub const MAX_LINE_OCTETS: usize = 75;

/// Line break of the iCalendar format.
const CRLF: &str = "\r\n";

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
    /// The language of the title (`LANGUAGE` on `SUMMARY`), when known.
    pub summary_language: Option<String>,
    /// Plain-text description (`DESCRIPTION`).
    pub description: Option<String>,
    /// The language of the whole description (`LANGUAGE` on
    /// `DESCRIPTION`), when it is all in one known language.
    pub description_language: Option<String>,
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
            summary_language: None,
            description: None,
            description_language: None,
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
        // About a kilobyte an event with a description: sized once rather
        // than doubled a dozen times over a large feed.
        let mut out = String::with_capacity(1024 + self.events.len() * 1024);
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
    /// a number …). Control characters other than tab are dropped.
    pub fn value(mut self, value: &str) -> Self {
        self.value.clear();
        push_without_controls(&mut self.value, value);
        self
    }

    /// Sets a TEXT value, escaping it with [`escape_text`].
    pub fn text(mut self, text: &str) -> Self {
        self.value.clear();
        escape_text_into(&mut self.value, text);
        self
    }

    /// The logical (unfolded) line, without its CRLF.
    pub fn unfolded(&self) -> String {
        let mut line = String::new();
        self.write_unfolded(&mut line);
        line
    }

    /// Appends the logical line to `line`. The value has no control
    /// characters (but tab) by now: [`ContentLine::value`] and
    /// [`ContentLine::text`] dropped them.
    fn write_unfolded(&self, line: &mut String) {
        line.push_str(&self.name);
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
        line.push_str(&self.value);
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
    escape_text_into(&mut out, text);
    out
}

/// [`escape_text`] appended to `out`: runs of ordinary text are copied
/// whole, byte by byte only the characters that change are looked at (all
/// ASCII, or a C1 control, which is `C2 80`–`C2 9F` in UTF-8).
fn escape_text_into(out: &mut String, text: &str) {
    copy_replacing(out, text, |byte, next| match byte {
        b'\\' => Some((1, "\\\\")),
        b';' => Some((1, "\\;")),
        b',' => Some((1, "\\,")),
        b'\r' if next == Some(b'\n') => Some((2, "\\n")),
        b'\r' | b'\n' => Some((1, "\\n")),
        _ => control(byte, next),
    });
}

/// Appends `value` without its control characters other than tab.
fn push_without_controls(out: &mut String, value: &str) {
    copy_replacing(out, value, control);
}

/// When `byte` (followed by `next`) starts a control character other than
/// tab: its length, to be dropped.
fn control(byte: u8, next: Option<u8>) -> Option<(usize, &'static str)> {
    match (byte, next) {
        (b'\t', _) => None,
        (0..=0x1f | 0x7f, _) => Some((1, "")),
        (0xc2, Some(0x80..=0x9f)) => Some((2, "")),
        _ => None,
    }
}

/// Copies `text` to `out`, replacing what `rule` picks: given a byte and the
/// one after it, `Some((length, replacement))` replaces that many bytes.
/// `rule` must only pick bytes that start a character, and whole characters.
fn copy_replacing(
    out: &mut String,
    text: &str,
    rule: impl Fn(u8, Option<u8>) -> Option<(usize, &'static str)>,
) {
    let bytes = text.as_bytes();
    let (mut copied, mut at) = (0, 0);
    while at < bytes.len() {
        match rule(bytes[at], bytes.get(at + 1).copied()) {
            Some((length, replacement)) => {
                out.push_str(&text[copied..at]);
                out.push_str(replacement);
                at += length;
                copied = at;
            }
            None => at += 1,
        }
    }
    out.push_str(&text[copied..]);
}

/// Folds one logical line (RFC 5545 §3.1) into physical lines of at most
/// [`MAX_LINE_OCTETS`] octets, each ending in CRLF, continuation lines starting
/// with one space. Folds fall between characters, never inside a UTF-8
/// sequence, and are moved before a run of trailing whitespace when the line
/// has other content, so no physical line ends in a space that a trimming
/// parser could lose. The line must not contain CR or LF.
pub fn fold_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 24 + 2);
    fold_into(&mut out, line);
    out
}

/// [`fold_line`] appended to `out`.
fn fold_into(out: &mut String, line: &str) {
    let mut start = 0;
    let mut budget = MAX_LINE_OCTETS;
    while line.len() - start > budget {
        // The first character that does not fit starts at the last character
        // boundary at or before the budget's end.
        let mut index = start + budget;
        while !line.is_char_boundary(index) {
            index -= 1;
        }
        let kept = line[start..index].trim_end_matches([' ', '\t']);
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
    out.push_str(&line[start..]);
    out.push_str(CRLF);
}

/// Formats an instant as a UTC DATE-TIME: `20231018T110000Z`.
pub fn format_utc(at: DateTime<Utc>) -> String {
    let mut out = format_local(at.naive_utc());
    out.push('Z');
    out
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

/// Formats a local (floating) DATE-TIME: `20231018T130000`.
fn format_local(at: NaiveDateTime) -> String {
    use chrono::{Datelike, Timelike};
    if !(0..=9999).contains(&at.year()) {
        // chrono's own form for a year of other than four digits.
        return at.format("%Y%m%dT%H%M%S").to_string();
    }
    // Written digit by digit: a strftime pattern is parsed anew on every
    // call, `write!` goes through the formatting machinery, and a feed
    // writes thousands of these.
    let mut out = String::with_capacity(16);
    push_digits(&mut out, at.year().unsigned_abs(), 4);
    push_digits(&mut out, at.month(), 2);
    push_digits(&mut out, at.day(), 2);
    out.push('T');
    push_digits(&mut out, at.hour(), 2);
    push_digits(&mut out, at.minute(), 2);
    // A leap second is `60`, as chrono writes it.
    let second = at.second() + u32::from(at.nanosecond() >= 1_000_000_000);
    push_digits(&mut out, second, 2);
    out
}

/// Appends the last `width` decimal digits of `value`, zero-padded.
fn push_digits(out: &mut String, value: u32, width: u32) {
    for place in (0..width).rev() {
        let digit = value / 10u32.pow(place) % 10;
        out.push(char::from_digit(digit, 10).unwrap_or('0'));
    }
}

/// Appends the folded line to the output.
fn write_line(out: &mut String, line: &ContentLine) {
    thread_local! {
        /// The logical line before it is folded, kept between lines: a feed
        /// writes thousands of them.
        static UNFOLDED: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    UNFOLDED.with_borrow_mut(|unfolded| {
        unfolded.clear();
        line.write_unfolded(unfolded);
        fold_into(out, unfolded);
        if unfolded.capacity() > 64 * 1024 {
            // A rare huge line gives its memory back.
            *unfolded = String::new();
        }
    });
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
    let mut summary = ContentLine::new("SUMMARY");
    if let Some(language) = &event.summary_language {
        summary = summary.param("LANGUAGE", language);
    }
    write_line(out, &summary.text(&event.summary));
    write_event_details(out, event);
    write_line(out, &ContentLine::new("END").value("VEVENT"));
}

/// Writes the optional properties of a `VEVENT`.
fn write_event_details(out: &mut String, event: &Event) {
    if let Some(description) = non_blank(event.description.as_deref()) {
        let mut line = ContentLine::new("DESCRIPTION");
        if let Some(language) = &event.description_language {
            line = line.param("LANGUAGE", language);
        }
        write_line(out, &line.text(description));
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
