//! Reading search text once, left to right, while counting what its cost grows with (words,
//! prefix terms, parenthesis depth), so that text past the bounds of [`crate::limits`] is
//! refused before SQLite runs it. Each character costs a constant amount of work, so even
//! hostile text is cheap to refuse.

use crate::content::script::is_word_char;
use crate::error::{Error, Result};
use crate::limits::{QUERY_DEPTH_MAX, QUERY_PREFIX_MIN_CHARS, QUERY_PREFIXES_MAX, QUERY_WORDS_MAX};

/// What a query's cost grows with, as counted in its text.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Counts {
    /// Words searched for, alone or inside phrases: runs of letters and digits, as the
    /// unicode61 tokenizer splits them.
    pub(crate) words: usize,
    /// Terms ending in `*`.
    pub(crate) prefixes: usize,
    /// Deepest nesting of parentheses, `NEAR(…)`'s included.
    pub(crate) depth: usize,
    // Parentheses open at the current character.
    open: usize,
}

impl Counts {
    fn add_words(&mut self, words: usize) -> Result<()> {
        self.words += words;
        if self.words > QUERY_WORDS_MAX {
            return Err(Error::invalid("query", format!("has more than {QUERY_WORDS_MAX} words")));
        }
        Ok(())
    }

    /// A prefix term whose last word is `chars` characters long.
    fn add_prefix(&mut self, chars: usize) -> Result<()> {
        if chars < QUERY_PREFIX_MIN_CHARS {
            return Err(Error::invalid(
                "query",
                format!("has a prefix (word*) shorter than {QUERY_PREFIX_MIN_CHARS} characters"),
            ));
        }
        self.prefixes += 1;
        if self.prefixes > QUERY_PREFIXES_MAX {
            return Err(Error::invalid("query", format!("has more than {QUERY_PREFIXES_MAX} prefix terms (word*)")));
        }
        Ok(())
    }

    fn open(&mut self) -> Result<()> {
        self.open += 1;
        self.depth = self.depth.max(self.open);
        if self.depth > QUERY_DEPTH_MAX {
            return Err(Error::invalid("query", format!("nests parentheses deeper than {QUERY_DEPTH_MAX}")));
        }
        Ok(())
    }

    fn close(&mut self) {
        // A stray `)` is FTS5's syntax error to report, not a negative depth.
        self.open = self.open.saturating_sub(1);
    }
}

/// `hello, wor*!` becomes `"hello" "wor"*`: words are runs of letters, digits and the
/// characters the search tokenizer keeps in words (Thai vowel signs, emoji), and a `*` right
/// after a word makes it a prefix. Nothing
/// the person typed can be read as FTS5 syntax.
pub(crate) fn plain(text: &str) -> Result<String> {
    let mut counts = Counts::default();
    // At most three bytes out per byte in: the one-letter text `a` becomes `"a"`.
    let mut expression = String::with_capacity(text.len() * 3);
    // Characters of the word being read; 0 between words.
    let mut word_chars = 0;
    for c in text.chars() {
        if is_word_char(c) {
            if word_chars == 0 {
                counts.add_words(1)?;
                if !expression.is_empty() {
                    expression.push(' ');
                }
                expression.push('"');
            }
            expression.push(c);
            word_chars += 1;
            continue;
        }
        if word_chars > 0 {
            expression.push('"');
            if c == '*' {
                counts.add_prefix(word_chars)?;
                expression.push('*');
            }
            word_chars = 0;
        }
    }
    if word_chars > 0 {
        expression.push('"');
    }
    Ok(expression)
}

/// The counts of an expression in FTS5 syntax, or `InvalidInput` as soon as one passes its
/// bound. It reads tokens as FTS5 does (`fts5ExprGetToken` in SQLite's `fts5_expr.c`) but
/// does not check the grammar: FTS5 rejects what is malformed, and miscounting malformed
/// text costs nothing since FTS5 parses the whole expression before reading any row.
pub(crate) fn fts5(text: &str) -> Result<Counts> {
    let mut reader = Fts5Reader::default();
    for (at, c) in text.char_indices() {
        reader.read(text, at, c)?;
    }
    reader.finish(text)?;
    Ok(reader.counts)
}

/// Where the reader is: between tokens, in a bareword that began at a byte offset, in a
/// `"…"` string, or just after a `"` inside one (the end, or the first of an escaped `""`).
#[derive(Debug, Default, Clone, Copy)]
enum At {
    #[default]
    Between,
    Bareword(usize),
    Quoted,
    QuoteInQuoted,
}

/// A string or bareword: how many words it holds, the length of its last one (a `*` after
/// it makes that word a prefix), and what it is in the grammar.
#[derive(Debug, Default, Clone, Copy)]
struct Term {
    words: usize,
    last_word_chars: usize,
    in_word: bool,
    /// `NEAR`, which is a keyword when `(` follows.
    near: bool,
    /// A column name in `{a b}`, or NEAR's distance after a `,`: never searched for.
    not_searched: bool,
}

impl Term {
    fn push(&mut self, c: char) {
        let alphanumeric = is_word_char(c);
        if alphanumeric && !self.in_word {
            self.words += 1;
            self.last_word_chars = 0;
        }
        if alphanumeric {
            self.last_word_chars += 1;
        }
        self.in_word = alphanumeric;
    }
}

/// What may follow a term and change what it was: `:` makes it a column name, `*` a prefix,
/// `(` after `NEAR` a keyword. Anything else leaves it a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    Colon,
    Star,
    Open,
    Other,
}

#[derive(Debug, Default)]
struct Fts5Reader {
    counts: Counts,
    at: At,
    /// The string or bareword being read.
    term: Term,
    /// The last term read, until the next token says what it was.
    pending: Option<Term>,
    in_braces: bool,
    after_comma: bool,
}

impl Fts5Reader {
    fn read(&mut self, text: &str, at: usize, c: char) -> Result<()> {
        match self.at {
            At::Quoted => {
                if c == '"' {
                    self.at = At::QuoteInQuoted;
                } else {
                    self.term.push(c);
                }
                return Ok(());
            }
            At::QuoteInQuoted if c == '"' => {
                // `""` is one quote inside the string: a separator between words.
                self.term.push(c);
                self.at = At::Quoted;
                return Ok(());
            }
            At::QuoteInQuoted => self.end_term(false, false),
            At::Bareword(_) if is_bareword(c) => {
                self.term.push(c);
                return Ok(());
            }
            At::Bareword(start) => {
                let word = text.get(start..at).unwrap_or_default();
                self.end_term(matches!(word, "AND" | "OR" | "NOT"), word == "NEAR");
            }
            At::Between => {}
        }
        self.at = At::Between;
        match c {
            // FTS5's white space: anything else outside a string is a token.
            ' ' | '\t' | '\n' | '\r' => {}
            '"' => {
                self.start_term()?;
                self.at = At::Quoted;
            }
            ':' => self.token(Next::Colon)?,
            '*' => self.token(Next::Star)?,
            '(' => {
                self.token(Next::Open)?;
                self.counts.open()?;
            }
            ')' => {
                self.token(Next::Other)?;
                self.counts.close();
            }
            '{' | '}' => {
                self.token(Next::Other)?;
                self.in_braces = c == '{';
            }
            ',' => {
                self.token(Next::Other)?;
                self.after_comma = true;
            }
            c if is_bareword(c) => {
                self.start_term()?;
                self.term.push(c);
                self.at = At::Bareword(at);
            }
            // `+`, `-`, `^` and characters FTS5 rejects: they change no count.
            _ => self.token(Next::Other)?,
        }
        Ok(())
    }

    fn finish(&mut self, text: &str) -> Result<()> {
        // An unterminated string is FTS5's error; its words are counted all the same.
        match self.at {
            At::Quoted | At::QuoteInQuoted => self.end_term(false, false),
            At::Bareword(start) => {
                let word = text.get(start..).unwrap_or_default();
                self.end_term(matches!(word, "AND" | "OR" | "NOT"), word == "NEAR");
            }
            At::Between => {}
        }
        self.token(Next::Other)
    }

    fn start_term(&mut self) -> Result<()> {
        let not_searched = self.in_braces || self.after_comma;
        self.token(Next::Other)?;
        self.term = Term { not_searched, ..Term::default() };
        Ok(())
    }

    fn end_term(&mut self, operator: bool, near: bool) {
        if !operator && !self.term.not_searched {
            self.pending = Some(Term { near, ..self.term });
        }
        self.at = At::Between;
    }

    /// A token other than a string or bareword: it settles what the pending term was.
    fn token(&mut self, next: Next) -> Result<()> {
        self.after_comma = false;
        let Some(term) = self.pending.take() else { return Ok(()) };
        match next {
            Next::Colon => Ok(()),
            Next::Open if term.near => Ok(()),
            // A `*` after a phrase with no words has nothing to extend.
            Next::Star if term.words > 0 => {
                self.counts.add_words(term.words)?;
                self.counts.add_prefix(term.last_word_chars)
            }
            Next::Star | Next::Open | Next::Other => self.counts.add_words(term.words),
        }
    }
}

/// Characters of an FTS5 bareword (`sqlite3Fts5IsBareword`): ASCII letters and digits, `_`,
/// the substitute character, and every non-ASCII character.
fn is_bareword(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '\u{1a}' || !c.is_ascii()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn refused(result: Result<impl std::fmt::Debug>) -> String {
        match result {
            Err(Error::InvalidInput { field: "query", reason }) => reason,
            other => panic!("expected InvalidInput on query, got {other:?}"),
        }
    }

    fn words(n: usize, word: &str, separator: &str) -> String {
        vec![word; n].join(separator)
    }

    #[test]
    fn plain_words_up_to_the_bound() {
        let text = words(QUERY_WORDS_MAX, "the", " ");
        assert_eq!(plain(&text).unwrap(), words(QUERY_WORDS_MAX, "\"the\"", " "));
        let reason = refused(plain(&words(QUERY_WORDS_MAX + 1, "the", " ")));
        assert_eq!(reason, format!("has more than {QUERY_WORDS_MAX} words"));
    }

    #[test]
    fn plain_prefixes_up_to_the_bound() {
        let text = words(QUERY_PREFIXES_MAX, "wor*", " ");
        assert_eq!(plain(&text).unwrap(), words(QUERY_PREFIXES_MAX, "\"wor\"*", " "));
        let reason = refused(plain(&words(QUERY_PREFIXES_MAX + 1, "wor*", " ")));
        assert_eq!(reason, format!("has more than {QUERY_PREFIXES_MAX} prefix terms (word*)"));
    }

    #[test]
    fn fts5_words_up_to_the_bound_alone_or_in_phrases() {
        for (ok, over) in [
            (words(QUERY_WORDS_MAX, "the", " OR "), words(QUERY_WORDS_MAX + 1, "the", " OR ")),
            (
                format!("\"{}\"", words(QUERY_WORDS_MAX, "the", " ")),
                format!("\"{}\"", words(QUERY_WORDS_MAX + 1, "the", " ")),
            ),
            (
                format!("NEAR({}, 5)", words(QUERY_WORDS_MAX, "the", " ")),
                format!("NEAR({}, 5)", words(QUERY_WORDS_MAX + 1, "the", " ")),
            ),
        ] {
            assert_eq!(fts5(&ok).unwrap().words, QUERY_WORDS_MAX, "for {ok:?}");
            assert_eq!(refused(fts5(&over)), format!("has more than {QUERY_WORDS_MAX} words"), "for {over:?}");
        }
    }

    #[test]
    fn fts5_prefixes_up_to_the_bound() {
        for (ok, over) in [
            (words(QUERY_PREFIXES_MAX, "th*", " OR "), words(QUERY_PREFIXES_MAX + 1, "th*", " OR ")),
            (words(QUERY_PREFIXES_MAX, "\"th\" *", " "), words(QUERY_PREFIXES_MAX + 1, "\"th\" *", " ")),
        ] {
            assert_eq!(fts5(&ok).unwrap().prefixes, QUERY_PREFIXES_MAX, "for {ok:?}");
            assert_eq!(refused(fts5(&over)), format!("has more than {QUERY_PREFIXES_MAX} prefix terms (word*)"));
        }
    }

    #[test]
    fn prefixes_as_short_as_the_bound() {
        let shortest = "w".repeat(QUERY_PREFIX_MIN_CHARS);
        let shorter = "w".repeat(QUERY_PREFIX_MIN_CHARS - 1);
        let reason = format!("has a prefix (word*) shorter than {QUERY_PREFIX_MIN_CHARS} characters");
        assert_eq!(plain(&format!("{shortest}*")).unwrap(), format!("\"{shortest}\"*"));
        assert_eq!(refused(plain(&format!("ok {shorter}*"))), reason);
        // In a phrase, the `*` extends its last word.
        assert_eq!(fts5(&format!("\"a {shortest}\"*")).unwrap().prefixes, 1);
        assert_eq!(refused(fts5(&format!("\"{shortest} {shorter}\"*"))), reason);
        assert_eq!(refused(fts5(&format!("{shorter} *"))), reason);
    }

    #[test]
    fn fts5_depth_up_to_the_bound() {
        let nested = |depth: usize| format!("{}the{}", "(".repeat(depth), ")".repeat(depth));
        assert_eq!(fts5(&nested(QUERY_DEPTH_MAX)).unwrap().depth, QUERY_DEPTH_MAX);
        let reason = refused(fts5(&nested(QUERY_DEPTH_MAX + 1)));
        assert_eq!(reason, format!("nests parentheses deeper than {QUERY_DEPTH_MAX}"));
        // Depth is nesting, not the number of groups.
        assert_eq!(fts5("(a) OR (b) OR (c d)").unwrap().depth, 1);
    }

    /// Valid FTS5 queries (a test in search.rs checks SQLite accepts each) and their
    /// counts: words, prefixes, depth.
    pub(crate) const COUNTED: &[(&str, usize, usize, usize)] = &[
        ("a OR b AND c NOT d", 4, 0, 0),
        (r#""a(b""#, 2, 0, 0),
        (r#""say ""hi"" (to) {them}: now"*"#, 5, 1, 0),
        (r#""" *"#, 0, 0, 0),
        ("NEAR(a b c, 10)", 3, 0, 1),
        ("NEAR", 1, 0, 0),
        ("title: a", 1, 0, 0),
        (r#""body" : ab*"#, 1, 1, 0),
        ("{title body}: a b", 2, 0, 0),
        ("-{title}: NEAR(ab* b)", 2, 1, 1),
        ("-body: ^a + bc*", 2, 1, 0),
        ("((a) OR (b c)) NOT title:(d OR NEAR(e f))", 6, 0, 2),
        ("café_au_lait*", 3, 1, 0),
        ("\"wor\" * ok", 2, 1, 0),
        ("or and not near", 4, 0, 0),
    ];

    /// An FTS5 table with the columns the queries above name, holding one row.
    pub(crate) fn fts5_table() -> rusqlite::Connection {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE VIRTUAL TABLE t USING fts5(title, body); INSERT INTO t VALUES ('a b', 'c d');")
            .unwrap();
        conn
    }

    /// Whether FTS5 parses `text` (matching nothing is fine).
    pub(crate) fn fts5_accepts(conn: &rusqlite::Connection, text: &str) -> bool {
        conn.query_row("SELECT count(*) FROM t WHERE t MATCH ?1", [text], |row| row.get::<_, i64>(0)).is_ok()
    }

    #[test]
    fn fts5_counts_terms_not_syntax() {
        let conn = fts5_table();
        for &(text, words, prefixes, depth) in COUNTED {
            assert!(fts5_accepts(&conn, text), "FTS5 rejects {text:?}");
            let counts = fts5(text).unwrap();
            assert_eq!((counts.words, counts.prefixes, counts.depth), (words, prefixes, depth), "for {text:?}");
        }
    }

    /// Malformed text, which FTS5 rejects, is still counted (as a reader of its tokens
    /// would), never a panic.
    #[test]
    fn malformed_fts5_is_counted() {
        let conn = fts5_table();
        let cases = [
            ("\"unterminated (a b", 3, 0, 0),
            (")))(((", 0, 0, 3),
            ("a:::*** ,,", 0, 0, 0),
            ("{a b", 0, 0, 0),
            ("\"\"\"", 0, 0, 0),
            ("NEAR(", 0, 0, 1),
            ("\0a\0b", 2, 0, 0),
        ];
        for (text, words, prefixes, depth) in cases {
            assert!(!fts5_accepts(&conn, text), "FTS5 accepts {text:?}");
            let counts = fts5(text).unwrap();
            assert_eq!((counts.words, counts.prefixes, counts.depth), (words, prefixes, depth), "for {text:?}");
        }
    }
}
