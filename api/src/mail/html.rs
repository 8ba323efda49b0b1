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

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
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
