//! The `Storage` handle: usage per category (whole store, workspace, thread), the quota and
//! each category's budget, `can_store` ahead of a write, and `recount`.
//!
//! Reading usage reads the counters the row seam keeps (a handful of rows), never the
//! content, so `stats` costs the same at any size. The quota itself is enforced in SQL: a
//! trigger on the store's counters refuses a write that would pass it (migration 0010), so
//! every path that writes, cascades included, is covered; deletes only lower counters and
//! never meet it.

use crate::context::Context;
use crate::error::{Error, Result, StoreError};
use crate::governance::model::{Action, ResourceRef};
use crate::ids::parse_id;
use crate::schema;
use crate::storage::model::{CategoryUsage, DiskUsage, Quota, StorageCategory, StorageStats};
use rusqlite::{Connection, params};

/// Storage usage, the quota and its budgets. Get one from [`crate::Store::storage`].
#[derive(Clone)]
pub struct Storage {
    pub(crate) cx: Context,
}

impl crate::Store {
    /// Storage usage and the quota.
    pub fn storage(&self) -> Storage {
        Storage { cx: self.cx.clone() }
    }
}

impl Storage {
    /// What the store holds per category, its quota and its files' sizes. Reads counters
    /// only: about the same time at ten thousand messages as at a million.
    pub fn stats(&self) -> Result<StorageStats, StoreError> {
        self.cx.read(|conn| {
            let mut stats = usage(conn, "store", "")?;
            stats.disk = disk(conn, self.cx.db.file_path())?;
            Ok(stats)
        })
    }

    /// What workspace `workspace_id` holds: its rows, and its threads' with what is in them.
    pub fn workspace_usage(&self, workspace_id: &str) -> Result<StorageStats, StoreError> {
        let workspace_id = parse_id("workspace_id", workspace_id)?;
        self.cx.read(|conn| {
            let workspace = crate::content::workspaces::get(conn, &workspace_id)?;
            self.cx.authorize(conn, Action::Read, &ResourceRef::workspace(&workspace.id))?;
            usage(conn, "workspace", &workspace.id)
        })
    }

    /// What thread `thread_id` holds: the thread, its messages, attachments and vectors.
    pub fn thread_usage(&self, thread_id: &str) -> Result<StorageStats, StoreError> {
        let thread_id = parse_id("thread_id", thread_id)?;
        self.cx.read(|conn| {
            let thread = crate::content::threads::get(conn, &thread_id)?;
            self.cx.authorize(conn, Action::Read, &ResourceRef::thread(&thread.id))?;
            usage(conn, "thread", &thread.id)
        })
    }

    /// The quota and its budgets.
    pub fn quota(&self) -> Result<Quota, StoreError> {
        self.cx.read(read_quota)
    }

    /// Sets the quota and the budgets (estimated bytes, each at most 2^53 − 1). A limit
    /// below what the store or the category holds now is `InvalidInput` naming it: free
    /// space first (maintenance), then lower the quota. Only the device owner may.
    pub fn set_quota(&self, quota: &Quota) -> Result<Quota, StoreError> {
        let limits = [("total_bytes", "total", quota.total_bytes)].into_iter().chain(
            StorageCategory::ALL
                .iter()
                .map(|&category| (budget_field(category), category.as_str(), quota.budget(category))),
        );
        let limits: Vec<(&str, &str, i64)> = limits
            .map(|(field, row, bytes)| {
                let bytes = schema::storage_quota::limit_bytes.unsigned(bytes).map_err(|_| {
                    Error::invalid(field, format!("{bytes} is more than {}", crate::limits::AMOUNT_MAX))
                })?;
                Ok((field, row, bytes as i64))
            })
            .collect::<Result<_>>()?;
        self.owner_only()?;
        self.cx.write(|tx| {
            let current = usage(tx, "store", "")?;
            for &(field, row, limit) in &limits {
                let used = match row {
                    "total" => current.estimated_bytes,
                    _ => {
                        current.categories.iter().find(|c| c.category.as_str() == row).map_or(0, |c| c.estimated_bytes)
                    }
                };
                if (limit as u64) < used {
                    return Err(Error::invalid(field, format!("{limit} is below the {used} bytes stored now")));
                }
                tx.execute("UPDATE storage_quota SET limit_bytes = ?2 WHERE category = ?1", params![row, limit])?;
            }
            read_quota(tx)
        })
    }

    /// Whether `bytes` more of `category` fit in its budget and in the quota now, counted
    /// as the quota counts them (with the category's index overhead).
    pub fn can_store(&self, bytes: u64, category: StorageCategory) -> Result<bool, StoreError> {
        self.cx.read(|conn| {
            let stats = usage(conn, "store", "")?;
            let Some(used) = stats.categories.iter().find(|c| c.category == category) else { return Ok(false) };
            let needed = estimated(bytes, used.overhead_permille);
            let fits = |used: u64, limit: u64| used.checked_add(needed).is_some_and(|total| total <= limit);
            Ok(fits(used.estimated_bytes, used.budget_bytes) && fits(stats.estimated_bytes, stats.quota_bytes))
        })
    }

    /// Counts every row again from scratch, replacing the counters, and measures each
    /// category's index overhead (full-text and B-tree indexes, per logical byte) from the
    /// pages it uses. Reads the whole store: for a check, or after an app-level repair.
    pub fn recount(&self) -> Result<StorageStats, StoreError> {
        self.owner_only()?;
        self.cx.write(|tx| {
            tx.execute_batch(&schema::seam::recount())?;
            measure_overhead(tx)?;
            let mut stats = usage(tx, "store", "")?;
            stats.disk = disk(tx, self.cx.db.file_path())?;
            Ok(stats)
        })
    }

    pub(super) fn owner_only(&self) -> Result<()> {
        match &self.cx.caller {
            Some(user_id) => Err(Error::PermissionDenied {
                user_id: user_id.clone(),
                action: Action::Manage.as_str(),
                resource: "the store's quota".into(),
            }),
            None => Ok(()),
        }
    }
}

fn budget_field(category: StorageCategory) -> &'static str {
    match category {
        StorageCategory::Messages => "messages_bytes",
        StorageCategory::Embeddings => "embeddings_bytes",
        StorageCategory::Attachments => "attachments_bytes",
        StorageCategory::Metadata => "metadata_bytes",
    }
}

/// `bytes` with `permille` thousandths of overhead, as the quota trigger computes it.
fn estimated(bytes: u64, permille: u32) -> u64 {
    (bytes as u128 * (1000 + permille as u128) / 1000).min(u64::MAX as u128) as u64
}

/// The counters of one scope with the store's budgets beside them.
pub(crate) fn usage(conn: &Connection, kind: &str, id: &str) -> Result<StorageStats> {
    let mut stmt = conn.prepare_cached(
        "SELECT q.category, coalesce(u.rows, 0), coalesce(u.bytes, 0), q.overhead_permille, q.limit_bytes
         FROM storage_quota q LEFT JOIN storage_usage u
           ON u.scope_kind = ?1 AND u.scope_id = ?2 AND u.category = q.category
         WHERE q.category <> 'total'",
    )?;
    let mut categories: Vec<CategoryUsage> = stmt
        .query_map(params![kind, id], |row| {
            let (rows, logical, permille): (i64, i64, u32) = (row.get(1)?, row.get(2)?, row.get(3)?);
            let logical = logical.max(0) as u64;
            Ok(CategoryUsage {
                category: row.get(0)?,
                rows: rows.max(0) as u64,
                logical_bytes: logical,
                estimated_bytes: estimated(logical, permille),
                overhead_permille: permille,
                budget_bytes: row.get::<_, i64>(4)? as u64,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    categories.sort_by_key(|c| StorageCategory::ALL.iter().position(|&all| all == c.category));
    let quota_bytes: i64 =
        conn.query_row("SELECT limit_bytes FROM storage_quota WHERE category = 'total'", [], |r| r.get(0))?;
    Ok(StorageStats {
        estimated_bytes: categories.iter().map(|c| c.estimated_bytes).sum(),
        categories,
        quota_bytes: quota_bytes as u64,
        disk: DiskUsage::default(),
    })
}

fn read_quota(conn: &Connection) -> Result<Quota> {
    let mut quota = Quota::default();
    let mut stmt = conn.prepare_cached("SELECT category, limit_bytes FROM storage_quota")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let (category, limit): (String, i64) = (row.get(0)?, row.get(1)?);
        let limit = limit as u64;
        match category.as_str() {
            "total" => quota.total_bytes = limit,
            "messages" => quota.messages_bytes = limit,
            "embeddings" => quota.embeddings_bytes = limit,
            "attachments" => quota.attachments_bytes = limit,
            _ => quota.metadata_bytes = limit,
        }
    }
    Ok(quota)
}

/// The database's pages, its free pages, its write-ahead log and the attachment files.
fn disk(conn: &Connection, path: Option<&str>) -> Result<DiskUsage> {
    let pragma = |name: &str| conn.query_row(&format!("PRAGMA {name}"), [], |row| row.get::<_, i64>(0));
    let page = pragma("page_size")? as u64;
    let (pages, free) = (pragma("page_count")? as u64, pragma("freelist_count")? as u64);
    let attachments: i64 = conn.query_row("SELECT coalesce(sum(size_bytes), 0) FROM blobs", [], |row| row.get(0))?;
    Ok(DiskUsage {
        database_bytes: pages * page,
        free_bytes: free * page,
        wal_bytes: wal_bytes(path),
        attachment_bytes: attachments as u64,
    })
}

#[cfg(not(target_family = "wasm"))]
pub(crate) fn wal_bytes(path: Option<&str>) -> u64 {
    path.and_then(|path| std::fs::metadata(format!("{path}-wal")).ok()).map_or(0, |meta| meta.len())
}

/// OPFS stores keep no write-ahead log.
#[cfg(target_family = "wasm")]
pub(crate) fn wal_bytes(_: Option<&str>) -> u64 {
    0
}

/// Below this many logical bytes a category keeps its ratio: its pages are mostly the
/// first page of each table and index, which says nothing about what more rows will cost.
const MEASURED_FROM_BYTES: i64 = 1 << 20;

/// Sets each category's overhead ratio from the pages its tables, indexes and full-text
/// shadow tables use (SQLite's `dbstat`), against the logical bytes counted. A category
/// holding less than [`MEASURED_FROM_BYTES`] keeps its ratio, as does every category where
/// SQLite was built without `dbstat`.
fn measure_overhead(conn: &Connection) -> Result<()> {
    let mut pages = std::collections::HashMap::<&str, i64>::new();
    let Ok(mut stmt) = conn.prepare(
        "SELECT coalesce(m.tbl_name, d.name), sum(d.pgsize) FROM dbstat d
         LEFT JOIN sqlite_schema m ON m.name = d.name GROUP BY 1",
    ) else {
        return Ok(());
    };
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let (table, bytes): (String, i64) = (row.get(0)?, row.get(1)?);
        if let Some(category) = category_of(&table) {
            *pages.entry(category.as_str()).or_default() += bytes;
        }
    }
    for category in StorageCategory::ALL {
        let logical: i64 = conn.query_row(
            "SELECT bytes FROM storage_usage WHERE scope_kind = 'store' AND scope_id = '' AND category = ?1",
            [category.as_str()],
            |row| row.get(0),
        )?;
        let used = pages.get(category.as_str()).copied().unwrap_or(0);
        if logical >= MEASURED_FROM_BYTES && used > logical {
            let permille = ((used - logical) as i128 * 1000 / logical as i128).min(1_000_000) as i64;
            conn.execute(
                "UPDATE storage_quota SET overhead_permille = ?2 WHERE category = ?1",
                params![category.as_str(), permille],
            )?;
        }
    }
    Ok(())
}

/// The category a table's pages count in: its own, or for a full-text index's shadow
/// tables (`messages_fts_data`…) the indexed table's.
fn category_of(table: &str) -> Option<StorageCategory> {
    let base = table.split("_fts").next().unwrap_or(table);
    schema::seam::ACCOUNTED.iter().find(|(name, _)| *name == base).map(|&(_, category)| category)
}
