//! Importing chat histories: ChatGPT's and Claude's data exports (their `conversations.json`,
//! or the `.zip` a person downloads) as threads, messages (every branch) and attachment
//! records, into a workspace the caller names.
//!
//! Two passes over the JSON. The first reads the whole file and checks it: a JSON array,
//! valid UTF-8, every conversation valid JSON, and of the format the caller named; a file
//! that fails (truncated, not JSON, the other format) imports nothing. The second imports,
//! one conversation at a time: each is parsed and checked whole in memory, made into rows
//! whose ids derive from the source (`prepare.rs`), and written in a transaction with the
//! conversations around it, up to [`STEP_MESSAGES`] messages a step, with a pause between
//! steps (`jobs.rs`) for progress, cancelling and, in the browser, the event loop. Memory
//! holds one step, never the file. A conversation is written whole or not at all; one that
//! cannot be (a broken tree, no message to keep, its thread deleted) is skipped and reported.
//!
//! Cancelled part-way, the conversations of the steps already committed stay, each whole;
//! importing the same file again adds only what is missing, so a cancelled import resumes.

mod chatgpt;
mod claude;
mod conversation;
pub(crate) mod model;
mod prepare;
mod scan;
mod source;
mod write;

pub use source::ChatExport;

use crate::Store;
use crate::content::{project_in, workspaces};
use crate::error::{Error, Result, StoreError};
use crate::governance::model::{Action, ResourceRef};
use crate::ids::parse_id;
use crate::jobs::{Pause, Progress, reporting, run_blocking, step};
use crate::limits::{IMPORT_CONVERSATION_MAX_BYTES, IMPORT_ISSUES_LISTED};
use crate::values::optional_id;
use conversation::Notes;
use model::{ChatFormat, ImportIssue, ImportIssueKind, ImportOptions, ImportReport};
use prepare::{Prepared, Target};
use scan::{ScanError, Scanner};
use serde::Deserialize;
use serde::de::IgnoredAny;
use source::Export;
use write::Outcome;

/// Most messages one step reads and writes (one transaction), unless a single conversation
/// holds more: a conversation is never split. A step is what a read waits for on OPFS, where
/// reads share the writer's connection. Measured (docs/benchmarks.md, "Importing chat
/// histories"): steps of 1,000 messages took 73 ms at the median and 218 ms at p99 natively,
/// too long for the 100 ms a browser read may wait; 250 keep them well under it.
pub(crate) const STEP_MESSAGES: usize = 250;
/// Most bytes of JSON read between two pauses, however few messages they hold (a file of
/// skipped conversations, or of few long messages, still pauses).
const STEP_BYTES: u64 = 1 << 20;
/// Bytes the checking pass reads between two pauses.
const CHECK_STEP_BYTES: u64 = 8 << 20;

impl Store {
    /// Imports the chat history in file `file` (the `conversations.json` of a ChatGPT or
    /// Claude data export, or the `.zip` as downloaded) into the workspace `options` names,
    /// reporting bytes of JSON read (it is read twice: checked, then imported) to `progress`,
    /// which can cancel. Returns what was added, what was there already, and what was left
    /// out and why.
    ///
    /// A file that is not an export of `options.format` (truncated, not JSON, not UTF-8, the
    /// other service's) is `InvalidInput` on `file` with the byte offset, and nothing is
    /// written. Importing the same export again adds nothing; a newer export of the same
    /// account adds only its new conversations and messages. Cancelled, it ends with
    /// `Cancelled` and keeps the conversations written so far, each whole: run it again to
    /// finish. Writes wait while a step is written; reads go on.
    pub fn import_chat_history(
        &self,
        file: &str,
        options: &ImportOptions,
        progress: &dyn Progress,
    ) -> Result<ImportReport, StoreError> {
        run_blocking(self.import_chat_history_stepwise(ChatExport::File(file), options, &mut reporting(progress)))
    }

    /// [`Store::import_chat_history`] from the export's bytes (the JSON or the `.zip`).
    pub fn import_chat_history_bytes(
        &self,
        bytes: &[u8],
        options: &ImportOptions,
        progress: &dyn Progress,
    ) -> Result<ImportReport, StoreError> {
        run_blocking(self.import_chat_history_stepwise(ChatExport::Bytes(bytes), options, &mut reporting(progress)))
    }

    /// [`Store::import_chat_history`] pausing at `pause` between steps (the browser binding
    /// yields to the event loop there, so the worker answers reads during an import).
    pub async fn import_chat_history_stepwise(
        &self,
        export: ChatExport<'_>,
        options: &ImportOptions,
        pause: &mut dyn Pause,
    ) -> Result<ImportReport, StoreError> {
        import(self, export, options, pause).await
    }
}

async fn import(
    store: &Store,
    export: ChatExport<'_>,
    options: &ImportOptions,
    pause: &mut dyn Pause,
) -> Result<ImportReport, StoreError> {
    let workspace_id = parse_id("workspace_id", &options.workspace_id)?;
    let project_id = optional_id("project_id", options.project_id.as_deref())?;
    let target = Target { workspace_id: &workspace_id, project_id: project_id.as_deref(), format: options.format };
    // Where the threads go, and that the caller may write there, before the file is read.
    store.cx.read(|conn| {
        workspaces::get(conn, &workspace_id)?;
        let project_id = project_in(conn, &workspace_id, project_id.as_deref())?;
        let container = match &project_id {
            Some(project_id) => ResourceRef::project(project_id),
            None => ResourceRef::workspace(&workspace_id),
        };
        store.cx.authorize(conn, Action::Write, &container)
    })?;
    if let ChatExport::File(path) = export
        && (path.is_empty() || path.contains('\0'))
    {
        return Err(Error::invalid("file", "must name a file").into());
    }

    let opened = Export::open(export)?;
    let total = opened.json_len.saturating_mul(2).max(1);
    check(&opened, options.format, pause, total).await?;

    let mut report = ImportReport { json_bytes: opened.json_len, ..ImportReport::default() };
    let mut archive = opened.archive()?;
    let mut images = opened.archive()?;
    let mut scanner = Scanner::new(opened.json(&mut archive)?);
    let mut buf = Vec::new();
    let mut position = 0u64;
    let mut batch: Vec<(u64, String, Prepared)> = Vec::new();
    let mut batch_messages = 0;
    let mut paused_at = 0;
    loop {
        let element = scanner.next(&mut buf, IMPORT_CONVERSATION_MAX_BYTES).map_err(file_error)?;
        let done = element.is_none();
        if let Some(element) = element {
            let at = position;
            position += 1;
            report.conversations += 1;
            let mut notes = Notes::default();
            let read = if element.oversized {
                Err(conversation::Skip::new(
                    None,
                    format!(
                        "is {} bytes of JSON, over the {} one conversation may take",
                        prepare::thousands(element.len),
                        prepare::thousands(IMPORT_CONVERSATION_MAX_BYTES as u64)
                    ),
                ))
            } else {
                match options.format {
                    ChatFormat::ChatGpt => chatgpt::read(&buf, &mut notes),
                    ChatFormat::Claude => claude::read(&buf, &mut notes),
                }
            };
            match read {
                Ok(conversation) => {
                    let id = conversation.id.clone();
                    let prepared = prepare::prepare(conversation, &target, &opened, &mut images, &mut notes);
                    report.add_notes(at, Some(&id), notes);
                    match prepared {
                        Ok(prepared) => {
                            batch_messages += prepared.messages.len();
                            batch.push((at, id, prepared));
                        }
                        Err(reason) => report.note(ImportIssueKind::ConversationSkipped, at, Some(&id), None, reason),
                    }
                }
                Err(skip) => {
                    report.add_notes(at, skip.id.as_deref(), notes);
                    report.note(ImportIssueKind::ConversationSkipped, at, skip.id.as_deref(), None, skip.reason);
                }
            }
        }
        if done || batch_messages >= STEP_MESSAGES || scanner.offset() - paused_at >= STEP_BYTES {
            if !batch.is_empty() {
                let (places, prepared): (Vec<_>, Vec<_>) =
                    std::mem::take(&mut batch).into_iter().map(|(at, id, prepared)| ((at, id), prepared)).unzip();
                let outcomes = write::batch(&store.cx, &target, prepared)?;
                for ((at, id), outcome) in places.into_iter().zip(outcomes) {
                    report.count(at, &id, outcome);
                }
                batch_messages = 0;
            }
            paused_at = scanner.offset();
            step(pause, opened.json_len + paused_at, total).await?;
        }
        if done {
            return Ok(report);
        }
    }
}

/// The first pass: reads the whole JSON and fails on anything that makes it not an export of
/// `format` (so that a broken file imports nothing).
async fn check(opened: &Export<'_>, format: ChatFormat, pause: &mut dyn Pause, total: u64) -> Result<()> {
    /// Which format a conversation looks like, from the one field each has and the other lacks.
    #[derive(Deserialize)]
    struct Probe {
        #[serde(default)]
        mapping: Option<IgnoredAny>,
        #[serde(default)]
        chat_messages: Option<IgnoredAny>,
    }
    let mut archive = opened.archive()?;
    let mut scanner = Scanner::new(opened.json(&mut archive)?);
    let mut buf = Vec::new();
    let (mut chatgpt, mut claude, mut other) = (0u64, 0u64, 0u64);
    let mut paused_at = 0;
    while let Some(element) = scanner.next(&mut buf, IMPORT_CONVERSATION_MAX_BYTES).map_err(file_error)? {
        if !element.oversized {
            if let Err(error) = std::str::from_utf8(&buf) {
                let offset = element.offset + error.valid_up_to() as u64;
                return Err(file_error(ScanError { offset, reason: "is not UTF-8".into() }));
            }
            match serde_json::from_slice::<Probe>(&buf) {
                Ok(Probe { mapping: Some(_), .. }) => chatgpt += 1,
                Ok(Probe { chat_messages: Some(_), .. }) => claude += 1,
                Ok(_) => other += 1,
                Err(error) if error.is_data() => other += 1,
                Err(error) => {
                    let offset = element.offset + byte_at(&buf, error.line(), error.column());
                    let message = error.to_string();
                    let reason = message.rsplit_once(" at line ").map_or(message.as_str(), |(reason, _)| reason);
                    return Err(file_error(ScanError { offset, reason: format!("is not valid JSON ({reason})") }));
                }
            }
        }
        if scanner.offset() - paused_at >= CHECK_STEP_BYTES {
            paused_at = scanner.offset();
            step(pause, paused_at, total).await?;
        }
    }
    let (ours, theirs, other_format) = match format {
        ChatFormat::ChatGpt => (chatgpt, claude, ChatFormat::Claude),
        ChatFormat::Claude => (claude, chatgpt, ChatFormat::ChatGpt),
    };
    if ours == 0 && theirs > 0 {
        return Err(Error::invalid(
            "file",
            format!("is a {} export, not a {} one", display(other_format), display(format)),
        ));
    }
    if ours == 0 && other > 0 {
        return Err(Error::invalid("file", format!("holds no {} conversation", display(format))));
    }
    step(pause, opened.json_len, total).await
}

fn display(format: ChatFormat) -> &'static str {
    match format {
        ChatFormat::ChatGpt => "ChatGPT",
        ChatFormat::Claude => "Claude",
    }
}

/// The byte of `buf` at serde_json's 1-based `line` and `column`.
fn byte_at(buf: &[u8], line: usize, column: usize) -> u64 {
    let mut offset = 0;
    for (at, text) in buf.split(|&byte| byte == b'\n').enumerate() {
        if at + 1 == line {
            return (offset + column.saturating_sub(1).min(text.len())) as u64;
        }
        offset += text.len() + 1;
    }
    buf.len() as u64
}

/// An id from the file for the report: at most 100 characters, marked when cut.
fn short(text: &str) -> String {
    match text.char_indices().nth(100) {
        None => text.to_owned(),
        Some((cut, _)) => format!("{}…", &text[..cut]),
    }
}

fn file_error(error: ScanError) -> Error {
    Error::invalid("file", format!("{} at byte {}", error.reason, error.offset))
}

impl ImportReport {
    /// Records one issue: counted always, listed while the list is short.
    fn note(
        &mut self,
        kind: ImportIssueKind,
        position: u64,
        conversation: Option<&str>,
        item: Option<String>,
        reason: String,
    ) {
        match kind {
            ImportIssueKind::ConversationSkipped => self.conversations_skipped += 1,
            ImportIssueKind::MessageSkipped => self.messages_skipped += 1,
            ImportIssueKind::MessageTruncated => self.messages_truncated += 1,
            ImportIssueKind::FileSkipped => self.files_skipped += 1,
            ImportIssueKind::PartDropped | ImportIssueKind::ValueReplaced => {}
        }
        self.issues_total += 1;
        if self.issues.len() < IMPORT_ISSUES_LISTED {
            let conversation_id = conversation.map(short);
            let item_id = item.as_deref().map(short);
            self.issues.push(ImportIssue { kind, position, conversation_id, item_id, reason });
        }
    }

    fn add_notes(&mut self, position: u64, conversation: Option<&str>, notes: Notes) {
        for (kind, item, reason) in notes.0 {
            self.note(kind, position, conversation, item, reason);
        }
    }

    fn count(&mut self, position: u64, id: &str, outcome: Outcome) {
        match outcome {
            Outcome::Written { new_thread, messages, existing, attachments } => {
                self.messages_added += messages;
                self.messages_existing += existing;
                self.attachments_added += attachments;
                match (new_thread, messages) {
                    (true, _) => self.threads_added += 1,
                    (false, 0) => self.conversations_unchanged += 1,
                    (false, _) => self.threads_updated += 1,
                }
            }
            Outcome::ThreadDeleted => self.note(
                ImportIssueKind::ConversationSkipped,
                position,
                Some(id),
                None,
                "its thread was deleted in the store; restore or purge it to import it again".into(),
            ),
            Outcome::Refused(reason) => self.note(
                ImportIssueKind::ConversationSkipped,
                position,
                Some(id),
                None,
                format!("the store refused it: {reason}"),
            ),
        }
    }
}
