//! Blob files in the browser: a directory of the origin private file system beside the
//! database's pool (`.unified-store-blobs/<database path>/`), read and written through
//! `FileSystemSyncAccessHandle`s in the store's worker.
//!
//! OPFS hands out handles, lists and removes entries only asynchronously, and renames
//! nothing a synchronous call could wait for. So a blob file gets a random name when it is
//! created (the `blobs` table maps its content to it, as it maps a sealed blob to a keyed
//! name natively), its handle is made before the synchronous write starts, and a file is
//! removed after the commit that released it, by [`OpfsBlobs::sweep`]. A crash before the
//! commit that records a file leaves a file no row names; one between a commit and the
//! sweep, a released file no row names: both are removed when the store is next opened.
//! A random name is never reused, so no writer can race a removal.

use js_sys::{Object, Reflect};
use parking_lot::Mutex;
use std::io::{self, Read, Write};
use std::sync::Arc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    FileSystemDirectoryHandle, FileSystemFileHandle, FileSystemGetDirectoryOptions, FileSystemGetFileOptions,
    FileSystemReadWriteOptions, FileSystemSyncAccessHandle, WorkerGlobalScope,
};

/// The directory (in the OPFS root) under which each store's blob directory lives.
const ROOT: &str = ".unified-store-blobs";

/// The blob files of one store on OPFS, and the files waiting to be removed.
pub(crate) struct OpfsBlobs {
    /// The store's directory under [`ROOT`]: its database path, `/` and `%` escaped.
    name: String,
    /// Files released by a committed change, removed at the next [`OpfsBlobs::sweep`].
    doomed: Arc<Mutex<Vec<String>>>,
}

impl OpfsBlobs {
    pub(crate) fn new(db_path: &str) -> Self {
        let name = db_path.replace('%', "%25").replace('/', "%2F");
        Self { name, doomed: Arc::default() }
    }

    /// A new file with a random name, open for writing.
    pub(crate) async fn create(&self) -> io::Result<OpfsFile> {
        // 64 hex digits, as every blob file's name (the table checks it).
        let mut random = [0u8; 32];
        getrandom::fill(&mut random).map_err(|error| io::Error::other(format!("no random source: {error}")))?;
        let name = crate::values::hex(&random);
        let options = FileSystemGetFileOptions::new();
        options.set_create(true);
        let dir = self.dir().await?;
        let file: FileSystemFileHandle = wait(dir.get_file_handle_with_options(&name, &options)).await?;
        let handle = wait(file.create_sync_access_handle()).await?;
        Ok(OpfsFile { handle: Some(handle), name, at: 0, doomed: Some(self.doomed.clone()) })
    }

    /// File `name`, open for reading; `NotFound` if there is none.
    pub(crate) async fn open(&self, name: &str) -> io::Result<OpfsFile> {
        let dir = self.dir().await?;
        let file: FileSystemFileHandle = wait(dir.get_file_handle(name)).await?;
        let handle = wait(file.create_sync_access_handle()).await?;
        Ok(OpfsFile { handle: Some(handle), name: name.to_owned(), at: 0, doomed: None })
    }

    /// Removes file `name` at the next sweep (after the commit that released it).
    pub(crate) fn doom(&self, name: &str) {
        self.doomed.lock().push(name.to_owned());
    }

    /// Removes the files released since the last sweep; one already gone is not an error.
    pub(crate) async fn sweep(&self) -> io::Result<u32> {
        let doomed = std::mem::take(&mut *self.doomed.lock());
        if doomed.is_empty() {
            return Ok(0);
        }
        let dir = self.dir().await?;
        let mut removed = 0;
        for name in doomed {
            match remove(&dir, &name).await {
                Ok(()) => removed += 1,
                // Still open (a reader holds it): removed at a later sweep.
                Err(error) if error.kind() == io::ErrorKind::ResourceBusy => self.doom(&name),
                Err(error) => return Err(error),
            }
        }
        Ok(removed)
    }

    /// Removes every file `keep` says no row names (at open, while nothing writes a blob).
    pub(crate) async fn collect(&self, keep: impl Fn(&str) -> bool) -> io::Result<u32> {
        let dir = self.dir().await?;
        let mut removed = 0;
        for name in names(&dir).await? {
            if !keep(&name) {
                remove(&dir, &name).await?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// The store's blob directory, created if missing.
    async fn dir(&self) -> io::Result<FileSystemDirectoryHandle> {
        let scope: WorkerGlobalScope = js_sys::global()
            .dyn_into()
            .map_err(|_| io::Error::other("attachment files on OPFS need the store's dedicated worker"))?;
        let root: FileSystemDirectoryHandle = wait(scope.navigator().storage().get_directory()).await?;
        let create = FileSystemGetDirectoryOptions::new();
        create.set_create(true);
        let all: FileSystemDirectoryHandle = wait(root.get_directory_handle_with_options(ROOT, &create)).await?;
        wait(all.get_directory_handle_with_options(&self.name, &create)).await
    }
}

/// A blob file with its sync access handle, written or read from the start on. Dropped, it
/// closes the handle; a file being written that was never committed is doomed.
pub(crate) struct OpfsFile {
    handle: Option<FileSystemSyncAccessHandle>,
    name: String,
    at: u64,
    /// Set while a new file is unfinished: where it goes if dropped.
    doomed: Option<Arc<Mutex<Vec<String>>>>,
}

impl OpfsFile {
    /// The file's name, random: what the `blobs` row records.
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// Makes a new file durable and closes it; it is no longer doomed when dropped.
    pub(crate) fn commit(mut self) -> io::Result<()> {
        if let Some(handle) = self.handle.take() {
            handle.flush().map_err(js_io)?;
            handle.close();
        }
        self.doomed = None;
        Ok(())
    }

    fn options(&self) -> FileSystemReadWriteOptions {
        let options = FileSystemReadWriteOptions::new();
        options.set_at(self.at as f64);
        options
    }

    fn handle(&self) -> io::Result<&FileSystemSyncAccessHandle> {
        self.handle.as_ref().ok_or_else(|| io::Error::other("the attachment file is closed"))
    }
}

impl Write for OpfsFile {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let written = self.handle()?.write_with_u8_array_and_options(bytes, &self.options()).map_err(js_io)? as usize;
        self.at += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.handle()?.flush().map_err(js_io)
    }
}

impl Read for OpfsFile {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let read = self.handle()?.read_with_u8_array_and_options(out, &self.options()).map_err(js_io)? as usize;
        self.at += read as u64;
        Ok(read)
    }
}

impl Drop for OpfsFile {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.close();
        }
        if let Some(doomed) = self.doomed.take() {
            doomed.lock().push(std::mem::take(&mut self.name));
        }
    }
}

/// Removes entry `name` of `dir`; one that is not there is not an error.
async fn remove(dir: &FileSystemDirectoryHandle, name: &str) -> io::Result<()> {
    match wait::<JsValue>(dir.remove_entry(name)).await {
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other.map(drop),
    }
}

/// The names of the entries of `dir`.
async fn names(dir: &FileSystemDirectoryHandle) -> io::Result<Vec<String>> {
    let keys = dir.keys();
    let mut names = Vec::new();
    loop {
        let step: Object = wait(keys.next().map_err(js_io)?).await?;
        if Reflect::get(&step, &"done".into()).map_err(js_io)?.is_truthy() {
            return Ok(names);
        }
        names.extend(Reflect::get(&step, &"value".into()).map_err(js_io)?.as_string());
    }
}

/// Awaits `promise` and casts what it resolves to.
async fn wait<T: JsCast>(promise: js_sys::Promise) -> io::Result<T> {
    let value = JsFuture::from(promise).await.map_err(js_io)?;
    value.dyn_into().map_err(|_| io::Error::other("OPFS answered with an unexpected value"))
}

/// A JavaScript exception as an I/O error: `NotFoundError` as `NotFound`, a file open
/// elsewhere (`NoModificationAllowedError`) as `ResourceBusy`.
fn js_io(error: JsValue) -> io::Error {
    let name = Reflect::get(&error, &"name".into()).ok().and_then(|name| name.as_string()).unwrap_or_default();
    let message = Reflect::get(&error, &"message".into()).ok().and_then(|m| m.as_string()).unwrap_or_default();
    let kind = match name.as_str() {
        "NotFoundError" => io::ErrorKind::NotFound,
        "NoModificationAllowedError" => io::ErrorKind::ResourceBusy,
        _ => io::ErrorKind::Other,
    };
    io::Error::new(kind, format!("OPFS: {name}: {message}"))
}
