//! What every domain handle carries: the shared connection and the user the store acts as.
//! Governance adds to it the checks of who may do what (`governance/permissions.rs`) and
//! the audit trail (`governance/audit.rs`), so each domain calls them the same way.

use crate::db::Db;
use crate::error::{Result, StoreError};
use rusqlite::{Connection, Transaction};
use std::sync::Arc;

#[derive(Clone)]
pub(crate) struct Context {
    pub(crate) db: Arc<Db>,
    /// The user the store acts as (`Store::acting_as`); `None`: the device owner, unchecked.
    pub(crate) caller: Option<String>,
}

impl Context {
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
