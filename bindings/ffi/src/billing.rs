//! UniFFI exports of the billing domain: one-line delegations to `unified_store`.

#[allow(unused_imports)]
use crate::Result;
#[allow(unused_imports)]
use unified_store as core;
#[allow(unused_imports)]
use unified_store::*;

/// Subscription plans. See `unified_store::Subscriptions`.
#[derive(uniffi::Object)]
pub struct Subscriptions(pub(crate) core::Subscriptions);

#[uniffi::export]
impl Subscriptions {}

/// Invoices of subscriptions. See `unified_store::Invoices`.
#[derive(uniffi::Object)]
pub struct Invoices(pub(crate) core::Invoices);

#[uniffi::export]
impl Invoices {}
