//! Attachment bytes in the store: streaming them into a blob file and the attachment row that
//! holds it, reading them back checked against their SHA-256, and collecting files no
//! attachment holds any more.
//!
//! A blob file is renamed into place inside the write transaction that records it (the
//! writer's lock is held), so two writers never race on one name; a crash after the rename
//! and before the commit leaves a file no row names, which [`collect`] removes at the next
//! open. In an encrypted store the file is sealed (`sealed.rs`) and named by a keyed hash of
//! its content, so a name says nothing about what it holds.

use crate::blobs::files::{BlobDir, BlobReader, PendingBlob};
use crate::blobs::sealed::{BlobUnsealed, OpenReader, SealWriter};
use crate::content::messages;
use crate::content::model::{Attachment, AttachmentBytes, NewAttachmentFile};
use crate::context::Context;
use crate::crypto::keys::SecretKey;
use crate::entity;
use crate::error::{Error, Result, StoreError};
use crate::governance::model::{Action, ResourceRef};
use crate::ids::{new_id, parse_id};
use crate::schema;
use crate::values::{hex, sha256_hex};
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};
use std::io::{self, Read, Write};

/// Nothing more is bound into a sealed blob: a file renamed onto another's name opens, and
/// is then caught by its SHA-256 at the end of the read.
const BINDING: &[u8] = b"unified-store attachment v1";

fn dir(cx: &Context) -> Result<&BlobDir> {
    cx.blobs.as_deref().ok_or_else(|| Error::invalid("attachment", "this store keeps no attachment bytes"))
}

enum Sink {
    Plain(PendingBlob),
    // Boxed: the sealing state (a cipher and a segment buffer) dwarfs a plain file.
    Sealed(Box<SealWriter<PendingBlob>>),
}

/// An attachment being written: give it the bytes in chunks, then [`AttachmentWriter::finish`].
/// Dropped unfinished, it leaves nothing behind.
pub struct AttachmentWriter {
    cx: Context,
    file: NewAttachmentFile,
    sink: Option<Sink>,
    key: Option<SecretKey>,
    hasher: Sha256,
    size: u64,
}

impl AttachmentWriter {
    /// Checks `file` (names each bad field), its message (live, writable by the caller) and
    /// that the store keeps bytes, then opens a temporary file.
    pub(crate) fn begin(cx: &Context, file: &NewAttachmentFile) -> Result<Self, StoreError> {
        let (file, key) = Self::check(cx, file)?;
        let pending = dir(cx)?.begin().map_err(io_error)?;
        Self::with(cx, file, key, pending)
    }

    /// [`AttachmentWriter::begin`] where making a file waits (the browser's OPFS).
    pub(crate) async fn begin_async(cx: &Context, file: &NewAttachmentFile) -> Result<Self, StoreError> {
        let (file, key) = Self::check(cx, file)?;
        let pending = dir(cx)?.begin_async().await.map_err(io_error)?;
        Self::with(cx, file, key, pending)
    }

    /// The checked file and the key its bytes are sealed with, if any.
    fn check(cx: &Context, file: &NewAttachmentFile) -> Result<(NewAttachmentFile, Option<SecretKey>), StoreError> {
        let file = NewAttachmentFile {
            message_id: parse_id("message_id", &file.message_id)?,
            filename: schema::attachments::filename.text(&file.filename)?,
            mime: schema::attachments::mime.text(&file.mime)?,
        };
        cx.read(|conn| {
            let message = messages::get(conn, &file.message_id)?;
            cx.authorize(conn, Action::Write, &ResourceRef::thread(&message.thread_id))
        })?;
        let key = if cx.db.has_key() { cx.db.secrets_keys()?.into_iter().next() } else { None };
        dir(cx)?;
        Ok((file, key))
    }

    fn with(
        cx: &Context,
        file: NewAttachmentFile,
        key: Option<SecretKey>,
        pending: PendingBlob,
    ) -> Result<Self, StoreError> {
        let sink = match &key {
            Some(key) => Sink::Sealed(Box::new(SealWriter::new(pending, key, BINDING).map_err(io_error)?)),
            None => Sink::Plain(pending),
        };
        Ok(Self { cx: cx.clone(), file, sink: Some(sink), key, hasher: Sha256::new(), size: 0 })
    }

    /// Adds `chunk` to the bytes. After an error the writer is spent: `finish` refuses.
    pub fn write(&mut self, chunk: &[u8]) -> Result<(), StoreError> {
        let sink = self.sink.as_mut().ok_or_else(spent)?;
        self.size += chunk.len() as u64;
        if self.size > crate::limits::AMOUNT_MAX {
            self.sink = None;
            return Err(Error::invalid("bytes", format!("more than {} bytes", crate::limits::AMOUNT_MAX)).into());
        }
        self.hasher.update(chunk);
        let written = match sink {
            Sink::Plain(pending) => pending.write_all(chunk),
            Sink::Sealed(sealed) => sealed.write_all(chunk),
        };
        written.map_err(|error| {
            self.sink = None;
            io_error(error).into()
        })
    }

    /// Stores the bytes written as a new attachment of the message: one file per content
    /// (the same bytes attached twice share it), counted against the attachments budget
    /// (`QuotaExceeded` leaves nothing behind). The writer is spent afterwards.
    pub fn finish(&mut self) -> Result<Attachment, StoreError> {
        let pending = match self.sink.take().ok_or_else(spent)? {
            Sink::Plain(pending) => pending,
            Sink::Sealed(sealed) => sealed.finish().map_err(io_error)?,
        };
        let sha256 = hex(&std::mem::take(&mut self.hasher).finalize());
        let name = match (pending.fixed_name(), &self.key) {
            (Some(fixed), _) => fixed.to_owned(),
            (None, Some(key)) => sha256_hex(&[b"unified-store blob name", key.bytes(), sha256.as_bytes()]),
            (None, None) => sha256.clone(),
        };
        let (cx, file, sealed, size) = (&self.cx, &self.file, self.key.is_some(), self.size);
        cx.write(|tx| {
            let message = messages::get(tx, &file.message_id)?;
            cx.authorize(tx, Action::Write, &ResourceRef::thread(&message.thread_id))?;
            let dir = dir(cx)?;
            let existing: Option<String> =
                tx.query_row("SELECT file FROM blobs WHERE sha256 = ?1", [&sha256], |row| row.get(0)).optional()?;
            if existing.is_none() {
                pending.commit(&name).map_err(io_error)?;
            }
            let recorded = (|| {
                let (id, now) = new_id();
                if existing.is_none() {
                    tx.execute(
                        "INSERT INTO blobs (sha256, file, size_bytes, refs, sealed, created_at) VALUES (?1, ?2, ?3, 0, ?4, ?5)",
                        params![sha256, name, size as i64, sealed, now],
                    )?;
                }
                let attachment = Attachment {
                    id,
                    message_id: message.id,
                    thread_id: message.thread_id,
                    filename: file.filename.clone(),
                    mime: file.mime.clone(),
                    size_bytes: size,
                    sha256: sha256.clone(),
                    bytes: AttachmentBytes::Local,
                    kept_elsewhere: false,
                    created_at: now,
                    updated_at: now,
                };
                entity::insert(tx, &attachment)?;
                Ok(attachment)
            })();
            if recorded.is_err() && existing.is_none() {
                let _ = dir.remove(&name); // the transaction rolls back: no row will name it
            }
            recorded
        })
    }
}

fn spent() -> Error {
    Error::invalid("writer", "is finished, or failed earlier")
}

/// An attachment's bytes being read: chunks until an empty one, checked against the
/// attachment's SHA-256 and size at the end (a file changed on disk is a `Storage` error
/// then, and the bytes already read must be discarded).
pub struct AttachmentReader {
    inner: Box<dyn Read + Send>,
    attachment: Attachment,
    hasher: Sha256,
    read: u64,
    done: bool,
}

impl AttachmentReader {
    /// The bytes of attachment `id`: `NotFound` (entity `attachment_bytes`) when the store
    /// does not hold them (metadata only, or evicted).
    pub(crate) fn open(cx: &Context, id: &str) -> Result<Self, StoreError> {
        let (attachment, file, sealed) = Self::find(cx, id)?;
        let raw = dir(cx)?.open_blob(&file).map_err(|error| damaged(&attachment, error))?;
        Self::with(cx, attachment, sealed, raw)
    }

    /// [`AttachmentReader::open`] where opening a file waits (the browser's OPFS).
    pub(crate) async fn open_async(cx: &Context, id: &str) -> Result<Self, StoreError> {
        let (attachment, file, sealed) = Self::find(cx, id)?;
        let raw = dir(cx)?.open_blob_async(&file).await.map_err(|error| damaged(&attachment, error))?;
        Self::with(cx, attachment, sealed, raw)
    }

    /// Attachment `id`, readable by the caller, with its blob's file and whether it is sealed.
    fn find(cx: &Context, id: &str) -> Result<(Attachment, String, bool), StoreError> {
        let id = parse_id("id", id)?;
        cx.read(|conn| {
            let attachment: Attachment = entity::get(conn, &id)?;
            cx.authorize(conn, Action::Read, &ResourceRef::thread(&attachment.thread_id))?;
            if attachment.bytes != AttachmentBytes::Local {
                return Err(Error::not_found("attachment_bytes", &id));
            }
            let (file, sealed) = blob_file(conn, &attachment.sha256)?;
            Ok((attachment, file, sealed))
        })
    }

    fn with(cx: &Context, attachment: Attachment, sealed: bool, raw: BlobReader) -> Result<Self, StoreError> {
        let inner: Box<dyn Read + Send> = if sealed {
            let keys = cx.db.secrets_keys()?;
            Box::new(OpenReader::new(raw, &keys, BINDING).map_err(|error| damaged(&attachment, error))?)
        } else {
            Box::new(raw)
        };
        Ok(Self { inner, attachment, hasher: Sha256::new(), read: 0, done: false })
    }

    /// The attachment being read.
    pub fn attachment(&self) -> &Attachment {
        &self.attachment
    }

    /// Up to `max` more bytes (at least 1 when `max` is); none at the end.
    pub fn read_chunk(&mut self, max: usize) -> Result<Vec<u8>, StoreError> {
        let mut chunk = vec![0; max.min(1 << 24)];
        let n = self.read(&mut chunk).map_err(|error| damaged(&self.attachment, error))?;
        chunk.truncate(n);
        Ok(chunk)
    }

    /// Every remaining byte.
    pub fn read_to_end(mut self) -> Result<Vec<u8>, StoreError> {
        let mut bytes = Vec::with_capacity(self.attachment.size_bytes.min(1 << 26) as usize);
        loop {
            let chunk = self.read_chunk(1 << 16)?;
            if chunk.is_empty() {
                return Ok(bytes);
            }
            bytes.extend_from_slice(&chunk);
        }
    }
}

impl Read for AttachmentReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.done || buf.is_empty() {
            return Ok(0);
        }
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.read += n as u64;
        if n == 0 {
            self.done = true;
            let sha256 = hex(&std::mem::take(&mut self.hasher).finalize());
            if sha256 != self.attachment.sha256 || self.read != self.attachment.size_bytes {
                return Err(io::Error::new(io::ErrorKind::InvalidData, "its bytes no longer match their SHA-256"));
            }
        }
        Ok(n)
    }
}

/// The blob file holding content `sha256`, and whether it is sealed.
fn blob_file(conn: &Connection, sha256: &str) -> Result<(String, bool)> {
    conn.query_row("SELECT file, sealed FROM blobs WHERE sha256 = ?1", [sha256], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?
        .ok_or_else(|| Error::not_found("attachment_bytes", sha256))
}

/// Removes the blobs no attachment holds any more (after purges), and, with `orphans`, the
/// files no row names and leftovers of writes a crash interrupted (at open).
pub(crate) fn collect(cx: &Context, orphans: bool) -> Result<u32, StoreError> {
    let Some(dir) = cx.blobs.as_deref() else { return Ok(0) };
    if dir.removes_after_commit() {
        // Random names: the rows go now, their files after the commit (`sweep`).
        let released = cx.write(|tx| {
            let mut stmt = tx.prepare("SELECT file FROM blobs WHERE refs <= 0")?;
            let released: Vec<String> = stmt.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
            tx.execute("DELETE FROM blobs WHERE refs <= 0", [])?;
            Ok(released)
        })?;
        for file in &released {
            dir.remove(file).map_err(io_error)?;
        }
        return Ok(released.len() as u32);
    }
    if orphans {
        dir.clear_tmp().map_err(io_error)?;
        // A crash between removing a released file and committing its row's removal leaves
        // the row: even with no file left there may be rows to drop.
        let released = |conn: &Connection| -> Result<bool> {
            Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM blobs WHERE refs <= 0)", [], |row| row.get(0))?)
        };
        if dir.names().map_err(io_error)?.is_empty() && !cx.read(released)? {
            return Ok(0); // nothing to look for, and no write at open
        }
    }
    cx.write(|tx| {
        let mut stmt = tx.prepare("SELECT file FROM blobs WHERE refs <= 0")?;
        let released: Vec<String> = stmt.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
        tx.execute("DELETE FROM blobs WHERE refs <= 0", [])?;
        let mut removed = 0;
        for file in &released {
            dir.remove(file).map_err(io_error)?;
            removed += 1;
        }
        if orphans {
            let mut stmt = tx.prepare("SELECT 1 FROM blobs WHERE file = ?1")?;
            for name in dir.names().map_err(io_error)? {
                if !stmt.exists([&name])? {
                    dir.remove(&name).map_err(io_error)?;
                    removed += 1;
                }
            }
        }
        Ok(removed)
    })
}

/// Removes the files released since the last call where that waits for the commit (OPFS;
/// nothing elsewhere) and, with `orphans` (at open, while nothing writes a blob), every file
/// no row names.
pub(crate) async fn sweep(cx: &Context, orphans: bool) -> Result<u32, StoreError> {
    let Some(dir) = cx.blobs.as_deref() else { return Ok(0) };
    let recorded = |name: &str| {
        let named = cx.read(|conn| Ok(conn.prepare_cached("SELECT 1 FROM blobs WHERE file = ?1")?.exists([name])?));
        named.unwrap_or(true) // when in doubt, keep
    };
    Ok(dir.sweep(orphans, recorded).await.map_err(io_error)?)
}

fn io_error(error: io::Error) -> Error {
    match error.kind() {
        io::ErrorKind::Unsupported => asynchronous_only(),
        _ => Error::Blob(format!("attachment file: {error}")),
    }
}

/// A synchronous call on a store whose files are made and opened asynchronously (OPFS).
fn asynchronous_only() -> Error {
    Error::invalid("method", "this store's attachment files open asynchronously: use open_writer or open_reader")
}

/// What reading an attachment's file found wrong: a key this store lacks is `InvalidKey`,
/// anything else (missing, cut, altered) a damaged file.
fn damaged(attachment: &Attachment, error: io::Error) -> Error {
    let id = &attachment.id;
    match BlobUnsealed::of(&error) {
        Some(BlobUnsealed::UnknownKey(key)) => Error::InvalidKey(format!("attachment {id} is sealed under key {key}")),
        _ if error.kind() == io::ErrorKind::Unsupported => asynchronous_only(),
        _ if error.kind() == io::ErrorKind::NotFound => Error::Blob(format!("the file of attachment {id} is missing")),
        _ => Error::Blob(format!("attachment {id} is damaged: {error}")),
    }
}
