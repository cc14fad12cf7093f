//! Messages of a thread, their branches, and full-text search over their content.

use crate::content::message_search;
use crate::content::model::{Message, MessageRole, NewMessage, SearchHit, SearchQuery};
use crate::content::search::{self, fts_expression};
use crate::content::threads;
use crate::context::Context;
use crate::entity::{self, Entity, Record};
use crate::error::{Error, Result, StoreError};
use crate::governance::model::{Action, ResourceRef};
use crate::ids::{new_id, now_ms, parse_id};
use crate::limits;
use crate::model::PageRequest;
use crate::paging::Page;
use crate::schema;
use crate::values::optional_id;
use rusqlite::{Connection, params};

/// Append, read, edit, branch, delete, restore, purge and search messages. Get one from
/// [`crate::Store::messages`].
#[derive(Clone)]
pub struct Messages {
    pub(crate) cx: Context,
}

impl crate::Store {
    /// Messages of threads, and search over them.
    pub fn messages(&self) -> Messages {
        Messages { cx: self.cx.clone() }
    }
}

impl Messages {
    /// Appends a message to thread `thread_id` and indexes it for search in the same
    /// transaction.
    pub fn append(&self, thread_id: &str, role: MessageRole, content: &str) -> Result<Message, StoreError> {
        self.append_new(&NewMessage::new(thread_id, role, content))
    }

    /// Appends `message` with all its details (parent, provider, model, token counts).
    pub fn append_new(&self, message: &NewMessage) -> Result<Message, StoreError> {
        let mut appended = self.append_batch(std::slice::from_ref(message))?;
        appended.pop().ok_or_else(|| StoreError::Storage { reason: "append returned no message".into() })
    }

    /// Appends `messages` in order in one transaction: all of them or, on any bad one, none.
    /// The fast way to import a history; each thread's `last_message_at` moves once.
    pub fn append_batch(&self, messages: &[NewMessage]) -> Result<Vec<Message>, StoreError> {
        let checked = messages.iter().map(check_new).collect::<Result<Vec<_>>>()?;
        self.cx.write(|tx| {
            let mut live_threads = std::collections::HashMap::new();
            let mut appended = Vec::with_capacity(checked.len());
            for new in checked {
                if !live_threads.contains_key(&new.thread_id) {
                    let thread = threads::get(tx, &new.thread_id)?;
                    self.cx.authorize(tx, Action::Write, &ResourceRef::thread(&thread.id))?;
                    live_threads.insert(new.thread_id.clone(), 0);
                }
                if let Some(parent_id) = &new.parent_id {
                    let parent = get(tx, parent_id)?;
                    if parent.thread_id != new.thread_id {
                        return Err(Error::invalid("parent_id", "names a message of another thread"));
                    }
                }
                let (id, now) = new_id();
                live_threads.insert(new.thread_id.clone(), now);
                let message = Message {
                    id,
                    thread_id: new.thread_id,
                    role: new.role,
                    content: new.content,
                    parent_id: new.parent_id,
                    provider: new.provider,
                    model: new.model,
                    prompt_tokens: new.prompt_tokens,
                    completion_tokens: new.completion_tokens,
                    created_at: now,
                    updated_at: now,
                };
                appended.push(message);
            }
            insert_rows(tx, &appended, self.cx.caller.as_deref())?;
            let mut touch = tx.prepare_cached("UPDATE threads SET last_message_at = ?2 WHERE id = ?1")?;
            for (thread_id, last) in live_threads {
                touch.execute(params![thread_id, last])?;
            }
            Ok(appended)
        })
    }

    /// The live message `id`.
    pub fn get(&self, id: &str) -> Result<Message, StoreError> {
        self.cx.read(|conn| get(conn, id))
    }

    /// Live messages of thread `thread_id`, newest first.
    pub fn list(&self, thread_id: &str, page: &PageRequest) -> Result<Vec<Message>, StoreError> {
        let thread_id = parse_id("thread_id", thread_id)?;
        self.cx.read(|conn| {
            threads::get(conn, &thread_id)?;
            let page = Page::resolve(conn, "messages", Some(("thread_id", &thread_id)), page)?;
            // The thread is known live, so only the message's own flag needs checking.
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {} FROM messages e
                 WHERE e.thread_id = ?1 AND e.deleted_at IS NULL AND (e.created_at, e.id) < (?2, ?3)
                 ORDER BY e.created_at DESC, e.id DESC LIMIT ?4",
                Message::COLUMNS
            ))?;
            let rows = stmt
                .query_map(params![thread_id, page.before_time(), page.before_id(), page.limit], Message::from_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Live messages whose parent is live message `id` (its branches), newest first.
    pub fn children(&self, id: &str, page: &PageRequest) -> Result<Vec<Message>, StoreError> {
        self.cx.read(|conn| {
            let parent = get(conn, id)?;
            entity::list(conn, Some(("parent_id", &parent.id)), page)
        })
    }

    /// Replaces the content of message `id`; the search index follows in the same transaction.
    pub fn edit(&self, id: &str, content: &str) -> Result<Message, StoreError> {
        let content = schema::messages::content.text(content)?;
        self.cx.write(|tx| {
            let current = get(tx, id)?;
            self.cx.authorize(tx, Action::Write, &ResourceRef::thread(&current.thread_id))?;
            let next = Message { content, updated_at: now_ms().max(current.updated_at), ..current.clone() };
            entity::update(tx, &current, &next)?;
            Ok(next)
        })
    }

    /// Soft-deletes message `id`: it and its attachments disappear from every read and
    /// search until restored; its children stay (their `parent_id` still names it). Audited.
    pub fn delete(&self, id: &str) -> Result<(), StoreError> {
        self.cx.write(|tx| {
            let current = get(tx, id)?;
            self.cx.authorize(tx, Action::Delete, &ResourceRef::thread(&current.thread_id))?;
            entity::soft_delete::<Message>(tx, &current.id)?;
            threads::refresh_last_message(tx, &current.thread_id)?;
            let details = serde_json::json!({ "thread_id": current.thread_id });
            self.cx.audit(tx, "message.delete", "message", &current.id, details)
        })
    }

    /// Undoes [`Messages::delete`]. A message of a deleted thread is `InvalidInput` (restore
    /// the thread first). Audited.
    pub fn restore(&self, id: &str) -> Result<Message, StoreError> {
        self.cx.write(|tx| {
            let (id, thread_id) = entity::stored::<Message, String>(tx, id, "thread_id")?;
            self.cx.authorize(tx, Action::Delete, &ResourceRef::thread(&thread_id))?;
            let message = entity::restore::<Message>(tx, &id)?;
            threads::refresh_last_message(tx, &thread_id)?;
            self.cx.audit(tx, "message.restore", "message", &id, serde_json::json!({ "thread_id": thread_id }))?;
            Ok(message)
        })
    }

    /// Removes message `id` for good, live or deleted, with its attachments and its search
    /// entry; its children stay, with no parent. Audited.
    pub fn purge(&self, id: &str) -> Result<(), StoreError> {
        self.cx.write(|tx| {
            let (id, thread_id) = entity::stored::<Message, String>(tx, id, "thread_id")?;
            self.cx.authorize(tx, Action::Delete, &ResourceRef::thread(&thread_id))?;
            entity::purge::<Message>(tx, &id)?;
            threads::refresh_last_message(tx, &thread_id)?;
            self.cx.audit(tx, "message.purge", "message", &id, serde_json::json!({ "thread_id": thread_id }))
        })
    }

    /// Live messages matching `query`, most relevant (BM25) first.
    pub fn search(&self, query: &SearchQuery) -> Result<Vec<SearchHit>, StoreError> {
        let expression = fts_expression(&query.text, query.syntax)?;
        let limit = limits::limit(query.limit)?;
        let query = &SearchQuery {
            workspace_id: optional_id("workspace_id", query.workspace_id.as_deref())?,
            thread_id: optional_id("thread_id", query.thread_id.as_deref())?,
            ..query.clone()
        };
        self.cx.search(|conn| {
            search::run(conn, "messages_fts", &expression, query.syntax, || {
                message_search::search(conn, &expression, query, limit)
            })
        })
    }
}

/// `new` with its ids canonical and its fields within their limits.
fn check_new(new: &NewMessage) -> Result<NewMessage> {
    use schema::messages as column;
    Ok(NewMessage {
        thread_id: column::thread_id.text(&new.thread_id)?,
        role: new.role,
        content: column::content.text(&new.content)?,
        parent_id: column::parent_id.optional_text(new.parent_id.as_deref())?,
        provider: column::provider.optional_text(new.provider.as_deref())?,
        model: column::model.optional_text(new.model.as_deref())?,
        prompt_tokens: new.prompt_tokens,
        completion_tokens: new.completion_tokens,
    })
}

/// Inserts `rows`, already checked, and indexes them for search in the same transaction:
/// the one way messages enter the store (append, import), so the index is kept in step
/// per batch rather than per row.
pub(crate) fn insert_rows(tx: &Connection, rows: &[Message], author: Option<&str>) -> Result<()> {
    let Some(first) = rows.first() else { return Ok(()) };
    let mut insert = tx.prepare_cached(&INSERT_AUTHORED)?;
    let mut insert_one = |row: &Message| -> Result<()> {
        let mut values = row.values()?;
        values.push(rusqlite::ToSql::to_sql(&author)?);
        insert.execute(rusqlite::params_from_iter(values))?;
        Ok(())
    };
    insert_one(first)?;
    // Each row's seq is one more than the last (the table's largest rowid plus one).
    let from = tx.last_insert_rowid();
    for row in &rows[1..] {
        insert_one(row)?;
    }
    let to = tx.last_insert_rowid();
    // One statement for the batch: FTS5 flushes its pending terms once per statement, where
    // a row trigger made a tiny index segment for every message (docs/benchmarks.md).
    tx.prepare_cached(
        "INSERT INTO messages_fts (rowid, content) SELECT seq, content FROM messages WHERE seq BETWEEN ?1 AND ?2",
    )?
    .execute([from, to])?;
    // The row seam counts the batch here too (schema/seam.rs, BATCHED): once per scope.
    if counting_batches() {
        for sql in COUNT_BATCH.iter() {
            tx.prepare_cached(sql)?.execute([from, to])?;
        }
    }
    Ok(())
}

/// Whether batches are counted: always, but the storage bench turns it off for the copy it
/// compares against (with the seam's triggers dropped), in builds with test hooks only.
#[cfg(feature = "test-hooks")]
pub(crate) static COUNT_BATCHES: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

fn counting_batches() -> bool {
    #[cfg(feature = "test-hooks")]
    return COUNT_BATCHES.load(std::sync::atomic::Ordering::Relaxed);
    #[cfg(not(feature = "test-hooks"))]
    true
}

/// A message's INSERT with its author (the acting user, for erasure), made once.
static INSERT_AUTHORED: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| entity::insert_sql::<Message>(&["author_user_id"]));

/// The row seam's statements counting a batch of messages in, made once.
static COUNT_BATCH: std::sync::LazyLock<Vec<String>> =
    std::sync::LazyLock::new(|| crate::schema::seam::batch_insert("messages"));

/// The live message `id`, or `NotFound`.
pub(crate) fn get(conn: &Connection, id: &str) -> Result<Message> {
    entity::get(conn, id)
}

crate::values::sql_enum!(MessageRole { User => "user", Assistant => "assistant", System => "system", Tool => "tool" });
