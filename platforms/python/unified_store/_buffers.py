"""Faster stand-ins for the byte-buffer helpers of UniFFI's generated Python, installed at import.

Every record, list, optional and string crosses the binding serialized in a Rust buffer. The
generated ``_UniffiRustBufferBuilder`` writes each field straight into the Rust buffer: a
context manager, a ``struct.pack``, a bounds check against the capacity, and a ``ctypes.memmove``
per integer or string, each a few microseconds; its ``_UniffiRustBufferStream`` reads each field
by slicing the ctypes pointer. For ``append_batch`` of 1,000 messages that was most of the
Python call (docs/benchmarks.md, P7). These write into a ``bytearray`` and copy it into one
Rust buffer of the right size at the end, and read from one copy of the Rust buffer's bytes
with precompiled ``struct`` layouts: the same bytes in the same format, the same errors.

The generated modules are not edited: ``install`` replaces the two classes in each module's
namespace, where the generated code looks them up at each call. It fails at import, not
silently, if the generated helpers change shape (``platforms/python/tests`` cross every kind of
value through them).
"""

import ctypes
import struct

# Big-endian, as UniFFI's buffers are; `size_t` in native order, as the generated code writes it.
_LAYOUTS = {
    "i8": ">b",
    "u8": ">B",
    "i16": ">h",
    "u16": ">H",
    "i32": ">i",
    "u32": ">I",
    "i64": ">q",
    "u64": ">Q",
    "float": ">f",
    "double": ">d",
}
_BUILDER_METHODS = {"write", "finalize", "discard", "write_c_size_t", *(f"write_{name}" for name in _LAYOUTS)}
_STREAM_METHODS = {"from_rust_buffer", "remaining", "read", *(f"read_{name}" for name in _LAYOUTS)}


# The generated classes replaced, by module name (scripts/measure-batch-python compares).
GENERATED = {}


def install(*modules):
    """Replaces the buffer builder and stream of each generated module."""
    for module in modules:
        for name, methods in (("_UniffiRustBufferBuilder", _BUILDER_METHODS), ("_UniffiRustBufferStream", _STREAM_METHODS)):
            generated = getattr(module, name, None)
            if generated is None or not all(hasattr(generated, method) for method in methods):
                raise ImportError(f"unified_store: {module.__name__}.{name} changed shape; update _buffers.py")
        GENERATED[module.__name__] = (module._UniffiRustBufferBuilder, module._UniffiRustBufferStream)
        module._UniffiRustBufferBuilder = _builder(module._UniffiRustBuffer)
        module._UniffiRustBufferStream = _stream(module.InternalError)


def _builder(rust_buffer):
    class Builder:
        """Collects the bytes in Python; one Rust buffer is allocated and filled at the end."""

        __slots__ = ("_bytes",)

        def __init__(self):
            self._bytes = bytearray()

        def write(self, value):
            self._bytes += value

        def write_c_size_t(self, value):
            self._bytes += struct.pack("@N", value)

        def finalize(self):
            data, self._bytes = self._bytes, bytearray()
            size = len(data)
            rbuf = rust_buffer.alloc(size)
            if size:
                ctypes.memmove(rbuf.data, (ctypes.c_char * size).from_buffer(data), size)
            rbuf.len = size
            return rbuf

        def discard(self):
            self._bytes = bytearray()

    for name, layout in _LAYOUTS.items():
        setattr(Builder, f"write_{name}", _writer(struct.Struct(layout)))
    return Builder


def _writer(layout):
    pack = layout.pack

    def write(self, value):
        self._bytes += pack(value)

    return write


def _stream(internal_error):
    class Stream:
        """Reads fields from one copy of a Rust buffer's bytes."""

        __slots__ = ("data", "len", "offset")

        def __init__(self, data, len):
            self.data = ctypes.string_at(data, len) if len else b""
            self.len = len
            self.offset = 0

        @classmethod
        def from_rust_buffer(cls, buf):
            return cls(buf.data, buf.len)

        def remaining(self):
            return self.len - self.offset

        def read(self, size):
            start, end = self.offset, self.offset + size
            if end > self.len:
                raise internal_error("read past end of rust buffer")
            self.offset = end
            return self.data[start:end]

    for name, layout in _LAYOUTS.items():
        setattr(Stream, f"read_{name}", _reader(struct.Struct(layout), internal_error))
    return Stream


def _reader(layout, internal_error):
    size, unpack = layout.size, layout.unpack_from

    def read(self):
        offset = self.offset
        if offset + size > self.len:
            raise internal_error("read past end of rust buffer")
        self.offset = offset + size
        return unpack(self.data, offset)[0]

    return read
