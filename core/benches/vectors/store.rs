//! The index inside a store, as an app uses it: vectors stored in batches, the graph built
//! and saved, searches through the rows (liveness and filters checked, int8 rescored), the
//! store opened again (nothing loads at open) and its first search, memory per vector.

use crate::data::{Data, K, percentile_ms, recall};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::time::Instant;
use unified_store::{
    HybridQuery, IndexSettings, MessageRole, NewEmbedding, NewMessage, NewUser, NewWorkspace, NoProgress, OwnerKind,
    Store, StoreConfig, VectorFilter, VectorPrecision, VectorQuery,
};

/// Threads the messages are spread over: a thread filter admits 1% of the vectors.
const THREADS: usize = 100;
/// Vectors per `upsert_batch` call.
const BATCH: usize = 1_000;
const COLLECTION: &str = "messages";
const MODEL: &str = "all-MiniLM-L6-v2";

pub fn run(data: &Data) -> Vec<Value> {
    let n = data.base.len();
    let dir = tempfile::tempdir_in(std::env::temp_dir()).unwrap();
    let path = dir.path().join("vectors.db").to_string_lossy().into_owned();
    let real = !data.synthetic;
    let texts = lines(real, &data.dir.join("base.txt"), n, |i| format!("message {i}"));
    // A search box gets a few words: the first three of each query passage.
    let query_texts: Vec<String> =
        lines(real, &data.dir.join("queries.txt"), data.queries.len(), |_| "message".to_owned())
            .iter()
            .map(|text| {
                text.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() > 2).take(3).collect::<Vec<_>>().join(" ")
            })
            .map(|words| if words.is_empty() { "message".to_owned() } else { words })
            .collect();

    let store = Store::open(&StoreConfig::file(&path)).unwrap();
    let user = store.users().create(&NewUser::new("bench@example.com", "Bench")).unwrap();
    let workspace = store.workspaces().create(&NewWorkspace::for_user("Bench", &user.id)).unwrap();
    let threads: Vec<String> =
        (0..THREADS).map(|t| store.threads().create(&workspace.id, &format!("t{t}")).unwrap().id).collect();
    let mut ids = Vec::with_capacity(n);
    for (chunk, offset) in texts.chunks(10_000).zip((0..).step_by(10_000)) {
        let batch: Vec<NewMessage> = chunk
            .iter()
            .enumerate()
            .map(|(i, text)| NewMessage::new(&threads[(offset + i) % THREADS], MessageRole::User, text.as_str()))
            .collect();
        ids.extend(store.messages().append_batch(&batch).unwrap().into_iter().map(|m| m.id));
    }
    let index_of: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();

    let start = Instant::now();
    for (chunk, offset) in data.base.chunks(BATCH).zip((0..).step_by(BATCH)) {
        let batch: Vec<NewEmbedding> = chunk
            .iter()
            .enumerate()
            .map(|(i, v)| NewEmbedding::new(OwnerKind::Message, &ids[offset + i], COLLECTION, MODEL, v.as_slice()))
            .collect();
        store.embeddings().upsert_batch(&batch).unwrap();
    }
    let upsert_s = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let info = store.embeddings().optimize(COLLECTION, MODEL, &NoProgress).unwrap();
    let optimize_s = start.elapsed().as_secs_f64();
    let f32_bytes = info.memory_bytes as f64 / n as f64;
    let searching = Searching { store: &store, data, index_of: &index_of, threads: &threads, texts: &query_texts };
    let plain = searching.timed(Kind::Plain);
    let filtered = searching.timed(Kind::Thread);
    let hybrid = searching.timed(Kind::Hybrid);
    store.close().unwrap();
    let file_bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);

    let start = Instant::now();
    let store = Store::open(&StoreConfig::file(&path)).unwrap();
    let open_ms = start.elapsed().as_secs_f64() * 1e3;
    let query = VectorQuery::new(COLLECTION, MODEL, data.queries[0].as_slice(), K as u32);
    let start = Instant::now();
    store.embeddings().search(&query).unwrap();
    let first_ms = start.elapsed().as_secs_f64() * 1e3;
    let start = Instant::now();
    store.embeddings().search(&query).unwrap();
    let second_ms = start.elapsed().as_secs_f64() * 1e3;

    let int8 = IndexSettings { precision: VectorPrecision::Int8, memory_budget_bytes: None };
    store.embeddings().configure(COLLECTION, MODEL, &int8).unwrap();
    let start = Instant::now();
    let info8 = store.embeddings().optimize(COLLECTION, MODEL, &NoProgress).unwrap();
    let optimize8_s = start.elapsed().as_secs_f64();
    let int8_bytes = info8.memory_bytes as f64 / n as f64;
    let searching = Searching { store: &store, ..searching };
    let quantized = searching.timed(Kind::Plain);
    store.close().unwrap();

    println!();
    println!(
        "store: {n} vectors of messages in {THREADS} threads, a file store, {} queries, top {K}",
        data.queries.len()
    );
    println!();
    println!("| store call | figure |");
    println!("| --- | ---: |");
    println!("| upsert_batch ({BATCH} per call) | {:.0} vectors/s ({upsert_s:.1} s) |", n as f64 / upsert_s);
    println!("| optimize: build and save the graph, f32 | {optimize_s:.1} s |");
    println!("| file size after (rows + saved graph) | {:.0} MB |", file_bytes as f64 / 1e6);
    println!("| Store::open with {n} vectors | {open_ms:.1} ms |");
    println!("| first search after open (loads the saved graph) | {first_ms:.0} ms |");
    println!("| the search again | {second_ms:.2} ms |");
    for (name, row) in
        [("search f32", &plain), ("search, thread filter (1%)", &filtered), ("hybrid (words + vector)", &hybrid)]
            .into_iter()
            .chain([("search int8, rescored", &quantized)])
    {
        println!("| {name}: p50 / p99, recall@{K} | {} |", row.row());
    }
    println!("| memory per vector, f32 / int8 | {f32_bytes:.0} / {int8_bytes:.0} bytes |");
    println!("| optimize, int8 | {optimize8_s:.1} s |");

    vec![json!({
        "n": n, "upsert_per_s": n as f64 / upsert_s, "optimize_s": optimize_s, "optimize_int8_s": optimize8_s,
        "open_ms": open_ms, "first_search_ms": first_ms, "second_search_ms": second_ms,
        "bytes_per_vector_f32": f32_bytes, "bytes_per_vector_int8": int8_bytes, "file_bytes": file_bytes,
        "search": plain.json(), "thread_filter": filtered.json(), "hybrid": hybrid.json(), "search_int8": quantized.json(),
    })]
}

/// `n` lines of `path` when `real`, or `fallback(i)` for each when not or it cannot be read.
fn lines(real: bool, path: &std::path::Path, n: usize, fallback: impl Fn(usize) -> String) -> Vec<String> {
    match std::fs::read_to_string(path).ok().filter(|_| real) {
        Some(text) if text.lines().count() >= n => text.lines().take(n).map(str::to_owned).collect(),
        _ => (0..n).map(fallback).collect(),
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Plain,
    Thread,
    Hybrid,
}

struct Searching<'a> {
    store: &'a Store,
    data: &'a Data,
    index_of: &'a HashMap<&'a str, usize>,
    threads: &'a [String],
    texts: &'a [String],
}

struct Timing {
    p50: f64,
    p99: f64,
    /// Against the exact vector neighbours; none for hybrid search, whose answer is not theirs.
    recall: Option<f64>,
}

impl Timing {
    fn json(&self) -> Value {
        json!({ "p50_ms": self.p50, "p99_ms": self.p99, "recall": self.recall })
    }

    fn row(&self) -> String {
        let recall = self.recall.map_or("—".to_owned(), |r| format!("{r:.4}"));
        format!("{:.2} / {:.2} ms, {recall}", self.p50, self.p99)
    }
}

impl Searching<'_> {
    /// Every query once: latency percentiles and recall against the exact neighbours (for a
    /// thread filter, the exact neighbours in that thread).
    fn timed(&self, kind: Kind) -> Timing {
        let (mut times, mut recalls) = (Vec::new(), Vec::new());
        for (q, vector) in self.data.queries.iter().enumerate() {
            let thread = q % self.threads.len();
            let mut query = VectorQuery::new(COLLECTION, MODEL, vector.as_slice(), K as u32);
            if let Kind::Thread = kind {
                query.filter = VectorFilter { thread_id: Some(self.threads[thread].clone()), ..Default::default() };
            }
            let start = Instant::now();
            let found: Vec<usize> = match kind {
                Kind::Hybrid => {
                    let hybrid = HybridQuery { text: self.texts[q].clone(), vector: query };
                    let hits = self.store.embeddings().hybrid_search(&hybrid).unwrap();
                    hits.iter().filter_map(|hit| self.index_of.get(hit.owner_id.as_str()).copied()).collect()
                }
                _ => {
                    let hits = self.store.embeddings().search(&query).unwrap();
                    hits.iter().filter_map(|hit| self.index_of.get(hit.owner_id.as_str()).copied()).collect()
                }
            };
            times.push(start.elapsed().as_secs_f64());
            let truth = match kind {
                Kind::Thread => exact_in_thread(self.data, vector, thread, self.threads.len()),
                _ => self.data.truth[q].clone(),
            };
            recalls.push(recall(&found, &truth));
        }
        let recall = recalls.iter().sum::<f64>() / recalls.len().max(1) as f64;
        let recall = (!matches!(kind, Kind::Hybrid)).then_some(recall);
        Timing { p50: percentile_ms(&mut times, 0.5), p99: percentile_ms(&mut times, 0.99), recall }
    }
}

/// The exact top-[`K`] among vectors `i` with `i % threads == thread`.
fn exact_in_thread(data: &Data, query: &[f32], thread: usize, threads: usize) -> Vec<usize> {
    let mut scored: Vec<(f32, usize)> = (thread..data.base.len())
        .step_by(threads)
        .map(|i| (query.iter().zip(&data.base[i]).map(|(a, b)| a * b).sum(), i))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(K).map(|(_, i)| i).collect()
}
