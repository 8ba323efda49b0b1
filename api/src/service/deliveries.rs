//! The delivery log of every mail (confirmations, promotions, changes,
//! cancellations, reminders …), read from the outbox, and retrying a mail
//! that failed. Addresses are personal data: an event's log is for the
//! organisers of its network; a participant sees only their own mail.

use entities::{OutboxStatus, event, outbox, registration, reminder};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{Context, Error, ErrorCode, Result, policy};
use crate::ids::{MailId, NetworkId, PersonId, ReminderId};

/// Most deliveries one list answers with.
pub const MAX_LIMIT: u64 = 100;

fn newest_first(
    query: sea_orm::Select<outbox::Entity>,
    status: Option<OutboxStatus>,
    limit: u64,
) -> sea_orm::Select<outbox::Entity> {
    let query = match status {
        Some(status) => query.filter(outbox::Column::Status.eq(status.as_str())),
        None => query,
    };
    query
        .order_by_desc(outbox::Column::CreatedAt)
        .order_by_desc(outbox::Column::Id)
        .limit(limit.clamp(1, MAX_LIMIT))
}

/// An event's mails, newest first, at most `limit` (up to [`MAX_LIMIT`]),
/// optionally of one status; for the organisers of its network (anyone
/// else gets none).
#[tracing::instrument(skip_all, fields(event = %event.id))]
pub async fn of_event(
    cx: &Context,
    event: &event::Model,
    status: Option<OutboxStatus>,
    limit: u64,
) -> Result<Vec<outbox::Model>> {
    if !policy::manages(cx, NetworkId(event.network_id)).await? {
        return Ok(Vec::new());
    }
    let query = outbox::Entity::find().filter(outbox::Column::EventId.eq(event.id));
    Ok(newest_first(query, status, limit).all(&cx.db).await?)
}

/// A reminder's mails, one per recipient, oldest first, for the organisers
/// of its network (`None` for anyone else, as for an unknown reminder;
/// `super::reminders::get` decides). A test mail is no delivery of it.
#[tracing::instrument(skip_all, fields(reminder = %id))]
pub async fn of_reminder(
    cx: &Context,
    id: ReminderId,
) -> Result<Option<(reminder::Model, Vec<outbox::Model>)>> {
    let Some(reminder) = super::reminders::get(cx, id).await? else {
        return Ok(None);
    };
    let rows = outbox::Entity::find()
        .filter(outbox::Column::ReminderId.eq(reminder.id))
        .order_by_asc(outbox::Column::CreatedAt)
        .order_by_asc(outbox::Column::Id)
        .all(&cx.db)
        .await?;
    Ok(Some((reminder, rows)))
}

/// A registration's mails, newest first: all of them for the organisers of
/// its event's network; for its participant, only those addressed to them;
/// for anyone else none.
#[tracing::instrument(skip_all, fields(registration = %registration.id))]
pub async fn of_registration(
    cx: &Context,
    registration: &registration::Model,
    status: Option<OutboxStatus>,
    limit: u64,
) -> Result<Vec<outbox::Model>> {
    let network = event::Entity::find_by_id(registration.event_id)
        .select_only()
        .column(event::Column::NetworkId)
        .into_tuple::<uuid::Uuid>()
        .one(&cx.db)
        .await?
        .ok_or(Error::NotFound("event"))?;
    let mut query =
        outbox::Entity::find().filter(outbox::Column::RegistrationId.eq(registration.id));
    if !policy::manages(cx, NetworkId(network)).await? {
        let me = cx.viewer.person_id();
        match (me, registration.person_id) {
            (Some(PersonId(me)), Some(theirs)) if me == theirs => {
                query = query.filter(outbox::Column::PersonId.eq(me));
            }
            _ => return Ok(Vec::new()),
        }
    }
    Ok(newest_first(query, status, limit).all(&cx.db).await?)
}

/// Queues a mail that failed again, for the organisers of its network: it
/// goes out with the worker's next pass. Only a failed mail whose content
/// is still kept (not past `MAIL_RETENTION_DAYS`, not erased) can be.
#[tracing::instrument(skip_all, fields(mail = %id))]
pub async fn retry(cx: &Context, id: MailId) -> Result<outbox::Model> {
    let not_found = || Error::field("id", ErrorCode::NotFound, "no such delivery");
    let row = outbox::Entity::find_by_id(id.0)
        .one(&cx.db)
        .await?
        .ok_or_else(not_found)?;
    let Some(network) = row.network_id else {
        return Err(not_found());
    };
    if !policy::manages(cx, NetworkId(network)).await? {
        return Err(not_found());
    }
    policy::require_write(cx)?;
    if row.status != OutboxStatus::Failed {
        return Err(Error::field(
            "id",
            ErrorCode::InvalidState,
            "only a failed delivery can be retried",
        ));
    }
    if row.recipient_email.is_empty() {
        return Err(Error::field(
            "id",
            ErrorCode::InvalidState,
            "the mail's content is no longer kept",
        ));
    }
    use outbox::Column as C;
    let updated = super::tx::Tx::run(cx, |tx| async move {
        let now = tx.now();
        let updated = outbox::Entity::update_many()
            .col_expr(C::Status, Expr::value(OutboxStatus::Pending.as_str()))
            .col_expr(C::Attempts, Expr::value(0))
            .col_expr(C::NextAttemptAt, Expr::value(now))
            .col_expr(C::ClaimedBy, Expr::value(Option::<String>::None))
            .col_expr(
                C::ClaimedUntil,
                Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
            )
            .col_expr(C::UpdatedAt, Expr::value(now))
            .filter(C::Id.eq(row.id))
            .filter(C::Status.eq(OutboxStatus::Failed.as_str()))
            .exec(tx.db())
            .await?;
        Ok((tx, updated))
    })
    .await?;
    if updated.rows_affected == 0 {
        return Err(Error::field(
            "id",
            ErrorCode::InvalidState,
            "only a failed delivery can be retried",
        ));
    }
    outbox::Entity::find_by_id(row.id)
        .one(&cx.db)
        .await?
        .ok_or_else(not_found)
}
