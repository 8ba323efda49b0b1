//! Rate limits that every server process shares: fixed windows counted in
//! the database (`rate_limit_windows`), so two processes behind a load
//! balancer allow the limit once, not twice. Keys (client addresses, email
//! addresses, registrations) are stored only as SHA-256 hashes. A leaf:
//! it answers database errors as they are.

use chrono::{DateTime, Duration, Utc};
use entities::rate_limit_window;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use sea_orm::DbErr;
use sha2::{Digest, Sha256};

/// One limit: at most `max` hits per key in each window of `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// Which limit (a short stable name, e.g. `register`).
    pub scope: &'static str,
    /// Hits allowed per window.
    pub max: u32,
    /// The window's length.
    pub window: Duration,
}

/// The limits the services apply, from the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Registrations by people who are not signed in, per client address.
    pub guest_registrations: Limit,
    /// Form submissions to the participant pages, per client address.
    pub page_posts: Limit,
    /// Mails with an existing registration's link, per registration.
    pub registration_link_mails: Limit,
    /// Theme suggestions by people who are not signed in, per client address.
    pub suggestions: Limit,
}

impl Limits {
    /// The limits with the configured counts.
    pub fn new(guest_registrations_per_hour: u32, page_posts_per_minute: u32) -> Self {
        Self {
            guest_registrations: Limit {
                scope: "register",
                max: guest_registrations_per_hour,
                window: Duration::hours(1),
            },
            page_posts: Limit {
                scope: "page-post",
                max: page_posts_per_minute,
                window: Duration::minutes(1),
            },
            registration_link_mails: Limit {
                scope: "registration-link",
                max: 3,
                window: Duration::hours(1),
            },
            suggestions: Limit {
                scope: "suggest",
                max: 10,
                window: Duration::hours(1),
            },
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self::new(20, 30)
    }
}

/// The stored form of a key: its SHA-256, so that the table holds no
/// address in the clear.
fn key_hash(key: &str) -> String {
    Sha256::digest(key.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The start of the window `now` falls in.
fn window_start(limit: &Limit, now: DateTime<Utc>) -> DateTime<Utc> {
    let length = std::cmp::max(limit.window.num_seconds(), 1);
    let start = now.timestamp().div_euclid(length) * length;
    DateTime::from_timestamp(start, 0).unwrap_or(now)
}

/// Counts one hit of `key` against `limit` at `now`. `Ok(Err(seconds))` when
/// the key is over the limit: try again after that many seconds.
pub async fn hit<C: ConnectionTrait>(
    db: &C,
    limit: &Limit,
    key: &str,
    now: DateTime<Utc>,
) -> Result<Result<(), u64>, DbErr> {
    let start = window_start(limit, now);
    let counted = rate_limit_window::Entity::insert(rate_limit_window::ActiveModel {
        scope: Set(limit.scope.to_owned()),
        key_hash: Set(key_hash(key)),
        window_start: Set(start),
        hits: Set(1),
    })
    .on_conflict(
        OnConflict::columns([
            rate_limit_window::Column::Scope,
            rate_limit_window::Column::KeyHash,
            rate_limit_window::Column::WindowStart,
        ])
        .value(
            rate_limit_window::Column::Hits,
            Expr::col((rate_limit_window::Entity, rate_limit_window::Column::Hits)).add(1),
        )
        .to_owned(),
    )
    .exec_with_returning(db)
    .await?;
    if counted.hits == 1 && fastrand::u8(..) == 0 {
        // Now and then, the first hit of a window clears windows long gone.
        prune(db, now).await?;
    }
    if u32::try_from(counted.hits).unwrap_or(u32::MAX) > limit.max {
        let wait = std::cmp::max((start + limit.window - now).num_seconds(), 1);
        return Ok(Err(u64::try_from(wait).unwrap_or(60)));
    }
    Ok(Ok(()))
}

/// Deletes windows that ended more than a day ago.
pub async fn prune<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> Result<u64, DbErr> {
    Ok(rate_limit_window::Entity::delete_many()
        .filter(rate_limit_window::Column::WindowStart.lt(now - Duration::days(1)))
        .exec(db)
        .await?
        .rows_affected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_aligned() {
        let limit = Limits::default().guest_registrations;
        let now = DateTime::parse_from_rfc3339("2026-09-01T08:41:12Z")
            .map(|t| t.with_timezone(&Utc))
            .ok();
        let start = now.map(|now| window_start(&limit, now));
        assert_eq!(
            start.map(|s| s.to_rfc3339()),
            Some("2026-09-01T08:00:00+00:00".to_owned())
        );
    }
}
