//! Devices a user signs in from. Removed for good (no soft delete); hidden while their user
//! is deleted, and purged with them.

use crate::context::Context;
use crate::entity;
use crate::error::{Result, StoreError};
use crate::governance::model::Action;
use crate::identity::model::{Device, DevicePlatform, NewDevice, User};
use crate::ids::{new_id, now_ms, parse_id};
use crate::model::PageRequest;
use crate::schema;
use rusqlite::Connection;

/// Devices a user signs in from. Get one from [`crate::Store::devices`].
#[derive(Clone)]
pub struct Devices {
    pub(crate) cx: Context,
}

impl crate::Store {
    /// Devices users sign in from.
    pub fn devices(&self) -> Devices {
        Devices { cx: self.cx.clone() }
    }
}

impl Devices {
    /// Registers a device of live user `device.user_id`, seen now. Only the user may.
    pub fn register(&self, device: &NewDevice) -> Result<Device, StoreError> {
        let user_id = parse_id("user_id", &device.user_id)?;
        let name = schema::devices::name.text(&device.name)?;
        self.cx.write(|tx| {
            entity::get::<User>(tx, &user_id)?;
            self.cx.authorize_self(&user_id, Action::Write)?;
            let (id, now) = new_id();
            let device = Device {
                id,
                user_id,
                name,
                platform: device.platform,
                last_seen_at: now,
                created_at: now,
                updated_at: now,
            };
            entity::insert(tx, &device)?;
            Ok(device)
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
        let name = schema::devices::name.text(name)?;
        self.cx.write(|tx| {
            let current = self.owned(tx, id, Action::Write)?;
            let next = Device { name, updated_at: now_ms().max(current.updated_at), ..current.clone() };
            entity::update(tx, &current, &next)?;
            Ok(next)
        })
    }

    /// Marks device `id` as seen now (`last_seen_at`); returns it as stored. Only its user may.
    pub fn touch(&self, id: &str) -> Result<Device, StoreError> {
        self.cx.write(|tx| {
            let current = self.owned(tx, id, Action::Write)?;
            let now = now_ms().max(current.updated_at);
            let next = Device { last_seen_at: now, updated_at: now, ..current.clone() };
            entity::update(tx, &current, &next)?;
            Ok(next)
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

crate::values::sql_enum!(DevicePlatform { Ios => "ios", Android => "android", Web => "web", Desktop => "desktop" });
