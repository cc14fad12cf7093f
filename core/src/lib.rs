//! unified-store: the on-device data layer of an AI-assistant app.
//!
//! One [`Store`] per database file (or in memory), opened and migrated in one step, with a
//! handle per domain: identity ([`Store::users`], [`Store::organizations`], …), content
//! ([`Store::workspaces`], [`Store::threads`], [`Store::messages`], …), AI providers
//! ([`Store::providers`], [`Store::interactions`], [`Store::flows`]), governance
//! ([`Store::permissions`], [`Store::consent`], [`Store::telemetry`], [`Store::audit`]) and
//! billing ([`Store::subscriptions`], [`Store::invoices`]). Every call returns
//! [`StoreError`], whose variants a caller can act on.
//!
//! ```
//! use unified_store::{MessageRole, NewUser, NewWorkspace, PageRequest, SearchQuery, Store};
//!
//! let store = Store::open_in_memory()?;
//! let ada = store.users().create(&NewUser::new("ada@example.com", "Ada"))?;
//! let workspace = store.workspaces().create(&NewWorkspace::for_user("Research", &ada.id))?;
//! let thread = store.threads().create(&workspace.id, "Rust FFI")?;
//! store.messages().append(&thread.id, MessageRole::User, "How do I bind Rust to Kotlin?")?;
//! let hits = store.messages().search(&SearchQuery::words("kotlin"))?;
//! assert_eq!(hits.len(), 1);
//! assert_eq!(store.messages().list(&thread.id, &PageRequest::first(10))?.len(), 1);
//! # Ok::<(), unified_store::StoreError>(())
//! ```

//! The cost ledger, and who may do what:
//!
//! ```
//! use unified_store::*;
//!
//! let store = Store::open_in_memory()?;
//! let ada = store.users().create(&NewUser::new("ada@example.com", "Ada"))?;
//! let bob = store.users().create(&NewUser::new("bob@example.com", "Bob"))?;
//! let workspace = store.workspaces().create(&NewWorkspace::for_user("Research", &ada.id))?;
//! store.workspaces().add_member(&workspace.id, &bob.id, Role::Viewer)?;
//!
//! let call = NewInteraction { workspace_id: Some(workspace.id.clone()), prompt_tokens: 900, completion_tokens: 100,
//!     ..NewInteraction::new(ProviderKind::Anthropic, "claude-sonnet", 4_500, "USD") };
//! store.interactions().record(&call)?;
//! let by_model = store.interactions().usage(&UsageQuery::by(UsageGrouping::Model))?;
//! assert_eq!((by_model[0].key.as_str(), by_model[0].cost_micros, by_model[0].total_tokens), ("claude-sonnet", 4_500, 1_000));
//!
//! let resource = ResourceRef::workspace(&workspace.id);
//! assert!(!store.permissions().can(&bob.id, Action::Write, &resource)?);
//! let as_bob = store.acting_as(&bob.id)?;
//! assert!(matches!(as_bob.threads().create(&workspace.id, "Mine now"), Err(StoreError::PermissionDenied { .. })));
//! # Ok::<(), unified_store::StoreError>(())
//! ```

#![deny(unsafe_code)]

#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!();

// Natively, SQLite (SQLite3 Multiple Ciphers) is this crate's C library; without this line
// nothing links it and the build fails with undefined `sqlite3_*` symbols.
#[cfg(not(target_family = "wasm"))]
use unified_store_sqlite3mc as _;

mod ai;
mod billing;
pub(crate) mod blobs;
mod cipher;
mod content;
mod context;
mod crypto;
mod db;
mod entity;
mod error;
mod files;
mod governance;
#[cfg(all(test, not(target_family = "wasm")))]
mod hostile;
mod identity;
mod ids;
mod import;
mod jobs;
pub mod limits;
mod model;
mod owner;
mod paging;
mod privacy;
#[cfg(test)]
mod properties;
mod schema;
mod storage;
mod store;
mod values;
mod vectors;

#[cfg(feature = "test-hooks")]
#[doc(hidden)]
pub use cipher::use_scheme_for_measurement;
#[cfg(feature = "test-hooks")]
#[doc(hidden)]
pub use crypto::envelope::EnvelopeForMeasurement;
pub use crypto::{hash_password, random_token, verify_password};
pub use db::SCHEMA_VERSION;
#[cfg(feature = "test-hooks")]
#[doc(hidden)]
pub use db::{key_connection, register_tokenizer};

/// Turns the per-batch counting of inserted messages off or on for every store in the
/// process: only for the storage bench's copy without the row seam (test hooks only).
#[cfg(feature = "test-hooks")]
#[doc(hidden)]
pub fn count_message_batches(on: bool) {
    content::messages::COUNT_BATCHES.store(on, std::sync::atomic::Ordering::Relaxed);
}
pub use error::StoreError;
#[cfg(target_family = "wasm")]
pub use files::{OPFS_CIPHER_VFS, OPFS_VFS};
pub use import::ChatExport;
pub use jobs::{NoProgress, Pause, Progress};
pub use store::Store;
// Records, grouped by domain in the source, flat here.
pub use ai::model::*;
pub use billing::model::*;
pub use content::model::*;
pub use governance::model::*;
pub use identity::model::*;
pub use import::model::*;
pub use model::*;
pub use privacy::model::*;
pub use storage::model::*;
pub use vectors::model::*;
// Domain handles.
pub use ai::flows::Flows;
pub use ai::interactions::Interactions;
pub use ai::providers::ProviderConfigs;
pub use billing::invoices::Invoices;
pub use billing::subscriptions::Subscriptions;
pub use blobs::stored::{AttachmentReader, AttachmentWriter};
pub use content::attachments::Attachments;
pub use content::documents::Documents;
pub use content::messages::Messages;
pub use content::projects::Projects;
pub use content::threads::Threads;
pub use content::workspaces::Workspaces;
pub use governance::audit::AuditLog;
pub use governance::consent::Consent;
pub use governance::permissions::Permissions;
pub use governance::telemetry::Telemetry;
pub use identity::devices::Devices;
pub use identity::organizations::Organizations;
pub use identity::settings::Settings;
pub use identity::users::Users;
pub use storage::Storage;
pub use vectors::embeddings::Embeddings;

/// The Rust snippets of the repository's README.md, compiled (and the first one run) by
/// `cargo test --doc -p unified-store`, so they cannot rot. Only doc tests see it: the README
/// lies outside this crate's package.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
