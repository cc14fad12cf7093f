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

    /// A private store in memory, gone when closed.
    pub fn in_memory() -> Self {
        Self { path: None, busy_timeout_ms: default_busy_timeout(), search_timeout_ms: default_search_timeout() }
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
