//! The languages Träffpunkt writes (mail, pages, CSV), and how one is chosen
//! for a recipient: the registration's or person's preference, else the
//! network's default, else Swedish.

use std::fmt;

/// A language Träffpunkt writes mail in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Locale {
    /// Swedish (`sv`), the default.
    #[default]
    Sv,
    /// Norwegian Bokmål (`nb`).
    Nb,
    /// English (`en`).
    En,
}

impl Locale {
    /// Every supported locale.
    pub const ALL: [Locale; 3] = [Locale::Sv, Locale::Nb, Locale::En];

    /// Reads a language tag (`sv`, `sv-SE`, `nb_NO`, `no`, `nn`, `en-GB` …);
    /// `None` for a language we do not write. Norwegian in any form gets
    /// Bokmål, the written standard most Norwegian municipalities use.
    pub fn parse(tag: &str) -> Option<Self> {
        let primary = tag
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "sv" => Some(Self::Sv),
            "nb" | "no" | "nn" => Some(Self::Nb),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    /// The language's name in itself ("Norsk bokmål"), for language
    /// choices and headings.
    pub fn name(self) -> &'static str {
        match self {
            Self::Sv => "Svenska",
            Self::Nb => "Norsk bokmål",
            Self::En => "English",
        }
    }

    /// The language tag, as stored and as written in `lang` attributes.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sv => "sv",
            Self::Nb => "nb",
            Self::En => "en",
        }
    }

    /// The recipient's preference (the registration's language, else the
    /// person's) if we write it, else the network's default if we write
    /// that, else Swedish.
    pub fn choose(person: Option<&str>, network: Option<&str>) -> Self {
        person
            .and_then(Self::parse)
            .or_else(|| network.and_then(Self::parse))
            .unwrap_or_default()
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The language of a page: `?lang=` when it names one we write, else the
/// first language of `Accept-Language` (by quality) we write, else Swedish.
/// (A page that belongs to a network uses the network's language instead of
/// Swedish: `PageRequest::in_network`.)
pub fn negotiate(query: Option<&str>, accept_language: Option<&str>) -> Locale {
    query
        .and_then(Locale::parse)
        .or_else(|| self::accept_language(accept_language))
        .unwrap_or_default()
}

/// The first language of an `Accept-Language` header (by quality) we write;
/// `None` without the header or when it names none of ours.
pub fn accept_language(accept_language: Option<&str>) -> Option<Locale> {
    let mut offered: Vec<(Locale, u16)> = accept_language
        .unwrap_or_default()
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';');
            let locale = Locale::parse(parts.next()?)?;
            let quality =
                parts
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(Some(1000), |q| {
                        q.trim()
                            .parse::<f32>()
                            .ok()
                            .map(|q| (q.clamp(0.0, 1.0) * 1000.0) as u16)
                    })?;
            (quality > 0).then_some((locale, quality))
        })
        .collect();
    // A stable sort keeps the header's order among equal qualities.
    offered.sort_by_key(|&(_, quality)| std::cmp::Reverse(quality));
    offered.first().map(|(l, _)| *l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_read_leniently() {
        assert_eq!(Locale::parse("sv-SE"), Some(Locale::Sv));
        assert_eq!(Locale::parse(" NB_no "), Some(Locale::Nb));
        assert_eq!(Locale::parse("no"), Some(Locale::Nb));
        assert_eq!(Locale::parse("nn"), Some(Locale::Nb));
        assert_eq!(Locale::parse("en-GB"), Some(Locale::En));
        assert_eq!(Locale::parse("fi"), None);
        assert_eq!(Locale::parse(""), None);
    }

    #[test]
    fn person_before_network_before_swedish() {
        assert_eq!(Locale::choose(Some("en"), Some("nb")), Locale::En);
        assert_eq!(Locale::choose(None, Some("nb")), Locale::Nb);
        assert_eq!(Locale::choose(Some("fi"), Some("nb")), Locale::Nb);
        assert_eq!(Locale::choose(Some("fi"), Some("de")), Locale::Sv);
        assert_eq!(Locale::choose(None, None), Locale::Sv);
    }

    #[test]
    fn the_query_wins_over_the_header() {
        assert_eq!(negotiate(Some("en"), Some("nb")), Locale::En);
        assert_eq!(negotiate(Some("xx"), Some("nb-NO")), Locale::Nb);
    }

    #[test]
    fn the_header_is_read_by_quality() {
        assert_eq!(negotiate(None, Some("de, en;q=0.5, nb;q=0.8")), Locale::Nb);
        assert_eq!(negotiate(None, Some("en-GB,en;q=0.9")), Locale::En);
        assert_eq!(negotiate(None, Some("nn")), Locale::Nb);
        assert_eq!(negotiate(None, Some("sv;q=0, de")), Locale::Sv);
    }

    #[test]
    fn swedish_is_the_default() {
        assert_eq!(negotiate(None, None), Locale::Sv);
        assert_eq!(negotiate(None, Some("fr, de;q=0.7")), Locale::Sv);
        assert_eq!(negotiate(None, Some("garbage;q=x")), Locale::Sv);
    }
}
