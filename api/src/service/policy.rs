//! Who may do what: the one place that states Träffpunkt's rules. Services
//! call these functions; resolvers never decide on their own.
//!
//! - A platform administrator (and the server itself) may do everything.
//! - A network's owners and organisers manage that network and all networks
//!   below it: details, members, contacts, roles, events, agendas, speakers,
//!   registrations and reminders, and see participants' contact data. Only an
//!   owner (or an administrator) makes someone an owner.
//! - A network's members see its members-only events. Membership is proven,
//!   never declared: a role in the network (an organiser's word), or an
//!   address in the mail domain of a member organisation that the person has
//!   verified by signing in through a mailed link. What a guest names as
//!   their organisation grants nothing. Everyone else is told such an event
//!   does not exist (`NOT_FOUND`), on every path.
//! - Anyone sees networks, their member organisations and published (or
//!   cancelled) events that are not members-only; never drafts, never other
//!   people's registrations or email addresses.
//! - Join links (join URL, passcode, dial-in) of an event with PUBLIC link
//!   visibility are shown to everyone who sees the event; with REGISTERED, only
//!   to its confirmed online participants, its accepted speakers and its
//!   organisers ([`can_see_join_link`]).
//! - Personal data of a registration (the participant's address, name,
//!   organisation, needs, answers, history) is read only by the participant
//!   (signed in, or holding the registration's manage link), the organisers
//!   of the event's network and administrators ([`can_read_registration`]).
//! - A read-only API token may not change anything.
//! - Creating a top-level network is for administrators; a sub-network for
//!   those who manage its parent.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use entities::{
    EventStatus, JoinLinkVisibility, NetworkRole, ParticipationMode, RegistrationStatus,
    SpeakerStatus, event, network_member, network_role, organisation_domain, person, registration,
    speaker,
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, QueryTrait,
};
use uuid::Uuid;

use super::{Access, Context, Error, Result, SignedIn, Viewer};
use crate::ids::{NetworkId, PersonId};

async fn load_access(cx: &Context) -> Result<Access> {
    let signed_in = match &cx.viewer {
        Viewer::Anonymous => return Ok(Access::default()),
        Viewer::System => {
            return Ok(Access {
                all: true,
                ..Access::default()
            });
        }
        Viewer::Person(p) if p.is_admin => {
            return Ok(Access {
                all: true,
                ..Access::default()
            });
        }
        Viewer::Person(p) => p,
    };
    let roles = network_role::Entity::find()
        .filter(network_role::Column::PersonId.eq(signed_in.person_id.0))
        .all(&cx.db)
        .await?;
    let mut member_of: HashSet<Uuid> = roles.iter().map(|r| r.network_id).collect();
    member_of.extend(verified_member_networks(&cx.db, signed_in.person_id).await?);
    let direct_manage: HashSet<Uuid> = roles
        .iter()
        .filter(|r| matches!(r.role, NetworkRole::Owner | NetworkRole::Organiser))
        .map(|r| r.network_id)
        .collect();
    let direct_own: HashSet<Uuid> = roles
        .iter()
        .filter(|r| r.role == NetworkRole::Owner)
        .map(|r| r.network_id)
        .collect();
    let (manages, owns) = if direct_manage.is_empty() {
        (HashSet::new(), HashSet::new())
    } else {
        let parents = super::tree::parents(&cx.db).await?;
        (
            super::tree::below(&parents, &direct_manage),
            super::tree::below(&parents, &direct_own),
        )
    };
    member_of.extend(manages.iter().copied());
    Ok(Access {
        all: false,
        member_of,
        manages,
        owns,
    })
}

/// The networks `person` belongs to through an organisation: those whose
/// member organisations have the mail domain of the person's address, once
/// the person has proven the address by signing in through a mailed link.
/// What a guest declares never counts; a role in a network (an organiser's
/// word) counts separately.
pub(crate) async fn verified_member_networks<C: ConnectionTrait>(
    db: &C,
    person: PersonId,
) -> Result<Vec<Uuid>> {
    let found = person::Entity::find_by_id(person.0)
        .select_only()
        .column(person::Column::Email)
        .column(person::Column::EmailVerifiedAt)
        .into_tuple::<(String, Option<DateTime<Utc>>)>()
        .one(db)
        .await?;
    let Some((email, Some(_verified))) = found else {
        return Ok(Vec::new());
    };
    // The domain as `organisations::by_email_domain` compares it (addresses
    // and domains are normalised alike).
    let Some((_, domain)) = email.rsplit_once('@') else {
        return Ok(Vec::new());
    };
    let organisations = organisation_domain::Entity::find()
        .select_only()
        .column(organisation_domain::Column::OrganisationId)
        .filter(organisation_domain::Column::Domain.eq(domain))
        .into_query();
    Ok(network_member::Entity::find()
        .select_only()
        .column(network_member::Column::NetworkId)
        .filter(network_member::Column::OrganisationId.in_subquery(organisations))
        .into_tuple()
        .all(db)
        .await?)
}

/// Whether `person` is a member of `network` (a role there, or a verified
/// address in a member organisation's domain).
pub(crate) async fn is_member<C: ConnectionTrait>(
    db: &C,
    person: PersonId,
    network: NetworkId,
) -> Result<bool> {
    let has_role = network_role::Entity::find()
        .filter(network_role::Column::NetworkId.eq(network.0))
        .filter(network_role::Column::PersonId.eq(person.0))
        .one(db)
        .await?
        .is_some();
    Ok(has_role
        || verified_member_networks(db, person)
            .await?
            .contains(&network.0))
}

/// The viewer's access, loaded on first use in a request.
pub async fn access(cx: &Context) -> Result<Arc<Access>> {
    let cached = cx
        .access
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .clone();
    if let Some(access) = cached {
        return Ok(access);
    }
    let loaded = Arc::new(load_access(cx).await?);
    *cx.access
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(loaded.clone());
    Ok(loaded)
}

/// Forgets the viewer's access after a change to roles or to the network
/// tree, so the rest of the request sees the change.
pub fn forget_access(cx: &Context) {
    *cx.access
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
}

/// The signed-in person, or `Unauthenticated`.
pub fn require_signed_in(cx: &Context) -> Result<&SignedIn> {
    match &cx.viewer {
        Viewer::Person(p) => Ok(p),
        _ => Err(Error::Unauthenticated),
    }
}

/// A viewer allowed to change things: signed in with a session or a
/// read-write token. The server itself passes with a placeholder.
pub fn require_write(cx: &Context) -> Result<&SignedIn> {
    match &cx.viewer {
        Viewer::Person(p) if p.can_write => Ok(p),
        Viewer::Person(_) => Err(Error::Forbidden),
        Viewer::Anonymous => Err(Error::Unauthenticated),
        Viewer::System => Ok(&SYSTEM),
    }
}

/// What [`require_write`] answers for the server itself.
static SYSTEM: SignedIn = SignedIn {
    person_id: crate::ids::PersonId(Uuid::nil()),
    is_admin: true,
    can_write: true,
    session_id: None,
    locale: None,
};

/// Whether the viewer is an administrator or the server.
pub fn is_admin(cx: &Context) -> bool {
    match &cx.viewer {
        Viewer::System => true,
        Viewer::Person(p) => p.is_admin,
        Viewer::Anonymous => false,
    }
}

/// Whether the viewer manages `network` (or a network above it).
pub async fn manages(cx: &Context, network: NetworkId) -> Result<bool> {
    let access = access(cx).await?;
    Ok(access.all || access.manages.contains(&network.0))
}

/// Passes when the viewer may change `network` and what belongs to it.
pub async fn require_manage(cx: &Context, network: NetworkId) -> Result<()> {
    require_write(cx)?;
    if manages(cx, network).await? {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// Passes when the viewer may make someone an owner of `network`.
pub async fn require_own(cx: &Context, network: NetworkId) -> Result<()> {
    require_write(cx)?;
    let access = access(cx).await?;
    if access.all || access.owns.contains(&network.0) {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// Passes when the viewer may create a network below `parent` (or at the top).
pub async fn require_create_network(cx: &Context, parent: Option<NetworkId>) -> Result<()> {
    match parent {
        Some(parent) => require_manage(cx, parent).await,
        None => {
            require_write(cx)?;
            if is_admin(cx) {
                Ok(())
            } else {
                Err(Error::Forbidden)
            }
        }
    }
}

/// Passes when the viewer may register and rename organisations: anyone who
/// manages a network, or an administrator.
pub async fn require_organisation_editor(cx: &Context) -> Result<()> {
    require_write(cx)?;
    let access = access(cx).await?;
    if access.all || !access.manages.is_empty() {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// The condition on events that the viewer may see; `None` when everything.
pub async fn visible_events(cx: &Context) -> Result<Option<Condition>> {
    let access = access(cx).await?;
    if access.all {
        return Ok(None);
    }
    let public = Condition::all()
        .add(event::Column::Status.is_in([EventStatus::Published, EventStatus::Cancelled]))
        .add(
            Condition::any()
                .add(event::Column::MembersOnly.eq(false))
                .add(event::Column::NetworkId.is_in(access.member_of.iter().copied())),
        );
    Ok(Some(Condition::any().add(public).add(
        event::Column::NetworkId.is_in(access.manages.iter().copied()),
    )))
}

/// Whether the viewer may see `event`.
pub async fn can_see_event(cx: &Context, event: &event::Model) -> Result<bool> {
    let access = access(cx).await?;
    if access.all || access.manages.contains(&event.network_id) {
        return Ok(true);
    }
    let published = matches!(
        event.status,
        EventStatus::Published | EventStatus::Cancelled
    );
    Ok(published && (!event.members_only || access.member_of.contains(&event.network_id)))
}

/// How one person relates to one event, as far as its join link goes. Built
/// only from their registration and their talk ([`EventRelation::registration`],
/// [`EventRelation::speaker`], [`relations_to`]), so every path gathers the
/// same facts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EventRelation {
    /// A confirmed participant in the online mode whose seat is theirs (not
    /// only held until they confirm their address).
    pub online_participant: bool,
    /// A speaker who has accepted.
    pub accepted_speaker: bool,
}

impl EventRelation {
    /// Adds what a registration of the person says.
    pub fn registration(
        mut self,
        status: RegistrationStatus,
        mode: ParticipationMode,
        hold_expires_at: Option<DateTime<Utc>>,
    ) -> Self {
        self.online_participant |= status == RegistrationStatus::Confirmed
            && mode == ParticipationMode::Online
            && hold_expires_at.is_none();
        self
    }

    /// Adds what the person's entry as a speaker says.
    pub fn speaker(mut self, status: SpeakerStatus) -> Self {
        self.accepted_speaker |= status == SpeakerStatus::Confirmed;
        self
    }
}

/// How `person` relates to each of `events` (two statements); events they
/// have nothing to do with are missing.
pub async fn relations_to<C: ConnectionTrait>(
    db: &C,
    person: PersonId,
    events: Vec<Uuid>,
) -> Result<HashMap<Uuid, EventRelation>> {
    let mut relations: HashMap<Uuid, EventRelation> = HashMap::new();
    if events.is_empty() {
        return Ok(relations);
    }
    let registrations: Vec<(
        Uuid,
        RegistrationStatus,
        ParticipationMode,
        Option<DateTime<Utc>>,
    )> = registration::Entity::find()
        .select_only()
        .column(registration::Column::EventId)
        .column(registration::Column::Status)
        .column(registration::Column::Mode)
        .column(registration::Column::HoldExpiresAt)
        .filter(registration::Column::PersonId.eq(person.0))
        .filter(registration::Column::EventId.is_in(events.clone()))
        .into_tuple()
        .all(db)
        .await?;
    let talks: Vec<(Uuid, SpeakerStatus)> = speaker::Entity::find()
        .select_only()
        .column(speaker::Column::EventId)
        .column(speaker::Column::Status)
        .filter(speaker::Column::PersonId.eq(person.0))
        .filter(speaker::Column::EventId.is_in(events))
        .into_tuple()
        .all(db)
        .await?;
    for (event, status, mode, held) in registrations {
        let relation = relations.entry(event).or_default();
        *relation = relation.registration(status, mode, held);
    }
    for (event, status) in talks {
        let relation = relations.entry(event).or_default();
        *relation = relation.speaker(status);
    }
    Ok(relations)
}

/// Who sees an event's join link (URL, passcode, dial-in): the one rule that
/// GraphQL, pages, feeds and mail all ask. Confirmed online participants
/// whose seat is theirs and accepted speakers always; organisers of its
/// network; everyone who sees the event when the link is PUBLIC. Nobody else:
/// not a declined or invited speaker, not the waiting list, not an in-person
/// participant, not a guest whose seat is only held.
pub async fn can_see_join_link(
    cx: &Context,
    event: &event::Model,
    relation: EventRelation,
) -> Result<bool> {
    if join_link_by_relation(relation) {
        return Ok(true);
    }
    if event.join_link_visibility == JoinLinkVisibility::Public {
        return can_see_event(cx, event).await;
    }
    manages(cx, NetworkId(event.network_id)).await
}

/// Whether the relation alone gives the join link, whatever its visibility
/// (the part of [`can_see_join_link`] that needs no database, so a mail built
/// inside a transaction may ask it).
pub fn join_link_by_relation(relation: EventRelation) -> bool {
    relation.online_participant || relation.accepted_speaker
}

/// Why the viewer may read a registration's personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistrationReader {
    /// The participant, signed in (the holder of a manage link is let in by
    /// the registration code, which found the registration by its secret).
    Participant,
    /// An organiser of the event's network (or an administrator).
    Organiser,
}

/// Whether the viewer may read `registration` of an event in `network`:
/// the one rule for a registration's personal data (the participant's
/// address, name, organisation, needs, answers, history). Other organisers,
/// other participants and members are nobody here.
pub async fn can_read_registration(
    cx: &Context,
    registration: &registration::Model,
    network: NetworkId,
) -> Result<Option<RegistrationReader>> {
    if manages(cx, network).await? {
        return Ok(Some(RegistrationReader::Organiser));
    }
    let own = registration.person_id.is_some()
        && registration.person_id == cx.viewer.person_id().map(|p| p.0);
    Ok(own.then_some(RegistrationReader::Participant))
}

/// Whether a join link belongs in a view that many people share, such as a
/// public calendar feed or an "add to calendar" link: only PUBLIC links (or
/// for the server itself). Views for one person use [`can_see_join_link`].
pub fn join_link_in_shared_view(viewer: &Viewer, event: &event::Model) -> bool {
    matches!(viewer, Viewer::System) || event.join_link_visibility == JoinLinkVisibility::Public
}

/// Whether the viewer may see contact persons' email addresses: people who
/// are signed in (contact persons are there to be written to, but addresses
/// are not handed to anonymous scrapers).
pub fn can_see_contact_emails(cx: &Context) -> bool {
    !matches!(cx.viewer, Viewer::Anonymous)
}
