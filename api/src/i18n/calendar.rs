//! The words calendar feeds, invitations and "add to calendar" links add to
//! an event's own texts, per language.

use super::Locale;

/// The words of a feed, in one language.
#[derive(Debug)]
pub struct Words {
    /// Before the title of a cancelled event ("INSTÄLLT: …").
    pub cancelled: &'static str,
    /// Heading of the agenda in a description.
    pub programme: &'static str,
    /// Heading of the speakers who belong to no agenda item.
    pub speakers: &'static str,
    /// The join link's label (and the location of an online-only event without provider).
    pub join_online: &'static str,
    /// Label of the online meeting's number.
    pub meeting_number: &'static str,
    /// Label of the online meeting's passcode.
    pub passcode: &'static str,
    /// Label of the dial-in numbers.
    pub dial_in: &'static str,
    /// Label of the accessibility notes.
    pub accessibility: &'static str,
    /// Label of the link to the event's page.
    pub more_information: &'static str,
    /// The location of an online event.
    pub online: &'static str,
    /// The name of a person's own feed ("Mina evenemang – Åsa").
    pub my_events: &'static str,
}

const SWEDISH: Words = Words {
    cancelled: "INSTÄLLT",
    programme: "Program",
    speakers: "Medverkande",
    join_online: "Delta online",
    meeting_number: "Mötesnummer",
    passcode: "Lösenord",
    dial_in: "Ring in",
    accessibility: "Tillgänglighet",
    more_information: "Mer information",
    online: "Online",
    my_events: "Mina evenemang",
};

const NORWEGIAN: Words = Words {
    cancelled: "AVLYST",
    programme: "Program",
    speakers: "Medvirkende",
    join_online: "Delta digitalt",
    meeting_number: "Møtenummer",
    passcode: "Passord",
    dial_in: "Ring inn",
    accessibility: "Tilgjengelighet",
    more_information: "Mer informasjon",
    online: "Digitalt",
    my_events: "Mine arrangementer",
};

const ENGLISH: Words = Words {
    cancelled: "CANCELLED",
    programme: "Programme",
    speakers: "Speakers",
    join_online: "Join online",
    meeting_number: "Meeting number",
    passcode: "Passcode",
    dial_in: "Dial-in",
    accessibility: "Accessibility",
    more_information: "More information",
    online: "Online",
    my_events: "My events",
};

/// The feed words of `locale`.
pub fn words(locale: Locale) -> &'static Words {
    match locale {
        Locale::Sv => &SWEDISH,
        Locale::Nb => &NORWEGIAN,
        Locale::En => &ENGLISH,
    }
}
