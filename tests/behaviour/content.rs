//! Behaviour of the content domain: workspaces, projects, documents, threads, messages and
//! attachments, and search over them.

use super::*;
use unified_store::{
    DocumentPatch, DocumentSearch, NewAttachment, NewDocument, NewMessage, NewProject, NewThread, ProjectPatch, Role,
    ThreadPatch, WorkspacePatch,
};

/// The content behaviours, for [`crate::behaviour_tests!`].
#[macro_export]
#[doc(hidden)]
macro_rules! __content_cases {
    ($emit:ident $($args:tt)*) => {
        $crate::$emit!(content; $($args)*; workspaces_crud, threads_belong_to_workspaces, messages_page_newest_first, soft_delete_hides_descendants, search_hits_misses_and_filters, search_ranks_by_relevance, hostile_query_text_is_typed, bad_ids_and_arguments_are_typed, rejected_writes_change_nothing, edit_reindexes_content, closed_store_refuses_calls, ids_in_other_spellings_find_their_records, a_cursor_from_another_list_is_invalid, equal_scores_come_back_newest_first, workspace_members_are_managed, workspaces_reachable_by_a_user, workspaces_update_transfer_and_restore, projects_crud, deleting_a_project_hides_its_threads_and_documents, documents_crud_and_versions, documents_and_threads_stay_in_their_workspace, document_search_hits_misses_and_filters, thread_fields_pin_archive_and_move, message_branches, attachments_metadata_is_checked, purging_a_workspace_removes_everything_under_it, purging_threads_messages_and_documents, restoring_under_a_deleted_parent_is_invalid, a_rejected_batch_writes_nothing, search_finds_every_script);
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
    let listed: Vec<_> = store.threads().list(&ws.id, &page(10)).unwrap().into_iter().map(|t| t.id).collect();
    assert_eq!(listed, [kept.id.clone()]);
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

/// Text written without spaces (Chinese, Japanese, Korean particles, Thai) is found by any
/// two or more consecutive characters; emoji are words; Latin search is unchanged.
pub fn search_finds_every_script(store: Store) {
    let ws = workspace(&store, "W").unwrap();
    let thread = store.threads().create(&ws.id, "T").unwrap();
    let messages = store.messages();
    let texts = [
        "東京に行きました",
        "我们明天去北京大学",
        "서울에서 만나요",
        "ภาษาไทยง่ายนิดเดียว",
        "launch 🚀 today, Café au lait",
        "カタカナのテキスト",
    ];
    let appended: Vec<_> = messages
        .append_batch(&texts.iter().map(|t| NewMessage::new(&thread.id, MessageRole::User, *t)).collect::<Vec<_>>())
        .unwrap();
    let found = |text: &str| -> Vec<String> {
        messages.search(&query(text)).unwrap().into_iter().map(|h| h.message.content).collect()
    };
    for (text, expected) in [
        ("東京", texts[0]),
        ("行きました", texts[0]),
        ("北京大学", texts[1]),
        ("明天", texts[1]),
        ("서울", texts[2]),
        ("ไทย", texts[3]),
        ("ภาษาไทย", texts[3]),
        ("🚀", texts[4]),
        ("cafe", texts[4]),
        ("テキスト", texts[5]),
        ("カタ*", texts[5]),
    ] {
        assert_eq!(found(text), [expected], "searching {text}");
    }
    assert!(found("京東").is_empty(), "characters in another order are another word");
    assert!(found("大阪").is_empty());
    let hit = &messages.search(&query("東京")).unwrap()[0];
    assert_eq!(hit.message.id, appended[0].id);
    assert!(hit.snippet.contains("[東京"), "the snippet marks the match: {}", hit.snippet);
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

const UNKNOWN: &str = "01890a5d-ac96-774b-bcce-b302099a8057";

fn ids<T>(items: Vec<T>, id: impl Fn(T) -> String) -> Vec<String> {
    items.into_iter().map(id).collect()
}

fn docs(query: &str) -> DocumentSearch {
    DocumentSearch::words(query)
}

fn sha(fill: char) -> String {
    fill.to_string().repeat(64)
}

fn attachment(message_id: &str, filename: &str) -> NewAttachment {
    NewAttachment {
        message_id: message_id.to_owned(),
        filename: filename.to_owned(),
        mime: "image/png".into(),
        size_bytes: 1024,
        sha256: sha('a'),
    }
}

pub fn workspace_members_are_managed(store: Store) {
    let ws = workspace(&store, "Team").unwrap();
    let (bob, cleo) = (user(&store, "Bob").unwrap(), user(&store, "Cleo").unwrap());
    let workspaces = store.workspaces();

    let added = workspaces.add_member(&ws.id, &bob.id, Role::Member).unwrap();
    assert_eq!(
        (added.workspace_id.as_str(), added.user_id.as_str(), added.role),
        (ws.id.as_str(), bob.id.as_str(), Role::Member)
    );
    let twice = workspaces.add_member(&ws.id, &bob.id, Role::Viewer).unwrap_err();
    assert_eq!(conflict_field(twice), "user_id", "a member added twice");
    assert_eq!(workspaces.member(&ws.id, &bob.id).unwrap().role, Role::Member, "the refused add changed nothing");

    let owner_id = ws.owner_user_id.clone().unwrap();
    assert_eq!(field_of(workspaces.add_member(&ws.id, &owner_id, Role::Admin).unwrap_err()), "user_id");
    assert_eq!(field_of(workspaces.add_member(&ws.id, &cleo.id, Role::Owner).unwrap_err()), "role");
    assert_eq!(entity_of(workspaces.add_member(&ws.id, UNKNOWN, Role::Member).unwrap_err()), "user");
    assert_eq!(entity_of(workspaces.add_member(UNKNOWN, &cleo.id, Role::Member).unwrap_err()), "workspace");

    let viewer = workspaces.add_member(&ws.id, &cleo.id, Role::Viewer).unwrap();
    assert_eq!(workspaces.members(&ws.id, &page(10)).unwrap(), [viewer.clone(), added.clone()], "newest first");

    let promoted = workspaces.set_member_role(&ws.id, &cleo.id, Role::Admin).unwrap();
    assert_eq!((promoted.id.as_str(), promoted.role), (viewer.id.as_str(), Role::Admin));
    assert_eq!(workspaces.member(&ws.id, &cleo.id).unwrap(), promoted);
    assert_eq!(field_of(workspaces.set_member_role(&ws.id, &cleo.id, Role::Owner).unwrap_err()), "role");

    workspaces.remove_member(&ws.id, &bob.id).unwrap();
    assert_eq!(entity_of(workspaces.member(&ws.id, &bob.id).unwrap_err()), "workspace_member");
    assert_eq!(entity_of(workspaces.remove_member(&ws.id, &bob.id).unwrap_err()), "workspace_member");
    assert_eq!(entity_of(workspaces.set_member_role(&ws.id, &bob.id, Role::Admin).unwrap_err()), "workspace_member");
    assert_eq!(workspaces.members(&ws.id, &page(10)).unwrap(), [promoted]);
    workspaces.add_member(&ws.id, &bob.id, Role::Viewer).unwrap(); // removed members may come back

    workspaces.delete(&ws.id).unwrap();
    assert_eq!(entity_of(workspaces.members(&ws.id, &page(10)).unwrap_err()), "workspace");
}

pub fn workspaces_reachable_by_a_user(store: Store) {
    let ada = user(&store, "Ada").unwrap();
    let owned = store.workspaces().create(&NewWorkspace::for_user("Mine", &ada.id)).unwrap();
    let shared = workspace(&store, "Shared").unwrap();
    let other = workspace(&store, "Other").unwrap();
    store.workspaces().add_member(&shared.id, &ada.id, Role::Viewer).unwrap();

    let reachable = |id: &str| ids(store.workspaces().list_for_user(id, &page(10)).unwrap(), |w| w.id);
    assert_eq!(reachable(&ada.id), [shared.id.clone(), owned.id.clone()]);
    assert_eq!(reachable(other.owner_user_id.as_deref().unwrap()), [other.id.clone()]);

    store.workspaces().remove_member(&shared.id, &ada.id).unwrap();
    assert_eq!(reachable(&ada.id), [owned.id.clone()]);
    store.workspaces().delete(&owned.id).unwrap();
    assert!(reachable(&ada.id).is_empty());
    assert_eq!(entity_of(store.workspaces().list_for_user(UNKNOWN, &page(10)).unwrap_err()), "user");
}

pub fn workspaces_update_transfer_and_restore(store: Store) {
    let ws = workspace(&store, "Before").unwrap();
    let heir = user(&store, "Heir").unwrap();
    let workspaces = store.workspaces();
    workspaces.add_member(&ws.id, &heir.id, Role::Admin).unwrap();

    let both = WorkspacePatch {
        name: Some("Renamed".into()),
        owner_user_id: Some(heir.id.clone()),
        owner_organization_id: Some(UNKNOWN.into()),
    };
    assert_eq!(field_of(workspaces.update(&ws.id, &both).unwrap_err()), "owner", "two owners");
    assert_eq!(workspaces.get(&ws.id).unwrap(), ws, "the refused update renamed nothing");

    let to_nobody = WorkspacePatch { owner_user_id: Some(UNKNOWN.into()), ..WorkspacePatch::default() };
    assert_eq!(entity_of(workspaces.update(&ws.id, &to_nobody).unwrap_err()), "user");

    let transfer = WorkspacePatch {
        name: Some(" After ".into()),
        owner_user_id: Some(heir.id.clone()),
        ..WorkspacePatch::default()
    };
    let moved = workspaces.update(&ws.id, &transfer).unwrap();
    assert_eq!((moved.name.as_str(), moved.owner_user_id.as_deref()), ("After", Some(heir.id.as_str())));
    assert!(workspaces.members(&ws.id, &page(10)).unwrap().is_empty(), "the new owner is no longer a member");

    let thread = store.threads().create(&ws.id, "kept").unwrap();
    workspaces.delete(&ws.id).unwrap();
    assert_eq!(entity_of(store.threads().get(&thread.id).unwrap_err()), "thread");
    assert_eq!(workspaces.restore(&ws.id).unwrap(), workspaces.get(&ws.id).unwrap());
    assert_eq!(store.threads().get(&thread.id).unwrap().id, thread.id, "its threads come back");
    assert_eq!(entity_of(workspaces.restore(&ws.id).unwrap_err()), "workspace", "restoring a live workspace");
    assert_eq!(entity_of(workspaces.restore(UNKNOWN).unwrap_err()), "workspace");
}

pub fn projects_crud(store: Store) {
    let ws = workspace(&store, "W").unwrap();
    let projects = store.projects();
    let first =
        projects.create(&NewProject { description: "the first".into(), ..NewProject::new(&ws.id, " Alpha ") }).unwrap();
    assert_eq!(
        (first.name.as_str(), first.description.as_str(), first.workspace_id.as_str()),
        ("Alpha", "the first", ws.id.as_str())
    );
    let second = projects.create(&NewProject::new(&ws.id, "Beta")).unwrap();
    assert_eq!(projects.get(&first.id).unwrap(), first);
    assert_eq!(projects.list(&ws.id, &page(10)).unwrap(), [second.clone(), first.clone()]);

    let renamed = projects.update(&first.id, &ProjectPatch { name: Some("Gamma".into()), description: None }).unwrap();
    assert_eq!((renamed.name.as_str(), renamed.description.as_str()), ("Gamma", "the first"), "None leaves a field");
    let cleared = projects.update(&first.id, &ProjectPatch { name: None, description: Some(String::new()) }).unwrap();
    assert_eq!((cleared.name.as_str(), cleared.description.as_str()), ("Gamma", ""));

    assert_eq!(field_of(projects.create(&NewProject::new(&ws.id, "  ")).unwrap_err()), "name");
    let long =
        NewProject { description: "d".repeat(unified_store::DESCRIPTION_MAX + 1), ..NewProject::new(&ws.id, "x") };
    assert_eq!(field_of(projects.create(&long).unwrap_err()), "description");
    assert_eq!(entity_of(projects.create(&NewProject::new(UNKNOWN, "x")).unwrap_err()), "workspace");
    assert_eq!(
        field_of(
            projects.update(&first.id, &ProjectPatch { name: Some(String::new()), description: None }).unwrap_err()
        ),
        "name"
    );
    assert_eq!(projects.list(&ws.id, &page(10)).unwrap().len(), 2, "refused creates wrote nothing");

    projects.delete(&second.id).unwrap();
    assert_eq!(entity_of(projects.get(&second.id).unwrap_err()), "project");
    assert_eq!(projects.list(&ws.id, &page(10)).unwrap(), [cleared.clone()]);
    assert_eq!(projects.restore(&second.id).unwrap().name, second.name);
    assert_eq!(projects.list(&ws.id, &page(10)).unwrap().len(), 2);
    projects.purge(&second.id).unwrap();
    assert_eq!(entity_of(projects.get(&second.id).unwrap_err()), "project");
    assert_eq!(entity_of(projects.restore(&second.id).unwrap_err()), "project", "nothing left to restore");
    assert_eq!(entity_of(projects.purge(&second.id).unwrap_err()), "project");
}

pub fn deleting_a_project_hides_its_threads_and_documents(store: Store) {
    let ws = workspace(&store, "W").unwrap();
    let project = store.projects().create(&NewProject::new(&ws.id, "P")).unwrap();
    let inside = store
        .threads()
        .create_with(&NewThread {
            workspace_id: ws.id.clone(),
            project_id: Some(project.id.clone()),
            title: "in".into(),
        })
        .unwrap();
    let outside = store.threads().create(&ws.id, "out").unwrap();
    let message = store.messages().append(&inside.id, MessageRole::User, "zebra crossing").unwrap();
    let file = store.attachments().add(&attachment(&message.id, "zebra.png")).unwrap();
    let doc = store
        .documents()
        .create(&NewDocument {
            project_id: Some(project.id.clone()),
            ..NewDocument::new(&ws.id, "Zebra notes", "stripes")
        })
        .unwrap();
    let loose = store.documents().create(&NewDocument::new(&ws.id, "Loose", "stripes too")).unwrap();

    store.projects().delete(&project.id).unwrap();
    assert_eq!(entity_of(store.threads().get(&inside.id).unwrap_err()), "thread");
    assert_eq!(entity_of(store.messages().get(&message.id).unwrap_err()), "message");
    assert_eq!(entity_of(store.attachments().get(&file.id).unwrap_err()), "attachment");
    assert_eq!(entity_of(store.documents().get(&doc.id).unwrap_err()), "document");
    assert_eq!(entity_of(store.threads().list_in_project(&project.id, &page(10)).unwrap_err()), "project");
    assert_eq!(ids(store.threads().list(&ws.id, &page(10)).unwrap(), |t| t.id), [outside.id.clone()]);
    assert_eq!(ids(store.documents().list(&ws.id, &page(10)).unwrap(), |d| d.id), [loose.id.clone()]);
    assert!(store.messages().search(&query("zebra")).unwrap().is_empty());
    assert_eq!(ids(store.documents().search(&docs("stripes")).unwrap(), |h| h.document.id), [loose.id.clone()]);

    store.projects().restore(&project.id).unwrap();
    assert_eq!(store.threads().get(&inside.id).unwrap().project_id.as_deref(), Some(project.id.as_str()));
    assert_eq!(store.messages().get(&message.id).unwrap(), message);
    assert_eq!(store.attachments().get(&file.id).unwrap(), file);
    assert_eq!(store.documents().get(&doc.id).unwrap(), doc);
    assert_eq!(store.messages().search(&query("zebra")).unwrap().len(), 1);
}

pub fn documents_crud_and_versions(store: Store) {
    let ws = workspace(&store, "W").unwrap();
    let documents = store.documents();
    let doc = documents.create(&NewDocument::new(&ws.id, " Plan ", "# Plan\nfirst draft")).unwrap();
    assert_eq!(
        (doc.title.as_str(), doc.mime.as_str(), doc.version, doc.project_id.clone()),
        ("Plan", "text/markdown", 1, None)
    );
    assert_eq!(documents.get(&doc.id).unwrap(), doc);

    let edit =
        DocumentPatch { body: Some("second draft".into()), expected_version: Some(1), ..DocumentPatch::default() };
    let v2 = documents.update(&doc.id, &edit).unwrap();
    assert_eq!((v2.version, v2.body.as_str(), v2.title.as_str()), (2, "second draft", "Plan"));
    assert_eq!(v2.created_at, doc.created_at);

    let stale = DocumentPatch { title: Some("Lost".into()), expected_version: Some(1), ..DocumentPatch::default() };
    assert_eq!(conflict_field(documents.update(&doc.id, &stale).unwrap_err()), "version");
    assert_eq!(documents.get(&doc.id).unwrap(), v2, "a refused update changes nothing");

    let retitled = documents
        .update(
            &doc.id,
            &DocumentPatch {
                title: Some("Plan B".into()),
                mime: Some("Text/Plain".into()),
                ..DocumentPatch::default()
            },
        )
        .unwrap();
    assert_eq!((retitled.version, retitled.title.as_str(), retitled.mime.as_str()), (3, "Plan B", "text/plain"));
    assert_eq!(
        documents.update(&doc.id, &DocumentPatch::default()).unwrap().version,
        3,
        "an empty patch is no new version"
    );

    let bad_mime = DocumentPatch { mime: Some("markdown".into()), ..DocumentPatch::default() };
    assert_eq!(field_of(documents.update(&doc.id, &bad_mime).unwrap_err()), "mime");
    let huge = NewDocument::new(&ws.id, "Huge", "b".repeat(unified_store::DOCUMENT_BODY_MAX_BYTES + 1));
    assert_eq!(field_of(documents.create(&huge).unwrap_err()), "body");
    assert_eq!(field_of(documents.create(&NewDocument::new(&ws.id, "", "x")).unwrap_err()), "title");
    assert_eq!(entity_of(documents.create(&NewDocument::new(UNKNOWN, "x", "y")).unwrap_err()), "workspace");

    let other = documents.create(&NewDocument::new(&ws.id, "Other", "")).unwrap();
    assert_eq!(ids(documents.list(&ws.id, &page(10)).unwrap(), |d| d.id), [other.id.clone(), doc.id.clone()]);
    documents.delete(&doc.id).unwrap();
    assert_eq!(entity_of(documents.get(&doc.id).unwrap_err()), "document");
    assert_eq!(entity_of(documents.update(&doc.id, &DocumentPatch::default()).unwrap_err()), "document");
    let restored = documents.restore(&doc.id).unwrap();
    assert_eq!((restored.version, restored.title.as_str()), (retitled.version, "Plan B"));
    documents.purge(&doc.id).unwrap();
    assert_eq!(entity_of(documents.get(&doc.id).unwrap_err()), "document");
    assert_eq!(ids(documents.list(&ws.id, &page(10)).unwrap(), |d| d.id), [other.id.clone()]);
}

pub fn documents_and_threads_stay_in_their_workspace(store: Store) {
    let (a, b) = (workspace(&store, "A").unwrap(), workspace(&store, "B").unwrap());
    let in_a = store.projects().create(&NewProject::new(&a.id, "in A")).unwrap();
    let in_b = store.projects().create(&NewProject::new(&b.id, "in B")).unwrap();

    let foreign_doc = NewDocument { project_id: Some(in_b.id.clone()), ..NewDocument::new(&a.id, "x", "y") };
    assert_eq!(field_of(store.documents().create(&foreign_doc).unwrap_err()), "project_id");
    let foreign_thread = NewThread { workspace_id: a.id.clone(), project_id: Some(in_b.id.clone()), title: "x".into() };
    assert_eq!(field_of(store.threads().create_with(&foreign_thread).unwrap_err()), "project_id");
    let malformed = NewThread { project_id: Some("nope".into()), ..foreign_thread.clone() };
    assert_eq!(field_of(store.threads().create_with(&malformed).unwrap_err()), "project_id");
    let missing = NewThread { project_id: Some(UNKNOWN.into()), ..foreign_thread };
    assert_eq!(entity_of(store.threads().create_with(&missing).unwrap_err()), "project");
    assert!(store.threads().list(&a.id, &page(10)).unwrap().is_empty(), "refused creates wrote nothing");
    assert!(store.documents().list(&a.id, &page(10)).unwrap().is_empty());

    let doc = store.documents().create(&NewDocument::new(&a.id, "Doc", "body")).unwrap();
    let moved = store.documents().move_to_project(&doc.id, Some(&in_a.id)).unwrap();
    assert_eq!((moved.project_id.as_deref(), moved.version), (Some(in_a.id.as_str()), 1));
    assert_eq!(store.documents().list_in_project(&in_a.id, &page(10)).unwrap(), [moved.clone()]);
    assert_eq!(field_of(store.documents().move_to_project(&doc.id, Some(&in_b.id)).unwrap_err()), "project_id");
    let out = store.documents().move_to_project(&doc.id, None).unwrap();
    assert_eq!(out.project_id, None);
    assert!(store.documents().list_in_project(&in_a.id, &page(10)).unwrap().is_empty());

    let thread = store.threads().create(&a.id, "T").unwrap();
    assert_eq!(field_of(store.threads().move_to_project(&thread.id, Some(&in_b.id)).unwrap_err()), "project_id");
    assert_eq!(store.threads().get(&thread.id).unwrap().project_id, None, "the refused move changed nothing");
}

pub fn document_search_hits_misses_and_filters(store: Store) {
    let (a, b) = (workspace(&store, "A").unwrap(), workspace(&store, "B").unwrap());
    let project = store.projects().create(&NewProject::new(&a.id, "P")).unwrap();
    let documents = store.documents();
    let titled = documents.create(&NewDocument::new(&a.id, "Sourdough starter", "flour and water")).unwrap();
    let mentioned = documents
        .create(&NewDocument {
            project_id: Some(project.id.clone()),
            ..NewDocument::new(&a.id, "Bread", "a sourdough loaf")
        })
        .unwrap();
    let elsewhere = documents.create(&NewDocument::new(&b.id, "Notes", "sourdough in workspace b, café")).unwrap();

    let found = |q: DocumentSearch| ids(documents.search(&q).unwrap(), |h| h.document.id);
    assert_eq!(found(docs("sourdough")).len(), 3);
    assert_eq!(found(docs("sourdough"))[0], titled.id, "a title match ranks first");
    assert!(found(docs("rye")).is_empty(), "a miss is an empty list");
    assert_eq!(found(docs("cafe")), [elsewhere.id.clone()], "diacritics folded");
    assert_eq!(found(docs("sour*")).len(), 3, "prefix");
    let in_a = DocumentSearch { workspace_id: Some(a.id.clone()), ..docs("sourdough") };
    let mut in_a = found(in_a);
    in_a.sort();
    let mut expected = vec![titled.id.clone(), mentioned.id.clone()];
    expected.sort();
    assert_eq!(in_a, expected);
    assert_eq!(
        found(DocumentSearch { project_id: Some(project.id.clone()), ..docs("sourdough") }),
        [mentioned.id.clone()]
    );
    assert_eq!(found(DocumentSearch { limit: 1, ..docs("sourdough") }).len(), 1);

    let hit = &documents.search(&docs("loaf")).unwrap()[0];
    assert_eq!(hit.document, mentioned);
    assert!(hit.snippet.contains("[loaf]"), "snippet highlights the match: {}", hit.snippet);
    assert!(hit.score > 0.0);

    let fts5 = |text: &str| DocumentSearch { syntax: QuerySyntax::Fts5, ..docs(text) };
    assert_eq!(field_of(documents.search(&fts5("AND (")).unwrap_err()), "query");
    assert_eq!(found(fts5("title:bread")), [mentioned.id.clone()], "column filters work in FTS5 syntax");
    assert_eq!(field_of(documents.search(&docs("  ")).unwrap_err()), "query");
    assert_eq!(field_of(documents.search(&DocumentSearch { limit: 0, ..docs("x") }).unwrap_err()), "limit");
    assert_eq!(
        field_of(documents.search(&DocumentSearch { project_id: Some("p".into()), ..docs("x") }).unwrap_err()),
        "project_id"
    );

    documents
        .update(&mentioned.id, &DocumentPatch { body: Some("a rye loaf".into()), ..DocumentPatch::default() })
        .unwrap();
    assert_eq!(found(docs("rye")), [mentioned.id.clone()], "an update reindexes");
    assert_eq!(found(docs("sourdough")).len(), 2);
    documents.delete(&titled.id).unwrap();
    assert_eq!(found(docs("sourdough")), [elsewhere.id.clone()], "deleted documents are not found");
}

pub fn thread_fields_pin_archive_and_move(store: Store) {
    let ws = workspace(&store, "W").unwrap();
    let project = store.projects().create(&NewProject::new(&ws.id, "P")).unwrap();
    let threads = store.threads();
    let plain = threads.create(&ws.id, "plain").unwrap();
    assert_eq!(
        (plain.pinned, plain.archived, plain.project_id.clone(), plain.last_message_at),
        (false, false, None, None)
    );
    let filed = threads
        .create_with(&NewThread {
            workspace_id: ws.id.clone(),
            project_id: Some(project.id.clone()),
            title: "filed".into(),
        })
        .unwrap();
    assert_eq!(threads.list_in_project(&project.id, &page(10)).unwrap(), [filed.clone()]);

    let pinned = threads.update(&plain.id, &ThreadPatch { pinned: Some(true), ..ThreadPatch::default() }).unwrap();
    assert_eq!((pinned.pinned, pinned.title.as_str()), (true, "plain"));
    let archived = threads.update(&filed.id, &ThreadPatch { archived: Some(true), ..ThreadPatch::default() }).unwrap();
    assert!(archived.archived);
    assert_eq!(
        ids(threads.list(&ws.id, &page(10)).unwrap(), |t| t.id),
        [plain.id.clone()],
        "archived threads leave the list"
    );
    assert_eq!(threads.list_archived(&ws.id, &page(10)).unwrap(), [archived.clone()]);
    assert!(threads.list_in_project(&project.id, &page(10)).unwrap().is_empty());
    assert_eq!(threads.get(&filed.id).unwrap(), archived, "an archived thread is still readable");
    threads.update(&filed.id, &ThreadPatch { archived: Some(false), ..ThreadPatch::default() }).unwrap();
    assert!(threads.list_archived(&ws.id, &page(10)).unwrap().is_empty());

    let moved = threads.move_to_project(&plain.id, Some(&project.id)).unwrap();
    assert_eq!((moved.project_id.as_deref(), moved.pinned), (Some(project.id.as_str()), true));
    assert_eq!(threads.list_in_project(&project.id, &page(10)).unwrap().len(), 2);
    assert_eq!(threads.move_to_project(&plain.id, None).unwrap().project_id, None);
    assert_eq!(
        field_of(
            threads.update(&plain.id, &ThreadPatch { title: Some(" ".into()), ..ThreadPatch::default() }).unwrap_err()
        ),
        "title"
    );

    let first = store.messages().append(&plain.id, MessageRole::User, "one").unwrap();
    let last = store.messages().append(&plain.id, MessageRole::Assistant, "two").unwrap();
    assert_eq!(threads.get(&plain.id).unwrap().last_message_at, Some(last.created_at));
    store.messages().delete(&last.id).unwrap();
    assert_eq!(threads.get(&plain.id).unwrap().last_message_at, Some(first.created_at), "follows deletes");
    store.messages().delete(&first.id).unwrap();
    assert_eq!(threads.get(&plain.id).unwrap().last_message_at, None);
}

pub fn message_branches(store: Store) {
    let ws = workspace(&store, "W").unwrap();
    let thread = store.threads().create(&ws.id, "T").unwrap();
    let other = store.threads().create(&ws.id, "other").unwrap();
    let messages = store.messages();
    let root = messages.append(&thread.id, MessageRole::User, "question").unwrap();
    let reply = |text: &str| {
        let new = NewMessage {
            parent_id: Some(root.id.clone()),
            provider: Some("anthropic".into()),
            model: Some("claude".into()),
            prompt_tokens: Some(12),
            completion_tokens: Some(34),
            ..NewMessage::new(&thread.id, MessageRole::Assistant, text)
        };
        messages.append_new(&new).unwrap()
    };
    let (a, b) = (reply("answer a"), reply("answer b"));
    assert_eq!(
        (a.parent_id.as_deref(), a.model.as_deref(), a.completion_tokens),
        (Some(root.id.as_str()), Some("claude"), Some(34))
    );
    assert_eq!(messages.children(&root.id, &page(10)).unwrap(), [b.clone(), a.clone()], "branches, newest first");
    assert!(messages.children(&a.id, &page(10)).unwrap().is_empty());

    let cross = NewMessage { parent_id: Some(root.id.clone()), ..NewMessage::new(&other.id, MessageRole::User, "x") };
    assert_eq!(field_of(messages.append_new(&cross).unwrap_err()), "parent_id");
    let blank_model = NewMessage { model: Some(" ".into()), ..NewMessage::new(&thread.id, MessageRole::User, "x") };
    assert_eq!(field_of(messages.append_new(&blank_model).unwrap_err()), "model");

    messages.delete(&root.id).unwrap();
    assert_eq!(messages.get(&a.id).unwrap(), a, "children of a deleted message stay");
    assert_eq!(entity_of(messages.children(&root.id, &page(10)).unwrap_err()), "message");
    let orphan = NewMessage { parent_id: Some(root.id.clone()), ..NewMessage::new(&thread.id, MessageRole::User, "x") };
    assert_eq!(entity_of(messages.append_new(&orphan).unwrap_err()), "message", "a deleted parent");
    let restored = messages.restore(&root.id).unwrap();
    assert_eq!((restored.id.as_str(), restored.content.as_str()), (root.id.as_str(), "question"));
    assert!(restored.updated_at >= root.updated_at, "a restore is a change");
    assert_eq!(messages.children(&root.id, &page(10)).unwrap().len(), 2);

    messages.purge(&root.id).unwrap();
    assert_eq!(entity_of(messages.get(&root.id).unwrap_err()), "message");
    assert_eq!(messages.get(&a.id).unwrap().parent_id, None, "a purged parent leaves its children without one");
    assert_eq!(ids(messages.list(&thread.id, &page(10)).unwrap(), |m| m.id), [b.id.clone(), a.id.clone()]);
}

pub fn attachments_metadata_is_checked(store: Store) {
    let ws = workspace(&store, "W").unwrap();
    let thread = store.threads().create(&ws.id, "T").unwrap();
    let message = store.messages().append(&thread.id, MessageRole::User, "see attached").unwrap();
    let attachments = store.attachments();

    let upper = NewAttachment { sha256: sha('B'), ..attachment(&message.id, " photo.png ") };
    let photo = attachments.add(&upper).unwrap();
    assert_eq!((photo.filename.as_str(), photo.sha256.clone(), photo.size_bytes), ("photo.png", sha('b'), 1024));
    let notes =
        attachments.add(&NewAttachment { mime: "text/plain".into(), ..attachment(&message.id, "notes.txt") }).unwrap();
    assert_eq!(attachments.get(&photo.id).unwrap(), photo);
    assert_eq!(attachments.list(&message.id, &page(10)).unwrap(), [notes.clone(), photo.clone()]);

    let bad = |new: NewAttachment| field_of(attachments.add(&new).unwrap_err());
    assert_eq!(bad(NewAttachment { sha256: sha('g'), ..attachment(&message.id, "a") }), "sha256");
    assert_eq!(bad(NewAttachment { sha256: "ab".into(), ..attachment(&message.id, "a") }), "sha256");
    assert_eq!(bad(attachment(&message.id, "../etc/passwd")), "filename");
    assert_eq!(bad(attachment(&message.id, "  ")), "filename");
    assert_eq!(bad(attachment(&message.id, &"f".repeat(unified_store::FILENAME_MAX + 1))), "filename");
    assert_eq!(bad(NewAttachment { mime: "png".into(), ..attachment(&message.id, "a") }), "mime");
    assert_eq!(bad(NewAttachment { size_bytes: u64::MAX, ..attachment(&message.id, "a") }), "size_bytes");
    assert_eq!(bad(attachment("nope", "a")), "message_id");
    assert_eq!(entity_of(attachments.add(&attachment(UNKNOWN, "a")).unwrap_err()), "message");
    assert_eq!(attachments.list(&message.id, &page(10)).unwrap().len(), 2, "refused adds wrote nothing");

    store.messages().delete(&message.id).unwrap();
    assert_eq!(entity_of(attachments.get(&photo.id).unwrap_err()), "attachment", "hidden with its message");
    assert_eq!(entity_of(attachments.list(&message.id, &page(10)).unwrap_err()), "message");
    store.messages().restore(&message.id).unwrap();
    assert_eq!(attachments.get(&photo.id).unwrap(), photo);

    attachments.remove(&photo.id).unwrap();
    assert_eq!(entity_of(attachments.get(&photo.id).unwrap_err()), "attachment");
    assert_eq!(entity_of(attachments.remove(&photo.id).unwrap_err()), "attachment");
    assert_eq!(attachments.list(&message.id, &page(10)).unwrap(), [notes]);
}

pub fn purging_a_workspace_removes_everything_under_it(store: Store) {
    let doomed = workspace(&store, "Doomed").unwrap();
    let kept = workspace(&store, "Kept").unwrap();
    let member = user(&store, "Member").unwrap();
    store.workspaces().add_member(&doomed.id, &member.id, Role::Member).unwrap();
    let fill = |ws: &Workspace| {
        let project = store.projects().create(&NewProject::new(&ws.id, "P")).unwrap();
        let thread = store
            .threads()
            .create_with(&NewThread {
                workspace_id: ws.id.clone(),
                project_id: Some(project.id.clone()),
                title: "T".into(),
            })
            .unwrap();
        let message = store.messages().append(&thread.id, MessageRole::User, "quasar signal").unwrap();
        let file = store.attachments().add(&attachment(&message.id, "scan.png")).unwrap();
        let doc = store.documents().create(&NewDocument::new(&ws.id, "Quasar", "signal report")).unwrap();
        (project, thread, message, file, doc)
    };
    let (project, thread, message, file, doc) = fill(&doomed);
    let survivors = fill(&kept);

    store.workspaces().delete(&doomed.id).unwrap(); // a deleted workspace can be purged too
    store.workspaces().purge(&doomed.id).unwrap();
    assert_eq!(entity_of(store.workspaces().get(&doomed.id).unwrap_err()), "workspace");
    assert_eq!(entity_of(store.workspaces().restore(&doomed.id).unwrap_err()), "workspace", "nothing left to restore");
    assert_eq!(entity_of(store.projects().restore(&project.id).unwrap_err()), "project");
    assert_eq!(entity_of(store.threads().restore(&thread.id).unwrap_err()), "thread");
    assert_eq!(entity_of(store.messages().restore(&message.id).unwrap_err()), "message");
    assert_eq!(entity_of(store.documents().restore(&doc.id).unwrap_err()), "document");
    assert_eq!(entity_of(store.attachments().get(&file.id).unwrap_err()), "attachment");
    assert!(store.workspaces().list_for_user(&member.id, &page(10)).unwrap().is_empty());

    let hits = store.messages().search(&query("quasar")).unwrap();
    assert_eq!(ids(hits, |h| h.message.id), [survivors.2.id.clone()]);
    assert_eq!(ids(store.documents().search(&docs("quasar")).unwrap(), |h| h.document.id), [survivors.4.id.clone()]);
    assert_eq!(store.attachments().get(&survivors.3.id).unwrap(), survivors.3, "other workspaces are untouched");
    assert_eq!(entity_of(store.workspaces().purge(&doomed.id).unwrap_err()), "workspace", "purging twice");
}

pub fn purging_threads_messages_and_documents(store: Store) {
    let ws = workspace(&store, "W").unwrap();
    let thread = store.threads().create(&ws.id, "T").unwrap();
    let message = store.messages().append(&thread.id, MessageRole::User, "nebula").unwrap();
    let file = store.attachments().add(&attachment(&message.id, "a.png")).unwrap();
    let doc = store.documents().create(&NewDocument::new(&ws.id, "Nebula", "gas")).unwrap();

    store.documents().purge(&doc.id).unwrap();
    assert!(store.documents().search(&docs("nebula")).unwrap().is_empty());
    store.messages().purge(&message.id).unwrap();
    assert_eq!(entity_of(store.attachments().get(&file.id).unwrap_err()), "attachment");
    assert!(store.messages().search(&query("nebula")).unwrap().is_empty());
    assert_eq!(store.threads().get(&thread.id).unwrap().last_message_at, None);

    let again = store.messages().append(&thread.id, MessageRole::User, "comet").unwrap();
    store.threads().delete(&thread.id).unwrap();
    store.threads().purge(&thread.id).unwrap();
    assert_eq!(entity_of(store.threads().restore(&thread.id).unwrap_err()), "thread");
    assert_eq!(entity_of(store.messages().restore(&again.id).unwrap_err()), "message");
    assert!(store.messages().search(&query("comet")).unwrap().is_empty());
    assert_eq!(store.workspaces().get(&ws.id).unwrap(), ws, "the workspace stays");
    assert_eq!(field_of(store.threads().purge("x").unwrap_err()), "id");
}

pub fn restoring_under_a_deleted_parent_is_invalid(store: Store) {
    let ws = workspace(&store, "W").unwrap();
    let project = store.projects().create(&NewProject::new(&ws.id, "P")).unwrap();
    let thread = store
        .threads()
        .create_with(&NewThread {
            workspace_id: ws.id.clone(),
            project_id: Some(project.id.clone()),
            title: "T".into(),
        })
        .unwrap();
    let message = store.messages().append(&thread.id, MessageRole::User, "m").unwrap();
    let doc = store
        .documents()
        .create(&NewDocument { project_id: Some(project.id.clone()), ..NewDocument::new(&ws.id, "D", "") })
        .unwrap();

    store.messages().delete(&message.id).unwrap();
    store.threads().delete(&thread.id).unwrap();
    assert_eq!(field_of(store.messages().restore(&message.id).unwrap_err()), "id", "its thread is deleted");
    store.documents().delete(&doc.id).unwrap();
    store.projects().delete(&project.id).unwrap();
    assert_eq!(field_of(store.threads().restore(&thread.id).unwrap_err()), "id", "its project is deleted");
    assert_eq!(field_of(store.documents().restore(&doc.id).unwrap_err()), "id");
    store.workspaces().delete(&ws.id).unwrap();
    assert_eq!(field_of(store.projects().restore(&project.id).unwrap_err()), "id", "its workspace is deleted");

    // The refused restores left everything deleted: restoring top-down now works.
    assert_eq!(store.workspaces().restore(&ws.id).unwrap().id, ws.id);
    assert_eq!(entity_of(store.threads().get(&thread.id).unwrap_err()), "thread");
    assert_eq!(store.projects().restore(&project.id).unwrap().id, project.id);
    assert_eq!(entity_of(store.documents().get(&doc.id).unwrap_err()), "document", "deleted on its own");
    assert_eq!(store.documents().restore(&doc.id).unwrap().id, doc.id);
    assert_eq!(store.threads().restore(&thread.id).unwrap().id, thread.id);
    assert_eq!(store.messages().restore(&message.id).unwrap().content, message.content);
}

pub fn a_rejected_batch_writes_nothing(store: Store) {
    let ws = workspace(&store, "W").unwrap();
    let (a, b) = (store.threads().create(&ws.id, "a").unwrap(), store.threads().create(&ws.id, "b").unwrap());
    let in_b = store.messages().append(&b.id, MessageRole::User, "anchor").unwrap();
    let batch = vec![
        NewMessage::new(&a.id, MessageRole::User, "pulsar one"),
        NewMessage::new(&a.id, MessageRole::Assistant, "pulsar two"),
        NewMessage { parent_id: Some(in_b.id.clone()), ..NewMessage::new(&a.id, MessageRole::User, "pulsar three") },
    ];
    assert_eq!(field_of(store.messages().append_batch(&batch).unwrap_err()), "parent_id");
    let oversized = vec![
        NewMessage::new(&a.id, MessageRole::User, "pulsar four"),
        NewMessage::new(&a.id, MessageRole::User, "z".repeat(unified_store::limits::CONTENT_MAX_BYTES + 1)),
    ];
    assert_eq!(field_of(store.messages().append_batch(&oversized).unwrap_err()), "content");
    let into_unknown = vec![
        NewMessage::new(&a.id, MessageRole::User, "pulsar five"),
        NewMessage::new(UNKNOWN, MessageRole::User, "x"),
    ];
    assert_eq!(entity_of(store.messages().append_batch(&into_unknown).unwrap_err()), "thread");

    assert!(store.messages().list(&a.id, &page(10)).unwrap().is_empty(), "no message of a refused batch was kept");
    assert!(store.messages().search(&query("pulsar")).unwrap().is_empty(), "nor indexed");
    assert_eq!(store.threads().get(&a.id).unwrap().last_message_at, None);

    let written = store.messages().append_batch(&batch[..2]).unwrap();
    assert_eq!(
        ids(store.messages().list(&a.id, &page(10)).unwrap(), |m| m.id),
        [written[1].id.clone(), written[0].id.clone()]
    );
}
