// The browser harness of the page tests: a static server on 127.0.0.1 serving exactly the files
// `npm pack` would publish (under /node_modules/@unified-ai/store/) plus test/page.html at "/",
// and one headless Chromium profile whose pages share OPFS. Run scripts/npm first (pkg/).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const packageDir = fileURLToPath(new URL("..", import.meta.url));
const PACKAGE_URL = "/node_modules/@unified-ai/store/";
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
// Without the networking flags Chromium keeps trying to reach hosts it cannot reach.
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const TYPES = { ".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html", ".json": "application/json", ".ts": "text/plain" };

/** The files a user would get from the registry, as npm itself lists them. */
function publishedFiles() {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const [packed] = JSON.parse(execFileSync(npm, ["pack", "--dry-run", "--json"], { cwd: packageDir, encoding: "utf8" }));
  return new Set(packed.files.map((file) => file.path));
}

/**
 * Starts the server and the browser; `needed` files must be in the package. Gives `newPage`
 * (a page with the package loaded, its errors turned into test failures), `origin` and `close`.
 */
export async function startBrowser(name, needed, pageTimeoutMs) {
  const files = publishedFiles();
  for (const file of needed) {
    assert.ok(files.has(file), `${file} is not in the package: add it to package.json "files" / run scripts/npm`);
  }
  let origin;
  const server = createServer(async (request, response) => {
    const path = new URL(request.url, origin).pathname;
    const file = path === "/" ? "test/page.html" : path.startsWith(PACKAGE_URL) && path.slice(PACKAGE_URL.length);
    if (!file || (path !== "/" && !files.has(file))) return response.writeHead(404).end();
    const body = await readFile(join(packageDir, file)).catch(() => null);
    if (!body) return response.writeHead(404).end();
    response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  origin = `http://127.0.0.1:${server.address().port}`;
  const profile = await mkdtemp(join(tmpdir(), `unified-store-${name}-`));
  const browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 30_000 });
  return {
    origin,
    async newPage() {
      const page = await browser.newPage();
      page.setDefaultTimeout(pageTimeoutMs);
      page.on("pageerror", (error) => assert.fail(`page error: ${error.message}`));
      await page.goto(origin);
      await page.waitForFunction(() => window.unifiedStore);
      return page;
    },
    async close() {
      await browser.close();
      server.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
