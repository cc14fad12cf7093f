//! What `StoreConfig::durability` costs: the same messages appended to a store file with
//! `Durability::Normal` (synced at checkpoints) and one with `Durability::Full` (every commit
//! synced), one message per call, 100 per batch, and 10,000 per batch, interleaved so both see
//! the same machine. Run by `scripts/bench`, or
//! `cargo bench -p unified-store --bench durability` (`BENCH_MESSAGES` sets the size of the
//! batched runs; single appends are a tenth of it, at most 2,000).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[allow(dead_code)] // each bench uses part of it
mod common;

use common::{StoreSide, Workload};
use std::time::{Duration, Instant};
use unified_store::{Durability, Store, StoreConfig};

fn main() {
    let count = common::message_count_or(100_000);
    let work = common::scratch_dir();
    let sides: Vec<StoreSide> = [Durability::Normal, Durability::Full]
        .iter()
        .map(|&durability| {
            let path = work.path().join(format!("{durability:?}.db"));
            let config = StoreConfig { durability: Some(durability), ..StoreConfig::file(path.to_string_lossy()) };
            StoreSide::create_in(Store::open(&config).expect("open"))
        })
        .collect();
    println!();
    println!("durability: appending to a store file, Normal vs Full, interleaved");
    println!();
    println!("| messages per call | calls | Normal | Full | Full / Normal |");
    println!("| ---: | ---: | ---: | ---: | ---: |");
    let mut workload = Workload::new(3);
    for (per_call, messages) in [(1, (count / 10).min(2_000)), (100, count), (10_000, count)] {
        let per_call = per_call.min(messages);
        let mut times = [Duration::ZERO; 2];
        for call in 0..messages / per_call {
            let batch = workload.batch(per_call);
            for turn in 0..2 {
                let side = (turn + call) % 2;
                let new = sides[side].new_messages(&batch);
                let start = Instant::now();
                sides[side].append(&new);
                times[side] += start.elapsed();
            }
        }
        let calls = messages / per_call;
        let per = |time: Duration| time.as_secs_f64() * 1e3 / calls as f64;
        println!(
            "| {per_call} | {calls} | {:.2} ms per call | {:.2} ms per call | {:.2}× |",
            per(times[0]),
            per(times[1]),
            times[1].as_secs_f64() / times[0].as_secs_f64()
        );
    }
}
