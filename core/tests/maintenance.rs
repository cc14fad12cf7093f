//! The maintenance pass on real files: it archives quiet threads but never pinned ones,
//! evicts only what the app keeps elsewhere and only in archived threads, drops archived
//! threads' vectors, gives space back, reports what it freed, refuses a second pass at once,
//! and killed with SIGKILL at random points (50 times by default) leaves a store that passes
//! `integrity_check`, has no orphan or missing file, and finishes the job when run again.
//!
//! `UNIFIED_STORE_MAINTENANCE_KILLS` sets how many kills.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rusqlite::Connection;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;
use unified_store::{
    AttachmentBytes, MaintenancePolicy, MaintenanceReport, MessageRole, NewAttachmentFile, NewEmbedding, NewUser,
    NewWorkspace, NoProgress, OwnerKind, PageRequest, StorageCategory, Store, StoreConfig, StoreError, ThreadPatch,
};

const STORE_VAR: &str = "UNIFIED_STORE_MAINTENANCE_CHILD_STORE";

fn open(path: &Path) -> Store {
    Store::open(&StoreConfig::file(path.to_string_lossy())).unwrap()
}

/// `threads` threads of 3 messages, each message with an attachment (kept elsewhere when
/// `kept`) and a vector; returns the workspace.
fn fill(store: &Store, threads: usize, kept: bool) -> String {
    let owner = store.users().create(&NewUser::new(format!("o{threads}{kept}@example.com"), "O")).unwrap();
    let workspace = store.workspaces().create(&NewWorkspace::for_user("W", &owner.id)).unwrap();
    for t in 0..threads {
        let thread = store.threads().create(&workspace.id, &format!("T{t}")).unwrap();
        for m in 0..3 {
            let message =
                store.messages().append(&thread.id, MessageRole::User, &format!("m{m} {}", "x".repeat(500))).unwrap();
            let file = NewAttachmentFile {
                message_id: message.id.clone(),
                filename: "f.bin".into(),
                mime: "application/octet-stream".into(),
            };
            let salt = if kept { 101 } else { 0 }; // no file shared between the two fills
            let bytes: Vec<u8> = (0..20_000u32).map(|i| (i * 7 + t as u32 * 13 + m + salt) as u8).collect();
            let attachment = store.attachments().write(&file, &mut bytes.as_slice()).unwrap();
            store.attachments().set_kept_elsewhere(&attachment.id, kept).unwrap();
            store
                .embeddings()
                .upsert(&NewEmbedding::new(OwnerKind::Message, &message.id, "c", "m", [1.0, t as f32, m as f32]))
                .unwrap();
        }
    }
    workspace.id
}

/// Makes every thread quiet for a year, as if its last message were that old.
fn age(path: &Path) {
    let conn = Connection::open(path).unwrap();
    conn.execute("UPDATE threads SET last_message_at = 1000, created_at = 1000", []).unwrap();
}

fn step<'a>(report: &'a MaintenanceReport, name: &str) -> &'a unified_store::MaintenanceStep {
    report.steps.iter().find(|step| step.step == name).unwrap()
}

fn files(path: &Path) -> Vec<String> {
    let mut names = Vec::new();
    let root = path.with_file_name("store.db-blobs");
    for folder in std::fs::read_dir(&root).into_iter().flatten() {
        let folder = folder.unwrap().path();
        if folder.is_dir() && folder.file_name().unwrap() != "tmp" {
            names.extend(
                std::fs::read_dir(&folder).unwrap().map(|f| f.unwrap().file_name().to_string_lossy().into_owned()),
            );
        }
    }
    names.sort();
    names
}

#[test]
fn maintenance_archives_evicts_drops_and_reclaims_what_it_may_and_reports_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let store = open(&path);
    let kept_ws = fill(&store, 4, true);
    let local_ws = fill(&store, 2, false);
    let threads = |ws: &str| store.threads().list(ws, &PageRequest::first(100)).unwrap();
    let pinned = threads(&kept_ws)[0].id.clone();
    store.threads().update(&pinned, &ThreadPatch { pinned: Some(true), ..ThreadPatch::default() }).unwrap();
    let fresh = store.threads().create(&kept_ws, "fresh").unwrap();
    store.close().unwrap();
    age(&path);
    let store = open(&path);
    store
        .threads()
        .update(&fresh.id, &ThreadPatch { title: Some("touched".into()), ..ThreadPatch::default() })
        .unwrap();
    Connection::open(&path)
        .unwrap()
        .execute("UPDATE threads SET last_message_at = ?1 WHERE id = ?2", rusqlite::params![i64::MAX / 4, fresh.id])
        .ok();
    let attachments_before = store.storage().stats().unwrap().categories[2].logical_bytes;
    let files_before = files(&path).len();

    let report = store.storage().maintain(&MaintenancePolicy::default(), &NoProgress).unwrap();
    assert!(report.ran);
    // 4 + 2 old threads, less the pinned one; not the fresh one.
    assert_eq!(step(&report, "archive").items, 5);
    assert!(store.threads().get(&pinned).map(|t| !t.archived).unwrap(), "a pinned thread is never archived");
    // Only the 3 kept-elsewhere archived threads' 9 attachments are evicted.
    let evict = step(&report, "evict");
    assert_eq!(evict.items, 9);
    let attachments_after = store.storage().stats().unwrap().categories[2].logical_bytes;
    assert_eq!(evict.freed_bytes, attachments_before - attachments_after, "frees what it reports");
    assert!(evict.freed_bytes >= 9 * 20_000, "at least the files' bytes: {}", evict.freed_bytes);
    assert_eq!(files(&path).len(), files_before - 9, "their files are gone");
    for thread in store.threads().list_archived(&kept_ws, &PageRequest::first(10)).unwrap() {
        for message in store.messages().list(&thread.id, &PageRequest::first(10)).unwrap() {
            let attachment = &store.attachments().list(&message.id, &PageRequest::first(10)).unwrap()[0];
            assert_eq!(attachment.bytes, AttachmentBytes::Evicted);
            let error = store.attachments().read(&attachment.id).unwrap_err();
            assert!(matches!(error, StoreError::NotFound { ref entity, .. } if entity == "attachment_bytes"));
        }
    }
    // Attachments not kept elsewhere stay, archived or not; the pinned thread's too.
    for thread in store.threads().list_archived(&local_ws, &PageRequest::first(10)).unwrap() {
        let message = &store.messages().list(&thread.id, &PageRequest::first(1)).unwrap()[0];
        let attachment = &store.attachments().list(&message.id, &PageRequest::first(1)).unwrap()[0];
        assert_eq!(store.attachments().read(&attachment.id).unwrap().len(), 20_000);
    }
    // Vectors of the 5 archived threads' 15 messages are dropped; the pinned thread's 3 stay.
    let vectors = step(&report, "vectors");
    assert_eq!(vectors.items, 15);
    assert!(vectors.freed_bytes > 15 * 12);
    assert_eq!(store.embeddings().info("c", "m").unwrap().count, 3);
    assert!(step(&report, "reclaim").items > 0, "pages given back");
    assert!(report.estimated_bytes_after < report.estimated_bytes_before);
    let counted = store.storage().stats().unwrap();
    let recounted = store.storage().recount().unwrap();
    let counts =
        |s: &unified_store::StorageStats| s.categories.iter().map(|c| (c.rows, c.logical_bytes)).collect::<Vec<_>>();
    assert_eq!(counts(&counted), counts(&recounted));
    // Again: nothing left to do.
    let again = store.storage().maintain(&MaintenancePolicy::default(), &NoProgress).unwrap();
    assert_eq!((step(&again, "archive").items, step(&again, "evict").items, step(&again, "vectors").items), (0, 0, 0));
    let ok: String = Connection::open(&path).unwrap().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
}

#[test]
fn one_pass_at_a_time_cancel_keeps_what_is_done_and_due_reads_the_threshold() {
    let store = Store::open_in_memory().unwrap();
    fill(&store, 1, true);
    let nested = std::cell::RefCell::new(None);
    let progress = |_: u64, _: u64| {
        if nested.borrow().is_none() {
            *nested.borrow_mut() = Some(store.storage().maintain(&MaintenancePolicy::default(), &NoProgress));
        }
        true
    };
    store.storage().maintain(&MaintenancePolicy::default(), &progress).unwrap();
    let second = nested.into_inner().unwrap().unwrap_err();
    assert!(matches!(second, StoreError::Conflict { ref entity, .. } if entity == "maintenance"), "{second:?}");
    let cancelled = store.storage().maintain(&MaintenancePolicy::default(), &|_: u64, _: u64| false).unwrap_err();
    assert_eq!(cancelled, StoreError::Cancelled);
    store.storage().maintain(&MaintenancePolicy::default(), &NoProgress).unwrap();

    let policy = MaintenancePolicy::default();
    assert!(!store.storage().maintenance_due(&policy).unwrap());
    let used = store
        .storage()
        .stats()
        .unwrap()
        .categories
        .into_iter()
        .find(|c| c.category == StorageCategory::Attachments)
        .unwrap();
    let quota = store.storage().quota().unwrap();
    store.storage().set_quota(&unified_store::Quota { attachments_bytes: used.estimated_bytes + 1, ..quota }).unwrap();
    assert!(store.storage().maintenance_due(&policy).unwrap() || used.estimated_bytes == 0);
    let viewer = store.users().create(&NewUser::new("v@example.com", "V")).unwrap();
    let view = store.acting_as(&viewer.id).unwrap();
    assert!(matches!(view.storage().maintain(&policy, &NoProgress), Err(StoreError::PermissionDenied { .. })));
}

/// The child: maintenance over and over, putting back what it undid, until it is killed.
#[test]
#[ignore = "run by maintenance_killed_at_random_points_leaves_a_consistent_store as its child process"]
fn child_maintains_until_killed() {
    let path = std::path::PathBuf::from(std::env::var(STORE_VAR).expect("run as a child"));
    for round in 0.. {
        let store = open(&path);
        store.storage().maintain(&MaintenancePolicy::default(), &NoProgress).unwrap();
        // Undo it: unarchive, and give each thread new bytes and vectors to evict and drop.
        let workspace = &store.workspaces().list(&PageRequest::first(1)).unwrap()[0];
        for thread in store.threads().list_archived(&workspace.id, &PageRequest::first(100)).unwrap() {
            store
                .threads()
                .update(&thread.id, &ThreadPatch { archived: Some(false), ..ThreadPatch::default() })
                .unwrap();
            let message = &store.messages().list(&thread.id, &PageRequest::first(1)).unwrap()[0];
            let file = NewAttachmentFile {
                message_id: message.id.clone(),
                filename: "r.bin".into(),
                mime: "application/octet-stream".into(),
            };
            let bytes = vec![round as u8; 30_000 + round % 1000];
            let attachment = store.attachments().write(&file, &mut bytes.as_slice()).unwrap();
            store.attachments().set_kept_elsewhere(&attachment.id, true).unwrap();
            store
                .embeddings()
                .upsert(&NewEmbedding::new(OwnerKind::Message, &message.id, "c", "m", [1.0, round as f32, 0.5]))
                .unwrap();
        }
        store.close().unwrap();
    }
}

#[test]
fn maintenance_killed_at_random_points_leaves_a_consistent_store() {
    let kills: u64 = std::env::var("UNIFIED_STORE_MAINTENANCE_KILLS").ok().and_then(|n| n.parse().ok()).unwrap_or(50);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    {
        let store = open(&path);
        fill(&store, 12, true);
        store.close().unwrap();
        age(&path);
    }
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    for kill in 0..kills {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "child_maintains_until_killed", "--ignored", "--nocapture"])
            .env(STORE_VAR, &path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_millis(30 + seed % 400));
        let still_running = child.try_wait().unwrap().is_none();
        assert!(still_running, "kill {kill}: the child ended on its own");
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();

        let store = open(&path); // collects what the kill left
        let ok: String =
            Connection::open(&path).unwrap().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(ok, "ok", "kill {kill}");
        let conn = Connection::open(&path).unwrap();
        let mut stmt = conn.prepare("SELECT file FROM blobs ORDER BY file").unwrap();
        let recorded: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
        assert_eq!(files(&path), recorded, "kill {kill}: a file no row names, or a row without its file");
        let mut stmt = conn.prepare("SELECT id FROM attachments WHERE bytes = 'local'").unwrap();
        for id in stmt.query_map([], |r| r.get::<_, String>(0)).unwrap().map(Result::unwrap) {
            store.attachments().read(&id).unwrap_or_else(|e| panic!("kill {kill}: attachment {id}: {e}"));
        }
        // A rerun finishes the job.
        store.storage().maintain(&MaintenancePolicy::default(), &NoProgress).unwrap();
        let left: i64 = conn
            .query_row(
                "SELECT (SELECT count(*) FROM threads WHERE archived = 0 AND pinned = 0 AND coalesce(last_message_at, created_at) < 100000)
                      + (SELECT count(*) FROM attachments a JOIN threads t ON t.id = a.thread_id WHERE t.archived = 1 AND a.bytes = 'local' AND a.kept_elsewhere = 1)
                      + (SELECT count(*) FROM embeddings e JOIN threads t ON t.id = e.thread_id WHERE t.archived = 1)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(left, 0, "kill {kill}: the rerun left work undone");
        store.close().unwrap();
    }
}
