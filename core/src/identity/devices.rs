//! Devices a user signs in from. Removed for good (no soft delete); hidden while their user
//! is deleted, and purged with them.

use crate::context::Context;
use crate::entity::{self, Entity};
use crate::error::{Result, StoreError};
use crate::governance::model::Action;
use crate::identity::model::{Device, NewDevice, User};
use crate::ids::{new_id, now_ms, parse_id};
use crate::limits;
use crate::model::PageRequest;
use rusqlite::{Connection, Row, params};

/// Devices a user signs in from. Get one from [`crate::Store::devices`].
#[derive(Clone)]
pub struct Devices {
    pub(crate) cx: Context,
}

impl Entity for Device {
    const NAME: &'static str = "device";
    const TABLE: &'static str = "devices";
    const COLUMNS: &'static str = "e.id, e.user_id, e.name, e.platform, e.last_seen_at, e.created_at, e.updated_at";
    const FROM: &'static str = "devices e JOIN users u ON u.id = e.user_id";
    const LIVE: &'static str = "u.deleted_at IS NULL";

    fn from_row(row: &Row) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get(0)?,
            user_id: row.get(1)?,
            name: row.get(2)?,
            platform: row.get(3)?,
            last_seen_at: row.get(4)?,
            created_at: row.get(5)?,
            updated_at: row.get(6)?,
        })
    }
}

impl Devices {
    /// Registers a device of live user `device.user_id`, seen now. Only the user may.
    pub fn register(&self, device: &NewDevice) -> Result<Device, StoreError> {
        let user_id = parse_id("user_id", &device.user_id)?;
        let name = limits::name("name", &device.name)?;
        self.cx.write(|tx| {
            entity::get::<User>(tx, &user_id)?;
            self.cx.authorize_self(&user_id, Action::Write)?;
            let (id, now) = new_id();
            tx.execute(
                "INSERT INTO devices (id, user_id, name, platform, last_seen_at, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?5)",
                params![id, user_id, name, device.platform, now],
            )?;
            Ok(Device {
                id,
                user_id,
                name,
                platform: device.platform,
                last_seen_at: now,
                created_at: now,
                updated_at: now,
            })
        })
    }

    /// Device `id` (`NotFound` also while its user is deleted).
    pub fn get(&self, id: &str) -> Result<Device, StoreError> {
        self.cx.read(|conn| entity::get(conn, id))
    }

    /// The devices of live user `user_id`, newest first.
    pub fn list(&self, user_id: &str, page: &PageRequest) -> Result<Vec<Device>, StoreError> {
        let user_id = parse_id("user_id", user_id)?;
        self.cx.read(|conn| {
            entity::get::<User>(conn, &user_id)?;
            entity::list(conn, Some(("user_id", &user_id)), page)
        })
    }

    /// Renames device `id`; returns it as stored. Only its user may.
    pub fn rename(&self, id: &str, name: &str) -> Result<Device, StoreError> {
        let name = limits::name("name", name)?;
        self.cx.write(|tx| {
            let current = self.owned(tx, id, Action::Write)?;
            tx.execute(
                "UPDATE devices SET name = ?2, updated_at = ?3 WHERE id = ?1",
                params![current.id, name, now_ms()],
            )?;
            entity::get(tx, &current.id)
        })
    }

    /// Marks device `id` as seen now (`last_seen_at`); returns it as stored. Only its user may.
    pub fn touch(&self, id: &str) -> Result<Device, StoreError> {
        self.cx.write(|tx| {
            let current = self.owned(tx, id, Action::Write)?;
            tx.execute(
                "UPDATE devices SET last_seen_at = ?2, updated_at = ?2 WHERE id = ?1",
                params![current.id, now_ms()],
            )?;
            entity::get(tx, &current.id)
        })
    }

    /// Removes device `id` for good; telemetry recorded from it keeps no device. Only its user
    /// may. Audited as `device.remove`.
    pub fn remove(&self, id: &str) -> Result<(), StoreError> {
        self.cx.write(|tx| {
            let current = self.owned(tx, id, Action::Delete)?;
            entity::purge::<Device>(tx, &current.id)?;
            let details = serde_json::json!({ "user_id": current.user_id, "platform": current.platform.as_str() });
            self.cx.audit(tx, "device.remove", "device", &current.id, details)
        })
    }

    /// Device `id`, once the caller may do `action` to it (it is theirs).
    fn owned(&self, conn: &Connection, id: &str, action: Action) -> Result<Device> {
        let device = entity::get::<Device>(conn, id)?;
        self.cx.authorize_self(&device.user_id, action)?;
        Ok(device)
    }
}
