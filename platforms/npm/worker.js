// The dedicated worker behind @unified-ai/store. It loads the wasm store and runs the calls
// the main thread sends; OPFS sync access handles, which stores in files need, exist only in
// a worker like this one. Nothing here decides anything: it looks up the handle and calls it.
import init, { Opfs, Store } from "./pkg/unified_store_wasm.js";

const ready = init(); // fetches pkg/unified_store_wasm_bg.wasm, found beside the glue
const stores = new Map(); // store id -> { store, workspaces, threads, messages }
let lastStore = 0;

// A wasm class's own methods, less wasm-bindgen's plumbing (freeing a handle is not a call).
const methodsOf = (object) =>
  Object.getOwnPropertyNames(object).filter(
    (name) => typeof object[name] === "function" && !["constructor", "free"].includes(name) && !name.startsWith("__"),
  );
const HANDLES = ["workspaces", "threads", "messages"];
const STORE_METHODS = ["schemaVersion"]; // the rest of Store's methods are the ops below
const OPFS_METHODS = methodsOf(Opfs).filter((name) => name !== "release"); // the client stops the worker instead

// An error shaped like the ones the wasm store throws, for what is decided here.
const storeError = (code, message, fields) => Object.assign(new Error(message), { name: "StoreError", code, ...fields });
const noMethod = (name) => storeError("InvalidInput", `invalid method: unified-store has no method ${name}`, { field: "method", reason: `no method ${name}` });

function handleMethod(storeId, target, method) {
  const handles = stores.get(storeId);
  if (!handles) throw storeError("Storage", "storage error: the store is closed", { reason: "the store is closed" });
  const allowed = target === "store" ? STORE_METHODS : HANDLES.includes(target) ? methodsOf(Object.getPrototypeOf(handles[target])) : [];
  if (!allowed.includes(method)) throw noMethod(`${target}.${method}`);
  return handles[target][method].bind(handles[target]);
}

const ops = {
  async open(config) {
    const store = await Store.open(config);
    const handles = { store, workspaces: store.workspaces(), threads: store.threads(), messages: store.messages() };
    stores.set(++lastStore, handles);
    const methods = Object.fromEntries(HANDLES.map((name) => [name, methodsOf(Object.getPrototypeOf(handles[name]))]));
    return { id: lastStore, methods: { ...methods, store: STORE_METHODS } };
  },
  call(storeId, target, method, args) {
    return handleMethod(storeId, target, method)(...args);
  },
  close(storeId) {
    const handles = stores.get(storeId);
    if (!handles) return;
    handles.store.close(); // if SQLite refuses, the error goes back and the store stays usable
    stores.delete(storeId);
    Object.values(handles).forEach((handle) => handle.free());
  },
  opfs(method, args) {
    if (!OPFS_METHODS.includes(method)) throw noMethod(`opfs.${method}`);
    return Opfs[method](...args);
  },
};

// Errors cross as plain data: structured cloning would drop `code` and the variant's fields.
const plainError = (error) =>
  error instanceof Error ? { ...error, name: error.name, message: error.message } : { name: "Error", message: String(error) };

// One call at a time, in the order sent: Store.open awaits OPFS part-way, and while it waits
// the VFS refuses every other file operation, so no call may start before the last has ended.
let queue = Promise.resolve();
self.onmessage = ({ data }) => {
  queue = queue.then(() => run(data));
};

async function run({ id, op, args }) {
  try {
    await ready;
    if (!Object.hasOwn(ops, op)) throw storeError("InvalidInput", `invalid operation: ${op}`, { field: "op", reason: `unknown operation ${op}` });
    self.postMessage({ id, value: await ops[op](...args) });
  } catch (error) {
    self.postMessage({ id, error: plainError(error) });
  }
}
