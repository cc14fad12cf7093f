//! Search by meaning, hybrid search, and the owners waiting for a vector.
//!
//! A vector search asks the index for candidates, then keeps those the rows admit: the owner
//! live (not deleted, nor under a deleted thread, project or workspace) and inside the
//! filter. When too few are admitted it asks for more, up to every vector, so it returns `k`
//! hits whenever `k` admitted vectors exist. A selective filter (at most
//! [`FILTER_EXACT_MAX`] admitted rows) skips the index: the admitted rows are listed first
//! and compared exactly.

use crate::content::model::{Document, DocumentSearch, Message, SearchQuery};
use crate::context::Context;
use crate::entity::Entity;
use crate::error::{Error, Result, StoreError};
use crate::ids::parse_id;
use crate::limits;
use crate::schema;
use crate::vectors::checks::{keys, unit_vector};
use crate::vectors::index::{Hit, Key, Precision, dot, normalize};
use crate::vectors::indexes::{self, Slot, existing};
use crate::vectors::json_keys;
use crate::vectors::model::{
    HybridHit, HybridQuery, MissingEmbedding, OwnerKind, Vector, VectorFilter, VectorHit, VectorQuery,
};
use crate::vectors::owner::{document_hash, message_hash};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};
use std::collections::HashMap;
use std::sync::Arc;

/// Most rows a filter may admit for the search to list them and compare each exactly: about
/// as long as an index walk at 384 dimensions (docs/decisions.md, "Vector index").
pub(crate) const FILTER_EXACT_MAX: usize = 20_000;
/// Candidates asked of the index per hit wanted, at first.
const OVERFETCH: usize = 2;
/// Candidates per hit scored again in 32 bits when the index keeps 8-bit vectors.
const RESCORE: usize = 4;
/// The graph walk's breadth (`ef`) at least.
const EF_MIN: usize = 64;
/// Reciprocal rank fusion's constant (Cormack et al., 2009).
const RRF_K: f64 = 60.0;

/// A filter checked: ids canonical, times within their rule.
struct Filter {
    sql: String,
    values: Vec<Value>,
}

impl Filter {
    fn new(filter: &VectorFilter) -> Result<Self> {
        use schema::embeddings as column;
        let mut sql = String::new();
        let mut values = Vec::new();
        let mut add = |condition: &str, value: Value| {
            sql.push_str(&format!(" AND e.{condition} ?{}", values.len() + 3));
            values.push(value);
        };
        let ids = [
            ("workspace_id = ", "workspace_id", &filter.workspace_id),
            ("project_id = ", "project_id", &filter.project_id),
            ("thread_id = ", "thread_id", &filter.thread_id),
        ];
        for (condition, field, id) in ids {
            if let Some(id) = id {
                add(condition, Value::Text(parse_id(field, id)?));
            }
        }
        if let Some(kind) = filter.owner_kind {
            add("owner_kind = ", Value::Text(kind.as_str().to_owned()));
        }
        if let Some(from) = filter.created_from {
            add("owner_created_at >= ", Value::Integer(column::owner_created_at.int_as("created_from", from)?));
        }
        if let Some(until) = filter.created_until {
            add("owner_created_at < ", Value::Integer(column::owner_created_at.int_as("created_until", until)?));
        }
        Ok(Self { sql, values })
    }

    fn narrows(&self) -> bool {
        !self.values.is_empty()
    }

    /// Parameters 1 and 2 are the collection and model, then the filter's.
    fn params(&self, collection: &str, model: &str) -> Vec<Value> {
        let mut all = vec![Value::Text(collection.to_owned()), Value::Text(model.to_owned())];
        all.extend(self.values.iter().cloned());
        all
    }
}

/// A vector query checked before anything reads.
struct Checked {
    collection: String,
    model: String,
    unit: Vec<f32>,
    k: usize,
    min_score: Option<f32>,
    filter: Filter,
}

fn check(query: &VectorQuery) -> Result<Checked> {
    let (collection, model) = keys(&query.collection, &query.model)?;
    if query.k == 0 || query.k > limits::VECTOR_K_MAX {
        return Err(Error::invalid("k", format!("must be between 1 and {}", limits::VECTOR_K_MAX)));
    }
    if let Some(score) = query.min_score
        && !(-1.0..=1.0).contains(&score)
    {
        return Err(Error::invalid("min_score", "must be a cosine similarity, from -1 to 1"));
    }
    Ok(Checked {
        collection,
        model,
        unit: unit_vector("vector", &query.vector)?,
        k: query.k as usize,
        min_score: query.min_score,
        filter: Filter::new(&query.filter)?,
    })
}

/// The `k` admitted vectors nearest to the query, best first.
pub(crate) fn vector_search(cx: &Context, query: &VectorQuery) -> Result<Vec<VectorHit>, StoreError> {
    let query = check(query)?;
    let (hits, slot) = cx.search(|conn| {
        let settings = existing(conn, &query.collection, &query.model)?;
        if settings.dimensions != query.unit.len() {
            let reason =
                format!("has {} values; this collection's vectors have {}", query.unit.len(), settings.dimensions);
            return Err(Error::invalid("vector", reason));
        }
        let slot = cx.vectors.current(conn, &query.collection, &query.model, &settings)?;
        Ok((nearest(conn, &slot, &query)?, slot))
    })?;
    indexes::maintain(&cx.db, slot, &query.collection, &query.model);
    Ok(hits)
}

/// What the rows say of one admitted vector.
struct Admitted {
    owner_kind: OwnerKind,
    owner_id: String,
    workspace_id: String,
    thread_id: Option<String>,
}

fn nearest(conn: &Connection, slot: &Arc<Slot>, query: &Checked) -> Result<Vec<VectorHit>> {
    let state = slot.state.read();
    let Some(loaded) = state.as_ref() else { return Ok(Vec::new()) };
    let index = &loaded.index;
    let wanted = match index.precision() {
        Precision::F32 => query.k,
        Precision::Int8 => query.k * RESCORE,
    };
    let listed = if query.filter.narrows() { admitted_keys(conn, query)? } else { None };
    let (candidates, admitted) = match listed {
        Some(keys) => {
            let candidates = index.search_among(&query.unit, wanted, &keys);
            let admitted = admit(conn, query, &candidates)?;
            (candidates, admitted)
        }
        None => {
            let mut asked = (wanted * OVERFETCH).min(index.len().max(1));
            loop {
                let candidates = index.search(&query.unit, asked, asked.max(EF_MIN), &|_| true);
                let admitted = admit(conn, query, &candidates)?;
                let exhausted = candidates.len() < asked || asked >= index.len();
                if admitted.len() >= wanted || exhausted {
                    break (candidates, admitted);
                }
                asked = (asked * 4).min(index.len());
            }
        }
    };
    let precision = index.precision();
    drop(state);
    let mut scored: Vec<Hit> = candidates.into_iter().filter(|hit| admitted.contains_key(&hit.key)).collect();
    if precision == Precision::Int8 {
        scored = rescored(conn, &query.unit, &scored)?;
    }
    scored.truncate(query.k);
    let mut admitted = admitted;
    Ok(scored
        .into_iter()
        .filter(|hit| query.min_score.is_none_or(|min| hit.score >= min))
        .filter_map(|hit| {
            let row = admitted.remove(&hit.key)?;
            Some(VectorHit {
                owner_kind: row.owner_kind,
                owner_id: row.owner_id,
                score: hit.score,
                workspace_id: row.workspace_id,
                thread_id: row.thread_id,
            })
        })
        .collect())
}

/// The keys of every admitted row when the filter admits at most [`FILTER_EXACT_MAX`];
/// `None` when it admits more (the index is walked instead).
fn admitted_keys(conn: &Connection, query: &Checked) -> Result<Option<Vec<Key>>> {
    let sql = format!(
        "SELECT e.seq FROM {} WHERE ({}) AND e.collection = ?1 AND e.model = ?2{} LIMIT {}",
        crate::vectors::model::Embedding::FROM,
        crate::vectors::model::Embedding::LIVE,
        query.filter.sql,
        FILTER_EXACT_MAX + 1
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let keys: Vec<Key> = stmt
        .query_map(params_from_iter(query.filter.params(&query.collection, &query.model)), |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok((keys.len() <= FILTER_EXACT_MAX).then_some(keys))
}

/// Which of `candidates` the rows admit, with what the hits show of them. Every condition but
/// the keys is written `+e.column`, which keeps SQLite from walking an index of the whole
/// collection or workspace (8 ms at 100,000 vectors) instead of looking up the few keys.
fn admit(conn: &Connection, query: &Checked, candidates: &[Hit]) -> Result<HashMap<Key, Admitted>> {
    let keys: Vec<Key> = candidates.iter().map(|hit| hit.key).collect();
    let filter = query.filter.sql.replace(" AND e.", " AND +e.");
    let sql = format!(
        "SELECT e.seq, e.owner_kind, e.owner_id, e.workspace_id, e.thread_id FROM {}
         WHERE ({}) AND +e.collection = ?1 AND +e.model = ?2{} AND e.seq IN (SELECT value FROM json_each(?{}))",
        crate::vectors::model::Embedding::FROM,
        crate::vectors::model::Embedding::LIVE,
        filter,
        query.filter.values.len() + 3
    );
    let mut params = query.filter.params(&query.collection, &query.model);
    params.push(Value::Text(json_keys(&keys)));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(params), |row| {
        let admitted = Admitted {
            owner_kind: row.get(1)?,
            owner_id: row.get(2)?,
            workspace_id: row.get(3)?,
            thread_id: row.get(4)?,
        };
        Ok((row.get(0)?, admitted))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// `hits` scored again with their stored 32-bit vectors, best first.
fn rescored(conn: &Connection, unit: &[f32], hits: &[Hit]) -> Result<Vec<Hit>> {
    let keys: Vec<Key> = hits.iter().map(|hit| hit.key).collect();
    let sql = "SELECT seq, vector FROM embeddings WHERE seq IN (SELECT value FROM json_each(?1))";
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([json_keys(&keys)], |row| Ok((row.get::<_, Key>(0)?, row.get::<_, Vector>(1)?)))?;
    let mut rescored = Vec::with_capacity(hits.len());
    for row in rows {
        let (key, vector) = row?;
        if let Some(stored) = normalize(&vector.to_vec()) {
            rescored.push(Hit { key, score: dot(unit, &stored) });
        }
    }
    rescored.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.key.cmp(&b.key)));
    Ok(rescored)
}

/// Full-text and vector hits under one filter, fused by reciprocal rank.
pub(crate) fn hybrid_search(cx: &Context, query: &HybridQuery) -> Result<Vec<HybridHit>, StoreError> {
    let checked = check(&query.vector)?;
    let filter = &query.vector.filter;
    let depth = (checked.k * 4).min(limits::PAGE_MAX as usize) as u32;
    let vector_hits = vector_search(cx, &query.vector)?;
    let kinds = |kind: OwnerKind| filter.owner_kind.is_none_or(|wanted| wanted == kind);
    let in_time = |time: i64| {
        filter.created_from.is_none_or(|from| time >= from) && filter.created_until.is_none_or(|until| time < until)
    };
    let mut lists: Vec<Vec<(OwnerKind, String)>> = Vec::new();
    if kinds(OwnerKind::Message) {
        let search = SearchQuery {
            workspace_id: filter.workspace_id.clone(),
            thread_id: filter.thread_id.clone(),
            limit: depth,
            ..SearchQuery::words(query.text.clone())
        };
        let hits = crate::Messages { cx: cx.clone() }.search(&search)?;
        let project = filter.project_id.as_deref().map(|id| parse_id("project_id", id)).transpose()?;
        let kept = hits.into_iter().filter(|hit| project.is_none() || hit.project_id == project);
        lists.push(
            kept.filter(|hit| in_time(hit.message.created_at))
                .map(|hit| (OwnerKind::Message, hit.message.id))
                .collect(),
        );
    }
    if kinds(OwnerKind::Document) && filter.thread_id.is_none() {
        let search = DocumentSearch {
            workspace_id: filter.workspace_id.clone(),
            project_id: filter.project_id.clone(),
            limit: depth,
            ..DocumentSearch::words(query.text.clone())
        };
        let hits = crate::Documents { cx: cx.clone() }.search(&search)?;
        lists.push(
            hits.into_iter()
                .filter(|hit| in_time(hit.document.created_at))
                .map(|hit| (OwnerKind::Document, hit.document.id))
                .collect(),
        );
    }
    Ok(fuse(&lists, &vector_hits, checked.k))
}

/// Reciprocal rank fusion of the full-text lists and the vector hits, best `k` first.
fn fuse(text_lists: &[Vec<(OwnerKind, String)>], vector_hits: &[VectorHit], k: usize) -> Vec<HybridHit> {
    let mut fused: HashMap<(OwnerKind, String), HybridHit> = HashMap::new();
    fn entry<'a>(
        fused: &'a mut HashMap<(OwnerKind, String), HybridHit>,
        kind: OwnerKind,
        id: &str,
    ) -> &'a mut HybridHit {
        fused.entry((kind, id.to_owned())).or_insert_with(|| HybridHit {
            owner_kind: kind,
            owner_id: id.to_owned(),
            score: 0.0,
            text_rank: None,
            vector_rank: None,
            vector_score: None,
        })
    }
    for list in text_lists {
        for (rank, (kind, id)) in list.iter().enumerate() {
            let hit = entry(&mut fused, *kind, id);
            hit.score += 1.0 / (RRF_K + rank as f64 + 1.0);
            hit.text_rank = Some(rank as u32 + 1);
        }
    }
    for (rank, vector) in vector_hits.iter().enumerate() {
        let hit = entry(&mut fused, vector.owner_kind, &vector.owner_id);
        hit.score += 1.0 / (RRF_K + rank as f64 + 1.0);
        hit.vector_rank = Some(rank as u32 + 1);
        hit.vector_score = Some(vector.score);
    }
    let mut hits: Vec<HybridHit> = fused.into_values().collect();
    hits.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.owner_id.cmp(&b.owner_id)));
    hits.truncate(k);
    hits
}

/// Owners scanned per statement while looking for missing vectors.
const SCAN: usize = 500;

/// See [`crate::Embeddings::missing`].
pub(crate) fn missing(
    conn: &Connection,
    collection: &str,
    model: &str,
    kind: OwnerKind,
    after: Option<&str>,
    limit: usize,
) -> Result<Vec<MissingEmbedding>> {
    // Per kind: the owners' table with its live joins (alias `e`), its key, what its
    // vector is made from, and the condition that leaves archived threads out.
    let (from, live, key, content, archived) = match kind {
        OwnerKind::Message => (Message::FROM, Message::LIVE, "e.seq", "e.content, NULL", "t.archived = 0"),
        OwnerKind::Document => (Document::FROM, Document::LIVE, "e.seq", "e.title, e.body", "TRUE"),
        OwnerKind::Attachment => (
            crate::content::model::Attachment::FROM,
            crate::content::model::Attachment::LIVE,
            "e.rowid",
            "e.sha256, NULL",
            "t.archived = 0",
        ),
    };
    let mut cursor: i64 = match after {
        None => 0,
        Some(id) => {
            let sql = format!("SELECT {key} FROM {from} WHERE e.id = ?1");
            conn.prepare_cached(&sql)?
                .query_row([id], |row| row.get(0))
                .optional()?
                .ok_or_else(|| Error::not_found(kind.as_str(), id))?
        }
    };
    let sql = format!(
        "SELECT {key}, e.id, w.id, {content}, v.content_hash FROM {from}
         LEFT JOIN embeddings v ON v.collection = ?1 AND v.model = ?2 AND v.owner_kind = ?3 AND v.owner_id = e.id
         WHERE ({live}) AND {archived} AND {key} > ?4 ORDER BY {key} LIMIT ?5"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut found = Vec::new();
    loop {
        let mut scanned = 0;
        let mut rows = stmt.query(params![collection, model, kind, cursor, SCAN as i64])?;
        while let Some(row) = rows.next()? {
            scanned += 1;
            cursor = row.get(0)?;
            let held: Option<String> = row.get(5)?;
            let now = match kind {
                OwnerKind::Message => message_hash(&row.get::<_, String>(3)?),
                OwnerKind::Document => document_hash(&row.get::<_, String>(3)?, &row.get::<_, String>(4)?),
                OwnerKind::Attachment => row.get(3)?,
            };
            if held.as_deref() != Some(now.as_str()) {
                found.push(MissingEmbedding {
                    owner_kind: kind,
                    owner_id: row.get(1)?,
                    workspace_id: row.get(2)?,
                    stale: held.is_some(),
                });
                if found.len() == limit {
                    return Ok(found);
                }
            }
        }
        if scanned < SCAN {
            return Ok(found);
        }
    }
}
