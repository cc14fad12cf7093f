//! Workspaces: the top-level containers of content, each owned by one user or organization,
//! and their members.

use crate::content::model::{NewWorkspace, Workspace, WorkspaceMember, WorkspacePatch};
use crate::context::Context;
use crate::entity::{self, Entity, Record};
use crate::error::{Error, Result, StoreError};
use crate::governance::model::{Action, ResourceRef};
use crate::identity::model::User;
use crate::ids::{new_id, now_ms, parse_id};
use crate::model::{PageRequest, Role};
use crate::owner;
use crate::paging::Page;
use crate::schema;
use rusqlite::{Connection, OptionalExtension, params};

/// Create, read, update, delete and purge workspaces, and manage their members. Get one from
/// [`crate::Store::workspaces`].
#[derive(Clone)]
pub struct Workspaces {
    pub(crate) cx: Context,
}

impl crate::Store {
    /// Workspaces: the top-level containers, and their members.
    pub fn workspaces(&self) -> Workspaces {
        Workspaces { cx: self.cx.clone() }
    }
}

impl Workspaces {
    /// Creates a workspace owned by exactly one live user or organization.
    pub fn create(&self, workspace: &NewWorkspace) -> Result<Workspace, StoreError> {
        let name = schema::workspaces::name.text(&workspace.name)?;
        let (owner_user_id, owner_organization_id) =
            owner::pair(workspace.owner_user_id.as_deref(), workspace.owner_organization_id.as_deref())?;
        self.cx.write(|tx| {
            self.check_owner(tx, owner_user_id.as_deref(), owner_organization_id.as_deref())?;
            let (id, now) = new_id();
            let workspace =
                Workspace { id, name, owner_user_id, owner_organization_id, created_at: now, updated_at: now };
            entity::insert(tx, &workspace)?;
            Ok(workspace)
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

    /// Live workspaces user `user_id` can reach, newest first: those the user owns, is a
    /// member of, or that belong to an organization the user is a member of.
    pub fn list_for_user(&self, user_id: &str, page: &PageRequest) -> Result<Vec<Workspace>, StoreError> {
        let user_id = parse_id("user_id", user_id)?;
        self.cx.read(|conn| {
            entity::get::<User>(conn, &user_id)?;
            let page = Page::resolve(conn, "workspaces", None, page)?;
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {} FROM {} WHERE {} AND (e.created_at, e.id) < (?2, ?3)
                   AND (e.owner_user_id = ?1
                        OR EXISTS (SELECT 1 FROM workspace_members m WHERE m.workspace_id = e.id AND m.user_id = ?1)
                        OR EXISTS (SELECT 1 FROM organization_members o
                                   WHERE o.organization_id = e.owner_organization_id AND o.user_id = ?1))
                 ORDER BY e.created_at DESC, e.id DESC LIMIT ?4",
                Workspace::COLUMNS,
                Workspace::FROM,
                Workspace::LIVE
            ))?;
            let rows = stmt
                .query_map(params![user_id, page.before_time(), page.before_id(), page.limit], Workspace::from_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Renames workspace `id`; returns it as stored.
    pub fn rename(&self, id: &str, name: &str) -> Result<Workspace, StoreError> {
        self.update(id, &WorkspacePatch { name: Some(name.to_owned()), ..WorkspacePatch::default() })
    }

    /// Changes workspace `id` as `patch` says; returns it as stored. Renaming needs `write`
    /// on it; a transfer to another owner needs `manage` and is audited.
    pub fn update(&self, id: &str, patch: &WorkspacePatch) -> Result<Workspace, StoreError> {
        let name = schema::workspaces::name.optional_text(patch.name.as_deref())?;
        let transfer = patch.owner_user_id.is_some() || patch.owner_organization_id.is_some();
        let new_owner = match transfer {
            true => Some(owner::pair(patch.owner_user_id.as_deref(), patch.owner_organization_id.as_deref())?),
            false => None,
        };
        self.cx.write(|tx| {
            let current = get(tx, id)?;
            if name.is_none() && new_owner.is_none() {
                return Ok(current);
            }
            let resource = ResourceRef::workspace(&current.id);
            let mut next = Workspace { updated_at: now_ms().max(current.updated_at), ..current.clone() };
            if let Some(name) = name {
                self.cx.authorize(tx, Action::Write, &resource)?;
                next.name = name;
            }
            if let Some((user_id, organization_id)) = &new_owner {
                self.cx.authorize(tx, Action::Manage, &resource)?;
                self.check_owner(tx, user_id.as_deref(), organization_id.as_deref())?;
                if let Some(user_id) = user_id {
                    // The new owner stops being a member: the workspace names it already.
                    tx.execute(
                        "DELETE FROM workspace_members WHERE workspace_id = ?1 AND user_id = ?2",
                        params![current.id, user_id],
                    )?;
                }
                next.owner_user_id.clone_from(user_id);
                next.owner_organization_id.clone_from(organization_id);
                let details = serde_json::json!({
                    "from": { "user": current.owner_user_id, "organization": current.owner_organization_id },
                    "to": { "user": user_id, "organization": organization_id },
                });
                self.cx.audit(tx, "workspace.transfer", "workspace", &current.id, details)?;
            }
            entity::update(tx, &current, &next)?;
            Ok(next)
        })
    }

    /// Soft-deletes workspace `id`: it and everything in it (members, projects, documents,
    /// threads, messages, attachments) disappear from every read and search until restored.
    pub fn delete(&self, id: &str) -> Result<(), StoreError> {
        self.cx.write(|tx| {
            let current = get(tx, id)?;
            self.cx.authorize(tx, Action::Delete, &ResourceRef::workspace(&current.id))?;
            entity::soft_delete::<Workspace>(tx, &current.id)?;
            self.cx.audit(tx, "workspace.delete", "workspace", &current.id, serde_json::json!({ "name": current.name }))
        })
    }

    /// Undoes [`Workspaces::delete`]: the workspace and everything in it (that was not
    /// deleted on its own) come back.
    pub fn restore(&self, id: &str) -> Result<Workspace, StoreError> {
        self.cx.write(|tx| {
            let (id, _) = entity::stored::<Workspace, String>(tx, id, "id")?;
            self.cx.authorize(tx, Action::Delete, &ResourceRef::workspace(&id))?;
            let workspace = entity::restore::<Workspace>(tx, &id)?;
            self.cx.audit(tx, "workspace.restore", "workspace", &id, serde_json::json!({}))?;
            Ok(workspace)
        })
    }

    /// Removes workspace `id` for good, live or deleted, with everything in it: members,
    /// projects, documents, threads, messages, attachments, flows, permission sets and its
    /// AI-call records. Audited.
    pub fn purge(&self, id: &str) -> Result<(), StoreError> {
        self.cx.write(|tx| {
            let (id, name) = entity::stored::<Workspace, String>(tx, id, "name")?;
            self.cx.authorize(tx, Action::Delete, &ResourceRef::workspace(&id))?;
            entity::purge::<Workspace>(tx, &id)?;
            self.cx.audit(tx, "workspace.purge", "workspace", &id, serde_json::json!({ "name": name }))
        })
    }

    /// Makes live user `user_id` a member of workspace `workspace_id` with `role` (admin,
    /// member or viewer; the owner is named on the workspace). A user who is a member already
    /// is a `Conflict` on `user_id`. Needs `manage` on the workspace; audited.
    pub fn add_member(&self, workspace_id: &str, user_id: &str, role: Role) -> Result<WorkspaceMember, StoreError> {
        let workspace_id = parse_id("workspace_id", workspace_id)?;
        let user_id = parse_id("user_id", user_id)?;
        member_role(role)?;
        self.cx.write(|tx| {
            let workspace = get(tx, &workspace_id)?;
            entity::get::<User>(tx, &user_id)?;
            self.cx.authorize(tx, Action::Manage, &ResourceRef::workspace(&workspace.id))?;
            if workspace.owner_user_id.as_deref() == Some(user_id.as_str()) {
                return Err(Error::invalid("user_id", "owns the workspace; an owner is not also a member"));
            }
            let taken = tx
                .query_row(
                    "SELECT 1 FROM workspace_members WHERE workspace_id = ?1 AND user_id = ?2",
                    [&workspace_id, &user_id],
                    |_| Ok(()),
                )
                .optional()?;
            if taken.is_some() {
                return Err(Error::conflict("workspace_member", "user_id", format!("{user_id} is a member already")));
            }
            let (id, now) = new_id();
            let member = WorkspaceMember { id, workspace_id, user_id, role, created_at: now, updated_at: now };
            entity::insert(tx, &member)?;
            let details = serde_json::json!({
                "workspace_id": member.workspace_id, "user_id": member.user_id, "role": role.as_str(),
            });
            self.cx.audit(tx, "workspace_member.add", "workspace_member", &member.id, details)?;
            Ok(member)
        })
    }

    /// The membership of user `user_id` in workspace `workspace_id`, or `NotFound`
    /// (`workspace_member`).
    pub fn member(&self, workspace_id: &str, user_id: &str) -> Result<WorkspaceMember, StoreError> {
        let workspace_id = parse_id("workspace_id", workspace_id)?;
        let user_id = parse_id("user_id", user_id)?;
        self.cx.read(|conn| member(conn, &workspace_id, &user_id))
    }

    /// Changes the role of member `user_id` of workspace `workspace_id`. Needs `manage` on the
    /// workspace; audited.
    pub fn set_member_role(
        &self,
        workspace_id: &str,
        user_id: &str,
        role: Role,
    ) -> Result<WorkspaceMember, StoreError> {
        let workspace_id = parse_id("workspace_id", workspace_id)?;
        let user_id = parse_id("user_id", user_id)?;
        member_role(role)?;
        self.cx.write(|tx| {
            let current = member(tx, &workspace_id, &user_id)?;
            self.cx.authorize(tx, Action::Manage, &ResourceRef::workspace(&workspace_id))?;
            let next = WorkspaceMember { role, updated_at: now_ms().max(current.updated_at), ..current.clone() };
            entity::update(tx, &current, &next)?;
            let details = serde_json::json!({
                "workspace_id": workspace_id, "user_id": user_id,
                "from": current.role.as_str(), "to": role.as_str(),
            });
            self.cx.audit(tx, "workspace_member.role", "workspace_member", &current.id, details)?;
            Ok(next)
        })
    }

    /// Removes member `user_id` from workspace `workspace_id`. Needs `manage` on the
    /// workspace; audited.
    pub fn remove_member(&self, workspace_id: &str, user_id: &str) -> Result<(), StoreError> {
        let workspace_id = parse_id("workspace_id", workspace_id)?;
        let user_id = parse_id("user_id", user_id)?;
        self.cx.write(|tx| {
            let current = member(tx, &workspace_id, &user_id)?;
            self.cx.authorize(tx, Action::Manage, &ResourceRef::workspace(&workspace_id))?;
            entity::purge::<WorkspaceMember>(tx, &current.id)?;
            let details = serde_json::json!({ "workspace_id": workspace_id, "user_id": user_id });
            self.cx.audit(tx, "workspace_member.remove", "workspace_member", &current.id, details)
        })
    }

    /// Members of live workspace `workspace_id`, newest first (members whose user is
    /// deleted are left out).
    pub fn members(&self, workspace_id: &str, page: &PageRequest) -> Result<Vec<WorkspaceMember>, StoreError> {
        let workspace_id = parse_id("workspace_id", workspace_id)?;
        self.cx.read(|conn| {
            get(conn, &workspace_id)?;
            entity::list(conn, Some(("workspace_id", &workspace_id)), page)
        })
    }

    /// `NotFound` unless the owner exists; `PermissionDenied` unless the caller may give it
    /// a workspace.
    fn check_owner(&self, conn: &Connection, user_id: Option<&str>, organization_id: Option<&str>) -> Result<()> {
        owner::require(conn, user_id, organization_id)?;
        if let Some(user_id) = user_id {
            self.cx.authorize_self(user_id, Action::Write)?;
        }
        if let Some(org_id) = organization_id {
            self.cx.authorize_organization(conn, org_id, Action::Write)?;
        }
        Ok(())
    }
}

/// The live workspace `id`, or `NotFound`.
pub(crate) fn get(conn: &Connection, id: &str) -> Result<Workspace> {
    entity::get(conn, id)
}

/// The live membership of `user_id` in `workspace_id` (both canonical), or `NotFound`.
fn member(conn: &Connection, workspace_id: &str, user_id: &str) -> Result<WorkspaceMember> {
    get(conn, workspace_id)?;
    let sql = format!(
        "SELECT {} FROM {} WHERE {} AND e.workspace_id = ?1 AND e.user_id = ?2",
        WorkspaceMember::COLUMNS,
        WorkspaceMember::FROM,
        WorkspaceMember::LIVE
    );
    conn.prepare_cached(&sql)?
        .query_row([workspace_id, user_id], WorkspaceMember::from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("workspace_member", &format!("{workspace_id}/{user_id}")))
}

/// A member's role: anything but owner, which is named on the workspace itself.
fn member_role(role: Role) -> Result<()> {
    if role == Role::Owner {
        return Err(Error::invalid("role", "a workspace has one owner, set on the workspace (see update)"));
    }
    Ok(())
}
