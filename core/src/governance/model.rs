//! The records of governance: permissions, consent, telemetry and the audit log.

use serde::{Deserialize, Serialize};

/// Something a user may be allowed to do to a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// See it and what is in it.
    Read,
    /// Create and change what is in it.
    Write,
    /// Delete it or what is in it.
    Delete,
    /// Change its members, permissions and settings.
    Manage,
}

/// The kinds of resource permissions are granted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum ResourceKind {
    /// A workspace and everything in it.
    Workspace,
    /// A project and its threads and documents.
    Project,
    /// One thread and its messages.
    Thread,
}

/// One resource: its kind and id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ResourceRef {
    /// What kind of resource `id` names.
    pub kind: ResourceKind,
    /// Its id.
    pub id: String,
}

impl ResourceRef {
    /// Workspace `id`.
    pub fn workspace(id: impl Into<String>) -> Self {
        Self { kind: ResourceKind::Workspace, id: id.into() }
    }

    /// Project `id`.
    pub fn project(id: impl Into<String>) -> Self {
        Self { kind: ResourceKind::Project, id: id.into() }
    }

    /// Thread `id`.
    pub fn thread(id: impl Into<String>) -> Self {
        Self { kind: ResourceKind::Thread, id: id.into() }
    }
}
