//! What every page form needs: a CSRF token and the submitted fields.
//!
//! CSRF protection is a double-submit cookie: a page with a form sets a random
//! token in a cookie (`HttpOnly`, `SameSite=Strict`, and with `Secure` and the
//! `__Host-` prefix when `PUBLIC_URL` is https, so no sibling subdomain can
//! plant one) and writes the same token into a hidden field; a POST is taken
//! only when both are present and equal. Another site can make a browser send
//! the cookie (not with `SameSite=Strict`) but can read neither the cookie nor
//! the page, so it cannot fill the field. Nothing is stored on the server, so
//! any server process accepts the form.

use axum::http::{HeaderMap, HeaderValue, header};

use crate::service::secrets::new_secret;

/// The hidden field that carries the token.
pub const CSRF_FIELD: &str = "csrf";

/// The cookie's name (`__Host-` needs `Secure`, so only over https).
fn cookie_name(secure: bool) -> &'static str {
    if secure { "__Host-tp_csrf" } else { "tp_csrf" }
}

/// The CSRF token of a page with a form.
#[derive(Debug, Clone)]
pub struct Csrf {
    /// The token for the hidden field.
    pub token: String,
    /// The cookie to set, when the request did not carry one.
    pub set_cookie: Option<HeaderValue>,
}

impl Csrf {
    /// The request's token if it has one, else a new one with its cookie.
    pub fn for_page(headers: &HeaderMap, secure: bool) -> Option<Self> {
        if let Some(token) = read_cookie(headers, cookie_name(secure)) {
            return Some(Self {
                token,
                set_cookie: None,
            });
        }
        let (token, _) = new_secret("").ok()?;
        let attributes = if secure {
            "; Path=/; HttpOnly; SameSite=Strict; Secure"
        } else {
            "; Path=/; HttpOnly; SameSite=Strict"
        };
        let set_cookie =
            HeaderValue::from_str(&format!("{}={token}{attributes}", cookie_name(secure))).ok()?;
        Some(Self {
            token,
            set_cookie: Some(set_cookie),
        })
    }
}

/// Whether a submitted form carries the token of the request's cookie.
pub fn csrf_ok(headers: &HeaderMap, secure: bool, form: &Form) -> bool {
    match (
        read_cookie(headers, cookie_name(secure)),
        form.get(CSRF_FIELD),
    ) {
        (Some(cookie), Some(field)) => constant_time_eq(cookie.as_bytes(), field.as_bytes()),
        _ => false,
    }
}

/// A cookie's value, if it looks like one of our tokens.
pub(super) fn read_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.to_owned())
        .filter(|v| {
            (20..=100).contains(&v.len())
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A submitted `application/x-www-form-urlencoded` body; a name may repeat
/// (checkboxes).
#[derive(Debug, Default)]
pub struct Form(Vec<(String, String)>);

impl Form {
    /// Reads a body.
    pub fn parse(body: &[u8]) -> Self {
        Self(form_urlencoded::parse(body).into_owned().collect())
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of `name`, trimmed; `""` when absent.
    pub fn text(&self, name: &str) -> String {
        self.get(name).unwrap_or_default().trim().to_owned()
    }

    /// Every value of `name`.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_must_match_the_cookie() {
        let mut headers = HeaderMap::new();
        let token = "abcdefghijklmnopqrstuvwxyz012345";
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("other=1; tp_csrf={token}")).expect("header"),
        );
        let good = Form::parse(format!("csrf={token}&name=x").as_bytes());
        let bad = Form::parse(b"csrf=abcdefghijklmnopqrstuvwxyz012346");
        assert!(csrf_ok(&headers, false, &good));
        assert!(!csrf_ok(&headers, false, &bad));
        assert!(!csrf_ok(&headers, false, &Form::default()));
        assert!(!csrf_ok(&HeaderMap::new(), false, &good));
        // Over https only the __Host- cookie counts.
        assert!(!csrf_ok(&headers, true, &good));
    }

    #[test]
    fn a_page_reuses_the_cookie_or_sets_one() {
        let fresh = Csrf::for_page(&HeaderMap::new(), true).expect("token");
        let cookie = fresh.set_cookie.expect("cookie");
        let cookie = cookie.to_str().expect("ascii");
        assert!(cookie.starts_with("__Host-tp_csrf="));
        assert!(cookie.contains("Secure") && cookie.contains("SameSite=Strict"));
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("tp_csrf={}", fresh.token)).expect("header"),
        );
        let again = Csrf::for_page(&headers, false).expect("token");
        assert_eq!(again.token, fresh.token);
        assert!(again.set_cookie.is_none());
    }

    #[test]
    fn repeated_names_are_kept() {
        let form = Form::parse("q=a&q=b%20c&name=%C3%85sa+%C3%96".as_bytes());
        assert_eq!(form.all("q"), ["a", "b c"]);
        assert_eq!(form.text("name"), "Åsa Ö");
    }
}
