//! The audit log: append-only, each entry hash-chained to the one before, and a verifier
//! that finds the first entry edited, removed or moved.

use crate::error::Result;
use rusqlite::Transaction;

// TODO(governance): write the chained entry.
pub(crate) fn append(
    _tx: &Transaction,
    _actor: Option<&str>,
    _action: &str,
    _entity: &str,
    _entity_id: &str,
    _details: &serde_json::Value,
) -> Result<()> {
    Ok(())
}

/// The audit log: read and verify it (the store writes it). Get one from [`crate::Store::audit`].
#[derive(Clone)]
pub struct AuditLog {
    pub(crate) cx: crate::context::Context,
}
