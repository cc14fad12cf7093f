//! Writing prepared conversations: one transaction per step, each conversation inside it
//! whole or not at all (a savepoint each), rows that exist already left as they are.

use crate::content::messages::insert_rows;
use crate::content::{project_in, threads, workspaces};
use crate::context::Context;
use crate::entity;
use crate::error::{Error, Result};
use crate::governance::model::{Action, ResourceRef};
use crate::import::prepare::{Prepared, Target};
use rusqlite::{OptionalExtension, Transaction};

/// What writing one conversation did.
pub(super) enum Outcome {
    /// Its thread was new, or there already and live: how many messages and attachments were
    /// written and how many messages were there already.
    Written { new_thread: bool, messages: u64, existing: u64, attachments: u64 },
    /// Its thread is soft-deleted in the store: nothing written.
    ThreadDeleted,
    /// A row the checks let through was refused by the database (a constraint): nothing of
    /// the conversation was written.
    Refused(String),
}

/// Writes `batch` in one transaction on the writer; the outcome of each conversation, in order.
pub(super) fn batch(
    cx: &Context,
    target: &Target<'_>,
    batch: Vec<Prepared>,
) -> Result<Vec<Outcome>, crate::StoreError> {
    cx.write(|tx| {
        // The workspace (or project) may have gone since the last step.
        workspaces::get(tx, target.workspace_id)?;
        project_in(tx, target.workspace_id, target.project_id)?;
        let container = match target.project_id {
            Some(project_id) => ResourceRef::project(project_id),
            None => ResourceRef::workspace(target.workspace_id),
        };
        cx.authorize(tx, Action::Write, &container)?;
        let mut outcomes = Vec::with_capacity(batch.len());
        for prepared in batch {
            tx.execute_batch("SAVEPOINT import_conversation")?;
            match one(tx, prepared, cx.caller.as_deref()) {
                Ok(outcome) => {
                    tx.execute_batch("RELEASE import_conversation")?;
                    outcomes.push(outcome);
                }
                Err(error) if refused(&error) => {
                    tx.execute_batch("ROLLBACK TO import_conversation; RELEASE import_conversation")?;
                    outcomes.push(Outcome::Refused(error.to_string()));
                }
                Err(error) => return Err(error),
            }
        }
        Ok(outcomes)
    })
}

/// Whether `error` is about the conversation's rows (skip it) rather than the store (stop).
fn refused(error: &Error) -> bool {
    match error {
        Error::InvalidInput { .. } | Error::Conflict { .. } => true,
        Error::Sqlite(rusqlite::Error::SqliteFailure(failure, _)) => {
            failure.code == rusqlite::ErrorCode::ConstraintViolation
        }
        _ => false,
    }
}

fn one(tx: &Transaction, prepared: Prepared, author: Option<&str>) -> Result<Outcome> {
    let Prepared { thread, messages, attachments } = prepared;
    let state: Option<Option<i64>> = tx
        .prepare_cached("SELECT deleted_at FROM threads WHERE id = ?1")?
        .query_row([&thread.id], |row| row.get(0))
        .optional()?;
    let new_thread = match state {
        Some(Some(_)) => return Ok(Outcome::ThreadDeleted),
        Some(None) => false,
        None => {
            entity::insert_with(tx, &thread, &[("author_user_id", &author)])?;
            true
        }
    };
    let mut exists = tx.prepare_cached("SELECT 1 FROM messages WHERE id = ?1")?;
    let total = messages.len() as u64;
    let mut fresh = Vec::with_capacity(messages.len());
    for message in messages {
        if !exists.exists([&message.id])? {
            fresh.push(message);
        }
    }
    insert_rows(tx, &fresh, author)?;
    let mut attachment_exists = tx.prepare_cached("SELECT 1 FROM attachments WHERE id = ?1")?;
    let mut added_attachments = 0;
    for attachment in &attachments {
        if !attachment_exists.exists([&attachment.id])? {
            entity::insert(tx, attachment)?;
            added_attachments += 1;
        }
    }
    if !fresh.is_empty() {
        threads::refresh_last_message(tx, &thread.id)?;
    }
    let added = fresh.len() as u64;
    Ok(Outcome::Written { new_thread, messages: added, existing: total - added, attachments: added_attachments })
}
