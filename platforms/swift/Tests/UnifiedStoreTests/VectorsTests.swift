// Binding tests of semantic search: vectors cross as `Data` (little-endian f32) and back
// through the hand-written helpers, records and errors arrive intact. What the search does is
// tested in Rust (tests/behaviour/vectors.rs); the same calls run in Kotlin and Python on
// every CI run. Not compiled on the project's Linux CI (no Swift toolchain there).
import Foundation
import UnifiedStore
import XCTest

final class VectorsTests: XCTestCase {
    private let model = "test-model"

    func testTheHelpersAreLittleEndianAndRoundTrip() {
        let values: [Float] = [1.0, -2.5, 0.0, .infinity, 3.0e-38]
        let bytes = values.vectorBytes
        XCTAssertEqual(bytes.count, 20)
        XCTAssertEqual([UInt8](bytes.prefix(8)), [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x20, 0xC0])
        XCTAssertEqual(bytes.floats, values)
        XCTAssertEqual(Data([0x00, 0x00, 0x80, 0x3F, 0xFF]).floats, [1.0], "a partial float is left out")
        XCTAssertEqual(bytes.dropFirst(4).floats, Array(values.dropFirst()), "a slice of Data reads from its start")
    }

    func testUpsertSearchHybridScrollMissingConfigureAndDelete() throws {
        let store = try Store.openInMemory()
        let owner = try store.users().create(user: NewUser(email: "ada@example.com", displayName: "Ada"))
        let workspace = try store.workspaces().create(workspace: NewWorkspace(name: "W", ownerUserId: owner.id))
        let thread = try store.threads().create(workspaceId: workspace.id, title: "T")
        let tram = try store.messages().append(threadId: thread.id, role: .user, content: "the tram to Belém")
        let boat = try store.messages().append(threadId: thread.id, role: .user, content: "the ferry to Cacilhas")
        let embeddings = store.embeddings()

        let stored = try embeddings.upsert(embedding: NewEmbedding(
            ownerKind: .message, ownerId: tram.id, collection: "messages", model: model,
            vector: ([1, 0, 0] as [Float]).vectorBytes))
        XCTAssertEqual(stored.dimensions, 3)
        XCTAssertEqual(stored.vector.floats, [1, 0, 0])
        XCTAssertEqual(stored.threadId, thread.id)
        let batch = [NewEmbedding(
            ownerKind: .message, ownerId: boat.id, collection: "messages", model: model,
            vector: ([0, 1, 0] as [Float]).vectorBytes)]
        XCTAssertEqual(try embeddings.upsertBatch(embeddings: batch), 1)

        let query = VectorQuery(collection: "messages", model: model, vector: ([0.9, 0.1, 0] as [Float]).vectorBytes, k: 2)
        let hits = try embeddings.search(query: query)
        XCTAssertEqual(hits.map { $0.ownerId }, [tram.id, boat.id])
        XCTAssertEqual(hits.first?.ownerKind, .message)
        XCTAssertGreaterThan(hits[0].score, hits[1].score)
        let hybrid = try embeddings.hybridSearch(query: HybridQuery(text: "ferry", vector: query))
        XCTAssertEqual(Set(hybrid.map { $0.ownerId }), [tram.id, boat.id])
        XCTAssertNotNil(hybrid.first { $0.ownerId == boat.id }?.textRank)

        let page = try embeddings.scroll(collection: "messages", model: model, page: PageRequest(limit: 10))
        XCTAssertEqual(page.map { $0.vector.floats }, [[1, 0, 0], [0, 1, 0]])
        XCTAssertEqual(try embeddings.info(collection: "messages", model: model).count, 2)
        XCTAssertEqual(try embeddings.collections().map { $0.collection }, ["messages"])
        let int8 = try embeddings.configure(
            collection: "messages", model: model, settings: IndexSettings(precision: .int8))
        XCTAssertEqual(int8.settings.precision, .int8)
        XCTAssertEqual(try embeddings.search(query: query).first?.ownerId, tram.id)
        XCTAssertEqual(try embeddings.missing(collection: "messages", model: model, ownerKind: .message, page: PageRequest()).count, 0)

        XCTAssertEqual(try embeddings.deleteOwner(ownerKind: .message, ownerId: tram.id), 1)
        let missing = try embeddings.missing(collection: "messages", model: model, ownerKind: .message, page: PageRequest())
        XCTAssertEqual(missing.map { $0.ownerId }, [tram.id])
        XCTAssertFalse(missing[0].stale)
        try store.close()
    }

    func testBadVectorsAreInvalidInputNamingTheVectorAndUnknownCollectionsNotFound() throws {
        let store = try Store.openInMemory()
        let embeddings = store.embeddings()
        let bad: [(String, Data)] = [
            ("NaN", ([1, .nan, 0] as [Float]).vectorBytes),
            ("odd byte length", Data([1, 2, 3, 4, 5])),
            ("zero", ([0, 0, 0] as [Float]).vectorBytes),
        ]
        for (label, vector) in bad {
            do {
                _ = try embeddings.search(query: VectorQuery(collection: "messages", model: model, vector: vector, k: 1))
                XCTFail("\(label): expected StoreError.InvalidInput")
            } catch let StoreError.InvalidInput(field, _) {
                XCTAssertEqual(field, "vector", label)
            }
        }
        do {
            _ = try embeddings.info(collection: "nothing", model: model)
            XCTFail("expected StoreError.NotFound")
        } catch let StoreError.NotFound(entity, _) {
            XCTAssertEqual(entity, "collection")
        }
        try store.close()
    }
}
