//! The records of the content domain: workspaces, projects, documents, threads, messages
//! and attachment metadata.

use crate::model::Role;
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

/// Longest project description, in characters.
pub const DESCRIPTION_MAX: usize = crate::schema::rules::DESCRIPTION.max;
/// Largest document body, in bytes (4 MiB).
pub const DOCUMENT_BODY_MAX_BYTES: usize = crate::schema::rules::BODY.max;
/// Longest attachment filename, in characters.
pub const FILENAME_MAX: usize = crate::schema::rules::FILENAME.max;

/// What may change in a workspace ([`crate::Workspaces::update`]); `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct WorkspacePatch {
    /// A new name, 1 to [`crate::limits::NAME_MAX`] characters, trimmed.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub name: Option<String>,
    /// Transfers the workspace to this user (set this or `owner_organization_id`, not both).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub owner_user_id: Option<String>,
    /// Transfers the workspace to this organization (set this or `owner_user_id`, not both).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub owner_organization_id: Option<String>,
}

/// A user's membership of a workspace. The owner is not a member: it is named on the
/// workspace itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceMember {
    /// UUIDv7.
    pub id: String,
    /// The workspace.
    pub workspace_id: String,
    /// The member.
    pub user_id: String,
    /// What the member may do: admin, member or viewer.
    pub role: Role,
    /// UTC milliseconds.
    pub created_at: i64,
    /// UTC milliseconds; changes with the role.
    pub updated_at: i64,
}

/// A group of threads and documents inside a workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Project {
    /// UUIDv7.
    pub id: String,
    /// The workspace it belongs to.
    pub workspace_id: String,
    /// Display name, 1 to [`crate::limits::NAME_MAX`] characters.
    pub name: String,
    /// Free text, at most [`DESCRIPTION_MAX`] characters; may be empty.
    pub description: String,
    /// UTC milliseconds.
    pub created_at: i64,
    /// UTC milliseconds.
    pub updated_at: i64,
}

/// What [`crate::Projects::create`] needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct NewProject {
    /// The workspace to create it in.
    pub workspace_id: String,
    /// 1 to [`crate::limits::NAME_MAX`] characters, trimmed.
    pub name: String,
    /// At most [`DESCRIPTION_MAX`] characters; empty when left out.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = ""))]
    pub description: String,
}

impl NewProject {
    /// Project `name` in workspace `workspace_id`, without a description.
    pub fn new(workspace_id: impl Into<String>, name: impl Into<String>) -> Self {
        Self { workspace_id: workspace_id.into(), name: name.into(), description: String::new() }
    }
}

/// What may change in a project ([`crate::Projects::update`]); `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct ProjectPatch {
    /// A new name.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub name: Option<String>,
    /// A new description (empty clears it).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub description: Option<String>,
}

/// A document of a workspace, optionally in one of its projects. Every update makes a new
/// version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Document {
    /// UUIDv7.
    pub id: String,
    /// The workspace it belongs to.
    pub workspace_id: String,
    /// The project of that workspace it sits in, if any.
    pub project_id: Option<String>,
    /// 1 to [`crate::limits::NAME_MAX`] characters.
    pub title: String,
    /// The text, at most [`DOCUMENT_BODY_MAX_BYTES`] bytes.
    pub body: String,
    /// Media type of the body, such as `text/markdown`.
    pub mime: String,
    /// 1 when created, one more on every update.
    pub version: u32,
    /// UTC milliseconds.
    pub created_at: i64,
    /// UTC milliseconds.
    pub updated_at: i64,
}

/// What [`crate::Documents::create`] needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct NewDocument {
    /// The workspace to create it in.
    pub workspace_id: String,
    /// A live project of that workspace to put it in.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub project_id: Option<String>,
    /// 1 to [`crate::limits::NAME_MAX`] characters, trimmed.
    pub title: String,
    /// At most [`DOCUMENT_BODY_MAX_BYTES`] bytes; may be empty.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = ""))]
    pub body: String,
    /// A media type (`type/subtype`); `text/markdown` when left out.
    #[serde(default = "default_mime")]
    #[cfg_attr(feature = "uniffi", uniffi(default = "text/markdown"))]
    pub mime: String,
}

fn default_mime() -> String {
    "text/markdown".to_owned()
}

impl NewDocument {
    /// A Markdown document in workspace `workspace_id`, outside any project.
    pub fn new(workspace_id: impl Into<String>, title: impl Into<String>, body: impl Into<String>) -> Self {
        Self {
            workspace_id: workspace_id.into(),
            project_id: None,
            title: title.into(),
            body: body.into(),
            mime: default_mime(),
        }
    }
}

/// What may change in a document ([`crate::Documents::update`]); `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct DocumentPatch {
    /// A new title.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub title: Option<String>,
    /// A new body.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub body: Option<String>,
    /// A new media type.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub mime: Option<String>,
    /// Optimistic concurrency: the version the change was made from. When it is no longer
    /// the stored version the update is refused with `Conflict` on `version`.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub expected_version: Option<u32>,
}

/// A full-text search over document titles and bodies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct DocumentSearch {
    /// What to look for, within the bounds that [`QuerySyntax`] lists.
    pub text: String,
    /// How `text` is read.
    #[serde(default)]
    pub syntax: QuerySyntax,
    /// Only documents of this workspace.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub workspace_id: Option<String>,
    /// Only documents of this project.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub project_id: Option<String>,
    /// How many hits at most, 1 to [`crate::limits::PAGE_MAX`].
    #[serde(default = "default_limit")]
    #[cfg_attr(feature = "uniffi", uniffi(default = 20))]
    pub limit: u32,
}

impl DocumentSearch {
    /// A plain-words search over every workspace's documents.
    pub fn words(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            syntax: QuerySyntax::Plain,
            workspace_id: None,
            project_id: None,
            limit: default_limit(),
        }
    }
}

/// One document search result, best first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct DocumentHit {
    /// The matching document.
    pub document: Document,
    /// A short excerpt of the best-matching field (title or body) with the matched words
    /// wrapped in `[` and `]`.
    pub snippet: String,
    /// Relevance (BM25 with title matches weighing more, sign flipped): higher is better.
    pub score: f64,
}

/// A conversation inside a workspace, optionally in one of its projects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Thread {
    /// UUIDv7.
    pub id: String,
    /// The workspace it belongs to.
    pub workspace_id: String,
    /// The project of that workspace it sits in, if any.
    pub project_id: Option<String>,
    /// Display title, 1 to [`crate::limits::NAME_MAX`] characters.
    pub title: String,
    /// Pinned threads are shown first by apps.
    pub pinned: bool,
    /// Archived threads leave [`crate::Threads::list`] for [`crate::Threads::list_archived`].
    pub archived: bool,
    /// When its newest live message was written (UTC milliseconds); `None` while it has none.
    pub last_message_at: Option<i64>,
    /// UTC milliseconds.
    pub created_at: i64,
    /// UTC milliseconds; changes on update.
    pub updated_at: i64,
}

/// What [`crate::Threads::create_with`] needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct NewThread {
    /// The workspace to create it in.
    pub workspace_id: String,
    /// A live project of that workspace to put it in.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub project_id: Option<String>,
    /// 1 to [`crate::limits::NAME_MAX`] characters, trimmed.
    pub title: String,
}

/// What may change in a thread ([`crate::Threads::update`]); `None` leaves a field as it is.
/// Moving a thread between projects is [`crate::Threads::move_to_project`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct ThreadPatch {
    /// A new title.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub title: Option<String>,
    /// Pin or unpin it.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub pinned: Option<bool>,
    /// Archive or unarchive it.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub archived: Option<bool>,
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

/// How the text of a [`SearchQuery`] or [`DocumentSearch`] is read. Either way, so that no
/// one search can hold the store for long, a search past any of these bounds is
/// `InvalidInput` on `query`: 1024 bytes ([`crate::limits::QUERY_MAX_BYTES`]), 8 words
/// ([`crate::limits::QUERY_WORDS_MAX`]), 2 prefix terms such as `wor*`
/// ([`crate::limits::QUERY_PREFIXES_MAX`]), each of at least 2 characters
/// ([`crate::limits::QUERY_PREFIX_MIN_CHARS`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum QuerySyntax {
    /// Words, all of which must match; punctuation is ignored and a trailing `*` on a word
    /// matches it as a prefix. Any text within the bounds is accepted; text with no words is
    /// `InvalidInput`.
    #[default]
    Plain,
    /// SQLite FTS5 query syntax (phrases, `OR`, `NOT`, `NEAR`, prefixes). A syntax error is
    /// `InvalidInput` naming `query`. Words are counted inside phrases too (`"a b"` is two);
    /// column names, operators and `NEAR`'s distance are not words. Parentheses, `NEAR(…)`'s
    /// included, nest at most 8 deep ([`crate::limits::QUERY_DEPTH_MAX`]).
    Fts5,
}

/// A full-text search over message content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct SearchQuery {
    /// What to look for, within the bounds that [`QuerySyntax`] lists.
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
    /// The project of its thread, if any.
    pub project_id: Option<String>,
    /// The title of its thread.
    pub thread_title: String,
    /// A short excerpt with the matched words wrapped in `[` and `]`.
    pub snippet: String,
    /// Relevance (BM25, sign flipped): higher is better.
    pub score: f64,
    /// `None` when every match was ranked, so hits come in exact BM25 order. `Some(n)` when
    /// the search matched more messages than it ranks (a very common word): only the newest
    /// `n` matches were ranked, which bounds its time (docs/decisions.md, "Bounded search").
    pub ranked_among_newest: Option<u32>,
}

/// Metadata of a file attached to a message (the bytes come with the storage work).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    /// UUIDv7.
    pub id: String,
    /// The message it is attached to.
    pub message_id: String,
    /// That message's thread.
    pub thread_id: String,
    /// The file's name, 1 to [`FILENAME_MAX`] characters, without path separators.
    pub filename: String,
    /// Its media type, such as `image/png`.
    pub mime: String,
    /// Its size in bytes.
    pub size_bytes: u64,
    /// SHA-256 of its bytes: 64 lowercase hex digits.
    pub sha256: String,
    /// Whether the store holds its bytes.
    pub bytes: AttachmentBytes,
    /// The app keeps the bytes elsewhere too (a server, a photo library): maintenance may
    /// then evict the local copy of an archived thread's attachment
    /// ([`crate::Attachments::set_kept_elsewhere`]). Nothing is ever deleted elsewhere.
    pub kept_elsewhere: bool,
    /// UTC milliseconds.
    pub created_at: i64,
    /// UTC milliseconds.
    pub updated_at: i64,
}

/// Whether the store holds an attachment's bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum AttachmentBytes {
    /// Metadata only ([`crate::Attachments::add`], a chat import): the bytes are elsewhere.
    #[default]
    None,
    /// In a file beside the store ([`crate::Attachments::write`]), sealed in an encrypted store.
    Local,
    /// Removed from this device by maintenance; the app keeps them elsewhere.
    Evicted,
}

crate::values::sql_enum!(AttachmentBytes { None => "none", Local => "local", Evicted => "evicted" });

/// What [`crate::Attachments::write`] needs: the bytes follow, and give the size and SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct NewAttachmentFile {
    /// A live message to attach it to.
    pub message_id: String,
    /// The file's name, as [`NewAttachment::filename`].
    pub filename: String,
    /// Its media type (`type/subtype`).
    pub mime: String,
}

/// What [`crate::Attachments::add`] needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct NewAttachment {
    /// A live message to attach it to.
    pub message_id: String,
    /// The file's name, 1 to [`FILENAME_MAX`] characters, without `/`, `\` or control
    /// characters; trimmed.
    pub filename: String,
    /// Its media type (`type/subtype`).
    pub mime: String,
    /// Its size in bytes, at most `i64::MAX`.
    pub size_bytes: u64,
    /// SHA-256 of its bytes as 64 hex digits (stored lowercase).
    pub sha256: String,
}
