//! What the console's handlers share: the checks of a posted form (CSRF
//! token, signed-in viewer), the CSRF token of a page with forms, a form's
//! values and errors ([`Fields`]), an event id from a path, the event the
//! viewer organises, the sign-in prompt, the private answer and the 303
//! back. A leaf of `organise`: handlers import it; it imports none of them.

use std::collections::HashMap;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use entities::event;

use crate::i18n::Locale;
use crate::ids::{EventId, NetworkId};
use crate::pages::form::{Csrf, Form, csrf_ok};
use crate::pages::page::{PageRequest, forbidden, private_page, render, secure};
use crate::service::translations::{PartInput, PartText, PartTranslations};
use crate::service::{Viewer, events, networks, policy};
use crate::state::AppState;

/// What every console form is checked for first: its CSRF token, then a
/// signed-in viewer. `Err` is the answer to give instead.
pub(super) fn refused(
    state: &AppState,
    headers: &HeaderMap,
    request: &PageRequest,
    form: &Form,
) -> Result<(), Box<Response>> {
    if !csrf_ok(headers, secure(state), form) {
        return Err(Box::new(forbidden(request)));
    }
    if !matches!(request.viewer, Viewer::Person(_)) {
        return Err(Box::new(crate::pages::session::prompt(
            state,
            headers,
            request,
            StatusCode::FORBIDDEN,
        )));
    }
    Ok(())
}

/// A posted console form, after [`refused`]'s checks.
pub(super) fn posted(
    state: &AppState,
    headers: &HeaderMap,
    request: &PageRequest,
    body: &[u8],
) -> Result<Form, Box<Response>> {
    let form = Form::parse(body);
    refused(state, headers, request, &form)?;
    Ok(form)
}

/// The CSRF token for a page with forms (`None`: the system has no
/// randomness, logged).
pub(super) fn csrf_for(state: &AppState, headers: &HeaderMap) -> Option<Csrf> {
    let csrf = Csrf::for_page(headers, secure(state));
    if csrf.is_none() {
        tracing::error!("no CSRF token: the system has no randomness");
    }
    csrf
}

/// The event id of a console path, or `None` (a 404).
pub(super) fn event_id(raw: &str) -> Option<EventId> {
    Uuid::parse_str(raw).ok().map(EventId)
}

pub(super) fn see_other(to: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(location) = HeaderValue::from_str(to) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    private_page(&mut response, None);
    response
}

/// A form's values (as typed, or as stored) and its errors, by field name
/// (the API's field paths where the service's errors land next to their
/// fields; the fields' ids on the page otherwise).
#[derive(Debug, Default)]
pub(super) struct Fields {
    values: HashMap<String, String>,
    errors: Vec<(String, String)>,
}

impl Fields {
    /// The value of `name` as typed (or as stored).
    pub(super) fn v(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }

    /// The error next to `name`.
    pub(super) fn e(&self, name: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, message)| message.as_str())
    }

    pub(super) fn set(&mut self, name: &str, value: impl Into<String>) {
        self.values.insert(name.to_owned(), value.into());
    }

    /// Records an error next to `name` (the first one stays).
    pub(super) fn refuse(&mut self, name: &str, message: impl Into<String>) {
        if self.e(name).is_none() {
            self.errors.push((name.to_owned(), message.into()));
        }
    }

    /// Whether nothing was refused.
    pub(super) fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// The errors in the order they were found: field, message.
    pub(super) fn errors(&self) -> impl Iterator<Item = (&str, &str)> {
        self.errors.iter().map(|(f, m)| (f.as_str(), m.as_str()))
    }

    /// The attributes of field `name`'s input: invalid, and described by
    /// its error and its hint (`hinted`). Field names are the page's own
    /// constants, never what was typed.
    pub(super) fn aria(&self, name: &str, hinted: bool) -> String {
        let mut by = Vec::new();
        let mut out = String::new();
        if self.e(name).is_some() {
            out.push_str(" aria-invalid=\"true\"");
            by.push(format!("{name}-error"));
        }
        if hinted {
            by.push(format!("{name}-hint"));
        }
        if !by.is_empty() {
            out.push_str(&format!(" aria-describedby=\"{}\"", by.join(" ")));
        }
        out
    }

    /// The errors for a summary: field, "Label: error", in the order of
    /// `labels` (the form's order).
    pub(super) fn summary(
        &self,
        labels: &[(impl AsRef<str>, impl AsRef<str>)],
    ) -> Vec<(String, String)> {
        labels
            .iter()
            .filter_map(|(field, label)| {
                let (field, label) = (field.as_ref(), label.as_ref());
                self.e(field)
                    .map(|error| (field.to_owned(), format!("{label}: {error}")))
            })
            .collect()
    }
}

/// The sign-in prompt for a console page seen without signing in.
pub(super) fn sign_in_first(
    state: &AppState,
    headers: &HeaderMap,
    request: &PageRequest,
) -> Option<Response> {
    (!matches!(request.viewer, Viewer::Person(_)))
        .then(|| crate::pages::session::prompt(state, headers, request, StatusCode::OK))
}

/// A console page with `status`, private, setting the CSRF `cookie` if new.
pub(super) fn respond<T: askama::Template>(
    template: &T,
    status: StatusCode,
    cookie: Option<HeaderValue>,
) -> Response {
    let mut response = render(template);
    *response.status_mut() = status;
    private_page(&mut response, cookie);
    response
}

/// An event the viewer organises, or the answer to give instead.
pub(super) async fn organised_event(
    state: &AppState,
    request: &PageRequest,
    raw: &str,
) -> Result<event::Model, Response> {
    let cx = request.context(state);
    let Some(id) = event_id(raw) else {
        return Err(request.not_found());
    };
    match events::get(&cx, id).await {
        Ok(Some(event)) => match policy::manages(&cx, NetworkId(event.network_id)).await {
            Ok(true) => Ok(event),
            Ok(false) => Err(request.not_found()),
            Err(err) => Err(request.failed(err)),
        },
        Ok(None) => Err(request.not_found()),
        Err(err) => Err(request.failed(err)),
    }
}

/// A network the viewer organises, or the answer to give instead.
pub(super) async fn organised_network(
    state: &AppState,
    request: &PageRequest,
    raw: &str,
) -> Result<entities::network::Model, Response> {
    let cx = request.context(state);
    let Ok(id) = Uuid::parse_str(raw) else {
        return Err(request.not_found());
    };
    match networks::get(&cx, NetworkId(id)).await {
        Ok(Some(network)) => match policy::manages(&cx, NetworkId(network.id)).await {
            Ok(true) => Ok(network),
            Ok(false) => Err(request.not_found()),
            Err(err) => Err(request.failed(err)),
        },
        Ok(None) => Err(request.not_found()),
        Err(err) => Err(request.failed(err)),
    }
}

/// The query of a page that a form's 303 came back to: what was done.
#[derive(serde::Deserialize)]
pub(super) struct DoneQuery {
    done: Option<String>,
}

impl DoneQuery {
    /// What was done (`created`, `saved` …), if anything.
    pub(super) fn done(&self) -> Option<&str> {
        self.done.as_deref()
    }
}

/// The languages other than the event's own, that a form offers to
/// translate the event's texts into.
pub(super) fn translation_locales(event: &event::Model) -> impl Iterator<Item = Locale> + use<> {
    let own = crate::service::translations::own_locale(event);
    Locale::ALL.into_iter().filter(move |l| *l != own)
}

/// The form's field of a translation: `subject_nb`, `title_en`.
pub(super) fn translated_field(part: &str, locale: Locale) -> String {
    format!("{part}_{locale}")
}

/// Reads the translation fields of a part's `texts` (the form's name of
/// the original, which text it is) for each language other than the
/// event's own, into `f` and as the service's input, in that order (so
/// that a refusal's index names the language: [`translation_error_field`]).
/// An empty field removes that translation; choices are one per line.
pub(super) fn read_translations(
    form: &Form,
    f: &mut Fields,
    event: &event::Model,
    texts: &[(&str, PartText)],
) -> Vec<PartInput> {
    let mut out = Vec::new();
    for (name, text) in texts {
        for locale in translation_locales(event) {
            let field = translated_field(name, locale);
            f.set(&field, form.text(&field));
            let value = match text {
                PartText::QuestionChoices => f
                    .v(&field)
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n"),
                _ => f.v(&field).to_owned(),
            };
            out.push(PartInput {
                text: *text,
                locale,
                value,
            });
        }
    }
    out
}

/// The form's field of a refused translation (`titleTranslations.1.text`
/// names the second language offered for the title), if `path` is one of
/// `texts`'.
pub(super) fn translation_error_field(
    path: &[String],
    event: &event::Model,
    texts: &[(&str, PartText)],
) -> Option<String> {
    let (list, index) = match path {
        [.., list, index, _] | [.., list, index] => (list, index.parse::<usize>().ok()?),
        _ => return None,
    };
    let (name, _) = texts.iter().find(|(_, t)| t.input_name() == list)?;
    let locale = translation_locales(event).nth(index)?;
    Some(translated_field(name, locale))
}

/// Fills the translation fields of a part's `texts` with what is stored.
pub(super) fn fill_translations(
    f: &mut Fields,
    event: &event::Model,
    stored: &PartTranslations,
    owner: Uuid,
    texts: &[(&str, PartText)],
) {
    for (name, text) in texts {
        for locale in translation_locales(event) {
            let value = stored.get(owner, *text, locale).unwrap_or_default();
            f.set(&translated_field(name, locale), value);
        }
    }
}

/// A translation field of a form, as `console/translations.html` shows it.
pub(super) struct TranslationField {
    /// The field's name (`title_nb`).
    pub name: String,
    /// Its label: the original's label and the language.
    pub label: String,
    /// The language tag, for the field's `lang`.
    pub lang: &'static str,
    /// Whether the text has several lines (a text area).
    pub lines: bool,
}

/// The translation fields of a text's (form name, label, several lines)
/// for each language other than `own`, text by text.
pub(super) fn translation_fields(
    own: Locale,
    texts: &[(&str, &str, bool)],
) -> Vec<TranslationField> {
    texts
        .iter()
        .flat_map(|(name, label, lines)| {
            Locale::ALL
                .into_iter()
                .filter(move |l| *l != own)
                .map(move |locale| TranslationField {
                    name: translated_field(name, locale),
                    label: format!("{label} ({})", locale.name()),
                    lang: locale.as_str(),
                    lines: *lines,
                })
        })
        .collect()
}

/// The labels of translation fields, for a form's error summary.
pub(super) fn translation_labels(fields: &[TranslationField]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|t| (t.name.clone(), t.label.clone()))
        .collect()
}
