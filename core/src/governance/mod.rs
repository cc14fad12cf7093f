//! Governance: who may do what (permissions), what users agreed to share (consent),
//! telemetry gated by that consent, and the hash-chained audit log.

pub(crate) mod audit;
pub(crate) mod chain;
pub(crate) mod consent;
pub mod model;
pub(crate) mod permissions;
pub(crate) mod telemetry;
