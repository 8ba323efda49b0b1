//! Speakers of an event: a known person, or an external name with an
//! affiliation, optionally tied to one agenda item.

use entities::{SpeakerStatus, speaker};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
};

use super::audit::{Action, Entry};
use super::people::{self, PersonInput};
use super::translations::{self, Part, PartChange, PartInput, PartText};
use super::tx::Tx;
use super::validate::{Errors, NAME_MAX, SHORT_MAX};
use super::{Context, Error, ErrorCode, Result};
use crate::ids::{AgendaItemId, EventId, PersonId, SpeakerId};

/// Who speaks.
#[derive(Debug, Clone)]
pub enum SpeakerWho {
    /// A person already known to Träffpunkt.
    Person(PersonId),
    /// A person given by name and email (found or created).
    NewPerson(PersonInput),
    /// Someone known only by name (no account, no email).
    External {
        /// Name.
        name: String,
    },
}

/// Input for a speaker.
#[derive(Debug, Clone)]
pub struct NewSpeaker {
    /// The event.
    pub event_id: EventId,
    /// The agenda item they speak at.
    pub agenda_item_id: Option<AgendaItemId>,
    /// Who.
    pub who: SpeakerWho,
    /// Affiliation shown in the programme, e.g. "Region Skåne".
    pub affiliation: Option<String>,
    /// Role, e.g. "Moderator", "Keynote".
    pub role: Option<String>,
    /// Whether they have accepted.
    pub status: SpeakerStatus,
    /// Translations of the role (a blank one removes it).
    pub translations: Vec<PartInput>,
}

/// Changes to a speaker: `None` leaves a field; `Some(None)` clears.
#[derive(Debug, Clone, Default)]
pub struct SpeakerChanges {
    /// Name (external speakers).
    pub name: Option<String>,
    /// Affiliation.
    pub affiliation: Option<Option<String>>,
    /// Role.
    pub role: Option<Option<String>>,
    /// Status.
    pub status: Option<SpeakerStatus>,
    /// Agenda item.
    pub agenda_item_id: Option<Option<AgendaItemId>>,
    /// Translations of the role to set; those not named stay, and go when
    /// the role goes.
    pub translations: Vec<PartInput>,
}

/// Checks a new speaker's texts (and a new person's name and address) as
/// [`add`] would, storing nothing and reading nothing, so that a form can
/// show every error at once.
pub fn validate(input: &NewSpeaker) -> Result<()> {
    let mut errors = Errors::new();
    errors.optional_text("affiliation", input.affiliation.as_deref(), NAME_MAX);
    errors.optional_text("role", input.role.as_deref(), SHORT_MAX);
    match &input.who {
        SpeakerWho::External { name } => {
            errors.required_text("name", name, NAME_MAX);
        }
        SpeakerWho::NewPerson(person) => {
            errors.required_text("person.name", &person.name, NAME_MAX);
            errors.optional_text("person.title", person.title.as_deref(), SHORT_MAX);
            if super::validate::parse_email(&person.email).is_none() {
                errors.push(
                    "person.email",
                    ErrorCode::Invalid,
                    "email must be an email address",
                );
            }
        }
        SpeakerWho::Person(_) => {}
    }
    errors.finish()
}

async fn check_item(
    cx: &Context,
    errors: &mut Errors,
    event: EventId,
    item: Option<AgendaItemId>,
) -> Result<()> {
    if let Some(item) = item {
        let found = super::agenda::get(cx, item).await?;
        if found.is_none_or(|i| i.event_id != event.0) {
            errors.push(
                "agendaItemId",
                ErrorCode::NotFound,
                "no agenda item with this id in the event",
            );
        }
    }
    Ok(())
}

/// Checks translations of a speaker's role (`role`, in the own language
/// of `event`).
fn role_translations(
    given: &[PartInput],
    event: &entities::event::Model,
    role: &Option<String>,
    errors: &mut Errors,
) -> Vec<PartChange> {
    translations::parts::check(
        given,
        translations::own_locale(event),
        |text| role.clone().filter(|_| text == PartText::SpeakerRole),
        errors,
    )
}

/// Adds a speaker.
#[tracing::instrument(skip_all, fields(event = %input.event_id))]
pub async fn add(cx: &Context, input: NewSpeaker) -> Result<speaker::Model> {
    Tx::retrying(cx, || {
        let input = input.clone();
        async move {
            let found = super::events::for_change(cx, input.event_id, "eventId").await?;
            let network = found.network_id;
            let mut errors = Errors::new();
            let affiliation =
                errors.optional_text("affiliation", input.affiliation.as_deref(), NAME_MAX);
            let role = errors.optional_text("role", input.role.as_deref(), SHORT_MAX);
            let translated = role_translations(&input.translations, &found, &role, &mut errors);
            check_item(cx, &mut errors, input.event_id, input.agenda_item_id).await?;
            let external_name = match &input.who {
                SpeakerWho::External { name } => Some(errors.required_text("name", name, NAME_MAX)),
                _ => None,
            };
            errors.finish()?;
            let tx = Tx::begin(cx).await?;
            let (txn, now) = (tx.db(), tx.now());
            // The person (new ones created in the unit, so a refused speaker
            // leaves nobody behind) and the position, read under the unit.
            let (person_id, name) = match input.who {
                SpeakerWho::Person(id) => {
                    let person = entities::person::Entity::find_by_id(id.0)
                        .one(txn)
                        .await?
                        .ok_or_else(|| {
                            Error::field("personId", ErrorCode::NotFound, "no person with this id")
                        })?;
                    (Some(person.id), person.name)
                }
                SpeakerWho::NewPerson(person) => {
                    let person = people::find_or_create_on(txn, now, "person", person).await?;
                    (Some(person.id), person.name)
                }
                SpeakerWho::External { .. } => (None, external_name.unwrap_or_default()),
            };
            let position = speaker::Entity::find()
                .filter(speaker::Column::EventId.eq(input.event_id.0))
                .count(txn)
                .await? as i32;
            let created = speaker::ActiveModel {
                id: Set(SpeakerId::new().0),
                event_id: Set(input.event_id.0),
                agenda_item_id: Set(input.agenda_item_id.map(|i| i.0)),
                person_id: Set(person_id),
                name: Set(name),
                affiliation: Set(affiliation),
                role: Set(role),
                status: Set(input.status),
                position: Set(position),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(txn)
            .await?;
            let kept = |_| created.role.is_some();
            translations::parts::save(
                txn,
                found.id,
                Part::Speaker,
                created.id,
                &translated,
                kept,
                now,
            )
            .await?;
            super::events::touch(txn, input.event_id, now).await?;
            tx.audit(
                subject(
                    Entry::event(network, input.event_id, Action::SpeakerAdded),
                    &created,
                )
                .detail(created.status.as_str()),
            );
            tx.commit().await?;
            Ok(created)
        }
    })
    .await
}

/// Changes a speaker.
#[tracing::instrument(skip_all, fields(speaker = %id))]
pub async fn update(
    cx: &Context,
    id: SpeakerId,
    changes: SpeakerChanges,
) -> Result<speaker::Model> {
    Tx::retrying(cx, || {
        let changes = changes.clone();
        async move {
            let current = get(cx, id).await?.ok_or(Error::NotFound("speaker"))?;
            let found = super::events::for_change(cx, EventId(current.event_id), "id").await?;
            let network = found.network_id;
            let mut errors = Errors::new();
            let event = EventId(current.event_id);
            let mut model: speaker::ActiveModel = current.clone().into();
            if let Some(name) = changes.name {
                if current.person_id.is_some() {
                    errors.push(
                        "name",
                        ErrorCode::Invalid,
                        "the name of a speaker who is a person comes from the person",
                    );
                }
                model.name = Set(errors.required_text("name", &name, NAME_MAX));
            }
            if let Some(affiliation) = changes.affiliation {
                model.affiliation =
                    Set(errors.optional_text("affiliation", affiliation.as_deref(), NAME_MAX));
            }
            let mut role = current.role.clone();
            if let Some(changed) = changes.role {
                role = errors.optional_text("role", changed.as_deref(), SHORT_MAX);
                model.role = Set(role.clone());
            }
            let translated = role_translations(&changes.translations, &found, &role, &mut errors);
            if let Some(status) = changes.status {
                model.status = Set(status);
            }
            if let Some(item) = changes.agenda_item_id {
                check_item(cx, &mut errors, event, item).await?;
                model.agenda_item_id = Set(item.map(|i| i.0));
            }
            errors.finish()?;
            let now = cx.clock.now();
            model.updated_at = Set(now);
            let tx = Tx::begin(cx).await?;
            let txn = tx.db();
            let updated = model.update(txn).await?;
            let kept = |_| updated.role.is_some();
            translations::parts::save(
                txn,
                found.id,
                Part::Speaker,
                updated.id,
                &translated,
                kept,
                now,
            )
            .await?;
            super::events::touch(txn, event, now).await?;
            tx.audit(
                subject(
                    Entry::event(network, event, Action::SpeakerUpdated),
                    &updated,
                )
                .detail(updated.status.as_str()),
            );
            tx.commit().await?;
            Ok(updated)
        }
    })
    .await
}

/// Removes a speaker.
#[tracing::instrument(skip_all, fields(speaker = %id))]
pub async fn remove(cx: &Context, id: SpeakerId) -> Result<EventId> {
    Tx::retrying(cx, || async {
        let current = get(cx, id).await?.ok_or(Error::NotFound("speaker"))?;
        let event = EventId(current.event_id);
        let network = super::events::for_change(cx, event, "id").await?.network_id;
        let tx = Tx::begin(cx).await?;
        let txn = tx.db();
        speaker::Entity::delete_by_id(current.id).exec(txn).await?;
        translations::parts::remove(txn, Part::Speaker, current.id).await?;
        tx.audit(subject(
            Entry::event(network, event, Action::SpeakerRemoved),
            &current,
        ));
        super::events::touch(txn, event, cx.clock.now()).await?;
        tx.commit().await?;
        Ok(event)
    })
    .await
}

/// An audit entry about `speaker`: a person by id (named when read), an
/// external speaker by name.
fn subject(entry: Entry, speaker: &speaker::Model) -> Entry {
    match speaker.person_id {
        Some(person) => entry.about(person, None),
        None => entry.about(speaker.id, Some(&speaker.name)),
    }
}

/// One speaker by id.
pub async fn get(cx: &Context, id: SpeakerId) -> Result<Option<speaker::Model>> {
    Ok(speaker::Entity::find_by_id(id.0).one(&cx.db).await?)
}

/// The speakers of an event the caller has shown the viewer, in order,
/// without those who declined (as in the calendar feeds).
pub async fn of_event(cx: &Context, event: EventId) -> Result<Vec<speaker::Model>> {
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    Ok(speaker::Entity::find()
        .filter(speaker::Column::EventId.eq(event.0))
        .filter(speaker::Column::Status.ne(SpeakerStatus::Declined))
        .order_by_asc(speaker::Column::Position)
        .all(&cx.db)
        .await?)
}
