//! A network as its organisers keep it: its sub-networks, its member
//! organisations with their mail domains, its contact persons and who holds
//! which role, with the people's addresses. Reads only, for those who
//! manage the network (anyone else is told it does not exist); the
//! console's network page shows it.

use std::collections::HashMap;

use entities::{
    NetworkRole, network, network_contact, network_member, network_role, organisation,
    organisation_domain, person,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::{Context, Error, Result, networks, policy};
use crate::ids::NetworkId;

/// A member organisation with its mail domains (sorted).
#[derive(Debug, Clone)]
pub struct Member {
    /// The organisation.
    pub organisation: organisation::Model,
    /// Its mail domains.
    pub domains: Vec<String>,
}

/// A network as its organisers keep it.
#[derive(Debug, Clone)]
pub struct Directory {
    /// The network.
    pub network: network::Model,
    /// The network above it, if any.
    pub parent: Option<network::Model>,
    /// Its sub-networks, by name.
    pub children: Vec<network::Model>,
    /// Its member organisations, by name.
    pub members: Vec<Member>,
    /// Its contact persons in their order, with the people.
    pub contacts: Vec<(network_contact::Model, person::Model)>,
    /// Who holds which role, owners first, then by name.
    pub roles: Vec<(NetworkRole, person::Model)>,
    /// Whether the viewer may make and unmake owners.
    pub viewer_owns: bool,
}

/// The directory of network `id`, for those who manage it.
pub async fn directory(cx: &Context, id: NetworkId) -> Result<Directory> {
    let network = networks::get(cx, id)
        .await?
        .ok_or(Error::NotFound("network"))?;
    if !policy::manages(cx, id).await? {
        return Err(Error::NotFound("network"));
    }
    let access = policy::access(cx).await?;
    let viewer_owns = access.all || access.owns.contains(&id.0);
    let parent = match network.parent_id {
        Some(parent) => networks::get(cx, NetworkId(parent)).await?,
        None => None,
    };
    let children = network::Entity::find()
        .filter(network::Column::ParentId.eq(id.0))
        .order_by_asc(network::Column::Name)
        .all(&cx.db)
        .await?;
    let organisation_ids: Vec<Uuid> = network_member::Entity::find()
        .filter(network_member::Column::NetworkId.eq(id.0))
        .all(&cx.db)
        .await?
        .into_iter()
        .map(|m| m.organisation_id)
        .collect();
    let organisations = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(organisation_ids.iter().copied()))
        .order_by_asc(organisation::Column::Name)
        .all(&cx.db)
        .await?;
    let mut domains: HashMap<Uuid, Vec<String>> = HashMap::new();
    for domain in organisation_domain::Entity::find()
        .filter(organisation_domain::Column::OrganisationId.is_in(organisation_ids))
        .order_by_asc(organisation_domain::Column::Domain)
        .all(&cx.db)
        .await?
    {
        domains
            .entry(domain.organisation_id)
            .or_default()
            .push(domain.domain);
    }
    let members = organisations
        .into_iter()
        .map(|organisation| Member {
            domains: domains.remove(&organisation.id).unwrap_or_default(),
            organisation,
        })
        .collect();
    let contacts = networks::contacts(cx, id).await?;
    let held = network_role::Entity::find()
        .filter(network_role::Column::NetworkId.eq(id.0))
        .all(&cx.db)
        .await?;
    let mut people: HashMap<Uuid, person::Model> = person::Entity::find()
        .filter(person::Column::Id.is_in(held.iter().map(|r| r.person_id)))
        .all(&cx.db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut roles: Vec<(NetworkRole, person::Model)> = held
        .into_iter()
        .filter_map(|r| Some((r.role, people.remove(&r.person_id)?)))
        .collect();
    let rank = |role: NetworkRole| match role {
        NetworkRole::Owner => 0,
        NetworkRole::Organiser => 1,
        NetworkRole::Member => 2,
    };
    roles.sort_by(|(a, p), (b, q)| {
        rank(*a)
            .cmp(&rank(*b))
            .then_with(|| p.name.to_lowercase().cmp(&q.name.to_lowercase()))
    });
    Ok(Directory {
        network,
        parent,
        children,
        members,
        contacts,
        roles,
        viewer_owns,
    })
}
