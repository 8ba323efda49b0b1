//! Theme suggestions: anyone sends a network a theme (when its organisers
//! have switched suggestions on), and the organisers report back what
//! happened to it — Helsingborg's open development group's promise "vi
//! återkopplar", kept in public.
//!
//! - [`suggest`]: a guest (name and address) or a signed-in person sends a
//!   title and a description; guests are rate limited per client. The
//!   suggester is mailed a follow link (`theme_suggestion_links`).
//! - [`change_status`]: the organisers move it through its states
//!   ([`SuggestionStatus`]) with a follow-up text meant for the public;
//!   `PLANNED` names the meeting, `FORWARDED` to whom, `WORKING_GROUP` the
//!   group and its contact. Each change is mailed to the suggester in their
//!   language, with a new follow link.
//! - [`link_event`], [`set_published`]: the meeting that takes it up, and
//!   whether it is shown on the network's pages and feed.
//! - [`withdraw`]: the suggester takes it back (by their link, or signed in).
//!
//! Who reads what: the title, description, state and follow-ups of a
//! published suggestion are public (as its network is); who sent it (name,
//! address) is read by the network's organisers only — and by the
//! suggester through their link. Unpublished suggestions are the
//! organisers' (and the suggester's).

use entities::{
    SuggestionStatus, event, network, person, theme_suggestion, theme_suggestion_link,
    theme_suggestion_update,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use super::audit::{Action, Entry};
use super::effects::{Effect, SuggestionNews, SuggestionNotice};
use super::secrets::{hash_secret, new_secret};
use super::tx::Tx;
use super::validate::{Errors, NAME_MAX, parse_email};
use super::{Context, Error, ErrorCode, Result, Viewer, policy};
use crate::i18n::Locale;
use crate::ids::{EventId, NetworkId, PersonId};

/// The longest title.
pub const TITLE_MAX: usize = 200;
/// The longest description or follow-up text.
pub const TEXT_MAX: usize = 5000;
/// Most suggestions one page of a list returns.
pub const PAGE_MAX: u64 = 100;

/// A new suggestion.
#[derive(Debug, Clone)]
pub struct NewSuggestion {
    /// The network it is for.
    pub network: NetworkId,
    /// Its title.
    pub title: String,
    /// What it is about.
    pub description: String,
    /// The guest who sends it (name, address), when not signed in.
    pub guest: Option<(String, String)>,
    /// The language the suggester writes in (their mails follow it).
    pub locale: Option<Locale>,
    /// The client's address, for the guests' rate limit.
    pub client: Option<String>,
}

/// A change of state by the organisers.
#[derive(Debug, Clone)]
pub struct StatusChange {
    /// The new state (not `WITHDRAWN`: only the suggester withdraws).
    pub status: SuggestionStatus,
    /// What the public (and the suggester) are told.
    pub follow_up: String,
    /// The same in other languages than the network's own.
    pub follow_up_translations: Vec<(Locale, String)>,
    /// The meeting, for `PLANNED` (required there; kept otherwise when
    /// absent).
    pub event: Option<EventId>,
    /// To whom, for `FORWARDED`.
    pub forwarded_to: Option<String>,
    /// The group and its contact, for `WORKING_GROUP`.
    pub working_group: Option<String>,
}

/// Where a suggester follows their suggestion.
pub fn follow_link(public_url: &str, token: &str) -> String {
    format!("{public_url}/suggestions/follow?token={token}")
}

/// A new follow link for `suggestion`, stored in `tx` (its token is only
/// in the link).
async fn new_link(tx: &Tx, suggestion: Uuid) -> Result<String> {
    let (token, hash) = new_secret("tps_")?;
    theme_suggestion_link::ActiveModel {
        token_hash: Set(hash),
        suggestion_id: Set(suggestion),
        created_at: Set(tx.now()),
    }
    .insert(tx.db())
    .await?;
    Ok(follow_link(&tx.cx().public_url, &token))
}

/// Who a suggestion's mails go to: the person, else the guest.
async fn suggester<C: sea_orm::ConnectionTrait>(
    db: &C,
    suggestion: &theme_suggestion::Model,
) -> Result<Option<(String, String, Option<PersonId>)>> {
    if let Some(person) = suggestion.person_id {
        return Ok(person::Entity::find_by_id(person)
            .one(db)
            .await?
            .map(|p| (p.email, p.name, Some(PersonId(p.id)))));
    }
    Ok(suggestion.guest_email.clone().map(|email| {
        (
            email,
            suggestion.guest_name.clone().unwrap_or_default(),
            None,
        )
    }))
}

/// The mail about `suggestion` (`news`), with a new follow link, to its
/// suggester; nothing when the suggester has been erased.
async fn tell_suggester(
    tx: &Tx,
    suggestion: &theme_suggestion::Model,
    network: &network::Model,
    news: SuggestionNews,
) -> Result<()> {
    let Some((email, name, person)) = suggester(tx.db(), suggestion).await? else {
        return Ok(());
    };
    let event = match suggestion.event_id {
        Some(id) => event::Entity::find_by_id(id).one(tx.db()).await?,
        None => None,
    };
    let link = new_link(tx, suggestion.id).await?;
    tx.effect(Effect::Suggestion(Box::new(SuggestionNotice {
        suggestion: suggestion.clone(),
        network: network.clone(),
        event,
        news,
        email,
        name,
        person,
        follow_link: link,
    })));
    Ok(())
}

/// Records a step of the suggestion's public history.
async fn record(
    tx: &Tx,
    suggestion: Uuid,
    status: SuggestionStatus,
    follow_up: Option<String>,
    translations: Option<serde_json::Value>,
) -> Result<()> {
    theme_suggestion_update::ActiveModel {
        id: Set(Uuid::now_v7()),
        suggestion_id: Set(suggestion),
        status: Set(status),
        follow_up: Set(follow_up),
        translations: Set(translations),
        actor_person_id: Set(tx.viewer().person_id().map(|p| p.0)),
        created_at: Set(tx.now()),
    }
    .insert(tx.db())
    .await?;
    Ok(())
}

/// Sends a network a theme suggestion. Refused (`INVALID_STATE` on
/// `networkId`) when the network takes none; a guest gives a name and an
/// address and is rate limited per client.
#[tracing::instrument(skip_all, fields(network = %input.network))]
pub async fn suggest(cx: &Context, input: NewSuggestion) -> Result<theme_suggestion::Model> {
    let network = super::networks::get(cx, input.network)
        .await?
        .ok_or_else(|| Error::field("networkId", ErrorCode::NotFound, "no network with this id"))?;
    let mut errors = Errors::new();
    if !network.suggestions_open {
        errors.push(
            "networkId",
            ErrorCode::InvalidState,
            "this network does not take theme suggestions",
        );
    }
    let title = errors.required_text("title", &input.title, TITLE_MAX);
    let description = errors.text_of_lines("description", &input.description, TEXT_MAX);
    if description.is_empty() {
        errors.push(
            "description",
            ErrorCode::Required,
            "description must not be blank",
        );
    }
    let signed_in = match &cx.viewer {
        Viewer::Person(p) => Some(p.person_id),
        _ => None,
    };
    let guest = match (&input.guest, signed_in) {
        (_, Some(_)) => None,
        (Some((name, email)), None) => {
            let name = errors.required_text("guest.name", name, NAME_MAX);
            let email = match parse_email(email) {
                Some(email) => email,
                None => {
                    errors.push(
                        "guest.email",
                        ErrorCode::Invalid,
                        "guest.email must be an email address",
                    );
                    String::new()
                }
            };
            Some((name, email))
        }
        (None, None) => {
            errors.push(
                "guest",
                ErrorCode::Required,
                "sign in, or give your name and address",
            );
            None
        }
    };
    errors.finish()?;
    if signed_in.is_none() {
        let client = input.client.as_deref().unwrap_or("unknown");
        if let Err(wait) =
            super::limits::hit(&cx.db, &cx.limits.suggestions, client, cx.clock.now()).await?
        {
            return Err(Error::field(
                "guest",
                ErrorCode::RateLimited,
                format!(
                    "too many suggestions from your network; try again in {} minutes",
                    wait.div_ceil(60)
                ),
            ));
        }
    }
    Tx::run(cx, |tx| {
        let (title, description, guest, network) = (
            title.clone(),
            description.clone(),
            guest.clone(),
            network.clone(),
        );
        async move {
            let now = tx.now();
            let created = theme_suggestion::ActiveModel {
                id: Set(Uuid::now_v7()),
                network_id: Set(network.id),
                title: Set(title),
                description: Set(description),
                status: Set(SuggestionStatus::New),
                published: Set(false),
                person_id: Set(signed_in.map(|p| p.0)),
                guest_name: Set(guest.as_ref().map(|g| g.0.clone())),
                guest_email: Set(guest.as_ref().map(|g| g.1.clone())),
                locale: Set(input.locale.map(|l| l.as_str().to_owned())),
                event_id: Set(None),
                forwarded_to: Set(None),
                working_group: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(tx.db())
            .await?;
            record(&tx, created.id, SuggestionStatus::New, None, None).await?;
            tx.audit(
                Entry::network(NetworkId(network.id), Action::SuggestionReceived)
                    .about(created.id, Some(&created.title)),
            );
            tell_suggester(&tx, &created, &network, SuggestionNews::Received).await?;
            Ok((tx, created))
        }
    })
    .await
}

/// A suggestion an organiser of its network changes (`NotFound` for
/// anyone else, as for an unknown id).
async fn for_change(cx: &Context, id: Uuid) -> Result<(theme_suggestion::Model, network::Model)> {
    policy::require_write(cx)?;
    let suggestion = theme_suggestion::Entity::find_by_id(id)
        .one(&cx.db)
        .await?
        .ok_or(Error::NotFound("theme suggestion"))?;
    if !policy::manages(cx, NetworkId(suggestion.network_id)).await? {
        return Err(Error::NotFound("theme suggestion"));
    }
    let network = super::networks::get(cx, NetworkId(suggestion.network_id))
        .await?
        .ok_or(Error::NotFound("theme suggestion"))?;
    Ok((suggestion, network))
}

/// An event of `network` for a suggestion, or the field's error.
async fn event_of(
    cx: &Context,
    errors: &mut Errors,
    network: &network::Model,
    id: EventId,
) -> Result<Option<event::Model>> {
    let found = event::Entity::find_by_id(id.0).one(&cx.db).await?;
    match found {
        Some(event) if event.network_id == network.id => Ok(Some(event)),
        _ => {
            errors.push(
                "eventId",
                ErrorCode::NotFound,
                "no event with this id in the suggestion's network",
            );
            Ok(None)
        }
    }
}

/// Moves a suggestion to a new state with a follow-up for the public, and
/// mails the suggester. For the organisers of its network.
#[tracing::instrument(skip_all, fields(suggestion = %id))]
pub async fn change_status(
    cx: &Context,
    id: Uuid,
    change: StatusChange,
) -> Result<theme_suggestion::Model> {
    let (current, network) = for_change(cx, id).await?;
    let mut errors = Errors::new();
    if current.status == SuggestionStatus::Withdrawn {
        errors.push(
            "id",
            ErrorCode::InvalidState,
            "the suggester has withdrawn this suggestion",
        );
    }
    if change.status == SuggestionStatus::Withdrawn {
        errors.push(
            "status",
            ErrorCode::Invalid,
            "only the suggester withdraws a suggestion",
        );
    }
    let follow_up = errors.text_of_lines("followUp", &change.follow_up, TEXT_MAX);
    if follow_up.is_empty() {
        errors.push(
            "followUp",
            ErrorCode::Required,
            "say what happened, for the suggester and the public",
        );
    }
    let translated = super::translations::checked_texts(
        "followUpTranslations",
        &change.follow_up_translations,
        Locale::parse(&network.default_locale).unwrap_or_default(),
        TEXT_MAX,
        &mut errors,
    );
    let event = match change.event {
        Some(event) => event_of(cx, &mut errors, &network, event).await?,
        None => None,
    };
    if change.status == SuggestionStatus::Planned && event.is_none() && current.event_id.is_none() {
        errors.push(
            "eventId",
            ErrorCode::Required,
            "name the meeting where it will be taken up",
        );
    }
    let forwarded_to = errors.optional_lines("forwardedTo", change.forwarded_to.as_deref(), 500);
    if change.status == SuggestionStatus::Forwarded
        && forwarded_to.is_none()
        && current.forwarded_to.is_none()
    {
        errors.push(
            "forwardedTo",
            ErrorCode::Required,
            "say to whom it was forwarded",
        );
    }
    let working_group = errors.optional_lines("workingGroup", change.working_group.as_deref(), 500);
    if change.status == SuggestionStatus::WorkingGroup
        && working_group.is_none()
        && current.working_group.is_none()
    {
        errors.push(
            "workingGroup",
            ErrorCode::Required,
            "name the working group and its contact",
        );
    }
    errors.finish()?;
    let current_event = current.event_id;
    let mut model: theme_suggestion::ActiveModel = current.clone().into();
    model.status = Set(change.status);
    if let Some(event) = &event {
        model.event_id = Set(Some(event.id));
    }
    if forwarded_to.is_some() {
        model.forwarded_to = Set(forwarded_to);
    }
    if working_group.is_some() {
        model.working_group = Set(working_group);
    }
    Tx::run(cx, |tx| {
        let (mut model, follow_up, network, translated) = (
            model.clone(),
            follow_up.clone(),
            network.clone(),
            translated.clone(),
        );
        async move {
            model.updated_at = Set(tx.now());
            let updated = model.update(tx.db()).await?;
            for event in [current_event, updated.event_id].into_iter().flatten() {
                // Its page and feed show the suggestion's state.
                super::events::touch(tx.db(), EventId(event), tx.now()).await?;
            }
            record(
                &tx,
                id,
                change.status,
                Some(follow_up.clone()),
                super::translations::texts_json(&translated),
            )
            .await?;
            tx.audit(
                Entry::network(NetworkId(network.id), Action::SuggestionChanged)
                    .about(id, Some(&updated.title))
                    .detail(change.status.as_str()),
            );
            tell_suggester(
                &tx,
                &updated,
                &network,
                SuggestionNews::Changed {
                    follow_up,
                    translations: translated,
                },
            )
            .await?;
            Ok((tx, updated))
        }
    })
    .await
}

/// Links a suggestion to the meeting that takes it up (`None` unlinks it).
/// For the organisers of its network.
#[tracing::instrument(skip_all, fields(suggestion = %id))]
pub async fn link_event(
    cx: &Context,
    id: Uuid,
    event: Option<EventId>,
) -> Result<theme_suggestion::Model> {
    let (current, network) = for_change(cx, id).await?;
    let mut errors = Errors::new();
    let found = match event {
        Some(event) => event_of(cx, &mut errors, &network, event).await?,
        None => None,
    };
    errors.finish()?;
    let mut model: theme_suggestion::ActiveModel = current.into();
    model.event_id = Set(found.map(|e| e.id));
    Tx::run(cx, |tx| {
        let mut model = model.clone();
        async move {
            model.updated_at = Set(tx.now());
            let updated = model.update(tx.db()).await?;
            if let Some(event) = updated.event_id {
                // The event's page and feed now show it.
                super::events::touch(tx.db(), EventId(event), tx.now()).await?;
            }
            Ok((tx, updated))
        }
    })
    .await
}

/// Shows a suggestion on the network's pages and feed, or hides it. For the
/// organisers of its network.
#[tracing::instrument(skip_all, fields(suggestion = %id))]
pub async fn set_published(
    cx: &Context,
    id: Uuid,
    published: bool,
) -> Result<theme_suggestion::Model> {
    let (current, network) = for_change(cx, id).await?;
    if current.published == published {
        return Ok(current);
    }
    let mut model: theme_suggestion::ActiveModel = current.into();
    model.published = Set(published);
    Tx::run(cx, |tx| {
        let mut model = model.clone();
        async move {
            model.updated_at = Set(tx.now());
            let updated = model.update(tx.db()).await?;
            if let Some(event) = updated.event_id {
                super::events::touch(tx.db(), EventId(event), tx.now()).await?;
            }
            tx.audit(
                Entry::network(
                    NetworkId(network.id),
                    if published {
                        Action::SuggestionPublished
                    } else {
                        Action::SuggestionHidden
                    },
                )
                .about(id, Some(&updated.title)),
            );
            Ok((tx, updated))
        }
    })
    .await
}

/// Who withdraws: the holder of a follow link, or the signed-in suggester.
#[derive(Debug, Clone)]
pub enum Withdrawer {
    /// The token of a follow link.
    Token(String),
    /// The suggestion, withdrawn by its signed-in suggester.
    Id(Uuid),
}

/// The suggester takes their suggestion back; it leaves the public pages.
/// Withdrawing twice is not an error. Anyone else: `NotFound`.
#[tracing::instrument(skip_all)]
pub async fn withdraw(cx: &Context, who: Withdrawer) -> Result<theme_suggestion::Model> {
    let current = match &who {
        Withdrawer::Token(token) => by_token(cx, token).await?,
        Withdrawer::Id(id) => {
            let me = policy::require_write(cx)?.person_id;
            theme_suggestion::Entity::find_by_id(*id)
                .one(&cx.db)
                .await?
                .filter(|s| s.person_id == Some(me.0))
        }
    }
    .ok_or(Error::NotFound("theme suggestion"))?;
    if current.status == SuggestionStatus::Withdrawn {
        return Ok(current);
    }
    let id = current.id;
    let mut model: theme_suggestion::ActiveModel = current.into();
    model.status = Set(SuggestionStatus::Withdrawn);
    model.published = Set(false);
    Tx::run(cx, |tx| {
        let mut model = model.clone();
        async move {
            model.updated_at = Set(tx.now());
            let updated = model.update(tx.db()).await?;
            if let Some(event) = updated.event_id {
                // The event's page and feed no longer show it.
                super::events::touch(tx.db(), EventId(event), tx.now()).await?;
            }
            record(&tx, id, SuggestionStatus::Withdrawn, None, None).await?;
            tx.audit(
                Entry::network(NetworkId(updated.network_id), Action::SuggestionWithdrawn)
                    .about(id, Some(&updated.title)),
            );
            Ok((tx, updated))
        }
    })
    .await
}

/// The suggestion a follow link's token opens (`None`: no such link).
pub async fn by_token(cx: &Context, token: &str) -> Result<Option<theme_suggestion::Model>> {
    let token = token.trim();
    if token.is_empty() || token.len() > 200 {
        return Ok(None);
    }
    let Some(link) = theme_suggestion_link::Entity::find_by_id(hash_secret(token))
        .one(&cx.db)
        .await?
    else {
        return Ok(None);
    };
    Ok(theme_suggestion::Entity::find_by_id(link.suggestion_id)
        .one(&cx.db)
        .await?)
}

/// What the viewer may read of a network's suggestions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// An organiser: all of them, with who sent them.
    Organiser,
    /// Anyone else: the published ones that are not withdrawn.
    Public,
}

/// How the viewer reads `network`'s suggestions.
pub async fn reader(cx: &Context, network: NetworkId) -> Result<Reader> {
    Ok(if policy::manages(cx, network).await? {
        Reader::Organiser
    } else {
        Reader::Public
    })
}

/// The query of a network's suggestions the viewer may read: all of them
/// for its organisers, the published ones that are not withdrawn for anyone
/// else; `statuses` filters (none: all).
pub async fn select(
    cx: &Context,
    network: NetworkId,
    statuses: Option<&[SuggestionStatus]>,
) -> Result<(sea_orm::Select<theme_suggestion::Entity>, Reader)> {
    let reader = reader(cx, network).await?;
    let mut select =
        theme_suggestion::Entity::find().filter(theme_suggestion::Column::NetworkId.eq(network.0));
    if reader == Reader::Public {
        select = select
            .filter(theme_suggestion::Column::Published.eq(true))
            .filter(theme_suggestion::Column::Status.ne(SuggestionStatus::Withdrawn));
    }
    if let Some(statuses) = statuses {
        select = select.filter(theme_suggestion::Column::Status.is_in(statuses.iter().copied()));
    }
    Ok((select, reader))
}

/// A network's suggestions the viewer may read, the latest changed first,
/// at most `limit` (for the pages and the follow-up feed).
pub async fn latest(
    cx: &Context,
    network: NetworkId,
    limit: u64,
) -> Result<(Vec<theme_suggestion::Model>, Reader)> {
    let (select, reader) = select(cx, network, None).await?;
    let found = select
        .order_by_desc(theme_suggestion::Column::UpdatedAt)
        .order_by_desc(theme_suggestion::Column::Id)
        .limit(limit.min(PAGE_MAX))
        .all(&cx.db)
        .await?;
    Ok((found, reader))
}

/// The published suggestions an event takes up (for its page and feed).
pub async fn of_event(cx: &Context, event: EventId) -> Result<Vec<theme_suggestion::Model>> {
    Ok(theme_suggestion::Entity::find()
        .filter(theme_suggestion::Column::EventId.eq(event.0))
        .filter(theme_suggestion::Column::Published.eq(true))
        .filter(theme_suggestion::Column::Status.ne(SuggestionStatus::Withdrawn))
        .order_by_asc(theme_suggestion::Column::CreatedAt)
        .all(&cx.db)
        .await?)
}

/// One suggestion as the viewer may read it: organisers of its network
/// always; anyone else when it is published and not withdrawn.
pub async fn get(cx: &Context, id: Uuid) -> Result<Option<(theme_suggestion::Model, Reader)>> {
    let Some(found) = theme_suggestion::Entity::find_by_id(id).one(&cx.db).await? else {
        return Ok(None);
    };
    let reader = reader(cx, NetworkId(found.network_id)).await?;
    let visible = reader == Reader::Organiser
        || (found.published && found.status != SuggestionStatus::Withdrawn);
    Ok(visible.then_some((found, reader)))
}

/// A suggestion's public history, newest first.
pub async fn history(cx: &Context, id: Uuid) -> Result<Vec<theme_suggestion_update::Model>> {
    Ok(theme_suggestion_update::Entity::find()
        .filter(theme_suggestion_update::Column::SuggestionId.eq(id))
        .order_by_desc(theme_suggestion_update::Column::CreatedAt)
        .order_by_desc(theme_suggestion_update::Column::Id)
        .all(&cx.db)
        .await?)
}

/// Who sent a suggestion (name, address): for the organisers of its
/// network only (`None` for anyone else, and for an erased person).
pub async fn sender(
    cx: &Context,
    suggestion: &theme_suggestion::Model,
) -> Result<Option<(String, String)>> {
    if reader(cx, NetworkId(suggestion.network_id)).await? != Reader::Organiser {
        return Ok(None);
    }
    Ok(suggester(&cx.db, suggestion)
        .await?
        .map(|(email, name, _)| (name, email)))
}
