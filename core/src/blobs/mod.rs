//! The bytes of attachments, kept as files beside the database rather than in it: SQLite
//! holds the metadata, and a blob of many megabytes never passes through a page or a
//! transaction.
//!
//! - `files`: the blob directory, content-addressed (a blob's name is its SHA-256 in hex),
//!   written through a temporary file renamed into place, on disk or in memory; in the
//!   browser through `opfs`, files of the origin private file system named at random.
//! - `sealed`: the format of a blob in an encrypted store, AES-256-GCM in 64 KiB segments,
//!   sealed and opened as it streams. A plaintext store writes the bytes as they are.
//! - `stored`: attachments' bytes in and out of the store through both, and collecting the
//!   files nothing holds.

pub(crate) mod files;
#[cfg(target_family = "wasm")]
pub(crate) mod opfs;
pub(crate) mod sealed;
pub(crate) mod stored;
