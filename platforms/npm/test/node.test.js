// In Node (server rendering) the package imports cleanly and its calls reject with the
// package's own error shape, a `StoreError` with `code: "Storage"`, not a ReferenceError. And
// what it exports, Node resolves to files npm publishes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { openStore, opfs } from "@unified-ai/store";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

const storeError = (error) =>
  error.name === "StoreError" && error.code === "Storage" && /no Web Worker here/.test(error.reason) && error instanceof Error;

test("calls without a Worker reject with a typed Storage error", async () => {
  assert.equal(typeof Worker, "undefined");
  await assert.rejects(openStore({ path: "/app.db" }), storeError);
  await assert.rejects(openStore(), storeError);
  await assert.rejects(opfs.files(), storeError);
});

test("every subpath the package exports is a file it publishes", () => {
  const [packed] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json"], { cwd: packageDir, encoding: "utf8" }));
  const published = new Set(packed.files.map((file) => file.path));
  const { exports } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
  for (const subpath of Object.keys(exports)) {
    const specifier = join("@unified-ai/store", subpath);
    const file = relative(packageDir, fileURLToPath(import.meta.resolve(specifier)));
    assert.ok(published.has(file), `${specifier} resolves to ${file}, which npm would not publish`);
  }
  for (const needed of ["worker.js", "pkg/unified_store_wasm_bg.wasm", "LICENSE-MIT", "LICENSE-APACHE", "README.md"]) {
    assert.ok(published.has(needed), `${needed} is not published`);
  }
});

test("every file a published module loads is published too", () => {
  const [packed] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json"], { cwd: packageDir, encoding: "utf8" }));
  const published = new Set(packed.files.map((file) => file.path));
  // Static imports and `new URL("./…", import.meta.url)`: how the client reaches its worker,
  // the worker its glue, the glue its .wasm.
  const reference = /(?:from\s*|import\s*|new URL\(\s*)["'](\.{0,2}\/?[\w./-]+\.(?:js|wasm))["']/g;
  for (const module of [...published].filter((file) => file.endsWith(".js"))) {
    const source = readFileSync(join(packageDir, module), "utf8");
    for (const [, specifier] of source.matchAll(reference)) {
      const file = join(dirname(module), specifier);
      assert.ok(published.has(file), `${module} loads ${specifier}, which npm would not publish`);
    }
  }
});
