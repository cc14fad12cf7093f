//! [`Store`]: an open store, and the door to each domain of records.

use crate::context::Context;
use crate::db::{Db, SCHEMA_VERSION, Target};
use crate::entity;
use crate::error::StoreError;
use crate::identity::model::User;
use crate::ids::parse_id;
use crate::jobs::{Pause, Progress, reporting, run_blocking};
use crate::model::{KdfParams, StoreConfig, StoreKey};

/// An open store. Cheap to clone; every clone and every domain handle shares one
/// connection, which [`Store::close`] closes for all of them.
#[derive(Clone)]
pub struct Store {
    pub(crate) cx: Context,
}

impl Store {
    /// Opens (creating if needed) and migrates the store described by `config`. A file
    /// written by a newer version is refused with `IncompatibleVersion` and left untouched.
    ///
    /// In the browser a file path needs the OPFS VFS installed first, in a dedicated worker
    /// (the wasm binding does this).
    pub fn open(config: &StoreConfig) -> Result<Self, StoreError> {
        let store = Self { cx: Context::new(Db::open(config)?) };
        // What a crash left of attachment files: a write cut short, a file no row names.
        crate::blobs::stored::collect(&store.cx, true)?;
        Ok(store)
    }

    /// Opens (creating if needed) and migrates the store file `config` names, encrypted with
    /// the raw 32-byte data key `key`. A hook for tests and measurements until `StoreConfig`
    /// carries a key: not part of the API (feature `test-hooks`).
    #[cfg(any(test, feature = "test-hooks"))]
    #[doc(hidden)]
    pub fn open_with_raw_key(config: &StoreConfig, key: &[u8; 32]) -> Result<Self, StoreError> {
        Ok(Self { cx: Context::new(Db::open_keyed(config, Some(key), None)?) })
    }

    /// Opens a private store in memory.
    pub fn open_in_memory() -> Result<Self, StoreError> {
        Self::open(&StoreConfig::in_memory())
    }

    /// This store acting as user `user_id`: every mutating call through it (and its domain
    /// handles) is checked against that user's roles and permission sets, and refused with
    /// `PermissionDenied` when not allowed; audit entries name the user. The store it came
    /// from is unchanged and unchecked (the device owner). The view shares that store's
    /// connection without owning it: closing the view does nothing, closing the store
    /// closes the view too.
    pub fn acting_as(&self, user_id: &str) -> Result<Store, StoreError> {
        let user_id = parse_id("user_id", user_id)?;
        let user = self.cx.read(|conn| entity::get::<User>(conn, &user_id))?;
        Ok(Self { cx: self.cx.acting_as(user.id) })
    }

    /// The user this store acts as, if any (see [`Store::acting_as`]).
    pub fn caller(&self) -> Option<String> {
        self.cx.caller.clone()
    }

    /// Whether the store was opened with a key: its pages are encrypted (a file store) and it
    /// can seal provider secrets.
    pub fn has_key(&self) -> bool {
        self.cx.db.has_key()
    }

    /// Makes `new` the key this store opens with: its data and secrets keys are wrapped
    /// again under `new` and its key file replaced atomically; no page is rewritten, so it
    /// takes as long at a million messages as at one. `config.kdf` of the open (or
    /// [`KdfParams::DEFAULT`]) stretches a new passphrase. A store opened without a key is
    /// `InvalidKey`; encrypt it with [`Store::encrypt_in_place`].
    pub fn change_key(&self, key: &StoreKey, kdf: Option<KdfParams>) -> Result<(), StoreError> {
        self.cx.db.with_keys(|keys| keys.change_kek(key, &kdf.unwrap_or(KdfParams::DEFAULT)))
    }

    /// Rewrites every page of this encrypted file store under a fresh data key (rotating
    /// the key itself, not the app's key: see [`Store::change_key`] for that), reporting
    /// pages copied to `progress`, which can cancel. Killed or cancelled part-way, the store
    /// opens as before with every row. Writes wait until it ends; reads go on. `progress` is
    /// called with the writer held, so it must not write to the store (it would wait for
    /// itself).
    pub fn rekey(&self, progress: &dyn Progress) -> Result<(), StoreError> {
        run_blocking(self.rekey_stepwise(&mut reporting(progress)))
    }

    /// [`Store::rekey`] pausing at `pause` between steps (the browser binding yields there).
    pub async fn rekey_stepwise(&self, pause: &mut dyn Pause) -> Result<(), StoreError> {
        self.cx.db.rewrite(Target::Rekey, pause).await
    }

    /// Encrypts this plaintext file store where it is, under a fresh data key wrapped by
    /// `key` (stretched with `kdf`, or [`KdfParams::DEFAULT`], if a passphrase); from then on
    /// it opens only with `key`. Progress, cancelling and interruption as for [`Store::rekey`].
    pub fn encrypt_in_place(
        &self,
        key: &StoreKey,
        kdf: Option<KdfParams>,
        progress: &dyn Progress,
    ) -> Result<(), StoreError> {
        run_blocking(self.encrypt_in_place_stepwise(key, kdf, &mut reporting(progress)))
    }

    /// [`Store::encrypt_in_place`] pausing at `pause` between steps.
    pub async fn encrypt_in_place_stepwise(
        &self,
        key: &StoreKey,
        kdf: Option<KdfParams>,
        pause: &mut dyn Pause,
    ) -> Result<(), StoreError> {
        let target = Target::Encrypt { key: key.clone(), kdf: kdf.unwrap_or(KdfParams::DEFAULT) };
        self.cx.db.rewrite(target, pause).await
    }

    /// Decrypts this encrypted file store where it is and deletes its key file: from then on
    /// it opens without a key. A store holding sealed provider secrets is refused
    /// (`InvalidInput`): clear them first. Progress, cancelling and interruption as for
    /// [`Store::rekey`].
    pub fn decrypt_in_place(&self, progress: &dyn Progress) -> Result<(), StoreError> {
        run_blocking(self.decrypt_in_place_stepwise(&mut reporting(progress)))
    }

    /// [`Store::decrypt_in_place`] pausing at `pause` between steps.
    pub async fn decrypt_in_place_stepwise(&self, pause: &mut dyn Pause) -> Result<(), StoreError> {
        self.cx.db.rewrite(Target::Decrypt, pause).await
    }

    /// The keys provider secrets are sealed with, wrapped under `wrapping` (a key or
    /// passphrase the user carries to another device), for [`Store::import_secrets_keys`]
    /// there: secrets sealed here then open there once sync brings them.
    pub fn export_secrets_keys(&self, wrapping: &StoreKey) -> Result<Vec<u8>, StoreError> {
        self.cx.db.with_keys(|keys| keys.export_secrets(wrapping, &KdfParams::DEFAULT))
    }

    /// Adds the secrets keys of `exported` (from [`Store::export_secrets_keys`] on another
    /// device), opened with `wrapping`; returns how many were new. They open secrets sealed
    /// there; this store keeps sealing with its own. A wrong `wrapping` is `InvalidKey`.
    pub fn import_secrets_keys(&self, exported: &[u8], wrapping: &StoreKey) -> Result<u32, StoreError> {
        self.cx.db.with_keys(|keys| keys.import_secrets(exported, wrapping).map(|added| added as u32))
    }

    /// The schema version of the open store (equal to [`Store::supported_schema_version`]
    /// once opened).
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        self.cx.read(|conn| Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?))
    }

    /// The newest schema version this build understands.
    pub fn supported_schema_version() -> u32 {
        SCHEMA_VERSION
    }

    /// Closes the store, flushing it to disk. Every later call on it, its clones, its
    /// domain handles and its [`Store::acting_as`] views fails with a storage error; closing
    /// again does nothing, and so does closing a view (it does not own the connection).
    pub fn close(&self) -> Result<(), StoreError> {
        match self.cx.caller {
            Some(_) => Ok(()),
            None => self.cx.db.close(),
        }
    }
}
