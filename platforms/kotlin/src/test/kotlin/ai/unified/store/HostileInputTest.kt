package ai.unified.store

import ai.unified.store.model.InteractionStatus
import ai.unified.store.model.MessageRole
import ai.unified.store.model.NewInteraction
import ai.unified.store.model.HybridQuery
import ai.unified.store.model.NewEmbedding
import ai.unified.store.model.NewInvoice
import ai.unified.store.model.NewSubscription
import ai.unified.store.model.NewUser
import ai.unified.store.model.NewWorkspace
import ai.unified.store.model.OwnerKind
import ai.unified.store.model.PageRequest
import ai.unified.store.model.PlanTier
import ai.unified.store.model.ProviderKind
import ai.unified.store.model.QuerySyntax
import ai.unified.store.model.SearchQuery
import ai.unified.store.model.StoreConfig
import ai.unified.store.model.StoreException
import ai.unified.store.model.SubscriptionStatus
import ai.unified.store.model.VectorQuery
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.DynamicTest.dynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.fail
import org.junit.jupiter.api.io.TempDir
import java.nio.charset.CharacterCodingException
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.atomic.AtomicInteger

/**
 * Hostile input through the Kotlin binding: a catalogue of bad values fed to a sample of calls
 * in every domain, one dynamic test per call and value.
 *
 * Kotlin's types refuse at compile time what the Rust types cannot carry (null where a value
 * is required, negative unsigned numbers, a value of the wrong type), so every value here
 * reaches the store, which must either take it or refuse it with StoreException.InvalidInput
 * naming the field (NotFound or Conflict where an id or a unique value makes that the answer);
 * never Storage, never a crash. The one exception is a String holding a lone surrogate, which
 * UTF-8 cannot carry: UniFFI's generated lowering refuses it with
 * java.nio.charset.MalformedInputException (a CharacterCodingException) before Rust is called.
 * Every error's message is shorter than 1,000 characters, and the store answers reads after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {
    /** One directory for the class (JUnit makes and removes it), set before any case runs. */
    private lateinit var dir: Path

    private val store by lazy { Store.open(StoreConfig(path = dir.resolve("hostile.db").toString())) }
    private val user by lazy { store.users().create(NewUser(email = "owner@example.com", displayName = "Owner")).id }
    private val workspace by lazy { store.workspaces().create(NewWorkspace(name = "W", ownerUserId = user)).id }
    private val thread by lazy { store.threads().create(workspace, "T").id }
    private val message by lazy { store.messages().append(thread, MessageRole.USER, "hello").id }
    private val subscription by lazy {
        store.subscriptions().create(
            NewSubscription(
                ownerUserId = user, tier = PlanTier.PRO, status = SubscriptionStatus.ACTIVE,
                periodStart = 0, periodEnd = TIME_MAX,
            ),
        ).id
    }
    private val unique = AtomicInteger()

    /** The store's embeddings, holding one 3-dimensional vector of [message] in "hostile". */
    private val embeddings by lazy {
        store.embeddings().apply { upsert(embedding(message)) }
    }

    /** Makes the store and every record the calls need before any case runs. */
    @BeforeAll
    fun makeRecords(@TempDir dir: Path) {
        this.dir = dir
        assertEquals(5, listOf(user, workspace, thread, message, subscription).toSet().size)
    }

    @AfterAll
    fun close() {
        store.closeStore()
        store.close()
    }

    /** What a case must get. */
    private sealed interface Expect {
        data object Taken : Expect
        data class Refused(val field: String) : Expect
        data object Absent : Expect
        data class Either(val field: String) : Expect
    }

    /** Runs [call] and checks its outcome against [expect], then that the store still reads. */
    private fun check(expect: Expect, call: () -> Any?) {
        try {
            call()
            assertTrue(expect is Expect.Taken || expect is Expect.Either) { "taken, but should be $expect" }
        } catch (error: StoreException) {
            val message = error.message ?: ""
            assertTrue(message.length < 1000) { "a message of ${message.length} characters" }
            when {
                expect is Expect.Taken -> fail("refused: $error")
                expect is Expect.Absent -> assertTrue(error is StoreException.NotFound) { "$error" }
                expect is Expect.Either && (error is StoreException.NotFound || error is StoreException.Conflict) -> {}
                else -> {
                    val field = (expect as? Expect.Refused)?.field ?: (expect as Expect.Either).field
                    assertTrue(error is StoreException.InvalidInput) { "$error" }
                    assertEquals(field, (error as StoreException.InvalidInput).field, "$error")
                }
            }
        }
        assertEquals(thread, store.threads().get(thread).id, "the store still reads")
    }

    private fun interaction(
        model: String = "claude",
        currency: String = "USD",
        threadId: String? = null,
        occurredAt: Long? = null,
        costMicros: ULong = 10uL,
        promptTokens: UInt = 0u,
    ) = NewInteraction(
        provider = ProviderKind.ANTHROPIC, model = model, currency = currency, threadId = threadId,
        occurredAt = occurredAt, costMicros = costMicros, promptTokens = promptTokens,
        status = InteractionStatus.SUCCEEDED,
    )

    private fun plan(ownerUserId: String? = user, start: Long = 0, end: Long = TIME_MAX, quota: ULong? = null) =
        NewSubscription(
            ownerUserId = ownerUserId, tier = PlanTier.FREE, status = SubscriptionStatus.TRIALING,
            periodStart = start, periodEnd = end, storageQuotaBytes = quota,
        )

    private fun invoice(subscriptionId: String = subscription, number: String? = null, amount: ULong = 100uL, issuedAt: Long? = null) =
        NewInvoice(
            subscriptionId = subscriptionId, number = number ?: "INV-${unique.incrementAndGet()}",
            amountMinor = amount, currency = "EUR", issuedAt = issuedAt,
        )

    private fun embedding(
        ownerId: String = message,
        kind: OwnerKind = OwnerKind.MESSAGE,
        collection: String = "hostile",
        model: String = "m",
        vector: ByteArray = floatArrayOf(1f, 0f, 0f).toVectorBytes(),
    ) = NewEmbedding(ownerKind = kind, ownerId = ownerId, collection = collection, model = model, vector = vector)

    private fun vectorQuery(
        collection: String = "hostile",
        model: String = "m",
        vector: ByteArray = floatArrayOf(1f, 0f, 0f).toVectorBytes(),
        k: UInt = 1u,
        minScore: Float? = null,
    ) = VectorQuery(collection = collection, model = model, vector = vector, k = k, minScore = minScore)

    /** A call with one text slot: its name, the field, the kind of slot, the call. */
    private class TextCall(val name: String, val field: String, val kind: String, val call: (String) -> Any?)

    private fun textCalls() = listOf(
        TextCall("users.create", "email", "other") { store.users().create(NewUser(email = it, displayName = "D")) },
        TextCall("users.create", "display_name", "name") {
            store.users().create(NewUser(email = "u${unique.incrementAndGet()}@example.com", displayName = it))
        },
        TextCall("workspaces.create", "name", "name") { store.workspaces().create(NewWorkspace(name = it, ownerUserId = user)) },
        TextCall("workspaces.create", "owner_user_id", "id") {
            store.workspaces().create(NewWorkspace(name = "W", ownerUserId = it))
        },
        TextCall("workspaces.rename", "name", "name") { store.workspaces().rename(workspace, it) },
        TextCall("workspaces.rename", "id", "id") { store.workspaces().rename(it, "W") },
        TextCall("threads.create", "title", "name") { store.threads().create(workspace, it) },
        TextCall("threads.create", "workspace_id", "id") { store.threads().create(it, "T") },
        TextCall("threads.rename", "title", "name") { store.threads().rename(thread, it) },
        TextCall("messages.append", "content", "content") { store.messages().append(thread, MessageRole.USER, it) },
        TextCall("messages.append", "thread_id", "id") { store.messages().append(it, MessageRole.USER, "x") },
        TextCall("messages.edit", "content", "content") { store.messages().edit(message, it) },
        // A message's id is the "other kind" elsewhere; here a user's is.
        TextCall("messages.edit", "id", "id") { store.messages().edit(if (it == message) user else it, "x") },
        TextCall("messages.search", "query", "query") {
            store.messages().search(SearchQuery(text = it, syntax = QuerySyntax.PLAIN))
        },
        TextCall("messages.search", "workspace_id", "filter-id") {
            store.messages().search(SearchQuery(text = "x", syntax = QuerySyntax.PLAIN, workspaceId = it))
        },
        TextCall("settings.set", "key", "other") { store.settings().set(user, it, "1") },
        TextCall("settings.set", "value_json", "other") { store.settings().set(user, "k", it) },
        TextCall("settings.set", "user_id", "id") { store.settings().set(it, "k", "1") },
        TextCall("interactions.record", "model", "name") { store.interactions().record(interaction(model = it)) },
        TextCall("interactions.record", "currency", "other") { store.interactions().record(interaction(currency = it)) },
        TextCall("interactions.record", "thread_id", "id") { store.interactions().record(interaction(threadId = it)) },
        TextCall("invoices.issue", "number", "other") { store.invoices().issue(invoice(number = it)) },
        TextCall("invoices.issue", "subscription_id", "id") { store.invoices().issue(invoice(subscriptionId = it)) },
        TextCall("subscriptions.create", "owner_user_id", "id") { store.subscriptions().create(plan(ownerUserId = it)) },
        // A message's id is the "other kind" here: the owner asked for is a document.
        TextCall("embeddings.upsert", "owner_id", "id") { embeddings.upsert(embedding(ownerId = it, kind = OwnerKind.DOCUMENT)) },
        TextCall("embeddings.upsert", "collection", "other") { embeddings.upsert(embedding(collection = it)) },
        TextCall("embeddings.upsert", "model", "other") { embeddings.upsert(embedding(model = it)) },
        TextCall("embeddings.search", "collection", "other") { embeddings.search(vectorQuery(collection = it)) },
        TextCall("embeddings.hybridSearch", "query", "query") {
            embeddings.hybridSearch(HybridQuery(text = it, vector = vectorQuery()))
        },
        // Removing the vectors of an owner that has none removes nothing.
        TextCall("embeddings.deleteOwner", "owner_id", "filter-id") { embeddings.deleteOwner(OwnerKind.DOCUMENT, it) },
        TextCall("embeddings.missing", "model", "other") {
            embeddings.missing("hostile", it, OwnerKind.MESSAGE, PageRequest())
        },
    )

    /** The text values, by name; "other-kind-id" is a real id of a message. */
    private fun texts(): List<Pair<String, String>> = listOf(
        "empty" to "",
        "blank" to "   ",
        "nul-inside" to "a\u0000b",
        "nul-leading" to "\u0000a",
        "control" to "a\u001b[31mb",
        "zero-width-only" to "\u200b\u200c",
        "200-chars" to "n".repeat(200),
        "201-chars" to "n".repeat(201),
        "10MB" to TEN_MB,
        "missing-id" to MISSING_ID,
        "other-kind-id" to message,
    )

    /** What a slot of [kind] must do with text value [label], refusing on [field]. */
    private fun expectText(kind: String, label: String, field: String): Expect {
        val noRuleTakes = label in setOf("nul-inside", "nul-leading", "10MB")
        return when (kind) {
            "name" -> if (label in setOf("200-chars", "missing-id", "other-kind-id")) Expect.Taken else Expect.Refused(field)
            "content" -> if (noRuleTakes) Expect.Refused(field) else Expect.Taken
            "id" -> if (label == "missing-id" || label == "other-kind-id") Expect.Absent else Expect.Refused(field)
            "filter-id" -> if (label == "missing-id" || label == "other-kind-id") Expect.Either(field) else Expect.Refused(field)
            "query" -> if (label == "10MB") Expect.Refused(field) else Expect.Either(field)
            else -> if (noRuleTakes) Expect.Refused(field) else Expect.Either(field)
        }
    }

    @TestFactory
    fun `hostile text`(): List<DynamicTest> = textCalls().flatMap { call ->
        texts().map { (label, value) ->
            dynamicTest("${call.name}.${call.field} = $label") { check(expectText(call.kind, label, call.field)) { call.call(value) } }
        }
    }

    @TestFactory
    fun `a lone surrogate is refused by the generated lowering before Rust is called`(): List<DynamicTest> {
        val surrogates = listOf("high" to "\uD800", "low-inside" to "ab\uDFFFcd", "reversed-pair" to "\uDC00\uD800")
        return textCalls().flatMap { call ->
            surrogates.map { (label, value) ->
                dynamicTest("${call.name}.${call.field} = $label surrogate") {
                    val before = store.messages().list(thread, PageRequest(limit = 1000u))
                    val error = assertThrows<CharacterCodingException> { call.call(value) }
                    assertTrue((error.message ?: "").length < 1000)
                    assertEquals(before, store.messages().list(thread, PageRequest(limit = 1000u)), "nothing written")
                }
            }
        }
    }

    /** A number slot: the call, the field, the call with the value, values taken and refused. */
    private class NumberCall<T>(val name: String, val field: String, val taken: List<T>, val refused: List<T>, val call: (T) -> Any?)

    private fun numberCalls(): List<NumberCall<*>> = listOf(
        NumberCall("interactions.record", "occurred_at", listOf(0L, TIME_MAX), TIMES_REFUSED) {
            store.interactions().record(interaction(occurredAt = it))
        },
        NumberCall("interactions.record", "cost_micros", listOf(0uL, AMOUNT_MAX), AMOUNTS_REFUSED) {
            store.interactions().record(interaction(costMicros = it))
        },
        NumberCall("interactions.record", "prompt_tokens", listOf(0u, UInt.MAX_VALUE), emptyList()) {
            store.interactions().record(interaction(promptTokens = it))
        },
        NumberCall("subscriptions.create", "period_start", listOf(0L, TIME_MAX - 1), TIMES_REFUSED) {
            store.subscriptions().create(plan(start = it))
        },
        // 0 is a time, but not after the start of 0.
        NumberCall("subscriptions.create", "period_end", listOf(1L, TIME_MAX), TIMES_REFUSED + 0L) {
            store.subscriptions().create(plan(end = it))
        },
        NumberCall("subscriptions.create", "storage_quota_bytes", listOf(0uL, AMOUNT_MAX), AMOUNTS_REFUSED) {
            store.subscriptions().create(plan(quota = it))
        },
        NumberCall("invoices.issue", "amount_minor", listOf(0uL, AMOUNT_MAX), AMOUNTS_REFUSED) {
            store.invoices().issue(invoice(amount = it))
        },
        NumberCall("invoices.issue", "issued_at", listOf(0L, TIME_MAX), TIMES_REFUSED) {
            store.invoices().issue(invoice(issuedAt = it))
        },
        NumberCall("workspaces.list", "limit", listOf(1u, 1000u), listOf(0u, 1001u, UInt.MAX_VALUE)) {
            store.workspaces().list(PageRequest(limit = it))
        },
        NumberCall("settings.setI64", "value", listOf(Long.MIN_VALUE, 0L, Long.MAX_VALUE), emptyList()) {
            store.settings().setI64(user, "n", it)
        },
        NumberCall("embeddings.search", "k", listOf(1u, 1000u), listOf(0u, 1001u, UInt.MAX_VALUE)) {
            embeddings.search(vectorQuery(k = it))
        },
        NumberCall(
            "embeddings.search", "min_score", listOf(-1f, 0f, 1f),
            listOf(Float.NaN, 1.0001f, -2f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY),
        ) { embeddings.search(vectorQuery(minScore = it)) },
    )

    /** Vectors no rule takes: each is InvalidInput naming "vector", in every call that takes one. */
    private fun badVectors(): List<Pair<String, ByteArray>> = listOf(
        "NaN" to floatArrayOf(Float.NaN, 0f, 0f).toVectorBytes(),
        "infinite" to floatArrayOf(Float.POSITIVE_INFINITY, 0f, 0f).toVectorBytes(),
        "zero" to FloatArray(3).toVectorBytes(),
        "empty" to ByteArray(0),
        "odd-byte-length" to ByteArray(13) { 1 },
        "wrong-dimensions" to floatArrayOf(1f, 0f).toVectorBytes(),
        "4097-dimensions" to FloatArray(4097) { 1f }.toVectorBytes(),
        "10MB" to ByteArray(10 shl 20),
    )

    @TestFactory
    fun `hostile vectors`(): List<DynamicTest> {
        val calls = listOf<Pair<String, (ByteArray) -> Any?>>(
            "embeddings.upsert" to { embeddings.upsert(embedding(vector = it)) },
            "embeddings.upsertBatch" to { embeddings.upsertBatch(listOf(embedding(), embedding(vector = it))) },
            "embeddings.search" to { embeddings.search(vectorQuery(vector = it)) },
            "embeddings.hybridSearch" to { embeddings.hybridSearch(HybridQuery(text = "hello", vector = vectorQuery(vector = it))) },
        )
        return calls.flatMap { (name, call) ->
            badVectors().map { (label, vector) -> dynamicTest("$name.vector = $label") { check(Expect.Refused("vector")) { call(vector) } } } +
                // Finite values whose squares overflow a float: normalised exactly, or refused.
                dynamicTest("$name.vector = huge-finite") {
                    check(Expect.Either("vector")) { call(floatArrayOf(Float.MAX_VALUE, Float.MAX_VALUE, 0f).toVectorBytes()) }
                }
        }
    }

    @Test
    fun `a batch past VECTOR_BATCH_MAX is InvalidInput on embeddings, and nothing is stored`() {
        val before = embeddings.info("hostile", "m").count
        val error = assertThrows<StoreException.InvalidInput> { embeddings.upsertBatch(List(10_001) { embedding() }) }
        assertEquals("embeddings", error.field)
        assertEquals(before, embeddings.info("hostile", "m").count)
    }

    @TestFactory
    fun `hostile numbers`(): List<DynamicTest> = numberCalls().flatMap { numberCases(it) }

    private fun <T> numberCases(call: NumberCall<T>): List<DynamicTest> =
        call.taken.map { value -> dynamicTest("${call.name}.${call.field} = $value") { check(Expect.Taken) { call.call(value) } } } +
            call.refused.map { value ->
                dynamicTest("${call.name}.${call.field} = $value") { check(Expect.Refused(call.field)) { call.call(value) } }
            }

    @TestFactory
    fun `hostile store paths and configs`(): List<DynamicTest> {
        fun case(name: String, expect: String, config: (Path) -> StoreConfig) = dynamicTest("Store.open $name") {
            val tmp = Files.createTempDirectory(dir, "open")
            try {
                Store.open(config(tmp)).use { opened ->
                    assertEquals("taken", expect, "opened a store")
                    assertTrue(opened.schemaVersion() >= 1u)
                    opened.closeStore()
                }
            } catch (error: StoreException) {
                assertTrue((error.message ?: "").length < 1000)
                when (expect) {
                    "not-a-store" -> assertTrue(error is StoreException.NotAStore) { "$error" }
                    "taken" -> fail("refused: $error")
                    else -> assertEquals(expect, (error as? StoreException.InvalidInput)?.field, "$error")
                }
            }
        }
        return listOf(
            case("memory name", "path") { StoreConfig(path = ":memory:") },
            case("file URI", "path") { StoreConfig(path = "file:$it/x.db") },
            case("memory URI", "path") { StoreConfig(path = "file::memory:?cache=shared") },
            case("empty", "path") { StoreConfig(path = "") },
            case("NUL inside", "path") { StoreConfig(path = "$it/a\u0000b.db") },
            case("NUL only", "path") { StoreConfig(path = "\u0000") },
            case("directory", "path") { StoreConfig(path = it.toString()) },
            case("10MB", "path") { StoreConfig(path = TEN_MB) },
            case("not a store", "not-a-store") {
                StoreConfig(path = Files.writeString(it.resolve("notes.txt"), "not a database\n".repeat(100)).toString())
            },
            case("blank file name", "taken") { StoreConfig(path = "$it/   ") },
            case("timeouts 0", "taken") { StoreConfig(busyTimeoutMs = 0u, searchTimeoutMs = 0u) },
            case("busy timeout 2^31-1", "taken") { StoreConfig(busyTimeoutMs = Int.MAX_VALUE.toUInt()) },
            case("search timeout UInt.MAX_VALUE", "taken") { StoreConfig(searchTimeoutMs = UInt.MAX_VALUE) },
        )
    }

    /** A busy timeout above 2^31-1 ms, which SQLite cannot take, is refused before opening. */
    @Test
    fun `a busy timeout above 2^31-1 ms is InvalidInput`() {
        val error = assertThrows<StoreException.InvalidInput> { Store.open(StoreConfig(busyTimeoutMs = UInt.MAX_VALUE)) }
        assertEquals("busy_timeout_ms", error.field)
    }

    @Test
    fun `a lone surrogate in a path is refused before a file is made`() {
        val tmp = Files.createTempDirectory(dir, "surrogate")
        assertThrows<CharacterCodingException> { Store.open(StoreConfig(path = "$tmp/\uDC80.db")) }
        assertEquals(0L, Files.list(tmp).use { it.count() }, "no file was created")
    }

    private companion object {
        const val TIME_MAX = 253_402_300_799_999L // 9999-12-31T23:59:59.999Z
        val AMOUNT_MAX = (1uL shl 53) - 1uL
        const val MISSING_ID = "00000000-0000-7000-8000-000000000000"
        val TEN_MB = "x".repeat(10 shl 20)
        val TIMES_REFUSED = listOf(-1L, TIME_MAX + 1, Long.MIN_VALUE, Long.MAX_VALUE)
        val AMOUNTS_REFUSED = listOf(AMOUNT_MAX + 1uL, ULong.MAX_VALUE)
    }
}
