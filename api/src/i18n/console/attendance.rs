//! The words of the console's attendance page
//! (`/organise/networks/{id}/attendance`) in Swedish, Norwegian Bokmål and
//! English.

use crate::i18n::Locale;

/// Every text the attendance page shows, in one language.
#[derive(Debug)]
pub struct AttendanceStrings {
    /// The page's heading (before the network's name).
    pub title: &'static str,
    /// What the page shows and what counts.
    pub intro: &'static str,
    /// Heading of the choice of period.
    pub period: &'static str,
    /// Label of the number of meetings.
    pub last: &'static str,
    /// The choice "the last n meetings".
    pub last_n: fn(u32) -> String,
    /// Label of including sub-networks.
    pub include_children: &'static str,
    /// The button that shows the choice.
    pub show: &'static str,
    /// When no meeting has taken place in the period.
    pub no_events: &'static str,
    /// Heading of the chart per meeting.
    pub per_meeting: &'static str,
    /// Description of the chart per meeting (for screen readers too).
    pub per_meeting_desc: &'static str,
    /// Heading of the chart per organisation.
    pub per_organisation: &'static str,
    /// Description of the chart per organisation.
    pub per_organisation_desc: &'static str,
    /// Heading and caption of the table.
    pub table: &'static str,
    /// Column: organisation.
    pub col_organisation: &'static str,
    /// Column: meetings attended.
    pub col_meetings: &'static str,
    /// Column: participants in all.
    pub col_participants: &'static str,
    /// Row: participants per meeting in all.
    pub total: &'static str,
    /// An organisation guests did not name.
    pub unknown: &'static str,
    /// After an organisation written by guests (not a known one).
    pub written: &'static str,
    /// After a meeting where check-ins were counted.
    pub counted_check_ins: &'static str,
    /// After a meeting where confirmed registrations were counted.
    pub counted_registrations: &'static str,
    /// "n participants" in a bar's label.
    pub participants_n: fn(u64) -> String,
    /// "at n of m meetings" in a bar's label.
    pub meetings_n: fn(u64, usize) -> String,
    /// Heading of the members who came to none.
    pub absent: &'static str,
    /// Members who came to none: the introduction.
    pub absent_intro: &'static str,
    /// The link from the network's console page.
    pub link: &'static str,
}

const SV: AttendanceStrings = AttendanceStrings {
    title: "Närvaro",
    intro: "Vilka organisationer som var representerade på nätverkets senaste möten. Där någon checkades in räknas de incheckade, annars de bekräftade anmälningarna.",
    period: "Period",
    last: "Möten",
    last_n: |n| format!("de senaste {n}"),
    include_children: "Ta med undernätverkens möten",
    show: "Visa",
    no_events: "Inga möten har ägt rum under perioden.",
    per_meeting: "Deltagare per möte",
    per_meeting_desc: "Staplar med antalet deltagare på varje möte, äldst först. Samma siffror finns i tabellen nedan.",
    per_organisation: "Organisationer per möte",
    per_organisation_desc: "En rad per organisation med en stapel per möte (äldst först); stapelns höjd är antalet deltagare från organisationen. Samma siffror finns i tabellen nedan.",
    table: "Deltagare per organisation och möte",
    col_organisation: "Organisation",
    col_meetings: "Möten",
    col_participants: "Deltagare",
    total: "Totalt",
    unknown: "Okänd organisation",
    written: "(angiven av gäst)",
    counted_check_ins: "incheckade",
    counted_registrations: "anmälda",
    participants_n: |n| {
        if n == 1 {
            "1 deltagare".into()
        } else {
            format!("{n} deltagare")
        }
    },
    meetings_n: |n, of| format!("på {n} av {of} möten"),
    absent: "Medlemmar som inte var med",
    absent_intro: "Medlemsorganisationer som inte var representerade på något av mötena:",
    link: "Närvaro över tid",
};

const NB: AttendanceStrings = AttendanceStrings {
    title: "Oppmøte",
    intro: "Hvilke organisasjoner som var representert på nettverkets siste møter. Der noen ble sjekket inn, telles de innsjekkede, ellers de bekreftede påmeldingene.",
    period: "Periode",
    last: "Møter",
    last_n: |n| format!("de siste {n}"),
    include_children: "Ta med undernettverkenes møter",
    show: "Vis",
    no_events: "Ingen møter har funnet sted i perioden.",
    per_meeting: "Deltakere per møte",
    per_meeting_desc: "Stolper med antall deltakere på hvert møte, eldste først. De samme tallene står i tabellen nedenfor.",
    per_organisation: "Organisasjoner per møte",
    per_organisation_desc: "Én rad per organisasjon med én stolpe per møte (eldste først); stolpens høyde er antall deltakere fra organisasjonen. De samme tallene står i tabellen nedenfor.",
    table: "Deltakere per organisasjon og møte",
    col_organisation: "Organisasjon",
    col_meetings: "Møter",
    col_participants: "Deltakere",
    total: "Totalt",
    unknown: "Ukjent organisasjon",
    written: "(oppgitt av gjest)",
    counted_check_ins: "innsjekket",
    counted_registrations: "påmeldt",
    participants_n: |n| {
        if n == 1 {
            "1 deltaker".into()
        } else {
            format!("{n} deltakere")
        }
    },
    meetings_n: |n, of| format!("på {n} av {of} møter"),
    absent: "Medlemmer som ikke var med",
    absent_intro: "Medlemsorganisasjoner som ikke var representert på noen av møtene:",
    link: "Oppmøte over tid",
};

const EN: AttendanceStrings = AttendanceStrings {
    title: "Attendance",
    intro: "Which organisations were represented at the network's last meetings. Where anyone was checked in, those checked in count; otherwise the confirmed registrations.",
    period: "Period",
    last: "Meetings",
    last_n: |n| format!("the last {n}"),
    include_children: "Include the sub-networks' meetings",
    show: "Show",
    no_events: "No meetings took place in the period.",
    per_meeting: "Participants per meeting",
    per_meeting_desc: "Bars with the number of participants at each meeting, oldest first. The same figures are in the table below.",
    per_organisation: "Organisations per meeting",
    per_organisation_desc: "One row per organisation with one bar per meeting (oldest first); a bar's height is the number of participants from the organisation. The same figures are in the table below.",
    table: "Participants per organisation and meeting",
    col_organisation: "Organisation",
    col_meetings: "Meetings",
    col_participants: "Participants",
    total: "Total",
    unknown: "Unknown organisation",
    written: "(as a guest wrote it)",
    counted_check_ins: "checked in",
    counted_registrations: "registered",
    participants_n: |n| {
        if n == 1 {
            "1 participant".into()
        } else {
            format!("{n} participants")
        }
    },
    meetings_n: |n, of| format!("at {n} of {of} meetings"),
    absent: "Members who did not come",
    absent_intro: "Member organisations not represented at any of the meetings:",
    link: "Attendance over time",
};

/// The attendance page's words in `locale`.
pub fn attendance_strings(locale: Locale) -> &'static AttendanceStrings {
    match locale {
        Locale::Sv => &SV,
        Locale::Nb => &NB,
        Locale::En => &EN,
    }
}
