// The package's TypeScript declarations compile, strictly, against the generated ones.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

test("the client's types are real and agree with the wasm declarations", { timeout: 60_000 }, () => {
  const tsc = fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url));
  const project = fileURLToPath(new URL("./tsconfig.json", import.meta.url));
  const result = spawnSync(process.execPath, [tsc, "-p", project], { encoding: "utf8", timeout: 50_000 });
  assert.equal(result.status, 0, `tsc failed:\n${result.stdout}${result.stderr}`);
});
