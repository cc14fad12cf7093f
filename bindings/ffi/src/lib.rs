//! UniFFI exports of unified-store for Swift, Kotlin and Python. Every method is a one-line
//! delegation to the core crate: records and the error type come from core already derived,
//! so nothing here is redefined and no logic lives here.

use progress::{Listener, ProgressListener};
use std::sync::Arc;
use unified_store as core;
use unified_store::{KdfParams, StoreConfig, StoreError, StoreKey};

mod ai;
mod billing;
mod content;
mod crypto;
mod governance;
mod identity;
mod import;
mod progress;
mod storage;
mod vectors;

use ai::{Flows, Interactions, ProviderConfigs};
use billing::{Invoices, Subscriptions};
use content::{Attachments, Documents, Messages, Projects, Threads, Workspaces};
use governance::{AuditLog, Consent, Permissions, Telemetry};
use identity::{Devices, Organizations, Settings, Users};
use storage::Storage;
use vectors::Embeddings;

uniffi::setup_scaffolding!();

pub(crate) type Result<T> = std::result::Result<T, StoreError>;

/// An open store; see `unified_store::Store`.
#[derive(uniffi::Object)]
pub struct Store(core::Store);

#[uniffi::export]
impl Store {
    /// Opens (creating if needed) and migrates the store described by `config`.
    #[uniffi::constructor]
    pub fn open(config: StoreConfig) -> Result<Arc<Self>> {
        core::Store::open(&config).map(|store| Arc::new(Self(store)))
    }

    /// Opens a private store in memory.
    #[uniffi::constructor]
    pub fn open_in_memory() -> Result<Arc<Self>> {
        core::Store::open_in_memory().map(|store| Arc::new(Self(store)))
    }

    /// This store acting as user `user_id`: its mutating calls are checked against that
    /// user's roles and permission sets.
    pub fn acting_as(&self, user_id: String) -> Result<Arc<Store>> {
        self.0.acting_as(&user_id).map(|store| Arc::new(Self(store)))
    }

    /// The user this store acts as, if any.
    pub fn caller(&self) -> Option<String> {
        self.0.caller()
    }

    /// Users: people using the app.
    pub fn users(&self) -> Arc<Users> {
        Arc::new(Users(self.0.users()))
    }

    /// Organizations and their members.
    pub fn organizations(&self) -> Arc<Organizations> {
        Arc::new(Organizations(self.0.organizations()))
    }

    /// Devices users sign in from.
    pub fn devices(&self) -> Arc<Devices> {
        Arc::new(Devices(self.0.devices()))
    }

    /// Per-user settings.
    pub fn settings(&self) -> Arc<Settings> {
        Arc::new(Settings(self.0.settings()))
    }

    /// Workspaces: the top-level containers, and their members.
    pub fn workspaces(&self) -> Arc<Workspaces> {
        Arc::new(Workspaces(self.0.workspaces()))
    }

    /// Projects inside workspaces.
    pub fn projects(&self) -> Arc<Projects> {
        Arc::new(Projects(self.0.projects()))
    }

    /// Documents, and search over them.
    pub fn documents(&self) -> Arc<Documents> {
        Arc::new(Documents(self.0.documents()))
    }

    /// Threads: conversations inside a workspace.
    pub fn threads(&self) -> Arc<Threads> {
        Arc::new(Threads(self.0.threads()))
    }

    /// Messages of threads, and search over them.
    pub fn messages(&self) -> Arc<Messages> {
        Arc::new(Messages(self.0.messages()))
    }

    /// Attachment metadata of messages.
    pub fn attachments(&self) -> Arc<Attachments> {
        Arc::new(Attachments(self.0.attachments()))
    }

    /// AI provider configurations.
    pub fn providers(&self) -> Arc<ProviderConfigs> {
        Arc::new(ProviderConfigs(self.0.providers()))
    }

    /// The ledger of AI calls, with cost and token queries.
    pub fn interactions(&self) -> Arc<Interactions> {
        Arc::new(Interactions(self.0.interactions()))
    }

    /// Orchestration flows and their step results.
    pub fn flows(&self) -> Arc<Flows> {
        Arc::new(Flows(self.0.flows()))
    }

    /// Permission sets, and what a user can do.
    pub fn permissions(&self) -> Arc<Permissions> {
        Arc::new(Permissions(self.0.permissions()))
    }

    /// Data-sharing consent decisions.
    pub fn consent(&self) -> Arc<Consent> {
        Arc::new(Consent(self.0.consent()))
    }

    /// Telemetry, recorded only with the user's consent.
    pub fn telemetry(&self) -> Arc<Telemetry> {
        Arc::new(Telemetry(self.0.telemetry()))
    }

    /// The hash-chained audit log.
    pub fn audit(&self) -> Arc<AuditLog> {
        Arc::new(AuditLog(self.0.audit()))
    }

    /// Subscription plans.
    pub fn subscriptions(&self) -> Arc<Subscriptions> {
        Arc::new(Subscriptions(self.0.subscriptions()))
    }

    /// Invoices of subscriptions.
    pub fn invoices(&self) -> Arc<Invoices> {
        Arc::new(Invoices(self.0.invoices()))
    }

    /// Embedding vectors of messages, documents and attachments, and semantic search.
    pub fn embeddings(&self) -> Arc<Embeddings> {
        Arc::new(Embeddings(self.0.embeddings()))
    }

    /// Storage usage per category, workspace and thread, and the quota.
    pub fn storage(&self) -> Arc<Storage> {
        Arc::new(Storage(self.0.storage()))
    }

    /// Whether the store was opened with a key.
    pub fn has_key(&self) -> bool {
        self.0.has_key()
    }

    /// Makes `new` the key this store opens with, rewriting only its key file; `kdf`
    /// stretches a new passphrase (`None` for the default).
    #[uniffi::method(default(kdf = None))]
    pub fn change_key(&self, new: StoreKey, kdf: Option<KdfParams>) -> Result<()> {
        self.0.change_key(&new, kdf)
    }

    /// Rewrites every page under a fresh data key, reporting to `progress`, which can cancel.
    #[uniffi::method(default(progress = None))]
    pub fn rekey(&self, progress: Option<Arc<dyn ProgressListener>>) -> Result<()> {
        self.0.rekey(&Listener(progress))
    }

    /// Encrypts this plaintext file store where it is; from then on it opens only with `key`.
    #[uniffi::method(default(kdf = None, progress = None))]
    pub fn encrypt_in_place(
        &self,
        key: StoreKey,
        kdf: Option<KdfParams>,
        progress: Option<Arc<dyn ProgressListener>>,
    ) -> Result<()> {
        self.0.encrypt_in_place(&key, kdf, &Listener(progress))
    }

    /// Decrypts this encrypted file store where it is and deletes its key file.
    #[uniffi::method(default(progress = None))]
    pub fn decrypt_in_place(&self, progress: Option<Arc<dyn ProgressListener>>) -> Result<()> {
        self.0.decrypt_in_place(&Listener(progress))
    }

    /// The keys provider secrets are sealed with, wrapped under `wrapping`, for
    /// `import_secrets_keys` on another device.
    pub fn export_secrets_keys(&self, wrapping: StoreKey) -> Result<Vec<u8>> {
        self.0.export_secrets_keys(&wrapping)
    }

    /// Adds the secrets keys of `exported`, opened with `wrapping`; returns how many were new.
    pub fn import_secrets_keys(&self, exported: Vec<u8>, wrapping: StoreKey) -> Result<u32> {
        self.0.import_secrets_keys(&exported, &wrapping)
    }

    /// The schema version of the open store.
    pub fn schema_version(&self) -> Result<u32> {
        self.0.schema_version()
    }

    /// Closes the store and its acting-as views; later calls fail with `Storage`. Closing a
    /// view does nothing (it does not own the connection).
    pub fn close(&self) -> Result<()> {
        self.0.close()
    }
}
