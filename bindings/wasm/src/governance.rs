//! The governance domain as JS classes: one-line delegations to `unified_store`.

use crate::convert::{JsResult, Text, arg, arg_or_default, js_error, ret, ret_all, ret_some, text};
use tsify::Ts;
use unified_store as core;
use unified_store::*;
use wasm_bindgen::prelude::wasm_bindgen;

/// Permission sets, and what a user can do. See `unified_store::Permissions`.
#[wasm_bindgen]
pub struct Permissions(pub(crate) core::Permissions);

#[wasm_bindgen]
impl Permissions {
    /// Grants actions on a resource to one user or to a role; needs `manage` on the resource.
    pub fn grant(&self, grant: Ts<NewPermissionSet>) -> JsResult<Ts<PermissionSet>> {
        ret(self.0.grant(&arg("grant", grant)?))
    }

    /// The permission set `id`.
    pub fn get(&self, id: Text) -> JsResult<Ts<PermissionSet>> {
        ret(self.0.get(&text("id", id)?))
    }

    /// Permission sets granted on exactly this resource, newest first (the first 50 without
    /// `page`).
    pub fn list(&self, resource: Ts<ResourceRef>, page: Option<Ts<PageRequest>>) -> JsResult<Vec<Ts<PermissionSet>>> {
        ret_all(self.0.list(&arg("resource", resource)?, &arg_or_default("page", page)?))
    }

    /// Permission sets granted to a user, newest first (the first 50 without `page`).
    #[wasm_bindgen(js_name = listForUser)]
    pub fn list_for_user(
        &self,
        #[wasm_bindgen(js_name = userId)] user_id: Text,
        page: Option<Ts<PageRequest>>,
    ) -> JsResult<Vec<Ts<PermissionSet>>> {
        ret_all(self.0.list_for_user(&text("user_id", user_id)?, &arg_or_default("page", page)?))
    }

    /// Changes the actions of a permission set.
    pub fn update(&self, id: Text, patch: Ts<PermissionSetPatch>) -> JsResult<Ts<PermissionSet>> {
        ret(self.0.update(&text("id", id)?, &arg("patch", patch)?))
    }

    /// Removes a permission set for good.
    pub fn revoke(&self, id: Text) -> JsResult<()> {
        self.0.revoke(&text("id", id)?).map_err(js_error)
    }

    /// Whether a user may do an action on a resource.
    pub fn can(
        &self,
        #[wasm_bindgen(js_name = userId)] user_id: Text,
        action: Ts<Action>,
        resource: Ts<ResourceRef>,
    ) -> JsResult<bool> {
        self.0.can(&text("user_id", user_id)?, arg("action", action)?, &arg("resource", resource)?).map_err(js_error)
    }

    /// `can` with its reasons: the user's role and the permission set that allowed it.
    pub fn explain(
        &self,
        #[wasm_bindgen(js_name = userId)] user_id: Text,
        action: Ts<Action>,
        resource: Ts<ResourceRef>,
    ) -> JsResult<Ts<AccessDecision>> {
        ret(self.0.explain(&text("user_id", user_id)?, arg("action", action)?, &arg("resource", resource)?))
    }
}

/// Data-sharing consent decisions. See `unified_store::Consent`.
#[wasm_bindgen]
pub struct Consent(pub(crate) core::Consent);

#[wasm_bindgen]
impl Consent {
    /// Records a consent decision; it is in force at once and the history is kept.
    pub fn set(&self, consent: Ts<NewConsent>) -> JsResult<Ts<DataSharingPolicy>> {
        ret(self.0.set(&arg("consent", consent)?))
    }

    /// The decision `id`.
    pub fn get(&self, id: Text) -> JsResult<Ts<DataSharingPolicy>> {
        ret(self.0.get(&text("id", id)?))
    }

    /// The decision in force for a user and scope; `undefined` when never decided (not
    /// granted).
    pub fn current(
        &self,
        #[wasm_bindgen(js_name = userId)] user_id: Text,
        scope: Ts<ConsentScope>,
    ) -> JsResult<Option<Ts<DataSharingPolicy>>> {
        ret_some(self.0.current(&text("user_id", user_id)?, arg("scope", scope)?))
    }

    /// Whether a user has granted a scope now.
    #[wasm_bindgen(js_name = isGranted)]
    pub fn is_granted(
        &self,
        #[wasm_bindgen(js_name = userId)] user_id: Text,
        scope: Ts<ConsentScope>,
    ) -> JsResult<bool> {
        self.0.is_granted(&text("user_id", user_id)?, arg("scope", scope)?).map_err(js_error)
    }

    /// The decisions in force for a user, one per scope decided.
    #[wasm_bindgen(js_name = listCurrent)]
    pub fn list_current(
        &self,
        #[wasm_bindgen(js_name = userId)] user_id: Text,
    ) -> JsResult<Vec<Ts<DataSharingPolicy>>> {
        ret_all(self.0.list_current(&text("user_id", user_id)?))
    }

    /// Every decision of a user, newest first (the first 50 without `page`).
    pub fn history(
        &self,
        #[wasm_bindgen(js_name = userId)] user_id: Text,
        page: Option<Ts<PageRequest>>,
    ) -> JsResult<Vec<Ts<DataSharingPolicy>>> {
        ret_all(self.0.history(&text("user_id", user_id)?, &arg_or_default("page", page)?))
    }
}

/// Telemetry, recorded only with the user's consent. See `unified_store::Telemetry`.
#[wasm_bindgen]
pub struct Telemetry(pub(crate) core::Telemetry);

#[wasm_bindgen]
impl Telemetry {
    /// Records an event if its user's telemetry consent is granted, else counts it dropped.
    pub fn record(&self, event: Ts<NewTelemetryEvent>) -> JsResult<Ts<TelemetryOutcome>> {
        ret(self.0.record(&arg("event", event)?))
    }

    /// The event `id`.
    pub fn get(&self, id: Text) -> JsResult<Ts<TelemetryEvent>> {
        ret(self.0.get(&text("id", id)?))
    }

    /// Recorded events of a user, newest first (the first 50 without `page`).
    pub fn list(
        &self,
        #[wasm_bindgen(js_name = userId)] user_id: Text,
        page: Option<Ts<PageRequest>>,
    ) -> JsResult<Vec<Ts<TelemetryEvent>>> {
        ret_all(self.0.list(&text("user_id", user_id)?, &arg_or_default("page", page)?))
    }

    /// How many events of a user were dropped for want of consent (a number).
    #[wasm_bindgen(js_name = droppedCount)]
    pub fn dropped_count(&self, #[wasm_bindgen(js_name = userId)] user_id: Text) -> JsResult<f64> {
        self.0.dropped_count(&text("user_id", user_id)?).map(|count| count as f64).map_err(js_error)
    }

    /// Deletes an event for good.
    pub fn delete(&self, id: Text) -> JsResult<()> {
        self.0.delete(&text("id", id)?).map_err(js_error)
    }

    /// Deletes every recorded event of a user; returns how many there were (a number).
    pub fn clear(&self, #[wasm_bindgen(js_name = userId)] user_id: Text) -> JsResult<f64> {
        self.0.clear(&text("user_id", user_id)?).map(|count| count as f64).map_err(js_error)
    }
}

/// The hash-chained audit log. See `unified_store::AuditLog`.
#[wasm_bindgen]
pub struct AuditLog(pub(crate) core::AuditLog);

#[wasm_bindgen]
impl AuditLog {
    /// The entry `id`.
    pub fn get(&self, id: Text) -> JsResult<Ts<AuditEntry>> {
        ret(self.0.get(&text("id", id)?))
    }

    /// Entries matching a filter (all without one), newest first (the first 50 without
    /// `page`).
    pub fn list(
        &self,
        filter: Option<Ts<AuditFilter>>,
        page: Option<Ts<PageRequest>>,
    ) -> JsResult<Vec<Ts<AuditEntry>>> {
        ret_all(self.0.list(&arg_or_default("filter", filter)?, &arg_or_default("page", page)?))
    }

    /// Checks the whole chain and names the first entry edited, removed or moved.
    pub fn verify(&self) -> JsResult<Ts<AuditVerification>> {
        ret(self.0.verify())
    }
}
