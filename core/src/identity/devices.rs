//! Devices a user signs in from.

/// Devices a user signs in from. Get one from [`crate::Store::devices`].
#[derive(Clone)]
pub struct Devices {
    pub(crate) cx: crate::context::Context,
}
