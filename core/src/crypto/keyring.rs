//! A store's key file, `<store path>-keys`: the keys its data and its secrets are sealed with,
//! each wrapped by the KEK, and how to make the KEK again. It lives outside the encrypted
//! pages (the store cannot be read without it) and is itself a tiny, unencrypted SQLite
//! database: one row replaced in one transaction with `synchronous=EXTRA`, so it changes
//! atomically and durably on every platform, through the same VFS as the store (on OPFS, the
//! same pool).
//!
//! While the store's pages are rewritten under another key (a rekey, encrypting or
//! decrypting in place) the file holds both the old and the new data key, so a store killed
//! half way opens with one or the other.

use crate::crypto::keys::{KekRecord, SecretKey, WrappedKey};
use crate::error::{Error, Result};
use crate::files;
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension};
use serde::{Deserialize, Serialize};

/// "USTK": this is a unified-store key file.
const APPLICATION_ID: i32 = 0x5553_544B;
/// The document's layout; a newer one is refused.
const FORMAT: u32 = 1;

/// What the key file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct KeyringDoc {
    pub(crate) format: u32,
    /// The page cipher the store is sealed with (sqlite3mc's scheme name).
    pub(crate) cipher: String,
    pub(crate) kek: KekRecord,
    /// The key the store's pages are sealed with; `None` while they are not encrypted (a
    /// store being encrypted, or one decrypted again).
    pub(crate) data: Option<WrappedKey>,
    /// A rewrite of the pages in progress, to this key (`None`: to plaintext).
    pub(crate) rewrite: Option<Rewrite>,
    /// Keys secrets are sealed with: the first seals, every one opens (older and imported
    /// ones).
    pub(crate) secrets: Vec<WrappedKey>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Rewrite {
    pub(crate) to: Option<WrappedKey>,
}

/// What a KEK opens in a key file: the data key (if the pages are encrypted), the key of a
/// rewrite in progress, and the secrets keys.
pub(crate) struct Opened {
    pub(crate) data: Option<SecretKey>,
    pub(crate) rewrite_to: Option<Option<SecretKey>>,
    pub(crate) secrets: Vec<SecretKey>,
}

impl KeyringDoc {
    /// A new key file for a store sealed with fresh keys under `kek`.
    pub(crate) fn new(cipher: &str, kek_record: KekRecord, kek: &SecretKey, data: Option<&SecretKey>) -> Result<Self> {
        let secrets = SecretKey::random()?;
        Ok(Self {
            format: FORMAT,
            cipher: cipher.to_owned(),
            kek: kek_record,
            data: data.map(|key| WrappedKey::wrap(kek, key, "data")).transpose()?,
            rewrite: None,
            secrets: vec![WrappedKey::wrap(kek, &secrets, "secrets")?],
        })
    }

    /// Everything `kek` opens here; `InvalidKey` if it opens nothing it should.
    pub(crate) fn open(&self, kek: &SecretKey) -> Result<Opened> {
        let secrets = self.secrets.iter().map(|key| key.unwrap_with(kek, "secrets")).collect::<Result<_>>()?;
        let data = self.data.as_ref().map(|key| key.unwrap_with(kek, "data")).transpose()?;
        let rewrite_to = self
            .rewrite
            .as_ref()
            .map(|rewrite| rewrite.to.as_ref().map(|key| key.unwrap_with(kek, "data")).transpose())
            .transpose()?;
        Ok(Opened { data, rewrite_to, secrets })
    }
}

/// The key file of the store at `path`.
pub(crate) fn path_for(store: &str) -> String {
    format!("{store}-keys")
}

/// The key file at `path`, `None` if there is none.
pub(crate) fn read(path: &str) -> Result<Option<KeyringDoc>> {
    // Read-write (never created): a write killed half way left a hot journal, which only a
    // connection that may write can roll back.
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE;
    let conn = match files::open_file(path, flags) {
        Ok(conn) => conn,
        Err(error) if error.sqlite_error_code() == Some(ErrorCode::CannotOpen) => return Ok(None),
        Err(error) => return Err(damaged(&error.to_string())),
    };
    // A writer of the key file (another open of the store) holds it only for a moment.
    conn.busy_timeout(std::time::Duration::from_secs(5)).map_err(|error| damaged(&error.to_string()))?;
    let read = || -> rusqlite::Result<(i32, Option<String>)> {
        let application: i32 = conn.query_row("PRAGMA application_id", [], |row| row.get(0))?;
        let doc = conn.query_row("SELECT doc FROM keyring WHERE id = 1", [], |row| row.get(0)).optional()?;
        Ok((application, doc))
    };
    match read() {
        // A file opened read-only that holds nothing yet (SQLite made no database of it).
        Err(error) if error.sqlite_error_code() == Some(ErrorCode::Unknown) && is_empty(&conn) => Ok(None),
        Err(error) => Err(damaged(&error.to_string())),
        Ok((application, _)) if application != APPLICATION_ID => Err(damaged("it is not a unified-store key file")),
        Ok((_, None)) => Err(damaged("it holds no keys")),
        Ok((_, Some(doc))) => {
            let doc: KeyringDoc = serde_json::from_str(&doc).map_err(|error| damaged(&error.to_string()))?;
            if doc.format > FORMAT {
                return Err(damaged(&format!("its format {} is newer than this build's {FORMAT}", doc.format)));
            }
            Ok(Some(doc))
        }
    }
}

/// Replaces the key file at `path` with `doc`, atomically and durably.
pub(crate) fn write(path: &str, doc: &KeyringDoc) -> Result<()> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE;
    let mut conn = files::open_file(path, flags).map_err(|source| Error::Open { path: path.to_owned(), source })?;
    // A rollback journal (never WAL, which a copy of the file alone would lose) and a sync
    // at every commit: a key lost to a power cut is the whole store lost.
    conn.pragma_update(None, "journal_mode", "DELETE")?;
    // EXTRA: the journal's deletion is synced too, so a commit cannot roll back after a
    // power cut (with FULL it can, SQLite documents).
    conn.pragma_update(None, "synchronous", "EXTRA")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let tx = conn.transaction()?;
    tx.execute_batch(
        "CREATE TABLE IF NOT EXISTS keyring (id INTEGER PRIMARY KEY CHECK (id = 1), doc TEXT NOT NULL) STRICT",
    )?;
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    let json = serde_json::to_string(doc).map_err(|error| Error::Crypto(error.to_string()))?;
    tx.execute(
        "INSERT INTO keyring (id, doc) VALUES (1, ?1) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc",
        [json],
    )?;
    tx.commit()?;
    Ok(())
}

fn is_empty(conn: &Connection) -> bool {
    conn.query_row("PRAGMA page_count", [], |row| row.get::<_, i64>(0)).is_ok_and(|pages| pages == 0)
}

fn damaged(why: &str) -> Error {
    Error::InvalidKey(format!("the store's key file is damaged or not one: {why}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_round_trips_and_opens_only_with_its_kek() {
        let dir = tempfile::tempdir().unwrap();
        let path = path_for(&dir.path().join("store.db").to_string_lossy());
        assert_eq!(read(&path).unwrap(), None, "no file yet");
        let (kek, data) = (SecretKey::random().unwrap(), SecretKey::random().unwrap());
        let doc = KeyringDoc::new("chacha20", KekRecord::Raw, &kek, Some(&data)).unwrap();
        write(&path, &doc).unwrap();
        let read_back = read(&path).unwrap().unwrap();
        assert_eq!(read_back, doc);
        let opened = read_back.open(&kek).unwrap();
        assert_eq!(opened.data.unwrap().bytes(), data.bytes());
        assert!(matches!(read_back.open(&SecretKey::random().unwrap()), Err(Error::InvalidKey(_))));
    }

    #[test]
    fn a_file_that_is_not_a_key_file_is_invalid_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x-keys");
        std::fs::write(&path, b"not a database at all, just some bytes that go on for a while").unwrap();
        assert!(matches!(read(&path.to_string_lossy()), Err(Error::InvalidKey(_))));
        let other = dir.path().join("other.db");
        Connection::open(&other)
            .unwrap()
            .execute_batch("CREATE TABLE keyring (id INTEGER PRIMARY KEY, doc TEXT)")
            .unwrap();
        assert!(matches!(read(&other.to_string_lossy()), Err(Error::InvalidKey(_))));
    }
}
