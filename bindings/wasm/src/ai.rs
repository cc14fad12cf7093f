//! The ai domain as JS classes: one-line delegations to `unified_store`.

#[allow(unused_imports)]
use crate::convert::{JsResult, Text, arg, arg_or_default, js_error, ret, ret_all, text};
#[allow(unused_imports)]
use tsify::Ts;
use unified_store as core;
#[allow(unused_imports)]
use unified_store::*;
use wasm_bindgen::prelude::wasm_bindgen;

/// AI provider configurations. See `unified_store::ProviderConfigs`.
#[wasm_bindgen]
pub struct ProviderConfigs(pub(crate) core::ProviderConfigs);

#[wasm_bindgen]
impl ProviderConfigs {}

/// The ledger of AI calls, with cost and token queries. See `unified_store::Interactions`.
#[wasm_bindgen]
pub struct Interactions(pub(crate) core::Interactions);

#[wasm_bindgen]
impl Interactions {}

/// Orchestration flows and their step results. See `unified_store::Flows`.
#[wasm_bindgen]
pub struct Flows(pub(crate) core::Flows);

#[wasm_bindgen]
impl Flows {}
