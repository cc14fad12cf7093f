//! Organizations and their members. An organization is deleted for good (no soft delete);
//! its memberships and the workspaces it owns go with it (foreign-key cascades).

use crate::context::Context;
use crate::entity::{self, Entity, Record};
use crate::error::{Error, Result, StoreError};
use crate::governance::model::Action;
use crate::identity::model::{NewOrganization, Organization, OrganizationMember, OrganizationPatch, User};
use crate::ids::{new_id, now_ms, parse_id};
use crate::model::{PageRequest, Role};
use crate::schema;
use crate::values::optional_id;
use rusqlite::{Connection, OptionalExtension, Transaction};

/// Organizations and their members. Get one from [`crate::Store::organizations`].
#[derive(Clone)]
pub struct Organizations {
    pub(crate) cx: Context,
}

impl crate::Store {
    /// Organizations and their members.
    pub fn organizations(&self) -> Organizations {
        Organizations { cx: self.cx.clone() }
    }
}

impl Organizations {
    /// Creates an organization. Its slug must be unique (`Conflict` on field `slug`). With
    /// `owner_user_id`, that live user becomes its owner in the same transaction.
    pub fn create(&self, organization: &NewOrganization) -> Result<Organization, StoreError> {
        let name = schema::organizations::name.text(&organization.name)?;
        let slug = schema::organizations::slug.text(&organization.slug)?;
        let owner = optional_id("owner_user_id", organization.owner_user_id.as_deref())?;
        self.cx.write(|tx| {
            if let Some(user_id) = &owner {
                entity::get::<User>(tx, user_id)?;
                self.cx.authorize_self(user_id, Action::Write)?;
            }
            ensure_slug_free(tx, &slug, None)?;
            let (id, now) = new_id();
            let organization = Organization { id, name, slug, created_at: now, updated_at: now };
            entity::insert(tx, &organization)?;
            if let Some(user_id) = &owner {
                insert_member(tx, &organization.id, user_id, Role::Owner)?;
            }
            Ok(organization)
        })
    }

    /// Organization `id`.
    pub fn get(&self, id: &str) -> Result<Organization, StoreError> {
        self.cx.read(|conn| entity::get(conn, id))
    }

    /// The organization with `slug`, if there is one.
    pub fn find_by_slug(&self, slug: &str) -> Result<Option<Organization>, StoreError> {
        let slug = schema::organizations::slug.text(slug)?;
        self.cx.read(|conn| {
            let sql = format!("SELECT {} FROM {} WHERE e.slug = ?1", Organization::COLUMNS, Organization::FROM);
            Ok(conn.prepare_cached(&sql)?.query_row([&slug], Organization::from_row).optional()?)
        })
    }

    /// All organizations, newest first.
    pub fn list(&self, page: &PageRequest) -> Result<Vec<Organization>, StoreError> {
        self.cx.read(|conn| entity::list(conn, None, page))
    }

    /// Renames organization `id` or changes its slug (still unique); needs `Manage` on it.
    pub fn update(&self, id: &str, patch: &OrganizationPatch) -> Result<Organization, StoreError> {
        let name = schema::organizations::name.optional_text(patch.name.as_deref())?;
        let slug = schema::organizations::slug.optional_text(patch.slug.as_deref())?;
        self.cx.write(|tx| {
            let current = entity::get::<Organization>(tx, id)?;
            self.cx.authorize_organization(tx, &current.id, Action::Manage)?;
            if let Some(slug) = &slug {
                ensure_slug_free(tx, slug, Some(&current.id))?;
            }
            let next = Organization {
                name: name.unwrap_or_else(|| current.name.clone()),
                slug: slug.unwrap_or_else(|| current.slug.clone()),
                updated_at: now_ms().max(current.updated_at),
                ..current.clone()
            };
            entity::update(tx, &current, &next)?;
            Ok(next)
        })
    }

    /// Deletes organization `id` for good, with its memberships and every workspace it owns
    /// (and their projects, threads, messages and documents); needs `Delete` on it. Audited
    /// as `organization.delete` with the number of workspaces that went with it.
    pub fn delete(&self, id: &str) -> Result<(), StoreError> {
        self.cx.write(|tx| {
            let current = entity::get::<Organization>(tx, id)?;
            self.cx.authorize_organization(tx, &current.id, Action::Delete)?;
            let workspaces: i64 = tx.query_row(
                "SELECT count(*) FROM workspaces WHERE owner_organization_id = ?1",
                [&current.id],
                |row| row.get(0),
            )?;
            entity::purge::<Organization>(tx, &current.id)?;
            let details = serde_json::json!({ "name": current.name, "slug": current.slug, "workspaces": workspaces });
            self.cx.audit(tx, "organization.delete", "organization", &current.id, details)
        })
    }

    /// Makes live user `user_id` a member of organization `org_id` with `role`; needs
    /// `Manage` on the organization. A user who is a member already is `Conflict` on field
    /// `user_id`. Audited as `organization_member.add`.
    pub fn add_member(&self, org_id: &str, user_id: &str, role: Role) -> Result<OrganizationMember, StoreError> {
        let org_id = parse_id("org_id", org_id)?;
        let user_id = parse_id("user_id", user_id)?;
        self.cx.write(|tx| {
            entity::get::<Organization>(tx, &org_id)?;
            entity::get::<User>(tx, &user_id)?;
            self.cx.authorize_organization(tx, &org_id, Action::Manage)?;
            if find_member(tx, &org_id, &user_id)?.is_some() {
                return Err(Error::conflict(
                    "organization_member",
                    "user_id",
                    format!("{user_id} is a member already"),
                ));
            }
            let member = insert_member(tx, &org_id, &user_id, role)?;
            let details = serde_json::json!({ "organization_id": org_id, "user_id": user_id, "role": role.as_str() });
            self.cx.audit(tx, "organization_member.add", "organization_member", &member.id, details)?;
            Ok(member)
        })
    }

    /// Changes the role of member `user_id` of organization `org_id`; needs `Manage` on the
    /// organization. Demoting the last owner is `InvalidInput` on field `role`. Audited as
    /// `organization_member.set_role`.
    pub fn set_member_role(&self, org_id: &str, user_id: &str, role: Role) -> Result<OrganizationMember, StoreError> {
        self.cx.write(|tx| {
            let current = self.member_to_change(tx, org_id, user_id)?;
            if current.role == role {
                return Ok(current);
            }
            ensure_another_owner(tx, &current)?;
            let next = OrganizationMember { role, updated_at: now_ms().max(current.updated_at), ..current.clone() };
            entity::update(tx, &current, &next)?;
            let details = serde_json::json!({
                "organization_id": current.organization_id,
                "user_id": current.user_id,
                "from": current.role.as_str(),
                "to": role.as_str(),
            });
            self.cx.audit(tx, "organization_member.set_role", "organization_member", &current.id, details)?;
            Ok(next)
        })
    }

    /// Removes member `user_id` from organization `org_id`; needs `Manage` on the
    /// organization. Removing the last owner is `InvalidInput` on field `role`. Audited as
    /// `organization_member.remove`.
    pub fn remove_member(&self, org_id: &str, user_id: &str) -> Result<(), StoreError> {
        self.cx.write(|tx| {
            let current = self.member_to_change(tx, org_id, user_id)?;
            ensure_another_owner(tx, &current)?;
            entity::purge::<OrganizationMember>(tx, &current.id)?;
            let details = serde_json::json!({
                "organization_id": current.organization_id,
                "user_id": current.user_id,
                "role": current.role.as_str(),
            });
            self.cx.audit(tx, "organization_member.remove", "organization_member", &current.id, details)
        })
    }

    /// The membership of user `user_id` in organization `org_id`.
    pub fn member(&self, org_id: &str, user_id: &str) -> Result<OrganizationMember, StoreError> {
        let org_id = parse_id("org_id", org_id)?;
        let user_id = parse_id("user_id", user_id)?;
        self.cx.read(|conn| {
            entity::get::<Organization>(conn, &org_id)?;
            entity::get::<User>(conn, &user_id)?;
            require_member(conn, &org_id, &user_id)
        })
    }

    /// Members of organization `org_id` whose users are not deleted, newest first.
    pub fn members(&self, org_id: &str, page: &PageRequest) -> Result<Vec<OrganizationMember>, StoreError> {
        let org_id = parse_id("org_id", org_id)?;
        self.cx.read(|conn| {
            entity::get::<Organization>(conn, &org_id)?;
            entity::list(conn, Some(("organization_id", &org_id)), page)
        })
    }

    /// The memberships of live user `user_id`, newest first.
    pub fn memberships_of(&self, user_id: &str, page: &PageRequest) -> Result<Vec<OrganizationMember>, StoreError> {
        let user_id = parse_id("user_id", user_id)?;
        self.cx.read(|conn| {
            entity::get::<User>(conn, &user_id)?;
            entity::list(conn, Some(("user_id", &user_id)), page)
        })
    }

    /// The membership a member change applies to, once the caller may manage the organization.
    fn member_to_change(&self, tx: &Transaction, org_id: &str, user_id: &str) -> Result<OrganizationMember> {
        let org_id = parse_id("org_id", org_id)?;
        let user_id = parse_id("user_id", user_id)?;
        entity::get::<Organization>(tx, &org_id)?;
        self.cx.authorize_organization(tx, &org_id, Action::Manage)?;
        require_member(tx, &org_id, &user_id)
    }
}

fn insert_member(tx: &Transaction, org_id: &str, user_id: &str, role: Role) -> Result<OrganizationMember> {
    let (id, now) = new_id();
    let member = OrganizationMember {
        id,
        organization_id: org_id.to_owned(),
        user_id: user_id.to_owned(),
        role,
        created_at: now,
        updated_at: now,
    };
    entity::insert(tx, &member)?;
    Ok(member)
}

/// The membership of `user_id` in `org_id` (both canonical), whether its user is deleted or not.
fn find_member(conn: &Connection, org_id: &str, user_id: &str) -> Result<Option<OrganizationMember>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE e.organization_id = ?1 AND e.user_id = ?2",
        OrganizationMember::COLUMNS,
        OrganizationMember::FROM
    );
    Ok(conn.prepare_cached(&sql)?.query_row([org_id, user_id], OrganizationMember::from_row).optional()?)
}

fn require_member(conn: &Connection, org_id: &str, user_id: &str) -> Result<OrganizationMember> {
    find_member(conn, org_id, user_id)?
        .ok_or_else(|| Error::not_found("organization_member", &format!("{user_id} in organization {org_id}")))
}

/// `InvalidInput` on `role` if `member` is an owner and no other live user owns the organization.
fn ensure_another_owner(conn: &Connection, member: &OrganizationMember) -> Result<()> {
    if member.role != Role::Owner {
        return Ok(());
    }
    let others: i64 = conn.query_row(
        "SELECT count(*) FROM organization_members m JOIN users u ON u.id = m.user_id
         WHERE m.organization_id = ?1 AND m.role = 'owner' AND m.id <> ?2 AND u.deleted_at IS NULL",
        [&member.organization_id, &member.id],
        |row| row.get(0),
    )?;
    if others == 0 {
        return Err(Error::invalid(
            "role",
            "the organization's last owner cannot leave or be demoted; add another owner first",
        ));
    }
    Ok(())
}

/// `Conflict` on `slug` if an organization other than `except` has it.
fn ensure_slug_free(conn: &Connection, slug: &str, except: Option<&str>) -> Result<()> {
    let taken = conn
        .query_row("SELECT id FROM organizations WHERE slug = ?1", [slug], |row| row.get::<_, String>(0))
        .optional()?
        .is_some_and(|id| Some(id.as_str()) != except);
    if taken {
        return Err(Error::conflict("organization", "slug", format!("{slug} is taken")));
    }
    Ok(())
}
