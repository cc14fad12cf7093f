// The package as a user gets it, in apps built by bundlers: `npm pack` makes the tarball, each
// sample app installs it with `npm ci` (pinned versions, committed lockfile), builds for
// production, and its page runs in headless Chromium: a store on OPFS is written, searched and
// the result shown. Run by scripts/npm-samples (needs pkg/, built by scripts/npm).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, readFile, readdir, rename, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const samples = fileURLToPath(new URL(".", import.meta.url));
const packageDir = join(samples, "..");
const WASM = "pkg/unified_store_wasm_bg.wasm";
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const TYPES = { ".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html", ".css": "text/css" };
// What each app writes, then finds by search and shows in #result.
const SAMPLES = [
  { name: "vite-ts", message: "Vite bundles the worker and the wasm of unified-store" },
  { name: "webpack", message: "webpack bundles the worker and the wasm of unified-store" },
];

const sha256 = async (path) => createHash("sha256").update(await readFile(path)).digest("hex");
function run(cwd, ...args) {
  try {
    return execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 300_000 });
  } catch (error) {
    throw new Error(`npm ${args.join(" ")} failed in ${relative(packageDir, cwd)}:\n${error.stdout}${error.stderr}`);
  }
}

async function filesUnder(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

let browser;
let profile;

before(async () => {
  // The tarball the lockfiles point at (file:../unified-ai-store.tgz, no integrity pinned, so
  // `npm ci` takes this build and not a cached older one).
  await readFile(join(packageDir, WASM)).catch(() => assert.fail(`${WASM} is missing: run scripts/npm first`));
  const [packed] = JSON.parse(run(packageDir, "pack", "--json", "--pack-destination", samples));
  await rename(join(samples, packed.filename), join(samples, "unified-ai-store.tgz"));
  profile = await mkdtemp(join(tmpdir(), "unified-store-samples-"));
  browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 30_000 });
});

after(async () => {
  await browser?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

/** Loads `url` and waits for the app to show `message` in #result, without a page error. */
async function showsMessage(url, message) {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  try {
    await page.goto(url);
    const shown = page.locator("#result, #error").first();
    await shown.waitFor({ timeout: 60_000 });
    assert.deepEqual(errors, []);
    assert.equal(await shown.getAttribute("id"), "result", `the page failed: ${await shown.textContent()}`);
    assert.equal(await shown.textContent(), message);
  } finally {
    await page.close();
  }
}

async function freePort() {
  const probe = createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

for (const { name, message } of SAMPLES) {
  describe(name, () => {
    const app = join(samples, name);
    const dist = join(app, "dist");
    let workerScript; // the emitted worker chunk, relative to dist/

    test("npm ci installs the packed package", { timeout: 300_000 }, async () => {
      run(app, "ci", "--no-audit", "--no-fund", "--loglevel=error");
      const installed = join(app, "node_modules/@unified-ai/store");
      // A lockfile that pins the tarball's integrity makes npm take an older one from its cache.
      assert.equal(await sha256(join(installed, WASM)), await sha256(join(packageDir, WASM)), "installed .wasm is not this build's (an `integrity` for @unified-ai/store in package-lock.json?)");
      assert.equal(await sha256(join(installed, "index.js")), await sha256(join(packageDir, "index.js")), "installed index.js is not this build's");
    });

    test("the production build emits the worker and the .wasm", { timeout: 300_000 }, async () => {
      await rm(dist, { recursive: true, force: true });
      run(app, "run", "build");
      const files = await filesUnder(dist);
      const wasmHash = await sha256(join(packageDir, WASM));
      const wasm = [];
      for (const file of files.filter((file) => file.endsWith(".wasm"))) {
        if ((await sha256(join(dist, file))) === wasmHash) wasm.push(file);
      }
      assert.equal(wasm.length, 1, `one copy of the package's .wasm in dist/, found: ${files.join(", ")}`);
      // The worker chunk is the script that loads the .wasm (the glue runs only in the worker).
      const scripts = files.filter((file) => file.endsWith(".js"));
      const loaders = [];
      for (const file of scripts) {
        if ((await readFile(join(dist, file), "utf8")).includes(wasm[0].split("/").pop())) loaders.push(file);
      }
      assert.equal(loaders.length, 1, `one script names ${wasm[0]}; scripts: ${scripts.join(", ")}`);
      workerScript = loaders[0];
      assert.ok(scripts.length >= 2, "the worker is a chunk of its own, beside the page's script");
    });

    test("the page writes, searches and shows the message in Chromium (OPFS)", { timeout: 120_000 }, async () => {
      assert.ok(workerScript, "the build did not pass");
      const served = new Set();
      const server = createServer(async (request, response) => {
        const path = new URL(request.url, "http://x").pathname;
        const file = join(dist, path === "/" ? "index.html" : decodeURIComponent(path));
        if (!file.startsWith(dist)) return response.writeHead(404).end();
        try {
          const body = await readFile(file);
          served.add(relative(dist, file));
          // No COOP/COEP headers: OPFS sync access handles do not need cross-origin isolation.
          response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
        } catch {
          response.writeHead(404).end();
        }
      });
      server.listen(0, "127.0.0.1");
      await once(server, "listening");
      try {
        await showsMessage(`http://127.0.0.1:${server.address().port}/`, message);
        assert.ok(served.has(workerScript), `the worker ${workerScript} was not loaded; served: ${[...served].join(", ")}`);
        assert.ok([...served].some((file) => file.endsWith(".wasm")), `no .wasm was loaded; served: ${[...served].join(", ")}`);
      } finally {
        server.close();
      }
    });

    // Where a user starts: `npm run dev`, which serves the package pre-bundled, not built.
    if (name === "vite-ts") {
      test("the dev server (vite) serves a working page too", { timeout: 120_000 }, async () => {
        const port = await freePort();
        const dev = spawn(join(app, "node_modules/.bin/vite"), ["--port", String(port), "--strictPort", "--host", "127.0.0.1"], { cwd: app, stdio: ["ignore", "pipe", "pipe"] });
        try {
          let output = "";
          await new Promise((resolve, reject) => {
            dev.stdout.on("data", (chunk) => (output += chunk) && /ready in/.test(output) && resolve());
            dev.stderr.on("data", (chunk) => (output += chunk));
            dev.on("exit", (code) => reject(new Error(`vite exited with ${code}:\n${output}`)));
          });
          await showsMessage(`http://127.0.0.1:${port}/`, message);
        } finally {
          dev.kill();
        }
      });
    }
  });
}
