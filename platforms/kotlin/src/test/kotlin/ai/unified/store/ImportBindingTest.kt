package ai.unified.store

import ai.unified.store.model.ChatFormat
import ai.unified.store.model.ImportIssueKind
import ai.unified.store.model.ImportOptions
import ai.unified.store.model.NewUser
import ai.unified.store.model.NewWorkspace
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
 * Binding tests of the chat-history import: options, the report and its issues, the progress
 * listener and the errors cross intact. What the import does is tested in Rust
 * (core/tests/import.rs).
 */
class ImportBindingTest {
    @TempDir
    lateinit var dir: Path

    /** The fixtures core's tests import, from this Maven project's directory. */
    private val fixtures: Path = Path.of("../../core/tests/fixtures/import").toAbsolutePath().normalize()

    private fun openWithWorkspace(): Pair<Store, String> {
        val store = Store.open(StoreConfig(path = dir.resolve("store.db").toString()))
        val ada = store.users().create(NewUser(email = "ada@example.com", displayName = "Ada"))
        return store to store.workspaces().create(NewWorkspace(name = "Imports", ownerUserId = ada.id)).id
    }

    private class Recorder(val answer: Boolean = true) : ProgressListener {
        val reports = mutableListOf<Pair<ULong, ULong>>()

        override fun onProgress(done: ULong, total: ULong): Boolean {
            reports += done to total
            return answer
        }
    }

    @Test
    fun aChatGptExportImportsOnceWithProgressAndAReport() {
        val (store, workspaceId) = openWithWorkspace()
        val file = fixtures.resolve("chatgpt.json")
        val options = ImportOptions(format = ChatFormat.CHAT_GPT, workspaceId = workspaceId)
        val recorder = Recorder()
        val report = store.importChatHistory(file.toString(), options, recorder)
        assertEquals(4uL, report.threadsAdded)
        assertEquals(20uL, report.messagesAdded)
        assertEquals(6uL, report.conversationsSkipped)
        assertTrue(report.issues.any { it.kind == ImportIssueKind.CONVERSATION_SKIPPED && it.reason.contains("cycle") })
        val size = Files.size(file).toULong()
        assertEquals(2uL * size to 2uL * size, recorder.reports.last())
        val hits = store.messages().search(SearchQuery(text = "mercury", syntax = QuerySyntax.PLAIN))
        assertEquals(2, hits.size)

        val again = store.importChatHistory(file.toString(), options)
        assertEquals(0uL, again.messagesAdded)
        store.closeStore()
    }

    @Test
    fun importErrorsArriveTyped() {
        val (store, workspaceId) = openWithWorkspace()
        val options = ImportOptions(format = ChatFormat.CLAUDE, workspaceId = workspaceId)
        val wrong = assertThrows<StoreException.InvalidInput> {
            store.importChatHistory(fixtures.resolve("chatgpt.json").toString(), options)
        }
        assertEquals("file", wrong.field)
        assertThrows<StoreException.Cancelled> {
            store.importChatHistory(fixtures.resolve("claude.json").toString(), options, Recorder(answer = false))
        }
        store.closeStore()
    }
}
