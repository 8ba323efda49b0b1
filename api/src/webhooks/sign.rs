//! Signing per the Standard Webhooks specification
//! (<https://www.standardwebhooks.com>): the secret is `whsec_` + base64 of
//! random bytes, and a message is signed as
//! `v1,` + base64(HMAC-SHA256(secret, "{id}.{timestamp}.{body}")).
//! HMAC is a dozen lines over `sha2` (RFC 2104), which saves a dependency;
//! the tests check it against the specification's reference library.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

const PREFIX: &str = "whsec_";
const BLOCK: usize = 64;

/// A fresh secret: `whsec_` and 32 random bytes in base64. `None` when the
/// system has no randomness to give.
pub fn new_secret() -> Option<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).ok()?;
    Some(format!("{PREFIX}{}", STANDARD.encode(bytes)))
}

fn hmac_sha256(key: &[u8], message: &[&[u8]]) -> [u8; 32] {
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(block.map(|b| b ^ 0x36));
    for part in message {
        inner.update(part);
    }
    let inner = inner.finalize();
    let mut outer = Sha256::new();
    outer.update(block.map(|b| b ^ 0x5c));
    outer.update(inner);
    outer.finalize().into()
}

/// The signature (`v1,<base64>`) of a message by `secret` (`whsec_…`, or
/// the bare base64); `None` when the secret is not base64.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &str) -> Option<String> {
    let key = STANDARD
        .decode(secret.strip_prefix(PREFIX).unwrap_or(secret))
        .ok()?;
    let timestamp = timestamp.to_string();
    let mac = hmac_sha256(
        &key,
        &[
            id.as_bytes(),
            b".",
            timestamp.as_bytes(),
            b".",
            body.as_bytes(),
        ],
    );
    Some(format!("v1,{}", STANDARD.encode(mac)))
}

/// The `webhook-signature` header: a signature per secret, space-separated
/// (during a rotation's overlap both the new and the previous secret sign).
pub fn signatures<'a>(
    secrets: impl IntoIterator<Item = &'a str>,
    id: &str,
    timestamp: i64,
    body: &str,
) -> Option<String> {
    let all: Vec<String> = secrets
        .into_iter()
        .filter_map(|secret| sign(secret, id, timestamp, body))
        .collect();
    (!all.is_empty()).then(|| all.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4231, test case 2.
    #[test]
    fn hmac_matches_rfc_4231() {
        let mac = hmac_sha256(b"Jefe", &[b"what do ya want ", b"for nothing?"]);
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    /// The example of the Standard Webhooks reference libraries.
    #[test]
    fn signs_like_the_reference() {
        let signature = sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1_614_265_330,
            r#"{"test": 2432232314}"#,
        );
        assert_eq!(
            signature.as_deref(),
            Some("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        );
    }

    #[test]
    fn a_new_secret_has_the_prefix_and_signs() {
        let secret = new_secret().expect("randomness");
        assert!(secret.starts_with("whsec_"));
        assert!(sign(&secret, "msg", 1, "{}").is_some());
        assert_eq!(sign("whsec_not base64!", "msg", 1, "{}"), None);
    }
}
