// Types of the main-thread client. The records, the error shape and the method signatures all
// come from the declarations wasm-bindgen generates from the Rust code (pkg/), so none is
// written twice; this file only says that each call returns a promise.
import type { Messages, StoreConfig, StoreError, Threads, Workspaces } from "./pkg/unified_store_wasm.js";

export type {
  Message,
  MessageRole,
  PageRequest,
  QuerySyntax,
  SearchHit,
  SearchQuery,
  StoreConfig,
  StoreError,
  Thread,
  Workspace,
} from "./pkg/unified_store_wasm.js";

/** The methods of a wasm handle as the client offers them: the same, but each returns a promise. */
export type Remote<T> = {
  [K in Exclude<keyof T, "free" | typeof Symbol.dispose>]: T[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : never;
};

/** What every failed call rejects with: an `Error` named `StoreError` with `code` and fields. */
export type ThrownStoreError = Error & { name: "StoreError" } & StoreError;

/** An open store. Its calls run in a shared worker; close it to free the file for other tabs. */
export interface StoreClient {
  readonly workspaces: Remote<Workspaces>;
  readonly threads: Remote<Threads>;
  readonly messages: Remote<Messages>;
  /** The schema version of the open store. */
  schemaVersion(): Promise<number>;
  /** Closes the store; when no store is open, the worker stops and OPFS is free again. */
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) and migrates a store: `{ path: "/app.db" }` for a file in the
 * origin private file system, `{}` for a private store in memory.
 */
export function openStore(config?: StoreConfig): Promise<StoreClient>;

/** Database files in the origin private file system. Export and delete only closed stores. */
export declare const opfs: {
  /** The names of the files, journals included. */
  files(): Promise<string[]>;
  /** The bytes of database `path`, a SQLite file. */
  export(path: string): Promise<Uint8Array>;
  /** Deletes file `path`; false if there was none. */
  delete(path: string): Promise<boolean>;
};
