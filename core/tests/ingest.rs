//! The message index kept in step per batch: FTS5's own integrity check passes after every
//! kind of writer (append, a rejected batch, edit, delete, restore, purge and the cascades of
//! purging a thread or a workspace), and reads of a file store answer while a long write is
//! under way.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rusqlite::Connection;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use unified_store::{MessageRole, NewMessage, NewUser, NewWorkspace, SearchQuery, Store, StoreConfig};

fn open(path: &Path) -> Store {
    Store::open(&StoreConfig::file(path.to_string_lossy())).unwrap()
}

fn workspace(store: &Store, name: &str) -> String {
    let user = store.users().create(&NewUser::new(format!("{name}@example.com"), name)).unwrap();
    store.workspaces().create(&NewWorkspace::for_user(name, &user.id)).unwrap().id
}

/// FTS5's integrity check of the message index against the messages table (the form with a
/// rank argument compares the index with the content table); panics naming `after` if not.
fn assert_index_intact(path: &Path, after: &str) {
    let conn = Connection::open(path).unwrap();
    unified_store::register_tokenizer(&conn).unwrap();
    conn.execute("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)", [])
        .unwrap_or_else(|error| panic!("the message index is out of step after {after}: {error}"));
    let indexed: i64 = conn.query_row("SELECT count(*) FROM messages_fts_docsize", [], |r| r.get(0)).unwrap();
    let stored: i64 = conn.query_row("SELECT count(*) FROM messages", [], |r| r.get(0)).unwrap();
    assert_eq!(indexed, stored, "every message indexed once after {after}");
}

fn hits(store: &Store, text: &str) -> usize {
    store.messages().search(&SearchQuery::words(text)).unwrap().len()
}

#[test]
fn the_index_stays_in_step_after_every_kind_of_writer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let store = open(&path);
    let ws = workspace(&store, "w");
    let (a, b) = (store.threads().create(&ws, "a").unwrap(), store.threads().create(&ws, "b").unwrap());
    let messages = store.messages();

    let one = messages.append(&a.id, MessageRole::User, "kestrel over the ridge").unwrap();
    assert_eq!(hits(&store, "kestrel"), 1, "found as soon as append returns");
    assert_index_intact(&path, "append");

    let batch: Vec<_> = (0..500)
        .map(|i| NewMessage::new(if i % 2 == 0 { &a.id } else { &b.id }, MessageRole::Assistant, format!("osprey {i}")))
        .collect();
    messages.append_batch(&batch).unwrap();
    assert_eq!(hits(&store, "osprey"), 20, "a page of the batch's 500");
    assert_index_intact(&path, "a batch");

    let mut rejected = batch.clone();
    rejected.push(NewMessage::new("00000000-0000-7000-8000-000000000000", MessageRole::User, "osprey lost"));
    assert!(messages.append_batch(&rejected).is_err());
    assert_eq!(messages.list(&a.id, &unified_store::PageRequest::first(1000)).unwrap().len(), 251);
    assert_index_intact(&path, "a rejected batch");

    messages.edit(&one.id, "falcon over the ridge").unwrap();
    assert_eq!((hits(&store, "kestrel"), hits(&store, "falcon")), (0, 1));
    assert_index_intact(&path, "edit");

    messages.delete(&one.id).unwrap();
    assert_index_intact(&path, "delete");
    messages.restore(&one.id).unwrap();
    assert_index_intact(&path, "restore");
    messages.purge(&one.id).unwrap();
    assert_eq!(hits(&store, "falcon"), 0);
    assert_index_intact(&path, "purge");

    store.threads().purge(&b.id).unwrap();
    assert_index_intact(&path, "a thread's purge cascade");
    store.workspaces().purge(&ws).unwrap();
    assert_eq!(hits(&store, "osprey"), 0);
    assert_index_intact(&path, "a workspace's purge cascade");
}

/// A file store reads on its own connections: while another connection holds the write
/// lock with a transaction open, reads and searches answer at once and see the last commit.
#[test]
fn reads_do_not_wait_for_an_open_write_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    // No busy timeout: a read that needed the write lock would fail at once with "busy".
    let config = StoreConfig { busy_timeout_ms: 0, ..StoreConfig::file(path.to_string_lossy()) };
    let store = Store::open(&config).unwrap();
    let ws = workspace(&store, "w");
    let thread = store.threads().create(&ws, "t").unwrap();
    let anchor = store.messages().append(&thread.id, MessageRole::User, "anchor message").unwrap();

    let mut writer = Connection::open(&path).unwrap();
    unified_store::register_tokenizer(&writer).unwrap();
    let tx = writer.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).unwrap();
    tx.execute("UPDATE threads SET title = 'renamed, not committed' WHERE id = ?1", [&thread.id]).unwrap();
    assert_eq!(store.messages().get(&anchor.id).unwrap(), anchor);
    assert_eq!(hits(&store, "anchor"), 1);
    assert_eq!(store.threads().get(&thread.id).unwrap().title, "t", "the last commit, not the open write");
    let busy = store.messages().append(&thread.id, MessageRole::User, "waits").unwrap_err();
    assert!(matches!(busy, unified_store::StoreError::Storage { .. }), "only the write is refused: {busy:?}");
    tx.rollback().unwrap();
}

/// The same with the store's own writer: while one thread appends a long batch (one write
/// transaction), reads and searches from another keep answering.
#[test]
fn reads_answer_while_a_long_write_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir.path().join("store.db"));
    let ws = workspace(&store, "w");
    let thread = store.threads().create(&ws, "t").unwrap();
    let anchor = store.messages().append(&thread.id, MessageRole::User, "anchor message").unwrap();
    let batch: Vec<_> =
        (0..100_000).map(|i| NewMessage::new(&thread.id, MessageRole::User, format!("bulk line {i}"))).collect();

    let writing = AtomicBool::new(true);
    let (reads_during_write, slowest) = std::thread::scope(|scope| {
        let writer = scope.spawn(|| {
            let appended = store.messages().append_batch(&batch).unwrap().len();
            writing.store(false, Ordering::SeqCst);
            appended
        });
        let (mut during, mut slowest) = (0, Duration::ZERO);
        while writing.load(Ordering::SeqCst) {
            let start = Instant::now();
            assert_eq!(store.messages().get(&anchor.id).unwrap(), anchor);
            assert_eq!(hits(&store, "anchor"), 1);
            if writing.load(Ordering::SeqCst) {
                during += 1;
                slowest = slowest.max(start.elapsed());
            }
        }
        assert_eq!(writer.join().unwrap(), batch.len());
        (during, slowest)
    });
    assert!(reads_during_write > 0, "no read finished while the batch was being written");
    eprintln!("{reads_during_write} reads answered during the write, the slowest in {slowest:?}");
    assert_eq!(hits(&store, "bulk"), 20, "the batch is searchable once committed");
}
