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
