//! AI provider configurations of a user: which providers the app may call, where, and with
//! what default model. The API key is not stored here (it comes with the encryption work,
//! sealed); nothing in this table or its audit entries is a secret.

use crate::ai::model::{NewProviderConfig, ProviderConfig, ProviderConfigPatch, ProviderKind};
use crate::context::Context;
use crate::entity;
use crate::error::{Error, Result, StoreError};
use crate::governance::model::Action;
use crate::identity::model::User;
use crate::ids::{new_id, now_ms, parse_id};
use crate::model::PageRequest;
use crate::schema::{self, Column};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

/// AI provider configurations of a user. Get one from [`crate::Store::providers`].
///
/// Configs belong to one user: every change is checked with the store's caller being that
/// user, and written to the audit log (kind and name, never a key or URL).
#[derive(Clone)]
pub struct ProviderConfigs {
    pub(crate) cx: Context,
}

impl crate::Store {
    /// AI provider configurations.
    pub fn providers(&self) -> ProviderConfigs {
        ProviderConfigs { cx: self.cx.clone() }
    }
}

impl ProviderConfigs {
    /// Creates a config for live user `config.user_id`. `local` and `custom` need a
    /// `base_url`; the display name must be new among the user's configs (any letter case).
    pub fn create(&self, config: &NewProviderConfig) -> Result<ProviderConfig, StoreError> {
        let user_id = parse_id("user_id", &config.user_id)?;
        use schema::ai_provider_configs as column;
        let display_name = column::display_name.text(&config.display_name)?;
        let base_url = column::base_url.optional_text(config.base_url.as_deref())?;
        let default_model = column::default_model.optional_text(config.default_model.as_deref())?;
        require_base_url(config.kind, base_url.as_deref())?;
        self.cx.write(|tx| {
            entity::get::<User>(tx, &user_id)?;
            self.cx.authorize_self(&user_id, Action::Write)?;
            ensure_name_free(tx, &user_id, &display_name, None)?;
            let (id, now) = new_id();
            let created = ProviderConfig {
                id,
                user_id,
                kind: config.kind,
                display_name,
                base_url,
                default_model,
                enabled: config.enabled,
                created_at: now,
                updated_at: now,
            };
            entity::insert(tx, &created)?;
            self.audit(tx, "provider_config.create", &created, &[])?;
            Ok(created)
        })
    }

    /// Config `id`.
    pub fn get(&self, id: &str) -> Result<ProviderConfig, StoreError> {
        self.cx.read(|conn| get(conn, id))
    }

    /// Configs of live user `user_id`, newest first.
    pub fn list(&self, user_id: &str, page: &PageRequest) -> Result<Vec<ProviderConfig>, StoreError> {
        let user_id = parse_id("user_id", user_id)?;
        self.cx.read(|conn| {
            entity::get::<User>(conn, &user_id)?;
            entity::list(conn, Some(("user_id", &user_id)), page)
        })
    }

    /// Changes the fields `patch` sets; returns the config as stored. Its kind is fixed.
    pub fn update(&self, id: &str, patch: &ProviderConfigPatch) -> Result<ProviderConfig, StoreError> {
        use schema::ai_provider_configs as column;
        let display_name = column::display_name.optional_text(patch.display_name.as_deref())?;
        // `Some(None)`: clear the field.
        let clearable = |column: &Column, value: Option<&str>| match value.map(str::trim) {
            None => Ok(None),
            Some("") => Ok(Some(None)),
            Some(value) => column.text(value).map(|value| Some(Some(value))),
        };
        let base_url = clearable(&column::base_url, patch.base_url.as_deref())?;
        let default_model = clearable(&column::default_model, patch.default_model.as_deref())?;
        self.cx.write(|tx| {
            let current = get(tx, id)?;
            self.cx.authorize_self(&current.user_id, Action::Write)?;
            let mut changed = Vec::new();
            let mut next = current.clone();
            if let Some(name) = display_name.filter(|name| *name != current.display_name) {
                ensure_name_free(tx, &current.user_id, &name, Some(&current.id))?;
                next.display_name = name;
                changed.push("display_name");
            }
            if let Some(url) = base_url.filter(|url| *url != current.base_url) {
                require_base_url(current.kind, url.as_deref())?;
                next.base_url = url;
                changed.push("base_url");
            }
            if let Some(model) = default_model.filter(|model| *model != current.default_model) {
                next.default_model = model;
                changed.push("default_model");
            }
            if let Some(enabled) = patch.enabled.filter(|enabled| *enabled != current.enabled) {
                next.enabled = enabled;
                changed.push("enabled");
            }
            if changed.is_empty() {
                return Ok(current);
            }
            next.updated_at = now_ms().max(current.updated_at);
            entity::update(tx, &current, &next)?;
            self.audit(tx, "provider_config.update", &next, &changed)?;
            Ok(next)
        })
    }

    /// Turns config `id` on or off; returns it as stored.
    pub fn set_enabled(&self, id: &str, enabled: bool) -> Result<ProviderConfig, StoreError> {
        self.update(id, &ProviderConfigPatch { enabled: Some(enabled), ..ProviderConfigPatch::default() })
    }

    /// Deletes config `id` for good. The ledger keeps its calls, with `config_id` cleared and
    /// `provider` still telling who was called.
    pub fn delete(&self, id: &str) -> Result<(), StoreError> {
        self.cx.write(|tx| {
            let current = get(tx, id)?;
            self.cx.authorize_self(&current.user_id, Action::Delete)?;
            entity::purge::<ProviderConfig>(tx, &current.id)?;
            self.audit(tx, "provider_config.delete", &current, &[])
        })
    }

    fn audit(&self, tx: &Transaction, action: &str, config: &ProviderConfig, changed: &[&str]) -> Result<()> {
        let mut details = serde_json::json!({
            "user_id": config.user_id,
            "kind": config.kind.as_str(),
            "display_name": config.display_name,
            "enabled": config.enabled,
        });
        if !changed.is_empty() {
            details["changed"] = serde_json::json!(changed);
        }
        self.cx.audit(tx, action, "provider_config", &config.id, details)
    }
}

/// Config `id`, or `NotFound`.
pub(crate) fn get(conn: &Connection, id: &str) -> Result<ProviderConfig> {
    entity::get(conn, id)
}

/// `local` and `custom` are reached only through a URL the user gives.
fn require_base_url(kind: ProviderKind, base_url: Option<&str>) -> Result<()> {
    if base_url.is_none() && matches!(kind, ProviderKind::Local | ProviderKind::Custom) {
        return Err(Error::invalid("base_url", format!("is required for {} providers", kind.as_str())));
    }
    Ok(())
}

/// `Conflict` if another config of `user_id` (not `except`) is named `name`, in any case.
fn ensure_name_free(conn: &Connection, user_id: &str, name: &str, except: Option<&str>) -> Result<()> {
    let taken = conn
        .query_row(
            "SELECT 1 FROM ai_provider_configs
             WHERE user_id = ?1 AND display_name = ?2 COLLATE NOCASE AND id IS NOT ?3",
            params![user_id, name, except],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if taken {
        return Err(Error::conflict("provider_config", "display_name", format!("{name:?} is taken")));
    }
    Ok(())
}
