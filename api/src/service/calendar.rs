//! Calendar feeds of networks, series and single events: which events a feed
//! holds (what the viewer may see, in a time window), a cheap version of the
//! feed for HTTP validators, and the feed as an iCalendar document.
//!
//! A feed is served in two steps so that polling is cheap. [`prepare`] finds
//! the feed's networks and contact persons and the id and `updated_at` of each
//! of its events — a few small queries — and computes the [`FeedVersion`]
//! (strong ETag, Last-Modified) from them. Only when the client's copy is out
//! of date does [`render`] load the events with their agenda and speakers and
//! build the body. Every statement is a batch: a feed of 1,000 events costs
//! the same number of statements as one of 5.
//!
//! The body is a function of what the version hashes (and nothing else, not
//! even the time of the request: `DTSTAMP` is the event's last change, as
//! RFC 5545 asks of a calendar without `METHOD`), so equal versions mean
//! equal bodies, across requests and across server processes.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use entities::by_position::ReadByPosition;
use entities::{
    AttendanceMode, EventStatus, ParticipationMode, RegistrationStatus, SpeakerStatus, agenda_item,
    event, network, network_contact, person, registration, speaker, theme_suggestion,
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait,
};
use sha2::{Digest, Sha256};

use crate::db::one_of_ids;
use uuid::Uuid;

use super::{Context, Error, ErrorCode, Result, Viewer, policy};
use crate::calendar::event_uid;
use crate::calendar::ics;
use crate::calendar::links::{FeedUrls, NewCalendarEntry, google_calendar, outlook_calendar};
use crate::config::Config;
use crate::i18n::calendar::{Words, words};
use crate::i18n::{Locale, dates};
use crate::ids::{EventId, PersonId, SeriesId};
use crate::service::translations::{
    EventText, EventTranslations, PartText, PartTranslations, Wanted,
};
use crate::service::validate::parse_time_zone;

/// Most events one feed holds (the earliest first); a bigger window is cut.
pub const MAX_FEED_EVENTS: u64 = 10_000;

/// Changes whenever the rendering does, so that an ETag given out by an older
/// server never matches a body rendered differently.
const FORMAT_VERSION: &str = "traffpunkt-feed-2";

/// Longest description carried by an "add to calendar" link, in characters:
/// the links must stay well below the URL lengths browsers and proxies take.
const LINK_DETAILS_MAX_CHARS: usize = 1_000;

/// What every feed needs from the configuration.
#[derive(Clone, Debug)]
pub struct FeedSettings {
    /// Public URLs (event pages in `URL`).
    pub urls: FeedUrls,
    /// How far back network and series feeds look by default.
    pub past: Duration,
    /// `REFRESH-INTERVAL` and `X-PUBLISHED-TTL`.
    pub refresh: Duration,
    /// The language asked for (`?lang=`): the events' texts in it where
    /// translated (else in each event's own, as without it), the feed's
    /// words in it, and `LANGUAGE` on `SUMMARY` and `DESCRIPTION`.
    pub lang: Option<Locale>,
}

impl FeedSettings {
    /// The settings of this configuration.
    pub fn from_config(config: &Config) -> Self {
        Self {
            urls: FeedUrls::new(&config.public_url()),
            past: Duration::days(config.feeds.past_days.into()),
            refresh: Duration::minutes(config.feeds.refresh_minutes.into()),
            lang: None,
        }
    }
}

/// The time window of a network or series feed. Without a start, the feed
/// holds events that ended at most [`FeedSettings::past`] ago; without an end,
/// all upcoming ones. Single-event feeds have no window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Window {
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
}

impl Window {
    /// Events that end at or after `from` and start before `to`; `to` must
    /// be after `from`.
    pub fn new(from: Option<DateTime<Utc>>, to: Option<DateTime<Utc>>) -> Result<Self> {
        if let (Some(from), Some(to)) = (from, to)
            && to <= from
        {
            return Err(Error::field(
                "to",
                ErrorCode::InvalidTimeRange,
                "to must be after from",
            ));
        }
        Ok(Self { from, to })
    }

    /// The window as a condition on events. A cancelled event stays while it
    /// was cancelled inside the window, long enough for every subscriber to
    /// see the cancellation, and then goes.
    fn condition(self, settings: &FeedSettings, now: DateTime<Utc>) -> Condition {
        let from = self.start(settings, now);
        let mut condition = Condition::all().add(event::Column::EndsAt.gte(from)).add(
            Condition::any()
                .add(event::Column::Status.ne(EventStatus::Cancelled))
                .add(event::Column::CancelledAt.gte(from)),
        );
        if let Some(to) = self.to {
            condition = condition.add(event::Column::StartsAt.lt(to));
        }
        condition
    }
}

impl Window {
    /// The earliest instant the window reaches back to.
    fn start(self, settings: &FeedSettings, now: DateTime<Utc>) -> DateTime<Utc> {
        self.from.unwrap_or(now - settings.past)
    }
}

/// Which feed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FeedKey {
    /// A network's events, with its sub-networks' (recursively) when asked.
    Network {
        /// The network's slug.
        slug: String,
        /// Whether to include the sub-networks' events.
        include_children: bool,
    },
    /// The occurrences of a series.
    Series(SeriesId),
    /// One event.
    Event(EventId),
    /// A person's own calendar, built for the context's viewer (who must be
    /// that person): the events they are registered for (confirmed,
    /// waitlisted or pending; cancelled and rejected ones as cancelled for
    /// the window's past), speak at or organise, and with
    /// `include_followed_networks` every visible event of the networks they
    /// belong to.
    Person {
        /// The person.
        person: PersonId,
        /// Whether to add every event of the networks they belong to.
        include_followed_networks: bool,
    },
}

/// How the person of a personal feed relates to one of its events: what
/// decides its STATUS and whether its join link is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PersonalRelation {
    /// Their registration's status, if they registered.
    pub registration: Option<RegistrationStatus>,
    /// They speak at it (a speaker who has not declined).
    pub speaker: bool,
    /// What their registration and talk say about the join link.
    pub link: policy::EventRelation,
    /// They organise its network.
    pub organiser: bool,
    /// They belong to its network and chose to follow their networks.
    pub followed: bool,
    /// The last change of their registration or talk: a cancelled
    /// registration changes the entry without changing the event, and
    /// `Last-Modified` must move with it.
    pub changed_at: Option<DateTime<Utc>>,
}

impl PersonalRelation {
    /// The relation as `policy` knows it.
    fn policy(self) -> policy::EventRelation {
        self.link
    }

    /// The entry's STATUS: a cancelled event is cancelled; a confirmed seat,
    /// a talk, the organiser's role or a followed network make it the
    /// event's own status; a place on the waiting list or a pending
    /// application make it tentative; a registration cancelled (or an
    /// application rejected) makes it cancelled, so calendar clients remove
    /// the entry.
    fn status(self, event: &event::Model) -> ics::Status {
        let own = event_status(event);
        if event.status == EventStatus::Cancelled
            || self.speaker
            || self.organiser
            || self.registration == Some(RegistrationStatus::Confirmed)
        {
            return own;
        }
        match self.registration {
            Some(RegistrationStatus::Waitlisted | RegistrationStatus::Pending) => {
                ics::Status::Tentative
            }
            Some(RegistrationStatus::Cancelled | RegistrationStatus::Rejected)
                if !self.followed =>
            {
                ics::Status::Cancelled
            }
            _ => own,
        }
    }

    /// What the version hashes of it.
    fn stamp(self) -> String {
        format!(
            "{}:{}:{}:{}",
            self.registration.map_or("-", |s| s.as_str()),
            self.speaker,
            self.organiser,
            self.followed
        )
    }
}

/// What HTTP caches compare.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedVersion {
    /// A strong ETag, quoted: `"…"`. Equal tags mean byte-equal bodies.
    pub etag: String,
    /// The latest change among the feed's events, networks and contacts.
    /// Removals (an event leaving the window, a contact removed) leave no
    /// timestamp, so clients should prefer the ETag.
    pub last_modified: DateTime<Utc>,
}

/// A feed whose events are chosen and whose version is known, but whose body
/// is not built yet.
#[derive(Clone, Debug)]
pub struct Feed {
    /// The validators.
    pub version: FeedVersion,
    /// A file name for `Content-Disposition`, e.g. `socialchefsnatverket.ics`.
    pub file_name: String,
    header: Header,
    publishers: HashMap<Uuid, Publisher>,
    selection: Condition,
    /// For a personal feed, how its person relates to each event.
    relations: Option<HashMap<Uuid, PersonalRelation>>,
}

/// A rendered feed.
#[derive(Clone, Debug)]
pub struct RenderedFeed {
    /// The iCalendar document.
    pub body: String,
    /// The validators of exactly this body.
    pub version: FeedVersion,
}

/// The calendar's own properties.
#[derive(Clone, Debug)]
struct Header {
    name: String,
    description: String,
    time_zone: String,
    updated_at: DateTime<Utc>,
    /// Whose and which feed, for the version: the same events make another
    /// body in another person's feed.
    scope: String,
}

/// A network as its events show it: name (a category), locale (of the texts
/// added to descriptions) and first contact person (the organizer).
#[derive(Clone, Debug)]
struct Publisher {
    network: network::Model,
    organizer: Option<Organizer>,
}

/// A contact person as calendars show them (ORGANIZER): the first contact
/// with an address [`network_contact::Model::organizer_address`] allows (accepted), the
/// same in feeds and invitations.
#[derive(Clone, Debug)]
struct Organizer {
    id: Uuid,
    name: String,
    email: String,
    updated_at: DateTime<Utc>,
}

impl Organizer {
    /// The organizer for a contact, when the contact has an address to show.
    fn of(contact: &network_contact::Model, person: &person::Model) -> Option<Self> {
        contact.organizer_address(person).map(|email| Self {
            id: person.id,
            name: person.name.clone(),
            email: email.to_owned(),
            updated_at: person.updated_at,
        })
    }
}

/// Finds a feed and computes its version without building it. Unknown
/// networks, series and events — and events or series the viewer may not
/// see — are `NotFound`. `known` is the version of a shared feed computed
/// lately with nothing written since: it is taken instead of being
/// computed again from the events' stamps.
#[tracing::instrument(skip_all, fields(feed = ?key))]
pub async fn prepare(
    cx: &Context,
    settings: &FeedSettings,
    key: &FeedKey,
    window: Window,
    known: Option<FeedVersion>,
) -> Result<Feed> {
    // An `all` around the rule: it may be an `any`, and more is added below.
    let visible = Condition::all().add(
        policy::visible_events(cx)
            .await?
            .unwrap_or_else(Condition::all),
    );
    let in_window = window.condition(settings, cx.clock.now());
    let not_found = || Error::NotFound("calendar");
    let mut guard = None;
    let (header, networks, selection, file_name) = match key {
        FeedKey::Network {
            slug,
            include_children,
        } => {
            let root = super::tree::network_by_slug(&cx.db, slug)
                .await?
                .ok_or_else(not_found)?;
            let mut all = vec![root.clone()];
            if *include_children {
                all.extend(descendants(cx, root.id).await?);
            }
            let ids: Vec<Uuid> = all.iter().map(|n| n.id).collect();
            let selection = visible
                .add(event::Column::NetworkId.is_in(ids))
                .add(in_window);
            let header = Header {
                name: root.name.clone(),
                description: root.description.clone(),
                time_zone: root.time_zone.clone(),
                updated_at: root.updated_at,
                scope: String::new(),
            };
            (header, all, selection, format!("{}.ics", root.slug))
        }
        FeedKey::Series(id) => {
            // The row itself: `super::series` sits above the notices that
            // build invitations here.
            let found = entities::series::Entity::find_by_id(id.0)
                .one(&cx.db)
                .await?
                .ok_or_else(not_found)?;
            let network = super::tree::network(&cx.db, found.network_id)
                .await?
                .ok_or_else(not_found)?;
            let of_series = visible.add(event::Column::SeriesId.eq(id.0));
            // A series none of whose events the viewer may see is not shown:
            // its title alone would tell what a closed network plans.
            guard = Some(of_series.clone());
            let header = Header {
                name: found.title,
                description: found.description,
                time_zone: network.time_zone.clone(),
                updated_at: found.updated_at,
                scope: String::new(),
            };
            let selection = of_series.add(in_window);
            (
                header,
                vec![network],
                selection,
                format!("series-{}.ics", id.0),
            )
        }
        FeedKey::Event(id) => {
            let selection = visible.add(event::Column::Id.eq(id.0));
            let event = event::Entity::find()
                .filter(selection.clone())
                .one(&cx.db)
                .await?
                .ok_or_else(not_found)?;
            let network = super::tree::network(&cx.db, event.network_id)
                .await?
                .ok_or_else(not_found)?;
            let header = Header {
                name: event.title,
                description: String::new(),
                time_zone: event.time_zone,
                updated_at: event.updated_at,
                scope: String::new(),
            };
            (
                header,
                vec![network],
                selection,
                format!("event-{}.ics", id.0),
            )
        }
        FeedKey::Person {
            person,
            include_followed_networks,
        } => {
            personal_selection(
                cx,
                settings,
                *person,
                *include_followed_networks,
                visible,
                in_window,
                window,
            )
            .await?
        }
    };
    let publishers = publishers(cx, networks).await?;
    // A personal feed's version also depends on the person's relations,
    // which are read with the stamps below.
    if let Some(version) = known
        && !matches!(key, FeedKey::Person { .. })
    {
        return Ok(Feed {
            version,
            file_name,
            header,
            publishers,
            selection,
            relations: None,
        });
    }
    let stamps: Vec<(Uuid, DateTime<Utc>, Uuid)> = event::Entity::find()
        .select_only()
        .column(event::Column::Id)
        .column(event::Column::UpdatedAt)
        .column(event::Column::NetworkId)
        .filter(selection.clone())
        .order_by_asc(event::Column::StartsAt)
        .order_by_asc(event::Column::Id)
        .limit(MAX_FEED_EVENTS)
        .into_tuple()
        .all(&cx.db)
        .await?;
    if stamps.is_empty()
        && let Some(guard) = guard
        && event::Entity::find()
            .select_only()
            .column(event::Column::Id)
            .filter(guard)
            .limit(1)
            .into_tuple::<Uuid>()
            .one(&cx.db)
            .await?
            .is_none()
    {
        return Err(not_found());
    }
    let relations = match key {
        FeedKey::Person {
            person,
            include_followed_networks,
        } => Some(relations(cx, *person, *include_followed_networks, &selection, &stamps).await?),
        _ => None,
    };
    let version = version(
        settings,
        &header,
        &publishers,
        relations.as_ref(),
        stamps.into_iter().map(|(id, at, _)| (id, at)),
    );
    Ok(Feed {
        version,
        file_name,
        header,
        publishers,
        selection,
        relations,
    })
}

/// Builds a prepared feed: loads its events, their agenda items and speakers
/// (three batched queries, run together) and renders the calendar.
#[tracing::instrument(skip_all, fields(file = %feed.file_name))]
pub async fn render(cx: &Context, settings: &FeedSettings, feed: &Feed) -> Result<RenderedFeed> {
    let ids = event::Entity::find()
        .select_only()
        .column(event::Column::Id)
        .filter(feed.selection.clone())
        .into_query();
    let events = event::Entity::find()
        .filter(feed.selection.clone())
        .order_by_asc(event::Column::StartsAt)
        .order_by_asc(event::Column::Id)
        .limit(MAX_FEED_EVENTS)
        .all_by_position(&cx.db);
    // By `one_of_ids`: probed by each table's event index rather than
    // joined (a 500-event feed's 1,045 speakers: 3.9 → 2.9 ms).
    let backend = cx.db.get_database_backend();
    let agenda = agenda_item::Entity::find()
        .filter(one_of_ids(
            backend,
            (agenda_item::Entity, agenda_item::Column::EventId),
            ids.clone(),
        ))
        .order_by_asc(agenda_item::Column::EventId)
        .order_by_asc(agenda_item::Column::Position)
        .all_by_position(&cx.db);
    let speakers = speaker::Entity::find()
        .filter(one_of_ids(
            backend,
            (speaker::Entity, speaker::Column::EventId),
            ids.clone(),
        ))
        .filter(speaker::Column::Status.ne(SpeakerStatus::Declined))
        .order_by_asc(speaker::Column::EventId)
        .order_by_asc(speaker::Column::Position)
        .all_by_position(&cx.db);
    let suggested = published_suggestions()
        .filter(one_of_ids(
            backend,
            (theme_suggestion::Entity, theme_suggestion::Column::EventId),
            ids,
        ))
        .all_by_position(&cx.db);
    let (events, agenda, speakers, suggested) =
        tokio::try_join!(events, agenda, speakers, suggested)?;
    // Translations only matter to a feed asked for in a language.
    let mut translated: HashMap<Uuid, Vec<entities::translation::Model>> = HashMap::new();
    if settings.lang.is_some() && !events.is_empty() {
        let ids: Vec<Uuid> = events.iter().map(|e| e.id).collect();
        for row in super::translations::rows_of_events(&cx.db, ids).await? {
            translated.entry(row.event_id).or_default().push(row);
        }
    }
    let mut suggestions_of: HashMap<Uuid, Vec<theme_suggestion::Model>> = HashMap::new();
    for suggestion in suggested {
        if let Some(event) = suggestion.event_id {
            suggestions_of.entry(event).or_default().push(suggestion);
        }
    }

    let mut agenda_of: HashMap<Uuid, Vec<agenda_item::Model>> = HashMap::new();
    for item in agenda {
        agenda_of.entry(item.event_id).or_default().push(item);
    }
    let mut speakers_of: HashMap<Uuid, Vec<speaker::Model>> = HashMap::new();
    for speaker in speakers {
        speakers_of
            .entry(speaker.event_id)
            .or_default()
            .push(speaker);
    }
    let mut entries = Vec::with_capacity(events.len());
    for event in &events {
        // Personal feeds follow the person's relation to each event; the
        // viewer's access is loaded once per context, so this costs no
        // statement per event.
        let (show_link, status) = match &feed.relations {
            Some(relations) => {
                let relation = relations.get(&event.id).copied().unwrap_or_default();
                (
                    policy::can_see_join_link(cx, event, relation.policy()).await?,
                    relation.status(event),
                )
            }
            None => (
                policy::join_link_in_shared_view(&cx.viewer, event),
                event_status(event),
            ),
        };
        let mut entry = ics_event(
            show_link,
            &settings.urls,
            settings.lang.map(|lang| {
                let rows = translated.get(&event.id).map_or(&[][..], Vec::as_slice);
                InLanguage {
                    lang,
                    event: EventTranslations::of(rows),
                    parts: PartTranslations::of(rows),
                }
            }),
            event,
            feed.publishers.get(&event.network_id),
            agenda_of.get(&event.id).map_or(&[], Vec::as_slice),
            speakers_of.get(&event.id).map_or(&[], Vec::as_slice),
            suggestions_of.get(&event.id).map_or(&[], Vec::as_slice),
        );
        entry.status = status;
        entries.push(entry);
    }
    let calendar = ics::Calendar {
        name: Some(feed.header.name.clone()),
        description: Some(feed.header.description.clone()),
        time_zone: Some(feed.header.time_zone.clone()),
        refresh_interval: Some(settings.refresh),
        events: entries,
        ..ics::Calendar::new()
    };
    let version = version(
        settings,
        &feed.header,
        &feed.publishers,
        feed.relations.as_ref(),
        events.iter().map(|e| (e.id, e.updated_at)),
    );
    Ok(RenderedFeed {
        body: calendar.render(),
        version,
    })
}

/// The zone of a personal feed whose events give none (its networks' zone
/// otherwise).
const PERSONAL_DEFAULT_ZONE: &str = "Europe/Stockholm";

/// The header, networks, selection and file name of a personal feed.
async fn personal_selection(
    cx: &Context,
    settings: &FeedSettings,
    person: PersonId,
    include_followed_networks: bool,
    visible: Condition,
    in_window: Condition,
    window: Window,
) -> Result<(Header, Vec<network::Model>, Condition, String)> {
    if cx.viewer.person_id() != Some(person) {
        return Err(Error::NotFound("calendar"));
    }
    let me = person::Entity::find_by_id(person.0)
        .one(&cx.db)
        .await?
        .ok_or(Error::NotFound("calendar"))?;
    let access = policy::access(cx).await?;
    let since = window.start(settings, cx.clock.now());
    let registered = registration::Entity::find()
        .select_only()
        .column(registration::Column::EventId)
        .filter(registration::Column::PersonId.eq(person.0))
        .filter(
            Condition::any()
                .add(registration::Column::Status.is_in([
                    RegistrationStatus::Confirmed,
                    RegistrationStatus::Waitlisted,
                    RegistrationStatus::Pending,
                ]))
                // Cancelled or rejected lately: shown as cancelled for as
                // long as a cancelled event stays, so clients remove it.
                .add(registration::Column::UpdatedAt.gte(since)),
        )
        .into_query();
    let speaking = speaker::Entity::find()
        .select_only()
        .column(speaker::Column::EventId)
        .filter(speaker::Column::PersonId.eq(person.0))
        .filter(speaker::Column::Status.ne(SpeakerStatus::Declined))
        .into_query();
    let mut mine = Condition::any()
        .add(event::Column::Id.in_subquery(registered))
        .add(event::Column::Id.in_subquery(speaking))
        .add(event::Column::NetworkId.is_in(access.manages.iter().copied()));
    if include_followed_networks {
        mine = mine.add(event::Column::NetworkId.is_in(access.member_of.iter().copied()));
    }
    let selection = visible.add(mine).add(in_window);
    let networks = network::Entity::find()
        .filter(
            network::Column::Id.in_subquery(
                event::Entity::find()
                    .select_only()
                    .column(event::Column::NetworkId)
                    .filter(selection.clone())
                    .into_query(),
            ),
        )
        .order_by_asc(network::Column::Name)
        .order_by_asc(network::Column::Id)
        .all(&cx.db)
        .await?;
    let words = feed_words(me.locale.as_deref().unwrap_or(""));
    let header = Header {
        name: format!("{} – {}", words.my_events, me.name),
        description: String::new(),
        time_zone: networks
            .first()
            .map_or_else(|| PERSONAL_DEFAULT_ZONE.to_owned(), |n| n.time_zone.clone()),
        updated_at: me.updated_at,
        scope: format!("person:{}:{include_followed_networks}", person.0),
    };
    Ok((header, networks, selection, "my-events.ics".to_owned()))
}

/// How the person relates to each of the feed's events: two batched queries
/// (their registrations and talks), the rest from their access.
async fn relations(
    cx: &Context,
    person: PersonId,
    include_followed_networks: bool,
    selection: &Condition,
    stamps: &[(Uuid, DateTime<Utc>, Uuid)],
) -> Result<HashMap<Uuid, PersonalRelation>> {
    let access = policy::access(cx).await?;
    let ids = || {
        event::Entity::find()
            .select_only()
            .column(event::Column::Id)
            .filter(selection.clone())
            .into_query()
    };
    let registrations = registration::Entity::find()
        .select_only()
        .column(registration::Column::EventId)
        .column(registration::Column::Status)
        .column(registration::Column::UpdatedAt)
        .column(registration::Column::Mode)
        .column(registration::Column::HoldExpiresAt)
        .filter(registration::Column::PersonId.eq(person.0))
        .filter(registration::Column::EventId.in_subquery(ids()))
        .into_tuple::<(
            Uuid,
            RegistrationStatus,
            DateTime<Utc>,
            ParticipationMode,
            Option<DateTime<Utc>>,
        )>()
        .all(&cx.db);
    let talks = speaker::Entity::find()
        .select_only()
        .column(speaker::Column::EventId)
        .column(speaker::Column::UpdatedAt)
        .column(speaker::Column::Status)
        .filter(speaker::Column::PersonId.eq(person.0))
        .filter(speaker::Column::Status.ne(SpeakerStatus::Declined))
        .filter(speaker::Column::EventId.in_subquery(ids()))
        .into_tuple::<(Uuid, DateTime<Utc>, SpeakerStatus)>()
        .all(&cx.db);
    let (registrations, talks) = tokio::try_join!(registrations, talks)?;
    let mut relations: HashMap<Uuid, PersonalRelation> = stamps
        .iter()
        .map(|(id, _, network)| {
            (
                *id,
                PersonalRelation {
                    organiser: access.all || access.manages.contains(network),
                    followed: include_followed_networks && access.member_of.contains(network),
                    ..PersonalRelation::default()
                },
            )
        })
        .collect();
    let later = |a: Option<DateTime<Utc>>, b: DateTime<Utc>| Some(a.map_or(b, |a| a.max(b)));
    for (event, status, at, mode, held) in registrations {
        if let Some(relation) = relations.get_mut(&event) {
            relation.registration = Some(status);
            relation.link = relation.link.registration(status, mode, held);
            relation.changed_at = later(relation.changed_at, at);
        }
    }
    for (event, at, status) in talks {
        if let Some(relation) = relations.get_mut(&event) {
            relation.speaker = true;
            relation.link = relation.link.speaker(status);
            relation.changed_at = later(relation.changed_at, at);
        }
    }
    Ok(relations)
}

/// The `invite.ics` of one participant's mail: the event as the feeds map it
/// (same UID, the current SEQUENCE), with `method`, the join link only when
/// `show_link` (which the caller asks [`policy`]; never in a cancellation),
/// `STATUS:CANCELLED` in a cancellation, the recipient as `ATTENDEE`, and an
/// `ORGANIZER` always: the network's organizer ([`network_contact::Model::organizer_address`],
/// as in the feeds), else the configured one (`MAIL_ORGANIZER`, else
/// `MAIL_FROM`'s address under the network's name, as the mail's `From`) — calendars (Outlook) drop or
/// mishandle a REQUEST without one. Reads through `db`, so it may run inside
/// the caller's transaction. `DTSTAMP` is now, as RFC 5546 asks of a message
/// with a METHOD.
pub(crate) async fn invitation<C: ConnectionTrait>(
    db: &C,
    cx: &Context,
    event: &event::Model,
    method: ics::Method,
    show_link: bool,
    attendee: Option<ics::Attendee>,
) -> Result<crate::mail::Invitation> {
    let network = network::Entity::find_by_id(event.network_id)
        .one(db)
        .await?;
    let agenda = agenda_item::Entity::find()
        .filter(agenda_item::Column::EventId.eq(event.id))
        .order_by_asc(agenda_item::Column::Position)
        .all(db)
        .await?;
    let speakers = speaker::Entity::find()
        .filter(speaker::Column::EventId.eq(event.id))
        .filter(speaker::Column::Status.ne(SpeakerStatus::Declined))
        .order_by_asc(speaker::Column::Position)
        .all(db)
        .await?;
    let suggested = published_suggestions()
        .filter(theme_suggestion::Column::EventId.eq(event.id))
        .all(db)
        .await?;
    let publisher = match network {
        Some(network) => {
            let contacts = network_contact::Entity::find()
                .filter(network_contact::Column::NetworkId.eq(network.id))
                .filter(network_contact::Column::AcceptedAt.is_not_null())
                .order_by_asc(network_contact::Column::Position)
                .all(db)
                .await?;
            let people: HashMap<Uuid, person::Model> = person::Entity::find()
                .filter(person::Column::Id.is_in(contacts.iter().map(|c| c.person_id)))
                .all(db)
                .await?
                .into_iter()
                .map(|p| (p.id, p))
                .collect();
            let organizer = contacts
                .iter()
                .find_map(|contact| Organizer::of(contact, people.get(&contact.person_id)?));
            Some(Publisher { network, organizer })
        }
        None => None,
    };
    let cancel = method == ics::Method::Cancel;
    let urls = FeedUrls::new(&cx.public_url);
    // The event's own texts, and the same in each language the organiser
    // translated it into: the mail picks the one of its language.
    let rows = super::translations::rows_of_events(db, vec![event.id]).await?;
    let (translations, parts) = (EventTranslations::of(&rows), PartTranslations::of(&rows));
    let own = super::translations::own_locale(event);
    let build = |lang: Option<Locale>| {
        let mut entry = ics_event(
            show_link && !cancel,
            &urls,
            lang.map(|lang| InLanguage {
                lang,
                event: translations.clone(),
                parts: parts.clone(),
            }),
            event,
            publisher.as_ref(),
            &agenda,
            &speakers,
            &suggested,
        );
        entry.dtstamp = cx.clock.now();
        if cancel {
            entry.status = ics::Status::Cancelled;
        }
        if entry.organizer.is_none() {
            let fallback = &cx.mail_organizer;
            let name = match (fallback.name.trim(), &publisher) {
                ("", Some(publisher)) => publisher.network.name.clone(),
                (name, _) => name.to_owned(),
            };
            entry.organizer = Some(ics::Organizer {
                name,
                email: fallback.email.clone(),
            });
        }
        entry.attendee = attendee.clone();
        entry
    };
    let mut invitation = crate::mail::Invitation::new(method, build(None));
    for lang in translations.locales_other_than(own) {
        invitation.translated.insert(lang, build(Some(lang)));
    }
    Ok(invitation)
}

/// A registration's person as the `ATTENDEE` of their own invitation: a
/// confirmed seat has accepted, a place in line or an application is
/// tentative, a cancelled (or rejected) registration has declined.
pub(crate) fn attendee(name: &str, email: &str, status: RegistrationStatus) -> ics::Attendee {
    ics::Attendee {
        name: name.to_owned(),
        email: email.to_owned(),
        part_stat: match status {
            RegistrationStatus::Confirmed => ics::PartStat::Accepted,
            RegistrationStatus::Waitlisted | RegistrationStatus::Pending => {
                ics::PartStat::Tentative
            }
            RegistrationStatus::Cancelled | RegistrationStatus::Rejected => ics::PartStat::Declined,
        },
    }
}

/// The sub-networks of a network, at any depth, by name.
async fn descendants(cx: &Context, root: Uuid) -> Result<Vec<network::Model>> {
    let mut below = super::tree::load_below(&cx.db, &HashSet::from([root])).await?;
    below.remove(&root);
    if below.is_empty() {
        return Ok(Vec::new());
    }
    Ok(network::Entity::find()
        .filter(network::Column::Id.is_in(below))
        .order_by_asc(network::Column::Name)
        .all(&cx.db)
        .await?)
}

/// The networks with their organizer (the first accepted contact person):
/// two queries for all.
async fn publishers(
    cx: &Context,
    networks: Vec<network::Model>,
) -> Result<HashMap<Uuid, Publisher>> {
    let ids: Vec<Uuid> = networks.iter().map(|n| n.id).collect();
    let contacts = network_contact::Entity::find()
        .filter(network_contact::Column::NetworkId.is_in(ids))
        .filter(network_contact::Column::AcceptedAt.is_not_null())
        .order_by_asc(network_contact::Column::NetworkId)
        .order_by_asc(network_contact::Column::Position)
        .all(&cx.db)
        .await?;
    let mut accepted: HashMap<Uuid, Vec<network_contact::Model>> = HashMap::new();
    for contact in contacts {
        accepted
            .entry(contact.network_id)
            .or_default()
            .push(contact);
    }
    let mut people: HashMap<Uuid, person::Model> = HashMap::new();
    if !accepted.is_empty() {
        let wanted: Vec<Uuid> = accepted.values().flatten().map(|c| c.person_id).collect();
        for person in person::Entity::find()
            .filter(person::Column::Id.is_in(wanted))
            .all(&cx.db)
            .await?
        {
            people.insert(person.id, person);
        }
    }
    Ok(networks
        .into_iter()
        .map(|network| {
            let organizer = accepted.get(&network.id).and_then(|contacts| {
                contacts
                    .iter()
                    .find_map(|contact| Organizer::of(contact, people.get(&contact.person_id)?))
            });
            (network.id, Publisher { network, organizer })
        })
        .collect())
}

/// The validators of a feed: a hash of everything the body is made of (the
/// rendering's version, the settings, the calendar's and networks' texts,
/// the organizers, and each event's id and last change, in order).
fn version(
    settings: &FeedSettings,
    header: &Header,
    publishers: &HashMap<Uuid, Publisher>,
    relations: Option<&HashMap<Uuid, PersonalRelation>>,
    events: impl Iterator<Item = (Uuid, DateTime<Utc>)>,
) -> FeedVersion {
    fn put(hash: &mut Sha256, value: &str) {
        hash.update(value.as_bytes());
        hash.update([0]);
    }
    let instant = |at: DateTime<Utc>| at.to_rfc3339_opts(SecondsFormat::Nanos, true);
    let mut hash = Sha256::new();
    let mut last_modified = header.updated_at;
    put(&mut hash, FORMAT_VERSION);
    put(&mut hash, settings.urls.base());
    put(&mut hash, settings.lang.map_or("-", Locale::as_str));
    put(&mut hash, &settings.refresh.num_seconds().to_string());
    put(&mut hash, &header.name);
    put(&mut hash, &header.description);
    put(&mut hash, &header.time_zone);
    put(&mut hash, &header.scope);
    let mut ids: Vec<&Uuid> = publishers.keys().collect();
    ids.sort();
    for publisher in ids.into_iter().filter_map(|id| publishers.get(id)) {
        let network = &publisher.network;
        put(&mut hash, &network.id.to_string());
        put(&mut hash, &network.name);
        put(&mut hash, &network.default_locale);
        put(&mut hash, &instant(network.updated_at));
        last_modified = last_modified.max(network.updated_at);
        match &publisher.organizer {
            Some(person) => {
                put(&mut hash, &person.id.to_string());
                put(&mut hash, &person.name);
                put(&mut hash, &person.email);
                last_modified = last_modified.max(person.updated_at);
            }
            None => put(&mut hash, "-"),
        }
    }
    put(&mut hash, "events");
    for (id, updated_at) in events {
        put(&mut hash, &id.to_string());
        put(&mut hash, &instant(updated_at));
        if let Some(relations) = relations {
            let relation = relations.get(&id).copied().unwrap_or_default();
            put(&mut hash, &relation.stamp());
            if let Some(changed_at) = relation.changed_at {
                last_modified = last_modified.max(changed_at);
            }
        }
        last_modified = last_modified.max(updated_at);
    }
    let digest = hash.finalize();
    let hex: String = digest
        .iter()
        .take(16)
        .map(|byte| format!("{byte:02x}"))
        .collect();
    FeedVersion {
        etag: format!("\"{hex}\""),
        last_modified,
    }
}

/// The words of a stored language tag (a person's or a network's, or the
/// one a GraphQL client asked for); Swedish for one we do not write.
fn feed_words(tag: &str) -> &'static Words {
    words(Locale::parse(tag).unwrap_or_default())
}

/// The theme suggestions a feed shows with the meetings that take them
/// up: published, not withdrawn, oldest first.
fn published_suggestions() -> sea_orm::Select<theme_suggestion::Entity> {
    theme_suggestion::Entity::find()
        .filter(theme_suggestion::Column::Published.eq(true))
        .filter(theme_suggestion::Column::Status.ne(entities::SuggestionStatus::Withdrawn))
        .order_by_asc(theme_suggestion::Column::CreatedAt)
}

/// A feed (or invitation) asked for in a language: the language, and the
/// translations of the event's texts and of its parts'.
struct InLanguage {
    lang: Locale,
    event: EventTranslations,
    parts: PartTranslations,
}

/// The agenda and speakers with their titles and roles in `lang` where
/// translated, and whether all of them are in it.
fn parts_in(
    lang: &InLanguage,
    own: Locale,
    agenda: &[agenda_item::Model],
    speakers: &[speaker::Model],
) -> (Vec<agenda_item::Model>, Vec<speaker::Model>, bool) {
    let wanted = Wanted {
        explicit: Some(lang.lang),
        ..Wanted::default()
    };
    let mut all_in = true;
    let mut read = |owner, text, original: &str| {
        let (chosen, text) = lang.parts.read(owner, text, original, own, wanted);
        all_in &= chosen == lang.lang;
        text.to_owned()
    };
    let agenda = agenda
        .iter()
        .map(|item| agenda_item::Model {
            title: read(item.id, PartText::ItemTitle, &item.title),
            ..item.clone()
        })
        .collect();
    let speakers = speakers
        .iter()
        .map(|s| speaker::Model {
            role: s
                .role
                .as_deref()
                .map(|role| read(s.id, PartText::SpeakerRole, role)),
            ..s.clone()
        })
        .collect();
    (agenda, speakers, all_in)
}

/// An event as a `VEVENT`.
#[expect(
    clippy::too_many_arguments,
    reason = "the parts of one VEVENT, each loaded by its caller in a batch of its own"
)]
fn ics_event(
    show_link: bool,
    urls: &FeedUrls,
    lang: Option<InLanguage>,
    event: &event::Model,
    publisher: Option<&Publisher>,
    agenda: &[agenda_item::Model],
    speakers: &[speaker::Model],
    suggestions: &[theme_suggestion::Model],
) -> ics::Event {
    let tag = match &lang {
        Some(l) => l.lang.as_str(),
        None => publisher.map_or("", |p| p.network.default_locale.as_str()),
    };
    let words = feed_words(tag);
    let id = EventId(event.id);
    // With `?lang=`, each text in that language where translated; without
    // it, the event's own texts as they are.
    let own = super::translations::own_locale(event);
    let read = |text: EventText, original| read_text(lang.as_ref(), own, text, original);
    let (title_lang, title) = read(EventText::Title, &event.title);
    let (description_lang, description_text) = read(EventText::Description, &event.description);
    let accessibility = non_blank(event.venue_accessibility.as_deref())
        .map(|notes| read(EventText::AccessibilityNotes, notes));
    // DTSTAMP is the last change, not the time of the request: without a
    // METHOD that is what RFC 5545 asks for, and it keeps the body (and so
    // the ETag) the same until something changes.
    let mut out = ics::Event::new(
        event_uid(id),
        summary_of(event, title, words),
        event.starts_at,
        event.ends_at,
        event.time_zone.clone(),
        event.updated_at,
    );
    out.created = Some(event.created_at);
    out.last_modified = Some(event.updated_at);
    out.sequence = event.sequence;
    out.status = event_status(event);
    // The programme's titles and roles in the feed's language where
    // translated.
    let translated_parts = lang.as_ref().map(|l| parts_in(l, own, agenda, speakers));
    let (agenda, speakers, parts_in_lang) = match &translated_parts {
        Some((agenda, speakers, all_in)) => (agenda.as_slice(), speakers.as_slice(), *all_in),
        None => (agenda, speakers, false),
    };
    if let Some(lang) = lang.as_ref().map(|l| &l.lang) {
        // The title's language; a cancelled one's prefix is in the feed's.
        out.summary_language = title_lang
            .filter(|l| event.status != EventStatus::Cancelled || l == lang)
            .map(|l| l.as_str().to_owned());
        // The description is in one language only when every organiser's
        // text in it is (join instructions and suggestions are in the
        // event's own; the programme where translated).
        let own_parts_elsewhere = own != *lang
            && ((!parts_in_lang && (!agenda.is_empty() || !speakers.is_empty()))
                || !suggestions.is_empty()
                || (show_link && non_blank(event.online_instructions.as_deref()).is_some()));
        let all_in_lang = description_lang == Some(*lang)
            && accessibility
                .as_ref()
                .is_none_or(|(l, _)| *l == Some(*lang))
            && !own_parts_elsewhere;
        out.description_language = all_in_lang.then(|| lang.as_str().to_owned());
    }
    // The paragraphs written one after the other into one text (as
    // `paragraphs` joins them): a feed writes hundreds of descriptions.
    let mut description = String::with_capacity(description_text.len() + 256);
    push_paragraph(&mut description, description_text.trim());
    push_paragraph(&mut description, &programme(event, agenda, speakers, words));
    push_paragraph(&mut description, &join_details(event, show_link, words));
    if !suggestions.is_empty() {
        // The published theme suggestions the meeting takes up.
        let heading =
            crate::i18n::suggestions::suggestion_strings(Locale::parse(tag).unwrap_or_default())
                .from_participants;
        let mut list = format!("{heading}:");
        for suggestion in suggestions {
            list.push_str("\n- ");
            list.push_str(suggestion.title.trim());
        }
        push_paragraph(&mut description, &list);
    }
    if let Some((_, notes)) = &accessibility {
        push_paragraph(
            &mut description,
            &format!("{}: {notes}", words.accessibility),
        );
    }
    let page = urls.event_page(id);
    push_paragraph(
        &mut description,
        &format!("{}: {page}", words.more_information),
    );
    out.description = Some(description);
    out.location = location(event, words);
    out.url = Some(page);
    out.organizer = publisher
        .and_then(|p| p.organizer.as_ref())
        .map(|person| ics::Organizer {
            name: person.name.clone(),
            email: person.email.clone(),
        });
    out.conference = show_link
        .then(|| non_blank(event.online_join_url.as_deref()))
        .flatten()
        .map(|url| ics::Conference {
            url: url.to_owned(),
            label: Some(
                non_blank(event.online_provider.as_deref())
                    .map_or_else(|| words.join_online.to_owned(), str::to_owned),
            ),
        });
    out.categories = publisher
        .map(|p| vec![p.network.name.clone()])
        .unwrap_or_default();
    out
}

/// With `?lang=`, an event's text in that language where translated (and
/// the language it is in); without it, the event's own text as it is.
fn read_text<'t>(
    lang: Option<&'t InLanguage>,
    own: Locale,
    text: EventText,
    original: &'t str,
) -> (Option<Locale>, &'t str) {
    match lang {
        Some(l) => {
            let wanted = Wanted {
                explicit: Some(l.lang),
                ..Wanted::default()
            };
            let (chosen, text) = super::translations::read(&l.event, text, original, own, wanted);
            (Some(chosen), text)
        }
        None => (None, original),
    }
}

/// The STATUS of an event as such (before any person's relation to it).
fn event_status(event: &event::Model) -> ics::Status {
    match event.status {
        EventStatus::Published => ics::Status::Confirmed,
        EventStatus::Cancelled => ics::Status::Cancelled,
        EventStatus::Draft => ics::Status::Tentative,
    }
}

/// The title, marked in the network's language when cancelled: clients that
/// keep cancelled entries (or ignore STATUS) still show that it is off.
fn summary(event: &event::Model, words: &Words) -> String {
    summary_of(event, &event.title, words)
}

/// [`summary`] with `title` (the event's, in the feed's language).
fn summary_of(event: &event::Model, title: &str, words: &Words) -> String {
    if event.status == EventStatus::Cancelled {
        format!("{}: {title}", words.cancelled)
    } else {
        title.to_owned()
    }
}

/// Appends `part` to `text` after a blank line, unless it is only
/// whitespace (how [`paragraphs`] joins its parts).
fn push_paragraph(text: &mut String, part: &str) {
    if part.trim().is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(part);
}

/// The non-empty parts, separated by a blank line.
fn paragraphs(parts: Vec<String>) -> String {
    let mut text = String::new();
    for part in &parts {
        push_paragraph(&mut text, part);
    }
    text
}

/// The text when it has more than whitespace, trimmed.
fn non_blank(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|text| !text.is_empty())
}

/// Venue name, address and city; "Online" for an online event without one.
fn location(event: &event::Model, words: &Words) -> Option<String> {
    if let Some(venue) = event.venue_line() {
        return Some(venue);
    }
    (event.attendance_mode == AttendanceMode::Online).then(|| {
        non_blank(event.online_provider.as_deref()).map_or_else(
            || words.online.to_owned(),
            |p| format!("{} ({p})", words.online),
        )
    })
}

/// "Name, Affiliation (role)".
fn speaker_line(speaker: &speaker::Model) -> String {
    let mut line = speaker.name.trim().to_owned();
    if let Some(affiliation) = non_blank(speaker.affiliation.as_deref()) {
        line.push_str(", ");
        line.push_str(affiliation);
    }
    if let Some(role) = non_blank(speaker.role.as_deref()) {
        line.push_str(" (");
        line.push_str(role);
        line.push(')');
    }
    line
}

/// The agenda with its times in the event's zone (with dates when the event
/// spans days) and each item's speakers, then the speakers of no item.
fn programme(
    event: &event::Model,
    agenda: &[agenda_item::Model],
    speakers: &[speaker::Model],
    words: &Words,
) -> String {
    let tz = parse_time_zone(&event.time_zone).unwrap_or(chrono_tz::UTC);
    let multi_day = event.starts_at.with_timezone(&tz).date_naive()
        != event.ends_at.with_timezone(&tz).date_naive();
    let clock = |at: DateTime<Utc>| dates::programme_time(at, tz, multi_day);
    let mut parts = Vec::new();
    if !agenda.is_empty() {
        let mut lines = vec![words.programme.to_owned()];
        for item in agenda {
            let mut line = String::new();
            if let Some(start) = item.starts_at {
                line.push_str(&clock(start));
                if let Some(end) = item.ends_at {
                    line.push('–');
                    line.push_str(&dates::programme_time(end, tz, false));
                }
                line.push(' ');
            }
            line.push_str(item.title.trim());
            if let Some(room) = non_blank(item.room.as_deref()) {
                line.push_str(" (");
                line.push_str(room);
                line.push(')');
            }
            lines.push(line);
            for speaker in speakers
                .iter()
                .filter(|s| s.agenda_item_id == Some(item.id))
            {
                lines.push(format!("– {}", speaker_line(speaker)));
            }
        }
        parts.push(lines.join("\n"));
    }
    let items: HashSet<Uuid> = agenda.iter().map(|item| item.id).collect();
    let loose: Vec<String> = speakers
        .iter()
        .filter(|s| s.agenda_item_id.is_none_or(|item| !items.contains(&item)))
        .map(speaker_line)
        .collect();
    if !loose.is_empty() {
        parts.push(format!("{}\n{}", words.speakers, loose.join("\n")));
    }
    paragraphs(parts)
}

/// How to join online, when the viewer may see it.
fn join_details(event: &event::Model, show_link: bool, words: &Words) -> String {
    if !show_link {
        return String::new();
    }
    let mut lines = Vec::new();
    if let Some(url) = non_blank(event.online_join_url.as_deref()) {
        match non_blank(event.online_provider.as_deref()) {
            Some(provider) => lines.push(format!("{} ({provider}): {url}", words.join_online)),
            None => lines.push(format!("{}: {url}", words.join_online)),
        }
    }
    for (label, value) in [
        (words.meeting_number, &event.online_meeting_number),
        (words.passcode, &event.online_passcode),
        (words.dial_in, &event.online_dial_in),
    ] {
        if let Some(value) = non_blank(value.as_deref()) {
            lines.push(format!("{label}: {value}"));
        }
    }
    if let Some(instructions) = non_blank(event.online_instructions.as_deref()) {
        lines.push(instructions.to_owned());
    }
    lines.join("\n")
}

/// The text of an "add to calendar" link: the description (shortened), how
/// to join when the link is public, and the event page. Such links are
/// shared freely, so they follow what an anonymous viewer may see.
fn link_details(urls: &FeedUrls, event: &event::Model, words: &Words) -> String {
    let mut description = event.description.trim().to_owned();
    if description.chars().count() > LINK_DETAILS_MAX_CHARS {
        description = description
            .chars()
            .take(LINK_DETAILS_MAX_CHARS - 1)
            .collect::<String>()
            .trim_end()
            .to_owned();
        description.push('…');
    }
    let show_link = policy::join_link_in_shared_view(&Viewer::Anonymous, event);
    paragraphs(vec![
        description,
        join_details(event, show_link, words),
        format!(
            "{}: {}",
            words.more_information,
            urls.event_page(EventId(event.id))
        ),
    ])
}

/// Google Calendar's "add event" link for an event, with texts in `locale`.
pub fn google_calendar_url(urls: &FeedUrls, event: &event::Model, locale: &str) -> String {
    let words = feed_words(locale);
    let (title, details, location) = (
        summary(event, words),
        link_details(urls, event, words),
        location(event, words),
    );
    google_calendar(&NewCalendarEntry {
        title: &title,
        starts_at: event.starts_at,
        ends_at: event.ends_at,
        time_zone: &event.time_zone,
        details: &details,
        location: location.as_deref(),
    })
}

/// Outlook on the web's "add event" link for an event, with texts in `locale`.
pub fn outlook_calendar_url(urls: &FeedUrls, event: &event::Model, locale: &str) -> String {
    let words = feed_words(locale);
    let (title, details, location) = (
        summary(event, words),
        link_details(urls, event, words),
        location(event, words),
    );
    outlook_calendar(&NewCalendarEntry {
        title: &title,
        starts_at: event.starts_at,
        ends_at: event.ends_at,
        time_zone: &event.time_zone,
        details: &details,
        location: location.as_deref(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use entities::{EventKind, JoinLinkVisibility, RegistrationPolicy};

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0)
            .single()
            .unwrap_or_default()
    }

    /// A two-day conference in Göteborg with a public Zoom link.
    fn conference() -> event::Model {
        event::Model {
            id: Uuid::nil(),
            network_id: Uuid::nil(),
            series_id: None,
            kind: EventKind::Conference,
            title: "Höstkonferens".to_owned(),
            description: "Två dagar om välfärdsteknologi.".to_owned(),
            search_key: String::new(),
            starts_at: utc(2026, 11, 26, 8, 0),
            ends_at: utc(2026, 11, 27, 15, 0),
            time_zone: "Europe/Stockholm".to_owned(),
            status: EventStatus::Published,
            attendance_mode: AttendanceMode::Hybrid,
            members_only: false,
            guest_confirmation_minutes: None,
            venue_name: Some("Lindholmen Conference Centre".to_owned()),
            venue_address: Some(" Lindholmspiren 5 ".to_owned()),
            venue_city: Some("Göteborg".to_owned()),
            venue_accessibility: None,
            online_provider: Some("Zoom".to_owned()),
            online_join_url: Some("https://zoom.us/j/123".to_owned()),
            online_meeting_number: Some("123 456".to_owned()),
            online_passcode: Some("åäö123".to_owned()),
            online_dial_in: None,
            online_instructions: None,
            join_link_visibility: JoinLinkVisibility::Public,
            capacity_in_person: None,
            capacity_online: None,
            registration_policy: RegistrationPolicy::Required,
            registration_opens_at: None,
            registration_closes_at: None,
            sequence: 0,
            published_at: None,
            cancelled_at: None,
            created_at: utc(2026, 9, 1, 8, 0),
            updated_at: utc(2026, 9, 1, 8, 0),
            project_network_id: None,
            locale: "sv".into(),
        }
    }

    fn item(
        id: u128,
        title: &str,
        slot: Option<(DateTime<Utc>, DateTime<Utc>)>,
    ) -> agenda_item::Model {
        agenda_item::Model {
            id: Uuid::from_u128(id),
            event_id: Uuid::nil(),
            position: 0,
            starts_at: slot.map(|(from, _)| from),
            ends_at: slot.map(|(_, to)| to),
            title: title.to_owned(),
            description: String::new(),
            room: None,
            created_at: utc(2026, 9, 1, 8, 0),
            updated_at: utc(2026, 9, 1, 8, 0),
        }
    }

    fn speaker(
        name: &str,
        item: Option<u128>,
        affiliation: Option<&str>,
        role: Option<&str>,
    ) -> speaker::Model {
        speaker::Model {
            id: Uuid::new_v4(),
            event_id: Uuid::nil(),
            agenda_item_id: item.map(Uuid::from_u128),
            person_id: None,
            name: name.to_owned(),
            affiliation: affiliation.map(str::to_owned),
            role: role.map(str::to_owned),
            status: SpeakerStatus::Confirmed,
            position: 0,
            created_at: utc(2026, 9, 1, 8, 0),
            updated_at: utc(2026, 9, 1, 8, 0),
        }
    }

    #[test]
    fn a_programme_over_two_days_gives_dates_and_lists_loose_speakers_apart() {
        let agenda = [
            item(
                1,
                "Välkommen",
                Some((utc(2026, 11, 26, 8, 0), utc(2026, 11, 26, 8, 30))),
            ),
            item(
                2,
                "Dag två",
                Some((utc(2026, 11, 27, 8, 0), utc(2026, 11, 27, 9, 0))),
            ),
            item(3, "Mingel", None),
        ];
        let speakers = [
            speaker("Linnéa Åkesson", Some(1), Some("GR"), Some("moderator")),
            speaker("Mats Ålund", None, Some("Trygga Hem AB"), None),
            speaker("Okänd", Some(99), None, None),
        ];
        assert_eq!(
            programme(&conference(), &agenda, &speakers, words(Locale::Sv)),
            "Program\n\
             2026-11-26 09:00–09:30 Välkommen\n\
             – Linnéa Åkesson, GR (moderator)\n\
             2026-11-27 09:00–10:00 Dag två\n\
             Mingel\n\n\
             Medverkande\n\
             Mats Ålund, Trygga Hem AB\n\
             Okänd"
        );
        let mut one_day = conference();
        one_day.ends_at = utc(2026, 11, 26, 15, 0);
        assert_eq!(
            programme(&one_day, &agenda[..1], &[], words(Locale::En)),
            "Programme\n09:00–09:30 Välkommen"
        );
        assert_eq!(programme(&one_day, &[], &[], words(Locale::En)), "");
    }

    #[test]
    fn locations_join_the_venue_or_say_online() {
        assert_eq!(
            location(&conference(), words(Locale::Sv)).as_deref(),
            Some("Lindholmen Conference Centre, Lindholmspiren 5, Göteborg")
        );
        let mut online = conference();
        online.venue_name = None;
        online.venue_address = None;
        online.venue_city = None;
        assert_eq!(
            location(&online, words(Locale::Sv)),
            None,
            "hybrid without a venue"
        );
        online.attendance_mode = AttendanceMode::Online;
        assert_eq!(
            location(&online, words(Locale::Nb)).as_deref(),
            Some("Digitalt (Zoom)")
        );
        online.online_provider = None;
        assert_eq!(
            location(&online, words(Locale::En)).as_deref(),
            Some("Online")
        );
    }

    #[test]
    fn join_details_only_when_the_link_may_be_seen() {
        let event = conference();
        assert_eq!(
            join_details(&event, true, words(Locale::Sv)),
            "Delta online (Zoom): https://zoom.us/j/123\nMötesnummer: 123 456\nLösenord: åäö123"
        );
        assert_eq!(join_details(&event, false, words(Locale::Sv)), "");
    }

    #[test]
    fn link_details_are_short_and_follow_the_anonymous_rule() {
        let urls = FeedUrls::new("https://tp.example");
        let mut event = conference();
        event.description = "å".repeat(5_000);
        event.join_link_visibility = JoinLinkVisibility::Registered;
        let details = link_details(&urls, &event, words(Locale::Sv));
        assert!(details.starts_with(&"å".repeat(LINK_DETAILS_MAX_CHARS - 1)));
        assert!(details.contains("…\n\nMer information: https://tp.example/events/"));
        assert!(!details.contains("zoom"));
    }

    #[test]
    fn cancelled_titles_say_so_in_the_networks_language() {
        let mut event = conference();
        assert_eq!(summary(&event, words(Locale::Sv)), "Höstkonferens");
        event.status = EventStatus::Cancelled;
        assert_eq!(
            summary(&event, words(Locale::Sv)),
            "INSTÄLLT: Höstkonferens"
        );
        assert_eq!(summary(&event, feed_words("nb")), "AVLYST: Höstkonferens");
        assert_eq!(
            summary(&event, feed_words("en")),
            "CANCELLED: Höstkonferens"
        );
    }

    #[test]
    fn a_personal_entry_is_as_sure_as_the_persons_place() {
        let event = conference();
        let with = |registration, speaker, organiser, followed| PersonalRelation {
            registration,
            speaker,
            organiser,
            followed,
            link: policy::EventRelation::default(),
            changed_at: None,
        };
        use RegistrationStatus as R;
        use ics::Status as S;
        let cases = [
            (with(Some(R::Confirmed), false, false, false), S::Confirmed),
            (with(Some(R::Waitlisted), false, false, false), S::Tentative),
            (with(Some(R::Pending), false, false, false), S::Tentative),
            (with(Some(R::Cancelled), false, false, false), S::Cancelled),
            (with(Some(R::Rejected), false, false, false), S::Cancelled),
            // Still in the feed for another reason: the event as it is.
            (with(Some(R::Cancelled), false, false, true), S::Confirmed),
            (with(Some(R::Waitlisted), true, false, false), S::Confirmed),
            (with(Some(R::Waitlisted), false, true, false), S::Confirmed),
            (with(None, false, false, true), S::Confirmed),
        ];
        for (relation, status) in cases {
            assert_eq!(relation.status(&event), status, "{relation:?}");
        }
        let mut off = conference();
        off.status = EventStatus::Cancelled;
        assert_eq!(
            with(Some(R::Waitlisted), false, false, false).status(&off),
            S::Cancelled
        );
        assert_ne!(
            with(Some(R::Waitlisted), false, false, false).stamp(),
            with(Some(R::Confirmed), false, false, false).stamp(),
            "a change of status changes the ETag"
        );
    }

    #[test]
    fn windows_refuse_an_end_before_the_start() {
        let at = utc(2026, 9, 1, 0, 0);
        assert!(Window::new(Some(at), Some(at)).is_err());
        assert!(Window::new(Some(at), Some(at + Duration::seconds(1))).is_ok());
        assert!(Window::new(None, Some(at)).is_ok());
    }
}
