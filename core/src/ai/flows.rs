//! Orchestration flows and the results of their runs.

/// Orchestration flows and the results of their runs. Get one from [`crate::Store::flows`].
#[derive(Clone)]
pub struct Flows {
    pub(crate) cx: crate::context::Context,
}
