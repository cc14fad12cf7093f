//! Data-sharing consent decisions: every decision is kept, the newest per user and scope is
//! in force, and a scope never decided counts as not granted.

use crate::context::Context;
use crate::entity::{self, Entity};
use crate::error::{Error, Result, StoreError};
use crate::governance::model::Action;
use crate::governance::model::{ConsentScope, DataSharingPolicy, NewConsent, POLICY_VERSION_MAX};
use crate::identity::model::User;
use crate::ids::{new_id, parse_id};
use crate::model::PageRequest;
use rusqlite::{Connection, OptionalExtension, Row, params};

/// Data-sharing consent decisions. Get one from [`crate::Store::consent`].
#[derive(Clone)]
pub struct Consent {
    pub(crate) cx: Context,
}

impl Entity for DataSharingPolicy {
    const NAME: &'static str = "data_sharing_policy";
    const TABLE: &'static str = "data_sharing_policies";
    const COLUMNS: &'static str = "e.id, e.user_id, e.scope, e.granted, e.policy_version, e.created_at, e.updated_at";
    const FROM: &'static str = "data_sharing_policies e";
    const LIVE: &'static str = "TRUE";

    fn from_row(row: &Row) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get(0)?,
            user_id: row.get(1)?,
            scope: row.get(2)?,
            granted: row.get(3)?,
            policy_version: row.get(4)?,
            created_at: row.get(5)?,
            updated_at: row.get(6)?,
        })
    }
}

impl Consent {
    /// Records a decision of user `consent.user_id` for one scope; it is in force at once
    /// (withdrawing telemetry consent stops [`crate::Telemetry::record`] storing events from
    /// the next call). Earlier decisions stay in the history. Only that user may decide (when
    /// the store acts as a user). Audited as `consent.set`.
    pub fn set(&self, consent: &NewConsent) -> Result<DataSharingPolicy, StoreError> {
        let user_id = parse_id("user_id", &consent.user_id)?;
        let policy_version = policy_version(&consent.policy_version)?;
        self.cx.write(|tx| {
            entity::get::<User>(tx, &user_id)?;
            self.cx.authorize_self(&user_id, Action::Write)?;
            let (id, now) = new_id();
            tx.execute(
                "INSERT INTO data_sharing_policies (id, user_id, scope, granted, policy_version, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                params![id, user_id, consent.scope, consent.granted, policy_version, now],
            )?;
            let policy = DataSharingPolicy {
                id,
                user_id,
                scope: consent.scope,
                granted: consent.granted,
                policy_version,
                created_at: now,
                updated_at: now,
            };
            let details = serde_json::json!({
                "user_id": policy.user_id,
                "scope": policy.scope.as_str(),
                "granted": policy.granted,
                "policy_version": policy.policy_version,
            });
            self.cx.audit(tx, "consent.set", "data_sharing_policy", &policy.id, details)?;
            Ok(policy)
        })
    }

    /// The decision `id`.
    pub fn get(&self, id: &str) -> Result<DataSharingPolicy, StoreError> {
        self.cx.read(|conn| entity::get(conn, id))
    }

    /// The decision in force for user `user_id` and `scope`; `None` when the user never
    /// decided, which counts as not granted.
    pub fn current(&self, user_id: &str, scope: ConsentScope) -> Result<Option<DataSharingPolicy>, StoreError> {
        let user_id = parse_id("user_id", user_id)?;
        self.cx.read(|conn| {
            entity::get::<User>(conn, &user_id)?;
            current(conn, &user_id, scope)
        })
    }

    /// Whether user `user_id` has granted `scope` now (`false` when never decided).
    pub fn is_granted(&self, user_id: &str, scope: ConsentScope) -> Result<bool, StoreError> {
        Ok(self.current(user_id, scope)?.is_some_and(|policy| policy.granted))
    }

    /// The decisions in force for user `user_id`, one per scope decided, in the order of
    /// [`ConsentScope::ALL`].
    pub fn list_current(&self, user_id: &str) -> Result<Vec<DataSharingPolicy>, StoreError> {
        let user_id = parse_id("user_id", user_id)?;
        self.cx.read(|conn| {
            entity::get::<User>(conn, &user_id)?;
            let mut all = Vec::new();
            for &scope in ConsentScope::ALL {
                all.extend(current(conn, &user_id, scope)?);
            }
            Ok(all)
        })
    }

    /// Every decision of user `user_id`, all scopes, newest first.
    pub fn history(&self, user_id: &str, page: &PageRequest) -> Result<Vec<DataSharingPolicy>, StoreError> {
        let user_id = parse_id("user_id", user_id)?;
        self.cx.read(|conn| {
            entity::get::<User>(conn, &user_id)?;
            entity::list(conn, Some(("user_id", &user_id)), page)
        })
    }
}

/// The decision in force for `user_id` (canonical) and `scope`.
pub(crate) fn current(conn: &Connection, user_id: &str, scope: ConsentScope) -> Result<Option<DataSharingPolicy>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE e.user_id = ?1 AND e.scope = ?2 ORDER BY e.created_at DESC, e.id DESC LIMIT 1",
        DataSharingPolicy::COLUMNS,
        DataSharingPolicy::FROM
    );
    Ok(conn.prepare_cached(&sql)?.query_row(params![user_id, scope], DataSharingPolicy::from_row).optional()?)
}

/// A policy version: trimmed, 1 to [`POLICY_VERSION_MAX`] characters.
fn policy_version(value: &str) -> Result<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() || trimmed.chars().count() > POLICY_VERSION_MAX {
        return Err(Error::invalid("policy_version", format!("must be 1 to {POLICY_VERSION_MAX} characters")));
    }
    Ok(trimmed.to_owned())
}
