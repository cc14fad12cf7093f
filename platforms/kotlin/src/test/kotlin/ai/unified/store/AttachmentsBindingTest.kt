package ai.unified.store

import ai.unified.store.model.AttachmentBytes
import ai.unified.store.model.MessageRole
import ai.unified.store.model.NewAttachmentFile
import ai.unified.store.model.NewUser
import ai.unified.store.model.NewWorkspace
import ai.unified.store.model.StorageCategory
import ai.unified.store.model.StoreConfig
import ai.unified.store.model.StoreException
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.io.ByteArrayOutputStream
import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest
import kotlin.random.Random

/**
 * Binding tests of attachment bytes: streamed in through a writer and out through a reader, whole
 * through write/read, errors typed. What the store does with the files is tested in Rust
 * (core/tests/attachments.rs).
 */
class AttachmentsBindingTest {
    private fun openWithMessage(store: Store): NewAttachmentFile {
        val owner = store.users().create(NewUser(email = "a@example.com", displayName = "A"))
        val workspace = store.workspaces().create(NewWorkspace(name = "W", ownerUserId = owner.id))
        val thread = store.threads().create(workspace.id, "T")
        val message = store.messages().append(thread.id, MessageRole.USER, "see attached")
        return NewAttachmentFile(messageId = message.id, filename = "photo.jpg", mime = "image/jpeg")
    }

    @Test
    fun bytesStreamInAndOutOfAFileStore(@TempDir dir: Path) {
        val store = Store.open(StoreConfig(path = dir.resolve("store.db").toString()))
        val file = openWithMessage(store)
        val data = Random(7).nextBytes(300_000)
        val writer = store.attachments().writer(file)
        data.asList().chunked(65_536).forEach { writer.write(it.toByteArray()) }
        val stored = writer.finish()
        assertEquals(data.size.toULong(), stored.sizeBytes)
        val sha = MessageDigest.getInstance("SHA-256").digest(data).joinToString("") { "%02x".format(it) }
        assertEquals(sha, stored.sha256)
        assertEquals(AttachmentBytes.LOCAL, stored.bytes)
        assertEquals("writer", assertThrows<StoreException.InvalidInput> { writer.finish() }.field)

        val reader = store.attachments().reader(stored.id)
        val out = ByteArrayOutputStream()
        while (true) {
            val chunk = reader.read(50_000u)
            if (chunk.isEmpty()) break
            out.write(chunk)
        }
        assertArrayEquals(data, out.toByteArray())
        assertArrayEquals(data, store.attachments().read(stored.id))
        assertEquals(true, Files.isDirectory(dir.resolve("store.db-blobs")))
        store.closeStore()
        store.close()
    }

    @Test
    fun wholeBytesAndTypedErrors() {
        val store = Store.openInMemory()
        val file = openWithMessage(store)
        val stored = store.attachments().write(file, "hello".toByteArray())
        assertArrayEquals("hello".toByteArray(), store.attachments().read(stored.id))
        val bad = assertThrows<StoreException.InvalidInput> { store.attachments().write(file.copy(filename = "a/b"), byteArrayOf(1)) }
        assertEquals("filename", bad.field)
        assertThrows<StoreException.NotFound> { store.attachments().read("00000000-0000-7000-8000-000000000000") }
        val used = store.storage().stats().categories.first { it.category == StorageCategory.ATTACHMENTS }
        store.storage().setQuota(store.storage().quota().copy(attachmentsBytes = used.estimatedBytes + 10uL))
        val over = assertThrows<StoreException.QuotaExceeded> { store.attachments().write(file, ByteArray(100)) }
        assertEquals("attachments", over.category)
        store.closeStore()
        store.close()
    }
}
