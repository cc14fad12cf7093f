// @unified-ai/store, the main-thread client. Stores in files live in OPFS, whose sync access
// handles exist only in a dedicated worker, so every call is a message to one worker
// (worker.js) running the wasm store. This file only forwards calls and re-throws failures.
// A store in a file is shared with the origin's other tabs through tabs.js: one tab's worker
// holds the files and the others' calls go to it.
import { canShare, shareAcrossTabs } from "./tabs.js";

let worker = null;
let users = 0; // open stores plus OPFS calls in flight; at zero the worker stops, freeing OPFS
let lastCall = 0;
const pending = new Map(); // call id -> { resolve, reject }

function request(op, ...args) {
  return requestWithProgress(op, args, undefined);
}

// A call whose progress reports go to `onProgress(done, total)`; each report waits for its
// answer, and `false` (or a throw) cancels the call.
// With `tab`, the call is another tab's (see tabs.js and worker.js).
function requestWithProgress(op, args, onProgress, tab) {
  // Node (server rendering) has no Worker: a StoreError, not `Worker is not defined`.
  if (typeof Worker === "undefined") return Promise.reject(storageError("no Web Worker here: stores open in a browser, not in Node or server rendering"));
  worker ??= startWorker();
  const id = ++lastCall;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, onProgress });
    worker.postMessage({ id, op, args, tab });
  });
}

function answerProgress(id, [done, total]) {
  const onProgress = pending.get(id)?.onProgress;
  const answer = (goOn) => worker?.postMessage({ op: "answer", id, goOn });
  new Promise((resolve) => resolve(onProgress?.(done, total))).then((goOn) => answer(goOn !== false), () => answer(false));
}

function startWorker() {
  const started = new Worker(new URL("./worker.js", import.meta.url), { type: "module", name: "unified-store" });
  started.onmessage = ({ data: { id, value, error, progress } }) => {
    if (progress) return answerProgress(id, progress);
    const call = pending.get(id);
    pending.delete(id);
    // The worker sends errors as plain data; give them back their Error shape and fields.
    if (error) call?.reject(Object.assign(new Error(error.message), error));
    else call?.resolve(value);
  };
  started.onerror = (event) => {
    event.preventDefault();
    stopWorker(storageError(`the worker failed: ${event.message ?? "it could not load"}`));
  };
  return started;
}

function stopWorker(reason) {
  worker?.terminate();
  worker = null;
  for (const call of pending.values()) call.reject(reason);
  pending.clear();
}

function release() {
  if (--users === 0) stopWorker(storageError("the worker was stopped"));
}

async function withWorker(use) {
  users++;
  try {
    return await use();
  } finally {
    release();
  }
}

// Failures of the worker itself, shaped like the store's own Storage errors.
function storageError(reason) {
  return Object.assign(new Error(`storage error: ${reason}`), { name: "StoreError", code: "Storage", reason });
}
// The core's answer for a closed store, given here because its worker may be gone.
const closedError = () => storageError("the store is closed");

// This page's worker as tabs.js uses it, created when a store in a file is first opened.
let tabs = null;
const shared = () =>
  (tabs ??= shareAcrossTabs({
    request,
    requestWithProgress,
    hold: () => users++,
    release,
    opfs: (method, args) => withWorker(() => request("opfs", method, args)),
  }));

/** Opens (creating if needed) the store described by `config`; see index.d.ts. */
export async function openStore(config = {}) {
  if (config?.path !== undefined && canShare()) {
    const { opened, via } = await shared().open(config);
    let closed = false;
    return client(opened, () => closed, () => (closed = true), via);
  }
  users++; // counted from the start, so closing another store cannot stop the worker under it
  const opened = await request("open", config).catch((error) => {
    release();
    throw error;
  });
  let closed = false;
  return client(opened, () => closed, () => {
    closed = true;
    release();
  });
}

// The client object of worker entry `id`: a promise method per wasm method, a forwarding
// object per domain handle, `actingAs` for a checked view and `close`. `isClosed` says
// whether this entry is closed, `onClosed` runs once it has been. `via` carries the calls: this
// page's worker, or for a store in a file, tabs.js (which sends them to the tab holding it).
function client({ id, methods }, isClosed, onClosed, via = { request, requestWithProgress }) {
  const { request, requestWithProgress } = via;
  let closing = null;
  const long = (name, args, onProgress) =>
    isClosed() ? Promise.reject(closedError()) : requestWithProgress("long", [id, name, args, Boolean(onProgress)], onProgress);
  const call = (target, name, args) => (isClosed() ? Promise.reject(closedError()) : request("call", id, target, name, args));
  const forward = (target) => Object.fromEntries(methods[target].map((name) => [name, (...args) => call(target, name, args)]));
  const handles = Object.fromEntries(Object.keys(methods).filter((name) => name !== "store").map((name) => [name, forward(name)]));
  // A handle's long call: progress as an option, the callback kept on this side.
  if (handles.embeddings) {
    handles.embeddings.optimize = (collection, model, { onProgress } = {}) =>
      long("embeddings.optimize", [collection, model], onProgress);
  }
  if (handles.storage) {
    handles.storage.maintain = (policy, { onProgress } = {}) => long("storage.maintain", [policy], onProgress);
  }
  if (handles.users) {
    handles.users.exportUserData = (userId, { onProgress } = {}) => long("users.exportUserData", [userId], onProgress);
  }
  if (handles.attachments) Object.assign(handles.attachments, attachmentStreams(handles.attachments, (kind, arg) =>
    isClosed() ? Promise.reject(closedError()) : request("openStream", id, kind, arg), request));
  return {
    ...forward("store"),
    ...handles,
    // Page rewrites: `{ kdf, onProgress }` options, the progress callback kept on this side.
    ...Object.fromEntries(
      ["rekey", "decryptInPlace"].map((name) => [
        name,
        ({ onProgress } = {}) => long(name, [], onProgress),
      ]),
    ),
    encryptInPlace: (key, { kdf, onProgress } = {}) => long("encryptInPlace", [key, kdf], onProgress),
    // A chat history's bytes; other calls are answered between its steps.
    importChatHistory: (file, importOptions, { onProgress } = {}) =>
      long("importChatHistory", [file, importOptions], onProgress),
    actingAs: async (userId) => {
      if (isClosed()) throw closedError();
      const view = await request("actingAs", id, userId);
      // A view is closed by its own close, or by its store's (the worker forgets it then).
      let viewClosed = false;
      return client(view, () => viewClosed || isClosed(), () => {
        viewClosed = true;
      }, via);
    },
    close: () =>
      (closing ??= isClosed()
        ? Promise.resolve().then(onClosed) // a view its store closed: no worker left to ask
        : request("close", id).then(onClosed, (error) => {
            closing = null; // SQLite refused: the store stays open and close can be retried
            throw error;
          })),
  };
}

// The attachments handle's streaming calls, over the worker's open streams: a writer fed in
// chunks (from a Blob or ReadableStream too) and a reader read in chunks, as a
// ReadableStream or a Blob. `open(kind, arg)` opens a stream in the worker, `request` sends
// a call to it.
function attachmentStreams(attachments, open, request) {
  const whole = attachments.write; // bytes that arrive whole go in one call
  const on = (stream, method, ...args) => request("stream", stream, method, args);
  const close = (stream) => request("closeStream", stream);
  const writer = async (file) => {
    const stream = await open("writer", file);
    return { write: (chunk) => on(stream, "write", chunk), finish: () => on(stream, "finish"), abort: () => close(stream) };
  };
  const reader = async (id) => {
    const stream = await open("reader", id);
    const read = (max = 1 << 20) => on(stream, "read", max);
    return {
      read,
      close: () => close(stream),
      stream: () =>
        new ReadableStream({
          async pull(controller) {
            try {
              const chunk = await read();
              if (chunk.length > 0) return controller.enqueue(chunk);
              controller.close();
            } catch (error) {
              controller.error(error);
            }
            await close(stream);
          },
          cancel: () => close(stream),
        }),
      blob: async (type = "") => {
        const parts = [];
        try {
          for (let chunk = await read(); chunk.length > 0; chunk = await read()) parts.push(chunk);
        } finally {
          await close(stream);
        }
        return new Blob(parts, { type });
      },
    };
  };
  const write = async (file, data) => {
    const source = typeof Blob !== "undefined" && data instanceof Blob ? data.stream() : data;
    if (!(typeof ReadableStream !== "undefined" && source instanceof ReadableStream)) return whole(file, data);
    const into = await writer(file);
    const chunks = source.getReader();
    try {
      for (;;) {
        const { done, value } = await chunks.read();
        if (done) return await into.finish();
        await into.write(value);
      }
    } catch (error) {
      await into.abort();
      await chunks.cancel(error).catch(() => {});
      throw error;
    }
  };
  return { writer, reader, write };
}

/** What the browser grants this origin; see index.d.ts. */
export const browserStorage = {
  estimate: async () => {
    const { usage = 0, quota = 0 } = await navigator.storage.estimate();
    return { usage, quota, persisted: await navigator.storage.persisted() };
  },
  persist: () => navigator.storage.persist(),
};

// An OPFS call: at the tab holding the files when there is one (tabs.js), else in this page's worker.
const opfsCall = (method, args) =>
  canShare() ? shared().opfs(method, args) : withWorker(() => request("opfs", method, args));

/** Database files in the origin private file system; see index.d.ts. */
export const opfs = {
  files: () => opfsCall("files", []),
  export: (path) => opfsCall("export", [path]),
  delete: (path) => opfsCall("delete", [path]),
};
