package ai.unified.store

import ai.unified.store.model.HybridQuery
import ai.unified.store.model.IndexSettings
import ai.unified.store.model.MessageRole
import ai.unified.store.model.NewEmbedding
import ai.unified.store.model.NewMessage
import ai.unified.store.model.NewUser
import ai.unified.store.model.NewWorkspace
import ai.unified.store.model.OwnerKind
import ai.unified.store.model.PageRequest
import ai.unified.store.model.StoreException
import ai.unified.store.model.VectorFilter
import ai.unified.store.model.VectorPrecision
import ai.unified.store.model.VectorQuery
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.nio.ByteBuffer
import java.nio.ByteOrder

/**
 * Binding tests of semantic search: vectors cross as little-endian f32 bytes and back through
 * [toVectorBytes] and [toFloatArray], records, the progress listener and errors arrive intact.
 * What the search does is tested in Rust (tests/behaviour/vectors.rs).
 */
class VectorsBindingTest {
    private val model = "test-model"
    private val store = Store.openInMemory()
    private val owner = store.users().create(NewUser(email = "ada@example.com", displayName = "Ada"))
    private val workspace = store.workspaces().create(NewWorkspace(name = "W", ownerUserId = owner.id))
    private val thread = store.threads().create(workspace.id, "T")
    private val tram = store.messages().append(thread.id, MessageRole.USER, "the tram to Belém")
    private val boat = store.messages().append(thread.id, MessageRole.USER, "the ferry to Cacilhas")
    private val embeddings = store.embeddings()

    @AfterEach
    fun close() {
        store.closeStore()
        store.close()
    }

    private fun new(ownerId: String, vararg values: Float, collection: String = "messages") = NewEmbedding(
        ownerKind = OwnerKind.MESSAGE, ownerId = ownerId, collection = collection, model = model,
        vector = values.toVectorBytes(),
    )

    private fun query(vararg values: Float, k: UInt = 2u) =
        VectorQuery(collection = "messages", model = model, vector = values.toVectorBytes(), k = k)

    @Test
    fun theHelpersAreLittleEndianAndRoundTrip() {
        val values = floatArrayOf(1.0f, -2.5f, 0.0f, Float.POSITIVE_INFINITY, Float.MIN_VALUE)
        val bytes = values.toVectorBytes()
        assertEquals(20, bytes.size)
        val expected = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).apply { values.forEach { putFloat(it) } }.array()
        assertArrayEquals(expected, bytes)
        assertArrayEquals(byteArrayOf(0, 0, 0x80.toByte(), 0x3F), bytes.copyOfRange(0, 4))
        assertArrayEquals(values, bytes.toFloatArray())
        assertArrayEquals(FloatArray(0), ByteArray(0).toFloatArray())
        assertThrows<IllegalArgumentException> { ByteArray(5).toFloatArray() }
    }

    @Test
    fun upsertSearchHybridScrollConfigureOptimizeMissingAndDelete() {
        val stored = embeddings.upsert(new(tram.id, 1f, 0f, 0f))
        assertArrayEquals(floatArrayOf(1f, 0f, 0f), stored.vector.toFloatArray())
        assertEquals(3u, stored.dimensions)
        assertEquals(OwnerKind.MESSAGE, stored.ownerKind)
        assertEquals(thread.id, stored.threadId)
        assertNull(stored.projectId)
        // Records holding a ByteArray compare it by reference in Kotlin: compare the fields.
        val got = embeddings.get(OwnerKind.MESSAGE, tram.id, "messages", model)
        assertEquals(stored.id, got.id)
        assertArrayEquals(stored.vector, got.vector)
        assertEquals(1u, embeddings.upsertBatch(listOf(new(boat.id, 0f, 1f, 0f))))

        val hits = embeddings.search(query(0.9f, 0.1f, 0f))
        assertEquals(listOf(tram.id, boat.id), hits.map { it.ownerId })
        assertTrue(hits[0].score > hits[1].score)
        assertEquals(workspace.id, hits[0].workspaceId)
        val filtered = embeddings.search(
            query(0.9f, 0.1f, 0f).copy(filter = VectorFilter(threadId = thread.id), minScore = 0.5f),
        )
        assertEquals(listOf(tram.id), filtered.map { it.ownerId })

        val hybrid = embeddings.hybridSearch(HybridQuery(text = "ferry", vector = query(0.9f, 0.1f, 0f))).associateBy { it.ownerId }
        assertEquals(setOf(tram.id, boat.id), hybrid.keys)
        assertEquals(1u, hybrid.getValue(boat.id).textRank)
        assertEquals(1u, hybrid.getValue(tram.id).vectorRank)
        assertNull(hybrid.getValue(tram.id).textRank)

        val first = embeddings.scroll("messages", model, PageRequest(limit = 1u))
        assertEquals(listOf(tram.id), first.map { it.ownerId })
        val rest = embeddings.scroll("messages", model, PageRequest(limit = 10u, after = first.last().id))
        assertEquals(listOf(listOf(0f, 1f, 0f)), rest.map { it.vector.toFloatArray().toList() })

        val info = embeddings.info("messages", model)
        assertEquals(Triple(3u, 2uL, VectorPrecision.F32), Triple(info.dimensions, info.count, info.settings.precision))
        assertEquals(listOf("messages" to model), embeddings.collections().map { it.collection to it.model })
        val int8 = embeddings.configure("messages", model, IndexSettings(precision = VectorPrecision.INT8))
        assertEquals(VectorPrecision.INT8, int8.settings.precision)
        assertEquals(tram.id, embeddings.search(query(0.9f, 0.1f, 0f, k = 1u)).single().ownerId)

        val reports = mutableListOf<Pair<ULong, ULong>>()
        val optimized = embeddings.optimize("messages", model, object : ProgressListener {
            override fun onProgress(done: ULong, total: ULong): Boolean {
                reports += done to total
                return true
            }
        })
        assertEquals(2uL, optimized.count)
        assertEquals(2uL, embeddings.optimize("messages", model).count, "progress is optional")

        assertEquals(emptyList<Any>(), embeddings.missing("messages", model, OwnerKind.MESSAGE, PageRequest()))
        store.messages().edit(boat.id, "the ferry to Seixal")
        val stale = embeddings.missing("messages", model, OwnerKind.MESSAGE, PageRequest()).single()
        assertEquals(Triple(boat.id, true, workspace.id), Triple(stale.ownerId, stale.stale, stale.workspaceId))

        assertEquals(1u, embeddings.deleteOwner(OwnerKind.MESSAGE, tram.id))
        assertEquals(listOf(boat.id), embeddings.search(query(1f, 0f, 0f)).map { it.ownerId })
    }

    @Test
    fun aBadVectorIsInvalidInputNamingTheVector() {
        embeddings.upsert(new(tram.id, 1f, 0f, 0f))
        val bad = mapOf(
            "NaN" to floatArrayOf(1f, Float.NaN, 0f).toVectorBytes(),
            "infinite" to floatArrayOf(1f, Float.NEGATIVE_INFINITY, 0f).toVectorBytes(),
            "zero" to FloatArray(3).toVectorBytes(),
            "wrong dimensions" to floatArrayOf(1f, 0f).toVectorBytes(),
            "odd byte length" to byteArrayOf(0, 0, 0x80.toByte(), 0x3F, 0),
            "empty" to ByteArray(0),
        )
        for ((label, vector) in bad) {
            val calls = listOf<() -> Any>(
                { embeddings.upsert(new(tram.id).copy(vector = vector)) },
                { embeddings.upsertBatch(listOf(new(tram.id).copy(vector = vector))) },
                { embeddings.search(query().copy(vector = vector)) },
            )
            for (call in calls) {
                val error = assertThrows<StoreException.InvalidInput>(label) { call() }
                assertEquals("vector", error.field, "$label: $error")
            }
        }
        assertArrayEquals(floatArrayOf(1f, 0f, 0f), embeddings.get(OwnerKind.MESSAGE, tram.id, "messages", model).vector.toFloatArray())
    }

    @Test
    fun unknownCollectionsAndOwnersAreNotFound() {
        val unknown = assertThrows<StoreException.NotFound> { embeddings.info("nothing", model) }
        assertEquals("collection", unknown.entity)
        val search = assertThrows<StoreException.NotFound> {
            embeddings.search(VectorQuery(collection = "nothing", model = model, vector = floatArrayOf(1f).toVectorBytes(), k = 1u))
        }
        assertEquals("collection", search.entity)
        val document = assertThrows<StoreException.NotFound> {
            embeddings.upsert(new(tram.id, 1f).copy(ownerKind = OwnerKind.DOCUMENT, collection = "documents"))
        }
        assertEquals("document", document.entity)
        val k = assertThrows<StoreException.InvalidInput> { embeddings.search(query(1f, 0f, 0f, k = 0u)) }
        assertEquals("k", k.field)
    }

    /**
     * Not an assertion: the figures for a batch of 1,000 vectors of 384 dimensions, both ways,
     * as the median of 5 runs (printed; see the test report's output).
     */
    @Test
    fun measureABatchOf1000By384BothWays() {
        val count = 1000
        val dimensions = 384
        val random = java.util.Random(7)
        val owners = store.messages().appendBatch(
            (0 until count).map { NewMessage(threadId = thread.id, role = MessageRole.USER, content = "message $it") },
        ).map { it.id }
        val vectors = List(count) { FloatArray(dimensions) { random.nextFloat() - 0.5f } }
        fun median(runs: Int = 5, block: () -> Unit): Double =
            List(runs) { val start = System.nanoTime(); block(); (System.nanoTime() - start) / 1e6 }.sorted()[runs / 2]

        var bytes: List<ByteArray> = emptyList()
        val toBytes = median { bytes = vectors.map { it.toVectorBytes() } }
        val upsert = median {
            val batch = owners.zip(vectors).map { (id, vector) ->
                NewEmbedding(OwnerKind.MESSAGE, id, "measure", model, vector.toVectorBytes())
            }
            check(embeddings.upsertBatch(batch) == count.toUInt())
        }
        var read: List<FloatArray> = emptyList()
        val scroll = median {
            read = embeddings.scroll("measure", model, PageRequest(limit = count.toUInt())).map { it.vector.toFloatArray() }
        }
        val fromBytes = median { read = bytes.map { it.toFloatArray() } }
        assertArrayEquals(vectors[0], read[0])
        println(
            "vectors (Kotlin/JNA, $count x $dimensions, median of 5): " +
                "toVectorBytes %.2f ms, convert + upsertBatch %.1f ms, scroll(1000) + toFloatArray %.1f ms, toFloatArray %.2f ms"
                    .format(toBytes, upsert, scroll, fromBytes),
        )
    }
}
