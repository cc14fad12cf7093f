#!/usr/bin/env node
// Times vectors crossing the wasm binding under Node, both ways, for a batch of 1,000 x 384
// (median of 5 runs; figures, not assertions): the built npm package's wasm (scripts/npm
// first), an in-memory store, no worker.
//
//   node scripts/measure-vectors.mjs
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const pkg = new URL("../platforms/npm/pkg/", import.meta.url);
const { initSync, Store } = await import(new URL("unified_store_wasm.js", pkg));
initSync({ module: readFileSync(fileURLToPath(new URL("unified_store_wasm_bg.wasm", pkg))) });

const [COUNT, DIMENSIONS, RUNS] = [1000, 384, 5];
const median = (block) => {
  const times = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    block();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[RUNS >> 1];
};

const store = Store.openInMemory();
const owner = store.users().create({ email: "m@example.com", displayName: "M" });
const workspace = store.workspaces().create({ name: "W", ownerUserId: owner.id });
const thread = store.threads().create(workspace.id, "T");
const batch = Array.from({ length: COUNT }, (_, i) => ({ threadId: thread.id, role: "user", content: `message ${i}` }));
const owners = store.messages().appendBatch(batch).map((message) => message.id);
let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
const flat = Float32Array.from({ length: COUNT * DIMENSIONS }, random);
const metas = owners.map((ownerId) => ({ ownerKind: "message", ownerId, collection: "measure", model: "m" }));
const embeddings = store.embeddings();

const figures = {
  "upsertBatch (one flat Float32Array)": median(() => embeddings.upsertBatch(metas, flat)),
  "upsert x 1000 (a Float32Array each)": median(() =>
    metas.forEach((meta, i) => embeddings.upsert({ ...meta, vector: flat.subarray(i * DIMENSIONS, (i + 1) * DIMENSIONS) })),
  ),
  "scroll(limit 1000), vectors as Float32Array": median(() => embeddings.scroll("measure", "m", { limit: COUNT })),
  "search k=10": median(() => embeddings.search({ collection: "measure", model: "m", vector: flat.subarray(0, DIMENSIONS), k: 10 })),
  "search k=10, vector as number[]": median(() =>
    embeddings.search({ collection: "measure", model: "m", vector: Array.from(flat.subarray(0, DIMENSIONS)), k: 10 }),
  ),
};
console.log(`vectors (wasm under Node ${process.version}, ${COUNT} x ${DIMENSIONS}, median of ${RUNS}):`);
for (const [name, ms] of Object.entries(figures)) console.log(`  ${name.padEnd(45)} ${ms.toFixed(2).padStart(9)} ms`);
store.close();
