//! The checks of identity's fields, run before anything is written, and the SQL spelling of
//! the roles and platforms identity stores. Limits are the documented constants of
//! [`crate::identity::model`].

use crate::error::{Error, Result};
use crate::identity::model::{DevicePlatform, SETTING_KEY_MAX, SETTING_VALUE_MAX_BYTES, SLUG_MAX};
use crate::limits::EMAIL_MAX;
use email_address::{EmailAddress, Options};

/// An email address, trimmed and lowercased. The syntax is RFC 5322's `addr-spec` as the
/// `email_address` crate checks it (a dot-atom or quoted local part of at most 64 bytes),
/// narrowed to what an account needs: no display name (`Ada <a@b.c>`), no IP literal domain
/// (`a@[10.0.0.1]`), a host name of at least two labels, each of letters, digits and inner
/// hyphens; at most [`EMAIL_MAX`] bytes.
pub(crate) fn email(value: &str) -> Result<String> {
    let email = value.trim().to_lowercase();
    if email.len() > EMAIL_MAX {
        return Err(Error::invalid("email", format!("longer than {EMAIL_MAX} bytes")));
    }
    let options = Options::default().without_display_text().without_domain_literal().with_required_tld();
    let parsed = EmailAddress::parse_with_options(&email, options)
        .map_err(|error| Error::invalid("email", format!("{value:?} is not an email address: {error}")))?;
    // RFC 5322 lets a domain label hold any atom character (`_`, `$`, `+`…); a host name
    // holds letters, digits and hyphens (any script's letters, for internationalised names).
    if !parsed.domain().chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.') {
        return Err(Error::invalid("email", format!("{value:?} has a domain that is not a host name")));
    }
    Ok(email)
}

/// An organization slug: lowercase `a-z`, `0-9` and hyphens, no hyphen first, last or next to
/// another, 1 to [`SLUG_MAX`] characters. Not trimmed or lowercased: it is an identifier, so
/// what is stored is what was asked for.
pub(crate) fn slug(value: &str) -> Result<String> {
    let invalid = |reason: &str| Err(Error::invalid("slug", format!("{value:?} {reason}")));
    if value.is_empty() || value.len() > SLUG_MAX {
        return invalid(&format!("must be 1 to {SLUG_MAX} characters"));
    }
    if !value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        return invalid("may hold only lowercase a-z, 0-9 and hyphens");
    }
    if value.starts_with('-') || value.ends_with('-') || value.contains("--") {
        return invalid("may not start or end with a hyphen or hold two in a row");
    }
    Ok(value.to_owned())
}

/// A setting key: 1 to [`SETTING_KEY_MAX`] characters, no control characters. Not trimmed.
pub(crate) fn setting_key(value: &str) -> Result<String> {
    let count = value.chars().count();
    if count == 0 || count > SETTING_KEY_MAX {
        return Err(Error::invalid("key", format!("must be 1 to {SETTING_KEY_MAX} characters")));
    }
    if value.chars().any(char::is_control) {
        return Err(Error::invalid("key", "may not hold control characters"));
    }
    Ok(value.to_owned())
}

/// A setting value: well-formed JSON text of at most [`SETTING_VALUE_MAX_BYTES`] bytes.
pub(crate) fn setting_value(value: &str) -> Result<serde_json::Value> {
    if value.len() > SETTING_VALUE_MAX_BYTES {
        return Err(Error::invalid("value", format!("larger than {SETTING_VALUE_MAX_BYTES} bytes")));
    }
    serde_json::from_str(value).map_err(|error| Error::invalid("value", format!("is not JSON: {error}")))
}

crate::values::sql_enum!(DevicePlatform { Ios => "ios", Android => "android", Web => "web", Desktop => "desktop" });
