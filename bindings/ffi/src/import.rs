//! Chat-history import through UniFFI: a file path and a progress listener.

use crate::progress::{Listener, ProgressListener};
use crate::{Result, Store};
use std::sync::Arc;
use unified_store::{ImportOptions, ImportReport};

#[uniffi::export]
impl Store {
    /// Imports the chat history in `file` (a ChatGPT or Claude `conversations.json`, or the
    /// `.zip` as downloaded) into the workspace `options` names, reporting bytes of JSON read
    /// to `progress`, which can cancel (the conversations written so far stay, each whole;
    /// importing again finishes). Importing the same export again adds nothing.
    #[uniffi::method(default(progress = None))]
    pub fn import_chat_history(
        &self,
        file: String,
        options: ImportOptions,
        progress: Option<Arc<dyn ProgressListener>>,
    ) -> Result<ImportReport> {
        self.0.import_chat_history(&file, &options, &Listener(progress))
    }
}
