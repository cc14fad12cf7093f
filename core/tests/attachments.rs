//! Attachment bytes on real files: streamed in and out of plaintext, encrypted and in-memory
//! stores, one file per content, collected when nothing holds it, refused whole over the
//! quota, and a file damaged, missing or left half-written by a crash caught as such.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use unified_store::{
    AttachmentBytes, MessageRole, NewAttachment, NewAttachmentFile, NewUser, NewWorkspace, Quota, StorageCategory,
    Store, StoreConfig, StoreError, StoreKey,
};

/// A store file in a fresh directory, encrypted with `key` if given.
fn open(dir: &Path, key: Option<u8>) -> Store {
    let path = dir.join("store.db").to_string_lossy().into_owned();
    let config = match key {
        Some(byte) => StoreConfig::encrypted(path, StoreKey::Raw { bytes: vec![byte; 32] }),
        None => StoreConfig::file(path),
    };
    Store::open(&config).unwrap()
}

/// A message to attach files to.
fn message(store: &Store) -> String {
    let owner = store.users().create(&NewUser::new("ada@example.com", "Ada")).unwrap();
    let workspace = store.workspaces().create(&NewWorkspace::for_user("W", &owner.id)).unwrap();
    let thread = store.threads().create(&workspace.id, "T").unwrap();
    store.messages().append(&thread.id, MessageRole::User, "see attached").unwrap().id
}

fn file(message_id: &str, name: &str) -> NewAttachmentFile {
    NewAttachmentFile { message_id: message_id.into(), filename: name.into(), mime: "application/octet-stream".into() }
}

/// `n` bytes no compressor or dedup would shorten, with a marker at the start.
fn bytes(n: usize, seed: u8) -> Vec<u8> {
    let mut state = 0x9E37_79B9u32 ^ u32::from(seed);
    let mut out: Vec<u8> = (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as u8
        })
        .collect();
    let marker = b"PLAINTEXT-MARKER";
    if n >= marker.len() {
        out[..marker.len()].copy_from_slice(marker);
    }
    out
}

/// Every file in the store's blob directory (temporaries included).
fn blob_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.join("store.db-blobs")];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() { stack.push(path) } else { found.push(path) }
        }
    }
    found.sort();
    found
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn bytes_round_trip_in_every_kind_of_store() {
    for key in [None, Some(7u8)] {
        let dir = tempfile::tempdir().unwrap();
        let store = open(dir.path(), key);
        let message = message(&store);
        for n in [0, 1, 65_535, 65_536, 65_537, 1_000_003] {
            let data = bytes(n, n as u8);
            let stored = store.attachments().write(&file(&message, "a.bin"), &mut data.as_slice()).unwrap();
            assert_eq!((stored.size_bytes, stored.bytes), (n as u64, AttachmentBytes::Local));
            assert_eq!(stored.sha256, sha256_hex(&data));
            assert_eq!(store.attachments().get(&stored.id).unwrap(), stored);
            assert_eq!(store.attachments().read(&stored.id).unwrap(), data, "{n} bytes, key {key:?}");
            // In chunks of any size, too.
            let mut reader = store.attachments().reader(&stored.id).unwrap();
            let mut again = Vec::new();
            loop {
                let chunk = reader.read_chunk(7_777).unwrap();
                if chunk.is_empty() {
                    break;
                }
                again.extend(chunk);
            }
            assert_eq!(again, data);
        }
        // What is on disk: the marker in the clear only in the plaintext store.
        let on_disk: Vec<u8> = blob_files(dir.path()).iter().flat_map(|path| std::fs::read(path).unwrap()).collect();
        let marked = on_disk.windows(16).any(|w| w == b"PLAINTEXT-MARKER");
        assert_eq!(marked, key.is_none(), "key {key:?}");
        let names: Vec<String> =
            blob_files(dir.path()).iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
        let plain_named = names.iter().any(|name| *name == sha256_hex(&bytes(1, 1)));
        assert_eq!(plain_named, key.is_none(), "an encrypted store's file names do not reveal content hashes");
    }
    let store = Store::open_in_memory().unwrap();
    let message = message(&store);
    let data = bytes(200_000, 3);
    let stored = store.attachments().write(&file(&message, "m.bin"), &mut data.as_slice()).unwrap();
    assert_eq!(store.attachments().read(&stored.id).unwrap(), data);
}

#[test]
fn one_file_per_content_collected_when_nothing_holds_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), None);
    let message = message(&store);
    let data = bytes(100_000, 9);
    let first = store.attachments().write(&file(&message, "a.bin"), &mut data.as_slice()).unwrap();
    let second = store.attachments().write(&file(&message, "b.bin"), &mut data.as_slice()).unwrap();
    assert_eq!(blob_files(dir.path()).len(), 1, "the same bytes twice share one file");
    assert_eq!(store.storage().stats().unwrap().disk.attachment_bytes, 100_000);
    store.attachments().remove(&first.id).unwrap();
    assert_eq!(store.attachments().read(&second.id).unwrap(), data, "still held by the second");
    store.attachments().remove(&second.id).unwrap();
    assert!(blob_files(dir.path()).is_empty(), "removed with the last attachment holding it");
    // A purge cascades to attachments; their file goes at the next open.
    let third = store.attachments().write(&file(&message, "c.bin"), &mut data.as_slice()).unwrap();
    store.messages().purge(&message).unwrap();
    assert!(store.attachments().get(&third.id).is_err());
    store.close().unwrap();
    let store = open(dir.path(), None);
    assert!(blob_files(dir.path()).is_empty(), "collected at open");
    assert_eq!(store.storage().stats().unwrap().disk.attachment_bytes, 0);
}

#[test]
fn bytes_count_against_the_attachments_budget_and_a_refused_write_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), None);
    let message = message(&store);
    let attachments = |store: &Store| {
        store
            .storage()
            .stats()
            .unwrap()
            .categories
            .into_iter()
            .find(|c| c.category == StorageCategory::Attachments)
            .unwrap()
    };
    let before = attachments(&store);
    let small = bytes(10_000, 1);
    let stored = store.attachments().write(&file(&message, "s.bin"), &mut small.as_slice()).unwrap();
    let after = attachments(&store);
    assert!(after.logical_bytes >= before.logical_bytes + 10_000);
    let thread_usage = store.storage().thread_usage(&stored.thread_id).unwrap();
    assert!(
        thread_usage.categories.iter().any(|c| c.category == StorageCategory::Attachments && c.logical_bytes >= 10_000)
    );
    let quota = store.storage().quota().unwrap();
    store.storage().set_quota(&Quota { attachments_bytes: after.estimated_bytes + 50_000, ..quota }).unwrap();
    assert!(!store.storage().can_store(60_000, StorageCategory::Attachments).unwrap());
    let big = bytes(60_000, 2);
    let error = store.attachments().write(&file(&message, "b.bin"), &mut big.as_slice()).unwrap_err();
    assert!(matches!(&error, StoreError::QuotaExceeded { category, .. } if category == "attachments"), "{error:?}");
    assert_eq!(blob_files(dir.path()).len(), 1, "the refused file is gone");
    assert_eq!(attachments(&store).logical_bytes, after.logical_bytes);
    let fits = bytes(40_000, 3);
    store.attachments().write(&file(&message, "f.bin"), &mut fits.as_slice()).unwrap();
}

#[test]
fn a_damaged_or_missing_file_is_a_typed_error_and_metadata_only_has_no_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), None);
    let message = message(&store);
    let data = bytes(70_000, 5);
    let stored = store.attachments().write(&file(&message, "d.bin"), &mut data.as_slice()).unwrap();
    let path = blob_files(dir.path()).pop().unwrap();
    let mut altered = std::fs::read(&path).unwrap();
    altered[69_999] ^= 1;
    std::fs::write(&path, &altered).unwrap();
    let error = store.attachments().read(&stored.id).unwrap_err();
    assert!(matches!(&error, StoreError::Storage { reason } if reason.contains("damaged")), "{error:?}");
    std::fs::remove_file(&path).unwrap();
    let error = store.attachments().read(&stored.id).unwrap_err();
    assert!(matches!(&error, StoreError::Storage { reason } if reason.contains("missing")), "{error:?}");

    let metadata = store
        .attachments()
        .add(&NewAttachment {
            message_id: message.clone(),
            filename: "elsewhere.png".into(),
            mime: "image/png".into(),
            size_bytes: 5,
            sha256: "a".repeat(64),
        })
        .unwrap();
    assert_eq!(metadata.bytes, AttachmentBytes::None);
    let error = store.attachments().read(&metadata.id).unwrap_err();
    assert!(matches!(&error, StoreError::NotFound { entity, .. } if entity == "attachment_bytes"), "{error:?}");
}

#[test]
fn a_sealed_file_altered_anywhere_does_not_open() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), Some(9));
    let message = message(&store);
    let data = bytes(150_000, 6);
    let stored = store.attachments().write(&file(&message, "s.bin"), &mut data.as_slice()).unwrap();
    let path = blob_files(dir.path()).pop().unwrap();
    let original = std::fs::read(&path).unwrap();
    for at in [0, 10, 30, 70_000, original.len() - 1] {
        let mut altered = original.clone();
        altered[at] ^= 0x40;
        std::fs::write(&path, &altered).unwrap();
        let error = store.attachments().read(&stored.id).unwrap_err();
        // Bytes 5 to 12 name the key: altered, they name one this store does not hold.
        match at {
            5..13 => assert!(matches!(error, StoreError::InvalidKey { .. }), "byte {at}: {error:?}"),
            _ => assert!(matches!(error, StoreError::Storage { .. }), "byte {at}: {error:?}"),
        }
    }
    std::fs::write(&path, &original[..original.len() - 100]).unwrap();
    assert!(matches!(store.attachments().read(&stored.id), Err(StoreError::Storage { .. })), "cut short");
    std::fs::write(&path, &original).unwrap();
    assert_eq!(store.attachments().read(&stored.id).unwrap(), data);
}

#[test]
fn what_a_crash_leaves_is_collected_at_open_and_an_unfinished_writer_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), None);
    let message = message(&store);
    let kept = bytes(5_000, 8);
    let stored = store.attachments().write(&file(&message, "k.bin"), &mut kept.as_slice()).unwrap();
    let mut writer = store.attachments().writer(&file(&message, "u.bin")).unwrap();
    writer.write(&bytes(100_000, 4)).unwrap();
    drop(writer);
    assert_eq!(blob_files(dir.path()).len(), 1, "an unfinished write leaves no file");
    store.close().unwrap();
    // A crash mid-write, and one between the rename and the commit.
    let root = dir.path().join("store.db-blobs");
    std::fs::write(root.join("tmp").join("0123abcd.part"), b"half").unwrap();
    let orphan = "ab".to_owned() + &"c".repeat(62);
    std::fs::create_dir_all(root.join("ab")).unwrap();
    std::fs::write(root.join("ab").join(&orphan), b"never recorded").unwrap();
    assert_eq!(blob_files(dir.path()).len(), 3);
    let store = open(dir.path(), None);
    assert_eq!(blob_files(dir.path()).len(), 1, "only the recorded file stays");
    assert_eq!(store.attachments().read(&stored.id).unwrap(), kept);
}

#[test]
fn a_crash_after_removing_a_released_file_leaves_a_row_the_next_open_drops() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), None);
    let message = message(&store);
    store.attachments().write(&file(&message, "r.bin"), &mut bytes(5_000, 3).as_slice()).unwrap();
    store.messages().purge(&message).unwrap(); // releases the file; it goes at the next open
    store.close().unwrap();
    // The collection removed the file, then the process died before its commit.
    for path in blob_files(dir.path()) {
        std::fs::remove_file(path).unwrap();
    }
    let rows = || {
        let conn = rusqlite::Connection::open(dir.path().join("store.db")).unwrap();
        conn.query_row("SELECT count(*) FROM blobs", [], |r| r.get::<_, i64>(0)).unwrap()
    };
    assert_eq!(rows(), 1, "the released row outlived its file");
    let store = open(dir.path(), None);
    assert_eq!(rows(), 0, "dropped at open though no file is left to look at");
    assert_eq!(store.storage().stats().unwrap().disk.attachment_bytes, 0);
}

#[test]
fn bad_input_is_typed_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), None);
    let message = message(&store);
    let field = |error: StoreError| match error {
        StoreError::InvalidInput { field, .. } => field,
        other => panic!("{other:?}"),
    };
    let mut none: &[u8] = b"x";
    assert_eq!(field(store.attachments().write(&file("nope", "a"), &mut none).unwrap_err()), "message_id");
    assert_eq!(field(store.attachments().write(&file(&message, "a/b"), &mut none).unwrap_err()), "filename");
    let bad_mime = NewAttachmentFile { mime: "png".into(), ..file(&message, "a") };
    assert_eq!(field(store.attachments().write(&bad_mime, &mut none).unwrap_err()), "mime");
    let unknown = file("00000000-0000-7000-8000-000000000000", "a");
    assert!(matches!(store.attachments().write(&unknown, &mut none), Err(StoreError::NotFound { .. })));
    struct Failing;
    impl std::io::Read for Failing {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk gone"))
        }
    }
    assert_eq!(field(store.attachments().write(&file(&message, "a"), &mut Failing).unwrap_err()), "bytes");
    let mut writer = store.attachments().writer(&file(&message, "w")).unwrap();
    writer.write(b"abc").unwrap();
    writer.finish().unwrap();
    assert!(
        blob_files(dir.path()).len() == 1
            && store.attachments().list(&message, &Default::default()).unwrap().len() == 1
    );
}

/// The value of a future that is ready at once: natively the asynchronous calls never wait.
fn ready<T>(future: impl std::future::Future<Output = T>) -> T {
    let mut future = std::pin::pin!(future);
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut context) {
        std::task::Poll::Ready(value) => value,
        std::task::Poll::Pending => panic!("a native attachment call waited"),
    }
}

#[test]
fn the_asynchronous_calls_the_browser_needs_do_the_same_natively() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), Some(5));
    let message = message(&store);
    let data = bytes(150_000, 6);
    let mut writer = ready(store.attachments().open_writer(&file(&message, "a.bin"))).unwrap();
    for chunk in data.chunks(40_000) {
        writer.write(chunk).unwrap();
    }
    let stored = writer.finish().unwrap();
    let back = ready(store.attachments().open_reader(&stored.id)).unwrap().read_to_end().unwrap();
    assert_eq!(back, data);
    store.attachments().remove(&stored.id).unwrap();
    assert!(blob_files(dir.path()).is_empty(), "natively a file goes with its commit");
    assert_eq!(ready(store.attachments().collect_files(true)).unwrap(), 0, "so nothing is left to sweep");
    let missing = ready(store.attachments().open_reader(&stored.id)).err().unwrap();
    assert!(matches!(missing, StoreError::NotFound { .. }), "{missing:?}");
}
