"""Binding tests of semantic search: vectors cross as little-endian f32 bytes and back through
``to_vector_bytes``/``from_vector_bytes``, records and errors arrive intact. What the search
does is tested in Rust (tests/behaviour/vectors.rs)."""

import array
import struct

import pytest

from unified_store import (
    Embedding,
    HybridQuery,
    IndexSettings,
    MessageRole,
    NewEmbedding,
    NewUser,
    NewWorkspace,
    OwnerKind,
    PageRequest,
    ProgressListener,
    Store,
    StoreError,
    VectorFilter,
    VectorPrecision,
    VectorQuery,
    from_vector_bytes,
    to_vector_bytes,
)

MODEL = "test-model"
MISSING_ID = "00000000-0000-7000-8000-000000000000"


@pytest.fixture
def world():
    store = Store.open_in_memory()
    owner = store.users().create(NewUser(email="ada@example.com", display_name="Ada"))
    workspace = store.workspaces().create(NewWorkspace(name="W", owner_user_id=owner.id))
    thread = store.threads().create(workspace.id, "T")
    tram = store.messages().append(thread.id, MessageRole.USER, "the tram to Belém")
    boat = store.messages().append(thread.id, MessageRole.USER, "the ferry to Cacilhas")
    yield store, workspace, thread, tram, boat
    store.close()


def new(owner, values, **fields):
    base = dict(owner_kind=OwnerKind.MESSAGE, owner_id=owner.id, collection="messages", model=MODEL, vector=to_vector_bytes(values))
    return NewEmbedding(**(base | fields))


def query(values, k=2, **fields):
    return VectorQuery(collection="messages", model=MODEL, vector=to_vector_bytes(values), k=k, **fields)


def test_the_helpers_are_little_endian_and_take_lists_arrays_and_buffers():
    assert to_vector_bytes([1.0, -2.5]) == struct.pack("<2f", 1.0, -2.5)
    assert to_vector_bytes((1, -2.5)) == to_vector_bytes(array.array("f", [1, -2.5]))
    assert to_vector_bytes(array.array("d", [1, -2.5])) == to_vector_bytes([1, -2.5])
    assert to_vector_bytes(memoryview(array.array("f", [1, -2.5]))) == to_vector_bytes([1, -2.5])
    assert list(from_vector_bytes(struct.pack("<3f", 0.5, -1, 3))) == [0.5, -1.0, 3.0]
    assert from_vector_bytes(b"") == array.array("f")
    with pytest.raises(ValueError):
        from_vector_bytes(b"\0\0\0\0\0")
    with pytest.raises(TypeError):
        to_vector_bytes(b"\0\0\0\0")
    with pytest.raises(TypeError):
        to_vector_bytes(["x"])


def test_upsert_search_hybrid_scroll_configure_missing_and_delete(world):
    store, workspace, thread, tram, boat = world
    embeddings = store.embeddings()

    stored = embeddings.upsert(new(tram, [1, 0, 0]))
    assert isinstance(stored, Embedding) and isinstance(stored.vector, bytes)
    assert list(from_vector_bytes(stored.vector)) == [1, 0, 0]
    assert (stored.dimensions, stored.owner_kind, stored.thread_id, stored.project_id) == (3, OwnerKind.MESSAGE, thread.id, None)
    assert embeddings.get(OwnerKind.MESSAGE, tram.id, "messages", MODEL) == stored
    assert embeddings.upsert_batch([new(boat, [0, 1, 0])]) == 1

    hits = embeddings.search(query([0.9, 0.1, 0]))
    assert [hit.owner_id for hit in hits] == [tram.id, boat.id]
    assert hits[0].score > hits[1].score and isinstance(hits[0].score, float)
    assert hits[0].workspace_id == workspace.id
    filtered = embeddings.search(query([0.9, 0.1, 0], filter=VectorFilter(thread_id=thread.id), min_score=0.5))
    assert [hit.owner_id for hit in filtered] == [tram.id]

    hybrid = embeddings.hybrid_search(HybridQuery(text="ferry", vector=query([0.9, 0.1, 0])))
    by_owner = {hit.owner_id: hit for hit in hybrid}
    assert set(by_owner) == {tram.id, boat.id}
    assert by_owner[boat.id].text_rank == 1 and by_owner[tram.id].vector_rank == 1
    assert by_owner[tram.id].text_rank is None

    page = embeddings.scroll("messages", MODEL, PageRequest(limit=1))
    assert [e.owner_id for e in page] == [tram.id]
    rest = embeddings.scroll("messages", MODEL, PageRequest(limit=10, after=page[-1].id))
    assert [list(from_vector_bytes(e.vector)) for e in rest] == [[0, 1, 0]]

    info = embeddings.info("messages", MODEL)
    assert (info.dimensions, info.count, info.settings.precision) == (3, 2, VectorPrecision.F32)
    assert [(c.collection, c.model) for c in embeddings.collections()] == [("messages", MODEL)]
    int8 = embeddings.configure("messages", MODEL, IndexSettings(precision=VectorPrecision.INT8, memory_budget_bytes=None))
    assert int8.settings.precision == VectorPrecision.INT8
    assert embeddings.search(query([0.9, 0.1, 0], k=1))[0].owner_id == tram.id

    reports = []

    class Recorder(ProgressListener):
        def on_progress(self, done, total):
            reports.append((done, total))
            return True

    optimized = embeddings.optimize("messages", MODEL, Recorder())
    assert optimized.count == 2 and optimized.settings.precision == VectorPrecision.INT8
    assert embeddings.optimize("messages", MODEL).count == 2, "progress is optional"

    assert embeddings.missing("messages", MODEL, OwnerKind.MESSAGE, PageRequest()) == []
    store.messages().edit(boat.id, "the ferry to Seixal")
    stale = embeddings.missing("messages", MODEL, OwnerKind.MESSAGE, PageRequest())
    assert [(m.owner_id, m.stale, m.workspace_id) for m in stale] == [(boat.id, True, workspace.id)]

    assert embeddings.delete_owner(OwnerKind.MESSAGE, tram.id) == 1
    assert [hit.owner_id for hit in embeddings.search(query([1, 0, 0]))] == [boat.id]


@pytest.mark.parametrize(
    "vector",
    [
        to_vector_bytes([1, float("nan"), 0]),
        to_vector_bytes([1, float("inf"), 0]),
        to_vector_bytes([0, 0, 0]),
        to_vector_bytes([1, 0]),  # the collection's are 3
        b"\0\0\x80?\0",  # not whole floats
        b"",
    ],
    ids=["nan", "inf", "zero", "wrong-dimensions", "odd-byte-length", "empty"],
)
def test_a_bad_vector_is_invalid_input_naming_the_vector(world, vector):
    store, _, _, tram, _ = world
    embeddings = store.embeddings()
    embeddings.upsert(new(tram, [1, 0, 0]))
    for call in (
        lambda: embeddings.upsert(NewEmbedding(owner_kind=OwnerKind.MESSAGE, owner_id=tram.id, collection="messages", model=MODEL, vector=vector)),
        lambda: embeddings.upsert_batch([NewEmbedding(owner_kind=OwnerKind.MESSAGE, owner_id=tram.id, collection="messages", model=MODEL, vector=vector)]),
        lambda: embeddings.search(VectorQuery(collection="messages", model=MODEL, vector=vector, k=1)),
    ):
        with pytest.raises(StoreError.InvalidInput) as caught:
            call()
        assert caught.value.field == "vector", repr(caught.value)
    assert list(from_vector_bytes(embeddings.get(OwnerKind.MESSAGE, tram.id, "messages", MODEL).vector)) == [1, 0, 0]


def test_unknown_collections_and_owners_are_not_found(world):
    store, _, _, tram, _ = world
    embeddings = store.embeddings()
    with pytest.raises(StoreError.NotFound) as caught:
        embeddings.info("nothing", MODEL)
    assert caught.value.entity == "collection"
    with pytest.raises(StoreError.NotFound) as caught:
        embeddings.search(VectorQuery(collection="nothing", model=MODEL, vector=to_vector_bytes([1.0]), k=1))
    assert caught.value.entity == "collection"
    with pytest.raises(StoreError.NotFound) as caught:
        embeddings.upsert(new(tram, [1.0], collection="documents", owner_kind=OwnerKind.DOCUMENT))
    assert caught.value.entity == "document"
    with pytest.raises(StoreError.InvalidInput) as caught:
        embeddings.search(VectorQuery(collection="messages", model=MODEL, vector=to_vector_bytes([1.0]), k=0))
    assert caught.value.field == "k"


def test_a_float_buffer_where_bytes_are_expected_is_a_type_error(world):
    """The generated code would write its item count as its byte length."""
    store, _, _, tram, _ = world
    with pytest.raises(TypeError):
        store.embeddings().upsert(new(tram, [1, 0], vector=array.array("f", [1, 0])))
    assert store.embeddings().collections() == []
