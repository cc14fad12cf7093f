//! Invoices of subscriptions.

/// Invoices of subscriptions. Get one from [`crate::Store::invoices`].
#[derive(Clone)]
pub struct Invoices {
    pub(crate) cx: crate::context::Context,
}
