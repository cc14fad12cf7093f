package ai.unified.store

import ai.unified.store.model.KdfParams
import ai.unified.store.model.MessageRole
import ai.unified.store.model.NewProviderConfig
import ai.unified.store.model.NewUser
import ai.unified.store.model.NewWorkspace
import ai.unified.store.model.PageRequest
import ai.unified.store.model.ProviderKind
import ai.unified.store.model.QuerySyntax
import ai.unified.store.model.SearchQuery
import ai.unified.store.model.SecretKind
import ai.unified.store.model.StoreConfig
import ai.unified.store.model.StoreException
import ai.unified.store.model.StoreKey
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
 * Binding tests of encryption at rest: keys, KDF parameters, the progress listener (a Kotlin
 * object called from Rust) and the new errors cross intact. What encryption does is tested
 * in Rust (core/tests).
 */
class EncryptionBindingTest {
    @TempDir
    lateinit var dir: Path

    private val file get() = dir.resolve("store.db")

    private fun open(key: StoreKey?): Store = Store.open(StoreConfig(path = file.toString(), key = key, kdf = FAST))

    /** Writes a thread of two messages; returns the thread's id. */
    private fun Store.fill(): String {
        val ada = users().create(NewUser(email = "ada@example.com", displayName = "Ada", locale = "en"))
        val workspace = workspaces().create(NewWorkspace(name = "Research", ownerUserId = ada.id))
        val thread = threads().create(workspace.id, "Secrets")
        messages().append(thread.id, MessageRole.USER, "Encrypt the store at rest?")
        messages().append(thread.id, MessageRole.ASSISTANT, "Every page, with its own data key.")
        return thread.id
    }

    private fun Store.contents(threadId: String) = messages().list(threadId, PageRequest()).map { it.content }

    private fun Store.search(text: String) =
        messages().search(SearchQuery(text = text, syntax = QuerySyntax.PLAIN)).map { it.message.content }

    /** Records every report; answers [answer], or throws [failure]. */
    private class Recorder(val answer: Boolean = true, val failure: Exception? = null) : ProgressListener {
        val reports = mutableListOf<Pair<ULong, ULong>>()

        override fun onProgress(done: ULong, total: ULong): Boolean {
            reports += done to total
            failure?.let { throw it }
            return answer
        }
    }

    private fun opensOnlyWith(key: StoreKey) {
        val store = open(key)
        assertTrue(store.hasKey())
        val threadId = store.fill()
        assertEquals(listOf("Encrypt the store at rest?"), store.search("encrypt"))
        store.closeStore()
        store.close()
        assertTrue(Files.exists(dir.resolve("store.db-keys")))

        val wrong = assertThrows<StoreException.InvalidKey> { open(OTHER_RAW) }
        assertTrue(wrong.reason.isNotEmpty())
        assertThrows<StoreException.InvalidKey> { open(StoreKey.Passphrase("wrong")) }
        assertThrows<StoreException.InvalidKey> { open(null) }

        open(key).use { reopened ->
            assertEquals(listOf("Every page, with its own data key.", "Encrypt the store at rest?"), reopened.contents(threadId))
            reopened.closeStore()
        }
    }

    @Test
    fun `a store made with a raw key opens only with it`() = opensOnlyWith(RAW)

    @Test
    fun `a store made with a passphrase opens only with it`() = opensOnlyWith(PASSPHRASE)

    @Test
    fun `changeKey refuses the old key and opens with the new`() {
        val threadId = open(RAW).use { store ->
            val threadId = store.fill()
            store.changeKey(PASSPHRASE, FAST)
            store.closeStore()
            threadId
        }
        assertThrows<StoreException.InvalidKey> { open(RAW) }
        open(PASSPHRASE).use { store ->
            assertEquals(2, store.contents(threadId).size)
            store.closeStore()
        }
    }

    @Test
    fun `rekey reports growing progress to the end and keeps the data`() {
        val threadId = open(RAW).use { store ->
            val threadId = store.fill()
            val recorder = Recorder()
            store.rekey(recorder)
            val reports = recorder.reports
            assertTrue(reports.isNotEmpty(), "no progress reported")
            assertEquals(reports.map { it.first }.sorted(), reports.map { it.first })
            assertTrue(reports.all { (done, total) -> done <= total }, reports.toString())
            assertEquals(reports.last().second, reports.last().first)
            assertTrue(reports.last().first > 0uL)
            store.rekey() // no listener
            assertEquals(listOf("Every page, with its own data key."), store.search("page"))
            store.closeStore()
            threadId
        }
        open(RAW).use { store ->
            assertEquals(2, store.contents(threadId).size)
            store.closeStore()
        }
    }

    private fun cancelledBy(recorder: Recorder) {
        val threadId = open(RAW).use { store ->
            val threadId = store.fill()
            assertThrows<StoreException.Cancelled> { store.rekey(recorder) }
            assertEquals(1, recorder.reports.size)
            assertEquals(2, store.contents(threadId).size)
            store.closeStore()
            threadId
        }
        open(RAW).use { store ->
            assertEquals(2, store.contents(threadId).size)
            store.closeStore()
        }
    }

    @Test
    fun `a listener returning false cancels and the data stays`() = cancelledBy(Recorder(answer = false))

    @Test
    fun `a listener that throws cancels and the data stays`() =
        cancelledBy(Recorder(failure = IllegalStateException("listener failed")))

    @Test
    fun `encrypt in place, then decrypt in place`() {
        val threadId = open(null).use { store ->
            assertFalse(store.hasKey())
            val threadId = store.fill()
            val recorder = Recorder()
            store.encryptInPlace(PASSPHRASE, FAST, recorder)
            assertEquals(recorder.reports.last().second, recorder.reports.last().first)
            store.closeStore()
            threadId
        }
        assertThrows<StoreException.InvalidKey> { open(null) }
        open(PASSPHRASE).use { store ->
            store.decryptInPlace()
            store.closeStore()
        }
        open(null).use { store ->
            assertEquals(2, store.contents(threadId).size)
            store.closeStore()
        }
    }

    @Test
    fun `provider secrets are sealed, revealed and cleared`() = open(RAW).use { store ->
        val owner = store.users().create(NewUser(email = "ada@example.com", displayName = "Ada", locale = "en"))
        val config = store.providers().create(
            NewProviderConfig(userId = owner.id, kind = ProviderKind.OPEN_AI, displayName = "OpenAI"),
        )
        store.providers().setSecret(config.id, SecretKind.API_KEY, "sk-test-123")
        assertEquals("sk-test-123", store.providers().revealSecret(config.id, SecretKind.API_KEY))
        assertEquals(listOf(SecretKind.API_KEY), store.providers().secrets(config.id))
        assertNull(store.providers().revealSecret(config.id, SecretKind.REFRESH_TOKEN))

        val exported = store.exportSecretsKeys(PASSPHRASE)
        assertTrue(exported.isNotEmpty())
        assertEquals(0u, store.importSecretsKeys(exported, PASSPHRASE)) // its own keys: nothing new
        assertThrows<StoreException.InvalidKey> { store.importSecretsKeys(exported, StoreKey.Passphrase("wrong")) }

        store.providers().clearSecret(config.id, SecretKind.API_KEY)
        assertEquals(emptyList<SecretKind>(), store.providers().secrets(config.id))
        store.closeStore()
    }

    @Test
    fun `a raw key of the wrong length is InvalidInput`() {
        val error = assertThrows<StoreException.InvalidInput> { open(StoreKey.Raw(ByteArray(16))) }
        assertEquals("key", error.field)
        assertFalse(Files.exists(file))
    }

    private companion object {
        /** Argon2id's minimum: fast, and guards nothing (tests only). */
        val FAST = KdfParams(memoryKib = 8u, iterations = 1u, parallelism = 1u)
        val RAW = StoreKey.Raw(ByteArray(32) { it.toByte() })
        val OTHER_RAW = StoreKey.Raw(ByteArray(32))
        val PASSPHRASE = StoreKey.Passphrase("correct horse battery staple")
    }
}
