//! UniFFI exports of the billing domain: one-line delegations to `unified_store`.

use crate::Result;
use unified_store as core;
use unified_store::*;

/// Subscription plans. See `unified_store::Subscriptions`.
#[derive(uniffi::Object)]
pub struct Subscriptions(pub(crate) core::Subscriptions);

#[uniffi::export]
impl Subscriptions {
    /// Creates a plan owned by exactly one user or organization.
    pub fn create(&self, plan: NewSubscription) -> Result<SubscriptionPlan> {
        self.0.create(&plan)
    }

    /// The plan `id`.
    pub fn get(&self, id: String) -> Result<SubscriptionPlan> {
        self.0.get(&id)
    }

    /// Plans of a user, newest first.
    pub fn list_for_user(&self, user_id: String, page: PageRequest) -> Result<Vec<SubscriptionPlan>> {
        self.0.list_for_user(&user_id, &page)
    }

    /// Plans of an organization, newest first.
    pub fn list_for_organization(&self, organization_id: String, page: PageRequest) -> Result<Vec<SubscriptionPlan>> {
        self.0.list_for_organization(&organization_id, &page)
    }

    /// The trialing or active plan of a user whose period contains now, if any.
    pub fn current_for_user(&self, user_id: String) -> Result<Option<SubscriptionPlan>> {
        self.0.current_for_user(&user_id)
    }

    /// The trialing or active plan of an organization whose period contains now, if any.
    pub fn current_for_organization(&self, organization_id: String) -> Result<Option<SubscriptionPlan>> {
        self.0.current_for_organization(&organization_id)
    }

    /// Changes the fields the patch sets.
    pub fn update(&self, id: String, patch: SubscriptionPatch) -> Result<SubscriptionPlan> {
        self.0.update(&id, &patch)
    }

    /// Sets a plan's status.
    pub fn set_status(&self, id: String, status: SubscriptionStatus) -> Result<SubscriptionPlan> {
        self.0.set_status(&id, status)
    }

    /// Starts a plan's next billing period where the current one ends; the plan becomes active.
    pub fn renew(&self, id: String, renewal: SubscriptionRenewal) -> Result<SubscriptionPlan> {
        self.0.renew(&id, &renewal)
    }

    /// Deletes a plan for good, with its invoices.
    pub fn delete(&self, id: String) -> Result<()> {
        self.0.delete(&id)
    }
}

/// Invoices of subscriptions. See `unified_store::Invoices`.
#[derive(uniffi::Object)]
pub struct Invoices(pub(crate) core::Invoices);

#[uniffi::export]
impl Invoices {
    /// Issues an invoice, open (or draft) and dated now unless it says otherwise.
    pub fn issue(&self, invoice: NewInvoice) -> Result<Invoice> {
        self.0.issue(&invoice)
    }

    /// The invoice `id`.
    pub fn get(&self, id: String) -> Result<Invoice> {
        self.0.get(&id)
    }

    /// Invoices of a subscription, newest first.
    pub fn list(&self, subscription_id: String, page: PageRequest) -> Result<Vec<Invoice>> {
        self.0.list(&subscription_id, &page)
    }

    /// Marks an open invoice paid.
    pub fn mark_paid(&self, id: String, payment: InvoicePayment) -> Result<Invoice> {
        self.0.mark_paid(&id, &payment)
    }

    /// Voids a draft, open or uncollectible invoice.
    pub fn void(&self, id: String) -> Result<Invoice> {
        self.0.void(&id)
    }

    /// Moves an invoice to a status along an allowed transition.
    pub fn set_status(&self, id: String, status: InvoiceStatus) -> Result<Invoice> {
        self.0.set_status(&id, status)
    }

    /// Deletes a draft invoice for good.
    pub fn delete(&self, id: String) -> Result<()> {
        self.0.delete(&id)
    }

    /// What a subscription's invoices add up to, per currency.
    pub fn totals(&self, subscription_id: String) -> Result<Vec<InvoiceTotals>> {
        self.0.totals(&subscription_id)
    }
}
