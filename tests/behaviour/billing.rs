//! Behaviour of the billing domain: subscriptions and invoices.

use super::*;
use unified_store::{
    AuditFilter, DEFAULT_STORAGE_QUOTA_BYTES, Invoice, InvoicePayment, InvoiceStatus, InvoiceTotals, NewInvoice,
    NewOrganization, NewSubscription, PlanTier, Role, SubscriptionPatch, SubscriptionPlan, SubscriptionRenewal,
    SubscriptionStatus,
};

/// The billing behaviours, for [`crate::behaviour_tests!`].
#[macro_export]
#[doc(hidden)]
macro_rules! __billing_cases {
    ($emit:ident $($args:tt)*) => {
        $crate::$emit!(billing; $($args)*; subscriptions_crud, subscription_owner_rules, subscription_periods_and_quota_are_checked, organization_plans, current_plan_is_the_live_one_now, renew_starts_the_next_period, invoices_issue_get_and_list, invoice_numbers_are_unique_and_checked, invoice_currency_and_amount_are_checked, invoice_transitions_allowed, invoice_transitions_refused_change_nothing, only_draft_invoices_are_deleted, deleting_a_subscription_deletes_its_invoices, owner_delete_hides_and_purge_removes_plans, invoice_totals_per_currency, only_owners_change_billing, billing_changes_are_audited);
    };
}

const DAY: i64 = 86_400_000;
const UNKNOWN: &str = "01890a5d-ac96-774b-bcce-b302099a8057";

/// A store-clock "now" (a fresh user's creation time), so tests need no clock of their own
/// (there is none in the browser's wasm).
fn now(store: &Store) -> i64 {
    user(store, "Clock").unwrap().created_at
}

/// An active plan of user `user_id` over the 30 days around now.
fn plan_of(store: &Store, user_id: &str) -> SubscriptionPlan {
    let now = now(store);
    let new = NewSubscription::for_user(user_id, PlanTier::Plus, SubscriptionStatus::Active, now - DAY, now + 29 * DAY);
    store.subscriptions().create(&new).unwrap()
}

/// A fresh user's plan.
fn fresh_plan(store: &Store) -> SubscriptionPlan {
    let owner = user(store, "Subscriber").unwrap();
    plan_of(store, &owner.id)
}

pub fn subscriptions_crud(store: Store) {
    let subscriptions = store.subscriptions();
    let ada = user(&store, "Ada").unwrap();
    let other = user(&store, "Other").unwrap();
    let now = now(&store);
    let first = subscriptions
        .create(&NewSubscription::for_user(&ada.id, PlanTier::Free, SubscriptionStatus::Trialing, now, now + DAY))
        .unwrap();
    assert_eq!(first.owner_user_id.as_deref(), Some(ada.id.as_str()));
    assert_eq!(first.owner_organization_id, None);
    assert_eq!((first.tier, first.status), (PlanTier::Free, SubscriptionStatus::Trialing));
    assert_eq!(first.storage_quota_bytes, DEFAULT_STORAGE_QUOTA_BYTES, "10 GiB when left out");
    assert_eq!(DEFAULT_STORAGE_QUOTA_BYTES, 10 * 1024 * 1024 * 1024);
    assert_eq!(first.created_at, first.updated_at);
    assert_eq!(subscriptions.get(&first.id).unwrap(), first);
    assert_eq!(subscriptions.get(&first.id.to_uppercase()).unwrap(), first, "ids in any spelling");

    let second = subscriptions
        .create(&NewSubscription {
            storage_quota_bytes: Some(0),
            ..NewSubscription::for_user(&ada.id, PlanTier::Pro, SubscriptionStatus::Active, now, now + DAY)
        })
        .unwrap();
    assert_eq!(second.storage_quota_bytes, 0);
    let theirs = plan_of(&store, &other.id);
    assert_eq!(subscriptions.list_for_user(&ada.id, &page(10)).unwrap(), [second.clone(), first.clone()]);
    assert_eq!(subscriptions.list_for_user(&other.id, &page(10)).unwrap(), [theirs.clone()]);
    let after_second = PageRequest { limit: 10, after: Some(second.id.clone()) };
    assert_eq!(subscriptions.list_for_user(&ada.id, &after_second).unwrap(), [first.clone()], "keyset paging");
    let foreign_cursor = PageRequest { limit: 10, after: Some(theirs.id.clone()) };
    assert_eq!(field_of(subscriptions.list_for_user(&ada.id, &foreign_cursor).unwrap_err()), "after");

    let patch = SubscriptionPatch {
        tier: Some(PlanTier::Team),
        period_end: Some(now + 2 * DAY),
        storage_quota_bytes: Some(1 << 40),
        ..SubscriptionPatch::default()
    };
    let updated = subscriptions.update(&first.id, &patch).unwrap();
    assert_eq!((updated.tier, updated.status), (PlanTier::Team, SubscriptionStatus::Trialing), "status untouched");
    assert_eq!((updated.period_start, updated.period_end), (now, now + 2 * DAY));
    assert_eq!(updated.storage_quota_bytes, 1 << 40);
    assert_eq!(updated.created_at, first.created_at);
    assert!(updated.updated_at >= first.updated_at);
    assert_eq!(subscriptions.get(&first.id).unwrap(), updated);
    let cancelled = subscriptions.set_status(&first.id, SubscriptionStatus::PastDue).unwrap();
    assert_eq!(cancelled.status, SubscriptionStatus::PastDue);
    assert_eq!(cancelled.tier, PlanTier::Team);

    subscriptions.delete(&first.id).unwrap();
    assert_eq!(entity_of(subscriptions.get(&first.id).unwrap_err()), "subscription");
    assert_eq!(entity_of(subscriptions.delete(&first.id).unwrap_err()), "subscription", "deleting twice");
    assert_eq!(entity_of(subscriptions.update(&first.id, &patch).unwrap_err()), "subscription");
    assert_eq!(subscriptions.list_for_user(&ada.id, &page(10)).unwrap(), [second]);
    assert_eq!(field_of(subscriptions.get("not-an-id").unwrap_err()), "id");
}

pub fn subscription_owner_rules(store: Store) {
    let subscriptions = store.subscriptions();
    let ada = user(&store, "Ada").unwrap();
    let org = store.organizations().create(&NewOrganization::owned_by("Acme", "acme", &ada.id)).unwrap();
    let now = now(&store);
    let base = NewSubscription::for_user(&ada.id, PlanTier::Plus, SubscriptionStatus::Active, now, now + DAY);

    let both = NewSubscription { owner_organization_id: Some(org.id.clone()), ..base.clone() };
    assert_eq!(field_of(subscriptions.create(&both).unwrap_err()), "owner");
    let neither = NewSubscription { owner_user_id: None, ..base.clone() };
    assert_eq!(field_of(subscriptions.create(&neither).unwrap_err()), "owner");
    let malformed = NewSubscription { owner_user_id: Some("ada".into()), ..base.clone() };
    assert_eq!(field_of(subscriptions.create(&malformed).unwrap_err()), "owner_user_id");
    let unknown_user = NewSubscription { owner_user_id: Some(UNKNOWN.into()), ..base.clone() };
    assert_eq!(entity_of(subscriptions.create(&unknown_user).unwrap_err()), "user");
    let unknown_org =
        NewSubscription::for_organization(UNKNOWN, PlanTier::Team, SubscriptionStatus::Active, now, now + 1);
    assert_eq!(entity_of(subscriptions.create(&unknown_org).unwrap_err()), "organization");

    let gone = user(&store, "Gone").unwrap();
    store.users().delete(&gone.id).unwrap();
    let deleted_user = NewSubscription { owner_user_id: Some(gone.id.clone()), ..base.clone() };
    assert_eq!(entity_of(subscriptions.create(&deleted_user).unwrap_err()), "user", "a deleted user owns nothing new");

    assert!(subscriptions.list_for_user(&ada.id, &page(10)).unwrap().is_empty(), "no rejected plan was written");
    assert!(subscriptions.list_for_organization(&org.id, &page(10)).unwrap().is_empty());
    assert_eq!(entity_of(subscriptions.list_for_user(UNKNOWN, &page(10)).unwrap_err()), "user");
    assert_eq!(entity_of(subscriptions.list_for_organization(UNKNOWN, &page(10)).unwrap_err()), "organization");
    assert_eq!(field_of(subscriptions.list_for_user("x", &page(10)).unwrap_err()), "user_id");
    assert_eq!(subscriptions.create(&base).unwrap().owner_user_id, Some(ada.id));
}

pub fn subscription_periods_and_quota_are_checked(store: Store) {
    let subscriptions = store.subscriptions();
    let ada = user(&store, "Ada").unwrap();
    let now = now(&store);
    let at = |start, end| NewSubscription::for_user(&ada.id, PlanTier::Pro, SubscriptionStatus::Active, start, end);
    assert_eq!(field_of(subscriptions.create(&at(now, now)).unwrap_err()), "period_end", "empty period");
    assert_eq!(field_of(subscriptions.create(&at(now, now - DAY)).unwrap_err()), "period_end", "backwards");
    let too_big = NewSubscription { storage_quota_bytes: Some(u64::MAX), ..at(now, now + DAY) };
    assert_eq!(field_of(subscriptions.create(&too_big).unwrap_err()), "storage_quota_bytes");
    assert!(subscriptions.list_for_user(&ada.id, &page(10)).unwrap().is_empty());

    let plan = subscriptions.create(&at(now, now + DAY)).unwrap();
    let refused = [
        (SubscriptionPatch { period_end: Some(now), ..SubscriptionPatch::default() }, "period_end"),
        (SubscriptionPatch { period_start: Some(now + DAY), ..SubscriptionPatch::default() }, "period_end"),
        (
            SubscriptionPatch {
                tier: Some(PlanTier::Free),
                period_start: Some(now + 5 * DAY),
                period_end: Some(now + 4 * DAY),
                ..SubscriptionPatch::default()
            },
            "period_end",
        ),
        (
            SubscriptionPatch {
                tier: Some(PlanTier::Free),
                storage_quota_bytes: Some(unified_store::limits::AMOUNT_MAX + 1),
                ..SubscriptionPatch::default()
            },
            "storage_quota_bytes",
        ),
    ];
    for (patch, field) in refused {
        assert_eq!(field_of(subscriptions.update(&plan.id, &patch).unwrap_err()), field, "{patch:?}");
        assert_eq!(subscriptions.get(&plan.id).unwrap(), plan, "a refused update changes nothing");
    }
    let largest = unified_store::limits::AMOUNT_MAX;
    let max = SubscriptionPatch { storage_quota_bytes: Some(largest), ..SubscriptionPatch::default() };
    assert_eq!(subscriptions.update(&plan.id, &max).unwrap().storage_quota_bytes, largest);
    let moved = SubscriptionPatch {
        period_start: Some(now + 5 * DAY),
        period_end: Some(now + 6 * DAY),
        ..SubscriptionPatch::default()
    };
    let moved = subscriptions.update(&plan.id, &moved).unwrap();
    assert_eq!((moved.period_start, moved.period_end), (now + 5 * DAY, now + 6 * DAY), "both ends move together");
}

pub fn organization_plans(store: Store) {
    let subscriptions = store.subscriptions();
    let ada = user(&store, "Ada").unwrap();
    let acme = store.organizations().create(&NewOrganization::owned_by("Acme", "acme", &ada.id)).unwrap();
    let other = store.organizations().create(&NewOrganization::owned_by("Other", "other", &ada.id)).unwrap();
    let now = now(&store);
    let team = subscriptions
        .create(&NewSubscription::for_organization(
            &acme.id,
            PlanTier::Team,
            SubscriptionStatus::Active,
            now - DAY,
            now + DAY,
        ))
        .unwrap();
    assert_eq!((team.owner_user_id.as_deref(), team.owner_organization_id.as_deref()), (None, Some(acme.id.as_str())));
    assert_eq!(subscriptions.list_for_organization(&acme.id, &page(10)).unwrap(), [team.clone()]);
    assert!(subscriptions.list_for_organization(&other.id, &page(10)).unwrap().is_empty());
    assert!(subscriptions.list_for_user(&ada.id, &page(10)).unwrap().is_empty(), "the org's plan is not Ada's");
    assert_eq!(subscriptions.current_for_organization(&acme.id).unwrap(), Some(team.clone()));
    assert_eq!(subscriptions.current_for_organization(&other.id).unwrap(), None);
    assert_eq!(subscriptions.current_for_user(&ada.id).unwrap(), None, "organization plans are not the user's");
    assert_eq!(entity_of(subscriptions.current_for_organization(UNKNOWN).unwrap_err()), "organization");

    let invoice = store.invoices().issue(&NewInvoice::new(&team.id, "ACME-1", 9900, "EUR")).unwrap();
    store.organizations().delete(&acme.id).unwrap();
    assert_eq!(entity_of(subscriptions.get(&team.id).unwrap_err()), "subscription", "deleting the org cascades");
    assert_eq!(entity_of(store.invoices().get(&invoice.id).unwrap_err()), "invoice");
}

pub fn current_plan_is_the_live_one_now(store: Store) {
    let subscriptions = store.subscriptions();
    let ada = user(&store, "Ada").unwrap();
    assert_eq!(subscriptions.current_for_user(&ada.id).unwrap(), None, "no plan at all");
    let now = now(&store);
    let make = |status, start, end| {
        subscriptions.create(&NewSubscription::for_user(&ada.id, PlanTier::Plus, status, start, end)).unwrap()
    };
    make(SubscriptionStatus::Active, now - 2 * DAY, now - DAY); // over
    make(SubscriptionStatus::Trialing, now + DAY, now + 2 * DAY); // not begun
    make(SubscriptionStatus::Cancelled, now - DAY, now + DAY); // cancelled
    make(SubscriptionStatus::Expired, now - DAY, now + DAY);
    make(SubscriptionStatus::PastDue, now - DAY, now + DAY);
    assert_eq!(subscriptions.current_for_user(&ada.id).unwrap(), None, "none of these applies now");

    let trial = make(SubscriptionStatus::Trialing, now - 3 * DAY, now + 3 * DAY);
    assert_eq!(subscriptions.current_for_user(&ada.id).unwrap(), Some(trial.clone()));
    let active = make(SubscriptionStatus::Active, now - DAY, now + 30 * DAY);
    assert_eq!(subscriptions.current_for_user(&ada.id).unwrap(), Some(active.clone()), "the one started last");
    make(SubscriptionStatus::Active, now - 10 * DAY, now + 10 * DAY); // newer row, earlier start
    assert_eq!(subscriptions.current_for_user(&ada.id).unwrap(), Some(active.clone()));

    subscriptions.set_status(&active.id, SubscriptionStatus::Cancelled).unwrap();
    let current = subscriptions.current_for_user(&ada.id).unwrap().unwrap();
    assert_eq!(current.period_start, now - 3 * DAY, "back to the trial, which started after the other");
    assert_eq!(current.id, trial.id);
    assert_eq!(entity_of(subscriptions.current_for_user(UNKNOWN).unwrap_err()), "user");
}

pub fn renew_starts_the_next_period(store: Store) {
    let subscriptions = store.subscriptions();
    let plan = fresh_plan(&store);
    let past_due = subscriptions.set_status(&plan.id, SubscriptionStatus::PastDue).unwrap();
    for end in [plan.period_end, plan.period_end - 1, plan.period_start] {
        let error = subscriptions.renew(&plan.id, &SubscriptionRenewal { period_end: end }).unwrap_err();
        assert_eq!(field_of(error), "period_end");
        assert_eq!(subscriptions.get(&plan.id).unwrap(), past_due, "a refused renewal changes nothing");
    }
    let renewed =
        subscriptions.renew(&plan.id, &SubscriptionRenewal { period_end: plan.period_end + 30 * DAY }).unwrap();
    assert_eq!((renewed.period_start, renewed.period_end), (plan.period_end, plan.period_end + 30 * DAY));
    assert_eq!(renewed.status, SubscriptionStatus::Active);
    assert_eq!((renewed.tier, renewed.storage_quota_bytes), (plan.tier, plan.storage_quota_bytes));
    assert_eq!(subscriptions.get(&plan.id).unwrap(), renewed);
    let unknown = subscriptions.renew(UNKNOWN, &SubscriptionRenewal { period_end: 1 }).unwrap_err();
    assert_eq!(entity_of(unknown), "subscription");
}

pub fn invoices_issue_get_and_list(store: Store) {
    let invoices = store.invoices();
    let plan = fresh_plan(&store);
    let other = fresh_plan(&store);
    let before = now(&store);
    let first = invoices.issue(&NewInvoice::new(&plan.id, "  INV-1  ", 1999, "USD")).unwrap();
    assert_eq!(first.number, "INV-1", "numbers are trimmed");
    assert_eq!((first.amount_minor, first.currency.as_str()), (1999, "USD"));
    assert_eq!(first.status, InvoiceStatus::Open, "open when left out");
    assert_eq!(first.paid_at, None);
    assert!(first.issued_at >= before, "issued now when left out");
    assert_eq!(first.issued_at, first.created_at);
    assert_eq!(invoices.get(&first.id).unwrap(), first);

    let draft = invoices
        .issue(&NewInvoice {
            status: Some(InvoiceStatus::Draft),
            issued_at: Some(before - DAY),
            ..NewInvoice::new(&plan.id, "INV-2", 0, "EUR")
        })
        .unwrap();
    assert_eq!((draft.status, draft.issued_at, draft.amount_minor), (InvoiceStatus::Draft, before - DAY, 0));
    let theirs = invoices.issue(&NewInvoice::new(&other.id, "INV-3", 5, "JPY")).unwrap();
    assert_eq!(invoices.list(&plan.id, &page(10)).unwrap(), [draft.clone(), first.clone()], "newest first");
    assert_eq!(invoices.list(&plan.id, &page(1)).unwrap(), [draft.clone()]);
    assert_eq!(invoices.list(&other.id, &page(10)).unwrap(), [theirs]);

    for status in [InvoiceStatus::Paid, InvoiceStatus::Void, InvoiceStatus::Uncollectible] {
        let issued_as = NewInvoice { status: Some(status), ..NewInvoice::new(&plan.id, "INV-9", 1, "USD") };
        assert_eq!(field_of(invoices.issue(&issued_as).unwrap_err()), "status", "issued as {status:?}");
    }
    assert_eq!(entity_of(invoices.issue(&NewInvoice::new(UNKNOWN, "INV-9", 1, "USD")).unwrap_err()), "subscription");
    assert_eq!(field_of(invoices.issue(&NewInvoice::new("x", "INV-9", 1, "USD")).unwrap_err()), "subscription_id");
    assert_eq!(entity_of(invoices.list(UNKNOWN, &page(10)).unwrap_err()), "subscription");
    assert_eq!(entity_of(invoices.get(UNKNOWN).unwrap_err()), "invoice");
    assert_eq!(invoices.list(&plan.id, &page(10)).unwrap().len(), 2, "no rejected invoice was written");
}

pub fn invoice_numbers_are_unique_and_checked(store: Store) {
    let invoices = store.invoices();
    let plan = fresh_plan(&store);
    let other = fresh_plan(&store);
    invoices.issue(&NewInvoice::new(&plan.id, "2026-0001", 100, "USD")).unwrap();
    let again = invoices.issue(&NewInvoice::new(&plan.id, "2026-0001", 200, "USD")).unwrap_err();
    assert_eq!(conflict_of(again), ("invoice".to_owned(), "number".to_owned()));
    let elsewhere = invoices.issue(&NewInvoice::new(&other.id, " 2026-0001", 200, "USD")).unwrap_err();
    assert_eq!(conflict_of(elsewhere).1, "number", "unique across every subscription, after trimming");

    for bad in ["", "   ", &"n".repeat(65), "INV\n1"] {
        assert_eq!(field_of(invoices.issue(&NewInvoice::new(&plan.id, bad, 1, "USD")).unwrap_err()), "number");
    }
    let longest = "é".repeat(64);
    assert_eq!(invoices.issue(&NewInvoice::new(&plan.id, &longest, 1, "USD")).unwrap().number, longest);
    assert_eq!(invoices.list(&plan.id, &page(10)).unwrap().len(), 2);
    assert!(invoices.list(&other.id, &page(10)).unwrap().is_empty());
}

pub fn invoice_currency_and_amount_are_checked(store: Store) {
    let invoices = store.invoices();
    let plan = fresh_plan(&store);
    for bad in ["usd", "Usd", "US", "EURO", "", "U$D", "ÉUR", " EU"] {
        let error = invoices.issue(&NewInvoice::new(&plan.id, "INV-1", 1, bad)).unwrap_err();
        assert_eq!(field_of(error), "currency", "{bad:?}");
    }
    let max = unified_store::limits::AMOUNT_MAX;
    let huge = invoices.issue(&NewInvoice::new(&plan.id, "INV-1", max + 1, "USD")).unwrap_err();
    assert_eq!(field_of(huge), "amount_minor");
    assert!(invoices.list(&plan.id, &page(10)).unwrap().is_empty(), "nothing written");
    let largest = invoices.issue(&NewInvoice::new(&plan.id, "INV-1", max, "XAU")).unwrap();
    assert_eq!(invoices.get(&largest.id).unwrap().amount_minor, max);
}

pub fn invoice_transitions_allowed(store: Store) {
    let invoices = store.invoices();
    let plan = fresh_plan(&store);
    let issue = |number: &str, status| {
        invoices.issue(&NewInvoice { status: Some(status), ..NewInvoice::new(&plan.id, number, 500, "EUR") }).unwrap()
    };

    let draft = issue("A", InvoiceStatus::Draft);
    let open = invoices.set_status(&draft.id, InvoiceStatus::Open).unwrap();
    assert_eq!((open.status, open.paid_at), (InvoiceStatus::Open, None));
    let paid_at = open.issued_at + 60_000;
    let paid = invoices.mark_paid(&open.id, &InvoicePayment::at(paid_at)).unwrap();
    assert_eq!((paid.status, paid.paid_at), (InvoiceStatus::Paid, Some(paid_at)));
    assert_eq!(invoices.get(&paid.id).unwrap(), paid);
    let same_moment = issue("A2", InvoiceStatus::Open);
    let paid = invoices.mark_paid(&same_moment.id, &InvoicePayment::at(same_moment.issued_at)).unwrap();
    assert_eq!(paid.paid_at, Some(same_moment.issued_at), "paid the moment it was issued");

    let later = issue("B", InvoiceStatus::Open);
    let written_off = invoices.set_status(&later.id, InvoiceStatus::Uncollectible).unwrap();
    assert_eq!(written_off.status, InvoiceStatus::Uncollectible);
    let reopened = invoices.set_status(&later.id, InvoiceStatus::Open).unwrap();
    assert_eq!(reopened.status, InvoiceStatus::Open);
    let paid_now = invoices.set_status(&later.id, InvoiceStatus::Paid).unwrap();
    assert_eq!(paid_now.status, InvoiceStatus::Paid);
    assert!(paid_now.paid_at.unwrap() >= later.issued_at, "set_status(paid) stamps the payment now");
    let by_default = invoices.mark_paid(&issue("B2", InvoiceStatus::Open).id, &InvoicePayment::now()).unwrap();
    assert!(by_default.paid_at.is_some());

    assert_eq!(invoices.void(&issue("C", InvoiceStatus::Draft).id).unwrap().status, InvoiceStatus::Void);
    assert_eq!(invoices.void(&issue("D", InvoiceStatus::Open).id).unwrap().status, InvoiceStatus::Void);
    let uncollectible = issue("E", InvoiceStatus::Open);
    invoices.set_status(&uncollectible.id, InvoiceStatus::Uncollectible).unwrap();
    let voided = invoices.void(&uncollectible.id).unwrap();
    assert_eq!((voided.status, voided.paid_at), (InvoiceStatus::Void, None));

    use InvoiceStatus::*;
    let allowed = [(Draft, Open), (Draft, Void), (Open, Paid), (Open, Void), (Open, Uncollectible)];
    for from in InvoiceStatus::ALL {
        for to in InvoiceStatus::ALL {
            let expected = allowed.contains(&(*from, *to)) || matches!((from, to), (Uncollectible, Open | Void));
            assert_eq!(from.can_become(*to), expected, "{from:?} -> {to:?}");
        }
    }
}

pub fn invoice_transitions_refused_change_nothing(store: Store) {
    let invoices = store.invoices();
    let plan = fresh_plan(&store);
    let issue = |number: &str, status| {
        invoices.issue(&NewInvoice { status: Some(status), ..NewInvoice::new(&plan.id, number, 500, "EUR") }).unwrap()
    };
    let refused = |invoice: &Invoice, to: InvoiceStatus| {
        assert_eq!(
            field_of(invoices.set_status(&invoice.id, to).unwrap_err()),
            "status",
            "{:?} -> {to:?}",
            invoice.status
        );
        assert_eq!(&invoices.get(&invoice.id).unwrap(), invoice, "a refused change leaves the invoice as it was");
    };

    let draft = issue("A", InvoiceStatus::Draft);
    for to in [InvoiceStatus::Draft, InvoiceStatus::Paid, InvoiceStatus::Uncollectible] {
        refused(&draft, to);
    }
    assert_eq!(field_of(invoices.mark_paid(&draft.id, &InvoicePayment::now()).unwrap_err()), "status");
    assert_eq!(invoices.get(&draft.id).unwrap(), draft);

    let open = issue("B", InvoiceStatus::Open);
    refused(&open, InvoiceStatus::Open);
    refused(&open, InvoiceStatus::Draft);
    let early = invoices.mark_paid(&open.id, &InvoicePayment::at(open.issued_at - 1)).unwrap_err();
    assert_eq!(field_of(early), "paid_at", "paid before it was issued");
    assert_eq!(invoices.get(&open.id).unwrap(), open);

    let paid = invoices.mark_paid(&open.id, &InvoicePayment::now()).unwrap();
    for to in InvoiceStatus::ALL {
        refused(&paid, *to);
    }
    assert_eq!(field_of(invoices.mark_paid(&paid.id, &InvoicePayment::now()).unwrap_err()), "status", "paid twice");
    assert_eq!(field_of(invoices.void(&paid.id).unwrap_err()), "status");
    assert_eq!(invoices.get(&paid.id).unwrap(), paid);

    let void = invoices.void(&issue("C", InvoiceStatus::Open).id).unwrap();
    for to in InvoiceStatus::ALL {
        refused(&void, *to);
    }
    let uncollectible = invoices.set_status(&issue("D", InvoiceStatus::Open).id, InvoiceStatus::Uncollectible).unwrap();
    refused(&uncollectible, InvoiceStatus::Paid);
    refused(&uncollectible, InvoiceStatus::Draft);
    assert_eq!(entity_of(invoices.set_status(UNKNOWN, InvoiceStatus::Void).unwrap_err()), "invoice");
    assert_eq!(entity_of(invoices.mark_paid(UNKNOWN, &InvoicePayment::now()).unwrap_err()), "invoice");
}

pub fn only_draft_invoices_are_deleted(store: Store) {
    let invoices = store.invoices();
    let plan = fresh_plan(&store);
    let draft = invoices
        .issue(&NewInvoice { status: Some(InvoiceStatus::Draft), ..NewInvoice::new(&plan.id, "DRAFT-1", 1, "USD") })
        .unwrap();
    let open = invoices.issue(&NewInvoice::new(&plan.id, "OPEN-1", 1, "USD")).unwrap();
    let void = invoices.void(&invoices.issue(&NewInvoice::new(&plan.id, "VOID-1", 1, "USD")).unwrap().id).unwrap();
    for kept in [&open, &void] {
        assert_eq!(field_of(invoices.delete(&kept.id).unwrap_err()), "status", "{:?} is kept", kept.status);
        assert_eq!(&invoices.get(&kept.id).unwrap(), kept);
    }
    invoices.delete(&draft.id).unwrap();
    assert_eq!(entity_of(invoices.get(&draft.id).unwrap_err()), "invoice");
    assert_eq!(entity_of(invoices.delete(&draft.id).unwrap_err()), "invoice", "deleting twice");
    assert_eq!(invoices.list(&plan.id, &page(10)).unwrap(), [void, open]);
    let reused = invoices.issue(&NewInvoice::new(&plan.id, "DRAFT-1", 2, "USD")).unwrap();
    assert_eq!(reused.number, "DRAFT-1", "a deleted draft frees its number");
}

pub fn deleting_a_subscription_deletes_its_invoices(store: Store) {
    let invoices = store.invoices();
    let plan = fresh_plan(&store);
    let kept_plan = fresh_plan(&store);
    let open = invoices.issue(&NewInvoice::new(&plan.id, "INV-1", 100, "USD")).unwrap();
    let paid = invoices.issue(&NewInvoice::new(&plan.id, "INV-2", 100, "USD")).unwrap();
    invoices.mark_paid(&paid.id, &InvoicePayment::now()).unwrap();
    let kept = invoices.issue(&NewInvoice::new(&kept_plan.id, "INV-3", 100, "USD")).unwrap();

    store.subscriptions().delete(&plan.id).unwrap();
    assert_eq!(entity_of(invoices.get(&open.id).unwrap_err()), "invoice");
    assert_eq!(entity_of(invoices.get(&paid.id).unwrap_err()), "invoice");
    assert_eq!(entity_of(invoices.list(&plan.id, &page(10)).unwrap_err()), "subscription");
    assert_eq!(invoices.get(&kept.id).unwrap(), kept, "other plans keep their invoices");
    assert_eq!(store.subscriptions().get(&kept_plan.id).unwrap(), kept_plan);
    let reused = invoices.issue(&NewInvoice::new(&kept_plan.id, "INV-1", 1, "USD")).unwrap();
    assert_eq!(reused.number, "INV-1", "the deleted invoices' numbers are free again");
}

pub fn owner_delete_hides_and_purge_removes_plans(store: Store) {
    let subscriptions = store.subscriptions();
    let ada = user(&store, "Ada").unwrap();
    let bob = user(&store, "Bob").unwrap();
    let adas = plan_of(&store, &ada.id);
    let bobs = plan_of(&store, &bob.id);
    let invoice = store.invoices().issue(&NewInvoice::new(&adas.id, "ADA-1", 100, "GBP")).unwrap();

    store.users().delete(&ada.id).unwrap();
    assert_eq!(entity_of(subscriptions.get(&adas.id).unwrap_err()), "subscription", "hidden with its owner");
    assert_eq!(entity_of(store.invoices().get(&invoice.id).unwrap_err()), "invoice", "and so are its invoices");
    assert_eq!(entity_of(subscriptions.list_for_user(&ada.id, &page(10)).unwrap_err()), "user");
    store.users().restore(&ada.id).unwrap();
    assert_eq!(subscriptions.get(&adas.id).unwrap(), adas, "back with the owner");
    assert_eq!(store.invoices().get(&invoice.id).unwrap(), invoice);

    store.users().purge(&ada.id).unwrap();
    assert_eq!(entity_of(subscriptions.get(&adas.id).unwrap_err()), "subscription");
    assert_eq!(entity_of(store.invoices().get(&invoice.id).unwrap_err()), "invoice");
    assert_eq!(subscriptions.list_for_user(&bob.id, &page(10)).unwrap(), [bobs]);
}

pub fn invoice_totals_per_currency(store: Store) {
    let invoices = store.invoices();
    let plan = fresh_plan(&store);
    assert!(invoices.totals(&plan.id).unwrap().is_empty(), "no invoices, no totals");
    let issue = |number: &str, amount, currency: &str| {
        invoices.issue(&NewInvoice::new(&plan.id, number, amount, currency)).unwrap()
    };
    let paid = |number, amount, currency| {
        let invoice = issue(number, amount, currency);
        invoices.mark_paid(&invoice.id, &InvoicePayment::now()).unwrap();
    };
    paid("1", 1000, "USD");
    paid("2", 500, "USD");
    issue("3", 250, "USD");
    invoices.set_status(&issue("4", 70, "USD").id, InvoiceStatus::Uncollectible).unwrap();
    invoices.void(&issue("5", 9999, "USD").id).unwrap();
    invoices
        .issue(&NewInvoice { status: Some(InvoiceStatus::Draft), ..NewInvoice::new(&plan.id, "6", 8888, "USD") })
        .unwrap();
    issue("7", 300, "EUR");

    let expected = [
        InvoiceTotals { currency: "EUR".into(), paid_minor: 0, outstanding_minor: 300, uncollectible_minor: 0 },
        InvoiceTotals { currency: "USD".into(), paid_minor: 1500, outstanding_minor: 250, uncollectible_minor: 70 },
    ];
    assert_eq!(invoices.totals(&plan.id).unwrap(), expected);
    assert!(invoices.totals(&fresh_plan(&store).id).unwrap().is_empty(), "another plan's invoices do not count");
    assert_eq!(entity_of(invoices.totals(UNKNOWN).unwrap_err()), "subscription");
}

pub fn only_owners_change_billing(store: Store) {
    let ada = user(&store, "Ada").unwrap();
    let bob = user(&store, "Bob").unwrap();
    let adas = plan_of(&store, &ada.id);
    let invoice = store.invoices().issue(&NewInvoice::new(&adas.id, "ADA-1", 100, "USD")).unwrap();
    let as_bob = store.acting_as(&bob.id).unwrap();
    let as_ada = store.acting_as(&ada.id).unwrap();
    let pro = SubscriptionPatch { tier: Some(PlanTier::Pro), ..SubscriptionPatch::default() };

    assert_eq!(denied_of(as_bob.subscriptions().update(&adas.id, &pro).unwrap_err()).0, bob.id);
    assert_eq!(denied_of(as_bob.subscriptions().delete(&adas.id).unwrap_err()).0, bob.id);
    let for_ada = NewSubscription { owner_user_id: Some(ada.id.clone()), ..base_plan(adas.period_start) };
    assert_eq!(denied_of(as_bob.subscriptions().create(&for_ada).unwrap_err()).0, bob.id);
    assert_eq!(
        denied_of(as_bob.invoices().issue(&NewInvoice::new(&adas.id, "BOB-1", 1, "USD")).unwrap_err()).0,
        bob.id
    );
    assert_eq!(denied_of(as_bob.invoices().mark_paid(&invoice.id, &InvoicePayment::now()).unwrap_err()).0, bob.id);
    assert_eq!(denied_of(as_bob.invoices().void(&invoice.id).unwrap_err()).0, bob.id);
    assert_eq!(store.subscriptions().get(&adas.id).unwrap(), adas, "refused calls change nothing");
    assert_eq!(store.invoices().get(&invoice.id).unwrap(), invoice);
    assert_eq!(store.invoices().list(&adas.id, &page(10)).unwrap(), [invoice.clone()]);
    assert_eq!(as_bob.subscriptions().get(&adas.id).unwrap(), adas, "reads are not checked");

    assert_eq!(as_ada.subscriptions().update(&adas.id, &pro).unwrap().tier, PlanTier::Pro);
    assert_eq!(as_ada.invoices().mark_paid(&invoice.id, &InvoicePayment::now()).unwrap().status, InvoiceStatus::Paid);
    assert_eq!(as_ada.subscriptions().create(&for_ada).unwrap().owner_user_id, Some(ada.id.clone()));

    let acme = store.organizations().create(&NewOrganization::owned_by("Acme", "acme", &ada.id)).unwrap();
    store.organizations().add_member(&acme.id, &bob.id, Role::Member).unwrap();
    let team = NewSubscription { owner_organization_id: Some(acme.id.clone()), ..base_plan(adas.period_start) };
    assert_eq!(
        denied_of(as_bob.subscriptions().create(&team).unwrap_err()).0,
        bob.id,
        "a member may not buy for the org"
    );
    assert!(store.subscriptions().list_for_organization(&acme.id, &page(10)).unwrap().is_empty());
    let plan = as_ada.subscriptions().create(&team).unwrap();
    assert_eq!(
        denied_of(as_bob.subscriptions().set_status(&plan.id, SubscriptionStatus::Cancelled).unwrap_err()).0,
        bob.id
    );
    store.organizations().set_member_role(&acme.id, &bob.id, Role::Admin).unwrap();
    let cancelled = as_bob.subscriptions().set_status(&plan.id, SubscriptionStatus::Cancelled).unwrap();
    assert_eq!(cancelled.status, SubscriptionStatus::Cancelled, "an admin manages the org's plans");
}

/// A plan with no owner yet, over a day from `start`.
fn base_plan(start: i64) -> NewSubscription {
    NewSubscription {
        owner_user_id: None,
        owner_organization_id: None,
        tier: PlanTier::Team,
        status: SubscriptionStatus::Active,
        period_start: start,
        period_end: start + DAY,
        storage_quota_bytes: None,
    }
}

pub fn billing_changes_are_audited(store: Store) {
    let ada = user(&store, "Ada").unwrap();
    let plan = plan_of(&store, &ada.id);
    let as_ada = store.acting_as(&ada.id).unwrap();
    let invoices = as_ada.invoices();
    let paid = invoices.issue(&NewInvoice::new(&plan.id, "INV-1", 4200, "EUR")).unwrap();
    invoices.mark_paid(&paid.id, &InvoicePayment::now()).unwrap();
    let draft = invoices
        .issue(&NewInvoice { status: Some(InvoiceStatus::Draft), ..NewInvoice::new(&plan.id, "INV-2", 1, "EUR") })
        .unwrap();
    invoices.delete(&draft.id).unwrap();
    let quota = SubscriptionPatch { storage_quota_bytes: Some(1 << 30), ..SubscriptionPatch::default() };
    as_ada.subscriptions().update(&plan.id, &quota).unwrap();
    as_ada.subscriptions().delete(&plan.id).unwrap();

    let entries = |entity: &str, id: &str| {
        let filter = AuditFilter { entity: Some(entity.into()), entity_id: Some(id.into()), ..AuditFilter::default() };
        store.audit().list(&filter, &page(10)).unwrap()
    };
    let payment = entries("invoice", &paid.id);
    assert_eq!(payment.len(), 1);
    assert_eq!(payment[0].action, "invoice.status");
    assert_eq!(payment[0].actor_user_id.as_deref(), Some(ada.id.as_str()), "names who did it");
    let details = &payment[0].details;
    assert!(details.contains(r#""from":"open""#) && details.contains(r#""to":"paid""#), "{details}");
    assert_eq!(entries("invoice", &draft.id).iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["invoice.delete"]);
    let plan_actions: Vec<_> = entries("subscription", &plan.id).into_iter().map(|e| e.action).collect();
    assert_eq!(plan_actions, ["subscription.delete", "subscription.update"], "newest first");
    let deleted = &entries("subscription", &plan.id)[0];
    assert!(deleted.details.contains(r#""invoices":1"#), "the paid invoice went with the plan: {}", deleted.details);
    assert!(store.audit().verify().unwrap().intact);
}
