"""Reference vector-search libraries on the benchmark's real embeddings, and the recall/QPS plot.

Run through scripts/vectors-reference (benchmark) and scripts/plot-vectors (plot): they make
the virtualenv with the pinned packages. Reads the cache made by scripts/embed-corpus:
${USTORE_VECTORS:-~/.cache/unified-store/vectors}/{base,queries}.f32 (+ manifest.json).

  vectors_reference.py bench            -> gt.i32 (exact top-10), reference.json, a table
  vectors_reference.py plot OUT.png [--reference FILE] [--ours FILE]

bench environment: VREF_N (base size, default all 100,000; a smaller run writes
reference-n{N}.json and gt-n{N}.i32 instead), VREF_M32=0 skips hnswlib M=32,
VREF_SQLITE_QUERIES (default 100) and VREF_NUMPY_QUERIES (default 100).

Method. Vectors are L2-normalised, so cosine = inner product. Ground truth: exact top-10 by
inner product over the whole base, computed in float64 (ties broken by the smaller id).
Builds use all cores; every search runs ONE query at a time on ONE thread (the Python call
overhead, a few microseconds, is included in QPS). recall@10 = |returned ∩ true top-10| / 10,
averaged over the queries.
"""

import json
import os
import platform
import sys
import tempfile
import time

import numpy as np

DIMS = 384
K = 10
EFS = [10, 16, 24, 32, 48, 64, 96, 128, 192, 256]


def cache_dir():
    return os.environ.get("USTORE_VECTORS") or os.path.join(os.path.expanduser("~"), ".cache", "unified-store", "vectors")


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def load(cache, name, rows=None):
    path = os.path.join(cache, name)
    a = np.fromfile(path, dtype="<f4")
    if a.size % DIMS:
        sys.exit(f"{path}: size is not a multiple of {DIMS} f32")
    a = a.reshape(-1, DIMS)
    return np.ascontiguousarray(a[:rows] if rows else a)


def sha256(path):
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def ground_truth(cache, base, queries, full):
    """Exact top-K ids (int32, queries x K), cached as gt.i32 with gt.json naming its inputs."""
    n = len(base)
    stem = "gt" if full else f"gt-n{n}"
    path, meta_path = os.path.join(cache, stem + ".i32"), os.path.join(cache, stem + ".json")
    meta = {
        "n": n,
        "queries": len(queries),
        "k": K,
        "metric": "inner product (= cosine; vectors are L2-normalised), float64, ties to the smaller id",
        "base.f32": sha256(os.path.join(cache, "base.f32")),
        "queries.f32": sha256(os.path.join(cache, "queries.f32")),
        "layout": "int32 little-endian, row-major, queries x k, best first",
    }
    if os.path.exists(path) and os.path.exists(meta_path):
        with open(meta_path) as f:
            if json.load(f) == meta:
                gt = np.fromfile(path, dtype="<i4").reshape(len(queries), K)
                print(f"ground truth: reusing {path}")
                return gt
    t = time.perf_counter()
    b64 = base.astype(np.float64)
    gt = np.empty((len(queries), K), dtype=np.int32)
    for s in range(0, len(queries), 100):
        scores = queries[s : s + 100].astype(np.float64) @ b64.T
        for j, row in enumerate(scores):
            cand = np.argpartition(-row, K)[: K * 4]  # a margin for ties at the boundary
            order = np.lexsort((cand, -row[cand]))[:K]
            gt[s + j] = cand[order]
    gt.astype("<i4").tofile(path)
    with open(meta_path, "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    print(f"ground truth: exact top-{K} of {len(queries)} queries over {n} in {time.perf_counter() - t:.1f}s -> {path}")
    return gt


def recall(results, gt):
    return float(np.mean([len(set(map(int, r)) & set(map(int, g))) / K for r, g in zip(results, gt)]))


def sweep(name, queries, gt, set_param, search_one):
    points = []
    for ef in EFS:
        set_param(ef)
        for q in queries[:20]:  # warm up
            search_one(q)
        t = time.perf_counter()
        res = [search_one(q) for q in queries]
        el = time.perf_counter() - t
        points.append({"param": ef, "recall": round(recall(res, gt), 5), "qps": round(len(queries) / el, 1)})
        print(f"  {name:<16} ef={ef:<4} recall@10={points[-1]['recall']:.4f}  {points[-1]['qps']:>9.0f} QPS")
    return points


def bench_hnswlib(base, queries, gt, m):
    import hnswlib

    threads = os.cpu_count() or 1
    idx = hnswlib.Index(space="ip", dim=DIMS)
    idx.init_index(max_elements=len(base), ef_construction=200, M=m, random_seed=100)
    idx.set_num_threads(threads)
    t = time.perf_counter()
    idx.add_items(base, np.arange(len(base)), num_threads=threads)
    build = time.perf_counter() - t
    name = f"hnswlib M={m}"
    print(f"{name}: built in {build:.1f}s on {threads} threads")
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "index.bin")
        idx.save_index(p)
        bpv = os.path.getsize(p) / len(base)
    idx.set_num_threads(1)
    points = sweep(name, queries, gt, idx.set_ef, lambda q: idx.knn_query(q, k=K, num_threads=1)[0][0])
    return {"name": name, "build_s": round(build, 2), "bytes_per_vector": round(bpv, 1), "points": points}


def bench_usearch(base, queries, gt, m):
    from usearch.index import Index

    threads = os.cpu_count() or 1
    idx = Index(ndim=DIMS, metric="ip", dtype="f32", connectivity=m, expansion_add=200, expansion_search=64)
    t = time.perf_counter()
    idx.add(np.arange(len(base), dtype=np.uint64), base, threads=threads)
    build = time.perf_counter() - t
    name = f"usearch M={m}"
    print(f"{name}: built in {build:.1f}s on {threads} threads")
    bpv = idx.serialized_length / len(base) if hasattr(idx, "serialized_length") else None

    def set_ef(ef):
        idx.expansion_search = ef

    points = sweep(name, queries, gt, set_ef, lambda q: idx.search(q, K, threads=1).keys)
    return {"name": name, "build_s": round(build, 2), "bytes_per_vector": round(bpv, 1) if bpv else None, "points": points}


def bench_sqlite_vec(base, queries, gt):
    import apsw
    import sqlite_vec

    conn = apsw.Connection(":memory:")
    conn.enable_load_extension(True)
    conn.load_extension(sqlite_vec.loadable_path())
    (version,) = conn.execute("select vec_version()").fetchone()
    conn.execute(f"create virtual table v using vec0(embedding float[{DIMS}] distance_metric=cosine)")
    t = time.perf_counter()
    with conn:
        conn.executemany("insert into v(rowid, embedding) values (?, ?)", ((i, base[i].tobytes()) for i in range(len(base))))
    build = time.perf_counter() - t
    nq = min(int(os.environ.get("VREF_SQLITE_QUERIES", "100")), len(queries))
    sql = "select rowid from v where embedding match ? and k = ? order by distance"
    conn.execute(sql, (queries[0].tobytes(), K)).fetchall()  # warm up
    t = time.perf_counter()
    res = [[r for (r,) in conn.execute(sql, (q.tobytes(), K))] for q in queries[:nq]]
    ms = (time.perf_counter() - t) * 1000 / nq
    r = recall(res, gt[:nq])
    print(f"sqlite-vec {version}: loaded in {build:.1f}s; exact KNN {ms:.2f} ms/query, recall@10 {r:.4f} ({nq} queries)")
    return {"name": "sqlite-vec", "note": f"{version}, vec0 float[{DIMS}] distance_metric=cosine, exact (brute force), apsw", "ms_per_query": round(ms, 3), "recall": round(r, 5), "queries": nq, "load_s": round(build, 2)}


def bench_numpy(base, queries, gt):
    nq = min(int(os.environ.get("VREF_NUMPY_QUERIES", "100")), len(queries))

    def top(q):
        s = base @ q
        c = np.argpartition(-s, K)[:K]
        return c[np.argsort(-s[c])]

    top(queries[0])
    t = time.perf_counter()
    res = [top(q) for q in queries[:nq]]
    ms = (time.perf_counter() - t) * 1000 / nq
    r = recall(res, gt[:nq])
    print(f"numpy {np.__version__}: brute force f32 {ms:.2f} ms/query, recall@10 {r:.4f} ({nq} queries, BLAS threads=1)")
    return {"name": "numpy", "note": "brute force base @ q + argpartition, f32, 1 BLAS thread", "ms_per_query": round(ms, 3), "recall": round(r, 5), "queries": nq}


def print_table(rep):
    print()
    print(f"machine: {rep['machine']}")
    print(f"n={rep['n']} dims={rep['dims']} queries={rep.get('queries')} k={K}; search: one query at a time, one thread")
    print(f"{'library':<18} {'build s':>8} {'B/vector':>9}   {'ef@0.95':>7} {'recall':>7} {'QPS':>9}   best recall (ef, QPS)")
    for lib in rep["libraries"]:
        hit = next((p for p in lib["points"] if p["recall"] >= 0.95), None)
        best = max(lib["points"], key=lambda p: p["recall"])
        bpv = f"{lib['bytes_per_vector']:.0f}" if lib.get("bytes_per_vector") else "-"
        h = f"{hit['param']:>7} {hit['recall']:>7.4f} {hit['qps']:>9.0f}" if hit else f"{'-':>7} {'-':>7} {'-':>9}"
        print(f"{lib['name']:<18} {lib['build_s']:>8.1f} {bpv:>9}   {h}   {best['recall']:.4f} ({best['param']}, {best['qps']:.0f})")
    for e in rep.get("exact", []):
        print(f"{e['name'] + ' (exact)':<40} {e['ms_per_query']:>8.2f} ms/query  recall@10 {e['recall']:.4f}  ({1000 / e['ms_per_query']:.0f} QPS)")


def cmd_bench():
    cache = cache_dir()
    if not os.path.exists(os.path.join(cache, "base.f32")):
        sys.exit(f"no {cache}/base.f32: run scripts/embed-corpus first")
    total = os.path.getsize(os.path.join(cache, "base.f32")) // (4 * DIMS)
    n = int(os.environ.get("VREF_N", total))
    if not 0 < n <= total:
        sys.exit(f"VREF_N must be 1..{total}")
    full = n == total
    base, queries = load(cache, "base.f32", n), load(cache, "queries.f32")
    norms = np.linalg.norm(base[:1000], axis=1)
    if not np.allclose(norms, 1, atol=1e-3):
        sys.exit("base vectors are not L2-normalised")
    print(f"base {base.shape}, queries {queries.shape} from {cache}")
    gt = ground_truth(cache, base, queries, full)

    import hnswlib  # noqa: F401  (versions for the report)
    import usearch

    libs = [bench_hnswlib(base, queries, gt, 16)]
    if os.environ.get("VREF_M32", "1") != "0":
        libs.append(bench_hnswlib(base, queries, gt, 32))
    libs.append(bench_usearch(base, queries, gt, 16))
    exact = [bench_sqlite_vec(base, queries, gt), bench_numpy(base, queries, gt)]
    from importlib.metadata import version

    corpus = None
    mpath = os.path.join(cache, "manifest.json")
    if os.path.exists(mpath):
        with open(mpath) as f:
            m = json.load(f)
        corpus = f"{m.get('corpus')} {m.get('corpus_version')}; {m.get('model')} {m.get('model_version')}"
    rep = {
        "machine": machine(),
        "corpus": corpus,
        "n": n,
        "dims": DIMS,
        "queries": len(queries),
        "k": K,
        "versions": {p: version(p) for p in ("numpy", "hnswlib", "usearch", "sqlite-vec", "apsw")},
        "method": "exact ground truth by inner product; builds on all cores; search one query at a time on one thread, Python call overhead included",
        "libraries": libs,
        "exact": exact,
    }
    out = os.path.join(cache, "reference.json" if full else f"reference-n{n}.json")
    with open(out, "w") as f:
        json.dump(rep, f, indent=2)
        f.write("\n")
    print_table(rep)
    print(f"\nwrote {out}")


def cmd_plot(argv):
    import argparse

    ap = argparse.ArgumentParser(prog="scripts/plot-vectors", description="recall@10 vs QPS of reference.json (+ ours.json)")
    ap.add_argument("out", help="PNG to write, e.g. docs/vector-recall-qps.png")
    ap.add_argument("--reference", default=os.path.join(cache_dir(), "reference.json"))
    ap.add_argument("--ours", default=os.path.join(cache_dir(), "ours.json"))
    a = ap.parse_args(argv)

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    reports = []
    for path, ours in ((a.reference, False), (a.ours, True)):
        if os.path.exists(path):
            with open(path) as f:
                reports.append((json.load(f), ours))
        elif not ours:
            sys.exit(f"no {path}: run scripts/vectors-reference first")
    ref = reports[0][0]
    fig, ax = plt.subplots(figsize=(9, 6), dpi=130)
    markers = iter("os^vDP*Xph<>" * 3)
    for rep, ours in reports:
        for lib in rep.get("libraries", []):
            pts = sorted(lib["points"], key=lambda p: p["param"])
            xs, ys = [p["recall"] for p in pts], [p["qps"] for p in pts]
            label = lib["name"] + (f" (build {lib['build_s']:.0f} s)" if lib.get("build_s") is not None else "")
            ax.plot(xs, ys, marker=next(markers), markersize=4, linewidth=2.2 if ours else 1.4, linestyle="-" if ours else "--", label=label)
        for e in rep.get("exact", []):
            ax.scatter([e["recall"]], [1000.0 / e["ms_per_query"]], marker="*" if ours else "x", s=70, zorder=3, label=f"{e['name']} (exact)")
    ax.axvline(0.95, color="grey", linestyle=":", linewidth=1)
    ax.text(0.951, 0.02, "recall 0.95", transform=ax.get_xaxis_transform(), color="grey", fontsize=8)
    ax.set_yscale("log")
    ax.set_xlabel("recall@10")
    ax.set_ylabel("queries per second (one thread, log scale)")
    ax.set_title(f"top-10 over {ref['n']:,} x {ref['dims']}-d real text embeddings (all-MiniLM-L6-v2 of WordNet 3.1 glosses)", fontsize=10)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, loc="lower left")
    fig.text(0.01, 0.005, ref.get("machine", ""), fontsize=6, color="grey")
    fig.tight_layout(rect=(0, 0.02, 1, 1))
    fig.savefig(a.out)
    print(f"wrote {a.out} ({', '.join(os.path.basename(p) for p, _ in ((a.reference, 0), (a.ours, 1)) if os.path.exists(p))})")


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "bench":
        cmd_bench()
    elif len(sys.argv) >= 2 and sys.argv[1] == "plot":
        cmd_plot(sys.argv[2:])
    else:
        sys.exit("usage: vectors_reference.py bench | plot OUT.png [--reference FILE] [--ours FILE]")
