//! SQLite3 Multiple Ciphers, compiled from the `sqlite3mc-src` amalgamation by this crate's
//! build script, for native targets.
//!
//! rusqlite's `libsqlite3-sys` is built with its `in_gecko` feature: it brings bindings but
//! no SQLite and no link flags. This crate brings the C library instead. A crate that uses
//! rusqlite natively must name it (`use unified_store_sqlite3mc as _;`), or the link fails
//! with undefined `sqlite3_*` symbols: there is no silent fallback to a system SQLite
//! without encryption.
//!
//! The `-D` flags are those of libsqlite3-sys's bundled build (so SQLite behaves as it did
//! before encryption), plus an explicit `SQLITE_TEMP_STORE` (temporary files are never
//! encrypted by SQLite3 Multiple Ciphers, so they stay in memory) and, on x86_64, the
//! instruction sets its AES and AEGIS code is written for.

#![no_std]
