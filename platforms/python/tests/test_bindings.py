"""Binding tests: the records, enums, objects and errors cross between Python and Rust.
The store's behaviour itself is tested in Rust (core/tests); here each call is real, against
the native library and a real file, but only to see that types and errors arrive intact."""

import pytest

from unified_store import (
    MessageRole,
    PageRequest,
    QuerySyntax,
    SearchQuery,
    Store,
    StoreConfig,
    StoreError,
)

# Well-formed (ids are checked to be UUIDs first) but never created.
MISSING_ID = "00000000-0000-7000-8000-000000000000"


def open_store(path):
    return Store.open(StoreConfig(path=str(path), busy_timeout_ms=5000))


def test_write_search_close_reopen_read_back(tmp_path):
    path = tmp_path / "store.db"
    store = open_store(path)
    workspace = store.workspaces().create("Research")
    thread = store.threads().create(workspace.id, "Rust FFI")
    first = store.messages().append(thread.id, MessageRole.USER, "How do I bind Rust to Python?")
    second = store.messages().append(thread.id, MessageRole.ASSISTANT, "UniFFI generates the bindings.")

    assert workspace.name == "Research"
    assert thread.workspace_id == workspace.id
    assert first.role == MessageRole.USER and first.thread_id == thread.id
    assert isinstance(first.created_at, int)

    hits = store.messages().search(SearchQuery(text="python", syntax=QuerySyntax.PLAIN))
    assert [hit.message.id for hit in hits] == [first.id]
    assert hits[0].workspace_id == workspace.id
    assert "[Python]" in hits[0].snippet
    assert isinstance(hits[0].score, float)

    newest_first = store.messages().list(thread.id, PageRequest(limit=10))
    assert [m.id for m in newest_first] == [second.id, first.id]
    # `after` crosses as an optional string: the next page starts past it.
    rest = store.messages().list(thread.id, PageRequest(limit=10, after=second.id))
    assert [m.id for m in rest] == [first.id]

    store.close()
    assert path.exists()

    reopened = open_store(path)
    assert reopened.threads().get(thread.id) == thread
    assert [m.content for m in reopened.messages().list(thread.id, PageRequest())] == [
        second.content,
        first.content,
    ]
    assert reopened.messages().get(second.id).role == MessageRole.ASSISTANT
    reopened.close()


def test_not_found_carries_entity_and_id(tmp_path):
    store = open_store(tmp_path / "store.db")
    with pytest.raises(StoreError.NotFound) as caught:
        store.threads().get(MISSING_ID)
    assert caught.value.entity == "thread"
    assert caught.value.id == MISSING_ID
    # Every variant is also the one base class callers can catch.
    assert isinstance(caught.value, StoreError)


def test_invalid_input_names_the_field(tmp_path):
    store = open_store(tmp_path / "store.db")
    with pytest.raises(StoreError.InvalidInput) as caught:
        store.messages().search(SearchQuery(text="!!!", syntax=QuerySyntax.PLAIN))
    assert caught.value.field == "query"
    with pytest.raises(StoreError.InvalidInput) as caught:
        store.workspaces().create("")
    assert caught.value.field == "name"


def test_calls_after_close_are_storage_errors(tmp_path):
    store = open_store(tmp_path / "store.db")
    workspaces = store.workspaces()
    store.close()
    with pytest.raises(StoreError.Storage) as caught:
        workspaces.create("Too late")
    assert caught.value.reason


def test_in_memory_store_needs_no_path():
    store = Store.open_in_memory()
    assert store.schema_version() >= 1
    assert store.workspaces().list(PageRequest()) == []


def test_newer_store_file_is_refused_with_versions(tmp_path):
    import sqlite3

    path = tmp_path / "store.db"
    store = open_store(path)
    supported = store.schema_version()
    store.close()
    with sqlite3.connect(path) as conn:  # as a newer build of the app would leave it
        conn.execute(f"PRAGMA user_version = {supported + 1}")
    with pytest.raises(StoreError.IncompatibleVersion) as caught:
        open_store(path)
    assert (caught.value.found, caught.value.supported) == (supported + 1, supported)
