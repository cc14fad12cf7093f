//! Embeddings and semantic search: the `embeddings` rows (`embeddings.rs`), an in-memory
//! index per collection and model over them (`index/`, kept by `indexes.rs`), and vector and
//! hybrid search (`search.rs`).

mod checks;
pub(crate) mod embeddings;
pub(crate) mod index;
pub(crate) mod indexes;
pub(crate) mod model;
mod owner;
mod search;

use crate::vectors::index::Key;

/// `keys` as a JSON array, for `IN (SELECT value FROM json_each(?))`: one statement for any
/// number of keys.
pub(crate) fn json_keys(keys: &[Key]) -> String {
    let mut json = String::with_capacity(keys.len() * 8 + 2);
    json.push('[');
    for (i, key) in keys.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push_str(&key.to_string());
    }
    json.push(']');
    json
}
