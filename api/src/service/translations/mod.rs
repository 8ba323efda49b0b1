//! Event texts in other languages than the event's own: which texts can be
//! translated, checking translations like the originals, storing them, and
//! choosing the language a reader gets.
//!
//! An event's own texts (`events.title`, …) are written in its own language
//! (`events.locale`); the `translations` table holds the same texts in the
//! other languages, one row per owner, field and language. Events own the
//! first texts; agenda items, speakers and questions use the same table
//! with an `owner_kind` of their own ([`parts`]); reminders and suggestion
//! follow-ups keep theirs in a JSON column beside the original.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use entities::translation;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    QueryFilter, sea_query::Expr,
};
use uuid::Uuid;

use super::validate::{Errors, NAME_MAX};
use super::{ErrorCode, Result};
use crate::i18n::Locale;
use crate::ids::EventId;

pub mod parts;

pub use parts::{Part, PartChange, PartInput, PartText, PartTranslations};

/// `owner_kind` of an event's own texts.
const EVENT: &str = "event";

/// Longest accessibility notes, as for the original.
const ACCESSIBILITY_MAX: usize = 2000;

/// A text of an event that can be given in several languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventText {
    /// The title.
    Title,
    /// The description.
    Description,
    /// The venue's accessibility notes.
    AccessibilityNotes,
}

impl EventText {
    /// Every translatable text of an event.
    pub const ALL: [EventText; 3] = [Self::Title, Self::Description, Self::AccessibilityNotes];

    /// The `field` column's value.
    fn field(self) -> &'static str {
        match self {
            Self::Title => "title",
            Self::Description => "description",
            Self::AccessibilityNotes => "venue.accessibilityNotes",
        }
    }

    fn from_field(field: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.field() == field)
    }

    /// The API's name of the list of translations of this text (in field
    /// errors and the audit log).
    pub fn input_name(self) -> &'static str {
        match self {
            Self::Title => "titleTranslations",
            Self::Description => "descriptionTranslations",
            Self::AccessibilityNotes => "accessibilityNotesTranslations",
        }
    }

    /// Whether a change of this text bumps the event's SEQUENCE, as a change
    /// of the original does (title and place do; the description moves only
    /// the feeds' ETag).
    fn bumps_sequence(self) -> bool {
        matches!(self, Self::Title | Self::AccessibilityNotes)
    }
}

/// One translation as an organiser gives it: `text` in `locale`; a blank
/// text removes the translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranslationInput {
    /// Which text.
    pub text: EventText,
    /// The language of the translation.
    pub locale: Locale,
    /// The translated text; blank removes it.
    pub value: String,
}

/// An event's translations, by text and language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventTranslations(BTreeMap<(EventText, Locale), String>);

impl EventTranslations {
    /// The translations among `rows` that belong to the event itself.
    pub fn of(rows: &[translation::Model]) -> Self {
        Self(
            rows.iter()
                .filter(|r| r.owner_kind == EVENT && r.owner_id == r.event_id)
                .filter_map(|r| {
                    let text = EventText::from_field(&r.field)?;
                    let locale = Locale::parse(&r.locale)?;
                    Some(((text, locale), r.text.clone()))
                })
                .collect(),
        )
    }

    /// `text` in `locale`, if translated.
    pub fn get(&self, text: EventText, locale: Locale) -> Option<&str> {
        self.0.get(&(text, locale)).map(String::as_str)
    }

    /// The translations of `text`, in the order of [`Locale::ALL`].
    pub fn all_of(&self, text: EventText) -> Vec<(Locale, &str)> {
        Locale::ALL
            .into_iter()
            .filter_map(|l| self.get(text, l).map(|t| (l, t)))
            .collect()
    }

    /// The texts whose translations differ between `self` and `other`.
    pub fn changed(&self, other: &Self) -> BTreeSet<EventText> {
        let keys: BTreeSet<_> = self.0.keys().chain(other.0.keys()).copied().collect();
        keys.into_iter()
            .filter(|key| self.0.get(key) != other.0.get(key))
            .map(|(text, _)| text)
            .collect()
    }

    /// Whether a change from `self` to `other` is one a calendar subscriber
    /// is told with a new SEQUENCE.
    pub fn bumps_sequence(&self, other: &Self) -> bool {
        self.changed(other).iter().any(|t| t.bumps_sequence())
    }

    /// The languages some text is translated into, other than `own`.
    pub fn locales_other_than(&self, own: Locale) -> BTreeSet<Locale> {
        self.0
            .keys()
            .map(|(_, l)| *l)
            .filter(|l| *l != own)
            .collect()
    }

    /// The title and accessibility notes in each language they are
    /// translated into, for what mail says about the event.
    pub fn facts(&self) -> BTreeMap<Locale, crate::facts::TranslatedFacts> {
        let mut out: BTreeMap<Locale, crate::facts::TranslatedFacts> = BTreeMap::new();
        for ((text, locale), value) in &self.0 {
            let entry = out.entry(*locale).or_default();
            match text {
                EventText::Title => entry.title = Some(value.clone()),
                EventText::AccessibilityNotes => entry.accessibility = Some(value.clone()),
                EventText::Description => {}
            }
        }
        out.retain(|_, t| t.title.is_some() || t.accessibility.is_some());
        out
    }

    /// The languages of translations, other than `own`, that are left.
    fn locales(&self) -> BTreeSet<(EventText, Locale)> {
        self.0.keys().copied().collect()
    }

    /// Checks `changes` like the originals and applies them: a blank text
    /// removes a translation; a translation in the event's own language
    /// (`own`), a language named twice for one text, accessibility notes
    /// without an original, or a text too long are field errors on the
    /// input's list (`titleTranslations.1.lang`, …). Translations of a text
    /// the event no longer has (`has_accessibility`) go with it.
    pub fn apply(
        &self,
        changes: &[TranslationInput],
        own: Locale,
        has_accessibility: bool,
        e: &mut Errors,
    ) -> Self {
        let mut after = self.clone();
        let mut entries = Entries::default();
        for change in changes {
            let name = change.text.input_name();
            let Some(i) = entries.next(change.text, name, change.locale, e) else {
                continue;
            };
            let at = |part: &str| format!("{name}.{i}.{part}");
            let clean = match change.text {
                EventText::Title => e.optional_text(&at("text"), Some(&change.value), NAME_MAX),
                EventText::Description => {
                    Some(e.description(&at("text"), &change.value)).filter(|t| !t.is_empty())
                }
                EventText::AccessibilityNotes => {
                    e.optional_lines(&at("text"), Some(&change.value), ACCESSIBILITY_MAX)
                }
            };
            // Removing one is fine: that is how a translation into what
            // becomes the event's own language goes.
            if change.locale == own && clean.is_some() {
                e.push(
                    &at("lang"),
                    ErrorCode::Invalid,
                    format!(
                        "{own} is the event's own language, written in the text itself; \
                         translate into another language or change the event's locale"
                    ),
                );
                continue;
            }
            if clean.is_some() && change.text == EventText::AccessibilityNotes && !has_accessibility
            {
                e.push(
                    &at("text"),
                    ErrorCode::Invalid,
                    "the event has no accessibility notes to translate; give them in venue first",
                );
                continue;
            }
            match clean {
                Some(text) => after.0.insert((change.text, change.locale), text),
                None => after.0.remove(&(change.text, change.locale)),
            };
        }
        if !has_accessibility {
            after
                .0
                .retain(|(text, _), _| *text != EventText::AccessibilityNotes);
        }
        if after.locales().iter().any(|(_, l)| *l == own) {
            e.push(
                "locale",
                ErrorCode::Invalid,
                format!(
                    "the event has translations into {own}; remove them (an empty text) \
                     in the same change, or keep the event's language"
                ),
            );
        }
        after
    }
}

/// The entries of lists of translations, numbered per text as the lists
/// are (`titleTranslations.1.text`), each language once per text.
#[derive(Debug)]
pub(crate) struct Entries<K> {
    seen: BTreeMap<K, (usize, BTreeSet<Locale>)>,
}

impl<K> Default for Entries<K> {
    fn default() -> Self {
        Self {
            seen: BTreeMap::new(),
        }
    }
}

impl<K: Ord + Copy> Entries<K> {
    /// The index of the next entry of `text` (whose list is `name`) in its
    /// list; `None`, with a field error, when `locale` was given for it
    /// before.
    pub(crate) fn next(
        &mut self,
        text: K,
        name: &str,
        locale: Locale,
        e: &mut Errors,
    ) -> Option<usize> {
        let (index, named) = self.seen.entry(text).or_default();
        let i = *index;
        *index += 1;
        if named.insert(locale) {
            return Some(i);
        }
        e.push(
            &format!("{name}.{i}.lang"),
            ErrorCode::Invalid,
            format!("{locale} is given twice; give each language once"),
        );
        None
    }
}

/// What a reader asked for, in the order it counts: the language named
/// explicitly (a GraphQL argument, `?lang=`), else the request's
/// `Accept-Language`, else the person's own language.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Wanted {
    /// Named for this text or request (`title(lang: NB)`, `?lang=nb`).
    pub explicit: Option<Locale>,
    /// The best of the request's `Accept-Language` that we write.
    pub accept_language: Option<Locale>,
    /// The signed-in person's chosen language.
    pub person: Option<Locale>,
}

impl Wanted {
    /// The one place that decides which language a text is read in: an
    /// explicitly named language, in it or else in the event's own (`own`);
    /// otherwise the first of `Accept-Language` and the person's language
    /// that the text exists in (`available`: translated), else the event's
    /// own.
    pub fn choose(self, own: Locale, available: impl Fn(Locale) -> bool) -> Locale {
        let candidates = match self.explicit {
            Some(explicit) => vec![explicit],
            None => [self.accept_language, self.person]
                .into_iter()
                .flatten()
                .collect(),
        };
        candidates
            .into_iter()
            .find(|l| *l == own || available(*l))
            .unwrap_or(own)
    }

    /// Whether some language other than `own` might be chosen (else the
    /// translations need not be read at all).
    pub fn may_differ_from(self, own: Locale) -> bool {
        [self.explicit, self.accept_language, self.person]
            .into_iter()
            .flatten()
            .any(|l| l != own)
    }
}

/// An event's text for a reader: the language chosen by `wanted` and the
/// text in it. `original` is the text in the event's own language `own`.
pub fn read<'a>(
    translations: &'a EventTranslations,
    text: EventText,
    original: &'a str,
    own: Locale,
    wanted: Wanted,
) -> (Locale, &'a str) {
    let chosen = wanted.choose(own, |l| translations.get(text, l).is_some());
    match translations.get(text, chosen) {
        Some(translated) if chosen != own => (chosen, translated),
        _ => (own, original),
    }
}

/// The translations stored with a reminder, by language (unreadable
/// entries left out).
pub fn reminder_texts(reminder: &entities::reminder::Model) -> BTreeMap<Locale, (String, String)> {
    let Some(stored) = reminder.translations.as_ref().and_then(|t| t.as_object()) else {
        return BTreeMap::new();
    };
    stored
        .iter()
        .filter_map(|(tag, text)| {
            let locale = Locale::parse(tag)?;
            let subject = text.get("subject")?.as_str()?.to_owned();
            let body = text.get("body")?.as_str()?.to_owned();
            Some((locale, (subject, body)))
        })
        .collect()
}

/// A suggestion follow-up's translations, by language (unreadable entries
/// left out).
pub fn follow_up_texts(
    update: &entities::theme_suggestion_update::Model,
) -> BTreeMap<Locale, String> {
    let Some(stored) = update.translations.as_ref().and_then(|t| t.as_object()) else {
        return BTreeMap::new();
    };
    stored
        .iter()
        .filter_map(|(tag, text)| Some((Locale::parse(tag)?, text.as_str()?.to_owned())))
        .collect()
}

/// Checks translations of a follow-up (`field`: the input's name, e.g.
/// `followUpTranslations`) like the original multi-line text of at most
/// `max` characters: blank entries are left out, the own language (`own`)
/// and a language given twice are field errors.
pub fn checked_texts(
    field: &str,
    given: &[(Locale, String)],
    own: Locale,
    max: usize,
    e: &mut Errors,
) -> BTreeMap<Locale, String> {
    let mut out = BTreeMap::new();
    let mut named = BTreeSet::new();
    for (i, (locale, text)) in given.iter().enumerate() {
        let at = |part: &str| format!("{field}.{i}.{part}");
        if !named.insert(*locale) {
            e.push(
                &at("lang"),
                ErrorCode::Invalid,
                format!("{locale} is given twice; give each language once"),
            );
            continue;
        }
        let Some(clean) = e.optional_lines(&at("text"), Some(text), max) else {
            continue;
        };
        if *locale == own {
            e.push(
                &at("lang"),
                ErrorCode::Invalid,
                format!(
                    "{own} is the language the text itself is written in; translate into another"
                ),
            );
            continue;
        }
        out.insert(*locale, clean);
    }
    out
}

/// Translations as stored in a JSON column (`{"nb": "…"}`; `None` without
/// any).
pub fn texts_json(texts: &BTreeMap<Locale, String>) -> Option<serde_json::Value> {
    (!texts.is_empty()).then(|| {
        serde_json::Value::Object(
            texts
                .iter()
                .map(|(l, t)| (l.as_str().to_owned(), serde_json::Value::String(t.clone())))
                .collect(),
        )
    })
}

/// The event's own language (its `locale` column; Swedish if unreadable).
pub fn own_locale(event: &entities::event::Model) -> Locale {
    Locale::parse(&event.locale).unwrap_or_default()
}

/// The translations of one event.
pub async fn of_event<C: ConnectionTrait>(db: &C, id: EventId) -> Result<EventTranslations> {
    let rows = translation::Entity::find()
        .filter(translation::Column::EventId.eq(id.0))
        .all(db)
        .await?;
    Ok(EventTranslations::of(&rows))
}

/// The translation rows of several events, for a batch.
pub async fn rows_of_events<C: ConnectionTrait>(
    db: &C,
    ids: Vec<Uuid>,
) -> Result<Vec<translation::Model>, sea_orm::DbErr> {
    translation::Entity::find()
        .filter(translation::Column::EventId.is_in(ids))
        .all(db)
        .await
}

/// Stores `after` for event `id` where it differs from `before`, inside the
/// caller's transaction.
pub(crate) async fn store<C: ConnectionTrait>(
    db: &C,
    id: EventId,
    before: &EventTranslations,
    after: &EventTranslations,
    now: DateTime<Utc>,
) -> Result<()> {
    let rows = |t: &EventTranslations| -> BTreeMap<(&'static str, Locale), String> {
        t.0.iter()
            .map(|((text, locale), value)| ((text.field(), *locale), value.clone()))
            .collect()
    };
    let owner = Owner {
        event: id.0,
        kind: EVENT,
        id: id.0,
    };
    store_rows(db, owner, &rows(before), &rows(after), now).await?;
    with_search_key(db, id, after).await
}

/// Whose texts a set of translation rows are.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Owner {
    /// The event the owner belongs to.
    pub event: Uuid,
    /// `owner_kind`.
    pub kind: &'static str,
    /// `owner_id`.
    pub id: Uuid,
}

/// Writes the rows of `owner` (by field and language) that differ between
/// `before` and `after`, inside the caller's transaction.
pub(crate) async fn store_rows<C: ConnectionTrait>(
    db: &C,
    owner: Owner,
    before: &BTreeMap<(&'static str, Locale), String>,
    after: &BTreeMap<(&'static str, Locale), String>,
    now: DateTime<Utc>,
) -> Result<()> {
    let keys: BTreeSet<_> = before.keys().chain(after.keys()).copied().collect();
    for key @ (field, locale) in keys {
        let this = || {
            Condition::all()
                .add(translation::Column::OwnerKind.eq(owner.kind))
                .add(translation::Column::OwnerId.eq(owner.id))
                .add(translation::Column::Field.eq(field))
                .add(translation::Column::Locale.eq(locale.as_str()))
        };
        match (before.get(&key), after.get(&key)) {
            (Some(_), None) => {
                translation::Entity::delete_many()
                    .filter(this())
                    .exec(db)
                    .await?;
            }
            (Some(old), Some(new)) if old != new => {
                translation::Entity::update_many()
                    .col_expr(translation::Column::Text, Expr::value(new.clone()))
                    .col_expr(translation::Column::UpdatedAt, Expr::value(now))
                    .filter(this())
                    .exec(db)
                    .await?;
            }
            (None, Some(new)) => {
                // A row left by a concurrent change is replaced rather than
                // tripping the unique key.
                translation::Entity::delete_many()
                    .filter(this())
                    .exec(db)
                    .await?;
                translation::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    event_id: Set(owner.event),
                    owner_kind: Set(owner.kind.to_owned()),
                    owner_id: Set(owner.id),
                    field: Set(field.to_owned()),
                    locale: Set(locale.as_str().to_owned()),
                    text: Set(new.clone()),
                    updated_at: Set(now),
                }
                .insert(db)
                .await?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Adds the translated titles to the event's search key (which its own
/// title, venue and city were just written into), so a search in any of
/// its languages finds it, with å ä ö ø æ folded as everywhere.
pub(crate) async fn with_search_key<C: ConnectionTrait>(
    db: &C,
    id: EventId,
    translations: &EventTranslations,
) -> Result<()> {
    let titles: Vec<&str> = translations
        .0
        .iter()
        .filter(|((text, _), _)| *text == EventText::Title)
        .map(|(_, title)| title.as_str())
        .collect();
    if titles.is_empty() {
        return Ok(());
    }
    let Some(event) = entities::event::Entity::find_by_id(id.0).one(db).await? else {
        return Ok(());
    };
    let key = format!(
        "{} {}",
        event.search_key,
        crate::text::fold(&titles.join(" "))
    );
    entities::event::Entity::update_many()
        .col_expr(entities::event::Column::SearchKey, Expr::value(key))
        .filter(entities::event::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

/// The translations of `from` that a copy of it keeps: all but those of
/// the texts the copy has its own of (`own_title`, `own_description`).
pub fn for_copy(
    from: &EventTranslations,
    own_title: bool,
    own_description: bool,
) -> EventTranslations {
    EventTranslations(
        from.0
            .iter()
            .filter(|((text, _), _)| match text {
                EventText::Title => !own_title,
                EventText::Description => !own_description,
                EventText::AccessibilityNotes => true,
            })
            .map(|(k, v)| (*k, v.clone()))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn translated() -> EventTranslations {
        let mut t = EventTranslations::default();
        t.0.insert((EventText::Title, Locale::Nb), "Høstkonferanse".into());
        t.0.insert((EventText::Title, Locale::En), "Autumn conference".into());
        t
    }

    #[test]
    fn an_explicit_language_wins_and_falls_back_to_the_own() {
        let t = translated();
        let wanted = Wanted {
            explicit: Some(Locale::En),
            accept_language: Some(Locale::Nb),
            person: None,
        };
        assert_eq!(
            read(&t, EventText::Title, "Höstkonferens", Locale::Sv, wanted),
            (Locale::En, "Autumn conference")
        );
        let desc = read(&t, EventText::Description, "Två dagar", Locale::Sv, wanted);
        assert_eq!(desc, (Locale::Sv, "Två dagar"));
    }

    #[test]
    fn the_header_before_the_person_before_the_own() {
        let t = translated();
        let header = Wanted {
            explicit: None,
            accept_language: Some(Locale::Nb),
            person: Some(Locale::En),
        };
        assert_eq!(
            header.choose(Locale::Sv, |l| t.get(EventText::Title, l).is_some()),
            Locale::Nb
        );
        let person = Wanted {
            accept_language: None,
            ..header
        };
        assert_eq!(person.choose(Locale::Sv, |_| true), Locale::En);
        assert_eq!(Wanted::default().choose(Locale::Nb, |_| true), Locale::Nb);
        // A header asking for the own language gets it, not the person's.
        let own = Wanted {
            accept_language: Some(Locale::Sv),
            ..header
        };
        assert_eq!(own.choose(Locale::Sv, |_| true), Locale::Sv);
    }

    #[test]
    fn translations_are_checked_like_the_originals() {
        let mut e = Errors::new();
        let changes = [
            TranslationInput {
                text: EventText::Title,
                locale: Locale::Sv,
                value: "Egen".into(),
            },
            TranslationInput {
                text: EventText::Title,
                locale: Locale::Nb,
                value: "x".repeat(NAME_MAX + 1),
            },
            TranslationInput {
                text: EventText::AccessibilityNotes,
                locale: Locale::En,
                value: "Step-free".into(),
            },
        ];
        let _ = EventTranslations::default().apply(&changes, Locale::Sv, false, &mut e);
        let Err(super::super::Error::Invalid(errors)) = e.finish() else {
            panic!("expected field errors");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.join(".")).collect();
        for expected in [
            "titleTranslations.0.lang",
            "titleTranslations.1.text",
            "accessibilityNotesTranslations.0.text",
        ] {
            assert!(fields.iter().any(|f| f.ends_with(expected)), "{fields:?}");
        }
    }

    #[test]
    fn a_blank_text_removes_and_only_title_and_place_bump() {
        let before = translated();
        let mut e = Errors::new();
        let after = before.apply(
            &[TranslationInput {
                text: EventText::Title,
                locale: Locale::En,
                value: "  ".into(),
            }],
            Locale::Sv,
            false,
            &mut e,
        );
        assert!(e.finish().is_ok());
        assert_eq!(after.get(EventText::Title, Locale::En), None);
        assert!(before.bumps_sequence(&after));
        let mut described = before.clone();
        described
            .0
            .insert((EventText::Description, Locale::Nb), "To dager".into());
        assert!(!before.bumps_sequence(&described));
        assert!(!before.bumps_sequence(&before.clone()));
    }
}
