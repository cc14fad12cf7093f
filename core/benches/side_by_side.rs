//! The side-by-side table of docs/benchmarks.md: the store and plain rusqlite doing the same
//! work in the same run: appending a million messages (the store; plain rusqlite on the
//! schema before, FTS kept in step by a row trigger; and the same without any index, the
//! floor), full-text search, listing a thread's newest page. Run by `scripts/bench`, or
//! `cargo bench -p unified-store --bench side_by_side` (`BENCH_MESSAGES=100000` for a quick run).
//!
//! It leaves the two files it filled as the cached fixtures of the criterion bench
//! (`benches/messages.rs`).

// A benchmark is a program run by hand: aborting on a failed call (with its message) is the
// right way to fail, and its items need no docs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[allow(dead_code)] // each bench uses part of it
mod common;

use common::{
    BATCH, Fixtures, HITS, PAGE, PlainSide, QUERIES, Reference, StoreSide, THREADS, Vocabulary, Workload, thousands,
    verdict,
};
use std::time::{Duration, Instant};

/// Searches run on each side before timing, so neither starts with a cold page cache.
const WARM_UP_QUERIES: usize = 100;

fn main() {
    let count = common::message_count();
    let started = Instant::now();
    let work = common::scratch_dir();
    let paths = [work.path().join("store.db"), work.path().join("plain.db"), work.path().join("floor.db")];
    let store = StoreSide::create(&paths[0]);
    let mut plain = PlainSide::create(&paths[1], Reference::RowTrigger);
    let mut floor = PlainSide::create(&paths[2], Reference::NoIndex);

    eprintln!("appending {count} messages to each side…");
    let appended = common::append_all(&store, &mut [&mut plain, &mut floor], &mut Workload::new(1), count);
    eprintln!("  done in {:.0} s", started.elapsed().as_secs_f64());
    drop(floor);

    let vocabulary = Vocabulary::new();
    let queries = vocabulary.queries(QUERIES);
    let expressions: Vec<String> = queries.iter().map(|q| common::fts_expression(q)).collect();
    eprintln!("searching {} queries on each side…", queries.len());
    for (query, expression) in queries.iter().zip(&expressions).take(WARM_UP_QUERIES) {
        assert_eq!(store.search(query), plain.search(expression).len());
    }
    let mut agreement = Agreement::default();
    let (search_store, search_plain, hits) = timed_pairs(queries.len(), |i, store_first| {
        let time_store = || timed(|| store.hits(&queries[i]));
        let time_plain = || timed(|| plain.search(&expressions[i]));
        let ((store_time, store_hits), (plain_time, plain_hits)) = if store_first {
            (time_store(), time_plain())
        } else {
            let plain = time_plain();
            (time_store(), plain)
        };
        agreement.add(&store_hits, &plain_hits);
        (store_time, plain_time, store_hits.len())
    });
    eprintln!("  done in {:.0} s", started.elapsed().as_secs_f64());

    eprintln!("listing the {PAGE} newest messages of each of the {THREADS} threads on each side…");
    for thread in 0..THREADS.min(100) {
        assert_eq!(store.list(thread), plain.list(thread));
    }
    let (list_store, list_plain, listed) = timed_pairs(THREADS, |thread, store_first| {
        let time_store = || timed(|| store.list(thread));
        let time_plain = || timed(|| plain.list(thread));
        let ((store_time, store_rows), (plain_time, plain_rows)) =
            if store_first { (time_store(), time_plain()) } else { swap(time_plain(), time_store()) };
        assert_eq!(store_rows, plain_rows);
        (store_time, plain_time, store_rows)
    });
    eprintln!("  done in {:.0} s", started.elapsed().as_secs_f64());

    let rate = |time: Duration| appended.messages as f64 / time.as_secs_f64();
    let (trigger, no_index) = (appended.plains[0], appended.plains[1]);
    println!();
    println!(
        "unified-store vs plain rusqlite: {} messages of ~200 bytes in {THREADS} threads, batches of {BATCH}; SQLite {}",
        thousands(appended.messages as f64),
        rusqlite::version()
    );
    println!(
        "(\"plain\": the schema before this version, FTS5 kept in step by a row trigger; \"no index\": the same without FTS)"
    );
    println!();
    println!("| measure | store | plain (row trigger) | plain, no index | store vs plain | goal |");
    println!("| --- | ---: | ---: | ---: | ---: | --- |");
    println!(
        "| append {} messages, total | {:.1} s | {:.1} s | {:.1} s | {:.2}× faster | under 30 s: {} |",
        thousands(appended.messages as f64),
        appended.store.as_secs_f64(),
        trigger.as_secs_f64(),
        no_index.as_secs_f64(),
        trigger.as_secs_f64() / appended.store.as_secs_f64(),
        verdict(appended.store.as_secs_f64() < 30.0 * appended.messages as f64 / 1e6)
    );
    println!(
        "| append throughput | {} msg/s | {} msg/s | {} msg/s | {:.2}× | ≥ 4.2× the 7,983 msg/s of before (1M): {} |",
        thousands(rate(appended.store)),
        thousands(rate(trigger)),
        thousands(rate(no_index)),
        rate(appended.store) / rate(trigger),
        verdict(rate(appended.store) >= 4.2 * 7_983.0)
    );
    for (name, p, goal) in [("p50", 50.0, 5.0), ("p99", 99.0, 50.0)] {
        let (s, r) = (common::percentile(&search_store, p), common::percentile(&search_plain, p));
        println!(
            "| FTS search {name} ({} queries, {HITS} hits) | {} | {} | | {:.2}× | ≤ {goal} ms: {} |",
            search_store.len(),
            millis(s),
            millis(r),
            s.as_secs_f64() / r.as_secs_f64(),
            verdict(s.as_secs_f64() * 1e3 <= goal)
        );
    }
    for (name, p) in [("p50", 50.0), ("p99", 99.0)] {
        let (s, r) = (common::percentile(&list_store, p), common::percentile(&list_plain, p));
        println!(
            "| list {PAGE} newest of a thread, {name} | {:.0} µs | {:.0} µs | | {:.2}× | (recorded) |",
            micros(s),
            micros(r),
            s.as_secs_f64() / r.as_secs_f64()
        );
    }
    println!();
    println!("{}", agreement.summary());
    println!(
        "searches returned {hits} hits in all ({:.1} per query); lists returned {listed} rows; whole run {:.0} s",
        hits as f64 / queries.len() as f64,
        started.elapsed().as_secs_f64()
    );

    // Keep the filled files as the criterion bench's fixtures, so it need not build them.
    common::close(store, plain);
    std::fs::remove_file(&paths[2]).ok();
    let kept = Fixtures::keep(work.path(), count);
    eprintln!("kept as fixtures: {}", kept.store.parent().map(|p| p.display().to_string()).unwrap_or_default());
}

/// How the store's hits compare with exact BM25 over every match (the reference's), by
/// content: the same messages were appended to both sides in the same order.
#[derive(Default)]
struct Agreement {
    exact: usize,
    exact_same: usize,
    windowed: usize,
    windowed_overlap: f64,
}

impl Agreement {
    fn add(&mut self, store: &[unified_store::SearchHit], plain: &[String]) {
        let contents: Vec<&String> = store.iter().map(|hit| &hit.message.content).collect();
        if store.first().is_some_and(|hit| hit.ranked_among_newest.is_some()) {
            self.windowed += 1;
            let shared = contents.iter().filter(|content| plain.contains(content)).count();
            self.windowed_overlap += shared as f64 / plain.len().max(1) as f64;
        } else {
            self.exact += 1;
            // Equal scores may come back in another order (ids differ between the files).
            let (mut a, mut b) = (contents.clone(), plain.iter().collect::<Vec<_>>());
            a.sort();
            b.sort();
            self.exact_same += usize::from(a == b);
        }
    }

    fn summary(&self) -> String {
        format!(
            "ranked exactly: {} queries, the same top-{HITS} as the reference for {}; ranked among the newest matches: {} queries, {:.1}% of the reference's top-{HITS} on average",
            self.exact,
            self.exact_same,
            self.windowed,
            100.0 * self.windowed_overlap / self.windowed.max(1) as f64
        )
    }
}

/// Runs `pair(i, store_first)` for each `i` below `count`, alternating which side goes first
/// so both see the same noise and neither always follows the other; returns each side's
/// times, sorted, and the sum of the counts.
fn timed_pairs(
    count: usize,
    mut pair: impl FnMut(usize, bool) -> (Duration, Duration, usize),
) -> (Vec<Duration>, Vec<Duration>, usize) {
    let (mut store, mut plain, mut total) = (Vec::with_capacity(count), Vec::with_capacity(count), 0);
    for i in 0..count {
        if count >= 100 && i > 0 && i % (count / 10) == 0 {
            eprintln!("  {i} of {count}");
        }
        let (s, p, n) = pair(i, i % 2 == 0);
        store.push(s);
        plain.push(p);
        total += n;
    }
    store.sort();
    plain.sort();
    (store, plain, total)
}

fn timed<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let n = f();
    (start.elapsed(), n)
}

fn swap<T>(a: T, b: T) -> (T, T) {
    (b, a)
}

fn millis(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}
