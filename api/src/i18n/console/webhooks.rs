//! The words of the console's webhook pages
//! (`/organise/networks/{id}/webhooks`, `/organise/webhooks/{id}`) in
//! Swedish, Norwegian Bokmål and English.

use crate::i18n::Locale;

/// Every text of the console's webhook pages, in one language.
#[derive(Debug)]
pub struct WebhookStrings {
    /// The pages' heading.
    pub heading: &'static str,
    /// What webhooks are for and how they are sent.
    pub intro: &'static str,
    /// Whose systems to register: the bodies carry personal data.
    pub personal_data: &'static str,
    /// Heading: the network's endpoints.
    pub endpoints: &'static str,
    /// When the network has none.
    pub none: &'static str,
    /// Label: the URL.
    pub field_url: &'static str,
    /// What the URL must be.
    pub url_hint: &'static str,
    /// Label: the description.
    pub field_description: &'static str,
    /// What the description is for.
    pub description_hint: &'static str,
    /// Legend: the event types.
    pub field_types: &'static str,
    /// Label: whether deliveries are sent.
    pub field_enabled: &'static str,
    /// State: on.
    pub enabled: &'static str,
    /// State: turned off by an organiser.
    pub disabled: &'static str,
    /// State: turned off by the server after failures in a row.
    pub disabled_after_failures: &'static str,
    /// Label: the state.
    pub state: &'static str,
    /// Label: failed attempts in a row.
    pub failures: &'static str,
    /// Label: the event types, in a summary.
    pub types: &'static str,
    /// Label: until when the previous secret also signs.
    pub previous_until: &'static str,
    /// The link to an endpoint's page.
    pub manage: &'static str,
    /// Heading: a new endpoint.
    pub add: &'static str,
    /// Its button.
    pub add_button: &'static str,
    /// Heading: the secret, shown once.
    pub secret_heading: &'static str,
    /// That it is shown only now, and what it is for.
    pub secret_once: &'static str,
    /// Heading: an endpoint's settings.
    pub settings: &'static str,
    /// Its button.
    pub save: &'static str,
    /// Heading: a new secret.
    pub rotate: &'static str,
    /// How rotating works.
    pub rotate_intro: &'static str,
    /// Label: hours the previous secret still signs.
    pub field_overlap: &'static str,
    /// The button that makes a new secret.
    pub rotate_button: &'static str,
    /// Heading: deleting.
    pub delete: &'static str,
    /// What deleting does.
    pub delete_intro: &'static str,
    /// Its button.
    pub delete_button: &'static str,
    /// Heading: the delivery log.
    pub deliveries: &'static str,
    /// The log's caption.
    pub deliveries_caption: &'static str,
    /// When nothing has been delivered.
    pub no_deliveries: &'static str,
    /// Column: when the delivery was written.
    pub col_when: &'static str,
    /// Column: the event type.
    pub col_type: &'static str,
    /// Column: the delivery's state.
    pub col_status: &'static str,
    /// Column: attempts.
    pub col_attempts: &'static str,
    /// Column: the receiver's answer (HTTP status, time taken).
    pub col_response: &'static str,
    /// Column: the last error.
    pub col_error: &'static str,
    /// Column: the body and redelivery.
    pub col_actions: &'static str,
    /// The disclosure of a delivery's body.
    pub body: &'static str,
    /// The button that sends a delivery again.
    pub redeliver: &'static str,
    /// The link to older deliveries.
    pub older: &'static str,
    /// The link back to the latest deliveries.
    pub latest: &'static str,
    /// The states of a delivery: pending, sent, failed, skipped.
    pub statuses: [&'static str; 4],
    /// The event types, in the order of `webhooks::EventType::ALL`.
    pub type_names: [&'static str; 12],
    /// Notice: saved.
    pub done_saved: &'static str,
    /// Notice: deleted.
    pub done_deleted: &'static str,
    /// Notice: a delivery is queued again.
    pub done_redelivered: &'static str,
    /// Notice: a form was refused.
    pub has_errors: &'static str,
    /// Error: no URL.
    pub err_url_required: &'static str,
    /// Error: a URL the server may not post to.
    pub err_url_invalid: &'static str,
    /// Error: no event type chosen.
    pub err_types: &'static str,
    /// Error: the network has as many endpoints as it may.
    pub err_too_many: &'static str,
    /// Error: hours out of range.
    pub err_overlap: &'static str,
    /// Error: redelivery to a disabled endpoint.
    pub err_disabled: &'static str,
}

const SV: WebhookStrings = WebhookStrings {
    heading: "Webhooks",
    intro: "Webhooks berättar för era egna system – intranätets kalender, ett kontaktregister, en statistikdatabas – vad som händer i nätverket: ett signerat HTTP-anrop (POST) enligt specifikationen Standard Webhooks för varje händelse. Ett anrop som misslyckas görs om med allt längre mellanrum, och en adress som misslyckas många gånger i rad stängs av; då får nätverkets arrangörer ett mejl.",
    personal_data: "Anmälningarnas meddelanden innehåller deltagarnas namn och adresser. Lägg bara till system som er organisation själv ansvarar för.",
    endpoints: "Mottagare",
    none: "Nätverket har inga mottagare.",
    field_url: "Adress (URL)",
    url_hint: "En https://-adress som nås från internet. Omdirigeringar följs inte.",
    field_description: "Beskrivning",
    description_hint: "Vilket system det är och vem som ansvarar för det.",
    field_types: "Händelser som skickas",
    field_enabled: "Skicka till mottagaren",
    enabled: "Påslagen",
    disabled: "Avstängd",
    disabled_after_failures: "Avstängd efter misslyckade försök i rad",
    state: "Läge",
    failures: "Misslyckade försök i rad",
    types: "Händelser",
    previous_until: "Den förra hemligheten signerar också till",
    manage: "Hantera",
    add: "Ny mottagare",
    add_button: "Lägg till mottagaren",
    secret_heading: "Signeringshemligheten",
    secret_once: "Kopiera den nu till det mottagande systemet: den visas inte igen. Mottagaren kontrollerar varje anrops signatur med den.",
    settings: "Inställningar",
    save: "Spara",
    rotate: "Ny hemlighet",
    rotate_intro: "Den förra hemligheten signerar vid sidan av den nya under så många timmar du väljer, så att mottagaren hinner byta utan att något anrop går förlorat.",
    field_overlap: "Timmar som den förra hemligheten också signerar (0–720)",
    rotate_button: "Skapa en ny hemlighet",
    delete: "Ta bort",
    delete_intro: "Mottagaren tas bort med sin logg. Anrop som inte har skickats än skickas inte.",
    delete_button: "Ta bort mottagaren",
    deliveries: "Anrop",
    deliveries_caption: "Anrop, senaste först",
    no_deliveries: "Inga anrop än.",
    col_when: "När",
    col_type: "Händelse",
    col_status: "Läge",
    col_attempts: "Försök",
    col_response: "Svar",
    col_error: "Senaste fel",
    col_actions: "Innehåll",
    body: "Visa meddelandet",
    redeliver: "Skicka igen",
    older: "Äldre anrop",
    latest: "Senaste anropen",
    statuses: ["Väntar", "Levererat", "Misslyckat", "Inte skickat"],
    type_names: [
        "Evenemang publicerat",
        "Evenemang ändrat (tid, plats, länk)",
        "Evenemang inställt",
        "Anmälan gjord",
        "Anmälan bekräftad",
        "Anmälan på väntelista",
        "Från väntelistan till plats",
        "Anmälan avbokad",
        "Deltagare incheckad",
        "Påminnelse skickad",
        "Förslag på tema inkommet",
        "Förslagets läge ändrat",
    ],
    done_saved: "Sparat.",
    done_deleted: "Mottagaren är borttagen.",
    done_redelivered: "Anropet skickas igen.",
    has_errors: "Det sparades inte. Rätta det som är markerat.",
    err_url_required: "Skriv mottagarens adress.",
    err_url_invalid: "Skriv en https://-adress som nås från internet (inte en privat eller lokal adress).",
    err_types: "Välj minst en händelse.",
    err_too_many: "Nätverket har redan så många mottagare som det får ha.",
    err_overlap: "Skriv ett antal timmar från 0 till 720.",
    err_disabled: "Mottagaren är avstängd: slå på den först.",
};

const NB: WebhookStrings = WebhookStrings {
    heading: "Webhooks",
    intro: "Webhooks forteller deres egne systemer – intranettets kalender, et kontaktregister, en statistikkdatabase – hva som skjer i nettverket: et signert HTTP-kall (POST) etter spesifikasjonen Standard Webhooks for hver hendelse. Et kall som mislykkes, prøves igjen med stadig lengre mellomrom, og en adresse som mislykkes mange ganger på rad, slås av; da får nettverkets arrangører en e-post.",
    personal_data: "Meldingene om påmeldinger inneholder deltakernes navn og adresser. Legg bare til systemer som organisasjonen deres selv har ansvar for.",
    endpoints: "Mottakere",
    none: "Nettverket har ingen mottakere.",
    field_url: "Adresse (URL)",
    url_hint: "En https://-adresse som nås fra internett. Omdirigeringer følges ikke.",
    field_description: "Beskrivelse",
    description_hint: "Hvilket system det er og hvem som har ansvar for det.",
    field_types: "Hendelser som sendes",
    field_enabled: "Send til mottakeren",
    enabled: "På",
    disabled: "Slått av",
    disabled_after_failures: "Slått av etter mislykkede forsøk på rad",
    state: "Status",
    failures: "Mislykkede forsøk på rad",
    types: "Hendelser",
    previous_until: "Den forrige hemmeligheten signerer også til",
    manage: "Administrer",
    add: "Ny mottaker",
    add_button: "Legg til mottakeren",
    secret_heading: "Signeringshemmeligheten",
    secret_once: "Kopier den nå til det mottakende systemet: den vises ikke igjen. Mottakeren kontrollerer hvert kalls signatur med den.",
    settings: "Innstillinger",
    save: "Lagre",
    rotate: "Ny hemmelighet",
    rotate_intro: "Den forrige hemmeligheten signerer ved siden av den nye i så mange timer du velger, så mottakeren rekker å bytte uten at noe kall går tapt.",
    field_overlap: "Timer den forrige hemmeligheten også signerer (0–720)",
    rotate_button: "Lag en ny hemmelighet",
    delete: "Slett",
    delete_intro: "Mottakeren slettes med loggen sin. Kall som ikke er sendt ennå, sendes ikke.",
    delete_button: "Slett mottakeren",
    deliveries: "Kall",
    deliveries_caption: "Kall, siste først",
    no_deliveries: "Ingen kall ennå.",
    col_when: "Når",
    col_type: "Hendelse",
    col_status: "Status",
    col_attempts: "Forsøk",
    col_response: "Svar",
    col_error: "Siste feil",
    col_actions: "Innhold",
    body: "Vis meldingen",
    redeliver: "Send igjen",
    older: "Eldre kall",
    latest: "Siste kall",
    statuses: ["Venter", "Levert", "Mislyktes", "Ikke sendt"],
    type_names: [
        "Arrangement publisert",
        "Arrangement endret (tid, sted, lenke)",
        "Arrangement avlyst",
        "Påmelding gjort",
        "Påmelding bekreftet",
        "Påmelding på venteliste",
        "Fra ventelisten til plass",
        "Påmelding avbestilt",
        "Deltaker sjekket inn",
        "Påminnelse sendt",
        "Forslag til tema mottatt",
        "Forslagets status endret",
    ],
    done_saved: "Lagret.",
    done_deleted: "Mottakeren er slettet.",
    done_redelivered: "Kallet sendes igjen.",
    has_errors: "Det ble ikke lagret. Rett det som er markert.",
    err_url_required: "Skriv mottakerens adresse.",
    err_url_invalid: "Skriv en https://-adresse som nås fra internett (ikke en privat eller lokal adresse).",
    err_types: "Velg minst én hendelse.",
    err_too_many: "Nettverket har allerede så mange mottakere som det kan ha.",
    err_overlap: "Skriv et antall timer fra 0 til 720.",
    err_disabled: "Mottakeren er slått av: slå den på først.",
};

const EN: WebhookStrings = WebhookStrings {
    heading: "Webhooks",
    intro: "Webhooks tell your own systems – the intranet calendar, a contact register, a statistics database – what happens in the network: one signed HTTP request (POST) per event, following the Standard Webhooks specification. A request that fails is retried at growing intervals, and an address that fails many times in a row is turned off; the network's organisers are then mailed.",
    personal_data: "The messages about registrations carry participants' names and addresses. Add only systems your own organisation is responsible for.",
    endpoints: "Endpoints",
    none: "The network has no endpoints.",
    field_url: "Address (URL)",
    url_hint: "An https:// address reachable from the internet. Redirects are not followed.",
    field_description: "Description",
    description_hint: "Which system it is and who is responsible for it.",
    field_types: "Events sent",
    field_enabled: "Send to the endpoint",
    enabled: "On",
    disabled: "Turned off",
    disabled_after_failures: "Turned off after failed attempts in a row",
    state: "State",
    failures: "Failed attempts in a row",
    types: "Events",
    previous_until: "The previous secret also signs until",
    manage: "Manage",
    add: "New endpoint",
    add_button: "Add the endpoint",
    secret_heading: "The signing secret",
    secret_once: "Copy it now into the receiving system: it is not shown again. The receiver checks each request's signature with it.",
    settings: "Settings",
    save: "Save",
    rotate: "New secret",
    rotate_intro: "The previous secret keeps signing beside the new one for as many hours as you choose, so the receiver can switch over without losing a request.",
    field_overlap: "Hours the previous secret also signs (0–720)",
    rotate_button: "Make a new secret",
    delete: "Delete",
    delete_intro: "The endpoint is deleted with its log. Requests not yet sent are not sent.",
    delete_button: "Delete the endpoint",
    deliveries: "Requests",
    deliveries_caption: "Requests, latest first",
    no_deliveries: "No requests yet.",
    col_when: "When",
    col_type: "Event",
    col_status: "State",
    col_attempts: "Attempts",
    col_response: "Answer",
    col_error: "Last error",
    col_actions: "Content",
    body: "Show the message",
    redeliver: "Send again",
    older: "Older requests",
    latest: "Latest requests",
    statuses: ["Waiting", "Delivered", "Failed", "Not sent"],
    type_names: [
        "Event published",
        "Event changed (time, place, link)",
        "Event cancelled",
        "Registration made",
        "Registration confirmed",
        "Registration on the waiting list",
        "From the waiting list to a seat",
        "Registration cancelled",
        "Participant checked in",
        "Reminder sent",
        "Theme suggestion received",
        "Suggestion's state changed",
    ],
    done_saved: "Saved.",
    done_deleted: "The endpoint is deleted.",
    done_redelivered: "The request will be sent again.",
    has_errors: "Nothing was saved. Correct what is marked.",
    err_url_required: "Give the endpoint's address.",
    err_url_invalid: "Give an https:// address reachable from the internet (not a private or local address).",
    err_types: "Choose at least one event.",
    err_too_many: "The network already has as many endpoints as it may.",
    err_overlap: "Give a number of hours from 0 to 720.",
    err_disabled: "The endpoint is turned off: turn it on first.",
};

/// The webhook pages' texts in `locale`.
pub fn webhook_strings(locale: Locale) -> &'static WebhookStrings {
    match locale {
        Locale::Sv => &SV,
        Locale::Nb => &NB,
        Locale::En => &EN,
    }
}
