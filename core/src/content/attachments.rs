//! Attachments of messages: their metadata, and their bytes in files beside the store
//! (`blobs/`).

use crate::blobs::stored::{self, AttachmentReader, AttachmentWriter};
use crate::content::messages;
use crate::content::model::{Attachment, AttachmentBytes, NewAttachment, NewAttachmentFile};
use crate::context::Context;
use crate::entity;
use crate::error::{Error, Result, StoreError};
use crate::governance::model::{Action, ResourceRef};
use crate::ids::{new_id, parse_id};
use crate::model::PageRequest;
use crate::schema;
use rusqlite::Connection;
use std::io::Read;

/// Add, read, list and remove attachment metadata. Get one from [`crate::Store::attachments`].
#[derive(Clone)]
pub struct Attachments {
    pub(crate) cx: Context,
}

impl crate::Store {
    /// Attachment metadata of messages.
    pub fn attachments(&self) -> Attachments {
        Attachments { cx: self.cx.clone() }
    }
}

impl Attachments {
    /// Records an attachment of live message `attachment.message_id`. The filename, media
    /// type, size and SHA-256 are checked, each error naming its field.
    pub fn add(&self, attachment: &NewAttachment) -> Result<Attachment, StoreError> {
        let message_id = parse_id("message_id", &attachment.message_id)?;
        let filename = schema::attachments::filename.text(&attachment.filename)?;
        let mime = schema::attachments::mime.text(&attachment.mime)?;
        let size_bytes = schema::attachments::size_bytes.unsigned(attachment.size_bytes)?;
        let sha256 = schema::attachments::sha256.text(&attachment.sha256)?;
        self.cx.write(|tx| {
            let message = messages::get(tx, &message_id)?;
            self.cx.authorize(tx, Action::Write, &ResourceRef::thread(&message.thread_id))?;
            let (id, now) = new_id();
            let thread_id = message.thread_id;
            let attachment = Attachment {
                id,
                message_id,
                thread_id,
                filename,
                mime,
                size_bytes,
                sha256,
                bytes: AttachmentBytes::None,
                kept_elsewhere: false,
                created_at: now,
                updated_at: now,
            };
            entity::insert(tx, &attachment)?;
            Ok(attachment)
        })
    }

    /// Starts storing the bytes of a new attachment of live message `file.message_id`:
    /// write them in chunks, then `finish` (the size and SHA-256 come from the bytes). In an
    /// encrypted store they are sealed as they stream; memory holds one 64 KiB segment.
    pub fn writer(&self, file: &NewAttachmentFile) -> Result<AttachmentWriter, StoreError> {
        AttachmentWriter::begin(&self.cx, file)
    }

    /// [`Attachments::writer`] fed from `bytes` to its end.
    pub fn write(&self, file: &NewAttachmentFile, bytes: &mut dyn Read) -> Result<Attachment, StoreError> {
        let mut writer = self.writer(file)?;
        let mut chunk = vec![0; 64 * 1024];
        loop {
            match bytes.read(&mut chunk) {
                Ok(0) => return writer.finish(),
                Ok(n) => writer.write(&chunk[..n])?,
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
                Err(error) => return Err(Error::invalid("bytes", format!("could not be read: {error}")).into()),
            }
        }
    }

    /// Reads the bytes of attachment `id` in chunks, checked against its SHA-256 at the end;
    /// `NotFound` (entity `attachment_bytes`) when the store holds only its metadata.
    pub fn reader(&self, id: &str) -> Result<AttachmentReader, StoreError> {
        AttachmentReader::open(&self.cx, id)
    }

    /// Every byte of attachment `id`, checked against its SHA-256.
    pub fn read(&self, id: &str) -> Result<Vec<u8>, StoreError> {
        self.reader(id)?.read_to_end()
    }

    /// [`Attachments::writer`] for every store, the browser's on OPFS included, where a new
    /// file is made asynchronously (the synchronous call is `InvalidInput` there).
    pub async fn open_writer(&self, file: &NewAttachmentFile) -> Result<AttachmentWriter, StoreError> {
        AttachmentWriter::begin_async(&self.cx, file).await
    }

    /// [`Attachments::reader`] for every store, the browser's on OPFS included, where a file
    /// is opened asynchronously.
    pub async fn open_reader(&self, id: &str) -> Result<AttachmentReader, StoreError> {
        AttachmentReader::open_async(&self.cx, id).await
    }

    /// Removes the files no attachment holds any more where that waits for the commit that
    /// released them (the browser's OPFS; natively they go with that commit), and with
    /// `orphans` every file no row names (call it so after opening, before any write: a
    /// crash leaves such files). Returns the files removed.
    pub async fn collect_files(&self, orphans: bool) -> Result<u32, StoreError> {
        crate::blobs::stored::sweep(&self.cx, orphans).await
    }

    /// Says whether the app keeps attachment `id`'s bytes elsewhere too, which lets
    /// maintenance evict the local copy once its thread is archived.
    pub fn set_kept_elsewhere(&self, id: &str, kept: bool) -> Result<Attachment, StoreError> {
        self.cx.write(|tx| {
            let current = get(tx, id)?;
            let message = messages::get(tx, &current.message_id)?;
            self.cx.authorize(tx, Action::Write, &ResourceRef::thread(&message.thread_id))?;
            let changed = Attachment { kept_elsewhere: kept, updated_at: crate::ids::now_ms(), ..current.clone() };
            entity::update(tx, &current, &changed)?;
            Ok(changed)
        })
    }

    /// The attachment `id` of a live message.
    pub fn get(&self, id: &str) -> Result<Attachment, StoreError> {
        self.cx.read(|conn| get(conn, id))
    }

    /// Attachments of live message `message_id`, newest first.
    pub fn list(&self, message_id: &str, page: &PageRequest) -> Result<Vec<Attachment>, StoreError> {
        let message_id = parse_id("message_id", message_id)?;
        self.cx.read(|conn| {
            messages::get(conn, &message_id)?;
            entity::list(conn, Some(("message_id", &message_id)), page)
        })
    }

    /// Removes attachment `id` for good (attachments have no soft delete). Audited.
    pub fn remove(&self, id: &str) -> Result<(), StoreError> {
        self.cx.write(|tx| {
            let current = get(tx, id)?;
            let message = messages::get(tx, &current.message_id)?;
            self.cx.authorize(tx, Action::Delete, &ResourceRef::thread(&message.thread_id))?;
            entity::purge::<Attachment>(tx, &current.id)?;
            let details = serde_json::json!({ "message_id": current.message_id, "sha256": current.sha256 });
            self.cx.audit(tx, "attachment.remove", "attachment", &current.id, details)
        })?;
        stored::collect(&self.cx, false).map(drop)
    }
}

/// The attachment `id` of a live message, or `NotFound`.
fn get(conn: &Connection, id: &str) -> Result<Attachment> {
    entity::get(conn, id)
}
