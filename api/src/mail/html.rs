//! HTML for mail: escaping, clickable http(s) links, and rich text (plain
//! text and links) as the kinds' texts and organisers' templates make it.
//! Below both [`super::template`] and [`super::custom`]; what counts as a
//! link is [`crate::text::is_http_url`], the same rule as for links
//! organisers give.

use crate::text::is_http_url;

/// A piece of rendered rich text: plain text or a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Text, shown as it is (escaped in HTML).
    Text(String),
    /// A URL, clickable in HTML.
    Link(String),
}

/// The entity for a character HTML needs escaped, `None` for the others.
fn entity(c: char) -> Option<&'static str> {
    match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        '\'' => Some("&#39;"),
        _ => None,
    }
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match entity(c) {
            Some(entity) => out.push_str(entity),
            None => out.push(c),
        }
    }
    out
}

/// askama's escaper for the mail HTML templates (`escape = "mail"`, see
/// `api/askama.toml`): every value a template writes goes through
/// [`escape`]'s rule unless the template marks it `|safe`. askama's own
/// `Html` escaper escapes the same characters but writes numeric entities
/// (`&#60;`); this one keeps the named entities mail has always had.
#[derive(Debug, Clone, Copy)]
pub struct MailHtml;

impl askama::filters::Escaper for MailHtml {
    fn write_escaped_str<W: std::fmt::Write>(&self, mut dest: W, text: &str) -> std::fmt::Result {
        let mut rest = text;
        while let Some((at, c, escaped)) = rest
            .char_indices()
            .find_map(|(at, c)| entity(c).map(|escaped| (at, c, escaped)))
        {
            dest.write_str(&rest[..at])?;
            dest.write_str(escaped)?;
            rest = &rest[at + c.len_utf8()..];
        }
        dest.write_str(rest)
    }
}

/// Escapes text for HTML, keeping its line breaks as `<br>`.
pub fn escape_lines(text: &str) -> String {
    escape(text).replace('\n', "<br>\n")
}

/// A clickable link showing its own (escaped) URL.
pub fn link_html(url: &str) -> String {
    let url = escape(url);
    format!("<a href=\"{url}\">{url}</a>")
}

/// Rich text as HTML: text escaped (line breaks kept), http(s) links clickable.
pub fn inline_html(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Text(text) => out.push_str(&escape_lines(text)),
            Inline::Link(url) if is_http_url(url) => out.push_str(&link_html(url)),
            Inline::Link(url) => out.push_str(&escape(url)),
        }
    }
    out
}
