//! A user's rights over their data: export ([`export`]) and erasure ([`erase`]).

pub(crate) mod erase;
pub(crate) mod export;
pub(crate) mod model;
