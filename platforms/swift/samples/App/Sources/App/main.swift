// Writes a user, a workspace, a thread and two messages to a store in a temporary
// directory, searches them and prints the hits; prints an error's case and exits non-zero.
import Foundation
import UnifiedStore

let directory = FileManager.default.temporaryDirectory
    .appendingPathComponent("unified-store-sample-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }

do {
    let store = try Store.open(config: StoreConfig(path: directory.appendingPathComponent("app.db").path))
    let ada = try store.users().create(user: NewUser(email: "ada@example.com", displayName: "Ada"))
    let workspace = try store.workspaces().create(workspace: NewWorkspace(name: "Research", ownerUserId: ada.id))
    let thread = try store.threads().create(workspaceId: workspace.id, title: "Rust FFI")
    _ = try store.messages().append(threadId: thread.id, role: .user, content: "How do I bind Rust to Swift?")
    _ = try store.messages().append(threadId: thread.id, role: .assistant, content: "With UniFFI and an XCFramework.")
    for hit in try store.messages().search(query: SearchQuery(text: "swift", syntax: .plain)) {
        print(String(format: "%.2f", hit.score), hit.threadTitle, hit.snippet)
    }
    // The same email again is refused with a case the app can act on.
    do {
        _ = try store.users().create(user: NewUser(email: "ada@example.com", displayName: "Ada"))
    } catch let StoreError.Conflict(entity, field, reason) {
        print("conflict on \(entity).\(field): \(reason)")
    }
    try store.close()
} catch {
    print("error: \(error)")
    exit(1)
}
