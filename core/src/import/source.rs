//! Where an export's bytes come from: a file or bytes in memory, holding either the JSON
//! itself or the `.zip` a person downloads (its `conversations.json`, and image files beside
//! it). The JSON can be opened as often as needed (it is read twice: checked, then imported),
//! and images are hashed streaming, so nothing here holds more than a buffer.

use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader, Cursor, Read, Seek};
use zip::ZipArchive;

/// An export to import: a file, or its bytes (in the browser, which has no file system for
/// the store to read).
#[derive(Debug, Clone, Copy)]
pub enum ChatExport<'a> {
    /// A file: the JSON, or the `.zip` as downloaded.
    File(&'a str),
    /// The bytes of the JSON, or of the `.zip`.
    Bytes(&'a [u8]),
}

/// Read buffers: large enough that a 100 MB file is a few thousand reads.
const BUFFER: usize = 256 << 10;
/// A zip entry that inflates more than this many times its stored size (and to more than
/// [`BOMB_MIN`]) is refused: deflate tops out near 1,032 to 1 on a run of one byte, while
/// real exports compress 5 to 20 times (JSON of repeated text, at most about 100).
const BOMB_RATIO: u64 = 500;
const BOMB_MIN: u64 = 1 << 20;

/// A source of bytes a zip can be read from.
pub(super) trait ReadSeek: Read + Seek {}
impl<T: Read + Seek> ReadSeek for T {}

/// An export's zip, open for reading entries.
pub(super) type ZipReader<'a> = ZipArchive<Box<dyn ReadSeek + 'a>>;
type Archive<'a> = ZipReader<'a>;

/// An opened export: where its JSON is, and (in a zip) which entries hold which images.
pub(super) struct Export<'a> {
    source: ChatExport<'a>,
    zip: Option<ZipIndex>,
    /// Bytes of the JSON (the declared size of a zip entry).
    pub(super) json_len: u64,
}

struct ZipIndex {
    json: usize,
    /// Every file entry by its base name, sorted, for images named after their file id.
    names: Vec<(String, usize)>,
}

/// An image found in the zip: the entry's base name, size and SHA-256.
pub(super) struct FoundFile {
    pub(super) name: String,
    pub(super) size: u64,
    pub(super) sha256: String,
}

fn file_error(reason: impl Into<String>) -> Error {
    Error::invalid("file", reason.into())
}

impl<'a> Export<'a> {
    /// Opens `source`: a zip when it starts as one, else the JSON itself.
    pub(super) fn open(source: ChatExport<'a>) -> Result<Self> {
        let mut head = [0u8; 4];
        let read = read_up_to(&mut raw(source)?, &mut head)?;
        if read == 4 && (head == *b"PK\x03\x04" || head == *b"PK\x05\x06") {
            let mut archive = archive(source)?;
            let json = find_conversations(&archive)?;
            let entry = archive.by_index_raw(json).map_err(|error| file_error(format!("is a damaged zip: {error}")))?;
            let (size, compressed) = (entry.size(), entry.compressed_size());
            drop(entry);
            if size > BOMB_MIN && size / compressed.max(1) > BOMB_RATIO {
                return Err(file_error(format!(
                    "conversations.json would inflate {} times, to {size} bytes: not an export (a zip bomb?)",
                    size / compressed.max(1)
                )));
            }
            let mut names: Vec<(String, usize)> = archive
                .file_names_raw()
                .enumerate()
                .filter(|(_, name)| !name.ends_with(b"/"))
                .map(|(index, name)| (String::from_utf8_lossy(base_name(name)).into_owned(), index))
                .collect();
            names.sort();
            return Ok(Self { source, zip: Some(ZipIndex { json, names }), json_len: size });
        }
        let json_len = match source {
            ChatExport::File(path) => {
                std::fs::metadata(path).map(|meta| meta.len()).map_err(|error| io_error(&error))?
            }
            ChatExport::Bytes(bytes) => bytes.len() as u64,
        };
        Ok(Self { source, zip: None, json_len })
    }

    /// Whether the export is a zip (which may hold the images).
    pub(super) fn is_zip(&self) -> bool {
        self.zip.is_some()
    }

    /// A reader of the JSON from its start, to be read within `open`'s borrow of `archive`:
    /// call [`Export::archive`] first and hand it here.
    pub(super) fn json<'b>(&self, archive: &'b mut Option<Archive<'a>>) -> Result<Box<dyn BufRead + 'b>>
    where
        'a: 'b,
    {
        match (&self.zip, archive) {
            (Some(zip), Some(archive)) => {
                let entry =
                    archive.by_index(zip.json).map_err(|error| file_error(format!("is a damaged zip: {error}")))?;
                let declared = entry.size();
                Ok(Box::new(BufReader::with_capacity(BUFFER, Capped { inner: entry, left: declared })))
            }
            _ => Ok(Box::new(BufReader::with_capacity(BUFFER, raw(self.source)?))),
        }
    }

    /// The archive to read from (a fresh one, so the JSON and images can be read at once);
    /// `None` for plain JSON.
    pub(super) fn archive(&self) -> Result<Option<Archive<'a>>> {
        match self.zip {
            Some(_) => archive(self.source).map(Some),
            None => Ok(None),
        }
    }

    /// The image whose file id is `file_id` (ChatGPT names an image after the id in its
    /// asset pointer: `file-abc123-photo.png`), hashed; `Ok(None)` when the zip holds no such
    /// file. A plain JSON export holds none.
    pub(super) fn image(&self, archive: &mut Option<Archive<'a>>, file_id: &str) -> Result<Option<FoundFile>, String> {
        let (Some(zip), Some(archive)) = (&self.zip, archive) else { return Ok(None) };
        if file_id.is_empty() {
            return Ok(None);
        }
        let start = zip.names.partition_point(|(name, _)| name.as_str() < file_id);
        let found = zip.names[start..]
            .iter()
            .take_while(|(name, _)| name.starts_with(file_id))
            .find(|(name, _)| matches!(name.as_bytes().get(file_id.len()), None | Some(b'-' | b'.')));
        let Some((name, index)) = found else { return Ok(None) };
        let mut entry = archive.by_index(*index).map_err(|error| format!("its entry is unreadable: {error}"))?;
        let (size, compressed) = (entry.size(), entry.compressed_size());
        if size > BOMB_MIN && size / compressed.max(1) > BOMB_RATIO {
            return Err(format!("its entry would inflate {} times (a zip bomb?)", size / compressed.max(1)));
        }
        let mut hasher = Sha256::new();
        let mut buffer = vec![0u8; 64 << 10];
        let mut total = 0u64;
        loop {
            let read = match entry.read(&mut buffer) {
                Ok(0) => break,
                Ok(read) => read,
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(format!("its entry is unreadable: {error}")),
            };
            total += read as u64;
            if total > size {
                return Err("its entry inflates past its declared size".into());
            }
            hasher.update(&buffer[..read]);
        }
        let sha256 = hasher.finalize().iter().map(|byte| format!("{byte:02x}")).collect();
        Ok(Some(FoundFile { name: name.clone(), size: total, sha256 }))
    }
}

/// The source's bytes from the start, as they are (the zip itself for a zip).
fn raw<'a>(source: ChatExport<'a>) -> Result<Box<dyn ReadSeek + 'a>> {
    match source {
        ChatExport::File(path) => {
            let file = std::fs::File::open(path).map_err(|error| io_error(&error))?;
            if file.metadata().is_ok_and(|meta| meta.is_dir()) {
                return Err(file_error("is a directory"));
            }
            Ok(Box::new(BufReader::with_capacity(BUFFER, file)))
        }
        ChatExport::Bytes(bytes) => Ok(Box::new(Cursor::new(bytes))),
    }
}

fn archive<'a>(source: ChatExport<'a>) -> Result<Archive<'a>> {
    ZipArchive::new(raw(source)?).map_err(|error| file_error(format!("is not a readable zip: {error}")))
}

/// The `conversations.json` of the archive: the one nearest its root.
fn find_conversations(archive: &Archive<'_>) -> Result<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (index, name) in archive.file_names_raw().enumerate() {
        if base_name(name) == b"conversations.json" {
            let depth = name.iter().filter(|&&byte| byte == b'/').count();
            if best.is_none_or(|(_, shallowest)| depth < shallowest) {
                best = Some((index, depth));
            }
        }
    }
    // file_names() follows the central directory's order, which by_index uses too.
    best.map(|(index, _)| index).ok_or_else(|| file_error("is a zip without conversations.json"))
}

/// The last part of a zip entry's name.
fn base_name(name: &[u8]) -> &[u8] {
    name.rsplit(|&byte| byte == b'/').next().unwrap_or(name)
}

fn read_up_to(reader: &mut dyn Read, buf: &mut [u8]) -> Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(io_error(&error)),
        }
    }
    Ok(filled)
}

fn io_error(error: &std::io::Error) -> Error {
    file_error(format!("cannot be read: {error}"))
}

/// A zip entry read no further than its declared size: an entry that inflates past it is an
/// error, not an endless stream.
struct Capped<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        if read as u64 > self.left {
            return Err(std::io::Error::other("conversations.json inflates past its declared size"));
        }
        self.left -= read as u64;
        Ok(read)
    }
}
