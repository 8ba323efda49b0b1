//! `GET /events/{uuid}`: one event, where the links in mails and calendar
//! entries (`{PUBLIC_URL}/events/{uuid}`) land.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use entities::{AttendanceMode, EventStatus, event, network};
use uuid::Uuid;

use super::form::Csrf;
use super::network::paragraphs;
use super::page::{Layout, PageRequest, private_page, render, secure};
use super::registration_form::{Questions, RegistrationForm, registration_form};
use crate::calendar::links::FeedUrls;
use crate::facts::EventFacts;
use crate::i18n::dates::{self, clock_time};
use crate::ids::{EventId, NetworkId};
use crate::service::translations::{
    self, EventText, EventTranslations, PartText, PartTranslations, Wanted,
};
use crate::service::{self, agenda, calendar, events, networks, registrations, speakers};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "pages/event.html")]
pub(super) struct EventPage {
    page: Layout,
    title: String,
    /// `lang` (with its leading space) of the title when it is not in the
    /// page's language; empty otherwise. So for the others.
    title_lang: String,
    description_lang: String,
    accessibility_lang: String,
    cancelled: bool,
    when: String,
    place: Option<String>,
    accessibility: Option<String>,
    network_name: String,
    network_href: String,
    description: Vec<String>,
    online: bool,
    join_link: Option<String>,
    online_details: Vec<String>,
    agenda: Vec<AgendaEntry>,
    /// The published theme suggestions it takes up: title, description.
    suggestions: Vec<(String, Vec<String>)>,
    suggestions_heading: &'static str,
    suggestions_href: String,
    seats: Vec<(&'static str, String)>,
    ics: String,
    google: String,
    outlook: String,
    form: Option<RegistrationForm>,
    /// Why there is no form (registration not open yet, or closed).
    registration_note: Option<&'static str>,
}

struct AgendaEntry {
    time: Option<String>,
    title: String,
    /// `lang` of the title (with its leading space), as for the event's.
    title_lang: String,
    room: Option<String>,
    description: Vec<String>,
    description_lang: String,
    /// Each speaker's line (name, affiliation, role) and its `lang`.
    speakers: Vec<(String, String)>,
}

pub(super) async fn page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
) -> Response {
    let Ok(id) = Uuid::parse_str(&id).map(EventId) else {
        return request.not_found();
    };
    let cx = request.context(&state);
    let (event, questions) = match event_and_questions(&cx, id).await {
        Ok(Some(found)) => found,
        Ok(None) => return request.not_found(),
        Err(err) => return request.failed(err),
    };
    let network = match network_of(&cx, &event).await {
        Ok(network) => network,
        Err(err) => return request.failed(err),
    };
    let request = request
        .in_network(&network, None)
        .written_in(translations::own_locale(&event));
    let csrf = Csrf::for_page(&headers, secure(&state));
    // The form only when registering can succeed now.
    let open = registrations::window(&event, cx.clock.now()) == registrations::Window::Open;
    let form = match &csrf {
        Some(csrf) if open => Some(registration_form(
            &request,
            &event,
            &questions,
            csrf.token.clone(),
            None,
            &[],
        )),
        _ => None,
    };
    match build(&state, &cx, &request, network, event, form).await {
        Ok(page) => {
            let mut response = render(&page);
            private_page(&mut response, csrf.and_then(|c| c.set_cookie));
            response
        }
        Err(err) => request.failed(err),
    }
}

/// An event the viewer may see, with its registration questions.
pub(super) async fn event_and_questions(
    cx: &service::Context,
    id: EventId,
) -> service::Result<Option<(event::Model, Questions)>> {
    let Some(event) = events::visible(cx, id).await? else {
        return Ok(None);
    };
    let (list, rows) = tokio::try_join!(registrations::questions(cx, id), async {
        Ok(translations::rows_of_events(&cx.db, vec![id.0]).await?)
    })?;
    let translated = PartTranslations::of(&rows);
    Ok(Some((event, Questions { list, translated })))
}

/// The network `event` belongs to.
pub(super) async fn network_of(
    cx: &service::Context,
    event: &event::Model,
) -> service::Result<network::Model> {
    networks::get(cx, NetworkId(event.network_id))
        .await?
        .ok_or(service::Error::NotFound("network"))
}

/// The page of `event` of `network`, which the viewer may see.
pub(super) async fn build(
    state: &AppState,
    cx: &service::Context,
    request: &PageRequest,
    network: network::Model,
    event: event::Model,
    form: Option<RegistrationForm>,
) -> service::Result<EventPage> {
    let id = EventId(event.id);
    let (items, speakers, seats, taken_up, translated) = tokio::try_join!(
        agenda::of_event(cx, id),
        speakers::of_event(cx, id),
        registrations::seats(cx, id),
        crate::service::suggestions::of_event(cx, id),
        async { Ok(translations::rows_of_events(&cx.db, vec![id.0]).await?) }
    )?;
    let parts = PartTranslations::of(&translated);
    let translated = EventTranslations::of(&translated);
    let locale = request.locale;
    // The event's texts in the page's language where translated, else in
    // its own, marked as such.
    let own = translations::own_locale(&event);
    let wanted = Wanted {
        explicit: Some(locale),
        ..Wanted::default()
    };
    let read = |text: EventText, original: &str| {
        let (lang, text) = translations::read(&translated, text, original, own, wanted);
        (text.to_owned(), super::page::lang_attribute(lang, locale))
    };
    let read_part = |owner, text: PartText, original: &str| {
        let (lang, text) = parts.read(owner, text, original, own, wanted);
        (text.to_owned(), super::page::lang_attribute(lang, locale))
    };
    let (title, title_lang) = read(EventText::Title, &event.title);
    let (description, description_lang) = read(EventText::Description, &event.description);
    let accessibility = event
        .venue_accessibility
        .as_deref()
        .filter(|a| !a.trim().is_empty())
        .map(|notes| read(EventText::AccessibilityNotes, notes));
    let t = request.t();
    let in_person = event.attendance_mode != AttendanceMode::Online;
    let online = event.attendance_mode != AttendanceMode::InPerson;
    // Anonymous visitors get the join link only when it may be in a shared
    // view; a signed-in viewer when the policy gives it to them (confirmed,
    // speaking or organising).
    let join = online && registrations::viewer_sees_join_link(cx, &event).await?;
    let details = EventFacts::from_event(&event, in_person, join);
    let zone = dates::zone(&event.time_zone);
    let agenda = items
        .into_iter()
        .map(|item| {
            let (title, title_lang) = read_part(item.id, PartText::ItemTitle, &item.title);
            let (description, description_lang) =
                read_part(item.id, PartText::ItemDescription, &item.description);
            AgendaEntry {
                time: item.starts_at.map(|start| {
                    let start = start.with_timezone(&zone);
                    match item.ends_at {
                        Some(end) => {
                            let end = end.with_timezone(&zone);
                            format!(
                                "{}–{}",
                                clock_time(locale, &start),
                                clock_time(locale, &end)
                            )
                        }
                        None => clock_time(locale, &start),
                    }
                }),
                speakers: speakers
                    .iter()
                    .filter(|s| s.agenda_item_id == Some(item.id))
                    .map(|s| {
                        // The line is in the role's language: the name and
                        // affiliation are the same in any.
                        let role = s
                            .role
                            .as_deref()
                            .map(|role| read_part(s.id, PartText::SpeakerRole, role));
                        let lang = match &role {
                            Some((_, lang)) => lang.clone(),
                            None => super::page::lang_attribute(own, locale),
                        };
                        let line = [
                            Some(s.name.as_str()),
                            s.affiliation.as_deref(),
                            role.as_ref().map(|(r, _)| r.as_str()),
                        ]
                        .into_iter()
                        .flatten()
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(", ");
                        (line, lang)
                    })
                    .collect(),
                room: item.room.clone().filter(|r| !r.trim().is_empty()),
                description: paragraphs(&description),
                description_lang,
                title,
                title_lang,
            }
        })
        .collect();
    let remaining =
        |left: Option<u64>| left.map_or_else(|| t.seats_unlimited.to_owned(), |n| n.to_string());
    let seats = match seats {
        Some(seats) if event.status == EventStatus::Published => {
            let mut rows = Vec::new();
            if in_person {
                rows.push((t.seats_in_person, remaining(seats.in_person_remaining)));
            }
            if online {
                rows.push((t.seats_online, remaining(seats.online_remaining)));
            }
            rows
        }
        _ => Vec::new(),
    };
    let urls = FeedUrls::new(&state.config.public_url());
    let registration_note = match registrations::window(&event, cx.clock.now()) {
        registrations::Window::NotYetOpen => Some(t.registration_not_open_yet),
        registrations::Window::Closed => Some(t.registration_closed),
        registrations::Window::Open | registrations::Window::NotPublished => None,
    };
    Ok(EventPage {
        form,
        registration_note,
        page: request.page(&title),
        cancelled: event.status == EventStatus::Cancelled,
        when: details.when_local(locale),
        place: details.venue.clone(),
        accessibility_lang: accessibility
            .as_ref()
            .map(|(_, lang)| lang.clone())
            .unwrap_or_default(),
        accessibility: details
            .accessibility
            .clone()
            .and(accessibility.map(|(notes, _)| notes)),
        network_href: format!("/networks/{}", network.slug),
        network_name: network.name,
        description: paragraphs(&description),
        description_lang,
        online,
        join_link: details.join_link.clone(),
        online_details: details
            .online_details
            .as_deref()
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect(),
        agenda,
        suggestions: taken_up
            .into_iter()
            .map(|x| (x.title, paragraphs(&x.description)))
            .collect(),
        suggestions_heading: crate::i18n::suggestions::suggestion_strings(locale).from_participants,
        suggestions_href: format!("/networks/{}/suggestions", network.slug),
        seats,
        ics: urls.event(id),
        google: calendar::google_calendar_url(&urls, &event, locale.as_str()),
        outlook: calendar::outlook_calendar_url(&urls, &event, locale.as_str()),
        title,
        title_lang,
    })
}
