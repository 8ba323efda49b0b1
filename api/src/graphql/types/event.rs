//! Events, their venue, online meeting, capacity, agenda and speakers.

use async_graphql::{ComplexObject, Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entities::{agenda_item, event, speaker};

use super::super::enums::{
    AttendanceMode, EventKind, EventStatus, JoinLinkVisibility, Language, RegistrationPolicy,
    SpeakerStatus,
};
use super::language::{Translation, wanted};
use super::{Network, Person, Series, feed_urls, loaders, parts, service_cx};
use crate::calendar::links::webcal;
use crate::graphql::ids::GlobalId;
use crate::graphql::loaders::ViewerRelationTo;
use crate::graphql::loaders::{AgendaOf, TranslationsOf, speakers_of};
use crate::ids::{AgendaItemId, EventId, NetworkId, PersonId, SeriesId, SpeakerId};
use crate::service::calendar;
use crate::service::events::{online_of, venue_of};
use crate::service::policy;
use crate::service::translations::{self, EventText, EventTranslations, PartText};
use crate::service::validate::parse_time_zone;

/// An instant rendered in a zone as ISO 8601 with that zone's offset, e.g.
/// `2023-09-18T13:00:00+02:00`.
pub fn local_iso(at: DateTime<Utc>, zone: &str) -> String {
    match parse_time_zone(zone) {
        Some(tz) => at.with_timezone(&tz).to_rfc3339(),
        None => at.to_rfc3339(),
    }
}

/// An event: a conference, meeting, webinar, workshop or gathering of a network.
#[derive(Clone)]
pub struct Event(pub event::Model);

/// Where an event takes place.
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct Venue {
    /// Name of the place, e.g. "Fontänhuset Helsingborg".
    pub name: Option<String>,
    /// Street address, e.g. "Norra Strandgatan 8".
    pub address: Option<String>,
    /// City.
    pub city: Option<String>,
    /// The accessibility notes in the event's own language.
    #[graphql(skip)]
    pub accessibility_notes: Option<String>,
    /// The event whose venue this is (for the notes' translations).
    #[graphql(skip)]
    pub event: Option<Box<Event>>,
}

fn translations_of(all: &EventTranslations, text: EventText) -> Vec<Translation> {
    all.all_of(text)
        .into_iter()
        .map(|(lang, text)| Translation {
            lang: lang.into(),
            text: text.to_owned(),
        })
        .collect()
}

#[ComplexObject]
impl Venue {
    /// Accessibility notes (entrances, lifts, hearing loop), in the language
    /// chosen like the event's `title`.
    async fn accessibility_notes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The language wanted; the event's own language when \
                          the notes are not translated into it.")]
        lang: Option<Language>,
    ) -> async_graphql::Result<Option<String>> {
        let (Some(notes), Some(event)) = (&self.accessibility_notes, &self.event) else {
            return Ok(self.accessibility_notes.clone());
        };
        event
            .text(ctx, EventText::AccessibilityNotes, notes, lang)
            .await
            .map(Some)
    }

    /// The accessibility notes in other languages than the event's own.
    async fn accessibility_notes_translations(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<Translation>> {
        let Some(event) = &self.event else {
            return Ok(Vec::new());
        };
        Ok(translations_of(
            &event.translations(ctx).await?,
            EventText::AccessibilityNotes,
        ))
    }
}

/// How to join an event online.
#[derive(SimpleObject, Clone)]
pub struct OnlineMeeting {
    /// Provider, e.g. Webex, Teams or Zoom.
    pub provider: Option<String>,
    /// The join link.
    pub join_url: Option<String>,
    /// Meeting number.
    pub meeting_number: Option<String>,
    /// Passcode.
    pub passcode: Option<String>,
    /// Dial-in number(s).
    pub dial_in: Option<String>,
    /// Instructions for joining.
    pub instructions: Option<String>,
}

/// Seats per attendance mode; null means unlimited.
#[derive(SimpleObject, Clone)]
pub struct Capacity {
    /// Seats at the venue.
    pub in_person: Option<i32>,
    /// Seats online.
    pub online: Option<i32>,
}

/// An event: a conference, meeting, webinar, workshop or gathering of a network.
#[Object]
impl Event {
    /// Global id.
    pub async fn id(&self) -> ID {
        EventId(self.0.id).to_global()
    }

    /// The network that holds the event.
    async fn network(&self, ctx: &Context<'_>) -> async_graphql::Result<Network> {
        loaders(ctx)?
            .load_one(NetworkId(self.0.network_id))
            .await?
            .map(Network)
            .ok_or_else(|| crate::service::Error::NotFound("network").into())
    }

    /// For an `APPLICATION` event: the network that the organisations it
    /// approves join, with their representatives as members (null: none).
    async fn project_network(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Network>> {
        let Some(project) = self.0.project_network_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?
            .load_one(NetworkId(project))
            .await?
            .map(Network))
    }

    /// The series the event belongs to, if any.
    async fn series(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Series>> {
        let Some(series) = self.0.series_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?.load_one(SeriesId(series)).await?.map(Series))
    }

    /// Kind of event.
    async fn kind(&self) -> EventKind {
        self.0.kind.into()
    }

    /// Title, in the language asked for (`lang`), else the first of the
    /// request's `Accept-Language` and the signed-in person's language it is
    /// translated into, else the event's own (`locale`).
    async fn title(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The language wanted; the event's own language when \
                          the title is not translated into it.")]
        lang: Option<Language>,
    ) -> async_graphql::Result<String> {
        self.text(ctx, EventText::Title, &self.0.title, lang).await
    }

    /// Description, in the language chosen as for `title`.
    async fn description(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The language wanted; the event's own language when \
                          the description is not translated into it.")]
        lang: Option<Language>,
    ) -> async_graphql::Result<String> {
        self.text(ctx, EventText::Description, &self.0.description, lang)
            .await
    }

    /// The language the event's own texts are written in (its network's
    /// default unless the organiser chose another); the other languages are
    /// translations.
    async fn locale(&self) -> Language {
        translations::own_locale(&self.0).into()
    }

    /// The title in other languages than the event's own (`locale`), for
    /// editors.
    async fn title_translations(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<Translation>> {
        Ok(translations_of(
            &self.translations(ctx).await?,
            EventText::Title,
        ))
    }

    /// The description in other languages than the event's own.
    async fn description_translations(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<Translation>> {
        Ok(translations_of(
            &self.translations(ctx).await?,
            EventText::Description,
        ))
    }

    /// Start, ISO 8601 in UTC.
    async fn starts_at(&self) -> DateTime<Utc> {
        self.0.starts_at
    }

    /// End, ISO 8601 in UTC.
    async fn ends_at(&self) -> DateTime<Utc> {
        self.0.ends_at
    }

    /// IANA zone the event is held in, e.g. Europe/Stockholm.
    async fn time_zone(&self) -> &str {
        &self.0.time_zone
    }

    /// Start in the event's zone, ISO 8601 with that zone's offset
    /// (e.g. `2023-09-18T13:00:00+02:00`).
    async fn starts_at_local(&self) -> String {
        local_iso(self.0.starts_at, &self.0.time_zone)
    }

    /// End in the event's zone, ISO 8601 with that zone's offset.
    async fn ends_at_local(&self) -> String {
        local_iso(self.0.ends_at, &self.0.time_zone)
    }

    /// Draft, published or cancelled.
    async fn status(&self) -> EventStatus {
        self.0.status.into()
    }

    /// In person, online or hybrid.
    async fn attendance_mode(&self) -> AttendanceMode {
        self.0.attendance_mode.into()
    }

    /// Whether only members of the network may attend.
    async fn members_only(&self) -> bool {
        self.0.members_only
    }

    /// Minutes a guest (not signed in) has to confirm their address with
    /// the mailed link before their seat passes on; null when not asked.
    async fn guest_confirmation_minutes(&self) -> Option<i32> {
        self.0.guest_confirmation_minutes
    }

    /// Where the event takes place.
    async fn venue(&self) -> Option<Venue> {
        venue_of(&self.0).map(|v| Venue {
            name: v.name,
            address: v.address,
            city: v.city,
            accessibility_notes: v.accessibility,
            event: Some(Box::new(self.clone())),
        })
    }

    /// Whether the event can be attended online (the link itself is in `onlineMeeting`).
    async fn has_online_option(&self) -> bool {
        self.0.attendance_mode != entities::AttendanceMode::InPerson
    }

    /// How to join online: join link, meeting number, passcode and dial-in.
    /// Null for viewers who may not see it: with REGISTERED link visibility,
    /// only confirmed participants, speakers and organisers see it (others see
    /// `hasOnlineOption`).
    async fn online_meeting(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<OnlineMeeting>> {
        let Some(online) = online_of(&self.0) else {
            return Ok(None);
        };
        let relation = loaders(ctx)?
            .load_one(ViewerRelationTo(EventId(self.0.id)))
            .await?
            .unwrap_or_default();
        if !policy::can_see_join_link(service_cx(ctx)?, &self.0, relation).await? {
            return Ok(None);
        }
        Ok(Some(online).map(|o| OnlineMeeting {
            provider: o.provider,
            join_url: o.join_url,
            meeting_number: o.meeting_number,
            passcode: o.passcode,
            dial_in: o.dial_in,
            instructions: o.instructions,
        }))
    }

    /// Who may see the join link: everyone (PUBLIC) or only those registered (REGISTERED).
    async fn join_link_visibility(&self) -> JoinLinkVisibility {
        self.0.join_link_visibility.into()
    }

    /// Seats per attendance mode.
    async fn capacity(&self) -> Capacity {
        Capacity {
            in_person: self.0.capacity_in_person,
            online: self.0.capacity_online,
        }
    }

    /// How participants sign up.
    async fn registration_policy(&self) -> RegistrationPolicy {
        self.0.registration_policy.into()
    }

    /// When registration opens (null: it is open from publication).
    async fn registration_opens_at(&self) -> Option<DateTime<Utc>> {
        self.0.registration_opens_at
    }

    /// When registration closes (null: at the start).
    async fn registration_closes_at(&self) -> Option<DateTime<Utc>> {
        self.0.registration_closes_at
    }

    /// Registration deadline in the event's zone, ISO 8601 with offset.
    async fn registration_closes_at_local(&self) -> Option<String> {
        self.0
            .registration_closes_at
            .map(|at| local_iso(at, &self.0.time_zone))
    }

    /// The programme, in order.
    async fn agenda(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<AgendaItem>> {
        Ok(loaders(ctx)?
            .load_one(AgendaOf(EventId(self.0.id)))
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(|(item, speakers)| AgendaItem::with_speakers(item, &self.0.time_zone, speakers))
            .collect())
    }

    /// Everyone who speaks at the event, in order.
    async fn speakers(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Speaker>> {
        let id = EventId(self.0.id);
        Ok(speakers_of(loaders(ctx)?, [id])
            .await?
            .remove(&id)
            .unwrap_or_default()
            .into_iter()
            .map(Speaker)
            .collect())
    }

    /// Seats taken and free per mode, and the waiting list.
    async fn seats(&self, ctx: &Context<'_>) -> async_graphql::Result<super::Seats> {
        let counts = loaders(ctx)?
            .load_one(crate::graphql::loaders::CountsOf(EventId(self.0.id)))
            .await?
            .unwrap_or_default();
        Ok(crate::service::registrations::seats_of(&self.0, counts).into())
    }

    /// The questions of the registration form, in order.
    async fn questions(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<super::RegistrationQuestion>> {
        Ok(
            crate::service::registrations::questions(service_cx(ctx)?, EventId(self.0.id))
                .await?
                .into_iter()
                .map(super::RegistrationQuestion)
                .collect(),
        )
    }

    /// The viewer's own registration, if any.
    async fn my_registration(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<super::Registration>> {
        Ok(
            crate::service::registrations::mine_for(service_cx(ctx)?, EventId(self.0.id))
                .await?
                .map(super::Registration),
        )
    }

    /// Reminders of the event (its own and its series'), oldest first; for
    /// its organisers only, empty for everyone else.
    async fn reminders(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<super::Reminder>> {
        Ok(
            crate::service::reminders::of_event(service_cx(ctx)?, &self.0)
                .await?
                .into_iter()
                .map(super::Reminder)
                .collect(),
        )
    }

    /// Every mail about the event (confirmations, waiting-list and change
    /// notices, reminders …), newest first; for the organisers of its
    /// network only (empty for anyone else).
    async fn deliveries(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only mails with this status.")] status: Option<
            crate::graphql::enums::DeliveryStatus,
        >,
        #[graphql(desc = "At most this many, newest first (1 to 100; default 50).")] first: Option<
            i32,
        >,
    ) -> async_graphql::Result<Vec<super::Delivery>> {
        Ok(crate::service::deliveries::of_event(
            service_cx(ctx)?,
            &self.0,
            status.map(entities::OutboxStatus::from),
            u64::try_from(first.unwrap_or(50)).unwrap_or(1),
        )
        .await?
        .into_iter()
        .map(super::Delivery)
        .collect())
    }

    /// The event's registrations, oldest first; for its organisers only.
    async fn registrations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to include.")] filter: Option<super::RegistrationFilter>,
        #[graphql(desc = "Number of items from the start (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor to start after.")] after: Option<String>,
        #[graphql(desc = "Number of items from the end (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor to end before.")] before: Option<String>,
    ) -> async_graphql::Result<super::RegistrationConnection> {
        let cx = service_cx(ctx)?;
        let filter = filter.unwrap_or_default();
        let filter = crate::service::registrations::RegistrationFilter {
            statuses: filter
                .statuses
                .map(|v| v.into_iter().map(Into::into).collect()),
            modes: filter
                .modes
                .map(|v| v.into_iter().map(Into::into).collect()),
            organisation: crate::graphql::ids::parse_opt(filter.organisation_id.as_ref())?,
            held: filter.held,
        };
        let listing = crate::service::registrations::listing(cx, &self.0, &filter).await?;
        let page = crate::pagination::paginate(
            &cx.db,
            crate::pagination::List::Registrations,
            listing.select().clone(),
            entities::registration::Column::CreatedAt,
            entities::registration::Column::Id,
            &crate::pagination::PageRequest {
                first,
                after,
                last,
                before,
            },
            |r| (crate::pagination::SortKey::Time(r.created_at), r.id),
        )
        .await?;
        Ok(super::RegistrationConnection::from_page(
            listing.readable(page),
            super::ConnectionFields::counting(cx.db.clone(), listing.select().clone()),
            super::Registration,
        ))
    }

    /// The CSV export of the event's registrations (UTF-8 with BOM,
    /// `;`-separated, one row per registration with its answers), for its
    /// organisers; null for everyone else. Fetch it with the same
    /// `Authorization: Bearer …` header; `?status=CONFIRMED&mode=ONLINE`
    /// narrow it.
    async fn registrations_csv_url(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<String>> {
        if !policy::manages(service_cx(ctx)?, NetworkId(self.0.network_id)).await? {
            return Ok(None);
        }
        Ok(Some(feed_urls(ctx)?.registrations_csv(EventId(self.0.id))))
    }

    /// Grows with every change a participant cares about (time, place, link,
    /// cancellation); calendar clients use it.
    async fn sequence(&self) -> i32 {
        self.0.sequence
    }

    /// The event's own calendar file (iCalendar over https, from
    /// `PUBLIC_URL`), to open or subscribe to. Served to anyone who may see
    /// the event without signing in: drafts and members-only events answer 404.
    async fn calendar_url(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(feed_urls(ctx)?.event(EventId(self.0.id)))
    }

    /// The same file as `calendarUrl` as a `webcal://` link: opening it starts
    /// the calendar application's subscribe dialog, so later changes follow.
    async fn webcal_url(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(webcal(&feed_urls(ctx)?.event(EventId(self.0.id))))
    }

    /// A link that opens Google Calendar with the event filled in: title,
    /// times, place and a description that ends with the event's page. The
    /// join link is in it only when it is public, since such links are shared.
    async fn google_calendar_url(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        let locale = self.network_locale(ctx).await?;
        Ok(calendar::google_calendar_url(
            feed_urls(ctx)?,
            &self.0,
            &locale,
        ))
    }

    /// A link that opens Outlook on the web (outlook.office.com) with the
    /// event filled in, like `googleCalendarUrl`.
    async fn outlook_calendar_url(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        let locale = self.network_locale(ctx).await?;
        Ok(calendar::outlook_calendar_url(
            feed_urls(ctx)?,
            &self.0,
            &locale,
        ))
    }

    /// When the event was published.
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at
    }

    /// When the event was cancelled.
    async fn cancelled_at(&self) -> Option<DateTime<Utc>> {
        self.0.cancelled_at
    }

    /// When the event was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// When the event was last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

impl Event {
    /// The event's translations, through the request's loader.
    async fn translations(&self, ctx: &Context<'_>) -> async_graphql::Result<EventTranslations> {
        let rows = loaders(ctx)?
            .load_one(TranslationsOf(EventId(self.0.id)))
            .await?
            .unwrap_or_default();
        Ok(EventTranslations::of(&rows))
    }

    /// `text` (whose original is `original`) in the language the reader
    /// wants; translations are read only when another language than the
    /// event's own may be wanted.
    async fn text(
        &self,
        ctx: &Context<'_>,
        text: EventText,
        original: &str,
        lang: Option<Language>,
    ) -> async_graphql::Result<String> {
        let own = translations::own_locale(&self.0);
        let wanted = wanted(ctx, lang)?;
        if !wanted.may_differ_from(own) {
            return Ok(original.to_owned());
        }
        let all = self.translations(ctx).await?;
        Ok(translations::read(&all, text, original, own, wanted)
            .1
            .to_owned())
    }

    /// The language of the network's texts, for the words calendar links add.
    async fn network_locale(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(loaders(ctx)?
            .load_one(NetworkId(self.0.network_id))
            .await?
            .map(|network| network.default_locale)
            .unwrap_or_default())
    }
}

/// An item of an event's programme.
#[derive(Clone)]
pub struct AgendaItem {
    item: agenda_item::Model,
    zone: String,
    speakers: Option<Vec<speaker::Model>>,
}

impl AgendaItem {
    /// An item whose speakers are loaded when asked for.
    pub fn new(item: agenda_item::Model, zone: &str) -> Self {
        Self {
            item,
            zone: zone.to_owned(),
            speakers: None,
        }
    }

    /// An item whose speakers were loaded with it.
    pub fn with_speakers(
        item: agenda_item::Model,
        zone: &str,
        speakers: Vec<speaker::Model>,
    ) -> Self {
        Self {
            item,
            zone: zone.to_owned(),
            speakers: Some(speakers),
        }
    }
}

/// An item of an event's programme.
#[Object]
impl AgendaItem {
    /// Global id.
    pub async fn id(&self) -> ID {
        AgendaItemId(self.item.id).to_global()
    }

    /// 0-based place in the programme.
    async fn position(&self) -> i32 {
        self.item.position
    }

    /// Title, in the language chosen like the event's `title`.
    async fn title(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The language wanted; the event's own language when \
                          the title is not translated into it.")]
        lang: Option<Language>,
    ) -> async_graphql::Result<String> {
        let item = &self.item;
        parts::text(
            ctx,
            item.event_id,
            item.id,
            PartText::ItemTitle,
            &item.title,
            lang,
        )
        .await
    }

    /// Description, in the language chosen like the event's `title`.
    async fn description(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The language wanted; the event's own language when \
                          the description is not translated into it.")]
        lang: Option<Language>,
    ) -> async_graphql::Result<String> {
        let item = &self.item;
        let original = &item.description;
        parts::text(
            ctx,
            item.event_id,
            item.id,
            PartText::ItemDescription,
            original,
            lang,
        )
        .await
    }

    /// The title in other languages than the event's own.
    async fn title_translations(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<Translation>> {
        parts::translations_of(ctx, self.item.event_id, self.item.id, PartText::ItemTitle).await
    }

    /// The description in other languages than the event's own.
    async fn description_translations(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<Translation>> {
        let item = &self.item;
        parts::translations_of(ctx, item.event_id, item.id, PartText::ItemDescription).await
    }

    /// Start of the slot.
    async fn starts_at(&self) -> Option<DateTime<Utc>> {
        self.item.starts_at
    }

    /// End of the slot.
    async fn ends_at(&self) -> Option<DateTime<Utc>> {
        self.item.ends_at
    }

    /// Start of the slot in the event's zone, ISO 8601 with offset.
    async fn starts_at_local(&self) -> Option<String> {
        self.item.starts_at.map(|at| local_iso(at, &self.zone))
    }

    /// End of the slot in the event's zone, ISO 8601 with offset.
    async fn ends_at_local(&self) -> Option<String> {
        self.item.ends_at.map(|at| local_iso(at, &self.zone))
    }

    /// Room.
    async fn room(&self) -> Option<&str> {
        self.item.room.as_deref()
    }

    /// Speakers of this item, in order.
    async fn speakers(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Speaker>> {
        if let Some(speakers) = &self.speakers {
            return Ok(speakers.iter().cloned().map(Speaker).collect());
        }
        let id = EventId(self.item.event_id);
        Ok(speakers_of(loaders(ctx)?, [id])
            .await?
            .remove(&id)
            .unwrap_or_default()
            .into_iter()
            .filter(|s| s.agenda_item_id == Some(self.item.id))
            .map(Speaker)
            .collect())
    }
}

/// A speaker at an event: a person, or an external name with affiliation.
#[derive(Clone)]
pub struct Speaker(pub speaker::Model);

/// A speaker at an event: a person, or an external name with affiliation.
#[Object]
impl Speaker {
    /// Global id.
    pub async fn id(&self) -> ID {
        SpeakerId(self.0.id).to_global()
    }

    /// Name as shown in the programme.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Affiliation, e.g. "Region Skåne".
    async fn affiliation(&self) -> Option<&str> {
        self.0.affiliation.as_deref()
    }

    /// Role, e.g. moderator or keynote, in the language chosen like the
    /// event's `title`.
    async fn role(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The language wanted; the event's own language when \
                          the role is not translated into it.")]
        lang: Option<Language>,
    ) -> async_graphql::Result<Option<String>> {
        let Some(role) = &self.0.role else {
            return Ok(None);
        };
        let s = &self.0;
        Ok(Some(
            parts::text(ctx, s.event_id, s.id, PartText::SpeakerRole, role, lang).await?,
        ))
    }

    /// The role in other languages than the event's own.
    async fn role_translations(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<Translation>> {
        parts::translations_of(ctx, self.0.event_id, self.0.id, PartText::SpeakerRole).await
    }

    /// Whether the speaker has accepted.
    async fn status(&self) -> SpeakerStatus {
        self.0.status.into()
    }

    /// The person, when the speaker is known to Träffpunkt.
    async fn person(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Person>> {
        let Some(person) = self.0.person_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?.load_one(PersonId(person)).await?.map(Person))
    }

    /// Global id of the agenda item the speaker speaks at, if any.
    async fn agenda_item_id(&self) -> Option<ID> {
        self.0.agenda_item_id.map(|id| AgendaItemId(id).to_global())
    }
}
