"""Binding tests of encryption at rest: keys, KDF parameters, the progress listener and the
new errors cross between Python and Rust. What encryption does is tested in Rust (core/tests);
here only that each call reaches it and its answers come back intact."""

import pytest

from unified_store import (
    KdfParams,
    MessageRole,
    NewProviderConfig,
    NewUser,
    NewWorkspace,
    PageRequest,
    ProgressListener,
    ProviderKind,
    QuerySyntax,
    SearchQuery,
    SecretKind,
    Store,
    StoreConfig,
    StoreError,
    StoreKey,
)

# Argon2id's minimum: fast, and guards nothing (tests only).
FAST = KdfParams(memory_kib=8, iterations=1, parallelism=1)
RAW = StoreKey.RAW(bytes=bytes(range(32)))
OTHER_RAW = StoreKey.RAW(bytes=bytes(32))
PASSPHRASE = StoreKey.PASSPHRASE(passphrase="correct horse battery staple")


def open_store(path, key, kdf=FAST):
    return Store.open(StoreConfig(path=str(path), key=key, kdf=kdf))


def fill(store):
    """Writes a thread of two messages; returns the thread's id."""
    ada = store.users().create(NewUser(email="ada@example.com", display_name="Ada", locale="en"))
    workspace = store.workspaces().create(NewWorkspace(name="Research", owner_user_id=ada.id))
    thread = store.threads().create(workspace.id, "Secrets")
    store.messages().append(thread.id, MessageRole.USER, "Encrypt the store at rest?")
    store.messages().append(thread.id, MessageRole.ASSISTANT, "Every page, with its own data key.")
    return thread.id


def contents(store, thread_id):
    return [message.content for message in store.messages().list(thread_id, PageRequest())]


def search(store, text):
    return [hit.message.content for hit in store.messages().search(SearchQuery(text=text, syntax=QuerySyntax.PLAIN))]


class Recorder(ProgressListener):
    """Records every report; answers `answer` (or raises it, if an exception)."""

    def __init__(self, answer=True):
        self.reports = []
        self.answer = answer

    def on_progress(self, done, total):
        self.reports.append((done, total))
        if isinstance(self.answer, BaseException):
            raise self.answer
        return self.answer


@pytest.mark.parametrize("key", [RAW, PASSPHRASE], ids=["raw", "passphrase"])
def test_encrypted_store_opens_only_with_its_key(tmp_path, key):
    path = tmp_path / "store.db"
    store = open_store(path, key)
    assert store.has_key()
    thread_id = fill(store)
    assert search(store, "encrypt") == ["Encrypt the store at rest?"]
    store.close()
    assert (tmp_path / "store.db-keys").exists()

    with pytest.raises(StoreError.InvalidKey) as wrong:
        open_store(path, OTHER_RAW)
    assert wrong.value.reason
    with pytest.raises(StoreError.InvalidKey):
        open_store(path, StoreKey.PASSPHRASE(passphrase="wrong"))
    with pytest.raises(StoreError.InvalidKey):
        open_store(path, None)

    reopened = open_store(path, key)
    assert contents(reopened, thread_id) == ["Every page, with its own data key.", "Encrypt the store at rest?"]
    reopened.close()


def test_change_key_refuses_the_old_key(tmp_path):
    path = tmp_path / "store.db"
    store = open_store(path, RAW)
    thread_id = fill(store)
    store.change_key(PASSPHRASE, FAST)
    store.close()

    with pytest.raises(StoreError.InvalidKey):
        open_store(path, RAW)
    reopened = open_store(path, PASSPHRASE)
    assert len(contents(reopened, thread_id)) == 2
    reopened.close()


def test_rekey_reports_progress_and_keeps_the_data(tmp_path):
    path = tmp_path / "store.db"
    store = open_store(path, RAW)
    thread_id = fill(store)
    recorder = Recorder()
    store.rekey(recorder)
    reports = recorder.reports
    assert reports, "no progress reported"
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)
    assert all(done <= total for done, total in reports)
    assert reports[-1][0] == reports[-1][1] > 0
    store.rekey()  # no listener
    assert search(store, "page") == ["Every page, with its own data key."]
    store.close()

    reopened = open_store(path, RAW)
    assert len(contents(reopened, thread_id)) == 2
    reopened.close()


@pytest.mark.parametrize("answer", [False, RuntimeError("listener failed")], ids=["false", "raises"])
def test_cancelled_rekey_leaves_the_data(tmp_path, answer):
    path = tmp_path / "store.db"
    store = open_store(path, RAW)
    thread_id = fill(store)
    recorder = Recorder(answer)
    with pytest.raises(StoreError.Cancelled):
        store.rekey(recorder)
    assert len(recorder.reports) == 1
    assert len(contents(store, thread_id)) == 2
    store.close()

    reopened = open_store(path, RAW)
    assert len(contents(reopened, thread_id)) == 2
    reopened.close()


def test_encrypt_then_decrypt_in_place(tmp_path):
    path = tmp_path / "store.db"
    store = open_store(path, None)
    assert not store.has_key()
    thread_id = fill(store)
    recorder = Recorder()
    store.encrypt_in_place(PASSPHRASE, FAST, recorder)
    assert recorder.reports[-1][0] == recorder.reports[-1][1]
    store.close()
    with pytest.raises(StoreError.InvalidKey):
        open_store(path, None)

    encrypted = open_store(path, PASSPHRASE)
    encrypted.decrypt_in_place()
    encrypted.close()
    plain = open_store(path, None)
    assert len(contents(plain, thread_id)) == 2
    plain.close()


def test_provider_secrets_and_their_keys(tmp_path):
    store = open_store(tmp_path / "store.db", RAW)
    owner = store.users().create(NewUser(email="ada@example.com", display_name="Ada", locale="en"))
    config = store.providers().create(NewProviderConfig(user_id=owner.id, kind=ProviderKind.OPEN_AI, display_name="OpenAI"))
    store.providers().set_secret(config.id, SecretKind.API_KEY, "sk-test-123")
    assert store.providers().reveal_secret(config.id, SecretKind.API_KEY) == "sk-test-123"
    assert store.providers().secrets(config.id) == [SecretKind.API_KEY]
    assert store.providers().reveal_secret(config.id, SecretKind.REFRESH_TOKEN) is None

    exported = store.export_secrets_keys(PASSPHRASE)
    assert isinstance(exported, bytes) and exported
    # Its own keys again: nothing new.
    assert store.import_secrets_keys(exported, PASSPHRASE) == 0
    with pytest.raises(StoreError.InvalidKey):
        store.import_secrets_keys(exported, StoreKey.PASSPHRASE(passphrase="wrong"))

    store.providers().clear_secret(config.id, SecretKind.API_KEY)
    assert store.providers().secrets(config.id) == []
    store.close()


def test_a_raw_key_is_32_bytes(tmp_path):
    with pytest.raises(StoreError.InvalidInput) as caught:
        open_store(tmp_path / "store.db", StoreKey.RAW(bytes=bytes(16)))
    assert caught.value.field == "key"
    assert not (tmp_path / "store.db").exists()


def test_wrong_types_are_type_errors(tmp_path):
    with pytest.raises(TypeError):
        Store.open(StoreConfig(path=str(tmp_path / "store.db"), key="a passphrase"))  # not a StoreKey
    store = open_store(tmp_path / "store.db", RAW)
    with pytest.raises(TypeError):
        store.change_key(b"\x00" * 32)
    with pytest.raises(TypeError):
        store.rekey(lambda done, total: True)  # not a ProgressListener
    store.close()
