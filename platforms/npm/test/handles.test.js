// The three lists of the store's handles agree: the wasm `Store` (its accessors and each
// handle's methods, from the declarations wasm-bindgen generated and from a real store), the
// worker's (what it opens and offers the page), and index.d.ts's `StoreClient`. A handle or a
// method forgotten in one of them fails here instead of at run time. Run scripts/npm first.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const at = (path) => fileURLToPath(new URL(path, import.meta.url));
// wasm-bindgen's plumbing and the client's own additions, which no list needs to name.
const PLUMBING = new Set(["constructor", "free"]);
const isPlumbing = (name) => PLUMBING.has(name) || name.startsWith("__");
const sorted = (names) => [...names].filter((name) => !isPlumbing(name)).sort();

/** The type checker's view of index.d.ts and the wasm declarations it imports. */
function declarations() {
  const options = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts", "lib.esnext.disposable.d.ts"],
  };
  const program = ts.createProgram([at("../index.d.ts"), at("../pkg/unified_store_wasm.d.ts")], options);
  const checker = program.getTypeChecker();
  const exports = (file) => {
    const source = program.getSourceFile(file);
    assert.ok(source, `${file} is missing: run scripts/npm first`);
    return new Map(checker.getExportsOfModule(checker.getSymbolAtLocation(source)).map((symbol) => [symbol.name, symbol]));
  };
  const members = (type) => checker.getPropertiesOfType(type).filter((symbol) => !symbol.name.startsWith("__@"));
  const typeOf = (symbol) => checker.getTypeOfSymbolAtLocation(symbol, symbol.declarations[0]);
  return { checker, exports, members, typeOf };
}

let wasm; // { handles: Map(handle -> { className, methods }), storeMethods }
let client; // the same for index.d.ts's StoreClient
let worker; // { handles: Map(handle -> methods), storeMethods, lists }

before(async () => {
  const { checker, exports, members, typeOf } = declarations();
  const generated = exports(at("../pkg/unified_store_wasm.d.ts"));
  const classes = new Map([...generated].filter(([, symbol]) => symbol.flags & ts.SymbolFlags.Class));
  const methodsOfClass = (name) => sorted(members(checker.getDeclaredTypeOfSymbol(classes.get(name))).map((symbol) => symbol.name));
  const storeType = checker.getDeclaredTypeOfSymbol(classes.get("Store"));
  wasm = { handles: new Map(), storeMethods: [] };
  for (const method of members(storeType)) {
    if (isPlumbing(method.name)) continue;
    const signature = typeOf(method).getCallSignatures()[0];
    const returned = signature.getReturnType().getSymbol()?.name;
    if (returned && classes.has(returned) && returned !== "Store") {
      wasm.handles.set(method.name, { className: returned, methods: methodsOfClass(returned) });
    } else {
      wasm.storeMethods.push(method.name);
    }
  }
  wasm.storeMethods.sort();

  const clientSymbol = exports(at("../index.d.ts")).get("StoreClient");
  const clientType = checker.getDeclaredTypeOfSymbol(clientSymbol);
  client = { handles: new Map(), storeMethods: [] };
  for (const member of members(clientType)) {
    const type = typeOf(member);
    if (type.getCallSignatures().length > 0) client.storeMethods.push(member.name);
    else client.handles.set(member.name, sorted(members(type).map((symbol) => symbol.name)));
  }
  client.storeMethods.sort();

  // The worker, run here as in a dedicated worker: `self` is the global, its messages are
  // caught, and the wasm it fetches beside its glue is read from pkg/.
  const posted = [];
  globalThis.self = globalThis;
  globalThis.postMessage = (message) => posted.push(message);
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (url) =>
    String(url).startsWith("file:")
      ? new Response(await readFile(fileURLToPath(url)), { headers: { "content-type": "application/wasm" } })
      : realFetch(url);
  const lists = await import("../worker.js");
  globalThis.onmessage({ data: { id: 1, op: "open", args: [{}] } });
  const deadline = Date.now() + 20_000;
  while (!posted.some((message) => message.id === 1) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 10));
  const opened = posted.find((message) => message.id === 1);
  assert.ok(opened && !opened.error, `the worker did not open a store: ${JSON.stringify(opened?.error)}`);
  const { store: storeMethods, ...handles } = opened.value.methods;
  worker = {
    handles: new Map(Object.entries(handles).map(([name, methods]) => [name, sorted(methods)])),
    storeMethods: sorted([...storeMethods, ...lists.LONG_CALLS.filter((name) => !name.includes(".")), "actingAs", "close"]),
    lists,
  };
});

test("the worker opens exactly the wasm Store's handles, each with its methods", () => {
  assert.deepEqual([...worker.handles.keys()].sort(), [...wasm.handles.keys()].sort(), "handles: worker.js HANDLES vs the wasm Store");
  assert.deepEqual([...worker.lists.HANDLES].sort(), [...wasm.handles.keys()].sort());
  for (const [name, { methods }] of wasm.handles) assert.deepEqual(worker.handles.get(name), methods, `methods of ${name}`);
});

test("the worker offers every method of the wasm Store, and nothing else", () => {
  assert.deepEqual(worker.storeMethods, wasm.storeMethods, "STORE_METHODS + LONG_CALLS + actingAs/close vs the wasm Store");
  for (const long of worker.lists.LONG_CALLS.filter((name) => name.includes("."))) {
    const [handle, method] = long.split(".");
    assert.ok(wasm.handles.get(handle)?.methods.includes(method), `long call ${long} is a wasm method`);
  }
});

test("index.d.ts declares exactly the wasm Store's handles, each with its methods", () => {
  assert.deepEqual([...client.handles.keys()].sort(), [...wasm.handles.keys()].sort(), "handles: index.d.ts StoreClient vs the wasm Store");
  for (const [name, { methods }] of wasm.handles) assert.deepEqual(client.handles.get(name), methods, `methods of ${name}`);
});

test("index.d.ts declares every method of the wasm Store, and nothing else", () => {
  assert.deepEqual(client.storeMethods, wasm.storeMethods);
});
