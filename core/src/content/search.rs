//! Turning the text a person typed into a safe FTS5 query expression.

use crate::content::model::QuerySyntax;
use crate::error::{Error, Result};
use crate::limits::QUERY_MAX_BYTES;

/// The FTS5 expression for `text`. In [`QuerySyntax::Plain`] every word becomes a quoted
/// string, so no character the person typed can be read as FTS5 syntax.
pub(crate) fn fts_expression(text: &str, syntax: QuerySyntax) -> Result<String> {
    if text.len() > QUERY_MAX_BYTES {
        return Err(Error::invalid("query", format!("longer than {QUERY_MAX_BYTES} bytes")));
    }
    let expression = match syntax {
        QuerySyntax::Fts5 => text.trim().to_owned(),
        QuerySyntax::Plain => plain_words(text),
    };
    if expression.is_empty() {
        return Err(Error::invalid("query", "has no words to search for"));
    }
    Ok(expression)
}

/// `hello, wor*!` becomes `"hello" "wor"*`: words are runs of letters and digits (as the
/// unicode61 tokenizer sees them), and a `*` right after a word makes it a prefix.
fn plain_words(text: &str) -> String {
    let mut terms = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            let prefix = if c == '*' { "*" } else { "" };
            terms.push(format!("\"{word}\"{prefix}"));
            word.clear();
        }
    }
    if !word.is_empty() {
        terms.push(format!("\"{word}\""));
    }
    terms.join(" ")
}

/// Whether SQLite rejected the MATCH expression itself (rather than failing to read).
pub(crate) fn is_query_error(error: &rusqlite::Error) -> bool {
    matches!(
        error,
        rusqlite::Error::SqliteFailure(e, _) if e.code == rusqlite::ErrorCode::Unknown
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_becomes_quoted_words() {
        let cases = [
            ("hello world", r#""hello" "world""#),
            (r#"say "hi" AND (NEAR"#, r#""say" "hi" "AND" "NEAR""#),
            ("wor* ok", r#""wor"* "ok""#),
            ("café-au-lait", r#""café" "au" "lait""#),
        ];
        for (text, expected) in cases {
            assert_eq!(fts_expression(text, QuerySyntax::Plain).unwrap(), expected, "for {text:?}");
        }
    }

    #[test]
    fn text_without_words_is_invalid() {
        for text in ["", "   ", "*", "\"", "( )", "-- ;"] {
            let error = fts_expression(text, QuerySyntax::Plain).unwrap_err();
            assert!(matches!(error, Error::InvalidInput { field: "query", .. }), "for {text:?}: {error:?}");
        }
    }

    #[test]
    fn overlong_query_is_invalid() {
        let text = "a ".repeat(QUERY_MAX_BYTES);
        assert!(matches!(fts_expression(&text, QuerySyntax::Plain), Err(Error::InvalidInput { .. })));
    }
}
