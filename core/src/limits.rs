//! Documented size limits, checked before anything is written.

use crate::error::{Error, Result};

/// Longest workspace name or thread title, in characters.
pub const NAME_MAX: usize = 200;
/// Largest message content, in bytes (1 MiB).
pub const CONTENT_MAX_BYTES: usize = 1 << 20;
/// Most items one page or one search may return.
pub const PAGE_MAX: u32 = 1000;
/// Longest search text, in bytes.
pub const QUERY_MAX_BYTES: usize = 1024;

/// A trimmed, non-empty name of at most [`NAME_MAX`] characters.
pub(crate) fn name(field: &'static str, value: &str) -> Result<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if trimmed.chars().count() > NAME_MAX {
        return Err(Error::invalid(field, format!("longer than {NAME_MAX} characters")));
    }
    Ok(trimmed.to_owned())
}

/// Message content: may be empty (a tool call with no text), at most [`CONTENT_MAX_BYTES`].
pub(crate) fn content(value: &str) -> Result<()> {
    if value.len() > CONTENT_MAX_BYTES {
        return Err(Error::invalid("content", format!("larger than {CONTENT_MAX_BYTES} bytes")));
    }
    Ok(())
}

/// A page or hit count from 1 to [`PAGE_MAX`].
pub(crate) fn limit(value: u32) -> Result<u32> {
    if value == 0 || value > PAGE_MAX {
        return Err(Error::invalid("limit", format!("must be between 1 and {PAGE_MAX}")));
    }
    Ok(value)
}

/// Longest email address, in bytes (RFC 5321).
pub const EMAIL_MAX: usize = 254;

/// A BCP 47 language tag in its usual shape: letters, digits and hyphens, 2 to 35 bytes.
pub(crate) fn locale(value: &str) -> Result<String> {
    let ok = (2..=35).contains(&value.len())
        && value.split('-').all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()));
    if !ok {
        return Err(Error::invalid("locale", format!("{value:?} is not a language tag such as en or pt-BR")));
    }
    Ok(value.to_owned())
}
