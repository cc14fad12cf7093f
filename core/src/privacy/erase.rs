//! Erasing a user's personal data (docs/data-model.md, "Erasure"; the choices in
//! docs/decisions.md, "Erasure").
//!
//! One write transaction removes the rows, so a failed erase changes nothing: their
//! subscription plans move to a pseudonym first (invoices are kept for legal retention),
//! the workspaces they own either go (with everything in them) or, when shared, pass to
//! another member, what they wrote in other workspaces goes by its author column, and the
//! user row goes last, its cascades taking devices, settings, consent, telemetry,
//! memberships, grants and provider configs with their secrets. The audit entries about
//! any of it keep their place in the chain but lose their details. Then the scrubbing, so
//! nothing of it stays on disk: cells are zeroed as they are freed (`secure_delete`), both
//! search indexes are rewritten into fresh segments, files no attachment holds are removed,
//! the file is vacuumed when it has free pages and the write-ahead log emptied.

use crate::blobs::stored;
use crate::context::Context;
use crate::error::{Error, Result, StoreError};
use crate::governance::model::Action;
use crate::governance::{audit, chain};
use crate::identity::model::User;
use crate::ids::{new_id, parse_id};
use crate::privacy::model::{ErasedTable, Erasure};
use crate::schema::seam::ACCOUNTED;
use crate::{entity, schema};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

/// Erases user `user_id`; see the module documentation. A store acting as a user may erase
/// only that user.
pub(crate) fn erase(cx: &Context, user_id: &str) -> Result<Erasure, StoreError> {
    let user_id = parse_id("user_id", user_id)?;
    let erased = cx.write(|tx| {
        cx.authorize_self(&user_id, Action::Delete)?;
        tx.pragma_update(None, "secure_delete", true)?;
        remove(cx, tx, &user_id)
    });
    let scrubbed = erased.and_then(|erasure| scrub(cx, erasure));
    // Whatever happened, the writer goes back to freeing pages without zeroing them.
    let restored = cx.db.on_writer(|conn| Ok(conn.pragma_update(None, "secure_delete", false)?));
    let erasure = scrubbed?;
    restored?;
    Ok(erasure)
}

/// The rows: everything but the scrubbing, in the caller's transaction.
fn remove(cx: &Context, tx: &Transaction, user_id: &str) -> Result<Erasure> {
    if !tx.query_row("SELECT EXISTS (SELECT 1 FROM users WHERE id = ?1)", [user_id], |row| row.get(0))? {
        return Err(Error::not_found("user", user_id));
    }
    let pseudonym_user_id = keep_invoices(tx, user_id)?;
    let before = counts(tx)?;
    let vectors_before = vector_changes(tx)?;
    AuditSubjects::before(tx)?;

    let mut workspaces_handed_over = Vec::new();
    let owned: Vec<String> = {
        let mut stmt = tx.prepare("SELECT id FROM workspaces WHERE owner_user_id = ?1")?;
        let rows = stmt.query_map([user_id], |row| row.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for workspace_id in owned {
        if hand_over(tx, &workspace_id, user_id)? {
            workspaces_handed_over.push(workspace_id);
        } else {
            tx.execute("DELETE FROM workspaces WHERE id = ?1", [&workspace_id])?;
        }
    }
    // Organizations: theirs alone go with their workspaces; a shared one they owned alone
    // gets its most senior other member as owner.
    tx.execute(
        "DELETE FROM organizations WHERE id IN (SELECT organization_id FROM organization_members WHERE user_id = ?1)
             AND NOT EXISTS (SELECT 1 FROM organization_members m
                             WHERE m.organization_id = organizations.id AND m.user_id <> ?1)",
        [user_id],
    )?;
    tx.execute(
        "UPDATE organization_members SET role = 'owner', updated_at = ?2 WHERE id IN (
             SELECT (SELECT h.id FROM organization_members h WHERE h.organization_id = m.organization_id
                         AND h.user_id <> ?1
                     ORDER BY CASE h.role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 WHEN 'member' THEN 2 ELSE 3 END,
                              h.created_at, h.id LIMIT 1)
             FROM organization_members m WHERE m.user_id = ?1 AND m.role = 'owner'
                 AND NOT EXISTS (SELECT 1 FROM organization_members o WHERE o.organization_id = m.organization_id
                                 AND o.user_id <> ?1 AND o.role = 'owner'))",
        params![user_id, new_id().1],
    )?;
    // What they wrote where others work (a thread they started goes with its replies).
    for table in ["threads", "messages", "documents"] {
        tx.execute(&format!("DELETE FROM {table} WHERE author_user_id = ?1"), [user_id])?;
    }
    tx.execute("DELETE FROM users WHERE id = ?1", [user_id])?;

    // A saved graph may hold vectors that are gone: rebuilt from the rows when next loaded.
    for (collection, model, changes) in vector_changes(tx)? {
        if !vectors_before.contains(&(collection.clone(), model.clone(), changes)) {
            tx.execute("DELETE FROM vector_graphs WHERE collection = ?1 AND model = ?2", params![collection, model])?;
        }
    }
    AuditSubjects::after(tx)?;
    let after = counts(tx)?;
    let tables = before
        .into_iter()
        .zip(after)
        .filter(|((_, before), (_, after))| before > after)
        .map(|((table, before), (_, after))| ErasedTable { table: table.to_owned(), rows: (before - after) as u64 })
        .collect();

    let which =
        format!("e.actor_user_id = ?1 OR e.entity_id = ?1 OR instr(e.details, ?1) > 0 OR {}", AuditSubjects::ERASED);
    let (audit_entries_erased, audit_entries_kept) = chain::erase_details(tx, &which, user_id)?;
    AuditSubjects::drop(tx)?;
    // Audited without naming them: a digest of the id, and by nobody when they erased themselves.
    let actor = cx.caller.as_deref().filter(|caller| *caller != user_id);
    let subject = crate::values::sha256_hex(&[b"unified-store erased user", user_id.as_bytes()]);
    let details = serde_json::json!({ "tables": &tables, "audit_entries_erased": audit_entries_erased });
    audit::append(tx, actor, "user.erase", "user", &subject, &details)?;
    Ok(Erasure {
        tables,
        workspaces_handed_over,
        pseudonym_user_id,
        audit_entries_erased,
        audit_entries_kept,
        attachment_files_removed: 0,
        wal_truncated: false,
        vacuumed: false,
    })
}

/// Moves the user's subscription plans (and so their invoices) to a new user row with no
/// personal data; its id, or none when they have no plan.
fn keep_invoices(tx: &Transaction, user_id: &str) -> Result<Option<String>> {
    let plans: i64 =
        tx.query_row("SELECT count(*) FROM subscription_plans WHERE owner_user_id = ?1", [user_id], |row| row.get(0))?;
    if plans == 0 {
        return Ok(None);
    }
    let (id, now) = new_id();
    let pseudonym = User {
        email: format!("erased-{id}@erased.invalid"),
        id,
        display_name: "Erased user".into(),
        locale: "und".into(),
        created_at: now,
        updated_at: now,
    };
    entity::insert(tx, &pseudonym)?;
    tx.execute(
        "UPDATE subscription_plans SET owner_user_id = ?2, updated_at = ?3 WHERE owner_user_id = ?1",
        params![user_id, pseudonym.id, now],
    )?;
    Ok(Some(pseudonym.id))
}

/// Passes workspace `workspace_id` to its most senior other member, if it has one (the new
/// owner leaves the member list: an owner is never a member); whether it did.
fn hand_over(tx: &Transaction, workspace_id: &str, user_id: &str) -> Result<bool> {
    let heir: Option<(String, String)> = tx
        .query_row(
            "SELECT id, user_id FROM workspace_members WHERE workspace_id = ?1 AND user_id <> ?2
             ORDER BY CASE role WHEN 'admin' THEN 0 WHEN 'member' THEN 1 ELSE 2 END, created_at, id LIMIT 1",
            [workspace_id, user_id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let Some((member_id, heir)) = heir else { return Ok(false) };
    tx.execute("DELETE FROM workspace_members WHERE id = ?1", [&member_id])?;
    tx.execute(
        "UPDATE workspaces SET owner_user_id = ?2, updated_at = ?3 WHERE id = ?1",
        params![workspace_id, heir, new_id().1],
    )?;
    Ok(true)
}

/// Rows per table of the seam's list (the tables a user's data lives in), in its order.
fn counts(tx: &Transaction) -> Result<Vec<(&'static str, i64)>> {
    ACCOUNTED
        .iter()
        .map(|(table, _)| Ok((*table, tx.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| row.get(0))?)))
        .collect()
}

/// Each vector index's change count (inserts and deletes, cascades included).
fn vector_changes(tx: &Transaction) -> Result<Vec<(String, String, i64)>> {
    let mut stmt = tx.prepare("SELECT collection, model, changes FROM vector_indexes")?;
    let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The rows audit entries are about that the erasure removes: those entries lose their
/// details, whoever wrote them (a workspace's name is in the entry of its deletion).
struct AuditSubjects;

impl AuditSubjects {
    /// SQL over entry `e`: about a removed row, or naming one at the top of its details.
    const ERASED: &'static str = "e.entity_id IN (SELECT id FROM temp.erase_subjects)
        OR EXISTS (SELECT 1 FROM json_each(e.details) j WHERE j.value IN (SELECT id FROM temp.erase_subjects))";

    /// Notes which rows audit entries are about exist now.
    fn before(tx: &Transaction) -> Result<()> {
        tx.execute_batch(&format!(
            "CREATE TEMP TABLE IF NOT EXISTS erase_subjects (id TEXT PRIMARY KEY) WITHOUT ROWID;
             DELETE FROM temp.erase_subjects;
             INSERT OR IGNORE INTO temp.erase_subjects SELECT entity_id FROM audit_log
                 WHERE details <> '{}';
             DELETE FROM temp.erase_subjects AS s WHERE NOT ({});",
            chain::ERASED,
            Self::exists("s.id")
        ))?;
        Ok(())
    }

    /// Keeps only the rows that are gone now, for [`Self::ERASED`].
    fn after(tx: &Transaction) -> Result<()> {
        tx.execute_batch(&format!("DELETE FROM temp.erase_subjects AS s WHERE {};", Self::exists("s.id")))?;
        Ok(())
    }

    fn drop(tx: &Transaction) -> Result<()> {
        tx.execute_batch("DROP TABLE temp.erase_subjects;")?;
        Ok(())
    }

    /// SQL: some table's row has id `id`.
    fn exists(id: &str) -> String {
        let tables = schema::TABLES
            .iter()
            .filter(|table| table.name != "audit_log" && table.columns.iter().any(|column| column.name == "id"));
        let checks: Vec<String> =
            tables.map(|table| format!("EXISTS (SELECT 1 FROM {} WHERE id = {id})", table.name)).collect();
        checks.join(" OR ")
    }
}

/// After the commit: the files, the search indexes, free pages and the log.
fn scrub(cx: &Context, mut erasure: Erasure) -> Result<Erasure, StoreError> {
    erasure.attachment_files_removed = u64::from(stored::collect(cx, false)?);
    cx.vectors.forget();
    cx.db.on_writer(|conn| {
        for table in ["messages_fts", "documents_fts"] {
            conn.execute(&format!("INSERT INTO {table} ({table}) VALUES ('optimize')"), [])?;
        }
        let free: i64 = conn.query_row("PRAGMA freelist_count", [], |row| row.get(0))?;
        if free > 0 {
            conn.execute_batch("VACUUM")?;
            erasure.vacuumed = true;
        }
        erasure.wal_truncated = truncate_wal(conn)?;
        Ok(())
    })?;
    Ok(erasure)
}

/// Checkpoints the whole log into the file and empties it; `false` while a reader holds it.
fn truncate_wal(conn: &Connection) -> Result<bool> {
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| row.get(0))?;
    Ok(busy == 0)
}
