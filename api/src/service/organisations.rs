//! Organisations: municipalities, regions, agencies and the other bodies whose
//! people meet in networks.

use entities::{OrganisationKind, organisation};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use super::validate::{Errors, NAME_MAX};
use super::{Context, Error, ErrorCode, Result};
use crate::ids::OrganisationId;
use crate::text::fold;

/// Input for a new organisation.
#[derive(Debug, Clone)]
pub struct NewOrganisation {
    /// Display name, unique.
    pub name: String,
    /// What kind of body it is.
    pub kind: OrganisationKind,
    /// Official registration number (organisationsnummer).
    pub org_number: Option<String>,
    /// ISO 3166 country code, e.g. `SE` or `NO`.
    pub country_code: Option<String>,
}

/// Changes to an organisation; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct OrganisationChanges {
    /// New name.
    pub name: Option<String>,
    /// New kind.
    pub kind: Option<OrganisationKind>,
    /// New registration number (blank clears).
    pub org_number: Option<String>,
    /// New country code (blank clears).
    pub country_code: Option<String>,
}

fn check_country(errors: &mut Errors, value: Option<&str>) -> Option<String> {
    let value = value.map(str::trim).filter(|v| !v.is_empty())?;
    if value.len() != 2 || !value.chars().all(|c| c.is_ascii_alphabetic()) {
        errors.push(
            "countryCode",
            ErrorCode::Invalid,
            "countryCode must be a two-letter ISO 3166 code such as SE or NO",
        );
    }
    Some(value.to_ascii_uppercase())
}

/// Creates an organisation; a taken name is a `Taken` error.
#[tracing::instrument(skip_all)]
pub async fn create(cx: &Context, input: NewOrganisation) -> Result<organisation::Model> {
    super::policy::require_organisation_editor(cx).await?;
    let mut errors = Errors::new();
    let name = errors.required_text("name", &input.name, NAME_MAX);
    let org_number = errors.optional_text("orgNumber", input.org_number.as_deref(), 32);
    let country_code = check_country(&mut errors, input.country_code.as_deref());
    errors.finish()?;
    let now = cx.clock.now();
    organisation::ActiveModel {
        id: Set(OrganisationId::new().0),
        search_key: Set(fold(&name)),
        name: Set(name),
        kind: Set(input.kind),
        org_number: Set(org_number),
        country_code: Set(country_code),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&cx.db)
    .await
    .map_err(|err| Error::on_unique(err, "name", "an organisation with this name exists"))
}

/// Updates an organisation.
#[tracing::instrument(skip_all, fields(organisation = %id))]
pub async fn update(
    cx: &Context,
    id: OrganisationId,
    changes: OrganisationChanges,
) -> Result<organisation::Model> {
    super::policy::require_organisation_editor(cx).await?;
    let current = get(cx, id).await?.ok_or(Error::NotFound("organisation"))?;
    let mut errors = Errors::new();
    let mut model: organisation::ActiveModel = current.into();
    if let Some(name) = changes.name {
        let name = errors.required_text("name", &name, NAME_MAX);
        model.search_key = Set(fold(&name));
        model.name = Set(name);
    }
    if let Some(kind) = changes.kind {
        model.kind = Set(kind);
    }
    if let Some(number) = changes.org_number {
        model.org_number = Set(errors.optional_text("orgNumber", Some(&number), 32));
    }
    if let Some(code) = changes.country_code {
        model.country_code = Set(check_country(&mut errors, Some(&code)));
    }
    errors.finish()?;
    model.updated_at = Set(cx.clock.now());
    model
        .update(&cx.db)
        .await
        .map_err(|err| Error::on_unique(err, "name", "an organisation with this name exists"))
}

/// One organisation by id.
pub async fn get(cx: &Context, id: OrganisationId) -> Result<Option<organisation::Model>> {
    Ok(organisation::Entity::find_by_id(id.0).one(&cx.db).await?)
}

/// One organisation by its exact name (names are unique), read under the
/// text rule as names are stored; a name the rule refuses names none.
pub async fn by_name(cx: &Context, name: &str) -> Result<Option<organisation::Model>> {
    let Ok(name) = super::validate::clean_text(name, super::validate::Lines::One) else {
        return Ok(None);
    };
    Ok(organisation::Entity::find()
        .filter(organisation::Column::Name.eq(name))
        .one(&cx.db)
        .await?)
}
