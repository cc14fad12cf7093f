//! Subscription plans of users and organizations.

/// Subscription plans of users and organizations. Get one from [`crate::Store::subscriptions`].
#[derive(Clone)]
pub struct Subscriptions {
    pub(crate) cx: crate::context::Context,
}
