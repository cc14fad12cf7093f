//! Data-sharing consent decisions: every decision is kept, the newest per user and scope is
//! in force, and a scope never decided counts as not granted.

use crate::context::Context;
use crate::entity::{self, Entity, Record};
use crate::error::{Result, StoreError};
use crate::governance::model::Action;
use crate::governance::model::{ConsentScope, DataSharingPolicy, NewConsent};
use crate::identity::model::User;
use crate::ids::{new_id, parse_id};
use crate::model::PageRequest;
use crate::schema;
use rusqlite::{Connection, OptionalExtension, params};

/// Data-sharing consent decisions. Get one from [`crate::Store::consent`].
#[derive(Clone)]
pub struct Consent {
    pub(crate) cx: Context,
}

impl crate::Store {
    /// Data-sharing consent decisions.
    pub fn consent(&self) -> Consent {
        Consent { cx: self.cx.clone() }
    }
}

impl Consent {
    /// Records a decision of user `consent.user_id` for one scope; it is in force at once
    /// (withdrawing telemetry consent stops [`crate::Telemetry::record`] storing events from
    /// the next call). Earlier decisions stay in the history. Only that user may decide (when
    /// the store acts as a user). Audited as `consent.set`.
    pub fn set(&self, consent: &NewConsent) -> Result<DataSharingPolicy, StoreError> {
        let user_id = parse_id("user_id", &consent.user_id)?;
        let policy_version = schema::data_sharing_policies::policy_version.text(&consent.policy_version)?;
        self.cx.write(|tx| {
            entity::get::<User>(tx, &user_id)?;
            self.cx.authorize_self(&user_id, Action::Write)?;
            let (id, now) = new_id();
            let policy = DataSharingPolicy {
                id,
                user_id,
                scope: consent.scope,
                granted: consent.granted,
                policy_version,
                created_at: now,
                updated_at: now,
            };
            entity::insert(tx, &policy)?;
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
