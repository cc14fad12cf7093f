//! `ustore` run as a user runs it: a real binary over a real store file.

// A failed unwrap is a failed test; `[x.clone()]` reads better than `slice::from_ref(&x)`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::cloned_ref_to_slice_refs)]

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
