//! Mutations of agendas and speakers.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::events::{TranslationInput, part_translations};
use super::networks::PersonInput;
use super::{change, try_change};
use crate::graphql::enums::SpeakerStatus;
use crate::graphql::error::{UserError, outcome};
use crate::graphql::ids::{GlobalId, parse_opt};
use crate::graphql::types::{AgendaItem, Event, Speaker, service_cx};
use crate::ids::{AgendaItemId, EventId, PersonId, SpeakerId};
use crate::service::agenda::{self, AgendaItemChanges, AgendaItemInput};
use crate::service::speakers::{self, NewSpeaker, SpeakerChanges, SpeakerWho};
use crate::service::translations::PartText;
use crate::service::{self, ErrorCode, events};

/// A new agenda item.
#[derive(InputObject)]
pub struct AddAgendaItemInput {
    /// The event.
    pub event_id: ID,
    /// Title.
    pub title: String,
    /// Description.
    #[graphql(default)]
    pub description: String,
    /// Start of the slot.
    pub starts_at: Option<DateTime<Utc>>,
    /// End of the slot.
    pub ends_at: Option<DateTime<Utc>>,
    /// Room.
    pub room: Option<String>,
    /// 0-based place in the programme; at the end when omitted.
    pub position: Option<i32>,
    /// The title in other languages than the event's own.
    pub title_translations: Option<Vec<TranslationInput>>,
    /// The description in other languages than the event's own.
    pub description_translations: Option<Vec<TranslationInput>>,
}

/// Changes to an agenda item; omitted fields stay, null clears.
#[derive(InputObject)]
pub struct UpdateAgendaItemInput {
    /// The item.
    pub id: ID,
    /// Title.
    pub title: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Start of the slot.
    pub starts_at: MaybeUndefined<DateTime<Utc>>,
    /// End of the slot.
    pub ends_at: MaybeUndefined<DateTime<Utc>>,
    /// Room.
    pub room: MaybeUndefined<String>,
    /// Title translations to set; an empty text removes one, languages not
    /// named stay.
    pub title_translations: Option<Vec<TranslationInput>>,
    /// Description translations to set, as `titleTranslations`; clearing
    /// the description removes them.
    pub description_translations: Option<Vec<TranslationInput>>,
}

/// Which agenda item.
#[derive(InputObject)]
pub struct RemoveAgendaItemInput {
    /// The item.
    pub id: ID,
}

/// A new order of an event's agenda.
#[derive(InputObject)]
pub struct ReorderAgendaItemsInput {
    /// The event.
    pub event_id: ID,
    /// Every agenda item of the event, once, in the new order.
    pub item_ids: Vec<ID>,
}

/// A new speaker: a known person (`personId`), a person by name and email
/// (`person`), or an external name (`name`).
#[derive(InputObject)]
pub struct AddSpeakerInput {
    /// The event.
    pub event_id: ID,
    /// The agenda item they speak at.
    pub agenda_item_id: Option<ID>,
    /// A person known to Träffpunkt.
    pub person_id: Option<ID>,
    /// A person by name and email.
    pub person: Option<PersonInput>,
    /// An external speaker's name.
    pub name: Option<String>,
    /// Affiliation, e.g. "Region Skåne".
    pub affiliation: Option<String>,
    /// Role, e.g. moderator.
    pub role: Option<String>,
    /// Whether they have accepted; INVITED when omitted.
    pub status: Option<SpeakerStatus>,
    /// The role in other languages than the event's own.
    pub role_translations: Option<Vec<TranslationInput>>,
}

/// Changes to a speaker; omitted fields stay, null clears.
#[derive(InputObject)]
pub struct UpdateSpeakerInput {
    /// The speaker.
    pub id: ID,
    /// Name (external speakers only).
    pub name: Option<String>,
    /// Affiliation.
    pub affiliation: MaybeUndefined<String>,
    /// Role.
    pub role: MaybeUndefined<String>,
    /// Status.
    pub status: Option<SpeakerStatus>,
    /// Agenda item.
    pub agenda_item_id: MaybeUndefined<ID>,
    /// Role translations to set; an empty text removes one, languages not
    /// named stay; clearing the role removes them.
    pub role_translations: Option<Vec<TranslationInput>>,
}

/// Which speaker.
#[derive(InputObject)]
pub struct RemoveSpeakerInput {
    /// The speaker.
    pub id: ID,
}

/// The outcome of an agenda item mutation.
#[derive(SimpleObject)]
pub struct AgendaItemPayload {
    /// The item, when the mutation succeeded.
    pub agenda_item: Option<AgendaItem>,
    /// The event with its agenda as it is now.
    pub event: Option<Event>,
    /// What was wrong with the input.
    pub user_errors: Vec<UserError>,
}

/// The outcome of removing an agenda item.
#[derive(SimpleObject)]
pub struct RemoveAgendaItemPayload {
    /// Global id of the removed item.
    pub removed_agenda_item_id: Option<ID>,
    /// The event with its agenda as it is now.
    pub event: Option<Event>,
    /// What was wrong with the input.
    pub user_errors: Vec<UserError>,
}

/// The outcome of reordering an agenda.
#[derive(SimpleObject)]
pub struct ReorderAgendaItemsPayload {
    /// The event with its agenda in the new order.
    pub event: Option<Event>,
    /// What was wrong with the input.
    pub user_errors: Vec<UserError>,
}

/// The outcome of a speaker mutation.
#[derive(SimpleObject)]
pub struct SpeakerPayload {
    /// The speaker, when the mutation succeeded.
    pub speaker: Option<Speaker>,
    /// The event as it is now.
    pub event: Option<Event>,
    /// What was wrong with the input.
    pub user_errors: Vec<UserError>,
}

/// The outcome of removing a speaker.
#[derive(SimpleObject)]
pub struct RemoveSpeakerPayload {
    /// Global id of the removed speaker.
    pub removed_speaker_id: Option<ID>,
    /// The event as it is now.
    pub event: Option<Event>,
    /// What was wrong with the input.
    pub user_errors: Vec<UserError>,
}

async fn event_of(
    cx: &service::Context,
    id: Option<EventId>,
) -> async_graphql::Result<Option<Event>> {
    match id {
        Some(id) => Ok(events::visible(cx, id).await?.map(Event)),
        None => Ok(None),
    }
}

/// Mutations of agendas and speakers.
#[derive(Default)]
pub struct AgendaMutation;

#[Object]
impl AgendaMutation {
    /// Adds an item to an event's programme.
    async fn add_agenda_item(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new item.")] input: AddAgendaItemInput,
    ) -> async_graphql::Result<AgendaItemPayload> {
        let cx = service_cx(ctx)?;
        let event_id = EventId::parse(&input.event_id)?;
        let item = AgendaItemInput {
            title: input.title,
            description: input.description,
            starts_at: input.starts_at,
            ends_at: input.ends_at,
            room: input.room,
            translations: part_translations([
                (PartText::ItemTitle, input.title_translations),
                (PartText::ItemDescription, input.description_translations),
            ]),
        };
        let (item, user_errors) = outcome(agenda::add(cx, event_id, item, input.position).await)?;
        let event = event_of(cx, item.as_ref().map(|i| EventId(i.event_id))).await?;
        let zone = event
            .as_ref()
            .map(|e| e.0.time_zone.clone())
            .unwrap_or_default();
        Ok(AgendaItemPayload {
            agenda_item: item.map(|i| AgendaItem::new(i, &zone)),
            event,
            user_errors,
        })
    }

    /// Changes an agenda item.
    async fn update_agenda_item(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: UpdateAgendaItemInput,
    ) -> async_graphql::Result<AgendaItemPayload> {
        let cx = service_cx(ctx)?;
        let id = AgendaItemId::parse(&input.id)?;
        let changes = AgendaItemChanges {
            title: input.title,
            description: input.description,
            starts_at: change(input.starts_at, |v| v),
            ends_at: change(input.ends_at, |v| v),
            room: change(input.room, |v| v),
            translations: part_translations([
                (PartText::ItemTitle, input.title_translations),
                (PartText::ItemDescription, input.description_translations),
            ]),
        };
        let (item, user_errors) = outcome(agenda::update(cx, id, changes).await)?;
        let event = event_of(cx, item.as_ref().map(|i| EventId(i.event_id))).await?;
        let zone = event
            .as_ref()
            .map(|e| e.0.time_zone.clone())
            .unwrap_or_default();
        Ok(AgendaItemPayload {
            agenda_item: item.map(|i| AgendaItem::new(i, &zone)),
            event,
            user_errors,
        })
    }

    /// Removes an agenda item; its speakers stay on the event.
    async fn remove_agenda_item(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which item.")] input: RemoveAgendaItemInput,
    ) -> async_graphql::Result<RemoveAgendaItemPayload> {
        let cx = service_cx(ctx)?;
        let id = AgendaItemId::parse(&input.id)?;
        let (event_id, user_errors) = outcome(agenda::remove(cx, id).await)?;
        Ok(RemoveAgendaItemPayload {
            removed_agenda_item_id: event_id.map(|_| id.to_global()),
            event: event_of(cx, event_id).await?,
            user_errors,
        })
    }

    /// Puts an event's agenda in a new order.
    async fn reorder_agenda_items(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The event and the new order.")] input: ReorderAgendaItemsInput,
    ) -> async_graphql::Result<ReorderAgendaItemsPayload> {
        let cx = service_cx(ctx)?;
        let event_id = EventId::parse(&input.event_id)?;
        let ids = input
            .item_ids
            .iter()
            .map(AgendaItemId::parse)
            .collect::<async_graphql::Result<Vec<_>>>()?;
        let (done, user_errors) = outcome(agenda::reorder(cx, event_id, &ids).await)?;
        Ok(ReorderAgendaItemsPayload {
            event: event_of(cx, done.map(|_| event_id)).await?,
            user_errors,
        })
    }

    /// Adds a speaker to an event.
    async fn add_speaker(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new speaker.")] input: AddSpeakerInput,
    ) -> async_graphql::Result<SpeakerPayload> {
        let cx = service_cx(ctx)?;
        let event_id = EventId::parse(&input.event_id)?;
        let who = match (input.person_id, input.person, input.name) {
            (Some(id), None, None) => Ok(SpeakerWho::Person(PersonId::parse(&id)?)),
            (None, Some(person), None) => Ok(SpeakerWho::NewPerson(person.into_service()?)),
            (None, None, Some(name)) => Ok(SpeakerWho::External { name }),
            _ => Err(service::Error::field(
                "personId",
                ErrorCode::Required,
                "give exactly one of personId, person or name",
            )),
        };
        let result = match who {
            Ok(who) => {
                speakers::add(
                    cx,
                    NewSpeaker {
                        event_id,
                        agenda_item_id: parse_opt(input.agenda_item_id.as_ref())?,
                        who,
                        affiliation: input.affiliation,
                        role: input.role,
                        status: input
                            .status
                            .map_or(entities::SpeakerStatus::Invited, Into::into),
                        translations: part_translations([(
                            PartText::SpeakerRole,
                            input.role_translations,
                        )]),
                    },
                )
                .await
            }
            Err(err) => Err(err),
        };
        let (speaker, user_errors) = outcome(result)?;
        Ok(SpeakerPayload {
            event: event_of(cx, speaker.as_ref().map(|s| EventId(s.event_id))).await?,
            speaker: speaker.map(Speaker),
            user_errors,
        })
    }

    /// Changes a speaker.
    async fn update_speaker(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: UpdateSpeakerInput,
    ) -> async_graphql::Result<SpeakerPayload> {
        let cx = service_cx(ctx)?;
        let id = SpeakerId::parse(&input.id)?;
        let changes = SpeakerChanges {
            name: input.name,
            affiliation: change(input.affiliation, |v| v),
            role: change(input.role, |v| v),
            status: input.status.map(Into::into),
            agenda_item_id: try_change(input.agenda_item_id, |v| AgendaItemId::parse(&v))?,
            translations: part_translations([(PartText::SpeakerRole, input.role_translations)]),
        };
        let (speaker, user_errors) = outcome(speakers::update(cx, id, changes).await)?;
        Ok(SpeakerPayload {
            event: event_of(cx, speaker.as_ref().map(|s| EventId(s.event_id))).await?,
            speaker: speaker.map(Speaker),
            user_errors,
        })
    }

    /// Removes a speaker.
    async fn remove_speaker(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which speaker.")] input: RemoveSpeakerInput,
    ) -> async_graphql::Result<RemoveSpeakerPayload> {
        let cx = service_cx(ctx)?;
        let id = SpeakerId::parse(&input.id)?;
        let (event_id, user_errors) = outcome(speakers::remove(cx, id).await)?;
        Ok(RemoveSpeakerPayload {
            removed_speaker_id: event_id.map(|_| id.to_global()),
            event: event_of(cx, event_id).await?,
            user_errors,
        })
    }
}
