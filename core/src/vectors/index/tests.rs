use super::kernel::{dot_i8, sum};
use super::*;

/// SplitMix64 and Box–Muller: clustered test vectors without a `rand` dependency.
pub(crate) struct Gen(u64);

impl Gen {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    fn gauss(&mut self) -> f32 {
        ((-2.0 * self.unit().ln()).sqrt() * (std::f64::consts::TAU * self.unit()).cos()) as f32
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// `n` unit vectors around `clusters` gaussian centres (spread 0.35 of a centre's norm per
/// axis), and `queries` more drawn the same way.
pub(crate) fn clustered(
    n: usize,
    queries: usize,
    dims: usize,
    clusters: usize,
    seed: u64,
) -> (Vec<Vec<f32>>, Vec<Vec<f32>>) {
    let mut g = Gen::new(seed);
    let centres: Vec<Vec<f32>> = (0..clusters).map(|_| (0..dims).map(|_| g.gauss()).collect()).collect();
    let draw = |g: &mut Gen| {
        let c = &centres[g.below(clusters)];
        let v: Vec<f32> = c.iter().map(|x| x + 0.35 * 1.7 * g.gauss()).collect();
        normalize(&v).unwrap()
    };
    let base = (0..n).map(|_| draw(&mut g)).collect();
    let qs = (0..queries).map(|_| draw(&mut g)).collect();
    (base, qs)
}

fn all(_: Key) -> bool {
    true
}

/// Graph tests use a lower exact threshold and `ef_construction` to stay quick in debug builds.
const THRESHOLD: usize = 1_000;
const EF_CONSTRUCTION: usize = 64;

fn empty(dims: usize, precision: Precision) -> VectorIndex {
    VectorIndex::with_params(dims, precision, THRESHOLD, EF_CONSTRUCTION)
}

fn built(base: &[Vec<f32>], precision: Precision) -> VectorIndex {
    built_with(base, precision, EF_CONSTRUCTION)
}

fn built_with(base: &[Vec<f32>], precision: Precision, ef_construction: usize) -> VectorIndex {
    let mut index = VectorIndex::with_params(base[0].len(), precision, THRESHOLD, ef_construction);
    for (i, v) in base.iter().enumerate() {
        index.insert(i as Key, v);
    }
    while index.maintain(usize::MAX) {}
    index
}

fn recall(found: &[Hit], truth: &[Hit]) -> f64 {
    truth.iter().filter(|t| found.iter().any(|f| f.key == t.key)).count() as f64 / truth.len().max(1) as f64
}

#[test]
fn normalize_refuses_nan_inf_zero_and_empty() {
    assert_eq!(normalize(&[]), None);
    assert_eq!(normalize(&[0.0, 0.0]), None);
    assert_eq!(normalize(&[1.0, f32::NAN]), None);
    assert_eq!(normalize(&[f32::INFINITY, 1.0]), None);
    assert_eq!(normalize(&[f32::NEG_INFINITY]), None);
    assert_eq!(normalize(&[1e-45, 0.0]), Some(vec![1.0, 0.0]));
    let big = normalize(&[f32::MAX, f32::MAX]).unwrap();
    assert!((dot(&big, &big) - 1.0).abs() < 1e-6);
    let v = normalize(&[3.0, 4.0]).unwrap();
    assert!((v[0] - 0.6).abs() < 1e-7 && (v[1] - 0.8).abs() < 1e-7);
}

#[test]
fn kernels_match_plain_loops_at_every_length() {
    let mut g = Gen::new(1);
    for n in [0, 1, 7, 15, 16, 17, 33, 64, 100, 384, 385] {
        let a: Vec<f32> = (0..n).map(|_| g.gauss()).collect();
        let b: Vec<f32> = (0..n).map(|_| g.gauss()).collect();
        let plain: f64 = a.iter().zip(&b).map(|(x, y)| f64::from(*x) * f64::from(*y)).sum();
        assert!((f64::from(dot(&a, &b)) - plain).abs() < 1e-4 * (n as f64 + 1.0));
        let total: f64 = a.iter().map(|x| f64::from(*x)).sum();
        assert!((f64::from(sum(&a)) - total).abs() < 1e-4 * (n as f64 + 1.0));
        let ai: Vec<i8> = (0..n).map(|_| (g.below(255) as i32 - 127) as i8).collect();
        let bi: Vec<i8> = (0..n).map(|_| (g.below(255) as i32 - 127) as i8).collect();
        let plain_i: i32 = ai.iter().zip(&bi).map(|(x, y)| i32::from(*x) * i32::from(*y)).sum();
        assert_eq!(dot_i8(&ai, &bi), plain_i);
    }
    // Mismatched lengths use the shorter one rather than panic.
    assert_eq!(dot(&[1.0, 2.0], &[3.0]), 3.0);
}

/// recall@10 of the graph against exact search on 20,000 clustered vectors, f32 and int8
/// (int8's top 40 rescored in f32, as the store does from the rows). 32 dimensions and
/// ef_construction 40 keep it to seconds in a debug build; `graph_recall_at_384_dims` covers
/// the real width.
#[test]
fn graph_recall_at_10_is_at_least_095_on_clustered_vectors() {
    let (base, queries) = clustered(20_000, 100, 32, 100, 7);
    for precision in [Precision::F32, Precision::Int8] {
        let index = built_with(&base, precision, 40);
        assert_eq!(index.graph_len(), base.len());
        let mut total = 0.0;
        for q in &queries {
            let truth: Vec<Hit> = {
                let mut all_hits: Vec<Hit> =
                    base.iter().enumerate().map(|(i, v)| Hit { key: i as Key, score: dot(q, v) }).collect();
                all_hits.sort_by(|a, b| b.score.total_cmp(&a.score));
                all_hits.truncate(10);
                all_hits
            };
            let found = match precision {
                Precision::F32 => index.search(q, 10, 64, &all),
                Precision::Int8 => {
                    let mut rescored: Vec<Hit> = index
                        .search(q, 40, 64, &all)
                        .into_iter()
                        .map(|h| Hit { key: h.key, score: dot(q, &base[h.key as usize]) })
                        .collect();
                    rescored.sort_by(|a, b| b.score.total_cmp(&a.score));
                    rescored.truncate(10);
                    rescored
                }
            };
            assert_eq!(found.len(), 10);
            total += recall(&found, &truth);
        }
        let r = total / queries.len() as f64;
        assert!(r >= 0.95, "{precision:?} recall@10 {r}");
    }
}

/// The same at 384 dimensions, on fewer vectors.
#[test]
fn graph_recall_at_384_dims() {
    let (base, queries) = clustered(3_000, 30, 384, 50, 8);
    let index = built(&base, Precision::F32);
    assert!(index.graph_len() > 0);
    let mut total = 0.0;
    for q in &queries {
        total += recall(&index.search(q, 10, 64, &all), &index.exact(q, 10, &all));
    }
    let r = total / queries.len() as f64;
    assert!(r >= 0.95, "recall@10 {r}");
}

#[test]
fn below_the_exact_threshold_search_is_exact() {
    let (base, queries) = clustered(EXACT_THRESHOLD - 1, 20, 32, 10, 3);
    for precision in [Precision::F32, Precision::Int8] {
        let mut index = VectorIndex::new(32, precision);
        for (i, v) in base.iter().enumerate() {
            index.insert(i as Key, v);
        }
        while index.maintain(usize::MAX) {}
        assert!(!index.needs_maintenance());
        assert_eq!(index.graph_len(), 0, "no graph below the threshold");
        for q in &queries {
            for k in [1, 10, 100, 5_000] {
                assert_eq!(index.search(q, k, 16, &all), index.exact(q, k, &all));
            }
            let even = |key: Key| key % 2 == 0;
            assert_eq!(index.search(q, 10, 16, &even), index.exact(q, 10, &even));
        }
        for key in 0..500 {
            index.remove(key);
        }
        assert_eq!(index.search(&queries[0], 1_000, 16, &all), index.exact(&queries[0], 1_000, &all));
        assert_eq!(index.search(&queries[0], 1_000, 16, &all).len(), EXACT_THRESHOLD - 501);
    }
}

#[test]
fn inserts_and_removes_are_visible_to_the_next_search() {
    let (base, queries) = clustered(THRESHOLD + 1_000, 5, 16, 20, 4);
    let mut index = built(&base, Precision::F32);
    assert_eq!(index.graph_len(), base.len());
    let q = &queries[0];
    // A removed graph node is gone at once.
    let best = index.search(q, 1, 32, &all)[0];
    assert!(index.remove(best.key));
    assert!(!index.remove(best.key));
    assert!(!index.contains(best.key));
    assert!(index.search(q, 10, 32, &all).iter().all(|h| h.key != best.key));
    // A new vector (in the buffer) equal to the query is found first.
    index.insert(-1, q);
    assert!(index.contains(-1));
    assert_eq!(index.search(q, 1, 32, &all)[0].key, -1);
    // Replacing a graph node's vector: the new one is found, the old one is gone.
    let second = index.search(q, 2, 32, &all)[1];
    let far: Vec<f32> = q.iter().map(|x| -x).collect();
    index.insert(second.key, &far);
    assert!(index.search(q, 10, 32, &all).iter().all(|h| h.key != second.key));
    assert_eq!(index.search(&far, 1, 32, &all)[0].key, second.key);
    assert_eq!(index.len(), base.len());
    // And removing the buffered one.
    assert!(index.remove(-1));
    assert!(index.search(q, 10, 32, &all).iter().all(|h| h.key != -1));
}

#[test]
fn a_filtered_search_returns_k_whenever_k_are_admitted() {
    let (base, queries) = clustered(THRESHOLD + 2_000, 20, 16, 20, 5);
    let index = built(&base, Precision::F32);
    for modulus in [100, 2] {
        let accept = move |key: Key| key % modulus == 0;
        let mut total = 0.0;
        for q in &queries {
            let found = index.search(q, 10, 32, &accept);
            assert_eq!(found.len(), 10);
            assert!(found.iter().all(|h| h.key % modulus == 0));
            total += recall(&found, &index.exact(q, 10, &accept));
        }
        assert!(total / queries.len() as f64 >= 0.9, "filter 1/{modulus}: recall {total}");
    }
    // Only 3 admitted: all 3, best first.
    let three = |key: Key| key < 3;
    let found = index.search(&queries[0], 10, 32, &three);
    assert_eq!(found, index.exact(&queries[0], 10, &three));
    assert_eq!(found.len(), 3);
    assert!(index.search(&queries[0], 10, 32, &|_| false).is_empty());
    assert!(index.search(&queries[0], 0, 32, &all).is_empty());
    assert_eq!(index.search(&queries[0], usize::MAX, usize::MAX, &three).len(), 3);
}

#[test]
fn search_among_scores_only_the_given_keys() {
    let (base, queries) = clustered(500, 1, 16, 5, 6);
    let index = built(&base, Precision::F32);
    let found = index.search_among(&queries[0], 3, &[7, 9, 9, 123_456, 11, 400]);
    assert_eq!(found.len(), 3);
    assert!(found.iter().all(|h| [7, 9, 11, 400].contains(&h.key)));
    assert!(found.windows(2).all(|w| w[0].score >= w[1].score));
    let only = |key: Key| [7, 9, 11, 400].contains(&key);
    assert_eq!(found, index.exact(&queries[0], 3, &only));
}

#[test]
fn bytes_round_trip_and_corruption_is_an_error() {
    for precision in [Precision::F32, Precision::Int8] {
        let (base, queries) = clustered(THRESHOLD + 300, 10, 8, 20, 9);
        let mut index = built(&base, precision);
        for key in 0..50 {
            index.remove(key);
        }
        index.insert(-5, &queries[0]);
        let bytes = index.to_bytes();
        let back = VectorIndex::from_bytes(&bytes).unwrap();
        assert_eq!(back.len(), index.len());
        assert_eq!(back.graph_len(), index.graph_len());
        assert_eq!(back.precision(), precision);
        assert_eq!(back.keys().collect::<Vec<_>>(), index.keys().collect::<Vec<_>>());
        for q in &queries {
            assert_eq!(back.search(q, 10, 32, &all), index.search(q, 10, 32, &all));
        }
        assert_eq!(back.to_bytes(), bytes);
        for len in [0, 1, 31, 32, 100, bytes.len() / 2, bytes.len() - 1] {
            assert!(VectorIndex::from_bytes(&bytes[..len]).is_err(), "truncated to {len}");
        }
        let mut g = Gen::new(2);
        for _ in 0..200 {
            let mut bad = bytes.clone();
            let at = g.below(bad.len());
            bad[at] ^= 1 << g.below(8);
            assert!(VectorIndex::from_bytes(&bad).is_err(), "flipped a bit at {at}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(VectorIndex::from_bytes(&longer).is_err());
    }
}

/// A blob with a valid checksum but impossible contents is refused too (a link out of range).
#[test]
fn a_well_checksummed_but_inconsistent_blob_is_an_error() {
    use sha2::{Digest, Sha256};
    let (base, _) = clustered(THRESHOLD + 10, 1, 4, 5, 10);
    let bytes = built(&base, Precision::F32).to_bytes();
    let mut body = bytes[..bytes.len() - 32].to_vec();
    // The entry point (bytes 65..69): out of range.
    body[65..69].copy_from_slice(&(base.len() as u32 + 5).to_le_bytes());
    let digest = Sha256::digest(&body);
    body.extend_from_slice(&digest);
    assert!(VectorIndex::from_bytes(&body).is_err());
    // A huge declared length is refused before anything is allocated.
    let mut body = bytes[..bytes.len() - 32].to_vec();
    body[49..57].copy_from_slice(&u64::MAX.to_le_bytes());
    let digest = Sha256::digest(&body);
    body.extend_from_slice(&digest);
    assert!(VectorIndex::from_bytes(&body).is_err());
}

#[test]
fn maintenance_steps_converge_and_searches_stay_correct_between_them() {
    let (base, queries) = clustered(THRESHOLD + 3_000, 10, 16, 20, 11);
    let mut index = empty(16, Precision::F32);
    for (i, v) in base.iter().enumerate() {
        index.insert(i as Key, v);
    }
    let mut steps = 0;
    while index.maintain(500) {
        steps += 1;
        assert!(index.graph_len() <= base.len());
        for q in &queries[..2] {
            let found = index.search(q, 10, 64, &all);
            assert_eq!(found.len(), 10);
            assert!(recall(&found, &index.exact(q, 10, &all)) >= 0.7);
        }
        assert!(steps < 100, "maintenance does not converge");
    }
    assert_eq!(index.graph_len(), base.len());
    // Tombstones past the threshold: maintain rebuilds in steps, the old graph serving.
    for key in 0..1_500 {
        index.remove(key);
    }
    assert!(index.needs_maintenance());
    let before = index.graph_len();
    let mut steps = 0;
    while index.maintain(300) {
        steps += 1;
        let q = &queries[steps % queries.len()];
        let found = index.search(q, 10, 64, &all);
        assert_eq!(found.len(), 10);
        assert!(found.iter().all(|h| h.key >= 1_500));
        // Changes made during the rebuild survive it.
        index.insert(1_000_000 + steps as Key, q);
        index.remove(1_500 + steps as Key);
        assert!(steps < 100);
    }
    assert!(index.graph_len() < before);
    assert!(index.keys().all(|k| k >= 1_500));
    for s in 1..=steps {
        assert!(index.contains(1_000_000 + s as Key));
        assert!(!index.contains(1_500 + s as Key));
    }
    assert_eq!(index.len(), base.len() - 1_500);
    assert!(!index.needs_maintenance() || index.maintain(usize::MAX) || !index.needs_maintenance());
}

#[cfg(not(target_family = "wasm"))] // a thread
#[test]
fn an_off_lock_rebuild_keeps_changes_made_meanwhile_and_refuses_stale_jobs() {
    let (base, queries) = clustered(THRESHOLD + 2_000, 5, 16, 20, 12);
    let mut index = built(&base, Precision::F32);
    for key in 0..1_100 {
        index.remove(key);
    }
    let job = index.prepare_rebuild().unwrap();
    let stale = index.snapshot();
    // Meanwhile: a replace, a remove, an insert.
    index.insert(2_000, &queries[0]);
    index.remove(2_001);
    index.insert(-7, &queries[1]);
    let built_job = std::thread::spawn(move || job.run()).join().unwrap();
    assert!(index.install(built_job));
    assert!(!index.install(stale.run()), "a job from before the install is stale");
    assert_eq!(index.len(), base.len() - 1_100);
    assert_eq!(index.graph_len(), base.len() - 1_100);
    assert!(!index.contains(2_001) && index.contains(-7) && index.contains(2_000));
    assert_eq!(index.search(&queries[0], 1, 32, &all)[0].key, 2_000);
    assert_eq!(index.search(&queries[1], 1, 32, &all)[0].key, -7);
    assert!(!index.needs_maintenance() || index.graph_len() < index.len() + 2);
}

#[test]
fn the_same_inserts_give_the_same_index() {
    let (base, queries) = clustered(THRESHOLD + 500, 5, 8, 10, 13);
    let a = built(&base, Precision::Int8);
    let b = built(&base, Precision::Int8);
    assert_eq!(a.to_bytes(), b.to_bytes());
    for q in &queries {
        assert_eq!(a.search(q, 10, 16, &all), b.search(q, 10, 16, &all));
    }
}

#[test]
fn int8_uses_a_quarter_of_the_memory() {
    let (base, _) = clustered(2_000, 0, 384, 10, 14);
    let f = built(&base, Precision::F32);
    let i = built(&base, Precision::Int8);
    let ratio = f.memory_bytes() as f64 / i.memory_bytes() as f64;
    assert!(ratio > 3.0, "f32 / int8 memory {ratio}");
}

#[cfg(not(debug_assertions))]
#[test]
fn wrong_lengths_are_ignored_in_release() {
    let mut index = VectorIndex::new(4, Precision::F32);
    index.insert(1, &[1.0, 0.0]);
    assert_eq!(index.len(), 0);
    index.insert(1, &[1.0, 0.0, 0.0, 0.0]);
    assert!(index.search(&[1.0], 10, 10, &all).is_empty());
    assert!(index.exact(&[1.0; 5], 10, &all).is_empty());
}

#[test]
fn the_index_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<VectorIndex>();
    check::<RebuildJob>();
    check::<Built>();
}
