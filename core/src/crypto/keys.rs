//! Key material: 32-byte keys zeroed when dropped, the key-encryption key (KEK) an app gives
//! (raw bytes from the Keychain or Keystore, or a passphrase stretched with Argon2id), and
//! wrapping one key under another with AES-256-GCM.

use crate::error::{Error, Result};
use crate::limits::{KDF_ITERATIONS_MAX, KDF_MEMORY_MAX_KIB, KDF_PARALLELISM_MAX, PASSPHRASE_MAX_BYTES};
use crate::model::{KdfParams, StoreKey};
use aes_gcm::aead::{Aead, AeadInOut, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64ct::{Base64, Encoding};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// Length of every key: AES-256 and the page cipher both take 32 bytes.
pub(crate) const KEY_BYTES: usize = 32;
const NONCE_BYTES: usize = 12;
const TAG_BYTES: usize = 16;
const SALT_BYTES: usize = 16;

/// 32 bytes of key material, zeroed when dropped, with what is made of them once: the
/// AES-256-GCM key schedule (zeroed when dropped too: aes-gcm's `zeroize` feature) and the
/// key's id. Making both on every seal or open cost more than sealing a short secret
/// (docs/benchmarks.md, "Encryption at rest").
#[derive(Clone)]
pub(crate) struct SecretKey {
    bytes: Zeroizing<[u8; KEY_BYTES]>,
    cipher: Aes256Gcm,
    id: [u8; 8],
}

impl SecretKey {
    fn new(bytes: Zeroizing<[u8; KEY_BYTES]>) -> Self {
        use sha2::{Digest, Sha256};
        let raw: &[u8; KEY_BYTES] = &bytes;
        let cipher = Aes256Gcm::new(raw.into());
        let digest = Sha256::new().chain_update(b"unified-store key id\0").chain_update(raw).finalize();
        let mut id = [0u8; 8];
        id.copy_from_slice(&digest[..8]);
        Self { bytes, cipher, id }
    }

    /// A fresh key from the platform's secure random source.
    pub(crate) fn random() -> Result<Self> {
        let mut key = Zeroizing::new([0u8; KEY_BYTES]);
        fill_random(key.as_mut())?;
        Ok(Self::new(key))
    }

    /// `bytes` as a key, if there are exactly 32 of them.
    pub(crate) fn from_slice(bytes: &[u8]) -> Option<Self> {
        let array: [u8; KEY_BYTES] = bytes.try_into().ok()?;
        Some(Self::new(Zeroizing::new(array)))
    }

    pub(crate) fn bytes(&self) -> &[u8; KEY_BYTES] {
        &self.bytes
    }

    /// A short id that names this key without revealing it: the first 8 bytes of its
    /// SHA-256 (with a domain prefix). Envelopes and key records carry it to say which key
    /// sealed them.
    pub(crate) fn id_bytes(&self) -> [u8; 8] {
        self.id
    }

    /// [`SecretKey::id_bytes`] in hex.
    pub(crate) fn id(&self) -> String {
        self.id_bytes().iter().map(|byte| format!("{byte:02x}")).collect()
    }

    /// AES-256-GCM of `plaintext` under this key with a random nonce, bound to `aad`:
    /// `nonce || ciphertext || tag`.
    pub(crate) fn seal(&self, plaintext: &[u8], aad: &[u8]) -> Result<Vec<u8>> {
        self.seal_after(&[], plaintext, aad)
    }

    /// [`SecretKey::seal`] written after `prefix`, in one buffer: `prefix || nonce ||
    /// ciphertext || tag` (the prefix is not authenticated unless `aad` holds it).
    pub(crate) fn seal_after(&self, prefix: &[u8], plaintext: &[u8], aad: &[u8]) -> Result<Vec<u8>> {
        let mut nonce = [0u8; NONCE_BYTES];
        fill_random(&mut nonce)?;
        let start = prefix.len() + NONCE_BYTES;
        let mut out = Vec::with_capacity(start + plaintext.len() + TAG_BYTES);
        out.extend_from_slice(prefix);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(plaintext);
        let tag = self
            .cipher
            .encrypt_inout_detached(&Nonce::from(nonce), aad, (&mut out[start..]).into())
            .map_err(|_| Error::invalid("key", "could not be sealed"))?;
        out.extend_from_slice(&tag);
        Ok(out)
    }

    /// What [`SecretKey::seal`] sealed under this key with `aad`; `None` when `sealed` does
    /// not authenticate (another key, other associated data, or tampered bytes).
    pub(crate) fn open(&self, sealed: &[u8], aad: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        let (nonce, ciphertext) = sealed.split_at_checked(NONCE_BYTES)?;
        let nonce: [u8; NONCE_BYTES] = nonce.try_into().ok()?;
        self.cipher.decrypt(&Nonce::from(nonce), Payload { msg: ciphertext, aad }).ok().map(Zeroizing::new)
    }
}

/// Fills `buffer` from the platform's secure random source (the OS, or the browser's
/// `crypto.getRandomValues`).
pub(crate) fn fill_random(buffer: &mut [u8]) -> Result<()> {
    getrandom::fill(buffer).map_err(|error| Error::Crypto(format!("no secure random source: {error}")))
}

/// How a store's KEK is made, kept beside its wrapped keys so the store opens with the same
/// parameters whatever the defaults become.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum KekRecord {
    /// 32 bytes the app keeps (Keychain, Keystore, its own storage).
    Raw,
    /// A passphrase stretched with Argon2id version 0x13.
    Argon2id { salt: String, memory_kib: u32, iterations: u32, parallelism: u32 },
}

impl KekRecord {
    /// A KEK for `key` (checked first) and the new record that makes it again.
    pub(crate) fn fresh(key: &StoreKey, params: &KdfParams) -> Result<(Self, SecretKey)> {
        check_key(key)?;
        let record = Self::new(key, params)?;
        let kek = record.derive(key)?;
        Ok((record, kek))
    }

    /// A new record for `key`, with a fresh salt for a passphrase.
    /// `InvalidInput` on `kdf` for parameters out of bounds (the caller's, not a key file's).
    pub(crate) fn new(key: &StoreKey, params: &KdfParams) -> Result<Self> {
        if let StoreKey::Passphrase { .. } = key {
            check_kdf(params)?;
        }
        Ok(match key {
            StoreKey::Raw { .. } => Self::Raw,
            StoreKey::Passphrase { .. } => {
                let mut salt = [0u8; SALT_BYTES];
                fill_random(&mut salt)?;
                Self::Argon2id {
                    salt: Base64::encode_string(&salt),
                    memory_kib: params.memory_kib,
                    iterations: params.iterations,
                    parallelism: params.parallelism,
                }
            }
        })
    }

    /// The KEK `key` gives under this record; `InvalidKey` when `key` is of the other kind.
    pub(crate) fn derive(&self, key: &StoreKey) -> Result<SecretKey> {
        match (self, key) {
            (Self::Raw, StoreKey::Raw { bytes }) => {
                SecretKey::from_slice(bytes).ok_or_else(|| Error::invalid("key", "a raw key is exactly 32 bytes"))
            }
            (Self::Argon2id { salt, memory_kib, iterations, parallelism }, StoreKey::Passphrase { passphrase }) => {
                let salt = Base64::decode_vec(salt)
                    .map_err(|_| Error::InvalidKey("the key file is damaged: its salt".into()))?;
                let params = KdfParams { memory_kib: *memory_kib, iterations: *iterations, parallelism: *parallelism };
                // Parameters read from a key file: out of bounds, the file was tampered with.
                check_kdf(&params).map_err(|error| Error::InvalidKey(format!("the key file is damaged: {error}")))?;
                stretch(passphrase, &salt, &params)
            }
            (Self::Raw, StoreKey::Passphrase { .. }) => {
                Err(Error::InvalidKey("the store is sealed with a raw key, not a passphrase".into()))
            }
            (Self::Argon2id { .. }, StoreKey::Raw { .. }) => {
                Err(Error::InvalidKey("the store is sealed with a passphrase, not a raw key".into()))
            }
        }
    }
}

/// Refuses a key no store could take, before any work: a raw key that is not 32 bytes, an
/// empty passphrase.
pub(crate) fn check_key(key: &StoreKey) -> Result<()> {
    match key {
        StoreKey::Raw { bytes } if bytes.len() != KEY_BYTES => {
            Err(Error::invalid("key", format!("a raw key is exactly {KEY_BYTES} bytes, not {}", bytes.len())))
        }
        StoreKey::Passphrase { passphrase } if passphrase.is_empty() => {
            Err(Error::invalid("key", "a passphrase must not be empty"))
        }
        StoreKey::Passphrase { passphrase } if passphrase.len() > PASSPHRASE_MAX_BYTES => {
            Err(Error::invalid("key", format!("a passphrase is at most {PASSPHRASE_MAX_BYTES} bytes")))
        }
        _ => Ok(()),
    }
}

/// Refuses Argon2id parameters past [`crate::limits`]' bounds (or below Argon2's minimums)
/// before they allocate or run: `InvalidInput` on `kdf`.
pub(crate) fn check_kdf(params: &KdfParams) -> Result<()> {
    let KdfParams { memory_kib, iterations, parallelism } = *params;
    let invalid = |reason: String| Err(Error::invalid("kdf", reason));
    if !(1..=KDF_PARALLELISM_MAX).contains(&parallelism) {
        return invalid(format!("parallelism must be 1 to {KDF_PARALLELISM_MAX}, not {parallelism}"));
    }
    if !(1..=KDF_ITERATIONS_MAX).contains(&iterations) {
        return invalid(format!("iterations must be 1 to {KDF_ITERATIONS_MAX}, not {iterations}"));
    }
    let least = 8 * parallelism;
    if !(least..=KDF_MEMORY_MAX_KIB).contains(&memory_kib) {
        return invalid(format!("memory_kib must be {least} to {KDF_MEMORY_MAX_KIB}, not {memory_kib}"));
    }
    Ok(())
}

/// Argon2id of `passphrase` with `salt` and `params`: 32 bytes.
pub(crate) fn stretch(passphrase: &str, salt: &[u8], params: &KdfParams) -> Result<SecretKey> {
    check_kdf(params)?;
    let params = argon2::Params::new(params.memory_kib, params.iterations, params.parallelism, Some(KEY_BYTES))
        .map_err(|error| Error::invalid("kdf", format!("Argon2id cannot use these parameters: {error}")))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut key = Zeroizing::new([0u8; KEY_BYTES]);
    argon
        .hash_password_into(passphrase.as_bytes(), salt, key.as_mut())
        .map_err(|error| Error::invalid("kdf", format!("Argon2id failed: {error}")))?;
    Ok(SecretKey::new(key))
}

/// A key sealed under the KEK, with the id of the key it holds; stored in the key file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct WrappedKey {
    pub(crate) id: String,
    pub(crate) sealed: String,
}

impl WrappedKey {
    /// `key` sealed under `kek` for `purpose` (`data`, `secrets`).
    pub(crate) fn wrap(kek: &SecretKey, key: &SecretKey, purpose: &str) -> Result<Self> {
        let id = key.id();
        let sealed = kek.seal(key.bytes(), &aad(purpose, &id))?;
        Ok(Self { id, sealed: Base64::encode_string(&sealed) })
    }

    /// The key inside, if `kek` opens it; `InvalidKey` when it does not (the wrong KEK, or a
    /// damaged key file).
    pub(crate) fn unwrap_with(&self, kek: &SecretKey, purpose: &str) -> Result<SecretKey> {
        let wrong = || Error::InvalidKey("the key does not open this store".into());
        let sealed = Base64::decode_vec(&self.sealed).map_err(|_| wrong())?;
        let opened = kek.open(&sealed, &aad(purpose, &self.id)).ok_or_else(wrong)?;
        SecretKey::from_slice(&opened).filter(|key| key.id() == self.id).ok_or_else(wrong)
    }
}

/// What a wrapped key is bound to: its purpose and id, so a data key cannot stand in for
/// the secrets key or for another key.
fn aad(purpose: &str, id: &str) -> Vec<u8> {
    format!("unified-store wrapped key v1\0{purpose}\0{id}").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAST: KdfParams = KdfParams { memory_kib: 8, iterations: 1, parallelism: 1 };

    #[test]
    fn a_wrapped_key_opens_only_with_its_kek_and_purpose() {
        let (kek, other, key) =
            (SecretKey::random().unwrap(), SecretKey::random().unwrap(), SecretKey::random().unwrap());
        let wrapped = WrappedKey::wrap(&kek, &key, "data").unwrap();
        assert_eq!(wrapped.unwrap_with(&kek, "data").unwrap().bytes(), key.bytes());
        assert!(matches!(wrapped.unwrap_with(&other, "data"), Err(Error::InvalidKey(_))));
        assert!(matches!(wrapped.unwrap_with(&kek, "secrets"), Err(Error::InvalidKey(_))));
        let mut flipped = wrapped.clone();
        flipped.sealed.replace_range(0..1, if flipped.sealed.starts_with('A') { "B" } else { "A" });
        assert!(matches!(flipped.unwrap_with(&kek, "data"), Err(Error::InvalidKey(_))));
    }

    #[test]
    fn a_passphrase_gives_the_same_kek_with_the_same_record_only() {
        let key = StoreKey::Passphrase { passphrase: "correct horse".into() };
        let record = KekRecord::new(&key, &FAST).unwrap();
        assert_eq!(record.derive(&key).unwrap().bytes(), record.derive(&key).unwrap().bytes());
        let other = KekRecord::new(&key, &FAST).unwrap();
        assert_ne!(record.derive(&key).unwrap().bytes(), other.derive(&key).unwrap().bytes(), "a new salt each time");
        let wrong = StoreKey::Passphrase { passphrase: "correct horsE".into() };
        assert_ne!(record.derive(&key).unwrap().bytes(), record.derive(&wrong).unwrap().bytes());
        assert!(matches!(record.derive(&StoreKey::Raw { bytes: vec![0; 32] }), Err(Error::InvalidKey(_))));
    }

    #[test]
    fn keys_no_store_takes_are_refused() {
        for key in [
            StoreKey::Raw { bytes: vec![1; 31] },
            StoreKey::Raw { bytes: vec![] },
            StoreKey::Passphrase { passphrase: String::new() },
        ] {
            assert!(matches!(check_key(&key), Err(Error::InvalidInput { field: "key", .. })));
        }
        assert!(check_key(&StoreKey::Raw { bytes: vec![7; 32] }).is_ok());
    }
}
