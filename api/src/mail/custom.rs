//! Organiser-written text with placeholders, such as a reminder's own subject
//! and body: `Hej {{participant_name}}, välkommen till {{event_title}}!`.
//!
//! [`Template::parse`] checks every placeholder up front and returns all the
//! unknown ones at once (an organiser fixes them in one go; this becomes a
//! GraphQL `userError`), so a typo is never sent as a silent blank. Rendering
//! fills in [`Values`]; the HTML rendering escapes the organiser's text and
//! every value, and makes link values clickable.

use std::fmt;

pub use super::html::Inline;
use super::html::inline_html;

/// A value a template can refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholder {
    /// `{{participant_name}}`: the recipient's name.
    ParticipantName,
    /// `{{event_title}}`.
    EventTitle,
    /// `{{starts_at_local}}`: the start in the event's zone, with the zone.
    StartsAtLocal,
    /// `{{venue}}`: the venue's name, address and city.
    Venue,
    /// `{{join_link}}`: the online meeting's link (blank for those who do
    /// not get it).
    JoinLink,
    /// `{{manage_link}}`: where the recipient changes or cancels their registration.
    ManageLink,
}

impl Placeholder {
    /// Every placeholder.
    pub const ALL: [Placeholder; 6] = [
        Self::ParticipantName,
        Self::EventTitle,
        Self::StartsAtLocal,
        Self::Venue,
        Self::JoinLink,
        Self::ManageLink,
    ];

    /// The name written between the braces.
    pub fn name(self) -> &'static str {
        match self {
            Self::ParticipantName => "participant_name",
            Self::EventTitle => "event_title",
            Self::StartsAtLocal => "starts_at_local",
            Self::Venue => "venue",
            Self::JoinLink => "join_link",
            Self::ManageLink => "manage_link",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }

    fn is_link(self) -> bool {
        matches!(self, Self::JoinLink | Self::ManageLink)
    }
}

/// One thing wrong with a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateProblem {
    /// `{{name}}` names no placeholder; `position` is its character offset.
    UnknownPlaceholder {
        /// What was written between the braces (trimmed).
        name: String,
        /// Character offset of the `{{`.
        position: usize,
    },
    /// A `{{` without its `}}`.
    Unclosed {
        /// Character offset of the `{{`.
        position: usize,
    },
}

/// Why a template was refused: every problem found, in order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct TemplateError {
    /// The problems, in the order they appear.
    pub problems: Vec<TemplateProblem>,
}

impl TemplateError {
    /// The unknown placeholder names, in order of appearance.
    pub fn unknown_placeholders(&self) -> Vec<&str> {
        self.problems
            .iter()
            .filter_map(|p| match p {
                TemplateProblem::UnknownPlaceholder { name, .. } => Some(name.as_str()),
                TemplateProblem::Unclosed { .. } => None,
            })
            .collect()
    }
}

impl fmt::Display for TemplateProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownPlaceholder { name, position } => {
                let known: Vec<String> = Placeholder::ALL
                    .iter()
                    .map(|p| format!("{{{{{}}}}}", p.name()))
                    .collect();
                write!(
                    f,
                    "unknown placeholder {{{{{name}}}}} at character {position}; known are {}",
                    known.join(", ")
                )
            }
            Self::Unclosed { position } => {
                write!(f, "`{{{{` at character {position} has no closing `}}}}`")
            }
        }
    }
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let problems: Vec<String> = self.problems.iter().map(ToString::to_string).collect();
        f.write_str(&problems.join("; "))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Value(Placeholder),
}

/// A parsed template: text and placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

/// The values placeholders stand for; `None` renders as nothing (a known
/// placeholder without a value, such as the venue of an online meeting).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values {
    /// `{{participant_name}}`.
    pub participant_name: Option<String>,
    /// `{{event_title}}`.
    pub event_title: Option<String>,
    /// `{{starts_at_local}}`.
    pub starts_at_local: Option<String>,
    /// `{{venue}}`.
    pub venue: Option<String>,
    /// `{{join_link}}`.
    pub join_link: Option<String>,
    /// `{{manage_link}}`.
    pub manage_link: Option<String>,
}

impl Values {
    fn get(&self, placeholder: Placeholder) -> &str {
        let value = match placeholder {
            Placeholder::ParticipantName => &self.participant_name,
            Placeholder::EventTitle => &self.event_title,
            Placeholder::StartsAtLocal => &self.starts_at_local,
            Placeholder::Venue => &self.venue,
            Placeholder::JoinLink => &self.join_link,
            Placeholder::ManageLink => &self.manage_link,
        };
        value.as_deref().unwrap_or_default()
    }
}

impl Template {
    /// Parses `source`, listing every unknown placeholder and unclosed `{{`.
    /// Spaces inside the braces are allowed (`{{ event_title }}`).
    pub fn parse(source: &str) -> Result<Self, TemplateError> {
        let mut parts = Vec::new();
        let mut problems = Vec::new();
        let mut rest = source;
        let mut offset = 0;
        while let Some(open) = rest.find("{{") {
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_owned()));
            }
            let position = offset + rest[..open].chars().count();
            let after = &rest[open + 2..];
            let Some(close) = after.find("}}") else {
                problems.push(TemplateProblem::Unclosed { position });
                parts.push(Part::Text(rest[open..].to_owned()));
                rest = "";
                break;
            };
            let name = after[..close].trim();
            match Placeholder::from_name(name) {
                Some(placeholder) => parts.push(Part::Value(placeholder)),
                None => problems.push(TemplateProblem::UnknownPlaceholder {
                    name: name.to_owned(),
                    position,
                }),
            }
            let consumed = open + 2 + close + 2;
            offset += rest[..consumed].chars().count();
            rest = &rest[consumed..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_owned()));
        }
        if problems.is_empty() {
            Ok(Self { parts })
        } else {
            Err(TemplateError { problems })
        }
    }

    /// The placeholders used, in order (with repeats).
    pub fn placeholders(&self) -> Vec<Placeholder> {
        self.parts
            .iter()
            .filter_map(|p| match p {
                Part::Value(placeholder) => Some(*placeholder),
                Part::Text(_) => None,
            })
            .collect()
    }

    /// Plain text with the values filled in.
    pub fn render_text(&self, values: &Values) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Value(placeholder) => out.push_str(values.get(*placeholder)),
            }
        }
        out
    }

    /// Rich text with the values filled in: link values (that are http(s)
    /// URLs) become [`Inline::Link`], everything else text.
    pub fn render_rich(&self, values: &Values) -> Vec<Inline> {
        let mut out: Vec<Inline> = Vec::new();
        let push_text = |out: &mut Vec<Inline>, text: &str| {
            if let Some(Inline::Text(last)) = out.last_mut() {
                last.push_str(text);
            } else if !text.is_empty() {
                out.push(Inline::Text(text.to_owned()));
            }
        };
        for part in &self.parts {
            match part {
                Part::Text(text) => push_text(&mut out, text),
                Part::Value(placeholder) => {
                    let value = values.get(*placeholder);
                    if placeholder.is_link() && crate::text::is_http_url(value) {
                        out.push(Inline::Link(value.to_owned()));
                    } else {
                        push_text(&mut out, value);
                    }
                }
            }
        }
        out
    }

    /// HTML with the organiser's text and every value escaped, line breaks
    /// kept, and link values clickable.
    pub fn render_html(&self, values: &Values) -> String {
        inline_html(&self.render_rich(values))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Values {
        Values {
            participant_name: Some("Åsa <Öberg> & co".into()),
            event_title: Some("Höstkonferens".into()),
            starts_at_local: Some("torsdag 26 november 2026 kl. 09:00 (CET)".into()),
            venue: None,
            join_link: Some("https://example.se/join?a=1&b=2".into()),
            manage_link: Some("javascript:alert(1)".into()),
        }
    }

    #[test]
    fn known_placeholders_are_filled() {
        let template =
            Template::parse("Hej {{participant_name}}, välkommen till {{ event_title }}!{{venue}}")
                .expect("valid");
        assert_eq!(
            template.render_text(&values()),
            "Hej Åsa <Öberg> & co, välkommen till Höstkonferens!"
        );
        assert_eq!(
            template.placeholders(),
            vec![
                Placeholder::ParticipantName,
                Placeholder::EventTitle,
                Placeholder::Venue
            ]
        );
    }

    #[test]
    fn unknown_placeholders_are_all_listed() {
        let err =
            Template::parse("Hej {{namn}}! {{event_title}} {{ startar }} {{").expect_err("invalid");
        assert_eq!(err.unknown_placeholders(), vec!["namn", "startar"]);
        assert_eq!(
            err.problems,
            vec![
                TemplateProblem::UnknownPlaceholder {
                    name: "namn".into(),
                    position: 4
                },
                TemplateProblem::UnknownPlaceholder {
                    name: "startar".into(),
                    position: 30
                },
                TemplateProblem::Unclosed { position: 44 },
            ]
        );
        let fields = err.to_field_errors("input.body");
        assert_eq!(fields.len(), 3);
        assert_eq!(fields[0].field, vec!["input", "body"]);
        assert!(
            fields[0].message.contains("{{namn}}"),
            "{}",
            fields[0].message
        );
        assert!(fields[0].message.contains("{{participant_name}}"));
    }

    #[test]
    fn html_escapes_text_and_values() {
        let template = Template::parse(
            "<b>Hej</b> {{participant_name}}\nLänk: {{join_link}}\nAvboka: {{manage_link}}",
        )
        .expect("valid");
        let html = template.render_html(&values());
        assert_eq!(
            html,
            "&lt;b&gt;Hej&lt;/b&gt; Åsa &lt;Öberg&gt; &amp; co<br>\nLänk: \
             <a href=\"https://example.se/join?a=1&amp;b=2\">https://example.se/join?a=1&amp;b=2</a><br>\n\
             Avboka: javascript:alert(1)"
        );
    }

    #[test]
    fn text_without_placeholders_is_fine() {
        let template = Template::parse("Inga platshållare här. {single} }}").expect("valid");
        assert_eq!(
            template.render_text(&Values::default()),
            "Inga platshållare här. {single} }}"
        );
    }
}
