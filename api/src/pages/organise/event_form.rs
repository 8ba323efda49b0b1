//! Creating and editing an event in the console, with every field the API
//! has but the programme and questions; times are typed in the event's own
//! time zone. A refused form comes back with every error next to its field
//! (and a summary linking to each), all at once.
//!
//! - `GET /organise/networks/{id}/events/new` and `POST …/events`: a new
//!   draft (`events::create`); `GET /organise/events/{id}/duplicate`: the
//!   same form filled from an event, four weeks later ("next month's
//!   meeting, same place and link").
//! - `GET`/`POST /organise/events/{id}/edit` (`events::update`: participants
//!   are told of a new time, place or link).
//! - `POST /organise/events/{id}/publish` (`series::publish_event`: a
//!   project series' occurrence registers the representatives) and
//!   `POST /organise/events/{id}/cancel` (`events::cancel`, with a reason
//!   for the participants' mail).

use std::str::FromStr;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use entities::{
    AttendanceMode, EventKind, EventStatus, JoinLinkVisibility, RegistrationPolicy, event,
};
use uuid::Uuid;

use super::forms::{
    DoneQuery, Fields, TranslationField, csrf_for, organised_event, organised_network, posted,
    respond, see_other, sign_in_first, translated_field, translation_fields,
};
use crate::i18n::Locale;
use crate::i18n::console::{ConsoleStrings, console_strings};
use crate::i18n::pages::Strings;
use crate::ids::{EventId, NetworkId};
use crate::pages::form::Form;
use crate::pages::page::{Layout, PageRequest};
use crate::service::events::{self, EventChanges, EventDetails, NewEvent, OnlineMeeting, Venue};
use crate::service::translations::{self, EventText, EventTranslations, TranslationInput};
use crate::service::{self, ErrorCode, FieldError, overview};
use crate::state::AppState;

/// One choice of a `<select>`: value, text.
type Choice = (&'static str, &'static str);

#[derive(Template)]
#[template(path = "console/event_form.html")]
struct EventFormPage {
    page: Layout,
    c: &'static ConsoleStrings,
    t: &'static Strings,
    heading: &'static str,
    /// The errors for the summary at the top: field, "Label: error".
    summary: Vec<(String, String)>,
    action: String,
    submit: &'static str,
    f: Fields,
    kinds: Vec<Choice>,
    modes: Vec<Choice>,
    visibilities: Vec<Choice>,
    policies: Vec<Choice>,
    /// The languages the event's texts can be written in: tag, name.
    locales: Vec<Choice>,
    /// The fields of the texts in the other languages.
    translations: Vec<TranslationField>,
    /// The networks approved organisations may join (those the viewer
    /// manages): id, name.
    projects: Vec<(String, String)>,
    /// The event, when editing: its id, state and series.
    event: Option<(Uuid, EventStatus, Option<Uuid>)>,
    notice: Option<&'static str>,
    csrf: String,
    lang: &'static str,
}

/// The event's texts that can be translated: the form's name of the
/// original, which text.
const TEXTS: [(&str, EventText); 3] = [
    ("title", EventText::Title),
    ("description", EventText::Description),
    ("venue.accessibilityNotes", EventText::AccessibilityNotes),
];

/// The form's fields of the texts in the languages other than `own`.
fn translation_fields_of(c: &ConsoleStrings, own: Locale) -> Vec<TranslationField> {
    translation_fields(
        own,
        &[
            ("title", c.field_title, false),
            ("description", c.field_description, true),
            (
                "venue.accessibilityNotes",
                c.field_venue_accessibility,
                true,
            ),
        ],
    )
}

/// Fills the translation fields with `stored`, for an event written in
/// `own`.
fn fill_translations(f: &mut Fields, stored: &EventTranslations, own: Locale) {
    f.set("locale", own.as_str());
    for (name, text) in TEXTS {
        for locale in Locale::ALL.into_iter().filter(|l| *l != own) {
            let value = stored.get(text, locale).unwrap_or_default();
            f.set(&translated_field(name, locale), value);
        }
    }
}

/// Reads the translation fields the form has (those of the languages other
/// than the event's as it was shown), in the order of `TEXTS` and then of
/// the languages: an empty one removes that translation.
fn read_translations(form: &Form, f: &mut Fields) -> Vec<TranslationInput> {
    let mut out = Vec::new();
    for (name, text) in TEXTS {
        for locale in Locale::ALL {
            let field = translated_field(name, locale);
            if let Some(value) = form.get(&field) {
                f.set(&field, value);
                out.push(TranslationInput {
                    text,
                    locale,
                    value: value.to_owned(),
                });
            }
        }
    }
    out
}

/// The form's field of a refused translation (`titleTranslations.1.text`
/// is the second given for the title).
fn translation_field(path: &[String], given: &[TranslationInput]) -> Option<String> {
    let [list, index, ..] = path else {
        return None;
    };
    let index: usize = index.parse().ok()?;
    let (name, text) = TEXTS.iter().find(|(_, t)| t.input_name() == list)?;
    let locale = given.iter().filter(|g| g.text == *text).nth(index)?.locale;
    Some(translated_field(name, locale))
}

/// The field labels in the order of the form, for the error summary; a
/// translation's is its original's with the language.
fn label(c: &ConsoleStrings, field: &str) -> String {
    match field.rsplit_once('_') {
        Some((base, tag)) => match Locale::parse(tag) {
            Some(locale) => format!("{} ({})", own_label(c, base), locale.name()),
            None => own_label(c, field).to_owned(),
        },
        None => own_label(c, field).to_owned(),
    }
}

/// The label of one of the form's own fields.
fn own_label(c: &ConsoleStrings, field: &str) -> &'static str {
    match field {
        "locale" => c.field_locale,
        "title" => c.field_title,
        "description" => c.field_description,
        "startsAt" => c.field_starts,
        "endsAt" => c.field_ends,
        "timeZone" => c.field_zone,
        "venue.name" => c.field_venue_name,
        "venue.address" => c.field_venue_address,
        "venue.city" => c.field_venue_city,
        "venue.accessibilityNotes" => c.field_venue_accessibility,
        "onlineMeeting.joinUrl" => c.field_join_url,
        "onlineMeeting.meetingNumber" => c.field_meeting_number,
        "onlineMeeting.passcode" => c.field_passcode,
        "onlineMeeting.instructions" => c.field_instructions,
        "capacity.inPerson" => c.field_capacity_in_person,
        "capacity.online" => c.field_capacity_online,
        "registrationOpensAt" => c.field_opens,
        "registrationClosesAt" => c.field_closes,
        "guestConfirmationMinutes" => c.field_confirm_minutes,
        "projectNetworkId" => c.field_project,
        _ => c.field_title,
    }
}

fn message(t: &Strings, c: &ConsoleStrings, code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::Required => t.err_required,
        ErrorCode::TooLong => t.err_too_long,
        ErrorCode::InvalidTimeRange => c.err_time_range,
        ErrorCode::InvalidUrl => c.err_url,
        ErrorCode::InvalidTimeZone => c.err_zone,
        ErrorCode::OutOfRange => c.err_range,
        _ => t.err_invalid,
    }
}

const KINDS: [EventKind; 5] = [
    EventKind::Meeting,
    EventKind::Conference,
    EventKind::Webinar,
    EventKind::Workshop,
    EventKind::Gathering,
];

fn choices(c: &'static ConsoleStrings, t: &'static Strings) -> [Vec<Choice>; 4] {
    [
        KINDS
            .iter()
            .map(|k| {
                (
                    k.as_str(),
                    match k {
                        EventKind::Meeting => c.kind_meeting,
                        EventKind::Conference => c.kind_conference,
                        EventKind::Webinar => c.kind_webinar,
                        EventKind::Workshop => c.kind_workshop,
                        _ => c.kind_gathering,
                    },
                )
            })
            .collect(),
        vec![
            (AttendanceMode::InPerson.as_str(), t.mode_in_person),
            (AttendanceMode::Online.as_str(), t.mode_online),
            (AttendanceMode::Hybrid.as_str(), c.mode_hybrid),
        ],
        vec![
            (
                JoinLinkVisibility::Registered.as_str(),
                c.visibility_registered,
            ),
            (JoinLinkVisibility::Public.as_str(), c.visibility_public),
        ],
        vec![
            (RegistrationPolicy::Required.as_str(), c.policy_required),
            (
                RegistrationPolicy::Application.as_str(),
                c.policy_application,
            ),
            (RegistrationPolicy::Open.as_str(), c.policy_open),
        ],
    ]
}

/// `at` in `zone` as a `datetime-local` value.
fn local(at: DateTime<Utc>, zone: &str) -> String {
    at.with_timezone(&crate::i18n::dates::zone(zone))
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// The form filled from an event's stored details, its times moved by `shift`.
fn fields_of(details: &EventDetails, shift: Duration) -> Fields {
    let mut f = Fields::default();
    let zone = details.time_zone.as_str();
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    f.set("title", details.title.clone());
    f.set("description", details.description.clone());
    f.set("kind", details.kind.as_str());
    f.set("startsAt", local(details.starts_at + shift, zone));
    f.set("endsAt", local(details.ends_at + shift, zone));
    f.set("timeZone", zone);
    f.set("attendanceMode", details.attendance_mode.as_str());
    let venue = details.venue.clone().unwrap_or_default();
    f.set("venue.name", opt(&venue.name));
    f.set("venue.address", opt(&venue.address));
    f.set("venue.city", opt(&venue.city));
    f.set("venue.accessibilityNotes", opt(&venue.accessibility));
    let online = details.online.clone().unwrap_or_default();
    f.set("onlineMeeting.joinUrl", opt(&online.join_url));
    f.set("onlineMeeting.meetingNumber", opt(&online.meeting_number));
    f.set("onlineMeeting.passcode", opt(&online.passcode));
    f.set("onlineMeeting.instructions", opt(&online.instructions));
    f.set("joinLinkVisibility", details.join_link_visibility.as_str());
    let number = |n: Option<i32>| n.map(|n| n.to_string()).unwrap_or_default();
    f.set("capacity.inPerson", number(details.capacity_in_person));
    f.set("capacity.online", number(details.capacity_online));
    f.set("registrationPolicy", details.registration_policy.as_str());
    let moment =
        |at: Option<DateTime<Utc>>| at.map(|at| local(at + shift, zone)).unwrap_or_default();
    f.set("registrationOpensAt", moment(details.registration_opens_at));
    f.set(
        "registrationClosesAt",
        moment(details.registration_closes_at),
    );
    f.set("membersOnly", if details.members_only { "on" } else { "" });
    f.set(
        "guestConfirmationMinutes",
        number(details.guest_confirmation_minutes),
    );
    f
}

/// The project network an event names, as the form's value.
fn project_value(event: &event::Model) -> String {
    event
        .project_network_id
        .map(|id| id.to_string())
        .unwrap_or_default()
}

/// Reads the posted form into details, with the errors of what could not be
/// read (a date, a number); unreadable values are replaced by harmless ones
/// so that the service's checks of the rest still run.
fn read(form: &Form, c: &ConsoleStrings, default_zone: &str) -> (Fields, EventDetails) {
    let mut f = Fields::default();
    for name in [
        "locale",
        "title",
        "description",
        "kind",
        "startsAt",
        "endsAt",
        "timeZone",
        "attendanceMode",
        "venue.name",
        "venue.address",
        "venue.city",
        "venue.accessibilityNotes",
        "onlineMeeting.joinUrl",
        "onlineMeeting.meetingNumber",
        "onlineMeeting.passcode",
        "onlineMeeting.instructions",
        "joinLinkVisibility",
        "capacity.inPerson",
        "capacity.online",
        "registrationPolicy",
        "registrationOpensAt",
        "registrationClosesAt",
        "membersOnly",
        "guestConfirmationMinutes",
        "projectNetworkId",
    ] {
        f.set(name, form.text(name));
    }
    let zone_name = match f.v("timeZone").trim() {
        "" => default_zone.to_owned(),
        given => given.to_owned(),
    };
    let zone = chrono_tz::Tz::from_str(&zone_name).ok();
    if zone.is_none() {
        f.refuse("timeZone", c.err_zone);
    }
    let moment = |f: &mut Fields, name: &str, required: bool| -> Option<DateTime<Utc>> {
        let raw = f.v(name).trim().to_owned();
        if raw.is_empty() {
            if required {
                f.refuse(name, c.err_date);
            }
            return None;
        }
        let zone = zone?;
        let parsed = NaiveDateTime::parse_from_str(&raw, "%Y-%m-%dT%H:%M")
            .or_else(|_| NaiveDateTime::parse_from_str(&raw, "%Y-%m-%d %H:%M"))
            .ok()
            .and_then(|naive| zone.from_local_datetime(&naive).earliest())
            .map(|at| at.with_timezone(&Utc));
        if parsed.is_none() {
            f.refuse(name, c.err_date);
        }
        parsed
    };
    let placeholder = Utc::now() + Duration::days(1);
    let starts_at = moment(&mut f, "startsAt", true).unwrap_or(placeholder);
    let ends_at = moment(&mut f, "endsAt", true).unwrap_or(starts_at + Duration::hours(2));
    let opens = moment(&mut f, "registrationOpensAt", false);
    let closes = moment(&mut f, "registrationClosesAt", false);
    let number = |f: &mut Fields, name: &str| -> Option<i32> {
        let raw = f.v(name).trim().to_owned();
        if raw.is_empty() {
            return None;
        }
        let parsed = raw.parse::<i32>().ok();
        if parsed.is_none() {
            f.refuse(name, c.err_number);
        }
        parsed
    };
    let capacity_in_person = number(&mut f, "capacity.inPerson");
    let capacity_online = number(&mut f, "capacity.online");
    let guest_confirmation_minutes = number(&mut f, "guestConfirmationMinutes");
    let text = |f: &Fields, name: &str| Some(f.v(name).to_owned()).filter(|v| !v.trim().is_empty());
    let venue = Venue {
        name: text(&f, "venue.name"),
        address: text(&f, "venue.address"),
        city: text(&f, "venue.city"),
        accessibility: text(&f, "venue.accessibilityNotes"),
    };
    let online = OnlineMeeting {
        join_url: text(&f, "onlineMeeting.joinUrl"),
        meeting_number: text(&f, "onlineMeeting.meetingNumber"),
        passcode: text(&f, "onlineMeeting.passcode"),
        instructions: text(&f, "onlineMeeting.instructions"),
        ..OnlineMeeting::default()
    };
    let details = EventDetails {
        kind: EventKind::parse(f.v("kind")).unwrap_or(EventKind::Meeting),
        title: f.v("title").to_owned(),
        description: f.v("description").to_owned(),
        starts_at,
        ends_at,
        time_zone: if zone.is_some() {
            zone_name
        } else {
            default_zone.to_owned()
        },
        attendance_mode: AttendanceMode::parse(f.v("attendanceMode"))
            .unwrap_or(AttendanceMode::InPerson),
        members_only: f.v("membersOnly") == "on",
        venue: (venue != Venue::default()).then_some(venue),
        online: (online != OnlineMeeting::default()).then_some(online),
        join_link_visibility: JoinLinkVisibility::parse(f.v("joinLinkVisibility"))
            .unwrap_or(JoinLinkVisibility::Registered),
        capacity_in_person,
        capacity_online,
        guest_confirmation_minutes,
        registration_policy: RegistrationPolicy::parse(f.v("registrationPolicy"))
            .unwrap_or(RegistrationPolicy::Required),
        registration_opens_at: opens,
        registration_closes_at: closes,
    };
    (f, details)
}

/// Reads the posted form and checks it as the service would (without
/// storing anything), so that every error shows at once.
fn read_checked(form: &Form, request: &PageRequest, default_zone: &str) -> (Fields, EventDetails) {
    let (t, c) = (request.t(), console_strings(request.locale));
    let (mut f, details) = read(form, c, default_zone);
    if let Err(service::Error::Invalid(errors)) = details.clone().validate("") {
        add_errors(&mut f, (t, c), &errors, &[]);
    }
    (f, details)
}

/// Adds the service's refusals to the form's own, each once, next to its
/// field (a translation's: that of its language among those `given`).
fn add_errors(
    f: &mut Fields,
    (t, c): (&Strings, &ConsoleStrings),
    errors: &[FieldError],
    given: &[TranslationInput],
) {
    for error in errors {
        let field = translation_field(&error.field, given).unwrap_or_else(|| error.field.join("."));
        let text = match (field.as_str(), error.code) {
            ("projectNetworkId" | "registrationPolicy", ErrorCode::Invalid) => c.err_project_policy,
            _ => message(t, c, error.code),
        };
        f.refuse(&field, text);
    }
}

/// The project network chosen on the form (`None`: none); a value that is
/// not a network id is refused next to the field, as is a project network
/// for an event that takes no applications.
fn project_of(f: &mut Fields, c: &ConsoleStrings, policy: RegistrationPolicy) -> Option<NetworkId> {
    let raw = f.v("projectNetworkId").trim().to_owned();
    if raw.is_empty() {
        return None;
    }
    let Ok(id) = Uuid::parse_str(&raw) else {
        f.refuse("projectNetworkId", c.err_project_policy);
        return None;
    };
    if policy != RegistrationPolicy::Application {
        f.refuse("projectNetworkId", c.err_project_policy);
    }
    Some(NetworkId(id))
}

/// Where the form goes: a new event of a network, or an event's changes.
struct Target {
    heading: &'static str,
    action: String,
    submit: &'static str,
}

impl Target {
    fn new_event(request: &PageRequest, network: Uuid) -> Self {
        let c = console_strings(request.locale);
        Self {
            heading: c.new_event,
            action: format!(
                "/organise/networks/{network}/events?lang={}",
                request.locale
            ),
            submit: c.create,
        }
    }

    fn edit(request: &PageRequest, event: Uuid) -> Self {
        let c = console_strings(request.locale);
        Self {
            heading: c.edit_event,
            action: format!("/organise/events/{event}/edit?lang={}", request.locale),
            submit: c.save,
        }
    }
}

async fn page(
    state: &AppState,
    request: &PageRequest,
    Target {
        heading,
        action,
        submit,
    }: Target,
    f: Fields,
    event: Option<(Uuid, EventStatus, Option<Uuid>)>,
    notice: Option<&'static str>,
    csrf: String,
) -> Result<EventFormPage, Response> {
    let (t, c) = (request.t(), console_strings(request.locale));
    let [kinds, modes, visibilities, policies] = choices(c, t);
    let own = Locale::parse(f.v("locale")).unwrap_or_default();
    let cx = request.context(state);
    let projects = overview::managed_networks(&cx)
        .await
        .map_err(|err| request.failed(err))?
        .into_iter()
        .map(|n| (n.id.to_string(), n.name))
        .collect();
    let summary = f
        .errors()
        .map(|(field, error)| (field.to_owned(), format!("{}: {error}", label(c, field))))
        .collect();
    Ok(EventFormPage {
        page: request.page(heading),
        c,
        t,
        heading,
        summary,
        action,
        submit,
        f,
        kinds,
        modes,
        visibilities,
        policies,
        locales: Locale::ALL.iter().map(|l| (l.as_str(), l.name())).collect(),
        translations: translation_fields_of(c, own),
        projects,
        event,
        notice,
        csrf,
        lang: request.locale.as_str(),
    })
}

/// `GET /organise/networks/{id}/events/new`.
pub(super) async fn new(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
) -> Response {
    if let Some(response) = sign_in_first(&state, &headers, &request) {
        return response;
    }
    let network = match organised_network(&state, &request, &id).await {
        Ok(network) => network,
        Err(response) => return response,
    };
    let Some(csrf) = csrf_for(&state, &headers) else {
        return request.internal_error();
    };
    let mut f = Fields::default();
    f.set("timeZone", network.time_zone.clone());
    f.set("kind", EventKind::Meeting.as_str());
    f.set(
        "joinLinkVisibility",
        JoinLinkVisibility::Registered.as_str(),
    );
    f.set("registrationPolicy", RegistrationPolicy::Required.as_str());
    let own = Locale::parse(&network.default_locale).unwrap_or_default();
    fill_translations(&mut f, &EventTranslations::default(), own);
    let template = match page(
        &state,
        &request,
        Target::new_event(&request, network.id),
        f,
        None,
        None,
        csrf.token,
    )
    .await
    {
        Ok(template) => template,
        Err(response) => return response,
    };
    respond(&template, StatusCode::OK, csrf.set_cookie)
}

/// `GET /organise/events/{id}/duplicate`: the new-event form, filled from
/// the event four weeks later.
pub(super) async fn duplicate(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
) -> Response {
    if let Some(response) = sign_in_first(&state, &headers, &request) {
        return response;
    }
    let event = match organised_event(&state, &request, &id).await {
        Ok(event) => event,
        Err(response) => return response,
    };
    let Some(csrf) = csrf_for(&state, &headers) else {
        return request.internal_error();
    };
    let mut f = fields_of(&EventDetails::of(&event), Duration::weeks(4));
    f.set("projectNetworkId", project_value(&event));
    let cx = request.context(&state);
    match translations::of_event(&cx.db, EventId(event.id)).await {
        Ok(stored) => fill_translations(&mut f, &stored, translations::own_locale(&event)),
        Err(err) => return request.failed(err),
    }
    let template = match page(
        &state,
        &request,
        Target::new_event(&request, event.network_id),
        f,
        None,
        None,
        csrf.token,
    )
    .await
    {
        Ok(template) => template,
        Err(response) => return response,
    };
    respond(&template, StatusCode::OK, csrf.set_cookie)
}

/// `POST /organise/networks/{id}/events`.
pub(super) async fn create(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let form = match posted(&state, &headers, &request, &body) {
        Ok(form) => form,
        Err(response) => return *response,
    };
    let network = match organised_network(&state, &request, &id).await {
        Ok(network) => network,
        Err(response) => return response,
    };
    let (t, c) = (request.t(), console_strings(request.locale));
    let (mut f, details) = read_checked(&form, &request, &network.time_zone);
    let project = project_of(&mut f, c, details.registration_policy);
    let given = read_translations(&form, &mut f);
    if f.is_valid() {
        let cx = request.context(&state);
        let mut input = NewEvent::with_details(NetworkId(network.id), details);
        input.project_network_id = project;
        input.locale = Locale::parse(f.v("locale"));
        input.translations = given.clone();
        match events::create(&cx, input).await {
            Ok(created) => {
                return see_other(&format!(
                    "/organise/events/{}/edit?lang={}&done=created",
                    created.id, request.locale
                ));
            }
            Err(service::Error::Invalid(errors)) => add_errors(&mut f, (t, c), &errors, &given),
            Err(err) => return request.failed(err),
        }
    }
    let template = match page(
        &state,
        &request,
        Target::new_event(&request, network.id),
        f,
        None,
        None,
        form.text(crate::pages::form::CSRF_FIELD),
    )
    .await
    {
        Ok(template) => template,
        Err(response) => return response,
    };
    respond(&template, StatusCode::UNPROCESSABLE_ENTITY, None)
}

/// `GET /organise/events/{id}/edit`.
pub(super) async fn edit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<DoneQuery>,
    headers: HeaderMap,
    request: PageRequest,
) -> Response {
    if let Some(response) = sign_in_first(&state, &headers, &request) {
        return response;
    }
    let event = match organised_event(&state, &request, &id).await {
        Ok(event) => event,
        Err(response) => return response,
    };
    let Some(csrf) = csrf_for(&state, &headers) else {
        return request.internal_error();
    };
    let c = console_strings(request.locale);
    let notice = match query.done() {
        Some("created") => Some(c.done_created),
        Some("saved") => Some(c.done_saved),
        Some("published") => Some(c.done_published),
        Some("cancelled") => Some(c.done_event_cancelled),
        _ => None,
    };
    let template = match page(
        &state,
        &request,
        Target::edit(&request, event.id),
        {
            let mut f = fields_of(&EventDetails::of(&event), Duration::zero());
            f.set("projectNetworkId", project_value(&event));
            let cx = request.context(&state);
            match translations::of_event(&cx.db, EventId(event.id)).await {
                Ok(stored) => fill_translations(&mut f, &stored, translations::own_locale(&event)),
                Err(err) => return request.failed(err),
            }
            f
        },
        Some((event.id, event.status, event.series_id)),
        notice,
        csrf.token,
    )
    .await
    {
        Ok(template) => template,
        Err(response) => return response,
    };
    respond(&template, StatusCode::OK, csrf.set_cookie)
}

/// `POST /organise/events/{id}/edit`.
pub(super) async fn save(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let form = match posted(&state, &headers, &request, &body) {
        Ok(form) => form,
        Err(response) => return *response,
    };
    let event = match organised_event(&state, &request, &id).await {
        Ok(event) => event,
        Err(response) => return response,
    };
    let (t, c) = (request.t(), console_strings(request.locale));
    let (mut f, details) = read_checked(&form, &request, &event.time_zone);
    let project = project_of(&mut f, c, details.registration_policy);
    let given = read_translations(&form, &mut f);
    if f.is_valid() {
        let cx = request.context(&state);
        let mut changes = EventChanges::replacing(details);
        changes.project_network_id = Some(project);
        changes.locale = Locale::parse(f.v("locale"));
        changes.translations = given.clone();
        match events::update(&cx, EventId(event.id), changes).await {
            Ok(_) => {
                return see_other(&format!(
                    "/organise/events/{}/edit?lang={}&done=saved",
                    event.id, request.locale
                ));
            }
            Err(service::Error::Invalid(errors)) => add_errors(&mut f, (t, c), &errors, &given),
            Err(err) => return request.failed(err),
        }
    }
    let template = match page(
        &state,
        &request,
        Target::edit(&request, event.id),
        f,
        Some((event.id, event.status, event.series_id)),
        None,
        form.text(crate::pages::form::CSRF_FIELD),
    )
    .await
    {
        Ok(template) => template,
        Err(response) => return response,
    };
    respond(&template, StatusCode::UNPROCESSABLE_ENTITY, None)
}

/// `POST /organise/events/{id}/publish`.
pub(super) async fn publish(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    if let Err(response) = posted(&state, &headers, &request, &body) {
        return *response;
    }
    let event = match organised_event(&state, &request, &id).await {
        Ok(event) => event,
        Err(response) => return response,
    };
    let cx = request.context(&state);
    match service::series::publish_event(&cx, EventId(event.id)).await {
        Ok(_) => see_other(&format!(
            "/organise/events/{}/edit?lang={}&done=published",
            event.id, request.locale
        )),
        // A cancelled event is not published again; the page shows its state.
        Err(service::Error::Invalid(_)) => see_other(&format!(
            "/organise/events/{}/edit?lang={}",
            event.id, request.locale
        )),
        Err(err) => request.failed(err),
    }
}

/// `POST /organise/events/{id}/cancel`: `reason` goes into the mail.
pub(super) async fn cancel(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let form = match posted(&state, &headers, &request, &body) {
        Ok(form) => form,
        Err(response) => return *response,
    };
    let event = match organised_event(&state, &request, &id).await {
        Ok(event) => event,
        Err(response) => return response,
    };
    let reason = Some(form.text("reason")).filter(|r| !r.trim().is_empty());
    let cx = request.context(&state);
    match events::cancel(&cx, EventId(event.id), reason).await {
        Ok(_) => see_other(&format!(
            "/organise/events/{}/edit?lang={}&done=cancelled",
            event.id, request.locale
        )),
        Err(err) => request.failed(err),
    }
}
