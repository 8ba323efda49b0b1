//! The words of the participant pages in Swedish, Norwegian Bokmål and
//! English (the page's language is chosen by `pages::page::PageRequest`).

use super::Locale;

/// Every text a page shows, in one language.
#[derive(Debug)]
pub struct Strings {
    /// The skip link to the main content.
    pub skip_to_content: &'static str,
    /// The site's name in the header.
    pub site_name: &'static str,
    /// The label of the language switch.
    pub language: &'static str,
    /// The footer line.
    pub footer: &'static str,
    /// Heading of a 404 page.
    pub not_found_title: &'static str,
    /// Text of a 404 page.
    pub not_found_text: &'static str,
    /// Heading of a 500 page.
    pub error_title: &'static str,
    /// Text of a 500 page.
    pub error_text: &'static str,
    /// Heading of the "try again" page (the database is unavailable).
    pub unavailable_title: &'static str,
    /// Text of the "try again" page: nothing was stored.
    pub unavailable_text: &'static str,
    /// Heading of the contact persons.
    pub contacts: &'static str,
    /// Heading of the upcoming events.
    pub upcoming_events: &'static str,
    /// When there are none.
    pub no_upcoming_events: &'static str,
    /// Heading of the calendar subscription.
    pub subscribe: &'static str,
    /// The webcal link's text.
    pub subscribe_webcal: &'static str,
    /// Label of the https address to copy.
    pub subscribe_copy: &'static str,
    /// How to subscribe in Outlook.
    pub howto_outlook: &'static str,
    /// How to subscribe in Google Calendar.
    pub howto_google: &'static str,
    /// How to subscribe in Apple Calendar.
    pub howto_apple: &'static str,
    /// Label of the time.
    pub when: &'static str,
    /// Label of the place.
    pub place: &'static str,
    /// Label of the accessibility notes.
    pub accessibility: &'static str,
    /// Heading of the online option.
    pub online: &'static str,
    /// The join link's text.
    pub join_online: &'static str,
    /// When the join link is only for registered participants.
    pub join_link_later: &'static str,
    /// Heading of the agenda.
    pub agenda: &'static str,
    /// Heading of the seats.
    pub seats: &'static str,
    /// Seats left at the venue.
    pub seats_in_person: &'static str,
    /// Seats left online.
    pub seats_online: &'static str,
    /// No limit on seats.
    pub seats_unlimited: &'static str,
    /// Heading of "add to calendar".
    pub add_to_calendar: &'static str,
    /// The .ics download.
    pub download_ics: &'static str,
    /// The event is cancelled.
    pub cancelled: &'static str,
    /// Link back to the network.
    pub organised_by: &'static str,
    /// Heading of the registration form.
    pub register: &'static str,
    /// Label: name.
    pub field_name: &'static str,
    /// Label: email.
    pub field_email: &'static str,
    /// Hint under the email field.
    pub field_email_hint: &'static str,
    /// Label: organisation.
    pub field_organisation: &'static str,
    /// Legend: in person or online.
    pub field_mode: &'static str,
    /// Choice: in person.
    pub mode_in_person: &'static str,
    /// Choice: online.
    pub mode_online: &'static str,
    /// Legend of the event's questions.
    pub questions: &'static str,
    /// Marks an optional question.
    pub optional: &'static str,
    /// Label: accessibility needs.
    pub field_accessibility: &'static str,
    /// Label: dietary needs.
    pub field_dietary: &'static str,
    /// Label: consent.
    pub field_consent: &'static str,
    /// Button: register.
    pub submit_register: &'static str,
    /// Above a form with errors.
    pub form_has_errors: &'static str,
    /// Before each field error, for screen readers.
    pub error_prefix: &'static str,
    /// Error: required.
    pub err_required: &'static str,
    /// Error: too long.
    pub err_too_long: &'static str,
    /// Error: invalid.
    pub err_invalid: &'static str,
    /// Error: consent missing.
    pub err_consent: &'static str,
    /// Error: registration closed.
    pub err_closed: &'static str,
    /// Error: members only.
    pub err_members: &'static str,
    /// Instead of the form: registration opens later.
    pub registration_not_open_yet: &'static str,
    /// Instead of the form: registration has closed.
    pub registration_closed: &'static str,
    /// Error: full.
    pub err_full: &'static str,
    /// The event is not held in the chosen way.
    pub err_mode_not_offered: &'static str,
    /// Error: too many attempts.
    pub err_rate_limited: &'static str,
    /// Heading of the 403 page (a form without its CSRF token).
    pub forbidden_title: &'static str,
    /// Text of the 403 page.
    pub forbidden_text: &'static str,
    /// Answer: confirmed.
    pub confirmed_title: &'static str,
    /// Answer: confirmed, text.
    pub confirmed_text: &'static str,
    /// Answer: waitlisted.
    pub waitlisted_title: &'static str,
    /// Answer: the position on the waiting list (a number follows).
    pub waitlisted_position: &'static str,
    /// Answer: waitlisted, text.
    pub waitlisted_text: &'static str,
    /// Answer: pending.
    pub pending_title: &'static str,
    /// Answer: pending, text.
    pub pending_text: &'static str,
    /// Answer: was registered before.
    pub already_registered: &'static str,
    /// Answer: the address was registered before (by whoever typed it).
    pub address_registered_title: &'static str,
    /// Answer: the address was registered before, text (the link is mailed).
    pub address_registered_text: &'static str,
    /// Answer: the seat is held until the address is confirmed.
    pub held_title: &'static str,
    /// Answer: the seat is held, text.
    pub held_text: &'static str,
    /// Manage page: the hint above the confirm button.
    pub confirm_address_hint: &'static str,
    /// Manage page: the confirm button.
    pub confirm_address_button: &'static str,
    /// Answer: the address is confirmed.
    pub address_confirmed_title: &'static str,
    /// Link back to the event.
    pub back_to_event: &'static str,
    /// Heading of the manage page.
    pub manage_title: &'static str,
    /// Label: status.
    pub status: &'static str,
    /// Label: mode.
    pub mode: &'static str,
    /// Status: confirmed.
    pub status_confirmed: &'static str,
    /// Status: waitlisted.
    pub status_waitlisted: &'static str,
    /// Status: pending.
    pub status_pending: &'static str,
    /// Status: cancelled.
    pub status_cancelled: &'static str,
    /// Status: rejected.
    pub status_rejected: &'static str,
    /// Button: cancel the registration.
    pub cancel_button: &'static str,
    /// Above the cancel button.
    pub cancel_hint: &'static str,
    /// Answer: cancelled.
    pub cancelled_title: &'static str,
    /// Answer: cancelled, text.
    pub cancelled_text: &'static str,
    /// Heading: the manage link does not work.
    pub invalid_link_title: &'static str,
    /// Text: the manage link does not work.
    pub invalid_link_text: &'static str,
    /// Heading of the sign-in page.
    pub sign_in_title: &'static str,
    /// Above the sign-in button.
    pub sign_in_button_intro: &'static str,
    /// Button: sign in.
    pub sign_in_button: &'static str,
    /// Heading: the sign-in link does not work.
    pub sign_in_expired_title: &'static str,
    /// Text: the sign-in link does not work.
    pub sign_in_expired_text: &'static str,
    /// Above the form for a sign-in link.
    pub sign_in_request_intro: &'static str,
    /// Heading of the form for a sign-in link.
    pub sign_in_request_heading: &'static str,
    /// Button: send a sign-in link.
    pub request_link_button: &'static str,
    /// Heading: a link is on its way.
    pub sign_in_sent_title: &'static str,
    /// Text: a link is on its way (the same for unknown addresses).
    pub sign_in_sent_text: &'static str,
    /// Error: not an email address.
    pub err_email: &'static str,
    /// Heading: signed out.
    pub signed_out_title: &'static str,
    /// Text: signed out.
    pub signed_out_text: &'static str,
    /// Heading of the 429 page.
    pub too_many_title: &'static str,
    /// Heading: signing in is needed.
    pub sign_in_needed_title: &'static str,
    /// Text: signing in is needed.
    pub sign_in_needed_text: &'static str,
    /// Heading and link: my registrations.
    pub my_registrations: &'static str,
    /// Heading: upcoming registrations.
    pub upcoming_registrations: &'static str,
    /// When there are no upcoming registrations.
    pub no_upcoming_registrations: &'static str,
    /// Heading: past registrations.
    pub past_registrations: &'static str,
    /// Button: take part online instead.
    pub change_to_online: &'static str,
    /// Button: take part in person instead.
    pub change_to_in_person: &'static str,
    /// Answer: the mode is changed.
    pub done_mode: &'static str,
    /// Answer: a registration is cancelled.
    pub done_cancelled: &'static str,
    /// Answer: a new calendar link.
    pub done_rotated: &'static str,
    /// Error: no seats in the other mode.
    pub err_mode_full: &'static str,
    /// Error: the registration is not active.
    pub err_not_active: &'static str,
    /// Heading: the personal calendar.
    pub my_calendar: &'static str,
    /// About the personal calendar.
    pub my_calendar_intro: &'static str,
    /// Above the button for a new calendar link.
    pub rotate_hint: &'static str,
    /// Button: a new calendar link.
    pub rotate_button: &'static str,
    /// Button: the first calendar link.
    pub create_feed_button: &'static str,
    /// Heading: signing out.
    pub sign_out_heading: &'static str,
    /// Button: sign out.
    pub sign_out_button: &'static str,
    /// Heading and label: the language of one's mail.
    pub mail_language: &'static str,
    /// About the language of one's mail.
    pub mail_language_intro: &'static str,
    /// Choice: no language of one's own (each network's default).
    pub mail_language_default: &'static str,
    /// Button: save the language.
    pub save_language: &'static str,
    /// Answer: the language is saved.
    pub done_language: &'static str,
}

const SV: Strings = Strings {
    skip_to_content: "Hoppa till innehållet",
    site_name: "Träffpunkt",
    language: "Språk",
    footer: "Träffpunkt – möten och konferenser för nätverk",
    not_found_title: "Sidan finns inte",
    not_found_text: "Vi hittade ingen sida på den adressen. Kontrollera länken eller kontakta den som skickade den.",
    error_title: "Något gick fel",
    error_text: "Sidan kunde inte visas just nu. Försök igen om en stund.",
    unavailable_title: "Tillfälligt avbrott",
    unavailable_text: "Det gick inte att nå databasen, så inget sparades. Försök igen om en stund.",
    contacts: "Kontaktpersoner",
    upcoming_events: "Kommande evenemang",
    no_upcoming_events: "Inga kommande evenemang just nu.",
    subscribe: "Prenumerera på kalendern",
    subscribe_webcal: "Öppna kalendern i din kalenderapp",
    subscribe_copy: "Kalenderns adress att kopiera",
    howto_outlook: "Outlook: Lägg till kalender → Prenumerera från webben, klistra in adressen.",
    howto_google: "Google Kalender: Andra kalendrar → + → Från webbadress, klistra in adressen.",
    howto_apple: "Apple Kalender: Arkiv → Ny kalenderprenumeration, klistra in adressen.",
    when: "När",
    place: "Plats",
    accessibility: "Tillgänglighet",
    online: "Delta online",
    join_online: "Anslut till mötet",
    join_link_later: "Länken till mötet skickas till anmälda deltagare.",
    agenda: "Program",
    seats: "Platser",
    seats_in_person: "Platser kvar på plats",
    seats_online: "Platser kvar online",
    seats_unlimited: "obegränsat",
    add_to_calendar: "Lägg till i kalendern",
    download_ics: "Ladda ner kalenderfil (.ics)",
    cancelled: "Evenemanget är inställt.",
    organised_by: "Arrangeras av",
    register: "Anmäl dig",
    field_name: "Namn",
    field_email: "E-postadress",
    field_email_hint: "Bekräftelsen och länken för att ändra anmälan skickas hit.",
    field_organisation: "Organisation (frivilligt)",
    field_mode: "Hur deltar du?",
    mode_in_person: "På plats",
    mode_online: "Online",
    questions: "Frågor från arrangören",
    optional: "frivilligt",
    field_accessibility: "Behov av anpassning, till exempel hörslinga eller rullstolsplats (frivilligt)",
    field_dietary: "Specialkost (frivilligt)",
    field_consent: "Jag samtycker till att mina uppgifter sparas för att hantera anmälan.",
    submit_register: "Skicka anmälan",
    form_has_errors: "Anmälan skickades inte. Rätta det som är markerat nedan.",
    error_prefix: "Fel:",
    err_required: "Fyll i det här fältet.",
    err_too_long: "Texten är för lång.",
    err_invalid: "Kontrollera det du har skrivit.",
    err_consent: "Du behöver samtycka för att kunna anmäla dig.",
    err_closed: "Anmälan är inte öppen.",
    err_members: "Evenemanget är för nätverkets medlemmar.",
    registration_not_open_yet: "Anmälan har inte öppnat än.",
    registration_closed: "Anmälan är stängd.",
    err_full: "Det finns inga platser kvar.",
    err_mode_not_offered: "Evenemanget hålls inte på det sättet.",
    err_rate_limited: "För många försök. Försök igen om en stund.",
    forbidden_title: "Formuläret kunde inte skickas",
    forbidden_text: "Formuläret hade gått ut eller kom från en annan webbplats. Ladda om sidan och försök igen.",
    confirmed_title: "Du är anmäld",
    confirmed_text: "Din plats är bekräftad. En bekräftelse skickas till din e-post.",
    waitlisted_title: "Du står på väntelistan",
    waitlisted_position: "Din plats i kön:",
    waitlisted_text: "Vi mejlar dig om en plats blir ledig.",
    pending_title: "Din anmälan väntar på besked",
    pending_text: "Arrangören går igenom anmälan och meddelar dig via e-post.",
    already_registered: "Du var redan anmäld; ingenting har ändrats.",
    address_registered_title: "Adressen är redan anmäld",
    address_registered_text: "Den här e-postadressen är redan anmäld till evenemanget. Vi har mejlat länken till anmälan till adressen.",
    held_title: "Bekräfta din e-postadress",
    held_text: "Vi håller en plats åt dig. Öppna länken i mejlet vi skickat och bekräfta, annars går platsen vidare.",
    confirm_address_hint: "Din plats hålls tills du bekräftar din e-postadress.",
    confirm_address_button: "Bekräfta min plats",
    address_confirmed_title: "Din e-postadress är bekräftad",
    back_to_event: "Tillbaka till evenemanget",
    manage_title: "Din anmälan",
    status: "Status",
    mode: "Deltar",
    status_confirmed: "Bekräftad",
    status_waitlisted: "På väntelistan",
    status_pending: "Väntar på besked",
    status_cancelled: "Avbokad",
    status_rejected: "Inte antagen",
    cancel_button: "Avboka min plats",
    cancel_hint: "Kan du inte komma? Avboka så att någon annan kan få platsen.",
    cancelled_title: "Din anmälan är avbokad",
    cancelled_text: "Tack för att du meddelade oss. Du kan anmäla dig igen på evenemangets sida.",
    invalid_link_title: "Länken fungerar inte",
    invalid_link_text: "Länken är felaktig eller har gått ut. Använd länken i det senaste mejlet om evenemanget.",
    sign_in_title: "Logga in",
    sign_in_button_intro: "Klicka på knappen för att logga in på Träffpunkt i den här webbläsaren.",
    sign_in_button: "Logga in",
    sign_in_expired_title: "Inloggningslänken fungerar inte",
    sign_in_expired_text: "Länken har redan använts, har gått ut (den gäller i 15 minuter) eller är felaktig. Be om en ny länk nedan.",
    sign_in_request_intro: "Vi skickar en inloggningslänk till din e-post. Den gäller i 15 minuter och kan användas en gång.",
    sign_in_request_heading: "Få en inloggningslänk",
    request_link_button: "Skicka länk",
    sign_in_sent_title: "Kolla din e-post",
    sign_in_sent_text: "Om adressen kan ta emot e-post har vi skickat en inloggningslänk dit. Den gäller i 15 minuter.",
    err_email: "Skriv en e-postadress, till exempel namn@example.se.",
    signed_out_title: "Du är utloggad",
    signed_out_text: "Du är inte längre inloggad i den här webbläsaren.",
    too_many_title: "För många försök",
    sign_in_needed_title: "Logga in för att se dina anmälningar",
    sign_in_needed_text: "Dina anmälningar visas när du har loggat in. Be om en inloggningslänk till din e-post.",
    my_registrations: "Mina anmälningar",
    upcoming_registrations: "Kommande",
    no_upcoming_registrations: "Du har inga anmälningar till kommande evenemang.",
    past_registrations: "Tidigare",
    change_to_online: "Byt till online",
    change_to_in_person: "Byt till på plats",
    done_mode: "Ditt sätt att delta är ändrat.",
    done_cancelled: "Anmälan är avbokad. Tack för att du meddelade oss.",
    done_rotated: "Din kalenderlänk är ny. Den gamla länken fungerar inte längre.",
    err_mode_full: "Det finns inga platser kvar på det sättet; du behåller din plats.",
    err_not_active: "Anmälan är inte aktiv.",
    my_calendar: "Din kalender",
    my_calendar_intro: "Prenumerera på dina evenemang i din kalenderapp. Länken är personlig: dela den inte.",
    rotate_hint: "Har länken kommit i fel händer? Skapa en ny; den gamla slutar då att fungera och du behöver prenumerera igen.",
    rotate_button: "Skapa ny kalenderlänk",
    create_feed_button: "Skapa kalenderlänk",
    sign_out_heading: "Logga ut",
    sign_out_button: "Logga ut från den här webbläsaren",
    mail_language: "Språk i mejl",
    mail_language_intro: "Mejl om dina anmälningar och inloggningslänkar skrivs på det här språket. En anmälan som görs på en sida på ett annat språk får sina mejl på det språket.",
    mail_language_default: "Nätverkets språk",
    save_language: "Spara språket",
    done_language: "Språket för dina mejl är sparat.",
};

const NB: Strings = Strings {
    skip_to_content: "Hopp til innholdet",
    site_name: "Träffpunkt",
    language: "Språk",
    footer: "Träffpunkt – møter og konferanser for nettverk",
    not_found_title: "Siden finnes ikke",
    not_found_text: "Vi fant ingen side på den adressen. Sjekk lenken eller kontakt den som sendte den.",
    error_title: "Noe gikk galt",
    error_text: "Siden kunne ikke vises akkurat nå. Prøv igjen om litt.",
    unavailable_title: "Midlertidig avbrudd",
    unavailable_text: "Databasen kunne ikke nås, så ingenting ble lagret. Prøv igjen om litt.",
    contacts: "Kontaktpersoner",
    upcoming_events: "Kommende arrangementer",
    no_upcoming_events: "Ingen kommende arrangementer akkurat nå.",
    subscribe: "Abonner på kalenderen",
    subscribe_webcal: "Åpne kalenderen i kalenderappen din",
    subscribe_copy: "Kalenderens adresse til å kopiere",
    howto_outlook: "Outlook: Legg til kalender → Abonner fra nettet, lim inn adressen.",
    howto_google: "Google Kalender: Andre kalendere → + → Fra nettadresse, lim inn adressen.",
    howto_apple: "Apple Kalender: Arkiv → Nytt kalenderabonnement, lim inn adressen.",
    when: "Når",
    place: "Sted",
    accessibility: "Tilgjengelighet",
    online: "Delta på nett",
    join_online: "Koble til møtet",
    join_link_later: "Lenken til møtet sendes til påmeldte deltakere.",
    agenda: "Program",
    seats: "Plasser",
    seats_in_person: "Ledige plasser på stedet",
    seats_online: "Ledige plasser på nett",
    seats_unlimited: "ubegrenset",
    add_to_calendar: "Legg til i kalenderen",
    download_ics: "Last ned kalenderfil (.ics)",
    cancelled: "Arrangementet er avlyst.",
    organised_by: "Arrangeres av",
    register: "Meld deg på",
    field_name: "Navn",
    field_email: "E-postadresse",
    field_email_hint: "Bekreftelsen og lenken for å endre påmeldingen sendes hit.",
    field_organisation: "Organisasjon (valgfritt)",
    field_mode: "Hvordan deltar du?",
    mode_in_person: "På stedet",
    mode_online: "På nett",
    questions: "Spørsmål fra arrangøren",
    optional: "valgfritt",
    field_accessibility: "Behov for tilrettelegging, for eksempel teleslynge eller rullestolplass (valgfritt)",
    field_dietary: "Spesialkost (valgfritt)",
    field_consent: "Jeg samtykker til at opplysningene mine lagres for å håndtere påmeldingen.",
    submit_register: "Send påmelding",
    form_has_errors: "Påmeldingen ble ikke sendt. Rett det som er markert nedenfor.",
    error_prefix: "Feil:",
    err_required: "Fyll ut dette feltet.",
    err_too_long: "Teksten er for lang.",
    err_invalid: "Sjekk det du har skrevet.",
    err_consent: "Du må samtykke for å kunne melde deg på.",
    err_closed: "Påmeldingen er ikke åpen.",
    err_members: "Arrangementet er for nettverkets medlemmer.",
    registration_not_open_yet: "Påmeldingen har ikke åpnet ennå.",
    registration_closed: "Påmeldingen er stengt.",
    err_full: "Det er ingen plasser igjen.",
    err_mode_not_offered: "Arrangementet holdes ikke på den måten.",
    err_rate_limited: "For mange forsøk. Prøv igjen om litt.",
    forbidden_title: "Skjemaet kunne ikke sendes",
    forbidden_text: "Skjemaet var utløpt eller kom fra et annet nettsted. Last inn siden på nytt og prøv igjen.",
    confirmed_title: "Du er påmeldt",
    confirmed_text: "Plassen din er bekreftet. En bekreftelse sendes til e-posten din.",
    waitlisted_title: "Du står på ventelisten",
    waitlisted_position: "Din plass i køen:",
    waitlisted_text: "Vi sender deg en e-post hvis en plass blir ledig.",
    pending_title: "Påmeldingen din venter på svar",
    pending_text: "Arrangøren går gjennom påmeldingen og gir deg beskjed på e-post.",
    already_registered: "Du var allerede påmeldt; ingenting er endret.",
    address_registered_title: "Adressen er allerede påmeldt",
    address_registered_text: "Denne e-postadressen er allerede påmeldt til arrangementet. Vi har sendt lenken til påmeldingen til adressen.",
    held_title: "Bekreft e-postadressen din",
    held_text: "Vi holder av en plass til deg. Åpne lenken i e-posten vi har sendt og bekreft, ellers går plassen videre.",
    confirm_address_hint: "Plassen din holdes til du bekrefter e-postadressen din.",
    confirm_address_button: "Bekreft plassen min",
    address_confirmed_title: "E-postadressen din er bekreftet",
    back_to_event: "Tilbake til arrangementet",
    manage_title: "Din påmelding",
    status: "Status",
    mode: "Deltar",
    status_confirmed: "Bekreftet",
    status_waitlisted: "På ventelisten",
    status_pending: "Venter på svar",
    status_cancelled: "Avbestilt",
    status_rejected: "Ikke tatt opp",
    cancel_button: "Avbestill plassen min",
    cancel_hint: "Kan du ikke komme? Avbestill så noen andre kan få plassen.",
    cancelled_title: "Påmeldingen din er avbestilt",
    cancelled_text: "Takk for at du ga beskjed. Du kan melde deg på igjen på arrangementets side.",
    invalid_link_title: "Lenken virker ikke",
    invalid_link_text: "Lenken er feil eller utløpt. Bruk lenken i den siste e-posten om arrangementet.",
    sign_in_title: "Logg inn",
    sign_in_button_intro: "Klikk på knappen for å logge inn på Träffpunkt i denne nettleseren.",
    sign_in_button: "Logg inn",
    sign_in_expired_title: "Innloggingslenken virker ikke",
    sign_in_expired_text: "Lenken er allerede brukt, har utløpt (den gjelder i 15 minutter) eller er feil. Be om en ny lenke nedenfor.",
    sign_in_request_intro: "Vi sender en innloggingslenke til e-posten din. Den gjelder i 15 minutter og kan brukes én gang.",
    sign_in_request_heading: "Få en innloggingslenke",
    request_link_button: "Send lenke",
    sign_in_sent_title: "Sjekk e-posten din",
    sign_in_sent_text: "Hvis adressen kan motta e-post, har vi sendt en innloggingslenke dit. Den gjelder i 15 minutter.",
    err_email: "Skriv en e-postadresse, for eksempel navn@example.no.",
    signed_out_title: "Du er logget ut",
    signed_out_text: "Du er ikke lenger logget inn i denne nettleseren.",
    too_many_title: "For mange forsøk",
    sign_in_needed_title: "Logg inn for å se påmeldingene dine",
    sign_in_needed_text: "Påmeldingene dine vises når du har logget inn. Be om en innloggingslenke til e-posten din.",
    my_registrations: "Mine påmeldinger",
    upcoming_registrations: "Kommende",
    no_upcoming_registrations: "Du har ingen påmeldinger til kommende arrangementer.",
    past_registrations: "Tidligere",
    change_to_online: "Bytt til på nett",
    change_to_in_person: "Bytt til på stedet",
    done_mode: "Måten du deltar på er endret.",
    done_cancelled: "Påmeldingen er avbestilt. Takk for at du ga beskjed.",
    done_rotated: "Kalenderlenken din er ny. Den gamle lenken virker ikke lenger.",
    err_mode_full: "Det er ingen plasser igjen på den måten; du beholder plassen din.",
    err_not_active: "Påmeldingen er ikke aktiv.",
    my_calendar: "Din kalender",
    my_calendar_intro: "Abonner på arrangementene dine i kalenderappen din. Lenken er personlig: ikke del den.",
    rotate_hint: "Har lenken kommet på avveie? Lag en ny; den gamle slutter da å virke, og du må abonnere på nytt.",
    rotate_button: "Lag ny kalenderlenke",
    create_feed_button: "Lag kalenderlenke",
    sign_out_heading: "Logg ut",
    sign_out_button: "Logg ut fra denne nettleseren",
    mail_language: "Språk i e-post",
    mail_language_intro: "E-post om påmeldingene dine og innloggingslenker skrives på dette språket. En påmelding som gjøres på en side på et annet språk, får e-postene sine på det språket.",
    mail_language_default: "Nettverkets språk",
    save_language: "Lagre språket",
    done_language: "Språket for e-postene dine er lagret.",
};

const EN: Strings = Strings {
    skip_to_content: "Skip to content",
    site_name: "Träffpunkt",
    language: "Language",
    footer: "Träffpunkt – meetings and conferences for networks",
    not_found_title: "Page not found",
    not_found_text: "There is no page at this address. Check the link or contact whoever sent it.",
    error_title: "Something went wrong",
    error_text: "The page cannot be shown right now. Please try again in a moment.",
    unavailable_title: "Temporarily unavailable",
    unavailable_text: "The database could not be reached, so nothing was saved. Please try again in a moment.",
    contacts: "Contact persons",
    upcoming_events: "Upcoming events",
    no_upcoming_events: "No upcoming events right now.",
    subscribe: "Subscribe to this calendar",
    subscribe_webcal: "Open the calendar in your calendar app",
    subscribe_copy: "The calendar's address to copy",
    howto_outlook: "Outlook: Add calendar → Subscribe from web, paste the address.",
    howto_google: "Google Calendar: Other calendars → + → From URL, paste the address.",
    howto_apple: "Apple Calendar: File → New Calendar Subscription, paste the address.",
    when: "When",
    place: "Place",
    accessibility: "Accessibility",
    online: "Take part online",
    join_online: "Join the meeting",
    join_link_later: "The meeting link is sent to registered participants.",
    agenda: "Agenda",
    seats: "Seats",
    seats_in_person: "Seats left at the venue",
    seats_online: "Seats left online",
    seats_unlimited: "unlimited",
    add_to_calendar: "Add to calendar",
    download_ics: "Download calendar file (.ics)",
    cancelled: "This event is cancelled.",
    organised_by: "Organised by",
    register: "Register",
    field_name: "Name",
    field_email: "Email address",
    field_email_hint: "The confirmation and the link to change your registration are sent here.",
    field_organisation: "Organisation (optional)",
    field_mode: "How will you take part?",
    mode_in_person: "In person",
    mode_online: "Online",
    questions: "Questions from the organiser",
    optional: "optional",
    field_accessibility: "Accessibility needs, such as a hearing loop or wheelchair space (optional)",
    field_dietary: "Dietary needs (optional)",
    field_consent: "I agree that my details are stored to handle the registration.",
    submit_register: "Send registration",
    form_has_errors: "The registration was not sent. Please correct what is marked below.",
    error_prefix: "Error:",
    err_required: "Please fill in this field.",
    err_too_long: "The text is too long.",
    err_invalid: "Please check what you entered.",
    err_consent: "You need to agree to be able to register.",
    err_closed: "Registration is not open.",
    err_members: "This event is for members of the network.",
    registration_not_open_yet: "Registration has not opened yet.",
    registration_closed: "Registration is closed.",
    err_full: "There are no seats left.",
    err_mode_not_offered: "The event is not held that way.",
    err_rate_limited: "Too many attempts. Please try again in a while.",
    forbidden_title: "The form could not be sent",
    forbidden_text: "The form had expired or came from another site. Reload the page and try again.",
    confirmed_title: "You are registered",
    confirmed_text: "Your seat is confirmed. A confirmation is sent to your email.",
    waitlisted_title: "You are on the waiting list",
    waitlisted_position: "Your place in the queue:",
    waitlisted_text: "We will email you if a seat becomes free.",
    pending_title: "Your registration awaits a decision",
    pending_text: "The organiser reviews the registration and will let you know by email.",
    already_registered: "You were already registered; nothing has changed.",
    address_registered_title: "This address is registered already",
    address_registered_text: "This email address is registered for the event already. We have emailed the link to the registration to the address.",
    held_title: "Confirm your email address",
    held_text: "We are holding a seat for you. Open the link in the email we sent and confirm, or the seat passes on.",
    confirm_address_hint: "Your seat is held until you confirm your email address.",
    confirm_address_button: "Confirm my seat",
    address_confirmed_title: "Your email address is confirmed",
    back_to_event: "Back to the event",
    manage_title: "Your registration",
    status: "Status",
    mode: "Taking part",
    status_confirmed: "Confirmed",
    status_waitlisted: "On the waiting list",
    status_pending: "Awaiting a decision",
    status_cancelled: "Cancelled",
    status_rejected: "Not accepted",
    cancel_button: "Cancel my registration",
    cancel_hint: "Cannot come? Cancel so that someone else can have the seat.",
    cancelled_title: "Your registration is cancelled",
    cancelled_text: "Thank you for letting us know. You can register again on the event’s page.",
    invalid_link_title: "The link does not work",
    invalid_link_text: "The link is wrong or has expired. Use the link in the latest email about the event.",
    sign_in_title: "Sign in",
    sign_in_button_intro: "Select the button to sign in to Träffpunkt in this browser.",
    sign_in_button: "Sign in",
    sign_in_expired_title: "The sign-in link does not work",
    sign_in_expired_text: "The link has been used, has expired (it works for 15 minutes) or is wrong. Ask for a new link below.",
    sign_in_request_intro: "We send a sign-in link to your email. It works for 15 minutes, once.",
    sign_in_request_heading: "Get a sign-in link",
    request_link_button: "Send link",
    sign_in_sent_title: "Check your email",
    sign_in_sent_text: "If the address can receive email, we have sent a sign-in link to it. It works for 15 minutes.",
    err_email: "Enter an email address, such as name@example.com.",
    signed_out_title: "You are signed out",
    signed_out_text: "You are no longer signed in in this browser.",
    too_many_title: "Too many attempts",
    sign_in_needed_title: "Sign in to see your registrations",
    sign_in_needed_text: "Your registrations are shown once you have signed in. Ask for a sign-in link to your email.",
    my_registrations: "My registrations",
    upcoming_registrations: "Upcoming",
    no_upcoming_registrations: "You have no registrations for upcoming events.",
    past_registrations: "Past",
    change_to_online: "Switch to online",
    change_to_in_person: "Switch to in person",
    done_mode: "How you take part has been changed.",
    done_cancelled: "The registration is cancelled. Thank you for letting us know.",
    done_rotated: "Your calendar link is new. The old link no longer works.",
    err_mode_full: "There are no seats left that way; you keep your seat.",
    err_not_active: "The registration is not active.",
    my_calendar: "Your calendar",
    my_calendar_intro: "Subscribe to your events in your calendar app. The link is personal: do not share it.",
    rotate_hint: "Has the link got into the wrong hands? Make a new one; the old one then stops working and you need to subscribe again.",
    rotate_button: "Make a new calendar link",
    create_feed_button: "Make a calendar link",
    sign_out_heading: "Sign out",
    sign_out_button: "Sign out of this browser",
    mail_language: "Language of your email",
    mail_language_intro: "Email about your registrations and sign-in links is written in this language. A registration made on a page in another language gets its email in that language.",
    mail_language_default: "The network's language",
    save_language: "Save the language",
    done_language: "The language of your email is saved.",
};

/// The words of `locale`.
pub fn strings(locale: Locale) -> &'static Strings {
    match locale {
        Locale::Sv => &SV,
        Locale::Nb => &NB,
        Locale::En => &EN,
    }
}
