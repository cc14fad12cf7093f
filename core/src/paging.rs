//! Keyset paging, newest first: a page continues strictly after the `(created_at, id)` of
//! the item named by `after`, so pages stay stable while rows are added.

use crate::error::{Error, Result};
use crate::ids::parse_id;
use crate::limits;
use crate::model::PageRequest;
use rusqlite::{Connection, OptionalExtension};

/// The checked limit and the position to continue after (`None`: from the newest).
pub(crate) struct Page {
    pub(crate) limit: u32,
    pub(crate) after: Option<(i64, String)>,
}

impl Page {
    /// Checks `request` against the list: the rows of `table`, within `parent` (a column and
    /// its value) if the list has one. A cursor that names no row of the list is
    /// `InvalidInput`; a deleted row still works, so paging survives deletes.
    pub(crate) fn resolve(
        conn: &Connection,
        table: &'static str,
        parent: Option<(&'static str, &str)>,
        request: &PageRequest,
    ) -> Result<Self> {
        let limit = limits::limit(request.limit)?;
        let Some(after) = &request.after else {
            return Ok(Self { limit, after: None });
        };
        let after = parse_id("after", after)?;
        let (column, value) = parent.unwrap_or(("id", &after)); // no parent: any row of the table
        let sql = format!("SELECT created_at FROM {table} WHERE id = ?1 AND {column} = ?2");
        let created_at: i64 = conn
            .query_row(&sql, [&after, value], |row| row.get(0))
            .optional()?
            .ok_or_else(|| Error::invalid("after", "names no item of this list"))?;
        Ok(Self { limit, after: Some((created_at, after)) })
    }

    /// `created_at` of the cursor, or `i64::MAX` to start at the newest.
    pub(crate) fn before_time(&self) -> i64 {
        self.after.as_ref().map_or(i64::MAX, |(time, _)| *time)
    }

    /// `id` of the cursor; with [`Page::before_time`] at `i64::MAX` any id passes.
    pub(crate) fn before_id(&self) -> &str {
        self.after.as_ref().map_or("", |(_, id)| id.as_str())
    }
}
