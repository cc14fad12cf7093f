// The built package as a page loads it, in headless Chromium: a static server on 127.0.0.1
// serves exactly the files `npm pack` would publish plus test/page.html; Playwright drives
// the page. Data must survive a reload (OPFS), be found by search, and errors must cross the
// worker with their code and fields. Run scripts/npm first (it builds pkg/).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const PACKAGE_URL = "/node_modules/@unified-ai/store/";
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
// Without the networking flags Chromium keeps trying to reach hosts it cannot reach.
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const TYPES = { ".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html", ".json": "application/json", ".ts": "text/plain" };

let server;
let origin;
let profile;
let browser;

/** The files a user would get from the registry, as npm itself lists them. */
function publishedFiles() {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const [packed] = JSON.parse(execFileSync(npm, ["pack", "--dry-run", "--json"], { cwd: packageDir, encoding: "utf8" }));
  return new Set(packed.files.map((file) => file.path));
}

async function serve(files, request, response) {
  const path = new URL(request.url, origin).pathname;
  const file = path === "/" ? "test/page.html" : path.startsWith(PACKAGE_URL) && path.slice(PACKAGE_URL.length);
  if (!file || (path !== "/" && !files.has(file))) return response.writeHead(404).end();
  const body = await readFile(join(packageDir, file));
  response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
}

before(async () => {
  const files = publishedFiles();
  for (const built of ["pkg/unified_store_wasm.js", "pkg/unified_store_wasm_bg.wasm"]) {
    assert.ok(files.has(built), `${built} is not in the package: run scripts/npm first`);
  }
  server = createServer((request, response) => serve(files, request, response).catch(() => response.writeHead(500).end()));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  origin = `http://127.0.0.1:${server.address().port}`;
  profile = await mkdtemp(join(tmpdir(), "unified-store-e2e-"));
  browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 30_000 });
});

after(async () => {
  await browser?.close();
  server?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

/** A page with the package loaded, its errors turned into test failures. */
async function openPage() {
  const page = await browser.newPage();
  page.setDefaultTimeout(20_000);
  page.on("pageerror", (error) => assert.fail(`page error: ${error.message}`));
  await page.goto(origin);
  await page.waitForFunction(() => window.unifiedStore);
  return page;
}

test("what a page writes survives a reload and is found by search", { timeout: 90_000 }, async () => {
  const page = await openPage();
  const written = await page.evaluate(async () => {
    const store = await unifiedStore.openStore({ path: "/reload.db" });
    const workspace = await store.workspaces.create("Travel");
    const thread = await store.threads.create(workspace.id, "Lisbon");
    const question = await store.messages.append(thread.id, "user", "Which tram goes to Belém?");
    const answer = await store.messages.append(thread.id, "assistant", "Tram 15 runs along the river to Belém.");
    await store.close();
    return { workspace, thread, messages: [answer, question] };
  });
  assert.equal(typeof written.workspace.createdAt, "number", "timestamps are plain numbers");

  await page.reload();
  await page.waitForFunction(() => window.unifiedStore);
  const read = await page.evaluate(async ({ workspace, thread }) => {
    const store = await unifiedStore.openStore({ path: "/reload.db" });
    const result = {
      workspaces: await store.workspaces.list(),
      thread: await store.threads.get(thread.id),
      messages: await store.messages.list(thread.id, { limit: 10 }),
      hits: await store.messages.search({ text: "river tram", workspaceId: workspace.id }),
      schemaVersion: await store.schemaVersion(),
    };
    await store.close();
    return result;
  }, written);
  assert.deepEqual(read.workspaces, [written.workspace]);
  assert.deepEqual(read.thread, written.thread);
  assert.deepEqual(read.messages, written.messages, "newest first");
  assert.equal(read.hits.length, 1);
  assert.deepEqual(read.hits[0].message, written.messages[0]);
  assert.match(read.hits[0].snippet, /\[river\]/);
  assert.ok(read.schemaVersion >= 1);
  await page.close();
});

test("a write is kept even if the page goes away without closing the store", { timeout: 90_000 }, async () => {
  const page = await openPage();
  const workspace = await page.evaluate(async () => {
    const store = await unifiedStore.openStore({ path: "/unclosed.db" });
    return store.workspaces.create("Left open");
  });
  await page.reload();
  await page.waitForFunction(() => window.unifiedStore);
  const found = await page.evaluate(async (id) => {
    const store = await unifiedStore.openStore({ path: "/unclosed.db" });
    const workspace = await store.workspaces.get(id);
    await store.close();
    return workspace;
  }, workspace.id);
  assert.deepEqual(found, workspace);
  await page.close();
});

test("errors reach the page as Errors with their code and fields", { timeout: 60_000 }, async () => {
  const page = await openPage();
  const errors = await page.evaluate(async () => {
    const caught = async (promise) => {
      try {
        await promise;
        return null;
      } catch (error) {
        return { isError: error instanceof Error, ...error, name: error.name, message: error.message };
      }
    };
    const store = await unifiedStore.openStore({});
    const result = {
      invalid: await caught(store.workspaces.get("not-a-uuid")),
      notFound: await caught(store.threads.get("01890a5d-ac96-774b-bcce-b302099a8057")),
      badQuery: await caught(store.messages.search({ text: "\"", syntax: "fts5" })),
      badConfig: await caught(unifiedStore.openStore({ path: 42 })),
    };
    await Promise.all([store.close(), store.close()]);
    result.closed = await caught(store.workspaces.list());
    return result;
  });
  assert.deepEqual(
    { ...errors.invalid, message: undefined, reason: undefined },
    { isError: true, name: "StoreError", code: "InvalidInput", field: "id", message: undefined, reason: undefined },
  );
  assert.match(errors.invalid.message, /^invalid id/);
  assert.equal(errors.notFound.code, "NotFound");
  assert.equal(errors.notFound.entity, "thread");
  assert.equal(errors.notFound.id, "01890a5d-ac96-774b-bcce-b302099a8057");
  assert.equal(errors.badQuery.field, "query");
  assert.equal(errors.badConfig.code, "InvalidInput");
  assert.equal(errors.badConfig.field, "config");
  assert.equal(errors.closed.code, "Storage", "a call on a closed store fails as the core says");
  assert.ok(errors.closed.isError);
  await page.close();
});

test("closed databases can be listed, exported and deleted", { timeout: 60_000 }, async () => {
  const page = await openPage();
  const result = await page.evaluate(async () => {
    const store = await unifiedStore.openStore({ path: "/exported.db" });
    await store.workspaces.create("Backed up");
    await store.close();
    const { opfs } = unifiedStore;
    const listed = await opfs.files();
    const bytes = await opfs.export("/exported.db");
    const deleted = await opfs.delete("/exported.db");
    return { listed, header: new TextDecoder().decode(bytes.slice(0, 15)), deleted, after: await opfs.files() };
  });
  assert.ok(result.listed.includes("/exported.db"));
  assert.equal(result.header, "SQLite format 3");
  assert.equal(result.deleted, true);
  assert.ok(!result.after.includes("/exported.db"));
  await page.close();
});

test("a second tab gets a Storage error until the first closes its store", { timeout: 60_000 }, async () => {
  const first = await openPage();
  const second = await openPage();
  const open = (page) =>
    page.evaluate(async () => {
      try {
        window.store = await unifiedStore.openStore({ path: "/shared.db" });
        return { workspaces: await window.store.workspaces.list() };
      } catch (error) {
        return { code: error.code };
      }
    });
  assert.deepEqual(await open(first), { workspaces: [] });
  assert.deepEqual(await open(second), { code: "Storage" }, "OPFS lets one worker hold the files");
  await first.evaluate(() => window.store.close());
  assert.deepEqual(await open(second), { workspaces: [] }, "closing the last store frees OPFS");
  await second.evaluate(() => window.store.close());
  await Promise.all([first.close(), second.close()]);
});

test("calls made all at once, while other stores open, all succeed in order", { timeout: 90_000 }, async () => {
  const page = await openPage();
  const outcome = await page.evaluate(async () => {
    const main = await unifiedStore.openStore({ path: "/busy.db" });
    const thread = await main.threads.create((await main.workspaces.create("Busy")).id, "Writes");
    // Opening a new file grows the OPFS pool, during which the VFS refuses other file work:
    // the worker must finish one call before it starts the next.
    const others = Array.from({ length: 8 }, (_, i) => unifiedStore.openStore({ path: `/other-${i}.db` }));
    const writes = Array.from({ length: 24 }, (_, i) => main.messages.append(thread.id, "user", `write ${i}`));
    const settled = await Promise.allSettled([...others, ...writes]);
    const failures = settled.filter((result) => result.status === "rejected").map((result) => result.reason.message);
    const opened = settled.slice(0, others.length).filter((result) => result.status === "fulfilled");
    await Promise.all(opened.map((result) => result.value.close()));
    const listed = await main.messages.list(thread.id, { limit: 100 });
    await main.close();
    return { failures, contents: listed.map((message) => message.content) };
  });
  assert.deepEqual(outcome.failures, []);
  const expected = Array.from({ length: 24 }, (_, i) => `write ${23 - i}`);
  assert.deepEqual(outcome.contents, expected, "every write kept, newest first");
  await page.close();
});

test("an argument of the wrong JS type is InvalidInput naming it, and the store stays sound", { timeout: 60_000 }, async () => {
  const page = await openPage();
  const error = await page.evaluate(async () => {
    const store = await unifiedStore.openStore({});
    try {
      await store.workspaces.create(42);
      return null;
    } catch (error) {
      await store.workspaces.create("still works");
      return { code: error.code, field: error.field, name: error.name };
    } finally {
      await store.close();
    }
  });
  assert.deepEqual(error, { code: "InvalidInput", field: "name", name: "StoreError" });
  await page.close();
});
