//! Projects: groups of threads and documents inside a workspace.

use crate::content::model::{NewProject, Project, ProjectPatch};
use crate::content::{description, workspaces};
use crate::context::Context;
use crate::entity::{self, Entity};
use crate::error::{Result, StoreError};
use crate::governance::model::{Action, ResourceRef};
use crate::ids::{new_id, now_ms, parse_id};
use crate::limits;
use crate::model::PageRequest;
use rusqlite::{Connection, Row, params};

/// Create, read, update, delete, restore and purge projects. Get one from
/// [`crate::Store::projects`].
#[derive(Clone)]
pub struct Projects {
    pub(crate) cx: Context,
}

// A project is live while it and its workspace are not deleted.
impl Entity for Project {
    const NAME: &'static str = "project";
    const TABLE: &'static str = "projects";
    const COLUMNS: &'static str = "e.id, e.workspace_id, e.name, e.description, e.created_at, e.updated_at";
    const FROM: &'static str = "projects e JOIN workspaces w ON w.id = e.workspace_id";
    const LIVE: &'static str = "e.deleted_at IS NULL AND w.deleted_at IS NULL";

    fn from_row(row: &Row) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get(0)?,
            workspace_id: row.get(1)?,
            name: row.get(2)?,
            description: row.get(3)?,
            created_at: row.get(4)?,
            updated_at: row.get(5)?,
        })
    }
}

impl Projects {
    /// Creates a project in live workspace `project.workspace_id`.
    pub fn create(&self, project: &NewProject) -> Result<Project, StoreError> {
        let workspace_id = parse_id("workspace_id", &project.workspace_id)?;
        let name = limits::name("name", &project.name)?;
        let description = description(&project.description)?;
        self.cx.write(|tx| {
            workspaces::get(tx, &workspace_id)?;
            self.cx.authorize(tx, Action::Write, &ResourceRef::workspace(&workspace_id))?;
            let (id, now) = new_id();
            tx.execute(
                "INSERT INTO projects (id, workspace_id, name, description, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                params![id, workspace_id, name, description, now],
            )?;
            Ok(Project { id, workspace_id, name, description, created_at: now, updated_at: now })
        })
    }

    /// The live project `id`.
    pub fn get(&self, id: &str) -> Result<Project, StoreError> {
        self.cx.read(|conn| get(conn, id))
    }

    /// Live projects of live workspace `workspace_id`, newest first.
    pub fn list(&self, workspace_id: &str, page: &PageRequest) -> Result<Vec<Project>, StoreError> {
        let workspace_id = parse_id("workspace_id", workspace_id)?;
        self.cx.read(|conn| {
            workspaces::get(conn, &workspace_id)?;
            entity::list(conn, Some(("workspace_id", &workspace_id)), page)
        })
    }

    /// Changes project `id` as `patch` says; returns it as stored.
    pub fn update(&self, id: &str, patch: &ProjectPatch) -> Result<Project, StoreError> {
        let name = patch.name.as_deref().map(|name| limits::name("name", name)).transpose()?;
        let description = patch.description.as_deref().map(description).transpose()?;
        self.cx.write(|tx| {
            let current = get(tx, id)?;
            self.cx.authorize(tx, Action::Write, &ResourceRef::project(&current.id))?;
            tx.execute(
                "UPDATE projects SET name = coalesce(?2, name), description = coalesce(?3, description),
                                     updated_at = ?4
                 WHERE id = ?1",
                params![current.id, name, description, now_ms()],
            )?;
            get(tx, &current.id)
        })
    }

    /// Soft-deletes project `id`: it, its threads (with their messages) and its documents
    /// disappear from every read and search until restored. Audited.
    pub fn delete(&self, id: &str) -> Result<(), StoreError> {
        self.cx.write(|tx| {
            let current = get(tx, id)?;
            self.cx.authorize(tx, Action::Delete, &ResourceRef::project(&current.id))?;
            entity::soft_delete::<Project>(tx, &current.id)?;
            let details = serde_json::json!({ "workspace_id": current.workspace_id });
            self.cx.audit(tx, "project.delete", "project", &current.id, details)
        })
    }

    /// Undoes [`Projects::delete`]. A project of a deleted workspace is `InvalidInput`
    /// (restore the workspace first). Needs `delete` on the workspace; audited.
    pub fn restore(&self, id: &str) -> Result<Project, StoreError> {
        self.cx.write(|tx| {
            let (id, workspace_id) = entity::stored::<Project, String>(tx, id, "workspace_id")?;
            self.cx.authorize(tx, Action::Delete, &ResourceRef::workspace(&workspace_id))?;
            let project = entity::restore::<Project>(tx, &id)?;
            self.cx.audit(
                tx,
                "project.restore",
                "project",
                &id,
                serde_json::json!({ "workspace_id": workspace_id }),
            )?;
            Ok(project)
        })
    }

    /// Removes project `id` for good, live or deleted, with its threads, their messages and
    /// attachments, and its documents. Needs `delete` on the workspace; audited.
    pub fn purge(&self, id: &str) -> Result<(), StoreError> {
        self.cx.write(|tx| {
            let (id, workspace_id) = entity::stored::<Project, String>(tx, id, "workspace_id")?;
            self.cx.authorize(tx, Action::Delete, &ResourceRef::workspace(&workspace_id))?;
            entity::purge::<Project>(tx, &id)?;
            self.cx.audit(tx, "project.purge", "project", &id, serde_json::json!({ "workspace_id": workspace_id }))
        })
    }
}

/// The live project `id`, or `NotFound`.
pub(crate) fn get(conn: &Connection, id: &str) -> Result<Project> {
    entity::get(conn, id)
}
