//! Calendar feeds: the iCalendar (RFC 5545 / RFC 7986) model and serializer that
//! network, event, series and person feeds are rendered with.

pub mod ics;
