//! An event's registration questions in the console: what the form asks
//! beyond name and address (free text, one option, any options; required
//! or not). Read by the event's organisers only; the answers are theirs and
//! the participant's to read.
//!
//! - `GET /organise/events/{id}/questions`: the questions in order and the
//!   form for a new one.
//! - `POST /organise/events/{id}/questions`: a new question
//!   (`registrations::add_question`); a refused one comes back (422) with
//!   every error next to its field.
//! - `POST /organise/questions/{id}/remove`
//!   (`registrations::remove_question`; answers already given stay).
//! - `POST /organise/questions/{id}/translate`: a question's label and
//!   choices in the languages other than the event's
//!   (`registrations::translate_question`).
//!
//! Each POST carries the CSRF token and answers with a 303 back saying what
//! was done. A question of an event the viewer does not organise is "not
//! found", as for one that does not exist.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use entities::{QuestionKind, event};
use uuid::Uuid;

use super::forms::{
    DoneQuery, Fields, TranslationField, csrf_for, fill_translations, organised_event, posted,
    read_translations, respond, see_other, sign_in_first, translation_error_field,
    translation_fields, translation_labels,
};
use crate::i18n::console::questions::{QuestionsStrings, questions_strings};
use crate::i18n::console::{ConsoleStrings, console_strings};
use crate::i18n::pages::Strings;
use crate::ids::{EventId, RegistrationQuestionId};
use crate::pages::form::{CSRF_FIELD, Form};
use crate::pages::page::{Layout, PageRequest};
use crate::service::registrations::{self, NewQuestion};
use crate::service::translations::{self, PartText};
use crate::service::{self, ErrorCode, FieldError};
use crate::state::AppState;

/// The kinds of answer, in the order of the page's choice.
const KINDS: [QuestionKind; 3] = [
    QuestionKind::Text,
    QuestionKind::SingleChoice,
    QuestionKind::MultipleChoice,
];

/// The form's fields, in its order.
const FIELDS: [&str; 4] = ["kind", "label", "options", "required"];

/// A question's texts that can be translated: the form's name, which
/// text.
const TEXTS: [(&str, PartText); 2] = [
    ("label", PartText::QuestionLabel),
    ("options", PartText::QuestionChoices),
];

/// One question on the page.
struct Row {
    id: Uuid,
    label: String,
    kind: &'static str,
    options: Vec<String>,
    required: bool,
    /// Its translation form: the fields (`q2.label_en`), their values and
    /// errors, the id of its hint.
    translations: Vec<TranslationField>,
    tf: Fields,
    hint: String,
}

/// A question's texts on its own translation form: the form's names
/// (unique on the page, by the question's place), which text.
fn row_texts(position: i32) -> [(String, PartText); 2] {
    [
        (format!("q{position}.label"), PartText::QuestionLabel),
        (format!("q{position}.options"), PartText::QuestionChoices),
    ]
}

#[derive(Template)]
#[template(path = "console/questions.html")]
struct QuestionsPage {
    page: Layout,
    c: &'static ConsoleStrings,
    t: &'static Strings,
    q: &'static QuestionsStrings,
    event_id: Uuid,
    title: String,
    rows: Vec<Row>,
    notice: Option<&'static str>,
    f: Fields,
    summary: Vec<(String, String)>,
    /// The form's translation fields.
    translations: Vec<TranslationField>,
    kinds: Vec<(&'static str, &'static str)>,
    csrf: String,
    lang: &'static str,
}

fn kind_text(q: &QuestionsStrings, kind: QuestionKind) -> &'static str {
    let index = KINDS.iter().position(|k| *k == kind).unwrap_or(0);
    q.kinds[index]
}

async fn page(
    state: &AppState,
    request: &PageRequest,
    event: &event::Model,
    (f, refused): (Fields, Option<(Uuid, Fields)>),
    notice: Option<&'static str>,
    csrf: String,
) -> Result<QuestionsPage, service::Error> {
    let (t, c, q) = (
        request.t(),
        console_strings(request.locale),
        questions_strings(request.locale),
    );
    let cx = request.context(state);
    let (questions, stored) = registrations::questions_translated(&cx, EventId(event.id)).await?;
    let own = translations::own_locale(event);
    let mut refused = refused;
    let rows = questions
        .into_iter()
        .map(|question| {
            let texts = row_texts(question.position);
            let named: Vec<(&str, PartText)> =
                texts.iter().map(|(n, t)| (n.as_str(), *t)).collect();
            let tf = match refused.take_if(|(id, _)| *id == question.id) {
                Some((_, posted)) => posted,
                None => {
                    let mut tf = Fields::default();
                    fill_translations(&mut tf, event, &stored, question.id, &named);
                    tf
                }
            };
            let mut fields = vec![(texts[0].0.as_str(), q.field_label, false)];
            if !question.choices().is_empty() {
                fields.push((texts[1].0.as_str(), q.field_options, true));
            }
            Row {
                id: question.id,
                kind: kind_text(q, question.kind),
                options: question.choices(),
                required: question.required,
                translations: translation_fields(own, &fields),
                tf,
                hint: format!("q{}-translations", question.position),
                label: question.label,
            }
        })
        .collect();
    let translations = translation_fields(
        translations::own_locale(event),
        &[
            ("label", q.field_label, false),
            ("options", q.field_options, true),
        ],
    );
    let labels: Vec<(String, String)> = [
        ("kind", q.field_kind),
        ("label", q.field_label),
        ("options", q.field_options),
        ("required", q.field_required),
    ]
    .into_iter()
    .map(|(f, l)| (f.to_owned(), l.to_owned()))
    .chain(translation_labels(&translations))
    .collect();
    Ok(QuestionsPage {
        page: request.page(q.heading),
        c,
        t,
        q,
        event_id: event.id,
        title: event.title.clone(),
        rows,
        notice,
        summary: f.summary(&labels),
        f,
        translations,
        kinds: KINDS
            .iter()
            .map(|k| (k.as_str(), kind_text(q, *k)))
            .collect(),
        csrf,
        lang: request.locale.as_str(),
    })
}

/// `GET /organise/events/{id}/questions`.
pub(super) async fn list(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<DoneQuery>,
    headers: HeaderMap,
    request: PageRequest,
) -> Response {
    if let Some(response) = sign_in_first(&state, &headers, &request) {
        return response;
    }
    let event = match organised_event(&state, &request, &id).await {
        Ok(event) => event,
        Err(response) => return response,
    };
    let Some(csrf) = csrf_for(&state, &headers) else {
        return request.internal_error();
    };
    let q = questions_strings(request.locale);
    let notice = match query.done() {
        Some("added") => Some(q.done_added),
        Some("removed") => Some(q.done_removed),
        Some("translated") => Some(q.done_translated),
        _ => None,
    };
    let mut f = Fields::default();
    f.set("kind", QuestionKind::Text.as_str());
    match page(&state, &request, &event, (f, None), notice, csrf.token).await {
        Ok(template) => respond(&template, StatusCode::OK, csrf.set_cookie),
        Err(err) => request.failed(err),
    }
}

/// Reads the posted form: its values as typed and the new question.
fn read(form: &Form, event: &event::Model) -> (Fields, NewQuestion) {
    let mut f = Fields::default();
    for name in FIELDS {
        f.set(name, form.text(name));
    }
    let options = f
        .v("options")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect();
    let translations = read_translations(form, &mut f, event, &TEXTS);
    let input = NewQuestion {
        event_id: EventId(event.id),
        translations,
        kind: QuestionKind::parse(f.v("kind")).unwrap_or(QuestionKind::Text),
        label: f.v("label").to_owned(),
        options,
        required: f.v("required") == "on",
    };
    (f, input)
}

/// A refusal of the service, next to its field on the page.
fn refuse(
    f: &mut Fields,
    (t, q): (&Strings, &QuestionsStrings),
    event: &event::Model,
    error: &FieldError,
) {
    if let Some(field) = translation_error_field(&error.field, event, &TEXTS) {
        let message = match error.code {
            ErrorCode::Required => t.err_required,
            ErrorCode::TooLong => t.err_too_long,
            // The choices are as many as the options, in their order.
            _ if field.starts_with("options_") => q.err_translated_options,
            _ => t.err_invalid,
        };
        f.refuse(&field, message);
        return;
    }
    let field = error.field.first().map_or("label", String::as_str);
    let message = match (field, error.code) {
        ("options", ErrorCode::Invalid) => q.err_text_options,
        ("options", ErrorCode::Required) => q.err_two_options,
        (_, ErrorCode::Required) => t.err_required,
        (_, ErrorCode::TooLong) => t.err_too_long,
        _ => t.err_invalid,
    };
    let field = if field == "options" || field == "kind" {
        field
    } else {
        "label"
    };
    f.refuse(field, message);
}

/// `POST /organise/events/{id}/questions`.
pub(super) async fn add(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let form = match posted(&state, &headers, &request, &body) {
        Ok(form) => form,
        Err(response) => return *response,
    };
    let event = match organised_event(&state, &request, &id).await {
        Ok(event) => event,
        Err(response) => return response,
    };
    let (t, q) = (request.t(), questions_strings(request.locale));
    let (mut f, input) = read(&form, &event);
    if QuestionKind::parse(f.v("kind")).is_none() {
        f.refuse("kind", t.err_invalid);
    }
    if f.is_valid() {
        let cx = request.context(&state);
        match registrations::add_question(&cx, input).await {
            Ok(_) => {
                return see_other(&format!(
                    "/organise/events/{}/questions?lang={}&done=added#questions",
                    event.id, request.locale
                ));
            }
            Err(service::Error::Invalid(errors)) => {
                for error in &errors {
                    refuse(&mut f, (t, q), &event, error);
                }
            }
            Err(err) => return request.failed(err),
        }
    }
    match page(
        &state,
        &request,
        &event,
        (f, None),
        None,
        form.text(CSRF_FIELD),
    )
    .await
    {
        Ok(template) => respond(&template, StatusCode::UNPROCESSABLE_ENTITY, None),
        Err(err) => request.failed(err),
    }
}

/// `POST /organise/questions/{id}/remove`.
pub(super) async fn remove(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    if let Err(response) = posted(&state, &headers, &request, &body) {
        return *response;
    }
    let Ok(id) = Uuid::parse_str(&id) else {
        return request.not_found();
    };
    let cx = request.context(&state);
    match registrations::remove_question(&cx, id).await {
        Ok(event) => see_other(&format!(
            "/organise/events/{}/questions?lang={}&done=removed#questions",
            event.0, request.locale
        )),
        Err(
            service::Error::NotFound(_) | service::Error::Invalid(_) | service::Error::Forbidden,
        ) => request.not_found(),
        Err(err) => request.failed(err),
    }
}

/// `POST /organise/questions/{id}/translate`: the translations of a
/// question's label and choices (`registrations::translate_question`); an
/// empty field removes one. A refusal comes back (422) next to its field.
pub(super) async fn translate(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: PageRequest,
    body: Bytes,
) -> Response {
    let form = match posted(&state, &headers, &request, &body) {
        Ok(form) => form,
        Err(response) => return *response,
    };
    let Ok(id) = Uuid::parse_str(&id) else {
        return request.not_found();
    };
    let cx = request.context(&state);
    let question = match registrations::question(&cx, RegistrationQuestionId(id)).await {
        Ok(Some(question)) => question,
        Ok(None) => return request.not_found(),
        Err(err) => return request.failed(err),
    };
    let event = match organised_event(&state, &request, &question.event_id.to_string()).await {
        Ok(event) => event,
        Err(response) => return response,
    };
    let texts = row_texts(question.position);
    let named: Vec<(&str, PartText)> = texts.iter().map(|(n, t)| (n.as_str(), *t)).collect();
    let mut tf = Fields::default();
    let mut given = read_translations(&form, &mut tf, &event, &named);
    if question.choices().is_empty() {
        given.retain(|g| g.text != PartText::QuestionChoices);
    }
    let back = format!(
        "/organise/events/{}/questions?lang={}",
        event.id, request.locale
    );
    match registrations::translate_question(&cx, id, given).await {
        Ok(_) => return see_other(&format!("{back}&done=translated#question-{id}")),
        Err(service::Error::Invalid(errors)) => {
            let (t, q) = (request.t(), questions_strings(request.locale));
            for error in &errors {
                let field = translation_error_field(&error.field, &event, &named)
                    .unwrap_or_else(|| named[0].0.to_owned());
                let message = match error.code {
                    ErrorCode::TooLong => t.err_too_long,
                    _ if field.contains(".options_") => q.err_translated_options,
                    _ => t.err_invalid,
                };
                tf.refuse(&field, message);
            }
        }
        Err(service::Error::NotFound(_) | service::Error::Forbidden) => {
            return request.not_found();
        }
        Err(err) => return request.failed(err),
    }
    let mut f = Fields::default();
    f.set("kind", QuestionKind::Text.as_str());
    let refused = Some((id, tf));
    match page(
        &state,
        &request,
        &event,
        (f, refused),
        None,
        form.text(CSRF_FIELD),
    )
    .await
    {
        Ok(template) => respond(&template, StatusCode::UNPROCESSABLE_ENTITY, None),
        Err(err) => request.failed(err),
    }
}
