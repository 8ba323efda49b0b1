//! The audit log in the console: who changed what and when.
//!
//! - `GET /organise/events/{id}/audit`: one event's log — the event, its
//!   programme, questions and reminders, and its registrations' changes
//!   (check-ins among them), newest first (`service::audit_view::of_event`).
//! - `GET /organise/networks/{id}/audit`: a network's log — its roles,
//!   contact persons and members, and all its events
//!   (`service::audit_view::of_network`).
//!
//! Both are for the network's organisers only; anyone else is told "not
//! found", as for an id that does not exist. Times are in the event's (or
//! the network's) time zone.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use uuid::Uuid;

use super::forms::event_id;
use super::registrations::{mode_text, status_text};
use crate::i18n::console::audit::{AuditStrings, audit_strings};
use crate::i18n::console::{ConsoleStrings, console_strings};
use crate::i18n::dates;
use crate::i18n::pages::Strings;
use crate::ids::NetworkId;
use crate::pages::page::{Layout, PageRequest, private_page, render};
use crate::service::Viewer;
use crate::service::audit::Action;
use crate::service::audit_view::{self as audit, Line};
use crate::state::AppState;

/// One line of the table, in words.
struct Row {
    when: String,
    who: String,
    what: String,
    subject: String,
    detail: String,
    event: Option<(Uuid, String)>,
}

#[derive(Template)]
#[template(path = "console/audit.html")]
struct AuditPage {
    page: Layout,
    c: &'static ConsoleStrings,
    a: &'static AuditStrings,
    heading: String,
    intro: &'static str,
    /// The event of an event's log, and its network.
    event: Option<(Uuid, Uuid)>,
    rows: Vec<Row>,
    lang: &'static str,
}

/// `GET /organise/events/{id}/audit`.
pub(super) async fn event(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
) -> Response {
    if !matches!(request.viewer, Viewer::Person(_)) {
        return crate::pages::session::prompt(&state, &headers, &request, StatusCode::OK);
    }
    let Some(id) = event_id(&id) else {
        return request.not_found();
    };
    let cx = request.context(&state);
    let (event, lines) = match audit::of_event(&cx, id).await {
        Ok(found) => found,
        Err(err) => return request.failed(err),
    };
    let c = console_strings(request.locale);
    let a = audit_strings(request.locale);
    let rows = rows(&request, &lines, &event.time_zone);
    let page = AuditPage {
        page: request.page(format!("{} – {}", c.audit_log, event.title)),
        c,
        a,
        heading: event.title.clone(),
        intro: a.event_intro,
        event: Some((event.id, event.network_id)),
        rows,
        lang: request.locale.as_str(),
    };
    let mut response = render(&page);
    private_page(&mut response, None);
    response
}

/// `GET /organise/networks/{id}/audit`.
pub(super) async fn network(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
) -> Response {
    if !matches!(request.viewer, Viewer::Person(_)) {
        return crate::pages::session::prompt(&state, &headers, &request, StatusCode::OK);
    }
    let Ok(id) = Uuid::parse_str(&id) else {
        return request.not_found();
    };
    let cx = request.context(&state);
    let (network, lines) = match audit::of_network(&cx, NetworkId(id)).await {
        Ok(found) => found,
        Err(err) => return request.failed(err),
    };
    let c = console_strings(request.locale);
    let a = audit_strings(request.locale);
    let rows = rows(&request, &lines, &network.time_zone);
    let page = AuditPage {
        page: request.page(format!("{} – {}", a.network_title, network.name)),
        c,
        a,
        heading: format!("{} – {}", a.network_title, network.name),
        intro: a.network_intro,
        event: None,
        rows,
        lang: request.locale.as_str(),
    };
    let mut response = render(&page);
    private_page(&mut response, None);
    response
}

fn rows(request: &PageRequest, lines: &[Line], time_zone: &str) -> Vec<Row> {
    let (t, c, a) = (
        request.t(),
        console_strings(request.locale),
        audit_strings(request.locale),
    );
    lines
        .iter()
        .map(|line| Row {
            when: dates::moment(request.locale, line.at, time_zone),
            who: match (&line.actor, line.erased_actor) {
                (Some(name), _) => name.clone(),
                (None, true) => a.erased.to_owned(),
                (None, false) => a.nobody.to_owned(),
            },
            what: match line.action {
                // The words are in the order of `Action::ALL`; a code
                // without words is shown as stored.
                Some(action) => a
                    .actions
                    .get(action as usize)
                    .map_or_else(|| line.code.clone(), |w| (*w).to_owned()),
                None => line.code.clone(),
            },
            subject: line.subject.clone().unwrap_or_default(),
            detail: detail(t, c, a, line),
            event: line.event.zip(line.event_title.clone()),
        })
        .collect()
}

/// How a line changed things, in words: the fields of an event's change,
/// a registration's statuses and modes, a note, a reason or a role.
fn detail(t: &Strings, c: &ConsoleStrings, a: &AuditStrings, line: &Line) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(change) = line.registration {
        match change.from_status {
            None => parts.push(format!(
                "{} ({}, {})",
                a.registered,
                status_text(t, change.to_status),
                mode_text(t, change.to_mode)
            )),
            Some(from) if from != change.to_status => parts.push(format!(
                "{} → {}",
                status_text(t, from),
                status_text(t, change.to_status)
            )),
            Some(_) => {}
        }
        if let Some(from) = change.from_mode
            && from != change.to_mode
        {
            parts.push(format!(
                "{} → {}",
                mode_text(t, from),
                mode_text(t, change.to_mode)
            ));
        }
    }
    if let Some(detail) = &line.detail {
        parts.push(match (line.action, detail.as_str()) {
            (Some(Action::Registration), "checked in") => a.checked_in.to_owned(),
            (Some(Action::Registration), "check-in undone") => a.check_in_undone.to_owned(),
            (Some(Action::EventUpdated), fields) => format!(
                "{} {}",
                a.fields,
                fields
                    .split(", ")
                    .map(|f| field_label(c, f))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            (_, other) => other.to_owned(),
        });
    }
    parts.join(" · ")
}

/// The console's label of an event field by its API name.
fn field_label<'a>(c: &'a ConsoleStrings, field: &'a str) -> &'a str {
    match field {
        "kind" => c.field_kind,
        "title" => c.field_title,
        "description" => c.field_description,
        "startsAt" => c.field_starts,
        "endsAt" => c.field_ends,
        "timeZone" => c.field_zone,
        "attendanceMode" => c.field_mode,
        "membersOnly" => c.field_members_only,
        "venue" => c.section_place,
        "onlineMeeting" => c.section_online,
        "joinLinkVisibility" => c.field_link_visibility,
        "capacity.inPerson" => c.field_capacity_in_person,
        "capacity.online" => c.field_capacity_online,
        "guestConfirmationMinutes" => c.field_confirm_minutes,
        "registrationPolicy" => c.field_policy,
        "registrationOpensAt" => c.field_opens,
        "registrationClosesAt" => c.field_closes,
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn the_action_names_follow_the_actions() {
        let sv = audit_strings(Locale::Sv);
        let en = audit_strings(Locale::En);
        assert_eq!(en.actions[Action::EventCreated as usize], "Event created");
        assert_eq!(en.actions[Action::ReminderSent as usize], "Reminder sent");
        assert_eq!(en.actions[Action::RoleSet as usize], "Role given");
        assert_eq!(en.actions[Action::MemberRemoved as usize], "Member removed");
        assert_eq!(sv.actions[Action::Registration as usize], "Anmälan ändrad");
        assert_eq!(en.actions.len(), Action::Registration as usize + 1);
    }
}
