"""The buffer helpers that replace UniFFI's generated ones (unified_store/_buffers.py): every
primitive is written in the wire format UniFFI's Rust side reads (big-endian, strings as a
length and UTF-8) and read back, a short buffer is an error, and a batch of messages crosses
to Rust and back intact through them."""

import struct

import pytest

from unified_store import MessageRole, NewMessage, NewUser, NewWorkspace, Store
from unified_store import unified_store as records
from unified_store import unified_store_ffi as objects

PRIMITIVES = [
    ("i8", ">b", [-128, 0, 127]),
    ("u8", ">B", [0, 255]),
    ("i16", ">h", [-(2**15), 2**15 - 1]),
    ("u16", ">H", [0, 2**16 - 1]),
    ("i32", ">i", [-(2**31), -1, 2**31 - 1]),
    ("u32", ">I", [0, 2**32 - 1]),
    ("i64", ">q", [-(2**63), 2**63 - 1]),
    ("u64", ">Q", [0, 2**64 - 1]),
    ("float", ">f", [-1.5, 0.0, 3.25]),
    ("double", ">d", [-1e300, 0.1, float("inf")]),
]


@pytest.mark.parametrize("module", [records, objects], ids=["records", "objects"])
def test_installed_in_both_generated_modules(module):
    assert module._UniffiRustBufferBuilder.__module__ == "unified_store._buffers"
    assert module._UniffiRustBufferStream.__module__ == "unified_store._buffers"


@pytest.mark.parametrize("name,layout,values", PRIMITIVES, ids=[p[0] for p in PRIMITIVES])
def test_primitives_in_the_wire_format_and_back(name, layout, values):
    builder = records._UniffiRustBufferBuilder()
    for value in values:
        getattr(builder, f"write_{name}")(value)
    builder.write(b"tail")
    rbuf = builder.finalize()
    expected = b"".join(struct.pack(layout, v) for v in values) + b"tail"
    assert (rbuf.len, rbuf.data[0 : rbuf.len]) == (len(expected), expected)
    with rbuf.consume_with_stream() as stream:  # frees the Rust buffer
        assert [getattr(stream, f"read_{name}")() for _ in values] == values
        assert stream.read(4) == b"tail"


def test_strings_empty_and_unicode_round_trip_through_rust_buffers():
    strings = records._UniffiFfiConverterString
    for text in ["", "a", "東京 🚀 ไทย", "x" * 70_000]:
        assert strings.lift(strings.lower(text)) == text


def test_reading_past_the_end_is_an_internal_error():
    rbuf = records._UniffiFfiConverterString.lower("abc")
    stream = records._UniffiRustBufferStream.from_rust_buffer(rbuf)
    assert stream.read(3) == b"abc"
    with pytest.raises(records.InternalError):
        stream.read_u8()
    with pytest.raises(records.InternalError):
        stream.read(1)
    rbuf.free()


def test_a_batch_crosses_to_rust_and_back_intact():
    store = Store.open_in_memory()
    ada = store.users().create(NewUser(email="ada@example.com", display_name="Ada"))
    workspace = store.workspaces().create(NewWorkspace(name="Buffers", owner_user_id=ada.id))
    thread = store.threads().create(workspace.id, "Batch")
    batch = [
        NewMessage(thread_id=thread.id, role=MessageRole.ASSISTANT, content=f"message {i} ✓", provider="p", prompt_tokens=i)
        for i in range(500)
    ]
    appended = store.messages().append_batch(batch)
    assert [(m.content, m.role, m.provider, m.prompt_tokens, m.model) for m in appended] == [
        (n.content, n.role, n.provider, n.prompt_tokens, None) for n in batch
    ]
    # Lowering the answer and lifting it again gives equal records.
    sequence = objects._UniffiFfiConverterSequenceTypeMessage
    assert sequence.lift(sequence.lower(appended)) == appended
    store.close()
