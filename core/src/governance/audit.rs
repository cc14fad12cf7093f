//! The audit log: append-only, each entry hash-chained to the one before, and a verifier
//! that finds the first entry edited, removed or moved.
//! The hash chain itself (encoding, verification, erasure of details) is in `chain.rs`.

use crate::context::Context;
use crate::entity::{self, Record};
use crate::error::{Error, Result, StoreError};
use crate::governance::chain::{COLUMNS, DOMAIN_V2, details_digest, entry_hash, head, verify};
use crate::governance::model::{AuditEntry, AuditFilter, AuditVerification};
use crate::ids::new_id;
use crate::limits;
use crate::model::PageRequest;
use crate::values::optional_id;
use rusqlite::{OptionalExtension, Transaction, params};

/// The audit log: read and verify it (the store writes it). Get one from [`crate::Store::audit`].
#[derive(Clone)]
pub struct AuditLog {
    pub(crate) cx: Context,
}

impl crate::Store {
    /// The hash-chained audit log.
    pub fn audit(&self) -> AuditLog {
        AuditLog { cx: self.cx.clone() }
    }
}

impl AuditLog {
    /// The entry `id`.
    pub fn get(&self, id: &str) -> Result<AuditEntry, StoreError> {
        self.cx.read(|conn| entity::get(conn, id))
    }

    /// Entries matching `filter`, newest (highest `seq`) first. `page.after` is the id of the
    /// last entry of the previous page.
    pub fn list(&self, filter: &AuditFilter, page: &PageRequest) -> Result<Vec<AuditEntry>, StoreError> {
        let limit = limits::limit(page.limit)?;
        let entity_id = optional_id("entity_id", filter.entity_id.as_deref())?;
        let actor = optional_id("actor_user_id", filter.actor_user_id.as_deref())?;
        let after = optional_id("after", page.after.as_deref())?;
        self.cx.read(|conn| {
            let before = match &after {
                None => i64::MAX,
                Some(id) => conn
                    .query_row("SELECT seq FROM audit_log WHERE id = ?1", [id], |row| row.get(0))
                    .optional()?
                    .ok_or_else(|| Error::invalid("after", "names no entry of the audit log"))?,
            };
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM audit_log e
                 WHERE (?1 IS NULL OR e.entity = ?1) AND (?2 IS NULL OR e.entity_id = ?2)
                   AND (?3 IS NULL OR e.actor_user_id = ?3) AND e.seq < ?4
                 ORDER BY e.seq DESC LIMIT ?5"
            ))?;
            let rows = stmt.query_map(params![filter.entity, entity_id, actor, before, limit], AuditEntry::from_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Checks the whole chain, oldest entry first, and names the first entry that was
    /// edited, removed or moved (see the module documentation for what can and cannot be
    /// detected). Reads every entry: run it in the background on large logs.
    pub fn verify(&self) -> Result<AuditVerification, StoreError> {
        self.cx.read(verify)
    }
}

// How every handle writes the trail of what it changed, on the context it carries.
impl Context {
    /// Appends an entry to the hash-chained audit log, in the caller's transaction.
    pub(crate) fn audit(
        &self,
        tx: &Transaction,
        action: &str,
        entity: &str,
        entity_id: &str,
        details: serde_json::Value,
    ) -> Result<()> {
        append(tx, self.caller.as_deref(), action, entity, entity_id, &details)
    }
}

/// Appends an entry to the chain, in the caller's transaction.
pub(crate) fn append(
    tx: &Transaction,
    actor: Option<&str>,
    action: &str,
    entity: &str,
    entity_id: &str,
    details: &serde_json::Value,
) -> Result<()> {
    let (_, prev_hash) = head(tx)?;
    let (id, created_at) = new_id();
    let details = details.to_string();
    let digest = details_digest(&details);
    let hash = entry_hash(DOMAIN_V2, &id, actor, action, entity, entity_id, &digest, created_at, &prev_hash);
    tx.prepare_cached(
        "INSERT INTO audit_log (id, actor_user_id, action, entity, entity_id, details, created_at, prev_hash, hash,
                                details_sha256)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![id, actor, action, entity, entity_id, details, created_at, prev_hash, hash, digest])?;
    let seq = tx.last_insert_rowid();
    if tx.prepare_cached("UPDATE audit_head SET seq = ?1, hash = ?2 WHERE id = 1")?.execute(params![seq, hash])? == 0 {
        tx.execute("INSERT INTO audit_head (id, seq, hash) VALUES (1, ?1, ?2)", params![seq, hash])?;
    }
    Ok(())
}
