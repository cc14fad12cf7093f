//! The ledger of AI calls, and cost and token queries over it.
//!
//! A call's time is its row's `created_at` (the caller may give it, for imports), and every
//! list and usage query is a range on it after at most one equality, which the indexes of
//! `0004_ai.sql` serve (a unit test below checks the plans). Amounts are integer micro-units
//! and are only ever added within one currency.

use crate::ai::model::{
    Interaction, InteractionFilter, InteractionStatus, NewInteraction, ProviderConfig, ProviderKind, UsageGrouping,
    UsageQuery, UsageRow, UsageTotal,
};
use crate::ai::{error_text, providers, timestamp};
use crate::content::model::{Thread, Workspace};
use crate::content::{messages, threads, workspaces};
use crate::context::Context;
use crate::entity::{self, Entity};
use crate::error::{Error, Result, StoreError};
use crate::governance::model::{Action, ResourceRef};
use crate::ids::{new_id, now_ms};
use crate::limits;
use crate::model::PageRequest;
use crate::paging::Page;
use crate::values::{currency, optional_id, unsigned};
use rusqlite::types::Value;
use rusqlite::{Connection, Row, params, params_from_iter};

/// The ledger of AI calls, and cost and token queries over it. Get one from
/// [`crate::Store::interactions`].
///
/// The ledger is append-only: calls are recorded, read and deleted, never edited. It records
/// money spent, so soft-deleting a workspace, thread or message does not hide its calls;
/// purging a workspace removes them, and purging a thread or message (or deleting a provider
/// config) only clears the reference.
#[derive(Clone)]
pub struct Interactions {
    pub(crate) cx: Context,
}

const COLUMNS: &str = "e.id, e.config_id, e.provider, e.workspace_id, e.thread_id, e.message_id, e.model,
    e.prompt_tokens, e.completion_tokens, e.latency_ms, e.cost_micros, e.currency, e.status, e.error, e.created_at,
    e.updated_at";

impl Entity for Interaction {
    const NAME: &'static str = "interaction";
    const TABLE: &'static str = "ai_interactions";
    const COLUMNS: &'static str = COLUMNS;
    const FROM: &'static str = "ai_interactions e";
    const LIVE: &'static str = "TRUE";

    fn from_row(row: &Row) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get(0)?,
            config_id: row.get(1)?,
            provider: row.get(2)?,
            workspace_id: row.get(3)?,
            thread_id: row.get(4)?,
            message_id: row.get(5)?,
            model: row.get(6)?,
            prompt_tokens: row.get(7)?,
            completion_tokens: row.get(8)?,
            latency_ms: row.get(9)?,
            cost_micros: unsigned(row, 10)?,
            currency: row.get(11)?,
            status: row.get(12)?,
            error: row.get(13)?,
            created_at: row.get(14)?,
            updated_at: row.get(15)?,
        })
    }
}

/// Where a call was made: workspace, thread and message, each implied by the next.
struct Place {
    workspace_id: Option<String>,
    thread_id: Option<String>,
    message_id: Option<String>,
}

impl Interactions {
    /// Records one call. With `config_id`, the provider defaults to the config's kind (and
    /// must equal it when given) and the caller must own the config. The workspace, thread
    /// and message must be live and nested (a message of the thread, a thread of the
    /// workspace); the ones left out are derived from the ones given, and the caller must be
    /// allowed to write in the workspace.
    pub fn record(&self, new: &NewInteraction) -> Result<Interaction, StoreError> {
        let model = limits::name("model", &new.model)?;
        let currency = currency(&new.currency)?;
        let error = error_text("error", new.error.as_deref())?;
        if error.is_some() && new.status == InteractionStatus::Succeeded {
            return Err(Error::invalid("error", "a call that succeeded has no error").into());
        }
        let cost_micros = i64::try_from(new.cost_micros)
            .map_err(|_| Error::invalid("cost_micros", format!("larger than {}", i64::MAX)))?;
        let occurred_at = timestamp("occurred_at", new.occurred_at)?;
        let config_id = optional_id("config_id", new.config_id.as_deref())?;
        let workspace_id = optional_id("workspace_id", new.workspace_id.as_deref())?;
        let thread_id = optional_id("thread_id", new.thread_id.as_deref())?;
        let message_id = optional_id("message_id", new.message_id.as_deref())?;
        self.cx.write(|tx| {
            let config = config_id.as_deref().map(|id| providers::get(tx, id)).transpose()?;
            let provider = match (&config, new.provider) {
                (Some(config), Some(provider)) if provider != config.kind => {
                    return Err(Error::invalid(
                        "provider",
                        format!("{} differs from the config's kind, {}", provider.as_str(), config.kind.as_str()),
                    ));
                }
                (Some(config), _) => config.kind,
                (None, Some(provider)) => provider,
                (None, None) => return Err(Error::invalid("provider", "is required without config_id")),
            };
            if let Some(config) = &config {
                self.cx.authorize_self(&config.user_id, Action::Write)?;
            }
            let place = place(tx, workspace_id, thread_id, message_id)?;
            if let Some(workspace_id) = &place.workspace_id {
                self.cx.authorize(tx, Action::Write, &ResourceRef::workspace(workspace_id))?;
            }
            let now = now_ms();
            let (id, created_at) = match occurred_at {
                Some(at) => (id_at(at), at),
                None => new_id(),
            };
            tx.execute(
                "INSERT INTO ai_interactions
                     (id, config_id, provider, workspace_id, thread_id, message_id, model, prompt_tokens,
                      completion_tokens, latency_ms, cost_micros, currency, status, error, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                params![
                    id,
                    config_id,
                    provider,
                    place.workspace_id,
                    place.thread_id,
                    place.message_id,
                    model,
                    new.prompt_tokens,
                    new.completion_tokens,
                    new.latency_ms,
                    cost_micros,
                    currency,
                    new.status,
                    error,
                    created_at,
                    now.max(created_at),
                ],
            )?;
            get(tx, &id)
        })
    }

    /// Call `id`.
    pub fn get(&self, id: &str) -> Result<Interaction, StoreError> {
        self.cx.read(|conn| get(conn, id))
    }

    /// Calls matching `filter`, newest first. A workspace, thread or config named in the
    /// filter must exist (a soft-deleted workspace or thread still has its calls).
    pub fn list(&self, filter: &InteractionFilter, page: &PageRequest) -> Result<Vec<Interaction>, StoreError> {
        let workspace_id = optional_id("workspace_id", filter.workspace_id.as_deref())?;
        let thread_id = optional_id("thread_id", filter.thread_id.as_deref())?;
        let config_id = optional_id("config_id", filter.config_id.as_deref())?;
        let (from, to) = range(filter.from, filter.to)?;
        self.cx.read(|conn| {
            require_stored::<Workspace>(conn, workspace_id.as_deref())?;
            require_stored::<Thread>(conn, thread_id.as_deref())?;
            require_stored::<ProviderConfig>(conn, config_id.as_deref())?;
            let page = Page::resolve(conn, "ai_interactions", None, page)?;
            let mut filter = Conditions::default();
            filter.equal("workspace_id", workspace_id);
            filter.equal("thread_id", thread_id);
            filter.equal("config_id", config_id);
            filter.range(from, to);
            filter
                .push("(e.created_at, e.id) < (?, ?)", [page.before_time().into(), page.before_id().to_owned().into()]);
            filter.values.push(page.limit.into());
            let mut stmt = conn.prepare_cached(&list_sql(&filter))?;
            let rows = stmt.query_map(params_from_iter(&filter.values), Interaction::from_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Deletes call `id` for good (the results of flow steps that made it keep their rows).
    /// The caller must be allowed to delete in its workspace, or own its config.
    pub fn delete(&self, id: &str) -> Result<(), StoreError> {
        self.cx.write(|tx| {
            let current = get(tx, id)?;
            if let Some(workspace_id) = &current.workspace_id {
                self.cx.authorize(tx, Action::Delete, &ResourceRef::workspace(workspace_id))?;
            } else if let Some(config) = current.config_id.as_deref().map(|id| providers::get(tx, id)).transpose()? {
                self.cx.authorize_self(&config.user_id, Action::Delete)?;
            }
            entity::purge::<Interaction>(tx, &current.id)?;
            let details = serde_json::json!({
                "provider": current.provider.as_str(),
                "model": current.model,
                "cost_micros": current.cost_micros,
                "currency": current.currency,
                "workspace_id": current.workspace_id,
            });
            self.cx.audit(tx, "interaction.delete", "interaction", &current.id, details)
        })
    }

    /// Usage grouped by `query.group_by` and currency, largest cost first, then by key and
    /// currency. Only calls in `[query.from, query.to)` (UTC milliseconds) count, and only
    /// those of `query.workspace_id` and `query.provider` when set.
    pub fn usage(&self, query: &UsageQuery) -> Result<Vec<UsageRow>, StoreError> {
        let key = match query.group_by {
            UsageGrouping::Provider => "e.provider",
            UsageGrouping::Model => "e.model",
            UsageGrouping::Day => "strftime('%Y-%m-%d', e.created_at / 1000, 'unixepoch')",
            UsageGrouping::Workspace => "coalesce(e.workspace_id, '')",
        };
        self.aggregate(query, &format!("{key}, e.currency"), |row| {
            let sums = Sums::from_row(row, 2)?;
            Ok(UsageRow {
                key: row.get(0)?,
                currency: row.get(1)?,
                interactions: sums.interactions,
                prompt_tokens: sums.prompt_tokens,
                completion_tokens: sums.completion_tokens,
                total_tokens: sums.prompt_tokens + sums.completion_tokens,
                cost_micros: sums.cost_micros,
                total_latency_ms: sums.latency_ms,
                avg_latency_ms: sums.latency_ms / sums.interactions.max(1),
            })
        })
    }

    /// Usage per currency over the calls `query` selects (its `group_by` is ignored), largest
    /// cost first.
    pub fn totals(&self, query: &UsageQuery) -> Result<Vec<UsageTotal>, StoreError> {
        self.aggregate(query, "e.currency", |row| {
            let sums = Sums::from_row(row, 1)?;
            Ok(UsageTotal {
                currency: row.get(0)?,
                interactions: sums.interactions,
                prompt_tokens: sums.prompt_tokens,
                completion_tokens: sums.completion_tokens,
                total_tokens: sums.prompt_tokens + sums.completion_tokens,
                cost_micros: sums.cost_micros,
                total_latency_ms: sums.latency_ms,
                avg_latency_ms: sums.latency_ms / sums.interactions.max(1),
            })
        })
    }

    /// Runs the usage query grouped by `group` (columns that are also the first selected),
    /// mapping each group's row with `read`.
    fn aggregate<T>(
        &self,
        query: &UsageQuery,
        group: &str,
        read: impl Fn(&Row) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, StoreError> {
        let workspace_id = optional_id("workspace_id", query.workspace_id.as_deref())?;
        let (from, to) = range(query.from, query.to)?;
        self.cx.read(|conn| {
            require_stored::<Workspace>(conn, workspace_id.as_deref())?;
            let filter = usage_filter(workspace_id, query.provider, from, to);
            let mut stmt = conn.prepare_cached(&usage_sql(group, &filter))?;
            let rows = stmt.query_map(params_from_iter(&filter.values), read)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}

/// Call `id`, or `NotFound`.
pub(crate) fn get(conn: &Connection, id: &str) -> Result<Interaction> {
    entity::get(conn, id)
}

fn list_sql(filter: &Conditions) -> String {
    format!(
        "SELECT {COLUMNS} FROM ai_interactions e WHERE {} ORDER BY e.created_at DESC, e.id DESC LIMIT ?",
        filter.sql()
    )
}

fn usage_filter(
    workspace_id: Option<String>,
    provider: Option<ProviderKind>,
    from: Option<i64>,
    to: Option<i64>,
) -> Conditions {
    let mut filter = Conditions::default();
    filter.equal("workspace_id", workspace_id);
    filter.equal("provider", provider.map(|p| p.as_str().to_owned()));
    filter.range(from, to);
    filter
}

fn usage_sql(group: &str, filter: &Conditions) -> String {
    format!(
        "SELECT {group}, count(*), sum(e.prompt_tokens), sum(e.completion_tokens), sum(e.cost_micros),
                sum(e.latency_ms)
         FROM ai_interactions e WHERE {}
         GROUP BY {group} ORDER BY sum(e.cost_micros) DESC, {group}",
        filter.sql()
    )
}

/// The sums every usage row carries, read from `first` on.
struct Sums {
    interactions: u64,
    prompt_tokens: u64,
    completion_tokens: u64,
    cost_micros: u64,
    latency_ms: u64,
}

impl Sums {
    fn from_row(row: &Row, first: usize) -> rusqlite::Result<Self> {
        Ok(Self {
            interactions: unsigned(row, first)?,
            prompt_tokens: unsigned(row, first + 1)?,
            completion_tokens: unsigned(row, first + 2)?,
            cost_micros: unsigned(row, first + 3)?,
            latency_ms: unsigned(row, first + 4)?,
        })
    }
}

/// A WHERE clause built from the filters that are set, so each query names only the columns
/// it filters on and SQLite can pick the index for them (`?1 IS NULL OR col = ?1` defeats
/// that). Placeholders are positional `?`, bound from `values` in order.
#[derive(Default)]
struct Conditions {
    clauses: Vec<String>,
    values: Vec<Value>,
}

impl Conditions {
    fn push<const N: usize>(&mut self, clause: &str, values: [Value; N]) {
        self.clauses.push(clause.to_owned());
        self.values.extend(values);
    }

    fn equal(&mut self, column: &str, value: Option<String>) {
        if let Some(value) = value {
            self.push(&format!("e.{column} = ?"), [value.into()]);
        }
    }

    fn range(&mut self, from: Option<i64>, to: Option<i64>) {
        if let Some(from) = from {
            self.push("e.created_at >= ?", [from.into()]);
        }
        if let Some(to) = to {
            self.push("e.created_at < ?", [to.into()]);
        }
    }

    fn sql(&self) -> String {
        if self.clauses.is_empty() { "TRUE".to_owned() } else { self.clauses.join(" AND ") }
    }
}

/// A half-open time range `[from, to)`; `to` before `from` is `InvalidInput` on `to`.
fn range(from: Option<i64>, to: Option<i64>) -> Result<(Option<i64>, Option<i64>)> {
    if let (Some(from), Some(to)) = (from, to)
        && to < from
    {
        return Err(Error::invalid("to", format!("{to} is before from ({from})")));
    }
    Ok((from, to))
}

/// `NotFound` unless record `id` (if given) of `E` exists, live or soft-deleted.
fn require_stored<E: Entity>(conn: &Connection, id: Option<&str>) -> Result<()> {
    id.map(|id| entity::stored::<E, String>(conn, id, "id")).transpose().map(drop)
}

/// The workspace, thread and message of a new call, checked live and nested; the ones left
/// out are derived (a message implies its thread, a thread its workspace).
fn place(
    conn: &Connection,
    workspace_id: Option<String>,
    mut thread_id: Option<String>,
    message_id: Option<String>,
) -> Result<Place> {
    // The field to blame when the thread turns out to be in another workspace.
    let mut thread_field = "thread_id";
    if let Some(id) = &message_id {
        let message = messages::get(conn, id)?;
        match &thread_id {
            Some(thread) if *thread != message.thread_id => {
                return Err(Error::invalid("message_id", "names a message of another thread"));
            }
            Some(_) => {}
            None => {
                thread_id = Some(message.thread_id);
                thread_field = "message_id";
            }
        }
    }
    let workspace_id = match (workspace_id, &thread_id) {
        (Some(workspace), thread) => {
            workspaces::get(conn, &workspace)?;
            if let Some(thread) = thread
                && threads::get(conn, thread)?.workspace_id != workspace
            {
                return Err(Error::invalid(thread_field, "names a thread of another workspace"));
            }
            Some(workspace)
        }
        (None, Some(thread)) => Some(threads::get(conn, thread)?.workspace_id),
        (None, None) => None,
    };
    Ok(Place { workspace_id, thread_id, message_id })
}

/// A fresh UUIDv7 whose timestamp is `ms` (a call placed in the past keeps its id and its
/// `created_at` in agreement, as every other record's do).
fn id_at(ms: i64) -> String {
    let secs = u64::try_from(ms.div_euclid(1000)).unwrap_or(0);
    let nanos = u32::try_from(ms.rem_euclid(1000) * 1_000_000).unwrap_or(0);
    uuid::Uuid::new_v7(uuid::Timestamp::from_unix(uuid::NoContext, secs, nanos)).to_string()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::db::Db;
    use crate::model::StoreConfig;
    use std::sync::Arc;

    /// The query plan of `sql` bound with `values`, one detail line per step.
    fn plan(conn: &Connection, sql: &str, values: &[Value]) -> String {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows = stmt.query_map(params_from_iter(values), |row| row.get::<_, String>(3)).unwrap();
        rows.map(Result::unwrap).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn usage_range_queries_use_an_index() {
        let cx = Context { db: Arc::new(Db::open(&StoreConfig::in_memory()).unwrap()), caller: None };
        let workspace = Some("01890a5d-ac96-774b-bcce-b302099a8057".to_owned());
        let cases = [
            (usage_filter(None, None, Some(0), Some(1000)), "ai_interactions_newest"),
            (usage_filter(workspace.clone(), None, Some(0), Some(1000)), "ai_interactions_by_workspace"),
            (usage_filter(None, Some(ProviderKind::OpenAi), Some(0), None), "ai_interactions_by_provider"),
        ];
        cx.read(|conn| {
            for (filter, index) in &cases {
                for group in ["e.provider, e.currency", "e.model, e.currency", "e.currency"] {
                    let plan = plan(conn, &usage_sql(group, filter), &filter.values);
                    assert!(plan.contains(&format!("USING INDEX {index}")), "{group} / {index}:\n{plan}");
                    assert!(!plan.contains("SCAN e"), "{group} scans the table:\n{plan}");
                }
            }
            Ok(())
        })
        .unwrap();
    }

    #[test]
    fn filtered_lists_read_an_index_in_order() {
        let cx = Context { db: Arc::new(Db::open(&StoreConfig::in_memory()).unwrap()), caller: None };
        let id = || Some("01890a5d-ac96-774b-bcce-b302099a8057".to_owned());
        let cases = [
            ("", "ai_interactions_newest"),
            ("workspace_id", "ai_interactions_by_workspace"),
            ("thread_id", "ai_interactions_by_thread"),
            ("config_id", "ai_interactions_by_config"),
        ];
        cx.read(|conn| {
            for (column, index) in cases {
                let mut filter = Conditions::default();
                if !column.is_empty() {
                    filter.equal(column, id());
                }
                filter.range(Some(0), Some(1000));
                filter.push("(e.created_at, e.id) < (?, ?)", [i64::MAX.into(), String::new().into()]);
                filter.values.push(10.into());
                let plan = plan(conn, &list_sql(&filter), &filter.values);
                assert!(plan.contains(&format!("USING INDEX {index}")), "{column}:\n{plan}");
                assert!(!plan.contains("TEMP B-TREE"), "{column} sorts:\n{plan}");
            }
            Ok(())
        })
        .unwrap();
    }

    #[test]
    fn ids_carry_the_time_they_are_placed_at() {
        let id = uuid::Uuid::parse_str(&id_at(1_700_000_000_123)).unwrap();
        let (secs, nanos) = id.get_timestamp().unwrap().to_unix();
        assert_eq!((secs, nanos / 1_000_000), (1_700_000_000, 123));
    }
}
