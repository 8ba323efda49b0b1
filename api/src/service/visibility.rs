//! What a viewer may see. The rules live here and only here, so that sign-in
//! (members, organisers, registered participants) extends them in one place
//! and every feed, page and list that shows events to someone follows.
//!
//! Today there are two viewers: nobody signed in, who sees what a network
//! publishes to the world, and the system, which sees everything.

use entities::{EventStatus, JoinLinkVisibility, event};
use sea_orm::{ColumnTrait, Condition};

use super::Viewer;

/// The events `viewer` may see, as a condition on the events table.
///
/// Anonymous: published and cancelled events (a cancelled one stays visible
/// so that calendars remove it) that are not for the network's members only.
/// Drafts are never shown to anyone but the system (organisers, later).
pub fn events_visible_to(viewer: &Viewer) -> Condition {
    match viewer {
        Viewer::System => Condition::all(),
        Viewer::Anonymous => Condition::all()
            .add(event::Column::Status.is_in([EventStatus::Published, EventStatus::Cancelled]))
            .add(event::Column::MembersOnly.eq(false)),
    }
}

/// Whether `viewer` may see the join link, passcode and dial-in of an event
/// they may see: anonymous viewers only when the organiser made them public.
pub fn join_link_visible_to(viewer: &Viewer, event: &event::Model) -> bool {
    match viewer {
        Viewer::System => true,
        Viewer::Anonymous => event.join_link_visibility == JoinLinkVisibility::Public,
    }
}
