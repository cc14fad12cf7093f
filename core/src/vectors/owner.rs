//! What an embedding belongs to: a live message, document or attachment, where it sits
//! (workspace, project, thread) and a hash of what it holds, so a vector made from older
//! content is known to be stale.

use crate::content::model::{Attachment, Document, Message};
use crate::entity;
use crate::error::Result;
use crate::governance::model::ResourceRef;
use crate::values::sha256_hex;
use crate::vectors::model::OwnerKind;
use rusqlite::Connection;

/// A live owner and the columns an embedding of it repeats.
pub(crate) struct Owner {
    pub(crate) kind: OwnerKind,
    pub(crate) id: String,
    pub(crate) workspace_id: String,
    pub(crate) project_id: Option<String>,
    pub(crate) thread_id: Option<String>,
    /// The message an embedding of a message or an attachment hangs from.
    pub(crate) message_id: Option<String>,
    pub(crate) created_at: i64,
    pub(crate) content_hash: String,
}

impl Owner {
    /// What a caller must be allowed to write to store a vector of it.
    pub(crate) fn resource(&self) -> ResourceRef {
        match &self.thread_id {
            Some(thread) => ResourceRef::thread(thread),
            None => match &self.project_id {
                Some(project) => ResourceRef::project(project),
                None => ResourceRef::workspace(&self.workspace_id),
            },
        }
    }

    /// The foreign-key column naming it and its value.
    pub(crate) fn document_id(&self) -> Option<&str> {
        (self.kind == OwnerKind::Document).then_some(self.id.as_str())
    }

    pub(crate) fn attachment_id(&self) -> Option<&str> {
        (self.kind == OwnerKind::Attachment).then_some(self.id.as_str())
    }
}

/// The live owner `id` (canonical) of `kind`, or `NotFound` naming it.
pub(crate) fn find(conn: &Connection, kind: OwnerKind, id: &str) -> Result<Owner> {
    Ok(match kind {
        OwnerKind::Message => {
            let message: Message = entity::get(conn, id)?;
            let (workspace_id, project_id) = thread_place(conn, &message.thread_id)?;
            Owner {
                kind,
                id: message.id.clone(),
                workspace_id,
                project_id,
                thread_id: Some(message.thread_id),
                content_hash: message_hash(&message.content),
                message_id: Some(message.id),
                created_at: message.created_at,
            }
        }
        OwnerKind::Document => {
            let document: Document = entity::get(conn, id)?;
            Owner {
                kind,
                content_hash: document_hash(&document.title, &document.body),
                id: document.id,
                workspace_id: document.workspace_id,
                project_id: document.project_id,
                thread_id: None,
                message_id: None,
                created_at: document.created_at,
            }
        }
        OwnerKind::Attachment => {
            let attachment: Attachment = entity::get(conn, id)?;
            let message: Message = entity::get(conn, &attachment.message_id)?;
            let (workspace_id, project_id) = thread_place(conn, &message.thread_id)?;
            Owner {
                kind,
                id: attachment.id,
                workspace_id,
                project_id,
                thread_id: Some(message.thread_id),
                message_id: Some(message.id),
                created_at: attachment.created_at,
                content_hash: attachment.sha256,
            }
        }
    })
}

/// What a message's vector is made from, hashed.
pub(crate) fn message_hash(content: &str) -> String {
    sha256_hex(&[content.as_bytes()])
}

/// What a document's vector is made from, hashed.
pub(crate) fn document_hash(title: &str, body: &str) -> String {
    sha256_hex(&[title.as_bytes(), body.as_bytes()])
}

fn thread_place(conn: &Connection, thread_id: &str) -> Result<(String, Option<String>)> {
    let sql = "SELECT workspace_id, project_id FROM threads WHERE id = ?1";
    Ok(conn.prepare_cached(sql)?.query_row([thread_id], |row| Ok((row.get(0)?, row.get(1)?)))?)
}
