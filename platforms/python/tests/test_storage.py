"""Binding tests of storage accounting and the quota: records, the category enum, the u64
byte counts and the new ``QuotaExceeded`` error cross intact. What is counted is tested in
Rust (tests/behaviour/storage.rs)."""

import pytest

from unified_store import (
    MaintenancePolicy,
    MessageRole,
    ProgressListener,
    NewUser,
    NewWorkspace,
    Quota,
    StorageCategory,
    Store,
    StoreError,
)


def messages(stats):
    return next(c for c in stats.categories if c.category == StorageCategory.MESSAGES)


def test_stats_quota_and_quota_exceeded_cross_the_binding():
    store = Store.open_in_memory()
    storage = store.storage()
    owner = store.users().create(NewUser(email="q@example.com", display_name="Q"))
    workspace = store.workspaces().create(NewWorkspace(name="W", owner_user_id=owner.id))
    thread = store.threads().create(workspace.id, "T")
    assert storage.quota().total_bytes == 10_000_000_000
    store.messages().append(thread.id, MessageRole.USER, "x" * 1000)
    stats = storage.stats()
    assert [c.category for c in stats.categories] == [
        StorageCategory.MESSAGES,
        StorageCategory.EMBEDDINGS,
        StorageCategory.ATTACHMENTS,
        StorageCategory.METADATA,
    ]
    assert messages(stats).logical_bytes >= 1000
    assert messages(storage.thread_usage(thread.id)).rows == 2
    assert messages(storage.workspace_usage(workspace.id)).rows == 2

    quota = storage.quota()
    quota.messages_bytes = messages(stats).estimated_bytes
    storage.set_quota(quota)
    with pytest.raises(StoreError.QuotaExceeded) as refused:
        store.messages().append(thread.id, MessageRole.USER, "one more")
    assert refused.value.category == "messages"
    assert refused.value.limit == messages(stats).estimated_bytes
    assert refused.value.needed > 0
    assert storage.can_store(0, StorageCategory.MESSAGES)
    assert not storage.can_store(1, StorageCategory.MESSAGES)
    assert storage.can_store(2**64 - 1, StorageCategory.MESSAGES) is False
    recounted = storage.recount()
    assert messages(recounted).logical_bytes == messages(stats).logical_bytes


def test_bad_quota_and_ids_are_typed_errors():
    store = Store.open_in_memory()
    storage = store.storage()
    quota = storage.quota()
    quota.total_bytes = 2**64 - 1
    with pytest.raises(StoreError.InvalidInput) as too_big:
        storage.set_quota(quota)
    assert too_big.value.field == "total_bytes"
    with pytest.raises(StoreError.InvalidInput) as bad_id:
        storage.thread_usage("not-a-uuid")
    assert bad_id.value.field == "thread_id"
    with pytest.raises(StoreError.NotFound):
        storage.workspace_usage("00000000-0000-7000-8000-000000000000")
    with pytest.raises(ValueError):  # the generated binding refuses a negative u64
        storage.can_store(-1, StorageCategory.METADATA)
    assert storage.quota() == Quota(
        total_bytes=10_000_000_000,
        messages_bytes=6_000_000_000,
        embeddings_bytes=2_000_000_000,
        attachments_bytes=1_500_000_000,
        metadata_bytes=500_000_000,
    )


def test_maintenance_reports_steps_progress_and_cancels():
    store = Store.open_in_memory()
    owner = store.users().create(NewUser(email="m@example.com", display_name="M"))
    workspace = store.workspaces().create(NewWorkspace(name="W", owner_user_id=owner.id))
    store.threads().create(workspace.id, "T")
    reports = []

    class Recorder(ProgressListener):
        def on_progress(self, done, total):
            reports.append((done, total))
            return True

    class Cancel(ProgressListener):
        def on_progress(self, done, total):
            return False

    report = store.storage().maintain(MaintenancePolicy(), Recorder())
    assert report.ran
    assert [step.step for step in report.steps] == ["archive", "evict", "vectors", "reclaim"]
    assert report.steps[0].items == 0  # a thread made now is not quiet
    assert reports and reports[-1][0] == reports[-1][1]
    with pytest.raises(StoreError.Cancelled):
        store.storage().maintain(MaintenancePolicy(), Cancel())
    assert store.storage().maintenance_due(MaintenancePolicy()) is False
    assert store.storage().maintain(MaintenancePolicy(reclaim_space=False)).steps[-1].step == "vectors"
