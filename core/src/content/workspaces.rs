//! Workspaces: the top-level containers of content, each owned by one user or organization.

use crate::content::model::{NewWorkspace, Workspace};
use crate::context::Context;
use crate::entity::{self, Entity};
use crate::error::{Error, Result, StoreError};
use crate::governance::model::{Action, ResourceRef};
use crate::identity::model::User;
use crate::ids::{new_id, now_ms, parse_id};
use crate::limits;
use crate::model::PageRequest;
use rusqlite::{Connection, OptionalExtension, Row, params};

/// Create, read, rename and delete workspaces. Get one from [`crate::Store::workspaces`].
#[derive(Clone)]
pub struct Workspaces {
    pub(crate) cx: Context,
}

impl Entity for Workspace {
    const NAME: &'static str = "workspace";
    const TABLE: &'static str = "workspaces";
    const COLUMNS: &'static str = "e.id, e.name, e.owner_user_id, e.owner_organization_id, e.created_at, e.updated_at";
    const FROM: &'static str = "workspaces e";
    const LIVE: &'static str = "e.deleted_at IS NULL";

    fn from_row(row: &Row) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get(0)?,
            name: row.get(1)?,
            owner_user_id: row.get(2)?,
            owner_organization_id: row.get(3)?,
            created_at: row.get(4)?,
            updated_at: row.get(5)?,
        })
    }
}

impl Workspaces {
    /// Creates a workspace owned by exactly one live user or organization.
    pub fn create(&self, workspace: &NewWorkspace) -> Result<Workspace, StoreError> {
        let name = limits::name("name", &workspace.name)?;
        let owner_user_id = workspace.owner_user_id.as_deref().map(|id| parse_id("owner_user_id", id)).transpose()?;
        let owner_organization_id =
            workspace.owner_organization_id.as_deref().map(|id| parse_id("owner_organization_id", id)).transpose()?;
        if owner_user_id.is_some() == owner_organization_id.is_some() {
            return Err(Error::invalid("owner", "set exactly one of owner_user_id and owner_organization_id").into());
        }
        self.cx.write(|tx| {
            if let Some(user_id) = &owner_user_id {
                entity::get::<User>(tx, user_id)?;
                self.cx.authorize_self(user_id, Action::Write)?;
            }
            if let Some(org_id) = &owner_organization_id {
                require_organization(tx, org_id)?;
                self.cx.authorize_organization(tx, org_id, Action::Write)?;
            }
            let (id, now) = new_id();
            tx.execute(
                "INSERT INTO workspaces (id, name, owner_user_id, owner_organization_id, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                params![id, name, owner_user_id, owner_organization_id, now],
            )?;
            Ok(Workspace { id, name, owner_user_id, owner_organization_id, created_at: now, updated_at: now })
        })
    }

    /// The live workspace `id`.
    pub fn get(&self, id: &str) -> Result<Workspace, StoreError> {
        self.cx.read(|conn| get(conn, id))
    }

    /// Live workspaces, newest first.
    pub fn list(&self, page: &PageRequest) -> Result<Vec<Workspace>, StoreError> {
        self.cx.read(|conn| entity::list(conn, None, page))
    }

    /// Renames workspace `id`; returns it as stored.
    pub fn rename(&self, id: &str, name: &str) -> Result<Workspace, StoreError> {
        let name = limits::name("name", name)?;
        self.cx.write(|tx| {
            let current = get(tx, id)?;
            self.cx.authorize(tx, Action::Write, &ResourceRef::workspace(&current.id))?;
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
        self.cx.write(|tx| {
            let current = get(tx, id)?;
            self.cx.authorize(tx, Action::Delete, &ResourceRef::workspace(&current.id))?;
            entity::soft_delete::<Workspace>(tx, &current.id)?;
            self.cx.audit(tx, "workspace.delete", "workspace", &current.id, serde_json::json!({ "name": current.name }))
        })
    }
}

/// The live workspace `id`, or `NotFound`.
pub(crate) fn get(conn: &Connection, id: &str) -> Result<Workspace> {
    entity::get(conn, id)
}

fn require_organization(conn: &Connection, id: &str) -> Result<()> {
    conn.query_row("SELECT 1 FROM organizations WHERE id = ?1", [id], |_| Ok(()))
        .optional()?
        .ok_or_else(|| Error::not_found("organization", id))
}
