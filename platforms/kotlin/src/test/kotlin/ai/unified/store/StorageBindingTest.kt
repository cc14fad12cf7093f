package ai.unified.store

import ai.unified.store.model.MaintenancePolicy
import ai.unified.store.model.MessageRole
import ai.unified.store.model.NewUser
import ai.unified.store.model.NewWorkspace
import ai.unified.store.model.StorageCategory
import ai.unified.store.model.StorageStats
import ai.unified.store.model.StoreException
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/**
 * Binding tests of storage accounting and the quota: records, the category enum, unsigned byte
 * counts and `QuotaExceeded` arrive intact. What is counted is tested in Rust
 * (tests/behaviour/storage.rs).
 */
class StorageBindingTest {
    private val store = Store.openInMemory()
    private val storage = store.storage()
    private val owner = store.users().create(NewUser(email = "q@example.com", displayName = "Q"))
    private val workspace = store.workspaces().create(NewWorkspace(name = "W", ownerUserId = owner.id))
    private val thread = store.threads().create(workspace.id, "T")

    @AfterEach
    fun close() {
        store.closeStore()
        store.close()
    }

    private fun StorageStats.messages() = categories.first { it.category == StorageCategory.MESSAGES }

    @Test
    fun statsQuotaAndQuotaExceededCross() {
        assertEquals(10_000_000_000uL, storage.quota().totalBytes)
        store.messages().append(thread.id, MessageRole.USER, "x".repeat(1000))
        val stats = storage.stats()
        assertEquals(StorageCategory.entries, stats.categories.map { it.category })
        assertTrue(stats.messages().logicalBytes >= 1000uL)
        assertEquals(2uL, storage.threadUsage(thread.id).messages().rows)
        assertEquals(2uL, storage.workspaceUsage(workspace.id).messages().rows)

        storage.setQuota(storage.quota().copy(messagesBytes = stats.messages().estimatedBytes))
        val refused = assertThrows<StoreException.QuotaExceeded> {
            store.messages().append(thread.id, MessageRole.USER, "one more")
        }
        assertEquals("messages", refused.category)
        assertEquals(stats.messages().estimatedBytes, refused.limit)
        assertTrue(refused.needed > 0uL)
        assertTrue(storage.canStore(0uL, StorageCategory.MESSAGES))
        assertFalse(storage.canStore(1uL, StorageCategory.MESSAGES))
        assertFalse(storage.canStore(ULong.MAX_VALUE, StorageCategory.METADATA))
        assertEquals(stats.messages().logicalBytes, storage.recount().messages().logicalBytes)
    }

    @Test
    fun maintenanceReportsStepsProgressAndCancels() {
        val reports = mutableListOf<Pair<ULong, ULong>>()
        val report = storage.maintain(MaintenancePolicy(), object : ProgressListener {
            override fun onProgress(done: ULong, total: ULong): Boolean {
                reports += done to total
                return true
            }
        })
        assertTrue(report.ran)
        assertEquals(listOf("archive", "evict", "vectors", "reclaim"), report.steps.map { it.step })
        assertEquals(0uL, report.steps[0].items)
        assertTrue(reports.isNotEmpty())
        assertThrows<StoreException.Cancelled> {
            storage.maintain(MaintenancePolicy(), object : ProgressListener {
                override fun onProgress(done: ULong, total: ULong) = false
            })
        }
        assertFalse(storage.maintenanceDue(MaintenancePolicy()))
        assertEquals("vectors", storage.maintain(MaintenancePolicy(reclaimSpace = false)).steps.last().step)
    }

    @Test
    fun badQuotasAndIdsAreTyped() {
        val tooBig = assertThrows<StoreException.InvalidInput> {
            storage.setQuota(storage.quota().copy(totalBytes = ULong.MAX_VALUE))
        }
        assertEquals("total_bytes", tooBig.field)
        val badId = assertThrows<StoreException.InvalidInput> { storage.threadUsage("not-a-uuid") }
        assertEquals("thread_id", badId.field)
        assertThrows<StoreException.NotFound> { storage.workspaceUsage("00000000-0000-7000-8000-000000000000") }
        assertEquals(10_000_000_000uL, storage.quota().totalBytes)
    }
}
