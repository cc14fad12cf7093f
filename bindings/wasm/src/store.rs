//! The store as a JS class, and the door to each domain's class. Every method is a one-line delegation
//! to the core crate; only `Store.open` adds a step, installing the OPFS VFS for a path.

use crate::ai::{Flows, Interactions, ProviderConfigs};
use crate::billing::{Invoices, Subscriptions};
use crate::content::{Attachments, Documents, Messages, Projects, Threads, Workspaces};
use crate::convert::{JsResult, Text, arg, js_error, text};
use crate::governance::{AuditLog, Consent, Permissions, Telemetry};
use crate::identity::{Devices, Organizations, Settings, Users};
use crate::opfs;
use tsify::Ts;
use unified_store as core;
use unified_store::StoreConfig;
use wasm_bindgen::prelude::wasm_bindgen;

/// An open store; see `unified_store::Store`.
#[wasm_bindgen]
pub struct Store(core::Store);

#[wasm_bindgen]
impl Store {
    /// Opens (creating if needed) and migrates the store described by `config`. A `path` is
    /// a file in the origin private file system: that needs a dedicated worker.
    pub async fn open(config: Ts<StoreConfig>) -> JsResult<Store> {
        let config = arg("config", config)?;
        // Refuse a bad path before installing OPFS, which only works in a dedicated worker.
        config.check().map_err(js_error)?;
        if config.path.is_some() {
            opfs::pool().await.map_err(js_error)?;
        }
        core::Store::open(&config).map(Self).map_err(js_error)
    }

    /// Opens a private store in memory.
    #[wasm_bindgen(js_name = openInMemory)]
    pub fn open_in_memory() -> JsResult<Store> {
        core::Store::open_in_memory().map(Self).map_err(js_error)
    }

    /// This store acting as user `userId`: its mutating calls are checked against that
    /// user's roles and permission sets.
    #[wasm_bindgen(js_name = actingAs)]
    pub fn acting_as(&self, #[wasm_bindgen(js_name = userId)] user_id: Text) -> JsResult<Store> {
        self.0.acting_as(&text("user_id", user_id)?).map(Self).map_err(js_error)
    }

    /// The user this store acts as, if any.
    pub fn caller(&self) -> Option<String> {
        self.0.caller()
    }

    /// Users: people using the app.
    pub fn users(&self) -> Users {
        Users(self.0.users())
    }

    /// Organizations and their members.
    pub fn organizations(&self) -> Organizations {
        Organizations(self.0.organizations())
    }

    /// Devices users sign in from.
    pub fn devices(&self) -> Devices {
        Devices(self.0.devices())
    }

    /// Per-user settings.
    pub fn settings(&self) -> Settings {
        Settings(self.0.settings())
    }

    /// Workspaces: the top-level containers, and their members.
    pub fn workspaces(&self) -> Workspaces {
        Workspaces(self.0.workspaces())
    }

    /// Projects inside workspaces.
    pub fn projects(&self) -> Projects {
        Projects(self.0.projects())
    }

    /// Documents, and search over them.
    pub fn documents(&self) -> Documents {
        Documents(self.0.documents())
    }

    /// Threads: conversations inside a workspace.
    pub fn threads(&self) -> Threads {
        Threads(self.0.threads())
    }

    /// Messages of threads, and search over them.
    pub fn messages(&self) -> Messages {
        Messages(self.0.messages())
    }

    /// Attachment metadata of messages.
    pub fn attachments(&self) -> Attachments {
        Attachments(self.0.attachments())
    }

    /// AI provider configurations.
    pub fn providers(&self) -> ProviderConfigs {
        ProviderConfigs(self.0.providers())
    }

    /// The ledger of AI calls, with cost and token queries.
    pub fn interactions(&self) -> Interactions {
        Interactions(self.0.interactions())
    }

    /// Orchestration flows and their step results.
    pub fn flows(&self) -> Flows {
        Flows(self.0.flows())
    }

    /// Permission sets, and what a user can do.
    pub fn permissions(&self) -> Permissions {
        Permissions(self.0.permissions())
    }

    /// Data-sharing consent decisions.
    pub fn consent(&self) -> Consent {
        Consent(self.0.consent())
    }

    /// Telemetry, recorded only with the user's consent.
    pub fn telemetry(&self) -> Telemetry {
        Telemetry(self.0.telemetry())
    }

    /// The hash-chained audit log.
    pub fn audit(&self) -> AuditLog {
        AuditLog(self.0.audit())
    }

    /// Subscription plans.
    pub fn subscriptions(&self) -> Subscriptions {
        Subscriptions(self.0.subscriptions())
    }

    /// Invoices of subscriptions.
    pub fn invoices(&self) -> Invoices {
        Invoices(self.0.invoices())
    }

    /// Whether the store was opened with a key.
    #[wasm_bindgen(js_name = hasKey)]
    pub fn has_key(&self) -> bool {
        self.0.has_key()
    }

    /// The schema version of the open store.
    #[wasm_bindgen(js_name = schemaVersion)]
    pub fn schema_version(&self) -> JsResult<u32> {
        self.0.schema_version().map_err(js_error)
    }

    /// Closes the store and its acting-as views; later calls fail with `Storage`. Closing a
    /// view does nothing (it does not own the connection).
    pub fn close(&self) -> JsResult<()> {
        self.0.close().map_err(js_error)
    }
}
