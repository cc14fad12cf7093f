//! `ustore import chatgpt|claude FILE`: a chat-history export into a workspace, with a
//! progress bar on a terminal and a summary (or the report as JSON).

use crate::print::Printer;
use indicatif::{ProgressBar, ProgressStyle};
use unified_store::{
    ChatFormat, ImportOptions, ImportReport, NewUser, NewWorkspace, PageRequest, Store, StoreError, Workspace,
};

/// The user a workspace made by `ustore import` belongs to, when the store has no other.
const IMPORT_EMAIL: &str = "owner@ustore.invalid";

/// Imports `file` into `workspace` (or into the workspace named after the format, made on the
/// first import and reused after, so that importing again adds nothing).
pub(crate) fn run(
    store: &Store,
    format: ChatFormat,
    file: &str,
    workspace: Option<String>,
    out: &Printer,
) -> Result<(), StoreError> {
    let workspace = match workspace {
        Some(id) => store.workspaces().get(&id)?,
        None => default_workspace(store, format)?,
    };
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {bytes}/{total_bytes} ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message("importing");
    let progress = |done: u64, total: u64| {
        bar.set_length(total);
        bar.set_position(done);
        true
    };
    let result = store.import_chat_history(file, &ImportOptions::new(format, &workspace.id), &progress);
    bar.finish_and_clear();
    out.import_report(&workspace, &result?);
    Ok(())
}

/// The workspace "ChatGPT import" or "Claude import", made if the store has none, owned by
/// the store's only user, or else by a user of its own.
fn default_workspace(store: &Store, format: ChatFormat) -> Result<Workspace, StoreError> {
    let name = match format {
        ChatFormat::ChatGpt => "ChatGPT import",
        ChatFormat::Claude => "Claude import",
    };
    if let Some(existing) = store.workspaces().list(&PageRequest::first(1000))?.into_iter().find(|w| w.name == name) {
        return Ok(existing);
    }
    let users = store.users().list(&PageRequest::first(2))?;
    let owner = match users.as_slice() {
        [only] => only.clone(),
        _ => match store.users().find_by_email(IMPORT_EMAIL)? {
            Some(user) => user,
            None => store.users().create(&NewUser::new(IMPORT_EMAIL, "Imported history"))?,
        },
    };
    store.workspaces().create(&NewWorkspace::for_user(name, owner.id))
}

impl Printer {
    /// The import's summary: what was added, what was there, and what was left out and why.
    pub(crate) fn import_report(&self, workspace: &Workspace, report: &ImportReport) {
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Imported<'a> {
            workspace_id: &'a str,
            workspace_name: &'a str,
            report: &'a ImportReport,
        }
        let imported = Imported { workspace_id: &workspace.id, workspace_name: &workspace.name, report };
        if self.print_json(&imported) {
            return;
        }
        let r = report;
        let lines = [
            format!("workspace      {} ({})", self.shown(&workspace.id), self.shown(&workspace.name)),
            format!(
                "conversations  {}: {} new threads, {} updated, {} unchanged, {} skipped",
                r.conversations, r.threads_added, r.threads_updated, r.conversations_unchanged, r.conversations_skipped
            ),
            format!(
                "messages       {} added, {} already there, {} skipped, {} cut at 1 MiB",
                r.messages_added, r.messages_existing, r.messages_skipped, r.messages_truncated
            ),
            format!("attachments    {} added, {} files skipped", r.attachments_added, r.files_skipped),
        ];
        lines.iter().for_each(|line| self.say(line));
        if r.issues_total > 0 {
            const SHOWN: usize = 20;
            self.say(&format!(
                "issues         {} (the first {} below; --json lists up to 1,000)",
                r.issues_total,
                SHOWN.min(r.issues.len())
            ));
            for issue in r.issues.iter().take(SHOWN) {
                let conversation = issue.conversation_id.as_deref().unwrap_or("?");
                let item = issue.item_id.as_deref().map(|item| format!(" {item}")).unwrap_or_default();
                self.say(&format!(
                    "  #{} {}{}: {:?}: {}",
                    issue.position,
                    self.shown(conversation),
                    self.shown(&item),
                    issue.kind,
                    self.shown(&issue.reason)
                ));
            }
        }
    }
}
