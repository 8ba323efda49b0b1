//! Content codings of feed bodies (RFC 9110 §8.4, §12.5.3): which one a
//! client accepts, compressing a body in it, and the ETag of the body in a
//! coding. Calendar services (Google, Outlook, Apple) ask for gzip; a
//! 500-event feed of 551 KB is about a tenth of that compressed.

use std::io::Write;

use axum::http::{HeaderMap, header};

/// A content coding we send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Coding {
    /// No coding.
    Identity,
    /// `gzip` (RFC 1952).
    Gzip,
    /// `br` (RFC 7932).
    Brotli,
}

impl Coding {
    /// The `Content-Encoding` token (none for identity).
    pub fn token(self) -> Option<&'static str> {
        match self {
            Self::Identity => None,
            Self::Gzip => Some("gzip"),
            Self::Brotli => Some("br"),
        }
    }

    /// The coding to answer a request with: of brotli and gzip, the one
    /// `Accept-Encoding` weighs highest (brotli on a tie: smaller), else
    /// none. A coding given `q=0`, or not named where `*` is not either, is
    /// not accepted.
    pub fn negotiate(headers: &HeaderMap) -> Self {
        let mut named: Vec<(String, f32)> = Vec::new();
        for value in headers.get_all(header::ACCEPT_ENCODING) {
            let Ok(value) = value.to_str() else {
                continue;
            };
            for item in value.split(',') {
                let mut parts = item.split(';');
                let coding = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
                if coding.is_empty() {
                    continue;
                }
                let q = parts
                    .filter_map(|p| p.trim().strip_prefix("q=").or(p.trim().strip_prefix("Q=")))
                    .find_map(|q| q.trim().parse::<f32>().ok())
                    .map_or(1.0, |q| q.clamp(0.0, 1.0));
                named.push((coding, q));
            }
        }
        let weight = |token: &str| -> f32 {
            named
                .iter()
                .find(|(c, _)| c == token)
                .or_else(|| named.iter().find(|(c, _)| c == "*"))
                .map_or(0.0, |(_, q)| *q)
        };
        let (br, gzip) = (weight("br"), weight("gzip"));
        if br > 0.0 && br >= gzip {
            Self::Brotli
        } else if gzip > 0.0 {
            Self::Gzip
        } else {
            Self::Identity
        }
    }

    /// `body` in this coding.
    pub fn compress(self, body: &[u8]) -> std::io::Result<Vec<u8>> {
        match self {
            Self::Identity => Ok(body.to_vec()),
            Self::Gzip => {
                let mut encoder = flate2::write::GzEncoder::new(
                    Vec::with_capacity(body.len() / 6),
                    flate2::Compression::default(),
                );
                encoder.write_all(body)?;
                encoder.finish()
            }
            Self::Brotli => {
                let mut out = Vec::with_capacity(body.len() / 8);
                // Quality 6 of 11: within a few per cent of the best for a
                // feed's repetitive text, at a fraction of its time (a body
                // is compressed once per version, but on the request that
                // finds it new).
                let params = brotli::enc::BrotliEncoderParams {
                    quality: 6,
                    lgwin: 22,
                    ..Default::default()
                };
                brotli::BrotliCompress(&mut &body[..], &mut out, &params)?;
                Ok(out)
            }
        }
    }

    /// The strong ETag of a body in this coding: a body in another coding
    /// is another representation (RFC 9110 §8.8.3), so its tag differs
    /// (`"abc"` → `"abc-br"`).
    pub fn etag(self, etag: &str) -> String {
        match (self.token(), etag.strip_suffix('"')) {
            (Some(token), Some(open)) => format!("{open}-{token}\""),
            _ => etag.to_owned(),
        }
    }
}

/// The tag of the version a client's tag names, in whatever coding it got
/// it (`"abc-gzip"` → `"abc"`): a copy in any coding of a current version
/// is current.
pub fn version_tag(tag: &str) -> std::borrow::Cow<'_, str> {
    for coding in [Coding::Gzip, Coding::Brotli] {
        if let Some(token) = coding.token()
            && let Some(open) = tag.strip_suffix(&format!("-{token}\""))
        {
            return format!("{open}\"").into();
        }
    }
    tag.into()
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn accepting(value: &str) -> Coding {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).expect("header"),
        );
        Coding::negotiate(&headers)
    }

    #[test]
    fn the_coding_follows_the_weights() {
        assert_eq!(Coding::negotiate(&HeaderMap::new()), Coding::Identity);
        assert_eq!(accepting("gzip, deflate"), Coding::Gzip);
        assert_eq!(accepting("gzip, deflate, br"), Coding::Brotli);
        assert_eq!(accepting("br;q=0.5, gzip"), Coding::Gzip);
        assert_eq!(accepting("br;q=0, gzip;q=0.1"), Coding::Gzip);
        assert_eq!(accepting("*"), Coding::Brotli);
        assert_eq!(accepting("*;q=0.5, br;q=0"), Coding::Gzip);
        assert_eq!(accepting("identity"), Coding::Identity);
        assert_eq!(accepting("GZIP"), Coding::Gzip);
    }

    #[test]
    fn a_coding_has_its_own_tag_and_names_the_version() {
        assert_eq!(Coding::Gzip.etag("\"abc\""), "\"abc-gzip\"");
        assert_eq!(Coding::Identity.etag("\"abc\""), "\"abc\"");
        assert_eq!(version_tag("\"abc-br\""), "\"abc\"");
        assert_eq!(version_tag("\"abc\""), "\"abc\"");
    }

    #[test]
    fn compressed_bodies_decode_to_the_body() {
        let body = "BEGIN:VEVENT\r\nSUMMARY:Höstkonferens\r\nEND:VEVENT\r\n".repeat(200);
        let gzip = Coding::Gzip.compress(body.as_bytes()).expect("gzip");
        let mut decoded = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gzip[..]), &mut decoded)
            .expect("gunzip");
        assert_eq!(decoded, body);
        let br = Coding::Brotli.compress(body.as_bytes()).expect("br");
        let mut decoded = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut decoded).expect("unbrotli");
        assert_eq!(decoded, body.as_bytes());
        assert!(br.len() < body.len() / 10, "{} of {}", br.len(), body.len());
    }
}
