//! `GET /`: the front door. The networks and their next published events
//! the visitor may see (members-only events only for members), each with a
//! link to its page and calendar; a signed-in visitor finds the organiser
//! console from the header.

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::page::{Layout, PageRequest, render};
use crate::calendar::links::FeedUrls;
use crate::i18n::console::{ConsoleStrings, console_strings};
use crate::i18n::{Locale, dates};
use crate::service::overview;
use crate::state::AppState;

/// How many events each network shows.
const PER_NETWORK: u64 = 3;

#[derive(Template)]
#[template(path = "pages/front.html")]
struct FrontPage {
    page: Layout,
    c: &'static ConsoleStrings,
    networks: Vec<NetworkEntry>,
}

struct NetworkEntry {
    name: String,
    lang: String,
    href: String,
    feed: String,
    events: Vec<EventEntry>,
}

struct EventEntry {
    title: String,
    /// ` lang="…"` when the title is in another language than the page.
    lang: String,
    when: String,
    href: String,
}

pub(super) async fn page(State(state): State<AppState>, request: PageRequest) -> Response {
    let cx = request.context(&state);
    let found = match overview::front_door(&cx, PER_NETWORK).await {
        Ok(found) => found,
        Err(err) => return request.failed(err),
    };
    let mut titles = match super::page::titles(
        &cx,
        found.iter().flat_map(|(_, events)| events.iter()),
        request.locale,
    )
    .await
    {
        Ok(titles) => titles,
        Err(err) => return request.failed(err),
    };
    let urls = FeedUrls::new(&state.config.public_url());
    let c = console_strings(request.locale);
    let networks = found
        .into_iter()
        .map(|(network, events)| {
            let written = Locale::parse(&network.default_locale).unwrap_or_default();
            NetworkEntry {
                lang: if written == request.locale {
                    String::new()
                } else {
                    format!(" lang=\"{written}\"")
                },
                href: format!("/networks/{}", network.slug),
                feed: urls.network(&network.slug, false),
                events: events
                    .into_iter()
                    .map(|e| {
                        let (title, lang) = titles.remove(&e.id).unwrap_or_default();
                        EventEntry {
                            when: dates::range(
                                request.locale,
                                e.starts_at,
                                e.ends_at,
                                &e.time_zone,
                            ),
                            href: format!("/events/{}", e.id),
                            title,
                            lang,
                        }
                    })
                    .collect(),
                name: network.name,
            }
        })
        .collect();
    render(&FrontPage {
        page: request.page(c.front_title),
        c,
        networks,
    })
}
