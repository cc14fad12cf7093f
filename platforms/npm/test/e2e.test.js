// The built package as a page loads it, in headless Chromium: a static server on 127.0.0.1
// serves exactly the files `npm pack` would publish plus test/page.html; Playwright drives
// the page. Data must survive a reload (OPFS), be found by search, and errors must cross the
// worker with their code and fields. Run scripts/npm first (it builds pkg/).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageDir, startBrowser } from "./chromium.js";

let harness;

before(async () => {
  harness = await startBrowser("e2e", ["pkg/unified_store_wasm.js", "pkg/unified_store_wasm_bg.wasm"], 20_000);
});

after(async () => {
  await harness?.close();
});

/** A page with the package loaded, its errors turned into test failures. */
const openPage = () => harness.newPage();

test("what a page writes survives a reload and is found by search", { timeout: 90_000 }, async () => {
  const page = await openPage();
  const written = await page.evaluate(async () => {
    const store = await unifiedStore.openStore({ path: "/reload.db" });
    const owner = await store.users.create({ email: "ines@example.com", displayName: "Inês" });
    const workspace = await store.workspaces.create({ name: "Travel", ownerUserId: owner.id });
    const created = await store.threads.create(workspace.id, "Lisbon");
    const question = await store.messages.append(created.id, "user", "Which tram goes to Belém?");
    const answer = await store.messages.append(created.id, "assistant", "Tram 15 runs along the river to Belém.");
    const thread = await store.threads.get(created.id); // appending stamped its lastMessageAt
    await store.close();
    return { owner, workspace, created, thread, messages: [answer, question] };
  });
  assert.equal(typeof written.workspace.createdAt, "number", "timestamps are plain numbers");
  assert.equal(written.workspace.ownerUserId, written.owner.id);
  assert.equal(written.workspace.ownerOrganizationId, undefined, "an absent optional field is undefined");
  assert.equal(written.created.lastMessageAt, undefined);
  assert.equal(written.thread.lastMessageAt, written.messages[0].createdAt);

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
    const owner = await store.users.create({ email: "left@example.com", displayName: "Left" });
    return store.workspaces.create({ name: "Left open", ownerUserId: owner.id });
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
    await store.users.create({ email: "backup@example.com", displayName: "Backed up" });
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

test("a second tab shares the store the first holds, and holds it once the first closes", { timeout: 60_000 }, async () => {
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
  assert.deepEqual(await open(second), { workspaces: [] }, "the second tab's calls go to the first, which holds the files");
  assert.equal(second.workers().length, 0, "only the tab holding the files runs a worker");
  await first.evaluate(() => window.store.close());
  assert.deepEqual(await second.evaluate(async () => ({ workspaces: await window.store.workspaces.list() })), { workspaces: [] }, "the second tab holds it now");
  await second.evaluate(() => window.store.close());
  await Promise.all([first.close(), second.close()]);
});

test("calls made all at once, while other stores open, all succeed in order", { timeout: 90_000 }, async () => {
  const page = await openPage();
  const outcome = await page.evaluate(async () => {
    const main = await unifiedStore.openStore({ path: "/busy.db" });
    const owner = await main.users.create({ email: "busy@example.com", displayName: "Busy" });
    const thread = await main.threads.create((await main.workspaces.create({ name: "Busy", ownerUserId: owner.id })).id, "Writes");
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
  const outcome = await page.evaluate(async () => {
    const caught = (promise) => promise.then(() => null, (error) => ({ code: error.code, field: error.field, name: error.name }));
    const store = await unifiedStore.openStore({});
    const errors = {
      text: await caught(store.threads.create(42, "Not a workspace id")),
      record: await caught(store.users.create(42)),
      field: await caught(store.users.create({ email: "x@example.com", displayName: 7 })),
      enum: await caught(store.providers.create({ userId: "x", kind: "skynet", displayName: "?" })),
    };
    const user = await store.users.create({ email: "sound@example.com", displayName: "still works" });
    await store.close();
    return { errors, user: user.displayName };
  });
  const invalid = (field) => ({ code: "InvalidInput", field, name: "StoreError" });
  assert.deepEqual(outcome.errors, {
    text: invalid("workspace_id"),
    record: invalid("user"),
    field: invalid("user"),
    enum: invalid("config"),
  });
  assert.equal(outcome.user, "still works");
  await page.close();
});

test("an acting-as view checks its user, and closes alone or with its store", { timeout: 60_000 }, async () => {
  const page = await openPage();
  const result = await page.evaluate(async () => {
    const caught = (promise) => promise.then(() => null, (error) => ({ code: error.code, isError: error instanceof Error }));
    const store = await unifiedStore.openStore({ path: "/views.db" });
    const ada = await store.users.create({ email: "ada@example.com", displayName: "Ada" });
    const bob = await store.users.create({ email: "bob@example.com", displayName: "Bob" });

    const asAda = await store.actingAs(ada.id);
    const callers = [await asAda.caller(), await store.caller()];
    const own = await asAda.workspaces.create({ name: "Ada's", ownerUserId: ada.id });
    const forBob = await caught(asAda.workspaces.create({ name: "Bob's", ownerUserId: bob.id }));
    const unknownUser = await caught(store.actingAs("01890a5d-ac96-774b-bcce-b302099a8057"));
    await asAda.close();
    const afterViewClose = {
      view: await caught(asAda.workspaces.list()),
      store: (await store.workspaces.list()).map((workspace) => workspace.id),
    };

    const asBob = await store.actingAs(bob.id);
    const bobSees = (await asBob.workspaces.get(own.id)).name;
    await store.close();
    const afterStoreClose = {
      view: await caught(asBob.workspaces.list()),
      viewActingAs: await caught(asBob.actingAs(ada.id)),
      viewClose: await asBob.close(), // nothing left to close: resolves
      store: await caught(store.users.list()),
    };
    return { ada: ada.id, own: own.id, callers, forBob, unknownUser, afterViewClose, bobSees, afterStoreClose };
  });
  assert.deepEqual(result.callers, [result.ada, undefined], "the view acts as Ada, the store as nobody");
  assert.deepEqual(result.forBob, { code: "PermissionDenied", isError: true }, "the view's writes are checked");
  assert.equal(result.unknownUser.code, "NotFound");
  assert.deepEqual(result.afterViewClose, { view: { code: "Storage", isError: true }, store: [result.own] });
  assert.equal(result.bobSees, "Ada's", "reads are not checked");
  const closed = { code: "Storage", isError: true };
  assert.deepEqual(result.afterStoreClose, { view: closed, viewActingAs: closed, viewClose: undefined, store: closed });
  await page.close();
});

test("one scenario across domains: organization, members, costs and permissions", { timeout: 60_000 }, async () => {
  const page = await openPage();
  const DAY_1 = 1_709_287_200_000; // 2024-03-01 10:00 UTC
  const DAY_2 = 1_709_370_000_000; // 2024-03-02 09:00 UTC
  const result = await page.evaluate(async ({ DAY_1, DAY_2 }) => {
    const caught = (promise) => promise.then(() => null, (error) => ({ ...error, name: error.name }));
    const store = await unifiedStore.openStore({ path: "/scenario.db" });
    const user = (name) => store.users.create({ email: `${name.toLowerCase()}@example.com`, displayName: name });
    const [owner, member, guest] = [await user("Owner"), await user("Member"), await user("Guest")];
    const org = await store.organizations.create({ name: "Acme", slug: "acme", ownerUserId: owner.id });
    const workspace = await store.workspaces.create({ name: "Launch", ownerOrganizationId: org.id });

    // The organization's owner manages the workspace through the organization.
    const asOwner = await store.actingAs(owner.id);
    const added = await asOwner.workspaces.addMember(workspace.id, member.id, "member");

    const config = await store.providers.create({ userId: owner.id, kind: "openai", displayName: "OpenAI" });
    const ai = (model, occurredAt, promptTokens, completionTokens, latencyMs, costMicros) =>
      ({ model, occurredAt, promptTokens, completionTokens, latencyMs, costMicros });
    const calls = [
      ai("gpt-4o", DAY_1, 1_000, 500, 800, 12_500),
      ai("gpt-4o", DAY_2, 2_000, 1_000, 1_200, 5_000_000_000), // past 2^32: a u64 that is no u32
      ai("gpt-4o-mini", DAY_2, 4_000, 2_000, 400, 1_500),
    ];
    const recorded = [];
    for (const call of calls) {
      // No provider: it is taken from the config.
      const place = { configId: config.id, workspaceId: workspace.id };
      recorded.push(await store.interactions.record({ ...call, ...place, currency: "USD", status: "succeeded" }));
    }
    const byModel = await store.interactions.usage({ groupBy: "model", workspaceId: workspace.id });
    const byDay = await store.interactions.usage({ groupBy: "day", from: DAY_2, workspaceId: workspace.id });

    const onWorkspace = { kind: "workspace", id: workspace.id };
    const can = {
      write: await store.permissions.can(member.id, "write", onWorkspace),
      manage: await store.permissions.can(member.id, "manage", onWorkspace),
    };
    const asMember = await store.actingAs(member.id);
    const denied = await caught(asMember.workspaces.addMember(workspace.id, guest.id, "viewer"));
    const conflict = await caught(asOwner.workspaces.addMember(workspace.id, member.id, "viewer"));
    const members = await store.workspaces.members(workspace.id);
    await store.close();
    const ids = { member: member.id, org: org.id, workspace: workspace.id };
    return { ids, workspace, added, config, recorded, byModel, byDay, can, denied, conflict, members };
  }, { DAY_1, DAY_2 });

  const { ids } = result;
  assert.equal(result.workspace.ownerOrganizationId, ids.org);
  assert.equal(result.workspace.ownerUserId, undefined);
  assert.deepEqual([result.added.workspaceId, result.added.userId, result.added.role], [ids.workspace, ids.member, "member"]);
  assert.deepEqual([result.config.kind, result.config.enabled], ["openai", true]);
  assert.deepEqual(
    result.recorded.map((call) => [call.provider, call.createdAt, call.costMicros, call.threadId]),
    [["openai", DAY_1, 12_500, undefined], ["openai", DAY_2, 5_000_000_000, undefined], ["openai", DAY_2, 1_500, undefined]],
    "the provider enum comes back from the config; a cost past 2^32 comes back a number",
  );
  // Most expensive first; hand-computed from the calls above.
  assert.deepEqual(result.byModel, [
    {
      key: "gpt-4o", currency: "USD", interactions: 2, promptTokens: 3_000, completionTokens: 1_500, totalTokens: 4_500,
      costMicros: 5_000_012_500, totalLatencyMs: 2_000, avgLatencyMs: 1_000,
    },
    {
      key: "gpt-4o-mini", currency: "USD", interactions: 1, promptTokens: 4_000, completionTokens: 2_000, totalTokens: 6_000,
      costMicros: 1_500, totalLatencyMs: 400, avgLatencyMs: 400,
    },
  ]);
  assert.deepEqual(result.byDay.map((row) => [row.key, row.interactions]), [["2024-03-02", 2]]);
  assert.deepEqual(result.can, { write: true, manage: false });
  assert.equal(result.denied.code, "PermissionDenied");
  assert.equal(result.denied.name, "StoreError");
  assert.deepEqual([result.denied.userId, result.denied.action], [ids.member, "manage"]);
  assert.ok(result.denied.resource.includes(ids.workspace), result.denied.resource);
  assert.deepEqual([result.conflict.code, result.conflict.entity, result.conflict.field], ["Conflict", "workspace_member", "user_id"]);
  assert.deepEqual(result.members.map((m) => [m.userId, m.role]), [[ids.member, "member"]], "neither refused write changed anything");
  await page.close();
});

test("semantic search through the worker: Float32Array vectors in and out, errors with their field", { timeout: 60_000 }, async () => {
  const page = await openPage();
  const result = await page.evaluate(async () => {
    const caught = async (promise) => {
      try {
        await promise;
        return null;
      } catch (error) {
        return { code: error.code, field: error.field, entity: error.entity };
      }
    };
    const store = await unifiedStore.openStore({ path: "/vectors.db" });
    const owner = await store.users.create({ email: "vec@example.com", displayName: "Vec" });
    const workspace = await store.workspaces.create({ name: "Vectors", ownerUserId: owner.id });
    const thread = await store.threads.create(workspace.id, "T");
    const tram = await store.messages.append(thread.id, "user", "the tram to Belém");
    const boat = await store.messages.append(thread.id, "user", "the ferry to Cacilhas");
    const key = { collection: "messages", model: "m" };
    const mine = new Float32Array([1, 0, 0]);
    const stored = await store.embeddings.upsert({ ownerKind: "message", ownerId: tram.id, ...key, vector: mine });
    const batched = await store.embeddings.upsertBatch([{ ownerKind: "message", ownerId: boat.id, ...key }], new Float32Array([0, 1, 0]));
    const query = { ...key, vector: new Float32Array([0.9, 0.1, 0]), k: 2 };
    const hits = await store.embeddings.search(query);
    const hybrid = await store.embeddings.hybridSearch({ text: "ferry", vector: { ...query, vector: [0.9, 0.1, 0] } });
    const reports = [];
    const optimized = await store.embeddings.optimize("messages", "m", { onProgress: (done, total) => reports.push([done, total]) && true });
    const scrolled = await store.embeddings.scroll("messages", "m", { limit: 10 });
    const missing = await store.embeddings.missing("messages", "m", "message");
    const errors = {
      nan: await caught(store.embeddings.search({ ...key, vector: new Float32Array([NaN, 0, 0]), k: 1 })),
      dimensions: await caught(store.embeddings.search({ ...key, vector: new Float32Array([1, 0]), k: 1 })),
      uneven: await caught(store.embeddings.upsertBatch([tram, boat].map(({ id }) => ({ ownerKind: "message", ownerId: id, ...key })), new Float32Array(5).fill(1))),
      unknown: await caught(store.embeddings.info("nothing", "m")),
    };
    const deleted = await store.embeddings.deleteOwner("message", tram.id);
    await store.close();
    return {
      ids: [tram.id, boat.id],
      storedIsFloat32: stored.vector instanceof Float32Array,
      storedVector: Array.from(stored.vector),
      mineIntact: Array.from(mine),
      batched,
      hits: hits.map((hit) => hit.ownerId),
      hybrid: hybrid.map((hit) => [hit.ownerId, hit.textRank ?? null]),
      optimized: optimized.count,
      scrolled: scrolled.map((embedding) => [embedding.vector instanceof Float32Array, Array.from(embedding.vector)]),
      missing,
      errors,
      deleted,
    };
  });
  const [tram, boat] = result.ids;
  assert.equal(result.storedIsFloat32, true, "a returned vector is a Float32Array");
  assert.deepEqual(result.storedVector, [1, 0, 0]);
  assert.deepEqual(result.mineIntact, [1, 0, 0], "the page's own Float32Array is not detached");
  assert.equal(result.batched, 1);
  assert.deepEqual(result.hits, [tram, boat]);
  assert.deepEqual(new Map(result.hybrid).get(boat), 1, "boat is the full-text hit");
  assert.equal(result.optimized, 2);
  assert.deepEqual(result.scrolled, [[true, [1, 0, 0]], [true, [0, 1, 0]]]);
  assert.deepEqual(result.missing, []);
  assert.deepEqual(result.errors.nan, { code: "InvalidInput", field: "vector", entity: undefined });
  assert.deepEqual(result.errors.dimensions, { code: "InvalidInput", field: "vector", entity: undefined });
  assert.deepEqual(result.errors.uneven, { code: "InvalidInput", field: "vectors", entity: undefined });
  assert.deepEqual(result.errors.unknown, { code: "NotFound", field: undefined, entity: "collection" });
  assert.equal(result.deleted, 1);
  await page.close();
});

test("storage accounting and the quota through the worker, beside the browser's own estimate", { timeout: 60_000 }, async () => {
  const page = await openPage();
  const result = await page.evaluate(async () => {
    const store = await unifiedStore.openStore({ path: "/storage.db" });
    const owner = await store.users.create({ email: "quota@example.com", displayName: "Quota" });
    const workspace = await store.workspaces.create({ name: "Quota", ownerUserId: owner.id });
    const thread = await store.threads.create(workspace.id, "T");
    const before = await store.storage.stats();
    await store.messages.append(thread.id, "user", "x".repeat(1000));
    const after = await store.storage.stats();
    const messages = (stats) => stats.categories.find((c) => c.category === "messages");
    const quota = await store.storage.quota();
    await store.storage.setQuota({ ...quota, messagesBytes: messages(after).estimatedBytes });
    let refused = null;
    try {
      await store.messages.append(thread.id, "user", "one more");
    } catch (error) {
      refused = { code: error.code, category: error.category, limit: error.limit };
    }
    const threadUsage = await store.storage.threadUsage(thread.id);
    const fits = await store.storage.canStore(0, "messages");
    const fitsNot = await store.storage.canStore(1, "messages");
    const estimate = await unifiedStore.browserStorage.estimate();
    const reports = [];
    const maintained = await store.storage.maintain({ archiveAfterDays: 1 }, { onProgress: (done, total) => reports.push([done, total]) && true });
    await store.close();
    return {
      steps: maintained.steps.map((step) => step.step),
      ran: maintained.ran,
      reported: reports.length > 0, before: messages(before).logicalBytes, after: messages(after).logicalBytes, limit: messages(after).estimatedBytes, refused, threadRows: messages(threadUsage).rows, fits, fitsNot, estimate, disk: after.disk.databaseBytes };
  });
  assert.ok(result.after - result.before >= 1000, `${result.before} -> ${result.after}`);
  assert.deepEqual(result.refused, { code: "QuotaExceeded", category: "messages", limit: result.limit });
  assert.equal(result.threadRows, 2);
  assert.equal(result.fits, true);
  assert.equal(result.fitsNot, false);
  assert.ok(result.disk > 0, "an OPFS store has pages");
  assert.equal(typeof result.estimate.usage, "number");
  assert.ok(result.estimate.quota > 0);
  assert.equal(typeof result.estimate.persisted, "boolean");
  assert.deepEqual(result.steps, ["archive", "evict", "vectors", "reclaim"]);
  assert.equal(result.ran, true);
  assert.equal(result.reported, true, "maintenance reports progress through the worker");
  await page.close();
});

test("attachment bytes through the worker: whole, or streamed from a Blob and a ReadableStream and back, on OPFS and in memory", { timeout: 60_000 }, async () => {
  const page = await openPage();
  const result = await page.evaluate(async () => {
    const caught = async (promise) => {
      try {
        await promise;
        return null;
      } catch (error) {
        return { code: error.code, field: error.field };
      }
    };
    const attach = async (store) => {
      const owner = await store.users.create({ email: "bytes@example.com", displayName: "Bytes" });
      const workspace = await store.workspaces.create({ name: "Bytes", ownerUserId: owner.id });
      const thread = await store.threads.create(workspace.id, "T");
      const message = await store.messages.append(thread.id, "user", "see attached");
      return { messageId: message.id, filename: "photo.jpg", mime: "image/jpeg" };
    };
    const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
    const bytes = new Uint8Array(3_000_000).map((_, i) => (i * 31) % 251);
    const out = {};
    for (const [name, config] of [["memory", {}], ["opfs", { path: "/bytes.db" }]]) {
      const store = await unifiedStore.openStore(config);
      const file = await attach(store);
      const whole = await store.attachments.write(file, bytes);
      const fromBlob = await store.attachments.write(file, new Blob([bytes.slice(0, 1_000_000), bytes.slice(1_000_000)]));
      const stream = new ReadableStream({
        start(controller) {
          for (let at = 0; at < bytes.length; at += 256 * 1024) controller.enqueue(bytes.slice(at, at + 256 * 1024));
          controller.close();
        },
      });
      const fromStream = await store.attachments.write({ ...file, filename: "streamed.bin" }, stream);
      const back = await store.attachments.read(fromStream.id);
      const chunks = [];
      for await (const chunk of (await store.attachments.reader(fromBlob.id)).stream()) chunks.push(chunk.length);
      const blob = await (await store.attachments.reader(whole.id)).blob("image/jpeg");
      const writer = await store.attachments.writer(file);
      await writer.write(bytes.slice(0, 10));
      const small = await writer.finish();
      const afterFinish = await caught(writer.write(bytes));
      const aborted = await store.attachments.writer(file);
      await aborted.write(bytes.slice(0, 10));
      await aborted.abort();
      const missing = await caught(store.attachments.reader("00000000-0000-7000-8000-000000000000"));
      out[name] = {
        sizes: [whole.sizeBytes, fromBlob.sizeBytes, fromStream.sizeBytes, small.sizeBytes],
        sameSha: whole.sha256 === fromBlob.sha256 && whole.sha256 === fromStream.sha256,
        back: same(back, bytes),
        streamed: chunks.reduce((a, b) => a + b, 0) === bytes.length && chunks.length > 1,
        blob: blob.size === bytes.length && blob.type === "image/jpeg" && same(new Uint8Array(await blob.arrayBuffer()), bytes),
        afterFinish,
        missing,
      };
      await store.close();
    }
    return out;
  });
  for (const name of ["memory", "opfs"]) {
    assert.deepEqual(result[name], {
      sizes: [3_000_000, 3_000_000, 3_000_000, 10],
      sameSha: true,
      back: true,
      streamed: true,
      blob: true,
      afterFinish: { code: "InvalidInput", field: "stream" },
      missing: { code: "NotFound", field: undefined },
    }, name);
  }
  await page.close();
});

test("a user's data exported through the worker: a zip with progress, from an OPFS store", { timeout: 60_000 }, async () => {
  const page = await openPage();
  const result = await page.evaluate(async () => {
    const store = await unifiedStore.openStore({ path: "/export.db" });
    const user = await store.users.create({ email: "gdpr@example.com", displayName: "Gdpr" });
    const workspace = await store.workspaces.create({ name: "Mine", ownerUserId: user.id });
    const thread = await store.threads.create(workspace.id, "T");
    await store.messages.append(thread.id, "user", "MARKER-EXPORTED");
    const reports = [];
    const zip = await store.users.exportUserData(user.id, { onProgress: (done, total) => reports.push([done, total]) && true });
    let cancelled = null;
    try {
      await store.users.exportUserData(user.id, { onProgress: () => false });
    } catch (error) {
      cancelled = error.code;
    }
    await store.close();
    const text = new TextDecoder("latin1").decode(zip);
    return { isZip: zip instanceof Uint8Array && zip[0] === 0x50 && zip[1] === 0x4b, manifest: text.includes("manifest.json"), messages: text.includes("tables/messages.json"), reported: reports.length > 0, cancelled };
  });
  assert.deepEqual(result, { isZip: true, manifest: true, messages: true, reported: true, cancelled: "Cancelled" });
  await page.close();
});

test("a user's data erased through the worker: their rows gone, others' kept, a typed error for nobody", { timeout: 60_000 }, async () => {
  const page = await openPage();
  const result = await page.evaluate(async () => {
    const store = await unifiedStore.openStore({ path: "/erase.db" });
    const ada = await store.users.create({ email: "erase-me@example.com", displayName: "Ada" });
    const bob = await store.users.create({ email: "keep-me@example.com", displayName: "Bob" });
    const mine = await store.workspaces.create({ name: "Mine", ownerUserId: ada.id });
    const thread = await store.threads.create(mine.id, "T");
    await store.messages.append(thread.id, "user", "MARKER-ERASED");
    const kept = await store.workspaces.create({ name: "Bob's", ownerUserId: bob.id });
    const erasure = await store.users.eraseUserData(ada.id);
    const code = async (call) => call.then(() => null, (error) => error.code);
    const hits = await store.messages.search({ text: "MARKER" });
    const out = {
      users: erasure.tables.find((t) => t.table === "users").rows,
      messages: erasure.tables.find((t) => t.table === "messages").rows,
      auditErased: erasure.auditEntriesErased >= 0,
      gone: await code(store.users.get(ada.id)),
      again: await code(store.users.eraseUserData(ada.id)),
      bad: await code(store.users.eraseUserData("not-an-id")),
      keptName: (await store.workspaces.get(kept.id)).name,
      hits: hits.length,
      intact: (await store.audit.verify()).intact,
    };
    await store.close();
    return out;
  });
  assert.deepEqual(result, {
    users: 1, messages: 1, auditErased: true, gone: "NotFound", again: "NotFound", bad: "InvalidInput",
    keptName: "Bob's", hits: 0, intact: true,
  });
  await page.close();
});

test("values JS holds but the store cannot take are InvalidInput through the worker, never coerced", { timeout: 60_000 }, async () => {
  const page = await openPage();
  const outcome = await page.evaluate(async () => {
    const caught = (promise) => promise.then(() => null, (error) => ({ code: error.code, field: error.field, short: error.message.length < 1000 }));
    const store = await unifiedStore.openStore({});
    const user = await store.users.create({ email: "edge@example.com", displayName: "Edge" });
    const workspace = await store.workspaces.create({ name: "Edge", ownerUserId: user.id });
    const errors = {
      loneSurrogate: await caught(store.threads.create(workspace.id, "a\ud800b")),
      surrogateInRecord: await caught(store.workspaces.create({ name: "\udfff", ownerUserId: user.id })),
      nan: await caught(store.workspaces.list({ limit: NaN })),
      fraction: await caught(store.interactions.record({ provider: "openai", model: "m", currency: "USD", status: "succeeded", costMicros: 1.5 })),
      pastSafe: await caught(store.interactions.record({ provider: "openai", model: "m", currency: "USD", status: "succeeded", costMicros: 2 ** 53 })),
      farFuture: await caught(store.interactions.record({ provider: "openai", model: "m", currency: "USD", status: "succeeded", occurredAt: 253402300800000 })),
      flagAsText: await caught(store.settings.setBool(user.id, "dark", "true")),
      wrappedBigint: await caught(store.settings.setI64(user.id, "n", 2n ** 64n)),
      batchNotArray: await caught(store.messages.appendBatch(null)),
      tenMegabytes: await caught(store.threads.create(workspace.id, "x".repeat(10 << 20))),
    };
    await store.settings.setI64(user.id, "n", 42); // a number is fine
    const kept = { n: await store.settings.getI64(user.id, "n"), threads: (await store.threads.list(workspace.id)).length };
    await store.close();
    return { errors, kept: { n: String(kept.n), threads: kept.threads } };
  });
  const invalid = (field) => ({ code: "InvalidInput", field, short: true });
  assert.deepEqual(outcome.errors, {
    loneSurrogate: invalid("title"),
    surrogateInRecord: invalid("workspace"),
    nan: invalid("page"),
    fraction: invalid("interaction"),
    pastSafe: invalid("interaction"),
    farFuture: invalid("occurred_at"),
    flagAsText: invalid("value"),
    wrappedBigint: invalid("value"),
    batchNotArray: invalid("messages"),
    tenMegabytes: invalid("title"),
  });
  assert.deepEqual(outcome.kept, { n: "42", threads: 0 }, "nothing refused was written");
  await page.close();
});

test("an encrypted store: wrong or no key refused, key changed, pages rewritten with progress and cancel", { timeout: 90_000 }, async () => {
  const page = await openPage();
  const result = await page.evaluate(async () => {
    const kdf = { memoryKib: 8, iterations: 1, parallelism: 1 };
    const key = new Uint8Array(32).fill(5);
    const codeOf = (promise) => promise.then(() => "opened", (error) => error.code);
    const store = await unifiedStore.openStore({ path: "/keyed.db", key, kdf });
    const owner = await store.users.create({ email: "kim@example.com", displayName: "Kim" });
    const workspace = await store.workspaces.create({ name: "Sealed", ownerUserId: owner.id });
    const thread = await store.threads.create(workspace.id, "Keys");
    await store.messages.append(thread.id, "user", "sealed words in the browser");
    const hasKey = await store.hasKey();
    const reports = [];
    await store.rekey({ onProgress: (done, total) => void reports.push([done, total]) });
    const cancelled = await codeOf(store.rekey({ onProgress: () => false }));
    const asyncCancelled = await codeOf(store.rekey({ onProgress: async () => false }));
    await store.changeKey("a new passphrase", kdf);
    await store.close();
    const wrongKey = await codeOf(unifiedStore.openStore({ path: "/keyed.db", key, kdf }));
    const noKey = await codeOf(unifiedStore.openStore({ path: "/keyed.db" }));
    const shortKey = await codeOf(unifiedStore.openStore({ path: "/short.db", key: new Uint8Array(31) }));
    const reopened = await unifiedStore.openStore({ path: "/keyed.db", key: "a new passphrase", kdf });
    const hits = await reopened.messages.search({ text: "sealed" });
    await reopened.close();
    return { hasKey, reports, cancelled, asyncCancelled, wrongKey, noKey, shortKey, hits: hits.map((hit) => hit.message.content) };
  });
  assert.equal(result.hasKey, true);
  assert.ok(result.reports.length > 0, "progress reached the page");
  const [done, total] = result.reports.at(-1);
  assert.equal(done, total, "the last report is the end");
  assert.equal(result.cancelled, "Cancelled");
  assert.equal(result.asyncCancelled, "Cancelled");
  assert.equal(result.wrongKey, "InvalidKey", "the old key after changeKey");
  assert.equal(result.noKey, "InvalidKey");
  assert.equal(result.shortKey, "InvalidInput");
  assert.deepEqual(result.hits, ["sealed words in the browser"]);
  await page.close();
});

test("a chat history imports from its bytes with progress and cancel, and reads are answered during it", { timeout: 180_000 }, async () => {
  const page = await openPage();
  const fixture = [...(await readFile(join(packageDir, "../../core/tests/fixtures/import/chatgpt.json")))];
  const result = await page.evaluate(async (fixture) => {
    const codeOf = (promise) => promise.then(() => "imported", (error) => error.code);
    const store = await unifiedStore.openStore({ path: "/import.db" });
    const owner = await store.users.create({ email: "ines@example.com", displayName: "Inês" });
    const workspace = await store.workspaces.create({ name: "History", ownerUserId: owner.id });
    const options = { format: "chatgpt", workspaceId: workspace.id };
    const bytes = new Uint8Array(fixture);
    const reports = [];
    const first = await store.importChatHistory(bytes, options, { onProgress: (done, total) => void reports.push([done, total]) });
    const again = await store.importChatHistory(bytes, options);
    const wrongFormat = await codeOf(store.importChatHistory(bytes, { ...options, format: "claude" }));
    const notBytes = await codeOf(store.importChatHistory("conversations.json", options));
    const hits = await store.messages.search({ text: "mercury" });

    // A larger export, generated here: reads sent while it imports are timed.
    const conversations = [];
    for (let c = 0; c < 1500; c++) {
      const mapping = { root: { id: "root", message: null, parent: null, children: ["m0"] } };
      for (let m = 0; m < 10; m++) {
        mapping[`m${m}`] = { id: `m${m}`, parent: m === 0 ? "root" : `m${m - 1}`, children: [`m${m + 1}`], message: {
          id: `m${m}`, author: { role: m % 2 ? "assistant" : "user" }, create_time: 1.7e9 + c * 100 + m,
          content: { content_type: "text", parts: [`conversation ${c} turn ${m}: ` + "the tide comes in over the harbour wall ".repeat(4)] } } };
      }
      conversations.push({ title: `Generated ${c}`, create_time: 1.7e9 + c * 100, mapping, conversation_id: `gen-${c}` });
    }
    const large = new TextEncoder().encode(JSON.stringify(conversations));
    const cancelled = await codeOf(store.importChatHistory(large, options, { onProgress: (done) => done < large.length * 1.2 }));
    const keptAfterCancel = (await store.threads.list(workspace.id, { limit: 1000 })).length;
    let finished = false;
    const importing = store.importChatHistory(large, options).finally(() => (finished = true));
    const latencies = [];
    while (!finished) {
      const start = performance.now();
      await store.workspaces.get(workspace.id);
      latencies.push(performance.now() - start);
    }
    const resumed = await importing;
    latencies.sort((a, b) => a - b);
    const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
    await store.close();
    return { first, again, reports, wrongFormat, notBytes, hits: hits.length, cancelled, keptAfterCancel, resumed,
             size: large.length, reads: latencies.length, p50: at(0.5), p99: at(0.99), max: latencies.at(-1) };
  }, fixture);
  assert.equal(result.first.threadsAdded, 4);
  assert.equal(result.first.messagesAdded, 20);
  assert.equal(typeof result.first.jsonBytes, "number");
  assert.ok(result.first.issues.some((issue) => issue.kind === "conversationSkipped" && /cycle/.test(issue.reason)));
  assert.deepEqual(result.reports.at(-1), [2 * fixture.length, 2 * fixture.length], "bytes of JSON, read twice");
  assert.equal(result.again.messagesAdded, 0, "importing again adds nothing");
  assert.equal(result.wrongFormat, "InvalidInput");
  assert.equal(result.notBytes, "InvalidInput");
  assert.equal(result.hits, 2);
  assert.equal(result.cancelled, "Cancelled");
  // threads.list leaves out the fixture's archived thread: 3 of its 4 threads are listed.
  assert.ok(result.keptAfterCancel > 3 && result.keptAfterCancel < 1503, `${result.keptAfterCancel} threads kept`);
  assert.equal(result.resumed.threadsAdded + result.keptAfterCancel - 3, 1500, "the rerun finished the import");
  console.log(`# reads during a ${(result.size / 1e6).toFixed(1)} MB import on OPFS: ${result.reads} reads, ` +
    `p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, max ${result.max.toFixed(1)} ms`);
  assert.ok(result.reads > 10, "reads were answered during the import, not after it");
  // The goal is 100 ms at p99 (44 ms measured, docs/benchmarks.md); twice that guards against a
  // regression without failing on a loaded machine.
  assert.ok(result.p99 < 200, `p99 of reads during the import: ${result.p99} ms`);
  await page.close();
});

test("a store encrypted in Chromium opens natively", { timeout: 600_000 }, async () => {
  const page = await openPage();
  const files = await page.evaluate(async () => {
    const key = new Uint8Array(32).fill(7); // the key core/examples/cross_runtime.rs opens with
    const store = await unifiedStore.openStore({ path: "/to-native.db", key, kdf: { memoryKib: 8, iterations: 1, parallelism: 1 } });
    const owner = await store.users.create({ email: "lee@example.com", displayName: "Lee" });
    const workspace = await store.workspaces.create({ name: "Travelling", ownerUserId: owner.id });
    const thread = await store.threads.create(workspace.id, "Out of the browser");
    await store.messages.append(thread.id, "user", "written in chromium, read natively");
    await store.close();
    const bytes = async (path) => Array.from(await unifiedStore.opfs.export(path));
    return { db: await bytes("/to-native.db"), keys: await bytes("/to-native.db-keys") };
  });
  await page.close();
  const dir = await mkdtemp(join(tmpdir(), "unified-store-native-"));
  try {
    await writeFile(join(dir, "store.db"), Buffer.from(files.db));
    await writeFile(join(dir, "store.db-keys"), Buffer.from(files.keys));
    assert.ok(!Buffer.from(files.db).subarray(0, 16).equals(Buffer.from("SQLite format 3\0")), "the export is encrypted");
    // The native side: core's cross_runtime example, built here if needed.
    const repo = join(packageDir, "..", "..");
    const args = ["run", "-q", "-p", "unified-store", "--example", "cross_runtime", "--", "read", join(dir, "store.db"), "natively"];
    const out = execFileSync("cargo", args, { cwd: repo, encoding: "utf8" });
    assert.deepEqual(out.trim().split("\n"), ["written in chromium, read natively"]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
