//! An event's roster: its registrations with who they are (name, address,
//! organisation — proven, or as the guest declared it), their needs and
//! their answers, for the event's organisers only. It passes the one gate
//! for lists of registrations (`registrations::listing`), so the console's
//! list, its door view and the CSV export read personal data by the same
//! rule as the GraphQL API.

use std::collections::HashMap;

use entities::{event, organisation, person, registration, registration_question};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::registrations::{self, Readable, RegistrationFilter};
use super::{Context, Error, Result, events, policy};
use crate::ids::EventId;

/// One registration on the roster.
#[derive(Debug, Clone)]
pub struct RosterEntry {
    /// The registration.
    pub registration: Readable,
    /// The person's name, else the guest's.
    pub name: String,
    /// The person's address, else the guest's.
    pub email: String,
    /// The organisation: the proven one's name, else what was declared.
    pub organisation: Option<String>,
    /// Whether the organisation is proven (a verified address in its mail
    /// domain, or an organiser's word) rather than declared.
    pub organisation_verified: bool,
    /// The answers, one per question of [`Roster::questions`] in its order
    /// (several choices joined with ", "; empty when not answered).
    pub answers: Vec<String>,
}

impl RosterEntry {
    /// Whether the name, address or organisation contains `search` (any
    /// case; a blank search matches everyone).
    pub fn matches(&self, search: &str) -> bool {
        let needle = search.trim().to_lowercase();
        needle.is_empty()
            || self.name.to_lowercase().contains(&needle)
            || self.email.to_lowercase().contains(&needle)
            || self
                .organisation
                .as_deref()
                .is_some_and(|o| o.to_lowercase().contains(&needle))
    }
}

/// An event's roster.
#[derive(Debug, Clone)]
pub struct Roster {
    /// The event.
    pub event: event::Model,
    /// Its questions, in order.
    pub questions: Vec<registration_question::Model>,
    /// The registrations that match, oldest first.
    pub entries: Vec<RosterEntry>,
    /// The known organisations of all the event's registrations, by name
    /// (the choices of a filter).
    pub organisations: Vec<(Uuid, String)>,
}

/// The registrations of `event_id` that match `filter` and, when given,
/// whose name, address or organisation contains `search` (any case). The
/// event must be one the viewer sees (`NotFound` otherwise), and the viewer
/// must manage its network (`Unauthenticated` / `Forbidden`).
pub async fn roster(
    cx: &Context,
    event_id: EventId,
    filter: &RegistrationFilter,
    search: Option<&str>,
) -> Result<Roster> {
    let event = match events::get(cx, event_id).await? {
        Some(event) if policy::can_see_event(cx, &event).await? => event,
        // An organiser sees every event of their networks; anyone else is
        // told as little as by the GraphQL API.
        _ => return Err(Error::NotFound("event")),
    };
    let listing = registrations::listing(cx, &event, filter).await?;
    let questions = registrations::questions(cx, event_id).await?;
    let rows = listing.all(cx).await?;
    let people: HashMap<Uuid, person::Model> = {
        let ids: Vec<Uuid> = rows.iter().filter_map(|r| r.model().person_id).collect();
        if ids.is_empty() {
            HashMap::new()
        } else {
            person::Entity::find()
                .filter(person::Column::Id.is_in(ids))
                .all(&cx.db)
                .await?
                .into_iter()
                .map(|p| (p.id, p))
                .collect()
        }
    };
    // Every organisation of the event's registrations (not only the rows
    // shown): the names of the rows, and the choices of a filter.
    let organisation_ids: Vec<Uuid> = registration::Entity::find()
        .select_only()
        .column(registration::Column::OrganisationId)
        .filter(registration::Column::EventId.eq(event.id))
        .filter(registration::Column::OrganisationId.is_not_null())
        .distinct()
        .into_tuple::<Option<Uuid>>()
        .all(&cx.db)
        .await?
        .into_iter()
        .flatten()
        .collect();
    let mut by_name: Vec<(Uuid, String)> = if organisation_ids.is_empty() {
        Vec::new()
    } else {
        organisation::Entity::find()
            .filter(organisation::Column::Id.is_in(organisation_ids))
            .all(&cx.db)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect()
    };
    by_name.sort_by(|a, b| a.1.cmp(&b.1));
    let organisations: HashMap<Uuid, String> = by_name.iter().cloned().collect();
    let needle = search.map(str::trim).filter(|s| !s.is_empty());
    let entries = rows
        .into_iter()
        .map(|readable| {
            let r: &registration::Model = readable.model();
            let person = r.person_id.and_then(|id| people.get(&id));
            let name = person
                .map(|p| p.name.clone())
                .or_else(|| r.guest_name.clone())
                .unwrap_or_default();
            let email = person
                .map(|p| p.email.clone())
                .or_else(|| r.guest_email.clone())
                .unwrap_or_default();
            // A known organisation (proven, or picked from the list),
            // else the name a guest typed.
            let known = r
                .organisation_id
                .and_then(|id| organisations.get(&id).cloned());
            let organisation_verified = known.is_some() && r.organisation_verified;
            let organisation = known.or_else(|| r.organisation_name.clone());
            let answers = questions.iter().map(|q| answer(&r.answers, q.id)).collect();
            RosterEntry {
                name,
                email,
                organisation,
                organisation_verified,
                answers,
                registration: readable,
            }
        })
        .filter(|entry| needle.is_none_or(|n| entry.matches(n)))
        .collect();
    Ok(Roster {
        event,
        questions,
        entries,
        organisations: by_name,
    })
}

/// The answer to one question as one value.
fn answer(answers: &serde_json::Value, question: Uuid) -> String {
    match answers.get(question.to_string()) {
        Some(serde_json::Value::String(one)) => one.clone(),
        Some(serde_json::Value::Array(many)) => many
            .iter()
            .filter_map(serde_json::Value::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        _ => String::new(),
    }
}
