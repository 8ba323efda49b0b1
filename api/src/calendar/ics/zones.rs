//! Time zones for the serializer: which zones a calendar's events use, and
//! their `VTIMEZONE` components computed from chrono-tz (every change of UTC
//! offset in the years the events touch, with a year before and after), so
//! that a client without the zone database reads the local times right.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone};
use chrono_tz::{OffsetComponents, OffsetName, Tz, TzOffset};

use super::{ContentLine, Event, format_local, write_line};

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

/// Formats a UTC offset in seconds as `+HHMM`, or `+HHMMSS` when it has
/// seconds. Zero is `+0000` (`-0000` is not allowed).
pub(super) fn format_utc_offset(seconds: i32) -> String {
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
pub(super) fn offset_name(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let total = seconds.unsigned_abs();
    let (hours, minutes) = (total / 3600, total % 3600 / 60);
    if minutes == 0 {
        format!("{sign}{hours:02}")
    } else {
        format!("{sign}{hours:02}{minutes:02}")
    }
}

/// How an event's times are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Zone {
    /// In UTC, `…Z`.
    Utc,
    /// As local times with a `TZID`.
    Local(Tz),
}

impl Zone {
    /// The zone of an IANA name; UTC and its aliases, and unknown names, give UTC.
    pub(super) fn of(name: &str) -> Self {
        match name.trim().parse::<Tz>() {
            Ok(tz) if !UTC_ZONES.contains(&tz.name()) => Self::Local(tz),
            _ => Self::Utc,
        }
    }
}

/// The first and last year (in local time) that events of a zone touch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Years {
    first: i32,
    last: i32,
}

/// The local zones of the events, by name, with the years their events cover.
pub(super) fn zones_in_use(events: &[Event]) -> BTreeMap<&'static str, (Tz, Years)> {
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
pub(super) fn write_time_zone(out: &mut String, tz: Tz, years: Years) {
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
