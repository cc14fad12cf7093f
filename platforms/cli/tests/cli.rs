//! `ustore` run as a user runs it: a real binary over a real store file.

// A failed unwrap is a failed test; `[x.clone()]` reads better than `slice::from_ref(&x)`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::cloned_ref_to_slice_refs)]

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::Path;
use std::process::{Command, Output};

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
        json[0]["id"].as_str().unwrap().to_owned()
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
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("error ["), "a typed error");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "no stray directory: {left:?}");
}

#[test]
fn directory_as_store_path_is_a_storage_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = ustore(dir.path(), &["info"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("error [Storage]: "));
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
