//! Importing chat histories (docs/benchmarks.md, "Importing chat histories"): a generated
//! ChatGPT export of about 100 MB (branches, code, images in multimodal messages) and a Claude
//! export of the same size, each imported into a fresh store file. Prints conversations and
//! megabytes per second, how long each step between two pauses took (what a reader waits for
//! on OPFS, where reads share the one connection), and the peak memory of the import (VmHWM,
//! reset before it through /proc/self/clear_refs).
//!
//!   cargo bench -p unified-store --bench import           about 100 MB per format
//!   IMPORT_MB=20 cargo bench -p unified-store --bench import
//!
//! Run as a test (`cargo test --benches`, scripts/test) it imports 2 MB, to prove it runs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[allow(dead_code)] // each bench uses part of it
mod common;

use common::{Rng, is_bench};
use serde_json::{Value, json};
use std::cell::{Cell, RefCell};
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::{Duration, Instant};
use unified_store::{ChatFormat, ImportOptions, NewUser, NewWorkspace, Store, StoreConfig};

const WORDS: &[&str] = &[
    "the",
    "tide",
    "harbour",
    "lighthouse",
    "lens",
    "rust",
    "kotlin",
    "swift",
    "thread",
    "message",
    "search",
    "index",
    "query",
    "store",
    "browser",
    "worker",
    "import",
    "export",
    "branch",
    "model",
    "answer",
    "question",
    "because",
    "however",
    "sourdough",
    "starter",
    "flour",
    "water",
    "salt",
    "oven",
    "schedule",
    "travel",
    "lisbon",
    "tram",
    "river",
    "code",
    "function",
    "error",
    "result",
    "vector",
    "memory",
    "stream",
    "parse",
];

/// `words` random words (the count drawn from `min` plus up to `spread` more).
fn words(rng: &mut Rng, min: usize, spread: usize) -> String {
    let count = min + rng.below(spread.max(1));
    sentence(rng, count)
}

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut text = String::new();
    for at in 0..words {
        if at > 0 {
            text.push(' ');
        }
        text.push_str(WORDS[rng.below(WORDS.len())]);
    }
    text.push('.');
    text
}

/// One ChatGPT conversation: turns of user and assistant, a regenerated answer now and then
/// (a branch), code and images among the contents. Returns it and its message count.
fn chatgpt(id: usize, rng: &mut Rng) -> (Value, usize) {
    let mut mapping = serde_json::Map::new();
    mapping.insert("root".into(), json!({"id": "root", "message": null, "parent": null, "children": []}));
    let start = 1_600_000_000.0 + id as f64 * 3_600.0;
    let mut parent = "root".to_owned();
    let mut count = 0;
    let turns = 6 + rng.below(20);
    for turn in 0..turns {
        let key = format!("n{turn}");
        let (role, content) = if turn % 2 == 0 {
            let content = if rng.below(10) == 0 {
                json!({"content_type": "multimodal_text", "parts": [
                    {"content_type": "image_asset_pointer", "asset_pointer": format!("file-service://file-{id}x{turn}"), "size_bytes": 40_000, "width": 512, "height": 512},
                    sentence(rng, 12)]})
            } else {
                json!({"content_type": "text", "parts": [words(rng, 10, 40)]})
            };
            ("user", content)
        } else if rng.below(6) == 0 {
            (
                "assistant",
                json!({"content_type": "code", "language": "python", "text": format!("def f(x):\n    return x * {turn}\n# {}", sentence(rng, 20))}),
            )
        } else {
            ("assistant", json!({"content_type": "text", "parts": [words(rng, 40, 160)]}))
        };
        let time = start + turn as f64 * 30.0;
        mapping.insert(
            key.clone(),
            json!({"id": key, "parent": parent, "children": [], "message": {
            "id": key, "author": {"role": role, "name": null, "metadata": {}}, "create_time": time, "update_time": null,
            "content": content, "status": "finished_successfully", "end_turn": true, "weight": 1.0,
            "metadata": {"model_slug": "gpt-4o"}, "recipient": "all"}}),
        );
        count += 1;
        if role == "assistant" && rng.below(5) == 0 {
            // A regenerated answer: a sibling branch of the same question.
            let branch = format!("{key}b");
            mapping.insert(branch.clone(), json!({"id": branch, "parent": parent, "children": [], "message": {
                "id": branch, "author": {"role": "assistant"}, "create_time": time + 5.0,
                "content": {"content_type": "text", "parts": [sentence(rng, 60)]}, "metadata": {"model_slug": "gpt-4"}}}));
            count += 1;
        }
        parent = key;
    }
    let conversation = json!({"title": sentence(rng, 4), "create_time": start, "update_time": start + 900.0,
        "mapping": mapping, "current_node": parent, "conversation_id": format!("bench-{id}"), "id": format!("bench-{id}"),
        "default_model_slug": "gpt-4o", "is_archived": false});
    (conversation, count)
}

/// One Claude conversation of the same shape (no branches: most Claude exports have none).
fn claude(id: usize, rng: &mut Rng) -> (Value, usize) {
    let turns = 6 + rng.below(20);
    let messages: Vec<Value> = (0..turns)
        .map(|turn| {
            let text = if turn % 2 == 0 { words(rng, 10, 40) } else { words(rng, 40, 160) };
            json!({"uuid": format!("m-{id}-{turn}"), "text": text, "content": [{"type": "text", "text": text}],
                   "sender": if turn % 2 == 0 { "human" } else { "assistant" },
                   "created_at": format!("2024-03-{:02}T10:{:02}:{:02}.000000Z", 1 + id % 28, turn % 60, id % 60),
                   "updated_at": "2024-03-01T10:00:00.000000Z", "attachments": [], "files": []})
        })
        .collect();
    let conversation = json!({"uuid": format!("bench-{id}"), "name": sentence(rng, 4), "created_at": "2024-03-01T10:00:00Z",
        "updated_at": "2024-03-01T11:00:00Z", "chat_messages": messages});
    (conversation, turns)
}

/// Writes an export of about `bytes` to `path`, one conversation at a time; its conversation
/// and message counts.
fn generate(format: ChatFormat, path: &Path, bytes: u64) -> (usize, usize) {
    let mut out = BufWriter::new(std::fs::File::create(path).unwrap());
    let mut rng = Rng::new(7);
    let (mut written, mut conversations, mut messages) = (1u64, 0, 0);
    out.write_all(b"[").unwrap();
    while written < bytes {
        let (conversation, count) = match format {
            ChatFormat::ChatGpt => chatgpt(conversations, &mut rng),
            ChatFormat::Claude => claude(conversations, &mut rng),
        };
        let text = serde_json::to_vec(&conversation).unwrap();
        if conversations > 0 {
            out.write_all(b",\n").unwrap();
            written += 2;
        }
        out.write_all(&text).unwrap();
        written += text.len() as u64;
        conversations += 1;
        messages += count;
    }
    out.write_all(b"]\n").unwrap();
    out.flush().unwrap();
    (conversations, messages)
}

/// A field of /proc/self/status in kB (VmHWM, VmRSS); 0 where there is none.
fn status_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|value| value.trim().trim_end_matches(" kB").parse().ok())
        .unwrap_or(0)
}

fn percentile(sorted: &[Duration], q: f64) -> Duration {
    sorted.get(((sorted.len() as f64 * q) as usize).min(sorted.len().saturating_sub(1))).copied().unwrap_or_default()
}

fn main() {
    let megabytes: u64 = match (is_bench(), std::env::var("IMPORT_MB")) {
        (false, _) => 2,
        (true, Ok(value)) => value.parse().expect("IMPORT_MB must be a whole number"),
        (true, Err(_)) => 100,
    };
    println!("import: {megabytes} MB per format{}", if is_bench() { "" } else { " (smoke size)" });
    for format in [ChatFormat::ChatGpt, ChatFormat::Claude] {
        let dir = tempfile::tempdir().unwrap();
        let export = dir.path().join("conversations.json");
        let (conversations, messages) = generate(format, &export, megabytes << 20);
        let size = std::fs::metadata(&export).unwrap().len();
        let store = Store::open(&StoreConfig::file(dir.path().join("store.db").to_string_lossy())).unwrap();
        let owner = store.users().create(&NewUser::new("bench@example.com", "Bench")).unwrap();
        let workspace = store.workspaces().create(&NewWorkspace::for_user("Imported", &owner.id)).unwrap();

        // The peak from here on is the import's: reset it (Linux 4.0+; elsewhere it stays the
        // process's peak, which the generation above kept small by streaming to the file).
        let _ = std::fs::write("/proc/self/clear_refs", "5");
        let rss_before = status_kb("VmRSS");
        let steps = RefCell::new(Vec::new());
        let last = Cell::new(Instant::now());
        let progress = |done: u64, _total: u64| {
            let now = Instant::now();
            if done > size {
                steps.borrow_mut().push(now - last.get());
            }
            last.set(now);
            true
        };
        let started = Instant::now();
        let report = store
            .import_chat_history(export.to_str().unwrap(), &ImportOptions::new(format, &workspace.id), &progress)
            .unwrap();
        let seconds = started.elapsed().as_secs_f64();
        let peak = status_kb("VmHWM");
        assert_eq!(report.threads_added as usize, conversations, "{report:?}");
        assert_eq!(report.messages_added as usize, messages);
        let mut steps = steps.into_inner();
        steps.sort();
        println!(
            "{:<8} {:>6.1} MB  {:>6} conversations  {:>7} messages  {:>6.1} s  {:>7.0} conversations/s  {:>5.1} MB/s  \
             peak RSS {:.0} MiB (before {:.0} MiB)  steps {}: p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
            format.name(),
            size as f64 / 1e6,
            conversations,
            messages,
            seconds,
            conversations as f64 / seconds,
            size as f64 / 1e6 / seconds,
            peak as f64 / 1024.0,
            rss_before as f64 / 1024.0,
            steps.len(),
            percentile(&steps, 0.5).as_secs_f64() * 1e3,
            percentile(&steps, 0.99).as_secs_f64() * 1e3,
            steps.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
        );
        store.close().unwrap();
    }
}
