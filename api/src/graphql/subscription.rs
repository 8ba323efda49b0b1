//! The root subscription, served over WebSocket at `/graphql/ws` (see
//! [`super::ws`]).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_graphql::{Context, ID, Subscription as SubscriptionRoot};
use futures::Stream;
use futures::stream::{self, StreamExt};
use tokio::sync::broadcast::error::RecvError;

use super::error::{coded, codes};
use super::ids::GlobalId;
use super::types::{Seats, service_cx};
use crate::ids::EventId;
use crate::live::Change;
use crate::service::{self, events, registrations};

/// Most subscriptions one WebSocket connection may hold at once.
pub const MAX_SUBSCRIPTIONS_PER_CONNECTION: usize = 20;

/// The subscriptions a connection holds (connection data of `/graphql/ws`).
#[derive(Debug, Default, Clone)]
pub struct SubscriptionSlots(Arc<AtomicUsize>);

/// One held subscription; gives its slot back when the stream is dropped.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl SubscriptionSlots {
    fn take(&self) -> async_graphql::Result<Slot> {
        let taken = self.0.fetch_add(1, Ordering::AcqRel);
        let slot = Slot(self.0.clone());
        if taken >= MAX_SUBSCRIPTIONS_PER_CONNECTION {
            return Err(coded(
                format!(
                    "a connection may hold at most {MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions"
                ),
                codes::BAD_USER_INPUT,
            ));
        }
        Ok(slot)
    }
}

/// Live updates over WebSocket (graphql-ws protocol at `/graphql/ws`).
#[derive(Default)]
pub struct Subscription;

/// Live updates over WebSocket (graphql-ws protocol at `/graphql/ws`).
#[SubscriptionRoot]
impl Subscription {
    /// The seats of an event: the current counts at once, then new counts
    /// whenever they change (a registration, cancellation, decision, change
    /// of mode or of capacity), from any server process. Follows the same
    /// visibility rules as `event(id:)`: authenticate in the `connection_init`
    /// payload (`{"authorization": "Bearer …"}`) for members-only events.
    async fn seats_changed(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The event's global id.")] event_id: ID,
    ) -> async_graphql::Result<impl Stream<Item = Seats> + use<>> {
        let slot = match ctx.data_opt::<SubscriptionSlots>() {
            Some(slots) => Some(slots.take()?),
            None => None,
        };
        let id = EventId::parse(&event_id)?;
        let cx = service_cx(ctx)?.clone();
        // Subscribe before counting: a change after the count is not missed.
        let changes = cx.live.subscribe();
        if events::visible(&cx, id).await?.is_none() {
            return Err(service::Error::NotFound("event").into());
        }
        let first = registrations::seats(&cx, id)
            .await?
            .ok_or(service::Error::NotFound("event"))?;
        let later = stream::unfold(
            (changes, cx, first, slot),
            move |(mut changes, cx, mut last, slot)| async move {
                loop {
                    match changes.recv().await {
                        Ok(Change::Seats(changed)) if changed != id => continue,
                        Ok(_) | Err(RecvError::Lagged(_)) => {}
                        Err(RecvError::Closed) => return None,
                    }
                    match registrations::seats(&cx, id).await {
                        Ok(Some(seats)) if seats != last => {
                            last = seats;
                            return Some((Seats::from(seats), (changes, cx, last, slot)));
                        }
                        Ok(Some(_)) => continue,
                        // The event is gone: the subscription ends.
                        Ok(None) => return None,
                        Err(err) => {
                            tracing::warn!(error = %err, event = %id, "counting seats failed");
                            continue;
                        }
                    }
                }
            },
        );
        Ok(stream::once(async move { Seats::from(first) }).chain(later))
    }
}
