//! Storage accounting under random operation sequences: after any mix of writes, edits, soft
//! deletes, purges and the cascades they set off, the counters the triggers keep (for the
//! store, every workspace and every thread) equal what `recount` finds from scratch.

// proptest is a native-only dev-dependency (core/Cargo.toml); the behaviours in
// tests/behaviour/storage.rs run on every backend.
#![cfg(not(target_family = "wasm"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use unified_store::{
    MessageRole, NewAttachment, NewDocument, NewEmbedding, NewInteraction, NewProject, NewUser, NewWorkspace,
    OwnerKind, ProviderKind, StorageStats, Store, ThreadPatch,
};

#[derive(Debug, Clone)]
enum Op {
    Workspace,
    Project(usize),
    Thread(usize),
    Append(usize, usize),
    Edit(usize, usize),
    Attach(usize),
    Embed(usize),
    Interaction(usize),
    Document(usize, usize),
    MoveThread(usize, usize),
    DeleteMessage(usize),
    PurgeMessage(usize),
    PurgeThread(usize),
    PurgeProject(usize),
    PurgeDocument(usize),
    PurgeWorkspace(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let i = || 0usize..8;
    prop_oneof![
        Just(Op::Workspace),
        i().prop_map(Op::Project),
        i().prop_map(Op::Thread),
        (i(), 0usize..3000).prop_map(|(t, n)| Op::Append(t, n)),
        (i(), 0usize..3000).prop_map(|(m, n)| Op::Edit(m, n)),
        i().prop_map(Op::Attach),
        i().prop_map(Op::Embed),
        i().prop_map(Op::Interaction),
        (i(), 0usize..3000).prop_map(|(w, n)| Op::Document(w, n)),
        (i(), i()).prop_map(|(t, p)| Op::MoveThread(t, p)),
        i().prop_map(Op::DeleteMessage),
        i().prop_map(Op::PurgeMessage),
        i().prop_map(Op::PurgeThread),
        i().prop_map(Op::PurgeProject),
        i().prop_map(Op::PurgeDocument),
        i().prop_map(Op::PurgeWorkspace),
    ]
}

/// Ids made so far; an op on one that is gone fails with a typed error, which is fine.
#[derive(Default)]
struct Made {
    workspaces: Vec<String>,
    projects: Vec<(String, String)>,
    threads: Vec<(String, String)>,
    messages: Vec<String>,
    documents: Vec<String>,
}

fn pick<T: Clone>(list: &[T], i: usize) -> Option<T> {
    (!list.is_empty()).then(|| list[i % list.len()].clone())
}

fn apply(store: &Store, owner: &str, made: &mut Made, op: &Op) {
    let text = |n: usize| "é".repeat(n % 700) + &"x".repeat(n);
    match *op {
        Op::Workspace => {
            made.workspaces.push(store.workspaces().create(&NewWorkspace::for_user("W", owner)).unwrap().id)
        }
        Op::Project(w) => {
            if let Some(ws) = pick(&made.workspaces, w)
                && let Ok(p) = store.projects().create(&NewProject::new(&ws, "P"))
            {
                made.projects.push((p.id, ws));
            }
        }
        Op::Thread(w) => {
            if let Some(ws) = pick(&made.workspaces, w)
                && let Ok(t) = store.threads().create(&ws, "T")
            {
                made.threads.push((t.id, ws));
            }
        }
        Op::Append(t, n) => {
            if let Some((thread, _)) = pick(&made.threads, t)
                && let Ok(m) = store.messages().append(&thread, MessageRole::User, &text(n + 1))
            {
                made.messages.push(m.id);
            }
        }
        Op::Edit(m, n) => {
            if let Some(id) = pick(&made.messages, m) {
                let _ = store.messages().edit(&id, &text(n + 1));
            }
        }
        Op::Attach(m) => {
            if let Some(id) = pick(&made.messages, m) {
                let _ = store.attachments().add(&NewAttachment {
                    message_id: id,
                    filename: "f.bin".into(),
                    mime: "application/octet-stream".into(),
                    size_bytes: 100,
                    sha256: "c".repeat(64),
                });
            }
        }
        Op::Embed(m) => {
            if let Some(id) = pick(&made.messages, m) {
                let _ = store.embeddings().upsert(&NewEmbedding::new(OwnerKind::Message, &id, "c", "m", [1.0, 0.5]));
            }
        }
        Op::Interaction(t) => {
            if let Some((thread, ws)) = pick(&made.threads, t) {
                let call = NewInteraction {
                    workspace_id: Some(ws),
                    thread_id: Some(thread),
                    ..NewInteraction::new(ProviderKind::Anthropic, "claude", 10, "USD")
                };
                let _ = store.interactions().record(&call);
            }
        }
        Op::Document(w, n) => {
            if let Some(ws) = pick(&made.workspaces, w)
                && let Ok(d) = store.documents().create(&NewDocument::new(&ws, "D", text(n)))
            {
                made.documents.push(d.id);
            }
        }
        Op::MoveThread(t, p) => {
            if let (Some((thread, ws)), Some((project, pws))) = (pick(&made.threads, t), pick(&made.projects, p)) {
                if ws == pws {
                    let _ = store.threads().move_to_project(&thread, Some(&project));
                } else {
                    let _ =
                        store.threads().update(&thread, &ThreadPatch { pinned: Some(true), ..ThreadPatch::default() });
                }
            }
        }
        Op::DeleteMessage(m) => {
            if let Some(id) = pick(&made.messages, m) {
                let _ = store.messages().delete(&id);
            }
        }
        Op::PurgeMessage(m) => {
            if let Some(id) = pick(&made.messages, m) {
                let _ = store.messages().purge(&id);
            }
        }
        Op::PurgeThread(t) => {
            if let Some((id, _)) = pick(&made.threads, t) {
                let _ = store.threads().purge(&id);
            }
        }
        Op::PurgeProject(p) => {
            if let Some((id, _)) = pick(&made.projects, p) {
                let _ = store.projects().purge(&id);
            }
        }
        Op::PurgeDocument(d) => {
            if let Some(id) = pick(&made.documents, d) {
                let _ = store.documents().purge(&id);
            }
        }
        Op::PurgeWorkspace(w) => {
            if let Some(id) = pick(&made.workspaces, w) {
                let _ = store.workspaces().purge(&id);
            }
        }
    }
}

fn counts(stats: &StorageStats) -> Vec<(u64, u64)> {
    stats.categories.iter().map(|c| (c.rows, c.logical_bytes)).collect()
}

/// Every scope's counters: the store's, each live workspace's and thread's.
fn every_scope(store: &Store, made: &Made) -> Vec<Vec<(u64, u64)>> {
    let mut all = vec![counts(&store.storage().stats().unwrap())];
    all.extend(made.workspaces.iter().filter_map(|id| store.storage().workspace_usage(id).ok()).map(|s| counts(&s)));
    all.extend(made.threads.iter().filter_map(|(id, _)| store.storage().thread_usage(id).ok()).map(|s| counts(&s)));
    all
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn counters_equal_a_recount_after_any_sequence(ops in prop::collection::vec(op(), 1..60)) {
        let store = Store::open_in_memory().unwrap();
        let owner = store.users().create(&NewUser::new("p@example.com", "P")).unwrap().id;
        let mut made = Made::default();
        for op in &ops {
            apply(&store, &owner, &mut made, op);
        }
        let counted = every_scope(&store, &made);
        store.storage().recount().unwrap();
        let recounted = every_scope(&store, &made);
        prop_assert_eq!(counted, recounted);
    }
}
