//! Attachment metadata of messages (the bytes come with the storage work).

use crate::content::messages;
use crate::content::mime;
use crate::content::model::{Attachment, FILENAME_MAX, NewAttachment};
use crate::context::Context;
use crate::entity::{self, Entity};
use crate::error::{Error, Result, StoreError};
use crate::governance::model::{Action, ResourceRef};
use crate::ids::{new_id, parse_id};
use crate::model::PageRequest;
use rusqlite::types::Type;
use rusqlite::{Connection, Row, params};

/// Add, read, list and remove attachment metadata. Get one from [`crate::Store::attachments`].
#[derive(Clone)]
pub struct Attachments {
    pub(crate) cx: Context,
}

// An attachment shows while its message is live (see `Message`).
impl Entity for Attachment {
    const NAME: &'static str = "attachment";
    const TABLE: &'static str = "attachments";
    const COLUMNS: &'static str =
        "e.id, e.message_id, e.filename, e.mime, e.size_bytes, e.sha256, e.created_at, e.updated_at";
    const FROM: &'static str = "attachments e JOIN messages m ON m.id = e.message_id
        JOIN threads t ON t.id = m.thread_id JOIN workspaces w ON w.id = t.workspace_id
        LEFT JOIN projects p ON p.id = t.project_id";
    const LIVE: &'static str = "m.deleted_at IS NULL AND t.deleted_at IS NULL AND w.deleted_at IS NULL
        AND (t.project_id IS NULL OR p.deleted_at IS NULL)";

    fn from_row(row: &Row) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get(0)?,
            message_id: row.get(1)?,
            filename: row.get(2)?,
            mime: row.get(3)?,
            size_bytes: {
                let size: i64 = row.get(4)?;
                u64::try_from(size)
                    .map_err(|e| rusqlite::Error::FromSqlConversionFailure(4, Type::Integer, e.into()))?
            },
            sha256: row.get(5)?,
            created_at: row.get(6)?,
            updated_at: row.get(7)?,
        })
    }
}

impl Attachments {
    /// Records an attachment of live message `attachment.message_id`. The filename, media
    /// type, size and SHA-256 are checked, each error naming its field.
    pub fn add(&self, attachment: &NewAttachment) -> Result<Attachment, StoreError> {
        let message_id = parse_id("message_id", &attachment.message_id)?;
        let filename = filename(&attachment.filename)?;
        let mime = mime(&attachment.mime)?;
        let size_bytes = i64::try_from(attachment.size_bytes)
            .map_err(|_| Error::invalid("size_bytes", format!("larger than {} bytes", i64::MAX)))?;
        let sha256 = sha256(&attachment.sha256)?;
        self.cx.write(|tx| {
            let message = messages::get(tx, &message_id)?;
            self.cx.authorize(tx, Action::Write, &ResourceRef::thread(&message.thread_id))?;
            let (id, now) = new_id();
            tx.execute(
                "INSERT INTO attachments (id, message_id, filename, mime, size_bytes, sha256, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                params![id, message_id, filename, mime, size_bytes, sha256, now],
            )?;
            Ok(Attachment {
                id,
                message_id,
                filename,
                mime,
                size_bytes: attachment.size_bytes,
                sha256,
                created_at: now,
                updated_at: now,
            })
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
        })
    }
}

/// The attachment `id` of a live message, or `NotFound`.
fn get(conn: &Connection, id: &str) -> Result<Attachment> {
    entity::get(conn, id)
}

/// A file name: trimmed, 1 to [`FILENAME_MAX`] characters, no path separators or control
/// characters, not `.` or `..`.
fn filename(value: &str) -> Result<String> {
    let name = value.trim();
    let invalid = |reason: &str| Error::invalid("filename", format!("{value:?} {reason}"));
    if name.is_empty() || name == "." || name == ".." {
        return Err(invalid("is not a file name"));
    }
    if name.chars().count() > FILENAME_MAX {
        return Err(invalid(&format!("is longer than {FILENAME_MAX} characters")));
    }
    if name.chars().any(|c| c == '/' || c == '\\' || c.is_control()) {
        return Err(invalid("contains a path separator or a control character"));
    }
    Ok(name.to_owned())
}

/// A SHA-256 digest as 64 hex digits, stored lowercase.
fn sha256(value: &str) -> Result<String> {
    let digest = value.trim().to_ascii_lowercase();
    if digest.len() != 64 || !digest.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::invalid("sha256", format!("{value:?} is not 64 hex digits")));
    }
    Ok(digest)
}
