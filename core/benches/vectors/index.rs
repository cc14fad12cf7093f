//! The in-memory index alone (core/src/vectors/index): our HNSW in f32 and int8, the exact
//! scan against a plain streaming read of the same bytes, the exact threshold, and
//! instant-distance side by side (docs/decisions.md, "Our own HNSW for the vector index").
//! Single-threaded searches; top-10 recall against exact ground truth.

#[allow(dead_code, unreachable_pub, unused_imports)] // the bench uses part of the engine (and sees its test module)
#[path = "../../src/vectors/index/mod.rs"]
mod engine;

use crate::data::{Data, K, machine, recall};
use engine::{Hit, Key, Precision, VectorIndex, dot};
use serde_json::{Value, json};
use std::time::Instant;

const EFS: [usize; 7] = [10, 16, 24, 32, 64, 128, 256];

struct Point {
    param: usize,
    recall: f64,
    qps: f64,
}

struct Library {
    name: String,
    build_s: f64,
    bytes_per_vector: f64,
    points: Vec<Point>,
}

/// Runs every query through `search` (single thread): mean recall@10 and queries per second.
fn measure(queries: &[Vec<f32>], truth: &[Vec<usize>], mut search: impl FnMut(&[f32]) -> Vec<usize>) -> (f64, f64) {
    let start = Instant::now();
    let found: Vec<Vec<usize>> = queries.iter().map(|q| search(q)).collect();
    let elapsed = start.elapsed().as_secs_f64();
    let r = found.iter().zip(truth).map(|(f, t)| recall(f, t)).sum::<f64>() / queries.len() as f64;
    (r, queries.len() as f64 / elapsed)
}

fn build(base: &[Vec<f32>], precision: Precision) -> (VectorIndex, f64) {
    let start = Instant::now();
    let mut index = VectorIndex::new(base[0].len(), precision);
    for (i, v) in base.iter().enumerate() {
        index.insert(i as Key, v);
    }
    while index.maintain(usize::MAX) {}
    (index, start.elapsed().as_secs_f64())
}

/// Prints the index tables; returns the libraries and exact rows for ours.json.
pub fn run(data: &Data) -> (Vec<Value>, Vec<Value>) {
    let Data { base, queries, truth, dims, smoke, source, .. } = data;
    let (dims, smoke, n) = (*dims, *smoke, base.len());
    println!();
    println!(
        "vectors: {n} × {dims} ({source}), {} queries, top {K}, single-threaded search; {}",
        queries.len(),
        machine()
    );
    println!();
    let mut libraries = Vec::new();

    // Ours, f32.
    let (ours, build_s) = build(base, Precision::F32);
    let mut points = Vec::new();
    for ef in EFS {
        let (r, qps) =
            measure(queries, truth, |q| ours.search(q, K, ef, &|_| true).iter().map(|h| h.key as usize).collect());
        points.push(Point { param: ef, recall: r, qps });
    }
    libraries.push(Library {
        name: "unified-store f32".into(),
        build_s,
        bytes_per_vector: ours.memory_bytes() as f64 / n as f64,
        points,
    });

    // Ours, int8: the top 4·k by int8 score rescored in f32 (from an in-memory f32 copy here,
    // from the rows in the store).
    let (ours8, build_s) = build(base, Precision::Int8);
    let mut points = Vec::new();
    for ef in EFS {
        let (r, qps) = measure(queries, truth, |q| {
            let mut hits: Vec<Hit> = ours8
                .search(q, 4 * K, ef, &|_| true)
                .into_iter()
                .map(|h| Hit { key: h.key, score: dot(q, &base[h.key as usize]) })
                .collect();
            hits.sort_by(|a, b| b.score.total_cmp(&a.score));
            hits.iter().take(K).map(|h| h.key as usize).collect()
        });
        points.push(Point { param: ef, recall: r, qps });
    }
    libraries.push(Library {
        name: "unified-store int8 (top 40 rescored in f32)".into(),
        build_s,
        bytes_per_vector: ours8.memory_bytes() as f64 / n as f64,
        points,
    });
    drop(ours8);

    libraries.extend(instant_distance_rows(data));

    println!("| index | build | bytes / vector | ef | recall@10 | QPS |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for lib in &libraries {
        for (i, p) in lib.points.iter().enumerate() {
            let (name, b, m) = if i == 0 {
                (lib.name.as_str(), format!("{:.1} s", lib.build_s), format!("{:.0}", lib.bytes_per_vector))
            } else {
                ("", String::new(), String::new())
            };
            println!("| {name} | {b} | {m} | {} | {:.4} | {:.0} |", p.param, p.recall, p.qps);
        }
    }

    // Exact scan vs a streaming read of the same number of bytes.
    let flat: Vec<f32> = base.iter().flatten().copied().collect();
    let bytes = (flat.len() * 4) as f64;
    let scans = if smoke { 3 } else { 50 };
    let start = Instant::now();
    let mut exact_recall = 0.0;
    for q in queries.iter().take(scans) {
        let found: Vec<usize> = ours.exact(q, K, &|_| true).iter().map(|h| h.key as usize).collect();
        exact_recall += recall(&found, &truth[queries.iter().position(|x| std::ptr::eq(x, q)).unwrap_or(0)]);
    }
    let exact_s = start.elapsed().as_secs_f64() / scans as f64;
    exact_recall /= scans as f64;
    let start = Instant::now();
    let mut total = 0.0f32;
    for _ in 0..scans {
        total += engine::kernel::sum(std::hint::black_box(&flat));
    }
    std::hint::black_box(total);
    let read_s = start.elapsed().as_secs_f64() / scans as f64;
    println!();
    println!("| exact top-{K} over {n} × {dims} f32 | ms per query | GB/s | vs streaming read |");
    println!("| --- | ---: | ---: | ---: |");
    println!(
        "| exact scan (dot kernel + top-k) | {:.2} | {:.1} | {:.2}× |",
        exact_s * 1e3,
        bytes / exact_s / 1e9,
        read_s / exact_s
    );
    println!("| streaming read (sum of every f32) | {:.2} | {:.1} | 1.00× |", read_s * 1e3, bytes / read_s / 1e9);

    // Where exact stops being as fast as the graph (ef 64).
    println!();
    println!("| vectors | exact µs / query | graph ef 64 µs / query | graph recall@10 |");
    println!("| ---: | ---: | ---: | ---: |");
    let sizes: &[usize] = if smoke { &[500, 1_000] } else { &[1_000, 2_000, 5_000, 10_000, 20_000, 50_000] };
    for &size in sizes.iter().filter(|&&s| s <= n) {
        let mut sub = VectorIndex::with_params(dims, Precision::F32, 0, engine::graph::EF_CONSTRUCTION);
        for (i, v) in base.iter().take(size).enumerate() {
            sub.insert(i as Key, v);
        }
        while sub.maintain(usize::MAX) {}
        let qs = &queries[..queries.len().min(200)];
        let start = Instant::now();
        let exact: Vec<Vec<usize>> =
            qs.iter().map(|q| sub.exact(q, K, &|_| true).iter().map(|h| h.key as usize).collect()).collect();
        let exact_us = start.elapsed().as_secs_f64() * 1e6 / qs.len() as f64;
        let start = Instant::now();
        let graph: Vec<Vec<usize>> =
            qs.iter().map(|q| sub.search(q, K, 64, &|_| true).iter().map(|h| h.key as usize).collect()).collect();
        let graph_us = start.elapsed().as_secs_f64() * 1e6 / qs.len() as f64;
        let r = graph.iter().zip(&exact).map(|(g, e)| recall(g, e)).sum::<f64>() / qs.len() as f64;
        println!("| {size} | {exact_us:.0} | {graph_us:.0} | {r:.4} |");
    }

    let libraries = libraries
        .iter()
        .map(|lib| {
            let points: Vec<Value> =
                lib.points.iter().map(|p| json!({ "param": p.param, "recall": p.recall, "qps": p.qps })).collect();
            json!({ "name": lib.name, "build_s": lib.build_s, "bytes_per_vector": lib.bytes_per_vector, "points": points })
        })
        .collect();
    let exact = vec![
        json!({ "name": "unified-store exact", "ms_per_query": exact_s * 1e3, "recall": exact_recall }),
        json!({ "name": "streaming read", "ms_per_query": read_s * 1e3, "recall": 1.0 }),
    ];
    (libraries, exact)
}

/// instant-distance 0.6.1 (M = 32, ef_construction 100, ef_search fixed per build; its build
/// uses every core through rayon) at each `BENCH_ID_EF`. Native only: it is no dependency
/// of the wasm build.
#[cfg(not(target_family = "wasm"))]
fn instant_distance_rows(data: &Data) -> Vec<Library> {
    #[derive(Clone)]
    struct IdPoint(std::sync::Arc<[f32]>);

    impl instant_distance::Point for IdPoint {
        fn distance(&self, other: &Self) -> f32 {
            1.0 - dot(&self.0, &other.0)
        }
    }

    let Data { base, queries, truth, dims, smoke, .. } = data;
    let (dims, n) = (*dims, base.len());
    let mut libraries = Vec::new();
    let id_efs: Vec<usize> = std::env::var("BENCH_ID_EF")
        .unwrap_or_else(|_| if *smoke { String::new() } else { "32".into() })
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    for ef in id_efs {
        let points_in: Vec<IdPoint> = base.iter().map(|v| IdPoint(v.as_slice().into())).collect();
        let values: Vec<Key> = (0..n as Key).collect();
        let start = Instant::now();
        let map =
            instant_distance::Builder::default().ef_construction(100).ef_search(ef).seed(1).build(points_in, values);
        let build_s = start.elapsed().as_secs_f64();
        let mut search = instant_distance::Search::default();
        let (r, qps) = measure(queries, truth, |q| {
            map.search(&IdPoint(q.into()), &mut search).take(K).map(|item| *item.value as usize).collect()
        });
        libraries.push(Library {
            name: format!(
                "instant-distance 0.6.1 (ef_search {ef}, {} threads build)",
                std::thread::available_parallelism().map_or(1, |n| n.get())
            ),
            build_s,
            // Its points (the vectors, one allocation each here) and M = 32 links of u32 on layer 0.
            bytes_per_vector: (dims * 4 + 2 * 32 * 4 + 8) as f64,
            points: vec![Point { param: ef, recall: r, qps }],
        });
    }

    libraries
}

#[cfg(target_family = "wasm")]
fn instant_distance_rows(_: &Data) -> Vec<Library> {
    Vec::new()
}
