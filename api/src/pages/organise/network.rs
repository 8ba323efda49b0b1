//! A network in the console, as its organisers keep it
//! (`service::directory`): its sub-networks, member organisations with
//! their mail domains, contact persons (with their addresses: only here,
//! for the organisers), and who holds which role, each with its forms.
//!
//! - `GET /organise/networks/{id}`: the page, with links to the public
//!   page, the feed, the attendance over time and the audit log.
//! - `POST /organise/networks/{id}/members`: add an organisation by its
//!   name, registering it first when asked (`organisations::create`,
//!   `networks::add_member`); `…/members/remove` (`networks::remove_member`).
//! - `POST /organise/networks/{id}/domains`: an organisation's mail domains
//!   (`organisations::set_email_domains`).
//! - `POST …/contacts` and `…/contacts/remove` (`networks::add_contact`,
//!   `networks::remove_contact`).
//! - `POST …/roles` and `…/roles/remove` (`networks::set_role`,
//!   `networks::remove_role`).
//! - `POST …/networks` (`networks::create` below this one).
//! - `POST …/import`: the CSV import ([`super::network_import`]).
//!
//! Each POST carries the CSRF token. Done, it answers with a 303 back to
//! the page saying so; refused, with the page again (422), the form as it
//! was typed and each error next to its field and in a summary. Whoever
//! does not organise the network is told it does not exist, on every path.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use entities::{NetworkRole, OrganisationKind};
use uuid::Uuid;

use super::forms::{Fields, csrf_for, posted, see_other};
use crate::calendar::links::FeedUrls;
use crate::i18n::console::attendance::attendance_strings;
use crate::i18n::console::network::{NetworkStrings, network_strings};
use crate::i18n::console::{ConsoleStrings, console_strings};
use crate::ids::{NetworkId, OrganisationId, PersonId};
use crate::pages::form::Form;
use crate::pages::page::{Layout, PageRequest, private_page, render};
use crate::service::directory::{self, Directory};
use crate::service::networks::{self, ContactInput, NewNetwork};
use crate::service::organisations::{self, NewOrganisation};
use crate::service::people::PersonInput;
use crate::service::{self, ErrorCode, FieldError, Viewer};
use crate::state::AppState;

/// The kinds of organisation in the order of `NetworkStrings::kinds`.
const KINDS: [OrganisationKind; 8] = [
    OrganisationKind::Municipality,
    OrganisationKind::Region,
    OrganisationKind::Academia,
    OrganisationKind::CivilSociety,
    OrganisationKind::Company,
    OrganisationKind::Agency,
    OrganisationKind::Association,
    OrganisationKind::Other,
];

/// A member organisation on the page.
struct MemberRow {
    id: Uuid,
    name: String,
    org_number: Option<String>,
    domains: String,
    /// The id of its domains field.
    field: String,
}

/// A contact person on the page.
struct ContactRow {
    person_id: Uuid,
    name: String,
    label: Option<String>,
    address: Option<String>,
    accepted: bool,
}

/// A role on the page.
struct RoleRow {
    person_id: Uuid,
    name: String,
    email: String,
    role: &'static str,
    /// The id its errors are kept under.
    field: String,
}

#[derive(Template)]
#[template(path = "console/network.html")]
struct NetworkPage {
    page: Layout,
    c: &'static ConsoleStrings,
    s: &'static NetworkStrings,
    attendance: &'static str,
    network_id: Uuid,
    name: String,
    parent: Option<(Uuid, String)>,
    public: String,
    feed: String,
    notice: Option<String>,
    summary: Vec<(String, String)>,
    f: Fields,
    children: Vec<(Uuid, String)>,
    members: Vec<MemberRow>,
    contacts: Vec<ContactRow>,
    roles: Vec<RoleRow>,
    role_choices: Vec<(&'static str, &'static str)>,
    kinds: Vec<(&'static str, &'static str)>,
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

/// The words for a notice (`done=`; after an import `n=` holds its counts).
fn notice(s: &NetworkStrings, done: &str, counts: &str) -> Option<String> {
    Some(
        match done {
            "member-added" => s.done_member_added,
            "member-removed" => s.done_member_removed,
            "domains" => s.done_domains,
            "contact-added" => s.done_contact_added,
            "contact-removed" => s.done_contact_removed,
            "role-set" => s.done_role_set,
            "role-removed" => s.done_role_removed,
            "child-created" => s.done_child_created,
            "imported" => {
                let mut n = [0usize; 6];
                for (slot, value) in n.iter_mut().zip(counts.split(',')) {
                    *slot = value.parse().unwrap_or(0);
                }
                return Some((s.imported)(&n));
            }
            _ => return None,
        }
        .to_owned(),
    )
}

/// The network id of a console path, or `None` (a 404).
pub(super) fn network_id(raw: &str) -> Option<NetworkId> {
    Uuid::parse_str(raw).ok().map(NetworkId)
}

/// The page of `directory` with `fields` (a refused form) and a notice.
pub(super) fn page_of(
    state: &AppState,
    headers: &HeaderMap,
    request: &PageRequest,
    directory: Directory,
    f: Fields,
    notice: Option<String>,
    status: StatusCode,
) -> Response {
    let Some(csrf) = csrf_for(state, headers) else {
        return request.internal_error();
    };
    let (c, s) = (
        console_strings(request.locale),
        network_strings(request.locale),
    );
    let network = &directory.network;
    let urls = FeedUrls::new(&state.config.public_url());
    let summary = f
        .errors()
        .map(|(field, message)| (field.to_owned(), format!("{}: {message}", label(s, field))))
        .collect();
    let mut role_choices = Vec::new();
    if directory.viewer_owns {
        role_choices.push(("OWNER", s.role_names[0]));
    }
    role_choices.push(("ORGANISER", s.role_names[1]));
    role_choices.push(("MEMBER", s.role_names[2]));
    let template = NetworkPage {
        page: request.page(format!("{} – {}", c.network_admin, network.name)),
        c,
        s,
        attendance: attendance_strings(request.locale).link,
        network_id: network.id,
        name: network.name.clone(),
        parent: directory.parent.as_ref().map(|p| (p.id, p.name.clone())),
        public: format!("/networks/{}", network.slug),
        feed: urls.network(&network.slug, false),
        notice,
        summary,
        children: directory
            .children
            .iter()
            .map(|n| (n.id, n.name.clone()))
            .collect(),
        members: directory
            .members
            .iter()
            .map(|m| MemberRow {
                id: m.organisation.id,
                name: m.organisation.name.clone(),
                org_number: m.organisation.org_number.clone(),
                domains: m.domains.join(", "),
                field: format!("domains-{}", m.organisation.id),
            })
            .collect(),
        contacts: directory
            .contacts
            .iter()
            .map(|(contact, person)| ContactRow {
                person_id: person.id,
                name: person.name.clone(),
                label: contact.label.clone(),
                address: networks::contact_address(contact, person).map(str::to_owned),
                accepted: contact.accepted_at.is_some(),
            })
            .collect(),
        roles: directory
            .roles
            .iter()
            .map(|(role, person)| RoleRow {
                person_id: person.id,
                name: person.name.clone(),
                email: person.email.clone(),
                role: role_name(s, *role),
                field: format!("role-{}", person.id),
            })
            .collect(),
        role_choices,
        kinds: KINDS
            .iter()
            .zip(s.kinds)
            .map(|(kind, text)| (kind.as_str(), text))
            .collect(),
        f,
        csrf: csrf.token,
        lang: request.locale.as_str(),
    };
    let mut response = render(&template);
    *response.status_mut() = status;
    private_page(&mut response, csrf.set_cookie);
    response
}

/// A field's label, for the error summary.
fn label(s: &NetworkStrings, field: &str) -> &'static str {
    match field {
        "member-name" => s.organisation_name,
        "contact-name" | "role-name" => s.person_name,
        "contact-email" | "role-email" => s.person_email,
        "contact-label" => s.contact_label,
        "role-role" => s.role,
        "child-name" => s.child_name,
        "child-description" => s.child_description,
        "import-file" => s.import_file,
        f if f.starts_with("domains-") => s.domains,
        _ => s.err_refused,
    }
}

/// A service's field error in the page's words.
fn message(s: &NetworkStrings, error: &FieldError) -> &'static str {
    let last = error.field.last().map_or("", String::as_str);
    match error.code {
        ErrorCode::Required => s.err_required,
        ErrorCode::TooLong if error.field.first().is_some_and(|f| f == "domains") => {
            s.err_too_many_domains
        }
        ErrorCode::TooLong => s.err_too_long,
        ErrorCode::Taken => s.err_taken,
        ErrorCode::InvalidState => s.err_last_owner,
        ErrorCode::Invalid if last == "email" => s.err_email,
        ErrorCode::Invalid if error.field.first().is_some_and(|f| f == "domains") => s.err_domain,
        ErrorCode::Invalid => s.err_invalid,
        _ => s.err_refused,
    }
}

/// Puts a service's field errors next to the page's fields: `to` maps the
/// service's field (dot-joined) to the page's field id.
fn add_errors(
    f: &mut Fields,
    s: &NetworkStrings,
    errors: &[FieldError],
    to: impl Fn(&str) -> String,
) {
    for error in errors {
        f.refuse(&to(&error.field.join(".")), message(s, error));
    }
}

/// `GET /organise/networks/{id}`.
pub(super) async fn page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    request: PageRequest,
) -> Response {
    if !matches!(request.viewer, Viewer::Person(_)) {
        return crate::pages::session::prompt(&state, &headers, &request, StatusCode::OK);
    }
    let Some(id) = network_id(&id) else {
        return request.not_found();
    };
    let (mut done, mut counts) = (String::new(), String::new());
    for (key, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        match &*key {
            "done" => done = value.into_owned(),
            "n" => counts = value.into_owned(),
            _ => {}
        }
    }
    let cx = request.context(&state);
    match directory::directory(&cx, id).await {
        Ok(found) => {
            let s = network_strings(request.locale);
            page_of(
                &state,
                &headers,
                &request,
                found,
                Fields::default(),
                notice(s, &done, &counts),
                StatusCode::OK,
            )
        }
        Err(err) => request.failed(err),
    }
}

/// What every POST of the page does first: the CSRF token and viewer
/// (`posted`), the id, and the directory (the network must be the
/// viewer's to change: anyone else is told it does not exist, before
/// anything is done).
async fn accepted(
    state: &AppState,
    headers: &HeaderMap,
    request: &PageRequest,
    body: &[u8],
    id: &str,
) -> Result<(Form, NetworkId, Directory, service::Context), Box<Response>> {
    let form = posted(state, headers, request, body)?;
    let id = network_id(id).ok_or_else(|| Box::new(request.not_found()))?;
    let cx = request.context(state);
    let found = directory::directory(&cx, id)
        .await
        .map_err(|err| Box::new(request.failed(err)))?;
    Ok((form, id, found, cx))
}

/// Back to the page, saying what was done.
fn done(form: &Form, id: NetworkId, done: &str, anchor: &str) -> Response {
    let mut query = form_urlencoded::Serializer::new(String::new());
    let lang = form.text("lang");
    if !lang.is_empty() {
        query.append_pair("lang", &lang);
    }
    query.append_pair("done", done);
    see_other(&format!(
        "/organise/networks/{}?{}#{anchor}",
        id.0,
        query.finish()
    ))
}

/// The answer to a refused form: the page again with `f`'s errors.
async fn refused(
    state: &AppState,
    headers: &HeaderMap,
    request: &PageRequest,
    cx: &service::Context,
    id: NetworkId,
    f: Fields,
) -> Response {
    let request = request.switching_to(format!("/organise/networks/{}", id.0));
    // Read again: the refused change may have been part done (a new
    // organisation registered, say).
    match directory::directory(cx, id).await {
        Ok(found) => page_of(
            state,
            headers,
            &request,
            found,
            f,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(err) => request.failed(err),
    }
}

/// An id from a form field, or `None`.
fn form_id(form: &Form, name: &str) -> Option<Uuid> {
    Uuid::parse_str(&form.text(name)).ok()
}

/// `POST /organise/networks/{id}/members`: `name`, `create=on` and `kind`
/// to register an organisation nobody has registered yet.
pub(super) async fn add_member(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let (form, id, _, cx) = match accepted(&state, &headers, &request, &body, &id).await {
        Ok(found) => found,
        Err(response) => return *response,
    };
    let s = network_strings(request.locale);
    let name = form.text("name");
    let create = form.text("create") == "on";
    let kind = OrganisationKind::parse(&form.text("kind")).unwrap_or(OrganisationKind::Other);
    let mut f = Fields::default();
    f.set("member-name", &name);
    f.set("member-kind", kind.as_str());
    if create {
        f.set("member-create", "on");
    }
    let existing = match organisations::by_name(&cx, &name).await {
        Ok(existing) => existing,
        Err(err) => return request.failed(err),
    };
    let organisation = match existing {
        Some(found) => found,
        None if name.is_empty() => {
            f.refuse("member-name", s.err_required);
            return refused(&state, &headers, &request, &cx, id, f).await;
        }
        None if !create => {
            f.refuse("member-name", s.err_no_organisation);
            return refused(&state, &headers, &request, &cx, id, f).await;
        }
        None => {
            let new = NewOrganisation {
                name: name.clone(),
                kind,
                org_number: None,
                country_code: None,
            };
            match organisations::create(&cx, new).await {
                Ok(created) => created,
                Err(service::Error::Invalid(errors)) => {
                    add_errors(&mut f, s, &errors, |_| "member-name".to_owned());
                    return refused(&state, &headers, &request, &cx, id, f).await;
                }
                Err(err) => return request.failed(err),
            }
        }
    };
    match networks::add_member(&cx, id, OrganisationId(organisation.id)).await {
        Ok(()) => done(&form, id, "member-added", "members"),
        Err(service::Error::Invalid(errors)) => {
            add_errors(&mut f, s, &errors, |_| "member-name".to_owned());
            refused(&state, &headers, &request, &cx, id, f).await
        }
        Err(err) => request.failed(err),
    }
}

/// `POST /organise/networks/{id}/members/remove`: `organisation`.
pub(super) async fn remove_member(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let (form, id, _, cx) = match accepted(&state, &headers, &request, &body, &id).await {
        Ok(found) => found,
        Err(response) => return *response,
    };
    let Some(organisation) = form_id(&form, "organisation") else {
        return request.not_found();
    };
    match networks::remove_member(&cx, id, OrganisationId(organisation)).await {
        Ok(()) => done(&form, id, "member-removed", "members"),
        Err(err) => request.failed(err),
    }
}

/// `POST /organise/networks/{id}/domains`: `organisation` (a member) and
/// `domains`, separated by commas, spaces or semicolons (replaces them).
pub(super) async fn set_domains(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let (form, id, found, cx) = match accepted(&state, &headers, &request, &body, &id).await {
        Ok(found) => found,
        Err(response) => return *response,
    };
    let Some(organisation) = form_id(&form, "organisation")
        .filter(|o| found.members.iter().any(|m| m.organisation.id == *o))
    else {
        return request.not_found();
    };
    let typed = form.text("domains");
    let domains: Vec<String> = typed
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|d| !d.is_empty())
        .map(str::to_owned)
        .collect();
    let field = format!("domains-{organisation}");
    match organisations::set_email_domains(&cx, OrganisationId(organisation), domains).await {
        Ok(_) => done(&form, id, "domains", &format!("m-{organisation}")),
        Err(service::Error::Invalid(errors)) => {
            let s = network_strings(request.locale);
            let mut f = Fields::default();
            f.set(&field, typed);
            add_errors(&mut f, s, &errors, |_| field.clone());
            refused(&state, &headers, &request, &cx, id, f).await
        }
        Err(err) => request.failed(err),
    }
}

/// A person typed into a form: `name` and `email`.
fn person_of(form: &Form) -> PersonInput {
    PersonInput {
        name: form.text("name"),
        email: form.text("email"),
        title: None,
        organisation_id: None,
    }
}

/// A person's field of the service (`person.name`, `person.email`) as the
/// page's field of form `prefix`.
fn person_field(prefix: &str, field: &str) -> String {
    match field {
        "person.name" | "name" => format!("{prefix}-name"),
        "label" => format!("{prefix}-label"),
        "role" | "personId" => format!("{prefix}-role"),
        _ => format!("{prefix}-email"),
    }
}

/// `POST /organise/networks/{id}/contacts`: `name`, `email`, `label`.
pub(super) async fn add_contact(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let (form, id, _, cx) = match accepted(&state, &headers, &request, &body, &id).await {
        Ok(found) => found,
        Err(response) => return *response,
    };
    let s = network_strings(request.locale);
    let mut f = Fields::default();
    f.set("contact-name", form.text("name"));
    f.set("contact-email", form.text("email"));
    f.set("contact-label", form.text("label"));
    let label = Some(form.text("label")).filter(|l| !l.is_empty());
    let contact = ContactInput::New(person_of(&form));
    match networks::add_contact(&cx, id, contact, label, None).await {
        Ok(()) => done(&form, id, "contact-added", "contacts"),
        Err(service::Error::Invalid(errors)) => {
            add_errors(&mut f, s, &errors, |field| person_field("contact", field));
            refused(&state, &headers, &request, &cx, id, f).await
        }
        Err(err) => request.failed(err),
    }
}

/// `POST /organise/networks/{id}/contacts/remove`: `person`.
pub(super) async fn remove_contact(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let (form, id, _, cx) = match accepted(&state, &headers, &request, &body, &id).await {
        Ok(found) => found,
        Err(response) => return *response,
    };
    let Some(person) = form_id(&form, "person") else {
        return request.not_found();
    };
    match networks::remove_contact(&cx, id, PersonId(person)).await {
        Ok(()) => done(&form, id, "contact-removed", "contacts"),
        Err(err) => request.failed(err),
    }
}

/// `POST /organise/networks/{id}/roles`: `name`, `email`, `role`.
pub(super) async fn set_role(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let (form, id, _, cx) = match accepted(&state, &headers, &request, &body, &id).await {
        Ok(found) => found,
        Err(response) => return *response,
    };
    let s = network_strings(request.locale);
    let mut f = Fields::default();
    f.set("role-name", form.text("name"));
    f.set("role-email", form.text("email"));
    f.set("role-role", form.text("role"));
    let Some(role) = NetworkRole::parse(&form.text("role")) else {
        f.refuse("role-role", s.err_invalid);
        return refused(&state, &headers, &request, &cx, id, f).await;
    };
    match networks::set_role(&cx, id, ContactInput::New(person_of(&form)), role).await {
        Ok(_) => done(&form, id, "role-set", "roles"),
        Err(service::Error::Invalid(errors)) => {
            add_errors(&mut f, s, &errors, |field| person_field("role", field));
            refused(&state, &headers, &request, &cx, id, f).await
        }
        // The network is the viewer's (checked first): what is forbidden
        // is making an owner.
        Err(service::Error::Forbidden) => {
            f.refuse("role-role", s.err_owner_only);
            refused(&state, &headers, &request, &cx, id, f).await
        }
        Err(err) => request.failed(err),
    }
}

/// `POST /organise/networks/{id}/roles/remove`: `person`.
pub(super) async fn remove_role(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let (form, id, _, cx) = match accepted(&state, &headers, &request, &body, &id).await {
        Ok(found) => found,
        Err(response) => return *response,
    };
    let Some(person) = form_id(&form, "person") else {
        return request.not_found();
    };
    let s = network_strings(request.locale);
    let field = format!("role-{person}");
    let mut f = Fields::default();
    match networks::remove_role(&cx, id, PersonId(person)).await {
        Ok(()) => done(&form, id, "role-removed", "roles"),
        Err(service::Error::Invalid(errors)) => {
            add_errors(&mut f, s, &errors, |_| field.clone());
            refused(&state, &headers, &request, &cx, id, f).await
        }
        Err(service::Error::Forbidden) => {
            f.refuse(&field, s.err_owner_only);
            refused(&state, &headers, &request, &cx, id, f).await
        }
        Err(err) => request.failed(err),
    }
}

/// `POST /organise/networks/{id}/networks`: a sub-network with `name` and
/// `description`, in the network's zone, language and visibility.
pub(super) async fn create_child(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let (form, id, found, cx) = match accepted(&state, &headers, &request, &body, &id).await {
        Ok(found) => found,
        Err(response) => return *response,
    };
    let s = network_strings(request.locale);
    let mut f = Fields::default();
    f.set("child-name", form.text("name"));
    f.set("child-description", form.text("description"));
    let parent = &found.network;
    let new = NewNetwork {
        name: form.text("name"),
        slug: None,
        description: form.get("description").unwrap_or_default().to_owned(),
        parent_id: Some(id),
        owner_organisation_id: None,
        visibility: parent.visibility,
        time_zone: Some(parent.time_zone.clone()),
        default_locale: Some(parent.default_locale.clone()),
        focus_areas: Vec::new(),
    };
    match networks::create(&cx, new).await {
        Ok(_) => done(&form, id, "child-created", "children"),
        Err(service::Error::Invalid(errors)) => {
            add_errors(&mut f, s, &errors, |field| {
                if field == "description" {
                    "child-description".to_owned()
                } else {
                    "child-name".to_owned()
                }
            });
            refused(&state, &headers, &request, &cx, id, f).await
        }
        Err(err) => request.failed(err),
    }
}
