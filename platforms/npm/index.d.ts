// Types of the main-thread client. The records, the error shape and the method signatures all
// come from the declarations wasm-bindgen generates from the Rust code (pkg/), so none is
// written twice; this file only says that each call returns a promise.
import type {
  Attachment,
  Attachments,
  AuditLog,
  CollectionInfo,
  Consent,
  Devices,
  Documents,
  Embeddings,
  Flows,
  ImportOptions,
  ImportReport,
  Interactions,
  KdfParams,
  Invoices,
  MaintenancePolicy,
  MaintenanceReport,
  Messages,
  NewAttachmentFile,
  Organizations,
  Permissions,
  Projects,
  ProviderConfigs,
  Settings,
  Storage,
  StoreConfig,
  StoreError,
  Subscriptions,
  Telemetry,
  Threads,
  Users,
  Workspaces,
} from "./pkg/unified_store_wasm.js";

// Every record, enum and input type of the store, as wasm-bindgen declares them.
export type * from "./pkg/unified_store_wasm.js";

/**
 * The methods of a wasm handle as the client offers them: the same, but each returns a promise.
 * Only string keys: naming `Symbol.dispose` here would need `lib` esnext.disposable, which the
 * stock Vite template lacks (every method then became `() => void`).
 */
export type Remote<T> = {
  [K in Exclude<Extract<keyof T, string>, "free">]: T[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : never;
};

/**
 * The embeddings handle as the client offers it: the wasm class's methods, each returning a
 * promise, with `optimize` taking its progress callback as an option. Vectors cross the worker
 * as `Float32Array`s (copied once; the ones in results are moved, not copied).
 */
export type RemoteEmbeddings = Omit<Remote<Embeddings>, "optimize"> & {
  /**
   * Builds and saves the index of `collection` and `model` now; `onProgress` gets vectors
   * placed, and `false` cancels (`Cancelled`; the index stays usable). Other calls wait for it.
   */
  optimize(collection: string, model: string, options?: RewriteOptions): Promise<CollectionInfo>;
};

/**
 * The attachments handle as the client offers it. `write` takes the bytes whole, or streams
 * them from a `Blob` or `ReadableStream` in chunks; `read` gives them whole; `writer` and
 * `reader` stream chunk by chunk. Bytes live in files of OPFS beside a store on OPFS (sealed
 * in an encrypted one), in memory beside an in-memory store.
 */
export type RemoteAttachments = Omit<Remote<Attachments>, "write" | "writer" | "reader"> & {
  write(file: NewAttachmentFile, bytes: Uint8Array | Blob | ReadableStream<Uint8Array>): Promise<Attachment>;
  writer(file: NewAttachmentFile): Promise<RemoteAttachmentWriter>;
  reader(id: string): Promise<RemoteAttachmentReader>;
};

/** A new attachment's bytes, written in chunks; `finish` stores them, `abort` drops them. */
export interface RemoteAttachmentWriter {
  write(chunk: Uint8Array): Promise<void>;
  finish(): Promise<Attachment>;
  abort(): Promise<void>;
}

/**
 * An attachment's bytes, read in chunks (empty at the end; checked against its SHA-256 then),
 * or as a `ReadableStream` or `Blob`. Close a reader not read to its end.
 */
export interface RemoteAttachmentReader {
  read(max?: number): Promise<Uint8Array>;
  stream(): ReadableStream<Uint8Array>;
  blob(type?: string): Promise<Blob>;
  close(): Promise<void>;
}

/**
 * The storage handle as the client offers it, with `maintain` taking its progress callback as
 * an option: rows done, and `false` cancels (`Cancelled`; the batches done stay done, and a
 * later pass finishes). Other calls wait for it.
 */
export type RemoteStorage = Omit<Remote<Storage>, "maintain"> & {
  maintain(policy?: MaintenancePolicy, options?: RewriteOptions): Promise<MaintenanceReport>;
};

/**
 * The users handle as the client offers it, with `exportUserData` taking its progress callback
 * as an option: steps done, and `false` cancels (`Cancelled`). The archive (a zip, layout in
 * docs/data-model.md, "Export") arrives whole, for the page to save.
 */
export type RemoteUsers = Omit<Remote<Users>, "exportUserData"> & {
  exportUserData(userId: string, options?: RewriteOptions): Promise<Uint8Array>;
};

/** A store key: 32 random bytes the app keeps safe, or a passphrase a person types. */
export type StoreKey = Uint8Array | string;

/** Options of the long calls (rewriting every page of a store, importing a chat history). */
export interface RewriteOptions {
  /**
   * Called with pages done and total as the rewrite goes; return `false` (or a promise of it)
   * to cancel: the call then rejects with `Cancelled` and the store is as it was.
   */
  onProgress?: (done: number, total: number) => boolean | void | Promise<boolean | void>;
}

/** What every failed call rejects with: an `Error` named `StoreError` with `code` and fields. */
export type ThrownStoreError = Error & { name: "StoreError" } & StoreError;

/**
 * What a call of a store in a file, shared with the origin's other tabs, may reject with
 * besides the store's own errors (README, "Several tabs"): `InDoubt` when the tab holding the
 * store went away while running the call, which may or may not have been written (it is never
 * sent again). A tab whose key does not match the key the store is open with gets the store's
 * own `InvalidKey`; a call on an attachment stream opened before the holding tab changed, an
 * `InvalidInput` naming `stream`.
 */
export type TabError = Error & { name: "StoreError"; code: "InDoubt"; reason: string };

/** An open store. Its calls run in a shared worker; close it to free the file for other tabs. */
export interface StoreClient {
  readonly users: RemoteUsers;
  readonly organizations: Remote<Organizations>;
  readonly devices: Remote<Devices>;
  readonly settings: Remote<Settings>;
  readonly workspaces: Remote<Workspaces>;
  readonly projects: Remote<Projects>;
  readonly documents: Remote<Documents>;
  readonly threads: Remote<Threads>;
  readonly messages: Remote<Messages>;
  readonly attachments: RemoteAttachments;
  readonly providers: Remote<ProviderConfigs>;
  readonly interactions: Remote<Interactions>;
  readonly flows: Remote<Flows>;
  readonly permissions: Remote<Permissions>;
  readonly consent: Remote<Consent>;
  readonly telemetry: Remote<Telemetry>;
  readonly audit: Remote<AuditLog>;
  readonly subscriptions: Remote<Subscriptions>;
  readonly invoices: Remote<Invoices>;
  readonly embeddings: RemoteEmbeddings;
  readonly storage: RemoteStorage;
  /** Whether the store was opened with a key (its pages are encrypted). */
  hasKey(): Promise<boolean>;
  /**
   * Makes `key` (32 bytes or a passphrase, stretched with `kdf`) the key the store opens
   * with; only its key file is rewritten. The old key no longer opens it.
   */
  changeKey(key: StoreKey, kdf?: KdfParams): Promise<void>;
  /** Rewrites every page under a fresh data key (same app key). */
  rekey(options?: RewriteOptions): Promise<void>;
  /** Encrypts this plaintext file store where it is, under `key`; it then needs that key. */
  encryptInPlace(key: StoreKey, options?: RewriteOptions & { kdf?: KdfParams }): Promise<void>;
  /** Decrypts this store where it is and deletes its key file (no provider secrets allowed). */
  decryptInPlace(options?: RewriteOptions): Promise<void>;
  /**
   * Imports a chat history: the bytes of a ChatGPT or Claude `conversations.json`, or of the
   * `.zip` as downloaded, into `options.workspaceId`. `onProgress` gets bytes of JSON read (the
   * JSON is read twice: checked, then imported); `false` cancels (`Cancelled`; the
   * conversations written so far stay, each whole, and importing again finishes). Other calls
   * are answered between its steps. Importing the same export again adds nothing; the report
   * says what was added, what was there already and what was left out and why.
   */
  importChatHistory(file: Uint8Array, options: ImportOptions, progress?: RewriteOptions): Promise<ImportReport>;
  /** The keys provider secrets are sealed with, wrapped under `wrapping`, for another device. */
  exportSecretsKeys(wrapping: StoreKey): Promise<Uint8Array>;
  /** Adds secrets keys exported on another device; returns how many were new. */
  importSecretsKeys(exported: Uint8Array, wrapping: StoreKey): Promise<number>;
  /** The schema version of the open store. */
  schemaVersion(): Promise<number>;
  /** The user this store acts as, if any. */
  caller(): Promise<string | undefined>;
  /**
   * The same store acting as user `userId`: its mutating calls are checked against that
   * user's roles and permission sets. Closing the view leaves the store open; closing the
   * store closes its views.
   */
  actingAs(userId: string): Promise<StoreClient>;
  /** Closes the store; when no store is open, the worker stops and OPFS is free again. */
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) and migrates a store: `{ path: "/app.db" }` for a file in the
 * origin private file system, `{}` for a private store in memory.
 */
export function openStore(config?: StoreConfig): Promise<StoreClient>;

/** What the browser itself grants this origin, beside the store's own accounting (`storage`). */
export declare const browserStorage: {
  /** `navigator.storage.estimate()` (bytes this origin uses and may use) and whether its storage is persistent. */
  estimate(): Promise<{ usage: number; quota: number; persisted: boolean }>;
  /** Asks the browser to keep this origin's storage under pressure (`navigator.storage.persist()`); true if granted. */
  persist(): Promise<boolean>;
};

/** Database files in the origin private file system. Export and delete only closed stores. */
export declare const opfs: {
  /** The names of the files, journals included. */
  files(): Promise<string[]>;
  /** The bytes of database `path`, a SQLite file. */
  export(path: string): Promise<Uint8Array>;
  /** Deletes file `path`; false if there was none. */
  delete(path: string): Promise<boolean>;
};
