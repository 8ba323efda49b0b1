//! The words of the console's audit log (`/organise/events/{id}/audit`,
//! `/organise/networks/{id}/audit`) in Swedish, Norwegian Bokmål and
//! English.

use crate::i18n::Locale;

/// Every text the audit log shows, in one language.
#[derive(Debug)]
pub struct AuditStrings {
    /// The introduction of an event's log.
    pub event_intro: &'static str,
    /// The heading of a network's log.
    pub network_title: &'static str,
    /// The introduction of a network's log.
    pub network_intro: &'static str,
    /// The table's caption.
    pub caption: &'static str,
    /// Column: when.
    pub col_when: &'static str,
    /// Column: who.
    pub col_who: &'static str,
    /// Column: what was done.
    pub col_what: &'static str,
    /// Column: what it was done to.
    pub col_subject: &'static str,
    /// Column: how (fields, reason, role).
    pub col_detail: &'static str,
    /// Column: the event, in a network's log.
    pub col_event: &'static str,
    /// The actor when nobody signed in (a guest through their link, or the
    /// system's own jobs).
    pub nobody: &'static str,
    /// The actor or subject when the person has since been erased.
    pub erased: &'static str,
    /// When nothing is logged yet.
    pub empty: &'static str,
    /// A registration was made.
    pub registered: &'static str,
    /// A note of the history: checked in.
    pub checked_in: &'static str,
    /// A note of the history: check-in undone.
    pub check_in_undone: &'static str,
    /// Before the list of changed fields.
    pub fields: &'static str,
    /// The link to the network's whole log.
    pub whole_network: &'static str,
    /// The names of the actions, in the order of `service::audit::Action`
    /// (indexed by it in the page, whose tests hold the two together).
    pub actions: [&'static str; 35],
}

const SV: AuditStrings = AuditStrings {
    event_intro: "Vem som ändrade vad och när i evenemanget, programmet, anmälningarna, frågorna och påminnelserna. Nyast först.",
    network_title: "Nätverkets ändringslogg",
    network_intro: "Vem som ändrade vad och när i nätverkets roller, kontaktpersoner och medlemmar och i alla dess evenemang. Nyast först.",
    caption: "Ändringar, nyast först",
    col_when: "När",
    col_who: "Vem",
    col_what: "Vad",
    col_subject: "Gäller",
    col_detail: "Hur",
    col_event: "Evenemang",
    nobody: "En gäst via sin länk, eller systemet",
    erased: "En borttagen person",
    empty: "Inget har ändrats ännu.",
    registered: "anmäld",
    checked_in: "incheckad",
    check_in_undone: "incheckning ångrad",
    fields: "Fält:",
    whole_network: "Hela nätverkets ändringslogg",
    actions: [
        "Evenemang skapat",
        "Evenemang ändrat",
        "Evenemang publicerat",
        "Evenemang inställt",
        "Programpunkt tillagd",
        "Programpunkt ändrad",
        "Programpunkt borttagen",
        "Programmet omordnat",
        "Talare tillagd",
        "Talare ändrad",
        "Talare borttagen",
        "Fråga tillagd",
        "Fråga borttagen",
        "Fråga översatt",
        "Påminnelse schemalagd",
        "Påminnelse skickad",
        "Påminnelse avbruten",
        "Roll given",
        "Roll borttagen",
        "Kontaktperson tillagd",
        "Kontaktperson borttagen",
        "Medlem tillagd",
        "Medlem borttagen",
        "Förslag inkommet",
        "Förslagets läge ändrat",
        "Förslag publicerat",
        "Förslag dolt",
        "Förslag återtaget",
        "Webhookmottagare tillagd",
        "Webhookmottagare ändrad",
        "Webhookmottagare fick ny hemlighet",
        "Webhookmottagare borttagen",
        "Webhookanrop skickat igen",
        "Webhookmottagare avstängd efter fel i rad",
        "Anmälan ändrad",
    ],
};

const NB: AuditStrings = AuditStrings {
    event_intro: "Hvem som endret hva og når i arrangementet, programmet, påmeldingene, spørsmålene og påminnelsene. Nyeste først.",
    network_title: "Nettverkets endringslogg",
    network_intro: "Hvem som endret hva og når i nettverkets roller, kontaktpersoner og medlemmer og i alle arrangementene. Nyeste først.",
    caption: "Endringer, nyeste først",
    col_when: "Når",
    col_who: "Hvem",
    col_what: "Hva",
    col_subject: "Gjelder",
    col_detail: "Hvordan",
    col_event: "Arrangement",
    nobody: "En gjest via lenken sin, eller systemet",
    erased: "En slettet person",
    empty: "Ingenting er endret ennå.",
    registered: "påmeldt",
    checked_in: "sjekket inn",
    check_in_undone: "innsjekking angret",
    fields: "Felt:",
    whole_network: "Hele nettverkets endringslogg",
    actions: [
        "Arrangement opprettet",
        "Arrangement endret",
        "Arrangement publisert",
        "Arrangement avlyst",
        "Programpunkt lagt til",
        "Programpunkt endret",
        "Programpunkt fjernet",
        "Programmet omordnet",
        "Foredragsholder lagt til",
        "Foredragsholder endret",
        "Foredragsholder fjernet",
        "Spørsmål lagt til",
        "Spørsmål fjernet",
        "Spørsmål oversatt",
        "Påminnelse planlagt",
        "Påminnelse sendt",
        "Påminnelse avbrutt",
        "Rolle gitt",
        "Rolle fjernet",
        "Kontaktperson lagt til",
        "Kontaktperson fjernet",
        "Medlem lagt til",
        "Medlem fjernet",
        "Forslag mottatt",
        "Forslagets status endret",
        "Forslag publisert",
        "Forslag skjult",
        "Forslag trukket tilbake",
        "Webhook-mottaker lagt til",
        "Webhook-mottaker endret",
        "Webhook-mottaker fikk ny hemmelighet",
        "Webhook-mottaker slettet",
        "Webhook-kall sendt igjen",
        "Webhook-mottaker slått av etter feil på rad",
        "Påmelding endret",
    ],
};

const EN: AuditStrings = AuditStrings {
    event_intro: "Who changed what and when in the event, its programme, registrations, questions and reminders. Newest first.",
    network_title: "The network's audit log",
    network_intro: "Who changed what and when in the network's roles, contact persons and members, and in all its events. Newest first.",
    caption: "Changes, newest first",
    col_when: "When",
    col_who: "Who",
    col_what: "What",
    col_subject: "Concerning",
    col_detail: "How",
    col_event: "Event",
    nobody: "A guest through their link, or the system",
    erased: "A person since erased",
    empty: "Nothing has been changed yet.",
    registered: "registered",
    checked_in: "checked in",
    check_in_undone: "check-in undone",
    fields: "Fields:",
    whole_network: "The whole network's audit log",
    actions: [
        "Event created",
        "Event changed",
        "Event published",
        "Event cancelled",
        "Agenda item added",
        "Agenda item changed",
        "Agenda item removed",
        "Agenda reordered",
        "Speaker added",
        "Speaker changed",
        "Speaker removed",
        "Question added",
        "Question removed",
        "Question translated",
        "Reminder scheduled",
        "Reminder sent",
        "Reminder cancelled",
        "Role given",
        "Role removed",
        "Contact person added",
        "Contact person removed",
        "Member added",
        "Member removed",
        "Suggestion received",
        "Suggestion's state changed",
        "Suggestion published",
        "Suggestion hidden",
        "Suggestion withdrawn",
        "Webhook endpoint added",
        "Webhook endpoint changed",
        "Webhook endpoint given a new secret",
        "Webhook endpoint deleted",
        "Webhook request sent again",
        "Webhook endpoint turned off after failures in a row",
        "Registration changed",
    ],
};

/// The audit log's words in `locale`.
pub fn audit_strings(locale: Locale) -> &'static AuditStrings {
    match locale {
        Locale::Sv => &SV,
        Locale::Nb => &NB,
        Locale::En => &EN,
    }
}
