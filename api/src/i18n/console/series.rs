//! The words of the console's series page (`/organise/series/{id}`): a
//! recurring meeting's occurrences and the form that adds dates to it, in
//! Swedish, Norwegian Bokmål and English.

use crate::i18n::Locale;

/// Every text the series page shows, in one language.
#[derive(Debug)]
pub struct SeriesStrings {
    /// The page's heading (before the series' title), and the event form's
    /// link to it.
    pub heading: &'static str,
    /// Heading of the occurrences.
    pub occurrences: &'static str,
    /// Link to an occurrence's registrations (its name follows for screen readers).
    pub registrations: &'static str,
    /// Heading of the form that adds dates.
    pub add: &'static str,
    /// What a new date copies, with the times it takes by default.
    pub add_intro: fn(&str) -> String,
    /// Label: the dates.
    pub field_dates: &'static str,
    /// How the dates are written.
    pub dates_hint: &'static str,
    /// Label: publish the new dates at once.
    pub field_publish: &'static str,
    /// The add button.
    pub add_button: &'static str,
    /// Notice: how many dates were added.
    pub done_added: fn(usize) -> String,
    /// Error: a line that is not a date (its number follows).
    pub err_line: fn(usize) -> String,
    /// Error: no dates at all.
    pub err_none: &'static str,
    /// Error: too many dates at once.
    pub err_too_many: &'static str,
}

const SV: SeriesStrings = SeriesStrings {
    heading: "Serie",
    occurrences: "Tillfällen",
    registrations: "Anmälningar",
    add: "Lägg till datum",
    add_intro: |times| {
        format!(
            "Varje nytt datum blir en kopia av seriens senaste tillfälle: plats, länk, platser, anmälan och frågor. Utan egna tider gäller {times}."
        )
    },
    field_dates: "Datum",
    dates_hint: "Ett datum per rad, till exempel 2027-04-14 eller 2027-04-14 13:00-15:30. Ett eget namn efter semikolon: 2027-05-12; Tema: digitalt utanförskap.",
    field_publish: "Publicera de nya tillfällena direkt",
    add_button: "Lägg till datumen",
    done_added: |n| {
        if n == 1 {
            "Ett tillfälle är tillagt.".to_owned()
        } else {
            format!("{n} tillfällen är tillagda.")
        }
    },
    err_line: |n| {
        format!(
            "Rad {n} är inte ett datum som 2027-04-14 13:00-15:30, eller tiderna går inte ihop."
        )
    },
    err_none: "Skriv minst ett datum.",
    err_too_many: "Högst 200 datum åt gången.",
};

const NB: SeriesStrings = SeriesStrings {
    heading: "Serie",
    occurrences: "Samlinger",
    registrations: "Påmeldinger",
    add: "Legg til datoer",
    add_intro: |times| {
        format!(
            "Hver ny dato blir en kopi av seriens siste samling: sted, lenke, plasser, påmelding og spørsmål. Uten egne tider gjelder {times}."
        )
    },
    field_dates: "Datoer",
    dates_hint: "Én dato per linje, for eksempel 2027-04-14 eller 2027-04-14 13:00-15:30. Et eget navn etter semikolon: 2027-05-12; Tema: digitalt utenforskap.",
    field_publish: "Publiser de nye samlingene med en gang",
    add_button: "Legg til datoene",
    done_added: |n| {
        if n == 1 {
            "Én samling er lagt til.".to_owned()
        } else {
            format!("{n} samlinger er lagt til.")
        }
    },
    err_line: |n| {
        format!("Linje {n} er ikke en dato som 2027-04-14 13:00-15:30, eller tidene går ikke opp.")
    },
    err_none: "Skriv minst én dato.",
    err_too_many: "Høyst 200 datoer om gangen.",
};

const EN: SeriesStrings = SeriesStrings {
    heading: "Series",
    occurrences: "Occurrences",
    registrations: "Registrations",
    add: "Add dates",
    add_intro: |times| {
        format!(
            "Each new date is a copy of the series' latest occurrence: place, link, seats, registration and questions. Without times of its own it runs {times}."
        )
    },
    field_dates: "Dates",
    dates_hint: "One date per line, such as 2027-04-14 or 2027-04-14 13:00-15:30. A title of its own after a semicolon: 2027-05-12; Theme: digital exclusion.",
    field_publish: "Publish the new occurrences at once",
    add_button: "Add the dates",
    done_added: |n| {
        if n == 1 {
            "One occurrence was added.".to_owned()
        } else {
            format!("{n} occurrences were added.")
        }
    },
    err_line: |n| {
        format!("Line {n} is not a date like 2027-04-14 13:00-15:30, or its times do not add up.")
    },
    err_none: "Write at least one date.",
    err_too_many: "At most 200 dates at once.",
};

/// The series page's words in `locale`.
pub fn series_strings(locale: Locale) -> &'static SeriesStrings {
    match locale {
        Locale::Sv => &SV,
        Locale::Nb => &NB,
        Locale::En => &EN,
    }
}
