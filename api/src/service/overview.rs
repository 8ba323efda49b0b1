//! Overviews: what the organiser console's start page and the site's front
//! door show at a glance. Reads only; who sees what is `policy`'s.
//!
//! - [`organised`]: the networks the viewer organises (every network for a
//!   platform administrator), each with its events that have not ended —
//!   drafts included — and their seats, in a fixed number of statements
//!   whatever the number of networks and events.
//! - [`front_door`]: every network with its next published events the
//!   viewer may see (members-only events only for members).

use std::collections::HashMap;

use entities::{EventStatus, event, network};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::seats::{Seats, counts, seats_of};
use super::{Context, Result, events, policy};

/// An event with its seats.
#[derive(Debug, Clone)]
pub struct EventAtGlance {
    /// The event.
    pub event: event::Model,
    /// Its seats: taken and free per mode, waiting list, applications.
    pub seats: Seats,
}

/// A network with its upcoming events.
#[derive(Debug, Clone)]
pub struct NetworkAtGlance {
    /// The network.
    pub network: network::Model,
    /// Its events that have not ended, soonest first.
    pub events: Vec<EventAtGlance>,
}

/// Whether the viewer organises any network (or administers them all):
/// where they land after signing in.
pub async fn organises_any(cx: &Context) -> Result<bool> {
    if !matches!(cx.viewer, super::Viewer::Person(_)) {
        return Ok(false);
    }
    let access = policy::access(cx).await?;
    Ok(access.all || !access.manages.is_empty())
}

/// The networks the viewer manages (every one for an administrator), by
/// name; empty for anyone who organises nothing.
pub async fn managed_networks(cx: &Context) -> Result<Vec<network::Model>> {
    policy::require_signed_in(cx)?;
    let access = policy::access(cx).await?;
    if !access.all && access.manages.is_empty() {
        return Ok(Vec::new());
    }
    let mut select = network::Entity::find().order_by_asc(network::Column::Name);
    if !access.all {
        select = select.filter(network::Column::Id.is_in(access.manages.iter().copied()));
    }
    Ok(select.all(&cx.db).await?)
}

/// The networks the viewer organises, by name, each with its events that
/// have not ended (drafts and cancelled ones included, so the organiser sees
/// what they are working on), soonest first, at most `per_network` each.
/// Empty for anyone who organises nothing.
pub async fn organised(cx: &Context, per_network: usize) -> Result<Vec<NetworkAtGlance>> {
    let networks = managed_networks(cx).await?;
    if networks.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = networks.iter().map(|n| n.id).collect();
    let upcoming = event::Entity::find()
        .filter(event::Column::NetworkId.is_in(ids))
        .filter(event::Column::EndsAt.gte(cx.clock.now()))
        .order_by_asc(event::Column::StartsAt)
        .order_by_asc(event::Column::Id)
        .all(&cx.db)
        .await?;
    let mut by_network: HashMap<Uuid, Vec<event::Model>> = HashMap::new();
    for event in upcoming {
        let list = by_network.entry(event.network_id).or_default();
        if list.len() < per_network {
            list.push(event);
        }
    }
    let shown: Vec<Uuid> = by_network.values().flatten().map(|e| e.id).collect();
    let mut counted: HashMap<Uuid, Vec<_>> = HashMap::new();
    for (event, mode, status, n) in counts(&cx.db, &shown).await? {
        counted.entry(event).or_default().push((mode, status, n));
    }
    Ok(networks
        .into_iter()
        .map(|network| {
            let events = by_network
                .remove(&network.id)
                .unwrap_or_default()
                .into_iter()
                .map(|event| EventAtGlance {
                    seats: seats_of(&event, counted.remove(&event.id).unwrap_or_default()),
                    event,
                })
                .collect();
            NetworkAtGlance { network, events }
        })
        .collect())
}

/// Every network, by name, with its next published events the viewer may
/// see, at most `per_network` each (one statement per network).
pub async fn front_door(
    cx: &Context,
    per_network: u64,
) -> Result<Vec<(network::Model, Vec<event::Model>)>> {
    let networks = network::Entity::find()
        .order_by_asc(network::Column::Name)
        .all(&cx.db)
        .await?;
    let mut out = Vec::with_capacity(networks.len());
    for network in networks {
        let upcoming =
            events::upcoming_in_network(cx, crate::ids::NetworkId(network.id), per_network)
                .await?
                .into_iter()
                .filter(|e| e.status == EventStatus::Published)
                .collect();
        out.push((network, upcoming));
    }
    Ok(out)
}
