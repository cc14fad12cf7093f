//! UniFFI exports of the governance domain: one-line delegations to `unified_store`.

#[allow(unused_imports)]
use crate::Result;
#[allow(unused_imports)]
use unified_store as core;
#[allow(unused_imports)]
use unified_store::*;

/// Permission sets, and what a user can do. See `unified_store::Permissions`.
#[derive(uniffi::Object)]
pub struct Permissions(pub(crate) core::Permissions);

#[uniffi::export]
impl Permissions {}

/// Data-sharing consent decisions. See `unified_store::Consent`.
#[derive(uniffi::Object)]
pub struct Consent(pub(crate) core::Consent);

#[uniffi::export]
impl Consent {}

/// Telemetry, recorded only with the user's consent. See `unified_store::Telemetry`.
#[derive(uniffi::Object)]
pub struct Telemetry(pub(crate) core::Telemetry);

#[uniffi::export]
impl Telemetry {}

/// The hash-chained audit log. See `unified_store::AuditLog`.
#[derive(uniffi::Object)]
pub struct AuditLog(pub(crate) core::AuditLog);

#[uniffi::export]
impl AuditLog {}
