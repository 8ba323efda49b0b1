//! The viewer's personal calendar feed: making, rotating and revoking its
//! secret URL.

use async_graphql::{Context, InputObject, Object, SimpleObject};

use crate::calendar::links::webcal;
use crate::graphql::error::{UserError, outcome};
use crate::graphql::types::{CalendarFeed, feed_urls, service_cx};
use crate::service::feed_tokens;

/// What the new personal feed holds.
#[derive(InputObject, Default)]
pub struct RotateCalendarTokenInput {
    /// Whether to add every event of the networks the viewer belongs to;
    /// leave it out to keep the previous feed's choice (false at first).
    pub include_followed_networks: Option<bool>,
}

/// A new personal feed URL; the old one (if any) answers 404 from now on.
#[derive(SimpleObject)]
pub struct RotateCalendarTokenPayload {
    /// The feed's https URL, with its secret: shown only now. Paste it into
    /// a calendar application's "subscribe" (or "from URL") dialog.
    pub calendar_url: Option<String>,
    /// The same feed as a `webcal://` link, which opens the calendar
    /// application's subscribe dialog.
    pub webcal_url: Option<String>,
    /// The feed's settings.
    pub calendar_feed: Option<CalendarFeed>,
    /// What was wrong.
    pub user_errors: Vec<UserError>,
}

/// The outcome of revoking the personal feed.
#[derive(SimpleObject)]
pub struct RevokeCalendarTokenPayload {
    /// True when a feed was revoked (false when there was none).
    pub revoked: bool,
    /// The revoked feed.
    pub calendar_feed: Option<CalendarFeed>,
    /// What was wrong.
    pub user_errors: Vec<UserError>,
}

/// The viewer's personal calendar feed.
#[derive(Default)]
pub struct CalendarMutation;

#[Object]
impl CalendarMutation {
    /// Makes the viewer's personal calendar feed, or replaces its URL: the
    /// old URL answers 404 from now on. The URL carries a secret that is
    /// shown only in this answer (only its hash is stored); call again to
    /// get a new one.
    async fn rotate_calendar_token(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What the feed holds.")] input: RotateCalendarTokenInput,
    ) -> async_graphql::Result<RotateCalendarTokenPayload> {
        let cx = service_cx(ctx)?;
        let (issued, user_errors) =
            outcome(feed_tokens::rotate(cx, input.include_followed_networks).await)?;
        Ok(match issued {
            Some(issued) => {
                let url = feed_urls(ctx)?.personal(&issued.token);
                RotateCalendarTokenPayload {
                    webcal_url: Some(webcal(&url)),
                    calendar_url: Some(url),
                    calendar_feed: Some(CalendarFeed(issued.record)),
                    user_errors,
                }
            }
            None => RotateCalendarTokenPayload {
                calendar_url: None,
                webcal_url: None,
                calendar_feed: None,
                user_errors,
            },
        })
    }

    /// Revokes the viewer's personal calendar feed: its URL answers 404 from
    /// now on (idempotent).
    async fn revoke_calendar_token(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<RevokeCalendarTokenPayload> {
        let (revoked, user_errors) = outcome(feed_tokens::revoke(service_cx(ctx)?).await)?;
        let revoked = revoked.flatten();
        Ok(RevokeCalendarTokenPayload {
            revoked: revoked.is_some(),
            calendar_feed: revoked.map(CalendarFeed),
            user_errors,
        })
    }
}
