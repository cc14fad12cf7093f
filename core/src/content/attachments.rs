//! Attachment metadata of messages (the bytes come with the storage work).

use crate::content::messages;
use crate::content::model::{Attachment, NewAttachment};
use crate::context::Context;
use crate::entity;
use crate::error::{Result, StoreError};
use crate::governance::model::{Action, ResourceRef};
use crate::ids::{new_id, parse_id};
use crate::model::PageRequest;
use crate::schema;
use rusqlite::Connection;

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
            let attachment =
                Attachment { id, message_id, filename, mime, size_bytes, sha256, created_at: now, updated_at: now };
            entity::insert(tx, &attachment)?;
            Ok(attachment)
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
