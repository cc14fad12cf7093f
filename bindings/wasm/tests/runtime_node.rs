//! The runtimes workload (tests/runtimes) under Node, on an in-memory store.

#![cfg(target_family = "wasm")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../../../tests/runtimes/mod.rs"]
mod runtimes;

use wasm_bindgen_test::{console_log, wasm_bindgen_test};

#[wasm_bindgen_test]
fn the_runtimes_workload_in_node() {
    let store = unified_store::Store::open_in_memory().unwrap();
    let figures = runtimes::run(&store);
    console_log!("{}", figures.line("node-memory"));
}
