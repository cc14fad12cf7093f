//! Page-level encryption of a store file with SQLite3 Multiple Ciphers, the same amalgamation
//! natively (crate `unified-store-sqlite3mc`) and in the browser (sqlite-wasm-rs's `sqlite3mc`
//! feature), so a file written on one side opens on the other.
//!
//! Every page of the database and of its WAL is encrypted and authenticated with the store's
//! raw 32-byte data key; the key hierarchy above it (a key-encryption key, the key file) is
//! not this module's business. [`key`] is all a connection needs: the cipher and its
//! parameters set explicitly (never SQLite3 Multiple Ciphers' defaults, which a build may
//! change), then the key in its raw form, which bypasses key derivation, then a read of the
//! schema, which is where a wrong key shows ("file is not a database") before anything is
//! written.

use rusqlite::{Connection, ErrorCode};
use std::fmt::Write as _;

/// Length of a data key in bytes.
pub(crate) const KEY_LEN: usize = 32;

/// A store's raw data key: 32 random bytes. Kept by the caller; this module only lends it to
/// SQLite.
pub(crate) type RawKey = [u8; KEY_LEN];

/// A cipher scheme: `(pragma, value)` pairs run in order, each answered with the value given
/// back (SQLite3 Multiple Ciphers echoes a setting it took).
pub(crate) type Scheme = &'static [(&'static str, &'static str)];

/// The cipher scheme of every encrypted store. See docs/decisions.md, "Encryption at rest:
/// the page cipher", for why this scheme.
const SCHEME: Scheme = &[
    // The cipher first: the parameters below are the current cipher's. ChaCha20-Poly1305: the
    // fastest scheme without AES instructions, which WebAssembly lacks (AEGIS-256 is faster
    // only with them, and 6-30 times slower without).
    ("cipher", "chacha20"),
    // sqlite3mc's own format (salt in bytes 0-15 of the file, bytes 16-23 of SQLite's header
    // left readable so either page size is found), not sqleet's legacy one.
    ("legacy", "0"),
    // No plaintext header: the whole of page 1 past the salt is encrypted.
    ("plaintext_header_size", "0"),
    // WAL frames in the current format (2.x), not the 1.x one.
    ("mc_legacy_wal", "0"),
];

/// The name of [`SCHEME`]'s cipher, as the key file records it.
pub(crate) const CIPHER: &str = SCHEME[0].1;

/// Why a file could not be keyed, opened with a key, or rewritten.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CipherError {
    /// The key does not decrypt the file. SQLite cannot tell a wrong key from a file that is
    /// not a database, or a plaintext one: each reads as noise.
    #[error("the key does not open this file (a wrong key, or not an encrypted store)")]
    WrongKey,
    /// SQLite refused to encrypt this connection: an in-memory database, or a VFS without
    /// SQLite3 Multiple Ciphers' wrapper (on OPFS, the raw `opfs-sahpool`). Fatal: carrying on
    /// would write plaintext.
    #[error("cannot encrypt this database: {0}")]
    Unsupported(String),
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

type Result<T, E = CipherError> = std::result::Result<T, E>;

/// Keys `conn`, just opened on a file and not yet read, with `key`, and proves the key opens
/// the file by reading its schema. A new (empty) file is encrypted from its first write.
///
/// Errors: [`CipherError::WrongKey`] when the file does not decrypt (nothing was written);
/// [`CipherError::Unsupported`] when SQLite will not encrypt this connection.
pub(crate) fn key(conn: &Connection, key: &RawKey) -> Result<()> {
    configure(conn)?;
    let mut statement = String::with_capacity(20 + 2 * KEY_LEN);
    statement.push_str("PRAGMA key = 'raw:");
    push_hex(&mut statement, key);
    statement.push('\'');
    let answer = conn.query_row(&statement, [], |row| row.get::<_, String>(0));
    wipe(statement);
    match answer {
        Ok(ok) if ok == "ok" => {}
        Ok(other) => return Err(CipherError::Unsupported(other)),
        Err(error) => return Err(unsupported(error)),
    }
    verify(conn)
}

/// Re-encrypts the whole database `conn` is open on (keyed with its current key, if any, and
/// in a rollback-journal mode) under `to`, or decrypts it with `None`: SQLite3 Multiple
/// Ciphers rewrites every page in one transaction. Used only on a copy nobody else has open.
pub(crate) fn rekey(conn: &Connection, to: Option<&RawKey>) -> Result<()> {
    configure(conn)?;
    // Sized up front: a growing String would leave freed copies of the key behind.
    let mut statement = String::with_capacity(24 + 2 * KEY_LEN);
    statement.push_str("PRAGMA rekey = '");
    if let Some(to) = to {
        statement.push_str("raw:");
        push_hex(&mut statement, to);
    }
    statement.push('\'');
    let answer = conn.query_row(&statement, [], |row| row.get::<_, String>(0));
    wipe(statement);
    match answer {
        Ok(ok) if ok == "ok" => Ok(()),
        Ok(other) => Err(CipherError::Unsupported(other)),
        Err(error) => Err(unsupported(error)),
    }
}

/// Whether `conn`, just opened on a file that exists and keyed with `key` (`None`: not keyed),
/// reads it: `false` when the file is encrypted otherwise (or is not a database at all).
pub(crate) fn opens(conn: &Connection, key: Option<&RawKey>) -> Result<bool> {
    let keyed = match key {
        Some(key) => self::key(conn, key),
        None => read_schema(conn),
    };
    match keyed {
        Ok(()) => Ok(true),
        Err(CipherError::WrongKey) => Ok(false),
        Err(other) => Err(other),
    }
}

/// Reads the schema: [`CipherError::WrongKey`] if the connection's key (or none) does not
/// decrypt the file.
fn read_schema(conn: &Connection) -> Result<()> {
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get::<_, i64>(0)).map_err(
        |error| match error.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => CipherError::WrongKey,
            _ => CipherError::Sqlite(error),
        },
    )?;
    Ok(())
}

/// Another scheme for the connections keyed after this call, or [`SCHEME`] again with `None`:
/// for measurements only (core/benches/encryption.rs compares the ciphers SQLite3 Multiple
/// Ciphers offers on the same workload). Process-wide; a store keys its connections when it
/// opens, so set it before opening. Feature `test-hooks`, never in a shipped build.
#[cfg(feature = "test-hooks")]
#[doc(hidden)]
pub fn use_scheme_for_measurement(scheme: Option<&'static [(&'static str, &'static str)]>) {
    *SCHEME_FOR_MEASUREMENT.write() = scheme;
}

#[cfg(feature = "test-hooks")]
static SCHEME_FOR_MEASUREMENT: parking_lot::RwLock<Option<Scheme>> = parking_lot::RwLock::new(None);

/// The scheme to key with: [`SCHEME`], unless a measurement chose another.
fn scheme() -> Scheme {
    #[cfg(feature = "test-hooks")]
    if let Some(scheme) = *SCHEME_FOR_MEASUREMENT.read() {
        return scheme;
    }
    SCHEME
}

/// Sets the cipher and its parameters, checking SQLite took each.
fn configure(conn: &Connection) -> Result<()> {
    for (pragma, value) in scheme() {
        let answer: String =
            conn.query_row(&format!("PRAGMA {pragma} = '{value}'"), [], |row| row.get(0)).map_err(unsupported)?;
        if answer != *value {
            return Err(CipherError::Unsupported(format!("PRAGMA {pragma} = '{value}' answered '{answer}'")));
        }
    }
    Ok(())
}

/// Reads the schema (a wrong key fails here) and checks that the connection really encrypts:
/// SQLite3 Multiple Ciphers reports a cipher salt only for a database it encrypts.
fn verify(conn: &Connection) -> Result<()> {
    read_schema(conn)?;
    conn.query_row("PRAGMA cipher_salt", [], |row| row.get::<_, String>(0)).map_err(unsupported)?;
    Ok(())
}

/// A pragma SQLite3 Multiple Ciphers refused, as [`CipherError::Unsupported`] with its message.
fn unsupported(error: rusqlite::Error) -> CipherError {
    match error {
        rusqlite::Error::SqliteFailure(_, Some(message)) => CipherError::Unsupported(message),
        other => CipherError::Unsupported(other.to_string()),
    }
}

fn push_hex(out: &mut String, bytes: &[u8]) {
    for byte in bytes {
        // Writing to a String cannot fail.
        let _ = write!(out, "{byte:02x}");
    }
}

/// Overwrites `text` (which held key material) before freeing it. Best effort: SQLite keeps
/// no copy of a statement once it is finalized, but frees its memory without clearing it.
fn wipe(text: String) {
    let mut bytes = text.into_bytes();
    bytes.fill(0);
    std::hint::black_box(&bytes);
}

#[cfg(test)]
mod tests;
