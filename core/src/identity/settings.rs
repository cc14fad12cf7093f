//! Per-user settings: JSON values under keys, one value per key and user. Typed helpers read
//! and write booleans, integers and strings; anything else goes through [`Settings::set`] as
//! JSON text. Every change is audited with the key, never the value.

use crate::context::Context;
use crate::entity::{self, Entity, Record};
use crate::error::{Error, Result, StoreError};
use crate::governance::model::Action;
use crate::identity::model::{User, UserSetting};
use crate::ids::{new_id, now_ms, parse_id};
use crate::model::PageRequest;
use crate::schema::{self, rules, rules::Shape};
use rusqlite::{Connection, OptionalExtension};
use serde_json::Value;

/// Per-user settings. Get one from [`crate::Store::settings`].
#[derive(Clone)]
pub struct Settings {
    pub(crate) cx: Context,
}

impl crate::Store {
    /// Per-user settings.
    pub fn settings(&self) -> Settings {
        Settings { cx: self.cx.clone() }
    }
}

impl Settings {
    /// Sets setting `key` of live user `user_id` to the JSON text `value_json`, replacing any
    /// value it had (the setting keeps its id and `created_at`). Malformed JSON is
    /// `InvalidInput` on field `value`; see [`crate::SETTING_KEY_MAX`] and
    /// [`crate::SETTING_VALUE_MAX_BYTES`] for the limits. Only the user may. Audited as
    /// `settings.set` with the key.
    pub fn set(&self, user_id: &str, key: &str, value_json: &str) -> Result<UserSetting, StoreError> {
        let user_id = parse_id("user_id", user_id)?;
        let key = schema::user_settings::key.text(key)?;
        let value = schema::user_settings::value.text_as("value_json", value_json)?;
        self.write(&user_id, &key, &value)
    }

    /// Setting `key` of live user `user_id`, or `None` when it is not set.
    pub fn get(&self, user_id: &str, key: &str) -> Result<Option<UserSetting>, StoreError> {
        let user_id = parse_id("user_id", user_id)?;
        let key = schema::user_settings::key.text(key)?;
        self.cx.read(|conn| find(conn, &user_id, &key))
    }

    /// The settings of live user `user_id`, newest first.
    pub fn list(&self, user_id: &str, page: &PageRequest) -> Result<Vec<UserSetting>, StoreError> {
        let user_id = parse_id("user_id", user_id)?;
        self.cx.read(|conn| {
            entity::get::<User>(conn, &user_id)?;
            entity::list(conn, Some(("user_id", &user_id)), page)
        })
    }

    /// Removes setting `key` of live user `user_id`; a key that is not set is `NotFound`
    /// (entity `user_setting`). Only the user may. Audited as `settings.remove` with the key.
    pub fn remove(&self, user_id: &str, key: &str) -> Result<(), StoreError> {
        let user_id = parse_id("user_id", user_id)?;
        let key = schema::user_settings::key.text(key)?;
        self.cx.write(|tx| {
            let current = find(tx, &user_id, &key)?.ok_or_else(|| Error::not_found("user_setting", &key))?;
            self.cx.authorize_self(&user_id, Action::Delete)?;
            entity::purge::<UserSetting>(tx, &current.id)?;
            self.cx.audit(tx, "settings.remove", "user_setting", &current.id, serde_json::json!({ "key": key }))
        })
    }

    /// Sets setting `key` to a JSON boolean.
    pub fn set_bool(&self, user_id: &str, key: &str, value: bool) -> Result<UserSetting, StoreError> {
        self.set_value(user_id, key, &Value::Bool(value))
    }

    /// Setting `key` as a boolean, `None` when not set; a value of another JSON type is
    /// `InvalidInput` on field `value`, naming the type it holds.
    pub fn get_bool(&self, user_id: &str, key: &str) -> Result<Option<bool>, StoreError> {
        self.get_value(user_id, key, "a boolean", Value::as_bool)
    }

    /// Sets setting `key` to a JSON integer.
    pub fn set_i64(&self, user_id: &str, key: &str, value: i64) -> Result<UserSetting, StoreError> {
        self.set_value(user_id, key, &Value::from(value))
    }

    /// Setting `key` as an integer, `None` when not set; a value of another JSON type (or a
    /// number that is not a 64-bit integer) is `InvalidInput` on field `value`.
    pub fn get_i64(&self, user_id: &str, key: &str) -> Result<Option<i64>, StoreError> {
        self.get_value(user_id, key, "a 64-bit integer", Value::as_i64)
    }

    /// Sets setting `key` to a JSON string.
    pub fn set_string(&self, user_id: &str, key: &str, value: &str) -> Result<UserSetting, StoreError> {
        self.set_value(user_id, key, &Value::from(value))
    }

    /// Setting `key` as a string, `None` when not set; a value of another JSON type is
    /// `InvalidInput` on field `value`.
    pub fn get_string(&self, user_id: &str, key: &str) -> Result<Option<String>, StoreError> {
        self.get_value(user_id, key, "a string", |value| value.as_str().map(str::to_owned))
    }

    fn set_value(&self, user_id: &str, key: &str, value: &Value) -> Result<UserSetting, StoreError> {
        let user_id = parse_id("user_id", user_id)?;
        let key = schema::user_settings::key.text(key)?;
        // A long string can exceed the size limit.
        let json = schema::user_settings::value.text(&value.to_string())?;
        self.write(&user_id, &key, &json)
    }

    fn get_value<T>(
        &self,
        user_id: &str,
        key: &str,
        wanted: &str,
        read: impl FnOnce(&Value) -> Option<T>,
    ) -> Result<Option<T>, StoreError> {
        let Some(setting) = self.get(user_id, key)? else { return Ok(None) };
        let value = rules::json(&setting.value, Shape::Any).map_err(|reason| Error::invalid("value", reason))?;
        let found = read(&value).ok_or_else(|| {
            Error::invalid("value", format!("setting {key:?} holds {}, not {wanted}", json_type(&value)))
        })?;
        Ok(Some(found))
    }

    /// Sets checked `value_json` under checked `key` of canonical `user_id`, keeping the
    /// setting's id and `created_at` when it exists.
    fn write(&self, user_id: &str, key: &str, value_json: &str) -> Result<UserSetting, StoreError> {
        self.cx.write(|tx| {
            entity::get::<User>(tx, user_id)?;
            self.cx.authorize_self(user_id, Action::Write)?;
            let setting = match find(tx, user_id, key)? {
                Some(current) => {
                    let next = UserSetting {
                        value: value_json.to_owned(),
                        updated_at: now_ms().max(current.updated_at),
                        ..current.clone()
                    };
                    entity::update(tx, &current, &next)?;
                    next
                }
                None => {
                    let (id, now) = new_id();
                    let (user_id, key, value) = (user_id.to_owned(), key.to_owned(), value_json.to_owned());
                    let setting = UserSetting { id, user_id, key, value, created_at: now, updated_at: now };
                    entity::insert(tx, &setting)?;
                    setting
                }
            };
            self.cx.audit(tx, "settings.set", "user_setting", &setting.id, serde_json::json!({ "key": key }))?;
            Ok(setting)
        })
    }
}

/// Setting `key` of live user `user_id` (both checked), `NotFound` if there is no such user.
fn find(conn: &Connection, user_id: &str, key: &str) -> Result<Option<UserSetting>> {
    entity::get::<User>(conn, user_id)?;
    let sql = format!("SELECT {} FROM {} WHERE e.user_id = ?1 AND e.key = ?2", UserSetting::COLUMNS, UserSetting::FROM);
    Ok(conn.prepare_cached(&sql)?.query_row([user_id, key], UserSetting::from_row).optional()?)
}

/// The JSON type of `value` with its article, for error messages.
fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() => "an integer",
        Value::Number(n) if n.is_u64() => "an integer beyond the 64-bit signed range",
        Value::Number(_) => "a fractional number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
