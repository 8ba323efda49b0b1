//! The words of the organiser console (`/organise`) and the site's front
//! door (`/`) in Swedish, Norwegian Bokmål and English. The console shares
//! the participant pages' layout and their words for it
//! ([`super::pages::Strings`]); these are the console's own.

use super::Locale;

/// Every text the console and the front door show, in one language.
#[derive(Debug)]
pub struct ConsoleStrings {
    /// The console's name: the header link and the start page's title.
    pub console: &'static str,
    /// The front door's title.
    pub front_title: &'static str,
    /// The front door's introduction.
    pub front_intro: &'static str,
    /// A link to a network's page.
    pub network_page: &'static str,
    /// A link to a network's calendar feed.
    pub network_feed: &'static str,
    /// The line for organisers on the front door.
    pub front_organisers: &'static str,
    /// The start page's introduction.
    pub start_intro: &'static str,
    /// When the viewer organises no network.
    pub organises_nothing: &'static str,
    /// Heading of a network's upcoming events.
    pub next_events: &'static str,
    /// When a network has none.
    pub no_events: &'static str,
    /// Column: the event.
    pub col_event: &'static str,
    /// Column: when.
    pub col_when: &'static str,
    /// Column: seats at the venue (taken / capacity).
    pub col_in_person: &'static str,
    /// Column: seats online (taken / capacity).
    pub col_online: &'static str,
    /// Column: on the waiting list.
    pub col_waitlisted: &'static str,
    /// Column: applications waiting for a decision.
    pub col_pending: &'static str,
    /// Column: the event's state.
    pub col_status: &'static str,
    /// A capacity without a limit.
    pub unlimited: &'static str,
    /// A mode the event is not held in.
    pub not_offered: &'static str,
    /// State: draft.
    pub status_draft: &'static str,
    /// State: published.
    pub status_published: &'static str,
    /// State: cancelled.
    pub status_cancelled: &'static str,
    /// A caption for the table of a network's events: "{network}: next events".
    pub events_of: fn(&str) -> String,
}

const SV: ConsoleStrings = ConsoleStrings {
    console: "Arrangera",
    front_title: "Nätverk och träffar",
    front_intro: "Nätverk som samlas genom Träffpunkt och deras nästa träffar.",
    network_page: "Nätverkets sida",
    network_feed: "Kalenderflöde",
    front_organisers: "Arrangör? Logga in och gå till Arrangera.",
    start_intro: "Dina nätverk och deras kommande träffar.",
    organises_nothing: "Du arrangerar inget nätverk ännu. Be nätverkets ägare att ge dig rollen arrangör.",
    next_events: "Kommande träffar",
    no_events: "Inga kommande träffar.",
    col_event: "Träff",
    col_when: "När",
    col_in_person: "På plats",
    col_online: "Digitalt",
    col_waitlisted: "Väntelista",
    col_pending: "Ansökningar",
    col_status: "Läge",
    unlimited: "obegränsat",
    not_offered: "–",
    status_draft: "Utkast",
    status_published: "Publicerad",
    status_cancelled: "Inställd",
    events_of: |network| format!("{network}: kommande träffar"),
};

const NB: ConsoleStrings = ConsoleStrings {
    console: "Arranger",
    front_title: "Nettverk og samlinger",
    front_intro: "Nettverk som samles gjennom Träffpunkt og deres neste samlinger.",
    network_page: "Nettverkets side",
    network_feed: "Kalenderstrøm",
    front_organisers: "Arrangør? Logg inn og gå til Arranger.",
    start_intro: "Dine nettverk og deres kommende samlinger.",
    organises_nothing: "Du arrangerer ikke noe nettverk ennå. Be nettverkets eier om å gi deg rollen arrangør.",
    next_events: "Kommende samlinger",
    no_events: "Ingen kommende samlinger.",
    col_event: "Samling",
    col_when: "Når",
    col_in_person: "Fysisk",
    col_online: "Digitalt",
    col_waitlisted: "Venteliste",
    col_pending: "Søknader",
    col_status: "Status",
    unlimited: "ubegrenset",
    not_offered: "–",
    status_draft: "Utkast",
    status_published: "Publisert",
    status_cancelled: "Avlyst",
    events_of: |network| format!("{network}: kommende samlinger"),
};

const EN: ConsoleStrings = ConsoleStrings {
    console: "Organise",
    front_title: "Networks and meetings",
    front_intro: "Networks that meet through Träffpunkt and their next meetings.",
    network_page: "The network's page",
    network_feed: "Calendar feed",
    front_organisers: "Organiser? Sign in and go to Organise.",
    start_intro: "Your networks and their upcoming meetings.",
    organises_nothing: "You do not organise a network yet. Ask the network's owner to make you an organiser.",
    next_events: "Upcoming meetings",
    no_events: "No upcoming meetings.",
    col_event: "Meeting",
    col_when: "When",
    col_in_person: "In person",
    col_online: "Online",
    col_waitlisted: "Waiting list",
    col_pending: "Applications",
    col_status: "State",
    unlimited: "unlimited",
    not_offered: "–",
    status_draft: "Draft",
    status_published: "Published",
    status_cancelled: "Cancelled",
    events_of: |network| format!("{network}: upcoming meetings"),
};

/// The console's words in `locale`.
pub fn console_strings(locale: Locale) -> &'static ConsoleStrings {
    match locale {
        Locale::Sv => &SV,
        Locale::Nb => &NB,
        Locale::En => &EN,
    }
}
