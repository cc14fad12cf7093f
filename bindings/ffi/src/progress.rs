//! Progress of long calls through UniFFI: a foreign listener, adapted to core's `Progress`.

use std::sync::Arc;

/// Told how far a long call (`rekey`, `encrypt_in_place`, `decrypt_in_place`, an import,
/// `Embeddings::optimize`) is, and able to cancel it.
#[uniffi::export(with_foreign)]
pub trait ProgressListener: Send + Sync {
    /// `done` of `total` units are finished (`total` may grow). Return `false` to cancel:
    /// the call then fails with `Cancelled` and the store is as it was. A listener that
    /// throws cancels the call the same way.
    fn on_progress(&self, done: u64, total: u64) -> Result<bool, ListenerError>;
}

/// A listener that threw. UniFFI hands any exception a foreign listener throws to Rust as
/// this (through the `From` below) instead of panicking inside the long call.
#[derive(Debug, uniffi::Error)]
pub enum ListenerError {
    Thrown { reason: String },
}

impl std::fmt::Display for ListenerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Self::Thrown { reason } = self;
        write!(f, "the progress listener threw: {reason}")
    }
}

impl std::error::Error for ListenerError {}

impl From<uniffi::UnexpectedUniFFICallbackError> for ListenerError {
    fn from(error: uniffi::UnexpectedUniFFICallbackError) -> Self {
        Self::Thrown { reason: error.reason }
    }
}

/// A listener as core's `Progress`; `None` wants no report and never cancels.
pub(crate) struct Listener(pub(crate) Option<Arc<dyn ProgressListener>>);

impl unified_store::Progress for Listener {
    fn report(&self, done: u64, total: u64) -> bool {
        self.0.as_ref().is_none_or(|listener| listener.on_progress(done, total).unwrap_or(false))
    }
}
