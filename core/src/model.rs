//! The records that cross every binding. Each derives serde (for wasm) and, behind the
//! `uniffi` feature, the UniFFI traits (for Swift, Kotlin and Python), and behind the `wasm`
//! feature, TypeScript declarations (tsify), so none is redefined.

use serde::{Deserialize, Serialize};

/// A top-level container of threads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Workspace {
    /// UUIDv7.
    pub id: String,
    /// Display name, 1 to [`crate::limits::NAME_MAX`] characters.
    pub name: String,
    /// UTC milliseconds.
    pub created_at: i64,
    /// UTC milliseconds; changes on rename.
    pub updated_at: i64,
}

/// A conversation inside a workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Thread {
    /// UUIDv7.
    pub id: String,
    /// The workspace it belongs to.
    pub workspace_id: String,
    /// Display title, 1 to [`crate::limits::NAME_MAX`] characters.
    pub title: String,
    /// UTC milliseconds.
    pub created_at: i64,
    /// UTC milliseconds; changes on rename.
    pub updated_at: i64,
}

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum MessageRole {
    /// The person using the app.
    User,
    /// An AI model's answer.
    Assistant,
    /// Instructions given to the model.
    System,
    /// Output of a tool the model called.
    Tool,
}

/// One message of a thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Message {
    /// UUIDv7.
    pub id: String,
    /// The thread it belongs to.
    pub thread_id: String,
    /// Who wrote it.
    pub role: MessageRole,
    /// The text, at most [`crate::limits::CONTENT_MAX_BYTES`] bytes.
    pub content: String,
    /// UTC milliseconds.
    pub created_at: i64,
    /// UTC milliseconds; changes when the content is edited.
    pub updated_at: i64,
}

/// One page of a list. Lists are newest first; to get the next page, pass the id of the
/// last item of this one as `after`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct PageRequest {
    /// How many items at most, 1 to [`crate::limits::PAGE_MAX`].
    #[cfg_attr(feature = "uniffi", uniffi(default = 50))]
    pub limit: u32,
    /// The id of the last item of the previous page; `None` for the first page.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub after: Option<String>,
}

impl Default for PageRequest {
    fn default() -> Self {
        Self { limit: 50, after: None }
    }
}

impl PageRequest {
    /// The first page of `limit` items.
    pub fn first(limit: u32) -> Self {
        Self { limit, after: None }
    }
}

/// How the text of a [`SearchQuery`] is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum QuerySyntax {
    /// Words, all of which must match; punctuation is ignored and a trailing `*` on a word
    /// matches it as a prefix. Any text is accepted; text with no words is `InvalidInput`.
    #[default]
    Plain,
    /// SQLite FTS5 query syntax (phrases, `OR`, `NOT`, `NEAR`, prefixes). A syntax error is
    /// `InvalidInput` naming `query`.
    Fts5,
}

/// A full-text search over message content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct SearchQuery {
    /// What to look for.
    pub text: String,
    /// How `text` is read.
    #[serde(default)]
    pub syntax: QuerySyntax,
    /// Only messages of threads in this workspace.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub workspace_id: Option<String>,
    /// Only messages of this thread.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub thread_id: Option<String>,
    /// How many hits at most, 1 to [`crate::limits::PAGE_MAX`].
    #[serde(default = "default_limit")]
    #[cfg_attr(feature = "uniffi", uniffi(default = 20))]
    pub limit: u32,
}

fn default_limit() -> u32 {
    20
}

impl SearchQuery {
    /// A plain-words query over every workspace.
    pub fn words(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            syntax: QuerySyntax::Plain,
            workspace_id: None,
            thread_id: None,
            limit: default_limit(),
        }
    }
}

/// One search result, best first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    /// The matching message.
    pub message: Message,
    /// The workspace of its thread.
    pub workspace_id: String,
    /// A short excerpt with the matched words wrapped in `[` and `]`.
    pub snippet: String,
    /// Relevance (BM25, sign flipped): higher is better.
    pub score: f64,
}

/// Where a store lives and how it is opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct StoreConfig {
    /// A file path (in the browser, a path in the origin's private file system);
    /// `None` for a private in-memory store.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub path: Option<String>,
    /// How long a write waits for another connection's lock before failing.
    #[serde(default = "default_busy_timeout")]
    #[cfg_attr(feature = "uniffi", uniffi(default = 5000))]
    pub busy_timeout_ms: u32,
}

fn default_busy_timeout() -> u32 {
    5000
}

impl StoreConfig {
    /// A store in the file at `path`, created if missing.
    pub fn file(path: impl Into<String>) -> Self {
        Self { path: Some(path.into()), busy_timeout_ms: default_busy_timeout() }
    }

    /// A private store in memory, gone when closed.
    pub fn in_memory() -> Self {
        Self { path: None, busy_timeout_ms: default_busy_timeout() }
    }
}
