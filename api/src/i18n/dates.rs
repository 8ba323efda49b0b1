//! Dates and times as each language writes them: weekday and month names,
//! "torsdag 26 november 2026 kl. 09:00", clock times and the zone label
//! after them. Mail, pages and feeds show times through these functions.
//!
//! Machine formats (iCalendar, RFC 3339, the CSV export's spreadsheet
//! dates) are not language and stay with their formats.

use chrono::{DateTime, Datelike, Timelike, Utc};
use chrono_tz::Tz;

use super::Locale;

/// The zone an IANA name names; UTC for a name we do not know (stored zones
/// were validated, so this only guards old or hand-edited rows).
pub fn zone(name: &str) -> Tz {
    name.parse().unwrap_or(Tz::UTC)
}

/// The name of a weekday (Monday is 0), as written inside a sentence.
pub fn weekday_name(locale: Locale, days_from_monday: usize) -> &'static str {
    let days = match locale {
        Locale::Sv => &SV_DAYS,
        Locale::Nb => &NB_DAYS,
        Locale::En => &EN_DAYS,
    };
    days[days_from_monday % 7]
}

/// The name of a month (January is 0), as written inside a sentence.
pub fn month_name(locale: Locale, month0: usize) -> &'static str {
    let months = match locale {
        Locale::Sv => &SV_MONTHS,
        Locale::Nb => &NB_MONTHS,
        Locale::En => &EN_MONTHS,
    };
    months[month0 % 12]
}

/// A clock time: "09:00", in Norwegian "09.00" (Språkrådet writes times
/// with a full stop).
pub fn clock_time(locale: Locale, at: &DateTime<Tz>) -> String {
    match locale {
        Locale::Nb => format!("{:02}.{:02}", at.hour(), at.minute()),
        Locale::Sv | Locale::En => format!("{:02}:{:02}", at.hour(), at.minute()),
    }
}

/// A date with its weekday and time: "torsdag 26 november 2026 kl. 09:00",
/// "torsdag 26. november 2026 kl. 09.00", "Thursday 26 November 2026 at 09:00".
pub fn date_time(locale: Locale, at: &DateTime<Tz>) -> String {
    let weekday = weekday_name(locale, at.weekday().num_days_from_monday() as usize);
    let month = month_name(locale, at.month0() as usize);
    let day = at.day();
    let year = at.year();
    let time = clock_time(locale, at);
    match locale {
        Locale::Sv => format!("{weekday} {day} {month} {year} kl. {time}"),
        Locale::Nb => format!("{weekday} {day}. {month} {year} kl. {time}"),
        Locale::En => format!("{weekday} {day} {month} {year} at {time}"),
    }
}

/// An instant in a zone with the zone's label:
/// "torsdag 26 november 2026 kl. 09:00 (CET)".
pub fn moment(locale: Locale, at: DateTime<Utc>, time_zone: &str) -> String {
    let at = at.with_timezone(&zone(time_zone));
    format!("{} ({})", date_time(locale, &at), at.format("%Z"))
}

/// Start and end in a zone: "torsdag 26 november 2026 kl. 09:00–16:00
/// (CET)", both dates when it spans days, and a label on each when the
/// range crosses a change of offset (summer to winter time).
pub fn range(locale: Locale, start: DateTime<Utc>, end: DateTime<Utc>, time_zone: &str) -> String {
    let zone = zone(time_zone);
    let start = start.with_timezone(&zone);
    let end = end.with_timezone(&zone);
    let abbreviation = start.format("%Z").to_string();
    if end <= start {
        return format!("{} ({abbreviation})", date_time(locale, &start));
    }
    let end_abbreviation = end.format("%Z").to_string();
    if start.date_naive() == end.date_naive() && abbreviation == end_abbreviation {
        format!(
            "{}–{} ({abbreviation})",
            date_time(locale, &start),
            clock_time(locale, &end)
        )
    } else if abbreviation == end_abbreviation {
        format!(
            "{} – {} ({abbreviation})",
            date_time(locale, &start),
            date_time(locale, &end)
        )
    } else {
        format!(
            "{} ({abbreviation}) – {} ({end_abbreviation})",
            date_time(locale, &start),
            date_time(locale, &end)
        )
    }
}

/// A programme line's time in a feed ("09:00", or "2026-11-26 09:00" when
/// the event spans days). Feeds are read in any calendar app, in any
/// language, so they keep the ISO form rather than a language's.
pub fn programme_time(at: DateTime<Utc>, zone: Tz, with_date: bool) -> String {
    let local = at.with_timezone(&zone);
    if with_date {
        local.format("%Y-%m-%d %H:%M").to_string()
    } else {
        local.format("%H:%M").to_string()
    }
}

const SV_DAYS: [&str; 7] = [
    "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag",
];
const NB_DAYS: [&str; 7] = [
    "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
];
const EN_DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const SV_MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];
const NB_MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn each_language_writes_its_own_date() {
        let at = zone("Europe/Stockholm")
            .with_ymd_and_hms(2026, 11, 26, 9, 5, 0)
            .single()
            .expect("a plain local time");
        assert_eq!(
            date_time(Locale::Sv, &at),
            "torsdag 26 november 2026 kl. 09:05"
        );
        assert_eq!(
            date_time(Locale::Nb, &at),
            "torsdag 26. november 2026 kl. 09.05"
        );
        assert_eq!(
            date_time(Locale::En, &at),
            "Thursday 26 November 2026 at 09:05"
        );
        assert_eq!(month_name(Locale::Nb, 11), "desember");
        assert_eq!(weekday_name(Locale::Sv, 6), "söndag");
    }
}
