//! The behaviour suite against an in-memory store, a store in a file on disk, and one in an
//! encrypted file.

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

mod encrypted_on_disk {
    crate::behaviour_tests!(#[test] fn with crate::open_encrypted_temp_file());
}

/// A store in a fresh file; the directory is leaked on purpose so the file outlives the call
/// (the OS temp dir is cleaned by the system).
fn open_temp_file() -> Store {
    let dir = tempfile::tempdir().unwrap().keep();
    Store::open(&StoreConfig::file(dir.join("store.db").to_string_lossy())).unwrap()
}

/// [`open_temp_file`], encrypted: a raw key, as an app gives one from its keychain.
fn open_encrypted_temp_file() -> Store {
    let dir = tempfile::tempdir().unwrap().keep();
    let key = unified_store::StoreKey::Raw { bytes: vec![42; 32] };
    Store::open(&StoreConfig::encrypted(dir.join("store.db").to_string_lossy(), key)).unwrap()
}

/// A behaviour left off its domain's list would never run on any backend: every
/// `pub fn name(store: Store)` of tests/behaviour/ must be named in that file's macro list.
#[test]
fn every_behaviour_is_on_its_list() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/behaviour");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|name| name == "mod.rs") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        let list = source.split("$emit!(").nth(1).and_then(|rest| rest.split(");").next()).unwrap();
        let listed: Vec<&str> = list.rsplit(';').next().unwrap().split(',').map(str::trim).collect();
        for line in source.lines().filter(|line| line.starts_with("pub fn ") && line.contains("(store: Store)")) {
            let name = line["pub fn ".len()..].split('(').next().unwrap();
            assert!(listed.contains(&name), "{name} in {} is not on its macro list, so it never runs", path.display());
            checked += 1;
        }
    }
    assert!(checked > 90, "only {checked} behaviours found");
}
