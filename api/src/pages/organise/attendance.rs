//! `GET /organise/networks/{id}/attendance`: which organisations came to a
//! network's last meetings, as two SVG bar charts (participants per
//! meeting; per organisation one bar per meeting) and the same figures as a
//! table for screen readers and copying. No chart library and no script:
//! the bars are drawn here from `service::attendance`, which decides what
//! counts (check-ins where they were taken) and who may see it (the
//! network's organisers; anyone else is told "not found").
//!
//! `?last=` chooses how many of the latest meetings (default 6), and
//! `children=on` adds the sub-networks' meetings.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use entities::organisation;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use crate::i18n::console::attendance::{AttendanceStrings, attendance_strings};
use crate::i18n::console::{ConsoleStrings, console_strings};
use crate::i18n::dates;
use crate::ids::NetworkId;
use crate::pages::page::{Layout, PageRequest, private_page, render};
use crate::service::attendance::{self, Attendance, Period, Represented, Scope};
use crate::service::{self, Viewer, networks};
use crate::state::AppState;

/// The choices of how many meetings.
const LASTS: [u32; 5] = [3, 6, 12, 24, 50];
/// The default choice.
const DEFAULT_LAST: u32 = 6;
/// The charts' width in SVG units (they scale to the page).
const WIDTH: u32 = 600;
/// Most organisations drawn in the chart per organisation (the table has all).
const CHART_ORGANISATIONS: usize = 40;

/// A bar of the chart per meeting.
struct MeetingBar {
    label: String,
    text_y: u32,
    bar_y: u32,
    width: u32,
}

/// A row of the chart per organisation.
struct OrganisationRow {
    label: String,
    text_y: u32,
    base_y: u32,
    cells: Vec<Cell>,
}

/// One meeting's bar in an organisation's row.
struct Cell {
    x: u32,
    y: u32,
    width: u32,
    height: u32,
}

/// A row of the table.
struct TableRow {
    name: String,
    meetings: u64,
    participants: u64,
    /// Participants per meeting, in the order of the columns ("" for none).
    counts: Vec<String>,
}

#[derive(Template)]
#[template(path = "console/attendance.html")]
struct AttendancePage {
    page: Layout,
    c: &'static ConsoleStrings,
    s: &'static AttendanceStrings,
    network_id: Uuid,
    name: String,
    lasts: Vec<(u32, String, bool)>,
    children: bool,
    /// The meetings' column headings: title, date and what was counted.
    meetings: Vec<(Uuid, String, String)>,
    meeting_bars: Vec<MeetingBar>,
    meeting_height: u32,
    organisation_rows: Vec<OrganisationRow>,
    organisation_height: u32,
    table: Vec<TableRow>,
    totals: Vec<u64>,
    absent: Vec<String>,
    lang: &'static str,
    width: u32,
}

/// `GET /organise/networks/{id}/attendance`.
pub(super) async fn page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    request: PageRequest,
) -> Response {
    if !matches!(request.viewer, Viewer::Person(_)) {
        return crate::pages::session::prompt(&state, &headers, &request, StatusCode::OK);
    }
    let Ok(id) = Uuid::parse_str(&id) else {
        return request.not_found();
    };
    let mut last = DEFAULT_LAST;
    let mut children = false;
    for (key, value) in form_urlencoded::parse(raw.as_deref().unwrap_or("").as_bytes()) {
        match &*key {
            "last" => {
                last = value
                    .parse::<u32>()
                    .ok()
                    .filter(|n| LASTS.contains(n))
                    .unwrap_or(DEFAULT_LAST)
            }
            "children" => children = value == "on",
            _ => {}
        }
    }
    let cx = request.context(&state);
    let scope = Scope::Network {
        id: NetworkId(id),
        include_children: children,
    };
    let period = Period {
        last: Some(last),
        ..Period::default()
    };
    let found = match attendance::attendance(&cx, scope, period).await {
        Ok(found) => found,
        Err(err) => return request.failed(err),
    };
    let (network, names) = match tokio::try_join!(
        networks::get(&cx, NetworkId(id)),
        organisation_names(&cx, &found)
    ) {
        Ok((Some(network), names)) => (network, names),
        Ok((None, _)) => return request.not_found(),
        Err(err) => return request.failed(err),
    };
    let c = console_strings(request.locale);
    let s = attendance_strings(request.locale);
    let name_of = |who: &Represented| match who {
        Represented::Known(id) => names.get(id).cloned().unwrap_or_else(|| s.unknown.into()),
        Represented::Written(name) => format!("{name} {}", s.written),
        Represented::Unknown => s.unknown.to_owned(),
    };
    let meetings: Vec<(Uuid, String, String)> = found
        .events
        .iter()
        .map(|e| {
            let day = e
                .event
                .starts_at
                .with_timezone(&dates::zone(&e.event.time_zone))
                .format("%Y-%m-%d")
                .to_string();
            let counted = if e.counts_check_ins {
                s.counted_check_ins
            } else {
                s.counted_registrations
            };
            (
                e.event.id,
                e.event.title.clone(),
                format!("{day}, {counted}"),
            )
        })
        .collect();

    // Participants per meeting: a label line, then the bar.
    let most = found
        .events
        .iter()
        .map(|e| e.participants)
        .max()
        .unwrap_or(0);
    let meeting_bars: Vec<MeetingBar> = found
        .events
        .iter()
        .zip(&meetings)
        .enumerate()
        .map(|(i, (e, (_, title, day)))| {
            let top = i as u32 * 52;
            MeetingBar {
                label: format!("{title} ({day}): {}", (s.participants_n)(e.participants)),
                text_y: top + 18,
                bar_y: top + 26,
                width: scaled(e.participants, most, WIDTH),
            }
        })
        .collect();
    let meeting_height = meeting_bars.len() as u32 * 52 + 4;

    // Per organisation: a label line, then one bar per meeting.
    let per_event: HashMap<(Uuid, &Represented), u64> = found
        .events
        .iter()
        .flat_map(|e| {
            e.organisations
                .iter()
                .map(move |o| ((e.event.id, &o.organisation), o.participants))
        })
        .collect();
    let most_cell = per_event.values().copied().max().unwrap_or(0);
    let columns = found.events.len().max(1) as u32;
    let column = WIDTH / columns;
    let organisation_rows: Vec<OrganisationRow> = found
        .organisations
        .iter()
        .take(CHART_ORGANISATIONS)
        .enumerate()
        .map(|(i, o)| {
            let top = i as u32 * 70;
            let base_y = top + 64;
            let cells = found
                .events
                .iter()
                .enumerate()
                .filter_map(|(j, e)| {
                    let n = per_event
                        .get(&(e.event.id, &o.organisation))
                        .copied()
                        .unwrap_or(0);
                    let height = scaled(n, most_cell, 38);
                    (height > 0).then(|| Cell {
                        x: j as u32 * column + 2,
                        y: base_y - height,
                        width: column.saturating_sub(4).max(2),
                        height,
                    })
                })
                .collect();
            OrganisationRow {
                label: format!(
                    "{}: {}, {}",
                    name_of(&o.organisation),
                    (s.meetings_n)(o.events_attended, found.events.len()),
                    (s.participants_n)(o.participants)
                ),
                text_y: top + 18,
                base_y,
                cells,
            }
        })
        .collect();
    let organisation_height = organisation_rows.len() as u32 * 70 + 4;

    let table = found
        .organisations
        .iter()
        .map(|o| TableRow {
            name: name_of(&o.organisation),
            meetings: o.events_attended,
            participants: o.participants,
            counts: found
                .events
                .iter()
                .map(|e| {
                    per_event
                        .get(&(e.event.id, &o.organisation))
                        .map(u64::to_string)
                        .unwrap_or_default()
                })
                .collect(),
        })
        .collect();
    let totals = found.events.iter().map(|e| e.participants).collect();
    let mut absent: Vec<String> = found
        .absent_members
        .iter()
        .filter_map(|id| names.get(id).cloned())
        .collect();
    absent.sort();
    let lang = request.locale.as_str();
    let page = AttendancePage {
        page: request.page(format!("{} – {}", s.title, network.name)),
        c,
        s,
        network_id: network.id,
        name: network.name.clone(),
        lasts: LASTS
            .iter()
            .map(|&n| (n, (s.last_n)(n), n == last))
            .collect(),
        children,
        meetings,
        meeting_bars,
        meeting_height,
        organisation_rows,
        organisation_height,
        table,
        totals,
        absent,
        lang,
        width: WIDTH,
    };
    let mut response = render(&page);
    private_page(&mut response, None);
    response
}

/// `n` of `most` as a length of at most `full` (at least 1 for any `n` > 0,
/// so a single participant still shows).
fn scaled(n: u64, most: u64, full: u32) -> u32 {
    if n == 0 || most == 0 {
        return 0;
    }
    ((n as f64 / most as f64 * f64::from(full)).round() as u32).clamp(1, full)
}

/// The names of the known organisations of `found` (those represented and
/// the absent members), in one statement.
async fn organisation_names(
    cx: &service::Context,
    found: &Attendance,
) -> service::Result<HashMap<Uuid, String>> {
    let ids: Vec<Uuid> = found
        .organisations
        .iter()
        .filter_map(|o| match o.organisation {
            Represented::Known(id) => Some(id),
            _ => None,
        })
        .chain(found.absent_members.iter().copied())
        .collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(organisation::Entity::find()
        .select_only()
        .column(organisation::Column::Id)
        .column(organisation::Column::Name)
        .filter(organisation::Column::Id.is_in(ids))
        .into_tuple::<(Uuid, String)>()
        .all(&cx.db)
        .await?
        .into_iter()
        .collect())
}

#[cfg(test)]
mod tests {
    use super::scaled;

    #[test]
    fn bars_scale_to_the_largest_and_never_vanish() {
        assert_eq!(scaled(0, 10, 600), 0);
        assert_eq!(scaled(10, 10, 600), 600);
        assert_eq!(scaled(5, 10, 600), 300);
        assert_eq!(scaled(1, 1000, 600), 1, "one participant still shows");
        assert_eq!(scaled(3, 0, 600), 0);
    }
}
