//! The primitives an app needs beside the store, as JS functions: one-line delegations.

use crate::convert::{JsResult, Text, arg_or_none, js_error, text};
use tsify::Ts;
use unified_store::KdfParams;
use wasm_bindgen::prelude::wasm_bindgen;

/// Secure random bytes as URL-safe base64 (8 to 1024 bytes): a session id, an invite code.
#[wasm_bindgen(js_name = randomToken)]
pub fn random_token(bytes: u32) -> JsResult<String> {
    unified_store::random_token(bytes).map_err(js_error)
}

/// A password hashed with Argon2id and a random salt, as a PHC string.
#[wasm_bindgen(js_name = hashPassword)]
pub fn hash_password(password: Text, params: Option<Ts<KdfParams>>) -> JsResult<String> {
    unified_store::hash_password(&text("password", password)?, arg_or_none("params", params)?).map_err(js_error)
}

/// Whether a password is the one a PHC hash was made of.
#[wasm_bindgen(js_name = verifyPassword)]
pub fn verify_password(password: Text, hash: Text) -> JsResult<bool> {
    unified_store::verify_password(&text("password", password)?, &text("hash", hash)?).map_err(js_error)
}
