//! Encrypted file stores through the public API: the key hierarchy (key file, KEK, data key),
//! a wrong or missing key refused before anything changes, rotating the KEK (O(1)) and the
//! data key (a rewrite with progress), converting in place, and no plaintext in any file.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use unified_store::{
    KdfParams, MessageRole, NewDocument, NewProviderConfig, NewUser, NewWorkspace, NoProgress, ProviderKind,
    SearchQuery, SecretKind, Store, StoreConfig, StoreError, StoreKey,
};

fn raw(byte: u8) -> StoreKey {
    StoreKey::Raw { bytes: vec![byte; 32] }
}

fn passphrase(text: &str) -> StoreKey {
    StoreKey::Passphrase { passphrase: text.into() }
}

fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    (dir, path)
}

fn open(path: &Path, key: Option<StoreKey>) -> Result<Store, StoreError> {
    let config =
        StoreConfig { key, kdf: Some(KdfParams::INSECURE_FOR_TESTS), ..StoreConfig::file(path.to_string_lossy()) };
    Store::open(&config)
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

/// The names of the files of `dir` in which `marker` appears.
fn holding(dir: &Path, marker: &str) -> Vec<String> {
    files(dir)
        .into_iter()
        .filter(|(_, bytes)| bytes.windows(marker.len()).any(|window| window == marker.as_bytes()))
        .map(|(name, _)| name)
        .collect()
}

/// A user, a workspace, a thread of `messages` messages saying `words`, a document, and a
/// provider config with an API key (if the store has a key).
fn fill(store: &Store, words: &str, messages: usize) {
    let owner = store.users().create(&NewUser::new("ada@example.com", "Ada")).unwrap();
    let workspace = store.workspaces().create(&NewWorkspace::for_user("Kept", &owner.id)).unwrap();
    let thread = store.threads().create(&workspace.id, "Thread").unwrap();
    for n in 0..messages {
        store.messages().append(&thread.id, MessageRole::User, &format!("{words} number {n}")).unwrap();
    }
    store.documents().create(&NewDocument::new(&workspace.id, "Notes", format!("document {words}"))).unwrap();
    if store.has_key() {
        let config =
            store.providers().create(&NewProviderConfig::new(&owner.id, ProviderKind::OpenAi, "OpenAI")).unwrap();
        store.providers().set_secret(&config.id, SecretKind::ApiKey, "sk-qzvsecretmarker").unwrap();
    }
}

fn hits(store: &Store, word: &str) -> usize {
    let query = SearchQuery { limit: unified_store::limits::PAGE_MAX, ..SearchQuery::words(word) };
    store.messages().search(&query).unwrap().len()
}

#[test]
fn a_file_store_opened_with_a_key_is_encrypted_and_opens_only_with_it() {
    for key in [raw(7), passphrase("correct horse")] {
        let (dir, path) = temp();
        let store = open(&path, Some(key.clone())).unwrap();
        assert!(store.has_key());
        fill(&store, "travel", 3);
        store.close().unwrap();
        assert_ne!(&std::fs::read(&path).unwrap()[..16], b"SQLite format 3\0");
        assert!(dir.path().join("store.db-keys").exists(), "the key file lies beside the store");

        let before = files(dir.path());
        let wrong = match key {
            StoreKey::Raw { .. } => raw(8),
            StoreKey::Passphrase { .. } => passphrase("wrong horse"),
        };
        for (label, attempt) in [("wrong key", Some(wrong)), ("no key", None), ("other kind", Some(passphrase("x")))] {
            let error = open(&path, attempt).err().unwrap_or_else(|| panic!("{label}: opened"));
            assert!(matches!(error, StoreError::InvalidKey { .. }), "{label}: {error:?}");
            assert_eq!(files(dir.path()), before, "{label}: a file changed");
        }
        let store = open(&path, Some(key)).unwrap();
        assert_eq!(hits(&store, "travel"), 3, "search works on every connection of an encrypted store");
    }
}

#[test]
fn a_plaintext_store_given_a_key_is_refused_unchanged() {
    let (dir, path) = temp();
    fill(&open(&path, None).unwrap(), "plain", 1);
    let before = files(dir.path());
    let error = open(&path, Some(raw(7))).err().unwrap();
    assert!(matches!(error, StoreError::InvalidKey { .. }), "{error:?}");
    assert_eq!(files(dir.path()), before);
}

#[test]
fn a_damaged_key_file_or_a_store_without_one_is_a_typed_error() {
    let (dir, path) = temp();
    fill(&open(&path, Some(raw(7))).unwrap(), "kept", 1);
    let key_file = dir.path().join("store.db-keys");
    let saved = std::fs::read(&key_file).unwrap();
    // A bit flipped anywhere in the key file: refused, never a panic.
    for at in (0..saved.len()).step_by(97) {
        let mut flipped = saved.clone();
        flipped[at] ^= 0x10;
        std::fs::write(&key_file, &flipped).unwrap();
        if let Err(error) = open(&path, Some(raw(7))) {
            assert!(
                matches!(
                    error,
                    StoreError::InvalidKey { .. } | StoreError::Storage { .. } | StoreError::NotAStore { .. }
                ),
                "byte {at}: {error:?}"
            );
        }
    }
    std::fs::remove_file(&key_file).unwrap();
    let error = open(&path, Some(raw(7))).err().unwrap();
    assert!(matches!(error, StoreError::InvalidKey { .. }), "{error:?}");
    let error = open(&path, None).err().unwrap();
    assert!(matches!(error, StoreError::NotAStore { .. }), "{error:?}");
    std::fs::write(&key_file, &saved).unwrap();
    assert_eq!(hits(&open(&path, Some(raw(7))).unwrap(), "kept"), 1);
}

#[test]
fn flipped_pages_are_refused_as_damaged_never_read_as_data() {
    let (_dir, path) = temp();
    let store = open(&path, Some(raw(7))).unwrap();
    fill(&store, "pages", 50);
    store.close().unwrap();
    let mut bytes = std::fs::read(&path).unwrap();
    // One bit flipped in every page but the first: each fails its authentication tag.
    for page in bytes.chunks_mut(4096).skip(1) {
        page[100] ^= 0x01;
    }
    std::fs::write(&path, &bytes).unwrap();
    match open(&path, Some(raw(7))) {
        Err(error) => assert!(matches!(error, StoreError::Storage { .. } | StoreError::NotAStore { .. }), "{error:?}"),
        Ok(store) => {
            let search = store.messages().search(&SearchQuery::words("pages"));
            assert!(matches!(search, Err(StoreError::Storage { .. })), "{search:?}");
        }
    }
}

#[test]
fn changing_the_key_rewraps_without_rewriting_pages() {
    let (_dir, path) = temp();
    let store = open(&path, Some(passphrase("old one"))).unwrap();
    fill(&store, "kept", 2);
    let pages_before = std::fs::read(&path).unwrap();
    store.change_key(&raw(9), None).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), pages_before, "no page was rewritten");
    store.close().unwrap();
    assert!(matches!(open(&path, Some(passphrase("old one"))).err(), Some(StoreError::InvalidKey { .. })));
    let store = open(&path, Some(raw(9))).unwrap();
    assert_eq!(hits(&store, "kept"), 2);
    let ada = store.users().list(&unified_store::PageRequest::first(1)).unwrap().remove(0);
    let config = store.providers().list(&ada.id, &unified_store::PageRequest::first(1)).unwrap().remove(0);
    let secret = store.providers().reveal_secret(&config.id, SecretKind::ApiKey).unwrap();
    assert_eq!(secret.as_deref(), Some("sk-qzvsecretmarker"), "secrets open under the new key");
}

#[test]
fn rekey_rewrites_every_page_under_a_new_data_key_with_progress() {
    let (dir, path) = temp();
    let store = open(&path, Some(raw(7))).unwrap();
    // Over 1 MiB of pages, so the copy takes several steps.
    fill(&store, &format!("rotated {}", "filler text ".repeat(500)), 200);
    let before = std::fs::read(&path).unwrap();
    let reports = RefCell::new(Vec::new());
    let progress = |done: u64, total: u64| {
        reports.borrow_mut().push((done, total));
        true
    };
    store.rekey(&progress).unwrap();
    let reports = reports.into_inner();
    assert!(reports.len() >= 3, "{reports:?}");
    assert!(reports.windows(2).all(|pair| pair[0].0 <= pair[1].0), "progress only grows: {reports:?}");
    let (done, total) = *reports.last().unwrap();
    assert_eq!(done, total);
    // The open store goes on working, on the new file.
    assert_eq!(hits(&store, "rotated"), 200);
    store.messages().search(&SearchQuery::words("rotated")).unwrap();
    store.close().unwrap();
    let after = std::fs::read(&path).unwrap();
    assert_ne!(before[..4096], after[..4096]);
    assert!(!dir.path().join("store.db-rewrite").exists(), "no copy is left behind");
    let store = open(&path, Some(raw(7))).unwrap();
    assert_eq!(hits(&store, "rotated"), 200);
}

#[test]
fn a_cancelled_rewrite_leaves_the_store_as_it_was() {
    let (dir, path) = temp();
    let store = open(&path, Some(raw(7))).unwrap();
    fill(&store, "unchanged", 300);
    let cancel_at_once = |_done: u64, _total: u64| false;
    assert_eq!(store.rekey(&cancel_at_once), Err(StoreError::Cancelled));
    assert_eq!(
        store.decrypt_in_place(&cancel_at_once),
        Err(StoreError::InvalidInput {
            field: "store".into(),
            reason: "holds 1 sealed provider secrets, which need a key: clear them before decrypting".into()
        })
    );
    assert_eq!(hits(&store, "unchanged"), 300, "the store works after a cancel");
    assert!(store.has_key(), "a refused rewrite keeps the store's keys");
    let ada = store.users().list(&unified_store::PageRequest::first(1)).unwrap().remove(0);
    let config = store.providers().list(&ada.id, &unified_store::PageRequest::first(1)).unwrap().remove(0);
    assert!(store.providers().reveal_secret(&config.id, SecretKind::ApiKey).unwrap().is_some());
    store.messages().append(&first_thread(&store), MessageRole::User, "unchanged later").unwrap();
    store.close().unwrap();
    assert!(!dir.path().join("store.db-rewrite").exists());
    assert_eq!(hits(&open(&path, Some(raw(7))).unwrap(), "unchanged"), 301);

    let (_plain_dir, plain) = temp();
    let store = open(&plain, None).unwrap();
    fill(&store, "still plain", 300);
    assert_eq!(store.encrypt_in_place(&raw(1), None, &cancel_at_once), Err(StoreError::Cancelled));
    store.close().unwrap();
    assert_eq!(hits(&open(&plain, None).unwrap(), "plain"), 300, "still opens without a key");
}

fn first_thread(store: &Store) -> String {
    let hit = &store.messages().search(&SearchQuery::words("unchanged")).unwrap()[0];
    hit.message.thread_id.clone()
}

#[test]
fn a_plaintext_store_is_encrypted_in_place_and_decrypted_again() {
    let (dir, path) = temp();
    let store = open(&path, None).unwrap();
    fill(&store, "converted", 100);
    assert!(!holding(dir.path(), "converted").is_empty(), "plaintext to begin with");
    store.encrypt_in_place(&passphrase("now sealed"), Some(KdfParams::INSECURE_FOR_TESTS), &NoProgress).unwrap();
    assert!(store.has_key());
    assert_eq!(hits(&store, "converted"), 100);
    store.close().unwrap();
    assert_eq!(holding(dir.path(), "converted"), Vec::<String>::new());
    assert!(matches!(open(&path, None).err(), Some(StoreError::InvalidKey { .. })));

    let store = open(&path, Some(passphrase("now sealed"))).unwrap();
    store.decrypt_in_place(&NoProgress).unwrap();
    assert!(!store.has_key());
    assert_eq!(hits(&store, "converted"), 100);
    store.close().unwrap();
    assert!(!dir.path().join("store.db-keys").exists(), "the key file is gone");
    assert_eq!(hits(&open(&path, None).unwrap(), "converted"), 100);
}

#[test]
fn conversions_that_make_no_sense_are_refused() {
    let memory = Store::open(&StoreConfig { key: Some(raw(7)), ..StoreConfig::in_memory() }).unwrap();
    assert!(matches!(memory.rekey(&NoProgress), Err(StoreError::InvalidInput { .. })));
    let (_dir, path) = temp();
    let store = open(&path, Some(raw(7))).unwrap();
    assert!(matches!(store.encrypt_in_place(&raw(8), None, &NoProgress), Err(StoreError::InvalidInput { .. })));
    assert!(store.has_key(), "a refused rewrite keeps the store's keys");
    store.rekey(&NoProgress).unwrap();
    let (_plain_dir, plain) = temp();
    let store = open(&plain, None).unwrap();
    assert!(matches!(store.rekey(&NoProgress), Err(StoreError::InvalidKey { .. })));
    assert!(matches!(store.decrypt_in_place(&NoProgress), Err(StoreError::InvalidKey { .. })));
    assert!(matches!(
        store.encrypt_in_place(&StoreKey::Raw { bytes: vec![1; 31] }, None, &NoProgress),
        Err(StoreError::InvalidInput { .. })
    ));
}

/// A marker in a message, a document, an indexed word and a provider secret appears in no
/// file of the store's directory (database, WAL, key file, copies), open or closed, before
/// and after a rekey; the same steps on a plaintext store find them, so the scan can fail.
#[test]
fn no_marker_reaches_any_file_of_an_encrypted_store() {
    let markers = ["qzvwordmarker", "qzvsecretmarker"];
    for key in [Some(raw(7)), None] {
        let (dir, path) = temp();
        let store = open(&path, key.clone()).unwrap();
        fill(&store, "qzvwordmarker", 20);
        let mut found: Vec<String> = markers.iter().flat_map(|marker| holding(dir.path(), marker)).collect();
        let names: Vec<String> = files(dir.path()).into_iter().map(|(name, _)| name).collect();
        if key.is_some() {
            assert!(names.iter().any(|name| name.ends_with("-wal")), "{names:?}");
            assert!(names.iter().any(|name| name.ends_with("-keys")), "{names:?}");
            store.rekey(&NoProgress).unwrap();
            found.extend(markers.iter().flat_map(|marker| holding(dir.path(), marker)));
            store.close().unwrap();
            found.extend(markers.iter().flat_map(|marker| holding(dir.path(), marker)));
            assert_eq!(found, Vec::<String>::new(), "plaintext in a file of an encrypted store");
        } else {
            store.close().unwrap();
            assert!(!holding(dir.path(), "qzvwordmarker").is_empty(), "the scan sees plaintext");
        }
    }
}

/// The store file cut short, or replaced by bytes that are no database, beside a good key
/// file: a typed error, the files left as they were.
#[test]
fn a_truncated_or_foreign_store_file_beside_its_key_file_is_a_typed_error() {
    let (dir, path) = temp();
    let store = open(&path, Some(raw(7))).unwrap();
    fill(&store, "cut", 50);
    store.close().unwrap();
    let whole = std::fs::read(&path).unwrap();
    let cuts = [whole.len() / 2, 4096 + 17, 100, 16];
    let garbage: Vec<u8> = (0..8192u32).map(|n| (n.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    for (label, bytes) in cuts
        .iter()
        .map(|&n| (format!("cut to {n} bytes"), whole[..n].to_vec()))
        .chain([("not a database".to_owned(), garbage)])
    {
        std::fs::write(&path, &bytes).unwrap();
        let before = files(dir.path());
        let outcome =
            open(&path, Some(raw(7))).and_then(|store| store.messages().search(&SearchQuery::words("cut")).map(drop));
        assert!(
            matches!(
                outcome,
                Err(StoreError::NotAStore { .. } | StoreError::Storage { .. } | StoreError::InvalidKey { .. })
            ),
            "{label}: {outcome:?}"
        );
        let after = files(dir.path());
        let store_bytes =
            |files: &[(String, Vec<u8>)]| files.iter().find(|(name, _)| name == "store.db").map(|(_, b)| b.clone());
        assert_eq!(store_bytes(&after), store_bytes(&before), "{label}: the store file changed");
    }
}

/// A write and a read that arrive while a rewrite runs wait for it (writes) or go on (reads)
/// and succeed: none finds the connections closed while the copy replaces the file.
#[test]
fn calls_during_a_rekey_wait_or_go_on_and_succeed() {
    let (_dir, path) = temp();
    let store = open(&path, Some(raw(7))).unwrap();
    fill(&store, &format!("during {}", "filler text ".repeat(500)), 200);
    let thread_id = store
        .threads()
        .list(
            &store.workspaces().list(&unified_store::PageRequest::first(1)).unwrap()[0].id,
            &unified_store::PageRequest::first(1),
        )
        .unwrap()[0]
        .id
        .clone();
    let started = std::sync::Barrier::new(2);
    let outcomes = std::thread::scope(|scope| {
        let writer = scope.spawn(|| {
            started.wait();
            let write = store.messages().append(&thread_id, MessageRole::User, "written during the rekey").map(drop);
            let read = store.messages().search(&SearchQuery::words("during")).map(|hits| hits.len());
            (write, read)
        });
        let first = std::cell::Cell::new(true);
        let slow = |_done: u64, _total: u64| {
            if first.replace(false) {
                started.wait();
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
            true
        };
        store.rekey(&slow).unwrap();
        writer.join().unwrap()
    });
    assert_eq!(outcomes.0, Ok(()), "the write waited for the rekey");
    assert!(matches!(outcomes.1, Ok(n) if n > 0), "{:?}", outcomes.1);
    assert_eq!(hits(&store, "rekey"), 1);
}
