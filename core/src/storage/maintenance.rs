//! The maintenance pass: archive old threads (never pinned ones), evict the local bytes of
//! archived threads' attachments that the app keeps elsewhere, drop archived threads'
//! vectors, give space back; each step reports what it freed.
//!
//! Every step works in batches, each its own transaction with a pause after it (progress,
//! cancel, the browser's event loop), and picks its rows by what is still to do: killed or
//! cancelled at any point, the store is consistent and a rerun finishes the job. Steps only
//! shrink or keep counters, so maintenance never meets the quota. One pass at a time per store.

use crate::blobs::stored;
use crate::context::Context;
use crate::error::{Error, Result, StoreError};
use crate::ids::now_ms;
use crate::jobs::{Pause, reporting, run_blocking, step};
use crate::storage::model::{MaintenancePolicy, MaintenanceReport, MaintenanceStep, StorageCategory};
use crate::storage::usage::{Storage, usage, wal_bytes};
use rusqlite::{Connection, params};
use std::sync::atomic::Ordering;

// The handle's maintenance calls live beside the pass they run.
impl Storage {
    /// Runs a maintenance pass now, as `policy` says: archive quiet threads (never pinned
    /// ones), evict the local bytes of archived threads' attachments the app keeps elsewhere,
    /// drop archived threads' vectors, give space back. `progress` gets rows done and may
    /// cancel (`Cancelled`; the batches done stay done, and a rerun finishes). One pass at a
    /// time (`Conflict` on `run`); only the device owner may run one.
    pub fn maintain(
        &self,
        policy: &MaintenancePolicy,
        progress: &dyn crate::jobs::Progress,
    ) -> Result<MaintenanceReport, StoreError> {
        run_blocking(self.maintain_stepwise(policy, &mut reporting(progress)))
    }

    /// [`Storage::maintain`] pausing at `pause` between batches (the browser yields there).
    pub async fn maintain_stepwise(
        &self,
        policy: &MaintenancePolicy,
        pause: &mut dyn Pause,
    ) -> Result<MaintenanceReport, StoreError> {
        self.owner_only()?;
        maintain(&self.cx, policy, pause).await
    }

    /// Whether the store, or one of its categories, holds `policy.due_at_percent` of its
    /// limit or more: when an app should run [`Storage::maintain`] unasked.
    pub fn maintenance_due(&self, policy: &MaintenancePolicy) -> Result<bool, StoreError> {
        let stats = self.stats()?;
        let due = |used: u64, limit: u64| used as u128 * 100 >= limit as u128 * u128::from(policy.due_at_percent);
        Ok(due(stats.estimated_bytes, stats.quota_bytes)
            || stats.categories.iter().any(|c| due(c.estimated_bytes, c.budget_bytes)))
    }
}

/// Rows per transaction: short enough that other calls wait little between batches.
const BATCH: i64 = 500;
const DAY_MS: i64 = 86_400_000;

/// Threads to archive: unpinned, live, unarchived, quiet since `?1`.
const ARCHIVABLE: &str = "FROM threads WHERE archived = 0 AND pinned = 0 AND deleted_at IS NULL
    AND coalesce(last_message_at, created_at) < ?1";
/// Attachments whose local bytes may go: in archived threads, kept elsewhere.
const EVICTABLE: &str = "FROM attachments a JOIN threads t ON t.id = a.thread_id
    WHERE t.archived = 1 AND a.bytes = 'local' AND a.kept_elsewhere = 1";
/// Vectors of archived threads.
const ARCHIVED_VECTORS: &str = "FROM embeddings e JOIN threads t ON t.id = e.thread_id WHERE t.archived = 1";

pub(crate) async fn maintain(
    cx: &Context,
    policy: &MaintenancePolicy,
    pause: &mut dyn Pause,
) -> Result<MaintenanceReport, StoreError> {
    if cx.maintaining.swap(true, Ordering::AcqRel) {
        return Err(Error::conflict("maintenance", "run", "another maintenance pass of this store is running").into());
    }
    let result = run(cx, policy, pause).await;
    cx.maintaining.store(false, Ordering::Release);
    result
}

async fn run(cx: &Context, policy: &MaintenancePolicy, pause: &mut dyn Pause) -> Result<MaintenanceReport, StoreError> {
    let cutoff = now_ms().saturating_sub(i64::from(policy.archive_after_days) * DAY_MS);
    let before = estimated(cx)?;
    // Work known now; a step may find a little more (a thread archived adds its attachments).
    let total = cx.read(|conn| {
        let count = |sql: String| conn.query_row(&sql, params![cutoff], |row| row.get::<_, i64>(0));
        let archive = if policy.archive_after_days > 0 { count(format!("SELECT count(*) {ARCHIVABLE}"))? } else { 0 };
        Ok(archive as u64 + 1)
    })?;
    let mut progress = Progress { pause, done: 0, total };
    let mut steps = Vec::new();
    if policy.archive_after_days > 0 {
        let archived = batches(cx, &mut progress, |tx| {
            let n = tx.execute(
                &format!(
                    "UPDATE threads SET archived = 1, updated_at = ?2 WHERE id IN (SELECT id {ARCHIVABLE} LIMIT ?3)"
                ),
                params![cutoff, now_ms(), BATCH],
            )?;
            Ok((n as u64, 0))
        })
        .await?;
        steps.push(named("archive", archived));
    }
    if policy.evict_attachments {
        let before = logical(cx, StorageCategory::Attachments)?;
        let (evicted, _) = batches(cx, &mut progress, |tx| {
            let n = tx.execute(
                &format!("UPDATE attachments SET bytes = 'evicted', updated_at = ?2 WHERE id IN (SELECT a.id {EVICTABLE} LIMIT ?1)"),
                params![BATCH, now_ms()],
            )?;
            Ok((n as u64, 0))
        })
        .await?;
        stored::collect(cx, false)?; // the files no attachment holds now
        stored::sweep(cx, false).await?; // where their removal waits for the commit (OPFS)
        let freed = before.saturating_sub(logical(cx, StorageCategory::Attachments)?);
        steps.push(MaintenanceStep { step: "evict".into(), items: evicted, freed_bytes: freed });
    }
    if policy.drop_archived_vectors {
        let before = logical(cx, StorageCategory::Embeddings)?;
        let (dropped, _) = batches(cx, &mut progress, |tx| {
            let n = tx.execute(
                &format!("DELETE FROM embeddings WHERE seq IN (SELECT e.seq {ARCHIVED_VECTORS} LIMIT ?1)"),
                [BATCH],
            )?;
            Ok((n as u64, 0))
        })
        .await?;
        let freed = before.saturating_sub(logical(cx, StorageCategory::Embeddings)?);
        steps.push(MaintenanceStep { step: "vectors".into(), items: dropped, freed_bytes: freed });
    }
    if policy.reclaim_space {
        let (pages, freed) = cx.db.on_writer(|conn| reclaim(conn, cx.db.file_path()))?;
        steps.push(MaintenanceStep { step: "reclaim".into(), items: pages, freed_bytes: freed });
    }
    progress.advance(1).await?;
    Ok(MaintenanceReport { ran: true, steps, estimated_bytes_before: before, estimated_bytes_after: estimated(cx)? })
}

/// How far the pass is, for [`step`].
struct Progress<'a> {
    pause: &'a mut dyn Pause,
    done: u64,
    total: u64,
}

impl Progress<'_> {
    async fn advance(&mut self, units: u64) -> Result<(), StoreError> {
        self.done += units;
        self.total = self.total.max(self.done);
        Ok(step(self.pause, self.done, self.total).await?)
    }
}

/// Runs `batch` (items done, bytes freed) in its own transaction until it does nothing,
/// pausing after each; the sums.
async fn batches(
    cx: &Context,
    progress: &mut Progress<'_>,
    mut batch: impl FnMut(&rusqlite::Transaction) -> Result<(u64, u64)>,
) -> Result<(u64, u64), StoreError> {
    let (mut items, mut bytes) = (0, 0);
    loop {
        let (n, freed) = cx.write(&mut batch)?;
        if n == 0 {
            return Ok((items, bytes));
        }
        items += n;
        bytes += freed;
        progress.advance(n).await?;
    }
}

fn named(step: &str, (items, freed_bytes): (u64, u64)) -> MaintenanceStep {
    MaintenanceStep { step: step.into(), items, freed_bytes }
}

/// Checkpoints the WAL into the file and truncates it, then gives free pages back: in steps
/// on a store made with incremental auto-vacuum, by one `VACUUM` (which switches it to that)
/// on an older one. Returns the pages given back and the bytes the files shrank by.
fn reclaim(conn: &Connection, path: Option<&str>) -> Result<(u64, u64)> {
    let size = |conn: &Connection| -> Result<(u64, u64)> {
        let pages: i64 = conn.query_row("PRAGMA page_count", [], |row| row.get(0))?;
        let page: i64 = conn.query_row("PRAGMA page_size", [], |row| row.get(0))?;
        Ok((pages as u64, (pages * page) as u64 + wal_bytes(path)))
    };
    let (pages_before, bytes_before) = size(conn)?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    let mode: i64 = conn.query_row("PRAGMA auto_vacuum", [], |row| row.get(0))?;
    if mode == 2 {
        conn.query_row("PRAGMA incremental_vacuum", [], |_| Ok(())).or_else(no_rows)?;
    } else {
        conn.execute_batch("PRAGMA auto_vacuum = INCREMENTAL; VACUUM;")?;
    }
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    let (pages_after, bytes_after) = size(conn)?;
    Ok((pages_before.saturating_sub(pages_after), bytes_before.saturating_sub(bytes_after)))
}

/// `incremental_vacuum` returns no row when there is nothing to free.
fn no_rows(error: rusqlite::Error) -> rusqlite::Result<()> {
    match error {
        rusqlite::Error::QueryReturnedNoRows => Ok(()),
        other => Err(other),
    }
}

fn estimated(cx: &Context) -> Result<u64, StoreError> {
    Ok(cx.read(|conn| usage(conn, "store", ""))?.estimated_bytes)
}

fn logical(cx: &Context, category: StorageCategory) -> Result<u64, StoreError> {
    let stats = cx.read(|conn| usage(conn, "store", ""))?;
    Ok(stats.categories.iter().find(|c| c.category == category).map_or(0, |c| c.logical_bytes))
}
