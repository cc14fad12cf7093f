//! The row seam: triggers on every table that see each row change, foreign-key cascades
//! included, generated from one declared list ([`ACCOUNTED`]). Today they keep the storage
//! counters (`storage_usage`: rows and logical bytes per category, for the whole store, per
//! workspace and per thread); the sync change log hangs here next.
//!
//! A row's scopes come from its columns: its thread (`thread_id`, or its own id for a thread)
//! and its workspace (that thread's, else `workspace_id`, or its own id for a workspace).
//! SQLite deletes a parent row, then runs the cascades (whose triggers fire), then the
//! parent's AFTER triggers; so a child deleted by a cascade can no longer look up its thread.
//! The owners of scopes therefore settle them first: a thread's BEFORE DELETE takes its whole
//! usage off its workspace and drops its counters, a workspace's drops its own, and the rows
//! deleted after that find no counter of theirs to change (an UPDATE of no row). Their AFTER
//! DELETE drops what a SET NULL cascade may have counted again in the meantime.
//!
//! Migrations are frozen: a change here means a new migration that drops and recreates the
//! triggers; `schema/seam_tests.rs` fails while a fresh store's triggers differ from
//! [`triggers`]. A migration that adds columns to a counted table (which fires no trigger)
//! ends with [`recount`]'s SQL, as 0011 does.

use super::{Kind, TABLES, Table};
use crate::storage::model::StorageCategory::{self, *};

/// Every table whose rows count, and the category they count in.
pub(crate) const ACCOUNTED: &[(&str, StorageCategory)] = &[
    ("users", Metadata),
    ("organizations", Metadata),
    ("organization_members", Metadata),
    ("devices", Metadata),
    ("user_settings", Metadata),
    ("workspaces", Metadata),
    ("workspace_members", Metadata),
    ("projects", Messages),
    ("documents", Messages),
    ("threads", Messages),
    ("messages", Messages),
    ("attachments", Attachments),
    ("blobs", Attachments),
    ("ai_provider_configs", Metadata),
    ("ai_interactions", Metadata),
    ("orchestration_flows", Metadata),
    ("orchestration_step_results", Metadata),
    ("permission_sets", Metadata),
    ("data_sharing_policies", Metadata),
    ("telemetry_events", Metadata),
    ("telemetry_drops", Metadata),
    ("provider_secrets", Metadata),
    ("audit_log", Metadata),
    ("audit_head", Metadata),
    ("subscription_plans", Metadata),
    ("invoices", Metadata),
    ("embeddings", Embeddings),
    ("vector_indexes", Embeddings),
    ("vector_graphs", Embeddings),
];

/// Tables whose inserts the seam counts per batch rather than per row: every insert into
/// them goes through one function (`messages::insert_rows`), which runs [`batch_insert`]'s
/// statements over the rowids it inserted, in the same transaction, as it indexes them for
/// search. A cascade never inserts, so their update and delete triggers still see every
/// change. A row trigger cost a batched append as much as the insert itself
/// (docs/benchmarks.md, "Storage accounting"); one statement per scope costs a batch once.
pub(crate) const BATCHED: &[&str] = &["messages"];

/// Bytes a row stands for that live outside it, as SQL over the row (`{row}`): an
/// attachment's file counts, in full, in each attachment that holds it (the blob row itself
/// counts only its own columns).
const OUTSIDE_THE_ROW: &[(&str, &str)] =
    &[("attachments", "CASE WHEN {row}.bytes = 'local' THEN {row}.size_bytes ELSE 0 END")];

/// The seam's own bookkeeping, which it does not count.
#[cfg(test)]
pub(crate) const UNACCOUNTED: &[&str] = &["storage_usage", "storage_quota"];

/// The triggers every accounted table has, by name (no insert trigger for a [`BATCHED`]
/// one): a test checks each is there.
#[cfg(test)]
pub(crate) fn trigger_names(table: &str) -> Vec<String> {
    let events: &[&str] =
        if BATCHED.contains(&table) { &["update", "delete"] } else { &["insert", "update", "delete"] };
    events.iter().map(|event| format!("{table}_seam_{event}")).collect()
}

/// The statements that count the rows of [`BATCHED`] table `name` with rowids `?1` to `?2`
/// in, as its insert trigger would have row by row: the store's counter (one update, so the
/// quota trigger checks the batch once), then each scope's, created at its first row.
pub(crate) fn batch_insert(name: &str) -> Vec<String> {
    debug_assert!(BATCHED.contains(&name), "seam: {name} is counted by its insert trigger");
    let table = declared(name);
    let category = ACCOUNTED.iter().find(|(table, _)| *table == name).map_or(Metadata, |(_, category)| *category);
    let (c, size) = (category.as_str(), size(table, "e"));
    let rows = format!("FROM {name} e WHERE e.rowid BETWEEN ?1 AND ?2");
    let mut sql = vec![format!(
        "UPDATE storage_usage SET rows = rows + (SELECT count(*) {rows}),\n    \
         bytes = bytes + (SELECT coalesce(sum({size}), 0) {rows})\n    \
         WHERE scope_kind = 'store' AND scope_id = '' AND category = '{c}'"
    )];
    for (kind, scope) in [("thread", thread(table, "e")), ("workspace", workspace(table, "e"))] {
        if let Some(scope) = scope {
            sql.push(format!(
                "INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)\n    \
                 SELECT '{kind}', {scope}, '{c}', count(*), sum({size}) {rows} AND {scope} IS NOT NULL GROUP BY 2\n    \
                 ON CONFLICT DO UPDATE SET rows = rows + excluded.rows, bytes = bytes + excluded.bytes"
            ));
        }
    }
    sql
}

/// Every trigger of the seam, in the order a migration creates them.
#[cfg(test)]
pub(crate) fn triggers() -> String {
    let mut sql = String::new();
    for &(name, category) in ACCOUNTED {
        sql.push_str(&row_triggers(declared(name), category));
    }
    sql.push_str(SCOPE_OWNERS);
    sql
}

/// The statement that counts every row again from scratch, as the triggers would have.
pub(crate) fn recount() -> String {
    // The first SELECT names the columns; the zero rows keep every category's store counter.
    let mut parts: Vec<String> = StorageCategory::ALL
        .iter()
        .map(|c| format!("SELECT 'store' AS s, '' AS i, '{}' AS c, 0 AS r, 0 AS b", c.as_str()))
        .collect();
    for &(name, category) in ACCOUNTED {
        let table = declared(name);
        let (size, thread, workspace) = (size(table, "e"), thread(table, "e"), workspace(table, "e"));
        let c = category.as_str();
        parts.push(format!("SELECT 'store', '', '{c}', count(*), coalesce(sum({size}), 0) FROM {name} e"));
        if let Some(thread) = &thread {
            parts.push(format!(
                "SELECT 'thread', {thread}, '{c}', count(*), sum({size}) FROM {name} e WHERE {thread} IS NOT NULL GROUP BY 2"
            ));
        }
        if let Some(workspace) = &workspace {
            parts.push(format!(
                "SELECT 'workspace', {workspace}, '{c}', count(*), sum({size}) FROM {name} e WHERE {workspace} IS NOT NULL GROUP BY 2"
            ));
        }
    }
    format!(
        "DELETE FROM storage_usage;\nINSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)\n\
         SELECT s, i, c, sum(r), sum(b) FROM (\n    {}\n) GROUP BY 1, 2, 3;\n",
        parts.join("\n    UNION ALL ")
    )
}

/// The declaration of `name`; the list names only declared tables (a test checks).
#[allow(clippy::panic)]
fn declared(name: &str) -> &'static Table {
    TABLES.iter().copied().find(|table| table.name == name).unwrap_or_else(|| panic!("seam: no table {name}"))
}

/// The logical bytes of row `row` (`NEW`, `OLD`, an alias): each text or blob value's length
/// in bytes, 8 for each number, and what [`OUTSIDE_THE_ROW`] adds.
fn size(table: &Table, row: &str) -> String {
    let numbers = table.columns.iter().filter(|column| is_number(column.kind)).count() * 8;
    let mut terms: Vec<String> = table
        .columns
        .iter()
        .filter(|column| !is_number(column.kind))
        .map(|column| format!("coalesce(length(CAST({row}.{} AS BLOB)), 0)", column.name))
        .collect();
    terms.push(numbers.to_string());
    terms.extend(
        OUTSIDE_THE_ROW.iter().filter(|(name, _)| *name == table.name).map(|(_, sql)| sql.replace("{row}", row)),
    );
    format!("({})", terms.join(" + "))
}

fn is_number(kind: Kind) -> bool {
    matches!(kind, Kind::Seq | Kind::Flag | Kind::Int(_) | Kind::Time | Kind::Internal { text: false })
}

/// The thread row `row` counts in, if its table has one.
fn thread(table: &Table, row: &str) -> Option<String> {
    if table.name == "threads" {
        return Some(format!("{row}.id"));
    }
    let column = table.columns.iter().find(|c| c.name == "thread_id" && matches!(c.kind, Kind::Ref("threads", _)))?;
    Some(format!("{row}.{}", column.name))
}

/// The workspace row `row` counts in: its thread's (looked up, so it is NULL once the thread
/// is gone: the thread settled it), else its own column; a thread's is its own column.
fn workspace(table: &Table, row: &str) -> Option<String> {
    let lookup = |thread: &str| format!("(SELECT workspace_id FROM threads WHERE id = {thread})");
    let own = if table.name == "workspaces" {
        Some(format!("{row}.id"))
    } else {
        table
            .columns
            .iter()
            .find(|c| c.name == "workspace_id" && matches!(c.kind, Kind::Ref("workspaces", _)))
            .map(|column| format!("{row}.{}", column.name))
    };
    match (thread(table, row), own) {
        // A thread's own column: looking the thread up would read it as it is now, which in
        // an AFTER UPDATE is not as it was (and costs two lookups on every append).
        (Some(_), Some(own)) if table.name == "threads" => Some(own),
        (Some(thread), Some(own)) => {
            Some(format!("CASE WHEN {thread} IS NULL THEN {own} ELSE {} END", lookup(&thread)))
        }
        (Some(thread), None) => Some(lookup(&thread)),
        (None, own) => own,
    }
}

#[cfg(test)]
fn row_triggers(table: &Table, category: StorageCategory) -> String {
    let name = table.name;
    let [insert, update, delete] = ["insert", "update", "delete"].map(|event| format!("{name}_seam_{event}"));
    let old = Side { size: size(table, "OLD"), thread: thread(table, "OLD"), workspace: workspace(table, "OLD") };
    let new = Side { size: size(table, "NEW"), thread: thread(table, "NEW"), workspace: workspace(table, "NEW") };
    let c = category.as_str();
    let insert = match BATCHED.contains(&name) {
        true => String::new(),
        false => format!("CREATE TRIGGER {insert} AFTER INSERT ON {name} BEGIN\n{}END;\n", new.add(c)),
    };
    let changed = [
        Some((&old.size, &new.size)),
        old.thread.as_ref().zip(new.thread.as_ref()),
        old.workspace.as_ref().zip(new.workspace.as_ref()),
    ]
    .into_iter()
    .flatten()
    .map(|(old, new)| format!("{old} IS NOT {new}"))
    .collect::<Vec<_>>()
    .join("\n    OR ");
    // A thread took its whole usage off its workspace before it went (SCOPE_OWNERS): its own
    // row is not taken off that workspace again.
    let gone = Side {
        size: size(table, "OLD"),
        thread: thread(table, "OLD"),
        workspace: if name == "threads" { None } else { workspace(table, "OLD") },
    };
    format!(
        "{insert}CREATE TRIGGER {update} AFTER UPDATE ON {name} WHEN {changed} BEGIN\n{sub}{add}END;\n\
         CREATE TRIGGER {delete} AFTER DELETE ON {name} BEGIN\n{gone}END;\n",
        add = new.add(c),
        sub = old.subtract(c),
        gone = gone.subtract(c),
    )
}

/// One side of a row change: its size and scopes.
#[cfg(test)]
struct Side {
    size: String,
    thread: Option<String>,
    workspace: Option<String>,
}

#[cfg(test)]
impl Side {
    /// Counts the row in: the store's counter always exists (the quota trigger guards it);
    /// a scope's is created at its first row.
    fn add(&self, category: &str) -> String {
        let size = &self.size;
        let mut sql = format!(
            "  UPDATE storage_usage SET rows = rows + 1, bytes = bytes + {size}\n    \
             WHERE scope_kind = 'store' AND scope_id = '' AND category = '{category}';\n"
        );
        for (kind, scope) in self.scopes() {
            sql.push_str(&format!(
                "  INSERT INTO storage_usage (scope_kind, scope_id, category, rows, bytes)\n    \
                 SELECT '{kind}', {scope}, '{category}', 1, {size} WHERE {scope} IS NOT NULL\n    \
                 ON CONFLICT DO UPDATE SET rows = rows + 1, bytes = bytes + excluded.bytes;\n"
            ));
        }
        sql
    }

    /// Counts the row out, of the counters that still exist.
    fn subtract(&self, category: &str) -> String {
        let size = &self.size;
        let mut sql = format!(
            "  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - {size}\n    \
             WHERE scope_kind = 'store' AND scope_id = '' AND category = '{category}';\n"
        );
        for (kind, scope) in self.scopes() {
            sql.push_str(&format!(
                "  UPDATE storage_usage SET rows = rows - 1, bytes = bytes - {size}\n    \
                 WHERE scope_kind = '{kind}' AND scope_id = {scope} AND category = '{category}';\n"
            ));
        }
        sql
    }

    fn scopes(&self) -> impl Iterator<Item = (&'static str, &String)> {
        [("thread", self.thread.as_ref()), ("workspace", self.workspace.as_ref())]
            .into_iter()
            .filter_map(|(kind, scope)| scope.map(|scope| (kind, scope)))
    }
}

/// What the owners of scopes do around their deletion (see the module's comment). No
/// `UPDATE … FROM` with aliases: SQLite cannot re-check it when a later migration renames a
/// table, so such a rebuild would fail.
#[cfg(test)]
const SCOPE_OWNERS: &str = "\
CREATE TRIGGER threads_seam_settle BEFORE DELETE ON threads BEGIN
  UPDATE storage_usage SET
      rows = rows - coalesce((SELECT t.rows FROM storage_usage t WHERE t.scope_kind = 'thread'
          AND t.scope_id = OLD.id AND t.category = storage_usage.category), 0),
      bytes = bytes - coalesce((SELECT t.bytes FROM storage_usage t WHERE t.scope_kind = 'thread'
          AND t.scope_id = OLD.id AND t.category = storage_usage.category), 0)
    WHERE scope_kind = 'workspace' AND scope_id = OLD.workspace_id;
  DELETE FROM storage_usage WHERE scope_kind = 'thread' AND scope_id = OLD.id;
END;
CREATE TRIGGER threads_seam_sweep AFTER DELETE ON threads BEGIN
  DELETE FROM storage_usage WHERE scope_kind = 'thread' AND scope_id = OLD.id;
END;
CREATE TRIGGER workspaces_seam_settle BEFORE DELETE ON workspaces BEGIN
  DELETE FROM storage_usage WHERE scope_kind = 'workspace' AND scope_id = OLD.id;
END;
CREATE TRIGGER workspaces_seam_sweep AFTER DELETE ON workspaces BEGIN
  DELETE FROM storage_usage WHERE scope_kind = 'workspace' AND scope_id = OLD.id;
END;
";
