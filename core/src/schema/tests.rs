//! The declarations against the schema the migrations build: every table and column declared
//! as it is, no migration pending, and no value Rust accepts refused by a `CHECK`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::rules::{Class, Shape, TIME, Text, Unit};
use super::{Column, Kind, OnDelete, TABLES, sql};
use crate::db::{SCHEMA_VERSION, migrate};
use rusqlite::Connection;
use rusqlite::types::Value;

fn fresh() -> Connection {
    let mut conn = Connection::open_in_memory().unwrap();
    migrate(&mut conn, SCHEMA_VERSION).unwrap();
    conn
}

/// Tables the store keeps that are not records' tables: full-text indexes and their shadow
/// tables, and SQLite's own.
fn is_index_table(name: &str) -> bool {
    name.starts_with("sqlite_") || name.contains("_fts")
}

#[test]
fn declarations_match_a_fresh_store() {
    let conn = fresh();
    let mut stmt = conn.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").unwrap();
    let tables: Vec<String> = stmt.query_map([], |row| row.get(0)).unwrap().map(Result::unwrap).collect();
    for name in tables.iter().filter(|name| !is_index_table(name)) {
        assert!(super::table(name).is_some(), "table {name} is in the schema but not declared in schema/tables.rs");
    }
    for table in TABLES {
        let mut stmt = conn.prepare("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?1)").unwrap();
        let actual: Vec<(String, String, bool, bool)> = stmt
            .query_map([table.name], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get::<_, i64>(3)? > 0)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(!actual.is_empty(), "declared table {} is not in the schema", table.name);
        for (name, _, _, _) in &actual {
            assert!(table.column(name).is_some(), "column {}.{name} is in the schema but not declared", table.name);
        }
        for column in table.columns {
            let (_, ty, not_null, pk) = actual
                .iter()
                .find(|(name, ..)| name == column.name)
                .unwrap_or_else(|| panic!("declared column {}.{} is not in the schema", table.name, column.name));
            assert_eq!(ty, sql::sql_type(column.kind), "type of {}.{}", table.name, column.name);
            // An INTEGER PRIMARY KEY is the rowid: never NULL, though SQLite reports it nullable.
            let never_null = *not_null || (*pk && ty == "INTEGER");
            assert_eq!(never_null, !column.nullable, "nullability of {}.{}", table.name, column.name);
        }
        let mut stmt = conn.prepare("SELECT \"from\", \"table\", on_delete FROM pragma_foreign_key_list(?1)").unwrap();
        let mut keys: Vec<(String, String, String)> = stmt
            .query_map([table.name], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        keys.sort();
        let mut declared: Vec<(String, String, String)> = table
            .columns
            .iter()
            .filter_map(|column| match column.kind {
                Kind::Ref(parent, on_delete) => {
                    let action = if on_delete == OnDelete::Cascade { "CASCADE" } else { "SET NULL" };
                    Some((column.name.to_owned(), parent.to_owned(), action.to_owned()))
                }
                _ => None,
            })
            .collect();
        declared.sort();
        assert_eq!(keys, declared, "foreign keys of {}", table.name);
    }
}

#[test]
fn no_migration_is_pending() {
    let pending = sql::pending(&fresh()).unwrap();
    assert!(
        pending.is_empty(),
        "the declarations hold more than the migrations; run scripts/new-migration:\n{pending}"
    );
}

/// Writes the SQL of what the declarations hold beyond the migrations to the file named by
/// `NEW_MIGRATION` (what `scripts/new-migration` runs).
#[test]
#[ignore = "writes a migration file; run through scripts/new-migration"]
fn write_new_migration() {
    let path = std::env::var("NEW_MIGRATION").expect("NEW_MIGRATION names the file to write");
    let pending = sql::pending(&fresh()).unwrap();
    assert!(!pending.is_empty(), "nothing is pending: the declarations and the migrations agree");
    let header = format!(
        "-- Schema version {}: written by scripts/new-migration from core/src/schema/tables.rs;\n\
         -- add the indexes the new lists need, then commit it. It is never regenerated.\n\n",
        SCHEMA_VERSION + 1
    );
    std::fs::write(path, header + &pending).unwrap();
}

/// Values that `rule` accepts at its edges: shortest and longest, in one-, two- and
/// four-byte characters, as the class allows.
fn accepted_text(rule: Text) -> Vec<String> {
    let fill = |c: char, unit_len: usize| -> String {
        let count = match rule.unit {
            Unit::Chars => unit_len,
            Unit::Bytes => unit_len / c.len_utf8(),
        };
        std::iter::repeat_n(c, count).collect()
    };
    let (min, max) = (rule.min.max(1), rule.max);
    let mut values = match rule.class {
        Class::Line | Class::Key | Class::Free | Class::Filename => {
            let mut values = Vec::new();
            for c in ['a', 'é', '中', '😀'] {
                values.push(fill(c, max));
                values.push(fill(c, min));
            }
            if rule.class == Class::Free {
                values.push(fill('\u{1b}', max));
                values.push(String::new());
            }
            values
        }
        Class::Email => {
            let label = "b".repeat(63);
            let domain = [label.as_str(); 3].join(".") + ".example";
            let local = "a".repeat(254 - 1 - domain.len());
            vec!["a@b.co".into(), format!("{local}@{domain}")]
        }
        Class::Slug => vec!["a".into(), "a-b".into(), "a".repeat(max)],
        Class::Locale => vec!["en".into(), "pt-BR".into(), ["abcdefgh"; 4].join("-") + "-ab"],
        Class::Url => vec!["http://a".into(), format!("https://host.example:8080/{}", "x".repeat(max - 30))],
        Class::Mime => vec!["a/b".into(), format!("text/{}", "x".repeat(max - 5))],
        Class::Hex => vec!["a".repeat(max), "0".repeat(max)],
        Class::Currency => vec!["USD".into()],
        Class::Json(shape) => {
            let long = format!("\"{}\"", "x".repeat(max - 10));
            match shape {
                Shape::Any => vec!["1".into(), "{}".into(), long],
                Shape::Object => vec!["{}".into(), format!("{{\"a\":{long}}}")],
                Shape::Array => vec!["[]".into(), format!("[{long}]")],
            }
        }
    };
    values.retain(|value| rule.check("probe", value).is_ok());
    values
}

/// Values the declaration of `column` accepts (stored form), at the edges of its rule.
fn accepted(column: &Column) -> Vec<Value> {
    let mut values: Vec<Value> = match column.kind {
        Kind::Text(rule) => {
            accepted_text(rule).into_iter().map(|v| Value::Text(rule.check("probe", &v).unwrap())).collect()
        }
        Kind::Id | Kind::Uuid | Kind::Ref(..) => vec![Value::Text("01890a5d-ac96-774b-bcce-b302099a8057".into())],
        Kind::Enum(names) => names.iter().map(|name| Value::Text((*name).into())).collect(),
        Kind::Flag => vec![Value::Integer(0), Value::Integer(1)],
        Kind::Int(rule) => vec![Value::Integer(rule.min), Value::Integer(rule.max)],
        Kind::Time => vec![Value::Integer(TIME.min), Value::Integer(TIME.max)],
        Kind::Sealed => vec![Value::Blob(vec![1; crate::crypto::envelope::MIN_BYTES])],
        Kind::Vector => vec![Value::Blob(vec![1; 4]), Value::Blob(vec![1; 4 * super::rules::VECTOR_DIMENSIONS_MAX])],
        Kind::Seq | Kind::Internal { .. } | Kind::Blob => vec![],
    };
    if column.nullable {
        values.push(Value::Null);
    }
    values
}

/// The column definitions of a `CREATE TABLE` statement as `name TYPE CHECK (…) …`, without
/// keys, defaults or table constraints: a table made of these checks one column at a time.
fn column_checks(create: &str) -> Vec<(String, String)> {
    let body = &create[create.find('(').unwrap() + 1..create.rfind(')').unwrap()];
    split_top_level(body)
        .into_iter()
        .filter_map(|definition| {
            let words: Vec<&str> = definition.split_whitespace().collect();
            let first = words.first()?.to_ascii_uppercase();
            if ["CHECK", "UNIQUE", "PRIMARY", "FOREIGN", "CONSTRAINT"].contains(&first.as_str()) {
                return None;
            }
            let mut probe = format!("{} {}", words[0], words.get(1).copied().unwrap_or("ANY"));
            let mut rest = definition.as_str();
            while let Some(at) = find_keyword(rest, "CHECK") {
                let open = at + rest[at..].find('(').unwrap();
                let close = open + matching_paren(&rest[open..]);
                probe.push_str(&format!(" CHECK {}", &rest[open..=close]));
                rest = &rest[close + 1..];
            }
            Some((words[0].to_owned(), probe))
        })
        .collect()
}

/// `text` cut at its top-level commas, comments dropped, quotes respected.
fn split_top_level(text: &str) -> Vec<String> {
    let (mut parts, mut current, mut depth) = (Vec::new(), String::new(), 0);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '-' if chars.peek() == Some(&'-') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
                current.push(' ');
            }
            '\'' | '"' => {
                current.push(c);
                for inner in chars.by_ref() {
                    current.push(inner);
                    if inner == c {
                        break;
                    }
                }
            }
            '(' => {
                depth += 1;
                current.push(c);
            }
            ')' => {
                depth -= 1;
                current.push(c);
            }
            ',' if depth == 0 => parts.push(std::mem::take(&mut current).trim().to_owned()),
            c => current.push(c),
        }
    }
    parts.push(current.trim().to_owned());
    parts
}

/// Where whole word `keyword` starts in `text` outside quotes, any case.
fn find_keyword(text: &str, keyword: &str) -> Option<usize> {
    let upper = text.to_ascii_uppercase();
    let mut from = 0;
    while let Some(found) = upper[from..].find(keyword) {
        let at = from + found;
        let before = upper[..at].chars().next_back().is_none_or(|c| !c.is_ascii_alphanumeric() && c != '_');
        let after = upper[at + keyword.len()..].chars().next().is_none_or(|c| !c.is_ascii_alphanumeric() && c != '_');
        let quoted = upper[..at].matches('\'').count() % 2 == 1;
        if before && after && !quoted {
            return Some(at);
        }
        from = at + keyword.len();
    }
    None
}

/// The index of the parenthesis closing the one `text` starts with.
fn matching_paren(text: &str) -> usize {
    let (mut depth, mut quoted) = (0, false);
    for (i, c) in text.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced parentheses in {text}")
}

/// Inserts each of `values` for `column` into the one-column-at-a-time table `probe`; the
/// ones its `CHECK`s refuse.
fn refused(conn: &Connection, probe: &str, column: &str, values: &[Value]) -> Vec<String> {
    let mut refused = Vec::new();
    for value in values {
        let result = conn.execute(&format!("INSERT INTO {probe} ({column}) VALUES (?1)"), [value]);
        conn.execute(&format!("DELETE FROM {probe}"), []).unwrap();
        if let Err(error) = result {
            let shown: String = format!("{value:?}").chars().take(60).collect();
            refused.push(format!("{shown}: {error}"));
        }
    }
    refused
}

/// The proof that no Rust limit is looser than its SQL `CHECK`: every value at the edge of
/// what a column's rule accepts passes the `CHECK`s the migrations gave that column.
#[test]
fn every_value_rust_accepts_passes_the_schema_checks() {
    let conn = fresh();
    let mut failures = Vec::new();
    for table in TABLES {
        let create: String = conn
            .query_row("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1", [table.name], |row| {
                row.get(0)
            })
            .unwrap();
        let checks = column_checks(&create);
        let probe = format!("probe_{}", table.name);
        let definitions: Vec<&str> = checks.iter().map(|(_, definition)| definition.as_str()).collect();
        conn.execute_batch(&format!("CREATE TEMP TABLE {probe} ({})", definitions.join(", "))).unwrap();
        for column in table.columns {
            for refusal in refused(&conn, &probe, column.name, &accepted(column)) {
                failures.push(format!("{}.{} refuses {refusal}", table.name, column.name));
            }
        }
    }
    assert!(failures.is_empty(), "Rust accepts what SQL refuses:\n{}", failures.join("\n"));
}

/// The `CHECK`s a new migration would write accept every value the rules accept too.
#[test]
fn generated_checks_accept_what_the_rules_accept() {
    let conn = Connection::open_in_memory().unwrap();
    let mut failures = Vec::new();
    for table in TABLES {
        conn.execute_batch(&sql::create_table(table)).unwrap();
        let probe = format!("probe_{}", table.name);
        let definitions: Vec<String> = table
            .columns
            .iter()
            .map(|column| match sql::check(column) {
                Some(check) => format!("{} {} CHECK ({check})", column.name, sql::sql_type(column.kind)),
                None => format!("{} {}", column.name, sql::sql_type(column.kind)),
            })
            .collect();
        conn.execute_batch(&format!("CREATE TEMP TABLE {probe} ({})", definitions.join(", "))).unwrap();
        for column in table.columns {
            for refusal in refused(&conn, &probe, column.name, &accepted(column)) {
                failures.push(format!("{}.{} refuses {refusal}", table.name, column.name));
            }
        }
    }
    assert!(failures.is_empty(), "generated CHECKs refuse what the rules accept:\n{}", failures.join("\n"));
}
