//! GDPR export on real files: the archive holds everything the user owns and nothing of
//! anyone else's, its attachments decrypted; imported into a fresh store (by the helper
//! below) and exported again, it gives the same rows; and a path that exists or cannot be
//! written, an unknown user or a cancel leave no archive that looks complete.

#![cfg(not(target_family = "wasm"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rusqlite::Connection;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use unified_store::{
    DevicePlatform, MessageRole, NewAttachmentFile, NewDevice, NewDocument, NewOrganization, NewProviderConfig,
    NewSubscription, NewUser, NewWorkspace, NoProgress, PlanTier, ProviderKind, Store, StoreConfig, StoreError,
    StoreKey, SubscriptionStatus,
};

/// What user `name` owns, each text carrying `marker`; the user's id and an attachment's bytes.
fn populate(store: &Store, name: &str, marker: &str) -> (String, Vec<u8>) {
    let user = store.users().create(&NewUser::new(format!("{name}@example.com"), format!("{name} {marker}"))).unwrap();
    let org = NewOrganization {
        owner_user_id: Some(user.id.clone()),
        ..NewOrganization::new(format!("Org {marker}"), format!("org-{name}"))
    };
    store.organizations().create(&org).unwrap();
    store
        .devices()
        .register(&NewDevice {
            user_id: user.id.clone(),
            name: format!("Phone {marker}"),
            platform: DevicePlatform::Ios,
        })
        .unwrap();
    store.settings().set(&user.id, "signature", &format!("\"{marker}\"")).unwrap();
    store
        .providers()
        .create(&NewProviderConfig::new(&user.id, ProviderKind::Anthropic, format!("Claude {marker}")))
        .unwrap();
    let workspace = store.workspaces().create(&NewWorkspace::for_user(format!("W {marker}"), &user.id)).unwrap();
    store
        .documents()
        .create(&NewDocument::new(&workspace.id, format!("Doc {marker}"), format!("body {marker}")))
        .unwrap();
    let thread = store.threads().create(&workspace.id, &format!("T {marker}")).unwrap();
    let message = store.messages().append(&thread.id, MessageRole::User, &format!("hello {marker}")).unwrap();
    let bytes: Vec<u8> = format!("file of {marker} ").repeat(5_000).into_bytes();
    let file = NewAttachmentFile { message_id: message.id, filename: "notes.txt".into(), mime: "text/plain".into() };
    store.attachments().write(&file, &mut bytes.as_slice()).unwrap();
    store
        .subscriptions()
        .create(&NewSubscription {
            owner_user_id: Some(user.id.clone()),
            owner_organization_id: None,
            tier: PlanTier::Plus,
            status: SubscriptionStatus::Active,
            period_start: 1_000,
            period_end: 2_000,
            storage_quota_bytes: None,
        })
        .unwrap();
    (user.id, bytes)
}

/// Every entry of the zip at `path`, by name.
fn entries(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (entry.name().unwrap().to_string(), bytes)
        })
        .collect()
}

fn tables(archive: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<serde_json::Value>> {
    archive
        .iter()
        .filter_map(|(name, bytes)| {
            let table = name.strip_prefix("tables/")?.strip_suffix(".json")?;
            Some((table.to_owned(), serde_json::from_slice(bytes).unwrap()))
        })
        .collect()
}

/// The test helper that imports an archive: its rows into the store file at `path`, as they
/// are (foreign keys off: rows may name parents that were someone else's), attachments
/// recorded without bytes.
fn import(archive: &BTreeMap<String, Vec<u8>>, path: &Path) {
    let manifest: serde_json::Value = serde_json::from_slice(&archive["manifest.json"]).unwrap();
    let rows = tables(archive);
    let conn = Connection::open(path).unwrap();
    unified_store::register_tokenizer(&conn).unwrap();
    conn.pragma_update(None, "foreign_keys", false).unwrap();
    for table in manifest["tables"].as_array().unwrap() {
        let name = table["table"].as_str().unwrap();
        for row in &rows[name] {
            let mut object = row.as_object().unwrap().clone();
            if name == "attachments" {
                object.insert("bytes".into(), "none".into());
            }
            let columns: Vec<&String> = object.keys().collect();
            let marks = vec!["?"; columns.len()].join(", ");
            let sql = format!(
                "INSERT INTO {name} ({}) VALUES ({marks})",
                columns.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
            );
            let values: Vec<rusqlite::types::Value> = object
                .values()
                .map(|v| match v {
                    serde_json::Value::Null => rusqlite::types::Value::Null,
                    serde_json::Value::Number(n) => rusqlite::types::Value::Integer(n.as_i64().unwrap()),
                    serde_json::Value::String(s) => rusqlite::types::Value::Text(s.clone()),
                    other => panic!("unexpected {other}"),
                })
                .collect();
            conn.execute(&sql, rusqlite::params_from_iter(values)).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
}

#[test]
fn an_export_holds_all_the_users_data_and_nobody_elses_and_imports_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let key = StoreKey::Raw { bytes: vec![4; 32] };
    let store = Store::open(&StoreConfig::encrypted(dir.path().join("store.db").to_string_lossy(), key)).unwrap();
    let (ada, ada_bytes) = populate(&store, "ada", "MARKER-ADA");
    populate(&store, "bob", "MARKER-BOB");
    let archive_path = dir.path().join("ada.zip");
    let reports = std::cell::RefCell::new(0);
    let export = store
        .users()
        .export_user_data(&ada, &archive_path.to_string_lossy(), &|_: u64, _: u64| {
            *reports.borrow_mut() += 1;
            true
        })
        .unwrap();
    assert!(*reports.borrow() > 1);
    assert_eq!(export.attachment_files, 1);
    assert_eq!(export.bytes, std::fs::metadata(&archive_path).unwrap().len());
    assert!(!dir.path().join("ada.zip.part").exists());

    let archive = entries(&archive_path);
    let manifest: serde_json::Value = serde_json::from_slice(&archive["manifest.json"]).unwrap();
    assert_eq!(
        (manifest["format"].as_str(), manifest["version"].as_u64()),
        (Some("unified-store user export"), Some(1))
    );
    let everything: Vec<u8> = archive.values().flatten().copied().collect();
    let has = |marker: &str| everything.windows(marker.len()).any(|w| w == marker.as_bytes());
    assert!(has("MARKER-ADA"), "the user's own data is there");
    assert!(!has("MARKER-BOB"), "nothing of another user's");
    let files: Vec<_> = archive.keys().filter(|name| name.starts_with("attachments/")).collect();
    assert_eq!(files.len(), 1);
    assert_eq!(archive[files[0]], ada_bytes, "decrypted, whole");
    let rows = tables(&archive);
    for (table, expected) in [
        ("users", 1),
        ("organizations", 1),
        ("organization_members", 1),
        ("devices", 1),
        ("user_settings", 1),
        ("ai_provider_configs", 1),
        ("workspaces", 1),
        ("documents", 1),
        ("threads", 1),
        ("messages", 1),
        ("attachments", 1),
        ("subscription_plans", 1),
    ] {
        assert_eq!(rows[table].len(), expected, "rows of {table}");
    }
    assert!(!rows.contains_key("provider_secrets") && !rows.contains_key("embeddings"));
    for entry in &export.tables {
        assert_eq!(rows[&entry.table].len() as u64, entry.rows, "the report counts {}", entry.table);
    }

    // Imported into a fresh store, then exported again: the same rows.
    let fresh_path = dir.path().join("fresh.db");
    Store::open(&StoreConfig::file(fresh_path.to_string_lossy())).unwrap().close().unwrap();
    import(&archive, &fresh_path);
    let fresh = Store::open(&StoreConfig::file(fresh_path.to_string_lossy())).unwrap();
    let again_path = dir.path().join("again.zip");
    fresh.users().export_user_data(&ada, &again_path.to_string_lossy(), &NoProgress).unwrap();
    let mut again = tables(&entries(&again_path));
    let mut original = rows;
    for rows in [&mut again, &mut original] {
        for row in rows.get_mut("attachments").unwrap() {
            row.as_object_mut().unwrap().insert("bytes".into(), "none".into());
        }
    }
    assert_eq!(again, original, "exported, imported and exported again, the rows are the same");
}

#[test]
fn bad_targets_unknown_users_and_cancels_leave_no_archive() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&StoreConfig::file(dir.path().join("store.db").to_string_lossy())).unwrap();
    let (ada, _) = populate(&store, "ada", "M");
    let field = |error: StoreError| match error {
        StoreError::InvalidInput { field, .. } => field,
        other => panic!("{other:?}"),
    };
    let existing = dir.path().join("exists.zip");
    std::fs::write(&existing, b"keep me").unwrap();
    assert_eq!(
        field(store.users().export_user_data(&ada, &existing.to_string_lossy(), &NoProgress).unwrap_err()),
        "path"
    );
    assert_eq!(std::fs::read(&existing).unwrap(), b"keep me", "never overwritten");
    let nowhere = dir.path().join("no/such/dir/a.zip");
    assert_eq!(
        field(store.users().export_user_data(&ada, &nowhere.to_string_lossy(), &NoProgress).unwrap_err()),
        "path"
    );
    let target = dir.path().join("a.zip");
    let unknown =
        store.users().export_user_data("00000000-0000-7000-8000-000000000000", &target.to_string_lossy(), &NoProgress);
    assert!(matches!(unknown, Err(StoreError::NotFound { .. })), "{unknown:?}");
    assert_eq!(
        field(store.users().export_user_data("nope", &target.to_string_lossy(), &NoProgress).unwrap_err()),
        "user_id"
    );
    let cancelled = store.users().export_user_data(&ada, &target.to_string_lossy(), &|done: u64, _: u64| done < 3);
    assert_eq!(cancelled.unwrap_err(), StoreError::Cancelled);
    assert!(!target.exists() && !dir.path().join("a.zip.part").exists(), "a cancelled export leaves nothing");
    let other = store.users().create(&NewUser::new("eve@example.com", "Eve")).unwrap();
    let view = store.acting_as(&other.id).unwrap();
    let denied = view.users().export_user_data(&ada, &target.to_string_lossy(), &NoProgress);
    assert!(matches!(denied, Err(StoreError::PermissionDenied { .. })), "{denied:?}");
    assert!(!target.exists());
}
