//! The billing domain as JS classes: one-line delegations to `unified_store`.

#[allow(unused_imports)]
use crate::convert::{JsResult, Text, arg, arg_or_default, js_error, ret, ret_all, text};
#[allow(unused_imports)]
use tsify::Ts;
use unified_store as core;
#[allow(unused_imports)]
use unified_store::*;
use wasm_bindgen::prelude::wasm_bindgen;

/// Subscription plans. See `unified_store::Subscriptions`.
#[wasm_bindgen]
pub struct Subscriptions(pub(crate) core::Subscriptions);

#[wasm_bindgen]
impl Subscriptions {}

/// Invoices of subscriptions. See `unified_store::Invoices`.
#[wasm_bindgen]
pub struct Invoices(pub(crate) core::Invoices);

#[wasm_bindgen]
impl Invoices {}
