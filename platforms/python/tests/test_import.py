"""Binding tests of the chat-history import: the options, the report and its issues, the
progress listener and the errors cross between Python and Rust. What the import does is tested
in Rust (core/tests/import.rs); here only that the call reaches it and its answer comes back."""

import os
from pathlib import Path

import pytest

from unified_store import (
    ChatFormat,
    ImportIssueKind,
    ImportOptions,
    NewUser,
    NewWorkspace,
    ProgressListener,
    QuerySyntax,
    SearchQuery,
    Store,
    StoreConfig,
    StoreError,
)

# The repository's fixtures; scripts/wheel --check runs a copy of these tests elsewhere and
# names them.
FIXTURES = Path(os.environ.get("UNIFIED_STORE_FIXTURES") or Path(__file__).resolve().parents[3] / "core" / "tests" / "fixtures" / "import")


class Recorder(ProgressListener):
    def __init__(self, answer=True):
        self.reports = []
        self.answer = answer

    def on_progress(self, done, total):
        self.reports.append((done, total))
        return self.answer


def workspace(store):
    ada = store.users().create(NewUser(email="ada@example.com", display_name="Ada"))
    return store.workspaces().create(NewWorkspace(name="Imports", owner_user_id=ada.id))


def test_a_claude_export_imports_once_with_progress_and_a_report(tmp_path):
    store = Store.open(StoreConfig(path=str(tmp_path / "store.db")))
    options = ImportOptions(format=ChatFormat.CLAUDE, workspace_id=workspace(store).id)
    recorder = Recorder()
    report = store.import_chat_history(str(FIXTURES / "claude.json"), options, recorder)
    assert (report.threads_added, report.messages_added, report.conversations_skipped) == (3, 9, 4)
    assert report.issues_total == len(report.issues) > 0
    assert ImportIssueKind.CONVERSATION_SKIPPED in {issue.kind for issue in report.issues}
    size = (FIXTURES / "claude.json").stat().st_size
    assert recorder.reports[-1] == (2 * size, 2 * size)
    hits = store.messages().search(SearchQuery(text="acetone", syntax=QuerySyntax.PLAIN))
    assert len(hits) == 1 and hits[0].message.provider is None

    again = store.import_chat_history(str(FIXTURES / "claude.json"), options)  # no listener
    assert (again.threads_added, again.messages_added, again.conversations_unchanged) == (0, 0, 3)
    store.close()


def test_import_errors_arrive_typed(tmp_path):
    store = Store.open(StoreConfig(path=str(tmp_path / "store.db")))
    options = ImportOptions(format=ChatFormat.CHAT_GPT, workspace_id=workspace(store).id)
    with pytest.raises(StoreError.InvalidInput) as wrong:
        store.import_chat_history(str(FIXTURES / "claude.json"), options)
    assert wrong.value.field == "file" and "Claude export" in wrong.value.reason
    with pytest.raises(StoreError.Cancelled):
        store.import_chat_history(str(FIXTURES / "chatgpt.json"), options, Recorder(answer=False))
    with pytest.raises(StoreError.NotFound):
        missing = ImportOptions(format=ChatFormat.CHAT_GPT, workspace_id="01890a5d-ac96-774b-bcce-b302099a8057")
        store.import_chat_history(str(FIXTURES / "chatgpt.json"), missing)
    store.close()
