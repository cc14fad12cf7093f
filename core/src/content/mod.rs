//! Content: workspaces and their members, projects, documents, threads, messages and attachments.
//!
//! Liveness: a record is visible while it and every record above it are not soft-deleted
//! (workspace > project > thread > message > attachment; workspace > project > document). A
//! thread or document outside any project only needs its workspace. Each record's
//! [`Entity`] says this once, with its joins; cascade rules are in docs/data-model.md.

pub(crate) mod attachments;
pub(crate) mod documents;
pub(crate) mod messages;
pub mod model;
pub(crate) mod projects;
pub(crate) mod search;
pub(crate) mod threads;
pub(crate) mod workspaces;

use crate::content::model::{DESCRIPTION_MAX, DOCUMENT_BODY_MAX_BYTES};
use crate::error::{Error, Result};
use rusqlite::Connection;

/// A media type such as `text/markdown`: `type/subtype`, 3 to 255 bytes, no spaces or
/// control characters; trimmed and lowercased.
pub(crate) fn mime(value: &str) -> Result<String> {
    let mime = value.trim().to_ascii_lowercase();
    let ok = (3..=255).contains(&mime.len())
        && mime.split_once('/').is_some_and(|(kind, sub)| !kind.is_empty() && !sub.is_empty() && !sub.contains('/'))
        && !mime.chars().any(|c| c.is_whitespace() || c.is_control());
    if !ok {
        return Err(Error::invalid("mime", format!("{value:?} is not a media type such as text/markdown")));
    }
    Ok(mime)
}

/// A description of at most [`DESCRIPTION_MAX`] characters, kept as written.
pub(crate) fn description(value: &str) -> Result<String> {
    if value.chars().count() > DESCRIPTION_MAX {
        return Err(Error::invalid("description", format!("longer than {DESCRIPTION_MAX} characters")));
    }
    Ok(value.to_owned())
}

/// A document body of at most [`DOCUMENT_BODY_MAX_BYTES`] bytes.
pub(crate) fn body(value: &str) -> Result<()> {
    if value.len() > DOCUMENT_BODY_MAX_BYTES {
        return Err(Error::invalid("body", format!("larger than {DOCUMENT_BODY_MAX_BYTES} bytes")));
    }
    Ok(())
}

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
