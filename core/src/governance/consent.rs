//! Data-sharing consent decisions.

/// Data-sharing consent decisions. Get one from [`crate::Store::consent`].
#[derive(Clone)]
pub struct Consent {
    pub(crate) cx: crate::context::Context,
}
