//! Per event, how many registrations hold a seat or wait: kept by triggers
//! on `registrations` in the transaction of every change to them (see the
//! migration `m20261204_140000_create_event_seats`), read where events are
//! listed. Never written by the application. An event without a row has
//! no registration that counts.

use sea_orm::entity::prelude::*;

/// The counts of one event.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "event_seats")]
pub struct Model {
    /// The event.
    #[sea_orm(primary_key, auto_increment = false)]
    pub event_id: Uuid,
    /// Confirmed registrations in person.
    pub confirmed_in_person: i64,
    /// Confirmed registrations online.
    pub confirmed_online: i64,
    /// Registrations on either waiting list.
    pub waitlisted: i64,
    /// Applications waiting for a decision.
    pub pending: i64,
}

/// Relations are followed through explicit queries and DataLoaders.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
