//! Networks: create, change and delete them, their member organisations and
//! their contact persons. Slugs are derived from the name with Nordic letters
//! folded, and are unique.

use entities::{NetworkVisibility, event, network, network_contact, network_member};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    TransactionTrait,
};

use super::people::{self, PersonInput};
use super::validate::{Errors, FOCUS_AREAS_MAX, NAME_MAX, SHORT_MAX};
use super::{Context, Error, ErrorCode, Result};
use crate::ids::{NetworkId, OrganisationId, PersonId};
use crate::text::{SLUG_MAX, is_valid_slug, slugify};

/// Input for a new network.
#[derive(Debug, Clone)]
pub struct NewNetwork {
    /// Display name.
    pub name: String,
    /// Slug; derived from the name when absent.
    pub slug: Option<String>,
    /// Free text.
    pub description: String,
    /// Parent network, for a sub-network.
    pub parent_id: Option<NetworkId>,
    /// The organisation that runs the network.
    pub owner_organisation_id: Option<OrganisationId>,
    /// Open or closed.
    pub visibility: NetworkVisibility,
    /// IANA zone; default `Europe/Stockholm`.
    pub time_zone: Option<String>,
    /// `sv`, `nb` or `en`; default `sv`.
    pub default_locale: Option<String>,
    /// Focus areas (from an action plan).
    pub focus_areas: Vec<String>,
}

/// Changes to a network; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct NetworkChanges {
    /// New name (the slug stays unless given).
    pub name: Option<String>,
    /// New slug.
    pub slug: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// New parent: `Some(None)` makes it a top-level network.
    pub parent_id: Option<Option<NetworkId>>,
    /// New owning organisation: `Some(None)` clears it.
    pub owner_organisation_id: Option<Option<OrganisationId>>,
    /// New visibility.
    pub visibility: Option<NetworkVisibility>,
    /// New zone.
    pub time_zone: Option<String>,
    /// New locale.
    pub default_locale: Option<String>,
    /// New focus areas (replaces the list).
    pub focus_areas: Option<Vec<String>>,
}

fn focus_areas(errors: &mut Errors, areas: Vec<String>) -> serde_json::Value {
    if areas.len() > FOCUS_AREAS_MAX {
        errors.push(
            "focusAreas",
            ErrorCode::TooLong,
            format!("at most {FOCUS_AREAS_MAX} focus areas"),
        );
    }
    let mut cleaned: Vec<String> = Vec::with_capacity(areas.len());
    for (i, area) in areas.iter().enumerate() {
        let area = errors.required_text(&format!("focusAreas.{i}"), area, SHORT_MAX);
        if !cleaned.contains(&area) {
            cleaned.push(area);
        }
    }
    serde_json::Value::from(cleaned)
}

fn explicit_slug(errors: &mut Errors, slug: &str) -> String {
    let slug = slug.trim().to_owned();
    if !is_valid_slug(&slug) {
        errors.push(
            "slug",
            ErrorCode::Invalid,
            format!(
                "slug must be lower-case letters a–z, digits and single dashes, at most {SLUG_MAX} characters"
            ),
        );
    }
    slug
}

async fn slug_taken(cx: &Context, slug: &str, except: Option<NetworkId>) -> Result<bool> {
    let mut query = network::Entity::find().filter(network::Column::Slug.eq(slug));
    if let Some(id) = except {
        query = query.filter(network::Column::Id.ne(id.0));
    }
    Ok(query.count(&cx.db).await? > 0)
}

/// A free slug derived from `name`: the folded name, or the folded name with
/// `-2`, `-3` … when taken.
async fn derive_slug(cx: &Context, name: &str) -> Result<String> {
    let base = slugify(name);
    let base = if base.is_empty() {
        "network".to_owned()
    } else {
        base
    };
    let mut candidate = base.clone();
    for n in 2.. {
        if !slug_taken(cx, &candidate, None).await? {
            return Ok(candidate);
        }
        let suffix = format!("-{n}");
        let mut stem = base.clone();
        stem.truncate(SLUG_MAX - suffix.len());
        candidate = format!("{}{suffix}", stem.trim_end_matches('-'));
    }
    Ok(candidate)
}

async fn check_parent(
    cx: &Context,
    errors: &mut Errors,
    id: Option<NetworkId>,
    parent: Option<NetworkId>,
) -> Result<()> {
    let Some(parent) = parent else { return Ok(()) };
    if Some(parent) == id {
        errors.push(
            "parentId",
            ErrorCode::Invalid,
            "a network cannot be its own parent",
        );
        return Ok(());
    }
    // Walk up from the new parent: meeting `id` on the way would make a cycle.
    let mut cursor = Some(parent);
    let mut depth = 0;
    while let Some(current) = cursor {
        let Some(found) = get(cx, current).await? else {
            errors.push("parentId", ErrorCode::NotFound, "no network with this id");
            return Ok(());
        };
        if Some(NetworkId(found.id)) == id {
            errors.push(
                "parentId",
                ErrorCode::Invalid,
                "a network cannot be placed below one of its own sub-networks",
            );
            return Ok(());
        }
        cursor = found.parent_id.map(NetworkId);
        depth += 1;
        if depth > 32 {
            errors.push(
                "parentId",
                ErrorCode::Invalid,
                "networks nest at most 32 deep",
            );
            return Ok(());
        }
    }
    Ok(())
}

async fn check_organisation(
    cx: &Context,
    errors: &mut Errors,
    field: &str,
    id: Option<OrganisationId>,
) -> Result<()> {
    if let Some(id) = id
        && super::organisations::get(cx, id).await?.is_none()
    {
        errors.push(field, ErrorCode::NotFound, "no organisation with this id");
    }
    Ok(())
}

/// Creates a network.
#[tracing::instrument(skip_all)]
pub async fn create(cx: &Context, input: NewNetwork) -> Result<network::Model> {
    let mut errors = Errors::new();
    let name = errors.required_text("name", &input.name, NAME_MAX);
    let description = errors.description("description", &input.description);
    let time_zone = errors.time_zone(
        "timeZone",
        input.time_zone.as_deref().unwrap_or("Europe/Stockholm"),
    );
    let locale = errors.locale(
        "defaultLocale",
        input.default_locale.as_deref().unwrap_or("sv"),
    );
    let focus = focus_areas(&mut errors, input.focus_areas);
    let slug = input
        .slug
        .as_ref()
        .map(|slug| explicit_slug(&mut errors, slug));
    check_parent(cx, &mut errors, None, input.parent_id).await?;
    check_organisation(
        cx,
        &mut errors,
        "ownerOrganisationId",
        input.owner_organisation_id,
    )
    .await?;
    if let Some(slug) = &slug
        && errors.is_empty()
        && slug_taken(cx, slug, None).await?
    {
        errors.push("slug", ErrorCode::Taken, "another network has this slug");
    }
    errors.finish()?;
    let slug = match slug {
        Some(slug) => slug,
        None => derive_slug(cx, &name).await?,
    };
    let now = cx.clock.now();
    network::ActiveModel {
        id: Set(NetworkId::new().0),
        slug: Set(slug),
        name: Set(name),
        description: Set(description),
        parent_id: Set(input.parent_id.map(|id| id.0)),
        owner_organisation_id: Set(input.owner_organisation_id.map(|id| id.0)),
        visibility: Set(input.visibility),
        time_zone: Set(time_zone),
        default_locale: Set(locale),
        focus_areas: Set(focus),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&cx.db)
    .await
    .map_err(|err| Error::on_unique(err, "slug", "another network has this slug"))
}

/// Changes a network.
#[tracing::instrument(skip_all, fields(network = %id))]
pub async fn update(
    cx: &Context,
    id: NetworkId,
    changes: NetworkChanges,
) -> Result<network::Model> {
    let current = get(cx, id).await?.ok_or(Error::NotFound("network"))?;
    let mut errors = Errors::new();
    let mut model: network::ActiveModel = current.into();
    if let Some(name) = changes.name {
        model.name = Set(errors.required_text("name", &name, NAME_MAX));
    }
    if let Some(slug) = changes.slug {
        let slug = explicit_slug(&mut errors, &slug);
        if errors.is_empty() && slug_taken(cx, &slug, Some(id)).await? {
            errors.push("slug", ErrorCode::Taken, "another network has this slug");
        }
        model.slug = Set(slug);
    }
    if let Some(description) = changes.description {
        model.description = Set(errors.description("description", &description));
    }
    if let Some(parent) = changes.parent_id {
        check_parent(cx, &mut errors, Some(id), parent).await?;
        model.parent_id = Set(parent.map(|p| p.0));
    }
    if let Some(owner) = changes.owner_organisation_id {
        check_organisation(cx, &mut errors, "ownerOrganisationId", owner).await?;
        model.owner_organisation_id = Set(owner.map(|o| o.0));
    }
    if let Some(visibility) = changes.visibility {
        model.visibility = Set(visibility);
    }
    if let Some(zone) = changes.time_zone {
        model.time_zone = Set(errors.time_zone("timeZone", &zone));
    }
    if let Some(locale) = changes.default_locale {
        model.default_locale = Set(errors.locale("defaultLocale", &locale));
    }
    if let Some(areas) = changes.focus_areas {
        model.focus_areas = Set(focus_areas(&mut errors, areas));
    }
    errors.finish()?;
    model.updated_at = Set(cx.clock.now());
    model
        .update(&cx.db)
        .await
        .map_err(|err| Error::on_unique(err, "slug", "another network has this slug"))
}

/// Deletes a network that has neither sub-networks nor events.
#[tracing::instrument(skip_all, fields(network = %id))]
pub async fn delete(cx: &Context, id: NetworkId) -> Result<()> {
    let txn = cx.db.begin().await?;
    let Some(found) = network::Entity::find_by_id(id.0).one(&txn).await? else {
        return Err(Error::NotFound("network"));
    };
    let children = network::Entity::find()
        .filter(network::Column::ParentId.eq(found.id))
        .count(&txn)
        .await?;
    if children > 0 {
        return Err(Error::field(
            "id",
            ErrorCode::HasDependants,
            format!("the network has {children} sub-network(s); move or delete them first"),
        ));
    }
    let events = event::Entity::find()
        .filter(event::Column::NetworkId.eq(found.id))
        .count(&txn)
        .await?;
    if events > 0 {
        return Err(Error::field(
            "id",
            ErrorCode::HasDependants,
            format!("the network has {events} event(s); delete or move them first"),
        ));
    }
    network::Entity::delete_by_id(found.id).exec(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// One network by id.
pub async fn get(cx: &Context, id: NetworkId) -> Result<Option<network::Model>> {
    Ok(network::Entity::find_by_id(id.0).one(&cx.db).await?)
}

/// One network by slug.
pub async fn by_slug(cx: &Context, slug: &str) -> Result<Option<network::Model>> {
    Ok(network::Entity::find()
        .filter(network::Column::Slug.eq(slug.trim()))
        .one(&cx.db)
        .await?)
}

/// Makes an organisation a member; adding a member twice is not an error.
#[tracing::instrument(skip_all, fields(network = %id))]
pub async fn add_member(cx: &Context, id: NetworkId, organisation: OrganisationId) -> Result<()> {
    let mut errors = Errors::new();
    if get(cx, id).await?.is_none() {
        errors.push("networkId", ErrorCode::NotFound, "no network with this id");
    }
    check_organisation(cx, &mut errors, "organisationId", Some(organisation)).await?;
    errors.finish()?;
    let exists = network_member::Entity::find()
        .filter(network_member::Column::NetworkId.eq(id.0))
        .filter(network_member::Column::OrganisationId.eq(organisation.0))
        .count(&cx.db)
        .await?
        > 0;
    if exists {
        return Ok(());
    }
    let inserted = network_member::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        network_id: Set(id.0),
        organisation_id: Set(organisation.0),
        joined_at: Set(cx.clock.now()),
    }
    .insert(&cx.db)
    .await;
    match inserted {
        Ok(_) => Ok(()),
        // A concurrent request added the same membership: the goal is reached.
        Err(err)
            if matches!(
                err.sql_err(),
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
            ) =>
        {
            Ok(())
        }
        Err(err) => Err(err.into()),
    }
}

/// Ends an organisation's membership; removing a non-member is not an error.
#[tracing::instrument(skip_all, fields(network = %id))]
pub async fn remove_member(
    cx: &Context,
    id: NetworkId,
    organisation: OrganisationId,
) -> Result<()> {
    if get(cx, id).await?.is_none() {
        return Err(Error::field(
            "networkId",
            ErrorCode::NotFound,
            "no network with this id",
        ));
    }
    network_member::Entity::delete_many()
        .filter(network_member::Column::NetworkId.eq(id.0))
        .filter(network_member::Column::OrganisationId.eq(organisation.0))
        .exec(&cx.db)
        .await?;
    Ok(())
}

/// Who to add as a contact person.
#[derive(Debug, Clone)]
pub enum ContactInput {
    /// A person already known.
    Existing(PersonId),
    /// A person given by name and email (found by email or created).
    New(PersonInput),
}

/// Adds a contact person ("kontaktperson"); adding the same person again
/// updates the label.
#[tracing::instrument(skip_all, fields(network = %id))]
pub async fn add_contact(
    cx: &Context,
    id: NetworkId,
    contact: ContactInput,
    label: Option<String>,
) -> Result<()> {
    let mut errors = Errors::new();
    let label = errors.optional_text("label", label.as_deref(), SHORT_MAX);
    if get(cx, id).await?.is_none() {
        errors.push("networkId", ErrorCode::NotFound, "no network with this id");
    }
    errors.finish()?;
    let person = match contact {
        ContactInput::Existing(person_id) => {
            people::get(cx, person_id).await?.ok_or_else(|| {
                Error::field("personId", ErrorCode::NotFound, "no person with this id")
            })?
        }
        ContactInput::New(input) => people::find_or_create(cx, "person", input).await?,
    };
    let txn = cx.db.begin().await?;
    let existing = network_contact::Entity::find()
        .filter(network_contact::Column::NetworkId.eq(id.0))
        .filter(network_contact::Column::PersonId.eq(person.id))
        .one(&txn)
        .await?;
    if let Some(existing) = existing {
        let mut model: network_contact::ActiveModel = existing.into();
        model.label = Set(label);
        model.update(&txn).await?;
    } else {
        let position = network_contact::Entity::find()
            .filter(network_contact::Column::NetworkId.eq(id.0))
            .count(&txn)
            .await? as i32;
        network_contact::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            network_id: Set(id.0),
            person_id: Set(person.id),
            position: Set(position),
            label: Set(label),
        }
        .insert(&txn)
        .await
        .map_err(|err| Error::on_unique(err, "personId", "already a contact person"))?;
    }
    txn.commit().await?;
    Ok(())
}

/// Removes a contact person; removing one who is not is not an error.
#[tracing::instrument(skip_all, fields(network = %id))]
pub async fn remove_contact(cx: &Context, id: NetworkId, person: PersonId) -> Result<()> {
    if get(cx, id).await?.is_none() {
        return Err(Error::field(
            "networkId",
            ErrorCode::NotFound,
            "no network with this id",
        ));
    }
    network_contact::Entity::delete_many()
        .filter(network_contact::Column::NetworkId.eq(id.0))
        .filter(network_contact::Column::PersonId.eq(person.0))
        .exec(&cx.db)
        .await?;
    Ok(())
}

/// A network's focus areas as strings.
pub fn focus_area_list(network: &network::Model) -> Vec<String> {
    network
        .focus_areas
        .as_array()
        .map(|areas| {
            areas
                .iter()
                .filter_map(|a| a.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}
