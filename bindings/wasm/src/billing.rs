//! The billing domain as JS classes: one-line delegations to `unified_store`. Timestamps and
//! amounts travel inside records (`SubscriptionRenewal`, `InvoicePayment`), as JS numbers.

use crate::convert::{JsResult, Text, arg, arg_or_default, js_error, ret, ret_all, ret_some, text};
use tsify::Ts;
use unified_store as core;
use unified_store::*;
use wasm_bindgen::prelude::wasm_bindgen;

/// Subscription plans. See `unified_store::Subscriptions`.
#[wasm_bindgen]
pub struct Subscriptions(pub(crate) core::Subscriptions);

#[wasm_bindgen]
impl Subscriptions {
    /// Creates a plan owned by exactly one user or organization.
    pub fn create(&self, plan: Ts<NewSubscription>) -> JsResult<Ts<SubscriptionPlan>> {
        ret(self.0.create(&arg("plan", plan)?))
    }

    /// The plan `id`.
    pub fn get(&self, id: Text) -> JsResult<Ts<SubscriptionPlan>> {
        ret(self.0.get(&text("id", id)?))
    }

    /// Plans of a user, newest first (the first 50 without `page`).
    #[wasm_bindgen(js_name = listForUser)]
    pub fn list_for_user(
        &self,
        #[wasm_bindgen(js_name = userId)] user_id: Text,
        page: Option<Ts<PageRequest>>,
    ) -> JsResult<Vec<Ts<SubscriptionPlan>>> {
        ret_all(self.0.list_for_user(&text("user_id", user_id)?, &arg_or_default("page", page)?))
    }

    /// Plans of an organization, newest first (the first 50 without `page`).
    #[wasm_bindgen(js_name = listForOrganization)]
    pub fn list_for_organization(
        &self,
        #[wasm_bindgen(js_name = organizationId)] organization_id: Text,
        page: Option<Ts<PageRequest>>,
    ) -> JsResult<Vec<Ts<SubscriptionPlan>>> {
        ret_all(
            self.0.list_for_organization(&text("organization_id", organization_id)?, &arg_or_default("page", page)?),
        )
    }

    /// The trialing or active plan of a user whose period contains now, or `undefined`.
    #[wasm_bindgen(js_name = currentForUser)]
    pub fn current_for_user(
        &self,
        #[wasm_bindgen(js_name = userId)] user_id: Text,
    ) -> JsResult<Option<Ts<SubscriptionPlan>>> {
        ret_some(self.0.current_for_user(&text("user_id", user_id)?))
    }

    /// The trialing or active plan of an organization whose period contains now, or `undefined`.
    #[wasm_bindgen(js_name = currentForOrganization)]
    pub fn current_for_organization(
        &self,
        #[wasm_bindgen(js_name = organizationId)] organization_id: Text,
    ) -> JsResult<Option<Ts<SubscriptionPlan>>> {
        ret_some(self.0.current_for_organization(&text("organization_id", organization_id)?))
    }

    /// Changes the fields the patch sets.
    pub fn update(&self, id: Text, patch: Ts<SubscriptionPatch>) -> JsResult<Ts<SubscriptionPlan>> {
        ret(self.0.update(&text("id", id)?, &arg("patch", patch)?))
    }

    /// Sets a plan's status.
    #[wasm_bindgen(js_name = setStatus)]
    pub fn set_status(&self, id: Text, status: Ts<SubscriptionStatus>) -> JsResult<Ts<SubscriptionPlan>> {
        ret(self.0.set_status(&text("id", id)?, arg("status", status)?))
    }

    /// Starts a plan's next billing period where the current one ends; the plan becomes active.
    pub fn renew(&self, id: Text, renewal: Ts<SubscriptionRenewal>) -> JsResult<Ts<SubscriptionPlan>> {
        ret(self.0.renew(&text("id", id)?, &arg("renewal", renewal)?))
    }

    /// Deletes a plan for good, with its invoices.
    pub fn delete(&self, id: Text) -> JsResult<()> {
        self.0.delete(&text("id", id)?).map_err(js_error)
    }
}

/// Invoices of subscriptions. See `unified_store::Invoices`.
#[wasm_bindgen]
pub struct Invoices(pub(crate) core::Invoices);

#[wasm_bindgen]
impl Invoices {
    /// Issues an invoice, open (or draft) and dated now unless it says otherwise.
    pub fn issue(&self, invoice: Ts<NewInvoice>) -> JsResult<Ts<Invoice>> {
        ret(self.0.issue(&arg("invoice", invoice)?))
    }

    /// The invoice `id`.
    pub fn get(&self, id: Text) -> JsResult<Ts<Invoice>> {
        ret(self.0.get(&text("id", id)?))
    }

    /// Invoices of a subscription, newest first (the first 50 without `page`).
    pub fn list(
        &self,
        #[wasm_bindgen(js_name = subscriptionId)] subscription_id: Text,
        page: Option<Ts<PageRequest>>,
    ) -> JsResult<Vec<Ts<Invoice>>> {
        ret_all(self.0.list(&text("subscription_id", subscription_id)?, &arg_or_default("page", page)?))
    }

    /// Marks an open invoice paid, at `payment.paidAt` or now (without `payment`).
    #[wasm_bindgen(js_name = markPaid)]
    pub fn mark_paid(&self, id: Text, payment: Option<Ts<InvoicePayment>>) -> JsResult<Ts<Invoice>> {
        ret(self.0.mark_paid(&text("id", id)?, &arg_or_default("payment", payment)?))
    }

    /// Voids a draft, open or uncollectible invoice.
    pub fn void(&self, id: Text) -> JsResult<Ts<Invoice>> {
        ret(self.0.void(&text("id", id)?))
    }

    /// Moves an invoice to a status along an allowed transition.
    #[wasm_bindgen(js_name = setStatus)]
    pub fn set_status(&self, id: Text, status: Ts<InvoiceStatus>) -> JsResult<Ts<Invoice>> {
        ret(self.0.set_status(&text("id", id)?, arg("status", status)?))
    }

    /// Deletes a draft invoice for good.
    pub fn delete(&self, id: Text) -> JsResult<()> {
        self.0.delete(&text("id", id)?).map_err(js_error)
    }

    /// What a subscription's invoices add up to, per currency.
    pub fn totals(
        &self,
        #[wasm_bindgen(js_name = subscriptionId)] subscription_id: Text,
    ) -> JsResult<Vec<Ts<InvoiceTotals>>> {
        ret_all(self.0.totals(&text("subscription_id", subscription_id)?))
    }
}
