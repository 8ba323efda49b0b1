//! The words of the console's reminders and mail pages
//! (`/organise/events/{id}/reminders`, `/organise/reminders/{id}`) in
//! Swedish, Norwegian Bokmål and English.

use crate::i18n::Locale;

/// Every text the reminders and delivery pages show, in one language.
#[derive(Debug)]
pub struct RemindersStrings {
    /// The page's heading and the link's name.
    pub title: &'static str,
    /// The introduction of the page.
    pub intro: &'static str,
    /// The heading of the list of reminders.
    pub list_heading: &'static str,
    /// When the event has no reminders.
    pub none: &'static str,
    /// A reminder waiting for its time.
    pub status_scheduled: &'static str,
    /// A reminder whose mails were queued.
    pub status_sent: &'static str,
    /// A reminder that will not be sent.
    pub status_cancelled: &'static str,
    /// Label: when it goes (or went) out.
    pub label_when: &'static str,
    /// Label: who gets it.
    pub label_audience: &'static str,
    /// Label: where it is.
    pub label_status: &'static str,
    /// Label: its subject.
    pub label_subject: &'static str,
    /// Label: its language.
    pub label_locale: &'static str,
    /// The subject of a reminder without its own text.
    pub standard_text: &'static str,
    /// After the time of a reminder given as an offset before the start.
    pub follows_event: &'static str,
    /// A reminder of every occurrence of the event's series.
    pub of_series: &'static str,
    /// The link to a reminder's delivery report.
    pub report_link: &'static str,
    /// The button that sends a scheduled reminder at once.
    pub send_now: &'static str,
    /// The button that cancels a scheduled reminder.
    pub cancel: &'static str,
    /// The heading of the form.
    pub write_heading: &'static str,
    /// The summary's heading when the form was refused.
    pub form_has_errors: &'static str,
    /// Field: own subject.
    pub field_subject: &'static str,
    /// Field: own text.
    pub field_body: &'static str,
    /// Under subject and body: leaving them empty sends the standard text.
    pub texts_hint: &'static str,
    /// Field: who gets it.
    pub field_audience: &'static str,
    /// Field: the language of the mail.
    pub field_locale: &'static str,
    /// The language choice "each recipient's own".
    pub locale_each: &'static str,
    /// The heading of the own text in other languages.
    pub translations_heading: &'static str,
    /// Under it: who gets a translation, and that it is optional.
    pub translations_hint: &'static str,
    /// Field: when to send.
    pub field_send_at: &'static str,
    /// Under the time: it is in the event's time zone (the zone's name).
    pub send_at_hint: fn(&str) -> String,
    /// The audiences, in the order of `service::reminders::Audience`:
    /// confirmed, in person, online, waiting list, applications, speakers,
    /// the network.
    pub audiences: [&'static str; 7],
    /// The heading of the list of placeholders.
    pub placeholders_heading: &'static str,
    /// How placeholders are written.
    pub placeholders_intro: &'static str,
    /// What each placeholder stands for, in the order of
    /// `mail::custom::Placeholder::ALL`.
    pub placeholders: [&'static str; 6],
    /// Button: show the mail.
    pub button_preview: &'static str,
    /// Button: send it to oneself.
    pub button_test: &'static str,
    /// Button: store it for its time.
    pub button_schedule: &'static str,
    /// Button: store it and send it at once.
    pub button_send_now: &'static str,
    /// The heading of the preview.
    pub preview_heading: &'static str,
    /// Who the preview is written for (the registration's name).
    pub preview_for: fn(&str) -> String,
    /// When the event has nobody to preview the mail for.
    pub preview_nobody: &'static str,
    /// Label of the preview's subject line.
    pub preview_subject: &'static str,
    /// A test was queued to the organiser's address.
    pub done_test: fn(&str) -> String,
    /// The reminder was scheduled.
    pub done_scheduled: &'static str,
    /// The reminder was cancelled.
    pub done_cancelled: &'static str,
    /// The reminder was sent to this many recipients.
    pub done_sent: fn(usize) -> String,
    /// The reminder had nobody to go to.
    pub done_nobody: &'static str,
    /// Another call sent the reminder first.
    pub done_already: &'static str,
    /// A failed mail was queued again.
    pub done_retried: &'static str,
    /// Unknown placeholders (the names, with braces, joined).
    pub err_unknown_placeholder: fn(&str) -> String,
    /// A `{{` without its `}}`.
    pub err_unclosed: &'static str,
    /// A time at or after the event's end.
    pub err_after_end: &'static str,
    /// "Schedule" without a time.
    pub err_send_at_required: &'static str,
    /// An own subject without an own text (or the other way round).
    pub err_needs_both: &'static str,
    /// A reminder sent, cancelled, or of an event that is over.
    pub err_state: &'static str,
    /// A delivery that is no longer failed, or whose content is gone.
    pub err_retry: &'static str,
    /// The heading of the delivery report.
    pub report_title: &'static str,
    /// The link back to the event's reminders.
    pub back_to_reminders: &'static str,
    /// The progress bar's label.
    pub progress_label: &'static str,
    /// Count: sent.
    pub count_sent: &'static str,
    /// Count: waiting to be sent.
    pub count_pending: &'static str,
    /// Count: failed.
    pub count_failed: &'static str,
    /// Count: not sent on purpose.
    pub count_skipped: &'static str,
    /// Count: all.
    pub count_total: &'static str,
    /// The link that loads the report again.
    pub refresh: &'static str,
    /// The heading of the list of deliveries.
    pub deliveries_heading: &'static str,
    /// When nothing has been queued yet.
    pub no_deliveries: &'static str,
    /// Label: the recipient.
    pub label_recipient: &'static str,
    /// Label: attempts made.
    pub label_attempts: &'static str,
    /// Label: why it failed (or was skipped).
    pub label_reason: &'static str,
    /// Label: when the mail server accepted it.
    pub label_sent_at: &'static str,
    /// A recipient no longer kept (retention, erasure).
    pub recipient_gone: &'static str,
    /// The button that queues a failed mail again.
    pub retry: &'static str,
}

const SV: RemindersStrings = RemindersStrings {
    title: "Påminnelser och utskick",
    intro: "Skriv en påminnelse med egen text, förhandsgranska den på svenska, norska och engelska, skicka ett test till dig själv och schemalägg den eller skicka den direkt.",
    list_heading: "Påminnelser",
    none: "Evenemanget har inga påminnelser ännu.",
    status_scheduled: "Schemalagd",
    status_sent: "Skickad",
    status_cancelled: "Avbruten",
    label_when: "Skickas",
    label_audience: "Mottagare",
    label_status: "Status",
    label_subject: "Ämne",
    label_locale: "Språk",
    standard_text: "Standardtexten",
    follows_event: "följer evenemangets tid",
    of_series: "gäller hela serien",
    report_link: "Leveransrapport",
    send_now: "Skicka nu",
    cancel: "Avbryt påminnelsen",
    write_heading: "Skriv en påminnelse",
    form_has_errors: "Påminnelsen sparades inte. Rätta det som är markerat nedan.",
    field_subject: "Eget ämne",
    field_body: "Egen text",
    texts_hint: "Lämna ämne och text tomma för att skicka standardtexten.",
    field_audience: "Vilka får den",
    field_locale: "Språk",
    locale_each: "Var och ens eget språk",
    translations_heading: "Översättningar av egen text",
    translations_hint: "Frivilligt. Den som läser svenska, norska eller engelska får texten på sitt språk när den finns, annars texten ovan. Samma platshållare som ovan.",
    field_send_at: "När",
    send_at_hint: |zone| format!("I evenemangets tidszon ({zone}). Behövs inte för Skicka nu."),
    audiences: [
        "Alla med bekräftad plats",
        "Bekräftade på plats",
        "Bekräftade online",
        "De på väntelistan",
        "Ansökningar som väntar på beslut",
        "Talarna",
        "Hela nätverket",
    ],
    placeholders_heading: "Platshållare",
    placeholders_intro: "Skriv dem inom dubbla klammerparenteser i ämnet eller texten; de fylls i för varje mottagare.",
    placeholders: [
        "mottagarens namn",
        "evenemangets namn",
        "starttiden i evenemangets tidszon",
        "lokalens namn, adress och ort",
        "länken till mötet online (tom för dem som inte får den)",
        "var mottagaren ändrar eller avbokar sin anmälan",
    ],
    button_preview: "Förhandsgranska",
    button_test: "Skicka ett test till mig",
    button_schedule: "Schemalägg",
    button_send_now: "Skicka nu",
    preview_heading: "Förhandsgranskning",
    preview_for: |name| format!("Så här får {name} påminnelsen."),
    preview_nobody: "Ingen är anmäld ännu, så det finns ingen att förhandsgranska för. Skicka ett test till dig själv i stället.",
    preview_subject: "Ämne:",
    done_test: |email| format!("Ett test skickades till dig ({email})."),
    done_scheduled: "Påminnelsen är schemalagd.",
    done_cancelled: "Påminnelsen är avbruten.",
    done_sent: |n| format!("Påminnelsen går ut till {n} mottagare."),
    done_nobody: "Påminnelsen hade inga mottagare.",
    done_already: "Påminnelsen hade redan skickats.",
    done_retried: "Utskicket ligger i kö igen.",
    err_unknown_placeholder: |names| {
        format!("Okänd platshållare: {names}. Se listan över platshållare.")
    },
    err_unclosed: "En {{ saknar sina avslutande }}.",
    err_after_end: "Påminnelsen måste gå ut innan evenemanget slutar.",
    err_send_at_required: "Ange när påminnelsen ska gå ut, eller välj Skicka nu.",
    err_needs_both: "Ett eget ämne och en egen text hör ihop: fyll i båda eller inget.",
    err_state: "Det gick inte: påminnelsen är redan skickad eller avbruten, eller evenemanget är inställt eller över.",
    err_retry: "Det gick inte: utskicket har inte misslyckats, eller dess innehåll sparas inte längre.",
    report_title: "Leveransrapport",
    back_to_reminders: "Tillbaka till påminnelserna",
    progress_label: "Skickade",
    count_sent: "Skickade",
    count_pending: "I kö",
    count_failed: "Misslyckade",
    count_skipped: "Inte skickade",
    count_total: "Totalt",
    refresh: "Uppdatera",
    deliveries_heading: "Mottagare",
    no_deliveries: "Inget har skickats ännu.",
    label_recipient: "Mottagare",
    label_attempts: "Försök",
    label_reason: "Orsak",
    label_sent_at: "Skickad",
    recipient_gone: "Sparas inte längre",
    retry: "Försök igen",
};

const NB: RemindersStrings = RemindersStrings {
    title: "Påminnelser og utsendelser",
    intro: "Skriv en påminnelse med egen tekst, forhåndsvis den på svensk, norsk og engelsk, send en test til deg selv og planlegg den eller send den med en gang.",
    list_heading: "Påminnelser",
    none: "Arrangementet har ingen påminnelser ennå.",
    status_scheduled: "Planlagt",
    status_sent: "Sendt",
    status_cancelled: "Avbrutt",
    label_when: "Sendes",
    label_audience: "Mottakere",
    label_status: "Status",
    label_subject: "Emne",
    label_locale: "Språk",
    standard_text: "Standardteksten",
    follows_event: "følger arrangementets tid",
    of_series: "gjelder hele serien",
    report_link: "Leveringsrapport",
    send_now: "Send nå",
    cancel: "Avbryt påminnelsen",
    write_heading: "Skriv en påminnelse",
    form_has_errors: "Påminnelsen ble ikke lagret. Rett det som er markert nedenfor.",
    field_subject: "Eget emne",
    field_body: "Egen tekst",
    texts_hint: "La emne og tekst stå tomme for å sende standardteksten.",
    field_audience: "Hvem får den",
    field_locale: "Språk",
    locale_each: "Hver enkelts eget språk",
    translations_heading: "Oversettelser av egen tekst",
    translations_hint: "Valgfritt. Den som leser svensk, norsk eller engelsk får teksten på sitt språk når den finnes, ellers teksten over. Samme plassholdere som over.",
    field_send_at: "Når",
    send_at_hint: |zone| format!("I arrangementets tidssone ({zone}). Trengs ikke for Send nå."),
    audiences: [
        "Alle med bekreftet plass",
        "Bekreftede på stedet",
        "Bekreftede på nett",
        "De på ventelisten",
        "Søknader som venter på avgjørelse",
        "Foredragsholderne",
        "Hele nettverket",
    ],
    placeholders_heading: "Plassholdere",
    placeholders_intro: "Skriv dem i doble krøllparenteser i emnet eller teksten; de fylles ut for hver mottaker.",
    placeholders: [
        "mottakerens navn",
        "arrangementets navn",
        "starttiden i arrangementets tidssone",
        "stedets navn, adresse og by",
        "lenken til møtet på nett (tom for dem som ikke får den)",
        "hvor mottakeren endrer eller avbestiller påmeldingen sin",
    ],
    button_preview: "Forhåndsvis",
    button_test: "Send en test til meg",
    button_schedule: "Planlegg",
    button_send_now: "Send nå",
    preview_heading: "Forhåndsvisning",
    preview_for: |name| format!("Slik får {name} påminnelsen."),
    preview_nobody: "Ingen er påmeldt ennå, så det er ingen å forhåndsvise for. Send en test til deg selv i stedet.",
    preview_subject: "Emne:",
    done_test: |email| format!("En test ble sendt til deg ({email})."),
    done_scheduled: "Påminnelsen er planlagt.",
    done_cancelled: "Påminnelsen er avbrutt.",
    done_sent: |n| format!("Påminnelsen går ut til {n} mottakere."),
    done_nobody: "Påminnelsen hadde ingen mottakere.",
    done_already: "Påminnelsen var allerede sendt.",
    done_retried: "Utsendelsen ligger i kø igjen.",
    err_unknown_placeholder: |names| {
        format!("Ukjent plassholder: {names}. Se listen over plassholdere.")
    },
    err_unclosed: "En {{ mangler sine avsluttende }}.",
    err_after_end: "Påminnelsen må gå ut før arrangementet slutter.",
    err_send_at_required: "Oppgi når påminnelsen skal gå ut, eller velg Send nå.",
    err_needs_both: "Eget emne og egen tekst hører sammen: fyll ut begge eller ingen.",
    err_state: "Det gikk ikke: påminnelsen er allerede sendt eller avbrutt, eller arrangementet er avlyst eller over.",
    err_retry: "Det gikk ikke: utsendelsen har ikke feilet, eller innholdet er ikke lenger lagret.",
    report_title: "Leveringsrapport",
    back_to_reminders: "Tilbake til påminnelsene",
    progress_label: "Sendt",
    count_sent: "Sendt",
    count_pending: "I kø",
    count_failed: "Feilet",
    count_skipped: "Ikke sendt",
    count_total: "Totalt",
    refresh: "Oppdater",
    deliveries_heading: "Mottakere",
    no_deliveries: "Ingenting er sendt ennå.",
    label_recipient: "Mottaker",
    label_attempts: "Forsøk",
    label_reason: "Årsak",
    label_sent_at: "Sendt",
    recipient_gone: "Lagres ikke lenger",
    retry: "Prøv igjen",
};

const EN: RemindersStrings = RemindersStrings {
    title: "Reminders and mail",
    intro: "Write a reminder in your own words, preview it in Swedish, Norwegian and English, send a test to yourself, and schedule it or send it now.",
    list_heading: "Reminders",
    none: "The event has no reminders yet.",
    status_scheduled: "Scheduled",
    status_sent: "Sent",
    status_cancelled: "Cancelled",
    label_when: "Goes out",
    label_audience: "Recipients",
    label_status: "Status",
    label_subject: "Subject",
    label_locale: "Language",
    standard_text: "The standard text",
    follows_event: "follows the event's time",
    of_series: "for the whole series",
    report_link: "Delivery report",
    send_now: "Send now",
    cancel: "Cancel the reminder",
    write_heading: "Write a reminder",
    form_has_errors: "The reminder was not saved. Correct what is marked below.",
    field_subject: "Own subject",
    field_body: "Own text",
    texts_hint: "Leave subject and text empty to send the standard text.",
    field_audience: "Who gets it",
    field_locale: "Language",
    locale_each: "Each recipient's own language",
    translations_heading: "Translations of the own text",
    translations_hint: "Optional. Recipients who read Swedish, Norwegian or English get the text in their language where it is given, else the text above. The same placeholders as above.",
    field_send_at: "When",
    send_at_hint: |zone| format!("In the event's time zone ({zone}). Not needed for Send now."),
    audiences: [
        "Everyone with a confirmed seat",
        "Confirmed, at the venue",
        "Confirmed, online",
        "Those on the waiting list",
        "Applications awaiting a decision",
        "The speakers",
        "The whole network",
    ],
    placeholders_heading: "Placeholders",
    placeholders_intro: "Write them in double curly braces in the subject or the text; they are filled in for each recipient.",
    placeholders: [
        "the recipient's name",
        "the event's name",
        "the start in the event's time zone",
        "the venue's name, address and city",
        "the link to the online meeting (empty for those who do not get it)",
        "where the recipient changes or cancels their registration",
    ],
    button_preview: "Preview",
    button_test: "Send a test to me",
    button_schedule: "Schedule",
    button_send_now: "Send now",
    preview_heading: "Preview",
    preview_for: |name| format!("This is how {name} gets the reminder."),
    preview_nobody: "Nobody has registered yet, so there is no one to preview it for. Send a test to yourself instead.",
    preview_subject: "Subject:",
    done_test: |email| format!("A test was sent to you ({email})."),
    done_scheduled: "The reminder is scheduled.",
    done_cancelled: "The reminder is cancelled.",
    done_sent: |n| format!("The reminder goes out to {n} recipients."),
    done_nobody: "The reminder had no recipients.",
    done_already: "The reminder had already been sent.",
    done_retried: "The mail is queued again.",
    err_unknown_placeholder: |names| {
        format!("Unknown placeholder: {names}. See the list of placeholders.")
    },
    err_unclosed: "A {{ is missing its closing }}.",
    err_after_end: "The reminder must go out before the event ends.",
    err_send_at_required: "Give a time for the reminder, or choose Send now.",
    err_needs_both: "An own subject and an own text go together: fill in both or neither.",
    err_state: "That did not work: the reminder has been sent or cancelled, or the event is cancelled or over.",
    err_retry: "That did not work: the mail has not failed, or its content is no longer kept.",
    report_title: "Delivery report",
    back_to_reminders: "Back to the reminders",
    progress_label: "Sent",
    count_sent: "Sent",
    count_pending: "Queued",
    count_failed: "Failed",
    count_skipped: "Not sent",
    count_total: "Total",
    refresh: "Refresh",
    deliveries_heading: "Recipients",
    no_deliveries: "Nothing has been sent yet.",
    label_recipient: "Recipient",
    label_attempts: "Attempts",
    label_reason: "Reason",
    label_sent_at: "Sent",
    recipient_gone: "No longer kept",
    retry: "Try again",
};

/// The reminders pages' words in `locale`.
pub fn reminders_strings(locale: Locale) -> &'static RemindersStrings {
    match locale {
        Locale::Sv => &SV,
        Locale::Nb => &NB,
        Locale::En => &EN,
    }
}
