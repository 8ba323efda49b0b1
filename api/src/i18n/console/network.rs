//! The words of the console's network page (`/organise/networks/{id}`) and
//! its CSV import in Swedish, Norwegian Bokmål and English.

use crate::i18n::Locale;

/// Every text the network page and the import show, in one language.
#[derive(Debug)]
pub struct NetworkStrings {
    /// What the page is for, under the heading.
    pub intro: &'static str,
    /// Before the link to the network above.
    pub part_of: &'static str,
    /// Heading: sub-networks.
    pub children: &'static str,
    /// When there are none.
    pub no_children: &'static str,
    /// Legend of the form for a new sub-network.
    pub new_child: &'static str,
    /// Label: the sub-network's name.
    pub child_name: &'static str,
    /// Label: the sub-network's description.
    pub child_description: &'static str,
    /// Button: create the sub-network.
    pub create_child: &'static str,
    /// Heading: member organisations.
    pub members: &'static str,
    /// When there are none.
    pub no_members: &'static str,
    /// What mail domains do.
    pub domains_intro: &'static str,
    /// Label: an organisation's mail domains.
    pub domains: &'static str,
    /// After an organisation without mail domains.
    pub no_domains: &'static str,
    /// Hint under the domains field.
    pub domains_hint: &'static str,
    /// Button: save the mail domains.
    pub save_domains: &'static str,
    /// Label: organisation number.
    pub org_number: &'static str,
    /// Button: remove a member organisation.
    pub remove_member: &'static str,
    /// Legend of the form adding a member.
    pub add_member: &'static str,
    /// Label: the organisation's name.
    pub organisation_name: &'static str,
    /// Hint under the organisation's name.
    pub organisation_hint: &'static str,
    /// Checkbox: register a new organisation.
    pub create_organisation: &'static str,
    /// Label: the kind of a new organisation.
    pub organisation_kind: &'static str,
    /// The kinds of organisation, in `OrganisationKind`'s order.
    pub kinds: [&'static str; 8],
    /// Heading: contact persons.
    pub contacts: &'static str,
    /// What contact persons are, and who sees their addresses.
    pub contacts_intro: &'static str,
    /// When there are none.
    pub no_contacts: &'static str,
    /// Label: the address participants write to.
    pub contact_address: &'static str,
    /// When a contact has no address shown.
    pub no_address: &'static str,
    /// Label: what to contact someone about.
    pub contact_label: &'static str,
    /// Said of a contact who accepted.
    pub accepted: &'static str,
    /// Said of a contact who has not accepted.
    pub not_accepted: &'static str,
    /// Legend of the form adding a contact person.
    pub add_contact: &'static str,
    /// Button: remove a contact person.
    pub remove_contact: &'static str,
    /// Label: a person's name.
    pub person_name: &'static str,
    /// Label: a person's address.
    pub person_email: &'static str,
    /// Heading: roles.
    pub roles: &'static str,
    /// What the roles allow.
    pub roles_intro: &'static str,
    /// When nobody has one.
    pub no_roles: &'static str,
    /// Label: a role.
    pub role: &'static str,
    /// Role names: owner, organiser, member.
    pub role_names: [&'static str; 3],
    /// Legend of the form giving a role.
    pub set_role: &'static str,
    /// Button: take a role away.
    pub remove_role: &'static str,
    /// Button: add (member, contact).
    pub add: &'static str,
    /// Button: give the role.
    pub give_role: &'static str,
    /// Notice: an organisation became a member.
    pub done_member_added: &'static str,
    /// Notice: a membership ended.
    pub done_member_removed: &'static str,
    /// Notice: mail domains saved.
    pub done_domains: &'static str,
    /// Notice: contact person added.
    pub done_contact_added: &'static str,
    /// Notice: contact person removed.
    pub done_contact_removed: &'static str,
    /// Notice: role given.
    pub done_role_set: &'static str,
    /// Notice: role taken away.
    pub done_role_removed: &'static str,
    /// Notice: sub-network created.
    pub done_child_created: &'static str,
    /// Heading of the form errors' summary.
    pub form_has_errors: &'static str,
    /// Error: a field is required.
    pub err_required: &'static str,
    /// Error: too long.
    pub err_too_long: &'static str,
    /// Error: not valid.
    pub err_invalid: &'static str,
    /// Error: not an email address.
    pub err_email: &'static str,
    /// Error: not a mail domain.
    pub err_domain: &'static str,
    /// Error: too many mail domains.
    pub err_too_many_domains: &'static str,
    /// Error: the name is taken.
    pub err_taken: &'static str,
    /// Error: no organisation has this name.
    pub err_no_organisation: &'static str,
    /// Error: the last owner stays.
    pub err_last_owner: &'static str,
    /// Error: only owners make or unmake owners.
    pub err_owner_only: &'static str,
    /// Error: the change was refused otherwise.
    pub err_refused: &'static str,
    /// Heading: the import.
    pub import: &'static str,
    /// What the import does.
    pub import_intro: &'static str,
    /// Heading of the column list.
    pub import_columns: &'static str,
    /// Per column (in `Column::ALL`'s order): its header in this language
    /// and what it holds.
    pub columns: [(&'static str, &'static str); 6],
    /// What else the import accepts (other languages' headers, encodings).
    pub import_format: &'static str,
    /// Label: the file.
    pub import_file: &'static str,
    /// Button: preview.
    pub preview: &'static str,
    /// Button: import.
    pub import_button: &'static str,
    /// Heading of the preview page (before the network's name).
    pub preview_title: &'static str,
    /// The preview stores nothing.
    pub preview_intro: &'static str,
    /// Lines in all and lines with errors.
    pub preview_counts: fn(usize, usize) -> String,
    /// No errors: importing stores everything.
    pub preview_ready: &'static str,
    /// Errors: nothing can be stored.
    pub preview_blocked: &'static str,
    /// "Line n".
    pub line: fn(usize) -> String,
    /// Heading of the list of lines.
    pub lines: &'static str,
    /// A line that changes nothing.
    pub nothing_to_change: &'static str,
    /// Link: back to the network.
    pub back: &'static str,
    /// Error: no file chosen.
    pub no_file: &'static str,
    /// File error: too large.
    pub file_too_large: &'static str,
    /// File error: too many lines.
    pub file_too_many_lines: &'static str,
    /// File error: empty.
    pub file_empty: &'static str,
    /// File error: an unclosed quote on line n.
    pub file_unclosed_quote: fn(usize) -> String,
    /// File error: a required column is missing.
    pub file_missing_column: fn(&str) -> String,
    /// File error: an unknown header.
    pub file_unknown_column: fn(&str) -> String,
    /// File error: a column twice.
    pub file_duplicate_column: fn(&str) -> String,
    /// Problem: no organisation.
    pub problem_no_organisation: &'static str,
    /// Problem: a text that is too long or has a character it may not hold.
    pub problem_text: fn(&str) -> String,
    /// Problem: an address without a name.
    pub problem_no_name: &'static str,
    /// Problem: a name without an address.
    pub problem_no_email: &'static str,
    /// Problem: not an address.
    pub problem_email: fn(&str) -> String,
    /// Problem: not a domain.
    pub problem_domain: fn(&str) -> String,
    /// Problem: too many domains.
    pub problem_too_many_domains: &'static str,
    /// Problem: an unknown role word.
    pub problem_role: fn(&str) -> String,
    /// Problem: a role without a person.
    pub problem_role_without_person: &'static str,
    /// Problem: the address is on an earlier line.
    pub problem_duplicate: fn(usize) -> String,
    /// Problem: another number on an earlier line.
    pub problem_number_conflict: fn(usize) -> String,
    /// Problem: registered with another number.
    pub problem_number_differs: fn(&str) -> String,
    /// Change: a new organisation.
    pub change_create_organisation: &'static str,
    /// Change: becomes a member.
    pub change_add_member: &'static str,
    /// Change: a member already.
    pub change_already_member: &'static str,
    /// Change: number stored.
    pub change_org_number: fn(&str) -> String,
    /// Change: domains added.
    pub change_domains: fn(&str) -> String,
    /// Change: a new person.
    pub change_create_person: &'static str,
    /// Change: a known person.
    pub change_existing_person: &'static str,
    /// Change: a role given.
    pub change_role: fn(&str) -> String,
    /// Change: keeps a role.
    pub change_keep_role: fn(&str) -> String,
    /// Change: becomes a contact.
    pub change_contact: &'static str,
    /// Change: a contact already.
    pub change_already_contact: &'static str,
    /// Notice after an import: what was stored.
    pub imported: fn(&[usize; 6]) -> String,
}

const SV: NetworkStrings = NetworkStrings {
    intro: "Nätverkets medlemsorganisationer, kontaktpersoner, roller och undernätverk. Bara nätverkets arrangörer ser den här sidan.",
    part_of: "Ingår i",
    children: "Undernätverk",
    no_children: "Nätverket har inga undernätverk.",
    new_child: "Nytt undernätverk",
    child_name: "Namn",
    child_description: "Beskrivning (valfri)",
    create_child: "Skapa undernätverket",
    members: "Medlemsorganisationer",
    no_members: "Nätverket har inga medlemsorganisationer ännu.",
    domains_intro: "Den som loggar in med en adress i en medlemsorganisations e-postdomän räknas som medlem i nätverket.",
    domains: "E-postdomäner",
    no_domains: "inga",
    domains_hint: "Skilj domänerna åt med kommatecken, till exempel malmo.se, skane.se.",
    save_domains: "Spara domänerna",
    org_number: "Organisationsnummer",
    remove_member: "Ta bort ur nätverket",
    add_member: "Lägg till en medlemsorganisation",
    organisation_name: "Organisationens namn",
    organisation_hint: "Skriv namnet precis som det är registrerat, till exempel Hässleholms kommun.",
    create_organisation: "Registrera den som ny organisation om ingen har det namnet",
    organisation_kind: "Typ (för en ny organisation)",
    kinds: [
        "Kommun",
        "Region",
        "Lärosäte eller forskningsinstitut",
        "Förening eller civilsamhälle",
        "Företag",
        "Myndighet",
        "Kommunalförbund",
        "Annat",
    ],
    contacts: "Kontaktpersoner",
    contacts_intro: "Kontaktpersonerna visas på nätverkets sida. Deras adresser visas här bara för arrangörerna.",
    no_contacts: "Nätverket har inga kontaktpersoner.",
    contact_address: "Adress för frågor",
    no_address: "ingen adress visas",
    contact_label: "Gäller (valfritt)",
    accepted: "har godkänt",
    not_accepted: "har inte godkänt ännu",
    add_contact: "Lägg till en kontaktperson",
    remove_contact: "Ta bort som kontaktperson",
    person_name: "Namn",
    person_email: "E-postadress",
    roles: "Roller",
    roles_intro: "Ägare och arrangörer sköter nätverket och dess träffar; medlemmar ser träffar som bara är för medlemmar. Bara ägare kan göra någon till ägare.",
    no_roles: "Ingen har en roll i nätverket.",
    role: "Roll",
    role_names: ["Ägare", "Arrangör", "Medlem"],
    set_role: "Ge någon en roll",
    remove_role: "Ta bort rollen",
    add: "Lägg till",
    give_role: "Ge rollen",
    done_member_added: "Organisationen är medlem i nätverket.",
    done_member_removed: "Organisationen är inte längre medlem.",
    done_domains: "E-postdomänerna är sparade.",
    done_contact_added: "Kontaktpersonen är tillagd.",
    done_contact_removed: "Kontaktpersonen är borttagen.",
    done_role_set: "Rollen är sparad.",
    done_role_removed: "Rollen är borttagen.",
    done_child_created: "Undernätverket är skapat.",
    form_has_errors: "Ändringen sparades inte. Rätta det som är markerat.",
    err_required: "Fyll i det här fältet.",
    err_too_long: "Texten är för lång.",
    err_invalid: "Kontrollera det du har skrivit.",
    err_email: "Skriv en e-postadress, till exempel namn@example.se.",
    err_domain: "Skriv e-postdomäner som malmo.se, åtskilda med kommatecken.",
    err_too_many_domains: "En organisation kan ha högst 20 e-postdomäner.",
    err_taken: "Namnet används redan.",
    err_no_organisation: "Ingen organisation heter så. Kontrollera stavningen, eller kryssa i att den ska registreras som ny.",
    err_last_owner: "Nätverket måste ha minst en ägare. Gör någon annan till ägare först.",
    err_owner_only: "Bara nätverkets ägare kan göra någon till ägare eller ta bort en ägare.",
    err_refused: "Ändringen gick inte att göra.",
    import: "Importera från en CSV-fil",
    import_intro: "Läs in medlemsorganisationer och deras personer från en fil som Excel sparar som ”CSV (semikolonavgränsad)”. Först visas en förhandsgranskning rad för rad; ingenting sparas förrän du väljer att importera, och då sparas allt eller ingenting.",
    import_columns: "Kolumner (första raden är rubrikrad)",
    columns: [
        (
            "Organisation",
            "organisationens namn; krävs. Finns ingen organisation med namnet registreras en ny (som kommun om namnet innehåller ”kommun”, som region om det börjar med ”Region”, annars som ”annat”).",
        ),
        (
            "Organisationsnummer",
            "valfritt; sparas om organisationen saknar ett.",
        ),
        (
            "E-postdomäner",
            "valfritt; åtskilda med kommatecken, till exempel malmo.se, skane.se. Läggs till, tas aldrig bort.",
        ),
        (
            "Namn",
            "personens namn; valfritt, men krävs om e-post är ifylld.",
        ),
        (
            "E-post",
            "personens e-postadress; varje adress bara en gång i filen.",
        ),
        (
            "Roll",
            "valfritt: medlem (om inget anges), arrangör och/eller kontaktperson, åtskilda med kommatecken. En roll sänks aldrig; ägare görs inte via import.",
        ),
    ],
    import_format: "Rubrikerna får också vara på norska eller engelska (Organisasjon, Organisasjonsnummer, E-postdomener, Navn, E-post, Rolle; Organisation, Organisation number, Mail domains, Name, Email, Role). Fält skiljs åt med semikolon (komma eller tabb om rubrikraden använder det). Filen får vara UTF-8 (med eller utan BOM) eller Windows-1252, högst 1 MiB och 5 000 rader.",
    import_file: "CSV-fil",
    preview: "Förhandsgranska",
    import_button: "Importera",
    preview_title: "Förhandsgranskning av import",
    preview_intro: "Så här skulle filen läsas in. Ingenting är sparat ännu.",
    preview_counts: |lines, bad| {
        let lines = if lines == 1 {
            "1 rad".to_owned()
        } else {
            format!("{lines} rader")
        };
        match bad {
            0 => format!("{lines}, inga fel."),
            1 => format!("{lines}, 1 rad med fel."),
            n => format!("{lines}, {n} rader med fel."),
        }
    },
    preview_ready: "Inga fel: välj Importera för att spara allt.",
    preview_blocked: "Ingenting kan sparas förrän felen är rättade. Rätta filen och förhandsgranska den igen.",
    line: |n| format!("Rad {n}"),
    lines: "Raderna",
    nothing_to_change: "Inget att ändra.",
    back: "Tillbaka till nätverket",
    no_file: "Välj en fil.",
    file_too_large: "Filen är större än 1 MiB. Dela upp den i flera filer.",
    file_too_many_lines: "Filen har fler än 5 000 rader. Dela upp den i flera filer.",
    file_empty: "Filen är tom; första raden ska vara en rubrikrad.",
    file_unclosed_quote: |n| format!("Ett citattecken på rad {n} avslutas aldrig."),
    file_missing_column: |c| format!("Kolumnen ”{c}” saknas i rubrikraden."),
    file_unknown_column: |c| format!("Rubriken ”{c}” är ingen känd kolumn."),
    file_duplicate_column: |c| format!("Kolumnen ”{c}” finns två gånger."),
    problem_no_organisation: "Organisationens namn saknas.",
    problem_text: |c| format!("”{c}” är för lång eller innehåller otillåtna tecken."),
    problem_no_name: "Personens namn saknas.",
    problem_no_email: "Personens e-postadress saknas.",
    problem_email: |e| format!("”{e}” är ingen e-postadress."),
    problem_domain: |d| format!("”{d}” är ingen e-postdomän som malmo.se."),
    problem_too_many_domains: "Organisationen skulle få fler än 20 e-postdomäner.",
    problem_role: |r| format!("”{r}” är ingen känd roll (medlem, arrangör, kontaktperson)."),
    problem_role_without_person: "En roll är angiven men ingen person.",
    problem_duplicate: |n| format!("E-postadressen finns redan på rad {n}."),
    problem_number_conflict: |n| {
        format!("Organisationen har ett annat organisationsnummer på rad {n}.")
    },
    problem_number_differs: |n| {
        format!("Organisationen är registrerad med organisationsnumret {n}.")
    },
    change_create_organisation: "Ny organisation registreras",
    change_add_member: "blir medlem i nätverket",
    change_already_member: "är redan medlem",
    change_org_number: |n| format!("organisationsnummer {n} sparas"),
    change_domains: |d| format!("e-postdomäner läggs till: {d}"),
    change_create_person: "ny person",
    change_existing_person: "känd person",
    change_role: |r| format!("får rollen {r}"),
    change_keep_role: |r| format!("behåller rollen {r}"),
    change_contact: "blir kontaktperson",
    change_already_contact: "är redan kontaktperson",
    imported: |n| {
        format!(
            "Importen är klar: {} nya organisationer, {} nya medlemmar, {} e-postdomäner, {} nya personer, {} roller och {} kontaktpersoner.",
            n[0], n[1], n[2], n[3], n[4], n[5]
        )
    },
};

const NB: NetworkStrings = NetworkStrings {
    intro: "Nettverkets medlemsorganisasjoner, kontaktpersoner, roller og undernettverk. Bare nettverkets arrangører ser denne siden.",
    part_of: "Del av",
    children: "Undernettverk",
    no_children: "Nettverket har ingen undernettverk.",
    new_child: "Nytt undernettverk",
    child_name: "Navn",
    child_description: "Beskrivelse (valgfri)",
    create_child: "Opprett undernettverket",
    members: "Medlemsorganisasjoner",
    no_members: "Nettverket har ingen medlemsorganisasjoner ennå.",
    domains_intro: "Den som logger inn med en adresse i en medlemsorganisasjons e-postdomene, regnes som medlem av nettverket.",
    domains: "E-postdomener",
    no_domains: "ingen",
    domains_hint: "Skill domenene med komma, for eksempel alesund.kommune.no, mrfylke.no.",
    save_domains: "Lagre domenene",
    org_number: "Organisasjonsnummer",
    remove_member: "Fjern fra nettverket",
    add_member: "Legg til en medlemsorganisasjon",
    organisation_name: "Organisasjonens navn",
    organisation_hint: "Skriv navnet nøyaktig slik det er registrert, for eksempel Ålesund kommune.",
    create_organisation: "Registrer den som ny organisasjon hvis ingen har det navnet",
    organisation_kind: "Type (for en ny organisasjon)",
    kinds: [
        "Kommune",
        "Fylkeskommune eller region",
        "Universitet, høyskole eller forskningsinstitutt",
        "Forening eller sivilsamfunn",
        "Bedrift",
        "Offentlig etat",
        "Interkommunalt samarbeid",
        "Annet",
    ],
    contacts: "Kontaktpersoner",
    contacts_intro: "Kontaktpersonene vises på nettverkets side. Adressene deres vises her bare for arrangørene.",
    no_contacts: "Nettverket har ingen kontaktpersoner.",
    contact_address: "Adresse for spørsmål",
    no_address: "ingen adresse vises",
    contact_label: "Gjelder (valgfritt)",
    accepted: "har godtatt",
    not_accepted: "har ikke godtatt ennå",
    add_contact: "Legg til en kontaktperson",
    remove_contact: "Fjern som kontaktperson",
    person_name: "Navn",
    person_email: "E-postadresse",
    roles: "Roller",
    roles_intro: "Eiere og arrangører styrer nettverket og samlingene; medlemmer ser samlinger som bare er for medlemmer. Bare eiere kan gjøre noen til eier.",
    no_roles: "Ingen har en rolle i nettverket.",
    role: "Rolle",
    role_names: ["Eier", "Arrangør", "Medlem"],
    set_role: "Gi noen en rolle",
    remove_role: "Fjern rollen",
    add: "Legg til",
    give_role: "Gi rollen",
    done_member_added: "Organisasjonen er medlem av nettverket.",
    done_member_removed: "Organisasjonen er ikke lenger medlem.",
    done_domains: "E-postdomenene er lagret.",
    done_contact_added: "Kontaktpersonen er lagt til.",
    done_contact_removed: "Kontaktpersonen er fjernet.",
    done_role_set: "Rollen er lagret.",
    done_role_removed: "Rollen er fjernet.",
    done_child_created: "Undernettverket er opprettet.",
    form_has_errors: "Endringen ble ikke lagret. Rett det som er markert.",
    err_required: "Fyll ut dette feltet.",
    err_too_long: "Teksten er for lang.",
    err_invalid: "Kontroller det du har skrevet.",
    err_email: "Skriv en e-postadresse, for eksempel navn@example.no.",
    err_domain: "Skriv e-postdomener som alesund.kommune.no, skilt med komma.",
    err_too_many_domains: "En organisasjon kan ha høyst 20 e-postdomener.",
    err_taken: "Navnet er allerede i bruk.",
    err_no_organisation: "Ingen organisasjon heter det. Kontroller stavemåten, eller kryss av for at den skal registreres som ny.",
    err_last_owner: "Nettverket må ha minst én eier. Gjør noen andre til eier først.",
    err_owner_only: "Bare nettverkets eiere kan gjøre noen til eier eller fjerne en eier.",
    err_refused: "Endringen kunne ikke gjøres.",
    import: "Importer fra en CSV-fil",
    import_intro: "Les inn medlemsorganisasjoner og personene deres fra en fil som Excel lagrer som «CSV (semikolondelt)». Først vises en forhåndsvisning linje for linje; ingenting lagres før du velger å importere, og da lagres alt eller ingenting.",
    import_columns: "Kolonner (første linje er overskriftslinje)",
    columns: [
        (
            "Organisasjon",
            "organisasjonens navn; påkrevd. Finnes ingen organisasjon med navnet, registreres en ny (som kommune hvis navnet inneholder «kommune», som region hvis det begynner med «Region», ellers som «annet»).",
        ),
        (
            "Organisasjonsnummer",
            "valgfritt; lagres hvis organisasjonen mangler et.",
        ),
        (
            "E-postdomener",
            "valgfritt; skilt med komma, for eksempel alesund.kommune.no, mrfylke.no. Legges til, fjernes aldri.",
        ),
        (
            "Navn",
            "personens navn; valgfritt, men påkrevd hvis e-post er fylt ut.",
        ),
        (
            "E-post",
            "personens e-postadresse; hver adresse bare én gang i filen.",
        ),
        (
            "Rolle",
            "valgfritt: medlem (hvis ingenting er oppgitt), arrangør og/eller kontaktperson, skilt med komma. En rolle senkes aldri; eiere lages ikke ved import.",
        ),
    ],
    import_format: "Overskriftene kan også være på svensk eller engelsk (Organisation, Organisationsnummer, E-postdomäner, Namn, E-post, Roll; Organisation, Organisation number, Mail domains, Name, Email, Role). Felt skilles med semikolon (komma eller tabulator hvis overskriftslinjen bruker det). Filen kan være UTF-8 (med eller uten BOM) eller Windows-1252, høyst 1 MiB og 5 000 linjer.",
    import_file: "CSV-fil",
    preview: "Forhåndsvis",
    import_button: "Importer",
    preview_title: "Forhåndsvisning av import",
    preview_intro: "Slik ville filen blitt lest inn. Ingenting er lagret ennå.",
    preview_counts: |lines, bad| {
        let lines = if lines == 1 {
            "1 linje".to_owned()
        } else {
            format!("{lines} linjer")
        };
        match bad {
            0 => format!("{lines}, ingen feil."),
            1 => format!("{lines}, 1 linje med feil."),
            n => format!("{lines}, {n} linjer med feil."),
        }
    },
    preview_ready: "Ingen feil: velg Importer for å lagre alt.",
    preview_blocked: "Ingenting kan lagres før feilene er rettet. Rett filen og forhåndsvis den igjen.",
    line: |n| format!("Linje {n}"),
    lines: "Linjene",
    nothing_to_change: "Ingenting å endre.",
    back: "Tilbake til nettverket",
    no_file: "Velg en fil.",
    file_too_large: "Filen er større enn 1 MiB. Del den opp i flere filer.",
    file_too_many_lines: "Filen har mer enn 5 000 linjer. Del den opp i flere filer.",
    file_empty: "Filen er tom; første linje skal være en overskriftslinje.",
    file_unclosed_quote: |n| format!("Et anførselstegn på linje {n} avsluttes aldri."),
    file_missing_column: |c| format!("Kolonnen «{c}» mangler i overskriftslinjen."),
    file_unknown_column: |c| format!("Overskriften «{c}» er ingen kjent kolonne."),
    file_duplicate_column: |c| format!("Kolonnen «{c}» finnes to ganger."),
    problem_no_organisation: "Organisasjonens navn mangler.",
    problem_text: |c| format!("«{c}» er for lang eller inneholder ugyldige tegn."),
    problem_no_name: "Personens navn mangler.",
    problem_no_email: "Personens e-postadresse mangler.",
    problem_email: |e| format!("«{e}» er ingen e-postadresse."),
    problem_domain: |d| format!("«{d}» er ikke et e-postdomene som alesund.kommune.no."),
    problem_too_many_domains: "Organisasjonen ville fått mer enn 20 e-postdomener.",
    problem_role: |r| format!("«{r}» er ingen kjent rolle (medlem, arrangør, kontaktperson)."),
    problem_role_without_person: "En rolle er oppgitt, men ingen person.",
    problem_duplicate: |n| format!("E-postadressen finnes allerede på linje {n}."),
    problem_number_conflict: |n| {
        format!("Organisasjonen har et annet organisasjonsnummer på linje {n}.")
    },
    problem_number_differs: |n| {
        format!("Organisasjonen er registrert med organisasjonsnummeret {n}.")
    },
    change_create_organisation: "Ny organisasjon registreres",
    change_add_member: "blir medlem av nettverket",
    change_already_member: "er allerede medlem",
    change_org_number: |n| format!("organisasjonsnummer {n} lagres"),
    change_domains: |d| format!("e-postdomener legges til: {d}"),
    change_create_person: "ny person",
    change_existing_person: "kjent person",
    change_role: |r| format!("får rollen {r}"),
    change_keep_role: |r| format!("beholder rollen {r}"),
    change_contact: "blir kontaktperson",
    change_already_contact: "er allerede kontaktperson",
    imported: |n| {
        format!(
            "Importen er ferdig: {} nye organisasjoner, {} nye medlemmer, {} e-postdomener, {} nye personer, {} roller og {} kontaktpersoner.",
            n[0], n[1], n[2], n[3], n[4], n[5]
        )
    },
};

const EN: NetworkStrings = NetworkStrings {
    intro: "The network's member organisations, contact persons, roles and sub-networks. Only the network's organisers see this page.",
    part_of: "Part of",
    children: "Sub-networks",
    no_children: "The network has no sub-networks.",
    new_child: "New sub-network",
    child_name: "Name",
    child_description: "Description (optional)",
    create_child: "Create the sub-network",
    members: "Member organisations",
    no_members: "The network has no member organisations yet.",
    domains_intro: "Whoever signs in with an address in a member organisation's mail domain counts as a member of the network.",
    domains: "Mail domains",
    no_domains: "none",
    domains_hint: "Separate the domains with commas, for example malmo.se, skane.se.",
    save_domains: "Save the domains",
    org_number: "Organisation number",
    remove_member: "Remove from the network",
    add_member: "Add a member organisation",
    organisation_name: "The organisation's name",
    organisation_hint: "Write the name exactly as it is registered, for example Hässleholms kommun.",
    create_organisation: "Register it as a new organisation if none has that name",
    organisation_kind: "Kind (of a new organisation)",
    kinds: [
        "Municipality",
        "Region",
        "University or research institute",
        "Association or civil society",
        "Company",
        "Government agency",
        "Association of municipalities",
        "Other",
    ],
    contacts: "Contact persons",
    contacts_intro: "The contact persons are shown on the network's page. Their addresses are shown here to the organisers only.",
    no_contacts: "The network has no contact persons.",
    contact_address: "Address for questions",
    no_address: "no address shown",
    contact_label: "About (optional)",
    accepted: "has accepted",
    not_accepted: "has not accepted yet",
    add_contact: "Add a contact person",
    remove_contact: "Remove as contact person",
    person_name: "Name",
    person_email: "Email address",
    roles: "Roles",
    roles_intro: "Owners and organisers run the network and its meetings; members see members-only meetings. Only owners can make someone an owner.",
    no_roles: "Nobody has a role in the network.",
    role: "Role",
    role_names: ["Owner", "Organiser", "Member"],
    set_role: "Give someone a role",
    remove_role: "Remove the role",
    add: "Add",
    give_role: "Give the role",
    done_member_added: "The organisation is a member of the network.",
    done_member_removed: "The organisation is no longer a member.",
    done_domains: "The mail domains are saved.",
    done_contact_added: "The contact person is added.",
    done_contact_removed: "The contact person is removed.",
    done_role_set: "The role is saved.",
    done_role_removed: "The role is removed.",
    done_child_created: "The sub-network is created.",
    form_has_errors: "The change was not saved. Correct what is marked.",
    err_required: "Fill in this field.",
    err_too_long: "The text is too long.",
    err_invalid: "Check what you have written.",
    err_email: "Write an email address, for example name@example.com.",
    err_domain: "Write mail domains such as malmo.se, separated by commas.",
    err_too_many_domains: "An organisation can have at most 20 mail domains.",
    err_taken: "The name is already taken.",
    err_no_organisation: "No organisation has this name. Check the spelling, or tick that it is to be registered as new.",
    err_last_owner: "The network must keep at least one owner. Make someone else owner first.",
    err_owner_only: "Only the network's owners can make someone an owner or remove an owner.",
    err_refused: "The change could not be made.",
    import: "Import from a CSV file",
    import_intro: "Read member organisations and their people from a file Excel saves as “CSV (semicolon delimited)”. First a preview shows every line; nothing is stored until you choose to import, and then everything is stored or nothing.",
    import_columns: "Columns (the first line is a header row)",
    columns: [
        (
            "Organisation",
            "the organisation's name; required. When no organisation has the name, a new one is registered (as a municipality when the name contains “kommun”, as a region when it begins with “Region”, otherwise as “other”).",
        ),
        (
            "Organisation number",
            "optional; stored when the organisation has none.",
        ),
        (
            "Mail domains",
            "optional; separated by commas, for example malmo.se, skane.se. Added, never removed.",
        ),
        (
            "Name",
            "the person's name; optional, but required when an email is given.",
        ),
        (
            "Email",
            "the person's email address; each address only once in the file.",
        ),
        (
            "Role",
            "optional: member (when none is given), organiser and/or contact, separated by commas. A role is never lowered; owners are not made by import.",
        ),
    ],
    import_format: "The headers may also be in Swedish or Norwegian (Organisation, Organisationsnummer, E-postdomäner, Namn, E-post, Roll; Organisasjon, Organisasjonsnummer, E-postdomener, Navn, E-post, Rolle). Fields are separated by semicolons (commas or tabs when the header row uses them). The file may be UTF-8 (with or without a BOM) or Windows-1252, at most 1 MiB and 5,000 lines.",
    import_file: "CSV file",
    preview: "Preview",
    import_button: "Import",
    preview_title: "Import preview",
    preview_intro: "This is how the file would be read. Nothing is stored yet.",
    preview_counts: |lines, bad| {
        let lines = if lines == 1 {
            "1 line".to_owned()
        } else {
            format!("{lines} lines")
        };
        match bad {
            0 => format!("{lines}, no errors."),
            1 => format!("{lines}, 1 line with errors."),
            n => format!("{lines}, {n} lines with errors."),
        }
    },
    preview_ready: "No errors: choose Import to store everything.",
    preview_blocked: "Nothing can be stored until the errors are corrected. Correct the file and preview it again.",
    line: |n| format!("Line {n}"),
    lines: "The lines",
    nothing_to_change: "Nothing to change.",
    back: "Back to the network",
    no_file: "Choose a file.",
    file_too_large: "The file is larger than 1 MiB. Split it into several files.",
    file_too_many_lines: "The file has more than 5,000 lines. Split it into several files.",
    file_empty: "The file is empty; the first line must be a header row.",
    file_unclosed_quote: |n| format!("A quote on line {n} is never closed."),
    file_missing_column: |c| format!("The column “{c}” is missing from the header row."),
    file_unknown_column: |c| format!("The header “{c}” is not a known column."),
    file_duplicate_column: |c| format!("The column “{c}” appears twice."),
    problem_no_organisation: "The organisation's name is missing.",
    problem_text: |c| format!("“{c}” is too long or holds characters it may not."),
    problem_no_name: "The person's name is missing.",
    problem_no_email: "The person's email address is missing.",
    problem_email: |e| format!("“{e}” is not an email address."),
    problem_domain: |d| format!("“{d}” is not a mail domain such as malmo.se."),
    problem_too_many_domains: "The organisation would have more than 20 mail domains.",
    problem_role: |r| format!("“{r}” is not a known role (member, organiser, contact)."),
    problem_role_without_person: "A role is given but no person.",
    problem_duplicate: |n| format!("The email address is on line {n} already."),
    problem_number_conflict: |n| {
        format!("The organisation has another organisation number on line {n}.")
    },
    problem_number_differs: |n| {
        format!("The organisation is registered with the organisation number {n}.")
    },
    change_create_organisation: "New organisation registered",
    change_add_member: "becomes a member of the network",
    change_already_member: "is a member already",
    change_org_number: |n| format!("organisation number {n} stored"),
    change_domains: |d| format!("mail domains added: {d}"),
    change_create_person: "new person",
    change_existing_person: "known person",
    change_role: |r| format!("gets the role {r}"),
    change_keep_role: |r| format!("keeps the role {r}"),
    change_contact: "becomes a contact person",
    change_already_contact: "is a contact person already",
    imported: |n| {
        format!(
            "The import is done: {} new organisations, {} new members, {} mail domains, {} new people, {} roles and {} contact persons.",
            n[0], n[1], n[2], n[3], n[4], n[5]
        )
    },
};

/// The network page's words in `locale`.
pub fn network_strings(locale: Locale) -> &'static NetworkStrings {
    match locale {
        Locale::Sv => &SV,
        Locale::Nb => &NB,
        Locale::En => &EN,
    }
}
