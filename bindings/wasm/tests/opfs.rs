//! In a dedicated worker in headless Chromium, on OPFS: the behaviour suite against stores in
//! files, data that outlives close, release and reopen, and the file operations of `Opfs`.

#![cfg(target_family = "wasm")]
// Tests may fail loudly; clippy's allow-*-in-tests does not see `#[wasm_bindgen_test]`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::cloned_ref_to_slice_refs)]

#[path = "../../../tests/behaviour/mod.rs"]
mod behaviour;

use js_sys::Reflect;
use std::sync::atomic::{AtomicU32, Ordering};
use tsify::Ts;
use unified_store::{MessageRole, NewUser, NewWorkspace, PageRequest, SearchQuery, StoreConfig};
use unified_store_wasm::{Opfs, Store};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_dedicated_worker);

mod on_opfs {
    use wasm_bindgen_test::wasm_bindgen_test;
    crate::behaviour_tests!(#[wasm_bindgen_test] async fn with crate::open_fresh_file());
}

mod encrypted_on_opfs {
    use wasm_bindgen_test::wasm_bindgen_test;
    crate::behaviour_tests!(#[wasm_bindgen_test] async fn with crate::open_fresh_encrypted_file());
}

/// A path no other test uses (each run starts with an empty profile).
fn fresh_path() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    format!("/behaviour-{}.db", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// A core store in a fresh file.
async fn open_fresh_file() -> unified_store::Store {
    unified_store_wasm::opfs::pool().await.unwrap();
    unified_store::Store::open(&StoreConfig::file(fresh_path())).unwrap()
}

/// A core store in a fresh file, encrypted with a raw data key.
async fn open_fresh_encrypted_file() -> unified_store::Store {
    unified_store_wasm::opfs::pool().await.unwrap();
    unified_store::Store::open_with_raw_key(&StoreConfig::file(fresh_path()), &KEY).unwrap()
}

const KEY: [u8; 32] = [42; 32];

fn config(path: &str) -> Ts<StoreConfig> {
    Ts::from_rust(&StoreConfig::file(path)).unwrap()
}

fn code(error: &JsValue) -> JsValue {
    Reflect::get(error, &"code".into()).unwrap()
}

/// Workspace `name` through the JS API, owned by a fresh user (emails unique per store).
fn new_workspace(store: &Store, name: &str) -> unified_store::Workspace {
    let user = NewUser::new(format!("{}@example.com", name.to_lowercase()), "Owner");
    let owner = store.users().create(Ts::from_rust(&user).unwrap()).unwrap().to_rust().unwrap();
    let workspace = NewWorkspace::for_user(name, owner.id);
    store.workspaces().create(Ts::from_rust(&workspace).unwrap()).unwrap().to_rust().unwrap()
}

#[wasm_bindgen_test]
async fn data_survives_close_release_and_reopen() {
    let path = "/persistence.db";
    let store = Store::open(config(path)).await.unwrap();
    let workspace = new_workspace(&store, "Kept");
    let thread =
        store.threads().create(workspace.id.as_str().into(), "Across reloads".into()).unwrap().to_rust().unwrap();
    let user = Ts::from_rust(&MessageRole::User).unwrap();
    let message = store
        .messages()
        .append(thread.id.as_str().into(), user, "durable words on OPFS".into())
        .unwrap()
        .to_rust()
        .unwrap();
    let assistant = Ts::from_rust(&MessageRole::Assistant).unwrap();
    let answer = store
        .messages()
        .append(thread.id.as_str().into(), assistant, "they outlive the worker".into())
        .unwrap()
        .to_rust()
        .unwrap();
    let thread = store.threads().get(thread.id.as_str().into()).unwrap().to_rust().unwrap(); // with last_message_at
    store.close().unwrap();
    Opfs::release().await.unwrap();

    let store = Store::open(config(path)).await.unwrap();
    assert_eq!(store.workspaces().get(workspace.id.as_str().into()).unwrap().to_rust().unwrap(), workspace);
    assert_eq!(store.threads().get(thread.id.as_str().into()).unwrap().to_rust().unwrap(), thread);
    let page = Ts::from_rust(&PageRequest::first(10)).unwrap();
    let listed: Vec<_> = store
        .messages()
        .list(thread.id.as_str().into(), Some(page))
        .unwrap()
        .iter()
        .map(|m| m.to_rust().unwrap())
        .collect();
    assert_eq!(listed, [answer, message.clone()], "newest first");
    let hits = store.messages().search(Ts::from_rust(&SearchQuery::words("durable")).unwrap()).unwrap();
    assert_eq!(hits.len(), 1, "the search index came back too");
    assert_eq!(hits[0].to_rust().unwrap().message, message);
    store.close().unwrap();
}

#[wasm_bindgen_test]
async fn files_can_be_listed_exported_and_deleted() {
    let path = "/managed.db";
    let store = Store::open(config(path)).await.unwrap();
    new_workspace(&store, "Exported");
    assert_eq!(code(&Opfs::export(path.into()).await.unwrap_err()), "Storage", "an open store cannot be exported");
    store.close().unwrap();

    assert!(Opfs::files().await.unwrap().iter().any(|name| name == path));
    let bytes = Opfs::export(path.into()).await.unwrap();
    assert!(bytes.starts_with(b"SQLite format 3\0"), "an export is a SQLite file");
    assert!(Opfs::delete(path.into()).await.unwrap());
    assert!(!Opfs::files().await.unwrap().iter().any(|name| name == path));
    assert!(!Opfs::delete(path.into()).await.unwrap(), "deleting twice finds nothing");

    let reopened = Store::open(config(path)).await.unwrap();
    assert!(reopened.workspaces().list(None).unwrap().is_empty(), "a deleted file reopens empty");
    reopened.close().unwrap();
}

#[wasm_bindgen_test]
async fn a_newer_store_file_is_refused_with_its_versions() {
    let path = "/from-the-future.db";
    Store::open(config(path)).await.unwrap().close().unwrap();
    // As a newer build of the app would leave the file: a higher schema version.
    let newer = unified_store::SCHEMA_VERSION + 1;
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE;
    let conn = rusqlite::Connection::open_with_flags_and_vfs(path, flags, unified_store::OPFS_VFS).unwrap();
    conn.pragma_update(None, "user_version", newer).unwrap();
    conn.close().unwrap();

    let error = Store::open(config(path)).await.err().unwrap();
    assert_eq!(code(&error), "IncompatibleVersion");
    assert_eq!(Reflect::get(&error, &"found".into()).unwrap(), newer);
    assert_eq!(Reflect::get(&error, &"supported".into()).unwrap(), unified_store::SCHEMA_VERSION);
}

/// Hostile paths, where a path means something (on OPFS, in a worker): each is refused with
/// `InvalidInput` on `path` (the core's check) or on `config` (the binding's, for what a
/// string cannot be), never `Storage`; the store files already there stay usable.
#[wasm_bindgen_test]
async fn hostile_paths_are_invalid_input() {
    let kept = Store::open(config("/kept.db")).await.unwrap();
    new_workspace(&kept, "Kept");
    let lone_surrogate: JsValue = js_sys::JsString::from_char_code(&[0x2F, 0xD800]).into();
    let cases: Vec<(&str, JsValue, &str)> = vec![
        ("memory name", ":memory:".into(), "path"),
        ("file URI", "file:/x.db".into(), "path"),
        ("memory URI", "file::memory:?cache=shared".into(), "path"),
        ("empty", "".into(), "path"),
        ("NUL only", "\0".into(), "path"),
        ("NUL inside", "/a\0b.db".into(), "path"),
        ("10 MB", "x".repeat(10 << 20).into(), "path"),
        ("lone surrogate", lone_surrogate, "config"),
    ];
    for (label, path, field) in &cases {
        let object = js_sys::Object::new();
        Reflect::set(&object, &"path".into(), path).unwrap();
        let error =
            Store::open(Ts::new_unchecked(object.into())).await.err().unwrap_or_else(|| panic!("{label} opened"));
        let message = String::from(error.dyn_ref::<js_sys::Error>().unwrap().message());
        assert_eq!(code(&error), "InvalidInput", "{label}: {message}");
        assert_eq!(Reflect::get(&error, &"field".into()).unwrap(), *field, "{label}: {message}");
        assert!(message.chars().count() < 1000, "{label}: a message of {} characters", message.len());
    }
    assert_eq!(kept.workspaces().list(None).unwrap().len(), 1, "the open store still reads");
    kept.close().unwrap();
}

/// Runs `body`, the body of an async JS function, and gives what it resolves to.
async fn js(body: &str) -> JsValue {
    let promise = js_sys::Function::new_no_args(&format!("return (async () => {{ {body} }})()")).call0(&JsValue::NULL);
    wasm_bindgen_futures::JsFuture::from(promise.unwrap().dyn_into::<js_sys::Promise>().unwrap()).await.unwrap()
}

/// The names of the attachment files of the store at `path` (its OPFS blob directory).
async fn blob_files(path: &str) -> Vec<String> {
    let dir = path.replace('%', "%25").replace('/', "%2F");
    let names = js(&format!(
        "const root = await navigator.storage.getDirectory();
         let dir;
         try {{ dir = await (await root.getDirectoryHandle('.unified-store-blobs')).getDirectoryHandle('{dir}'); }}
         catch (e) {{ return []; }}
         const names = [];
         for await (const name of dir.keys()) names.push(name);
         return names;"
    ))
    .await;
    js_sys::Array::from(&names).iter().map(|name| name.as_string().unwrap()).collect()
}

#[wasm_bindgen_test]
async fn attachment_bytes_live_in_opfs_files_streamed_sealed_shared_and_collected() {
    use unified_store::{NewAttachmentFile, StoreError};
    for (path, key) in [("/bytes-plain.db", None), ("/bytes-sealed.db", Some(KEY))] {
        unified_store_wasm::opfs::pool().await.unwrap();
        let config = match key {
            Some(key) => StoreConfig::encrypted(path, unified_store::StoreKey::Raw { bytes: key.to_vec() }),
            None => StoreConfig::file(path),
        };
        let store = unified_store::Store::open(&config).unwrap();
        let owner = store.users().create(&NewUser::new("bytes@example.com", "Bytes")).unwrap();
        let workspace = store.workspaces().create(&NewWorkspace::for_user("Bytes", &owner.id)).unwrap();
        let thread = store.threads().create(&workspace.id, "T").unwrap();
        let message = store.messages().append(&thread.id, MessageRole::User, "see attached").unwrap();
        let file = NewAttachmentFile { message_id: message.id.clone(), filename: "a.bin".into(), mime: "x/y".into() };
        let bytes: Vec<u8> = (0..300_000u32).map(|i| (i * 31 % 251) as u8).collect();

        // Streamed in in chunks, out in chunks, in a file of OPFS (sealed in the encrypted store).
        let attachments = store.attachments();
        let mut writer = attachments.open_writer(&file).await.unwrap();
        for chunk in bytes.chunks(70_000) {
            writer.write(chunk).unwrap();
        }
        let stored = writer.finish().unwrap();
        let mut reader = attachments.open_reader(&stored.id).await.unwrap();
        let mut back = Vec::new();
        loop {
            let chunk = reader.read_chunk(50_000).unwrap();
            if chunk.is_empty() {
                break;
            }
            back.extend(chunk);
        }
        assert_eq!(back, bytes, "{path}");
        let files = blob_files(path).await;
        assert_eq!(files.len(), 1, "{path}");
        let raw = js(&format!(
            "const root = await navigator.storage.getDirectory();
             const dir = await (await root.getDirectoryHandle('.unified-store-blobs')).getDirectoryHandle('{}');
             return new Uint8Array(await (await (await dir.getFileHandle('{}')).getFile()).arrayBuffer());",
            path.replace('/', "%2F"),
            files[0]
        ))
        .await;
        let raw = js_sys::Uint8Array::from(raw).to_vec();
        assert_eq!(raw == bytes, key.is_none(), "{path}: sealed exactly when the store is encrypted");

        // The same bytes again share the file; the duplicate written is removed.
        let twin = attachments.open_writer(&file).await.unwrap();
        let mut twin = twin;
        twin.write(&bytes).unwrap();
        let twin = twin.finish().unwrap();
        attachments.collect_files(false).await.unwrap();
        assert_eq!(blob_files(path).await, files, "one file per content");
        // A synchronous call cannot make a file on OPFS: a typed error, nothing written.
        let refused = attachments.writer(&file).err().unwrap();
        assert!(matches!(&refused, StoreError::InvalidInput { field, .. } if field == "method"), "{refused:?}");
        // Removed by the last attachment holding it, after the commit; while a reader still
        // has it open, at a later sweep.
        attachments.remove(&stored.id).unwrap();
        attachments.remove(&twin.id).unwrap();
        assert_eq!(attachments.collect_files(false).await.unwrap(), 0, "{path}: the reader holds it");
        drop(reader);
        assert_eq!(attachments.collect_files(false).await.unwrap(), 1);
        assert!(blob_files(path).await.is_empty(), "{path}");

        // A crash leaves a file no row names: the next open removes it.
        let kept = attachments.open_writer(&file).await.unwrap();
        let mut kept = kept;
        kept.write(b"kept").unwrap();
        let kept = kept.finish().unwrap();
        store.close().unwrap();
        js(&format!(
            "const root = await navigator.storage.getDirectory();
             const dir = await (await root.getDirectoryHandle('.unified-store-blobs')).getDirectoryHandle('{}');
             await dir.getFileHandle('orphan', {{ create: true }});",
            path.replace('/', "%2F")
        ))
        .await;
        assert_eq!(blob_files(path).await.len(), 2);
        // Opened as the JS API opens a store, which collects what a crash left.
        let js_config = js_sys::Object::new();
        Reflect::set(&js_config, &"path".into(), &path.into()).unwrap();
        if let Some(key) = key {
            Reflect::set(&js_config, &"key".into(), &js_sys::Uint8Array::from(&key[..])).unwrap();
        }
        let reopened = Store::open(Ts::new_unchecked(js_config.into())).await.unwrap();
        assert_eq!(blob_files(path).await.len(), 1, "{path}: the orphan went, the recorded file stayed");
        let wait = |promise: Result<js_sys::Promise, JsValue>| wasm_bindgen_futures::JsFuture::from(promise.unwrap());
        let read = wait(reopened.attachments().read(kept.id.as_str().into())).await.unwrap();
        assert_eq!(js_sys::Uint8Array::from(read).to_vec(), b"kept");
        // Erasing the owner removes the file too.
        wait(reopened.users().erase_user_data(owner.id.as_str().into())).await.unwrap();
        assert!(blob_files(path).await.is_empty(), "{path}: erased with its owner");
        reopened.close().unwrap();
    }
}

/// Every file of the origin private file system whose bytes hold `marker` (the pool's files,
/// their slots' unused space included, and the attachment files).
async fn opfs_files_holding(marker: &str) -> Vec<String> {
    let found = js(&format!(
        "const marker = new TextEncoder().encode('{marker}');
         const holds = (bytes) => {{
           outer: for (let i = 0; i + marker.length <= bytes.length; i++) {{
             for (let j = 0; j < marker.length; j++) if (bytes[i + j] !== marker[j]) continue outer;
             return true;
           }}
           return false;
         }};
         const found = [];
         const walk = async (dir, path) => {{
           for await (const [name, handle] of dir.entries()) {{
             if (handle.kind === 'directory') await walk(handle, path + name + '/');
             else if (holds(new Uint8Array(await (await handle.getFile()).arrayBuffer()))) found.push(path + name);
           }}
         }};
         await walk(await navigator.storage.getDirectory(), '/');
         return found;"
    ))
    .await;
    js_sys::Array::from(&found).iter().map(|name| name.as_string().unwrap()).collect()
}

#[wasm_bindgen_test]
async fn after_erasure_on_opfs_the_marker_is_in_no_file_of_the_origin() {
    const MARKER: &str = "OPFSERASEMARKER";
    let path = "/erase-scan.db";
    let store = Store::open(config(path)).await.unwrap();
    let user = NewUser::new("eraseme@example.com", format!("Ada {MARKER}"));
    let ada = store.users().create(Ts::from_rust(&user).unwrap()).unwrap().to_rust().unwrap();
    let workspace = NewWorkspace::for_user(format!("W {MARKER}"), &ada.id);
    let workspace = store.workspaces().create(Ts::from_rust(&workspace).unwrap()).unwrap().to_rust().unwrap();
    let thread = store
        .threads()
        .create(workspace.id.as_str().into(), format!("T {MARKER}").as_str().into())
        .unwrap()
        .to_rust()
        .unwrap();
    let user_role = Ts::from_rust(&MessageRole::User).unwrap();
    for i in 0..50 {
        let text = format!("message {i} {MARKER} with some words to index");
        store.messages().append(thread.id.as_str().into(), user_role.clone(), text.as_str().into()).unwrap();
    }
    let message = store.messages().list(thread.id.as_str().into(), None).unwrap()[0].to_rust().unwrap();
    let file = unified_store::NewAttachmentFile {
        message_id: message.id.clone(),
        filename: format!("{MARKER}.txt"),
        mime: "text/plain".into(),
    };
    let wait = |promise: Result<js_sys::Promise, JsValue>| wasm_bindgen_futures::JsFuture::from(promise.unwrap());
    let bytes = js_sys::Uint8Array::from(format!("notes {MARKER} ").repeat(1000).as_bytes());
    wait(store.attachments().write(Ts::from_rust(&file).unwrap(), bytes.unchecked_into())).await.unwrap();
    store.close().unwrap();
    Opfs::release().await.unwrap();
    assert!(!opfs_files_holding(MARKER).await.is_empty(), "planted");

    let store = Store::open(config(path)).await.unwrap();
    wait(store.users().erase_user_data(ada.id.as_str().into())).await.unwrap();
    store.close().unwrap();
    Opfs::release().await.unwrap();
    assert_eq!(opfs_files_holding(MARKER).await, Vec::<String>::new());
    unified_store_wasm::opfs::pool().await.unwrap(); // taken back for the other tests
}
