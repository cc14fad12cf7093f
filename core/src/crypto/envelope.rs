//! The envelope a secret field is sealed in (a provider's API key, its tokens): AES-256-GCM
//! under the store's secrets key, bound to the table, column and row it belongs to, so a
//! sealed value copied onto another row, column or store does not open.
//!
//! Layout, version 1: `[1] [key id: 8 bytes] [nonce: 12 bytes] [ciphertext] [tag: 16 bytes]`.
//! The associated data is `unified-store secret v1\0`, the header (version and key id), then the
//! table, column and row id, each preceded by its length as 4 big-endian bytes: every byte
//! outside the ciphertext is authenticated too.

use crate::crypto::keys::SecretKey;
use zeroize::Zeroizing;

const VERSION: u8 = 1;
const KEY_ID_BYTES: usize = 8;
/// The smallest envelope: version, key id, nonce and tag around an empty secret.
pub(crate) const MIN_BYTES: usize = 1 + KEY_ID_BYTES + 12 + 16;

/// Where a sealed value lives; what its envelope is bound to.
pub(crate) struct Place<'a> {
    pub(crate) table: &'a str,
    pub(crate) column: &'a str,
    pub(crate) row_id: &'a str,
}

/// Why an envelope did not open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Unsealed {
    /// Shorter than any envelope.
    Truncated,
    /// A version this build does not know.
    UnknownVersion(u8),
    /// Sealed under a key this store does not hold.
    UnknownKey(String),
    /// It does not authenticate: tampered, or sealed for another place.
    Forged,
}

impl std::fmt::Display for Unsealed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Truncated => f.write_str("the sealed value is truncated"),
            Self::UnknownVersion(version) => write!(f, "the sealed value has envelope version {version}, unknown here"),
            Self::UnknownKey(id) => {
                write!(f, "the sealed value was sealed under key {id}, which this store does not hold")
            }
            Self::Forged => {
                f.write_str("the sealed value does not authenticate (altered, or sealed for another place)")
            }
        }
    }
}

/// `secret` sealed under `key` for `place`.
pub(crate) fn seal(key: &SecretKey, secret: &[u8], place: &Place) -> crate::error::Result<Vec<u8>> {
    let mut header = [VERSION; 1 + KEY_ID_BYTES];
    header[1..].copy_from_slice(&key.id_bytes());
    key.seal_after(&header, secret, &aad(&header, place))
}

/// The secret in `envelope`, opened with whichever of `keys` sealed it, if it was sealed
/// for `place`.
pub(crate) fn open(keys: &[SecretKey], envelope: &[u8], place: &Place) -> Result<Zeroizing<Vec<u8>>, Unsealed> {
    if envelope.len() < MIN_BYTES {
        return Err(Unsealed::Truncated);
    }
    let (header, sealed) = envelope.split_at(1 + KEY_ID_BYTES);
    let (version, id) = header.split_at(1);
    if version[0] != VERSION {
        return Err(Unsealed::UnknownVersion(version[0]));
    }
    let key = keys.iter().find(|key| key.id_bytes() == id).ok_or_else(|| Unsealed::UnknownKey(hex(id)))?;
    key.open(sealed, &aad(header, place)).ok_or(Unsealed::Forged)
}

/// Sealing and opening exactly as a store does, for measurements in other crates
/// (core/benches/encryption.rs; feature `test-hooks`, never in a shipped build).
#[cfg(feature = "test-hooks")]
#[doc(hidden)]
pub struct EnvelopeForMeasurement(SecretKey);

#[cfg(feature = "test-hooks")]
impl EnvelopeForMeasurement {
    /// Seals and opens under `key`, if it is 32 bytes.
    pub fn new(key: &[u8]) -> Option<Self> {
        SecretKey::from_slice(key).map(Self)
    }

    /// [`seal`] for the given place.
    pub fn seal(&self, secret: &[u8], table: &str, column: &str, row_id: &str) -> Result<Vec<u8>, crate::StoreError> {
        Ok(seal(&self.0, secret, &Place { table, column, row_id })?)
    }

    /// [`open`] for the given place; why it did not open, in words.
    pub fn open(&self, envelope: &[u8], table: &str, column: &str, row_id: &str) -> Result<Zeroizing<Vec<u8>>, String> {
        open(std::slice::from_ref(&self.0), envelope, &Place { table, column, row_id }).map_err(|why| why.to_string())
    }
}

use crate::values::hex;

fn aad(header: &[u8], place: &Place) -> Vec<u8> {
    let mut aad = b"unified-store secret v1\0".to_vec();
    aad.extend_from_slice(header);
    for part in [place.table, place.column, place.row_id] {
        aad.extend_from_slice(&(part.len() as u32).to_be_bytes());
        aad.extend_from_slice(part.as_bytes());
    }
    aad
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(row_id: &str) -> Place<'_> {
        Place { table: "ai_provider_configs", column: "api_key", row_id }
    }

    #[test]
    fn a_sealed_secret_opens_only_in_its_place_and_whole() {
        let key = SecretKey::random().unwrap();
        let sealed = seal(&key, b"sk-live-123", &place("row-1")).unwrap();
        assert_eq!(open(std::slice::from_ref(&key), &sealed, &place("row-1")).unwrap().as_slice(), b"sk-live-123");
        assert_eq!(
            open(std::slice::from_ref(&key), &sealed, &place("row-2")),
            Err(Unsealed::Forged),
            "copied to another row"
        );
        let other_column = Place { column: "refresh_token", ..place("row-1") };
        assert_eq!(open(std::slice::from_ref(&key), &sealed, &other_column), Err(Unsealed::Forged));
        for index in 0..sealed.len() {
            let mut flipped = sealed.clone();
            flipped[index] ^= 0x01;
            assert!(open(std::slice::from_ref(&key), &flipped, &place("row-1")).is_err(), "bit flip at {index}");
        }
        assert_eq!(
            open(std::slice::from_ref(&key), &sealed[..MIN_BYTES - 1], &place("row-1")),
            Err(Unsealed::Truncated)
        );
        let mut future = sealed.clone();
        future[0] = 2;
        assert_eq!(open(std::slice::from_ref(&key), &future, &place("row-1")), Err(Unsealed::UnknownVersion(2)));
        let stranger = SecretKey::random().unwrap();
        assert!(matches!(open(&[stranger], &sealed, &place("row-1")), Err(Unsealed::UnknownKey(_))));
    }

    #[test]
    fn each_seal_has_its_own_nonce() {
        let key = SecretKey::random().unwrap();
        assert_ne!(seal(&key, b"same", &place("r")).unwrap(), seal(&key, b"same", &place("r")).unwrap());
    }
}
