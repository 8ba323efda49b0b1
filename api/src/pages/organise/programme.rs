//! An event's programme in the console: its agenda items in order, with
//! their times (shown and typed in the event's own time zone), rooms and
//! speakers, and the speakers' answers (invited, accepted, declined).
//!
//! - `GET /organise/events/{id}/programme`: the agenda and the speakers,
//!   the forms for a new item and a new speaker
//!   (`agenda::for_organisers`).
//! - `POST /organise/events/{id}/programme/items`: a new item
//!   (`agenda::add`); `POST …/programme/speakers`: a new speaker, by name or
//!   with an address (`speakers::add`).
//! - `GET`/`POST /organise/agenda/{id}/edit`: an item's own form
//!   (`agenda::update`); `POST /organise/agenda/{id}/move` with
//!   `direction=up|down` (`agenda::reorder`, no script needed);
//!   `POST /organise/agenda/{id}/remove` (`agenda::remove`; its speakers
//!   stay on the event).
//! - `POST /organise/speakers/{id}/save`: a speaker's status and item
//!   (`speakers::update`); `POST /organise/speakers/{id}/remove`
//!   (`speakers::remove`).
//!
//! Träffpunkt mails no speaker invitation: the organiser asks the speaker
//! and records the answer here.
//!
//! Each POST carries the CSRF token and answers with a 303 back to the
//! programme saying what was done, or with the form again (422) with every
//! error next to its field. The services check the roles: a programme, item
//! or speaker of an event the viewer does not organise is "not found".

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use entities::{SpeakerStatus, agenda_item, event, speaker};
use uuid::Uuid;

use super::forms::{
    Fields, TranslationField, csrf_for, event_id, fill_translations, posted, read_translations,
    respond, see_other, sign_in_first, translation_error_field, translation_fields,
    translation_labels,
};
use crate::i18n::console::programme::{ProgrammeStrings, programme_strings};
use crate::i18n::console::{ConsoleStrings, console_strings};
use crate::i18n::dates;
use crate::i18n::pages::Strings;
use crate::ids::{AgendaItemId, EventId, SpeakerId};
use crate::pages::form::{CSRF_FIELD, Form};
use crate::pages::network::paragraphs;
use crate::pages::page::{Layout, PageRequest};
use crate::service::agenda::{self, AgendaItemChanges, AgendaItemInput, Programme};
use crate::service::people::PersonInput;
use crate::service::speakers::{self, NewSpeaker, SpeakerChanges, SpeakerWho};
use crate::service::translations::{self, PartText};
use crate::service::{self, ErrorCode, FieldError};
use crate::state::AppState;

/// The item form's fields, in its order.
const ITEM_FIELDS: [&str; 5] = ["title", "startsAt", "endsAt", "room", "description"];

/// An item's texts that can be translated: the form's name, which text.
const ITEM_TEXTS: [(&str, PartText); 2] = [
    ("title", PartText::ItemTitle),
    ("description", PartText::ItemDescription),
];

/// A speaker's texts that can be translated.
const SPEAKER_TEXTS: [(&str, PartText); 1] = [("role", PartText::SpeakerRole)];

/// The item form's translation fields.
fn item_translations(c: &ConsoleStrings, event: &event::Model) -> Vec<TranslationField> {
    translation_fields(
        translations::own_locale(event),
        &[
            ("title", c.field_title, false),
            ("description", c.field_description, true),
        ],
    )
}

/// The speaker form's translation fields.
fn speaker_translations(p: &ProgrammeStrings, event: &event::Model) -> Vec<TranslationField> {
    translation_fields(
        translations::own_locale(event),
        &[("role", p.field_role, false)],
    )
}

/// A form's error summary labels: its own fields', then its translations'.
fn labels_with(
    own: &[(&'static str, &'static str)],
    translations: &[TranslationField],
) -> Vec<(String, String)> {
    own.iter()
        .map(|(f, l)| ((*f).to_owned(), (*l).to_owned()))
        .chain(translation_labels(translations))
        .collect()
}

/// The speaker form's fields, in its order.
const SPEAKER_FIELDS: [&str; 6] = [
    "name",
    "email",
    "affiliation",
    "role",
    "agendaItemId",
    "status",
];

fn item_labels(c: &ConsoleStrings, p: &ProgrammeStrings) -> [(&'static str, &'static str); 5] {
    [
        ("title", c.field_title),
        ("startsAt", c.field_starts),
        ("endsAt", c.field_ends),
        ("room", p.field_room),
        ("description", c.field_description),
    ]
}

fn speaker_labels(p: &ProgrammeStrings) -> [(&'static str, &'static str); 6] {
    [
        ("name", p.field_name),
        ("email", p.field_email),
        ("affiliation", p.field_affiliation),
        ("role", p.field_role),
        ("agendaItemId", p.field_item),
        ("status", p.field_status),
    ]
}

/// One speaker on the page.
struct SpeakerRow {
    id: Uuid,
    name: String,
    /// Affiliation and role, comma-joined (may be empty).
    about: String,
    status: &'static str,
    status_text: &'static str,
    /// The item they speak at, as the item choice's value ("" for none).
    item: String,
}

/// One agenda item on the page.
struct ItemRow {
    id: Uuid,
    title: String,
    time: Option<String>,
    room: Option<String>,
    description: Vec<String>,
    speakers: Vec<SpeakerRow>,
    first: bool,
    last: bool,
}

#[derive(Template)]
#[template(path = "console/programme.html")]
struct ProgrammePage {
    page: Layout,
    c: &'static ConsoleStrings,
    t: &'static Strings,
    p: &'static ProgrammeStrings,
    event_id: Uuid,
    title: String,
    when: String,
    zone_note: String,
    notice: Option<&'static str>,
    refusal: Option<&'static str>,
    items: Vec<ItemRow>,
    unassigned: Vec<SpeakerRow>,
    /// The item form, its error summary, its translation fields.
    item: Fields,
    item_summary: Vec<(String, String)>,
    item_translations: Vec<TranslationField>,
    /// The speaker form, its error summary, its translation fields.
    speaker: Fields,
    speaker_summary: Vec<(String, String)>,
    speaker_translations: Vec<TranslationField>,
    /// The items to choose from: id, title.
    item_choices: Vec<(String, String)>,
    /// The statuses to choose from: value, text.
    statuses: Vec<(&'static str, &'static str)>,
    csrf: String,
    lang: &'static str,
}

#[derive(Template)]
#[template(path = "console/agenda_item.html")]
struct ItemPage {
    page: Layout,
    c: &'static ConsoleStrings,
    t: &'static Strings,
    p: &'static ProgrammeStrings,
    event_id: Uuid,
    item_id: Uuid,
    event_title: String,
    zone_note: String,
    f: Fields,
    summary: Vec<(String, String)>,
    translations: Vec<TranslationField>,
    csrf: String,
    lang: &'static str,
}

fn status_text(p: &ProgrammeStrings, status: SpeakerStatus) -> &'static str {
    match status {
        SpeakerStatus::Invited => p.status_invited,
        SpeakerStatus::Confirmed => p.status_confirmed,
        SpeakerStatus::Declined => p.status_declined,
    }
}

const STATUSES: [SpeakerStatus; 3] = [
    SpeakerStatus::Invited,
    SpeakerStatus::Confirmed,
    SpeakerStatus::Declined,
];

/// `at` in `zone` as a `datetime-local` value.
fn local(at: DateTime<Utc>, zone: &str) -> String {
    at.with_timezone(&dates::zone(zone))
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// A service refusal as the page says it.
fn message(
    t: &Strings,
    c: &ConsoleStrings,
    p: &ProgrammeStrings,
    error: &FieldError,
) -> &'static str {
    match (error.field.join(".").as_str(), error.code) {
        ("startsAt", ErrorCode::Required) => p.err_end_without_start,
        ("person.email", _) => p.err_email,
        ("agendaItemId", _) => p.err_item,
        (_, ErrorCode::Required) => t.err_required,
        (_, ErrorCode::TooLong) => t.err_too_long,
        (_, ErrorCode::InvalidTimeRange) => c.err_time_range,
        _ => t.err_invalid,
    }
}

/// Whether the service said the thing itself (the event, the item, the
/// speaker) is not there, rather than something about the input.
fn missing(errors: &[FieldError]) -> bool {
    errors.iter().any(|e| {
        e.code == ErrorCode::NotFound && matches!(e.field.join(".").as_str(), "id" | "eventId")
    })
}

/// The page for a refused service call that is not about the input.
fn failed(request: &PageRequest, err: service::Error) -> Response {
    match err {
        service::Error::Invalid(_) => request.not_found(),
        other => request.failed(other),
    }
}

fn programme_path(event: Uuid) -> String {
    format!("/organise/events/{event}/programme")
}

/// Back to the programme saying `done`, at `anchor`.
fn back(request: &PageRequest, event: Uuid, outcome: &str, anchor: &str) -> Response {
    let outcome = if outcome.is_empty() {
        String::new()
    } else {
        format!("&{outcome}")
    };
    see_other(&format!(
        "{}?lang={}{outcome}#{anchor}",
        programme_path(event),
        request.locale
    ))
}

/// Reads the item form: its values, the errors of what could not be read
/// (a date), and the input for the service.
fn read_item(form: &Form, c: &ConsoleStrings, event: &event::Model) -> (Fields, AgendaItemInput) {
    let zone = event.time_zone.as_str();
    let mut f = Fields::default();
    for name in ITEM_FIELDS {
        f.set(name, form.get(name).unwrap_or_default());
    }
    let tz = dates::zone(zone);
    let moment = |f: &mut Fields, name: &str| -> Option<DateTime<Utc>> {
        let raw = f.v(name).trim().to_owned();
        if raw.is_empty() {
            return None;
        }
        let parsed = NaiveDateTime::parse_from_str(&raw, "%Y-%m-%dT%H:%M")
            .or_else(|_| NaiveDateTime::parse_from_str(&raw, "%Y-%m-%d %H:%M"))
            .ok()
            .and_then(|naive| tz.from_local_datetime(&naive).earliest())
            .map(|at| at.with_timezone(&Utc));
        if parsed.is_none() {
            f.refuse(name, c.err_date);
        }
        parsed
    };
    let starts_at = moment(&mut f, "startsAt");
    let ends_at = moment(&mut f, "endsAt");
    let input = AgendaItemInput {
        title: f.v("title").to_owned(),
        description: f.v("description").to_owned(),
        starts_at,
        ends_at,
        room: Some(f.v("room").to_owned()).filter(|r| !r.trim().is_empty()),
        translations: Vec::new(),
    };
    let translations = read_translations(form, &mut f, event, &ITEM_TEXTS);
    let input = AgendaItemInput {
        translations,
        ..input
    };
    (f, input)
}

/// Reads the item form and checks it as the service would, storing
/// nothing, so that every error shows at once.
fn read_item_checked(
    request: &PageRequest,
    form: &Form,
    event: &event::Model,
) -> (Fields, AgendaItemInput) {
    let (t, c, p) = words(request);
    let (mut f, input) = read_item(form, c, event);
    let own = translations::own_locale(event);
    if let Err(service::Error::Invalid(errors)) = agenda::validate(input.clone(), own) {
        add_errors(&mut f, t, c, p, &errors, &item_field(event));
    }
    (f, input)
}

/// The item form's field for a service's field (of an item of `event`).
fn item_field(event: &event::Model) -> impl Fn(&[String]) -> String + '_ {
    move |path| {
        if let Some(field) = translation_error_field(path, event, &ITEM_TEXTS) {
            return field;
        }
        match path.join(".").as_str() {
            "startsAt" => "startsAt",
            "endsAt" => "endsAt",
            "room" => "room",
            "description" => "description",
            _ => "title",
        }
        .to_owned()
    }
}

/// The speaker form's field for a service's field (of a speaker of
/// `event`).
fn speaker_field(event: &event::Model) -> impl Fn(&[String]) -> String + '_ {
    move |path| {
        if let Some(field) = translation_error_field(path, event, &SPEAKER_TEXTS) {
            return field;
        }
        match path.join(".").as_str() {
            "person.email" => "email",
            "affiliation" => "affiliation",
            "role" => "role",
            "agendaItemId" => "agendaItemId",
            _ => "name",
        }
        .to_owned()
    }
}

/// Adds the service's refusals to the form's own, each once, next to its
/// field.
fn add_errors(
    f: &mut Fields,
    t: &Strings,
    c: &ConsoleStrings,
    p: &ProgrammeStrings,
    errors: &[FieldError],
    field: &dyn Fn(&[String]) -> String,
) {
    for error in errors {
        f.refuse(&field(&error.field), message(t, c, p, error));
    }
}

fn words(
    request: &PageRequest,
) -> (
    &'static Strings,
    &'static ConsoleStrings,
    &'static ProgrammeStrings,
) {
    (
        request.t(),
        console_strings(request.locale),
        programme_strings(request.locale),
    )
}

/// Reads the speaker form into its values, the errors of what could not be
/// read, and the input for the service.
fn read_speaker(
    request: &PageRequest,
    form: &Form,
    programme: &Programme,
) -> (Fields, Option<NewSpeaker>) {
    let (t, c, p) = words(request);
    let mut f = Fields::default();
    for name in SPEAKER_FIELDS {
        f.set(name, form.text(name));
    }
    let item = match f.v("agendaItemId") {
        "" => None,
        raw => match Uuid::parse_str(raw) {
            Ok(id) => Some(AgendaItemId(id)),
            Err(_) => {
                f.refuse("agendaItemId", p.err_item);
                None
            }
        },
    };
    let status = SpeakerStatus::parse(f.v("status")).unwrap_or(SpeakerStatus::Invited);
    let text = |name: &str| Some(f.v(name).to_owned()).filter(|v| !v.is_empty());
    let name = form.get("name").unwrap_or_default().to_owned();
    let who = match f.v("email") {
        "" => SpeakerWho::External { name },
        email => SpeakerWho::NewPerson(PersonInput {
            name,
            email: email.to_owned(),
            title: None,
            organisation_id: None,
        }),
    };
    let input = NewSpeaker {
        event_id: EventId(programme.event.id),
        agenda_item_id: item,
        who,
        affiliation: text("affiliation"),
        role: text("role"),
        status,
        translations: read_translations(form, &mut f, &programme.event, &SPEAKER_TEXTS),
    };
    if let Err(service::Error::Invalid(errors)) = speakers::validate(&input) {
        add_errors(&mut f, t, c, p, &errors, &speaker_field(&programme.event));
    }
    let valid = f.is_valid();
    (f, valid.then_some(input))
}

/// The item form for a new item: it starts where the last item ends (or
/// the event starts).
fn new_item_form(programme: &Programme) -> Fields {
    let mut f = Fields::default();
    let zone = programme.event.time_zone.as_str();
    let start = programme
        .items
        .iter()
        .rev()
        .find_map(|i| i.ends_at.or(i.starts_at))
        .unwrap_or(programme.event.starts_at);
    f.set("startsAt", local(start, zone));
    f
}

fn new_speaker_form() -> Fields {
    let mut f = Fields::default();
    f.set("status", SpeakerStatus::Invited.as_str());
    f
}

fn speaker_row(p: &ProgrammeStrings, s: &speaker::Model) -> SpeakerRow {
    SpeakerRow {
        id: s.id,
        name: s.name.clone(),
        about: [s.affiliation.as_deref(), s.role.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        status: s.status.as_str(),
        status_text: status_text(p, s.status),
        item: s
            .agenda_item_id
            .map(|id| id.to_string())
            .unwrap_or_default(),
    }
}

/// An item's time: the clock times on the event's first day, the dates
/// too on any other (a conference over days).
fn item_time(
    request: &PageRequest,
    item: &agenda_item::Model,
    event: &entities::event::Model,
) -> Option<String> {
    let start = item.starts_at?;
    let zone = event.time_zone.as_str();
    let tz = dates::zone(zone);
    let first_day = event.starts_at.with_timezone(&tz).date_naive();
    let on_first_day = |at: DateTime<Utc>| at.with_timezone(&tz).date_naive() == first_day;
    let clock = |at: DateTime<Utc>| dates::clock_time(request.locale, &at.with_timezone(&tz));
    Some(match item.ends_at {
        Some(end) if on_first_day(start) && on_first_day(end) => {
            format!("{}–{}", clock(start), clock(end))
        }
        None if on_first_day(start) => clock(start),
        Some(end) => dates::range(request.locale, start, end, zone),
        None => dates::moment(request.locale, start, zone),
    })
}

/// The programme page with its two forms as given (empty, or as posted
/// with their errors); its language links lead to the page one can GET.
fn programme_page(
    request: &PageRequest,
    programme: &Programme,
    item: Fields,
    speaker: Fields,
    notice: Option<&'static str>,
    refusal: Option<&'static str>,
    csrf: String,
) -> ProgrammePage {
    let (t, c, p) = words(request);
    let event = &programme.event;
    let zone = event.time_zone.as_str();
    let count = programme.items.len();
    let items: Vec<ItemRow> = programme
        .items
        .iter()
        .enumerate()
        .map(|(n, i)| ItemRow {
            id: i.id,
            title: i.title.clone(),
            time: item_time(request, i, event),
            room: i.room.clone().filter(|r| !r.trim().is_empty()),
            description: paragraphs(&i.description),
            speakers: programme
                .speakers
                .iter()
                .filter(|s| s.agenda_item_id == Some(i.id))
                .map(|s| speaker_row(p, s))
                .collect(),
            first: n == 0,
            last: n + 1 == count,
        })
        .collect();
    let unassigned = programme
        .speakers
        .iter()
        .filter(|s| {
            s.agenda_item_id
                .is_none_or(|id| !programme.items.iter().any(|i| i.id == id))
        })
        .map(|s| speaker_row(p, s))
        .collect();
    let item_translations = item_translations(c, event);
    let speaker_translations = speaker_translations(p, event);
    let item_summary = item.summary(&labels_with(&item_labels(c, p), &item_translations));
    let speaker_summary = speaker.summary(&labels_with(&speaker_labels(p), &speaker_translations));
    ProgrammePage {
        page: request
            .switching_to(programme_path(event.id))
            .page(format!("{} – {}", p.heading, event.title)),
        c,
        t,
        p,
        event_id: event.id,
        title: event.title.clone(),
        when: dates::range(request.locale, event.starts_at, event.ends_at, zone),
        zone_note: (p.zone_note)(zone),
        notice,
        refusal,
        items,
        unassigned,
        item,
        item_summary,
        item_translations,
        speaker,
        speaker_summary,
        speaker_translations,
        item_choices: programme
            .items
            .iter()
            .map(|i| (i.id.to_string(), i.title.clone()))
            .collect(),
        statuses: STATUSES
            .iter()
            .map(|s| (s.as_str(), status_text(p, *s)))
            .collect(),
        csrf,
        lang: request.locale.as_str(),
    }
}

/// What the POST that sent the browser here did, in words.
fn notice(p: &ProgrammeStrings, done: &str) -> Option<&'static str> {
    Some(match done {
        "item-added" => p.done_item_added,
        "item-saved" => p.done_item_saved,
        "item-removed" => p.done_item_removed,
        "moved" => p.done_moved,
        "speaker-added" => p.done_speaker_added,
        "speaker-saved" => p.done_speaker_saved,
        "speaker-removed" => p.done_speaker_removed,
        _ => return None,
    })
}

/// The programme of the event in a console path, or the answer to give.
async fn programme_of(
    state: &AppState,
    request: &PageRequest,
    raw: &str,
) -> Result<Programme, Response> {
    let Some(id) = event_id(raw) else {
        return Err(request.not_found());
    };
    agenda::for_organisers(&request.context(state), id)
        .await
        .map_err(|err| failed(request, err))
}

/// `GET /organise/events/{id}/programme`.
pub(super) async fn page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    request: PageRequest,
) -> Response {
    if let Some(response) = sign_in_first(&state, &headers, &request) {
        return response;
    }
    let programme = match programme_of(&state, &request, &id).await {
        Ok(programme) => programme,
        Err(response) => return response,
    };
    let Some(csrf) = csrf_for(&state, &headers) else {
        return request.internal_error();
    };
    let p = programme_strings(request.locale);
    let (mut done, mut error) = (None, None);
    for (key, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        match &*key {
            "done" => done = notice(p, &value),
            "error" if value == "changed" => error = Some(p.err_changed),
            "error" if value == "item" => error = Some(p.err_item),
            _ => {}
        }
    }
    let template = programme_page(
        &request,
        &programme,
        new_item_form(&programme),
        new_speaker_form(),
        done,
        error,
        csrf.token,
    );
    respond(&template, StatusCode::OK, csrf.set_cookie)
}

/// `POST /organise/events/{id}/programme/items`: a new item at the end.
pub(super) async fn add_item(
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
    let programme = match programme_of(&state, &request, &id).await {
        Ok(programme) => programme,
        Err(response) => return response,
    };
    let (t, c, p) = words(&request);
    let event = programme.event.id;
    let (mut f, input) = read_item_checked(&request, &form, &programme.event);
    if f.is_valid() {
        let cx = request.context(&state);
        match agenda::add(&cx, EventId(event), input, None).await {
            Ok(created) => {
                return back(
                    &request,
                    event,
                    "done=item-added",
                    &format!("item-{}", created.id),
                );
            }
            Err(service::Error::Invalid(errors)) if !missing(&errors) => {
                add_errors(&mut f, t, c, p, &errors, &item_field(&programme.event));
            }
            Err(err) => return failed(&request, err),
        }
    }
    let template = programme_page(
        &request,
        &programme,
        f,
        new_speaker_form(),
        None,
        None,
        form.text(CSRF_FIELD),
    );
    respond(&template, StatusCode::UNPROCESSABLE_ENTITY, None)
}

/// An item by the id of a console path, or the answer to give.
async fn item_of(
    state: &AppState,
    request: &PageRequest,
    raw: &str,
) -> Result<agenda_item::Model, Response> {
    let Ok(id) = Uuid::parse_str(raw) else {
        return Err(request.not_found());
    };
    match agenda::get(&request.context(state), AgendaItemId(id)).await {
        Ok(Some(item)) => Ok(item),
        Ok(None) => Err(request.not_found()),
        Err(err) => Err(request.failed(err)),
    }
}

fn item_page(
    request: &PageRequest,
    programme: &Programme,
    item: Uuid,
    f: Fields,
    csrf: String,
) -> ItemPage {
    let (t, c, p) = words(request);
    let event = &programme.event;
    let translations = item_translations(c, event);
    let summary = f.summary(&labels_with(&item_labels(c, p), &translations));
    ItemPage {
        page: request
            .switching_to(format!("/organise/agenda/{item}/edit"))
            .page(format!("{} – {}", p.edit_heading, event.title)),
        c,
        t,
        p,
        event_id: event.id,
        item_id: item,
        event_title: event.title.clone(),
        zone_note: (p.zone_note)(&event.time_zone),
        f,
        summary,
        translations,
        csrf,
        lang: request.locale.as_str(),
    }
}

/// `GET /organise/agenda/{id}/edit`.
pub(super) async fn edit_item(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
) -> Response {
    if let Some(response) = sign_in_first(&state, &headers, &request) {
        return response;
    }
    let item = match item_of(&state, &request, &id).await {
        Ok(item) => item,
        Err(response) => return response,
    };
    let cx = request.context(&state);
    let programme = match agenda::for_organisers(&cx, EventId(item.event_id)).await {
        Ok(programme) => programme,
        Err(err) => return failed(&request, err),
    };
    let Some(csrf) = csrf_for(&state, &headers) else {
        return request.internal_error();
    };
    let zone = programme.event.time_zone.as_str();
    let mut f = Fields::default();
    f.set("title", item.title.clone());
    f.set("description", item.description.clone());
    f.set("room", item.room.clone().unwrap_or_default());
    let moment = |at: Option<DateTime<Utc>>| at.map(|at| local(at, zone)).unwrap_or_default();
    f.set("startsAt", moment(item.starts_at));
    f.set("endsAt", moment(item.ends_at));
    let event = &programme.event;
    fill_translations(&mut f, event, &programme.translations, item.id, &ITEM_TEXTS);
    let template = item_page(&request, &programme, item.id, f, csrf.token);
    respond(&template, StatusCode::OK, csrf.set_cookie)
}

/// `POST /organise/agenda/{id}/edit`.
pub(super) async fn save_item(
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
    let item = match item_of(&state, &request, &id).await {
        Ok(item) => item,
        Err(response) => return response,
    };
    let cx = request.context(&state);
    let programme = match agenda::for_organisers(&cx, EventId(item.event_id)).await {
        Ok(programme) => programme,
        Err(err) => return failed(&request, err),
    };
    let (t, c, p) = words(&request);
    let (mut f, input) = read_item_checked(&request, &form, &programme.event);
    if f.is_valid() {
        let changes = AgendaItemChanges {
            title: Some(input.title),
            description: Some(input.description),
            starts_at: Some(input.starts_at),
            ends_at: Some(input.ends_at),
            room: Some(input.room),
            translations: input.translations,
        };
        match agenda::update(&cx, AgendaItemId(item.id), changes).await {
            Ok(saved) => {
                return back(
                    &request,
                    saved.event_id,
                    "done=item-saved",
                    &format!("item-{}", saved.id),
                );
            }
            Err(service::Error::Invalid(errors)) if !missing(&errors) => {
                add_errors(&mut f, t, c, p, &errors, &item_field(&programme.event));
            }
            Err(err) => return failed(&request, err),
        }
    }
    let template = item_page(&request, &programme, item.id, f, form.text(CSRF_FIELD));
    respond(&template, StatusCode::UNPROCESSABLE_ENTITY, None)
}

/// `POST /organise/agenda/{id}/remove`.
pub(super) async fn remove_item(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    if let Err(response) = posted(&state, &headers, &request, &body) {
        return *response;
    }
    let Ok(id) = Uuid::parse_str(&id) else {
        return request.not_found();
    };
    let cx = request.context(&state);
    match agenda::remove(&cx, AgendaItemId(id)).await {
        Ok(event) => back(&request, event.0, "done=item-removed", "agenda"),
        Err(err) => failed(&request, err),
    }
}

/// `POST /organise/agenda/{id}/move`: `direction` is `up` or `down`; the
/// item swaps places with its neighbour.
pub(super) async fn move_item(
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
    let item = match item_of(&state, &request, &id).await {
        Ok(item) => item,
        Err(response) => return response,
    };
    let cx = request.context(&state);
    let event = EventId(item.event_id);
    // The order as it is now, for the event's organisers only; `reorder`
    // refuses an order that no longer names every item (a change meanwhile).
    let mut order: Vec<AgendaItemId> = match agenda::for_organisers(&cx, event).await {
        Ok(programme) => programme.items.iter().map(|i| AgendaItemId(i.id)).collect(),
        Err(err) => return failed(&request, err),
    };
    let Some(at) = order.iter().position(|i| i.0 == item.id) else {
        return request.not_found();
    };
    let to = match form.text("direction").as_str() {
        "up" => at.checked_sub(1),
        "down" => Some(at + 1).filter(|n| *n < order.len()),
        _ => None,
    };
    let anchor = format!("item-{}", item.id);
    // The first item up, the last down: nothing to change.
    let Some(to) = to else {
        return back(&request, event.0, "", &anchor);
    };
    order.swap(at, to);
    match agenda::reorder(&cx, event, &order).await {
        Ok(_) => back(&request, event.0, "done=moved", &anchor),
        Err(service::Error::Invalid(errors)) if !missing(&errors) => {
            back(&request, event.0, "error=changed", "agenda")
        }
        Err(err) => failed(&request, err),
    }
}

/// `POST /organise/events/{id}/programme/speakers`: a new speaker, by name,
/// or with an address as a person who can sign in.
pub(super) async fn add_speaker(
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
    let programme = match programme_of(&state, &request, &id).await {
        Ok(programme) => programme,
        Err(response) => return response,
    };
    let (t, c, p) = words(&request);
    let (mut f, input) = read_speaker(&request, &form, &programme);
    if let Some(input) = input {
        let cx = request.context(&state);
        match speakers::add(&cx, input).await {
            Ok(created) => {
                return back(
                    &request,
                    programme.event.id,
                    "done=speaker-added",
                    &format!("speaker-{}", created.id),
                );
            }
            Err(service::Error::Invalid(errors)) if !missing(&errors) => {
                add_errors(&mut f, t, c, p, &errors, &speaker_field(&programme.event));
            }
            Err(err) => return failed(&request, err),
        }
    }
    let template = programme_page(
        &request,
        &programme,
        new_item_form(&programme),
        f,
        None,
        None,
        form.text(CSRF_FIELD),
    );
    respond(&template, StatusCode::UNPROCESSABLE_ENTITY, None)
}

/// A speaker id of a console path, or a 404.
fn speaker_id(request: &PageRequest, raw: &str) -> Result<SpeakerId, Box<Response>> {
    Uuid::parse_str(raw)
        .map(SpeakerId)
        .map_err(|_| Box::new(request.not_found()))
}

/// `POST /organise/speakers/{id}/save`: `status` (`INVITED`, `CONFIRMED`,
/// `DECLINED`) and `agendaItemId` (empty: no particular item).
pub(super) async fn save_speaker(
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
    let id = match speaker_id(&request, &id) {
        Ok(id) => id,
        Err(response) => return *response,
    };
    let item = match form.text("agendaItemId").as_str() {
        "" => Some(None),
        raw => Uuid::parse_str(raw).ok().map(|id| Some(AgendaItemId(id))),
    };
    let changes = SpeakerChanges {
        status: SpeakerStatus::parse(&form.text("status")),
        // An unreadable item leaves the speaker where they are.
        agenda_item_id: item,
        ..SpeakerChanges::default()
    };
    let cx = request.context(&state);
    match speakers::update(&cx, id, changes).await {
        Ok(saved) => back(
            &request,
            saved.event_id,
            "done=speaker-saved",
            &format!("speaker-{}", saved.id),
        ),
        Err(service::Error::Invalid(errors)) if !missing(&errors) => {
            // The item was removed meanwhile: back, saying so.
            match speakers::get(&cx, id).await {
                Ok(Some(speaker)) => back(
                    &request,
                    speaker.event_id,
                    "error=item",
                    &format!("speaker-{}", speaker.id),
                ),
                Ok(None) => request.not_found(),
                Err(err) => request.failed(err),
            }
        }
        Err(err) => failed(&request, err),
    }
}

/// `POST /organise/speakers/{id}/remove`.
pub(super) async fn remove_speaker(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    if let Err(response) = posted(&state, &headers, &request, &body) {
        return *response;
    }
    let id = match speaker_id(&request, &id) {
        Ok(id) => id,
        Err(response) => return *response,
    };
    let cx = request.context(&state);
    match speakers::remove(&cx, id).await {
        Ok(event) => back(&request, event.0, "done=speaker-removed", "speakers"),
        Err(err) => failed(&request, err),
    }
}
