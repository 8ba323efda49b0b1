//! The signed-in person's own view: who they are, their roles and tokens.

use async_graphql::{Context, Enum, ID, Object};
use chrono::{DateTime, Utc};
use entities::{api_token, feed_token, network_role, person};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::{Network, Person, loaders, service_cx};
use crate::graphql::ids::encode;
use crate::ids::NetworkId;
use crate::service::{self, auth, feed_tokens};

/// A person's role in a network.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum NetworkRole {
    /// Owns the network: manages it and decides who else owns it.
    Owner,
    /// Manages the network's events, agendas, speakers, registrations and reminders.
    Organiser,
    /// Sees the network's members-only events.
    Member,
}

impl From<entities::NetworkRole> for NetworkRole {
    fn from(role: entities::NetworkRole) -> Self {
        match role {
            entities::NetworkRole::Owner => Self::Owner,
            entities::NetworkRole::Organiser => Self::Organiser,
            entities::NetworkRole::Member => Self::Member,
        }
    }
}

impl From<NetworkRole> for entities::NetworkRole {
    fn from(role: NetworkRole) -> Self {
        match role {
            NetworkRole::Owner => Self::Owner,
            NetworkRole::Organiser => Self::Organiser,
            NetworkRole::Member => Self::Member,
        }
    }
}

/// What a personal API token may do.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum TokenScope {
    /// Queries only.
    Read,
    /// Queries and mutations.
    ReadWrite,
}

impl From<entities::TokenScope> for TokenScope {
    fn from(scope: entities::TokenScope) -> Self {
        match scope {
            entities::TokenScope::Read => Self::Read,
            entities::TokenScope::ReadWrite => Self::ReadWrite,
        }
    }
}

impl From<TokenScope> for entities::TokenScope {
    fn from(scope: TokenScope) -> Self {
        match scope {
            TokenScope::Read => Self::Read,
            TokenScope::ReadWrite => Self::ReadWrite,
        }
    }
}

/// A role held in a network.
pub struct RoleAssignment(pub network_role::Model);

/// A role held in a network.
#[Object]
impl RoleAssignment {
    /// The network.
    async fn network(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Network>> {
        Ok(loaders(ctx)?
            .load_one(NetworkId(self.0.network_id))
            .await?
            .map(Network))
    }

    /// Who holds the role.
    async fn person(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Person>> {
        Ok(loaders(ctx)?
            .load_one(crate::ids::PersonId(self.0.person_id))
            .await?
            .map(Person))
    }

    /// The role.
    async fn role(&self) -> NetworkRole {
        self.0.role.into()
    }

    /// Since when.
    async fn since(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A personal API token (the secret itself is shown only once, at creation).
pub struct ApiToken(pub api_token::Model);

/// A personal API token (the secret itself is shown only once, at creation).
#[Object]
impl ApiToken {
    /// Global id, for `revokeApiToken`.
    async fn id(&self) -> ID {
        encode("ApiToken", self.0.id)
    }

    /// The name its owner gave it.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// What it may do.
    async fn scope(&self) -> TokenScope {
        self.0.scope.into()
    }

    /// When it was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// When it was last used (to the nearest few minutes).
    async fn last_used_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_used_at
    }

    /// When it was revoked; a revoked token no longer works.
    async fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.0.revoked_at
    }
}

/// The viewer's personal calendar feed. Its URL carries a secret: share it
/// only with your calendar app; `rotateCalendarToken` replaces it.
pub struct CalendarFeed(pub feed_token::Model);

/// The viewer's personal calendar feed. Its URL carries a secret: share it
/// only with your calendar app; `rotateCalendarToken` replaces it.
#[Object]
impl CalendarFeed {
    /// The feed's https URL (null once revoked).
    async fn calendar_url(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        let urls = super::feed_urls(ctx)?;
        Ok(self.0.secret.as_deref().map(|secret| urls.personal(secret)))
    }

    /// The same URL as `webcal://`, which calendar apps open directly.
    async fn webcal_url(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        let urls = super::feed_urls(ctx)?;
        Ok(self
            .0
            .secret
            .as_deref()
            .map(|secret| crate::calendar::links::webcal(&urls.personal(secret))))
    }

    /// Whether the feed also holds every event of the networks the viewer
    /// belongs to (a role, or their organisation is a member), not only the
    /// events they are registered for, speak at or organise.
    async fn include_followed_networks(&self) -> bool {
        self.0.include_followed_networks
    }

    /// When this URL was made.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// When it was revoked (only on a `revokeCalendarToken` answer); a
    /// revoked URL answers 404.
    async fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.0.revoked_at
    }
}

/// The signed-in person.
pub struct Viewer(pub person::Model);

/// The signed-in person: who they are, their roles and their API tokens.
#[Object]
impl Viewer {
    /// The person.
    async fn person(&self) -> Person {
        Person(self.0.clone())
    }

    /// The viewer's own email address.
    async fn email(&self) -> &str {
        &self.0.email
    }

    /// Whether the viewer administers the whole platform.
    async fn is_platform_admin(&self) -> bool {
        self.0.is_platform_admin
    }

    /// The viewer's language (sv, nb or en), if chosen (`updateViewer`):
    /// their mail is written in it (unless a registration was made in
    /// another), and their CSV exports' headers.
    async fn locale(&self) -> Option<&str> {
        self.0.locale.as_deref()
    }

    /// The viewer's roles in networks.
    async fn roles(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<RoleAssignment>> {
        let cx = service_cx(ctx)?;
        let roles = network_role::Entity::find()
            .filter(network_role::Column::PersonId.eq(self.0.id))
            .all(&cx.db)
            .await
            .map_err(service::Error::from)?;
        Ok(roles.into_iter().map(RoleAssignment).collect())
    }

    /// The viewer's registrations, newest first.
    async fn registrations(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<super::Registration>> {
        Ok(crate::service::registrations::mine(service_cx(ctx)?)
            .await?
            .into_iter()
            .map(super::Registration)
            .collect())
    }

    /// The viewer's personal calendar feed, if they have made one with
    /// `rotateCalendarToken` and not revoked it.
    async fn calendar_feed(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<CalendarFeed>> {
        Ok(feed_tokens::current(service_cx(ctx)?)
            .await?
            .map(CalendarFeed))
    }

    /// The viewer's API tokens, newest first (revoked ones included).
    async fn api_tokens(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ApiToken>> {
        Ok(auth::api_tokens(service_cx(ctx)?)
            .await?
            .into_iter()
            .map(ApiToken)
            .collect())
    }
}
