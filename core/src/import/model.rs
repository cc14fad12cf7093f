//! The records of a chat-history import: what to import, and the report of what happened.

use serde::{Deserialize, Serialize};

/// Which service an export comes from. The file's content is checked against it: naming the
/// wrong one is `InvalidInput` on `file`, before anything is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum ChatFormat {
    /// OpenAI's ChatGPT data export: `conversations.json`, each conversation a `mapping` tree
    /// of nodes.
    ChatGpt,
    /// Anthropic's Claude data export: `conversations.json`, each conversation a list of
    /// `chat_messages`.
    Claude,
}

impl ChatFormat {
    /// The name used in ids, reports and the CLI: `chatgpt` or `claude`.
    pub fn name(self) -> &'static str {
        match self {
            Self::ChatGpt => "chatgpt",
            Self::Claude => "claude",
        }
    }
}

/// What [`crate::Store::import_chat_history`] imports, and where to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ImportOptions {
    /// The service the export comes from.
    pub format: ChatFormat,
    /// The live workspace the threads go in.
    pub workspace_id: String,
    /// A live project of that workspace to put new threads in.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub project_id: Option<String>,
}

impl ImportOptions {
    /// An import of a `format` export into workspace `workspace_id`, outside any project.
    pub fn new(format: ChatFormat, workspace_id: impl Into<String>) -> Self {
        Self { format, workspace_id: workspace_id.into(), project_id: None }
    }
}

/// What an import noted about one conversation, message or file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum ImportIssueKind {
    /// A whole conversation was left out (broken tree, unreadable, no message to keep, its
    /// thread deleted in the store); none of its messages were written.
    ConversationSkipped,
    /// One message was left out (unknown role, no text, a duplicate id); its children hang
    /// from its nearest kept ancestor.
    MessageSkipped,
    /// A message over [`crate::limits::CONTENT_MAX_BYTES`] was kept cut short, with a marker
    /// saying how long it was.
    MessageTruncated,
    /// Part of a kept message was left out (an audio part, a content block of an unknown type).
    PartDropped,
    /// An image or file the export names was not recorded (its bytes are not in the export,
    /// or are unreadable).
    FileSkipped,
    /// A value the store refuses was replaced: a time outside 1970–9999 (by its parent's or
    /// its conversation's), NUL characters (by U+FFFD), a title or model name that is not one
    /// visible line.
    ValueReplaced,
}

/// One thing an import noted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ImportIssue {
    /// What happened.
    pub kind: ImportIssueKind,
    /// Where the conversation stands in the file, from 0.
    pub position: u64,
    /// The conversation's id in the export, when it has one.
    pub conversation_id: Option<String>,
    /// The message's or file's id (or name) in the export, for an issue below the conversation.
    pub item_id: Option<String>,
    /// Why, in a short sentence.
    pub reason: String,
}

/// What an import did. Counts cover the whole file; `issues` lists the first
/// [`crate::limits::IMPORT_ISSUES_LISTED`] notes and `issues_total` counts them all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    /// Conversations in the file.
    pub conversations: u64,
    /// Threads created.
    pub threads_added: u64,
    /// Threads that were there already and got new messages.
    pub threads_updated: u64,
    /// Conversations whose thread and every message were there already.
    pub conversations_unchanged: u64,
    /// Conversations left out (each is also an issue).
    pub conversations_skipped: u64,
    /// Messages written.
    pub messages_added: u64,
    /// Messages that were there already (from an earlier import of the same conversation).
    pub messages_existing: u64,
    /// Messages left out (each is also an issue).
    pub messages_skipped: u64,
    /// Messages kept cut short at the content limit.
    pub messages_truncated: u64,
    /// Attachment records written (images whose bytes were in the `.zip`).
    pub attachments_added: u64,
    /// Images and files not recorded (each is also an issue).
    pub files_skipped: u64,
    /// Bytes of the conversations' JSON.
    pub json_bytes: u64,
    /// The first notes, in file order.
    pub issues: Vec<ImportIssue>,
    /// How many notes there were in all.
    pub issues_total: u64,
}
