//! Telemetry events, recorded only while the user's consent is on.

/// Telemetry events, recorded only while the user's consent is on. Get one from [`crate::Store::telemetry`].
#[derive(Clone)]
pub struct Telemetry {
    pub(crate) cx: crate::context::Context,
}
