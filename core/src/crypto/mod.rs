//! Encryption at rest, and the few primitives an app needs beside it.
//!
//! - `keys`: 32-byte keys zeroed on drop, the KEK an app gives (raw or a passphrase through
//!   Argon2id), keys wrapped under the KEK with AES-256-GCM.
//! - `keyring`: a store's key file, beside it, replaced atomically.
//! - `unlock`: a store's keys at open, before its file is touched.
//! - `envelope`: the versioned envelope a secret field is sealed in, bound to its row.
//! - [`random_token`], [`hash_password`], [`verify_password`]: public helpers.

pub(crate) mod envelope;
pub(crate) mod held;
pub(crate) mod keyring;
pub(crate) mod keys;
pub(crate) mod unlock;

use crate::error::{Error, StoreError};
use crate::model::KdfParams;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use base64ct::{Base64UrlUnpadded, Encoding};

/// Most random bytes one token may hold.
const TOKEN_MAX_BYTES: u32 = 1024;

/// `bytes` secure random bytes (8 to 1024) as URL-safe base64 without padding: a session
/// id, a CSRF token, an invitation code.
pub fn random_token(bytes: u32) -> Result<String, StoreError> {
    if !(8..=TOKEN_MAX_BYTES).contains(&bytes) {
        return Err(Error::invalid("bytes", format!("must be 8 to {TOKEN_MAX_BYTES}")).into());
    }
    let mut buffer = vec![0u8; bytes as usize];
    keys::fill_random(&mut buffer)?;
    Ok(Base64UrlUnpadded::encode_string(&buffer))
}

/// `password` hashed with Argon2id and a random salt, as a PHC string
/// (`$argon2id$v=19$m=19456,t=2,p=1$…`) that records its own parameters, for
/// [`verify_password`]. `params` defaults to [`KdfParams::DEFAULT`].
pub fn hash_password(password: &str, params: Option<KdfParams>) -> Result<String, StoreError> {
    check_password(password)?;
    let params = params.unwrap_or(KdfParams::DEFAULT);
    keys::check_kdf(&params)?;
    let argon = argon2::Argon2::new(
        argon2::Algorithm::Argon2id,
        argon2::Version::V0x13,
        argon2::Params::new(params.memory_kib, params.iterations, params.parallelism, None)
            .map_err(|error| Error::invalid("kdf", format!("Argon2id cannot use these parameters: {error}")))?,
    );
    let mut salt = [0u8; 16];
    keys::fill_random(&mut salt)?;
    let hash =
        argon.hash_password_with_salt(password.as_bytes(), &salt).map_err(|error| Error::Crypto(error.to_string()))?;
    Ok(hash.to_string())
}

/// A password `hash_password` and `verify_password` take: not empty, not huge.
fn check_password(password: &str) -> Result<(), StoreError> {
    if password.is_empty() {
        return Err(Error::invalid("password", "must not be empty").into());
    }
    if password.len() > crate::limits::PASSPHRASE_MAX_BYTES {
        let reason = format!("is at most {} bytes", crate::limits::PASSPHRASE_MAX_BYTES);
        return Err(Error::invalid("password", reason).into());
    }
    Ok(())
}

/// Whether `password` is the one `hash` (from [`hash_password`]) was made of. A `hash` that is
/// not an Argon2 PHC string is `InvalidInput` on `hash`.
pub fn verify_password(password: &str, hash: &str) -> Result<bool, StoreError> {
    let parsed =
        PasswordHash::new(hash).map_err(|error| Error::invalid("hash", format!("is not a PHC string: {error}")))?;
    if !parsed.algorithm.as_str().starts_with("argon2") {
        return Err(Error::invalid("hash", "is not an Argon2 hash").into());
    }
    check_password(password)?;
    // The hash names its own cost: bounded like ours, so a hostile hash cannot make this
    // call allocate gigabytes or run for hours.
    let params = argon2::Params::try_from(&parsed)
        .map_err(|error| Error::invalid("hash", format!("has parameters Argon2 cannot use: {error}")))?;
    let cost = KdfParams { memory_kib: params.m_cost(), iterations: params.t_cost(), parallelism: params.p_cost() };
    keys::check_kdf(&cost).map_err(|error| Error::invalid("hash", error.to_string()))?;
    Ok(argon2::Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_against_their_own_hash_only() {
        let hash = hash_password("hunter2", Some(KdfParams::INSECURE_FOR_TESTS)).unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=8,t=1,p=1$"), "{hash}");
        assert!(verify_password("hunter2", &hash).unwrap());
        assert!(!verify_password("hunter3", &hash).unwrap());
        assert_ne!(hash, hash_password("hunter2", Some(KdfParams::INSECURE_FOR_TESTS)).unwrap(), "salted");
        assert!(matches!(verify_password("x", "plain text"), Err(StoreError::InvalidInput { .. })));
        assert!(matches!(hash_password("", None), Err(StoreError::InvalidInput { .. })));
    }

    /// Costs a caller or a stored hash could name, each refused before Argon2 allocates or
    /// runs: found by the hostile suite, where `iterations: 4294967295` ran for hours.
    #[test]
    fn hostile_argon2_costs_are_refused_at_once() {
        let costly = [
            KdfParams { iterations: u32::MAX, ..KdfParams::INSECURE_FOR_TESTS },
            KdfParams { memory_kib: u32::MAX, ..KdfParams::INSECURE_FOR_TESTS },
            KdfParams { parallelism: u32::MAX, ..KdfParams::INSECURE_FOR_TESTS },
            KdfParams { memory_kib: 0, ..KdfParams::INSECURE_FOR_TESTS },
        ];
        for params in costly {
            let refused = hash_password("pw", Some(params));
            assert!(
                matches!(refused, Err(StoreError::InvalidInput { ref field, .. }) if field == "kdf"),
                "{refused:?}"
            );
        }
        let hash = hash_password("pw", Some(KdfParams::INSECURE_FOR_TESTS)).unwrap();
        for tampered in [hash.replace("t=1", "t=4294967295"), hash.replace("m=8", "m=4194304")] {
            let refused = verify_password("pw", &tampered);
            assert!(
                matches!(refused, Err(StoreError::InvalidInput { ref field, .. }) if field == "hash"),
                "{refused:?}"
            );
        }
        let long = "x".repeat(crate::limits::PASSPHRASE_MAX_BYTES + 1);
        assert!(matches!(hash_password(&long, None), Err(StoreError::InvalidInput { .. })));
    }

    #[test]
    fn tokens_are_random_and_sized() {
        let token = random_token(32).unwrap();
        assert_eq!(token.len(), 43, "32 bytes in unpadded base64");
        assert_ne!(token, random_token(32).unwrap());
        assert!(token.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert!(random_token(7).is_err() && random_token(1025).is_err());
    }
}
