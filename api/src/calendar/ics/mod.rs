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
        // Sized once rather than doubled a dozen times over a large feed:
        // each event's texts and about 600 bytes of other lines, with room
        // for escapes and folds.
        let texts: usize = self
            .events
            .iter()
            .map(|event| {
                640 + event.summary.len()
                    + event.description.as_ref().map_or(0, String::len)
                    + event.location.as_ref().map_or(0, String::len)
            })
            .sum();
        let mut out = String::with_capacity(4096 + texts + texts / 8);
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
                push_param_value(line, value);
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
    const LOOK_AT: [bool; 256] = look_at(b"\\;,");
    copy_replacing(out, text, &LOOK_AT, |byte, next| match byte {
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
    const LOOK_AT: [bool; 256] = look_at(b"");
    copy_replacing(out, value, &LOOK_AT, control);
}

/// The bytes a rule looks at: `also`, and those that may start a control
/// character ([`control`]: C0, DEL and the lead byte `C2` of C1).
const fn look_at(also: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = true;
        byte += 1;
    }
    table[0x7f] = true;
    table[0xc2] = true;
    let mut index = 0;
    while index < also.len() {
        table[also[index] as usize] = true;
        index += 1;
    }
    table
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
/// `rule` is asked only about the bytes `look_at` marks (a feed's texts are
/// mostly letters, skipped by one table lookup each), must only pick bytes
/// that start a character, and whole characters.
fn copy_replacing(
    out: &mut String,
    text: &str,
    look_at: &[bool; 256],
    rule: impl Fn(u8, Option<u8>) -> Option<(usize, &'static str)>,
) {
    let bytes = text.as_bytes();
    let (mut copied, mut at) = (0, 0);
    while at < bytes.len() {
        if !look_at[usize::from(bytes[at])] {
            at += 1;
            continue;
        }
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
    let mut out = String::with_capacity(16);
    push_utc(&mut out, at);
    out
}

/// [`format_utc`] appended to `out`.
fn push_utc(out: &mut String, at: DateTime<Utc>) {
    push_local(out, at.naive_utc());
    out.push('Z');
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
    let mut out = String::with_capacity(16);
    push_local(&mut out, at);
    out
}

/// [`format_local`] appended to `out`.
fn push_local(out: &mut String, at: NaiveDateTime) {
    use chrono::{Datelike, Timelike};
    if !(0..=9999).contains(&at.year()) {
        // chrono's own form for a year of other than four digits.
        let _ = write!(out, "{}", at.format("%Y%m%dT%H%M%S"));
        return;
    }
    // Written digit by digit: a strftime pattern is parsed anew on every
    // call, `write!` goes through the formatting machinery, and a feed
    // writes thousands of these.
    push_digits(out, at.year().unsigned_abs(), 4);
    push_digits(out, at.month(), 2);
    push_digits(out, at.day(), 2);
    out.push('T');
    push_digits(out, at.hour(), 2);
    push_digits(out, at.minute(), 2);
    // A leap second is `60`, as chrono writes it.
    let second = at.second() + u32::from(at.nanosecond() >= 1_000_000_000);
    push_digits(out, second, 2);
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
    write_folded(out, |unfolded| line.write_unfolded(unfolded));
}

/// Appends a line written by `write` (the logical line, without CRLF) to
/// `out`, folded. The line is written in place; only one longer than a
/// physical line is copied aside to be folded back.
fn write_folded(out: &mut String, write: impl FnOnce(&mut String)) {
    thread_local! {
        /// A long logical line before it is folded, kept between lines: a
        /// feed writes hundreds of them.
        static UNFOLDED: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    let start = out.len();
    write(out);
    if out.len() - start <= MAX_LINE_OCTETS {
        out.push_str(CRLF);
        return;
    }
    UNFOLDED.with_borrow_mut(|unfolded| {
        unfolded.clear();
        unfolded.push_str(&out[start..]);
        out.truncate(start);
        fold_into(out, unfolded);
        if unfolded.capacity() > 64 * 1024 {
            // A rare huge line gives its memory back.
            *unfolded = String::new();
        }
    });
}

/// Writes a property straight into `out`, folded: `name` (an iCalendar
/// name as it is written), each parameter (its value quoted as needed, see
/// [`ContentLine::param`]) and the value `value` appends. What
/// [`write_line`] writes for the same [`ContentLine`], without building one.
fn emit(
    out: &mut String,
    name: &'static str,
    params: &[(&'static str, &str)],
    value: impl FnOnce(&mut String),
) {
    debug_assert_eq!(clean_name(name), name);
    write_folded(out, |line| {
        line.push_str(name);
        for (param, param_value) in params {
            debug_assert_eq!(clean_name(param), *param);
            line.push(';');
            line.push_str(param);
            line.push('=');
            push_param_value(line, param_value);
        }
        line.push(':');
        value(line);
    });
}

/// A TEXT property ([`ContentLine::text`]) with an optional `LANGUAGE`.
fn emit_text(out: &mut String, name: &'static str, language: Option<&str>, text: &str) {
    match language {
        Some(language) => emit(out, name, &[("LANGUAGE", language)], |line| {
            escape_text_into(line, text);
        }),
        None => emit(out, name, &[], |line| escape_text_into(line, text)),
    }
}

/// A property whose value is already in its iCalendar form
/// ([`ContentLine::value`]).
fn emit_value(out: &mut String, name: &'static str, value: &str) {
    emit(out, name, &[], |line| push_without_controls(line, value));
}

/// A UTC DATE-TIME property.
fn emit_utc(out: &mut String, name: &'static str, at: DateTime<Utc>) {
    emit(out, name, &[], |line| push_utc(line, at));
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
fn push_param_value(out: &mut String, value: &str) {
    let quoted = value.is_empty() || value.contains([':', ';', ',']);
    if quoted {
        out.push('"');
    }
    let start = out.len();
    let mut chars = value.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push(' ');
            }
            '\n' => out.push(' '),
            '"' => out.push('\''),
            '\t' => out.push('\t'),
            ch if ch.is_control() => {}
            ch => out.push(ch),
        }
    }
    // Only control characters: empty once they are dropped.
    if !quoted && out.len() == start {
        out.push_str("\"\"");
    }
    if quoted {
        out.push('"');
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
fn emit_date_time(out: &mut String, name: &'static str, at: DateTime<Utc>, zone: Zone) {
    if let Zone::Local(tz) = zone {
        let local = at.with_timezone(&tz).naive_local();
        let first = tz.from_local_datetime(&local).earliest();
        if first.map(|first| first.timestamp()) == Some(at.timestamp()) {
            emit(out, name, &[("TZID", tz.name())], |line| {
                push_local(line, local);
            });
            return;
        }
    }
    emit_utc(out, name, at);
}

/// Writes one `VEVENT`.
fn write_event(out: &mut String, event: &Event) {
    let zone = Zone::of(&event.time_zone);
    emit_value(out, "BEGIN", "VEVENT");
    emit_text(out, "UID", None, &event.uid);
    emit_utc(out, "DTSTAMP", event.dtstamp);
    if let Some(created) = event.created {
        emit_utc(out, "CREATED", created);
    }
    if let Some(modified) = event.last_modified {
        emit_utc(out, "LAST-MODIFIED", modified);
    }
    emit(out, "SEQUENCE", &[], |line| {
        let _ = write!(line, "{}", event.sequence.max(0));
    });
    emit_date_time(out, "DTSTART", event.starts_at, zone);
    if event.ends_at > event.starts_at {
        emit_date_time(out, "DTEND", event.ends_at, zone);
    }
    emit_value(out, "STATUS", event.status.as_str());
    emit_text(
        out,
        "SUMMARY",
        event.summary_language.as_deref(),
        &event.summary,
    );
    write_event_details(out, event);
    emit_value(out, "END", "VEVENT");
}

/// Writes the optional properties of a `VEVENT`.
fn write_event_details(out: &mut String, event: &Event) {
    if let Some(description) = non_blank(event.description.as_deref()) {
        emit_text(
            out,
            "DESCRIPTION",
            event.description_language.as_deref(),
            description,
        );
    }
    if let Some(location) = non_blank(event.location.as_deref()) {
        emit_text(out, "LOCATION", None, location);
    }
    if let Some(url) = non_blank(event.url.as_deref()) {
        emit_value(out, "URL", &uri(url));
    }
    if let Some(organizer) = &event.organizer {
        write_line(out, &organizer_line(organizer));
    }
    if let Some(attendee) = &event.attendee {
        write_line(out, &attendee_line(attendee));
    }
    let mut categories = event
        .categories
        .iter()
        .map(|category| category.trim())
        .filter(|category| !category.is_empty())
        .peekable();
    if categories.peek().is_some() {
        emit(out, "CATEGORIES", &[], |line| {
            for (index, category) in categories.enumerate() {
                if index > 0 {
                    line.push(',');
                }
                // Escaped as TEXT: the escaped form has no control
                // characters left to drop.
                escape_text_into(line, category);
            }
        });
    }
    if let Some(transparency) = event.transparency {
        emit_value(out, "TRANSP", transparency.as_str());
    }
    if let Some(class) = event.class {
        emit_value(out, "CLASS", class.as_str());
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
