//! Projects: groups of threads and documents inside a workspace.

use crate::content::model::{NewProject, Project, ProjectPatch};
use crate::content::workspaces;
use crate::context::Context;
use crate::entity;
use crate::error::{Result, StoreError};
use crate::governance::model::{Action, ResourceRef};
use crate::ids::{new_id, now_ms, parse_id};
use crate::model::PageRequest;
use crate::schema;
use rusqlite::Connection;

/// Create, read, update, delete, restore and purge projects. Get one from
/// [`crate::Store::projects`].
#[derive(Clone)]
pub struct Projects {
    pub(crate) cx: Context,
}

impl crate::Store {
    /// Projects inside workspaces.
    pub fn projects(&self) -> Projects {
        Projects { cx: self.cx.clone() }
    }
}

impl Projects {
    /// Creates a project in live workspace `project.workspace_id`.
    pub fn create(&self, project: &NewProject) -> Result<Project, StoreError> {
        let workspace_id = parse_id("workspace_id", &project.workspace_id)?;
        let name = schema::projects::name.text(&project.name)?;
        let description = schema::projects::description.text(&project.description)?;
        self.cx.write(|tx| {
            workspaces::get(tx, &workspace_id)?;
            self.cx.authorize(tx, Action::Write, &ResourceRef::workspace(&workspace_id))?;
            let (id, now) = new_id();
            let project = Project { id, workspace_id, name, description, created_at: now, updated_at: now };
            entity::insert(tx, &project)?;
            Ok(project)
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
        let name = schema::projects::name.optional_text(patch.name.as_deref())?;
        let description = schema::projects::description.optional_text(patch.description.as_deref())?;
        self.cx.write(|tx| {
            let current = get(tx, id)?;
            self.cx.authorize(tx, Action::Write, &ResourceRef::project(&current.id))?;
            let next = Project {
                name: name.unwrap_or_else(|| current.name.clone()),
                description: description.unwrap_or_else(|| current.description.clone()),
                updated_at: now_ms().max(current.updated_at),
                ..current.clone()
            };
            entity::update(tx, &current, &next)?;
            Ok(next)
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
