// Stores in files shared by the tabs of an origin. The OPFS pool the stores live in can be held
// by one worker of the origin at a time, so one tab, the leader, holds the Web Lock
// "unified-store" and runs every file store of the origin in its worker; the other tabs send
// their calls to it over the BroadcastChannel "unified-store" and await the replies addressed
// to them. Every tab with a file store open queues for the lock, so when the leader goes away
// (closed, crashed, or its last store closed) the next tab takes the pool and the others send
// again the calls it had not started. Progress reports and attachment streams cross too. What
// is and is not guaranteed: README.md, "Several tabs".

const NAME = "unified-store"; // the Web Lock and the BroadcastChannel, one of each per origin
const NO_KEY = "none"; // the key digest of a store opened without a key
// How long a call the old leader had started may still get its reply after a new leader was
// heard: messages from two senders are not ordered, so the old reply may come late.
const DOUBT_MS = 1000;
// A new leader retries taking the pool for this long: the old leader's worker may still hold it.
const TAKEOVER_MS = 10_000;
// Replies kept by the leader for calls sent twice (a follower resends calls on a leader change).
const KEPT_REPLIES = 1000;
// Store calls that change the key a store opens with: the leader's key check follows them.
// `{ key }` for those calls (as the client sends them), null for every other.
function keyChange(op, [, name, method, args]) {
  if (op === "call" && name === "store" && method === "changeKey") return { key: args[0] };
  if (op === "long" && name === "encryptInPlace") return { key: method[0] };
  if (op === "long" && name === "decryptInPlace") return { key: undefined };
  return null;
}

const storeError = (code, message, fields) => Object.assign(new Error(message), { name: "StoreError", code, ...fields });
const fromPlain = (error) => Object.assign(new Error(error.message), error);
const plain = (error) => (error instanceof Error ? { ...error, name: error.name, message: error.message } : { name: "Error", message: String(error) });
// Answers between tabs, never shown to callers: the leader has not opened the path (open it,
// then send again), or has not and needs the key the follower left out.
const notOpen = () => storeError("NotOpen", "the leader tab has not opened this store");
const needKey = () => storeError("NeedKey", "the leader tab needs the key to open this store");
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether this page can share stores with other tabs (Web Locks, BroadcastChannel, WebCrypto). */
export const canShare = () =>
  typeof Worker === "function" && typeof navigator !== "undefined" && Boolean(navigator.locks) &&
  typeof BroadcastChannel === "function" && Boolean(globalThis.crypto?.subtle);

/**
 * What a tab shows the leader instead of its key: PBKDF2-SHA256 of the key (or passphrase),
 * salted with the store's path, so that a digest heard on the channel is as slow to guess a
 * passphrase from as the work factor allows. Every tab computes it the same way.
 */
export async function keyDigest(path, key) {
  if (key === undefined || key === null) return NO_KEY;
  try {
    const bytes = typeof key === "string" ? new TextEncoder().encode(key) : key;
    const material = await crypto.subtle.importKey("raw", bytes, "PBKDF2", false, ["deriveBits"]);
    const salt = new TextEncoder().encode(`unified-store tab key check\0${typeof key}\0${path}`);
    const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations: 200_000 }, material, 256);
    return Array.from(new Uint8Array(bits), (byte) => byte.toString(16).padStart(2, "0")).join("");
  } catch {
    return `unusable ${typeof key}`; // the store itself says what is wrong with such a key
  }
}

/**
 * The tabs side of the client. `local` is this page's worker: `request(op, ...args)`,
 * `requestWithProgress(op, args, onProgress, tab)` (with `tab`, the worker tells the channel
 * when the call starts and what it answered), `hold()`/`release()` (keep it running), and
 * `opfs(method, args)` (an OPFS call with the worker held).
 */
export function shareAcrossTabs(local) {
  const tab = crypto.randomUUID();
  let lastCall = 0;
  let channel = null;
  const heard = new Set(); // the leaders' terms heard, so that a late announcement changes nothing
  let leading = null; // this tab's term while it leads (see lead)
  const waiting = new Map(); // call id -> { message, resolve, reject, startedBy } sent to the leader
  const stores = new Map(); // this tab's open stores: client id -> { path, config, digest }
  let wanting = null; // the AbortController of this tab's lock request, while it has stores open
  // While leading: call id -> resolves another tab's answer to a progress report of its call
  // (kept beyond the term, so that a resigning leader still hears the answers it waits for).
  const answers = new Map();

  function hear({ data }) {
    if (data.type === "call") return leading && serveRemote(data);
    if (data.type === "answer") return answers.get(data.id)?.(data.goOn);
    const call = waiting.get(data.id);
    if (data.type === "started" && call) call.startedBy = data.leader;
    if (data.type === "reply" && call) settle(call, data);
    if (data.type === "progress" && call) answer(call, data.progress);
    if (data.type === "leader" && !leading) heardLeader(data.leader);
  }

  // A progress report of one of this tab's calls, run at the leader: the callback's answer
  // (false or a throw cancels) goes back to it.
  function answer(call, [done, total]) {
    const reply = (goOn) => channel.postMessage({ type: "answer", id: call.message.id, goOn });
    new Promise((resolve) => resolve(call.onProgress?.(done, total))).then((goOn) => reply(goOn !== false), () => reply(false));
  }

  function settle(call, { value, error }) {
    waiting.delete(call.message.id);
    clearTimeout(call.doubt);
    if (error) call.reject(fromPlain(error));
    else call.resolve(value);
  }

  // A new leader: calls nobody started go to it; a call the old one started may have been
  // written or not, and sending it again could write it twice, so unless its reply still comes
  // it fails with InDoubt.
  function heardLeader(term) {
    if (heard.has(term)) return;
    heard.add(term);
    for (const call of [...waiting.values()]) {
      if (call.startedBy && call.startedBy !== term) {
        call.doubt ??= setTimeout(() => {
          const reason = "the tab holding the store went away while running this call: it may or may not have been written";
          settle(call, { error: plain(storeError("InDoubt", `in doubt: ${reason}`, { reason })) });
        }, DOUBT_MS);
      } else if (!call.startedBy) {
        send(call);
      }
    }
  }

  function send(call) {
    if (leading) {
      waiting.delete(call.message.id);
      serve(leading, call.message, null, call.onProgress).then(call.resolve, call.reject);
    } else {
      channel.postMessage(call.message);
    }
  }

  // One call to the leader, this tab's worker when it leads. Each call has its own id and keeps
  // it when sent again after a leader change, so a leader that hears it twice runs it once.
  function forward(path, digest, op, args, onProgress) {
    const message = { type: "call", id: `${tab}:${++lastCall}`, from: tab, path, key: digest, op, args };
    if (leading) return serve(leading, message, null, onProgress);
    return new Promise((resolve, reject) => {
      const call = { message, resolve, reject, onProgress, startedBy: null };
      waiting.set(message.id, call);
      send(call);
    });
  }

  // --- The leader's side ---

  async function lead() {
    const term = {
      id: crypto.randomUUID(),
      since: Date.now(),
      served: new Map(), // path -> promise of { entry, methods, digest, clients, views }
      seen: new Map(), // call id -> its reply (null while it runs), for calls sent twice
      busy: new Set(), // calls under way
      watched: new Map(), // tab -> calls whose progress waits for it, cancelled if the tab goes
      ended: new AbortController(),
    };
    const resigned = new Promise((resolve) => (term.resign = resolve));
    local.hold();
    // Take the pool first: until the old leader's worker is gone it holds it, and may still
    // start calls; a leader announced before then could be sent those calls again.
    for (;;) {
      try {
        await local.request("opfs", "files", []);
        break;
      } catch (error) {
        if (Date.now() - term.since > TAKEOVER_MS) break; // lead anyway: opening will say why
        await sleep(100);
      }
    }
    leading = term;
    channel.postMessage({ type: "leader", leader: term.id });
    heardLeader(term.id);
    if (stores.size === 0) {
      wanting = null; // granted only for an OPFS call, or after the last store closed
      resign();
    }
    await resigned;
  }

  // Stops serving (calls heard from now on wait for the next leader), lets the calls under way
  // finish, closes the stores and frees the pool and the lock.
  async function resign() {
    const term = leading;
    if (!term) return;
    leading = null;
    await Promise.allSettled(term.busy);
    for (const opening of term.served.values()) {
      const store = await opening.catch(() => null);
      if (store) await local.request("close", store.entry).catch(() => {});
    }
    term.ended.abort();
    local.release();
    term.resign();
  }

  async function serveRemote(message) {
    const term = leading;
    if (term.seen.has(message.id)) {
      const kept = term.seen.get(message.id); // null while it runs: its reply will come
      if (kept) channel.postMessage(kept);
      return;
    }
    term.seen.set(message.id, null);
    if (term.seen.size > KEPT_REPLIES) term.seen.delete(term.seen.keys().next().value);
    const told = { channel: NAME, id: message.id, leader: term.id, sent: false };
    const reply = { type: "reply", id: message.id, leader: term.id };
    await serve(term, message, told).then((value) => (reply.value = value), (error) => (reply.error = plain(error)));
    answers.delete(message.id);
    term.watched.get(message.from)?.delete(message.id);
    if (reply.error?.code === "NotOpen" || reply.error?.code === "NeedKey") term.seen.delete(message.id);
    else term.seen.set(message.id, reply);
    // The worker itself replied to a call it ran (sooner than this tab could); errors are sent
    // again, in case the worker failed before it could.
    if (!told.sent || reply.error) channel.postMessage(reply);
  }

  // Runs one call for this tab or, with `told`, for another: `told` goes to the worker, which
  // tells the channel when it starts the call and what it answered. A resigning leader waits
  // for the calls under way.
  function serve(term, message, told, onProgress) {
    const serving = serveNow(term, message, told, onProgress);
    const settled = serving.catch(() => {});
    term.busy.add(settled);
    settled.then(() => term.busy.delete(settled));
    return serving;
  }

  async function serveNow(term, { path, key, op, args }, told, onProgress) {
    if (op === "opfs") return local.opfs(...args);
    if (op === "open") return openFor(term, path, key, ...args);
    const store = await (term.served.get(path) ?? Promise.reject(notOpen())).catch(() => Promise.reject(notOpen()));
    if (key !== store.digest) throw wrongKey();
    if (op === "detach") return detach(term, path, store, args[0]);
    if (op === "actingAs") {
      await viewOf(store, args[1]);
      return { id: args[1], methods: store.methods };
    }
    if (op === "stream" || op === "closeStream") return onStream(term, op, args, told);
    const [ref, name, ...rest] = args;
    const entry = await (ref === null ? store.entry : viewOf(store, ref)); // one await either way: calls keep their order
    const changesKey = keyChange(op, args);
    // Another tab's stream is named with this term too: a new leader's worker has other streams.
    if (op === "openStream") return local.request("openStream", entry, name, ...rest).then((id) => (told ? { term: term.id, id } : id));
    if (op !== "call" && op !== "long") throw storeError("InvalidInput", `invalid operation: ${op}`, { field: "op", reason: `unknown operation ${op}` });
    if (op === "long" && told && rest[1]) onProgress = progressTo(term, told.id);
    const workerArgs = op === "long" ? [entry, name, rest[0], Boolean(onProgress)] : [entry, name, ...rest];
    if (!changesKey) {
      if (!told) return local.requestWithProgress(op, workerArgs, onProgress);
      told.sent = true;
      return local.requestWithProgress(op, workerArgs, onProgress, { channel: NAME, id: told.id, leader: told.leader });
    }
    // The key check must follow the new key before the caller hears of it: this tab says
    // when the call starts and replies itself.
    if (told) channel.postMessage({ type: "started", id: told.id, leader: told.leader });
    const value = await local.requestWithProgress(op, workerArgs, onProgress);
    store.digest = await keyDigest(path, changesKey.key);
    return value;
  }

  // A call on an open attachment stream: this tab's (a number) or another's ({ term, id }).
  function onStream(term, op, [stream, ...rest], told) {
    if (typeof stream === "object" && stream?.term !== term.id) {
      const reason = "the tab holding the store changed since this stream was opened";
      throw storeError("InvalidInput", `invalid stream: ${reason}`, { field: "stream", reason });
    }
    const args = [typeof stream === "object" ? stream.id : stream, ...rest];
    if (!told) return local.request(op, ...args);
    told.sent = true;
    return local.requestWithProgress(op, args, undefined, { channel: NAME, id: told.id, leader: told.leader });
  }

  // Progress reports of call `id` of another tab, sent to it; each waits for its answer. If
  // that tab goes away (its lock "unified-store tab <id>" comes free), the call is cancelled.
  function progressTo(term, id) {
    const from = id.slice(0, id.indexOf(":"));
    if (!term.watched.has(from)) {
      term.watched.set(from, new Set());
      navigator.locks
        .request(`${NAME} tab ${from}`, { signal: term.ended.signal }, () => {
          for (const call of term.watched.get(from)) answers.get(call)?.(false);
        })
        .catch(() => {}); // this term ended first
    }
    term.watched.get(from).add(id);
    return (done, total) =>
      new Promise((resolve) => {
        answers.set(id, resolve);
        channel.postMessage({ type: "progress", id, progress: [done, total] });
      });
  }

  // Opens `path` for client `client` of some tab, or checks its key against the open store's.
  async function openFor(term, path, digest, config, client) {
    let opening = term.served.get(path);
    if (!opening) {
      if (!("key" in config) && digest !== NO_KEY) throw needKey();
      opening = openInWorker(config);
      term.served.set(path, opening);
      opening.catch(() => term.served.get(path) === opening && term.served.delete(path));
    }
    const store = await opening;
    if (digest !== store.digest) throw wrongKey();
    store.clients.add(client);
    return { id: null, methods: store.methods };
  }

  async function openInWorker(config) {
    const { id, methods } = await local.request("open", config);
    return { entry: id, methods, digest: await keyDigest(config.path, config.key), clients: new Set(), views: new Map() };
  }

  // The worker entry of the view acting as `userId`, opened once per leader and kept.
  function viewOf(store, userId) {
    let view = store.views.get(userId);
    if (!view) {
      view = local.request("actingAs", store.entry, userId).then((opened) => opened.id);
      store.views.set(userId, view);
      view.catch(() => store.views.delete(userId));
    }
    return view;
  }

  // A client closed its store: the store closes when no client of any tab has it open.
  async function detach(term, path, store, client) {
    store.clients.delete(client);
    if (store.clients.size > 0) return;
    const opening = term.served.get(path);
    term.served.delete(path);
    try {
      await local.request("close", store.entry);
    } catch (error) {
      store.clients.add(client); // SQLite refused: the store stays open, close can be retried
      term.served.set(path, opening);
      throw error;
    }
  }

  const wrongKey = () => {
    const reason = "this tab's key does not match the key the store is open with in the tab holding it";
    return storeError("InvalidKey", `invalid key: ${reason}`, { reason });
  };

  // --- This tab's stores ---

  function start() {
    if (!channel) {
      channel = new BroadcastChannel(NAME);
      channel.onmessage = hear;
      // Held while this page lives: a leader waiting for this tab's answer to a progress report
      // learns from it that the tab went away.
      navigator.locks.request(`${NAME} tab ${tab}`, () => new Promise(() => {}));
    }
    if (!wanting) {
      wanting = new AbortController();
      navigator.locks.request(NAME, { signal: wanting.signal }, lead).catch(() => {}); // aborted: no longer wanted
    }
  }

  async function stop() {
    if (stores.size > 0 || !wanting) return;
    wanting.abort();
    wanting = null;
    await resign();
  }

  // Opens the store at the leader: the key stays in this tab unless the leader has to open
  // the file itself, and then only goes to it.
  async function attach(client, store) {
    const { key, ...keyless } = store.config;
    try {
      return await forward(store.path, store.digest, "open", [key === undefined ? store.config : keyless, client]);
    } catch (error) {
      if (error.code !== "NeedKey") throw error;
      return forward(store.path, store.digest, "open", [store.config, client]);
    }
  }

  // A call of one of this tab's stores, opened again at a new leader that has not opened it.
  async function call(client, op, args, onProgress) {
    const store = stores.get(client);
    if (!store) throw storeError("Storage", "storage error: the store is closed", { reason: "the store is closed" });
    if (op === "close") return args[0] === null ? close(client, store) : undefined; // a view closes alone
    for (let tries = 1; ; tries++) {
      try {
        const value = await forward(store.path, store.digest, op, args, onProgress);
        const changesKey = keyChange(op, args);
        if (changesKey) {
          const { key } = changesKey;
          store.config = { ...store.config, key };
          if (key === undefined) delete store.config.key;
          store.digest = await keyDigest(store.path, key);
        }
        return value;
      } catch (error) {
        if (error.code !== "NotOpen" || tries === 5) throw error;
        await attach(client, store);
      }
    }
  }

  async function close(client, store) {
    await forward(store.path, store.digest, "detach", [client]).catch((error) => {
      if (error.code !== "NotOpen") throw error; // not open at a new leader: nothing to close
    });
    stores.delete(client);
    await stop();
  }

  return {
    /** Opens file store `config.path` for this tab: its first reply and the calls' transport. */
    async open(config) {
      const client = `${tab}:store:${++lastCall}`;
      const store = { path: config.path, config, digest: await keyDigest(config.path, config.key) };
      stores.set(client, store);
      start();
      try {
        const opened = await attach(client, store);
        return {
          opened,
          via: {
            request: (op, ...args) => call(client, op, args),
            requestWithProgress: (op, args, onProgress) => call(client, op, args, onProgress),
          },
        };
      } catch (error) {
        stores.delete(client);
        await stop();
        throw error;
      }
    },
    /**
     * An OPFS call: in this tab's worker when it leads or no tab does (holding the lock while
     * it runs), else at the leader.
     */
    async opfs(method, args) {
      if (leading) return local.opfs(method, args);
      const here = await navigator.locks.request(NAME, { ifAvailable: true }, async (lock) =>
        lock ? { value: await local.opfs(method, args) } : null,
      );
      if (here) return here.value;
      start();
      try {
        return await forward(null, NO_KEY, "opfs", [method, args]);
      } finally {
        await stop();
      }
    },
  };
}
