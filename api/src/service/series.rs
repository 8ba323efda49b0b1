//! Series: a recurring meeting with irregular occurrences (the monthly
//! meetings of SCENARIOS.md), created together with its events.

use chrono::{DateTime, Utc};
use entities::{EventStatus, event, person, series};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};

use super::audit::{Action, Entry};
use super::events::{self, EventDetails, NewEvent};
use super::tx::Tx;
use super::validate::{Errors, NAME_MAX};
use super::{Context, Error, ErrorCode, Result};
use crate::ids::{EventId, NetworkId, SeriesId};

/// Most occurrences created at once.
pub const MAX_OCCURRENCES: usize = 200;

/// One date of a series.
#[derive(Debug, Clone)]
pub struct Occurrence {
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
    /// Title of this occurrence; the template's when absent (themes come later).
    pub title: Option<String>,
    /// Description of this occurrence; the template's when absent.
    pub description: Option<String>,
}

/// Input for a new series.
#[derive(Debug, Clone)]
pub struct NewSeries {
    /// The network.
    pub network_id: NetworkId,
    /// Title of the series.
    pub title: String,
    /// Description of the series.
    pub description: String,
    /// What every occurrence has in common; its times are taken from each occurrence.
    pub template: NewEvent,
    /// The dates.
    pub occurrences: Vec<Occurrence>,
    /// Publish the events at once instead of leaving them drafts.
    pub publish: bool,
}

/// Creates a series and one event per occurrence, all or nothing. In a
/// project network, published occurrences register its admitted
/// representatives as [`add_occurrences`] does.
#[tracing::instrument(skip_all, fields(network = %input.network_id))]
pub async fn create(cx: &Context, input: NewSeries) -> Result<(series::Model, Vec<event::Model>)> {
    Tx::retrying(cx, || async {
        super::policy::require_write(cx)?;
        let network = super::networks::get(cx, input.network_id)
            .await?
            .ok_or_else(|| {
                Error::field("networkId", ErrorCode::NotFound, "no network with this id")
            })?;
        super::policy::require_manage(cx, input.network_id).await?;
        let mut errors = Errors::new();
        let title = errors.required_text("title", &input.title, NAME_MAX);
        let description = errors.description("description", &input.description);
        if input.occurrences.is_empty() {
            errors.push(
                "occurrences",
                ErrorCode::Required,
                "a series needs at least one occurrence",
            );
        }
        if input.occurrences.len() > MAX_OCCURRENCES {
            errors.push(
                "occurrences",
                ErrorCode::TooLong,
                format!("at most {MAX_OCCURRENCES} occurrences at once"),
            );
        }
        errors.finish()?;
        let mut all_details: Vec<EventDetails> = Vec::with_capacity(input.occurrences.len());
        let mut invalid = Vec::new();
        for (i, occurrence) in input.occurrences.iter().enumerate() {
            let mut template = input.template.clone();
            template.starts_at = occurrence.starts_at;
            template.ends_at = occurrence.ends_at;
            if let Some(t) = &occurrence.title {
                template.title = t.clone();
            }
            if let Some(d) = &occurrence.description {
                template.description = d.clone();
            }
            match template
                .details(&network)
                .validate(&format!("occurrences.{i}"))
            {
                Ok(details) => all_details.push(details),
                Err(Error::Invalid(errs)) => invalid.extend(errs),
                Err(other) => return Err(other),
            }
        }
        if !invalid.is_empty() {
            return Err(Error::Invalid(invalid));
        }
        let now = cx.clock.now();
        let tx = Tx::begin(cx).await?;
        let txn = tx.db();
        let series_id = SeriesId::new();
        let created = series::ActiveModel {
            id: Set(series_id.0),
            network_id: Set(network.id),
            title: Set(title),
            description: Set(description),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(txn)
        .await?;
        let mut created_events = Vec::with_capacity(all_details.len());
        for details in all_details {
            let event = events::insert(
                txn,
                now,
                input.network_id,
                Some(series_id),
                details,
                input.publish,
                crate::i18n::Locale::parse(&network.default_locale).unwrap_or_default(),
            )
            .await?;
            tx.audit(
                Entry::event(input.network_id, EventId(event.id), Action::EventCreated)
                    .about(event.id, Some(&event.title)),
            );
            created_events.push(event);
        }
        invite_representatives(&tx, input.network_id, &created_events).await?;
        tx.commit().await?;
        created_events.sort_by_key(|e| (e.starts_at, e.id));
        Ok((created, created_events))
    })
    .await
}

/// Adds occurrences to a series, all or nothing: each a copy of the
/// series' latest occurrence (kind, place, link, seats, policy, members
/// only …) at its own times, with its own title and description when given
/// (the latest's otherwise); registration opens at once and closes at the
/// start. Checked and logged as [`create`] does, for those who manage the
/// series' network.
///
/// When the series' network is a project network
/// ([`super::projects::is_project_network`]) and the occurrences are
/// published, its admitted representatives
/// ([`super::projects::representatives`]) are registered for each, in the
/// same unit, by the seat rules (a full mode puts them on its waiting list)
/// and with the usual mail, once: someone registered already is left as
/// they are.
#[tracing::instrument(skip_all, fields(series = %id))]
pub async fn add_occurrences(
    cx: &Context,
    id: SeriesId,
    occurrences: Vec<Occurrence>,
    publish: bool,
) -> Result<Vec<event::Model>> {
    Tx::retrying(cx, || async {
        super::policy::require_write(cx)?;
        let not_found = || Error::field("seriesId", ErrorCode::NotFound, "no series with this id");
        let found = get(cx, id).await?.ok_or_else(not_found)?;
        let network_id = NetworkId(found.network_id);
        // Told as unknown to those who may not change it.
        if !super::policy::manages(cx, network_id).await? {
            return Err(not_found());
        }
        let network = super::networks::get(cx, network_id)
            .await?
            .ok_or_else(not_found)?;
        let mut errors = Errors::new();
        if occurrences.is_empty() {
            errors.push(
                "occurrences",
                ErrorCode::Required,
                "add at least one occurrence",
            );
        }
        if occurrences.len() > MAX_OCCURRENCES {
            errors.push(
                "occurrences",
                ErrorCode::TooLong,
                format!("at most {MAX_OCCURRENCES} occurrences at once"),
            );
        }
        errors.finish()?;
        let latest = event::Entity::find()
            .filter(event::Column::SeriesId.eq(found.id))
            .order_by_desc(event::Column::StartsAt)
            .order_by_desc(event::Column::Id)
            .one(&cx.db)
            .await?
            .ok_or_else(|| {
                Error::field(
                    "seriesId",
                    ErrorCode::InvalidState,
                    "the series has no occurrence to copy; create events in it instead",
                )
            })?;
        let mut template = EventDetails::of(&latest);
        template.registration_opens_at = None;
        template.registration_closes_at = None;
        let translated = super::translations::of_event(&cx.db, EventId(latest.id)).await?;
        let mut all_details: Vec<(EventDetails, super::translations::EventTranslations)> =
            Vec::with_capacity(occurrences.len());
        let mut invalid = Vec::new();
        for (i, occurrence) in occurrences.iter().enumerate() {
            let mut details = template.clone();
            details.starts_at = occurrence.starts_at;
            details.ends_at = occurrence.ends_at;
            if let Some(t) = &occurrence.title {
                details.title = t.clone();
            }
            if let Some(d) = &occurrence.description {
                details.description = d.clone();
            }
            match NewEvent::with_details(network_id, details)
                .details(&network)
                .validate(&format!("occurrences.{i}"))
            {
                // Its translations go with the texts copied, not with a
                // title or description of its own.
                Ok(details) => all_details.push((
                    details,
                    super::translations::for_copy(
                        &translated,
                        occurrence.title.is_some(),
                        occurrence.description.is_some(),
                    ),
                )),
                Err(Error::Invalid(errs)) => invalid.extend(errs),
                Err(other) => return Err(other),
            }
        }
        if !invalid.is_empty() {
            return Err(Error::Invalid(invalid));
        }
        let tx = Tx::begin(cx).await?;
        let txn = tx.db();
        let now = tx.now();
        let mut created_events = Vec::with_capacity(all_details.len());
        for (details, translations) in all_details {
            // A copy of the latest occurrence, in its language.
            let event = events::insert(
                txn,
                now,
                network_id,
                Some(id),
                details,
                publish,
                super::translations::own_locale(&latest),
            )
            .await?;
            super::translations::store(
                txn,
                EventId(event.id),
                &Default::default(),
                &translations,
                now,
            )
            .await?;
            tx.audit(
                Entry::event(network_id, EventId(event.id), Action::EventCreated)
                    .about(event.id, Some(&event.title)),
            );
            created_events.push(event);
        }
        invite_representatives(&tx, network_id, &created_events).await?;
        // The series changed: its feed's header moves with it.
        let mut model: series::ActiveModel = found.clone().into();
        model.updated_at = Set(now);
        model.update(txn).await?;
        tx.commit().await?;
        created_events.sort_by_key(|e| (e.starts_at, e.id));
        Ok(created_events)
    })
    .await
}

/// Registers the admitted representatives of `network`, when it is a
/// project network, for each of `events` that is published (new
/// occurrences of its series, in the unit that made them): see
/// [`add_occurrences`].
async fn invite_representatives(
    tx: &Tx,
    network: NetworkId,
    events: &[event::Model],
) -> Result<()> {
    let txn = tx.db();
    if !events.iter().any(|e| e.status == EventStatus::Published)
        || !super::projects::is_project_network(txn, network).await?
    {
        return Ok(());
    }
    let representatives = super::projects::representatives(txn, network).await?;
    if representatives.is_empty() {
        return Ok(());
    }
    let people: Vec<person::Model> = person::Entity::find()
        .filter(person::Column::Id.is_in(representatives.iter().map(|r| r.person.0)))
        .all(txn)
        .await?;
    for event in events.iter().filter(|e| e.status == EventStatus::Published) {
        // In the order they were admitted: the first admitted get the
        // first seats.
        for representative in &representatives {
            let Some(person) = people.iter().find(|p| p.id == representative.person.0) else {
                continue;
            };
            super::registrations::invite_in(
                tx,
                event,
                person.clone(),
                representative.organisation,
                "invited: representative in the project network",
            )
            .await?;
        }
    }
    Ok(())
}

/// Publishes an event as [`events::publish`] does; when it is an
/// occurrence of a project network's series (added as a draft, published
/// now), the project's admitted representatives are registered for it in
/// the same unit, as for an occurrence added published
/// ([`add_occurrences`]).
#[tracing::instrument(skip_all, fields(event = %id))]
pub async fn publish_event(cx: &Context, id: EventId) -> Result<event::Model> {
    let current = events::for_change(cx, id, "id").await?;
    if current.status != EventStatus::Draft || current.series_id.is_none() {
        return events::publish(cx, id).await;
    }
    Tx::run(cx, |tx| {
        let current = current.clone();
        async move {
            let published = events::publish_in(&tx, current).await?;
            invite_representatives(
                &tx,
                NetworkId(published.network_id),
                std::slice::from_ref(&published),
            )
            .await?;
            Ok((tx, published))
        }
    })
    .await
}

/// One series by id.
pub async fn get(cx: &Context, id: SeriesId) -> Result<Option<series::Model>> {
    Ok(series::Entity::find_by_id(id.0).one(&cx.db).await?)
}

/// A series' occurrences, drafts and cancelled ones too, by start: for
/// those who manage its network (`NOT_FOUND` for everyone else, as for a
/// series that does not exist).
pub async fn occurrences(cx: &Context, id: SeriesId) -> Result<(series::Model, Vec<event::Model>)> {
    let not_found = || Error::field("seriesId", ErrorCode::NotFound, "no series with this id");
    let found = get(cx, id).await?.ok_or_else(not_found)?;
    if !super::policy::manages(cx, NetworkId(found.network_id)).await? {
        return Err(not_found());
    }
    let events = event::Entity::find()
        .filter(event::Column::SeriesId.eq(found.id))
        .order_by_asc(event::Column::StartsAt)
        .order_by_asc(event::Column::Id)
        .all(&cx.db)
        .await?;
    Ok((found, events))
}
