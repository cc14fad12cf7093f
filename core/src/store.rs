//! [`Store`]: an open store, and the door to each domain of records.

use crate::db::{Db, SCHEMA_VERSION};
use crate::error::StoreError;
use crate::messages::Messages;
use crate::model::StoreConfig;
use crate::threads::Threads;
use crate::workspaces::Workspaces;
use std::sync::Arc;

/// An open store. Cheap to clone; every clone and every domain handle shares one
/// connection, which [`Store::close`] closes for all of them.
#[derive(Clone)]
pub struct Store {
    db: Arc<Db>,
}

impl Store {
    /// Opens (creating if needed) and migrates the store described by `config`. A file
    /// written by a newer version is refused with `IncompatibleVersion` and left untouched.
    ///
    /// In the browser a file path needs the OPFS VFS installed first, in a dedicated worker
    /// (the wasm binding does this).
    pub fn open(config: &StoreConfig) -> Result<Self, StoreError> {
        Ok(Self { db: Arc::new(Db::open(config)?) })
    }

    /// Opens a private store in memory.
    pub fn open_in_memory() -> Result<Self, StoreError> {
        Self::open(&StoreConfig::in_memory())
    }

    /// Workspaces: the top-level containers.
    pub fn workspaces(&self) -> Workspaces {
        Workspaces { db: self.db.clone() }
    }

    /// Threads: conversations inside a workspace.
    pub fn threads(&self) -> Threads {
        Threads { db: self.db.clone() }
    }

    /// Messages of threads, and search over them.
    pub fn messages(&self) -> Messages {
        Messages { db: self.db.clone() }
    }

    /// The schema version of the open store (equal to [`Store::supported_schema_version`]
    /// once opened).
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        self.db.read(|conn| Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?))
    }

    /// The newest schema version this build understands.
    pub fn supported_schema_version() -> u32 {
        SCHEMA_VERSION
    }

    /// Closes the store, flushing it to disk. Every later call on it or its domain handles
    /// fails with a storage error; closing again does nothing.
    pub fn close(&self) -> Result<(), StoreError> {
        self.db.close()
    }
}
