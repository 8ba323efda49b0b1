//! Translations of the parts of an event that participants read: agenda
//! items' titles and descriptions, speakers' roles, and registration
//! questions' labels and choices. They live in the `translations` table
//! beside the event's own, under the part's `owner_kind` and id, so an
//! event's translations still load in one query and go with it.
//!
//! The rules are the event's: a translation is checked like its original,
//! is never in the event's own language, and a blank one removes it; a
//! translation of a text the part does not have (an item without a
//! description) is refused, and goes when the original goes.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use entities::translation;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{Entries, Owner, Wanted, store_rows};
use crate::i18n::Locale;
use crate::service::validate::{Errors, NAME_MAX, SHORT_MAX};
use crate::service::{ErrorCode, Result};

/// Longest question label, as for the original.
pub const LABEL_MAX: usize = 500;

/// What owns a part's texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// An agenda item.
    Item,
    /// A speaker.
    Speaker,
    /// A registration question.
    Question,
}

impl Part {
    /// The `owner_kind` column's value.
    fn kind(self) -> &'static str {
        match self {
            Self::Item => "agenda_item",
            Self::Speaker => "speaker",
            Self::Question => "question",
        }
    }

    fn owner(self, event: Uuid, id: Uuid) -> Owner {
        Owner {
            event,
            kind: self.kind(),
            id,
        }
    }
}

/// A text of a part of an event that can be given in several languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PartText {
    /// An agenda item's title.
    ItemTitle,
    /// An agenda item's description.
    ItemDescription,
    /// A speaker's role ("Moderator").
    SpeakerRole,
    /// A question's label.
    QuestionLabel,
    /// A choice question's choices, one per line in the original's order.
    QuestionChoices,
}

impl PartText {
    /// Every translatable text of a part.
    pub const ALL: [PartText; 5] = [
        Self::ItemTitle,
        Self::ItemDescription,
        Self::SpeakerRole,
        Self::QuestionLabel,
        Self::QuestionChoices,
    ];

    /// The part whose text this is.
    pub fn part(self) -> Part {
        match self {
            Self::ItemTitle | Self::ItemDescription => Part::Item,
            Self::SpeakerRole => Part::Speaker,
            Self::QuestionLabel | Self::QuestionChoices => Part::Question,
        }
    }

    /// The `field` column's value.
    fn field(self) -> &'static str {
        match self {
            Self::ItemTitle => "title",
            Self::ItemDescription => "description",
            Self::SpeakerRole => "role",
            Self::QuestionLabel => "label",
            Self::QuestionChoices => "choices",
        }
    }

    fn from_row(kind: &str, field: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.part().kind() == kind && t.field() == field)
    }

    /// The API's name of the list of translations of this text (in field
    /// errors).
    pub fn input_name(self) -> &'static str {
        match self {
            Self::ItemTitle => "titleTranslations",
            Self::ItemDescription => "descriptionTranslations",
            Self::SpeakerRole => "roleTranslations",
            Self::QuestionLabel => "labelTranslations",
            Self::QuestionChoices => "choicesTranslations",
        }
    }
}

/// One translation as an organiser gives it; choices one per line. A blank
/// text (no choices) removes the translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartInput {
    /// Which text.
    pub text: PartText,
    /// The language of the translation.
    pub locale: Locale,
    /// The translated text.
    pub value: String,
}

/// A checked change: the text in a language, or `None` to remove it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartChange {
    text: PartText,
    locale: Locale,
    value: Option<String>,
}

/// Checks `changes` of one part like the originals: `original` gives the
/// part's text in the event's own language `own` (`None` when it has none,
/// choices one per line). A translation in `own`, a language given twice,
/// a text too long, a translation of a text the part lacks, or choices
/// other in number than the original's are field errors on the input's list
/// (`titleTranslations.1.text`, `choicesTranslations.0.choices.2`, …).
pub fn check(
    changes: &[PartInput],
    own: Locale,
    original: impl Fn(PartText) -> Option<String>,
    e: &mut Errors,
) -> Vec<PartChange> {
    let mut entries = Entries::default();
    let mut out = Vec::new();
    for change in changes {
        let name = change.text.input_name();
        let Some(i) = entries.next(change.text, name, change.locale, e) else {
            continue;
        };
        let at = |part: &str| format!("{name}.{i}.{part}");
        let original = original(change.text);
        let clean = match change.text {
            PartText::ItemTitle => e.optional_text(&at("text"), Some(&change.value), NAME_MAX),
            PartText::ItemDescription => {
                Some(e.description(&at("text"), &change.value)).filter(|t| !t.is_empty())
            }
            PartText::SpeakerRole => e.optional_text(&at("text"), Some(&change.value), SHORT_MAX),
            PartText::QuestionLabel => e.optional_text(&at("text"), Some(&change.value), LABEL_MAX),
            PartText::QuestionChoices => {
                choices(&at("choices"), &change.value, original.as_deref(), e)
            }
        };
        if change.locale == own && clean.is_some() {
            e.push(
                &at("lang"),
                ErrorCode::Invalid,
                format!(
                    "{own} is the event's own language, written in the text itself; \
                     translate into another language"
                ),
            );
            continue;
        }
        if clean.is_some() && original.is_none() {
            let what = match change.text {
                PartText::ItemTitle | PartText::QuestionLabel => "text",
                PartText::ItemDescription => "description",
                PartText::SpeakerRole => "role",
                PartText::QuestionChoices => "choices",
            };
            e.push(
                &at(if change.text == PartText::QuestionChoices {
                    "choices"
                } else {
                    "text"
                }),
                ErrorCode::Invalid,
                format!("there is no {what} to translate; give the original first"),
            );
            continue;
        }
        out.push(PartChange {
            text: change.text,
            locale: change.locale,
            value: clean,
        });
    }
    out
}

/// Translated choices, one per line: each checked like an original choice,
/// as many as the original's and no two alike; `None` when all are blank.
fn choices(at: &str, value: &str, original: Option<&str>, e: &mut Errors) -> Option<String> {
    let given: Vec<&str> = value.lines().collect();
    if given.iter().all(|c| c.trim().is_empty()) {
        return None;
    }
    let mut out: Vec<String> = Vec::with_capacity(given.len());
    for (j, choice) in given.iter().enumerate() {
        let clean = e.required_text(&format!("{at}.{j}"), choice, NAME_MAX);
        if !clean.is_empty() && out.contains(&clean) {
            e.push(
                &format!("{at}.{j}"),
                ErrorCode::Invalid,
                format!("{clean:?} is given twice; each choice needs its own translation"),
            );
        }
        out.push(clean);
    }
    if let Some(original) = original {
        let expected = original.lines().count();
        if out.len() != expected {
            e.push(
                at,
                ErrorCode::Invalid,
                format!(
                    "give one translation for each of the {expected} choices, in their order \
                     ({} given)",
                    out.len()
                ),
            );
        }
    }
    Some(out.join("\n"))
}

/// The translations of the parts of one or more events.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartTranslations(BTreeMap<(Uuid, PartText, Locale), String>);

impl PartTranslations {
    /// The translations among `rows` that belong to parts.
    pub fn of(rows: &[translation::Model]) -> Self {
        Self(
            rows.iter()
                .filter_map(|r| {
                    let text = PartText::from_row(&r.owner_kind, &r.field)?;
                    let locale = Locale::parse(&r.locale)?;
                    Some(((r.owner_id, text, locale), r.text.clone()))
                })
                .collect(),
        )
    }

    /// `text` of part `owner` in `locale`, if translated.
    pub fn get(&self, owner: Uuid, text: PartText, locale: Locale) -> Option<&str> {
        self.0.get(&(owner, text, locale)).map(String::as_str)
    }

    /// The translations of `text` of part `owner`, in the order of
    /// [`Locale::ALL`].
    pub fn all_of(&self, owner: Uuid, text: PartText) -> Vec<(Locale, &str)> {
        Locale::ALL
            .into_iter()
            .filter_map(|l| self.get(owner, text, l).map(|t| (l, t)))
            .collect()
    }

    /// `text` of part `owner` for a reader: the language chosen by `wanted`
    /// (as for the event's own texts) and the text in it; `original` is the
    /// text in the event's own language `own`.
    pub fn read<'a>(
        &'a self,
        owner: Uuid,
        text: PartText,
        original: &'a str,
        own: Locale,
        wanted: Wanted,
    ) -> (Locale, &'a str) {
        let chosen = wanted.choose(own, |l| self.get(owner, text, l).is_some());
        match self.get(owner, text, chosen) {
            Some(translated) if chosen != own => (chosen, translated),
            _ => (own, original),
        }
    }

    /// A question's choices for a reader: the language chosen and the
    /// choices in it, each beside the original it stands for (what an
    /// answer stores).
    pub fn choices(
        &self,
        owner: Uuid,
        originals: &[String],
        own: Locale,
        wanted: Wanted,
    ) -> (Locale, Vec<(String, String)>) {
        let joined = originals.join("\n");
        let (lang, text) = self.read(owner, PartText::QuestionChoices, &joined, own, wanted);
        let shown: Vec<&str> = text.lines().collect();
        if shown.len() != originals.len() {
            // Translations are checked against the choices they translate;
            // a question's choices never change, but should they, the
            // originals are shown rather than a mismatch.
            return (
                own,
                originals.iter().map(|o| (o.clone(), o.clone())).collect(),
            );
        }
        let pairs = originals
            .iter()
            .zip(shown)
            .map(|(o, s)| (o.clone(), s.to_owned()))
            .collect();
        (lang, pairs)
    }

    /// The languages some part's text is translated into, other than `own`.
    pub fn locales_other_than(&self, own: Locale) -> BTreeSet<Locale> {
        self.0
            .keys()
            .map(|(_, _, l)| *l)
            .filter(|l| *l != own)
            .collect()
    }

    /// The translations of one part, as stored rows are keyed.
    fn rows_of(&self, owner: Uuid) -> BTreeMap<(&'static str, Locale), String> {
        self.0
            .iter()
            .filter(|((o, _, _), _)| *o == owner)
            .map(|((_, text, locale), value)| ((text.field(), *locale), value.clone()))
            .collect()
    }
}

/// Applies checked `changes` to part `id` (of `part`) of event `event`
/// inside the caller's transaction; the translations of the texts the part
/// no longer has (`has`: whether it has an original of the text) go too.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn save<C: ConnectionTrait>(
    db: &C,
    event: Uuid,
    part: Part,
    id: Uuid,
    changes: &[PartChange],
    has: impl Fn(PartText) -> bool,
    now: DateTime<Utc>,
) -> Result<()> {
    let rows = translation::Entity::find()
        .filter(translation::Column::OwnerKind.eq(part.kind()))
        .filter(translation::Column::OwnerId.eq(id))
        .all(db)
        .await?;
    let before = PartTranslations::of(&rows);
    let mut after = before.clone();
    for change in changes {
        let key = (id, change.text, change.locale);
        match &change.value {
            Some(value) => after.0.insert(key, value.clone()),
            None => after.0.remove(&key),
        };
    }
    after.0.retain(|(_, text, _), _| has(*text));
    store_rows(
        db,
        part.owner(event, id),
        &before.rows_of(id),
        &after.rows_of(id),
        now,
    )
    .await
}

/// Removes every translation of part `id`, inside the caller's transaction.
pub(crate) async fn remove<C: ConnectionTrait>(db: &C, part: Part, id: Uuid) -> Result<()> {
    translation::Entity::delete_many()
        .filter(translation::Column::OwnerKind.eq(part.kind()))
        .filter(translation::Column::OwnerId.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(e: Errors) -> Vec<String> {
        let Err(crate::service::Error::Invalid(errors)) = e.finish() else {
            return Vec::new();
        };
        errors.iter().map(|e| e.field.join(".")).collect()
    }

    #[test]
    fn choices_are_checked_against_the_original() {
        let original = |t: PartText| match t {
            PartText::QuestionChoices => Some("Ja\nNej".to_owned()),
            PartText::QuestionLabel => Some("Kommer du?".to_owned()),
            _ => None,
        };
        let mut e = Errors::new();
        let changes = check(
            &[
                PartInput {
                    text: PartText::QuestionChoices,
                    locale: Locale::En,
                    value: "Yes\nNo".into(),
                },
                PartInput {
                    text: PartText::QuestionChoices,
                    locale: Locale::Nb,
                    value: "Ja".into(),
                },
                PartInput {
                    text: PartText::QuestionLabel,
                    locale: Locale::Sv,
                    value: "Egen".into(),
                },
                PartInput {
                    text: PartText::ItemDescription,
                    locale: Locale::En,
                    value: "No original".into(),
                },
            ],
            Locale::Sv,
            original,
            &mut e,
        );
        // The English choices are fine; the rest are field errors.
        assert!(
            changes
                .iter()
                .any(|c| c.locale == Locale::En && c.text == PartText::QuestionChoices)
        );
        let fields = fields(e);
        for expected in [
            "choicesTranslations.1.choices",
            "labelTranslations.0.lang",
            "descriptionTranslations.0.text",
        ] {
            assert!(fields.iter().any(|f| f == expected), "{fields:?}");
        }
    }

    #[test]
    fn choices_read_beside_their_originals_and_fall_back() {
        let id = Uuid::now_v7();
        let mut t = PartTranslations::default();
        t.0.insert(
            (id, PartText::QuestionChoices, Locale::En),
            "Yes\nNo".into(),
        );
        let originals = vec!["Ja".to_owned(), "Nej".to_owned()];
        let english = Wanted {
            explicit: Some(Locale::En),
            ..Wanted::default()
        };
        let (lang, pairs) = t.choices(id, &originals, Locale::Sv, english);
        assert_eq!(lang, Locale::En);
        assert_eq!(pairs[1], ("Nej".to_owned(), "No".to_owned()));
        let norwegian = Wanted {
            explicit: Some(Locale::Nb),
            ..Wanted::default()
        };
        let (lang, pairs) = t.choices(id, &originals, Locale::Sv, norwegian);
        assert_eq!(lang, Locale::Sv);
        assert_eq!(pairs[0], ("Ja".to_owned(), "Ja".to_owned()));
    }
}
