//! Documents of a workspace, with full-text search.

/// Documents of a workspace, with full-text search. Get one from [`crate::Store::documents`].
#[derive(Clone)]
pub struct Documents {
    pub(crate) cx: crate::context::Context,
}
