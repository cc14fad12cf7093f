package ai.unified.store

import ai.unified.store.model.Action
import ai.unified.store.model.Durability
import ai.unified.store.model.InteractionStatus
import ai.unified.store.model.MessageRole
import ai.unified.store.model.NewInteraction
import ai.unified.store.model.NewMessage
import ai.unified.store.model.NewOrganization
import ai.unified.store.model.NewProviderConfig
import ai.unified.store.model.NewUser
import ai.unified.store.model.NewWorkspace
import ai.unified.store.model.PageRequest
import ai.unified.store.model.ProviderKind
import ai.unified.store.model.QuerySyntax
import ai.unified.store.model.ResourceKind
import ai.unified.store.model.ResourceRef
import ai.unified.store.model.Role
import ai.unified.store.model.SearchQuery
import ai.unified.store.model.StoreConfig
import ai.unified.store.model.StoreException
import ai.unified.store.model.UsageGrouping
import ai.unified.store.model.UsageQuery
import ai.unified.store.model.User
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.nio.file.Files
import java.nio.file.Path

/**
 * Binding tests: records, enums, objects and errors cross between Kotlin and Rust through
 * JNA and the real native library, on a real file. The store's behaviour itself is tested
 * in Rust (core/tests); these check that types and errors arrive intact.
 */
class StoreBindingTest {
    @TempDir
    lateinit var dir: Path

    private val file get() = dir.resolve("store.db")

    private fun open(): Store = Store.open(StoreConfig(path = file.toString(), busyTimeoutMs = 5000u))

    private fun Store.newUser(name: String): User =
        users().create(NewUser(email = "${name.lowercase()}@example.com", displayName = name, locale = "en"))

    @Test
    fun `write, search, close, reopen and read back`() {
        val store = open()
        val owner = store.newUser("Ada")
        val workspace = store.workspaces().create(NewWorkspace(name = "Research", ownerUserId = owner.id))
        var thread = store.threads().create(workspace.id, "Rust FFI")
        val first = store.messages().append(thread.id, MessageRole.USER, "How do I bind Rust to Kotlin?")
        val second = store.messages().append(thread.id, MessageRole.ASSISTANT, "UniFFI generates the bindings.")

        assertEquals("Research", workspace.name)
        // Optional fields cross as String? and Long?.
        assertEquals(owner.id, workspace.ownerUserId)
        assertNull(workspace.ownerOrganizationId)
        assertEquals(workspace.id, thread.workspaceId)
        assertNull(thread.lastMessageAt)
        assertEquals(MessageRole.USER, first.role)
        assertEquals(thread.id, first.threadId)

        val hits = store.messages().search(SearchQuery(text = "kotlin", syntax = QuerySyntax.PLAIN))
        assertEquals(listOf(first.id), hits.map { it.message.id })
        assertEquals(workspace.id, hits[0].workspaceId)
        assertTrue("[Kotlin]" in hits[0].snippet, hits[0].snippet)

        val newestFirst = store.messages().list(thread.id, PageRequest(limit = 10u))
        assertEquals(listOf(second.id, first.id), newestFirst.map { it.id })
        // `after` crosses as an optional string: the next page starts past it.
        val rest = store.messages().list(thread.id, PageRequest(limit = 10u, after = second.id))
        assertEquals(listOf(first.id), rest.map { it.id })

        // The thread as it is now: appending stamped lastMessageAt.
        thread = store.threads().get(thread.id)
        assertEquals(second.createdAt, thread.lastMessageAt)
        store.closeStore()
        store.close() // AutoCloseable: frees the native handle.
        assertTrue(Files.exists(file))

        open().use { reopened ->
            assertEquals(thread, reopened.threads().get(thread.id))
            val contents = reopened.messages().list(thread.id, PageRequest()).map { it.content }
            assertEquals(listOf(second.content, first.content), contents)
            assertEquals(MessageRole.ASSISTANT, reopened.messages().get(second.id).role)
            reopened.closeStore()
        }
    }

    @Test
    fun `every script is searchable and durability crosses`() {
        val store = Store.open(StoreConfig(path = dir.resolve("full.db").toString(), durability = Durability.FULL))
        val owner = store.newUser("Ada")
        val workspace = store.workspaces().create(NewWorkspace(name = "W", ownerUserId = owner.id))
        val thread = store.threads().create(workspace.id, "T")
        val tokyo = store.messages().append(thread.id, MessageRole.USER, "東京に行きました 🚀")
        val batch = (0 until 3).map { NewMessage(threadId = thread.id, role = MessageRole.ASSISTANT, content = "ภาษาไทย $it") }
        assertEquals(3, store.messages().appendBatch(batch).size)

        val hits = store.messages().search(SearchQuery(text = "東京", syntax = QuerySyntax.PLAIN))
        assertEquals(listOf(tokyo.id), hits.map { it.message.id })
        assertTrue("[東京" in hits[0].snippet, hits[0].snippet)
        // Ranked among every match: a UInt? that is null.
        assertNull(hits[0].rankedAmongNewest)
        assertEquals(listOf(tokyo.id), store.messages().search(SearchQuery(text = "🚀", syntax = QuerySyntax.PLAIN)).map { it.message.id })
        assertEquals(3, store.messages().search(SearchQuery(text = "ไทย", syntax = QuerySyntax.PLAIN)).size)
        store.close()
    }

    @Test
    fun `NotFound carries entity and id`() = open().use { store ->
        val error = assertThrows<StoreException.NotFound> { store.threads().get(MISSING_ID) }
        assertEquals("thread", error.entity)
        assertEquals(MISSING_ID, error.id)
    }

    @Test
    fun `InvalidInput names the field`() = open().use { store ->
        val query = assertThrows<StoreException.InvalidInput> {
            store.messages().search(SearchQuery(text = "!!!", syntax = QuerySyntax.PLAIN))
        }
        assertEquals("query", query.field)
        val owner = store.newUser("Ada")
        val name = assertThrows<StoreException.InvalidInput> {
            store.workspaces().create(NewWorkspace(name = "", ownerUserId = owner.id))
        }
        assertEquals("name", name.field)
    }

    @Test
    fun `calls after closeStore are Storage errors`() = open().use { store ->
        val users = store.users()
        store.closeStore()
        val error = assertThrows<StoreException.Storage> {
            users.create(NewUser(email = "late@example.com", displayName = "Late", locale = "en"))
        }
        assertTrue(error.reason.isNotEmpty())
    }

    @Test
    fun `in-memory store needs no path`() = Store.openInMemory().use { store ->
        assertTrue(store.schemaVersion() >= 1u)
        assertEquals(emptyList<Any>(), store.workspaces().list(PageRequest()))
    }

    /**
     * One scenario across identity, content, ai and governance: records with optional fields
     * and enums go in, ULong sums and typed errors come back.
     */
    @Test
    fun `organization workspace, costs and permissions across domains`() = open().use { store ->
        val owner = store.newUser("Owner")
        val member = store.newUser("Member")
        val guest = store.newUser("Guest")
        val org = store.organizations().create(NewOrganization(name = "Acme", slug = "acme", ownerUserId = owner.id))
        val workspace = store.workspaces().create(NewWorkspace(name = "Launch", ownerOrganizationId = org.id))
        assertNull(workspace.ownerUserId)
        assertEquals(org.id, workspace.ownerOrganizationId)

        // The organization's owner manages the workspace through the organization.
        val asOwner = store.actingAs(owner.id)
        assertEquals(owner.id, asOwner.caller())
        assertNull(store.caller())
        val added = asOwner.workspaces().addMember(workspace.id, member.id, Role.MEMBER)
        assertEquals(Triple(workspace.id, member.id, Role.MEMBER), Triple(added.workspaceId, added.userId, added.role))

        val config = store.providers().create(
            NewProviderConfig(userId = owner.id, kind = ProviderKind.OPEN_AI, displayName = "OpenAI"),
        )
        assertEquals(ProviderKind.OPEN_AI, config.kind)
        assertTrue(config.enabled)
        assertNull(config.baseUrl)
        // (model, day, prompt tokens, completion tokens, latency, cost in micro-USD)
        val calls = listOf(
            Call("gpt-4o", DAY_1, 1_000u, 500u, 800u, 12_500uL),
            Call("gpt-4o", DAY_2, 2_000u, 1_000u, 1_200u, 5_000_000_000uL), // > UInt.MAX_VALUE
            Call("gpt-4o-mini", DAY_2, 4_000u, 2_000u, 400u, 1_500uL),
        )
        for (call in calls) {
            val recorded = store.interactions().record(
                NewInteraction(
                    configId = config.id, // provider left out: taken from the config
                    workspaceId = workspace.id,
                    model = call.model,
                    promptTokens = call.prompt,
                    completionTokens = call.completion,
                    latencyMs = call.latency,
                    costMicros = call.cost,
                    currency = "USD",
                    status = InteractionStatus.SUCCEEDED,
                    occurredAt = call.day,
                ),
            )
            assertEquals(ProviderKind.OPEN_AI, recorded.provider)
            assertEquals(call.day, recorded.createdAt)
            assertEquals(call.cost, recorded.costMicros)
            assertNull(recorded.threadId)
        }

        val rows = store.interactions().usage(UsageQuery(groupBy = UsageGrouping.MODEL, workspaceId = workspace.id))
        // Most expensive first; hand-computed from the calls above.
        assertEquals(listOf("gpt-4o", "gpt-4o-mini"), rows.map { it.key })
        assertEquals(listOf("USD", "USD"), rows.map { it.currency })
        assertEquals(listOf(2uL, 1uL), rows.map { it.interactions })
        assertEquals(listOf(3_000uL, 4_000uL), rows.map { it.promptTokens })
        assertEquals(listOf(4_500uL, 6_000uL), rows.map { it.totalTokens })
        assertEquals(listOf(5_000_012_500uL, 1_500uL), rows.map { it.costMicros })
        assertEquals(listOf(1_000uL, 400uL), rows.map { it.avgLatencyMs })
        val days = store.interactions().usage(
            UsageQuery(groupBy = UsageGrouping.DAY, from = DAY_2, workspaceId = workspace.id),
        )
        assertEquals(listOf("2024-03-02" to 2uL), days.map { it.key to it.interactions })

        val onWorkspace = ResourceRef(kind = ResourceKind.WORKSPACE, id = workspace.id)
        assertTrue(store.permissions().can(member.id, Action.WRITE, onWorkspace))
        assertFalse(store.permissions().can(member.id, Action.MANAGE, onWorkspace))

        val denied = assertThrows<StoreException.PermissionDenied> {
            store.actingAs(member.id).workspaces().addMember(workspace.id, guest.id, Role.VIEWER)
        }
        assertEquals(member.id, denied.userId)
        assertEquals("manage", denied.action)
        assertTrue(workspace.id in denied.resource, denied.resource)
        val conflict = assertThrows<StoreException.Conflict> {
            asOwner.workspaces().addMember(workspace.id, member.id, Role.VIEWER)
        }
        assertEquals("workspace_member" to "user_id", conflict.entity to conflict.field)
        // Neither refused write changed anything.
        val members = store.workspaces().members(workspace.id, PageRequest())
        assertEquals(listOf(member.id to Role.MEMBER), members.map { it.userId to it.role })
        store.closeStore()
    }

    private data class Call(
        val model: String,
        val day: Long,
        val prompt: UInt,
        val completion: UInt,
        val latency: UInt,
        val cost: ULong,
    )

    private companion object {
        /** Well-formed (ids are checked to be UUIDs first) but never created. */
        const val MISSING_ID = "00000000-0000-7000-8000-000000000000"

        /** Two UTC days of the cost ledger: 2024-03-01 10:00 and 2024-03-02 09:00. */
        const val DAY_1 = 1_709_287_200_000L
        const val DAY_2 = 1_709_370_000_000L
    }
}
