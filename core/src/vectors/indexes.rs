//! The in-memory indexes of an open store, one per collection and model. Nothing is loaded
//! when the store opens: an index is read at its first search, from its saved graph when
//! there is one, and brought up to date with the rows. The rows are the truth; an index is
//! a cache of them that knows which `changes` of its `vector_indexes` row it reflects
//! (triggers count every insert and delete of an embedding, cascades included), so a change
//! made around it (a purge, a crash before a graph was saved) is found by one comparison and
//! mended from the rows, never trusted.
//!
//! Maintenance (moving new vectors into the graph, dropping deleted ones) runs in bounded
//! steps: natively on a background thread, so searches go on meanwhile; in the browser,
//! where there are no threads, one step after each call that changed the index.

use crate::db::Db;
use crate::error::{Error, Result};
use crate::jobs::{Pause, step};
use crate::vectors::index::{Key, Precision, VectorIndex, normalize};
use crate::vectors::json_keys;
use crate::vectors::model::VectorPrecision;
use parking_lot::{Mutex, RwLock};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Vector insertions one maintenance step does at most. A graph insertion at 384 dimensions
/// costs about 0.7 ms at 100,000 vectors (the vectors bench: a 68 s build), so a step holds
/// the index about 20 ms natively and about twice that in the browser: the longest a search
/// waits for maintenance, and the pause a browser call pays for it.
const STEP: usize = 32;
/// Rows read per statement while an index catches up with its rows.
const CHUNK: usize = 5_000;

/// A collection and model's `vector_indexes` row.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub(crate) dimensions: usize,
    pub(crate) precision: VectorPrecision,
    pub(crate) memory_budget_bytes: Option<u64>,
    pub(crate) rows: u64,
    pub(crate) changes: i64,
}

/// The settings of `collection` and `model`, if any vector of theirs was ever stored.
pub(crate) fn settings(conn: &Connection, collection: &str, model: &str) -> Result<Option<Settings>> {
    let sql = "SELECT dimensions, precision, memory_budget_bytes, vector_count, changes FROM vector_indexes
               WHERE collection = ?1 AND model = ?2";
    let found = conn.prepare_cached(sql)?.query_row(params![collection, model], |row| {
        Ok(Settings {
            dimensions: row.get::<_, u32>(0)? as usize,
            precision: row.get(1)?,
            memory_budget_bytes: row.get(2)?,
            rows: row.get(3)?,
            changes: row.get(4)?,
        })
    });
    Ok(found.optional()?)
}

/// The settings of `collection` and `model`, or `NotFound` when no vector of theirs was stored.
pub(crate) fn existing(conn: &Connection, collection: &str, model: &str) -> Result<Settings> {
    settings(conn, collection, model)?.ok_or_else(|| Error::not_found("collection", &format!("{collection} ({model})")))
}

/// Memory the index of `settings` takes once loaded, estimated: each vector's values (4 bytes
/// each, or 1 plus a 4-byte scale in int8), its links in the graph and its key.
pub(crate) fn estimated_bytes(settings: &Settings) -> u64 {
    let values = match settings.precision {
        VectorPrecision::F32 => 4 * settings.dimensions,
        VectorPrecision::Int8 => settings.dimensions + 4,
    };
    settings.rows * (values + PER_VECTOR_OVERHEAD) as u64
}

/// Bytes per vector beside its values: about 40 links of 4 bytes in the graph (32 on its
/// bottom layer, a few above) and its key in two maps.
const PER_VECTOR_OVERHEAD: usize = 200;

pub(crate) fn precision(precision: VectorPrecision) -> Precision {
    match precision {
        VectorPrecision::F32 => Precision::F32,
        VectorPrecision::Int8 => Precision::Int8,
    }
}

/// Every index of a store, by collection and model.
#[derive(Default)]
pub(crate) struct Indexes {
    slots: Mutex<HashMap<(String, String), Arc<Slot>>>,
}

/// One collection and model's index, once loaded.
#[derive(Default)]
pub(crate) struct Slot {
    pub(crate) state: RwLock<Option<Loaded>>,
    maintaining: AtomicBool,
}

pub(crate) struct Loaded {
    pub(crate) index: VectorIndex,
    /// The `changes` of its `vector_indexes` row that it reflects.
    pub(crate) seen: i64,
    /// Vectors added or removed since its graph was last saved.
    unsaved: usize,
}

impl Indexes {
    /// Unloads every index: the next search loads it from the rows (after an erasure, no
    /// vector that is gone stays in memory).
    pub(crate) fn forget(&self) {
        for slot in self.slots.lock().values() {
            *slot.state.write() = None;
        }
    }

    fn slot(&self, collection: &str, model: &str) -> Arc<Slot> {
        let mut slots = self.slots.lock();
        slots.entry((collection.to_owned(), model.to_owned())).or_default().clone()
    }

    /// The index of `collection` and `model`, loaded and brought up to date with the rows
    /// `settings` describes, read through `conn`.
    pub(crate) fn current(
        &self,
        conn: &Connection,
        collection: &str,
        model: &str,
        settings: &Settings,
    ) -> Result<Arc<Slot>> {
        let slot = self.slot(collection, model);
        let fresh = matches!(&*slot.state.read(), Some(loaded) if loaded.seen == settings.changes
            && loaded.index.precision() == precision(settings.precision));
        if !fresh {
            let mut state = slot.state.write();
            let wanted = precision(settings.precision);
            if state.as_ref().is_none_or(|loaded| loaded.index.precision() != wanted) {
                *state = Some(load(conn, collection, model, settings)?);
            }
            if let Some(loaded) = state.as_mut() {
                catch_up(conn, collection, model, loaded)?;
                loaded.seen = settings.changes;
            }
        }
        Ok(slot)
    }

    /// After a write that took the rows of `collection` and `model` from `before` to `after`
    /// changes: `apply` brings a loaded index along when it saw `before`; otherwise the next
    /// search catches it up from the rows.
    pub(crate) fn changed(
        &self,
        collection: &str,
        model: &str,
        before: i64,
        after: i64,
        apply: impl FnOnce(&mut VectorIndex) -> usize,
    ) -> Option<Arc<Slot>> {
        let slot = self.slots.lock().get(&(collection.to_owned(), model.to_owned()))?.clone();
        let mut state = slot.state.write();
        let loaded = state.as_mut()?;
        if loaded.seen == before {
            loaded.unsaved += apply(&mut loaded.index);
            loaded.seen = after;
        }
        drop(state);
        Some(slot)
    }

    /// Memory the loaded index of `collection` and `model` takes and the vectors in its graph;
    /// zeros when it is not loaded.
    pub(crate) fn loaded(&self, collection: &str, model: &str) -> (u64, u64) {
        let slot = self.slots.lock().get(&(collection.to_owned(), model.to_owned())).cloned();
        let stats = |loaded: &Loaded| (loaded.index.memory_bytes() as u64, loaded.index.graph_len() as u64);
        slot.and_then(|slot| slot.state.read().as_ref().map(stats)).unwrap_or((0, 0))
    }
}

/// The saved graph of `collection` and `model` if it reads back whole, else an empty index;
/// [`catch_up`] then adds and removes what the rows say.
fn load(conn: &Connection, collection: &str, model: &str, settings: &Settings) -> Result<Loaded> {
    let wanted = precision(settings.precision);
    let sql = "SELECT graph FROM vector_graphs WHERE collection = ?1 AND model = ?2";
    let saved: Option<Vec<u8>> =
        conn.prepare_cached(sql)?.query_row(params![collection, model], |row| row.get(0)).optional()?;
    let index = saved
        .and_then(|bytes| VectorIndex::from_bytes(&bytes).ok())
        .filter(|index| index.dims() == settings.dimensions && index.precision() == wanted)
        .unwrap_or_else(|| VectorIndex::new(settings.dimensions, wanted));
    Ok(Loaded { index, seen: -1, unsaved: 0 })
}

/// Removes from `loaded` the vectors whose rows are gone and adds those it lacks.
fn catch_up(conn: &Connection, collection: &str, model: &str, loaded: &mut Loaded) -> Result<()> {
    let sql = "SELECT seq FROM embeddings WHERE collection = ?1 AND model = ?2";
    let mut stmt = conn.prepare_cached(sql)?;
    let rows: HashSet<Key> =
        stmt.query_map(params![collection, model], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
    let gone: Vec<Key> = loaded.index.keys().filter(|key| !rows.contains(key)).collect();
    for key in &gone {
        loaded.index.remove(*key);
    }
    let mut missing: Vec<Key> = rows.into_iter().filter(|key| !loaded.index.contains(*key)).collect();
    missing.sort_unstable();
    loaded.unsaved += gone.len() + missing.len();
    let sql = "SELECT seq, vector FROM embeddings WHERE seq IN (SELECT value FROM json_each(?1))";
    let mut stmt = conn.prepare_cached(sql)?;
    for chunk in missing.chunks(CHUNK) {
        let mut rows = stmt.query([json_keys(chunk)])?;
        while let Some(row) = rows.next()? {
            let vector: crate::vectors::model::Vector = row.get(1)?;
            // A row written around the API with a vector that cannot be normalised is left out.
            if let Some(unit) = normalize(&vector.to_vec()).filter(|unit| unit.len() == loaded.index.dims()) {
                loaded.index.insert(row.get(0)?, &unit);
            }
        }
    }
    Ok(())
}

/// Starts the maintenance `slot` needs, if it needs some and none runs: natively on a thread
/// of its own, which then saves the graph; in the browser one bounded step now.
pub(crate) fn maintain(db: &Arc<Db>, slot: Arc<Slot>, collection: &str, model: &str) {
    let wanted =
        slot.state.read().as_ref().is_some_and(|loaded| loaded.index.needs_maintenance() || worth_saving(loaded));
    if !wanted || slot.maintaining.swap(true, Ordering::AcqRel) {
        return;
    }
    let job = Job { db: db.clone(), slot, collection: collection.to_owned(), model: model.to_owned() };
    #[cfg(not(target_family = "wasm"))]
    {
        let name = format!("ustore-index-{collection}");
        if let Err(error) = std::thread::Builder::new().name(name).spawn(move || job.run_to_end()) {
            // No thread to be had: the index stays as it is, exact over what is not yet in the graph.
            let _ = error;
        }
    }
    #[cfg(target_family = "wasm")]
    job.step_once();
}

/// Runs `slot`'s maintenance to the end on this task, pausing at `pause` between steps (the
/// browser yields there), then saves its graph whatever changed.
pub(crate) async fn optimize(
    db: &Arc<Db>,
    slot: Arc<Slot>,
    collection: &str,
    model: &str,
    pause: &mut dyn Pause,
) -> Result<()> {
    let job = Job { db: db.clone(), slot, collection: collection.to_owned(), model: model.to_owned() };
    let total = job.slot.state.read().as_ref().map_or(0, |loaded| loaded.index.len() as u64);
    let mut steps = 0;
    while job.step() {
        steps += 1;
        step(pause, (steps * STEP as u64).min(total), total).await?;
    }
    job.save(true);
    Ok(())
}

struct Job {
    db: Arc<Db>,
    slot: Arc<Slot>,
    collection: String,
    model: String,
}

impl Job {
    /// Links new vectors in short write-locked steps, and rebuilds without the tombstones off
    /// the lock (the old graph serves searches meanwhile), until nothing is left to do.
    #[cfg(not(target_family = "wasm"))]
    fn run_to_end(self) {
        loop {
            while self.slot.state.write().as_mut().is_some_and(|loaded| loaded.index.maintain_buffer(STEP)) {}
            let job = self.slot.state.read().as_ref().and_then(|loaded| loaded.index.prepare_rebuild());
            let Some(job) = job else { break };
            let built = job.run();
            // Refused when the index was replaced meanwhile (another rebuild, a new precision).
            if !self.slot.state.write().as_mut().is_some_and(|loaded| loaded.index.install(built)) {
                break;
            }
        }
        self.save(false);
        self.slot.maintaining.store(false, Ordering::Release);
    }

    #[cfg(target_family = "wasm")]
    fn step_once(self) {
        if !self.step() {
            self.save(false);
        }
        self.slot.maintaining.store(false, Ordering::Release);
    }

    /// One bounded step under the write lock; `true` while work remains.
    fn step(&self) -> bool {
        let mut state = self.slot.state.write();
        state.as_mut().is_some_and(|loaded| loaded.index.maintain(STEP))
    }

    /// Saves the graph when enough changed since it was last saved (see [`worth_saving`]), or
    /// whenever it changed when `always`.
    fn save(&self, always: bool) {
        let (graph, seen) = {
            let state = self.slot.state.read();
            let wanted = |loaded: &&Loaded| {
                !loaded.index.needs_maintenance() && (worth_saving(loaded) || (always && loaded.unsaved > 0))
            };
            let Some(loaded) = state.as_ref().filter(wanted) else {
                return;
            };
            (loaded.index.to_bytes(), loaded.seen)
        };
        let saved = self.db.write(|tx| {
            let sql = "INSERT INTO vector_graphs (collection, model, changes, graph) VALUES (?1, ?2, ?3, ?4)
                       ON CONFLICT (collection, model) DO UPDATE SET changes = excluded.changes, graph = excluded.graph";
            tx.prepare_cached(sql)?.execute(params![self.collection, self.model, seen, graph])?;
            Ok(())
        });
        if saved.is_ok()
            && let Some(loaded) = self.slot.state.write().as_mut()
        {
            loaded.unsaved = 0;
        }
    }
}

/// Whether a graph differs enough from the one saved to be saved again: a tenth of its
/// vectors, and at least 1,000 (smaller changes are caught up from the rows at the next load
/// in about the time a save would take).
fn worth_saving(loaded: &Loaded) -> bool {
    loaded.unsaved >= 1_000.max(loaded.index.len() / 10)
}
