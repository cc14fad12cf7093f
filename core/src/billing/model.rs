//! The records of billing: subscription plans of users and organizations, and their invoices.
//! Money is an integer count of the currency's minor unit (cents for USD), never a float.

use serde::{Deserialize, Serialize};

/// Storage a plan allows when its creator does not say: 10 GiB.
pub const DEFAULT_STORAGE_QUOTA_BYTES: u64 = 10 * 1024 * 1024 * 1024;
/// Longest invoice number, in characters.
pub const INVOICE_NUMBER_MAX: usize = crate::schema::rules::SHORT.max;

/// The tier of a subscription plan, cheapest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum PlanTier {
    /// No charge.
    Free,
    /// The first paid tier.
    Plus,
    /// For heavy individual use.
    Pro,
    /// For small teams.
    Team,
    /// For large organizations, usually on contract.
    Enterprise,
}

/// Where a subscription stands. Only `trialing` and `active` plans grant their tier (see
/// [`crate::Subscriptions::current_for_user`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionStatus {
    /// In a free trial.
    Trialing,
    /// Paid up.
    Active,
    /// A payment failed; still usable while it is retried.
    PastDue,
    /// Cancelled by its owner.
    Cancelled,
    /// Its period ended without a renewal.
    Expired,
}

/// Where an invoice stands. Allowed changes ([`crate::Invoices::set_status`]):
///
/// | from            | to                              |
/// | --------------- | ------------------------------- |
/// | `draft`         | `open`, `void`                  |
/// | `open`          | `paid`, `void`, `uncollectible` |
/// | `uncollectible` | `open`, `void`                  |
/// | `paid`, `void`  | nothing (final)                 |
///
/// An invoice is `paid` exactly when it has a `paid_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    /// Being prepared; may still be deleted.
    Draft,
    /// Issued and awaiting payment.
    Open,
    /// Paid in full.
    Paid,
    /// Cancelled; nothing is owed.
    Void,
    /// Written off as unlikely to be paid; may be reopened.
    Uncollectible,
}

/// A subscription plan, owned by exactly one user or organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionPlan {
    /// UUIDv7.
    pub id: String,
    /// The user who owns it, if a user does.
    pub owner_user_id: Option<String>,
    /// The organization that owns it, if one does. Exactly one owner is set.
    pub owner_organization_id: Option<String>,
    /// What it grants.
    pub tier: PlanTier,
    /// Where it stands.
    pub status: SubscriptionStatus,
    /// Start of the current billing period, UTC milliseconds, inclusive.
    pub period_start: i64,
    /// End of the current billing period, UTC milliseconds, exclusive; after `period_start`.
    pub period_end: i64,
    /// Storage it allows, in bytes.
    pub storage_quota_bytes: u64,
    /// UTC milliseconds.
    pub created_at: i64,
    /// UTC milliseconds; changes on every update.
    pub updated_at: i64,
}

/// What [`crate::Subscriptions::create`] needs: exactly one owner, a tier, a status and a
/// billing period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct NewSubscription {
    /// The owning user; set this or `owner_organization_id`, not both.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub owner_user_id: Option<String>,
    /// The owning organization; set this or `owner_user_id`, not both.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub owner_organization_id: Option<String>,
    /// What it grants.
    pub tier: PlanTier,
    /// Where it stands.
    pub status: SubscriptionStatus,
    /// Start of the billing period, UTC milliseconds.
    pub period_start: i64,
    /// End of the billing period, UTC milliseconds; must be after `period_start`.
    pub period_end: i64,
    /// Storage it allows, in bytes, at most `i64::MAX`; [`DEFAULT_STORAGE_QUOTA_BYTES`]
    /// when left out.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub storage_quota_bytes: Option<u64>,
}

impl NewSubscription {
    /// A plan of user `user_id` with the default quota.
    pub fn for_user(
        user_id: impl Into<String>,
        tier: PlanTier,
        status: SubscriptionStatus,
        period_start: i64,
        period_end: i64,
    ) -> Self {
        Self {
            owner_user_id: Some(user_id.into()),
            owner_organization_id: None,
            tier,
            status,
            period_start,
            period_end,
            storage_quota_bytes: None,
        }
    }

    /// A plan of organization `organization_id` with the default quota.
    pub fn for_organization(
        organization_id: impl Into<String>,
        tier: PlanTier,
        status: SubscriptionStatus,
        period_start: i64,
        period_end: i64,
    ) -> Self {
        Self {
            owner_user_id: None,
            owner_organization_id: Some(organization_id.into()),
            tier,
            status,
            period_start,
            period_end,
            storage_quota_bytes: None,
        }
    }
}

/// Changes to a subscription plan ([`crate::Subscriptions::update`]); every field left `None`
/// stays as it is. The owner never changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct SubscriptionPatch {
    /// A new tier.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub tier: Option<PlanTier>,
    /// A new status.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub status: Option<SubscriptionStatus>,
    /// A new period start; the period must still end after it starts.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub period_start: Option<i64>,
    /// A new period end; the period must still end after it starts.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub period_end: Option<i64>,
    /// A new storage quota, in bytes, at most `i64::MAX`.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub storage_quota_bytes: Option<u64>,
}

/// The next billing period of a plan ([`crate::Subscriptions::renew`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionRenewal {
    /// End of the new period, UTC milliseconds; after the end of the current one, where the
    /// new period starts.
    pub period_end: i64,
}

/// An invoice of a subscription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Invoice {
    /// UUIDv7.
    pub id: String,
    /// The subscription it bills.
    pub subscription_id: String,
    /// Its number, unique among all invoices, 1 to [`INVOICE_NUMBER_MAX`] characters.
    pub number: String,
    /// The amount, in minor units of `currency` (cents for USD).
    pub amount_minor: u64,
    /// An ISO 4217 code: three uppercase letters, such as `EUR`.
    pub currency: String,
    /// Where it stands.
    pub status: InvoiceStatus,
    /// When it was issued, UTC milliseconds.
    pub issued_at: i64,
    /// When it was paid, UTC milliseconds: set exactly when `status` is `paid`.
    pub paid_at: Option<i64>,
    /// UTC milliseconds.
    pub created_at: i64,
    /// UTC milliseconds; changes with its status.
    pub updated_at: i64,
}

/// What [`crate::Invoices::issue`] needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct NewInvoice {
    /// The subscription it bills.
    pub subscription_id: String,
    /// Unique among all invoices, 1 to [`INVOICE_NUMBER_MAX`] characters, trimmed.
    pub number: String,
    /// The amount, in minor units of `currency`, at most `i64::MAX`.
    pub amount_minor: u64,
    /// An ISO 4217 code: three uppercase letters, such as `EUR`.
    pub currency: String,
    /// `draft` or `open`; `open` when left out. (It is paid, voided or written off later.)
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub status: Option<InvoiceStatus>,
    /// When it was issued, UTC milliseconds; now when left out.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub issued_at: Option<i64>,
}

impl NewInvoice {
    /// An open invoice issued now.
    pub fn new(
        subscription_id: impl Into<String>,
        number: impl Into<String>,
        amount_minor: u64,
        currency: impl Into<String>,
    ) -> Self {
        Self {
            subscription_id: subscription_id.into(),
            number: number.into(),
            amount_minor,
            currency: currency.into(),
            status: None,
            issued_at: None,
        }
    }
}

/// A payment of an invoice ([`crate::Invoices::mark_paid`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct InvoicePayment {
    /// When it was paid, UTC milliseconds, not before the invoice was issued; now when left
    /// out.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub paid_at: Option<i64>,
}

impl InvoicePayment {
    /// Paid now.
    pub fn now() -> Self {
        Self { paid_at: None }
    }

    /// Paid at `paid_at` (UTC milliseconds).
    pub fn at(paid_at: i64) -> Self {
        Self { paid_at: Some(paid_at) }
    }
}

/// What a subscription's invoices add up to in one currency ([`crate::Invoices::totals`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct InvoiceTotals {
    /// The ISO 4217 code.
    pub currency: String,
    /// Sum of `paid` invoices, in minor units.
    pub paid_minor: u64,
    /// Sum of `open` invoices: issued and still owed.
    pub outstanding_minor: u64,
    /// Sum of `uncollectible` invoices: written off.
    pub uncollectible_minor: u64,
}
