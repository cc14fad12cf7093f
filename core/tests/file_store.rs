//! What only a store in a real file can show: data outlives the connection, the schema
//! version guards the file, and a file that is not a store is refused with a typed error.

// A failed unwrap is a failed test; `[x.clone()]` reads better than `slice::from_ref(&x)`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::cloned_ref_to_slice_refs)]

use rusqlite::Connection;
use std::path::{Path, PathBuf};
use unified_store::{
    MessageRole, NewUser, NewWorkspace, PageRequest, SCHEMA_VERSION, SearchQuery, Store, StoreConfig, StoreError,
    Workspace,
};

fn open(path: &Path) -> Result<Store, StoreError> {
    Store::open(&StoreConfig::file(path.to_string_lossy()))
}

/// Workspace `name` owned by a fresh user (emails are unique per store).
fn workspace(store: &Store, name: &str) -> Result<Workspace, StoreError> {
    let owner = store.users().create(&NewUser::new(format!("{name}@example.com"), "Owner"))?;
    store.workspaces().create(&NewWorkspace::for_user(name, owner.id))
}

fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    (dir, path)
}

#[test]
fn reopening_keeps_every_record_and_the_index() {
    let (_dir, path) = temp_db();
    let store = open(&path).unwrap();
    let ws = workspace(&store, "Persisted").unwrap();
    let thread = store.threads().create(&ws.id, "Kept").unwrap();
    let message = store.messages().append(&thread.id, MessageRole::User, "durable words").unwrap();
    let thread = store.threads().get(&thread.id).unwrap(); // with last_message_at
    store.close().unwrap();

    let store = open(&path).unwrap();
    assert_eq!(store.workspaces().get(&ws.id).unwrap(), ws);
    assert_eq!(store.threads().get(&thread.id).unwrap(), thread);
    assert_eq!(store.messages().list(&thread.id, &PageRequest::first(10)).unwrap(), [message.clone()]);
    assert_eq!(store.messages().search(&SearchQuery::words("durable")).unwrap()[0].message, message);
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn file_stores_use_wal_and_enforce_foreign_keys() {
    let (_dir, path) = temp_db();
    open(&path).unwrap().close().unwrap();
    let conn = Connection::open(&path).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |row| row.get(0)).unwrap();
    assert_eq!(mode, "wal");
    // The schema itself refuses orphans, whatever code writes to it.
    conn.pragma_update(None, "foreign_keys", true).unwrap();
    let orphan = conn.execute(
        "INSERT INTO threads (id, workspace_id, title, created_at, updated_at) VALUES ('t', 'missing', 'x', 0, 0)",
        [],
    );
    let error = orphan.unwrap_err();
    assert_eq!(error.sqlite_error_code(), Some(rusqlite::ErrorCode::ConstraintViolation), "{error}");
}

#[test]
fn a_newer_store_file_is_refused_and_left_untouched() {
    let (_dir, path) = temp_db();
    open(&path).unwrap().close().unwrap();
    let newer = SCHEMA_VERSION + 1;
    Connection::open(&path).unwrap().pragma_update(None, "user_version", newer).unwrap();
    let before = std::fs::read(&path).unwrap();

    let error = open(&path).err().unwrap();
    assert_eq!(error, StoreError::IncompatibleVersion { found: newer, supported: SCHEMA_VERSION });
    assert_eq!(std::fs::read(&path).unwrap(), before, "the file is byte for byte as it was");
}

/// The files next to `path` (`-wal`, `-shm`, `-journal`), which opening must not create for a
/// file it refuses.
fn companions(path: &Path) -> Vec<PathBuf> {
    let dir = path.parent().unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|other| other != path && other.file_name().unwrap().to_string_lossy().starts_with(&name))
        .collect()
}

fn not_a_store(result: Result<Store, StoreError>) -> String {
    match result.err() {
        Some(StoreError::NotAStore { reason }) => reason,
        other => panic!("expected NotAStore, got {other:?}"),
    }
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_untouched() {
    let (_dir, path) = temp_db();
    std::fs::write(&path, b"these bytes are not an SQLite database, not even close to one....").unwrap();
    let before = std::fs::read(&path).unwrap();
    assert!(not_a_store(open(&path)).contains("not an SQLite database"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(companions(&path), Vec::<PathBuf>::new());
}

#[test]
fn another_applications_database_is_refused_before_anything_is_written() {
    let (_dir, path) = temp_db();
    let conn = Connection::open(&path).unwrap();
    // Another app's file, even one with a table named like ours, and in rollback-journal mode.
    conn.execute_batch("CREATE TABLE messages (id TEXT, body TEXT); INSERT INTO messages VALUES ('1', 'theirs');")
        .unwrap();
    drop(conn);
    let before = std::fs::read(&path).unwrap();
    let reason = not_a_store(open(&path));
    assert!(reason.contains("another application"), "{reason}");
    assert!(reason.len() < 200, "the reason is short: {reason}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "not switched to WAL, not migrated");
    assert_eq!(companions(&path), Vec::<PathBuf>::new());

    let conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "application_id", 0x1234_5678).unwrap();
    conn.execute_batch("DROP TABLE messages").unwrap();
    drop(conn);
    assert!(not_a_store(open(&path)).contains("application_id 0x12345678"));
}

#[test]
fn a_store_carries_its_application_id_and_an_older_one_gets_it() {
    let (_dir, path) = temp_db();
    open(&path).unwrap().close().unwrap();
    let application = |path: &Path| -> i32 {
        Connection::open(path).unwrap().query_row("PRAGMA application_id", [], |row| row.get(0)).unwrap()
    };
    assert_eq!(application(&path), 0x5553_5452, "\"USTR\"");
    // A store written before the id existed is still recognised by its tables.
    Connection::open(&path).unwrap().pragma_update(None, "application_id", 0).unwrap();
    open(&path).unwrap().close().unwrap();
    assert_eq!(application(&path), 0x5553_5452);
}

#[test]
fn memory_and_uri_paths_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let cwd_before = std::fs::read_dir(".").unwrap().count();
    let directory = dir.path().to_string_lossy().into_owned();
    let nul = format!("{directory}/a\0b.db");
    let long = "x".repeat(5000);
    for path in [":memory:", "file::memory:", "file:app.db?mode=memory&cache=shared", "FILE:app.db", "  ", ""]
        .into_iter()
        .chain([directory.as_str(), nul.as_str(), long.as_str()])
    {
        match Store::open(&StoreConfig::file(path)) {
            Err(StoreError::InvalidInput { field, reason }) => {
                assert_eq!(field, "path", "{path:?}");
                assert!(reason.len() < 300, "the reason does not repeat the path's bulk: {}", reason.len());
            }
            other => panic!("{path:?}: expected InvalidInput on path, got {:?}", other.map(|_| ())),
        }
    }
    assert_eq!(std::fs::read_dir(".").unwrap().count(), cwd_before, "no file was created");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_busy_timeout_sqlite_cannot_take_is_invalid_input() {
    let (_dir, path) = temp_db();
    let config = StoreConfig { busy_timeout_ms: u32::MAX, ..StoreConfig::file(path.to_string_lossy()) };
    let refused = |result: Result<(), StoreError>| matches!(result, Err(StoreError::InvalidInput { field, .. }) if field == "busy_timeout_ms");
    assert!(refused(config.check()));
    assert!(refused(Store::open(&config).map(drop)));
    assert!(!path.exists(), "refused before the file was made");
    let longest = StoreConfig { busy_timeout_ms: i32::MAX as u32, ..config };
    assert_eq!(longest.check(), Ok(()));
    Store::open(&longest).unwrap().close().unwrap();
}

#[test]
fn a_page_cache_out_of_bounds_is_invalid_input() {
    let (_dir, path) = temp_db();
    for cache_mib in [0, unified_store::limits::CACHE_MIB_MAX + 1, u32::MAX] {
        let config = StoreConfig { cache_mib, ..StoreConfig::file(path.to_string_lossy()) };
        let refused = Store::open(&config).map(drop);
        assert!(
            matches!(refused, Err(StoreError::InvalidInput { ref field, .. }) if field == "cache_mib"),
            "{refused:?}"
        );
        assert!(!path.exists(), "refused before the file was made");
    }
    let store = Store::open(&StoreConfig { cache_mib: 1, ..StoreConfig::file(path.to_string_lossy()) }).unwrap();
    let ws = workspace(&store, "smallcache").unwrap();
    assert_eq!(store.workspaces().get(&ws.id).unwrap().name, "smallcache");
}

#[test]
fn a_search_past_its_budget_is_stopped_with_invalid_input() {
    let (_dir, path) = temp_db();
    let store =
        Store::open(&StoreConfig { search_timeout_ms: 1, ..StoreConfig::file(path.to_string_lossy()) }).unwrap();
    let ws = workspace(&store, "busy").unwrap();
    let thread = store.threads().create(&ws.id, "many").unwrap();
    let batch: Vec<_> = (0..20_000)
        .map(|i| unified_store::NewMessage::new(&thread.id, MessageRole::User, format!("common words {i} common")))
        .collect();
    store.messages().append_batch(&batch).unwrap();
    // Ranking 20,000 matches keeps SQLite busy far beyond a millisecond.
    match store.messages().search(&SearchQuery::words("common words")) {
        Err(StoreError::InvalidInput { field, reason }) => {
            assert_eq!(field, "query");
            assert!(reason.contains("search budget"), "{reason}");
        }
        other => panic!("expected the search to be stopped, got {:?}", other.map(|hits| hits.len())),
    }
    // The connection is sound afterwards, and a store without a budget answers in full.
    assert_eq!(store.messages().list(&thread.id, &PageRequest::first(1)).unwrap().len(), 1);
    let patient =
        Store::open(&StoreConfig { search_timeout_ms: 0, ..StoreConfig::file(path.to_string_lossy()) }).unwrap();
    assert_eq!(patient.messages().search(&SearchQuery::words("common")).unwrap().len(), 20);
}

#[test]
fn a_path_in_a_missing_directory_is_a_storage_error() {
    let (dir, _) = temp_db();
    let error = open(&dir.path().join("no/such/dir/store.db")).err().unwrap();
    assert!(matches!(error, StoreError::Storage { ref reason } if reason.contains("cannot open")), "{error:?}");
}

#[test]
fn opening_twice_migrates_once() {
    let (_dir, path) = temp_db();
    let first = open(&path).unwrap();
    workspace(&first, "one").unwrap();
    first.close().unwrap();
    let second = open(&path).unwrap();
    assert_eq!(second.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(second.workspaces().list(&PageRequest::default()).unwrap().len(), 1);
}

#[test]
fn two_stores_on_one_file_see_each_others_writes() {
    let (_dir, path) = temp_db();
    let (a, b) = (open(&path).unwrap(), open(&path).unwrap());
    let ws = workspace(&a, "shared").unwrap();
    let thread = b.threads().create(&ws.id, "from b").unwrap();
    a.messages().append(&thread.id, MessageRole::User, "written by a").unwrap();
    assert_eq!(b.messages().search(&SearchQuery::words("written")).unwrap().len(), 1);
}

#[test]
fn a_store_is_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Store>();
    let (_dir, path) = temp_db();
    let store = open(&path).unwrap();
    let thread = store.threads().create(&workspace(&store, "w").unwrap().id, "t").unwrap();
    let writers: Vec<_> = (0..4)
        .map(|n| {
            let (messages, thread_id) = (store.messages(), thread.id.clone());
            std::thread::spawn(move || {
                for i in 0..25 {
                    messages.append(&thread_id, MessageRole::User, &format!("writer {n} line {i}")).unwrap();
                }
            })
        })
        .collect();
    writers.into_iter().for_each(|w| w.join().unwrap());
    assert_eq!(store.messages().list(&thread.id, &PageRequest::first(1000)).unwrap().len(), 100);
}

#[test]
fn an_empty_path_is_invalid_rather_than_a_throwaway_file() {
    for path in ["", "  "] {
        let error = Store::open(&StoreConfig::file(path)).err().unwrap();
        assert!(matches!(error, StoreError::InvalidInput { ref field, .. } if field == "path"), "{error:?}");
    }
}

#[test]
fn search_hits_stay_with_their_messages_after_vacuum_and_rebuilds() {
    let (_dir, path) = temp_db();
    let store = open(&path).unwrap();
    let thread = store.threads().create(&workspace(&store, "w").unwrap().id, "t").unwrap();
    let words = ["alpha", "bravo", "charlie", "delta"];
    let messages: Vec<_> =
        words.iter().map(|w| store.messages().append(&thread.id, MessageRole::User, w).unwrap()).collect();
    store.close().unwrap();

    // Purge a row, then rebuild the table as a later migration might and VACUUM: an index
    // keyed on the implicit rowid would now point hits at other messages.
    let conn = Connection::open(&path).unwrap();
    unified_store::register_tokenizer(&conn).unwrap();
    conn.execute("DELETE FROM messages WHERE id = ?1", [&messages[1].id]).unwrap();
    conn.execute_batch(
        "CREATE TABLE rebuilt AS SELECT * FROM messages; DROP TABLE messages;
         ALTER TABLE rebuilt RENAME TO messages; VACUUM;",
    )
    .unwrap();
    drop(conn);

    let store = open(&path).unwrap();
    for (word, message) in words.iter().zip(&messages).filter(|(w, _)| **w != "bravo") {
        let hits = store.messages().search(&SearchQuery::words(*word)).unwrap();
        assert_eq!(hits.iter().map(|h| &h.message.id).collect::<Vec<_>>(), [&message.id], "{word}");
    }
}
