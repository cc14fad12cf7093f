//! What every domain handle carries: the shared connection and the user the store acts as.
//! Governance adds to it the checks of who may do what (`governance/permissions.rs`) and
//! the audit trail (`governance/audit.rs`), so each domain calls them the same way.

use crate::blobs::files::BlobDir;
use crate::db::Db;
use crate::error::{Result, StoreError};
use crate::vectors::indexes::Indexes;
use rusqlite::{Connection, Transaction};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

#[derive(Clone)]
pub(crate) struct Context {
    pub(crate) db: Arc<Db>,
    /// The user the store acts as (`Store::acting_as`); `None`: the device owner, unchecked.
    pub(crate) caller: Option<String>,
    /// The vector indexes loaded so far, shared by every handle of the store.
    pub(crate) vectors: Arc<Indexes>,
    /// Where attachment bytes are kept; `None` where this version keeps none.
    pub(crate) blobs: Option<Arc<BlobDir>>,
    /// Set while a maintenance pass runs (one at a time per store).
    pub(crate) maintaining: Arc<AtomicBool>,
}

impl Context {
    /// The context of a store just opened: the device owner's.
    pub(crate) fn new(db: Db) -> Self {
        let blobs = crate::blobs::files::dir_for(db.file_path()).map(Arc::new);
        Self { db: Arc::new(db), caller: None, vectors: Arc::default(), blobs, maintaining: Arc::default() }
    }

    /// The same store acting as `user_id`.
    pub(crate) fn acting_as(&self, user_id: String) -> Self {
        Self { caller: Some(user_id), ..self.clone() }
    }

    pub(crate) fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T, StoreError> {
        self.db.read(f)
    }

    /// [`Context::read`] for a search, stopped once it runs past the store's search budget.
    pub(crate) fn search<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T, StoreError> {
        self.db.search(f)
    }

    pub(crate) fn write<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T, StoreError> {
        self.db.write(f)
    }
}
