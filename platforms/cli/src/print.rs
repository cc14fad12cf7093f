//! Output as aligned text for people or as JSON for scripts.

use serde::Serialize;
use unified_store::{Message, SearchHit, Thread, User, Workspace};

/// `println!` that ignores a closed stdout (`ustore search x | head`) instead of panicking.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// Writes `message` and a newline to stderr, ignoring a closed stderr (`eprintln!` would panic).
pub(crate) fn error(message: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr().lock(), "{message}");
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
    pub(crate) json: bool,
}

impl Printer {
    fn json<T: Serialize + ?Sized>(&self, value: &T) -> bool {
        if self.json {
            // Serialising these plain records cannot fail; print nothing rather than panic.
            say!("{}", serde_json::to_string_pretty(value).unwrap_or_default());
        }
        self.json
    }

    pub(crate) fn info(&self, path: &str, schema_version: u32) {
        if !self.json(&Info { path, schema_version }) {
            say!("store           {path}\nschema version  {schema_version}");
        }
    }

    pub(crate) fn users(&self, items: &[User]) {
        if !self.json(items) {
            items.iter().for_each(|u| say!("{}  {} <{}>", u.id, u.display_name, u.email));
        }
    }

    pub(crate) fn workspaces(&self, items: &[Workspace]) {
        if !self.json(items) {
            items.iter().for_each(|w| say!("{}  {}", w.id, w.name));
        }
    }

    pub(crate) fn threads(&self, items: &[Thread]) {
        if !self.json(items) {
            items.iter().for_each(|t| say!("{}  {}", t.id, t.title));
        }
    }

    pub(crate) fn messages(&self, items: &[Message]) {
        if !self.json(items) {
            items.iter().for_each(|m| say!("{}  {:<9}  {}", m.id, m.role.as_str(), m.content));
        }
    }

    pub(crate) fn hits(&self, hits: &[SearchHit]) {
        if !self.json(hits) {
            hits.iter().for_each(|h| say!("{:>6.2}  {}  {}", h.score, h.message.thread_id, h.snippet));
        }
    }

    pub(crate) fn demo_header(&self, path: &str, workspace: &Workspace, reused: bool) {
        if !self.json {
            let how = if reused { "reused" } else { "wrote" };
            say!("store      {path}\nworkspace  {} ({how} sample: {})", workspace.id, workspace.name);
        }
    }

    pub(crate) fn search_results(&self, text: &str, hits: &[SearchHit]) {
        if self.json(&DemoSearch { query: text, hits }) {
            return;
        }
        say!("\nsearch {text:?}: {} hit(s)", hits.len());
        for hit in hits {
            say!("  {:>5.2}  {}", hit.score, hit.snippet);
        }
    }
}
