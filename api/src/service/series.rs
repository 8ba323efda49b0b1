//! Series: a recurring meeting with irregular occurrences (the monthly
//! meetings of SCENARIOS.md), created together with its events.

use chrono::{DateTime, Utc};
use entities::{event, series};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

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

/// Creates a series and one event per occurrence, all or nothing.
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
            )
            .await?;
            tx.audit(
                Entry::event(input.network_id, EventId(event.id), Action::EventCreated)
                    .about(event.id, Some(&event.title)),
            );
            created_events.push(event);
        }
        tx.commit().await?;
        created_events.sort_by_key(|e| (e.starts_at, e.id));
        Ok((created, created_events))
    })
    .await
}

/// One series by id.
pub async fn get(cx: &Context, id: SeriesId) -> Result<Option<series::Model>> {
    Ok(series::Entity::find_by_id(id.0).one(&cx.db).await?)
}
