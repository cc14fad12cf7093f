//! Organizations and their members.

/// Organizations and their members. Get one from [`crate::Store::organizations`].
#[derive(Clone)]
pub struct Organizations {
    pub(crate) cx: crate::context::Context,
}
