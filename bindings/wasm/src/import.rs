//! Chat-history import in the browser: the export's bytes (the JSON or the `.zip`), imported
//! step by step with a yield to the event loop between steps, so the worker answers other
//! calls while it runs.

use crate::convert::{Bytes, JsResult, arg, bytes, js_error, storage};
use crate::jobs::{JsPause, OnProgress};
use crate::store::Store;
use js_sys::Promise;
use tsify::Ts;
use unified_store::{ChatExport, ImportOptions, ImportReport};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_futures::future_to_promise;

#[wasm_bindgen]
impl Store {
    /// Imports the chat history in `file` (the bytes of a ChatGPT or Claude
    /// `conversations.json`, or of the `.zip`) into the workspace `options` names;
    /// `onProgress(done, total)` gets bytes of JSON read and returning `false` cancels (the
    /// conversations written so far stay, each whole). Resolves to the import's report.
    #[wasm_bindgen(js_name = importChatHistory, unchecked_return_type = "Promise<ImportReport>")]
    pub fn import_chat_history(
        &self,
        file: Bytes,
        options: Ts<ImportOptions>,
        #[wasm_bindgen(js_name = onProgress)] on_progress: Option<OnProgress>,
    ) -> JsResult<Promise> {
        let (store, file, options) = (self.0.clone(), bytes("file", file)?, arg("options", options)?);
        Ok(future_to_promise(async move {
            let mut pause = JsPause::new(on_progress);
            let report = store.import_chat_history_stepwise(ChatExport::Bytes(&file), &options, &mut pause).await;
            report
                .and_then(|report| Ts::<ImportReport>::from_rust(&report).map(Into::into).map_err(storage))
                .map_err(js_error)
        }))
    }
}
