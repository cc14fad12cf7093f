//! Users: people using the app, soft-deleted and restorable, or purged for good.

use crate::context::Context;
use crate::entity::{self, Entity};
use crate::error::{Error, Result, StoreError};
use crate::governance::model::Action;
use crate::identity::model::{NewUser, User, UserPatch};
use crate::identity::validate;
use crate::ids::{new_id, now_ms, parse_id};
use crate::limits;
use crate::model::PageRequest;
use rusqlite::{Connection, OptionalExtension, Row, params};

/// Users. Get one from [`crate::Store::users`].
#[derive(Clone)]
pub struct Users {
    pub(crate) cx: Context,
}

impl Entity for User {
    const NAME: &'static str = "user";
    const TABLE: &'static str = "users";
    const COLUMNS: &'static str = "e.id, e.email, e.display_name, e.locale, e.created_at, e.updated_at";
    const FROM: &'static str = "users e";
    const LIVE: &'static str = "e.deleted_at IS NULL";

    fn from_row(row: &Row) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get(0)?,
            email: row.get(1)?,
            display_name: row.get(2)?,
            locale: row.get(3)?,
            created_at: row.get(4)?,
            updated_at: row.get(5)?,
        })
    }
}

impl Users {
    /// Creates a user. The email must be valid and not used by any user, deleted or not
    /// (`Conflict` on field `email`, whatever the letter case).
    pub fn create(&self, user: &NewUser) -> Result<User, StoreError> {
        let email = validate::email(&user.email)?;
        let display_name = limits::name("display_name", &user.display_name)?;
        let locale = limits::locale(&user.locale)?;
        self.cx.write(|tx| {
            ensure_email_free(tx, &email, None)?;
            let (id, now) = new_id();
            tx.execute(
                "INSERT INTO users (id, email, display_name, locale, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                params![id, email, display_name, locale, now],
            )?;
            Ok(User { id, email, display_name, locale, created_at: now, updated_at: now })
        })
    }

    /// The live user `id`.
    pub fn get(&self, id: &str) -> Result<User, StoreError> {
        self.cx.read(|conn| entity::get(conn, id))
    }

    /// The live user with `email` (any letter case), if there is one.
    pub fn find_by_email(&self, email: &str) -> Result<Option<User>, StoreError> {
        let email = validate::email(email)?;
        self.cx.read(|conn| {
            let sql = format!("SELECT {} FROM {} WHERE {} AND e.email = ?1", User::COLUMNS, User::FROM, User::LIVE);
            Ok(conn.query_row(&sql, [&email], User::from_row).optional()?)
        })
    }

    /// Live users, newest first.
    pub fn list(&self, page: &PageRequest) -> Result<Vec<User>, StoreError> {
        self.cx.read(|conn| entity::list(conn, None, page))
    }

    /// Changes the display name, locale or email of live user `id` (only the fields `patch`
    /// sets); returns the user as stored. A new email must be valid and unused by any other
    /// user (`Conflict` on field `email`). Only the user may change themselves.
    pub fn update(&self, id: &str, patch: &UserPatch) -> Result<User, StoreError> {
        let email = patch.email.as_deref().map(validate::email).transpose()?;
        let display_name = patch.display_name.as_deref().map(|name| limits::name("display_name", name)).transpose()?;
        let locale = patch.locale.as_deref().map(limits::locale).transpose()?;
        self.cx.write(|tx| {
            let current = entity::get::<User>(tx, id)?;
            self.cx.authorize_self(&current.id, Action::Write)?;
            if let Some(email) = &email {
                ensure_email_free(tx, email, Some(&current.id))?;
            }
            tx.execute(
                "UPDATE users SET email = ?2, display_name = ?3, locale = ?4, updated_at = ?5 WHERE id = ?1",
                params![
                    current.id,
                    email.unwrap_or_else(|| current.email.clone()),
                    display_name.unwrap_or_else(|| current.display_name.clone()),
                    locale.unwrap_or_else(|| current.locale.clone()),
                    now_ms()
                ],
            )?;
            entity::get(tx, &current.id)
        })
    }

    /// Soft-deletes user `id`: the user leaves every read (`get`, `find_by_email`, `list`),
    /// and so do their devices, settings and memberships, until [`Users::restore`]. The email
    /// stays taken. Audited as `user.delete`.
    pub fn delete(&self, id: &str) -> Result<(), StoreError> {
        self.cx.write(|tx| {
            let current = entity::get::<User>(tx, id)?;
            self.cx.authorize_self(&current.id, Action::Delete)?;
            entity::soft_delete::<User>(tx, &current.id)?;
            self.cx.audit(tx, "user.delete", "user", &current.id, serde_json::json!({}))
        })
    }

    /// Brings back soft-deleted user `id` with everything that was hidden with them. A user
    /// who is not deleted is `NotFound`. Audited as `user.restore`.
    pub fn restore(&self, id: &str) -> Result<User, StoreError> {
        self.cx.write(|tx| {
            let id = parse_id("id", id)?;
            self.cx.authorize_self(&id, Action::Manage)?;
            let user = entity::restore::<User>(tx, &id)?;
            self.cx.audit(tx, "user.restore", "user", &user.id, serde_json::json!({}))?;
            Ok(user)
        })
    }

    /// Removes user `id` for good, live or soft-deleted, and frees their email. The schema's
    /// foreign keys cascade to everything that is theirs: devices, settings, organization and
    /// workspace memberships, the workspaces they own (with those workspaces' projects,
    /// threads, messages and documents), their provider configs, consent, telemetry and
    /// grants. Audited as `user.purge` with what went with them, never their email.
    pub fn purge(&self, id: &str) -> Result<(), StoreError> {
        self.cx.write(|tx| {
            let id = parse_id("id", id)?;
            self.cx.authorize_self(&id, Action::Delete)?;
            let count = |table: &str, column: &str| -> Result<i64> {
                let sql = format!("SELECT count(*) FROM {table} WHERE {column} = ?1");
                Ok(tx.query_row(&sql, [&id], |row| row.get(0))?)
            };
            let details = serde_json::json!({
                "devices": count("devices", "user_id")?,
                "settings": count("user_settings", "user_id")?,
                "organization_memberships": count("organization_members", "user_id")?,
                "workspaces": count("workspaces", "owner_user_id")?,
            });
            entity::purge::<User>(tx, &id)?;
            self.cx.audit(tx, "user.purge", "user", &id, details)
        })
    }
}

/// `Conflict` if any user other than `except`, deleted or not, has `email` (already lowercase).
fn ensure_email_free(conn: &Connection, email: &str, except: Option<&str>) -> Result<()> {
    let taken = conn
        .query_row("SELECT id FROM users WHERE email = ?1", [email], |row| row.get::<_, String>(0))
        .optional()?
        .is_some_and(|id| Some(id.as_str()) != except);
    if taken {
        return Err(Error::conflict("user", "email", format!("{email} is taken")));
    }
    Ok(())
}
