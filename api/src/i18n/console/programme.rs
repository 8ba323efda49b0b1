//! The words of the console's programme page (`/organise/events/{id}/programme`
//! and `/organise/agenda/{id}/edit`): an event's agenda items and speakers,
//! in Swedish, Norwegian Bokmål and English.

use crate::i18n::Locale;

/// Every text the programme page shows, in one language.
#[derive(Debug)]
pub struct ProgrammeStrings {
    /// The page's heading (before the event's title).
    pub heading: &'static str,
    /// "Times are in the event's time zone ({zone})."
    pub zone_note: fn(&str) -> String,
    /// Heading of the agenda.
    pub agenda: &'static str,
    /// When the event has no agenda items.
    pub no_items: &'static str,
    /// Label: the item's room or location.
    pub room: &'static str,
    /// Label: the item's time.
    pub time: &'static str,
    /// An item without a time.
    pub no_time: &'static str,
    /// Heading of an item's speakers.
    pub speakers: &'static str,
    /// An item without speakers.
    pub no_speakers: &'static str,
    /// Heading of the speakers tied to no item.
    pub unassigned: &'static str,
    /// Button: move an item earlier (its name follows for screen readers).
    pub move_up: &'static str,
    /// Button: move an item later (its name follows for screen readers).
    pub move_down: &'static str,
    /// Link: edit an item.
    pub edit_item: &'static str,
    /// Button: remove an item.
    pub remove_item: &'static str,
    /// Heading of the form for a new item.
    pub add_item: &'static str,
    /// The new item's button.
    pub add_item_button: &'static str,
    /// Heading of the form for an item's changes.
    pub edit_heading: &'static str,
    /// Label: the item's room or location.
    pub field_room: &'static str,
    /// What to do for an item without a time.
    pub times_hint: &'static str,
    /// Heading of the form for a new speaker.
    pub add_speaker: &'static str,
    /// The new speaker's button.
    pub add_speaker_button: &'static str,
    /// Label: the speaker's name.
    pub field_name: &'static str,
    /// Label: the speaker's address (optional).
    pub field_email: &'static str,
    /// What an address does (and that no mail is sent).
    pub email_hint: &'static str,
    /// Label: the speaker's organisation.
    pub field_affiliation: &'static str,
    /// Label: the speaker's role.
    pub field_role: &'static str,
    /// Label: the item a speaker speaks at.
    pub field_item: &'static str,
    /// The choice of no particular item.
    pub no_item: &'static str,
    /// Label: whether the speaker has accepted.
    pub field_status: &'static str,
    /// Status: asked, no answer yet.
    pub status_invited: &'static str,
    /// Status: has accepted.
    pub status_confirmed: &'static str,
    /// Status: has declined.
    pub status_declined: &'static str,
    /// Button: save a speaker's status and item.
    pub save_speaker: &'static str,
    /// Button: remove a speaker.
    pub remove_speaker: &'static str,
    /// Link back to the programme from an item's form.
    pub back_to_programme: &'static str,
    /// Notice: an item was added.
    pub done_item_added: &'static str,
    /// Notice: an item was saved.
    pub done_item_saved: &'static str,
    /// Notice: an item was removed.
    pub done_item_removed: &'static str,
    /// Notice: the order changed.
    pub done_moved: &'static str,
    /// Notice: a speaker was added.
    pub done_speaker_added: &'static str,
    /// Notice: a speaker was saved.
    pub done_speaker_saved: &'static str,
    /// Notice: a speaker was removed.
    pub done_speaker_removed: &'static str,
    /// Refusal: the programme changed meanwhile (another organiser).
    pub err_changed: &'static str,
    /// Error: not an address.
    pub err_email: &'static str,
    /// Error: no such item (removed meanwhile).
    pub err_item: &'static str,
    /// Error: an end without a start.
    pub err_end_without_start: &'static str,
}

const SV: ProgrammeStrings = ProgrammeStrings {
    heading: "Program",
    zone_note: |zone| format!("Tiderna anges i träffens tidszon ({zone})."),
    agenda: "Programpunkter",
    no_items: "Inga programpunkter ännu.",
    room: "Lokal",
    time: "Tid",
    no_time: "Ingen tid",
    speakers: "Talare",
    no_speakers: "Inga talare.",
    unassigned: "Talare utan programpunkt",
    move_up: "Flytta upp",
    move_down: "Flytta ned",
    edit_item: "Redigera",
    remove_item: "Ta bort",
    add_item: "Lägg till en programpunkt",
    add_item_button: "Lägg till programpunkten",
    edit_heading: "Redigera programpunkten",
    field_room: "Lokal eller plats",
    times_hint: "Lämna tiderna tomma för en punkt utan tid. Ett slut behöver en början.",
    add_speaker: "Lägg till en talare",
    add_speaker_button: "Lägg till talaren",
    field_name: "Namn",
    field_email: "E-postadress (frivillig)",
    email_hint: "Med en adress kan talaren logga in och se länken till mötet när hen har tackat ja. Träffpunkt skickar ingen inbjudan: fråga talaren själv och ändra sedan status.",
    field_affiliation: "Organisation",
    field_role: "Roll, till exempel moderator",
    field_item: "Programpunkt",
    no_item: "Ingen särskild programpunkt",
    field_status: "Status",
    status_invited: "Inbjuden",
    status_confirmed: "Har tackat ja",
    status_declined: "Har tackat nej",
    save_speaker: "Spara",
    remove_speaker: "Ta bort",
    back_to_programme: "Tillbaka till programmet",
    done_item_added: "Programpunkten är tillagd.",
    done_item_saved: "Programpunkten är sparad.",
    done_item_removed: "Programpunkten är borttagen. Dess talare finns kvar utan programpunkt.",
    done_moved: "Ordningen är ändrad.",
    done_speaker_added: "Talaren är tillagd.",
    done_speaker_saved: "Talaren är sparad.",
    done_speaker_removed: "Talaren är borttagen.",
    err_changed: "Programmet ändrades under tiden. Se över det och försök igen.",
    err_email: "Skriv en e-postadress, till exempel namn@kommun.se, eller lämna fältet tomt.",
    err_item: "Välj en programpunkt i listan.",
    err_end_without_start: "Ett slut behöver en början.",
};

const NB: ProgrammeStrings = ProgrammeStrings {
    heading: "Program",
    zone_note: |zone| format!("Tidene er oppgitt i samlingens tidssone ({zone})."),
    agenda: "Programposter",
    no_items: "Ingen programposter ennå.",
    room: "Rom",
    time: "Tid",
    no_time: "Ingen tid",
    speakers: "Foredragsholdere",
    no_speakers: "Ingen foredragsholdere.",
    unassigned: "Foredragsholdere uten programpost",
    move_up: "Flytt opp",
    move_down: "Flytt ned",
    edit_item: "Rediger",
    remove_item: "Fjern",
    add_item: "Legg til en programpost",
    add_item_button: "Legg til programposten",
    edit_heading: "Rediger programposten",
    field_room: "Rom eller sted",
    times_hint: "La tidene stå tomme for en post uten tid. En slutt trenger en start.",
    add_speaker: "Legg til en foredragsholder",
    add_speaker_button: "Legg til foredragsholderen",
    field_name: "Navn",
    field_email: "E-postadresse (valgfritt)",
    email_hint: "Med en adresse kan foredragsholderen logge inn og se lenken til møtet når hen har takket ja. Träffpunkt sender ingen invitasjon: spør foredragsholderen selv og endre deretter status.",
    field_affiliation: "Organisasjon",
    field_role: "Rolle, for eksempel ordstyrer",
    field_item: "Programpost",
    no_item: "Ingen bestemt programpost",
    field_status: "Status",
    status_invited: "Invitert",
    status_confirmed: "Har takket ja",
    status_declined: "Har takket nei",
    save_speaker: "Lagre",
    remove_speaker: "Fjern",
    back_to_programme: "Tilbake til programmet",
    done_item_added: "Programposten er lagt til.",
    done_item_saved: "Programposten er lagret.",
    done_item_removed: "Programposten er fjernet. Foredragsholderne står igjen uten programpost.",
    done_moved: "Rekkefølgen er endret.",
    done_speaker_added: "Foredragsholderen er lagt til.",
    done_speaker_saved: "Foredragsholderen er lagret.",
    done_speaker_removed: "Foredragsholderen er fjernet.",
    err_changed: "Programmet ble endret i mellomtiden. Se over det og prøv igjen.",
    err_email: "Skriv en e-postadresse, for eksempel navn@kommune.no, eller la feltet stå tomt.",
    err_item: "Velg en programpost i listen.",
    err_end_without_start: "En slutt trenger en start.",
};

const EN: ProgrammeStrings = ProgrammeStrings {
    heading: "Programme",
    zone_note: |zone| format!("Times are in the event's time zone ({zone})."),
    agenda: "Agenda",
    no_items: "No agenda items yet.",
    room: "Room",
    time: "Time",
    no_time: "No time",
    speakers: "Speakers",
    no_speakers: "No speakers.",
    unassigned: "Speakers without an agenda item",
    move_up: "Move up",
    move_down: "Move down",
    edit_item: "Edit",
    remove_item: "Remove",
    add_item: "Add an agenda item",
    add_item_button: "Add the item",
    edit_heading: "Edit the agenda item",
    field_room: "Room or location",
    times_hint: "Leave the times empty for an item without a time. An end needs a start.",
    add_speaker: "Add a speaker",
    add_speaker_button: "Add the speaker",
    field_name: "Name",
    field_email: "Email address (optional)",
    email_hint: "With an address the speaker can sign in and see the meeting link once they have accepted. Träffpunkt sends no invitation: ask the speaker yourself, then change their status.",
    field_affiliation: "Affiliation",
    field_role: "Role, for example moderator",
    field_item: "Agenda item",
    no_item: "No particular item",
    field_status: "Status",
    status_invited: "Invited",
    status_confirmed: "Accepted",
    status_declined: "Declined",
    save_speaker: "Save",
    remove_speaker: "Remove",
    back_to_programme: "Back to the programme",
    done_item_added: "The agenda item has been added.",
    done_item_saved: "The agenda item has been saved.",
    done_item_removed: "The agenda item has been removed. Its speakers remain, without an item.",
    done_moved: "The order has been changed.",
    done_speaker_added: "The speaker has been added.",
    done_speaker_saved: "The speaker has been saved.",
    done_speaker_removed: "The speaker has been removed.",
    err_changed: "The programme changed in the meantime. Check it and try again.",
    err_email: "Enter an email address, for example name@municipality.se, or leave the field empty.",
    err_item: "Choose an agenda item from the list.",
    err_end_without_start: "An end needs a start.",
};

/// The programme page's words in `locale`.
pub fn programme_strings(locale: Locale) -> &'static ProgrammeStrings {
    match locale {
        Locale::Sv => &SV,
        Locale::Nb => &NB,
        Locale::En => &EN,
    }
}
