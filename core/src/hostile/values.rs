//! The catalogue of hostile values: generic ones for every text and number, and the edges
//! of each declared rule, so a new column is covered without writing a test.

use crate::schema::rules::{TIME_MAX, Text, Unit};
use serde_json::{Value, json};
use std::sync::{Arc, LazyLock};

/// One hostile value and what it is, for messages. Shared: the large ones are made once and
/// copied only into the call that takes them.
#[derive(Clone)]
pub(super) struct Hostile {
    pub(super) label: String,
    pub(super) value: Arc<Value>,
}

fn hostile(label: impl Into<String>, value: Value) -> Hostile {
    Hostile { label: label.into(), value: Arc::new(value) }
}

static TEXTS: LazyLock<Vec<Hostile>> = LazyLock::new(make_texts);

/// Ten megabytes, the size a pasted file or a runaway tool output reaches.
const HUGE: usize = 10 << 20;

/// Texts every text argument is fed.
pub(super) fn texts() -> Vec<Hostile> {
    TEXTS.clone()
}

fn make_texts() -> Vec<Hostile> {
    let mut all: Vec<Hostile> = [
        ("empty", ""),
        ("space", " "),
        ("whitespace", " \t\n\r "),
        ("NUL", "\0"),
        ("leading NUL", "\0abc"),
        ("inner NUL", "ab\0cd"),
        ("control", "\u{1}"),
        ("bell", "a\u{7}b"),
        ("escape sequence", "\u{1b}[31mred\u{1b}[0m"),
        ("CRLF", "line\r\nline"),
        ("DEL and C1", "a\u{7f}\u{9b}b"),
        ("zero width only", "\u{200B}\u{200C}\u{200D}\u{FEFF}\u{2060}"),
        ("line separator", "a\u{2028}b"),
        ("bidi override", "\u{202E}txt.exe"),
        ("combining only", "\u{301}\u{301}"),
        ("emoji", "😀👩‍💻"),
        ("replacement", "\u{FFFD}"),
        ("SQL", "'; DROP TABLE users; --"),
        ("quotes", "\"'`"),
        ("FTS syntax", "NEAR(a b) OR \"c* AND ^d"),
        ("glob", "*?[%_]"),
        ("path", "../../etc/passwd"),
        ("memory", ":memory:"),
        ("URI", "file::memory:?cache=shared"),
        ("JSON", "{\"a\":[1,2,{}]}"),
        ("deep JSON", ""),
    ]
    .into_iter()
    .map(|(label, text)| hostile(label, json!(text)))
    .collect();
    if let Some(deep) = all.iter_mut().find(|h| h.label == "deep JSON") {
        deep.value = Arc::new(json!(format!("{}{}", "[".repeat(100_000), "]".repeat(100_000))));
    }
    all.push(hostile("10 MB", json!("a".repeat(HUGE))));
    // Over every limit but a body's, in characters that count twice in bytes, and blank.
    all.push(hostile("5 MB of é", json!("é".repeat(5 << 20))));
    all.push(hostile("1 MB of spaces", json!(" ".repeat(1 << 20))));
    all
}

/// Values at the edges of `rule`: just inside and just outside its length, in one-, two-
/// and four-byte characters.
pub(super) fn edges(rule: &Text) -> Vec<Hostile> {
    let mut all = Vec::new();
    for (c, name) in [('a', "ASCII"), ('é', "two-byte"), ('😀', "four-byte")] {
        let per = match rule.unit {
            Unit::Chars => 1,
            Unit::Bytes => c.len_utf8(),
        };
        for (count, edge) in [(rule.max / per, "at the limit"), (rule.max / per + 1, "one over the limit")] {
            all.push(hostile(format!("{count} {name} characters, {edge}"), json!(c.to_string().repeat(count))));
        }
        if rule.min > 1 {
            let count = (rule.min - 1) / per;
            all.push(hostile(
                format!("{count} {name} characters, under the minimum"),
                json!(c.to_string().repeat(count)),
            ));
        }
    }
    all
}

/// Numbers every integer argument is fed (each call keeps those its type can hold).
pub(super) fn numbers() -> Vec<Hostile> {
    let mut all: Vec<Hostile> = [
        ("i64::MIN", json!(i64::MIN)),
        ("-1", json!(-1)),
        ("0", json!(0)),
        ("1", json!(1)),
        ("u32::MAX", json!(u32::MAX)),
        ("u32::MAX + 1", json!(u64::from(u32::MAX) + 1)),
        ("2^53 - 1", json!((1u64 << 53) - 1)),
        ("2^53", json!(1u64 << 53)),
        ("i64::MAX / 2", json!(i64::MAX / 2)),
        ("i64::MAX", json!(i64::MAX)),
        ("i64::MAX + 1", json!(i64::MAX as u64 + 1)),
        ("u64::MAX", json!(u64::MAX)),
        ("year 9999, last ms", json!(TIME_MAX)),
        ("year 10000", json!(TIME_MAX + 1)),
        ("before 1970", json!(-86_400_000)),
    ]
    .into_iter()
    .map(|(label, value)| hostile(label, value))
    .collect();
    all.push(hostile("fraction", json!(1.5)));
    all
}

/// Ids every id argument is fed, besides the texts: other spellings of a valid id, and ids
/// of records of other kinds.
pub(super) fn ids(own: &str, others: &[&str]) -> Vec<Hostile> {
    let mut all = vec![
        hostile("nil UUID", json!("00000000-0000-0000-0000-000000000000")),
        hostile("max UUID", json!("ffffffff-ffff-ffff-ffff-ffffffffffff")),
        hostile("unknown UUIDv7", json!("01890a5d-ac96-774b-bcce-b302099a8057")),
        hostile("uppercase", json!(own.to_uppercase())),
        hostile("braced", json!(format!("{{{own}}}"))),
        hostile("simple", json!(own.replace('-', ""))),
        hostile("URN", json!(format!("urn:uuid:{own}"))),
        hostile("one digit short", json!(own.get(..own.len().saturating_sub(1)).unwrap_or_default())),
        hostile("padded", json!(format!(" {own} "))),
    ];
    all.extend(others.iter().filter(|id| **id != own).map(|id| hostile("an id of another kind", json!(id))));
    all
}

/// Arrays every list argument is fed, made from a valid `item`.
pub(super) fn arrays(item: &Value) -> Vec<Hostile> {
    vec![
        hostile("empty list", json!([])),
        hostile("10,000 items", Value::Array(vec![item.clone(); 10_000])),
        hostile("the item twice", json!([item, item])),
    ]
}
