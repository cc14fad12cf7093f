//! The runtimes workload (tests/runtimes) in a dedicated worker in headless Chromium, on an
//! OPFS file store.

#![cfg(target_family = "wasm")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../../../tests/runtimes/mod.rs"]
mod runtimes;

use unified_store::StoreConfig;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_dedicated_worker);

#[wasm_bindgen_test]
async fn the_runtimes_workload_on_opfs() {
    unified_store_wasm::opfs::pool().await.unwrap();
    let store = unified_store::Store::open(&StoreConfig::file("/runtimes-bench.db")).unwrap();
    let figures = runtimes::run(&store);
    console_log!("{}", figures.line("chromium-opfs"));
    store.close().unwrap();
}
