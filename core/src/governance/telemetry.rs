//! Telemetry events, recorded only while the user's consent is on.
//!
//! Consent is read in the same transaction that would store the event, so a withdrawal is
//! in force from the very next call. An event without consent is not stored in any form:
//! only a per-user count of dropped events (and when the last one was dropped) is kept.

use crate::context::Context;
use crate::entity;
use crate::error::{Error, Result, StoreError};
use crate::governance::consent;
use crate::governance::model::{Action, ConsentScope, NewTelemetryEvent, TelemetryEvent, TelemetryOutcome};
use crate::identity::model::User;
use crate::ids::{new_id, now_ms, parse_id};
use crate::model::PageRequest;
use crate::schema;
use crate::values::optional_id;
use rusqlite::{Connection, OptionalExtension, params};

/// Telemetry events, recorded only while the user's consent is on. Get one from [`crate::Store::telemetry`].
#[derive(Clone)]
pub struct Telemetry {
    pub(crate) cx: Context,
}

impl crate::Store {
    /// Telemetry, recorded only with the user's consent.
    pub fn telemetry(&self) -> Telemetry {
        Telemetry { cx: self.cx.clone() }
    }
}

impl Telemetry {
    /// Records `event` if its user's telemetry consent ([`ConsentScope::Telemetry`]) is
    /// granted now; otherwise stores nothing of it and counts it as dropped. The input is
    /// checked either way: a live user, a device of that user, a name, and `properties` a JSON
    /// object. Only that user may record (when the store acts as a user).
    pub fn record(&self, event: &NewTelemetryEvent) -> Result<TelemetryOutcome, StoreError> {
        let user_id = parse_id("user_id", &event.user_id)?;
        let device_id = optional_id("device_id", event.device_id.as_deref())?;
        let name = schema::telemetry_events::name.text(&event.name)?;
        let properties = schema::telemetry_events::properties.text(&event.properties)?;
        self.cx.write(|tx| {
            entity::get::<User>(tx, &user_id)?;
            self.cx.authorize_self(&user_id, Action::Write)?;
            if let Some(device_id) = &device_id {
                let owner: String = tx
                    .query_row("SELECT user_id FROM devices WHERE id = ?1", [device_id], |row| row.get(0))
                    .optional()?
                    .ok_or_else(|| Error::not_found("device", device_id))?;
                if owner != user_id {
                    return Err(Error::invalid("device_id", "names a device of another user"));
                }
            }
            let granted = consent::current(tx, &user_id, ConsentScope::Telemetry)?.is_some_and(|policy| policy.granted);
            if !granted {
                let dropped_total: i64 = tx.query_row(
                    "INSERT INTO telemetry_drops (user_id, dropped, last_dropped_at) VALUES (?1, 1, ?2)
                     ON CONFLICT (user_id) DO UPDATE SET dropped = dropped + 1, last_dropped_at = excluded.last_dropped_at
                     RETURNING dropped",
                    params![user_id, now_ms()],
                    |row| row.get(0),
                )?;
                return Ok(TelemetryOutcome::Dropped { dropped_total: dropped_total.max(0) as u64 });
            }
            let (id, now) = new_id();
            let event = TelemetryEvent { id, user_id, device_id, name, properties, created_at: now, updated_at: now };
            entity::insert(tx, &event)?;
            Ok(TelemetryOutcome::Recorded { event })
        })
    }

    /// The event `id`.
    pub fn get(&self, id: &str) -> Result<TelemetryEvent, StoreError> {
        self.cx.read(|conn| entity::get(conn, id))
    }

    /// Recorded events of user `user_id`, newest first.
    pub fn list(&self, user_id: &str, page: &PageRequest) -> Result<Vec<TelemetryEvent>, StoreError> {
        let user_id = parse_id("user_id", user_id)?;
        self.cx.read(|conn| {
            entity::get::<User>(conn, &user_id)?;
            entity::list(conn, Some(("user_id", &user_id)), page)
        })
    }

    /// How many events of user `user_id` were dropped for want of consent, ever.
    pub fn dropped_count(&self, user_id: &str) -> Result<u64, StoreError> {
        let user_id = parse_id("user_id", user_id)?;
        self.cx.read(|conn| {
            entity::get::<User>(conn, &user_id)?;
            dropped(conn, &user_id)
        })
    }

    /// Deletes event `id` for good. Only its user may (when the store acts as a user).
    /// Audited as `telemetry_event.delete`.
    pub fn delete(&self, id: &str) -> Result<(), StoreError> {
        self.cx.write(|tx| {
            let event: TelemetryEvent = entity::get(tx, id)?;
            self.cx.authorize_self(&event.user_id, Action::Delete)?;
            entity::purge::<TelemetryEvent>(tx, &event.id)?;
            let details = serde_json::json!({ "user_id": event.user_id, "name": event.name });
            self.cx.audit(tx, "telemetry_event.delete", "telemetry_event", &event.id, details)
        })
    }

    /// Deletes every recorded event of user `user_id` for good and returns how many there
    /// were; the drop count stays. Only that user may (when the store acts as a user).
    /// Audited as `telemetry.clear`.
    pub fn clear(&self, user_id: &str) -> Result<u64, StoreError> {
        let user_id = parse_id("user_id", user_id)?;
        self.cx.write(|tx| {
            entity::get::<User>(tx, &user_id)?;
            self.cx.authorize_self(&user_id, Action::Delete)?;
            let removed = tx.execute("DELETE FROM telemetry_events WHERE user_id = ?1", [&user_id])? as u64;
            self.cx.audit(tx, "telemetry.clear", "user", &user_id, serde_json::json!({ "events": removed }))?;
            Ok(removed)
        })
    }
}

fn dropped(conn: &Connection, user_id: &str) -> Result<u64> {
    let count: Option<i64> = conn
        .query_row("SELECT dropped FROM telemetry_drops WHERE user_id = ?1", [user_id], |row| row.get(0))
        .optional()?;
    Ok(count.unwrap_or(0).max(0) as u64)
}
