//! UniFFI exports of the primitives an app needs beside the store: one-line delegations.

use crate::Result;
use unified_store::KdfParams;

/// Secure random bytes as URL-safe base64 (8 to 1024 bytes): a session id, an invite code.
#[uniffi::export]
pub fn random_token(bytes: u32) -> Result<String> {
    unified_store::random_token(bytes)
}

/// A password hashed with Argon2id and a random salt, as a PHC string.
#[uniffi::export(default(params = None))]
pub fn hash_password(password: String, params: Option<KdfParams>) -> Result<String> {
    unified_store::hash_password(&password, params)
}

/// Whether a password is the one a PHC hash was made of.
#[uniffi::export]
pub fn verify_password(password: String, hash: String) -> Result<bool> {
    unified_store::verify_password(&password, &hash)
}
