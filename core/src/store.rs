//! [`Store`]: an open store, and the door to each domain of records.

use crate::context::Context;
use crate::db::{Db, SCHEMA_VERSION};
use crate::entity;
use crate::error::StoreError;
use crate::identity::model::User;
use crate::ids::parse_id;
use crate::model::StoreConfig;
use std::sync::Arc;

/// An open store. Cheap to clone; every clone and every domain handle shares one
/// connection, which [`Store::close`] closes for all of them.
#[derive(Clone)]
pub struct Store {
    pub(crate) cx: Context,
}

impl Store {
    /// Opens (creating if needed) and migrates the store described by `config`. A file
    /// written by a newer version is refused with `IncompatibleVersion` and left untouched.
    ///
    /// In the browser a file path needs the OPFS VFS installed first, in a dedicated worker
    /// (the wasm binding does this).
    pub fn open(config: &StoreConfig) -> Result<Self, StoreError> {
        Ok(Self { cx: Context { db: Arc::new(Db::open(config)?), caller: None } })
    }

    /// Opens (creating if needed) and migrates the store file `config` names, encrypted with
    /// the raw 32-byte data key `key`. A hook for tests and measurements until `StoreConfig`
    /// carries a key: not part of the API (feature `test-hooks`).
    #[cfg(any(test, feature = "test-hooks"))]
    #[doc(hidden)]
    pub fn open_with_raw_key(config: &StoreConfig, key: &[u8; 32]) -> Result<Self, StoreError> {
        Ok(Self { cx: Context { db: Arc::new(Db::open_keyed(config, Some(key))?), caller: None } })
    }

    /// Opens a private store in memory.
    pub fn open_in_memory() -> Result<Self, StoreError> {
        Self::open(&StoreConfig::in_memory())
    }

    /// This store acting as user `user_id`: every mutating call through it (and its domain
    /// handles) is checked against that user's roles and permission sets, and refused with
    /// `PermissionDenied` when not allowed; audit entries name the user. The store it came
    /// from is unchanged and unchecked (the device owner). The view shares that store's
    /// connection without owning it: closing the view does nothing, closing the store
    /// closes the view too.
    pub fn acting_as(&self, user_id: &str) -> Result<Store, StoreError> {
        let user_id = parse_id("user_id", user_id)?;
        let user = self.cx.read(|conn| entity::get::<User>(conn, &user_id))?;
        Ok(Self { cx: Context { db: self.cx.db.clone(), caller: Some(user.id) } })
    }

    /// The user this store acts as, if any (see [`Store::acting_as`]).
    pub fn caller(&self) -> Option<String> {
        self.cx.caller.clone()
    }

    /// The schema version of the open store (equal to [`Store::supported_schema_version`]
    /// once opened).
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        self.cx.read(|conn| Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?))
    }

    /// The newest schema version this build understands.
    pub fn supported_schema_version() -> u32 {
        SCHEMA_VERSION
    }

    /// Closes the store, flushing it to disk. Every later call on it, its clones, its
    /// domain handles and its [`Store::acting_as`] views fails with a storage error; closing
    /// again does nothing, and so does closing a view (it does not own the connection).
    pub fn close(&self) -> Result<(), StoreError> {
        match self.cx.caller {
            Some(_) => Ok(()),
            None => self.cx.db.close(),
        }
    }
}
