"""The argument checks UniFFI's generated Python leaves loose, made strict at import.

Before a call lowers anything or reaches Rust, the generated code runs each argument's
``check_lower``. Its own checks raise ``TypeError`` for a non-``str`` text and a non-integer
number and ``ValueError`` for an integer outside the Rust type, but:

- a record argument of the wrong class (a ``dict``, ``None``, another record), or an enum
  with data (``StoreKey``) given anything but one of its variants, fails later with
  ``AttributeError``; an enum argument that is not a member of that enum with a bare
  ``ValueError``; a ``str`` where a list is expected passes as a list of characters; any
  object passes as a ``bool`` by its truth value (``"false"`` is ``True``);
- a buffer of wider items where bytes are expected (an ``array('f')`` or a numpy array for
  a ``Vector``) passes, then is written with its item count as its byte length, so Rust
  reads a corrupt buffer;
- a ``str`` holding a lone surrogate (``"\\ud800"``, as ``json.loads`` or ``surrogateescape``
  produce) passes, then fails with ``UnicodeEncodeError`` while the arguments are lowered:
  after earlier arguments were copied into Rust buffers and the handle was cloned, which
  are then never freed (1 MiB leaked per call with a 1 MiB first argument, measured).

``install`` wraps those ``check_lower`` functions so that a value of the wrong type is a
``TypeError`` naming the type expected, and a lone surrogate is the same
``UnicodeEncodeError`` (a ``ValueError``) raised before anything is lowered. A value of the
right type is passed on unchanged: whatever the store refuses is a ``StoreError``.
The generated files are not edited; this depends on uniffi's converter names, so it fails
at import, not silently, if they change (``platforms/python/tests/test_hostile.py`` checks
the effect).
"""

import dataclasses
import enum

_CONVERTER = "_UniffiFfiConverterType"


def install(records, objects):
    """Makes the argument checks of the two generated modules strict: ``records`` (records,
    enums and their converters) and ``objects`` (``Store`` and its handles)."""
    wrapped = 0
    for name, converter in list(vars(records).items()):
        if not name.startswith(_CONVERTER):
            continue
        kind = getattr(records, name[len(_CONVERTER) :], None)
        # Records are dataclasses, enums enum.Enum, enums with data (StoreKey) plain classes
        # whose variants subclass them; the error type is an exception (it is only lifted
        # from Rust, never lowered).
        if isinstance(kind, type) and (
            dataclasses.is_dataclass(kind) or issubclass(kind, enum.Enum) or _has_variants(kind)
        ):
            _require(converter, kind.__name__, lambda value, kind=kind: isinstance(value, kind))
            wrapped += 1
    # Each generated module has its own copy of the built-in converters.
    for module in (records, objects):
        for name, converter in list(vars(module).items()):
            if name.startswith("_UniffiFfiConverterSequence"):
                _require(converter, "list", lambda value: isinstance(value, (list, tuple)))
        _require(module._UniffiFfiConverterBoolean, "bool", lambda value: isinstance(value, bool), replace=True)
        if hasattr(module, "_UniffiFfiConverterBytes"):
            _require(module._UniffiFfiConverterBytes, "bytes (to_vector_bytes converts a vector)", _single_bytes)
        _refuse_surrogates(module._UniffiFfiConverterString)
    if wrapped == 0:
        raise ImportError("unified_store: no record or enum converters found; the generated bindings changed shape")


def _single_bytes(value):
    """Whether ``value`` is a buffer of single bytes: the generated code writes ``len(value)``
    as the length, which for an ``array('f')`` or a numpy array counts items, not bytes."""
    try:
        view = memoryview(value)
    except TypeError:
        return False
    return view.ndim == 1 and view.itemsize == 1


def _has_variants(kind):
    """Whether ``kind`` is an enum with data: its variants are nested classes subclassing it."""
    variants = vars(kind).values()
    return any(isinstance(variant, type) and variant is not kind and issubclass(variant, kind) for variant in variants)


def _refuse_surrogates(strings):
    """Makes ``strings.check_lower`` raise the ``UnicodeEncodeError`` that lowering would."""
    original = strings.check_lower

    def check(value):
        original(value)
        if not value.isascii():  # O(1); only then can there be a surrogate
            value.encode("utf-8")  # the UnicodeEncodeError lowering would raise, raised first
        return value

    strings.check_lower = staticmethod(check)


def _require(converter, expected, accepts, replace=False):
    """Makes ``converter.check_lower`` raise ``TypeError`` unless ``accepts(value)``; with
    ``replace``, instead of the generated check rather than before it."""
    original = getattr(converter, "check_lower", None)
    if original is None:
        raise ImportError(f"unified_store: {converter.__name__} has no check_lower; the generated bindings changed shape")

    def check(value):
        if not accepts(value):
            raise TypeError(f"expected {expected}, not {type(value).__name__}")
        if not replace:
            original(value)

    converter.check_lower = staticmethod(check)
