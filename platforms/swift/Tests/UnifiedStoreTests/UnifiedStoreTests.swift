// Binding tests: records, enums, objects and errors cross between Swift and Rust through the
// generated code and the real static library, on a real file. The store's behaviour itself
// is tested in Rust (core/tests); these check that types and errors arrive intact.
//
// Not compiled on the project's Linux CI (no Swift toolchain there); run with `swift test`
// on a Mac, see README.md. The same scenario runs in Kotlin and Python on every CI run.
import Foundation
import UnifiedStore
import XCTest

final class UnifiedStoreTests: XCTestCase {
    /// Well-formed (ids are checked to be UUIDs first) but never created.
    private let missingId = "00000000-0000-7000-8000-000000000000"
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("UnifiedStoreTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    private var path: String { directory.appendingPathComponent("store.db").path }

    private func openStore() throws -> Store {
        try Store.open(config: StoreConfig(path: path, busyTimeoutMs: 5000))
    }

    func testWriteSearchCloseReopenReadBack() throws {
        let store = try openStore()
        let workspace = try store.workspaces().create(name: "Research")
        // `Thread` is also Foundation's: let the type be inferred (or write UnifiedStore.Thread).
        let thread = try store.threads().create(workspaceId: workspace.id, title: "Rust FFI")
        let first = try store.messages().append(threadId: thread.id, role: .user, content: "How do I bind Rust to Swift?")
        let second = try store.messages().append(threadId: thread.id, role: .assistant, content: "UniFFI generates the bindings.")

        XCTAssertEqual(workspace.name, "Research")
        XCTAssertEqual(thread.workspaceId, workspace.id)
        XCTAssertEqual(first.role, .user)
        XCTAssertEqual(first.threadId, thread.id)

        let hits = try store.messages().search(query: SearchQuery(text: "swift", syntax: .plain))
        XCTAssertEqual(hits.map { $0.message.id }, [first.id])
        XCTAssertEqual(hits.first?.workspaceId, workspace.id)
        XCTAssertTrue(hits.first?.snippet.contains("[Swift]") ?? false, "\(hits)")

        let newestFirst = try store.messages().list(threadId: thread.id, page: PageRequest(limit: 10))
        XCTAssertEqual(newestFirst.map { $0.id }, [second.id, first.id])
        // `after` crosses as an optional string: the next page starts past it.
        let rest = try store.messages().list(threadId: thread.id, page: PageRequest(limit: 10, after: second.id))
        XCTAssertEqual(rest.map { $0.id }, [first.id])

        try store.close()
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))

        let reopened = try openStore()
        XCTAssertEqual(try reopened.threads().get(id: thread.id), thread)
        let contents = try reopened.messages().list(threadId: thread.id, page: PageRequest()).map { $0.content }
        XCTAssertEqual(contents, [second.content, first.content])
        XCTAssertEqual(try reopened.messages().get(id: second.id).role, .assistant)
        try reopened.close()
    }

    func testNotFoundCarriesEntityAndId() throws {
        let store = try openStore()
        do {
            _ = try store.threads().get(id: missingId)
            XCTFail("expected StoreError.NotFound")
        } catch let StoreError.NotFound(entity, id) {
            XCTAssertEqual(entity, "thread")
            XCTAssertEqual(id, missingId)
        }
    }

    func testInvalidInputNamesTheField() throws {
        let store = try openStore()
        do {
            _ = try store.messages().search(query: SearchQuery(text: "!!!", syntax: .plain))
            XCTFail("expected StoreError.InvalidInput")
        } catch let StoreError.InvalidInput(field, _) {
            XCTAssertEqual(field, "query")
        }
        do {
            _ = try store.workspaces().create(name: "")
            XCTFail("expected StoreError.InvalidInput")
        } catch let StoreError.InvalidInput(field, _) {
            XCTAssertEqual(field, "name")
        }
    }

    func testCallsAfterCloseAreStorageErrors() throws {
        let store = try openStore()
        let workspaces = store.workspaces()
        try store.close()
        do {
            _ = try workspaces.create(name: "Too late")
            XCTFail("expected StoreError.Storage")
        } catch let StoreError.Storage(reason) {
            XCTAssertFalse(reason.isEmpty)
        }
    }

    func testInMemoryStoreNeedsNoPath() throws {
        let store = try Store.openInMemory()
        XCTAssertGreaterThanOrEqual(try store.schemaVersion(), 1)
        XCTAssertEqual(try store.workspaces().list(page: PageRequest()), [])
    }
}
