// Several tabs, one store: pages of one headless Chromium share a store in OPFS through the tab
// holding it (tabs.js). Writes from every tab land exactly once; closing the tab that holds the
// store mid-stream hands it to another without a write lost or doubled (a call whose fate the
// closed tab took with it fails with InDoubt, and is then written at most once); a tab with
// the wrong key for an encrypted store is refused. Run scripts/npm first (it builds pkg/).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startBrowser } from "./chromium.js";

let harness;

before(async () => {
  harness = await startBrowser("tabs", ["tabs.js", "pkg/unified_store_wasm_bg.wasm"], 60_000);
});

after(async () => {
  await harness?.close();
});

/** A tab with the package loaded, its errors turned into test failures. */
const openTab = () => harness.newPage();

/** The tabs running a worker: the one holding the OPFS files (the leader) and no other. */
const leaders = (tabs) => tabs.filter((tab) => !tab.isClosed() && tab.workers().length > 0);

/** Waits until exactly one of `tabs` runs a worker, and returns it. */
async function leaderOf(tabs) {
  for (let tries = 0; tries < 200; tries++) {
    const found = leaders(tabs);
    if (found.length === 1) return found[0];
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`expected one leader tab, found ${leaders(tabs).length}`);
}

/** Opens `path` in `tab` as `window.store` and returns the thread to write to. */
const openThread = (tab, path) =>
  tab.evaluate(async (path) => {
    window.store = await unifiedStore.openStore({ path });
    let [workspace] = await window.store.workspaces.list();
    if (!workspace) {
      const owner = await window.store.users.create({ email: "tabs@example.com", displayName: "Tabs" });
      workspace = await window.store.workspaces.create({ name: "Tabs", ownerUserId: owner.id });
      await window.store.threads.create(workspace.id, "Writes");
    }
    const [thread] = await window.store.threads.list(workspace.id);
    return thread.id;
  }, path);

/** Every message of `thread`, oldest first, read in `tab`. */
const contents = (tab, thread) =>
  tab.evaluate(async (thread) => (await window.store.messages.list(thread, { limit: 1000 })).map((m) => m.content).reverse(), thread);

test("three tabs write at once through the one holding the store: every write lands exactly once", { timeout: 120_000 }, async () => {
  const tabs = [await openTab(), await openTab(), await openTab()];
  const thread = await openThread(tabs[0], "/tabs-concurrent.db");
  for (const tab of tabs.slice(1)) assert.equal(await openThread(tab, "/tabs-concurrent.db"), thread, "the other tabs see the first one's data");
  assert.equal(await leaderOf(tabs), tabs[0], "the first tab to open holds the store; the others run no worker");

  const written = await Promise.all(
    tabs.map((tab, t) =>
      tab.evaluate(async ({ thread, t }) => {
        const appends = Array.from({ length: 40 }, (_, i) => window.store.messages.append(thread, "user", `tab ${t} write ${i}`));
        return (await Promise.all(appends)).map((message) => message.content);
      }, { thread, t }),
    ),
  );
  const all = await contents(tabs[1], thread);
  assert.equal(all.length, 120);
  assert.equal(new Set(all).size, 120, "no write doubled");
  for (const mine of written) for (const content of mine) assert.ok(all.includes(content), `${content} landed`);
  // Each tab's writes keep the order it sent them in.
  for (let t = 0; t < 3; t++) {
    const order = all.filter((content) => content.startsWith(`tab ${t} `));
    assert.deepEqual(order, Array.from({ length: 40 }, (_, i) => `tab ${t} write ${i}`));
  }
  // What forwarding costs: 200 appends one after the other, in the holder and in a follower.
  const timed = (tab) =>
    tab.evaluate(async (thread) => {
      const start = performance.now();
      for (let i = 0; i < 200; i++) await window.store.messages.append(thread, "user", `timed ${i}`);
      return (performance.now() - start) / 200;
    }, thread);
  const [here, forwarded] = [await timed(tabs[0]), await timed(tabs[1])];
  console.log(`sequential append: ${here.toFixed(2)} ms in the tab holding the store, ${forwarded.toFixed(2)} ms from another tab`);
  for (const tab of tabs) await tab.evaluate(() => window.store.close());
  await Promise.all(tabs.map((tab) => tab.close()));
});

test("closing the tab that holds the store mid-stream: another takes it, no write lost or doubled", { timeout: 180_000 }, async () => {
  const tabs = [await openTab(), await openTab(), await openTab()];
  const thread = await openThread(tabs[0], "/tabs-handover.db");
  for (const tab of tabs.slice(1)) await openThread(tab, "/tabs-handover.db");
  const [first, ...others] = tabs;
  assert.equal(await leaderOf(tabs), first);

  // Each follower writes in 4 lanes, one write after the other in each, and records each
  // outcome: written (with the reply), InDoubt, or another error.
  const streams = others.map((tab, t) =>
    tab.evaluate(async ({ thread, t }) => {
      window.outcomes = [];
      const lane = async (lane) => {
        for (let i = 0; i < 40; i++) {
          const content = `tab ${t} lane ${lane} write ${i}`;
          try {
            await window.store.messages.append(thread, "user", content);
            window.outcomes.push({ content, outcome: "written", at: Date.now() });
          } catch (error) {
            window.outcomes.push({ content, outcome: error.code ?? error.message });
          }
        }
      };
      await Promise.all([0, 1, 2, 3].map(lane));
      return window.outcomes;
    }, { thread, t }),
  );
  // The leader writes too; its writes in flight go with it.
  first.evaluate(async (thread) => {
    for (let i = 0; ; i++) await window.store.messages.append(thread, "user", `leader write ${i}`);
  }, thread).catch(() => {}); // ends when the tab closes
  await others[0].waitForFunction(() => window.outcomes?.length >= 30);
  const closedAt = Date.now();
  await first.close(); // as a user closes a tab: no store.close()
  const outcomes = (await Promise.all(streams)).flat();
  const next = await leaderOf(others);
  assert.ok(others.includes(next), "one of the remaining tabs holds the store now");

  const all = await contents(next === others[0] ? others[1] : others[0], thread);
  assert.equal(new Set(all).size, all.length, "no write doubled");
  const other = outcomes.filter(({ outcome }) => outcome !== "written" && outcome !== "InDoubt");
  assert.deepEqual(other, [], "every call either succeeded or is reported InDoubt");
  for (const { content, outcome } of outcomes) {
    if (outcome === "written") assert.ok(all.includes(content), `${content} was acknowledged and is there`);
  }
  const inDoubt = outcomes.filter(({ outcome }) => outcome === "InDoubt");
  const resumed = Math.min(...outcomes.filter(({ at }) => at > closedAt).map(({ at }) => at)) - closedAt;
  console.log(`handover: ${outcomes.length} follower writes, ${inDoubt.length} in doubt (${inDoubt.filter(({ content }) => all.includes(content)).length} of them written); writes went on ${resumed} ms after the close`);
  assert.ok(inDoubt.length <= others.length * 4, "at most one call per lane can be in flight at the closed tab");
  assert.ok(all.some((content) => content.startsWith("leader write")), "the leader's own writes before it closed are there");
  for (const tab of others) await tab.evaluate(() => window.store.close());
  await Promise.all(others.map((tab) => tab.close()));
});

test("a write the closing tab had started is reported InDoubt and never sent again", { timeout: 180_000 }, async () => {
  const [holder, follower] = [await openTab(), await openTab()];
  const thread = await openThread(holder, "/tabs-doubt.db");
  await openThread(follower, "/tabs-doubt.db");
  const SIZE = 20_000;
  const rows = (tab) =>
    tab.evaluate(async (thread) => (await window.store.storage.threadUsage(thread)).categories.find((c) => c.category === "messages").rows, thread);
  const before = await rows(follower);
  // The follower listens to the tabs' channel as tabs.js does, to see its batch start at the
  // holder; the batch (one transaction, seconds long) is then under way when the holder closes.
  await follower.evaluate(({ thread, SIZE }) => {
    const heard = new BroadcastChannel("unified-store");
    heard.onmessage = ({ data }) => data.type === "started" && (window.started = Date.now());
    const batch = Array.from({ length: SIZE }, (_, i) => ({ threadId: thread, role: "user", content: `batch ${i}` }));
    window.outcome = window.store.messages.appendBatch(batch).then(
      (written) => ({ outcome: "written", at: Date.now(), replied: written.length }),
      (error) => ({ outcome: error.code ?? error.message, at: Date.now() }),
    );
  }, { thread, SIZE });
  await follower.waitForFunction(() => window.started);
  await holder.close();
  const { outcome, at, replied } = await follower.evaluate(() => window.outcome);
  const kept = (await rows(follower)) - before;
  const started = await follower.evaluate(() => window.started);
  console.log(`in doubt: ${outcome} ${at - started} ms after the batch started; ${kept} of ${SIZE} rows kept`);
  assert.equal(outcome, "InDoubt", `the batch was under way when its tab closed (${replied ?? 0} rows replied)`);
  assert.ok(kept === 0 || kept === SIZE, `all or none of the batch, never twice: ${kept} rows`);
  await follower.evaluate(() => window.store.close());
  await follower.close();
});

test("an encrypted store: a tab with a wrong or no key is refused; progress and streams cross from the others", { timeout: 180_000 }, async () => {
  const tabs = [await openTab(), await openTab(), await openTab()];
  const [holder, intruder, friend] = tabs;
  const kdf = { memoryKib: 8, iterations: 1, parallelism: 1 };
  const key = Array(32).fill(7); // a Uint8Array in the page
  const open = (tab, config) =>
    tab.evaluate(async ({ config, kdf }) => {
      const key = Array.isArray(config.key) ? new Uint8Array(config.key) : config.key;
      try {
        window.store = await unifiedStore.openStore({ ...config, key, kdf });
        return "opened";
      } catch (error) {
        return error.code;
      }
    }, { config, kdf });
  assert.equal(await open(holder, { path: "/tabs-sealed.db", key }), "opened");
  assert.equal(await holder.evaluate(() => unifiedStore.openStore({ path: "/tabs-sealed.db" }).then(() => "opened", (error) => error.code)), "InvalidKey",
    "a second open in the same tab without the key is refused too");
  const seeded = await holder.evaluate(async () => {
    const owner = await window.store.users.create({ email: "sealed@example.com", displayName: "Sealed" });
    const workspace = await window.store.workspaces.create({ name: "Sealed", ownerUserId: owner.id });
    const thread = await window.store.threads.create(workspace.id, "Secrets");
    await window.store.messages.append(thread.id, "user", "only for key holders");
    return thread.id;
  });

  assert.equal(await open(intruder, { path: "/tabs-sealed.db", key: Array(32).fill(8) }), "InvalidKey");
  assert.equal(await open(intruder, { path: "/tabs-sealed.db", key: "a guess" }), "InvalidKey");
  assert.equal(await open(intruder, { path: "/tabs-sealed.db" }), "InvalidKey");
  assert.equal(await open(friend, { path: "/tabs-sealed.db", key }), "opened");
  assert.equal(await leaderOf(tabs), holder);

  // Progress reports and attachment streams cross too: the callback runs in the calling tab
  // and its `false` cancels at the holder; bytes stream through the holder both ways.
  const followerSide = await friend.evaluate(async (thread) => {
    const code = (promise) => promise.then(() => "done", (error) => error.code);
    const reports = [];
    const rekeyed = await code(window.store.rekey({ onProgress: (done, total) => void reports.push([done, total]) }));
    const cancelled = await code(window.store.rekey({ onProgress: async () => false }));
    const bytes = new Uint8Array(3 << 20).map((_, i) => i % 251);
    const [message] = await window.store.messages.list(thread, { limit: 1 });
    const attachment = await window.store.attachments.write({ messageId: message.id, filename: "big.bin", mime: "application/octet-stream" }, new Blob([bytes]));
    const back = new Uint8Array(await (await (await window.store.attachments.reader(attachment.id)).blob()).arrayBuffer());
    return {
      read: (await window.store.messages.list(thread, { limit: 10 })).map((m) => m.content),
      rekeyed, reported: reports.length > 0 && reports.at(-1)[0] === reports.at(-1)[1], cancelled,
      sameBytes: back.length === bytes.length && back.every((byte, i) => byte === bytes[i]),
    };
  }, seeded);
  assert.deepEqual(followerSide, { read: ["only for key holders"], rekeyed: "done", reported: true, cancelled: "Cancelled", sameBytes: true });

  // A key changed in one tab: the other tabs' calls with the old key are refused until the
  // key is what they hold again.
  const keyChanges = await holder.evaluate(async (kdf) => {
    await window.store.changeKey("a new passphrase", kdf);
    return window.store.hasKey();
  }, kdf);
  const friendAfterChange = await friend.evaluate(() => window.store.hasKey().then(() => "allowed", (error) => error.code));
  await holder.evaluate(async ({ key, kdf }) => window.store.changeKey(new Uint8Array(key), kdf), { key, kdf });
  const friendAfterChangeBack = await friend.evaluate(() => window.store.hasKey().then(() => "allowed", (error) => error.code));
  assert.deepEqual([keyChanges, friendAfterChange, friendAfterChangeBack], [true, "InvalidKey", "allowed"]);

  // The holder closes its store: the friend's tab takes it over, with its own key, and keeps
  // refusing the wrong one.
  await holder.evaluate(() => window.store.close());
  const after = await friend.evaluate(async (thread) => {
    await window.store.messages.append(thread, "assistant", "still sealed");
    return (await window.store.messages.list(thread, { limit: 10 })).map((m) => m.content);
  }, seeded);
  assert.deepEqual(after, ["still sealed", "only for key holders"]);
  assert.equal(await leaderOf(tabs), friend);
  assert.equal(await open(intruder, { path: "/tabs-sealed.db", key: Array(32).fill(8) }), "InvalidKey");
  assert.equal(await open(holder, { path: "/tabs-sealed.db", key }), "opened", "the right key opens it from any tab");

  // A tab that goes away while the holder waits for its answer to a progress report: the call
  // is cancelled, and the holder's calls behind it go on.
  await holder.evaluate(() => {
    window.store.rekey({ onProgress: () => ((window.reported = true), new Promise(() => {})) });
  });
  await holder.waitForFunction(() => window.reported);
  await holder.close();
  const goesOn = await Promise.race([
    friend.evaluate(async (thread) => (await window.store.messages.append(thread, "user", "not stuck")).content, seeded),
    new Promise((resolve) => setTimeout(resolve, 20_000, "stuck behind the closed tab's call")),
  ]);
  assert.equal(goesOn, "not stuck");
  await friend.evaluate(() => window.store.close());
  await Promise.all([intruder.close(), friend.close()]);
});
