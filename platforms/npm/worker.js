// The dedicated worker behind @unified-ai/store. It loads the wasm store and runs the calls
// the main thread sends; OPFS sync access handles, which stores in files need, exist only in
// a worker like this one. Nothing here decides anything: it looks up the handle and calls it.
import init, { Opfs, Store } from "./pkg/unified_store_wasm.js";

const ready = init(); // fetches pkg/unified_store_wasm_bg.wasm, found beside the glue
const stores = new Map(); // store id -> { store, handles: { users, workspaces, ... }, connection }
let lastStore = 0;
// Attachment writers and readers open for the page, which sends and asks for their chunks:
// stream id -> { storeId, object } (a wasm AttachmentWriter or AttachmentReader).
const streams = new Map();
let lastStream = 0;
// What the page may call on each kind of stream.
const STREAM_METHODS = { writer: ["write", "finish"], reader: ["read"] };

// A wasm class's own methods, less wasm-bindgen's plumbing (freeing a handle is not a call).
const methodsOf = (object) =>
  Object.getOwnPropertyNames(object).filter(
    (name) => typeof object[name] === "function" && !["constructor", "free"].includes(name) && !name.startsWith("__"),
  );
// The store's domain handles, as named by its accessor methods (Store.users() ...). Exported,
// with the store's methods below, for test/handles.test.js, which checks them against the wasm
// Store and index.d.ts.
export const HANDLES = [
  "users", "organizations", "devices", "settings",
  "workspaces", "projects", "documents", "threads", "messages", "attachments",
  "providers", "interactions", "flows",
  "permissions", "consent", "telemetry", "audit",
  "subscriptions", "invoices",
  "embeddings", "storage",
];
export const STORE_METHODS = ["schemaVersion", "caller", "hasKey", "changeKey", "exportSecretsKeys", "importSecretsKeys"]; // the rest are the ops below
// Store methods that run long: awaited, with progress sent to the page, which answers each
// report (false cancels: the call ends with Cancelled). The page rewrites leave the store as it
// was; an import keeps the conversations it wrote, each whole. A handle's long call is named
// `handle.method`.
export const LONG_CALLS = ["rekey", "encryptInPlace", "decryptInPlace", "importChatHistory", "embeddings.optimize", "storage.maintain", "users.exportUserData"];
// Long calls that let the calls sent after them run at their pauses: an import writes in steps,
// each its own transaction, and yields to the event loop between them, so a read sent during
// an import is answered at the next pause instead of after the whole import.
const INTERLEAVED = ["importChatHistory"];
const answers = new Map(); // call id -> resolves the page's answer to its latest progress report
const OPFS_METHODS = methodsOf(Opfs).filter((name) => name !== "release"); // the client stops the worker instead

// An error shaped like the ones the wasm store throws, for what is decided here.
const storeError = (code, message, fields) => Object.assign(new Error(message), { name: "StoreError", code, ...fields });
const noMethod = (name) => storeError("InvalidInput", `invalid method: unified-store has no method ${name}`, { field: "method", reason: `no method ${name}` });

function entry(storeId) {
  const handles = stores.get(storeId);
  if (!handles) throw storeError("Storage", "storage error: the store is closed", { reason: "the store is closed" });
  return handles;
}

// Keeps `store` and its domain handles under a new id; answers with the id and method names.
// `connection` is the id of the entry that opened the file (its own id for Store.open).
function register(store, connection) {
  const id = ++lastStore;
  const handles = Object.fromEntries(HANDLES.map((name) => [name, store[name]()]));
  stores.set(id, { store, handles, connection: connection ?? id });
  const methods = Object.fromEntries(HANDLES.map((name) => [name, methodsOf(Object.getPrototypeOf(handles[name]))]));
  return { id, methods: { ...methods, store: STORE_METHODS } };
}

function forget(storeId) {
  const { store, handles } = stores.get(storeId);
  stores.delete(storeId);
  for (const [id, open] of streams) if (open.storeId === storeId) closeStream(id);
  [store, ...Object.values(handles)].forEach((handle) => handle.free());
}

function closeStream(streamId) {
  streams.get(streamId)?.object.free();
  streams.delete(streamId);
}

// Methods that return a wasm object (a streaming writer or reader), which cannot cross to the
// page: the page opens them with `openStream` and sends their calls with `stream`.
const NOT_ACROSS = ["attachments.writer", "attachments.reader"];

function handleMethod(storeId, target, method) {
  if (NOT_ACROSS.includes(`${target}.${method}`)) {
    const reason = `${target}.${method} returns a stream: open it with openStream`;
    throw storeError("InvalidInput", `invalid method: ${reason}`, { field: "method", reason });
  }
  const { store, handles } = entry(storeId);
  const object = target === "store" ? store : HANDLES.includes(target) ? handles[target] : null;
  const allowed = target === "store" ? STORE_METHODS : object ? methodsOf(Object.getPrototypeOf(object)) : [];
  if (!allowed.includes(method)) throw noMethod(`${target}.${method}`);
  return object[method].bind(object);
}

const ops = {
  async open(config) {
    return register(await Store.open(config));
  },
  // The same store acting as a user: another entry, on the same connection, whose handles
  // check that user's rights.
  actingAs(storeId, userId) {
    const { store, connection } = entry(storeId);
    return register(store.actingAs(userId), connection);
  },
  call(storeId, target, method, args) {
    return handleMethod(storeId, target, method)(...args);
  },
  close(storeId) {
    const closing = stores.get(storeId);
    if (!closing) return;
    // Closing the store that opened the file closes it for its acting-as views too; closing a
    // view only forgets it. If SQLite refuses, the error goes back and the store stays usable.
    const opener = closing.connection === storeId;
    if (opener) closing.store.close();
    for (const [id, other] of stores) {
      if (id === storeId || (opener && other.connection === storeId)) forget(id);
    }
  },
  // `this.id` is the call's id: progress reports go back under it.
  async long(storeId, method, args, withProgress) {
    if (!LONG_CALLS.includes(method)) throw noMethod(method.includes(".") ? method : `store.${method}`);
    const { store, handles } = entry(storeId);
    const [target, name] = method.includes(".") ? method.split(".") : [null, method];
    const object = target ? handles[target] : store;
    const id = this.id;
    const onProgress = withProgress
      ? (done, total) =>
          new Promise((resolve) => {
            answers.set(id, resolve);
            self.postMessage({ id, progress: [done, total] });
          })
      : undefined;
    try {
      return await object[name](...args, onProgress);
    } finally {
      answers.delete(id);
    }
  },
  // An attachment writer (of `file`) or reader (of attachment `arg`) kept here for the page.
  async openStream(storeId, kind, arg) {
    if (!Object.hasOwn(STREAM_METHODS, kind)) throw noMethod(`attachments.${kind}`);
    const object = await entry(storeId).handles.attachments[kind](arg);
    streams.set(++lastStream, { storeId, object, kind });
    return lastStream;
  },
  // A call on an open stream; a finished writer, or one that failed, is closed.
  async stream(streamId, method, args) {
    const open = streams.get(streamId);
    if (!open) throw storeError("InvalidInput", "invalid stream: it is closed or was never opened", { field: "stream", reason: "closed or never opened" });
    if (!STREAM_METHODS[open.kind].includes(method)) throw noMethod(`${open.kind}.${method}`);
    try {
      const value = await open.object[method](...args);
      if (method === "finish") closeStream(streamId);
      return value;
    } catch (error) {
      if (open.kind === "writer") closeStream(streamId);
      throw error;
    }
  },
  closeStream(streamId) {
    closeStream(streamId);
  },
  opfs(method, args) {
    if (!OPFS_METHODS.includes(method)) throw noMethod(`opfs.${method}`);
    return Opfs[method](...args);
  },
};

// The buffers of the vectors in a result (an embedding or a list of them), moved to the page
// rather than copied: the wasm store made each Float32Array for this answer alone.
const vectorBuffers = (value) =>
  (Array.isArray(value) ? value : [value])
    .map((item) => item?.vector)
    .filter((vector) => vector instanceof Float32Array)
    .map((vector) => vector.buffer);

// Errors cross as plain data: structured cloning would drop `code` and the variant's fields.
const plainError = (error) =>
  error instanceof Error ? { ...error, name: error.name, message: error.message } : { name: "Error", message: String(error) };

// One call at a time, in the order sent: Store.open awaits OPFS part-way, and while it waits
// the VFS refuses every other file operation, so no call may start before the last has ended;
// only an interleaved long call lets the next start once it has started itself.
let queue = Promise.resolve();
self.onmessage = ({ data }) => {
  // The page's answer to a progress report goes straight to the call waiting for it.
  if (data.op === "answer") return answers.get(data.id)?.(data.goOn);
  const interleaved = data.op === "long" && INTERLEAVED.includes(data.args?.[1]);
  queue = queue.then(() => {
    const running = run(data);
    return interleaved ? undefined : running;
  });
};

// A call another tab sent through this page (tabs.js) comes with `tab`: { channel, id, leader }.
// The worker itself tells that tab, on the channel, when the call starts and what it answered:
// a call that never started can be sent to the next leader, one that did cannot, and the
// answer goes out before the page, which may be closing, could pass it on.
const channels = new Map(); // channel name -> BroadcastChannel
const channelOf = (name) => channels.get(name) ?? channels.set(name, new BroadcastChannel(name)).get(name);

async function run({ id, op, args, tab }) {
  const tell = tab ? (message) => channelOf(tab.channel).postMessage({ ...message, id: tab.id, leader: tab.leader }) : () => {};
  try {
    await ready;
    if (!Object.hasOwn(ops, op)) throw storeError("InvalidInput", `invalid operation: ${op}`, { field: "op", reason: `unknown operation ${op}` });
    tell({ type: "started" });
    const value = await ops[op].apply({ id }, args);
    tell({ type: "reply", value });
    self.postMessage({ id, value }, vectorBuffers(value));
  } catch (error) {
    tell({ type: "reply", error: plainError(error) });
    self.postMessage({ id, error: plainError(error) });
  }
}
