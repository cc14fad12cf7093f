//! Turning the text a person typed into a safe FTS5 query expression, and running it with
//! FTS5 syntax errors reported as `InvalidInput`: shared by message and document search.

use crate::content::model::QuerySyntax;
use crate::content::query;
use crate::error::{Error, Result};
use crate::limits::QUERY_MAX_BYTES;
use rusqlite::Connection;

/// The FTS5 expression for `text`. In [`QuerySyntax::Plain`] every word becomes a quoted
/// string, so no character the person typed can be read as FTS5 syntax. Either way the text
/// must stay within the bounds of [`crate::limits`] (bytes, words, prefixes, depth), which
/// keep the cost of one search near that of a single common word.
pub(crate) fn fts_expression(text: &str, syntax: QuerySyntax) -> Result<String> {
    if text.len() > QUERY_MAX_BYTES {
        return Err(Error::invalid("query", format!("longer than {QUERY_MAX_BYTES} bytes")));
    }
    let expression = match syntax {
        QuerySyntax::Fts5 => {
            query::fts5(text)?;
            text.trim().to_owned()
        }
        QuerySyntax::Plain => query::plain(text)?,
    };
    if expression.is_empty() {
        return Err(Error::invalid("query", "has no words to search for"));
    }
    Ok(expression)
}

/// Longest text, in bytes, whose search snippet FTS5 makes; a longer one's snippet is its
/// opening instead. FTS5's `snippet()` costs the square of the matches in the text, cannot be
/// interrupted by the search budget, and took over ten minutes on one 1 MiB message of a
/// repeated phrase; up to this size it stays within milliseconds.
pub(crate) const SNIPPET_MAX_BYTES: usize = 32 * 1024;

/// The SQL of a hit's snippet: FTS5's `snippet()` of `table`'s column `column` (-1: the best
/// one) with matches wrapped in `[` `]`, or the first 100 characters of `text` when `text`
/// is longer than [`SNIPPET_MAX_BYTES`].
pub(crate) fn snippet_sql(table: &str, column: i32, text: &str) -> String {
    format!(
        "CASE WHEN length(CAST({text} AS BLOB)) <= {SNIPPET_MAX_BYTES}
              THEN snippet({table}, {column}, '[', ']', '…', 16) ELSE substr({text}, 1, 100) || '…' END"
    )
}

/// Runs `search`, a query of FTS5 table `table` for `expression`, so that a syntax error in
/// an [`QuerySyntax::Fts5`] expression is `InvalidInput` on `query`, never a raw SQLite error.
pub(crate) fn run<T>(
    conn: &Connection,
    table: &'static str,
    expression: &str,
    syntax: QuerySyntax,
    search: impl FnOnce() -> Result<T>,
) -> Result<T> {
    let result = match syntax {
        // Parse the expression on its own first: the joined query may never reach the FTS
        // table (an empty filter table ends the scan first) and so never reject it.
        QuerySyntax::Fts5 => check(conn, table, expression).and_then(|()| search()),
        QuerySyntax::Plain => search(),
    };
    result.map_err(|error| match error {
        Error::Sqlite(e) if syntax == QuerySyntax::Fts5 && is_query_error(&e) => Error::invalid("query", e.to_string()),
        other => other,
    })
}

fn check(conn: &Connection, table: &'static str, expression: &str) -> Result<()> {
    let mut stmt = conn.prepare_cached(&format!("SELECT rowid FROM {table} WHERE {table} MATCH ?1 LIMIT 1"))?;
    stmt.query([expression])?.next()?;
    Ok(())
}

/// Whether SQLite rejected the MATCH expression itself (rather than failing to read).
fn is_query_error(error: &rusqlite::Error) -> bool {
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

    /// The bounds themselves are tested in query.rs; this checks both syntaxes go through them.
    #[test]
    fn bounds_apply_in_both_syntaxes() {
        use crate::limits::QUERY_WORDS_MAX;
        for syntax in [QuerySyntax::Plain, QuerySyntax::Fts5] {
            assert!(fts_expression(&"the ".repeat(QUERY_WORDS_MAX), syntax).is_ok(), "{syntax:?}");
            let error = fts_expression(&"the ".repeat(QUERY_WORDS_MAX + 1), syntax).unwrap_err();
            assert!(matches!(error, Error::InvalidInput { field: "query", .. }), "{syntax:?}: {error:?}");
        }
    }

    #[test]
    fn overlong_query_is_invalid() {
        let text = "a ".repeat(QUERY_MAX_BYTES);
        assert!(matches!(fts_expression(&text, QuerySyntax::Plain), Err(Error::InvalidInput { .. })));
    }
}
