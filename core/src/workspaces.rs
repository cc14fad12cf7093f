//! Workspaces: the top-level containers of threads.

use crate::db::Db;
use crate::error::{Error, Result, StoreError};
use crate::ids::{new_id, now_ms, parse_id};
use crate::limits;
use crate::model::{PageRequest, Workspace};
use crate::paging::Page;
use rusqlite::{Connection, OptionalExtension, Row, params};
use std::sync::Arc;

const COLUMNS: &str = "id, name, created_at, updated_at";

/// Create, read, rename and delete workspaces. Get one from [`crate::Store::workspaces`].
#[derive(Clone)]
pub struct Workspaces {
    pub(crate) db: Arc<Db>,
}

impl Workspaces {
    /// Creates a workspace named `name` (trimmed, 1 to 200 characters).
    pub fn create(&self, name: &str) -> Result<Workspace, StoreError> {
        let name = limits::name("name", name)?;
        self.db.write(|tx| {
            let (id, now) = new_id();
            tx.execute(
                "INSERT INTO workspaces (id, name, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
                params![id, name, now],
            )?;
            Ok(Workspace { id, name, created_at: now, updated_at: now })
        })
    }

    /// The live workspace `id`.
    pub fn get(&self, id: &str) -> Result<Workspace, StoreError> {
        self.db.read(|conn| get(conn, id))
    }

    /// Live workspaces, newest first.
    pub fn list(&self, page: &PageRequest) -> Result<Vec<Workspace>, StoreError> {
        self.db.read(|conn| {
            let page = Page::resolve(conn, "workspaces", None, page)?;
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM workspaces WHERE deleted_at IS NULL AND (created_at, id) < (?1, ?2)
                 ORDER BY created_at DESC, id DESC LIMIT ?3"
            ))?;
            let rows = stmt.query_map(params![page.before_time(), page.before_id(), page.limit], from_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Renames workspace `id`; returns it as stored.
    pub fn rename(&self, id: &str, name: &str) -> Result<Workspace, StoreError> {
        let name = limits::name("name", name)?;
        self.db.write(|tx| {
            let current = get(tx, id)?;
            tx.execute(
                "UPDATE workspaces SET name = ?2, updated_at = ?3 WHERE id = ?1",
                params![current.id, name, now_ms()],
            )?;
            get(tx, &current.id)
        })
    }

    /// Soft-deletes workspace `id`: it, its threads and their messages disappear from every
    /// read and search.
    pub fn delete(&self, id: &str) -> Result<(), StoreError> {
        self.db.write(|tx| {
            let current = get(tx, id)?;
            tx.execute("UPDATE workspaces SET deleted_at = ?2 WHERE id = ?1", params![current.id, now_ms()])?;
            Ok(())
        })
    }
}

/// The live workspace `id`, or `NotFound`.
pub(crate) fn get(conn: &Connection, id: &str) -> Result<Workspace> {
    let id = parse_id("id", id)?;
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM workspaces WHERE id = ?1 AND deleted_at IS NULL"))?
        .query_row([&id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("workspace", &id))
}

fn from_row(row: &Row) -> rusqlite::Result<Workspace> {
    Ok(Workspace { id: row.get(0)?, name: row.get(1)?, created_at: row.get(2)?, updated_at: row.get(3)? })
}
