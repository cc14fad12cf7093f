//! A compact HNSW graph (Malkov & Yashunin; the layout and heuristics of hnswlib) over slots
//! `0..len()`: fixed-size neighbour lists in flat arrays, levels from a seeded hash of the
//! slot (deterministic), incremental insertion (so moving the buffer in is a bounded step),
//! and a layer-0 walk that skips rejected and tombstoned nodes in its results while still
//! traversing them, as hnswlib's filtered search does.

use super::quant::{Query, Vectors};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Links per node on the upper layers (hnswlib's `M`).
pub(crate) const M: usize = 16;
/// Links per node on layer 0 (hnswlib's `maxM0 = 2M`).
pub(crate) const M0: usize = 2 * M;
/// Candidates examined when inserting (hnswlib's `ef_construction`), by default.
pub(crate) const EF_CONSTRUCTION: usize = 100;
/// Highest level a node may get (with M = 16 a level above 8 needs ~4 billion nodes).
pub(crate) const MAX_LEVEL: u8 = 15;

/// A slot and its score, ordered by score (higher is closer), ties by slot for determinism.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scored {
    pub score: f32,
    pub slot: u32,
}

impl PartialEq for Scored {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Scored {}
impl PartialOrd for Scored {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Scored {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score.total_cmp(&other.score).then_with(|| other.slot.cmp(&self.slot))
    }
}

/// Reverses [`Scored`]'s order: a `BinaryHeap<Worst>` has the worst score on top.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Worst(std::cmp::Reverse<Scored>);

/// The graph over slots `0..len()` of the index's vectors.
#[derive(Clone, Debug, Default)]
pub(crate) struct Graph {
    /// Level of each node.
    pub levels: Vec<u8>,
    /// Layer 0: per node, a count then `M0` slots.
    pub l0: Vec<u32>,
    /// Start of each node's upper-layer blocks in `upper` (levels 1..=level, each a count then
    /// `M` slots); unused for level-0 nodes.
    pub upper_start: Vec<u32>,
    pub upper: Vec<u32>,
    /// Entry point (the first node of the highest level), if any node is linked.
    pub entry: Option<u32>,
    /// Seed of the level hash.
    pub seed: u64,
    /// Candidates examined when inserting.
    pub ef_construction: usize,
}

/// The level of slot `slot` for `seed`: geometric with `P(level ≥ l) = M^-l` (hnswlib's
/// `mult = 1 / ln M`), from a SplitMix64 hash, so it depends on nothing but the two numbers.
pub(crate) fn level_of(seed: u64, slot: u32) -> u8 {
    let mut z = seed ^ (u64::from(slot).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    // Uniform in (0, 1].
    let u = ((z >> 11) as f64 + 1.0) / (1u64 << 53) as f64;
    let level = -u.ln() / (M as f64).ln();
    (level as u64).min(u64::from(MAX_LEVEL)) as u8
}

/// A visited set for one walk: a bit per node.
struct Visited(Vec<u64>);

impl Visited {
    fn new(n: usize) -> Self {
        Self(vec![0; n.div_ceil(64)])
    }
    /// Marks `slot`; true if it was not marked before.
    #[inline]
    fn insert(&mut self, slot: u32) -> bool {
        let (word, bit) = ((slot / 64) as usize, 1u64 << (slot % 64));
        match self.0.get_mut(word) {
            Some(w) if *w & bit == 0 => {
                *w |= bit;
                true
            }
            _ => false,
        }
    }
}

impl Graph {
    pub(crate) fn new(seed: u64, ef_construction: usize) -> Self {
        Self { seed, ef_construction: ef_construction.max(1), ..Self::default() }
    }

    /// Nodes in the graph (slots `0..len()`).
    pub(crate) fn len(&self) -> usize {
        self.levels.len()
    }

    pub(crate) fn memory_bytes(&self) -> usize {
        self.levels.capacity() + (self.l0.capacity() + self.upper_start.capacity() + self.upper.capacity()) * 4
    }

    fn top_level(&self) -> u8 {
        self.entry.and_then(|e| self.levels.get(e as usize).copied()).unwrap_or(0)
    }

    /// The neighbours of `slot` on `layer` (empty if out of range).
    #[inline]
    pub(crate) fn links(&self, slot: u32, layer: u8) -> &[u32] {
        let block = if layer == 0 {
            let start = slot as usize * (M0 + 1);
            self.l0.get(start..start + M0 + 1)
        } else {
            let level = self.levels.get(slot as usize).copied().unwrap_or(0);
            if layer > level {
                return &[];
            }
            let start =
                self.upper_start.get(slot as usize).copied().unwrap_or(0) as usize + (layer as usize - 1) * (M + 1);
            self.upper.get(start..start + M + 1)
        };
        match block {
            Some(block) => {
                let count = block.first().copied().unwrap_or(0) as usize;
                block.get(1..1 + count).unwrap_or(&[])
            }
            None => &[],
        }
    }

    fn set_links(&mut self, slot: u32, layer: u8, links: &[u32]) {
        let (block, cap) = if layer == 0 {
            let start = slot as usize * (M0 + 1);
            (self.l0.get_mut(start..start + M0 + 1), M0)
        } else {
            let start =
                self.upper_start.get(slot as usize).copied().unwrap_or(0) as usize + (layer as usize - 1) * (M + 1);
            (self.upper.get_mut(start..start + M + 1), M)
        };
        if let Some(block) = block {
            let count = links.len().min(cap);
            block[0] = count as u32;
            block[1..1 + count].copy_from_slice(&links[..count]);
        }
    }

    /// Greedy descent on one layer from `from` (ef = 1).
    fn greedy(&self, vectors: &Vectors, q: &Query<'_>, mut best: Scored, layer: u8) -> Scored {
        loop {
            let mut improved = false;
            for &n in self.links(best.slot, layer) {
                let s = Scored { score: vectors.score(q, n as usize), slot: n };
                if s > best {
                    best = s;
                    improved = true;
                }
            }
            if !improved {
                return best;
            }
        }
    }

    /// Descends from the entry point to layer `to` + 1 greedily; the entry of layer `to`.
    fn descend(&self, vectors: &Vectors, q: &Query<'_>, to: u8) -> Option<Scored> {
        let entry = self.entry?;
        let mut best = Scored { score: vectors.score(q, entry as usize), slot: entry };
        let mut layer = self.top_level();
        while layer > to {
            best = self.greedy(vectors, q, best, layer);
            layer -= 1;
        }
        Some(best)
    }

    /// The beam search of one layer from `entries`: the best `ef` nodes that `admit` admits,
    /// best first. Nodes it rejects are still walked through. Stops early (returning what it
    /// has) once `max_visits` scores have been computed.
    #[allow(clippy::too_many_arguments)] // one walk, every input it needs; a struct would only rename them
    fn search_layer(
        &self,
        vectors: &Vectors,
        q: &Query<'_>,
        entries: &[Scored],
        ef: usize,
        layer: u8,
        admit: &dyn Fn(u32) -> bool,
        max_visits: usize,
    ) -> Vec<Scored> {
        let mut visited = Visited::new(self.len());
        let mut candidates: BinaryHeap<Scored> = BinaryHeap::with_capacity(ef * 4);
        let mut results: BinaryHeap<Worst> = BinaryHeap::with_capacity(ef + 1);
        let mut bound = f32::NEG_INFINITY;
        for &e in entries {
            if visited.insert(e.slot) {
                candidates.push(e);
                if admit(e.slot) {
                    results.push(Worst(std::cmp::Reverse(e)));
                    if results.len() > ef {
                        results.pop();
                    }
                }
            }
        }
        if results.len() >= ef {
            bound = results.peek().map_or(f32::NEG_INFINITY, |w| w.0.0.score);
        }
        let mut visits = entries.len();
        while let Some(current) = candidates.pop() {
            if current.score < bound && results.len() >= ef {
                break;
            }
            if visits >= max_visits {
                break;
            }
            for &n in self.links(current.slot, layer) {
                if !visited.insert(n) {
                    continue;
                }
                let s = Scored { score: vectors.score(q, n as usize), slot: n };
                visits += 1;
                if results.len() < ef || s.score > bound {
                    candidates.push(s);
                    if admit(n) {
                        results.push(Worst(std::cmp::Reverse(s)));
                        if results.len() > ef {
                            results.pop();
                        }
                        if results.len() >= ef {
                            bound = results.peek().map_or(f32::NEG_INFINITY, |w| w.0.0.score);
                        }
                    }
                }
            }
        }
        let mut out: Vec<Scored> = results.into_iter().map(|w| w.0.0).collect();
        out.sort_unstable_by(|a, b| b.cmp(a));
        out
    }

    /// The best `ef` admitted nodes for a query (best first), and whether the walk was cut
    /// short by `max_visits`.
    pub(crate) fn search(
        &self,
        vectors: &Vectors,
        q: &Query<'_>,
        ef: usize,
        admit: &dyn Fn(u32) -> bool,
        max_visits: usize,
    ) -> Vec<Scored> {
        match self.descend(vectors, q, 0) {
            Some(entry) => self.search_layer(vectors, q, &[entry], ef.max(1), 0, admit, max_visits),
            None => Vec::new(),
        }
    }

    /// hnswlib's neighbour heuristic: from `candidates` (best first) keep a candidate only if
    /// it is closer to the base than to every one kept so far, up to `max`.
    fn select(vectors: &Vectors, candidates: &[Scored], max: usize) -> Vec<u32> {
        if candidates.len() <= max {
            return candidates.iter().map(|c| c.slot).collect();
        }
        let mut kept: Vec<Scored> = Vec::with_capacity(max);
        for &c in candidates {
            if kept.len() >= max {
                break;
            }
            if kept.iter().all(|k| vectors.score_slots(c.slot as usize, k.slot as usize) < c.score) {
                kept.push(c);
            }
        }
        kept.iter().map(|c| c.slot).collect()
    }

    /// Links slot `len()` (already in `vectors`) into the graph.
    pub(crate) fn insert_next(&mut self, vectors: &Vectors) {
        let slot = self.len() as u32;
        let level = level_of(self.seed, slot);
        if self.levels.len() == self.levels.capacity() {
            let more = (self.levels.len() / 8).max(64);
            self.levels.reserve_exact(more);
            self.upper_start.reserve_exact(more);
            self.l0.reserve_exact(more * (M0 + 1));
        }
        self.levels.push(level);
        self.l0.extend(std::iter::repeat_n(0, M0 + 1));
        self.upper_start.push(self.upper.len() as u32);
        self.upper.extend(std::iter::repeat_n(0, level as usize * (M + 1)));
        let Some(entry) = self.entry else {
            self.entry = Some(slot);
            return;
        };
        let q = vectors.slot_query(slot as usize);
        let top = self.top_level();
        let mut best = Scored { score: vectors.score(&q, entry as usize), slot: entry };
        let mut layer = top;
        while layer > level {
            best = self.greedy(vectors, &q, best, layer);
            layer -= 1;
        }
        let mut entries = vec![best];
        let everything = |_: u32| true;
        for layer in (0..=level.min(top)).rev() {
            let found = self.search_layer(vectors, &q, &entries, self.ef_construction, layer, &everything, usize::MAX);
            let cap = if layer == 0 { M0 } else { M };
            let chosen = Self::select(vectors, &found, M);
            self.set_links(slot, layer, &chosen);
            for &n in &chosen {
                let mut theirs: Vec<u32> = self.links(n, layer).to_vec();
                if theirs.len() < cap {
                    theirs.push(slot);
                } else {
                    let mut scored: Vec<Scored> = theirs
                        .iter()
                        .chain(std::iter::once(&slot))
                        .map(|&t| Scored { score: vectors.score_slots(n as usize, t as usize), slot: t })
                        .collect();
                    scored.sort_unstable_by(|a, b| b.cmp(a));
                    theirs = Self::select(vectors, &scored, cap);
                }
                self.set_links(n, layer, &theirs);
            }
            if !found.is_empty() {
                entries = found;
            }
        }
        if level > top {
            self.entry = Some(slot);
        }
    }

    /// Checks a graph read from bytes against `nodes`: every link in range, counts within
    /// their lists, arrays of the right sizes.
    pub(crate) fn validate(&self, nodes: usize) -> Result<(), String> {
        if self.levels.len() != nodes || self.l0.len() != nodes * (M0 + 1) || self.upper_start.len() != nodes {
            return Err("graph arrays do not match the node count".into());
        }
        let mut expected_upper = 0usize;
        for (slot, &level) in self.levels.iter().enumerate() {
            if level > MAX_LEVEL {
                return Err("level out of range".into());
            }
            if self.upper_start[slot] as usize != expected_upper {
                return Err("upper-layer offsets out of order".into());
            }
            expected_upper += level as usize * (M + 1);
        }
        if self.upper.len() != expected_upper {
            return Err("upper-layer array size".into());
        }
        for block in self.l0.chunks_exact(M0 + 1) {
            if block[0] as usize > M0 || block[1..1 + block[0] as usize].iter().any(|&n| n as usize >= nodes) {
                return Err("layer-0 link out of range".into());
            }
        }
        for block in self.upper.chunks_exact(M + 1) {
            if block[0] as usize > M || block[1..1 + block[0] as usize].iter().any(|&n| n as usize >= nodes) {
                return Err("upper link out of range".into());
            }
        }
        match self.entry {
            None if nodes > 0 => Err("no entry point".into()),
            Some(e) if e as usize >= nodes => Err("entry point out of range".into()),
            _ => Ok(()),
        }
    }
}
