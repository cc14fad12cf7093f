//! Where blobs are kept: flat files named by their content hash, in a directory beside the
//! database (`<database path>-blobs/ab/abcdef…`), or in memory for a store with no file.
//!
//! A blob is written to `tmp/<random>.part`, synced, then renamed into place, so a crash
//! leaves either the whole blob or a `.part` file that [`BlobDir::clear_tmp`] removes, never a
//! partial blob under its name. Names are the caller's content hashes, checked to be 64
//! lowercase hex digits before any path is made of them: no name reaches outside the directory.

#[cfg(target_family = "wasm")]
use crate::blobs::opfs::{OpfsBlobs, OpfsFile};
use parking_lot::Mutex;
use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::sync::Arc;
#[cfg(not(target_family = "wasm"))]
use std::{
    fs::{self, File},
    path::{Path, PathBuf},
};

/// Where a store keeps blob files: a directory beside a file store (natively, or of OPFS in
/// the browser), memory for a store in memory; `None` when the directory cannot be made.
pub(crate) fn dir_for(path: Option<&str>) -> Option<BlobDir> {
    match path {
        None => Some(BlobDir::in_memory()),
        #[cfg(not(target_family = "wasm"))]
        Some(path) => BlobDir::open(Path::new(path)).ok(),
        #[cfg(target_family = "wasm")]
        Some(path) => Some(BlobDir::Opfs(OpfsBlobs::new(path))),
    }
}

/// What OPFS cannot do in a synchronous call (see `opfs.rs`).
#[cfg(target_family = "wasm")]
fn asynchronous_only() -> io::Error {
    io::Error::new(io::ErrorKind::Unsupported, "on OPFS this is asynchronous")
}

/// A blob's name: SHA-256 in lowercase hex.
const NAME_LEN: usize = 64;
#[cfg(not(target_family = "wasm"))]
const TMP: &str = "tmp";
#[cfg(not(target_family = "wasm"))]
const PART: &str = ".part";

/// Where a store keeps its blobs.
pub(crate) enum BlobDir {
    /// Files beside the database (native).
    #[cfg(not(target_family = "wasm"))]
    Disk(DiskBlobs),
    /// Blobs of a store with no file (`:memory:`), gone with it.
    Memory(MemoryBlobs),
    /// Files in the origin private file system (the browser), named at random.
    #[cfg(target_family = "wasm")]
    Opfs(OpfsBlobs),
}

impl BlobDir {
    /// The directory `<db_path>-blobs/`, created (with its `tmp/`) if missing. Its parent,
    /// the database's directory, must exist.
    #[cfg(not(target_family = "wasm"))]
    pub(crate) fn open(db_path: &Path) -> io::Result<Self> {
        DiskBlobs::open(db_path).map(Self::Disk)
    }

    /// An empty set of blobs in memory.
    pub(crate) fn in_memory() -> Self {
        Self::Memory(MemoryBlobs::default())
    }

    /// A new blob to write; it gets its name at [`PendingBlob::commit`].
    pub(crate) fn begin(&self) -> io::Result<PendingBlob> {
        match self {
            #[cfg(not(target_family = "wasm"))]
            Self::Disk(disk) => disk.begin().map(PendingBlob::Disk),
            Self::Memory(memory) => Ok(PendingBlob::Memory(memory.begin())),
            #[cfg(target_family = "wasm")]
            Self::Opfs(_) => Err(asynchronous_only()),
        }
    }

    /// [`BlobDir::begin`] where making a file waits (OPFS); the same elsewhere.
    pub(crate) async fn begin_async(&self) -> io::Result<PendingBlob> {
        match self {
            #[cfg(target_family = "wasm")]
            Self::Opfs(opfs) => opfs.create().await.map(PendingBlob::Opfs),
            _ => self.begin(),
        }
    }

    /// [`BlobDir::open_blob`] where opening a file waits (OPFS); the same elsewhere.
    pub(crate) async fn open_blob_async(&self, name: &str) -> io::Result<BlobReader> {
        match self {
            #[cfg(target_family = "wasm")]
            Self::Opfs(opfs) => opfs.open(name).await.map(BlobReader::Opfs),
            _ => self.open_blob(name),
        }
    }

    /// Whether a released file is removed after the commit that released it ([`BlobDir::remove`]
    /// only marks it; [`BlobDir::sweep`] removes it), not inside that transaction. Files
    /// named by their content must go inside it: a writer could otherwise bring the same
    /// content back under that name between the commit and the removal.
    pub(crate) fn removes_after_commit(&self) -> bool {
        #[cfg(target_family = "wasm")]
        if let Self::Opfs(_) = self {
            return true;
        }
        false
    }

    /// Removes the files marked since the last sweep, where removal waits (OPFS) and, with
    /// `orphans`, every file `recorded` does not name; nothing elsewhere.
    #[cfg_attr(not(target_family = "wasm"), allow(unused_variables))]
    pub(crate) async fn sweep(&self, orphans: bool, recorded: impl Fn(&str) -> bool) -> io::Result<u32> {
        match self {
            #[cfg(target_family = "wasm")]
            Self::Opfs(opfs) => {
                let swept = opfs.sweep().await?;
                Ok(swept + if orphans { opfs.collect(recorded).await? } else { 0 })
            }
            _ => Ok(0),
        }
    }

    /// The bytes of blob `name`; `NotFound` if there is none.
    pub(crate) fn open_blob(&self, name: &str) -> io::Result<BlobReader> {
        match self {
            #[cfg(not(target_family = "wasm"))]
            Self::Disk(disk) => File::open(disk.path(name)?).map(BlobReader::Disk),
            Self::Memory(memory) => memory.get(name).map(|bytes| BlobReader::Memory(io::Cursor::new(bytes))),
            #[cfg(target_family = "wasm")]
            Self::Opfs(_) => Err(asynchronous_only()),
        }
    }

    /// Whether blob `name` is committed.
    #[cfg_attr(not(test), allow(dead_code))] // for tests and maintenance
    pub(crate) fn exists(&self, name: &str) -> io::Result<bool> {
        match self {
            #[cfg(not(target_family = "wasm"))]
            Self::Disk(disk) => disk.path(name)?.try_exists(),
            Self::Memory(memory) => memory.get(name).map(|_| true).or_else(not_found_is(false)),
            #[cfg(target_family = "wasm")]
            Self::Opfs(_) => Err(asynchronous_only()),
        }
    }

    /// Deletes blob `name` (on OPFS, at the next [`BlobDir::sweep`]); one that is not there
    /// is not an error.
    pub(crate) fn remove(&self, name: &str) -> io::Result<()> {
        match self {
            #[cfg(not(target_family = "wasm"))]
            Self::Disk(disk) => fs::remove_file(disk.path(name)?).or_else(not_found_is(())),
            Self::Memory(memory) => memory.remove(name),
            #[cfg(target_family = "wasm")]
            Self::Opfs(opfs) => {
                opfs.doom(name);
                Ok(())
            }
        }
    }

    /// The stored size of blob `name` in bytes (sealed size in an encrypted store).
    #[cfg_attr(not(test), allow(dead_code))] // for tests and maintenance
    pub(crate) fn size(&self, name: &str) -> io::Result<u64> {
        match self {
            #[cfg(not(target_family = "wasm"))]
            Self::Disk(disk) => Ok(fs::metadata(disk.path(name)?)?.len()),
            Self::Memory(memory) => Ok(memory.get(name)?.len() as u64),
            #[cfg(target_family = "wasm")]
            Self::Opfs(_) => Err(asynchronous_only()),
        }
    }

    /// The name of every committed blob, sorted: what orphan collection compares with the
    /// database. Files that are not blobs are left out.
    pub(crate) fn names(&self) -> io::Result<Vec<String>> {
        match self {
            #[cfg(not(target_family = "wasm"))]
            Self::Disk(disk) => disk.names(),
            Self::Memory(memory) => Ok(memory.0.lock().keys().cloned().collect()),
            #[cfg(target_family = "wasm")]
            Self::Opfs(_) => Err(asynchronous_only()),
        }
    }

    /// Removes the `.part` files a crash left. Call it at store open, while no other writer
    /// can be writing a blob: it would delete that writer's file.
    pub(crate) fn clear_tmp(&self) -> io::Result<()> {
        match self {
            #[cfg(not(target_family = "wasm"))]
            Self::Disk(disk) => disk.clear_tmp(),
            // A pending blob in memory dies with its process; on OPFS it is an orphan like
            // any other file no row names (`sweep`).
            Self::Memory(_) => Ok(()),
            #[cfg(target_family = "wasm")]
            Self::Opfs(_) => Ok(()),
        }
    }

    /// Bytes taken by every file in the directory, blobs and `.part` files alike: the blobs'
    /// share of the store's size on disk.
    #[cfg_attr(not(test), allow(dead_code))] // for tests and maintenance
    pub(crate) fn total_bytes(&self) -> io::Result<u64> {
        match self {
            #[cfg(not(target_family = "wasm"))]
            Self::Disk(disk) => disk.total_bytes(),
            Self::Memory(memory) => Ok(memory.0.lock().values().map(|bytes| bytes.len() as u64).sum()),
            #[cfg(target_family = "wasm")]
            Self::Opfs(_) => Err(asynchronous_only()),
        }
    }
}

/// A blob being written. Dropped without [`PendingBlob::commit`], it leaves nothing behind.
pub(crate) enum PendingBlob {
    /// A `.part` file in `tmp/`.
    #[cfg(not(target_family = "wasm"))]
    Disk(PendingFile),
    /// Bytes in memory.
    Memory(PendingBytes),
    /// A file of OPFS under its final, random name.
    #[cfg(target_family = "wasm")]
    Opfs(OpfsFile),
}

impl PendingBlob {
    /// The name the blob has whatever its content (OPFS's random one), if it has one: what
    /// the `blobs` row must record instead of a name made from the content.
    pub(crate) fn fixed_name(&self) -> Option<&str> {
        match self {
            #[cfg(target_family = "wasm")]
            Self::Opfs(file) => Some(file.name()),
            _ => None,
        }
    }

    /// Makes the blob durable under `name`. A blob already there is kept and this one
    /// discarded: the same name is the same content.
    pub(crate) fn commit(self, name: &str) -> io::Result<()> {
        match self {
            #[cfg(not(target_family = "wasm"))]
            Self::Disk(file) => file.commit(name),
            Self::Memory(bytes) => bytes.commit(name),
            #[cfg(target_family = "wasm")]
            Self::Opfs(file) => file.commit(),
        }
    }
}

impl Write for PendingBlob {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        match self {
            #[cfg(not(target_family = "wasm"))]
            Self::Disk(pending) => pending.file.write(bytes),
            Self::Memory(pending) => pending.bytes.write(bytes),
            #[cfg(target_family = "wasm")]
            Self::Opfs(file) => file.write(bytes),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            #[cfg(not(target_family = "wasm"))]
            Self::Disk(pending) => pending.file.flush(),
            Self::Memory(_) => Ok(()),
            #[cfg(target_family = "wasm")]
            Self::Opfs(file) => file.flush(),
        }
    }
}

/// The bytes of a committed blob.
pub(crate) enum BlobReader {
    /// The blob's file.
    #[cfg(not(target_family = "wasm"))]
    Disk(File),
    /// A shared copy of the blob in memory.
    Memory(io::Cursor<Arc<[u8]>>),
    /// A file of OPFS.
    #[cfg(target_family = "wasm")]
    Opfs(OpfsFile),
}

impl Read for BlobReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        match self {
            #[cfg(not(target_family = "wasm"))]
            Self::Disk(file) => file.read(out),
            Self::Memory(cursor) => cursor.read(out),
            #[cfg(target_family = "wasm")]
            Self::Opfs(file) => file.read(out),
        }
    }
}

/// The blob directory of a store file.
#[cfg(not(target_family = "wasm"))]
pub(crate) struct DiskBlobs {
    root: PathBuf,
}

#[cfg(not(target_family = "wasm"))]
impl DiskBlobs {
    /// The directory is made at the first blob, so a store without attachments has none.
    fn open(db_path: &Path) -> io::Result<Self> {
        let mut root = db_path.as_os_str().to_owned();
        root.push("-blobs");
        Ok(Self { root: PathBuf::from(root) })
    }

    /// Where blob `name` lives, once `name` is known to be a blob's name.
    fn path(&self, name: &str) -> io::Result<PathBuf> {
        check_name(name)?;
        Ok(self.root.join(&name[..2]).join(name))
    }

    fn begin(&self) -> io::Result<PendingFile> {
        create_dir_if_missing(&self.root)?;
        create_dir_if_missing(&self.root.join(TMP))?;
        let mut random = [0u8; 16];
        crate::crypto::keys::fill_random(&mut random).map_err(io::Error::other)?;
        let path = self.root.join(TMP).join(format!("{}{PART}", crate::values::hex(&random)));
        let file = File::options().write(true).create_new(true).open(&path)?;
        Ok(PendingFile { file, temp: TempPath { path, armed: true }, root: self.root.clone() })
    }

    fn names(&self) -> io::Result<Vec<String>> {
        let mut names = Vec::new();
        if !self.root.exists() {
            return Ok(names);
        }
        for folder in fs::read_dir(&self.root)? {
            let folder = folder?;
            let prefix = folder.file_name();
            let Some(prefix) = prefix.to_str().filter(|prefix| is_lower_hex(prefix, 2)) else { continue };
            if !folder.file_type()?.is_dir() {
                continue;
            }
            for entry in fs::read_dir(folder.path())? {
                let entry = entry?;
                if let Some(name) = entry.file_name().to_str()
                    && check_name(name).is_ok()
                    && name.starts_with(prefix)
                    && entry.file_type()?.is_file()
                {
                    names.push(name.to_owned());
                }
            }
        }
        names.sort_unstable();
        Ok(names)
    }

    fn clear_tmp(&self) -> io::Result<()> {
        if !self.root.join(TMP).exists() {
            return Ok(());
        }
        for entry in fs::read_dir(self.root.join(TMP))? {
            let entry = entry?;
            if entry.file_name().to_str().is_some_and(|name| name.ends_with(PART)) && entry.file_type()?.is_file() {
                fs::remove_file(entry.path()).or_else(not_found_is(()))?;
            }
        }
        Ok(())
    }

    #[cfg_attr(not(test), allow(dead_code))] // for tests and maintenance
    fn total_bytes(&self) -> io::Result<u64> {
        let mut total = 0;
        if !self.root.exists() {
            return Ok(total);
        }
        for entry in fs::read_dir(&self.root)? {
            let entry = entry?;
            if entry.file_type()?.is_dir() {
                for file in fs::read_dir(entry.path())? {
                    total += file?.metadata()?.len();
                }
            } else {
                total += entry.metadata()?.len();
            }
        }
        Ok(total)
    }
}

/// A blob being written to a `.part` file.
#[cfg(not(target_family = "wasm"))]
pub(crate) struct PendingFile {
    file: File,
    temp: TempPath,
    root: PathBuf,
}

#[cfg(not(target_family = "wasm"))]
impl PendingFile {
    fn commit(self, name: &str) -> io::Result<()> {
        check_name(name)?;
        let Self { mut file, temp, root } = self;
        file.flush()?;
        file.sync_all()?;
        // Closed before the rename: Windows renames no open file.
        drop(file);
        let folder = root.join(&name[..2]);
        let new_folder = create_dir_if_missing(&folder)?;
        let target = folder.join(name);
        // Two writers of the same content may race past this check; whichever rename lands
        // last wins, and both files hold the same blob.
        if target.try_exists()? {
            return Ok(());
        }
        if let Err(error) = fs::rename(&temp.path, &target) {
            // Windows will not replace a file: someone committed the same blob meanwhile.
            return if target.try_exists()? { Ok(()) } else { Err(error) };
        }
        temp.keep();
        sync_dir(&folder)?;
        if new_folder { sync_dir(&root) } else { Ok(()) }
    }
}

/// A temporary file, deleted when dropped unless it was renamed into place.
#[cfg(not(target_family = "wasm"))]
struct TempPath {
    path: PathBuf,
    armed: bool,
}

#[cfg(not(target_family = "wasm"))]
impl TempPath {
    fn keep(mut self) {
        self.armed = false;
    }
}

#[cfg(not(target_family = "wasm"))]
impl Drop for TempPath {
    fn drop(&mut self) {
        if self.armed {
            // Best effort: a file left behind is removed by the next `clear_tmp`.
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Blobs in memory, shared by every handle of one store.
#[derive(Default)]
pub(crate) struct MemoryBlobs(Arc<Mutex<BTreeMap<String, Arc<[u8]>>>>);

impl MemoryBlobs {
    fn begin(&self) -> PendingBytes {
        PendingBytes { bytes: Vec::new(), blobs: Arc::clone(&self.0) }
    }

    fn get(&self, name: &str) -> io::Result<Arc<[u8]>> {
        check_name(name)?;
        let found = self.0.lock().get(name).cloned();
        found.ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such blob"))
    }

    fn remove(&self, name: &str) -> io::Result<()> {
        check_name(name)?;
        self.0.lock().remove(name);
        Ok(())
    }
}

/// A blob being written to memory.
pub(crate) struct PendingBytes {
    bytes: Vec<u8>,
    blobs: Arc<Mutex<BTreeMap<String, Arc<[u8]>>>>,
}

impl PendingBytes {
    fn commit(self, name: &str) -> io::Result<()> {
        check_name(name)?;
        self.blobs.lock().entry(name.to_owned()).or_insert_with(|| self.bytes.into());
        Ok(())
    }
}

/// Refuses anything but 64 lowercase hex digits, before a path is made of it.
fn check_name(name: &str) -> io::Result<()> {
    if is_lower_hex(name, NAME_LEN) {
        Ok(())
    } else {
        Err(io::Error::new(io::ErrorKind::InvalidInput, "a blob's name is 64 lowercase hex digits"))
    }
}

fn is_lower_hex(text: &str, len: usize) -> bool {
    text.len() == len && text.bytes().all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'))
}

/// For `or_else`: `NotFound` means `value`, any other error stays one.
fn not_found_is<T: Copy>(value: T) -> impl Fn(io::Error) -> io::Result<T> {
    move |error| if error.kind() == io::ErrorKind::NotFound { Ok(value) } else { Err(error) }
}

/// Creates directory `path`; whether it was new.
#[cfg(not(target_family = "wasm"))]
fn create_dir_if_missing(path: &Path) -> io::Result<bool> {
    match fs::create_dir(path) {
        Ok(()) => Ok(true),
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => Ok(false),
        Err(error) => Err(error),
    }
}

/// Makes the entries of directory `path` durable (a rename into it, a folder made in it).
#[cfg(all(unix, not(target_family = "wasm")))]
fn sync_dir(path: &Path) -> io::Result<()> {
    File::open(path)?.sync_all()
}

/// Windows cannot open a directory to sync it through std; NTFS journals the rename itself.
#[cfg(all(not(unix), not(target_family = "wasm")))]
fn sync_dir(_path: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAME: &str = "ab00000000000000000000000000000000000000000000000000000000000001";
    const OTHER: &str = "cd00000000000000000000000000000000000000000000000000000000000002";

    fn put(blobs: &BlobDir, name: &str, bytes: &[u8]) {
        let mut pending = blobs.begin().unwrap();
        pending.write_all(bytes).unwrap();
        pending.commit(name).unwrap();
    }

    fn get(blobs: &BlobDir, name: &str) -> Vec<u8> {
        let mut bytes = Vec::new();
        blobs.open_blob(name).unwrap().read_to_end(&mut bytes).unwrap();
        bytes
    }

    /// `check` against a blob directory of each kind, each new and empty.
    fn each_kind(check: impl Fn(&BlobDir)) {
        check(&BlobDir::in_memory());
        #[cfg(not(target_family = "wasm"))]
        {
            let dir = tempfile::tempdir().unwrap();
            check(&BlobDir::open(&dir.path().join("store.db")).unwrap());
        }
    }

    #[test]
    fn committed_blobs_read_back_and_are_listed() {
        each_kind(|blobs| {
            assert_eq!(blobs.names().unwrap(), Vec::<String>::new());
            put(blobs, OTHER, b"second");
            put(blobs, NAME, b"first");
            assert_eq!(get(blobs, NAME), b"first");
            assert!(blobs.exists(NAME).unwrap());
            assert_eq!(blobs.size(OTHER).unwrap(), 6);
            assert_eq!(blobs.names().unwrap(), [NAME, OTHER]);
            assert_eq!(blobs.total_bytes().unwrap(), 11);
            put(blobs, "ef".repeat(32).as_str(), b"");
            assert_eq!(blobs.size(&"ef".repeat(32)).unwrap(), 0, "an empty blob is a blob");
        });
    }

    #[test]
    fn removing_forgets_a_blob_and_a_missing_one_is_fine() {
        each_kind(|blobs| {
            put(blobs, NAME, b"bytes");
            blobs.remove(NAME).unwrap();
            assert!(!blobs.exists(NAME).unwrap());
            blobs.remove(NAME).unwrap();
            assert_eq!(blobs.open_blob(NAME).err().map(|error| error.kind()), Some(io::ErrorKind::NotFound));
            assert_eq!(blobs.size(NAME).err().map(|error| error.kind()), Some(io::ErrorKind::NotFound));
            assert_eq!(blobs.total_bytes().unwrap(), 0);
        });
    }

    #[test]
    fn committing_a_name_twice_keeps_the_first_blob() {
        each_kind(|blobs| {
            put(blobs, NAME, b"first");
            put(blobs, NAME, b"again");
            assert_eq!(get(blobs, NAME), b"first");
            assert_eq!(blobs.names().unwrap(), [NAME]);
            assert_eq!(blobs.total_bytes().unwrap(), 5, "no pending file left either");
            blobs.clear_tmp().unwrap();
            assert_eq!(get(blobs, NAME), b"first", "clear_tmp leaves committed blobs alone");
        });
    }

    #[test]
    fn hostile_names_are_refused_before_any_file_is_touched() {
        let uppercase = "AB".repeat(32);
        let hostile =
            ["../x", &uppercase, &"a".repeat(63), &"a".repeat(65), &format!("{}\0", "a".repeat(63)), "", "ab/../../x"];
        each_kind(|blobs| {
            for name in hostile {
                let invalid = |result: io::Result<()>| result.err().map(|error| error.kind());
                let refused = Some(io::ErrorKind::InvalidInput);
                assert_eq!(invalid(blobs.open_blob(name).map(drop)), refused, "{name:?}");
                assert_eq!(invalid(blobs.exists(name).map(drop)), refused, "{name:?}");
                assert_eq!(invalid(blobs.remove(name)), refused, "{name:?}");
                assert_eq!(invalid(blobs.size(name).map(drop)), refused, "{name:?}");
                let mut pending = blobs.begin().unwrap();
                pending.write_all(b"payload").unwrap();
                assert_eq!(invalid(pending.commit(name)), refused, "{name:?}");
            }
            assert_eq!(blobs.names().unwrap(), Vec::<String>::new());
            assert_eq!(blobs.total_bytes().unwrap(), 0, "refused blobs left no file");
        });
    }

    #[cfg(not(target_family = "wasm"))]
    mod disk {
        use super::*;

        fn files_in(dir: &Path) -> Vec<String> {
            let mut names: Vec<String> =
                fs::read_dir(dir).unwrap().map(|entry| entry.unwrap().file_name().into_string().unwrap()).collect();
            names.sort();
            names
        }

        #[test]
        fn blobs_live_beside_the_database_in_fan_out_folders() {
            let dir = tempfile::tempdir().unwrap();
            let blobs = BlobDir::open(&dir.path().join("store.db")).unwrap();
            put(&blobs, NAME, b"bytes");
            let root = dir.path().join("store.db-blobs");
            assert_eq!(files_in(&root), ["ab", "tmp"]);
            assert_eq!(fs::read(root.join("ab").join(NAME)).unwrap(), b"bytes");
            assert_eq!(files_in(&root.join("tmp")), Vec::<String>::new(), "renamed, not copied");
            drop(blobs);
            let reopened = BlobDir::open(&dir.path().join("store.db")).unwrap();
            assert_eq!(get(&reopened, NAME), b"bytes", "kept across opens");
        }

        #[test]
        fn a_pending_blob_dropped_or_refused_leaves_no_file() {
            let dir = tempfile::tempdir().unwrap();
            let blobs = BlobDir::open(&dir.path().join("store.db")).unwrap();
            let tmp = dir.path().join("store.db-blobs").join(TMP);
            let mut pending = blobs.begin().unwrap();
            pending.write_all(&[7; 100_000]).unwrap();
            assert_eq!(files_in(&tmp).len(), 1, "written to tmp/ meanwhile");
            drop(pending);
            assert_eq!(files_in(&tmp), Vec::<String>::new());
            let mut refused = blobs.begin().unwrap();
            refused.write_all(b"x").unwrap();
            assert!(refused.commit("../escape").is_err());
            assert_eq!(files_in(&tmp), Vec::<String>::new());
            assert_eq!(files_in(dir.path()), ["store.db-blobs"], "nothing escaped");
        }

        #[test]
        fn clear_tmp_removes_what_a_crash_left_and_only_that() {
            let dir = tempfile::tempdir().unwrap();
            let blobs = BlobDir::open(&dir.path().join("store.db")).unwrap();
            put(&blobs, NAME, b"kept");
            // A process killed mid-write never runs its destructors.
            let mut crashed = blobs.begin().unwrap();
            crashed.write_all(b"half a blob").unwrap();
            std::mem::forget(crashed);
            let tmp = dir.path().join("store.db-blobs").join(TMP);
            assert_eq!(files_in(&tmp).len(), 1);
            assert_eq!(blobs.total_bytes().unwrap(), 4 + 11, "counted while it is there");
            blobs.clear_tmp().unwrap();
            assert_eq!(files_in(&tmp), Vec::<String>::new());
            assert_eq!(blobs.names().unwrap(), [NAME]);
            assert_eq!(get(&blobs, NAME), b"kept");
        }

        #[test]
        fn names_lists_blobs_only() {
            let dir = tempfile::tempdir().unwrap();
            let blobs = BlobDir::open(&dir.path().join("store.db")).unwrap();
            put(&blobs, NAME, b"blob");
            let root = dir.path().join("store.db-blobs");
            fs::write(root.join("ab").join("notes.txt"), b"x").unwrap();
            fs::write(root.join("ab").join(OTHER), b"in the wrong folder").unwrap();
            fs::write(root.join(NAME), b"not in a folder").unwrap();
            fs::create_dir(root.join("zz")).unwrap();
            assert_eq!(blobs.names().unwrap(), [NAME]);
        }

        #[test]
        fn a_sealed_blob_renamed_onto_another_name_does_not_open() {
            use crate::blobs::sealed::{BlobUnsealed, OpenReader, SealWriter};
            use crate::crypto::keys::SecretKey;
            let dir = tempfile::tempdir().unwrap();
            let blobs = BlobDir::open(&dir.path().join("store.db")).unwrap();
            let key = SecretKey::random().unwrap();
            for name in [NAME, OTHER] {
                let mut writer = SealWriter::new(blobs.begin().unwrap(), &key, name.as_bytes()).unwrap();
                writer.write_all(name.as_bytes()).unwrap();
                writer.finish().unwrap().commit(name).unwrap();
            }
            let open = |name: &str| -> io::Result<Vec<u8>> {
                let mut plain = Vec::new();
                let file = blobs.open_blob(name)?;
                OpenReader::new(file, std::slice::from_ref(&key), name.as_bytes())?.read_to_end(&mut plain)?;
                Ok(plain)
            };
            assert_eq!(open(NAME).unwrap(), NAME.as_bytes());
            let root = dir.path().join("store.db-blobs");
            fs::rename(root.join("ab").join(NAME), root.join("cd").join(OTHER)).unwrap();
            let error = open(OTHER).unwrap_err();
            assert_eq!(BlobUnsealed::of(&error), Some(&BlobUnsealed::Forged));
        }
    }
}
