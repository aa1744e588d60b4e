//! Secrets: password hashing (Argon2id), random tokens, token digests and constant-time
//! comparison.
//!
//! Session ids, CSRF tokens and API tokens are 32 random bytes from the OS, written as
//! 64 hex digits. Only their SHA-256 digest is stored, so a copy of the database does not
//! let anyone log in. CSRF tokens are compared with [`constant_time_eq`].

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::config::PasswordCost;

/// Prefix of API tokens, so a leaked one is recognisable in logs and by secret scanners.
pub const API_TOKEN_PREFIX: &str = "ddk_";

fn argon2(cost: PasswordCost) -> Argon2<'static> {
    let params = match cost {
        // OWASP: m = 19 MiB, t = 2, p = 1.
        PasswordCost::Production => Params::default(),
        PasswordCost::Test => Params::new(Params::MIN_M_COST.max(64), 1, 1, None).unwrap_or_else(|_| Params::default()),
    };
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password with Argon2id and a fresh random salt (PHC string format).
pub fn hash_password(password: &str, cost: PasswordCost) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    argon2(cost)
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("password hashing failed: {e}"))
}

/// True when `password` matches the stored PHC hash. A malformed hash never matches.
pub fn verify_password(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// A hash of a password nobody knows, verified against when the user name is unknown so
/// that a failed log-in takes as long whether or not the user exists.
pub fn dummy_hash(cost: PasswordCost) -> String {
    hash_password(&random_token(), cost).unwrap_or_default()
}

/// 32 random bytes as 64 lowercase hex digits.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// A new API token (`ddk_` + 64 hex digits). Shown once to its owner; store its
/// [`token_digest`].
pub fn new_api_token() -> String {
    format!("{API_TOKEN_PREFIX}{}", random_token())
}

/// A readable random password for generated accounts (demo, `user add` without one):
/// 16 characters from an alphabet without look-alikes.
pub fn random_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| ALPHABET[(*b as usize) % ALPHABET.len()] as char).collect()
}

/// SHA-256 of a token, hex. Tokens are high-entropy, so a plain digest is enough (no salt,
/// no stretching) and allows lookup by digest.
pub fn token_digest(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Compares two byte strings in time that depends only on their lengths.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut diff = 0u8;
    for (x, y) in a.iter().zip(b.iter()) {
        diff |= x ^ y;
    }
    // Keep the optimiser from short-circuiting the loop.
    std::hint::black_box(diff) == 0
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 0x0f) as usize] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_roundtrip_is_argon2id() {
        let h = hash_password("mật khẩu đúng", PasswordCost::Test).expect("hash");
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("mật khẩu đúng", &h));
        assert!(!verify_password("mật khẩu sai", &h));
        assert!(!verify_password("x", "not a phc string"));
        assert!(!verify_password("x", ""));
    }

    #[test]
    fn production_cost_uses_owasp_parameters() {
        let h = hash_password("p", PasswordCost::Production).expect("hash");
        assert!(h.contains("m=19456,t=2,p=1"), "{h}");
        assert!(verify_password("p", &h));
    }

    #[test]
    fn salts_differ() {
        let a = hash_password("same", PasswordCost::Test).expect("hash");
        let b = hash_password("same", PasswordCost::Test).expect("hash");
        assert_ne!(a, b);
    }

    #[test]
    fn tokens_are_random_hex() {
        let a = random_token();
        let b = random_token();
        assert_eq!(a.len(), 64);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
        assert!(new_api_token().starts_with(API_TOKEN_PREFIX));
        assert_eq!(random_password().chars().count(), 16);
    }

    #[test]
    fn digest_is_sha256_hex() {
        assert_eq!(token_digest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn constant_time_eq_behaves_like_eq() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(constant_time_eq(b"", b""));
    }
}
