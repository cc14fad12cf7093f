//! Threads: conversations inside a workspace, optionally in one of its projects.

use crate::content::model::{NewThread, Thread, ThreadPatch};
use crate::content::{project_in, projects, workspaces};
use crate::context::Context;
use crate::entity;
use crate::error::{Result, StoreError};
use crate::governance::model::{Action, ResourceRef};
use crate::ids::{new_id, now_ms, parse_id};
use crate::model::PageRequest;
use crate::schema;
use crate::values::optional_id;
use rusqlite::Connection;

/// Create, read, update, archive, move, delete, restore and purge threads. Get one from
/// [`crate::Store::threads`].
#[derive(Clone)]
pub struct Threads {
    pub(crate) cx: Context,
}

impl crate::Store {
    /// Threads: conversations inside a workspace.
    pub fn threads(&self) -> Threads {
        Threads { cx: self.cx.clone() }
    }
}

impl Threads {
    /// Creates a thread titled `title` in workspace `workspace_id`, outside any project.
    pub fn create(&self, workspace_id: &str, title: &str) -> Result<Thread, StoreError> {
        self.create_with(&NewThread {
            workspace_id: workspace_id.to_owned(),
            project_id: None,
            title: title.to_owned(),
        })
    }

    /// Creates the thread `thread` describes; its project must be a live project of its
    /// workspace (`InvalidInput` on `project_id` otherwise).
    pub fn create_with(&self, thread: &NewThread) -> Result<Thread, StoreError> {
        let workspace_id = parse_id("workspace_id", &thread.workspace_id)?;
        let project_id = optional_id("project_id", thread.project_id.as_deref())?;
        let title = schema::threads::title.text(&thread.title)?;
        self.cx.write(|tx| {
            workspaces::get(tx, &workspace_id)?;
            let project_id = project_in(tx, &workspace_id, project_id.as_deref())?;
            let container = match &project_id {
                Some(project_id) => ResourceRef::project(project_id),
                None => ResourceRef::workspace(&workspace_id),
            };
            self.cx.authorize(tx, Action::Write, &container)?;
            let (id, now) = new_id();
            let thread = Thread {
                id,
                workspace_id,
                project_id,
                title,
                pinned: false,
                archived: false,
                last_message_at: None,
                created_at: now,
                updated_at: now,
            };
            entity::insert_with(tx, &thread, &[("author_user_id", &self.cx.caller)])?;
            Ok(thread)
        })
    }

    /// The live thread `id` (archived or not).
    pub fn get(&self, id: &str) -> Result<Thread, StoreError> {
        self.cx.read(|conn| get(conn, id))
    }

    /// Live, unarchived threads of workspace `workspace_id` (in a project or not), newest
    /// first.
    pub fn list(&self, workspace_id: &str, page: &PageRequest) -> Result<Vec<Thread>, StoreError> {
        let workspace_id = parse_id("workspace_id", workspace_id)?;
        self.cx.read(|conn| {
            workspaces::get(conn, &workspace_id)?;
            entity::list_where(conn, Some(("workspace_id", &workspace_id)), "e.archived = 0", page)
        })
    }

    /// Live, archived threads of workspace `workspace_id`, newest first.
    pub fn list_archived(&self, workspace_id: &str, page: &PageRequest) -> Result<Vec<Thread>, StoreError> {
        let workspace_id = parse_id("workspace_id", workspace_id)?;
        self.cx.read(|conn| {
            workspaces::get(conn, &workspace_id)?;
            entity::list_where(conn, Some(("workspace_id", &workspace_id)), "e.archived = 1", page)
        })
    }

    /// Live, unarchived threads of project `project_id`, newest first.
    pub fn list_in_project(&self, project_id: &str, page: &PageRequest) -> Result<Vec<Thread>, StoreError> {
        let project_id = parse_id("project_id", project_id)?;
        self.cx.read(|conn| {
            projects::get(conn, &project_id)?;
            entity::list_where(conn, Some(("project_id", &project_id)), "e.archived = 0", page)
        })
    }

    /// Renames thread `id`; returns it as stored.
    pub fn rename(&self, id: &str, title: &str) -> Result<Thread, StoreError> {
        self.update(id, &ThreadPatch { title: Some(title.to_owned()), ..ThreadPatch::default() })
    }

    /// Changes thread `id` as `patch` says (title, pinned, archived); returns it as stored.
    pub fn update(&self, id: &str, patch: &ThreadPatch) -> Result<Thread, StoreError> {
        let title = schema::threads::title.optional_text(patch.title.as_deref())?;
        self.cx.write(|tx| {
            let current = get(tx, id)?;
            self.cx.authorize(tx, Action::Write, &ResourceRef::thread(&current.id))?;
            let next = Thread {
                title: title.unwrap_or_else(|| current.title.clone()),
                pinned: patch.pinned.unwrap_or(current.pinned),
                archived: patch.archived.unwrap_or(current.archived),
                updated_at: now_ms().max(current.updated_at),
                ..current.clone()
            };
            entity::update(tx, &current, &next)?;
            Ok(next)
        })
    }

    /// Moves thread `id` into live project `project_id` of its workspace, or out of any
    /// project with `None`; returns it as stored. A project of another workspace is
    /// `InvalidInput` on `project_id`.
    pub fn move_to_project(&self, id: &str, project_id: Option<&str>) -> Result<Thread, StoreError> {
        let project_id = optional_id("project_id", project_id)?;
        self.cx.write(|tx| {
            let current = get(tx, id)?;
            self.cx.authorize(tx, Action::Write, &ResourceRef::thread(&current.id))?;
            let project_id = project_in(tx, &current.workspace_id, project_id.as_deref())?;
            if let Some(project_id) = &project_id {
                self.cx.authorize(tx, Action::Write, &ResourceRef::project(project_id))?;
            }
            let next = Thread { project_id, updated_at: now_ms().max(current.updated_at), ..current.clone() };
            entity::update(tx, &current, &next)?;
            Ok(next)
        })
    }

    /// Soft-deletes thread `id`: it and its messages disappear from every read and search
    /// until restored. Audited.
    pub fn delete(&self, id: &str) -> Result<(), StoreError> {
        self.cx.write(|tx| {
            let current = get(tx, id)?;
            self.cx.authorize(tx, Action::Delete, &ResourceRef::thread(&current.id))?;
            entity::soft_delete::<Thread>(tx, &current.id)?;
            let details = serde_json::json!({ "workspace_id": current.workspace_id });
            self.cx.audit(tx, "thread.delete", "thread", &current.id, details)
        })
    }

    /// Undoes [`Threads::delete`]. A thread whose workspace or project is deleted is
    /// `InvalidInput` (restore that first). Needs `delete` on its project or workspace;
    /// audited.
    pub fn restore(&self, id: &str) -> Result<Thread, StoreError> {
        self.cx.write(|tx| {
            let (id, container) = container(tx, id)?;
            self.cx.authorize(tx, Action::Delete, &container)?;
            let thread = entity::restore::<Thread>(tx, &id)?;
            let details = serde_json::json!({ "workspace_id": thread.workspace_id });
            self.cx.audit(tx, "thread.restore", "thread", &id, details)?;
            Ok(thread)
        })
    }

    /// Removes thread `id` for good, live or deleted, with its messages and their
    /// attachments. Needs `delete` on its project or workspace; audited.
    pub fn purge(&self, id: &str) -> Result<(), StoreError> {
        self.cx.write(|tx| {
            let (id, container) = container(tx, id)?;
            self.cx.authorize(tx, Action::Delete, &container)?;
            entity::purge::<Thread>(tx, &id)?;
            self.cx.audit(tx, "thread.purge", "thread", &id, serde_json::json!({}))
        })
    }
}

/// The live thread `id`, or `NotFound`.
pub(crate) fn get(conn: &Connection, id: &str) -> Result<Thread> {
    entity::get(conn, id)
}

/// Thread `id` (canonical, live or deleted) and what holds it: its project, else its
/// workspace.
fn container(conn: &Connection, id: &str) -> Result<(String, ResourceRef)> {
    let (id, workspace_id) = entity::stored::<Thread, String>(conn, id, "workspace_id")?;
    let (_, project_id) = entity::stored::<Thread, Option<String>>(conn, &id, "project_id")?;
    let container = match project_id {
        Some(project_id) => ResourceRef::project(project_id),
        None => ResourceRef::workspace(workspace_id),
    };
    Ok((id, container))
}

/// Sets `last_message_at` of thread `thread_id` to its newest live message's time.
pub(crate) fn refresh_last_message(conn: &Connection, thread_id: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE threads SET last_message_at =
             (SELECT created_at FROM messages WHERE thread_id = ?1 AND deleted_at IS NULL
              ORDER BY created_at DESC LIMIT 1)
         WHERE id = ?1",
    )?
    .execute([thread_id])?;
    Ok(())
}
