// Compiled by types.test.js with tsc --noEmit: the client's types are real (a wrong call is a
// compile error, which `any` would hide) and agree with the generated wasm declarations.
import {
  openStore,
  opfs,
  type CollectionInfo,
  type Embedding,
  type HybridHit,
  type Vector,
  type VectorHit,
  type ImportReport,
  type NewWorkspace,
  type SearchHit,
  type StoreClient,
  type ThrownStoreError,
  type UsageRow,
  type User,
  type Workspace,
} from "@unified-ai/store";

const store = await openStore({ path: "/typed.db" });
const owner: User = await store.users.create({ email: "typed@example.com", displayName: "Typed" });
const input: NewWorkspace = { name: "Typed", ownerUserId: owner.id };
const workspace: Workspace = await store.workspaces.create(input);
const owners: [string | undefined, string | undefined] = [workspace.ownerUserId, workspace.ownerOrganizationId];
const threads = await store.threads.list(workspace.id, { limit: 10 });
const lastMessageAt: number | undefined = threads[0].lastMessageAt;
const message = await store.messages.append(threads[0].id, "assistant", "typed words");
const created: number = message.createdAt;
const hits: SearchHit[] = await store.messages.search({ text: "typed", syntax: "fts5" });
const rankedAmongNewest: number | undefined = hits[0].rankedAmongNewest;
const durable = await openStore({ path: "/durable.db", durability: "full" });
await durable.close();
const usage: UsageRow[] = await store.interactions.usage({ groupBy: "model", workspaceId: workspace.id });
const cost: number = usage[0].costMicros;
const allowed: boolean = await store.permissions.can(owner.id, "manage", { kind: "workspace", id: workspace.id });
const view: StoreClient = await store.actingAs(owner.id);
const caller: string | undefined = await view.caller();
await view.close();
const vector = new Float32Array([1, 0, 0]);
const embedding = { ownerKind: "message", ownerId: message.id, collection: "messages", model: "m", vector } as const;
const stored: Embedding = await store.embeddings.upsert(embedding);
const storedVector: Vector = stored.vector;
const batched: number = await store.embeddings.upsertBatch([{ ownerKind: "message", ownerId: message.id, collection: "messages", model: "m" }], new Float32Array(3));
const vectorHits: VectorHit[] = await store.embeddings.search({ collection: "messages", model: "m", vector, k: 5, filter: { threadId: threads[0].id } });
const hybridHits: HybridHit[] = await store.embeddings.hybridSearch({ text: "typed", vector: { collection: "messages", model: "m", vector: [1, 0, 0], k: 5 } });
const collections: CollectionInfo[] = await store.embeddings.collections();
const optimized: CollectionInfo = await store.embeddings.optimize("messages", "m", { onProgress: (done: number, total: number) => done <= total });
// @ts-expect-error optimize's progress is an option, not a positional callback
await store.embeddings.optimize("messages", "m", () => true);
// @ts-expect-error a vector is a Float32Array or numbers
await store.embeddings.search({ collection: "messages", model: "m", vector: "1,0,0", k: 5 });
// @ts-expect-error an owner is a message, document or attachment
await store.embeddings.deleteOwner("thread", message.id);
const version: number = await store.schemaVersion();
const files: string[] = await opfs.files();
const bytes: Uint8Array = await opfs.export("/typed.db");
await store.close();

const keyed: StoreClient = await openStore({ path: "/keyed.db", key: new Uint8Array(32), kdf: { memoryKib: 8, iterations: 1, parallelism: 1 } });
const encrypted: boolean = await keyed.hasKey();
await keyed.changeKey("a passphrase");
await keyed.rekey({ onProgress: (done: number, total: number) => done < total });
await keyed.decryptInPlace();
await keyed.encryptInPlace(new Uint8Array(32), { kdf: { memoryKib: 8, iterations: 1, parallelism: 1 }, onProgress: async () => true });
const carried: Uint8Array = await keyed.exportSecretsKeys("carried");
const added: number = await keyed.importSecretsKeys(carried, "carried");
// @ts-expect-error a key is bytes or a passphrase
await openStore({ path: "/keyed.db", key: 42 });
// @ts-expect-error progress is an option, not a positional callback
await keyed.rekey(() => true);
const imported: ImportReport = await store.importChatHistory(new Uint8Array([91, 93]), { format: "chatgpt", workspaceId: workspace.id }, {
  onProgress: (done: number, total: number) => done <= total,
});
const addedThreads: number = imported.threadsAdded;
// @ts-expect-error the format is "chatgpt" or "claude"
await store.importChatHistory(new Uint8Array(), { format: "gemini", workspaceId: workspace.id });
await keyed.close();

// @ts-expect-error a workspace is created from a NewWorkspace, not a name
await store.workspaces.create("Typed");
// @ts-expect-error a NewWorkspace needs a name
await store.workspaces.create({ ownerUserId: owner.id });
// @ts-expect-error usage is grouped by provider, model, day or workspace
await store.interactions.usage({ groupBy: "week" });
// @ts-expect-error an action that does not exist
await store.permissions.can(owner.id, "own", { kind: "workspace", id: workspace.id });
// @ts-expect-error actingAs gives a promise of a view, not the view
const notAView: StoreClient = store.actingAs(owner.id);
// @ts-expect-error a role that does not exist
await store.messages.append(threads[0].id, "robot", "x");
// @ts-expect-error durability is "normal" or "full"
await openStore({ path: "/x.db", durability: "always" });
// @ts-expect-error search takes a query object, not a string
await store.messages.search("typed");
// @ts-expect-error records are typed: a name is not a number
const wrong: number = workspace.name;
// @ts-expect-error calls return promises, not records
const notAwaited: Workspace = store.workspaces.get(workspace.id);
// @ts-expect-error freeing a handle is the worker's business
store.workspaces.free();

try {
  await store.workspaces.get("x");
} catch (error) {
  const failure = error as ThrownStoreError;
  if (failure.code === "NotFound") console.log(failure.entity, failure.id);
  if (failure.code === "InvalidInput") console.log(failure.field, failure.reason);
  if (failure.code === "PermissionDenied") console.log(failure.action, failure.resource);
  // @ts-expect-error `found` belongs to IncompatibleVersion only
  if (failure.code === "Storage") console.log(failure.found);
}

console.log(storedVector, batched, vectorHits, hybridHits, collections, optimized, encrypted, added, addedThreads, owners, lastMessageAt, created, hits, cost, allowed, caller, version, files, bytes, wrong, notAwaited, notAView);
