//! AI providers: configurations, the ledger of AI calls with cost queries, orchestration flows.

pub(crate) mod flows;
pub(crate) mod interactions;
pub mod model;
pub(crate) mod providers;
