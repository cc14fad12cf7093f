//! What every table-backed record shares: read by id, list newest first with keyset paging,
//! insert, update, soft delete, restore and purge. The SQL for these operations is written
//! here and nowhere else; what it needs of each record ([`Entity`], [`Record`]) is generated
//! from the record's declaration in `schema/tables.rs`.

use crate::error::{Error, Result};
use crate::ids::{now_ms, parse_id};
use crate::model::PageRequest;
use crate::paging::Page;
use crate::schema::Table;
use rusqlite::types::{FromSql, ToSqlOutput};
use rusqlite::{Connection, OptionalExtension, Row, ToSql, params, params_from_iter};

/// How one kind of record is read and written: its declaration's names and column list. The
/// record's own table is aliased `e` in [`Entity::FROM`].
pub(crate) trait Entity: Record {
    /// Its declaration: table, columns and their rules.
    const DECL: &'static Table;
    /// Its name in errors, such as `user`.
    const NAME: &'static str;
    /// Its table.
    const TABLE: &'static str;
    /// The columns [`Record::from_row`] reads, in order, each prefixed `e.`.
    const COLUMNS: &'static str;
    /// `table e`, plus the joins [`Entity::LIVE`] needs (a thread is live only while its
    /// workspace is).
    const FROM: &'static str;
    /// When a row counts as existing: `TRUE` for records without soft delete.
    const LIVE: &'static str;
    /// `INSERT INTO table (columns) VALUES (?, …)` for [`Record::values`].
    const INSERT: &'static str;
}

/// A record's fields to and from its columns, in the declared order.
pub(crate) trait Record: Sized {
    fn from_row(row: &Row) -> rusqlite::Result<Self>;
    fn values(&self) -> rusqlite::Result<Vec<ToSqlOutput<'_>>>;
}

/// Writes `record` as a new row of its table.
pub(crate) fn insert<E: Entity>(conn: &Connection, record: &E) -> Result<()> {
    conn.prepare_cached(E::INSERT)?.execute(params_from_iter(record.values()?))?;
    Ok(())
}

/// [`insert`] with values for `stored` columns the record does not carry.
pub(crate) fn insert_with<E: Entity>(conn: &Connection, record: &E, stored: &[(&str, &dyn ToSql)]) -> Result<()> {
    let names: Vec<&str> = stored.iter().map(|(name, _)| *name).collect();
    let mut values = record.values()?;
    for (_, value) in stored {
        values.push(value.to_sql()?);
    }
    conn.prepare_cached(&insert_sql::<E>(&names))?.execute(params_from_iter(values))?;
    Ok(())
}

/// The INSERT of [`insert_with`]: the record's columns, then the `stored` ones named.
pub(crate) fn insert_sql<E: Entity>(stored: &[&str]) -> String {
    let columns = E::COLUMNS.replace("e.", "");
    let extra: String = stored.iter().map(|name| format!(", {name}")).collect();
    let marks = vec!["?"; E::DECL.record_columns().count() + stored.len()].join(", ");
    format!("INSERT INTO {} ({columns}{extra}) VALUES ({marks})", E::TABLE)
}

/// Writes the columns in which `next` differs from `current` (the stored row) to that row,
/// never its `id` or `created_at`. Only the changed columns are named, so triggers on other
/// columns (the search index of a document's body) stay quiet. Nothing is written when
/// nothing changed.
pub(crate) fn update<E: Entity>(conn: &Connection, current: &E, next: &E) -> Result<()> {
    let (mut set, mut bound, mut id) = (Vec::new(), Vec::new(), None);
    let columns = E::DECL.record_columns().zip(current.values()?.into_iter().zip(next.values()?));
    for (column, (before, after)) in columns {
        match column.name {
            "id" => id = Some(before),
            "created_at" => {}
            _ if before == after => {}
            name => {
                set.push(format!("{name} = ?"));
                bound.push(after);
            }
        }
    }
    if set.is_empty() {
        return Ok(());
    }
    bound.extend(id);
    let sql = format!("UPDATE {} SET {} WHERE id = ?", E::TABLE, set.join(", "));
    conn.prepare_cached(&sql)?.execute(params_from_iter(bound))?;
    Ok(())
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
