package ai.unified.store

import ai.unified.store.model.MessageRole
import ai.unified.store.model.PageRequest
import ai.unified.store.model.QuerySyntax
import ai.unified.store.model.SearchQuery
import ai.unified.store.model.StoreConfig
import ai.unified.store.model.StoreException
import org.junit.jupiter.api.Assertions.assertEquals
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

    @Test
    fun `write, search, close, reopen and read back`() {
        val store = open()
        val workspace = store.workspaces().create("Research")
        val thread = store.threads().create(workspace.id, "Rust FFI")
        val first = store.messages().append(thread.id, MessageRole.USER, "How do I bind Rust to Kotlin?")
        val second = store.messages().append(thread.id, MessageRole.ASSISTANT, "UniFFI generates the bindings.")

        assertEquals("Research", workspace.name)
        assertEquals(workspace.id, thread.workspaceId)
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
        val name = assertThrows<StoreException.InvalidInput> { store.workspaces().create("") }
        assertEquals("name", name.field)
    }

    @Test
    fun `calls after closeStore are Storage errors`() = open().use { store ->
        val workspaces = store.workspaces()
        store.closeStore()
        val error = assertThrows<StoreException.Storage> { workspaces.create("Too late") }
        assertTrue(error.reason.isNotEmpty())
    }

    @Test
    fun `in-memory store needs no path`() = Store.openInMemory().use { store ->
        assertTrue(store.schemaVersion() >= 1u)
        assertEquals(emptyList<Any>(), store.workspaces().list(PageRequest()))
    }

    private companion object {
        /** Well-formed (ids are checked to be UUIDs first) but never created. */
        const val MISSING_ID = "00000000-0000-7000-8000-000000000000"
    }
}
