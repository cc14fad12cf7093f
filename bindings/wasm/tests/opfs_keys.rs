//! In a dedicated worker in headless Chromium, on OPFS, through the JS API: keys given as a
//! `Uint8Array` or a passphrase, a wrong or missing key refused, changing the key, rewriting
//! the pages (rekey, encrypt and decrypt in place) with a progress callback that can cancel,
//! no marker in any file of the pool, and a store written natively opening here.

#![cfg(target_family = "wasm")]
// Tests may fail loudly; clippy's allow-*-in-tests does not see `#[wasm_bindgen_test]`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use js_sys::{Object, Reflect, Uint8Array};
use sqlite_wasm_rs::vfs::transfer::DbTransfer;
use std::cell::RefCell;
use std::rc::Rc;
use tsify::Ts;
use unified_store::{
    KdfParams, MessageRole, NewDocument, NewProviderConfig, NewUser, NewWorkspace, ProviderKind, SearchQuery,
    SecretKind,
};
use unified_store_wasm::{Key, OnProgress, Opfs, Store};
use wasm_bindgen::prelude::{Closure, wasm_bindgen};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_dedicated_worker);

const RAW: [u8; 32] = [42; 32];
const OTHER: [u8; 32] = [43; 32];

/// `{ path, key, kdf }` as JS would pass it; `key` any JS value (absent when `undefined`).
async fn open(path: &str, key: JsValue) -> Result<Store, JsValue> {
    let config = Object::new();
    Reflect::set(&config, &"path".into(), &path.into()).unwrap();
    if !key.is_undefined() {
        Reflect::set(&config, &"key".into(), &key).unwrap();
    }
    Reflect::set(&config, &"kdf".into(), &serde_wasm_bindgen::to_value(&KdfParams::INSECURE_FOR_TESTS).unwrap())
        .unwrap();
    Store::open(Ts::new_unchecked(config.into())).await
}

fn bytes(key: &[u8]) -> JsValue {
    Uint8Array::from(key).into()
}

fn code(error: &JsValue) -> String {
    Reflect::get(error, &"code".into()).unwrap().as_string().unwrap()
}

fn kdf() -> Option<Ts<KdfParams>> {
    Some(Ts::from_rust(&KdfParams::INSECURE_FOR_TESTS).unwrap())
}

/// A thread holding message `content`; returns the thread id.
fn write_message(store: &Store, content: &str) -> String {
    let user = NewUser::new(format!("{}@example.com", content.len()), "Owner");
    let owner = store.users().create(Ts::from_rust(&user).unwrap()).unwrap().to_rust().unwrap();
    let workspace = NewWorkspace::for_user("Keys", owner.id);
    let workspace = store.workspaces().create(Ts::from_rust(&workspace).unwrap()).unwrap().to_rust().unwrap();
    let thread = store.threads().create(workspace.id.as_str().into(), "Keyed".into()).unwrap().to_rust().unwrap();
    let role = Ts::from_rust(&MessageRole::User).unwrap();
    store.messages().append(thread.id.as_str().into(), role, content.into()).unwrap();
    thread.id
}

fn hits(store: &Store, word: &str) -> Vec<String> {
    let query = Ts::from_rust(&SearchQuery::words(word)).unwrap();
    store.messages().search(query).unwrap().iter().map(|hit| hit.to_rust().unwrap().message.content).collect()
}

/// Closes `store` and lets go of OPFS, as a reload would.
async fn close(store: Store) {
    store.close().unwrap();
    Opfs::release().await.unwrap();
}

/// The `(done, total)` reports a callback received.
type Reports = Rc<RefCell<Vec<(f64, f64)>>>;

/// The Rust side of a recording callback; dropping it invalidates the callback.
type Recording = Closure<dyn FnMut(f64, f64) -> JsValue>;

/// A progress callback recording its calls and answering `answer`, with the closure that must
/// outlive it.
fn recorder(answer: JsValue) -> (OnProgress, Reports, Recording) {
    let calls = Rc::new(RefCell::new(Vec::new()));
    let seen = calls.clone();
    let closure = Closure::new(move |done: f64, total: f64| {
        seen.borrow_mut().push((done, total));
        answer.clone()
    });
    let callback = closure.as_ref().clone().unchecked_into();
    (callback, calls, closure)
}

async fn await_promise(promise: js_sys::Promise) -> Result<JsValue, JsValue> {
    wasm_bindgen_futures::JsFuture::from(promise).await
}

#[wasm_bindgen_test]
async fn a_store_opens_only_with_its_key_raw_or_passphrase() {
    for (path, key, wrong) in [
        ("/raw-key.db", bytes(&RAW), bytes(&OTHER)),
        ("/passphrase.db", JsValue::from("correct horse"), JsValue::from("battery staple")),
    ] {
        let store = open(path, key.clone()).await.unwrap();
        assert!(store.has_key());
        write_message(&store, "kept under lock");
        close(store).await;

        let store = open(path, key.clone()).await.unwrap();
        assert_eq!(hits(&store, "lock"), ["kept under lock"], "{path}: reopened and searched");
        close(store).await;
        assert_eq!(code(&open(path, wrong).await.err().unwrap()), "InvalidKey", "{path}: wrong key");
        assert_eq!(code(&open(path, JsValue::UNDEFINED).await.err().unwrap()), "InvalidKey", "{path}: no key");
        let store = open(path, key).await.unwrap();
        assert_eq!(hits(&store, "lock").len(), 1, "{path}: refusals changed nothing");
        close(store).await;
    }
}

/// A key of the wrong length or type is `InvalidInput` naming it, never a trap.
#[wasm_bindgen_test]
async fn key_arguments_are_checked() {
    let cases: Vec<(&str, JsValue)> = vec![
        ("31 bytes", bytes(&[1; 31])),
        ("33 bytes", bytes(&[1; 33])),
        ("a number", JsValue::from(42)),
        ("an object", Object::new().into()),
        ("true", JsValue::TRUE),
        ("empty passphrase", JsValue::from("")),
    ];
    for (label, key) in &cases {
        let error = open("/checked-keys.db", key.clone()).await.err().unwrap_or_else(|| panic!("{label} opened"));
        assert_eq!(code(&error), "InvalidInput", "{label}: {error:?}");
    }
    let store = open("/checked-keys.db", bytes(&RAW)).await.unwrap();
    for (label, key) in cases {
        let error = store.change_key(key.unchecked_into(), None).err().unwrap_or_else(|| panic!("{label} taken"));
        assert_eq!(code(&error), "InvalidInput", "changeKey {label}");
    }
    let error = store.import_secrets_keys(JsValue::from("not bytes").unchecked_into(), Key::from("pass")).unwrap_err();
    assert_eq!(code(&error), "InvalidInput", "importSecretsKeys with a string");
    close(store).await;
}

#[wasm_bindgen_test]
async fn changing_the_key_refuses_the_old_one() {
    let path = "/change-key.db";
    let store = open(path, bytes(&RAW)).await.unwrap();
    write_message(&store, "rotated words");
    store.change_key(Key::from("a new passphrase"), kdf()).unwrap();
    close(store).await;
    assert_eq!(code(&open(path, bytes(&RAW)).await.err().unwrap()), "InvalidKey", "the old key");
    let store = open(path, "a new passphrase".into()).await.unwrap();
    assert_eq!(hits(&store, "rotated"), ["rotated words"]);
    close(store).await;
}

#[wasm_bindgen_test]
async fn rekey_reports_progress_can_be_cancelled_and_keeps_the_data() {
    let path = "/rekey.db";
    let store = open(path, bytes(&RAW)).await.unwrap();
    write_message(&store, "rewritten pages");

    let (cancel, calls, _keep) = recorder(JsValue::FALSE);
    let error = await_promise(store.rekey(Some(cancel))).await.unwrap_err();
    assert_eq!(code(&error), "Cancelled");
    assert_eq!(calls.borrow().len(), 1, "cancelled at the first pause");
    assert_eq!(hits(&store, "rewritten").len(), 1, "a cancelled rekey leaves the store as it was");

    let (report, calls, _keep) = recorder(JsValue::UNDEFINED);
    await_promise(store.rekey(Some(report))).await.unwrap();
    let calls = calls.borrow().clone();
    assert!(!calls.is_empty(), "progress was reported");
    let (done, total) = *calls.last().unwrap();
    assert_eq!(done, total, "the last report is the end: {calls:?}");
    assert_eq!(hits(&store, "rewritten").len(), 1, "data intact after the rekey");
    await_promise(store.rekey(None)).await.unwrap();
    close(store).await;

    let store = open(path, bytes(&RAW)).await.unwrap();
    assert_eq!(hits(&store, "rewritten"), ["rewritten pages"], "reopens with the same key");
    close(store).await;
}

/// On OPFS the pages are rewritten in one transaction between the first report and the
/// last: a cancel at the last comes too late to undo it, so the call succeeds and the store
/// opens with its key (were the cancel taken, the key file would name the old data key).
#[wasm_bindgen_test]
async fn a_cancel_after_the_pages_are_rewritten_is_too_late_and_harmless() {
    let path = "/late-cancel.db";
    let store = open(path, bytes(&RAW)).await.unwrap();
    write_message(&store, "still readable");
    let calls = Rc::new(RefCell::new(0));
    let seen = calls.clone();
    let closure = Closure::<dyn FnMut(f64, f64) -> JsValue>::new(move |_done: f64, _total: f64| {
        *seen.borrow_mut() += 1;
        JsValue::from(*seen.borrow() == 1)
    });
    let late: OnProgress = closure.as_ref().clone().unchecked_into();
    await_promise(store.rekey(Some(late))).await.unwrap();
    assert_eq!(*calls.borrow(), 2, "a report before the rewrite and one after");
    close(store).await;
    let store = open(path, bytes(&RAW)).await.unwrap();
    assert_eq!(hits(&store, "readable"), ["still readable"]);
    close(store).await;
}

#[wasm_bindgen_test]
async fn encrypt_and_decrypt_in_place() {
    let path = "/in-place.db";
    let store = open(path, JsValue::UNDEFINED).await.unwrap();
    assert!(!store.has_key());
    write_message(&store, "plaintext no more");
    let (report, calls, _keep) = recorder(JsValue::TRUE);
    await_promise(store.encrypt_in_place(Key::from(&RAW[..]), kdf(), Some(report)).unwrap()).await.unwrap();
    assert!(!calls.borrow().is_empty(), "progress was reported");
    close(store).await;

    assert_eq!(code(&open(path, JsValue::UNDEFINED).await.err().unwrap()), "InvalidKey", "it now needs its key");
    let exported = Opfs::export(path.into()).await.unwrap();
    assert!(!exported.starts_with(b"SQLite format 3\0"), "the file is encrypted");
    let store = open(path, bytes(&RAW)).await.unwrap();
    assert_eq!(hits(&store, "plaintext"), ["plaintext no more"]);

    await_promise(store.decrypt_in_place(None)).await.unwrap();
    close(store).await;
    let store = open(path, JsValue::UNDEFINED).await.unwrap();
    assert_eq!(hits(&store, "plaintext").len(), 1, "decrypted, it opens without a key");
    close(store).await;
    assert!(Opfs::export(path.into()).await.unwrap().starts_with(b"SQLite format 3\0"));
}

#[wasm_bindgen_test]
async fn secrets_keys_cross_between_stores() {
    let store = open("/secrets-a.db", bytes(&RAW)).await.unwrap();
    write_message(&store, "a store with a secret");
    let owner = store.users().list(None).unwrap()[0].to_rust().unwrap();
    let config = NewProviderConfig::new(&owner.id, ProviderKind::OpenAi, "OpenAI");
    let config = store.providers().create(Ts::from_rust(&config).unwrap()).unwrap().to_rust().unwrap();
    let kind = Ts::from_rust(&SecretKind::ApiKey).unwrap();
    store.providers().set_secret(config.id.as_str().into(), kind, "sk-carried".into()).unwrap();
    let exported = store.export_secrets_keys(Key::from("carried")).unwrap();
    close(store).await;
    let other = open("/secrets-b.db", bytes(&OTHER)).await.unwrap();
    let wrong = other.import_secrets_keys(exported.as_slice().into(), Key::from("not it")).unwrap_err();
    assert_eq!(code(&wrong), "InvalidKey");
    assert!(other.import_secrets_keys(exported.as_slice().into(), Key::from("carried")).unwrap() >= 1);
    assert_eq!(other.import_secrets_keys(exported.as_slice().into(), Key::from("carried")).unwrap(), 0, "nothing new");
    close(other).await;
}

#[wasm_bindgen(inline_js = "
export async function opfsFiles() {
    const files = [];
    async function walk(directory, path) {
        for await (const [name, handle] of directory.entries()) {
            if (handle.kind === 'file') {
                const file = await handle.getFile();
                files.push([path + name, new Uint8Array(await file.arrayBuffer())]);
            } else {
                await walk(handle, path + name + '/');
            }
        }
    }
    await walk(await navigator.storage.getDirectory(), '/');
    return files;
}")]
extern "C" {
    /// Every file of the origin private file system, raw: `[path, bytes]` pairs. The pool must
    /// be released (its access handles lock the files).
    #[wasm_bindgen(js_name = opfsFiles)]
    async fn opfs_files() -> JsValue;
}

fn holds(bytes: &[u8], marker: &str) -> bool {
    bytes.windows(marker.len()).any(|window| window == marker.as_bytes())
}

/// Markers in a message, a document, a provider secret and a searched word reach no file of
/// the pool (every slot's raw bytes, and each store file's export) once the store is closed.
#[wasm_bindgen_test]
async fn no_marker_reaches_any_file_of_the_pool() {
    const MARKERS: [&str; 4] = ["qzkmsgmarker", "qzkdocmarker", "qzksecretmarker", "qzkwordmarker"];
    let path = "/markers-keyed.db";
    let store = open(path, "marker passphrase".into()).await.unwrap();
    let content = format!("{} said {}", MARKERS[0], MARKERS[3]);
    write_message(&store, &content);
    let owner = store.users().list(None).unwrap()[0].to_rust().unwrap();
    let workspace = store.workspaces().list(None).unwrap()[0].to_rust().unwrap();
    let document = NewDocument::new(&workspace.id, "Notes", format!("{} and {}", MARKERS[1], MARKERS[3]));
    store.documents().create(Ts::from_rust(&document).unwrap()).unwrap();
    let config = NewProviderConfig::new(&owner.id, ProviderKind::OpenAi, "OpenAI");
    let config = store.providers().create(Ts::from_rust(&config).unwrap()).unwrap().to_rust().unwrap();
    let kind = || Ts::from_rust(&SecretKind::ApiKey).unwrap();
    store.providers().set_secret(config.id.as_str().into(), kind(), MARKERS[2].into()).unwrap();
    assert_eq!(hits(&store, MARKERS[3]).len(), 1, "the word is indexed");
    close(store).await;

    let files: js_sys::Array = opfs_files().await.unchecked_into();
    assert!(files.length() > 0);
    for entry in files.iter() {
        let entry: js_sys::Array = entry.unchecked_into();
        let bytes = Uint8Array::new(&entry.get(1)).to_vec();
        for marker in MARKERS {
            assert!(!holds(&bytes, marker), "{marker} in raw OPFS file {:?}", entry.get(0));
        }
    }
    for name in Opfs::files().await.unwrap() {
        let exported = Opfs::export(name.as_str().into()).await.unwrap();
        for marker in MARKERS {
            assert!(!holds(&exported, marker), "{marker} in pool file {name}");
        }
    }
    let store = open(path, "marker passphrase".into()).await.unwrap();
    let revealed = store.providers().reveal_secret(config.id.as_str().into(), kind()).unwrap();
    assert_eq!(revealed.as_deref(), Some(MARKERS[2]), "the secret is still there");
    close(store).await;
}

/// The fixture written natively (`cargo run -p unified-store --example cross_runtime -- write
/// tests/fixtures/native-encrypted.db`), imported into the pool as it is, opens here with its
/// raw key and finds its message; without the key it is `InvalidKey`.
#[wasm_bindgen_test]
async fn a_store_written_natively_opens_here() {
    const DB: &[u8] = include_bytes!("../../../tests/fixtures/native-encrypted.db");
    const KEYS: &[u8] = include_bytes!("../../../tests/fixtures/native-encrypted.db-keys");
    let path = "/from-native.db";
    // A native store is in WAL mode (header bytes 18 and 19, kept in plaintext by the cipher),
    // which the OPFS pool opens only under an exclusive lock; core turns it into a rollback
    // journal store at open.
    assert_eq!(DB[18..20], [2, 2], "the fixture is in WAL mode");
    for (name, bytes) in [(path.to_owned(), DB), (format!("{path}-keys"), KEYS)] {
        let pool = unified_store_wasm::opfs::pool().await.unwrap();
        pool.import_db_unchecked(&name, bytes).unwrap();
    }
    assert_eq!(code(&open(path, JsValue::UNDEFINED).await.err().unwrap()), "InvalidKey");
    let store = open(path, bytes(&[7; 32])).await.unwrap();
    assert_eq!(hits(&store, "chromium"), ["written natively, read in chromium"]);
    write_message(&store, "and written back in chromium");
    close(store).await;
    let store = open(path, bytes(&[7; 32])).await.unwrap();
    assert_eq!(hits(&store, "chromium").len(), 2);
    close(store).await;
}
