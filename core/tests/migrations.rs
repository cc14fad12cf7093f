//! Upgrades: a store written by every earlier schema version, holding data of every table
//! that version had, opens under this build with the same schema as a fresh store and with
//! its data intact.
//!
//! Old stores are made the way an old build made them: the migration files up to version N
//! run in order, each followed by rows written with the columns its version had.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rusqlite::Connection;
use std::path::Path;
use unified_store::{SCHEMA_VERSION, SearchQuery, Store, StoreConfig};

const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_workspaces_threads_messages.sql"),
    include_str!("../../migrations/0002_identity.sql"),
    include_str!("../../migrations/0003_content.sql"),
    include_str!("../../migrations/0004_ai.sql"),
    include_str!("../../migrations/0005_governance.sql"),
    include_str!("../../migrations/0006_billing.sql"),
    include_str!("../../migrations/0007_provider_secrets.sql"),
    include_str!("../../migrations/0008_search_every_script.sql"),
    include_str!("../../migrations/0009_embeddings.sql"),
    include_str!("../../migrations/0010_row_seam.sql"),
    include_str!("../../migrations/0011_attachment_bytes.sql"),
    include_str!("../../migrations/0012_messages_counted_per_batch.sql"),
    include_str!("../../migrations/0013_erasure.sql"),
];

/// Rows each version could hold, written with that version's columns. Ids are fixed UUIDs.
const SEEDS: &[&str] = &[
    // 1: workspaces, threads, messages (with their FTS index, through the triggers)
    "INSERT INTO workspaces VALUES ('00000000-0000-7000-8000-000000000101', 'Old notes', 1000, 1000, NULL);
     INSERT INTO threads VALUES ('00000000-0000-7000-8000-000000000102', '00000000-0000-7000-8000-000000000101', 'Trip', 1001, 1001, NULL);
     INSERT INTO messages (id, thread_id, role, content, created_at, updated_at)
         VALUES ('00000000-0000-7000-8000-000000000103', '00000000-0000-7000-8000-000000000102', 'user', 'pack the umbrella', 1002, 1002),
                ('00000000-0000-7000-8000-000000000104', '00000000-0000-7000-8000-000000000102', 'assistant', 'and the passport', 1003, 1003),
                ('00000000-0000-7000-8000-000000000105', '00000000-0000-7000-8000-000000000102', 'user', '来週東京に行きます', 1003, 1003);",
    // 2: users, organizations, members, devices, settings, owned workspaces
    "INSERT INTO users VALUES ('00000000-0000-7000-8000-000000000201', 'ada@example.com', 'Ada', 'en', 2000, 2000, NULL);
     INSERT INTO organizations VALUES ('00000000-0000-7000-8000-000000000202', 'Lab', 'lab', 2001, 2001);
     INSERT INTO organization_members VALUES ('00000000-0000-7000-8000-000000000203', '00000000-0000-7000-8000-000000000202', '00000000-0000-7000-8000-000000000201', 'owner', 2002, 2002);
     INSERT INTO devices VALUES ('00000000-0000-7000-8000-000000000204', '00000000-0000-7000-8000-000000000201', 'Phone', 'ios', 2003, 2003, 2003);
     INSERT INTO user_settings VALUES ('00000000-0000-7000-8000-000000000205', '00000000-0000-7000-8000-000000000201', 'theme', '\"dark\"', 2004, 2004);
     INSERT INTO workspaces VALUES ('00000000-0000-7000-8000-000000000206', 'Lab work', NULL, '00000000-0000-7000-8000-000000000202', 2005, 2005, NULL);
     INSERT INTO workspace_members VALUES ('00000000-0000-7000-8000-000000000207', '00000000-0000-7000-8000-000000000206', '00000000-0000-7000-8000-000000000201', 'admin', 2006, 2006);",
    // 3: projects, documents (FTS), thread and message details, attachments
    "INSERT INTO projects VALUES ('00000000-0000-7000-8000-000000000301', '00000000-0000-7000-8000-000000000206', 'Paper', '', 3000, 3000, NULL);
     INSERT INTO documents (id, workspace_id, project_id, title, body, mime, version, created_at, updated_at)
         VALUES ('00000000-0000-7000-8000-000000000302', '00000000-0000-7000-8000-000000000206', '00000000-0000-7000-8000-000000000301', 'Draft', 'the hypothesis holds', 'text/markdown', 2, 3001, 3001);
     INSERT INTO threads (id, workspace_id, title, created_at, updated_at, project_id, pinned)
         VALUES ('00000000-0000-7000-8000-000000000303', '00000000-0000-7000-8000-000000000206', 'Review', 3002, 3002, '00000000-0000-7000-8000-000000000301', 1);
     INSERT INTO messages (id, thread_id, role, content, created_at, updated_at, model, prompt_tokens)
         VALUES ('00000000-0000-7000-8000-000000000304', '00000000-0000-7000-8000-000000000303', 'assistant', 'reviewer notes', 3003, 3003, 'm1', 12);
     INSERT INTO attachments VALUES ('00000000-0000-7000-8000-000000000305', '00000000-0000-7000-8000-000000000304', 'fig.png', 'image/png', 10, printf('%064d', 0), 3004, 3004);",
    // 4: provider configs, the interaction ledger, flows and step results
    "INSERT INTO ai_provider_configs VALUES ('00000000-0000-7000-8000-000000000401', '00000000-0000-7000-8000-000000000201', 'anthropic', 'Claude', NULL, 'claude', 1, 4000, 4000);
     INSERT INTO ai_interactions VALUES ('00000000-0000-7000-8000-000000000402', '00000000-0000-7000-8000-000000000401', 'anthropic', '00000000-0000-7000-8000-000000000206', '00000000-0000-7000-8000-000000000303', NULL, 'claude', 10, 20, 300, 1500, 'USD', 'succeeded', NULL, 4001, 4001);
     INSERT INTO orchestration_flows VALUES ('00000000-0000-7000-8000-000000000403', '00000000-0000-7000-8000-000000000206', 'Summarise', '', '[]', 4002, 4002);
     INSERT INTO orchestration_step_results VALUES ('00000000-0000-7000-8000-000000000404', '00000000-0000-7000-8000-000000000403', '00000000-0000-7000-8000-000000000405', 0, '00000000-0000-7000-8000-000000000402', 'ok', 'succeeded', NULL, 4003, 4004, 4003, 4004);",
    // 5: permission sets, consent, telemetry (audit entries are the store's own to write)
    "INSERT INTO permission_sets VALUES ('00000000-0000-7000-8000-000000000501', '00000000-0000-7000-8000-000000000201', NULL, 'project', '00000000-0000-7000-8000-000000000301', '00000000-0000-7000-8000-000000000206', '[\"delete\"]', 5000, 5000);
     INSERT INTO data_sharing_policies VALUES ('00000000-0000-7000-8000-000000000502', '00000000-0000-7000-8000-000000000201', 'telemetry', 1, '2026-01', 5001, 5001);
     INSERT INTO telemetry_events VALUES ('00000000-0000-7000-8000-000000000503', '00000000-0000-7000-8000-000000000201', '00000000-0000-7000-8000-000000000204', 'app.open', '{}', 5002, 5002);
     INSERT INTO telemetry_drops VALUES ('00000000-0000-7000-8000-000000000201', 3, 5003);",
    // 6: subscriptions and invoices
    "INSERT INTO subscription_plans VALUES ('00000000-0000-7000-8000-000000000601', '00000000-0000-7000-8000-000000000201', NULL, 'pro', 'active', 6000, 7000, 1024, 6000, 6000);
     INSERT INTO invoices VALUES ('00000000-0000-7000-8000-000000000602', '00000000-0000-7000-8000-000000000601', 'INV-1', 1200, 'EUR', 'paid', 6001, 6002, 6001, 6001);",
    // 7: provider secrets (an envelope's bytes; what they seal is the store's business)
    "INSERT INTO provider_secrets VALUES ('00000000-0000-7000-8000-000000000701', '00000000-0000-7000-8000-000000000401', 'api_key', zeroblob(45), 7000, 7000);",
    // 8: messages are indexed by the store per batch, no longer by a trigger
    "INSERT INTO messages (id, thread_id, role, content, created_at, updated_at)
         VALUES ('00000000-0000-7000-8000-000000000801', '00000000-0000-7000-8000-000000000102', 'user', 'สวัสดีครับ', 8000, 8000);
     INSERT INTO messages_fts (rowid, content) SELECT seq, content FROM messages WHERE id = '00000000-0000-7000-8000-000000000801';",
    // 9: a vector of a message, and its collection's row.
    "INSERT INTO vector_indexes (collection, model, dimensions, precision, vector_count, changes)
         VALUES ('messages', 'mini', 2, 'f32', 0, 0);
     INSERT INTO embeddings (id, owner_kind, owner_id, collection, model, dimensions, vector, content_hash,
             workspace_id, project_id, thread_id, owner_created_at, created_at, updated_at, message_id)
         VALUES ('00000000-0000-7000-8000-000000000901', 'message', '00000000-0000-7000-8000-000000000103',
             'messages', 'mini', 2, X'0000803F00000000', printf('%.64d', 9),
             '00000000-0000-7000-8000-000000000101', NULL, '00000000-0000-7000-8000-000000000102', 1003, 9000, 9000,
             '00000000-0000-7000-8000-000000000103');",
    // 10: an attachment carries its thread; the quota's budgets as an app set them.
    "INSERT INTO attachments VALUES ('00000000-0000-7000-8000-000000001001', '00000000-0000-7000-8000-000000000104',
         '00000000-0000-7000-8000-000000000102', 'map.pdf', 'application/pdf', 20, printf('%064d', 10), 10000, 10000);
     UPDATE storage_quota SET limit_bytes = 20000000000 WHERE category = 'total';",
    // 11: a content's file and an attachment holding it (the file itself is not made here).
    "INSERT INTO blobs VALUES (printf('%064d', 11), printf('%064d', 11), 4, 0, 0, 11000);
     INSERT INTO attachments (id, message_id, thread_id, filename, mime, size_bytes, sha256, bytes, kept_elsewhere, created_at, updated_at)
         VALUES ('00000000-0000-7000-8000-000000001101', '00000000-0000-7000-8000-000000000104',
             '00000000-0000-7000-8000-000000000102', 'a.txt', 'text/plain', 4, printf('%064d', 11), 'local', 1, 11000, 11000);",
    // 12: no new table or column (a trigger gave way to per-batch counting), nothing to add.
    "",
    // 13: a message with its author (audit entries are the store's own to write).
    "INSERT INTO messages (id, thread_id, role, content, created_at, updated_at, author_user_id)
         VALUES ('00000000-0000-7000-8000-000000001301', '00000000-0000-7000-8000-000000000102', 'user', 'by ada', 13000, 13000,
             '00000000-0000-7000-8000-000000000201');
     INSERT INTO messages_fts (rowid, content) SELECT seq, content FROM messages WHERE id = '00000000-0000-7000-8000-000000001301';",
];

/// Rows each version's seed adds, per table.
const SEEDED_ROWS: &[&[(&str, i64)]] = &[
    &[("workspaces", 1), ("threads", 1), ("messages", 3)],
    &[
        ("users", 1),
        ("organizations", 1),
        ("organization_members", 1),
        ("devices", 1),
        ("user_settings", 1),
        ("workspaces", 1),
        ("workspace_members", 1),
    ],
    &[("projects", 1), ("documents", 1), ("threads", 1), ("messages", 1), ("attachments", 1)],
    &[
        ("ai_provider_configs", 1),
        ("ai_interactions", 1),
        ("orchestration_flows", 1),
        ("orchestration_step_results", 1),
    ],
    &[("permission_sets", 1), ("data_sharing_policies", 1), ("telemetry_events", 1), ("telemetry_drops", 1)],
    &[("subscription_plans", 1), ("invoices", 1)],
    &[("provider_secrets", 1)],
    &[("messages", 1)],
    &[("vector_indexes", 1), ("embeddings", 1)],
    &[("attachments", 1)],
    &[("blobs", 1), ("attachments", 1)],
    &[],
    &[("messages", 1)],
];

/// Writes a store at schema `version` as the build of that version would have, with rows.
fn old_store(path: &Path, version: usize) {
    let conn = Connection::open(path).unwrap();
    unified_store::register_tokenizer(&conn).unwrap();
    conn.pragma_update(None, "foreign_keys", true).unwrap();
    for step in 0..version {
        // The build's own migrate() turns foreign keys off around its steps.
        conn.pragma_update(None, "foreign_keys", false).unwrap();
        conn.execute_batch(&format!("BEGIN; {} COMMIT;", MIGRATIONS[step])).unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        conn.execute_batch(SEEDS[step]).unwrap_or_else(|e| panic!("seed {} at version {}: {e}", step + 1, step + 1));
        conn.pragma_update(None, "user_version", step as u32 + 1).unwrap();
    }
}

/// Every schema object as SQLite records it, in a stable order.
fn schema(path: &Path) -> Vec<(String, String, String, Option<String>)> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).unwrap().map(Result::unwrap).collect()
}

fn count(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

#[test]
fn the_test_knows_every_migration() {
    assert_eq!(MIGRATIONS.len(), SCHEMA_VERSION as usize, "add the new migration, a seed and its rows here");
    assert_eq!(SEEDS.len(), MIGRATIONS.len());
    assert_eq!(SEEDED_ROWS.len(), MIGRATIONS.len());
}

#[test]
fn every_earlier_version_upgrades_to_the_fresh_schema_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("fresh.db");
    Store::open(&StoreConfig::file(fresh.to_string_lossy())).unwrap().close().unwrap();
    let fresh_schema = schema(&fresh);

    for version in 0..SCHEMA_VERSION as usize {
        let path = dir.path().join(format!("v{version}.db"));
        old_store(&path, version);
        let store = Store::open(&StoreConfig::file(path.to_string_lossy()))
            .unwrap_or_else(|e| panic!("upgrading from version {version}: {e}"));
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        check_data_through_the_api(&store, version);
        store.close().unwrap();

        assert_eq!(schema(&path), fresh_schema, "schema after upgrading from version {version}");
        let conn = Connection::open(&path).unwrap();
        let mut expected = std::collections::BTreeMap::new();
        for rows in &SEEDED_ROWS[..version] {
            for (table, n) in *rows {
                *expected.entry(*table).or_insert(0) += n;
            }
        }
        if version >= 1 {
            *expected.entry("users").or_insert(0) += 1; // the device owner of version-1 workspaces
        }
        for (table, n) in expected {
            assert_eq!(count(&conn, table), n, "rows of {table} after upgrading from version {version}");
        }
        let violations: i64 =
            conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
        assert_eq!(violations, 0, "foreign keys after upgrading from version {version}");
    }
}

/// What an app would see of the old data after the upgrade.
fn check_data_through_the_api(store: &Store, version: usize) {
    if version >= 1 {
        let old = store.workspaces().get("00000000-0000-7000-8000-000000000101").unwrap();
        assert_eq!(old.owner_user_id.as_deref(), Some("00000000-0000-7000-8000-000000000000"), "the device owner");
        let owner = store.users().get("00000000-0000-7000-8000-000000000000").unwrap();
        assert_eq!(owner.email, "owner@device.invalid");
        let hits = store.messages().search(&SearchQuery::words("umbrella")).unwrap();
        assert_eq!(hits.len(), 1, "the search index survived from version {version}");
        assert_eq!(hits[0].message.id, "00000000-0000-7000-8000-000000000103");
        // Reindexed by version 8: unicode61 alone kept 来週東京に行きます as one token.
        let hits = store.messages().search(&SearchQuery::words("東京")).unwrap();
        assert_eq!(hits.len(), 1, "CJK text of version {version} is found once reindexed");
        assert_eq!(hits[0].message.id, "00000000-0000-7000-8000-000000000105");
    }
    if version >= 2 {
        let lab = store.workspaces().get("00000000-0000-7000-8000-000000000206").unwrap();
        assert_eq!(lab.owner_organization_id.as_deref(), Some("00000000-0000-7000-8000-000000000202"));
        assert_eq!(store.users().get("00000000-0000-7000-8000-000000000201").unwrap().email, "ada@example.com");
    }
    if version >= 3 {
        let message = store.messages().get("00000000-0000-7000-8000-000000000304").unwrap();
        assert_eq!((message.model.as_deref(), message.prompt_tokens), (Some("m1"), Some(12)));
        let attachment = store.attachments().get("00000000-0000-7000-8000-000000000305").unwrap();
        assert_eq!(attachment.thread_id, "00000000-0000-7000-8000-000000000303", "its message's thread, backfilled");
    }
    // Version 10 counted what the store held; the triggers have counted since.
    let counted = store.storage().stats().unwrap();
    let recounted = store.storage().recount().unwrap();
    let counts = |stats: &unified_store::StorageStats| -> Vec<(u64, u64)> {
        stats.categories.iter().map(|c| (c.rows, c.logical_bytes)).collect()
    };
    assert_eq!(counts(&counted), counts(&recounted), "counters after upgrading from version {version}");
    if version >= 1 {
        let old = store.storage().workspace_usage("00000000-0000-7000-8000-000000000101").unwrap();
        assert!(old.categories[0].rows >= 4, "the old workspace's thread and messages are counted in it");
    }
    let quota = if version >= 10 { 20_000_000_000 } else { 10_000_000_000 }; // seed 10 raised it
    assert_eq!(store.storage().quota().unwrap().total_bytes, quota);
    if version >= 10 {
        let with_thread = store.attachments().get("00000000-0000-7000-8000-000000001001").unwrap();
        assert_eq!(with_thread.bytes, unified_store::AttachmentBytes::None, "an attachment of version 10 had no bytes");
    }
}

#[test]
fn upgrading_a_version_one_store_backfills_last_message_at() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    old_store(&path, 1);
    Store::open(&StoreConfig::file(path.to_string_lossy())).unwrap().close().unwrap();
    let conn = Connection::open(&path).unwrap();
    let last: Option<i64> = conn
        .query_row("SELECT last_message_at FROM threads WHERE id = '00000000-0000-7000-8000-000000000102'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(last, Some(1003), "the newest message's time");
}

#[test]
fn a_version_one_store_without_workspaces_gets_no_device_owner() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty-v1.db");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(MIGRATIONS[0]).unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    drop(conn);
    Store::open(&StoreConfig::file(path.to_string_lossy())).unwrap().close().unwrap();
    assert_eq!(count(&Connection::open(&path).unwrap(), "users"), 0);
}

/// The version-1 hash of an audit entry, written here from the encoding the audit module
/// documents (not by calling it): what a store of version 12 holds.
fn v1_hash(id: &str, action: &str, entity_id: &str, details: &str, created_at: i64, prev: &str) -> String {
    use sha2::{Digest, Sha256};
    fn field(hasher: &mut Sha256, text: &str) {
        hasher.update((text.len() as u64).to_be_bytes());
        hasher.update(text.as_bytes());
    }
    let mut hasher = Sha256::new();
    hasher.update(b"unified-store audit entry v1\0");
    field(&mut hasher, id);
    hasher.update([0u8]); // no actor
    for text in [action, "user", entity_id, details] {
        field(&mut hasher, text);
    }
    hasher.update(created_at.to_be_bytes());
    field(&mut hasher, prev);
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// A version-12 store whose audit log holds three version-1 entries; `break_at` edits one.
fn v12_with_audit(path: &Path, break_at: Option<i64>) -> String {
    old_store(path, 12);
    let conn = Connection::open(path).unwrap();
    let mut prev = "0".repeat(64);
    for seq in 1..=3i64 {
        let id = format!("00000000-0000-7000-8000-00000000aa0{seq}");
        let details = format!("{{\"name\":\"Ada {seq}\"}}");
        let hash = v1_hash(&id, "user.purge", &id, &details, seq * 100, &prev);
        let stored = if break_at == Some(seq) { "{\"name\":\"forged\"}".to_owned() } else { details };
        conn.execute(
            "INSERT INTO audit_log (id, actor_user_id, action, entity, entity_id, details, created_at, prev_hash, hash)
             VALUES (?1, NULL, 'user.purge', 'user', ?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![id, stored, seq * 100, prev, hash],
        )
        .unwrap();
        prev = hash;
    }
    conn.execute("UPDATE audit_head SET seq = 3, hash = ?1", [&prev]).unwrap();
    prev
}

#[test]
fn an_intact_version_one_audit_chain_is_rechained_as_version_two_and_keeps_its_old_head() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v12.db");
    let v1_head = v12_with_audit(&path, None);
    let store = Store::open(&StoreConfig::file(path.to_string_lossy())).unwrap();
    let verified = store.audit().verify().unwrap();
    assert!(verified.intact, "{verified:?}");
    assert_eq!(verified.entries_checked, 3);
    assert_ne!(verified.head_hash.as_deref(), Some(v1_head.as_str()), "a new chain");
    store.close().unwrap();
    let conn = Connection::open(&path).unwrap();
    let kept: String = conn.query_row("SELECT v1_hash FROM audit_head", [], |r| r.get(0)).unwrap();
    assert_eq!(kept, v1_head, "the old head, to match a copy kept elsewhere");
    let v2: i64 =
        conn.query_row("SELECT count(*) FROM audit_log WHERE details_sha256 IS NOT NULL", [], |r| r.get(0)).unwrap();
    assert_eq!(v2, 3);
    // Version 2: the details may now be erased, and the chain still verifies.
    conn.execute("UPDATE audit_log SET details = '{\"erased\":true}' WHERE seq = 2", []).unwrap();
    drop(conn);
    let store = Store::open(&StoreConfig::file(path.to_string_lossy())).unwrap();
    assert!(store.audit().verify().unwrap().intact);
}

#[test]
fn a_broken_version_one_chain_is_left_as_it_is_and_still_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v12-broken.db");
    v12_with_audit(&path, Some(2));
    let store = Store::open(&StoreConfig::file(path.to_string_lossy())).unwrap();
    let verified = store.audit().verify().unwrap();
    assert!(!verified.intact);
    assert_eq!(verified.first_break.unwrap().seq, 2, "the edit is still found where it was made");
    store.close().unwrap();
    let conn = Connection::open(&path).unwrap();
    let v1: i64 =
        conn.query_row("SELECT count(*) FROM audit_log WHERE details_sha256 IS NULL", [], |r| r.get(0)).unwrap();
    assert_eq!(v1, 3, "not re-chained: that would launder the edit");
    let refused = conn.execute("UPDATE audit_log SET details = '{\"erased\":true}' WHERE seq = 1", []);
    assert!(refused.is_err(), "a version-1 entry's details cannot be erased");
}
