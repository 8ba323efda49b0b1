//! Attendance statistics for organisers: which organisations (municipalities)
//! were represented at a network's or a series' events over a period — "which
//! municipalities were represented at the last three meetings?".
//!
//! What counts:
//!
//! - **Events**: the published events (not drafts, not cancelled ones) of the
//!   network — with `include_children`, of its sub-networks too — or of the
//!   series, that start in the window: from `from` (default: the beginning)
//!   to before `to` (default: now, so only meetings that have begun). With
//!   `last`, only the last that many of those. At most [`MAX_EVENTS`] (the
//!   most recent).
//! - **Participants**: confirmed registrations. Check-ins are preferred where
//!   they were taken: for an event where at least one participant was checked
//!   in, only checked-in registrations count (the organisers took attendance,
//!   so a confirmed registration without a check-in is someone who did not
//!   come); for an event without any check-in, every confirmed registration
//!   counts. Each event says which it used (`countsCheckIns`).
//! - **Organisation**: the registration's organisation (the participant's
//!   own, or the one a guest chose); a guest who wrote an organisation's name
//!   instead is grouped by that name (case and å/ä/ö folded), and those
//!   without any are grouped as unknown.
//!
//! Who reads it: those who manage the network (the series' network), and —
//! for a project network ([`super::projects`]) and its series — its
//! admitted representatives, so that the selected municipalities see which
//! of them took part. Representatives see the known organisations (the
//! municipalities) and the counts only: names that guests wrote are counted
//! as unknown for them, and nobody's name, address, needs or answers are in
//! the statistics for anyone (those stay with the participant and the
//! organisers, [`policy::can_read_registration`]). Representatives see no
//! sub-networks' events (`include_children`).
//!
//! A constant number of statements, however many events and registrations:
//! the network tree (with `include_children`), the events, one aggregate
//! query (`GROUP BY` event and organisation) and the network's members.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use entities::{EventStatus, RegistrationStatus, event, network_member, registration, series};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::{Context, Error, ErrorCode, Result, Viewer, policy};
use crate::ids::{NetworkId, SeriesId};

/// Most events one statistic covers (the most recent in the window).
pub const MAX_EVENTS: u64 = 500;

/// Whose events.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    /// A network's, with its sub-networks' when `include_children`.
    Network {
        /// The network.
        id: NetworkId,
        /// Add the sub-networks' events (at any depth).
        include_children: bool,
    },
    /// A series' occurrences.
    Series(SeriesId),
}

/// Which of the scope's events.
#[derive(Debug, Clone, Copy, Default)]
pub struct Period {
    /// Only the last this many (of those in the window).
    pub last: Option<u32>,
    /// Events that start at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Events that start before this instant (default: now).
    pub to: Option<DateTime<Utc>>,
}

/// Who an organisation is in the statistics.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Represented {
    /// A known organisation.
    Known(Uuid),
    /// An organisation as guests wrote it (the first spelling seen).
    Written(String),
    /// Registrations without an organisation.
    Unknown,
}

/// How many came from one organisation to one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationCount {
    /// The organisation.
    pub organisation: Represented,
    /// Participants.
    pub participants: u64,
}

/// One event's attendance.
#[derive(Debug, Clone)]
pub struct EventAttendance {
    /// The event.
    pub event: event::Model,
    /// Whether check-ins were counted (some were taken) rather than
    /// confirmed registrations.
    pub counts_check_ins: bool,
    /// Participants in all.
    pub participants: u64,
    /// Per organisation, most participants first.
    pub organisations: Vec<OrganisationCount>,
}

/// One organisation's attendance over the events.
#[derive(Debug, Clone)]
pub struct OrganisationAttendance {
    /// The organisation.
    pub organisation: Represented,
    /// Number of the events it was represented at.
    pub events_attended: u64,
    /// Participants from it, summed over the events.
    pub participants: u64,
    /// The events it was represented at (ids, in the order of `events`).
    pub event_ids: Vec<Uuid>,
}

/// Attendance over a period.
#[derive(Debug, Clone)]
pub struct Attendance {
    /// The events, in order of start.
    pub events: Vec<EventAttendance>,
    /// The organisations represented, most events first, then most
    /// participants (unknown last).
    pub organisations: Vec<OrganisationAttendance>,
    /// Member organisations of the network (the series' network) that were
    /// at none of the events, by id.
    pub absent_members: Vec<Uuid>,
}

/// An aggregate row: event, organisation id, written organisation name,
/// confirmed registrations, of which checked in.
type Row = (Uuid, Option<Uuid>, Option<String>, i64, i64);

fn refuse(cx: &Context) -> Error {
    if matches!(cx.viewer, Viewer::Anonymous) {
        Error::Unauthenticated
    } else {
        Error::Forbidden
    }
}

/// Whether the viewer may read the attendance of `network`'s events, and
/// as what: `Some(true)` manages it, `Some(false)` is an admitted
/// representative of a project network (organisations only), `None` neither.
async fn reader(cx: &Context, network: NetworkId) -> Result<Option<bool>> {
    if policy::manages(cx, network).await? {
        return Ok(Some(true));
    }
    let Some(person) = cx.viewer.person_id() else {
        return Ok(None);
    };
    Ok(super::projects::is_representative(&cx.db, network, person)
        .await?
        .then_some(false))
}

/// Attendance at the scope's events in the period; for those who manage the
/// network (the series' network), and for the admitted representatives of a
/// project network (see the module's documentation).
pub async fn attendance(cx: &Context, scope: Scope, period: Period) -> Result<Attendance> {
    if let (Some(from), Some(to)) = (period.from, period.to)
        && to <= from
    {
        return Err(Error::field(
            "to",
            ErrorCode::InvalidTimeRange,
            "`to` must be after `from`",
        ));
    }
    if period.last == Some(0) {
        return Err(Error::field("last", ErrorCode::OutOfRange, "at least 1"));
    }
    let (network_id, select, organiser) = match scope {
        Scope::Network {
            id,
            include_children,
        } => {
            let organiser = match reader(cx, id).await? {
                Some(false) if include_children => return Err(refuse(cx)),
                Some(organiser) => organiser,
                None => return Err(refuse(cx)),
            };
            let networks = if include_children {
                super::tree::load_below(&cx.db, &HashSet::from([id.0]))
                    .await?
                    .into_iter()
                    .collect()
            } else {
                vec![id.0]
            };
            (
                id,
                event::Entity::find().filter(event::Column::NetworkId.is_in(networks)),
                organiser,
            )
        }
        Scope::Series(id) => {
            let series = series::Entity::find_by_id(id.0)
                .one(&cx.db)
                .await?
                .ok_or(Error::NotFound("series"))?;
            let network = NetworkId(series.network_id);
            let Some(organiser) = reader(cx, network).await? else {
                return Err(refuse(cx));
            };
            (
                network,
                event::Entity::find().filter(event::Column::SeriesId.eq(id.0)),
                organiser,
            )
        }
    };
    let to = period.to.unwrap_or_else(|| cx.clock.now());
    let mut select = select
        .filter(event::Column::Status.eq(EventStatus::Published))
        .filter(event::Column::StartsAt.lt(to));
    if let Some(from) = period.from {
        select = select.filter(event::Column::StartsAt.gte(from));
    }
    let limit = period
        .last
        .map_or(MAX_EVENTS, |n| u64::from(n).min(MAX_EVENTS));
    let mut events = select
        .order_by_desc(event::Column::StartsAt)
        .order_by_desc(event::Column::Id)
        .limit(limit)
        .all(&cx.db)
        .await?;
    events.reverse();

    let ids: Vec<Uuid> = events.iter().map(|e| e.id).collect();
    let mut rows: Vec<Row> = if ids.is_empty() {
        Vec::new()
    } else {
        registration::Entity::find()
            .select_only()
            .column(registration::Column::EventId)
            .column(registration::Column::OrganisationId)
            .column(registration::Column::OrganisationName)
            .column_as(registration::Column::Id.count(), "confirmed")
            // COUNT of a column counts its non-null values: the check-ins.
            .column_as(registration::Column::CheckedInAt.count(), "checked_in")
            .filter(registration::Column::EventId.is_in(ids))
            .filter(registration::Column::Status.eq(RegistrationStatus::Confirmed))
            .group_by(registration::Column::EventId)
            .group_by(registration::Column::OrganisationId)
            .group_by(registration::Column::OrganisationName)
            .into_tuple()
            .all(&cx.db)
            .await?
    };
    if !organiser {
        // What guests typed is not for other participants to read.
        for row in &mut rows {
            if row.1.is_none() {
                row.2 = None;
            }
        }
    }
    let members: Vec<Uuid> = network_member::Entity::find()
        .select_only()
        .column(network_member::Column::OrganisationId)
        .filter(network_member::Column::NetworkId.eq(network_id.0))
        .into_tuple()
        .all(&cx.db)
        .await?;
    Ok(tally(events, rows, members))
}

/// The spelling each folded written name is shown in: the most common (by
/// participants), NFC-normalised; ties go to the one with the most letters
/// beyond ASCII (its å ä ö), then the first in order.
fn common_spellings(rows: &[Row]) -> HashMap<String, String> {
    use unicode_normalization::UnicodeNormalization;
    let mut counts: HashMap<String, BTreeMap<String, i64>> = HashMap::new();
    for (_, organisation_id, name, confirmed, checked_in) in rows {
        if let (None, Some(name)) = (organisation_id, name) {
            let name = name.trim();
            if name.is_empty() {
                continue;
            }
            let spelled: String = name.nfc().collect();
            *counts
                .entry(crate::text::fold(name))
                .or_default()
                .entry(spelled)
                .or_default() += (*confirmed).max(*checked_in).max(1);
        }
    }
    counts
        .into_iter()
        .filter_map(|(key, spellings)| {
            let best = spellings
                .into_iter()
                .max_by(|(a, n), (b, m)| {
                    let nordic = |s: &str| s.chars().filter(|c| !c.is_ascii()).count();
                    n.cmp(m).then(nordic(a).cmp(&nordic(b))).then(b.cmp(a))
                })
                .map(|(spelling, _)| spelling)?;
            Some((key, best))
        })
        .collect()
}

/// The statistics from the events and the aggregate rows (pure).
fn tally(events: Vec<event::Model>, rows: Vec<Row>, members: Vec<Uuid>) -> Attendance {
    let checked_in_events: HashSet<Uuid> = rows.iter().filter(|r| r.4 > 0).map(|r| r.0).collect();
    // Written names are grouped by their folded form (case, å ä ö and the
    // Unicode normalisation folded) and shown in their most common spelling;
    // a tie goes to the spelling that keeps its å ä ö.
    let spellings = common_spellings(&rows);
    let mut per_event: HashMap<Uuid, BTreeMap<Represented, u64>> = HashMap::new();
    for (event_id, organisation_id, organisation_name, confirmed, checked_in) in rows {
        let n = if checked_in_events.contains(&event_id) {
            checked_in
        } else {
            confirmed
        };
        let n = u64::try_from(n).unwrap_or_default();
        if n == 0 {
            continue;
        }
        let who = match (organisation_id, organisation_name) {
            (Some(id), _) => Represented::Known(id),
            (None, Some(name)) if !name.trim().is_empty() => {
                let key = crate::text::fold(name.trim());
                let shown = spellings.get(&key).cloned().unwrap_or(key);
                Represented::Written(shown)
            }
            _ => Represented::Unknown,
        };
        *per_event
            .entry(event_id)
            .or_default()
            .entry(who)
            .or_default() += n;
    }
    let mut totals: HashMap<Represented, OrganisationAttendance> = HashMap::new();
    let events: Vec<EventAttendance> = events
        .into_iter()
        .map(|event| {
            let counts = per_event.remove(&event.id).unwrap_or_default();
            let mut organisations: Vec<OrganisationCount> = counts
                .into_iter()
                .map(|(organisation, participants)| {
                    let total = totals.entry(organisation.clone()).or_insert_with(|| {
                        OrganisationAttendance {
                            organisation: organisation.clone(),
                            events_attended: 0,
                            participants: 0,
                            event_ids: Vec::new(),
                        }
                    });
                    total.events_attended += 1;
                    total.participants += participants;
                    total.event_ids.push(event.id);
                    OrganisationCount {
                        organisation,
                        participants,
                    }
                })
                .collect();
            organisations.sort_by(|a, b| {
                b.participants
                    .cmp(&a.participants)
                    .then_with(|| a.organisation.cmp(&b.organisation))
            });
            EventAttendance {
                counts_check_ins: checked_in_events.contains(&event.id),
                participants: organisations.iter().map(|o| o.participants).sum(),
                organisations,
                event,
            }
        })
        .collect();
    let mut organisations: Vec<OrganisationAttendance> = totals.into_values().collect();
    organisations.sort_by(|a, b| {
        let unknown = |o: &OrganisationAttendance| o.organisation == Represented::Unknown;
        unknown(a)
            .cmp(&unknown(b))
            .then_with(|| b.events_attended.cmp(&a.events_attended))
            .then_with(|| b.participants.cmp(&a.participants))
            .then_with(|| a.organisation.cmp(&b.organisation))
    });
    let present: HashSet<Uuid> = organisations
        .iter()
        .filter_map(|o| match o.organisation {
            Represented::Known(id) => Some(id),
            _ => None,
        })
        .collect();
    let mut absent_members: Vec<Uuid> = members
        .into_iter()
        .filter(|m| !present.contains(m))
        .collect();
    absent_members.sort_unstable();
    absent_members.dedup();
    Attendance {
        events,
        organisations,
        absent_members,
    }
}
