//! Secrets handed out once (sign-in links, sessions, API tokens, manage
//! links, feed tokens): random 256-bit values with a prefix that says what
//! they are; only their SHA-256 hashes are stored. A leaf: the rules that
//! issue secrets (auth, notices, feeds) and the pages' CSRF tokens use it
//! without depending on each other.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use super::{Error, Result};

/// A fresh secret with the given prefix, and its hash.
pub fn new_secret(prefix: &str) -> Result<(String, String)> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|err| Error::Database(sea_orm::DbErr::Custom(format!("no randomness: {err}"))))?;
    let token = format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes));
    let hash = hash_secret(&token);
    Ok((token, hash))
}

/// The stored form of a secret.
pub fn hash_secret(token: &str) -> String {
    let digest = Sha256::digest(token.trim().as_bytes());
    let mut out = String::with_capacity(64);
    for byte in digest {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_and_hashed() {
        let (a, hash_a) = new_secret("tps_").expect("secret");
        let (b, _) = new_secret("tps_").expect("secret");
        assert_ne!(a, b);
        assert!(a.starts_with("tps_") && a.len() > 40);
        assert_eq!(hash_a.len(), 64);
        assert_eq!(hash_secret(&a), hash_a);
        assert_ne!(hash_secret(&b), hash_a);
    }
}
