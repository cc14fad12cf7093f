//! Storage accounting and the quota as a JS class: one-line delegations to `unified_store`.
//! Byte counts cross as numbers (exact up to 2^53, past any quota).

use crate::convert::{Integer, JsResult, Text, arg, arg_or_default, integer, invalid, js_error, ret, text};
use crate::jobs::{JsPause, OnProgress};
use js_sys::Promise;
use tsify::Ts;
use unified_store as core;
use unified_store::*;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_futures::future_to_promise;

/// Storage usage and the quota of a store; see `unified_store::Storage`.
#[wasm_bindgen]
pub struct Storage(pub(crate) core::Storage);

#[wasm_bindgen]
impl Storage {
    /// What the store holds per category, its quota and its files' sizes.
    pub fn stats(&self) -> JsResult<Ts<StorageStats>> {
        ret(self.0.stats())
    }

    /// What workspace `workspaceId` holds.
    #[wasm_bindgen(js_name = workspaceUsage)]
    pub fn workspace_usage(
        &self,
        #[wasm_bindgen(js_name = workspaceId)] workspace_id: Text,
    ) -> JsResult<Ts<StorageStats>> {
        ret(self.0.workspace_usage(&text("workspace_id", workspace_id)?))
    }

    /// What thread `threadId` holds.
    #[wasm_bindgen(js_name = threadUsage)]
    pub fn thread_usage(&self, #[wasm_bindgen(js_name = threadId)] thread_id: Text) -> JsResult<Ts<StorageStats>> {
        ret(self.0.thread_usage(&text("thread_id", thread_id)?))
    }

    /// The quota and its budgets.
    pub fn quota(&self) -> JsResult<Ts<Quota>> {
        ret(self.0.quota())
    }

    /// Sets the quota and the budgets; a limit below what is stored now is `InvalidInput`.
    #[wasm_bindgen(js_name = setQuota)]
    pub fn set_quota(&self, quota: Ts<Quota>) -> JsResult<Ts<Quota>> {
        ret(self.0.set_quota(&arg("quota", quota)?))
    }

    /// Whether `bytes` more of `category` fit now.
    #[wasm_bindgen(js_name = canStore)]
    pub fn can_store(&self, bytes: Integer, category: Ts<StorageCategory>) -> JsResult<bool> {
        let bytes = u64::try_from(integer("bytes", bytes)?).map_err(|_| invalid("bytes", "must be 0 or more"))?;
        self.0.can_store(bytes, arg("category", category)?).map_err(js_error)
    }

    /// Runs a maintenance pass now as `policy` says (the default without it); `onProgress`
    /// gets rows done, and `false` cancels (`Cancelled`; the batches done stay done).
    #[wasm_bindgen(unchecked_return_type = "Promise<MaintenanceReport>")]
    pub fn maintain(
        &self,
        policy: Option<Ts<MaintenancePolicy>>,
        #[wasm_bindgen(js_name = onProgress)] on_progress: Option<OnProgress>,
    ) -> JsResult<Promise> {
        let (storage, policy) = (self.0.clone(), arg_or_default("policy", policy)?);
        Ok(future_to_promise(async move {
            let report = storage.maintain_stepwise(&policy, &mut JsPause::new(on_progress)).await;
            ret(report).map(JsValue::from)
        }))
    }

    /// Whether usage has reached `policy.dueAtPercent` of the quota or a budget.
    #[wasm_bindgen(js_name = maintenanceDue)]
    pub fn maintenance_due(&self, policy: Option<Ts<MaintenancePolicy>>) -> JsResult<bool> {
        self.0.maintenance_due(&arg_or_default("policy", policy)?).map_err(js_error)
    }

    /// Counts every row again and measures each category's index overhead.
    pub fn recount(&self) -> JsResult<Ts<StorageStats>> {
        ret(self.0.recount())
    }
}
