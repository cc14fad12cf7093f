//! Invoices of subscriptions: issued as drafts or open, then paid, voided or written off
//! along the transitions documented on [`InvoiceStatus`].

use crate::billing::model::{Invoice, InvoicePayment, InvoiceStatus, InvoiceTotals, NewInvoice, SubscriptionPlan};
use crate::billing::subscriptions::authorize_plan;
use crate::context::Context;
use crate::entity;
use crate::error::{Error, Result, StoreError};
use crate::governance::model::Action;
use crate::ids::{new_id, now_ms, parse_id};
use crate::model::PageRequest;
use crate::schema;
use rusqlite::{Connection, OptionalExtension, Transaction};
use std::collections::BTreeMap;

/// Issue, read, pay, void and delete invoices. Get one from [`crate::Store::invoices`].
///
/// Changing an invoice takes the right to change its subscription plan (see
/// [`crate::Subscriptions`]).
#[derive(Clone)]
pub struct Invoices {
    pub(crate) cx: Context,
}

impl crate::Store {
    /// Invoices of subscriptions.
    pub fn invoices(&self) -> Invoices {
        Invoices { cx: self.cx.clone() }
    }
}

impl Invoices {
    /// Issues an invoice of subscription `invoice.subscription_id`, `open` (or `draft`) and
    /// dated now unless it says otherwise. Its number must be unused by every invoice.
    pub fn issue(&self, invoice: &NewInvoice) -> Result<Invoice, StoreError> {
        let subscription_id = parse_id("subscription_id", &invoice.subscription_id)?;
        use schema::invoices as column;
        let number = column::number.text(&invoice.number)?;
        let amount_minor = column::amount_minor.unsigned(invoice.amount_minor)?;
        let currency = column::currency.text(&invoice.currency)?;
        let issued_at = invoice.issued_at.map(|at| column::issued_at.int(at)).transpose()?;
        let status = match invoice.status.unwrap_or(InvoiceStatus::Open) {
            status @ (InvoiceStatus::Draft | InvoiceStatus::Open) => status,
            other => {
                let reason = format!("an invoice is issued as draft or open, not {}", other.as_str());
                return Err(Error::invalid("status", reason).into());
            }
        };
        self.cx.write(|tx| {
            let plan = entity::get::<SubscriptionPlan>(tx, &subscription_id)?;
            authorize_plan(&self.cx, tx, &plan, Action::Write)?;
            ensure_number_free(tx, &number)?;
            let (id, now) = new_id();
            let invoice = Invoice {
                id,
                subscription_id,
                number,
                amount_minor,
                currency,
                status,
                issued_at: issued_at.unwrap_or(now),
                paid_at: None,
                created_at: now,
                updated_at: now,
            };
            entity::insert(tx, &invoice)?;
            Ok(invoice)
        })
    }

    /// The invoice `id`.
    pub fn get(&self, id: &str) -> Result<Invoice, StoreError> {
        self.cx.read(|conn| entity::get(conn, id))
    }

    /// Invoices of subscription `subscription_id`, newest first.
    pub fn list(&self, subscription_id: &str, page: &PageRequest) -> Result<Vec<Invoice>, StoreError> {
        let subscription_id = parse_id("subscription_id", subscription_id)?;
        self.cx.read(|conn| {
            entity::get::<SubscriptionPlan>(conn, &subscription_id)?;
            entity::list(conn, Some(("subscription_id", &subscription_id)), page)
        })
    }

    /// Marks `open` invoice `id` paid, at `payment.paid_at` or now; the payment may not come
    /// before the invoice was issued. Any other status is `InvalidInput` naming `status`.
    /// Audited as `invoice.status`, as every change of status is.
    pub fn mark_paid(&self, id: &str, payment: &InvoicePayment) -> Result<Invoice, StoreError> {
        self.cx.write(|tx| {
            let current = self.for_change(tx, id, Action::Write)?;
            let paid = transition(tx, &current, InvoiceStatus::Paid, payment.paid_at)?;
            self.audit_status(tx, &current, &paid)?;
            Ok(paid)
        })
    }

    /// Voids `draft`, `open` or `uncollectible` invoice `id`: nothing is owed any more.
    pub fn void(&self, id: &str) -> Result<Invoice, StoreError> {
        self.set_status(id, InvoiceStatus::Void)
    }

    /// Moves invoice `id` to `status` along an allowed transition (see [`InvoiceStatus`]);
    /// `paid` is paid now, as [`Invoices::mark_paid`]. Any other change, including to the
    /// status it has, is `InvalidInput` naming `status` and leaves the invoice as it was.
    pub fn set_status(&self, id: &str, status: InvoiceStatus) -> Result<Invoice, StoreError> {
        self.cx.write(|tx| {
            let current = self.for_change(tx, id, Action::Write)?;
            let changed = transition(tx, &current, status, None)?;
            self.audit_status(tx, &current, &changed)?;
            Ok(changed)
        })
    }

    /// Deletes `draft` invoice `id` for good; an issued invoice is voided instead, so it is
    /// `InvalidInput` naming `status`. Audited as `invoice.delete`.
    pub fn delete(&self, id: &str) -> Result<(), StoreError> {
        self.cx.write(|tx| {
            let current = self.for_change(tx, id, Action::Delete)?;
            if current.status != InvoiceStatus::Draft {
                let reason =
                    format!("only a draft can be deleted, this one is {}; void it instead", current.status.as_str());
                return Err(Error::invalid("status", reason));
            }
            entity::purge::<Invoice>(tx, &current.id)?;
            self.cx.audit(
                tx,
                "invoice.delete",
                "invoice",
                &current.id,
                serde_json::json!({ "number": current.number, "subscription_id": current.subscription_id }),
            )
        })
    }

    /// What the invoices of subscription `subscription_id` add up to, per currency (sorted by
    /// code): paid, outstanding (`open`) and written off. Drafts and void invoices count in
    /// none; a sum too large for a `u64` stops at `u64::MAX`.
    pub fn totals(&self, subscription_id: &str) -> Result<Vec<InvoiceTotals>, StoreError> {
        let subscription_id = parse_id("subscription_id", subscription_id)?;
        self.cx.read(|conn| {
            entity::get::<SubscriptionPlan>(conn, &subscription_id)?;
            let mut stmt = conn.prepare_cached(
                "SELECT currency, status, amount_minor FROM invoices
                 WHERE subscription_id = ?1 AND status IN ('open', 'paid', 'uncollectible')",
            )?;
            let rows = stmt.query_map([&subscription_id], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, InvoiceStatus>(1)?, row.get::<_, i64>(2)?))
            })?;
            // Exact sums per currency: [paid, outstanding, uncollectible].
            let mut sums = BTreeMap::<String, [i128; 3]>::new();
            for row in rows {
                let (currency, status, amount) = row?;
                let slot = match status {
                    InvoiceStatus::Paid => 0,
                    InvoiceStatus::Open => 1,
                    _ => 2,
                };
                sums.entry(currency).or_default()[slot] += i128::from(amount);
            }
            sums.into_iter()
                .map(|(currency, [paid, outstanding, uncollectible])| {
                    let fit = |sum: i128| {
                        u64::try_from(sum).map_err(|_| {
                            let reason = format!("the {currency} invoices add up to {sum}, beyond 64 bits");
                            Error::invalid("subscription_id", reason)
                        })
                    };
                    Ok(InvoiceTotals {
                        paid_minor: fit(paid)?,
                        outstanding_minor: fit(outstanding)?,
                        uncollectible_minor: fit(uncollectible)?,
                        currency,
                    })
                })
                .collect()
        })
    }

    /// Records a change of status as `invoice.status`, with the amount it concerns.
    fn audit_status(&self, tx: &Transaction, before: &Invoice, after: &Invoice) -> Result<()> {
        let details = serde_json::json!({
            "number": after.number,
            "from": before.status.as_str(),
            "to": after.status.as_str(),
            "amount_minor": after.amount_minor,
            "currency": after.currency,
        });
        self.cx.audit(tx, "invoice.status", "invoice", &after.id, details)
    }

    /// Invoice `id`, once the caller is known to be allowed to change its plan.
    fn for_change(&self, tx: &Transaction, id: &str, action: Action) -> Result<Invoice> {
        let invoice = entity::get::<Invoice>(tx, id)?;
        let plan = entity::get::<SubscriptionPlan>(tx, &invoice.subscription_id)?;
        authorize_plan(&self.cx, tx, &plan, action)?;
        Ok(invoice)
    }
}

impl InvoiceStatus {
    /// Whether an invoice may go from this status to `to` (see the table on [`InvoiceStatus`]).
    pub fn can_become(self, to: InvoiceStatus) -> bool {
        use InvoiceStatus::{Draft, Open, Paid, Uncollectible, Void};
        matches!((self, to), (Draft, Open | Void) | (Open, Paid | Void | Uncollectible) | (Uncollectible, Open | Void))
    }
}

/// Moves `current` to `to` if allowed; `paid` is stamped `paid_at` (or now), which may not be
/// before the invoice was issued.
fn transition(tx: &Transaction, current: &Invoice, to: InvoiceStatus, paid_at: Option<i64>) -> Result<Invoice> {
    if !current.status.can_become(to) {
        let reason = format!("an invoice that is {} cannot become {}", current.status.as_str(), to.as_str());
        return Err(Error::invalid("status", reason));
    }
    let now = now_ms();
    let paid_at = match to {
        InvoiceStatus::Paid => {
            let paid_at = schema::invoices::paid_at.int(paid_at.unwrap_or(now))?;
            if paid_at < current.issued_at {
                return Err(Error::invalid("paid_at", "is before the invoice was issued"));
            }
            Some(paid_at)
        }
        _ => None,
    };
    let next = Invoice { status: to, paid_at, updated_at: now.max(current.updated_at), ..current.clone() };
    entity::update(tx, current, &next)?;
    Ok(next)
}

/// `Conflict` if any invoice has `number`.
fn ensure_number_free(conn: &Connection, number: &str) -> Result<()> {
    let taken = conn.query_row("SELECT 1 FROM invoices WHERE number = ?1", [number], |_| Ok(())).optional()?.is_some();
    if taken {
        return Err(Error::conflict("invoice", "number", format!("{number} is taken")));
    }
    Ok(())
}
