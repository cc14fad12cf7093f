//! SQL written from the declarations: the column definitions and `CHECK` constraints of a new
//! migration. Migrations stay frozen files: `scripts/new-migration NAME` asks for the SQL of
//! whatever the declarations hold that a fresh store lacks ([`pending`]) and writes it to the
//! next numbered file, which is reviewed, completed with its indexes, committed and never
//! regenerated. A test fails while the declarations and a fresh store disagree.

use super::rules::{Class, Shape, Text, Unit};
use super::{Column, Kind, OnDelete, Table};
use rusqlite::Connection;

/// `name TYPE [NOT NULL] [REFERENCES …] [CHECK (…)]` for `column` of `table`. The id is the
/// primary key unless the table has a `seq` (which a full-text index refers to).
pub(crate) fn column(table: &Table, column: &Column) -> String {
    let name = column.name;
    let keyed_by_seq = table.columns.iter().any(|column| column.kind == Kind::Seq);
    let mut sql = format!("{name} {}", sql_type(column.kind));
    match column.kind {
        Kind::Seq => sql.push_str(" PRIMARY KEY"),
        Kind::Id if keyed_by_seq => sql.push_str(" NOT NULL UNIQUE"),
        Kind::Id => sql.push_str(" PRIMARY KEY NOT NULL"),
        _ if !column.nullable => sql.push_str(" NOT NULL"),
        _ => {}
    }
    if let Kind::Ref(table, on_delete) = column.kind {
        let action = match on_delete {
            OnDelete::Cascade => "CASCADE",
            OnDelete::SetNull => "SET NULL",
        };
        sql.push_str(&format!(" REFERENCES {table} (id) ON DELETE {action}"));
    }
    if let Some(check) = check(column) {
        sql.push_str(&format!(" CHECK ({check})"));
    }
    sql
}

/// The SQL type of a column of `kind`.
pub(crate) fn sql_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Id | Kind::Ref(..) | Kind::Uuid | Kind::Text(_) | Kind::Enum(_) | Kind::Internal { text: true } => "TEXT",
        Kind::Seq | Kind::Flag | Kind::Int(_) | Kind::Time | Kind::Internal { text: false } => "INTEGER",
        Kind::Sealed | Kind::Vector | Kind::Blob => "BLOB",
    }
}

/// The `CHECK` expression that repeats `column`'s rule in SQL, if the rule has one SQL can
/// state. Rust checks first; this keeps a row written around the API from breaking reads.
pub(crate) fn check(column: &Column) -> Option<String> {
    let name = column.name;
    Some(match column.kind {
        Kind::Id | Kind::Uuid => format!("length({name}) = 36"),
        Kind::Text(rule) => text_check(name, rule),
        Kind::Enum(names) => {
            let quoted: Vec<String> = names.iter().map(|name| format!("'{name}'")).collect();
            format!("{name} IN ({})", quoted.join(", "))
        }
        Kind::Flag => format!("{name} IN (0, 1)"),
        Kind::Int(rule) => format!("{name} BETWEEN {} AND {}", rule.min, rule.max),
        Kind::Time => format!("{name} BETWEEN {} AND {}", super::rules::TIME.min, super::rules::TIME.max),
        Kind::Sealed => format!("length({name}) >= {}", crate::crypto::envelope::MIN_BYTES),
        Kind::Vector => {
            format!(
                "length({name}) BETWEEN 4 AND {} AND length({name}) % 4 = 0",
                4 * super::rules::VECTOR_DIMENSIONS_MAX
            )
        }
        Kind::Seq | Kind::Ref(..) | Kind::Internal { .. } | Kind::Blob => return None,
    })
}

fn text_check(name: &str, rule: Text) -> String {
    let length = match rule.unit {
        Unit::Chars => format!("length({name})"),
        Unit::Bytes => format!("length(CAST({name} AS BLOB))"),
    };
    let mut parts = vec![match rule.min {
        0 => format!("{length} <= {}", rule.max),
        min => format!("{length} BETWEEN {min} AND {}", rule.max),
    }];
    match rule.class {
        Class::Email => parts.push(format!("{name} = lower({name})")),
        Class::Slug => parts.push(format!("{name} NOT GLOB '*[^a-z0-9-]*'")),
        Class::Hex => parts.push(format!("{name} NOT GLOB '*[^0-9a-f]*'")),
        Class::Currency => parts.push(format!("{name} NOT GLOB '*[^A-Z]*'")),
        Class::Json(shape) => {
            parts.push(format!("json_valid({name})"));
            match shape {
                Shape::Any => {}
                Shape::Object => parts.push(format!("json_type({name}) = 'object'")),
                Shape::Array => parts.push(format!("json_type({name}) = 'array'")),
            }
        }
        Class::Line | Class::Key | Class::Free | Class::Filename | Class::Locale | Class::Url | Class::Mime => {}
    }
    parts.join(" AND ")
}

/// `CREATE TABLE` for `table`, STRICT, with its declared constraints.
pub(crate) fn create_table(table: &Table) -> String {
    let mut lines: Vec<String> = table.columns.iter().map(|c| column(table, c)).collect();
    lines.extend(table.constraints.iter().map(|constraint| constraint.to_string()));
    format!("CREATE TABLE {} (\n    {}\n) STRICT;\n", table.name, lines.join(",\n    "))
}

/// The SQL that brings a store migrated by `conn` to what [`super::TABLES`] declares: a
/// `CREATE TABLE` per missing table and an `ALTER TABLE … ADD COLUMN` per missing column.
/// Empty when they agree. Indexes are the author's to add.
pub(crate) fn pending(conn: &Connection) -> rusqlite::Result<String> {
    let mut sql = String::new();
    for table in super::TABLES {
        let existing = columns_of(conn, table.name)?;
        if existing.is_empty() {
            sql.push_str(&create_table(table));
            continue;
        }
        for missing in table.columns.iter().filter(|column| !existing.iter().any(|name| name == column.name)) {
            if !missing.nullable {
                sql.push_str("-- NOT NULL: give this column a DEFAULT its CHECK accepts, or rebuild the table\n");
            }
            sql.push_str(&format!("ALTER TABLE {} ADD COLUMN {};\n", table.name, column(table, missing)));
        }
    }
    Ok(sql)
}

/// The column names of `table` in the store, none if it has no such table.
pub(crate) fn columns_of(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1)")?;
    let names = stmt.query_map([table], |row| row.get(0))?;
    names.collect()
}
