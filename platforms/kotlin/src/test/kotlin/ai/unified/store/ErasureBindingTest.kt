package ai.unified.store

import ai.unified.store.model.MessageRole
import ai.unified.store.model.NewUser
import ai.unified.store.model.NewWorkspace
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
 * Binding tests of GDPR erasure: the report, the marker gone from every file of the store, and
 * typed errors. What erasure removes and keeps is tested in Rust (core/tests/erasure.rs).
 */
class ErasureBindingTest {
    private val marker = "KTERASEMARKER"

    private fun filesHolding(dir: Path, needle: ByteArray): List<Path> =
        Files.walk(dir).use { paths ->
            paths.filter { Files.isRegularFile(it) }.filter { contains(Files.readAllBytes(it), needle) }.toList()
        }

    private fun contains(haystack: ByteArray, needle: ByteArray): Boolean =
        (0..haystack.size - needle.size).any { i -> needle.indices.all { haystack[i + it] == needle[it] } }

    @Test
    fun erasureReportsWhatWentAndLeavesNoTraceInTheFiles(@TempDir dir: Path) {
        val store = Store.open(StoreConfig(path = dir.resolve("store.db").toString()))
        val ada = store.users().create(NewUser(email = "ada@example.com", displayName = "Ada $marker"))
        val bob = store.users().create(NewUser(email = "bob@example.com", displayName = "Bob"))
        val workspace = store.workspaces().create(NewWorkspace(name = "W $marker", ownerUserId = ada.id))
        val thread = store.threads().create(workspace.id, "T $marker")
        store.messages().append(thread.id, MessageRole.USER, "hello $marker")
        assertTrue(filesHolding(dir, marker.toByteArray()).isNotEmpty())

        val erasure = store.users().eraseUserData(ada.id)
        val removed = erasure.tables.associate { it.table to it.rows }
        assertEquals(1UL, removed["users"])
        assertEquals(1UL, removed["messages"])
        assertTrue(erasure.walTruncated)
        assertEquals(emptyList<Path>(), filesHolding(dir, marker.toByteArray()))
        assertEquals("Bob", store.users().get(bob.id).displayName)
        assertTrue(store.audit().verify().intact)
        store.close()
    }

    @Test
    fun erasingNobodyOrSomeoneElseIsATypedErrorThatChangesNothing(@TempDir dir: Path) {
        val store = Store.open(StoreConfig(path = dir.resolve("store.db").toString()))
        val ada = store.users().create(NewUser(email = "ada@example.com", displayName = "Ada"))
        val bob = store.users().create(NewUser(email = "bob@example.com", displayName = "Bob"))
        assertThrows<StoreException.InvalidInput> { store.users().eraseUserData("not-an-id") }
        assertThrows<StoreException.NotFound> { store.users().eraseUserData("0193a0a0-0000-7000-8000-000000000000") }
        assertThrows<StoreException.PermissionDenied> { store.actingAs(bob.id).users().eraseUserData(ada.id) }
        assertEquals("Ada", store.users().get(ada.id).displayName)
        store.close()
    }
}
