// The package's TypeScript declarations compile, strictly, against the generated ones: under
// the repository's tsconfig (lib esnext.disposable, library files checked too) and under the
// stock Vite template's options, whose lib lacks esnext.disposable.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const tsc = fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url));

for (const config of ["tsconfig.json", "tsconfig.vite.json"]) {
  test(`the client's types are real and agree with the wasm declarations (${config})`, { timeout: 60_000 }, () => {
    const project = fileURLToPath(new URL(config, import.meta.url));
    const result = spawnSync(process.execPath, [tsc, "-p", project], { encoding: "utf8", timeout: 50_000 });
    assert.equal(result.status, 0, `tsc failed:\n${result.stdout}${result.stderr}`);
  });
}
