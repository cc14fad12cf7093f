//! The runtimes workload (tests/runtimes) natively, in memory and in a file: the reference
//! the browser build's figures are divided by (`scripts/bench-browser`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../../tests/runtimes/mod.rs"]
mod runtimes;

use unified_store::{Store, StoreConfig};

#[test]
fn the_runtimes_workload_natively_in_memory() {
    let figures = runtimes::run(&Store::open_in_memory().unwrap());
    println!("{}", figures.line("native-memory"));
}

#[test]
fn the_runtimes_workload_natively_in_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&StoreConfig::file(dir.path().join("runtimes.db").to_string_lossy())).unwrap();
    println!("{}", runtimes::run(&store).line("native-file"));
}
