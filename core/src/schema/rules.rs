//! The rules a stored value follows, and the one place they are checked. Every text, time,
//! amount and count a caller hands the store passes one of these before it reaches SQL; the
//! declarations in `tables.rs` name a rule per column, so the check in Rust, the SQL `CHECK`
//! of a new migration and the hostile test cases all come from the same numbers.

use crate::error::{Error, Result};
use icu_properties::props::{BinaryProperty, DefaultIgnorableCodePoint};

/// Whether a length counts characters (Unicode scalar values, as SQLite's `length()` does for
/// text) or UTF-8 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Chars,
    Bytes,
}

/// The JSON a [`Class::Json`] text must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Any,
    Object,
    Array,
}

/// What a text may hold, beyond its length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// A name, title or label: trimmed; no control characters or line breaks; not blank or
    /// made only of invisible characters.
    Line,
    /// An identifier the caller chose (a setting key): kept exactly as given, otherwise as
    /// [`Class::Line`].
    Key,
    /// Free text (message content, document bodies, descriptions, tool output): kept as
    /// given; only NUL is refused, so logs and tool output still fit.
    Free,
    /// [`Class::Line`] that is also a file name: no `/` or `\`, not `.` or `..`.
    Filename,
    /// An email address: trimmed and lowercased; RFC 5322 `addr-spec` with a host name.
    Email,
    /// An organization slug: `a-z`, `0-9` and single inner hyphens, kept as given.
    Slug,
    /// A BCP 47 language tag in its usual shape: letters, digits and hyphens.
    Locale,
    /// An `http` or `https` URL with a host and no credentials.
    Url,
    /// A media type `type/subtype`: trimmed and lowercased, no spaces.
    Mime,
    /// Hexadecimal digits, stored lowercase (a SHA-256 digest).
    Hex,
    /// An ISO 4217 currency code as written: three uppercase ASCII letters.
    Currency,
    /// JSON text of the given shape, kept as given.
    Json(Shape),
}

/// A text rule: its class and its length bounds, inclusive, in `unit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Text {
    pub(crate) class: Class,
    pub(crate) unit: Unit,
    pub(crate) min: usize,
    pub(crate) max: usize,
}

/// An integer rule: inclusive bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Int {
    pub(crate) min: i64,
    pub(crate) max: i64,
}

/// The latest time the store accepts, UTC milliseconds: 9999-12-31T23:59:59.999Z.
pub const TIME_MAX: i64 = 253_402_300_799_999;
/// The largest amount (a cost in micro-units, an invoice total, a quota in bytes) the store
/// accepts: 2^53 - 1, which JavaScript numbers still hold exactly.
pub const AMOUNT_MAX: u64 = (1 << 53) - 1;

/// Times: UTC milliseconds from 1970-01-01 to 9999-12-31, the range every date function and
/// every sum over a day's calls stays within.
pub(crate) const TIME: Int = Int { min: 0, max: TIME_MAX };
/// Amounts: 0 to [`AMOUNT_MAX`].
pub(crate) const AMOUNT: Int = Int { min: 0, max: AMOUNT_MAX as i64 };
/// Counts that cross as 32-bit unsigned integers (tokens, latency, indexes).
pub(crate) const COUNT: Int = Int { min: 0, max: u32::MAX as i64 };
/// Most values an embedding vector may have: 3072 (OpenAI's largest) fits with room.
pub(crate) const VECTOR_DIMENSIONS_MAX: usize = 4096;
/// How many values an embedding vector has.
pub(crate) const DIMENSIONS: Int = Int { min: 1, max: VECTOR_DIMENSIONS_MAX as i64 };

const fn text(class: Class, unit: Unit, min: usize, max: usize) -> Text {
    Text { class, unit, min, max }
}

/// Names and titles of workspaces, threads, projects, people, devices, models.
pub(crate) const NAME: Text = text(Class::Line, Unit::Chars, 1, 200);
/// A message's provider label (the schema's CHECK allows 100 characters).
pub(crate) const LABEL: Text = text(Class::Line, Unit::Chars, 1, 100);
/// Short identifiers such as an invoice number or a consent policy version.
pub(crate) const SHORT: Text = text(Class::Line, Unit::Chars, 1, 64);
/// Setting keys.
pub(crate) const KEY: Text = text(Class::Key, Unit::Chars, 1, 200);
/// Descriptions of projects and flows.
pub(crate) const DESCRIPTION: Text = text(Class::Free, Unit::Chars, 0, 10_000);
/// Error text of an AI call or a flow step.
pub(crate) const ERROR_TEXT: Text = text(Class::Free, Unit::Chars, 0, 10_000);
/// Message content and step output (1 MiB).
pub(crate) const CONTENT: Text = text(Class::Free, Unit::Bytes, 0, 1 << 20);
/// Document bodies (4 MiB).
pub(crate) const BODY: Text = text(Class::Free, Unit::Bytes, 0, 4 << 20);
/// Prompt templates of flow steps (64 KiB).
pub(crate) const TEMPLATE: Text = text(Class::Free, Unit::Bytes, 1, 64 << 10);
/// Attachment file names.
pub(crate) const FILENAME: Text = text(Class::Filename, Unit::Chars, 1, 255);
/// Email addresses (RFC 5321 caps them at 254 bytes).
pub(crate) const EMAIL: Text = text(Class::Email, Unit::Bytes, 3, 254);
/// Organization slugs.
pub(crate) const SLUG: Text = text(Class::Slug, Unit::Bytes, 1, 64);
/// Language tags.
pub(crate) const LOCALE: Text = text(Class::Locale, Unit::Bytes, 2, 35);
/// Provider base URLs.
pub(crate) const URL: Text = text(Class::Url, Unit::Bytes, 1, 2048);
/// Media types.
pub(crate) const MIME: Text = text(Class::Mime, Unit::Bytes, 3, 255);
/// SHA-256 digests.
pub(crate) const SHA256: Text = text(Class::Hex, Unit::Bytes, 64, 64);
/// Currency codes.
pub(crate) const CURRENCY: Text = text(Class::Currency, Unit::Bytes, 3, 3);
/// A provider's secret before it is sealed (an API key, a token): 1 byte to 16 KiB.
pub(crate) const SECRET: Text = text(Class::Free, Unit::Bytes, 1, 16 << 10);
/// Setting values: any JSON (64 KiB).
pub(crate) const SETTING_VALUE: Text = text(Class::Json(Shape::Any), Unit::Bytes, 1, 64 << 10);
/// Telemetry properties: a JSON object (16 KiB).
pub(crate) const PROPERTIES: Text = text(Class::Json(Shape::Object), Unit::Bytes, 2, 16 << 10);
/// JSON arrays the store writes itself (flow steps, granted actions).
pub(crate) const JSON_ARRAY: Text = text(Class::Json(Shape::Array), Unit::Bytes, 2, 1 << 20);

impl Text {
    /// `value` as it is stored (trimmed or lowercased where the class says so), or
    /// `InvalidInput` on `field` saying why not. The message never repeats more than a short
    /// prefix of the value.
    pub(crate) fn check(&self, field: &'static str, value: &str) -> Result<String> {
        let invalid = |reason: String| Error::invalid(field, reason);
        // Cheap bounds first, so a 10 MB value is refused without being walked twice.
        if value.len() > self.max.saturating_mul(4).max(self.max) + 1024 {
            return Err(invalid(format!("is longer than {}", self.limit())));
        }
        let stored = self.class.normalise(value);
        let length = match self.unit {
            Unit::Chars => stored.chars().count(),
            Unit::Bytes => stored.len(),
        };
        if length > self.max {
            return Err(invalid(format!("is longer than {}", self.limit())));
        }
        if length < self.min {
            return Err(invalid(match self.min {
                1 => "must not be empty".to_owned(),
                min => format!("is shorter than {min} {}", self.unit.name()),
            }));
        }
        self.class.check(&stored).map_err(|reason| invalid(format!("{} {reason}", shown(value))))?;
        Ok(stored)
    }

    /// The upper bound in words, for messages: `200 characters`.
    fn limit(&self) -> String {
        format!("{} {}", self.max, self.unit.name())
    }
}

impl Unit {
    fn name(self) -> &'static str {
        match self {
            Self::Chars => "characters",
            Self::Bytes => "bytes",
        }
    }
}

impl Class {
    /// The stored form of `value`: trimmed and lowercased where the class says so.
    fn normalise(self, value: &str) -> String {
        match self {
            Self::Line | Self::Filename => value.trim().to_owned(),
            Self::Email => value.trim().to_lowercase(),
            Self::Mime | Self::Hex => value.trim().to_ascii_lowercase(),
            Self::Url => match value.trim().split_once("://") {
                Some((scheme, rest)) => format!("{}://{rest}", scheme.to_ascii_lowercase()),
                None => value.trim().to_owned(),
            },
            Self::Key | Self::Free | Self::Slug | Self::Locale | Self::Currency | Self::Json(_) => value.to_owned(),
        }
    }

    /// Whether normalised `value` (already within its length) belongs to the class; the
    /// error completes "`<value>` …".
    fn check(self, value: &str) -> std::result::Result<(), String> {
        match self {
            Self::Line | Self::Key => visible_line(value),
            Self::Free => match value.contains('\0') {
                true => Err("holds a NUL character".into()),
                false => Ok(()),
            },
            Self::Filename => {
                visible_line(value)?;
                if value == "." || value == ".." || value.contains(['/', '\\']) {
                    return Err("is not a file name (no path separators, not . or ..)".into());
                }
                Ok(())
            }
            Self::Email => super::formats::email(value),
            Self::Slug => super::formats::slug(value),
            Self::Locale => super::formats::locale(value),
            Self::Url => super::formats::url(value),
            Self::Mime => super::formats::mime(value),
            Self::Hex => match value.bytes().all(|b| b.is_ascii_hexdigit()) {
                true => Ok(()),
                false => Err("is not hexadecimal digits".into()),
            },
            Self::Currency => match value.len() == 3 && value.bytes().all(|b| b.is_ascii_uppercase()) {
                true => Ok(()),
                false => Err("is not an ISO 4217 code such as USD".into()),
            },
            Self::Json(shape) => json(value, shape).map(drop),
        }
    }
}

/// A one-line text that shows something: no control characters (C0, DEL, C1) or line and
/// paragraph separators, and at least one character that is neither white space nor default
/// ignorable (zero-width spaces and joiners, variation selectors, bidi marks, …).
fn visible_line(value: &str) -> std::result::Result<(), String> {
    if value.chars().any(|c| c.is_control() || c == '\u{2028}' || c == '\u{2029}') {
        return Err("holds a control character or a line break".into());
    }
    if value.chars().all(is_invisible) {
        return Err("holds only invisible characters".into());
    }
    Ok(())
}

/// White space, or a character Unicode says to render as nothing (Default_Ignorable_Code_Point).
pub(crate) fn is_invisible(c: char) -> bool {
    c.is_whitespace() || DefaultIgnorableCodePoint::for_char(c)
}

/// `value` parsed as JSON of `shape`; the error completes "`<value>` …".
pub(crate) fn json(value: &str, shape: Shape) -> std::result::Result<serde_json::Value, String> {
    let parsed: serde_json::Value = serde_json::from_str(value).map_err(|error| format!("is not JSON: {error}"))?;
    match (shape, &parsed) {
        (Shape::Any, _)
        | (Shape::Object, serde_json::Value::Object(_))
        | (Shape::Array, serde_json::Value::Array(_)) => Ok(parsed),
        (Shape::Object, _) => Err("is not a JSON object".into()),
        (Shape::Array, _) => Err("is not a JSON array".into()),
    }
}

impl Int {
    /// `value` if it lies within the bounds, else `InvalidInput` on `field`.
    pub(crate) fn check(&self, field: &'static str, value: i64) -> Result<i64> {
        if value < self.min || value > self.max {
            return Err(Error::invalid(field, format!("{value} is outside {}", self.describe())));
        }
        Ok(value)
    }

    /// [`Int::check`] of an unsigned value, as SQLite stores it.
    pub(crate) fn check_unsigned(&self, field: &'static str, value: u64) -> Result<i64> {
        let signed = i64::try_from(value)
            .map_err(|_| Error::invalid(field, format!("{value} is outside {}", self.describe())))?;
        self.check(field, signed)
    }

    fn describe(&self) -> String {
        match *self {
            TIME => "1970-01-01 to 9999-12-31 (0 to 253402300799999 ms)".to_owned(),
            Int { min, max } => format!("{min} to {max}"),
        }
    }
}

/// `value` for an error message: quoted, and cut to its first 40 characters so that a 10 MB
/// argument is never echoed back.
pub(crate) fn shown(value: &str) -> String {
    const SHOWN: usize = 40;
    match value.char_indices().nth(SHOWN) {
        None => format!("{value:?}"),
        Some((cut, _)) => format!("{:?}… ({} bytes)", &value[..cut], value.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(error: Error) -> &'static str {
        match error {
            Error::InvalidInput { field, .. } => field,
            other => panic!("expected InvalidInput, got {other:?}"),
        }
    }

    #[test]
    fn lines_are_trimmed_and_refuse_controls_and_invisible_text() {
        assert_eq!(NAME.check("title", "  Plans  ").unwrap(), "Plans");
        assert_eq!(NAME.check("title", "é".repeat(200).as_str()).unwrap().chars().count(), 200);
        for bad in
            ["", "   ", "\0", "a\0b", "\u{1b}[31mred", "tab\there", "a\nb", "\u{200B}", "\u{200B}\u{FEFF} \u{2060}"]
        {
            assert_eq!(field_of(NAME.check("title", bad).unwrap_err()), "title", "{bad:?}");
        }
        assert!(NAME.check("title", &"a".repeat(201)).is_err());
        assert!(NAME.check("title", "\u{200D}👩\u{200D}💻").is_ok(), "a visible character among joiners");
    }

    #[test]
    fn free_text_refuses_only_nul() {
        assert!(CONTENT.check("content", "").is_ok());
        assert!(CONTENT.check("content", "tool output\u{1b}[0m\r\n\t").is_ok());
        assert!(CONTENT.check("content", "a\0b").is_err());
        assert!(CONTENT.check("content", &"a".repeat((1 << 20) + 1)).is_err());
    }

    #[test]
    fn messages_never_echo_a_long_value() {
        let huge = "x".repeat(10 << 20);
        let error = KEY.check("key", &format!("{huge}\n")).unwrap_err();
        assert!(error.to_string().len() < 200, "{}", error.to_string().len());
        assert!(shown(&huge).len() < 80);
    }

    #[test]
    fn times_and_amounts_stay_in_range() {
        assert!(TIME.check("t", 0).is_ok());
        assert!(TIME.check("t", TIME_MAX).is_ok());
        assert!(TIME.check("t", TIME_MAX + 1).is_err());
        assert!(TIME.check("t", -1).is_err());
        assert!(AMOUNT.check_unsigned("a", AMOUNT_MAX).is_ok());
        assert!(AMOUNT.check_unsigned("a", AMOUNT_MAX + 1).is_err());
        assert!(AMOUNT.check_unsigned("a", u64::MAX).is_err());
    }
}
