//! UniFFI exports of the ai domain: one-line delegations to `unified_store`.

#[allow(unused_imports)]
use crate::Result;
#[allow(unused_imports)]
use unified_store as core;
#[allow(unused_imports)]
use unified_store::*;

/// AI provider configurations. See `unified_store::ProviderConfigs`.
#[derive(uniffi::Object)]
pub struct ProviderConfigs(pub(crate) core::ProviderConfigs);

#[uniffi::export]
impl ProviderConfigs {}

/// The ledger of AI calls, with cost and token queries. See `unified_store::Interactions`.
#[derive(uniffi::Object)]
pub struct Interactions(pub(crate) core::Interactions);

#[uniffi::export]
impl Interactions {}

/// Orchestration flows and their step results. See `unified_store::Flows`.
#[derive(uniffi::Object)]
pub struct Flows(pub(crate) core::Flows);

#[uniffi::export]
impl Flows {}
