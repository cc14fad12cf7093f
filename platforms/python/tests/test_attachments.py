"""Binding tests of attachment bytes: streamed in through a writer and out through a reader,
whole through write/read, and their errors typed. What the store does with the files is
tested in Rust (core/tests/attachments.rs)."""

import hashlib
import os

import pytest

from unified_store import (
    AttachmentBytes,
    MessageRole,
    NewAttachmentFile,
    NewUser,
    NewWorkspace,
    Store,
    StoreConfig,
    StorageCategory,
    StoreError,
)


def open_with_message(path=None):
    store = Store.open(StoreConfig(path=path)) if path else Store.open_in_memory()
    owner = store.users().create(NewUser(email="a@example.com", display_name="A"))
    workspace = store.workspaces().create(NewWorkspace(name="W", owner_user_id=owner.id))
    thread = store.threads().create(workspace.id, "T")
    message = store.messages().append(thread.id, MessageRole.USER, "see attached")
    return store, NewAttachmentFile(message_id=message.id, filename="photo.jpg", mime="image/jpeg")


def test_bytes_stream_in_and_out_of_a_file_store(tmp_path):
    store, file = open_with_message(str(tmp_path / "store.db"))
    data = os.urandom(300_000)
    writer = store.attachments().writer(file)
    for start in range(0, len(data), 65_536):
        writer.write(data[start : start + 65_536])
    stored = writer.finish()
    assert stored.size_bytes == len(data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert stored.bytes == AttachmentBytes.LOCAL
    with pytest.raises(StoreError.InvalidInput) as spent:
        writer.finish()
    assert spent.value.field == "writer"

    reader = store.attachments().reader(stored.id)
    assert reader.attachment().id == stored.id
    chunks = []
    while chunk := reader.read(50_000):
        chunks.append(chunk)
    assert b"".join(chunks) == data
    assert store.attachments().read(stored.id) == data
    assert (tmp_path / "store.db-blobs").is_dir()


def test_whole_bytes_and_typed_errors():
    store, file = open_with_message()
    stored = store.attachments().write(file, b"hello")
    assert store.attachments().read(stored.id) == b"hello"
    with pytest.raises(StoreError.InvalidInput) as bad:
        store.attachments().write(NewAttachmentFile(message_id=file.message_id, filename="a/b", mime="text/plain"), b"x")
    assert bad.value.field == "filename"
    with pytest.raises(StoreError.NotFound):
        store.attachments().read("00000000-0000-7000-8000-000000000000")
    quota = store.storage().quota()
    used = next(c for c in store.storage().stats().categories if c.category == StorageCategory.ATTACHMENTS)
    quota.attachments_bytes = used.estimated_bytes + 10
    store.storage().set_quota(quota)
    with pytest.raises(StoreError.QuotaExceeded) as over:
        store.attachments().write(file, b"x" * 100)
    assert over.value.category == "attachments"
