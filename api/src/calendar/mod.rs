//! Calendar feeds: the iCalendar (RFC 5545 / RFC 7986) model and serializer that
//! network, event, series and person feeds are rendered with, the feeds' URLs
//! and the "add to Google / Outlook calendar" links.

pub mod ics;
pub mod links;

use crate::ids::EventId;

/// The iCalendar `UID` of an event: `{uuid}@traffpunkt`. It never changes, and
/// every representation of the event (feeds, mail attachments) uses it, so a
/// calendar client updates the one entry instead of adding a second.
pub fn event_uid(id: EventId) -> String {
    format!("{}@traffpunkt", id.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uid_is_the_uuid_at_traffpunkt() {
        let id = EventId(uuid::Uuid::nil());
        assert_eq!(
            event_uid(id),
            "00000000-0000-0000-0000-000000000000@traffpunkt"
        );
    }
}
