//! Keying natively: a key opens its store and nothing else, a wrong or missing key changes
//! nothing, and no plaintext reaches any file of an encrypted store.

use super::*;
use crate::db::Db;
use crate::{MessageRole, NewDocument, NewUser, NewWorkspace, SearchQuery, Store, StoreConfig, StoreError};
use std::path::{Path, PathBuf};

const KEY: RawKey = [7; KEY_LEN];
const OTHER_KEY: RawKey = [9; KEY_LEN];

fn temp_store() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    (dir, path)
}

fn config(path: &Path) -> StoreConfig {
    StoreConfig::file(path.to_string_lossy())
}

fn open(path: &Path, key: Option<&RawKey>) -> Result<Store, StoreError> {
    match key {
        Some(key) => Store::open_with_raw_key(&config(path), key),
        None => Store::open(&config(path)),
    }
}

/// Every file of `dir` with its bytes, by name.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            (entry.file_name().to_string_lossy().into_owned(), std::fs::read(entry.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// The files of `dir` in which `marker` appears.
fn holding(dir: &Path, marker: &str) -> Vec<String> {
    files(dir)
        .into_iter()
        .filter(|(_, bytes)| bytes.windows(marker.len()).any(|w| w == marker.as_bytes()))
        .map(|(name, _)| name)
        .collect()
}

/// A store at `path` holding a workspace, a thread with one message and one document.
fn fill(store: &Store, message: &str, document: &str) {
    let owner = store.users().create(&NewUser::new("ada@example.com", "Ada")).unwrap();
    let workspace = store.workspaces().create(&NewWorkspace::for_user("Kept", &owner.id)).unwrap();
    let thread = store.threads().create(&workspace.id, "Thread").unwrap();
    store.messages().append(&thread.id, MessageRole::User, message).unwrap();
    store.documents().create(&NewDocument::new(&workspace.id, "Notes", document)).unwrap();
}

#[test]
fn a_keyed_store_reopens_with_its_key_and_searches_on_every_connection() {
    let (_dir, path) = temp_store();
    let store = open(&path, Some(&KEY)).unwrap();
    fill(&store, "encrypted words travel well", "a keyed document");
    store.close().unwrap();

    let header = std::fs::read(&path).unwrap();
    assert_ne!(&header[..16], b"SQLite format 3\0", "the first bytes are a salt, not SQLite's header");
    let store = open(&path, Some(&KEY)).unwrap();
    // A file store searches on its reader connections: they are keyed too.
    for _ in 0..3 {
        assert_eq!(store.messages().search(&SearchQuery::words("travel")).unwrap().len(), 1);
    }
    assert_eq!(store.schema_version().unwrap(), crate::SCHEMA_VERSION);
}

#[test]
fn a_wrong_missing_or_unneeded_key_is_refused_and_changes_nothing() {
    let (dir, path) = temp_store();
    let store = open(&path, Some(&KEY)).unwrap();
    fill(&store, "only for the right key", "doc");
    store.close().unwrap();
    let before = files(dir.path());

    for (label, key) in [("wrong key", Some(&OTHER_KEY)), ("no key", None)] {
        let error = open(&path, key).err().unwrap_or_else(|| panic!("{label}: opened"));
        assert!(matches!(error, StoreError::NotAStore { .. }), "{label}: {error:?}");
        assert_eq!(files(dir.path()), before, "{label}: the directory changed");
    }
    let typed = Db::open_keyed(&config(&path), Some(&OTHER_KEY), None);
    assert!(
        matches!(typed.err(), Some(StoreError::NotAStore { reason }) if reason == CipherError::WrongKey.to_string()),
        "a wrong key says so"
    );

    let (plain_dir, plain) = temp_store();
    let store = open(&plain, None).unwrap();
    fill(&store, "plaintext store", "doc");
    store.close().unwrap();
    let before = files(plain_dir.path());
    let error = open(&plain, Some(&KEY)).err().unwrap();
    assert!(matches!(error, StoreError::NotAStore { .. }), "a plaintext store with a key: {error:?}");
    assert_eq!(files(plain_dir.path()), before, "the plaintext store changed");
    assert_eq!(open(&plain, None).unwrap().messages().search(&SearchQuery::words("plaintext")).unwrap().len(), 1);
}

#[test]
fn an_in_memory_database_cannot_be_keyed() {
    let conn = Connection::open_in_memory().unwrap();
    assert!(matches!(key(&conn, &KEY), Err(CipherError::Unsupported(_))));
}

/// Markers in a message, a document and a searched word appear in no file of an encrypted
/// store's directory: not while it is open (the WAL holds the writes), not after a checkpoint,
/// not after closing. The same steps on a plaintext store find them all, so the search works.
#[test]
fn no_marker_reaches_any_file_of_an_encrypted_store() {
    const MESSAGE: &str = "qzvmsgmarker";
    const DOCUMENT: &str = "qzvdocmarker";
    const WORD: &str = "qzvwordmarker";
    for key in [Some(&KEY), None] {
        let (dir, path) = temp_store();
        let store = open(&path, key).unwrap();
        fill(&store, &format!("{MESSAGE} said {WORD}"), &format!("{DOCUMENT} and {WORD}"));
        assert_eq!(store.messages().search(&SearchQuery::words(WORD)).unwrap().len(), 1, "the word is indexed");
        let mut seen = Vec::new();
        seen.extend(files(dir.path()).into_iter().map(|(name, _)| name));
        let mut found: Vec<String> = [MESSAGE, DOCUMENT, WORD].iter().flat_map(|m| holding(dir.path(), m)).collect();
        store.cx.read(|conn| Ok(conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?)).unwrap();
        found.extend([MESSAGE, DOCUMENT, WORD].iter().flat_map(|m| holding(dir.path(), m)));
        store.close().unwrap();
        found.extend([MESSAGE, DOCUMENT, WORD].iter().flat_map(|m| holding(dir.path(), m)));
        if key.is_some() {
            assert!(seen.iter().any(|name| name.ends_with("-wal")), "the WAL was looked at: {seen:?}");
            assert_eq!(found, Vec::<String>::new(), "plaintext in the files of an encrypted store");
        } else {
            for marker in [MESSAGE, DOCUMENT] {
                assert!(!holding(dir.path(), marker).is_empty(), "{marker} is visible in a plaintext store");
            }
        }
    }
}
