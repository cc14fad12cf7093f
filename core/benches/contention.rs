//! Other calls while the costliest search the query bounds allow runs in a loop, in the
//! same run as the same calls on an idle store (the floor) and on a one-connection store (an
//! in-memory one, which has no readers: the design before readers, with a fair lock). The
//! goal (issue: hostile input) is p99 ≤ 100 ms for every other call at 100,000 messages.
//!
//!   cargo bench -p unified-store --bench contention      (scripts/bench runs it)
//!   BENCH_MESSAGES=100000 BENCH_SECONDS=20               the defaults
//!
//! The costliest search is picked by measuring the costliest shapes the bounds of
//! `limits.rs` allow (the most frequent word repeated, prefixes, NEAR, nesting; see
//! core/examples/query_cost.rs for the full sweep) and taking the slowest.

// A benchmark is a program run by hand: aborting on a failed call (with its message) is the
// right way to fail, and its items need no docs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[allow(dead_code)] // each bench uses part of it
mod common;

use common::{Fixtures, PAGE, StoreSide, Workload, percentile};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use unified_store::limits::{QUERY_DEPTH_MAX, QUERY_PREFIXES_MAX, QUERY_WORDS_MAX};
use unified_store::{MessageRole, NewMessage, PageRequest, QuerySyntax, SearchQuery, Store, UsageGrouping, UsageQuery};

/// The other calls, in turn, with a short pause between them (a UI's pace, not a flood).
const KINDS: [&str; 5] = ["list 50 messages", "get a thread", "append a message", "search a rare word", "usage totals"];
const PAUSE: Duration = Duration::from_millis(2);

fn main() {
    let count = common::message_count_or(100_000);
    let seconds = match common::is_bench() {
        true => std::env::var("BENCH_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(20),
        false => 1, // a smoke run
    };
    let fixtures = Fixtures::load_or_build(count);
    let file = StoreSide::open(&fixtures.store);
    let rare = common::Vocabulary::new().words()[4000].clone();

    let (costliest, cost) = costliest(&file.store, &fixtures.store);
    eprintln!("costliest allowed search: {:?} ({:?}), p50 {:.0} ms", costliest.text, costliest.syntax, ms(cost));

    eprintln!("building the in-memory store of {count} messages…");
    let memory = in_memory(count);

    let duration = Duration::from_secs(seconds);
    let rows = [
        ("file, idle", others(&file, None, &rare, duration / 2)),
        ("file, costliest search looping", others(&file, Some(&costliest), &rare, duration)),
        ("memory (one connection), idle", others(&memory, None, &rare, duration / 2)),
        ("memory (one connection), costliest search looping", others(&memory, Some(&costliest), &rare, duration)),
    ];

    println!();
    println!(
        "Other calls while the costliest allowed search loops: {} messages, {} threads; the search {:?} ({} syntax) takes {:.0} ms alone (p50)",
        count,
        file.threads.len(),
        costliest.text,
        if costliest.syntax == QuerySyntax::Fts5 { "FTS5" } else { "plain" },
        ms(cost)
    );
    println!();
    println!("| store, load | call | calls | p50 | p99 | max | goal p99 ≤ 100 ms |");
    println!("| --- | --- | ---: | ---: | ---: | ---: | --- |");
    for (label, times) in &rows {
        for (kind, times) in KINDS.iter().zip(times) {
            let mut sorted = times.clone();
            sorted.sort();
            let p99 = percentile(&sorted, 99.0);
            let loaded = label.contains("looping");
            let verdict = match (loaded, p99 <= Duration::from_millis(100)) {
                (false, _) => "(floor)",
                (true, true) => "met",
                (true, false) => "missed",
            };
            println!(
                "| {label} | {kind} | {} | {:.2} ms | {:.2} ms | {:.2} ms | {verdict} |",
                sorted.len(),
                ms(percentile(&sorted, 50.0)),
                ms(p99),
                ms(percentile(&sorted, 100.0))
            );
        }
    }
}

/// The slowest of the costliest search shapes the bounds allow, and its median time.
fn costliest(store: &Store, path: &std::path::Path) -> (SearchQuery, Duration) {
    let conn = rusqlite::Connection::open(path).expect("open the fixture");
    conn.execute_batch("CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, messages_fts, row)").expect("vocab");
    let word: String =
        conn.query_row("SELECT term FROM vocabulary ORDER BY cnt DESC LIMIT 1", [], |row| row.get(0)).expect("a term");
    let prefix: String = conn
        .query_row(
            "SELECT substr(term, 1, 2) AS p FROM vocabulary WHERE length(term) >= 2 GROUP BY p ORDER BY sum(cnt) DESC LIMIT 1",
            [],
            |row| row.get(0),
        )
        .expect("a prefix");
    let repeat = |term: &str, n: usize, separator: &str| vec![term; n].join(separator);
    let mut mixed = vec![format!("{prefix}*"); QUERY_PREFIXES_MAX];
    mixed.resize(QUERY_WORDS_MAX, word.clone());
    let nested =
        (0..QUERY_DEPTH_MAX.min(QUERY_WORDS_MAX)).fold(word.clone(), |inner, _| format!("{word} OR ({inner})"));
    let candidates = [
        (QuerySyntax::Plain, repeat(&word, QUERY_WORDS_MAX, " ")),
        (QuerySyntax::Plain, mixed.join(" ")),
        (QuerySyntax::Fts5, format!("NEAR({}, 10)", repeat(&word, QUERY_WORDS_MAX, " "))),
        (QuerySyntax::Fts5, repeat(&word, QUERY_WORDS_MAX, " OR ")),
        (QuerySyntax::Fts5, nested),
    ];
    candidates
        .into_iter()
        .filter_map(|(syntax, text)| {
            let query = SearchQuery { syntax, ..SearchQuery::words(text) };
            let mut times: Vec<Duration> = (0..5)
                .filter_map(|_| {
                    let start = Instant::now();
                    store.messages().search(&query).ok().map(|_| start.elapsed())
                })
                .collect();
            times.sort();
            (!times.is_empty()).then(|| {
                let median = percentile(&times, 50.0);
                (query, median)
            })
        })
        .max_by_key(|(_, median)| *median)
        .expect("at least one allowed search")
}

/// An in-memory store with the fixture's workload: one connection for reads and writes.
fn in_memory(count: usize) -> StoreSide {
    let side = StoreSide::create_in(Store::open_in_memory().expect("open in memory"));
    let mut workload = Workload::new(1);
    let mut appended = 0;
    while appended < count {
        let batch = workload.batch(common::BATCH.min(count - appended));
        appended += side.append(&side.new_messages(&batch));
    }
    side
}

/// The times of each of [`KINDS`], made in turn for `duration`, with `search` looping on
/// another thread if given.
fn others(side: &StoreSide, search: Option<&SearchQuery>, rare: &str, duration: Duration) -> Vec<Vec<Duration>> {
    let stop = AtomicBool::new(false);
    let mut times = vec![Vec::new(); KINDS.len()];
    let rare = SearchQuery::words(rare);
    let usage = UsageQuery::by(UsageGrouping::Model);
    std::thread::scope(|scope| {
        if let Some(search) = search {
            scope.spawn(|| {
                while !stop.load(Ordering::Relaxed) {
                    side.store.messages().search(search).expect("the looping search");
                }
            });
            std::thread::sleep(Duration::from_millis(50)); // let it start
        }
        let started = Instant::now();
        let mut turn = 0;
        while started.elapsed() < duration {
            let thread = &side.threads[turn % side.threads.len()];
            let kind = turn % KINDS.len();
            let start = Instant::now();
            match kind {
                0 => drop(side.store.messages().list(thread, &PageRequest::first(PAGE)).expect("list")),
                1 => drop(side.store.threads().get(thread).expect("get")),
                2 => drop(
                    side.store
                        .messages()
                        .append_new(&NewMessage::new(thread, MessageRole::User, "ping"))
                        .expect("append"),
                ),
                3 => drop(side.store.messages().search(&rare).expect("search")),
                _ => drop(side.store.interactions().totals(&usage).expect("totals")),
            }
            times[kind].push(start.elapsed());
            turn += 1;
            std::thread::sleep(PAUSE);
        }
        stop.store(true, Ordering::Relaxed);
    });
    times
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
