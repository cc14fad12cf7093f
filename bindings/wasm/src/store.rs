//! The store as a JS class, and the door to each domain's class. Every method is a one-line delegation
//! to the core crate; only `Store.open` adds a step, installing the OPFS VFS for a path.

use crate::ai::{Flows, Interactions, ProviderConfigs};
use crate::billing::{Invoices, Subscriptions};
use crate::content::{Attachments, Documents, Messages, Projects, Threads, Workspaces};
use crate::convert::{Bytes, JsResult, Key, Text, arg, arg_or_none, bytes, js_error, store_key, text};
use crate::governance::{AuditLog, Consent, Permissions, Telemetry};
use crate::identity::{Devices, Organizations, Settings, Users};
use crate::jobs::{JsPause, OnProgress};
use crate::opfs;
use crate::storage::Storage;
use crate::vectors::Embeddings;
use js_sys::Promise;
use tsify::Ts;
use unified_store as core;
use unified_store::{KdfParams, StoreConfig};
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_futures::future_to_promise;

/// An open store; see `unified_store::Store`.
#[wasm_bindgen]
pub struct Store(pub(crate) core::Store);

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
        let store = core::Store::open(&config).map_err(js_error)?;
        // What a crash left of attachment files: files no row names.
        store.attachments().collect_files(true).await.map_err(js_error)?;
        Ok(Self(store))
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
        Users(self.0.users(), self.0.attachments())
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

    /// Embedding vectors of messages, documents and attachments, and semantic search.
    pub fn embeddings(&self) -> Embeddings {
        Embeddings(self.0.embeddings())
    }

    /// Storage usage per category, workspace and thread, and the quota.
    pub fn storage(&self) -> Storage {
        Storage(self.0.storage())
    }

    /// Whether the store was opened with a key.
    #[wasm_bindgen(js_name = hasKey)]
    pub fn has_key(&self) -> bool {
        self.0.has_key()
    }

    /// Makes `key` (32 bytes or a passphrase, stretched with `kdf`) the key this store opens
    /// with; nothing but its key file is rewritten.
    #[wasm_bindgen(js_name = changeKey)]
    pub fn change_key(&self, key: Key, kdf: Option<Ts<KdfParams>>) -> JsResult<()> {
        self.0.change_key(&store_key("key", key)?, arg_or_none("kdf", kdf)?).map_err(js_error)
    }

    /// Rewrites every page under a fresh data key; `onProgress(done, total)` returning
    /// `false` cancels (`Cancelled`, the store as it was).
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn rekey(&self, #[wasm_bindgen(js_name = onProgress)] on_progress: Option<OnProgress>) -> Promise {
        let store = self.0.clone();
        done(async move { store.rekey_stepwise(&mut JsPause::new(on_progress)).await })
    }

    /// Encrypts this plaintext file store where it is under `key` (and `kdf` for a
    /// passphrase); progress and cancelling as for `rekey`.
    #[wasm_bindgen(js_name = encryptInPlace, unchecked_return_type = "Promise<void>")]
    pub fn encrypt_in_place(
        &self,
        key: Key,
        kdf: Option<Ts<KdfParams>>,
        #[wasm_bindgen(js_name = onProgress)] on_progress: Option<OnProgress>,
    ) -> JsResult<Promise> {
        let (store, key, kdf) = (self.0.clone(), store_key("key", key)?, arg_or_none("kdf", kdf)?);
        Ok(done(async move { store.encrypt_in_place_stepwise(&key, kdf, &mut JsPause::new(on_progress)).await }))
    }

    /// Decrypts this encrypted file store where it is and deletes its key file; progress and
    /// cancelling as for `rekey`.
    #[wasm_bindgen(js_name = decryptInPlace, unchecked_return_type = "Promise<void>")]
    pub fn decrypt_in_place(&self, #[wasm_bindgen(js_name = onProgress)] on_progress: Option<OnProgress>) -> Promise {
        let store = self.0.clone();
        done(async move { store.decrypt_in_place_stepwise(&mut JsPause::new(on_progress)).await })
    }

    /// The keys provider secrets are sealed with, wrapped under `wrapping`.
    #[wasm_bindgen(js_name = exportSecretsKeys)]
    pub fn export_secrets_keys(&self, wrapping: Key) -> JsResult<Vec<u8>> {
        self.0.export_secrets_keys(&store_key("wrapping", wrapping)?).map_err(js_error)
    }

    /// Adds the secrets keys of `exported`, opened with `wrapping`; returns how many were new.
    #[wasm_bindgen(js_name = importSecretsKeys)]
    pub fn import_secrets_keys(&self, exported: Bytes, wrapping: Key) -> JsResult<u32> {
        self.0.import_secrets_keys(&bytes("exported", exported)?, &store_key("wrapping", wrapping)?).map_err(js_error)
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

/// A long call as a JS promise: `undefined` when it ends, its error through [`js_error`].
fn done(call: impl std::future::Future<Output = Result<(), unified_store::StoreError>> + 'static) -> Promise {
    future_to_promise(async move { call.await.map(|()| JsValue::UNDEFINED).map_err(js_error) })
}
