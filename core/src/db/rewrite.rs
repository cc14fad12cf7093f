//! Rewriting a file store's pages under another key: a fresh data key (rekey), a first one
//! (encrypting a plaintext store in place) or none (decrypting it).
//!
//! Natively the pages are copied with SQLite's backup API, a step of [`STEP_PAGES`] at a time
//! (progress and cancelling between steps), into a file beside the store, which then replaces
//! it with one atomic rename. The key file names both keys from before the copy starts until
//! after the rename, so a store killed at any point opens with one or the other
//! ([`crate::crypto::unlock`] settles which) and loses nothing. Writes wait for the rewrite;
//! reads go on, on the old file, until the rename.
//!
//! On OPFS there is no rename: SQLite3 Multiple Ciphers rewrites the pages in place in one
//! transaction, which its rollback journal makes atomic (one step: no progress in between).

use super::{Conn, Db, lock};
use crate::cipher::{self, RawKey};
use crate::crypto::held::Keys;
use crate::crypto::keyring;
use crate::crypto::keys::SecretKey;
use crate::error::{Error, Result, StoreError};
use crate::jobs::{Pause, step};
use crate::model::{KdfParams, StoreKey};

/// Pages copied between two pauses: 1 MiB of 4 KiB pages.
#[cfg(not(target_family = "wasm"))]
const STEP_PAGES: std::ffi::c_int = 256;

/// What the pages are rewritten under.
pub(crate) enum Target {
    /// A fresh data key, for a store encrypted already.
    Rekey,
    /// A first data key, for a plaintext store, wrapped under a KEK `key` makes.
    Encrypt { key: StoreKey, kdf: KdfParams },
    /// No key: the pages become plaintext and the key file goes.
    Decrypt,
}

impl Db {
    /// Rewrites this file store's pages for `target`, pausing at `pause` between steps. A
    /// cancel or a failure before the end leaves the store as it was.
    ///
    /// The writer and the keys stay locked across the pauses: no write may land between
    /// two steps of the copy. Blocking bindings poll the call on one thread to its end, and
    /// the browser worker runs one call at a time, so nothing waits on those locks in a pause.
    #[allow(clippy::await_holding_lock, reason = "the locks are the point: see above")]
    pub(crate) async fn rewrite(&self, target: Target, pause: &mut dyn Pause) -> Result<(), StoreError> {
        let path = self
            .config
            .path
            .clone()
            .ok_or_else(|| Error::invalid("store", "is in memory: it has no pages to encrypt"))?;
        let mut writer = lock(&self.writer);
        let mut held = self.keys.lock();
        let conn = &writer.as_ref().ok_or(Error::Closed)?.conn;
        let (mut keys, from, to) = plan(&path, &mut held, target, conn)?;
        let result = async {
            keys.begin_rewrite(to.as_ref())?;
            let (from, to) = (from.as_ref().map(SecretKey::bytes), to.as_ref().map(SecretKey::bytes));
            self.rewrite_pages(&path, &mut writer, from, to, pause).await
        }
        .await;
        let key_file = keyring::path_for(&path);
        let settled = match result {
            Ok(()) if to.is_none() => keys.end_rewrite(Some(None)).and_then(|()| super::remove_file(&key_file)),
            Ok(()) => {
                let ended = keys.end_rewrite(Some(to));
                *held = Some(keys);
                ended
            }
            // The old key stays; the new one is forgotten.
            Err(error) if from.is_some() => {
                let ended = keys.end_rewrite(None);
                *held = Some(keys);
                ended.and(Err(error))
            }
            // The store was plaintext: its key file was new.
            Err(error) => super::remove_file(&key_file).and(Err(error)),
        };
        drop((held, writer));
        // Every connection again, on the file as it is now (closed only once the copy was
        // complete), whether the rewrite finished or not.
        self.reopen(&path)?;
        Ok(settled?)
    }

    /// Copies the pages under `to`, then puts the copy in the store's place (natively).
    #[cfg(not(target_family = "wasm"))]
    async fn rewrite_pages(
        &self,
        path: &str,
        writer: &mut Option<Conn>,
        from: Option<&RawKey>,
        to: Option<&RawKey>,
        pause: &mut dyn Pause,
    ) -> Result<()> {
        let copy = super::rewrite_path(path);
        let copied = match writer {
            Some(writer) => copy_pages(&writer.conn, &copy, from, to, pause).await,
            None => Err(Error::Closed),
        };
        if let Err(error) = copied {
            let _ = super::remove_file(&copy);
            return Err(error);
        }
        self.replace(path, &copy, writer)
    }

    /// Rewrites the pages where they are (OPFS): one atomic transaction.
    #[cfg(target_family = "wasm")]
    async fn rewrite_pages(
        &self,
        _path: &str,
        writer: &mut Option<Conn>,
        _from: Option<&RawKey>,
        to: Option<&RawKey>,
        pause: &mut dyn Pause,
    ) -> Result<()> {
        let writer = writer.as_ref().ok_or(Error::Closed)?;
        let pages: u64 = writer.conn.query_row("PRAGMA page_count", [], |row| row.get(0))?;
        step(pause, 0, pages).await?;
        cipher::rekey(&writer.conn, to)?;
        step(pause, pages, pages).await
    }

    /// Closes every connection and renames `copy` over the store at `path`.
    #[cfg(not(target_family = "wasm"))]
    fn replace(&self, path: &str, copy: &str, writer: &mut Option<Conn>) -> Result<()> {
        let mut readers: Vec<_> = self.readers.iter().map(lock).collect();
        // The last connection to close checkpoints every page into the main file and deletes
        // the WAL, which must not be read beside the new file.
        for conn in readers.iter_mut().map(|reader| reader.take()).chain([writer.take()]).flatten() {
            conn.conn.close().map_err(|(_, error)| error)?;
        }
        for stale in [format!("{path}-wal"), format!("{path}-shm")] {
            match std::fs::remove_file(&stale) {
                Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(io(error)),
                _ => {}
            }
        }
        std::fs::rename(copy, path).map_err(io)?;
        if let Some(dir) = std::path::Path::new(path).parent().filter(|dir| !dir.as_os_str().is_empty()) {
            std::fs::File::open(dir).and_then(|dir| dir.sync_all()).map_err(io)?;
        }
        Ok(())
    }

    /// Opens the writer and readers again, on the store's file as it is now.
    fn reopen(&self, path: &str) -> Result<(), StoreError> {
        let pages = self.keys.lock().as_ref().and_then(|keys| keys.data.as_ref().map(|key| *key.bytes()));
        let mut writer = lock(&self.writer);
        if writer.is_none() {
            *writer = Some(super::open_and_migrate(&self.config, pages.as_ref())?);
        }
        for reader in &self.readers {
            let mut reader = lock(reader);
            if reader.is_none() {
                *reader = Some(super::open_reader(path, &self.config, pages.as_ref())?);
            }
        }
        Ok(())
    }
}

/// The keys of the rewrite: the store's keys (taken from `held`, or new ones when encrypting),
/// its pages' key now, and the key they will be under. A refusal leaves `held` as it was.
fn plan(
    path: &str,
    held: &mut Option<Keys>,
    target: Target,
    conn: &rusqlite::Connection,
) -> Result<(Keys, Option<SecretKey>, Option<SecretKey>)> {
    let from = match (&target, held.as_ref()) {
        (Target::Encrypt { .. }, Some(_)) => {
            let reason = "is encrypted already: rotate its data key with rekey, its key with change_key";
            return Err(Error::invalid("store", reason));
        }
        (Target::Encrypt { .. }, None) => None,
        (_, None) => return Err(Error::InvalidKey("the store is not encrypted (it was opened without a key)".into())),
        (_, Some(keys)) => {
            Some(keys.data.clone().ok_or_else(|| Error::InvalidKey("the store is not encrypted".into()))?)
        }
    };
    let to = match &target {
        Target::Decrypt => {
            let sealed: i64 = conn.query_row("SELECT count(*) FROM provider_secrets", [], |row| row.get(0))?;
            if sealed > 0 {
                let reason =
                    format!("holds {sealed} sealed provider secrets, which need a key: clear them before decrypting");
                return Err(Error::invalid("store", reason));
            }
            None
        }
        _ => Some(SecretKey::random()?),
    };
    let keys = match target {
        Target::Encrypt { key, kdf } => Keys::for_encrypting(&key, &kdf, keyring::path_for(path), super::FILE_VFS)?,
        _ => held.take().ok_or_else(|| Error::InvalidKey("the store was opened without a key".into()))?,
    };
    Ok((keys, from, to))
}

/// Copies the store `source` reads into a new file at `copy`, its pages under `to`: directly
/// between two keys; otherwise as they are (the backup API copies only between files of one
/// page layout, and encrypted pages keep room for a nonce and tag), then re-encrypted.
#[cfg(not(target_family = "wasm"))]
async fn copy_pages(
    source: &rusqlite::Connection,
    copy: &str,
    from: Option<&RawKey>,
    to: Option<&RawKey>,
    pause: &mut dyn Pause,
) -> Result<()> {
    use rusqlite::OpenFlags;
    use rusqlite::backup::{Backup, StepResult};
    super::remove_file(copy)?;
    let mut dest = super::open_file(copy, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE)
        .map_err(|source| Error::Open { path: copy.to_owned(), source })?;
    let direct = from.is_some() && to.is_some();
    if let Some(key) = if direct { to } else { from } {
        cipher::key(&dest, key)?;
    }
    dest.pragma_update(None, "synchronous", "FULL")?;
    // Progress counts pages copied, and as many again for re-encrypting a copy.
    let passes = if direct { 1 } else { 2 };
    let pages = {
        let backup = Backup::new(source, &mut dest)?;
        loop {
            // Busy or Locked (a reader's checkpoint): the next step tries again.
            let state = backup.step(STEP_PAGES)?;
            let progress = backup.progress();
            let (pages, left) = (count(progress.pagecount), count(progress.remaining));
            step(pause, pages - left, pages * passes).await?;
            if state == StepResult::Done {
                break pages;
            }
        }
    };
    if !direct {
        cipher::rekey(&dest, to)?;
        step(pause, pages * passes, pages * passes).await?;
    }
    dest.close().map_err(|(_, error)| error)?;
    std::fs::File::open(copy).and_then(|file| file.sync_all()).map_err(io)
}

#[cfg(not(target_family = "wasm"))]
fn count(pages: std::ffi::c_int) -> u64 {
    u64::try_from(pages).unwrap_or(0)
}

#[cfg(not(target_family = "wasm"))]
fn io(error: std::io::Error) -> Error {
    Error::Cipher(cipher::CipherError::Io(error))
}
