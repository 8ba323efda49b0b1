//! Mutations of theme suggestions: suggest, follow up, link to a meeting,
//! publish, withdraw.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};

use crate::graphql::enums::SuggestionStatus;
use crate::graphql::error::{UserError, outcome};
use crate::graphql::http::RequestInfo;
use crate::graphql::ids::{GlobalId, parse_opt};
use crate::graphql::types::{ThemeSuggestion, service_cx};
use crate::ids::{EventId, NetworkId, ThemeSuggestionId};
use crate::service::suggestions::{self, NewSuggestion, StatusChange, Withdrawer};
use crate::service::validate::parse_locale;

/// The guest who suggests, when not signed in.
#[derive(InputObject)]
pub struct SuggesterInput {
    /// Their name.
    pub name: String,
    /// Their address: the follow link and every change go there. Read by the
    /// network's organisers only.
    pub email: String,
}

/// A theme suggestion.
#[derive(InputObject)]
pub struct SuggestThemeInput {
    /// The network (it must take suggestions: `Network.suggestionsOpen`).
    pub network_id: ID,
    /// The theme, in a line.
    pub title: String,
    /// What it is about, and why.
    pub description: String,
    /// The guest, when not signed in.
    pub guest: Option<SuggesterInput>,
    /// The suggester's language (`sv`, `nb`, `en`): their mails are written
    /// in it; the request's `Accept-Language` when omitted.
    pub locale: Option<String>,
}

/// A suggestion's new state.
#[derive(InputObject)]
pub struct ChangeThemeSuggestionStatusInput {
    /// The suggestion.
    pub id: ID,
    /// The new state (not `WITHDRAWN`: only the suggester withdraws).
    pub status: SuggestionStatus,
    /// What happened, for the suggester and the public (required), in the
    /// network's language.
    pub follow_up: String,
    /// The follow-up in other languages: the suggester's mail and the pages
    /// use the one of their language. Checked like the follow-up; blank
    /// entries are left out.
    pub follow_up_translations: Option<Vec<super::events::TranslationInput>>,
    /// The meeting where it will be taken up (required for `PLANNED` unless
    /// already linked).
    pub event_id: Option<ID>,
    /// To whom it was passed on (required for `FORWARDED` unless given before).
    pub forwarded_to: Option<String>,
    /// The working group and its contact (required for `WORKING_GROUP`
    /// unless given before).
    pub working_group: Option<String>,
}

/// The meeting that takes a suggestion up.
#[derive(InputObject)]
pub struct LinkThemeSuggestionInput {
    /// The suggestion.
    pub id: ID,
    /// An event of the suggestion's network; null unlinks.
    pub event_id: Option<ID>,
}

/// Whether a suggestion is shown publicly.
#[derive(InputObject)]
pub struct PublishThemeSuggestionInput {
    /// The suggestion.
    pub id: ID,
    /// True shows it on the network's pages and feed; false hides it.
    pub published: bool,
}

/// A suggestion its suggester takes back.
#[derive(InputObject)]
pub struct WithdrawThemeSuggestionInput {
    /// The suggestion (as its signed-in suggester), or give `followToken`.
    pub id: Option<ID>,
    /// The token of the follow link the suggester was mailed.
    pub follow_token: Option<String>,
}

/// The suggestion after a mutation.
#[derive(SimpleObject)]
pub struct ThemeSuggestionPayload {
    /// The suggestion (null when refused).
    pub suggestion: Option<ThemeSuggestion>,
    /// Why it was refused.
    pub user_errors: Vec<UserError>,
}

fn payload(
    result: crate::service::Result<entities::theme_suggestion::Model>,
) -> async_graphql::Result<ThemeSuggestionPayload> {
    let (suggestion, user_errors) = outcome(result)?;
    Ok(ThemeSuggestionPayload {
        suggestion: suggestion.map(ThemeSuggestion),
        user_errors,
    })
}

/// Mutations of theme suggestions.
#[derive(Default)]
pub struct SuggestionMutation;

#[Object]
impl SuggestionMutation {
    /// Suggests a theme to a network that takes suggestions, as the viewer
    /// or as a guest (name and address; rate limited). The suggester is
    /// mailed a link to follow it and is mailed at every change.
    async fn suggest_theme(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The suggestion.")] input: SuggestThemeInput,
    ) -> async_graphql::Result<ThemeSuggestionPayload> {
        let cx = service_cx(ctx)?;
        let info = ctx.data::<RequestInfo>()?;
        let locale = match input.locale.as_deref().map(str::trim) {
            None | Some("") => info.accept_language,
            Some(tag) => match parse_locale("locale", tag) {
                Ok(locale) => Some(locale),
                Err(err) => return payload(Err(err)),
            },
        };
        let new = NewSuggestion {
            network: NetworkId::parse(&input.network_id)?,
            title: input.title,
            description: input.description,
            guest: input.guest.map(|g| (g.name, g.email)),
            locale,
            client: info.client_ip.clone(),
        };
        payload(suggestions::suggest(cx, new).await)
    }

    /// Moves a suggestion to a new state with a follow-up for the public;
    /// its suggester is mailed. For the network's organisers.
    async fn change_theme_suggestion_status(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new state.")] input: ChangeThemeSuggestionStatusInput,
    ) -> async_graphql::Result<ThemeSuggestionPayload> {
        let id = ThemeSuggestionId::parse(&input.id)?;
        let change = StatusChange {
            status: input.status.into(),
            follow_up: input.follow_up,
            follow_up_translations: input
                .follow_up_translations
                .unwrap_or_default()
                .into_iter()
                .map(|t| (t.lang.into(), t.text))
                .collect(),
            event: parse_opt::<EventId>(input.event_id.as_ref())?,
            forwarded_to: input.forwarded_to,
            working_group: input.working_group,
        };
        payload(suggestions::change_status(service_cx(ctx)?, id.0, change).await)
    }

    /// Links a suggestion to the meeting that takes it up (its page and feed
    /// show it once published), or unlinks it. For the network's organisers.
    async fn link_theme_suggestion_to_event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The suggestion and the meeting.")] input: LinkThemeSuggestionInput,
    ) -> async_graphql::Result<ThemeSuggestionPayload> {
        let id = ThemeSuggestionId::parse(&input.id)?;
        let event = parse_opt::<EventId>(input.event_id.as_ref())?;
        payload(suggestions::link_event(service_cx(ctx)?, id.0, event).await)
    }

    /// Shows a suggestion on the network's pages and in its follow-up feed,
    /// or hides it. For the network's organisers.
    async fn publish_theme_suggestion(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The suggestion.")] input: PublishThemeSuggestionInput,
    ) -> async_graphql::Result<ThemeSuggestionPayload> {
        let id = ThemeSuggestionId::parse(&input.id)?;
        payload(suggestions::set_published(service_cx(ctx)?, id.0, input.published).await)
    }

    /// The suggester takes their suggestion back (by their follow link's
    /// token, or signed in); it leaves the public pages. Twice is fine.
    async fn withdraw_theme_suggestion(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The suggestion.")] input: WithdrawThemeSuggestionInput,
    ) -> async_graphql::Result<ThemeSuggestionPayload> {
        let who = match (input.follow_token, input.id) {
            (Some(token), _) => Withdrawer::Token(token),
            (None, Some(id)) => Withdrawer::Id(ThemeSuggestionId::parse(&id)?.0),
            (None, None) => {
                return payload(Err(crate::service::Error::field(
                    "followToken",
                    crate::service::ErrorCode::Required,
                    "give the follow link's token, or the id signed in",
                )));
            }
        };
        payload(suggestions::withdraw(service_cx(ctx)?, who).await)
    }
}
