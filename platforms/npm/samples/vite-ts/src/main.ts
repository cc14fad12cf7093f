// What a new Vite + TypeScript app does with @unified-ai/store: open a store in OPFS, write a
// message, find it by full-text search and show it. scripts/npm-samples builds this app with
// the template's own tsconfig (`tsc && vite build`) and checks the page in Chromium.
import { openStore, type SearchHit, type ThrownStoreError } from '@unified-ai/store'

const app = document.querySelector<HTMLDivElement>('#app')!

async function run(): Promise<SearchHit[]> {
  const store = await openStore({ path: '/sample.db' })
  try {
    // A fresh email each run: the same browser profile may load the page again.
    const user = await store.users.create({ email: `${crypto.randomUUID()}@example.com`, displayName: 'Ada' })
    const workspace = await store.workspaces.create({ name: 'Research', ownerUserId: user.id })
    const thread = await store.threads.create(workspace.id, 'Bundlers')
    await store.messages.append(thread.id, 'user', 'Vite bundles the worker and the wasm of unified-store')
    return await store.messages.search({ text: 'bundles', threadId: thread.id })
  } finally {
    await store.close()
  }
}

run().then(
  (hits) => {
    const found = document.createElement('p')
    found.id = 'result'
    found.textContent = hits.map((hit) => hit.message.content).join('\n')
    app.replaceChildren(found)
  },
  (error: ThrownStoreError) => {
    const failed = document.createElement('p')
    failed.id = 'error'
    failed.textContent = `${error.code}: ${error.message}`
    app.replaceChildren(failed)
  },
)
