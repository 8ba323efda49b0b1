//! Personal calendar feed tokens: the secret in a person's feed URL.
//!
//! Lookups go by the token's hash. The secret itself is kept while the token
//! is active, so the owner can see their URL again (a calendar URL is pasted
//! into calendar apps more than once; Google's "secret address" works the
//! same way); revoking erases it. A person has at most one active token;
//! rotating revokes the old one (its URL then answers 404) and makes a new
//! one, revoking leaves none.

use chrono::{DateTime, Utc};
use entities::{feed_token, person};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

use super::secrets::{hash_secret, new_secret};
use super::tx::Tx;
use super::{Context, Result, Viewer, policy};
use crate::ids::PersonId;

/// The prefix of feed tokens, so a leaked one is recognisable.
pub const PREFIX: &str = "tpf_";

/// A new feed token: its secret (only here) and its record.
#[derive(Debug, Clone)]
pub struct IssuedFeedToken {
    /// The secret, for the feed URL.
    pub token: String,
    /// The stored record (the hash).
    pub record: feed_token::Model,
}

/// The viewer's active feed token, if any.
#[tracing::instrument(skip_all)]
pub async fn current(cx: &Context) -> Result<Option<feed_token::Model>> {
    let me = policy::require_signed_in(cx)?;
    Ok(feed_token::Entity::find()
        .filter(feed_token::Column::PersonId.eq(me.person_id.0))
        .filter(feed_token::Column::RevokedAt.is_null())
        .order_by_desc(feed_token::Column::CreatedAt)
        .one(&cx.db)
        .await?)
}

/// Revokes the viewer's active feed tokens and makes a new one. Without
/// `include_followed_networks`, the previous token's choice is kept (false
/// for the first token).
#[tracing::instrument(skip_all)]
pub async fn rotate(
    cx: &Context,
    include_followed_networks: Option<bool>,
) -> Result<IssuedFeedToken> {
    Tx::retrying(cx, || async {
        let me = policy::require_write(cx)?.person_id;
        let now = cx.clock.now();
        let tx = Tx::begin(cx).await?;
        tx.changes_nothing_public();
        let txn = tx.db();
        lock_person(txn, me).await?;
        let previous = revoke_active(txn, me, now).await?;
        let include = include_followed_networks
            .or_else(|| previous.map(|p| p.include_followed_networks))
            .unwrap_or(false);
        let (token, hash) = new_secret(PREFIX)?;
        let record = feed_token::ActiveModel {
            id: Set(Uuid::now_v7()),
            person_id: Set(me.0),
            token_hash: Set(hash),
            secret: Set(Some(token.clone())),
            include_followed_networks: Set(include),
            created_at: Set(now),
            revoked_at: Set(None),
        }
        .insert(txn)
        .await?;
        tx.commit().await?;
        Ok(IssuedFeedToken { token, record })
    })
    .await
}

/// Revokes the viewer's active feed token; its URL answers 404 from now on.
/// Returns the revoked record (`None` when there was none).
#[tracing::instrument(skip_all)]
pub async fn revoke(cx: &Context) -> Result<Option<feed_token::Model>> {
    Tx::retrying(cx, || async {
        let me = policy::require_write(cx)?.person_id;
        let tx = Tx::begin(cx).await?;
        tx.changes_nothing_public();
        let txn = tx.db();
        lock_person(txn, me).await?;
        let revoked = revoke_active(txn, me, cx.clock.now()).await?;
        tx.commit().await?;
        Ok(revoked)
    })
    .await
}

/// Locks the person's row for the rest of the transaction, so that
/// rotations of one person run one after the other and leave one active
/// token (a row lock on PostgreSQL; the write lock on SQLite, taken before
/// anything is read).
async fn lock_person<C: ConnectionTrait>(db: &C, person: PersonId) -> Result<()> {
    person::Entity::update_many()
        .col_expr(
            person::Column::UpdatedAt,
            sea_orm::sea_query::Expr::col(person::Column::UpdatedAt),
        )
        .filter(person::Column::Id.eq(person.0))
        .exec(db)
        .await?;
    Ok(())
}

/// Revokes every active token of `person`; returns the newest of them.
async fn revoke_active<C: ConnectionTrait>(
    db: &C,
    person: PersonId,
    now: DateTime<Utc>,
) -> Result<Option<feed_token::Model>> {
    let active = feed_token::Entity::find()
        .filter(feed_token::Column::PersonId.eq(person.0))
        .filter(feed_token::Column::RevokedAt.is_null())
        .order_by_desc(feed_token::Column::CreatedAt)
        .all(db)
        .await?;
    let newest = active.first().cloned();
    if !active.is_empty() {
        feed_token::Entity::update_many()
            .col_expr(
                feed_token::Column::RevokedAt,
                sea_orm::sea_query::Expr::value(Some(now)),
            )
            .col_expr(
                feed_token::Column::Secret,
                sea_orm::sea_query::Expr::value(Option::<String>::None),
            )
            .filter(feed_token::Column::Id.is_in(active.iter().map(|t| t.id)))
            .exec(db)
            .await?;
    }
    Ok(newest.map(|mut token| {
        token.revoked_at = Some(now);
        token.secret = None;
        token
    }))
}

/// The active token with this secret, if any (unknown and revoked ones are
/// `None`).
pub async fn resolve(cx: &Context, token: &str) -> Result<Option<feed_token::Model>> {
    if !token.starts_with(PREFIX) {
        return Ok(None);
    }
    Ok(feed_token::Entity::find()
        .filter(feed_token::Column::TokenHash.eq(hash_secret(token)))
        .filter(feed_token::Column::RevokedAt.is_null())
        .one(&cx.db)
        .await?)
}

/// The viewer a personal feed is built for: the token's person, read-only.
/// Never an administrator, even for one: the feed is the person's own
/// calendar (what they take part in, speak at, organise or follow), and a
/// leaked URL must not reveal every network's drafts.
pub fn viewer_of(token: &feed_token::Model) -> Viewer {
    Viewer::reading_as(PersonId(token.person_id))
}
