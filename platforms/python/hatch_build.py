"""Build hook: the wheel carries a native library, so it is tagged for one platform
(``py3-none-<platform>``: any Python 3, since the bindings load the library with ctypes and
use no Python C API), and it is built only from a complete, release package directory.

Why hatchling and a prebuilt library rather than maturin's uniffi mode: maturin builds the
cdylib itself and runs ``uniffi-bindgen generate --library`` on that file, but the workspace's
release profile strips the cdylib, and uniffi-bindgen then stops with "No UniFFI metadata
found" (scripts/bindings reads the metadata from the static library instead). Maturin would
also lay the generated modules out in a subpackage with an ``__init__`` of its own, beside the
hand-written ``__init__``, ``_checks``, ``_buffers`` and ``vectors``, and make an LTO build of
its own instead of sharing ``cargo build --release -p unified-store-ffi`` with the JVM jar.
scripts/wheel stages the generated modules and the release library; this hook only checks
and tags.
"""

import re
import struct
import sys
import sysconfig
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LIBRARIES = ("libunified_store_ffi.so", "libunified_store_ffi.dylib", "unified_store_ffi.dll")
GENERATED = ("unified_store.py", "unified_store_ffi.py")


class NativeLibraryHook(BuildHookInterface):
    def initialize(self, version, build_data):
        if self.target_name != "wheel":
            return
        package = Path(self.root) / "unified_store"
        missing = [name for name in GENERATED if not (package / name).is_file()]
        libraries = [package / name for name in LIBRARIES if (package / name).is_file()]
        if missing or len(libraries) != 1:
            raise RuntimeError(
                f"unified_store: {package} lacks {missing or 'exactly one native library'}; "
                "build the wheel with scripts/wheel, which stages the bindings and the release library"
            )
        library = libraries[0].read_bytes()
        # A debug library is 100+ MB, mostly debug info; the release profile strips it.
        if ".debug_info" in elf_sections(library):
            raise RuntimeError(
                f"unified_store: {libraries[0]} is a debug build; build the wheel with scripts/wheel "
                "(it stages target/release's library)"
            )
        build_data["pure_python"] = False
        build_data["tag"] = f"py3-none-{platform_tag(library)}"


def elf_sections(library):
    """The section names of an ELF (64-bit, little-endian) library; none for other formats."""
    if library[:6] != b"\x7fELF\x02\x01":
        return set()
    offset, size, count, names_index = struct.unpack_from("<Q10xHHH", library, 0x28)
    headers = [struct.unpack_from("<I20xQ", library, offset + i * size) for i in range(count)]
    names_at = headers[names_index][1]
    return {library[names_at + name : library.index(b"\0", names_at + name)].decode() for name, _ in headers}


def platform_tag(library):
    """This machine's platform tag; on Linux the manylinux tag of the newest glibc symbol
    version the library needs (what auditwheel would name for a library that links only libc,
    libm, libgcc_s and the loader, as this one does)."""
    platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    if not sys.platform.startswith("linux"):
        return platform
    versions = {tuple(map(int, v)) for v in re.findall(rb"GLIBC_(\d+)\.(\d+)", library)}
    if not versions:
        return platform
    major, minor = max(versions)
    return f"manylinux_{major}_{minor}_{platform.removeprefix('linux_')}"
