//! Behaviour of semantic search: embeddings stored, replaced and removed with their owners,
//! vector and hybrid search under filters, models kept apart, and owners still missing a
//! vector.

use super::*;
use unified_store::{
    DocumentPatch, HybridQuery, IndexSettings, NewAttachment, NewDocument, NewEmbedding, OwnerKind, ThreadPatch,
    Vector, VectorFilter, VectorPrecision, VectorQuery, limits,
};

/// The vector behaviours, for [`crate::behaviour_tests!`].
#[macro_export]
#[doc(hidden)]
macro_rules! __vectors_cases {
    ($emit:ident $($args:tt)*) => {
        $crate::$emit!(vectors; $($args)*; vectors_are_stored_replaced_and_read, search_finds_the_nearest_and_sees_every_change, deleted_owners_never_appear_and_k_still_come_back, purging_an_owner_removes_its_vectors, filters_narrow_and_still_return_k, models_and_collections_never_mix, bad_vectors_and_queries_are_typed_and_change_nothing, a_rejected_batch_stores_nothing, missing_lists_unembedded_and_stale_owners, hybrid_search_fuses_words_and_meaning, scroll_pages_through_a_collection, int8_keeps_scores_exact, memory_budget_is_enforced, optimize_builds_and_results_hold);
    };
}

const DIMS: usize = 16;
const MODEL: &str = "mini-lm";
const COLLECTION: &str = "messages";
const UNKNOWN: &str = "01890a5d-ac96-774b-bcce-b302099a8057";

/// A vector pointing mostly along axis `axis`, turned a little by `twist` (0 to 1) toward
/// the next axis: vectors on one axis are near, on different axes far.
fn along(axis: usize, twist: f32) -> Vec<f32> {
    let mut v = vec![0.01; DIMS];
    v[axis % DIMS] = 1.0;
    v[(axis + 1) % DIMS] = twist;
    v
}

fn embedding(kind: OwnerKind, owner: &str, vector: Vec<f32>) -> NewEmbedding {
    NewEmbedding::new(kind, owner, COLLECTION, MODEL, vector)
}

fn query(vector: Vec<f32>, k: u32) -> VectorQuery {
    VectorQuery::new(COLLECTION, MODEL, vector, k)
}

fn owners(hits: &[unified_store::VectorHit]) -> Vec<String> {
    hits.iter().map(|hit| hit.owner_id.clone()).collect()
}

/// A thread in a fresh workspace and `n` messages in it.
fn messages(store: &Store, n: usize) -> (String, String, Vec<String>) {
    let ws = workspace(store, "Vectors").unwrap();
    let thread = store.threads().create(&ws.id, "Semantic").unwrap();
    let ids = (0..n)
        .map(|i| store.messages().append(&thread.id, MessageRole::User, &format!("message number {i}")).unwrap().id)
        .collect();
    (ws.id, thread.id, ids)
}

fn count(store: &Store) -> u64 {
    store.embeddings().info(COLLECTION, MODEL).map(|info| info.count).unwrap_or(0)
}

pub fn vectors_are_stored_replaced_and_read(store: Store) {
    let (ws, thread, ids) = messages(&store, 2);
    let first = store.embeddings().upsert(&embedding(OwnerKind::Message, &ids[0], along(0, 0.0))).unwrap();
    assert_eq!((first.dimensions, first.workspace_id.as_str()), (DIMS as u32, ws.as_str()));
    assert_eq!(first.thread_id.as_deref(), Some(thread.as_str()));
    assert_eq!(first.vector.to_vec(), along(0, 0.0), "stored as given, not normalised");
    assert_eq!(first.content_hash.len(), 64);
    let got = store.embeddings().get(OwnerKind::Message, &ids[0], COLLECTION, MODEL).unwrap();
    assert_eq!(got, first);

    let replaced = store.embeddings().upsert(&embedding(OwnerKind::Message, &ids[0], along(3, 0.0))).unwrap();
    assert_ne!(replaced.id, first.id, "a replaced vector is a new row");
    assert_eq!(count(&store), 1, "one vector per owner, collection and model");
    assert_eq!(
        store.embeddings().get(OwnerKind::Message, &ids[0], COLLECTION, MODEL).unwrap().vector.to_vec(),
        along(3, 0.0)
    );

    let info = store.embeddings().info(COLLECTION, MODEL).unwrap();
    assert_eq!((info.dimensions, info.count, info.settings.precision), (DIMS as u32, 1, VectorPrecision::F32));
    assert!(info.estimated_memory_bytes >= (DIMS * 4) as u64);
    assert_eq!(store.embeddings().collections().unwrap(), [info]);
    assert_eq!(
        entity_of(store.embeddings().get(OwnerKind::Message, &ids[1], COLLECTION, MODEL).unwrap_err()),
        "embedding"
    );
    assert_eq!(Vector::from_le_bytes(Vector::new(&[1.5, -2.0]).as_le_bytes().to_vec()).to_vec(), [1.5, -2.0]);
}

pub fn search_finds_the_nearest_and_sees_every_change(store: Store) {
    let (_, _, ids) = messages(&store, 4);
    for (i, id) in ids.iter().enumerate().take(3) {
        store.embeddings().upsert(&embedding(OwnerKind::Message, id, along(i, 0.0))).unwrap();
    }
    let hits = store.embeddings().search(&query(along(1, 0.1), 3)).unwrap();
    assert_eq!(owners(&hits)[0], ids[1]);
    assert!(hits[0].score > 0.9 && hits[0].score <= 1.0 + 1e-6, "cosine similarity: {}", hits[0].score);
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score), "best first");
    assert_eq!(hits[0].owner_kind, OwnerKind::Message);

    store.embeddings().upsert(&embedding(OwnerKind::Message, &ids[3], along(1, 0.05))).unwrap();
    assert_eq!(
        owners(&store.embeddings().search(&query(along(1, 0.05), 1)).unwrap()),
        [ids[3].clone()],
        "an insert is seen at once"
    );
    assert_eq!(store.embeddings().delete_owner(OwnerKind::Message, &ids[3]).unwrap(), 1);
    assert_eq!(
        owners(&store.embeddings().search(&query(along(1, 0.05), 1)).unwrap()),
        [ids[1].clone()],
        "so is a delete"
    );
    assert_eq!(store.embeddings().delete_owner(OwnerKind::Message, &ids[3]).unwrap(), 0);

    let min = VectorQuery { min_score: Some(0.9), ..query(along(1, 0.0), 3) };
    assert_eq!(
        owners(&store.embeddings().search(&min).unwrap()),
        [ids[1].clone()],
        "min_score leaves the far ones out"
    );
}

pub fn deleted_owners_never_appear_and_k_still_come_back(store: Store) {
    let (ws, doomed_thread, doomed) = messages(&store, 12);
    let kept_thread = store.threads().create(&ws, "Kept").unwrap();
    let kept: Vec<String> = (0..12)
        .map(|i| store.messages().append(&kept_thread.id, MessageRole::User, &format!("kept {i}")).unwrap().id)
        .collect();
    // The doomed thread's vectors are the nearest to the query; the kept ones further away.
    for (i, id) in doomed.iter().enumerate() {
        store.embeddings().upsert(&embedding(OwnerKind::Message, id, along(0, i as f32 * 0.01))).unwrap();
    }
    for (i, id) in kept.iter().enumerate() {
        store.embeddings().upsert(&embedding(OwnerKind::Message, id, along(0, 0.5 + i as f32 * 0.05))).unwrap();
    }
    store.threads().delete(&doomed_thread).unwrap();
    let hits = store.embeddings().search(&query(along(0, 0.0), 10)).unwrap();
    assert_eq!(hits.len(), 10, "k live matches exist, so k come back");
    assert!(hits.iter().all(|hit| kept.contains(&hit.owner_id)), "nothing under the deleted thread");
    store.messages().delete(&kept[0]).unwrap();
    assert!(!owners(&store.embeddings().search(&query(along(0, 0.5), 12)).unwrap()).contains(&kept[0]));
    store.threads().restore(&doomed_thread).unwrap();
    assert_eq!(owners(&store.embeddings().search(&query(along(0, 0.0), 1)).unwrap()), [doomed[0].clone()], "restored");
}

pub fn purging_an_owner_removes_its_vectors(store: Store) {
    let (ws, thread, ids) = messages(&store, 3);
    let document = store.documents().create(&NewDocument::new(&ws, "Notes", "About vectors")).unwrap();
    let attachment = store
        .attachments()
        .add(&NewAttachment {
            message_id: ids[2].clone(),
            filename: "a.png".into(),
            mime: "image/png".into(),
            size_bytes: 3,
            sha256: "a".repeat(64),
        })
        .unwrap();
    for (i, id) in ids.iter().enumerate() {
        store.embeddings().upsert(&embedding(OwnerKind::Message, id, along(i, 0.0))).unwrap();
    }
    store.embeddings().upsert(&embedding(OwnerKind::Document, &document.id, along(5, 0.0))).unwrap();
    store.embeddings().upsert(&embedding(OwnerKind::Attachment, &attachment.id, along(6, 0.0))).unwrap();
    assert_eq!(store.embeddings().search(&query(along(0, 0.0), 10)).unwrap().len(), 5, "the index is loaded");

    store.messages().purge(&ids[0]).unwrap();
    assert_eq!(count(&store), 4);
    store.documents().purge(&document.id).unwrap();
    assert_eq!(count(&store), 3);
    store.attachments().remove(&attachment.id).unwrap();
    assert_eq!(count(&store), 2);
    let hits = store.embeddings().search(&query(along(0, 0.0), 10)).unwrap();
    assert_eq!(hits.len(), 2, "the loaded index caught up with the cascades");
    store.threads().purge(&thread).unwrap();
    assert_eq!(count(&store), 0, "a purge cascades to every vector under it");
    assert!(store.embeddings().search(&query(along(0, 0.0), 10)).unwrap().is_empty());
}

pub fn filters_narrow_and_still_return_k(store: Store) {
    let (ws, thread, ids) = messages(&store, 40);
    let other = store.threads().create(&ws, "Other").unwrap();
    let others: Vec<String> = (0..5)
        .map(|i| store.messages().append(&other.id, MessageRole::User, &format!("other {i}")).unwrap().id)
        .collect();
    let document = store.documents().create(&NewDocument::new(&ws, "Doc", "text")).unwrap();
    for (i, id) in ids.iter().enumerate() {
        store.embeddings().upsert(&embedding(OwnerKind::Message, id, along(0, i as f32 * 0.01))).unwrap();
    }
    for (i, id) in others.iter().enumerate() {
        store.embeddings().upsert(&embedding(OwnerKind::Message, id, along(4, i as f32 * 0.01))).unwrap();
    }
    store.embeddings().upsert(&embedding(OwnerKind::Document, &document.id, along(8, 0.0))).unwrap();

    let in_other = VectorQuery {
        filter: VectorFilter { thread_id: Some(other.id.clone()), ..Default::default() },
        ..query(along(0, 0.0), 3)
    };
    let hits = store.embeddings().search(&in_other).unwrap();
    assert_eq!(hits.len(), 3, "k from the filtered set, though the nearest are elsewhere");
    assert!(hits.iter().all(|hit| others.contains(&hit.owner_id)));

    let documents = VectorQuery {
        filter: VectorFilter { owner_kind: Some(OwnerKind::Document), ..Default::default() },
        ..query(along(0, 0.0), 5)
    };
    assert_eq!(owners(&store.embeddings().search(&documents).unwrap()), [document.id.clone()]);

    let in_thread = VectorQuery {
        filter: VectorFilter { thread_id: Some(thread.clone()), workspace_id: Some(ws.clone()), ..Default::default() },
        ..query(along(4, 0.0), 10)
    };
    let hits = store.embeddings().search(&in_thread).unwrap();
    assert_eq!(hits.len(), 10);
    assert!(hits.iter().all(|hit| ids.contains(&hit.owner_id) && hit.thread_id.as_deref() == Some(thread.as_str())));

    let created = store.messages().get(&ids[20]).unwrap().created_at;
    let later = VectorQuery {
        filter: VectorFilter { created_from: Some(created + 1), ..Default::default() },
        ..query(along(0, 0.0), 100)
    };
    let hits = store.embeddings().search(&later).unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|hit| store.messages().get(&hit.owner_id).map(|m| m.created_at > created).unwrap_or(true)));

    let nowhere = VectorQuery {
        filter: VectorFilter { workspace_id: Some(UNKNOWN.into()), ..Default::default() },
        ..query(along(0, 0.0), 10)
    };
    assert!(store.embeddings().search(&nowhere).unwrap().is_empty(), "an empty filter set is no error");

    let project = store.projects().create(&unified_store::NewProject::new(&ws, "P")).unwrap();
    store.threads().move_to_project(&other.id, Some(&project.id)).unwrap();
    let in_project = VectorQuery {
        filter: VectorFilter { project_id: Some(project.id.clone()), ..Default::default() },
        ..query(along(0, 0.0), 10)
    };
    let hits = store.embeddings().search(&in_project).unwrap();
    assert_eq!(hits.len(), 5, "a thread moved to a project takes its vectors along");
}

pub fn models_and_collections_never_mix(store: Store) {
    let (_, _, ids) = messages(&store, 3);
    store.embeddings().upsert(&embedding(OwnerKind::Message, &ids[0], along(0, 0.0))).unwrap();
    store
        .embeddings()
        .upsert(&NewEmbedding::new(OwnerKind::Message, &ids[1], COLLECTION, "big-model", vec![1.0; 32]))
        .unwrap();
    store
        .embeddings()
        .upsert(&NewEmbedding::new(OwnerKind::Message, &ids[2], COLLECTION, "other-16", along(0, 0.0)))
        .unwrap();
    store
        .embeddings()
        .upsert(&NewEmbedding::new(OwnerKind::Message, &ids[2], "archive", MODEL, along(0, 0.0)))
        .unwrap();
    assert_eq!(owners(&store.embeddings().search(&query(along(0, 0.0), 10)).unwrap()), [ids[0].clone()]);
    let other = VectorQuery::new(COLLECTION, "other-16", along(0, 0.0), 10);
    assert_eq!(owners(&store.embeddings().search(&other).unwrap()), [ids[2].clone()]);
    let big = VectorQuery::new(COLLECTION, "big-model", vec![0.5; 32], 10);
    assert_eq!(owners(&store.embeddings().search(&big).unwrap()), [ids[1].clone()]);
    assert_eq!(
        field_of(store.embeddings().search(&VectorQuery::new(COLLECTION, "big-model", along(0, 0.0), 1)).unwrap_err()),
        "vector"
    );
    let names: Vec<(String, String)> =
        store.embeddings().collections().unwrap().into_iter().map(|c| (c.collection, c.model)).collect();
    assert_eq!(names.len(), 4);
    let missing = store.embeddings().missing(COLLECTION, "big-model", OwnerKind::Message, &page(10)).unwrap();
    let missing: Vec<String> = missing.into_iter().map(|m| m.owner_id).collect();
    assert_eq!(missing, [ids[0].clone(), ids[2].clone()], "a vector of another model does not count");
}

pub fn bad_vectors_and_queries_are_typed_and_change_nothing(store: Store) {
    let (_, _, ids) = messages(&store, 1);
    store.embeddings().upsert(&embedding(OwnerKind::Message, &ids[0], along(0, 0.0))).unwrap();
    let before = store.embeddings().scroll(COLLECTION, MODEL, &page(10)).unwrap();
    let bad_vectors: Vec<Vector> = vec![
        Vector::new(&along(0, 0.0)[..DIMS - 1]),
        Vector::new(&[f32::NAN; DIMS]),
        Vector::new(&{
            let mut v = along(0, 0.0);
            v[3] = f32::INFINITY;
            v
        }),
        Vector::new(&[0.0; DIMS]),
        Vector::new(&[]),
        Vector::new(&vec![1.0; limits::VECTOR_DIMENSIONS_MAX + 1]),
        Vector::from_le_bytes(vec![0, 0, 128, 63, 1]),
    ];
    for vector in bad_vectors {
        let new = NewEmbedding { vector: vector.clone(), ..embedding(OwnerKind::Message, &ids[0], vec![]) };
        assert_eq!(field_of(store.embeddings().upsert(&new).unwrap_err()), "vector", "{vector:?}");
        let search = VectorQuery { vector, ..query(vec![], 1) };
        assert_eq!(field_of(store.embeddings().search(&search).unwrap_err()), "vector");
    }
    assert_eq!(
        entity_of(store.embeddings().upsert(&embedding(OwnerKind::Message, UNKNOWN, along(0, 0.0))).unwrap_err()),
        "message"
    );
    assert_eq!(
        entity_of(store.embeddings().upsert(&embedding(OwnerKind::Document, &ids[0], along(0, 0.0))).unwrap_err()),
        "document",
        "a wrong-kind id"
    );
    assert_eq!(
        field_of(store.embeddings().upsert(&embedding(OwnerKind::Message, "not-an-id", along(0, 0.0))).unwrap_err()),
        "owner_id"
    );
    let blank = NewEmbedding { collection: "".into(), ..embedding(OwnerKind::Message, &ids[0], along(0, 0.0)) };
    assert_eq!(field_of(store.embeddings().upsert(&blank).unwrap_err()), "collection");
    let newline = NewEmbedding { model: "a\nb".into(), ..embedding(OwnerKind::Message, &ids[0], along(0, 0.0)) };
    assert_eq!(field_of(store.embeddings().upsert(&newline).unwrap_err()), "model");
    for k in [0, limits::VECTOR_K_MAX + 1] {
        assert_eq!(field_of(store.embeddings().search(&query(along(0, 0.0), k)).unwrap_err()), "k");
    }
    for min in [f32::NAN, 1.5, -1.01] {
        let search = VectorQuery { min_score: Some(min), ..query(along(0, 0.0), 1) };
        assert_eq!(field_of(store.embeddings().search(&search).unwrap_err()), "min_score");
    }
    let unknown = VectorQuery::new("nope", MODEL, along(0, 0.0), 1);
    assert_eq!(entity_of(store.embeddings().search(&unknown).unwrap_err()), "collection");
    assert_eq!(
        entity_of(store.embeddings().search(&VectorQuery::new(COLLECTION, "nope", along(0, 0.0), 1)).unwrap_err()),
        "collection"
    );
    let bad_filter = VectorQuery {
        filter: VectorFilter { thread_id: Some("x".into()), ..Default::default() },
        ..query(along(0, 0.0), 1)
    };
    assert_eq!(field_of(store.embeddings().search(&bad_filter).unwrap_err()), "thread_id");
    let bad_time = VectorQuery {
        filter: VectorFilter { created_from: Some(-1), ..Default::default() },
        ..query(along(0, 0.0), 1)
    };
    assert_eq!(field_of(store.embeddings().search(&bad_time).unwrap_err()), "created_from");
    assert_eq!(store.embeddings().scroll(COLLECTION, MODEL, &page(10)).unwrap(), before, "nothing changed");
}

pub fn a_rejected_batch_stores_nothing(store: Store) {
    let (_, _, ids) = messages(&store, 3);
    let batch = vec![
        embedding(OwnerKind::Message, &ids[0], along(0, 0.0)),
        embedding(OwnerKind::Message, &ids[1], along(1, 0.0)),
        embedding(OwnerKind::Message, UNKNOWN, along(2, 0.0)),
    ];
    assert_eq!(entity_of(store.embeddings().upsert_batch(&batch).unwrap_err()), "message");
    assert_eq!(count(&store), 0);
    let mixed = vec![
        embedding(OwnerKind::Message, &ids[0], along(0, 0.0)),
        embedding(OwnerKind::Message, &ids[1], vec![1.0; 8]),
    ];
    assert_eq!(
        field_of(store.embeddings().upsert_batch(&mixed).unwrap_err()),
        "vector",
        "dimensions differ within a batch"
    );
    assert_eq!(count(&store), 0);
    let good: Vec<NewEmbedding> =
        ids.iter().enumerate().map(|(i, id)| embedding(OwnerKind::Message, id, along(i, 0.0))).collect();
    assert_eq!(store.embeddings().upsert_batch(&good).unwrap(), 3);
    assert_eq!(store.embeddings().upsert_batch(&good).unwrap(), 3, "again: replaced");
    assert_eq!(count(&store), 3);
    let too_many = vec![good[0].clone(); limits::VECTOR_BATCH_MAX + 1];
    assert_eq!(field_of(store.embeddings().upsert_batch(&too_many).unwrap_err()), "embeddings");
}

pub fn missing_lists_unembedded_and_stale_owners(store: Store) {
    let (ws, thread, ids) = messages(&store, 5);
    let archived = store.threads().create(&ws, "Archived").unwrap();
    store.messages().append(&archived.id, MessageRole::User, "old").unwrap();
    store.threads().update(&archived.id, &ThreadPatch { archived: Some(true), ..Default::default() }).unwrap();
    let missing = |after: Option<String>| {
        let page = PageRequest { limit: 2, after };
        store.embeddings().missing(COLLECTION, MODEL, OwnerKind::Message, &page).unwrap()
    };
    let first = missing(None);
    assert_eq!(first.iter().map(|m| m.owner_id.clone()).collect::<Vec<_>>(), ids[..2]);
    assert!(first.iter().all(|m| !m.stale && m.workspace_id == ws));
    let second = missing(first.last().map(|m| m.owner_id.clone()));
    assert_eq!(second.iter().map(|m| m.owner_id.clone()).collect::<Vec<_>>(), ids[2..4]);

    for id in &ids {
        store.embeddings().upsert(&embedding(OwnerKind::Message, id, along(0, 0.0))).unwrap();
    }
    assert!(missing(None).is_empty(), "archived threads are left out");
    store.messages().edit(&ids[3], "changed since").unwrap();
    store.messages().delete(&ids[4]).unwrap();
    let stale = missing(None);
    assert_eq!(stale.len(), 1);
    assert_eq!((stale[0].owner_id.as_str(), stale[0].stale), (ids[3].as_str(), true));
    store.messages().append(&thread, MessageRole::User, "new").unwrap();
    assert_eq!(missing(None).len(), 2);

    let doc = store.documents().create(&NewDocument::new(&ws, "Doc", "body")).unwrap();
    store.embeddings().upsert(&embedding(OwnerKind::Document, &doc.id, along(1, 0.0))).unwrap();
    let docs = |store: &Store| store.embeddings().missing(COLLECTION, MODEL, OwnerKind::Document, &page(10)).unwrap();
    assert!(docs(&store).is_empty());
    store.documents().update(&doc.id, &DocumentPatch { body: Some("new body".into()), ..Default::default() }).unwrap();
    assert!(docs(&store)[0].stale);
    assert_eq!(
        entity_of(
            store
                .embeddings()
                .missing(COLLECTION, MODEL, OwnerKind::Message, &PageRequest { limit: 2, after: Some(UNKNOWN.into()) })
                .unwrap_err()
        ),
        "message"
    );
}

pub fn hybrid_search_fuses_words_and_meaning(store: Store) {
    let ws = workspace(&store, "Hybrid").unwrap();
    let thread = store.threads().create(&ws.id, "Mixed").unwrap();
    let append = |text: &str| store.messages().append(&thread.id, MessageRole::User, text).unwrap().id;
    let both = append("binding rust to kotlin with uniffi");
    let words = append("kotlin coroutines and flows");
    let meaning = append("a foreign function interface for mobile apps");
    let neither = append("gardening in spring");
    store.embeddings().upsert(&embedding(OwnerKind::Message, &both, along(0, 0.05))).unwrap();
    store.embeddings().upsert(&embedding(OwnerKind::Message, &words, along(7, 0.0))).unwrap();
    store.embeddings().upsert(&embedding(OwnerKind::Message, &meaning, along(0, 0.1))).unwrap();
    store.embeddings().upsert(&embedding(OwnerKind::Message, &neither, along(12, 0.0))).unwrap();
    let hybrid = HybridQuery { text: "kotlin".into(), vector: query(along(0, 0.0), 3) };
    let hits = store.embeddings().hybrid_search(&hybrid).unwrap();
    assert_eq!(hits.len(), 3);
    assert_eq!(hits[0].owner_id, both, "in both lists, first");
    assert_eq!(hits[0].vector_rank, Some(1));
    assert!(hits[0].text_rank.is_some_and(|rank| rank <= 2), "{:?}", hits[0]);
    let ids: Vec<&str> = hits.iter().map(|hit| hit.owner_id.as_str()).collect();
    assert!(ids.contains(&words.as_str()) && ids.contains(&meaning.as_str()));
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
    let elsewhere = HybridQuery {
        text: "kotlin".into(),
        vector: VectorQuery {
            filter: VectorFilter { workspace_id: Some(UNKNOWN.into()), ..Default::default() },
            ..query(along(0, 0.0), 3)
        },
    };
    assert!(store.embeddings().hybrid_search(&elsewhere).unwrap().is_empty(), "one filter for both sides");
    let no_words = HybridQuery { text: "".into(), vector: query(along(0, 0.0), 3) };
    assert!(matches!(store.embeddings().hybrid_search(&no_words).unwrap_err(), StoreError::InvalidInput { .. }));
}

pub fn scroll_pages_through_a_collection(store: Store) {
    let (_, _, ids) = messages(&store, 5);
    for (i, id) in ids.iter().enumerate() {
        store.embeddings().upsert(&embedding(OwnerKind::Message, id, along(i, 0.0))).unwrap();
    }
    let first = store.embeddings().scroll(COLLECTION, MODEL, &page(3)).unwrap();
    let next = PageRequest { limit: 3, after: Some(first[2].id.clone()) };
    let second = store.embeddings().scroll(COLLECTION, MODEL, &next).unwrap();
    let seen: Vec<String> = first.iter().chain(&second).map(|e| e.owner_id.clone()).collect();
    assert_eq!(seen, ids, "every vector once, in the order stored");
    assert_eq!(field_of(store.embeddings().scroll(COLLECTION, MODEL, &page(0)).unwrap_err()), "limit");
    assert_eq!(entity_of(store.embeddings().scroll("none", MODEL, &page(3)).unwrap_err()), "collection");
}

pub fn int8_keeps_scores_exact(store: Store) {
    let (_, _, ids) = messages(&store, 20);
    for (i, id) in ids.iter().enumerate() {
        store.embeddings().upsert(&embedding(OwnerKind::Message, id, along(i % 4, i as f32 * 0.03))).unwrap();
    }
    let exact = store.embeddings().search(&query(along(1, 0.2), 5)).unwrap();
    let settings = IndexSettings { precision: VectorPrecision::Int8, memory_budget_bytes: None };
    let info = store.embeddings().configure(COLLECTION, MODEL, &settings).unwrap();
    assert_eq!(info.settings.precision, VectorPrecision::Int8);
    let quantized = store.embeddings().search(&query(along(1, 0.2), 5)).unwrap();
    assert_eq!(owners(&quantized), owners(&exact));
    for (a, b) in quantized.iter().zip(&exact) {
        assert!((a.score - b.score).abs() < 1e-5, "rescored in 32 bits: {} vs {}", a.score, b.score);
    }
    let f32_bytes = store.embeddings().info(COLLECTION, MODEL).unwrap().estimated_memory_bytes;
    store.embeddings().configure(COLLECTION, MODEL, &IndexSettings::default()).unwrap();
    assert!(store.embeddings().info(COLLECTION, MODEL).unwrap().estimated_memory_bytes > f32_bytes);
}

pub fn memory_budget_is_enforced(store: Store) {
    let (_, _, ids) = messages(&store, 4);
    store.embeddings().upsert(&embedding(OwnerKind::Message, &ids[0], along(0, 0.0))).unwrap();
    let one = store.embeddings().info(COLLECTION, MODEL).unwrap().estimated_memory_bytes;
    let budget = IndexSettings { memory_budget_bytes: Some(one * 2), ..Default::default() };
    store.embeddings().configure(COLLECTION, MODEL, &budget).unwrap();
    store.embeddings().upsert(&embedding(OwnerKind::Message, &ids[1], along(1, 0.0))).unwrap();
    assert_eq!(
        field_of(store.embeddings().upsert(&embedding(OwnerKind::Message, &ids[2], along(2, 0.0))).unwrap_err()),
        "vector"
    );
    assert_eq!(count(&store), 2);
    let tight = IndexSettings { memory_budget_bytes: Some(1), ..Default::default() };
    assert_eq!(field_of(store.embeddings().configure(COLLECTION, MODEL, &tight).unwrap_err()), "memory_budget_bytes");
    assert_eq!(
        store.embeddings().info(COLLECTION, MODEL).unwrap().settings,
        budget,
        "a refused setting changes nothing"
    );
}

pub fn optimize_builds_and_results_hold(store: Store) {
    let (_, _, ids) = messages(&store, 30);
    for (i, id) in ids.iter().enumerate() {
        store.embeddings().upsert(&embedding(OwnerKind::Message, id, along(i % 8, (i / 8) as f32 * 0.1))).unwrap();
    }
    let before = store.embeddings().search(&query(along(2, 0.1), 5)).unwrap();
    let info = store.embeddings().optimize(COLLECTION, MODEL, &unified_store::NoProgress).unwrap();
    assert_eq!(info.count, 30);
    assert!(info.memory_bytes > 0, "loaded");
    assert_eq!(store.embeddings().search(&query(along(2, 0.1), 5)).unwrap(), before);
}
