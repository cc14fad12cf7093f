//! Opening a store's keys, before its file is touched: the key file read, the KEK made from the
//! app's key (a wrong key fails here, as `InvalidKey`), the data key unwrapped, and a page
//! rewrite that a crash interrupted settled one way or the other.
//!
//! A file store is in one of three states, and a key is required exactly when it has a key file:
//! - no key file: plaintext pages, no key (and a key given is refused: encrypt it instead);
//! - a key file with a data key: encrypted pages, opened with the data key;
//! - a key file with a rewrite in progress: the pages are under one of two keys (the old, or
//!   the new one the rewrite was making), and the first that opens the file is kept.

use crate::cipher::{self, RawKey};
use crate::crypto::held::{KeyFile, Keys};
use crate::crypto::keyring::{self, KeyringDoc, Opened};
use crate::crypto::keys::{KekRecord, SecretKey, check_key};
use crate::db::{self, FILE_VFS};
use crate::error::{Error, Result};
use crate::model::{KdfParams, StoreConfig, StoreKey};
use rusqlite::OpenFlags;

/// What a store opens with: the keys it holds (`None`: opened without a key) and the key its
/// pages are encrypted with (`None`: plaintext pages).
pub(crate) struct Unlocked {
    pub(crate) keys: Option<Keys>,
    pub(crate) pages: Option<RawKey>,
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
    let doc = keyring::read(&key_path, FILE_VFS)?;
    match (&config.key, doc) {
        (None, None) => Ok(Unlocked { keys: None, pages: None }),
        (None, Some(_)) => Err(Error::InvalidKey("the store is encrypted: open it with its key".into())),
        (Some(key), None) => {
            check_key(key)?;
            if has_pages(path)? {
                return Err(not_encrypted());
            }
            create(key_path, KekRecord::new(key, &kdf)?, key)
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
fn create(key_path: String, record: KekRecord, key: &StoreKey) -> Result<Unlocked> {
    let kek = record.derive(key)?;
    let data = SecretKey::random()?;
    let doc = KeyringDoc::new(cipher::CIPHER, record, &kek, Some(&data))?;
    keyring::write(&key_path, FILE_VFS, &doc)?;
    let opened = doc.open(&kek)?;
    finish(key_path, kek, doc, opened)
}

fn finish(key_path: String, kek: SecretKey, doc: KeyringDoc, opened: Opened) -> Result<Unlocked> {
    let pages = opened.data.as_ref().map(|key| *key.bytes());
    let keys = Keys::from_file(kek, opened, KeyFile { path: key_path, vfs: FILE_VFS, doc });
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
    db::remove_file(&db::rewrite_path(path))?;
    if kept.is_none() {
        // Plaintext pages: an encryption that had not finished, or a decryption that had.
        db::remove_file(key_path)?;
        return Err(not_encrypted());
    }
    let settled = Opened { data: kept, rewrite_to: None, secrets: opened.secrets };
    let doc = KeyringDoc {
        data: if finished { doc.rewrite.clone().and_then(|rewrite| rewrite.to) } else { doc.data.clone() },
        rewrite: None,
        ..doc
    };
    keyring::write(key_path, FILE_VFS, &doc)?;
    Ok((doc, settled))
}

fn not_encrypted() -> Error {
    Error::InvalidKey("the store is not encrypted: open it without a key, then encrypt it with encrypt_in_place".into())
}

/// Whether `key` (`None`: no key) reads the store file at `path`.
fn opens(path: &str, key: Option<&SecretKey>) -> Result<bool> {
    let conn = db::open_file(path, OpenFlags::SQLITE_OPEN_READ_WRITE)
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
    let conn = match db::open_file(path, OpenFlags::SQLITE_OPEN_READ_ONLY) {
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
