//! Billing: subscription plans and invoices.

pub(crate) mod invoices;
pub mod model;
pub(crate) mod subscriptions;
