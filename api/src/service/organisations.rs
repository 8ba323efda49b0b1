//! Organisations: municipalities, regions, agencies and the other bodies whose
//! people meet in networks.

use entities::{OrganisationKind, network_member, organisation, organisation_domain};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::tx::Tx;
use super::validate::{Errors, NAME_MAX, domain_of};
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
    let id = OrganisationId::new().0;
    Tx::run(cx, |tx| {
        let (name, org_number, country_code) =
            (name.clone(), org_number.clone(), country_code.clone());
        async move {
            let now = tx.now();
            let created = organisation::ActiveModel {
                id: Set(id),
                search_key: Set(fold(&name)),
                name: Set(name),
                kind: Set(input.kind),
                org_number: Set(org_number),
                country_code: Set(country_code),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(tx.db())
            .await
            .map_err(|err| {
                Error::on_unique(err, "name", "an organisation with this name exists")
            })?;
            Ok((tx, created))
        }
    })
    .await
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
    Tx::run(cx, |tx| {
        let mut model = model.clone();
        async move {
            model.updated_at = Set(tx.now());
            let updated = model.update(tx.db()).await.map_err(|err| {
                Error::on_unique(err, "name", "an organisation with this name exists")
            })?;
            Ok((tx, updated))
        }
    })
    .await
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

/// Most mail domains one organisation has.
const DOMAINS_MAX: usize = 20;

/// A mail domain as an address in it is normalised (`parse_email`), so that
/// a signed-in address and a domain compare equal exactly when they should.
pub(crate) fn parse_domain(value: &str) -> Option<String> {
    let value = value.trim().trim_start_matches('@');
    let email = super::validate::parse_email(&format!("x@{value}"))?;
    let domain = domain_of(&email)?;
    let labels_ok = domain.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    });
    (labels_ok && domain.len() <= 253).then(|| domain.to_owned())
}

/// The mail domains of an organisation, sorted.
pub async fn email_domains<C: ConnectionTrait>(db: &C, id: OrganisationId) -> Result<Vec<String>> {
    Ok(organisation_domain::Entity::find()
        .select_only()
        .column(organisation_domain::Column::Domain)
        .filter(organisation_domain::Column::OrganisationId.eq(id.0))
        .order_by_asc(organisation_domain::Column::Domain)
        .into_tuple()
        .all(db)
        .await?)
}

/// The organisations whose mail domains hold `email` (normalised).
pub async fn by_email_domain<C: ConnectionTrait>(db: &C, email: &str) -> Result<Vec<uuid::Uuid>> {
    let Some(domain) = domain_of(email) else {
        return Ok(Vec::new());
    };
    Ok(organisation_domain::Entity::find()
        .select_only()
        .column(organisation_domain::Column::OrganisationId)
        .filter(organisation_domain::Column::Domain.eq(domain))
        .into_tuple()
        .all(db)
        .await?)
}

/// Replaces the mail domains of an organisation. Allowed to administrators
/// and to the organisers of a network the organisation is a member of: a
/// domain makes everyone who signs in with an address in it a member.
#[tracing::instrument(skip_all)]
pub async fn set_email_domains(
    cx: &Context,
    id: OrganisationId,
    domains: Vec<String>,
) -> Result<organisation::Model> {
    Tx::retrying(cx, || async {
        super::policy::require_write(cx)?;
        let found = get(cx, id).await?.ok_or(Error::NotFound("organisation"))?;
        if !super::policy::is_admin(cx) {
            let networks: Vec<uuid::Uuid> = network_member::Entity::find()
                .select_only()
                .column(network_member::Column::NetworkId)
                .filter(network_member::Column::OrganisationId.eq(id.0))
                .into_tuple()
                .all(&cx.db)
                .await?;
            let access = super::policy::access(cx).await?;
            if !networks.iter().any(|n| access.manages.contains(n)) {
                return Err(Error::Forbidden);
            }
        }
        let mut errors = Errors::new();
        let mut parsed: Vec<String> = Vec::new();
        for (i, value) in domains.iter().enumerate() {
            match parse_domain(value) {
                Some(domain) if !parsed.contains(&domain) => parsed.push(domain),
                Some(_) => {}
                None => errors.push(
                    &format!("domains.{i}"),
                    ErrorCode::Invalid,
                    format!("{value:?} is not a mail domain such as molndal.se"),
                ),
            }
        }
        if parsed.len() > DOMAINS_MAX {
            errors.push(
                "domains",
                ErrorCode::TooLong,
                format!("at most {DOMAINS_MAX} domains"),
            );
        }
        errors.finish()?;
        let now = cx.clock.now();
        let tx = Tx::begin(cx).await?;
        let txn = tx.db();
        organisation_domain::Entity::delete_many()
            .filter(organisation_domain::Column::OrganisationId.eq(id.0))
            .exec(txn)
            .await?;
        for domain in parsed {
            organisation_domain::ActiveModel {
                domain: Set(domain),
                organisation_id: Set(id.0),
                created_at: Set(now),
            }
            .insert(txn)
            .await?;
        }
        // Membership of everyone with an address in these domains changed.
        let mut model: organisation::ActiveModel = found.into();
        model.updated_at = Set(now);
        let saved = model.update(txn).await?;
        tx.commit().await?;
        super::policy::forget_access(cx);
        Ok(saved)
    })
    .await
}

#[cfg(test)]
mod domain_tests {
    use super::*;

    #[test]
    fn domains_are_normalised_like_addresses() {
        assert_eq!(parse_domain(" Molndal.SE ").as_deref(), Some("molndal.se"));
        assert_eq!(parse_domain("@goteborg.se").as_deref(), Some("goteborg.se"));
        assert_eq!(
            parse_domain("bærum.kommune.no").as_deref(),
            Some("bærum.kommune.no")
        );
        assert_eq!(parse_domain("localhost"), None);
        assert_eq!(parse_domain("a..se"), None);
        assert_eq!(parse_domain("-a.se"), None);
        assert_eq!(parse_domain("a b.se"), None);
        assert_eq!(domain_of("asa@molndal.se"), Some("molndal.se"));
    }
}
