//! The root query.

use async_graphql::{Context, ID, Object};
use entities::{agenda_item, network, organisation};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::error::bad_input;
use super::ids::{GlobalId, decode_any};
use super::types::{
    AgendaItem, ConnectionFields, Event, Network, NetworkConnection, Node, Organisation,
    OrganisationConnection, Person, Registration, RegistrationQuestion, Reminder, Series, Speaker,
    ThemeSuggestion, Viewer, loaders, service_cx,
};
use crate::ids::*;
use crate::pagination::{List, PageRequest, SortKey, paginate};
use crate::service::{
    self, events, networks, organisations, people, policy, registrations, reminders, series,
    speakers, suggestions,
};

/// Entry points for reading.
#[derive(Default)]
pub struct Query;

async fn node_by_id(cx: &service::Context, id: &ID) -> async_graphql::Result<Option<Node>> {
    let Some((type_name, uuid)) = decode_any(id) else {
        return Err(bad_input(format!("{:?} is not a valid id", id.as_str())));
    };
    Ok(match type_name.as_str() {
        NetworkId::TYPE_NAME => networks::get(cx, NetworkId(uuid))
            .await?
            .map(|m| Node::Network(Network(m))),
        EventId::TYPE_NAME => events::visible(cx, EventId(uuid))
            .await?
            .map(|m| Node::Event(Event(m))),
        SeriesId::TYPE_NAME => series::get(cx, SeriesId(uuid))
            .await?
            .map(|m| Node::Series(Series(m))),
        OrganisationId::TYPE_NAME => organisations::get(cx, OrganisationId(uuid))
            .await?
            .map(|m| Node::Organisation(Organisation(m))),
        // People are found through what they do (speakers, contacts), not by id,
        // except by themselves and administrators.
        PersonId::TYPE_NAME
            if cx.viewer.person_id() == Some(PersonId(uuid)) || policy::is_admin(cx) =>
        {
            people::get(cx, PersonId(uuid))
                .await?
                .map(|m| Node::Person(Person(m)))
        }
        SpeakerId::TYPE_NAME => match speakers::get(cx, SpeakerId(uuid)).await? {
            Some(speaker)
                if events::visible(cx, EventId(speaker.event_id))
                    .await?
                    .is_some() =>
            {
                Some(Node::Speaker(Speaker(speaker)))
            }
            _ => None,
        },
        AgendaItemId::TYPE_NAME => {
            let item = agenda_item::Entity::find_by_id(uuid)
                .one(&cx.db)
                .await
                .map_err(service::Error::from)?;
            match item {
                Some(item) => events::visible(cx, EventId(item.event_id))
                    .await?
                    .map(|event| Node::AgendaItem(AgendaItem::new(item, &event.time_zone))),
                None => None,
            }
        }
        // Only the participant and the event's organisers, as `registration(id:)`.
        RegistrationId::TYPE_NAME => registrations::visible(cx, RegistrationId(uuid))
            .await?
            .map(|r| Node::Registration(Registration(r))),
        // The organisers of its network only, as `Event.reminders`.
        ReminderId::TYPE_NAME => reminders::get(cx, ReminderId(uuid))
            .await?
            .map(|r| Node::Reminder(Reminder(r))),
        // Its network's organisers; everyone once published.
        ThemeSuggestionId::TYPE_NAME => suggestions::get(cx, uuid)
            .await?
            .map(|(s, _)| Node::ThemeSuggestion(ThemeSuggestion(s))),
        // The organisers of its network only, as `Network.webhookEndpoints`.
        crate::ids::WebhookEndpointId::TYPE_NAME => {
            match crate::service::webhooks::get(cx, crate::ids::WebhookEndpointId(uuid)).await {
                Ok(endpoint) => Some(Node::WebhookEndpoint(super::types::WebhookEndpoint(
                    endpoint,
                ))),
                Err(service::Error::NotFound(_)) => None,
                Err(err) => return Err(err.into()),
            }
        }
        // Whoever sees its event, as `Event.questions`.
        RegistrationQuestionId::TYPE_NAME => {
            registrations::question(cx, RegistrationQuestionId(uuid))
                .await?
                .map(|q| Node::RegistrationQuestion(RegistrationQuestion(q)))
        }
        _ => None,
    })
}

/// Entry points for reading: networks, events, series, organisations and any
/// object by its global id.
#[Object]
impl Query {
    /// Any object by its global id.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A global id.")] id: ID,
    ) -> async_graphql::Result<Option<Node>> {
        node_by_id(service_cx(ctx)?, &id).await
    }

    /// Several objects by global id, in the order asked (null where not found).
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global ids, at most 100.")] ids: Vec<ID>,
    ) -> async_graphql::Result<Vec<Option<Node>>> {
        if ids.len() > 100 {
            return Err(bad_input("at most 100 ids at once"));
        }
        let cx = service_cx(ctx)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in &ids {
            out.push(node_by_id(cx, id).await?);
        }
        Ok(out)
    }

    /// The signed-in person; null when nobody is signed in.
    async fn viewer(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Viewer>> {
        let cx = service_cx(ctx)?;
        let Some(me) = cx.viewer.person_id() else {
            return Ok(None);
        };
        Ok(people::get(cx, me).await?.map(Viewer))
    }

    /// A registration by id: the participant's own, or for the event's organisers.
    async fn registration(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The registration's global id.")] id: ID,
    ) -> async_graphql::Result<Option<Registration>> {
        let id = RegistrationId::parse(&id)?;
        Ok(registrations::visible(service_cx(ctx)?, id)
            .await?
            .map(Registration))
    }

    /// The registration behind a manage link (for guests who did not sign in).
    async fn registration_by_manage_token(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The secret from the manage link.")] token: String,
    ) -> async_graphql::Result<Option<Registration>> {
        Ok(registrations::by_manage_token(service_cx(ctx)?, &token)
            .await?
            .map(Registration))
    }

    /// The consent a participant gives by registering.
    async fn registration_consent_text(&self) -> &'static str {
        registrations::CONSENT_TEXT
    }

    /// Networks, by name.
    async fn networks(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only top-level networks (no sub-networks).")] top_level_only: Option<
            bool,
        >,
        #[graphql(desc = "Number of items from the start (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor to start after.")] after: Option<String>,
        #[graphql(desc = "Number of items from the end (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor to end before.")] before: Option<String>,
    ) -> async_graphql::Result<NetworkConnection> {
        let cx = service_cx(ctx)?;
        let mut select = network::Entity::find();
        if top_level_only == Some(true) {
            select = select.filter(network::Column::ParentId.is_null());
        }
        let page = paginate(
            &cx.db,
            List::Networks,
            select.clone(),
            network::Column::Name,
            network::Column::Id,
            &PageRequest {
                first,
                after,
                last,
                before,
            },
            |n| (SortKey::Text(n.name.clone()), n.id),
        )
        .await?;
        Ok(NetworkConnection::from_page(
            page,
            ConnectionFields::counting(cx.db.clone(), select),
            Network,
        ))
    }

    /// One network by its slug, e.g. `socialchefsnatverket`.
    async fn network(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The network's slug.")] slug: String,
    ) -> async_graphql::Result<Option<Network>> {
        Ok(networks::by_slug(service_cx(ctx)?, &slug)
            .await?
            .map(Network))
    }

    /// One event by global id.
    async fn event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The event's global id.")] id: ID,
    ) -> async_graphql::Result<Option<Event>> {
        let id = EventId::parse(&id)?;
        let cx = service_cx(ctx)?;
        let look = ctx.look_ahead();
        let loaders = loaders(ctx)?;
        let event = async {
            if look.field("seats").exists() {
                // Its network and the counts its seats are made of in the
                // same statement, for `Event.network` and `Event.seats`.
                let found = events::visible_with_network_and_seats(cx, id).await?;
                let Some((event, network, counts)) = found else {
                    return Ok(None);
                };
                if let Some(network) = network {
                    loaders.feed_one(NetworkId(network.id), network).await;
                }
                let counts = counts.per_mode_and_status();
                loaders
                    .feed_one(crate::graphql::loaders::CountsOf(id), counts)
                    .await;
                return Ok(Some(event));
            }
            if !look.field("network").exists() {
                return Ok::<_, async_graphql::Error>(events::visible(cx, id).await?);
            }
            // Its network in the same statement, for `Event.network`.
            let Some((event, network)) = events::visible_with_network(cx, id).await? else {
                return Ok(None);
            };
            if let Some(network) = network {
                loaders.feed_one(NetworkId(network.id), network).await;
            }
            Ok(Some(event))
        };
        // The id is known before the event is read, so its speakers are read
        // beside it instead of after it: one round trip to the database
        // rather than two. They only stay in this request's loaders, which
        // no other request sees, and are only resolved through the event
        // when the viewer may see it.
        let speakers = async {
            if look.field("speakers").exists() {
                crate::graphql::loaders::speakers_of(loaders, [id]).await?;
            }
            Ok(())
        };
        let (event, ()) = tokio::try_join!(event, speakers)?;
        Ok(event.map(Event))
    }

    /// One series by global id.
    async fn series(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The series' global id.")] id: ID,
    ) -> async_graphql::Result<Option<Series>> {
        let id = SeriesId::parse(&id)?;
        Ok(series::get(service_cx(ctx)?, id).await?.map(Series))
    }

    /// Organisations by name; `search` matches words of the name with å ä ö ø æ
    /// folded ("goteborg" finds "Göteborgs Stad").
    async fn organisations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Words that must occur in the name.")] search: Option<String>,
        #[graphql(desc = "Number of items from the start (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor to start after.")] after: Option<String>,
        #[graphql(desc = "Number of items from the end (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor to end before.")] before: Option<String>,
    ) -> async_graphql::Result<OrganisationConnection> {
        let cx = service_cx(ctx)?;
        let mut select = organisation::Entity::find();
        if let Some(search) = crate::service::validate::search_words("search", search.as_deref())? {
            select = select.filter(crate::service::validate::words_like(
                organisation::Column::SearchKey,
                &search,
            ));
        }
        let page = paginate(
            &cx.db,
            List::Organisations,
            select.clone(),
            organisation::Column::Name,
            organisation::Column::Id,
            &PageRequest {
                first,
                after,
                last,
                before,
            },
            |o| (SortKey::Text(o.name.clone()), o.id),
        )
        .await?;
        Ok(OrganisationConnection::from_page(
            page,
            ConnectionFields::counting(cx.db.clone(), select),
            Organisation,
        ))
    }
}
