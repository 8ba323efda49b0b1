//! Attendance statistics of a network's or a series' events.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::{Context, Object};
use entities::event;
use uuid::Uuid;

use super::{Event, Organisation, loaders};
use crate::ids::OrganisationId;
use crate::service::attendance::{self as service, Represented};

/// Which organisation: a known one, a name a guest wrote, or none.
async fn organisation_of(
    ctx: &Context<'_>,
    who: &Represented,
) -> async_graphql::Result<Option<Organisation>> {
    match who {
        Represented::Known(id) => Ok(loaders(ctx)?
            .load_one(OrganisationId(*id))
            .await?
            .map(Organisation)),
        _ => Ok(None),
    }
}

async fn name_of(ctx: &Context<'_>, who: &Represented) -> async_graphql::Result<Option<String>> {
    match who {
        Represented::Known(_) => Ok(organisation_of(ctx, who).await?.map(|o| o.0.name)),
        Represented::Written(name) => Ok(Some(name.clone())),
        Represented::Unknown => Ok(None),
    }
}

/// Attendance at a network's or a series' events over a period: per event
/// and per organisation (municipality). Counts confirmed registrations; at
/// events where participants were checked in, only the checked-in ones.
pub struct Attendance {
    inner: service::Attendance,
    events: Arc<HashMap<Uuid, event::Model>>,
}

impl From<service::Attendance> for Attendance {
    fn from(inner: service::Attendance) -> Self {
        let events = inner
            .events
            .iter()
            .map(|e| (e.event.id, e.event.clone()))
            .collect();
        Self {
            inner,
            events: Arc::new(events),
        }
    }
}

/// Attendance at a network's or a series' events over a period: per event
/// and per organisation (municipality). Counts confirmed registrations; at
/// events where participants were checked in, only the checked-in ones.
#[Object]
impl Attendance {
    /// The events counted, in order of start.
    async fn events(&self) -> Vec<EventAttendance> {
        self.inner
            .events
            .iter()
            .cloned()
            .map(EventAttendance)
            .collect()
    }

    /// The organisations represented: most events first, then most
    /// participants, then by name; registrations without an organisation last.
    async fn organisations(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<OrganisationAttendance>> {
        let known = self
            .inner
            .organisations
            .iter()
            .filter_map(|o| match o.organisation {
                Represented::Known(id) => Some(OrganisationId(id)),
                _ => None,
            });
        let names = loaders(ctx)?.load_many(known).await?;
        let name = |who: &Represented| match who {
            Represented::Known(id) => names
                .get(&OrganisationId(*id))
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            Represented::Written(name) => name.clone(),
            Represented::Unknown => String::new(),
        };
        let mut organisations: Vec<(String, service::OrganisationAttendance)> = self
            .inner
            .organisations
            .iter()
            .map(|o| (name(&o.organisation), o.clone()))
            .collect();
        // The service's order, with ties broken by name rather than by id.
        organisations.sort_by(|(a_name, a), (b_name, b)| {
            let unknown =
                |o: &service::OrganisationAttendance| o.organisation == Represented::Unknown;
            unknown(a)
                .cmp(&unknown(b))
                .then_with(|| b.events_attended.cmp(&a.events_attended))
                .then_with(|| b.participants.cmp(&a.participants))
                .then_with(|| a_name.cmp(b_name))
        });
        Ok(organisations
            .into_iter()
            .map(|(_, inner)| OrganisationAttendance {
                inner,
                events: self.events.clone(),
            })
            .collect())
    }

    /// Member organisations of the network that were at none of the events,
    /// by name.
    async fn absent_members(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Organisation>> {
        let loaded = loaders(ctx)?
            .load_many(
                self.inner
                    .absent_members
                    .iter()
                    .copied()
                    .map(OrganisationId),
            )
            .await?;
        let mut absent: Vec<Organisation> = loaded.into_values().map(Organisation).collect();
        absent.sort_by(|a, b| a.0.name.cmp(&b.0.name).then(a.0.id.cmp(&b.0.id)));
        Ok(absent)
    }

    /// Number of events counted.
    async fn event_count(&self) -> usize {
        self.inner.events.len()
    }

    /// Participants summed over the events.
    async fn participants(&self) -> u64 {
        self.inner.events.iter().map(|e| e.participants).sum()
    }
}

/// One event's attendance.
pub struct EventAttendance(service::EventAttendance);

/// One event's attendance.
#[Object]
impl EventAttendance {
    /// The event.
    async fn event(&self) -> Event {
        Event(self.0.event.clone())
    }

    /// Whether check-ins were counted (some participants were checked in)
    /// rather than every confirmed registration.
    async fn counts_check_ins(&self) -> bool {
        self.0.counts_check_ins
    }

    /// Participants in all.
    async fn participants(&self) -> u64 {
        self.0.participants
    }

    /// Participants per organisation, most first.
    async fn organisations(&self) -> Vec<OrganisationCount> {
        self.0
            .organisations
            .iter()
            .cloned()
            .map(OrganisationCount)
            .collect()
    }
}

/// How many came from one organisation to one event.
pub struct OrganisationCount(service::OrganisationCount);

/// How many came from one organisation to one event.
#[Object]
impl OrganisationCount {
    /// The organisation, when a known one (null for a name a guest wrote, or none).
    async fn organisation(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Organisation>> {
        organisation_of(ctx, &self.0.organisation).await
    }

    /// The organisation's name, or as guests wrote it; null when they gave none.
    async fn name(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        name_of(ctx, &self.0.organisation).await
    }

    /// Participants from it.
    async fn participants(&self) -> u64 {
        self.0.participants
    }
}

/// One organisation's attendance over the period.
pub struct OrganisationAttendance {
    inner: service::OrganisationAttendance,
    events: Arc<HashMap<Uuid, event::Model>>,
}

/// One organisation's attendance over the period.
#[Object]
impl OrganisationAttendance {
    /// The organisation, when a known one (null for a name a guest wrote, or none).
    async fn organisation(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Organisation>> {
        organisation_of(ctx, &self.inner.organisation).await
    }

    /// The organisation's name, or as guests wrote it; null when they gave none.
    async fn name(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        name_of(ctx, &self.inner.organisation).await
    }

    /// Number of the events it was represented at.
    async fn events_attended(&self) -> u64 {
        self.inner.events_attended
    }

    /// Participants from it, summed over the events (one person at three
    /// meetings counts three times).
    async fn participants(&self) -> u64 {
        self.inner.participants
    }

    /// The events it was represented at, in order of start.
    async fn events(&self) -> Vec<Event> {
        self.inner
            .event_ids
            .iter()
            .filter_map(|id| self.events.get(id).cloned().map(Event))
            .collect()
    }
}
