//! The `Embeddings` handle: storing, reading and removing vectors, collection settings, and
//! the owners still waiting for a vector of a model. Searches are in `search.rs`.

use crate::context::Context;
use crate::entity::{self, Entity};
use crate::error::{Error, Result, StoreError};
use crate::governance::model::Action;
use crate::ids::{new_id, parse_id};
use crate::jobs::{Pause, Progress, reporting, run_blocking};
use crate::limits;
use crate::model::PageRequest;
use crate::schema;
use crate::vectors::checks::{keys, unit_vector};
use crate::vectors::index::VectorIndex;
use crate::vectors::indexes::{self, Settings, estimated_bytes, existing, settings};
use crate::vectors::model::{
    CollectionInfo, Embedding, HybridHit, HybridQuery, IndexSettings, MissingEmbedding, NewEmbedding, OwnerKind,
    Vector, VectorHit, VectorQuery,
};
use crate::vectors::{owner, search};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::BTreeMap;

/// Store, read and remove embedding vectors, and search by meaning. Get one from
/// [`crate::Store::embeddings`].
#[derive(Clone)]
pub struct Embeddings {
    pub(crate) cx: Context,
}

impl crate::Store {
    /// Embedding vectors of messages, documents and attachments, and semantic search.
    pub fn embeddings(&self) -> Embeddings {
        Embeddings { cx: self.cx.clone() }
    }
}

/// An embedding checked before anything is written: its keys canonical, its vector whole,
/// finite, not zero, and normalised for the index.
pub(crate) struct Checked {
    pub(crate) owner_kind: OwnerKind,
    pub(crate) owner_id: String,
    pub(crate) collection: String,
    pub(crate) model: String,
    pub(crate) vector: Vector,
    pub(crate) unit: Vec<f32>,
}

pub(crate) fn check(new: &NewEmbedding) -> Result<Checked> {
    Ok(Checked {
        owner_kind: new.owner_kind,
        owner_id: parse_id("owner_id", &new.owner_id)?,
        collection: schema::embeddings::collection.text(&new.collection)?,
        model: schema::embeddings::model.text(&new.model)?,
        unit: unit_vector("vector", &new.vector)?,
        vector: new.vector.clone(),
    })
}

/// What one write did to the rows of one collection and model, for the index in memory.
#[derive(Default)]
struct Changes {
    removed: Vec<i64>,
    added: Vec<(i64, Vec<f32>)>,
}

impl Changes {
    fn count(&self) -> i64 {
        (self.removed.len() + self.added.len()) as i64
    }
}

/// [`Changes`] to one collection and model, with its `changes` count once they were made.
struct Written {
    collection: String,
    model: String,
    after: i64,
    change: Changes,
}

impl Embeddings {
    /// Stores `embedding`, replacing the vector its owner had in that collection and model.
    /// The owner must be live; the vector must have the collection's dimensions (the first
    /// vector of a collection and model sets them). The next search sees it.
    pub fn upsert(&self, embedding: &NewEmbedding) -> Result<Embedding, StoreError> {
        let checked = check(embedding)?;
        let mut stored = self.store(vec![checked])?;
        stored.pop().ok_or_else(|| StoreError::Storage { reason: "upsert stored nothing".into() })
    }

    /// Stores `embeddings` in one transaction: all of them or, on any bad one, none. At most
    /// [`limits::VECTOR_BATCH_MAX`]; returns how many were stored.
    pub fn upsert_batch(&self, embeddings: &[NewEmbedding]) -> Result<u32, StoreError> {
        if embeddings.len() > limits::VECTOR_BATCH_MAX {
            let reason =
                format!("holds {} vectors; at most {} go in one batch", embeddings.len(), limits::VECTOR_BATCH_MAX);
            return Err(Error::invalid("embeddings", reason).into());
        }
        let checked = embeddings.iter().map(check).collect::<Result<Vec<_>>>()?;
        Ok(self.store(checked)?.len() as u32)
    }

    fn store(&self, checked: Vec<Checked>) -> Result<Vec<Embedding>, StoreError> {
        let (stored, changes) = self.cx.write(|tx| {
            let mut changes: BTreeMap<(String, String), Changes> = BTreeMap::new();
            let mut stored = Vec::with_capacity(checked.len());
            for new in checked {
                let owner = owner::find(tx, new.owner_kind, &new.owner_id)?;
                self.cx.authorize(tx, Action::Write, &owner.resource())?;
                let settings = open_collection(tx, &new)?;
                let key = (new.collection.clone(), new.model.clone());
                let change = changes.entry(key).or_default();
                let budget_rows = settings.rows + change.added.len() as u64 + 1;
                check_budget("vector", &settings, budget_rows)?;
                let sql = "DELETE FROM embeddings WHERE collection = ?1 AND model = ?2 AND owner_kind = ?3
                           AND owner_id = ?4 RETURNING seq";
                let params = params![new.collection, new.model, new.owner_kind, new.owner_id];
                if let Some(old) = tx.prepare_cached(sql)?.query_row(params, |row| row.get(0)).optional()? {
                    change.removed.push(old);
                }
                let (id, now) = new_id();
                let embedding = Embedding {
                    id,
                    owner_kind: new.owner_kind,
                    owner_id: new.owner_id,
                    collection: new.collection,
                    model: new.model,
                    dimensions: (new.unit.len()) as u32,
                    vector: new.vector,
                    content_hash: owner.content_hash.clone(),
                    workspace_id: owner.workspace_id.clone(),
                    project_id: owner.project_id.clone(),
                    thread_id: owner.thread_id.clone(),
                    owner_created_at: owner.created_at,
                    created_at: now,
                    updated_at: now,
                };
                let stored_ids: [(&str, &dyn rusqlite::ToSql); 3] = [
                    ("message_id", &owner.message_id),
                    ("document_id", &owner.document_id()),
                    ("attachment_id", &owner.attachment_id()),
                ];
                entity::insert_with(tx, &embedding, &stored_ids)?;
                change.added.push((tx.last_insert_rowid(), new.unit));
                stored.push(embedding);
            }
            let changes = with_counts(tx, changes)?;
            Ok((stored, changes))
        })?;
        self.apply(changes);
        Ok(stored)
    }

    /// Brings the loaded indexes along with a committed write, and starts their maintenance.
    fn apply(&self, written: Vec<Written>) {
        for Written { collection, model, after, change } in written {
            let before = after - change.count();
            let slot = self.cx.vectors.changed(&collection, &model, before, after, |index: &mut VectorIndex| {
                for key in &change.removed {
                    index.remove(*key);
                }
                for (key, unit) in &change.added {
                    index.insert(*key, unit);
                }
                change.removed.len() + change.added.len()
            });
            if let Some(slot) = slot {
                indexes::maintain(&self.cx.db, slot, &collection, &model);
            }
        }
    }

    /// The `query.k` vectors of its collection and model nearest to `query.vector` (cosine
    /// similarity) among live owners inside `query.filter`, best first: `k` of them whenever
    /// that many exist, fewer only when `min_score` leaves some out.
    pub fn search(&self, query: &VectorQuery) -> Result<Vec<VectorHit>, StoreError> {
        search::vector_search(&self.cx, query)
    }

    /// Full-text search of `query.text` over messages and documents and vector search of
    /// `query.vector`, under the same filter, fused by reciprocal rank: the best
    /// `query.vector.k` owners, each with its rank in either list.
    pub fn hybrid_search(&self, query: &HybridQuery) -> Result<Vec<HybridHit>, StoreError> {
        search::hybrid_search(&self.cx, query)
    }

    /// The vector of `owner_id` in `collection` made by `model`.
    pub fn get(
        &self,
        owner_kind: OwnerKind,
        owner_id: &str,
        collection: &str,
        model: &str,
    ) -> Result<Embedding, StoreError> {
        let owner_id = parse_id("owner_id", owner_id)?;
        let (collection, model) = keys(collection, model)?;
        self.cx.read(|conn| {
            let sql = format!(
                "SELECT {} FROM {} WHERE ({}) AND e.collection = ?1 AND e.model = ?2 AND e.owner_kind = ?3 AND e.owner_id = ?4",
                Embedding::COLUMNS,
                Embedding::FROM,
                Embedding::LIVE
            );
            let found = conn
                .prepare_cached(&sql)?
                .query_row(params![collection, model, owner_kind, owner_id], <Embedding as entity::Record>::from_row)
                .optional()?;
            found.ok_or_else(|| Error::not_found("embedding", &format!("{} {owner_id} in {collection} ({model})", owner_kind.as_str())))
        })
    }

    /// Removes every vector of `owner_id`, in every collection and model; returns how many.
    /// Purging the owner (or anything above it) does this by itself.
    pub fn delete_owner(&self, owner_kind: OwnerKind, owner_id: &str) -> Result<u32, StoreError> {
        let owner_id = parse_id("owner_id", owner_id)?;
        let changes = self.cx.write(|tx| {
            let sql = "DELETE FROM embeddings WHERE owner_kind = ?1 AND owner_id = ?2 RETURNING seq, collection, model";
            let mut changes: BTreeMap<(String, String), Changes> = BTreeMap::new();
            let mut stmt = tx.prepare_cached(sql)?;
            let mut rows = stmt.query(params![owner_kind, owner_id])?;
            while let Some(row) = rows.next()? {
                changes.entry((row.get(1)?, row.get(2)?)).or_default().removed.push(row.get(0)?);
            }
            drop(rows);
            with_counts(tx, changes)
        })?;
        let removed = changes.iter().map(|written| written.change.removed.len() as u32).sum();
        self.apply(changes);
        Ok(removed)
    }

    /// The vectors of `collection` and `model` in the order they were stored, a page at a
    /// time (`page.after`: the id of the last embedding of the previous page).
    pub fn scroll(&self, collection: &str, model: &str, page: &PageRequest) -> Result<Vec<Embedding>, StoreError> {
        let (collection, model) = keys(collection, model)?;
        let limit = limits::limit(page.limit)?;
        let after = page.after.as_deref().map(|id| parse_id("after", id)).transpose()?;
        self.cx.read(|conn| {
            existing(conn, &collection, &model)?;
            let after_seq: i64 = match &after {
                None => 0,
                Some(id) => conn
                    .prepare_cached("SELECT seq FROM embeddings WHERE id = ?1")?
                    .query_row([id], |row| row.get(0))
                    .optional()?
                    .ok_or_else(|| Error::not_found("embedding", id))?,
            };
            let sql = format!(
                "SELECT {} FROM {} WHERE ({}) AND e.collection = ?1 AND e.model = ?2 AND e.seq > ?3 ORDER BY e.seq LIMIT ?4",
                Embedding::COLUMNS,
                Embedding::FROM,
                Embedding::LIVE
            );
            let mut stmt = conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params![collection, model, after_seq, limit], <Embedding as entity::Record>::from_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Every collection and model that holds or held vectors.
    pub fn collections(&self) -> Result<Vec<CollectionInfo>, StoreError> {
        let names: Vec<(String, String)> = self.cx.read(|conn| {
            let mut stmt =
                conn.prepare_cached("SELECT collection, model FROM vector_indexes ORDER BY collection, model")?;
            let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })?;
        names.iter().map(|(collection, model)| self.info(collection, model)).collect()
    }

    /// `collection` and `model`: dimensions, count, settings and memory.
    pub fn info(&self, collection: &str, model: &str) -> Result<CollectionInfo, StoreError> {
        let (collection, model) = keys(collection, model)?;
        let settings = self.cx.read(|conn| existing(conn, &collection, &model))?;
        let loaded = self.cx.vectors.loaded(&collection, &model);
        Ok(info(collection, model, &settings, loaded))
    }

    /// Sets how the index of `collection` and `model` keeps its vectors. A new precision
    /// takes effect at the next search (the index is built again); a budget below what the
    /// index takes now is `InvalidInput`.
    pub fn configure(
        &self,
        collection: &str,
        model: &str,
        settings: &IndexSettings,
    ) -> Result<CollectionInfo, StoreError> {
        let (collection, model) = keys(collection, model)?;
        let budget = settings
            .memory_budget_bytes
            .map(|bytes| schema::vector_indexes::memory_budget_bytes.unsigned(bytes))
            .transpose()?;
        let current = self.cx.write(|tx| {
            let mut current = existing(tx, &collection, &model)?;
            current.precision = settings.precision;
            current.memory_budget_bytes = budget;
            check_budget("memory_budget_bytes", &current, current.rows)?;
            let sql = "UPDATE vector_indexes SET precision = ?3, memory_budget_bytes = ?4 WHERE collection = ?1 AND model = ?2";
            tx.prepare_cached(sql)?.execute(params![collection, model, current.precision, budget])?;
            Ok(current)
        })?;
        let loaded = self.cx.vectors.loaded(&collection, &model);
        Ok(info(collection, model, &current, loaded))
    }

    /// Builds the index of `collection` and `model` now, on this thread, and saves it in the
    /// store, reporting vectors placed to `progress` (which can cancel: the index stays usable).
    /// Indexes build themselves in the background; this is for a chosen moment (the phone
    /// charging, the app idle) and for the browser, where the background is one step per call.
    pub fn optimize(
        &self,
        collection: &str,
        model: &str,
        progress: &dyn Progress,
    ) -> Result<CollectionInfo, StoreError> {
        run_blocking(self.optimize_stepwise(collection, model, &mut reporting(progress)))
    }

    /// [`Embeddings::optimize`] pausing at `pause` between steps (the browser yields there).
    pub async fn optimize_stepwise(
        &self,
        collection: &str,
        model: &str,
        pause: &mut dyn Pause,
    ) -> Result<CollectionInfo, StoreError> {
        let (collection, model) = keys(collection, model)?;
        let slot = self.cx.read(|conn| {
            let settings = existing(conn, &collection, &model)?;
            self.cx.vectors.current(conn, &collection, &model, &settings)
        })?;
        indexes::optimize(&self.cx.db, slot, &collection, &model, pause).await?;
        self.info(&collection, &model)
    }

    /// Live owners of `owner_kind` outside archived threads that have no vector of `model`
    /// in `collection`, or one made from content they no longer hold (`stale`), oldest first
    /// a page at a time (`page.after`: the last owner id of the previous page). What an app
    /// embeds in the background after switching models or while new messages arrive.
    pub fn missing(
        &self,
        collection: &str,
        model: &str,
        owner_kind: OwnerKind,
        page: &PageRequest,
    ) -> Result<Vec<MissingEmbedding>, StoreError> {
        let (collection, model) = keys(collection, model)?;
        let limit = limits::limit(page.limit)? as usize;
        let after = page.after.as_deref().map(|id| parse_id("after", id)).transpose()?;
        self.cx.read(|conn| search::missing(conn, &collection, &model, owner_kind, after.as_deref(), limit))
    }
}

fn info(
    collection: String,
    model: String,
    settings: &Settings,
    (memory_bytes, graph_vectors): (u64, u64),
) -> CollectionInfo {
    CollectionInfo {
        collection,
        model,
        dimensions: settings.dimensions as u32,
        count: settings.rows,
        settings: IndexSettings { precision: settings.precision, memory_budget_bytes: settings.memory_budget_bytes },
        memory_bytes,
        graph_vectors,
        estimated_memory_bytes: estimated_bytes(settings),
    }
}

/// The settings of `new`'s collection and model, created by its first vector; a vector of
/// other dimensions is `InvalidInput`.
fn open_collection(conn: &Connection, new: &Checked) -> Result<Settings> {
    let dimensions = new.unit.len();
    let sql = "INSERT INTO vector_indexes (collection, model, dimensions, precision, vector_count, changes)
               VALUES (?1, ?2, ?3, 'f32', 0, 0) ON CONFLICT (collection, model) DO NOTHING";
    conn.prepare_cached(sql)?.execute(params![new.collection, new.model, dimensions as u32])?;
    let settings = existing(conn, &new.collection, &new.model)?;
    if settings.dimensions != dimensions {
        let reason = format!(
            "has {dimensions} values, but {} ({}) holds vectors of {}",
            new.collection, new.model, settings.dimensions
        );
        return Err(Error::invalid("vector", reason));
    }
    Ok(settings)
}

/// `InvalidInput` on `field` when `rows` vectors would take the index past its memory budget.
fn check_budget(field: &'static str, settings: &Settings, rows: u64) -> Result<()> {
    let Some(budget) = settings.memory_budget_bytes else { return Ok(()) };
    let needed = estimated_bytes(&Settings { rows, ..settings.clone() });
    if needed > budget {
        let reason = format!(
            "{rows} vectors would take about {needed} bytes, past the index's memory budget of {budget}; \
             raise it, or keep the vectors as int8 (`configure`)"
        );
        return Err(Error::invalid(field, reason));
    }
    Ok(())
}

/// `changes`, each with the `changes` count of its collection and model after them.
fn with_counts(conn: &Connection, changes: BTreeMap<(String, String), Changes>) -> Result<Vec<Written>> {
    changes
        .into_iter()
        .map(|((collection, model), change)| {
            let after = settings(conn, &collection, &model)?.map_or(0, |settings| settings.changes);
            Ok(Written { collection, model, after, change })
        })
        .collect()
}
