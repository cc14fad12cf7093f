//! The vectors every table of this bench uses: real text embeddings when `scripts/embed-corpus`
//! has cached them, else synthetic clustered ones; their exact top-10 neighbours; the machine.

use crate::rng::Rng;
use std::path::{Path, PathBuf};

pub const K: usize = 10;
const QUERIES: usize = 1_000;
/// Size when the bench binary runs as a test (`cargo test --benches`): past the exact
/// threshold (1,000), so the graph paths run, and small enough for a debug build.
const SMOKE: usize = 1_200;
const SMOKE_DIMS: usize = 64;

pub struct Data {
    pub base: Vec<Vec<f32>>,
    pub queries: Vec<Vec<f32>>,
    /// Exact top-[`K`] indexes into `base`, per query.
    pub truth: Vec<Vec<usize>>,
    pub source: String,
    /// Synthetic vectors (no texts go with them).
    pub synthetic: bool,
    pub dims: usize,
    pub smoke: bool,
    pub dir: PathBuf,
}

/// Whether `cargo bench` runs this binary (else it runs as a smoke test).
pub fn is_bench() -> bool {
    std::env::args().any(|arg| arg == "--bench")
}

pub fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.replace('_', "").parse().ok()).unwrap_or(default)
}

/// `USTORE_VECTORS`, or ~/.cache/unified-store/vectors (where scripts/embed-corpus writes).
pub fn cache_dir() -> PathBuf {
    match std::env::var_os("USTORE_VECTORS") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/unified-store/vectors"),
    }
}

fn read_f32(path: &Path, dims: usize) -> Option<Vec<Vec<f32>>> {
    let bytes = std::fs::read(path).ok()?;
    let all: Vec<f32> = bytes.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
    Some(all.chunks_exact(dims).map(<[f32]>::to_vec).collect())
}

pub fn load() -> Data {
    let smoke = !is_bench();
    let dims = if smoke { SMOKE_DIMS } else { env_usize("BENCH_DIMS", 384) };
    let dir = cache_dir();
    let real = (read_f32(&dir.join("base.f32"), dims), read_f32(&dir.join("queries.f32"), dims));
    let (mut base, queries, source) = match real {
        (Some(b), Some(q)) if !smoke && !b.is_empty() && !q.is_empty() => {
            (b, q, format!("all-MiniLM-L6-v2 embeddings of real text, {}", dir.display()))
        }
        _ => {
            let n = if smoke { SMOKE } else { env_usize("BENCH_VECTORS", 100_000) };
            let (b, q) = synthetic(n, if smoke { 20 } else { QUERIES }, dims);
            (b, q, "synthetic clustered vectors".to_owned())
        }
    };
    // BENCH_VECTORS takes the first n of the real ones too (the cached ground truth is then
    // not theirs).
    let wanted = env_usize("BENCH_VECTORS", base.len()).min(base.len());
    let cut = wanted < base.len();
    base.truncate(wanted);
    let truth = match std::fs::read(dir.join("gt.i32")) {
        Ok(bytes) if !smoke && !cut && source.starts_with("all-") && bytes.len() == queries.len() * K * 4 => bytes
            .chunks_exact(4 * K)
            .map(|row| row.chunks_exact(4).map(|c| i32::from_le_bytes([c[0], c[1], c[2], c[3]]) as usize).collect())
            .collect(),
        _ => ground_truth(&base, &queries),
    };
    let synthetic = !source.starts_with("all-");
    Data { base, queries, truth, source, synthetic, dims, smoke, dir }
}

/// 100 gaussian clusters; each vector its centre plus noise of the same scale (cosine to its
/// centre about 0.7), normalised. Queries are drawn the same way.
fn synthetic(n: usize, queries: usize, dims: usize) -> (Vec<Vec<f32>>, Vec<Vec<f32>>) {
    let mut rng = Rng::new(42);
    let centres: Vec<Vec<f32>> = (0..100).map(|_| (0..dims).map(|_| rng.gauss()).collect()).collect();
    let mut draw = || {
        let centre = &centres[rng.below(centres.len())];
        let v: Vec<f32> = centre.iter().map(|x| x + rng.gauss()).collect();
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter().map(|x| x / norm).collect::<Vec<f32>>()
    };
    let base = (0..n).map(|_| draw()).collect();
    let qs = (0..queries).map(|_| draw()).collect();
    (base, qs)
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Exact top-[`K`] per query, on every core.
fn ground_truth(base: &[Vec<f32>], queries: &[Vec<f32>]) -> Vec<Vec<usize>> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = queries.len().div_ceil(cores).max(1);
    std::thread::scope(|s| {
        let parts: Vec<_> = queries
            .chunks(chunk)
            .map(|qs| {
                s.spawn(move || {
                    qs.iter()
                        .map(|q| {
                            let mut all: Vec<(f32, usize)> =
                                base.iter().enumerate().map(|(i, v)| (dot(q, v), i)).collect();
                            let nth = K.min(all.len() - 1);
                            all.select_nth_unstable_by(nth, |a, b| b.0.total_cmp(&a.0));
                            all.truncate(K);
                            all.sort_by(|a, b| b.0.total_cmp(&a.0));
                            all.iter().map(|&(_, i)| i).collect()
                        })
                        .collect::<Vec<Vec<usize>>>()
                })
            })
            .collect();
        parts.into_iter().flat_map(|h| h.join().unwrap()).collect()
    })
}

/// Share of `truth` in `found`.
pub fn recall(found: &[usize], truth: &[usize]) -> f64 {
    truth.iter().filter(|t| found.contains(t)).count() as f64 / truth.len().max(1) as f64
}

/// `p` (0 to 1) of `values` in ms, sorted in place.
pub fn percentile_ms(values: &mut [f64], p: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(((values.len() as f64 - 1.0) * p).round() as usize).copied().unwrap_or(0.0) * 1e3
}

pub fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_owned());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    format!("{cpu}, {cores} cores")
}
