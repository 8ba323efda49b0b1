//! `POST /organise/networks/{id}/import`: importing member organisations
//! and their people from a CSV file (`service::import`), in two steps of
//! one `multipart/form-data` form:
//!
//! 1. `step=preview` with the `file`: the preview page, every line with
//!    what it would create or change, or its errors. Nothing is stored.
//! 2. `step=import` with the text read in step 1 carried in the hidden
//!    `content` field (multipart, so it is not inflated by escaping): the
//!    service judges it all again inside one write unit and stores it all,
//!    or nothing (the preview again, 422, when a line has errors now). Done,
//!    a 303 back to the network page with a summary.
//!
//! The route takes bodies up to [`BODY_MAX`], so that a file over the
//! import's own limit is told so in words rather than cut off.

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use entities::NetworkRole;

use super::forms::Fields;
use super::forms::{csrf_for, refused, see_other};
use super::network::{network_id, page_of};
use crate::i18n::console::network::{NetworkStrings, network_strings};
use crate::i18n::console::{ConsoleStrings, console_strings};
use crate::ids::NetworkId;
use crate::pages::form::Form;
use crate::pages::page::{Layout, PageRequest, private_page, render};
use crate::service::directory;
use crate::service::import::{self, Change, Column, FileError, Imported, Plan, Problem};
use crate::state::AppState;

/// The largest body the import's route takes: the file's limit and room
/// for the form's other fields.
pub(super) const BODY_MAX: usize = import::MAX_BYTES * 2 + 64 * 1024;

/// One line of the preview.
struct LineRow {
    number: usize,
    heading: String,
    what: String,
    changes: Vec<String>,
    problems: Vec<String>,
}

#[derive(Template)]
#[template(path = "console/network_import.html")]
struct PreviewPage {
    page: Layout,
    c: &'static ConsoleStrings,
    s: &'static NetworkStrings,
    network_id: uuid::Uuid,
    name: String,
    file_errors: Vec<String>,
    counts: String,
    clean: bool,
    lines: Vec<LineRow>,
    content: String,
    csrf: String,
    lang: &'static str,
}

fn role_name(s: &NetworkStrings, role: NetworkRole) -> &'static str {
    match role {
        NetworkRole::Owner => s.role_names[0],
        NetworkRole::Organiser => s.role_names[1],
        NetworkRole::Member => s.role_names[2],
    }
}

fn column_name(s: &NetworkStrings, column: Column) -> &'static str {
    let i = Column::ALL.iter().position(|c| *c == column).unwrap_or(0);
    s.columns[i].0
}

fn file_error(s: &NetworkStrings, error: &FileError) -> String {
    match error {
        FileError::TooLarge => s.file_too_large.to_owned(),
        FileError::TooManyLines => s.file_too_many_lines.to_owned(),
        FileError::Empty => s.file_empty.to_owned(),
        FileError::UnclosedQuote(line) => (s.file_unclosed_quote)(*line),
        FileError::MissingColumn(column) => (s.file_missing_column)(column_name(s, *column)),
        FileError::UnknownColumn(name) => (s.file_unknown_column)(name),
        FileError::DuplicateColumn(name) => (s.file_duplicate_column)(name),
    }
}

fn problem(s: &NetworkStrings, problem: &Problem) -> String {
    match problem {
        Problem::MissingOrganisation => s.problem_no_organisation.to_owned(),
        Problem::InvalidText(column) => (s.problem_text)(column_name(s, *column)),
        Problem::MissingName => s.problem_no_name.to_owned(),
        Problem::MissingEmail => s.problem_no_email.to_owned(),
        Problem::InvalidEmail(email) => (s.problem_email)(email),
        Problem::InvalidDomain(domain) => (s.problem_domain)(domain),
        Problem::TooManyDomains => s.problem_too_many_domains.to_owned(),
        Problem::UnknownRole(role) => (s.problem_role)(role),
        Problem::RoleWithoutPerson => s.problem_role_without_person.to_owned(),
        Problem::DuplicatePerson(line) => (s.problem_duplicate)(*line),
        Problem::OrgNumberConflict(line) => (s.problem_number_conflict)(*line),
        Problem::OrgNumberDiffers(number) => (s.problem_number_differs)(number),
    }
}

fn change(s: &NetworkStrings, change: &Change) -> String {
    match change {
        Change::CreateOrganisation => s.change_create_organisation.to_owned(),
        Change::AddMember => s.change_add_member.to_owned(),
        Change::AlreadyMember => s.change_already_member.to_owned(),
        Change::SetOrgNumber(number) => (s.change_org_number)(number),
        Change::AddDomains(domains) => (s.change_domains)(&domains.join(", ")),
        Change::CreatePerson => s.change_create_person.to_owned(),
        Change::ExistingPerson => s.change_existing_person.to_owned(),
        Change::GrantRole(role) => (s.change_role)(role_name(s, *role)),
        Change::KeepRole(role) => (s.change_keep_role)(role_name(s, *role)),
        Change::AddContact => s.change_contact.to_owned(),
        Change::AlreadyContact => s.change_already_contact.to_owned(),
    }
}

/// What the form sent.
#[derive(Default)]
struct Sent {
    csrf: String,
    lang: String,
    step: String,
    file: Option<Vec<u8>>,
    content: Option<String>,
    too_large: bool,
}

async fn read(mut multipart: Multipart) -> Result<Sent, StatusCode> {
    let mut sent = Sent::default();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(err) if err.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                sent.too_large = true;
                break;
            }
            Err(err) => return Err(err.status()),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let bytes = match field.bytes().await {
            Ok(bytes) => bytes,
            Err(err) if err.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                sent.too_large = true;
                break;
            }
            Err(err) => return Err(err.status()),
        };
        let text = || String::from_utf8_lossy(&bytes).trim().to_owned();
        match name.as_str() {
            "csrf" => sent.csrf = text(),
            "lang" => sent.lang = text(),
            "step" => sent.step = text(),
            "file" if !bytes.is_empty() => sent.file = Some(bytes.to_vec()),
            "content" => sent.content = Some(String::from_utf8_lossy(&bytes).into_owned()),
            _ => {}
        }
    }
    Ok(sent)
}

/// `POST /organise/networks/{id}/import`.
pub(super) async fn import(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let s = network_strings(request.locale);
    let sent = match multipart {
        Ok(multipart) => read(multipart).await,
        Err(rejection) => Err(rejection.status()),
    };
    let sent = match sent {
        Ok(sent) => sent,
        // No form of ours: no token either.
        Err(_) => {
            return match refused(&state, &headers, &request, &Form::default()) {
                Err(response) => *response,
                Ok(()) => request.not_found(),
            };
        }
    };
    let checked = Form::parse(
        form_urlencoded::Serializer::new(String::new())
            .append_pair("csrf", &sent.csrf)
            .finish()
            .as_bytes(),
    );
    if let Err(response) = refused(&state, &headers, &request, &checked) {
        return *response;
    }
    let Some(id) = network_id(&id) else {
        return request.not_found();
    };
    let request = request.switching_to(format!("/organise/networks/{}", id.0));
    let cx = request.context(&state);
    let found = match directory::directory(&cx, id).await {
        Ok(found) => found,
        Err(err) => return request.failed(err),
    };
    let upload_error = |message: &str, status: StatusCode, found| {
        let mut f = Fields::default();
        f.refuse("import-file", message);
        page_of(&state, &headers, &request, found, f, None, status)
    };
    if sent.too_large {
        return upload_error(s.file_too_large, StatusCode::PAYLOAD_TOO_LARGE, found);
    }
    if sent.step == "import" {
        let Some(content) = sent.content else {
            return upload_error(s.no_file, StatusCode::UNPROCESSABLE_ENTITY, found);
        };
        return match import::import(&cx, id, content.as_bytes()).await {
            Ok(Imported::Stored(n)) => {
                let counts = [
                    n.organisations_created,
                    n.members_added,
                    n.domains_added,
                    n.people_created,
                    n.roles_set,
                    n.contacts_added,
                ]
                .map(|n| n.to_string())
                .join(",");
                let mut query = form_urlencoded::Serializer::new(String::new());
                if !sent.lang.is_empty() {
                    query.append_pair("lang", &sent.lang);
                }
                query.append_pair("done", "imported");
                query.append_pair("n", &counts);
                see_other(&format!(
                    "/organise/networks/{}?{}#import",
                    id.0,
                    query.finish()
                ))
            }
            Ok(Imported::Refused(plan)) => preview_page(
                &state,
                &headers,
                &request,
                id,
                &found.network.name,
                plan,
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            Err(err) => request.failed(err),
        };
    }
    let Some(file) = sent.file else {
        return upload_error(s.no_file, StatusCode::UNPROCESSABLE_ENTITY, found);
    };
    match import::preview(&cx, id, &file).await {
        Ok(plan) => {
            let status = if plan.is_clean() {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            preview_page(
                &state,
                &headers,
                &request,
                id,
                &found.network.name,
                plan,
                status,
            )
        }
        Err(err) => request.failed(err),
    }
}

fn preview_page(
    state: &AppState,
    headers: &HeaderMap,
    request: &PageRequest,
    id: NetworkId,
    name: &str,
    plan: Plan,
    status: StatusCode,
) -> Response {
    let Some(csrf) = csrf_for(state, headers) else {
        return request.internal_error();
    };
    let (c, s) = (
        console_strings(request.locale),
        network_strings(request.locale),
    );
    let lines: Vec<LineRow> = plan
        .lines
        .iter()
        .map(|line| LineRow {
            number: line.number,
            heading: (s.line)(line.number),
            what: match &line.person {
                Some((person, email)) if line.organisation.is_empty() => {
                    format!("{person} <{email}>")
                }
                Some((person, email)) => format!("{} – {person} <{email}>", line.organisation),
                None => line.organisation.clone(),
            },
            changes: line.changes.iter().map(|c| change(s, c)).collect(),
            problems: line.problems.iter().map(|p| problem(s, p)).collect(),
        })
        .collect();
    let clean = plan.is_clean() && !lines.is_empty();
    let template = PreviewPage {
        page: request.page(format!("{} – {name}", s.preview_title)),
        c,
        s,
        network_id: id.0,
        name: name.to_owned(),
        file_errors: plan.file_errors.iter().map(|e| file_error(s, e)).collect(),
        counts: (s.preview_counts)(plan.lines.len(), plan.lines_with_problems()),
        clean,
        lines,
        content: if clean { plan.text } else { String::new() },
        csrf: csrf.token,
        lang: request.locale.as_str(),
    };
    let mut response = render(&template);
    *response.status_mut() = status;
    private_page(&mut response, csrf.set_cookie);
    response
}
