//! The text formats with a grammar of their own (emails, slugs, language tags, URLs, media
//! types). Each gets a value already trimmed, lowercased and length-checked by its rule and
//! answers with a reason that completes "`<value>` …".

use email_address::{EmailAddress, Options};

type Outcome = std::result::Result<(), String>;

/// RFC 5322's `addr-spec` as the `email_address` crate checks it (a dot-atom or quoted local
/// part of at most 64 bytes), narrowed to what an account needs: no display name
/// (`Ada <a@b.c>`), no IP literal domain (`a@[10.0.0.1]`), a host name of at least two
/// labels of letters, digits and inner hyphens.
pub(crate) fn email(value: &str) -> Outcome {
    let options = Options::default().without_display_text().without_domain_literal().with_required_tld();
    let parsed = EmailAddress::parse_with_options(value, options)
        .map_err(|error| format!("is not an email address: {error}"))?;
    // RFC 5322 lets a domain label hold any atom character (`_`, `$`, `+`…); a host name
    // holds letters, digits and hyphens (any script's letters, for internationalised names).
    if !parsed.domain().chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.') {
        return Err("has a domain that is not a host name".into());
    }
    Ok(())
}

/// Lowercase `a-z`, `0-9` and hyphens, no hyphen first, last or next to another.
pub(crate) fn slug(value: &str) -> Outcome {
    if !value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        return Err("may hold only lowercase a-z, 0-9 and hyphens".into());
    }
    if value.starts_with('-') || value.ends_with('-') || value.contains("--") {
        return Err("may not start or end with a hyphen or hold two in a row".into());
    }
    Ok(())
}

/// A BCP 47 language tag in its usual shape: ASCII letters and digits in parts joined by
/// hyphens.
pub(crate) fn locale(value: &str) -> Outcome {
    if !value.split('-').all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric())) {
        return Err("is not a language tag such as en or pt-BR".into());
    }
    Ok(())
}

/// A media type `type/subtype`: both parts non-empty, one slash, no spaces or controls.
pub(crate) fn mime(value: &str) -> Outcome {
    let ok = value.split_once('/').is_some_and(|(kind, sub)| !kind.is_empty() && !sub.is_empty() && !sub.contains('/'))
        && !value.chars().any(|c| c.is_whitespace() || c.is_control());
    if !ok {
        return Err("is not a media type such as text/markdown".into());
    }
    Ok(())
}

/// An `http` or `https` URL with a host (a name, IPv4 or bracketed IPv6), an optional port
/// and anything after it; no spaces or control characters, no credentials.
pub(crate) fn url(value: &str) -> Outcome {
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("contains spaces or control characters".into());
    }
    let not_http = || "is not an http:// or https:// URL".to_owned();
    let (scheme, rest) = value.split_once("://").ok_or_else(not_http)?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(not_http());
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err("must not carry credentials (user:password@); keys are kept apart".into());
    }
    let (host_ok, port) = match authority.strip_prefix('[') {
        Some(bracketed) => {
            let (address, after) = bracketed.split_once(']').ok_or("has an unclosed [ in its host")?;
            let ok = address.contains(':') && address.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.');
            let port = match after {
                "" => None,
                after => Some(after.strip_prefix(':').ok_or("has text after its host")?),
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
        return Err("has no valid host".into());
    }
    if let Some(port) = port
        && !(port.bytes().all(|b| b.is_ascii_digit()) && port.parse::<u16>().is_ok_and(|p| p > 0))
    {
        return Err("has an invalid port".into());
    }
    Ok(())
}
