//! The secrets of a provider config (its API key, its OAuth tokens), each sealed in its own
//! envelope under the store's secrets key (`crypto/envelope.rs`) and bound to its config and
//! kind. Lists and reads of configs never carry a secret: revealing one is its own call, and
//! the audit log records it (never the value).

use crate::ai::model::{ProviderConfig, SecretKind};
use crate::ai::providers::{ProviderConfigs, get};
use crate::crypto::envelope::{self, Place};
use crate::entity::{self, Entity, Record};
use crate::error::{Error, Result, StoreError};
use crate::governance::model::Action;
use crate::ids::{new_id, now_ms};
use crate::schema::{self, rules};
use rusqlite::{Connection, OptionalExtension, params};
use zeroize::Zeroizing;

/// One sealed secret: a row of `provider_secrets`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProviderSecret {
    pub(crate) id: String,
    pub(crate) config_id: String,
    pub(crate) kind: SecretKind,
    pub(crate) sealed: Vec<u8>,
    pub(crate) created_at: i64,
    pub(crate) updated_at: i64,
}

impl ProviderConfigs {
    /// Seals `secret` as the `kind` secret of config `config_id` (replacing one it had), under
    /// the store's secrets key: the store must be opened with a key (`InvalidKey` otherwise).
    /// Only the config's user may. Audited as `provider_secret.set`, without the value.
    pub fn set_secret(&self, config_id: &str, kind: SecretKind, secret: &str) -> Result<(), StoreError> {
        let secret = Zeroizing::new(rules::SECRET.check("secret", secret)?);
        self.cx.write(|tx| {
            let keys = self.cx.db.secrets_keys()?;
            let config = self.owned(tx, config_id, Action::Write)?;
            let sealing = keys.first().ok_or_else(no_key)?;
            let sealed = envelope::seal(sealing, secret.as_bytes(), &place(&config.id, kind))?;
            let now = now_ms();
            match find(tx, &config.id, kind)? {
                Some(current) => {
                    let next = ProviderSecret { sealed, updated_at: now.max(current.updated_at), ..current.clone() };
                    entity::update(tx, &current, &next)?;
                }
                None => {
                    let (id, now) = new_id();
                    let row = ProviderSecret {
                        id,
                        config_id: config.id.clone(),
                        kind,
                        sealed,
                        created_at: now,
                        updated_at: now,
                    };
                    entity::insert(tx, &row)?;
                }
            }
            self.audit_secret(tx, "provider_secret.set", &config, kind)
        })
    }

    /// The `kind` secret of config `config_id`, `None` if it has none. Only the config's user
    /// may; every reveal is audited as `provider_secret.reveal` (never the value). A sealed
    /// value that does not open with this store's keys (altered, moved from another config,
    /// or sealed by a store whose secrets key was never imported here) is `InvalidKey`.
    pub fn reveal_secret(&self, config_id: &str, kind: SecretKind) -> Result<Option<String>, StoreError> {
        self.cx.write(|tx| {
            let keys = self.cx.db.secrets_keys()?;
            let config = self.owned(tx, config_id, Action::Read)?;
            let Some(row) = find(tx, &config.id, kind)? else { return Ok(None) };
            let opened = envelope::open(&keys, &row.sealed, &place(&config.id, kind)).map_err(|why| {
                Error::InvalidKey(format!(
                    "the {} of provider config {} cannot be opened: {why}",
                    kind.as_str(),
                    config.id
                ))
            })?;
            let secret = String::from_utf8(opened.to_vec()).map_err(|_| {
                Error::InvalidKey(format!("the {} of provider config {} is not text", kind.as_str(), config.id))
            })?;
            self.audit_secret(tx, "provider_secret.reveal", &config, kind)?;
            Ok(Some(secret))
        })
    }

    /// Removes the `kind` secret of config `config_id`; one it does not have is `NotFound`
    /// (`provider_secret`). Only the config's user may. Audited as `provider_secret.clear`.
    pub fn clear_secret(&self, config_id: &str, kind: SecretKind) -> Result<(), StoreError> {
        self.cx.write(|tx| {
            let config = self.owned(tx, config_id, Action::Delete)?;
            let row = find(tx, &config.id, kind)?
                .ok_or_else(|| Error::not_found("provider_secret", &format!("{}/{}", config.id, kind.as_str())))?;
            entity::purge::<ProviderSecret>(tx, &row.id)?;
            self.audit_secret(tx, "provider_secret.clear", &config, kind)
        })
    }

    /// Which secrets config `config_id` holds, in the order of [`SecretKind::ALL`] (never
    /// their values). Only the config's user may.
    pub fn secrets(&self, config_id: &str) -> Result<Vec<SecretKind>, StoreError> {
        self.cx.read(|conn| {
            let config = self.owned(conn, config_id, Action::Read)?;
            let mut kinds = Vec::new();
            for &kind in SecretKind::ALL {
                if find(conn, &config.id, kind)?.is_some() {
                    kinds.push(kind);
                }
            }
            Ok(kinds)
        })
    }

    /// Config `id`, once the caller may do `action` to it (it is theirs).
    fn owned(&self, conn: &Connection, id: &str, action: Action) -> Result<ProviderConfig> {
        let id = schema::provider_secrets::config_id.text(id)?;
        let config = get(conn, &id)?;
        self.cx.authorize_self(&config.user_id, action)?;
        Ok(config)
    }

    fn audit_secret(
        &self,
        tx: &rusqlite::Transaction,
        action: &str,
        config: &ProviderConfig,
        kind: SecretKind,
    ) -> Result<()> {
        let details = serde_json::json!({ "user_id": config.user_id, "kind": kind.as_str() });
        self.cx.audit(tx, action, "provider_config", &config.id, details)
    }
}

/// What a secret's envelope is bound to: its config and kind (not the row's id, which an
/// edit of the row's other columns would leave in place).
fn place(config_id: &str, kind: SecretKind) -> Place<'_> {
    Place { table: "provider_secrets", column: kind.as_str(), row_id: config_id }
}

fn find(conn: &Connection, config_id: &str, kind: SecretKind) -> Result<Option<ProviderSecret>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE e.config_id = ?1 AND e.kind = ?2",
        ProviderSecret::COLUMNS,
        ProviderSecret::FROM
    );
    Ok(conn.prepare_cached(&sql)?.query_row(params![config_id, kind], ProviderSecret::from_row).optional()?)
}

fn no_key() -> Error {
    Error::InvalidKey("provider secrets are sealed with the store's key: open the store with a key".into())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use crate::{NewProviderConfig, NewUser, ProviderKind, SecretKind, Store, StoreConfig, StoreError, StoreKey};

    fn sealed(store: &Store, config: &str, kind: SecretKind) -> Vec<u8> {
        let sql = "SELECT sealed FROM provider_secrets WHERE config_id = ?1 AND kind = ?2";
        store.cx.read(|conn| Ok(conn.query_row(sql, rusqlite::params![config, kind], |row| row.get(0))?)).unwrap()
    }

    fn replace(store: &Store, config: &str, kind: SecretKind, bytes: &[u8]) {
        let sql = "UPDATE provider_secrets SET sealed = ?3 WHERE config_id = ?1 AND kind = ?2";
        store.cx.write(|tx| Ok(tx.execute(sql, rusqlite::params![config, kind, bytes])?)).unwrap();
    }

    /// Envelopes altered in the database (as a tampered file or a bad sync could leave them)
    /// never open and never panic: flipped bits, truncated, an unknown version, and a whole
    /// envelope moved onto another config or another kind are each `InvalidKey`, and a failed
    /// reveal changes nothing (no audit entry either).
    #[test]
    fn tampered_envelopes_are_refused_and_change_nothing() {
        let store =
            Store::open(&StoreConfig { key: Some(StoreKey::Raw { bytes: vec![3; 32] }), ..StoreConfig::in_memory() })
                .unwrap();
        let ada = store.users().create(&NewUser::new("ada@example.com", "Ada")).unwrap();
        let providers = store.providers();
        let first = providers.create(&NewProviderConfig::new(&ada.id, ProviderKind::OpenAi, "One")).unwrap().id;
        let second = providers.create(&NewProviderConfig::new(&ada.id, ProviderKind::OpenAi, "Two")).unwrap().id;
        providers.set_secret(&first, SecretKind::ApiKey, "sk-first-0123456789abcdef").unwrap();
        providers.set_secret(&first, SecretKind::AccessToken, "at-first").unwrap();
        providers.set_secret(&second, SecretKind::ApiKey, "sk-second").unwrap();
        let original = sealed(&store, &first, SecretKind::ApiKey);
        let audit_count = || store.audit().list(&Default::default(), &crate::PageRequest::first(1000)).unwrap().len();

        let mut variants: Vec<(String, Vec<u8>)> = Vec::new();
        for at in 0..original.len() {
            let mut flipped = original.clone();
            flipped[at] ^= 0x40;
            variants.push((format!("bit flipped at byte {at}"), flipped));
        }
        // Shorter than an envelope's frame the table's CHECK refuses it already.
        for keep in [crate::crypto::envelope::MIN_BYTES, original.len() - 16, original.len() - 1] {
            variants.push((format!("truncated to {keep} bytes"), original[..keep].to_vec()));
        }
        let mut version = original.clone();
        version[0] = 2;
        variants.push(("version 2".into(), version));
        variants.push(("another config's".into(), sealed(&store, &second, SecretKind::ApiKey)));
        variants.push(("another kind's".into(), sealed(&store, &first, SecretKind::AccessToken)));

        for (label, bytes) in variants {
            replace(&store, &first, SecretKind::ApiKey, &bytes);
            let before = audit_count();
            let revealed = providers.reveal_secret(&first, SecretKind::ApiKey);
            assert!(matches!(revealed, Err(StoreError::InvalidKey { .. })), "{label}: {revealed:?}");
            assert_eq!(sealed(&store, &first, SecretKind::ApiKey), bytes, "{label}: the row changed");
            assert_eq!(audit_count(), before, "{label}: a failed reveal was audited as a reveal");
        }
        replace(&store, &first, SecretKind::ApiKey, &original);
        assert_eq!(
            providers.reveal_secret(&first, SecretKind::ApiKey).unwrap().as_deref(),
            Some("sk-first-0123456789abcdef")
        );
    }
}
