"""Binding tests of the GDPR export: the archive through the binding, to a file and in memory,
with progress, cancel and typed errors. What the archive holds is tested in Rust
(core/tests/export.rs)."""

import io
import json
import zipfile

import pytest

from unified_store import (
    MessageRole,
    NewAttachmentFile,
    NewUser,
    NewWorkspace,
    ProgressListener,
    Store,
    StoreConfig,
    StoreError,
)


def populate(store):
    owner = store.users().create(NewUser(email="ada@example.com", display_name="Ada"))
    workspace = store.workspaces().create(NewWorkspace(name="W", owner_user_id=owner.id))
    thread = store.threads().create(workspace.id, "T")
    message = store.messages().append(thread.id, MessageRole.USER, "hello from Ada")
    file = NewAttachmentFile(message_id=message.id, filename="notes.txt", mime="text/plain")
    store.attachments().write(file, b"Ada's notes")
    return owner.id


def test_the_archive_arrives_on_disk_and_in_memory_with_progress(tmp_path):
    store = Store.open(StoreConfig(path=str(tmp_path / "store.db")))
    user = populate(store)
    reports = []

    class Recorder(ProgressListener):
        def on_progress(self, done, total):
            reports.append((done, total))
            return True

    target = tmp_path / "ada.zip"
    export = store.users().export_user_data(user, str(target), Recorder())
    assert export.path == str(target) and export.bytes == target.stat().st_size
    assert export.attachment_files == 1 and reports
    with zipfile.ZipFile(target) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        messages = json.loads(archive.read("tables/messages.json"))
        files = [name for name in archive.namelist() if name.startswith("attachments/")]
        assert archive.read(files[0]) == b"Ada's notes"
    assert manifest["format"] == "unified-store user export" and manifest["version"] == 1
    assert [row["content"] for row in messages] == ["hello from Ada"]
    in_memory = zipfile.ZipFile(io.BytesIO(store.users().export_user_data_bytes(user)))
    assert sorted(in_memory.namelist()) == sorted(zipfile.ZipFile(target).namelist())


def test_export_errors_are_typed_and_leave_no_archive(tmp_path):
    store = Store.open(StoreConfig(path=str(tmp_path / "store.db")))
    user = populate(store)
    existing = tmp_path / "exists.zip"
    existing.write_bytes(b"keep me")
    with pytest.raises(StoreError.InvalidInput) as refused:
        store.users().export_user_data(user, str(existing))
    assert refused.value.field == "path" and existing.read_bytes() == b"keep me"
    with pytest.raises(StoreError.NotFound):
        store.users().export_user_data("00000000-0000-7000-8000-000000000000", str(tmp_path / "a.zip"))

    class Cancel(ProgressListener):
        def on_progress(self, done, total):
            return False

    with pytest.raises(StoreError.Cancelled):
        store.users().export_user_data(user, str(tmp_path / "a.zip"), Cancel())
    assert not (tmp_path / "a.zip").exists() and not (tmp_path / "a.zip.part").exists()
