//! Encryption at rest, measured (docs/benchmarks.md, "Encryption at rest"; docs/decisions.md,
//! "Encryption at rest: the page cipher"):
//!
//! 1. A table: stores encrypted page by page with SQLite3 Multiple Ciphers next to a plaintext
//!    store, the same workload in the same run, each step interleaved so every side sees the
//!    same machine noise: appending `BENCH_MESSAGES` messages (default 100,000) through
//!    `append_batch`, FTS search p50/p99 over 1,000 queries, and opening the filled store.
//!    By default one encrypted side, with the store's own scheme; `BENCH_SCHEMES=all` adds
//!    every cipher SQLite3 Multiple Ciphers offers (how the scheme was chosen);
//!    `BENCH_CACHE_MIB` gives both sides another page cache (`StoreConfig::cache_mib`).
//!    `BENCH_SCHEMES=software` has every cipher in portable code, for a build of the
//!    amalgamation without AES instructions (`CFLAGS="-DSQLITE3MC_OMIT_AES_HARDWARE_SUPPORT
//!    -DAEGIS_OMIT_AES_HARDWARE_SUPPORT"`), as WebAssembly runs it.
//! 2. Criterion, on the stores the table filled: opening, `append_batch_1000` and 10 searches,
//!    plaintext next to encrypted; then the envelope secret fields are sealed in
//!    (`crypto/envelope.rs`) next to the raw `aes-gcm` crate on the same buffers (64 B, 1 KiB,
//!    64 KiB).
//!
//! `cargo bench -p unified-store --features test-hooks --bench encryption`; run as a test
//! (`cargo test --benches`) it uses 2,000 messages and runs each criterion bench once.

// A benchmark is a program run by hand: aborting on a failed call (with its message) is the
// right way to fail, and its items need no docs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[allow(dead_code)] // each bench uses part of it
mod common;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use common::{BATCH, HITS, QUERIES, StoreSide, THREADS, Vocabulary, Workload};
use criterion::{BatchSize, BenchmarkId, Criterion, SamplingMode, Throughput};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use unified_store::{EnvelopeForMeasurement, Store, StoreConfig, StoreKey, use_scheme_for_measurement};

/// The data key of every encrypted side.
const KEY: [u8; 32] = [0x5a; 32];
/// Searches run on each side before timing, so none starts with a cold page cache.
const WARM_UP_QUERIES: usize = 100;
/// Opens timed per side (each followed by a close).
const OPENS: usize = 30;
/// Sizes of the secrets sealed in the envelope bench.
const SECRET_SIZES: [usize; 3] = [64, 1024, 64 * 1024];

/// A cipher scheme, as `cipher::SCHEME` spells one.
type Scheme = &'static [(&'static str, &'static str)];

// The other schemes SQLite3 Multiple Ciphers offers, each set explicitly, with the page format
// options the store's scheme uses where the cipher has them.
const SQLCIPHER: Scheme = &[
    ("cipher", "sqlcipher"),
    // SQLCipher 4's format: AES-256-CBC, HMAC-SHA512 per page, 4 KiB pages.
    ("legacy", "4"),
    ("mc_legacy_wal", "0"),
];
const AEGIS_256: Scheme =
    &[("cipher", "aegis"), ("algorithm", "aegis-256"), ("plaintext_header_size", "0"), ("mc_legacy_wal", "0")];
const ASCON128: Scheme = &[("cipher", "ascon128"), ("plaintext_header_size", "0"), ("mc_legacy_wal", "0")];
/// ChaCha20-Poly1305 with libsodium's SIMD ChaCha20 turned off (process-wide): the portable C
/// a runtime without SSSE3 or NEON gets, as WebAssembly does.
const CHACHA20_SCALAR: Scheme = &[
    ("mc_chacha20_hwaccel", "off"),
    ("cipher", "chacha20"),
    ("legacy", "0"),
    ("plaintext_header_size", "0"),
    ("mc_legacy_wal", "0"),
];

/// How a side's store is opened.
#[derive(Clone, Copy)]
enum Kind {
    Plaintext,
    /// Encrypted with the store's own scheme (`None`) or another.
    Encrypted(Option<Scheme>),
}

struct Side {
    name: &'static str,
    kind: Kind,
    path: PathBuf,
}

impl Side {
    fn open(&self) -> Store {
        // No search budget: a slow cipher on a loaded machine must be timed, not interrupted.
        // BENCH_CACHE_MIB: another page cache for both sides (the store's default otherwise).
        let base = StoreConfig::file(self.path.to_str().expect("a UTF-8 path"));
        let cache_mib = std::env::var("BENCH_CACHE_MIB").ok().map_or(base.cache_mib, |mib| mib.parse().expect("MiB"));
        let config = StoreConfig { search_timeout_ms: 0, cache_mib, ..base };
        match self.kind {
            Kind::Plaintext => Store::open(&config),
            Kind::Encrypted(scheme) => {
                use_scheme_for_measurement(scheme);
                let store = Store::open_with_raw_key(&config, &KEY);
                use_scheme_for_measurement(None);
                store
            }
        }
        .unwrap_or_else(|error| panic!("open the {} store: {error}", self.name))
    }
}

fn main() {
    let count = common::message_count_or(100_000);
    let schemes = std::env::var("BENCH_SCHEMES").unwrap_or_default();
    let work = common::scratch_dir();
    let mut sides = vec![("plaintext", Kind::Plaintext)];
    let others = [
        ("sqlcipher (AES-256-CBC + HMAC-SHA512)", Kind::Encrypted(Some(SQLCIPHER))),
        ("aegis-256", Kind::Encrypted(Some(AEGIS_256))),
        ("ascon128", Kind::Encrypted(Some(ASCON128))),
    ];
    match schemes.as_str() {
        "" => sides.push(("encrypted (store's scheme)", Kind::Encrypted(None))),
        "all" => {
            sides.push(("encrypted (store's scheme)", Kind::Encrypted(None)));
            sides.extend(others);
        }
        // Every cipher in portable code, for a build of SQLite3 Multiple Ciphers without its
        // AES instructions (docs/benchmarks.md, "Encryption at rest"): what WebAssembly runs.
        "software" => {
            sides.push(("chacha20 (scalar)", Kind::Encrypted(Some(CHACHA20_SCALAR))));
            sides.extend(others);
        }
        other => panic!("BENCH_SCHEMES is all, software or unset, not {other:?}"),
    }
    let sides: Vec<Side> = sides
        .into_iter()
        .enumerate()
        .map(|(i, (name, kind))| Side { name, kind, path: work.path().join(format!("side{i}.db")) })
        .collect();

    let threads = table(&sides, count);

    let mut criterion = Criterion::default().configure_from_args();
    stores(&mut criterion, &sides[..2], &threads[..2]);
    key_file_opens(&mut criterion, work.path());
    envelope(&mut criterion);
    criterion.final_summary();
}

/// The side-by-side table; returns each side's thread ids, for criterion.
fn table(sides: &[Side], count: usize) -> Vec<Vec<String>> {
    let started = Instant::now();
    let stores: Vec<StoreSide> = sides.iter().map(|side| StoreSide::create_in(side.open())).collect();
    // Same threads, in the same order, on every side: a draft names its thread by index.
    let threads: Vec<Vec<String>> = stores.iter().map(|store| store.threads.clone()).collect();

    eprintln!("appending {count} messages to each of {} stores…", sides.len());
    let mut append = vec![Duration::ZERO; sides.len()];
    let mut workload = Workload::new(1);
    let mut appended = 0;
    let mut round = 0;
    while appended < count {
        let batch = workload.batch(BATCH.min(count - appended));
        for i in rotation(sides.len(), round) {
            let messages = stores[i].new_messages(&batch);
            let start = Instant::now();
            assert_eq!(stores[i].append(&messages), batch.len());
            append[i] += start.elapsed();
        }
        appended += batch.len();
        round += 1;
    }
    eprintln!("  done in {:.0} s", started.elapsed().as_secs_f64());

    let queries = Vocabulary::new().queries(if common::is_bench() { QUERIES } else { 100 });
    eprintln!("searching {} queries on each store…", queries.len());
    for query in queries.iter().take(WARM_UP_QUERIES) {
        let hits: Vec<usize> = stores.iter().map(|store| store.search(query)).collect();
        assert!(hits.iter().all(|&h| h == hits[0]), "every side finds the same hits for {query:?}");
    }
    let mut search = vec![Vec::with_capacity(queries.len()); sides.len()];
    for (round, query) in queries.iter().enumerate() {
        let mut hits = vec![0; sides.len()];
        for i in rotation(sides.len(), round) {
            let start = Instant::now();
            hits[i] = stores[i].search(query);
            search[i].push(start.elapsed());
        }
        assert!(hits.iter().all(|&h| h == hits[0]), "every side finds the same hits for {query:?}");
    }
    eprintln!("  done in {:.0} s", started.elapsed().as_secs_f64());

    for store in stores {
        store.store.close().expect("close a store");
    }
    let opens = if common::is_bench() { OPENS } else { 3 };
    eprintln!("opening each store {opens} times…");
    let mut open = vec![Vec::with_capacity(opens); sides.len()];
    for round in 0..opens {
        for i in rotation(sides.len(), round) {
            let start = Instant::now();
            let store = sides[i].open();
            open[i].push(start.elapsed());
            store.close().expect("close a store");
        }
    }
    eprintln!("  done in {:.0} s", started.elapsed().as_secs_f64());
    for times in search.iter_mut().chain(open.iter_mut()) {
        times.sort();
    }

    println!();
    println!(
        "Encryption at rest: {count} messages of ~200 bytes in {THREADS} threads, batches of {BATCH}, \
         {} searches ({HITS} hits), {opens} opens; SQLite {}",
        queries.len(),
        rusqlite::version()
    );
    let sizes: Vec<String> = sides.iter().map(|side| mebibytes(&side.path)).collect();
    println!(
        "file sizes: {}",
        sides.iter().zip(&sizes).map(|(s, m)| format!("{} {m}", s.name)).collect::<Vec<_>>().join(", ")
    );
    println!();
    println!("| measure | {} |", sides.iter().map(|side| side.name).collect::<Vec<_>>().join(" | "));
    println!("| --- |{}", " ---: |".repeat(sides.len()));
    let rate: Vec<f64> = append.iter().map(|time| count as f64 / time.as_secs_f64()).collect();
    row("append, total", &append.iter().map(|t| t.as_secs_f64()).collect::<Vec<_>>(), |v| format!("{v:.2} s"));
    row("append throughput (msg/s)", &rate, |v| format!("{v:.0}"));
    for (name, p) in [("FTS p50", 50.0), ("FTS p99", 99.0)] {
        let values: Vec<f64> = search.iter().map(|times| common::percentile(times, p).as_secs_f64() * 1e3).collect();
        row(name, &values, |v| format!("{v:.2} ms"));
    }
    for (name, p) in [("open p50", 50.0), ("open p99", 99.0)] {
        let values: Vec<f64> = open.iter().map(|times| common::percentile(times, p).as_secs_f64() * 1e3).collect();
        row(name, &values, |v| format!("{v:.2} ms"));
    }
    println!();
    println!("Each cell: the figure, then its ratio to plaintext (time, or throughput for msg/s); goal ≤ 1.15× time.");
    println!("whole table {:.0} s", started.elapsed().as_secs_f64());
    threads
}

/// One table row: each side's value and its ratio to the first side's.
fn row(name: &str, values: &[f64], format: impl Fn(f64) -> String) {
    let cells: Vec<String> = values.iter().map(|&v| format!("{} ({:.2}×)", format(v), v / values[0])).collect();
    println!("| {name} | {} |", cells.join(" | "));
}

/// The order the sides go in for round `round`: each side first in turn.
fn rotation(sides: usize, round: usize) -> impl Iterator<Item = usize> {
    (0..sides).map(move |i| (i + round) % sides)
}

fn mebibytes(path: &Path) -> String {
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// Criterion on the filled stores, plaintext next to encrypted with the store's scheme.
fn stores(c: &mut Criterion, sides: &[Side], threads: &[Vec<String>]) {
    let mut group = c.benchmark_group("open");
    group.sample_size(20);
    for side in sides {
        group.bench_function(side.name, |b| b.iter_with_large_drop(|| side.open()));
    }
    group.finish();

    let opened: Vec<StoreSide> = sides
        .iter()
        .zip(threads)
        .map(|(side, threads)| StoreSide { store: side.open(), threads: threads.clone() })
        .collect();
    let mut group = c.benchmark_group("append_batch_1000");
    group.throughput(Throughput::Elements(BATCH as u64));
    group.sample_size(20).measurement_time(Duration::from_secs(15));
    let mut workload = Workload::new(2);
    for (side, store) in sides.iter().zip(&opened) {
        group.bench_function(side.name, |b| {
            b.iter_batched(
                || store.new_messages(&workload.batch(BATCH)),
                |messages| store.append(&messages),
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();

    // The same 10 queries (every 100th) per iteration, as the messages bench does.
    let queries: Vec<String> = Vocabulary::new().queries(QUERIES).into_iter().step_by(QUERIES / 10).collect();
    let mut group = c.benchmark_group("search");
    group.throughput(Throughput::Elements(queries.len() as u64));
    group.sampling_mode(SamplingMode::Flat).sample_size(10).measurement_time(Duration::from_secs(15));
    for (side, store) in sides.iter().zip(&opened) {
        group.bench_function(side.name, |b| b.iter(|| queries.iter().map(|q| store.search(q)).sum::<usize>()));
    }
    group.finish();
    for store in opened {
        store.store.close().expect("close a store");
    }
}

/// Opening as an app does, through the key file: a raw key (AES-GCM unwraps the data key), and
/// a passphrase stretched first with Argon2id at `KdfParams::DEFAULT` (19 MiB, 2 passes, 1
/// lane). On a small store: the cost is the key file, the KDF and three keyed connections.
fn key_file_opens(c: &mut Criterion, dir: &Path) {
    let mut group = c.benchmark_group("open_with_key_file");
    group.sample_size(20);
    let keys = [
        ("raw_key", StoreKey::Raw { bytes: KEY.to_vec() }),
        ("passphrase_argon2id_19mib_2_1", StoreKey::Passphrase { passphrase: "correct horse battery staple".into() }),
    ];
    for (name, key) in keys {
        let path = dir.join(format!("{name}.db"));
        let config = StoreConfig::encrypted(path.to_str().expect("a UTF-8 path"), key);
        Store::open(&config).and_then(|store| store.close()).expect("create the store");
        group.bench_function(name, |b| b.iter_with_large_drop(|| Store::open(&config).expect("open")));
    }
    group.finish();
}

/// The envelope next to the raw `aes-gcm` crate: the same key, the same secret, a fresh
/// random 96-bit nonce per seal on both sides (as any correct use needs), the same associated
/// data. The envelope adds its version and key id, builds the associated data from the place
/// on each call and wipes what it opens; the raw side keeps one `Aes256Gcm`.
fn envelope(c: &mut Criterion) {
    let envelope = EnvelopeForMeasurement::new(&KEY).expect("a 32-byte key");
    let raw = Aes256Gcm::new(&KEY.into());
    let place = ("ai_provider_configs", "api_key", "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
    // The same associated data the envelope binds (crypto/envelope.rs, `aad`), made once: the
    // raw side does the same cryptographic work on the same bytes, without the envelope's
    // framing, key look-up and wiping.
    let mut aad = b"unified-store secret v1\0".to_vec();
    aad.extend_from_slice(&[1; 9]); // as long as the envelope's header (version, key id)
    for part in [place.0, place.1, place.2] {
        aad.extend_from_slice(&u32::try_from(part.len()).expect("short").to_be_bytes());
        aad.extend_from_slice(part.as_bytes());
    }
    let aad = aad.as_slice();
    let raw_seal = |secret: &[u8]| {
        let mut nonce = [0u8; 12];
        getrandom::fill(&mut nonce).expect("random nonce");
        let mut out = nonce.to_vec();
        out.extend(raw.encrypt(&Nonce::from(nonce), Payload { msg: secret, aad }).expect("encrypt"));
        out
    };
    let raw_open = |sealed: &[u8]| {
        let (nonce, ciphertext) = sealed.split_at(12);
        let nonce: [u8; 12] = nonce.try_into().expect("12 bytes");
        raw.decrypt(&Nonce::from(nonce), Payload { msg: ciphertext, aad }).expect("decrypt")
    };

    for (operation, is_seal) in [("envelope_seal", true), ("envelope_open", false)] {
        let mut group = c.benchmark_group(operation);
        for size in SECRET_SIZES {
            let secret: Vec<u8> = (0..size).map(|i| (i * 31 % 251) as u8).collect();
            group.throughput(Throughput::Bytes(size as u64));
            if is_seal {
                group.bench_with_input(BenchmarkId::new("envelope", size), &secret, |b, secret| {
                    b.iter(|| envelope.seal(black_box(secret), place.0, place.1, place.2).expect("seal"))
                });
                group.bench_with_input(BenchmarkId::new("raw_aes_gcm", size), &secret, |b, secret| {
                    b.iter(|| raw_seal(black_box(secret)))
                });
            } else {
                let sealed = envelope.seal(&secret, place.0, place.1, place.2).expect("seal");
                assert_eq!(envelope.open(&sealed, place.0, place.1, place.2).expect("open").as_slice(), secret);
                group.bench_with_input(BenchmarkId::new("envelope", size), &sealed, |b, sealed| {
                    b.iter(|| envelope.open(black_box(sealed), place.0, place.1, place.2).expect("open"))
                });
                let sealed = raw_seal(&secret);
                assert_eq!(raw_open(&sealed), secret);
                group.bench_with_input(BenchmarkId::new("raw_aes_gcm", size), &sealed, |b, sealed| {
                    b.iter(|| raw_open(black_box(sealed)))
                });
            }
        }
        group.finish();
    }
}
