//! Subscription plans of users and organizations: each has exactly one owner, a tier, a
//! status, a billing period and a storage quota. Deleting a plan deletes its invoices.

use crate::billing::model::{
    DEFAULT_STORAGE_QUOTA_BYTES, NewSubscription, PlanTier, SubscriptionPatch, SubscriptionPlan, SubscriptionRenewal,
    SubscriptionStatus,
};
use crate::context::Context;
use crate::entity::{self, Entity, Record};
use crate::error::{Error, Result, StoreError};
use crate::governance::model::Action;
use crate::identity::model::{Organization, User};
use crate::ids::{new_id, now_ms, parse_id};
use crate::model::PageRequest;
use crate::owner;
use crate::schema;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

/// Create, read, change and delete subscription plans. Get one from
/// [`crate::Store::subscriptions`].
///
/// Only the owner may change a plan: the owning user themself, or for an organization's plan
/// someone whose role in it allows `manage` (an owner or admin).
#[derive(Clone)]
pub struct Subscriptions {
    pub(crate) cx: Context,
}

impl crate::Store {
    /// Subscription plans.
    pub fn subscriptions(&self) -> Subscriptions {
        Subscriptions { cx: self.cx.clone() }
    }
}

impl Subscriptions {
    /// Creates a plan owned by exactly one live user or existing organization. The period
    /// must end after it starts; the quota defaults to [`DEFAULT_STORAGE_QUOTA_BYTES`].
    pub fn create(&self, plan: &NewSubscription) -> Result<SubscriptionPlan, StoreError> {
        let (owner_user_id, owner_organization_id) =
            owner::pair(plan.owner_user_id.as_deref(), plan.owner_organization_id.as_deref())?;
        use schema::subscription_plans as column;
        let period_start = column::period_start.int(plan.period_start)?;
        let period_end = column::period_end.int(plan.period_end)?;
        check_period(period_start, period_end)?;
        let quota =
            column::storage_quota_bytes.unsigned(plan.storage_quota_bytes.unwrap_or(DEFAULT_STORAGE_QUOTA_BYTES))?;
        self.cx.write(|tx| {
            owner::require(tx, owner_user_id.as_deref(), owner_organization_id.as_deref())?;
            authorize_owner(&self.cx, tx, owner_user_id.as_deref(), owner_organization_id.as_deref(), Action::Write)?;
            let (id, now) = new_id();
            let plan = SubscriptionPlan {
                id,
                owner_user_id,
                owner_organization_id,
                tier: plan.tier,
                status: plan.status,
                period_start,
                period_end,
                storage_quota_bytes: quota,
                created_at: now,
                updated_at: now,
            };
            entity::insert(tx, &plan)?;
            Ok(plan)
        })
    }

    /// The plan `id` (a plan of a soft-deleted user is `NotFound` until the user is restored).
    pub fn get(&self, id: &str) -> Result<SubscriptionPlan, StoreError> {
        self.cx.read(|conn| entity::get(conn, id))
    }

    /// Plans of live user `user_id`, newest first.
    pub fn list_for_user(&self, user_id: &str, page: &PageRequest) -> Result<Vec<SubscriptionPlan>, StoreError> {
        let user_id = parse_id("user_id", user_id)?;
        self.cx.read(|conn| {
            entity::get::<User>(conn, &user_id)?;
            entity::list(conn, Some(("owner_user_id", &user_id)), page)
        })
    }

    /// Plans of organization `organization_id`, newest first.
    pub fn list_for_organization(
        &self,
        organization_id: &str,
        page: &PageRequest,
    ) -> Result<Vec<SubscriptionPlan>, StoreError> {
        let organization_id = parse_id("organization_id", organization_id)?;
        self.cx.read(|conn| {
            entity::get::<Organization>(conn, &organization_id)?;
            entity::list(conn, Some(("owner_organization_id", &organization_id)), page)
        })
    }

    /// The plan that applies to live user `user_id` now, if any: a `trialing` or `active`
    /// plan of theirs whose period contains this moment (the one that started last, if
    /// several do). Plans of the user's organizations are not considered.
    pub fn current_for_user(&self, user_id: &str) -> Result<Option<SubscriptionPlan>, StoreError> {
        let user_id = parse_id("user_id", user_id)?;
        self.cx.read(|conn| {
            entity::get::<User>(conn, &user_id)?;
            current(conn, "owner_user_id", &user_id)
        })
    }

    /// The plan that applies to organization `organization_id` now, if any, chosen as in
    /// [`Subscriptions::current_for_user`].
    pub fn current_for_organization(&self, organization_id: &str) -> Result<Option<SubscriptionPlan>, StoreError> {
        let organization_id = parse_id("organization_id", organization_id)?;
        self.cx.read(|conn| {
            entity::get::<Organization>(conn, &organization_id)?;
            current(conn, "owner_organization_id", &organization_id)
        })
    }

    /// Changes the fields `patch` sets; the period must still end after it starts. Returns
    /// the plan as stored. Audited as `subscription.update` with what changed.
    pub fn update(&self, id: &str, patch: &SubscriptionPatch) -> Result<SubscriptionPlan, StoreError> {
        use schema::subscription_plans as column;
        let quota = patch.storage_quota_bytes.map(|quota| column::storage_quota_bytes.unsigned(quota)).transpose()?;
        let period_start = column::period_start.optional_int(patch.period_start)?;
        let period_end = column::period_end.optional_int(patch.period_end)?;
        self.cx.write(|tx| {
            let current = self.for_change(tx, id, Action::Write)?;
            let next = SubscriptionPlan {
                tier: patch.tier.unwrap_or(current.tier),
                status: patch.status.unwrap_or(current.status),
                period_start: period_start.unwrap_or(current.period_start),
                period_end: period_end.unwrap_or(current.period_end),
                storage_quota_bytes: quota.unwrap_or(current.storage_quota_bytes),
                updated_at: now_ms().max(current.updated_at),
                ..current.clone()
            };
            check_period(next.period_start, next.period_end)?;
            entity::update(tx, &current, &next)?;
            let details = serde_json::json!({
                "tier": patch.tier.map(PlanTier::as_str),
                "status": patch.status.map(SubscriptionStatus::as_str),
                "period_start": patch.period_start,
                "period_end": patch.period_end,
                "storage_quota_bytes": patch.storage_quota_bytes,
            });
            self.cx.audit(tx, "subscription.update", "subscription", &current.id, details)?;
            Ok(next)
        })
    }

    /// Sets the status of plan `id` (any status may follow any other); audited as an update.
    pub fn set_status(&self, id: &str, status: SubscriptionStatus) -> Result<SubscriptionPlan, StoreError> {
        self.update(id, &SubscriptionPatch { status: Some(status), ..SubscriptionPatch::default() })
    }

    /// Starts the next billing period of plan `id`: it begins where the current one ends and
    /// lasts until `renewal.period_end`, which must be later; the plan becomes `active`.
    /// Audited as `subscription.renew`.
    pub fn renew(&self, id: &str, renewal: &SubscriptionRenewal) -> Result<SubscriptionPlan, StoreError> {
        let period_end = schema::subscription_plans::period_end.int(renewal.period_end)?;
        self.cx.write(|tx| {
            let current = self.for_change(tx, id, Action::Write)?;
            if period_end <= current.period_end {
                return Err(Error::invalid("period_end", "must be after the end of the current period"));
            }
            let next = SubscriptionPlan {
                period_start: current.period_end,
                period_end,
                status: SubscriptionStatus::Active,
                updated_at: now_ms().max(current.updated_at),
                ..current.clone()
            };
            entity::update(tx, &current, &next)?;
            let details = serde_json::json!({ "period_start": current.period_end, "period_end": renewal.period_end });
            self.cx.audit(tx, "subscription.renew", "subscription", &current.id, details)?;
            Ok(next)
        })
    }

    /// Deletes plan `id` for good, with its invoices. Audited as `subscription.delete` with
    /// its tier, status, owner and how many invoices went with it.
    pub fn delete(&self, id: &str) -> Result<(), StoreError> {
        self.cx.write(|tx| {
            let current = self.for_change(tx, id, Action::Delete)?;
            let invoices: i64 =
                tx.query_row("SELECT count(*) FROM invoices WHERE subscription_id = ?1", [&current.id], |row| {
                    row.get(0)
                })?;
            entity::purge::<SubscriptionPlan>(tx, &current.id)?;
            self.cx.audit(
                tx,
                "subscription.delete",
                "subscription",
                &current.id,
                serde_json::json!({
                    "tier": current.tier.as_str(),
                    "status": current.status.as_str(),
                    "owner_user_id": current.owner_user_id,
                    "owner_organization_id": current.owner_organization_id,
                    "invoices": invoices,
                }),
            )
        })
    }

    /// Plan `id`, once the caller is known to be allowed to change it.
    fn for_change(&self, tx: &Transaction, id: &str, action: Action) -> Result<SubscriptionPlan> {
        let plan = entity::get::<SubscriptionPlan>(tx, id)?;
        authorize_plan(&self.cx, tx, &plan, action)?;
        Ok(plan)
    }
}

/// Refuses unless the caller may change `plan` (or what is in it, its invoices).
pub(crate) fn authorize_plan(cx: &Context, conn: &Connection, plan: &SubscriptionPlan, action: Action) -> Result<()> {
    authorize_owner(cx, conn, plan.owner_user_id.as_deref(), plan.owner_organization_id.as_deref(), action)
}

/// A user's plan is theirs alone (`action` on themself); an organization's plan takes the
/// right to manage the organization, whatever the action.
fn authorize_owner(
    cx: &Context,
    conn: &Connection,
    owner_user_id: Option<&str>,
    owner_organization_id: Option<&str>,
    action: Action,
) -> Result<()> {
    if let Some(user_id) = owner_user_id {
        cx.authorize_self(user_id, action)?;
    }
    if let Some(org_id) = owner_organization_id {
        cx.authorize_organization(conn, org_id, Action::Manage)?;
    }
    Ok(())
}

/// A period must end after it starts.
fn check_period(start: i64, end: i64) -> Result<()> {
    if end <= start {
        return Err(Error::invalid("period_end", "must be after period_start"));
    }
    Ok(())
}

/// The newest-started `trialing` or `active` plan whose owner column `owner` is `owner_id`
/// and whose period contains now.
fn current(conn: &Connection, owner: &'static str, owner_id: &str) -> Result<Option<SubscriptionPlan>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE ({}) AND e.{owner} = ?1 AND e.status IN (?2, ?3)
           AND e.period_start <= ?4 AND ?4 < e.period_end
         ORDER BY e.period_start DESC, e.created_at DESC, e.id DESC LIMIT 1",
        SubscriptionPlan::COLUMNS,
        SubscriptionPlan::FROM,
        SubscriptionPlan::LIVE
    );
    let plan = conn
        .prepare_cached(&sql)?
        .query_row(
            params![owner_id, SubscriptionStatus::Trialing, SubscriptionStatus::Active, now_ms()],
            SubscriptionPlan::from_row,
        )
        .optional()?;
    Ok(plan)
}
