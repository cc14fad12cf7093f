//! Behaviour of the content domain: workspaces, projects, documents, threads, messages and
//! attachments, and search over them.

use super::*;

/// The content behaviours, for [`crate::behaviour_tests!`].
#[macro_export]
#[doc(hidden)]
macro_rules! __content_cases {
    ($emit:ident $($args:tt)*) => {
        $crate::$emit!(content; $($args)*; workspaces_crud, threads_belong_to_workspaces, messages_page_newest_first, soft_delete_hides_descendants, search_hits_misses_and_filters, search_ranks_by_relevance, hostile_query_text_is_typed, bad_ids_and_arguments_are_typed, rejected_writes_change_nothing, edit_reindexes_content, closed_store_refuses_calls, ids_in_other_spellings_find_their_records, a_cursor_from_another_list_is_invalid, equal_scores_come_back_newest_first);
    };
}

pub fn workspaces_crud(store: Store) {
    let workspaces = store.workspaces();
    let first = workspaces.create(&owned(&store, "  Research  ")).unwrap();
    assert_eq!(first.name, "Research", "names are trimmed");
    assert_eq!(first.created_at, first.updated_at);
    let second = workspaces.create(&owned(&store, "Personal")).unwrap();
    assert_eq!(workspaces.get(&first.id).unwrap(), first);

    let renamed = workspaces.rename(&first.id, "Lab").unwrap();
    assert_eq!((renamed.id.as_str(), renamed.name.as_str()), (first.id.as_str(), "Lab"));
    assert!(renamed.updated_at >= first.updated_at);
    assert_eq!(renamed.created_at, first.created_at);

    let listed: Vec<_> = workspaces.list(&page(10)).unwrap().into_iter().map(|w| w.id).collect();
    assert_eq!(listed, [second.id.clone(), first.id.clone()], "newest first");

    workspaces.delete(&first.id).unwrap();
    assert_eq!(entity_of(workspaces.get(&first.id).unwrap_err()), "workspace");
    assert_eq!(workspaces.list(&page(10)).unwrap(), [second]);
    assert_eq!(entity_of(workspaces.delete(&first.id).unwrap_err()), "workspace", "deleting twice");
}

pub fn threads_belong_to_workspaces(store: Store) {
    let a = workspace(&store, "A").unwrap();
    let b = workspace(&store, "B").unwrap();
    let threads = store.threads();
    let a1 = threads.create(&a.id, "first").unwrap();
    let a2 = threads.create(&a.id, "second").unwrap();
    let b1 = threads.create(&b.id, "other").unwrap();
    assert_eq!(a1.workspace_id, a.id);

    assert_eq!(threads.list(&a.id, &page(10)).unwrap(), [a2.clone(), a1.clone()]);
    assert_eq!(threads.list(&b.id, &page(10)).unwrap(), [b1]);

    let renamed = threads.rename(&a1.id, "renamed").unwrap();
    assert_eq!(threads.get(&a1.id).unwrap(), renamed);

    let unknown = "01890a5d-ac96-774b-bcce-b302099a8057";
    assert_eq!(entity_of(threads.create(unknown, "orphan").unwrap_err()), "workspace");
    assert_eq!(entity_of(threads.list(unknown, &page(10)).unwrap_err()), "workspace");
    assert_eq!(entity_of(store.messages().append(unknown, MessageRole::User, "x").unwrap_err()), "thread");
}

pub fn messages_page_newest_first(store: Store) {
    let ws = workspace(&store, "W").unwrap();
    let thread = store.threads().create(&ws.id, "T").unwrap();
    let messages = store.messages();
    let written: Vec<_> =
        (0..7).map(|i| messages.append(&thread.id, MessageRole::User, &format!("message {i}")).unwrap()).collect();

    let mut seen = Vec::new();
    let mut request = page(3);
    loop {
        let batch = messages.list(&thread.id, &request).unwrap();
        assert!(batch.len() <= 3);
        let Some(last) = batch.last() else { break };
        request.after = Some(last.id.clone());
        seen.extend(batch);
    }
    let expected: Vec<_> = written.iter().rev().cloned().collect();
    assert_eq!(seen, expected, "pages join up to every message, newest first, none twice");
    assert_eq!(messages.get(&written[2].id).unwrap(), written[2]);
}

pub fn soft_delete_hides_descendants(store: Store) {
    let ws = workspace(&store, "W").unwrap();
    let kept = store.threads().create(&ws.id, "kept").unwrap();
    let doomed = store.threads().create(&ws.id, "doomed").unwrap();
    let messages = store.messages();
    let m1 = messages.append(&kept.id, MessageRole::User, "alpha one").unwrap();
    let m2 = messages.append(&kept.id, MessageRole::Assistant, "alpha two").unwrap();
    let m3 = messages.append(&doomed.id, MessageRole::User, "alpha three").unwrap();

    messages.delete(&m1.id).unwrap();
    assert_eq!(entity_of(messages.get(&m1.id).unwrap_err()), "message");
    assert_eq!(messages.list(&kept.id, &page(10)).unwrap(), [m2.clone()]);
    assert_eq!(messages.search(&query("alpha")).unwrap().len(), 2);

    store.threads().delete(&doomed.id).unwrap();
    assert_eq!(entity_of(messages.get(&m3.id).unwrap_err()), "message");
    assert_eq!(entity_of(messages.list(&doomed.id, &page(10)).unwrap_err()), "thread");
    assert_eq!(store.threads().list(&ws.id, &page(10)).unwrap(), [kept.clone()]);
    let hits: Vec<_> = messages.search(&query("alpha")).unwrap().into_iter().map(|h| h.message.id).collect();
    assert_eq!(hits, [m2.id.clone()]);

    store.workspaces().delete(&ws.id).unwrap();
    assert_eq!(entity_of(store.threads().get(&kept.id).unwrap_err()), "thread");
    assert_eq!(entity_of(messages.get(&m2.id).unwrap_err()), "message");
    assert!(messages.search(&query("alpha")).unwrap().is_empty());
}

pub fn search_hits_misses_and_filters(store: Store) {
    let (w1, w2) = (workspace(&store, "one").unwrap(), workspace(&store, "two").unwrap());
    let t1 = store.threads().create(&w1.id, "t1").unwrap();
    let t2 = store.threads().create(&w1.id, "t2").unwrap();
    let t3 = store.threads().create(&w2.id, "t3").unwrap();
    let messages = store.messages();
    let m1 = messages.append(&t1.id, MessageRole::User, "The quick brown fox jumps").unwrap();
    let m2 = messages.append(&t2.id, MessageRole::Assistant, "A lazy fox sleeps").unwrap();
    let m3 = messages.append(&t3.id, MessageRole::User, "Foxes and the café").unwrap();

    let ids = |q: SearchQuery| -> Vec<String> {
        let mut ids: Vec<_> = messages.search(&q).unwrap().into_iter().map(|h| h.message.id).collect();
        ids.sort();
        ids
    };
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    assert_eq!(ids(query("fox")), sorted(vec![m1.id.clone(), m2.id.clone()]));
    assert!(ids(query("elephant")).is_empty(), "a miss is an empty list");
    assert_eq!(ids(query("fox*")), sorted(vec![m1.id.clone(), m2.id.clone(), m3.id.clone()]), "prefix");
    assert_eq!(ids(query("cafe")), [m3.id.clone()], "diacritics folded");
    assert_eq!(ids(query("QUICK fox")), [m1.id.clone()], "all words, any case");

    let in_w1 = SearchQuery { workspace_id: Some(w1.id.clone()), ..query("fox*") };
    assert_eq!(ids(in_w1), sorted(vec![m1.id.clone(), m2.id.clone()]));
    let in_t2 = SearchQuery { thread_id: Some(t2.id.clone()), ..query("fox") };
    assert_eq!(ids(in_t2), [m2.id.clone()]);
    let one = SearchQuery { limit: 1, ..query("fox*") };
    assert_eq!(messages.search(&one).unwrap().len(), 1);

    let hit = &messages.search(&query("brown")).unwrap()[0];
    assert_eq!(hit.message, m1);
    assert_eq!(hit.workspace_id, w1.id);
    assert!(hit.snippet.contains("[brown]"), "snippet highlights the match: {}", hit.snippet);
}

pub fn search_ranks_by_relevance(store: Store) {
    let ws = workspace(&store, "W").unwrap();
    let thread = store.threads().create(&ws.id, "T").unwrap();
    let messages = store.messages();
    let once =
        messages.append(&thread.id, MessageRole::User, "rust is mentioned once among many other words here").unwrap();
    let thrice = messages.append(&thread.id, MessageRole::User, "rust rust rust").unwrap();
    let twice = messages.append(&thread.id, MessageRole::User, "rust and more rust, then other words").unwrap();

    let hits = messages.search(&query("rust")).unwrap();
    let order: Vec<_> = hits.iter().map(|h| h.message.id.clone()).collect();
    assert_eq!(order, [thrice.id, twice.id, once.id]);
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score), "scores descend");
}

pub fn hostile_query_text_is_typed(store: Store) {
    let fts5 = |text: &str| SearchQuery { syntax: QuerySyntax::Fts5, ..query(text) };
    let empty = store.messages().search(&fts5("AND (")).unwrap_err();
    assert_eq!(field_of(empty), "query", "rejected even when there is nothing to search");

    let ws = workspace(&store, "W").unwrap();
    let thread = store.threads().create(&ws.id, "T").unwrap();
    let near = store.messages().append(&thread.id, MessageRole::User, "stand NEAR the door and say \"hi\"").unwrap();

    // Plain text: anything typed is either searched as words or rejected as InvalidInput.
    for text in ["\"", "AND (", "*", "NEAR", "hi\"", "door AND (", "a OR", "-x", "col:door", "^door"] {
        match store.messages().search(&query(text)) {
            Ok(hits) => assert!(hits.iter().all(|h| h.message.id == near.id), "{text:?}"),
            Err(error) => assert_eq!(field_of(error), "query", "{text:?}"),
        }
    }
    let near_hits = store.messages().search(&query("NEAR")).unwrap();
    assert_eq!(near_hits.len(), 1, "a lone NEAR is searched as a word");

    // FTS5 syntax: errors in it are InvalidInput, valid syntax works.
    for text in ["\"", "AND (", "*", "NEAR(", "door AND", "nosuchcolumn:door"] {
        assert_eq!(field_of(store.messages().search(&fts5(text)).unwrap_err()), "query", "{text:?}");
    }
    assert_eq!(store.messages().search(&fts5("door OR window")).unwrap().len(), 1);
    assert_eq!(store.messages().search(&fts5("\"the door\"")).unwrap().len(), 1);
}

pub fn bad_ids_and_arguments_are_typed(store: Store) {
    let ws = workspace(&store, "W").unwrap();
    let thread = store.threads().create(&ws.id, "T").unwrap();
    assert_eq!(field_of(store.workspaces().get("not-a-uuid").unwrap_err()), "id");
    assert_eq!(field_of(store.threads().create("'; DROP TABLE threads; --", "x").unwrap_err()), "workspace_id");
    assert_eq!(field_of(store.messages().list("", &page(5)).unwrap_err()), "thread_id");
    assert_eq!(field_of(workspace(&store, "   ").unwrap_err()), "name");
    assert_eq!(field_of(workspace(&store, &"x".repeat(201)).unwrap_err()), "name");
    assert_eq!(field_of(store.threads().rename(&thread.id, "").unwrap_err()), "title");
    assert_eq!(field_of(store.workspaces().list(&page(0)).unwrap_err()), "limit");
    assert_eq!(field_of(store.workspaces().list(&page(1001)).unwrap_err()), "limit");
    let unknown_cursor = PageRequest { limit: 5, after: Some("01890a5d-ac96-774b-bcce-b302099a8057".into()) };
    assert_eq!(field_of(store.workspaces().list(&unknown_cursor).unwrap_err()), "after");
    let filter = SearchQuery { workspace_id: Some("nope".into()), ..query("x") };
    assert_eq!(field_of(store.messages().search(&filter).unwrap_err()), "workspace_id");
    let huge = "x".repeat(unified_store::limits::CONTENT_MAX_BYTES + 1);
    assert_eq!(field_of(store.messages().append(&thread.id, MessageRole::User, &huge).unwrap_err()), "content");
    assert_eq!(entity_of(store.messages().get("01890a5d-ac96-774b-bcce-b302099a8057").unwrap_err()), "message");
}

pub fn rejected_writes_change_nothing(store: Store) {
    let ws = workspace(&store, "W").unwrap();
    let thread = store.threads().create(&ws.id, "T").unwrap();
    store.messages().append(&thread.id, MessageRole::User, "kept").unwrap();
    let before = store.messages().list(&thread.id, &page(100)).unwrap();

    store.threads().delete(&thread.id).unwrap();
    assert!(store.messages().append(&thread.id, MessageRole::User, "into a deleted thread").is_err());
    assert!(store.threads().rename(&thread.id, "ghost").is_err());
    let huge = "y".repeat(unified_store::limits::CONTENT_MAX_BYTES + 1);
    assert!(store.messages().edit(&before[0].id, &huge).is_err());

    assert!(store.messages().search(&query("into")).unwrap().is_empty());
    let again = store.threads().create(&ws.id, "T2").unwrap();
    assert!(store.messages().list(&again.id, &page(100)).unwrap().is_empty());
    assert_eq!(store.workspaces().list(&page(10)).unwrap().len(), 1);
}

pub fn edit_reindexes_content(store: Store) {
    let ws = workspace(&store, "W").unwrap();
    let thread = store.threads().create(&ws.id, "T").unwrap();
    let message = store.messages().append(&thread.id, MessageRole::Assistant, "original wording").unwrap();
    let edited = store.messages().edit(&message.id, "revised phrasing").unwrap();
    assert_eq!(edited.content, "revised phrasing");
    assert_eq!(edited.created_at, message.created_at);
    assert!(store.messages().search(&query("original")).unwrap().is_empty());
    assert_eq!(store.messages().search(&query("revised")).unwrap()[0].message, edited);
}

pub fn closed_store_refuses_calls(store: Store) {
    let workspaces = store.workspaces();
    let before = workspaces.create(&owned(&store, "before close")).unwrap();
    store.close().unwrap();
    store.close().unwrap();
    assert!(matches!(workspaces.list(&page(5)), Err(StoreError::Storage { .. })));
    let after = NewWorkspace { name: "after close".into(), ..owned_by(&before) };
    assert!(matches!(store.workspaces().create(&after), Err(StoreError::Storage { .. })));
}

pub fn ids_in_other_spellings_find_their_records(store: Store) {
    let ws = workspace(&store, "W").unwrap();
    let thread = store.threads().create(&ws.id.to_uppercase(), "T").unwrap();
    assert_eq!(thread.workspace_id, ws.id, "stored in the canonical spelling");
    let message = store.messages().append(&format!("{{{}}}", thread.id), MessageRole::User, "braced").unwrap();
    assert_eq!(store.messages().get(&message.id.to_uppercase()).unwrap(), message);
    assert_eq!(store.messages().get(&message.id.replace('-', "")).unwrap(), message);
    let filtered = SearchQuery { workspace_id: Some(ws.id.to_uppercase()), ..query("braced") };
    assert_eq!(store.messages().search(&filtered).unwrap().len(), 1);
    let renamed = store.threads().rename(&thread.id.to_uppercase(), "T2").unwrap();
    assert_eq!(renamed.id, thread.id);
}

pub fn a_cursor_from_another_list_is_invalid(store: Store) {
    let ws = workspace(&store, "W").unwrap();
    let (a, b) = (store.threads().create(&ws.id, "a").unwrap(), store.threads().create(&ws.id, "b").unwrap());
    store.messages().append(&a.id, MessageRole::User, "in a").unwrap();
    let in_b = store.messages().append(&b.id, MessageRole::User, "in b").unwrap();
    let foreign = PageRequest { limit: 10, after: Some(in_b.id) };
    assert_eq!(field_of(store.messages().list(&a.id, &foreign).unwrap_err()), "after");
}

pub fn equal_scores_come_back_newest_first(store: Store) {
    let ws = workspace(&store, "W").unwrap();
    let thread = store.threads().create(&ws.id, "T").unwrap();
    let written: Vec<_> =
        (0..5).map(|_| store.messages().append(&thread.id, MessageRole::User, "same words").unwrap()).collect();
    let hits: Vec<_> = store.messages().search(&query("same")).unwrap().into_iter().map(|h| h.message.id).collect();
    let newest_first: Vec<_> = written.into_iter().rev().map(|m| m.id).collect();
    assert_eq!(hits, newest_first);
}
