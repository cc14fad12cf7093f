//! wasm-bindgen exports of unified-store for the browser and Node.
//!
//! The shape mirrors the UniFFI binding: a class per core object whose methods are one-line
//! delegations. Records cross as plain objects through serde (their TypeScript types come
//! from tsify derives in core), and every error is a JS `Error` made by [`js_error`].
//! File-backed stores live in OPFS through SQLite's `opfs-sahpool` VFS, which works only in
//! a dedicated worker; in-memory stores work anywhere.
//!
//! Everything here is wasm-only: on a native target this crate is empty.

#[cfg(target_family = "wasm")]
mod ai;
#[cfg(target_family = "wasm")]
mod billing;
#[cfg(target_family = "wasm")]
mod content;
#[cfg(target_family = "wasm")]
mod convert;
#[cfg(target_family = "wasm")]
mod crypto;
#[cfg(target_family = "wasm")]
mod governance;
#[cfg(target_family = "wasm")]
mod identity;
#[cfg(target_family = "wasm")]
mod import;
#[cfg(target_family = "wasm")]
mod jobs;
#[cfg(target_family = "wasm")]
pub mod opfs;
#[cfg(target_family = "wasm")]
mod storage;
#[cfg(target_family = "wasm")]
mod store;
#[cfg(target_family = "wasm")]
mod vectors;

#[cfg(target_family = "wasm")]
pub use convert::{Bytes, Flag, Integer, JsResult, Key, Text, js_error};
#[cfg(target_family = "wasm")]
pub use jobs::OnProgress;
#[cfg(target_family = "wasm")]
pub use opfs::Opfs;
#[cfg(target_family = "wasm")]
pub use store::Store;
#[cfg(target_family = "wasm")]
pub use {ai::*, billing::*, content::*, crypto::*, governance::*, identity::*, storage::*, vectors::*};
