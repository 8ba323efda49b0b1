//! What is said about an event to one reader, in mail and on pages: the
//! venue joined into one line, the online meeting's details, times in the
//! event's zone. A leaf (entities and i18n only), so mail, notices and pages
//! share it; whether a reader gets the venue or the link is the caller's to
//! say (`service::policy`).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use entities::event;

use crate::i18n::{Locale, dates};

/// What Träffpunkt says about an event to one reader — a mail's
/// recipient, a page's visitor — already cut to what they may see (the
/// venue for those who come, the join link only for those who get it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventFacts {
    /// Title.
    pub title: String,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
    /// IANA zone the times are shown in.
    pub time_zone: String,
    /// Venue name, address and city, joined.
    pub venue: Option<String>,
    /// Accessibility notes of the venue.
    pub accessibility: Option<String>,
    /// The online meeting's join URL.
    pub join_link: Option<String>,
    /// Meeting number, passcode, dial-in and instructions, one per line.
    pub online_details: Option<String>,
    /// The event's page.
    pub page_link: Option<String>,
    /// The organiser's texts above in other languages than the event's
    /// own, for a reader in one of them ([`Self::in_language`]).
    pub translations: BTreeMap<Locale, TranslatedFacts>,
}

/// The texts of [`EventFacts`] an organiser can translate, in one language;
/// `None` where not translated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TranslatedFacts {
    /// The title.
    pub title: Option<String>,
    /// The venue's accessibility notes.
    pub accessibility: Option<String>,
}

impl EventFacts {
    /// The details of `event`: the venue when `venue` (in-person
    /// participants), the online meeting when `online` (online participants
    /// who may see the link).
    pub fn from_event(event: &event::Model, venue: bool, online: bool) -> Self {
        let non_blank = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let online_details = [
            &event.online_meeting_number,
            &event.online_passcode,
            &event.online_dial_in,
            &event.online_instructions,
        ]
        .into_iter()
        .filter_map(non_blank)
        .collect::<Vec<_>>()
        .join("\n");
        Self {
            title: event.title.clone(),
            starts_at: event.starts_at,
            ends_at: event.ends_at,
            time_zone: event.time_zone.clone(),
            venue: if venue { event.venue_line() } else { None },
            accessibility: if venue {
                non_blank(&event.venue_accessibility)
            } else {
                None
            },
            join_link: if online {
                non_blank(&event.online_join_url)
            } else {
                None
            },
            online_details: (online && !online_details.is_empty()).then_some(online_details),
            page_link: None,
            translations: BTreeMap::new(),
        }
    }

    /// With the organiser's translations of its texts.
    pub fn with_translations(mut self, translations: BTreeMap<Locale, TranslatedFacts>) -> Self {
        self.translations = translations;
        self
    }

    /// The facts as a reader of `locale` gets them: the title and
    /// accessibility notes translated where the organiser translated them,
    /// else as written (accessibility notes only where the reader gets the
    /// venue at all).
    pub fn in_language(&self, locale: Locale) -> Self {
        let mut facts = Self {
            translations: BTreeMap::new(),
            ..self.clone()
        };
        if let Some(translated) = self.translations.get(&locale) {
            if let Some(title) = &translated.title {
                facts.title = title.clone();
            }
            if let (Some(notes), Some(_)) = (&translated.accessibility, &self.accessibility) {
                facts.accessibility = Some(notes.clone());
            }
        }
        facts
    }

    /// The start in the event's zone with the zone's abbreviation:
    /// "torsdag 26 november 2026 kl. 09:00 (CET)" ([`dates::moment`]).
    pub fn starts_at_local(&self, locale: Locale) -> String {
        dates::moment(locale, self.starts_at, &self.time_zone)
    }

    /// Start and end in the event's zone: "torsdag 26 november 2026 kl.
    /// 09:00–16:00 (CET)", or both dates when it spans days ([`dates::range`]).
    pub fn when_local(&self, locale: Locale) -> String {
        dates::range(locale, self.starts_at, self.ends_at, &self.time_zone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_details_follow_the_mode() {
        let event = event::Model {
            id: uuid::Uuid::nil(),
            network_id: uuid::Uuid::nil(),
            series_id: None,
            kind: entities::EventKind::Meeting,
            title: "Gemensam utvecklingsgrupp".into(),
            description: String::new(),
            search_key: String::new(),
            starts_at: "2023-09-18T13:00:00Z".parse().expect("instant"),
            ends_at: "2023-09-18T15:00:00Z".parse().expect("instant"),
            time_zone: "Europe/Stockholm".into(),
            status: entities::EventStatus::Published,
            attendance_mode: entities::AttendanceMode::Hybrid,
            members_only: false,
            guest_confirmation_minutes: None,
            venue_name: Some("Fontänhuset Helsingborg".into()),
            venue_address: Some("Norra Strandgatan 8".into()),
            venue_city: Some("Helsingborg".into()),
            venue_accessibility: Some("Entré i gatuplan".into()),
            online_provider: Some("Webex".into()),
            online_join_url: Some("https://helsingborg.webex.com/meet/x".into()),
            online_meeting_number: Some("123 456".into()),
            online_passcode: None,
            online_dial_in: None,
            online_instructions: None,
            join_link_visibility: entities::JoinLinkVisibility::Registered,
            capacity_in_person: None,
            capacity_online: None,
            registration_policy: entities::RegistrationPolicy::Open,
            registration_opens_at: None,
            registration_closes_at: None,
            sequence: 0,
            published_at: None,
            cancelled_at: None,
            created_at: "2023-08-01T00:00:00Z".parse().expect("instant"),
            updated_at: "2023-08-01T00:00:00Z".parse().expect("instant"),
            project_network_id: None,
            locale: "sv".into(),
        };
        let in_person = EventFacts::from_event(&event, true, false);
        assert_eq!(
            in_person.venue.as_deref(),
            Some("Fontänhuset Helsingborg, Norra Strandgatan 8, Helsingborg")
        );
        assert_eq!(in_person.accessibility.as_deref(), Some("Entré i gatuplan"));
        assert_eq!(in_person.join_link, None);
        let online = EventFacts::from_event(&event, false, true);
        assert_eq!(online.venue, None);
        assert_eq!(
            online.join_link.as_deref(),
            Some("https://helsingborg.webex.com/meet/x")
        );
        assert_eq!(online.online_details.as_deref(), Some("123 456"));
    }
}
