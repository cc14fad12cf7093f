//! Per-user settings: JSON values under keys.

/// Per-user settings. Get one from [`crate::Store::settings`].
#[derive(Clone)]
pub struct Settings {
    pub(crate) cx: crate::context::Context,
}
