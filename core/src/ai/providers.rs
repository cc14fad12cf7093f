//! AI provider configurations of a user.

/// AI provider configurations of a user. Get one from [`crate::Store::providers`].
#[derive(Clone)]
pub struct ProviderConfigs {
    pub(crate) cx: crate::context::Context,
}
