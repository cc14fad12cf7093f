//! Storage accounting (docs/benchmarks.md, "Storage accounting"): what the row seam of
//! migration 0010 costs, in one run:
//! - `storage().stats()` latency on a store of 10,000 messages and one of a million, the
//!   calls alternating between the two;
//! - `recount()` at both sizes;
//! - appending the same messages (in batches, then one per call) to a copy of the
//!   10,000-message store as it is and to a copy whose seam triggers were dropped, batch by
//!   batch in turn, in three rounds on fresh copies;
//! - then, on each store, one `maintain()` pass with half its threads made quiet for a year
//!   (archived by the default policy), and a GDPR export of its one user.
//!
//! Run by `scripts/bench`, or `cargo bench -p unified-store --bench storage`
//! (`STORAGE_MESSAGES=200000` for a quicker run). As a test (`cargo test --bench storage`)
//! it runs every path at 2,000 messages.

// A benchmark is a program run by hand: aborting on a failed call (with its message) is the
// right way to fail, and its items need no docs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[allow(dead_code)] // each bench uses part of it
mod common;

use common::{BATCH, StoreSide, THREADS, Workload, thousands, verdict};
use rusqlite::Connection;
use std::path::Path;
use std::time::{Duration, Instant};
use unified_store::{MaintenancePolicy, NoProgress, PageRequest, StorageCategory, StorageStats, Store, StoreConfig};

/// `stats()` calls timed per store.
const STATS_CALLS: usize = 1_000;
/// `stats()` calls on each store before timing.
const WARM_UP_CALLS: usize = 100;
/// Rounds of the append comparison, each on fresh copies; the table gives their medians.
const ROUNDS: usize = 3;
/// The goals of the issue: `stats()` within 1 ms, the seam within 10% of append time.
const STATS_GOAL_MS: f64 = 1.0;
const OVERHEAD_GOAL: f64 = 0.10;

/// How much of everything one run does.
struct Sizes {
    small: usize,
    large: usize,
    /// Messages appended with `append_batch` per side and round, and per call.
    batched: usize,
    batch: usize,
    /// Messages appended with single `append` calls per side and round.
    single: usize,
    recounts: usize,
}

impl Sizes {
    /// The full run (`STORAGE_MESSAGES` sets the large store's size, default a million), or
    /// the smoke size when run as a test.
    fn get() -> Self {
        if !common::is_bench() {
            return Self { small: 1_000, large: 2_000, batched: 2_000, batch: 500, single: 200, recounts: 1 };
        }
        let large = match std::env::var("STORAGE_MESSAGES") {
            Ok(value) => value.replace('_', "").parse().expect("STORAGE_MESSAGES must be a whole number"),
            Err(_) => 1_000_000,
        };
        Self { small: 10_000.min(large), large, batched: 100_000, batch: BATCH, single: 5_000, recounts: 3 }
    }
}

fn main() {
    let sizes = Sizes::get();
    let started = Instant::now();
    let work = common::scratch_dir();
    let (small_path, large_path) = (work.path().join("small.db"), work.path().join("large.db"));
    for (path, count) in [(&small_path, sizes.small), (&large_path, sizes.large)] {
        eprintln!("filling a store with {count} messages…");
        let side = StoreSide::create(path);
        fill(&side, count);
        side.store.close().expect("close the store");
    }
    eprintln!("  done in {:.0} s", started.elapsed().as_secs_f64());

    let stores = [StoreSide::open(&small_path), StoreSide::open(&large_path)];
    eprintln!("timing stats() {STATS_CALLS} times on each…");
    let stats = time_stats(&stores);
    eprintln!("recounting each {} times…", sizes.recounts);
    let recounts = time_recounts(&stores, sizes.recounts);
    let disk: Vec<u64> = stores.iter().map(|s| s.store.storage().stats().expect("stats").disk.database_bytes).collect();
    for side in stores {
        side.store.close().expect("close the store");
    }

    let mut rounds = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS {
        eprintln!("appending, round {} of {ROUNDS}…", round + 1);
        rounds.push(append_round(work.path(), &small_path, round, &sizes));
    }
    // Last: maintenance archives threads the append rounds copy from the small store, and
    // the erasure empties each store.
    eprintln!("maintaining, exporting and erasing each…");
    let maintained = [&small_path, &large_path].map(|path| maintain_and_export(path, work.path()));

    println!();
    println!(
        "storage accounting: stats() and recount() at {} and {} messages (~200 bytes, {} threads), \
         and the row seam's cost on appends; SQLite {}",
        thousands(sizes.small as f64),
        thousands(sizes.large as f64),
        thousands(THREADS as f64),
        rusqlite::version()
    );
    println!("(store files: {:.0} MB and {:.0} MB)", disk[0] as f64 / 1e6, disk[1] as f64 / 1e6);
    println!();
    println!(
        "| measure | {} messages | {} messages | goal |",
        thousands(sizes.small as f64),
        thousands(sizes.large as f64)
    );
    println!("| --- | ---: | ---: | --- |");
    for (name, p) in [("p50", 50.0), ("p99", 99.0)] {
        let [small, large] = [&stats[0], &stats[1]].map(|times| common::percentile(times, p));
        println!(
            "| stats() {name} ({} calls) | {} | {} | ≤ {STATS_GOAL_MS} ms: {} |",
            thousands(STATS_CALLS as f64),
            millis(small),
            millis(large),
            verdict(small.max(large).as_secs_f64() * 1e3 <= STATS_GOAL_MS)
        );
    }
    println!(
        "| recount() (median of {}) | {} | {} | (recorded) |",
        sizes.recounts,
        seconds(recounts[0]),
        seconds(recounts[1])
    );
    println!(
        "| maintain(), half the threads quiet for a year: archive, reclaim | {} | {} | (recorded) |",
        maintained[0].maintain, maintained[1].maintain
    );
    println!(
        "| export_user_data() of the store's one user | {} | {} | (recorded) |",
        maintained[0].export, maintained[1].export
    );
    println!(
        "| erase_user_data() of that user (every message is theirs; vacuum included) | {} | {} | (recorded) |",
        maintained[0].erase, maintained[1].erase
    );
    println!();
    println!(
        "appends into copies of the {}-message store, with the seam and with its triggers dropped, \
         batch by batch in turn; medians of {ROUNDS} rounds",
        thousands(sizes.small as f64)
    );
    println!();
    println!("| append | with the seam | seam dropped | overhead | per round | goal |");
    println!("| --- | ---: | ---: | ---: | --- | --- |");
    let batched = format!(
        "append_batch, {} messages in batches of {}",
        thousands(sizes.batched as f64),
        thousands(sizes.batch as f64)
    );
    let single = format!("append, {} single calls", thousands(sizes.single as f64));
    for (name, messages, times) in [
        (batched, sizes.batched, rounds.iter().map(|r| r.batched).collect::<Vec<_>>()),
        (single, sizes.single, rounds.iter().map(|r| r.single).collect()),
    ] {
        let rate = |time: Duration| messages as f64 / time.as_secs_f64();
        let (seam, dropped) = (median(times.iter().map(|t| t[0])), median(times.iter().map(|t| t[1])));
        let overhead = seam.as_secs_f64() / dropped.as_secs_f64() - 1.0;
        let per_round: Vec<String> =
            times.iter().map(|t| percent(t[0].as_secs_f64() / t[1].as_secs_f64() - 1.0)).collect();
        println!(
            "| {name} | {} msg/s | {} msg/s | {} | {} | ≤ {}: {} |",
            thousands(rate(seam)),
            thousands(rate(dropped)),
            percent(overhead),
            per_round.join(", "),
            percent(OVERHEAD_GOAL),
            verdict(overhead <= OVERHEAD_GOAL)
        );
    }
    println!();
    println!("whole run {:.0} s", started.elapsed().as_secs_f64());
}

/// What [`maintain_and_export`] measured, as table cells.
struct Maintained {
    maintain: String,
    export: String,
    erase: String,
}

/// Makes half the threads of the store at `path` quiet for a year (a raw connection moves
/// their times back), then times one maintenance pass with the default policy (archive after
/// 180 days) and a GDPR export of its user into `dir`.
fn maintain_and_export(path: &Path, dir: &Path) -> Maintained {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("a clock after 1970");
    let year_ago = now.as_millis() as i64 - 365 * 86_400_000;
    let conn = Connection::open(path).expect("open the file");
    unified_store::register_tokenizer(&conn).expect("the tokenizer");
    conn.execute("UPDATE threads SET last_message_at = ?1, created_at = ?1 WHERE rowid % 2 = 0", [year_ago])
        .expect("age the threads");
    drop(conn);
    let store = Store::open(&StoreConfig::file(path.to_str().expect("a UTF-8 path"))).expect("open the store");
    let start = Instant::now();
    let report = store.storage().maintain(&MaintenancePolicy::default(), &NoProgress).expect("maintain");
    let took = start.elapsed();
    let archived = report.steps.first().map_or(0, |step| step.items);
    let freed: u64 = report.steps.iter().map(|step| step.freed_bytes).sum();
    let maintain = format!("{} ({archived} threads, {:.1} MB freed)", seconds(took), freed as f64 / 1e6);
    let user = store.users().list(&PageRequest::first(1)).expect("the user")[0].id.clone();
    let target = dir.join(format!("export-{}.zip", path.file_stem().and_then(|s| s.to_str()).unwrap_or("x")));
    let start = Instant::now();
    let export = common::export_to(&store, &user, &target);
    let took = start.elapsed();
    let mb = export.bytes as f64 / 1e6;
    let export = format!("{} ({mb:.0} MB zip, {:.0} MB/s)", seconds(took), mb / took.as_secs_f64());
    let start = Instant::now();
    let erasure = store.users().erase_user_data(&user).expect("erase");
    let took = start.elapsed();
    let rows: u64 = erasure.tables.iter().map(|table| table.rows).sum();
    let erase = format!("{} ({} rows, vacuumed: {})", seconds(took), thousands(rows as f64), erasure.vacuumed);
    store.close().expect("close the store");
    Maintained { maintain, export, erase }
}

/// Appends `count` messages to `side` in batches of [`BATCH`] (the first `count` of the
/// workload every fixture uses).
fn fill(side: &StoreSide, count: usize) {
    let mut workload = Workload::new(1);
    let mut done = 0;
    while done < count {
        let batch = workload.batch(BATCH.min(count - done));
        assert_eq!(side.append(&side.new_messages(&batch)), batch.len());
        done += batch.len();
        if count >= 100_000 && done % (count / 10) < BATCH {
            eprintln!("  {done} messages");
        }
    }
}

/// `stats()` on each store, alternating between them call by call (and which goes first), so
/// both see the same machine; each store's times, sorted.
fn time_stats(stores: &[StoreSide; 2]) -> [Vec<Duration>; 2] {
    for side in stores {
        for _ in 0..WARM_UP_CALLS {
            side.store.storage().stats().expect("stats");
        }
    }
    let mut times = [Vec::with_capacity(STATS_CALLS), Vec::with_capacity(STATS_CALLS)];
    for call in 0..STATS_CALLS {
        for turn in 0..2 {
            let side = (turn + call) % 2;
            let start = Instant::now();
            let stats = stores[side].store.storage().stats().expect("stats");
            times[side].push(start.elapsed());
            assert!(stats.estimated_bytes > 0);
        }
    }
    times.iter_mut().for_each(|t| t.sort());
    times
}

/// Each store's median `recount()` time over `runs`, alternating between the stores; checks
/// the first recount finds what the counters said.
fn time_recounts(stores: &[StoreSide; 2], runs: usize) -> [Duration; 2] {
    let before = stores.each_ref().map(|side| side.store.storage().stats().expect("stats"));
    let mut times = [Vec::new(), Vec::new()];
    for run in 0..runs {
        for turn in 0..2 {
            let side = (turn + run) % 2;
            let start = Instant::now();
            let recounted = stores[side].store.storage().recount().expect("recount");
            times[side].push(start.elapsed());
            assert_eq!(counted(&before[side]), counted(&recounted), "the counters disagree with a recount");
        }
    }
    times.map(|t| median(t.into_iter()))
}

/// The times of one append round: batched and single, each as [with the seam, dropped].
struct Round {
    batched: [Duration; 2],
    single: [Duration; 2],
}

/// Copies `base` twice, drops the seam from the second copy, and appends the same messages
/// to both, call by call in turn (alternating which goes first). Checks the copy with the
/// seam counted every message (its counters equal a recount) and the other counted none.
fn append_round(dir: &Path, base: &Path, round: usize, sizes: &Sizes) -> Round {
    let paths = [dir.join(format!("seam-{round}.db")), dir.join(format!("dropped-{round}.db"))];
    for path in &paths {
        std::fs::copy(base, path).expect("copy the store");
    }
    drop_seam(&paths[1]);
    let sides = paths.each_ref().map(|path| StoreSide::open(path));
    let before = sides.each_ref().map(|side| side.store.storage().stats().expect("stats"));
    // The same seed every round: each round appends the same messages.
    let mut workload = Workload::new(2);
    let mut batched = [Duration::ZERO; 2];
    for call in 0..sizes.batched.div_ceil(sizes.batch) {
        let batch = workload.batch(sizes.batch.min(sizes.batched - call * sizes.batch));
        let messages = sides[0].new_messages(&batch);
        for turn in 0..2 {
            let side = (turn + call + round) % 2;
            unified_store::count_message_batches(side == 0);
            let start = Instant::now();
            assert_eq!(sides[side].append(&messages), batch.len());
            batched[side] += start.elapsed();
        }
    }
    let mut single = [Duration::ZERO; 2];
    for call in 0..sizes.single {
        let draft = workload.batch(1).pop().expect("one message");
        for turn in 0..2 {
            let side = (turn + call + round) % 2;
            unified_store::count_message_batches(side == 0);
            let start = Instant::now();
            sides[side]
                .store
                .messages()
                .append(&sides[side].threads[draft.thread], draft.role, &draft.text)
                .expect("append");
            single[side] += start.elapsed();
        }
    }
    unified_store::count_message_batches(true);

    let storage = sides.each_ref().map(|side| side.store.storage());
    let [counters, without] = storage.each_ref().map(|s| counted(&s.stats().expect("stats")));
    assert_eq!(counters, counted(&storage[0].recount().expect("recount")), "the seam missed a write");
    let appended = (sizes.batched + sizes.single) as u64;
    let messages = |counts: &[(StorageCategory, u64, u64)]| {
        counts.iter().find(|c| c.0 == StorageCategory::Messages).map_or(0, |c| c.1)
    };
    assert_eq!(messages(&counters), messages(&counted(&before[0])) + appended);
    assert_eq!(without, counted(&before[1]), "the copy without the seam still counts");
    for side in sides {
        side.store.close().expect("close the store");
    }
    for path in &paths {
        std::fs::remove_file(path).expect("remove the copy");
    }
    Round { batched, single }
}

/// Drops every trigger of the row seam and the quota trigger from the store file at `path`
/// (messages inserted into it are not counted per batch either: `count_message_batches`).
fn drop_seam(path: &Path) {
    let conn = Connection::open(path).expect("open the copy");
    unified_store::register_tokenizer(&conn).expect("register the tokenizer");
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'trigger'
               AND (instr(name, '_seam_') > 0 OR name = 'storage_usage_within_quota')",
        )
        .expect("prepare")
        .query_map([], |row| row.get(0))
        .expect("list the triggers")
        .collect::<rusqlite::Result<_>>()
        .expect("list the triggers");
    for expected in ["messages_seam_update", "threads_seam_update", "storage_usage_within_quota"] {
        assert!(names.iter().any(|name| name == expected), "no trigger {expected}");
    }
    for name in &names {
        conn.execute_batch(&format!("DROP TRIGGER \"{name}\"")).expect("drop a trigger");
    }
    conn.close().map_err(|(_, e)| e).expect("close the copy");
}

/// Rows and logical bytes per category: what the counters hold and `recount` recomputes
/// (estimated bytes move with the overhead ratios `recount` measures).
fn counted(stats: &StorageStats) -> Vec<(StorageCategory, u64, u64)> {
    stats.categories.iter().map(|c| (c.category, c.rows, c.logical_bytes)).collect()
}

fn median(times: impl Iterator<Item = Duration>) -> Duration {
    let mut times: Vec<Duration> = times.collect();
    times.sort();
    times[times.len() / 2]
}

fn millis(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

fn seconds(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn percent(ratio: f64) -> String {
    format!("{:.1}%", ratio * 100.0)
}
