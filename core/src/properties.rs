//! Property tests of what reads untrusted input: the query reader, the id parser, search on a
//! real store, and the envelope decoder (a sealed secret read back from a file or from sync).
//! Each test runs its default number of cases (40,000 in all: 20,000 for the queries, ids and
//! search, 20,000 for the envelope), or `PROPTEST_CASES` when set (`scripts/fuzz` runs each
//! with a million in release), and prints how many cases passed and how long they took
//! (`--nocapture` shows it).

// proptest is a native-only dev-dependency (core/Cargo.toml).
#![cfg(not(target_family = "wasm"))]

use crate::content::model::QuerySyntax;
use crate::content::query::tests::{fts5_accepts, fts5_table};
use crate::content::script::is_word_char;
use crate::content::{query, search};
use crate::error::Error;
use crate::ids::parse_id;
use crate::limits::{QUERY_DEPTH_MAX, QUERY_MAX_BYTES, QUERY_PREFIX_MIN_CHARS, QUERY_PREFIXES_MAX, QUERY_WORDS_MAX};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner, contextualize_config};
use std::time::Instant;

/// Runs `test` on `cases` values of `strategy` (or `PROPTEST_CASES` of them: proptest's
/// `contextualize_config` lets the variable override the number given here), and prints the
/// count that passed.
fn check<S: Strategy>(name: &str, cases: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>) {
    // No regression files: a failure prints its minimal input, which belongs in a unit test.
    let config = contextualize_config(Config { failure_persistence: None, ..Config::with_cases(cases) });
    let cases = config.cases;
    let started = Instant::now();
    let passed = std::sync::atomic::AtomicU64::new(0);
    let result = TestRunner::new(config).run(&strategy, |value| {
        test(value)?;
        passed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    });
    if let Err(error) = result {
        panic!("{name}: {error}");
    }
    let passed = passed.into_inner();
    // Every case must have run: a strategy that rejects values would make this fewer.
    assert_eq!(passed, u64::from(cases), "{name}: {passed} of {cases} cases ran");
    println!("{name}: {passed} cases passed in {:.1} s", started.elapsed().as_secs_f64());
}

/// Pieces of FTS5 syntax and the text around it.
const PIECES: &[&str] = &[
    "\"", "\"\"", "(", ")", "{", "}", ":", ",", "*", "^", "+", "-", " ", "\t", "\n", "AND", "OR", "NOT", "NEAR",
    "NEAR(", "and", "a", "b", "the", "wor", "é", "日本", "_", "\u{1a}", "\0", ".", "title:", "body", "10", "🙂",
    "\u{301}", "ß", "İ",
];

/// Text a person or an attacker might send: any characters, FTS5 syntax in any order, and
/// long runs of one piece (past every bound, and past `QUERY_MAX_BYTES`).
fn any_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![prop::sample::select(PIECES).prop_map(str::to_owned), any::<char>().prop_map(String::from)];
    prop_oneof![
        prop::collection::vec(any::<char>(), 0..300).prop_map(String::from_iter),
        prop::collection::vec(piece.clone(), 0..200).prop_map(|pieces| pieces.concat()),
        (piece, 1..700usize).prop_map(|(piece, n)| piece.repeat(n)),
    ]
}

/// `Ok`, or `InvalidInput` on `query` with a reason of at most 64 bytes, however long the
/// text.
fn refused_well(result: &Result<impl std::fmt::Debug, Error>) -> Result<(), TestCaseError> {
    match result {
        Ok(_) => Ok(()),
        Err(Error::InvalidInput { field: "query", reason }) => {
            prop_assert!(reason.len() <= 64, "reason too long: {reason:?}");
            Ok(())
        }
        Err(other) => Err(TestCaseError::fail(format!("not InvalidInput on query: {other:?}"))),
    }
}

/// The words of `text` as plain syntax reads them (runs of the characters the search index
/// keeps in words), each with whether a `*` follows it: the model the reader is checked
/// against.
fn model_words(text: &str) -> Vec<(&str, bool)> {
    let mut words = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(is_word_char) {
        rest = &rest[start..];
        let end = rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
        words.push((&rest[..end], rest[end..].starts_with('*')));
        rest = &rest[end..];
    }
    words
}

#[test]
fn parse_plain_text() {
    check("parse_plain_text", 4_000, any_text(), |text| {
        let result = search::fts_expression(&text, QuerySyntax::Plain);
        refused_well(&result)?;
        let words = model_words(&text);
        let prefixes: Vec<&str> = words.iter().filter(|(_, prefix)| *prefix).map(|(word, _)| *word).collect();
        let within = text.len() <= QUERY_MAX_BYTES
            && (1..=QUERY_WORDS_MAX).contains(&words.len())
            && prefixes.len() <= QUERY_PREFIXES_MAX
            && prefixes.iter().all(|word| word.chars().count() >= QUERY_PREFIX_MIN_CHARS);
        prop_assert_eq!(result.is_ok(), within, "bounds not applied as counted for {:?}", text);
        if let Ok(expression) = result {
            let expected: Vec<String> =
                words.iter().map(|(word, prefix)| format!("\"{word}\"{}", if *prefix { "*" } else { "" })).collect();
            prop_assert_eq!(&expression, &expected.join(" "));
            // Linear output: each word grows by its quotes, a `*` and a space at most.
            prop_assert!(expression.len() <= 3 * text.len());
        }
        Ok(())
    });
}

#[test]
fn parse_fts5_text() {
    check("parse_fts5_text", 4_000, any_text(), |text| {
        let result = query::fts5(&text);
        refused_well(&result)?;
        if let Ok(counts) = result {
            prop_assert!(counts.words <= QUERY_WORDS_MAX);
            prop_assert!(counts.prefixes <= QUERY_PREFIXES_MAX);
            prop_assert!(counts.depth <= QUERY_DEPTH_MAX);
            // Each count is of something seen in the text, counted once.
            prop_assert!(counts.words <= model_words(&text).len());
            prop_assert!(counts.prefixes <= text.matches('*').count());
            prop_assert!(counts.depth <= text.matches('(').count());
        }
        Ok(())
    });
}

/// A valid FTS5 query, its counts, and whether a prefix in it is too short.
#[derive(Debug, Clone)]
struct Valid {
    text: String,
    words: usize,
    prefixes: usize,
    depth: usize,
    short_prefix: bool,
}

/// A phrase: quoted words separated by anything (parentheses and `""` included, since
/// inside quotes they are text), or one lowercase bareword; maybe a prefix.
fn phrase() -> impl Strategy<Value = Valid> {
    let word = prop_oneof!["[a-z]{1,6}", "[A-Z]{1,4}", Just("café".to_owned()), Just("日本".to_owned())];
    let separator = prop::sample::select(vec![" ", "  ", ".", "-", "\"\"", "(", ")", "*", ":", "{", ",", "^"]);
    let quoted = (prop::collection::vec((word, separator), 1..5), any::<bool>()).prop_map(|(parts, star)| {
        let mut text = String::from("\"");
        for (i, (word, separator)) in parts.iter().enumerate() {
            if i > 0 {
                text.push_str(separator);
            }
            text.push_str(word);
        }
        text.push('"');
        if star {
            text.push_str(" *");
        }
        let last_chars = parts.last().map_or(0, |(word, _)| word.chars().count());
        let short_prefix = star && last_chars < QUERY_PREFIX_MIN_CHARS;
        Valid { text, words: parts.len(), prefixes: usize::from(star), depth: 0, short_prefix }
    });
    let bareword = ("[a-z]{1,8}", any::<bool>()).prop_map(|(word, star)| Valid {
        text: format!("{word}{}", if star { "*" } else { "" }),
        words: 1,
        prefixes: usize::from(star),
        depth: 0,
        short_prefix: star && word.len() < QUERY_PREFIX_MIN_CHARS,
    });
    prop_oneof![quoted, bareword]
}

/// Valid FTS5 queries built from phrases: column filters, `^`, `+`, `NEAR(…, n)`, implicit
/// AND (between phrases only: FTS5 refuses `a (b)`), `AND`, `OR`, `NOT` and parentheses,
/// with their counts.
fn valid_fts5() -> impl Strategy<Value = Valid> {
    let column = prop::sample::select(vec!["", "title: ", "-body : ", "{title body}: ", "- {body}:", "\"title\":"]);
    let near = (prop::collection::vec(phrase(), 1..4), prop::option::of(0..20u32)).prop_map(|(phrases, distance)| {
        let inner = phrases.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join(" ");
        let distance = distance.map(|d| format!(", {d}")).unwrap_or_default();
        Valid {
            text: format!("NEAR({inner}{distance})"),
            words: phrases.iter().map(|p| p.words).sum(),
            prefixes: phrases.iter().map(|p| p.prefixes).sum(),
            depth: 1,
            short_prefix: phrases.iter().any(|p| p.short_prefix),
        }
    });
    let nearset = prop_oneof![phrase(), (phrase(), phrase()).prop_map(|(a, b)| joined("^", a, " + ", b, "")), near];
    let cnearset = (column, nearset).prop_map(|(column, n)| Valid { text: format!("{column}{}", n.text), ..n });
    let leaf = prop::collection::vec(cnearset, 1..4).prop_map(|sets| {
        sets.into_iter().reduce(|a, b| joined("", a, " ", b, "")).unwrap_or_else(|| unreachable!("1 to 3 sets"))
    });
    let tree = leaf.prop_recursive(4, 24, 2, |inner| {
        let operator = prop::sample::select(vec![" AND ", " OR ", " NOT "]);
        prop_oneof![
            (inner.clone(), operator, inner.clone()).prop_map(|(a, operator, b)| joined("", a, operator, b, "")),
            (prop::sample::select(vec!["(", "title:(", "{body}: ("]), inner).prop_map(|(open, q)| Valid {
                text: format!("{open}{})", q.text),
                depth: q.depth + 1,
                ..q
            }),
        ]
    });
    // Sometimes nested deeper, past QUERY_DEPTH_MAX.
    let levels = prop_oneof![3 => Just(0), 1 => 0..QUERY_DEPTH_MAX + 4];
    (tree, levels).prop_map(|(q, levels)| Valid {
        text: format!("{}{}{}", "(".repeat(levels), q.text, ")".repeat(levels)),
        depth: q.depth + levels,
        ..q
    })
}

fn joined(before: &str, a: Valid, between: &str, b: Valid, after: &str) -> Valid {
    Valid {
        text: format!("{before}{}{between}{}{after}", a.text, b.text),
        words: a.words + b.words,
        prefixes: a.prefixes + b.prefixes,
        depth: a.depth.max(b.depth),
        short_prefix: a.short_prefix || b.short_prefix,
    }
}

#[test]
fn parse_fts5_counts_valid_queries() {
    let conn = fts5_table();
    check("parse_fts5_counts_valid_queries", 4_000, valid_fts5(), |valid| {
        prop_assert!(fts5_accepts(&conn, &valid.text), "the generator made a query FTS5 rejects: {:?}", valid.text);
        let within = valid.words <= QUERY_WORDS_MAX
            && valid.prefixes <= QUERY_PREFIXES_MAX
            && valid.depth <= QUERY_DEPTH_MAX
            && !valid.short_prefix;
        match query::fts5(&valid.text) {
            Ok(counts) => {
                prop_assert!(within, "accepted past a bound: {:?}", valid);
                prop_assert_eq!(
                    (counts.words, counts.prefixes, counts.depth),
                    (valid.words, valid.prefixes, valid.depth)
                );
            }
            Err(Error::InvalidInput { field: "query", .. }) => {
                prop_assert!(!within, "refused within bounds: {:?}", valid)
            }
            Err(other) => return Err(TestCaseError::fail(format!("{other:?}"))),
        }
        Ok(())
    });
}

/// A random UUID in one of the spellings `Uuid::try_parse` accepts, or in mixed case.
fn spelled_uuid() -> impl Strategy<Value = String> {
    (any::<u128>(), 0..6u8).prop_map(|(n, spelling)| {
        let uuid = uuid::Uuid::from_u128(n);
        match spelling {
            0 => uuid.hyphenated().to_string(),
            1 => uuid.hyphenated().to_string().to_uppercase(),
            2 => uuid.simple().to_string(),
            3 => uuid.braced().to_string(),
            4 => uuid.urn().to_string(),
            _ => uuid
                .hyphenated()
                .to_string()
                .chars()
                .enumerate()
                .map(|(i, c)| if i % 3 == 0 { c.to_ascii_uppercase() } else { c })
                .collect(),
        }
    })
}

/// A spelled UUID with up to four edits: a character removed, added, replaced, or its case
/// swapped, or the text doubled; most results are invalid, some stay valid.
fn mutated_uuid() -> impl Strategy<Value = String> {
    let character =
        prop_oneof![prop::sample::select(vec!['-', '{', '}', ':', 'g', 'F', '0', ' ', '\0', 'é']), any::<char>()];
    let edit = (0..5u8, any::<prop::sample::Index>(), character);
    (spelled_uuid(), prop::collection::vec(edit, 0..4)).prop_map(|(text, edits)| {
        let mut chars: Vec<char> = text.chars().collect();
        for (kind, at, c) in edits {
            let i = at.index(chars.len() + 1);
            match kind {
                0 if i < chars.len() => drop(chars.remove(i)),
                1 => chars.insert(i, c),
                2 if i < chars.len() => chars[i] = c,
                3 if i < chars.len() => {
                    chars[i] = if chars[i].is_ascii_uppercase() {
                        chars[i].to_ascii_lowercase()
                    } else {
                        chars[i].to_ascii_uppercase()
                    }
                }
                4 => chars.extend_from_within(..),
                _ => {}
            }
        }
        chars.into_iter().collect()
    })
}

/// `parse_id` accepts exactly what `Uuid::try_parse` accepts, answers the lowercase
/// hyphenated spelling, and refuses anything else with a message of bounded length.
fn parse_id_agrees(text: &str) -> Result<(), TestCaseError> {
    match (parse_id("id", text), uuid::Uuid::try_parse(text)) {
        (Ok(id), Ok(uuid)) => {
            prop_assert_eq!(&id, &uuid.hyphenated().to_string());
            prop_assert_eq!(id.len(), 36);
            for (i, c) in id.chars().enumerate() {
                let hyphen = [8, 13, 18, 23].contains(&i);
                prop_assert!(if hyphen { c == '-' } else { matches!(c, '0'..='9' | 'a'..='f') }, "{id}");
            }
        }
        (Err(Error::InvalidInput { field: "id", reason }), Err(_)) => {
            // 40 characters shown, each at most 10 bytes escaped, and the words around them.
            prop_assert!(reason.len() <= 480, "{} bytes: {reason:?}", reason.len());
        }
        (ours, theirs) => return Err(TestCaseError::fail(format!("parse_id {ours:?}, Uuid::try_parse {theirs:?}"))),
    }
    Ok(())
}

#[test]
fn parse_id_any_text() {
    let text = prop_oneof![
        prop::collection::vec(any::<char>(), 0..3000).prop_map(String::from_iter),
        "[0-9a-fA-F{}:urnid-]{0,50}",
    ];
    check("parse_id_any_text", 4_000, text, |text| parse_id_agrees(&text));
}

#[test]
fn parse_id_mutated_uuid() {
    check("parse_id_mutated_uuid", 2_000, mutated_uuid(), |text| parse_id_agrees(&text));
}

/// Search on a real store answers `Ok` or `InvalidInput` on `query`, whatever the text, in
/// both syntaxes, for messages and documents; plain text the reader accepts is never refused.
#[test]
fn search_store_any_text() {
    use crate::{DocumentSearch, MessageRole, NewDocument, NewUser, NewWorkspace, SearchQuery, Store, StoreError};
    let store = Store::open_in_memory().unwrap();
    let user = store.users().create(&NewUser::new("p@example.com", "P")).unwrap();
    let workspace = store.workspaces().create(&NewWorkspace::for_user("W", &user.id)).unwrap();
    let thread = store.threads().create(&workspace.id, "T").unwrap();
    for content in ["the quick brown fox", "a café au lait", "日本 and NEAR (or) \"quotes\"", "wor work worker"] {
        store.messages().append(&thread.id, MessageRole::User, content).unwrap();
        store.documents().create(&NewDocument::new(&workspace.id, content, content)).unwrap();
    }
    let syntax = prop_oneof![Just(QuerySyntax::Plain), Just(QuerySyntax::Fts5)];
    let text = prop_oneof![any_text(), valid_fts5().prop_map(|valid| valid.text)];
    check("search_store_any_text", 2_000, (text, syntax), |(text, syntax)| {
        let messages = store.messages().search(&SearchQuery { syntax, ..SearchQuery::words(&text) }).map(drop);
        let documents = store.documents().search(&DocumentSearch { syntax, ..DocumentSearch::words(&text) }).map(drop);
        for result in [&messages, &documents] {
            match result {
                Ok(()) => {}
                Err(StoreError::InvalidInput { field, .. }) if field == "query" => {}
                Err(other) => return Err(TestCaseError::fail(format!("{syntax:?} {text:?}: {other:?}"))),
            }
        }
        if syntax == QuerySyntax::Plain {
            let accepted = search::fts_expression(&text, syntax).is_ok();
            prop_assert_eq!(messages.is_ok(), accepted);
            prop_assert_eq!(documents.is_ok(), accepted);
        }
        Ok(())
    });
}

/// An envelope and everything done to it in one case of [`envelope_decoder`].
#[derive(Debug, Clone)]
struct EnvelopeCase {
    key: [u8; 32],
    other_key: [u8; 32],
    secret: Vec<u8>,
    place: [String; 3],
    /// Which part of the place to change (0-2), or 3: move a character across the boundary
    /// between table and column, which leaves their concatenation the same.
    swap: (usize, String),
    flip: (prop::sample::Index, u8),
    cut: prop::sample::Index,
    extension: Vec<u8>,
    noise: Vec<u8>,
    version: u8,
}

fn envelope_case() -> impl Strategy<Value = EnvelopeCase> {
    let part = || prop_oneof!["[a-z_]{0,12}", "\\PC{0,24}"];
    let secret = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..64),
        prop::collection::vec(any::<u8>(), 0..4096),
        // Bytes that look like an envelope: a secret may be anything.
        Just(vec![1u8; 40]),
    ];
    let noise = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..120),
        // Noise that passes the version check, so the key id and tag are what refuse it.
        prop::collection::vec(any::<u8>(), 0..120).prop_map(|mut bytes| {
            if let Some(first) = bytes.first_mut() {
                *first = 1;
            }
            bytes
        }),
    ];
    (
        (any::<[u8; 32]>(), any::<[u8; 32]>(), secret, [part(), part(), part()]),
        ((0..4usize, part()), (any::<prop::sample::Index>(), 0..8u8), any::<prop::sample::Index>()),
        (prop::collection::vec(any::<u8>(), 1..64), noise, any::<u8>().prop_filter("not version 1", |v| *v != 1)),
    )
        .prop_map(|((key, other_key, secret, place), (swap, flip, cut), (extension, noise, version))| {
            EnvelopeCase { key, other_key, secret, place, swap, flip, cut, extension, noise, version }
        })
}

/// The envelope decoder against anything: what is sealed opens whole in its place; a single
/// bit flipped anywhere, a truncation, an extension, random bytes, another place (another
/// table, column or row, or the same characters split differently) or an unknown version is
/// a typed error, the one the damaged part calls for, never a panic and never a secret.
#[test]
fn envelope_decoder() {
    use crate::crypto::envelope::{MIN_BYTES, Place, Unsealed, open, seal};
    use crate::crypto::keys::SecretKey;

    check("envelope_decoder", 20_000, envelope_case(), |case| {
        let key = SecretKey::from_slice(&case.key).ok_or_else(|| TestCaseError::fail("a 32-byte key"))?;
        let keys = std::slice::from_ref(&key);
        let [table, column, row_id] = case.place.clone();
        let place = Place { table: &table, column: &column, row_id: &row_id };
        let sealed = seal(&key, &case.secret, &place).map_err(|error| TestCaseError::fail(error.to_string()))?;
        prop_assert_eq!(sealed.len(), MIN_BYTES + case.secret.len());

        // Round trip, with the key alone or among others.
        let opened = open(keys, &sealed, &place);
        prop_assert_eq!(opened.as_deref().map(Vec::as_slice), Ok(case.secret.as_slice()));
        if case.other_key != case.key {
            let other = SecretKey::from_slice(&case.other_key).ok_or_else(|| TestCaseError::fail("a 32-byte key"))?;
            prop_assert!(matches!(open(std::slice::from_ref(&other), &sealed, &place), Err(Unsealed::UnknownKey(_))));
            let both = [other, key.clone()];
            let opened = open(&both, &sealed, &place);
            prop_assert_eq!(opened.as_deref().map(Vec::as_slice), Ok(case.secret.as_slice()));
        }

        // One bit flipped: the version, the key id or the authenticated rest says so.
        let index = case.flip.0.index(sealed.len());
        let mut flipped = sealed.clone();
        flipped[index] ^= 1 << case.flip.1;
        let expected = match index {
            0 => Unsealed::UnknownVersion(flipped[0]),
            1..=8 => Unsealed::UnknownKey(flipped[1..9].iter().map(|byte| format!("{byte:02x}")).collect()),
            _ => Unsealed::Forged,
        };
        prop_assert_eq!(open(keys, &flipped, &place), Err(expected));

        // Truncated anywhere, extended by anything.
        let cut = case.cut.index(sealed.len());
        let expected = if cut < MIN_BYTES { Unsealed::Truncated } else { Unsealed::Forged };
        prop_assert_eq!(open(keys, &sealed[..cut], &place), Err(expected));
        let mut longer = sealed.clone();
        longer.extend_from_slice(&case.extension);
        prop_assert_eq!(open(keys, &longer, &place), Err(Unsealed::Forged));

        // Random bytes: refused, by the first check they fail.
        let refused = open(keys, &case.noise, &place);
        prop_assert!(refused.is_err(), "random bytes opened: {:?}", case.noise);
        let expected_kind = if case.noise.len() < MIN_BYTES {
            Some(Unsealed::Truncated)
        } else if case.noise[0] != 1 {
            Some(Unsealed::UnknownVersion(case.noise[0]))
        } else if case.noise[1..9] != key.id_bytes() {
            Some(Unsealed::UnknownKey(case.noise[1..9].iter().map(|byte| format!("{byte:02x}")).collect()))
        } else {
            None
        };
        if let Some(expected) = expected_kind {
            prop_assert_eq!(refused, Err(expected));
        }

        // Another place.
        let mut other = case.place.clone();
        let (part, replacement) = &case.swap;
        if *part < 3 {
            other[*part] = if *replacement == other[*part] { format!("{replacement}x") } else { replacement.clone() };
        } else {
            // "ab" + "c" becomes "a" + "bc", or "" + "c" becomes "c" + "".
            match other[0].pop() {
                Some(moved) => other[1].insert(0, moved),
                None => other[0] = std::mem::take(&mut other[1]),
            }
            if other == case.place {
                other[2].push('x');
            }
        }
        let elsewhere = Place { table: &other[0], column: &other[1], row_id: &other[2] };
        prop_assert_eq!(open(keys, &sealed, &elsewhere), Err(Unsealed::Forged));

        // A version this build does not know.
        let mut future = sealed.clone();
        future[0] = case.version;
        prop_assert_eq!(open(keys, &future, &place), Err(Unsealed::UnknownVersion(case.version)));
        Ok(())
    });
}
