//! Permission evaluation: `can(user, action, resource)` from organization roles, workspace
//! roles and granted permission sets, and the checks the store's mutating calls run.
//!
//! # The rules, in one place ([`decide`])
//! 1. The resource is resolved to its workspace: a thread to its project (if any) and its
//!    workspace, a project to its workspace. For [`Permissions::can`] a resource that does
//!    not exist, is deleted, or sits under something deleted is `NotFound`; the store's own
//!    checks ([`authorize`]) also resolve deleted ones, so that restoring and purging are
//!    checked like any other write (the call site has already decided what may be found).
//! 2. A user who does not exist is `NotFound`; a deleted user may do nothing.
//! 3. The user's role on the workspace is the strongest of: owning it (`owner_user_id`,
//!    [`Role::Owner`]), a `workspace_members` row, and, when an organization owns the
//!    workspace, the user's role in that organization (an organization role applies to all
//!    of its workspaces).
//! 4. The role allows: owner and admin everything (read, write, delete, manage); member read
//!    and write; viewer read.
//! 5. Otherwise a permission set may allow it: one granted to the user, or to a role the user
//!    holds on the workspace or is stronger than, on the resource itself or on a parent of it
//!    (a grant on a workspace covers its projects and threads, one on a project its threads).
//!
//! Grants only add: there are no deny rules, so nothing can take away what a role allows.
//! Organizations ([`authorize_organization`]): owners and admins may do anything to their
//! organization, members and viewers only read it.

use crate::context::Context;
use crate::entity::{self, Record};
use crate::error::{Error, Result, StoreError};
use crate::governance::model::{
    AccessDecision, Action, NewPermissionSet, PermissionSet, PermissionSetPatch, ResourceKind, ResourceRef,
};
use crate::identity::model::{Organization, User};
use crate::ids::{new_id, now_ms, parse_id};
use crate::model::{PageRequest, Role};
use crate::schema::Stored;
use crate::values::optional_id;
use rusqlite::types::Type;
use rusqlite::types::{ToSql, ToSqlOutput};
use rusqlite::{Connection, OptionalExtension, Row, params};

/// Permission sets and their evaluation. Get one from [`crate::Store::permissions`].
#[derive(Clone)]
pub struct Permissions {
    pub(crate) cx: Context,
}

impl crate::Store {
    /// Permission sets, and what a user can do.
    pub fn permissions(&self) -> Permissions {
        Permissions { cx: self.cx.clone() }
    }
}

// Declared `custom` in schema/tables.rs: the record's `resource` spans two columns.
impl Record for PermissionSet {
    fn from_row(row: &Row) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get(0)?,
            subject_user_id: row.get(1)?,
            subject_role: row.get(2)?,
            resource: ResourceRef { kind: row.get(3)?, id: row.get(4)? },
            workspace_id: row.get(5)?,
            actions: Stored::read(row, 6)?,
            created_at: row.get(7)?,
            updated_at: row.get(8)?,
        })
    }

    fn values(&self) -> rusqlite::Result<Vec<ToSqlOutput<'_>>> {
        Ok(vec![
            self.id.to_sql()?,
            self.subject_user_id.to_sql()?,
            self.subject_role.to_sql()?,
            self.resource.kind.to_sql()?,
            self.resource.id.to_sql()?,
            self.workspace_id.to_sql()?,
            self.actions.write()?,
            self.created_at.to_sql()?,
            self.updated_at.to_sql()?,
        ])
    }
}

crate::schema::stored::stored_as_json!(Vec<Action>);

impl Permissions {
    /// Grants `grant.actions` on `grant.resource` to one user or to a role. The caller needs
    /// [`Action::Manage`] on the resource. A subject has at most one permission set per
    /// resource: granting again is `Conflict` (change the actions with
    /// [`Permissions::update`]). Audited as `permission.grant`.
    pub fn grant(&self, grant: &NewPermissionSet) -> Result<PermissionSet, StoreError> {
        let subject_user_id = optional_id("subject_user_id", grant.subject_user_id.as_deref())?;
        if subject_user_id.is_some() == grant.subject_role.is_some() {
            return Err(Error::invalid("subject", "set exactly one of subject_user_id and subject_role").into());
        }
        let actions = checked_actions(&grant.actions)?;
        let resource = checked_resource(&grant.resource)?;
        self.cx.write(|tx| {
            let target = resolve(tx, &resource, Scope::Live)?;
            if let Some(user_id) = &subject_user_id {
                entity::get::<User>(tx, user_id)?;
            }
            self.cx.authorize(tx, Action::Manage, &resource)?;
            let subject_role = grant.subject_role.map(Role::as_str);
            let taken = tx
                .query_row(
                    "SELECT 1 FROM permission_sets WHERE resource_kind = ?1 AND resource_id = ?2
                       AND (subject_user_id = ?3 OR subject_role = ?4)",
                    params![resource.kind, resource.id, subject_user_id, subject_role],
                    |_| Ok(()),
                )
                .optional()?
                .is_some();
            if taken {
                let subject = subject_user_id
                    .as_deref()
                    .map_or_else(|| format!("role {}", subject_role.unwrap_or_default()), |id| format!("user {id}"));
                let reason = format!("{subject} already has a permission set on {}; update it", resource.describe());
                return Err(Error::conflict("permission_set", "subject", reason));
            }
            let (id, now) = new_id();
            let set = PermissionSet {
                id,
                subject_user_id,
                subject_role: grant.subject_role,
                resource,
                workspace_id: target.workspace_id,
                actions,
                created_at: now,
                updated_at: now,
            };
            entity::insert(tx, &set)?;
            self.cx.audit(tx, "permission.grant", "permission_set", &set.id, audit_details(&set))?;
            Ok(set)
        })
    }

    /// The permission set `id` (while its workspace is live).
    pub fn get(&self, id: &str) -> Result<PermissionSet, StoreError> {
        self.cx.read(|conn| entity::get(conn, id))
    }

    /// Permission sets granted on exactly `resource` (not on its parents), newest first.
    pub fn list(&self, resource: &ResourceRef, page: &PageRequest) -> Result<Vec<PermissionSet>, StoreError> {
        let resource = checked_resource(resource)?;
        self.cx.read(|conn| {
            resolve(conn, &resource, Scope::Live)?;
            entity::list(conn, Some(("resource_id", &resource.id)), page)
        })
    }

    /// Permission sets granted to user `user_id` (not those granted to roles), newest first.
    pub fn list_for_user(&self, user_id: &str, page: &PageRequest) -> Result<Vec<PermissionSet>, StoreError> {
        let user_id = parse_id("user_id", user_id)?;
        self.cx.read(|conn| {
            entity::get::<User>(conn, &user_id)?;
            entity::list(conn, Some(("subject_user_id", &user_id)), page)
        })
    }

    /// Changes permission set `id`; the caller needs [`Action::Manage`] on its resource.
    /// Audited as `permission.update`.
    pub fn update(&self, id: &str, patch: &PermissionSetPatch) -> Result<PermissionSet, StoreError> {
        let actions = patch.actions.as_deref().map(checked_actions).transpose()?;
        self.cx.write(|tx| {
            let current: PermissionSet = entity::get(tx, id)?;
            self.cx.authorize(tx, Action::Manage, &current.resource)?;
            let Some(actions) = actions else { return Ok(current) };
            let updated = PermissionSet { actions, updated_at: now_ms().max(current.updated_at), ..current.clone() };
            entity::update(tx, &current, &updated)?;
            self.cx.audit(tx, "permission.update", "permission_set", &updated.id, audit_details(&updated))?;
            Ok(updated)
        })
    }

    /// Removes permission set `id` for good; the caller needs [`Action::Manage`] on its
    /// resource. Audited as `permission.revoke`.
    pub fn revoke(&self, id: &str) -> Result<(), StoreError> {
        self.cx.write(|tx| {
            let current: PermissionSet = entity::get(tx, id)?;
            self.cx.authorize(tx, Action::Manage, &current.resource)?;
            entity::purge::<PermissionSet>(tx, &current.id)?;
            self.cx.audit(tx, "permission.revoke", "permission_set", &current.id, audit_details(&current))
        })
    }

    /// Whether user `user_id` may do `action` on `resource` (see the module documentation
    /// for the rules). `NotFound` for an unknown user or resource; `false` for a deleted user.
    pub fn can(&self, user_id: &str, action: Action, resource: &ResourceRef) -> Result<bool, StoreError> {
        Ok(self.explain(user_id, action, resource)?.allowed)
    }

    /// [`Permissions::can`] with its reasons: the user's role on the workspace and the
    /// permission set that allowed the action, if one did.
    pub fn explain(&self, user_id: &str, action: Action, resource: &ResourceRef) -> Result<AccessDecision, StoreError> {
        let user_id = parse_id("user_id", user_id)?;
        let resource = checked_resource(resource)?;
        self.cx.read(|conn| decide(conn, &user_id, action, &resource, Scope::Live))
    }
}

// What every handle checks its caller with, on the context it carries.
impl Context {
    /// Refuses with `PermissionDenied` unless the caller may do `action` on `resource`.
    pub(crate) fn authorize(&self, conn: &Connection, action: Action, resource: &ResourceRef) -> Result<()> {
        match &self.caller {
            Some(user_id) => authorize(conn, user_id, action, resource),
            None => Ok(()),
        }
    }

    /// Refuses with `PermissionDenied` unless the caller is user `user_id` (a user's own
    /// settings, devices, consent and provider configs are theirs alone).
    pub(crate) fn authorize_self(&self, user_id: &str, action: Action) -> Result<()> {
        match &self.caller {
            Some(caller) => authorize_self(caller, user_id, action),
            None => Ok(()),
        }
    }

    /// Refuses with `PermissionDenied` unless the caller's role in organization `org_id`
    /// allows `action` on it.
    pub(crate) fn authorize_organization(&self, conn: &Connection, org_id: &str, action: Action) -> Result<()> {
        match &self.caller {
            Some(user_id) => authorize_organization(conn, user_id, org_id, action),
            None => Ok(()),
        }
    }
}

/// Refuses with `PermissionDenied` unless user `user_id` may do `action` on `resource`.
/// The resource may be deleted (restoring and purging need the check too): the call site
/// decides whether a deleted record is `NotFound`; one that does not exist at all is.
pub(crate) fn authorize(conn: &Connection, user_id: &str, action: Action, resource: &ResourceRef) -> Result<()> {
    let resource = checked_resource(resource)?;
    if decide(conn, user_id, action, &resource, Scope::Stored)?.allowed {
        return Ok(());
    }
    Err(denied(user_id, action, resource.describe()))
}

/// Refuses with `PermissionDenied` unless `caller` is user `user_id`: a user's own records
/// are theirs alone, whatever the action.
pub(crate) fn authorize_self(caller: &str, user_id: &str, action: Action) -> Result<()> {
    let user_id = parse_id("user_id", user_id)?;
    if caller == user_id {
        return Ok(());
    }
    Err(denied(caller, action, format!("user {user_id}")))
}

/// Refuses with `PermissionDenied` unless user `user_id` may do `action` on organization
/// `org_id`: owners and admins may do anything, members and viewers only read; a deleted
/// user or a stranger nothing. `NotFound` for an unknown organization.
pub(crate) fn authorize_organization(conn: &Connection, user_id: &str, org_id: &str, action: Action) -> Result<()> {
    let org_id = parse_id("organization_id", org_id)?;
    entity::get::<Organization>(conn, &org_id)?;
    let role: Option<Role> = conn
        .query_row(
            "SELECT m.role FROM organization_members m JOIN users u ON u.id = m.user_id
             WHERE m.organization_id = ?1 AND m.user_id = ?2 AND u.deleted_at IS NULL",
            [&org_id, user_id],
            |row| row.get(0),
        )
        .optional()?;
    let allowed = match role {
        Some(Role::Owner | Role::Admin) => true,
        Some(Role::Member | Role::Viewer) => action == Action::Read,
        None => false,
    };
    if allowed {
        return Ok(());
    }
    Err(denied(user_id, action, format!("organization {org_id}")))
}

fn denied(user_id: &str, action: Action, resource: String) -> Error {
    Error::PermissionDenied { user_id: user_id.to_owned(), action: action.as_str(), resource }
}

/// Where a resource sits.
struct Target {
    workspace_id: String,
    project_id: Option<String>,
    thread_id: Option<String>,
}

/// Which resources [`resolve`] finds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Only live ones: a thread is live while it, its project (if any) and its workspace
    /// are; a project while it and its workspace are.
    Live,
    /// Deleted ones too: the checks of calls that act on deleted records (restore, purge),
    /// which find the record themselves first.
    Stored,
}

/// The workspace (and project and thread) of resource `resource` (id canonical), or
/// `NotFound` naming its kind.
fn resolve(conn: &Connection, resource: &ResourceRef, scope: Scope) -> Result<Target> {
    let (sql, name) = match resource.kind {
        ResourceKind::Workspace => {
            ("SELECT w.id, NULL, NULL FROM workspaces w WHERE w.id = ?1 AND (?2 OR w.deleted_at IS NULL)", "workspace")
        }
        ResourceKind::Project => (
            "SELECT p.workspace_id, p.id, NULL FROM projects p JOIN workspaces w ON w.id = p.workspace_id
             WHERE p.id = ?1 AND (?2 OR (p.deleted_at IS NULL AND w.deleted_at IS NULL))",
            "project",
        ),
        ResourceKind::Thread => (
            "SELECT t.workspace_id, t.project_id, t.id FROM threads t JOIN workspaces w ON w.id = t.workspace_id
                 LEFT JOIN projects p ON p.id = t.project_id
             WHERE t.id = ?1 AND (?2 OR (t.deleted_at IS NULL AND w.deleted_at IS NULL AND p.deleted_at IS NULL))",
            "thread",
        ),
    };
    conn.prepare_cached(sql)?
        .query_row(params![resource.id, scope == Scope::Stored], |row| {
            Ok(Target { workspace_id: row.get(0)?, project_id: row.get(1)?, thread_id: row.get(2)? })
        })
        .optional()?
        .ok_or_else(|| Error::not_found(name, &resource.id))
}

/// The one evaluation of who may do what; `user_id` and `resource.id` are canonical.
fn decide(
    conn: &Connection,
    user_id: &str,
    action: Action,
    resource: &ResourceRef,
    scope: Scope,
) -> Result<AccessDecision> {
    let deleted: Option<Option<i64>> = conn
        .prepare_cached("SELECT deleted_at FROM users WHERE id = ?1")?
        .query_row([user_id], |row| row.get(0))
        .optional()?;
    let deleted = deleted.ok_or_else(|| Error::not_found("user", user_id))?.is_some();
    let target = resolve(conn, resource, scope)?;
    let decision = |allowed, role, permission_set_id, reason: String| AccessDecision {
        allowed,
        workspace_id: target.workspace_id.clone(),
        role,
        permission_set_id,
        reason,
    };
    if deleted {
        return Ok(decision(false, None, None, "the user is deleted".to_owned()));
    }
    let role = effective_role(conn, user_id, &target.workspace_id)?;
    if let Some(role) = role
        && role_allows(role, action)
    {
        return Ok(decision(true, Some(role), None, format!("the {} role allows {}", role.as_str(), action.as_str())));
    }
    if let Some(set_id) = granting_set(conn, user_id, role, action, &target)? {
        return Ok(decision(true, role, Some(set_id.clone()), format!("permission set {set_id} grants it")));
    }
    let reason = match role {
        Some(role) => {
            format!("the {} role does not allow {} and no permission set grants it", role.as_str(), action.as_str())
        }
        None => format!("the user has no role on workspace {} and no permission set grants it", target.workspace_id),
    };
    Ok(decision(false, role, None, reason))
}

/// The strongest of the user's roles on the workspace, if any.
fn effective_role(conn: &Connection, user_id: &str, workspace_id: &str) -> Result<Option<Role>> {
    let (owner, member, org_member): (Option<String>, Option<Role>, Option<Role>) = conn
        .prepare_cached(
            "SELECT w.owner_user_id,
                    (SELECT role FROM workspace_members WHERE workspace_id = w.id AND user_id = ?2),
                    (SELECT role FROM organization_members
                      WHERE organization_id = w.owner_organization_id AND user_id = ?2)
             FROM workspaces w WHERE w.id = ?1",
        )?
        .query_row([workspace_id, user_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
    let mut roles = Vec::with_capacity(3);
    if owner.as_deref() == Some(user_id) {
        roles.push(Role::Owner);
    }
    roles.extend([member, org_member].into_iter().flatten());
    Ok(roles.into_iter().max_by_key(|role| rank(*role)))
}

/// The id of a permission set that grants `action` to the user on `target`, if any.
fn granting_set(
    conn: &Connection,
    user_id: &str,
    role: Option<Role>,
    action: Action,
    target: &Target,
) -> Result<Option<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, subject_role, actions FROM permission_sets
         WHERE workspace_id = ?1
           AND ((resource_kind = 'workspace' AND resource_id = ?1) OR (resource_kind = 'project' AND resource_id = ?2)
                OR (resource_kind = 'thread' AND resource_id = ?3))
           AND (subject_user_id = ?4 OR subject_role IS NOT NULL)
         ORDER BY created_at, id",
    )?;
    let mut rows = stmt.query(params![target.workspace_id, target.project_id, target.thread_id, user_id])?;
    while let Some(row) = rows.next()? {
        let subject_role: Option<Role> = row.get(1)?;
        let applies = match subject_role {
            None => true, // granted to this user
            Some(granted_to) => role.is_some_and(|held| rank(held) >= rank(granted_to)),
        };
        let actions: String = row.get(2)?;
        let actions: Vec<Action> = serde_json::from_str(&actions)
            .map_err(|error| rusqlite::Error::FromSqlConversionFailure(2, Type::Text, Box::new(error)))?;
        if applies && actions.contains(&action) {
            return Ok(Some(row.get(0)?));
        }
    }
    Ok(None)
}

/// What a role allows without any permission set.
fn role_allows(role: Role, action: Action) -> bool {
    match role {
        Role::Owner | Role::Admin => true,
        Role::Member => matches!(action, Action::Read | Action::Write),
        Role::Viewer => action == Action::Read,
    }
}

/// How strong a role is: owner 3, admin 2, member 1, viewer 0.
fn rank(role: Role) -> u8 {
    match role {
        Role::Owner => 3,
        Role::Admin => 2,
        Role::Member => 1,
        Role::Viewer => 0,
    }
}

/// At least one action; repeats dropped, weakest first.
fn checked_actions(actions: &[Action]) -> Result<Vec<Action>> {
    if actions.is_empty() {
        return Err(Error::invalid("actions", "name at least one action"));
    }
    Ok(Action::ALL.iter().copied().filter(|action| actions.contains(action)).collect())
}

/// `resource` with its id canonical; a bad id is `InvalidInput` naming `resource`.
fn checked_resource(resource: &ResourceRef) -> Result<ResourceRef> {
    Ok(ResourceRef { kind: resource.kind, id: parse_id("resource", &resource.id)? })
}

fn audit_details(set: &PermissionSet) -> serde_json::Value {
    serde_json::json!({
        "subject_user_id": set.subject_user_id,
        "subject_role": set.subject_role.map(Role::as_str),
        "resource_kind": set.resource.kind.as_str(),
        "resource_id": set.resource.id,
        "actions": set.actions.iter().map(|action| action.as_str()).collect::<Vec<_>>(),
    })
}
