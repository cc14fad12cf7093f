//! UniFFI exports of the governance domain: one-line delegations to `unified_store`.

use crate::Result;
use unified_store as core;
use unified_store::*;

/// Permission sets, and what a user can do. See `unified_store::Permissions`.
#[derive(uniffi::Object)]
pub struct Permissions(pub(crate) core::Permissions);

#[uniffi::export]
impl Permissions {
    /// Grants actions on a resource to one user or to a role; needs `manage` on the resource.
    pub fn grant(&self, grant: NewPermissionSet) -> Result<PermissionSet> {
        self.0.grant(&grant)
    }

    /// The permission set `id`.
    pub fn get(&self, id: String) -> Result<PermissionSet> {
        self.0.get(&id)
    }

    /// Permission sets granted on exactly this resource, newest first.
    pub fn list(&self, resource: ResourceRef, page: PageRequest) -> Result<Vec<PermissionSet>> {
        self.0.list(&resource, &page)
    }

    /// Permission sets granted to a user, newest first.
    pub fn list_for_user(&self, user_id: String, page: PageRequest) -> Result<Vec<PermissionSet>> {
        self.0.list_for_user(&user_id, &page)
    }

    /// Changes the actions of a permission set.
    pub fn update(&self, id: String, patch: PermissionSetPatch) -> Result<PermissionSet> {
        self.0.update(&id, &patch)
    }

    /// Removes a permission set for good.
    pub fn revoke(&self, id: String) -> Result<()> {
        self.0.revoke(&id)
    }

    /// Whether a user may do an action on a resource.
    pub fn can(&self, user_id: String, action: Action, resource: ResourceRef) -> Result<bool> {
        self.0.can(&user_id, action, &resource)
    }

    /// `can` with its reasons: the user's role and the permission set that allowed it.
    pub fn explain(&self, user_id: String, action: Action, resource: ResourceRef) -> Result<AccessDecision> {
        self.0.explain(&user_id, action, &resource)
    }
}

/// Data-sharing consent decisions. See `unified_store::Consent`.
#[derive(uniffi::Object)]
pub struct Consent(pub(crate) core::Consent);

#[uniffi::export]
impl Consent {
    /// Records a consent decision; it is in force at once and the history is kept.
    pub fn set(&self, consent: NewConsent) -> Result<DataSharingPolicy> {
        self.0.set(&consent)
    }

    /// The decision `id`.
    pub fn get(&self, id: String) -> Result<DataSharingPolicy> {
        self.0.get(&id)
    }

    /// The decision in force for a user and scope; `null` when never decided (not granted).
    pub fn current(&self, user_id: String, scope: ConsentScope) -> Result<Option<DataSharingPolicy>> {
        self.0.current(&user_id, scope)
    }

    /// Whether a user has granted a scope now.
    pub fn is_granted(&self, user_id: String, scope: ConsentScope) -> Result<bool> {
        self.0.is_granted(&user_id, scope)
    }

    /// The decisions in force for a user, one per scope decided.
    pub fn list_current(&self, user_id: String) -> Result<Vec<DataSharingPolicy>> {
        self.0.list_current(&user_id)
    }

    /// Every decision of a user, newest first.
    pub fn history(&self, user_id: String, page: PageRequest) -> Result<Vec<DataSharingPolicy>> {
        self.0.history(&user_id, &page)
    }
}

/// Telemetry, recorded only with the user's consent. See `unified_store::Telemetry`.
#[derive(uniffi::Object)]
pub struct Telemetry(pub(crate) core::Telemetry);

#[uniffi::export]
impl Telemetry {
    /// Records an event if its user's telemetry consent is granted, else counts it dropped.
    pub fn record(&self, event: NewTelemetryEvent) -> Result<TelemetryOutcome> {
        self.0.record(&event)
    }

    /// The event `id`.
    pub fn get(&self, id: String) -> Result<TelemetryEvent> {
        self.0.get(&id)
    }

    /// Recorded events of a user, newest first.
    pub fn list(&self, user_id: String, page: PageRequest) -> Result<Vec<TelemetryEvent>> {
        self.0.list(&user_id, &page)
    }

    /// How many events of a user were dropped for want of consent.
    pub fn dropped_count(&self, user_id: String) -> Result<u64> {
        self.0.dropped_count(&user_id)
    }

    /// Deletes an event for good.
    pub fn delete(&self, id: String) -> Result<()> {
        self.0.delete(&id)
    }

    /// Deletes every recorded event of a user; returns how many there were.
    pub fn clear(&self, user_id: String) -> Result<u64> {
        self.0.clear(&user_id)
    }
}

/// The hash-chained audit log. See `unified_store::AuditLog`.
#[derive(uniffi::Object)]
pub struct AuditLog(pub(crate) core::AuditLog);

#[uniffi::export]
impl AuditLog {
    /// The entry `id`.
    pub fn get(&self, id: String) -> Result<AuditEntry> {
        self.0.get(&id)
    }

    /// Entries matching a filter, newest first.
    pub fn list(&self, filter: AuditFilter, page: PageRequest) -> Result<Vec<AuditEntry>> {
        self.0.list(&filter, &page)
    }

    /// Checks the whole chain and names the first entry edited, removed or moved.
    pub fn verify(&self) -> Result<AuditVerification> {
        self.0.verify()
    }
}
