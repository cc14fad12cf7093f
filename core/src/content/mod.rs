//! Content: workspaces and their members, projects, documents, threads, messages and attachments.
//!
//! Liveness: a record is visible while it and every record above it are not soft-deleted
//! (workspace > project > thread > message > attachment; workspace > project > document). A
//! thread or document outside any project only needs its workspace. Each record's
//! [`Entity`] says this once, with its joins; cascade rules are in docs/data-model.md.

pub(crate) mod attachments;
pub(crate) mod documents;
pub(crate) mod message_search;
pub(crate) mod messages;
pub mod model;
pub(crate) mod projects;
pub(crate) mod query;
pub(crate) mod script;
pub(crate) mod search;
pub(crate) mod threads;
pub(crate) mod tokenizer;
pub(crate) mod workspaces;

use crate::error::{Error, Result};
use rusqlite::Connection;

/// `project_id`, if set, as a live project of workspace `workspace_id`: `NotFound` naming the
/// project when there is none, `InvalidInput` on `project_id` when it is another workspace's.
pub(crate) fn project_in(conn: &Connection, workspace_id: &str, project_id: Option<&str>) -> Result<Option<String>> {
    let Some(project_id) = project_id else { return Ok(None) };
    let project = projects::get(conn, project_id)?;
    if project.workspace_id != workspace_id {
        return Err(Error::invalid("project_id", "names a project of another workspace"));
    }
    Ok(Some(project.id))
}
