//! Series of events.

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};
use entities::{event, series};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::network::events_page;
use super::{EventConnection, Network, feed_urls, loaders, service_cx};
use crate::calendar::links::webcal;
use crate::graphql::ids::GlobalId;
use crate::ids::{NetworkId, SeriesId};
use crate::pagination::{List, PageRequest};

/// A series of events, such as a monthly meeting with its occurrences.
#[derive(Clone)]
pub struct Series(pub series::Model);

/// A series of events, such as a monthly meeting with its occurrences.
#[Object]
impl Series {
    /// Global id.
    pub async fn id(&self) -> ID {
        SeriesId(self.0.id).to_global()
    }

    /// Title, e.g. "Gemensam utvecklingsgrupp".
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// Description.
    async fn description(&self) -> &str {
        &self.0.description
    }

    /// The network that holds the series.
    async fn network(&self, ctx: &Context<'_>) -> async_graphql::Result<Network> {
        loaders(ctx)?
            .load_one(NetworkId(self.0.network_id))
            .await?
            .map(Network)
            .ok_or_else(|| crate::service::Error::NotFound("network").into())
    }

    /// The occurrences, ordered by start.
    async fn events(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Number of items from the start (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor to start after.")] after: Option<String>,
        #[graphql(desc = "Number of items from the end (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor to end before.")] before: Option<String>,
    ) -> async_graphql::Result<EventConnection> {
        let cx = service_cx(ctx)?;
        let select = event::Entity::find().filter(event::Column::SeriesId.eq(self.0.id));
        let select = crate::service::events::only_visible(cx, select).await?;
        events_page(
            ctx,
            List::SeriesEvents,
            select,
            PageRequest {
                first,
                after,
                last,
                before,
            },
            cx,
        )
        .await
    }

    /// The series' calendar feed (iCalendar over https, from `PUBLIC_URL`) to
    /// subscribe to: the occurrences a visitor who is not signed in may see,
    /// upcoming ones and those that ended in the last 90 days (by default),
    /// with the join link where it is public.
    async fn calendar_url(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(feed_urls(ctx)?.series(SeriesId(self.0.id)))
    }

    /// The same feed as `calendarUrl` as a `webcal://` link: opening it starts
    /// the calendar application's subscribe dialog.
    async fn webcal_url(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(webcal(&feed_urls(ctx)?.series(SeriesId(self.0.id))))
    }

    /// The series' feed as the viewer sees it, behind their personal feed
    /// token (`rotateCalendarToken`): a members-only series (a project
    /// network's gatherings) with the occurrences the viewer may see, which
    /// the public `calendarUrl` leaves out. Null without a personal feed
    /// token (or signed out). The URL is a secret, like the personal feed's.
    async fn my_calendar_url(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        let cx = service_cx(ctx)?;
        if cx.viewer.person_id().is_none() {
            return Ok(None);
        }
        let token = crate::service::feed_tokens::current(cx).await?;
        let urls = feed_urls(ctx)?;
        Ok(token
            .and_then(|t| t.secret)
            .map(|secret| urls.personal_series(&secret, SeriesId(self.0.id))))
    }

    /// Attendance at the series' events over a period, per event and per
    /// organisation (municipality): "which municipalities were represented at
    /// the last three meetings?" is `attendance(last: 3)`. For organisers,
    /// and for the admitted representatives of a project network's series
    /// (organisations and counts only; names guests wrote count as unknown
    /// for them).
    /// Counts the published events that start in the window (`from`, default
    /// the beginning, to before `to`, default now), with `last` only the
    /// last that many; counts confirmed registrations, and at events where
    /// participants were checked in only the checked-in ones.
    async fn attendance(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only the last this many occurrences of the window (at least 1).")]
        last: Option<i32>,
        #[graphql(desc = "Occurrences that start at or after this instant.")] from: Option<
            DateTime<Utc>,
        >,
        #[graphql(desc = "Occurrences that start before this instant (default: now).")] to: Option<
            DateTime<Utc>,
        >,
    ) -> async_graphql::Result<super::Attendance> {
        let period = super::attendance_period(last, from, to)?;
        let scope = crate::service::attendance::Scope::Series(SeriesId(self.0.id));
        Ok(
            crate::service::attendance::attendance(service_cx(ctx)?, scope, period)
                .await?
                .into(),
        )
    }

    /// When the series was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}
