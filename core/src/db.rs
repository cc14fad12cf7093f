//! The connections of a store: opening (the file decided on before anything writes to it),
//! pragmas, migrations, and access through closures (`read`, `write`) so that every write is
//! one transaction.
//!
//! One writer connection serialises writes. A file store on a native platform also keeps
//! [`READERS`] read connections in WAL mode, so a long search or a read during an import never
//! waits behind the writer; an in-memory or OPFS store has the one connection for both.

use crate::cipher::{self, RawKey};
use crate::content::tokenizer;
use crate::crypto::held::Keys;
use crate::crypto::keys::SecretKey;
use crate::crypto::unlock::{Unlocked, unlock};
use crate::error::{Error, Result, StoreError};
use crate::files::open_file;
use crate::ids::now_ms;
use crate::model::{Durability, StoreConfig};
use crate::schema::rules::shown;
use parking_lot::{Mutex, MutexGuard};

mod rewrite;
pub(crate) use rewrite::Target;
use rusqlite::config::DbConfig;
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, Transaction, TransactionBehavior};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};

/// The schema migrations, in order, from `migrations/` (listed by build.rs); the schema
/// version is how many have run.
const MIGRATIONS: &[&str] = include!(concat!(env!("OUT_DIR"), "/migrations.rs"));

/// The schema version this build creates and understands.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Marks a SQLite file as a unified-store (`PRAGMA application_id`, "USTR"), so a file of
/// another application is refused before anything is written to it.
pub(crate) const APPLICATION_ID: i32 = 0x5553_5452;

/// Read connections a native file store keeps beside its writer: a search running in a loop
/// holds one, and the other still answers at once.
const READERS: usize = 2;

/// SQLite virtual-machine steps between two looks at a search's deadline.
const PROGRESS_STEPS: i32 = 1000;

/// Longest store path, in bytes.
const PATH_MAX: usize = 4096;

pub(crate) struct Db {
    /// The config the store was opened with, its key left out: connections are opened again
    /// after a rewrite.
    config: StoreConfig,
    /// The keys of a store opened with a key; `None` for one without.
    keys: Mutex<Option<Keys>>,
    writer: Mutex<Option<Conn>>,
    readers: Vec<Mutex<Option<Conn>>>,
    next_reader: AtomicUsize,
    /// Set by [`Db::close`]: a rewrite ending after it opens no connection again.
    closed: std::sync::atomic::AtomicBool,
    /// How long a search may run before it is interrupted, in ms; 0 for no limit.
    search_budget_ms: u32,
}

/// A connection and the deadline its progress handler interrupts at (UTC ms; 0: none).
struct Conn {
    conn: Connection,
    deadline: Arc<AtomicI64>,
}

impl Db {
    pub(crate) fn open(config: &StoreConfig) -> Result<Self, StoreError> {
        check_config(config)?;
        let Unlocked { keys, pages } = unlock(config)?;
        Self::open_keyed(config, pages.as_ref().map(SecretKey::bytes), keys)
    }

    /// [`Db::open`] for a store encrypted with `key` (`None`: not encrypted). Every connection
    /// is keyed before anything reads the file (see [`cipher::key`]).
    pub(crate) fn open_keyed(
        config: &StoreConfig,
        key: Option<&RawKey>,
        keys: Option<Keys>,
    ) -> Result<Self, StoreError> {
        let writer = open_and_migrate(config, key)?;
        let mut readers = Vec::new();
        if let Some(path) = config.path.as_deref().filter(|_| cfg!(not(target_family = "wasm"))) {
            for _ in 0..READERS {
                readers.push(Mutex::new(Some(open_reader(path, config, key)?)));
            }
        }
        Ok(Self {
            config: StoreConfig { key: None, ..config.clone() },
            keys: Mutex::new(keys),
            writer: Mutex::new(Some(writer)),
            readers,
            next_reader: AtomicUsize::new(0),
            closed: std::sync::atomic::AtomicBool::new(false),
            search_budget_ms: config.search_timeout_ms,
        })
    }

    /// Whether the store was opened with a key.
    /// The store's file; `None` in memory.
    pub(crate) fn file_path(&self) -> Option<&str> {
        self.config.path.as_deref()
    }

    pub(crate) fn has_key(&self) -> bool {
        self.keys.lock().is_some()
    }

    /// Runs `f` on the keys of a store opened with a key; `InvalidKey` for one without.
    /// Holds the writer meanwhile, so a key change never interleaves with a rewrite (which
    /// records both its keys in the key file).
    pub(crate) fn with_keys<T>(&self, f: impl FnOnce(&mut Keys) -> Result<T>) -> Result<T, StoreError> {
        let _writer = lock(&self.writer);
        let mut keys = self.keys.lock();
        let keys = keys.as_mut().ok_or_else(|| Error::InvalidKey("the store was opened without a key".into()))?;
        Ok(f(keys)?)
    }

    /// The keys secrets are sealed with, the sealing one first; `InvalidKey` for a store
    /// opened without a key.
    /// Called inside a write, so a rewrite (which holds the writer) cannot take the keys away
    /// between this look and the write's commit.
    pub(crate) fn secrets_keys(&self) -> Result<Vec<SecretKey>> {
        let keys = self.keys.lock();
        let keys = keys.as_ref().ok_or_else(|| {
            Error::InvalidKey("provider secrets are sealed with the store's key: open the store with a key".into())
        })?;
        Ok(keys.secrets.clone())
    }

    /// Runs `f` on a read connection (the writer when the store has no other), outside any
    /// explicit transaction.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T, StoreError> {
        let mut guard = self.reader();
        let conn = guard.as_mut().ok_or(Error::Closed)?;
        Ok(f(&conn.conn)?)
    }

    /// [`Db::read`] for a search: interrupted once it has run for the store's search budget,
    /// which is `InvalidInput` on `query`.
    pub(crate) fn search<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T, StoreError> {
        let mut guard = self.reader();
        let conn = guard.as_mut().ok_or(Error::Closed)?;
        let budget = self.search_budget_ms;
        if budget > 0 {
            conn.deadline.store(now_ms() + i64::from(budget), Ordering::Relaxed);
        }
        let result = f(&conn.conn);
        conn.deadline.store(0, Ordering::Relaxed);
        result.map_err(|error| match error {
            Error::Sqlite(e) if e.sqlite_error_code() == Some(ErrorCode::OperationInterrupted) => {
                let reason = format!("took longer than the {budget} ms search budget; search for fewer or rarer words");
                Error::invalid("query", reason).into()
            }
            other => other.into(),
        })
    }

    /// Runs `f` in one IMMEDIATE transaction, committed only if `f` succeeds: a failed
    /// write leaves the store as it was.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T, StoreError> {
        let mut guard = lock(&self.writer);
        let conn = &mut guard.as_mut().ok_or(Error::Closed)?.conn;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(Error::from)?;
        let value = f(&tx)?;
        tx.commit().map_err(Error::from)?;
        Ok(value)
    }

    /// Runs `f` on the writer outside any transaction: for what SQLite refuses inside one
    /// (`VACUUM`, a WAL checkpoint that truncates).
    pub(crate) fn on_writer<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T, StoreError> {
        let guard = lock(&self.writer);
        let conn = &guard.as_ref().ok_or(Error::Closed)?.conn;
        Ok(f(conn)?)
    }

    /// Closes every connection; later calls fail with a storage error. Closing twice is fine.
    pub(crate) fn close(&self) -> Result<(), StoreError> {
        self.closed.store(true, Ordering::Release);
        for reader in &self.readers {
            close(reader)?;
        }
        close(&self.writer)
    }

    /// A free read connection if there is one, else the next in turn (or the writer).
    fn reader(&self) -> MutexGuard<'_, Option<Conn>> {
        if self.readers.is_empty() {
            return lock(&self.writer);
        }
        for reader in &self.readers {
            if let Some(guard) = reader.try_lock() {
                return guard;
            }
        }
        let next = self.next_reader.fetch_add(1, Ordering::Relaxed) % self.readers.len();
        self.readers.get(next).map_or_else(|| lock(&self.writer), lock)
    }
}

/// The connection in `slot`, once free. A waiting caller is handed the lock within about a
/// millisecond of the holder letting go (parking_lot's eventual fairness), so a search running
/// in a loop cannot keep it. A panic while holding it cannot leave a transaction open (it rolls
/// back on drop), so no poisoning is needed.
fn lock(slot: &Mutex<Option<Conn>>) -> MutexGuard<'_, Option<Conn>> {
    slot.lock()
}

fn close(slot: &Mutex<Option<Conn>>) -> Result<(), StoreError> {
    let mut guard = lock(slot);
    let Some(Conn { conn, deadline }) = guard.take() else { return Ok(()) };
    if let Err((conn, error)) = conn.close() {
        *guard = Some(Conn { conn, deadline });
        return Err(Error::from(error).into());
    }
    Ok(())
}

impl StoreConfig {
    /// Checks the config as [`crate::Store::open`] does first, without touching any file:
    /// `InvalidInput` on `path` for a path that is empty, SQLite's `:memory:`, a `file:` URI,
    /// holds a NUL, is too long or (natively) names a directory; on `busy_timeout_ms` for a
    /// timeout SQLite cannot take (more than `i32::MAX` ms, about 24 days); on `cache_mib`
    /// outside 1 to [`crate::limits::CACHE_MIB_MAX`].
    pub fn check(&self) -> Result<(), StoreError> {
        Ok(check_config(self)?)
    }
}

/// [`cipher::key`] for tests in other crates (feature `test-hooks`): keys a connection as a store's
/// are, errors mapped as the store maps them.
#[cfg(feature = "test-hooks")]
pub fn key_connection(conn: &Connection, raw: &RawKey) -> Result<(), StoreError> {
    cipher::key(conn, raw).map_err(|error| Error::from(error).into())
}

/// [`tokenizer::register`] for tests in other crates (feature `test-hooks`) that open a store's
/// file with a connection of their own: without the search tokenizer, writing messages or
/// documents fails ("no such tokenizer: ustore"), since their triggers update the index.
#[cfg(feature = "test-hooks")]
pub fn register_tokenizer(conn: &Connection) -> Result<(), StoreError> {
    Ok(tokenizer::register(conn)?)
}

/// What [`StoreConfig::check`] checks.
fn check_config(config: &StoreConfig) -> Result<()> {
    if let Some(path) = &config.path {
        check_path(path)?;
    }
    if !(1..=crate::limits::CACHE_MIB_MAX).contains(&config.cache_mib) {
        return Err(Error::invalid("cache_mib", format!("must be 1 to {} MiB", crate::limits::CACHE_MIB_MAX)));
    }
    if i32::try_from(config.busy_timeout_ms).is_err() {
        return Err(Error::invalid("busy_timeout_ms", format!("must be at most {} ms", i32::MAX)));
    }
    Ok(())
}

fn open_and_migrate(config: &StoreConfig, key: Option<&RawKey>) -> Result<Conn> {
    check_config(config)?;
    let mut conn = connect(config, key)?;
    configure(&mut conn, config)?;
    // Decide on the file before any pragma below could write to it (or read it: setting the
    // cache size reads the schema).
    check_file(&conn.conn)?;
    let pragma = |pragma: &'static str| move |source| Error::Configure { pragma, source };
    set_cache(&conn.conn, config)?;
    conn.conn.pragma_update(None, "foreign_keys", true).map_err(pragma("foreign_keys"))?;
    // A new store gives free pages back in steps (maintenance's `incremental_vacuum`); on an
    // existing one this only takes effect at its next VACUUM (maintenance runs one once).
    conn.conn.pragma_update(None, "auto_vacuum", "INCREMENTAL").map_err(pragma("auto_vacuum"))?;
    // WAL natively. The OPFS pool has no shared memory for WAL, so a browser store keeps a
    // rollback journal; one written natively leaves WAL here, under the exclusive lock
    // `connect` took, which is then given back.
    let journal = if cfg!(target_family = "wasm") && config.path.is_some() { "DELETE" } else { "WAL" };
    conn.conn.pragma_update_and_check(None, "journal_mode", journal, |_| Ok(())).map_err(pragma("journal_mode"))?;
    #[cfg(target_family = "wasm")]
    if config.path.is_some() {
        conn.conn
            .pragma_update_and_check(None, "locking_mode", "NORMAL", |_| Ok(()))
            .map_err(pragma("locking_mode"))?;
    }
    let synchronous = match config.durability.unwrap_or_default() {
        Durability::Normal => "NORMAL",
        Durability::Full => "FULL",
    };
    conn.conn.pragma_update(None, "synchronous", synchronous).map_err(pragma("synchronous"))?;
    migrate(&mut conn.conn, SCHEMA_VERSION)?;
    Ok(conn)
}

/// A read connection to the file store at `path`, already migrated by the writer.
fn open_reader(path: &str, config: &StoreConfig, key: Option<&RawKey>) -> Result<Conn> {
    let mut conn = connect(config, key).map_err(|error| match error {
        Error::Open { source, .. } => Error::Open { path: shown(path), source },
        other => other,
    })?;
    configure(&mut conn, config)?;
    set_cache(&conn.conn, config)?;
    tokenizer::register(&conn.conn)?;
    conn.conn
        .pragma_update(None, "query_only", true)
        .map_err(|source| Error::Configure { pragma: "query_only", source })?;
    Ok(conn)
}

/// The connection's page cache, [`StoreConfig::cache_mib`]. Set once the file is known to be
/// a store: SQLite reads the schema to set it.
fn set_cache(conn: &Connection, config: &StoreConfig) -> Result<()> {
    // In KiB when negative.
    let kib = -1024 * i64::from(config.cache_mib);
    conn.pragma_update(None, "cache_size", kib).map_err(|source| Error::Configure { pragma: "cache_size", source })
}

/// What every connection is set up with: the busy timeout, kept statement plans, and the
/// progress handler that interrupts a search past its deadline.
fn configure(conn: &mut Conn, config: &StoreConfig) -> Result<()> {
    let pragma = |pragma: &'static str| move |source| Error::Configure { pragma, source };
    let watched = conn.deadline.clone();
    let conn = &mut conn.conn;
    conn.busy_timeout(std::time::Duration::from_millis(config.busy_timeout_ms.into()))
        .map_err(pragma("busy_timeout"))?;
    // Keep each cached statement's plan: otherwise SQLite re-prepares a statement whose plan
    // depended on a bound value (`LIMIT ?`, `id = ?` in a join) every time it is reused,
    // which cost a quarter of append time (docs/benchmarks.md).
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true).map_err(pragma("enable_qpsg"))?;
    conn.progress_handler(
        PROGRESS_STEPS,
        Some(move || {
            let at = watched.load(Ordering::Relaxed);
            at != 0 && now_ms() > at
        }),
    )
    .map_err(pragma("progress_handler"))?;
    Ok(())
}

/// A plain file path: not empty, not SQLite's `:memory:` or a `file:` URI (both would open
/// a store that loses everything on close, or one elsewhere than named), no NUL, not a
/// directory.
fn check_path(path: &str) -> Result<()> {
    let invalid = |reason: &str| Err(Error::invalid("path", format!("{} {reason}", shown(path))));
    if path.trim().is_empty() {
        return Err(Error::invalid("path", "must not be empty (leave it out for an in-memory store)"));
    }
    if path.len() > PATH_MAX {
        return invalid(&format!("is longer than {PATH_MAX} bytes"));
    }
    if path.contains('\0') {
        return invalid("holds a NUL character");
    }
    if path == ":memory:" || path.get(..5).is_some_and(|scheme| scheme.eq_ignore_ascii_case("file:")) {
        return invalid("is an in-memory name or a URI; give a plain file path (leave it out for an in-memory store)");
    }
    #[cfg(not(target_family = "wasm"))]
    if std::path::Path::new(path).is_dir() {
        return invalid("is a directory");
    }
    Ok(())
}

/// Refuses, before anything is written to it, a file this build must not touch: one that is
/// not an SQLite database, another application's database, or a store of a newer version.
fn check_file(conn: &Connection) -> Result<()> {
    let not_a_database = |error: rusqlite::Error| match error.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => Error::NotAStore("it is not an SQLite database".into()),
        _ => Error::from(error),
    };
    let version: u32 = conn.query_row("PRAGMA user_version", [], |row| row.get(0)).map_err(not_a_database)?;
    let application: i32 = conn.query_row("PRAGMA application_id", [], |row| row.get(0)).map_err(not_a_database)?;
    match application {
        APPLICATION_ID => {}
        // A store from before the application id was set, or a new file: our own only if
        // it holds our index (every version has it), else nothing at all.
        0 => {
            let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))?;
            let ours = conn
                .query_row("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'messages_fts'", [], |_| Ok(()))
                .optional()?
                .is_some();
            if objects > 0 && !(version > 0 && ours) {
                return Err(Error::NotAStore("it holds another application's tables".into()));
            }
        }
        other => {
            return Err(Error::NotAStore(format!("it belongs to another application (application_id {other:#x})")));
        }
    }
    check_version(version)
}

/// A connection to the store `config` names, keyed with `key` if given: nothing reads the
/// file before the key is set and proven.
fn connect(config: &StoreConfig, key: Option<&RawKey>) -> Result<Conn> {
    let conn = match &config.path {
        Some(path) => open_file(path, file_flags()).map_err(|source| Error::Open { path: shown(path), source })?,
        None => Connection::open_in_memory()?,
    };
    // A store written natively is in WAL mode, which the OPFS pool (no shared memory) opens
    // only with an exclusive lock, taken before the first read; `open_and_migrate` then turns
    // it into a rollback-journal store and gives the lock back.
    #[cfg(target_family = "wasm")]
    if config.path.is_some() {
        conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
    }
    if let Some(key) = key {
        cipher::key(&conn, key)?;
    }
    Ok(Conn { conn, deadline: Arc::new(AtomicI64::new(0)) })
}

/// Read-write, created if missing, and no URI parsing: a path is a file name, nothing else.
fn file_flags() -> OpenFlags {
    OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE
}

/// Brings the schema up to `target` in one IMMEDIATE transaction: all steps or none.
///
/// Foreign keys are off while the steps run, as SQLite's table-rebuild procedure requires
/// (dropping a rebuilt parent table must not cascade into its children), and every key is
/// checked before the commit instead. The pragma cannot change inside a transaction, so it
/// is set around it and restored whatever happens.
///
/// The search tokenizer is registered first: the migrations declare search tables with it,
/// and every later write to them needs it.
pub(crate) fn migrate(conn: &mut Connection, target: u32) -> Result<()> {
    tokenizer::register(conn)?;
    let enforced: bool = conn.query_row("PRAGMA foreign_keys", [], |row| row.get(0))?;
    conn.pragma_update(None, "foreign_keys", false)?;
    let result = migrate_unchecked(conn, target);
    conn.pragma_update(None, "foreign_keys", enforced)?;
    result
}

fn migrate_unchecked(conn: &mut Connection, target: u32) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found = user_version(&tx)?;
    check_version(found)?;
    for (index, sql) in MIGRATIONS.iter().enumerate().take(target as usize).skip(found as usize) {
        let to = index as u32 + 1;
        run_migration(&tx, sql).map_err(|error| match error {
            Error::Sqlite(source) => Error::Migrate { from: to - 1, to, source },
            other => other,
        })?;
    }
    if found < target {
        let broken: Option<String> = tx.query_row("PRAGMA foreign_key_check", [], |row| row.get(0)).optional()?;
        if let Some(table) = broken {
            return Err(Error::ForeignKeyCheck { to: target, table });
        }
        tx.pragma_update(None, "user_version", target)?;
    }
    // Stores written before the application id existed get it with their next open.
    let application: i32 = tx.query_row("PRAGMA application_id", [], |row| row.get(0))?;
    if application == 0 {
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    tx.commit()?;
    Ok(())
}

/// The steps a migration takes in Rust, where its SQL has a line `-- step: NAME`: what SQL
/// cannot do (hashing), between the statements before and after that line.
const STEPS: &[(&str, Step)] = &[("audit_chain_v2", crate::governance::chain::chain_v2)];

/// A migration's Rust step, run on the migration's transaction.
type Step = fn(&Connection) -> Result<()>;

fn run_migration(tx: &Connection, sql: &str) -> Result<()> {
    let mut rest = sql;
    while let Some(at) = rest.find("\n-- step: ") {
        tx.execute_batch(&rest[..at])?;
        let line = &rest[at + "\n-- step: ".len()..];
        let (name, after) = line.split_once('\n').unwrap_or((line, ""));
        let step = STEPS.iter().find(|(known, _)| *known == name.trim()).map(|(_, step)| step);
        let unknown = || {
            let code = rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_INTERNAL);
            Error::Sqlite(rusqlite::Error::SqliteFailure(code, Some(format!("migration step {name} is unknown"))))
        };
        step.ok_or_else(unknown)?(tx)?;
        rest = after;
    }
    Ok(tx.execute_batch(rest)?)
}

fn user_version(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?)
}

fn check_version(found: u32) -> Result<()> {
    if found > SCHEMA_VERSION {
        return Err(Error::IncompatibleVersion { found, supported: SCHEMA_VERSION });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(db: &Db) -> i64 {
        db.read(|conn| Ok(conn.query_row("SELECT count(*) FROM organizations", [], |row| row.get(0))?)).unwrap()
    }

    #[test]
    fn a_write_that_fails_half_way_leaves_nothing_behind() {
        let db = Db::open(&StoreConfig::in_memory()).unwrap();
        let result: Result<(), StoreError> = db.write(|tx| {
            tx.execute("INSERT INTO organizations VALUES ('a', 'first', 'first', 0, 0)", [])?;
            Err(Error::invalid("name", "fails after a row was written"))
        });
        assert!(matches!(result, Err(StoreError::InvalidInput { .. })));
        assert_eq!(count(&db), 0);
    }

    #[test]
    fn durability_sets_how_commits_are_synced() {
        let dir = tempfile::tempdir().unwrap();
        for (durability, expected) in [(None, 1), (Some(Durability::Normal), 1), (Some(Durability::Full), 2)] {
            let path = dir.path().join(format!("{durability:?}.db")).to_string_lossy().into_owned();
            let db = Db::open(&StoreConfig { durability, ..StoreConfig::file(path) }).unwrap();
            let synchronous: i64 =
                db.write(|tx| Ok(tx.query_row("PRAGMA synchronous", [], |row| row.get(0))?)).unwrap();
            assert_eq!(synchronous, expected, "{durability:?}");
        }
    }

    #[test]
    fn migrating_applies_every_step_and_records_the_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, SCHEMA_VERSION).unwrap();
        assert_eq!(user_version(&conn).unwrap(), SCHEMA_VERSION);
        migrate(&mut conn, SCHEMA_VERSION).unwrap(); // a second run is a no-op
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_schema WHERE name IN ('workspaces', 'threads', 'messages', 'messages_fts')", [], |r| r.get(0))
            .unwrap();
        assert_eq!(tables, 4);
    }

    #[test]
    fn a_failing_migration_rolls_back_whole() {
        let mut conn = Connection::open_in_memory().unwrap();
        // A table the first migration wants to create makes it fail part-way.
        conn.execute_batch("CREATE TABLE messages (x)").unwrap();
        let error = migrate(&mut conn, SCHEMA_VERSION).unwrap_err();
        assert!(matches!(error, Error::Migrate { from: 0, to: 1, .. }), "{error:?}");
        assert_eq!(user_version(&conn).unwrap(), 0);
        let workspaces: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_schema WHERE name = 'workspaces'", [], |r| r.get(0)).unwrap();
        assert_eq!(workspaces, 0, "tables created before the failure are gone too");
    }
}
