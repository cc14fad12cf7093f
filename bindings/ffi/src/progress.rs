//! Progress of long calls through UniFFI: a foreign listener, adapted to core's `Progress`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

/// Told how far a long call (`rekey`, `encrypt_in_place`, `decrypt_in_place`) is, and able
/// to cancel it.
#[uniffi::export(with_foreign)]
pub trait ProgressListener: Send + Sync {
    /// `done` of `total` units are finished (`total` may grow). Return `false` to cancel:
    /// the call then fails with `Cancelled` and the store is as it was. A listener that
    /// throws cancels the call the same way; it cannot report its exception.
    fn on_progress(&self, done: u64, total: u64) -> bool;
}

/// A listener as core's `Progress`; `None` wants no report and never cancels.
pub(crate) struct Listener(pub(crate) Option<Arc<dyn ProgressListener>>);

impl unified_store::Progress for Listener {
    fn report(&self, done: u64, total: u64) -> bool {
        // UniFFI turns an exception thrown by a foreign listener into a Rust panic (the
        // method returns no `Result`); caught here, it cancels instead of unwinding the rewrite.
        // The panic hook still prints "Callback interface failure" with the foreign trace.
        self.0.as_ref().is_none_or(|listener| {
            catch_unwind(AssertUnwindSafe(|| listener.on_progress(done, total))).unwrap_or(false)
        })
    }
}
