//! GDPR erasure on real files: a marker planted in every text the user owned is in no byte
//! of any file under the store's directory afterwards (an unencrypted store, where it is
//! hardest); what others own stays, shared workspaces pass on, invoices stay under a
//! pseudonym, the audit chain still verifies; bad calls are typed and change nothing.

#![cfg(not(target_family = "wasm"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rusqlite::Connection;
use std::path::Path;
use unified_store::{
    ConsentScope, DevicePlatform, InteractionStatus, MessageRole, NewAttachmentFile, NewConsent, NewDevice,
    NewDocument, NewEmbedding, NewInteraction, NewOrganization, NewProject, NewProviderConfig, NewSubscription,
    NewTelemetryEvent, NewUser, NewWorkspace, OwnerKind, PageRequest, PlanTier, ProviderKind, Role, SecretKind, Store,
    StoreConfig, StoreError, SubscriptionStatus,
};

const MARKER: &str = "ZQXMARKERADA";

fn open(dir: &Path) -> Store {
    Store::open(&StoreConfig::file(dir.join("store.db").to_string_lossy())).unwrap()
}

/// Ids of what the test looks at afterwards.
struct World {
    ada: String,
    bob: String,
    shared: String,
    bob_thread: String,
    bob_message: String,
    shared_attachment: String,
    kept_bytes: Vec<u8>,
}

/// Ada owns a workspace alone and one Bob is a member of, writes in Bob's workspace, and
/// carries the marker in every text of hers; Bob's data carries none.
fn populate(store: &Store) -> World {
    let m = MARKER;
    let ada =
        store.users().create(&NewUser::new(format!("{}@example.com", m.to_lowercase()), format!("Ada {m}"))).unwrap();
    let bob = store.users().create(&NewUser::new("bob@example.com", "Bob")).unwrap();
    let org = NewOrganization {
        owner_user_id: Some(ada.id.clone()),
        ..NewOrganization::new(format!("Org {m}"), format!("org-{}", m.to_lowercase()))
    };
    store.organizations().create(&org).unwrap();
    let device = NewDevice { user_id: ada.id.clone(), name: format!("Phone {m}"), platform: DevicePlatform::Ios };
    let device = store.devices().register(&device).unwrap();
    store.settings().set(&ada.id, &format!("sig-{m}"), &format!("\"{m}\"")).unwrap();
    let consent = NewConsent {
        user_id: ada.id.clone(),
        scope: ConsentScope::Telemetry,
        granted: true,
        policy_version: format!("v-{m}"),
    };
    store.consent().set(&consent).unwrap();
    let event = NewTelemetryEvent {
        device_id: Some(device.id),
        properties: format!("{{\"note\":\"{m}\"}}"),
        ..NewTelemetryEvent::new(&ada.id, format!("opened-{m}"))
    };
    store.telemetry().record(&event).unwrap();
    let config = NewProviderConfig {
        base_url: Some(format!("https://{}.example.com", m.to_lowercase())),
        default_model: Some(format!("model-{m}")),
        ..NewProviderConfig::new(&ada.id, ProviderKind::Anthropic, format!("Claude {m}"))
    };
    let config = store.providers().create(&config).unwrap();
    // No secret: an unencrypted store keeps none (InvalidKey); their rows cascade with the config.
    assert!(store.providers().set_secret(&config.id, SecretKind::ApiKey, "sk").is_err());

    // Her own workspace, with everything in it.
    let own = store.workspaces().create(&NewWorkspace::for_user(format!("W {m}"), &ada.id)).unwrap();
    let project = store.projects().create(&NewProject::new(&own.id, format!("P {m}"))).unwrap();
    store.documents().create(&NewDocument::new(&own.id, format!("Doc {m}"), format!("body {m}"))).unwrap();
    let thread = store.threads().create(&own.id, &format!("T {m}")).unwrap();
    let message = store.messages().append(&thread.id, MessageRole::User, &format!("hello {m} there")).unwrap();
    let file =
        NewAttachmentFile { message_id: message.id.clone(), filename: format!("{m}.txt"), mime: "text/plain".into() };
    store.attachments().write(&file, &mut format!("file of {m} ").repeat(3_000).as_bytes()).unwrap();
    store.embeddings().upsert(&NewEmbedding::new(OwnerKind::Message, &message.id, "c", "m", [1.0, 0.5, 0.25])).unwrap();
    let call = NewInteraction {
        workspace_id: Some(own.id.clone()),
        thread_id: Some(thread.id.clone()),
        error: Some(format!("failed {m}")),
        status: InteractionStatus::Failed,
        ..NewInteraction::new(ProviderKind::Anthropic, format!("claude-{m}"), 40, "USD")
    };
    store.interactions().record(&call).unwrap();
    store.workspaces().delete(&project.id).ok(); // not a workspace: refused, nothing changes
    store.projects().delete(&project.id).unwrap(); // audited with the project's id

    // A workspace she owns that Bob is a member of: it passes to him.
    let shared = store.workspaces().create(&NewWorkspace::for_user("Team", &ada.id)).unwrap();
    store.workspaces().add_member(&shared.id, &bob.id, Role::Member).unwrap();
    // Bob's workspace, where she writes as herself.
    let bobs = store.workspaces().create(&NewWorkspace::for_user("Bob's", &bob.id)).unwrap();
    store.workspaces().add_member(&bobs.id, &ada.id, Role::Member).unwrap();
    let as_ada = store.acting_as(&ada.id).unwrap();
    let as_bob = store.acting_as(&bob.id).unwrap();
    let bob_thread = as_bob.threads().create(&bobs.id, "Bob's thread").unwrap();
    let bob_message = as_bob.messages().append(&bob_thread.id, MessageRole::User, "question from bob").unwrap();
    as_ada.messages().append(&bob_thread.id, MessageRole::Assistant, &format!("answer {m}")).unwrap();
    let her_thread = as_ada.threads().create(&bobs.id, &format!("Her {m}")).unwrap();
    as_ada.messages().append(&her_thread.id, MessageRole::User, &format!("mine {m}")).unwrap();
    as_ada.documents().create(&NewDocument::new(&bobs.id, format!("Note {m}"), format!("text {m}"))).unwrap();
    // The same bytes attached by both: the file stays for Bob.
    let kept_bytes = b"shared bytes, no marker".repeat(100);
    let shared_file = |message_id: &str| NewAttachmentFile {
        message_id: message_id.into(),
        filename: "same.bin".into(),
        mime: "application/octet-stream".into(),
    };
    let shared_attachment =
        as_bob.attachments().write(&shared_file(&bob_message.id), &mut kept_bytes.as_slice()).unwrap();
    store.attachments().write(&shared_file(&message.id), &mut kept_bytes.as_slice()).unwrap();

    store
        .subscriptions()
        .create(&NewSubscription {
            owner_user_id: Some(ada.id.clone()),
            owner_organization_id: None,
            tier: PlanTier::Plus,
            status: SubscriptionStatus::Active,
            period_start: 1_000,
            period_end: 2_000,
            storage_quota_bytes: None,
        })
        .unwrap();
    World {
        ada: ada.id,
        bob: bob.id,
        shared: shared.id,
        bob_thread: bob_thread.id,
        bob_message: bob_message.id,
        shared_attachment: shared_attachment.id,
        kept_bytes,
    }
}

/// Every file under `dir` whose bytes hold `needle`.
fn files_holding(dir: &Path, needle: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if std::fs::read(&path).unwrap().windows(needle.len()).any(|w| w == needle) {
                found.push(path.display().to_string());
            }
        }
    }
    found
}

#[test]
fn after_erasure_the_marker_is_in_no_file_and_everything_else_stays() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let world = populate(&store);
    // Bob reads while the erase runs: the log cannot be emptied past his snapshot... so he
    // reads before and after, not during; the marker is in the files beforehand.
    assert!(!files_holding(dir.path(), MARKER.as_bytes()).is_empty(), "planted");
    let erasure = store.users().erase_user_data(&world.ada).unwrap();

    assert!(erasure.wal_truncated, "{erasure:?}");
    assert_eq!(erasure.workspaces_handed_over, vec![world.shared.clone()]);
    assert!(erasure.audit_entries_erased > 0 && erasure.audit_entries_kept == 0, "{erasure:?}");
    assert_eq!(erasure.attachment_files_removed, 1, "hers; the shared file stays");
    let removed = |table: &str| erasure.tables.iter().find(|t| t.table == table).map_or(0, |t| t.rows);
    assert_eq!(removed("users"), 1);
    assert_eq!(removed("messages"), 3, "her own, her answer in Bob's thread, and her thread's");
    assert_eq!(removed("threads"), 2);
    assert_eq!(removed("documents"), 2);
    assert_eq!(removed("organizations"), 1);
    assert_eq!(files_holding(dir.path(), MARKER.as_bytes()), Vec::<String>::new(), "{erasure:?}");
    assert_eq!(files_holding(dir.path(), MARKER.to_lowercase().as_bytes()), Vec::<String>::new());

    // Bob's data is whole; the shared workspace is his; the invoices' plan has a pseudonym.
    assert_eq!(store.workspaces().get(&world.shared).unwrap().owner_user_id.as_deref(), Some(world.bob.as_str()));
    let left = store.messages().list(&world.bob_thread, &PageRequest::first(10)).unwrap();
    assert_eq!(left.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), vec![world.bob_message.as_str()]);
    assert_eq!(store.attachments().read(&world.shared_attachment).unwrap(), world.kept_bytes);
    let pseudonym = erasure.pseudonym_user_id.clone().unwrap();
    assert_eq!(store.users().get(&pseudonym).unwrap().display_name, "Erased user");
    assert_eq!(store.subscriptions().list_for_user(&pseudonym, &PageRequest::first(5)).unwrap().len(), 1);
    assert!(matches!(store.users().get(&world.ada), Err(StoreError::NotFound { .. })));
    let audit = store.audit().verify().unwrap();
    assert!(audit.intact, "{audit:?}");
    let counted = store.storage().stats().unwrap().categories;
    store.storage().recount().unwrap();
    assert_eq!(counted, store.storage().stats().unwrap().categories, "the counters agree with a recount");
    // Her vectors are gone from search, and a second erase finds nobody.
    let query = unified_store::VectorQuery::new("c", "m", [1.0, 0.5, 0.25], 5);
    assert!(store.embeddings().search(&query).unwrap().is_empty());
    assert!(matches!(store.users().erase_user_data(&world.ada), Err(StoreError::NotFound { .. })));
    store.close().unwrap();
    let conn = Connection::open(dir.path().join("store.db")).unwrap();
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
}

#[test]
fn only_the_user_or_the_device_may_erase_and_a_refusal_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let world = populate(&store);
    let before = store.storage().stats().unwrap();
    let as_bob = store.acting_as(&world.bob).unwrap();
    let refused = as_bob.users().erase_user_data(&world.ada).unwrap_err();
    assert!(matches!(refused, StoreError::PermissionDenied { .. }), "{refused:?}");
    for bad in ["", "not-an-id", "0193a0a0-0000-7000-8000-000000000000"] {
        let error = store.users().erase_user_data(bad).unwrap_err();
        assert!(matches!(error, StoreError::InvalidInput { .. } | StoreError::NotFound { .. }), "{bad}: {error:?}");
    }
    assert_eq!(store.storage().stats().unwrap().categories, before.categories, "nothing changed");
    assert!(store.users().get(&world.ada).is_ok());
    // Erasing herself: the entry of the erase names nobody.
    let as_ada = store.acting_as(&world.ada).unwrap();
    as_ada.users().erase_user_data(&world.ada).unwrap();
    let newest = &store.audit().list(&Default::default(), &PageRequest::first(1)).unwrap()[0];
    assert_eq!((newest.action.as_str(), newest.actor_user_id.as_deref()), ("user.erase", None));
    assert!(!newest.entity_id.contains(&world.ada));
}

#[test]
fn an_erased_entry_verifies_and_any_other_change_to_the_log_is_refused_or_caught() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let world = populate(&store);
    store.users().erase_user_data(&world.ada).unwrap();
    store.close().unwrap();
    let conn = Connection::open(dir.path().join("store.db")).unwrap();
    let erased: i64 =
        conn.query_row("SELECT count(*) FROM audit_log WHERE details = '{\"erased\":true}'", [], |r| r.get(0)).unwrap();
    assert!(erased > 0);
    // The trigger allows erasing details and nothing else.
    let seq: i64 = conn.query_row("SELECT seq FROM audit_log WHERE action = 'user.erase'", [], |r| r.get(0)).unwrap();
    conn.execute("UPDATE audit_log SET details = '{\"erased\":true}' WHERE seq = ?1", [seq]).unwrap();
    for edit in ["details = '{\"x\":1}'", "action = 'x.y'", "details_sha256 = NULL", "hash = prev_hash"] {
        let refused = conn.execute(&format!("UPDATE audit_log SET {edit} WHERE seq = ?1"), [seq]);
        assert!(refused.is_err(), "{edit} was allowed");
    }
    drop(conn);
    let store = open(dir.path());
    assert!(store.audit().verify().unwrap().intact, "an erased entry still verifies");
    store.settings().set(&world.bob, "theme", "\"dark\"").unwrap(); // a fresh entry
    store.close().unwrap();
    // Details changed around the trigger no longer match their digest.
    let conn = Connection::open(dir.path().join("store.db")).unwrap();
    conn.execute_batch("DROP TRIGGER audit_log_no_update").unwrap();
    let first: i64 = conn.query_row("SELECT max(seq) FROM audit_log", [], |r| r.get(0)).unwrap();
    conn.execute("UPDATE audit_log SET details = '{\"forged\":1}' WHERE seq = ?1", [first]).unwrap();
    drop(conn);
    let verification = open(dir.path()).audit().verify().unwrap();
    assert!(!verification.intact);
    assert_eq!(verification.first_break.unwrap().seq, first);
}
