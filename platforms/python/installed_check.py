"""Smoke test of the installed wheel (scripts/wheel --check runs it in a fresh virtual
environment, from a directory outside the repository):

  python installed_check.py REPOSITORY

It fails unless ``unified_store`` is imported from that environment's site-packages (not
from REPOSITORY), carries the release library of REPOSITORY's build byte for byte, and
opens a store that writes, searches, closes and reads back.
"""

import hashlib
import sys
import sysconfig
import tempfile
from pathlib import Path

import unified_store
from unified_store import (
    MessageRole,
    NewMessage,
    NewUser,
    NewWorkspace,
    QuerySyntax,
    SearchQuery,
    Store,
    StoreConfig,
)


def main(repository):
    package = Path(unified_store.__file__).resolve().parent
    site_packages = Path(sysconfig.get_paths()["purelib"]).resolve()
    if package.parent != site_packages:
        sys.exit(f"installed_check: unified_store imported from {package}, not from {site_packages}")
    if repository.resolve() in package.parents:
        sys.exit(f"installed_check: unified_store imported from the repository ({package})")
    libraries = [p for p in package.iterdir() if p.name.startswith(("libunified_store_ffi.", "unified_store_ffi.dll"))]
    if len(libraries) != 1:
        sys.exit(f"installed_check: expected one native library in {package}, found {libraries}")
    [library] = libraries
    release = repository / "target" / "release" / library.name
    if digest(library) != digest(release):
        sys.exit(f"installed_check: {library} is not the release library {release}")

    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "store.db")
        store = Store.open(StoreConfig(path=path, busy_timeout_ms=5000))
        ada = store.users().create(NewUser(email="ada@example.com", display_name="Ada"))
        workspace = store.workspaces().create(NewWorkspace(name="Wheel", owner_user_id=ada.id))
        thread = store.threads().create(workspace.id, "Installed")
        batch = [NewMessage(thread_id=thread.id, role=MessageRole.USER, content=f"wheel message {i}") for i in range(100)]
        store.messages().append_batch(batch)
        target = store.messages().append(thread.id, MessageRole.ASSISTANT, "installed from a wheel file")
        query = SearchQuery(text="installed", syntax=QuerySyntax.PLAIN)
        hits = store.messages().search(query)
        if [hit.message.id for hit in hits] != [target.id]:
            sys.exit(f"installed_check: search found {hits}, expected {target.id}")
        store.close()
        reopened = Store.open(StoreConfig(path=path, busy_timeout_ms=5000))
        if [hit.message.id for hit in reopened.messages().search(query)] != [target.id]:
            sys.exit("installed_check: the message did not survive closing and reopening")
        reopened.close()
    size_kb = library.stat().st_size // 1024
    print(f"installed_check: ok, unified_store from {package} with {library.name} ({size_kb} KB, the release build)")


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
