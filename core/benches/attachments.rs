//! Attachment bytes streamed in and out: a plaintext store, an encrypted one (each file sealed
//! with AES-256-GCM in 64 KiB segments) and, as the reference, the same bytes written to a
//! plain file (synced, as the store syncs a blob before recording it) and read back. Files
//! alternate between the sides so both see the same machine. Run by `scripts/bench`, or
//! `cargo bench -p unified-store --bench attachments` (`ATTACHMENT_MB` sets the size of each
//! file, 64 by default; 4 files per side). Then each store's user, with those files and
//! 20,000 messages, is exported (GDPR export, a zip) to a new file: MB/s of archive written.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[allow(dead_code)] // each bench uses part of it
mod common;

use std::io::{Read, Write};
use std::time::{Duration, Instant};
use unified_store::{MessageRole, NewAttachmentFile, NewMessage, NewUser, NewWorkspace, Store, StoreConfig, StoreKey};

const FILES: usize = 4;
const CHUNK: usize = 256 * 1024;

fn main() {
    let mb: usize = if common::is_bench() {
        std::env::var("ATTACHMENT_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(64)
    } else {
        1
    };
    let work = common::scratch_dir();
    let open = |name: &str, key: Option<StoreKey>| {
        let path = work.path().join(name).to_string_lossy().into_owned();
        let config = match key {
            Some(key) => StoreConfig::encrypted(path, key),
            None => StoreConfig::file(path),
        };
        let store = Store::open(&config).unwrap();
        let owner = store.users().create(&NewUser::new("b@example.com", "B")).unwrap();
        let workspace = store.workspaces().create(&NewWorkspace::for_user("W", &owner.id)).unwrap();
        let thread = store.threads().create(&workspace.id, "T").unwrap();
        let message = store.messages().append(&thread.id, MessageRole::User, "files").unwrap();
        let text = "an ordinary message of about two hundred bytes, ".repeat(4);
        for _ in 0..if common::is_bench() { 20 } else { 1 } {
            let batch: Vec<_> = (0..1000).map(|_| NewMessage::new(&thread.id, MessageRole::User, &text)).collect();
            store.messages().append_batch(&batch).unwrap();
        }
        (store, message.id, owner.id)
    };
    let sides = [open("plain.db", None), open("sealed.db", Some(StoreKey::Raw { bytes: vec![3; 32] }))];
    let mut rng = common::Rng::new(11);
    let (mut write, mut read) = ([Duration::ZERO; 3], [Duration::ZERO; 3]);
    for n in 0..FILES {
        let data: Vec<u8> = (0..mb * 1_000_000).map(|_| rng.next_u64() as u8).collect();
        for side in 0..3 {
            let side = (side + n) % 3;
            let (wrote, back) = match side {
                2 => reference(&work.path().join(format!("raw-{n}.bin")), &data),
                _ => store_side(&sides[side], &data),
            };
            write[side] += wrote;
            read[side] += back;
        }
    }
    let total_mb = (FILES * mb) as f64;
    let rate = |time: Duration| total_mb / time.as_secs_f64();
    println!();
    println!("attachments: {FILES} files of {mb} MB streamed in {} KiB chunks, MB/s", CHUNK / 1024);
    println!();
    println!("| | plain file (reference) | store, plaintext | store, sealed | sealed / plaintext |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    for (what, times) in [("write", write), ("read", read)] {
        println!(
            "| {what} | {:.0} | {:.0} | {:.0} | {:.2}× |",
            rate(times[2]),
            rate(times[0]),
            rate(times[1]),
            rate(times[1]) / rate(times[0])
        );
    }
    let mut exported = Vec::new();
    for (n, (store, _, owner)) in sides.iter().enumerate() {
        let path = work.path().join(format!("export-{n}.zip"));
        let start = Instant::now();
        let export = common::export_to(store, owner, &path);
        let seconds = start.elapsed().as_secs_f64();
        let rows: u64 = export.tables.iter().map(|t| t.rows).sum();
        exported.push(format!(
            "{:.0} MB/s ({:.1} MB, {rows} rows, {:.2} s)",
            export.bytes as f64 / 1e6 / seconds,
            export.bytes as f64 / 1e6,
            seconds
        ));
    }
    println!("| GDPR export of the user (archive written) | | {} | {} | |", exported[0], exported[1]);
}

/// Streams `data` into a new attachment and back; the times of each.
fn store_side((store, message, _): &(Store, String, String), data: &[u8]) -> (Duration, Duration) {
    let file = NewAttachmentFile {
        message_id: message.clone(),
        filename: "f.bin".into(),
        mime: "application/octet-stream".into(),
    };
    let start = Instant::now();
    let mut writer = store.attachments().writer(&file).unwrap();
    for chunk in data.chunks(CHUNK) {
        writer.write(chunk).unwrap();
    }
    let attachment = writer.finish().unwrap();
    let wrote = start.elapsed();
    let start = Instant::now();
    let mut reader = store.attachments().reader(&attachment.id).unwrap();
    let (mut buf, mut total) = (vec![0; CHUNK], 0);
    loop {
        let n = reader.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        total += n;
    }
    assert_eq!(total, data.len());
    (wrote, start.elapsed())
}

/// The same bytes to a plain file, synced, and back.
fn reference(path: &std::path::Path, data: &[u8]) -> (Duration, Duration) {
    let start = Instant::now();
    let mut file = std::fs::File::create(path).unwrap();
    for chunk in data.chunks(CHUNK) {
        file.write_all(chunk).unwrap();
    }
    file.sync_all().unwrap();
    let wrote = start.elapsed();
    let start = Instant::now();
    let mut file = std::fs::File::open(path).unwrap();
    let (mut buf, mut total) = (vec![0; CHUNK], 0);
    loop {
        let n = file.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        total += n;
    }
    assert_eq!(total, data.len());
    (wrote, start.elapsed())
}
