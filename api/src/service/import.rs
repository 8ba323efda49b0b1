//! Importing a network's member organisations and their people from a CSV
//! file as Excel saves it: `;` between fields (`,` or a tab when the header
//! row uses them), a UTF-8 byte order mark or none, UTF-8 or Windows-1252,
//! quoted fields with `""` and line breaks inside the quotes.
//!
//! Two steps, both through [`plan`]: [`preview`] reads the file and says,
//! line by line, what would be created or changed, or what is wrong with
//! the line, and stores nothing; [`import`] plans the same text again
//! inside one write unit ([`Tx`]) — so a file changed between the steps,
//! or data changed meanwhile, is judged afresh — and stores everything only
//! when no line has an error: all or nothing.
//!
//! What a line does: its organisation is found by its exact name or
//! registered, becomes a member of the network, gains the line's mail
//! domains (never loses one) and its organisation number when it had none;
//! its person is found by address or created, gets the line's role
//! (`member` when none is given; a role is never lowered) and becomes a
//! contact person when the line says so. Owners are not made by import.
//! Who may import: those who manage the network ([`policy::require_manage`]).

use std::collections::{HashMap, HashSet};

use entities::{
    NetworkRole, OrganisationKind, network_contact, network_member, network_role, organisation,
    organisation_domain, person,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter,
};
use uuid::Uuid;

use super::audit::{Action, Entry};
use super::organisations::parse_domain;
use super::people::{self, PersonInput};
use super::tx::Tx;
use super::validate::{Lines, NAME_MAX, clean_text, parse_email};
use super::{Context, Error, Result, networks, policy};
use crate::ids::{NetworkId, OrganisationId};
use crate::text::fold;

/// Largest file taken, in bytes.
pub const MAX_BYTES: usize = 1024 * 1024;
/// Most lines (records after the header) taken.
pub const MAX_LINES: usize = 5_000;
/// Most mail domains of one organisation (as `organisations` allows).
const DOMAINS_MAX: usize = 20;
/// Longest organisation number.
const ORG_NUMBER_MAX: usize = 32;

/// The file's text: a UTF-8 byte order mark is dropped; what is not valid
/// UTF-8 is read as Windows-1252 (Excel's "CSV (semicolon separated)" on a
/// Swedish or Norwegian Windows); a UTF-16 file with its byte order mark
/// (Excel's "Unicode text") is read as such.
pub fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return encoding_rs::UTF_16LE
            .decode_with_bom_removal(bytes)
            .0
            .into_owned();
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return encoding_rs::UTF_16BE
            .decode_with_bom_removal(bytes)
            .0
            .into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// One record of the file: the line it starts on (1 is the header) and
/// its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The line the record starts on, counting from 1.
    pub line: usize,
    /// The fields, unquoted.
    pub fields: Vec<String>,
}

/// The separator the header row uses: `;` when it has one outside quotes,
/// else a tab, else `,`.
pub fn separator(text: &str) -> char {
    let mut quoted = false;
    let (mut semicolons, mut tabs) = (0, 0);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ';' if !quoted => semicolons += 1,
            '\t' if !quoted => tabs += 1,
            _ => {}
        }
    }
    if semicolons > 0 {
        ';'
    } else if tabs > 0 {
        '\t'
    } else {
        ','
    }
}

/// Splits CSV text into records. A quote opens a quoted field only at the
/// start of a field; inside one, `""` is a quote and line breaks belong to
/// the field. Records with only empty fields (blank lines, the `;;;` rows
/// Excel leaves) are skipped. `Err` is the line of a quote never closed.
pub fn records(text: &str, separator: char) -> Result<Vec<Record>, usize> {
    let mut out = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut start = 1;
    let mut quoted = false;
    let mut quote_line = 1;
    let mut at_start = true;
    let mut chars = text.chars().peekable();
    let finish = |fields: &mut Vec<String>, out: &mut Vec<Record>, start: usize| {
        let taken = std::mem::take(fields);
        if taken.iter().any(|f| !f.trim().is_empty()) {
            out.push(Record {
                line: start,
                fields: taken,
            });
        }
    };
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\r' => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    line += 1;
                    field.push('\n');
                }
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if at_start => {
                quoted = true;
                quote_line = line;
                at_start = false;
            }
            c if c == separator => {
                fields.push(std::mem::take(&mut field));
                at_start = true;
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                fields.push(std::mem::take(&mut field));
                finish(&mut fields, &mut out, start);
                line += 1;
                start = line;
                at_start = true;
            }
            c => {
                field.push(c);
                at_start = false;
            }
        }
    }
    if quoted {
        return Err(quote_line);
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        finish(&mut fields, &mut out, start);
    }
    Ok(out)
}

/// A column of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// The organisation's name (required).
    Organisation,
    /// Its organisation number.
    OrgNumber,
    /// Its mail domains, separated by commas.
    Domains,
    /// The person's name.
    PersonName,
    /// The person's address.
    PersonEmail,
    /// The person's role and whether they are a contact person.
    Role,
}

impl Column {
    /// Every column, in the documented order.
    pub const ALL: [Column; 6] = [
        Column::Organisation,
        Column::OrgNumber,
        Column::Domains,
        Column::PersonName,
        Column::PersonEmail,
        Column::Role,
    ];

    /// The header names taken for the column (folded: lower case, å ä ö
    /// æ ø as a a o ae o), in Swedish, Norwegian and English.
    pub fn names(self) -> &'static [&'static str] {
        match self {
            Column::Organisation => &[
                "organisation",
                "organization",
                "organisationsnamn",
                "organisasjon",
                "organisasjonsnavn",
                "organisation name",
                "organization name",
            ],
            Column::OrgNumber => &[
                "organisationsnummer",
                "organisasjonsnummer",
                "orgnr",
                "org nr",
                "org.nr",
                "org.nr.",
                "organisation number",
                "organization number",
            ],
            Column::Domains => &[
                "e-postdomaner",
                "epostdomaner",
                "maildomaner",
                "domaner",
                "e-postdomener",
                "epostdomener",
                "domener",
                "mail domains",
                "email domains",
                "e-mail domains",
                "domains",
            ],
            Column::PersonName => &["namn", "navn", "name", "person", "person name"],
            Column::PersonEmail => &[
                "e-post",
                "epost",
                "e-postadress",
                "e-postadresse",
                "email",
                "e-mail",
                "email address",
                "e-mail address",
            ],
            Column::Role => &[
                "roll",
                "rolle",
                "role",
                "roll/kontakt",
                "rolle/kontakt",
                "role/contact",
            ],
        }
    }

    fn of_header(name: &str) -> Option<Column> {
        let name = fold(name.trim())
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        Column::ALL
            .into_iter()
            .find(|c| c.names().contains(&name.as_str()))
    }
}

/// What is wrong with the file as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    /// Larger than [`MAX_BYTES`].
    TooLarge,
    /// More than [`MAX_LINES`] lines.
    TooManyLines,
    /// No header row, or nothing at all.
    Empty,
    /// A quote opened on this line is never closed.
    UnclosedQuote(usize),
    /// A required column is missing from the header row.
    MissingColumn(Column),
    /// A header names no known column.
    UnknownColumn(String),
    /// Two headers name the same column.
    DuplicateColumn(String),
}

/// What is wrong with one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// No organisation name.
    MissingOrganisation,
    /// A text holds a character it may not (or is too long): the column.
    InvalidText(Column),
    /// A person's address without a name.
    MissingName,
    /// A person's name without an address.
    MissingEmail,
    /// Not an email address.
    InvalidEmail(String),
    /// Not a mail domain.
    InvalidDomain(String),
    /// More mail domains than an organisation may have.
    TooManyDomains,
    /// A role that is not one of the accepted words.
    UnknownRole(String),
    /// A role without a person.
    RoleWithoutPerson,
    /// The person's address is on an earlier line too.
    DuplicatePerson(usize),
    /// The organisation has another number on an earlier line.
    OrgNumberConflict(usize),
    /// The organisation is registered with another number.
    OrgNumberDiffers(String),
}

/// What a line changes (or finds already done).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The organisation is new: it is registered.
    CreateOrganisation,
    /// It becomes a member of the network.
    AddMember,
    /// It is a member already.
    AlreadyMember,
    /// Its organisation number is stored.
    SetOrgNumber(String),
    /// These mail domains are added to it.
    AddDomains(Vec<String>),
    /// The person is new: created.
    CreatePerson,
    /// The person is known already.
    ExistingPerson,
    /// The person gets this role (or is raised to it).
    GrantRole(NetworkRole),
    /// The person keeps the role they have.
    KeepRole(NetworkRole),
    /// The person becomes a contact person.
    AddContact,
    /// The person is a contact person already.
    AlreadyContact,
}

/// One line of the file as read and judged.
#[derive(Debug, Clone)]
pub struct Line {
    /// Its line in the file.
    pub number: usize,
    /// The organisation's name.
    pub organisation: String,
    /// Its organisation number.
    pub org_number: Option<String>,
    /// Its mail domains.
    pub domains: Vec<String>,
    /// The person: name and (normalised) address.
    pub person: Option<(String, String)>,
    /// The role to give the person.
    pub role: Option<NetworkRole>,
    /// Whether the person becomes a contact person.
    pub contact: bool,
    /// What is wrong with the line.
    pub problems: Vec<Problem>,
    /// What the line would do (when it has no problems).
    pub changes: Vec<Change>,
}

/// The judgement of a file: its problems as a whole, and every line.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// What is wrong with the file; no line is judged when there is any.
    pub file_errors: Vec<FileError>,
    /// The lines after the header.
    pub lines: Vec<Line>,
    /// The file's text, as read (to carry to the second step).
    pub text: String,
}

impl Plan {
    /// Whether nothing is wrong: the import may store it.
    pub fn is_clean(&self) -> bool {
        self.file_errors.is_empty() && self.lines.iter().all(|l| l.problems.is_empty())
    }

    /// The number of lines with problems.
    pub fn lines_with_problems(&self) -> usize {
        self.lines.iter().filter(|l| !l.problems.is_empty()).count()
    }
}

/// What an import stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Organisations registered.
    pub organisations_created: usize,
    /// Organisations that became members.
    pub members_added: usize,
    /// Mail domains added.
    pub domains_added: usize,
    /// People created.
    pub people_created: usize,
    /// Roles given or raised.
    pub roles_set: usize,
    /// Contact persons added.
    pub contacts_added: usize,
}

impl Summary {
    fn of(plan: &Plan) -> Self {
        let mut summary = Self::default();
        for change in plan.lines.iter().flat_map(|l| &l.changes) {
            match change {
                Change::CreateOrganisation => summary.organisations_created += 1,
                Change::AddMember => summary.members_added += 1,
                Change::AddDomains(d) => summary.domains_added += d.len(),
                Change::CreatePerson => summary.people_created += 1,
                Change::GrantRole(_) => summary.roles_set += 1,
                Change::AddContact => summary.contacts_added += 1,
                _ => {}
            }
        }
        summary
    }
}

/// The outcome of [`import`].
#[derive(Debug, Clone)]
pub enum Imported {
    /// Everything was stored.
    Stored(Summary),
    /// Nothing was stored: the plan says why.
    Refused(Plan),
}

/// A role word of the role column: a role, or "contact".
fn role_word(word: &str) -> Option<Option<NetworkRole>> {
    Some(match fold(word).as_str() {
        "member" | "medlem" => Some(NetworkRole::Member),
        "organiser" | "organizer" | "organisator" | "arrangor" => Some(NetworkRole::Organiser),
        "contact" | "contact person" | "kontakt" | "kontaktperson" => None,
        _ => return None,
    })
}

/// Reads the file's lines, each with the problems it has on its own (and
/// against the lines before it); nothing is looked up.
fn read(text: &str) -> (Vec<FileError>, Vec<Line>) {
    let records = match records(text, separator(text)) {
        Ok(records) => records,
        Err(line) => return (vec![FileError::UnclosedQuote(line)], Vec::new()),
    };
    let Some((header, rows)) = records.split_first() else {
        return (vec![FileError::Empty], Vec::new());
    };
    if rows.len() > MAX_LINES {
        return (vec![FileError::TooManyLines], Vec::new());
    }
    let mut errors = Vec::new();
    let mut columns: HashMap<Column, usize> = HashMap::new();
    for (i, name) in header.fields.iter().enumerate() {
        if name.trim().is_empty() {
            continue;
        }
        match Column::of_header(name) {
            Some(column) if columns.contains_key(&column) => {
                errors.push(FileError::DuplicateColumn(name.trim().to_owned()));
            }
            Some(column) => {
                columns.insert(column, i);
            }
            None => errors.push(FileError::UnknownColumn(name.trim().to_owned())),
        }
    }
    if !columns.contains_key(&Column::Organisation) {
        errors.push(FileError::MissingColumn(Column::Organisation));
    }
    if columns.contains_key(&Column::PersonName) != columns.contains_key(&Column::PersonEmail) {
        errors.push(FileError::MissingColumn(
            if columns.contains_key(&Column::PersonName) {
                Column::PersonEmail
            } else {
                Column::PersonName
            },
        ));
    }
    if !errors.is_empty() {
        return (errors, Vec::new());
    }
    let mut people: HashMap<String, usize> = HashMap::new();
    let mut numbers: HashMap<String, (usize, String)> = HashMap::new();
    let lines = rows
        .iter()
        .map(|record| {
            let get = |column: Column| {
                columns
                    .get(&column)
                    .and_then(|&i| record.fields.get(i))
                    .map_or("", String::as_str)
            };
            let mut line = Line {
                number: record.line,
                organisation: String::new(),
                org_number: None,
                domains: Vec::new(),
                person: None,
                role: None,
                contact: false,
                problems: Vec::new(),
                changes: Vec::new(),
            };
            let mut text = |column: Column, max: usize| match clean_text(get(column), Lines::One) {
                Ok(value) if value.chars().count() <= max => value,
                _ => {
                    line.problems.push(Problem::InvalidText(column));
                    String::new()
                }
            };
            let organisation = text(Column::Organisation, NAME_MAX);
            let number = text(Column::OrgNumber, ORG_NUMBER_MAX);
            let name = text(Column::PersonName, NAME_MAX);
            let email = get(Column::PersonEmail).trim().to_owned();
            let no_person = name.is_empty() && email.is_empty();
            let invalid_organisation = line
                .problems
                .contains(&Problem::InvalidText(Column::Organisation));
            if organisation.is_empty() && !invalid_organisation {
                line.problems.push(Problem::MissingOrganisation);
            }
            line.organisation = organisation;
            if !number.is_empty() {
                match numbers.get(&line.organisation) {
                    Some((first, other)) if *other != number => {
                        line.problems.push(Problem::OrgNumberConflict(*first));
                    }
                    Some(_) => {}
                    None => {
                        numbers.insert(line.organisation.clone(), (line.number, number.clone()));
                    }
                }
                line.org_number = Some(number);
            }
            for domain in get(Column::Domains)
                .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
                .filter(|d| !d.is_empty())
            {
                match parse_domain(domain) {
                    Some(domain) if !line.domains.contains(&domain) => line.domains.push(domain),
                    Some(_) => {}
                    None => line
                        .problems
                        .push(Problem::InvalidDomain(domain.chars().take(100).collect())),
                }
            }
            if line.domains.len() > DOMAINS_MAX {
                line.problems.push(Problem::TooManyDomains);
            }
            let invalid_name = line
                .problems
                .contains(&Problem::InvalidText(Column::PersonName));
            match (name.is_empty(), email.is_empty()) {
                (true, true) if !invalid_name => {}
                (true, _) if invalid_name => {}
                (true, false) => line.problems.push(Problem::MissingName),
                (false, true) => line.problems.push(Problem::MissingEmail),
                _ => match parse_email(&email) {
                    None => line
                        .problems
                        .push(Problem::InvalidEmail(email.chars().take(100).collect())),
                    Some(email) => {
                        if let Some(first) = people.get(&email) {
                            line.problems.push(Problem::DuplicatePerson(*first));
                        } else {
                            people.insert(email.clone(), line.number);
                        }
                        line.person = Some((name, email));
                    }
                },
            }
            let roles = get(Column::Role);
            let mut said = false;
            for word in roles
                .split([',', '+', '/', '&'])
                .map(str::trim)
                .filter(|w| !w.is_empty())
            {
                said = true;
                match role_word(word) {
                    Some(Some(role)) => {
                        // Organiser over member, when a line says both.
                        if line.role != Some(NetworkRole::Organiser) {
                            line.role = Some(role);
                        }
                    }
                    Some(None) => line.contact = true,
                    None => line
                        .problems
                        .push(Problem::UnknownRole(word.chars().take(60).collect())),
                }
            }
            if said && no_person {
                line.problems.push(Problem::RoleWithoutPerson);
            }
            if line.person.is_some() && line.role.is_none() {
                line.role = Some(NetworkRole::Member);
            }
            line
        })
        .collect();
    (Vec::new(), lines)
}

/// `is_in` in slices, so a long file stays within the databases' limits
/// on a statement's parameters.
const CHUNK: usize = 500;

/// What is stored of the file's organisations and people.
#[derive(Default)]
struct Known {
    organisations: HashMap<String, organisation::Model>,
    members: HashSet<Uuid>,
    domains: HashMap<Uuid, HashSet<String>>,
    people: HashMap<String, person::Model>,
    roles: HashMap<Uuid, NetworkRole>,
    contacts: HashSet<Uuid>,
}

async fn known<C: ConnectionTrait>(db: &C, network: NetworkId, lines: &[Line]) -> Result<Known> {
    let mut known = Known::default();
    let names: Vec<String> = lines
        .iter()
        .map(|l| l.organisation.clone())
        .filter(|n| !n.is_empty())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    for chunk in names.chunks(CHUNK) {
        for org in organisation::Entity::find()
            .filter(organisation::Column::Name.is_in(chunk.iter().cloned()))
            .all(db)
            .await?
        {
            known.organisations.insert(org.name.clone(), org);
        }
    }
    let ids: Vec<Uuid> = known.organisations.values().map(|o| o.id).collect();
    for chunk in ids.chunks(CHUNK) {
        for member in network_member::Entity::find()
            .filter(network_member::Column::NetworkId.eq(network.0))
            .filter(network_member::Column::OrganisationId.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            known.members.insert(member.organisation_id);
        }
        for domain in organisation_domain::Entity::find()
            .filter(organisation_domain::Column::OrganisationId.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            known
                .domains
                .entry(domain.organisation_id)
                .or_default()
                .insert(domain.domain);
        }
    }
    let emails: Vec<String> = lines
        .iter()
        .filter_map(|l| l.person.as_ref().map(|(_, e)| e.clone()))
        .collect();
    for chunk in emails.chunks(CHUNK) {
        for person in person::Entity::find()
            .filter(person::Column::Email.is_in(chunk.iter().cloned()))
            .all(db)
            .await?
        {
            known.people.insert(person.email.clone(), person);
        }
    }
    let people: Vec<Uuid> = known.people.values().map(|p| p.id).collect();
    for chunk in people.chunks(CHUNK) {
        for role in network_role::Entity::find()
            .filter(network_role::Column::NetworkId.eq(network.0))
            .filter(network_role::Column::PersonId.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            known.roles.insert(role.person_id, role.role);
        }
        for contact in network_contact::Entity::find()
            .filter(network_contact::Column::NetworkId.eq(network.0))
            .filter(network_contact::Column::PersonId.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            known.contacts.insert(contact.person_id);
        }
    }
    Ok(known)
}

/// Judges `text` against what `db` holds: every line's problems, or what
/// it would change. Reads only.
async fn plan<C: ConnectionTrait>(db: &C, network: NetworkId, text: String) -> Result<Plan> {
    let (file_errors, mut lines) = read(&text);
    if !file_errors.is_empty() {
        return Ok(Plan {
            file_errors,
            lines,
            text,
        });
    }
    let known = known(db, network, &lines).await?;
    // What earlier lines already do, so each change is said once.
    let mut seen_organisations: HashSet<String> = HashSet::new();
    let mut domains: HashMap<String, HashSet<String>> = HashMap::new();
    let mut numbered: HashSet<String> = HashSet::new();
    for line in &mut lines {
        let existing = known.organisations.get(&line.organisation);
        let first = seen_organisations.insert(line.organisation.clone());
        if let Some(number) = &line.org_number {
            match existing.and_then(|o| o.org_number.as_ref()) {
                Some(stored) if stored != number => {
                    line.problems
                        .push(Problem::OrgNumberDiffers(stored.clone()));
                }
                Some(_) => {}
                // A new organisation is registered with its first line's number.
                None if first && existing.is_none() => {}
                None => {
                    if numbered.insert(line.organisation.clone()) {
                        line.changes.push(Change::SetOrgNumber(number.clone()));
                    }
                }
            }
        }
        // A line with problems changes nothing, and later lines are
        // judged as if it were not there.
        if !line.problems.is_empty() {
            if first {
                seen_organisations.remove(&line.organisation);
            }
            line.changes.clear();
            continue;
        }
        let has = domains.entry(line.organisation.clone()).or_insert_with(|| {
            existing
                .and_then(|o| known.domains.get(&o.id).cloned())
                .unwrap_or_default()
        });
        let new: Vec<String> = line
            .domains
            .iter()
            .filter(|d| !has.contains(*d))
            .cloned()
            .collect();
        if has.len() + new.len() > DOMAINS_MAX {
            line.problems.push(Problem::TooManyDomains);
            if first {
                seen_organisations.remove(&line.organisation);
            }
            line.changes.clear();
            continue;
        }
        has.extend(new.iter().cloned());
        if first {
            match existing {
                None => line
                    .changes
                    .extend([Change::CreateOrganisation, Change::AddMember]),
                Some(org) if known.members.contains(&org.id) => {
                    line.changes.push(Change::AlreadyMember);
                }
                Some(_) => line.changes.push(Change::AddMember),
            }
            if existing.is_none() && line.org_number.is_some() {
                numbered.insert(line.organisation.clone());
            }
        }
        if !new.is_empty() {
            line.changes.push(Change::AddDomains(new));
        }
        if let Some((_, email)) = &line.person {
            let person = known.people.get(email);
            line.changes.push(if person.is_some() {
                Change::ExistingPerson
            } else {
                Change::CreatePerson
            });
            let had = person.and_then(|p| known.roles.get(&p.id)).copied();
            if let Some(role) = line.role {
                line.changes.push(match (had, role) {
                    (Some(had), _) if had == role => Change::KeepRole(had),
                    (Some(NetworkRole::Owner | NetworkRole::Organiser), NetworkRole::Member)
                    | (Some(NetworkRole::Owner), _) => Change::KeepRole(had.unwrap_or(role)),
                    _ => Change::GrantRole(role),
                });
            }
            if line.contact {
                line.changes
                    .push(if person.is_some_and(|p| known.contacts.contains(&p.id)) {
                        Change::AlreadyContact
                    } else {
                        Change::AddContact
                    });
            }
        }
    }
    Ok(Plan {
        file_errors,
        lines,
        text,
    })
}

/// The checks both steps make first: the viewer may change the network.
async fn allowed(cx: &Context, network: NetworkId) -> Result<()> {
    policy::require_write(cx)?;
    if networks::get(cx, network).await?.is_none() {
        return Err(Error::NotFound("network"));
    }
    policy::require_manage(cx, network).await
}

/// The file's text after [`MAX_BYTES`]' check.
fn text_of(bytes: &[u8]) -> std::result::Result<String, FileError> {
    if bytes.len() > MAX_BYTES {
        return Err(FileError::TooLarge);
    }
    Ok(decode(bytes))
}

/// Step 1: what importing `bytes` into `network` would do, line by line.
/// Stores nothing.
#[tracing::instrument(skip_all, fields(network = %network))]
pub async fn preview(cx: &Context, network: NetworkId, bytes: &[u8]) -> Result<Plan> {
    allowed(cx, network).await?;
    match text_of(bytes) {
        Ok(text) => plan(&cx.db, network, text).await,
        Err(error) => Ok(Plan {
            file_errors: vec![error],
            ..Plan::default()
        }),
    }
}

/// How a new organisation is registered: a municipality when its name says
/// "kommun(e)", a region when it begins with "Region", else "other".
fn kind_of(name: &str) -> OrganisationKind {
    let folded = fold(name);
    if folded.contains("kommun") {
        OrganisationKind::Municipality
    } else if folded.starts_with("region") {
        OrganisationKind::Region
    } else {
        OrganisationKind::Other
    }
}

/// Step 2: plans `bytes` again inside one write unit and stores it all when
/// no line has a problem; otherwise stores nothing and gives the plan.
#[tracing::instrument(skip_all, fields(network = %network))]
pub async fn import(cx: &Context, network: NetworkId, bytes: &[u8]) -> Result<Imported> {
    allowed(cx, network).await?;
    let text = match text_of(bytes) {
        Ok(text) => text,
        Err(error) => {
            return Ok(Imported::Refused(Plan {
                file_errors: vec![error],
                ..Plan::default()
            }));
        }
    };
    let imported = Tx::run(cx, |tx| {
        let text = text.clone();
        async move {
            let plan = plan(tx.db(), network, text).await?;
            if !plan.is_clean() {
                return Ok((tx, Imported::Refused(plan)));
            }
            store(&tx, network, &plan).await?;
            Ok((tx, Imported::Stored(Summary::of(&plan))))
        }
    })
    .await?;
    policy::forget_access(cx);
    Ok(imported)
}

/// Stores a clean plan in `tx`.
async fn store(tx: &Tx, network: NetworkId, plan: &Plan) -> Result<()> {
    let txn = tx.db();
    let now = tx.now();
    let mut organisations: HashMap<String, Uuid> = HashMap::new();
    let mut contacts = network_contact::Entity::find()
        .filter(network_contact::Column::NetworkId.eq(network.0))
        .count(txn)
        .await? as i32;
    for line in &plan.lines {
        let mut org_id = organisations.get(&line.organisation).copied();
        for change in &line.changes {
            match change {
                Change::CreateOrganisation => {
                    let created = organisation::ActiveModel {
                        id: Set(OrganisationId::new().0),
                        search_key: Set(fold(&line.organisation)),
                        name: Set(line.organisation.clone()),
                        kind: Set(kind_of(&line.organisation)),
                        org_number: Set(line.org_number.clone()),
                        country_code: Set(None),
                        created_at: Set(now),
                        updated_at: Set(now),
                    }
                    .insert(txn)
                    .await
                    .map_err(|err| {
                        Error::on_unique(err, "name", "an organisation with this name exists")
                    })?;
                    org_id = Some(created.id);
                }
                Change::AddMember => {
                    let id = organisation_id(txn, &mut org_id, &line.organisation).await?;
                    network_member::ActiveModel {
                        id: Set(Uuid::now_v7()),
                        network_id: Set(network.0),
                        organisation_id: Set(id),
                        joined_at: Set(now),
                    }
                    .insert(txn)
                    .await?;
                    tx.audit(
                        Entry::network(network, Action::MemberAdded)
                            .about(id, Some(&line.organisation)),
                    );
                }
                Change::SetOrgNumber(number) => {
                    let id = organisation_id(txn, &mut org_id, &line.organisation).await?;
                    organisation::Entity::update_many()
                        .col_expr(
                            organisation::Column::OrgNumber,
                            sea_orm::sea_query::Expr::value(number.clone()),
                        )
                        .col_expr(
                            organisation::Column::UpdatedAt,
                            sea_orm::sea_query::Expr::value(now),
                        )
                        .filter(organisation::Column::Id.eq(id))
                        .exec(txn)
                        .await?;
                }
                Change::AddDomains(domains) => {
                    let id = organisation_id(txn, &mut org_id, &line.organisation).await?;
                    for domain in domains {
                        organisation_domain::ActiveModel {
                            domain: Set(domain.clone()),
                            organisation_id: Set(id),
                            created_at: Set(now),
                        }
                        .insert(txn)
                        .await?;
                    }
                }
                _ => {}
            }
        }
        if let Some(id) = org_id {
            organisations.insert(line.organisation.clone(), id);
        }
        let Some((name, email)) = &line.person else {
            continue;
        };
        let person = people::find_or_create_on(
            txn,
            now,
            "person",
            PersonInput {
                name: name.clone(),
                email: email.clone(),
                title: None,
                organisation_id: org_id.map(OrganisationId),
            },
        )
        .await?;
        for change in &line.changes {
            match change {
                Change::GrantRole(role) => {
                    let existing = network_role::Entity::find()
                        .filter(network_role::Column::NetworkId.eq(network.0))
                        .filter(network_role::Column::PersonId.eq(person.id))
                        .one(txn)
                        .await?;
                    match existing {
                        Some(existing) => {
                            let mut model: network_role::ActiveModel = existing.into();
                            model.role = Set(*role);
                            model.update(txn).await?;
                        }
                        None => {
                            network_role::ActiveModel {
                                id: Set(Uuid::now_v7()),
                                network_id: Set(network.0),
                                person_id: Set(person.id),
                                role: Set(*role),
                                created_at: Set(now),
                            }
                            .insert(txn)
                            .await?;
                        }
                    }
                    tx.audit(
                        Entry::network(network, Action::RoleSet)
                            .about(person.id, None)
                            .detail(role.as_str()),
                    );
                }
                Change::AddContact => {
                    network_contact::ActiveModel {
                        id: Set(Uuid::now_v7()),
                        network_id: Set(network.0),
                        person_id: Set(person.id),
                        position: Set(contacts),
                        label: Set(None),
                        // The organiser typed this address for the purpose.
                        email: Set(Some(person.email.clone())),
                        accepted_at: Set(None),
                    }
                    .insert(txn)
                    .await?;
                    contacts += 1;
                    tx.audit(Entry::network(network, Action::ContactAdded).about(person.id, None));
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// The id of a line's organisation: created on an earlier line or stored.
async fn organisation_id<C: ConnectionTrait>(
    db: &C,
    id: &mut Option<Uuid>,
    name: &str,
) -> Result<Uuid> {
    if let Some(id) = id {
        return Ok(*id);
    }
    let found = organisation::Entity::find()
        .filter(organisation::Column::Name.eq(name))
        .one(db)
        .await?
        .ok_or(Error::NotFound("organisation"))?;
    *id = Some(found.id);
    Ok(found.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_and_utf8_with_and_without_a_bom_read_alike() {
        // "Malmö;Hässleholm;Ålesund" as Windows-1252.
        let cp1252 = b"Malm\xF6;H\xE4ssleholm;\xC5lesund";
        assert_eq!(decode(cp1252), "Malmö;Hässleholm;Ålesund");
        let utf8 = "Malmö;Hässleholm;Ålesund";
        assert_eq!(decode(utf8.as_bytes()), utf8);
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), utf8.as_bytes()].concat();
        assert_eq!(decode(&with_bom), utf8);
        // Characters of 0x80–0x9F that 1252 has and Latin-1 has not.
        assert_eq!(decode(b"\x80 \x96 \x93x\x94"), "€ – “x”");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Ålesund".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16), "Ålesund");
    }

    #[test]
    fn quoted_fields_keep_separators_quotes_and_line_breaks() {
        let text =
            "a;b;c\r\n\"Ale; kommun\";\"sa \"\"hej\"\"\";\"två\r\nrader\"\r\n\r\n;;\r\nx;y;z";
        let found = records(text, ';').expect("parsed");
        assert_eq!(
            found,
            vec![
                Record {
                    line: 1,
                    fields: vec!["a".into(), "b".into(), "c".into()]
                },
                Record {
                    line: 2,
                    fields: vec![
                        "Ale; kommun".into(),
                        "sa \"hej\"".into(),
                        "två\nrader".into()
                    ]
                },
                Record {
                    line: 6,
                    fields: vec!["x".into(), "y".into(), "z".into()]
                },
            ]
        );
        assert_eq!(records("a;\"open\nb;c", ';'), Err(1));
        // A quote inside an unquoted field is a character.
        assert_eq!(
            records("5\" skärm;b", ';').expect("parsed")[0].fields,
            vec!["5\" skärm", "b"]
        );
        // No final line break; a lone CR ends a line too (old Mac Excel).
        assert_eq!(records("a\rb", ';').expect("parsed").len(), 2);
    }

    #[test]
    fn the_separator_is_the_header_rows() {
        assert_eq!(separator("Organisation;E-post\nA, B;x"), ';');
        assert_eq!(separator("Organisation\tE-post"), '\t');
        assert_eq!(separator("Organisation,E-post"), ',');
        assert_eq!(separator("\"Org;anisation\",E-post"), ',');
    }

    #[test]
    fn headers_in_three_languages_name_the_columns() {
        assert_eq!(
            Column::of_header(" Organisation "),
            Some(Column::Organisation)
        );
        assert_eq!(Column::of_header("E-postdomäner"), Some(Column::Domains));
        assert_eq!(Column::of_header("E-postdomener"), Some(Column::Domains));
        assert_eq!(Column::of_header("Mail  domains"), Some(Column::Domains));
        assert_eq!(Column::of_header("Navn"), Some(Column::PersonName));
        assert_eq!(Column::of_header("E-mail"), Some(Column::PersonEmail));
        assert_eq!(Column::of_header("Roll/kontakt"), Some(Column::Role));
        assert_eq!(
            Column::of_header("Organisasjonsnummer"),
            Some(Column::OrgNumber)
        );
        assert_eq!(Column::of_header("Telefon"), None);
    }

    #[test]
    fn every_line_gets_its_own_problems() {
        let text = "Organisation;Orgnr;Domäner;Namn;E-post;Roll\n\
            Malmö stad;212000-1124;malmo.se;Åsa Öberg;asa@malmo.se;organisatör, kontaktperson\n\
            ;;;Nils;nils@x.se;\n\
            Lunds kommun;;lund se;Per;inte-en-adress;\n\
            Malmö stad;212000-9999;;Eva;ASA@malmo.se;chef\n\
            Hässleholms kommun;;;Eva;;\n";
        let (file, lines) = read(text);
        assert!(file.is_empty(), "{file:?}");
        assert_eq!(lines.len(), 5);
        assert!(lines[0].problems.is_empty(), "{:?}", lines[0].problems);
        assert_eq!(lines[0].role, Some(NetworkRole::Organiser));
        assert!(lines[0].contact);
        assert_eq!(lines[1].number, 3);
        assert_eq!(lines[1].problems, vec![Problem::MissingOrganisation]);
        assert_eq!(
            lines[2].problems,
            vec![
                Problem::InvalidDomain("lund".into()),
                Problem::InvalidDomain("se".into()),
                Problem::InvalidEmail("inte-en-adress".into())
            ]
        );
        assert_eq!(
            lines[3].problems,
            vec![
                Problem::OrgNumberConflict(2),
                Problem::DuplicatePerson(2),
                Problem::UnknownRole("chef".into())
            ]
        );
        assert_eq!(lines[4].problems, vec![Problem::MissingEmail]);
    }

    #[test]
    fn a_file_without_its_columns_is_refused_whole() {
        assert_eq!(read("").0, vec![FileError::Empty]);
        assert_eq!(
            read("Namn;E-post;Telefon\nA;a@b.se;1").0,
            vec![
                FileError::UnknownColumn("Telefon".into()),
                FileError::MissingColumn(Column::Organisation)
            ]
        );
        assert_eq!(
            read("Organisation;Namn\nA;B").0,
            vec![FileError::MissingColumn(Column::PersonEmail)]
        );
        let many = format!("Organisation\n{}", "A\n".repeat(MAX_LINES + 1));
        assert_eq!(read(&many).0, vec![FileError::TooManyLines]);
    }

    #[test]
    fn new_organisations_get_a_kind_from_their_name() {
        assert_eq!(
            kind_of("Hässleholms kommun"),
            OrganisationKind::Municipality
        );
        assert_eq!(kind_of("Ålesund kommune"), OrganisationKind::Municipality);
        assert_eq!(kind_of("Region Skåne"), OrganisationKind::Region);
        assert_eq!(kind_of("Malmö stad"), OrganisationKind::Other);
    }
}
