//! The webhook worker: claims due rows of `webhook_deliveries` (a lease, as
//! the mail outbox does, so that the deliveries of a worker that died are
//! taken by another once the lease runs out), posts each, signed, to its
//! endpoint, and records the outcome: the response status and duration, a
//! retry with exponential backoff, failed after the last attempt. Failed
//! attempts in a row are counted on the endpoint, which is disabled after
//! `WEBHOOKS_DISABLE_AFTER` of them.
//!
//! Requests follow no redirects, time out per attempt, use no proxy, and
//! resolve host names through [`GuardedResolver`], which refuses private
//! addresses at delivery time (DNS rebinding), unless allowed.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use entities::{OutboxStatus, webhook_delivery, webhook_endpoint};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};
use tokio::time::Instant;

use super::target::{Target, forbidden_ip};
use crate::clock::Clock;
use crate::config::WebhookConfig;

/// Deliveries claimed (and sent at the same time) per round: all of them
/// finish within one timeout, well inside the lease.
const BATCH: u64 = 8;

/// Longest retry delay.
const BACKOFF_MAX: Duration = Duration::hours(1);

/// Longest error text kept.
const ERROR_MAX: usize = 500;

/// Resolves host names for the webhook client, refusing a name any of
/// whose addresses is private (unless allowed): the check at delivery time.
#[derive(Debug)]
struct GuardedResolver {
    allow_private: bool,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((name.as_str(), 0)).await?.collect();
            if !allow_private && addrs.iter().any(|addr| forbidden_ip(addr.ip())) {
                return Err(Box::new(std::io::Error::other(
                    "the host resolves to a private address",
                ))
                    as Box<dyn std::error::Error + Send + Sync>);
            }
            let addrs: reqwest::dns::Addrs = Box::new(addrs.into_iter());
            Ok(addrs)
        })
    }
}

/// What one attempt came to.
#[derive(Debug)]
struct Attempt {
    status: Option<u16>,
    duration_ms: i32,
    error: Option<String>,
}

impl Attempt {
    fn succeeded(&self) -> bool {
        self.error.is_none() && self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// A webhook worker with its own id.
pub struct WebhookWorker {
    id: String,
    db: DatabaseConnection,
    clock: Clock,
    client: Option<reqwest::Client>,
    settings: WebhookConfig,
}

impl std::fmt::Debug for WebhookWorker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookWorker")
            .field("id", &self.id)
            .finish()
    }
}

impl WebhookWorker {
    /// A worker with the given id over the database, clock and settings.
    pub fn new(
        db: DatabaseConnection,
        clock: Clock,
        settings: WebhookConfig,
        id: impl Into<String>,
    ) -> Self {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(StdDuration::from_secs(u64::from(std::cmp::max(
                settings.timeout_seconds,
                1,
            ))))
            .no_proxy()
            .user_agent(concat!("Traffpunkt-Webhooks/", env!("CARGO_PKG_VERSION")))
            .dns_resolver(Arc::new(GuardedResolver {
                allow_private: settings.allow_private,
            }))
            .build();
        let client = match client {
            Ok(client) => Some(client),
            Err(err) => {
                tracing::error!(error = %err, "cannot build the webhook client; webhooks wait");
                None
            }
        };
        Self {
            id: id.into(),
            db,
            clock,
            client,
            settings,
        }
    }

    /// This worker's id, as written in `claimed_by`.
    pub fn id(&self) -> &str {
        &self.id
    }

    fn lease(&self) -> Duration {
        Duration::seconds(i64::from(std::cmp::max(self.settings.lease_seconds, 1)))
    }

    /// Delivers every row that is due now, round by round, and returns how
    /// many attempts it made (delivered, failed or scheduled for a retry).
    pub async fn run_once(&self) -> Result<usize, DbErr> {
        let Some(client) = &self.client else {
            return Ok(0);
        };
        let mut done = 0;
        loop {
            let now = self.clock.now();
            let rows = claim(&self.db, &self.id, now, self.lease(), BATCH).await?;
            if rows.is_empty() {
                return Ok(done);
            }
            let results =
                futures::future::join_all(rows.iter().map(|row| self.deliver(client, row))).await;
            for result in results {
                result?;
                done += 1;
            }
        }
    }

    /// Gives back this worker's unfinished claims (when it stops).
    pub async fn release_claims(&self) {
        use webhook_delivery::Column as C;
        let released = webhook_delivery::Entity::update_many()
            .col_expr(C::ClaimedBy, Expr::value(Option::<String>::None))
            .col_expr(C::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .filter(C::ClaimedBy.eq(self.id.as_str()))
            .filter(C::Status.eq(OutboxStatus::Pending.as_str()))
            .exec(&self.db)
            .await;
        if let Err(err) = released {
            tracing::warn!(worker = %self.id, error = %err, "cannot give back webhook claims");
        }
    }

    async fn deliver(
        &self,
        client: &reqwest::Client,
        row: &webhook_delivery::Model,
    ) -> Result<(), DbErr> {
        let endpoint = webhook_endpoint::Entity::find_by_id(row.endpoint_id)
            .one(&self.db)
            .await?;
        let Some(endpoint) = endpoint.filter(|e| e.enabled) else {
            return self.skip(row, "the endpoint is disabled").await;
        };
        let now = self.clock.now();
        let attempt = self.attempt(client, &endpoint, row, now).await;
        let attempts = row.attempts.saturating_add(1);
        let succeeded = attempt.succeeded();
        let (status, next) = if succeeded {
            (OutboxStatus::Sent, row.next_attempt_at)
        } else if u32::try_from(attempts).unwrap_or(u32::MAX) >= self.settings.max_attempts {
            (OutboxStatus::Failed, row.next_attempt_at)
        } else {
            let base = Duration::seconds(i64::from(std::cmp::max(
                self.settings.retry_base_seconds,
                1,
            )));
            (
                OutboxStatus::Pending,
                now + backoff(base, u32::try_from(attempts).unwrap_or(1)),
            )
        };
        let error = attempt.error.clone().or_else(|| {
            (!succeeded)
                .then(|| format!("the receiver answered {}", attempt.status.map_or(0, |s| s)))
        });
        use webhook_delivery::Column as C;
        let finished = webhook_delivery::Entity::update_many()
            .col_expr(C::ClaimedBy, Expr::value(Option::<String>::None))
            .col_expr(C::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(C::Attempts, Expr::value(attempts))
            .col_expr(C::Status, Expr::value(status.as_str()))
            .col_expr(C::NextAttemptAt, Expr::value(next))
            .col_expr(
                C::ResponseStatus,
                Expr::value(attempt.status.map(i32::from)),
            )
            .col_expr(C::DurationMs, Expr::value(attempt.duration_ms))
            .col_expr(C::LastError, Expr::value(error))
            .col_expr(C::DeliveredAt, Expr::value(succeeded.then_some(now)))
            .col_expr(C::UpdatedAt, Expr::value(now))
            .filter(C::Id.eq(row.id))
            .filter(C::ClaimedBy.eq(self.id.as_str()))
            .filter(C::Status.eq(OutboxStatus::Pending.as_str()))
            .exec(&self.db)
            .await?;
        if finished.rows_affected == 1 {
            self.count_on_endpoint(&endpoint, succeeded, now).await?;
        }
        Ok(())
    }

    /// Resets the endpoint's run of failures, or extends it and disables
    /// the endpoint at `WEBHOOKS_DISABLE_AFTER`.
    async fn count_on_endpoint(
        &self,
        endpoint: &webhook_endpoint::Model,
        succeeded: bool,
        now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        use webhook_endpoint::Column as C;
        if succeeded {
            if endpoint.consecutive_failures != 0 {
                webhook_endpoint::Entity::update_many()
                    .col_expr(C::ConsecutiveFailures, Expr::value(0))
                    .filter(C::Id.eq(endpoint.id))
                    .exec(&self.db)
                    .await?;
            }
            return Ok(());
        }
        webhook_endpoint::Entity::update_many()
            .col_expr(
                C::ConsecutiveFailures,
                Expr::col(C::ConsecutiveFailures).add(1),
            )
            .filter(C::Id.eq(endpoint.id))
            .exec(&self.db)
            .await?;
        let limit = i32::try_from(self.settings.disable_after).unwrap_or(i32::MAX);
        let disabled = webhook_endpoint::Entity::update_many()
            .col_expr(C::Enabled, Expr::value(false))
            .col_expr(
                C::DisabledReason,
                Expr::value(format!("disabled after {limit} failed attempts in a row")),
            )
            .col_expr(C::DisabledNoticePending, Expr::value(true))
            .col_expr(C::UpdatedAt, Expr::value(now))
            .filter(C::Id.eq(endpoint.id))
            .filter(C::Enabled.eq(true))
            .filter(C::ConsecutiveFailures.gte(limit))
            .exec(&self.db)
            .await?;
        if disabled.rows_affected == 1 {
            tracing::warn!(endpoint = %endpoint.id, "webhook endpoint disabled after failures in a row");
        }
        Ok(())
    }

    async fn skip(&self, row: &webhook_delivery::Model, reason: &str) -> Result<(), DbErr> {
        use webhook_delivery::Column as C;
        webhook_delivery::Entity::update_many()
            .col_expr(C::ClaimedBy, Expr::value(Option::<String>::None))
            .col_expr(C::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(C::Status, Expr::value(OutboxStatus::Skipped.as_str()))
            .col_expr(C::LastError, Expr::value(reason))
            .col_expr(C::UpdatedAt, Expr::value(self.clock.now()))
            .filter(C::Id.eq(row.id))
            .filter(C::ClaimedBy.eq(self.id.as_str()))
            .filter(C::Status.eq(OutboxStatus::Pending.as_str()))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// One signed POST of the row's payload to the endpoint.
    async fn attempt(
        &self,
        client: &reqwest::Client,
        endpoint: &webhook_endpoint::Model,
        row: &webhook_delivery::Model,
        now: DateTime<Utc>,
    ) -> Attempt {
        let failed = |error: String| Attempt {
            status: None,
            duration_ms: 0,
            error: Some(error),
        };
        // The literal address is checked here; names by the resolver.
        let target = match Target::parse(&endpoint.url, self.settings.allow_private) {
            Ok(target) => target,
            Err(err) => return failed(err.to_string()),
        };
        let timestamp = now.timestamp();
        let mut secrets = vec![endpoint.secret.as_str()];
        if let (Some(previous), Some(until)) =
            (&endpoint.previous_secret, endpoint.previous_secret_until)
            && until > now
        {
            secrets.push(previous.as_str());
        }
        let Some(signature) = super::signatures(secrets, &row.message_id, timestamp, &row.payload)
        else {
            return failed("the endpoint's secret cannot sign".to_owned());
        };
        let started = Instant::now();
        let response = client
            .post(target.url().clone())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header("webhook-id", &row.message_id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(row.payload.clone())
            .send()
            .await;
        let duration_ms = i32::try_from(started.elapsed().as_millis()).unwrap_or(i32::MAX);
        match response {
            Ok(response) => Attempt {
                status: Some(response.status().as_u16()),
                duration_ms,
                error: None,
            },
            Err(err) => Attempt {
                status: None,
                duration_ms,
                error: Some(describe(&err)),
            },
        }
    }
}

/// An error with its causes, shortened (no secrets are in them: the URL is
/// the organisers' own).
fn describe(err: &reqwest::Error) -> String {
    let mut text = if err.is_timeout() {
        "timed out".to_owned()
    } else {
        err.to_string()
    };
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text.chars().take(ERROR_MAX).collect()
}

/// The delay before retry number `attempt` (1 for the first) when the first
/// waits `base`: exponential, capped, with "equal jitter".
fn backoff(base: Duration, attempt: u32) -> Duration {
    let exponent = std::cmp::min(attempt.saturating_sub(1), 16);
    let full = (base * 2_i32.pow(exponent)).min(BACKOFF_MAX);
    let half = full.num_milliseconds() / 2;
    Duration::milliseconds(half + fastrand::i64(0..=half))
}

/// Claims up to `limit` due deliveries for `worker` until `now + lease`,
/// oldest first (as the mail outbox: [`crate::db::claim_due`]).
async fn claim<C: ConnectionTrait>(
    conn: &C,
    worker: &str,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u64,
) -> Result<Vec<webhook_delivery::Model>, DbErr> {
    use webhook_delivery::Column as C;
    let cols = crate::db::LeaseColumns {
        id: C::Id,
        status: C::Status,
        next_attempt_at: C::NextAttemptAt,
        claimed_by: C::ClaimedBy,
        claimed_until: C::ClaimedUntil,
        updated_at: C::UpdatedAt,
    };
    let mut rows =
        crate::db::claim_due::<webhook_delivery::Entity, _>(conn, cols, worker, now, lease, limit)
            .await?;
    rows.sort_by_key(|row| (row.next_attempt_at, row.id));
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use reqwest::dns::{Name, Resolve};

    use super::*;

    /// The check at delivery time: a name that resolves to a private
    /// address is refused by the resolver (whatever it resolved to when the
    /// endpoint was saved), unless the deployment allows it.
    #[tokio::test]
    async fn the_resolver_refuses_names_of_private_addresses() {
        let name = || Name::from_str("localhost").expect("a name");
        let refused = GuardedResolver {
            allow_private: false,
        }
        .resolve(name())
        .await;
        let err = refused.err().expect("refused");
        assert!(err.to_string().contains("private address"), "{err}");
        let allowed = GuardedResolver {
            allow_private: true,
        }
        .resolve(name())
        .await;
        assert!(allowed.expect("resolved").next().is_some());
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let base = Duration::seconds(60);
        let first = backoff(base, 1);
        assert!(first >= Duration::seconds(30) && first <= Duration::seconds(60));
        let fifth = backoff(base, 5);
        assert!(fifth >= Duration::seconds(480) && fifth <= Duration::seconds(960));
        assert!(backoff(base, 40) <= BACKOFF_MAX);
    }
}
