//! What the types share about languages: a text in one language, and the
//! reader's wish for a text's language.

use async_graphql::{Context, SimpleObject};

use super::service_cx;
use crate::graphql::enums::Language;
use crate::service::translations::Wanted;

/// A text in one language.
#[derive(SimpleObject, Clone)]
pub struct Translation {
    /// The language.
    pub lang: Language,
    /// The text in it.
    pub text: String,
}

/// The reader's wish for a text's language: `lang` when given, else the
/// request's `Accept-Language`, else the signed-in person's language.
pub(super) fn wanted(ctx: &Context<'_>, lang: Option<Language>) -> async_graphql::Result<Wanted> {
    let accept_language = ctx
        .data_opt::<crate::graphql::http::RequestInfo>()
        .and_then(|info| info.accept_language);
    let person = match &service_cx(ctx)?.viewer {
        crate::service::Viewer::Person(p) => p.locale,
        _ => None,
    };
    Ok(Wanted {
        explicit: lang.map(Into::into),
        accept_language,
        person,
    })
}
