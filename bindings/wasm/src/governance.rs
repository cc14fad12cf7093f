//! The governance domain as JS classes: one-line delegations to `unified_store`.

#[allow(unused_imports)]
use crate::convert::{JsResult, Text, arg, arg_or_default, js_error, ret, ret_all, text};
#[allow(unused_imports)]
use tsify::Ts;
use unified_store as core;
#[allow(unused_imports)]
use unified_store::*;
use wasm_bindgen::prelude::wasm_bindgen;

/// Permission sets, and what a user can do. See `unified_store::Permissions`.
#[wasm_bindgen]
pub struct Permissions(pub(crate) core::Permissions);

#[wasm_bindgen]
impl Permissions {}

/// Data-sharing consent decisions. See `unified_store::Consent`.
#[wasm_bindgen]
pub struct Consent(pub(crate) core::Consent);

#[wasm_bindgen]
impl Consent {}

/// Telemetry, recorded only with the user's consent. See `unified_store::Telemetry`.
#[wasm_bindgen]
pub struct Telemetry(pub(crate) core::Telemetry);

#[wasm_bindgen]
impl Telemetry {}

/// The hash-chained audit log. See `unified_store::AuditLog`.
#[wasm_bindgen]
pub struct AuditLog(pub(crate) core::AuditLog);

#[wasm_bindgen]
impl AuditLog {}
