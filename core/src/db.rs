//! The one connection of a store: opening, pragmas, migrations, and access through
//! closures (`read`, `write`) so that every write is one transaction.

use crate::error::{Error, Result, StoreError};
use crate::model::StoreConfig;
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// The schema migrations, in order; the schema version is how many have run.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_workspaces_threads_messages.sql"),
    include_str!("../../migrations/0002_identity.sql"),
    include_str!("../../migrations/0003_content.sql"),
    include_str!("../../migrations/0004_ai.sql"),
    include_str!("../../migrations/0005_governance.sql"),
    include_str!("../../migrations/0006_billing.sql"),
];

/// The schema version this build creates and understands.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// The VFS that keeps a browser store in the origin private file system.
#[cfg(target_family = "wasm")]
pub const OPFS_VFS: &str = "opfs-sahpool";

pub(crate) struct Db {
    // `None` once closed. One connection serialises all access; SQLite is fast enough that
    // a pool would add only contention on a device.
    conn: Mutex<Option<Connection>>,
}

impl Db {
    pub(crate) fn open(config: &StoreConfig) -> Result<Self, StoreError> {
        Ok(Self { conn: Mutex::new(Some(open_and_migrate(config)?)) })
    }

    /// Runs `f` on the connection, outside any explicit transaction.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T, StoreError> {
        let guard = self.lock();
        let conn = guard.as_ref().ok_or(Error::Closed)?;
        Ok(f(conn)?)
    }

    /// Runs `f` in one IMMEDIATE transaction, committed only if `f` succeeds: a failed
    /// write leaves the store as it was.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T, StoreError> {
        let mut guard = self.lock();
        let conn = guard.as_mut().ok_or(Error::Closed)?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(Error::from)?;
        let value = f(&tx)?;
        tx.commit().map_err(Error::from)?;
        Ok(value)
    }

    /// Closes the connection; later calls fail with a storage error. Closing twice is fine.
    pub(crate) fn close(&self) -> Result<(), StoreError> {
        let mut guard = self.lock();
        if let Some(Err((conn, error))) = guard.take().map(Connection::close) {
            *guard = Some(conn);
            return Err(Error::from(error).into());
        }
        Ok(())
    }

    fn lock(&self) -> MutexGuard<'_, Option<Connection>> {
        // A panic while holding the lock cannot leave a transaction open (it rolls back on
        // drop), so the connection is still sound.
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn open_and_migrate(config: &StoreConfig) -> Result<Connection> {
    // SQLite reads "" as "a private temporary file", which would silently lose every write.
    if config.path.as_deref().is_some_and(|path| path.trim().is_empty()) {
        return Err(Error::invalid("path", "must not be empty (leave it out for an in-memory store)"));
    }
    let mut conn = connect(config)?;
    let pragma = |pragma: &'static str| move |source| Error::Configure { pragma, source };
    conn.pragma_update(None, "foreign_keys", true).map_err(pragma("foreign_keys"))?;
    conn.busy_timeout(std::time::Duration::from_millis(config.busy_timeout_ms.into()))
        .map_err(pragma("busy_timeout"))?;
    // Refuse a newer file before any pragma below could write to it.
    check_version(user_version(&conn)?)?;
    // WAL where the VFS allows it; the OPFS VFS answers with its own mode, which is fine.
    conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(())).map_err(pragma("journal_mode"))?;
    conn.pragma_update(None, "synchronous", "NORMAL").map_err(pragma("synchronous"))?;
    // Keep each cached statement's plan: otherwise SQLite re-prepares a statement whose plan
    // depended on a bound value (`LIMIT ?`, `id = ?` in a join) every time it is reused,
    // which cost a quarter of append time (docs/benchmarks.md).
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true).map_err(pragma("enable_qpsg"))?;
    migrate(&mut conn, SCHEMA_VERSION)?;
    Ok(conn)
}

#[cfg(not(target_family = "wasm"))]
fn connect(config: &StoreConfig) -> Result<Connection> {
    match &config.path {
        Some(path) => Connection::open(path).map_err(|source| Error::Open { path: path.clone(), source }),
        None => Ok(Connection::open_in_memory()?),
    }
}

#[cfg(target_family = "wasm")]
fn connect(config: &StoreConfig) -> Result<Connection> {
    use rusqlite::OpenFlags;
    match &config.path {
        Some(path) => Connection::open_with_flags_and_vfs(path, OpenFlags::default(), OPFS_VFS)
            .map_err(|source| Error::Open { path: path.clone(), source }),
        None => Ok(Connection::open_in_memory()?),
    }
}

/// Brings the schema up to `target` in one IMMEDIATE transaction: all steps or none.
///
/// Foreign keys are off while the steps run, as SQLite's table-rebuild procedure requires
/// (dropping a rebuilt parent table must not cascade into its children), and every key is
/// checked before the commit instead. The pragma cannot change inside a transaction, so it
/// is set around it and restored whatever happens.
pub(crate) fn migrate(conn: &mut Connection, target: u32) -> Result<()> {
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
        tx.execute_batch(sql).map_err(|source| Error::Migrate { from: to - 1, to, source })?;
    }
    if found < target {
        let broken: Option<String> = tx.query_row("PRAGMA foreign_key_check", [], |row| row.get(0)).optional()?;
        if let Some(table) = broken {
            return Err(Error::ForeignKeyCheck { to: target, table });
        }
        tx.pragma_update(None, "user_version", target)?;
    }
    tx.commit()?;
    Ok(())
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
