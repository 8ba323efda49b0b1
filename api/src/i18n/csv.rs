//! The header row of the CSV export of an event's registrations, per
//! language (the columns before the event's own questions).

use super::Locale;

/// The export's column names, in one language.
#[derive(Debug)]
pub struct CsvHeaders {
    /// The participant's name.
    pub name: &'static str,
    /// Their email address.
    pub email: &'static str,
    /// Their organisation.
    pub organisation: &'static str,
    /// In person or online.
    pub mode: &'static str,
    /// The registration's status.
    pub status: &'static str,
    /// The place on the waiting list.
    pub waitlist_position: &'static str,
    /// When they registered (the zone follows in brackets).
    pub registered_at: &'static str,
    /// When they were checked in (the zone follows).
    pub checked_in_at: &'static str,
    /// Their accessibility needs.
    pub accessibility_needs: &'static str,
    /// Their dietary needs.
    pub dietary_needs: &'static str,
    /// When they gave their consent (the zone follows).
    pub consent_given_at: &'static str,
}

const SV: CsvHeaders = CsvHeaders {
    name: "Namn",
    email: "E-post",
    organisation: "Organisation",
    mode: "Deltar",
    status: "Status",
    waitlist_position: "Plats i kön",
    registered_at: "Anmäld",
    checked_in_at: "Incheckad",
    accessibility_needs: "Behov av anpassning",
    dietary_needs: "Specialkost",
    consent_given_at: "Samtycke givet",
};

const NB: CsvHeaders = CsvHeaders {
    name: "Navn",
    email: "E-post",
    organisation: "Organisasjon",
    mode: "Deltar",
    status: "Status",
    waitlist_position: "Plass i køen",
    registered_at: "Påmeldt",
    checked_in_at: "Sjekket inn",
    accessibility_needs: "Behov for tilrettelegging",
    dietary_needs: "Spesialkost",
    consent_given_at: "Samtykke gitt",
};

const EN: CsvHeaders = CsvHeaders {
    name: "Name",
    email: "Email",
    organisation: "Organisation",
    mode: "Mode",
    status: "Status",
    waitlist_position: "Waitlist position",
    registered_at: "Registered at",
    checked_in_at: "Checked in at",
    accessibility_needs: "Accessibility needs",
    dietary_needs: "Dietary needs",
    consent_given_at: "Consent given at",
};

/// The column names of `locale`.
pub fn headers(locale: Locale) -> &'static CsvHeaders {
    match locale {
        Locale::Sv => &SV,
        Locale::Nb => &NB,
        Locale::En => &EN,
    }
}
