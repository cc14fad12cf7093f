//! unified-store: the on-device data layer of an AI-assistant app.
//!
//! One [`Store`] per database file (or in memory), opened and migrated in one step, with a
//! handle per domain: [`Store::workspaces`], [`Store::threads`], [`Store::messages`]. Every
//! call returns [`StoreError`], whose variants a caller can act on.
//!
//! ```
//! use unified_store::{MessageRole, PageRequest, SearchQuery, Store};
//!
//! let store = Store::open_in_memory()?;
//! let workspace = store.workspaces().create("Research")?;
//! let thread = store.threads().create(&workspace.id, "Rust FFI")?;
//! store.messages().append(&thread.id, MessageRole::User, "How do I bind Rust to Kotlin?")?;
//! let hits = store.messages().search(&SearchQuery::words("kotlin"))?;
//! assert_eq!(hits.len(), 1);
//! assert_eq!(store.messages().list(&thread.id, &PageRequest::first(10))?.len(), 1);
//! # Ok::<(), unified_store::StoreError>(())
//! ```

#![deny(unsafe_code)]

#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!();

mod db;
mod error;
mod ids;
pub mod limits;
mod messages;
mod model;
mod paging;
mod search;
mod store;
mod threads;
mod workspaces;

#[cfg(target_family = "wasm")]
pub use db::OPFS_VFS;
pub use db::SCHEMA_VERSION;
pub use error::StoreError;
pub use messages::Messages;
pub use model::{
    Message, MessageRole, PageRequest, QuerySyntax, SearchHit, SearchQuery, StoreConfig, Thread, Workspace,
};
pub use store::Store;
pub use threads::Threads;
pub use workspaces::Workspaces;
