//! The in-memory vector index: one per (collection, model), over unit vectors keyed by the
//! `embeddings` rowid. No SQLite here; the store feeds it rows and persists its bytes.
//!
//! Shape (docs/decisions.md, "Our own HNSW for the vector index"): every vector sits in a
//! *slot* (contiguous `f32`, or int8 with a per-vector scale). Slots `0..g` are linked in an
//! HNSW graph ([`graph`]); slots `g..` are the *buffer*, vectors inserted since, searched
//! exactly. `remove` and replacing a key leave a *tombstone*: the slot stays in the graph (the
//! walk still passes through it) but is never returned. Below [`EXACT_THRESHOLD`] live
//! vectors no graph is built and every search is exact (identical to [`VectorIndex::exact`]).
//! One kernel ([`kernel::dot`], or its int8 form) scores every path.
//!
//! Maintenance, in bounded steps ([`VectorIndex::maintain`]): link buffered vectors into the
//! graph (`budget` insertions per call), and when tombstones pass
//! `max(MIN_TOMBSTONES, slots / 5)` rebuild without them. A rebuild is a [`RebuildJob`]: a
//! snapshot of the live vectors that builds a new graph on its own while the old one keeps
//! serving; installing it carries over the inserts and removes made in the meantime.
//!
//! Driving it:
//! - Natively, from a background thread:
//!   ```ignore
//!   loop {
//!       // Link the buffer in short write-locked steps (256 insertions ≈ a few ms at 384-d).
//!       while index.write().maintain_buffer(256) {}
//!       // Rebuild off-lock: snapshot under the read lock, build with no lock, swap in.
//!       if let Some(job) = index.read().prepare_rebuild() {
//!           let built = job.run();                 // seconds at 100k; searches go on
//!           index.write().install(built);          // O(n) moves; false if stale, just retry
//!       }
//!       // sleep until the store signals new inserts/removes
//!   }
//!   ```
//! - On wasm (no threads): call `index.write().maintain(budget)` between calls while it
//!   returns true. It does both jobs itself, stepping an internal rebuild by `budget`
//!   insertions a call while the old graph serves, so each pause is bounded by `budget`
//!   insertions (about 0.1–0.3 ms each at 384-d natively; count 2–3× in the browser), plus,
//!   once per rebuild, the snapshot copy (a memcpy of the vectors) and the final install.
//!
//! Int8: scores are approximate (`dot_i8 · scale_q · scale_v`); the store rescores the top
//! candidates (ask for ~4·k) in f32 from the rows.

mod bytes;
pub(crate) mod graph;
pub(crate) mod kernel;
mod quant;
#[cfg(test)]
mod tests;

use graph::{Graph, Scored};
use quant::Vectors;
use std::collections::{BinaryHeap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};

pub(crate) use kernel::{dot, normalize};

/// The embeddings row's rowid.
pub(crate) type Key = i64;

/// One result: `score` is the cosine similarity (dot of unit vectors), higher is better.
/// Approximate with [`Precision::Int8`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Hit {
    /// The embeddings row's rowid.
    pub key: Key,
    /// Cosine similarity.
    pub score: f32,
}

/// How vectors are held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Precision {
    /// As given: 4 bytes a component.
    F32,
    /// One byte a component plus one `f32` scale per vector; approximate scores.
    Int8,
}

/// Below this many live vectors no graph is built and every search is exact: a scan of this
/// many 384-d vectors takes as long as a graph search at ef 64 (the vectors bench: 105 µs vs
/// 114 µs at 1,000; 204 µs vs 125 µs at 2,000).
pub(crate) const EXACT_THRESHOLD: usize = 1_000;
/// A rebuild starts once tombstones pass `max(MIN_TOMBSTONES, slots / 5)`.
pub(crate) const MIN_TOMBSTONES: usize = 1_024;
/// Seed of the level hash: the same inserts in the same order give the same graph.
const SEED: u64 = 0x5553_5452_5643_5452;

/// Each index and each rebuild of one gets a distinct id, so a stale [`Built`] is refused.
fn next_generation() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, AtomicOrdering::Relaxed)
}

/// An HNSW graph, an exact buffer and tombstones over unit vectors. `Send + Sync`.
#[derive(Debug)]
pub(crate) struct VectorIndex {
    vectors: Vectors,
    keys: Vec<Key>,
    dead: Vec<bool>,
    graph: Graph,
    slot_of: HashMap<Key, u32>,
    dead_count: usize,
    generation: u64,
    /// Below this many live vectors: no graph, exact search.
    threshold: usize,
    /// A rebuild that `maintain` steps (wasm's path; natively the store runs jobs itself).
    pending: Option<RebuildJob>,
}

/// A rebuild in progress: owns a snapshot of the live vectors and builds its graph alone.
/// `Send`; run it off-lock ([`RebuildJob::run`]) or in steps ([`RebuildJob::step`]).
#[derive(Debug)]
pub(crate) struct RebuildJob {
    generation: u64,
    /// Slots of the source index when the snapshot was taken.
    source_slots: usize,
    /// For each new slot, the source slot it came from.
    from: Vec<u32>,
    keys: Vec<Key>,
    vectors: Vectors,
    graph: Graph,
    /// Whether the snapshot is large enough to be linked at all.
    link: bool,
    threshold: usize,
}

/// A finished rebuild, for [`VectorIndex::install`].
#[derive(Debug)]
pub(crate) struct Built(RebuildJob);

impl RebuildJob {
    /// Links up to `budget` more vectors; true while work remains.
    pub fn step(&mut self, budget: usize) -> bool {
        if !self.link {
            return false;
        }
        for _ in 0..budget.max(1) {
            if self.graph.len() >= self.keys.len() {
                break;
            }
            self.graph.insert_next(&self.vectors);
        }
        self.graph.len() < self.keys.len()
    }

    /// Runs the job to the end (natively, on a background thread with no lock held; the
    /// browser, without threads, steps it through `maintain` instead).
    #[cfg_attr(target_family = "wasm", allow(dead_code))]
    pub fn run(mut self) -> Built {
        while self.step(4_096) {}
        Built(self)
    }

    /// The job as finished so far (`install` refuses an unfinished one).
    pub fn finish(self) -> Built {
        Built(self)
    }
}

/// A bounded "best k" collector.
struct TopK {
    k: usize,
    heap: BinaryHeap<std::cmp::Reverse<Scored>>,
}

impl TopK {
    fn new(k: usize) -> Self {
        Self { k, heap: BinaryHeap::with_capacity(k + 1) }
    }
    #[inline]
    fn push(&mut self, s: Scored) {
        if self.heap.len() < self.k {
            self.heap.push(std::cmp::Reverse(s));
        } else if let Some(worst) = self.heap.peek()
            && s > worst.0
        {
            self.heap.pop();
            self.heap.push(std::cmp::Reverse(s));
        }
    }
    fn into_sorted(self) -> Vec<Scored> {
        let mut out: Vec<Scored> = self.heap.into_iter().map(|r| r.0).collect();
        out.sort_unstable_by(|a, b| b.cmp(a));
        out
    }
}

impl VectorIndex {
    /// An empty index of `dims`-dimensional vectors.
    pub fn new(dims: usize, precision: Precision) -> Self {
        Self::with_params(dims, precision, EXACT_THRESHOLD, graph::EF_CONSTRUCTION)
    }

    /// An empty index with another exact threshold and `ef_construction` (tests, benches).
    pub fn with_params(dims: usize, precision: Precision, exact_threshold: usize, ef_construction: usize) -> Self {
        Self {
            vectors: Vectors::new(dims, precision),
            keys: Vec::new(),
            dead: Vec::new(),
            graph: Graph::new(SEED, ef_construction),
            slot_of: HashMap::new(),
            dead_count: 0,
            generation: next_generation(),
            threshold: exact_threshold,
            pending: None,
        }
    }

    /// Components per vector.
    pub fn dims(&self) -> usize {
        self.vectors.dims()
    }

    /// How vectors are held.
    pub fn precision(&self) -> Precision {
        self.vectors.precision()
    }

    /// Live vectors.
    pub fn len(&self) -> usize {
        self.slot_of.len()
    }

    /// Vectors, graph, keys, tombstones and the key map (an estimate of the map's buckets),
    /// plus a rebuild in progress.
    pub fn memory_bytes(&self) -> usize {
        let own = self.vectors.memory_bytes()
            + self.graph.memory_bytes()
            + self.keys.capacity() * 8
            + self.dead.capacity()
            + self.slot_of.capacity() * (8 + 4 + 1) * 8 / 7;
        let pending = self.pending.as_ref().map_or(0, |job| {
            job.vectors.memory_bytes() + job.graph.memory_bytes() + job.keys.capacity() * 8 + job.from.capacity() * 4
        });
        own + pending
    }

    /// Whether `key` is live.
    pub fn contains(&self, key: Key) -> bool {
        self.slot_of.contains_key(&key)
    }

    /// Adds `unit` (already normalised, `dims` long) under `key`, replacing a present one.
    /// Cheap: it goes to the buffer. A vector of the wrong length is ignored (debug builds
    /// assert).
    pub fn insert(&mut self, key: Key, unit: &[f32]) {
        debug_assert_eq!(unit.len(), self.dims(), "vector of the wrong length");
        if unit.len() != self.dims() || self.keys.len() >= u32::MAX as usize {
            return;
        }
        self.remove(key);
        let slot = self.keys.len() as u32;
        // Grow by an eighth rather than doubling: at most 12.5% slack in the largest arrays.
        if self.keys.len() == self.keys.capacity() {
            let more = (self.keys.len() / 8).max(64);
            self.keys.reserve_exact(more);
            self.dead.reserve_exact(more);
            self.vectors.reserve(more);
        }
        self.vectors.push(unit);
        self.keys.push(key);
        self.dead.push(false);
        self.slot_of.insert(key, slot);
    }

    /// Removes `key`; false if it was not there. Cheap: leaves a tombstone.
    pub fn remove(&mut self, key: Key) -> bool {
        match self.slot_of.remove(&key) {
            Some(slot) => {
                if let Some(d) = self.dead.get_mut(slot as usize) {
                    *d = true;
                }
                self.dead_count += 1;
                true
            }
            None => false,
        }
    }

    /// Every live key, in slot order.
    pub fn keys(&self) -> impl Iterator<Item = Key> + '_ {
        self.keys.iter().zip(&self.dead).filter(|(_, d)| !**d).map(|(k, _)| *k)
    }

    fn hit(&self, s: Scored) -> Hit {
        Hit { key: self.keys.get(s.slot as usize).copied().unwrap_or_default(), score: s.score }
    }

    #[inline]
    fn admits(&self, slot: u32, accept: &dyn Fn(Key) -> bool) -> bool {
        match (self.dead.get(slot as usize), self.keys.get(slot as usize)) {
            (Some(false), Some(&key)) => accept(key),
            _ => false,
        }
    }

    /// Best `k` of slots `range` that `accept` admits, exactly.
    fn scan(
        &self,
        q: &quant::Query<'_>,
        k: usize,
        range: std::ops::Range<usize>,
        accept: &dyn Fn(Key) -> bool,
    ) -> TopK {
        let mut top = TopK::new(k);
        for slot in range {
            if self.admits(slot as u32, accept) {
                top.push(Scored { score: self.vectors.score(q, slot), slot: slot as u32 });
            }
        }
        top
    }

    /// Best `k` live vectors among those `accept` admits, best first. Exact below
    /// [`EXACT_THRESHOLD`] live vectors (identical to [`exact`](Self::exact)); otherwise the
    /// graph walk at `max(ef, k)` merged with an exact scan of the buffer, and exact again if
    /// that found fewer than `k` (a filter admitting few vectors). A query of the wrong length
    /// gives no hits.
    pub fn search(&self, query: &[f32], k: usize, ef: usize, accept: &dyn Fn(Key) -> bool) -> Vec<Hit> {
        debug_assert_eq!(query.len(), self.dims(), "query of the wrong length");
        let k = k.min(self.len());
        if k == 0 || query.len() != self.dims() {
            return Vec::new();
        }
        if self.len() < self.threshold || self.graph.len() == 0 {
            return self.exact(query, k, accept);
        }
        let q = self.vectors.query(query);
        let ef = ef.max(k).min(self.keys.len());
        let admit = |slot: u32| self.admits(slot, accept);
        // A filter admitting few vectors makes the walk cover the whole graph; past this many
        // scores an exact scan is cheaper.
        let max_visits = (self.graph.len() / 4).max(ef.saturating_mul(32));
        let mut top = TopK::new(k);
        for s in self.graph.search(&self.vectors, &q, ef, &admit, max_visits) {
            top.push(s);
        }
        for s in self.scan(&q, k, self.graph.len()..self.keys.len(), accept).into_sorted() {
            top.push(s);
        }
        if top.heap.len() < k {
            return self.exact(query, k, accept);
        }
        top.into_sorted().into_iter().map(|s| self.hit(s)).collect()
    }

    /// Exact best `k` among `keys` (unknown and repeated keys skipped).
    pub fn search_among(&self, query: &[f32], k: usize, keys: &[Key]) -> Vec<Hit> {
        debug_assert_eq!(query.len(), self.dims(), "query of the wrong length");
        if k == 0 || query.len() != self.dims() {
            return Vec::new();
        }
        let q = self.vectors.query(query);
        let mut slots: Vec<u32> = keys.iter().filter_map(|key| self.slot_of.get(key).copied()).collect();
        slots.sort_unstable();
        slots.dedup();
        let mut top = TopK::new(k.min(slots.len()));
        for slot in slots {
            top.push(Scored { score: self.vectors.score(&q, slot as usize), slot });
        }
        top.into_sorted().into_iter().map(|s| self.hit(s)).collect()
    }

    /// Exact best `k` live vectors among those `accept` admits, best first (ties: the older
    /// slot first).
    pub fn exact(&self, query: &[f32], k: usize, accept: &dyn Fn(Key) -> bool) -> Vec<Hit> {
        debug_assert_eq!(query.len(), self.dims(), "query of the wrong length");
        let k = k.min(self.len());
        if k == 0 || query.len() != self.dims() {
            return Vec::new();
        }
        let q = self.vectors.query(query);
        self.scan(&q, k, 0..self.keys.len(), accept).into_sorted().into_iter().map(|s| self.hit(s)).collect()
    }

    fn rebuild_due(&self) -> bool {
        self.dead_count > MIN_TOMBSTONES.max(self.keys.len() / 5)
    }

    fn buffer_due(&self) -> bool {
        self.len() >= self.threshold && self.graph.len() < self.keys.len()
    }

    /// Whether [`maintain`](Self::maintain) has work: a buffer to link, tombstones past the
    /// threshold, or a rebuild in progress.
    pub fn needs_maintenance(&self) -> bool {
        self.pending.is_some() || self.rebuild_due() || self.buffer_due()
    }

    /// One bounded step of maintenance (about `budget` insertions' worth): steps a rebuild in
    /// progress, or starts one when tombstones are past the threshold, or links buffered
    /// vectors. True while work remains.
    pub fn maintain(&mut self, budget: usize) -> bool {
        if let Some(job) = self.pending.as_mut() {
            if !job.step(budget)
                && let Some(job) = self.pending.take()
            {
                self.install(job.finish());
            }
            return self.needs_maintenance();
        }
        if self.rebuild_due() {
            self.pending = self.prepare_rebuild();
            return true;
        }
        self.maintain_buffer(budget)
    }

    /// Links up to `budget` buffered vectors into the graph (nothing below the exact
    /// threshold); true while buffered vectors remain to link. For the native thread, which
    /// runs rebuilds itself.
    pub fn maintain_buffer(&mut self, budget: usize) -> bool {
        if !self.buffer_due() {
            return false;
        }
        for _ in 0..budget.max(1) {
            if self.graph.len() >= self.keys.len() {
                break;
            }
            self.graph.insert_next(&self.vectors);
        }
        self.buffer_due()
    }

    /// A snapshot of the live vectors to rebuild from, if tombstones are past the threshold
    /// (natively: take it under the read lock, [`RebuildJob::run`] it with no lock, then
    /// [`install`](Self::install) under the write lock).
    pub fn prepare_rebuild(&self) -> Option<RebuildJob> {
        self.rebuild_due().then(|| self.snapshot())
    }

    /// A rebuild job over the live vectors, whatever the tombstone count.
    pub fn snapshot(&self) -> RebuildJob {
        let mut vectors = Vectors::new(self.dims(), self.precision());
        let mut keys = Vec::with_capacity(self.len());
        let mut from = Vec::with_capacity(self.len());
        for (slot, (&key, &dead)) in self.keys.iter().zip(&self.dead).enumerate() {
            if !dead {
                vectors.push_from(&self.vectors, slot);
                keys.push(key);
                from.push(slot as u32);
            }
        }
        let link = keys.len() >= self.threshold;
        RebuildJob {
            generation: self.generation,
            source_slots: self.keys.len(),
            from,
            keys,
            vectors,
            graph: Graph::new(SEED, self.graph.ef_construction),
            link,
            threshold: self.threshold,
        }
    }

    /// Swaps in a finished rebuild, keeping the inserts and removes made since its snapshot.
    /// False (and nothing changes) if the job is unfinished or was taken from this index
    /// before another rebuild or load replaced it.
    pub fn install(&mut self, built: Built) -> bool {
        let job = built.0;
        let finished = !job.link || job.graph.len() == job.keys.len();
        if job.generation != self.generation || !finished {
            return false;
        }
        let mut dead: Vec<bool> =
            job.from.iter().map(|&s| self.dead.get(s as usize).copied().unwrap_or(true)).collect();
        let mut keys = job.keys;
        let mut vectors = job.vectors;
        for slot in job.source_slots..self.keys.len() {
            if !self.dead.get(slot).copied().unwrap_or(true) {
                vectors.push_from(&self.vectors, slot);
                keys.push(self.keys.get(slot).copied().unwrap_or_default());
                dead.push(false);
            }
        }
        *self = Self::from_parts(keys, dead, vectors, job.graph, job.threshold);
        true
    }

    fn from_parts(keys: Vec<Key>, dead: Vec<bool>, vectors: Vectors, graph: Graph, threshold: usize) -> Self {
        let mut slot_of = HashMap::with_capacity(keys.len());
        for (slot, (&key, &d)) in keys.iter().zip(&dead).enumerate() {
            if !d {
                slot_of.insert(key, slot as u32);
            }
        }
        let dead_count = dead.iter().filter(|d| **d).count();
        Self {
            vectors,
            keys,
            dead,
            graph,
            slot_of,
            dead_count,
            generation: next_generation(),
            threshold,
            pending: None,
        }
    }

    /// The whole index (graph, buffer, tombstones) as versioned, checksummed bytes; a rebuild
    /// in progress is not saved.
    pub fn to_bytes(&self) -> Vec<u8> {
        bytes::encode(&self.keys, &self.dead, &self.vectors, &self.graph, self.threshold)
    }

    /// An index from [`to_bytes`](Self::to_bytes); `Err` for anything truncated, altered, or
    /// of another version.
    pub fn from_bytes(data: &[u8]) -> Result<Self, String> {
        let parts = bytes::decode(data)?;
        Ok(Self::from_parts(parts.keys, parts.dead, parts.vectors, parts.graph, parts.threshold))
    }

    /// Nodes linked in the graph (slots before the buffer).
    pub fn graph_len(&self) -> usize {
        self.graph.len()
    }
}
