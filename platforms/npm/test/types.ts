// Compiled by types.test.js with tsc --noEmit: the client's types are real (a wrong call is a
// compile error, which `any` would hide) and agree with the generated wasm declarations.
import { openStore, opfs, type SearchHit, type ThrownStoreError, type Workspace } from "@unified-ai/store";

const store = await openStore({ path: "/typed.db" });
const workspace: Workspace = await store.workspaces.create("Typed");
const threads = await store.threads.list(workspace.id, { limit: 10 });
const message = await store.messages.append(threads[0].id, "assistant", "typed words");
const created: number = message.createdAt;
const hits: SearchHit[] = await store.messages.search({ text: "typed", syntax: "fts5" });
const version: number = await store.schemaVersion();
const files: string[] = await opfs.files();
const bytes: Uint8Array = await opfs.export("/typed.db");
await store.close();

// @ts-expect-error a role that does not exist
await store.messages.append(threads[0].id, "robot", "x");
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
  // @ts-expect-error `found` belongs to IncompatibleVersion only
  if (failure.code === "Storage") console.log(failure.found);
}

console.log(created, hits, version, files, bytes, wrong, notAwaited);
