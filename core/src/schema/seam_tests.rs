//! The row seam against a fresh store: every table on its list, every accounted table with
//! its three triggers, and those triggers exactly what `seam.rs` generates today (a change
//! to the list or to a table's columns needs a migration that recreates them).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::TABLES;
use super::seam::{ACCOUNTED, UNACCOUNTED, trigger_names, triggers};
use crate::db::{SCHEMA_VERSION, migrate};
use rusqlite::Connection;

fn fresh() -> Connection {
    let mut conn = Connection::open_in_memory().unwrap();
    migrate(&mut conn, SCHEMA_VERSION).unwrap();
    conn
}

/// The seam's triggers in a store: name and SQL.
fn stored_triggers(conn: &Connection) -> Vec<(String, String)> {
    let mut stmt = conn
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name LIKE '%\\_seam\\_%' ESCAPE '\\'")
        .unwrap();
    stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?))).unwrap().map(Result::unwrap).collect()
}

#[test]
fn every_table_is_on_the_seam_list_once() {
    for table in TABLES {
        let listed = ACCOUNTED.iter().filter(|(name, _)| *name == table.name).count()
            + UNACCOUNTED.iter().filter(|name| **name == table.name).count();
        assert_eq!(listed, 1, "table {} must be on schema/seam.rs's ACCOUNTED or UNACCOUNTED list, once", table.name);
    }
}

#[test]
fn every_accounted_table_has_its_triggers() {
    let conn = fresh();
    let names: Vec<String> = stored_triggers(&conn).into_iter().map(|(name, _)| name).collect();
    for (table, _) in ACCOUNTED {
        for trigger in trigger_names(table) {
            assert!(names.contains(&trigger), "table {table} lacks its seam trigger {trigger}");
        }
    }
}

#[test]
fn the_triggers_are_the_generated_ones() {
    let conn = fresh();
    let stored = stored_triggers(&conn);
    let generated: Vec<String> =
        triggers().split_inclusive("END;\n").map(|sql| sql.trim_end().trim_end_matches(';').to_owned()).collect();
    assert_eq!(
        stored.len(),
        generated.len(),
        "the store has {} seam triggers, seam.rs makes {}",
        stored.len(),
        generated.len()
    );
    for sql in &generated {
        assert!(
            stored.iter().any(|(_, stored)| stored == sql),
            "a seam trigger differs from what seam.rs generates; write a migration that recreates it:\n{sql}"
        );
    }
}

/// Writes the seam's SQL (its triggers, then the recount) to the file named by `SEAM_SQL`:
/// what a migration that (re)creates the seam pastes in.
#[test]
#[ignore = "writes a file; for a migration's author"]
fn write_seam_sql() {
    let path = std::env::var("SEAM_SQL").expect("SEAM_SQL names the file to write");
    std::fs::write(path, triggers() + &super::seam::recount()).unwrap();
}
