//! What an export reports.

use serde::{Deserialize, Serialize};

/// How many rows of one table an export holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ExportedTable {
    /// The table, as in `tables/<table>.json`.
    pub table: String,
    /// Rows written.
    pub rows: u64,
}

/// What [`crate::Users::export_user_data`] wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct DataExport {
    /// The archive (a zip; layout in docs/data-model.md, "Export").
    pub path: String,
    /// Every table exported, in the order an import reads them (parents first).
    pub tables: Vec<ExportedTable>,
    /// Attachment files included, decrypted.
    pub attachment_files: u64,
    /// The archive's size.
    pub bytes: u64,
}

/// How many rows of one table an erasure removed, cascades included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ErasedTable {
    /// The table.
    pub table: String,
    /// Rows removed.
    pub rows: u64,
}

/// What [`crate::Users::erase_user_data`] removed and kept (docs/data-model.md, "Erasure").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Erasure {
    /// The tables rows were removed from, and how many, in declaration order.
    pub tables: Vec<ErasedTable>,
    /// Workspaces the user owned that other members shared: handed to one of them (admins
    /// first, then members, then viewers, the longest-standing first), not deleted.
    pub workspaces_handed_over: Vec<String>,
    /// The user row, with no personal data, that now holds the user's subscription plans
    /// and invoices (kept for legal retention); none when they had none.
    pub pseudonym_user_id: Option<String>,
    /// Audit entries whose details were replaced by `{"erased":true}`.
    pub audit_entries_erased: u64,
    /// Audit entries about the user whose details could not be erased: written before
    /// schema version 13 in a log whose chain was already broken (never re-chained).
    pub audit_entries_kept: u64,
    /// Attachment files removed (those another user's attachments share are kept).
    pub attachment_files_removed: u64,
    /// Whether the write-ahead log was emptied; not while another connection reads.
    pub wal_truncated: bool,
    /// Whether the file was rewritten to drop its free pages.
    pub vacuumed: bool,
}
