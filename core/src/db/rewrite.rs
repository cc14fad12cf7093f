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
use crate::files;
use crate::jobs::{Pause, step};
use crate::model::{KdfParams, StoreKey};
use parking_lot::MutexGuard;

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

/// How far a rewrite got once its pages were rewritten (its point of no return).
struct Rewritten {
    /// Whether the new pages are known to be durable where the store was: the key file may
    /// then name the new key alone (else it keeps both, and the next open settles it).
    durable: bool,
}

impl Db {
    /// Rewrites this file store's pages for `target`, pausing at `pause` between steps. A
    /// cancel or a failure before the pages are rewritten leaves the store as it was; after
    /// that point nothing is undone.
    ///
    /// The writer stays locked across the pauses: no write may land between two steps of
    /// the copy, so a progress listener must not write to the store (it would wait for
    /// itself). Reads go on natively; `has_key` answers throughout.
    #[allow(clippy::await_holding_lock, reason = "holding the writer is the point: see above")]
    pub(crate) async fn rewrite(&self, target: Target, pause: &mut dyn Pause) -> Result<(), StoreError> {
        let path = self
            .config
            .path
            .clone()
            .ok_or_else(|| Error::invalid("store", "is in memory: it has no pages to encrypt"))?;
        let key_file = keyring::path_for(&path);
        let mut writer = lock(&self.writer);
        let conn = &writer.as_ref().ok_or(Error::Closed)?.conn;
        let (from, to) = self.begin(&key_file, target, conn)?;
        let mut readers = Vec::new();
        let (from_bytes, to_bytes) = (from.as_ref().map(SecretKey::bytes), to.as_ref().map(SecretKey::bytes));
        let outcome = self.rewrite_pages(&path, &mut writer, &mut readers, from_bytes, to_bytes, pause).await;
        let result = self.settle(&key_file, outcome, from.is_some(), to);
        // Every connection again, on the file as it is now, before anyone waiting on a lock
        // the rewrite holds could find it closed.
        self.reopen(&path, &mut writer, &mut readers)?;
        Ok(result?)
    }

    /// Plans the rewrite and records both its keys in the key file (new keys and a new key
    /// file when encrypting): the pages' key now and the key they will be under.
    fn begin(
        &self,
        key_file: &str,
        target: Target,
        conn: &rusqlite::Connection,
    ) -> Result<(Option<SecretKey>, Option<SecretKey>)> {
        let mut held = self.keys.lock();
        let (from, to, fresh) = plan(key_file, held.as_ref(), target, conn)?;
        if let Some(fresh) = fresh {
            *held = Some(fresh);
        }
        let begun = held.as_mut().map_or(Err(Error::Closed), |keys| keys.begin_rewrite(to.as_ref()));
        if let Err(error) = begun {
            if from.is_none() {
                // An encryption that never began: its new keys and key file go.
                *held = None;
                let _ = files::remove_file(key_file);
            }
            return Err(error);
        }
        Ok((from, to))
    }

    /// The keys and key file after the rewrite's `outcome`: the pages' key is `to` once they
    /// are rewritten, the old one (or none, with no key file) otherwise.
    fn settle(&self, key_file: &str, outcome: Result<Rewritten>, had_key: bool, to: Option<SecretKey>) -> Result<()> {
        let mut held = self.keys.lock();
        match outcome {
            // Decrypted: the key file goes (settled at the next open if this fails).
            Ok(_) if to.is_none() => {
                *held = None;
                files::remove_file(key_file)
            }
            // The key file's own failure leaves both keys in it: the next open settles it.
            Ok(Rewritten { durable }) => {
                if let Some(keys) = held.as_mut() {
                    let _ = keys.finish_rewrite(to, durable);
                }
                Ok(())
            }
            Err(error) if had_key => held.as_mut().map_or(Ok(()), Keys::abandon_rewrite).and(Err(error)),
            // The store was plaintext: its keys and key file were new.
            Err(error) => {
                *held = None;
                files::remove_file(key_file).and(Err(error))
            }
        }
    }

    /// Copies the pages under `to`, then puts the copy in the store's place (natively).
    #[cfg(not(target_family = "wasm"))]
    async fn rewrite_pages<'a>(
        &'a self,
        path: &str,
        writer: &mut Option<Conn>,
        readers: &mut Vec<MutexGuard<'a, Option<Conn>>>,
        from: Option<&RawKey>,
        to: Option<&RawKey>,
        pause: &mut dyn Pause,
    ) -> Result<Rewritten> {
        let copy = files::rewrite_path(path);
        let copied = match writer {
            Some(writer) => copy_pages(&writer.conn, &copy, from, to, pause).await,
            None => Err(Error::Closed),
        };
        let replaced = copied.and_then(|()| self.replace(path, &copy, writer, readers));
        if replaced.is_err() {
            // Before the rename: the store is as it was, and the copy (plaintext, when
            // decrypting) must not stay beside it.
            let _ = files::remove_file(&copy);
        }
        replaced
    }

    /// Rewrites the pages where they are (OPFS): one atomic transaction, after which the
    /// caller's answer to the last report no longer matters.
    #[cfg(target_family = "wasm")]
    async fn rewrite_pages<'a>(
        &'a self,
        _path: &str,
        writer: &mut Option<Conn>,
        _readers: &mut Vec<MutexGuard<'a, Option<Conn>>>,
        _from: Option<&RawKey>,
        to: Option<&RawKey>,
        pause: &mut dyn Pause,
    ) -> Result<Rewritten> {
        let conn = &writer.as_ref().ok_or(Error::Closed)?.conn;
        let pages: u64 = conn.query_row("PRAGMA page_count", [], |row| row.get(0))?;
        step(pause, 0, pages).await?;
        if let Err(error) = cipher::rekey(conn, to) {
            // SQLite3 Multiple Ciphers may have switched the connection's key already: open
            // it again on the file as it is.
            *writer = None;
            return Err(error.into());
        }
        let _ = pause.pause(pages, pages).await;
        Ok(Rewritten { durable: true })
    }

    /// Closes every connection and renames `copy` over the store at `path`, keeping the
    /// readers locked (in `readers`) until they are opened again.
    #[cfg(not(target_family = "wasm"))]
    fn replace<'a>(
        &'a self,
        path: &str,
        copy: &str,
        writer: &mut Option<Conn>,
        readers: &mut Vec<MutexGuard<'a, Option<Conn>>>,
    ) -> Result<Rewritten> {
        readers.extend(self.readers.iter().map(lock));
        let conn = &writer.as_ref().ok_or(Error::Closed)?.conn;
        // Every page into the main file first: a WAL must not be deleted while it holds
        // frames (another process reading would keep them).
        let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| row.get(0))?;
        if busy != 0 {
            return Err(Error::Crypto("another connection holds the store open: close it and try again".into()));
        }
        for conn in readers.iter_mut().map(|reader| reader.take()).chain([writer.take()]).flatten() {
            conn.conn.close().map_err(|(_, error)| error)?;
        }
        let wal = format!("{path}-wal");
        if std::fs::metadata(&wal).is_ok_and(|wal| wal.len() > 0) {
            return Err(Error::Crypto("the store's WAL was not emptied: another process has it open".into()));
        }
        for stale in [wal, format!("{path}-shm")] {
            match std::fs::remove_file(&stale) {
                Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(io(error)),
                _ => {}
            }
        }
        std::fs::rename(copy, path).map_err(io)?;
        Ok(Rewritten { durable: sync_dir(path) })
    }

    /// Opens the writer and readers again (into the slots the rewrite holds), on the store's
    /// file as it is now; not after [`Db::close`].
    fn reopen<'a>(
        &'a self,
        path: &str,
        writer: &mut Option<Conn>,
        readers: &mut Vec<MutexGuard<'a, Option<Conn>>>,
    ) -> Result<(), StoreError> {
        if self.closed.load(std::sync::atomic::Ordering::Acquire) {
            return Ok(());
        }
        // A clone, wiped on drop like the original.
        let pages = self.keys.lock().as_ref().and_then(|keys| keys.data.clone());
        let pages = pages.as_ref().map(SecretKey::bytes);
        if writer.is_none() {
            *writer = Some(super::open_and_migrate(&self.config, pages)?);
        }
        for reader in readers.iter_mut().filter(|reader| reader.is_none()) {
            **reader = Some(super::open_reader(path, &self.config, pages)?);
        }
        Ok(())
    }
}

/// Syncs the directory of `path`, so a rename in it survives a power cut; whether it could.
#[cfg(unix)]
fn sync_dir(path: &str) -> bool {
    let dir = std::path::Path::new(path).parent().filter(|dir| !dir.as_os_str().is_empty());
    dir.is_none_or(|dir| std::fs::File::open(dir).and_then(|dir| dir.sync_all()).is_ok())
}

/// Elsewhere a directory cannot be synced this way: the key file keeps both keys until the
/// next open settles them.
#[cfg(all(not(unix), not(target_family = "wasm")))]
fn sync_dir(_path: &str) -> bool {
    false
}

/// The keys of the rewrite: its pages' key now, the key they will be under, and (when
/// encrypting) the store's new keys. Nothing is taken from `held`.
fn plan(
    key_file: &str,
    held: Option<&Keys>,
    target: Target,
    conn: &rusqlite::Connection,
) -> Result<(Option<SecretKey>, Option<SecretKey>, Option<Keys>)> {
    match (target, held) {
        (Target::Encrypt { .. }, Some(_)) => {
            let reason = "is encrypted already: rotate its data key with rekey, its key with change_key";
            Err(Error::invalid("store", reason))
        }
        (Target::Encrypt { key, kdf }, None) => {
            let fresh = Keys::for_encrypting(&key, &kdf, key_file.to_owned())?;
            Ok((None, Some(SecretKey::random()?), Some(fresh)))
        }
        (_, None) => Err(Error::InvalidKey("the store is not encrypted (it was opened without a key)".into())),
        (target, Some(keys)) => {
            let from = keys.data.clone().ok_or_else(|| Error::InvalidKey("the store is not encrypted".into()))?;
            let to = match target {
                Target::Decrypt => {
                    let sealed: i64 = conn.query_row("SELECT count(*) FROM provider_secrets", [], |row| row.get(0))?;
                    if sealed > 0 {
                        let reason = format!(
                            "holds {sealed} sealed provider secrets, which need a key: clear them before decrypting"
                        );
                        return Err(Error::invalid("store", reason));
                    }
                    None
                }
                _ => Some(SecretKey::random()?),
            };
            Ok((Some(from), to, None))
        }
    }
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
    files::remove_file(copy)?;
    let mut dest = files::open_file(copy, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE)
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
