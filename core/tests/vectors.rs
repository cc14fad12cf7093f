//! Vector indexes across opening and closing a store file: a saved graph is loaded, not
//! built again, and gives the same results; a graph the rows moved away from (a crash between
//! a change and the next save, a damaged blob) is caught up from the rows, never trusted.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../../tests/rng.rs"]
#[allow(dead_code)] // the generator's other draws serve other tests
mod rng;

use rusqlite::Connection;
use unified_store::{
    MessageRole, NewEmbedding, NewUser, NewWorkspace, NoProgress, OwnerKind, Store, StoreConfig, VectorQuery,
};

const DIMS: usize = 12;
/// Past the size below which an index searches exactly without a graph.
const VECTORS: usize = 3_000;

/// A store file with `VECTORS` clustered vectors of messages, its index built and saved.
fn filled(path: &str) -> (Vec<String>, Vec<Vec<f32>>) {
    let store = Store::open(&StoreConfig::file(path)).unwrap();
    let user = store.users().create(&NewUser::new("ada@example.com", "Ada")).unwrap();
    let workspace = store.workspaces().create(&NewWorkspace::for_user("Vectors", &user.id)).unwrap();
    let thread = store.threads().create(&workspace.id, "Many").unwrap();
    let messages: Vec<_> = (0..VECTORS)
        .map(|i| unified_store::NewMessage::new(&thread.id, MessageRole::User, format!("message {i}")))
        .collect();
    let ids: Vec<String> = store.messages().append_batch(&messages).unwrap().into_iter().map(|m| m.id).collect();
    let mut random = rng::Rng::new(7);
    let centres: Vec<Vec<f32>> = (0..40).map(|_| (0..DIMS).map(|_| random.unit() as f32 - 0.5).collect()).collect();
    let vectors: Vec<Vec<f32>> = (0..VECTORS)
        .map(|i| centres[i % centres.len()].iter().map(|c| c + 0.05 * (random.unit() as f32 - 0.5)).collect())
        .collect();
    let batch: Vec<NewEmbedding> = ids
        .iter()
        .zip(&vectors)
        .map(|(id, v)| NewEmbedding::new(OwnerKind::Message, id, "messages", "m", v.clone()))
        .collect();
    for chunk in batch.chunks(5_000) {
        store.embeddings().upsert_batch(chunk).unwrap();
    }
    let info = store.embeddings().optimize("messages", "m", &NoProgress).unwrap();
    assert_eq!(info.graph_vectors, VECTORS as u64, "optimize places every vector in the graph");
    store.close().unwrap();
    (ids, vectors)
}

fn search(store: &Store, vector: &[f32]) -> Vec<String> {
    let hits = store.embeddings().search(&VectorQuery::new("messages", "m", vector.to_vec(), 10)).unwrap();
    hits.into_iter().map(|hit| hit.owner_id).collect()
}

#[test]
fn a_saved_graph_is_loaded_at_the_first_search_and_gives_the_same_results() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db").to_string_lossy().into_owned();
    let (_, vectors) = filled(&path);
    let store = Store::open(&StoreConfig::file(&path)).unwrap();
    let cold = store.embeddings().info("messages", "m").unwrap();
    assert_eq!((cold.count, cold.memory_bytes, cold.graph_vectors), (VECTORS as u64, 0, 0), "nothing loads at open");
    let first: Vec<Vec<String>> = vectors.iter().step_by(500).map(|v| search(&store, v)).collect();
    let warm = store.embeddings().info("messages", "m").unwrap();
    assert_eq!(warm.graph_vectors, VECTORS as u64, "the saved graph, not one built again");
    assert!(warm.memory_bytes > (VECTORS * DIMS * 4) as u64);
    store.close().unwrap();

    let again = Store::open(&StoreConfig::file(&path)).unwrap();
    let second: Vec<Vec<String>> = vectors.iter().step_by(500).map(|v| search(&again, v)).collect();
    assert_eq!(first, second, "reopened, the same results");
}

#[test]
fn rows_changed_behind_a_saved_graph_are_caught_up_not_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db").to_string_lossy().into_owned();
    let (ids, vectors) = filled(&path);
    // As if the app died after these deletes committed and before the graph was saved again.
    let conn = Connection::open(&path).unwrap();
    conn.execute("DELETE FROM embeddings WHERE seq % 3 = 0", []).unwrap();
    let deleted: std::collections::HashSet<String> = ids.iter().skip(2).step_by(3).cloned().collect();
    drop(conn);

    let store = Store::open(&StoreConfig::file(&path)).unwrap();
    assert_eq!(store.embeddings().info("messages", "m").unwrap().count, (VECTORS - VECTORS / 3) as u64);
    for vector in vectors.iter().step_by(250) {
        let hits = search(&store, vector);
        assert_eq!(hits.len(), 10);
        assert!(hits.iter().all(|id| !deleted.contains(id)), "a vector whose row is gone never comes back");
    }
    store.close().unwrap();

    // A damaged blob is read as no graph: the index is made again from the rows.
    let conn = Connection::open(&path).unwrap();
    conn.execute("UPDATE vector_graphs SET graph = substr(graph, 1, length(graph) / 2)", []).unwrap();
    drop(conn);
    let store = Store::open(&StoreConfig::file(&path)).unwrap();
    let hits = search(&store, &vectors[1]);
    assert_eq!(hits[0], ids[1], "exact while the graph is rebuilt");
}
