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

    private func newUser(_ store: Store, _ name: String) throws -> User {
        let email = "\(name.lowercased())@example.com"
        return try store.users().create(user: NewUser(email: email, displayName: name, locale: "en"))
    }

    func testWriteSearchCloseReopenReadBack() throws {
        let store = try openStore()
        let owner = try newUser(store, "Ada")
        let workspace = try store.workspaces().create(workspace: NewWorkspace(name: "Research", ownerUserId: owner.id))
        // `Thread` is also Foundation's: let the type be inferred (or write UnifiedStore.Thread).
        var thread = try store.threads().create(workspaceId: workspace.id, title: "Rust FFI")
        let first = try store.messages().append(threadId: thread.id, role: .user, content: "How do I bind Rust to Swift?")
        let second = try store.messages().append(threadId: thread.id, role: .assistant, content: "UniFFI generates the bindings.")

        XCTAssertEqual(workspace.name, "Research")
        // Optional fields cross as String? and Int64?.
        XCTAssertEqual(workspace.ownerUserId, owner.id)
        XCTAssertNil(workspace.ownerOrganizationId)
        XCTAssertEqual(thread.workspaceId, workspace.id)
        XCTAssertNil(thread.lastMessageAt)
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

        // The thread as it is now: appending stamped lastMessageAt.
        thread = try store.threads().get(id: thread.id)
        XCTAssertEqual(thread.lastMessageAt, second.createdAt)
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
        let owner = try newUser(store, "Ada")
        do {
            _ = try store.workspaces().create(workspace: NewWorkspace(name: "", ownerUserId: owner.id))
            XCTFail("expected StoreError.InvalidInput")
        } catch let StoreError.InvalidInput(field, _) {
            XCTAssertEqual(field, "name")
        }
    }

    func testCallsAfterCloseAreStorageErrors() throws {
        let store = try openStore()
        let users = store.users()
        try store.close()
        do {
            _ = try users.create(user: NewUser(email: "late@example.com", displayName: "Late", locale: "en"))
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

    /// One scenario across identity, content, ai and governance: records with optional fields
    /// and enums go in, UInt64 sums and typed errors come back. The same scenario runs in
    /// Kotlin, Python and the browser.
    func testOrganizationWorkspaceCostsAndPermissionsAcrossDomains() throws {
        let store = try openStore()
        let owner = try newUser(store, "Owner")
        let member = try newUser(store, "Member")
        let guest = try newUser(store, "Guest")
        let org = try store.organizations().create(
            organization: NewOrganization(name: "Acme", slug: "acme", ownerUserId: owner.id))
        let workspace = try store.workspaces().create(
            workspace: NewWorkspace(name: "Launch", ownerOrganizationId: org.id))
        XCTAssertNil(workspace.ownerUserId)
        XCTAssertEqual(workspace.ownerOrganizationId, org.id)

        // The organization's owner manages the workspace through the organization.
        let asOwner = try store.actingAs(userId: owner.id)
        XCTAssertEqual(asOwner.caller(), owner.id)
        XCTAssertNil(store.caller())
        let added = try asOwner.workspaces().addMember(workspaceId: workspace.id, userId: member.id, role: .member)
        XCTAssertEqual(added.workspaceId, workspace.id)
        XCTAssertEqual(added.userId, member.id)
        XCTAssertEqual(added.role, .member)

        let config = try store.providers().create(
            config: NewProviderConfig(userId: owner.id, kind: .openAi, displayName: "OpenAI"))
        XCTAssertEqual(config.kind, .openAi)
        XCTAssertTrue(config.enabled)
        XCTAssertNil(config.baseUrl)
        let day1: Int64 = 1_709_287_200_000 // 2024-03-01 10:00 UTC
        let day2: Int64 = 1_709_370_000_000 // 2024-03-02 09:00 UTC
        let calls: [(model: String, day: Int64, prompt: UInt32, completion: UInt32, latency: UInt32, cost: UInt64)] = [
            ("gpt-4o", day1, 1_000, 500, 800, 12_500),
            ("gpt-4o", day2, 2_000, 1_000, 1_200, 5_000_000_000), // > UInt32.max
            ("gpt-4o-mini", day2, 4_000, 2_000, 400, 1_500),
        ]
        for call in calls {
            let recorded = try store.interactions().record(interaction: NewInteraction(
                configId: config.id, // provider left out: taken from the config
                workspaceId: workspace.id,
                model: call.model,
                promptTokens: call.prompt,
                completionTokens: call.completion,
                latencyMs: call.latency,
                costMicros: call.cost,
                currency: "USD",
                status: .succeeded,
                occurredAt: call.day
            ))
            XCTAssertEqual(recorded.provider, .openAi)
            XCTAssertEqual(recorded.createdAt, call.day)
            XCTAssertEqual(recorded.costMicros, call.cost)
            XCTAssertNil(recorded.threadId)
        }

        let rows = try store.interactions().usage(query: UsageQuery(groupBy: .model, workspaceId: workspace.id))
        // Most expensive first; hand-computed from the calls above.
        XCTAssertEqual(rows.map { $0.key }, ["gpt-4o", "gpt-4o-mini"])
        XCTAssertEqual(rows.map { $0.currency }, ["USD", "USD"])
        XCTAssertEqual(rows.map { $0.interactions }, [2, 1])
        XCTAssertEqual(rows.map { $0.promptTokens }, [3_000, 4_000])
        XCTAssertEqual(rows.map { $0.totalTokens }, [4_500, 6_000])
        XCTAssertEqual(rows.map { $0.costMicros }, [5_000_012_500, 1_500])
        XCTAssertEqual(rows.map { $0.avgLatencyMs }, [1_000, 400])
        let days = try store.interactions().usage(
            query: UsageQuery(groupBy: .day, from: day2, workspaceId: workspace.id))
        XCTAssertEqual(days.map { $0.key }, ["2024-03-02"])
        XCTAssertEqual(days.map { $0.interactions }, [2])

        let onWorkspace = ResourceRef(kind: .workspace, id: workspace.id)
        XCTAssertTrue(try store.permissions().can(userId: member.id, action: .write, resource: onWorkspace))
        XCTAssertFalse(try store.permissions().can(userId: member.id, action: .manage, resource: onWorkspace))

        do {
            _ = try store.actingAs(userId: member.id).workspaces()
                .addMember(workspaceId: workspace.id, userId: guest.id, role: .viewer)
            XCTFail("expected StoreError.PermissionDenied")
        } catch let StoreError.PermissionDenied(userId, action, resource) {
            XCTAssertEqual(userId, member.id)
            XCTAssertEqual(action, "manage")
            XCTAssertTrue(resource.contains(workspace.id), resource)
        }
        do {
            _ = try asOwner.workspaces().addMember(workspaceId: workspace.id, userId: member.id, role: .viewer)
            XCTFail("expected StoreError.Conflict")
        } catch let StoreError.Conflict(entity, field, _) {
            XCTAssertEqual(entity, "workspace_member")
            XCTAssertEqual(field, "user_id")
        }
        // Neither refused write changed anything.
        let members = try store.workspaces().members(workspaceId: workspace.id, page: PageRequest())
        XCTAssertEqual(members.map { $0.userId }, [member.id])
        XCTAssertEqual(members.map { $0.role }, [.member])
        try store.close()
    }
}
