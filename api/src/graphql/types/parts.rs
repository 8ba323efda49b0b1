//! The texts of an event's parts (agenda items, speakers, questions) in the
//! reader's language, chosen as for the event's own texts.

use async_graphql::{Context, SimpleObject};
use uuid::Uuid;

use super::language::{Translation, wanted};
use super::loaders;
use crate::graphql::enums::Language;
use crate::graphql::loaders::TranslationsOf;
use crate::i18n::Locale;
use crate::ids::EventId;
use crate::service::translations::{self, PartText, PartTranslations, Wanted};

/// A part's translations with the event's own language, through the
/// request's loaders (one batch for all parts of all events read).
pub(super) async fn of_event(
    ctx: &Context<'_>,
    event: Uuid,
) -> async_graphql::Result<(Locale, PartTranslations)> {
    let loaders = loaders(ctx)?;
    let (found, rows) = tokio::try_join!(
        loaders.load_one(EventId(event)),
        loaders.load_one(TranslationsOf(EventId(event)))
    )?;
    let own = found
        .as_ref()
        .map(translations::own_locale)
        .unwrap_or_default();
    Ok((own, PartTranslations::of(&rows.unwrap_or_default())))
}

/// `text` of part `owner` of `event` (whose original is `original`) in the
/// language the reader wants; nothing more is read when no language is
/// asked for.
pub(super) async fn text(
    ctx: &Context<'_>,
    event: Uuid,
    owner: Uuid,
    text: PartText,
    original: &str,
    lang: Option<Language>,
) -> async_graphql::Result<String> {
    let wanted = wanted(ctx, lang)?;
    if wanted == Wanted::default() {
        return Ok(original.to_owned());
    }
    let (own, all) = of_event(ctx, event).await?;
    Ok(all.read(owner, text, original, own, wanted).1.to_owned())
}

/// The translations of `text` of part `owner` of `event`.
pub(super) async fn translations_of(
    ctx: &Context<'_>,
    event: Uuid,
    owner: Uuid,
    text: PartText,
) -> async_graphql::Result<Vec<Translation>> {
    let (_, all) = of_event(ctx, event).await?;
    Ok(all
        .all_of(owner, text)
        .into_iter()
        .map(|(lang, text)| Translation {
            lang: lang.into(),
            text: text.to_owned(),
        })
        .collect())
}

/// A choice of a choice question as a reader sees it.
#[derive(SimpleObject)]
pub struct QuestionChoice {
    /// What an answer gives (`RegistrationAnswerInput.values`): the option
    /// in the event's own language.
    pub value: String,
    /// What the reader is shown: the option in the language chosen.
    pub label: String,
}

/// A question's choices in one language.
#[derive(SimpleObject)]
pub struct ChoicesTranslation {
    /// The language.
    pub lang: Language,
    /// One translation for each option, in their order.
    pub choices: Vec<String>,
}

/// A question's choices for the reader: each option beside its label in
/// the language wanted.
pub(super) async fn choices(
    ctx: &Context<'_>,
    event: Uuid,
    owner: Uuid,
    originals: Vec<String>,
    lang: Option<Language>,
) -> async_graphql::Result<Vec<QuestionChoice>> {
    let wanted = wanted(ctx, lang)?;
    let pairs = if wanted == Wanted::default() || originals.is_empty() {
        originals.into_iter().map(|o| (o.clone(), o)).collect()
    } else {
        let (own, all) = of_event(ctx, event).await?;
        all.choices(owner, &originals, own, wanted).1
    };
    Ok(pairs
        .into_iter()
        .map(|(value, label)| QuestionChoice { value, label })
        .collect())
}

/// A question's choices in every language they are translated into.
pub(super) async fn choices_translations(
    ctx: &Context<'_>,
    event: Uuid,
    owner: Uuid,
) -> async_graphql::Result<Vec<ChoicesTranslation>> {
    Ok(
        translations_of(ctx, event, owner, PartText::QuestionChoices)
            .await?
            .into_iter()
            .map(|t| ChoicesTranslation {
                lang: t.lang,
                choices: t.text.lines().map(str::to_owned).collect(),
            })
            .collect(),
    )
}
