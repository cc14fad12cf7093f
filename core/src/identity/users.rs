//! Users: people using the app, soft-deleted and restorable, or purged for good.

use crate::context::Context;
use crate::entity::{self, Entity, Record};
use crate::error::{Error, Result, StoreError};
use crate::governance::model::Action;
use crate::identity::model::{NewUser, User, UserPatch};
use crate::ids::{new_id, now_ms, parse_id};
use crate::model::PageRequest;
use crate::schema;
use rusqlite::{Connection, OptionalExtension};

/// Users. Get one from [`crate::Store::users`].
#[derive(Clone)]
pub struct Users {
    pub(crate) cx: Context,
}

impl crate::Store {
    /// Users: people using the app.
    pub fn users(&self) -> Users {
        Users { cx: self.cx.clone() }
    }
}

impl Users {
    /// Creates a user. The email must be valid and not used by any user, deleted or not
    /// (`Conflict` on field `email`, whatever the letter case).
    pub fn create(&self, user: &NewUser) -> Result<User, StoreError> {
        let email = schema::users::email.text(&user.email)?;
        let display_name = schema::users::display_name.text(&user.display_name)?;
        let locale = schema::users::locale.text(&user.locale)?;
        self.cx.write(|tx| {
            ensure_email_free(tx, &email, None)?;
            let (id, now) = new_id();
            let user = User { id, email, display_name, locale, created_at: now, updated_at: now };
            entity::insert(tx, &user)?;
            Ok(user)
        })
    }

    /// The live user `id`.
    pub fn get(&self, id: &str) -> Result<User, StoreError> {
        self.cx.read(|conn| entity::get(conn, id))
    }

    /// The live user with `email` (any letter case), if there is one.
    pub fn find_by_email(&self, email: &str) -> Result<Option<User>, StoreError> {
        let email = schema::users::email.text(email)?;
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
        let email = schema::users::email.optional_text(patch.email.as_deref())?;
        let display_name = schema::users::display_name.optional_text(patch.display_name.as_deref())?;
        let locale = schema::users::locale.optional_text(patch.locale.as_deref())?;
        self.cx.write(|tx| {
            let current = entity::get::<User>(tx, id)?;
            self.cx.authorize_self(&current.id, Action::Write)?;
            if let Some(email) = &email {
                ensure_email_free(tx, email, Some(&current.id))?;
            }
            let next = User {
                email: email.unwrap_or_else(|| current.email.clone()),
                display_name: display_name.unwrap_or_else(|| current.display_name.clone()),
                locale: locale.unwrap_or_else(|| current.locale.clone()),
                updated_at: now_ms().max(current.updated_at),
                ..current.clone()
            };
            entity::update(tx, &current, &next)?;
            Ok(next)
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

    /// Writes everything user `user_id` owns to a new zip at `path` (GDPR export): their
    /// rows, table by table, and their attachments' bytes, decrypted and checked (layout:
    /// docs/data-model.md, "Export"). A `path` that exists or cannot be written is
    /// `InvalidInput`; `progress` gets rows and files done and may cancel. Until it is whole
    /// the archive is `<path>.part`, removed if the export fails or is cancelled. A store acting
    /// as a user may export only that user's data.
    #[cfg(not(target_family = "wasm"))]
    pub fn export_user_data(
        &self,
        user_id: &str,
        path: &str,
        progress: &dyn crate::jobs::Progress,
    ) -> Result<crate::privacy::model::DataExport, StoreError> {
        let mut pause = crate::jobs::reporting(progress);
        crate::jobs::run_blocking(crate::privacy::export::to_file(&self.cx, user_id, path, &mut pause))
    }

    /// Erases user `user_id`'s personal data for good (GDPR article 17): their user row with
    /// its devices, settings, consent, telemetry, memberships, grants and provider configs;
    /// the workspaces they own with everything in them, or, when others are members, the
    /// workspace passes to one of them; the threads, messages and documents they wrote
    /// anywhere, with their attachments, vectors and search entries. Their subscription
    /// plans and invoices are kept under a pseudonym, and the audit log keeps its entries
    /// about them without their details. Nothing of it stays in the store's files: freed
    /// cells are zeroed, the search indexes rewritten, the file vacuumed, the write-ahead log
    /// emptied (docs/data-model.md, "Erasure"). An unknown user is `NotFound`; a store acting
    /// as a user may erase only that user. Never `QuotaExceeded`.
    pub fn erase_user_data(&self, user_id: &str) -> Result<crate::privacy::model::Erasure, StoreError> {
        crate::privacy::erase::erase(&self.cx, user_id)
    }

    /// The same archive as [`Users::export_user_data`], in memory: for the browser, where the
    /// page saves it (as a download or to a file the user picks). It is held whole, so its
    /// size is that of the user's data.
    pub fn export_user_data_bytes(
        &self,
        user_id: &str,
        progress: &dyn crate::jobs::Progress,
    ) -> Result<Vec<u8>, StoreError> {
        crate::jobs::run_blocking(self.export_user_data_bytes_stepwise(user_id, &mut crate::jobs::reporting(progress)))
    }

    /// [`Users::export_user_data_bytes`] pausing at `pause` after each page of rows and each
    /// file (the browser yields there).
    pub async fn export_user_data_bytes_stepwise(
        &self,
        user_id: &str,
        pause: &mut dyn crate::jobs::Pause,
    ) -> Result<Vec<u8>, StoreError> {
        let out = std::io::Cursor::new(Vec::new());
        let (_, out) = crate::privacy::export::write(&self.cx, user_id, out, pause).await?;
        Ok(out.into_inner())
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
