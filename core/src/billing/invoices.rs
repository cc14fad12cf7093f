//! Invoices of subscriptions: issued as drafts or open, then paid, voided or written off
//! along the transitions documented on [`InvoiceStatus`].

use crate::billing::model::{
    INVOICE_NUMBER_MAX, Invoice, InvoicePayment, InvoiceStatus, InvoiceTotals, NewInvoice, SubscriptionPlan,
};
use crate::billing::subscriptions::authorize_plan;
use crate::context::Context;
use crate::entity::{self, Entity};
use crate::error::{Error, Result, StoreError};
use crate::governance::model::Action;
use crate::ids::{new_id, now_ms, parse_id};
use crate::model::PageRequest;
use crate::values::{currency, storable, unsigned};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use std::collections::BTreeMap;

/// Issue, read, pay, void and delete invoices. Get one from [`crate::Store::invoices`].
///
/// Changing an invoice takes the right to change its subscription plan (see
/// [`crate::Subscriptions`]).
#[derive(Clone)]
pub struct Invoices {
    pub(crate) cx: Context,
}

impl Entity for Invoice {
    const NAME: &'static str = "invoice";
    const TABLE: &'static str = "invoices";
    const COLUMNS: &'static str =
        "e.id, e.subscription_id, e.number, e.amount_minor, e.currency, e.status, e.issued_at, e.paid_at, e.created_at,
         e.updated_at";
    // Invoices follow their plan: hidden while the plan's owning user is soft-deleted.
    const FROM: &'static str = "invoices e JOIN subscription_plans s ON s.id = e.subscription_id
        LEFT JOIN users u ON u.id = s.owner_user_id";
    const LIVE: &'static str = "u.deleted_at IS NULL";

    fn from_row(row: &Row) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get(0)?,
            subscription_id: row.get(1)?,
            number: row.get(2)?,
            amount_minor: unsigned(row, 3)?,
            currency: row.get(4)?,
            status: row.get(5)?,
            issued_at: row.get(6)?,
            paid_at: row.get(7)?,
            created_at: row.get(8)?,
            updated_at: row.get(9)?,
        })
    }
}

impl Invoices {
    /// Issues an invoice of subscription `invoice.subscription_id`, `open` (or `draft`) and
    /// dated now unless it says otherwise. Its number must be unused by every invoice.
    pub fn issue(&self, invoice: &NewInvoice) -> Result<Invoice, StoreError> {
        let subscription_id = parse_id("subscription_id", &invoice.subscription_id)?;
        let number = number(&invoice.number)?;
        let amount = storable("amount_minor", invoice.amount_minor)?;
        let currency = currency(&invoice.currency)?;
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
            let issued_at = invoice.issued_at.unwrap_or(now);
            tx.execute(
                "INSERT INTO invoices (id, subscription_id, number, amount_minor, currency, status, issued_at, paid_at,
                                       created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, ?8, ?8)",
                params![id, subscription_id, number, amount, currency, status, issued_at, now],
            )?;
            Ok(Invoice {
                id,
                subscription_id,
                number,
                amount_minor: invoice.amount_minor,
                currency,
                status,
                issued_at,
                paid_at: None,
                created_at: now,
                updated_at: now,
            })
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
                Ok((row.get::<_, String>(0)?, row.get::<_, InvoiceStatus>(1)?, unsigned(row, 2)?))
            })?;
            let mut totals = BTreeMap::<String, InvoiceTotals>::new();
            for row in rows {
                let (currency, status, amount) = row?;
                let total = totals.entry(currency.clone()).or_insert_with(|| InvoiceTotals {
                    currency,
                    paid_minor: 0,
                    outstanding_minor: 0,
                    uncollectible_minor: 0,
                });
                let sum = match status {
                    InvoiceStatus::Paid => &mut total.paid_minor,
                    InvoiceStatus::Open => &mut total.outstanding_minor,
                    _ => &mut total.uncollectible_minor,
                };
                *sum = sum.saturating_add(amount);
            }
            Ok(totals.into_values().collect())
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
            let paid_at = paid_at.unwrap_or(now);
            if paid_at < current.issued_at {
                return Err(Error::invalid("paid_at", "is before the invoice was issued"));
            }
            Some(paid_at)
        }
        _ => None,
    };
    tx.execute(
        "UPDATE invoices SET status = ?2, paid_at = ?3, updated_at = ?4 WHERE id = ?1",
        params![current.id, to, paid_at, now],
    )?;
    entity::get(tx, &current.id)
}

/// An invoice number: trimmed, 1 to [`INVOICE_NUMBER_MAX`] characters, no control characters.
fn number(value: &str) -> Result<String> {
    let number = value.trim();
    if number.is_empty() {
        return Err(Error::invalid("number", "must not be empty"));
    }
    if number.chars().count() > INVOICE_NUMBER_MAX {
        return Err(Error::invalid("number", format!("longer than {INVOICE_NUMBER_MAX} characters")));
    }
    if number.chars().any(char::is_control) {
        return Err(Error::invalid("number", "must not contain control characters"));
    }
    Ok(number.to_owned())
}

/// `Conflict` if any invoice has `number`.
fn ensure_number_free(conn: &Connection, number: &str) -> Result<()> {
    let taken = conn.query_row("SELECT 1 FROM invoices WHERE number = ?1", [number], |_| Ok(())).optional()?.is_some();
    if taken {
        return Err(Error::conflict("invoice", "number", format!("{number} is taken")));
    }
    Ok(())
}
