//! The words of the console's theme suggestions page
//! (`/organise/networks/{id}/suggestions`) in Swedish, Norwegian Bokmål and
//! English. The suggestions' own words (states, labels) are in
//! [`crate::i18n::suggestions`].

use crate::i18n::Locale;

/// Every text of the console's suggestions page, in one language.
#[derive(Debug)]
pub struct ConsoleSuggestionStrings {
    /// The introduction.
    pub intro: &'static str,
    /// Whether the network takes suggestions: the checkbox.
    pub open_label: &'static str,
    /// The button that saves it.
    pub save_open: &'static str,
    /// When none has come in.
    pub none: &'static str,
    /// Label: who sent it.
    pub sender: &'static str,
    /// Label: the new state.
    pub new_status: &'static str,
    /// Label: the follow-up text.
    pub follow_up: &'static str,
    /// What the follow-up is for.
    pub follow_up_hint: &'static str,
    /// Label: the meeting.
    pub meeting: &'static str,
    /// The choice of no meeting.
    pub no_meeting: &'static str,
    /// The button that saves a change of state.
    pub save_status: &'static str,
    /// Button: publish.
    pub publish: &'static str,
    /// Button: hide.
    pub hide: &'static str,
    /// Shown: published.
    pub is_published: &'static str,
    /// Shown: not published.
    pub is_hidden: &'static str,
    /// Notice: saved.
    pub done_saved: &'static str,
    /// Error: the follow-up is missing.
    pub err_follow_up: &'static str,
    /// Error: the meeting is missing.
    pub err_meeting: &'static str,
    /// Error: to whom is missing.
    pub err_forwarded: &'static str,
    /// Error: the group is missing.
    pub err_group: &'static str,
    /// Error: withdrawn.
    pub err_withdrawn: &'static str,
    /// The form has errors.
    pub has_errors: &'static str,
}

const SV: ConsoleSuggestionStrings = ConsoleSuggestionStrings {
    intro: "Förslagen som kommit in, senast ändrade först. Varje ändring av läget mejlas till den som skickade förslaget, och återkopplingen visas offentligt när förslaget är publicerat.",
    open_label: "Ta emot förslag på teman",
    save_open: "Spara",
    none: "Inga förslag har kommit in.",
    sender: "Skickat av",
    new_status: "Nytt läge",
    follow_up: "Återkoppling",
    follow_up_hint: "Skrivs till den som föreslog och visas offentligt om förslaget är publicerat.",
    meeting: "Möte",
    no_meeting: "Inget möte",
    save_status: "Spara läget",
    publish: "Publicera",
    hide: "Dölj",
    is_published: "Publicerat",
    is_hidden: "Inte publicerat",
    done_saved: "Sparat.",
    err_follow_up: "Skriv en återkoppling.",
    err_meeting: "Välj mötet där förslaget tas upp.",
    err_forwarded: "Skriv vart förslaget skickats vidare.",
    err_group: "Skriv arbetsgruppen och dess kontakt.",
    err_withdrawn: "Förslaget är tillbakataget.",
    has_errors: "Läget sparades inte.",
};

const NB: ConsoleSuggestionStrings = ConsoleSuggestionStrings {
    intro: "Forslagene som har kommet inn, sist endret først. Hver endring av status sendes på e-post til den som sendte forslaget, og tilbakemeldingen vises offentlig når forslaget er publisert.",
    open_label: "Ta imot forslag til temaer",
    save_open: "Lagre",
    none: "Ingen forslag har kommet inn.",
    sender: "Sendt av",
    new_status: "Ny status",
    follow_up: "Tilbakemelding",
    follow_up_hint: "Sendes til den som foreslo og vises offentlig hvis forslaget er publisert.",
    meeting: "Møte",
    no_meeting: "Ingen møte",
    save_status: "Lagre status",
    publish: "Publiser",
    hide: "Skjul",
    is_published: "Publisert",
    is_hidden: "Ikke publisert",
    done_saved: "Lagret.",
    err_follow_up: "Skriv en tilbakemelding.",
    err_meeting: "Velg møtet der forslaget tas opp.",
    err_forwarded: "Skriv hvor forslaget er sendt videre.",
    err_group: "Skriv arbeidsgruppen og kontakten dens.",
    err_withdrawn: "Forslaget er trukket tilbake.",
    has_errors: "Statusen ble ikke lagret.",
};

const EN: ConsoleSuggestionStrings = ConsoleSuggestionStrings {
    intro: "The suggestions that came in, latest changed first. Every change of state is mailed to whoever sent the suggestion, and the follow-up is shown publicly once the suggestion is published.",
    open_label: "Take theme suggestions",
    save_open: "Save",
    none: "No suggestions have come in.",
    sender: "Sent by",
    new_status: "New state",
    follow_up: "Follow-up",
    follow_up_hint: "Sent to whoever suggested it, and shown publicly if the suggestion is published.",
    meeting: "Meeting",
    no_meeting: "No meeting",
    save_status: "Save the state",
    publish: "Publish",
    hide: "Hide",
    is_published: "Published",
    is_hidden: "Not published",
    done_saved: "Saved.",
    err_follow_up: "Write a follow-up.",
    err_meeting: "Choose the meeting where it is taken up.",
    err_forwarded: "Say to whom it was forwarded.",
    err_group: "Name the working group and its contact.",
    err_withdrawn: "The suggestion has been withdrawn.",
    has_errors: "The state was not saved.",
};

/// The console suggestions page's words in `locale`.
pub fn console_suggestion_strings(locale: Locale) -> &'static ConsoleSuggestionStrings {
    match locale {
        Locale::Sv => &SV,
        Locale::Nb => &NB,
        Locale::En => &EN,
    }
}
