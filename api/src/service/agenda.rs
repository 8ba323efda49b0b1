//! An event's programme: agenda items in an explicit order, each with an
//! optional time slot and room. Positions are kept dense (0, 1, 2 …).

use chrono::{DateTime, Utc};
use entities::agenda_item;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};

use super::audit::{Action, Entry};
use super::translations::{self, Part, PartChange, PartInput, PartText};
use super::tx::Tx;
use super::validate::{Errors, NAME_MAX, SHORT_MAX};
use super::{Context, Error, ErrorCode, Result};
use crate::i18n::Locale;
use crate::ids::{AgendaItemId, EventId};

/// What an agenda item says.
#[derive(Debug, Clone, Default)]
pub struct AgendaItemInput {
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Start of the slot.
    pub starts_at: Option<DateTime<Utc>>,
    /// End of the slot.
    pub ends_at: Option<DateTime<Utc>>,
    /// Room.
    pub room: Option<String>,
    /// Translations of the title and description (a blank one removes it).
    pub translations: Vec<PartInput>,
}

/// Changes to an item: `None` leaves a field; `Some(None)` clears.
#[derive(Debug, Clone, Default)]
pub struct AgendaItemChanges {
    /// Title.
    pub title: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Start of the slot.
    pub starts_at: Option<Option<DateTime<Utc>>>,
    /// End of the slot.
    pub ends_at: Option<Option<DateTime<Utc>>>,
    /// Room.
    pub room: Option<Option<String>>,
    /// Translations to set; those not named stay.
    pub translations: Vec<PartInput>,
}

/// Checks an item as [`add`] and [`update`] would for an event whose own
/// language is `own`, storing nothing, so that a form can show every error
/// at once.
pub fn validate(input: AgendaItemInput, own: Locale) -> Result<AgendaItemInput> {
    check(input, own).map(|(checked, _)| checked)
}

fn check(input: AgendaItemInput, own: Locale) -> Result<(AgendaItemInput, Vec<PartChange>)> {
    let mut e = Errors::new();
    let title = e.required_text("title", &input.title, NAME_MAX);
    let description = e.description("description", &input.description);
    let room = e.optional_text("room", input.room.as_deref(), SHORT_MAX);
    if let (Some(start), Some(end)) = (input.starts_at, input.ends_at) {
        e.time_range("endsAt", start, end);
    }
    if input.ends_at.is_some() && input.starts_at.is_none() {
        e.push(
            "startsAt",
            ErrorCode::Required,
            "an item with an end needs a start",
        );
    }
    let translated = translations::parts::check(
        &input.translations,
        own,
        |text| match text {
            PartText::ItemTitle => Some(title.clone()),
            PartText::ItemDescription => Some(description.clone()).filter(|d| !d.is_empty()),
            _ => None,
        },
        &mut e,
    );
    e.finish()?;
    Ok((
        AgendaItemInput {
            title,
            description,
            room,
            ..input
        },
        translated,
    ))
}

/// Whether an item has an original of `text` to translate.
fn has(item: &agenda_item::Model) -> impl Fn(PartText) -> bool + '_ {
    |text| match text {
        PartText::ItemTitle => true,
        PartText::ItemDescription => !item.description.is_empty(),
        _ => false,
    }
}

async fn items<C: ConnectionTrait>(db: &C, event: EventId) -> Result<Vec<agenda_item::Model>> {
    Ok(agenda_item::Entity::find()
        .filter(agenda_item::Column::EventId.eq(event.0))
        .order_by_asc(agenda_item::Column::Position)
        .order_by_asc(agenda_item::Column::Id)
        .all(db)
        .await?)
}

/// Rewrites positions to follow `order`.
async fn renumber<C: ConnectionTrait>(db: &C, order: &[agenda_item::Model]) -> Result<()> {
    for (position, item) in order.iter().enumerate() {
        if item.position != position as i32 {
            let mut model: agenda_item::ActiveModel = item.clone().into();
            model.position = Set(position as i32);
            model.update(db).await?;
        }
    }
    Ok(())
}

/// Adds an item at `position` (0-based; at the end when absent).
#[tracing::instrument(skip_all, fields(event = %event))]
pub async fn add(
    cx: &Context,
    event: EventId,
    input: AgendaItemInput,
    position: Option<i32>,
) -> Result<agenda_item::Model> {
    Tx::retrying(cx, || {
        let input = input.clone();
        async move {
            let found = super::events::for_change(cx, event, "eventId").await?;
            let network = found.network_id;
            let (input, translated) = check(input, translations::own_locale(&found))?;
            if position.is_some_and(|p| p < 0) {
                return Err(Error::field(
                    "position",
                    ErrorCode::OutOfRange,
                    "position must be 0 or more",
                ));
            }
            let now = cx.clock.now();
            let tx = Tx::begin(cx).await?;
            let txn = tx.db();
            let mut existing = items(txn, event).await?;
            let at = position.map_or(existing.len(), |p| (p as usize).min(existing.len()));
            let created = agenda_item::ActiveModel {
                id: Set(AgendaItemId::new().0),
                event_id: Set(event.0),
                position: Set(at as i32),
                starts_at: Set(input.starts_at),
                ends_at: Set(input.ends_at),
                title: Set(input.title),
                description: Set(input.description),
                room: Set(input.room),
                created_at: Set(now),
                updated_at: Set(now),
            };
            // Make room first so positions stay unique at every step.
            for item in existing.iter_mut().skip(at).rev() {
                let mut model: agenda_item::ActiveModel = item.clone().into();
                model.position = Set(item.position + 1);
                *item = model.update(txn).await?;
            }
            let created = created.insert(txn).await?;
            let kept = has(&created);
            translations::parts::save(txn, event.0, Part::Item, created.id, &translated, kept, now)
                .await?;
            super::events::touch(txn, event, now).await?;
            tx.audit(
                Entry::event(network, event, Action::AgendaAdded)
                    .about(created.id, Some(&created.title)),
            );
            tx.commit().await?;
            Ok(created)
        }
    })
    .await
}

/// Changes an item.
#[tracing::instrument(skip_all, fields(item = %id))]
pub async fn update(
    cx: &Context,
    id: AgendaItemId,
    changes: AgendaItemChanges,
) -> Result<agenda_item::Model> {
    Tx::retrying(cx, || {
        let changes = changes.clone();
        async move {
            let current = get(cx, id).await?.ok_or(Error::NotFound("agenda item"))?;
            let found = super::events::for_change(cx, EventId(current.event_id), "id").await?;
            let network = found.network_id;
            let merged = AgendaItemInput {
                title: changes.title.unwrap_or_else(|| current.title.clone()),
                description: changes
                    .description
                    .unwrap_or_else(|| current.description.clone()),
                starts_at: changes.starts_at.unwrap_or(current.starts_at),
                ends_at: changes.ends_at.unwrap_or(current.ends_at),
                room: changes.room.unwrap_or_else(|| current.room.clone()),
                translations: changes.translations,
            };
            let (checked, translated) = check(merged, translations::own_locale(&found))?;
            let now = cx.clock.now();
            let event = EventId(current.event_id);
            let mut model: agenda_item::ActiveModel = current.into();
            model.title = Set(checked.title);
            model.description = Set(checked.description);
            model.starts_at = Set(checked.starts_at);
            model.ends_at = Set(checked.ends_at);
            model.room = Set(checked.room);
            model.updated_at = Set(now);
            let tx = Tx::begin(cx).await?;
            let txn = tx.db();
            let updated = model.update(txn).await?;
            let kept = has(&updated);
            translations::parts::save(txn, event.0, Part::Item, updated.id, &translated, kept, now)
                .await?;
            super::events::touch(txn, event, now).await?;
            tx.audit(
                Entry::event(network, event, Action::AgendaUpdated)
                    .about(updated.id, Some(&updated.title)),
            );
            tx.commit().await?;
            Ok(updated)
        }
    })
    .await
}

/// Removes an item; its speakers stay on the event without an item.
#[tracing::instrument(skip_all, fields(item = %id))]
pub async fn remove(cx: &Context, id: AgendaItemId) -> Result<EventId> {
    Tx::retrying(cx, || async {
        let item = get(cx, id).await?.ok_or(Error::NotFound("agenda item"))?;
        let network = super::events::for_change(cx, EventId(item.event_id), "id")
            .await?
            .network_id;
        let tx = Tx::begin(cx).await?;
        let txn = tx.db();
        let Some(item) = agenda_item::Entity::find_by_id(id.0).one(txn).await? else {
            return Err(Error::NotFound("agenda item"));
        };
        let event = EventId(item.event_id);
        agenda_item::Entity::delete_by_id(item.id).exec(txn).await?;
        translations::parts::remove(txn, Part::Item, item.id).await?;
        tx.audit(
            Entry::event(network, event, Action::AgendaRemoved).about(item.id, Some(&item.title)),
        );
        renumber(txn, &items(txn, event).await?).await?;
        super::events::touch(txn, event, cx.clock.now()).await?;
        tx.commit().await?;
        Ok(event)
    })
    .await
}

/// Puts an event's items in the given order; `ids` must name every item once.
#[tracing::instrument(skip_all, fields(event = %event))]
pub async fn reorder(
    cx: &Context,
    event: EventId,
    ids: &[AgendaItemId],
) -> Result<Vec<agenda_item::Model>> {
    Tx::retrying(cx, || async {
        let network = super::events::for_change(cx, event, "eventId")
            .await?
            .network_id;
        let tx = Tx::begin(cx).await?;
        let txn = tx.db();
        let current = items(txn, event).await?;
        let mut ordered = Vec::with_capacity(current.len());
        for id in ids {
            match current.iter().find(|item| item.id == id.0) {
                Some(item) if !ordered.iter().any(|o: &agenda_item::Model| o.id == item.id) => {
                    ordered.push(item.clone());
                }
                _ => {
                    return Err(Error::field(
                        "itemIds",
                        ErrorCode::Invalid,
                        "itemIds must list each of the event's agenda items exactly once",
                    ));
                }
            }
        }
        if ordered.len() != current.len() {
            return Err(Error::field(
                "itemIds",
                ErrorCode::Invalid,
                "itemIds must list each of the event's agenda items exactly once",
            ));
        }
        renumber(txn, &ordered).await?;
        super::events::touch(txn, event, cx.clock.now()).await?;
        tx.audit(Entry::event(network, event, Action::AgendaReordered));
        let result = items(txn, event).await?;
        tx.commit().await?;
        Ok(result)
    })
    .await
}

/// One item by id.
pub async fn get(cx: &Context, id: AgendaItemId) -> Result<Option<agenda_item::Model>> {
    Ok(agenda_item::Entity::find_by_id(id.0).one(&cx.db).await?)
}

/// The agenda of an event the caller has shown the viewer, in order.
pub async fn of_event(cx: &Context, event: EventId) -> Result<Vec<agenda_item::Model>> {
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    Ok(agenda_item::Entity::find()
        .filter(agenda_item::Column::EventId.eq(event.0))
        .order_by_asc(agenda_item::Column::Position)
        .all(&cx.db)
        .await?)
}

/// An event's programme as its organisers see it.
#[derive(Debug, Clone)]
pub struct Programme {
    /// The event.
    pub event: entities::event::Model,
    /// Its agenda, in order.
    pub items: Vec<agenda_item::Model>,
    /// Every speaker, in order, those who declined too.
    pub speakers: Vec<entities::speaker::Model>,
    /// The translations of the items' and speakers' texts.
    pub translations: translations::PartTranslations,
}

/// The programme of an event for those who may change it (the organisers of
/// its network); anyone else is told it does not exist or is forbidden.
#[tracing::instrument(skip_all, fields(event = %event))]
pub async fn for_organisers(cx: &Context, event: EventId) -> Result<Programme> {
    use entities::speaker;
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    let event = match super::events::get(cx, event).await? {
        Some(found) if super::policy::can_see_event(cx, &found).await? => found,
        _ => return Err(Error::NotFound("event")),
    };
    super::policy::require_manage(cx, crate::ids::NetworkId(event.network_id)).await?;
    let id = EventId(event.id);
    let (items, speakers, rows) = tokio::try_join!(
        items(&cx.db, id),
        async {
            Ok::<_, Error>(
                speaker::Entity::find()
                    .filter(speaker::Column::EventId.eq(event.id))
                    .order_by_asc(speaker::Column::Position)
                    .order_by_asc(speaker::Column::Id)
                    .all(&cx.db)
                    .await?,
            )
        },
        async { Ok(translations::rows_of_events(&cx.db, vec![event.id]).await?) }
    )?;
    Ok(Programme {
        event,
        items,
        speakers,
        translations: translations::PartTranslations::of(&rows),
    })
}
