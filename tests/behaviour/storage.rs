//! Behaviour of storage accounting: usage counted per category, workspace and thread through
//! every change (cascades included), the quota and its budgets enforced at their exact
//! edges with nothing written, deletes never refused, and `recount` agreeing with the counters.

use super::*;
use unified_store::{CategoryUsage, NewAttachment, NewMessage, Quota, StorageCategory, StorageStats};

/// The storage behaviours, for [`crate::behaviour_tests!`].
#[macro_export]
#[doc(hidden)]
macro_rules! __storage_cases {
    ($emit:ident $($args:tt)*) => {
        $crate::$emit!(storage; $($args)*; a_new_store_has_the_default_quota, writes_are_counted_where_they_belong, cascades_are_counted_out, a_budget_refuses_at_its_exact_edge, the_total_quota_refuses_at_its_exact_edge, deletes_never_meet_the_quota, quota_below_usage_is_refused, can_store_answers_as_a_write_would, a_batch_is_counted_per_scope_and_refused_whole);
    };
}

fn of(stats: &StorageStats, category: StorageCategory) -> CategoryUsage {
    stats.categories.iter().find(|c| c.category == category).cloned().expect("every category is listed")
}

fn messages_used(store: &Store) -> CategoryUsage {
    of(&store.storage().stats().unwrap(), StorageCategory::Messages)
}

/// `bytes` as the quota counts them with `permille` overhead.
fn estimated(bytes: u64, permille: u32) -> u64 {
    bytes * (1000 + permille as u64) / 1000
}

/// The counters as they are, and as `recount` finds them: they must agree.
fn assert_counted_right(store: &Store) {
    let counted = store.storage().stats().unwrap();
    let recounted = store.storage().recount().unwrap();
    for (a, b) in counted.categories.iter().zip(&recounted.categories) {
        assert_eq!((a.category, a.rows, a.logical_bytes), (b.category, b.rows, b.logical_bytes));
    }
}

pub fn a_new_store_has_the_default_quota(store: Store) {
    let storage = store.storage();
    assert_eq!(storage.quota().unwrap(), Quota::default());
    assert_eq!(Quota::default().total_bytes, 10_000_000_000);
    let stats = storage.stats().unwrap();
    let names: Vec<_> = stats.categories.iter().map(|c| c.category).collect();
    assert_eq!(names, StorageCategory::ALL);
    assert_eq!(stats.quota_bytes, 10_000_000_000);
    assert_eq!(of(&stats, StorageCategory::Messages).budget_bytes, 6_000_000_000);
    assert_eq!(of(&stats, StorageCategory::Messages).rows, 0);
    assert!(stats.disk.database_bytes > 0 || stats.disk.database_bytes == 0 && stats.disk.wal_bytes == 0);
}

pub fn writes_are_counted_where_they_belong(store: Store) {
    let ws = workspace(&store, "Counted").unwrap();
    let thread = store.threads().create(&ws.id, "T").unwrap();
    let before = messages_used(&store);
    let content = "x".repeat(1000);
    let message = store.messages().append(&thread.id, MessageRole::User, &content).unwrap();
    let after = messages_used(&store);
    assert_eq!(after.rows, before.rows + 1);
    // The content's 1,000 bytes, the ids and role, and 8 per number.
    assert!(after.logical_bytes - before.logical_bytes >= 1000 + 36 + 36, "{before:?} -> {after:?}");
    let in_thread = of(&store.storage().thread_usage(&thread.id).unwrap(), StorageCategory::Messages);
    assert_eq!(in_thread.rows, 2, "the thread and its message");
    let in_workspace = of(&store.storage().workspace_usage(&ws.id).unwrap(), StorageCategory::Messages);
    assert_eq!(in_workspace.logical_bytes, in_thread.logical_bytes, "the workspace holds only this thread");
    store
        .attachments()
        .add(&NewAttachment {
            message_id: message.id.clone(),
            filename: "a.png".into(),
            mime: "image/png".into(),
            size_bytes: 10,
            sha256: "a".repeat(64),
        })
        .unwrap();
    let thread_usage = store.storage().thread_usage(&thread.id).unwrap();
    assert_eq!(of(&thread_usage, StorageCategory::Attachments).rows, 1);
    // An edit that grows the content grows the count by as much.
    store.messages().edit(&message.id, &"y".repeat(1500)).unwrap();
    assert_eq!(messages_used(&store).logical_bytes, after.logical_bytes + 500);
    assert_counted_right(&store);
}

pub fn cascades_are_counted_out(store: Store) {
    let ws = workspace(&store, "Cascades").unwrap();
    let other = workspace(&store, "Other").unwrap();
    let kept = store.threads().create(&other.id, "Kept").unwrap();
    store.messages().append(&kept.id, MessageRole::User, "stays").unwrap();
    let kept_usage = store.storage().workspace_usage(&other.id).unwrap();
    let empty = messages_used(&store);
    let thread = store.threads().create(&ws.id, "Gone").unwrap();
    let first = store.messages().append(&thread.id, MessageRole::User, "first").unwrap();
    store.messages().append(&thread.id, MessageRole::Assistant, "second").unwrap();
    store
        .attachments()
        .add(&NewAttachment {
            message_id: first.id.clone(),
            filename: "a.txt".into(),
            mime: "text/plain".into(),
            size_bytes: 5,
            sha256: "b".repeat(64),
        })
        .unwrap();
    let with_thread = store.storage().workspace_usage(&ws.id).unwrap();
    assert!(of(&with_thread, StorageCategory::Attachments).rows == 1);
    // Purging a message cascades to its attachment, which still leaves its thread's count.
    store.messages().purge(&first.id).unwrap();
    let thread_usage = store.storage().thread_usage(&thread.id).unwrap();
    assert_eq!(of(&thread_usage, StorageCategory::Attachments).rows, 0);
    assert_eq!(of(&store.storage().workspace_usage(&ws.id).unwrap(), StorageCategory::Attachments).rows, 0);
    assert_counted_right(&store);
    // Purging the thread takes all of it off its workspace.
    store.threads().purge(&thread.id).unwrap();
    let workspace_usage = store.storage().workspace_usage(&ws.id).unwrap();
    assert_eq!(of(&workspace_usage, StorageCategory::Messages).rows, 0);
    assert_eq!(messages_used(&store).logical_bytes, empty.logical_bytes);
    assert_counted_right(&store);
    // Purging the workspace leaves the other's counts as they were.
    store.workspaces().purge(&ws.id).unwrap();
    let counts = |stats: &StorageStats| stats.categories.iter().map(|c| (c.rows, c.logical_bytes)).collect::<Vec<_>>();
    assert_eq!(counts(&store.storage().workspace_usage(&other.id).unwrap()), counts(&kept_usage));
    assert_counted_right(&store);
}

/// Sets the messages budget so that exactly `room` more estimated bytes fit.
fn leave_room(store: &Store, room: u64) -> CategoryUsage {
    let used = messages_used(store);
    let quota = Quota { messages_bytes: used.estimated_bytes + room, ..store.storage().quota().unwrap() };
    store.storage().set_quota(&quota).unwrap();
    used
}

pub fn a_budget_refuses_at_its_exact_edge(store: Store) {
    let ws = workspace(&store, "Edge").unwrap();
    let thread = store.threads().create(&ws.id, "T").unwrap();
    // The size of one message, measured by writing one just like it.
    let before = messages_used(&store);
    store.messages().append(&thread.id, MessageRole::User, "0123456789").unwrap();
    let after = messages_used(&store);
    let size = after.logical_bytes - before.logical_bytes;
    let needed = estimated(after.logical_bytes + size, after.overhead_permille) - after.estimated_bytes;
    leave_room(&store, needed - 1);
    let refused = store.messages().append(&thread.id, MessageRole::User, "abcdefghij").unwrap_err();
    let StoreError::QuotaExceeded { category, limit, used, needed: asked } = refused.clone() else {
        panic!("expected QuotaExceeded, got {refused:?}")
    };
    assert_eq!(category, "messages");
    assert_eq!(limit, after.estimated_bytes + needed - 1);
    assert_eq!(used, after.estimated_bytes);
    assert!(asked > 0 && asked <= needed, "needed {asked} of {needed}");
    let unchanged = messages_used(&store);
    assert_eq!(
        (unchanged.rows, unchanged.logical_bytes),
        (after.rows, after.logical_bytes),
        "a refused write changes nothing"
    );
    assert_eq!(store.messages().list(&thread.id, &page(10)).unwrap().len(), 1);
    leave_room(&store, needed);
    store.messages().append(&thread.id, MessageRole::User, "abcdefghij").unwrap();
    assert_eq!(messages_used(&store).estimated_bytes, after.estimated_bytes + needed);
}

pub fn the_total_quota_refuses_at_its_exact_edge(store: Store) {
    let ws = workspace(&store, "Total").unwrap();
    let thread = store.threads().create(&ws.id, "T").unwrap();
    let before = store.storage().stats().unwrap();
    store.messages().append(&thread.id, MessageRole::User, "0123456789").unwrap();
    let after = store.storage().stats().unwrap();
    let needed = after.estimated_bytes - before.estimated_bytes;
    let quota = store.storage().quota().unwrap();
    store.storage().set_quota(&Quota { total_bytes: after.estimated_bytes + needed - 1, ..quota }).unwrap();
    let refused = store.messages().append(&thread.id, MessageRole::User, "abcdefghij").unwrap_err();
    assert!(matches!(&refused, StoreError::QuotaExceeded { category, .. } if category == "total"), "{refused:?}");
    assert_eq!(refused.code(), "QuotaExceeded");
    store.storage().set_quota(&Quota { total_bytes: after.estimated_bytes + needed, ..quota }).unwrap();
    store.messages().append(&thread.id, MessageRole::User, "abcdefghij").unwrap();
}

pub fn deletes_never_meet_the_quota(store: Store) {
    let ws = workspace(&store, "Full").unwrap();
    let thread = store.threads().create(&ws.id, "T").unwrap();
    let message = store.messages().append(&thread.id, MessageRole::User, "full").unwrap();
    leave_room(&store, 0);
    assert!(matches!(
        store.messages().append(&thread.id, MessageRole::User, "more").unwrap_err(),
        StoreError::QuotaExceeded { .. }
    ));
    store.messages().delete(&message.id).unwrap();
    store.messages().restore(&message.id).unwrap();
    store.messages().purge(&message.id).unwrap();
    store.threads().purge(&thread.id).unwrap();
    store.workspaces().purge(&ws.id).unwrap();
    assert_counted_right(&store);
}

pub fn quota_below_usage_is_refused(store: Store) {
    let ws = workspace(&store, "Below").unwrap();
    let thread = store.threads().create(&ws.id, "T").unwrap();
    store.messages().append(&thread.id, MessageRole::User, "some text").unwrap();
    let stats = store.storage().stats().unwrap();
    let quota = store.storage().quota().unwrap();
    let low = Quota { messages_bytes: of(&stats, StorageCategory::Messages).estimated_bytes - 1, ..quota };
    assert_eq!(field_of(store.storage().set_quota(&low).unwrap_err()), "messages_bytes");
    let low = Quota { total_bytes: stats.estimated_bytes - 1, ..quota };
    assert_eq!(field_of(store.storage().set_quota(&low).unwrap_err()), "total_bytes");
    let huge = Quota { attachments_bytes: u64::MAX, ..quota };
    assert_eq!(field_of(store.storage().set_quota(&huge).unwrap_err()), "attachments_bytes");
    assert_eq!(store.storage().quota().unwrap(), quota, "a refused quota changes nothing");
}

pub fn can_store_answers_as_a_write_would(store: Store) {
    let storage = store.storage();
    assert!(storage.can_store(0, StorageCategory::Attachments).unwrap());
    assert!(storage.can_store(1_500_000_000, StorageCategory::Attachments).unwrap());
    assert!(!storage.can_store(1_500_000_001, StorageCategory::Attachments).unwrap());
    assert!(!storage.can_store(u64::MAX, StorageCategory::Metadata).unwrap());
    let used = leave_room(&store, 100);
    let permille = used.overhead_permille as u64;
    let fits = 100 * 1000 / (1000 + permille);
    assert!(storage.can_store(fits, StorageCategory::Messages).unwrap());
    assert!(!storage.can_store(fits + 2, StorageCategory::Messages).unwrap());
}

/// A batch of messages is counted once per batch (schema/seam.rs, BATCHED), in every thread
/// and workspace it touches, and refused whole past a budget.
pub fn a_batch_is_counted_per_scope_and_refused_whole(store: Store) {
    let (ws, other) = (workspace(&store, "Batch").unwrap(), workspace(&store, "Other").unwrap());
    let threads = [
        store.threads().create(&ws.id, "A").unwrap(),
        store.threads().create(&ws.id, "B").unwrap(),
        store.threads().create(&other.id, "C").unwrap(),
    ];
    let batch: Vec<NewMessage> = (0..9)
        .map(|i| NewMessage::new(&threads[i % 3].id, MessageRole::User, format!("message {i} of the batch")))
        .collect();
    store.messages().append_batch(&batch).unwrap();
    for thread in &threads {
        assert_eq!(of(&store.storage().thread_usage(&thread.id).unwrap(), StorageCategory::Messages).rows, 4);
    }
    assert_eq!(of(&store.storage().workspace_usage(&ws.id).unwrap(), StorageCategory::Messages).rows, 8);
    assert_eq!(of(&store.storage().workspace_usage(&other.id).unwrap(), StorageCategory::Messages).rows, 4);
    assert_counted_right(&store);

    let before = messages_used(&store);
    leave_room(&store, 1);
    let refused = store.messages().append_batch(&batch).unwrap_err();
    assert!(matches!(&refused, StoreError::QuotaExceeded { category, .. } if category == "messages"), "{refused:?}");
    let after = messages_used(&store);
    assert_eq!((after.rows, after.logical_bytes), (before.rows, before.logical_bytes), "nothing of the batch");
    assert_eq!(store.messages().list(&threads[0].id, &page(10)).unwrap().len(), 3);
    assert_counted_right(&store);
}
