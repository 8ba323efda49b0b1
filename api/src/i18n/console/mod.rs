//! The words of the organiser console (`/organise`) and the site's front
//! door (`/`) in Swedish, Norwegian Bokmål and English. The console shares
//! the participant pages' layout and their words for it
//! ([`super::pages::Strings`]); these are the console's own.

use super::Locale;

pub mod attendance;
pub mod audit;
pub mod network;
pub mod programme;
pub mod questions;
pub mod reminders;
pub mod series;
pub mod suggestions;
pub mod webhooks;

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
    /// Column: seats at the venue (taken / capacity).
    pub col_in_person: &'static str,
    /// Column: seats online (taken / capacity).
    pub col_online: &'static str,
    /// Column: on the waiting list.
    pub col_waitlisted: &'static str,
    /// Column: applications waiting for a decision.
    pub col_pending: &'static str,
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
    /// Heading of an event's registrations.
    pub registrations: &'static str,
    /// A link to the event's public page.
    pub event_page: &'static str,
    /// The CSV export's link.
    pub export_csv: &'static str,
    /// The door view's name and link.
    pub door_view: &'static str,
    /// The programme page's name and link (agenda and speakers).
    pub programme: &'static str,
    /// The registration questions page's name and link.
    pub questions: &'static str,
    /// The link from an occurrence's form to its series' dates.
    pub series_dates: &'static str,
    /// Label: the network approved organisations join.
    pub field_project: &'static str,
    /// What the project network does.
    pub project_hint: &'static str,
    /// The choice of no project network.
    pub no_project: &'static str,
    /// Error: a project network for an event that takes no applications.
    pub err_project_policy: &'static str,
    /// The reminders page's name and link.
    pub reminders: &'static str,
    /// The event's audit log: its name and link.
    pub audit_log: &'static str,
    /// The link to a network's own console page (members, contacts, roles,
    /// sub-networks, import, attendance).
    pub network_admin: &'static str,
    /// The link to a network's theme suggestions in the console.
    pub suggestions_link: &'static str,
    /// The link to a network's webhook endpoints in the console.
    pub webhooks_link: &'static str,
    /// Heading of the filters.
    pub filters: &'static str,
    /// Label of the search field.
    pub search: &'static str,
    /// Label of the status filter.
    pub filter_status: &'static str,
    /// Label of the mode filter.
    pub filter_mode: &'static str,
    /// Label of the organisation filter.
    pub filter_organisation: &'static str,
    /// The choice of no filter.
    pub all: &'static str,
    /// The filter button.
    pub apply_filters: &'static str,
    /// When nothing matches.
    pub no_registrations: &'static str,
    /// Label: when they registered.
    pub registered_at: &'static str,
    /// Label: the address.
    pub email: &'static str,
    /// Label: the organisation.
    pub organisation: &'static str,
    /// After an organisation a guest named (not proven).
    pub declared: &'static str,
    /// Label: accessibility needs.
    pub needs_accessibility: &'static str,
    /// Label: dietary needs.
    pub needs_dietary: &'static str,
    /// Button: approve an application.
    pub approve: &'static str,
    /// Button: turn an application down.
    pub reject: &'static str,
    /// Label of the message with a decision.
    pub decision_message: &'static str,
    /// Button: cancel on the participant's behalf.
    pub cancel_registration: &'static str,
    /// Button: move to online.
    pub move_online: &'static str,
    /// Button: move to the venue.
    pub move_in_person: &'static str,
    /// Button: check in.
    pub check_in: &'static str,
    /// Button: undo a check-in.
    pub undo_check_in: &'static str,
    /// Heading of the waiting list.
    pub waiting_list: &'static str,
    /// Notice: a decision was saved.
    pub done_decided: &'static str,
    /// Notice: an approval was withdrawn.
    pub done_withdrawn: &'static str,
    /// Button: withdraw an approval.
    pub withdraw_approval: &'static str,
    /// Label: the message to the applicant whose approval is withdrawn.
    pub withdraw_message: &'static str,
    /// Notice: moved to the other mode.
    pub done_mode: &'static str,
    /// Notice: cancelled.
    pub done_cancelled: &'static str,
    /// Notice: checked in.
    pub done_checked_in: &'static str,
    /// Notice: a check-in was undone.
    pub done_undone: &'static str,
    /// Refusal: decided already.
    pub err_already_decided: &'static str,
    /// Refusal: not possible in the registration's state.
    pub err_state: &'static str,
    /// The door view's introduction.
    pub door_intro: &'static str,
    /// The search button.
    pub search_button: &'static str,
    /// When the door search finds nobody.
    pub nobody_found: &'static str,
    /// A link back to the event's registrations.
    pub back_to_event: &'static str,
    /// "Showing {shown} of {total}".
    /// Link and heading: a new event.
    pub new_event: &'static str,
    /// Heading: editing an event.
    pub edit_event: &'static str,
    /// Link: edit the event.
    pub edit: &'static str,
    /// Button: create the draft.
    pub create: &'static str,
    /// Button: save changes.
    pub save: &'static str,
    /// Button: publish.
    pub publish: &'static str,
    /// What publishing does.
    pub publish_hint: &'static str,
    /// Link: a copy four weeks later.
    pub duplicate: &'static str,
    /// Button: cancel the event.
    pub cancel_event: &'static str,
    /// Label: the reason for the participants.
    pub cancel_reason: &'static str,
    /// What cancelling does.
    pub cancel_hint: &'static str,
    /// Fieldset: what and when.
    pub section_what: &'static str,
    /// Fieldset: the venue.
    pub section_place: &'static str,
    /// Fieldset: the online meeting.
    pub section_online: &'static str,
    /// Fieldset: registration.
    pub section_registration: &'static str,
    /// Label: the language the event's texts are written in.
    pub field_locale: &'static str,
    /// Hint of the language.
    pub locale_hint: &'static str,
    /// Fieldset: the texts in other languages than the event's own.
    pub section_translations: &'static str,
    /// Hint of the translations' fieldset.
    pub translations_hint: &'static str,
    /// Label.
    pub field_title: &'static str,
    /// Label.
    pub field_description: &'static str,
    /// Label.
    pub field_kind: &'static str,
    /// Label.
    pub field_starts: &'static str,
    /// Label.
    pub field_ends: &'static str,
    /// Label.
    pub field_zone: &'static str,
    /// Label.
    pub field_mode: &'static str,
    /// Label.
    pub field_venue_name: &'static str,
    /// Label.
    pub field_venue_address: &'static str,
    /// Label.
    pub field_venue_city: &'static str,
    /// Label.
    pub field_venue_accessibility: &'static str,
    /// Label.
    pub field_join_url: &'static str,
    /// Label.
    pub field_meeting_number: &'static str,
    /// Label.
    pub field_passcode: &'static str,
    /// Label.
    pub field_instructions: &'static str,
    /// Label.
    pub field_link_visibility: &'static str,
    /// Label.
    pub field_capacity_in_person: &'static str,
    /// Label.
    pub field_capacity_online: &'static str,
    /// Label.
    pub field_policy: &'static str,
    /// Label.
    pub field_opens: &'static str,
    /// Label.
    pub field_closes: &'static str,
    /// Label.
    pub field_members_only: &'static str,
    /// Label.
    pub field_confirm_minutes: &'static str,
    /// Option: hybrid.
    pub mode_hybrid: &'static str,
    /// Option.
    pub visibility_registered: &'static str,
    /// Option.
    pub visibility_public: &'static str,
    /// Option.
    pub policy_open: &'static str,
    /// Option.
    pub policy_required: &'static str,
    /// Option.
    pub policy_application: &'static str,
    /// Option.
    pub kind_meeting: &'static str,
    /// Option.
    pub kind_conference: &'static str,
    /// Option.
    pub kind_webinar: &'static str,
    /// Option.
    pub kind_workshop: &'static str,
    /// Option.
    pub kind_gathering: &'static str,
    /// Notice.
    pub done_created: &'static str,
    /// Notice.
    pub done_saved: &'static str,
    /// Notice.
    pub done_published: &'static str,
    /// Notice.
    pub done_event_cancelled: &'static str,
    /// Error.
    pub err_time_range: &'static str,
    /// Error.
    pub err_url: &'static str,
    /// Error.
    pub err_zone: &'static str,
    /// Error.
    pub err_range: &'static str,
    /// Error.
    pub err_date: &'static str,
    /// Error.
    pub err_number: &'static str,
    pub shown_of: fn(usize, usize) -> String,
    /// "{n} of {total} checked in".
    pub checked_in_count: fn(usize, usize) -> String,
    /// "Checked in {time}".
    pub checked_in_at: fn(&str) -> String,
    /// "Number {n} in line".
    pub position: fn(i32) -> String,
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
    col_in_person: "På plats",
    col_online: "Digitalt",
    col_waitlisted: "Väntelista",
    col_pending: "Ansökningar",
    unlimited: "obegränsat",
    not_offered: "–",
    status_draft: "Utkast",
    status_published: "Publicerad",
    status_cancelled: "Inställd",
    registrations: "Anmälningar",
    event_page: "Träffens sida",
    export_csv: "Ladda ner anmälningarna (CSV)",
    door_view: "Incheckning vid dörren",
    programme: "Program",
    questions: "Frågor i anmälan",
    series_dates: "Seriens datum: lägg till fler tillfällen",
    field_project: "Godkända organisationer går med i nätverket",
    project_hint: "För ett projekt med ansökan: en godkänd ansökan gör organisationen till medlem i nätverket och den sökande till medlem; ett återtaget godkännande tar bort det igen.",
    no_project: "Inget nätverk",
    err_project_policy: "Bara en träff med ansökan kan låta godkända organisationer gå med i ett nätverk. Välj ansökan som anmälningssätt, eller inget nätverk.",
    reminders: "Påminnelser",
    audit_log: "Ändringslogg",
    network_admin: "Nätverkets medlemmar och roller",
    suggestions_link: "Förslag på teman",
    webhooks_link: "Webhooks till egna system",
    filters: "Sök och filtrera",
    search: "Namn, e-post eller organisation",
    filter_status: "Status",
    filter_mode: "Deltagande",
    filter_organisation: "Organisation",
    all: "Alla",
    apply_filters: "Visa",
    no_registrations: "Inga anmälningar matchar.",
    registered_at: "Anmäld",
    email: "E-post",
    organisation: "Organisation",
    declared: "uppgiven av gästen, inte verifierad",
    needs_accessibility: "Tillgänglighetsbehov",
    needs_dietary: "Kost",
    approve: "Bevilja",
    reject: "Avslå",
    decision_message: "Meddelande till den sökande (valfritt)",
    cancel_registration: "Avboka",
    move_online: "Flytta till digitalt",
    move_in_person: "Flytta till på plats",
    check_in: "Checka in",
    undo_check_in: "Ångra",
    waiting_list: "Väntelistan i tur och ordning",
    done_decided: "Beslutet är sparat och den sökande har fått besked.",
    done_withdrawn: "Godkännandet är återtaget och den sökande har fått besked. Det godkännandet lade till i ett projektnätverk är borttaget.",
    withdraw_approval: "Återta godkännandet",
    withdraw_message: "Meddelande till den sökande när godkännandet återtas (frivilligt)",
    done_mode: "Deltagandet är flyttat.",
    done_cancelled: "Anmälan är avbokad och deltagaren har fått besked.",
    done_checked_in: "Incheckad.",
    done_undone: "Incheckningen är ångrad.",
    err_already_decided: "Ansökan är redan avgjord.",
    err_state: "Det går inte med anmälan som den är nu.",
    door_intro: "Sök på namnet och tryck Checka in. Listan visar dem som har plats på plats.",
    search_button: "Sök",
    nobody_found: "Ingen med plats matchar sökningen.",
    back_to_event: "Tillbaka till anmälningarna",
    shown_of: |shown, total| format!("Visar {shown} av {total}"),
    checked_in_count: |n, total| format!("{n} av {total} incheckade"),
    checked_in_at: |time| format!("Incheckad {time}"),
    position: |n| format!("Plats {n} i kön"),
    new_event: "Ny träff",
    edit_event: "Redigera träffen",
    edit: "Redigera",
    create: "Skapa utkast",
    save: "Spara",
    publish: "Publicera",
    publish_hint: "Publicerade träffar syns på nätverkets sida och i kalenderflödena, och anmälan öppnar enligt inställningarna.",
    duplicate: "Kopiera till en ny träff (fyra veckor senare, samma plats och länk)",
    cancel_event: "Ställ in träffen",
    cancel_reason: "Meddelande till deltagarna (valfritt)",
    cancel_hint: "Alla anmälda får ett mejl med ditt meddelande och kalenderposten tas bort.",
    section_what: "Vad och när",
    section_place: "Plats",
    section_online: "Digitalt möte",
    section_registration: "Anmälan",
    field_locale: "Språk",
    locale_hint: "Språket som rubrik, beskrivning och övriga texter ovan är skrivna på. Översättningar till andra språk ges nedan.",
    section_translations: "Översättningar",
    translations_hint: "Frivilligt. Den som läser på ett av språken får texten på det när den finns, annars texten ovan. Ett tomt fält tar bort översättningen.",
    field_title: "Rubrik",
    field_description: "Beskrivning",
    field_kind: "Typ",
    field_starts: "Börjar",
    field_ends: "Slutar",
    field_zone: "Tidszon",
    field_mode: "Form",
    field_venue_name: "Lokal",
    field_venue_address: "Adress",
    field_venue_city: "Ort",
    field_venue_accessibility: "Tillgänglighet (hiss, hörslinga, entré)",
    field_join_url: "Länk till mötet",
    field_meeting_number: "Mötesnummer",
    field_passcode: "Lösenord",
    field_instructions: "Instruktioner",
    field_link_visibility: "Vem ser länken",
    field_capacity_in_person: "Platser på plats (tomt: obegränsat)",
    field_capacity_online: "Digitala platser (tomt: obegränsat)",
    field_policy: "Anmälan",
    field_opens: "Anmälan öppnar (tomt: direkt)",
    field_closes: "Anmälan stänger (tomt: när träffen börjar)",
    field_members_only: "Bara för nätverkets medlemmar",
    field_confirm_minutes: "Gäster bekräftar sin adress inom (minuter; tomt: behövs inte)",
    mode_hybrid: "På plats och digitalt",
    visibility_registered: "Bekräftade deltagare",
    visibility_public: "Alla som ser träffen",
    policy_open: "Ingen anmälan",
    policy_required: "Anmälan",
    policy_application: "Ansökan som arrangören beslutar om",
    kind_meeting: "Möte",
    kind_conference: "Konferens",
    kind_webinar: "Webbinarium",
    kind_workshop: "Workshop",
    kind_gathering: "Samling",
    done_created: "Utkastet är skapat. Publicera när det är klart.",
    done_saved: "Ändringarna är sparade. Anmälda får besked om ny tid, plats eller länk.",
    done_published: "Träffen är publicerad.",
    done_event_cancelled: "Träffen är inställd och de anmälda har fått besked.",
    err_time_range: "Slutet måste komma efter början.",
    err_url: "Skriv en hel webbadress som börjar med https://.",
    err_zone: "Okänd tidszon; skriv till exempel Europe/Stockholm.",
    err_range: "Talet är för litet.",
    err_date: "Skriv ett datum och en tid.",
    err_number: "Skriv ett heltal.",
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
    col_in_person: "Fysisk",
    col_online: "Digitalt",
    col_waitlisted: "Venteliste",
    col_pending: "Søknader",
    unlimited: "ubegrenset",
    not_offered: "–",
    status_draft: "Utkast",
    status_published: "Publisert",
    status_cancelled: "Avlyst",
    registrations: "Påmeldinger",
    event_page: "Samlingens side",
    export_csv: "Last ned påmeldingene (CSV)",
    door_view: "Innsjekking ved døren",
    programme: "Program",
    questions: "Spørsmål i påmeldingen",
    series_dates: "Seriens datoer: legg til flere samlinger",
    field_project: "Godkjente organisasjoner blir med i nettverket",
    project_hint: "For et prosjekt med søknad: en godkjent søknad gjør organisasjonen til medlem av nettverket og søkeren til medlem; en tilbaketrukket godkjenning fjerner det igjen.",
    no_project: "Ikke noe nettverk",
    err_project_policy: "Bare en samling med søknad kan la godkjente organisasjoner bli med i et nettverk. Velg søknad som påmeldingsmåte, eller ikke noe nettverk.",
    reminders: "Påminnelser",
    audit_log: "Endringslogg",
    network_admin: "Nettverkets medlemmer og roller",
    suggestions_link: "Forslag til temaer",
    webhooks_link: "Webhooks til egne systemer",
    filters: "Søk og filtrer",
    search: "Navn, e-post eller organisasjon",
    filter_status: "Status",
    filter_mode: "Deltakelse",
    filter_organisation: "Organisasjon",
    all: "Alle",
    apply_filters: "Vis",
    no_registrations: "Ingen påmeldinger passer.",
    registered_at: "Påmeldt",
    email: "E-post",
    organisation: "Organisasjon",
    declared: "oppgitt av gjesten, ikke verifisert",
    needs_accessibility: "Tilgjengelighetsbehov",
    needs_dietary: "Kost",
    approve: "Innvilg",
    reject: "Avslå",
    decision_message: "Melding til søkeren (valgfritt)",
    cancel_registration: "Avbestill",
    move_online: "Flytt til digitalt",
    move_in_person: "Flytt til fysisk",
    check_in: "Sjekk inn",
    undo_check_in: "Angre",
    waiting_list: "Ventelisten i rekkefølge",
    done_decided: "Avgjørelsen er lagret, og søkeren har fått beskjed.",
    done_withdrawn: "Godkjenningen er trukket tilbake, og søkeren har fått beskjed. Det godkjenningen la til i et prosjektnettverk, er fjernet.",
    withdraw_approval: "Trekk tilbake godkjenningen",
    withdraw_message: "Melding til søkeren når godkjenningen trekkes tilbake (valgfritt)",
    done_mode: "Deltakelsen er flyttet.",
    done_cancelled: "Påmeldingen er avbestilt, og deltakeren har fått beskjed.",
    done_checked_in: "Sjekket inn.",
    done_undone: "Innsjekkingen er angret.",
    err_already_decided: "Søknaden er allerede avgjort.",
    err_state: "Det går ikke med påmeldingen slik den er nå.",
    door_intro: "Søk på navnet og trykk Sjekk inn. Listen viser dem som har fysisk plass.",
    search_button: "Søk",
    nobody_found: "Ingen med plass passer søket.",
    back_to_event: "Tilbake til påmeldingene",
    shown_of: |shown, total| format!("Viser {shown} av {total}"),
    checked_in_count: |n, total| format!("{n} av {total} sjekket inn"),
    checked_in_at: |time| format!("Sjekket inn {time}"),
    position: |n| format!("Plass {n} i køen"),
    new_event: "Ny samling",
    edit_event: "Rediger samlingen",
    edit: "Rediger",
    create: "Opprett utkast",
    save: "Lagre",
    publish: "Publiser",
    publish_hint: "Publiserte samlinger vises på nettverkets side og i kalenderstrømmene, og påmeldingen åpner etter innstillingene.",
    duplicate: "Kopier til en ny samling (fire uker senere, samme sted og lenke)",
    cancel_event: "Avlys samlingen",
    cancel_reason: "Melding til deltakerne (valgfritt)",
    cancel_hint: "Alle påmeldte får en e-post med meldingen din, og kalenderoppføringen fjernes.",
    section_what: "Hva og når",
    section_place: "Sted",
    section_online: "Digitalt møte",
    section_registration: "Påmelding",
    field_locale: "Språk",
    locale_hint: "Språket som tittel, beskrivelse og de andre tekstene over er skrevet på. Oversettelser til andre språk gis nedenfor.",
    section_translations: "Oversettelser",
    translations_hint: "Valgfritt. Den som leser et av språkene får teksten på det når den finnes, ellers teksten over. Et tomt felt fjerner oversettelsen.",
    field_title: "Tittel",
    field_description: "Beskrivelse",
    field_kind: "Type",
    field_starts: "Starter",
    field_ends: "Slutter",
    field_zone: "Tidssone",
    field_mode: "Form",
    field_venue_name: "Lokale",
    field_venue_address: "Adresse",
    field_venue_city: "Sted",
    field_venue_accessibility: "Tilgjengelighet (heis, teleslynge, inngang)",
    field_join_url: "Lenke til møtet",
    field_meeting_number: "Møtenummer",
    field_passcode: "Passord",
    field_instructions: "Instruksjoner",
    field_link_visibility: "Hvem ser lenken",
    field_capacity_in_person: "Fysiske plasser (tomt: ubegrenset)",
    field_capacity_online: "Digitale plasser (tomt: ubegrenset)",
    field_policy: "Påmelding",
    field_opens: "Påmeldingen åpner (tomt: med en gang)",
    field_closes: "Påmeldingen stenger (tomt: når samlingen starter)",
    field_members_only: "Bare for nettverkets medlemmer",
    field_confirm_minutes: "Gjester bekrefter adressen innen (minutter; tomt: trengs ikke)",
    mode_hybrid: "Fysisk og digitalt",
    visibility_registered: "Bekreftede deltakere",
    visibility_public: "Alle som ser samlingen",
    policy_open: "Ingen påmelding",
    policy_required: "Påmelding",
    policy_application: "Søknad som arrangøren avgjør",
    kind_meeting: "Møte",
    kind_conference: "Konferanse",
    kind_webinar: "Webinar",
    kind_workshop: "Verksted",
    kind_gathering: "Samling",
    done_created: "Utkastet er opprettet. Publiser når det er klart.",
    done_saved: "Endringene er lagret. Påmeldte får beskjed om ny tid, sted eller lenke.",
    done_published: "Samlingen er publisert.",
    done_event_cancelled: "Samlingen er avlyst, og de påmeldte har fått beskjed.",
    err_time_range: "Slutten må komme etter starten.",
    err_url: "Skriv en hel nettadresse som starter med https://.",
    err_zone: "Ukjent tidssone; skriv for eksempel Europe/Oslo.",
    err_range: "Tallet er for lite.",
    err_date: "Skriv en dato og et klokkeslett.",
    err_number: "Skriv et heltall.",
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
    col_in_person: "In person",
    col_online: "Online",
    col_waitlisted: "Waiting list",
    col_pending: "Applications",
    unlimited: "unlimited",
    not_offered: "–",
    status_draft: "Draft",
    status_published: "Published",
    status_cancelled: "Cancelled",
    registrations: "Registrations",
    event_page: "The event's page",
    export_csv: "Download the registrations (CSV)",
    door_view: "Check-in at the door",
    programme: "Programme",
    questions: "Registration questions",
    series_dates: "The series' dates: add more occurrences",
    field_project: "Approved organisations join the network",
    project_hint: "For a project with applications: an approved application makes the organisation a member of the network and the applicant a member; a withdrawn approval takes that back.",
    no_project: "No network",
    err_project_policy: "Only an event that takes applications can let approved organisations join a network. Choose applications as the way to register, or no network.",
    reminders: "Reminders",
    audit_log: "Audit log",
    network_admin: "Members and roles of the network",
    suggestions_link: "Theme suggestions",
    webhooks_link: "Webhooks to your own systems",
    filters: "Search and filter",
    search: "Name, email or organisation",
    filter_status: "Status",
    filter_mode: "Attendance",
    filter_organisation: "Organisation",
    all: "All",
    apply_filters: "Show",
    no_registrations: "No registrations match.",
    registered_at: "Registered",
    email: "Email",
    organisation: "Organisation",
    declared: "as the guest stated it, not verified",
    needs_accessibility: "Accessibility needs",
    needs_dietary: "Dietary needs",
    approve: "Approve",
    reject: "Reject",
    decision_message: "Message to the applicant (optional)",
    cancel_registration: "Cancel registration",
    move_online: "Move online",
    move_in_person: "Move to the venue",
    check_in: "Check in",
    undo_check_in: "Undo",
    waiting_list: "The waiting list in order",
    done_decided: "The decision is saved and the applicant has been told.",
    done_withdrawn: "The approval was withdrawn and the applicant has been told. What it added to a project network is gone.",
    withdraw_approval: "Withdraw the approval",
    withdraw_message: "Message to the applicant when the approval is withdrawn (optional)",
    done_mode: "The registration has been moved.",
    done_cancelled: "The registration is cancelled and the participant has been told.",
    done_checked_in: "Checked in.",
    done_undone: "The check-in was undone.",
    err_already_decided: "The application has been decided already.",
    err_state: "That is not possible with the registration as it is now.",
    door_intro: "Search for the name and press Check in. The list shows everyone with a seat at the venue.",
    search_button: "Search",
    nobody_found: "Nobody with a seat matches the search.",
    back_to_event: "Back to the registrations",
    shown_of: |shown, total| format!("Showing {shown} of {total}"),
    checked_in_count: |n, total| format!("{n} of {total} checked in"),
    checked_in_at: |time| format!("Checked in {time}"),
    position: |n| format!("Number {n} in line"),
    new_event: "New meeting",
    edit_event: "Edit the meeting",
    edit: "Edit",
    create: "Create draft",
    save: "Save",
    publish: "Publish",
    publish_hint: "Published meetings show on the network's page and in the calendar feeds, and registration opens as set.",
    duplicate: "Copy to a new meeting (four weeks later, same place and link)",
    cancel_event: "Cancel the meeting",
    cancel_reason: "Message to the participants (optional)",
    cancel_hint: "Everyone registered gets a mail with your message and the calendar entry is removed.",
    section_what: "What and when",
    section_place: "Venue",
    section_online: "Online meeting",
    section_registration: "Registration",
    field_locale: "Language",
    locale_hint: "The language the title, description and other texts above are written in. Translations into other languages go below.",
    section_translations: "Translations",
    translations_hint: "Optional. Readers of one of these languages get the text in it where it is given, else the text above. An empty field removes the translation.",
    field_title: "Title",
    field_description: "Description",
    field_kind: "Kind",
    field_starts: "Starts",
    field_ends: "Ends",
    field_zone: "Time zone",
    field_mode: "Format",
    field_venue_name: "Venue",
    field_venue_address: "Address",
    field_venue_city: "City",
    field_venue_accessibility: "Accessibility (lift, hearing loop, entrance)",
    field_join_url: "Meeting link",
    field_meeting_number: "Meeting number",
    field_passcode: "Passcode",
    field_instructions: "Instructions",
    field_link_visibility: "Who sees the link",
    field_capacity_in_person: "Seats at the venue (blank: unlimited)",
    field_capacity_online: "Online seats (blank: unlimited)",
    field_policy: "Sign-up",
    field_opens: "Registration opens (blank: at once)",
    field_closes: "Registration closes (blank: at the start)",
    field_members_only: "Members of the network only",
    field_confirm_minutes: "Guests confirm their address within (minutes; blank: not asked)",
    mode_hybrid: "In person and online",
    visibility_registered: "Confirmed participants",
    visibility_public: "Everyone who sees the meeting",
    policy_open: "No registration",
    policy_required: "Registration",
    policy_application: "Application decided by the organiser",
    kind_meeting: "Meeting",
    kind_conference: "Conference",
    kind_webinar: "Webinar",
    kind_workshop: "Workshop",
    kind_gathering: "Gathering",
    done_created: "The draft is created. Publish it when it is ready.",
    done_saved: "The changes are saved. Participants are told of a new time, place or link.",
    done_published: "The meeting is published.",
    done_event_cancelled: "The meeting is cancelled and the participants have been told.",
    err_time_range: "The end must come after the start.",
    err_url: "Give a whole web address starting with https://.",
    err_zone: "Unknown time zone; write, for example, Europe/Stockholm.",
    err_range: "The number is too small.",
    err_date: "Give a date and a time.",
    err_number: "Give a whole number.",
};

impl ConsoleStrings {
    /// An event's state in words.
    pub fn event_status(&self, status: entities::EventStatus) -> &'static str {
        match status {
            entities::EventStatus::Draft => self.status_draft,
            entities::EventStatus::Published => self.status_published,
            entities::EventStatus::Cancelled => self.status_cancelled,
        }
    }
}

/// The console's words in `locale`.
pub fn console_strings(locale: Locale) -> &'static ConsoleStrings {
    match locale {
        Locale::Sv => &SV,
        Locale::Nb => &NB,
        Locale::En => &EN,
    }
}
