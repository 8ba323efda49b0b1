//! Theme suggestions and their public history.

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};
use entities::{theme_suggestion, theme_suggestion_update};

use super::{Event, Network, service_cx};
use crate::graphql::enums::SuggestionStatus;
use crate::graphql::ids::GlobalId;
use crate::ids::{EventId, NetworkId, ThemeSuggestionId};
use crate::service::{events, networks, suggestions};

/// A theme suggested to a network, and what became of it.
///
/// Handed out to the network's organisers (every suggestion), and to
/// everyone else only when published and not withdrawn
/// (`service::suggestions`). Who sent it is for the organisers only.
#[derive(Clone)]
pub struct ThemeSuggestion(pub theme_suggestion::Model);

/// A theme suggested to a network, and what became of it.
#[Object]
impl ThemeSuggestion {
    /// Global id.
    pub async fn id(&self) -> ID {
        ThemeSuggestionId(self.0.id).to_global()
    }

    /// The network it was sent to.
    async fn network(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Network>> {
        Ok(
            networks::get(service_cx(ctx)?, NetworkId(self.0.network_id))
                .await?
                .map(Network),
        )
    }

    /// Its title.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// What it is about.
    async fn description(&self) -> &str {
        &self.0.description
    }

    /// Where it is.
    async fn status(&self) -> SuggestionStatus {
        self.0.status.into()
    }

    /// Whether it is shown on the network's pages and in its follow-up feed.
    async fn published(&self) -> bool {
        self.0.published
    }

    /// The meeting where it is (to be) taken up, when the viewer sees it.
    async fn event(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Event>> {
        let Some(id) = self.0.event_id else {
            return Ok(None);
        };
        Ok(events::visible(service_cx(ctx)?, EventId(id))
            .await?
            .map(Event))
    }

    /// To whom it was passed on.
    async fn forwarded_to(&self) -> Option<&str> {
        self.0.forwarded_to.as_deref()
    }

    /// The working group formed, with its contact.
    async fn working_group(&self) -> Option<&str> {
        self.0.working_group.as_deref()
    }

    /// When it was sent in.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// When it last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }

    /// Its history, newest first: each state with the organisers' follow-up.
    async fn updates(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<ThemeSuggestionUpdate>> {
        Ok(suggestions::history(service_cx(ctx)?, self.0.id)
            .await?
            .into_iter()
            .map(ThemeSuggestionUpdate)
            .collect())
    }

    /// Who sent it: their name. The network's organisers only (null for
    /// everyone else).
    async fn suggester_name(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        Ok(suggestions::sender(service_cx(ctx)?, &self.0)
            .await?
            .map(|(name, _)| name))
    }

    /// Who sent it: their address. The network's organisers only (null for
    /// everyone else).
    async fn suggester_email(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        Ok(suggestions::sender(service_cx(ctx)?, &self.0)
            .await?
            .map(|(_, email)| email))
    }
}

/// One step of a suggestion's public history.
#[derive(Clone)]
pub struct ThemeSuggestionUpdate(pub theme_suggestion_update::Model);

/// One step of a suggestion's public history.
#[Object]
impl ThemeSuggestionUpdate {
    /// The state it moved to.
    async fn status(&self) -> SuggestionStatus {
        self.0.status.into()
    }

    /// What the organisers said, for the suggester and the public.
    async fn follow_up(&self) -> Option<&str> {
        self.0.follow_up.as_deref()
    }

    /// When.
    async fn at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}
