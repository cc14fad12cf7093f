//! The records that cross every binding. Each derives serde (for wasm) and, behind the
//! `uniffi` feature, the UniFFI traits (for Swift, Kotlin and Python), and behind the `wasm`
//! feature, TypeScript declarations (tsify), so none is redefined.

use serde::{Deserialize, Serialize};

/// One page of a list. Lists are newest first; to get the next page, pass the id of the
/// last item of this one as `after`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct PageRequest {
    /// How many items at most, 1 to [`crate::limits::PAGE_MAX`].
    #[cfg_attr(feature = "uniffi", uniffi(default = 50))]
    pub limit: u32,
    /// The id of the last item of the previous page; `None` for the first page.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub after: Option<String>,
}

impl Default for PageRequest {
    fn default() -> Self {
        Self { limit: 50, after: None }
    }
}

impl PageRequest {
    /// The first page of `limit` items.
    pub fn first(limit: u32) -> Self {
        Self { limit, after: None }
    }
}

/// Where a store lives and how it is opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct StoreConfig {
    /// A file path (in the browser, a path in the origin's private file system);
    /// `None` for a private in-memory store.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub path: Option<String>,
    /// How long a write waits for another connection's lock before failing.
    #[serde(default = "default_busy_timeout")]
    #[cfg_attr(feature = "uniffi", uniffi(default = 5000))]
    pub busy_timeout_ms: u32,
    /// How long one search may run before it is stopped with `InvalidInput` on `query`;
    /// 0 for no limit. A search that long holds a connection every other call may need.
    #[serde(default = "default_search_timeout")]
    #[cfg_attr(feature = "uniffi", uniffi(default = 1000))]
    pub search_timeout_ms: u32,
    /// Page cache of each connection, in MiB (1 to [`crate::limits::CACHE_MIB_MAX`]), filled
    /// only as pages are read. An encrypted store decrypts a page each time it enters the
    /// cache, so a cache that holds a search's working set makes search as fast as on a
    /// plaintext store (docs/benchmarks.md, "Encryption at rest"); a file store has up to
    /// three connections.
    #[serde(default = "default_cache_mib")]
    #[cfg_attr(feature = "uniffi", uniffi(default = 16))]
    pub cache_mib: u32,
    /// The key that opens an encrypted store (see [`StoreKey`]); `None` for a store that is
    /// not encrypted. A new file opened with a key is created encrypted, with its key file
    /// beside it (`<path>-keys`); copying a store means copying both files.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    #[cfg_attr(feature = "wasm", tsify(type = "Uint8Array | string"))]
    pub key: Option<StoreKey>,
    /// How a passphrase is stretched when a store is given one (created encrypted, or its
    /// key changed); `None` for [`KdfParams::DEFAULT`]. The parameters are kept in the key
    /// file, so a store opens with those it was given.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub kdf: Option<KdfParams>,
    /// What a commit survives; `None` for [`Durability::Normal`].
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub durability: Option<Durability>,
}

/// What a committed write survives (SQLite's `synchronous` setting). Both survive the app
/// being killed; they differ on power loss or an OS crash (docs/decisions.md, "Durability",
/// measures the cost).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum Durability {
    /// Writes are synced to storage at checkpoints, not at every commit: a power loss can
    /// drop the last commits (never corrupt the store). The default, as on most phones' apps.
    #[default]
    Normal,
    /// Every commit is synced to storage before it returns: a power loss drops nothing that
    /// was committed. Each commit waits for the storage device.
    Full,
}

/// The key-encryption key an app gives for an encrypted store. The store's data is sealed
/// with a random key of its own, kept in its key file wrapped by this one, so changing this
/// key rewrites nothing but that file.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum StoreKey {
    /// 32 random bytes the app keeps safe (the iOS Keychain, the Android Keystore, the
    /// browser app's own storage).
    Raw {
        /// Exactly 32 bytes.
        bytes: Vec<u8>,
    },
    /// A passphrase a person types, stretched with Argon2id.
    Passphrase {
        /// Not empty.
        passphrase: String,
    },
}

// A key never shows itself in logs.
impl std::fmt::Debug for StoreKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Raw { bytes } => write!(f, "StoreKey::Raw({} bytes)", bytes.len()),
            Self::Passphrase { .. } => f.write_str("StoreKey::Passphrase(…)"),
        }
    }
}

// In JavaScript a key is a `Uint8Array` of 32 bytes (or an array of numbers) or a passphrase
// string; it is never written out.
impl Serialize for StoreKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str("[redacted]")
    }
}

impl<'de> Deserialize<'de> for StoreKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = StoreKey;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("32 bytes or a passphrase")
            }

            fn visit_str<E: serde::de::Error>(self, passphrase: &str) -> Result<StoreKey, E> {
                Ok(StoreKey::Passphrase { passphrase: passphrase.to_owned() })
            }

            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<StoreKey, E> {
                Ok(StoreKey::Raw { bytes: bytes.to_vec() })
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<StoreKey, A::Error> {
                let mut bytes = Vec::new();
                while let Some(byte) = seq.next_element::<u8>()? {
                    bytes.push(byte);
                }
                Ok(StoreKey::Raw { bytes })
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// Argon2id parameters for stretching a passphrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct KdfParams {
    /// Memory, in KiB.
    pub memory_kib: u32,
    /// Passes over the memory.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl KdfParams {
    /// OWASP's recommendation for Argon2id (19 MiB, 2 passes, 1 lane): a fraction of a second
    /// on a phone.
    pub const DEFAULT: Self = Self { memory_kib: 19 * 1024, iterations: 2, parallelism: 1 };
    /// For tests only: Argon2id's minimum, which guards nothing.
    pub const INSECURE_FOR_TESTS: Self = Self { memory_kib: 8, iterations: 1, parallelism: 1 };
}

fn default_cache_mib() -> u32 {
    16
}

fn default_busy_timeout() -> u32 {
    5000
}

fn default_search_timeout() -> u32 {
    1000
}

impl StoreConfig {
    /// A store in the file at `path`, created if missing.
    pub fn file(path: impl Into<String>) -> Self {
        Self { path: Some(path.into()), ..Self::in_memory() }
    }

    /// An encrypted store in the file at `path`, opened (or created) with `key`.
    pub fn encrypted(path: impl Into<String>, key: StoreKey) -> Self {
        Self { key: Some(key), ..Self::file(path) }
    }

    /// A private store in memory, gone when closed.
    pub fn in_memory() -> Self {
        Self {
            path: None,
            busy_timeout_ms: default_busy_timeout(),
            search_timeout_ms: default_search_timeout(),
            cache_mib: default_cache_mib(),
            key: None,
            kdf: None,
            durability: None,
        }
    }
}

/// A member's role in an organization or a workspace, weakest last. What each may do is
/// decided in one place, `governance::permissions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Full control, including deleting the organization or workspace.
    Owner,
    /// Manages members and permissions.
    Admin,
    /// Reads and writes content.
    Member,
    /// Reads only.
    Viewer,
}

crate::values::sql_enum!(Role { Owner => "owner", Admin => "admin", Member => "member", Viewer => "viewer" });
