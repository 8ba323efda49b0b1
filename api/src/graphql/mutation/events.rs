//! Mutations of events and series.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use chrono::{DateTime, Utc};

use super::{change, try_change};
use crate::graphql::enums::{
    AttendanceMode, EventKind, JoinLinkVisibility, Language, RegistrationPolicy,
};
use crate::graphql::error::{UserError, outcome};
use crate::graphql::ids::{GlobalId, parse_opt};
use crate::graphql::types::{Event, Series, service_cx};
use crate::ids::{EventId, NetworkId, SeriesId};
use crate::service::events::{self, EventChanges, NewEvent, OnlineMeeting, Venue};
use crate::service::series::{self, NewSeries, Occurrence};
use crate::service::translations::{
    EventText, PartInput, PartText, TranslationInput as Translated,
};

/// A text in another language than the event's own.
#[derive(InputObject, Clone)]
pub struct TranslationInput {
    /// The language; not the event's own (`locale`), whose text is the
    /// field itself.
    pub lang: Language,
    /// The text in that language, checked like the original (length,
    /// lines); an empty text removes the translation.
    pub text: String,
}

/// A question's choices in another language than the event's own.
#[derive(InputObject, Clone)]
pub struct ChoicesTranslationInput {
    /// The language; not the event's own.
    pub lang: Language,
    /// One translation for each of the question's options, in their order;
    /// none (or all empty) removes the translation.
    pub choices: Vec<String>,
}

/// The translations of a part's texts (agenda item, speaker, question) as
/// the service takes them, in the order given per text.
pub(super) fn part_translations<const N: usize>(
    lists: [(PartText, Option<Vec<TranslationInput>>); N],
) -> Vec<PartInput> {
    lists
        .into_iter()
        .flat_map(|(text, list)| {
            list.unwrap_or_default()
                .into_iter()
                .map(move |t| PartInput {
                    text,
                    locale: t.lang.into(),
                    value: t.text,
                })
        })
        .collect()
}

/// Translations of a question's choices as the service takes them (one
/// per line).
pub(super) fn choices_translations(list: Option<Vec<ChoicesTranslationInput>>) -> Vec<PartInput> {
    list.unwrap_or_default()
        .into_iter()
        .map(|t| PartInput {
            text: PartText::QuestionChoices,
            locale: t.lang.into(),
            // A line break inside one choice would make two; it is not a
            // choice's character, so it becomes a space.
            value: t
                .choices
                .iter()
                .map(|c| c.replace(['\r', '\n'], " "))
                .collect::<Vec<_>>()
                .join("\n"),
        })
        .collect()
}

/// The translations of an event's texts as the service takes them, in the
/// order given per text (field errors name each by its index).
fn translated(
    title: Option<Vec<TranslationInput>>,
    description: Option<Vec<TranslationInput>>,
    accessibility_notes: Option<Vec<TranslationInput>>,
) -> Vec<Translated> {
    [
        (EventText::Title, title),
        (EventText::Description, description),
        (EventText::AccessibilityNotes, accessibility_notes),
    ]
    .into_iter()
    .flat_map(|(text, list)| {
        list.unwrap_or_default()
            .into_iter()
            .map(move |t| Translated {
                text,
                locale: t.lang.into(),
                value: t.text,
            })
    })
    .collect()
}

/// Where an event takes place.
#[derive(InputObject, Clone)]
pub struct VenueInput {
    /// Name of the place.
    pub name: Option<String>,
    /// Street address.
    pub address: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Accessibility notes.
    pub accessibility_notes: Option<String>,
}

impl From<VenueInput> for Venue {
    fn from(v: VenueInput) -> Self {
        Self {
            name: v.name,
            address: v.address,
            city: v.city,
            accessibility: v.accessibility_notes,
        }
    }
}

/// How to join online.
#[derive(InputObject, Clone)]
pub struct OnlineMeetingInput {
    /// Provider, e.g. Webex.
    pub provider: Option<String>,
    /// Join link; must be http or https.
    pub join_url: Option<String>,
    /// Meeting number.
    pub meeting_number: Option<String>,
    /// Passcode.
    pub passcode: Option<String>,
    /// Dial-in number(s).
    pub dial_in: Option<String>,
    /// Instructions.
    pub instructions: Option<String>,
}

impl From<OnlineMeetingInput> for OnlineMeeting {
    fn from(o: OnlineMeetingInput) -> Self {
        Self {
            provider: o.provider,
            join_url: o.join_url,
            meeting_number: o.meeting_number,
            passcode: o.passcode,
            dial_in: o.dial_in,
            instructions: o.instructions,
        }
    }
}

/// Seats per mode; omitted or null means unlimited.
#[derive(InputObject, Clone, Default)]
pub struct CapacityInput {
    /// Seats at the venue (0 or more).
    pub in_person: MaybeUndefined<i32>,
    /// Seats online (0 or more).
    pub online: MaybeUndefined<i32>,
}

/// A new event; it starts as a draft.
#[derive(InputObject)]
pub struct CreateEventInput {
    /// The network that holds it.
    pub network_id: ID,
    /// The series it belongs to.
    pub series_id: Option<ID>,
    /// Kind of event.
    pub kind: EventKind,
    /// Title.
    pub title: String,
    /// Description.
    #[graphql(default)]
    pub description: String,
    /// Start (ISO 8601 with offset).
    pub starts_at: DateTime<Utc>,
    /// End, after the start.
    pub ends_at: DateTime<Utc>,
    /// IANA zone; the network's when omitted.
    pub time_zone: Option<String>,
    /// In person, online or hybrid.
    pub attendance_mode: AttendanceMode,
    /// Only for members; true for closed networks when omitted.
    pub members_only: Option<bool>,
    /// Guests (not signed in) confirm their address within this many
    /// minutes (5 to 10080) with a mailed link, or their seat passes to the
    /// waiting list; omitted: no confirmation asked.
    pub guest_confirmation_minutes: Option<i32>,
    /// Where it takes place.
    pub venue: Option<VenueInput>,
    /// How to join online.
    pub online_meeting: Option<OnlineMeetingInput>,
    /// Who may see the join link; REGISTERED when omitted.
    pub join_link_visibility: Option<JoinLinkVisibility>,
    /// Seats per mode.
    pub capacity: Option<CapacityInput>,
    /// How participants sign up; REQUIRED when omitted.
    pub registration_policy: Option<RegistrationPolicy>,
    /// When registration opens.
    pub registration_opens_at: Option<DateTime<Utc>>,
    /// When registration closes.
    pub registration_closes_at: Option<DateTime<Utc>>,
    /// For an `APPLICATION` event: a network (one you manage) that the
    /// organisations whose applications are approved join, their
    /// representatives as members. Withdrawing an approval
    /// (`withdrawApproval`) takes back what it added.
    pub project_network_id: Option<ID>,
    /// The language the texts above are written in; the network's default
    /// language when omitted.
    pub locale: Option<Language>,
    /// The title in other languages.
    pub title_translations: Option<Vec<TranslationInput>>,
    /// The description in other languages.
    pub description_translations: Option<Vec<TranslationInput>>,
    /// The venue's accessibility notes in other languages (only with notes
    /// in `venue`).
    pub accessibility_notes_translations: Option<Vec<TranslationInput>>,
}

/// Changes to an event; omitted fields stay as they are, null clears.
#[derive(InputObject)]
pub struct UpdateEventInput {
    /// The event.
    pub id: ID,
    /// Kind.
    pub kind: Option<EventKind>,
    /// Title.
    pub title: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Start.
    pub starts_at: Option<DateTime<Utc>>,
    /// End.
    pub ends_at: Option<DateTime<Utc>>,
    /// IANA zone.
    pub time_zone: Option<String>,
    /// Attendance mode.
    pub attendance_mode: Option<AttendanceMode>,
    /// Members only.
    pub members_only: Option<bool>,
    /// Minutes guests have to confirm their address (null: not asked).
    pub guest_confirmation_minutes: MaybeUndefined<i32>,
    /// Venue (replaces it; null removes it).
    pub venue: MaybeUndefined<VenueInput>,
    /// Online meeting (replaces it; null removes it).
    pub online_meeting: MaybeUndefined<OnlineMeetingInput>,
    /// Who may see the join link.
    pub join_link_visibility: Option<JoinLinkVisibility>,
    /// Seats per mode; a field left out stays, null makes it unlimited.
    pub capacity: Option<CapacityInput>,
    /// Registration policy.
    pub registration_policy: Option<RegistrationPolicy>,
    /// When registration opens; null: at once.
    pub registration_opens_at: MaybeUndefined<DateTime<Utc>>,
    /// When registration closes; null: at the start.
    pub registration_closes_at: MaybeUndefined<DateTime<Utc>>,
    /// The network approved organisations join (an `APPLICATION` event's,
    /// one you manage); null: none from now on (organisations admitted
    /// already stay).
    pub project_network_id: MaybeUndefined<ID>,
    /// The language the event's texts are written in. A translation into
    /// the new language must be removed in the same change.
    pub locale: Option<Language>,
    /// Title translations to set; an empty text removes one, languages not
    /// named stay. A changed title translation raises `sequence`, as a
    /// changed title does.
    pub title_translations: Option<Vec<TranslationInput>>,
    /// Description translations to set, as `titleTranslations`.
    pub description_translations: Option<Vec<TranslationInput>>,
    /// Accessibility-note translations to set, as `titleTranslations`;
    /// removing the notes removes their translations.
    pub accessibility_notes_translations: Option<Vec<TranslationInput>>,
}

/// Which event.
#[derive(InputObject)]
pub struct EventIdInput {
    /// The event.
    pub id: ID,
}

/// The outcome of an event mutation.
#[derive(SimpleObject)]
pub struct EventPayload {
    /// The event as it is now, when the mutation succeeded.
    pub event: Option<Event>,
    /// What was wrong with the input.
    pub user_errors: Vec<UserError>,
}

/// What every occurrence of a series has in common.
#[derive(InputObject)]
pub struct SeriesTemplateInput {
    /// Kind of the events.
    pub kind: EventKind,
    /// Title of each occurrence; the series title when omitted.
    pub title: Option<String>,
    /// Description of each occurrence.
    #[graphql(default)]
    pub description: String,
    /// IANA zone; the network's when omitted.
    pub time_zone: Option<String>,
    /// In person, online or hybrid.
    pub attendance_mode: AttendanceMode,
    /// Only for members.
    pub members_only: Option<bool>,
    /// Minutes guests have to confirm their address (omitted: not asked).
    pub guest_confirmation_minutes: Option<i32>,
    /// Where they take place.
    pub venue: Option<VenueInput>,
    /// How to join online.
    pub online_meeting: Option<OnlineMeetingInput>,
    /// Who may see the join link.
    pub join_link_visibility: Option<JoinLinkVisibility>,
    /// Seats per mode.
    pub capacity: Option<CapacityInput>,
    /// How participants sign up.
    pub registration_policy: Option<RegistrationPolicy>,
}

/// One date of a series.
#[derive(InputObject)]
pub struct OccurrenceInput {
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
    /// Theme of this occurrence, when known.
    pub title: Option<String>,
    /// Description of this occurrence.
    pub description: Option<String>,
}

/// A new series with its occurrences (irregular dates are fine).
#[derive(InputObject)]
pub struct CreateSeriesInput {
    /// The network.
    pub network_id: ID,
    /// Title of the series.
    pub title: String,
    /// Description of the series.
    #[graphql(default)]
    pub description: String,
    /// What the occurrences have in common.
    pub template: SeriesTemplateInput,
    /// The dates (1 to 200).
    pub occurrences: Vec<OccurrenceInput>,
    /// Publish the occurrences at once (default: they stay drafts).
    #[graphql(default)]
    pub publish: bool,
}

/// The outcome of creating a series.
#[derive(SimpleObject)]
pub struct SeriesPayload {
    /// The series, when the mutation succeeded.
    pub series: Option<Series>,
    /// Its events, by start.
    pub events: Vec<Event>,
    /// What was wrong with the input.
    pub user_errors: Vec<UserError>,
}

/// Occurrences to add to a series.
#[derive(InputObject)]
pub struct AddSeriesOccurrencesInput {
    /// The series.
    pub series_id: ID,
    /// The new dates (1 to 200); each copies the series' latest
    /// occurrence (kind, place, link, seats, policy), with its own title
    /// and description when given.
    pub occurrences: Vec<OccurrenceInput>,
    /// Publish them at once (default: they stay drafts). Published
    /// occurrences of a project network's series register the network's
    /// admitted representatives, who are mailed as usual.
    #[graphql(default)]
    pub publish: bool,
}

/// The outcome of adding occurrences to a series.
#[derive(SimpleObject)]
pub struct AddSeriesOccurrencesPayload {
    /// The new events, by start (empty when the mutation failed).
    pub events: Vec<Event>,
    /// What was wrong with the input.
    pub user_errors: Vec<UserError>,
}

fn occurrences(input: Vec<OccurrenceInput>) -> Vec<Occurrence> {
    input
        .into_iter()
        .map(|o| Occurrence {
            starts_at: o.starts_at,
            ends_at: o.ends_at,
            title: o.title,
            description: o.description,
        })
        .collect()
}

fn capacity_values(c: Option<CapacityInput>) -> (Option<i32>, Option<i32>) {
    let c = c.unwrap_or_default();
    (c.in_person.take(), c.online.take())
}

/// Mutations of events and series.
#[derive(Default)]
pub struct EventMutation;

#[Object]
impl EventMutation {
    /// Creates an event as a draft.
    async fn create_event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new event.")] input: CreateEventInput,
    ) -> async_graphql::Result<EventPayload> {
        let (in_person, online) = capacity_values(input.capacity);
        let new = NewEvent {
            network_id: NetworkId::parse(&input.network_id)?,
            series_id: parse_opt(input.series_id.as_ref())?,
            kind: input.kind.into(),
            title: input.title,
            description: input.description,
            starts_at: input.starts_at,
            ends_at: input.ends_at,
            time_zone: input.time_zone,
            attendance_mode: input.attendance_mode.into(),
            members_only: input.members_only,
            venue: input.venue.map(Into::into),
            online: input.online_meeting.map(Into::into),
            join_link_visibility: input.join_link_visibility.map(Into::into),
            capacity_in_person: in_person,
            capacity_online: online,
            guest_confirmation_minutes: input.guest_confirmation_minutes,
            registration_policy: input.registration_policy.map(Into::into),
            registration_opens_at: input.registration_opens_at,
            registration_closes_at: input.registration_closes_at,
            project_network_id: parse_opt(input.project_network_id.as_ref())?,
            locale: input.locale.map(Into::into),
            translations: translated(
                input.title_translations,
                input.description_translations,
                input.accessibility_notes_translations,
            ),
        };
        let (event, user_errors) = outcome(events::create(service_cx(ctx)?, new).await)?;
        Ok(EventPayload {
            event: event.map(Event),
            user_errors,
        })
    }

    /// Changes an event. Changing time, place or link raises its `sequence`.
    async fn update_event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: UpdateEventInput,
    ) -> async_graphql::Result<EventPayload> {
        let id = EventId::parse(&input.id)?;
        let (capacity_in_person, capacity_online) = match input.capacity {
            Some(c) => (change(c.in_person, |v| v), change(c.online, |v| v)),
            None => (None, None),
        };
        let changes = EventChanges {
            kind: input.kind.map(Into::into),
            title: input.title,
            description: input.description,
            starts_at: input.starts_at,
            ends_at: input.ends_at,
            time_zone: input.time_zone,
            attendance_mode: input.attendance_mode.map(Into::into),
            members_only: input.members_only,
            venue: change(input.venue, Venue::from),
            online: change(input.online_meeting, OnlineMeeting::from),
            join_link_visibility: input.join_link_visibility.map(Into::into),
            capacity_in_person,
            capacity_online,
            guest_confirmation_minutes: change(input.guest_confirmation_minutes, |v| v),
            registration_policy: input.registration_policy.map(Into::into),
            registration_opens_at: change(input.registration_opens_at, |v| v),
            registration_closes_at: change(input.registration_closes_at, |v| v),
            project_network_id: try_change(input.project_network_id, |id| NetworkId::parse(&id))?,
            locale: input.locale.map(Into::into),
            translations: translated(
                input.title_translations,
                input.description_translations,
                input.accessibility_notes_translations,
            ),
        };
        let (event, user_errors) = outcome(events::update(service_cx(ctx)?, id, changes).await)?;
        Ok(EventPayload {
            event: event.map(Event),
            user_errors,
        })
    }

    /// Publishes a draft event (idempotent). An occurrence of a project
    /// network's series registers the project's representatives when it is
    /// published, as one added published does.
    async fn publish_event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which event.")] input: EventIdInput,
    ) -> async_graphql::Result<EventPayload> {
        let id = EventId::parse(&input.id)?;
        let (event, user_errors) =
            outcome(crate::service::series::publish_event(service_cx(ctx)?, id).await)?;
        Ok(EventPayload {
            event: event.map(Event),
            user_errors,
        })
    }

    /// Cancels an event (idempotent); it stays listed as cancelled. The
    /// participants are mailed, with the reason when one is given.
    async fn cancel_event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which event.")] input: EventIdInput,
        #[graphql(
            desc = "Why, for the participants' mail (at most 2,000 characters; line breaks kept)."
        )]
        reason: Option<String>,
    ) -> async_graphql::Result<EventPayload> {
        let id = EventId::parse(&input.id)?;
        let (event, user_errors) = outcome(events::cancel(service_cx(ctx)?, id, reason).await)?;
        Ok(EventPayload {
            event: event.map(Event),
            user_errors,
        })
    }

    /// Creates a series with one event per occurrence, all or nothing.
    async fn create_series(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new series.")] input: CreateSeriesInput,
    ) -> async_graphql::Result<SeriesPayload> {
        let cx = service_cx(ctx)?;
        let network_id = NetworkId::parse(&input.network_id)?;
        let t = input.template;
        let (in_person, online) = capacity_values(t.capacity);
        let template = NewEvent {
            network_id,
            series_id: None,
            kind: t.kind.into(),
            title: t.title.unwrap_or_else(|| input.title.clone()),
            description: t.description,
            // Each occurrence sets its own times.
            starts_at: cx.clock.now(),
            ends_at: cx.clock.now(),
            time_zone: t.time_zone,
            attendance_mode: t.attendance_mode.into(),
            members_only: t.members_only,
            venue: t.venue.map(Into::into),
            online: t.online_meeting.map(Into::into),
            join_link_visibility: t.join_link_visibility.map(Into::into),
            capacity_in_person: in_person,
            capacity_online: online,
            guest_confirmation_minutes: t.guest_confirmation_minutes,
            registration_policy: t.registration_policy.map(Into::into),
            registration_opens_at: None,
            registration_closes_at: None,
            project_network_id: None,
            locale: None,
            translations: Vec::new(),
        };
        let new = NewSeries {
            network_id,
            title: input.title,
            description: input.description,
            template,
            occurrences: occurrences(input.occurrences),
            publish: input.publish,
        };
        let (created, user_errors) = outcome(series::create(cx, new).await)?;
        let Some((series, created_events)) = created else {
            return Ok(SeriesPayload {
                series: None,
                events: Vec::new(),
                user_errors,
            });
        };
        Ok(SeriesPayload {
            series: Some(Series(series)),
            events: created_events.into_iter().map(Event).collect(),
            user_errors,
        })
    }

    /// Adds occurrences to a series, all or nothing (organisers of its
    /// network): each a copy of the latest occurrence at its own times.
    async fn add_series_occurrences(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The series and the new dates.")] input: AddSeriesOccurrencesInput,
    ) -> async_graphql::Result<AddSeriesOccurrencesPayload> {
        let id = SeriesId::parse(&input.series_id)?;
        let (created, user_errors) = outcome(
            series::add_occurrences(
                service_cx(ctx)?,
                id,
                occurrences(input.occurrences),
                input.publish,
            )
            .await,
        )?;
        Ok(AddSeriesOccurrencesPayload {
            events: created.unwrap_or_default().into_iter().map(Event).collect(),
            user_errors,
        })
    }
}
