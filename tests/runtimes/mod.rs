//! One workload run the same way natively, in Node and on OPFS in Chromium, so the browser
//! build's speed can be given as a ratio to native (docs/benchmarks.md, "The browser build").
//! It uses only the public `Store` API and `web_time` (performance.now() in wasm).
//!
//! Size: `RUNTIME_BENCH_MESSAGES` at build time (the wasm runners have no environment),
//! 2,000 when unset (the test run); `scripts/bench-browser` builds with 100,000. Vectors:
//! `RUNTIME_BENCH_VECTORS` of `RUNTIME_BENCH_DIMS` values (1,200 of 64 when unset).

use unified_store::{
    MessageRole, NewEmbedding, NewMessage, NewUser, NewWorkspace, NoProgress, OwnerKind, SearchQuery, Store,
    VectorQuery,
};
use web_time::Instant;

/// Messages appended, in batches of [`BATCH`].
pub fn message_count() -> usize {
    option_env!("RUNTIME_BENCH_MESSAGES").and_then(|n| n.replace('_', "").parse().ok()).unwrap_or(2_000)
}

/// Vectors stored, one per message (at most as many as messages).
fn vector_count() -> usize {
    option_env!("RUNTIME_BENCH_VECTORS").and_then(|n| n.replace('_', "").parse().ok()).unwrap_or(1_200)
}

fn dims() -> usize {
    option_env!("RUNTIME_BENCH_DIMS").and_then(|n| n.parse().ok()).unwrap_or(64)
}

const BATCH: usize = 10_000;
/// Vectors per `upsert_batch`.
const VECTOR_BATCH: usize = 1_000;
const THREADS: usize = 100;
const QUERIES: usize = 200;
const WORDS: usize = 2_000;

/// What one run measured, in milliseconds.
pub struct Figures {
    pub messages: usize,
    pub append_ms: f64,
    pub search_p50_ms: f64,
    pub search_p99_ms: f64,
    pub vectors: usize,
    pub upsert_ms: f64,
    pub optimize_ms: f64,
    pub vector_p50_ms: f64,
    pub vector_p99_ms: f64,
}

impl Figures {
    /// One line the bench script picks up: `runtime-bench <runtime> <messages> <append> <p50>
    /// <p99> <vectors> <upsert> <optimize> <vector p50> <vector p99>`.
    pub fn line(&self, runtime: &str) -> String {
        format!(
            "runtime-bench {runtime} {} {:.1} {:.3} {:.3} {} {:.1} {:.1} {:.3} {:.3}",
            self.messages,
            self.append_ms,
            self.search_p50_ms,
            self.search_p99_ms,
            self.vectors,
            self.upsert_ms,
            self.optimize_ms,
            self.vector_p50_ms,
            self.vector_p99_ms
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
    let mut ids = Vec::new();
    while done < messages {
        let batch: Vec<NewMessage> = (0..BATCH.min(messages - done))
            .map(|_| {
                let text = (0..30).map(|_| word(rank(&mut rng))).collect::<Vec<_>>().join(" ");
                NewMessage::new(&threads[rng.below(THREADS)], MessageRole::User, text)
            })
            .collect();
        let start = Instant::now();
        let appended = store.messages().append_batch(&batch).unwrap();
        append_ms += start.elapsed().as_secs_f64() * 1e3;
        ids.extend(appended.into_iter().map(|m| m.id).take(vector_count().saturating_sub(ids.len())));
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
    let (search_p50_ms, search_p99_ms) = (percentile(&times, 0.5), percentile(&times, 0.99));
    let vectors = vector_searches(store, &ids, &mut rng);
    Figures { messages, append_ms, search_p50_ms, search_p99_ms, ..vectors }
}

/// `p` of sorted `times`.
fn percentile(times: &[f64], p: f64) -> f64 {
    times[((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1]
}

/// Stores a clustered vector for each of `ids`, builds the index, then times top-10 searches.
fn vector_searches(store: &Store, ids: &[String], rng: &mut Rng) -> Figures {
    let dims = dims();
    let centres: Vec<Vec<f32>> = (0..50).map(|_| (0..dims).map(|_| rng.gauss()).collect()).collect();
    let draw =
        |rng: &mut Rng| -> Vec<f32> { centres[rng.below(centres.len())].iter().map(|c| c + rng.gauss()).collect() };
    let mut upsert_ms = 0.0;
    for chunk in ids.chunks(VECTOR_BATCH) {
        let batch: Vec<NewEmbedding> =
            chunk.iter().map(|id| NewEmbedding::new(OwnerKind::Message, id, "messages", "bench", draw(rng))).collect();
        let start = Instant::now();
        store.embeddings().upsert_batch(&batch).unwrap();
        upsert_ms += start.elapsed().as_secs_f64() * 1e3;
    }
    let start = Instant::now();
    store.embeddings().optimize("messages", "bench", &NoProgress).unwrap();
    let optimize_ms = start.elapsed().as_secs_f64() * 1e3;
    let mut times: Vec<f64> = (0..QUERIES)
        .map(|_| {
            let query = VectorQuery::new("messages", "bench", draw(rng), 10);
            let start = Instant::now();
            assert_eq!(store.embeddings().search(&query).unwrap().len(), 10.min(ids.len()));
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    Figures {
        messages: 0,
        append_ms: 0.0,
        search_p50_ms: 0.0,
        search_p99_ms: 0.0,
        vectors: ids.len(),
        upsert_ms,
        optimize_ms,
        vector_p50_ms: percentile(&times, 0.5),
        vector_p99_ms: percentile(&times, 0.99),
    }
}
