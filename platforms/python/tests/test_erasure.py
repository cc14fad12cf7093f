"""Binding tests of GDPR erasure: the report through the binding, the marker gone from every
file of the store, and typed errors. What erasure removes and keeps is tested in Rust
(core/tests/erasure.rs)."""

import pathlib

import pytest

from unified_store import MessageRole, NewAttachmentFile, NewUser, NewWorkspace, Store, StoreConfig, StoreError

MARKER = "PYERASEMARKER"


def files_holding(folder, needle):
    return [str(p) for p in pathlib.Path(folder).rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_erasure_reports_what_went_and_leaves_no_trace_in_the_files(tmp_path):
    store = Store.open(StoreConfig(path=str(tmp_path / "store.db")))
    ada = store.users().create(NewUser(email="ada@example.com", display_name=f"Ada {MARKER}"))
    bob = store.users().create(NewUser(email="bob@example.com", display_name="Bob"))
    workspace = store.workspaces().create(NewWorkspace(name=f"W {MARKER}", owner_user_id=ada.id))
    thread = store.threads().create(workspace.id, f"T {MARKER}")
    message = store.messages().append(thread.id, MessageRole.USER, f"hello {MARKER}")
    file = NewAttachmentFile(message_id=message.id, filename=f"{MARKER}.txt", mime="text/plain")
    store.attachments().write(file, f"notes {MARKER}".encode() * 100)
    assert files_holding(tmp_path, MARKER.encode())

    erasure = store.users().erase_user_data(ada.id)
    removed = {t.table: t.rows for t in erasure.tables}
    assert removed["users"] == 1 and removed["messages"] == 1 and removed["attachments"] == 1
    assert erasure.attachment_files_removed == 1 and erasure.wal_truncated
    assert erasure.pseudonym_user_id is None, "no plans, no pseudonym"
    assert files_holding(tmp_path, MARKER.encode()) == []
    assert store.users().get(bob.id).display_name == "Bob"
    assert store.audit().verify().intact


def test_erasing_nobody_or_someone_else_is_a_typed_error_that_changes_nothing(tmp_path):
    store = Store.open(StoreConfig(path=str(tmp_path / "store.db")))
    ada = store.users().create(NewUser(email="ada@example.com", display_name="Ada"))
    bob = store.users().create(NewUser(email="bob@example.com", display_name="Bob"))
    with pytest.raises(StoreError.InvalidInput):
        store.users().erase_user_data("not-an-id")
    with pytest.raises(StoreError.NotFound):
        store.users().erase_user_data("0193a0a0-0000-7000-8000-000000000000")
    with pytest.raises(StoreError.PermissionDenied):
        store.acting_as(bob.id).users().erase_user_data(ada.id)
    assert store.users().get(ada.id).display_name == "Ada"
