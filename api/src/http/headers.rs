//! Security headers, set on every response in one layer (never per handler):
//!
//! - every response: `X-Content-Type-Options: nosniff` (a feed or a CSV is
//!   never run as a script or shown as HTML), `X-Frame-Options: DENY`,
//!   `Referrer-Policy: no-referrer` (manage and sign-in links carry secret
//!   tokens in their URLs: no referrer at all), and
//!   `Strict-Transport-Security` when `PUBLIC_URL` is https;
//! - HTML (`text/html`): a strict `Content-Security-Policy` — the pages'
//!   own stylesheet and scripts from this origin only (the console's small
//!   script, which fetches JSON from this origin), nothing inline, forms
//!   only to this origin, never in a frame. GraphiQL (`GET /graphql`) gets its own
//!   policy: its inline script and style by their SHA-256 hashes, computed
//!   at start-up from the HTML it serves, and its scripts and styles from
//!   the one CDN it loads them from;
//! - everything else: `default-src 'none'`, so that a response opened as a
//!   document loads nothing.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

/// The policy of the participant pages and every other HTML page: the
/// stylesheet and scripts from this origin only (never inline; the
/// console's progressive enhancement, which reads JSON from here), forms
/// posted here only.
pub const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; \
     base-uri 'none'";

/// The policy of everything that is not HTML (JSON, feeds, CSV, CSS).
pub const OTHER_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// The CDN GraphiQL loads React, its script and its stylesheet from.
const GRAPHIQL_CDN: &str = "https://unpkg.com";

/// HSTS for a year once a browser has seen the server over https. No
/// `includeSubDomains`: other hosts under the same domain are not ours.
const HSTS: &str = "max-age=31536000";

/// The path GraphiQL is served at (the HTML answer of `GET /graphql`).
const GRAPHIQL_PATH: &str = "/graphql";

/// The headers, worked out once at start-up.
#[derive(Debug, Clone)]
pub struct SecurityHeaders {
    page_csp: HeaderValue,
    graphiql_csp: HeaderValue,
    other_csp: HeaderValue,
    hsts: Option<HeaderValue>,
}

impl SecurityHeaders {
    /// The headers for a server whose GraphiQL page is `graphiql_html` and
    /// whose public address is `public_url` (https turns HSTS on).
    pub fn new(graphiql_html: &str, public_url: &str) -> Self {
        Self {
            page_csp: HeaderValue::from_static(PAGE_CSP),
            graphiql_csp: header_value(&graphiql_csp(graphiql_html)),
            other_csp: HeaderValue::from_static(OTHER_CSP),
            hsts: public_url
                .to_ascii_lowercase()
                .starts_with("https://")
                .then(|| HeaderValue::from_static(HSTS)),
        }
    }

    fn apply(&self, headers: &mut HeaderMap, graphiql: bool) {
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
        if let Some(hsts) = &self.hsts {
            headers.insert(header::STRICT_TRANSPORT_SECURITY, hsts.clone());
        }
        let html = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("text/html"));
        let csp = match (html, graphiql) {
            (true, true) => &self.graphiql_csp,
            (true, false) => &self.page_csp,
            (false, _) => &self.other_csp,
        };
        headers.insert(header::CONTENT_SECURITY_POLICY, csp.clone());
    }
}

/// A header value of a policy we built; a policy that could not be one
/// (it cannot happen: hashes are base64) falls back to refusing everything.
fn header_value(policy: &str) -> HeaderValue {
    HeaderValue::from_str(policy).unwrap_or_else(|_| HeaderValue::from_static(OTHER_CSP))
}

/// The middleware: sets the headers on the response of every request.
pub async fn set(
    State(headers): State<Arc<SecurityHeaders>>,
    request: Request,
    next: Next,
) -> Response {
    let graphiql = request.uri().path() == GRAPHIQL_PATH;
    let mut response = next.run(request).await;
    headers.apply(response.headers_mut(), graphiql);
    response
}

/// GraphiQL's policy: its inline blocks by hash, the CDN for the rest,
/// requests to this origin only.
fn graphiql_csp(html: &str) -> String {
    let hashes = |tag: &str| {
        inline_blocks(html, tag)
            .into_iter()
            .map(|block| format!(" '{}'", csp_hash(block)))
            .collect::<String>()
    };
    format!(
        "default-src 'none'; script-src{scripts} {GRAPHIQL_CDN}; \
         style-src{styles} {GRAPHIQL_CDN}; font-src {GRAPHIQL_CDN} data:; \
         img-src 'self' data: https://graphql.org; connect-src 'self'; \
         form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        scripts = hashes("script"),
        styles = hashes("style"),
    )
}

/// The CSP source of an inline block: `sha256-` and the base64 digest.
fn csp_hash(block: &str) -> String {
    format!(
        "sha256-{}",
        STANDARD.encode(Sha256::digest(block.as_bytes()))
    )
}

/// The contents of the inline `<tag>` elements of `html` (those without a
/// `src`), exactly as a browser hashes them.
fn inline_blocks<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut blocks = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        let after_name = &rest[start + open.len()..];
        // `<scripts>` or `<style-x>` are other elements.
        if !after_name.starts_with(|c: char| c == '>' || c.is_ascii_whitespace()) {
            rest = after_name;
            continue;
        }
        let Some(tag_end) = after_name.find('>') else {
            break;
        };
        let attributes = &after_name[..tag_end];
        let body = &after_name[tag_end + 1..];
        let Some(end) = body.find(&close) else {
            break;
        };
        if !attributes.contains("src=") {
            blocks.push(&body[..end]);
        }
        rest = &body[end + close.len()..];
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_those_browsers_compute() {
        // `echo -n 'alert(1)' | openssl sha256 -binary | base64`
        assert_eq!(
            csp_hash("alert(1)"),
            "sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI="
        );
    }

    #[test]
    fn only_inline_blocks_are_hashed() {
        let html = "<style>\n a {}\n</style><script src=\"https://unpkg.com/x.js\"></script>\
                    <script>one()</script><scripts></scripts><script type=\"module\">two()</script>";
        assert_eq!(inline_blocks(html, "style"), ["\n a {}\n"]);
        assert_eq!(inline_blocks(html, "script"), ["one()", "two()"]);
    }

    #[test]
    fn graphiql_gets_hashes_of_its_own_html() {
        let html = crate::graphql::graphiql_html();
        let policy = graphiql_csp(&html);
        for block in inline_blocks(&html, "script")
            .into_iter()
            .chain(inline_blocks(&html, "style"))
        {
            assert!(policy.contains(&csp_hash(block)), "{policy}");
        }
        assert!(!policy.contains("unsafe-inline"), "{policy}");
        assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    }

    #[test]
    fn pages_run_only_scripts_of_this_origin_and_nothing_inline() {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
        SecurityHeaders::new("", "http://localhost:8080").apply(&mut headers, false);
        let policy = headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .expect("ascii");
        assert_eq!(policy, PAGE_CSP);
        for directive in [
            "default-src 'none'",
            "script-src 'self';",
            "style-src 'self';",
            "connect-src 'self';",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
        ] {
            assert!(policy.contains(directive), "{directive} in {policy}");
        }
        assert!(!policy.contains("unsafe-"), "{policy}");
        assert!(!policy.contains("http"), "no other origin: {policy}");
    }

    #[test]
    fn hsts_only_over_https() {
        let mut headers = HeaderMap::new();
        SecurityHeaders::new("", "http://localhost:8080").apply(&mut headers, false);
        assert!(!headers.contains_key(header::STRICT_TRANSPORT_SECURITY));
        let mut headers = HeaderMap::new();
        SecurityHeaders::new("", "https://traffpunkt.example.se").apply(&mut headers, false);
        assert_eq!(headers[header::STRICT_TRANSPORT_SECURITY], HSTS);
        assert_eq!(headers[header::CONTENT_SECURITY_POLICY], OTHER_CSP);
    }
}
