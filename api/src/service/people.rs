//! People: participants, speakers, contact persons and organisers.

use chrono::{DateTime, Utc};
use entities::{organisation, person};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    TransactionSession, TransactionTrait,
};

use super::validate::{Errors, NAME_MAX, SHORT_MAX, parse_email};
use super::{Context, Error, ErrorCode, Result};
use crate::i18n::Locale;
use crate::ids::{OrganisationId, PersonId};

/// Who a person is, as given by an organiser (contact person, speaker).
#[derive(Debug, Clone)]
pub struct PersonInput {
    /// Full name.
    pub name: String,
    /// Email address; identifies the person.
    pub email: String,
    /// Job title.
    pub title: Option<String>,
    /// The organisation they work for.
    pub organisation_id: Option<OrganisationId>,
}

/// Finds the person with this email address, or creates them. An existing
/// person keeps their name and title unless these are missing.
#[tracing::instrument(skip_all)]
pub async fn find_or_create(
    cx: &Context,
    field: &str,
    input: PersonInput,
) -> Result<person::Model> {
    super::tx::Tx::run(cx, |tx| {
        let input = input.clone();
        async move {
            let person = find_or_create_on(tx.db(), tx.now(), field, input).await?;
            Ok((tx, person))
        }
    })
    .await
}

/// [`find_or_create`] on `db`: inside a write unit's transaction, so that
/// a write refused after it leaves no person behind.
pub(crate) async fn find_or_create_on<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    now: DateTime<Utc>,
    field: &str,
    input: PersonInput,
) -> Result<person::Model> {
    let mut errors = Errors::new();
    let name = errors.required_text(&format!("{field}.name"), &input.name, NAME_MAX);
    let title = errors.optional_text(&format!("{field}.title"), input.title.as_deref(), SHORT_MAX);
    let email = parse_email(&input.email);
    if email.is_none() {
        errors.push(
            &format!("{field}.email"),
            ErrorCode::Invalid,
            "email must be an email address",
        );
    }
    if let Some(org) = input.organisation_id
        && organisation::Entity::find_by_id(org.0)
            .one(db)
            .await?
            .is_none()
    {
        errors.push(
            &format!("{field}.organisationId"),
            ErrorCode::NotFound,
            "no organisation with this id",
        );
    }
    errors.finish()?;
    let Some(email) = email else {
        return Err(Error::field(field, ErrorCode::Invalid, "email is required"));
    };
    if let Some(existing) = by_email_on(db, &email).await? {
        let mut model: person::ActiveModel = existing.clone().into();
        let mut changed = false;
        if existing.title.is_none() && title.is_some() {
            model.title = Set(title);
            changed = true;
        }
        if existing.organisation_id.is_none() && input.organisation_id.is_some() {
            model.organisation_id = Set(input.organisation_id.map(|id| id.0));
            changed = true;
        }
        if !changed {
            return Ok(existing);
        }
        model.updated_at = Set(now);
        return Ok(model.update(db).await?);
    }
    let created = person::ActiveModel {
        id: Set(PersonId::new().0),
        name: Set(name),
        email: Set(email.clone()),
        organisation_id: Set(input.organisation_id.map(|id| id.0)),
        title: Set(title),
        locale: Set(None),
        is_platform_admin: Set(false),
        email_verified_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    };
    // In a savepoint (a transaction of its own on the pool): inside a
    // PostgreSQL transaction a failed insert would fail everything after it.
    let savepoint = db.begin().await?;
    match created.insert(&savepoint).await {
        Ok(person) => {
            savepoint.commit().await?;
            Ok(person)
        }
        // Another request created the same address meanwhile: use theirs.
        Err(err) => {
            savepoint.rollback().await?;
            match by_email_on(db, &email).await? {
                Some(person) => Ok(person),
                None => Err(err.into()),
            }
        }
    }
}

async fn by_email_on<C: ConnectionTrait>(db: &C, email: &str) -> Result<Option<person::Model>> {
    Ok(person::Entity::find()
        .filter(person::Column::Email.eq(email))
        .one(db)
        .await?)
}

/// One person by (already normalised) email address.
pub async fn by_email(cx: &Context, email: &str) -> Result<Option<person::Model>> {
    by_email_on(&cx.db, email).await
}

/// One person by id.
pub async fn get(cx: &Context, id: PersonId) -> Result<Option<person::Model>> {
    Ok(person::Entity::find_by_id(id.0).one(&cx.db).await?)
}

/// What a signed-in person changes about themself.
#[derive(Debug, Clone, Default)]
pub struct ViewerChanges {
    /// The language of their mail (and CSV exports): `None` leaves it,
    /// `Some(None)` clears it (the network's default then applies).
    pub locale: Option<Option<Locale>>,
}

/// Changes the signed-in viewer's own settings; returns them as stored.
#[tracing::instrument(skip_all)]
pub async fn update_viewer(cx: &Context, changes: ViewerChanges) -> Result<person::Model> {
    let me = super::policy::require_write(cx)?.person_id;
    super::tx::Tx::run(cx, |tx| async move {
        let person = person::Entity::find_by_id(me.0)
            .one(tx.db())
            .await?
            .ok_or(Error::Unauthenticated)?;
        let Some(locale) = changes.locale else {
            return Ok((tx, person));
        };
        let mut model: person::ActiveModel = person.into();
        model.locale = Set(locale.map(|l| l.as_str().to_owned()));
        model.updated_at = Set(tx.now());
        let saved = model.update(tx.db()).await?;
        Ok((tx, saved))
    })
    .await
}
