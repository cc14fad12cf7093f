//! One workload run the same way natively, in Node and on OPFS in Chromium, so the browser
//! build's speed can be given as a ratio to native (docs/benchmarks.md, "The browser build").
//! It uses only the public `Store` API and `web_time` (performance.now() in wasm).
//!
//! Size: `RUNTIME_BENCH_MESSAGES` at build time (the wasm runners have no environment),
//! 2,000 when unset (the test run); `scripts/bench-browser` builds with 100,000.

use unified_store::{MessageRole, NewMessage, NewUser, NewWorkspace, SearchQuery, Store};
use web_time::Instant;

/// Messages appended, in batches of [`BATCH`].
pub fn message_count() -> usize {
    option_env!("RUNTIME_BENCH_MESSAGES").and_then(|n| n.replace('_', "").parse().ok()).unwrap_or(2_000)
}

const BATCH: usize = 10_000;
const THREADS: usize = 100;
const QUERIES: usize = 200;
const WORDS: usize = 2_000;

/// What one run measured, in milliseconds.
pub struct Figures {
    pub messages: usize,
    pub append_ms: f64,
    pub search_p50_ms: f64,
    pub search_p99_ms: f64,
}

impl Figures {
    /// One line the bench script picks up: `runtime-bench <runtime> <messages> <append> <p50> <p99>`.
    pub fn line(&self, runtime: &str) -> String {
        format!(
            "runtime-bench {runtime} {} {:.1} {:.3} {:.3}",
            self.messages, self.append_ms, self.search_p50_ms, self.search_p99_ms
        )
    }
}

#[path = "../rng.rs"]
mod rng;
use rng::Rng;

/// A word rank, Zipf-like: log-uniform over the vocabulary.
fn rank(rng: &mut Rng) -> usize {
    ((WORDS as f64).ln() * rng.unit()).exp() as usize - 1
}

/// The made-up word of rank `rank`: syllables spelled from its digits.
fn word(rank: usize) -> String {
    const SYLLABLES: [&str; 10] = ["ka", "lo", "mi", "su", "te", "ra", "no", "vi", "de", "pu"];
    let mut n = rank + 10;
    let mut word = String::new();
    while n > 0 {
        word.push_str(SYLLABLES[n % 10]);
        n /= 10;
    }
    word
}

/// Appends the workload's messages to a fresh workspace of `store`, then times its searches.
pub fn run(store: &Store) -> Figures {
    let messages = message_count();
    let mut rng = Rng::new(7);
    let user = store.users().create(&NewUser::new("bench@example.com", "Bench")).unwrap();
    let workspace = store.workspaces().create(&NewWorkspace::for_user("Bench", &user.id)).unwrap();
    let threads: Vec<String> =
        (0..THREADS).map(|i| store.threads().create(&workspace.id, &format!("T{i}")).unwrap().id).collect();
    let mut append_ms = 0.0;
    let mut done = 0;
    while done < messages {
        let batch: Vec<NewMessage> = (0..BATCH.min(messages - done))
            .map(|_| {
                let text = (0..30).map(|_| word(rank(&mut rng))).collect::<Vec<_>>().join(" ");
                NewMessage::new(&threads[rng.below(THREADS)], MessageRole::User, text)
            })
            .collect();
        let start = Instant::now();
        store.messages().append_batch(&batch).unwrap();
        append_ms += start.elapsed().as_secs_f64() * 1e3;
        done += batch.len();
    }
    let mut times: Vec<f64> = (0..QUERIES)
        .map(|i| {
            let text = if i % 2 == 0 {
                word(rank(&mut rng) + 5)
            } else {
                format!("{} {}", word(rank(&mut rng)), word(rank(&mut rng)))
            };
            let start = Instant::now();
            store.messages().search(&SearchQuery::words(text)).unwrap();
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    // The most common word is in most messages: a full page, from the store just written.
    assert_eq!(store.messages().search(&SearchQuery::words(word(0))).unwrap().len(), 20);
    let at = |p: f64| times[((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1];
    Figures { messages, append_ms, search_p50_ms: at(0.5), search_p99_ms: at(0.99) }
}
