//! The ledger of AI calls, and cost and token queries over it.

/// The ledger of AI calls, and cost and token queries over it. Get one from [`crate::Store::interactions`].
#[derive(Clone)]
pub struct Interactions {
    pub(crate) cx: crate::context::Context,
}
