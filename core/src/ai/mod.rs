//! AI providers: configurations, the ledger of AI calls with cost queries, orchestration flows.
//! The checks shared by the three live here.

pub(crate) mod flows;
pub(crate) mod interactions;
pub mod model;
pub(crate) mod providers;

use crate::error::{Error, Result};
use model::{AI_ERROR_MAX, PROVIDER_URL_MAX};

/// Error text of a call or a step: at most [`AI_ERROR_MAX`] characters; empty means none.
pub(crate) fn error_text(field: &'static str, value: Option<&str>) -> Result<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) if text.chars().count() > AI_ERROR_MAX => {
            Err(Error::invalid(field, format!("longer than {AI_ERROR_MAX} characters")))
        }
        Some(text) => Ok(Some(text.to_owned())),
    }
}

/// A UTC millisecond on or after the Unix epoch.
pub(crate) fn timestamp(field: &'static str, value: Option<i64>) -> Result<Option<i64>> {
    match value {
        Some(ms) if ms < 0 => Err(Error::invalid(field, format!("{ms} is before 1970"))),
        other => Ok(other),
    }
}

/// An `http` or `https` URL with a host (a name, IPv4 or bracketed IPv6), an optional port
/// and anything after it; no spaces, no credentials, at most [`PROVIDER_URL_MAX`] bytes.
/// Returned trimmed, with its scheme lowercase.
pub(crate) fn base_url(value: &str) -> Result<String> {
    let url = value.trim();
    let invalid = |reason: &str| Error::invalid("base_url", format!("{url:?} {reason}"));
    if url.is_empty() {
        return Err(invalid("is empty"));
    }
    if url.len() > PROVIDER_URL_MAX {
        return Err(invalid(&format!("is longer than {PROVIDER_URL_MAX} bytes")));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(invalid("contains spaces or control characters"));
    }
    let not_http = || invalid("is not an http:// or https:// URL");
    let (scheme, rest) = url.split_once("://").ok_or_else(not_http)?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(not_http());
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(invalid("must not carry credentials (user:password@); keys are kept apart"));
    }
    let (host_ok, port) = match authority.strip_prefix('[') {
        Some(bracketed) => {
            let (address, after) = bracketed.split_once(']').ok_or_else(|| invalid("has an unclosed [ in its host"))?;
            let ok = address.contains(':') && address.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.');
            let port = match after {
                "" => None,
                after => Some(after.strip_prefix(':').ok_or_else(|| invalid("has text after its host"))?),
            };
            (ok, port)
        }
        None => {
            let (host, port) = match authority.split_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (authority, None),
            };
            let label_ok = |label: &str| {
                !label.is_empty()
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            };
            (host.split('.').all(label_ok), port)
        }
    };
    if !host_ok {
        return Err(invalid("has no valid host"));
    }
    if let Some(port) = port
        && !(port.bytes().all(|b| b.is_ascii_digit()) && port.parse::<u16>().is_ok_and(|p| p > 0))
    {
        return Err(invalid("has an invalid port"));
    }
    Ok(format!("{}://{rest}", scheme.to_ascii_lowercase()))
}
