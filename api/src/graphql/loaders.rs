//! DataLoaders: every relation a list item resolves is loaded in one query per
//! batch, keyed by a typed key. Built per request, so caches never cross users.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use entities::by_position::{JoinedTwo, ReadByPosition};
use entities::{
    RegistrationStatus, agenda_item, event, network, network_contact, organisation, outbox, person,
    series, speaker,
};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QueryTrait,
};
use uuid::Uuid;

use crate::ids::{EventId, NetworkId, OrganisationId, PersonId, ReminderId, SeriesId};
use crate::service::policy::EventRelation;

/// A failed batch; the cause is logged where it is turned into a GraphQL error.
#[derive(Clone, Debug)]
pub struct LoadError(pub Arc<DbErr>);

impl From<DbErr> for LoadError {
    fn from(err: DbErr) -> Self {
        Self(Arc::new(err))
    }
}

impl From<LoadError> for async_graphql::Error {
    fn from(err: LoadError) -> Self {
        // Sorted like every database error: a fault is SERVICE_UNAVAILABLE.
        let err = Arc::unwrap_or_clone(err.0);
        crate::service::Error::from(err).into()
    }
}

/// Loads by the database: one implementation per key type. It knows the
/// viewer, for keys that depend on who asks.
pub struct DbLoader {
    db: DatabaseConnection,
    viewer: Option<PersonId>,
}

/// The per-request loader.
pub type Loaders = DataLoader<DbLoader, HashMapCache>;

/// A fresh loader for one request by `viewer`.
pub fn for_request(db: DatabaseConnection, viewer: Option<PersonId>) -> Loaders {
    DataLoader::with_cache(
        DbLoader { db, viewer },
        tokio::spawn,
        HashMapCache::default(),
    )
    .delay(BATCH_WINDOW)
}

/// How long a batch waits for more keys after its first: not at all. The
/// batch's task is spawned from the resolver's worker into tokio's LIFO
/// slot, which runs it once the resolving task yields, that is after the
/// siblings polled in the same pass have added their keys. async-graphql's
/// default of 1 ms per level was most of an event's detail at concurrency
/// 1 (Q2 p50 2.3 → 1.3 ms, Q1 7.4 → 5.0 ms; 100 µs was no better than 1 ms,
/// the timer wakes on whole milliseconds). Lists whose items resolve
/// relations prefetch them by looking ahead (`prefetch_events`) with one
/// `load_many`, so their batches cannot split; `tests/api/statements.rs`
/// and the bench guard count the statements.
const BATCH_WINDOW: std::time::Duration = std::time::Duration::ZERO;

/// How the viewer relates to an event (confirmed participant, speaker).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ViewerRelationTo(pub EventId);

/// Agenda items of an event, in order, each with its speakers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AgendaOf(pub EventId);

/// Speakers of an event, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SpeakersOf(pub EventId);

/// The mails (outbox rows) of a reminder, oldest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DeliveriesOf(pub ReminderId);

/// The translations of an event's texts (its own and, later, its parts').
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TranslationsOf(pub EventId);

/// Sub-networks of a network, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ChildrenOf(pub NetworkId);

/// Contact persons of a network, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ContactsOf(pub NetworkId);

fn uuids<K: Copy>(keys: &[K], f: impl Fn(K) -> Uuid) -> Vec<Uuid> {
    keys.iter().map(|k| f(*k)).collect()
}

macro_rules! by_id_loader {
    ($key:ty, $entity:ident) => {
        impl Loader<$key> for DbLoader {
            type Value = $entity::Model;
            type Error = LoadError;

            async fn load(&self, keys: &[$key]) -> Result<HashMap<$key, Self::Value>, Self::Error> {
                let rows = $entity::Entity::find()
                    .filter($entity::Column::Id.is_in(uuids(keys, |k| k.0)))
                    .all_by_position(&self.db)
                    .await?;
                Ok(rows
                    .into_iter()
                    .map(|row| (<$key>::from(row.id), row))
                    .collect())
            }
        }
    };
}

by_id_loader!(EventId, event);
by_id_loader!(NetworkId, network);
by_id_loader!(OrganisationId, organisation);
by_id_loader!(PersonId, person);
by_id_loader!(SeriesId, series);

fn group<K: Eq + std::hash::Hash + Copy, V>(
    keys: &[K],
    rows: Vec<V>,
    key_of: impl Fn(&V) -> K,
) -> HashMap<K, Vec<V>> {
    let mut map: HashMap<K, Vec<V>> = keys.iter().map(|k| (*k, Vec::new())).collect();
    for row in rows {
        map.entry(key_of(&row)).or_default().push(row);
    }
    map
}

impl Loader<AgendaOf> for DbLoader {
    type Value = Vec<(agenda_item::Model, Vec<speaker::Model>)>;
    type Error = LoadError;

    /// Items with their speakers in one batch: resolving an item's speakers
    /// later would start a second wave on the speakers loader.
    async fn load(&self, keys: &[AgendaOf]) -> Result<HashMap<AgendaOf, Self::Value>, Self::Error> {
        let event_ids = uuids(keys, |k| k.0.0);
        let items = agenda_item::Entity::find()
            .filter(agenda_item::Column::EventId.is_in(event_ids.clone()))
            .order_by_asc(agenda_item::Column::EventId)
            .order_by_asc(agenda_item::Column::Position)
            .all(&self.db)
            .await?;
        let mut speakers_by_item: HashMap<Uuid, Vec<speaker::Model>> = HashMap::new();
        if !items.is_empty() {
            let speakers = speaker::Entity::find()
                .filter(speaker::Column::EventId.is_in(event_ids))
                .filter(speaker::Column::AgendaItemId.is_not_null())
                .order_by_asc(speaker::Column::Position)
                .all(&self.db)
                .await?;
            for speaker in speakers {
                if let Some(item) = speaker.agenda_item_id {
                    speakers_by_item.entry(item).or_default().push(speaker);
                }
            }
        }
        let rows = items
            .into_iter()
            .map(|item| {
                let speakers = speakers_by_item.remove(&item.id).unwrap_or_default();
                (item, speakers)
            })
            .collect();
        Ok(group(keys, rows, |(item, _)| {
            AgendaOf(EventId(item.event_id))
        }))
    }
}

impl Loader<TranslationsOf> for DbLoader {
    type Value = Vec<entities::translation::Model>;
    type Error = LoadError;

    async fn load(
        &self,
        keys: &[TranslationsOf],
    ) -> Result<HashMap<TranslationsOf, Self::Value>, Self::Error> {
        let rows =
            crate::service::translations::rows_of_events(&self.db, uuids(keys, |k| k.0.0)).await?;
        Ok(group(keys, rows, |row| {
            TranslationsOf(EventId(row.event_id))
        }))
    }
}

/// A speaker with their person and the person's organisation, if any.
pub type SpeakerRow = (
    speaker::Model,
    Option<person::Model>,
    Option<organisation::Model>,
);

/// An event's speakers come with their people and organisations in one
/// statement (two left joins): a programme asks for them together, and
/// [`speakers_of`] puts them in the loader's cache for `Speaker.person`
/// and `Person.organisation`.
impl Loader<SpeakersOf> for DbLoader {
    type Value = Vec<SpeakerRow>;
    type Error = LoadError;

    async fn load(
        &self,
        keys: &[SpeakersOf],
    ) -> Result<HashMap<SpeakersOf, Self::Value>, Self::Error> {
        let events = speaker::Column::EventId.is_in(uuids(keys, |k| k.0.0));
        let rows = speaker_rows(&self.db, events).await?;
        Ok(group(keys, rows, |(r, _, _)| {
            SpeakersOf(EventId(r.event_id))
        }))
    }
}

/// The speakers, with their people and organisations, of the events that
/// `events` (a condition on `speakers.event_id`) selects, by event and
/// position. Read by position: a programme's speakers are most of its rows.
pub async fn speaker_rows(
    db: &DatabaseConnection,
    events: impl sea_orm::sea_query::IntoCondition,
) -> Result<Vec<SpeakerRow>, DbErr> {
    let select = speaker::Entity::find()
        .find_also_related(person::Entity)
        .and_also_related(organisation::Entity)
        .filter(events)
        .order_by_asc(speaker::Column::EventId)
        .order_by_asc(speaker::Column::Position)
        .build(db.get_database_backend());
    Ok(JoinedTwo::find_by_statement(select)
        .all(db)
        .await?
        .into_iter()
        .map(|JoinedTwo(speaker, person, organisation)| (speaker, person, organisation))
        .collect())
}

/// Puts `rows`, the speakers of `events` read by [`speaker_rows`], in
/// `loaders`' cache as the speakers' loader would have loaded them (an
/// event without speakers gets an empty list).
pub async fn feed_speakers(
    loaders: &Loaders,
    events: impl IntoIterator<Item = EventId>,
    rows: Vec<SpeakerRow>,
) {
    let keys: Vec<SpeakersOf> = events.into_iter().map(SpeakersOf).collect();
    loaders
        .feed_many(group(&keys, rows, |(r, _, _)| {
            SpeakersOf(EventId(r.event_id))
        }))
        .await;
}

/// The speakers of `events` (by event), with their people and their
/// organisations fed to `loaders`' cache, so that resolving them costs no
/// further statement.
pub async fn speakers_of(
    loaders: &Loaders,
    events: impl IntoIterator<Item = EventId>,
) -> async_graphql::Result<HashMap<EventId, Vec<speaker::Model>>> {
    let loaded = loaders
        .load_many(events.into_iter().map(SpeakersOf))
        .await?;
    let mut people = Vec::new();
    let mut organisations = Vec::new();
    let mut out = HashMap::with_capacity(loaded.len());
    for (SpeakersOf(event), rows) in loaded {
        let mut speakers = Vec::with_capacity(rows.len());
        for (speaker, person, organisation) in rows {
            if let Some(person) = person {
                people.push((PersonId(person.id), person));
            }
            if let Some(organisation) = organisation {
                organisations.push((OrganisationId(organisation.id), organisation));
            }
            speakers.push(speaker);
        }
        out.insert(event, speakers);
    }
    loaders.feed_many(people).await;
    loaders.feed_many(organisations).await;
    Ok(out)
}

impl Loader<ChildrenOf> for DbLoader {
    type Value = Vec<network::Model>;
    type Error = LoadError;

    async fn load(
        &self,
        keys: &[ChildrenOf],
    ) -> Result<HashMap<ChildrenOf, Self::Value>, Self::Error> {
        let rows = network::Entity::find()
            .filter(network::Column::ParentId.is_in(uuids(keys, |k| k.0.0)))
            .order_by_asc(network::Column::Name)
            .all(&self.db)
            .await?;
        Ok(group(keys, rows, |r| {
            ChildrenOf(NetworkId(r.parent_id.unwrap_or_default()))
        }))
    }
}

impl Loader<ContactsOf> for DbLoader {
    type Value = Vec<(network_contact::Model, person::Model)>;
    type Error = LoadError;

    async fn load(
        &self,
        keys: &[ContactsOf],
    ) -> Result<HashMap<ContactsOf, Self::Value>, Self::Error> {
        let rows = network_contact::Entity::find()
            .filter(network_contact::Column::NetworkId.is_in(uuids(keys, |k| k.0.0)))
            .order_by_asc(network_contact::Column::Position)
            .all(&self.db)
            .await?;
        let people: HashMap<Uuid, person::Model> = person::Entity::find()
            .filter(person::Column::Id.is_in(rows.iter().map(|r| r.person_id).collect::<Vec<_>>()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let pairs = rows
            .into_iter()
            .filter_map(|c| people.get(&c.person_id).cloned().map(|p| (c, p)))
            .collect();
        Ok(group(keys, pairs, |(c, _)| {
            ContactsOf(NetworkId(c.network_id))
        }))
    }
}

impl Loader<ViewerRelationTo> for DbLoader {
    type Value = EventRelation;
    type Error = LoadError;

    async fn load(
        &self,
        keys: &[ViewerRelationTo],
    ) -> Result<HashMap<ViewerRelationTo, Self::Value>, Self::Error> {
        let mut map: HashMap<ViewerRelationTo, EventRelation> = keys
            .iter()
            .map(|k| (*k, EventRelation::default()))
            .collect();
        let Some(viewer) = self.viewer else {
            return Ok(map);
        };
        let events = uuids(keys, |k| k.0.0);
        let relations = crate::service::policy::relations_to(&self.db, viewer, events)
            .await
            .map_err(|err| match err {
                crate::service::Error::Database(db) | crate::service::Error::Unavailable(db) => {
                    LoadError::from(db)
                }
                other => LoadError::from(sea_orm::DbErr::Custom(other.to_string())),
            })?;
        for (event, relation) in relations {
            map.insert(ViewerRelationTo(EventId(event)), relation);
        }
        Ok(map)
    }
}

/// Counts of an event's active registrations per mode and status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CountsOf(pub EventId);

impl Loader<CountsOf> for DbLoader {
    type Value = Vec<(entities::ParticipationMode, RegistrationStatus, i64)>;
    type Error = LoadError;

    async fn load(&self, keys: &[CountsOf]) -> Result<HashMap<CountsOf, Self::Value>, Self::Error> {
        let events = uuids(keys, |k| k.0.0);
        let rows = crate::service::registrations::counts(&self.db, &events)
            .await
            .map_err(|err| match err {
                crate::service::Error::Database(db) | crate::service::Error::Unavailable(db) => {
                    LoadError::from(db)
                }
                other => LoadError::from(sea_orm::DbErr::Custom(other.to_string())),
            })?;
        let mut map: HashMap<CountsOf, Self::Value> =
            keys.iter().map(|k| (*k, Vec::new())).collect();
        for (event, mode, status, n) in rows {
            map.entry(CountsOf(EventId(event)))
                .or_default()
                .push((mode, status, n));
        }
        Ok(map)
    }
}

impl Loader<DeliveriesOf> for DbLoader {
    type Value = Vec<outbox::Model>;
    type Error = LoadError;

    async fn load(
        &self,
        keys: &[DeliveriesOf],
    ) -> Result<HashMap<DeliveriesOf, Self::Value>, Self::Error> {
        let rows = outbox::Entity::find()
            .filter(outbox::Column::ReminderId.is_in(uuids(keys, |k| k.0.0)))
            .order_by_asc(outbox::Column::CreatedAt)
            .order_by_asc(outbox::Column::Id)
            .all(&self.db)
            .await?;
        let mut out: HashMap<DeliveriesOf, Self::Value> = HashMap::new();
        for row in rows {
            if let Some(reminder) = row.reminder_id {
                out.entry(DeliveriesOf(ReminderId(reminder)))
                    .or_default()
                    .push(row);
            }
        }
        Ok(out)
    }
}
