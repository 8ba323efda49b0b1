//! Events: create, change, publish and cancel them. An event's details are
//! checked as a whole, the same way on creation and on every change, so an
//! update can never leave an event in a state creation would refuse.

use chrono::{DateTime, Utc};
use entities::by_position::ReadByPosition;
use entities::{
    AttendanceMode, EventKind, EventStatus, JoinLinkVisibility, NetworkVisibility,
    RegistrationPolicy, event, network,
};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait};

use super::audit::{Action, Entry};
use super::seats::{SeatCounts, seat_count_columns};
use super::translations::{self, EventTranslations, TranslationInput};
use super::tx::{Effect, Tx};
use super::validate::{Errors, NAME_MAX, SHORT_MAX};
use super::{Context, Error, ErrorCode, Result, policy};
use crate::i18n::Locale;
use crate::ids::{EventId, NetworkId, SeriesId};
use crate::text::fold;

/// Where an event takes place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Venue {
    /// Name of the place, e.g. "Fontänhuset Helsingborg".
    pub name: Option<String>,
    /// Street address.
    pub address: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Accessibility notes (entrances, hearing loop, lifts).
    pub accessibility: Option<String>,
}

/// How to join online.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OnlineMeeting {
    /// Provider, e.g. Webex, Teams, Zoom.
    pub provider: Option<String>,
    /// The join link (http or https).
    pub join_url: Option<String>,
    /// Meeting number.
    pub meeting_number: Option<String>,
    /// Passcode.
    pub passcode: Option<String>,
    /// Dial-in number(s).
    pub dial_in: Option<String>,
    /// Free-text instructions.
    pub instructions: Option<String>,
}

/// Everything about an event that an organiser sets.
#[derive(Debug, Clone)]
pub struct EventDetails {
    /// Kind of event.
    pub kind: EventKind,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Start (instant).
    pub starts_at: DateTime<Utc>,
    /// End (instant), after the start.
    pub ends_at: DateTime<Utc>,
    /// IANA zone the event is held in.
    pub time_zone: String,
    /// In person, online or hybrid.
    pub attendance_mode: AttendanceMode,
    /// Only for members of the network.
    pub members_only: bool,
    /// The venue.
    pub venue: Option<Venue>,
    /// The online meeting.
    pub online: Option<OnlineMeeting>,
    /// Who may see the join link.
    pub join_link_visibility: JoinLinkVisibility,
    /// Seats at the venue (`None`: unlimited).
    pub capacity_in_person: Option<i32>,
    /// Seats online (`None`: unlimited).
    pub capacity_online: Option<i32>,
    /// Minutes a guest has to confirm their address before their seat
    /// passes on (`None`: no confirmation asked).
    pub guest_confirmation_minutes: Option<i32>,
    /// How participants sign up.
    pub registration_policy: RegistrationPolicy,
    /// When registration opens (`None`: at once).
    pub registration_opens_at: Option<DateTime<Utc>>,
    /// When registration closes (`None`: at the start).
    pub registration_closes_at: Option<DateTime<Utc>>,
}

/// Input for a new event. Absent optional settings take the network's defaults.
#[derive(Debug, Clone)]
pub struct NewEvent {
    /// The network that holds it.
    pub network_id: NetworkId,
    /// The series it belongs to.
    pub series_id: Option<SeriesId>,
    /// Kind.
    pub kind: EventKind,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
    /// Zone; the network's when absent.
    pub time_zone: Option<String>,
    /// Attendance mode.
    pub attendance_mode: AttendanceMode,
    /// Members only; true for closed networks when absent.
    pub members_only: Option<bool>,
    /// Venue.
    pub venue: Option<Venue>,
    /// Online meeting.
    pub online: Option<OnlineMeeting>,
    /// Join-link visibility; REGISTERED when absent.
    pub join_link_visibility: Option<JoinLinkVisibility>,
    /// Seats at the venue.
    pub capacity_in_person: Option<i32>,
    /// Seats online.
    pub capacity_online: Option<i32>,
    /// Minutes a guest has to confirm their address (`None`: not asked).
    pub guest_confirmation_minutes: Option<i32>,
    /// Registration policy; REQUIRED when absent.
    pub registration_policy: Option<RegistrationPolicy>,
    /// Registration opens.
    pub registration_opens_at: Option<DateTime<Utc>>,
    /// Registration closes.
    pub registration_closes_at: Option<DateTime<Utc>>,
    /// For an `APPLICATION` event: the network that approved organisations
    /// join ([`super::projects`]); one the viewer manages.
    pub project_network_id: Option<NetworkId>,
    /// The language its texts are written in; the network's when absent.
    pub locale: Option<Locale>,
    /// Its texts in other languages (blank ones are left out).
    pub translations: Vec<TranslationInput>,
}

/// Changes to an event: `None` leaves a field; `Some(None)` clears a clearable one.
#[derive(Debug, Clone, Default)]
pub struct EventChanges {
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
    /// Zone.
    pub time_zone: Option<String>,
    /// Attendance mode.
    pub attendance_mode: Option<AttendanceMode>,
    /// Members only.
    pub members_only: Option<bool>,
    /// Venue.
    pub venue: Option<Option<Venue>>,
    /// Online meeting.
    pub online: Option<Option<OnlineMeeting>>,
    /// Join-link visibility.
    pub join_link_visibility: Option<JoinLinkVisibility>,
    /// Seats at the venue.
    pub capacity_in_person: Option<Option<i32>>,
    /// Seats online.
    pub capacity_online: Option<Option<i32>>,
    /// Minutes a guest has to confirm their address (`Some(None)`: not asked).
    pub guest_confirmation_minutes: Option<Option<i32>>,
    /// Registration policy.
    pub registration_policy: Option<RegistrationPolicy>,
    /// Registration opens.
    pub registration_opens_at: Option<Option<DateTime<Utc>>>,
    /// Registration closes.
    pub registration_closes_at: Option<Option<DateTime<Utc>>>,
    /// The project network approved organisations join (`Some(None)`:
    /// none from now on; admissions made stay).
    pub project_network_id: Option<Option<NetworkId>>,
    /// The language its texts are written in.
    pub locale: Option<Locale>,
    /// Translations to set (a blank text removes one); languages not named
    /// stay as they are.
    pub translations: Vec<TranslationInput>,
}

impl NewEvent {
    /// A new event of `network` with every detail given (no defaults).
    pub fn with_details(network: NetworkId, details: EventDetails) -> Self {
        Self {
            network_id: network,
            series_id: None,
            kind: details.kind,
            title: details.title,
            description: details.description,
            starts_at: details.starts_at,
            ends_at: details.ends_at,
            time_zone: Some(details.time_zone),
            attendance_mode: details.attendance_mode,
            members_only: Some(details.members_only),
            venue: details.venue,
            online: details.online,
            join_link_visibility: Some(details.join_link_visibility),
            capacity_in_person: details.capacity_in_person,
            capacity_online: details.capacity_online,
            guest_confirmation_minutes: details.guest_confirmation_minutes,
            registration_policy: Some(details.registration_policy),
            registration_opens_at: details.registration_opens_at,
            registration_closes_at: details.registration_closes_at,
            project_network_id: None,
            locale: None,
            translations: Vec::new(),
        }
    }
}

impl EventChanges {
    /// Changes that set every detail to `details` (a whole form).
    pub fn replacing(details: EventDetails) -> Self {
        Self {
            kind: Some(details.kind),
            title: Some(details.title),
            description: Some(details.description),
            starts_at: Some(details.starts_at),
            ends_at: Some(details.ends_at),
            time_zone: Some(details.time_zone),
            attendance_mode: Some(details.attendance_mode),
            members_only: Some(details.members_only),
            venue: Some(details.venue),
            online: Some(details.online),
            join_link_visibility: Some(details.join_link_visibility),
            capacity_in_person: Some(details.capacity_in_person),
            capacity_online: Some(details.capacity_online),
            guest_confirmation_minutes: Some(details.guest_confirmation_minutes),
            registration_policy: Some(details.registration_policy),
            registration_opens_at: Some(details.registration_opens_at),
            registration_closes_at: Some(details.registration_closes_at),
            project_network_id: None,
            locale: None,
            translations: Vec::new(),
        }
    }
}

impl EventDetails {
    /// The details stored in an event row.
    pub fn of(model: &event::Model) -> Self {
        Self {
            kind: model.kind,
            title: model.title.clone(),
            description: model.description.clone(),
            starts_at: model.starts_at,
            ends_at: model.ends_at,
            time_zone: model.time_zone.clone(),
            attendance_mode: model.attendance_mode,
            members_only: model.members_only,
            venue: venue_of(model),
            online: online_of(model),
            join_link_visibility: model.join_link_visibility,
            capacity_in_person: model.capacity_in_person,
            capacity_online: model.capacity_online,
            guest_confirmation_minutes: model.guest_confirmation_minutes,
            registration_policy: model.registration_policy,
            registration_opens_at: model.registration_opens_at,
            registration_closes_at: model.registration_closes_at,
        }
    }

    fn apply(mut self, c: EventChanges) -> Self {
        macro_rules! take {
            ($($field:ident),+) => { $(if let Some(v) = c.$field { self.$field = v; })+ };
        }
        take!(
            kind,
            title,
            description,
            starts_at,
            ends_at,
            time_zone,
            attendance_mode,
            members_only,
            venue,
            online,
            join_link_visibility,
            capacity_in_person,
            capacity_online,
            guest_confirmation_minutes,
            registration_policy,
            registration_opens_at,
            registration_closes_at
        );
        self
    }

    /// Checks and normalises the details (trimmed texts, blank venue → none).
    pub fn validate(self, prefix: &str) -> Result<Self> {
        let f = |name: &str| {
            if prefix.is_empty() {
                name.to_owned()
            } else {
                format!("{prefix}.{name}")
            }
        };
        let mut e = Errors::new();
        let title = e.required_text(&f("title"), &self.title, NAME_MAX);
        let description = e.description(&f("description"), &self.description);
        e.time_range(&f("endsAt"), self.starts_at, self.ends_at);
        let time_zone = e.time_zone(&f("timeZone"), &self.time_zone);
        let venue = self.venue.map(|v| Venue {
            name: e.optional_text(&f("venue.name"), v.name.as_deref(), NAME_MAX),
            address: e.optional_text(&f("venue.address"), v.address.as_deref(), 300),
            city: e.optional_text(&f("venue.city"), v.city.as_deref(), 100),
            accessibility: e.optional_lines(
                &f("venue.accessibilityNotes"),
                v.accessibility.as_deref(),
                2000,
            ),
        });
        let venue = venue.filter(|v| *v != Venue::default());
        let online = self.online.map(|o| OnlineMeeting {
            provider: e.optional_text(&f("onlineMeeting.provider"), o.provider.as_deref(), 64),
            join_url: e.url(&f("onlineMeeting.joinUrl"), o.join_url.as_deref()),
            meeting_number: e.optional_text(
                &f("onlineMeeting.meetingNumber"),
                o.meeting_number.as_deref(),
                64,
            ),
            passcode: e.optional_text(&f("onlineMeeting.passcode"), o.passcode.as_deref(), 64),
            dial_in: e.optional_text(&f("onlineMeeting.dialIn"), o.dial_in.as_deref(), SHORT_MAX),
            instructions: e.optional_lines(
                &f("onlineMeeting.instructions"),
                o.instructions.as_deref(),
                2000,
            ),
        });
        let online = online.filter(|o| *o != OnlineMeeting::default());
        let capacity_in_person = e.capacity(&f("capacity.inPerson"), self.capacity_in_person);
        let capacity_online = e.capacity(&f("capacity.online"), self.capacity_online);
        if let Some(minutes) = self.guest_confirmation_minutes
            && !(5..=10_080).contains(&minutes)
        {
            e.push(
                &f("guestConfirmationMinutes"),
                ErrorCode::OutOfRange,
                "between 5 minutes and a week (10080)",
            );
        }
        if let (Some(opens), Some(closes)) =
            (self.registration_opens_at, self.registration_closes_at)
            && closes <= opens
        {
            e.push(
                &f("registrationClosesAt"),
                ErrorCode::InvalidTimeRange,
                "registration must close after it opens",
            );
        }
        if let Some(opens) = self.registration_opens_at
            && opens >= self.ends_at
        {
            e.push(
                &f("registrationOpensAt"),
                ErrorCode::InvalidTimeRange,
                "registration must open before the event ends",
            );
        }
        if self.attendance_mode == AttendanceMode::InPerson && online.is_some() {
            e.push(
                &f("onlineMeeting"),
                ErrorCode::Invalid,
                "an in-person event has no online meeting; make it HYBRID or ONLINE",
            );
        }
        e.finish()?;
        Ok(Self {
            title,
            description,
            time_zone,
            venue,
            online,
            capacity_in_person,
            capacity_online,
            ..self
        })
    }

    fn write(self, model: &mut event::ActiveModel) {
        let venue = self.venue.unwrap_or_default();
        let online = self.online.unwrap_or_default();
        model.search_key = Set(fold(&format!(
            "{} {} {}",
            self.title,
            venue.name.as_deref().unwrap_or_default(),
            venue.city.as_deref().unwrap_or_default()
        )));
        model.kind = Set(self.kind);
        model.title = Set(self.title);
        model.description = Set(self.description);
        model.starts_at = Set(self.starts_at);
        model.ends_at = Set(self.ends_at);
        model.time_zone = Set(self.time_zone);
        model.attendance_mode = Set(self.attendance_mode);
        model.members_only = Set(self.members_only);
        model.venue_name = Set(venue.name);
        model.venue_address = Set(venue.address);
        model.venue_city = Set(venue.city);
        model.venue_accessibility = Set(venue.accessibility);
        model.online_provider = Set(online.provider);
        model.online_join_url = Set(online.join_url);
        model.online_meeting_number = Set(online.meeting_number);
        model.online_passcode = Set(online.passcode);
        model.online_dial_in = Set(online.dial_in);
        model.online_instructions = Set(online.instructions);
        model.join_link_visibility = Set(self.join_link_visibility);
        model.capacity_in_person = Set(self.capacity_in_person);
        model.capacity_online = Set(self.capacity_online);
        model.guest_confirmation_minutes = Set(self.guest_confirmation_minutes);
        model.registration_policy = Set(self.registration_policy);
        model.registration_opens_at = Set(self.registration_opens_at);
        model.registration_closes_at = Set(self.registration_closes_at);
    }

    /// The API names of the fields that differ from `other` (the audit
    /// log's detail of a change).
    pub fn changed_fields(&self, other: &Self) -> Vec<&'static str> {
        let mut changed = Vec::new();
        let mut check = |differs: bool, name: &'static str| {
            if differs {
                changed.push(name);
            }
        };
        check(self.kind != other.kind, "kind");
        check(self.title != other.title, "title");
        check(self.description != other.description, "description");
        check(self.starts_at != other.starts_at, "startsAt");
        check(self.ends_at != other.ends_at, "endsAt");
        check(self.time_zone != other.time_zone, "timeZone");
        check(
            self.attendance_mode != other.attendance_mode,
            "attendanceMode",
        );
        check(self.members_only != other.members_only, "membersOnly");
        check(self.venue != other.venue, "venue");
        check(self.online != other.online, "onlineMeeting");
        check(
            self.join_link_visibility != other.join_link_visibility,
            "joinLinkVisibility",
        );
        check(
            self.capacity_in_person != other.capacity_in_person,
            "capacity.inPerson",
        );
        check(
            self.capacity_online != other.capacity_online,
            "capacity.online",
        );
        check(
            self.guest_confirmation_minutes != other.guest_confirmation_minutes,
            "guestConfirmationMinutes",
        );
        check(
            self.registration_policy != other.registration_policy,
            "registrationPolicy",
        );
        check(
            self.registration_opens_at != other.registration_opens_at,
            "registrationOpensAt",
        );
        check(
            self.registration_closes_at != other.registration_closes_at,
            "registrationClosesAt",
        );
        changed
    }

    /// Whether a participant would care about the difference (time, place,
    /// link): such changes bump the iCalendar SEQUENCE.
    fn differs_for_participants(&self, other: &Self) -> bool {
        self.starts_at != other.starts_at
            || self.ends_at != other.ends_at
            || self.time_zone != other.time_zone
            || self.venue != other.venue
            || self.online != other.online
            || self.attendance_mode != other.attendance_mode
            || self.title != other.title
    }
}

/// Whether `details` has accessibility notes (not blank) to translate.
fn has_accessibility(details: &EventDetails) -> bool {
    details
        .venue
        .as_ref()
        .and_then(|v| v.accessibility.as_deref())
        .is_some_and(|a| !a.trim().is_empty())
}

/// The details' check with the translations' field errors `e` added, so
/// an organiser is told every problem at once.
fn with_translation_errors(details: Result<EventDetails>, e: Errors) -> Result<EventDetails> {
    match (details, e.finish()) {
        (Ok(details), Ok(())) => Ok(details),
        (Err(Error::Invalid(mut a)), Err(Error::Invalid(b))) => {
            a.extend(b);
            Err(Error::Invalid(a))
        }
        (Err(err), _) | (Ok(_), Err(err)) => Err(err),
    }
}

/// The venue stored in an event row, if any.
pub fn venue_of(m: &event::Model) -> Option<Venue> {
    let venue = Venue {
        name: m.venue_name.clone(),
        address: m.venue_address.clone(),
        city: m.venue_city.clone(),
        accessibility: m.venue_accessibility.clone(),
    };
    (venue != Venue::default()).then_some(venue)
}

/// The online meeting stored in an event row, if any.
pub fn online_of(m: &event::Model) -> Option<OnlineMeeting> {
    let online = OnlineMeeting {
        provider: m.online_provider.clone(),
        join_url: m.online_join_url.clone(),
        meeting_number: m.online_meeting_number.clone(),
        passcode: m.online_passcode.clone(),
        dial_in: m.online_dial_in.clone(),
        instructions: m.online_instructions.clone(),
    };
    (online != OnlineMeeting::default()).then_some(online)
}

impl NewEvent {
    /// The full details, with the network's defaults filled in.
    pub fn details(&self, network: &network::Model) -> EventDetails {
        EventDetails {
            kind: self.kind,
            title: self.title.clone(),
            description: self.description.clone(),
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            time_zone: self
                .time_zone
                .clone()
                .unwrap_or_else(|| network.time_zone.clone()),
            attendance_mode: self.attendance_mode,
            members_only: self
                .members_only
                .unwrap_or(network.visibility == NetworkVisibility::Closed),
            venue: self.venue.clone(),
            online: self.online.clone(),
            join_link_visibility: self
                .join_link_visibility
                .unwrap_or(JoinLinkVisibility::Registered),
            capacity_in_person: self.capacity_in_person,
            capacity_online: self.capacity_online,
            guest_confirmation_minutes: self.guest_confirmation_minutes,
            registration_policy: self
                .registration_policy
                .unwrap_or(RegistrationPolicy::Required),
            registration_opens_at: self.registration_opens_at,
            registration_closes_at: self.registration_closes_at,
        }
    }
}

/// Inserts a validated event, as a draft unless `publish` (inside the caller's transaction, if any).
pub(crate) async fn insert<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
    network_id: NetworkId,
    series_id: Option<SeriesId>,
    details: EventDetails,
    publish: bool,
    locale: Locale,
) -> Result<event::Model> {
    let mut model = event::ActiveModel {
        id: Set(EventId::new().0),
        locale: Set(locale.as_str().to_owned()),
        network_id: Set(network_id.0),
        series_id: Set(series_id.map(|s| s.0)),
        status: Set(if publish {
            EventStatus::Published
        } else {
            EventStatus::Draft
        }),
        sequence: Set(0),
        published_at: Set(publish.then_some(now)),
        cancelled_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    details.write(&mut model);
    Ok(model.insert(db).await?)
}

/// Creates an event as a draft.
#[tracing::instrument(skip_all, fields(network = %input.network_id))]
pub async fn create(cx: &Context, input: NewEvent) -> Result<event::Model> {
    policy::require_write(cx)?;
    let network = super::networks::get(cx, input.network_id)
        .await?
        .ok_or_else(|| Error::field("networkId", ErrorCode::NotFound, "no network with this id"))?;
    policy::require_manage(cx, input.network_id).await?;
    if let Some(series_id) = input.series_id {
        // Read here rather than through `super::series`, which creates
        // events through this module.
        let series = entities::series::Entity::find_by_id(series_id.0)
            .one(&cx.db)
            .await?;
        if series.is_none_or(|s| s.network_id != network.id) {
            return Err(Error::field(
                "seriesId",
                ErrorCode::NotFound,
                "no series with this id in the network",
            ));
        }
    }
    let own = input
        .locale
        .unwrap_or_else(|| Locale::parse(&network.default_locale).unwrap_or_default());
    let raw = input.details(&network);
    let has_accessibility = has_accessibility(&raw);
    let mut e = Errors::new();
    let translated =
        EventTranslations::default().apply(&input.translations, own, has_accessibility, &mut e);
    let details = with_translation_errors(raw.validate(""), e)?;
    check_project_network(cx, input.project_network_id, details.registration_policy).await?;
    Tx::run(cx, |tx| {
        let details = details.clone();
        let translated = translated.clone();
        async move {
            let mut created = insert(
                tx.db(),
                tx.now(),
                input.network_id,
                input.series_id,
                details,
                false,
                own,
            )
            .await?;
            let none = EventTranslations::default();
            translations::store(tx.db(), EventId(created.id), &none, &translated, tx.now()).await?;
            if let Some(project) = input.project_network_id {
                let mut model: event::ActiveModel = created.into();
                model.project_network_id = Set(Some(project.0));
                created = model.update(tx.db()).await?;
            }
            tx.audit(
                Entry::event(input.network_id, EventId(created.id), Action::EventCreated)
                    .about(created.id, Some(&created.title)),
            );
            Ok((tx, created))
        }
    })
    .await
}

/// Checks the project network an event names (`None`: none, nothing to
/// check): it exists, the viewer manages it, and the event takes
/// applications. Problems are field errors on `projectNetworkId`.
async fn check_project_network(
    cx: &Context,
    project: Option<NetworkId>,
    registration_policy: RegistrationPolicy,
) -> Result<()> {
    let Some(project) = project else {
        return Ok(());
    };
    if super::tree::network(&cx.db, project.0).await?.is_none() {
        return Err(Error::field(
            "projectNetworkId",
            ErrorCode::NotFound,
            "no network with this id",
        ));
    }
    if !policy::manages(cx, project).await? {
        // Told as an unknown network: which networks exist that the viewer
        // does not manage is none of the event's business.
        return Err(Error::field(
            "projectNetworkId",
            ErrorCode::NotFound,
            "no network with this id among the networks you manage",
        ));
    }
    if registration_policy != RegistrationPolicy::Application {
        return Err(Error::field(
            "projectNetworkId",
            ErrorCode::Invalid,
            "only an APPLICATION event names a network that approved organisations join",
        ));
    }
    Ok(())
}

/// Changes an event; a change to time, place or link bumps its SEQUENCE.
#[tracing::instrument(skip_all, fields(event = %id))]
pub async fn update(cx: &Context, id: EventId, mut changes: EventChanges) -> Result<event::Model> {
    let current = for_change(cx, id, "id").await?;
    let before = EventDetails::of(&current);
    let project_before = current.project_network_id.map(NetworkId);
    let project_after = changes.project_network_id.unwrap_or(project_before);
    let own_before = translations::own_locale(&current);
    let own_after = changes.locale.unwrap_or(own_before);
    let translation_changes = std::mem::take(&mut changes.translations);
    let raw = before.clone().apply(changes);
    let rows = translations::rows_of_events(&cx.db, vec![id.0]).await?;
    let translated_before = EventTranslations::of(&rows);
    let mut e = Errors::new();
    let translated_after = translated_before.apply(
        &translation_changes,
        own_after,
        has_accessibility(&raw),
        &mut e,
    );
    // A part's translation into the new own language would never be read
    // again: it is removed first, by the organiser, not lost here.
    if own_after != own_before
        && translations::PartTranslations::of(&rows)
            .locales_other_than(own_before)
            .contains(&own_after)
    {
        e.push(
            "locale",
            ErrorCode::Invalid,
            format!(
                "agenda items, speakers or questions have translations into {own_after}; \
                 remove them (an empty text) first, or keep the event's language"
            ),
        );
    }
    let after = with_translation_errors(raw.validate(""), e)?;
    if project_after.is_some() {
        // A network newly named must be one the viewer manages; one named
        // before only needs the policy to stay APPLICATION.
        let checked = project_after.filter(|p| Some(*p) != project_before);
        check_project_network(cx, checked, after.registration_policy).await?;
        if checked.is_none() && after.registration_policy != RegistrationPolicy::Application {
            return Err(Error::field(
                "registrationPolicy",
                ErrorCode::Invalid,
                "the event names a project network, which only an APPLICATION event can; \
                 clear projectNetworkId first",
            ));
        }
    }
    // A translation is what subscribers reading that language see: it
    // bumps SEQUENCE when its original would.
    let bump = before.differs_for_participants(&after)
        || translated_before.bumps_sequence(&translated_after);
    let mut changed = before.changed_fields(&after);
    if project_after != project_before {
        changed.push("projectNetworkId");
    }
    if own_after != own_before {
        changed.push("locale");
    }
    changed.extend(
        translated_before
            .changed(&translated_after)
            .into_iter()
            .map(|t| t.input_name()),
    );
    let changed = changed.join(", ");
    let network = NetworkId(current.network_id);
    let mut noticed = Vec::new();
    if (before.starts_at, before.ends_at, &before.time_zone)
        != (after.starts_at, after.ends_at, &after.time_zone)
    {
        noticed.push(crate::mail::EventChange::Time);
    }
    if before.venue != after.venue {
        noticed.push(crate::mail::EventChange::Place);
    }
    let link = |d: &EventDetails| d.online.as_ref().and_then(|o| o.join_url.clone());
    if link(&before) != link(&after) {
        noticed.push(crate::mail::EventChange::Link);
    }
    let (new_in_person, new_online) = (after.capacity_in_person, after.capacity_online);
    let more_seats = |new: Option<i32>, old: Option<i32>| match (new, old) {
        (None, Some(_)) => true,
        (Some(new), Some(old)) => new > old,
        _ => false,
    };
    let raised = more_seats(new_in_person, before.capacity_in_person)
        || more_seats(new_online, before.capacity_online);
    let lowered = !raised
        && (new_in_person != before.capacity_in_person || new_online != before.capacity_online);
    let mut model: event::ActiveModel = current.into();
    after.write(&mut model);
    model.project_network_id = Set(project_after.map(|p| p.0));
    model.locale = Set(own_after.as_str().to_owned());
    // The change and the mails about it commit together.
    let updated = Tx::run(cx, |tx| {
        let mut model = model.clone();
        let noticed = noticed.clone();
        let changed = changed.clone();
        let (translated_before, translated_after) =
            (translated_before.clone(), translated_after.clone());
        async move {
            model.updated_at = Set(tx.now());
            let mut updated = model.update(tx.db()).await?;
            translations::store(tx.db(), id, &translated_before, &translated_after, tx.now())
                .await?;
            if bump {
                updated = bump_sequence(tx.db(), id).await?;
            }
            if !changed.is_empty() {
                tx.audit(Entry::event(network, id, Action::EventUpdated).detail(changed.clone()));
            }
            if !noticed.is_empty() && updated.status != EventStatus::Draft {
                tx.effect(Effect::EventChanged {
                    event: Box::new(updated.clone()),
                    changes: noticed,
                });
            }
            if lowered {
                // Fewer seats remain (nobody loses theirs).
                tx.seats_changed(id);
            }
            Ok((tx, updated))
        }
    })
    .await?;
    if raised {
        // Raised capacity: the first in line get the new seats, in a unit
        // of their own after the change's (its mails name the seats as
        // they were when it was made).
        super::seats::fill_free_seats(cx, id).await?;
    }
    Ok(updated)
}

/// Publishes a draft; publishing a published event changes nothing. A
/// cancelled event cannot be published again.
#[tracing::instrument(skip_all, fields(event = %id))]
pub async fn publish(cx: &Context, id: EventId) -> Result<event::Model> {
    let current = for_change(cx, id, "id").await?;
    match current.status {
        EventStatus::Published => Ok(current),
        EventStatus::Cancelled => Err(Error::field(
            "id",
            ErrorCode::InvalidState,
            "a cancelled event cannot be published again; create a new one",
        )),
        EventStatus::Draft => {
            Tx::run(cx, |tx| {
                let current = current.clone();
                async move {
                    let published = publish_in(&tx, current).await?;
                    Ok((tx, published))
                }
            })
            .await
        }
    }
}

/// Publishes the draft `current` inside the caller's unit `tx` (for
/// [`super::series::publish_event`], which registers a project's
/// representatives in the same unit).
pub(crate) async fn publish_in(tx: &Tx, current: event::Model) -> Result<event::Model> {
    let id = EventId(current.id);
    let mut model: event::ActiveModel = current.into();
    let now = tx.now();
    model.status = Set(EventStatus::Published);
    model.published_at = Set(Some(now));
    model.updated_at = Set(now);
    let published = model.update(tx.db()).await?;
    tx.effect(super::effects::Effect::EventPublished(Box::new(
        published.clone(),
    )));
    tx.audit(Entry::event(
        NetworkId(published.network_id),
        id,
        Action::EventPublished,
    ));
    Ok(published)
}

/// Cancels an event; it stays visible as cancelled so calendars remove it.
/// The participants are mailed, with `reason` when the organiser gives one.
/// Cancelling twice is not an error.
#[tracing::instrument(skip_all, fields(event = %id))]
pub async fn cancel(cx: &Context, id: EventId, reason: Option<String>) -> Result<event::Model> {
    let current = for_change(cx, id, "id").await?;
    let mut errors = super::validate::Errors::new();
    let reason = errors.optional_lines("reason", reason.as_deref(), 2000);
    errors.finish()?;
    if current.status == EventStatus::Cancelled {
        return Ok(current);
    }
    let model: event::ActiveModel = current.into();
    // The cancellation, its reminders' and the mails commit together.
    Tx::run(cx, |tx| {
        let mut model = model.clone();
        let reason = reason.clone();
        async move {
            let now = tx.now();
            model.status = Set(EventStatus::Cancelled);
            model.cancelled_at = Set(Some(now));
            model.updated_at = Set(now);
            model.update(tx.db()).await?;
            let cancelled = bump_sequence(tx.db(), id).await?;
            let mut entry =
                Entry::event(NetworkId(cancelled.network_id), id, Action::EventCancelled);
            if let Some(reason) = &reason {
                entry = entry.detail(reason.clone());
            }
            tx.audit(entry);
            tx.effect(Effect::EventCancelled {
                event: Box::new(cancelled.clone()),
                reason: reason.clone(),
            });
            Ok((tx, cancelled))
        }
    })
    .await
}

/// Raises an event's SEQUENCE by one in the database, so two changes at
/// once get two numbers (the invitations and the dedupe keys of their
/// notices carry it), and returns the event as it now is.
async fn bump_sequence<C: ConnectionTrait>(db: &C, id: EventId) -> Result<event::Model> {
    use sea_orm::{
        ColumnTrait, QueryFilter,
        sea_query::{Expr, ExprTrait},
    };
    event::Entity::update_many()
        .col_expr(
            event::Column::Sequence,
            Expr::col(event::Column::Sequence).add(1),
        )
        .filter(event::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    event::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(Error::NotFound("event"))
}

/// Marks an event as changed now without bumping its SEQUENCE: its programme
/// (agenda items, speakers) changed. The programme is part of the event's
/// calendar DESCRIPTION, so LAST-MODIFIED and the feeds' ETags must move with
/// it; participants are not re-notified for it, so SEQUENCE stays.
pub(crate) async fn touch<C: ConnectionTrait>(
    db: &C,
    id: EventId,
    now: DateTime<Utc>,
) -> Result<()> {
    use sea_orm::{ColumnTrait, QueryFilter, sea_query::Expr};
    event::Entity::update_many()
        .col_expr(event::Column::UpdatedAt, Expr::value(now))
        .filter(event::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

/// One event by id, whoever asks: for callers that apply the rules themselves.
pub async fn get(cx: &Context, id: EventId) -> Result<Option<event::Model>> {
    Ok(event::Entity::find_by_id(id.0).one(&cx.db).await?)
}

/// Narrows a query of events to those the viewer may see.
pub async fn only_visible(
    cx: &Context,
    select: sea_orm::Select<event::Entity>,
) -> Result<sea_orm::Select<event::Entity>> {
    use sea_orm::QueryFilter;
    Ok(match policy::visible_events(cx).await? {
        Some(condition) => select.filter(condition),
        None => select,
    })
}

/// One event by id, if the viewer may see it.
pub async fn visible(cx: &Context, id: EventId) -> Result<Option<event::Model>> {
    match get(cx, id).await? {
        Some(event) if policy::can_see_event(cx, &event).await? => Ok(Some(event)),
        _ => Ok(None),
    }
}

/// [`visible`] with the event's network, read in the same statement (for
/// a reader that shows both).
pub async fn visible_with_network(
    cx: &Context,
    id: EventId,
) -> Result<Option<(event::Model, Option<network::Model>)>> {
    let found = event::Entity::find_by_id(id.0)
        .find_also_related(network::Entity)
        .one_by_position(&cx.db)
        .await?;
    match found {
        Some((event, network)) if policy::can_see_event(cx, &event).await? => {
            Ok(Some((event, network)))
        }
        _ => Ok(None),
    }
}

/// [`visible_with_network`] with the counts the event's seats are made of,
/// all in one statement (for an event's detail).
pub async fn visible_with_network_and_seats(
    cx: &Context,
    id: EventId,
) -> Result<Option<(event::Model, Option<network::Model>, SeatCounts)>> {
    use sea_orm::{FromQueryResult, QuerySelect, QueryTrait};
    let select = event::Entity::find_by_id(id.0)
        .find_also_related(network::Entity)
        .limit(1);
    let statement = seat_count_columns(select).build(cx.db.get_database_backend());
    let found = WithNetworkAndSeats::find_by_statement(statement)
        .one(&cx.db)
        .await?;
    match found {
        Some(WithNetworkAndSeats(event, network, counts))
            if policy::can_see_event(cx, &event).await? =>
        {
            Ok(Some((event, network, counts)))
        }
        _ => Ok(None),
    }
}

/// A row of [`visible_with_network_and_seats`], read by position: the
/// event's columns, its network's, then the four counts.
struct WithNetworkAndSeats(event::Model, Option<network::Model>, SeatCounts);

impl sea_orm::FromQueryResult for WithNetworkAndSeats {
    fn from_query_result(
        row: &sea_orm::QueryResult,
        _prefix: &str,
    ) -> Result<Self, sea_orm::DbErr> {
        use entities::by_position::ByPosition;
        let network_at = <event::Model as ByPosition>::FIELDS.len();
        let counts_at = network_at + <network::Model as ByPosition>::FIELDS.len();
        Ok(Self(
            event::Model::read_at(row, 0)?,
            network::Model::read_optional_at(row, network_at)?,
            SeatCounts::read_at(row, counts_at)?,
        ))
    }
}

/// An event the viewer is about to change: `field` names it in the "not
/// found" error (also when the viewer may not see it); a viewer who sees it
/// but does not manage its network is refused.
pub(crate) async fn for_change(cx: &Context, id: EventId, field: &str) -> Result<event::Model> {
    policy::require_write(cx)?;
    let event = visible(cx, id)
        .await?
        .ok_or_else(|| Error::field(field, ErrorCode::NotFound, "no event with this id"))?;
    policy::require_manage(cx, NetworkId(event.network_id)).await?;
    Ok(event)
}

/// Filter for listing a network's events.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Events that end at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Events that start before this instant.
    pub to: Option<DateTime<Utc>>,
    /// Only these kinds.
    pub kinds: Option<Vec<EventKind>>,
    /// Only these statuses.
    pub statuses: Option<Vec<EventStatus>>,
    /// Only these attendance modes.
    pub attendance_modes: Option<Vec<AttendanceMode>>,
    /// Words in the title or place (Nordic letters folded).
    pub search: Option<String>,
}

impl EventFilter {
    /// Narrows a query of events to this filter.
    pub fn apply(
        &self,
        mut select: sea_orm::Select<event::Entity>,
    ) -> Result<sea_orm::Select<event::Entity>> {
        use sea_orm::{ColumnTrait, QueryFilter};
        if let (Some(from), Some(to)) = (self.from, self.to)
            && to <= from
        {
            return Err(Error::field(
                "filter.to",
                ErrorCode::InvalidTimeRange,
                "to must be after from",
            ));
        }
        if let Some(from) = self.from {
            select = select.filter(event::Column::EndsAt.gte(from));
        }
        if let Some(to) = self.to {
            select = select.filter(event::Column::StartsAt.lt(to));
        }
        if let Some(kinds) = &self.kinds {
            select = select.filter(event::Column::Kind.is_in(kinds.iter().copied()));
        }
        if let Some(statuses) = &self.statuses {
            select = select.filter(event::Column::Status.is_in(statuses.iter().copied()));
        }
        if let Some(modes) = &self.attendance_modes {
            select = select.filter(event::Column::AttendanceMode.is_in(modes.iter().copied()));
        }
        if let Some(search) =
            super::validate::search_words("filter.search", self.search.as_deref())?
        {
            select = select.filter(super::validate::words_like(
                event::Column::SearchKey,
                &search,
            ));
        }
        Ok(select)
    }
}

/// The published events of a network that have not ended, soonest first, as
/// many as `limit`, that the viewer may see.
pub async fn upcoming_in_network(
    cx: &Context,
    network: NetworkId,
    limit: u64,
) -> Result<Vec<event::Model>> {
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder, QuerySelect};
    let select = event::Entity::find()
        .filter(event::Column::NetworkId.eq(network.0))
        .filter(event::Column::Status.eq(EventStatus::Published))
        .filter(event::Column::EndsAt.gte(cx.clock.now()))
        .order_by_asc(event::Column::StartsAt)
        .order_by_asc(event::Column::Id)
        .limit(limit);
    Ok(only_visible(cx, select).await?.all(&cx.db).await?)
}
