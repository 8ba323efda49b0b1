//! The registration form as the event page shows it: its fields, the
//! event's questions, and the service's field errors placed next to them.
//! The event page shows it empty; the register handler again with errors.

use entities::{AttendanceMode, QuestionKind, event, registration_question};

use super::form::Form;
use super::page::{PageRequest, lang_attribute};
use crate::i18n::pages::Strings;
use crate::service::translations::{self, PartText, PartTranslations, Wanted};
use crate::service::{ErrorCode, FieldError};

/// The registration form as the event page shows it.
#[derive(Debug)]
pub struct RegistrationForm {
    pub(super) action: String,
    pub(super) csrf: String,
    pub(super) has_errors: bool,
    pub(super) general_errors: Vec<String>,
    pub(super) fields: Vec<Field>,
}

/// One field (or group of choices) of the form.
#[derive(Debug, Default)]
pub(super) struct Field {
    /// `text`, `email`, `textarea`, `checkbox`, `radio` or `multiple`.
    pub(super) kind: &'static str,
    pub(super) id: String,
    pub(super) name: String,
    pub(super) label: String,
    /// ` lang="…"` when the label is the organiser's text (a question) in
    /// another language than the page.
    pub(super) label_lang: String,
    /// After the label, in the page's language (" (optional)").
    pub(super) label_note: String,
    pub(super) hint: Option<&'static str>,
    pub(super) value: String,
    pub(super) checked: bool,
    pub(super) required: bool,
    pub(super) autocomplete: Option<&'static str>,
    pub(super) options: Vec<Choice>,
    pub(super) error: Option<String>,
    pub(super) described_by: String,
}

#[derive(Debug)]
pub(super) struct Choice {
    pub(super) id: String,
    pub(super) value: String,
    pub(super) label: String,
    /// ` lang="…"` for an option the organiser wrote, as on [`Field`].
    pub(super) lang: String,
    pub(super) checked: bool,
}

/// Where a service error goes on the form.
#[derive(Debug, PartialEq, Eq)]
enum Slot {
    Name,
    Email,
    Organisation,
    Mode,
    Question(usize),
    Accessibility,
    Dietary,
    Consent,
    General,
}

fn slot_of(error: &FieldError, questions: &[registration_question::Model]) -> Slot {
    let path = error.field.join(".");
    match path.as_str() {
        "guest" | "guest.name" => Slot::Name,
        "guest.email" => Slot::Email,
        "guest.organisationName" | "guest.organisationId" | "organisationId" => Slot::Organisation,
        "mode" => Slot::Mode,
        "accessibilityNeeds" => Slot::Accessibility,
        "dietaryNeeds" => Slot::Dietary,
        "consent" => Slot::Consent,
        // A required question without an answer: the service names it by its
        // label (answers are sent in question order, so `answers.{i}` is the
        // i-th question).
        "answers" => questions
            .iter()
            .position(|q| error.message.starts_with(&format!("{:?}", q.label)))
            .map_or(Slot::General, Slot::Question),
        other => other
            .strip_prefix("answers.")
            .and_then(|i| i.parse().ok())
            .map_or(Slot::General, Slot::Question),
    }
}

/// The message of a field error in the page's language.
fn message(t: &Strings, error: &FieldError) -> String {
    match error.code {
        ErrorCode::Required => t.err_required,
        ErrorCode::TooLong => t.err_too_long,
        ErrorCode::ConsentRequired => t.err_consent,
        ErrorCode::RegistrationClosed => t.err_closed,
        ErrorCode::NotAMember => t.err_members,
        ErrorCode::Full => t.err_full,
        ErrorCode::ModeNotOffered => t.err_mode_not_offered,
        ErrorCode::RateLimited => t.err_rate_limited,
        _ => t.err_invalid,
    }
    .to_owned()
}

/// An event's registration questions with the translations of their
/// labels and choices.
pub(super) struct Questions {
    /// The questions, in order.
    pub(super) list: Vec<registration_question::Model>,
    /// Their translations.
    pub(super) translated: PartTranslations,
}

/// The form for `event`, filled with what was `submitted` and the `errors`
/// the service found in it; the questions in the page's language where
/// translated, else in the event's own, marked with `lang`.
pub(super) fn registration_form(
    request: &PageRequest,
    event: &event::Model,
    questions: &Questions,
    csrf: String,
    submitted: Option<&Form>,
    errors: &[FieldError],
) -> RegistrationForm {
    let t = request.t();
    let (translated, questions) = (&questions.translated, questions.list.as_slice());
    let own = translations::own_locale(event);
    let wanted = Wanted {
        explicit: Some(request.locale),
        ..Wanted::default()
    };
    let value = |name: &str| submitted.map(|f| f.text(name)).unwrap_or_default();
    let text = |kind, name: &str, label: &str, autocomplete| Field {
        kind,
        id: format!("reg-{name}"),
        name: name.to_owned(),
        label: label.to_owned(),
        value: value(name),
        autocomplete,
        ..Field::default()
    };
    let mut fields = vec![
        Field {
            required: true,
            ..text("text", "name", t.field_name, Some("name"))
        },
        Field {
            required: true,
            hint: Some(t.field_email_hint),
            ..text("email", "email", t.field_email, Some("email"))
        },
        text(
            "text",
            "organisation",
            t.field_organisation,
            Some("organization"),
        ),
    ];
    let mode_at = (event.attendance_mode == AttendanceMode::Hybrid).then(|| {
        let chosen = value("mode");
        fields.push(Field {
            kind: "radio",
            id: "reg-mode".into(),
            name: "mode".into(),
            label: t.field_mode.into(),
            options: [("IN_PERSON", t.mode_in_person), ("ONLINE", t.mode_online)]
                .into_iter()
                .map(|(value, label)| Choice {
                    id: format!("reg-mode-{}", value.to_ascii_lowercase()),
                    value: value.into(),
                    label: label.into(),
                    lang: String::new(),
                    checked: chosen == value,
                })
                .collect(),
            ..Field::default()
        });
        fields.len() - 1
    });
    let first_question = fields.len();
    for (i, question) in questions.iter().enumerate() {
        let name = format!("q-{}", question.id);
        let (label_in, label) = translated.read(
            question.id,
            PartText::QuestionLabel,
            &question.label,
            own,
            wanted,
        );
        let (label, label_lang) = (label.to_owned(), lang_attribute(label_in, request.locale));
        let label_note = if question.required {
            String::new()
        } else {
            format!(" ({})", t.optional)
        };
        let chosen = submitted.map(|f| f.all(&name)).unwrap_or_default();
        // Each choice shown in the page's language where translated, its
        // value the original: what the answer stores.
        let (options_in, options) =
            translated.choices(question.id, &question.choices(), own, wanted);
        let options_lang = lang_attribute(options_in, request.locale);
        fields.push(match question.kind {
            QuestionKind::Text => Field {
                kind: "textarea",
                id: format!("reg-q{i}"),
                name,
                label,
                label_lang,
                label_note,
                value: value(&format!("q-{}", question.id)),
                required: question.required,
                ..Field::default()
            },
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice => Field {
                kind: if question.kind == QuestionKind::SingleChoice {
                    "radio"
                } else {
                    "multiple"
                },
                id: format!("reg-q{i}"),
                label,
                label_lang,
                label_note,
                options: options
                    .into_iter()
                    .enumerate()
                    .map(|(j, (value, shown))| Choice {
                        id: format!("reg-q{i}-{j}"),
                        checked: chosen.contains(&value),
                        value,
                        label: shown,
                        lang: options_lang.clone(),
                    })
                    .collect(),
                name,
                ..Field::default()
            },
        });
    }
    let needs_at = fields.len();
    fields.push(text(
        "textarea",
        "accessibility",
        t.field_accessibility,
        None,
    ));
    fields.push(text("textarea", "dietary", t.field_dietary, None));
    fields.push(Field {
        kind: "checkbox",
        id: "reg-consent".into(),
        name: "consent".into(),
        label: t.field_consent.into(),
        checked: submitted.is_some_and(|f| f.get("consent") == Some("yes")),
        ..Field::default()
    });
    let consent_at = fields.len() - 1;

    let mut general_errors = Vec::new();
    for error in errors {
        let at = match slot_of(error, questions) {
            Slot::Name => Some(0),
            Slot::Email => Some(1),
            Slot::Organisation => Some(2),
            Slot::Mode => mode_at,
            Slot::Question(i) if i < questions.len() => Some(first_question + i),
            Slot::Accessibility => Some(needs_at),
            Slot::Dietary => Some(needs_at + 1),
            Slot::Consent => Some(consent_at),
            Slot::Question(_) | Slot::General => None,
        };
        let text = message(t, error);
        match at.and_then(|at| fields.get_mut(at)) {
            Some(field) if field.error.is_none() => field.error = Some(text),
            Some(_) => {}
            None => general_errors.push(text),
        }
    }
    for field in &mut fields {
        let mut described = Vec::new();
        if field.hint.is_some() {
            described.push(format!("{}-hint", field.id));
        }
        if field.error.is_some() {
            described.push(format!("{}-error", field.id));
        }
        field.described_by = described.join(" ");
    }
    RegistrationForm {
        action: request.keeping_lang(&format!("/events/{}/register", event.id)),
        csrf,
        has_errors: !errors.is_empty(),
        general_errors,
        fields,
    }
}
