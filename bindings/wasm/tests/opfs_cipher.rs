//! In a dedicated worker in headless Chromium, on OPFS: what encryption promises there. A
//! connection on the bare pool cannot be keyed, and nothing written to an encrypted store
//! reaches the pool's files in plaintext. Its own file (a fresh browser profile): the pool
//! scan releases and takes back every slot, which is slow once the behaviour suite has
//! filled the pool.

#![cfg(target_family = "wasm")]
// Tests may fail loudly; clippy's allow-*-in-tests does not see `#[wasm_bindgen_test]`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use unified_store::{MessageRole, NewUser, NewWorkspace, SearchQuery, StoreConfig, StoreError};
use unified_store_wasm::Opfs;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_dedicated_worker);

const KEY: [u8; 32] = [42; 32];

/// Keying a connection on the bare pool fails: it cannot encrypt, and carrying on would write
/// plaintext. The store never opens files that way (it uses SQLite3 Multiple Ciphers'
/// wrapper), and a connection keyed that way is refused, nothing written.
#[wasm_bindgen_test]
async fn a_connection_on_the_bare_pool_cannot_be_keyed() {
    let path = "/bare-pool.db";
    unified_store_wasm::opfs::pool().await.unwrap();
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_CREATE;
    let conn = rusqlite::Connection::open_with_flags_and_vfs(path, flags, unified_store::OPFS_VFS).unwrap();
    let error = unified_store::key_connection(&conn, &KEY).unwrap_err();
    assert!(
        matches!(&error, StoreError::Storage { reason } if reason.contains("Encryption is not supported by the VFS")),
        "{error:?}"
    );
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |row| row.get(0)).unwrap();
    assert_eq!(pages, 0, "nothing was written");
    conn.close().unwrap();

    let conn = rusqlite::Connection::open_with_flags_and_vfs(path, flags, unified_store::OPFS_CIPHER_VFS).unwrap();
    unified_store::key_connection(&conn, &KEY).unwrap();
    conn.close().unwrap();
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

/// For each of `needles`, the raw OPFS files (pool slots, used or free, whatever they held)
/// in which it appears.
async fn raw_files_holding(needles: &[&str]) -> Vec<Vec<String>> {
    Opfs::release().await.unwrap();
    let files: js_sys::Array = opfs_files().await.unchecked_into();
    let mut holding = vec![Vec::new(); needles.len()];
    for entry in files.iter() {
        let entry: js_sys::Array = entry.unchecked_into();
        let name = entry.get(0).as_string().unwrap();
        let bytes = js_sys::Uint8Array::new(&entry.get(1)).to_vec();
        for (needle, found) in needles.iter().zip(&mut holding) {
            if bytes.windows(needle.len()).any(|window| window == needle.as_bytes()) {
                found.push(name.clone());
            }
        }
    }
    unified_store_wasm::opfs::pool().await.unwrap();
    holding
}

fn holds(bytes: &[u8], marker: &str) -> bool {
    bytes.windows(marker.len()).any(|window| window == marker.as_bytes())
}

/// Markers in a message, a document and a searched word reach no file of the OPFS pool
/// (every slot's raw bytes) once an encrypted store has been written and closed, while the
/// pool's own plaintext (the slot header naming the file) is found there, so the scan sees
/// the data. The same steps on a plaintext store put the markers in its bytes.
#[wasm_bindgen_test]
async fn no_marker_reaches_any_opfs_file_of_an_encrypted_store() {
    const MESSAGE: &str = "qzvmsgmarker";
    const DOCUMENT: &str = "qzvdocmarker";
    const WORD: &str = "qzvwordmarker";
    const PATH: &str = "/markers-encrypted.db";
    unified_store_wasm::opfs::pool().await.unwrap();

    let fill = |store: &unified_store::Store| {
        let owner = store.users().create(&NewUser::new("ada@example.com", "Ada")).unwrap();
        let workspace = store.workspaces().create(&NewWorkspace::for_user("Kept", &owner.id)).unwrap();
        let thread = store.threads().create(&workspace.id, "Thread").unwrap();
        store.messages().append(&thread.id, MessageRole::User, &format!("{MESSAGE} said {WORD}")).unwrap();
        let document = unified_store::NewDocument::new(&workspace.id, "Notes", format!("{DOCUMENT} and {WORD}"));
        store.documents().create(&document).unwrap();
        assert_eq!(store.messages().search(&SearchQuery::words(WORD)).unwrap().len(), 1, "the word is indexed");
    };

    let config = StoreConfig::file(PATH);
    let store = unified_store::Store::open_with_raw_key(&config, &KEY).unwrap();
    fill(&store);
    store.close().unwrap();
    let found = raw_files_holding(&[MESSAGE, DOCUMENT, WORD, PATH]).await;
    assert!(found[..3].iter().all(Vec::is_empty), "plaintext markers in the pool: {found:?}");
    assert!(!found[3].is_empty(), "the scan sees the pool's plaintext (the slot naming {PATH})");
    let exported = Opfs::export(PATH.into()).await.unwrap();
    assert!(!exported.starts_with(b"SQLite format 3"), "the export is encrypted");
    let store = unified_store::Store::open_with_raw_key(&config, &KEY).unwrap();
    assert_eq!(store.messages().search(&SearchQuery::words(WORD)).unwrap().len(), 1, "it reopens with its key");
    store.close().unwrap();

    let store = unified_store::Store::open(&StoreConfig::file("/markers-plain.db")).unwrap();
    fill(&store);
    store.close().unwrap();
    let exported = Opfs::export("/markers-plain.db".into()).await.unwrap();
    for marker in [MESSAGE, DOCUMENT] {
        assert!(holds(&exported, marker), "{marker} is visible in a plaintext store");
    }
}
