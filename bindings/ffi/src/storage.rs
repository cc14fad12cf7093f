//! UniFFI exports of storage accounting and the quota: one-line delegations to `unified_store`.

use crate::Result;
use crate::progress::{Listener, ProgressListener};
use std::sync::Arc;
use unified_store as core;
use unified_store::*;

/// Storage usage and the quota of a store; see `unified_store::Storage`.
#[derive(uniffi::Object)]
pub struct Storage(pub(crate) core::Storage);

#[uniffi::export]
impl Storage {
    /// What the store holds per category, its quota and its files' sizes.
    pub fn stats(&self) -> Result<StorageStats> {
        self.0.stats()
    }

    /// What workspace `workspace_id` holds.
    pub fn workspace_usage(&self, workspace_id: String) -> Result<StorageStats> {
        self.0.workspace_usage(&workspace_id)
    }

    /// What thread `thread_id` holds.
    pub fn thread_usage(&self, thread_id: String) -> Result<StorageStats> {
        self.0.thread_usage(&thread_id)
    }

    /// The quota and its budgets.
    pub fn quota(&self) -> Result<Quota> {
        self.0.quota()
    }

    /// Sets the quota and the budgets; a limit below what is stored now is `InvalidInput`.
    pub fn set_quota(&self, quota: Quota) -> Result<Quota> {
        self.0.set_quota(&quota)
    }

    /// Whether `bytes` more of `category` fit now.
    pub fn can_store(&self, bytes: u64, category: StorageCategory) -> Result<bool> {
        self.0.can_store(bytes, category)
    }

    /// Runs a maintenance pass now as `policy` says; `progress` gets rows done and may cancel.
    #[uniffi::method(default(progress = None))]
    pub fn maintain(
        &self,
        policy: MaintenancePolicy,
        progress: Option<Arc<dyn ProgressListener>>,
    ) -> Result<MaintenanceReport> {
        self.0.maintain(&policy, &Listener(progress))
    }

    /// Whether usage has reached `policy.due_at_percent` of the quota or a budget.
    pub fn maintenance_due(&self, policy: MaintenancePolicy) -> Result<bool> {
        self.0.maintenance_due(&policy)
    }

    /// Counts every row again and measures each category's index overhead.
    pub fn recount(&self) -> Result<StorageStats> {
        self.0.recount()
    }
}
