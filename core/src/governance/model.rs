//! The records of governance: permissions, consent, telemetry and the audit log.

use crate::model::Role;
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

impl ResourceRef {
    /// How errors name it: `thread 0190…`.
    pub fn describe(&self) -> String {
        format!("{} {}", self.kind.as_str(), self.id)
    }
}

use crate::values::sql_enum;

sql_enum!(Action { Read => "read", Write => "write", Delete => "delete", Manage => "manage" });
sql_enum!(ResourceKind { Workspace => "workspace", Project => "project", Thread => "thread" });
sql_enum!(ConsentScope {
    Telemetry => "telemetry",
    CrashReports => "crash_reports",
    ProviderSharing => "provider_sharing",
    ProductResearch => "product_research",
});

// ---------------------------------------------------------------------------------------
// Permissions

/// A grant of extra actions on one resource, to one user or to everyone holding a role on
/// the resource's workspace. Grants only add: there are no deny rules. A grant on a
/// workspace covers its projects and threads; a grant on a project covers its threads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct PermissionSet {
    /// UUIDv7.
    pub id: String,
    /// The user it grants to; exactly one of this and `subject_role` is set.
    pub subject_user_id: Option<String>,
    /// The role it grants to: everyone whose role on the workspace is this one or stronger.
    pub subject_role: Option<Role>,
    /// What it grants on.
    pub resource: ResourceRef,
    /// The workspace of `resource` (the grant goes when the workspace is purged).
    pub workspace_id: String,
    /// The actions granted, without repeats, weakest first.
    pub actions: Vec<Action>,
    /// UTC milliseconds.
    pub created_at: i64,
    /// UTC milliseconds; changes when the actions change.
    pub updated_at: i64,
}

/// What [`crate::Permissions::grant`] needs: exactly one subject, a resource and at least
/// one action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct NewPermissionSet {
    /// A live user to grant to; set this or `subject_role`, not both.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub subject_user_id: Option<String>,
    /// A role to grant to (holders of it or a stronger one); set this or `subject_user_id`.
    #[serde(default)]
    pub subject_role: Option<Role>,
    /// A live workspace, project or thread.
    pub resource: ResourceRef,
    /// At least one action; repeats are dropped.
    pub actions: Vec<Action>,
}

impl NewPermissionSet {
    /// A grant of `actions` on `resource` to user `user_id`.
    pub fn for_user(user_id: impl Into<String>, resource: ResourceRef, actions: Vec<Action>) -> Self {
        Self { subject_user_id: Some(user_id.into()), subject_role: None, resource, actions }
    }

    /// A grant of `actions` on `resource` to everyone holding `role` (or a stronger one) on
    /// its workspace.
    pub fn for_role(role: Role, resource: ResourceRef, actions: Vec<Action>) -> Self {
        Self { subject_user_id: None, subject_role: Some(role), resource, actions }
    }
}

/// Changes to a permission set; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct PermissionSetPatch {
    /// The new actions (replacing the old ones): at least one; repeats are dropped.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub actions: Option<Vec<Action>>,
}

/// Why [`crate::Permissions::explain`] decided as it did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AccessDecision {
    /// Whether the user may do the action.
    pub allowed: bool,
    /// The workspace the resource belongs to.
    pub workspace_id: String,
    /// The user's effective role there (the strongest of owning it, a workspace membership
    /// and a membership of the organization that owns it); `None` for none.
    pub role: Option<Role>,
    /// The permission set that allowed it, when the role alone did not.
    pub permission_set_id: Option<String>,
    /// In words, for logs and support: which rule decided.
    pub reason: String,
}

// ---------------------------------------------------------------------------------------
// Consent

/// What a user may agree to share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum ConsentScope {
    /// Usage events ([`crate::Telemetry`] records only while this is granted).
    Telemetry,
    /// Crash reports.
    CrashReports,
    /// Sending content to AI providers beyond what a request needs (for example, for
    /// training).
    ProviderSharing,
    /// Taking part in product research.
    ProductResearch,
}

/// One consent decision. Decisions are never edited: a new one supersedes the last for its
/// user and scope, and the history is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct DataSharingPolicy {
    /// UUIDv7.
    pub id: String,
    /// Whose decision it is.
    pub user_id: String,
    /// What it is about.
    pub scope: ConsentScope,
    /// Agreed (`true`) or refused or withdrawn (`false`).
    pub granted: bool,
    /// The version of the policy text the user saw, such as `2025-01`.
    pub policy_version: String,
    /// UTC milliseconds: when it was decided.
    pub created_at: i64,
    /// UTC milliseconds (equal to `created_at`: decisions are not edited).
    pub updated_at: i64,
}

/// What [`crate::Consent::set`] needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct NewConsent {
    /// A live user.
    pub user_id: String,
    /// What the decision is about.
    pub scope: ConsentScope,
    /// Agreed or not.
    pub granted: bool,
    /// The policy version the user saw: 1 to [`POLICY_VERSION_MAX`] characters, trimmed.
    pub policy_version: String,
}

/// Longest consent policy version, in characters.
pub const POLICY_VERSION_MAX: usize = crate::schema::rules::SHORT.max;

// ---------------------------------------------------------------------------------------
// Telemetry

/// Largest telemetry `properties` JSON text, in bytes (16 KiB).
pub const TELEMETRY_PROPERTIES_MAX_BYTES: usize = crate::schema::rules::PROPERTIES.max;

/// One recorded telemetry event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct TelemetryEvent {
    /// UUIDv7.
    pub id: String,
    /// Whose event it is.
    pub user_id: String,
    /// The device it happened on, if known (cleared when the device is removed).
    pub device_id: Option<String>,
    /// What happened, such as `thread.opened`.
    pub name: String,
    /// Details: a JSON object, as text.
    pub properties: String,
    /// UTC milliseconds.
    pub created_at: i64,
    /// UTC milliseconds.
    pub updated_at: i64,
}

/// What [`crate::Telemetry::record`] needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct NewTelemetryEvent {
    /// A live user.
    pub user_id: String,
    /// One of that user's devices.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub device_id: Option<String>,
    /// 1 to [`crate::limits::NAME_MAX`] characters, trimmed.
    pub name: String,
    /// A JSON object as text, at most [`TELEMETRY_PROPERTIES_MAX_BYTES`]; `{}` when left out.
    #[serde(default = "empty_object")]
    #[cfg_attr(feature = "uniffi", uniffi(default = "{}"))]
    pub properties: String,
}

fn empty_object() -> String {
    "{}".to_owned()
}

impl NewTelemetryEvent {
    /// An event `name` of user `user_id` with no properties and no device.
    pub fn new(user_id: impl Into<String>, name: impl Into<String>) -> Self {
        Self { user_id: user_id.into(), device_id: None, name: name.into(), properties: empty_object() }
    }
}

/// What became of an event given to [`crate::Telemetry::record`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(tag = "outcome", rename_all = "lowercase")]
pub enum TelemetryOutcome {
    /// The user's telemetry consent is granted: the event was stored.
    Recorded {
        /// The stored event.
        event: TelemetryEvent,
    },
    /// The user has not granted telemetry consent (or withdrew it): nothing was stored, and
    /// the user's drop counter went up by one.
    Dropped {
        /// How many events of this user have been dropped so far, this one included.
        #[serde(rename = "droppedTotal")]
        dropped_total: u64,
    },
}

// ---------------------------------------------------------------------------------------
// Audit log

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    /// Its position in the chain: 1 for the first entry, never reused.
    pub seq: i64,
    /// UUIDv7.
    pub id: String,
    /// Who did it (the user the store acted as); `None` for the device owner.
    pub actor_user_id: Option<String>,
    /// What was done, such as `workspace.delete`.
    pub action: String,
    /// The kind of record it was done to, such as `workspace`.
    pub entity: String,
    /// That record's id.
    pub entity_id: String,
    /// Small details as JSON text (never secrets or message content).
    pub details: String,
    /// UTC milliseconds.
    pub created_at: i64,
    /// The previous entry's `hash`; 64 zeros for the first.
    pub prev_hash: String,
    /// SHA-256 (lowercase hex) over this entry's fields and `prev_hash`.
    pub hash: String,
}

/// Which entries [`crate::AuditLog::list`] returns; every field left `None` matches all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct AuditFilter {
    /// Only entries about this kind of record, such as `workspace`.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub entity: Option<String>,
    /// Only entries about the record with this id.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub entity_id: Option<String>,
    /// Only entries by this user.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub actor_user_id: Option<String>,
}

/// How the chain is broken at an [`AuditBreak`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum AuditBreakReason {
    /// The entry's stored hash does not match its content: it was edited.
    Edited,
    /// Entries are missing at this position (a gap in `seq`, or the newest entries are gone).
    Removed,
    /// The entry links to an entry that is elsewhere in the log: entries were moved.
    Reordered,
    /// The entry links to no entry of the log, with no gap before it: the entry before it
    /// was replaced by one with a recomputed hash, or entries were removed and the rest
    /// renumbered, or entries were written around the store.
    BrokenLink,
}

/// The first place where the audit chain does not hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AuditBreak {
    /// The position: the `seq` of the altered entry, or of the first missing one.
    pub seq: i64,
    /// The id of the entry at `seq`; `None` when it was removed.
    pub entry_id: Option<String>,
    /// What is wrong there.
    pub reason: AuditBreakReason,
    /// In words, for logs.
    pub detail: String,
}

/// The result of [`crate::AuditLog::verify`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AuditVerification {
    /// How many entries were read.
    pub entries_checked: u64,
    /// Whether the whole chain holds, up to the head the store keeps.
    pub intact: bool,
    /// The first break, when it does not.
    pub first_break: Option<AuditBreak>,
    /// The hash of the newest entry (`None` for an empty log): keep it somewhere else to
    /// detect a later rewrite of the whole log.
    pub head_hash: Option<String>,
}
