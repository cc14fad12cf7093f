//! Documents of a workspace (optionally in one of its projects), versioned, with full-text
//! search over title and body.

use crate::content::model::{Document, DocumentHit, DocumentPatch, DocumentSearch, NewDocument};
use crate::content::search::{self, fts_expression};
use crate::content::{project_in, projects, workspaces};
use crate::context::Context;
use crate::entity::{self, Entity, Record};
use crate::error::{Error, Result, StoreError};
use crate::governance::model::{Action, ResourceRef};
use crate::ids::{new_id, now_ms, parse_id};
use crate::limits;
use crate::model::PageRequest;
use crate::schema;
use crate::values::optional_id;
use rusqlite::{Connection, params};

/// Create, read, update (versioned), move, delete, restore, purge and search documents. Get
/// one from [`crate::Store::documents`].
#[derive(Clone)]
pub struct Documents {
    pub(crate) cx: Context,
}

impl crate::Store {
    /// Documents, and search over them.
    pub fn documents(&self) -> Documents {
        Documents { cx: self.cx.clone() }
    }
}

// Title matches weigh this many times a body match in the ranking.
const TITLE_WEIGHT: f64 = 5.0;

impl Documents {
    /// Creates the document `document` describes, at version 1; its project must be a live
    /// project of its workspace (`InvalidInput` on `project_id` otherwise).
    pub fn create(&self, document: &NewDocument) -> Result<Document, StoreError> {
        let workspace_id = parse_id("workspace_id", &document.workspace_id)?;
        let project_id = optional_id("project_id", document.project_id.as_deref())?;
        let title = schema::documents::title.text(&document.title)?;
        let body = schema::documents::body.text(&document.body)?;
        let mime = schema::documents::mime.text(&document.mime)?;
        self.cx.write(|tx| {
            workspaces::get(tx, &workspace_id)?;
            let project_id = project_in(tx, &workspace_id, project_id.as_deref())?;
            self.cx.authorize(tx, Action::Write, &container(&workspace_id, project_id.as_deref()))?;
            let (id, now) = new_id();
            let document = Document {
                id,
                workspace_id,
                project_id,
                title,
                body,
                mime,
                version: 1,
                created_at: now,
                updated_at: now,
            };
            entity::insert_with(tx, &document, &[("author_user_id", &self.cx.caller)])?;
            Ok(document)
        })
    }

    /// The live document `id`.
    pub fn get(&self, id: &str) -> Result<Document, StoreError> {
        self.cx.read(|conn| get(conn, id))
    }

    /// Live documents of workspace `workspace_id` (in a project or not), newest first.
    pub fn list(&self, workspace_id: &str, page: &PageRequest) -> Result<Vec<Document>, StoreError> {
        let workspace_id = parse_id("workspace_id", workspace_id)?;
        self.cx.read(|conn| {
            workspaces::get(conn, &workspace_id)?;
            entity::list(conn, Some(("workspace_id", &workspace_id)), page)
        })
    }

    /// Live documents of project `project_id`, newest first.
    pub fn list_in_project(&self, project_id: &str, page: &PageRequest) -> Result<Vec<Document>, StoreError> {
        let project_id = parse_id("project_id", project_id)?;
        self.cx.read(|conn| {
            projects::get(conn, &project_id)?;
            entity::list(conn, Some(("project_id", &project_id)), page)
        })
    }

    /// Changes document `id` as `patch` says and makes it the next version; returns it as
    /// stored. With `expected_version` set, a document changed since that version is a
    /// `Conflict` on `version` and nothing is written. A patch that changes nothing returns
    /// the document as it is.
    pub fn update(&self, id: &str, patch: &DocumentPatch) -> Result<Document, StoreError> {
        let title = schema::documents::title.optional_text(patch.title.as_deref())?;
        let body = schema::documents::body.optional_text(patch.body.as_deref())?;
        let mime = schema::documents::mime.optional_text(patch.mime.as_deref())?;
        self.cx.write(|tx| {
            let current = get(tx, id)?;
            self.cx.authorize(tx, Action::Write, &container(&current.workspace_id, current.project_id.as_deref()))?;
            if let Some(expected) = patch.expected_version
                && expected != current.version
            {
                let reason = format!("the document is at version {}, not {expected}", current.version);
                return Err(Error::conflict("document", "version", reason));
            }
            if title.is_none() && body.is_none() && mime.is_none() {
                return Ok(current);
            }
            if current.version == u32::MAX {
                return Err(Error::conflict("document", "version", "the document has reached its last version"));
            }
            let next = Document {
                title: title.unwrap_or_else(|| current.title.clone()),
                body: body.unwrap_or_else(|| current.body.clone()),
                mime: mime.unwrap_or_else(|| current.mime.clone()),
                version: current.version + 1,
                updated_at: now_ms().max(current.updated_at),
                ..current.clone()
            };
            entity::update(tx, &current, &next)?;
            Ok(next)
        })
    }

    /// Moves document `id` into live project `project_id` of its workspace, or out of any
    /// project with `None`; returns it as stored (the version stays). A project of another
    /// workspace is `InvalidInput` on `project_id`.
    pub fn move_to_project(&self, id: &str, project_id: Option<&str>) -> Result<Document, StoreError> {
        let project_id = optional_id("project_id", project_id)?;
        self.cx.write(|tx| {
            let current = get(tx, id)?;
            self.cx.authorize(tx, Action::Write, &container(&current.workspace_id, current.project_id.as_deref()))?;
            let project_id = project_in(tx, &current.workspace_id, project_id.as_deref())?;
            self.cx.authorize(tx, Action::Write, &container(&current.workspace_id, project_id.as_deref()))?;
            let next = Document { project_id, updated_at: now_ms().max(current.updated_at), ..current.clone() };
            entity::update(tx, &current, &next)?;
            Ok(next)
        })
    }

    /// Soft-deletes document `id`: it disappears from every read and search until restored.
    /// Audited.
    pub fn delete(&self, id: &str) -> Result<(), StoreError> {
        self.cx.write(|tx| {
            let current = get(tx, id)?;
            self.cx.authorize(tx, Action::Delete, &container(&current.workspace_id, current.project_id.as_deref()))?;
            entity::soft_delete::<Document>(tx, &current.id)?;
            let details = serde_json::json!({ "workspace_id": current.workspace_id });
            self.cx.audit(tx, "document.delete", "document", &current.id, details)
        })
    }

    /// Undoes [`Documents::delete`]. A document whose workspace or project is deleted is
    /// `InvalidInput` (restore that first). Audited.
    pub fn restore(&self, id: &str) -> Result<Document, StoreError> {
        self.cx.write(|tx| {
            let (id, workspace_id, project_id) = stored_container(tx, id)?;
            self.cx.authorize(tx, Action::Delete, &container(&workspace_id, project_id.as_deref()))?;
            let document = entity::restore::<Document>(tx, &id)?;
            let details = serde_json::json!({ "workspace_id": workspace_id });
            self.cx.audit(tx, "document.restore", "document", &id, details)?;
            Ok(document)
        })
    }

    /// Removes document `id` for good, live or deleted, with its search entry. Audited.
    pub fn purge(&self, id: &str) -> Result<(), StoreError> {
        self.cx.write(|tx| {
            let (id, workspace_id, project_id) = stored_container(tx, id)?;
            self.cx.authorize(tx, Action::Delete, &container(&workspace_id, project_id.as_deref()))?;
            entity::purge::<Document>(tx, &id)?;
            self.cx.audit(tx, "document.purge", "document", &id, serde_json::json!({ "workspace_id": workspace_id }))
        })
    }

    /// Live documents matching `query` in their title or body, most relevant (BM25, title
    /// matches weighing more) first.
    pub fn search(&self, query: &DocumentSearch) -> Result<Vec<DocumentHit>, StoreError> {
        let expression = fts_expression(&query.text, query.syntax)?;
        let limit = limits::limit(query.limit)?;
        let workspace_id = optional_id("workspace_id", query.workspace_id.as_deref())?;
        let project_id = optional_id("project_id", query.project_id.as_deref())?;
        self.cx.search(|conn| {
            search::run(conn, "documents_fts", &expression, query.syntax, || {
                let mut stmt = conn.prepare_cached(&format!(
                    "SELECT {}, {},
                            bm25(documents_fts, {TITLE_WEIGHT}, 1.0) AS rank
                     FROM documents_fts JOIN documents e ON e.seq = documents_fts.rowid
                          JOIN workspaces w ON w.id = e.workspace_id LEFT JOIN projects p ON p.id = e.project_id
                     WHERE documents_fts MATCH ?1 AND {}
                       AND (?2 IS NULL OR e.workspace_id = ?2) AND (?3 IS NULL OR e.project_id = ?3)
                     ORDER BY rank, e.created_at DESC, e.id DESC LIMIT ?4",
                    Document::COLUMNS,
                    search::snippet_sql("documents_fts", -1, "e.body"),
                    Document::LIVE
                ))?;
                let rows = stmt.query_map(params![expression, workspace_id, project_id, limit], |row| {
                    Ok(DocumentHit {
                        document: Document::from_row(row)?,
                        snippet: row.get(9)?,
                        score: -row.get::<_, f64>(10)?,
                    })
                })?;
                Ok(rows.collect::<rusqlite::Result<_>>()?)
            })
        })
    }
}

/// The live document `id`, or `NotFound`.
pub(crate) fn get(conn: &Connection, id: &str) -> Result<Document> {
    entity::get(conn, id)
}

/// What holds a document for permissions: its project, else its workspace.
fn container(workspace_id: &str, project_id: Option<&str>) -> ResourceRef {
    match project_id {
        Some(project_id) => ResourceRef::project(project_id),
        None => ResourceRef::workspace(workspace_id),
    }
}

/// Document `id` (canonical, live or deleted), its workspace and its project.
fn stored_container(conn: &Connection, id: &str) -> Result<(String, String, Option<String>)> {
    let (id, workspace_id) = entity::stored::<Document, String>(conn, id, "workspace_id")?;
    let (_, project_id) = entity::stored::<Document, Option<String>>(conn, &id, "project_id")?;
    Ok((id, workspace_id, project_id))
}
