//! The Rust side of scripts/measure-batch-python (benchmark P7): `append_batch` of 1,000
//! messages of 200 bytes straight into the core, the batch built before each timed call.
//! Prints one line per store kind, `<kind> <median ms> <fastest ms>`, for the script to read.
//!
//! `cargo run --release -p unified-store-ffi --example measure_batch -- RUNS DIR`

// A measurement run by hand: aborting on a failed call is the right way to fail.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::time::Instant;
use unified_store::{MessageRole, NewMessage, NewUser, NewWorkspace, Store, StoreConfig};

/// Messages per batch.
const COUNT: usize = 1000;
/// Message bytes; the Python side builds the same texts.
const BYTES: usize = 200;
const FILLER: &str = "The quick brown fox jumps over the lazy dog while a Rust core keeps every message \
in SQLite with full-text search, and the bindings carry records across to Kotlin, Swift and Python \
without losing a field or a byte of text on the way there.";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs: usize = args.get(1).map(|a| a.parse().expect("RUNS is a number")).unwrap_or(15);
    let dir = args.get(2).expect("DIR: a directory for the file store");
    let file = format!("{dir}/rust.db");
    for (kind, config) in [("memory", StoreConfig::in_memory()), ("file", StoreConfig::file(&file))] {
        let times = times_ms(&Store::open(&config).unwrap(), runs);
        println!("{kind} {:.3} {:.3}", times[times.len() / 2], times[0]);
    }
}

/// The times of `runs` batches into one thread of `store`, after one untimed warm-up, sorted.
fn times_ms(store: &Store, runs: usize) -> Vec<f64> {
    let ada = store.users().create(&NewUser::new("ada@example.com", "Ada")).unwrap();
    let workspace = store.workspaces().create(&NewWorkspace::for_user("Measure", &ada.id)).unwrap();
    let thread = store.threads().create(&workspace.id, "Batch").unwrap();
    let mut times = Vec::with_capacity(runs);
    for run in 0..=runs {
        let batch: Vec<NewMessage> =
            (0..COUNT).map(|i| NewMessage::new(&thread.id, MessageRole::User, content(run, i))).collect();
        let start = Instant::now();
        let appended = store.messages().append_batch(&batch).unwrap();
        let elapsed = start.elapsed().as_secs_f64() * 1000.0;
        assert_eq!(appended.len(), COUNT);
        if run > 0 {
            times.push(elapsed);
        }
    }
    times.sort_by(f64::total_cmp);
    times
}

/// `run <run> message <i>: ` and the filler, cut at [`BYTES`].
fn content(run: usize, i: usize) -> String {
    let mut text = format!("run {run} message {i}: ");
    text.push_str(&FILLER[..BYTES - text.len()]);
    text
}
