//! Opening a store's keys, before its file is touched: the key file read, the KEK made from the
//! app's key (a wrong key fails here, as `InvalidKey`), the data key unwrapped, and a page
//! rewrite that a crash interrupted settled one way or the other.
//!
//! A file store is in one of three states, and a key is required exactly when it has a key file:
//! - no key file: plaintext pages, no key (and a key given is refused: encrypt it instead);
//! - a key file with a data key: encrypted pages, opened with the data key;
//! - a key file with a rewrite in progress: the pages are under one of two keys (the old, or
//!   the new one the rewrite was making), and the first that opens the file is kept.

use crate::cipher;
use crate::crypto::held::{KeyFile, Keys};
use crate::crypto::keyring::{self, KeyringDoc, Opened};
use crate::crypto::keys::{KekRecord, SecretKey, check_key};
use crate::error::{Error, Result};
use crate::files;
use crate::model::{KdfParams, StoreConfig, StoreKey};
use rusqlite::OpenFlags;

/// What a store opens with: the keys it holds (`None`: opened without a key) and the key its
/// pages are encrypted with (`None`: plaintext pages).
pub(crate) struct Unlocked {
    pub(crate) keys: Option<Keys>,
    pub(crate) pages: Option<SecretKey>,
}

/// The keys of the store `config` names, its file not yet opened for writing.
pub(crate) fn unlock(config: &StoreConfig) -> Result<Unlocked> {
    let kdf = config.kdf.unwrap_or(KdfParams::DEFAULT);
    let Some(path) = &config.path else {
        // A store in memory keeps nothing past its close: its secrets key lives as long, and
        // SQLite cannot encrypt its pages (nothing reaches a disk).
        let keys = config.key.as_ref().map(|key| Keys::for_memory(key, &kdf)).transpose()?;
        return Ok(Unlocked { keys, pages: None });
    };
    let key_path = keyring::path_for(path);
    let doc = match keyring::read(&key_path)? {
        Some(doc) if doc.cipher != cipher::CIPHER => {
            let reason = format!("the store is sealed with cipher {:?}, which this build does not use", doc.cipher);
            return Err(Error::InvalidKey(reason));
        }
        // A key file that names no key at all: a decryption that finished but for its removal.
        Some(doc) if doc.data.is_none() && doc.rewrite.is_none() => {
            files::remove_file(&key_path)?;
            None
        }
        // A conversion to or from plaintext that a kill interrupted while the pages were
        // plaintext: no key is needed to settle it.
        Some(doc) if config.key.is_none() && plaintext_possible(&doc) && opens(path, None)? => {
            files::remove_file(&files::rewrite_path(path))?;
            files::remove_file(&key_path)?;
            None
        }
        other => other,
    };
    match (&config.key, doc) {
        (None, None) => Ok(Unlocked { keys: None, pages: None }),
        (None, Some(_)) => Err(Error::InvalidKey("the store is encrypted: open it with its key".into())),
        (Some(key), None) => {
            check_key(key)?;
            if has_pages(path)? {
                return Err(not_encrypted_or_keyless(path));
            }
            create(key_path, key, &kdf)
        }
        (Some(key), Some(doc)) => {
            check_key(key)?;
            let kek = doc.kek.derive(key)?;
            let opened = doc.open(&kek)?;
            let (doc, opened) = settle(path, &key_path, doc, opened)?;
            finish(key_path, kek, doc, opened)
        }
    }
}

/// The key file of a new encrypted store: fresh data and secrets keys under the KEK `key`
/// makes. Written before the store file, so a store never exists encrypted without it.
fn create(key_path: String, key: &StoreKey, kdf: &KdfParams) -> Result<Unlocked> {
    let (record, kek) = KekRecord::fresh(key, kdf)?;
    let data = SecretKey::random()?;
    let doc = KeyringDoc::new(cipher::CIPHER, record, &kek, Some(&data))?;
    keyring::write(&key_path, &doc)?;
    let opened = doc.open(&kek)?;
    finish(key_path, kek, doc, opened)
}

fn finish(key_path: String, kek: SecretKey, doc: KeyringDoc, opened: Opened) -> Result<Unlocked> {
    let pages = opened.data.clone();
    let keys = Keys::from_file(kek, opened, KeyFile { path: key_path, doc });
    Ok(Unlocked { keys: Some(keys), pages })
}

/// Ends a rewrite a crash interrupted: the pages are under the old key if it still opens the
/// file (the copy is dropped), else under the new one (the rewrite had finished). The old key
/// is tried first: a hot journal holds pages under it, and must be rolled back with it.
fn settle(path: &str, key_path: &str, doc: KeyringDoc, opened: Opened) -> Result<(KeyringDoc, Opened)> {
    let Some(to) = opened.rewrite_to else { return Ok((doc, opened)) };
    let from = opened.data;
    let (kept, finished) = if opens(path, from.as_ref())? {
        (from, false)
    } else if opens(path, to.as_ref())? {
        (to, true)
    } else {
        return Err(Error::InvalidKey(
            "the store opens with neither key of the rewrite that was interrupted: it is damaged".into(),
        ));
    };
    files::remove_file(&files::rewrite_path(path))?;
    if kept.is_none() {
        // Plaintext pages: an encryption that had not finished, or a decryption that had.
        files::remove_file(key_path)?;
        return Err(not_encrypted());
    }
    let settled = Opened { data: kept, rewrite_to: None, secrets: opened.secrets };
    let doc = KeyringDoc {
        data: if finished { doc.rewrite.clone().and_then(|rewrite| rewrite.to) } else { doc.data.clone() },
        rewrite: None,
        ..doc
    };
    keyring::write(key_path, &doc)?;
    Ok((doc, settled))
}

/// Whether the pages of a store with this key file may be plaintext: it is being encrypted
/// (no data key yet) or decrypted.
fn plaintext_possible(doc: &KeyringDoc) -> bool {
    doc.data.is_none() || doc.rewrite.as_ref().is_some_and(|rewrite| rewrite.to.is_none())
}

/// What a key given for a store file without a key file means: the store is plaintext, or
/// (natively, where its first bytes tell) its key file is missing.
fn not_encrypted_or_keyless(path: &str) -> Error {
    #[cfg(not(target_family = "wasm"))]
    {
        use std::io::Read;
        let mut header = [0u8; 16];
        let read = std::fs::File::open(path).and_then(|mut file| file.read_exact(&mut header));
        if read.is_ok() && &header != b"SQLite format 3\0" {
            return Error::InvalidKey(format!(
                "the store is encrypted or damaged, and its key file {} is missing: restore it from where the store was copied",
                crate::schema::rules::shown(&keyring::path_for(path))
            ));
        }
    }
    #[cfg(target_family = "wasm")]
    let _ = path;
    not_encrypted()
}

fn not_encrypted() -> Error {
    Error::InvalidKey("the store is not encrypted: open it without a key, then encrypt it with encrypt_in_place".into())
}

/// Whether `key` (`None`: no key) reads the store file at `path`.
fn opens(path: &str, key: Option<&SecretKey>) -> Result<bool> {
    let conn = files::open_file(path, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .map_err(|source| Error::Open { path: path.to_owned(), source })?;
    Ok(cipher::opens(&conn, key.map(SecretKey::bytes))?)
}

/// Whether a store file exists at `path` with pages in it (a missing or empty file is a store
/// yet to be created). Natively its size tells, without SQLite, which would leave a WAL beside
/// a store it only looked at.
#[cfg(not(target_family = "wasm"))]
fn has_pages(path: &str) -> Result<bool> {
    match std::fs::metadata(path) {
        Ok(metadata) => Ok(metadata.len() > 0),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(error) => Err(Error::Cipher(cipher::CipherError::Io(error))),
    }
}

/// [`has_pages`] in the OPFS pool, which SQLite alone can look into.
#[cfg(target_family = "wasm")]
fn has_pages(path: &str) -> Result<bool> {
    let conn = match files::open_file(path, OpenFlags::SQLITE_OPEN_READ_ONLY) {
        Ok(conn) => conn,
        Err(error) if error.sqlite_error_code() == Some(rusqlite::ErrorCode::CannotOpen) => return Ok(false),
        Err(source) => return Err(Error::Open { path: path.to_owned(), source }),
    };
    match conn.query_row("PRAGMA page_count", [], |row| row.get::<_, i64>(0)) {
        Ok(pages) => Ok(pages > 0),
        // Not readable without a key: there are pages, encrypted (or not a database).
        Err(error) if error.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => Ok(true),
        Err(error) => Err(error.into()),
    }
}

#[cfg(all(test, not(target_family = "wasm")))]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::crypto::keyring::Rewrite;
    use crate::crypto::keys::WrappedKey;
    use crate::{Store, StoreError};

    fn raw() -> StoreKey {
        StoreKey::Raw { bytes: vec![4; 32] }
    }

    /// A plaintext store with one user, and the path of its (absent) key file.
    fn plaintext_store(dir: &tempfile::TempDir) -> (String, String) {
        let path = dir.path().join("store.db").to_string_lossy().into_owned();
        let store = Store::open(&StoreConfig::file(&path)).unwrap();
        store.users().create(&crate::NewUser::new("ada@example.com", "Ada")).unwrap();
        store.close().unwrap();
        let key_path = keyring::path_for(&path);
        (path, key_path)
    }

    /// A key file under [`raw`] for the store, as `data` and `rewrite` say.
    fn key_file(key_path: &str, data: Option<&SecretKey>, to: Option<Option<&SecretKey>>) {
        let kek = KekRecord::Raw.derive(&raw()).unwrap();
        let mut doc = KeyringDoc::new(cipher::CIPHER, KekRecord::Raw, &kek, data).unwrap();
        doc.rewrite = to.map(|to| Rewrite { to: to.map(|key| WrappedKey::wrap(&kek, key, "data").unwrap()) });
        keyring::write(key_path, &doc).unwrap();
    }

    fn users(config: &StoreConfig) -> Result<usize, StoreError> {
        let store = Store::open(config)?;
        Ok(store.users().list(&crate::PageRequest::first(10))?.len())
    }

    #[test]
    fn a_key_file_naming_no_key_is_dropped_and_the_store_opens_plaintext() {
        let dir = tempfile::tempdir().unwrap();
        let (path, key_path) = plaintext_store(&dir);
        key_file(&key_path, None, None);
        assert_eq!(users(&StoreConfig::file(&path)), Ok(1));
        assert!(!std::path::Path::new(&key_path).exists());
    }

    #[test]
    fn an_encryption_killed_before_its_rename_settles_to_plaintext_with_or_without_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let (path, key_path) = plaintext_store(&dir);
        let to = SecretKey::random().unwrap();
        key_file(&key_path, None, Some(Some(&to)));
        assert_eq!(users(&StoreConfig::file(&path)), Ok(1), "no key needed");
        assert!(!std::path::Path::new(&key_path).exists());

        key_file(&key_path, None, Some(Some(&to)));
        let with_key = users(&StoreConfig::encrypted(&path, raw()));
        assert!(matches!(with_key, Err(StoreError::InvalidKey { ref reason }) if reason.contains("not encrypted")));
        assert!(!std::path::Path::new(&key_path).exists());
        assert_eq!(users(&StoreConfig::file(&path)), Ok(1));
    }

    #[test]
    fn a_rekey_killed_after_its_rename_settles_to_the_new_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.db").to_string_lossy().into_owned();
        let store = Store::open(&StoreConfig::encrypted(&path, raw())).unwrap();
        store.users().create(&crate::NewUser::new("ada@example.com", "Ada")).unwrap();
        store.rekey(&crate::NoProgress).unwrap();
        store.close().unwrap();
        // The key file as it was before that rekey's last write: the old data key, and the
        // rekey to the key the pages are under now.
        let key_path = keyring::path_for(&path);
        let kek = KekRecord::Raw.derive(&raw()).unwrap();
        let now = keyring::read(&key_path).unwrap().unwrap().open(&kek).unwrap().data.unwrap();
        let before = SecretKey::random().unwrap();
        key_file(&key_path, Some(&before), Some(Some(&now)));
        assert_eq!(users(&StoreConfig::encrypted(&path, raw())), Ok(1));
        let settled = keyring::read(&key_path).unwrap().unwrap();
        assert_eq!(settled.rewrite, None);
        assert_eq!(settled.open(&kek).unwrap().data.unwrap().bytes(), now.bytes());
    }

    #[test]
    fn a_key_file_of_another_cipher_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.db").to_string_lossy().into_owned();
        Store::open(&StoreConfig::encrypted(&path, raw())).unwrap().close().unwrap();
        let key_path = keyring::path_for(&path);
        let mut doc = keyring::read(&key_path).unwrap().unwrap();
        doc.cipher = "rc4".into();
        keyring::write(&key_path, &doc).unwrap();
        let refused = users(&StoreConfig::encrypted(&path, raw()));
        assert!(matches!(refused, Err(StoreError::InvalidKey { ref reason }) if reason.contains("rc4")), "{refused:?}");
    }
}
