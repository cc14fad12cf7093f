//! Criterion benchmarks of the message paths, each next to plain rusqlite doing the same
//! work on the same schema (docs/benchmarks.md):
//! - `append_batch_1000`: one `append_batch` of 1,000 messages into a store already holding
//!   the fixture's messages (a million by default), as throughput in messages per second;
//! - `search`: 10 plain-words FTS queries (every 100th of the 1,000) over the filled store;
//! - `list_50`: the 50 newest messages of a thread, rotating through the threads.
//!
//! `cargo bench -p unified-store --bench messages`; `BENCH_MESSAGES=100000` for a quick run.
//! The filled files are cached in `target/bench-fixtures` (built here if missing, or left by
//! the side-by-side bench).

// A benchmark is a program run by hand: aborting on a failed call (with its message) is the
// right way to fail, and its items need no docs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[allow(dead_code)] // each bench uses part of it
mod common;

use common::{BATCH, Fixtures, PlainSide, QUERIES, StoreSide, THREADS, Vocabulary, Workload};
use criterion::{BatchSize, Criterion, SamplingMode, Throughput};
use std::cell::Cell;
use std::time::Duration;

/// Queries per search iteration.
const SEARCH_SET: usize = 10;

fn main() {
    let count = common::message_count();
    let fixtures = Fixtures::load_or_build(count);
    let mut criterion = Criterion::default().configure_from_args();
    append(&mut criterion, &fixtures);
    search(&mut criterion, &fixtures);
    list(&mut criterion, &fixtures);
    criterion.final_summary();
}

/// Appends into copies of the fixtures, so the cached files keep their size.
fn append(c: &mut Criterion, fixtures: &Fixtures) {
    let work = common::scratch_dir();
    let (store_path, plain_path) = (work.path().join("store.db"), work.path().join("plain.db"));
    std::fs::copy(&fixtures.store, &store_path).expect("copy the store fixture");
    std::fs::copy(&fixtures.plain, &plain_path).expect("copy the plain fixture");
    let store = StoreSide::open(&store_path);
    let mut plain = PlainSide::open(&plain_path);
    // A different seed from the fixture's, so new texts keep coming.
    let mut workload = Workload::new(2);

    let mut group = c.benchmark_group("append_batch_1000");
    group.throughput(Throughput::Elements(BATCH as u64));
    group.sample_size(30).measurement_time(Duration::from_secs(20));
    group.bench_function("store", |b| {
        b.iter_batched(
            || store.new_messages(&workload.batch(BATCH)),
            |messages| store.append(&messages),
            BatchSize::PerIteration,
        )
    });
    group.bench_function("plain_rusqlite", |b| {
        b.iter_batched(|| workload.batch(BATCH), |batch| plain.append(&batch), BatchSize::PerIteration)
    });
    group.finish();
    common::close(store, plain);
}

/// Each iteration runs the same [`SEARCH_SET`] queries (every 100th of the 1,000), so both
/// sides do identical work whatever number of iterations criterion picks: query costs are
/// heavy-tailed (a frequent word ranks hundreds of thousands of rows), and rotating through all
/// queries would compare different mixes.
fn search(c: &mut Criterion, fixtures: &Fixtures) {
    let store = StoreSide::open(&fixtures.store);
    let plain = PlainSide::open(&fixtures.plain);
    let queries: Vec<String> = Vocabulary::new().queries(QUERIES).into_iter().step_by(QUERIES / SEARCH_SET).collect();
    let expressions: Vec<String> = queries.iter().map(|q| common::fts_expression(q)).collect();

    let mut group = c.benchmark_group("search");
    group.throughput(Throughput::Elements(queries.len() as u64));
    group.sampling_mode(SamplingMode::Flat).sample_size(10).measurement_time(Duration::from_secs(30));
    group.bench_function("store", |b| b.iter(|| queries.iter().map(|q| store.search(q)).sum::<usize>()));
    group.bench_function("plain_rusqlite", |b| {
        b.iter(|| expressions.iter().map(|e| plain.search(e).len()).sum::<usize>())
    });
    group.finish();
    common::close(store, plain);
}

fn list(c: &mut Criterion, fixtures: &Fixtures) {
    let store = StoreSide::open(&fixtures.store);
    let plain = PlainSide::open(&fixtures.plain);

    let mut group = c.benchmark_group("list_50");
    let next = Cell::new(0);
    let rotate = || {
        let i = next.get();
        next.set((i + 1) % THREADS);
        i
    };
    group.bench_function("store", |b| b.iter(|| store.list(rotate())));
    next.set(0);
    group.bench_function("plain_rusqlite", |b| b.iter(|| plain.list(rotate())));
    group.finish();
    common::close(store, plain);
}
