//! The audit log's hash chain: how an entry is hashed, verifying the chain, re-chaining a
//! version-1 log as version 2 (migration 13) and erasing an entry's details. The log's handle
//! and its appends are in `audit.rs`.
//!
//! Each entry's `hash` is SHA-256 (lowercase hex) over [`DOMAIN`] followed by its fields in
//! this order, each length-prefixed so that no two different entries encode the same:
//! `id`, `actor_user_id` (a `0` byte for none, else `1` and the text), `action`, `entity`,
//! `entity_id`, `details` (the JSON text exactly as stored), `created_at` (8 bytes,
//! big-endian) and `prev_hash`. Text fields are an 8-byte big-endian byte length and the UTF-8
//! bytes. `seq` is not hashed: it is the entry's position, checked by the links.
//!
//! That is version 1. A version-2 entry (every entry since schema version 13, whose
//! migration re-chained the older ones) hashes the same with [`DOMAIN_V2`] and, in place of
//! `details`, `details_sha256`: the SHA-256 (lowercase hex) of the details text, kept in its
//! own column. Its details may then be erased (replaced by [`ERASED`], the one change the
//! table's trigger allows) and the chain still verifies; while they are there, they must
//! match their digest.
//!
//! `prev_hash` is the hash of the entry before, 64 zeros for the first. The store keeps the
//! newest entry's seq and hash in the one-row table `audit_head`, moved in the same
//! transaction as each append; a new entry links to that head, not to whatever row happens
//! to be last.
//!
//! # What verification finds, and its limits
//! [`verify`] (through `AuditLog::verify`) walks the entries in `seq` order and reports the first of:
//! - **edited**: an entry whose hash does not match its content;
//! - **reordered**: an entry whose `prev_hash` is the hash of an entry elsewhere in the log;
//! - **removed**: a gap in `seq` (seq is `AUTOINCREMENT`, so never reused), or the head
//!   naming a seq beyond the newest entry (the newest entries were removed);
//! - **broken link**: an entry whose `prev_hash` names no entry, with no gap before it.
//!
//! The chain is tamper-evident, not tamper-proof. Someone who can write the file, drop the
//! triggers and recompute hashes can rewrite an entry and every entry after it together with
//! the head, and nothing inside the file can tell; keep [`AuditVerification::head_hash`] (or
//! the entry count) somewhere else to detect that. An entry replaced with a recomputed hash
//! but with the later entries left alone is reported at the entry after it, as a broken link
//! (the replaced one looks whole on its own).

use crate::entity::Record;
use crate::error::Result;
use crate::governance::model::{AuditBreak, AuditBreakReason, AuditEntry, AuditVerification};
use crate::values::hex;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};

/// Hashed before every entry, so the hash can only be read as an audit entry of this format.
pub(crate) const DOMAIN: &[u8] = b"unified-store audit entry v1\0";
/// [`DOMAIN`] of a version-2 entry, which hashes a digest of its details.
pub(crate) const DOMAIN_V2: &[u8] = b"unified-store audit entry v2\0";
/// What an erasure leaves of a version-2 entry's details.
pub(crate) const ERASED: &str = r#"{"erased":true}"#;
/// The `prev_hash` of the first entry.
pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
pub(crate) const COLUMNS: &str =
    "e.seq, e.id, e.actor_user_id, e.action, e.entity, e.entity_id, e.details, e.created_at,
    e.prev_hash, e.hash";
/// The head the store keeps: (seq, hash) of the newest entry, `(0, zeros)` before the first.
pub(crate) fn head(conn: &Connection) -> Result<(i64, String)> {
    let head = conn
        .prepare_cached("SELECT seq, hash FROM audit_head WHERE id = 1")?
        .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    Ok(head.unwrap_or_else(|| (0, GENESIS.to_owned())))
}

/// What a version-2 entry hashes in place of its details.
pub(crate) fn details_digest(details: &str) -> String {
    hex(&Sha256::digest(details.as_bytes()))
}

/// Replaces with [`ERASED`] the details of the version-2 entries `which` (SQL over the
/// entry `e`, `?1` bound to `user_id`) selects, in the caller's transaction. Returns the
/// entries erased and the version-1 entries `which` selects, whose details cannot be.
pub(crate) fn erase_details(tx: &Transaction, which: &str, user_id: &str) -> Result<(u64, u64)> {
    let erased = tx.execute(
        &format!(
            "UPDATE audit_log AS e SET details = '{ERASED}'
             WHERE e.details_sha256 IS NOT NULL AND e.details <> '{ERASED}' AND ({which})"
        ),
        [user_id],
    )?;
    let kept: i64 = tx.query_row(
        &format!("SELECT count(*) FROM audit_log AS e WHERE e.details_sha256 IS NULL AND ({which})"),
        [user_id],
        |row| row.get(0),
    )?;
    Ok((erased as u64, kept as u64))
}

/// Migration 13's step: re-chains a version-1 log as version 2 when it verifies, keeping
/// its old head hash in `audit_head.v1_hash`. A broken chain is left as it is, for
/// [`AuditLog::verify`] to keep reporting (and its details cannot be erased).
pub(crate) fn chain_v2(tx: &Connection) -> Result<()> {
    let before = verify(tx)?;
    let Some(v1_head) = before.head_hash.filter(|_| before.intact) else { return Ok(()) };
    let entries: Vec<AuditEntry> = {
        let mut stmt = tx.prepare(&format!("SELECT {COLUMNS} FROM audit_log e ORDER BY e.seq"))?;
        let rows = stmt.query_map([], AuditEntry::from_row)?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut update =
        tx.prepare("UPDATE audit_log SET details_sha256 = ?2, prev_hash = ?3, hash = ?4 WHERE seq = ?1")?;
    let mut prev_hash = GENESIS.to_owned();
    for entry in &entries {
        let digest = details_digest(&entry.details);
        let hash = entry_hash(
            DOMAIN_V2,
            &entry.id,
            entry.actor_user_id.as_deref(),
            &entry.action,
            &entry.entity,
            &entry.entity_id,
            &digest,
            entry.created_at,
            &prev_hash,
        );
        update.execute(params![entry.seq, digest, prev_hash, hash])?;
        prev_hash = hash;
    }
    tx.execute("UPDATE audit_head SET hash = ?1, v1_hash = ?2 WHERE id = 1", params![prev_hash, v1_head])?;
    Ok(())
}

/// The hash of an entry under `domain`; see the module documentation for the encoding.
#[allow(clippy::too_many_arguments)]
pub(crate) fn entry_hash(
    domain: &[u8],
    id: &str,
    actor: Option<&str>,
    action: &str,
    entity: &str,
    entity_id: &str,
    details: &str,
    created_at: i64,
    prev_hash: &str,
) -> String {
    fn field(hasher: &mut Sha256, text: &str) {
        hasher.update((text.len() as u64).to_be_bytes());
        hasher.update(text.as_bytes());
    }
    let mut hasher = Sha256::new();
    hasher.update(domain);
    field(&mut hasher, id);
    match actor {
        None => hasher.update([0u8]),
        Some(actor) => {
            hasher.update([1u8]);
            field(&mut hasher, actor);
        }
    }
    field(&mut hasher, action);
    field(&mut hasher, entity);
    field(&mut hasher, entity_id);
    field(&mut hasher, details);
    hasher.update(created_at.to_be_bytes());
    field(&mut hasher, prev_hash);
    hex(&hasher.finalize())
}

/// The hash `entry` should have: over its details' digest when it is a version-2 entry
/// (`digest`), over its details otherwise.
fn recomputed(entry: &AuditEntry, digest: Option<&str>) -> String {
    entry_hash(
        if digest.is_some() { DOMAIN_V2 } else { DOMAIN },
        &entry.id,
        entry.actor_user_id.as_deref(),
        &entry.action,
        &entry.entity,
        &entry.entity_id,
        digest.unwrap_or(&entry.details),
        entry.created_at,
        &entry.prev_hash,
    )
}

pub(crate) fn verify(conn: &Connection) -> Result<AuditVerification> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS}, e.details_sha256 FROM audit_log e ORDER BY e.seq"))?;
    let mut rows = stmt.query([])?;
    // The entry before, as (seq, hash); the first links to (0, zeros).
    let mut previous: (i64, String) = (0, GENESIS.to_owned());
    let mut checked = 0u64;
    let mut first_break = None;
    while let Some(row) = rows.next()? {
        let entry = AuditEntry::from_row(row)?;
        let digest: Option<String> = row.get(10)?;
        checked += 1;
        if first_break.is_none() {
            first_break = check_entry(conn, &previous, &entry, digest.as_deref())?;
        }
        previous = (entry.seq, entry.hash);
    }
    if first_break.is_none() {
        first_break = check_head(conn, &previous)?;
    }
    let head_hash = (previous.0 > 0).then_some(previous.1);
    Ok(AuditVerification { entries_checked: checked, intact: first_break.is_none(), first_break, head_hash })
}

/// The break at `entry`, given the entry before it, if there is one.
fn check_entry(
    conn: &Connection,
    previous: &(i64, String),
    entry: &AuditEntry,
    digest: Option<&str>,
) -> Result<Option<AuditBreak>> {
    let at = |reason, detail: String| AuditBreak { seq: entry.seq, entry_id: Some(entry.id.clone()), reason, detail };
    if recomputed(entry, digest) != entry.hash {
        return Ok(Some(at(AuditBreakReason::Edited, format!("entry {} does not match its hash", entry.seq))));
    }
    if digest.is_some_and(|digest| entry.details != ERASED && details_digest(&entry.details) != digest) {
        let detail = format!("the details of entry {} do not match their digest", entry.seq);
        return Ok(Some(at(AuditBreakReason::Edited, detail)));
    }
    if entry.prev_hash == previous.1 {
        if entry.seq == previous.0 + 1 {
            return Ok(None);
        }
        // Linked to the entry before, yet not next to it: its seq was changed.
        let detail = format!("entry {} was renumbered (it follows entry {})", entry.seq, previous.0);
        return Ok(Some(at(AuditBreakReason::Edited, detail)));
    }
    if let Some(linked) = seq_of_hash(conn, &entry.prev_hash)? {
        let detail = format!("entry {} follows entry {}, but was written after entry {linked}", entry.seq, previous.0);
        return Ok(Some(at(AuditBreakReason::Reordered, detail)));
    }
    if entry.seq > previous.0 + 1 {
        return Ok(Some(removed(previous.0 + 1, entry.seq - 1, "")));
    }
    let detail = format!("entry {} links to no entry of the log (the entry before it was replaced)", entry.seq);
    Ok(Some(at(AuditBreakReason::BrokenLink, detail)))
}

/// The break between the newest entry and the head the store keeps, if there is one.
fn check_head(conn: &Connection, newest: &(i64, String)) -> Result<Option<AuditBreak>> {
    let (seq, hash) = head(conn)?;
    if seq == newest.0 && hash == newest.1 {
        return Ok(None);
    }
    if seq > newest.0 {
        return Ok(Some(removed(newest.0 + 1, seq, ", the newest,")));
    }
    // The head is at or behind the newest row. If the row at the head is the one the head
    // names, the rows after it were written around the store; otherwise that row was replaced.
    let at_head: Option<(String, String)> = conn
        .query_row("SELECT id, hash FROM audit_log WHERE seq = ?1", [seq], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    let (seq, entry_id, detail) = match at_head {
        Some((_, stored)) if stored == hash => {
            let next: Option<(i64, String)> = conn
                .query_row("SELECT seq, id FROM audit_log WHERE seq > ?1 ORDER BY seq LIMIT 1", [seq], |row| {
                    Ok((row.get(0)?, row.get(1)?))
                })
                .optional()?;
            let (next_seq, next_id) = next.map_or((seq + 1, None), |(s, id)| (s, Some(id)));
            (next_seq, next_id, format!("entry {next_seq} was written after the head the store keeps"))
        }
        Some((id, _)) => (seq, Some(id), format!("entry {seq} is not the one the head the store keeps names")),
        None => (seq, None, format!("the head the store keeps names entry {seq}, which is not in the log")),
    };
    Ok(Some(AuditBreak { seq, entry_id, reason: AuditBreakReason::BrokenLink, detail }))
}

/// The seq of the entry whose hash is `hash`, if there is one.
fn seq_of_hash(conn: &Connection, hash: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT seq FROM audit_log WHERE hash = ?1")?
        .query_row([hash], |row| row.get(0))
        .optional()?)
}

/// Entries `from` to `to` are missing.
fn removed(from: i64, to: i64, which: &str) -> AuditBreak {
    let detail = if from == to {
        format!("entry {from}{which} is missing")
    } else {
        format!("entries {from} to {to}{which} are missing")
    };
    AuditBreak { seq: from, entry_id: None, reason: AuditBreakReason::Removed, detail }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_cannot_slide_into_each_other() {
        let a = entry_hash(DOMAIN_V2, "id", None, "ab", "c", "x", "{}", 1, GENESIS);
        let b = entry_hash(DOMAIN_V2, "id", None, "a", "bc", "x", "{}", 1, GENESIS);
        assert_ne!(a, b);
        let none = entry_hash(DOMAIN_V2, "id", None, "a", "b", "x", "{}", 1, GENESIS);
        let empty = entry_hash(DOMAIN_V2, "id", Some(""), "a", "b", "x", "{}", 1, GENESIS);
        assert_ne!(none, empty);
        assert_ne!(none, entry_hash(DOMAIN, "id", None, "a", "b", "x", "{}", 1, GENESIS), "versions differ");
        assert_ne!(none, empty);
        assert_eq!(a.len(), 64);
        assert!(a.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    }

    #[test]
    fn hex_is_lowercase_and_padded() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa0, 0xff]), "000fa0ff");
    }
}
