//! The words of theme suggestions on the pages (a network's suggestions,
//! the suggester's follow page, the event page's "suggestions from
//! participants") and the names of their states, which mails and feeds
//! use too, in Swedish, Norwegian Bokmål and English.

use entities::SuggestionStatus;

use super::Locale;

/// Every text the suggestion pages show, in one language.
#[derive(Debug)]
pub struct SuggestionStrings {
    /// The heading of a network's suggestions (and its section).
    pub title: &'static str,
    /// What suggestions are and the promise to report back.
    pub intro: &'static str,
    /// Heading of the form.
    pub form_heading: &'static str,
    /// Label: the theme.
    pub field_title: &'static str,
    /// Label: the description.
    pub field_description: &'static str,
    /// Label: the guest's name.
    pub field_name: &'static str,
    /// Label: the guest's address.
    pub field_email: &'static str,
    /// What the address is for, and who sees it.
    pub email_hint: &'static str,
    /// For a signed-in person: whose name it goes in.
    pub signed_in_as: fn(&str) -> String,
    /// The form's button.
    pub submit: &'static str,
    /// When the network takes no suggestions.
    pub closed: &'static str,
    /// When none is published.
    pub none: &'static str,
    /// The answer's heading after sending.
    pub sent_title: &'static str,
    /// The answer's text after sending.
    pub sent_text: &'static str,
    /// When the form was refused.
    pub form_has_errors: &'static str,
    /// Error: no theme.
    pub err_title: &'static str,
    /// Error: no description.
    pub err_description: &'static str,
    /// Error: no name.
    pub err_name: &'static str,
    /// Error: not an address.
    pub err_email: &'static str,
    /// Error: too long.
    pub err_too_long: &'static str,
    /// Error: too many from this network.
    pub err_rate_limited: &'static str,
    /// Label of a suggestion's state.
    pub status: &'static str,
    /// Heading of a suggestion's history.
    pub history: &'static str,
    /// Label: the meeting that takes it up.
    pub taken_up_at: &'static str,
    /// Label: to whom it was forwarded.
    pub forwarded_to: &'static str,
    /// Label: the working group.
    pub working_group: &'static str,
    /// Label: when it was sent in.
    pub sent_in: &'static str,
    /// The link from the network page to all suggestions.
    pub see_all: &'static str,
    /// The link to the follow-up feed.
    pub feed: &'static str,
    /// The follow page's heading.
    pub follow_title: &'static str,
    /// The follow page: it is shown publicly.
    pub published_note: &'static str,
    /// The follow page: it is not shown publicly (yet).
    pub unpublished_note: &'static str,
    /// The follow page: the link does not work.
    pub unusable_title: &'static str,
    /// The follow page: why.
    pub unusable_text: &'static str,
    /// Heading and button: withdraw.
    pub withdraw: &'static str,
    /// What withdrawing does.
    pub withdraw_hint: &'static str,
    /// After withdrawing: heading.
    pub withdrawn_title: &'static str,
    /// After withdrawing: text.
    pub withdrawn_text: &'static str,
    /// The event page's and the feed's heading of the suggestions it takes up.
    pub from_participants: &'static str,
    /// The link back to the network's suggestions.
    pub back: &'static str,
}

const SV: SuggestionStrings = SuggestionStrings {
    title: "Förslag på teman",
    intro: "Skicka gärna in förslag på teman till nätverket. Arrangörerna går igenom förslagen och återkopplar här vad som händer med vart och ett.",
    form_heading: "Skicka ett förslag",
    field_title: "Tema",
    field_description: "Beskriv förslaget",
    field_name: "Ditt namn",
    field_email: "Din e-postadress",
    email_hint: "Dit skickar vi en länk där du följer förslaget. Bara nätverkets arrangörer ser adressen.",
    signed_in_as: |name| format!("Du skickar förslaget som {name}."),
    submit: "Skicka förslaget",
    closed: "Nätverket tar inte emot förslag just nu.",
    none: "Inga förslag har publicerats ännu.",
    sent_title: "Tack för ditt förslag",
    sent_text: "Vi har skickat en länk till din e-post. Där ser du vad som händer med förslaget.",
    form_has_errors: "Förslaget skickades inte. Rätta det som är markerat nedan.",
    err_title: "Skriv ett tema.",
    err_description: "Beskriv förslaget.",
    err_name: "Skriv ditt namn.",
    err_email: "Skriv en e-postadress, till exempel namn@kommun.se.",
    err_too_long: "Texten är för lång.",
    err_rate_limited: "Många förslag har kommit från ditt nätverk. Försök igen om en stund.",
    status: "Läge",
    history: "Vad som har hänt",
    taken_up_at: "Tas upp på",
    forwarded_to: "Skickat vidare till",
    working_group: "Arbetsgrupp",
    sent_in: "Inskickat",
    see_all: "Alla förslag och vad som hänt med dem",
    feed: "Följ återkopplingen som flöde (Atom)",
    follow_title: "Ditt förslag",
    published_note: "Förslaget visas på nätverkets sida.",
    unpublished_note: "Förslaget visas inte offentligt.",
    unusable_title: "Länken fungerar inte",
    unusable_text: "Länken är felaktig eller hör till ett förslag som inte finns kvar.",
    withdraw: "Ta tillbaka förslaget",
    withdraw_hint: "Förslaget försvinner från nätverkets sidor och följs inte upp mer.",
    withdrawn_title: "Förslaget är tillbakataget",
    withdrawn_text: "Förslaget visas inte längre och följs inte upp mer.",
    from_participants: "Förslag från deltagare",
    back: "Tillbaka till förslagen",
};

const NB: SuggestionStrings = SuggestionStrings {
    title: "Forslag til temaer",
    intro: "Send gjerne inn forslag til temaer til nettverket. Arrangørene går gjennom forslagene og gir her tilbakemelding om hva som skjer med hvert av dem.",
    form_heading: "Send et forslag",
    field_title: "Tema",
    field_description: "Beskriv forslaget",
    field_name: "Navnet ditt",
    field_email: "E-postadressen din",
    email_hint: "Dit sender vi en lenke der du følger forslaget. Bare nettverkets arrangører ser adressen.",
    signed_in_as: |name| format!("Du sender forslaget som {name}."),
    submit: "Send forslaget",
    closed: "Nettverket tar ikke imot forslag nå.",
    none: "Ingen forslag er publisert ennå.",
    sent_title: "Takk for forslaget ditt",
    sent_text: "Vi har sendt en lenke til e-posten din. Der ser du hva som skjer med forslaget.",
    form_has_errors: "Forslaget ble ikke sendt. Rett det som er markert nedenfor.",
    err_title: "Skriv et tema.",
    err_description: "Beskriv forslaget.",
    err_name: "Skriv navnet ditt.",
    err_email: "Skriv en e-postadresse, for eksempel navn@kommune.no.",
    err_too_long: "Teksten er for lang.",
    err_rate_limited: "Mange forslag har kommet fra nettverket ditt. Prøv igjen om litt.",
    status: "Status",
    history: "Hva som har skjedd",
    taken_up_at: "Tas opp på",
    forwarded_to: "Sendt videre til",
    working_group: "Arbeidsgruppe",
    sent_in: "Sendt inn",
    see_all: "Alle forslag og hva som har skjedd med dem",
    feed: "Følg tilbakemeldingene som strøm (Atom)",
    follow_title: "Forslaget ditt",
    published_note: "Forslaget vises på nettverkets side.",
    unpublished_note: "Forslaget vises ikke offentlig.",
    unusable_title: "Lenken virker ikke",
    unusable_text: "Lenken er feil eller hører til et forslag som ikke finnes lenger.",
    withdraw: "Trekk forslaget tilbake",
    withdraw_hint: "Forslaget forsvinner fra nettverkets sider og følges ikke opp mer.",
    withdrawn_title: "Forslaget er trukket tilbake",
    withdrawn_text: "Forslaget vises ikke lenger og følges ikke opp mer.",
    from_participants: "Forslag fra deltakere",
    back: "Tilbake til forslagene",
};

const EN: SuggestionStrings = SuggestionStrings {
    title: "Theme suggestions",
    intro: "You are welcome to suggest themes to the network. The organisers go through the suggestions and report back here what happens to each of them.",
    form_heading: "Send a suggestion",
    field_title: "Theme",
    field_description: "Describe your suggestion",
    field_name: "Your name",
    field_email: "Your email address",
    email_hint: "We send a link there where you can follow your suggestion. Only the network's organisers see the address.",
    signed_in_as: |name| format!("You send the suggestion as {name}."),
    submit: "Send the suggestion",
    closed: "The network does not take suggestions at the moment.",
    none: "No suggestions have been published yet.",
    sent_title: "Thank you for your suggestion",
    sent_text: "We have sent a link to your email. There you can see what happens to your suggestion.",
    form_has_errors: "The suggestion was not sent. Correct what is marked below.",
    err_title: "Write a theme.",
    err_description: "Describe your suggestion.",
    err_name: "Write your name.",
    err_email: "Write an email address, for example name@municipality.se.",
    err_too_long: "The text is too long.",
    err_rate_limited: "Many suggestions have come from your network. Try again in a while.",
    status: "State",
    history: "What has happened",
    taken_up_at: "To be taken up at",
    forwarded_to: "Forwarded to",
    working_group: "Working group",
    sent_in: "Sent in",
    see_all: "All suggestions and what happened to them",
    feed: "Follow the follow-ups as a feed (Atom)",
    follow_title: "Your suggestion",
    published_note: "The suggestion is shown on the network's page.",
    unpublished_note: "The suggestion is not shown publicly.",
    unusable_title: "The link does not work",
    unusable_text: "The link is wrong, or belongs to a suggestion that no longer exists.",
    withdraw: "Withdraw the suggestion",
    withdraw_hint: "The suggestion disappears from the network's pages and is not followed up any more.",
    withdrawn_title: "The suggestion is withdrawn",
    withdrawn_text: "The suggestion is no longer shown and is not followed up any more.",
    from_participants: "Suggestions from participants",
    back: "Back to the suggestions",
};

/// The suggestion pages' words in `locale`.
pub fn suggestion_strings(locale: Locale) -> &'static SuggestionStrings {
    match locale {
        Locale::Sv => &SV,
        Locale::Nb => &NB,
        Locale::En => &EN,
    }
}

/// The name of a suggestion's state in `locale`, as written inside a
/// sentence ("under beredning").
pub fn status_name(locale: Locale, status: SuggestionStatus) -> &'static str {
    use SuggestionStatus as S;
    match (locale, status) {
        (Locale::Sv, S::New) => "nytt",
        (Locale::Sv, S::UnderReview) => "under beredning",
        (Locale::Sv, S::Planned) => "planerat",
        (Locale::Sv, S::Forwarded) => "skickat vidare",
        (Locale::Sv, S::WorkingGroup) => "arbetsgrupp bildad",
        (Locale::Sv, S::Done) => "genomfört",
        (Locale::Sv, S::Declined) => "går inte vidare",
        (Locale::Sv, S::Withdrawn) => "tillbakataget",
        (Locale::Nb, S::New) => "nytt",
        (Locale::Nb, S::UnderReview) => "under behandling",
        (Locale::Nb, S::Planned) => "planlagt",
        (Locale::Nb, S::Forwarded) => "sendt videre",
        (Locale::Nb, S::WorkingGroup) => "arbeidsgruppe dannet",
        (Locale::Nb, S::Done) => "gjennomført",
        (Locale::Nb, S::Declined) => "går ikke videre",
        (Locale::Nb, S::Withdrawn) => "trukket tilbake",
        (Locale::En, S::New) => "new",
        (Locale::En, S::UnderReview) => "under review",
        (Locale::En, S::Planned) => "planned",
        (Locale::En, S::Forwarded) => "forwarded",
        (Locale::En, S::WorkingGroup) => "working group formed",
        (Locale::En, S::Done) => "done",
        (Locale::En, S::Declined) => "not taken further",
        (Locale::En, S::Withdrawn) => "withdrawn",
    }
}
