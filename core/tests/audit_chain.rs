//! The audit chain against real tampering: a store writes audited actions to a file, the
//! file is then changed behind the store's back with plain SQLite (triggers dropped), and
//! `verify` must name exactly the entry that was edited, removed or moved.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rusqlite::{Connection, params};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use unified_store::{
    AuditBreak, AuditBreakReason, AuditEntry, AuditFilter, NewUser, NewWorkspace, PageRequest, Store, StoreConfig,
};

/// A store file with at least `n` audited actions (`n` workspace deletes, and whatever else the
/// store audits), and its entries oldest first.
fn file_with_entries(n: usize) -> (tempfile::TempDir, PathBuf, Vec<AuditEntry>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let store = open(&path);
    let owner = store.users().create(&NewUser::new("owner@example.com", "Owner")).unwrap();
    for i in 0..n {
        let ws = store.workspaces().create(&NewWorkspace::for_user(format!("W{i}"), &owner.id)).unwrap();
        store.workspaces().delete(&ws.id).unwrap();
    }
    let entries = all_entries(&store);
    assert!(entries.len() >= n);
    assert!(store.audit().verify().unwrap().intact);
    store.close().unwrap();
    (dir, path, entries)
}

fn open(path: &Path) -> Store {
    Store::open(&StoreConfig::file(path.to_string_lossy())).unwrap()
}

/// Every entry, oldest first.
fn all_entries(store: &Store) -> Vec<AuditEntry> {
    let mut all = store.audit().list(&AuditFilter::default(), &PageRequest::first(1000)).unwrap();
    all.reverse();
    all
}

/// The file opened with plain SQLite, the append-only triggers dropped.
fn tamper(path: &Path) -> Connection {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;").unwrap();
    conn
}

/// The first break `verify` reports on the file, once the store reopens it.
fn first_break(path: &Path) -> AuditBreak {
    let store = open(path);
    let verification = store.audit().verify().unwrap();
    assert!(!verification.intact);
    verification.first_break.expect("a break")
}

/// The SHA-256 of an entry's details, lowercase hex: what a version-2 entry hashes instead.
fn digest(details: &str) -> String {
    Sha256::digest(details.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The hash of a version-2 entry as the documentation of `governance::audit` describes it,
/// written again here so that the documented encoding is checked too.
fn documented_hash(entry: &AuditEntry) -> String {
    fn field(hasher: &mut Sha256, text: &str) {
        hasher.update((text.len() as u64).to_be_bytes());
        hasher.update(text.as_bytes());
    }
    let mut hasher = Sha256::new();
    hasher.update(b"unified-store audit entry v2\0");
    field(&mut hasher, &entry.id);
    match &entry.actor_user_id {
        None => hasher.update([0]),
        Some(actor) => {
            hasher.update([1]);
            field(&mut hasher, actor);
        }
    }
    field(&mut hasher, &entry.action);
    field(&mut hasher, &entry.entity);
    field(&mut hasher, &entry.entity_id);
    field(&mut hasher, &digest(&entry.details));
    hasher.update(entry.created_at.to_be_bytes());
    field(&mut hasher, &entry.prev_hash);
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn an_untouched_log_verifies_and_follows_the_documented_encoding() {
    let (_dir, path, entries) = file_with_entries(4);
    assert_eq!(entries[0].prev_hash, "0".repeat(64), "the first entry links to zeros");
    for pair in entries.windows(2) {
        assert_eq!(pair[1].prev_hash, pair[0].hash);
        assert_eq!(pair[1].seq, pair[0].seq + 1);
    }
    for entry in &entries {
        assert_eq!(documented_hash(entry), entry.hash, "entry {}", entry.seq);
    }
    let store = open(&path);
    let verification = store.audit().verify().unwrap();
    assert!(verification.intact);
    assert_eq!(verification.entries_checked, entries.len() as u64);
    assert_eq!(verification.head_hash, entries.last().map(|newest| newest.hash.clone()));
}

#[test]
fn plain_sql_cannot_edit_or_delete_entries() {
    let (_dir, path, entries) = file_with_entries(2);
    let conn = Connection::open(&path).unwrap();
    let update = conn.execute("UPDATE audit_log SET details = '{}' WHERE seq = ?1", [entries[0].seq]);
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = conn.execute("DELETE FROM audit_log WHERE seq = ?1", [entries[1].seq]);
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    let head = conn.execute("DELETE FROM audit_head", []);
    assert!(head.is_err(), "the head stays");
    drop(conn);
    assert!(open(&path).audit().verify().unwrap().intact, "nothing changed");
}

#[test]
fn an_edited_entry_is_named() {
    let (_dir, path, entries) = file_with_entries(5);
    tamper(&path)
        .execute("UPDATE audit_log SET details = '{\"name\":\"forged\"}' WHERE seq = ?1", [entries[2].seq])
        .unwrap();
    let found = first_break(&path);
    assert_eq!(found.reason, AuditBreakReason::Edited);
    assert_eq!((found.seq, found.entry_id), (entries[2].seq, Some(entries[2].id.clone())));
}

#[test]
fn an_edited_actor_or_time_is_named() {
    let (_dir, path, entries) = file_with_entries(3);
    tamper(&path).execute("UPDATE audit_log SET created_at = created_at + 1 WHERE seq = ?1", [entries[1].seq]).unwrap();
    let found = first_break(&path);
    assert_eq!((found.reason, found.seq), (AuditBreakReason::Edited, entries[1].seq));

    let (_dir, path, entries) = file_with_entries(3);
    let actor = "01890a5d-ac96-774b-bcce-b302099a8057";
    tamper(&path)
        .execute("UPDATE audit_log SET actor_user_id = ?2 WHERE seq = ?1", params![entries[0].seq, actor])
        .unwrap();
    let found = first_break(&path);
    assert_eq!((found.reason, found.entry_id), (AuditBreakReason::Edited, Some(entries[0].id.clone())));
}

#[test]
fn a_removed_entry_is_named() {
    let (_dir, path, entries) = file_with_entries(5);
    tamper(&path).execute("DELETE FROM audit_log WHERE seq = ?1", [entries[2].seq]).unwrap();
    let found = first_break(&path);
    assert_eq!(found.reason, AuditBreakReason::Removed);
    assert_eq!((found.seq, found.entry_id), (entries[2].seq, None));
}

#[test]
fn a_removed_first_entry_is_named() {
    let (_dir, path, entries) = file_with_entries(3);
    tamper(&path).execute("DELETE FROM audit_log WHERE seq = ?1", [entries[0].seq]).unwrap();
    let found = first_break(&path);
    assert_eq!((found.reason, found.seq), (AuditBreakReason::Removed, entries[0].seq));
}

#[test]
fn a_removed_newest_entry_is_named_even_after_more_appends() {
    let (_dir, path, entries) = file_with_entries(4);
    let removed = entries.last().unwrap();
    tamper(&path).execute("DELETE FROM audit_log WHERE seq = ?1", [removed.seq]).unwrap();
    let found = first_break(&path);
    assert_eq!((found.reason, found.seq, found.entry_id), (AuditBreakReason::Removed, removed.seq, None));

    // The store goes on appending; the gap stays where it was.
    let store = open(&path);
    let owner = store.users().find_by_email("owner@example.com").unwrap().unwrap();
    let ws = store.workspaces().create(&NewWorkspace::for_user("later", &owner.id)).unwrap();
    store.workspaces().delete(&ws.id).unwrap();
    let newest = all_entries(&store).pop().unwrap();
    assert!(newest.seq > removed.seq, "seq is never reused");
    store.close().unwrap();
    let found = first_break(&path);
    assert_eq!((found.reason, found.seq), (AuditBreakReason::Removed, removed.seq));
}

#[test]
fn swapped_entries_are_named() {
    let (_dir, path, entries) = file_with_entries(5);
    let conn = tamper(&path);
    // Entries 2 and 3 change places: each row keeps its seq and takes the other's content.
    let (a, b) = (&entries[1], &entries[2]);
    conn.execute("DELETE FROM audit_log WHERE seq IN (?1, ?2)", [a.seq, b.seq]).unwrap();
    for (seq, entry) in [(a.seq, b), (b.seq, a)] {
        conn.execute(
            "INSERT INTO audit_log (seq, id, actor_user_id, action, entity, entity_id, details, created_at, prev_hash,
                                    hash, details_sha256) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                seq,
                entry.id,
                entry.actor_user_id,
                entry.action,
                entry.entity,
                entry.entity_id,
                entry.details,
                entry.created_at,
                entry.prev_hash,
                entry.hash,
                digest(&entry.details)
            ],
        )
        .unwrap();
    }
    drop(conn);
    let found = first_break(&path);
    assert_eq!(found.reason, AuditBreakReason::Reordered);
    assert_eq!((found.seq, found.entry_id), (a.seq, Some(b.id.clone())), "the first moved position, and who is there");
}

#[test]
fn a_replaced_entry_with_a_recomputed_hash_breaks_the_next_link() {
    let (_dir, path, entries) = file_with_entries(4);
    let mut forged = entries[1].clone();
    forged.details = r#"{"name":"innocent"}"#.into();
    forged.hash = documented_hash(&forged);
    tamper(&path)
        .execute(
            "UPDATE audit_log SET details = ?2, hash = ?3, details_sha256 = ?4 WHERE seq = ?1",
            params![forged.seq, forged.details, forged.hash, digest(&forged.details)],
        )
        .unwrap();
    let found = first_break(&path);
    assert_eq!(found.reason, AuditBreakReason::BrokenLink);
    assert_eq!((found.seq, found.entry_id), (entries[2].seq, Some(entries[2].id.clone())));
}

#[test]
fn a_replaced_newest_entry_disagrees_with_the_head() {
    let (_dir, path, entries) = file_with_entries(3);
    let newest = entries.last().unwrap();
    let mut forged = newest.clone();
    forged.details = r#"{"name":"innocent"}"#.into();
    forged.hash = documented_hash(&forged);
    tamper(&path)
        .execute(
            "UPDATE audit_log SET details = ?2, hash = ?3, details_sha256 = ?4 WHERE seq = ?1",
            params![forged.seq, forged.details, forged.hash, digest(&forged.details)],
        )
        .unwrap();
    let found = first_break(&path);
    assert_eq!(found.reason, AuditBreakReason::BrokenLink);
    assert_eq!((found.seq, found.entry_id), (newest.seq, Some(newest.id.clone())));
}
