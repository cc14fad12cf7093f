//! What every domain handle carries: the shared connection and the user the store acts as.
//! Checks of who may do what, and the audit trail, are reached through here so that each
//! domain calls them the same way.

use crate::db::Db;
use crate::error::{Result, StoreError};
use crate::governance::model::{Action, ResourceRef};
use crate::governance::{audit, permissions};
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

    /// Refuses with `PermissionDenied` unless the caller may do `action` on `resource`.
    pub(crate) fn authorize(&self, conn: &Connection, action: Action, resource: &ResourceRef) -> Result<()> {
        match &self.caller {
            Some(user_id) => permissions::authorize(conn, user_id, action, resource),
            None => Ok(()),
        }
    }

    /// Refuses with `PermissionDenied` unless the caller is user `user_id` (a user's own
    /// settings, devices, consent and provider configs are theirs alone).
    pub(crate) fn authorize_self(&self, user_id: &str, action: Action) -> Result<()> {
        match &self.caller {
            Some(caller) => permissions::authorize_self(caller, user_id, action),
            None => Ok(()),
        }
    }

    /// Refuses with `PermissionDenied` unless the caller's role in organization `org_id`
    /// allows `action` on it.
    pub(crate) fn authorize_organization(&self, conn: &Connection, org_id: &str, action: Action) -> Result<()> {
        match &self.caller {
            Some(user_id) => permissions::authorize_organization(conn, user_id, org_id, action),
            None => Ok(()),
        }
    }

    /// Appends an entry to the hash-chained audit log, in the caller's transaction.
    pub(crate) fn audit(
        &self,
        tx: &Transaction,
        action: &str,
        entity: &str,
        entity_id: &str,
        details: serde_json::Value,
    ) -> Result<()> {
        audit::append(tx, self.caller.as_deref(), action, entity, entity_id, &details)
    }
}
