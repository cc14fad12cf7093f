//! Long calls in the browser: core's [`Pause`] answered by a JS progress callback, with a
//! yield to the event loop at every pause so the worker can take a cancel message between
//! steps.

use js_sys::{Function, Promise};
use std::future::Future;
use std::pin::Pin;
use unified_store::Pause;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// A progress callback: `(done, total) => boolean | undefined`, or a promise of that;
    /// `false` (or throwing) cancels.
    #[wasm_bindgen(
        typescript_type = "(done: number, total: number) => boolean | undefined | Promise<boolean | undefined>"
    )]
    pub type OnProgress;

    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &Function, ms: i32);
}

/// A [`Pause`] that calls `on_progress` (when given), awaits its answer if it is a promise,
/// and then waits for one macrotask. An answer of `false`, or a throw, cancels the call.
pub(crate) struct JsPause(Option<Function>);

impl JsPause {
    pub(crate) fn new(on_progress: Option<OnProgress>) -> Self {
        Self(on_progress.map(|callback| JsValue::from(callback).into()))
    }
}

impl Pause for JsPause {
    fn pause(&mut self, done: u64, total: u64) -> Pin<Box<dyn Future<Output = bool> + '_>> {
        Box::pin(async move {
            let go_on = match &self.0 {
                // Page counts fit a JS number exactly (below 2^53).
                Some(callback) => {
                    match callback.call2(&JsValue::NULL, &JsValue::from(done as f64), &JsValue::from(total as f64)) {
                        // A promise (the npm worker asks the page): its answer, once it comes.
                        Ok(answer) => match answer.dyn_into::<Promise>() {
                            Ok(promise) => JsFuture::from(promise).await.is_ok_and(|answer| answer != JsValue::FALSE),
                            Err(answer) => answer != JsValue::FALSE,
                        },
                        Err(_) => false,
                    }
                }
                None => true,
            };
            // A timer, not a resolved promise: microtasks run before any message is taken.
            let tick = Promise::new(&mut |resolve, _| set_timeout(&resolve, 0));
            let _ = JsFuture::from(tick).await;
            go_on
        })
    }
}
