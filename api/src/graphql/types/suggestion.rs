//! Theme suggestions and their public history.

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};
use entities::{theme_suggestion, theme_suggestion_update};

use super::{Event, Network, service_cx};
use crate::graphql::enums::{Language, SuggestionStatus};
use crate::graphql::ids::GlobalId;
use crate::i18n::Locale;
use crate::ids::{EventId, NetworkId, ThemeSuggestionId};
use crate::service::translations;
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
        // Follow-ups are written in the network's language.
        let own = super::loaders(ctx)?
            .load_one(NetworkId(self.0.network_id))
            .await?
            .and_then(|n| Locale::parse(&n.default_locale))
            .unwrap_or_default();
        Ok(suggestions::history(service_cx(ctx)?, self.0.id)
            .await?
            .into_iter()
            .map(|update| ThemeSuggestionUpdate(update, own))
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
pub struct ThemeSuggestionUpdate(pub theme_suggestion_update::Model, pub Locale);

/// One step of a suggestion's public history.
#[Object]
impl ThemeSuggestionUpdate {
    /// The state it moved to.
    async fn status(&self) -> SuggestionStatus {
        self.0.status.into()
    }

    /// What the organisers said, for the suggester and the public: in the
    /// language asked for (`lang`), else the first of the request's
    /// `Accept-Language` and the signed-in person's language it is
    /// translated into, else as written (in the network's language).
    async fn follow_up(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The language wanted; as written when the follow-up \
                          is not translated into it.")]
        lang: Option<Language>,
    ) -> async_graphql::Result<Option<String>> {
        let Some(original) = self.0.follow_up.as_deref() else {
            return Ok(None);
        };
        let texts = translations::follow_up_texts(&self.0);
        let chosen = super::language::wanted(ctx, lang)?.choose(self.1, |l| texts.contains_key(&l));
        Ok(Some(
            texts
                .get(&chosen)
                .cloned()
                .unwrap_or_else(|| original.to_owned()),
        ))
    }

    /// The follow-up in other languages than the network's, for editors.
    async fn follow_up_translations(&self) -> Vec<super::language::Translation> {
        translations::follow_up_texts(&self.0)
            .into_iter()
            .map(|(lang, text)| super::language::Translation {
                lang: lang.into(),
                text,
            })
            .collect()
    }

    /// When.
    async fn at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}
