//! The behaviour suite against an in-memory store and a store in a file on disk.

// A failed unwrap is a failed test; `[x.clone()]` reads better than `slice::from_ref(&x)`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::cloned_ref_to_slice_refs)]

#[path = "../../tests/behaviour/mod.rs"]
mod behaviour;

use unified_store::{Store, StoreConfig};

mod in_memory {
    crate::behaviour_tests!(#[test] fn with unified_store::Store::open_in_memory().unwrap());
}

mod on_disk {
    crate::behaviour_tests!(#[test] fn with crate::open_temp_file());
}

/// A store in a fresh file; the directory is leaked on purpose so the file outlives the call
/// (the OS temp dir is cleaned by the system).
fn open_temp_file() -> Store {
    let dir = tempfile::tempdir().unwrap().keep();
    Store::open(&StoreConfig::file(dir.join("store.db").to_string_lossy())).unwrap()
}
