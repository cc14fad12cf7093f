//! Documented limits, checked before anything is written. Each is read from the rule the
//! declarations give its column (`schema/rules.rs`), so the number here is the number enforced.

use crate::error::{Error, Result};
use crate::schema::rules;

pub use rules::{AMOUNT_MAX, TIME_MAX};

/// Longest name or title (of a workspace, thread, project, person, device or model), in
/// characters.
pub const NAME_MAX: usize = rules::NAME.max;
/// Largest message content, in bytes (1 MiB).
pub const CONTENT_MAX_BYTES: usize = rules::CONTENT.max;
/// Longest email address, in bytes (RFC 5321).
pub const EMAIL_MAX: usize = rules::EMAIL.max;
/// Most items one page or one search may return.
pub const PAGE_MAX: u32 = 1000;
/// Longest search text, in bytes.
pub const QUERY_MAX_BYTES: usize = 1024;

/// A page or hit count from 1 to [`PAGE_MAX`].
pub(crate) fn limit(value: u32) -> Result<u32> {
    if value == 0 || value > PAGE_MAX {
        return Err(Error::invalid("limit", format!("must be between 1 and {PAGE_MAX}")));
    }
    Ok(value)
}
