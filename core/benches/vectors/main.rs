//! Vector search benchmarks (docs/benchmarks.md, "Vector search"): the index alone next to
//! instant-distance and a streaming read (`index.rs`), then the index inside a store
//! (`store.rs`). The vectors: `data.rs`. Writes `ours.json` beside the cached vectors for
//! `scripts/plot-vectors`, which draws it next to hnswlib and usearch (`scripts/vectors-reference`).
//!
//! Data: `${USTORE_VECTORS:-$HOME/.cache/unified-store/vectors}/base.f32` (N × 384 f32 LE,
//! normalised), `queries.f32` (1,000 × 384) and `gt.i32` (exact neighbours) as
//! `scripts/embed-corpus` writes them; otherwise synthetic clustered vectors. `BENCH_VECTORS`
//! takes the first N (or makes N synthetic ones), `BENCH_DIMS` (default 384), `BENCH_ID_EF`
//! (instant-distance's build-time ef values, default "32"; "" skips it).
//! Run: `cargo bench -p unified-store --bench vectors`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod data;
mod index;
#[path = "../../../tests/rng.rs"]
mod rng;
mod store;

fn main() {
    let data = data::load();
    let (libraries, exact) = index::run(&data);
    let store = store::run(&data);
    if !data.smoke {
        let json = serde_json::json!({
            "machine": data::machine(), "n": data.base.len(), "dims": data.dims, "source": data.source,
            "libraries": libraries, "exact": exact, "store": store,
        });
        let path = data.dir.join("ours.json");
        std::fs::create_dir_all(&data.dir).ok();
        match std::fs::write(&path, serde_json::to_string_pretty(&json).unwrap()) {
            Ok(()) => println!("\nwrote {}", path.display()),
            Err(e) => println!("\ncould not write {}: {e}", path.display()),
        }
    }
}
