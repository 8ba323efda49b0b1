//! Seats: counting them per attendance mode, the waiting lists, and giving
//! a freed seat to the first in line. Registrations and event changes
//! (a raised capacity) both fill seats, so the rule lives below both.
//!
//! Every change that can take or free a seat runs in one unit that starts
//! by locking the event row with a no-op `UPDATE` ([`lock_event`]); see
//! `super::registrations`.

use chrono::{DateTime, Utc};
use entities::{
    EventStatus, ParticipationMode, RegistrationStatus, event, event_seats, person, registration,
    registration_history,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::tx::{Happened, RegistrationChange, Tx};
use super::{Context, Result};
use crate::ids::{EventId, PersonId};

/// Tells `person` what happened to their registration (the mail is
/// `super::notices`' to choose), with the commit of `tx`.
pub(crate) fn tell(
    tx: &Tx,
    happened: Happened,
    event: &event::Model,
    registration: &registration::Model,
    person: person::Model,
) {
    tx.registration(RegistrationChange {
        happened,
        event: event.clone(),
        registration: registration.clone(),
        person,
        manage_link: None,
        message: None,
    });
}

/// Locks the event for the rest of the transaction: seats and the waiting
/// list change one registration at a time.
pub async fn lock_event<C: ConnectionTrait>(db: &C, event: EventId) -> Result<()> {
    event::Entity::update_many()
        .col_expr(event::Column::Sequence, Expr::col(event::Column::Sequence))
        .filter(event::Column::Id.eq(event.0))
        .exec(db)
        .await?;
    Ok(())
}

/// Seats of one event.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Seats {
    /// Confirmed in person.
    pub in_person_taken: u64,
    /// Free in person (`None`: unlimited).
    pub in_person_remaining: Option<u64>,
    /// Confirmed online.
    pub online_taken: u64,
    /// Free online (`None`: unlimited).
    pub online_remaining: Option<u64>,
    /// On the waiting lists.
    pub waitlisted: u64,
    /// Applications waiting for a decision.
    pub pending: u64,
}

/// The counts an event's seats are made of, read in the event's own
/// statement (see [`seat_count_columns`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeatCounts {
    /// Confirmed in person.
    pub confirmed_in_person: i64,
    /// Confirmed online.
    pub confirmed_online: i64,
    /// On the waiting lists.
    pub waitlisted: i64,
    /// Applications waiting for a decision.
    pub pending: i64,
}

impl SeatCounts {
    /// The four counts at `at..at + 4` of `row`, in the order
    /// [`seat_count_columns`] adds them.
    pub fn read_at(row: &sea_orm::QueryResult, at: usize) -> Result<Self, sea_orm::DbErr> {
        Ok(Self {
            confirmed_in_person: row.try_get_by_index(at)?,
            confirmed_online: row.try_get_by_index(at + 1)?,
            waitlisted: row.try_get_by_index(at + 2)?,
            pending: row.try_get_by_index(at + 3)?,
        })
    }

    /// The counts as [`counts`] gives them for one event (mode, status,
    /// number), for [`seats_of`](super::registrations::seats_of).
    pub fn per_mode_and_status(&self) -> Vec<(ParticipationMode, RegistrationStatus, i64)> {
        use ParticipationMode::{InPerson, Online};
        use RegistrationStatus::{Confirmed, Pending, Waitlisted};
        vec![
            (InPerson, Confirmed, self.confirmed_in_person),
            (Online, Confirmed, self.confirmed_online),
            // The waiting list and the applications are counted across modes.
            (InPerson, Waitlisted, self.waitlisted),
            (InPerson, Pending, self.pending),
        ]
    }
}

/// An event read with the counts its seats are made of (see
/// [`with_seat_counts`]).
#[derive(Debug, Clone)]
pub struct EventWithCounts {
    /// The event.
    pub event: event::Model,
    /// Its seats' counts.
    pub counts: SeatCounts,
}

/// Read by position: the event's columns, then the four counts.
impl sea_orm::FromQueryResult for EventWithCounts {
    fn from_query_result(
        row: &sea_orm::QueryResult,
        _prefix: &str,
    ) -> Result<Self, sea_orm::DbErr> {
        use entities::by_position::ByPosition;
        Ok(Self {
            event: event::Model::read_at(row, 0)?,
            counts: SeatCounts::read_at(row, <event::Model as ByPosition>::FIELDS.len())?,
        })
    }
}

/// `select` of events with, on each row, the counts its seats are made of
/// (see [`seat_count_columns`]), so that a page of events and their seats
/// come in one statement.
pub fn with_seat_counts(
    select: sea_orm::Select<event::Entity>,
) -> sea_orm::Selector<sea_orm::SelectModel<EventWithCounts>> {
    seat_count_columns(select).into_model::<EventWithCounts>()
}

/// `select` (of events, or of events with what is joined to them) with four
/// columns added at its end: the event's counts from `event_seats` (kept by
/// triggers on `registrations`, so read by key rather than counted), read
/// back by [`SeatCounts::read_at`]. An event without a row there has none.
pub fn seat_count_columns<S: QuerySelect>(mut select: S) -> S {
    use event_seats::Column::{ConfirmedInPerson, ConfirmedOnline, Pending, Waitlisted};
    use sea_orm::sea_query::{ExprTrait, Func, JoinType};
    select.query().join(
        JoinType::LeftJoin,
        event_seats::Entity,
        Expr::col((event_seats::Entity, event_seats::Column::EventId))
            .equals((event::Entity, event::Column::Id)),
    );
    for (column, alias) in [
        (ConfirmedInPerson, "confirmed_in_person"),
        (ConfirmedOnline, "confirmed_online"),
        (Waitlisted, "waitlisted"),
        (Pending, "pending"),
    ] {
        let kept = Expr::col((event_seats::Entity, column));
        let or_none = Expr::from(Func::coalesce([kept, Expr::cust("0")]));
        select = select.column_as(or_none, alias);
    }
    select
}

/// Counts of registrations per event, mode and status, in one query.
pub async fn counts<C: ConnectionTrait>(
    db: &C,
    events: &[Uuid],
) -> Result<Vec<(Uuid, ParticipationMode, RegistrationStatus, i64)>> {
    if events.is_empty() {
        return Ok(Vec::new());
    }
    Ok(registration::Entity::find()
        .select_only()
        .column(registration::Column::EventId)
        .column(registration::Column::Mode)
        .column(registration::Column::Status)
        // `count(*)`, not `count(id)`: the (event, status, mode) index then
        // answers alone (an index-only scan), without visiting the rows.
        .column_as(Expr::cust("COUNT(*)"), "n")
        .filter(registration::Column::EventId.is_in(events.iter().copied()))
        .filter(registration::Column::Status.is_in([
            RegistrationStatus::Confirmed,
            RegistrationStatus::Waitlisted,
            RegistrationStatus::Pending,
        ]))
        .group_by(registration::Column::EventId)
        .group_by(registration::Column::Mode)
        .group_by(registration::Column::Status)
        .into_tuple()
        .all(db)
        .await?)
}

/// The seats of `event` from counts of its registrations.
pub fn seats_of(
    event: &event::Model,
    counts: impl IntoIterator<Item = (ParticipationMode, RegistrationStatus, i64)>,
) -> Seats {
    let mut seats = Seats::default();
    for (mode, status, n) in counts {
        let n = u64::try_from(n).unwrap_or_default();
        match (mode, status) {
            (ParticipationMode::InPerson, RegistrationStatus::Confirmed) => {
                seats.in_person_taken += n
            }
            (ParticipationMode::Online, RegistrationStatus::Confirmed) => seats.online_taken += n,
            (_, RegistrationStatus::Waitlisted) => seats.waitlisted += n,
            (_, RegistrationStatus::Pending) => seats.pending += n,
            _ => {}
        }
    }
    let remaining = |cap: Option<i32>, taken: u64| {
        cap.map(|c| u64::try_from(c).unwrap_or_default().saturating_sub(taken))
    };
    seats.in_person_remaining = remaining(event.capacity_in_person, seats.in_person_taken);
    seats.online_remaining = remaining(event.capacity_online, seats.online_taken);
    seats
}

pub(crate) fn capacity(event: &event::Model, mode: ParticipationMode) -> Option<u64> {
    let cap = match mode {
        ParticipationMode::InPerson => event.capacity_in_person,
        ParticipationMode::Online => event.capacity_online,
    };
    cap.map(|c| u64::try_from(c).unwrap_or_default())
}

async fn confirmed_in<C: ConnectionTrait>(
    db: &C,
    event: Uuid,
    mode: ParticipationMode,
) -> Result<u64> {
    Ok(registration::Entity::find()
        .filter(registration::Column::EventId.eq(event))
        .filter(registration::Column::Mode.eq(mode))
        .filter(registration::Column::Status.eq(RegistrationStatus::Confirmed))
        .count(db)
        .await?)
}

pub(crate) async fn has_free_seat<C: ConnectionTrait>(
    db: &C,
    event: &event::Model,
    mode: ParticipationMode,
) -> Result<bool> {
    match capacity(event, mode) {
        None => Ok(true),
        Some(cap) => Ok(confirmed_in(db, event.id, mode).await? < cap),
    }
}

pub(crate) async fn next_waitlist_position<C: ConnectionTrait>(
    db: &C,
    event: Uuid,
    mode: ParticipationMode,
) -> Result<i32> {
    let last: Option<Option<i32>> = registration::Entity::find()
        .select_only()
        .column_as(registration::Column::WaitlistPosition.max(), "max")
        .filter(registration::Column::EventId.eq(event))
        .filter(registration::Column::Mode.eq(mode))
        .into_tuple()
        .one(db)
        .await?;
    Ok(last.flatten().unwrap_or(0) + 1)
}

/// Moves everyone behind `position` on the waiting list of `mode` one place
/// up, after the registration at `position` left it (promoted, cancelled,
/// moved to the other mode): places are always 1, 2, 3 … with 1 next.
pub(crate) async fn close_gap<C: ConnectionTrait>(
    db: &C,
    event: Uuid,
    mode: ParticipationMode,
    position: Option<i32>,
) -> Result<()> {
    use sea_orm::sea_query::ExprTrait;
    let Some(position) = position else {
        return Ok(());
    };
    registration::Entity::update_many()
        .col_expr(
            registration::Column::WaitlistPosition,
            Expr::col(registration::Column::WaitlistPosition).sub(1),
        )
        .filter(registration::Column::EventId.eq(event))
        .filter(registration::Column::Mode.eq(mode))
        .filter(registration::Column::Status.eq(RegistrationStatus::Waitlisted))
        .filter(registration::Column::WaitlistPosition.gt(position))
        .exec(db)
        .await?;
    Ok(())
}

pub(crate) async fn record<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
    registration: Uuid,
    actor: Option<PersonId>,
    from: Option<(RegistrationStatus, ParticipationMode)>,
    to: (RegistrationStatus, ParticipationMode),
    note: Option<String>,
) -> Result<()> {
    registration_history::ActiveModel {
        id: Set(Uuid::now_v7()),
        registration_id: Set(registration),
        actor_person_id: Set(actor.map(|a| a.0)),
        from_status: Set(from.map(|f| f.0)),
        to_status: Set(to.0),
        from_mode: Set(from.map(|f| f.1)),
        to_mode: Set(to.1),
        note: Set(note),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Promotes the first in line of `mode` while seats are free; returns the
/// promoted. Nobody is promoted to an event that has been called off.
pub(crate) async fn promote(
    tx: &Tx,
    event: &event::Model,
    mode: ParticipationMode,
) -> Result<Vec<registration::Model>> {
    let txn = tx.db();
    let mut promoted = Vec::new();
    if event.status == EventStatus::Cancelled {
        return Ok(promoted);
    }
    while has_free_seat(txn, event, mode).await? {
        let Some(next) = registration::Entity::find()
            .filter(registration::Column::EventId.eq(event.id))
            .filter(registration::Column::Mode.eq(mode))
            .filter(registration::Column::Status.eq(RegistrationStatus::Waitlisted))
            .order_by_asc(registration::Column::WaitlistPosition)
            .order_by_asc(registration::Column::CreatedAt)
            .one(txn)
            .await?
        else {
            break;
        };
        let now = tx.now();
        let mut model: registration::ActiveModel = next.clone().into();
        model.status = Set(RegistrationStatus::Confirmed);
        model.waitlist_position = Set(None);
        model.updated_at = Set(now);
        let saved = model.update(txn).await?;
        close_gap(txn, event.id, mode, next.waitlist_position).await?;
        record(
            txn,
            now,
            saved.id,
            None,
            Some((RegistrationStatus::Waitlisted, mode)),
            (RegistrationStatus::Confirmed, mode),
            Some("a seat came free".into()),
        )
        .await?;
        if let Some(person_id) = saved.person_id
            && let Some(person) = person::Entity::find_by_id(person_id).one(txn).await?
        {
            // The manage link of their first mail still works; only its hash is kept.
            tell(tx, Happened::Promoted, event, &saved, person);
        }
        promoted.push(saved);
    }
    Ok(promoted)
}

/// Fills free seats from the waiting lists of an event (after its capacity
/// was raised, say).
pub async fn fill_free_seats(cx: &Context, event_id: EventId) -> Result<usize> {
    Tx::run(cx, |tx| async move {
        let n = fill_free_seats_in(&tx, event_id).await?;
        Ok((tx, n))
    })
    .await
}

/// [`fill_free_seats`] in the caller's unit.
pub(crate) async fn fill_free_seats_in(tx: &Tx, event_id: EventId) -> Result<usize> {
    lock_event(tx.db(), event_id).await?;
    let Some(event) = event::Entity::find_by_id(event_id.0).one(tx.db()).await? else {
        return Ok(0);
    };
    let mut n = 0;
    for mode in [ParticipationMode::InPerson, ParticipationMode::Online] {
        n += promote(tx, &event, mode).await?.len();
    }
    // The capacity changed: remaining seats did, promoted or not.
    tx.seats_changed(event_id);
    Ok(n)
}
