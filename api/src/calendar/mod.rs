//! Calendar feeds: the iCalendar (RFC 5545 / RFC 7986) model and serializer that
//! network, event, series and person feeds are rendered with.

pub mod ics;

use crate::ids::EventId;

/// The iCalendar `UID` of an event, the same in every feed and every mail
/// invitation, so that a calendar that got the event both ways keeps one copy
/// and a `METHOD:CANCEL` removes it. It does not depend on `PUBLIC_URL`:
/// moving the server must not duplicate everyone's calendar entries.
pub fn event_uid(event: EventId) -> String {
    format!("{}@traffpunkt", event.0)
}
