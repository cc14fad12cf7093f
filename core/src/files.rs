//! The files of a store, wherever they live: which VFS opens them (natively SQLite's own, in
//! the browser the OPFS pool through SQLite3 Multiple Ciphers' wrapper), opening one without
//! URI parsing, and deleting one. The store file, its key file and a copy being rewritten all
//! go through here.

use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags};

/// The VFS that keeps a browser store in the origin private file system.
#[cfg(target_family = "wasm")]
pub const OPFS_VFS: &str = "opfs-sahpool";

/// SQLite3 Multiple Ciphers' wrapper of [`OPFS_VFS`], which every store file is opened
/// through, encrypted or not: only the wrapper can encrypt (keying a connection on the bare
/// pool fails, and writes through it would be plaintext).
#[cfg(target_family = "wasm")]
pub const OPFS_CIPHER_VFS: &str = "multipleciphers-opfs-sahpool";

/// The VFS every file of a store (its database, its key file, a copy being rewritten) is
/// opened through: SQLite's default natively, the OPFS pool's cipher wrapper in the browser.
#[cfg(not(target_family = "wasm"))]
pub(crate) const FILE_VFS: Option<&str> = None;
#[cfg(target_family = "wasm")]
pub(crate) const FILE_VFS: Option<&str> = Some(OPFS_CIPHER_VFS);

/// A connection to the file at `path` through [`FILE_VFS`], never parsing `path` as a URI.
pub(crate) fn open_file(path: &str, flags: OpenFlags) -> rusqlite::Result<Connection> {
    let flags = flags | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    match FILE_VFS {
        Some(vfs) => Connection::open_with_flags_and_vfs(path, flags, vfs),
        None => Connection::open_with_flags(path, flags),
    }
}

/// Where a store's pages are copied while they are rewritten under another key.
pub(crate) fn rewrite_path(store: &str) -> String {
    format!("{store}-rewrite")
}

/// Deletes the file at `path` and its rollback journal, if they exist.
#[cfg(not(target_family = "wasm"))]
pub(crate) fn remove_file(path: &str) -> Result<()> {
    for file in [path.to_owned(), format!("{path}-journal")] {
        match std::fs::remove_file(&file) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                return Err(Error::Crypto(format!("cannot delete {}: {error}", crate::schema::rules::shown(&file))));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Deletes the file at `path` and its rollback journal from the OPFS pool, if they exist
/// (through the VFS: the browser has no file system API SQLite's files are reachable by).
#[cfg(target_family = "wasm")]
#[allow(unsafe_code)]
pub(crate) fn remove_file(path: &str) -> Result<()> {
    use rusqlite::ffi;
    let vfs_name = std::ffi::CString::new(OPFS_CIPHER_VFS).map_err(|error| Error::Crypto(error.to_string()))?;
    for file in [path.to_owned(), format!("{path}-journal")] {
        let name = std::ffi::CString::new(file).map_err(|_| Error::invalid("path", "holds a NUL character"))?;
        // SAFETY: both names are NUL-terminated and outlive the calls; a VFS SQLite finds stays
        // registered for the life of the module, and xDelete takes a file name and a sync flag.
        let code = unsafe {
            let vfs = ffi::sqlite3_vfs_find(vfs_name.as_ptr());
            match vfs.as_ref().and_then(|found| found.xDelete) {
                Some(delete) => delete(vfs, name.as_ptr(), 1),
                None => return Err(Error::Crypto(format!("{OPFS_CIPHER_VFS} is not installed"))),
            }
        };
        if code != ffi::SQLITE_OK && code != ffi::SQLITE_IOERR_DELETE_NOENT {
            return Err(Error::Crypto(format!("cannot delete a file of the store (SQLite error {code})")));
        }
    }
    Ok(())
}
