//! UniFFI exports of the identity domain: one-line delegations to `unified_store`.

#[allow(unused_imports)]
use crate::Result;
#[allow(unused_imports)]
use unified_store as core;
#[allow(unused_imports)]
use unified_store::*;

/// Users: people using the app. See `unified_store::Users`.
#[derive(uniffi::Object)]
pub struct Users(pub(crate) core::Users);

#[uniffi::export]
impl Users {}

/// Organizations and their members. See `unified_store::Organizations`.
#[derive(uniffi::Object)]
pub struct Organizations(pub(crate) core::Organizations);

#[uniffi::export]
impl Organizations {}

/// Devices users sign in from. See `unified_store::Devices`.
#[derive(uniffi::Object)]
pub struct Devices(pub(crate) core::Devices);

#[uniffi::export]
impl Devices {}

/// Per-user settings. See `unified_store::Settings`.
#[derive(uniffi::Object)]
pub struct Settings(pub(crate) core::Settings);

#[uniffi::export]
impl Settings {}
