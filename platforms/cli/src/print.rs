//! Output as aligned text for people or as JSON for scripts.
//!
//! Text from the store may hold characters that drive a terminal (an ESC sequence can retitle
//! the window, move the cursor or hide what follows; a bidi override reorders a line). On a
//! terminal every such character is shown escaped; see [`escape`] and [`shown`].

use serde::Serialize;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{IsTerminal as _, Write as _};
use unified_store::{
    CollectionInfo, DataExport, Erasure, MaintenanceReport, Message, MissingEmbedding, SearchHit, StorageStats, Thread,
    User, VectorHit, Workspace,
};

/// `println!` that ignores a closed stdout (`ustore search x | head`) instead of panicking.
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// Writes `message` and a newline to stderr, escaped if it is a terminal, ignoring a closed
/// stderr (`eprintln!` would panic).
pub(crate) fn error(message: &str) {
    let mut stderr = std::io::stderr().lock();
    let terminal = stderr.is_terminal();
    let _ = writeln!(stderr, "{}", shown(message, terminal));
}

/// The one place that decides: a terminal is shown [`escape`]d text; a pipe or a file gets the
/// text as stored, as `ls` does, so scripts see the data itself (`--json` suits them better:
/// a field may hold a line break).
fn shown(text: &str, terminal: bool) -> Cow<'_, str> {
    if terminal { escape(text) } else { Cow::Borrowed(text) }
}

/// `text` with each character that could drive a terminal written as `\u` and four hex
/// digits, as JSON and JavaScript write it, so the same escape serves inside JSON strings.
/// Everything else is kept, backslashes included: this is for reading, not for parsing back.
fn escape(text: &str) -> Cow<'_, str> {
    if !text.contains(drives_terminal) {
        return Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if drives_terminal(c) {
            // Writing to a String cannot fail.
            let _ = write!(escaped, "\\u{:04x}", u32::from(c));
        } else {
            escaped.push(c);
        }
    }
    Cow::Owned(escaped)
}

/// C0 controls (ESC, CR, LF, TAB, ...), DEL, C1 controls (U+009B is a CSI by itself) and the
/// bidi embeddings, overrides and isolates of Trojan Source (the set rustc warns about). All
/// lie below U+FFFF, so four hex digits always suffice.
fn drives_terminal(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Pretty JSON with DEL, C1 and bidi characters escaped too (serde_json escapes only C0), so a
/// dump on a terminal cannot drive it. It is equal JSON, so pipes get it too: serde_json
/// escapes C0 controls inside strings, so every raw line break is layout and is kept, and the
/// characters escaped can only stand inside strings.
fn escaped_json<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let json = serde_json::to_string_pretty(value)?;
    Ok(json.split('\n').map(escape).collect::<Vec<_>>().join("\n"))
}

// Records of their own rather than `serde_json::json!`, which unwraps: nothing here can panic.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Info<'a> {
    path: &'a str,
    schema_version: u32,
}

#[derive(Serialize)]
struct DemoSearch<'a> {
    query: &'a str,
    hits: &'a [SearchHit],
}

pub(crate) struct Printer {
    json: bool,
    /// stdout is a terminal: text fields are escaped.
    terminal: bool,
}

impl Printer {
    pub(crate) fn new(json: bool) -> Self {
        Self { json, terminal: std::io::stdout().is_terminal() }
    }

    /// A text field as this output shows it.
    fn show<'a>(&self, text: &'a str) -> Cow<'a, str> {
        shown(text, self.terminal)
    }

    /// A text field as this output shows it (for printers in other modules).
    pub(crate) fn shown<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.show(text)
    }

    /// Prints one line to stdout.
    pub(crate) fn say(&self, line: &str) {
        say!("{line}");
    }

    /// Prints `value` as JSON if this output is JSON; whether it did.
    pub(crate) fn print_json<T: Serialize + ?Sized>(&self, value: &T) -> bool {
        self.json(value)
    }

    fn json<T: Serialize + ?Sized>(&self, value: &T) -> bool {
        if self.json {
            // Serialising these plain records cannot fail; print nothing rather than panic.
            say!("{}", escaped_json(value).unwrap_or_default());
        }
        self.json
    }

    pub(crate) fn info(&self, path: &str, schema_version: u32) {
        if !self.json(&Info { path, schema_version }) {
            say!("store           {}\nschema version  {schema_version}", self.show(path));
        }
    }

    /// A record just made: with `--json` the object itself (not a list of one), else its line
    /// as `list` prints it.
    pub(crate) fn created<T: Serialize>(&self, item: T, list: fn(&Self, &[T])) {
        if !self.json(&item) {
            list(self, std::slice::from_ref(&item));
        }
    }

    pub(crate) fn users(&self, items: &[User]) {
        if !self.json(items) {
            for u in items {
                say!("{}  {} <{}>", self.show(&u.id), self.show(&u.display_name), self.show(&u.email));
            }
        }
    }

    pub(crate) fn workspaces(&self, items: &[Workspace]) {
        if !self.json(items) {
            items.iter().for_each(|w| say!("{}  {}", self.show(&w.id), self.show(&w.name)));
        }
    }

    pub(crate) fn threads(&self, items: &[Thread]) {
        if !self.json(items) {
            items.iter().for_each(|t| say!("{}  {}", self.show(&t.id), self.show(&t.title)));
        }
    }

    pub(crate) fn messages(&self, items: &[Message]) {
        if !self.json(items) {
            for m in items {
                say!("{}  {:<9}  {}", self.show(&m.id), m.role.as_str(), self.show(&m.content));
            }
        }
    }

    pub(crate) fn hits(&self, hits: &[SearchHit]) {
        if !self.json(hits) {
            for h in hits {
                say!("{:>6.2}  {}  {}", h.score, self.show(&h.message.thread_id), self.show(&h.snippet));
            }
        }
    }

    pub(crate) fn stats(&self, stats: &StorageStats) {
        if !self.json(stats) {
            let mb = |bytes: u64| bytes as f64 / 1e6;
            say!("{:<12} {:>10} {:>12} {:>12} {:>12}", "category", "rows", "logical MB", "counted MB", "budget MB");
            for c in &stats.categories {
                let (rows, logical, counted) = (c.rows, mb(c.logical_bytes), mb(c.estimated_bytes));
                say!(
                    "{:<12} {rows:>10} {logical:>12.3} {counted:>12.3} {:>12.1}",
                    c.category.as_str(),
                    mb(c.budget_bytes)
                );
            }
            let used = 100.0 * stats.estimated_bytes as f64 / stats.quota_bytes.max(1) as f64;
            say!("total {:.3} MB of {:.1} MB quota ({used:.1}%)", mb(stats.estimated_bytes), mb(stats.quota_bytes));
            let disk = &stats.disk;
            say!(
                "on disk: database {:.3} MB ({:.3} MB free pages), WAL {:.3} MB",
                mb(disk.database_bytes),
                mb(disk.free_bytes),
                mb(disk.wal_bytes)
            );
        }
    }

    pub(crate) fn maintenance(&self, report: &MaintenanceReport) {
        if !self.json(report) {
            for step in &report.steps {
                say!("{:<8} {:>8} items  {:>12.3} MB freed", step.step, step.items, step.freed_bytes as f64 / 1e6);
            }
            let (before, after) =
                (report.estimated_bytes_before as f64 / 1e6, report.estimated_bytes_after as f64 / 1e6);
            say!("counted {before:.3} MB before, {after:.3} MB after");
        }
    }

    pub(crate) fn erasure(&self, erasure: &Erasure) {
        if !self.json(erasure) {
            for table in &erasure.tables {
                say!("{:<28} {:>10} rows removed", table.table, table.rows);
            }
            for workspace in &erasure.workspaces_handed_over {
                say!("workspace {workspace} passed to another member");
            }
            if let Some(pseudonym) = &erasure.pseudonym_user_id {
                say!("subscriptions and invoices kept under user {pseudonym} (no personal data)");
            }
            say!("{} audit entries erased, {} kept", erasure.audit_entries_erased, erasure.audit_entries_kept);
            say!("{} attachment files removed", erasure.attachment_files_removed);
            let wal = if erasure.wal_truncated { "emptied" } else { "not emptied: another connection reads" };
            say!("write-ahead log {wal}; {}", if erasure.vacuumed { "file vacuumed" } else { "no free pages" });
        }
    }

    pub(crate) fn export(&self, export: &DataExport) {
        if !self.json(export) {
            for table in export.tables.iter().filter(|table| table.rows > 0) {
                say!("{:<28} {:>10} rows", table.table, table.rows);
            }
            say!("{} attachment files", export.attachment_files);
            say!("wrote {} ({:.3} MB)", self.show(&export.path), export.bytes as f64 / 1e6);
        }
    }

    pub(crate) fn collections(&self, items: &[CollectionInfo]) {
        if !self.json(items) {
            for c in items {
                let (name, model) = (self.show(&c.collection), self.show(&c.model));
                let precision = c.settings.precision.as_str();
                say!(
                    "{name}  {model}  {} dims  {} vectors  {precision}  ~{} bytes",
                    c.dimensions,
                    c.count,
                    c.estimated_memory_bytes
                );
            }
        }
    }

    pub(crate) fn vector_hits(&self, hits: &[VectorHit]) {
        if !self.json(hits) {
            for h in hits {
                say!("{:>6.3}  {:<10}  {}", h.score, h.owner_kind.as_str(), self.show(&h.owner_id));
            }
        }
    }

    pub(crate) fn missing(&self, items: &[MissingEmbedding]) {
        if !self.json(items) {
            for m in items {
                let why = if m.stale { "stale" } else { "missing" };
                say!("{}  {why}", self.show(&m.owner_id));
            }
        }
    }

    pub(crate) fn demo_header(&self, path: &str, workspace: &Workspace, reused: bool) {
        if !self.json {
            let how = if reused { "reused" } else { "wrote" };
            let (path, id, name) = (self.show(path), self.show(&workspace.id), self.show(&workspace.name));
            say!("store      {path}\nworkspace  {id} ({how} sample: {name})");
        }
    }

    pub(crate) fn search_results(&self, text: &str, hits: &[SearchHit]) {
        if self.json(&DemoSearch { query: text, hits }) {
            return;
        }
        say!("\nsearch {text:?}: {} hit(s)", hits.len());
        for hit in hits {
            say!("  {:>5.2}  {}", hit.score, self.show(&hit.snippet));
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn escaped(c: char) -> String {
        escape(&format!("a{c}b")).into_owned()
    }

    #[test]
    fn escape_shows_c0_del_and_c1_controls() {
        let controls = ('\0'..='\u{1f}').chain(['\u{7f}']).chain('\u{80}'..='\u{9f}');
        for c in controls {
            assert_eq!(escaped(c), format!("a\\u{:04x}b", u32::from(c)), "{c:?}");
        }
        assert_eq!(escape("\u{1b}]0;owned\u{7}\u{1b}[2J"), "\\u001b]0;owned\\u0007\\u001b[2J");
        assert_eq!(escape("one\ttwo\r\nthree"), "one\\u0009two\\u000d\\u000athree");
        assert_eq!(escape("\u{9b}31m"), "\\u009b31m", "C1 CSI");
    }

    #[test]
    fn escape_shows_bidi_embeddings_overrides_and_isolates() {
        for c in ('\u{202a}'..='\u{202e}').chain('\u{2066}'..='\u{2069}') {
            assert_eq!(escaped(c), format!("a\\u{:04x}b", u32::from(c)), "{c:?}");
        }
    }

    #[test]
    fn escape_keeps_printable_text_as_is() {
        for text in ["Café 東京 😀", "plain ASCII ~!", "C:\\dir\\file", "\u{a0}\u{200f}\u{2029}\u{202f}\u{206a}"] {
            assert!(matches!(escape(text), Cow::Borrowed(t) if t == text), "{text:?}");
        }
    }

    #[test]
    fn shown_escapes_only_on_a_terminal() {
        assert_eq!(shown("\u{1b}[31m", true), "\\u001b[31m");
        assert_eq!(shown("\u{1b}[31m", false), "\u{1b}[31m");
    }

    #[test]
    fn escaped_json_is_equal_json_without_raw_controls() {
        let hostile = "\u{1b}[31m\n\t\u{7f}\\\u{9b}\u{85}\u{202e}\u{2066}Café 😀";
        let value = serde_json::json!({ "title": hostile, "list": [hostile] });
        let json = escaped_json(&value).unwrap();
        assert_eq!(serde_json::from_str::<serde_json::Value>(&json).unwrap(), value);
        assert!(json.chars().all(|c| c == '\n' || !drives_terminal(c)), "{json}");
        let expected = r#""\u001b[31m\n\t\u007f\\\u009b\u0085\u202e\u2066Café 😀""#;
        assert!(json.contains(expected), "{json}");
    }
}
