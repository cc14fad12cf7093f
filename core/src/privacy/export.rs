//! GDPR export: everything a user owns, as a zip: `manifest.json`, one JSON array of rows per
//! table under `tables/` (columns as the store keeps them, parents' tables first), and their
//! attachments' bytes under `attachments/<id>/<filename>`, decrypted and checked against their
//! SHA-256. Layout version 1, documented in docs/data-model.md ("Export").
//!
//! The archive is written to `<path>.part` and renamed to `path` only when whole, so a
//! cancelled or failed export never leaves a file that looks complete. Rows are read a page
//! of 1,000 at a time (in rowid order, each page one read), with a pause after each page and
//! each file: memory holds one page, and a write landing between two pages may or may not be
//! in the archive.

use crate::blobs::stored::AttachmentReader;
use crate::context::Context;
use crate::error::{Error, Result, StoreError};
use crate::jobs::{Pause, step};
use crate::privacy::model::{DataExport, ExportedTable};
use crate::schema::TABLES;
use rusqlite::Connection;
use rusqlite::types::ValueRef;
use std::io::{Seek, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// The archive's format name and layout version, in its manifest.
pub(crate) const FORMAT: &str = "unified-store user export";
pub(crate) const VERSION: u32 = 1;

/// Workspaces the user owns (`?1`), and what they hold.
const OWNED: &str = "SELECT id FROM workspaces WHERE owner_user_id = ?1";
const OWNED_THREADS: &str =
    "SELECT t.id FROM threads t JOIN workspaces w ON w.id = t.workspace_id WHERE w.owner_user_id = ?1";

/// What is exported of each table, parents first: the rows of user `?1`. Every declared table
/// is here or in [`NOT_EXPORTED`] (a test checks).
pub(crate) fn selected() -> Vec<(&'static str, String)> {
    let owned = |column: &str| format!("{column} IN ({OWNED})");
    vec![
        ("users", "id = ?1".into()),
        ("organizations", "id IN (SELECT organization_id FROM organization_members WHERE user_id = ?1)".into()),
        ("devices", "user_id = ?1".into()),
        ("user_settings", "user_id = ?1".into()),
        ("data_sharing_policies", "user_id = ?1".into()),
        ("telemetry_events", "user_id = ?1".into()),
        ("organization_members", "user_id = ?1".into()),
        ("workspaces", "owner_user_id = ?1".into()),
        ("workspace_members", format!("user_id = ?1 OR {}", owned("workspace_id"))),
        ("projects", owned("workspace_id")),
        ("documents", owned("workspace_id")),
        ("threads", owned("workspace_id")),
        ("messages", format!("thread_id IN ({OWNED_THREADS})")),
        ("attachments", format!("thread_id IN ({OWNED_THREADS})")),
        ("ai_provider_configs", "user_id = ?1".into()),
        (
            "ai_interactions",
            format!(
                "{} OR config_id IN (SELECT id FROM ai_provider_configs WHERE user_id = ?1)",
                owned("workspace_id")
            ),
        ),
        ("orchestration_flows", owned("workspace_id")),
        (
            "orchestration_step_results",
            format!("flow_id IN (SELECT id FROM orchestration_flows WHERE {})", owned("workspace_id")),
        ),
        ("permission_sets", format!("subject_user_id = ?1 OR {}", owned("workspace_id"))),
        ("subscription_plans", "owner_user_id = ?1".into()),
        ("invoices", "subscription_id IN (SELECT id FROM subscription_plans WHERE owner_user_id = ?1)".into()),
        ("audit_log", "actor_user_id = ?1".into()),
    ]
}

/// Tables an export leaves out, and why.
pub(crate) const NOT_EXPORTED: &[(&str, &str)] = &[
    ("provider_secrets", "API keys stay sealed on the device; the provider configs are exported"),
    ("audit_head", "the chain's position, not data"),
    ("telemetry_drops", "a count of events never kept"),
    ("embeddings", "derived from exported content by a model; made again on import"),
    ("vector_indexes", "derived"),
    ("vector_graphs", "derived"),
    ("blobs", "the attachment files themselves are exported under attachments/"),
    ("storage_usage", "bookkeeping, counted again on import"),
    ("storage_quota", "the device's settings, not the user's data"),
];

/// Writes the archive of user `user_id` to `path` (which must not exist yet).
#[cfg(not(target_family = "wasm"))]
pub(crate) async fn to_file(
    cx: &Context,
    user_id: &str,
    path: &str,
    pause: &mut dyn Pause,
) -> Result<DataExport, StoreError> {
    let target = std::path::Path::new(path);
    if path.is_empty() {
        return Err(Error::invalid("path", "must name a file").into());
    }
    if target.exists() {
        return Err(Error::invalid("path", "already exists (an export never overwrites a file)").into());
    }
    let partial = format!("{path}.part");
    let file = std::fs::File::options()
        .write(true)
        .create_new(true)
        .open(&partial)
        .map_err(|error| Error::invalid("path", format!("cannot be written: {error}")))?;
    let written = write(cx, user_id, file, pause).await;
    let finished = written.and_then(|(mut export, file)| -> Result<DataExport, StoreError> {
        file.sync_all().map_err(|error| Error::Blob(format!("export: {error}")))?;
        std::fs::rename(&partial, path).map_err(|error| Error::Blob(format!("export: {error}")))?;
        export.path = path.to_owned();
        export.bytes = std::fs::metadata(path).map_or(0, |meta| meta.len());
        Ok(export)
    });
    if finished.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    finished
}

/// The archive of user `user_id`, written to `out`; the export and `out` back.
pub(crate) async fn write<W: Write + Seek>(
    cx: &Context,
    user_id: &str,
    out: W,
    pause: &mut dyn Pause,
) -> Result<(DataExport, W), StoreError> {
    let user_id = crate::ids::parse_id("user_id", user_id)?;
    let (tables, attachments) = cx.db.read(|conn| {
        crate::entity::get::<crate::identity::model::User>(conn, &user_id)?;
        cx.authorize_self(&user_id, crate::governance::model::Action::Read)?;
        let mut tables = Vec::new();
        for (table, filter) in selected() {
            let count: i64 =
                conn.query_row(&format!("SELECT count(*) FROM {table} WHERE {filter}"), [&user_id], |row| row.get(0))?;
            tables.push((table, filter, count as u64));
        }
        let mut stmt = conn.prepare(&format!(
            "SELECT id, filename FROM attachments WHERE bytes = 'local' AND thread_id IN ({OWNED_THREADS})"
        ))?;
        let files: Vec<(String, String)> =
            stmt.query_map([&user_id], |row| Ok((row.get(0)?, row.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        Ok((tables, files))
    })?;
    let total = tables.iter().map(|(.., count)| count).sum::<u64>() + attachments.len() as u64 + 1;
    let mut zip = ZipWriter::new(out);
    let json = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).large_file(true);
    let mut done = 0;
    let mut exported = Vec::new();
    for (table, filter, _) in &tables {
        zip.start_file(format!("tables/{table}.json"), json).map_err(zip_error)?;
        zip.write_all(b"[").map_err(io_error)?;
        let (mut after, mut written) = (i64::MIN, 0u64);
        loop {
            let (chunk, last, n) = cx.db.read(|conn| page(conn, table, filter, &user_id, after, written == 0))?;
            if n == 0 {
                break;
            }
            zip.write_all(chunk.as_bytes()).map_err(io_error)?;
            (after, written, done) = (last, written + n, done + n);
            step(pause, done, total).await?;
        }
        zip.write_all(b"\n]\n").map_err(io_error)?;
        exported.push(ExportedTable { table: (*table).to_owned(), rows: written });
    }
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored).large_file(true);
    for (id, filename) in &attachments {
        zip.start_file(format!("attachments/{id}/{filename}"), stored).map_err(zip_error)?;
        let mut reader = AttachmentReader::open_async(cx, id).await?;
        std::io::copy(&mut reader, &mut zip).map_err(|error| Error::Blob(format!("attachment {id}: {error}")))?;
        done += 1;
        step(pause, done, total).await?;
    }
    let manifest = serde_json::json!({
        "format": FORMAT,
        "version": VERSION,
        "user_id": user_id,
        "exported_at": crate::ids::now_ms(),
        "tables": exported.iter().map(|t| serde_json::json!({ "table": t.table, "rows": t.rows })).collect::<Vec<_>>(),
        "attachment_files": attachments.len(),
        "left_out": NOT_EXPORTED.iter().map(|(table, why)| serde_json::json!({ "table": table, "why": why })).collect::<Vec<_>>(),
    });
    zip.start_file("manifest.json", json).map_err(zip_error)?;
    zip.write_all(serde_json::to_string_pretty(&manifest).unwrap_or_default().as_bytes()).map_err(io_error)?;
    let out = zip.finish().map_err(zip_error)?;
    step(pause, total, total).await?;
    let export =
        DataExport { path: String::new(), tables: exported, attachment_files: attachments.len() as u64, bytes: 0 };
    Ok((export, out))
}

/// Rows per page.
const PAGE: i64 = 1000;

/// The next page of `table`'s rows matching `filter` after rowid `after`: one JSON object of
/// every declared column per line (preceded by a comma unless `first`), the last rowid, and
/// how many rows.
fn page(
    conn: &Connection,
    table: &str,
    filter: &str,
    user_id: &str,
    after: i64,
    first: bool,
) -> Result<(String, i64, u64)> {
    let declared = TABLES.iter().find(|t| t.name == table).ok_or_else(|| Error::invalid("table", table))?;
    let columns: Vec<&str> = declared.columns.iter().map(|c| c.name).collect();
    // NOT INDEXED: walk the table in rowid order from `after`, stopping at a page. Given an
    // index on the filter's column, SQLite read every match and sorted it for each page
    // (a million messages took 244 s to export; docs/benchmarks.md).
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT rowid, {} FROM {table} NOT INDEXED WHERE rowid > ?2 AND ({filter}) ORDER BY rowid LIMIT {PAGE}",
        columns.join(", ")
    ))?;
    let mut found = stmt.query(rusqlite::params![user_id, after])?;
    let (mut out, mut last, mut n) = (String::new(), after, 0);
    while let Some(row) = found.next()? {
        last = row.get(0)?;
        let mut object = serde_json::Map::new();
        for (i, column) in columns.iter().enumerate() {
            let value = match row.get_ref(i + 1)? {
                ValueRef::Null => serde_json::Value::Null,
                ValueRef::Integer(n) => n.into(),
                ValueRef::Real(x) => x.into(),
                ValueRef::Text(text) => String::from_utf8_lossy(text).into_owned().into(),
                ValueRef::Blob(bytes) => crate::values::hex(bytes).into(),
            };
            object.insert((*column).to_owned(), value);
        }
        out.push_str(if first && n == 0 { "\n" } else { ",\n" });
        out.push_str(&serde_json::Value::Object(object).to_string());
        n += 1;
    }
    Ok((out, last, n))
}

fn zip_error(error: zip::result::ZipError) -> Error {
    Error::Blob(format!("export: {error}"))
}

fn io_error(error: std::io::Error) -> Error {
    Error::Blob(format!("export: {error}"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]

    use super::{NOT_EXPORTED, selected};
    use crate::schema::TABLES;

    /// A table added to the schema must be exported or left out with a reason, never
    /// forgotten.
    #[test]
    fn every_table_is_exported_or_left_out_with_a_reason() {
        let chosen = selected();
        for table in TABLES {
            let exported = chosen.iter().filter(|(name, _)| *name == table.name).count();
            let left_out = NOT_EXPORTED.iter().filter(|(name, _)| *name == table.name).count();
            assert_eq!(exported + left_out, 1, "table {}: export it in privacy/export.rs, or say why not", table.name);
        }
    }
}
