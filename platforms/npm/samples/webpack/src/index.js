// What a webpack app does with @unified-ai/store: open a store in OPFS, write a message, find
// it by full-text search and show it. webpack finds the package's worker and .wasm through
// their `new URL(..., import.meta.url)` and emits them; scripts/npm-samples checks the page.
import { openStore } from "@unified-ai/store";

const app = document.querySelector("#app");

async function run() {
  const store = await openStore({ path: "/sample.db" });
  try {
    // A fresh email each run: the same browser profile may load the page again.
    const user = await store.users.create({ email: `${crypto.randomUUID()}@example.com`, displayName: "Ada" });
    const workspace = await store.workspaces.create({ name: "Research", ownerUserId: user.id });
    const thread = await store.threads.create(workspace.id, "Bundlers");
    await store.messages.append(thread.id, "user", "webpack bundles the worker and the wasm of unified-store");
    return await store.messages.search({ text: "bundles", threadId: thread.id });
  } finally {
    await store.close();
  }
}

run().then(
  (hits) => {
    const found = document.createElement("p");
    found.id = "result";
    found.textContent = hits.map((hit) => hit.message.content).join("\n");
    app.replaceChildren(found);
  },
  (error) => {
    const failed = document.createElement("p");
    failed.id = "error";
    failed.textContent = `${error.code}: ${error.message}`;
    app.replaceChildren(failed);
  },
);
