package ai.unified.store

import ai.unified.store.model.MessageRole
import ai.unified.store.model.NewAttachmentFile
import ai.unified.store.model.NewUser
import ai.unified.store.model.NewWorkspace
import ai.unified.store.model.StoreConfig
import ai.unified.store.model.StoreException
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.io.ByteArrayInputStream
import java.nio.file.Files
import java.nio.file.Path
import java.util.zip.ZipFile
import java.util.zip.ZipInputStream

/**
 * Binding tests of the GDPR export: the archive to a file and in memory, with progress, cancel
 * and typed errors. What the archive holds is tested in Rust (core/tests/export.rs).
 */
class ExportBindingTest {
    private fun populate(store: Store): String {
        val owner = store.users().create(NewUser(email = "ada@example.com", displayName = "Ada"))
        val workspace = store.workspaces().create(NewWorkspace(name = "W", ownerUserId = owner.id))
        val thread = store.threads().create(workspace.id, "T")
        val message = store.messages().append(thread.id, MessageRole.USER, "hello from Ada")
        val file = NewAttachmentFile(messageId = message.id, filename = "notes.txt", mime = "text/plain")
        store.attachments().write(file, "Ada's notes".toByteArray())
        return owner.id
    }

    @Test
    fun theArchiveArrivesOnDiskAndInMemoryWithProgress(@TempDir dir: Path) {
        val store = Store.open(StoreConfig(path = dir.resolve("store.db").toString()))
        val user = populate(store)
        val reports = mutableListOf<Pair<ULong, ULong>>()
        val target = dir.resolve("ada.zip")
        val export = store.users().exportUserData(user, target.toString(), object : ProgressListener {
            override fun onProgress(done: ULong, total: ULong): Boolean {
                reports += done to total
                return true
            }
        })
        assertEquals(Files.size(target).toULong(), export.bytes)
        assertEquals(1uL, export.attachmentFiles)
        assertTrue(reports.isNotEmpty())
        val names = ZipFile(target.toFile()).use { zip ->
            val manifest = String(zip.getInputStream(zip.getEntry("manifest.json")).readBytes())
            assertTrue(manifest.contains("\"unified-store user export\""), manifest)
            val messages = String(zip.getInputStream(zip.getEntry("tables/messages.json")).readBytes())
            assertTrue(messages.contains("hello from Ada"), messages)
            val file = zip.entries().toList().single { it.name.startsWith("attachments/") }
            assertArrayEquals("Ada's notes".toByteArray(), zip.getInputStream(file).readBytes())
            zip.entries().toList().map { it.name }.sorted()
        }
        val inMemory = mutableListOf<String>()
        ZipInputStream(ByteArrayInputStream(store.users().exportUserDataBytes(user))).use { zip ->
            generateSequence { zip.nextEntry }.forEach { inMemory += it.name }
        }
        assertEquals(names, inMemory.sorted())
    }

    @Test
    fun exportErrorsAreTypedAndLeaveNoArchive(@TempDir dir: Path) {
        val store = Store.open(StoreConfig(path = dir.resolve("store.db").toString()))
        val user = populate(store)
        val existing = dir.resolve("exists.zip")
        Files.write(existing, "keep me".toByteArray())
        val refused = assertThrows<StoreException.InvalidInput> { store.users().exportUserData(user, existing.toString()) }
        assertEquals("path", refused.field)
        assertArrayEquals("keep me".toByteArray(), Files.readAllBytes(existing))
        assertThrows<StoreException.NotFound> {
            store.users().exportUserData("00000000-0000-7000-8000-000000000000", dir.resolve("a.zip").toString())
        }
        assertThrows<StoreException.Cancelled> {
            store.users().exportUserData(user, dir.resolve("a.zip").toString(), object : ProgressListener {
                override fun onProgress(done: ULong, total: ULong) = false
            })
        }
        assertFalse(Files.exists(dir.resolve("a.zip")) || Files.exists(dir.resolve("a.zip.part")))
    }
}
