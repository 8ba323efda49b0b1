//! `GET /networks/{slug}`: a network, its contact persons, its upcoming
//! events and how to subscribe to its calendar.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

use super::page::{Layout, PageRequest, render};
use crate::calendar::links::{FeedUrls, webcal};
use crate::i18n::dates;
use crate::ids::{EventId, NetworkId};
use crate::service::{events, networks, policy};
use crate::state::AppState;

/// How many upcoming events the page lists.
const UPCOMING_MAX: u64 = 50;

#[derive(Template)]
#[template(path = "pages/network.html")]
struct NetworkPage {
    page: Layout,
    name: String,
    description: Vec<String>,
    contacts: Vec<Contact>,
    events: Vec<EventLink>,
    webcal: String,
    feed_url: String,
    /// The theme suggestions' section: shown when the network takes them
    /// or has published some.
    suggestions: Option<SuggestionsSection>,
}

struct SuggestionsSection {
    s: &'static crate::i18n::suggestions::SuggestionStrings,
    open: bool,
    href: String,
    /// The latest changed published ones: title, state.
    latest: Vec<(String, &'static str)>,
}

struct Contact {
    name: String,
    label: Option<String>,
    email: Option<String>,
}

struct EventLink {
    title: String,
    /// ` lang="…"` when the title is in another language than the page.
    lang: String,
    when: String,
    href: String,
}

pub(super) async fn page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    request: PageRequest,
) -> Response {
    let cx = request.context(&state);
    let network = match networks::by_slug(&cx, &slug).await {
        Ok(Some(network)) => network,
        Ok(None) => return request.not_found(),
        Err(err) => return request.failed(err),
    };
    let request = request.in_network(&network, None);
    let id = NetworkId(network.id);
    let public = cx.acting_as(crate::service::Viewer::Anonymous);
    let (contacts, upcoming, (suggested, _)) = match tokio::try_join!(
        networks::contacts(&cx, id),
        events::upcoming_in_network(&cx, id, UPCOMING_MAX),
        crate::service::suggestions::latest(&public, id, 3)
    ) {
        Ok(found) => found,
        Err(err) => return request.failed(err),
    };
    let mut titles = match super::page::titles(&cx, &upcoming, request.locale).await {
        Ok(titles) => titles,
        Err(err) => return request.failed(err),
    };
    let emails = policy::can_see_contact_emails(&cx);
    let urls = FeedUrls::new(&state.config.public_url());
    let feed_url = urls.network(&network.slug, false);
    let suggestions =
        (network.suggestions_open || !suggested.is_empty()).then(|| SuggestionsSection {
            s: crate::i18n::suggestions::suggestion_strings(request.locale),
            open: network.suggestions_open,
            href: request.keeping_lang(&format!("/networks/{}/suggestions", network.slug)),
            latest: suggested
                .into_iter()
                .map(|x| {
                    (
                        x.title,
                        crate::i18n::suggestions::status_name(request.locale, x.status),
                    )
                })
                .collect(),
        });
    render(&NetworkPage {
        suggestions,
        page: request.page(&network.name),
        description: paragraphs(&network.description),
        name: network.name,
        contacts: contacts
            .into_iter()
            .map(|(contact, person)| Contact {
                email: emails
                    .then(|| networks::contact_address(&contact, &person).map(str::to_owned))
                    .flatten(),
                name: person.name,
                label: contact.label.filter(|l| !l.trim().is_empty()),
            })
            .collect(),
        events: upcoming
            .iter()
            .map(|event| {
                let (title, lang) = titles.remove(&event.id).unwrap_or_default();
                EventLink {
                    title,
                    lang,
                    when: dates::range(
                        request.locale,
                        event.starts_at,
                        event.ends_at,
                        &event.time_zone,
                    ),
                    href: format!("/events/{}", EventId(event.id).0),
                }
            })
            .collect(),
        webcal: webcal(&feed_url),
        feed_url,
    })
}

/// Text split at blank lines, for `<p>`s.
pub(super) fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}
