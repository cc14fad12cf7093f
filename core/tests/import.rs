//! Importing ChatGPT and Claude exports into real store files: every branch and content type
//! of the hand-written fixtures (tests/fixtures/import/), idempotency, resuming after a
//! cancel, and broken input (truncated, not JSON, not UTF-8, the other format, zips without
//! the JSON or inflating absurdly, a 50 MB message), each a typed error or a reported skip
//! with nothing half-imported and the store still usable.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rusqlite::{Connection, OpenFlags};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::io::Write;
use std::path::{Path, PathBuf};
use unified_store::{
    ChatFormat, ImportIssueKind, ImportOptions, ImportReport, MessageRole, NewUser, NewWorkspace, NoProgress,
    PageRequest, Role, SearchQuery, Store, StoreConfig, StoreError,
};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name)
}

struct Setup {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    path: PathBuf,
    store: Store,
    workspace: String,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let store = Store::open(&StoreConfig::file(path.to_string_lossy())).unwrap();
    let owner = store.users().create(&NewUser::new("ada@example.com", "Ada")).unwrap();
    let workspace = store.workspaces().create(&NewWorkspace::for_user("Imports", &owner.id)).unwrap().id;
    Setup { dir: dir.path().to_owned(), _dir: dir, path, store, workspace }
}

impl Setup {
    fn import(&self, format: ChatFormat, file: &Path) -> Result<ImportReport, StoreError> {
        self.store.import_chat_history(
            file.to_str().unwrap(),
            &ImportOptions::new(format, &self.workspace),
            &NoProgress,
        )
    }

    fn import_bytes(&self, format: ChatFormat, bytes: &[u8]) -> Result<ImportReport, StoreError> {
        self.store.import_chat_history_bytes(bytes, &ImportOptions::new(format, &self.workspace), &NoProgress)
    }

    /// A second connection on the file, as another process would read it.
    fn raw(&self) -> Connection {
        Connection::open_with_flags(&self.path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
    }

    fn count(&self, table: &str) -> i64 {
        self.raw().query_row(&format!("SELECT count(*) FROM {table}"), [], |row| row.get(0)).unwrap()
    }

    /// Every thread's message count, and every message's thread: the shape of what is stored.
    fn rows(&self) -> (i64, i64, i64) {
        (self.count("threads"), self.count("messages"), self.count("attachments"))
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// The live message whose content contains `needle`.
    fn message_with(&self, needle: &str) -> unified_store::Message {
        let id: String = self
            .raw()
            .query_row("SELECT id FROM messages WHERE instr(content, ?1) > 0", [needle], |row| row.get(0))
            .unwrap_or_else(|error| panic!("no message holds {needle:?}: {error}"));
        self.store.messages().get(&id).unwrap()
    }

    fn fts_is_intact(&self) {
        let conn = Connection::open(&self.path).unwrap();
        unified_store::register_tokenizer(&conn).unwrap();
        conn.execute("INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)", []).unwrap();
    }
}

fn issues(report: &ImportReport, kind: ImportIssueKind) -> Vec<String> {
    report.issues.iter().filter(|issue| issue.kind == kind).map(|issue| issue.reason.clone()).collect()
}

fn invalid_file(result: Result<ImportReport, StoreError>) -> String {
    match result {
        Err(StoreError::InvalidInput { field, reason }) if field == "file" => reason,
        other => panic!("expected InvalidInput on file, got {other:?}"),
    }
}

#[test]
fn a_chatgpt_export_keeps_every_branch_role_model_and_content_type() {
    let s = setup();
    let reports = RefCell::new(Vec::new());
    let progress = |done, total| {
        reports.borrow_mut().push((done, total));
        true
    };
    let file = fixture("chatgpt.json");
    let report = s
        .store
        .import_chat_history(file.to_str().unwrap(), &ImportOptions::new(ChatFormat::ChatGpt, &s.workspace), &progress)
        .unwrap();
    assert_eq!(report.conversations, 11);
    assert_eq!(report.threads_added, 4, "{report:#?}");
    assert_eq!(report.conversations_unchanged, 1, "the repeated conversation adds nothing");
    assert_eq!(report.conversations_skipped, 6, "{:#?}", issues(&report, ImportIssueKind::ConversationSkipped));
    assert_eq!((report.messages_added, report.messages_existing), (20, 1));
    assert_eq!(report.messages_skipped, 3, "{:#?}", issues(&report, ImportIssueKind::MessageSkipped));
    assert_eq!(report.files_skipped, 2);
    assert_eq!(report.issues_total, report.issues.len() as u64);
    assert_eq!(s.rows(), (4, 20, 0));

    // Progress: bytes of the JSON, read twice, never going back, ending at the total.
    let reports = reports.into_inner();
    let size = std::fs::metadata(&file).unwrap().len();
    assert!(reports.windows(2).all(|pair| pair[0].0 <= pair[1].0), "{reports:?}");
    assert_eq!(reports.last(), Some(&(2 * size, 2 * size)));

    // Branches: both answers to the first question, the follow-up under the second.
    let question = s.message_with("lighthouses keep");
    assert_eq!(question.parent_id, None, "the hidden system message and the root are left out");
    let answers = s.store.messages().children(&question.id, &PageRequest::first(10)).unwrap();
    assert_eq!(answers.len(), 2);
    let models: Vec<_> = answers.iter().map(|answer| answer.model.clone().unwrap()).collect();
    assert_eq!(models, ["gpt-4o", "gpt-4"], "newest first");
    assert!(
        answers
            .iter()
            .all(|answer| answer.role == MessageRole::Assistant && answer.provider.as_deref() == Some("openai"))
    );
    let follow_up = s.message_with("mercury bath");
    assert_eq!(follow_up.parent_id.as_deref(), Some(answers[0].id.as_str()));
    assert_eq!(question.created_at, 1_700_000_010_000);
    let thread = s.store.threads().get(&question.thread_id).unwrap();
    assert_eq!((thread.title.as_str(), thread.created_at), ("Branches and models", 1_700_000_000_250));
    assert_eq!(thread.last_message_at, Some(1_700_000_110_000));

    // Content types.
    let code = s.message_with("import math");
    assert_eq!(code.content, "```python\nimport math\nprint(math.sin(0))\n```");
    assert_eq!(s.message_with("0.0").role, MessageRole::Tool);
    let image = s.message_with("What does this chart show?");
    assert_eq!(image.content, "What does this chart show?\n\nspoken: the harbour chart");
    assert!(s.message_with("High water at 06:12").content.contains("> Low water at 12:30."));
    assert!(s.message_with("spring tides this week").content.starts_with("# 【0†Harbour"));
    assert_eq!(s.message_with("semidiurnal").model.as_deref(), Some("o3"));
    s.message_with("Thought for 12 seconds");
    assert!(s.message_with("kernel took too long").content.starts_with("TimeoutError"));
    s.message_with("a future content type that still has text");
    assert!(
        s.raw()
            .query_row("SELECT count(*) FROM messages WHERE instr(content, 'a role the store') > 0", [], |r| r
                .get::<_, i64>(0))
            .unwrap()
            == 0
    );
    // The message after the three skipped ones hangs from the last kept one.
    let last = s.message_with("Spring tides: the sun");
    assert_eq!(last.parent_id, Some(s.message_with("a future content type").id));
    let archived = s.store.threads().get(&last.thread_id).unwrap();
    assert!(archived.archived, "ChatGPT's is_archived is kept");
    let dropped = issues(&report, ImportIssueKind::PartDropped);
    assert_eq!(dropped, ["a \"real_time_user_audio_video_asset_pointer\" part is not kept"]);
    let files = issues(&report, ImportIssueKind::FileSkipped);
    assert!(files.iter().all(|reason| reason.contains("not in the export")), "{files:?}");

    // Unicode, and a NUL (which the store refuses) replaced.
    let unicode = s.message_with("灯台はどうやって光るの");
    assert!(unicode.content.contains("👩‍🔬🏳️‍🌈 שלום עולם مرحبا بالعالم e\u{301} \u{FFFD} done"));
    assert_eq!(s.store.threads().get(&unicode.thread_id).unwrap().title, "灯台の話 🗼 — مرحبا");

    // Times outside 1970–9999 fall back and are reported; a missing title comes from the text.
    let early = s.message_with("Untitled: the first line");
    let thread = s.store.threads().get(&early.thread_id).unwrap();
    assert_eq!(thread.title, "Untitled: the first line becomes the title");
    assert_eq!((thread.created_at, early.created_at), (1_700_600_002_000, 1_700_600_002_000));
    let late = s.message_with("times out of range fall back");
    assert_eq!(late.updated_at, late.created_at, "an update before the creation is not kept");
    assert_eq!(issues(&report, ImportIssueKind::ValueReplaced).len(), 4, "3 times and a NUL");

    let skipped = issues(&report, ImportIssueKind::ConversationSkipped).join("\n");
    for reason in [
        "form a cycle",
        "not in its mapping",
        "invalid type: string",
        "no message to keep",
        "no conversation_id",
        "invalid type: integer",
    ] {
        assert!(skipped.contains(reason), "{reason:?} missing from {skipped}");
    }
    let hits = s.store.messages().search(&SearchQuery::words("mercury")).unwrap();
    assert_eq!(hits.len(), 2, "the question and the answer");
    s.store.close().unwrap();
    s.fts_is_intact();
}

#[test]
fn a_claude_export_keeps_branches_tools_attachment_text_and_times() {
    let s = setup();
    let report = s.import(ChatFormat::Claude, &fixture("claude.json")).unwrap();
    assert_eq!((report.conversations, report.threads_added, report.conversations_skipped), (7, 3, 4), "{report:#?}");
    assert_eq!((report.messages_added, report.messages_skipped, report.files_skipped), (9, 3, 1));
    assert_eq!(s.rows(), (3, 9, 0));

    let first = s.message_with("smells of acetone");
    assert_eq!(first.role, MessageRole::User);
    assert!(
        first
            .content
            .ends_with("[attachment: feeding-log.txt]\nday 1: 50 g flour\nday 2: 50 g flour\nday 3: smells sharp")
    );
    assert_eq!(first.created_at, 1_710_498_154_000);
    let answer = s.message_with("Not dead: hungry");
    assert_eq!((answer.parent_id.as_deref(), answer.provider.as_deref()), (Some(first.id.as_str()), Some("anthropic")));
    let third = s.message_with("Which flour works best?");
    assert_eq!(third.parent_id.as_deref(), Some(answer.id.as_str()), "without parent uuids, messages chain");
    assert_eq!(third.created_at, 1_710_498_160_000, "12:22:40+02:00 is 10:22:40 UTC");
    let thread = s.store.threads().get(&first.thread_id).unwrap();
    assert_eq!((thread.title.as_str(), thread.created_at), ("Sourdough starter", 1_710_498_153_123));

    let question = s.message_with("Convert 3 cups");
    let answers = s.store.messages().children(&question.id, &PageRequest::first(10)).unwrap();
    assert_eq!(answers.len(), 2, "two branches from one question");
    let tools = s.message_with("About 360 g.");
    assert_eq!(
        tools.content,
        "[thinking]\nA cup of flour is about 120 g.\n\n[tool use: calculator]\n```json\n{\n  \"expression\": \"3 * 120\"\n}\n```\n\n[tool result: calculator]\n360\n\nAbout 360 g."
    );
    assert_eq!(tools.model.as_deref(), Some("claude-3-5-sonnet-20241022"));
    let rye = s.message_with("And for rye?");
    assert_eq!(rye.parent_id, Some(s.message_with("Roughly 375 grams").id), "past the skipped system message");
    assert_eq!(issues(&report, ImportIssueKind::PartDropped), ["a \"voice_note\" block is not kept"]);
    let skipped = issues(&report, ImportIssueKind::MessageSkipped).join("\n");
    assert!(skipped.contains("sender") && skipped.contains("no uuid") && skipped.contains("repeats"), "{skipped}");
    assert_eq!(issues(&report, ImportIssueKind::FileSkipped), ["its bytes are not in the export"]);
    let unicode = s.message_with("パンの焼き方");
    assert_eq!(unicode.created_at, 1_714_521_600_000, "an unreadable time falls back to the conversation's");
    let skipped = issues(&report, ImportIssueKind::ConversationSkipped).join("\n");
    for reason in ["not in the conversation", "form a cycle", "no message to keep", "invalid type: map"] {
        assert!(skipped.contains(reason), "{reason:?} missing from {skipped}");
    }
    s.store.close().unwrap();
    s.fts_is_intact();
}

#[test]
fn importing_the_same_export_twice_adds_nothing() {
    let s = setup();
    s.import(ChatFormat::ChatGpt, &fixture("chatgpt.json")).unwrap();
    s.import(ChatFormat::Claude, &fixture("claude.json")).unwrap();
    let before = s.rows();
    let again = s.import(ChatFormat::ChatGpt, &fixture("chatgpt.json")).unwrap();
    assert_eq!((again.threads_added, again.messages_added, again.threads_updated), (0, 0, 0));
    assert_eq!((again.conversations_unchanged, again.messages_existing), (5, 21));
    let again = s.import_bytes(ChatFormat::Claude, &std::fs::read(fixture("claude.json")).unwrap()).unwrap();
    assert_eq!((again.threads_added, again.messages_added, again.conversations_unchanged), (0, 0, 3));
    assert_eq!(s.rows(), before);
    s.store.close().unwrap();
    s.fts_is_intact();
}

/// A ChatGPT conversation `id` of `messages` messages in one chain.
fn chatgpt_conversation(id: usize, messages: usize, words: &str) -> serde_json::Value {
    let mut mapping = serde_json::Map::new();
    mapping.insert("root".into(), json!({"id": "root", "message": null, "parent": null, "children": ["m0"]}));
    for at in 0..messages {
        let key = format!("m{at}");
        let parent = if at == 0 { "root".to_owned() } else { format!("m{}", at - 1) };
        let role = if at % 2 == 0 { "user" } else { "assistant" };
        mapping.insert(
            key.clone(),
            json!({"id": key, "parent": parent, "children": [format!("m{}", at + 1)], "message": {
                "id": key, "author": {"role": role}, "create_time": 1_700_000_000.0 + (id * 1000 + at) as f64,
                "content": {"content_type": "text", "parts": [format!("{words} {id} {at}")]}, "metadata": {}}}),
        );
    }
    json!({"title": format!("Generated {id}"), "create_time": 1_700_000_000.0 + (id * 1000) as f64, "mapping": mapping,
           "conversation_id": format!("generated-{id}")})
}

#[test]
fn a_newer_export_adds_only_its_new_messages_and_a_deleted_thread_is_left_alone() {
    let s = setup();
    let old = json!([chatgpt_conversation(1, 4, "tide"), chatgpt_conversation(2, 2, "harbour")]);
    let first = s.import_bytes(ChatFormat::ChatGpt, old.to_string().as_bytes()).unwrap();
    assert_eq!((first.threads_added, first.messages_added), (2, 6));
    let thread_2 = s.message_with("harbour 2 0").thread_id;
    s.store.threads().delete(&thread_2).unwrap();

    let newer = json!([
        chatgpt_conversation(1, 6, "tide"),
        chatgpt_conversation(2, 3, "harbour"),
        chatgpt_conversation(3, 1, "quay")
    ]);
    let second = s.import_bytes(ChatFormat::ChatGpt, newer.to_string().as_bytes()).unwrap();
    assert_eq!(
        (second.threads_added, second.threads_updated, second.messages_added, second.messages_existing),
        (1, 1, 3, 4)
    );
    let deleted = issues(&second, ImportIssueKind::ConversationSkipped);
    assert_eq!(deleted.len(), 1);
    assert!(deleted[0].contains("deleted"), "{deleted:?}");
    assert_eq!(second.issues[0].conversation_id.as_deref(), Some("generated-2"));
    let fifth = s.message_with("tide 1 5");
    assert_eq!(fifth.parent_id, Some(s.message_with("tide 1 4").id));
    let thread = s.store.threads().get(&fifth.thread_id).unwrap();
    assert_eq!(thread.last_message_at, Some(fifth.created_at));
    assert_eq!(s.rows(), (3, 9, 0), "6 + 1, and the deleted thread kept its two messages and got none");
}

#[test]
fn a_cancelled_import_keeps_whole_conversations_and_a_rerun_completes() {
    let s = setup();
    // 300 conversations of 10 messages: three steps or more.
    let export: Vec<_> = (0..300).map(|id| chatgpt_conversation(id, 10, "step")).collect();
    let bytes = serde_json::to_vec(&export).unwrap();
    let len = bytes.len() as u64;
    let cancel_in_second_pass = |done: u64, _total: u64| done <= len;
    let options = ImportOptions::new(ChatFormat::ChatGpt, &s.workspace);
    let result = s.store.import_chat_history_bytes(&bytes, &options, &cancel_in_second_pass);
    assert_eq!(result, Err(StoreError::Cancelled));
    let (threads, messages, _) = s.rows();
    assert!(threads > 0 && threads < 300, "{threads} threads after the first step");
    assert_eq!(messages, threads * 10, "each conversation whole");
    let per_thread: Vec<i64> = s
        .raw()
        .prepare("SELECT count(*) FROM messages GROUP BY thread_id")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(per_thread.iter().all(|&count| count == 10), "{per_thread:?}");

    let rerun = s.import_bytes(ChatFormat::ChatGpt, &bytes).unwrap();
    assert_eq!(rerun.threads_added as i64 + threads, 300);
    assert_eq!((rerun.conversations_unchanged as i64, rerun.messages_existing as i64), (threads, messages));
    assert_eq!(s.rows(), (300, 3000, 0));
    let done = s.import_bytes(ChatFormat::ChatGpt, &bytes).unwrap();
    assert_eq!((done.threads_added, done.messages_added), (0, 0));
    s.store.close().unwrap();
    s.fts_is_intact();
}

#[test]
fn a_cancel_while_checking_writes_nothing() {
    let s = setup();
    let export: Vec<_> = (0..50).map(|id| chatgpt_conversation(id, 2, "x")).collect();
    let bytes = serde_json::to_vec(&export).unwrap();
    let options = ImportOptions::new(ChatFormat::ChatGpt, &s.workspace);
    let result = s.store.import_chat_history_bytes(&bytes, &options, &|_, _| false);
    assert_eq!(result, Err(StoreError::Cancelled));
    assert_eq!(s.rows(), (0, 0, 0));
}

#[test]
fn a_broken_file_imports_nothing_and_says_where() {
    let s = setup();
    let good = std::fs::read(fixture("chatgpt.json")).unwrap();
    // Truncated anywhere: before the array closes, nothing is imported.
    for cut in (1..good.len() - 2).step_by(331) {
        let reason = invalid_file(s.import_bytes(ChatFormat::ChatGpt, &good[..cut]));
        assert!(reason.contains("truncated") || reason.contains("not valid JSON"), "cut at {cut}: {reason}");
    }
    assert!(invalid_file(s.import_bytes(ChatFormat::ChatGpt, b"")).contains("empty"));
    assert!(invalid_file(s.import_bytes(ChatFormat::ChatGpt, b"not json at all")).contains("not a JSON array"));
    assert!(
        invalid_file(s.import_bytes(ChatFormat::ChatGpt, br#"{"conversations": []}"#)).contains("not a JSON array")
    );
    assert!(invalid_file(s.import_bytes(ChatFormat::ChatGpt, b"[] []")).contains("after the array"));
    let reason =
        invalid_file(s.import_bytes(ChatFormat::ChatGpt, br#"[{"mapping": {}, "id": "a"}, {"mapping": {,}}]"#));
    assert!(reason.contains("not valid JSON") && reason.contains("at byte 42"), "{reason}");

    // Invalid UTF-8 inside a string, found at its byte.
    let mut bad = good.clone();
    let at = bad.windows(5).position(|window| window == b"Plot ").unwrap();
    bad[at] = 0xFF;
    let reason = invalid_file(s.import_bytes(ChatFormat::ChatGpt, &bad));
    assert!(reason.contains(&format!("is not UTF-8 at byte {at}")), "{reason}");

    // The other format, both ways.
    let claude = std::fs::read(fixture("claude.json")).unwrap();
    assert!(
        invalid_file(s.import_bytes(ChatFormat::ChatGpt, &claude)).contains("is a Claude export, not a ChatGPT one")
    );
    assert!(invalid_file(s.import_bytes(ChatFormat::Claude, &good)).contains("is a ChatGPT export, not a Claude one"));
    assert!(invalid_file(s.import_bytes(ChatFormat::Claude, b"[1, 2]")).contains("holds no Claude conversation"));

    // Files that are not there, or not files.
    assert!(invalid_file(s.import(ChatFormat::ChatGpt, &s.dir.join("missing.json"))).contains("cannot be read"));
    assert!(invalid_file(s.import(ChatFormat::ChatGpt, &s.dir)).contains("directory"));
    assert_eq!(s.rows(), (0, 0, 0), "nothing half-imported");

    // An empty export is no error, and the store answers as before.
    let empty = s.import_bytes(ChatFormat::ChatGpt, b" [ ]\n").unwrap();
    assert_eq!((empty.conversations, empty.threads_added), (0, 0));
    let thread = s.store.threads().create(&s.workspace, "Still usable").unwrap();
    s.store.messages().append(&thread.id, MessageRole::User, "after the failures").unwrap();
    assert_eq!(s.store.messages().search(&SearchQuery::words("failures")).unwrap().len(), 1);
}

#[test]
fn the_target_is_checked_before_the_file_is_read() {
    let s = setup();
    let file = fixture("chatgpt.json");
    let options = ImportOptions::new(ChatFormat::ChatGpt, "0190a5b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b");
    let result = s.store.import_chat_history(file.to_str().unwrap(), &options, &NoProgress);
    assert!(matches!(result, Err(StoreError::NotFound { .. })), "{result:?}");
    let options = ImportOptions::new(ChatFormat::ChatGpt, "nope");
    let result = s.store.import_chat_history(file.to_str().unwrap(), &options, &NoProgress);
    assert!(matches!(result, Err(StoreError::InvalidInput { ref field, .. }) if field == "workspace_id"), "{result:?}");
    let viewer = s.store.users().create(&NewUser::new("viewer@example.com", "Viewer")).unwrap();
    s.store.workspaces().add_member(&s.workspace, &viewer.id, Role::Viewer).unwrap();
    let options = ImportOptions::new(ChatFormat::ChatGpt, &s.workspace);
    let result =
        s.store.acting_as(&viewer.id).unwrap().import_chat_history(file.to_str().unwrap(), &options, &NoProgress);
    assert!(matches!(result, Err(StoreError::PermissionDenied { .. })), "{result:?}");
    let project = s.store.projects().create(&unified_store::NewProject::new(&s.workspace, "Old chats")).unwrap();
    let options = ImportOptions { project_id: Some(project.id.clone()), ..options };
    let report = s.store.import_chat_history(file.to_str().unwrap(), &options, &NoProgress).unwrap();
    let in_project: i64 = s
        .raw()
        .query_row("SELECT count(*) FROM threads WHERE project_id = ?1", [&project.id], |row| row.get(0))
        .unwrap();
    assert_eq!((in_project, report.threads_added), (4, 4));
}

#[test]
fn a_50_mb_message_is_kept_cut_short_with_a_marker() {
    let s = setup();
    let huge = "ab".repeat(25 << 20);
    let mut conversation = chatgpt_conversation(1, 2, "small");
    conversation["mapping"]["m1"]["message"]["content"]["parts"] = json!([huge]);
    let bytes = serde_json::to_vec(&json!([conversation])).unwrap();
    drop(huge);
    let report = s.import_bytes(ChatFormat::ChatGpt, &bytes).unwrap();
    assert_eq!((report.messages_added, report.messages_truncated), (2, 1));
    assert_eq!(issues(&report, ImportIssueKind::MessageTruncated), ["52,428,800 bytes, kept the first 1048536"]);
    let kept: String =
        s.raw().query_row("SELECT content FROM messages WHERE length(content) > 1000", [], |row| row.get(0)).unwrap();
    assert!(kept.len() <= unified_store::limits::CONTENT_MAX_BYTES);
    assert!(kept.starts_with("abab") && kept.ends_with("\n[truncated by import: 52,428,800 bytes]"));
}

/// A zip holding `entries` (name, bytes), deflated.
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        out.start_file(*name, options).unwrap();
        out.write_all(bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// A 1×1 PNG.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\x0f\0\x01\x01\x01\0\x18\xdd\x8d\xb4\0\0\0\0IEND\xaeB`\x82";

#[test]
fn a_zip_export_records_the_images_it_holds() {
    let s = setup();
    let json = std::fs::read(fixture("chatgpt.json")).unwrap();
    let bytes = zip(&[
        ("user-abc/file-TideChart01-chart.png", PNG),
        ("conversations.json", &json),
        ("chat.html", b"<html></html>"),
    ]);
    let path = s.write("export.zip", &bytes);
    let report = s.import(ChatFormat::ChatGpt, &path).unwrap();
    assert_eq!((report.threads_added, report.messages_added, report.attachments_added), (4, 20, 1));
    assert_eq!(issues(&report, ImportIssueKind::FileSkipped), ["its bytes are not in the zip"], "the voice file");
    let image = s.message_with("What does this chart show?");
    let attachments = s.store.attachments().list(&image.id, &PageRequest::first(10)).unwrap();
    assert_eq!(attachments.len(), 1);
    let attachment = &attachments[0];
    assert_eq!((attachment.filename.as_str(), attachment.mime.as_str()), ("file-TideChart01-chart.png", "image/png"));
    assert_eq!(attachment.size_bytes, PNG.len() as u64);
    let digest: String = Sha256::digest(PNG).iter().map(|byte| format!("{byte:02x}")).collect();
    assert_eq!(attachment.sha256, digest);

    // Again, from the bytes: nothing new; the JSON alone first would have recorded no image.
    let again = s.import_bytes(ChatFormat::ChatGpt, &bytes).unwrap();
    assert_eq!((again.messages_added, again.attachments_added), (0, 0));
    assert_eq!(s.rows(), (4, 20, 1));
}

#[test]
fn zips_without_the_json_or_that_inflate_absurdly_are_refused() {
    let s = setup();
    let json = std::fs::read(fixture("claude.json")).unwrap();
    // Without images, in a folder: the JSON is found; files are reported.
    let report = s.import_bytes(ChatFormat::Claude, &zip(&[("export/conversations.json", &json)])).unwrap();
    assert_eq!(report.threads_added, 3);
    let no_json = zip(&[("users.json", b"[]"), ("projects.json", b"[]")]);
    assert!(invalid_file(s.import_bytes(ChatFormat::Claude, &no_json)).contains("without conversations.json"));
    // 8 MiB of white space that deflates to a few kilobytes.
    let mut bomb = b"[".to_vec();
    bomb.resize(8 << 20, b' ');
    bomb.push(b']');
    let reason = invalid_file(s.import_bytes(ChatFormat::Claude, &zip(&[("conversations.json", &bomb)])));
    assert!(reason.contains("zip bomb"), "{reason}");
    let mut damaged = zip(&[("conversations.json", &json)]);
    let middle = damaged.len() / 2;
    damaged.truncate(middle);
    assert!(invalid_file(s.import_bytes(ChatFormat::Claude, &damaged)).contains("zip"));
    assert_eq!(s.rows(), (3, 9, 0));
}
