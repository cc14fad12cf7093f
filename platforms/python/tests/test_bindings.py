"""Binding tests: the records, enums, objects and errors cross between Python and Rust.
The store's behaviour itself is tested in Rust (core/tests); here each call is real, against
the native library and a real file, but only to see that types and errors arrive intact."""

import pytest

from unified_store import (
    Action,
    InteractionStatus,
    MessageRole,
    NewInteraction,
    NewMessage,
    NewOrganization,
    NewProviderConfig,
    NewUser,
    NewWorkspace,
    PageRequest,
    ProviderKind,
    QuerySyntax,
    ResourceKind,
    ResourceRef,
    Role,
    SearchQuery,
    Store,
    StoreConfig,
    StoreError,
    UsageGrouping,
    UsageQuery,
)

# Well-formed (ids are checked to be UUIDs first) but never created.
MISSING_ID = "00000000-0000-7000-8000-000000000000"


def open_store(path):
    return Store.open(StoreConfig(path=str(path), busy_timeout_ms=5000))


def new_user(store, name):
    return store.users().create(NewUser(email=f"{name.lower()}@example.com", display_name=name, locale="en"))


def test_write_search_close_reopen_read_back(tmp_path):
    path = tmp_path / "store.db"
    store = open_store(path)
    owner = new_user(store, "Ada")
    workspace = store.workspaces().create(NewWorkspace(name="Research", owner_user_id=owner.id))
    thread = store.threads().create(workspace.id, "Rust FFI")
    first = store.messages().append(thread.id, MessageRole.USER, "How do I bind Rust to Python?")
    second = store.messages().append(thread.id, MessageRole.ASSISTANT, "UniFFI generates the bindings.")

    assert workspace.name == "Research"
    # Optional fields cross as str or None.
    assert (workspace.owner_user_id, workspace.owner_organization_id) == (owner.id, None)
    assert thread.workspace_id == workspace.id
    assert thread.project_id is None and thread.last_message_at is None
    assert first.role == MessageRole.USER and first.thread_id == thread.id
    assert isinstance(first.created_at, int)

    hits = store.messages().search(SearchQuery(text="python", syntax=QuerySyntax.PLAIN))
    assert [hit.message.id for hit in hits] == [first.id]
    assert hits[0].workspace_id == workspace.id
    assert "[Python]" in hits[0].snippet
    assert isinstance(hits[0].score, float)

    newest_first = store.messages().list(thread.id, PageRequest(limit=10))
    assert [m.id for m in newest_first] == [second.id, first.id]
    # `after` crosses as an optional string: the next page starts past it.
    rest = store.messages().list(thread.id, PageRequest(limit=10, after=second.id))
    assert [m.id for m in rest] == [first.id]

    # The thread as it is now: appending stamped last_message_at (an optional i64).
    thread = store.threads().get(thread.id)
    assert thread.last_message_at == second.created_at
    store.close()
    assert path.exists()

    reopened = open_store(path)
    assert reopened.threads().get(thread.id) == thread
    assert [m.content for m in reopened.messages().list(thread.id, PageRequest())] == [
        second.content,
        first.content,
    ]
    assert reopened.messages().get(second.id).role == MessageRole.ASSISTANT
    reopened.close()


def test_append_batch_ids_answers_the_ids_in_order(tmp_path):
    store = open_store(tmp_path / "store.db")
    workspace = store.workspaces().create(NewWorkspace(name="W", owner_user_id=new_user(store, "Ada").id))
    thread = store.threads().create(workspace.id, "T")
    batch = [NewMessage(thread_id=thread.id, role=MessageRole.USER, content=f"m{i}") for i in range(3)]
    ids = store.messages().append_batch_ids(batch)
    assert [store.messages().get(id).content for id in ids] == ["m0", "m1", "m2"]
    # All or none, and the error crosses as from append_batch.
    with pytest.raises(StoreError.NotFound):
        store.messages().append_batch_ids(batch + [NewMessage(thread_id=MISSING_ID, role=MessageRole.USER, content="x")])
    assert len(store.messages().list(thread.id, PageRequest(limit=10))) == 3


def test_not_found_carries_entity_and_id(tmp_path):
    store = open_store(tmp_path / "store.db")
    with pytest.raises(StoreError.NotFound) as caught:
        store.threads().get(MISSING_ID)
    assert caught.value.entity == "thread"
    assert caught.value.id == MISSING_ID
    # Every variant is also the one base class callers can catch.
    assert isinstance(caught.value, StoreError)


def test_invalid_input_names_the_field(tmp_path):
    store = open_store(tmp_path / "store.db")
    with pytest.raises(StoreError.InvalidInput) as caught:
        store.messages().search(SearchQuery(text="!!!", syntax=QuerySyntax.PLAIN))
    assert caught.value.field == "query"
    with pytest.raises(StoreError.InvalidInput) as caught:
        store.workspaces().create(NewWorkspace(name="", owner_user_id=new_user(store, "Ada").id))
    assert caught.value.field == "name"


def test_calls_after_close_are_storage_errors(tmp_path):
    store = open_store(tmp_path / "store.db")
    users = store.users()
    store.close()
    with pytest.raises(StoreError.Storage) as caught:
        users.create(NewUser(email="late@example.com", display_name="Late", locale="en"))
    assert caught.value.reason


def test_in_memory_store_needs_no_path():
    store = Store.open_in_memory()
    assert store.schema_version() >= 1
    assert store.workspaces().list(PageRequest()) == []


def test_newer_store_file_is_refused_with_versions(tmp_path):
    import sqlite3

    path = tmp_path / "store.db"
    store = open_store(path)
    supported = store.schema_version()
    store.close()
    with sqlite3.connect(path) as conn:  # as a newer build of the app would leave it
        conn.execute(f"PRAGMA user_version = {supported + 1}")
    with pytest.raises(StoreError.IncompatibleVersion) as caught:
        open_store(path)
    assert (caught.value.found, caught.value.supported) == (supported + 1, supported)


# Two UTC days of the cost ledger: 2024-03-01 10:00 and 2024-03-02 09:00.
DAY_1 = 1_709_287_200_000
DAY_2 = 1_709_370_000_000


def test_organization_workspace_costs_and_permissions_cross_domains(tmp_path):
    """One scenario across identity, content, ai and governance: records with optional
    fields and enums go in, u64 sums and typed errors come back."""
    store = open_store(tmp_path / "store.db")
    owner = new_user(store, "Owner")
    member = new_user(store, "Member")
    guest = new_user(store, "Guest")
    org = store.organizations().create(NewOrganization(name="Acme", slug="acme", owner_user_id=owner.id))
    workspace = store.workspaces().create(NewWorkspace(name="Launch", owner_organization_id=org.id))
    assert (workspace.owner_user_id, workspace.owner_organization_id) == (None, org.id)

    # The organization's owner manages the workspace through the organization.
    as_owner = store.acting_as(owner.id)
    assert as_owner.caller() == owner.id and store.caller() is None
    added = as_owner.workspaces().add_member(workspace.id, member.id, Role.MEMBER)
    assert (added.workspace_id, added.user_id, added.role) == (workspace.id, member.id, Role.MEMBER)

    config = store.providers().create(
        NewProviderConfig(user_id=owner.id, kind=ProviderKind.OPEN_AI, display_name="OpenAI")
    )
    assert (config.kind, config.enabled, config.base_url) == (ProviderKind.OPEN_AI, True, None)
    calls = [  # (model, day, prompt, completion, latency, cost in micro-USD)
        ("gpt-4o", DAY_1, 1_000, 500, 800, 12_500),
        ("gpt-4o", DAY_2, 2_000, 1_000, 1_200, 5_000_000_000),  # > u32::MAX: a u64 crossing
        ("gpt-4o-mini", DAY_2, 4_000, 2_000, 400, 1_500),
    ]
    for model, day, prompt, completion, latency, cost in calls:
        recorded = store.interactions().record(
            NewInteraction(
                config_id=config.id,  # provider left out: taken from the config
                workspace_id=workspace.id,
                model=model,
                prompt_tokens=prompt,
                completion_tokens=completion,
                latency_ms=latency,
                cost_micros=cost,
                currency="USD",
                status=InteractionStatus.SUCCEEDED,
                occurred_at=day,
            )
        )
        assert (recorded.provider, recorded.created_at, recorded.cost_micros) == (ProviderKind.OPEN_AI, day, cost)
        assert recorded.thread_id is None and recorded.error is None

    rows = store.interactions().usage(UsageQuery(group_by=UsageGrouping.MODEL, workspace_id=workspace.id))
    # Most expensive first; hand-computed from the calls above.
    tokens = [(r.key, r.currency, r.interactions, r.prompt_tokens, r.completion_tokens, r.total_tokens) for r in rows]
    assert tokens == [
        ("gpt-4o", "USD", 2, 3_000, 1_500, 4_500),
        ("gpt-4o-mini", "USD", 1, 4_000, 2_000, 6_000),
    ]
    assert [(r.cost_micros, r.total_latency_ms, r.avg_latency_ms) for r in rows] == [
        (5_000_012_500, 2_000, 1_000),
        (1_500, 400, 400),
    ]
    days = store.interactions().usage(UsageQuery(group_by=UsageGrouping.DAY, _from=DAY_2, workspace_id=workspace.id))
    assert [(r.key, r.interactions) for r in days] == [("2024-03-02", 2)]

    on_workspace = ResourceRef(kind=ResourceKind.WORKSPACE, id=workspace.id)
    assert store.permissions().can(member.id, Action.WRITE, on_workspace) is True
    assert store.permissions().can(member.id, Action.MANAGE, on_workspace) is False

    as_member = store.acting_as(member.id)
    with pytest.raises(StoreError.PermissionDenied) as denied:
        as_member.workspaces().add_member(workspace.id, guest.id, Role.VIEWER)
    assert (denied.value.user_id, denied.value.action) == (member.id, "manage")
    assert workspace.id in denied.value.resource
    with pytest.raises(StoreError.Conflict) as conflict:
        as_owner.workspaces().add_member(workspace.id, member.id, Role.VIEWER)
    assert (conflict.value.entity, conflict.value.field) == ("workspace_member", "user_id")
    # Neither refused write changed anything.
    members = store.workspaces().members(workspace.id, PageRequest())
    assert [(m.user_id, m.role) for m in members] == [(member.id, Role.MEMBER)]
    store.close()


def test_every_script_is_searchable_and_durability_crosses(tmp_path):
    from unified_store import Durability, NewMessage

    store = Store.open(StoreConfig(path=str(tmp_path / "full.db"), durability=Durability.FULL))
    owner = new_user(store, "Ada")
    workspace = store.workspaces().create(NewWorkspace(name="W", owner_user_id=owner.id))
    thread = store.threads().create(workspace.id, "T")
    tokyo = store.messages().append(thread.id, MessageRole.USER, "東京に行きました 🚀")
    batch = [NewMessage(thread_id=thread.id, role=MessageRole.ASSISTANT, content=f"ภาษาไทย {i}") for i in range(3)]
    assert len(store.messages().append_batch(batch)) == 3

    hits = store.messages().search(SearchQuery(text="東京", syntax=QuerySyntax.PLAIN))
    assert [hit.message.id for hit in hits] == [tokyo.id]
    assert "[東京" in hits[0].snippet
    # Ranked among every match: an Optional[int] that is None.
    assert hits[0].ranked_among_newest is None
    assert [h.message.id for h in store.messages().search(SearchQuery(text="🚀", syntax=QuerySyntax.PLAIN))] == [tokyo.id]
    assert len(store.messages().search(SearchQuery(text="ไทย", syntax=QuerySyntax.PLAIN))) == 3
    store.close()
