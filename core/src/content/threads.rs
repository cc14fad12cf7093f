//! Threads: conversations inside a workspace.

use crate::content::model::Thread;
use crate::content::workspaces;
use crate::context::Context;
use crate::error::{Error, Result, StoreError};
use crate::ids::{new_id, now_ms, parse_id};
use crate::limits;
use crate::model::PageRequest;
use crate::paging::Page;
use rusqlite::{Connection, OptionalExtension, Row, params};

// A thread is live while it and its workspace are not deleted.
const SELECT_LIVE: &str = "SELECT t.id, t.workspace_id, t.title, t.created_at, t.updated_at
    FROM threads t JOIN workspaces w ON w.id = t.workspace_id
    WHERE t.deleted_at IS NULL AND w.deleted_at IS NULL";

/// Create, read, rename and delete threads. Get one from [`crate::Store::threads`].
#[derive(Clone)]
pub struct Threads {
    pub(crate) cx: Context,
}

impl Threads {
    /// Creates a thread titled `title` in workspace `workspace_id`.
    pub fn create(&self, workspace_id: &str, title: &str) -> Result<Thread, StoreError> {
        let workspace_id = parse_id("workspace_id", workspace_id)?;
        let title = limits::name("title", title)?;
        self.cx.write(|tx| {
            workspaces::get(tx, &workspace_id)?;
            let (id, now) = new_id();
            tx.execute(
                "INSERT INTO threads (id, workspace_id, title, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
                params![id, workspace_id, title, now],
            )?;
            Ok(Thread { id, workspace_id, title, created_at: now, updated_at: now })
        })
    }

    /// The live thread `id`.
    pub fn get(&self, id: &str) -> Result<Thread, StoreError> {
        self.cx.read(|conn| get(conn, id))
    }

    /// Live threads of workspace `workspace_id`, newest first.
    pub fn list(&self, workspace_id: &str, page: &PageRequest) -> Result<Vec<Thread>, StoreError> {
        let workspace_id = parse_id("workspace_id", workspace_id)?;
        self.cx.read(|conn| {
            workspaces::get(conn, &workspace_id)?;
            let page = Page::resolve(conn, "threads", Some(("workspace_id", &workspace_id)), page)?;
            let mut stmt = conn.prepare_cached(&format!(
                "{SELECT_LIVE} AND t.workspace_id = ?1 AND (t.created_at, t.id) < (?2, ?3)
                 ORDER BY t.created_at DESC, t.id DESC LIMIT ?4"
            ))?;
            let rows =
                stmt.query_map(params![workspace_id, page.before_time(), page.before_id(), page.limit], from_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Renames thread `id`; returns it as stored.
    pub fn rename(&self, id: &str, title: &str) -> Result<Thread, StoreError> {
        let title = limits::name("title", title)?;
        self.cx.write(|tx| {
            let current = get(tx, id)?;
            tx.execute(
                "UPDATE threads SET title = ?2, updated_at = ?3 WHERE id = ?1",
                params![current.id, title, now_ms()],
            )?;
            get(tx, &current.id)
        })
    }

    /// Soft-deletes thread `id`: it and its messages disappear from every read and search.
    pub fn delete(&self, id: &str) -> Result<(), StoreError> {
        self.cx.write(|tx| {
            let current = get(tx, id)?;
            tx.execute("UPDATE threads SET deleted_at = ?2 WHERE id = ?1", params![current.id, now_ms()])?;
            Ok(())
        })
    }
}

/// The live thread `id`, or `NotFound`.
pub(crate) fn get(conn: &Connection, id: &str) -> Result<Thread> {
    let id = parse_id("id", id)?;
    conn.prepare_cached(&format!("{SELECT_LIVE} AND t.id = ?1"))?
        .query_row([&id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("thread", &id))
}

fn from_row(row: &Row) -> rusqlite::Result<Thread> {
    Ok(Thread {
        id: row.get(0)?,
        workspace_id: row.get(1)?,
        title: row.get(2)?,
        created_at: row.get(3)?,
        updated_at: row.get(4)?,
    })
}
