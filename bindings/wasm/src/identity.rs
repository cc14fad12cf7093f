//! The identity domain as JS classes: one-line delegations to `unified_store`.

#[allow(unused_imports)]
use crate::convert::{JsResult, Text, arg, arg_or_default, js_error, ret, ret_all, text};
#[allow(unused_imports)]
use tsify::Ts;
use unified_store as core;
#[allow(unused_imports)]
use unified_store::*;
use wasm_bindgen::prelude::wasm_bindgen;

/// Users: people using the app. See `unified_store::Users`.
#[wasm_bindgen]
pub struct Users(pub(crate) core::Users);

#[wasm_bindgen]
impl Users {}

/// Organizations and their members. See `unified_store::Organizations`.
#[wasm_bindgen]
pub struct Organizations(pub(crate) core::Organizations);

#[wasm_bindgen]
impl Organizations {}

/// Devices users sign in from. See `unified_store::Devices`.
#[wasm_bindgen]
pub struct Devices(pub(crate) core::Devices);

#[wasm_bindgen]
impl Devices {}

/// Per-user settings. See `unified_store::Settings`.
#[wasm_bindgen]
pub struct Settings(pub(crate) core::Settings);

#[wasm_bindgen]
impl Settings {}
