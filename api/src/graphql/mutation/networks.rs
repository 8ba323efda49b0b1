//! Mutations of networks, their members and contact persons.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};

use super::try_change;
use crate::graphql::enums::NetworkVisibility;
use crate::graphql::error::{UserError, outcome};
use crate::graphql::ids::{GlobalId, parse_opt};
use crate::graphql::types::{Network, NetworkRole, RoleAssignment, service_cx};
use crate::ids::{NetworkId, OrganisationId, PersonId};
use crate::service::networks::{self, ContactInput, NetworkChanges, NewNetwork, RoleHolder};
use crate::service::people::PersonInput as ServicePersonInput;
use crate::service::{self, Result as ServiceResult};

/// A new network.
#[derive(InputObject)]
pub struct CreateNetworkInput {
    /// Name, e.g. "Socialchefsnätverket".
    pub name: String,
    /// Slug; derived from the name when omitted (å→a, ä→a, ö→o, ø→o, æ→ae).
    pub slug: Option<String>,
    /// Description.
    #[graphql(default)]
    pub description: String,
    /// Parent network, to make this a sub-network.
    pub parent_id: Option<ID>,
    /// The organisation that runs the network.
    pub owner_organisation_id: Option<ID>,
    /// Open (default) or closed.
    #[graphql(default_with = "NetworkVisibility::Open")]
    pub visibility: NetworkVisibility,
    /// IANA zone; Europe/Stockholm when omitted.
    pub time_zone: Option<String>,
    /// sv, nb or en; sv when omitted.
    pub default_locale: Option<String>,
    /// Focus areas.
    #[graphql(default)]
    pub focus_areas: Vec<String>,
}

/// Changes to a network; omitted fields stay as they are.
#[derive(InputObject)]
pub struct UpdateNetworkInput {
    /// The network.
    pub id: ID,
    /// New name (the slug stays unless given).
    pub name: Option<String>,
    /// New slug.
    pub slug: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// New parent; null makes it a top-level network.
    pub parent_id: MaybeUndefined<ID>,
    /// New owning organisation; null clears it.
    pub owner_organisation_id: MaybeUndefined<ID>,
    /// New visibility.
    pub visibility: Option<NetworkVisibility>,
    /// New IANA zone.
    pub time_zone: Option<String>,
    /// New default locale.
    pub default_locale: Option<String>,
    /// New focus areas (replaces the list).
    pub focus_areas: Option<Vec<String>>,
    /// Whether anyone may send the network theme suggestions
    /// (`suggestTheme`, the form on its page).
    pub suggestions_open: Option<bool>,
}

/// Which network to delete.
#[derive(InputObject)]
pub struct DeleteNetworkInput {
    /// The network; it must have no sub-networks and no events.
    pub id: ID,
}

/// An organisation joining or leaving a network.
#[derive(InputObject)]
pub struct NetworkMemberInput {
    /// The network.
    pub network_id: ID,
    /// The organisation.
    pub organisation_id: ID,
}

/// A person given by name and email; found by email or created.
#[derive(InputObject)]
pub struct PersonInput {
    /// Full name.
    pub name: String,
    /// Email address.
    pub email: String,
    /// Job title.
    pub title: Option<String>,
    /// The organisation they work for.
    pub organisation_id: Option<ID>,
}

impl PersonInput {
    /// The service form of this input.
    pub fn into_service(self) -> async_graphql::Result<ServicePersonInput> {
        Ok(ServicePersonInput {
            name: self.name,
            email: self.email,
            title: self.title,
            organisation_id: parse_opt(self.organisation_id.as_ref())?,
        })
    }
}

/// A contact person to add: an existing person, or a new one.
#[derive(InputObject)]
pub struct AddNetworkContactInput {
    /// The network.
    pub network_id: ID,
    /// An existing person (give this or `person`).
    pub person_id: Option<ID>,
    /// A person by name and email (give this or `personId`).
    pub person: Option<PersonInput>,
    /// What to contact them about, e.g. "kontaktperson på GR".
    pub label: Option<String>,
    /// The address participants write to (a person added by `person` is
    /// shown with theirs unless another is given). A person added by
    /// `personId` shows no address until one is given here or they accept
    /// being a contact: their own address is not an organiser's to publish.
    pub email: Option<String>,
}

/// Which network's contact person the viewer accepts to be.
#[derive(InputObject)]
pub struct AcceptNetworkContactInput {
    /// The network.
    pub network_id: ID,
}

/// A contact person to remove.
#[derive(InputObject)]
pub struct RemoveNetworkContactInput {
    /// The network.
    pub network_id: ID,
    /// The person.
    pub person_id: ID,
}

/// The outcome of a network mutation.
#[derive(SimpleObject)]
pub struct NetworkPayload {
    /// The network as it is now, when the mutation succeeded.
    pub network: Option<Network>,
    /// What was wrong with the input.
    pub user_errors: Vec<UserError>,
}

/// The outcome of deleting a network.
#[derive(SimpleObject)]
pub struct DeleteNetworkPayload {
    /// Global id of the deleted network.
    pub deleted_network_id: Option<ID>,
    /// What was wrong with the input.
    pub user_errors: Vec<UserError>,
}

async fn reload(
    cx: &service::Context,
    id: NetworkId,
    result: ServiceResult<()>,
) -> async_graphql::Result<NetworkPayload> {
    let (done, user_errors) = outcome(result)?;
    let network = match done {
        Some(()) => networks::get(cx, id).await?.map(Network),
        None => None,
    };
    Ok(NetworkPayload {
        network,
        user_errors,
    })
}

/// A role to give in a network: to an existing person or one by name and email.
#[derive(InputObject)]
pub struct SetNetworkRoleInput {
    /// The network.
    pub network_id: ID,
    /// An existing person (give this or `person`).
    pub person_id: Option<ID>,
    /// A person by name and email (give this or `personId`).
    pub person: Option<PersonInput>,
    /// The role; a person has one role per network.
    pub role: NetworkRole,
}

/// A role to take away.
#[derive(InputObject)]
pub struct RemoveNetworkRoleInput {
    /// The network.
    pub network_id: ID,
    /// The person.
    pub person_id: ID,
}

/// The outcome of changing roles.
#[derive(SimpleObject)]
pub struct NetworkRolePayload {
    /// The role as it is now (null after removal).
    pub role: Option<RoleAssignment>,
    /// What was wrong with the input.
    pub user_errors: Vec<UserError>,
}

/// Mutations of networks.
#[derive(Default)]
pub struct NetworkMutation;

#[Object]
impl NetworkMutation {
    /// Creates a network; its slug is derived from the name unless given.
    async fn create_network(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new network.")] input: CreateNetworkInput,
    ) -> async_graphql::Result<NetworkPayload> {
        let new = NewNetwork {
            name: input.name,
            slug: input.slug,
            description: input.description,
            parent_id: parse_opt(input.parent_id.as_ref())?,
            owner_organisation_id: parse_opt(input.owner_organisation_id.as_ref())?,
            visibility: input.visibility.into(),
            time_zone: input.time_zone,
            default_locale: input.default_locale,
            focus_areas: input.focus_areas,
        };
        let (network, user_errors) = outcome(networks::create(service_cx(ctx)?, new).await)?;
        Ok(NetworkPayload {
            network: network.map(Network),
            user_errors,
        })
    }

    /// Changes a network.
    async fn update_network(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: UpdateNetworkInput,
    ) -> async_graphql::Result<NetworkPayload> {
        let id = NetworkId::parse(&input.id)?;
        let changes = NetworkChanges {
            name: input.name,
            slug: input.slug,
            description: input.description,
            parent_id: try_change(input.parent_id, |p| NetworkId::parse(&p))?,
            owner_organisation_id: try_change(input.owner_organisation_id, |o| {
                OrganisationId::parse(&o)
            })?,
            visibility: input.visibility.map(Into::into),
            time_zone: input.time_zone,
            default_locale: input.default_locale,
            focus_areas: input.focus_areas,
            suggestions_open: input.suggestions_open,
        };
        let (network, user_errors) =
            outcome(networks::update(service_cx(ctx)?, id, changes).await)?;
        Ok(NetworkPayload {
            network: network.map(Network),
            user_errors,
        })
    }

    /// Deletes a network that has no sub-networks and no events.
    async fn delete_network(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which network.")] input: DeleteNetworkInput,
    ) -> async_graphql::Result<DeleteNetworkPayload> {
        let id = NetworkId::parse(&input.id)?;
        let (done, user_errors) = outcome(networks::delete(service_cx(ctx)?, id).await)?;
        Ok(DeleteNetworkPayload {
            deleted_network_id: done.map(|()| id.to_global()),
            user_errors,
        })
    }

    /// Makes an organisation a member of a network (idempotent).
    async fn add_network_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Network and organisation.")] input: NetworkMemberInput,
    ) -> async_graphql::Result<NetworkPayload> {
        let id = NetworkId::parse(&input.network_id)?;
        let org = OrganisationId::parse(&input.organisation_id)?;
        let cx = service_cx(ctx)?;
        reload(cx, id, networks::add_member(cx, id, org).await).await
    }

    /// Ends an organisation's membership of a network (idempotent).
    async fn remove_network_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Network and organisation.")] input: NetworkMemberInput,
    ) -> async_graphql::Result<NetworkPayload> {
        let id = NetworkId::parse(&input.network_id)?;
        let org = OrganisationId::parse(&input.organisation_id)?;
        let cx = service_cx(ctx)?;
        reload(cx, id, networks::remove_member(cx, id, org).await).await
    }

    /// Adds a contact person to a network; adding them again updates the label.
    async fn add_network_contact(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Network and person.")] input: AddNetworkContactInput,
    ) -> async_graphql::Result<NetworkPayload> {
        let id = NetworkId::parse(&input.network_id)?;
        let cx = service_cx(ctx)?;
        let contact = match (input.person_id, input.person) {
            (Some(person), None) => ContactInput::Existing(PersonId::parse(&person)?),
            (None, Some(person)) => ContactInput::New(person.into_service()?),
            _ => {
                return reload(
                    cx,
                    id,
                    Err(service::Error::field(
                        "personId",
                        service::ErrorCode::Required,
                        "give either personId or person",
                    )),
                )
                .await;
            }
        };
        reload(
            cx,
            id,
            networks::add_contact(cx, id, contact, input.label, input.email).await,
        )
        .await
    }

    /// The viewer accepts being a contact person of a network: from then on
    /// their own address is shown to signed-in viewers when the organiser
    /// entered none.
    async fn accept_network_contact(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The network.")] input: AcceptNetworkContactInput,
    ) -> async_graphql::Result<NetworkPayload> {
        let id = NetworkId::parse(&input.network_id)?;
        let cx = service_cx(ctx)?;
        reload(cx, id, networks::accept_contact(cx, id).await).await
    }

    /// Removes a contact person from a network (idempotent).
    async fn remove_network_contact(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Network and person.")] input: RemoveNetworkContactInput,
    ) -> async_graphql::Result<NetworkPayload> {
        let id = NetworkId::parse(&input.network_id)?;
        let person = PersonId::parse(&input.person_id)?;
        let cx = service_cx(ctx)?;
        reload(cx, id, networks::remove_contact(cx, id, person).await).await
    }

    /// Gives a person a role in a network (organisers add members and
    /// organisers; only owners make owners).
    async fn set_network_role(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Network, person and role.")] input: SetNetworkRoleInput,
    ) -> async_graphql::Result<NetworkRolePayload> {
        let id = NetworkId::parse(&input.network_id)?;
        let cx = service_cx(ctx)?;
        let holder = match (input.person_id, input.person) {
            (Some(person), None) => RoleHolder::Existing(PersonId::parse(&person)?),
            (None, Some(person)) => RoleHolder::New(person.into_service()?),
            _ => {
                return Ok(NetworkRolePayload {
                    role: None,
                    user_errors: vec![UserError::from(service::FieldError::new(
                        "personId",
                        service::ErrorCode::Required,
                        "give either personId or person",
                    ))],
                });
            }
        };
        let (role, user_errors) =
            outcome(networks::set_role(cx, id, holder, input.role.into()).await)?;
        Ok(NetworkRolePayload {
            role: role.map(RoleAssignment),
            user_errors,
        })
    }

    /// Takes a person's role in a network away (idempotent; the last owner stays).
    async fn remove_network_role(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Network and person.")] input: RemoveNetworkRoleInput,
    ) -> async_graphql::Result<NetworkRolePayload> {
        let id = NetworkId::parse(&input.network_id)?;
        let person = PersonId::parse(&input.person_id)?;
        let (_, user_errors) = outcome(networks::remove_role(service_cx(ctx)?, id, person).await)?;
        Ok(NetworkRolePayload {
            role: None,
            user_errors,
        })
    }
}
