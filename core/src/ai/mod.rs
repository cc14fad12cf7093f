//! AI providers: configurations, the ledger of AI calls with cost queries, orchestration flows.
//! The checks shared by the three live here.

pub(crate) mod flows;
pub(crate) mod interactions;
pub mod model;
pub(crate) mod providers;
pub(crate) mod secrets;

use crate::error::Result;
use crate::schema::Column;

/// Error text of a call or a step, checked by `column`'s rule: trimmed, and empty means none.
pub(crate) fn error_text(column: &Column, value: Option<&str>) -> Result<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => column.text(text).map(Some),
    }
}
