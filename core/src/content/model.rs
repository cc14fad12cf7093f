//! The records of the content domain: workspaces, projects, documents, threads, messages
//! and attachment metadata.

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
    /// The user who owns it, if a user does.
    pub owner_user_id: Option<String>,
    /// The organization that owns it, if one does. Exactly one owner is set.
    pub owner_organization_id: Option<String>,
    /// UTC milliseconds.
    pub created_at: i64,
    /// UTC milliseconds; changes on rename.
    pub updated_at: i64,
}

/// What [`crate::Workspaces::create`] needs: a name and exactly one owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct NewWorkspace {
    /// 1 to [`crate::limits::NAME_MAX`] characters, trimmed.
    pub name: String,
    /// The owning user; set this or `owner_organization_id`, not both.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub owner_user_id: Option<String>,
    /// The owning organization; set this or `owner_user_id`, not both.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub owner_organization_id: Option<String>,
}

impl NewWorkspace {
    /// A workspace owned by user `user_id`.
    pub fn for_user(name: impl Into<String>, user_id: impl Into<String>) -> Self {
        Self { name: name.into(), owner_user_id: Some(user_id.into()), owner_organization_id: None }
    }

    /// A workspace owned by organization `organization_id`.
    pub fn for_organization(name: impl Into<String>, organization_id: impl Into<String>) -> Self {
        Self { name: name.into(), owner_user_id: None, owner_organization_id: Some(organization_id.into()) }
    }
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
    /// The message this one answers or branches from, in the same thread.
    pub parent_id: Option<String>,
    /// The AI provider that wrote it, such as `anthropic`.
    pub provider: Option<String>,
    /// The model that wrote it.
    pub model: Option<String>,
    /// Tokens of the prompt that produced it.
    pub prompt_tokens: Option<u32>,
    /// Tokens it is made of.
    pub completion_tokens: Option<u32>,
    /// UTC milliseconds.
    pub created_at: i64,
    /// UTC milliseconds; changes when the content is edited.
    pub updated_at: i64,
}

/// A message to append with everything known about it ([`crate::Messages::append_new`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct NewMessage {
    /// The thread to append to.
    pub thread_id: String,
    /// Who wrote it.
    pub role: MessageRole,
    /// The text, at most [`crate::limits::CONTENT_MAX_BYTES`] bytes.
    pub content: String,
    /// A live message of the same thread that this one answers or branches from.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub parent_id: Option<String>,
    /// The AI provider that wrote it.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub provider: Option<String>,
    /// The model that wrote it.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub model: Option<String>,
    /// Tokens of the prompt that produced it.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub prompt_tokens: Option<u32>,
    /// Tokens it is made of.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub completion_tokens: Option<u32>,
}

impl NewMessage {
    /// A message with only its thread, role and text.
    pub fn new(thread_id: impl Into<String>, role: MessageRole, content: impl Into<String>) -> Self {
        Self {
            thread_id: thread_id.into(),
            role,
            content: content.into(),
            parent_id: None,
            provider: None,
            model: None,
            prompt_tokens: None,
            completion_tokens: None,
        }
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
