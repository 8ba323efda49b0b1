//! Text rules used on every path: folding å ä ö ø æ for slugs and search
//! keys, and what counts as a web link.

/// Whether `value` is an absolute http(s) URL with a host: the one rule for
/// links organisers give (join links, pages) and for what mail makes
/// clickable. The scheme is matched without regard to case; whitespace,
/// control characters and credentials (`user@host`) are refused.
pub fn is_http_url(value: &str) -> bool {
    let scheme_end = match value.find("://") {
        Some(end) => end,
        None => return false,
    };
    let scheme = &value[..scheme_end];
    if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
        return false;
    }
    let rest = &value[scheme_end + 3..];
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    !host.is_empty()
        && !host.contains('@')
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Folds a string to lower-case ASCII where a Nordic or common accented letter
/// has an obvious ASCII spelling (å→a, ä→a, ö→o, ø→o, æ→ae, é→e, ü→u …). Other
/// characters are kept as they are (lower-cased).
pub fn fold(input: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    let mut out = String::with_capacity(input.len());
    // Composed first, so "o" + U+0308 folds as "ö" does; marks that compose
    // with nothing are dropped.
    for ch in input
        .nfc()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
    {
        match ch {
            'å' | 'ä' | 'à' | 'á' | 'â' | 'ã' => out.push('a'),
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' | 'õ' => out.push('o'),
            'æ' => out.push_str("ae"),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'ü' | 'ú' | 'ù' | 'û' => out.push('u'),
            'í' | 'ì' | 'î' | 'ï' => out.push('i'),
            'ç' => out.push('c'),
            'ñ' => out.push('n'),
            'ß' => out.push_str("ss"),
            _ => out.push(ch),
        }
    }
    out
}

/// Longest slug we derive or accept.
pub const SLUG_MAX: usize = 80;

/// Derives a URL slug: folded, ASCII letters and digits, words joined by `-`.
/// "Socialchefsnätverket" → `socialchefsnatverket`.
pub fn slugify(input: &str) -> String {
    let mut slug = String::with_capacity(input.len());
    let mut pending_dash = false;
    for ch in fold(input).chars() {
        if ch.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(ch);
        } else {
            pending_dash = true;
        }
        if slug.len() >= SLUG_MAX {
            break;
        }
    }
    slug.truncate(SLUG_MAX);
    slug.trim_end_matches('-').to_owned()
}

/// Whether `slug` is already in canonical slug form.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty() && slug.len() <= SLUG_MAX && slugify(slug) == slug
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
pub fn like_escape(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for ch in input.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_links() {
        assert!(is_http_url("https://meet.webex.com/meet/abc?x=1"));
        assert!(is_http_url("HTTPS://Example.se/a"));
        assert!(is_http_url("http://localhost:8080"));
        assert!(!is_http_url("javascript:alert(1)"));
        assert!(!is_http_url("ftp://x"));
        assert!(!is_http_url("https://"));
        assert!(!is_http_url("https://a b"));
        assert!(!is_http_url(" https://a.se"));
        assert!(!is_http_url("https://user@evil.example/"));
    }

    #[test]
    fn slugs_fold_nordic_letters() {
        assert_eq!(slugify("Socialchefsnätverket"), "socialchefsnatverket");
        assert_eq!(
            slugify("Nätverket för äldreomsorgschefer och hälso- och sjukvårdschefer"),
            "natverket-for-aldreomsorgschefer-och-halso-och-sjukvardschefer"
        );
        assert_eq!(
            slugify("Senteret for et aldersvennlig Norge"),
            "senteret-for-et-aldersvennlig-norge"
        );
        assert_eq!(slugify("Bærum Østfold Ålesund"), "baerum-ostfold-alesund");
        assert_eq!(
            slugify("  --Branschråd  äldreomsorg!! "),
            "branschrad-aldreomsorg"
        );
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn slugs_are_bounded() {
        let long = "å".repeat(500);
        assert!(slugify(&long).len() <= SLUG_MAX);
        assert!(is_valid_slug("gr-socialchefer"));
        assert!(!is_valid_slug("GR"));
        assert!(!is_valid_slug("a--b"));
    }

    #[test]
    fn like_patterns_are_escaped() {
        assert_eq!(like_escape("50%_a\\"), "50\\%\\_a\\\\");
    }
}
