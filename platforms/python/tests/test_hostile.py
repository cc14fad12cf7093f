"""Hostile input through the Python binding: a catalogue of bad values fed to a sample of calls
in every domain, and values of the wrong type.

What each case must get (see unified_store/__init__.py):
- a value of the right type reaches the store, which either takes it or refuses it with
  StoreError.InvalidInput naming the argument's field (NotFound or Conflict where an id or a
  unique value makes that the answer); never Storage, never a crash;
- a value of the wrong type is a TypeError, and an int outside the Rust type or a str with a
  lone surrogate a ValueError, all before Rust is called;
- every error's message is shorter than 1,000 characters, and the store answers reads after.

The store's rules themselves are tested in Rust; here a value is required to be refused only
where no rule could take it (past a documented limit, NUL, not an id), and required to be
taken at the limits the README documents.
"""

import array
import itertools
from dataclasses import dataclass

import pytest

from unified_store import (
    HybridQuery,
    InteractionStatus,
    InvoiceStatus,
    MessageRole,
    NewInteraction,
    NewInvoice,
    NewEmbedding,
    NewMessage,
    NewSubscription,
    NewUser,
    NewWorkspace,
    OwnerKind,
    PageRequest,
    PlanTier,
    ProviderKind,
    QuerySyntax,
    Role,
    SearchQuery,
    Store,
    StoreConfig,
    StoreError,
    SubscriptionStatus,
    VectorQuery,
    to_vector_bytes,
)

TIME_MAX = 253_402_300_799_999  # 9999-12-31T23:59:59.999Z
AMOUNT_MAX = 2**53 - 1
U32_MAX = 2**32 - 1
U64_MAX = 2**64 - 1
I64_MIN, I64_MAX = -(2**63), 2**63 - 1
MISSING_ID = "00000000-0000-7000-8000-000000000000"  # well-formed, never created
TEN_MB = "x" * (10 << 20)

# Text values, by name. "other-kind-id" is a real id of a record of another kind than the slot
# asks for, chosen when the store exists (see `text_value`).
TEXTS = {
    "empty": "",
    "blank": "   ",
    "nul-inside": "a\0b",
    "nul-leading": "\0a",
    "control": "a\x1b[31mb",
    "zero-width-only": "\u200b\u200c",
    "200-chars": "n" * 200,
    "201-chars": "n" * 201,
    "10MB": TEN_MB,
    "missing-id": MISSING_ID,
    "other-kind-id": None,
}

# What each kind of text slot must do with each value: "refused" (InvalidInput on the field),
# "taken", "absent" (NotFound), or "either" (taken or InvalidInput on the field). Values not
# listed for a kind are "either".
NO_RULE_TAKES = {"nul-inside": "refused", "nul-leading": "refused", "10MB": "refused"}
EXPECT = {
    # Names and titles: one visible line of 1..200 characters.
    "name": {
        **NO_RULE_TAKES,
        "empty": "refused",
        "blank": "refused",
        "control": "refused",
        "zero-width-only": "refused",
        "201-chars": "refused",
        "200-chars": "taken",
        "missing-id": "taken",
    },
    # Message content: free text up to 1 MiB; only NUL and size are refused.
    "content": {**NO_RULE_TAKES, "empty": "taken", "control": "taken", "zero-width-only": "taken", "201-chars": "taken"},
    # Ids: anything but a UUID is refused; a UUID of nothing, or of another kind, is NotFound.
    "id": {label: "refused" for label in TEXTS} | {"missing-id": "absent", "other-kind-id": "absent"},
    # Ids that filter a search: a UUID that names nothing may simply match nothing.
    "filter-id": {label: "refused" for label in TEXTS} | {"missing-id": "either", "other-kind-id": "either"},
    # Search text is not stored: only its size (1 KiB) is sure to be refused.
    "query": {"10MB": "refused"},
    # Everything else (emails, setting keys and JSON values, currency codes, invoice numbers).
    "other": NO_RULE_TAKES,
}


@dataclass
class World:
    """One store, and a record of each kind the calls below need."""

    store: Store
    user: str
    workspace: str
    thread: str
    message: str
    subscription: str


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    store = Store.open(StoreConfig(path=str(tmp_path_factory.mktemp("hostile") / "store.db")))
    user = store.users().create(NewUser(email="owner@example.com", display_name="Owner")).id
    workspace = store.workspaces().create(NewWorkspace(name="W", owner_user_id=user)).id
    thread = store.threads().create(workspace, "T").id
    message = store.messages().append(thread, MessageRole.USER, "hello").id
    plan = NewSubscription(
        owner_user_id=user, tier=PlanTier.PRO, status=SubscriptionStatus.ACTIVE, period_start=0, period_end=TIME_MAX
    )
    subscription = store.subscriptions().create(plan).id
    store.embeddings().upsert(embedding(message))
    yield World(store, user, workspace, thread, message, subscription)
    store.close()


_unique = itertools.count()


def unique_email():
    return f"u{next(_unique)}@example.com"


def interaction(**fields):
    base = dict(provider=ProviderKind.ANTHROPIC, model="claude", currency="USD", status=InteractionStatus.SUCCEEDED)
    return NewInteraction(**(base | fields))


def subscription(w, **fields):
    base = dict(owner_user_id=w.user, tier=PlanTier.FREE, status=SubscriptionStatus.TRIALING)
    return NewSubscription(**(base | dict(period_start=0, period_end=TIME_MAX) | fields))


def embedding(owner_id, **fields):
    """A 3-dimensional vector of `owner_id` in collection "hostile", fields replaced."""
    base = dict(
        owner_kind=OwnerKind.MESSAGE, owner_id=owner_id, collection="hostile", model="m", vector=to_vector_bytes([1, 0, 0])
    )
    return NewEmbedding(**(base | fields))


def vector_query(**fields):
    base = dict(collection="hostile", model="m", vector=to_vector_bytes([1, 0, 0]), k=1)
    return VectorQuery(**(base | fields))


def invoice(w, **fields):
    base = dict(subscription_id=w.subscription, number=f"INV-{next(_unique)}", amount_minor=100, currency="EUR")
    return NewInvoice(**(base | fields))


# Calls with a text slot: (call, field, kind, call with the value).
TEXT_CALLS = [
    ("users.create", "email", "other", lambda w, v: w.store.users().create(NewUser(email=v, display_name="D"))),
    (
        "users.create",
        "display_name",
        "name",
        lambda w, v: w.store.users().create(NewUser(email=unique_email(), display_name=v)),
    ),
    ("workspaces.create", "name", "name", lambda w, v: w.store.workspaces().create(NewWorkspace(name=v, owner_user_id=w.user))),
    (
        "workspaces.create",
        "owner_user_id",
        "id",
        lambda w, v: w.store.workspaces().create(NewWorkspace(name="W", owner_user_id=v)),
    ),
    ("workspaces.rename", "name", "name", lambda w, v: w.store.workspaces().rename(w.workspace, v)),
    ("workspaces.rename", "id", "id", lambda w, v: w.store.workspaces().rename(v, "W")),
    ("threads.create", "title", "name", lambda w, v: w.store.threads().create(w.workspace, v)),
    ("threads.create", "workspace_id", "id", lambda w, v: w.store.threads().create(v, "T")),
    ("threads.rename", "title", "name", lambda w, v: w.store.threads().rename(w.thread, v)),
    ("messages.append", "content", "content", lambda w, v: w.store.messages().append(w.thread, MessageRole.USER, v)),
    ("messages.append", "thread_id", "id", lambda w, v: w.store.messages().append(v, MessageRole.USER, "x")),
    ("messages.edit", "content", "content", lambda w, v: w.store.messages().edit(w.message, v)),
    ("messages.edit", "id", "id", lambda w, v: w.store.messages().edit(v, "x")),
    (
        "messages.search",
        "query",
        "query",
        lambda w, v: w.store.messages().search(SearchQuery(text=v, syntax=QuerySyntax.PLAIN)),
    ),
    (
        "messages.search",
        "workspace_id",
        "filter-id",
        lambda w, v: w.store.messages().search(SearchQuery(text="x", syntax=QuerySyntax.PLAIN, workspace_id=v)),
    ),
    ("settings.set", "key", "other", lambda w, v: w.store.settings().set(w.user, v, "1")),
    ("settings.set", "value_json", "other", lambda w, v: w.store.settings().set(w.user, "k", v)),
    ("settings.set", "user_id", "id", lambda w, v: w.store.settings().set(v, "k", "1")),
    ("interactions.record", "model", "name", lambda w, v: w.store.interactions().record(interaction(model=v))),
    ("interactions.record", "currency", "other", lambda w, v: w.store.interactions().record(interaction(currency=v))),
    ("interactions.record", "thread_id", "id", lambda w, v: w.store.interactions().record(interaction(thread_id=v))),
    ("invoices.issue", "number", "other", lambda w, v: w.store.invoices().issue(invoice(w, number=v))),
    ("invoices.issue", "subscription_id", "id", lambda w, v: w.store.invoices().issue(invoice(w, subscription_id=v))),
    (
        "subscriptions.create",
        "owner_user_id",
        "id",
        lambda w, v: w.store.subscriptions().create(subscription(w, owner_user_id=v)),
    ),
    # The owner asked for is a document, so a message's id is of the other kind.
    (
        "embeddings.upsert",
        "owner_id",
        "id",
        lambda w, v: w.store.embeddings().upsert(embedding(v, owner_kind=OwnerKind.DOCUMENT)),
    ),
    ("embeddings.upsert", "collection", "other", lambda w, v: w.store.embeddings().upsert(embedding(w.message, collection=v))),
    ("embeddings.upsert", "model", "other", lambda w, v: w.store.embeddings().upsert(embedding(w.message, model=v))),
    ("embeddings.search", "collection", "other", lambda w, v: w.store.embeddings().search(vector_query(collection=v))),
    (
        "embeddings.hybrid_search",
        "query",
        "query",
        lambda w, v: w.store.embeddings().hybrid_search(HybridQuery(text=v, vector=vector_query())),
    ),
    # Removing the vectors of an owner that has none removes nothing.
    ("embeddings.delete_owner", "owner_id", "filter-id", lambda w, v: w.store.embeddings().delete_owner(OwnerKind.DOCUMENT, v)),
    (
        "embeddings.missing",
        "model",
        "other",
        lambda w, v: w.store.embeddings().missing("hostile", v, OwnerKind.MESSAGE, PageRequest()),
    ),
]

# Calls with a number slot: (call, field, call with the value, values taken, values refused).
# Values outside the Rust type are in OUT_OF_TYPE below.
TIMES_TAKEN = [0, TIME_MAX]
TIMES_REFUSED = [-1, TIME_MAX + 1, I64_MIN, I64_MAX]
AMOUNTS_TAKEN = [0, AMOUNT_MAX]
AMOUNTS_REFUSED = [AMOUNT_MAX + 1, U64_MAX]
NUMBER_CALLS = [
    (
        "interactions.record",
        "occurred_at",
        lambda w, v: w.store.interactions().record(interaction(occurred_at=v)),
        TIMES_TAKEN,
        TIMES_REFUSED,
    ),
    (
        "interactions.record",
        "cost_micros",
        lambda w, v: w.store.interactions().record(interaction(cost_micros=v)),
        AMOUNTS_TAKEN,
        AMOUNTS_REFUSED,
    ),
    (
        "interactions.record",
        "prompt_tokens",
        lambda w, v: w.store.interactions().record(interaction(prompt_tokens=v)),
        [0, U32_MAX],
        [],
    ),
    (
        "interactions.record",
        "latency_ms",
        lambda w, v: w.store.interactions().record(interaction(latency_ms=v)),
        [0, U32_MAX],
        [],
    ),
    (
        "subscriptions.create",
        "period_start",
        lambda w, v: w.store.subscriptions().create(subscription(w, period_start=v, period_end=TIME_MAX)),
        [0, TIME_MAX - 1],
        TIMES_REFUSED,
    ),
    (
        "subscriptions.create",
        "period_end",
        lambda w, v: w.store.subscriptions().create(subscription(w, period_start=0, period_end=v)),
        [1, TIME_MAX],
        TIMES_REFUSED + [0],  # 0 is a time, but not after the start
    ),
    (
        "subscriptions.create",
        "storage_quota_bytes",
        lambda w, v: w.store.subscriptions().create(subscription(w, storage_quota_bytes=v)),
        AMOUNTS_TAKEN,
        AMOUNTS_REFUSED,
    ),
    (
        "invoices.issue",
        "amount_minor",
        lambda w, v: w.store.invoices().issue(invoice(w, amount_minor=v)),
        AMOUNTS_TAKEN,
        AMOUNTS_REFUSED,
    ),
    (
        "invoices.issue",
        "issued_at",
        lambda w, v: w.store.invoices().issue(invoice(w, issued_at=v)),
        TIMES_TAKEN,
        TIMES_REFUSED,
    ),
    (
        "workspaces.list",
        "limit",
        lambda w, v: w.store.workspaces().list(PageRequest(limit=v)),
        [1, 1000],
        [0, 1001, U32_MAX],
    ),
    ("settings.set_i64", "value", lambda w, v: w.store.settings().set_i64(w.user, "n", v), [I64_MIN, 0, I64_MAX], []),
    ("embeddings.search", "k", lambda w, v: w.store.embeddings().search(vector_query(k=v)), [1, 1000], [0, 1001, U32_MAX]),
    (
        "embeddings.search",
        "min_score",
        lambda w, v: w.store.embeddings().search(vector_query(min_score=v)),
        [-1.0, 0.0, 1.0],
        [float("nan"), 1.0001, -2.0, float("inf"), float("-inf")],
    ),
]

# Vectors no rule takes: InvalidInput naming "vector" in every call that takes one.
BAD_VECTORS = {
    "nan": to_vector_bytes([float("nan"), 0, 0]),
    "infinite": to_vector_bytes([float("inf"), 0, 0]),
    "beyond-f32": to_vector_bytes([1e39, 0, 0]),  # becomes an infinity
    "zero": to_vector_bytes([0, 0, 0]),
    "empty": b"",
    "odd-byte-length": b"\x01" * 13,
    "wrong-dimensions": to_vector_bytes([1, 0]),
    "4097-dimensions": to_vector_bytes([1.0] * 4097),
    "10MB": bytes(10 << 20),
}
VECTOR_CALLS = [
    ("embeddings.upsert", lambda w, v: w.store.embeddings().upsert(embedding(w.message, vector=v))),
    (
        "embeddings.upsert_batch",
        lambda w, v: w.store.embeddings().upsert_batch([embedding(w.message), embedding(w.message, vector=v)]),
    ),
    ("embeddings.search", lambda w, v: w.store.embeddings().search(vector_query(vector=v))),
    (
        "embeddings.hybrid_search",
        lambda w, v: w.store.embeddings().hybrid_search(HybridQuery(text="hello", vector=vector_query(vector=v))),
    ),
]


@pytest.mark.parametrize("label", BAD_VECTORS)
@pytest.mark.parametrize(("call", "fn"), VECTOR_CALLS, ids=[c[0] for c in VECTOR_CALLS])
def test_vector(world, call, fn, label):
    run_case(world, fn, "vector", BAD_VECTORS[label], "refused")


def test_a_batch_past_vector_batch_max_is_invalid_input_and_stores_nothing(world):
    embeddings = world.store.embeddings()
    before = embeddings.info("hostile", "m").count
    with pytest.raises(StoreError.InvalidInput) as caught:
        embeddings.upsert_batch([embedding(world.message)] * 10_001)
    assert caught.value.field == "embeddings"
    assert embeddings.info("hostile", "m").count == before

# Ints Python holds that the Rust type cannot: ValueError before Rust is called.
OUT_OF_TYPE = [
    ("u32", lambda w, v: w.store.interactions().record(interaction(prompt_tokens=v)), [-1, U32_MAX + 1]),
    ("u64", lambda w, v: w.store.invoices().issue(invoice(w, amount_minor=v)), [-1, U64_MAX + 1]),
    ("i64", lambda w, v: w.store.interactions().record(interaction(occurred_at=v)), [I64_MIN - 1, I64_MAX + 1]),
    ("u32 page", lambda w, v: w.store.workspaces().list(PageRequest(limit=v)), [-1, 2**64]),
]

# Values of the wrong type for each kind of slot: TypeError before Rust is called.
WRONG_TYPES = [
    ("text", lambda w, v: w.store.threads().create(w.workspace, v), [None, 42, 1.5, b"bytes", ["T"]]),
    ("text in a record", lambda w, v: w.store.workspaces().create(NewWorkspace(name=v, owner_user_id=w.user)), [None, 7]),
    ("u32", lambda w, v: w.store.workspaces().list(PageRequest(limit=v)), [None, "5", 1.5, 10.0]),
    ("i64", lambda w, v: w.store.interactions().record(interaction(occurred_at=v)), ["0", 1.5]),
    ("enum", lambda w, v: w.store.messages().append(w.thread, v, "x"), [None, "user", 1, Role.OWNER]),
    (
        "record",
        lambda w, v: w.store.workspaces().create(v),
        [None, {"name": "W", "owner_user_id": MISSING_ID}, NewUser(email="a@example.com", display_name="A")],
    ),
    ("bool", lambda w, v: w.store.settings().set_bool(w.user, "flag", v), [None, "false", 0, 1]),
    ("list", lambda w, v: w.store.messages().append_batch(v), ["abc", None, [{"thread_id": MISSING_ID}]]),
    ("list (ids answered)", lambda w, v: w.store.messages().append_batch_ids(v), ["abc", None, [{"thread_id": MISSING_ID}]]),
    # A vector is bytes; a list of floats or a buffer of wider items (which the generated code
    # would write with its item count as its byte length) is refused: to_vector_bytes converts.
    (
        "vector",
        lambda w, v: w.store.embeddings().search(vector_query(vector=v)),
        [None, [1.0, 0.0, 0.0], "abc", array.array("f", [1, 0, 0])],
    ),
]


def check_store_error(error, field, expect):
    """`error` is what `expect` allows for a refusal on `field`."""
    assert len(str(error)) < 1000, f"message of {len(str(error))} characters"
    assert not isinstance(error, StoreError.Storage), f"Storage error: {error}"
    if expect == "absent":
        assert isinstance(error, StoreError.NotFound), repr(error)
    elif isinstance(error, (StoreError.NotFound, StoreError.Conflict)) and expect == "either":
        pass
    else:
        assert isinstance(error, StoreError.InvalidInput), repr(error)
        assert error.field == field, repr(error)


def run_case(w, call, field, value, expect):
    """Calls `call` with `value`, checks the outcome against `expect`, then that the store reads."""
    try:
        call(w, value)
    except StoreError as error:
        assert expect != "taken", f"refused: {error}"
        check_store_error(error, field, expect)
    else:
        assert expect in ("taken", "either"), f"taken, but should be {expect}"
    assert w.store.threads().get(w.thread).id == w.thread, "the store still reads"


def text_cases():
    for call, field, kind, fn in TEXT_CALLS:
        for label in TEXTS:
            yield pytest.param(fn, field, label, EXPECT[kind].get(label, "either"), id=f"{call}.{field}={label}")


def text_value(w, field, label):
    """TEXTS[label]; for "other-kind-id" a user's id in the `id` slots (which ask for a
    workspace or a message), else a message's (the other slots ask for users, workspaces,
    threads or subscriptions)."""
    if label == "other-kind-id":
        return w.user if field == "id" else w.message
    return TEXTS[label]


@pytest.mark.parametrize(("fn", "field", "label", "expect"), list(text_cases()))
def test_text(world, fn, field, label, expect):
    run_case(world, fn, field, text_value(world, field, label), expect)


def number_cases():
    for call, field, fn, taken, refused in NUMBER_CALLS:
        for value in taken:
            yield pytest.param(fn, field, value, "taken", id=f"{call}.{field}={value}")
        for value in refused:
            yield pytest.param(fn, field, value, "refused", id=f"{call}.{field}={value}")


@pytest.mark.parametrize(("fn", "field", "value", "expect"), list(number_cases()))
def test_number(world, fn, field, value, expect):
    run_case(world, fn, field, value, expect)


LONE_SURROGATES = {"high": "\ud800", "low-in-text": "ab\udfffcd", "reversed-pair": "\udc00\ud800"}


@pytest.mark.parametrize("value", LONE_SURROGATES.values(), ids=LONE_SURROGATES.keys())
@pytest.mark.parametrize(("call", "field", "kind", "fn"), TEXT_CALLS, ids=[f"{c[0]}.{c[1]}" for c in TEXT_CALLS])
def test_lone_surrogate_is_a_value_error_before_rust(world, call, field, kind, fn, value):
    before = world.store.messages().list(world.thread, PageRequest(limit=1000))
    with pytest.raises(UnicodeEncodeError) as caught:
        fn(world, value)
    assert isinstance(caught.value, ValueError) and len(str(caught.value)) < 1000
    assert world.store.messages().list(world.thread, PageRequest(limit=1000)) == before, "nothing written"


@pytest.mark.parametrize(
    ("fn", "value"),
    [pytest.param(fn, v, id=f"{kind}={v}") for kind, fn, values in OUT_OF_TYPE for v in values],
)
def test_int_outside_the_rust_type_is_a_value_error(world, fn, value):
    with pytest.raises(ValueError) as caught:
        fn(world, value)
    assert not isinstance(caught.value, (StoreError, TypeError)) and len(str(caught.value)) < 1000
    assert world.store.threads().get(world.thread).id == world.thread


@pytest.mark.parametrize(
    ("fn", "value"),
    [pytest.param(fn, v, id=f"{kind}={v!r:.40}") for kind, fn, values in WRONG_TYPES for v in values],
)
def test_wrong_type_is_a_type_error(world, fn, value):
    with pytest.raises(TypeError) as caught:
        fn(world, value)
    assert len(str(caught.value)) < 1000
    assert world.store.threads().get(world.thread).id == world.thread


def test_bool_and_enum_of_the_right_type_still_cross(world):
    """The stricter checks let every right value through."""
    assert world.store.settings().set_bool(world.user, "flag", False).value == "false"
    assert world.store.settings().get_bool(world.user, "flag") is False
    for role in MessageRole:
        assert world.store.messages().append(world.thread, role, "r").role == role
    batch = [NewMessage(thread_id=world.thread, role=MessageRole.TOOL, content="t")]
    assert len(world.store.messages().append_batch(tuple(batch))) == 1
    assert world.store.invoices().issue(invoice(world, status=InvoiceStatus.DRAFT)).status == InvoiceStatus.DRAFT


def test_a_refused_surrogate_leaks_nothing(world):
    """The generated code lowered the first argument into a Rust buffer before the second
    failed to encode, and never freed it; now the check comes before any lowering."""
    statm = "/proc/self/statm"
    page = 4096
    threads = world.store.threads()
    big_id = "x" * (1 << 20)

    def resident():
        with open(statm) as f:
            return int(f.read().split()[1]) * page

    for _ in range(5):  # warm up allocator pools
        with pytest.raises(UnicodeEncodeError):
            threads.create(big_id, "\ud800")
    start = resident()
    for _ in range(100):
        with pytest.raises(UnicodeEncodeError):
            threads.create(big_id, "\ud800")
    assert resident() - start < 20 << 20, f"grew by {(resident() - start) >> 20} MiB over 100 refused calls of 1 MiB"


def not_a_store(tmp):
    path = tmp / "notes.txt"
    path.write_text("not a database\n" * 100)
    return str(path)


# Store.open: a config for a fresh directory, and "taken", "not-a-store", or the field an
# InvalidInput must name.
OPEN_CASES = [
    pytest.param(lambda tmp: StoreConfig(path=":memory:"), "path", id="memory-name"),
    pytest.param(lambda tmp: StoreConfig(path=f"file:{tmp}/x.db"), "path", id="file-uri"),
    pytest.param(lambda tmp: StoreConfig(path="file::memory:?cache=shared"), "path", id="memory-uri"),
    pytest.param(lambda tmp: StoreConfig(path=""), "path", id="empty"),
    pytest.param(lambda tmp: StoreConfig(path=f"{tmp}/a\0b.db"), "path", id="nul-inside"),
    pytest.param(lambda tmp: StoreConfig(path="\0"), "path", id="nul-only"),
    pytest.param(lambda tmp: StoreConfig(path=str(tmp)), "path", id="directory"),
    pytest.param(lambda tmp: StoreConfig(path=TEN_MB), "path", id="10MB"),
    pytest.param(lambda tmp: StoreConfig(path=not_a_store(tmp)), "not-a-store", id="not-a-store"),
    pytest.param(lambda tmp: StoreConfig(path=f"{tmp}/   "), "taken", id="blank-file-name"),
    pytest.param(lambda tmp: StoreConfig(busy_timeout_ms=0, search_timeout_ms=0), "taken", id="timeouts-0"),
    pytest.param(lambda tmp: StoreConfig(busy_timeout_ms=2**31 - 1), "taken", id="busy-timeout-i32-max"),
    pytest.param(lambda tmp: StoreConfig(search_timeout_ms=U32_MAX), "taken", id="search-timeout-max"),
    pytest.param(lambda tmp: StoreConfig(busy_timeout_ms=2**31), "busy_timeout_ms", id="busy-timeout-over-i32"),
    pytest.param(lambda tmp: StoreConfig(busy_timeout_ms=U32_MAX), "busy_timeout_ms", id="busy-timeout-max"),
]


@pytest.mark.parametrize(("config", "expect"), OPEN_CASES)
def test_open(tmp_path, config, expect):
    try:
        store = Store.open(config(tmp_path))
    except StoreError as error:
        assert len(str(error)) < 1000
        if expect == "not-a-store":
            assert isinstance(error, StoreError.NotAStore), repr(error)
        else:
            assert expect != "taken", f"refused: {error!r}"
            assert isinstance(error, StoreError.InvalidInput) and error.field == expect, repr(error)
    else:
        assert expect == "taken", "opened a store"
        assert store.schema_version() >= 1
        store.close()


@pytest.mark.parametrize("value", [42, b"/tmp/x.db", 1.5], ids=["int", "bytes", "float"])
def test_open_with_a_path_of_the_wrong_type_is_a_type_error(value):
    with pytest.raises(TypeError):
        Store.open(StoreConfig(path=value))


def test_open_with_a_lone_surrogate_in_the_path_is_a_value_error(tmp_path):
    with pytest.raises(UnicodeEncodeError):
        Store.open(StoreConfig(path=f"{tmp_path}/\udc80.db"))
    assert list(tmp_path.iterdir()) == [], "no file was created"
