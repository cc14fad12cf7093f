//! What every table-backed record shares: read by id, list newest first with keyset paging,
//! soft delete, restore and purge. Each record type says once how it is selected
//! ([`Entity`]); the SQL for these operations is written here and nowhere else.

use crate::error::{Error, Result};
use crate::ids::{now_ms, parse_id};
use crate::model::PageRequest;
use crate::paging::Page;
use rusqlite::types::FromSql;
use rusqlite::{Connection, OptionalExtension, Row, params};

/// How one kind of record is read. The record's own table is aliased `e` in [`Entity::FROM`].
pub(crate) trait Entity: Sized {
    /// Its name in errors, such as `user`.
    const NAME: &'static str;
    /// Its table.
    const TABLE: &'static str;
    /// The columns [`Entity::from_row`] reads, in order.
    const COLUMNS: &'static str;
    /// `table e`, plus the joins [`Entity::LIVE`] needs (a thread is live only while its
    /// workspace is).
    const FROM: &'static str;
    /// When a row counts as existing: `TRUE` for records without soft delete.
    const LIVE: &'static str;

    fn from_row(row: &Row) -> rusqlite::Result<Self>;
}

/// The live record `id` (already canonical or not), or `NotFound`.
pub(crate) fn get<E: Entity>(conn: &Connection, id: &str) -> Result<E> {
    let id = parse_id("id", id)?;
    find(conn, &id)?.ok_or_else(|| Error::not_found(E::NAME, &id))
}

/// The live record `id`, if there is one; `id` must be canonical.
pub(crate) fn find<E: Entity>(conn: &Connection, id: &str) -> Result<Option<E>> {
    let sql = format!("SELECT {} FROM {} WHERE ({}) AND e.id = ?1", E::COLUMNS, E::FROM, E::LIVE);
    Ok(conn.prepare_cached(&sql)?.query_row([id], E::from_row).optional()?)
}

/// Live records, newest first: all of them, or those whose column `parent.0` is `parent.1`.
pub(crate) fn list<E: Entity>(
    conn: &Connection,
    parent: Option<(&'static str, &str)>,
    request: &PageRequest,
) -> Result<Vec<E>> {
    list_where(conn, parent, "TRUE", request)
}

/// [`list`] of the records that also pass `filter`, SQL over the record's alias `e`.
pub(crate) fn list_where<E: Entity>(
    conn: &Connection,
    parent: Option<(&'static str, &str)>,
    filter: &'static str,
    request: &PageRequest,
) -> Result<Vec<E>> {
    let page = Page::resolve(conn, E::TABLE, parent, request)?;
    let (column, value) = parent.unwrap_or(("id", ""));
    let in_parent = if parent.is_some() { format!("e.{column} = ?1") } else { "?1 = ''".to_owned() };
    let sql = format!(
        "SELECT {} FROM {} WHERE ({}) AND {in_parent} AND ({filter}) AND (e.created_at, e.id) < (?2, ?3)
         ORDER BY e.created_at DESC, e.id DESC LIMIT ?4",
        E::COLUMNS,
        E::FROM,
        E::LIVE
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![value, page.before_time(), page.before_id(), page.limit], E::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Marks live record `id` deleted: it leaves every read, and so do the records under it.
pub(crate) fn soft_delete<E: Entity>(conn: &Connection, id: &str) -> Result<String> {
    let id = parse_id("id", id)?;
    find::<E>(conn, &id)?.ok_or_else(|| Error::not_found(E::NAME, &id))?;
    conn.execute(&format!("UPDATE {} SET deleted_at = ?2 WHERE id = ?1", E::TABLE), params![id, now_ms()])?;
    Ok(id)
}

/// Undoes [`soft_delete`] of `id`. A record that is not deleted is `NotFound`; one whose
/// parent is still deleted is `InvalidInput` (restore the parent first).
pub(crate) fn restore<E: Entity>(conn: &Connection, id: &str) -> Result<E> {
    let id = parse_id("id", id)?;
    let sql =
        format!("UPDATE {} SET deleted_at = NULL, updated_at = ?2 WHERE id = ?1 AND deleted_at IS NOT NULL", E::TABLE);
    if conn.execute(&sql, params![id, now_ms()])? == 0 {
        return Err(Error::not_found(E::NAME, &format!("{id} (deleted)")));
    }
    find(conn, &id)?
        .ok_or_else(|| Error::invalid("id", format!("the {} is under a deleted parent; restore that first", E::NAME)))
}

/// Removes record `id` for good, live or deleted, with everything the schema cascades to.
pub(crate) fn purge<E: Entity>(conn: &Connection, id: &str) -> Result<()> {
    let id = parse_id("id", id)?;
    if conn.execute(&format!("DELETE FROM {} WHERE id = ?1", E::TABLE), [&id])? == 0 {
        return Err(Error::not_found(E::NAME, &id));
    }
    Ok(())
}

/// Column `column` of the row `id` of `E`'s table, live or soft-deleted; `NotFound` when no
/// such row exists. What restore and purge need to find a deleted record's parents.
pub(crate) fn stored<E: Entity, T: FromSql>(conn: &Connection, id: &str, column: &'static str) -> Result<(String, T)> {
    let id = parse_id("id", id)?;
    let sql = format!("SELECT {column} FROM {} WHERE id = ?1", E::TABLE);
    let value = conn.query_row(&sql, [&id], |row| row.get(0)).optional()?;
    value.map(|value| (id.clone(), value)).ok_or_else(|| Error::not_found(E::NAME, &id))
}
