//! Networks: create, change and delete them, their member organisations and
//! their contact persons. Slugs are derived from the name with Nordic letters
//! folded, and are unique.

use entities::{
    NetworkRole, NetworkVisibility, event, network, network_contact, network_member, network_role,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
};

use super::audit::{Action, Entry};
use super::people::{self, PersonInput};
use super::tx::Tx;
use super::validate::{Errors, FOCUS_AREAS_MAX, NAME_MAX, SHORT_MAX};
use super::{Context, Error, ErrorCode, Result, Viewer, policy};
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
    /// Whether anyone may send theme suggestions.
    pub suggestions_open: Option<bool>,
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
    Tx::retrying(cx, || {
        let input = input.clone();
        async move {
            policy::require_create_network(cx, input.parent_id).await?;
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
            let tx = Tx::begin(cx).await?;
            let txn = tx.db();
            let created = network::ActiveModel {
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
                suggestions_open: Set(false),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(txn)
            .await
            .map_err(|err| Error::on_unique(err, "slug", "another network has this slug"))?;
            // Whoever creates a network owns it.
            if let Viewer::Person(creator) = &cx.viewer {
                network_role::ActiveModel {
                    id: Set(uuid::Uuid::now_v7()),
                    network_id: Set(created.id),
                    person_id: Set(creator.person_id.0),
                    role: Set(NetworkRole::Owner),
                    created_at: Set(now),
                }
                .insert(txn)
                .await?;
            }
            tx.commit().await?;
            policy::forget_access(cx);
            Ok(created)
        }
    })
    .await
}

/// Changes a network.
#[tracing::instrument(skip_all, fields(network = %id))]
pub async fn update(
    cx: &Context,
    id: NetworkId,
    changes: NetworkChanges,
) -> Result<network::Model> {
    let current = for_change(cx, id, "id").await?;
    if let Some(parent) = changes.parent_id {
        // Moving a network is creating it again below its new parent.
        policy::require_create_network(cx, parent).await?;
    }
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
    if let Some(open) = changes.suggestions_open {
        model.suggestions_open = Set(open);
    }
    errors.finish()?;
    let updated = Tx::run(cx, |tx| {
        let mut model = model.clone();
        async move {
            model.updated_at = Set(tx.now());
            let updated = model
                .update(tx.db())
                .await
                .map_err(|err| Error::on_unique(err, "slug", "another network has this slug"))?;
            Ok((tx, updated))
        }
    })
    .await?;
    // The tree may have changed, and with it what the viewer manages.
    policy::forget_access(cx);
    Ok(updated)
}

/// Deletes a network that has neither sub-networks nor events.
#[tracing::instrument(skip_all, fields(network = %id))]
pub async fn delete(cx: &Context, id: NetworkId) -> Result<()> {
    Tx::retrying(cx, || async {
        for_change(cx, id, "id").await?;
        policy::require_own(cx, id).await?;
        let tx = Tx::begin(cx).await?;
        let txn = tx.db();
        let Some(found) = network::Entity::find_by_id(id.0).one(txn).await? else {
            return Err(Error::NotFound("network"));
        };
        let children = network::Entity::find()
            .filter(network::Column::ParentId.eq(found.id))
            .count(txn)
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
            .count(txn)
            .await?;
        if events > 0 {
            return Err(Error::field(
                "id",
                ErrorCode::HasDependants,
                format!("the network has {events} event(s); delete or move them first"),
            ));
        }
        network::Entity::delete_by_id(found.id).exec(txn).await?;
        tx.commit().await?;
        Ok(())
    })
    .await
}

/// A network the viewer is about to change; `field` names it in the "not
/// found" error.
async fn for_change(cx: &Context, id: NetworkId, field: &str) -> Result<network::Model> {
    policy::require_write(cx)?;
    let network = get(cx, id)
        .await?
        .ok_or_else(|| Error::field(field, ErrorCode::NotFound, "no network with this id"))?;
    policy::require_manage(cx, id).await?;
    Ok(network)
}

/// One network by id.
pub async fn get(cx: &Context, id: NetworkId) -> Result<Option<network::Model>> {
    Ok(super::tree::network(&cx.db, id.0).await?)
}

/// One network by slug. What cannot be a slug (a NUL, say, which
/// PostgreSQL would refuse to compare) names no network.
pub async fn by_slug(cx: &Context, slug: &str) -> Result<Option<network::Model>> {
    Ok(super::tree::network_by_slug(&cx.db, slug).await?)
}

/// Makes an organisation a member; adding a member twice is not an error.
#[tracing::instrument(skip_all, fields(network = %id))]
pub async fn add_member(cx: &Context, id: NetworkId, organisation: OrganisationId) -> Result<()> {
    for_change(cx, id, "networkId").await?;
    let mut errors = Errors::new();
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
    let name = organisation_name(cx, organisation).await?;
    let inserted = Tx::run(cx, |tx| {
        let name = name.clone();
        async move {
            let inserted = network_member::ActiveModel {
                id: Set(uuid::Uuid::now_v7()),
                network_id: Set(id.0),
                organisation_id: Set(organisation.0),
                joined_at: Set(tx.now()),
            }
            .insert(tx.db())
            .await;
            if inserted.is_ok() {
                tx.audit(
                    Entry::network(id, Action::MemberAdded).about(organisation.0, name.as_deref()),
                );
            }
            Ok((tx, inserted))
        }
    })
    .await?;
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
    for_change(cx, id, "networkId").await?;
    let name = organisation_name(cx, organisation).await?;
    Tx::run(cx, |tx| {
        let name = name.clone();
        async move {
            let removed = network_member::Entity::delete_many()
                .filter(network_member::Column::NetworkId.eq(id.0))
                .filter(network_member::Column::OrganisationId.eq(organisation.0))
                .exec(tx.db())
                .await?;
            if removed.rows_affected > 0 {
                tx.audit(
                    Entry::network(id, Action::MemberRemoved)
                        .about(organisation.0, name.as_deref()),
                );
            }
            Ok((tx, ()))
        }
    })
    .await
}

/// Who to add as a contact person (or give a role): a known person, or one
/// given by name and address.
#[derive(Debug, Clone)]
pub enum ContactInput {
    /// A person already known.
    Existing(PersonId),
    /// A person given by name and email (found by email or created).
    New(PersonInput),
}

impl ContactInput {
    /// The person, in the caller's unit `txn`: a person new to Träffpunkt
    /// is created there, so a refused write leaves nobody behind.
    async fn person_in(
        self,
        txn: &sea_orm::DatabaseTransaction,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<entities::person::Model> {
        match self {
            Self::Existing(person_id) => entities::person::Entity::find_by_id(person_id.0)
                .one(txn)
                .await?
                .ok_or_else(|| {
                    Error::field("personId", ErrorCode::NotFound, "no person with this id")
                }),
            Self::New(input) => people::find_or_create_on(txn, now, "person", input).await,
        }
    }
}

/// The address a contact person is shown with: the one the organiser
/// entered, or, once the person has accepted being a contact, their own.
/// Never a person's private address only because an organiser knows their
/// id. The rule itself is the entity's ([`network_contact::Model::public_address`]),
/// which the mail's `Reply-To` asks too.
pub fn contact_address<'a>(
    contact: &'a network_contact::Model,
    person: &'a entities::person::Model,
) -> Option<&'a str> {
    contact.public_address(person)
}

/// The address a contact person appears with as the `ORGANIZER` of the
/// network's events, in the public feeds and in invitations alike: only once
/// they accepted being a contact (`acceptNetworkContact`) — an address an
/// organiser typed in is not published to the world on their word alone —
/// and then the address [`contact_address`] gives. The organiser is the
/// first contact (by position) with such an address.
pub fn organizer_address<'a>(
    contact: &'a network_contact::Model,
    person: &'a entities::person::Model,
) -> Option<&'a str> {
    contact.organizer_address(person)
}

/// Adds a contact person ("kontaktperson"); adding the same person again
/// updates the label (and the address, when one is given). `email` is the
/// address participants write to; a person added by name and address is
/// shown with that address, an existing person by id only with `email` or
/// after they accept ([`accept_contact`]).
#[tracing::instrument(skip_all, fields(network = %id))]
pub async fn add_contact(
    cx: &Context,
    id: NetworkId,
    contact: ContactInput,
    label: Option<String>,
    email: Option<String>,
) -> Result<()> {
    Tx::retrying(cx, || {
        let contact = contact.clone();
        let label = label.clone();
        let email = email.clone();
        async move {
            for_change(cx, id, "networkId").await?;
            let mut errors = Errors::new();
            let label = errors.optional_text("label", label.as_deref(), SHORT_MAX);
            let mut email = match email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
                None => None,
                Some(given) => {
                    let parsed = super::validate::parse_email(given);
                    if parsed.is_none() {
                        errors.push(
                            "email",
                            ErrorCode::Invalid,
                            "email must be an email address",
                        );
                    }
                    parsed
                }
            };
            errors.finish()?;
            let tx = Tx::begin(cx).await?;
            let txn = tx.db();
            let given = matches!(contact, ContactInput::New(_));
            let person = contact.person_in(txn, tx.now()).await?;
            if given {
                // The organiser typed this address for the purpose.
                email = email.or_else(|| Some(person.email.clone()));
            }
            let existing = network_contact::Entity::find()
                .filter(network_contact::Column::NetworkId.eq(id.0))
                .filter(network_contact::Column::PersonId.eq(person.id))
                .one(txn)
                .await?;
            if let Some(existing) = existing {
                let mut model: network_contact::ActiveModel = existing.into();
                model.label = Set(label);
                if email.is_some() {
                    model.email = Set(email);
                }
                model.update(txn).await?;
            } else {
                let position = network_contact::Entity::find()
                    .filter(network_contact::Column::NetworkId.eq(id.0))
                    .count(txn)
                    .await? as i32;
                network_contact::ActiveModel {
                    id: Set(uuid::Uuid::now_v7()),
                    network_id: Set(id.0),
                    person_id: Set(person.id),
                    position: Set(position),
                    label: Set(label),
                    email: Set(email),
                    accepted_at: Set(None),
                }
                .insert(txn)
                .await
                .map_err(|err| Error::on_unique(err, "personId", "already a contact person"))?;
            }
            tx.audit(Entry::network(id, Action::ContactAdded).about(person.id, None));
            tx.commit().await?;
            Ok(())
        }
    })
    .await
}

/// The viewer accepts being a contact person of `id`: from now on their own
/// address is shown when the organiser entered none. Not being one is
/// `NOT_FOUND`.
#[tracing::instrument(skip_all, fields(network = %id))]
pub async fn accept_contact(cx: &Context, id: NetworkId) -> Result<()> {
    let me = super::policy::require_write(cx)?.person_id;
    Tx::run(cx, |tx| async move {
        let updated = network_contact::Entity::update_many()
            .col_expr(
                network_contact::Column::AcceptedAt,
                sea_orm::sea_query::Expr::value(tx.now()),
            )
            .filter(network_contact::Column::NetworkId.eq(id.0))
            .filter(network_contact::Column::PersonId.eq(me.0))
            .filter(network_contact::Column::AcceptedAt.is_null())
            .exec(tx.db())
            .await?;
        if updated.rows_affected == 0
            && network_contact::Entity::find()
                .filter(network_contact::Column::NetworkId.eq(id.0))
                .filter(network_contact::Column::PersonId.eq(me.0))
                .one(tx.db())
                .await?
                .is_none()
        {
            return Err(Error::field(
                "networkId",
                ErrorCode::NotFound,
                "you are not a contact person of this network",
            ));
        }
        Ok((tx, ()))
    })
    .await
}

/// Removes a contact person; removing one who is not is not an error.
#[tracing::instrument(skip_all, fields(network = %id))]
pub async fn remove_contact(cx: &Context, id: NetworkId, person: PersonId) -> Result<()> {
    for_change(cx, id, "networkId").await?;
    Tx::run(cx, |tx| async move {
        let removed = network_contact::Entity::delete_many()
            .filter(network_contact::Column::NetworkId.eq(id.0))
            .filter(network_contact::Column::PersonId.eq(person.0))
            .exec(tx.db())
            .await?;
        if removed.rows_affected > 0 {
            tx.audit(Entry::network(id, Action::ContactRemoved).about(person.0, None));
        }
        Ok((tx, ()))
    })
    .await
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

/// Who gets a role: as for a contact person.
pub type RoleHolder = ContactInput;

/// Gives a person a role in a network (replacing the role they had there).
/// Organisers may add members and organisers; only owners make owners, and
/// the last owner cannot be demoted.
#[tracing::instrument(skip_all, fields(network = %id))]
pub async fn set_role(
    cx: &Context,
    id: NetworkId,
    holder: RoleHolder,
    role: NetworkRole,
) -> Result<network_role::Model> {
    Tx::retrying(cx, || {
        let holder = holder.clone();
        async move {
            for_change(cx, id, "networkId").await?;
            let tx = Tx::begin(cx).await?;
            let txn = tx.db();
            let person = holder.person_in(txn, tx.now()).await?;
            let existing = network_role::Entity::find()
                .filter(network_role::Column::NetworkId.eq(id.0))
                .filter(network_role::Column::PersonId.eq(person.id))
                .one(txn)
                .await?;
            let touches_owner = role == NetworkRole::Owner
                || existing
                    .as_ref()
                    .is_some_and(|r| r.role == NetworkRole::Owner);
            if touches_owner {
                policy::require_own(cx, id).await?;
            }
            if let Some(existing) = &existing
                && existing.role == NetworkRole::Owner
                && role != NetworkRole::Owner
                && owner_count(txn, id).await? <= 1
            {
                return Err(Error::field(
                    "role",
                    ErrorCode::InvalidState,
                    "a network keeps at least one owner; make someone else owner first",
                ));
            }
            let saved = match existing {
                Some(existing) if existing.role == role => existing,
                Some(existing) => {
                    let mut model: network_role::ActiveModel = existing.into();
                    model.role = Set(role);
                    model.update(txn).await?
                }
                None => network_role::ActiveModel {
                    id: Set(uuid::Uuid::now_v7()),
                    network_id: Set(id.0),
                    person_id: Set(person.id),
                    role: Set(role),
                    created_at: Set(cx.clock.now()),
                }
                .insert(txn)
                .await
                .map_err(|err| {
                    Error::on_unique(err, "personId", "the person already has a role here")
                })?,
            };
            tx.audit(
                Entry::network(id, Action::RoleSet)
                    .about(person.id, None)
                    .detail(role.as_str()),
            );
            tx.commit().await?;
            policy::forget_access(cx);
            Ok(saved)
        }
    })
    .await
}

/// Takes a person's role in a network away (idempotent); the last owner stays.
#[tracing::instrument(skip_all, fields(network = %id))]
pub async fn remove_role(cx: &Context, id: NetworkId, person: PersonId) -> Result<()> {
    Tx::retrying(cx, || async move {
        for_change(cx, id, "networkId").await?;
        let tx = Tx::begin(cx).await?;
        let txn = tx.db();
        let Some(existing) = network_role::Entity::find()
            .filter(network_role::Column::NetworkId.eq(id.0))
            .filter(network_role::Column::PersonId.eq(person.0))
            .one(txn)
            .await?
        else {
            return Ok(());
        };
        if existing.role == NetworkRole::Owner {
            policy::require_own(cx, id).await?;
            if owner_count(txn, id).await? <= 1 {
                return Err(Error::field(
                    "personId",
                    ErrorCode::InvalidState,
                    "a network keeps at least one owner; make someone else owner first",
                ));
            }
        }
        network_role::Entity::delete_by_id(existing.id)
            .exec(txn)
            .await?;
        tx.audit(
            Entry::network(id, Action::RoleRemoved)
                .about(person.0, None)
                .detail(existing.role.as_str()),
        );
        tx.commit().await?;
        policy::forget_access(cx);
        Ok(())
    })
    .await
}

/// An organisation's name, for the audit log (`None`: no such organisation;
/// the caller's checks say so).
async fn organisation_name(cx: &Context, id: OrganisationId) -> Result<Option<String>> {
    Ok(super::organisations::get(cx, id).await?.map(|o| o.name))
}

async fn owner_count<C: sea_orm::ConnectionTrait>(db: &C, id: NetworkId) -> Result<u64> {
    Ok(network_role::Entity::find()
        .filter(network_role::Column::NetworkId.eq(id.0))
        .filter(network_role::Column::Role.eq(NetworkRole::Owner))
        .count(db)
        .await?)
}

/// The contact persons of a network, in their order, with the people.
/// Whether their addresses may be shown is [`policy::can_see_contact_emails`];
/// which address is [`contact_address`].
pub async fn contacts(
    cx: &Context,
    id: NetworkId,
) -> Result<Vec<(entities::network_contact::Model, entities::person::Model)>> {
    use entities::{network_contact, person};
    use sea_orm::QueryOrder;
    let rows = network_contact::Entity::find()
        .filter(network_contact::Column::NetworkId.eq(id.0))
        .order_by_asc(network_contact::Column::Position)
        .all(&cx.db)
        .await?;
    let mut people: std::collections::HashMap<uuid::Uuid, person::Model> = person::Entity::find()
        .filter(person::Column::Id.is_in(rows.iter().map(|r| r.person_id)))
        .all(&cx.db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|contact| {
            let person = people.remove(&contact.person_id)?;
            Some((contact, person))
        })
        .collect())
}
