//! The words of Träffpunkt's mails, per language: one field per phrase,
//! a function where the phrase takes values (the event's title `t`, a
//! time, a number). The mail templates (`api/templates/mail/<kind>.askama`)
//! pick the phrases for each kind.

use super::Locale;

/// Every phrase a mail uses, in one language.
#[derive(Debug)]
pub struct MailTexts {
    /// Greeting with the recipient's name.
    pub greeting_named: fn(&str) -> String,
    /// Greeting without a name.
    pub greeting: &'static str,
    /// Sign-off above the signature (the network's name, or Träffpunkt).
    pub sign_off: fn(&str) -> String,
    /// Button to the registration's own page.
    pub manage_button: &'static str,
    /// Label of the organiser's message on a decision.
    pub message_label: &'static str,
    /// Fact: the event's title.
    pub fact_what: &'static str,
    /// Fact: its time.
    pub fact_when: &'static str,
    /// Fact: its venue.
    pub fact_where: &'static str,
    /// Fact: accessibility notes.
    pub fact_accessibility: &'static str,
    /// Fact: the join link.
    pub fact_join: &'static str,
    /// Fact: the online meeting's details.
    pub fact_meeting_details: &'static str,
    /// Fact: the event's page.
    pub fact_more_information: &'static str,

    /// Sign-in link: what to do, valid for so many minutes.
    pub sign_in_intro: fn(u32) -> String,
    /// Sign-in link: the button.
    pub sign_in_button: &'static str,
    /// Sign-in link: the code for API clients.
    pub sign_in_code: fn(&str) -> String,
    /// Sign-in link: if you did not ask.
    pub sign_in_ignore: &'static str,
    /// Sign-in link: subject.
    pub sign_in_subject: &'static str,

    /// Registration received: text.
    pub received_intro: fn(&str) -> String,
    /// Registration received: subject.
    pub received_subject: fn(&str) -> String,
    /// Registration confirmed: text.
    pub confirmed_intro: fn(&str) -> String,
    /// Registration confirmed: subject.
    pub confirmed_subject: fn(&str) -> String,
    /// Registered already, the link again: text.
    pub link_again_intro: fn(&str) -> String,
    /// Registered already: if it was not you.
    pub link_again_ignore: &'static str,
    /// Registered already: subject.
    pub link_again_subject: fn(&str) -> String,
    /// Confirm the address: text (title, minutes).
    pub confirm_address_intro: fn(&str, u32) -> String,
    /// Confirm the address: the button.
    pub confirm_address_button: &'static str,
    /// Confirm the address: subject.
    pub confirm_address_subject: fn(&str) -> String,
    /// Waiting list: " (plats 3)" after "the waiting list".
    pub waitlist_position: fn(u32) -> String,
    /// Waiting list: text (title, position or empty).
    pub waitlisted_intro: fn(&str, &str) -> String,
    /// Waiting list: subject.
    pub waitlisted_subject: fn(&str) -> String,
    /// Promoted from the waiting list: text.
    pub promoted_intro: fn(&str) -> String,
    /// Promoted: subject.
    pub promoted_subject: fn(&str) -> String,
    /// Application approved: text.
    pub approved_intro: fn(&str) -> String,
    /// Application approved onto the waiting list: text (title, position).
    pub approved_waitlisted_intro: fn(&str, u32) -> String,
    /// Application approved: subject.
    pub approved_subject: fn(&str) -> String,
    /// Application rejected: text.
    pub rejected_intro: fn(&str) -> String,
    /// Application rejected: subject.
    pub rejected_subject: fn(&str) -> String,
    /// Reminder: text (without an organiser's own).
    pub reminder_intro: fn(&str) -> String,
    /// Reminder: subject (without an organiser's own).
    pub reminder_subject: fn(&str) -> String,
    /// Reminder: cannot come?
    pub reminder_cannot_come: &'static str,
    /// Reminder: the change-or-cancel button.
    pub reminder_change_button: &'static str,
    /// Reminder: the unsubscribe line before its link.
    pub reminder_unsubscribe: &'static str,
    /// Event changed: the time.
    pub change_time: &'static str,
    /// Event changed: the place.
    pub change_place: &'static str,
    /// Event changed: the join link.
    pub change_link: &'static str,
    /// Event changed: text (title, ": what changed" or empty).
    pub changed_intro: fn(&str, &str) -> String,
    /// Event changed: subject.
    pub changed_subject: fn(&str) -> String,
    /// Registration cancelled: text (title, when).
    pub registration_cancelled_intro: fn(&str, &str) -> String,
    /// Registration cancelled: subject.
    pub registration_cancelled_subject: fn(&str) -> String,
    /// Event cancelled: text (title, when).
    pub event_cancelled_intro: fn(&str, &str) -> String,
    /// Event cancelled: label of the organiser's reason.
    pub event_cancelled_reason_label: &'static str,
    /// Event cancelled: subject.
    pub event_cancelled_subject: fn(&str) -> String,

    /// Webhook endpoint disabled: subject (the network).
    pub webhook_disabled_subject: fn(&str) -> String,
    /// Webhook endpoint disabled: text (the endpoint's URL, the network,
    /// the failed attempts in a row).
    pub webhook_disabled_intro: fn(&str, &str, &i32) -> String,
    /// Webhook endpoint disabled: what to do.
    pub webhook_disabled_hint: &'static str,
    /// Webhook endpoint disabled: the button to the network in the console.
    pub webhook_disabled_button: &'static str,

    /// Suggestion received: subject (the suggestion's title).
    pub suggestion_received_subject: fn(&str) -> String,
    /// Suggestion received: text (the network, the title).
    pub suggestion_received_intro: fn(&str, &str) -> String,
    /// Suggestion: the button to follow it.
    pub suggestion_follow_button: &'static str,
    /// Suggestion: what the follow link does.
    pub suggestion_follow_hint: &'static str,
    /// Suggestion changed: subject (the title).
    pub suggestion_changed_subject: fn(&str) -> String,
    /// Suggestion changed: text (the title, the state's name).
    pub suggestion_changed_intro: fn(&str, &str) -> String,
    /// Suggestion changed: the label of the organisers' follow-up.
    pub suggestion_follow_up_label: &'static str,
    /// Suggestion planned: the meeting (its title, its time).
    pub suggestion_planned: fn(&str, &str) -> String,
    /// Suggestion forwarded: to whom.
    pub suggestion_forwarded: fn(&str) -> String,
    /// Suggestion taken up by a working group: the group.
    pub suggestion_working_group: fn(&str) -> String,
    /// The names of a suggestion's states.
    pub suggestion_status: fn(entities::SuggestionStatus) -> &'static str,
}

const SV: MailTexts = MailTexts {
    greeting_named: |name| format!("Hej {name}!"),
    greeting: "Hej!",
    sign_off: |signature| format!("Vänliga hälsningar\n{signature}"),
    manage_button: "Ändra eller avboka din anmälan",
    message_label: "Meddelande från arrangören",
    fact_what: "Vad",
    fact_when: "När",
    fact_where: "Plats",
    fact_accessibility: "Tillgänglighet",
    fact_join: "Delta digitalt",
    fact_meeting_details: "Mötesuppgifter",
    fact_more_information: "Mer information",
    sign_in_intro: |minutes| {
        format!(
            "Klicka på knappen för att logga in i Träffpunkt. Länken gäller i {minutes} minuter och kan bara användas en gång."
        )
    },
    sign_in_button: "Logga in",
    sign_in_code: |token| format!("Eller ange koden: {token}"),
    sign_in_ignore: "Har du inte bett om att logga in kan du bortse från det här mejlet.",
    sign_in_subject: "Din inloggningslänk till Träffpunkt",
    received_intro: |t| {
        format!("Tack för din anmälan till {t}. Vi hör av oss när den är behandlad.")
    },
    received_subject: |t| format!("Vi har tagit emot din anmälan: {t}"),
    confirmed_intro: |t| format!("Du är anmäld till {t}. Välkommen!"),
    confirmed_subject: |t| format!("Anmälan bekräftad: {t}"),
    link_again_intro: |t| {
        format!(
            "Någon försökte anmäla den här adressen till {t}, men du är redan anmäld. Här är länken till din anmälan."
        )
    },
    link_again_ignore: "Var det inte du kan du bortse från det här mejlet; din anmälan är oförändrad.",
    link_again_subject: |t| format!("Du är redan anmäld: {t}"),
    confirm_address_intro: |t, minutes| {
        format!(
            "Vi håller en plats åt dig på {t}. Bekräfta din e-postadress inom {minutes} minuter, annars går platsen vidare till någon annan."
        )
    },
    confirm_address_button: "Bekräfta min plats",
    confirm_address_subject: |t| format!("Bekräfta din plats: {t}"),
    waitlist_position: |p| format!(" (plats {p})"),
    waitlisted_intro: |t, place| {
        format!(
            "{t} är fullbokat, så du står på väntelistan{place}. Blir en plats ledig får du den automatiskt, och ett mejl om det."
        )
    },
    waitlisted_subject: |t| format!("Du står på väntelistan: {t}"),
    promoted_intro: |t| format!("En plats har blivit ledig och den är nu din. Välkommen till {t}!"),
    promoted_subject: |t| format!("Du har fått en plats: {t}"),
    approved_intro: |t| format!("Er ansökan till {t} är beviljad. Välkomna!"),
    approved_waitlisted_intro: |t, p| {
        format!(
            "Er ansökan till {t} är beviljad, men alla platser är tagna: ni står på väntelistan (plats {p}). Blir en plats ledig får ni den automatiskt, och ett mejl om det."
        )
    },
    approved_subject: |t| format!("Ansökan beviljad: {t}"),
    rejected_intro: |t| format!("Tyvärr kunde er ansökan till {t} inte beviljas den här gången."),
    rejected_subject: |t| format!("Besked om er ansökan: {t}"),
    reminder_intro: |t| format!("Välkommen till {t}! Här är det du behöver veta."),
    reminder_subject: |t| format!("Påminnelse: {t}"),
    reminder_cannot_come: "Kan du inte komma? Avboka, så går platsen till någon på väntelistan.",
    reminder_change_button: "Ändra eller avboka",
    reminder_unsubscribe: "Vill du inte få fler påminnelser? Avsluta dem här: ",
    change_time: "ny tid",
    change_place: "ny plats",
    change_link: "ny länk för att delta digitalt",
    changed_intro: |t, what| format!("{t} har ändrats{what}. Så här gäller nu:"),
    changed_subject: |t| format!("Ändrat: {t}"),
    registration_cancelled_intro: |t, when| format!("Din anmälan till {t} ({when}) är avbokad."),
    registration_cancelled_subject: |t| format!("Anmälan avbokad: {t}"),
    event_cancelled_intro: |t, when| {
        format!("Tyvärr är {t} ({when}) inställt. Din anmälan gäller inte längre.")
    },
    event_cancelled_reason_label: "Arrangörens meddelande",
    event_cancelled_subject: |t| format!("Inställt: {t}"),
    webhook_disabled_subject: |n| format!("Webhook avstängd i {n}"),
    webhook_disabled_intro: |u, n, f| {
        format!(
            "Webhooken till {u} i {n} har stängts av: {f} leveranser i rad till den misslyckades."
        )
    },
    webhook_disabled_hint: "Inget skickas dit medan den är avstängd. Rätta mottagaren och slå på webhooken igen (updateWebhookEndpoint med enabled: true); misslyckade leveranser kan skickas om med redeliverWebhook.",
    webhook_disabled_button: "Öppna nätverket",
    suggestion_received_subject: |t| format!("Tack för ditt förslag: {t}"),
    suggestion_received_intro: |n, t| {
        format!(
            "Vi har tagit emot ditt förslag \"{t}\" till {n}. Arrangörerna går igenom förslagen och återkopplar vad som händer med vart och ett."
        )
    },
    suggestion_follow_button: "Följ ditt förslag",
    suggestion_follow_hint: "Via länken ser du vad som händer med förslaget, och där kan du ta tillbaka det.",
    suggestion_changed_subject: |t| format!("Nytt om ditt förslag: {t}"),
    suggestion_changed_intro: |t, s| format!("Ditt förslag \"{t}\" har ett nytt läge: {s}."),
    suggestion_follow_up_label: "Arrangörernas återkoppling",
    suggestion_planned: |t, w| format!("Det tas upp på {t}, {w}."),
    suggestion_forwarded: |to| format!("Det har skickats vidare till {to}."),
    suggestion_working_group: |g| format!("En arbetsgrupp har bildats: {g}."),
    suggestion_status: |s| super::suggestions::status_name(Locale::Sv, s),
};

const NB: MailTexts = MailTexts {
    greeting_named: |name| format!("Hei {name}!"),
    greeting: "Hei!",
    sign_off: |signature| format!("Vennlig hilsen\n{signature}"),
    manage_button: "Endre eller meld av påmeldingen",
    message_label: "Melding fra arrangøren",
    fact_what: "Hva",
    fact_when: "Når",
    fact_where: "Sted",
    fact_accessibility: "Tilgjengelighet",
    fact_join: "Delta digitalt",
    fact_meeting_details: "Møteinformasjon",
    fact_more_information: "Mer informasjon",
    sign_in_intro: |minutes| {
        format!(
            "Klikk på knappen for å logge inn i Träffpunkt. Lenken gjelder i {minutes} minutter og kan bare brukes én gang."
        )
    },
    sign_in_button: "Logg inn",
    sign_in_code: |token| format!("Eller oppgi koden: {token}"),
    sign_in_ignore: "Har du ikke bedt om å logge inn, kan du se bort fra denne e-posten.",
    sign_in_subject: "Din innloggingslenke til Träffpunkt",
    received_intro: |t| {
        format!("Takk for påmeldingen til {t}. Vi gir beskjed når den er behandlet.")
    },
    received_subject: |t| format!("Vi har mottatt påmeldingen din: {t}"),
    confirmed_intro: |t| format!("Du er påmeldt til {t}. Velkommen!"),
    confirmed_subject: |t| format!("Påmelding bekreftet: {t}"),
    link_again_intro: |t| {
        format!(
            "Noen prøvde å melde på denne adressen til {t}, men du er allerede påmeldt. Her er lenken til påmeldingen din."
        )
    },
    link_again_ignore: "Var det ikke deg, kan du se bort fra denne e-posten; påmeldingen din er uendret.",
    link_again_subject: |t| format!("Du er allerede påmeldt: {t}"),
    confirm_address_intro: |t, minutes| {
        format!(
            "Vi holder av en plass til deg på {t}. Bekreft e-postadressen din innen {minutes} minutter, ellers går plassen videre til en annen."
        )
    },
    confirm_address_button: "Bekreft plassen min",
    confirm_address_subject: |t| format!("Bekreft plassen din: {t}"),
    waitlist_position: |p| format!(" (plass {p})"),
    waitlisted_intro: |t, place| {
        format!(
            "{t} er fullbooket, så du står på ventelisten{place}. Blir en plass ledig, får du den automatisk, og en e-post om det."
        )
    },
    waitlisted_subject: |t| format!("Du står på ventelisten: {t}"),
    promoted_intro: |t| format!("En plass har blitt ledig, og den er nå din. Velkommen til {t}!"),
    promoted_subject: |t| format!("Du har fått plass: {t}"),
    approved_intro: |t| format!("Søknaden deres til {t} er innvilget. Velkommen!"),
    approved_waitlisted_intro: |t, p| {
        format!(
            "Søknaden deres til {t} er innvilget, men alle plassene er tatt: dere står på ventelisten (plass {p}). Blir en plass ledig, får dere den automatisk, og en e-post om det."
        )
    },
    approved_subject: |t| format!("Søknaden er innvilget: {t}"),
    rejected_intro: |t| {
        format!("Dessverre kunne søknaden deres til {t} ikke innvilges denne gangen.")
    },
    rejected_subject: |t| format!("Svar på søknaden: {t}"),
    reminder_intro: |t| format!("Velkommen til {t}! Her er det du trenger å vite."),
    reminder_subject: |t| format!("Påminnelse: {t}"),
    reminder_cannot_come: "Kan du ikke komme? Meld deg av, så går plassen til noen på ventelisten.",
    reminder_change_button: "Endre eller meld av",
    reminder_unsubscribe: "Vil du ikke få flere påminnelser? Avslutt dem her: ",
    change_time: "nytt tidspunkt",
    change_place: "nytt sted",
    change_link: "ny lenke for å delta digitalt",
    changed_intro: |t, what| format!("{t} er endret{what}. Slik er det nå:"),
    changed_subject: |t| format!("Endret: {t}"),
    registration_cancelled_intro: |t, when| {
        format!("Påmeldingen din til {t} ({when}) er avbestilt.")
    },
    registration_cancelled_subject: |t| format!("Påmelding avbestilt: {t}"),
    event_cancelled_intro: |t, when| {
        format!("Dessverre er {t} ({when}) avlyst. Påmeldingen din gjelder ikke lenger.")
    },
    event_cancelled_reason_label: "Melding fra arrangøren",
    event_cancelled_subject: |t| format!("Avlyst: {t}"),
    webhook_disabled_subject: |n| format!("Webhook slått av i {n}"),
    webhook_disabled_intro: |u, n, f| {
        format!("Webhooken til {u} i {n} er slått av: {f} leveranser på rad til den mislyktes.")
    },
    webhook_disabled_hint: "Ingenting sendes dit mens den er slått av. Rett mottakeren og slå webhooken på igjen (updateWebhookEndpoint med enabled: true); mislykkede leveranser kan sendes på nytt med redeliverWebhook.",
    webhook_disabled_button: "Åpne nettverket",
    suggestion_received_subject: |t| format!("Takk for forslaget ditt: {t}"),
    suggestion_received_intro: |n, t| {
        format!(
            "Vi har mottatt forslaget ditt «{t}» til {n}. Arrangørene går gjennom forslagene og gir tilbakemelding om hva som skjer med hvert av dem."
        )
    },
    suggestion_follow_button: "Følg forslaget ditt",
    suggestion_follow_hint: "Via lenken ser du hva som skjer med forslaget, og der kan du trekke det tilbake.",
    suggestion_changed_subject: |t| format!("Nytt om forslaget ditt: {t}"),
    suggestion_changed_intro: |t, s| format!("Forslaget ditt «{t}» har fått ny status: {s}."),
    suggestion_follow_up_label: "Arrangørenes tilbakemelding",
    suggestion_planned: |t, w| format!("Det tas opp på {t}, {w}."),
    suggestion_forwarded: |to| format!("Det er sendt videre til {to}."),
    suggestion_working_group: |g| format!("En arbeidsgruppe er dannet: {g}."),
    suggestion_status: |s| super::suggestions::status_name(Locale::Nb, s),
};

const EN: MailTexts = MailTexts {
    greeting_named: |name| format!("Hello {name},"),
    greeting: "Hello,",
    sign_off: |signature| format!("Kind regards,\n{signature}"),
    manage_button: "Change or cancel your registration",
    message_label: "Message from the organiser",
    fact_what: "What",
    fact_when: "When",
    fact_where: "Where",
    fact_accessibility: "Accessibility",
    fact_join: "Join online",
    fact_meeting_details: "Meeting details",
    fact_more_information: "More information",
    sign_in_intro: |minutes| {
        format!(
            "Use the button to sign in to Träffpunkt. The link is valid for {minutes} minutes and works only once."
        )
    },
    sign_in_button: "Sign in",
    sign_in_code: |token| format!("Or enter this code: {token}"),
    sign_in_ignore: "If you did not ask to sign in, you can ignore this email.",
    sign_in_subject: "Your sign-in link for Träffpunkt",
    received_intro: |t| {
        format!(
            "Thank you for registering for {t}. We will let you know when it has been processed."
        )
    },
    received_subject: |t| format!("We have received your registration: {t}"),
    confirmed_intro: |t| format!("You are registered for {t}. Welcome!"),
    confirmed_subject: |t| format!("Registration confirmed: {t}"),
    link_again_intro: |t| {
        format!(
            "Someone tried to register this address for {t}, but you are registered already. Here is the link to your registration."
        )
    },
    link_again_ignore: "If this was not you, you can ignore this email; your registration is unchanged.",
    link_again_subject: |t| format!("You are registered already: {t}"),
    confirm_address_intro: |t, minutes| {
        format!(
            "We are holding a seat for you at {t}. Confirm your email address within {minutes} minutes, or the seat passes to someone else."
        )
    },
    confirm_address_button: "Confirm my seat",
    confirm_address_subject: |t| format!("Confirm your seat: {t}"),
    waitlist_position: |p| format!(" (position {p})"),
    waitlisted_intro: |t, place| {
        format!(
            "{t} is full, so you are on the waiting list{place}. If a seat frees up, it is yours automatically and we will email you."
        )
    },
    waitlisted_subject: |t| format!("You are on the waiting list: {t}"),
    promoted_intro: |t| format!("A seat has become free and it is now yours. Welcome to {t}!"),
    promoted_subject: |t| format!("You have a seat: {t}"),
    approved_intro: |t| format!("Your application to {t} has been approved. Welcome!"),
    approved_waitlisted_intro: |t, p| {
        format!(
            "Your application to {t} has been approved, but every seat is taken: you are on the waiting list (position {p}). If a seat frees up, it is yours automatically and we will email you."
        )
    },
    approved_subject: |t| format!("Application approved: {t}"),
    rejected_intro: |t| {
        format!("Unfortunately, your application to {t} could not be approved this time.")
    },
    rejected_subject: |t| format!("About your application: {t}"),
    reminder_intro: |t| format!("Welcome to {t}! Here is what you need to know."),
    reminder_subject: |t| format!("Reminder: {t}"),
    reminder_cannot_come: "Can't come after all? Cancel, and your seat goes to someone on the waiting list.",
    reminder_change_button: "Change or cancel",
    reminder_unsubscribe: "Don't want more reminders? Unsubscribe here: ",
    change_time: "new time",
    change_place: "new place",
    change_link: "new link to join online",
    changed_intro: |t, what| format!("{t} has changed{what}. This is how it stands now:"),
    changed_subject: |t| format!("Changed: {t}"),
    registration_cancelled_intro: |t, when| {
        format!("Your registration for {t} ({when}) has been cancelled.")
    },
    registration_cancelled_subject: |t| format!("Registration cancelled: {t}"),
    event_cancelled_intro: |t, when| {
        format!(
            "Unfortunately, {t} ({when}) has been cancelled. Your registration no longer applies."
        )
    },
    event_cancelled_reason_label: "The organiser's message",
    event_cancelled_subject: |t| format!("Cancelled: {t}"),
    webhook_disabled_subject: |n| format!("Webhook disabled in {n}"),
    webhook_disabled_intro: |u, n, f| {
        format!(
            "The webhook to {u} in {n} has been disabled: {f} deliveries in a row to it failed."
        )
    },
    webhook_disabled_hint: "Nothing is sent there while it is disabled. Fix the receiver and enable the webhook again (updateWebhookEndpoint with enabled: true); failed deliveries can be sent again with redeliverWebhook.",
    webhook_disabled_button: "Open the network",
    suggestion_received_subject: |t| format!("Thank you for your suggestion: {t}"),
    suggestion_received_intro: |n, t| {
        format!(
            "We have received your suggestion \"{t}\" for {n}. The organisers go through the suggestions and report back what happens to each."
        )
    },
    suggestion_follow_button: "Follow your suggestion",
    suggestion_follow_hint: "The link shows what happens to your suggestion, and there you can withdraw it.",
    suggestion_changed_subject: |t| format!("News about your suggestion: {t}"),
    suggestion_changed_intro: |t, s| format!("Your suggestion \"{t}\" has a new state: {s}."),
    suggestion_follow_up_label: "The organisers' follow-up",
    suggestion_planned: |t, w| format!("It will be taken up at {t}, {w}."),
    suggestion_forwarded: |to| format!("It has been forwarded to {to}."),
    suggestion_working_group: |g| format!("A working group has been formed: {g}."),
    suggestion_status: |s| super::suggestions::status_name(Locale::En, s),
};

/// The mail phrases of `locale`.
pub fn texts(locale: Locale) -> &'static MailTexts {
    match locale {
        Locale::Sv => &SV,
        Locale::Nb => &NB,
        Locale::En => &EN,
    }
}
