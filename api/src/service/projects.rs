//! Project networks (scenario 4: "the selected ones … form a network").
//!
//! An `APPLICATION` event may name a *project network*
//! (`events.project_network_id`). Approving an application to it admits the
//! applicant there, in the same unit as the decision: the organisation named
//! on the application (the applying organisation, else the registration's
//! organisation) becomes a member, and the person who applied — its
//! representative — gets the `MEMBER` role. Rejecting admits nobody. What an
//! approval added is kept in `project_admissions`, so that withdrawing the
//! approval ([`super::registrations::withdraw_approval`]) takes back exactly
//! that: an organisation that was a member before, or a person who had a
//! role, keeps it. Both show in the project network's log (member added or
//! removed, role given or taken away, with the application event named).
//!
//! The representatives ([`representatives`]) are invited to the project
//! network's series when an occurrence is added
//! ([`super::series::add_occurrences`]), and may read the attendance of
//! the project network and its series (organisations only, see
//! [`super::attendance`]).
//!
//! This module imports neither `events` nor `registrations` (which call
//! it; `events` checks the project network an event names itself), so it
//! stays out of the circle of imports those are in.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use entities::{
    NetworkRole, event, network_member, network_role, organisation, project_admission, registration,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QuerySelect,
};
use uuid::Uuid;

use super::Result;
use super::audit::{Action, Entry};
use super::tx::Tx;
use crate::ids::{NetworkId, OrganisationId, PersonId};

/// Whether some event names `network` as its project network.
pub async fn is_project_network<C: ConnectionTrait>(db: &C, network: NetworkId) -> Result<bool> {
    Ok(event::Entity::find()
        .filter(event::Column::ProjectNetworkId.eq(network.0))
        .count(db)
        .await?
        > 0)
}

/// Admits the applicant of `registration` (just approved, for `event`) to
/// the event's project network, inside the decision's unit: the
/// organisation becomes a member and the person gets the `MEMBER` role,
/// each only when not already so, and the admission records which it added.
/// An event without a project network admits nobody; an application
/// admitted already (and not withdrawn) is not admitted twice.
pub(crate) async fn admit(
    tx: &Tx,
    event: &event::Model,
    registration: &registration::Model,
) -> Result<Option<project_admission::Model>> {
    let Some(project) = event.project_network_id else {
        return Ok(None);
    };
    let (txn, now) = (tx.db(), tx.now());
    let admitted = project_admission::Entity::find()
        .filter(project_admission::Column::RegistrationId.eq(registration.id))
        .filter(project_admission::Column::WithdrawnAt.is_null())
        .one(txn)
        .await?;
    if admitted.is_some() {
        return Ok(admitted);
    }
    let why = format!("{}: {}", ADMITTED, event.title);
    let organisation = registration
        .applying_organisation_id
        .or(registration.organisation_id);
    let mut added_membership = false;
    if let Some(org) = organisation {
        let member = network_member::Entity::find()
            .filter(network_member::Column::NetworkId.eq(project))
            .filter(network_member::Column::OrganisationId.eq(org))
            .count(txn)
            .await?
            > 0;
        if !member {
            network_member::ActiveModel {
                id: Set(Uuid::now_v7()),
                network_id: Set(project),
                organisation_id: Set(org),
                joined_at: Set(now),
            }
            .insert(txn)
            .await?;
            added_membership = true;
            let name = organisation_name(txn, org).await?;
            tx.audit(
                Entry::network(NetworkId(project), Action::MemberAdded)
                    .about(org, name.as_deref())
                    .detail(why.clone()),
            );
        }
    }
    let mut added_role = false;
    if let Some(person) = registration.person_id {
        let has_role = network_role::Entity::find()
            .filter(network_role::Column::NetworkId.eq(project))
            .filter(network_role::Column::PersonId.eq(person))
            .count(txn)
            .await?
            > 0;
        if !has_role {
            network_role::ActiveModel {
                id: Set(Uuid::now_v7()),
                network_id: Set(project),
                person_id: Set(person),
                role: Set(NetworkRole::Member),
                created_at: Set(now),
            }
            .insert(txn)
            .await?;
            added_role = true;
            tx.audit(
                Entry::network(NetworkId(project), Action::RoleSet)
                    .about(person, None)
                    .detail(format!("{} ({why})", NetworkRole::Member.as_str())),
            );
        }
    }
    let saved = project_admission::ActiveModel {
        id: Set(Uuid::now_v7()),
        registration_id: Set(registration.id),
        network_id: Set(project),
        organisation_id: Set(organisation),
        person_id: Set(registration.person_id),
        added_membership: Set(added_membership),
        added_role: Set(added_role),
        admitted_at: Set(now),
        withdrawn_at: Set(None),
    }
    .insert(txn)
    .await?;
    Ok(Some(saved))
}

/// The audit detail of what an admission did, before the event's title.
const ADMITTED: &str = "approved application";

/// The audit detail of what a withdrawal did, before the event's title.
const WITHDRAWN: &str = "approval withdrawn";

/// Takes back what the admissions of `registration` added to their project
/// networks (its approval was withdrawn), inside that unit: the membership
/// and the role each added, unless another admission that is still in force
/// stands on them (two applications of one organisation) or the role has
/// since become another (an organiser made them one). Marks them withdrawn.
/// Returns the project networks whose member role the person lost.
pub(crate) async fn withdraw(
    tx: &Tx,
    event: &event::Model,
    registration: &registration::Model,
) -> Result<Vec<NetworkId>> {
    let mut left = Vec::new();
    let (txn, now) = (tx.db(), tx.now());
    let admissions = project_admission::Entity::find()
        .filter(project_admission::Column::RegistrationId.eq(registration.id))
        .filter(project_admission::Column::WithdrawnAt.is_null())
        .all(txn)
        .await?;
    let why = format!("{}: {}", WITHDRAWN, event.title);
    for admission in admissions {
        let project = admission.network_id;
        let others = project_admission::Entity::find()
            .filter(project_admission::Column::NetworkId.eq(project))
            .filter(project_admission::Column::WithdrawnAt.is_null())
            .filter(project_admission::Column::Id.ne(admission.id))
            .all(txn)
            .await?;
        if admission.added_membership
            && let Some(org) = admission.organisation_id
            && !others.iter().any(|o| o.organisation_id == Some(org))
        {
            let removed = network_member::Entity::delete_many()
                .filter(network_member::Column::NetworkId.eq(project))
                .filter(network_member::Column::OrganisationId.eq(org))
                .exec(txn)
                .await?;
            if removed.rows_affected > 0 {
                let name = organisation_name(txn, org).await?;
                tx.audit(
                    Entry::network(NetworkId(project), Action::MemberRemoved)
                        .about(org, name.as_deref())
                        .detail(why.clone()),
                );
            }
        }
        if admission.added_role
            && let Some(person) = admission.person_id
            && !others.iter().any(|o| o.person_id == Some(person))
        {
            let removed = network_role::Entity::delete_many()
                .filter(network_role::Column::NetworkId.eq(project))
                .filter(network_role::Column::PersonId.eq(person))
                .filter(network_role::Column::Role.eq(NetworkRole::Member))
                .exec(txn)
                .await?;
            if removed.rows_affected > 0 {
                left.push(NetworkId(project));
                tx.audit(
                    Entry::network(NetworkId(project), Action::RoleRemoved)
                        .about(person, None)
                        .detail(format!("{} ({why})", NetworkRole::Member.as_str())),
                );
            }
        }
        let mut model: project_admission::ActiveModel = admission.into();
        model.withdrawn_at = Set(Some(now));
        model.update(txn).await?;
    }
    Ok(left)
}

/// One admitted representative of a project network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Representative {
    /// The person.
    pub person: PersonId,
    /// The organisation they were admitted with, if any.
    pub organisation: Option<OrganisationId>,
    /// When they were admitted.
    pub admitted_at: DateTime<Utc>,
}

/// The representatives of `network`'s admitted organisations: the people of
/// its admissions in force who still hold a role there (an organiser who
/// took the role away took them out), each once, first admitted first.
pub async fn representatives<C: ConnectionTrait>(
    db: &C,
    network: NetworkId,
) -> Result<Vec<Representative>> {
    let mut admissions = project_admission::Entity::find()
        .filter(project_admission::Column::NetworkId.eq(network.0))
        .filter(project_admission::Column::WithdrawnAt.is_null())
        .filter(project_admission::Column::PersonId.is_not_null())
        .all(db)
        .await?;
    admissions.sort_by_key(|a| (a.admitted_at, a.id));
    let with_role: HashSet<Uuid> = network_role::Entity::find()
        .select_only()
        .column(network_role::Column::PersonId)
        .filter(network_role::Column::NetworkId.eq(network.0))
        .into_tuple::<Uuid>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut seen = HashSet::new();
    Ok(admissions
        .into_iter()
        .filter_map(|a| {
            let person = a.person_id?;
            (with_role.contains(&person) && seen.insert(person)).then_some(Representative {
                person: PersonId(person),
                organisation: a.organisation_id.map(OrganisationId),
                admitted_at: a.admitted_at,
            })
        })
        .collect())
}

/// Whether `person` is an admitted representative of `network` (an
/// admission in force, and still a role there).
pub async fn is_representative<C: ConnectionTrait>(
    db: &C,
    network: NetworkId,
    person: PersonId,
) -> Result<bool> {
    Ok(representatives(db, network)
        .await?
        .iter()
        .any(|r| r.person == person))
}

/// The admissions of an application (newest first): what its approval
/// added, and whether that was withdrawn. For whoever may read the
/// registration (the caller checked).
pub async fn admissions_of<C: ConnectionTrait>(
    db: &C,
    registration: Uuid,
) -> Result<Vec<project_admission::Model>> {
    let mut found = project_admission::Entity::find()
        .filter(project_admission::Column::RegistrationId.eq(registration))
        .all(db)
        .await?;
    found.sort_by_key(|a| std::cmp::Reverse((a.admitted_at, a.id)));
    Ok(found)
}

async fn organisation_name<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<Option<String>> {
    Ok(organisation::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|o| o.name))
}
