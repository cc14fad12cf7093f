"""Vectors to and from the bytes they cross the binding as (hand-written; scripts/bindings
regenerates only the two modules beside it).

A ``Vector`` (``NewEmbedding.vector``, ``VectorQuery.vector``, ``Embedding.vector``) is
``bytes``: its values as little-endian 32-bit floats, one copy through UniFFI instead of a
list lowered element by element. These two helpers convert in C (``array``), whatever the
host's byte order; numpy is not needed (``numpy.frombuffer(b, "<f4")`` reads the same bytes).
"""

import array
import sys

__all__ = ["from_vector_bytes", "to_vector_bytes"]

_BIG_ENDIAN = sys.byteorder == "big"


def to_vector_bytes(values):
    """The bytes of a ``Vector`` holding ``values``: a list or tuple of numbers, an
    ``array.array('f')`` or ``('d')``, or any one-dimensional buffer of floats (a numpy
    ``float32`` or ``float64`` array). Numbers beyond the 32-bit range become infinities,
    which the store refuses; ``bytes`` are refused here (``TypeError``): they would be a
    vector already."""
    if isinstance(values, (bytes, bytearray)):
        raise TypeError("to_vector_bytes takes numbers or a buffer of floats; bytes are a vector already")
    try:
        view = memoryview(values)
    except TypeError:
        floats = array.array("f", values)  # a list, tuple or any iterable of numbers
    else:
        floats = _from_buffer(view)
    if _BIG_ENDIAN:
        floats.byteswap()
    return floats.tobytes()


def _from_buffer(view):
    """A buffer of floats as an ``array('f')`` in the host's byte order."""
    if view.ndim != 1:
        raise TypeError(f"to_vector_bytes takes a one-dimensional buffer, not one of {view.ndim} dimensions")
    order, kind = (view.format[0], view.format[1:]) if view.format[:1] in "@=<>!" else ("@", view.format)
    if kind not in ("f", "d"):
        raise TypeError(f"to_vector_bytes takes a buffer of floats, not of format {view.format!r}")
    swapped = order in ">!" if not _BIG_ENDIAN else order == "<"
    if kind == "f":
        floats = array.array("f")
        floats.frombytes(view.tobytes())
        if swapped:
            floats.byteswap()
        return floats
    doubles = array.array("d")
    doubles.frombytes(view.tobytes())
    if swapped:
        doubles.byteswap()
    return array.array("f", doubles)


def from_vector_bytes(data):
    """The values of a ``Vector``'s bytes (``Embedding.vector``) as an ``array.array('f')``:
    a sequence of floats (``list(...)`` or ``.tolist()`` for a list) and a buffer
    (``numpy.frombuffer(result, "f4")``). ``ValueError`` for bytes that are not whole floats."""
    floats = array.array("f")
    try:
        floats.frombytes(data)
    except ValueError:
        raise ValueError(f"a vector's bytes come in fours (32-bit floats); these are {len(memoryview(data).cast('B'))}") from None
    if _BIG_ENDIAN:
        floats.byteswap()
    return floats
