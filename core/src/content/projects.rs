//! Projects: groups of threads and documents inside a workspace.

/// Projects. Get one from [`crate::Store::projects`].
#[derive(Clone)]
pub struct Projects {
    pub(crate) cx: crate::context::Context,
}
