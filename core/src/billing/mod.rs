//! Billing: subscription plans and invoices.

pub(crate) mod invoices;
pub mod model;
pub(crate) mod subscriptions;

use model::{InvoiceStatus, PlanTier, SubscriptionStatus};

use crate::values::sql_enum;

sql_enum!(PlanTier { Free => "free", Plus => "plus", Pro => "pro", Team => "team", Enterprise => "enterprise" });
sql_enum!(SubscriptionStatus {
    Trialing => "trialing",
    Active => "active",
    PastDue => "past_due",
    Cancelled => "cancelled",
    Expired => "expired",
});
sql_enum!(InvoiceStatus { Draft => "draft", Open => "open", Paid => "paid", Void => "void", Uncollectible => "uncollectible" });
