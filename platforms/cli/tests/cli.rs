//! `ustore` run as a user runs it: a real binary over a real store file.

// A failed unwrap is a failed test; `[x.clone()]` reads better than `slice::from_ref(&x)`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::cloned_ref_to_slice_refs)]

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
// The SQLite rusqlite links natively: without it this test does not link.
use unified_store_sqlite3mc as _;

fn ustore(store: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ustore")).arg("--store").arg(store).args(args).output().unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn demo_writes_once_then_reuses_and_prints_hits() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("nested/dir/store.db");
    let first = stdout(&ustore(&store, &["demo"]));
    assert!(first.contains("wrote sample"), "{first}");
    assert!(first.contains("search \"Sintra\": 2 hit(s)"), "{first}");
    assert!(first.contains("[Sintra]"), "snippets highlight: {first}");

    let second = stdout(&ustore(&store, &["demo"]));
    assert!(second.contains("reused sample"), "{second}");
    assert!(second.contains("search \"Sintra\": 2 hit(s)"), "no duplicates on reuse: {second}");
}

#[test]
fn commands_compose_through_json_ids() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.db");
    let id_of = |output: Output| -> String {
        let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
        json["id"].as_str().expect("a created record is an object").to_owned()
    };
    let owner = id_of(ustore(&store, &["--json", "new-user", "ada@example.com", "Ada"]));
    let workspace = id_of(ustore(&store, &["--json", "new-workspace", "Notes", "--owner", &owner]));
    let thread = id_of(ustore(&store, &["--json", "new-thread", &workspace, "Ideas"]));
    ustore(&store, &["append", &thread, "an idea about gardens", "--role", "assistant"]);

    let hits: serde_json::Value =
        serde_json::from_str(&stdout(&ustore(&store, &["--json", "search", "garden*"]))).unwrap();
    assert_eq!(hits[0]["message"]["role"], "assistant");
    assert_eq!(hits[0]["workspaceId"], workspace.as_str());
    assert!(stdout(&ustore(&store, &["messages", &thread])).contains("an idea about gardens"));
}

#[test]
fn errors_exit_non_zero_with_their_code() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.db");
    let bad = ustore(&store, &["search", "--fts5", "AND ("]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).starts_with("error [InvalidInput]: invalid query"));
    let missing = ustore(&store, &["threads", "01890a5d-ac96-774b-bcce-b302099a8057"]);
    assert!(String::from_utf8_lossy(&missing.stderr).starts_with("error [NotFound]: workspace"));
}

/// `ustore` run in `dir` with no store chosen by the caller's environment.
fn ustore_in(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ustore"));
    command.current_dir(dir).env_remove("USTORE_PATH");
    command
}

/// A name that is not UTF-8 (0xff never occurs in UTF-8).
fn not_utf8(prefix: &str) -> OsString {
    OsString::from_vec([prefix.as_bytes(), b"\xff"].concat())
}

fn assert_refused_untouched(output: &Output, dir: &Path) {
    assert_eq!(output.status.code(), Some(2), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("error: the store path is not valid UTF-8: "), "{stderr}");
    assert!(output.stdout.is_empty());
    let left: Vec<_> = std::fs::read_dir(dir).unwrap().collect();
    assert!(left.is_empty(), "nothing may be created: {left:?}");
}

#[test]
fn non_utf8_store_path_is_refused_before_touching_the_disk() {
    let dir = tempfile::tempdir().unwrap();
    // Relative and absolute, in a missing directory (which a valid path would get created).
    for store in [Path::new(&not_utf8("sub")).join("store.db"), dir.path().join(not_utf8("sub")).join("store.db")] {
        let output = ustore_in(dir.path()).arg("--store").arg(&store).arg("info").output().unwrap();
        assert_refused_untouched(&output, dir.path());
    }
}

#[test]
fn non_utf8_ustore_path_is_refused_before_touching_the_disk() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join(not_utf8("sub")).join("store.db");
    let output = ustore_in(dir.path()).env("USTORE_PATH", &store).args(["new-user", "a@example.com", "A"]).output();
    assert_refused_untouched(&output.unwrap(), dir.path());
}

#[test]
fn non_utf8_default_store_path_is_refused_before_touching_the_disk() {
    let dir = tempfile::tempdir().unwrap();
    // The default store lives under $XDG_DATA_HOME on Linux.
    let data_home = dir.path().join(not_utf8("data"));
    let output = ustore_in(dir.path()).env("XDG_DATA_HOME", &data_home).arg("info").output().unwrap();
    assert_refused_untouched(&output, dir.path());
}

#[test]
fn non_utf8_argument_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.db");
    let output =
        ustore_in(dir.path()).arg("--store").arg(&store).arg("new-user").arg(not_utf8("a@")).arg("A").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("error: invalid UTF-8 was detected"));
    assert!(!store.exists(), "refused before the store is opened");
}

#[test]
fn sqlite_uri_store_path_makes_no_directory() {
    let dir = tempfile::tempdir().unwrap();
    // SQLite reads this as a URI naming `sub/store.db`, not a file in a directory `file:sub`.
    let output = ustore_in(dir.path()).args(["--store", "file:sub/store.db", "info"]).output().unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("error [InvalidInput]: invalid path"), "a typed error");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "no stray directory: {left:?}");
}

#[test]
fn directory_as_store_path_is_invalid_input() {
    let dir = tempfile::tempdir().unwrap();
    let output = ustore(dir.path(), &["info"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("error [InvalidInput]: invalid path: "));
}

#[test]
fn memory_and_uri_store_paths_are_invalid_input() {
    let dir = tempfile::tempdir().unwrap();
    for path in [":memory:", "file::memory:", "file:x.db?mode=memory"] {
        let output = ustore_in(dir.path()).args(["--store", path, "info"]).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{path}");
        assert!(String::from_utf8_lossy(&output.stderr).starts_with("error [InvalidInput]: invalid path: "), "{path}");
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing was created");
}

#[test]
fn closed_stderr_is_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    // A pipe with no reader from the start: writing the error fails with EPIPE.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = ustore_in(dir.path()).arg("--store").arg(dir.path()).arg("info").stderr(writer).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "an error exit, not a panic (101)");
}

/// Text that would drive a terminal: ESC sequences (colour, window title), a line break, DEL,
/// a C1 CSI and a right-to-left override; then as `ustore` shows it on a terminal.
const HOSTILE: &str = "a\u{1b}[31mred\u{1b}]0;owned\u{7}\nline\u{7f}\u{9b}2J\u{202e}evil";
const HOSTILE_SHOWN: &str = r"a\u001b[31mred\u001b]0;owned\u0007\u000aline\u007f\u009b2J\u202eevil";

/// What the escaping must never let through raw (the test's own list, not the binary's).
fn drives_terminal(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

struct Hostile {
    _dir: tempfile::TempDir,
    store: PathBuf,
    workspace: String,
    thread: String,
    message: String,
}

/// A store with a thread titled HOSTILE and a message holding HOSTILE. The core refuses
/// control characters in a title, so the title is written in SQL, as another tool or an older
/// version could have stored it; message content may hold them.
fn hostile_store() -> Hostile {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.db");
    let id_of = |args: &[&str]| -> String {
        let json: serde_json::Value = serde_json::from_str(&stdout(&ustore(&store, args))).unwrap();
        json["id"].as_str().expect("a created record is an object").to_owned()
    };
    let owner = id_of(&["--json", "new-user", "ada@example.com", "Ada"]);
    let workspace = id_of(&["--json", "new-workspace", "Notes", "--owner", &owner]);
    let thread = id_of(&["--json", "new-thread", &workspace, "Plain"]);
    let message = id_of(&["--json", "append", &thread, HOSTILE]);
    let db = rusqlite::Connection::open(&store).unwrap();
    db.execute("UPDATE threads SET title = ?1 WHERE id = ?2", (HOSTILE, &thread)).unwrap();
    db.close().unwrap();
    Hostile { _dir: dir, store, workspace, thread, message }
}

/// Runs `ustore --store STORE ARGS` on a pseudo-terminal, through `script` from util-linux,
/// and returns what the terminal received (stdout and stderr; the terminal writes CRLF).
fn on_terminal(store: &Path, args: &[&str]) -> String {
    let quoted = |word: &str| format!("'{}'", word.replace('\'', r"'\''"));
    let program = [env!("CARGO_BIN_EXE_ustore"), "--store", store.to_str().unwrap()];
    let line: Vec<String> = program.iter().chain(args).map(|word| quoted(word)).collect();
    let output = Command::new("script")
        .args(["--quiet", "--return", "--command", &line.join(" "), "/dev/null"])
        .env("SHELL", "/bin/sh")
        .stdin(Stdio::null())
        .output()
        .expect("`script` (util-linux) runs the command on a pseudo-terminal");
    String::from_utf8(output.stdout).unwrap()
}

/// No character that drives a terminal but the line breaks (a terminal writes CRLF).
fn assert_nothing_raw(text: &str) {
    let raw: Vec<char> = text.replace("\r\n", "\n").chars().filter(|&c| c != '\n' && drives_terminal(c)).collect();
    assert!(raw.is_empty(), "raw {raw:?} in {text:?}");
}

#[test]
fn terminal_is_shown_controls_escaped() {
    let h = hostile_store();
    let threads = on_terminal(&h.store, &["threads", &h.workspace]);
    assert_eq!(threads, format!("{}  {HOSTILE_SHOWN}\r\n", h.thread));
    let messages = on_terminal(&h.store, &["messages", &h.thread]);
    assert_eq!(messages, format!("{}  user       {HOSTILE_SHOWN}\r\n", h.message));
    // Search snippets too: the hit's text is the message.
    let hits = on_terminal(&h.store, &["search", "evil"]);
    assert!(hits.contains(r"\u009b2J\u202e"), "{hits:?}");
    assert_nothing_raw(&hits);
}

#[test]
fn terminal_is_shown_usage_errors_escaped() {
    let h = hostile_store();
    // clap echoes the bad value and drops ESC sequences and DEL itself; the C1 and bidi
    // characters are ours to escape. Its line break stays one: clap's message is escaped line
    // by line, as its own layout has line breaks.
    let error = on_terminal(&h.store, &["workspaces", "--limit", HOSTILE]);
    assert!(error.starts_with("error: invalid value 'ared\r\nline\\u009b2J\\u202eevil' for '--limit"), "{error:?}");
    assert_nothing_raw(&error);
}

#[test]
fn pipe_gets_text_as_stored() {
    let h = hostile_store();
    assert_eq!(stdout(&ustore(&h.store, &["threads", &h.workspace])), format!("{}  {HOSTILE}\n", h.thread));
    let messages = stdout(&ustore(&h.store, &["messages", &h.thread]));
    assert_eq!(messages, format!("{}  user       {HOSTILE}\n", h.message));
    let error = ustore(&h.store, &["workspaces", "--limit", HOSTILE]);
    assert_eq!(error.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&error.stderr).contains("\u{9b}2J\u{202e}evil"));
}

#[test]
fn json_escapes_controls_and_round_trips() {
    let h = hostile_store();
    for (args, field) in
        [(["--json", "threads", &h.workspace], "title"), (["--json", "messages", &h.thread], "content")]
    {
        // The same on a terminal and in a pipe: escaping keeps the JSON equal.
        for json in [stdout(&ustore(&h.store, &args)), on_terminal(&h.store, &args)] {
            assert_nothing_raw(&json);
            let value: serde_json::Value = serde_json::from_str(&json).unwrap();
            assert_eq!(value[0][field], HOSTILE, "{json}");
        }
    }
}

/// `ustore` with `env` set (and USTORE_PASSPHRASE / USTORE_NEW_PASSPHRASE cleared otherwise).
fn ustore_with(store: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ustore"));
    command.env_remove("USTORE_PASSPHRASE").env_remove("USTORE_NEW_PASSPHRASE");
    command.envs(env.iter().copied()).arg("--store").arg(store).args(args).output().unwrap()
}

fn fails_with(output: &Output, code: &str) {
    assert!(!output.status.success(), "succeeded: {}", String::from_utf8_lossy(&output.stdout));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&format!("[{code}]")), "{stderr}");
}

#[test]
fn encrypt_rekey_change_passphrase_and_decrypt_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.db");
    let sintra = |env: &[(&str, &str)], args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["search", "Sintra"]);
        stdout(&ustore_with(&store, env, &all))
    };
    stdout(&ustore_with(&store, &[], &["demo"]));
    stdout(&ustore_with(&store, &[("USTORE_NEW_PASSPHRASE", "first words")], &["encrypt"]));
    fails_with(&ustore_with(&store, &[], &["info"]), "InvalidKey");
    fails_with(&ustore_with(&store, &[("USTORE_PASSPHRASE", "wrong words")], &["info"]), "InvalidKey");
    let first = [("USTORE_PASSPHRASE", "first words")];
    assert!(sintra(&first, &[]).contains("Sintra"));

    stdout(&ustore_with(&store, &first, &["rekey"]));
    assert!(sintra(&first, &[]).contains("Sintra"), "rekeyed, same passphrase");

    let key_file = dir.path().join("store.key");
    std::fs::write(&key_file, [42u8; 32]).unwrap();
    let key_arg = key_file.to_str().unwrap();
    stdout(&ustore_with(&store, &first, &["change-passphrase", "--new-key-file", key_arg]));
    fails_with(&ustore_with(&store, &first, &["info"]), "InvalidKey");
    assert!(sintra(&[], &["--key-file", key_arg]).contains("Sintra"));

    let short = dir.path().join("short.key");
    std::fs::write(&short, [1u8; 31]).unwrap();
    fails_with(&ustore_with(&store, &[], &["--key-file", short.to_str().unwrap(), "info"]), "InvalidInput");
    // An endless file is refused after 33 bytes, not read to the end.
    fails_with(&ustore_with(&store, &[], &["--key-file", "/dev/zero", "info"]), "InvalidInput");
    fails_with(&ustore_with(&store, &first, &["change-passphrase"]), "InvalidKey");

    stdout(&ustore_with(&store, &[], &["--key-file", key_arg, "decrypt"]));
    assert!(!dir.path().join("store.db-keys").exists());
    assert!(sintra(&[], &[]).contains("Sintra"), "plaintext again");
}

fn import_fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../core/tests/fixtures/import").join(name);
    path.to_str().unwrap().to_owned()
}

#[test]
fn import_makes_its_workspace_once_and_adds_nothing_the_second_time() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.db");
    let file = import_fixture("chatgpt.json");
    let report = |output: Output| -> serde_json::Value { serde_json::from_str(&stdout(&output)).unwrap() };
    let first = report(ustore(&store, &["--json", "import", "chatgpt", &file]));
    assert_eq!(first["workspaceName"], "ChatGPT import");
    assert_eq!(
        (first["report"]["threadsAdded"].as_u64(), first["report"]["messagesAdded"].as_u64()),
        (Some(4), Some(20))
    );
    let second = report(ustore(&store, &["--json", "import", "chatgpt", &file]));
    assert_eq!(second["workspaceId"], first["workspaceId"], "the workspace is reused");
    assert_eq!(second["report"]["messagesAdded"].as_u64(), Some(0));

    // A person reads a summary; the bar is drawn only on a terminal.
    let text = stdout(&ustore(&store, &["import", "claude", &import_fixture("claude.json")]));
    assert!(text.contains("(Claude import)") && text.contains("3 new threads"), "{text}");
    assert!(text.contains("ConversationSkipped: the parent links of message \"k-1\" form a cycle"), "{text}");
    let hits = stdout(&ustore(&store, &["search", "sourdough OR acetone", "--fts5"]));
    assert!(hits.contains("[acetone]"), "{hits}");

    fails_with(&ustore(&store, &["import", "claude", &file]), "InvalidInput");
    let missing = ustore(&store, &["import", "chatgpt", &file, "--workspace", "01890a5d-ac96-774b-bcce-b302099a8057"]);
    fails_with(&missing, "NotFound");
}

#[test]
fn vector_commands_list_search_and_build() {
    use unified_store::{NewEmbedding, OwnerKind, Store, StoreConfig};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let store = Store::open(&StoreConfig::file(path.to_string_lossy())).unwrap();
    let owner = store.users().create(&unified_store::NewUser::new("ada@example.com", "Ada")).unwrap();
    let workspace = store.workspaces().create(&unified_store::NewWorkspace::for_user("W", &owner.id)).unwrap();
    let thread = store.threads().create(&workspace.id, "T").unwrap();
    let append = |text: &str| store.messages().append(&thread.id, unified_store::MessageRole::User, text).unwrap().id;
    let (near, far, bare) = (append("near"), append("far"), append("no vector"));
    for (id, vector) in [(&near, [1.0, 0.1, 0.0]), (&far, [0.0, 0.0, 1.0])] {
        store.embeddings().upsert(&NewEmbedding::new(OwnerKind::Message, id, "messages", "m", vector)).unwrap();
    }
    store.close().unwrap();

    let listed = stdout(&ustore(&path, &["collections"]));
    assert!(listed.contains("messages  m  3 dims  2 vectors  f32"), "{listed}");
    let hits: serde_json::Value =
        serde_json::from_str(&stdout(&ustore(&path, &["--json", "similar", "message", &near, "--model", "m"])))
            .unwrap();
    assert_eq!((hits[0]["ownerId"].as_str(), hits[1]["ownerId"].as_str()), (Some(near.as_str()), Some(far.as_str())));
    let missing = stdout(&ustore(&path, &["missing", "message", "--model", "m"]));
    assert_eq!(missing.trim(), format!("{bare}  missing"));
    assert!(stdout(&ustore(&path, &["optimize", "--model", "m"])).contains("2 vectors"));
    let unknown = ustore(&path, &["similar", "message", &near, "--model", "nope"]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("[NotFound]"), "{unknown:?}");
}

/// A store file in a new directory whose one user (returned with it) owns one message.
fn store_with_a_message(content: &str) -> (tempfile::TempDir, std::path::PathBuf, unified_store::Store, String) {
    use unified_store::{MessageRole, NewUser, NewWorkspace, Store, StoreConfig};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let store = Store::open(&StoreConfig::file(path.to_string_lossy())).unwrap();
    let owner = store.users().create(&NewUser::new("ada@example.com", "Ada")).unwrap();
    let workspace = store.workspaces().create(&NewWorkspace::for_user("W", &owner.id)).unwrap();
    let thread = store.threads().create(&workspace.id, "T").unwrap();
    store.messages().append(&thread.id, MessageRole::User, content).unwrap();
    (dir, path, store, owner.id)
}

#[test]
fn stats_reports_usage_against_the_quota_and_recounts() {
    let (_dir, path, store, _) = store_with_a_message(&"x".repeat(2000));
    let logical = store.storage().stats().unwrap().categories[0].logical_bytes;
    store.close().unwrap();

    let table = stdout(&ustore(&path, &["stats"]));
    assert!(table.contains("messages") && table.contains("of 10000.0 MB quota"), "{table}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&ustore(&path, &["--json", "stats", "--recount"]))).unwrap();
    assert_eq!(json["categories"][0]["category"], "messages");
    assert_eq!(json["categories"][0]["logicalBytes"], logical);
    assert_eq!(json["quotaBytes"], 10_000_000_000u64);
    assert!(json["disk"]["databaseBytes"].as_u64().unwrap() > 0);

    let table = stdout(&ustore(&path, &["maintain", "--archive-after-days", "0"]));
    assert!(table.contains("evict") && table.contains("reclaim") && !table.contains("archive "), "{table}");
    let json: serde_json::Value = serde_json::from_str(&stdout(&ustore(&path, &["--json", "maintain"]))).unwrap();
    let steps: Vec<&str> = json["steps"].as_array().unwrap().iter().map(|s| s["step"].as_str().unwrap()).collect();
    assert_eq!(steps, ["archive", "evict", "vectors", "reclaim"]);
    assert_eq!(json["steps"][0]["items"], 0, "a thread made today is not archived");
}

#[test]
fn export_writes_a_users_archive_and_refuses_an_existing_path() {
    let (dir, path, store, owner) = store_with_a_message("hello");
    store.close().unwrap();

    let archive = dir.path().join("ada.zip");
    let table = stdout(&ustore(&path, &["export", &owner, &archive.to_string_lossy()]));
    assert!(table.contains("messages") && table.contains("wrote"), "{table}");
    assert!(std::fs::metadata(&archive).unwrap().len() > 0);
    let again = ustore(&path, &["export", &owner, &archive.to_string_lossy()]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("[InvalidInput]"), "{again:?}");
    let json_path = dir.path().join("ada2.zip");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&ustore(&path, &["--json", "export", &owner, &json_path.to_string_lossy()])))
            .unwrap();
    assert_eq!(json["attachmentFiles"], 0);
    assert_eq!(json["tables"][0]["table"], "users");
}

#[test]
fn erase_removes_a_users_data_and_says_what_went() {
    let (_dir, path, store, owner) = store_with_a_message("erase me");
    store.close().unwrap();
    let table = stdout(&ustore(&path, &["erase", &owner]));
    assert!(
        table.contains("messages") && table.contains("rows removed") && table.contains("write-ahead log"),
        "{table}"
    );
    let again = ustore(&path, &["erase", &owner]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("[NotFound]"), "{again:?}");
    let bad = ustore(&path, &["erase", "nobody"]);
    assert!(!bad.status.success() && String::from_utf8_lossy(&bad.stderr).contains("[InvalidInput]"), "{bad:?}");
    // --json: the report as data.
    let (_dir, path, store, owner) = store_with_a_message("erase me too");
    store.close().unwrap();
    let json: serde_json::Value = serde_json::from_str(&stdout(&ustore(&path, &["--json", "erase", &owner]))).unwrap();
    assert_eq!(json["tables"][0]["table"], "users");
    assert_eq!(json["walTruncated"], true);
}
