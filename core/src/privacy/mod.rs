//! A user's rights over their data: export ([`export`]). Erasure comes next.

pub(crate) mod export;
pub(crate) mod model;
