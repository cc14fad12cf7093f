//! The OPFS VFS that file-backed stores live on, and the few file operations a page needs.
//! OPFS sync access handles exist only in a dedicated worker, so all of this runs there.

use crate::convert::{JsResult, Text, js_error, storage, text};
use sqlite_wasm_rs::WasmOsCallback;
use sqlite_wasm_rs::vfs::VfsFilesManager;
use sqlite_wasm_rs::vfs::transfer::DbTransfer;
use sqlite_wasm_vfs::sahpool::{self, OpfsSAHPoolCfgBuilder, OpfsSAHPoolUtil};
use std::ffi::CString;
use unified_store::StoreError;
use wasm_bindgen::prelude::wasm_bindgen;

/// Free slots kept beyond the existing files (each file of the pool holds one pre-allocated
/// OPFS handle): room for a new encrypted store and everything it may create later, with no
/// second chance to grow the pool in the middle of a call: the database and its journal, its
/// key file and that file's journal, and the copy a rewrite under another key writes, with
/// its journal.
const SPARE_SLOTS: usize = 6;

/// The VFS, installed under core's VFS name on first use (later installs reuse it), with
/// SQLite3 Multiple Ciphers' wrapper over it, which core opens every store file through.
async fn installed() -> Result<OpfsSAHPoolUtil, StoreError> {
    let config = OpfsSAHPoolCfgBuilder::new().vfs_name(unified_store::OPFS_VFS).build();
    let pool = sahpool::install::<WasmOsCallback>(&config, false).await.map_err(storage)?;
    wrap_for_encryption()?;
    Ok(pool)
}

/// Registers `multipleciphers-opfs-sahpool` ([`unified_store::OPFS_CIPHER_VFS`]) over the
/// installed pool, once: keying a connection on the bare pool fails ("Encryption is not
/// supported by the VFS"), and a connection that went on anyway would write plaintext.
fn wrap_for_encryption() -> Result<(), StoreError> {
    let wrapper = CString::new(unified_store::OPFS_CIPHER_VFS).map_err(storage)?;
    let pool = CString::new(unified_store::OPFS_VFS).map_err(storage)?;
    // SAFETY: both are NUL-terminated strings that outlive the calls; SQLite copies the real
    // VFS's name. A worker runs one thread, so nothing registers a VFS in between.
    let code = unsafe {
        if !sqlite_wasm_rs::sqlite3_vfs_find(wrapper.as_ptr()).is_null() {
            return Ok(());
        }
        sqlite_wasm_rs::sqlite3mc_vfs_create(pool.as_ptr(), 0)
    };
    match code {
        sqlite_wasm_rs::SQLITE_OK => Ok(()),
        code => Err(storage(format!("cannot register {}: SQLite error {code}", unified_store::OPFS_CIPHER_VFS))),
    }
}

/// The VFS ready to open a database: installed, taken back if released, with a free slot.
pub async fn pool() -> Result<OpfsSAHPoolUtil, StoreError> {
    let pool = installed().await?;
    pool.resume().await.map_err(storage)?;
    let files = pool.len().map_err(storage)?;
    pool.ensure_capacity(files + SPARE_SLOTS).await.map_err(storage)?;
    Ok(pool)
}

/// The database files in the origin private file system (a worker-only API).
#[wasm_bindgen]
pub struct Opfs;

#[wasm_bindgen]
impl Opfs {
    /// The names of the files, journals included.
    pub async fn files() -> JsResult<Vec<String>> {
        pool().await.and_then(|pool| pool.names().map_err(storage)).map_err(js_error)
    }

    /// The bytes of database `path`, a SQLite file; its store must be closed.
    pub async fn export(path: Text) -> JsResult<Vec<u8>> {
        let path = text("path", path)?;
        pool().await.and_then(|pool| pool.export_db(&path).map_err(storage)).map_err(js_error)
    }

    /// Deletes file `path`, returning whether it existed; its store must be closed.
    pub async fn delete(path: Text) -> JsResult<bool> {
        let path = text("path", path)?;
        pool().await.and_then(|pool| pool.remove(&path).map_err(storage)).map_err(js_error)
    }

    /// Lets go of OPFS so that another worker or tab can open these files; close every store
    /// first. The next `Store.open` with a path takes it back.
    pub async fn release() -> JsResult<()> {
        installed().await.and_then(|pool| pool.pause().map_err(storage)).map_err(js_error)
    }
}
