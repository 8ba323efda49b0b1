//! An event's reminders and mail in the console: what is scheduled and
//! sent, writing a reminder with placeholders, previewing it in the three
//! languages, a test to oneself, and each reminder's delivery report.
//!
//! - `GET /organise/events/{id}/reminders`: the event's reminders
//!   (`reminders::of_event`, its own and its series') with status, time and
//!   audience, and the form to write one: own subject and text with the
//!   placeholders explained, audience, language, and a time in the event's
//!   time zone.
//! - `POST /organise/events/{id}/reminders` with `action`:
//!   `preview` renders the mail for one of the event's registrations in
//!   Swedish, Norwegian and English side by side (`reminders::preview`);
//!   `test` sends it to the signed-in organiser alone
//!   (`reminders::test_send`); `schedule` stores it for its time
//!   (`reminders::schedule`); `now` stores it and sends it at once
//!   (`reminders::send_now`). A refused form comes back with each error next
//!   to its field (an unknown placeholder next to the subject or text), and
//!   nothing stored.
//! - `POST /organise/reminders/{id}/send` and `…/cancel`: a scheduled
//!   reminder sent now or cancelled.
//! - `GET /organise/reminders/{id}`: the delivery report: sent, queued and
//!   failed with a `<progress>` bar, and every mail with its recipient,
//!   status, attempts and the reason it failed
//!   (`deliveries::of_reminder`); `POST /organise/deliveries/{id}/retry`
//!   queues a failed mail again (`deliveries::retry`).
//! - `GET /organise/reminders/{id}/progress.json`: the counts alone
//!   (`{sent, pending, failed, total}`), which the console's script polls
//!   while the report is visible and mails are queued; the page has a
//!   "Refresh" link for when there is no script.
//!
//! Each POST carries the CSRF token. Whoever does not organise the event's
//! network gets "not found", as for an unknown id (the services decide).

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use entities::{OutboxStatus, RegistrationStatus, ReminderStatus, event, outbox, reminder};
use uuid::Uuid;

use super::forms::{
    Fields, csrf_for, event_id, posted, respond, see_other, translated_field, translation_locales,
};
use super::script::{self, SCRIPT_PATH};
use crate::i18n::console::reminders::{RemindersStrings, reminders_strings};
use crate::i18n::console::{ConsoleStrings, console_strings};
use crate::i18n::pages::Strings;
use crate::i18n::{Locale, dates};
use crate::ids::{EventId, MailId, RegistrationId, ReminderId};
use crate::mail::custom::Placeholder;
use crate::pages::form::{CSRF_FIELD, Form};
use crate::pages::page::{Layout, PageRequest, private_page, render};
use crate::service::reminders::{
    self, Audience, Counts, Draft, SendNow, Source, Target, TextTranslation, When,
};
use crate::service::roster::{self, Roster};
use crate::service::{
    self, ErrorCode, FieldError, Viewer, deliveries, people, registrations::RegistrationFilter,
};
use crate::state::AppState;

/// The audiences in the order of the form, with their form values.
const AUDIENCES: [(Audience, &str); 7] = [
    (Audience::Confirmed, "CONFIRMED"),
    (Audience::InPerson, "IN_PERSON"),
    (Audience::Online, "ONLINE"),
    (Audience::Waitlisted, "WAITLISTED"),
    (Audience::Pending, "PENDING"),
    (Audience::Speakers, "SPEAKERS"),
    (Audience::Network, "NETWORK"),
];

fn audience_text(r: &RemindersStrings, audience: Audience) -> &'static str {
    let index = AUDIENCES
        .iter()
        .position(|(a, _)| *a == audience)
        .unwrap_or(0);
    r.audiences[index]
}

/// One reminder in the list.
struct Row {
    id: Uuid,
    status: &'static str,
    scheduled: bool,
    when: String,
    audience: &'static str,
    subject: String,
    locale: Option<&'static str>,
    series: bool,
}

/// The mail in one language.
struct PreviewPart {
    code: &'static str,
    name: &'static str,
    subject: String,
    text: String,
}

/// The preview: for whom (in words), and the three languages (empty when
/// nobody is registered).
struct Preview {
    for_whom: Option<String>,
    parts: Vec<PreviewPart>,
}

#[derive(Template)]
#[template(path = "console/reminders.html")]
struct RemindersPage {
    page: Layout,
    c: &'static ConsoleStrings,
    r: &'static RemindersStrings,
    t: &'static Strings,
    event_id: Uuid,
    title: String,
    rows: Vec<Row>,
    notice: Option<String>,
    error: Option<&'static str>,
    summary: Vec<(String, String)>,
    f: Fields,
    audiences: Vec<(&'static str, &'static str)>,
    locales: Vec<(&'static str, &'static str)>,
    placeholders: Vec<(String, &'static str)>,
    /// The languages the own text can be translated into on this form:
    /// code, name (all but the event's own language).
    translated: Vec<(&'static str, &'static str)>,
    /// Under the time: the event's time zone.
    zone_hint: String,
    preview: Option<Preview>,
    csrf: String,
    lang: &'static str,
}

/// What the page shows besides the form: the outcome of the POST that sent
/// the browser here.
#[derive(Default)]
struct Outcome {
    notice: Option<String>,
    error: Option<&'static str>,
}

impl Outcome {
    fn parse(r: &'static RemindersStrings, raw: Option<&str>) -> Self {
        let mut out = Self::default();
        let mut n = 0;
        let mut done = None;
        for (key, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
            match &*key {
                "done" => done = Some(value.into_owned()),
                "n" => n = value.parse().unwrap_or(0),
                "error" => {
                    out.error = Some(match &*value {
                        "retry" => r.err_retry,
                        _ => r.err_state,
                    });
                }
                _ => {}
            }
        }
        out.notice = done.and_then(|done| {
            Some(match done.as_str() {
                "scheduled" => r.done_scheduled.to_owned(),
                "cancelled" => r.done_cancelled.to_owned(),
                "sent" => (r.done_sent)(n),
                "nobody" => r.done_nobody.to_owned(),
                "already" => r.done_already.to_owned(),
                "retried" => r.done_retried.to_owned(),
                _ => return None,
            })
        });
        out
    }
}

/// The event with all its registrations (the services' check: its
/// organisers only, "not found" for anyone else).
async fn event_roster(
    state: &AppState,
    request: &PageRequest,
    id: EventId,
) -> service::Result<Roster> {
    roster::roster(
        &request.context(state),
        id,
        &RegistrationFilter::default(),
        None,
    )
    .await
}

/// The registration a preview is written for: the first confirmed one,
/// else the first of any status.
fn preview_for(roster: &Roster) -> Option<(RegistrationId, String)> {
    roster
        .entries
        .iter()
        .find(|e| e.registration.model().status == RegistrationStatus::Confirmed)
        .or_else(|| roster.entries.first())
        .map(|e| (RegistrationId(e.registration.model().id), e.name.clone()))
}

/// The list's rows.
fn rows(request: &PageRequest, event: &event::Model, stored: &[reminder::Model]) -> Vec<Row> {
    let r = reminders_strings(request.locale);
    stored
        .iter()
        .rev()
        .map(|reminder| {
            let mut when = reminders::due_at(reminder, event)
                .map(|at| dates::moment(request.locale, at, &event.time_zone))
                .unwrap_or_default();
            if reminder.offset_minutes.is_some() && reminder.send_at.is_none() {
                when = format!("{when} ({})", r.follows_event);
            }
            Row {
                id: reminder.id,
                status: match reminder.status {
                    ReminderStatus::Scheduled => r.status_scheduled,
                    ReminderStatus::Sent => r.status_sent,
                    ReminderStatus::Cancelled => r.status_cancelled,
                },
                scheduled: reminder.status == ReminderStatus::Scheduled,
                when,
                audience: audience_text(r, Audience::of(reminder)),
                subject: reminder
                    .subject
                    .clone()
                    .unwrap_or_else(|| r.standard_text.to_owned()),
                locale: reminder
                    .locale
                    .as_deref()
                    .and_then(Locale::parse)
                    .map(Locale::name),
                series: reminder.event_id.is_none(),
            }
        })
        .collect()
}

/// Everything the page needs besides the outcome and the form.
struct Loaded {
    roster: Roster,
    stored: Vec<reminder::Model>,
}

async fn load(state: &AppState, request: &PageRequest, id: EventId) -> service::Result<Loaded> {
    let roster = event_roster(state, request, id).await?;
    let stored = reminders::of_event(&request.context(state), &roster.event).await?;
    Ok(Loaded { roster, stored })
}

/// The page with `f` in the form.
fn page(
    request: &PageRequest,
    loaded: &Loaded,
    f: Fields,
    outcome: Outcome,
    preview: Option<Preview>,
    csrf: String,
) -> RemindersPage {
    let (t, c, r) = (
        request.t(),
        console_strings(request.locale),
        reminders_strings(request.locale),
    );
    let event = &loaded.roster.event;
    let summary = f
        .errors()
        .map(|(field, error)| (field.to_owned(), format!("{}: {error}", label(r, field))))
        .collect();
    let mut locales = vec![("", r.locale_each)];
    locales.extend(Locale::ALL.map(|l| (l.as_str(), l.name())));
    RemindersPage {
        page: request.page(format!("{} – {}", r.title, event.title)),
        c,
        r,
        t,
        event_id: event.id,
        title: event.title.clone(),
        rows: rows(request, event, &loaded.stored),
        notice: outcome.notice,
        error: outcome.error,
        summary,
        f,
        audiences: AUDIENCES
            .iter()
            .map(|(a, code)| (*code, audience_text(r, *a)))
            .collect(),
        locales,
        placeholders: Placeholder::ALL
            .iter()
            .zip(r.placeholders)
            .map(|(p, text)| (format!("{{{{{}}}}}", p.name()), text))
            .collect(),
        translated: translation_locales(event)
            .map(|l| (l.as_str(), l.name()))
            .collect(),
        zone_hint: (r.send_at_hint)(&event.time_zone),
        preview,
        csrf,
        lang: request.locale.as_str(),
    }
}

fn label(r: &RemindersStrings, field: &str) -> String {
    let (part, locale) = match field.split_once('_') {
        Some((part, tag)) => (part, Locale::parse(tag)),
        None => (field, None),
    };
    let text = match part {
        "subject" => r.field_subject,
        "body" => r.field_body,
        "audience" => r.field_audience,
        "locale" => r.field_locale,
        _ => r.field_send_at,
    };
    match locale {
        Some(locale) => format!("{text} ({})", locale.name()),
        None => text.to_owned(),
    }
}

/// `GET /organise/events/{id}/reminders`.
pub(super) async fn list(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    request: PageRequest,
) -> Response {
    if !matches!(request.viewer, Viewer::Person(_)) {
        return crate::pages::session::prompt(&state, &headers, &request, StatusCode::OK);
    }
    let Some(id) = event_id(&id) else {
        return request.not_found();
    };
    let loaded = match load(&state, &request, id).await {
        Ok(loaded) => loaded,
        Err(err) => return request.failed(err),
    };
    let Some(csrf) = csrf_for(&state, &headers) else {
        return request.internal_error();
    };
    let r = reminders_strings(request.locale);
    let mut f = Fields::default();
    f.set("audience", "CONFIRMED");
    let template = page(
        &request,
        &loaded,
        f,
        Outcome::parse(r, raw.as_deref()),
        None,
        csrf.token,
    );
    respond(&template, StatusCode::OK, csrf.set_cookie)
}

/// The posted form as typed, the draft it makes, and what could not be
/// read (the time).
fn read(form: &Form, request: &PageRequest, event: &event::Model) -> (Fields, Draft) {
    let t = request.t();
    let mut f = Fields::default();
    for name in ["subject", "body", "audience", "locale", "sendAt"] {
        f.set(name, form.text(name));
    }
    let mut translations = Vec::new();
    for locale in translation_locales(event) {
        let (subject, body) = (
            translated_field("subject", locale),
            translated_field("body", locale),
        );
        f.set(&subject, form.text(&subject));
        f.set(&body, form.text(&body));
        // A language left empty is not translated.
        if !f.v(&subject).trim().is_empty() || !f.v(&body).trim().is_empty() {
            translations.push(TextTranslation {
                locale,
                subject: f.v(&subject).to_owned(),
                body: f.v(&body).to_owned(),
            });
        }
    }
    let audience = AUDIENCES
        .iter()
        .find(|(_, code)| *code == f.v("audience"))
        .map(|(a, _)| *a);
    if audience.is_none() {
        f.refuse("audience", t.err_invalid);
    }
    let raw = f.v("sendAt").trim().to_owned();
    let zone = dates::zone(&event.time_zone);
    let send_at = (!raw.is_empty()).then(|| {
        NaiveDateTime::parse_from_str(&raw, "%Y-%m-%dT%H:%M")
            .or_else(|_| NaiveDateTime::parse_from_str(&raw, "%Y-%m-%d %H:%M"))
            .ok()
            .and_then(|naive| zone.from_local_datetime(&naive).earliest())
            .map(|at| at.with_timezone(&Utc))
    });
    if let Some(None) = send_at {
        f.refuse("sendAt", console_strings(request.locale).err_date);
    }
    let text = |name: &str| Some(f.v(name).to_owned()).filter(|v| !v.trim().is_empty());
    let draft = Draft {
        target: Target::Event(EventId(event.id)),
        // A time only matters when scheduling; the others check the rest.
        when: send_at.flatten().map_or(When::Before(0), When::At),
        audience: audience.unwrap_or(Audience::Confirmed),
        subject: text("subject"),
        body: text("body"),
        locale: text("locale"),
        translations,
    };
    (f, draft)
}

/// Adds the service's refusals to the form's, each next to its field in
/// the page's words. `true` when one of them says "not found" (the event
/// or reminder is not the viewer's).
fn add_errors(f: &mut Fields, request: &PageRequest, draft: &Draft, errors: &[FieldError]) -> bool {
    let (t, r) = (request.t(), reminders_strings(request.locale));
    let mut not_found = false;
    for error in errors {
        let path: Vec<&str> = error.field.iter().map(String::as_str).collect();
        let field = match path.as_slice() {
            // `translations.1.body`: the form's field of that language.
            [.., "translations", index, part] => {
                let locale = index
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| draft.translations.get(i))
                    .map(|t| t.locale);
                let part = if *part == "body" { "body" } else { "subject" };
                match locale {
                    Some(locale) => translated_field(part, locale),
                    None => "subject".to_owned(),
                }
            }
            [.., "translations"] => "subject".to_owned(),
            [.., last] if ["subject", "body", "audience", "locale"].contains(last) => {
                (*last).to_owned()
            }
            _ => "sendAt".to_owned(),
        };
        let part = field.split('_').next().unwrap_or_default();
        let message = match (part, error.code) {
            (_, ErrorCode::NotFound) => {
                not_found = true;
                continue;
            }
            ("subject" | "body", ErrorCode::Invalid) => {
                template_problem(r, t, f.v(&field), &error.message)
            }
            ("subject" | "body", ErrorCode::Required) => r.err_needs_both.to_owned(),
            (_, ErrorCode::TooLong) => t.err_too_long.to_owned(),
            ("sendAt", ErrorCode::OutOfRange) => r.err_after_end.to_owned(),
            (_, ErrorCode::InvalidState) => r.err_state.to_owned(),
            _ => t.err_invalid.to_owned(),
        };
        f.refuse(&field, message);
    }
    not_found
}

/// What is wrong with an own subject or text, in the page's words: its
/// unknown placeholders by name, or a `{{` left open; else the service's
/// own words (a language the text is written in, given as a translation).
fn template_problem(r: &RemindersStrings, t: &Strings, source: &str, said: &str) -> String {
    match crate::mail::Template::parse(source.trim()) {
        Err(err) => {
            let unknown: Vec<String> = err
                .unknown_placeholders()
                .iter()
                .map(|name| format!("{{{{{name}}}}}"))
                .collect();
            if unknown.is_empty() {
                r.err_unclosed.to_owned()
            } else {
                (r.err_unknown_placeholder)(&unknown.join(", "))
            }
        }
        Ok(_) if !said.is_empty() => said.to_owned(),
        Ok(_) => t.err_invalid.to_owned(),
    }
}

/// The errors the services find in `draft`, without storing or sending
/// anything: the preview's checks, for a registration that does not
/// exist (whose own "not found" is left out).
async fn draft_errors(cx: &service::Context, draft: &Draft) -> service::Result<Vec<FieldError>> {
    match reminders::preview(
        cx,
        Source::Draft(draft.clone()),
        RegistrationId(Uuid::nil()),
        None,
    )
    .await
    {
        Ok(_) => Ok(Vec::new()),
        Err(service::Error::Invalid(errors)) => Ok(errors
            .into_iter()
            .filter(|e| e.field.last().map(String::as_str) != Some("registrationId"))
            .collect()),
        Err(err) => Err(err),
    }
}

/// `POST /organise/events/{id}/reminders`: `action` is `preview`, `test`,
/// `schedule` or `now`.
pub(super) async fn write(
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
    let Some(id) = event_id(&id) else {
        return request.not_found();
    };
    let loaded = match load(&state, &request, id).await {
        Ok(loaded) => loaded,
        Err(err) => return request.failed(err),
    };
    let r = reminders_strings(request.locale);
    let event = &loaded.roster.event;
    let cx = request.context(&state);
    let (mut f, mut draft) = read(&form, &request, event);
    let action = form.text("action");
    let mut outcome = Outcome::default();
    let mut preview = None;
    if action == "schedule" && f.v("sendAt").trim().is_empty() {
        f.refuse("sendAt", r.err_send_at_required);
    }
    if action == "now" {
        draft.when = When::At(cx.clock.now());
    }
    let shown = draft.clone();
    let refused = |f: &mut Fields, errors: &[FieldError]| add_errors(f, &request, &shown, errors);
    if !f.is_valid() {
        // Every error at once: the services' findings on the rest too.
        match draft_errors(&cx, &draft).await {
            Ok(errors) => {
                if refused(&mut f, &errors) {
                    return request.not_found();
                }
            }
            Err(err) => return request.failed(err),
        }
    } else {
        match action.as_str() {
            "preview" => match preview_of(r, &cx, &draft, &loaded.roster).await {
                Ok(Ok(shown)) => preview = Some(shown),
                Ok(Err(errors)) => {
                    if refused(&mut f, &errors) {
                        return request.not_found();
                    }
                }
                Err(err) => return request.failed(err),
            },
            "test" => match reminders::test_send(&cx, Source::Draft(draft), None).await {
                Ok(_) => {
                    let me = match request.viewer.person_id() {
                        Some(me) => people::get(&cx, me).await,
                        None => Ok(None),
                    };
                    let email = match me {
                        Ok(person) => person.map(|p| p.email).unwrap_or_default(),
                        Err(err) => return request.failed(err),
                    };
                    outcome.notice = Some((r.done_test)(&email));
                }
                Err(service::Error::Invalid(errors)) => {
                    if refused(&mut f, &errors) {
                        return request.not_found();
                    }
                }
                Err(err) => return request.failed(err),
            },
            "schedule" | "now" => match reminders::schedule(&cx, draft).await {
                Ok(stored) if action == "now" => {
                    return sent_now(&request, &cx, ReminderId(stored.id)).await;
                }
                Ok(stored) => {
                    return see_other(&format!(
                        "/organise/events/{}/reminders?lang={}&done=scheduled#reminder-{}",
                        event.id, request.locale, stored.id
                    ));
                }
                Err(service::Error::Invalid(errors)) => {
                    if refused(&mut f, &errors) {
                        return request.not_found();
                    }
                }
                Err(err) => return request.failed(err),
            },
            _ => f.refuse("body", request.t().err_invalid),
        }
    }
    let status = if f.is_valid() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let template = page(
        &request,
        &loaded,
        f,
        outcome,
        preview,
        form.text(CSRF_FIELD),
    );
    respond(&template, status, None)
}

/// The draft rendered for one of the event's registrations in each
/// language, or the service's refusals.
async fn preview_of(
    r: &RemindersStrings,
    cx: &service::Context,
    draft: &Draft,
    roster: &Roster,
) -> service::Result<Result<Preview, Vec<FieldError>>> {
    let Some((registration, name)) = preview_for(roster) else {
        // Nobody to write it for: the draft is still checked.
        let errors = draft_errors(cx, draft).await?;
        return Ok(if errors.is_empty() {
            Ok(Preview {
                for_whom: None,
                parts: Vec::new(),
            })
        } else {
            Err(errors)
        });
    };
    let mut parts = Vec::new();
    for locale in Locale::ALL {
        // As a recipient of each language gets it: the translation in it,
        // else the own text.
        match reminders::preview(cx, Source::Draft(draft.clone()), registration, Some(locale)).await
        {
            Ok(rendered) => parts.push(PreviewPart {
                code: locale.as_str(),
                name: locale.name(),
                subject: rendered.subject,
                text: rendered.text,
            }),
            Err(service::Error::Invalid(errors)) => return Ok(Err(errors)),
            Err(err) => return Err(err),
        }
    }
    Ok(Ok(Preview {
        for_whom: Some((r.preview_for)(&name)),
        parts,
    }))
}

/// Sends a scheduled reminder now and answers with its delivery report.
async fn sent_now(request: &PageRequest, cx: &service::Context, id: ReminderId) -> Response {
    let report = |query: &str| {
        see_other(&format!(
            "/organise/reminders/{}?lang={}&{query}",
            id.0, request.locale
        ))
    };
    match reminders::send_now(cx, id).await {
        Ok((_, SendNow::Queued(n))) => report(&format!("done=sent&n={n}")),
        Ok((_, SendNow::NoRecipients)) => report("done=nobody"),
        Ok((_, SendNow::AlreadySent)) => report("done=already"),
        Err(service::Error::Invalid(errors))
            if errors.iter().all(|e| e.code != ErrorCode::NotFound) =>
        {
            report("error=state")
        }
        Err(service::Error::Invalid(_)) => request.not_found(),
        Err(err) => request.failed(err),
    }
}

/// The id of a console path, or `None` (a 404).
fn uuid(raw: &str) -> Option<Uuid> {
    Uuid::parse_str(raw).ok()
}

/// `POST /organise/reminders/{id}/send`: a scheduled reminder, now.
pub(super) async fn send(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    if let Err(response) = posted(&state, &headers, &request, &body) {
        return *response;
    }
    let Some(id) = uuid(&id) else {
        return request.not_found();
    };
    let cx = request.context(&state);
    sent_now(&request, &cx, ReminderId(id)).await
}

/// `POST /organise/reminders/{id}/cancel`; `event` (the page it came from)
/// is where it goes back to.
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
    let Some(id) = uuid(&id) else {
        return request.not_found();
    };
    let cx = request.context(&state);
    let back = |event: Option<Uuid>, query: &str| match event {
        Some(event) => see_other(&format!(
            "/organise/events/{event}/reminders?lang={}&{query}",
            request.locale
        )),
        None => see_other(&format!("/organise/reminders/{id}?lang={}", request.locale)),
    };
    let event = uuid(&form.text("event"));
    match reminders::cancel(&cx, ReminderId(id)).await {
        Ok(cancelled) => back(
            cancelled.event_id.or(event),
            &format!("done=cancelled#reminder-{id}"),
        ),
        Err(service::Error::Invalid(errors))
            if errors.iter().all(|e| e.code != ErrorCode::NotFound) =>
        {
            back(event, &format!("error=state#reminder-{id}"))
        }
        Err(service::Error::Invalid(_)) => request.not_found(),
        Err(err) => request.failed(err),
    }
}

/// One mail of the report.
struct Delivery {
    id: Uuid,
    recipient: Option<String>,
    status: &'static str,
    failed: bool,
    attempts: i32,
    reason: Option<String>,
    sent_at: Option<String>,
}

#[derive(Template)]
#[template(path = "console/reminder_report.html")]
struct ReportPage {
    page: Layout,
    r: &'static RemindersStrings,
    reminder_id: Uuid,
    back: Option<String>,
    subject: String,
    status: &'static str,
    audience: &'static str,
    notice: Option<String>,
    error: Option<&'static str>,
    counts: Counts,
    total: u64,
    done: u64,
    /// Where the script reads the counts while mails are queued.
    poll: Option<String>,
    deliveries: Vec<Delivery>,
    refresh: String,
    script: &'static str,
    csrf: String,
    lang: &'static str,
}

fn delivery_status(r: &RemindersStrings, status: OutboxStatus) -> &'static str {
    match status {
        OutboxStatus::Pending => r.count_pending,
        OutboxStatus::Sent => r.count_sent,
        OutboxStatus::Failed => r.count_failed,
        OutboxStatus::Skipped => r.count_skipped,
    }
}

fn total(counts: &Counts) -> u64 {
    counts.sent + counts.pending + counts.failed + counts.skipped
}

/// `GET /organise/reminders/{id}`: the delivery report.
pub(super) async fn report(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    request: PageRequest,
) -> Response {
    if !matches!(request.viewer, Viewer::Person(_)) {
        return crate::pages::session::prompt(&state, &headers, &request, StatusCode::OK);
    }
    let Some(id) = uuid(&id) else {
        return request.not_found();
    };
    let cx = request.context(&state);
    let (reminder, rows) = match deliveries::of_reminder(&cx, ReminderId(id)).await {
        Ok(Some(found)) => found,
        Ok(None) => return request.not_found(),
        Err(err) => return request.failed(err),
    };
    // The event gives the time zone and the way back (a series reminder's:
    // the event of its first mail).
    let event_id = reminder
        .event_id
        .or_else(|| rows.first().and_then(|row| row.event_id));
    let event = match event_id {
        Some(event) => match service::events::get(&cx, EventId(event)).await {
            Ok(event) => event,
            Err(err) => return request.failed(err),
        },
        None => None,
    };
    let Some(csrf) = csrf_for(&state, &headers) else {
        return request.internal_error();
    };
    let r = reminders_strings(request.locale);
    let zone = event
        .as_ref()
        .map_or("Europe/Stockholm", |e| e.time_zone.as_str());
    let counts = Counts::of(&rows);
    let total = total(&counts);
    let outcome = Outcome::parse(r, raw.as_deref());
    let deliveries = rows
        .iter()
        .map(|row| delivery(&request, zone, row))
        .collect();
    let template = ReportPage {
        page: request.page(format!(
            "{} – {}",
            r.report_title,
            reminder.subject.as_deref().unwrap_or(r.standard_text)
        )),
        r,
        reminder_id: reminder.id,
        back: event.map(|e| {
            format!(
                "/organise/events/{}/reminders?lang={}",
                e.id, request.locale
            )
        }),
        subject: reminder
            .subject
            .clone()
            .unwrap_or_else(|| r.standard_text.to_owned()),
        status: match reminder.status {
            ReminderStatus::Scheduled => r.status_scheduled,
            ReminderStatus::Sent => r.status_sent,
            ReminderStatus::Cancelled => r.status_cancelled,
        },
        audience: audience_text(r, Audience::of(&reminder)),
        notice: outcome.notice,
        error: outcome.error,
        counts,
        total,
        done: total - counts.pending,
        poll: (counts.pending > 0)
            .then(|| format!("/organise/reminders/{}/progress.json", reminder.id)),
        deliveries,
        refresh: format!(
            "/organise/reminders/{}?lang={}",
            reminder.id, request.locale
        ),
        script: SCRIPT_PATH,
        csrf: csrf.token,
        lang: request.locale.as_str(),
    };
    let mut response = render(&template);
    private_page(&mut response, csrf.set_cookie);
    response
}

fn delivery(request: &PageRequest, zone: &str, row: &outbox::Model) -> Delivery {
    let r = reminders_strings(request.locale);
    let moment = |at: DateTime<Utc>| dates::moment(request.locale, at, zone);
    // Name and address are kept until the retention ends or the person is
    // erased; then the row says so.
    let recipient = match (row.recipient_name.as_deref(), row.recipient_email.as_str()) {
        (_, "") => None,
        (Some(name), email) if !name.trim().is_empty() => Some(format!("{name} <{email}>")),
        (_, email) => Some(email.to_owned()),
    };
    Delivery {
        id: row.id,
        recipient,
        status: delivery_status(r, row.status),
        failed: row.status == OutboxStatus::Failed,
        attempts: row.attempts,
        reason: row
            .last_error
            .clone()
            .filter(|_| matches!(row.status, OutboxStatus::Failed | OutboxStatus::Skipped)),
        sent_at: row.sent_at.map(moment),
    }
}

/// `GET /organise/reminders/{id}/progress.json`: `{sent, pending, failed,
/// total}` (total counts the mails not sent on purpose too).
pub(super) async fn progress(
    State(state): State<AppState>,
    Path(id): Path<String>,
    request: PageRequest,
) -> Response {
    let Some(id) = uuid(&id) else {
        return script::refused(&request, service::Error::NotFound("reminder"));
    };
    let cx = request.context(&state);
    match deliveries::of_reminder(&cx, ReminderId(id)).await {
        Ok(Some((_, rows))) => {
            let counts = Counts::of(&rows);
            script::counts(&serde_json::json!({
                "sent": counts.sent,
                "pending": counts.pending,
                "failed": counts.failed,
                "total": total(&counts),
            }))
        }
        Ok(None) => script::refused(&request, service::Error::NotFound("reminder")),
        Err(err) => script::refused(&request, err),
    }
}

/// `POST /organise/deliveries/{id}/retry`; `reminder` (the report it came
/// from) is where a refusal goes back to.
pub(super) async fn retry(
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
    let Some(id) = uuid(&id) else {
        return request.not_found();
    };
    let cx = request.context(&state);
    let back = |reminder: Uuid, query: &str| {
        see_other(&format!(
            "/organise/reminders/{reminder}?lang={}&{query}#d-{id}",
            request.locale
        ))
    };
    match deliveries::retry(&cx, MailId(id)).await {
        Ok(row) => match row.reminder_id {
            Some(reminder) => back(reminder, "done=retried"),
            None => request.not_found(),
        },
        Err(service::Error::Invalid(errors))
            if errors.iter().all(|e| e.code != ErrorCode::NotFound) =>
        {
            match uuid(&form.text("reminder")) {
                Some(reminder) => back(reminder, "error=retry"),
                None => request.not_found(),
            }
        }
        Err(service::Error::Invalid(_)) => request.not_found(),
        Err(err) => request.failed(err),
    }
}
