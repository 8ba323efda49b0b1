//! Absolute URLs of the calendar feeds and event pages (from `PUBLIC_URL`),
//! their `webcal://` forms, and "add to calendar" links for Google Calendar
//! and Outlook on the web. Pure functions: no database, no HTTP.

use chrono::{DateTime, Utc};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::ids::{EventId, SeriesId};

/// Characters escaped in a query value or path segment: everything but the
/// RFC 3986 unreserved ones, so a space is `%20` (never `+`, which Outlook
/// would show) and `&`, `=`, `#`, `/` cannot break the URL.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes a query value or path segment.
pub fn encode_component(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

/// The server's public links, built from its public base URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedUrls {
    base: String,
}

impl FeedUrls {
    /// Links under `public_url` (e.g. `https://traffpunkt.example.se`); a
    /// trailing slash is ignored.
    pub fn new(public_url: &str) -> Self {
        Self {
            base: public_url.trim().trim_end_matches('/').to_owned(),
        }
    }

    /// The public base URL, without a trailing slash.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// A network's feed; with `include_children`, its sub-networks' events too.
    pub fn network(&self, slug: &str, include_children: bool) -> String {
        let query = if include_children {
            "?include=children"
        } else {
            ""
        };
        format!(
            "{}/calendar/networks/{}.ics{query}",
            self.base,
            encode_component(slug)
        )
    }

    /// A single event's feed.
    pub fn event(&self, id: EventId) -> String {
        format!("{}/calendar/events/{}.ics", self.base, id.0)
    }

    /// A series' feed.
    pub fn series(&self, id: SeriesId) -> String {
        format!("{}/calendar/series/{}.ics", self.base, id.0)
    }

    /// A person's own feed, with its secret token.
    pub fn personal(&self, token: &str) -> String {
        format!("{}/calendar/me/{}.ics", self.base, encode_component(token))
    }

    /// A series' feed as the holder of a personal feed token sees it (a
    /// members-only series, for its members).
    pub fn personal_series(&self, token: &str, id: SeriesId) -> String {
        format!(
            "{}/calendar/me/{}/series/{}.ics",
            self.base,
            encode_component(token),
            id.0
        )
    }

    /// The CSV export of an event's registrations (for its organisers).
    pub fn registrations_csv(&self, id: EventId) -> String {
        format!("{}/events/{}/registrations.csv", self.base, id.0)
    }

    /// The event's page (the participant pages serve it).
    pub fn event_page(&self, id: EventId) -> String {
        format!("{}/events/{}", self.base, id.0)
    }
}

/// The `webcal://` form of an http(s) feed URL: clicking it opens the
/// calendar application's "subscribe" dialog instead of downloading a file.
pub fn webcal(url: &str) -> String {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    format!("webcal://{rest}")
}

/// What an "add to calendar" link pre-fills.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCalendarEntry<'a> {
    /// Title.
    pub title: &'a str,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
    /// IANA zone the event is held in (Google shows the entry in it).
    pub time_zone: &'a str,
    /// Plain-text details.
    pub details: &'a str,
    /// Where, if anywhere.
    pub location: Option<&'a str>,
}

/// Google Calendar's "create event" template link:
/// `https://calendar.google.com/calendar/render?action=TEMPLATE&text=…&dates=…/…&details=…&location=…&ctz=…`,
/// with the times in UTC (`20231018T110000Z`).
pub fn google_calendar(entry: &NewCalendarEntry<'_>) -> String {
    let utc = |at: DateTime<Utc>| at.format("%Y%m%dT%H%M%SZ").to_string();
    let mut url = format!(
        "https://calendar.google.com/calendar/render?action=TEMPLATE&text={}&dates={}/{}&details={}",
        encode_component(entry.title),
        utc(entry.starts_at),
        utc(entry.ends_at),
        encode_component(entry.details),
    );
    if let Some(location) = entry.location.filter(|l| !l.trim().is_empty()) {
        url.push_str("&location=");
        url.push_str(&encode_component(location));
    }
    if !entry.time_zone.trim().is_empty() {
        url.push_str("&ctz=");
        url.push_str(&encode_component(entry.time_zone.trim()));
    }
    url
}

/// Outlook on the web's compose link:
/// `https://outlook.office.com/calendar/0/deeplink/compose?subject=…&startdt=…&enddt=…&body=…&location=…`,
/// with ISO 8601 times in UTC (`2023-10-18T11:00:00Z`).
pub fn outlook_calendar(entry: &NewCalendarEntry<'_>) -> String {
    let utc = |at: DateTime<Utc>| at.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let mut url = format!(
        "https://outlook.office.com/calendar/0/deeplink/compose?path=%2Fcalendar%2Faction%2Fcompose&rru=addevent&subject={}&startdt={}&enddt={}&body={}",
        encode_component(entry.title),
        encode_component(&utc(entry.starts_at)),
        encode_component(&utc(entry.ends_at)),
        encode_component(entry.details),
    );
    if let Some(location) = entry.location.filter(|l| !l.trim().is_empty()) {
        url.push_str("&location=");
        url.push_str(&encode_component(location));
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn entry() -> NewCalendarEntry<'static> {
        NewCalendarEntry {
            title: "Möte: A & B, 100% = klart?",
            starts_at: Utc
                .with_ymd_and_hms(2023, 10, 18, 11, 0, 0)
                .single()
                .unwrap_or_default(),
            ends_at: Utc
                .with_ymd_and_hms(2023, 10, 18, 14, 30, 0)
                .single()
                .unwrap_or_default(),
            time_zone: "Europe/Stockholm",
            details: "Rad ett\nRad två #2",
            location: Some("Fontänhuset, Norra Strandgatan 8"),
        }
    }

    #[test]
    fn feed_urls_come_from_the_public_url() {
        let urls = FeedUrls::new("https://traffpunkt.example.se/");
        let id = EventId(uuid::Uuid::nil());
        assert_eq!(
            urls.network("gemensam-utvecklingsgrupp", false),
            "https://traffpunkt.example.se/calendar/networks/gemensam-utvecklingsgrupp.ics"
        );
        assert_eq!(
            urls.network("gr", true),
            "https://traffpunkt.example.se/calendar/networks/gr.ics?include=children"
        );
        assert_eq!(
            urls.event(id),
            "https://traffpunkt.example.se/calendar/events/00000000-0000-0000-0000-000000000000.ics"
        );
        assert_eq!(
            urls.series(SeriesId(uuid::Uuid::nil())),
            "https://traffpunkt.example.se/calendar/series/00000000-0000-0000-0000-000000000000.ics"
        );
        assert_eq!(
            urls.event_page(id),
            "https://traffpunkt.example.se/events/00000000-0000-0000-0000-000000000000"
        );
    }

    #[test]
    fn webcal_replaces_the_scheme() {
        assert_eq!(webcal("https://a.se/x.ics?y=1"), "webcal://a.se/x.ics?y=1");
        assert_eq!(
            webcal("http://127.0.0.1:8080/x.ics"),
            "webcal://127.0.0.1:8080/x.ics"
        );
    }

    #[test]
    fn google_link_is_encoded_and_in_utc() {
        assert_eq!(
            google_calendar(&entry()),
            "https://calendar.google.com/calendar/render?action=TEMPLATE\
             &text=M%C3%B6te%3A%20A%20%26%20B%2C%20100%25%20%3D%20klart%3F\
             &dates=20231018T110000Z/20231018T143000Z\
             &details=Rad%20ett%0ARad%20tv%C3%A5%20%232\
             &location=Font%C3%A4nhuset%2C%20Norra%20Strandgatan%208\
             &ctz=Europe%2FStockholm"
        );
    }

    #[test]
    fn outlook_link_is_encoded_and_in_utc() {
        let mut entry = entry();
        entry.location = None;
        assert_eq!(
            outlook_calendar(&entry),
            "https://outlook.office.com/calendar/0/deeplink/compose\
             ?path=%2Fcalendar%2Faction%2Fcompose&rru=addevent\
             &subject=M%C3%B6te%3A%20A%20%26%20B%2C%20100%25%20%3D%20klart%3F\
             &startdt=2023-10-18T11%3A00%3A00Z&enddt=2023-10-18T14%3A30%3A00Z\
             &body=Rad%20ett%0ARad%20tv%C3%A5%20%232"
        );
    }
}
