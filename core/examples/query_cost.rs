//! What the costliest searches cost on a store of 100,000 messages, to choose the query
//! bounds of `core/src/limits.rs` (docs/decisions.md, "Query bounds"). Run it in release:
//!
//!   cargo run --release -p unified-store --example query_cost [NAME-FILTER]
//!
//! - `QUERY_COST_MESSAGES`: store size (default 100,000).
//! - `QUERY_COST_SWEEP=1`: first, searches of growing size, to see how cost grows (searches
//!   past the bounds the store enforces are refused).
//! - `QUERY_COST_BOUNDS=words,prefixes,prefix_chars,depth`: the bounds whose costliest
//!   searches to build (default: those of `limits.rs`).
//! - `QUERY_COST_LOAD=<search name>`: last, time `messages.list` while that search loops.
//!
//! It reuses the benchmark fixtures (core/benches/common), building them on first use. A
//! search the store refuses prints its error and how long refusing took.

// A measuring program run by hand: aborting on a failed call is the right way to fail.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[path = "../benches/common/mod.rs"]
#[allow(dead_code)] // this program uses part of it
mod common;

use common::{Fixtures, StoreSide, Vocabulary, percentile};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use unified_store::limits::{QUERY_DEPTH_MAX, QUERY_PREFIX_MIN_CHARS, QUERY_PREFIXES_MAX, QUERY_WORDS_MAX};
use unified_store::{PageRequest, QuerySyntax, SearchQuery};

/// Each query runs at most this many times, and stops early once this much time is spent.
const RUNS: usize = 20;
const TIME_PER_QUERY: Duration = Duration::from_secs(10);

fn main() {
    let count = match std::env::var("QUERY_COST_MESSAGES") {
        Ok(value) => value.replace('_', "").parse().expect("QUERY_COST_MESSAGES must be a whole number"),
        Err(_) => 100_000,
    };
    let only = std::env::args().nth(1);
    let fixtures = Fixtures::load_or_build(count);
    let side = StoreSide::open(&fixtures.store);
    let vocabulary = Vocabulary::new();
    let words = vocabulary.words();

    let mut cases: Vec<(String, QuerySyntax, String)> = Vec::new();
    let mut add = |name: String, syntax, text: String| cases.push((name, syntax, text));
    if std::env::var("QUERY_COST_SWEEP").is_ok() {
        sweep(words, &mut add);
    }
    let bounds = match std::env::var("QUERY_COST_BOUNDS") {
        Ok(value) => {
            let numbers: Vec<usize> = value.split(',').map(|n| n.trim().parse().expect("a number")).collect();
            numbers.try_into().expect("QUERY_COST_BOUNDS is words,prefixes,prefix_chars,depth")
        }
        Err(_) => [QUERY_WORDS_MAX, QUERY_PREFIXES_MAX, QUERY_PREFIX_MIN_CHARS, QUERY_DEPTH_MAX],
    };
    costliest(bounds, &Frequent::read(&fixtures.store, bounds[2]), &mut add);
    add("512 x a (the issue's query)".into(), QuerySyntax::Plain, vec!["a"; 512].join(" "));

    let load = || std::fs::read_to_string("/proc/loadavg").unwrap_or_default().trim().to_owned();
    println!("{count} messages; {RUNS} runs or {} s per query, whichever first", TIME_PER_QUERY.as_secs());
    println!("load average before: {}", load());
    println!("{:<48} {:>5} {:>10} {:>10} {:>5}", "query", "runs", "p50", "max", "hits");
    for (name, syntax, text) in &cases {
        if only.as_ref().is_some_and(|filter| !name.contains(filter.as_str())) {
            continue;
        }
        match time(&side, *syntax, text) {
            Ok((times, hits)) => println!(
                "{name:<48} {:>5} {:>8.1}ms {:>8.1}ms {hits:>5}",
                times.len(),
                ms(percentile(&times, 50.0)),
                ms(percentile(&times, 100.0))
            ),
            Err(error) => println!("{name:<48} {error}"),
        }
    }

    println!("load average after: {}", load());

    // The project's goal: with the costliest allowed query running in a loop, other calls
    // keep p99 <= 100 ms. Set QUERY_COST_LOAD to that query's name to measure it.
    if let Ok(load) = std::env::var("QUERY_COST_LOAD") {
        let (_, syntax, text) = cases.iter().find(|(name, ..)| *name == load).expect("QUERY_COST_LOAD names a case");
        others_under_load(&side, *syntax, text);
    }
}

/// Queries of growing size, to see how cost grows with each (`QUERY_COST_SWEEP=1`).
fn sweep(words: &[String], add: &mut impl FnMut(String, QuerySyntax, String)) {
    let top = |n: usize| words[..n].to_vec();
    let letters: Vec<String> = (b'a'..=b'z').map(|c| char::from(c).to_string()).collect();
    add("one rare word".into(), QuerySyntax::Plain, words[4000].clone());
    for n in [1, 2, 4, 6, 8, 10, 12, 16, 24, 32, 64] {
        add(format!("{n} x the"), QuerySyntax::Plain, repeat("the", n, " "));
        add(format!("top {n} words"), QuerySyntax::Plain, top(n).join(" "));
        add(format!("fts5: {n} x the OR'd"), QuerySyntax::Fts5, repeat("the", n, " OR "));
        add(format!("fts5: top {n} words OR'd"), QuerySyntax::Fts5, top(n).join(" OR "));
    }
    for n in [16, 32, 64, 128, 512] {
        let cycled = letters.iter().cycle().take(n).cloned().collect::<Vec<_>>();
        add(format!("{n} one-letter words (a..z cycled)"), QuerySyntax::Plain, cycled.join(" "));
        add(format!("{n} x a"), QuerySyntax::Plain, repeat("a", n, " "));
    }
    for prefix in ["a", "t", "w", "s", "c", "wo", "th", "re", "co", "wor"] {
        add(format!("prefix {prefix}*"), QuerySyntax::Plain, format!("{prefix}*"));
    }
    let two = ["th", "co", "re", "wo", "se", "pr", "st", "ma", "te", "in", "de", "ca", "pa", "bu", "me", "sc"];
    for n in [1, 2, 4, 6, 8, 16] {
        let one_letter = letters[..n].iter().map(|l| format!("{l}*")).collect::<Vec<_>>();
        let two_letter = two[..n].iter().map(|p| format!("{p}*")).collect::<Vec<_>>();
        add(format!("{n} one-letter prefixes"), QuerySyntax::Plain, one_letter.join(" "));
        add(format!("{n} two-letter prefixes"), QuerySyntax::Plain, two_letter.join(" "));
        add(format!("{n} x t*"), QuerySyntax::Plain, repeat("t*", n, " "));
        add(format!("{n} x th*"), QuerySyntax::Plain, repeat("th*", n, " "));
        add(format!("fts5: {n} one-letter prefixes OR'd"), QuerySyntax::Fts5, one_letter.join(" OR "));
        add(format!("fts5: {n} two-letter prefixes OR'd"), QuerySyntax::Fts5, two_letter.join(" OR "));
        add(format!("fts5: {n} x t* OR'd"), QuerySyntax::Fts5, repeat("t*", n, " OR "));
        add(format!("fts5: {n} x th* OR'd"), QuerySyntax::Fts5, repeat("th*", n, " OR "));
    }
    for n in [4, 8, 16, 32] {
        add(format!("fts5: NEAR of {n} x the"), QuerySyntax::Fts5, format!("NEAR({}, 10)", repeat("the", n, " ")));
        add(format!("fts5: phrase of {n} x the"), QuerySyntax::Fts5, format!("\"{}\"", repeat("the", n, " ")));
    }
    for depth in [4, 16, 32, 48, 64, 128] {
        add(
            format!("fts5: depth {depth}, ((((the))))"),
            QuerySyntax::Fts5,
            format!("{}the{}", "(".repeat(depth), ")".repeat(depth)),
        );
        add(
            format!("fts5: depth {depth}, the OR (the OR (...))"),
            QuerySyntax::Fts5,
            nested(&vec!["the".to_owned(); depth]),
        );
    }
}

/// The costliest queries the bounds allow, as the sweep found them: the most frequent word
/// repeated (alone, OR'd, in NEAR, nested), the most frequent shortest prefix repeated, and
/// the first query past each bound, which must be refused.
fn costliest(bounds: [usize; 4], frequent: &Frequent, add: &mut impl FnMut(String, QuerySyntax, String)) {
    let [words, prefixes, prefix_chars, depth] = bounds;
    let (word, prefix) = (frequent.word.as_str(), format!("{}*", frequent.prefix));
    println!("costliest allowed at {words} words, {prefixes} prefixes of {prefix_chars}+ characters, depth {depth}");
    let mixed = |separator: &str| {
        let mut terms = vec![prefix.as_str(); prefixes.min(words)];
        terms.resize(words, word);
        terms.join(separator)
    };
    add(format!("baseline: {word}"), QuerySyntax::Plain, word.to_owned());
    add(format!("plain: {words} x {word}"), QuerySyntax::Plain, repeat(word, words, " "));
    add(format!("plain: {words} x a"), QuerySyntax::Plain, repeat("a", words, " "));
    add(format!("plain: {prefixes} x {prefix}, rest {word}"), QuerySyntax::Plain, mixed(" "));
    add(format!("fts5: {words} x {word} OR'd"), QuerySyntax::Fts5, repeat(word, words, " OR "));
    add(format!("fts5: {prefixes} x {prefix} OR'd, rest {word}"), QuerySyntax::Fts5, mixed(" OR "));
    add(
        format!("fts5: top {words} words OR'd"),
        QuerySyntax::Fts5,
        frequent.top[..words.min(frequent.top.len())].join(" OR "),
    );
    add(
        format!("fts5: NEAR of {words} x {word}"),
        QuerySyntax::Fts5,
        format!("NEAR({}, 10)", repeat(word, words, " ")),
    );
    let levels = depth.min(words);
    add(
        format!("fts5: depth {levels}, {word} OR ({word} OR (...))"),
        QuerySyntax::Fts5,
        nested(&vec![word.to_owned(); levels]),
    );
    // One past each bound.
    add(format!("past: plain {} x {word}", words + 1), QuerySyntax::Plain, repeat(word, words + 1, " "));
    add(format!("past: plain {} x {prefix}", prefixes + 1), QuerySyntax::Plain, repeat(&prefix, prefixes + 1, " "));
    let short = &frequent.prefix[..prefix_chars.saturating_sub(1).min(frequent.prefix.len())];
    add(format!("past: plain {short}*"), QuerySyntax::Plain, format!("{short}*"));
    add(
        format!("past: fts5 depth {}", depth + 1),
        QuerySyntax::Fts5,
        format!("{}{word}{}", "(".repeat(depth + 1), ")".repeat(depth + 1)),
    );
}

/// What costs most in this store: its most frequent words and its most frequent prefix of
/// the shortest allowed length, read from the FTS index itself.
struct Frequent {
    word: String,
    prefix: String,
    top: Vec<String>,
}

impl Frequent {
    fn read(path: &std::path::Path, prefix_chars: usize) -> Self {
        let conn = rusqlite::Connection::open(path).expect("open the fixture");
        conn.execute_batch("CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, messages_fts, row)")
            .expect("fts5vocab");
        let mut stmt = conn.prepare("SELECT term FROM vocabulary ORDER BY cnt DESC LIMIT 16").expect("prepare");
        let top: Vec<String> =
            stmt.query_map([], |row| row.get(0)).expect("read").map(|t| t.expect("a term")).collect();
        let prefix = conn
            .query_row(
                "SELECT substr(term, 1, ?1) AS p FROM vocabulary WHERE length(term) >= ?1 GROUP BY p ORDER BY sum(cnt) DESC LIMIT 1",
                [prefix_chars as i64],
                |row| row.get(0),
            )
            .expect("the most frequent prefix");
        let version: String = conn.query_row("SELECT sqlite_version()", [], |row| row.get(0)).expect("version");
        println!("SQLite {version}");
        Self { word: top[0].clone(), prefix, top }
    }
}

fn repeat(word: &str, n: usize, separator: &str) -> String {
    vec![word; n].join(separator)
}

/// `the OR (to OR (and OR (...)))`: one more level of parentheses per word.
fn nested(words: &[String]) -> String {
    match words {
        [] => String::new(),
        [last] => last.clone(),
        [first, rest @ ..] => format!("{first} OR ({})", nested(rest)),
    }
}

fn query(syntax: QuerySyntax, text: &str) -> SearchQuery {
    SearchQuery { syntax, ..SearchQuery::words(text) }
}

fn time(side: &StoreSide, syntax: QuerySyntax, text: &str) -> Result<(Vec<Duration>, usize), String> {
    let query = query(syntax, text);
    let mut times = Vec::new();
    let mut hits = 0;
    let started = Instant::now();
    // One run first, so the page cache is warm; timed only when refused.
    let start = Instant::now();
    side.store
        .messages()
        .search(&query)
        .map_err(|e| format!("refused in {:.0} µs: {e}", ms(start.elapsed()) * 1000.0))?;
    while times.is_empty() || (times.len() < RUNS && started.elapsed() < TIME_PER_QUERY) {
        let start = Instant::now();
        hits = side.store.messages().search(&query).map_err(|e| e.to_string())?.len();
        times.push(start.elapsed());
    }
    times.sort();
    Ok((times, hits))
}

/// Lists thread pages (the call an app makes most) while another thread runs `text` in a
/// loop on the same store, and prints the lists' p50/p99/max.
fn others_under_load(side: &StoreSide, syntax: QuerySyntax, text: &str) {
    let query = query(syntax, text);
    let stop = AtomicBool::new(false);
    let mut times = Vec::new();
    std::thread::scope(|scope| {
        scope.spawn(|| {
            while !stop.load(Ordering::Relaxed) {
                side.store.messages().search(&query).expect("the loaded search");
            }
        });
        let started = Instant::now();
        let mut thread = 0;
        while started.elapsed() < Duration::from_secs(20) {
            let start = Instant::now();
            side.store.messages().list(&side.threads[thread], &PageRequest::first(common::PAGE)).expect("list");
            times.push(start.elapsed());
            thread = (thread + 1) % side.threads.len();
            std::thread::sleep(Duration::from_millis(5));
        }
        stop.store(true, Ordering::Relaxed);
    });
    times.sort();
    println!(
        "list_50 while searching {text:?} in a loop: {} calls, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        times.len(),
        ms(percentile(&times, 50.0)),
        ms(percentile(&times, 99.0)),
        ms(percentile(&times, 100.0))
    );
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
