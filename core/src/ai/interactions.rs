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
use crate::ai::{error_text, providers};
use crate::content::model::{Thread, Workspace};
use crate::content::{messages, threads, workspaces};
use crate::context::Context;
use crate::entity::{self, Entity, Record};
use crate::error::{Error, Result, StoreError};
use crate::governance::model::{Action, ResourceRef};
use crate::ids::{new_id, now_ms};
use crate::model::PageRequest;
use crate::paging::Page;
use crate::schema;
use crate::values::optional_id;
use rusqlite::types::Value;
use rusqlite::{Connection, Row, params_from_iter};

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

impl crate::Store {
    /// The ledger of AI calls, with cost and token queries.
    pub fn interactions(&self) -> Interactions {
        Interactions { cx: self.cx.clone() }
    }
}

const COLUMNS: &str = "e.id, e.config_id, e.provider, e.workspace_id, e.thread_id, e.message_id, e.model,
    e.prompt_tokens, e.completion_tokens, e.latency_ms, e.cost_micros, e.currency, e.status, e.error, e.created_at,
    e.updated_at";

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
        use schema::ai_interactions as column;
        let model = column::model.text(&new.model)?;
        let currency = column::currency.text(&new.currency)?;
        let error = error_text(&column::error, new.error.as_deref())?;
        if error.is_some() && new.status == InteractionStatus::Succeeded {
            return Err(Error::invalid("error", "a call that succeeded has no error").into());
        }
        let cost_micros = column::cost_micros.unsigned(new.cost_micros)?;
        let occurred_at = new.occurred_at.map(|at| column::created_at.int_as("occurred_at", at)).transpose()?;
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
            let interaction = Interaction {
                id,
                config_id,
                provider,
                workspace_id: place.workspace_id,
                thread_id: place.thread_id,
                message_id: place.message_id,
                model,
                prompt_tokens: new.prompt_tokens,
                completion_tokens: new.completion_tokens,
                latency_ms: new.latency_ms,
                cost_micros,
                currency,
                status: new.status,
                error,
                created_at,
                updated_at: now.max(created_at),
            };
            entity::insert(tx, &interaction)?;
            Ok(interaction)
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
    /// those of `query.workspace_id` and `query.provider` when set. Sums are exact; one that
    /// does not fit 64 bits (only rows written before amounts were bounded can get there) is
    /// `InvalidInput` on `query`, never a failed query.
    pub fn usage(&self, query: &UsageQuery) -> Result<Vec<UsageRow>, StoreError> {
        let key = match query.group_by {
            UsageGrouping::Provider => "e.provider",
            UsageGrouping::Model => "e.model",
            UsageGrouping::Day => DAY,
            UsageGrouping::Workspace => "coalesce(e.workspace_id, '')",
        };
        let groups = self.aggregate(query, &format!("{key}, e.currency"))?;
        let mut rows = groups
            .into_iter()
            .map(|group| {
                let key = match (query.group_by, &group.key) {
                    (UsageGrouping::Day, Value::Integer(day)) => day_key(*day),
                    (_, Value::Text(text)) => text.clone(),
                    (_, other) => format!("{other:?}"),
                };
                let totals = group.totals()?;
                Ok(UsageRow {
                    key,
                    currency: totals.currency,
                    interactions: totals.interactions,
                    prompt_tokens: totals.prompt_tokens,
                    completion_tokens: totals.completion_tokens,
                    total_tokens: totals.total_tokens,
                    cost_micros: totals.cost_micros,
                    total_latency_ms: totals.total_latency_ms,
                    avg_latency_ms: totals.avg_latency_ms,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        rows.sort_by(|a, b| {
            b.cost_micros.cmp(&a.cost_micros).then_with(|| (&a.key, &a.currency).cmp(&(&b.key, &b.currency)))
        });
        Ok(rows)
    }

    /// Usage per currency over the calls `query` selects (its `group_by` is ignored), largest
    /// cost first; sums as in [`Interactions::usage`].
    pub fn totals(&self, query: &UsageQuery) -> Result<Vec<UsageTotal>, StoreError> {
        let groups = self.aggregate(query, "e.currency")?;
        let mut totals = groups.into_iter().map(|group| group.totals()).collect::<Result<Vec<_>>>()?;
        totals.sort_by(|a, b| b.cost_micros.cmp(&a.cost_micros).then_with(|| a.currency.cmp(&b.currency)));
        Ok(totals)
    }

    /// The groups of the usage query grouped by `group` (columns that are also the first
    /// selected: a key, then the currency).
    fn aggregate(&self, query: &UsageQuery, group: &str) -> Result<Vec<Group>, StoreError> {
        let workspace_id = optional_id("workspace_id", query.workspace_id.as_deref())?;
        let (from, to) = range(query.from, query.to)?;
        self.cx.read(|conn| {
            require_stored::<Workspace>(conn, workspace_id.as_deref())?;
            let filter = usage_filter(workspace_id, query.provider, from, to);
            let mut stmt = conn.prepare_cached(&usage_sql(group, &filter))?;
            let keyed = group.contains(',');
            let rows = stmt.query_map(params_from_iter(&filter.values), |row| Group::from_row(row, keyed))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}

/// The UTC day of `e.created_at` as a day number (days since 1970-01-01, rounded down),
/// which any time has; `day_key` writes it as a date.
const DAY: &str = "(e.created_at - ((e.created_at % 86400000) + 86400000) % 86400000) / 86400000";

/// Day number `days` (since 1970-01-01) as `YYYY-MM-DD`, proleptic Gregorian (Howard
/// Hinnant's `civil_from_days`); years past 9999 get more digits rather than failing.
fn day_key(days: i64) -> String {
    let z = i128::from(days) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i128::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
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

/// Each sum is taken as two, of the high and the low 32 bits of every value, so no sum can
/// overflow SQLite's 64-bit integers whatever the rows hold; [`Group`] puts them together.
fn usage_sql(group: &str, filter: &Conditions) -> String {
    let sums: Vec<String> =
        MEASURES.iter().map(|column| format!("sum(e.{column} >> 32), sum(e.{column} & 4294967295)")).collect();
    format!(
        "SELECT {group}, count(*), {} FROM ai_interactions e WHERE {} GROUP BY {group}",
        sums.join(", "),
        filter.sql()
    )
}

/// The columns a usage row adds up, in the order of [`Group::sums`].
const MEASURES: [&str; 4] = ["prompt_tokens", "completion_tokens", "cost_micros", "latency_ms"];

/// One group of a usage query: its key (when grouped by more than currency), its currency,
/// how many calls and the exact sums of [`MEASURES`].
struct Group {
    key: Value,
    currency: String,
    interactions: i64,
    sums: [i128; 4],
}

impl Group {
    fn from_row(row: &Row, keyed: bool) -> rusqlite::Result<Self> {
        let first = usize::from(keyed);
        let mut sums = [0i128; 4];
        for (i, sum) in sums.iter_mut().enumerate() {
            let high: Option<i64> = row.get(first + 2 + 2 * i)?;
            let low: Option<i64> = row.get(first + 3 + 2 * i)?;
            *sum = (i128::from(high.unwrap_or(0)) << 32) + i128::from(low.unwrap_or(0));
        }
        Ok(Self {
            key: if keyed { row.get(0)? } else { Value::Null },
            currency: row.get(first)?,
            interactions: row.get(first + 1)?,
            sums,
        })
    }

    /// The group's totals, each checked to fit a `u64`.
    fn totals(&self) -> Result<UsageTotal> {
        let fit = |what: &str, sum: i128| {
            u64::try_from(sum).map_err(|_| {
                let reason = format!(
                    "the {what} of these calls in {} adds up to {sum}, beyond 64 bits; ask for a narrower range",
                    self.currency
                );
                Error::invalid("query", reason)
            })
        };
        let [prompt, completion, cost, latency] = self.sums;
        let interactions = fit("count", i128::from(self.interactions))?;
        let total_latency_ms = fit("latency", latency)?;
        Ok(UsageTotal {
            currency: self.currency.clone(),
            interactions,
            prompt_tokens: fit("prompt tokens", prompt)?,
            completion_tokens: fit("completion tokens", completion)?,
            total_tokens: fit("tokens", prompt + completion)?,
            cost_micros: fit("cost", cost)?,
            total_latency_ms,
            avg_latency_ms: total_latency_ms / interactions.max(1),
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

    /// The query plan of `sql` bound with `values`, one detail line per step.
    fn plan(conn: &Connection, sql: &str, values: &[Value]) -> String {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows = stmt.query_map(params_from_iter(values), |row| row.get::<_, String>(3)).unwrap();
        rows.map(Result::unwrap).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn usage_range_queries_use_an_index() {
        let cx = Context::new(Db::open(&StoreConfig::in_memory()).unwrap());
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
        let cx = Context::new(Db::open(&StoreConfig::in_memory()).unwrap());
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
