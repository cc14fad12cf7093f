//! Storage accounting and the quota: what the store holds per category, workspace and
//! thread (counted by the row seam's triggers, `schema/seam.rs`), the limits writes must
//! stay within, and the sizes on disk.

mod maintenance;
pub(crate) mod model;
mod usage;

pub use usage::Storage;
