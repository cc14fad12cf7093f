//! The records of semantic search: embeddings, the queries over them and their hits.

use serde::{Deserialize, Serialize};

/// What an embedding was made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum OwnerKind {
    /// A message's content.
    Message,
    /// A document's title and body.
    Document,
    /// An attachment's bytes (identified by their SHA-256).
    Attachment,
}

crate::values::sql_enum!(OwnerKind { Message => "message", Document => "document", Attachment => "attachment" });

/// How an index holds its vectors in memory.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum VectorPrecision {
    /// 32-bit floats, 4 bytes per dimension.
    #[default]
    F32,
    /// 8-bit integers with a scale per vector, about a quarter of the memory; the best
    /// candidates are scored again with the stored 32-bit vectors, so scores stay exact.
    Int8,
}

crate::values::sql_enum!(VectorPrecision { F32 => "f32", Int8 => "int8" });

/// An embedding vector: 32-bit floats, kept as their little-endian bytes (how the store
/// holds them and how they cross UniFFI: one copy of bytes, not a list of numbers). In JSON
/// it is a list of numbers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Vector {
    bytes: Vec<u8>,
}

impl Vector {
    /// The vector of `values`.
    pub fn new(values: &[f32]) -> Self {
        Self { bytes: values.iter().flat_map(|value| value.to_le_bytes()).collect() }
    }

    /// The vector whose little-endian bytes are `bytes` (checked when it is used: a length
    /// that is not a multiple of 4 is `InvalidInput` there).
    pub fn from_le_bytes(bytes: Vec<u8>) -> Self {
        Self { bytes }
    }

    /// Its little-endian bytes.
    pub fn as_le_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Its values (a trailing partial value is left out).
    pub fn to_vec(&self) -> Vec<f32> {
        self.bytes.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect()
    }

    /// Its number of values, when its bytes hold whole values.
    pub fn dimensions(&self) -> Option<usize> {
        self.bytes.len().is_multiple_of(4).then_some(self.bytes.len() / 4)
    }
}

impl From<Vec<f32>> for Vector {
    fn from(values: Vec<f32>) -> Self {
        Self::new(&values)
    }
}

impl From<&[f32]> for Vector {
    fn from(values: &[f32]) -> Self {
        Self::new(values)
    }
}

impl<const N: usize> From<[f32; N]> for Vector {
    fn from(values: [f32; N]) -> Self {
        Self::new(&values)
    }
}

impl Serialize for Vector {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.to_vec())
    }
}

impl<'de> Deserialize<'de> for Vector {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<f32>::deserialize(deserializer).map(Self::from)
    }
}

// Across UniFFI a vector is its bytes: a `ByteArray`, `Data` or `bytes`, with helpers to and
// from `FloatArray`, `[Float]` and Python floats in each platform package.
#[cfg(feature = "uniffi")]
uniffi::custom_type!(Vector, Vec<u8>, {
    lower: |vector| vector.bytes,
    try_lift: |bytes| Ok(Vector::from_le_bytes(bytes)),
});

impl rusqlite::ToSql for Vector {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(rusqlite::types::ToSqlOutput::Borrowed(rusqlite::types::ValueRef::Blob(&self.bytes)))
    }
}

impl rusqlite::types::FromSql for Vector {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        Ok(Self::from_le_bytes(value.as_blob()?.to_vec()))
    }
}

crate::schema::stored::stored_as_sql!(Vector);

/// A vector to store for an owner, replacing the one it has in the same collection and
/// model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct NewEmbedding {
    /// What it was made from.
    pub owner_kind: OwnerKind,
    /// The message, document or attachment.
    pub owner_id: String,
    /// The collection it belongs to (`messages`, `documents`…): a key of 1 to 200 characters.
    pub collection: String,
    /// The model that made it (`text-embedding-3-small`, `all-MiniLM-L6-v2`…): vectors of
    /// different models are never compared.
    pub model: String,
    /// 1 to [`crate::limits::VECTOR_DIMENSIONS_MAX`] finite values, not all zero; every
    /// vector of a collection and model has the same number.
    pub vector: Vector,
}

impl NewEmbedding {
    /// The vector `vector` of `owner` in `collection`, made by `model`.
    pub fn new(
        owner_kind: OwnerKind,
        owner_id: impl Into<String>,
        collection: impl Into<String>,
        model: impl Into<String>,
        vector: impl Into<Vector>,
    ) -> Self {
        Self {
            owner_kind,
            owner_id: owner_id.into(),
            collection: collection.into(),
            model: model.into(),
            vector: vector.into(),
        }
    }
}

/// A stored vector and what it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Embedding {
    /// UUIDv7.
    pub id: String,
    /// What it was made from.
    pub owner_kind: OwnerKind,
    /// The message, document or attachment.
    pub owner_id: String,
    /// Its collection.
    pub collection: String,
    /// The model that made it.
    pub model: String,
    /// How many values the vector has.
    pub dimensions: u32,
    /// The vector as it was given (not normalised).
    pub vector: Vector,
    /// SHA-256 (hex) of what the owner held when the vector was stored: a message's content,
    /// a document's title and body, an attachment's bytes. When the owner changes, the vector
    /// is stale ([`crate::Embeddings::missing`] lists it).
    pub content_hash: String,
    /// The owner's workspace.
    pub workspace_id: String,
    /// The owner's project, if any.
    pub project_id: Option<String>,
    /// The owner's thread (messages and attachments).
    pub thread_id: Option<String>,
    /// When the owner was created (UTC ms): what a search's time range looks at.
    pub owner_created_at: i64,
    /// UTC ms.
    pub created_at: i64,
    /// UTC ms.
    pub updated_at: i64,
}

/// Which owners a vector search may return. Every field narrows it; none: every live owner.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct VectorFilter {
    /// Only owners in this workspace.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub workspace_id: Option<String>,
    /// Only owners in this project.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub project_id: Option<String>,
    /// Only messages (and their attachments) of this thread.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub thread_id: Option<String>,
    /// Only owners of this kind.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub owner_kind: Option<OwnerKind>,
    /// Only owners created at or after this time (UTC ms).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub created_from: Option<i64>,
    /// Only owners created before this time (UTC ms).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub created_until: Option<i64>,
}

/// A search by meaning: the `k` stored vectors nearest to `vector` (cosine similarity) in one
/// collection and model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct VectorQuery {
    /// The collection searched.
    pub collection: String,
    /// The model the query vector was made by; only its vectors are compared.
    pub model: String,
    /// The query vector, as many values as the collection's.
    pub vector: Vector,
    /// How many hits at most, 1 to [`crate::limits::VECTOR_K_MAX`].
    pub k: u32,
    /// Which owners may be returned.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub filter: VectorFilter,
    /// Hits scoring below this (cosine similarity, −1 to 1) are left out.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub min_score: Option<f32>,
}

impl VectorQuery {
    /// The `k` vectors of `collection` and `model` nearest to `vector`.
    pub fn new(collection: impl Into<String>, model: impl Into<String>, vector: impl Into<Vector>, k: u32) -> Self {
        Self {
            collection: collection.into(),
            model: model.into(),
            vector: vector.into(),
            k,
            filter: VectorFilter::default(),
            min_score: None,
        }
    }
}

/// One hit of a vector search, best first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct VectorHit {
    /// What the vector was made from.
    pub owner_kind: OwnerKind,
    /// The message, document or attachment.
    pub owner_id: String,
    /// Cosine similarity to the query, −1 to 1: higher is nearer.
    pub score: f32,
    /// The owner's workspace.
    pub workspace_id: String,
    /// The owner's thread, if it has one.
    pub thread_id: Option<String>,
}

/// Words and a vector searched together: full-text (BM25) and vector hits under the same
/// filter, fused by reciprocal rank.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct HybridQuery {
    /// Words, read as [`crate::SearchQuery::words`] reads them.
    pub text: String,
    /// The vector side, whose `k`, `filter` and `min_score` apply to the whole search.
    pub vector: VectorQuery,
}

/// One hit of a hybrid search, best first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct HybridHit {
    /// A message, document or attachment.
    pub owner_kind: OwnerKind,
    /// Its id.
    pub owner_id: String,
    /// Reciprocal rank fusion: the sum of 1 / (60 + rank) over the lists it is in.
    pub score: f64,
    /// Its rank (1 = best) among the full-text hits, if it is one.
    pub text_rank: Option<u32>,
    /// Its rank among the vector hits, if it is one.
    pub vector_rank: Option<u32>,
    /// Its cosine similarity, if it is a vector hit.
    pub vector_score: Option<f32>,
}

/// How one collection and model's index keeps its vectors.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct IndexSettings {
    /// 32-bit floats, or 8-bit integers for about a quarter of the memory.
    pub precision: VectorPrecision,
    /// Most memory the index may take, in bytes: storing a vector that would take it past
    /// this is refused (`InvalidInput`). `None`: no limit.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub memory_budget_bytes: Option<u64>,
}

/// A collection and model: its vectors and their index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CollectionInfo {
    /// The collection.
    pub collection: String,
    /// The model.
    pub model: String,
    /// How many values each vector has.
    pub dimensions: u32,
    /// How many vectors are stored.
    pub count: u64,
    /// How its index is kept.
    pub settings: IndexSettings,
    /// Memory the index takes now, in bytes; 0 until a search loads it.
    pub memory_bytes: u64,
    /// Vectors placed in the index's search graph; the others (the newest) are compared one
    /// by one until maintenance places them. 0 until a search loads the index.
    pub graph_vectors: u64,
    /// Memory it takes once loaded, estimated from the count, in bytes.
    pub estimated_memory_bytes: u64,
}

/// An owner that needs a vector of a model: it has none, or its content changed since.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct MissingEmbedding {
    /// A message, document or attachment.
    pub owner_kind: OwnerKind,
    /// Its id: the cursor of the next page (`PageRequest::after`).
    pub owner_id: String,
    /// Its workspace.
    pub workspace_id: String,
    /// `true` when it has a vector of the model made from content it no longer holds.
    pub stale: bool,
}
