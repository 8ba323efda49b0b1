//! A person's own data: export everything stored about them, and erase their
//! account while keeping counts and statistics right (registrations stay,
//! anonymised).

use entities::{
    api_token, delivery, feed_token, network, network_contact, network_role, person, registration,
    registration_link, session, speaker,
};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::{Value, json};

use super::{Context, Error, ErrorCode, Result, policy};

/// Everything stored about the viewer, as JSON.
#[tracing::instrument(skip_all)]
pub async fn export_my_data(cx: &Context) -> Result<Value> {
    let me = policy::require_signed_in(cx)?.person_id;
    let person = person::Entity::find_by_id(me.0)
        .one(&cx.db)
        .await?
        .ok_or(Error::Unauthenticated)?;
    let networks: std::collections::HashMap<uuid::Uuid, String> = network::Entity::find()
        .all(&cx.db)
        .await?
        .into_iter()
        .map(|n| (n.id, n.slug))
        .collect();
    let slug = |id: &uuid::Uuid| networks.get(id).cloned().unwrap_or_default();
    let roles = network_role::Entity::find()
        .filter(network_role::Column::PersonId.eq(me.0))
        .all(&cx.db)
        .await?;
    let contacts = network_contact::Entity::find()
        .filter(network_contact::Column::PersonId.eq(me.0))
        .all(&cx.db)
        .await?;
    let registrations = registration::Entity::find()
        .filter(registration::Column::PersonId.eq(me.0))
        .order_by_asc(registration::Column::CreatedAt)
        .all(&cx.db)
        .await?;
    let speaking = speaker::Entity::find()
        .filter(speaker::Column::PersonId.eq(me.0))
        .all(&cx.db)
        .await?;
    let tokens = api_token::Entity::find()
        .filter(api_token::Column::PersonId.eq(me.0))
        .all(&cx.db)
        .await?;
    let sessions = session::Entity::find()
        .filter(session::Column::PersonId.eq(me.0))
        .all(&cx.db)
        .await?;
    let feeds = feed_token::Entity::find()
        .filter(feed_token::Column::PersonId.eq(me.0))
        .all(&cx.db)
        .await?;
    let mails = delivery::Entity::find()
        .filter(delivery::Column::PersonId.eq(me.0))
        .all(&cx.db)
        .await?;
    Ok(json!({
        "person": {
            "id": person.id, "name": person.name, "email": person.email, "title": person.title,
            "organisationId": person.organisation_id, "locale": person.locale,
            "isPlatformAdmin": person.is_platform_admin,
            "createdAt": person.created_at, "updatedAt": person.updated_at,
        },
        "networkRoles": roles.iter().map(|r| json!({ "network": slug(&r.network_id), "role": r.role.as_str(), "since": r.created_at })).collect::<Vec<_>>(),
        "contactFor": contacts.iter().map(|c| json!({ "network": slug(&c.network_id), "label": c.label })).collect::<Vec<_>>(),
        "registrations": registrations.iter().map(|r| json!({
            "id": r.id, "eventId": r.event_id, "status": r.status.as_str(), "mode": r.mode.as_str(),
            "answers": r.answers, "accessibilityNeeds": r.accessibility_needs, "dietaryNeeds": r.dietary_needs,
            "consentText": r.consent_text, "consentedAt": r.consented_at, "checkedInAt": r.checked_in_at,
            "createdAt": r.created_at, "updatedAt": r.updated_at,
        })).collect::<Vec<_>>(),
        "speakerAt": speaking.iter().map(|s| json!({ "eventId": s.event_id, "name": s.name, "affiliation": s.affiliation, "role": s.role, "status": s.status.as_str() })).collect::<Vec<_>>(),
        "apiTokens": tokens.iter().map(|t| json!({ "name": t.name, "scope": t.scope.as_str(), "createdAt": t.created_at, "lastUsedAt": t.last_used_at, "revokedAt": t.revoked_at })).collect::<Vec<_>>(),
        "sessions": sessions.iter().map(|s| json!({ "createdAt": s.created_at, "lastSeenAt": s.last_seen_at, "expiresAt": s.expires_at, "revokedAt": s.revoked_at })).collect::<Vec<_>>(),
        "calendarFeeds": feeds.iter().map(|f| json!({ "createdAt": f.created_at, "revokedAt": f.revoked_at, "includeFollowedNetworks": f.include_followed_networks })).collect::<Vec<_>>(),
        "mails": mails.iter().map(|d| json!({ "eventId": d.event_id, "status": d.status.as_str(), "sentAt": d.sent_at })).collect::<Vec<_>>(),
    }))
}

/// Erases the viewer: the person, their roles, contacts, sessions, tokens and
/// feeds go; their registrations stay for counts and statistics with every
/// personal field cleared; speaker entries keep their place without a name.
/// `confirm_email` must be the viewer's address.
#[tracing::instrument(skip_all)]
pub async fn delete_my_account(cx: &Context, confirm_email: &str) -> Result<()> {
    let me = policy::require_write(cx)?.person_id;
    let person = person::Entity::find_by_id(me.0)
        .one(&cx.db)
        .await?
        .ok_or(Error::Unauthenticated)?;
    if confirm_email.trim().to_lowercase() != person.email {
        return Err(Error::field(
            "confirmEmail",
            ErrorCode::Invalid,
            "type your own email address to confirm",
        ));
    }
    let txn = crate::db::begin_write(&cx.db).await?;
    // Links mailed to them stop working: the registrations stay only as counts.
    let theirs: Vec<uuid::Uuid> = registration::Entity::find()
        .select_only()
        .column(registration::Column::Id)
        .filter(registration::Column::PersonId.eq(me.0))
        .into_tuple()
        .all(&txn)
        .await?;
    registration_link::Entity::delete_many()
        .filter(registration_link::Column::RegistrationId.is_in(theirs))
        .exec(&txn)
        .await?;
    registration::Entity::update_many()
        .col_expr(
            registration::Column::PersonId,
            Expr::value(Option::<uuid::Uuid>::None),
        )
        .col_expr(
            registration::Column::GuestName,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            registration::Column::GuestEmail,
            Expr::value(Option::<String>::None),
        )
        .col_expr(registration::Column::Answers, Expr::value(json!({})))
        .col_expr(
            registration::Column::AccessibilityNeeds,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            registration::Column::DietaryNeeds,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            registration::Column::CancelTokenHash,
            Expr::value(Option::<String>::None),
        )
        .filter(registration::Column::PersonId.eq(me.0))
        .exec(&txn)
        .await?;
    speaker::Entity::update_many()
        .col_expr(
            speaker::Column::PersonId,
            Expr::value(Option::<uuid::Uuid>::None),
        )
        .col_expr(speaker::Column::Name, Expr::value("(borttagen)"))
        .filter(speaker::Column::PersonId.eq(me.0))
        .exec(&txn)
        .await?;
    delivery::Entity::update_many()
        .col_expr(
            delivery::Column::PersonId,
            Expr::value(Option::<uuid::Uuid>::None),
        )
        // Unique per reminder and address: keep rows apart while erasing.
        .col_expr(
            delivery::Column::Email,
            Expr::cust("'erased-' || CAST(id AS TEXT)"),
        )
        .filter(delivery::Column::PersonId.eq(me.0))
        .exec(&txn)
        .await?;
    // Roles, contacts, sessions, API tokens and feed tokens go with the person.
    person::Entity::delete_by_id(me.0).exec(&txn).await?;
    txn.commit().await?;
    Ok(())
}
