//! `ustore completions SHELL` and `ustore man`: generated from the same clap definitions as
//! `--help`, so every command `--help` lists must reach every script and the man page.

// A failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Output};

fn ustore(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ustore")).args(args).output().unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// The commands `ustore --help` lists under "Commands:", less clap's own `help`.
fn commands() -> Vec<String> {
    let help = stdout(&ustore(&["--help"]));
    let names: Vec<String> = help
        .lines()
        .skip_while(|line| !line.starts_with("Commands:"))
        .skip(1)
        .take_while(|line| !line.trim().is_empty())
        // A command's line starts with two spaces and its name; a wrapped description is
        // indented further.
        .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect();
    for expected in ["demo", "new-workspace", "search", "import", "erase", "completions", "man"] {
        assert!(names.iter().any(|name| name == expected), "{expected} missing from {names:?} in:\n{help}");
    }
    names
}

#[test]
fn every_shell_gets_a_script_naming_every_command() {
    let commands = commands();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = stdout(&ustore(&["completions", shell]));
        assert!(script.len() > 2_000, "{shell}: {} bytes only:\n{script}", script.len());
        assert!(script.contains("ustore"), "{shell}");
        for command in &commands {
            assert!(script.contains(command.as_str()), "{shell} script lacks `{command}`");
        }
        // Options, global and per command, are completed too (fish writes `--x` as `-l x`).
        for option in ["store", "json", "fts5", "archive-after-days"] {
            let spelled = if shell == "fish" { format!("-l {option}") } else { format!("--{option}") };
            assert!(script.contains(&spelled), "{shell} script lacks `{spelled}`");
        }
    }
}

#[test]
fn bash_script_is_valid_bash() {
    let script = stdout(&ustore(&["completions", "bash"]));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ustore.bash");
    std::fs::write(&file, script).unwrap();
    // Parse only (-n); then source it and check it registered its completion function.
    let parsed = Command::new("bash").arg("-n").arg(&file).output().unwrap();
    assert!(parsed.status.success(), "{}", String::from_utf8_lossy(&parsed.stderr));
    let registered = Command::new("bash")
        .arg("-c")
        .arg(format!("source {} && complete -p ustore", file.display()))
        .output()
        .unwrap();
    assert!(stdout(&registered).contains("ustore"), "no completion registered for ustore");
}

#[test]
fn unknown_shell_is_a_usage_error() {
    let output = ustore(&["completions", "cmd.exe"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("bash"), "the error lists the shells");
}

#[test]
fn man_page_describes_every_command() {
    let page = stdout(&ustore(&["man"]));
    assert!(page.contains(".TH ustore 1"), "no title line:\n{page}");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH SUBCOMMANDS", ".SH VERSION"] {
        assert!(page.contains(section), "no {section}");
    }
    // roff writes a hyphen as `\-`.
    for command in commands() {
        let roff = command.replace('-', "\\-");
        assert!(page.contains(&format!("ustore\\-{roff}")), "man page lacks `{command}`");
    }
    assert!(page.contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn man_out_dir_writes_a_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man/man1");
    stdout(&ustore(&["man", "--out-dir", out.to_str().unwrap()]));
    assert!(out.join("ustore.1").is_file());
    for command in commands() {
        let page = std::fs::read_to_string(out.join(format!("ustore-{command}.1"))).unwrap();
        assert!(page.contains(".TH ustore-"), "{command}: {page}");
    }
    let search = std::fs::read_to_string(out.join("ustore-search.1")).unwrap();
    assert!(search.contains("fts5"), "per-command pages carry their options: {search}");
}

#[test]
fn completions_and_man_open_no_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("nested/store.db");
    let store = store.to_str().unwrap();
    stdout(&ustore(&["--store", store, "completions", "zsh"]));
    stdout(&ustore(&["--store", store, "--json", "man"]));
    assert!(!Path::new(store).exists() && !dir.path().join("nested").exists(), "a store was made");
}

#[test]
fn man_out_dir_that_is_a_file_fails_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "kept").unwrap();
    let output = ustore(&["man", "--out-dir", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(file.to_str().unwrap()), "the error names the path: {stderr}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "kept", "the file is left as it was");
}
