//! Users: people using the app, soft-deleted and restorable.

use crate::context::Context;
use crate::entity::{self, Entity};
use crate::error::{Error, Result, StoreError};
use crate::identity::model::{NewUser, User};
use crate::ids::new_id;
use crate::limits;
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
    /// Creates a user. The email must be valid and not used by any user, deleted or not.
    pub fn create(&self, user: &NewUser) -> Result<User, StoreError> {
        let email = limits::email(&user.email)?;
        let display_name = limits::name("display_name", &user.display_name)?;
        let locale = limits::locale(&user.locale)?;
        self.cx.write(|tx| {
            ensure_email_free(tx, &email)?;
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
        let email = limits::email(email)?;
        self.cx.read(|conn| {
            let sql = format!("SELECT {} FROM {} WHERE {} AND e.email = ?1", User::COLUMNS, User::FROM, User::LIVE);
            Ok(conn.query_row(&sql, [&email], User::from_row).optional()?)
        })
    }
}

/// `Conflict` if any user, deleted or not, has `email` (already lowercase).
fn ensure_email_free(conn: &Connection, email: &str) -> Result<()> {
    let taken = conn.query_row("SELECT 1 FROM users WHERE email = ?1", [email], |_| Ok(())).optional()?.is_some();
    if taken {
        return Err(Error::conflict("user", "email", format!("{email} is taken")));
    }
    Ok(())
}
