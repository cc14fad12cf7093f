//! The keys an open store holds in memory: its KEK, the key its pages are sealed with (a file
//! store's), its secrets keys, and its key file as last written. Changing the KEK and
//! importing a secrets key go through here, so memory and the key file change together.

use crate::crypto::keyring::{self, KeyringDoc, Opened, Rewrite};
use crate::crypto::keys::{KekRecord, SecretKey, WrappedKey, check_key};
use crate::error::{Error, Result};
use crate::model::{KdfParams, StoreKey};
use serde::{Deserialize, Serialize};

pub(crate) struct Keys {
    kek: SecretKey,
    /// The key the store's pages are sealed with; `None` in memory.
    pub(crate) data: Option<SecretKey>,
    /// The keys secrets are sealed with, the sealing one first.
    pub(crate) secrets: Vec<SecretKey>,
    /// A file store's key file: where it is and what it holds.
    file: Option<KeyFile>,
}

pub(crate) struct KeyFile {
    pub(crate) path: String,
    pub(crate) doc: KeyringDoc,
}

/// What [`Keys::export_secrets`] writes: the secrets keys wrapped under another KEK.
#[derive(Serialize, Deserialize)]
struct Exported {
    format: String,
    version: u32,
    kek: KekRecord,
    keys: Vec<WrappedKey>,
}

const EXPORT_FORMAT: &str = "unified-store secrets keys";
const EXPORT_PURPOSE: &str = "secrets export";

impl Keys {
    /// The keys of a store in memory opened with `key`: a fresh secrets key, gone at close.
    pub(crate) fn for_memory(key: &StoreKey, kdf: &KdfParams) -> Result<Self> {
        let (_, kek) = KekRecord::fresh(key, kdf)?;
        Ok(Self { kek, data: None, secrets: vec![SecretKey::random()?], file: None })
    }

    /// The keys `kek` opens in the key file `file`.
    pub(crate) fn from_file(kek: SecretKey, opened: Opened, file: KeyFile) -> Self {
        Self { kek, data: opened.data, secrets: opened.secrets, file: Some(file) }
    }

    /// The keys of a plaintext file store about to be encrypted in place: a key file at
    /// `path` under the KEK `key` makes, with fresh secrets keys and no data key yet.
    pub(crate) fn for_encrypting(key: &StoreKey, kdf: &KdfParams, path: String) -> Result<Self> {
        let (record, kek) = KekRecord::fresh(key, kdf)?;
        let doc = KeyringDoc::new(crate::cipher::CIPHER, record, &kek, None)?;
        let opened = doc.open(&kek)?;
        Ok(Self::from_file(kek, opened, KeyFile { path, doc }))
    }

    /// Records in the key file that the pages are being rewritten under `to` (`None`: to
    /// plaintext). The file holds the old and the new key until the rewrite ends, so a store
    /// killed in between opens with whichever its pages are under.
    pub(crate) fn begin_rewrite(&mut self, to: Option<&SecretKey>) -> Result<()> {
        let to = to.map(|key| WrappedKey::wrap(&self.kek, key, "data")).transpose()?;
        let doc = self.doc(Some(Rewrite { to }))?;
        self.save(doc)
    }

    /// The pages are under `to` now. With `record`, the key file says so; without, it keeps
    /// naming both keys (the next open settles it).
    pub(crate) fn finish_rewrite(&mut self, to: Option<SecretKey>, record: bool) -> Result<()> {
        self.data = to;
        if !record {
            return Ok(());
        }
        let doc = self.doc(None)?;
        self.save(doc)
    }

    /// The rewrite did not happen: the key file names the pages' key alone again.
    pub(crate) fn abandon_rewrite(&mut self) -> Result<()> {
        let doc = self.doc(None)?;
        self.save(doc)
    }

    /// The key file as memory has it (never as last saved, which a failed save leaves
    /// behind): the data and secrets keys wrapped under the KEK, and `rewrite`.
    fn doc(&self, rewrite: Option<Rewrite>) -> Result<KeyringDoc> {
        let file = self.file.as_ref().ok_or_else(|| Error::Crypto("a store in memory has no key file".into()))?;
        self.doc_under(&self.kek, file.doc.kek.clone(), rewrite)
    }

    /// [`Keys::doc`] with the keys wrapped under `kek`, which `record` says how to make.
    fn doc_under(&self, kek: &SecretKey, record: KekRecord, rewrite: Option<Rewrite>) -> Result<KeyringDoc> {
        let file = self.file.as_ref().ok_or_else(|| Error::Crypto("a store in memory has no key file".into()))?;
        Ok(KeyringDoc {
            cipher: crate::cipher::CIPHER.to_owned(),
            kek: record,
            data: self.data.as_ref().map(|key| WrappedKey::wrap(kek, key, "data")).transpose()?,
            rewrite,
            secrets: self.secrets.iter().map(|key| WrappedKey::wrap(kek, key, "secrets")).collect::<Result<_>>()?,
            ..file.doc.clone()
        })
    }

    /// Writes `doc` as the store's key file and keeps it.
    pub(crate) fn save(&mut self, doc: KeyringDoc) -> Result<()> {
        if let Some(file) = &mut self.file {
            keyring::write(&file.path, &doc)?;
            file.doc = doc;
        }
        Ok(())
    }

    /// Makes `new` the KEK: every key is wrapped again under it and the key file replaced in
    /// one atomic write. No page is rewritten.
    pub(crate) fn change_kek(&mut self, new: &StoreKey, kdf: &KdfParams) -> Result<()> {
        let (record, kek) = KekRecord::fresh(new, kdf)?;
        if self.file.is_some() {
            let doc = self.doc_under(&kek, record, None)?;
            self.save(doc)?;
        }
        self.kek = kek;
        Ok(())
    }

    /// The secrets keys wrapped under `wrapping`, for [`Keys::import_secrets`] on another
    /// store (another device's), so secrets sealed here open there.
    pub(crate) fn export_secrets(&self, wrapping: &StoreKey, kdf: &KdfParams) -> Result<Vec<u8>> {
        let (record, kek) = KekRecord::fresh(wrapping, kdf)?;
        let keys = self.secrets.iter().map(|key| WrappedKey::wrap(&kek, key, EXPORT_PURPOSE)).collect::<Result<_>>()?;
        let exported = Exported { format: EXPORT_FORMAT.into(), version: 1, kek: record, keys };
        serde_json::to_vec(&exported).map_err(|error| Error::Crypto(error.to_string()))
    }

    /// Adds the secrets keys of `exported` (from [`Keys::export_secrets`]) that this store
    /// lacks, opened with `wrapping`; how many were new. They open secrets; this store's own
    /// key still seals.
    pub(crate) fn import_secrets(&mut self, exported: &[u8], wrapping: &StoreKey) -> Result<usize> {
        check_key(wrapping)?;
        let exported: Exported = serde_json::from_slice(exported)
            .ok()
            .filter(|exported: &Exported| exported.format == EXPORT_FORMAT)
            .ok_or_else(|| Error::invalid("exported", "is not an export of secrets keys"))?;
        if exported.version != 1 {
            return Err(Error::invalid("exported", format!("has version {}, unknown here", exported.version)));
        }
        let kek = exported.kek.derive(wrapping)?;
        let mut added = 0;
        for wrapped in &exported.keys {
            let key = wrapped.unwrap_with(&kek, EXPORT_PURPOSE)?;
            if !self.secrets.iter().any(|held| held.id() == key.id()) {
                self.secrets.push(key);
                added += 1;
            }
        }
        if added > 0 && self.file.is_some() {
            let rewrite = self.file.as_ref().and_then(|file| file.doc.rewrite.clone());
            if let Err(error) = self.doc(rewrite).and_then(|doc| self.save(doc)) {
                // Memory and the key file agree: what could not be saved is not held.
                self.secrets.truncate(self.secrets.len() - added);
                return Err(error);
            }
        }
        Ok(added)
    }
}
